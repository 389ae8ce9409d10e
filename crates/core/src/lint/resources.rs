//! Checks of `Resource` and `NotResource`: the ARNs' form, partition, service, Region and
//! account against the catalogue's ARN formats, the resource types the statement's actions act
//! on, policy variables where IAM does not replace them, and resources another one covers.

use super::actions::wildcard_in_service_name;
use super::finding;
use super::pattern::covers_arn;
use crate::arn::{ARN_PARTS, arn_patterns_intersect, resource_part_offset};
use crate::catalog::{
    Catalog, ResourceType, catalog, placeholders_to_wildcards, resource_types_complete,
    slashes_in_resource,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::glob::patterns_intersect;
use crate::policy::{Policy, Statement, Version};
use crate::span::{Span, Spanned};
use std::collections::HashMap;
use std::sync::OnceLock;

use Severity::{Error, Suggestion, Warning};

/// The partitions AWS has.
const PARTITIONS: [&str; 8] = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// A resource type's ARN format, as far as these checks need it.
struct Format {
    /// Whether the format has no Region.
    no_region: bool,
    /// Whether the format has no account.
    no_account: bool,
    /// The resource part, with placeholders as `*`.
    resource: String,
}

/// The catalogue's ARN formats by the service namespace written in them (formats whose
/// service is a placeholder are left out).
fn formats() -> &'static HashMap<String, Vec<Format>> {
    static FORMATS: OnceLock<HashMap<String, Vec<Format>>> = OnceLock::new();
    static NONE: OnceLock<HashMap<String, Vec<Format>>> = OnceLock::new();
    if !crate::catalog::is_loaded() {
        // Not cached: the catalogue may still arrive.
        return NONE.get_or_init(HashMap::new);
    }
    FORMATS.get_or_init(|| index(catalog()))
}

fn index(catalog: &Catalog) -> HashMap<String, Vec<Format>> {
    let mut map: HashMap<String, Vec<Format>> = HashMap::new();
    for service in &catalog.services {
        for rt in &service.resource_types {
            let parts: Vec<&str> = rt.arn.splitn(ARN_PARTS, ':').collect();
            let [_, _, namespace, region, account, resource] = parts.as_slice() else {
                continue;
            };
            if namespace.contains(['$', '*']) {
                continue;
            }
            map.entry((*namespace).to_owned())
                .or_default()
                .push(Format {
                    no_region: region.is_empty(),
                    no_account: account.is_empty(),
                    resource: placeholders_to_wildcards(resource),
                });
        }
    }
    map
}

/// Whether the texts before the first wildcard of two patterns could start the same text: a
/// quick test before the full one.
fn literal_prefixes_agree(a: &str, b: &str) -> bool {
    let head = |s: &str| s.find(['*', '?']).map_or(s.len(), |at| at);
    let (ha, hb) = (head(a), head(b));
    let n = ha.min(hb);
    a.as_bytes().get(..n) == b.as_bytes().get(..n)
}

fn is_literal(part: &str) -> bool {
    !part.contains(['*', '?', '$'])
}

/// Each ARN of `Resource` or `NotResource`, against the ARN fields and the catalogue's formats.
pub(super) fn arns(statement: &Statement, out: &mut Vec<Diagnostic>) {
    let Some(list) = &statement.resource else {
        return;
    };
    for value in &list.values {
        arn(&value.value, value.span, out);
    }
}

