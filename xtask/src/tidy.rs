//! Tidiness checks run by `cargo test`: every Rust file opens with a `//!` line, production files
//! and functions stay short, and every version written in more than one place is the same in each.

use crate::codegen::{IAM_DATA, IAM_DATA_VERSION};
use crate::managed::{PACKAGE as MANAGED, PACKAGE_VERSION as MANAGED_VERSION};
use crate::tools::{
    BINARYEN_VERSION, TRUNK_VERSION, WASM_OPT_VERSION, WASM_PACK_VERSION, lock_version,
};
use std::path::{Path, PathBuf};

/// The most lines a production file may have; test files are exempt.
const MAX_FILE_LINES: usize = 800;
/// The most lines a production function may have, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 120;

/// The functions over [`MAX_FN_LINES`] when the limit came in, by file and name. Split them and
/// take them off the list: the check fails when a listed function is short again (or gone), so
/// the list can only shrink.
const LONG_FUNCTIONS: &[(&str, &str)] = &[];

/// This file, which holds [`LONG_FUNCTIONS`].
const THIS_FILE: &str = "xtask/src/tidy.rs";
/// The folders holding the project's Rust code.
const SOURCE_FOLDERS: [&str; 3] = ["crates", "xtask", "tests"];
/// Folders never walked, wherever they are: build output and installed tools (hidden folders,
/// such as `.tools`, are skipped too).
const SKIPPED_NAMES: [&str; 3] = ["target", "node_modules", "pkg"];
/// The generated data, never walked.
const GENERATED: &str = "crates/core/data";

/// A Rust file: its path from the workspace root, with `/` separators, and its text.
struct SourceFile {
    path: String,
    text: String,
}

