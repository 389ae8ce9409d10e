//! The registry against the engine's sources: every code a source file makes a diagnostic with
//! is registered for that file's stage, and every registered code is made somewhere.

use super::*;
use crate::lint::CHECKS;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The calls that make a diagnostic, with the position of the code among their arguments.
const EMITTERS: [(&str, usize); 9] = [
    ("Diagnostic::error(", 0),
    ("Diagnostic::new(", 2),
    // The policy reader's.
    ("self.error(", 0),
    // The scenario reader's.
    (".problem(", 2),
    (".problem_with_help(", 2),
    // The linter's.
    ("finding(", 1),
    // The importers'.
    ("ImportProblem::error(", 3),
    ("unplaced(", 0),
    ("placed(", 1),
];

/// Codes passed on rather than written, by file: the emitters' own parameters, and IAM's error
/// codes (read from `IamError::code` instead).
const PASSED_ON: [(&str, &str); 9] = [
    ("iam.rs", "self.code()"),
    ("import/terraform.rs", "code"),
    ("import/aws_cli.rs", "code"),
    ("import.rs", "code"),
    ("import/scenario_out.rs", "code"),
    ("import/scenario_out.rs", "diagnostic.code"),
    ("lint.rs", "code"),
    ("policy/read.rs", "code"),
    ("scenario/read.rs", "code"),
];

/// The stage whose diagnostics a source file makes, by its path under `src`.
fn stage_of_file(path: &str) -> Option<Stage> {
    let module = path.split(['/', '.']).next().unwrap_or(path);
    Some(match module {
        "json" => Stage::Json,
        "policy" => Stage::Policy,
        "compile" => Stage::Compile,
        "lint" => Stage::Lint,
        "scenario" => Stage::Scenario,
        "iam" => Stage::Iam,
        "import" => Stage::Import,
        _ => return None,
    })
}

/// A code argument as written: a string literal, or an expression passing one on.
#[derive(Debug, PartialEq, Eq)]
enum Written {
    Literal(String),
    PassedOn(String),
}

/// The source with comments blanked, string literals blanked inside their quotes, and test
/// modules cut, as characters (one for each of the source's), with each literal's text by the
/// position of its opening quote.
fn mask(source: &str) -> (Vec<char>, BTreeMap<usize, String>) {
    let chars: Vec<char> = source.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut out = chars.clone();
    let mut literals = BTreeMap::new();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for c in out.iter_mut().take(to).skip(from) {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = at(i);
        let ident_before = i > 0 && (at(i - 1).is_alphanumeric() || at(i - 1) == '_');
        if c == '/' && at(i + 1) == '/' {
            let end = (i..chars.len())
                .find(|&j| at(j) == '\n')
                .unwrap_or(chars.len());
            blank(&mut out, i, end);
            i = end;
        } else if c == '/' && at(i + 1) == '*' {
            let end = (i + 2..chars.len())
                .find(|&j| at(j) == '*' && at(j + 1) == '/')
                .map_or(chars.len(), |j| j + 2);
            blank(&mut out, i, end);
            i = end;
        } else if c == 'r' && !ident_before && matches!(at(i + 1), '"' | '#') {
            let hashes = (i + 1..chars.len()).take_while(|&j| at(j) == '#').count();
            let open = i + 1 + hashes;
            let close: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            let end = (open + 1..chars.len())
                .find(|&j| {
                    chars[j..]
                        .iter()
                        .take(close.len())
                        .copied()
                        .eq(close.chars())
                })
                .unwrap_or(chars.len());
            literals.insert(open, chars[open + 1..end].iter().collect());
            blank(&mut out, open + 1, end);
            i = end + close.len();
        } else if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && at(j) != '"' {
                j += if at(j) == '\\' { 2 } else { 1 };
            }
            literals.insert(i, chars[i + 1..j.min(chars.len())].iter().collect());
            blank(&mut out, i + 1, j);
            i = j + 1;
        } else if c == '\'' && at(i + 1) == '\\' {
            let end = (i + 3..chars.len())
                .find(|&j| at(j) == '\'')
                .map_or(chars.len(), |j| j + 1);
            blank(&mut out, i, end);
            i = end;
        } else if c == '\'' && at(i + 2) == '\'' {
            blank(&mut out, i, i + 3);
            i += 3;
        } else {
            i += 1;
        }
    }
    if let Some(&cut) = positions(&out, "#[cfg(test)]\nmod tests {").first() {
        out.truncate(cut);
    }
    (out, literals)
}

