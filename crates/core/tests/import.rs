//! Importing the AWS CLI's IAM outputs: the walkthrough's account as
//! `get-account-authorization-details` prints it (`tests/import/`) imports into a scenario that
//! decides like the `ec2-app-server` preset; the single-object outputs give the same scenario;
//! each problem names its file, JSON path and place, and nothing half-imports; `who_can`
//! answers for every profile with the deciding statements placed in the imported file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::panic,
    reason = "a panic is a failed test"
)]

use iamplay_core::EvalDecision;
use iamplay_core::import::{ImportFile, ImportOptions, ImportProblem, Inventory, read, who_can};
use iamplay_core::managed::file_of;
use iamplay_core::scenario::{read_scenario_with, run_scenario};
use serde_json::Value;
use std::collections::BTreeMap;

const DUMP: &str = include_str!("../../../tests/import/account-authorization-details.json");
const PROFILE: &str = include_str!("../../../tests/import/get-instance-profile.json");
const ROLE: &str = include_str!("../../../tests/import/get-role.json");
const ATTACHED: &str = include_str!("../../../tests/import/list-attached-role-policies.json");
const POLICY: &str = include_str!("../../../tests/import/get-policy.json");
const VERSION: &str = include_str!("../../../tests/import/get-policy-version.json");
const NOW: &str = "2026-11-22T12:00:00Z";

/// The documents of the AWS managed policies `text` names anywhere, from the generated files.
fn managed(text: &str) -> BTreeMap<String, String> {
    let folder = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/managed-policies"
    ));
    text.match_indices("arn:aws:iam::aws:policy/")
        .filter_map(|(at, _)| {
            let arn: String = text[at..].chars().take_while(|c| *c != '"').collect();
            let file = file_of(&arn)?;
            Some((arn, std::fs::read_to_string(folder.join(file)).ok()?))
        })
        .collect()
}

fn import(files: &[(&str, &str)]) -> Inventory {
    let files: Vec<ImportFile<'_>> = files
        .iter()
        .map(|(name, text)| ImportFile { name, text })
        .collect();
    read(&files, &ImportOptions::default())
}

fn errors(result: Result<impl std::fmt::Debug, Vec<ImportProblem>>) -> Vec<ImportProblem> {
    result.expect_err("the import should fail")
}

/// The preset's decisions, and the imported scenario's for the preset's instance and requests.
fn decisions_like_preset(imported: &str) -> (Vec<EvalDecision>, Vec<EvalDecision>) {
    let preset = iamplay_core::presets::preset("ec2-app-server")
        .unwrap()
        .text;
    let mut scenario: Value = serde_json::from_str(imported).unwrap();
    let wanted: Value = serde_json::from_str(preset).unwrap();
    let profile = scenario["instance"]["instanceProfile"].clone();
    for key in ["instance", "requests", "now"] {
        scenario[key] = wanted[key].clone();
    }
    scenario["instance"]["instanceProfile"] = profile;
    let text = serde_json::to_string_pretty(&scenario).unwrap();
    let run = |text: &str| {
        let read = read_scenario_with(text, &managed(text));
        let scenario = read
            .scenario
            .unwrap_or_else(|| panic!("{:?}", read.problems));
        run_scenario(&scenario, NOW)
            .requests
            .iter()
            .map(|r| r.decision)
            .collect::<Vec<_>>()
    };
    (run(preset), run(&text))
}

#[test]
fn the_walkthrough_account_imports_into_a_scenario_that_decides_like_the_preset() {
    let inventory = import(&[("dump.json", DUMP)]);
    assert!(!inventory.has_errors(), "{:?}", inventory.problems);
    assert_eq!(
        inventory.profile_names(),
        ["EC2AppServerProfile", "WebServerProfile"]
    );
    let scenario = inventory
        .scenario(Some("EC2AppServerProfile"), &managed(DUMP))
        .unwrap();
    assert!(scenario.warnings.is_empty(), "{:?}", scenario.warnings);
    let (preset, imported) = decisions_like_preset(&scenario.text);
    assert_eq!(preset.len(), 9);
    assert_eq!(preset, imported);
    // Where each part came from is in the description; the policy's default version (v2) is
    // the one imported, not v1's `*`.
    let value: Value = serde_json::from_str(&scenario.text).unwrap();
    let description = value["description"].as_str().unwrap();
    assert!(description.contains("role `EC2AppServerRole` from dump.json $.RoleDetailList[0]"));
    assert!(description.contains("policy `EC2AppServerPolicy` from dump.json $.Policies[0]"));
    assert!(!scenario.text.contains("\"Action\": \"*\""));
    assert_eq!(value["account"]["roles"][0]["tags"]["team"], "app");
}

