//! Rules of AWS services that apply on top of policies, each an explained step of the decision
//! rather than a silent special case:
//!
//! - `sts:GetCallerIdentity` needs no permission, and no policy can deny it (STS API reference).
//! - `sts:AssumeRole` (and its SAML and web identity forms) on a role needs the role's trust
//!   policy to allow the caller, even in the role's own account; a trust policy naming the
//!   account defers to the caller's identity-based policies (IAM User Guide, "Policy evaluation
//!   logic" and "Cross-account policy evaluation logic").
//! - A KMS key's key policy must allow the caller, or give the account access (`…:root`) so that
//!   IAM policies apply: identity-based policies alone are not enough (KMS Developer Guide, "Key
//!   policies").
//! - AWS managed policies cannot be changed by anyone (IAM User Guide, "Managed policies and
//!   inline policies"); IAM Identity Center's reserved roles (`AWSReservedSSO_*`, under
//!   `/aws-reserved/sso.amazonaws.com/`) cannot be changed by IAM principals; KMS aliases under
//!   `alias/aws/` are reserved for AWS (KMS Developer Guide, "Aliases").

use crate::evaluate::PreparedRequest;

/// A rule of an AWS service that decides, or constrains, a request whatever its policies say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceRule {
    /// `sts:GetCallerIdentity`: always allowed.
    NoPermissionNeeded,
    /// Assuming a role: its trust policy must allow the caller.
    TrustPolicyRequired,
    /// Using a KMS key: its key policy must allow the caller (or the account).
    KeyPolicyRequired,
    /// Changing an AWS managed policy: never allowed.
    AwsManagedPolicy,
    /// Changing an IAM Identity Center reserved role: never allowed to IAM principals.
    ReservedSsoRole,
    /// Creating, changing or deleting an alias under `alias/aws/`: reserved for AWS.
    ReservedKmsAlias,
}

impl ServiceRule {
    /// Whether the rule decides the request on its own.
    pub fn decides(self) -> bool {
        !matches!(
            self,
            ServiceRule::TrustPolicyRequired | ServiceRule::KeyPolicyRequired
        )
    }

    /// The rule in words, as the explanation's step says it.
    pub fn words(self) -> &'static str {
        match self {
            ServiceRule::NoPermissionNeeded => {
                "sts:GetCallerIdentity needs no permission, and no policy can deny it"
            }
            ServiceRule::TrustPolicyRequired => {
                "a role can be assumed only when its trust policy allows the caller, even in the role's own account"
            }
            ServiceRule::KeyPolicyRequired => {
                "a KMS key can be used only when its key policy allows the caller, or gives the account access so that IAM policies apply"
            }
            ServiceRule::AwsManagedPolicy => "AWS managed policies cannot be changed by anyone",
            ServiceRule::ReservedSsoRole => {
                "IAM Identity Center's reserved roles (AWSReservedSSO_*) cannot be changed by IAM principals"
            }
            ServiceRule::ReservedKmsAlias => {
                "KMS aliases beginning with alias/aws/ are reserved for AWS"
            }
        }
    }
}

/// Actions that change an IAM policy.
const POLICY_CHANGES: [&str; 7] = [
    "iam:createpolicyversion",
    "iam:deletepolicy",
    "iam:deletepolicyversion",
    "iam:setdefaultpolicyversion",
    "iam:tagpolicy",
    "iam:untagpolicy",
    "iam:createpolicy",
];

/// Actions that change an IAM role.
const ROLE_CHANGES: [&str; 14] = [
    "iam:attachrolepolicy",
    "iam:detachrolepolicy",
    "iam:putrolepolicy",
    "iam:deleterolepolicy",
    "iam:updateassumerolepolicy",
    "iam:updaterole",
    "iam:updateroledescription",
    "iam:deleterole",
    "iam:putrolepermissionsboundary",
    "iam:deleterolepermissionsboundary",
    "iam:tagrole",
    "iam:untagrole",
    "iam:createrole",
    "iam:addroletoinstanceprofile",
];

/// Actions on a KMS alias.
const ALIAS_CHANGES: [&str; 3] = ["kms:createalias", "kms:deletealias", "kms:updatealias"];

/// An ARN's service, account and resource part (after the fifth `:`).
fn arn_parts(arn: &str) -> Option<(&str, &str, &str)> {
    let mut parts = arn.splitn(6, ':');
    let (_, _, service, _, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    Some((service, account, resource))
}

/// Whether a role's resource part (`role/path/name`) is an IAM Identity Center reserved role.
fn reserved_sso_role(resource: &str) -> bool {
    let Some(path_and_name) = resource.strip_prefix("role/") else {
        return false;
    };
    path_and_name.starts_with("aws-reserved/sso.amazonaws.com/")
        || path_and_name
            .rsplit('/')
            .next()
            .is_some_and(|name| name.starts_with("AWSReservedSSO_"))
}

/// The service rule that applies to a request, if any.
pub fn rule(request: &PreparedRequest<'_>) -> Option<ServiceRule> {
    let action = request.action_lower.as_str();
    if action == "sts:getcalleridentity" {
        return Some(ServiceRule::NoPermissionNeeded);
    }
    let (service, account, resource) = arn_parts(&request.request.resource)?;
    match service {
        "sts" | "iam"
            if matches!(
                action,
                "sts:assumerole" | "sts:assumerolewithsaml" | "sts:assumerolewithwebidentity"
            ) && resource.starts_with("role/") =>
        {
            Some(ServiceRule::TrustPolicyRequired)
        }
        "iam"
            if POLICY_CHANGES.contains(&action)
                && account == "aws"
                && resource.starts_with("policy/") =>
        {
            Some(ServiceRule::AwsManagedPolicy)
        }
        "iam" if ROLE_CHANGES.contains(&action) && reserved_sso_role(resource) => {
            Some(ServiceRule::ReservedSsoRole)
        }
        "kms" if ALIAS_CHANGES.contains(&action) && resource.starts_with("alias/aws/") => {
            Some(ServiceRule::ReservedKmsAlias)
        }
        "kms" if action.starts_with("kms:") && resource.starts_with("key/") => {
            Some(ServiceRule::KeyPolicyRequired)
        }
        _ => None,
    }
}
