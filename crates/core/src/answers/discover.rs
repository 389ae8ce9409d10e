//! Under which conditions a request would be allowed: the context values, per key, that make
//! every layer allow it and no Deny refuse it, across the identity-based policies, the
//! boundary, the session policy, the endpoint's policy, the SCPs, the RCPs and the resource's
//! policy at once.
//!
//! Each layer that must allow the request contributes one of its Allow statements that match
//! the action, resource and principal (their conditions must hold); each Deny that matches
//! contributes one of its conditions (it must not hold). Per key, the conditions bound the
//! values; a value inside every bound is chosen, and the request is simulated again with it.
//! Only combinations that are then allowed are given.

use super::{Ground, request_label};
use crate::chain::{ChainOutcome, ChainRequest, simulate};
use crate::compile::{CompiledPolicy, CompiledStatement};
use crate::condition::{BaseOperator as B, CompiledCondition};
use crate::decision::{EvalDecision, Evaluation, Place, PolicySet, StatementOutcome};
use crate::policy::Effect;
use crate::request::{Context, ContextKeyType, ContextValue};
use std::sync::Arc;

/// One condition's bound on a key's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// The operator as written.
    pub operator: String,
    /// The policy's values.
    pub values: Vec<String>,
    /// Whether the condition must fail (it is a Deny's) rather than hold.
    pub negated: bool,
    /// The bound in words: `= vpc-1`, `≥ 2.0`, `in 10.0.0.0/8`, `absent`.
    pub text: String,
    /// The statement it comes from.
    pub statement: String,
}

/// A key's values in one solution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValues {
    /// The condition key.
    pub key: String,
    /// Every bound on it.
    pub bounds: Vec<Bound>,
    /// A value inside every bound that was simulated (`None`: the key must be absent).
    pub witness: Option<Vec<String>>,
    /// Whether EC2 sets this key for the role session (it is then changed on the instance, not
    /// in a request).
    pub set_by_ec2: bool,
}

impl KeyValues {
    /// `` `key` = `value` `` (or `absent`).
    pub fn describe(&self) -> String {
        match &self.witness {
            None => format!("`{}` absent", self.key),
            Some(values) => format!("`{}` = `{}`", self.key, values.join("`, `")),
        }
    }

    /// Every bound in words, joined: `≥ 2.0 and ≠ 1.0`.
    pub fn bounds_text(&self) -> String {
        let mut texts: Vec<&str> = self.bounds.iter().map(|b| b.text.as_str()).collect();
        texts.dedup();
        texts.join(" and ")
    }
}

/// One set of context values under which the request is allowed (simulated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// The keys that must change, with their bounds and the value simulated.
    pub values: Vec<KeyValues>,
    /// The statements whose conditions then allow it, and the Denies then escaped.
    pub statements: Vec<String>,
}

/// One condition of a statement the request reaches, and whether it holds now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthRow {
    /// `policy · statement`.
    pub statement: String,
    /// The statement's effect.
    pub effect: Effect,
    /// The operator as written.
    pub operator: String,
    /// The key as written.
    pub key: String,
    /// The policy's values.
    pub values: Vec<String>,
    /// The request's values (`None`: absent).
    pub request: Option<Vec<String>>,
    /// Whether it holds for the request.
    pub holds: bool,
}

/// The conditions under which one request would be allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovery {
    /// The request, by position.
    pub request: usize,
    /// Its action.
    pub action: String,
    /// Its resource.
    pub resource: String,
    /// Its decision now.
    pub decision: EvalDecision,
    /// The sets of values that allow it, fewest keys first (empty: no context value does).
    pub solutions: Vec<Solution>,
    /// Every condition of every statement that matches the request's action, resource and
    /// principal, with whether it holds now.
    pub truth: Vec<TruthRow>,
    /// Why no context allows it, when none does.
    pub note: Option<String>,
}

/// Most combinations of statements tried.
const MAX_COMBINATIONS: usize = 256;
/// Most solutions given.
const MAX_SOLUTIONS: usize = 5;

/// A statement with its conditions, and what it must do.
struct Choice<'p> {
    label: String,
    conditions: &'p [CompiledCondition],
    /// Allow: all conditions hold; Deny: one of them fails.
    allow: bool,
}