/// Where `needle` starts in `code`, as character positions.
fn positions(code: &[char], needle: &str) -> Vec<usize> {
    let needle: Vec<char> = needle.chars().collect();
    code.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle.as_slice())
        .map(|(i, _)| i)
        .collect()
}

/// The arguments of the call whose `(` is at `open`, as the char ranges between its top-level
/// commas, trimmed.
fn arguments(code: &[char], open: usize) -> Vec<(usize, usize)> {
    let mut args = Vec::new();
    let mut depth = 0;
    let mut start = open + 1;
    for (j, &c) in code.iter().enumerate().skip(open) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    args.push((start, j));
                    break;
                }
            }
            ',' if depth == 1 => {
                args.push((start, j));
                start = j + 1;
            }
            _ => {}
        }
    }
    let trim = |(mut a, mut b): (usize, usize)| {
        while a < b && code[a].is_whitespace() {
            a += 1;
        }
        while b > a && code[b - 1].is_whitespace() {
            b -= 1;
        }
        (a, b)
    };
    args.into_iter().map(trim).filter(|(a, b)| a < b).collect()
}

/// Every code argument of an emitter call in `source`.
fn scan(source: &str) -> Vec<Written> {
    let (code, literals) = mask(source);
    let mut found = Vec::new();
    for (emitter, position) in EMITTERS {
        for start in positions(&code, emitter) {
            let before: String = code[start.saturating_sub(3)..start].iter().collect();
            let glued = !emitter.starts_with('.')
                && start > 0
                && (code[start - 1].is_alphanumeric() || code[start - 1] == '_');
            if before.ends_with("fn ") || glued {
                continue;
            }
            let open = start + emitter.chars().count() - 1;
            let Some(&(a, b)) = arguments(&code, open).get(position) else {
                continue;
            };
            found.push(match literals.get(&a) {
                Some(literal) if b == a + literal.chars().count() + 2 => {
                    Written::Literal(literal.clone())
                }
                _ => Written::PassedOn(code[a..b].iter().collect()),
            });
        }
    }
    found
}

/// The string literals of `IamError::code`, IAM's error codes.
fn iam_codes(source: &str) -> Vec<String> {
    let (code, literals) = mask(source);
    let start = *positions(&code, "fn code(&self)")
        .first()
        .expect("iam.rs has IamError::code");
    let end = start + code.iter().skip(start).position(|&c| c == '}').unwrap_or(0);
    literals.range(start..end).map(|(_, l)| l.clone()).collect()
}

/// Every Rust file under `src` but tests, as its path under `src` and its text.
fn sources() -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if name != "tests" {
                    walk(root, &path, out);
                }
            } else if name.ends_with(".rs") && name != "tests.rs" {
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort();
    files
}

