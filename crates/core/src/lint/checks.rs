//! The linter's checks, each producing findings with a stable code.

use super::finding;
use crate::arn::resource_part_offset;
use crate::catalog::{Catalog, catalog, placeholders_to_wildcards};
use crate::compile::PolicyType;
use crate::condition::{BaseOperator, Operator, SetOperator};
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::glob::Glob;
use crate::iam::names::policy_size;
use crate::iam::quotas;
use crate::policy::{Effect, Policy, Principal, PrincipalType, Statement, Version};
use crate::span::Spanned;

use Severity::{Error, SecurityWarning, Suggestion, Warning};

/// Actions that let a principal raise its own permissions when allowed on any resource.
const ESCALATION: [&str; 10] = [
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreatePolicyVersion",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:SetDefaultPolicyVersion",
    "iam:AddUserToGroup",
    "iam:PutGroupPolicy",
];

pub(super) fn run(text: &str, kind: PolicyType, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let catalog = catalog();
    version(text, policy, out);
    size(text, kind, policy, out);
    for statement in &policy.statements {
        actions(catalog, statement, out);
        resources(catalog, policy, statement, out);
        principals(policy, statement, out);
        grants(statement, out);
        conditions(catalog, policy, statement, out);
    }
}

pub(super) fn has_variables(policy: &Policy) -> bool {
    policy.statements.iter().any(|s| {
        let in_list = |l: &Option<crate::policy::ValueList>| {
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

fn version(text: &str, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let opening = crate::span::Span::new(policy.span.start, policy.span.start + 1);
    match &policy.version {
        None => out.push(finding(
            Warning,
            "missing-version",
            "policy has no `Version`: it is read as the 2008-10-17 language, where policy variables are literal text",
            opening,
            "add `\"Version\": \"2012-10-17\"`",
        )),
        Some(v) if v.value == Version::V2008_10_17 && has_variables(policy) => out.push(finding(
            Warning,
            "variables-in-old-version",
            "this policy uses `${…}` but `Version` 2008-10-17 reads it as literal text",
            v.span,
            "use `\"Version\": \"2012-10-17\"` for policy variables",
        )),
        Some(_) => {}
    }
    let _ = text;
}

fn size(text: &str, kind: PolicyType, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let (limit, what) = match kind {
        _ if super::principals::is_trust(kind, policy) => {
            (quotas::TRUST_POLICY_SIZE, "a role trust policy")
        }
        PolicyType::Identity => (quotas::MANAGED_POLICY_SIZE, "a managed policy"),
        _ => return,
    };
    let size = policy_size(text);
    if size > limit {
        out.push(finding(
            Warning,
            "policy-too-large",
            format!("policy is {size} characters without whitespace, over the quota of {limit} for {what}"),
            crate::span::Span::new(policy.span.start, policy.span.start + 1),
            format!("IAM refuses it as written: split it, or (trust policies) ask AWS to raise the quota to {}", quotas::TRUST_POLICY_SIZE_MAX),
        ));
    }
}

fn actions(catalog: &Catalog, statement: &Statement, out: &mut Vec<Diagnostic>) {
    let Some(list) = &statement.action else {
        return;
    };
    // Redundant: the same action twice, or an action a wildcard in the list already covers.
    let mut seen: std::collections::HashMap<String, &Spanned<String>> =
        std::collections::HashMap::new();
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
        if lower.contains(['*', '?']) {
            wildcards.push((Glob::new(&lower), value));
        }
        seen.entry(lower).or_insert(value);
        if action == "*" {
            continue;
        }
        let Some((prefix, name)) = action.split_once(':') else {
            out.push(finding(
                Error,
                "invalid-action",
                format!("`{action}` is not an action"),
                value.span,
                "write `service:Action`, e.g. `s3:GetObject`",
            ));
            continue;
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
                out.push(finding(
                    Suggestion,
                    "wildcard-in-service-name",
                    format!("`{prefix}` uses a wildcard in the service prefix"),
                    value.span,
                    "avoid wildcards (*, ?) in the service name: they may grant unintended access to other AWS services with similar names",
                ));
            }
            continue;
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
            continue;
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
}

/// Whether `arn` could name a resource of some type the action lists.
fn resources(catalog: &Catalog, policy: &Policy, statement: &Statement, out: &mut Vec<Diagnostic>) {
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
                out.push(finding(
                    Warning,
                    "variable-not-allowed",
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
    let mut intersects: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
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
        let types: Vec<&crate::catalog::ResourceType> = found
            .resource_types()
            .filter_map(|(name, _)| service.resource_types.iter().find(|r| r.name == name))
            .collect();
        if types.is_empty() {
            continue;
        }
        // Some ARN must match both the statement's value and one of the action's types. Actions
        // share resource types, so each type's answer is kept.
        let matches_any = types.iter().any(|t| {
            *intersects.entry(t.arn).or_insert_with(|| {
                let pattern = placeholders_to_wildcards(t.arn);
                specific
                    .iter()
                    .any(|r| crate::glob::patterns_intersect(&r.value, &pattern))
            })
        });
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
                format!("e.g. `s3:PutObject` needs `arn:aws:s3:::bucket/*`, not `arn:aws:s3:::bucket`; this statement lists {}", specific.iter().map(|r| format!("`{}`", r.value)).collect::<Vec<_>>().join(", ")),
            ));
        }
    }
}

fn principals(policy: &Policy, statement: &Statement, out: &mut Vec<Diagnostic>) {
    let Some(principal) = &statement.principal else {
        return;
    };
    if statement.effect.value == Effect::Allow && principal.negated {
        out.push(finding(
            SecurityWarning,
            "allow-with-not-principal",
            "`Allow` with `NotPrincipal` grants access to everyone except the principals named",
            principal.span,
            "name the principals who may act in `Principal` instead",
        ));
    }
    let assume = statement.action.as_ref().is_some_and(|a| {
        !a.negated
            && a.values
                .iter()
                .any(|v| v.value.to_ascii_lowercase().starts_with("sts:assumerole"))
    });
    if !assume || principal.negated || statement.effect.value != Effect::Allow {
        return;
    }
    let any_aws = match &principal.principal {
        Principal::Any => true,
        Principal::Typed(types) => types
            .iter()
            .any(|(t, values)| *t == PrincipalType::Aws && values.iter().any(|v| v.value == "*")),
    };
    if any_aws && statement.conditions.is_empty() {
        out.push(finding(
            SecurityWarning,
            "trust-any-principal",
            "this trust policy lets any AWS principal assume the role",
            principal.span,
            "name the accounts, roles or services that may assume it, or add conditions",
        ));
    }
    // Only a policy none of whose statements trusts a service, and a statement that trusts no
    // identity provider (whose sessions could never be an instance's).
    let names = |s: &Statement, kind: PrincipalType| {
        s.principal.as_ref().is_some_and(|p| match &p.principal {
            Principal::Any => false,
            Principal::Typed(types) => types.iter().any(|(t, _)| *t == kind),
        })
    };
    let services = policy
        .statements
        .iter()
        .any(|s| names(s, PrincipalType::Service));
    if !services && !any_aws && !names(statement, PrincipalType::Federated) {
        out.push(finding(Warning, "trust-no-service", "this trust policy trusts no AWS service: an instance profile's role must trust `ec2.amazonaws.com`", principal.span, "add `\"Service\": \"ec2.amazonaws.com\"` if the role is for EC2 instances"));
    }
}

fn grants(statement: &Statement, out: &mut Vec<Diagnostic>) {
    if statement.effect.value != Effect::Allow {
        return;
    }
    let Some(actions) = &statement.action else {
        return;
    };
    let any_resource = statement
        .resource
        .as_ref()
        .is_none_or(|r| !r.negated && r.values.iter().any(|v| v.value == "*"));
    if actions.negated {
        if any_resource {
            out.push(finding(SecurityWarning, "allow-not-action", "`Allow` with `NotAction` on every resource grants every action not listed, including ones added later", actions.span, "list the actions to allow instead"));
        }
        return;
    }
    for action in &actions.values {
        let lower = action.value.to_ascii_lowercase();
        if (lower == "*" || lower == "*:*") && any_resource {
            out.push(finding(
                SecurityWarning,
                "full-access",
                "this statement allows every action on every resource",
                action.span,
                "grant only the actions and resources needed",
            ));
        } else if any_resource
            && (lower == "iam:*"
                || lower == "iam:passrole"
                || ESCALATION.iter().any(|e| e.eq_ignore_ascii_case(&lower)))
        {
            if lower == "iam:passrole" {
                out.push(finding(SecurityWarning, "pass-role-any-resource", "`iam:PassRole` on every resource lets this principal hand any role to a service", action.span, "limit `Resource` to the roles it must pass, e.g. `arn:aws:iam::123456789012:role/qateam-*`"));
            } else {
                out.push(finding(
                    SecurityWarning,
                    "privilege-escalation",
                    format!(
                        "`{}` on every resource lets the principal raise its own permissions",
                        action.value
                    ),
                    action.span,
                    "limit `Resource` to specific roles, users or policies",
                ));
            }
        }
        if lower == "iam:passrole" {
            let keyed = statement.conditions.iter().any(|c| {
                c.entries
                    .iter()
                    .any(|e| e.key.value.eq_ignore_ascii_case("iam:PassedToService"))
            });
            if !keyed {
                out.push(finding(Warning, "pass-role-without-service", "`iam:PassRole` without an `iam:PassedToService` condition lets the role be passed to any service", action.span, "add `\"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"ec2.amazonaws.com\"}}`"));
            }
        }
    }
}

/// Whether condition key `key` is an instance of the catalogue's key `known`. Keys with a
/// placeholder (`kms:EncryptionContext:${EncryptionContextKey}`, `aws:RequestTag/tag-key`,
/// `…/<key>`) match any key that shares the part before it.
pub(super) fn key_matches(known: &str, key: &str) -> bool {
    let fixed = key_fixed_part(known);
    known.eq_ignore_ascii_case(key)
        || fixed.is_some_and(|prefix| {
            key.len() > prefix.len()
                && key
                    .get(..prefix.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        })
}

/// The part of a catalogue key before its placeholder (`aws:RequestTag/`), if it has one.
pub(super) fn key_fixed_part(known: &str) -> Option<&str> {
    match known.find("${") {
        Some(at) => known.get(..at),
        None => known.find('/').and_then(|at| known.get(..=at)),
    }
}

/// The catalogue's keys `key` is an instance of, with their types: global keys first, then the
/// service's own.
pub(super) fn known_keys(
    catalog: &Catalog,
    key: &str,
) -> impl Iterator<Item = (&'static str, &'static str)> {
    let service = key
        .split_once(':')
        .and_then(|(prefix, _)| catalog.service(prefix));
    let key = key.to_owned();
    let key2 = key.clone();
    catalog
        .global_keys
        .iter()
        .filter(move |(k, _)| key_matches(k, &key))
        .chain(
            service
                .into_iter()
                .flat_map(|s| s.condition_keys.iter())
                .filter(move |(k, _)| key_matches(k, &key2)),
        )
        .copied()
}

/// The catalogue's type of a condition key, if it knows it.
pub(super) fn key_type(catalog: &Catalog, key: &str) -> Option<&'static str> {
    known_keys(catalog, key).next().map(|(_, t)| t)
}

fn conditions(
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
                    Warning,
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
            if known.is_none() && service_known && !super::conditions::explained_key(catalog, key) {
                out.push(finding(
                    Warning,
                    "unknown-condition-key",
                    format!("`{key}` is not a condition key AWS documents"),
                    entry.key.span,
                    "check the spelling against the service's condition keys",
                ));
            }
            if let Some(kind) = known {
                let multivalued = kind.starts_with("ArrayOf");
                if operator.set.is_some() && !multivalued {
                    let set = if operator.set == Some(SetOperator::ForAllValues) {
                        "ForAllValues"
                    } else {
                        "ForAnyValue"
                    };
                    out.push(finding(
                        Warning,
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
                if variables
                    && text.contains("${")
                    && !operator.base.allows_variables()
                    && operator.base != BaseOperator::Null
                {
                    out.push(finding(Warning, "variable-not-allowed", format!("`{}` does not replace policy variables: `{text}` is compared literally", block.operator.value), value.span, "policy variables work in String and Arn operators"));
                }
            }
        }
    }
}
