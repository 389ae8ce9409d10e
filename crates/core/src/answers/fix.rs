//! The smallest change that allows a denied request, and the reverse: the tightening of an
//! over-broad grant that keeps every request the scenario expects to be allowed.
//!
//! Candidates come from the request's explanation: an Allow statement that matched all but
//! the action or the resource, a layer with no Allow at all (identity, boundary, SCP level,
//! endpoint, resource), an explicit Deny, a broken link of the chain, a condition the request's
//! context does not meet. Each is written as an edit of the scenario document, which is read
//! and simulated again: one that does not allow the request is dropped, and so is one the
//! change review finds granting more than its title says.

use super::Ground;
use super::edit::{self, DiffLine, Node};
use crate::access::{AccessChange, diff_where, session_subject};
use crate::chain::ChainOutcome;
use crate::decision::EvalDecision;
use crate::glob::Glob;
use crate::json::{Json, JsonValue};
use crate::scenario::Scenario;

/// What a fix changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FixKind {
    /// Sets a context value on the request (nothing in any policy changes).
    SetContext,
    /// Launches the instance with IMDSv2 (`ec2:RoleDelivery` = `2.0`).
    Imds,
    /// Adds the action to an Allow statement that matched all but it.
    AddAction,
    /// Adds the resource to an Allow statement that matched all but it.
    AddResource,
    /// Adds the role to the `Principal` of a resource-based Allow statement.
    AddPrincipal,
    /// Takes the action out of a Deny statement's `Action`.
    RemoveDenyAction,
    /// Adds a least-privilege statement: this action on this resource.
    AddStatement,
    /// Adds an inline policy with a least-privilege statement to the role.
    AddPolicy,
    /// Lets EC2 assume the role in its trust policy.
    TrustEc2,
    /// Lets the launching principal launch the instance and pass the role.
    Launch,
    /// Removes a Deny statement.
    RemoveDeny,
    /// Narrows an over-broad Allow statement to what the scenario's requests use.
    Tighten,
}

impl FixKind {
    /// A stable id, e.g. `add-action`.
    pub fn id(self) -> &'static str {
        match self {
            FixKind::SetContext => "set-context",
            FixKind::Imds => "imdsv2",
            FixKind::AddAction => "add-action",
            FixKind::AddResource => "add-resource",
            FixKind::AddPrincipal => "add-principal",
            FixKind::RemoveDenyAction => "remove-deny-action",
            FixKind::AddStatement => "add-statement",
            FixKind::AddPolicy => "add-policy",
            FixKind::TrustEc2 => "trust-ec2",
            FixKind::Launch => "launch",
            FixKind::RemoveDeny => "remove-deny",
            FixKind::Tighten => "tighten",
        }
    }
}

/// One change, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// What it changes.
    pub kind: FixKind,
    /// What it does, in a sentence.
    pub title: String,
    /// The JSON path of what it edits in the scenario (a policy, or a request).
    pub path: String,
    /// The edited policy's (or request's) text before.
    pub before: String,
    /// And after.
    pub after: String,
    /// The lines that change, with context.
    pub diff: Vec<DiffLine>,
    /// The whole scenario document with the change made.
    pub scenario: String,
    /// The request's decision once the change is made.
    pub decision: EvalDecision,
    /// New access the change review finds (empty for context changes).
    pub grants: Vec<AccessChange>,
    /// Access it removes (for tightenings).
    pub removes: Vec<AccessChange>,
}

impl Fix {
    /// How many lines it adds or removes.
    pub fn changed_lines(&self) -> usize {
        self.diff.iter().filter(|l| l.tag != ' ').count()
    }
}

/// The fixes for one request.
#[derive(Debug, Clone, PartialEq)]
pub struct FixAnswer {
    /// The request, by position.
    pub request: usize,
    /// Its action.
    pub action: String,
    /// Its resource.
    pub resource: String,
    /// Its decision now.
    pub decision: EvalDecision,
    /// The checked fixes, smallest first.
    pub fixes: Vec<Fix>,
    /// How many candidates were simulated.
    pub tried: usize,
    /// The candidates dropped, and why.
    pub dropped: Vec<String>,
}

/// What the change review must find for a candidate to be offered.
#[derive(Debug, Clone)]
pub(super) enum Claim {
    /// Nothing to review (a context value, the chain's links).
    Nothing,
    /// Review the actions the statement matches (`None`: every action); what is newly
    /// granted must be one of `actions` (`None`: any of them), and on `resource` when set.
    Grants {
        review: Option<Vec<String>>,
        actions: Option<Vec<String>>,
        resource: Option<String>,
        /// Whether it may grant on every resource (`*`): not when the request names one, and
        /// the edit would hand the action out everywhere.
        everywhere: bool,
    },
    /// A tightening: nothing may be newly granted.
    NoNewAccess { review: Option<Vec<String>> },
}

