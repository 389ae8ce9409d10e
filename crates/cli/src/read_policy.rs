//! `iamplay read-policy FILE`: what the engine reads in a policy document.

use iamplay_core::policy::{Principal, ValueList};
use iamplay_core::{LineIndex, read_policy};
use std::io::{self, Read, Write};
use std::path::PathBuf;

/// Arguments of `read-policy`.
#[derive(clap::Args)]
pub struct Args {
    /// The policy document (JSON); `-` reads standard input.
    pub file: PathBuf,
}

/// Exit status for input that could not be read or is not a valid policy.
const BAD_INPUT: u8 = 2;

/// Reads the file, prints the statements (stdout) or the errors (stderr); returns the exit status.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let name = args.file.display().to_string();
    let text = match load(&args.file) {
        Ok(text) => text,
        Err(e) => {
            let _ = writeln!(err, "error: cannot read `{name}`: {e}");
            return BAD_INPUT;
        }
    };
    let read = read_policy(&text);
    let index = LineIndex::new(&text);
    let _ = err.write_all(crate::render::render(&name, &text, &read.diagnostics).as_bytes());
    if !read.is_valid() {
        let count = read.diagnostics.len();
        let _ = writeln!(
            err,
            "{name}: {count} problem{} found; IAM would reject this policy",
            if count == 1 { "" } else { "s" }
        );
        return BAD_INPUT;
    }
    let Some(policy) = read.policy else {
        return BAD_INPUT;
    };
    let version = policy
        .version
        .map_or("none (policy variables are literal text)", |v| {
            v.value.as_str()
        });
    let _ = writeln!(out, "Version: {version}");
    for statement in &policy.statements {
        let sid = statement
            .sid
            .as_ref()
            .map(|s| format!(" {}", s.value))
            .unwrap_or_default();
        let at = index.line_col(statement.span.start);
        let _ = writeln!(
            out,
            "Statement #{}{sid} ({at}): {}",
            statement.index + 1,
            statement.effect.value
        );
        if let Some(principal) = &statement.principal {
            let label = if principal.negated {
                "NotPrincipal"
            } else {
                "Principal"
            };
            match &principal.principal {
                Principal::Any => {
                    let _ = writeln!(out, "  {label}: *");
                }
                Principal::Typed(types) => {
                    for (kind, values) in types {
                        let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                        let _ = writeln!(out, "  {label} {}: {}", kind.as_str(), values.join(", "));
                    }
                }
            }
        }
        let _ = write_list(out, statement.action.as_ref(), "Action");
        let _ = write_list(out, statement.resource.as_ref(), "Resource");
        for condition in &statement.conditions {
            for entry in &condition.entries {
                let values: Vec<&str> = entry.values.iter().map(|v| v.value.as_str()).collect();
                let _ = writeln!(
                    out,
                    "  Condition {} {}: {}",
                    condition.operator.value,
                    entry.key.value,
                    values.join(", ")
                );
            }
        }
    }
    0
}

fn load(path: &PathBuf) -> io::Result<String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text)?;
        Ok(text)
    } else {
        std::fs::read_to_string(path)
    }
}

fn write_list(out: &mut impl Write, list: Option<&ValueList>, name: &str) -> io::Result<()> {
    let Some(list) = list else { return Ok(()) };
    let label = if list.negated {
        format!("Not{name}")
    } else {
        name.to_owned()
    };
    let values: Vec<&str> = list.values.iter().map(|v| v.value.as_str()).collect();
    writeln!(out, "  {label}: {}", values.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_on(text: &str) -> (u8, String, String) {
        let dir = std::env::temp_dir().join(format!("iamplay-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("p{}.json", text.len()));
        std::fs::write(&path, text).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&Args { file: path.clone() }, &mut out, &mut err);
        std::fs::remove_file(&path).unwrap();
        let err = String::from_utf8(err)
            .unwrap()
            .replace(&path.display().to_string(), "FILE");
        (code, String::from_utf8(out).unwrap(), err)
    }

    #[test]
    fn prints_statements_of_a_valid_policy() {
        let (code, out, err) = run_on(
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "S", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": ["1", "2"]}}}]}"#,
        );
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            out,
            "Version: 2012-10-17\nStatement #1 S (1:41): Allow\n  Principal Service: ec2.amazonaws.com\n  Action: sts:AssumeRole\n  Condition StringEquals aws:SourceAccount: 1, 2\n"
        );
    }

    #[test]
    fn prints_errors_with_line_column_and_underline() {
        let (code, out, err) =
            run_on("{\n  \"Statement\": {\"Effect\": \"allow\", \"Action\": \"*\"}\n}");
        assert_eq!(code, 2);
        assert!(out.is_empty());
        let wanted = [
            "invalid-effect",
            "",
            "  × `allow` is not an effect",
            "   ╭─[FILE:2:27]",
            " 1 │ {",
            " 2 │   \"Statement\": {\"Effect\": \"allow\", \"Action\": \"*\"}",
            "   ·                           ───┬───",
            "   ·                              ╰── here",
            " 3 │ }",
            "   ╰────",
            "  help: did you mean `Allow`? `Effect` is case-sensitive",
            "",
            "FILE: 1 problem found; IAM would reject this policy",
        ];
        assert_eq!(err.lines().collect::<Vec<_>>(), wanted, "{err}");
    }

    #[test]
    fn a_missing_file_is_bad_input() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args = Args {
            file: PathBuf::from("/nonexistent/policy.json"),
        };
        assert_eq!(run(&args, &mut out, &mut err), BAD_INPUT);
        assert!(
            String::from_utf8(err)
                .unwrap()
                .starts_with("error: cannot read")
        );
    }
}
