//! The answer case files (`tests/answers/**/*.json`): a scenario (a preset or written out),
//! the answer asked (`fix`, `discover`, `who-can-get`, `exfiltration`), what it must say, and
//! the AWS page the behaviour comes from. Every answer is checked again here, apart from the
//! engine's own checks: each fix's scenario is read and simulated from its text and reviewed
//! over the whole catalogue, each discovered set of values is put in the scenario and
//! simulated, each path to the credentials is run as the chain's launch, and each guard's
//! scenario is asked the calls the credentials could make from outside.

use iamplay_core::access::{diff, session_subject};
use iamplay_core::answers::{self, Ground};
use iamplay_core::chain::{ChainRequest, Launcher};
use iamplay_core::decision::EvalDecision;
use iamplay_core::scenario::{Scenario, read_scenario_with, run_scenario};
use iamplay_core::{ContextKeyType, ContextValue};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerCase {
    #[allow(dead_code, reason = "documentation for readers of the case")]
    description: String,
    source: String,
    now: String,
    #[serde(default)]
    preset: Option<String>,
    #[serde(default)]
    scenario: Option<Value>,
    answer: String,
    #[serde(default)]
    request: Option<usize>,
    expect: Value,
}

fn managed(text: &str) -> BTreeMap<String, String> {
    let folder = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/managed-policies"
    ));
    iamplay_core::managed::read_folder(folder, text)
}

fn build(text: &str) -> Result<Scenario, String> {
    let read = read_scenario_with(text, &managed(text));
    read.scenario
        .ok_or_else(|| format!("the scenario has problems: {:?}", read.problems))
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Runs one answer case.
pub fn run_answer_case(text: &str) -> Result<(), String> {
    let case: AnswerCase =
        serde_json::from_str(text).map_err(|e| format!("bad answer case: {e}"))?;
    if !case.source.starts_with("https://docs.aws.amazon.com/")
        && !case
            .source
            .starts_with("https://aws.amazon.com/blogs/security/")
    {
        return Err("`source` must cite an AWS documentation page".to_owned());
    }
    let scenario_text = match (&case.preset, &case.scenario) {
        (Some(id), None) => iamplay_core::presets::preset(id)
            .ok_or_else(|| format!("no preset `{id}`"))?
            .text
            .to_owned(),
        (None, Some(value)) => serde_json::to_string_pretty(value).map_err(|e| e.to_string())?,
        _ => return Err("give `preset` or `scenario`".to_owned()),
    };
    let scenario = build(&scenario_text)?;
    let documents = managed(&scenario_text);
    let ground = Ground {
        text: &scenario_text,
        scenario: &scenario,
        now: &case.now,
        managed: &documents,
    };
    match case.answer.as_str() {
        "fix" => fix(ground, case.request.unwrap_or(0), &case.expect),
        "discover" => discover(ground, case.request.unwrap_or(0), &case.expect),
        "who-can-get" => who_can_get(ground, &case.expect),
        "exfiltration" => exfiltration(ground, &case.expect),
        "tighten" => tighten(ground, &case.expect),
        other => Err(format!("unknown answer `{other}`")),
    }
}

fn fix(ground: Ground<'_>, index: usize, expect: &Value) -> Result<(), String> {
    let answer = answers::fixes(ground, index).ok_or("no such request")?;
    let kinds: Vec<&str> = answer.fixes.iter().map(|f| f.kind.id()).collect();
    for wanted in strings(expect.get("kinds")) {
        if !kinds.contains(&wanted.as_str()) {
            return Err(format!(
                "no `{wanted}` fix among {kinds:?}; dropped: {:?}",
                answer.dropped
            ));
        }
    }
    if let Some(first) = expect.get("first").and_then(Value::as_str) {
        if kinds.first() != Some(&first) {
            return Err(format!("the first fix is not `{first}`: {kinds:?}"));
        }
    }
    for f in &answer.fixes {
        // Simulated again from its own text.
        let scenario = build(&f.scenario)?;
        let outcome = run_scenario(&scenario, ground.now);
        let chain_fix = matches!(f.kind.id(), "trust-ec2" | "launch");
        let ok = if chain_fix {
            outcome.links.iter().all(|l| l.ok)
        } else {
            outcome.requests.get(index).map(|r| r.decision) == Some(EvalDecision::Allowed)
        };
        if !ok {
            return Err(format!("`{}` does not allow the request", f.title));
        }
        // Reviewed over the whole catalogue: nothing granted that the fix does not list.
        if matches!(
            f.kind.id(),
            "set-context" | "imdsv2" | "trust-ec2" | "launch"
        ) {
            continue;
        }
        let mut old = session_subject(ground.scenario, run_scenario(ground.scenario, ground.now))?;
        let mut new = session_subject(&scenario, outcome)?;
        let review = diff(&mut old, &mut new);
        let listed: Vec<String> = f.grants.iter().map(|g| g.describe()).collect();
        for granted in &review.granted {
            if !listed.contains(&granted.describe()) {
                return Err(format!(
                    "`{}` grants {}:{}, which it does not list",
                    f.title,
                    granted.service,
                    granted.describe()
                ));
            }
        }
    }
    if let Some(n) = expect.get("firstGrants").and_then(Value::as_u64) {
        let first = answer.fixes.first().map_or(0, |f| f.grants.len());
        if first as u64 != n {
            return Err(format!("the first fix grants {first}, not {n}"));
        }
    }
    Ok(())
}

fn discover(ground: Ground<'_>, index: usize, expect: &Value) -> Result<(), String> {
    let found = answers::discover(ground, index).ok_or("no such request")?;
    if expect.get("none").and_then(Value::as_bool) == Some(true) {
        return match found.solutions.first() {
            None => Ok(()),
            Some(s) => Err(format!("a solution was found: {s:?}")),
        };
    }
    let first = found
        .solutions
        .first()
        .ok_or(format!("no solution: {:?}", found.note))?;
    for wanted in expect
        .get("keys")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let key = wanted
            .get("key")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let value = first
            .values
            .iter()
            .find(|v| v.key.eq_ignore_ascii_case(key))
            .ok_or(format!("the first solution does not name `{key}`"))?;
        if let Some(when) = wanted.get("allowedWhen").and_then(Value::as_str) {
            if value.bounds_text() != when {
                return Err(format!(
                    "`{key}` is allowed when {}, not {when}",
                    value.bounds_text()
                ));
            }
        }
    }
    // Each solution's values, put in the scenario, allow the request.
    for solution in &found.solutions {
        let mut scenario = ground.scenario.clone();
        for v in &solution.values {
            let Some(values) = &v.witness else { continue };
            let mut value = ContextValue::typed(
                ContextKeyType::String,
                values.first().cloned().unwrap_or_default(),
            );
            value.values.clone_from(values);
            if v.set_by_ec2 {
                scenario.context.insert(&v.key, value);
            } else if let Some(request) = scenario.requests.get_mut(index) {
                request.context.insert(&v.key, value);
            }
        }
        let decision = run_scenario(&scenario, ground.now)
            .requests
            .get(index)
            .map(|r| r.decision);
        if decision != Some(EvalDecision::Allowed) {
            return Err(format!(
                "the values {:?} do not allow the request",
                solution.values
            ));
        }
    }
    Ok(())
}