#[test]
fn the_single_object_outputs_give_the_same_scenario_as_the_whole_account() {
    let whole = import(&[("dump.json", DUMP)])
        .scenario(Some("EC2AppServerProfile"), &managed(DUMP))
        .unwrap();
    let parts = import(&[
        ("get-instance-profile.json", PROFILE),
        ("get-role.json", ROLE),
        ("list-attached-role-policies.json", ATTACHED),
        ("get-policy.json", POLICY),
        ("get-policy-version.json", VERSION),
    ]);
    let single = parts.scenario(None, &managed(DUMP)).unwrap();
    let strip = |text: &str| {
        let mut value: Value = serde_json::from_str(text).unwrap();
        value.as_object_mut().unwrap().remove("description");
        value
    };
    assert_eq!(strip(&whole.text), strip(&single.text));
    // A role from `get-role` may have inline policies no output listed: said, not hidden.
    assert_eq!(single.warnings.len(), 1);
    assert_eq!(single.warnings[0].diagnostic.code, "incomplete-role");
}

#[test]
fn url_encoded_documents_are_decoded_and_placed_at_their_string() {
    let inventory = import(&[("dump.json", DUMP)]);
    let web = inventory.role("WebServerRole").unwrap();
    let trust = web.trust.as_ref().unwrap();
    assert!(trust.text.starts_with("{\"Version\""), "{}", trust.text);
    let (_, inline) = &web.inline[0];
    let literal = DUMP
        .find("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Sid")
        .unwrap();
    assert_eq!(
        inline.origin.offset(25),
        literal - 1,
        "the place of the string, quote included"
    );
    let scenario = inventory
        .scenario(Some("WebServerProfile"), &managed(DUMP))
        .unwrap();
    let value: Value = serde_json::from_str(&scenario.text).unwrap();
    let role = &value["account"]["roles"][0];
    assert_eq!(role["path"], "/web/");
    assert_eq!(
        role["inlinePolicies"]["ReadReports"]["Statement"][0]["Sid"],
        "ReadReports"
    );
    assert_eq!(
        role["permissionsBoundary"],
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
    );
    assert_eq!(value["account"]["instanceProfiles"][0]["path"], "/web/");
}

#[test]
fn who_can_answers_for_every_profile_with_its_deciding_statement_in_the_file() {
    let inventory = import(&[("dump.json", DUMP)]);
    let put = who_can(
        &inventory,
        "s3:PutObject",
        "arn:aws:s3:::my-app-bucket/x",
        &managed(DUMP),
        NOW,
    );
    assert!(put.problems.is_empty(), "{:?}", put.problems);
    let summary: Vec<(&str, EvalDecision)> = put
        .answers
        .iter()
        .map(|a| (a.profile.as_str(), a.decision))
        .collect();
    assert_eq!(
        summary,
        [
            ("EC2AppServerProfile", EvalDecision::Allowed),
            ("WebServerProfile", EvalDecision::ImplicitDeny)
        ]
    );
    let deciding = &put.answers[0].deciding[0];
    assert_eq!(deciding.sid.as_deref(), Some("S3Access"));
    let at = deciding.origin.offset(deciding.span.start);
    let statement: String = DUMP[at..].split_whitespace().take(3).collect();
    assert_eq!(statement, "{\"Sid\":\"S3Access\",");
    // The role without a profile (BuildRole) is not an answer: no instance can have it.
    assert_eq!(put.answers.len(), 2);
}

#[test]
fn every_problem_names_its_file_path_and_place_and_nothing_half_imports() {
    let cases: [(&str, &str, &str, &str); 6] = [
        ("{\"Roles\": 3}", "wrong-type", "$.Roles", "3"),
        ("{\"Hello\": []}", "unknown-output", "$", "{\"Hello\": []}"),
        (
            "{\"RoleDetailList\": [], \"IsTruncated\": true, \"Marker\": \"x\"}",
            "truncated-output",
            "$.IsTruncated",
            "true",
        ),
        (
            "{\"Role\": {\"Arn\": \"arn:aws:iam::123456789012:role/R\"}}",
            "missing-field",
            "$.Role",
            "{\"Arn\": \"arn:aws:iam::123456789012:role/R\"}",
        ),
        (
            "{\"Role\": {\"RoleName\": \"R\", \"AssumeRolePolicyDocument\": \"%FF%FE\"}}",
            "invalid-document",
            "$.Role.AssumeRolePolicyDocument",
            "\"%FF%FE\"",
        ),
        ("{\"Roles\": [", "json-syntax", "$", ""),
    ];
    for (text, code, path, at) in cases {
        let inventory = import(&[("f.json", text)]);
        let problem = inventory
            .problems
            .first()
            .unwrap_or_else(|| panic!("no problem for {text}"));
        assert_eq!(
            (
                problem.diagnostic.code,
                problem.path.as_str(),
                problem.file.as_str()
            ),
            (code, path, "f.json"),
            "{text}"
        );
        let span = problem.diagnostic.span;
        assert_eq!(&text[span.start..span.end.min(text.len())], at, "{text}");
        assert!(
            inventory.scenario(None, &BTreeMap::new()).is_err(),
            "{text}"
        );
    }
}