fn arn(text: &str, span: Span, out: &mut Vec<Diagnostic>) {
    if text == "*" || text.starts_with("${") {
        return;
    }
    if !text.starts_with("arn:") {
        // API Gateway resource policies may name `execute-api:/stage/method/path`.
        if !text.starts_with("execute-api:") {
            out.push(finding(
                Error,
                "invalid-arn",
                format!("`{text}` is not an ARN: resource ARNs begin with `arn:`"),
                span,
                "write `arn:partition:service:region:account:resource`, or `*`",
            ));
        }
        return;
    }
    let parts: Vec<&str> = text.splitn(ARN_PARTS, ':').collect();
    let [_, partition, service, region, account, resource] = parts.as_slice() else {
        // A trailing wildcard may stand for the fields left out (`arn:aws:s3*`).
        if !parts.last().is_some_and(|p| p.contains('*')) {
            out.push(finding(
                Error,
                "invalid-arn",
                format!("`{text}` is missing ARN fields"),
                span,
                "resource ARNs have the fields `arn:partition:service:region:account:resource`",
            ));
        }
        return;
    };
    if is_literal(partition) && !PARTITIONS.contains(partition) {
        out.push(finding(
            Error,
            "invalid-partition",
            format!("`{partition}` is not an AWS partition"),
            span,
            "use `aws` (or `aws-cn`, `aws-us-gov`, … for the other partitions), or `*`",
        ));
    }
    if service.contains(['*', '?']) && *service != "*" {
        out.push(wildcard_in_service_name(
            format!("`{service}` uses a wildcard in the service name"),
            span,
        ));
    }
    if !service.contains('$') && service.chars().any(|c| c.is_ascii_uppercase()) {
        out.push(finding(
            Error,
            "arn-service-case",
            format!("the service `{service}` in this ARN has uppercase letters"),
            span,
            format!(
                "service names in ARNs are lowercase: `{}`",
                service.to_ascii_lowercase()
            ),
        ));
    }
    let account_valid = account.is_empty()
        || *account == "aws"
        || !is_literal(account)
        || (account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()));
    if !account_valid {
        out.push(finding(
            Error,
            "invalid-account-id",
            format!("`{account}` is not an AWS account ID"),
            span,
            "account IDs are 12 digits, e.g. `111122223333`; use `*` for any account",
        ));
    }
    if !is_literal(service) || resource.contains("${") {
        return;
    }
    let Some(types) = formats().get(*service) else {
        return;
    };
    let candidates: Vec<&Format> = types
        .iter()
        .filter(|f| literal_prefixes_agree(&f.resource, resource))
        .filter(|f| patterns_intersect(&f.resource, resource))
        .collect();
    if candidates.is_empty() {
        return;
    }
    if !region.is_empty() && is_literal(region) && candidates.iter().all(|f| f.no_region) {
        out.push(finding(
            Error,
            "arn-region-not-allowed",
            format!(
                "`{service}` resource ARNs of this form have no Region, but this one has `{region}`"
            ),
            span,
            "leave the Region field empty, e.g. `arn:aws:iam::111122223333:role/name`",
        ));
    }
    if !account.is_empty() && is_literal(account) && candidates.iter().all(|f| f.no_account) {
        out.push(finding(
            Error,
            "arn-account-not-allowed",
            format!("`{service}` resource ARNs of this form have no account ID, but this one has `{account}`"),
            span,
            "leave the account field empty, e.g. `arn:aws:s3:::amzn-s3-demo-bucket`",
        ));
    }
}

/// A policy variable where IAM does not replace it: before the resource part of a `Resource`
/// ARN, or (from the condition checks) in a value of an operator that compares literally.
pub(super) fn variable_not_allowed(
    message: impl Into<String>,
    span: Span,
    help: &str,
) -> Diagnostic {
    finding(Warning, "variable-not-allowed", message, span, help)
}

