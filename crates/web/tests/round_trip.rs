//! Read ∘ print round trips of scenarios, as the playground prints them: the structured view
//! edits the document as a JSON tree and writes it out (`compose::write`), and the share link
//! carries the text. For scenarios generated from the presets and the scenario cases (names with
//! odd characters, requests, inline policies as objects or as strings), the written document reads
//! as the same scenario (the same problems, links, decisions and deciding statements), writing it
//! again changes nothing, and a share link gives back the very text. Native only, like proptest.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test setup: the presets and cases are valid JSON objects"
)]

use iamplay_core::scenario::{read_scenario_with, run_scenario};
use iamplay_web::{compose, share};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

const NOW: &str = "2026-01-01T00:00:00Z";

/// The scenarios the generated ones start from: the presets and the scenario cases.
fn bases() -> &'static [String] {
    static BASES: OnceLock<Vec<String>> = OnceLock::new();
    BASES.get_or_init(read_bases)
}

fn read_bases() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut texts: Vec<String> = iamplay_core::presets::PRESETS
        .iter()
        .map(|p| p.text.to_owned())
        .chain([iamplay_core::presets::NEW_SCENARIO.to_owned()])
        .collect();
    for folder in ["tests/scenarios", "tests/fixtures/scenarios"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .expect("scenario folder")
            .map(|e| e.expect("entry").path())
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("readable");
            // A scenario case holds its scenario under `scenario`.
            let value: Value = serde_json::from_str(&text).expect("JSON");
            match value.get("scenario") {
                Some(scenario) => texts.push(compose::write(scenario)),
                None => texts.push(text),
            }
        }
    }
    texts
}

/// The AWS managed policies the scenarios attach, from the generated data.
fn managed() -> &'static BTreeMap<String, String> {
    static MANAGED: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    MANAGED.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/data/managed-policies");
        bases()
            .iter()
            .flat_map(|t| iamplay_core::managed::references(t))
            .filter_map(|arn| {
                let file = iamplay_core::managed::file_of(&arn)?;
                Some((arn, std::fs::read_to_string(root.join(file)).ok()?))
            })
            .collect()
    })
}

/// What a scenario means, without where it is written: its problems, and each link's and
/// request's outcome with the statements that decided it.
fn meaning(text: &str, files: &BTreeMap<String, String>) -> Vec<String> {
    let read = read_scenario_with(text, files);
    let mut out: Vec<String> = read
        .problems
        .iter()
        .map(|p| format!("problem {} at {}", p.diagnostic.code, p.path))
        .collect();
    let Some(scenario) = read.scenario else {
        out.push("no scenario".to_owned());
        return out;
    };
    let outcome = run_scenario(&scenario, NOW);
    out.push(outcome.headline.clone());
    out.extend(outcome.links.iter().map(|l| format!("{} {}", l.name, l.ok)));
    for request in &outcome.requests {
        out.push(format!("{:?}", request.decision));
        if let Some(evaluation) = &request.evaluation {
            out.push(evaluation.summary.clone());
            out.extend(
                evaluation
                    .deciding
                    .iter()
                    .map(|s| format!("{} #{} {:?} {:?}", s.policy_name, s.index, s.sid, s.effect)),
            );
            out.push(evaluation.missing_context_keys.join(","));
        }
    }
    out
}

const NAMES: &[&str] = &[
    "app-role",
    "rôle \"quoted\" \\ back",
    "</script><img src=x onerror=alert(1)>",
    "tab\there",
    "😀",
    "",
];
const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "sts:GetCallerIdentity",
    "ec2:DescribeInstances",
    "iam:PassRole",
    "S3:getobject",
    "not an action",
];
const RESOURCES: &[&str] = &[
    "arn:aws:s3:::amzn-s3-demo-bucket/example.txt",
    "arn:aws:s3:::app-uploads/report.csv",
    "*",
    "arn:aws:iam::111122223333:role/app-role",
    "",
];
const EXPECT: &[&str] = &["allowed", "implicitDeny", "explicitDeny"];

