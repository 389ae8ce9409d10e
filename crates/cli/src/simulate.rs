//! `iamplay simulate SCENARIO.json`: the instance-profile chain of a scenario document, with
//! the verdict, each link, the role session's context and every request's explanation.

use crate::render::render_scenario_problems;
use iamplay_core::Source;
use iamplay_core::chain::ContextSource;
use iamplay_core::report::{Simulation, StatementPlace, simulation};
use iamplay_core::scenario::{read_scenario_with, run_scenario};
use std::io::Write;
use std::path::PathBuf;

use crate::simulate_custom::OutputFormat;

/// Arguments of `simulate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario documents (JSON): files, glob patterns (`'scenarios/*.json'`), `-` for
    /// standard input, or `preset:ID`.
    #[arg(required_unless_present = "preset", num_args = 1..)]
    pub scenario: Vec<PathBuf>,
    /// Run a shipped preset instead: `elastic-beanstalk`, `ec2-app-server`, `auto-scaling-qateam`,
    /// `common-mistakes`.
    #[arg(long, conflicts_with = "scenario")]
    pub preset: Option<String>,
    /// The time of the requests (ISO 8601) when the scenario does not fix it; default: now.
    #[arg(long)]
    pub now: Option<String>,
    /// `text` (default) or `json` (an array when there are several scenarios).
    #[arg(long, value_enum, default_value = "text")]
    pub output: OutputFormat,
}

/// The current time as ISO 8601, from the system clock.
pub fn now_iso() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    iamplay_core::condition::values::iso_utc(i64::try_from(seconds).unwrap_or(0))
}

/// The documents named: the preset, or each file and pattern's files.
pub fn names(preset: Option<&str>, files: &[PathBuf]) -> Result<Vec<String>, String> {
    match preset {
        Some(id) => Ok(vec![format!("preset:{id}")]),
        None => crate::inputs::expand(files),
    }
}

/// A scenario read and simulated at `now`: its name and simulation, or the exit status after
/// its problems were written to `err`.
pub fn simulate_named(
    name: &str,
    now: &str,
    err: &mut impl Write,
) -> Result<(String, Simulation), u8> {
    let (name, text) = match crate::inputs::read_document(name) {
        Ok(loaded) => loaded,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return Err(2);
        }
    };
    let read = read_scenario_with(&text, &crate::managed::Embedded);
    if !read.problems.is_empty() {
        let drawn = render_scenario_problems(&name, &text, &read.problems);
        let _ = err.write_all(drawn.as_bytes());
    }
    let Some(scenario) = read.scenario else {
        let _ = writeln!(
            err,
            "{name}: {} problem(s); nothing was simulated",
            read.problems.len()
        );
        return Err(2);
    };
    let outcome = run_scenario(&scenario, now);
    Ok((
        scenario.name.clone(),
        simulation(&text, &scenario, &outcome),
    ))
}

/// Runs the command: exit 0 when every request of every scenario is allowed, 1 when any is
/// denied or a link of a chain is broken, 2 on bad input.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let names = match names(args.preset.as_deref(), &args.scenario) {
        Ok(names) => names,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return 2;
        }
    };
    let now = args.now.clone().unwrap_or_else(now_iso);
    let mut code = 0;
    let mut values = Vec::new();
    for (i, file) in names.iter().enumerate() {
        let (name, report) = match simulate_named(file, &now, err) {
            Ok(simulated) => simulated,
            Err(status) => {
                code = code.max(status);
                continue;
            }
        };
        let written = match args.output {
            OutputFormat::Text => {
                let gap = if i > 0 { writeln!(out) } else { Ok(()) };
                gap.and_then(|()| write_text(out, &name, &report))
            }
            OutputFormat::Json => {
                values.push(iamplay_core::report::scenario_json(&name, &report));
                Ok(())
            }
        };
        if written.is_err() {
            return 2;
        }
        if !report.all_allowed {
            code = code.max(1);
        }
    }
    if args.output == OutputFormat::Json && !(names.len() == 1 && values.is_empty()) {
        let value = match (names.len(), values.pop()) {
            (1, Some(value)) => value,
            (_, last) => serde_json::Value::Array(values.into_iter().chain(last).collect()),
        };
        let written = serde_json::to_string_pretty(&value)
            .map_err(std::io::Error::other)
            .and_then(|t| writeln!(out, "{t}"));
        if written.is_err() {
            return 2;
        }
    }
    code
}

/// Where a statement is written: `at LINE:COL` in the scenario, or in the AWS managed policy.
fn place(statement: &StatementPlace) -> String {
    let at = statement
        .start
        .map(|at| format!(" at {}:{}", at.line, at.column))
        .unwrap_or_default();
    match &statement.source {
        Source::Scenario(_) => at,
        Source::Managed(arn) => format!(" in {arn}{at}"),
        Source::Input { .. } | Source::Text => String::new(),
    }
}

fn describe(statement: &StatementPlace) -> String {
    match &statement.sid {
        Some(sid) => format!("`{}` statement `{sid}`", statement.policy),
        None => format!("`{}` statement #{}", statement.policy, statement.index + 1),
    }
}

fn write_text(out: &mut impl Write, name: &str, report: &Simulation) -> std::io::Result<()> {
    if !name.is_empty() {
        writeln!(out, "scenario: {name}")?;
    }
    writeln!(out, "verdict: {}", report.verdict)?;
    writeln!(out)?;
    writeln!(out, "chain:")?;
    for link in &report.links {
        writeln!(
            out,
            "  {} {}: {}",
            if link.ok { "ok  " } else { "FAIL" },
            link.name,
            link.detail
        )?;
    }
    if let Some(session) = &report.session {
        writeln!(out)?;
        writeln!(out, "role session {}:", session.arn)?;
        for (key, values, source) in &session.context {
            let source = match source {
                ContextSource::Ec2 => "set by EC2",
                ContextSource::Scenario => "from the scenario",
            };
            writeln!(out, "  {key} = {} ({source})", values.join(", "))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "requests:")?;
    for request in &report.requests {
        writeln!(
            out,
            "  {:<13} {} on {}",
            request.decision.as_str(),
            request.action,
            request.resource
        )?;
        if let Some(summary) = &request.summary {
            writeln!(out, "    why: {summary}")?;
        }
        for statement in &request.deciding {
            writeln!(
                out,
                "    deciding: {}{}",
                describe(statement),
                place(statement)
            )?;
        }
        for statement in &request.near_misses {
            let why = statement.why.as_deref().unwrap_or_default();
            writeln!(
                out,
                "    near miss: {}{}: {why}",
                describe(statement),
                place(statement)
            )?;
        }
        for warning in &request.warnings {
            writeln!(out, "    warning: {warning}")?;
        }
        if let Some((decision, why)) = &request.unsigned {
            writeln!(out, "    unsigned (no credentials): {decision}: {why}")?;
        }
        if !request.missing_context_values.is_empty() {
            writeln!(
                out,
                "    missing context keys: {}",
                request.missing_context_values.join(", ")
            )?;
        }
        if let (Some(expected), true) = (request.expected, request.unexpected()) {
            writeln!(
                out,
                "    expected {}, got {}",
                expected.as_str(),
                request.decision.as_str()
            )?;
        }
    }
    for warning in &report.warnings {
        writeln!(out, "warning: {warning}")?;
    }
    Ok(())
}
