//! The JSON reports of the answers beyond allowed or denied (`crate::answers`): fixes,
//! discovery, who can get the credentials, exfiltration. One typed shape for the CLI's
//! `--output json` and the JS package.

use super::json::{problem, statement as place_json, value};
use super::wire::{Problem, StatementRef};
use super::{Placer, problems};
use crate::answers::{self, Ground};
use crate::managed::ManagedPolicies;
use crate::scenario::read_scenario_with;
use crate::span::LineIndex;
use serde::Serialize;
use serde_json::Value;

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct DiffLine {
    /// `" "` kept, `"-"` removed, `"+"` added.
    pub tag: String,
    /// The line.
    pub text: String,
}

/// A checked fix.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Fix {
    /// `add-action`, `add-resource`, `add-principal`, `add-statement`, `add-policy`,
    /// `remove-deny-action`, `remove-deny`, `trust-ec2`, `launch`, `set-context`, `imdsv2`,
    /// `tighten`.
    pub kind: String,
    /// What it does.
    pub title: String,
    /// The JSON path of what it edits in the scenario.
    pub path: String,
    /// The change, with context.
    pub diff: Vec<DiffLine>,
    /// The whole scenario with the change made.
    pub scenario: String,
    /// The request's decision with it.
    pub decision: String,
    /// The new access the change review finds.
    pub grants: Vec<String>,
    /// The access it removes.
    pub removes: Vec<String>,
}

/// The fixes of one request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RequestFixes {
    /// The request, from 0.
    pub request: usize,
    pub action: String,
    pub resource: String,
    /// Its decision now.
    pub decision: String,
    /// Checked fixes, smallest first.
    pub fixes: Vec<Fix>,
    /// How many candidates were simulated.
    pub tried: usize,
    /// The candidates dropped, and why.
    pub dropped: Vec<String>,
}

/// `fix`'s result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct FixResult {
    /// The scenario's name.
    pub scenario: String,
    /// Its problems (nothing is answered when it has errors).
    pub problems: Vec<Problem>,
    /// Each denied request asked about.
    pub requests: Vec<RequestFixes>,
    /// Tightenings of over-broad grants that keep every expected request allowed.
    pub tightenings: Vec<Fix>,
}

/// One condition's bound on a key.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Bound {
    pub operator: String,
    pub values: Vec<String>,
    /// A Deny's condition, which must fail.
    pub negated: bool,
    /// In words: `= vpc-1`, `≥ 2.0`.
    pub text: String,
    /// `policy · statement`.
    pub statement: String,
}

/// A key's values in a solution.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct KeyValues {
    pub key: String,
    /// Every bound, in words.
    pub allowed_when: String,
    pub bounds: Vec<Bound>,
    /// The value simulated (`null`: absent).
    pub witness: Option<Vec<String>>,
    /// EC2 sets it: it changes on the instance, not in a request.
    pub set_by_ec2: bool,
}

/// Values under which the request is allowed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Solution {
    pub values: Vec<KeyValues>,
    /// The statements relied on, and the Denies escaped.
    pub statements: Vec<String>,
}

/// One condition and whether it holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct TruthRow {
    pub statement: String,
    pub effect: String,
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
    /// The request's values (`null`: absent).
    pub request: Option<Vec<String>>,
    pub holds: bool,
}

/// Discovery for one request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RequestDiscovery {
    pub request: usize,
    pub action: String,
    pub resource: String,
    pub decision: String,
    pub solutions: Vec<Solution>,
    pub truth: Vec<TruthRow>,
    pub note: Option<String>,
}

/// `discover`'s result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct DiscoverResult {
    pub scenario: String,
    pub problems: Vec<Problem>,
    pub requests: Vec<RequestDiscovery>,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PathStep {
    pub action: String,
    pub resource: String,
    pub decision: String,
    pub summary: String,
    pub deciding: Vec<StatementRef>,
}