/// The policy set of the request as the chain decided it, with each policy's place.
fn decision_set(
    ground: &Ground<'_>,
    outcome: &ChainOutcome,
    request: &ChainRequest,
) -> Option<PolicySet> {
    let session = outcome.session.as_ref()?;
    let mut set = session.policies.clone();
    let scenario = ground.scenario;
    let rp = scenario
        .resource_policies
        .iter()
        .find(|rp| rp.covers(&request.resource));
    set.resource = rp.map(|rp| Arc::clone(&rp.policy));
    set.endpoint = request
        .endpoint
        .as_ref()
        .and_then(|id| scenario.vpc_endpoints.iter().find(|e| e.id == *id))
        .map(|e| Arc::clone(&e.policy));
    Some(set)
}

/// The request's context as the chain builds it.
fn request_context(ground: &Ground<'_>, outcome: &ChainOutcome, request: &ChainRequest) -> Context {
    let mut context = Context::default();
    if let Some(session) = &outcome.session {
        for key in &session.context {
            context.insert(&key.key, key.value.clone());
        }
    }
    for (key, value) in request.context.iter() {
        context.insert(key, value.clone());
    }
    let scenario = ground.scenario;
    let endpoint = request
        .endpoint
        .as_ref()
        .filter(|id| scenario.vpc_endpoints.iter().any(|e| e.id == **id));
    if let Some(id) = endpoint {
        crate::chain::endpoint_keys(&scenario.instance, id, request, &mut context);
    }
    context
}

fn compiled<'s>(
    set: &'s PolicySet,
    place: Place,
    evaluation_policy: &str,
    index: usize,
) -> Option<(&'s CompiledPolicy, &'s CompiledStatement)> {
    set.policies()
        .filter(|(p, policy)| *p == place && policy.name == evaluation_policy)
        .find_map(|(_, policy)| policy.statements.get(index).map(|s| (policy, s)))
}

fn label(policy: &str, statement: &CompiledStatement) -> String {
    match &statement.sid {
        Some(sid) => format!("{policy} · {sid}"),
        None => format!("{policy} · statement #{}", statement.index + 1),
    }
}

/// The bound a condition puts on its key, in words.
fn bound_text(condition: &CompiledCondition, negated: bool) -> String {
    let op = condition.operator;
    let values: Vec<&str> = condition
        .raw_values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    let list = |sep: &str| {
        values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let if_exists = if op.if_exists { " (or absent)" } else { "" };
    if op.base == B::Null {
        let absent = values
            .first()
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        return if absent != negated {
            "absent".to_owned()
        } else {
            "present".to_owned()
        };
    }
    let (positive, negative) = match op.base {
        B::StringEquals
        | B::StringEqualsIgnoreCase
        | B::ArnEquals
        | B::NumericEquals
        | B::DateEquals
        | B::Bool
        | B::BinaryEquals => ("=", "≠"),
        B::StringNotEquals
        | B::StringNotEqualsIgnoreCase
        | B::ArnNotEquals
        | B::NumericNotEquals
        | B::DateNotEquals => ("≠", "="),
        B::StringLike | B::ArnLike => ("matches", "does not match"),
        B::StringNotLike | B::ArnNotLike => ("does not match", "matches"),
        B::NumericLessThan => ("<", "≥"),
        B::NumericLessThanEquals => ("≤", ">"),
        B::NumericGreaterThan => (">", "≤"),
        B::NumericGreaterThanEquals => ("≥", "<"),
        B::DateLessThan => ("before", "at or after"),
        B::DateLessThanEquals => ("at or before", "after"),
        B::DateGreaterThan => ("after", "at or before"),
        B::DateGreaterThanEquals => ("at or after", "before"),
        B::IpAddress => ("in", "not in"),
        B::NotIpAddress => ("not in", "in"),
        B::Null => ("", ""),
    };
    let negative_operator = op.base.is_negated();
    let sep = if negated == negative_operator {
        " or "
    } else {
        " and "
    };
    let word = if negated { negative } else { positive };
    let mut text = format!("{word} {}", list(sep));
    if !negated {
        text.push_str(if_exists);
    }
    text
}

/// The values worth trying for a key under these conditions.
fn candidates(conditions: &[&CompiledCondition], context: &Context) -> Vec<Option<Vec<String>>> {
    let mut out: Vec<Option<Vec<String>>> = Vec::new();
    let mut add = |v: String| {
        let v = Some(vec![v]);
        if !out.contains(&v) {
            out.push(v);
        }
    };
    for condition in conditions {
        for raw in &condition.raw_values {
            let mut value = raw.value.clone();
            // A policy variable stands for the value of its key.
            if let Some(key) = value.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
                match context.get(key).and_then(|c| c.values.first()) {
                    Some(v) => value = v.clone(),
                    None => continue,
                }
            }
            if condition.operator.base == B::Null {
                continue;
            }
            match kind_for(condition) {
                ContextKeyType::Numeric => {
                    if let Ok(n) = value.parse::<f64>() {
                        add(value.clone());
                        for step in [1.0, -1.0] {
                            let m = n + step;
                            add(if m.fract() == 0.0 && value.contains('.') {
                                format!("{m:.1}")
                            } else {
                                format!("{m}")
                            });
                        }
                    }
                }
                ContextKeyType::Date => {
                    add(value.clone());
                    if let Some(ms) = crate::condition::values::date(&value) {
                        for step in [86_400_i64, -86_400] {
                            add((ms / 1000 + step).to_string());
                        }
                    }
                }
                ContextKeyType::Boolean => {
                    add("true".to_owned());
                    add("false".to_owned());
                }
                ContextKeyType::Ip => {
                    if let Ok(net) = value.parse::<ipnet::IpNet>() {
                        add(net.network().to_string());
                    } else {
                        add(value.clone());
                    }
                    add("203.0.113.10".to_owned());
                    add("198.51.100.10".to_owned());
                }
                _ => add(value.replace(['*', '?'], "x")),
            }
        }
    }
    add("iamplay-other".to_owned());
    out.push(None);
    out
}

