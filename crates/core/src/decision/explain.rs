//! Explanations: the deciding statements, every statement's outcome and why, the path through
//! the decision order, and the context keys the policies use that the request lacks.

use super::service::ServiceRule;
use super::{EvalDecision, Place, PolicySet, Reason, rcps_apply, scps_apply};
use crate::compile::{CompiledPolicy, CompiledStatement, PolicyType, ResourcePattern};
use crate::evaluate::{Mismatch, PreparedRequest, statement_applies};
use crate::origin::Origin;
use crate::policy::Effect;
use crate::principal::PrincipalMatch;
use crate::span::Span;
use std::sync::Arc;

/// A decision with everything that explains it.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The decision.
    pub decision: EvalDecision,
    /// The stage that settled it.
    pub reason: Reason,
    /// One sentence saying why.
    pub summary: String,
    /// The statements that decided it (empty for an implicit deny).
    pub deciding: Vec<StatementRef>,
    /// The path through AWS's decision order.
    pub steps: Vec<Step>,
    /// Every policy with each statement's outcome.
    pub policies: Vec<PolicyTrace>,
    /// Context keys used by statements that otherwise match, absent from the request
    /// (AWS's `MissingContextValues`), in the case first written.
    pub missing_context_keys: Vec<String>,
    /// What is odd about the request itself, e.g. a resource none of the action's resource
    /// types can be, so AWS never sends it.
    pub warnings: Vec<String>,
}

/// A statement, located in its policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    /// The policy's name.
    pub policy_name: String,
    /// The policy's type.
    pub policy_type: PolicyType,
    /// Where the policy sits in the decision order.
    pub place: Place,
    /// The statement's position in its policy, from 0.
    pub index: usize,
    /// Its `Sid`.
    pub sid: Option<String>,
    /// Its effect.
    pub effect: Effect,
    /// Its span in the policy text.
    pub span: Span,
    /// The document the policy was written in.
    pub origin: Arc<Origin>,
}

impl StatementRef {
    /// The statement's span in the document its policy was written in.
    pub fn source_span(&self) -> Span {
        self.origin.span(self.span)
    }
}

/// One policy's statements and their outcomes.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyTrace {
    /// The policy's name.
    pub name: String,
    /// Its type.
    pub policy_type: PolicyType,
    /// Where it sits in the decision order.
    pub place: Place,
    /// Whether it applies at all (SCPs do not apply to the management account, for example).
    pub applies: bool,
    /// Each statement's outcome.
    pub statements: Vec<StatementTrace>,
}

/// One statement's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementTrace {
    /// The statement.
    pub statement: StatementRef,
    /// What happened.
    pub outcome: StatementOutcome,
}

/// Whether a statement applied, and if not, which part did not match.
#[derive(Debug, Clone, PartialEq)]
pub enum StatementOutcome {
    /// Every part matched.
    Applies,
    /// The action is not in `Action` (or is in `NotAction`); the span is the element's.
    ActionNotMatched(Span),
    /// The resource is not in `Resource` (or is in `NotResource`).
    ResourceNotMatched(Span),
    /// The caller is not in `Principal` (or is in `NotPrincipal`).
    PrincipalNotMatched(Span),
    /// A condition did not hold.
    ConditionFailed(ConditionFailure),
    /// The policy does not apply to this request.
    NotApplicable,
}

/// A condition that did not hold, with both sides of the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionFailure {
    /// The operator as written.
    pub operator: String,
    /// Where the operator was written.
    pub operator_span: Span,
    /// The key as written.
    pub key: String,
    /// Where the key was written.
    pub key_span: Span,
    /// The policy's values.
    pub policy_values: Vec<String>,
    /// The request's values, or `None` when the key is absent.
    pub request_values: Option<Vec<String>>,
}

/// One stage of the decision order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The stage's name.
    pub stage: &'static str,
    /// How it went.
    pub outcome: StepOutcome,
    /// What happened there.
    pub detail: String,
}

/// How a stage went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    /// The request passed this stage.
    Passed,
    /// This stage decided the request.
    Decided,
    /// The stage had nothing to evaluate.
    Skipped,
}

