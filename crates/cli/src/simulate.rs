//! `iamplay simulate SCENARIO.json`: the instance-profile chain of a scenario document, with
//! the verdict, each link, the role session's context and every request's explanation.

use crate::render::render;
use iamplay_core::chain::{ChainOutcome, ContextSource};
use iamplay_core::decision::{StatementRef, near_misses};
use iamplay_core::presets::preset;
use iamplay_core::scenario::{Scenario, read_scenario_with, run_scenario};
use iamplay_core::{EvalDecision, LineIndex};
use std::io::Write;
use std::path::PathBuf;

use crate::simulate_custom::OutputFormat;

/// Arguments of `simulate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario document (JSON); `-` reads standard input.
    #[arg(required_unless_present = "preset")]
    pub scenario: Option<PathBuf>,
    /// Run a shipped preset instead: `elastic-beanstalk`, `ec2-app-server`, `auto-scaling-qateam`.
    #[arg(long, conflicts_with = "scenario")]
    pub preset: Option<String>,
    /// The time of the requests (ISO 8601) when the scenario does not fix it; default: now.
    #[arg(long)]
    pub now: Option<String>,
    /// `text` (default) or `json`.
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

fn load(args: &Args) -> Result<(String, String), String> {
    if let Some(id) = &args.preset {
        return preset(id)
            .map(|p| (format!("preset {id}"), p.text.to_owned()))
            .ok_or_else(|| format!("no preset named `{id}`"));
    }
    let Some(path) = &args.scenario else {
        return Err("name a scenario file or --preset".to_owned());
    };
    let name = path.display().to_string();
    let text = if name == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| e.to_string())?;
        text
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read `{name}`: {e}"))?
    };
    Ok((name, text))
}

/// Runs the command: exit 0 when every request is allowed, 1 when any is denied or a link of
/// the chain is broken, 2 on bad input.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let (name, text) = match load(args) {
        Ok(loaded) => loaded,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return 2;
        }
    };
    let read = read_scenario_with(&text, &crate::managed::Embedded);
    if !read.problems.is_empty() {
        let diagnostics: Vec<_> = read
            .problems
            .iter()
            .map(|p| {
                let mut d = p.diagnostic.clone();
                d.message = format!("{} (at {})", d.message, p.path);
                d
            })
            .collect();
        let _ = err.write_all(render(&name, &text, &diagnostics).as_bytes());
    }
    let Some(scenario) = read.scenario else {
        let _ = writeln!(
            err,
            "{name}: {} problem(s); nothing was simulated",
            read.problems.len()
        );
        return 2;
    };
    let now = args.now.clone().unwrap_or_else(now_iso);
    let outcome = run_scenario(&scenario, &now);
    let locate = Locator {
        text: &text,
        index: LineIndex::new(&text),
    };
    let written = match args.output {
        OutputFormat::Text => write_text(out, &scenario, &outcome, &locate),
        OutputFormat::Json => {
            let value = iamplay_core::report::scenario_report(&text, &scenario, &outcome);
            serde_json::to_string_pretty(&value)
                .map_err(std::io::Error::other)
                .and_then(|t| writeln!(out, "{t}"))
        }
    };
    if written.is_err() {
        return 2;
    }
    if outcome.all_allowed() { 0 } else { 1 }
}

/// Finds where a statement stands in the scenario document: policies embedded as objects are
/// verbatim slices of it.
struct Locator<'t> {
    text: &'t str,
    index: LineIndex<'t>,
}

impl Locator<'_> {
    fn place(&self, outcome: &ChainOutcome, statement: &StatementRef) -> Option<(usize, usize)> {
        let span = outcome.statement_span(self.text, statement)?;
        let at = self.index.line_col(span.start);
        Some((at.line, at.column))
    }
}

fn describe(statement: &StatementRef) -> String {
    match &statement.sid {
        Some(sid) => format!("`{}` statement `{sid}`", statement.policy_name),
        None => format!(
            "`{}` statement #{}",
            statement.policy_name,
            statement.index + 1
        ),
    }
}

fn write_text(
    out: &mut impl Write,
    scenario: &Scenario,
    outcome: &ChainOutcome,
    locate: &Locator<'_>,
) -> std::io::Result<()> {
    if !scenario.name.is_empty() {
        writeln!(out, "scenario: {}", scenario.name)?;
    }
    writeln!(out, "verdict: {}", outcome.headline)?;
    writeln!(out)?;
    writeln!(out, "chain:")?;
    for link in &outcome.links {
        writeln!(
            out,
            "  {} {}: {}",
            if link.ok { "ok  " } else { "FAIL" },
            link.name,
            link.detail
        )?;
    }
    if let Some(session) = &outcome.session {
        writeln!(out)?;
        writeln!(out, "role session {}:", session.arn)?;
        for key in &session.context {
            let source = match key.source {
                ContextSource::Ec2 => "set by EC2",
                ContextSource::Scenario => "from the scenario",
            };
            writeln!(
                out,
                "  {} = {} ({source})",
                key.key,
                key.value.values.join(", ")
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "requests:")?;
    for (i, result) in outcome.requests.iter().enumerate() {
        writeln!(
            out,
            "  {:<13} {} on {}",
            result.decision.as_str(),
            result.request.action,
            result.request.resource
        )?;
        if let Some(evaluation) = &result.evaluation {
            writeln!(out, "    why: {}", evaluation.summary)?;
            for statement in &evaluation.deciding {
                let place = locate
                    .place(outcome, statement)
                    .map(|(l, c)| format!(" at {l}:{c}"))
                    .unwrap_or_default();
                writeln!(out, "    deciding: {}{place}", describe(statement))?;
            }
            if result.decision == EvalDecision::ImplicitDeny {
                for (statement, why) in near_misses(evaluation, false) {
                    let place = locate
                        .place(outcome, statement)
                        .map(|(l, c)| format!(" at {l}:{c}"))
                        .unwrap_or_default();
                    writeln!(out, "    near miss: {}{place}: {why}", describe(statement))?;
                }
            }
            if !evaluation.missing_context_keys.is_empty() {
                writeln!(
                    out,
                    "    missing context keys: {}",
                    evaluation.missing_context_keys.join(", ")
                )?;
            }
        }
        if let Some(Some(expected)) = scenario.expectations.get(i) {
            if *expected != result.decision {
                writeln!(
                    out,
                    "    expected {}, got {}",
                    expected.as_str(),
                    result.decision.as_str()
                )?;
            }
        }
    }
    for warning in &outcome.warnings {
        writeln!(out, "warning: {warning}")?;
    }
    Ok(())
}