impl SourceFile {
    /// Test code: `tests.rs` modules and everything under `tests/` or `benches/`.
    fn is_test(&self) -> bool {
        let mut parts = self.path.split('/').rev();
        parts.next() == Some("tests.rs") || parts.any(|part| part == "tests" || part == "benches")
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Every Rust file of the project, sorted by path.
fn rust_files() -> Vec<SourceFile> {
    let mut files = Vec::new();
    for folder in SOURCE_FOLDERS {
        walk(&root(), folder, &mut files);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    assert!(files.len() > 50, "found only {} Rust files", files.len());
    files
}

fn walk(root: &Path, folder: &str, files: &mut Vec<SourceFile>) {
    let entries = std::fs::read_dir(root.join(folder))
        .unwrap_or_else(|e| panic!("cannot list {folder}: {e}"));
    for entry in entries {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{folder}/{name}");
        if name.starts_with('.') || SKIPPED_NAMES.contains(&name.as_str()) || path == GENERATED {
            continue;
        }
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            walk(root, &path, files);
        } else if kind.is_file() && name.ends_with(".rs") {
            let text = read(&path);
            files.push(SourceFile { path, text });
        }
    }
}

/// Fails with every problem found, one a line.
#[track_caller]
fn report(what: &str, problems: &[String]) {
    assert!(problems.is_empty(), "{what}:\n{}\n", problems.join("\n"));
}

#[test]
fn every_rust_file_starts_with_a_doc_comment() {
    let problems: Vec<String> = rust_files()
        .iter()
        .filter(|file| !file.text.starts_with("//!"))
        .map(|file| {
            format!(
                "{}:1: add a `//!` first line saying what the file is for",
                file.path
            )
        })
        .collect();
    report("files without a `//!` first line", &problems);
}

#[test]
fn production_files_are_short() {
    let problems: Vec<String> = rust_files()
        .iter()
        .filter(|file| !file.is_test())
        .filter_map(|file| {
            let lines = file.text.lines().count();
            (lines > MAX_FILE_LINES).then(|| {
                format!(
                    "{}:{}: {lines} lines, over {MAX_FILE_LINES}: split the file into modules",
                    file.path,
                    MAX_FILE_LINES + 1
                )
            })
        })
        .collect();
    report("production files too long", &problems);
}

#[test]
fn production_functions_are_short() {
    let mut problems = Vec::new();
    let mut long = Vec::new();
    for file in rust_files().iter().filter(|file| !file.is_test()) {
        for function in production_functions(&file.text) {
            if function.lines > MAX_FN_LINES {
                long.push((file.path.clone(), function.name.clone()));
                if !LONG_FUNCTIONS.contains(&(file.path.as_str(), function.name.as_str())) {
                    problems.push(format!(
                        "{}:{}: fn {} is {} lines, over {MAX_FN_LINES}: split it",
                        file.path, function.line, function.name, function.lines
                    ));
                }
            }
        }
    }
    let this = read(THIS_FILE);
    for (path, name) in LONG_FUNCTIONS {
        if !long.iter().any(|(p, n)| p == path && n == name) {
            problems.push(format!(
                "{}: {path}: fn {name} is no longer over {MAX_FN_LINES} lines (or is gone): \
                 take it off LONG_FUNCTIONS",
                place(THIS_FILE, &this, &format!("(\"{path}\", \"{name}\")"))
            ));
        }
    }
    report("production functions too long", &problems);
}

/// Where a text first has `needle`, as `path:line`, to point at a version in a failure message.
fn place(path: &str, text: &str, needle: &str) -> String {
    let line = text
        .lines()
        .position(|line| line.contains(needle))
        .map_or(1, |i| i + 1);
    format!("{path}:{line}")
}

/// Every `name version` in a text (the version starting with a digit), with its line from 1.
fn mentions(text: &str, name: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for (at, _) in line.match_indices(name) {
            let rest = line.get(at + name.len()..).unwrap_or_default();
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                let version: String = rest
                    .chars()
                    .take_while(|&c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
                    .collect();
                found.push((i + 1, version.trim_end_matches('.').to_owned()));
            }
        }
    }
    found
}

/// The lines, from 1, where a text has `version` as a whole word.
fn lines_with(text: &str, version: &str) -> Vec<usize> {
    let whole = |line: &str, at: usize| {
        let before = line.get(..at).unwrap_or_default();
        let after = line.get(at + version.len()..).unwrap_or_default();
        let more = after.strip_prefix('.').unwrap_or(after);
        !before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '.')
            && !more.starts_with(|c: char| c.is_ascii_alphanumeric())
    };
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.match_indices(version).any(|(at, _)| whole(line, at)))
        .map(|(i, _)| i + 1)
        .collect()
}

/// The value of a `key = "value"` line of a TOML text, with its line from 1.
fn toml_value(text: &str, key: &str) -> Option<(usize, String)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let value = line
            .trim()
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix('=')?;
        let value = value.trim_start().strip_prefix('"')?;
        Some((i + 1, value.split('"').next()?.to_owned()))
    })
}

/// The dependencies pinned exactly (`name = "=version"`) in the root `Cargo.toml`, with lines.
fn exact_pins(manifest: &str) -> Vec<(usize, String, String)> {
    manifest
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (name, value) = line.split_once('=')?;
            let version = value.trim().strip_prefix("\"=")?.strip_suffix('"')?;
            Some((i + 1, name.trim().to_owned(), version.to_owned()))
        })
        .collect()
}

#[test]
fn wasm_bindgen_is_one_version_everywhere() {
    let manifest = read("Cargo.toml");
    let lock = read("Cargo.lock");
    let trunk = read("trunk.toml");
    let pins = exact_pins(&manifest);
    let mut problems = Vec::new();
    // Cargo.lock is what `cargo xtask` installs wasm-bindgen-cli from.
    for (line, name, version) in &pins {
        let locked = lock_version(&lock, name);
        if locked.as_deref() != Some(version.as_str()) {
            problems.push(format!(
                "Cargo.toml:{line}: {name} is pinned to ={version}, but {} has {}",
                place("Cargo.lock", &lock, &format!("name = \"{name}\"")),
                locked.as_deref().unwrap_or("no such package")
            ));
        }
    }
    let pinned = pins.iter().find(|(_, name, _)| name == "wasm-bindgen");
    match (pinned, toml_value(&trunk, "wasm_bindgen")) {
        (None, _) => problems.push("Cargo.toml: wasm-bindgen is not pinned with `=`".to_owned()),
        (_, None) => problems.push("trunk.toml: no wasm_bindgen version".to_owned()),
        (Some((line, _, version)), Some((at, value))) if value != *version => {
            problems.push(format!(
                "trunk.toml:{at}: wasm_bindgen is {value}, but Cargo.toml:{line} pins ={version}"
            ));
        }
        _ => {}
    }
    report("wasm-bindgen versions disagree", &problems);
}

