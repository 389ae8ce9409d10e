//! Checks of the policy as a whole: its `Version`, its size, statement IDs, statements that
//! repeat what others already say, and statements that apply to nothing.

use super::finding;
use super::pattern::{covers, covers_arn, has_star};
use crate::catalog::Catalog;
use crate::compile::PolicyType;
use crate::diagnostic::{Diagnostic, Severity, thousands};
use crate::glob::Glob;
use crate::iam::names::policy_size;
use crate::iam::quotas;
use crate::policy::{Effect, Policy, Principal, PrincipalType, Statement, ValueList, Version};
use crate::span::Span;
use std::cell::OnceCell;

use Severity::{Error, Suggestion, Warning};

/// Whether a `Resource` or condition value of the policy has `${`.
fn has_variables(policy: &Policy) -> bool {
    policy.statements.iter().any(|s| {
        let in_list = |l: &Option<ValueList>| {
            l.as_ref()
                .is_some_and(|l| l.values.iter().any(|v| v.value.contains("${")))
        };
        in_list(&s.resource)
            || s.conditions.iter().any(|c| {
                c.entries
                    .iter()
                    .any(|e| e.values.iter().any(|v| v.value.contains("${")))
            })
    })
}

/// No `Version`, or variables in a `2008-10-17` policy, where they are literal text.
pub(super) fn version(policy: &Policy, out: &mut Vec<Diagnostic>) {
    let opening = Span::new(policy.span.start, policy.span.start + 1);
    match &policy.version {
        None => {
            out.push(finding(
                Warning,
                "missing-version",
                "policy has no `Version`: it is read as the 2008-10-17 language, where policy variables are literal text",
                opening,
                "add `\"Version\": \"2012-10-17\"`",
            ));
            // Access Analyzer's "Variable unsupported in version": an error.
            if has_variables(policy) {
                out.push(finding(
                    Error,
                    "variables-in-old-version",
                    "variable unsupported in version: this policy uses `${…}` but has no `Version`, so it is read as 2008-10-17, where `${…}` is literal text",
                    opening,
                    "add `\"Version\": \"2012-10-17\"` for policy variables",
                ));
            }
        }
        Some(v) if v.value == Version::V2008_10_17 && has_variables(policy) => out.push(finding(
            Error,
            "variables-in-old-version",
            "variable unsupported in version: this policy uses `${…}` but `Version` 2008-10-17 reads it as literal text",
            v.span,
            "use `\"Version\": \"2012-10-17\"` for policy variables",
        )),
        Some(_) => {}
    }
}

/// A managed or trust policy over IAM's size quota (whitespace not counted: a warning, as
/// Access Analyzer's), or an SCP or RCP over AWS Organizations' (every character counts: an
/// error, as Access Analyzer's).
pub(super) fn size(text: &str, kind: PolicyType, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let (severity, limit, what, size, counted, help) = match kind {
        _ if super::principals::is_trust(kind, policy) => (
            Warning,
            quotas::TRUST_POLICY_SIZE,
            "role trust policy",
            policy_size(text),
            "without whitespace",
            format!(
                "IAM refuses it as written: shorten it, or ask AWS to raise the quota to {}",
                thousands(quotas::TRUST_POLICY_SIZE_MAX)
            ),
        ),
        PolicyType::Identity => (
            Warning,
            quotas::MANAGED_POLICY_SIZE,
            "managed policy",
            policy_size(text),
            "without whitespace",
            "IAM refuses it as written: split it into several policies".to_owned(),
        ),
        PolicyType::ServiceControl | PolicyType::ResourceControl => (
            Error,
            quotas::ORGANIZATION_POLICY_SIZE,
            if kind == PolicyType::ServiceControl {
                "service control policy (SCP)"
            } else {
                "resource control policy (RCP)"
            },
            text.trim().chars().count(),
            "whitespace included",
            "AWS Organizations refuses it: remove whitespace, or split it into several policies"
                .to_owned(),
        ),
        _ => return,
    };
    if size > limit {
        out.push(finding(
            severity,
            "policy-too-large",
            format!(
                "policy size exceeds the {}-character {what} quota: it is {} characters, {counted}",
                thousands(limit),
                thousands(size)
            ),
            Span::new(policy.span.start, policy.span.start + 1),
            help,
        ));
    }
}

