//! AWS's decision order over every policy type, with the explanation of each decision.
//!
//! 1. An explicit `Deny` in any applicable policy decides `explicitDeny`.
//! 2. RCPs: every organisation level must allow (RCPFullAWSAccess is always attached, so a level
//!    only fails through a `Deny`); not for resources of the management account.
//! 3. SCPs: every level (root, each OU, the account) must allow; not for the management account.
//! 4. The resource-based policy, identity-based policies, permissions boundary and session
//!    policy. In one account, an allow in either the identity side or the resource policy is
//!    enough, where a resource policy naming the role session (or `*`, or an IAM user) needs
//!    nothing more, one naming the role is still limited by the boundary and session policy,
//!    and one naming the account defers to the identity side. Across accounts, both the
//!    resource policy and the identity side must allow.
//! 5. Otherwise `implicitDeny`.

pub mod applicable;
mod explain;
pub mod service;

pub use explain::{
    ConditionFailure, Evaluation, PolicyTrace, StatementOutcome, StatementRef, StatementTrace,
    Step, StepOutcome, near_misses,
};

use crate::compile::CompiledPolicy;
use crate::evaluate::{PreparedRequest, not_principal_deny_ignores_exception, statement_applies};
use crate::policy::Effect;
use crate::principal::PrincipalMatch;
use service::ServiceRule;
use std::fmt;
use std::sync::Arc;

/// The outcome of evaluating a request, in the AWS API's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvalDecision {
    /// `allowed`
    Allowed,
    /// `explicitDeny`
    ExplicitDeny,
    /// `implicitDeny`
    ImplicitDeny,
}

impl EvalDecision {
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub fn as_str(self) -> &'static str {
        match self {
            EvalDecision::Allowed => "allowed",
            EvalDecision::ExplicitDeny => "explicitDeny",
            EvalDecision::ImplicitDeny => "implicitDeny",
        }
    }
}

impl fmt::Display for EvalDecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One level of an organisation (root, an OU, the account) with the policies attached there.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrgLevel {
    /// The level's name, e.g. `Root` or `ou-prod`.
    pub name: String,
    /// The SCPs or RCPs attached at this level.
    pub policies: Vec<Arc<CompiledPolicy>>,
}

/// Every policy that applies to a request, compiled.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicySet {
    /// Identity-based policies of the principal (inline and managed).
    pub identity: Vec<Arc<CompiledPolicy>>,
    /// The resource's policy, if any.
    pub resource: Option<Arc<CompiledPolicy>>,
    /// The principal's permissions boundary, if any.
    pub boundary: Option<Arc<CompiledPolicy>>,
    /// The session policy, if any.
    pub session: Option<Arc<CompiledPolicy>>,
    /// The policy of the VPC endpoint the request goes through, if it goes through one: it
    /// must allow the request too (IAM User Guide, "Policy evaluation logic"; Amazon VPC,
    /// "Control access to VPC endpoints using endpoint policies").
    pub endpoint: Option<Arc<CompiledPolicy>>,
    /// SCPs per organisation level; empty when the account is not in an organisation.
    pub scp_levels: Vec<OrgLevel>,
    /// Customer RCPs per organisation level; RCPFullAWSAccess is implied at every level.
    pub rcp_levels: Vec<OrgLevel>,
    /// The account that owns the resource; `None` means the caller's account.
    pub resource_account: Option<String>,
    /// The caller's account is the organisation's management account (SCPs do not apply).
    pub caller_is_management_account: bool,
    /// The resource's account is the management account (RCPs do not apply).
    pub resource_in_management_account: bool,
}

impl PolicySet {
    /// A set of one policy, in the place its type takes in a decision: a trust policy is the
    /// role's resource-based policy, an SCP or RCP the one policy of a `Root` level.
    pub fn alone(kind: crate::PolicyType, policy: Arc<CompiledPolicy>) -> Self {
        use crate::PolicyType as T;
        let mut set = Self::default();
        let root = |p| OrgLevel {
            name: "Root".into(),
            policies: vec![p],
        };
        match kind {
            T::Identity => set.identity.push(policy),
            T::Resource | T::Trust => set.resource = Some(policy),
            T::PermissionsBoundary => set.boundary = Some(policy),
            T::Session => set.session = Some(policy),
            T::ServiceControl => set.scp_levels.push(root(policy)),
            T::ResourceControl => set.rcp_levels.push(root(policy)),
        }
        set
    }

