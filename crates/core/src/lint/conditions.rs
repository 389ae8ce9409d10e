//! Checks of `Condition` blocks: operators, keys and the values compared with them.

use super::condition_keys::{
    explained_key, key_fixed_part, key_supported, key_type, known_keys, missing_tag_key,
};
use super::finding;
use crate::catalog::Catalog;
use crate::condition::values::ip_block;
use crate::condition::{BaseOperator, Operator, SetOperator};
use crate::diagnostic::{Diagnostic, Severity};
use crate::policy::{Condition, ConditionEntry, Effect, Policy, Statement, Version};
use crate::variables::Template;
use ipnet::IpNet;

use Severity::{Error, SecurityWarning, Suggestion, Warning};

/// Keys whose values are organization ids.
const ORG_ID_KEYS: [&str; 4] = [
    "aws:PrincipalOrgID",
    "aws:ResourceOrgID",
    "aws:SourceOrgID",
    "aws:VpceOrgID",
];

/// Keys whose values are account ids.
const ACCOUNT_KEYS: [&str; 7] = [
    "aws:PrincipalAccount",
    "aws:ResourceAccount",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:VpceAccount",
    "s3:ResourceAccount",
    "kms:CallerAccount",
];

/// Private and reserved ranges, which never reach AWS as a public source address.
const PRIVATE_RANGES: [&str; 8] = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "fc00::/7",
    "fe80::/10",
    "::1/128",
];

fn is_key(entry: &ConditionEntry, name: &str) -> bool {
    entry.key.value.eq_ignore_ascii_case(name)
}

/// Every entry of the statement with its block's parsed operator.
fn entries(statement: &Statement) -> impl Iterator<Item = (&Condition, Operator, &ConditionEntry)> {
    statement.conditions.iter().flat_map(|block| {
        Operator::parse(&block.operator.value)
            .into_iter()
            .flat_map(move |op| block.entries.iter().map(move |e| (block, op, e)))
    })
}

pub(super) fn run(
    catalog: &Catalog,
    policy: &Policy,
    statement: &Statement,
    out: &mut Vec<Diagnostic>,
) {
    for block in &statement.conditions {
        operator(block, out);
        duplicate_keys(block, out);
    }
    for (block, op, entry) in entries(statement) {
        key(catalog, statement, entry, out);
        duplicate_values(op, entry, out);
        values(statement, block, op, entry, out);
        set_operators(catalog, statement, op, entry, out);
    }
    variables(catalog, policy, statement, out);
}

/// Each key's values and type against its operator: keys without values or unknown to AWS,
/// set operators on single-valued keys, operators for another type, and values an operator
/// compares literally.
pub(super) fn types(
    catalog: &Catalog,
    policy: &Policy,
    statement: &Statement,
    out: &mut Vec<Diagnostic>,
) {
    let variables = policy
        .version
        .as_ref()
        .is_some_and(|v| v.value == Version::V2012_10_17);
    for block in &statement.conditions {
        let Some(operator) = Operator::parse(&block.operator.value) else {
            continue;
        };
        for entry in &block.entries {
            let key = entry.key.value.as_str();
            if entry.values.is_empty() {
                out.push(finding(
                    Suggestion,
                    "empty-condition-values",
                    format!("`{key}` has no values, so this condition never matches"),
                    entry.key.span,
                    "give at least one value",
                ));
            }
            let known = key_type(catalog, key);
            let service_known = key.split_once(':').is_some_and(|(p, _)| {
                catalog.service(p).is_some() || p.eq_ignore_ascii_case("aws")
            });
            if known.is_none() && service_known && !explained_key(catalog, key) {
                out.push(finding(
                    Error,
                    "unknown-condition-key",
                    format!("`{key}` is not a condition key AWS documents"),
                    entry.key.span,
                    "check the spelling against the service's condition keys",
                ));
            } else if let (false, Some((service, _))) = (service_known, key.split_once(':')) {
                // Access Analyzer's "Invalid service": the key's prefix is no service at all.
                out.push(finding(
                    Error,
                    "unknown-condition-key",
                    format!("`{key}`: `{service}` is not a service in AWS's catalogue, so it has no condition keys"),
                    entry.key.span,
                    "use a service prefix AWS documents, e.g. `aws:` or `s3:`",
                ));
            }
            if let Some(kind) = known {
                key_kind(block, operator, key, kind, out);
            }
            literal_values(variables, block, operator, entry, out);
        }
    }
}

