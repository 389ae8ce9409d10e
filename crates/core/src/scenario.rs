//! The scenario document: one versioned JSON document describing an account, the instance and
//! its profile, resource policies, organisation policies, the launching principal and the
//! requests. It is what the playground edits, what share links carry, and what the CLI and the
//! JS API take; `crates/core/schema/scenario-v1.schema.json` documents it.

mod read;

pub use read::ScenarioProblem;

use crate::chain::{
    ChainInput, ChainOutcome, ChainRequest, Instance, Launcher, Organization, ResourcePolicy,
    VpcEndpoint, simulate,
};
use crate::compile::{CompiledPolicy, PolicyDocument, PolicyType};
use crate::decision::EvalDecision;
use crate::diagnostic::Severity;
use crate::iam::{Account, IamError};
use crate::json::{self, Json, JsonValue, Limits};
use crate::managed::{ManagedPolicies, NoManagedPolicies};
use crate::origin::{Origin, Source};
use crate::request::Context;
use crate::span::Span;
use read::{Walker, field, join};
use std::sync::Arc;

/// The scenario format's version.
pub const SCENARIO_VERSION: u64 = 1;
/// Largest scenario document: four policies at their own size limit. Reading, linting,
/// simulating and reporting the largest stays under 50 ms (`cargo xtask bench`).
pub const MAX_SCENARIO_BYTES: usize = 1024 * 1024;
/// Deepest nesting in a scenario document.
pub const MAX_SCENARIO_DEPTH: usize = 32;
/// Most items in any list of a scenario (roles, policies…).
pub const MAX_ITEMS: usize = 1000;
/// Most requests in a scenario: each is simulated and reported on every keystroke, and 200 of
/// them stay under 50 ms (`cargo xtask bench`).
pub const MAX_REQUESTS: usize = 200;

/// A scenario, read and built: the IAM account and everything the chain needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// A title.
    pub name: String,
    /// What it shows.
    pub description: String,
    /// The documentation page it comes from, if any.
    pub source: Option<String>,
    /// The time of the requests, if fixed by the scenario.
    pub now: Option<String>,
    /// The account.
    pub account: Account,
    /// The instance profile the instance is launched with.
    pub profile: String,
    /// The instance.
    pub instance: Instance,
    /// Who launches it, if that is to be checked.
    pub launcher: Option<Launcher>,
    /// Resource-based policies.
    pub resource_policies: Vec<ResourcePolicy>,
    /// VPC endpoints requests may go through.
    pub vpc_endpoints: Vec<VpcEndpoint>,
    /// The organisation.
    pub organization: Organization,
    /// Context overrides for every request.
    pub context: Context,
    /// The requests.
    pub requests: Vec<ChainRequest>,
    /// The decision each request is expected to get, if stated.
    pub expectations: Vec<Option<EvalDecision>>,
}

/// The outcome of reading a scenario: the scenario when it has no errors, and every problem.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioRead {
    /// The scenario, when there were no errors.
    pub scenario: Option<Scenario>,
    /// Every problem, with its JSON path and span.
    pub problems: Vec<ScenarioProblem>,
    /// The AWS managed policies it attaches (`arn:aws:iam::aws:policy/…`) whose documents
    /// neither the scenario nor the source had: a face that can fetch them reads again once
    /// they are here.
    pub unresolved: Vec<String>,
}

/// Read and build a scenario document; AWS managed policies must be embedded in it.
pub fn read_scenario(text: &str) -> ScenarioRead {
    read_scenario_with(text, &NoManagedPolicies)
}

/// Read and build a scenario document, taking the documents of AWS managed policies it attaches
/// (`arn:aws:iam::aws:policy/…`) and does not embed from `managed`.
pub fn read_scenario_with(text: &str, managed: &dyn ManagedPolicies) -> ScenarioRead {
    let limits = Limits {
        max_bytes: MAX_SCENARIO_BYTES,
        max_depth: MAX_SCENARIO_DEPTH,
    };
    let (json, diagnostics) = json::parse(text, limits);
    let mut walker = Walker::default();
    walker
        .problems
        .extend(diagnostics.into_iter().map(|diagnostic| ScenarioProblem {
            path: "$".to_owned(),
            diagnostic,
        }));
    let mut unresolved = Vec::new();
    let scenario = json.and_then(|json| {
        let mut builder = Builder {
            text,
            walker: &mut walker,
            managed,
            unresolved: Vec::new(),
            endpoint_ids: Vec::new(),
        };
        let scenario = builder.scenario(&json);
        unresolved = builder.unresolved;
        scenario
    });
    let has_errors = walker
        .problems
        .iter()
        .any(|p| p.diagnostic.severity == Severity::Error);
    crate::sort::sort_by_key(&mut walker.problems, |p| p.diagnostic.span.start);
    ScenarioRead {
        scenario: if has_errors { None } else { scenario },
        problems: walker.problems,
        unresolved,
    }
}

impl Scenario {
    /// The chain's input for these requests at time `now` (ISO 8601), unless the scenario fixes
    /// its own time.
    pub fn chain_input<'a>(&'a self, now: &'a str, requests: &'a [ChainRequest]) -> ChainInput<'a> {
        ChainInput {
            account: &self.account,
            profile: &self.profile,
            instance: &self.instance,
            launcher: self.launcher.as_ref(),
            resource_policies: &self.resource_policies,
            endpoints: &self.vpc_endpoints,
            organization: &self.organization,
            now: self.now.as_deref().unwrap_or(now),
            context_overrides: &self.context,
            requests,
        }
    }
}

