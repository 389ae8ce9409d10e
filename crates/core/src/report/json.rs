//! JSON renderings of the reports: one shape for every face that speaks JSON (the CLI's
//! `--output json`, the JS package), typed in [`super::wire`].

use super::wire;
use super::{Problem, Simulation, StatementPlace};
use crate::Diagnostic;
use crate::decision::EvalDecision;
use crate::managed::ManagedPolicies;
use crate::origin::Source;
use crate::span::LineIndex;
use serde_json::Value;

mod access;

pub use access::{diff_report, diff_result, summary_report, summary_result};

/// A typed report as a JSON value (a report always serializes).
pub(super) fn value(report: &impl serde::Serialize) -> Value {
    serde_json::to_value(report).unwrap_or(Value::Null)
}

fn diagnostic(
    text: &str,
    index: &LineIndex<'_>,
    d: &Diagnostic,
    path: Option<&str>,
) -> wire::Problem {
    problem(&Problem::new(text, index, d, path))
}

pub(super) fn problem(p: &Problem) -> wire::Problem {
    let d = &p.diagnostic;
    wire::Problem {
        severity: d.severity.as_str().to_owned(),
        code: d.code.to_owned(),
        message: d.message.clone(),
        help: d.help.clone(),
        path: p.path.clone(),
        line: p.start.line,
        column: p.start.column,
        end_line: p.end.line,
        end_column: p.end.column,
        text: p.text.clone(),
    }
}

pub(super) fn statement(s: &StatementPlace) -> wire::StatementRef {
    let (source, document) = match &s.source {
        Source::Scenario(path) => ("scenario", path.clone()),
        Source::Managed(arn) => ("managed", arn.clone()),
        Source::Input { file, path } => ("input", format!("{file} {path}").trim().to_owned()),
        Source::Text => ("text", String::new()),
    };
    wire::StatementRef {
        policy: s.policy.clone(),
        policy_type: s.policy_type.label().to_owned(),
        sid: s.sid.clone(),
        index: s.index,
        source: source.to_owned(),
        document,
        line: s.start.map(|at| at.line),
        column: s.start.map(|at| at.column),
        why: s.why.clone(),
    }
}

/// The simulation of a scenario named `name`, without its problems.
fn simulation_result(name: &str, simulation: &Simulation) -> wire::SimulateResult {
    let links = simulation
        .links
        .iter()
        .map(|l| wire::Link {
            name: l.name.to_owned(),
            ok: l.ok,
            detail: l.detail.clone(),
        })
        .collect();
    let session = simulation.session.as_ref().map(|s| wire::Session {
        arn: s.arn.clone(),
        role_arn: s.role_arn.clone(),
        context: s
            .context
            .iter()
            .map(|(key, values, source)| wire::ContextEntry {
                key: key.clone(),
                values: values.clone(),
                source: source.id().to_owned(),
            })
            .collect(),
    });
    let requests = simulation
        .requests
        .iter()
        .map(|r| {
            let evaluated = |statements: &[StatementPlace]| {
                r.evaluated
                    .then(|| statements.iter().map(statement).collect())
            };
            wire::RequestResult {
                action: r.action.clone(),
                resource: r.resource.clone(),
                decision: r.decision.as_str().to_owned(),
                expected: r.expected.map(|e| EvalDecision::as_str(e).to_owned()),
                summary: r.summary.clone(),
                deciding: evaluated(&r.deciding),
                missing_context_values: r.evaluated.then(|| r.missing_context_values.clone()),
                near_misses: evaluated(&r.near_misses),
                warnings: r.warnings.clone(),
                unsigned: r
                    .unsigned
                    .as_ref()
                    .map(|(decision, summary)| wire::Unsigned {
                        decision: decision.as_str().to_owned(),
                        summary: summary.clone(),
                    }),
            }
        })
        .collect();
    wire::SimulateResult {
        scenario: Some(name.to_owned()),
        verdict: Some(simulation.verdict.clone()),
        all_allowed: Some(simulation.all_allowed),
        links: Some(links),
        session: Some(session),
        requests: Some(requests),
        warnings: Some(simulation.warnings.clone()),
        problems: Vec::new(),
    }
}

/// The simulation of a scenario named `name`, as the CLI's `simulate --output json` prints it
/// (without `problems`, which go to standard error).
pub fn scenario_json(name: &str, simulation: &Simulation) -> Value {
    let mut value = value(&simulation_result(name, simulation));
    if let Some(fields) = value.as_object_mut() {
        fields.remove("problems");
    }
    value
}

/// Reads and simulates a scenario document at time `now` (unless it fixes its own): the
/// simulation, or every problem with its JSON path and place, under `problems`.
pub fn simulate_result(
    text: &str,
    now: &str,
    managed: &dyn ManagedPolicies,
) -> wire::SimulateResult {
    let report = super::scenario(text, now, managed);
    let problems = report.problems.iter().map(problem).collect();
    match &report.simulation {
        Some(simulation) => wire::SimulateResult {
            problems,
            ..simulation_result(&report.name, simulation)
        },
        None => wire::SimulateResult {
            scenario: None,
            verdict: None,
            all_allowed: None,
            links: None,
            session: None,
            requests: None,
            warnings: None,
            problems,
        },
    }
}

/// [`simulate_result`] as a JSON value.
pub fn simulate_report(text: &str, now: &str, managed: &dyn ManagedPolicies) -> Value {
    value(&simulate_result(text, now, managed))
}

fn statement_summary(s: &super::StatementSummary) -> wire::StatementSummary {
    let list = |l: &Option<super::Values>| {
        l.as_ref().map(|l| wire::ValueList {
            negated: l.negated,
            values: l.values.clone(),
        })
    };
    wire::StatementSummary {
        index: s.index,
        sid: s.sid.clone(),
        effect: s.effect.to_string(),
        action: list(&s.action),
        resource: list(&s.resource),
        conditions: s.conditions.len(),
        line: s.start.line,
        column: s.start.column,
    }
}

/// Reads a policy document: its statements and every problem with its place.
pub fn policy_result(text: &str) -> wire::PolicyResult {
    let report = super::read(text);
    wire::PolicyResult {
        valid: report.is_valid(),
        statements: report.statements.iter().map(statement_summary).collect(),
        problems: report.problems.iter().map(problem).collect(),
    }
}

/// [`policy_result`] as a JSON value.
pub fn policy_report(text: &str) -> Value {
    value(&policy_result(text))
}

/// Lints a policy as `kind`: every finding with its class, code, help and place.
pub fn lint_result(text: &str, kind: crate::compile::PolicyType) -> wire::LintResult {
    let report = super::lint(text, Some(kind));
    wire::LintResult {
        policy_type: kind.label().to_owned(),
        findings: report.problems.iter().map(problem).collect(),
    }
}

/// [`lint_result`] as a JSON value.
pub fn lint_report(text: &str, kind: crate::compile::PolicyType) -> Value {
    value(&lint_result(text, kind))
}