/// One path for one principal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ReachPath {
    pub kind: String,
    pub title: String,
    pub reachable: bool,
    pub steps: Vec<PathStep>,
    pub note: Option<String>,
}

/// A principal and its paths.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Principal {
    pub arn: String,
    /// `launcher` or `role`.
    pub kind: String,
    pub name: String,
    pub can_get: bool,
    pub paths: Vec<ReachPath>,
}

/// `who-can-get`'s result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct WhoCanGetResult {
    pub scenario: String,
    pub problems: Vec<Problem>,
    pub profile: String,
    pub role: Option<String>,
    pub principals: Vec<Principal>,
    pub warnings: Vec<String>,
}

/// A network key of a vantage's calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct NetworkKey {
    pub key: String,
    /// `null`: absent.
    pub value: Option<String>,
}

/// What the credentials may do from one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Vantage {
    /// `instance`, `internet`, `other-vpc`.
    pub id: String,
    pub title: String,
    pub network: Vec<NetworkKey>,
    /// How many actions are allowed.
    pub actions: usize,
    /// Each, `service:Action [where]`.
    pub allowed: Vec<String>,
}

/// How many actions a place outside keeps with a guard.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Remaining {
    pub vantage: String,
    pub actions: usize,
}

/// A guard, worked out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Guard {
    /// `source-vpc`, `source-private-ip`, `imdsv2`.
    pub kind: String,
    pub title: String,
    /// Where it is added.
    pub path: String,
    /// The statement.
    pub statement: String,
    /// The scenario with it.
    pub scenario: String,
    pub remaining: Vec<Remaining>,
    /// Requests of the scenario it denies from the instance.
    pub breaks: Vec<String>,
}

/// `exfiltration`'s result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ExfiltrationResult {
    pub scenario: String,
    pub problems: Vec<Problem>,
    pub session: String,
    pub vantages: Vec<Vantage>,
    pub guards: Vec<Guard>,
    pub note: Option<String>,
}

/// The TypeScript declarations of these types.
#[cfg(feature = "typescript")]
pub fn declarations() -> Vec<String> {
    use ts_rs::TS;
    vec![
        DiffLine::decl(),
        Fix::decl(),
        RequestFixes::decl(),
        FixResult::decl(),
        Bound::decl(),
        KeyValues::decl(),
        Solution::decl(),
        TruthRow::decl(),
        RequestDiscovery::decl(),
        DiscoverResult::decl(),
        PathStep::decl(),
        ReachPath::decl(),
        Principal::decl(),
        WhoCanGetResult::decl(),
        NetworkKey::decl(),
        Vantage::decl(),
        Remaining::decl(),
        Guard::decl(),
        ExfiltrationResult::decl(),
    ]
}

fn fix(f: &answers::Fix) -> Fix {
    Fix {
        kind: f.kind.id().to_owned(),
        title: f.title.clone(),
        path: f.path.clone(),
        diff: f
            .diff
            .iter()
            .map(|l| DiffLine {
                tag: l.tag.to_string(),
                text: l.text.clone(),
            })
            .collect(),
        scenario: f.scenario.clone(),
        decision: f.decision.as_str().to_owned(),
        grants: f
            .grants
            .iter()
            .map(|g| format!("{}:{}", g.service, g.describe()))
            .collect(),
        removes: f
            .removes
            .iter()
            .map(|g| format!("{}:{}", g.service, g.describe()))
            .collect(),
    }
}