pub(super) struct Candidate {
    pub(super) kind: FixKind,
    pub(super) title: String,
    pub(super) path: String,
    pub(super) before: String,
    pub(super) after: String,
    pub(super) scenario: String,
    pub(super) claim: Claim,
}

/// A policy written in the scenario: where, and its text.
pub(super) struct Piece {
    pub(super) path: String,
    pub(super) text: String,
    pub(super) json: Json,
}

impl Piece {
    pub(super) fn at(root: &Json, text: &str, path: &str) -> Option<Piece> {
        let json = edit::at_path(root, path)?.clone();
        let own = match &json.value {
            JsonValue::Object(_) => json.span.slice(text).to_owned(),
            JsonValue::String(s) => s.clone(),
            _ => return None,
        };
        Some(Piece {
            path: path.to_owned(),
            text: own,
            json,
        })
    }

    /// The scenario with this policy's text replaced.
    pub(super) fn put(&self, scenario: &str, new_text: &str) -> Option<String> {
        match &self.json.value {
            JsonValue::String(_) => edit::splice(scenario, self.json.span, &edit::quote(new_text)),
            _ => edit::splice(scenario, self.json.span, new_text),
        }
    }

    pub(super) fn candidate(
        &self,
        scenario: &str,
        kind: FixKind,
        title: String,
        after: String,
        claim: Claim,
    ) -> Option<Candidate> {
        Some(Candidate {
            kind,
            title,
            path: self.path.clone(),
            before: self.text.clone(),
            scenario: self.put(scenario, &after)?,
            after,
            claim,
        })
    }
}

/// Action patterns as the review takes them: lowercase.
pub(super) fn patterns<'a>(written: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    written.into_iter().map(str::to_ascii_lowercase).collect()
}

pub(super) fn globs<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Vec<Glob> {
    patterns
        .into_iter()
        .map(|p| Glob::new(&p.to_ascii_lowercase()))
        .collect()
}

/// The actions a statement names, as written, for the review (`None`: `NotAction` or none).
pub(super) fn statement_actions(statement: &Json) -> Option<Vec<String>> {
    let action = statement.get("Action")?;
    match &action.value {
        JsonValue::String(s) => Some(vec![s.clone()]),
        JsonValue::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => None,
    }
}

pub(super) fn statement_name(sid: Option<&str>, index: usize) -> String {
    sid.map_or_else(
        || format!("statement #{}", index + 1),
        |sid| format!("statement `{sid}`"),
    )
}

/// The index of the role named `name` in `$.account.roles`.
pub(super) fn role_index(root: &Json, name: &str) -> Option<usize> {
    edit::at_path(root, "$.account.roles")?
        .items()
        .iter()
        .position(|r| r.get("name").and_then(Json::as_str) == Some(name))
}

/// A least-privilege Allow statement.
pub(super) fn allow(action: &str, resource: &str, principal: Option<&str>) -> Node {
    let mut members = vec![("Effect".to_owned(), Node::str("Allow"))];
    if let Some(principal) = principal {
        members.push((
            "Principal".to_owned(),
            Node::obj([("AWS", Node::str(principal))]),
        ));
    }
    members.push(("Action".to_owned(), Node::str(action)));
    members.push(("Resource".to_owned(), Node::str(resource)));
    Node::Obj(members)
}

/// Why a checked candidate is not offered, or the fix it makes.
pub(super) fn check(
    ground: &Ground<'_>,
    base: &ChainOutcome,
    index: usize,
    c: Candidate,
    chain: bool,
) -> Result<Fix, String> {
    let Some((scenario, outcome)) = ground.again(&c.scenario) else {
        return Err(format!("{}: the edited scenario does not read", c.title));
    };
    let decision = outcome
        .requests
        .get(index)
        .map_or(EvalDecision::ImplicitDeny, |r| r.decision);
    let holds = if chain {
        outcome.links.iter().all(|l| l.ok)
    } else {
        decision == EvalDecision::Allowed
    };
    if !holds {
        return Err(format!(
            "{}: the request is still {}",
            c.title,
            decision.as_str()
        ));
    }
    let (grants, removes) = review(ground.scenario, base, &scenario, outcome, &c.claim)
        .map_err(|why| format!("{}: {why}", c.title))?;
    Ok(Fix {
        kind: c.kind,
        diff: edit::diff_lines(&c.before, &c.after),
        title: c.title,
        path: c.path,
        before: c.before,
        after: c.after,
        scenario: c.scenario,
        decision,
        grants,
        removes,
    })
}

