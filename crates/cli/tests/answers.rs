//! `fix`, `discover`, `who-can-get` and `exfiltration` on the presets: text and JSON, the
//! scenario a fix makes (`--apply`), and errors for bad input.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test helpers: a panic is a failed test"
)]

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const NOW: &str = "2026-11-22T12:00:00Z";

fn iamplay(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--now", NOW, "--output", "json"]);
    let out = iamplay(&all, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn fix_lists_checked_fixes_and_applies_one() {
    let text = iamplay(&["fix", "preset:ec2-app-server", "--now", NOW], None);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(text.status.success());
    assert!(stdout.contains("request 5: sqs:SendMessage"), "{stdout}");
    assert!(
        stdout.contains("+              \"Action\": \"sqs:SendMessage\","),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "grants 1: sqs:SendMessage on arn:aws:sqs:us-east-1:123456789012:my-app-queue"
        )
    );
    assert!(stdout.contains("request 9: s3:DeleteObject"), "{stdout}");

    let result = json(&["fix", "preset:ec2-app-server", "--request", "5"]);
    let fixes = result["requests"][0]["fixes"].as_array().unwrap();
    assert_eq!(fixes[0]["kind"], "add-statement");
    assert_eq!(fixes[0]["decision"], "allowed");
    let applied = iamplay(
        &[
            "fix",
            "preset:ec2-app-server",
            "--request",
            "5",
            "--apply",
            "1",
            "--now",
            NOW,
        ],
        None,
    );
    let scenario = String::from_utf8(applied.stdout).unwrap();
    assert_eq!(scenario, fixes[0]["scenario"].as_str().unwrap());
    let simulated = iamplay(
        &["simulate", "-", "--now", NOW, "--output", "json"],
        Some(&scenario),
    );
    let simulated: Value = serde_json::from_slice(&simulated.stdout).unwrap();
    assert_eq!(simulated["requests"][4]["decision"], "allowed");
}

#[test]
fn discover_names_the_key_and_its_bound() {
    let result = json(&["discover", "preset:common-mistakes", "--request", "3"]);
    let value = &result["requests"][0]["solutions"][0]["values"][0];
    assert_eq!(value["key"], "ec2:RoleDelivery");
    assert_eq!(value["allowedWhen"], "≥ `2.0`");
    assert_eq!(value["setByEc2"], true);
    assert_eq!(result["requests"][0]["truth"][0]["holds"], true);
    let text = iamplay(&["discover", "preset:common-mistakes", "--now", NOW], None);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("ec2:RoleDelivery ≥ `2.0` (e.g. 2.0) (set by EC2)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("no context values allow s3:PutObject"),
        "{stdout}"
    );
}

#[test]
fn who_can_get_shows_each_path_with_its_statements() {
    let result = json(&["who-can-get", "preset:auto-scaling-qateam"]);
    let first = &result["principals"][0];
    assert_eq!(first["name"], "qa-engineer");
    assert_eq!(first["canGet"], true);
    let reachable: Vec<&str> = first["paths"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["reachable"] == true)
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(reachable, ["run-instances", "create-auto-scaling-group"]);
    let step = &first["paths"][0]["steps"][1];
    assert_eq!(step["action"], "iam:PassRole");
    assert!(step["deciding"][0]["line"].as_u64().is_some());
    let text = iamplay(
        &["who-can-get", "preset:auto-scaling-qateam", "--now", NOW],
        None,
    );
    assert!(String::from_utf8_lossy(&text.stdout).contains("CAN GET  launcher qa-engineer"));
}

#[test]
fn exfiltration_works_out_each_guard() {
    let result = json(&["exfiltration", "preset:common-mistakes"]);
    let kinds: Vec<&str> = result["guards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["source-vpc", "source-private-ip", "imdsv2"]);
    for guard in result["guards"].as_array().unwrap() {
        for remaining in guard["remaining"].as_array().unwrap() {
            assert_eq!(remaining["actions"], 0, "{guard}");
        }
    }
    assert_eq!(result["vantages"][1]["id"], "internet");
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let broken = iamplay(
        &["fix", "-", "--now", NOW],
        Some("{\"scenarioVersion\": 1,"),
    );
    assert_eq!(broken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("1:"));
    let zero = iamplay(
        &["discover", "preset:common-mistakes", "--request", "0"],
        None,
    );
    assert_eq!(zero.status.code(), Some(2));
    let missing = iamplay(&["who-can-get", "no-such-file.json"], None);
    assert_eq!(missing.status.code(), Some(2));
    let no_fix = iamplay(
        &[
            "fix",
            "preset:ec2-app-server",
            "--request",
            "5",
            "--apply",
            "99",
        ],
        None,
    );
    assert_eq!(no_fix.status.code(), Some(2));
}