fn pick(pool: &'static [&'static str]) -> BoxedStrategy<&'static str> {
    proptest::sample::select(pool).boxed()
}

fn request() -> impl Strategy<Value = Value> {
    (
        pick(ACTIONS),
        pick(RESOURCES),
        proptest::option::of(pick(EXPECT)),
    )
        .prop_map(|(action, resource, expect)| {
            let mut request = json!({"action": action, "resource": resource});
            if let Some(expect) = expect {
                request["expect"] = json!(expect);
            }
            request
        })
}

/// An inline policy, as a JSON object or as the text of one.
fn inline_policy() -> impl Strategy<Value = Value> {
    (pick(ACTIONS), pick(RESOURCES), any::<bool>(), any::<bool>()).prop_map(
        |(action, resource, deny, as_text)| {
            let policy = json!({"Version": "2012-10-17", "Statement": [{
                "Sid": "Generated", "Effect": if deny { "Deny" } else { "Allow" },
                "Action": action, "Resource": resource}]});
            if as_text {
                Value::String(serde_json::to_string_pretty(&policy).expect("JSON prints"))
            } else {
                policy
            }
        },
    )
}

/// A scenario: a base, perhaps renamed, its requests perhaps replaced, an inline policy perhaps
/// added to its first role, written compactly or as the base was.
fn scenario() -> impl Strategy<Value = String> {
    let count = bases().len();
    (
        0..count,
        proptest::option::of(pick(NAMES)),
        proptest::option::of(proptest::collection::vec(request(), 0..4)),
        proptest::option::of(inline_policy()),
        any::<bool>(),
    )
        .prop_map(|(base, name, requests, inline, compact)| {
            let text = bases()[base].clone();
            if name.is_none() && requests.is_none() && inline.is_none() && !compact {
                return text;
            }
            let mut value: Value = serde_json::from_str(&text).expect("JSON");
            if let Some(name) = name {
                value["name"] = json!(name);
            }
            if let Some(requests) = requests {
                value["requests"] = Value::Array(requests);
            }
            if let (Some(inline), Some(role)) = (
                inline,
                value["account"]["roles"]
                    .as_array_mut()
                    .and_then(|r| r.first_mut()),
            ) {
                role["inlinePolicies"]["Generated"] = inline;
            }
            if compact {
                value.to_string()
            } else {
                compose::write(&value)
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn a_scenario_written_by_the_playground_reads_as_the_same_scenario(text in scenario()) {
        let files = managed();
        let written = compose::write(&compose::parse(&text).expect("JSON"));
        prop_assert_eq!(meaning(&written, files), meaning(&text, files));
        let again = compose::write(&compose::parse(&written).expect("JSON"));
        prop_assert_eq!(&again, &written);
        if text.len() <= share::MAX_SHARED_BYTES {
            let link = share::fragment(&text).expect("within the share limit");
            prop_assert_eq!(share::read_link(&link), Some(Ok(text.clone())));
        }
    }
}

#[test]
fn the_meaning_compared_is_not_empty() {
    // Every preset reads, and its meaning holds decisions and deciding statements, so the round
    // trip above compares something.
    for preset in iamplay_core::presets::PRESETS {
        let meaning = meaning(preset.text, managed());
        assert!(!meaning.iter().any(|l| l == "no scenario"), "{}", preset.id);
        assert!(
            meaning.iter().any(|l| l.contains(" #")),
            "{}: {meaning:?}",
            preset.id
        );
    }
    // A changed request changes the meaning.
    let text = iamplay_core::presets::PRESETS[0].text;
    let mut value: Value = serde_json::from_str(text).expect("JSON");
    value["requests"] = json!([{"action": "iam:CreateUser", "resource": "*"}]);
    assert_ne!(
        meaning(&value.to_string(), managed()),
        meaning(text, managed())
    );
}
