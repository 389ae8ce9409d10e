//! What an instance (or a policy) allows over AWS's whole catalogue, and what changed since a
//! baseline, shaped for display.

use iamplay_core::access::{
    ServiceGroup, Subject, diff, policy_subject, scenario_subject, summarize,
};
use iamplay_core::diagnostic::has_errors;
use iamplay_core::managed::ManagedPolicies;
use iamplay_core::scenario::{Scenario, read_scenario_with};
use iamplay_core::{PolicyType, compile_policy};

/// One service's actions by access level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceView {
    /// The prefix, e.g. `s3`.
    pub service: &'static str,
    /// The service's name.
    pub name: &'static str,
    /// How many of its actions are listed.
    pub count: usize,
    /// How many actions it has in the catalogue.
    pub catalogue: usize,
    /// Access level and the actions at it (with where, when not everywhere).
    pub levels: Vec<(&'static str, Vec<String>)>,
}

fn services<T>(
    groups: Vec<ServiceGroup<'_, T>>,
    describe: impl Fn(&T) -> String,
) -> Vec<ServiceView> {
    groups
        .into_iter()
        .map(|g| ServiceView {
            service: g.service,
            name: g.service_name,
            count: g.levels.iter().map(|l| l.items.len()).sum(),
            catalogue: g.catalogue_actions,
            levels: g
                .levels
                .into_iter()
                .map(|l| {
                    (
                        l.access.as_str(),
                        l.items.into_iter().map(&describe).collect(),
                    )
                })
                .collect(),
        })
        .collect()
}

/// The access summary of the scenario's instance.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccessView {
    /// Whose access: the role session.
    pub subject: String,
    /// How many catalogue actions are allowed.
    pub allowed: usize,
    /// How many (action, resource) pairs were decided.
    pub evaluated: usize,
    /// How many named resources were decided on besides `*`.
    pub resources: usize,
    /// The allowed actions by service.
    pub services: Vec<ServiceView>,
}

/// What the scenario grants that the baseline did not, and what it removes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewView {
    /// New access.
    pub granted: Vec<ServiceView>,
    /// How many (action, resource) changes are new access.
    pub granted_count: usize,
    /// Removed access.
    pub removed: Vec<ServiceView>,
    /// How many are removed.
    pub removed_count: usize,
    /// How many pairs were decided per version.
    pub evaluated: usize,
}

fn summary_view(mut subject: Subject) -> AccessView {
    let summary = summarize(&mut subject, &[]);
    AccessView {
        subject: subject.label,
        allowed: summary.actions.len(),
        evaluated: summary.evaluated,
        resources: summary.resources.len(),
        services: services(summary.groups(), |a| a.describe()),
    }
}

fn review_view(mut before: Subject, mut after: Subject) -> ReviewView {
    let review = diff(&mut before, &mut after);
    ReviewView {
        granted_count: review.granted.len(),
        removed_count: review.removed.len(),
        granted: services(review.granted_groups(), |c| c.describe()),
        removed: services(review.removed_groups(), |c| c.describe()),
        evaluated: review.evaluated,
    }
}

/// The summary, or why the instance has no access to summarise.
pub fn access_of(scenario: &Scenario, now: &str) -> Result<AccessView, String> {
    Ok(summary_view(scenario_subject(scenario, now)?))
}

fn subject_of(text: &str, now: &str, managed: &dyn ManagedPolicies) -> Result<Subject, String> {
    let read = read_scenario_with(text, managed);
    let scenario = read.scenario.ok_or_else(|| {
        format!(
            "the baseline has {} problem(s); fix them or set a new baseline",
            read.problems.len()
        )
    })?;
    scenario_subject(&scenario, now)
}

/// The change review of `scenario` against the `baseline` text.
pub fn review_of(
    baseline: &str,
    scenario: &Scenario,
    now: &str,
    managed: &dyn ManagedPolicies,
) -> Result<ReviewView, String> {
    let before = subject_of(baseline, now, managed).map_err(|why| format!("baseline: {why}"))?;
    Ok(review_view(before, scenario_subject(scenario, now)?))
}

fn policy_subject_of(text: &str, kind: PolicyType) -> Result<Subject, String> {
    let (policy, diagnostics) = compile_policy("policy", kind, text);
    match policy {
        Some(policy) if !has_errors(&diagnostics) => Ok(policy_subject("policy", &[policy])),
        _ => Err("the policy has errors".to_owned()),
    }
}

/// The access summary of a policy read on its own.
pub fn policy_access_of(text: &str, kind: PolicyType) -> Result<AccessView, String> {
    Ok(summary_view(policy_subject_of(text, kind)?))
}

/// The change review of a policy against its `baseline` text.
pub fn policy_review_of(
    baseline: &str,
    text: &str,
    kind: PolicyType,
) -> Result<ReviewView, String> {
    let before = policy_subject_of(baseline, kind).map_err(|why| format!("baseline: {why}"))?;
    Ok(review_view(before, policy_subject_of(text, kind)?))
}
