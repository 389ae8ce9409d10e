//! JSON renderings of the reports: one shape for every face that speaks JSON (the CLI's
//! `--output json`, the JS package).

use super::{Problem, Simulation, StatementPlace};
use crate::Diagnostic;
use crate::decision::EvalDecision;
use crate::managed::ManagedPolicies;
use crate::origin::Source;
use crate::span::LineIndex;
use serde_json::{Value, json};

mod access;

pub use access::{diff_report, summary_report};

fn diagnostic(text: &str, index: &LineIndex<'_>, d: &Diagnostic, path: Option<&str>) -> Value {
    problem(&Problem::new(text, index, d, path))
}

pub(super) fn problem(p: &Problem) -> Value {
    let d = &p.diagnostic;
    json!({
        "severity": d.severity.as_str(),
        "code": d.code,
        "message": d.message,
        "help": d.help,
        "path": p.path,
        "line": p.start.line,
        "column": p.start.column,
        "endLine": p.end.line,
        "endColumn": p.end.column,
        "text": p.text,
    })
}

fn statement(s: &StatementPlace) -> Value {
    let (source, document) = match &s.source {
        Source::Scenario(path) => ("scenario", path.clone()),
        Source::Managed(arn) => ("managed", arn.clone()),
        Source::Input { file, path } => ("input", format!("{file} {path}").trim().to_owned()),
        Source::Text => ("text", String::new()),
    };
    json!({
        "policy": s.policy,
        "policyType": s.policy_type.label(),
        "sid": s.sid,
        "index": s.index,
        "source": source,
        "document": document,
        "line": s.start.map(|at| at.line),
        "column": s.start.map(|at| at.column),
        "why": s.why,
    })
}

/// The simulation of a scenario named `name`.
pub fn scenario_json(name: &str, simulation: &Simulation) -> Value {
    let links: Vec<Value> = simulation
        .links
        .iter()
        .map(|l| json!({ "name": l.name, "ok": l.ok, "detail": l.detail }))
        .collect();
    let session = simulation.session.as_ref().map(|s| {
        json!({
            "arn": s.arn,
            "roleArn": s.role_arn,
            "context": s.context.iter().map(|(key, values, source)| json!({
                "key": key,
                "values": values,
                "source": source.id(),
            })).collect::<Vec<_>>(),
        })
    });
    let requests: Vec<Value> = simulation
        .requests
        .iter()
        .map(|r| {
            let evaluated = |v: Value| if r.evaluated { v } else { Value::Null };
            json!({
                "action": r.action,
                "resource": r.resource,
                "decision": r.decision.as_str(),
                "expected": r.expected.map(EvalDecision::as_str),
                "summary": r.summary,
                "deciding": evaluated(r.deciding.iter().map(statement).collect()),
                "missingContextValues": evaluated(json!(r.missing_context_values)),
                "nearMisses": evaluated(r.near_misses.iter().map(statement).collect()),
                "warnings": r.warnings,
                "unsigned": r.unsigned.as_ref().map(|(decision, summary)| json!({
                    "decision": decision.as_str(),
                    "summary": summary,
                })),
            })
        })
        .collect();
    json!({
        "scenario": name,
        "verdict": simulation.verdict,
        "allAllowed": simulation.all_allowed,
        "links": links,
        "session": session,
        "requests": requests,
        "warnings": simulation.warnings,
    })
}

/// Reads and simulates a scenario document at time `now` (unless it fixes its own): the
/// simulation, or every problem with its JSON path and place, under `problems`.
pub fn simulate_report(text: &str, now: &str, managed: &dyn ManagedPolicies) -> Value {
    let report = super::scenario(text, now, managed);
    let problems: Vec<Value> = report.problems.iter().map(problem).collect();
    match &report.simulation {
        Some(simulation) => {
            let mut value = scenario_json(&report.name, simulation);
            if let Some(object) = value.as_object_mut() {
                object.insert("problems".to_owned(), Value::Array(problems));
            }
            value
        }
        None => json!({ "problems": problems }),
    }
}

fn statement_summary(s: &super::StatementSummary) -> Value {
    let list = |l: &Option<super::Values>| {
        l.as_ref()
            .map(|l| json!({ "negated": l.negated, "values": l.values }))
    };
    json!({
        "index": s.index,
        "sid": s.sid,
        "effect": s.effect.to_string(),
        "action": list(&s.action),
        "resource": list(&s.resource),
        "conditions": s.conditions.len(),
        "line": s.start.line,
        "column": s.start.column,
    })
}

/// Reads a policy document: its statements and every problem with its place.
pub fn policy_report(text: &str) -> Value {
    let report = super::read(text);
    json!({
        "valid": report.is_valid(),
        "statements": report.statements.iter().map(statement_summary).collect::<Vec<_>>(),
        "problems": report.problems.iter().map(problem).collect::<Vec<_>>(),
    })
}

/// Lints a policy as `kind`: every finding with its class, code, help and place.
pub fn lint_report(text: &str, kind: crate::compile::PolicyType) -> Value {
    let report = super::lint(text, Some(kind));
    json!({
        "policyType": kind.label(),
        "findings": report.problems.iter().map(problem).collect::<Vec<_>>(),
    })
}
