//! Checks of what an `Allow` or a `Deny` grants: every action or resource, `NotAction` and
//! `NotResource`, and the IAM and STS actions that let a principal raise its own permissions.

use super::finding;
use super::pattern::has_star;
use crate::compile::PolicyType;
use crate::diagnostic::{Diagnostic, Severity};
use crate::glob::Glob;
use crate::policy::{Effect, Statement};

use Severity::{SecurityWarning, Warning};

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

/// An `Allow` of actions on every resource: every action, `NotAction`, and the IAM actions that
/// hand out or raise permissions.
pub(super) fn allow(statement: &Statement, out: &mut Vec<Diagnostic>) {
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
                // With a wildcard in `Resource`, Access Analyzer's "Pass role with star in
                // resource": a security warning.
                // (On `*` itself, `pass-role-any-resource` is the security warning.)
                let wildcard = !any_resource
                    && statement.resource.as_ref().is_some_and(|r| {
                        r.negated || r.values.iter().any(|v| v.value.contains('*'))
                    });
                let (severity, roles) = if wildcard {
                    (SecurityWarning, "any role its `Resource` matches")
                } else {
                    (Warning, "the role")
                };
                out.push(finding(severity, "pass-role-without-service", format!("`iam:PassRole` without an `iam:PassedToService` condition lets {roles} be passed to any service"), action.span, "add `\"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"ec2.amazonaws.com\"}}`"));
            }
        }
    }
}

/// `Allow` with `NotResource`, a `Deny` of everything, and roles an `Allow` on every resource
/// lets the principal assume or create.
pub(super) fn any_resource(kind: PolicyType, statement: &Statement, out: &mut Vec<Diagnostic>) {
    let resource = statement.resource.as_ref();
    let any_resource = resource.is_none() || has_star(resource);
    let unconditional = statement.conditions.is_empty();
    if let Some(r) = resource.filter(|r| r.negated) {
        if statement.effect.value == Effect::Allow {
            out.push(finding(
                SecurityWarning,
                "allow-not-resource",
                "`Allow` with `NotResource` grants access to every resource not listed, including resources created later",
                r.span,
                "list the resources to allow in `Resource` instead",
            ));
        }
    }
    let Some(actions) = statement.action.as_ref().filter(|a| !a.negated) else {
        return;
    };
    for action in &actions.values {
        let lower = action.value.to_ascii_lowercase();
        let everything = lower == "*" || lower == "*:*";
        if statement.effect.value == Effect::Deny {
            if kind == PolicyType::Identity && everything && any_resource && unconditional {
                out.push(finding(
                    Warning,
                    "deny-all",
                    "this statement denies every action on every resource, so no `Allow` of the principal's policies has any effect",
                    action.span,
                    "deny only the actions and resources to protect, or add conditions",
                ));
            }
            continue;
        }
        if everything || !has_star(resource) {
            continue;
        }
        let glob = Glob::new(&lower);
        if kind == PolicyType::Identity && unconditional && glob.matches("sts:assumerole") {
            out.push(finding(
                SecurityWarning,
                "assume-any-role",
                format!("`{}` on every resource lets the principal assume any role that trusts its account", action.value),
                action.span,
                "limit `Resource` to the roles it must assume, e.g. `arn:aws:iam::111122223333:role/deploy`",
            ));
        }
        let named = statement.conditions.iter().any(|c| {
            c.entries
                .iter()
                .any(|e| e.key.value.eq_ignore_ascii_case("iam:AWSServiceName"))
        });
        if glob.matches("iam:createservicelinkedrole") && !named {
            out.push(finding(
                Warning,
                "create-slr-any-resource",
                format!("`{}` on every resource can create unintended service-linked roles", action.value),
                action.span,
                "limit `Resource` to the service-linked roles needed, or add an `iam:AWSServiceName` condition",
            ));
        }
    }
}
