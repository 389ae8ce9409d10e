//! A scenario's simulation, shaped for display: the verdict, each link of the chain, the role
//! session's context, and each request with its deciding statements and near misses, every
//! statement placed in the scenario text so the page can select it.

use super::access_view::{AccessView, ReviewView, scenario_subject_of, views};
use super::policy_view::{ProblemView, utf16_offset};
use iamplay_core::chain::{ChainOutcome, ContextSource};
use iamplay_core::decision::StatementRef;
use iamplay_core::managed::{ManagedPolicies, references};
use iamplay_core::scenario::{read_scenario_with, run_scenario};
use std::collections::{BTreeMap, BTreeSet};

/// AWS managed policies fetched from the site's files, and those that have none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Managed {
    /// Documents by ARN.
    pub documents: BTreeMap<String, String>,
    /// ARNs the site has no file for.
    pub missing: BTreeSet<String>,
}

impl ManagedPolicies for Managed {
    fn document(&self, arn: &str) -> Option<&str> {
        self.documents.get(arn).map(String::as_str)
    }
}

impl Managed {
    /// The AWS managed policies the texts name that are neither fetched nor known missing.
    pub fn pending(&self, texts: &[&str]) -> Vec<String> {
        let mut pending: Vec<String> = Vec::new();
        for arn in texts.iter().flat_map(|t| references(t)) {
            if !self.documents.contains_key(&arn)
                && !self.missing.contains(&arn)
                && !pending.contains(&arn)
            {
                pending.push(arn);
            }
        }
        pending
    }
}

/// What a scenario is simulated with besides its text.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The time of the requests when the scenario does not fix it.
    pub now: &'a str,
    /// AWS managed policies fetched so far.
    pub managed: &'a Managed,
    /// Whether to summarise the instance's access over the whole catalogue.
    pub access: bool,
    /// A baseline scenario text to review the changes against.
    pub baseline: Option<&'a str>,
}
use iamplay_core::{EvalDecision, Evaluation, LineIndex};

/// The simulation of a scenario, or the problems that stop it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScenarioView {
    /// Problems in the document, each with its JSON path in the message.
    pub problems: Vec<ProblemView>,
    /// The verdict's first line, when the scenario could be simulated.
    pub headline: Option<String>,
    /// Whether every request is allowed and every link holds.
    pub all_allowed: bool,
    /// When the scenario states expected decisions: how many requests state one, and how many
    /// of those came out otherwise.
    pub expectations: Option<(usize, usize)>,
    /// The chain's links.
    pub links: Vec<LinkView>,
    /// The role session's ARN.
    pub session_arn: Option<String>,
    /// The role session's context.
    pub session: Vec<SessionKeyView>,
    /// Each request.
    pub requests: Vec<RequestView>,
    /// What the simulation could not take into account.
    pub warnings: Vec<String>,
    /// AWS managed policies being fetched; the scenario is simulated once they are here.
    pub loading: Vec<String>,
    /// The access summary, when asked for, or why there is none.
    pub access: Option<Result<AccessView, String>>,
    /// The change review against the baseline, when one is set, or why there is none.
    pub review: Option<Result<ReviewView, String>>,
}

/// One link of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkView {
    /// `launch`, `instance profile`, `trust policy`, `role session`.
    pub name: &'static str,
    /// Whether it holds.
    pub ok: bool,
    /// What happened there.
    pub detail: String,
    /// For a broken link, the statements that did not let it hold, placed in the scenario.
    pub places: Vec<PlaceView>,
}

/// One context key of the role session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionKeyView {
    /// The key.
    pub key: String,
    /// Its values, comma-separated.
    pub value: String,
    /// `EC2` or `scenario`.
    pub source: &'static str,
}

/// A statement placed in the scenario text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceView {
    /// `policy statement Sid`.
    pub label: String,
    /// Why it is shown (for near misses).
    pub why: Option<String>,
    /// 1-based line in the scenario text, if it could be placed.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// UTF-16 range in the scenario text, for selecting it.
    pub range: Option<(u32, u32)>,
}

/// One request and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestView {
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub decision: &'static str,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// Why, in one sentence (absent when the chain broke first).
    pub summary: Option<String>,
    /// The decision the scenario expects, when it differs from the outcome.
    pub unexpected: Option<&'static str>,
    /// The deciding statements.
    pub deciding: Vec<PlaceView>,
    /// Allow statements whose action matched but something else did not (implicit denies).
    pub near_misses: Vec<PlaceView>,
    /// Context keys the policies use that the request lacks.
    pub missing_keys: Vec<String>,
}

