//! Checks of `Action` and `NotAction`: each action's form, service and name against AWS's
//! catalogue, its spelling, and actions another one of the list covers.

use super::finding;
use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::glob::Glob;
use crate::policy::Statement;
use crate::span::{Span, Spanned};
use std::collections::HashMap;

use Severity::{Error, Suggestion};

/// Each action of the statement: repeated or covered by an earlier wildcard, then its form,
/// service and name.
pub(super) fn run(catalog: &Catalog, statement: &Statement, out: &mut Vec<Diagnostic>) {
    let Some(list) = &statement.action else {
        return;
    };
    // Redundant: the same action twice, or an action one of the list's first
    // MAX_COVERING_PATTERNS wildcards already covers.
    let mut seen: HashMap<String, &Spanned<String>> = HashMap::new();
    let mut wildcards: Vec<(Glob, &Spanned<String>)> = Vec::new();
    for value in &list.values {
        let action = value.value.as_str();
        let lower = action.to_ascii_lowercase();
        let cover = seen.get(&lower).copied().or_else(|| {
            wildcards
                .iter()
                .find(|(glob, _)| glob.matches(&lower))
                .map(|(_, v)| *v)
        });
        if let Some(cover) = cover {
            out.push(finding(
                Suggestion,
                "redundant-action",
                format!("`{action}` is already covered by `{}`", cover.value),
                value.span,
                "remove it",
            ));
        }
        if lower.contains(['*', '?']) && wildcards.len() < super::MAX_COVERING_PATTERNS {
            wildcards.push((Glob::new(&lower), value));
        }
        seen.entry(lower).or_insert(value);
        if action != "*" {
            action_name(catalog, value, out);
        }
    }
}

/// `wildcard-in-service-name`, for an action's service prefix or (from the resource checks) an
/// ARN's service.
pub(super) fn wildcard_in_service_name(message: String, span: Span) -> Diagnostic {
    finding(
        Suggestion,
        "wildcard-in-service-name",
        message,
        span,
        "avoid wildcards (*, ?) in the service name: they may grant unintended access to other AWS services with similar names",
    )
}

/// One action other than `*`: written `service:Action`, of a service in the catalogue, naming
/// (or matching) actions the service has, in the catalogue's case.
fn action_name(catalog: &Catalog, value: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    let action = value.value.as_str();
    let Some((prefix, name)) = action.split_once(':') else {
        out.push(finding(
            Error,
            "invalid-action",
            format!("`{action}` is not an action"),
            value.span,
            "write `service:Action`, e.g. `s3:GetObject`",
        ));
        return;
    };
    if prefix.contains(['*', '?']) {
        if catalog.expand(action).is_empty() {
            out.push(finding(
                Error,
                "action-matches-nothing",
                format!("`{action}` matches no action of any service"),
                value.span,
                "see `iamplay expand` for the services' actions",
            ));
        } else if prefix != "*" {
            out.push(wildcard_in_service_name(
                format!("`{prefix}` uses a wildcard in the service prefix"),
                value.span,
            ));
        }
        return;
    }
    let Some(service) = catalog.service(prefix) else {
        let prefixes: Vec<&str> = catalog.services.iter().map(|s| s.prefix).collect();
        let help = did_you_mean(prefix, &prefixes).map_or_else(
            || "the service prefix is not in AWS's catalogue".to_owned(),
            |p| format!("did you mean `{p}:{name}`?"),
        );
        out.push(finding(
            Error,
            "unknown-service",
            format!("`{prefix}` is not an AWS service prefix"),
            value.span,
            help,
        ));
        return;
    };
    if name.contains(['*', '?']) {
        let glob = Glob::new(&name.to_ascii_lowercase());
        if !service
            .actions
            .iter()
            .any(|a| glob.matches(&a.name.to_ascii_lowercase()))
        {
            out.push(finding(
                Error,
                "action-matches-nothing",
                format!("`{action}` matches no {prefix} action"),
                value.span,
                format!("see `iamplay expand {prefix}:*` for the service's actions"),
            ));
        }
    } else if let Some(known) = service
        .actions
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
    {
        if known.name != name || service.prefix != prefix {
            out.push(finding(
                Suggestion,
                "action-case",
                format!(
                    "`{action}` is written `{}:{}` in AWS's catalogue",
                    service.prefix, known.name
                ),
                value.span,
                "action names are case-insensitive, but the catalogue's spelling is easier to read and search for",
            ));
        }
    } else {
        let names: Vec<&str> = service.actions.iter().map(|a| a.name).collect();
        let help = did_you_mean(name, &names).map_or_else(
            || format!("see `iamplay expand {prefix}:*`"),
            |n| format!("did you mean `{prefix}:{n}`?"),
        );
        out.push(finding(
            Error,
            "unknown-action",
            format!("`{action}` is not a {prefix} action"),
            value.span,
            help,
        ));
    }
}
