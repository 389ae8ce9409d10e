//! The IAM policy document schema in `crates/core/schema/`, which the site publishes for
//! editors, agrees with the policy reader: it accepts every one of AWS's managed policies and
//! every lint case's policy without the finding, and what it refuses, the reader refuses too
//! (with an error). A schema cannot see everything the reader does (the policy's type, AWS's
//! catalogue, sizes), so the reader refuses more.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test setup: a panic is a failed test"
)]

use iamplay_core::Severity;
use std::path::Path;

fn validator() -> jsonschema::Validator {
    let text = include_str!("../schema/policy-v1.schema.json");
    let schema: serde_json::Value = serde_json::from_str(text).expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the schema is a valid draft 2020-12 schema")
}

fn json_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "json") {
            found.push(path);
        }
    }
}

#[test]
fn every_aws_managed_policy_is_valid_against_the_schema() {
    let validator = validator();
    let mut files = Vec::new();
    json_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data/managed-policies/policy"),
        &mut files,
    );
    assert!(files.len() > 1_500, "{} managed policies", files.len());
    let refused: Vec<String> = files
        .iter()
        .filter(|path| {
            let document: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            !validator.is_valid(&document)
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(refused.is_empty(), "{refused:#?}");
}

#[test]
fn the_schema_refuses_only_what_the_reader_refuses_with_an_error() {
    let validator = validator();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/lint");
    let (mut accepted, mut refused) = (0, 0);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if let Some(absent) = case.get("absent").filter(|a| a.get("Statement").is_some()) {
            assert!(
                validator.is_valid(absent),
                "{}: the policy without the finding",
                path.display()
            );
            accepted += 1;
        }
        let Some(finding) = case.get("finding").filter(|f| f.get("Statement").is_some()) else {
            continue;
        };
        if !validator.is_valid(finding) {
            let kind = case["policyType"]
                .as_str()
                .unwrap_or("identity")
                .parse()
                .unwrap();
            let report = iamplay_core::report::lint(&finding.to_string(), Some(kind));
            assert!(
                report.count(Severity::Error) > 0,
                "{}: the schema refuses a policy the reader accepts",
                path.display()
            );
            refused += 1;
        }
    }
    assert!(
        accepted > 80 && refused >= 8,
        "{accepted} accepted, {refused} refused"
    );
}