/// A key of the catalogue's type `kind` under `operator`: a set operator on a single-valued key,
/// or an operator for another type.
fn key_kind(
    block: &Condition,
    operator: Operator,
    key: &str,
    kind: &str,
    out: &mut Vec<Diagnostic>,
) {
    let multivalued = kind.starts_with("ArrayOf");
    if operator.set.is_none() && multivalued && operator.base != BaseOperator::Null {
        // Access Analyzer's "Missing qualifier", an error.
        out.push(finding(
            Error,
            "missing-qualifier",
            format!("missing qualifier: `{key}` can have several values in a request, and `{}` without `ForAllValues:` or `ForAnyValue:` does not say how to compare them", block.operator.value),
            block.operator.span,
            format!("use `ForAnyValue:{0}` (any value matches) or `ForAllValues:{0}` (every value matches)", block.operator.value),
        ));
    }
    if operator.set.is_some() && !multivalued {
        // Access Analyzer's "ForAllValues with single valued key" is a security warning: it
        // also matches requests without the key. ForAnyValue has no finding of its own there.
        let (set, severity) = if operator.set == Some(SetOperator::ForAllValues) {
            ("ForAllValues", SecurityWarning)
        } else {
            ("ForAnyValue", Warning)
        };
        out.push(finding(
            severity,
            "set-operator-on-single-valued-key",
            format!("`{set}:` on `{key}`, a single-valued key"),
            block.operator.span,
            format!(
                "use `{}` without `{set}:`",
                block
                    .operator
                    .value
                    .trim_start_matches("ForAllValues:")
                    .trim_start_matches("ForAnyValue:")
            ),
        ));
    }
    let base = kind.trim_start_matches("ArrayOf");
    let fits = match operator.base {
        BaseOperator::NumericEquals
        | BaseOperator::NumericNotEquals
        | BaseOperator::NumericLessThan
        | BaseOperator::NumericLessThanEquals
        | BaseOperator::NumericGreaterThan
        | BaseOperator::NumericGreaterThanEquals => base == "Numeric",
        BaseOperator::DateEquals
        | BaseOperator::DateNotEquals
        | BaseOperator::DateLessThan
        | BaseOperator::DateLessThanEquals
        | BaseOperator::DateGreaterThan
        | BaseOperator::DateGreaterThanEquals => base == "Date",
        BaseOperator::Bool => base == "Bool",
        BaseOperator::IpAddress | BaseOperator::NotIpAddress => base == "IPAddress",
        BaseOperator::BinaryEquals => base == "Binary",
        _ => true,
    };
    let string_operator = matches!(
        operator.base,
        BaseOperator::StringEquals
            | BaseOperator::StringNotEquals
            | BaseOperator::StringEqualsIgnoreCase
            | BaseOperator::StringNotEqualsIgnoreCase
            | BaseOperator::StringLike
            | BaseOperator::StringNotLike
    );
    if string_operator && base == "ARN" {
        // Access Analyzer's "String like operator with ARN condition keys", a security
        // warning: string operators compare ARNs character by character, without the ARN
        // operators' field-by-field matching.
        out.push(finding(
            SecurityWarning,
            "string-operator-on-arn-key",
            format!(
                "`{}` compares `{key}`, an ARN key, as plain text",
                block.operator.value
            ),
            block.operator.span,
            format!(
                "use `{}`, which compares ARNs field by field",
                if block.operator.value.contains("Not") {
                    "ArnNotLike"
                } else {
                    "ArnLike"
                }
            ),
        ));
    }
    if !fits {
        out.push(finding(
            Warning,
            "operator-type-mismatch",
            format!("`{}` compares `{key}`, a {kind} key", block.operator.value,),
            block.operator.span,
            format!("use an operator for {kind} values"),
        ));
    }
}

