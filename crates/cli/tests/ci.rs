//! What a CI job runs: `validate-policy` over several files and patterns (text, JSON, SARIF),
//! `simulate` over several scenarios, and `check`, which runs scenarios' expected decisions
//! as a test.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test helpers: a panic is a failed test"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn iamplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iamplay-ci-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

const CLEAN: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]}"#;
/// The walkthrough's queue statement: an error (`resource-type-mismatch`) on line 4.
const QUEUE: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\",\n    \"Action\": \"sqs:SendMessage\", \"Resource\": \"arn:aws:s3:::my-app-queue\"}]\n}\n";
/// A suggestion only (`action-case`).
const CASE: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:sendmessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]}"#;

#[test]
fn validate_policy_lints_every_file_a_pattern_names() {
    let dir = folder("patterns");
    write(&dir, "policies/a.json", CLEAN);
    let queue = write(&dir, "policies/team/queue.json", QUEUE);
    write(&dir, "policies/notes.txt", "not a policy");
    let pattern = format!("{}/policies/**/*.json", dir.display());
    let output = iamplay(&["validate-policy", &pattern, "--output", "json"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{value}");
    assert_eq!(findings[0]["file"], queue.as_str());
    assert_eq!(findings[0]["issueCode"], "resource-type-mismatch");
    assert_eq!(findings[0]["line"], 4);

    // Text names each file with its counts; the worst file decides the exit status.
    let case = write(&dir, "case.json", CASE);
    let a = dir.join("policies/a.json").to_string_lossy().into_owned();
    let output = iamplay(&["validate-policy", &a, &case]);
    assert_eq!(output.status.code(), Some(1));
    let out = text(&output.stdout);
    assert!(
        out.contains(&format!(
            "{a}: 0 error(s), 0 security warning(s), 0 warning(s), 0 suggestion(s)"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{case}: 0 error(s), 0 security warning(s), 0 warning(s), 1 suggestion(s)"
        )),
        "{out}"
    );

    let output = iamplay(&["validate-policy", &format!("{}/*.yaml", dir.display())]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("matches no file"));
    // A missing file is an error, and the other files are still linted.
    let output = iamplay(&[
        "validate-policy",
        &a,
        &format!("{}/missing.json", dir.display()),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("cannot read"));
    assert!(text(&output.stdout).contains("0 suggestion(s)"));
}

/// The published SARIF 2.1.0 schema, from the package `cargo xtask install` fetches.
fn sarif_schema() -> serde_json::Value {
    let path = std::env::var("IAMPLAY_SARIF_SCHEMA").map_or_else(
        |_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/sarif-schema-2.1.0.json"),
        PathBuf::from,
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the SARIF schema is not at {} ({e}): run `cargo xtask install`",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap()
}

#[test]
fn sarif_output_is_valid_sarif_with_a_rule_per_code_and_a_result_per_finding() {
    let dir = folder("sarif");
    let queue = write(&dir, "queue.json", QUEUE);
    let case = write(&dir, "with space.json", CASE);
    let output = iamplay(&["validate-policy", &queue, &case, "--output", "sarif"]);
    assert_eq!(output.status.code(), Some(2));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();

    let schema = sarif_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let codes: Vec<&str> = iamplay_core::lint::codes().map(|c| c.code).collect();
    assert_eq!(ids, codes, "a rule per code the linter reports, once each");
    let pass_role = rules
        .iter()
        .find(|r| r["id"] == "pass-role-any-resource")
        .unwrap();
    assert_eq!(pass_role["properties"]["tags"][0], "security");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{results:#?}");
    let first = &results[0];
    assert_eq!(first["ruleId"], "resource-type-mismatch");
    assert_eq!(first["level"], "error");
    assert_eq!(
        rules[first["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "resource-type-mismatch"
    );
    let place = &first["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], format!("file://{queue}"));
    assert_eq!(place["region"]["startLine"], 4);
    assert_eq!(place["region"]["startColumn"], 15);
    assert_eq!(place["region"]["snippet"]["text"], "\"sqs:SendMessage\"");
    let second = &results[1];
    assert_eq!(second["ruleId"], "action-case");
    assert_eq!(second["level"], "note");
    let uri = second["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("/with%20space.json"), "{uri}");
}

/// A preset's text with one expected decision turned around.
fn with_wrong_expectation() -> String {
    let preset = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/presets/ec2-app-server.json"),
    )
    .unwrap();
    let wrong = preset.replacen("\"expect\": \"allowed\"", "\"expect\": \"explicitDeny\"", 1);
    assert_ne!(wrong, preset);
    wrong
}

#[test]
fn check_passes_when_every_expected_decision_holds_and_shows_a_diff_otherwise() {
    let output = iamplay(&["check", "preset:ec2-app-server", "preset:elastic-beanstalk"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    let out = text(&output.stdout);
    assert!(
        out.contains("PASS preset:ec2-app-server: 9 of 9 request(s) as expected"),
        "{out}"
    );
    assert!(
        out.ends_with("2 scenario(s): 2 passed, 0 failed\n"),
        "{out}"
    );

    let dir = folder("check");
    let wrong = write(&dir, "scenarios/wrong.json", &with_wrong_expectation());
    let output = iamplay(&[
        "check",
        &format!("{}/scenarios/*.json", dir.display()),
        "preset:common-mistakes",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let out = text(&output.stdout);
    assert!(
        out.contains(&format!(
            "FAIL {wrong}: 1 of 9 checked request(s) unexpected\n  s3:GetObject on arn:aws:s3:::"
        )),
        "{out}"
    );
    assert!(
        out.contains("  - expected: explicitDeny\n  + actual:   allowed\n    why: "),
        "{out}"
    );
    assert!(
        out.ends_with("2 scenario(s): 1 passed, 1 failed\n"),
        "{out}"
    );

    let output = iamplay(&["check", &wrong, "--output", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["failed"], 1);
    assert_eq!(
        value["scenarios"][0]["unexpected"][0]["expected"],
        "explicitDeny"
    );
    assert_eq!(value["scenarios"][0]["unexpected"][0]["actual"], "allowed");

    // A scenario that states no expected decision checks nothing, which is a failure.
    let mut silent = with_wrong_expectation();
    for decision in ["allowed", "explicitDeny", "implicitDeny"] {
        silent = silent.replace(&format!(",\n      \"expect\": \"{decision}\""), "");
    }
    assert!(!silent.contains("\"expect\""));
    let silent = write(&dir, "silent.json", &silent);
    let output = iamplay(&["check", &silent]);
    let out = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains("no request states an expected decision"),
        "{out}"
    );

    // Bad input is exit 2, with the problems on standard error.
    let broken = write(&dir, "broken.json", "{\"account\": ");
    let output = iamplay(&["check", &broken]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("json-syntax"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn simulate_runs_several_scenarios_and_prints_an_array_of_reports() {
    let dir = folder("simulate");
    let wrong = write(&dir, "wrong.json", &with_wrong_expectation());
    let output = iamplay(&[
        "simulate",
        &wrong,
        "preset:auto-scaling-qateam",
        "--output",
        "json",
        "--now",
        "2026-12-01T00:00:00Z",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let reports = value.as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert!(
        reports[1]["requests"]
            .as_array()
            .is_some_and(|r| r.len() == 2)
    );
    // One scenario is still one object, as before.
    let output = iamplay(&["simulate", &wrong, "--output", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(value["requests"].is_array());
}