pub(super) fn build(
    set: &PolicySet,
    request: &PreparedRequest<'_>,
    decision: EvalDecision,
    reason: Reason,
) -> Evaluation {
    let scps = scps_apply(set, request);
    let rcps = rcps_apply(set, request);
    let mut policies = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    for (place, policy) in set.policies() {
        let unsigned = request.caller == crate::principal::Caller::Anonymous;
        let applies = match place {
            Place::Scp(_) => scps,
            Place::Rcp(_) => rcps,
            Place::Identity | Place::Boundary | Place::Session => !unsigned,
            Place::Resource | Place::Endpoint => true,
        };
        let statements = policy
            .statements
            .iter()
            .map(|statement| {
                let outcome = if applies {
                    outcome(statement, request, place, set, &mut missing)
                } else {
                    StatementOutcome::NotApplicable
                };
                StatementTrace {
                    statement: statement_ref(policy, place, statement),
                    outcome,
                }
            })
            .collect();
        policies.push(PolicyTrace {
            name: policy.name.clone(),
            policy_type: place.policy_type(policy),
            place,
            applies,
            statements,
        });
    }
    let deciding = deciding(&policies, decision, reason);
    let steps = steps(set, request, &policies, decision, reason);
    let summary = summary(set, request, &policies, &deciding, reason);
    Evaluation {
        decision,
        reason,
        summary,
        deciding,
        steps,
        policies,
        missing_context_keys: missing,
        warnings: super::applicable::not_applicable(
            &request.request.action,
            &request.request.resource,
        )
        .into_iter()
        .collect(),
    }
}

fn statement_ref(
    policy: &CompiledPolicy,
    place: Place,
    statement: &CompiledStatement,
) -> StatementRef {
    StatementRef {
        policy_name: policy.name.clone(),
        policy_type: place.policy_type(policy),
        place,
        index: statement.index,
        sid: statement.sid.clone(),
        effect: statement.effect,
        span: statement.span,
        origin: Arc::clone(&policy.origin),
    }
}

fn outcome(
    statement: &CompiledStatement,
    request: &PreparedRequest<'_>,
    place: Place,
    set: &PolicySet,
    missing: &mut Vec<String>,
) -> StatementOutcome {
    let context = &request.request.context;
    let mut result = statement_applies(statement, request);
    if matches!(result, Err(Mismatch::Principal(_)))
        && place == Place::Resource
        && crate::evaluate::not_principal_deny_ignores_exception(
            statement,
            request,
            set.boundary.is_some(),
        )
    {
        // It denies the caller anyway: the caller has a permissions boundary.
        result = Ok(crate::evaluate::Applies { principal: None });
    }
    if matches!(result, Ok(_) | Err(Mismatch::Condition(_))) {
        let mut note = |key: &str| {
            if !missing.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                missing.push(key.to_owned());
            }
        };
        for condition in &statement.conditions {
            if context.get_lower(condition.key_lower()).is_none() {
                note(&condition.key.value);
            }
            for (key, lower) in condition.variable_keys() {
                if context.get_lower(lower).is_none() {
                    note(key);
                }
            }
        }
    }
    if let Some(resource) = &statement.resource {
        if matches!(result, Err(Mismatch::Resource(_))) {
            for pattern in &resource.patterns {
                if let ResourcePattern::Template(template) = pattern {
                    for (key, lower) in template.variable_keys() {
                        if context.get_lower(lower).is_none()
                            && !missing.iter().any(|k| k.eq_ignore_ascii_case(key))
                        {
                            missing.push(key.to_owned());
                        }
                    }
                }
            }
        }
    }
    match result {
        Ok(_) => StatementOutcome::Applies,
        Err(Mismatch::Action(span)) => StatementOutcome::ActionNotMatched(span),
        Err(Mismatch::Resource(span)) => StatementOutcome::ResourceNotMatched(span),
        Err(Mismatch::Principal(span)) => StatementOutcome::PrincipalNotMatched(span),
        Err(Mismatch::Condition(index)) => match statement.conditions.get(index) {
            Some(condition) => StatementOutcome::ConditionFailed(ConditionFailure {
                operator: condition.operator_text.value.clone(),
                operator_span: condition.operator_text.span,
                key: condition.key.value.clone(),
                key_span: condition.key.span,
                policy_values: condition
                    .raw_values
                    .iter()
                    .map(|v| v.value.clone())
                    .collect(),
                request_values: context
                    .get_lower(condition.key_lower())
                    .filter(|v| !v.values.is_empty())
                    .map(|v| v.values.clone()),
            }),
            None => StatementOutcome::NotApplicable,
        },
    }
}