/// Values the operator compares literally: wildcards outside `StringLike`, and policy variables
/// (in a `2012-10-17` policy) where the operator does not replace them.
fn literal_values(
    variables: bool,
    block: &Condition,
    operator: Operator,
    entry: &ConditionEntry,
    out: &mut Vec<Diagnostic>,
) {
    let like = matches!(
        operator.base,
        BaseOperator::StringLike
            | BaseOperator::StringNotLike
            | BaseOperator::ArnLike
            | BaseOperator::ArnNotLike
            | BaseOperator::ArnEquals
            | BaseOperator::ArnNotEquals
    );
    for value in &entry.values {
        let text = value.value.as_str();
        if !like
            && matches!(
                operator.base,
                BaseOperator::StringEquals
                    | BaseOperator::StringNotEquals
                    | BaseOperator::StringEqualsIgnoreCase
                    | BaseOperator::StringNotEqualsIgnoreCase
            )
            && text.contains(['*', '?'])
            && !text.contains("${")
        {
            out.push(finding(Warning, "wildcard-without-like", format!("`{}` compares `{text}` literally: `*` and `?` are wildcards only in `StringLike`", block.operator.value), value.span, "use `StringLike` (or `StringNotLike`)"));
        }
        if variables && text.contains("${") && !operator.base.allows_variables() {
            // Access Analyzer's "Invalid variable for operator", an error. Bool is left out:
            // the condition operators page documents variables in Bool conditions, and the
            // engine replaces them there.
            out.push(finding(
                Error,
                "variable-for-operator",
                format!(
                    "invalid variable for operator: `{}` does not replace policy variables, so `{text}` is compared literally",
                    block.operator.value
                ),
                value.span,
                "policy variables work in String, Arn and Bool operators",
            ));
        }
    }
}

fn operator(block: &Condition, out: &mut Vec<Diagnostic>) {
    let text = block.operator.value.as_str();
    let base = text
        .strip_prefix("ForAllValues:")
        .or_else(|| text.strip_prefix("ForAnyValue:"))
        .unwrap_or(text);
    if base == "NullIfExists" {
        out.push(finding(
            Error,
            "null-with-if-exists",
            "the `Null` condition operator cannot be used with the `IfExists` suffix",
            block.operator.span,
            "use `Null` to test whether the key is present, or another operator with `IfExists`",
        ));
    }
    if let Some(op) = Operator::parse(text) {
        if op.base == BaseOperator::Null && op.set.is_some() {
            out.push(finding(
                Suggestion,
                "null-with-set-operator",
                format!("`{text}`: with `Null`, `ForAllValues` always returns true and `ForAnyValue` always false"),
                block.operator.span,
                "use `Null` without a set operator",
            ));
        }
    }
    if block.entries.is_empty() {
        out.push(finding(
            Suggestion,
            "empty-condition",
            format!("the `{text}` block is empty and does not affect the policy"),
            block.operator.span,
            "remove it or specify conditions",
        ));
    }
}

/// `"Condition": {}`: Access Analyzer's "Empty object condition", a suggestion.
pub(super) fn empty_object(statement: &Statement, out: &mut Vec<Diagnostic>) {
    if let (Some(span), true) = (statement.condition_span, statement.conditions.is_empty()) {
        out.push(finding(
            Suggestion,
            "empty-condition",
            "this `Condition` is empty and does not affect the policy",
            span,
            "remove it or specify conditions",
        ));
    }
}

fn duplicate_keys(block: &Condition, out: &mut Vec<Diagnostic>) {
    for (i, entry) in block.entries.iter().enumerate() {
        let earlier = block.entries.iter().take(i).find(|other| {
            other.key.value != entry.key.value
                && other.key.value.eq_ignore_ascii_case(&entry.key.value)
        });
        if let Some(other) = earlier {
            out.push(finding(
                Error,
                "duplicate-condition-key",
                format!(
                    "`{}` appears more than once in this block, also as `{}`: condition keys are case-insensitive",
                    entry.key.value, other.key.value
                ),
                entry.key.span,
                "merge the values under one key",
            ));
        }
    }
}