fn kind_for(condition: &CompiledCondition) -> ContextKeyType {
    match condition.operator.base {
        B::NumericEquals
        | B::NumericNotEquals
        | B::NumericLessThan
        | B::NumericLessThanEquals
        | B::NumericGreaterThan
        | B::NumericGreaterThanEquals => ContextKeyType::Numeric,
        B::DateEquals
        | B::DateNotEquals
        | B::DateLessThan
        | B::DateLessThanEquals
        | B::DateGreaterThan
        | B::DateGreaterThanEquals => ContextKeyType::Date,
        B::Bool => ContextKeyType::Boolean,
        B::IpAddress | B::NotIpAddress => ContextKeyType::Ip,
        B::BinaryEquals => ContextKeyType::Binary,
        _ => ContextKeyType::String,
    }
}

/// The value for one key inside every bound, if any: `Some(None)` means absent.
fn witness(
    bounds: &[(&CompiledCondition, bool)],
    context: &Context,
) -> Option<Option<Vec<String>>> {
    let conditions: Vec<&CompiledCondition> = bounds.iter().map(|(c, _)| *c).collect();
    let key = &conditions.first()?.key.value;
    let kind = conditions
        .first()
        .map_or(ContextKeyType::String, |c| kind_for(c));
    let current = context.get(key).map(|v| v.values.clone());
    let mut tries = vec![current.clone()];
    tries.extend(candidates(&conditions, context));
    for value in tries {
        let mut trial = context.clone();
        trial.remove(key);
        if let Some(values) = &value {
            let multivalued = context.get(key).is_some_and(|v| v.multivalued);
            let mut cv = ContextValue::typed(kind, values.first().cloned().unwrap_or_default());
            cv.values.clone_from(values);
            cv.multivalued = multivalued;
            trial.insert(key, cv);
        }
        if bounds
            .iter()
            .all(|(c, must_hold)| c.holds(&trial) == *must_hold)
        {
            return Some(value);
        }
    }
    None
}

