//! Checks of `Principal`/`NotPrincipal` and of role trust policies.

use super::finding;
use crate::compile::PolicyType;
use crate::diagnostic::{Diagnostic, Severity};
use crate::glob::Glob;
use crate::policy::{Effect, Policy, Principal, PrincipalType, Statement};

use Severity::{Error, SecurityWarning, Warning};

/// The actions a role trust policy may name: the three ways of assuming a role first.
const TRUST_ACTIONS: [&str; 6] = [
    "sts:assumerole",
    "sts:assumerolewithsaml",
    "sts:assumerolewithwebidentity",
    "sts:tagsession",
    "sts:setsourceidentity",
    "sts:setcontext",
];

/// Endings of AWS service principals, in every partition.
const SERVICE_SUFFIXES: [&str; 6] = [
    ".amazonaws.com",
    ".amazonaws.com.cn",
    ".c2s.ic.gov",
    ".sc2s.sgov.gov",
    ".amazon.com",
    ".api.aws",
];

/// Condition keys that do not narrow who may call: a statement conditioned only on these is
/// still open to everyone.
const OPEN_KEYS: [&str; 6] = [
    "aws:SecureTransport",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:RequestedRegion",
    "aws:UserAgent",
    "aws:referer",
];

/// The GitHub OIDC provider and the key that names the repository.
const GITHUB_PROVIDER: &str = "token.actions.githubusercontent.com";
const GITHUB_SUB: &str = "token.actions.githubusercontent.com:sub";

/// Whether a policy is a role trust policy: read as one, or a resource-based policy some
/// statement of which names one of the three `sts:AssumeRole…` actions.
pub(super) fn is_trust(kind: PolicyType, policy: &Policy) -> bool {
    match kind {
        PolicyType::Trust => true,
        PolicyType::Resource => policy.statements.iter().any(|s| {
            s.action.as_ref().is_some_and(|a| {
                !a.negated
                    && a.values.iter().any(|v| {
                        let lower = v.value.to_ascii_lowercase();
                        let glob = Glob::new(&lower);
                        lower.starts_with("sts:")
                            && TRUST_ACTIONS.iter().take(3).any(|a| glob.matches(a))
                    })
            })
        }),
        _ => false,
    }
}

fn allows(statement: &Statement, action: &str) -> bool {
    statement.action.as_ref().is_some_and(|a| {
        !a.negated
            && a.values
                .iter()
                .any(|v| Glob::new(&v.value.to_ascii_lowercase()).matches(action))
    })
}

pub(super) fn run(kind: PolicyType, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let trust = is_trust(kind, policy);
    // Where `Principal` is not allowed at all, the compiler's error says all there is to say.
    if !kind.names_principals() {
        return;
    }
    for statement in &policy.statements {
        values(statement, out);
        if trust {
            trust_statement(statement, out);
        } else if kind == PolicyType::Resource {
            public(statement, out);
        }
        if let Some(principal) = statement.principal.as_ref().filter(|p| p.negated && trust) {
            // Access Analyzer's "Role trust policy syntax error notprincipal", an error.
            out.push(finding(
                Error,
                "trust-not-principal",
                "role trust policies do not support `NotPrincipal`: IAM refuses this trust policy",
                principal.span,
                "name who may assume the role in `Principal` instead",
            ));
        }
        if let Some(principal) = &statement.principal {
            if principal.negated && statement.effect.value == Effect::Deny && !trust {
                out.push(finding(
                    Warning,
                    "deny-with-not-principal",
                    "`Deny` with `NotPrincipal` is hard to get right: a role session is a different principal from its role",
                    principal.span,
                    "use `Principal: \"*\"` with an `ArnNotEquals` condition on `aws:PrincipalArn` instead",
                ));
            }
        }
    }
}