type Review = (Vec<AccessChange>, Vec<AccessChange>);

/// The change review of a candidate against its claim.
fn review(
    old_scenario: &Scenario,
    base: &ChainOutcome,
    new_scenario: &Scenario,
    outcome: ChainOutcome,
    claim: &Claim,
) -> Result<Review, String> {
    let review = match claim {
        Claim::Nothing => return Ok((Vec::new(), Vec::new())),
        Claim::Grants { review, .. } | Claim::NoNewAccess { review } => review,
    };
    let mut old = session_subject(old_scenario, base.clone())?;
    let mut new = session_subject(new_scenario, outcome)?;
    let reviewed: Option<Vec<Glob>> = review.as_ref().map(|r| globs(r.iter().map(String::as_str)));
    // The services the patterns can name: every one when a pattern's service has a wildcard.
    let services: Option<Vec<&str>> = review.as_ref().and_then(|r| {
        r.iter()
            .map(|p| {
                p.split_once(':')
                    .map(|(s, _)| s)
                    .filter(|s| !s.contains(['*', '?']))
            })
            .collect()
    });
    let keep = |action: &str| {
        reviewed
            .as_ref()
            .is_none_or(|r| r.iter().any(|g| g.matches(action)))
    };
    let keep_service = |service: &str| {
        services
            .as_ref()
            .is_none_or(|s| s.iter().any(|p| p.eq_ignore_ascii_case(service)))
    };
    let diff = diff_where(&mut old, &mut new, &keep_service, &keep);
    match claim {
        Claim::Grants {
            actions,
            resource,
            everywhere,
            ..
        } => {
            if let Some(wide) = diff
                .granted
                .iter()
                .find(|g| !everywhere && g.resource == crate::access::EVERY_RESOURCE)
            {
                return Err(format!(
                    "it would grant {}:{} on every resource",
                    wide.service, wide.action
                ));
            }
            let actions: Option<Vec<Glob>> = actions
                .as_ref()
                .map(|a| globs(a.iter().map(String::as_str)));
            let beyond = diff.granted.iter().find(|g| {
                let action = format!("{}:{}", g.service, g.action).to_ascii_lowercase();
                let action_ok = actions
                    .as_ref()
                    .is_none_or(|a| a.iter().any(|p| p.matches(&action)));
                let resource_ok = resource.as_ref().is_none_or(|r| *r == g.resource);
                !(action_ok && resource_ok)
            });
            if let Some(beyond) = beyond {
                return Err(format!(
                    "it would also grant {}:{}",
                    beyond.service,
                    beyond.describe()
                ));
            }
        }
        Claim::NoNewAccess { .. } if !diff.granted.is_empty() => {
            return Err("it would grant new access".to_owned());
        }
        _ => {}
    }
    Ok((diff.granted, diff.removed))
}

pub(super) fn rank(fixes: &mut Vec<Fix>) {
    crate::sort::sort_by_key(fixes, |f| (f.changed_lines(), f.grants.len(), f.kind));
}

/// The checked fixes that allow request `index` of the scenario, smallest first; `None` when
/// there is no such request.
pub fn fixes(ground: Ground<'_>, index: usize) -> Option<FixAnswer> {
    let base = ground.run();
    let request = base.requests.get(index)?;
    let mut answer = FixAnswer {
        request: index,
        action: request.request.action.clone(),
        resource: request.request.resource.clone(),
        decision: request.decision,
        fixes: Vec::new(),
        tried: 0,
        dropped: Vec::new(),
    };
    if request.decision == EvalDecision::Allowed {
        return Some(answer);
    }
    let root = edit::parse(ground.text)?;
    let mut search = super::candidates::Search {
        ground: &ground,
        root,
        index,
        action: request.request.action.clone(),
        resource: request.request.resource.clone(),
        candidates: Vec::new(),
    };
    let chain = request.evaluation.is_none();
    match &request.evaluation {
        None => search.of_chain(&base),
        Some(evaluation) => {
            search.of_statements(evaluation);
            if evaluation.decision == EvalDecision::ImplicitDeny {
                search.add_statements(evaluation);
            }
            search.of_discovery();
        }
    }
    let candidates = std::mem::take(&mut search.candidates);
    answer.tried = candidates.len();
    for candidate in candidates {
        match check(&ground, &base, index, candidate, chain) {
            Ok(fix) => answer.fixes.push(fix),
            Err(why) => answer.dropped.push(why),
        }
    }
    rank(&mut answer.fixes);
    Some(answer)
}
