//! What a principal can do, over AWS's whole catalogue: the access summary of a simulated
//! instance or of a policy, and the change review between two versions of either — the local
//! counterpart of Access Analyzer's CheckNoNewAccess.
//!
//! Every catalogue action is decided on `*` (every resource) and on each resource the subject
//! names whose ARN one of the action's resource types can match, through the same decision logic
//! as a single request.

mod subject;

pub use subject::{
    POLICY_SUBJECT, Subject, SubjectError, is_policy_document, policy_subject, scenario_subject,
    session_subject, subject_from_text,
};

use crate::arn::ArnPattern;
use crate::catalog::{AccessLevel, Action, Service, catalog, placeholders_to_wildcards};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// How far a grant goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grant {
    /// Allowed only when the statements' conditions hold (policies read on their own, without
    /// a request context).
    Conditional,
    /// Allowed.
    Allowed,
}

impl Grant {
    /// The grant as a word.
    pub fn as_str(self) -> &'static str {
        match self {
            Grant::Conditional => "conditional",
            Grant::Allowed => "allowed",
        }
    }
}

/// The resource every summary decides on: `*`, every resource.
pub const EVERY_RESOURCE: &str = "*";

/// One action the subject may call, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionAccess {
    /// The service's prefix, e.g. `s3`.
    pub service: &'static str,
    /// The service's name.
    pub service_name: &'static str,
    /// The action's name, e.g. `PutObject`.
    pub action: &'static str,
    /// Its access level.
    pub access: AccessLevel,
    /// The grant on `*` (every resource), if any.
    pub everywhere: Option<Grant>,
    /// Named resources it is granted on beyond what `*` grants, each with its grant.
    pub resources: Vec<(String, Grant)>,
}

impl ActionAccess {
    /// `service:Action`.
    pub fn name(&self) -> String {
        format!("{}:{}", self.service, self.action)
    }

    /// The action and where: `GetObject` when allowed on every resource, else
    /// `GetObject [arn:aws:s3:::b/*, * if conditions hold]`.
    pub fn describe(&self) -> String {
        let note = |g: Grant| match g {
            Grant::Allowed => "",
            Grant::Conditional => " if conditions hold",
        };
        if self.everywhere == Some(Grant::Allowed) && self.resources.is_empty() {
            return self.action.to_owned();
        }
        let mut parts: Vec<String> = self
            .everywhere
            .map(|g| format!("*{}", note(g)))
            .into_iter()
            .collect();
        parts.extend(
            self.resources
                .iter()
                .map(|(r, g)| format!("{r}{}", note(*g))),
        );
        format!("{} [{}]", self.action, parts.join(", "))
    }
}

/// The access summary: every allowed catalogue action, in catalogue order (services by prefix,
/// actions by name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessSummary {
    /// The resources decided on besides `*`.
    pub resources: Vec<String>,
    /// How many (action, resource) pairs were decided.
    pub evaluated: usize,
    /// The allowed actions.
    pub actions: Vec<ActionAccess>,
}

/// Items of one service at one access level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelGroup<'a, T> {
    /// The access level.
    pub access: AccessLevel,
    /// The items, in catalogue order.
    pub items: Vec<&'a T>,
}

/// One service's items by access level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceGroup<'a, T> {
    /// The prefix.
    pub service: &'static str,
    /// The service's name.
    pub service_name: &'static str,
    /// How many actions the service has in the catalogue.
    pub catalogue_actions: usize,
    /// Its levels, List → Tagging.
    pub levels: Vec<LevelGroup<'a, T>>,
}

impl AccessSummary {
    /// The actions grouped by service, then by access level.
    pub fn groups(&self) -> Vec<ServiceGroup<'_, ActionAccess>> {
        group(&self.actions, |a| (a.service, a.service_name, a.access))
    }
}