/// `Version` `2008-10-17` in a policy without variables: an earlier version of the language.
pub(super) fn old_version(policy: &Policy, out: &mut Vec<Diagnostic>) {
    if let Some(version) = &policy.version {
        if version.value == Version::V2008_10_17 && !has_variables(policy) {
            out.push(finding(
                Suggestion,
                "old-version",
                "`2008-10-17` is an earlier version of the policy language, without policy variables",
                version.span,
                "use `\"Version\": \"2012-10-17\"`, the current version",
            ));
        }
    }
}

/// An empty `Action`, `Resource` or `Principal` (`[]`, `{}`, or every principal type with `[]`):
/// the statement applies to nothing. Access Analyzer's "Empty array action", "Empty array
/// resource", "Empty array principal" and "Empty object principal", each a suggestion.
pub(super) fn empty_arrays(statement: &Statement, out: &mut Vec<Diagnostic>) {
    let mut empty = |element: &str, what: &str, span: Span| {
        out.push(finding(
            Suggestion,
            "empty-array",
            format!("`{element}` is empty: this statement applies to no {what} and does not affect the policy"),
            span,
            format!("specify the {what}s it is for, or remove the statement"),
        ));
    };
    for (list, what) in [
        (&statement.action, "action"),
        (&statement.resource, "resource"),
    ] {
        if let Some(list) = list.as_ref().filter(|l| !l.negated && l.values.is_empty()) {
            let element = if what == "action" {
                "Action"
            } else {
                "Resource"
            };
            empty(element, what, list.span);
        }
    }
    if let Some(element) = statement.principal.as_ref().filter(|p| !p.negated) {
        if let Principal::Typed(types) = &element.principal {
            if types.iter().all(|(_, values)| values.is_empty()) {
                empty("Principal", "principal", element.span);
            }
        }
    }
}

/// Statement IDs: empty, with characters IAM refuses, or repeated.
pub(super) fn sids(kind: PolicyType, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let iam = matches!(kind, PolicyType::Identity | PolicyType::PermissionsBoundary);
    for (i, statement) in policy.statements.iter().enumerate() {
        let Some(sid) = &statement.sid else {
            continue;
        };
        if sid.value.is_empty() {
            out.push(finding(
                Suggestion,
                "empty-sid",
                "`Sid` is empty",
                sid.span,
                "give the statement an ID, or remove `Sid`",
            ));
            continue;
        }
        if iam && !sid.value.chars().all(|c| c.is_ascii_alphanumeric()) {
            out.push(finding(
                Error,
                "invalid-sid",
                format!(
                    "`{}` is not a valid statement ID: IAM accepts only A–Z, a–z and 0–9",
                    sid.value
                ),
                sid.span,
                "remove spaces, hyphens and other punctuation",
            ));
        }
        let repeated = policy
            .statements
            .iter()
            .take(i)
            .any(|s| s.sid.as_ref().is_some_and(|o| o.value == sid.value));
        if repeated {
            let (severity, rule) = if iam {
                (
                    Error,
                    "IAM requires statement IDs to be unique within a policy",
                )
            } else {
                (
                    Warning,
                    "AWS recommends statement IDs unique within a policy",
                )
            };
            out.push(finding(
                severity,
                "duplicate-sid",
                format!(
                    "another statement already has the `Sid` `{}`: {rule}",
                    sid.value
                ),
                sid.span,
                "give each statement its own `Sid`",
            ));
        }
    }
}

/// A statement's actions as lowercase globs, each with the catalogue actions it expands to
/// (found on first use).
struct Actions {
    globs: Vec<(String, Glob, OnceCell<Vec<String>>)>,
}

impl Actions {
    fn new(list: &ValueList) -> Self {
        Self {
            globs: list
                .values
                .iter()
                .map(|v| {
                    let lower = v.value.to_ascii_lowercase();
                    let glob = Glob::new(&lower);
                    (lower, glob, OnceCell::new())
                })
                .collect(),
        }
    }