fn applying<'a>(
    policies: &'a [PolicyTrace],
    effect: Effect,
    wanted: impl Fn(Place) -> bool + 'a,
) -> impl Iterator<Item = &'a StatementRef> + 'a {
    policies
        .iter()
        .filter(move |p| wanted(p.place))
        .flat_map(|p| p.statements.iter())
        .filter(move |s| s.outcome == StatementOutcome::Applies && s.statement.effect == effect)
        .map(|s| &s.statement)
}

fn deciding(policies: &[PolicyTrace], decision: EvalDecision, reason: Reason) -> Vec<StatementRef> {
    // An allow needs every SCP level too, so their allowing statements are part of it.
    let places: fn(Place) -> bool = match (decision, reason) {
        // A service rule decided: no statement did.
        (_, Reason::Service(_)) => return Vec::new(),
        (EvalDecision::ExplicitDeny, _) => |_| true,
        (EvalDecision::Allowed, Reason::ResourcePolicy(_)) => {
            |p| matches!(p, Place::Resource | Place::Scp(_))
        }
        (EvalDecision::Allowed, Reason::CrossAccount) => |p| {
            matches!(
                p,
                Place::Resource
                    | Place::Identity
                    | Place::Boundary
                    | Place::Session
                    | Place::Scp(_)
            )
        },
        (EvalDecision::Allowed, _) => |p| {
            matches!(
                p,
                Place::Identity | Place::Boundary | Place::Session | Place::Scp(_)
            )
        },
        (EvalDecision::ImplicitDeny, _) => return Vec::new(),
    };
    let effect = if decision == EvalDecision::ExplicitDeny {
        Effect::Deny
    } else {
        Effect::Allow
    };
    applying(policies, effect, places).cloned().collect()
}

fn any_allow(policies: &[PolicyTrace], place: Place) -> bool {
    applying(policies, Effect::Allow, move |p| p == place)
        .next()
        .is_some()
}

fn steps(
    set: &PolicySet,
    request: &PreparedRequest<'_>,
    policies: &[PolicyTrace],
    decision: EvalDecision,
    reason: Reason,
) -> Vec<Step> {
    let mut steps = Vec::new();
    if let Some(rule) = super::service::rule(request) {
        let decided = matches!(reason, Reason::Service(_));
        steps.push(Step {
            stage: "service rules",
            outcome: if decided {
                StepOutcome::Decided
            } else {
                StepOutcome::Passed
            },
            detail: if decided {
                rule.words().to_owned()
            } else {
                format!("{}: it does", rule.words())
            },
        });
        if decided {
            return steps;
        }
    }
    let denies = applying(policies, Effect::Deny, |_| true).count();
    let denied = decision == EvalDecision::ExplicitDeny;
    steps.push(Step {
        stage: "explicit deny",
        outcome: if denied {
            StepOutcome::Decided
        } else {
            StepOutcome::Passed
        },
        detail: if denied {
            format!("{denies} applicable Deny statement(s)")
        } else {
            "no applicable Deny statement in any policy".to_owned()
        },
    });
    if denied {
        return steps;
    }
    let (rcp_step, scp_step) = organisation_steps(set, request, reason);
    steps.push(rcp_step);
    let scp_decided = scp_step.outcome == StepOutcome::Decided;
    steps.push(scp_step);
    if scp_decided {
        return steps;
    }
    if let Some(endpoint) = &set.endpoint {
        let decided = reason == Reason::Endpoint;
        steps.push(Step {
            stage: "VPC endpoint policy",
            outcome: if decided {
                StepOutcome::Decided
            } else {
                StepOutcome::Passed
            },
            detail: if decided {
                format!(
                    "the policy of `{}` does not allow the request",
                    endpoint.name
                )
            } else {
                format!("the policy of `{}` allows the request", endpoint.name)
            },
        });
        if decided {
            return steps;
        }
    }
    steps.push(resource_step(set, policies, reason));
    if matches!(reason, Reason::ResourcePolicy(_)) {
        return steps;
    }
    principal_side_steps(set, policies, reason, &mut steps);
    steps
}