/// A specific `Resource` against the statement's actions: variables before the resource part,
/// actions without resource-level permissions, and actions no listed ARN is a resource of.
pub(super) fn types(
    catalog: &Catalog,
    policy: &Policy,
    statement: &Statement,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(actions), Some(resources)) = (&statement.action, &statement.resource) else {
        return;
    };
    if actions.negated || resources.negated {
        return;
    }
    let variables = policy
        .version
        .as_ref()
        .is_some_and(|v| v.value == Version::V2012_10_17);
    for resource in &resources.values {
        if variables && resource.value.contains("${") {
            let before = resource_part_offset(&resource.value).unwrap_or(0);
            if resource
                .value
                .get(..before)
                .is_some_and(|head| head.contains("${"))
            {
                out.push(variable_not_allowed(
                    "policy variables are only replaced after the fifth colon of a `Resource` ARN",
                    resource.span,
                    "move the variable into the resource part, or write the value",
                ));
            }
        }
    }
    let specific: Vec<&Spanned<String>> = resources
        .values
        .iter()
        .filter(|r| r.value.starts_with("arn:") && !r.value.contains("${"))
        .collect();
    if specific.is_empty() {
        return;
    }
    let mut intersects: HashMap<&str, bool> = HashMap::new();
    let mut unknown: HashMap<&str, bool> = HashMap::new();
    for action in &actions.values {
        let Some((service, found)) = catalog.action(&action.value) else {
            continue;
        };
        if !found.has_resource_types() {
            out.push(finding(
                Warning,
                "no-resource-level-permissions",
                format!("`{}` does not support resource-level permissions, so a specific `Resource` never matches it", action.value),
                action.span,
                "put this action in a statement with `\"Resource\": \"*\"`",
            ));
            continue;
        }
        if !resource_types_complete(service.prefix) {
            continue;
        }
        let types: Vec<&ResourceType> = found
            .resource_types()
            .filter_map(|(name, _)| service.resource_types.iter().find(|r| r.name == name))
            .collect();
        if types.is_empty() {
            continue;
        }
        // Some ARN must match both the statement's value and one of the action's types. Actions
        // share resource types, so each type's answer is kept.
        let matches_any = types.iter().any(|t| {
            *intersects
                .entry(t.arn)
                .or_insert_with(|| specific.iter().any(|r| could_be_of(t.arn, &r.value)))
        });
        // An ARN of the action's service that is none of the service's types is one the
        // catalogue does not know yet: whether the action acts on it cannot be told. Known once
        // per service: a statement may list hundreds of its actions.
        if !matches_any
            && *unknown.entry(service.prefix).or_insert_with(|| {
                specific.iter().any(|r| {
                    let of_service = service
                        .resource_types
                        .iter()
                        .any(|t| arn_service(t.arn) == arn_service(&r.value));
                    of_service
                        && !service
                            .resource_types
                            .iter()
                            .any(|t| could_be_of(t.arn, &r.value))
                })
            })
        {
            continue;
        }
        if !matches_any {
            let wanted: Vec<String> = types
                .iter()
                .map(|t| format!("{} (`{}`)", t.name, t.arn))
                .collect();
            out.push(finding(
                Error,
                "resource-type-mismatch",
                format!("`{}` acts on {}, and no `Resource` of this statement is such an ARN", action.value, wanted.join(" or ")),
                action.span,
                format!("an object action such as `s3:PutObject` needs `arn:aws:s3:::bucket/*`, a bucket action such as `s3:ListBucket` needs `arn:aws:s3:::bucket`; this statement lists {} (an error although Access Analyzer has no such check: the statement can never grant this action)", specific.iter().map(|r| format!("`{}`", r.value)).collect::<Vec<_>>().join(", ")),
            ));
        }
    }
}

/// Whether some ARN that `pattern` matches is of the type whose ARN template is `template`: the
/// two meet part by part, and the pattern has no more `/` in its resource part than the type's
/// ARNs can have.
fn could_be_of(template: &str, pattern: &str) -> bool {
    arn_patterns_intersect(pattern, &placeholders_to_wildcards(template))
        && slashes_in_resource(template).is_none_or(|n| literal_slashes_in_resource(pattern) <= n)
}

/// The service part of an ARN or ARN pattern (`s3` in `arn:aws:s3:::b`).
fn arn_service(arn: &str) -> &str {
    arn.split(':').nth(2).unwrap_or_default()
}

/// How many `/` every ARN `pattern` matches has at least in its resource part: those the pattern
/// has there outside its wildcards (`arn:aws:s3:::bucket/*` has one, so it is never a bucket).
fn literal_slashes_in_resource(pattern: &str) -> usize {
    resource_part_offset(pattern)
        .and_then(|at| pattern.get(at..))
        .map_or(0, |part| part.matches('/').count())
}

/// `Resource` values another value of the list already covers: the same value earlier, or one
/// of the list's first [`MAX_COVERING_PATTERNS`](super::MAX_COVERING_PATTERNS) wildcard values
/// (a value without wildcards covers only itself).
pub(super) fn redundant(statement: &Statement, out: &mut Vec<Diagnostic>) {
    let Some(list) = &statement.resource else {
        return;
    };
    let mut first: HashMap<&str, usize> = HashMap::new();
    let patterns: Vec<(usize, &Spanned<String>)> = list
        .values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.value.contains(['*', '?']))
        .take(super::MAX_COVERING_PATTERNS)
        .collect();
    for (i, value) in list.values.iter().enumerate() {
        let earlier = *first.entry(value.value.as_str()).or_insert(i);
        let same = (earlier < i).then(|| list.values.get(earlier)).flatten();
        let cover = same.or_else(|| {
            patterns
                .iter()
                .find(|(j, other)| {
                    // Of two values covering each other, only the later one is redundant.
                    *j != i
                        && other.value != value.value
                        && covers_arn(&other.value, &value.value)
                        && (*j < i || !covers_arn(&value.value, &other.value))
                })
                .map(|(_, other)| *other)
        });
        if let Some(other) = cover {
            out.push(finding(
                Suggestion,
                "redundant-resource",
                format!("`{}` is already covered by `{}`", value.value, other.value),
                value.span,
                "remove it, or review the use of wildcards (*)",
            ));
        }
    }
}