    /// Every policy with its place: identity, resource, boundary, session, SCPs, RCPs.
    pub fn policies(&self) -> impl Iterator<Item = (Place, &CompiledPolicy)> {
        let identity = self.identity.iter().map(|p| (Place::Identity, &**p));
        let resource = self.resource.iter().map(|p| (Place::Resource, &**p));
        let boundary = self.boundary.iter().map(|p| (Place::Boundary, &**p));
        let session = self.session.iter().map(|p| (Place::Session, &**p));
        let endpoint = self.endpoint.iter().map(|p| (Place::Endpoint, &**p));
        let scps = self
            .scp_levels
            .iter()
            .enumerate()
            .flat_map(|(i, level)| level.policies.iter().map(move |p| (Place::Scp(i), &**p)));
        let rcps = self
            .rcp_levels
            .iter()
            .enumerate()
            .flat_map(|(i, level)| level.policies.iter().map(move |p| (Place::Rcp(i), &**p)));
        identity
            .chain(resource)
            .chain(boundary)
            .chain(session)
            .chain(endpoint)
            .chain(scps)
            .chain(rcps)
    }
}

/// Where a policy sits in the decision order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// An identity-based policy.
    Identity,
    /// The resource-based policy.
    Resource,
    /// The permissions boundary.
    Boundary,
    /// The session policy.
    Session,
    /// The VPC endpoint's policy.
    Endpoint,
    /// An SCP at this organisation level.
    Scp(usize),
    /// An RCP at this organisation level.
    Rcp(usize),
}

impl Place {
    /// The type of policy a policy is at this place: a managed policy used as a permissions
    /// boundary is compiled once and explained as the boundary it is here.
    pub fn policy_type(self, policy: &CompiledPolicy) -> crate::compile::PolicyType {
        use crate::compile::PolicyType;
        match self {
            Place::Identity => PolicyType::Identity,
            Place::Resource | Place::Endpoint => policy.policy_type,
            Place::Boundary => PolicyType::PermissionsBoundary,
            Place::Session => PolicyType::Session,
            Place::Scp(_) => PolicyType::ServiceControl,
            Place::Rcp(_) => PolicyType::ResourceControl,
        }
    }
}

/// What the decision depends on, gathered in one pass over the policies.
#[derive(Debug, Clone, Default)]
struct Facts {
    explicit_deny: bool,
    identity_allows: bool,
    boundary_allows: bool,
    session_allows: bool,
    endpoint_allows: bool,
    resource_allows: Option<PrincipalMatch>,
    /// Bit `i` is set when SCP level `i` has an applicable allow.
    scp_level_allows: u64,
}

/// The most organisation levels a policy set may have (root, five OUs and the account is 7).
pub const MAX_ORG_LEVELS: usize = 64;

/// Whether SCPs apply to the caller: IAM principals of a member account.
fn scps_apply(set: &PolicySet, request: &PreparedRequest<'_>) -> bool {
    !set.caller_is_management_account && request.caller.account().is_some()
}

/// Whether RCPs apply: resources of a member account, called by IAM principals.
fn rcps_apply(set: &PolicySet, request: &PreparedRequest<'_>) -> bool {
    !set.resource_in_management_account && request.caller.account().is_some()
}

/// Why the decision came out as it did: the stage that settled it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// An explicit deny.
    ExplicitDeny,
    /// This SCP level has no applicable allow.
    ScpLevel(usize),
    /// The resource-based policy's grant was enough on its own.
    ResourcePolicy(PrincipalMatch),
    /// Identity-based policies allowed (within boundary and session policy).
    IdentityPolicies,
    /// Cross-account: both sides allowed.
    CrossAccount,
    /// Nothing allowed the request.
    NoAllow,
    /// The identity side allowed but the boundary did not.
    Boundary,
    /// The identity side allowed but the session policy did not.
    Session,
    /// Cross-account: the resource policy does not allow the caller.
    CrossAccountNoResourcePolicy,
    /// Cross-account: the caller's identity side does not allow.
    CrossAccountNoIdentity,
    /// A rule of the service decided, or its required resource policy did not allow.
    Service(ServiceRule),
    /// An unsigned request that no resource-based policy allows.
    Unsigned,
    /// The request goes through a VPC endpoint whose policy does not allow it.
    Endpoint,
}

