//! Checks of resource control policies (RCPs): they only deny (`Allow` is reserved to AWS's
//! `RCPFullAWSAccess`), name every principal (`"*"`) and narrow it with conditions, and take no
//! `NotPrincipal`.

use super::finding;
use crate::compile::PolicyType;
use crate::diagnostic::{Diagnostic, Severity};
use crate::policy::{Effect, Policy, Principal, Statement, ValueList};

/// Whether a list is exactly `"*"` (not negated).
fn is_star(list: Option<&ValueList>) -> bool {
    list.is_some_and(|l| {
        !l.negated && l.values.len() == 1 && l.values.iter().all(|v| v.value == "*")
    })
}

/// `RCPFullAWSAccess`'s shape: Allow `*` to `*` on `*` without conditions.
fn is_full_access(statement: &Statement) -> bool {
    statement
        .principal
        .as_ref()
        .is_some_and(|p| !p.negated && p.principal == Principal::Any)
        && is_star(statement.action.as_ref())
        && is_star(statement.resource.as_ref())
        && statement.conditions.is_empty()
}

pub(super) fn run(kind: PolicyType, policy: &Policy, out: &mut Vec<Diagnostic>) {
    if kind != PolicyType::ResourceControl {
        return;
    }
    for statement in &policy.statements {
        if statement.effect.value == Effect::Allow && !is_full_access(statement) {
            out.push(finding(
                Severity::Error,
                "rcp-allow",
                "an RCP statement may only deny: `Allow` is supported only in AWS's RCPFullAWSAccess policy",
                statement.effect.span,
                "write the restriction as `Deny` with the conditions under which it applies; RCPFullAWSAccess already lets everything else through",
            ));
        }
        let Some(principal) = &statement.principal else {
            continue;
        };
        if principal.negated {
            out.push(finding(
                Severity::Error,
                "rcp-not-principal",
                "RCPs do not support `NotPrincipal`",
                principal.span,
                "use `\"Principal\": \"*\"` with a condition such as `ArnNotLike` on `aws:PrincipalArn` for the principals to exempt",
            ));
            continue;
        }
        if let Principal::Typed(types) = &principal.principal {
            let named = types
                .iter()
                .flat_map(|(_, values)| values)
                .find(|v| v.value != "*");
            if let Some(value) = named {
                out.push(finding(
                    Severity::Error,
                    "rcp-principal-not-wildcard",
                    format!(
                        "an RCP's `Principal` must be `\"*\"`, not `{}`",
                        value.value
                    ),
                    value.span,
                    "write `\"Principal\": \"*\"` and narrow who the statement applies to with conditions such as `aws:PrincipalArn`, `aws:PrincipalAccount` or `aws:PrincipalOrgID`",
                ));
            }
        }
    }
}
