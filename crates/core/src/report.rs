//! The report of a scenario's simulation: one typed model that every face renders (the CLI's
//! text and JSON, the playground, the JS package), so statement places, near misses and labels
//! are computed once. Each statement is placed through its policy's origin: in the scenario
//! text, or in the AWS managed policy's own document.

use crate::chain::{ChainOutcome, ContextSource};
use crate::compile::PolicyType;
use crate::decision::{EvalDecision, Evaluation, StatementRef, near_misses};
use crate::diagnostic::{Diagnostic, Severity};
use crate::managed::ManagedPolicies;
use crate::origin::Source;
use crate::scenario::{Scenario, ScenarioRead, read_scenario_with, run_scenario};
use crate::span::{LineCol, LineIndex, Span};

#[cfg(feature = "json-report")]
pub mod answers;
#[cfg(all(feature = "json-report", feature = "import"))]
mod interchange;
#[cfg(feature = "json-report")]
mod json;
mod policy;
#[cfg(feature = "json-report")]
pub mod wire;

pub use policy::{PolicyReport, PrincipalSummary, StatementSummary, Values, lint, read};

#[cfg(all(feature = "json-report", feature = "import", feature = "export"))]
pub use interchange::{export_report, export_result};
#[cfg(all(feature = "json-report", feature = "import"))]
pub use interchange::{
    import_report, import_result, imported_scenario_json, inventory_json, who_can_json,
    who_can_report, who_can_result,
};
#[cfg(feature = "json-report")]
pub use json::{
    diff_report, diff_result, lint_report, lint_result, policy_report, policy_result,
    scenario_json, simulate_report, simulate_result, summary_report, summary_result,
};

/// A scenario read, and simulated when it had no errors.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScenarioReport {
    /// The scenario's name.
    pub name: String,
    /// Problems in the document, each with its JSON path and place.
    pub problems: Vec<Problem>,
    /// AWS managed policies it attaches whose documents were not available.
    pub unresolved: Vec<String>,
    /// The simulation, when the scenario could be built.
    pub simulation: Option<Simulation>,
}

/// The simulation of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// The verdict's first line.
    pub verdict: String,
    /// Whether every request is allowed and every link holds.
    pub all_allowed: bool,
    /// The chain's links, up to the first broken one.
    pub links: Vec<LinkReport>,
    /// The role session, when the instance gets credentials.
    pub session: Option<SessionReport>,
    /// Each request.
    pub requests: Vec<RequestReport>,
    /// What the simulation could not take into account.
    pub warnings: Vec<String>,
}

impl Simulation {
    /// How many requests state an expected decision, and how many came out otherwise.
    pub fn expectations(&self) -> (usize, usize) {
        let stated = self
            .requests
            .iter()
            .filter(|r| r.expected.is_some())
            .count();
        let unmet = self.requests.iter().filter(|r| r.unexpected()).count();
        (stated, unmet)
    }
}

/// A problem in a document, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The diagnostic.
    pub diagnostic: Diagnostic,
    /// The JSON path of the part it is about, in a scenario.
    pub path: Option<String>,
    /// Where it starts.
    pub start: LineCol,
    /// Where it ends.
    pub end: LineCol,
    /// The text it is about.
    pub text: String,
}

impl Problem {
    /// Places `diagnostic` in `text`.
    pub fn new(
        text: &str,
        index: &LineIndex<'_>,
        diagnostic: &Diagnostic,
        path: Option<&str>,
    ) -> Self {
        Self {
            diagnostic: diagnostic.clone(),
            path: path.map(str::to_owned),
            start: index.line_col(diagnostic.span.start),
            end: index.line_col(diagnostic.span.end),
            text: diagnostic.span.slice(text).to_owned(),
        }
    }

    /// `error`, `warning`…
    pub fn severity(&self) -> Severity {
        self.diagnostic.severity
    }
}

/// One link of the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkReport {
    /// `launch`, `instance profile`, `trust policy`, `role session`.
    pub name: &'static str,
    /// Whether it holds.
    pub ok: bool,
    /// What happened there.
    pub detail: String,
    /// For a broken link, the Allow statements that did not let it hold, and why.
    pub near_misses: Vec<StatementPlace>,
}

/// The role session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionReport {
    /// The session's ARN.
    pub arn: String,
    /// The role's ARN.
    pub role_arn: String,
    /// Every context key with its values and where they came from.
    pub context: Vec<(String, Vec<String>, ContextSource)>,
}

/// One request and how it was decided.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestReport {
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The decision.
    pub decision: EvalDecision,
    /// The decision the scenario expects, if it states one.
    pub expected: Option<EvalDecision>,
    /// Why, in one sentence; absent when the chain broke before the request.
    pub summary: Option<String>,
    /// The deciding statements.
    pub deciding: Vec<StatementPlace>,
    /// For an implicit deny, the Allow statements whose action matched but something else did
    /// not, and what.
    pub near_misses: Vec<StatementPlace>,
    /// Context keys the policies use that the request lacks.
    pub missing_context_values: Vec<String>,
    /// Whether the request was evaluated (the chain held).
    pub evaluated: bool,
    /// Its path through AWS's decision order, stage by stage (empty when not evaluated).
    pub steps: Vec<crate::decision::Step>,
    /// What is odd about the request itself (AWS never sends it, …).
    pub warnings: Vec<String>,
    /// When the instance got no credentials: the decision the same call gets unsigned, from the
    /// resource-based policies alone, and why.
    pub unsigned: Option<(EvalDecision, String)>,
}