fn place(
    outcome: &ChainOutcome,
    text: &str,
    index: &LineIndex<'_>,
    statement: &StatementRef,
    why: Option<String>,
) -> PlaceView {
    let label = match &statement.sid {
        Some(sid) => format!("{} · {sid}", statement.policy_name),
        None => format!(
            "{} · statement #{}",
            statement.policy_name,
            statement.index + 1
        ),
    };
    let span = outcome.statement_span(text, statement);
    let at = span.map(|s| index.line_col(s.start));
    PlaceView {
        label,
        why,
        line: at.map(|a| a.line),
        column: at.map(|a| a.column),
        range: span.map(|s| (utf16_offset(text, s.start), utf16_offset(text, s.end))),
    }
}

/// Allow statements that did not apply and why, placed in the scenario text.
fn near_misses(
    outcome: &ChainOutcome,
    text: &str,
    index: &LineIndex<'_>,
    evaluation: &Evaluation,
    include_action: bool,
) -> Vec<PlaceView> {
    iamplay_core::decision::near_misses(evaluation, include_action)
        .into_iter()
        .map(|(statement, why)| place(outcome, text, index, statement, Some(why)))
        .collect()
}

impl ScenarioView {
    /// Read and simulate `text`.
    pub fn of(text: &str, inputs: &Inputs<'_>) -> Self {
        let now = inputs.now;
        let loading = inputs
            .managed
            .pending(&[text, inputs.baseline.unwrap_or("")]);
        if !loading.is_empty() {
            return Self {
                loading,
                ..Self::default()
            };
        }
        let read = read_scenario_with(text, inputs.managed);
        let index = LineIndex::new(text);
        let problems = read
            .problems
            .iter()
            .map(|p| {
                let mut view = ProblemView::of(text, &index, &p.diagnostic);
                view.message = format!("{} (at {})", view.message, p.path);
                view
            })
            .collect();
        let Some(scenario) = read.scenario else {
            return Self {
                problems,
                ..Self::default()
            };
        };
        let outcome = run_scenario(&scenario, now);
        let requests: Vec<RequestView> = outcome
            .requests
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let evaluation = r.evaluation.as_ref();
                let deciding = evaluation
                    .map(|e| {
                        e.deciding
                            .iter()
                            .map(|s| place(&outcome, text, &index, s, None))
                            .collect()
                    })
                    .unwrap_or_default();
                let near_misses = match evaluation {
                    Some(e) if r.decision == EvalDecision::ImplicitDeny => {
                        near_misses(&outcome, text, &index, e, false)
                    }
                    _ => Vec::new(),
                };
                let expected = scenario.expectations.get(i).copied().flatten();
                RequestView {
                    decision: r.decision.as_str(),
                    action: r.request.action.clone(),
                    resource: r.request.resource.clone(),
                    summary: evaluation.map(|e| e.summary.clone()),
                    unexpected: expected
                        .filter(|e| *e != r.decision)
                        .map(EvalDecision::as_str),
                    deciding,
                    near_misses,
                    missing_keys: evaluation
                        .map(|e| e.missing_context_keys.clone())
                        .unwrap_or_default(),
                }
            })
            .collect();
        let stated = scenario.expectations.iter().flatten().count();
        let unmet = requests
            .iter()
            .filter(|r: &&RequestView| r.unexpected.is_some())
            .count();
        let (access, review) = views(
            || iamplay_core::access::scenario_subject(&scenario, now),
            inputs.access,
            inputs
                .baseline
                .map(|baseline| move || scenario_subject_of(baseline, now, inputs.managed)),
        );
        Self {
            problems,
            headline: Some(outcome.headline.clone()),
            all_allowed: outcome.all_allowed(),
            expectations: (stated > 0).then_some((stated, unmet)),
            links: outcome
                .links
                .iter()
                .map(|l| LinkView {
                    name: l.name,
                    ok: l.ok,
                    detail: l.detail.clone(),
                    places: if l.ok {
                        Vec::new()
                    } else {
                        l.evaluations
                            .iter()
                            .flat_map(|(_, e)| near_misses(&outcome, text, &index, e, true))
                            .collect()
                    },
                })
                .collect(),
            session_arn: outcome.session.as_ref().map(|s| s.arn.clone()),
            session: outcome
                .session
                .as_ref()
                .map(|s| {
                    s.context
                        .iter()
                        .map(|k| SessionKeyView {
                            key: k.key.clone(),
                            value: k.value.values.join(", "),
                            source: match k.source {
                                ContextSource::Ec2 => "EC2",
                                ContextSource::Scenario => "scenario",
                            },
                        })
                        .collect()
                })
                .unwrap_or_default(),
            requests,
            warnings: outcome.warnings.clone(),
            loading: Vec::new(),
            access,
            review,
        }
    }
}
