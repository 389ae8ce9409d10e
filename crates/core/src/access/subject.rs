//! Whose access is summarised: a simulated instance's role session, or policies read on their
//! own.

use super::Grant;
use crate::chain::{ChainOutcome, ResourcePolicy, simulate};
use crate::compile::CompiledPolicy;
use crate::decision::{EvalDecision, PolicySet, decide};
use crate::evaluate::PreparedRequest;
use crate::policy::Effect;
use crate::principal::Caller;
use crate::request::{Context, Request};
use crate::scenario::Scenario;
use std::sync::Arc;

/// The principal whose access is decided, ready for many decisions.
#[derive(Debug, Clone)]
pub struct Subject {
    /// What it is, e.g. `session arn:aws:sts::…:assumed-role/…` or `policy app-policy`.
    pub label: String,
    /// Why some policies are not part of the decisions.
    pub warnings: Vec<String>,
    request: Request,
    caller: Caller,
    lower: String,
    named: Vec<String>,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    /// A role session: index 0 has no resource policy, index `i + 1` adds resource policy `i`.
    Session {
        sets: Vec<PolicySet>,
        resource_policies: Vec<ResourcePolicy>,
    },
    /// Policies on their own: `definite` keeps the Allow statements without conditions and
    /// every Deny (its conditions taken as holding); `possible` keeps every Allow (conditions
    /// taken as holding) and the Deny statements without conditions.
    Policies {
        definite: Box<PolicySet>,
        possible: Box<PolicySet>,
    },
}

/// The principal that stands for "whoever the policies are attached to".
pub const POLICY_SUBJECT: &str = "arn:aws:iam::111122223333:role/policy-subject";

impl Subject {
    fn new(
        label: String,
        principal: &str,
        context: Context,
        named: Vec<String>,
        kind: Kind,
    ) -> Self {
        let mut request = Request::new(principal, "", "*");
        request.context = context;
        Self {
            label,
            warnings: Vec::new(),
            caller: Caller::parse(principal),
            request,
            lower: String::new(),
            named,
            kind,
        }
    }

    /// The resources its policies and requests name (ARNs as written, wildcards included).
    pub fn named_resources(&self) -> &[String] {
        &self.named
    }

    /// The grant for a lowercase `service:action` on `resource`.
    pub fn grant(&mut self, action_lower: &str, resource: &str) -> Option<Grant> {
        self.request.resource.clear();
        self.request.resource.push_str(resource);
        self.lower.clear();
        self.lower.push_str(action_lower);
        let prepared = PreparedRequest {
            request: &self.request,
            action_lower: std::mem::take(&mut self.lower),
            caller: std::mem::replace(&mut self.caller, Caller::Service(String::new())),
        };
        let grant = match &self.kind {
            Kind::Session {
                sets,
                resource_policies,
                ..
            } => {
                let index = resource_policies
                    .iter()
                    .position(|rp| rp.covers(resource))
                    .map_or(0, |i| i + 1);
                sets.get(index)
                    .filter(|set| decide(set, &prepared) == EvalDecision::Allowed)
                    .map(|_| Grant::Allowed)
            }
            Kind::Policies { definite, possible } => {
                if decide(definite, &prepared) == EvalDecision::Allowed {
                    Some(Grant::Allowed)
                } else if decide(possible, &prepared) == EvalDecision::Allowed {
                    Some(Grant::Conditional)
                } else {
                    None
                }
            }
        };
        self.lower = prepared.action_lower;
        self.caller = prepared.caller;
        grant
    }
}

/// Resource values the policy names (`Resource` elements), as written.
fn resources_named(policy: &CompiledPolicy, out: &mut Vec<String>) {
    for statement in &policy.statements {
        if let Some(list) = &statement.resource {
            out.extend(list.written.iter().cloned());
        }
    }
}

/// The instance's role session as the scenario sets it up, or why the instance gets no
/// credentials (the chain's headline).
pub fn scenario_subject(scenario: &Scenario, now: &str) -> Result<Subject, String> {
    let outcome = simulate(&scenario.chain_input(now, &[]));
    session_subject(scenario, outcome)
}

