//! The `iamplay` binary end to end: arguments, output streams and exit status.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a failed test"
)]

use std::process::Command;

fn iamplay() -> Command {
    Command::new(env!("CARGO_BIN_EXE_iamplay"))
}

#[test]
fn read_policy_from_standard_input_reports_errors_and_exits_2() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = iamplay()
        .args(["read-policy", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"Statement\": [}")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.starts_with("json-syntax\n"), "{err}");
    assert!(err.contains("× unexpected `}`, expected a value"), "{err}");
    assert!(err.contains("╭─[-:1:16]"), "{err}");
}

#[test]
fn unknown_subcommands_are_refused() {
    let output = iamplay().arg("no-such-command").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

fn write_temp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("iamplay-cli-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const WRITE_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::reports/*"}]}"#;

fn simulate(input: &serde_json::Value, extra: &[&str]) -> (i32, String, String) {
    let path = write_temp(
        &format!("input-{}.json", input.to_string().len()),
        &input.to_string(),
    );
    let output = iamplay()
        .arg("simulate-custom-policy")
        .arg("--cli-input-json")
        .arg(format!("file://{}", path.display()))
        .args(extra)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn simulate_custom_policy_speaks_the_aws_response_shape() {
    let input = serde_json::json!({
        "PolicyInputList": [WRITE_POLICY],
        "ActionNames": ["s3:PutObject", "s3:GetObject"],
        "ResourceArns": ["arn:aws:s3:::reports/a.csv"],
        "CallerArn": "arn:aws:sts::111122223333:assumed-role/AppRole/i-0123456789abcdef0",
        "ContextEntries": [{"ContextKeyName": "aws:SourceVpc", "ContextKeyValues": ["vpc-1"], "ContextKeyType": "string"}],
        "MaxItems": 100
    });
    let (code, out, err) = simulate(&input, &[]);
    assert_eq!(code, 1, "one request is denied: {err}");
    let response: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results = response["EvaluationResults"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["EvalActionName"], "s3:PutObject");
    assert_eq!(results[0]["EvalDecision"], "allowed");
    let statement = &results[0]["MatchedStatements"][0];
    assert_eq!(statement["SourcePolicyId"], "PolicyInputList.1");
    // AWS's API model: policies from the input have no entity type.
    assert_eq!(statement["SourcePolicyType"], "none");
    assert_eq!(
        statement["StartPosition"],
        serde_json::json!({"Line": 1, "Column": 41})
    );
    assert_eq!(results[1]["EvalDecision"], "implicitDeny");
    assert_eq!(results[1]["MatchedStatements"], serde_json::json!([]));
    assert_eq!(
        results[1]["ResourceSpecificResults"][0]["EvalResourceDecision"],
        "implicitDeny"
    );
    assert!(
        results[0].get("Iamplay").is_none(),
        "extensions are off by default"
    );
    assert_eq!(response["IsTruncated"], false);
}

#[test]
fn simulate_custom_policy_flags_explanations_and_exit_zero() {
    let output = iamplay()
        .args([
            "simulate-custom-policy",
            "--policy-input-list",
            WRITE_POLICY,
        ])
        .args([
            "--action-names",
            "s3:PutObject",
            "--resource-arns",
            "arn:aws:s3:::reports/x",
        ])
        .args(["--explain"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let response: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let explanation = &response["EvaluationResults"][0]["Iamplay"];
    assert_eq!(
        explanation["Summary"],
        "allowed by statement `Write` of identity-based policy `PolicyInputList.1`"
    );
    assert_eq!(explanation["Steps"][0]["Stage"], "explicit deny");
}

#[test]
fn simulate_custom_policy_text_output_and_role_sessions_against_a_bucket_policy() {
    let bucket = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "AppWrites", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/AppRole"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::reports/*"}]}"#;
    let input = serde_json::json!({
        "PolicyInputList": [r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}"#],
        "ResourcePolicy": bucket,
        "ActionNames": ["s3:PutObject"],
        "ResourceArns": ["arn:aws:s3:::reports/a"],
        "CallerArn": "arn:aws:sts::111122223333:assumed-role/AppRole/i-1",
        "ResourceOwner": "arn:aws:iam::111122223333:root"
    });
    let (code, out, err) = simulate(&input, &["--output", "text"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("allowed       s3:PutObject on arn:aws:s3:::reports/a\n"),
        "{out}"
    );
    assert!(out.contains("which names the role"), "{out}");
    assert!(
        out.contains("deciding: ResourcePolicy statement #1 (AppWrites) at line 1, column 41"),
        "{out}"
    );

    let mut cross = input.clone();
    cross["ResourceOwner"] = serde_json::json!("444455556666");
    let (code, out, _) = simulate(&cross, &[]);
    assert_eq!(code, 1);
    let response: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        response["EvaluationResults"][0]["EvalDecisionDetails"],
        serde_json::json!({"IAM Policy": "implicitDeny", "Resource Policy": "allowed"})
    );
}