#[test]
fn what_a_scenario_needs_and_the_import_lacks_is_an_error() {
    // The customer managed policy's document is missing.
    let without_policies = DUMP.replacen("\"Policies\": [", "\"Policies\": [], \"Ignored\": [", 1);
    let problems = errors(
        import(&[("d.json", &without_policies)])
            .scenario(Some("EC2AppServerProfile"), &managed(DUMP)),
    );
    assert_eq!(problems[0].diagnostic.code, "missing-document");
    assert!(
        problems[0]
            .diagnostic
            .message
            .contains("EC2AppServerPolicy")
    );
    // Several profiles and none chosen; a profile that is not there.
    let inventory = import(&[("d.json", DUMP)]);
    assert_eq!(
        errors(inventory.scenario(None, &managed(DUMP)))[0]
            .diagnostic
            .code,
        "choose-profile"
    );
    let missing = errors(inventory.scenario(Some("Nope"), &managed(DUMP)));
    assert_eq!(missing[0].diagnostic.code, "no-such-profile");
    assert!(
        missing[0]
            .diagnostic
            .help
            .as_deref()
            .unwrap()
            .contains("EC2AppServerProfile, WebServerProfile")
    );
    // `list-attached-role-policies` with two roles: whose policies are they?
    let two = import(&[("d.json", DUMP), ("a.json", ATTACHED)]);
    assert_eq!(two.problems[0].diagnostic.code, "ambiguous-output");
    assert_eq!(two.problems[0].file, "a.json");
    // A version that is not the default one.
    let old = VERSION.replace("\"IsDefaultVersion\": true", "\"IsDefaultVersion\": false");
    let parts = import(&[
        ("p.json", PROFILE),
        ("r.json", ROLE),
        ("a.json", ATTACHED),
        ("v.json", &old),
    ]);
    assert_eq!(parts.problems[0].diagnostic.code, "not-default-version");
}

#[test]
fn a_role_alone_gets_a_profile_named_after_it() {
    let inventory = import(&[
        ("r.json", ROLE),
        ("a.json", ATTACHED),
        ("p.json", POLICY),
        ("v.json", VERSION),
    ]);
    let scenario = inventory.scenario(None, &managed(DUMP)).unwrap();
    let value: Value = serde_json::from_str(&scenario.text).unwrap();
    assert_eq!(
        value["account"]["instanceProfiles"][0]["name"],
        "EC2AppServerRole"
    );
    assert_eq!(value["instance"]["instanceProfile"], "EC2AppServerRole");
    assert!(
        value["description"]
            .as_str()
            .unwrap()
            .contains("as the EC2 console names")
    );
    let (preset, imported) = decisions_like_preset(&scenario.text);
    assert_eq!(preset, imported);
}

/// Any cut and splice of the walkthrough's account, plan or template, and any text: the
/// import never panics, every problem is inside its file, and a scenario is made only when it
/// reads without errors.
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const TEMPLATE_YAML: &str = include_str!("../../../tests/import/walkthrough.yaml");
    const PLAN: &str = include_str!("../../../tests/import/walkthrough-plan.json");

    fn check(text: &str) {
        let inventory = import(&[("f.json", text)]);
        for p in &inventory.problems {
            assert!(p.diagnostic.span.end <= text.len(), "{p:?}");
            assert!(p.path.starts_with('$'), "{p:?}");
        }
        let names: Vec<String> = inventory
            .profile_names()
            .iter()
            .map(|n| (*n).to_owned())
            .collect();
        for name in names.iter().map(|n| Some(n.as_str())).chain([None]) {
            if let Ok(scenario) = inventory.scenario(name, &managed(DUMP)) {
                let read = read_scenario_with(&scenario.text, &managed(DUMP));
                assert!(read.scenario.is_some(), "{:?}", read.problems);
            }
        }
        let _ = who_can(
            &inventory,
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            &managed(DUMP),
            NOW,
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn a_spliced_account_never_panics(start in 0..DUMP.len(), len in 0usize..400, insert in "[\\[\\]{}\",:0-9a-zA-Z%\\\\ ]{0,12}") {
            let start = (0..=start).rev().find(|i| DUMP.is_char_boundary(*i)).unwrap_or(0);
            let end = (start + len).min(DUMP.len());
            let end = (end..=DUMP.len()).find(|i| DUMP.is_char_boundary(*i)).unwrap_or(DUMP.len());
            let text = format!("{}{insert}{}", &DUMP[..start], &DUMP[end..]);
            check(&text);
        }

        #[test]
        fn a_spliced_template_or_plan_never_panics(which in 0..2usize, start in 0usize..4000, len in 0usize..200, insert in "[\\[\\]{}\",:!&*|>#0-9a-zA-Z \n-]{0,12}") {
            let base = [TEMPLATE_YAML, PLAN][which];
            let start = (0..=start.min(base.len())).rev().find(|i| base.is_char_boundary(*i)).unwrap_or(0);
            let end = (start + len).min(base.len());
            let end = (end..=base.len()).find(|i| base.is_char_boundary(*i)).unwrap_or(base.len());
            check(&format!("{}{insert}{}", &base[..start], &base[end..]));
        }

        #[test]
        fn any_text_never_panics(text in "\\PC{0,200}") {
            check(&text);
        }
    }
}