fn key(
    catalog: &Catalog,
    statement: &Statement,
    entry: &ConditionEntry,
    out: &mut Vec<Diagnostic>,
) {
    let key = entry.key.value.as_str();
    let span = entry.key.span;
    let Some((prefix, _)) = key.split_once(':') else {
        out.push(finding(
            Error,
            "invalid-condition-key",
            format!("`{key}` is not a condition key: keys are written `service:keyname`"),
            span,
            "e.g. `aws:SourceIp` or `s3:prefix`",
        ));
        return;
    };
    if key.eq_ignore_ascii_case("aws:ARN") {
        out.push(finding(
            Warning,
            "deprecated-condition-key",
            "`aws:ARN` is deprecated",
            span,
            "use `aws:PrincipalArn` (the caller) or `aws:SourceArn` (the resource making a service-to-service request)",
        ));
        return;
    }
    if missing_tag_key(catalog, key) {
        let base = key.trim_end_matches('/');
        out.push(finding(
            Error,
            "missing-tag-key",
            format!("`{key}` needs a tag key to control access based on tags"),
            span,
            format!("write `{base}/tag-key`, e.g. `{base}/owner`"),
        ));
        return;
    }
    // The catalogue's spelling, when it differs only in case.
    let known: Vec<&str> = known_keys(catalog, key).map(|(k, _)| k).collect();
    let exact = known.iter().any(|k| match key_fixed_part(k) {
        Some(fixed) => key.starts_with(fixed),
        None => *k == key,
    });
    if let (false, Some(first)) = (exact, known.first()) {
        let spelled = match key_fixed_part(first) {
            Some(fixed) => format!("{fixed}{}", key.get(fixed.len()..).unwrap_or("")),
            None => (*first).to_owned(),
        };
        out.push(finding(
            Suggestion,
            "condition-key-case",
            format!("`{key}` is written `{spelled}` in AWS's catalogue"),
            span,
            "condition key names are case-insensitive, but the catalogue's spelling is easier to read and search for",
        ));
    }
    if !prefix.eq_ignore_ascii_case("aws") && !known.is_empty() {
        if let Some(false) = key_supported(catalog, statement, key) {
            out.push(finding(
                Warning,
                "condition-key-not-supported",
                format!("none of this statement's actions supports `{key}`, so it is never in the request context"),
                span,
                "use a key the actions list in the Service Authorization Reference, or move the condition to a statement with actions that support it (a warning, where Access Analyzer has an error: AWS's catalogue can lag behind a service, and IAM accepts the policy)",
            ));
        }
    }
}

fn duplicate_values(op: Operator, entry: &ConditionEntry, out: &mut Vec<Diagnostic>) {
    let folded = matches!(
        op.base,
        BaseOperator::StringEqualsIgnoreCase
            | BaseOperator::StringNotEqualsIgnoreCase
            | BaseOperator::Bool
            | BaseOperator::Null
    );
    let same = |a: &str, b: &str| {
        if folded {
            a.to_lowercase() == b.to_lowercase()
        } else {
            a == b
        }
    };
    for (i, value) in entry.values.iter().enumerate() {
        if entry
            .values
            .iter()
            .take(i)
            .any(|other| same(&other.value, &value.value))
        {
            out.push(finding(
                Suggestion,
                "duplicate-condition-value",
                format!(
                    "`{}` is listed twice for `{}`",
                    value.value, entry.key.value
                ),
                value.span,
                "remove the repeated value",
            ));
        }
    }
}

fn is_like(base: BaseOperator) -> bool {
    matches!(
        base,
        BaseOperator::StringLike
            | BaseOperator::StringNotLike
            | BaseOperator::ArnLike
            | BaseOperator::ArnNotLike
    )
}