#[test]
fn simulate_custom_policy_reports_bad_input_with_places_and_exits_2() {
    let input = serde_json::json!({
        "PolicyInputList": ["{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"Condition\": {\"StringEqual\": {\"a\": \"b\"}}}}"],
        "ActionNames": ["s3:GetObject"],
        "ContextEntries": [{"ContextKeyName": "k", "ContextKeyValues": ["a"], "ContextKeyType": "text"}]
    });
    let (code, out, err) = simulate(&input, &[]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("unknown-operator"), "{err}");
    assert!(
        err.contains("× unknown condition operator `StringEqual`"),
        "{err}"
    );
    assert!(err.contains("╭─[PolicyInputList.1:2:84]"), "{err}");
    assert!(err.contains("help: did you mean `StringEquals`?"), "{err}");
    assert!(
        err.contains("ContextEntries.1: unknown ContextKeyType `text`"),
        "{err}"
    );

    let (code, _, err) = simulate(&serde_json::json!({"PolicyInputList": [], "Typo": 1}), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown field `Typo`"), "{err}");
}

#[test]
fn bench_reports_evaluations_per_second() {
    let input = serde_json::json!({
        "PolicyInputList": [WRITE_POLICY],
        "ActionNames": ["s3:PutObject", "s3:GetObject"],
        "ResourceArns": ["arn:aws:s3:::reports/a"]
    });
    let path = write_temp("bench.json", &input.to_string());
    let output = iamplay()
        .args(["bench", "--iterations", "1000", "--cli-input-json"])
        .arg(format!("file://{}", path.display()))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(
        out.contains("2000 evaluations (2 requests × 1000)"),
        "{out}"
    );
    assert!(out.contains("evaluations/s (1000 allowed)"), "{out}");
}

#[test]
fn simulate_runs_a_preset_and_explains_the_broken_queue_statement() {
    let output = iamplay()
        .args(["simulate", "--preset", "ec2-app-server"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "two requests are denied");
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.starts_with("scenario: EC2AppServerRole walkthrough\nverdict: the instance gets credentials for role `EC2AppServerRole`; 7 of 9 request(s) allowed."), "{out}");
    assert!(out.contains("  ok   trust policy: "), "{out}");
    assert!(
        out.contains("  ec2:RoleDelivery = 2.0 (set by EC2)"),
        "{out}"
    );
    assert!(out.contains("near miss: `EC2AppServerPolicy` statement `SQSAccess` at 29:13: the resource does not match its Resource"), "{out}");
    assert!(!out.contains("expected "), "every expectation holds: {out}");
}

#[test]
fn simulate_json_output_and_a_scenario_file() {
    let scenario = r#"{"scenarioVersion": 1, "now": "2026-11-22T12:00:00Z",
 "account": {"id": "111122223333",
   "roles": [{"name": "web", "trustPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}},
              "inlinePolicies": {"logs": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}}}}],
   "instanceProfiles": [{"name": "web", "roles": ["web"]}]},
 "instance": {"instanceProfile": "web"},
 "requests": [{"action": "logs:PutLogEvents"}]}"#;
    let path = write_temp("scenario.json", scenario);
    let output = iamplay()
        .arg("simulate")
        .arg(&path)
        .args(["--output", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["allAllowed"], true);
    assert_eq!(value["requests"][0]["decision"], "allowed");
    assert_eq!(value["requests"][0]["deciding"][0]["policy"], "logs");
    assert_eq!(value["requests"][0]["deciding"][0]["line"], 4);
    assert_eq!(
        value["session"]["arn"],
        "arn:aws:sts::111122223333:assumed-role/web/i-0123456789abcdef0"
    );
}