#[test]
fn tool_versions_agree_with_trunk_toml_and_the_docs() {
    let tools = read("xtask/src/tools.rs");
    let trunk = read("trunk.toml");
    let mut problems = Vec::new();
    let wasm_opt = place("xtask/src/tools.rs", &tools, "WASM_OPT_VERSION: &str");
    match toml_value(&trunk, "wasm_opt") {
        Some((_, value)) if value == format!("version_{WASM_OPT_VERSION}") => {}
        Some((at, value)) => problems.push(format!(
            "trunk.toml:{at}: wasm_opt is {value}, {wasm_opt} says {WASM_OPT_VERSION}"
        )),
        None => problems.push("trunk.toml: no wasm_opt version".to_owned()),
    }
    // binaryen's npm versions are `<wasm-opt version>.0.0`.
    if !BINARYEN_VERSION.starts_with(&format!("{WASM_OPT_VERSION}.")) {
        problems.push(format!(
            "{}: binaryen {BINARYEN_VERSION} is not wasm-opt {WASM_OPT_VERSION} ({wasm_opt})",
            place("xtask/src/tools.rs", &tools, "BINARYEN_VERSION: &str")
        ));
    }
    // Each tool and package as the docs name it, its version, and the doc that must name it.
    // Every `name <version>` in the docs must be the pinned version.
    let pinned: [(&str, &str, &str); 6] = [
        ("Trunk ", TRUNK_VERSION, "README.md"),
        ("cfn-lint ", crate::cfn_lint::CFN_LINT_VERSION, "README.md"),
        ("wasm-pack ", WASM_PACK_VERSION, "README.md"),
        ("`wasm-opt` ", WASM_OPT_VERSION, "README.md"),
        (&format!("{IAM_DATA} "), IAM_DATA_VERSION, "NOTICE"),
        (&format!("{MANAGED} "), MANAGED_VERSION, "NOTICE"),
    ];
    for doc in ["README.md", "NOTICE"] {
        let text = read(doc);
        for (name, version, needed_in) in &pinned {
            let found = mentions(&text, name);
            if found.is_empty() && doc == *needed_in {
                problems.push(format!("{doc}: does not name {name}{version}"));
            }
            for (line, said) in found.iter().filter(|(_, said)| said != version) {
                problems.push(format!(
                    "{doc}:{line}: says {name}{said}, xtask pins {version}"
                ));
            }
        }
    }
    report("tool versions disagree", &problems);
}

#[test]
fn catalogue_versions_are_written_once() {
    let mut problems = Vec::new();
    let files = rust_files();
    for (version, home) in [
        (IAM_DATA_VERSION, "xtask/src/codegen.rs"),
        (MANAGED_VERSION, "xtask/src/managed.rs"),
    ] {
        let places: Vec<String> = files
            .iter()
            .flat_map(|file| {
                lines_with(&file.text, version)
                    .into_iter()
                    .map(move |line| format!("{}:{line}", file.path))
            })
            .collect();
        if places.len() != 1 || !places.iter().all(|p| p.starts_with(home)) {
            problems.push(format!(
                "{version} must be written once, as a constant in {home}; it is at: {}",
                places.join(", ")
            ));
        }
    }
    // The generated data records the version it came from.
    let catalogue = read(crate::codegen::CATALOG);
    let source = format!("V\t{IAM_DATA}\t{IAM_DATA_VERSION}");
    if !catalogue.lines().any(|line| line == source) {
        problems.push(format!(
            "{}: not generated from {IAM_DATA} {IAM_DATA_VERSION}: run `cargo xtask codegen`",
            place(crate::codegen::CATALOG, &catalogue, "V\t")
        ));
    }
    let index_path = format!("{}/index.json", crate::managed::FOLDER);
    let index = read(&index_path);
    if !index.contains(&format!("\"source\": \"{MANAGED}@{MANAGED_VERSION}\"")) {
        problems.push(format!(
            "{}: not generated from {MANAGED} {MANAGED_VERSION}: run `cargo xtask codegen`",
            place(&index_path, &index, "\"source\"")
        ));
    }
    report("catalogue versions", &problems);
}

