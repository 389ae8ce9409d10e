//! `iamplay summary` and `iamplay diff`: every catalogue action a scenario's instance (or a
//! policy) may call, by service and access level, and what a new version grants or removes.

use crate::managed::Embedded;
use crate::policy_type::PolicyTypeParser;
use crate::render::render;
use crate::simulate::now_iso;
use crate::simulate_custom::OutputFormat;
use iamplay_core::PolicyType;
use iamplay_core::access::{
    AccessChange, ActionAccess, ServiceGroup, Subject, SubjectError, diff, subject_from_text,
    summarize,
};
use iamplay_core::report::{diff_report, summary_report};
use std::io::Write;

/// Options of `summary` and `diff`.
#[derive(clap::Args, Debug)]
pub struct Options {
    /// How to read a policy document (scenarios say what each policy is).
    #[arg(long, value_parser = PolicyTypeParser, default_value = "identity")]
    pub policy_type: PolicyType,
    /// The time of the requests (ISO 8601) when a scenario does not fix it; default: now.
    #[arg(long)]
    pub now: Option<String>,
    /// `text` (default) or `json`.
    #[arg(long, value_enum, default_value = "text")]
    pub output: OutputFormat,
}

/// Arguments of `summary`.
#[derive(clap::Args, Debug)]
pub struct SummaryArgs {
    /// A scenario or a policy document (a file, `-`, or `preset:ID`).
    pub input: String,
    #[command(flatten)]
    pub options: Options,
}

/// Arguments of `diff`.
#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The old version (a scenario or a policy: a file, `-`, or `preset:ID`).
    pub old: String,
    /// The new version.
    pub new: String,
    #[command(flatten)]
    pub options: Options,
}

fn subject(
    name: &str,
    text: &str,
    kind: PolicyType,
    now: &str,
    err: &mut impl Write,
) -> Option<Subject> {
    match subject_from_text(name, text, kind, now, &Embedded) {
        Ok(subject) => Some(subject),
        Err(SubjectError::Problems(problems)) => {
            let _ = err.write_all(render(name, text, &problems).as_bytes());
            None
        }
        Err(SubjectError::NoCredentials(why)) => {
            let _ = writeln!(err, "{name}: {why}");
            None
        }
    }
}

fn write_groups<T>(
    out: &mut impl Write,
    groups: &[ServiceGroup<'_, T>],
    item: impl Fn(&T) -> String,
) {
    for g in groups {
        let count: usize = g.levels.iter().map(|l| l.items.len()).sum();
        let _ = writeln!(
            out,
            "{} ({}): {count} of {} actions",
            g.service, g.service_name, g.catalogue_actions
        );
        for level in &g.levels {
            let items: Vec<String> = level.items.iter().map(|i| item(i)).collect();
            let _ = writeln!(
                out,
                "  {} ({}): {}",
                level.access.as_str(),
                items.len(),
                items.join(", ")
            );
        }
    }
}

/// Prints the summary; exit 0, or 2 when the input cannot be read or gives no credentials.
pub fn summary(args: &SummaryArgs, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let (name, text) = match crate::inputs::read_document(&args.input) {
        Ok(found) => found,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    let now = args.options.now.clone().unwrap_or_else(now_iso);
    if args.options.output == OutputFormat::Json {
        let report = summary_report(&text, args.options.policy_type, &now, &Embedded);
        let failed = report.get("subject").is_none();
        let _ = serde_json::to_string_pretty(&report).map(|t| writeln!(out, "{t}"));
        return if failed { 2 } else { 0 };
    }
    let Some(mut subject) = self::subject(&name, &text, args.options.policy_type, &now, err) else {
        return 2;
    };
    let summary = summarize(&mut subject, &[]);
    for warning in &subject.warnings {
        let _ = writeln!(err, "warning: {warning}");
    }
    let _ = writeln!(
        out,
        "{}: {} action(s) allowed, deciding {} action/resource pairs on * and {} named resource(s)",
        subject.label,
        summary.actions.len(),
        summary.evaluated,
        summary.resources.len()
    );
    write_groups(out, &summary.groups(), ActionAccess::describe);
    0
}

/// Prints the change review; exit 0 when the new version grants no new access, 1 when it does
/// (CheckNoNewAccess's FAIL), 2 on bad input.
pub fn run_diff(args: &DiffArgs, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let (old, new) = match (
        crate::inputs::read_document(&args.old),
        crate::inputs::read_document(&args.new),
    ) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    let now = args.options.now.clone().unwrap_or_else(now_iso);
    if args.options.output == OutputFormat::Json {
        let report = diff_report(&old.1, &new.1, args.options.policy_type, &now, &Embedded);
        let code = match report.get("result").and_then(serde_json::Value::as_str) {
            Some("PASS") => 0,
            Some(_) => 1,
            None => 2,
        };
        let _ = serde_json::to_string_pretty(&report).map(|t| writeln!(out, "{t}"));
        return code;
    }
    let before = subject(&old.0, &old.1, args.options.policy_type, &now, err);
    let after = subject(&new.0, &new.1, args.options.policy_type, &now, err);
    let (Some(mut before), Some(mut after)) = (before, after) else {
        return 2;
    };
    let review = diff(&mut before, &mut after);
    for warning in before.warnings.iter().chain(&after.warnings) {
        let _ = writeln!(err, "warning: {warning}");
    }
    let _ = writeln!(
        out,
        "{} → {}: {} new, {} removed ({} action/resource pairs decided on * and {} named resource(s))",
        old.0,
        new.0,
        review.granted.len(),
        review.removed.len(),
        review.evaluated,
        review.resources.len()
    );
    if !review.granted.is_empty() {
        let _ = writeln!(out, "\nNew access:");
        write_groups(out, &review.granted_groups(), AccessChange::describe);
    }
    if !review.removed.is_empty() {
        let _ = writeln!(out, "\nRemoved access:");
        write_groups(out, &review.removed_groups(), AccessChange::describe);
    }
    if review.no_new_access() {
        let _ = writeln!(out, "\nPASS: the new version grants no new access");
        0
    } else {
        let _ = writeln!(out, "\nFAIL: the new version grants new access");
        1
    }
}
