//! `iamplay import` and `iamplay who-can` end to end, on the walkthrough's account as the AWS
//! CLI prints it (`tests/import/`): the scenario on standard output decides like the
//! `ec2-app-server` preset when simulated, problems go to standard error with their place, and
//! the exit status says what happened.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a failed test"
)]

use std::process::{Command, Output};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/import");

fn iamplay(args: &[&str]) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .current_dir(FIXTURES)
        .args(args)
        .output()
        .unwrap();
    (
        status.code().unwrap(),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

#[test]
fn import_makes_a_scenario_that_simulates_like_the_preset() {
    let (code, out, err) = iamplay(&[
        "import",
        "account-authorization-details.json",
        "--profile",
        "EC2AppServerProfile",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    let mut scenario: serde_json::Value = serde_json::from_str(&out).unwrap();
    let preset: serde_json::Value = serde_json::from_str(iamplay_preset_text().as_str()).unwrap();
    for key in ["instance", "requests", "now"] {
        scenario[key] = preset[key].clone();
    }
    let dir = std::env::temp_dir().join(format!("iamplay-import-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("imported.json");
    std::fs::write(&path, scenario.to_string()).unwrap();
    let decisions = |args: &[&str]| {
        let (_, out, err) = iamplay(args);
        let report: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|_| panic!("{err}"));
        report["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["decision"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let imported = decisions(&["simulate", path.to_str().unwrap(), "--output", "json"]);
    let wanted = decisions(&["simulate", "--preset", "ec2-app-server", "--output", "json"]);
    assert_eq!(imported.len(), 9);
    assert_eq!(imported, wanted);
}

fn iamplay_preset_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/presets/ec2-app-server.json"
    ))
    .unwrap()
}

#[test]
fn import_lists_profiles_and_asks_for_one_when_there_are_several() {
    let (code, out, _) = iamplay(&["import", "account-authorization-details.json", "--list"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "EC2AppServerProfile\nWebServerProfile\n")
    );
    let (code, out, err) = iamplay(&["import", "account-authorization-details.json"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("error[choose-profile]: the import has 2 instance profiles"),
        "{err}"
    );
    assert!(err.contains("--profile NAME"), "{err}");
}

#[test]
fn import_problems_point_at_their_file_and_place_and_make_no_scenario() {
    let (code, out, err) = iamplay(&[
        "import",
        "get-instance-profile.json",
        "get-role.json",
        "get-policy-version.json",
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "nothing half-imports: {out}");
    assert!(err.contains("ambiguous-output"), "{err}");
    assert!(err.contains("╭─[get-policy-version.json:3:21]"), "{err}");
    assert!(err.contains("no scenario was made"), "{err}");
    let (code, _, err) = iamplay(&["import", "no-such-file.json"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: cannot read `no-such-file.json`"),
        "{err}"
    );
}

#[test]
fn import_warns_when_a_role_may_have_policies_the_outputs_did_not_list() {
    let (code, out, err) = iamplay(&[
        "import",
        "get-instance-profile.json",
        "get-role.json",
        "list-attached-role-policies.json",
        "get-policy.json",
        "get-policy-version.json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"EC2AppServerPolicy\""));
    assert!(err.contains("incomplete-role"), "{err}");
    assert!(
        err.contains(
            "⚠ role `EC2AppServerRole` was not imported from `get-account-authorization-details`"
        ),
        "{err}"
    );
}

#[test]
fn who_can_answers_for_every_profile_with_the_deciding_statement_in_the_file() {
    let args = [
        "who-can",
        "s3:PutObject",
        "arn:aws:s3:::my-app-bucket/reports/x",
        "--account",
        "account-authorization-details.json",
        "--now",
        "2026-11-22T12:00:00Z",
    ];
    let (code, out, err) = iamplay(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("1 of 2 instance profiles can call s3:PutObject on arn:aws:s3:::my-app-bucket/reports/x\n"), "{out}");
    assert!(out.contains("  allowed       EC2AppServerProfile (role EC2AppServerRole): allowed by statement `S3Access`"), "{out}");
    assert!(out.contains("    deciding: `EC2AppServerPolicy` statement `S3Access` at account-authorization-details.json:170:29\n"), "{out}");
    assert!(
        out.contains(
            "  implicitDeny  WebServerProfile (role WebServerRole): no policy allows s3:PutObject"
        ),
        "{out}"
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--output", "json"]);
    let (_, out, _) = iamplay(&json_args);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["allowed"], 1);
    assert_eq!(report["profiles"][1]["decision"], "implicitDeny");
    // None may: exit 1.
    let (code, out, _) = iamplay(&[
        "who-can",
        "iam:CreateUser",
        "*",
        "--account",
        "account-authorization-details.json",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("0 of 2 instance profiles"), "{out}");
}

#[test]
fn terraform_plans_and_cloudformation_templates_import_too() {
    let (code, out, err) = iamplay(&["import", "walkthrough-plan.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"app-access\""), "{out}");
    let (code, yaml, err) = iamplay(&["import", "walkthrough.yaml"]);
    assert_eq!(code, 0, "{err}");
    let (_, json, _) = iamplay(&["import", "walkthrough.template.json"]);
    let strip = |text: &str| {
        let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
        value.as_object_mut().unwrap().remove("description");
        value
    };
    assert_eq!(strip(&yaml), strip(&json));
    let (code, out, err) = iamplay(&[
        "import",
        "walkthrough.yaml",
        "--parameter",
        "BucketName=other-bucket",
        "--parameter",
        "AWS::AccountId=111122223333",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("arn:aws:s3:::other-bucket/*"), "{out}");
    assert!(out.contains("\"111122223333\""), "{out}");
    let (code, _, err) = iamplay(&["import", "walkthrough.yaml", "--parameter", "novalue"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`--parameter novalue` must be NAME=VALUE"),
        "{err}"
    );
    // who-can over a template: the stand-in account's profile may write the bucket.
    let (code, out, _) = iamplay(&[
        "who-can",
        "s3:PutObject",
        "arn:aws:s3:::my-app-bucket/a",
        "--account",
        "walkthrough.yaml",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("allowed       EC2AppServerProfile"), "{out}");
}