fn group<T>(
    items: &[T],
    key: impl Fn(&T) -> (&'static str, &'static str, AccessLevel),
) -> Vec<ServiceGroup<'_, T>> {
    let mut groups: Vec<ServiceGroup<'_, T>> = Vec::new();
    for item in items {
        let (service, service_name, access) = key(item);
        if groups.last().is_none_or(|g| g.service != service) {
            groups.push(ServiceGroup {
                service,
                service_name,
                catalogue_actions: catalog().service(service).map_or(0, |s| s.actions.len()),
                levels: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            match g.levels.iter_mut().find(|l| l.access == access) {
                Some(level) => level.items.push(item),
                None => g.levels.push(LevelGroup {
                    access,
                    items: vec![item],
                }),
            }
        }
    }
    for g in &mut groups {
        crate::sort::sort_by_key(&mut g.levels, |l| l.access);
    }
    groups
}

/// The resources to decide on, and for each the catalogue's resource types its ARN matches.
struct Plan {
    resources: Vec<String>,
    /// By service prefix: `(resource index, resource type)` for each named resource whose ARN
    /// one of the service's resource types matches, in resource order.
    by_service: BTreeMap<&'static str, Vec<(usize, &'static str)>>,
}

/// The service field of an ARN or ARN pattern (`s3` in `arn:aws:s3:::b`).
fn arn_service(arn: &str) -> &str {
    arn.split(':').nth(2).unwrap_or("")
}

impl Plan {
    fn new(named: &[String]) -> Self {
        let mut resources: Vec<String> = named
            .iter()
            .filter(|r| r.as_str() != EVERY_RESOURCE && !r.contains("${"))
            .cloned()
            .collect();
        crate::sort::sort_by(&mut resources, Ord::cmp);
        resources.dedup();
        let patterns = type_patterns();
        let mut by_service: BTreeMap<&'static str, Vec<(usize, &'static str)>> = BTreeMap::new();
        for (index, resource) in resources.iter().enumerate() {
            let field = arn_service(resource);
            let candidates: Vec<&TypePattern> = if field.contains(['*', '?']) {
                patterns.values().flatten().collect()
            } else {
                patterns.get(field).into_iter().flatten().collect()
            };
            let matching: Vec<&TypePattern> = candidates
                .into_iter()
                .filter(|t| t.pattern.matches(resource))
                .collect();
            // A placeholder matches `/` and `:` too, so `bucket/*` fits both S3's bucket and
            // object types: of one service's types, the most literal pattern is the resource's
            // type.
            for t in &matching {
                let best = matching
                    .iter()
                    .all(|other| other.service != t.service || other.literal <= t.literal);
                if best {
                    by_service
                        .entry(t.service)
                        .or_default()
                        .push((index, t.name));
                }
            }
        }
        Self {
            resources,
            by_service,
        }
    }

    /// The named resources (indexes, in order) the action may act on.
    fn targets(&self, service: &Service, action: &Action) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .by_service
            .get(service.prefix)
            .into_iter()
            .flatten()
            .filter(|(_, name)| action.resource_types().any(|(t, _)| t == *name))
            .map(|(index, _)| *index)
            .collect();
        found.dedup();
        found
    }
}

/// A catalogue resource type ready for matching.
struct TypePattern {
    /// Its service's prefix.
    service: &'static str,
    /// Its name.
    name: &'static str,
    /// Its ARN pattern, placeholders as wildcards.
    pattern: ArnPattern,
    /// How many characters of the pattern are not placeholders.
    literal: usize,
}

/// The catalogue's resource types by the service field of their ARNs, so a resource is only
/// matched against patterns that can match it; built once.
fn type_patterns() -> &'static BTreeMap<&'static str, Vec<TypePattern>> {
    static PATTERNS: OnceLock<BTreeMap<&'static str, Vec<TypePattern>>> = OnceLock::new();
    static NONE: BTreeMap<&'static str, Vec<TypePattern>> = BTreeMap::new();
    if !crate::catalog::is_loaded() {
        // Not cached: the catalogue may still arrive.
        return &NONE;
    }
    PATTERNS.get_or_init(|| {
        let mut patterns: BTreeMap<&'static str, Vec<TypePattern>> = BTreeMap::new();
        for s in &catalog().services {
            for t in &s.resource_types {
                let wildcards = placeholders_to_wildcards(t.arn);
                patterns
                    .entry(arn_service(t.arn))
                    .or_default()
                    .push(TypePattern {
                        service: s.prefix,
                        name: t.name,
                        pattern: ArnPattern::new(&wildcards),
                        literal: wildcards.chars().filter(|c| *c != '*').count(),
                    });
            }
        }
        patterns
    })
}