fn who_can_get(ground: Ground<'_>, expect: &Value) -> Result<(), String> {
    let answer = answers::who_can_get(ground);
    if let Some(wanted) = expect.get("canGet").and_then(Value::as_object) {
        for (name, paths) in wanted {
            let principal = answer
                .principals
                .iter()
                .find(|p| p.name == *name)
                .ok_or(format!("no principal `{name}`"))?;
            let reachable: Vec<&str> = principal
                .paths
                .iter()
                .filter(|p| p.reachable)
                .map(|p| p.kind.id())
                .collect();
            let wanted: Vec<String> = strings(Some(paths));
            if reachable != wanted {
                return Err(format!("`{name}` reaches {reachable:?}, not {wanted:?}"));
            }
        }
    }
    for name in strings(expect.get("cannot")) {
        if answer
            .principals
            .iter()
            .any(|p| p.name == name && p.can_get())
        {
            return Err(format!("`{name}` can get the credentials"));
        }
    }
    // The launch paths, run again as the chain's launch link with the principal as launcher.
    let account = &ground.scenario.account;
    for principal in &answer.principals {
        let (policies, boundary) = if principal.kind == "launcher" {
            let l = ground.scenario.launcher.as_ref().ok_or("no launcher")?;
            (l.policies.clone(), l.boundary.clone())
        } else {
            let role = account.role(&principal.name).map_err(|e| e.to_string())?;
            let mut warnings = Vec::new();
            let set = iamplay_core::chain::role_policies(
                account,
                role,
                &ground.scenario.organization,
                &mut warnings,
            );
            (set.identity, set.boundary)
        };
        for path in &principal.paths {
            let actions: Vec<String> = path
                .steps
                .iter()
                .map(|s| s.action.clone())
                .filter(|a| a != "iam:PassRole")
                .collect();
            let on_instances = path
                .steps
                .iter()
                .all(|s| s.action == "iam:PassRole" || s.resource.contains(":instance/"));
            if !on_instances {
                continue;
            }
            let mut scenario = ground.scenario.clone();
            scenario.launcher = Some(Launcher {
                principal: principal.arn.clone(),
                policies: policies.clone(),
                boundary: boundary.clone(),
                actions,
            });
            scenario.requests.clear();
            let outcome = run_scenario(&scenario, ground.now);
            let launched = outcome
                .links
                .iter()
                .find(|l| l.name == "launch")
                .is_some_and(|l| l.ok);
            if launched != path.reachable {
                return Err(format!(
                    "`{}` by `{}`: the chain's launch says {launched}",
                    path.kind.id(),
                    principal.name
                ));
            }
        }
    }
    Ok(())
}

