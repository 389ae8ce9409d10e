//! Checks of the ARNs in `Resource` and `NotResource`: their form, partition, service, Region
//! and account, against the catalogue's ARN formats.

use super::finding;
use crate::arn::ARN_PARTS;
use crate::catalog::{Catalog, catalog, placeholders_to_wildcards};
use crate::diagnostic::{Diagnostic, Severity};
use crate::glob::patterns_intersect;
use crate::policy::Statement;
use crate::span::Span;
use std::collections::HashMap;
use std::sync::OnceLock;

use Severity::{Error, Suggestion};

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

pub(super) fn run(statement: &Statement, out: &mut Vec<Diagnostic>) {
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
        out.push(finding(
            Suggestion,
            "wildcard-in-service-name",
            format!("`{service}` uses a wildcard in the service name"),
            span,
            "avoid wildcards (*, ?) in the service name: they may grant unintended access to other AWS services with similar names",
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