    /// Whether these actions cover `other`'s: each of its values is covered by one of these
    /// patterns, or every catalogue action it expands to is matched by one of them.
    fn cover(&self, other: &Actions, catalog: &Catalog) -> bool {
        other.globs.iter().all(|(value, _, expanded)| {
            self.globs.iter().any(|(mine, _, _)| covers(mine, value))
                || (value.contains(['*', '?']) && {
                    let names = expanded.get_or_init(|| {
                        catalog
                            .expand(value)
                            .iter()
                            .map(|(s, a)| format!("{}:{}", s.prefix, a.name).to_ascii_lowercase())
                            .collect()
                    });
                    !names.is_empty()
                        && names
                            .iter()
                            .all(|n| self.globs.iter().any(|(_, g, _)| g.matches(n)))
                })
        })
    }
}

/// A canonical text of a statement's content, ignoring `Sid`, order and layout.
fn canonical(statement: &Statement) -> String {
    let list = |l: &Option<ValueList>| {
        l.as_ref().map_or_else(String::new, |l| {
            let mut v: Vec<&str> = l.values.iter().map(|v| v.value.as_str()).collect();
            crate::sort::sort_by(&mut v, Ord::cmp);
            format!("{}{}", l.negated, v.join(","))
        })
    };
    let principal = statement.principal.as_ref().map_or_else(String::new, |p| {
        let inner = match &p.principal {
            Principal::Any => "*".to_owned(),
            Principal::Typed(types) => {
                let mut v: Vec<String> = types
                    .iter()
                    .flat_map(|(t, vs)| {
                        vs.iter()
                            .map(move |v| format!("{}={}", t.as_str(), v.value))
                    })
                    .collect();
                crate::sort::sort_by(&mut v, Ord::cmp);
                v.join(",")
            }
        };
        format!("{}{inner}", p.negated)
    });
    let mut conditions: Vec<String> = statement
        .conditions
        .iter()
        .flat_map(|c| {
            c.entries.iter().map(move |e| {
                let mut v: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                crate::sort::sort_by(&mut v, Ord::cmp);
                format!(
                    "{}|{}|{}",
                    c.operator.value,
                    e.key.value.to_ascii_lowercase(),
                    v.join(",")
                )
            })
        })
        .collect();
    crate::sort::sort_by(&mut conditions, Ord::cmp);
    format!(
        "{}#{}#{}#{}#{}",
        statement.effect.value,
        principal,
        list(&statement.action),
        list(&statement.resource),
        conditions.join(";")
    )
}

/// Whether `a`'s principal covers `b`'s.
fn principal_covers(a: &Statement, b: &Statement) -> bool {
    match (&a.principal, &b.principal) {
        (None, None) => true,
        (Some(pa), Some(pb)) => {
            let any = !pa.negated
                && match &pa.principal {
                    Principal::Any => true,
                    Principal::Typed(types) => {
                        types.len() == 1
                            && types.iter().all(|(t, vs)| {
                                *t == PrincipalType::Aws && vs.iter().any(|v| v.value == "*")
                            })
                    }
                };
            (any && !pb.negated) || {
                let strip = |s: &Statement| {
                    let mut c = s.clone();
                    c.action = None;
                    c.resource = None;
                    c.conditions.clear();
                    c.sid = None;
                    canonical(&c)
                };
                strip(a) == strip(b)
            }
        }
        _ => false,
    }
}

/// Whether `a` (without conditions) allows or denies everything `b` does.
fn statement_covers(
    catalog: &Catalog,
    (a, a_actions): (&Statement, Option<&Actions>),
    (b, b_actions): (&Statement, Option<&Actions>),
) -> bool {
    if a.effect.value != b.effect.value || !a.conditions.is_empty() || !principal_covers(a, b) {
        return false;
    }
    let resources = match (&a.resource, &b.resource) {
        (None, None) => true,
        (Some(ra), Some(rb)) if !ra.negated && !rb.negated => rb
            .values
            .iter()
            .all(|v| ra.values.iter().any(|w| covers_arn(&w.value, &v.value))),
        (Some(ra), None) => has_star(Some(ra)),
        _ => false,
    };
    match (a_actions, b_actions) {
        (Some(xa), Some(xb)) => resources && xa.cover(xb, catalog),
        _ => false,
    }
}