fn values(
    statement: &Statement,
    block: &Condition,
    op: Operator,
    entry: &ConditionEntry,
    out: &mut Vec<Diagnostic>,
) {
    let effect = statement.effect.value;
    let key = entry.key.value.as_str();
    for value in &entry.values {
        let text = value.value.as_str();
        let span = value.span;
        if op.base == BaseOperator::Bool
            && is_key(entry, "aws:SecureTransport")
            && effect == Effect::Allow
            && text.eq_ignore_ascii_case("false")
        {
            out.push(finding(
                SecurityWarning,
                "allow-insecure-transport",
                "this statement allows requests sent without TLS (`aws:SecureTransport` is `false`)",
                span,
                "allow only `true`, or deny requests where `aws:SecureTransport` is `false`",
            ));
        }
        if op.base == BaseOperator::Bool
            && is_key(entry, "aws:MultiFactorAuthPresent")
            && op.set.is_none()
        {
            if effect == Effect::Deny && !op.if_exists && text.eq_ignore_ascii_case("false") {
                out.push(finding(
                    Warning,
                    "mfa-without-if-exists",
                    "`aws:MultiFactorAuthPresent` is absent from requests signed with long-term access keys, so this `Deny` never applies to them",
                    block.operator.span,
                    "use `BoolIfExists` to deny requests without MFA, including those made with access keys",
                ));
            }
            if effect == Effect::Allow && op.if_exists && text.eq_ignore_ascii_case("true") {
                out.push(finding(
                    Warning,
                    "mfa-without-if-exists",
                    "with `BoolIfExists`, this `Allow` also matches requests signed with long-term access keys, which carry no MFA information",
                    block.operator.span,
                    "use `Bool` to allow only requests authenticated with MFA",
                ));
            }
        }
        if matches!(
            op.base,
            BaseOperator::IpAddress | BaseOperator::NotIpAddress
        ) {
            let all_private = entry.values.iter().all(|v| is_private(&v.value));
            ip_value(key, text, span, (op.base, all_private), out);
        }
        if text.contains("${") {
            continue;
        }
        if ORG_ID_KEYS.iter().any(|k| is_key(entry, k))
            && !text.contains(['*', '?'])
            && !is_org_id(text)
        {
            out.push(finding(
                Warning,
                "invalid-org-id",
                format!("`{text}` is not an organization ID"),
                span,
                "organization IDs look like `o-a1b2c3d4e5`: `o-` and 10 to 32 lowercase letters or digits",
            ));
        }
        if ACCOUNT_KEYS.iter().any(|k| is_key(entry, k)) {
            let wild = text.contains(['*', '?']);
            let fits = if wild {
                !is_like(op.base)
                    || text
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '*' || c == '?')
            } else {
                text.len() == 12 && text.chars().all(|c| c.is_ascii_digit())
            };
            if !fits {
                out.push(finding(
                    Warning,
                    "invalid-account-id-value",
                    format!("`{text}` is not an AWS account ID for `{key}`"),
                    span,
                    "account IDs are 12 digits, e.g. `111122223333`",
                ));
            }
        }
        let date = matches!(
            op.base,
            BaseOperator::DateEquals
                | BaseOperator::DateNotEquals
                | BaseOperator::DateLessThan
                | BaseOperator::DateLessThanEquals
                | BaseOperator::DateGreaterThan
                | BaseOperator::DateGreaterThanEquals
        );
        if date
            && !is_key(entry, "aws:EpochTime")
            && !text.is_empty()
            && text.chars().all(|c| c.is_ascii_digit())
        {
            out.push(finding(
                Warning,
                "epoch-date",
                format!("`{text}` is a date in epoch seconds, which might not resolve as expected"),
                span,
                "use the W3C format, e.g. `2026-01-31` or `2026-01-31T00:00:00Z`",
            ));
        }
    }
}

fn is_org_id(text: &str) -> bool {
    text.strip_prefix("o-").is_some_and(|rest| {
        (10..=32).contains(&rest.len())
            && rest
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    })
}

/// Whether a value is a private address or range.
fn is_private(text: &str) -> bool {
    ip_block(text).is_some_and(|block| {
        PRIVATE_RANGES
            .iter()
            .filter_map(|r| r.parse::<IpNet>().ok())
            .any(|range| range.contains(&block))
    })
}

