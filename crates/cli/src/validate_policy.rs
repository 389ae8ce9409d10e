//! `iamplay validate-policy FILE`: every finding of the linter, in Access Analyzer's four
//! classes, each with its code, place and help.

use crate::policy_type::PolicyTypeParser;
use crate::render::render;
use crate::simulate_custom::OutputFormat;
use iamplay_core::{PolicyType, Severity};
use std::io::{Read, Write};
use std::path::PathBuf;

/// Arguments of `validate-policy`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The policy document; `-` reads standard input.
    pub file: PathBuf,
    /// What kind of policy it is; Access Analyzer's names (`RESOURCE_POLICY`, …) and the
    /// spelled-out ones (`identity-policy`, `service-control-policy`, …) work too.
    #[arg(long, value_parser = PolicyTypeParser, default_value = "identity")]
    pub policy_type: PolicyType,
    /// `text` (default) or `json`.
    #[arg(long, value_enum, default_value = "text")]
    pub output: OutputFormat,
}

/// Prints the findings; exit 0 with none, 1 with findings but no error, 2 with an error or
/// when the file cannot be read.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let name = args.file.display().to_string();
    let mut text = String::new();
    let read = if name == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(&args.file).map(|t| text = t)
    };
    if let Err(e) = read {
        let _ = writeln!(err, "error: cannot read `{name}`: {e}");
        return 2;
    }
    let report = iamplay_core::report::lint(&text, Some(args.policy_type));
    let count = |s: Severity| report.count(s);
    match args.output {
        OutputFormat::Text => {
            let findings: Vec<_> = report
                .problems
                .iter()
                .map(|p| p.diagnostic.clone())
                .collect();
            let _ = out.write_all(render(&name, &text, &findings).as_bytes());
            let _ = writeln!(
                out,
                "{name}: {} error(s), {} security warning(s), {} warning(s), {} suggestion(s)",
                count(Severity::Error),
                count(Severity::SecurityWarning),
                count(Severity::Warning),
                count(Severity::Suggestion)
            );
        }
        OutputFormat::Json => {
            let list: Vec<serde_json::Value> = report
                .problems
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "findingType": f.severity().as_str(),
                        "issueCode": f.diagnostic.code,
                        "findingDetails": f.diagnostic.message,
                        "help": f.diagnostic.help,
                        "line": f.start.line,
                        "column": f.start.column,
                        "text": f.text,
                    })
                })
                .collect();
            let _ = serde_json::to_string_pretty(&serde_json::json!({ "findings": list }))
                .map(|t| writeln!(out, "{t}"));
        }
    }
    if count(Severity::Error) > 0 {
        2
    } else if report.problems.is_empty() {
        0
    } else {
        1
    }
}