/// The conditions under which request `index` would be allowed; `None` when there is no such
/// request.
pub fn discover(ground: Ground<'_>, index: usize) -> Option<Discovery> {
    let outcome = ground.run();
    let r = outcome.requests.get(index)?;
    let mut discovery = Discovery {
        request: index,
        action: r.request.action.clone(),
        resource: r.request.resource.clone(),
        decision: r.decision,
        solutions: Vec::new(),
        truth: Vec::new(),
        note: None,
    };
    let Some(evaluation) = &r.evaluation else {
        discovery.note = Some(format!("the request is never made: {}", outcome.headline));
        return Some(discovery);
    };
    let Some(set) = decision_set(&ground, &outcome, &r.request) else {
        return Some(discovery);
    };
    let context = request_context(&ground, &outcome, &r.request);
    discovery.truth = truth(evaluation, &set, &context);
    if r.decision == EvalDecision::Allowed {
        discovery.note = Some("the request is already allowed".to_owned());
        return Some(discovery);
    }
    let groups = groups(evaluation, &set);
    let mut combinations: Vec<Vec<&Choice<'_>>> = vec![Vec::new()];
    for group in &groups {
        let mut next = Vec::new();
        for combination in &combinations {
            for choice in group {
                if next.len() >= MAX_COMBINATIONS {
                    break;
                }
                let mut c = combination.clone();
                c.push(choice);
                next.push(c);
            }
        }
        combinations = next;
    }
    for combination in combinations {
        if discovery.solutions.len() >= MAX_SOLUTIONS {
            break;
        }
        let Some(solution) = solve(&ground, &r.request, index, &context, &combination) else {
            continue;
        };
        let keys = |s: &Solution| {
            s.values
                .iter()
                .map(|v| (v.key.to_ascii_lowercase(), v.witness.clone()))
                .collect::<Vec<_>>()
        };
        if !discovery
            .solutions
            .iter()
            .any(|s| keys(s) == keys(&solution))
        {
            discovery.solutions.push(solution);
        }
    }
    crate::sort::sort_by_key(&mut discovery.solutions, |s| s.values.len());
    if discovery.solutions.is_empty() {
        discovery.note = Some(format!(
            "no context values allow {}: {}",
            request_label(&r.request.action, &r.request.resource),
            evaluation.summary
        ));
    }
    Some(discovery)
}

/// Per layer that must allow, the Allow statements that could (one is needed); per matching
/// Deny with conditions, the Deny (one of its conditions must fail).
fn groups<'s>(evaluation: &Evaluation, set: &'s PolicySet) -> Vec<Vec<Choice<'s>>> {
    let mut allow_groups: Vec<(Place, Vec<Choice<'s>>)> = Vec::new();
    let mut deny_groups: Vec<Vec<Choice<'s>>> = Vec::new();
    for trace in evaluation.policies.iter().filter(|t| t.applies) {
        // The resource's policy is another way in for the identity layer.
        let layer = if trace.place == Place::Resource {
            Place::Identity
        } else {
            trace.place
        };
        if matches!(layer, Place::Rcp(_)) {
            // RCPFullAWSAccess allows at every level: only Denies matter.
        } else if !allow_groups.iter().any(|(p, _)| *p == layer) {
            allow_groups.push((layer, Vec::new()));
        }
        for st in &trace.statements {
            let reachable = matches!(
                st.outcome,
                StatementOutcome::Applies | StatementOutcome::ConditionFailed(_)
            );
            if !reachable {
                continue;
            }
            let Some((policy, statement)) =
                compiled(set, trace.place, &trace.name, st.statement.index)
            else {
                continue;
            };
            let choice = Choice {
                label: label(&policy.name, statement),
                conditions: &statement.conditions,
                allow: statement.effect == Effect::Allow,
            };
            if choice.allow {
                if let Some((_, group)) = allow_groups.iter_mut().find(|(p, _)| *p == layer) {
                    group.push(choice);
                }
            } else if st.outcome == StatementOutcome::Applies {
                deny_groups.push(vec![choice]);
            }
        }
    }
    let mut out: Vec<Vec<Choice<'s>>> = allow_groups.into_iter().map(|(_, g)| g).collect();
    out.extend(deny_groups);
    out
}

/// A key (lowercase), its conditions with whether each must hold, and their statements.
type KeyBounds<'c> = (String, Vec<(&'c CompiledCondition, bool)>, Vec<String>);