/// One value of an IP condition: host bits, and private ranges in `aws:SourceIp` — an error when
/// every value of the key is private (Access Analyzer's "Private IP address"), a suggestion when
/// only some are ("Private IP address subset").
fn ip_value(
    key: &str,
    text: &str,
    span: crate::span::Span,
    (base, all_private): (BaseOperator, bool),
    out: &mut Vec<Diagnostic>,
) {
    if let Ok(net) = text.trim().parse::<IpNet>() {
        if net.addr() != net.network() {
            out.push(finding(
                Suggestion,
                "cidr-host-bits",
                format!(
                    "the bits of `{text}` after the first {} are ignored",
                    net.prefix_len()
                ),
                span,
                format!("write `{}`", net.trunc()),
            ));
        }
    }
    if !key.eq_ignore_ascii_case("aws:SourceIp") {
        return;
    }
    if is_private(text) {
        let (severity, effect) = match (all_private, base) {
            (true, BaseOperator::NotIpAddress) => (
                Error,
                "this `NotIpAddress` always matches and has no effect",
            ),
            (true, _) => (Error, "this condition never matches"),
            (false, _) => (
                Suggestion,
                "this value never matches; the key's public values do",
            ),
        };
        out.push(finding(
            severity,
            "private-ip-in-source-ip",
            format!("`{text}` is a private address range: `aws:SourceIp` holds only public addresses, so {effect}"),
            span,
            "use `aws:VpcSourceIp` for private addresses of requests made through a VPC endpoint",
        ));
    }
}

fn set_operators(
    catalog: &Catalog,
    statement: &Statement,
    op: Operator,
    entry: &ConditionEntry,
    out: &mut Vec<Diagnostic>,
) {
    let allow = statement.effect.value == Effect::Allow;
    let key = entry.key.value.as_str();
    if allow && op.set == Some(SetOperator::ForAllValues) && op.base != BaseOperator::Null {
        let single = key_type(catalog, key).is_some_and(|t| !t.starts_with("ArrayOf"));
        let present = entries(statement).any(|(_, other, e)| {
            other.base == BaseOperator::Null
                && is_key(e, key)
                && e.values
                    .iter()
                    .any(|v| v.value.eq_ignore_ascii_case("false"))
        });
        if !single && !present {
            out.push(finding(
                SecurityWarning,
                "for-all-values-with-allow",
                format!("`ForAllValues` is true when the request has no `{key}`, so this `Allow` also matches requests without it"),
                entry.key.span,
                format!("add `\"Null\": {{\"{key}\": \"false\"}}` to require the key"),
            ));
        }
    }
    if allow && is_key(entry, "aws:VpcSourceIp") {
        let paired = entries(statement)
            .any(|(_, _, e)| is_key(e, "aws:SourceVpc") || is_key(e, "aws:SourceVpce"));
        if !paired {
            out.push(finding(
                SecurityWarning,
                "missing-paired-condition-key",
                "`aws:VpcSourceIp` can be overly permissive without `aws:SourceVpc`: the same private address exists in many VPCs",
                entry.key.span,
                "add `aws:SourceVpc` (or `aws:SourceVpce`) to the same condition",
            ));
        }
    }
}

/// Policy variables that name no condition key AWS knows.
fn variables(catalog: &Catalog, policy: &Policy, statement: &Statement, out: &mut Vec<Diagnostic>) {
    if policy.version.as_ref().map(|v| v.value) != Some(Version::V2012_10_17) {
        return;
    }
    let resources = statement.resource.iter().flat_map(|r| r.values.iter());
    let conditions = entries(statement)
        .filter(|(_, op, _)| op.base.allows_variables())
        .flat_map(|(_, _, e)| e.values.iter());
    for value in resources.chain(conditions) {
        if !value.value.contains("${") {
            continue;
        }
        let template = Template::parse(&value.value);
        for (key, _) in template.variable_keys() {
            let known = match key.split_once(':') {
                None => false,
                Some((prefix, _)) => {
                    key_type(catalog, key).is_some()
                        || !(prefix.eq_ignore_ascii_case("aws")
                            || catalog.service(prefix).is_some())
                }
            };
            if !known {
                out.push(finding(
                    Warning,
                    "unknown-variable",
                    format!(
                        "`${{{key}}}` names no condition key AWS documents, so it never has a value"
                    ),
                    value.span,
                    "check the spelling, e.g. `${aws:username}` or `${aws:PrincipalTag/team}`",
                ));
            }
        }
    }
}