fn exfiltration(ground: Ground<'_>, expect: &Value) -> Result<(), String> {
    let answer = answers::exfiltration(ground);
    let guards: Vec<&str> = answer.guards.iter().map(|g| g.kind.id()).collect();
    if guards
        != strings(expect.get("guards"))
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    {
        return Err(format!("guards {guards:?}"));
    }
    let internet = answer
        .vantages
        .iter()
        .find(|v| v.id == "internet")
        .ok_or("no internet vantage")?;
    if let Some(n) = expect.get("internetActions").and_then(Value::as_u64) {
        if internet.summary.actions.len() as u64 != n {
            return Err(format!(
                "{} actions from the internet, not {n}",
                internet.summary.actions.len()
            ));
        }
    }
    // Calls the credentials could make from the internet, asked again with each guard.
    let calls: Vec<ChainRequest> = internet
        .summary
        .actions
        .iter()
        .take(25)
        .map(|a| ChainRequest {
            action: a.name(),
            resource: a
                .resources
                .first()
                .map_or("*".to_owned(), |(r, _)| r.clone()),
            context: Default::default(),
            endpoint: None,
        })
        .collect();
    let mut plain = ground.scenario.clone();
    plain.requests.clone_from(&calls);
    let before = run_scenario(&plain, ground.now);
    if calls.is_empty()
        || before
            .requests
            .iter()
            .any(|r| r.decision != EvalDecision::Allowed)
    {
        return Err("the calls from outside are not all allowed without a guard".to_owned());
    }
    for guard in &answer.guards {
        let mut guarded = build(&guard.scenario)?;
        guarded.requests.clone_from(&calls);
        let after = run_scenario(&guarded, ground.now);
        if let Some(allowed) = after
            .requests
            .iter()
            .find(|r| r.decision == EvalDecision::Allowed)
        {
            return Err(format!(
                "with `{}`, {} is still allowed",
                guard.title, allowed.request.action
            ));
        }
    }
    Ok(())
}

fn tighten(ground: Ground<'_>, expect: &Value) -> Result<(), String> {
    let found = answers::tightenings(ground);
    let wanted = expect.get("count").and_then(Value::as_u64).unwrap_or(1);
    if found.len() as u64 != wanted {
        return Err(format!("{} tightenings, not {wanted}", found.len()));
    }
    let base = run_scenario(ground.scenario, ground.now);
    for t in &found {
        let scenario = build(&t.scenario)?;
        let outcome = run_scenario(&scenario, ground.now);
        for (i, r) in base.requests.iter().enumerate() {
            let expected = ground.scenario.expectations.get(i).copied().flatten();
            let must_stay = expected.map_or(r.decision == EvalDecision::Allowed, |e| {
                e == EvalDecision::Allowed
            });
            let now = outcome.requests.get(i).map(|r| r.decision);
            if must_stay && now != Some(EvalDecision::Allowed) {
                return Err(format!("`{}` denies request {i}", t.title));
            }
        }
        let mut old = session_subject(ground.scenario, base.clone())?;
        let mut new = session_subject(&scenario, outcome)?;
        let review = diff(&mut old, &mut new);
        if let Some(g) = review.granted.first() {
            return Err(format!(
                "`{}` grants {}:{}",
                t.title,
                g.service,
                g.describe()
            ));
        }
        if review.removed.is_empty() {
            return Err(format!("`{}` removes nothing", t.title));
        }
        for wanted in strings(expect.get("actions")) {
            if !t.after.contains(&format!("\"{wanted}\"")) {
                return Err(format!("`{}` does not name {wanted}", t.title));
            }
        }
    }
    Ok(())
}