/// The RCP and SCP stages.
fn organisation_steps(
    set: &PolicySet,
    request: &PreparedRequest<'_>,
    reason: Reason,
) -> (Step, Step) {
    let (rcp_outcome, rcp_detail) = if set.rcp_levels.is_empty() {
        (
            StepOutcome::Skipped,
            "no resource control policies".to_owned(),
        )
    } else if !rcps_apply(set, request) {
        (
            StepOutcome::Skipped,
            "RCPs do not apply to this resource or caller".to_owned(),
        )
    } else {
        (
            StepOutcome::Passed,
            format!(
                "RCPFullAWSAccess allows at each of {} level(s)",
                set.rcp_levels.len()
            ),
        )
    };
    let rcp_step = Step {
        stage: "resource control policies",
        outcome: rcp_outcome,
        detail: rcp_detail,
    };
    let scp_step = if set.scp_levels.is_empty() {
        Step {
            stage: "service control policies",
            outcome: StepOutcome::Skipped,
            detail: "no service control policies".to_owned(),
        }
    } else if !scps_apply(set, request) {
        Step {
            stage: "service control policies",
            outcome: StepOutcome::Skipped,
            detail: "SCPs do not apply to the management account or to service principals"
                .to_owned(),
        }
    } else if let Reason::ScpLevel(level) = reason {
        let name = set.scp_levels.get(level).map_or("?", |l| l.name.as_str());
        Step {
            stage: "service control policies",
            outcome: StepOutcome::Decided,
            detail: format!("no SCP at level `{name}` allows the request"),
        }
    } else {
        Step {
            stage: "service control policies",
            outcome: StepOutcome::Passed,
            detail: format!("an SCP allows at each of {} level(s)", set.scp_levels.len()),
        }
    };
    (rcp_step, scp_step)
}

/// The resource-based policy's stage.
fn resource_step(set: &PolicySet, policies: &[PolicyTrace], reason: Reason) -> Step {
    let resource_detail = match (&set.resource, reason) {
        (None, _) => "no resource-based policy".to_owned(),
        (Some(_), Reason::ResourcePolicy(how)) => {
            format!("allows, naming {}: enough on its own", principal_words(how))
        }
        (Some(_), _) if any_allow(policies, Place::Resource) => {
            "allows the caller, but not on its own".to_owned()
        }
        (Some(_), _) => "does not allow the caller".to_owned(),
    };
    Step {
        stage: "resource-based policy",
        outcome: match (&set.resource, reason) {
            (None, _) => StepOutcome::Skipped,
            (Some(_), Reason::ResourcePolicy(_) | Reason::CrossAccountNoResourcePolicy) => {
                StepOutcome::Decided
            }
            _ => StepOutcome::Passed,
        },
        detail: resource_detail,
    }
}

/// The identity-based policies', the permissions boundary's and the session policy's stages.
fn principal_side_steps(
    set: &PolicySet,
    policies: &[PolicyTrace],
    reason: Reason,
    steps: &mut Vec<Step>,
) {
    let identity = any_allow(policies, Place::Identity);
    steps.push(Step {
        stage: "identity-based policies",
        outcome: if matches!(reason, Reason::NoAllow | Reason::CrossAccountNoIdentity) {
            StepOutcome::Decided
        } else {
            StepOutcome::Passed
        },
        detail: if identity {
            "an identity-based policy allows".to_owned()
        } else if set.identity.is_empty() {
            "no identity-based policies".to_owned()
        } else {
            "no identity-based policy allows".to_owned()
        },
    });
    for (stage, present, place, decides) in [
        (
            "permissions boundary",
            set.boundary.is_some(),
            Place::Boundary,
            reason == Reason::Boundary,
        ),
        (
            "session policy",
            set.session.is_some(),
            Place::Session,
            reason == Reason::Session,
        ),
    ] {
        steps.push(Step {
            stage,
            outcome: if decides {
                StepOutcome::Decided
            } else if present {
                StepOutcome::Passed
            } else {
                StepOutcome::Skipped
            },
            detail: if !present {
                format!("no {stage}")
            } else if any_allow(policies, place) {
                "allows".to_owned()
            } else {
                "does not allow".to_owned()
            },
        });
    }
}

fn principal_words(how: PrincipalMatch) -> &'static str {
    match how {
        PrincipalMatch::Exact => "the caller itself",
        PrincipalMatch::Wildcard => "every principal (`*`)",
        PrincipalMatch::User => "the IAM user",
        PrincipalMatch::Role => "the role",
        PrincipalMatch::Account => "the caller's account",
    }
}

fn describe(statement: &StatementRef) -> String {
    let sid = statement
        .sid
        .as_ref()
        .map_or_else(|| format!("#{}", statement.index + 1), |s| format!("`{s}`"));
    format!(
        "statement {sid} of {} `{}`",
        statement.policy_type.label(),
        statement.policy_name
    )
}