/// The values one combination needs, simulated; `None` when they cannot be met or the request
/// is still not allowed.
fn solve(
    ground: &Ground<'_>,
    request: &ChainRequest,
    index: usize,
    context: &Context,
    combination: &[&Choice<'_>],
) -> Option<Solution> {
    if combination
        .iter()
        .any(|c| !c.allow && c.conditions.is_empty())
    {
        return None;
    }
    // Per key: (condition, must it hold).
    let mut by_key: Vec<KeyBounds<'_>> = Vec::new();
    let mut statements = Vec::new();
    for choice in combination {
        statements.push(choice.label.clone());
        let picked: Vec<&CompiledCondition> = if choice.allow {
            choice.conditions.iter().collect()
        } else {
            // A Deny: the first of its conditions that can fail on its own.
            choice
                .conditions
                .iter()
                .find(|c| witness(&[(c, false)], context).is_some())
                .into_iter()
                .collect()
        };
        if !choice.allow && picked.is_empty() {
            return None;
        }
        for condition in picked {
            let key = condition.key_lower().to_owned();
            match by_key.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, bounds, labels)) => {
                    bounds.push((condition, choice.allow));
                    labels.push(choice.label.clone());
                }
                None => by_key.push((
                    key,
                    vec![(condition, choice.allow)],
                    vec![choice.label.clone()],
                )),
            }
        }
    }
    let session_keys: Vec<String> = context
        .iter()
        .map(|(k, _)| k.to_ascii_lowercase())
        .collect();
    let mut values = Vec::new();
    let mut chain_request = request.clone();
    for (key_lower, bounds, labels) in &by_key {
        let value = witness(bounds, context)?;
        let key = bounds
            .first()
            .map_or(key_lower.clone(), |(c, _)| c.key.value.clone());
        let current = context.get(&key).map(|v| v.values.clone());
        if value == current {
            continue;
        }
        let set_by_ec2 =
            session_keys.contains(key_lower) && request.context.get_lower(key_lower).is_none();
        match &value {
            Some(v) => {
                let kind = bounds
                    .first()
                    .map_or(ContextKeyType::String, |(c, _)| kind_for(c));
                let mut cv = ContextValue::typed(kind, v.first().cloned().unwrap_or_default());
                cv.values.clone_from(v);
                chain_request.context.insert(&key, cv);
            }
            // A key the role session has cannot be taken away by the request.
            None if session_keys.contains(key_lower) => return None,
            None => {}
        }
        values.push(KeyValues {
            key,
            bounds: bounds
                .iter()
                .zip(labels)
                .map(|((c, must_hold), statement)| Bound {
                    operator: c.operator_text.value.clone(),
                    values: c.raw_values.iter().map(|v| v.value.clone()).collect(),
                    negated: !must_hold,
                    text: bound_text(c, !must_hold),
                    statement: statement.clone(),
                })
                .collect(),
            witness: value,
            set_by_ec2,
        });
    }
    if values.is_empty() {
        return None;
    }
    let scenario = ground.scenario;
    let requests = [chain_request];
    let outcome = simulate(&scenario.chain_input(ground.now, &requests));
    let _ = index;
    let allowed = outcome
        .requests
        .first()
        .is_some_and(|r| r.decision == EvalDecision::Allowed);
    allowed.then_some(Solution { values, statements })
}

/// Every condition of every statement the request reaches, and whether it holds.
fn truth(evaluation: &Evaluation, set: &PolicySet, context: &Context) -> Vec<TruthRow> {
    let mut rows = Vec::new();
    for trace in evaluation.policies.iter().filter(|t| t.applies) {
        for st in &trace.statements {
            if !matches!(
                st.outcome,
                StatementOutcome::Applies | StatementOutcome::ConditionFailed(_)
            ) {
                continue;
            }
            let Some((policy, statement)) =
                compiled(set, trace.place, &trace.name, st.statement.index)
            else {
                continue;
            };
            for condition in &statement.conditions {
                rows.push(TruthRow {
                    statement: label(&policy.name, statement),
                    effect: statement.effect,
                    operator: condition.operator_text.value.clone(),
                    key: condition.key.value.clone(),
                    values: condition
                        .raw_values
                        .iter()
                        .map(|v| v.value.clone())
                        .collect(),
                    request: context.get(&condition.key.value).map(|v| v.values.clone()),
                    holds: condition.holds(context),
                });
            }
        }
    }
    rows
}
