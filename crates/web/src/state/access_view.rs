//! What an instance (or a policy) allows over AWS's whole catalogue, and what changed since a
//! baseline, shaped for display.

use iamplay_core::access::{ServiceGroup, Subject, diff, policy_subject, summarize};
use iamplay_core::diagnostic::has_errors;
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

/// A view when asked for: the view, or why there is none.
pub type Shown<T> = Option<Result<T, String>>;

/// The summary (when asked for) and the review against a baseline (when one is set) of the
/// `current` subject, which is built once for both; each is an error saying why there is none.
pub fn views(
    current: impl FnOnce() -> Result<Subject, String>,
    access: bool,
    baseline: Option<impl FnOnce() -> Result<Subject, String>>,
) -> (Shown<AccessView>, Shown<ReviewView>) {
    if !access && baseline.is_none() {
        return (None, None);
    }
    if !iamplay_core::catalog::is_loaded() {
        const LOADING: &str = "AWS's catalogue of actions is still loading";
        return (
            access.then(|| Err(LOADING.to_owned())),
            baseline.map(|_| Err(LOADING.to_owned())),
        );
    }
    let current = current();
    let summary = access.then(|| current.clone().map(summary_view));
    let review = baseline.map(|before| {
        let before = before().map_err(|why| format!("baseline: {why}"))?;
        Ok(review_view(before, current?))
    });
    (summary, review)
}

/// A policy read on its own as `kind`.
pub fn policy_subject_of(text: &str, kind: PolicyType) -> Result<Subject, String> {
    let (policy, diagnostics) = compile_policy("policy", kind, text);
    match policy {
        Some(policy) if !has_errors(&diagnostics) => Ok(policy_subject("policy", &[policy])),
        _ => Err("the policy has errors".to_owned()),
    }
}
