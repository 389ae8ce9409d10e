//! JSON reports of a scenario's simulation and of a policy's reading: one shape for every face
//! that speaks JSON (the CLI's `--output json`, the JS package).

use crate::chain::{ChainOutcome, ContextSource};
use crate::decision::{EvalDecision, StatementRef, near_misses};
use crate::managed::ManagedPolicies;
use crate::scenario::{Scenario, read_scenario_with, run_scenario};
use crate::span::LineIndex;
use crate::{Diagnostic, read_policy};
use serde_json::{Value, json};

mod access;

pub use access::{diff_report, summary_report};

/// Line and column (1-based) of a statement in the scenario text, when it can be placed.
fn place(
    text: &str,
    index: &LineIndex<'_>,
    outcome: &ChainOutcome,
    statement: &StatementRef,
) -> (Option<usize>, Option<usize>) {
    match outcome.statement_span(text, statement) {
        Some(span) => {
            let at = index.line_col(span.start);
            (Some(at.line), Some(at.column))
        }
        None => (None, None),
    }
}

fn diagnostic(text: &str, index: &LineIndex<'_>, d: &Diagnostic, path: Option<&str>) -> Value {
    let start = index.line_col(d.span.start);
    let end = index.line_col(d.span.end);
    json!({
        "severity": d.severity.as_str(),
        "code": d.code,
        "message": d.message,
        "help": d.help,
        "path": path,
        "line": start.line,
        "column": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "text": d.span.slice(text),
    })
}

/// The simulation of a scenario that was read without errors.
pub fn scenario_report(text: &str, scenario: &Scenario, outcome: &ChainOutcome) -> Value {
    let index = LineIndex::new(text);
    let links: Vec<Value> = outcome
        .links
        .iter()
        .map(|l| json!({ "name": l.name, "ok": l.ok, "detail": l.detail }))
        .collect();
    let session = outcome.session.as_ref().map(|s| {
        json!({
            "arn": s.arn,
            "roleArn": s.role_arn,
            "context": s.context.iter().map(|k| json!({
                "key": k.key,
                "values": k.value.values,
                "source": match k.source { ContextSource::Ec2 => "ec2", ContextSource::Scenario => "scenario" },
            })).collect::<Vec<_>>(),
        })
    });
    let requests: Vec<Value> = outcome
        .requests
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let expected = scenario.expectations.get(i).copied().flatten();
            let evaluation = r.evaluation.as_ref();
            let statement = |s: &StatementRef, why: Option<String>| {
                let (line, column) = place(text, &index, outcome, s);
                json!({
                    "policy": s.policy_name,
                    "policyType": s.policy_type.label(),
                    "sid": s.sid,
                    "index": s.index,
                    "line": line,
                    "column": column,
                    "why": why,
                })
            };
            json!({
                "action": r.request.action,
                "resource": r.request.resource,
                "decision": r.decision.as_str(),
                "expected": expected.map(EvalDecision::as_str),
                "summary": evaluation.map(|e| e.summary.clone()),
                "deciding": evaluation.map(|e| e.deciding.iter().map(|s| statement(s, None)).collect::<Vec<_>>()),
                "missingContextValues": evaluation.map(|e| e.missing_context_keys.clone()),
                "nearMisses": evaluation.map(|e| near_misses(e, false).into_iter().map(|(s, why)| statement(s, Some(why))).collect::<Vec<_>>()),
            })
        })
        .collect();
    json!({
        "scenario": scenario.name,
        "verdict": outcome.headline,
        "allAllowed": outcome.all_allowed(),
        "links": links,
        "session": session,
        "requests": requests,
        "warnings": outcome.warnings,
    })
}

/// Reads and simulates a scenario document at time `now` (unless it fixes its own): the
/// simulation, or every problem with its JSON path and place, under `problems`.
pub fn simulate_report(text: &str, now: &str, managed: &dyn ManagedPolicies) -> Value {
    let read = read_scenario_with(text, managed);
    let index = LineIndex::new(text);
    let problems: Vec<Value> = read
        .problems
        .iter()
        .map(|p| diagnostic(text, &index, &p.diagnostic, Some(&p.path)))
        .collect();
    match read.scenario {
        Some(scenario) => {
            let outcome = run_scenario(&scenario, now);
            let mut report = scenario_report(text, &scenario, &outcome);
            if let Some(object) = report.as_object_mut() {
                object.insert("problems".to_owned(), Value::Array(problems));
            }
            report
        }
        None => json!({ "problems": problems }),
    }
}

/// Reads a policy document: its statements and every problem with its place.
pub fn policy_report(text: &str) -> Value {
    let read = read_policy(text);
    let index = LineIndex::new(text);
    let statements: Vec<Value> = read
        .policy
        .as_ref()
        .map(|p| {
            p.statements
                .iter()
                .map(|s| {
                    let at = index.line_col(s.span.start);
                    let list = |l: &Option<crate::policy::ValueList>| {
                        l.as_ref().map(|l| json!({
                            "negated": l.negated,
                            "values": l.values.iter().map(|v| v.value.clone()).collect::<Vec<_>>(),
                        }))
                    };
                    json!({
                        "index": s.index,
                        "sid": s.sid.as_ref().map(|s| s.value.clone()),
                        "effect": s.effect.value.to_string(),
                        "action": list(&s.action),
                        "resource": list(&s.resource),
                        "conditions": s.conditions.len(),
                        "line": at.line,
                        "column": at.column,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    json!({
        "valid": read.is_valid(),
        "statements": statements,
        "problems": read.diagnostics.iter().map(|d| diagnostic(text, &index, d, None)).collect::<Vec<_>>(),
    })
}

/// Lints a policy as `kind`: every finding with its class, code, help and place.
pub fn lint_report(text: &str, kind: crate::compile::PolicyType) -> Value {
    let index = LineIndex::new(text);
    let findings = crate::lint::lint_policy(text, kind);
    json!({
        "policyType": kind.label(),
        "findings": findings.iter().map(|d| diagnostic(text, &index, d, None)).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::preset;

    #[test]
    fn a_preset_reports_its_requests_with_places() {
        let text = preset("ec2-app-server").map(|p| p.text).unwrap_or("");
        let report = simulate_report(
            text,
            "2026-11-22T12:00:00Z",
            &crate::managed::repository_files(text),
        );
        assert_eq!(report["problems"], json!([]));
        assert_eq!(report["allAllowed"], false);
        let sqs = &report["requests"][4];
        assert_eq!(sqs["action"], "sqs:SendMessage");
        assert_eq!(sqs["nearMisses"][0]["sid"], "SQSAccess");
        assert_eq!(sqs["nearMisses"][0]["line"], 29);
        assert_eq!(report["requests"][0]["deciding"][0]["line"], 16);
    }

    #[test]
    fn problems_and_policies_report_their_places() {
        let report = simulate_report(
            "{\"scenarioVersion\": 1}",
            "2026-11-22T12:00:00Z",
            &crate::managed::NoManagedPolicies,
        );
        assert_eq!(report["problems"][0]["path"], "$");
        assert_eq!(report["problems"][0]["message"], "`$` needs `account`");
        let report = policy_report("{\"Statement\": {\"Effect\": \"allow\", \"Action\": \"*\"}}");
        assert_eq!(report["valid"], false);
        assert_eq!(report["problems"][0]["column"], 26);
        assert_eq!(report["problems"][0]["text"], "\"allow\"");
    }
}
