//! `iamplay export` end to end: each format on standard output with exit 0 (the script passes
//! `bash -n`), a scenario with errors refused with its problems and exit 2.
#![allow(clippy::unwrap_used, reason = "test helpers: a panic is a failed test")]

use std::process::Command;

fn iamplay(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn each_format_is_written_to_standard_output() {
    let (code, script, err) = iamplay(&["export", "preset:auto-scaling-qateam", "--format", "cli"]);
    assert_eq!(code, 0, "{err}");
    assert!(script.starts_with("#!/usr/bin/env bash\n"), "{script}");
    assert!(script.contains("aws iam add-role-to-instance-profile --instance-profile-name 'qateam-web-profile' --role-name 'qateam-web'"), "{script}");
    let dir = std::env::temp_dir().join(format!("iamplay-export-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("script.sh");
    std::fs::write(&path, &script).unwrap();
    let syntax = Command::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(syntax.success(), "bash -n refuses the script");
    let (code, hcl, _) = iamplay(&["export", "preset:ec2-app-server", "--format", "terraform"]);
    assert_eq!(code, 0);
    assert!(
        hcl.contains("resource \"aws_iam_instance_profile\" \"ec2appserverprofile\""),
        "{hcl}"
    );
    assert!(
        hcl.contains("policy_arn = aws_iam_policy.ec2appserverpolicy.arn"),
        "{hcl}"
    );
    let (code, yaml, _) = iamplay(&[
        "export",
        "preset:ec2-app-server",
        "--format",
        "cloudformation",
    ]);
    assert_eq!(code, 0);
    assert!(
        yaml.contains("Type: \"AWS::IAM::InstanceProfile\""),
        "{yaml}"
    );
    let (code, json, _) = iamplay(&[
        "export",
        "preset:ec2-app-server",
        "--format",
        "cloudformation-json",
    ]);
    assert_eq!(code, 0);
    let template: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        template["Resources"]["EC2AppServerProfile"]["Properties"]["Roles"][0]["Ref"],
        "EC2AppServerRole"
    );
}

#[test]
fn a_scenario_with_errors_is_not_exported() {
    let dir = std::env::temp_dir().join(format!("iamplay-export-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.json");
    std::fs::write(&path, "{\"scenarioVersion\": 1, \"account\": {}}").unwrap();
    let (code, out, err) = iamplay(&["export", path.to_str().unwrap(), "--format", "terraform"]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("nothing was exported"), "{err}");
    let (code, _, err) = iamplay(&["export", "preset:ec2-app-server", "--format", "pulumi"]);
    assert_eq!(code, 2, "{err}");
}