/// Run a scenario's chain at time `now` (ISO 8601), unless the scenario fixes its own time.
pub fn run_scenario(scenario: &Scenario, now: &str) -> ChainOutcome {
    simulate(&scenario.chain_input(now, &scenario.requests))
}

struct Builder<'t, 'w> {
    text: &'t str,
    walker: &'w mut Walker,
    managed: &'w dyn ManagedPolicies,
    /// AWS managed policies attached without a document from the scenario or `managed`.
    unresolved: Vec<String>,
    /// The ids of the scenario's VPC endpoints, for the requests that name one.
    endpoint_ids: Vec<String>,
}

const TOP: [&str; 14] = [
    "$schema",
    "scenarioVersion",
    "name",
    "description",
    "source",
    "now",
    "account",
    "instance",
    "launch",
    "resourcePolicies",
    "vpcEndpoints",
    "organization",
    "context",
    "requests",
];

impl Builder<'_, '_> {
    fn iam(&mut self, path: &str, span: Span, error: &IamError) {
        self.walker.problems.push(ScenarioProblem {
            path: path.to_owned(),
            diagnostic: error.diagnostic(span),
        });
    }

    /// Reads and compiles the policy document at `path`: a JSON object (its text is the slice
    /// of the scenario) or a JSON string. Its problems are reported at their places in the
    /// scenario; the document is returned even with errors.
    fn document(
        &mut self,
        path: &str,
        json: &Json,
        name: &str,
        kind: PolicyType,
    ) -> Option<PolicyDocument> {
        let source = Source::Scenario(path.to_owned());
        let (text, origin) = match &json.value {
            JsonValue::Object(_) => (
                json.span.slice(self.text),
                Origin::at(source, json.span.start),
            ),
            JsonValue::String(s) => (
                s.as_str(),
                Origin::in_string(source, json.span.slice(self.text), json.span.start),
            ),
            _ => {
                self.walker.problem(
                    path,
                    json.span,
                    "wrong-type",
                    format!("`{path}` must be a policy document (an object or a string)"),
                );
                return None;
            }
        };
        let document = PolicyDocument::compile(name, kind, text, origin.clone());
        for diagnostic in &document.diagnostics {
            let mut diagnostic = diagnostic.clone();
            diagnostic.span = origin.span(diagnostic.span);
            self.walker.problems.push(ScenarioProblem {
                path: path.to_owned(),
                diagnostic,
            });
        }
        Some(document)
    }

    /// The compiled policy at `path`, when it has no errors (see [`Self::document`]).
    fn policy(
        &mut self,
        path: &str,
        json: &Json,
        name: &str,
        kind: PolicyType,
    ) -> Option<Arc<CompiledPolicy>> {
        self.document(path, json, name, kind)?
            .usable()
            .map(Arc::new)
    }

    fn scenario(&mut self, json: &Json) -> Option<Scenario> {
        let members = self.walker.object("$", json, &TOP)?;
        let version = self.walker.required("$", json, members, "scenarioVersion");
        match version.map(|v| &v.value) {
            Some(JsonValue::Number(n)) if n == "1" => {}
            Some(_) => {
                let span = version.map_or(json.span, |v| v.span);
                self.walker.problem_with_help(
                    "$.scenarioVersion",
                    span,
                    "unsupported-version",
                    "this scenario version is not supported",
                    format!("iamplay reads scenario version {SCENARIO_VERSION}"),
                );
            }
            None => {}
        }
        let text_field = |b: &mut Self, key: &str| {
            field(members, key).and_then(|j| b.walker.string(&join("$", key), j))
        };
        let name = text_field(self, "name").unwrap_or_default();
        let description = text_field(self, "description").unwrap_or_default();
        let source = text_field(self, "source");
        let now = text_field(self, "now");
        if let (Some(now), Some(json)) = (&now, field(members, "now")) {
            if crate::condition::values::date(now).is_none() {
                self.walker.problem(
                    "$.now",
                    json.span,
                    "invalid-date",
                    format!("`{now}` is not an ISO 8601 date"),
                );
            }
        }
        // Every part is read even when an earlier one is broken, so all problems are reported.
        let account = self
            .walker
            .required("$", json, members, "account")
            .and_then(|j| self.account(j));
        let instance = self
            .walker
            .required("$", json, members, "instance")
            .and_then(|j| self.instance(j));
        let launcher = field(members, "launch").and_then(|j| self.launcher(j));
        let owner = account.as_ref().map_or("", |a| a.id.as_str()).to_owned();
        let resource_policies = field(members, "resourcePolicies")
            .map(|j| self.resource_policies(j, &owner))
            .unwrap_or_default();
        // Before the requests, which name them.
        let vpc_endpoints = field(members, "vpcEndpoints")
            .map(|j| self.endpoints(j))
            .unwrap_or_default();
        let organization = field(members, "organization")
            .map(|j| self.organization(j))
            .unwrap_or_default();
        let context = field(members, "context")
            .map(|j| self.context("$.context", j))
            .unwrap_or_default();
        let requests_json = self.walker.required("$", json, members, "requests");
        let mut requests = Vec::new();
        let mut expectations = Vec::new();
        let items = requests_json
            .map(|j| self.walker.array("$.requests", j, MAX_REQUESTS))
            .unwrap_or_default();
        for (path, item) in items {
            if let Some((request, expect)) = self.request(&path, item) {
                requests.push(request);
                expectations.push(expect);
            }
        }
        let (account, (instance, profile), _) = (account?, instance?, requests_json?);
        Some(Scenario {
            name,
            description,
            source,
            now,
            account,
            profile,
            instance,
            launcher,
            resource_policies,
            vpc_endpoints,
            organization,
            context,
            requests,
            expectations,
        })
    }
}

mod build;
#[cfg(test)]
mod tests;