#[test]
fn simulate_reports_scenario_problems_with_paths_and_exits_2() {
    let path = write_temp(
        "bad-scenario.json",
        r#"{"scenarioVersion": 1, "account": {"id": "1"}, "instance": {"instanceProfile": "p"}, "requests": []}"#,
    );
    let output = iamplay().arg("simulate").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("account id `1` must be 12 digits (at $.account.id)"),
        "{err}"
    );
    assert!(err.contains(":1:42]"), "{err}");
    let output = iamplay()
        .args(["simulate", "--preset", "nope"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn simulate_principal_policy_answers_for_a_role_or_profile_of_a_scenario() {
    let input = serde_json::json!({
        "PolicySourceArn": "arn:aws:iam::111122223333:role/aws-elasticbeanstalk-ec2-role",
        "ActionNames": ["xray:PutTraceSegments", "s3:DeleteBucket"],
        "MaxItems": 10
    });
    let path = write_temp("principal.json", &input.to_string());
    let output = iamplay()
        .args([
            "simulate-principal-policy",
            "--scenario",
            "preset:elastic-beanstalk",
            "--cli-input-json",
        ])
        .arg(format!("file://{}", path.display()))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let response: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let results = &response["EvaluationResults"];
    assert_eq!(results[0]["EvalDecision"], "allowed");
    let sources: Vec<&str> = results[0]["MatchedStatements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["SourcePolicyId"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            "AWSElasticBeanstalkWebTier",
            "AWSElasticBeanstalkWorkerTier"
        ]
    );
    assert_eq!(
        results[0]["MatchedStatements"][0]["SourcePolicyType"],
        "aws-managed"
    );
    assert_eq!(results[1]["EvalDecision"], "implicitDeny");

    let output = iamplay()
        .args([
            "simulate-principal-policy",
            "--scenario",
            "preset:elastic-beanstalk",
        ])
        .args([
            "--policy-source-arn",
            "arn:aws:iam::111122223333:role/nobody",
            "--action-names",
            "s3:GetObject",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("NoSuchEntity")
    );
}

#[test]
fn expand_lists_the_actions_a_pattern_covers() {
    let output = iamplay()
        .args(["expand", "ec2:*InstanceProfile*", "--output", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let actions: Vec<&str> = value["ec2:*InstanceProfile*"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"ec2:AssociateIamInstanceProfile"),
        "{actions:?}"
    );
    let output = iamplay().args(["expand", "iam:PassRole"]).output().unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "iam:PassRole: 1 action(s)\n  iam:PassRole\tWrite\n"
    );
    let output = iamplay().args(["expand", "nosuch:*"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn validate_policy_reports_the_walkthroughs_queue_statement() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "SQSAccess", "Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": "arn:aws:s3:::my-app-queue"}]}"#;
    let path = write_temp("walkthrough-policy.json", policy);
    let output = iamplay()
        .arg("validate-policy")
        .arg(&path)
        .args(["--output", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["findings"][0]["issueCode"], "resource-type-mismatch");
    assert_eq!(value["findings"][0]["findingType"], "error");
    assert_eq!(value["findings"][0]["text"], "\"sqs:SendMessage\"");
    let clean = write_temp(
        "clean-policy.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:my-app-queue"}]}"#,
    );
    let output = iamplay()
        .arg("validate-policy")
        .arg(&clean)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let trust = write_temp(
        "trust.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}"#,
    );
    let output = iamplay()
        .arg("validate-policy")
        .arg(&trust)
        .args(["--policy-type", "resource-policy"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("0 error(s), 1 security warning(s)")
    );
}