/// Decides every catalogue action on `*` and the named resources it may act on, calling
/// `visit` with the action, the resource (`None` for `*`) and each subject's grant.
fn sweep<const N: usize>(
    subjects: &mut [&mut Subject; N],
    plan: &Plan,
    keep_service: &dyn Fn(&str) -> bool,
    keep: &dyn Fn(&str) -> bool,
    mut visit: impl FnMut(&'static Service, &'static Action, Option<usize>, [Option<Grant>; N]),
) -> usize {
    let catalog = catalog();
    let mut evaluated = 0;
    let mut action_lower = String::new();
    for service in catalog.services.iter().filter(|s| keep_service(s.prefix)) {
        for action in &service.actions {
            action_lower.clear();
            action_lower.push_str(service.prefix);
            action_lower.push(':');
            action_lower.push_str(action.name);
            action_lower.make_ascii_lowercase();
            if action_lower == "sts:getcalleridentity" || !keep(&action_lower) {
                // It needs no permission: every caller may, whatever its policies say, so it
                // tells nothing about them.
                continue;
            }
            let everywhere = subjects
                .each_mut()
                .map(|s| s.grant(&action_lower, EVERY_RESOURCE));
            evaluated += 1;
            visit(service, action, None, everywhere);
            for target in plan.targets(service, action) {
                let resource = plan.resources.get(target).map_or("", String::as_str);
                let grants = subjects
                    .each_mut()
                    .map(|s| s.grant(&action_lower, resource));
                evaluated += 1;
                visit(service, action, Some(target), grants);
            }
        }
    }
    evaluated
}

/// Every catalogue action the subject may call, on `*` and on the resources it names (and the
/// `extra` ones).
pub fn summarize(subject: &mut Subject, extra: &[String]) -> AccessSummary {
    let mut named = subject.named_resources().to_vec();
    named.extend_from_slice(extra);
    let plan = Plan::new(&named);
    let mut actions: Vec<ActionAccess> = Vec::new();
    let evaluated = sweep(
        &mut [subject],
        &plan,
        &|_| true,
        &|_| true,
        |service, action, target, [grant]| {
            let Some(grant) = grant else { return };
            let same = actions
                .last()
                .is_some_and(|a| a.service == service.prefix && a.action == action.name);
            if !same {
                actions.push(ActionAccess {
                    service: service.prefix,
                    service_name: service.name,
                    action: action.name,
                    access: action.access,
                    everywhere: None,
                    resources: Vec::new(),
                });
            }
            let Some(entry) = actions.last_mut() else {
                return;
            };
            match target.and_then(|t| plan.resources.get(t)) {
                None => entry.everywhere = Some(grant),
                Some(resource) => {
                    if entry.everywhere.is_none_or(|e| e < grant) {
                        entry.resources.push((resource.clone(), grant));
                    }
                }
            }
        },
    );
    AccessSummary {
        resources: plan.resources,
        evaluated,
        actions,
    }
}

/// One (action, resource) whose access differs between the two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessChange {
    /// The service's prefix.
    pub service: &'static str,
    /// The service's name.
    pub service_name: &'static str,
    /// The action's name.
    pub action: &'static str,
    /// Its access level.
    pub access: AccessLevel,
    /// The resource, `*` for every resource.
    pub resource: String,
    /// The grant in the old version.
    pub before: Option<Grant>,
    /// The grant in the new version.
    pub after: Option<Grant>,
}