/// The role session of a chain already run on `scenario` (its requests are not used).
pub fn session_subject(scenario: &Scenario, outcome: ChainOutcome) -> Result<Subject, String> {
    let Some(session) = outcome.session else {
        return Err(outcome.headline);
    };
    let base = &session.policies;
    let management = scenario.organization.management_account;
    let mut sets = vec![PolicySet {
        resource_in_management_account: management,
        ..base.clone()
    }];
    for rp in &scenario.resource_policies {
        sets.push(PolicySet {
            resource: Some(Arc::clone(&rp.policy)),
            resource_account: Some(rp.account.clone()),
            resource_in_management_account: management && rp.account == scenario.account.id,
            ..base.clone()
        });
    }
    let mut named: Vec<String> = scenario
        .requests
        .iter()
        .map(|r| r.resource.clone())
        .chain(
            scenario
                .resource_policies
                .iter()
                .map(|rp| rp.resource.clone()),
        )
        .collect();
    for policy in base.identity.iter().chain(&base.boundary) {
        resources_named(policy, &mut named);
    }
    let mut context = Context::default();
    for entry in &session.context {
        context.insert(&entry.key, entry.value.clone());
    }
    let mut subject = Subject::new(
        format!("role session {}", session.arn),
        &session.arn,
        context,
        named,
        Kind::Session {
            sets,
            resource_policies: scenario.resource_policies.clone(),
        },
    );
    subject.warnings = outcome.warnings;
    subject.warnings.dedup();
    Ok(subject)
}

/// Policies read on their own, as if attached to one principal: an action is `allowed` when an
/// Allow statement without conditions grants it and no Deny statement could refuse it, and
/// `conditional` when some Allow grants it if its conditions hold and no unconditional Deny
/// refuses it. `Principal` elements are not checked.
pub fn policy_subject(label: &str, policies: &[CompiledPolicy]) -> Subject {
    let keep = |definite: bool| -> Vec<Arc<CompiledPolicy>> {
        policies
            .iter()
            .map(|p| {
                let mut p = p.clone();
                p.statements.retain(|s| {
                    let unconditional = s.conditions.is_empty();
                    match (s.effect, definite) {
                        (Effect::Allow, true) | (Effect::Deny, false) => unconditional,
                        (Effect::Allow, false) | (Effect::Deny, true) => true,
                    }
                });
                for s in &mut p.statements {
                    s.conditions.clear();
                    s.principal = None;
                }
                Arc::new(p)
            })
            .collect()
    };
    let mut named = Vec::new();
    for policy in policies {
        resources_named(policy, &mut named);
    }
    Subject::new(
        format!("policy {label}"),
        POLICY_SUBJECT,
        Context::default(),
        named,
        Kind::Policies {
            definite: Box::new(PolicySet {
                identity: keep(true),
                ..PolicySet::default()
            }),
            possible: Box::new(PolicySet {
                identity: keep(false),
                ..PolicySet::default()
            }),
        },
    )
}

/// Why a document gives no subject.
#[derive(Debug, Clone, PartialEq)]
pub enum SubjectError {
    /// The document has errors, each at its place.
    Problems(Vec<crate::diagnostic::Diagnostic>),
    /// The scenario's instance gets no credentials; the chain's headline says why.
    NoCredentials(String),
}

/// Whether a document is a policy (its top level has `Statement`) rather than a scenario.
pub fn is_policy_document(text: &str) -> bool {
    use crate::json::{Limits, parse};
    let limits = Limits {
        max_bytes: usize::MAX,
        max_depth: 64,
    };
    parse(text, limits)
        .0
        .is_some_and(|json| json.get("Statement").is_some())
}

/// The subject a document describes: a scenario's instance (AWS managed policies it attaches
/// come from `managed`), or a policy read on its own (as `kind`). `name` labels the policy.
pub fn subject_from_text(
    name: &str,
    text: &str,
    kind: crate::compile::PolicyType,
    now: &str,
    managed: &dyn crate::managed::ManagedPolicies,
) -> Result<Subject, SubjectError> {
    if is_policy_document(text) {
        let (policy, diagnostics) = crate::compile::compile_policy(name, kind, text);
        if crate::diagnostic::has_errors(&diagnostics) {
            return Err(SubjectError::Problems(diagnostics));
        }
        return Ok(policy_subject(
            name,
            &policy.into_iter().collect::<Vec<_>>(),
        ));
    }
    let read = crate::scenario::read_scenario_with(text, managed);
    match read.scenario {
        Some(scenario) => scenario_subject(&scenario, now).map_err(SubjectError::NoCredentials),
        None => Err(SubjectError::Problems(
            read.problems.into_iter().map(|p| p.diagnostic).collect(),
        )),
    }
}
