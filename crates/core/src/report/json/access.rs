//! JSON reports of the access summary and the change review.

use super::diagnostic;
use crate::access::{
    AccessChange, AccessDiff, ActionAccess, ServiceGroup, Subject, SubjectError, diff,
    subject_from_text, summarize,
};
use crate::compile::PolicyType;
use crate::managed::ManagedPolicies;
use crate::span::LineIndex;
use serde_json::{Value, json};

fn subject(
    text: &str,
    kind: PolicyType,
    now: &str,
    managed: &dyn ManagedPolicies,
) -> Result<Subject, Value> {
    subject_from_text("policy", text, kind, now, managed).map_err(|error| match error {
        SubjectError::Problems(problems) => {
            let index = LineIndex::new(text);
            json!({
                "problems": problems.iter().map(|d| diagnostic(text, &index, d, None)).collect::<Vec<_>>(),
                "noCredentials": null,
            })
        }
        SubjectError::NoCredentials(why) => json!({ "problems": [], "noCredentials": why }),
    })
}

fn groups<T>(groups: Vec<ServiceGroup<'_, T>>, item: impl Fn(&T) -> Value) -> Vec<Value> {
    groups
        .into_iter()
        .map(|g| {
            json!({
                "service": g.service,
                "serviceName": g.service_name,
                "catalogueActions": g.catalogue_actions,
                "accessLevels": g.levels.into_iter().map(|l| json!({
                    "accessLevel": l.access.as_str(),
                    "actions": l.items.into_iter().map(&item).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn action(a: &ActionAccess) -> Value {
    json!({
        "action": a.name(),
        "everywhere": a.everywhere.map(|g| g.as_str()),
        "resources": a.resources.iter().map(|(r, g)| json!({"resource": r, "grant": g.as_str()})).collect::<Vec<_>>(),
    })
}

fn change(c: &AccessChange) -> Value {
    json!({
        "action": format!("{}:{}", c.service, c.action),
        "resource": c.resource,
        "before": c.before.map(|g| g.as_str()),
        "after": c.after.map(|g| g.as_str()),
    })
}

/// The access summary of a scenario's instance or of a policy read as `kind`: every allowed
/// catalogue action by service and access level, or the problems that prevent it.
pub fn summary_report(
    text: &str,
    kind: PolicyType,
    now: &str,
    managed: &dyn ManagedPolicies,
) -> Value {
    let mut subject = match subject(text, kind, now, managed) {
        Ok(subject) => subject,
        Err(report) => return report,
    };
    let summary = summarize(&mut subject, &[]);
    json!({
        "problems": [],
        "noCredentials": null,
        "subject": subject.label,
        "warnings": subject.warnings,
        "resources": summary.resources,
        "evaluated": summary.evaluated,
        "allowedActions": summary.actions.len(),
        "services": groups(summary.groups(), action),
    })
}

/// The change review between two versions (both scenarios or both policies): what the new one
/// grants that the old did not (`result` is `FAIL` then, as CheckNoNewAccess says) and what it
/// removes.
pub fn diff_report(
    old: &str,
    new: &str,
    kind: PolicyType,
    now: &str,
    managed: &dyn ManagedPolicies,
) -> Value {
    let (mut before, mut after) = match (
        subject(old, kind, now, managed),
        subject(new, kind, now, managed),
    ) {
        (Ok(before), Ok(after)) => (before, after),
        (before, after) => {
            return json!({
                "old": before.err(),
                "new": after.err(),
            });
        }
    };
    let review: AccessDiff = diff(&mut before, &mut after);
    json!({
        "result": if review.no_new_access() { "PASS" } else { "FAIL" },
        "old": before.label,
        "new": after.label,
        "warnings": before.warnings.iter().chain(&after.warnings).collect::<Vec<_>>(),
        "resources": review.resources,
        "evaluated": review.evaluated,
        "granted": groups(review.granted_groups(), change),
        "removed": groups(review.removed_groups(), change),
    })
}