impl AccessChange {
    /// The action, where (unless `*`), and the change unless it is plainly granted or removed:
    /// `PutObject on arn:aws:s3:::b/*`, `SendMessage (conditional → allowed)`.
    pub fn describe(&self) -> String {
        let mut text = self.action.to_owned();
        if self.resource != EVERY_RESOURCE {
            text.push_str(" on ");
            text.push_str(&self.resource);
        }
        let plain = matches!(
            (self.before, self.after),
            (None, Some(Grant::Allowed)) | (Some(Grant::Allowed), None)
        );
        if !plain {
            let word = |g: Option<Grant>| g.map_or("denied", Grant::as_str);
            text.push_str(&format!(" ({} → {})", word(self.before), word(self.after)));
        }
        text
    }
}

/// The change review: what the new version grants that the old did not, and what it removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessDiff {
    /// The resources decided on besides `*` (named by either version).
    pub resources: Vec<String>,
    /// How many (action, resource) pairs were decided, per version.
    pub evaluated: usize,
    /// New access: a grant where there was none, or `allowed` where it was conditional.
    pub granted: Vec<AccessChange>,
    /// Removed access.
    pub removed: Vec<AccessChange>,
}

impl AccessDiff {
    /// Whether the new version grants nothing the old did not.
    pub fn no_new_access(&self) -> bool {
        self.granted.is_empty()
    }

    /// The new access grouped by service, then by access level.
    pub fn granted_groups(&self) -> Vec<ServiceGroup<'_, AccessChange>> {
        group(&self.granted, |c| (c.service, c.service_name, c.access))
    }

    /// The removed access grouped by service, then by access level.
    pub fn removed_groups(&self) -> Vec<ServiceGroup<'_, AccessChange>> {
        group(&self.removed, |c| (c.service, c.service_name, c.access))
    }
}

/// Compares two subjects over the whole catalogue and every resource either names. A change on
/// `*` is listed once; the named resources that change the same way with it are not repeated.
pub fn diff(old: &mut Subject, new: &mut Subject) -> AccessDiff {
    diff_where(old, new, &|_| true, &|_| true)
}

/// The change review over the catalogue actions `keep` takes (lowercase `service:action`), of
/// the services `keep_service` takes (by prefix):
/// when an edit can only change the decisions of some actions (those its statements match),
/// reviewing just those is the same review, much sooner.
pub fn diff_where(
    old: &mut Subject,
    new: &mut Subject,
    keep_service: &dyn Fn(&str) -> bool,
    keep: &dyn Fn(&str) -> bool,
) -> AccessDiff {
    let mut named = old.named_resources().to_vec();
    named.extend_from_slice(new.named_resources());
    let plan = Plan::new(&named);
    let mut granted: Vec<AccessChange> = Vec::new();
    let mut removed: Vec<AccessChange> = Vec::new();
    let mut on_every: Option<(&'static str, &'static str, Option<Grant>, Option<Grant>)> = None;
    let evaluated = sweep(
        &mut [old, new],
        &plan,
        keep_service,
        keep,
        |service, action, target, [before, after]| {
            if target.is_none() {
                on_every = Some((service.prefix, action.name, before, after));
            } else if on_every.is_some_and(|(s, a, b, f)| {
                s == service.prefix && a == action.name && b == before && f == after
            }) {
                return;
            }
            if before == after {
                return;
            }
            let resource = target
                .and_then(|t| plan.resources.get(t))
                .map_or_else(|| EVERY_RESOURCE.to_owned(), Clone::clone);
            let change = AccessChange {
                service: service.prefix,
                service_name: service.name,
                action: action.name,
                access: action.access,
                resource,
                before,
                after,
            };
            if after > before {
                granted.push(change);
            } else {
                removed.push(change);
            }
        },
    );
    AccessDiff {
        resources: plan.resources,
        evaluated,
        granted,
        removed,
    }
}

#[cfg(test)]
mod tests;