fn gather(set: &PolicySet, request: &PreparedRequest<'_>) -> Facts {
    let mut facts = Facts::default();
    let scps = scps_apply(set, request);
    let rcps = rcps_apply(set, request);
    // An unsigned request has no identity: only resource-based policies apply to it.
    let unsigned = request.caller == crate::principal::Caller::Anonymous;
    for (place, policy) in set.policies() {
        match place {
            Place::Scp(_) if !scps => continue,
            Place::Rcp(_) if !rcps => continue,
            Place::Identity | Place::Boundary | Place::Session if unsigned => continue,
            _ => {}
        }
        for statement in &policy.statements {
            let Ok(applies) = statement_applies(statement, request) else {
                if place == Place::Resource
                    && not_principal_deny_ignores_exception(
                        statement,
                        request,
                        set.boundary.is_some(),
                    )
                {
                    facts.explicit_deny = true;
                }
                continue;
            };
            if statement.effect == Effect::Deny {
                facts.explicit_deny = true;
                continue;
            }
            match place {
                Place::Identity => facts.identity_allows = true,
                Place::Boundary => facts.boundary_allows = true,
                Place::Session => facts.session_allows = true,
                Place::Endpoint => facts.endpoint_allows = true,
                Place::Resource => {
                    let how = applies.principal.unwrap_or(PrincipalMatch::Wildcard);
                    facts.resource_allows = facts.resource_allows.max(Some(how));
                }
                Place::Scp(level) => {
                    if level < MAX_ORG_LEVELS {
                        facts.scp_level_allows |= 1 << level;
                    }
                }
                Place::Rcp(_) => {}
            }
        }
    }
    facts
}

fn conclude(
    set: &PolicySet,
    request: &PreparedRequest<'_>,
    facts: &Facts,
) -> (EvalDecision, Reason) {
    use EvalDecision::{Allowed, ExplicitDeny, ImplicitDeny};
    let rule = service::rule(request);
    match rule {
        Some(rule @ ServiceRule::NoPermissionNeeded) => return (Allowed, Reason::Service(rule)),
        Some(rule) if rule.decides() => return (ExplicitDeny, Reason::Service(rule)),
        _ => {}
    }
    if facts.explicit_deny {
        return (ExplicitDeny, Reason::ExplicitDeny);
    }
    if scps_apply(set, request) {
        let levels = set.scp_levels.len().min(MAX_ORG_LEVELS);
        if let Some(level) = (0..levels).find(|&i| facts.scp_level_allows & (1 << i) == 0) {
            return (ImplicitDeny, Reason::ScpLevel(level));
        }
    }
    if set.endpoint.is_some() && !facts.endpoint_allows {
        return (ImplicitDeny, Reason::Endpoint);
    }
    let boundary_ok = set.boundary.is_none() || facts.boundary_allows;
    let session_ok = set.session.is_none() || facts.session_allows;
    let caller_account = request.caller.account();
    let same_account = match (&set.resource_account, caller_account) {
        (Some(owner), Some(caller)) => owner == caller,
        _ => true,
    };
    if request.caller == crate::principal::Caller::Anonymous {
        return match facts.resource_allows {
            Some(how) => (Allowed, Reason::ResourcePolicy(how)),
            None => (ImplicitDeny, Reason::Unsigned),
        };
    }
    if same_account {
        // Assuming a role and using a KMS key need the resource's own policy, in any account.
        if let Some(rule) = rule.filter(|_| facts.resource_allows.is_none()) {
            return (ImplicitDeny, Reason::Service(rule));
        }
        if let Some(how) = facts.resource_allows {
            let granted = match how {
                PrincipalMatch::Exact | PrincipalMatch::Wildcard | PrincipalMatch::User => true,
                PrincipalMatch::Role => boundary_ok && session_ok,
                PrincipalMatch::Account => false,
            };
            if granted {
                return (Allowed, Reason::ResourcePolicy(how));
            }
        }
        if facts.identity_allows {
            if !boundary_ok {
                return (ImplicitDeny, Reason::Boundary);
            }
            if !session_ok {
                return (ImplicitDeny, Reason::Session);
            }
            return (Allowed, Reason::IdentityPolicies);
        }
        return (ImplicitDeny, Reason::NoAllow);
    }
    if facts.resource_allows.is_none() {
        return (ImplicitDeny, Reason::CrossAccountNoResourcePolicy);
    }
    if !facts.identity_allows {
        return (ImplicitDeny, Reason::CrossAccountNoIdentity);
    }
    if !boundary_ok {
        return (ImplicitDeny, Reason::Boundary);
    }
    if !session_ok {
        return (ImplicitDeny, Reason::Session);
    }
    (Allowed, Reason::CrossAccount)
}

/// The decision alone, as fast as possible: for re-simulating on every keystroke and for
/// benchmarks. Allocates nothing, except to resolve `Resource` values with policy variables.
pub fn decide(set: &PolicySet, request: &PreparedRequest<'_>) -> EvalDecision {
    let facts = gather(set, request);
    conclude(set, request, &facts).0
}

/// The decision with its full explanation.
pub fn explain(set: &PolicySet, request: &PreparedRequest<'_>) -> Evaluation {
    let facts = gather(set, request);
    let (decision, reason) = conclude(set, request, &facts);
    explain::build(set, request, decision, reason)
}

#[cfg(test)]
mod tests;