/// A function with a body.
#[derive(Debug, PartialEq, Eq)]
struct Function {
    name: String,
    /// The line of its `fn`, from 1.
    line: usize,
    /// Its lines, from the `fn` line to the closing brace.
    lines: usize,
}

/// The functions with a body in a file's text, outside `#[cfg(test)]` items.
fn production_functions(text: &str) -> Vec<Function> {
    let code: Vec<char> = code_only(text).chars().collect();
    let line_of = line_numbers(&code);
    let closing = matching_braces(&code);
    let test_items: Vec<(usize, usize)> = find(&code, "#[cfg(test)]")
        .filter_map(|at| {
            let open = body_after(&code, at + "#[cfg(test)]".len())?;
            Some((at, *closing.get(open)?.as_ref()?))
        })
        .collect();
    let mut functions = Vec::new();
    for at in find(&code, "fn") {
        let before = at.checked_sub(1).and_then(|i| code.get(i));
        if before.is_some_and(|&c| is_ident(c)) || test_items.iter().any(|&(s, e)| s < at && at < e)
        {
            continue;
        }
        let rest = code.get(at + 2..).unwrap_or_default();
        let spaces = rest.iter().take_while(|c| c.is_whitespace()).count();
        let name: String = rest
            .get(spaces..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&c| is_ident(c))
            .collect();
        if spaces == 0 || !name.starts_with(|c: char| c.is_alphabetic() || c == '_') {
            continue;
        }
        let Some(open) = body_after(&code, at) else {
            continue;
        };
        if let Some(Some(close)) = closing.get(open) {
            let line = line_of[at];
            functions.push(Function {
                name,
                line,
                lines: line_of[*close] - line + 1,
            });
        }
    }
    functions
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where `needle` starts in `code`.
fn find<'a>(code: &'a [char], needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let needle: Vec<char> = needle.chars().collect();
    (0..code.len()).filter(move |&i| code.get(i..i + needle.len()) == Some(&needle[..]))
}

/// The line, from 1, of every character.
fn line_numbers(code: &[char]) -> Vec<usize> {
    let mut line = 1;
    code.iter()
        .map(|&c| {
            let this = line;
            if c == '\n' {
                line += 1;
            }
            this
        })
        .collect()
}

/// For every `{`, where its `}` is.
fn matching_braces(code: &[char]) -> Vec<Option<usize>> {
    let mut closing = vec![None; code.len()];
    let mut open = Vec::new();
    for (i, &c) in code.iter().enumerate() {
        match c {
            '{' => open.push(i),
            '}' => {
                if let Some(start) = open.pop() {
                    closing[start] = Some(i);
                }
            }
            _ => {}
        }
    }
    closing
}

/// The `{` opening the body of the item from `start` on: the first `{` outside parentheses and
/// brackets, unless a `;` ends the item first.
fn body_after(code: &[char], start: usize) -> Option<usize> {
    let mut depth = 0_i32;
    for (i, &c) in code.iter().enumerate().skip(start) {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '{' if depth <= 0 => return Some(i),
            ';' if depth <= 0 => return None,
            _ => {}
        }
    }
    None
}

