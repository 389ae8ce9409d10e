//! `iamplay read-policy FILE`: what the engine reads in a policy document.

use iamplay_core::report::{PolicyReport, Values};
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
    let report = iamplay_core::report::read(&text);
    let diagnostics: Vec<_> = report
        .problems
        .iter()
        .map(|p| p.diagnostic.clone())
        .collect();
    let _ = err.write_all(crate::render::render(&name, &text, &diagnostics).as_bytes());
    if !report.is_valid() {
        let count = report.problems.len();
        let _ = writeln!(
            err,
            "{name}: {count} problem{} found; IAM would reject this policy",
            if count == 1 { "" } else { "s" }
        );
        return BAD_INPUT;
    }
    let _ = write_statements(out, &report);
    0
}

fn write_statements(out: &mut impl Write, report: &PolicyReport) -> io::Result<()> {
    let version = report
        .version
        .map_or("none (policy variables are literal text)", |v| v.as_str());
    writeln!(out, "Version: {version}")?;
    for statement in &report.statements {
        let sid = statement
            .sid
            .as_ref()
            .map(|s| format!(" {s}"))
            .unwrap_or_default();
        writeln!(
            out,
            "Statement #{}{sid} ({}): {}",
            statement.index + 1,
            statement.start,
            statement.effect
        )?;
        if let Some(principal) = &statement.principal {
            let label = principal.label();
            if principal.types.is_empty() {
                writeln!(out, "  {label}: *")?;
            }
            for (kind, values) in &principal.types {
                writeln!(out, "  {label} {}: {}", kind.as_str(), values.join(", "))?;
            }
        }
        write_list(out, statement.action.as_ref(), "Action")?;
        write_list(out, statement.resource.as_ref(), "Resource")?;
        for (operator, entries) in &statement.conditions {
            for (key, values) in entries {
                writeln!(out, "  Condition {operator} {key}: {}", values.join(", "))?;
            }
        }
    }
    Ok(())
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

fn write_list(out: &mut impl Write, list: Option<&Values>, name: &str) -> io::Result<()> {
    let Some(list) = list else { return Ok(()) };
    writeln!(out, "  {}: {}", list.label(name), list.values.join(", "))
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