/// The most statements [`redundant_statements`] compares pair by pair. Every policy AWS accepts
/// has fewer: the largest policy quota is 20,480 characters (a resource-based policy such as an S3
/// bucket policy), and the shortest statement takes 46. A longer policy already gets
/// `policy-too-large`, and comparing its statements would take time that grows with the square
/// of their number.
const MAX_COMPARED_STATEMENTS: usize = 512;

/// Statements another statement without conditions already covers.
pub(super) fn redundant_statements(catalog: &Catalog, policy: &Policy, out: &mut Vec<Diagnostic>) {
    if policy.statements.len() > MAX_COMPARED_STATEMENTS {
        return;
    }
    let texts: Vec<String> = policy.statements.iter().map(canonical).collect();
    // For each statement, the first one with its text: a later one with the same text repeats it.
    let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let same: Vec<usize> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| *first.entry(text.as_str()).or_insert(i))
        .collect();
    let actions: Vec<Option<Actions>> = policy
        .statements
        .iter()
        .map(|s| s.action.as_ref().filter(|a| !a.negated).map(Actions::new))
        .collect();
    let with = |i: usize| {
        policy
            .statements
            .get(i)
            .map(|s| (s, actions.get(i).and_then(Option::as_ref)))
    };
    for (i, statement) in policy.statements.iter().enumerate() {
        let cover = policy.statements.iter().enumerate().find(|(j, _)| {
            let (Some(mine), Some(theirs)) = (with(i), with(*j)) else {
                return false;
            };
            if *j == i {
                return false;
            }
            if same.get(i) == same.get(*j) {
                return *j < i;
            }
            statement_covers(catalog, theirs, mine)
                && (*j < i || !statement_covers(catalog, mine, theirs))
        });
        if let Some((j, other)) = cover {
            let name = other
                .sid
                .as_ref()
                .filter(|s| !s.value.is_empty())
                .map_or_else(
                    || format!("statement {}", j + 1),
                    |s| format!("statement `{}`", s.value),
                );
            let verb = if statement.effect.value == Effect::Allow {
                "allows"
            } else {
                "denies"
            };
            out.push(finding(
                Suggestion,
                "redundant-statement",
                format!("{name} already {verb} everything this statement does, without conditions"),
                statement.span,
                "remove the redundant statement: when someone edits one copy and not the other, the policy may grant more than intended",
            ));
        }
    }
}

/// A policy variable written so IAM cannot read it: `${` without its `}`, `${}`, or a default
/// value without its single quotes (Access Analyzer's "Missing brace in variable", "Empty
/// variable" and "Missing quote in variable", errors).
pub(super) fn variable_syntax(policy: &Policy, out: &mut Vec<Diagnostic>) {
    if !policy
        .version
        .as_ref()
        .is_some_and(|v| v.value == Version::V2012_10_17)
    {
        return;
    }
    for statement in &policy.statements {
        let resources = statement.resource.iter().flat_map(|l| &l.values);
        let conditions = statement
            .conditions
            .iter()
            .flat_map(|c| &c.entries)
            .flat_map(|e| &e.values);
        for value in resources.chain(conditions) {
            if let Some((message, help)) = variable_problem(&value.value) {
                out.push(finding(Error, "variable-syntax", message, value.span, help));
            }
        }
    }
}

/// What is wrong with the first policy variable of `text` that IAM cannot read.
fn variable_problem(text: &str) -> Option<(String, &'static str)> {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = rest.get(start + 2..).unwrap_or_default();
        let Some(end) = after.find('}') else {
            return Some((
                format!("missing brace in variable: `{text}` opens `${{` without closing it"),
                "add `}` after the variable's name",
            ));
        };
        let body = after.get(..end).unwrap_or_default();
        if body.trim().is_empty() {
            return Some((
                format!("empty variable: `{text}` has `${{}}` with no variable in it"),
                "remove `${}`, or write a variable in it, e.g. `${aws:username}`",
            ));
        }
        if let Some((_, default)) = body.split_once(',') {
            let default = default.trim();
            let quoted = default.len() >= 2 && default.starts_with('\'') && default.ends_with('\'');
            if !quoted {
                return Some((
                    format!(
                        "missing quote in variable: the default value `{default}` must be in single quotes"
                    ),
                    "write the default as `'value'`, e.g. `${aws:PrincipalTag/team, 'none'}`",
                ));
            }
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    None
}
