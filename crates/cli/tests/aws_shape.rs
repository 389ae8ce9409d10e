//! `simulate-custom-policy` against AWS's own client: the AWS CLI's documented example, the API
//! model's enums, pagination and optional fields, and policies IAM accepts.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a failed test"
)]

use serde_json::{Value, json};
use std::process::Command;

/// Runs `simulate-custom-policy` on an input; the exit status and the response (or stderr).
fn simulate(name: &str, input: &Value) -> (i32, Value, String) {
    let dir = std::env::temp_dir().join(format!("iamplay-aws-shape-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, input.to_string()).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(["simulate-custom-policy", "--cli-input-json"])
        .arg(format!("file://{}", path.display()))
        .output()
        .unwrap();
    let response = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (
        output.status.code().unwrap(),
        response,
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The AWS CLI's example for `simulate-custom-policy` (awscli/examples/iam/simulate-custom-policy.rst).
const AWS_EXAMPLE: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}"#;

#[test]
fn positions_are_those_of_the_aws_cli_example() {
    let (code, response, err) = simulate(
        "example",
        &json!({
            "PolicyInputList": [AWS_EXAMPLE],
            "ActionNames": ["dynamodb:CreateBackup"],
            "ContextEntries": [{"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["2019-04-25T11:00:00Z"], "ContextKeyType": "date"}]
        }),
    );
    assert_eq!(code, 0, "{err}");
    let statement = &response["EvaluationResults"][0]["MatchedStatements"][0];
    assert_eq!(statement["StartPosition"], json!({"Line": 1, "Column": 38}));
    assert_eq!(statement["EndPosition"], json!({"Line": 1, "Column": 167}));
}

#[test]
fn a_later_statement_starts_where_the_one_before_ends() {
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"B","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
    let (_, response, err) = simulate(
        "two",
        &json!({"PolicyInputList": [policy], "ActionNames": ["s3:GetObject"]}),
    );
    let matched = response["EvaluationResults"][0]["MatchedStatements"]
        .as_array()
        .unwrap_or_else(|| panic!("{err}"));
    assert_eq!(matched.len(), 2);
    // The first starts just after `[`, the second just after the first's `}`.
    assert_eq!(
        matched[0]["StartPosition"],
        json!({"Line": 1, "Column": 38})
    );
    assert_eq!(matched[1]["StartPosition"], matched[0]["EndPosition"]);
}

#[test]
fn source_policy_types_are_the_api_models_and_scps_are_not_matched_statements() {
    let scp =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
    let bucket = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#;
    let (code, response, err) = simulate(
        "types",
        &json!({
            "PolicyInputList": [r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#],
            "ResourcePolicy": bucket,
            "CallerArn": "arn:aws:iam::123456789012:user/alice",
            "ActionNames": ["s3:GetObject"],
            "ResourceArns": ["arn:aws:s3:::b/k"],
            "Iamplay": {"ServiceControlPolicies": [{"Name": "Root", "Policies": [scp]}]}
        }),
    );
    assert_eq!(code, 0, "{err}");
    let result = &response["EvaluationResults"][0];
    let model = [
        "user",
        "group",
        "role",
        "aws-managed",
        "user-managed",
        "resource",
        "none",
    ];
    for statement in result["MatchedStatements"].as_array().unwrap() {
        let kind = statement["SourcePolicyType"].as_str().unwrap();
        assert!(model.contains(&kind), "{statement}");
        assert_ne!(
            statement["SourcePolicyId"],
            "Iamplay.ServiceControlPolicies.1.1"
        );
    }
    assert_eq!(
        result["OrganizationsDecisionDetail"]["AllowedByOrganizations"],
        true
    );
}

#[test]
fn organizations_decision_detail_is_worked_out_from_the_scps_alone() {
    let deny_identity =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}"#;
    let scp = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}"#;
    let (_, response, err) = simulate(
        "orgs",
        &json!({
            "PolicyInputList": [deny_identity],
            "CallerArn": "arn:aws:iam::123456789012:user/alice",
            "ActionNames": ["s3:GetObject"],
            "Iamplay": {"ServiceControlPolicies": [{"Name": "Root", "Policies": [scp]}]}
        }),
    );
    let result = &response["EvaluationResults"][0];
    assert_eq!(result["EvalDecision"], "explicitDeny", "{err}");
    // The identity policy's deny decided, but the SCPs did not allow s3 either.
    assert_eq!(
        result["OrganizationsDecisionDetail"]["AllowedByOrganizations"],
        false
    );
}

#[test]
fn results_are_paginated_as_aws_does() {
    let policy =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
    let actions = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"];
    let (_, first, err) = simulate(
        "page1",
        &json!({"PolicyInputList": [policy], "ActionNames": actions, "MaxItems": 2}),
    );
    assert_eq!(
        first["EvaluationResults"].as_array().map(Vec::len),
        Some(2),
        "{err}"
    );
    assert_eq!(first["IsTruncated"], true);
    let marker = first["Marker"].as_str().unwrap().to_owned();
    let (_, second, _) = simulate(
        "page2",
        &json!({"PolicyInputList": [policy], "ActionNames": actions, "MaxItems": 2, "Marker": marker}),
    );
    assert_eq!(
        second["EvaluationResults"][0]["EvalActionName"],
        "s3:ListBucket"
    );
    assert_eq!(second["IsTruncated"], false);
    assert!(second.get("Marker").is_none());
    let (code, _, err) = simulate(
        "bad-max",
        &json!({"PolicyInputList": [policy], "ActionNames": actions, "MaxItems": 0}),
    );
    assert_eq!(code, 2);
    assert!(err.contains("MaxItems"), "{err}");
}

#[test]
fn a_context_entry_without_a_type_is_a_string_and_a_wrong_type_value_is_accepted() {
    let policy = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}},
        {"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"soon"}}}]}"#;
    let (code, response, err) = simulate(
        "untyped",
        &json!({
            "PolicyInputList": [policy],
            "ActionNames": ["s3:GetObject", "s3:PutObject"],
            "ContextEntries": [{"ContextKeyName": "aws:SourceVpc", "ContextKeyValues": ["vpc-1"]}]
        }),
    );
    assert_eq!(code, 1, "{err}");
    let results = response["EvaluationResults"].as_array().unwrap();
    assert_eq!(results[0]["EvalDecision"], "allowed");
    // IAM accepts `soon` as a date; the condition does not match.
    assert_eq!(results[1]["EvalDecision"], "implicitDeny");
}

#[test]
fn an_unsigned_request_is_decided_by_the_resource_policy_alone() {
    let bucket = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#;
    let identity =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
    let (code, response, err) = simulate(
        "anonymous",
        &json!({
            "PolicyInputList": [identity],
            "ResourcePolicy": bucket,
            "ActionNames": ["s3:GetObject", "s3:PutObject"],
            "ResourceArns": ["arn:aws:s3:::b/k"],
            "Iamplay": {"Anonymous": true}
        }),
    );
    assert_eq!(code, 1, "{err}");
    let results = response["EvaluationResults"].as_array().unwrap();
    assert_eq!(results[0]["EvalDecision"], "allowed");
    assert_eq!(results[1]["EvalDecision"], "implicitDeny");
}

#[test]
fn a_vpc_endpoint_policy_decides_too_and_fills_in_its_context_keys() {
    let identity =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
    let endpoint = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d","aws:SourceVpc":"vpc-1"}}}}"#;
    let (code, response, err) = simulate(
        "endpoint",
        &json!({
            "PolicyInputList": [identity],
            "CallerArn": "arn:aws:iam::123456789012:user/alice",
            "ActionNames": ["s3:GetObject", "s3:PutObject"],
            "Iamplay": {"VpcEndpoint": {"Id": "vpce-1a2b3c4d", "VpcId": "vpc-1", "Policy": endpoint}}
        }),
    );
    assert_eq!(code, 1, "{err}");
    let results = response["EvaluationResults"].as_array().unwrap();
    assert_eq!(results[0]["EvalDecision"], "allowed");
    assert_eq!(results[1]["EvalDecision"], "implicitDeny");
}

#[test]
fn both_commands_refuse_a_second_permissions_boundary_alike() {
    let boundary =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
    let (custom, _, custom_err) = simulate(
        "two-boundaries",
        &json!({
            "PolicyInputList": [boundary],
            "PermissionsBoundaryPolicyInputList": [boundary, boundary],
            "ActionNames": ["s3:GetObject"]
        }),
    );
    let principal_input = json!({
        "PolicySourceArn": "arn:aws:iam::111122223333:role/aws-elasticbeanstalk-ec2-role",
        "PermissionsBoundaryPolicyInputList": [boundary, boundary],
        "ActionNames": ["s3:GetObject"]
    });
    let output = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args([
            "simulate-principal-policy",
            "--scenario",
            "preset:elastic-beanstalk",
            "--cli-input-json",
        ])
        .arg(principal_input.to_string())
        .output()
        .unwrap();
    let principal_err = String::from_utf8(output.stderr).unwrap();
    assert_eq!((custom, output.status.code()), (2, Some(2)));
    for err in [&custom_err, &principal_err] {
        assert!(err.contains("at most one permissions boundary"), "{err}");
    }
}
