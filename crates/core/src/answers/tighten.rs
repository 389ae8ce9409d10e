//! The reverse of a fix: an over-broad Allow statement narrowed to what the scenario's requests
//! use, kept only when every request expected to be allowed still is and nothing new is
//! granted.

use super::Ground;
use super::edit::{self, Node};
use super::fix::{Claim, Fix, FixKind, Piece, check, patterns, statement_actions, statement_name};
use crate::decision::{EvalDecision, Place};
use crate::json::{Json, JsonValue};
use crate::origin::Source;
use crate::span::Span;

/// A statement (its policy's path and its index) and the allowed requests it decides.
type Decided = ((String, usize), Vec<(String, String)>);

/// Each identity-based statement written in the scenario, and the allowed requests it decides.
fn decided(base: &crate::chain::ChainOutcome) -> Vec<Decided> {
    let mut by_statement: Vec<Decided> = Vec::new();
    for r in &base.requests {
        let Some(evaluation) = r
            .evaluation
            .as_ref()
            .filter(|e| e.decision == EvalDecision::Allowed)
        else {
            continue;
        };
        for s in &evaluation.deciding {
            if s.place != Place::Identity {
                continue;
            }
            let Source::Scenario(path) = &s.origin.source else {
                continue;
            };
            let key = (path.clone(), s.index);
            let pair = (r.request.action.clone(), r.request.resource.clone());
            match by_statement.iter_mut().find(|(k, _)| *k == key) {
                Some((_, pairs)) => pairs.push(pair),
                None => by_statement.push((key, vec![pair])),
            }
        }
    }
    by_statement
}

/// Tightenings of over-broad Allow statements in the role's own policies (a wildcard action or
/// every resource): each narrowed to the actions and resources of the allowed requests it
/// decides, kept only when every request the scenario expects to be allowed (or that is
/// allowed, when it states no expectation) still is, and nothing new is granted.
pub fn tightenings(ground: Ground<'_>) -> Vec<Fix> {
    let base = ground.run();
    let Some(root) = edit::parse(ground.text) else {
        return Vec::new();
    };
    let by_statement = decided(&base);
    let must_stay: Vec<usize> = base
        .requests
        .iter()
        .enumerate()
        .filter(
            |(i, r)| match ground.scenario.expectations.get(*i).copied().flatten() {
                Some(expected) => expected == EvalDecision::Allowed,
                None => r.decision == EvalDecision::Allowed,
            },
        )
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    for ((path, index), pairs) in by_statement {
        let Some(piece) = Piece::at(&root, ground.text, &path) else {
            continue;
        };
        let Some(policy) = edit::parse(&piece.text) else {
            continue;
        };
        let Some((_, list)) = edit::statements(&policy) else {
            continue;
        };
        let Some(statement) = list.get(index).copied() else {
            continue;
        };
        let Some(actions) = statement_actions(statement) else {
            continue;
        };
        let resources: Vec<String> = match statement.get("Resource").map(|r| &r.value) {
            Some(JsonValue::String(s)) => vec![s.clone()],
            Some(JsonValue::Array(items)) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
            _ => continue,
        };
        let broad =
            actions.iter().any(|a| a.contains(['*', '?'])) || resources.iter().any(|r| r == "*");
        if !broad {
            continue;
        }
        let mut new_actions: Vec<String> = pairs.iter().map(|(a, _)| a.clone()).collect();
        new_actions.sort();
        new_actions.dedup();
        let mut new_resources: Vec<String> = pairs.iter().map(|(_, r)| r.clone()).collect();
        new_resources.sort();
        new_resources.dedup();
        if new_actions == actions && new_resources == resources {
            continue;
        }
        let Some(after) = replace_elements(&piece.text, statement, &new_actions, &new_resources)
        else {
            continue;
        };
        let name = statement_name(statement.get("Sid").and_then(Json::as_str), index);
        let title = format!(
            "narrow {name} at {path} to {} on {}",
            new_actions.join(", "),
            new_resources.join(", ")
        );
        let Some(candidate) = piece.candidate(
            ground.text,
            FixKind::Tighten,
            title,
            after,
            Claim::NoNewAccess {
                review: Some(patterns(actions.iter().map(String::as_str))),
            },
        ) else {
            continue;
        };
        let Some((_, outcome)) = ground.again(&candidate.scenario) else {
            continue;
        };
        let kept = must_stay.iter().all(|i| {
            outcome
                .requests
                .get(*i)
                .is_some_and(|r| r.decision == EvalDecision::Allowed)
        });
        if !kept {
            continue;
        }
        // `index` 0: the decision shown is the first request's; a tightening keeps them all.
        if let Ok(fix) = check(
            &ground,
            &base,
            must_stay.first().copied().unwrap_or(0),
            candidate,
            false,
        ) {
            if !fix.removes.is_empty() {
                out.push(fix);
            }
        }
    }
    out
}

/// The statement with its `Action` and `Resource` values replaced.
fn replace_elements(
    text: &str,
    statement: &Json,
    actions: &[String],
    resources: &[String],
) -> Option<String> {
    let action = statement.get("Action")?;
    let resource = statement.get("Resource")?;
    let write = |node: &Node, at: Span| edit::written_at(text, at.start, node);
    // The later element first, so the earlier span stays right.
    let mut parts = [
        (action.span, Node::list(actions)),
        (resource.span, Node::list(resources)),
    ];
    parts.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    let mut out = text.to_owned();
    for (span, node) in &parts {
        let with = write(node, *span);
        out = edit::splice(&out, *span, &with)?;
    }
    Some(out)
}