#[test]
fn summary_lists_the_instances_access_by_service_and_level() {
    let output = iamplay()
        .args([
            "summary",
            "preset:ec2-app-server",
            "--now",
            "2026-01-01T00:00:00Z",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.contains(" action(s) allowed"), "{out}");
    assert!(out.contains("ssm (AWS Systems Manager): "), "{out}");
    // AmazonS3ReadOnlyAccess reads every bucket; the walkthrough's own policy writes one.
    assert!(
        out.contains("  Write (1): PutObject [arn:aws:s3:::my-app-bucket/*, "),
        "{out}"
    );
    assert!(out.contains("ListAllMyBuckets, ListBucket, "), "{out}");
    // The walkthrough's queue statement names an S3 ARN: the instance may not use SQS.
    assert!(!out.contains("sqs"), "{out}");

    let policy = write_temp(
        "summary-policy.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:Send*","Resource":"*",
            "Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#,
    );
    let output = iamplay()
        .args(["summary", policy.to_str().unwrap(), "--output", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["allowedActions"], 1);
    let actions = &report["services"][0]["accessLevels"][0]["actions"];
    assert_eq!(actions[0]["action"], "sqs:SendMessage");
    assert_eq!(actions[0]["everywhere"], "conditional");
}

#[test]
fn diff_fails_on_new_access_and_passes_on_removed_access() {
    let old = write_temp(
        "diff-old.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#,
    );
    let new = write_temp(
        "diff-new.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"}]}"#,
    );
    let output = iamplay()
        .args(["diff", old.to_str().unwrap(), new.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.contains("1 new, 0 removed"), "{out}");
    assert!(
        out.contains("  Write (1): PutObject on arn:aws:s3:::b/*"),
        "{out}"
    );
    assert!(
        out.contains("FAIL: the new version grants new access"),
        "{out}"
    );

    let output = iamplay()
        .args([
            "diff",
            new.to_str().unwrap(),
            old.to_str().unwrap(),
            "--output",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["result"], "PASS");
    assert_eq!(
        report["removed"][0]["accessLevels"][0]["actions"][0]["action"],
        "s3:PutObject"
    );

    let broken = write_temp("diff-broken.json", "{\"Statement\": [}");
    let output = iamplay()
        .args(["diff", old.to_str().unwrap(), broken.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("diff-broken.json:1:"), "{err}");
}

/// Two roles with the same inline policy text: the deciding statement is the second role's, in
/// the text and the JSON output; a policy written as a JSON string and an AWS managed policy are
/// placed in their own documents.
#[test]
fn simulate_places_twin_policies_at_the_role_that_decides() {
    let case: serde_json::Value =
        serde_json::from_str(include_str!("../../../tests/scenarios/twin-policies.json")).unwrap();
    let text = serde_json::to_string_pretty(&case["scenario"]).unwrap();
    let path = write_temp("twin-policies.json", &text);
    let line_of = |needle: &str, nth: usize| {
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .nth(nth)
            .map(|(i, _)| i + 1)
            .unwrap()
    };
    // Pretty-printed, each statement opens on the line after `"Statement": [`.
    let second_same = line_of("\"Sid\": \"Write\"", 1) - 1;
    let output = iamplay()
        .args(["simulate", "--now", "2026-11-22T12:00:00Z"])
        .arg(&path)
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(
        out.contains(&format!(
            "deciding: `same` statement `Write` at {second_same}:"
        )),
        "{out}"
    );
    assert!(
        out.contains("deciding: `AmazonS3ReadOnlyAccess` statement #1 in arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess at 4:5"),
        "{out}"
    );
    let output = iamplay()
        .args([
            "simulate",
            "--now",
            "2026-11-22T12:00:00Z",
            "--output",
            "json",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let deciding = |i: usize| report["requests"][i]["deciding"][0].clone();
    assert_eq!(
        deciding(0)["document"],
        "$.account.roles[1].inlinePolicies.same"
    );
    assert_eq!(deciding(0)["line"], second_same);
    assert_eq!(deciding(1)["source"], "scenario");
    assert_eq!(
        deciding(1)["document"],
        "$.account.roles[1].inlinePolicies.asString"
    );
    assert_eq!(deciding(1)["line"], line_of("asString", 0));
    assert_eq!(deciding(2)["source"], "managed");
    assert_eq!(deciding(2)["line"], 4);
}

#[test]
fn validate_policy_reads_every_policy_type_by_any_of_its_names() {
    let findings = |path: &std::path::Path, kind: &str| -> (i32, Vec<String>) {
        let output = iamplay()
            .arg("validate-policy")
            .arg(path)
            .args(["--policy-type", kind, "--output", "json"])
            .output()
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let codes = value["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{}: {}", f["issueCode"], f["findingDetails"]))
            .collect();
        (output.status.code().unwrap(), codes)
    };
    let with_principal = write_temp(
        "kinds-with-principal.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    for (kind, label) in [
        ("boundary", "a permissions boundary"),
        ("session", "a session policy"),
        ("scp", "a service control policy (SCP)"),
        ("SERVICE_CONTROL_POLICY", "a service control policy (SCP)"),
    ] {
        let (code, found) = findings(&with_principal, kind);
        assert_eq!(code, 2, "{kind}: {found:?}");
        let expected = format!(
            "\"principal-in-identity-policy\": \"{label} cannot have `Principal` or `NotPrincipal`\""
        );
        assert_eq!(found.first(), Some(&expected), "{kind}");
    }

    let without_principal = write_temp(
        "kinds-without-principal.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    let (code, found) = findings(&without_principal, "rcp");
    assert_eq!(code, 2);
    assert!(
        found.contains(&"\"missing-principal\": \"a statement of a resource control policy (RCP) needs `Principal` or `NotPrincipal`\"".to_owned()),
        "{found:?}"
    );

    // Read as a trust policy, a statement naming no `sts:AssumeRole…` action still gets the
    // trust policy checks; read as resource-based, it is a resource policy like any other.
    let trust = write_temp(
        "kinds-trust.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "s3:GetObject"}]}"#,
    );
    let (code, found) = findings(&trust, "trust");
    assert_eq!(code, 2, "{found:?}");
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("\"trust-invalid-action\"")),
        "{found:?}"
    );
    for kind in ["RESOURCE_POLICY", "resource-policy", "resource"] {
        let (_, found) = findings(&trust, kind);
        assert!(
            !found.iter().any(|f| f.starts_with("\"trust-")),
            "{kind}: {found:?}"
        );
    }

    let output = iamplay()
        .arg("validate-policy")
        .arg(&trust)
        .args(["--policy-type", "bucket"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("unknown policy type `bucket`: use identity, resource, trust, boundary, session, scp or rcp"),
        "{err}"
    );
    let output = iamplay()
        .args(["validate-policy", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for id in [
        "identity", "resource", "trust", "boundary", "session", "scp", "rcp",
    ] {
        assert!(help.contains(&format!("{id}:")), "{help}");
    }
}

#[test]
fn summary_and_diff_keep_their_policy_type_names() {
    let policy = write_temp(
        "kinds-summary.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sqs:SendMessage", "Resource": "*"}]}"#,
    );
    for kind in ["resource-policy", "resource", "RESOURCE_POLICY", "trust"] {
        let output = iamplay()
            .args(["summary", policy.to_str().unwrap(), "--policy-type", kind])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{kind}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let output = iamplay()
        .args([
            "summary",
            policy.to_str().unwrap(),
            "--policy-type",
            "identity-policy",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = iamplay()
        .args([
            "diff",
            policy.to_str().unwrap(),
            policy.to_str().unwrap(),
            "--policy-type",
            "Resource_Policy",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn run_iamplay(args: &[&str]) -> (i32, String, String) {
    let output = iamplay().args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// `simulate-principal-policy` on the Elastic Beanstalk preset with an inline input.
fn simulate_principal(input: &serde_json::Value, extra: &[&str]) -> (i32, String, String) {
    let input = input.to_string();
    let mut args = vec![
        "simulate-principal-policy",
        "--scenario",
        "preset:elastic-beanstalk",
        "--cli-input-json",
        &input,
    ];
    args.extend(extra);
    run_iamplay(&args)
}

#[test]
fn simulate_custom_policy_refuses_policy_source_arn_by_name() {
    let input = serde_json::json!({
        "PolicySourceArn": "arn:aws:iam::111122223333:role/AppRole",
        "PolicyInputList": [WRITE_POLICY],
        "ActionNames": ["s3:PutObject"]
    });
    let (code, out, err) = run_iamplay(&[
        "simulate-custom-policy",
        "--cli-input-json",
        &input.to_string(),
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.starts_with(
            "error: --cli-input-json: unknown field `PolicySourceArn` (simulate-principal-policy takes it, simulate-custom-policy does not), expected one of `PolicyInputList`, "
        ),
        "{err}"
    );
    assert!(err.contains("`Marker`, `Iamplay`\n"), "{err}");

    // Any other unknown field names only the fields the command takes, as before.
    let (code, _, err) = run_iamplay(&[
        "simulate-custom-policy",
        "--cli-input-json",
        r#"{"Typo": 1}"#,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown field `Typo`, expected one of `PolicyInputList`, "),
        "{err}"
    );
    assert!(!err.contains("PolicySourceArn"), "{err}");
}

#[test]
fn simulate_principal_policy_refuses_iamplay_extensions_by_name() {
    let input = serde_json::json!({
        "PolicySourceArn": "arn:aws:iam::111122223333:role/aws-elasticbeanstalk-ec2-role",
        "ActionNames": ["s3:GetObject"],
        "Iamplay": {"SessionPolicy": WRITE_POLICY}
    });
    let (code, out, err) = simulate_principal(&input, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.starts_with(
            "error: --cli-input-json: unknown field `Iamplay` (simulate-custom-policy takes it, simulate-principal-policy does not), expected one of `PolicySourceArn`, "
        ),
        "{err}"
    );
    assert!(!err.contains("`Marker`, `Iamplay`"), "{err}");
}

#[test]
fn simulate_custom_policy_accepts_every_field_of_its_input() {
    let boundary = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#;
    let bucket = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::reports/*"}]}"#;
    let input = serde_json::json!({
        "PolicyInputList": [WRITE_POLICY],
        "PermissionsBoundaryPolicyInputList": [boundary],
        "ActionNames": ["s3:PutObject"],
        "ResourceArns": ["arn:aws:s3:::reports/a.csv"],
        "ResourcePolicy": bucket,
        "ResourceOwner": "111122223333",
        "CallerArn": "arn:aws:iam::111122223333:user/alice",
        "ContextEntries": [{"ContextKeyName": "aws:SourceVpc", "ContextKeyValues": ["vpc-1"], "ContextKeyType": "string"}],
        "ResourceHandlingOption": "EC2-VPC-InstanceStore",
        "MaxItems": 10,
        "Marker": "iamplay-0",
        "Iamplay": {
            "ServiceControlPolicies": [{"Name": "Root", "Policies": [boundary]}],
            "ResourceControlPolicies": [],
            "SessionPolicy": boundary,
            "CallerIsManagementAccount": false,
            "ResourceInManagementAccount": false
        }
    });
    let (code, out, err) = run_iamplay(&[
        "simulate-custom-policy",
        "--cli-input-json",
        &input.to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let response: serde_json::Value = serde_json::from_str(&out).unwrap();
    let result = &response["EvaluationResults"][0];
    assert_eq!(result["EvalDecision"], "allowed");
    assert!(result.get("OrganizationsDecisionDetail").is_some(), "{out}");
    assert_eq!(
        result["PermissionsBoundaryDecisionDetail"],
        serde_json::json!({"AllowedByPermissionsBoundary": true})
    );
    assert_eq!(
        result["EvalDecisionDetails"],
        serde_json::json!({"IAM Policy": "allowed", "Resource Policy": "allowed"})
    );
}

#[test]
fn simulate_principal_policy_accepts_every_field_of_its_input() {
    let boundary = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "xray:*"], "Resource": "*"}]}"#;
    let input = serde_json::json!({
        "PolicySourceArn": "arn:aws:iam::111122223333:role/aws-elasticbeanstalk-ec2-role",
        "PolicyInputList": [WRITE_POLICY],
        "PermissionsBoundaryPolicyInputList": [boundary],
        "ActionNames": ["s3:PutObject", "xray:PutTraceSegments"],
        "ResourceArns": ["arn:aws:s3:::reports/a.csv"],
        "ResourcePolicy": r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "*"}]}"#,
        "ResourceOwner": "111122223333",
        "CallerArn": "arn:aws:iam::111122223333:role/aws-elasticbeanstalk-ec2-role",
        "ContextEntries": [{"ContextKeyName": "aws:SourceVpc", "ContextKeyValues": ["vpc-1"], "ContextKeyType": "string"}],
        "ResourceHandlingOption": "EC2-VPC-InstanceStore",
        "MaxItems": 10,
        "Marker": "iamplay-0"
    });
    let (code, out, err) = simulate_principal(&input, &[]);
    assert_eq!(code, 0, "{err}");
    let response: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results = &response["EvaluationResults"];
    let sources = |i: usize| -> Vec<(String, String)> {
        results[i]["MatchedStatements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["SourcePolicyId"].as_str().unwrap().to_owned(),
                    s["SourcePolicyType"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let none = |id: &str| (id.to_owned(), "none".to_owned());
    let managed = |id: &str| (id.to_owned(), "aws-managed".to_owned());
    assert_eq!(
        sources(0),
        [
            none("PolicyInputList.1"),
            none("PermissionsBoundaryPolicyInputList.1")
        ]
    );
    assert_eq!(
        sources(1),
        [
            managed("AWSElasticBeanstalkWebTier"),
            managed("AWSElasticBeanstalkWorkerTier"),
            none("PermissionsBoundaryPolicyInputList.1")
        ]
    );
    assert_eq!(
        results[0]["PermissionsBoundaryDecisionDetail"],
        serde_json::json!({"AllowedByPermissionsBoundary": true})
    );

    // Flags replace the input's fields.
    let (code, out, err) = simulate_principal(&input, &["--action-names", "s3:DeleteBucket"]);
    assert_eq!(code, 1, "{err}");
    let response: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        response["EvaluationResults"][0]["EvalActionName"],
        "s3:DeleteBucket"
    );
    assert_eq!(
        response["EvaluationResults"][0]["EvalDecision"],
        "implicitDeny"
    );
}

#[test]
fn simulate_principal_policy_names_every_problem_of_its_input() {
    let bad = "{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"Condition\": {\"StringEqual\": {\"a\": \"b\"}}}}";
    let input = serde_json::json!({
        "PolicySourceArn": "arn:aws:iam::111122223333:role/aws-elasticbeanstalk-ec2-role",
        "PolicyInputList": [bad],
        "PermissionsBoundaryPolicyInputList": [WRITE_POLICY, WRITE_POLICY],
        "ActionNames": ["s3:PutObject"],
        "ResourceOwner": "nobody"
    });
    let (code, out, err) = simulate_principal(&input, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(
        err,
        "error: PolicyInputList.1: unknown condition operator `StringEqual`\n\
         PermissionsBoundaryPolicyInputList: an entity has at most one permissions boundary\n\
         ResourceOwner `nobody` names no account\n"
    );
}

/// An SCP that allows the request, and one that denies it: `AllowedByOrganizations` says which.
#[test]
fn organizations_decision_detail_follows_the_scps() {
    let scp = |effect: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "{effect}", "Action": "s3:*", "Resource": "*"}}]}}"#
        )
    };
    let allow = scp("Allow");
    for (levels, allowed) in [
        (
            serde_json::json!([{"Name": "Root", "Policies": [allow]}]),
            true,
        ),
        (
            serde_json::json!([{"Name": "Root", "Policies": [allow, scp("Deny")]}]),
            false,
        ),
    ] {
        let input = serde_json::json!({
            "PolicyInputList": [WRITE_POLICY],
            "ActionNames": ["s3:PutObject"],
            "ResourceArns": ["arn:aws:s3:::reports/a"],
            "CallerArn": "arn:aws:iam::111122223333:role/AppRole",
            "Iamplay": {"ServiceControlPolicies": levels},
        });
        let (_, out, err) = simulate(&input, &[]);
        let response: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(
            response["EvaluationResults"][0]["OrganizationsDecisionDetail"]["AllowedByOrganizations"],
            allowed,
            "{out}{err}"
        );
    }
}
