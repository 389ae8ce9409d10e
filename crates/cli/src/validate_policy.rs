//! `iamplay validate-policy FILE…`: every finding of the linter, in Access Analyzer's four
//! classes, each with its code, place and help; as text, JSON or SARIF.

use crate::policy_type::PolicyTypeParser;
use crate::render::render;
use iamplay_core::report::PolicyReport;
use iamplay_core::{PolicyType, Severity};
use std::io::Write;
use std::path::PathBuf;

/// How `validate-policy` prints its findings.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LintOutput {
    /// Each finding with its place underlined, and a count per file.
    Text,
    /// `{ findings: [...] }`, each finding naming its file.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

/// Arguments of `validate-policy`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The policy documents: files, glob patterns (`'policies/**/*.json'`), or `-` for
    /// standard input.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// What kind of policy they are; Access Analyzer's names (`RESOURCE_POLICY`, …) and the
    /// spelled-out ones (`identity-policy`, `service-control-policy`, …) work too.
    #[arg(long, value_parser = PolicyTypeParser, default_value = "identity")]
    pub policy_type: PolicyType,
    /// `text` (default), `json` or `sarif`.
    #[arg(long, value_enum, default_value = "text")]
    pub output: LintOutput,
}

/// Prints the findings of every file; exit 0 with none, 1 with findings but no error, 2 with
/// an error or when a file cannot be read (the others are still linted).
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let names = match crate::inputs::expand(&args.files) {
        Ok(names) => names,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return 2;
        }
    };
    let mut unreadable = false;
    let mut linted: Vec<(String, String, PolicyReport)> = Vec::new();
    for name in names {
        match crate::inputs::read(&name) {
            Ok(text) => {
                let report = iamplay_core::report::lint(&text, Some(args.policy_type));
                linted.push((name, text, report));
            }
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                unreadable = true;
            }
        }
    }
    let count = |s: Severity| -> usize { linted.iter().map(|(_, _, r)| r.count(s)).sum() };
    let written = match args.output {
        LintOutput::Text => write_text(out, &linted),
        LintOutput::Json => {
            let list: Vec<serde_json::Value> = linted
                .iter()
                .flat_map(|(name, _, report)| {
                    report.problems.iter().map(move |f| {
                        serde_json::json!({
                            "file": name,
                            "findingType": f.severity().as_str(),
                            "issueCode": f.diagnostic.code,
                            "findingDetails": f.diagnostic.message,
                            "help": f.diagnostic.help,
                            "line": f.start.line,
                            "column": f.start.column,
                            "text": f.text,
                        })
                    })
                })
                .collect();
            pretty(out, &serde_json::json!({ "findings": list }))
        }
        LintOutput::Sarif => {
            let files: Vec<(&str, &PolicyReport)> = linted
                .iter()
                .map(|(name, _, report)| (name.as_str(), report))
                .collect();
            pretty(out, &crate::sarif::log(&files))
        }
    };
    if written.is_err() || unreadable || count(Severity::Error) > 0 {
        2
    } else if [
        Severity::SecurityWarning,
        Severity::Warning,
        Severity::Suggestion,
    ]
    .into_iter()
    .all(|s| count(s) == 0)
    {
        0
    } else {
        1
    }
}

fn pretty(out: &mut impl Write, value: &serde_json::Value) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    writeln!(out, "{text}")
}

fn write_text(
    out: &mut impl Write,
    linted: &[(String, String, PolicyReport)],
) -> std::io::Result<()> {
    for (name, text, report) in linted {
        let findings: Vec<_> = report
            .problems
            .iter()
            .map(|p| p.diagnostic.clone())
            .collect();
        out.write_all(render(name, text, &findings).as_bytes())?;
        writeln!(
            out,
            "{name}: {} error(s), {} security warning(s), {} warning(s), {} suggestion(s)",
            report.count(Severity::Error),
            report.count(Severity::SecurityWarning),
            report.count(Severity::Warning),
            report.count(Severity::Suggestion)
        )?;
    }
    Ok(())
}