/// The text with comments taken out and the insides of string and character literals blanked,
/// every line kept where it was, so braces and `fn`s can be found by looking at characters.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut out = String::with_capacity(text.len());
    // Blanks a literal or comment: keeps newlines, turns everything else into spaces.
    let blank = |out: &mut String, from: usize, to: usize| {
        for &c in chars.get(from..to.min(chars.len())).unwrap_or_default() {
            out.push(if c == '\n' { '\n' } else { ' ' });
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = at(i);
        let raw_prefix =
            i == 0 || !is_ident(at(i - 1)) || (at(i - 1) == 'b' && (i < 2 || !is_ident(at(i - 2))));
        let raw = if c == 'r' && raw_prefix {
            raw_string_end(&chars, i + 1)
        } else {
            None
        };
        let end = if c == '/' && at(i + 1) == '/' {
            (i..chars.len())
                .find(|&j| at(j) == '\n')
                .unwrap_or(chars.len())
        } else if c == '/' && at(i + 1) == '*' {
            block_comment_end(&chars, i)
        } else if c == '"' {
            string_end(&chars, i + 1)
        } else if let Some(end) = raw {
            end
        } else if c == '\'' && at(i + 1) == '\\' {
            (i + 3..chars.len())
                .find(|&j| at(j) == '\'')
                .map_or(chars.len(), |j| j + 1)
        } else if c == '\'' && at(i + 1) != '\'' && at(i + 2) == '\'' {
            i + 3
        } else {
            out.push(c);
            i += 1;
            continue;
        };
        blank(&mut out, i, end);
        i = end.max(i + 1);
    }
    out
}

/// Just past the `*/` closing the block comment that starts at `from` (they nest).
fn block_comment_end(chars: &[char], from: usize) -> usize {
    let mut depth = 0;
    let mut j = from;
    while let (Some(&c), next) = (chars.get(j), chars.get(j + 1)) {
        if c == '/' && next == Some(&'*') {
            depth += 1;
            j += 2;
        } else if c == '*' && next == Some(&'/') {
            depth -= 1;
            j += 2;
            if depth == 0 {
                return j;
            }
        } else {
            j += 1;
        }
    }
    chars.len()
}

/// Just past the `"` closing a string whose contents start at `from`.
fn string_end(chars: &[char], from: usize) -> usize {
    let mut j = from;
    while let Some(&c) = chars.get(j) {
        match c {
            '\\' => j += 2,
            '"' => return j + 1,
            _ => j += 1,
        }
    }
    chars.len()
}

/// Just past a raw string `r#"…"#` whose `#`s start at `from`, if one starts there.
fn raw_string_end(chars: &[char], from: usize) -> Option<usize> {
    let hashes = chars.get(from..)?.iter().take_while(|&&c| c == '#').count();
    if chars.get(from + hashes) != Some(&'"') {
        return None;
    }
    let closing: Vec<char> = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    let start = from + hashes + 1;
    Some(
        (start..chars.len())
            .find(|&j| chars.get(j..j + closing.len()) == Some(&closing[..]))
            .map_or(chars.len(), |j| j + closing.len()),
    )
}

#[test]
fn the_scanner_skips_comments_strings_and_tests() {
    let text = r##"//! A file.
fn short() {
    let s = "}{ fn not_a_function() {";
    let c = '}';
    let r = r#"fn raw() { "}"#;
    // fn commented() {
    /* { /* } */ fn hidden() { */
    let f: fn(u8) -> u8 = |x| x;
    let lifetime: &'static str = "\"}";
}

pub(crate) fn longer<T>(x: T) -> T
where
    T: Clone,
{
    x
}

trait Shape {
    fn area(&self) -> f64;
}

#[cfg(test)]
mod tests {
    fn in_a_test() {}
}
"##;
    assert_eq!(
        production_functions(text),
        [
            Function {
                name: "short".into(),
                line: 2,
                lines: 9
            },
            Function {
                name: "longer".into(),
                line: 12,
                lines: 6
            },
        ]
    );
}