/// Reads the scenario and answers with `answer` when it builds; the problems otherwise.
fn with_scenario<T>(
    text: &str,
    now: &str,
    managed: &dyn ManagedPolicies,
    answer: impl FnOnce(Ground<'_>) -> T,
) -> (String, Vec<Problem>, Option<T>) {
    let read = read_scenario_with(text, managed);
    let problems: Vec<Problem> = problems(text, &read).iter().map(problem).collect();
    match &read.scenario {
        Some(scenario) => {
            let ground = Ground {
                text,
                scenario,
                now,
                managed,
            };
            (scenario.name.clone(), problems, Some(answer(ground)))
        }
        None => (String::new(), problems, None),
    }
}

/// The requests to answer for: `request` when given, else every request not allowed (those the
/// scenario expects to be denied too: what would allow them is worth knowing).
fn asked(ground: &Ground<'_>, request: Option<usize>) -> Vec<usize> {
    match request {
        Some(i) => vec![i],
        None => ground
            .run()
            .requests
            .iter()
            .enumerate()
            .filter(|(_, r)| r.decision != crate::decision::EvalDecision::Allowed)
            .map(|(i, _)| i)
            .collect(),
    }
}

/// The checked fixes of request `request` (from 0), or of every request not allowed, and the
/// tightenings of the scenario's over-broad grants.
pub fn fix_result(
    text: &str,
    now: &str,
    managed: &dyn ManagedPolicies,
    request: Option<usize>,
) -> FixResult {
    let (scenario, problems, answer) = with_scenario(text, now, managed, |ground| {
        let requests: Vec<RequestFixes> = asked(&ground, request)
            .into_iter()
            .filter_map(|i| answers::fixes(ground, i))
            .map(|a| RequestFixes {
                request: a.request,
                action: a.action,
                resource: a.resource,
                decision: a.decision.as_str().to_owned(),
                fixes: a.fixes.iter().map(fix).collect(),
                tried: a.tried,
                dropped: a.dropped,
            })
            .collect();
        let tightenings = answers::tightenings(ground).iter().map(fix).collect();
        (requests, tightenings)
    });
    let (requests, tightenings) = answer.unwrap_or_default();
    FixResult {
        scenario,
        problems,
        requests,
        tightenings,
    }
}

/// The conditions under which request `request` (or every request not allowed) is allowed.
pub fn discover_result(
    text: &str,
    now: &str,
    managed: &dyn ManagedPolicies,
    request: Option<usize>,
) -> DiscoverResult {
    let (scenario, problems, requests) = with_scenario(text, now, managed, |ground| {
        asked(&ground, request)
            .into_iter()
            .filter_map(|i| answers::discover(ground, i))
            .map(|d| RequestDiscovery {
                request: d.request,
                action: d.action,
                resource: d.resource,
                decision: d.decision.as_str().to_owned(),
                solutions: d
                    .solutions
                    .iter()
                    .map(|s| Solution {
                        values: s
                            .values
                            .iter()
                            .map(|v| KeyValues {
                                key: v.key.clone(),
                                allowed_when: v.bounds_text(),
                                bounds: v
                                    .bounds
                                    .iter()
                                    .map(|b| Bound {
                                        operator: b.operator.clone(),
                                        values: b.values.clone(),
                                        negated: b.negated,
                                        text: b.text.clone(),
                                        statement: b.statement.clone(),
                                    })
                                    .collect(),
                                witness: v.witness.clone(),
                                set_by_ec2: v.set_by_ec2,
                            })
                            .collect(),
                        statements: s.statements.clone(),
                    })
                    .collect(),
                truth: d
                    .truth
                    .iter()
                    .map(|t| TruthRow {
                        statement: t.statement.clone(),
                        effect: t.effect.to_string(),
                        operator: t.operator.clone(),
                        key: t.key.clone(),
                        values: t.values.clone(),
                        request: t.request.clone(),
                        holds: t.holds,
                    })
                    .collect(),
                note: d.note,
            })
            .collect()
    });
    DiscoverResult {
        scenario,
        problems,
        requests: requests.unwrap_or_default(),
    }
}

/// Who can get the credentials of the scenario's instance profile.
pub fn who_can_get_result(text: &str, now: &str, managed: &dyn ManagedPolicies) -> WhoCanGetResult {
    let (scenario, problems, answer) = with_scenario(text, now, managed, |ground| {
        let answer = answers::who_can_get(ground);
        let placer = Placer {
            scenario: ground.scenario,
            index: LineIndex::new(text),
        };
        let principals = answer
            .principals
            .iter()
            .map(|p| Principal {
                arn: p.arn.clone(),
                kind: p.kind.to_owned(),
                name: p.name.clone(),
                can_get: p.can_get(),
                paths: p
                    .paths
                    .iter()
                    .map(|path| ReachPath {
                        kind: path.kind.id().to_owned(),
                        title: path.kind.title().to_owned(),
                        reachable: path.reachable,
                        steps: path
                            .steps
                            .iter()
                            .map(|s| PathStep {
                                action: s.action.clone(),
                                resource: s.resource.clone(),
                                decision: s.decision.as_str().to_owned(),
                                summary: s.summary.clone(),
                                deciding: s
                                    .deciding
                                    .iter()
                                    .map(|d| place_json(&placer.place(d, None)))
                                    .collect(),
                            })
                            .collect(),
                        note: path.note.clone(),
                    })
                    .collect(),
            })
            .collect();
        (answer.profile, answer.role, principals, answer.warnings)
    });
    let (profile, role, principals, warnings) = answer.unwrap_or_default();
    WhoCanGetResult {
        scenario,
        problems,
        profile,
        role,
        principals,
        warnings,
    }
}

/// What the instance's credentials can do from outside it, and the guards that stop it.
pub fn exfiltration_result(
    text: &str,
    now: &str,
    managed: &dyn ManagedPolicies,
) -> ExfiltrationResult {
    let (scenario, problems, answer) = with_scenario(text, now, managed, answers::exfiltration);
    let mut result = ExfiltrationResult {
        scenario,
        problems,
        session: String::new(),
        vantages: Vec::new(),
        guards: Vec::new(),
        note: None,
    };
    let Some(answer) = answer else {
        return result;
    };
    result.session = answer.session;
    result.note = answer.note;
    result.vantages = answer
        .vantages
        .iter()
        .map(|v| Vantage {
            id: v.id.to_owned(),
            title: v.title.to_owned(),
            network: v
                .network
                .iter()
                .map(|(key, value)| NetworkKey {
                    key: key.clone(),
                    value: value.clone(),
                })
                .collect(),
            actions: v.summary.actions.len(),
            allowed: v
                .summary
                .actions
                .iter()
                .map(|a| format!("{}:{}", a.service, a.describe()))
                .collect(),
        })
        .collect();
    result.guards = answer
        .guards
        .iter()
        .map(|g| Guard {
            kind: g.kind.id().to_owned(),
            title: g.title.clone(),
            path: g.path.clone(),
            statement: g.statement.clone(),
            scenario: g.scenario.clone(),
            remaining: g
                .remaining
                .iter()
                .map(|(vantage, actions)| Remaining {
                    vantage: (*vantage).to_owned(),
                    actions: *actions,
                })
                .collect(),
            breaks: g.breaks.clone(),
        })
        .collect();
    result
}

/// [`fix_result`] as a JSON value.
pub fn fix_report(
    text: &str,
    now: &str,
    managed: &dyn ManagedPolicies,
    request: Option<usize>,
) -> Value {
    value(&fix_result(text, now, managed, request))
}

/// [`discover_result`] as a JSON value.
pub fn discover_report(
    text: &str,
    now: &str,
    managed: &dyn ManagedPolicies,
    request: Option<usize>,
) -> Value {
    value(&discover_result(text, now, managed, request))
}

/// [`who_can_get_result`] as a JSON value.
pub fn who_can_get_report(text: &str, now: &str, managed: &dyn ManagedPolicies) -> Value {
    value(&who_can_get_result(text, now, managed))
}

/// [`exfiltration_result`] as a JSON value.
pub fn exfiltration_report(text: &str, now: &str, managed: &dyn ManagedPolicies) -> Value {
    value(&exfiltration_result(text, now, managed))
}
