//! A scenario's simulation, shaped for display: the verdict, each link of the chain, the role
//! session's context, and each request with its deciding statements and near misses, every
//! statement placed in the scenario text so the page can select it.

use super::access_view::{AccessView, ReviewView, views};
use super::half::{Inputs, View};
use super::policy_view::{ProblemView, utf16_offset};
use iamplay_core::access::{scenario_subject, session_subject};
use iamplay_core::decision::StepOutcome;
use iamplay_core::managed::ManagedPolicies;
use iamplay_core::report::{RequestReport, StatementPlace, problems, simulation};
use iamplay_core::scenario::{read_scenario_with, run_scenario};
use iamplay_core::{EvalDecision, Source};
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
    /// The JSON path of its policy in the scenario and its position there, for revealing it in
    /// that policy's editor.
    pub at: Option<(String, usize)>,
}

/// One stage of AWS's decision order for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepView {
    /// The stage, e.g. `service control policies`.
    pub stage: &'static str,
    /// `passed`, `decided` or `skipped`.
    pub outcome: &'static str,
    /// What happened there.
    pub detail: String,
}

/// One request and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestView {
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub decision: &'static str,
    /// What happened, in words: `allowed`, `explicit deny`, `implicit deny`, or, when the chain
    /// broke before the request, `launch denied` or `no credentials`.
    pub verdict: &'static str,
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
    /// Its path through AWS's decision order.
    pub steps: Vec<StepView>,
    /// What is odd about the request itself (AWS never sends it, …).
    pub warnings: Vec<String>,
    /// Without credentials: what the same call gets unsigned, in words.
    pub unsigned: Option<String>,
}

impl PlaceView {
    /// A statement placed by the report; it can be selected when it is written in the scenario.
    fn of(text: &str, statement: &StatementPlace) -> Self {
        let label = match &statement.source {
            Source::Managed(arn) => format!("{} ({arn})", statement.label()),
            _ => statement.label(),
        };
        let in_scenario = statement.in_scenario();
        PlaceView {
            label,
            why: statement.why.clone(),
            line: statement.start.filter(|_| in_scenario).map(|a| a.line),
            column: statement.start.filter(|_| in_scenario).map(|a| a.column),
            range: in_scenario.then(|| {
                (
                    utf16_offset(text, statement.span.start),
                    utf16_offset(text, statement.span.end),
                )
            }),
            at: match &statement.source {
                Source::Scenario(path) => Some((path.clone(), statement.index)),
                _ => None,
            },
        }
    }
}

fn places(text: &str, statements: &[StatementPlace]) -> Vec<PlaceView> {
    statements.iter().map(|s| PlaceView::of(text, s)).collect()
}

/// A request's verdict in words, given the chain's first broken link.
fn verdict(r: &RequestReport, broken: Option<&str>) -> &'static str {
    match (r.evaluated, broken) {
        (false, Some("launch")) => "launch denied",
        (false, _) => "no credentials",
        (true, _) => match r.decision {
            EvalDecision::Allowed => "allowed",
            EvalDecision::ExplicitDeny => "explicit deny",
            EvalDecision::ImplicitDeny => "implicit deny",
        },
    }
}

impl RequestView {
    /// A request of the simulation of `text`, given the name of the chain's first broken link.
    pub fn of(text: &str, r: &RequestReport, broken: Option<&str>) -> Self {
        RequestView {
            decision: r.decision.as_str(),
            verdict: verdict(r, broken),
            action: r.action.clone(),
            resource: r.resource.clone(),
            summary: r.summary.clone(),
            unexpected: r
                .expected
                .filter(|_| r.unexpected())
                .map(EvalDecision::as_str),
            deciding: places(text, &r.deciding),
            near_misses: places(text, &r.near_misses),
            missing_keys: r.missing_context_values.clone(),
            warnings: r.warnings.clone(),
            unsigned: r.unsigned.as_ref().map(|(decision, why)| {
                let verdict = match decision {
                    EvalDecision::Allowed => "allowed",
                    EvalDecision::ExplicitDeny => "explicit deny",
                    EvalDecision::ImplicitDeny => "implicit deny",
                };
                format!("Unsigned, as an instance without credentials sends it, this call gets {verdict}: {why}")
            }),
            steps: r
                .steps
                .iter()
                .map(|s| StepView {
                    stage: s.stage,
                    outcome: match s.outcome {
                        StepOutcome::Passed => "passed",
                        StepOutcome::Decided => "decided",
                        StepOutcome::Skipped => "skipped",
                    },
                    detail: s.detail.clone(),
                })
                .collect(),
        }
    }
}

impl View for ScenarioView {
    /// A scenario is read one way.
    type Kind = ();

    fn keep_summaries(&mut self, earlier: &Self) {
        self.access.clone_from(&earlier.access);
        self.review.clone_from(&earlier.review);
    }

    /// Read and simulate `text`: the scenario is read once, its policies compiled once, and the
    /// chain's outcome serves the report, the access summary and the change review.
    fn of(text: &str, inputs: &Inputs<'_, ()>) -> Self {
        let (now, managed) = (inputs.shared.now, inputs.shared.managed);
        let read = read_scenario_with(text, managed);
        let baseline = inputs
            .baseline
            .map(|baseline| read_scenario_with(baseline, managed));
        let mut loading: Vec<String> = Vec::new();
        for arn in read
            .unresolved
            .iter()
            .chain(baseline.iter().flat_map(|b| &b.unresolved))
        {
            if !managed.missing.contains(arn) && !loading.contains(arn) {
                loading.push(arn.clone());
            }
        }
        if !loading.is_empty() {
            return Self {
                loading,
                ..Self::default()
            };
        }
        let problems = problems(text, &read)
            .iter()
            .map(|p| {
                let mut view = ProblemView::of(text, p);
                if let Some(path) = &p.path {
                    view.message = format!("{} (at {path})", view.message);
                }
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
        let report = simulation(text, &scenario, &outcome);
        let (stated, unmet) = report.expectations();
        let broken = report.links.iter().find(|l| !l.ok).map(|l| l.name);
        let (access, review) = views(
            || session_subject(&scenario, outcome),
            inputs.access,
            baseline.map(|read| {
                move || match read.scenario {
                    Some(before) => scenario_subject(&before, now),
                    None => Err(format!(
                        "the baseline has {} problem(s); fix them or set a new baseline",
                        read.problems.len()
                    )),
                }
            }),
        );
        Self {
            problems,
            headline: Some(report.verdict.clone()),
            all_allowed: report.all_allowed,
            expectations: (stated > 0).then_some((stated, unmet)),
            links: report
                .links
                .iter()
                .map(|l| LinkView {
                    name: l.name,
                    ok: l.ok,
                    detail: l.detail.clone(),
                    places: places(text, &l.near_misses),
                })
                .collect(),
            session_arn: report.session.as_ref().map(|s| s.arn.clone()),
            session: report
                .session
                .as_ref()
                .map(|s| {
                    s.context
                        .iter()
                        .map(|(key, values, source)| SessionKeyView {
                            key: key.clone(),
                            value: values.join(", "),
                            source: source.label(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            requests: report
                .requests
                .iter()
                .map(|r| RequestView::of(text, r, broken))
                .collect(),
            warnings: report.warnings.clone(),
            loading: Vec::new(),
            access,
            review,
        }
    }
}