/// One statement's principal: `NotPrincipal` in an `Allow`, and who an `Allow` of
/// `sts:AssumeRole…` trusts.
pub(super) fn principal(policy: &Policy, statement: &Statement, out: &mut Vec<Diagnostic>) {
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
            "name the accounts, roles or services that may assume it, or add conditions (a security warning, where Access Analyzer has an error for `\"*\"`: IAM accepts a trust policy for everyone, and with conditions it can be meant)",
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

/// Each value of `Principal`: wildcards, unique ids, service names.
fn values(statement: &Statement, out: &mut Vec<Diagnostic>) {
    let Some(principal) = &statement.principal else {
        return;
    };
    let Principal::Typed(types) = &principal.principal else {
        return;
    };
    for (kind, values) in types {
        for value in values {
            let text = value.value.as_str();
            if text.contains(['*', '?']) && !(*kind == PrincipalType::Aws && text == "*") {
                out.push(finding(
                    Error,
                    "principal-wildcard",
                    format!("wildcards (*, ?) are not supported in the `{}` principal `{text}`", kind.as_str()),
                    value.span,
                    "name the principal exactly, or use `\"AWS\": \"*\"` with a condition such as `ArnLike` on `aws:PrincipalArn`",
                ));
                continue;
            }
            match kind {
                PrincipalType::Aws if is_unique_id(text) => {
                    let what = if text.starts_with("AROA") {
                        "role"
                    } else {
                        "user"
                    };
                    out.push(finding(
                        Warning,
                        "principal-unique-id",
                        format!("`{text}` is the unique ID of an IAM {what}"),
                        value.span,
                        format!("use the {what}'s ARN: IAM shows the ID only when the {what} was deleted, and a {what} created again with the same name gets a new ID"),
                    ));
                }
                PrincipalType::Service => {
                    let lower = text.to_ascii_lowercase();
                    if !SERVICE_SUFFIXES.iter().any(|s| lower.ends_with(s)) {
                        out.push(finding(
                            Warning,
                            "unknown-service-principal",
                            format!("`{text}` is not an AWS service principal"),
                            value.span,
                            "service principals are written `service-name.amazonaws.com`, e.g. `ec2.amazonaws.com` (a warning: a well-formed name iamplay does not know may be a new service)",
                        ));
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_unique_id(text: &str) -> bool {
    (text.starts_with("AROA") || text.starts_with("AIDA"))
        && text.len() >= 16
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn trust_statement(statement: &Statement, out: &mut Vec<Diagnostic>) {
    if let Some(resource) = &statement.resource {
        let name = if resource.negated {
            "NotResource"
        } else {
            "Resource"
        };
        out.push(finding(
            Error,
            "trust-with-resource",
            format!("a role trust policy cannot have `{name}`: the resource is the role itself"),
            resource.span,
            format!("remove `{name}`; IAM refuses it with \"Has prohibited field Resource\""),
        ));
    }
    if let Some(actions) = statement.action.as_ref().filter(|a| !a.negated) {
        for value in &actions.values {
            let glob = Glob::new(&value.value.to_ascii_lowercase());
            if !TRUST_ACTIONS.iter().any(|a| glob.matches(a)) {
                out.push(finding(
                    Error,
                    "trust-invalid-action",
                    format!("`{}` is not an action a role trust policy can name", value.value),
                    value.span,
                    "a trust policy may name only `sts:AssumeRole`, `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, `sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext`",
                ));
            }
        }
    }
    let Some(principal) = &statement.principal else {
        return;
    };
    let github = match &principal.principal {
        Principal::Typed(types) => types.iter().any(|(t, values)| {
            *t == PrincipalType::Federated
                && values.iter().any(|v| v.value.contains(GITHUB_PROVIDER))
        }),
        Principal::Any => false,
    };
    let keyed = statement.conditions.iter().any(|c| {
        c.entries
            .iter()
            .any(|e| e.key.value.eq_ignore_ascii_case(GITHUB_SUB))
    });
    if github
        && !principal.negated
        && statement.effect.value == Effect::Allow
        && allows(statement, "sts:assumerolewithwebidentity")
        && !keyed
    {
        out.push(finding(
            SecurityWarning,
            "github-oidc-without-sub",
            "this trust policy lets any GitHub repository's workflows assume the role",
            principal.span,
            format!("add a condition on `{GITHUB_SUB}` naming your repository, e.g. `\"StringLike\": {{\"{GITHUB_SUB}\": \"repo:my-org/my-repo:*\"}}`"),
        ));
    }
}

/// A resource-based policy statement that allows everyone.
fn public(statement: &Statement, out: &mut Vec<Diagnostic>) {
    let Some(principal) = &statement.principal else {
        return;
    };
    if principal.negated || statement.effect.value != Effect::Allow {
        return;
    }
    let everyone = match &principal.principal {
        Principal::Any => true,
        Principal::Typed(types) => types
            .iter()
            .any(|(t, values)| *t == PrincipalType::Aws && values.iter().any(|v| v.value == "*")),
    };
    let narrowed = statement.conditions.iter().any(|c| {
        c.entries.iter().any(|e| {
            !OPEN_KEYS
                .iter()
                .any(|k| e.key.value.eq_ignore_ascii_case(k))
        })
    });
    if everyone && !narrowed {
        out.push(finding(
            SecurityWarning,
            "public-access",
            "this statement allows anyone, including anonymous users, with no condition that narrows who may call",
            principal.span,
            "name the principals that need access, or add a condition such as `aws:PrincipalOrgID` or `aws:SourceVpce`",
        ));
    }
}