fn summary(
    set: &PolicySet,
    request: &PreparedRequest<'_>,
    policies: &[PolicyTrace],
    deciding: &[StatementRef],
    reason: Reason,
) -> String {
    let action = &request.request.action;
    let resource = &request.request.resource;
    let first = deciding.first().map(describe).unwrap_or_default();
    match reason {
        Reason::ExplicitDeny => format!("{action} on {resource} is explicitly denied by {first}"),
        Reason::ScpLevel(level) => format!(
            "no service control policy at level `{}` allows {action}",
            set.scp_levels.get(level).map_or("?", |l| l.name.as_str())
        ),
        Reason::ResourcePolicy(how) => {
            format!("allowed by {first}, which names {}", principal_words(how))
        }
        Reason::IdentityPolicies | Reason::CrossAccount => format!("allowed by {first}"),
        Reason::NoAllow => format!("no policy allows {action} on {resource}"),
        Reason::Boundary => format!(
            "an identity-based policy allows {action}, but the permissions boundary `{}` does not",
            set.boundary.as_ref().map_or("", |p| p.name.as_str())
        ),
        Reason::Session => format!(
            "an identity-based policy allows {action}, but the session policy `{}` does not",
            set.session.as_ref().map_or("", |p| p.name.as_str())
        ),
        Reason::CrossAccountNoResourcePolicy => format!(
            "{resource} belongs to account {}: its resource-based policy must also allow the caller, and {}",
            set.resource_account.as_deref().unwrap_or("?"),
            if set.resource.is_some() {
                "it does not"
            } else {
                "there is none"
            }
        ),
        Reason::Service(rule) => service_summary(set, action, resource, rule),
        Reason::Endpoint => format!(
            "{action} on {resource} goes through VPC endpoint `{}`, whose policy does not allow it",
            set.endpoint.as_ref().map_or("", |p| p.name.as_str())
        ),
        Reason::Unsigned => format!(
            "an unsigned request (no credentials) is decided by resource-based policies alone, and {} allows {action} on {resource} to everyone",
            if set.resource.is_some() {
                "none"
            } else {
                "there is none that"
            }
        ),
        Reason::CrossAccountNoIdentity => {
            let granted = any_allow(policies, Place::Resource);
            format!(
                "the resource-based policy {} but across accounts the caller's identity-based policies must allow {action} too, and none does",
                if granted {
                    "allows the caller,"
                } else {
                    "is not enough:"
                }
            )
        }
    }
}

/// What a service rule made of a request, in one sentence.
fn service_summary(set: &PolicySet, action: &str, resource: &str, rule: ServiceRule) -> String {
    let which = if set.resource.is_some() {
        "it does not"
    } else {
        "none was given"
    };
    match rule {
        ServiceRule::NoPermissionNeeded => format!("allowed: {}", rule.words()),
        ServiceRule::TrustPolicyRequired => format!(
            "denied: {action} on {resource} needs the role's trust policy to allow the caller, even in the same account, and {which}"
        ),
        ServiceRule::KeyPolicyRequired => format!(
            "denied: the KMS key policy does not allow the caller ({which}); identity-based policies apply only when the key policy gives the account access"
        ),
        _ => format!("denied: {}", rule.words()),
    }
}

/// The Allow statements that did not apply, each with the part that did not match, in words:
/// where to look when a request is implicitly denied. Statements whose action did not match are
/// included only with `include_action` (they are usually about something else entirely).
pub fn near_misses(evaluation: &Evaluation, include_action: bool) -> Vec<(&StatementRef, String)> {
    evaluation
        .policies
        .iter()
        .flat_map(|p| p.statements.iter())
        .filter(|s| s.statement.effect == Effect::Allow)
        .filter_map(|s| {
            let why = match &s.outcome {
                StatementOutcome::ActionNotMatched(_) if include_action => {
                    "the action does not match its Action".to_owned()
                }
                StatementOutcome::ResourceNotMatched(_) => {
                    "the resource does not match its Resource".to_owned()
                }
                StatementOutcome::PrincipalNotMatched(_) => {
                    "the caller is not its Principal".to_owned()
                }
                StatementOutcome::ConditionFailed(f) => match &f.request_values {
                    Some(values) => format!(
                        "{} {} {:?} does not hold for {values:?}",
                        f.operator, f.key, f.policy_values
                    ),
                    None => format!(
                        "{} {} {:?} does not hold: the key is absent",
                        f.operator, f.key, f.policy_values
                    ),
                },
                _ => return None,
            };
            Some((&s.statement, why))
        })
        .collect()
}