impl RequestReport {
    /// Whether the scenario expects another decision.
    pub fn unexpected(&self) -> bool {
        self.expected.is_some_and(|e| e != self.decision)
    }
}

/// A statement, named and placed in the document it was written in.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementPlace {
    /// The policy's name.
    pub policy: String,
    /// The type of policy it is in this decision.
    pub policy_type: PolicyType,
    /// Its `Sid`.
    pub sid: Option<String>,
    /// Its position in the policy, from 0.
    pub index: usize,
    /// The document it was written in.
    pub source: Source,
    /// Its span in that document.
    pub span: Span,
    /// Where it starts in that document, when the document's text is known.
    pub start: Option<LineCol>,
    /// Why it is shown, for near misses.
    pub why: Option<String>,
}

impl StatementPlace {
    /// `policy · Sid` or `policy · statement #N`.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) => format!("{} · {sid}", self.policy),
            None => format!("{} · statement #{}", self.policy, self.index + 1),
        }
    }

    /// Whether it is written in the scenario text (so a face can select it there).
    pub fn in_scenario(&self) -> bool {
        matches!(self.source, Source::Scenario(_))
    }
}

/// Places statements: in the scenario text, or in an AWS managed policy's own document.
struct Placer<'a> {
    scenario: &'a Scenario,
    index: LineIndex<'a>,
}

impl Placer<'_> {
    fn place(&self, statement: &StatementRef, why: Option<String>) -> StatementPlace {
        let span = statement.source_span();
        let start = match &statement.origin.source {
            Source::Scenario(_) => Some(self.index.line_col(span.start)),
            Source::Managed(arn) => self
                .scenario
                .account
                .policy(arn)
                .ok()
                .map(|p| LineIndex::new(&p.document.text).line_col(span.start)),
            Source::Input { .. } | Source::Text => None,
        };
        StatementPlace {
            policy: statement.policy_name.clone(),
            policy_type: statement.policy_type,
            sid: statement.sid.clone(),
            index: statement.index,
            source: statement.origin.source.clone(),
            span,
            start,
            why,
        }
    }

    fn near_misses(&self, evaluation: &Evaluation, include_action: bool) -> Vec<StatementPlace> {
        near_misses(evaluation, include_action)
            .into_iter()
            .map(|(statement, why)| self.place(statement, Some(why)))
            .collect()
    }
}

/// The report of a scenario already simulated; `text` is the scenario document.
pub fn simulation(text: &str, scenario: &Scenario, outcome: &ChainOutcome) -> Simulation {
    let placer = Placer {
        scenario,
        index: LineIndex::new(text),
    };
    let links = outcome
        .links
        .iter()
        .map(|l| LinkReport {
            name: l.name,
            ok: l.ok,
            detail: l.detail.clone(),
            near_misses: if l.ok {
                Vec::new()
            } else {
                l.evaluations
                    .iter()
                    .flat_map(|(_, e)| placer.near_misses(e, true))
                    .collect()
            },
        })
        .collect();
    let session = outcome.session.as_ref().map(|s| SessionReport {
        arn: s.arn.clone(),
        role_arn: s.role_arn.clone(),
        context: s
            .context
            .iter()
            .map(|k| (k.key.clone(), k.value.values.clone(), k.source))
            .collect(),
    });
    let requests = outcome
        .requests
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let evaluation = r.evaluation.as_ref();
            RequestReport {
                action: r.request.action.clone(),
                resource: r.request.resource.clone(),
                decision: r.decision,
                expected: scenario.expectations.get(i).copied().flatten(),
                summary: evaluation.map(|e| e.summary.clone()),
                deciding: evaluation
                    .map(|e| e.deciding.iter().map(|s| placer.place(s, None)).collect())
                    .unwrap_or_default(),
                near_misses: match evaluation {
                    Some(e) if r.decision == EvalDecision::ImplicitDeny => {
                        placer.near_misses(e, false)
                    }
                    _ => Vec::new(),
                },
                missing_context_values: evaluation
                    .map(|e| e.missing_context_keys.clone())
                    .unwrap_or_default(),
                evaluated: evaluation.is_some(),
                steps: evaluation.map(|e| e.steps.clone()).unwrap_or_default(),
                warnings: evaluation.map(|e| e.warnings.clone()).unwrap_or_default(),
                unsigned: r.unsigned.as_ref().map(|u| (u.decision, u.summary.clone())),
            }
        })
        .collect();
    Simulation {
        verdict: outcome.headline.clone(),
        all_allowed: outcome.all_allowed(),
        links,
        session,
        requests,
        warnings: outcome.warnings.clone(),
    }
}

/// The problems of a scenario read, placed in its text.
pub fn problems(text: &str, read: &ScenarioRead) -> Vec<Problem> {
    let index = LineIndex::new(text);
    read.problems
        .iter()
        .map(|p| Problem::new(text, &index, &p.diagnostic, Some(&p.path)))
        .collect()
}

/// Reads, builds, simulates (at `now`, unless the scenario fixes its time) and reports a
/// scenario document: the keystroke path of the playground.
pub fn scenario(text: &str, now: &str, managed: &dyn ManagedPolicies) -> ScenarioReport {
    let read = read_scenario_with(text, managed);
    let problems = problems(text, &read);
    let name = read
        .scenario
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let simulation = read.scenario.as_ref().map(|scenario| {
        let outcome = run_scenario(scenario, now);
        simulation(text, scenario, &outcome)
    });
    ScenarioReport {
        name,
        problems,
        unresolved: read.unresolved,
        simulation,
    }
}

#[cfg(test)]
mod tests;
