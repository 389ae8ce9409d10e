//! JSON reports of the access summary and the change review.

use super::{diagnostic, value, wire};
use crate::access::{
    AccessChange, AccessDiff, ActionAccess, ServiceGroup, Subject, SubjectError, diff,
    subject_from_text, summarize,
};
use crate::compile::PolicyType;
use crate::managed::ManagedPolicies;
use crate::span::LineIndex;
use serde_json::Value;

fn subject(
    text: &str,
    kind: PolicyType,
    now: &str,
    managed: &dyn ManagedPolicies,
) -> Result<Subject, wire::SubjectProblems> {
    subject_from_text("policy", text, kind, now, managed).map_err(|error| match error {
        SubjectError::Problems(problems) => {
            let index = LineIndex::new(text);
            wire::SubjectProblems {
                problems: problems
                    .iter()
                    .map(|d| diagnostic(text, &index, d, None))
                    .collect(),
                no_credentials: None,
            }
        }
        SubjectError::NoCredentials(why) => wire::SubjectProblems {
            problems: Vec::new(),
            no_credentials: Some(why),
        },
    })
}

fn groups<T, W>(
    groups: Vec<ServiceGroup<'_, T>>,
    item: impl Fn(&T) -> W,
) -> Vec<wire::ServiceGroup<W>> {
    groups
        .into_iter()
        .map(|g| wire::ServiceGroup {
            service: g.service.to_owned(),
            service_name: g.service_name.to_owned(),
            catalogue_actions: g.catalogue_actions,
            access_levels: g
                .levels
                .into_iter()
                .map(|l| wire::LevelGroup {
                    access_level: l.access.as_str().to_owned(),
                    actions: l.items.into_iter().map(&item).collect(),
                })
                .collect(),
        })
        .collect()
}

fn action(a: &ActionAccess) -> wire::ActionAccess {
    wire::ActionAccess {
        action: a.name(),
        everywhere: a.everywhere.map(|g| g.as_str().to_owned()),
        resources: a
            .resources
            .iter()
            .map(|(r, g)| wire::ResourceGrant {
                resource: r.clone(),
                grant: g.as_str().to_owned(),
            })
            .collect(),
    }
}

fn change(c: &AccessChange) -> wire::AccessChange {
    wire::AccessChange {
        action: format!("{}:{}", c.service, c.action),
        resource: c.resource.clone(),
        before: c.before.map(|g| g.as_str().to_owned()),
        after: c.after.map(|g| g.as_str().to_owned()),
    }
}

/// The access summary of a scenario's instance or of a policy read as `kind`: every allowed
/// catalogue action by service and access level, or the problems that prevent it.
pub fn summary_result(
    text: &str,
    kind: PolicyType,
    now: &str,
    managed: &dyn ManagedPolicies,
) -> wire::SummaryResult {
    let mut subject = match subject(text, kind, now, managed) {
        Ok(subject) => subject,
        Err(problems) => {
            return wire::SummaryResult {
                problems: problems.problems,
                no_credentials: problems.no_credentials,
                subject: None,
                warnings: None,
                resources: None,
                evaluated: None,
                allowed_actions: None,
                services: None,
            };
        }
    };
    let summary = summarize(&mut subject, &[]);
    wire::SummaryResult {
        problems: Vec::new(),
        no_credentials: None,
        services: Some(groups(summary.groups(), action)),
        subject: Some(subject.label),
        warnings: Some(subject.warnings),
        resources: Some(summary.resources),
        evaluated: Some(summary.evaluated),
        allowed_actions: Some(summary.actions.len()),
    }
}

/// [`summary_result`] as a JSON value.
pub fn summary_report(
    text: &str,
    kind: PolicyType,
    now: &str,
    managed: &dyn ManagedPolicies,
) -> Value {
    value(&summary_result(text, kind, now, managed))
}

/// The change review between two versions (both scenarios or both policies): what the new one
/// grants that the old did not (`result` is `FAIL` then, as CheckNoNewAccess says) and what it
/// removes.
pub fn diff_result(
    old: &str,
    new: &str,
    kind: PolicyType,
    now: &str,
    managed: &dyn ManagedPolicies,
) -> wire::DiffResult {
    let (mut before, mut after) = match (
        subject(old, kind, now, managed),
        subject(new, kind, now, managed),
    ) {
        (Ok(before), Ok(after)) => (before, after),
        (before, after) => {
            return wire::DiffResult {
                result: None,
                old: before.err().map(wire::ReviewSide::Problems),
                new: after.err().map(wire::ReviewSide::Problems),
                warnings: None,
                resources: None,
                evaluated: None,
                granted: None,
                removed: None,
            };
        }
    };
    let review: AccessDiff = diff(&mut before, &mut after);
    wire::DiffResult {
        result: Some(
            if review.no_new_access() {
                "PASS"
            } else {
                "FAIL"
            }
            .to_owned(),
        ),
        warnings: Some(
            before
                .warnings
                .iter()
                .chain(&after.warnings)
                .cloned()
                .collect(),
        ),
        resources: Some(review.resources.clone()),
        evaluated: Some(review.evaluated),
        granted: Some(groups(review.granted_groups(), change)),
        removed: Some(groups(review.removed_groups(), change)),
        old: Some(wire::ReviewSide::Label(before.label)),
        new: Some(wire::ReviewSide::Label(after.label)),
    }
}

/// [`diff_result`] as a JSON value.
pub fn diff_report(
    old: &str,
    new: &str,
    kind: PolicyType,
    now: &str,
    managed: &dyn ManagedPolicies,
) -> Value {
    value(&diff_result(old, new, kind, now, managed))
}