#[test]
fn the_scanner_finds_the_codes_written_in_calls() {
    let source = r##"
fn finding(severity: Severity, code: &'static str) -> Diagnostic { todo() }
fn f<'a>(x: &'a str) {
    // Diagnostic::error("in-a-comment", "m", span);
    let s = "Diagnostic::error(\"in-a-string\", m, span)";
    let c = '"';
    out.push(Diagnostic::error(
        "first",
        format!("a, b ({x}) \"", y),
        span,
    ));
    self.walker.problem(path, span, "second", r#"with "quotes", and commas"#);
    out.push(finding(Warning, code_variable, "m", span, "h"));
    out.push(my_finding(Warning, "not-an-emitter", "m", span, "h"));
}
#[cfg(test)]
mod tests {
    fn t() { Diagnostic::error("in-a-test", "m", span); }
}
"##;
    assert_eq!(
        scan(source),
        [
            Written::Literal("first".to_owned()),
            Written::Literal("second".to_owned()),
            Written::PassedOn("code_variable".to_owned()),
        ]
    );
}

#[test]
fn the_registry_holds_every_code_the_sources_make_and_no_other() {
    let mut made = BTreeSet::new();
    let mut problems = Vec::new();
    for (path, text) in sources() {
        let written = scan(&text);
        if path == "iam.rs" {
            made.extend(iam_codes(&text).into_iter().map(|c| (Stage::Iam, c)));
        }
        let Some(stage) = stage_of_file(&path) else {
            if !written.is_empty() {
                problems.push(format!(
                    "{path} makes diagnostics, but is in no stage: {written:?}"
                ));
            }
            continue;
        };
        for w in written {
            match w {
                Written::Literal(code) => {
                    made.insert((stage, code));
                }
                Written::PassedOn(expr) if PASSED_ON.contains(&(path.as_str(), expr.as_str())) => {}
                Written::PassedOn(expr) => problems.push(format!(
                    "{path}: a code passed as `{expr}`: write codes as string literals where the diagnostic is made, so this test sees them"
                )),
            }
        }
    }
    let registered: BTreeSet<(Stage, String)> =
        all().map(|c| (c.stage, c.code.to_owned())).collect();
    for (stage, code) in made.difference(&registered) {
        problems.push(format!(
            "`{code}` ({stage}) is made but not in the registry"
        ));
    }
    for (stage, code) in registered.difference(&made) {
        problems.push(format!(
            "`{code}` ({stage}) is in the registry but never made"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        made.len() > 100,
        "{} codes: the scan misses calls",
        made.len()
    );
}

#[test]
fn codes_are_unique_within_a_stage_and_listed_in_pipeline_order() {
    let codes: Vec<Code> = all().collect();
    let mut seen = BTreeSet::new();
    for c in &codes {
        assert!(
            seen.insert((c.stage, c.code)),
            "`{}` twice in {}",
            c.code,
            c.stage
        );
        assert!(!c.summary.is_empty(), "`{}`", c.code);
        // Outside the linter, every code is an error, but for a condition value of the wrong
        // type (IAM accepts it, and the condition never matches), an imported role whose
        // policies may not all have been imported, and a CloudFormation resource named after
        // its logical id: warnings.
        assert!(
            c.stage == Stage::Lint
                || c.severity == Severity::Error
                || c.code == "invalid-condition-value"
                || c.code == "incomplete-role"
                || c.code == "stand-in-name",
            "`{}`",
            c.code
        );
    }
    assert!(codes.windows(2).all(|w| w[0].stage <= w[1].stage));
    assert_eq!(
        codes.iter().filter(|c| c.stage == Stage::Lint).count(),
        CHECKS.len()
    );
    assert_eq!(stage_of("wrong-type"), Some(Stage::Policy));
    assert_eq!(stage_of("invalid-action"), Some(Stage::Lint));
    assert_eq!(stage_of("NoSuchEntity"), Some(Stage::Iam));
    assert_eq!(stage_of("no-such-code"), None);
}

#[test]
fn diagnostics_carry_the_stage_that_made_them() {
    let lint = crate::lint::lint_policy("{", crate::PolicyType::Identity);
    assert_eq!(
        lint.first().map(|d| (d.code, d.stage)),
        Some(("json-syntax", Stage::Json))
    );
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": 1, "Action": "s3:GetObject", "Resource": "*"}}"#;
    let lint = crate::lint::lint_policy(text, crate::PolicyType::Identity);
    assert_eq!(
        lint.first().map(|d| (d.code, d.stage)),
        Some(("wrong-type", Stage::Policy))
    );
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3", "Resource": "*"}}"#;
    let lint = crate::lint::lint_policy(text, crate::PolicyType::Identity);
    assert_eq!(
        lint.first().map(|d| (d.code, d.stage)),
        Some(("invalid-action", Stage::Lint))
    );
    // The same code from two stages of one scenario: a policy's element and a scenario's field;
    // and IAM's error for a role made twice.
    let role = |name: &str, effect: &str| {
        format!(
            r#"{{"name": "{name}", "trustPolicy": {{"Version": "2012-10-17", "Statement": {{"Effect": {effect}, "Principal": {{"Service": "ec2.amazonaws.com"}}, "Action": "sts:AssumeRole"}}}}}}"#
        )
    };
    let roles = [
        role("R", "\"Allow\""),
        role("R", "\"Allow\""),
        role("S", "1"),
    ]
    .join(", ");
    let scenario = format!(
        r#"{{"scenarioVersion": 1, "name": 2, "account": {{"id": "111122223333", "roles": [{roles}]}}}}"#
    );
    let read = crate::scenario::read_scenario(&scenario);
    let stages = |code: &str| -> BTreeSet<Stage> {
        read.problems
            .iter()
            .filter(|p| p.diagnostic.code == code)
            .map(|p| p.diagnostic.stage)
            .collect()
    };
    assert_eq!(
        stages("wrong-type"),
        BTreeSet::from([Stage::Policy, Stage::Scenario]),
        "{:#?}",
        read.problems
    );
    assert_eq!(
        stages("EntityAlreadyExists"),
        BTreeSet::from([Stage::Iam]),
        "{:#?}",
        read.problems
    );
}
