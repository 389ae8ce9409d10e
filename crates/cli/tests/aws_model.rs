//! Every AWS-shaped output of the CLI against AWS's own API model: the responses of
//! `simulate-custom-policy` and `simulate-principal-policy`, over inputs that reach every part
//! of the response, are checked shape by shape against `SimulatePolicyResponse` as botocore (the
//! model the AWS CLI and the SDKs are generated from) defines it: no member the model lacks,
//! every required member, enums, types and lengths.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a failed test"
)]

use serde_json::{Value, json};
use std::process::Command;

/// The model's shapes, extracted from the pinned botocore wheel.
fn model() -> Value {
    serde_json::from_str(include_str!("data/iam-simulate-model.json")).unwrap()
}

/// What is wrong with `value` as the shape `name`, each with its path in the response.
fn check(model: &Value, name: &str, value: &Value, path: &str, out: &mut Vec<String>) {
    let shape = &model["shapes"][name];
    let kind = shape["type"].as_str().unwrap_or("?");
    match (kind, value) {
        ("structure", Value::Object(members)) => {
            for required in shape["required"].as_array().into_iter().flatten() {
                let required = required.as_str().unwrap();
                if !members.contains_key(required) {
                    out.push(format!("{path}: `{required}` is required by {name}"));
                }
            }
            for (key, member) in members {
                match shape["members"][key]["shape"].as_str() {
                    Some(inner) => check(model, inner, member, &format!("{path}.{key}"), out),
                    None => out.push(format!("{path}: {name} has no member `{key}`")),
                }
            }
        }
        ("list", Value::Array(items)) => {
            let inner = shape["member"]["shape"].as_str().unwrap();
            for (i, item) in items.iter().enumerate() {
                check(model, inner, item, &format!("{path}[{i}]"), out);
            }
        }
        ("map", Value::Object(entries)) => {
            let (key_shape, value_shape) = (
                shape["key"]["shape"].as_str().unwrap(),
                shape["value"]["shape"].as_str().unwrap(),
            );
            for (key, item) in entries {
                check(
                    model,
                    key_shape,
                    &json!(key),
                    &format!("{path}<key {key}>"),
                    out,
                );
                check(model, value_shape, item, &format!("{path}.{key}"), out);
            }
        }
        ("string", Value::String(text)) => {
            if let Some(values) = shape["enum"].as_array() {
                if !values.iter().any(|v| v == text) {
                    out.push(format!("{path}: `{text}` is not a {name} ({values:?})"));
                }
            }
            let length = text.chars().count() as u64;
            if shape["min"].as_u64().is_some_and(|min| length < min)
                || shape["max"].as_u64().is_some_and(|max| length > max)
            {
                out.push(format!("{path}: `{text}` is not of a length {name} takes"));
            }
        }
        ("integer", Value::Number(n)) if n.is_i64() => {}
        ("boolean", Value::Bool(_)) => {}
        (_, other) => out.push(format!("{path}: {other} is not a {kind} ({name})")),
    }
}

fn iamplay(args: &[&str]) -> (i32, Value, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        serde_json::from_slice(&output.stdout).unwrap_or(Value::Null),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Checks a response; the problems found.
fn problems(response: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(&model(), "SimulatePolicyResponse", response, "$", &mut out);
    out
}

const IDENTITY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Write","Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::reports/*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}]}"#;
const BUCKET: &str = r#"{"Version":"2012-10-17","Statement":{"Sid":"Cross","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}}"#;
const BOUNDARY: &str =
    r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
const SCP: &str =
    r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;

#[test]
fn simulate_custom_policy_responses_fit_the_model() {
    let inputs = [
        json!({"PolicyInputList": [IDENTITY], "ActionNames": ["s3:PutObject", "s3:DeleteObject"]}),
        json!({
            "PolicyInputList": [IDENTITY],
            "PermissionsBoundaryPolicyInputList": [BOUNDARY],
            "ResourcePolicy": BUCKET,
            "ResourceOwner": "arn:aws:iam::444455556666:root",
            "CallerArn": "arn:aws:iam::111122223333:user/alice",
            "ActionNames": ["s3:GetObject", "s3:PutObject"],
            "ResourceArns": ["arn:aws:s3:::reports/a.csv", "arn:aws:s3:::reports/b.csv"],
            "ContextEntries": [{"ContextKeyName": "aws:SourceVpc", "ContextKeyValues": ["vpc-1"], "ContextKeyType": "string"}],
            "MaxItems": 3,
            "Iamplay": {"ServiceControlPolicies": [{"Name": "Root", "Policies": [SCP]}]}
        }),
        json!({
            "PolicyInputList": [IDENTITY],
            "ResourcePolicy": r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}}"#,
            "ActionNames": ["s3:GetObject"],
            "ResourceArns": ["arn:aws:s3:::reports/a.csv"],
            "Iamplay": {"Anonymous": true, "VpcEndpoint": {"Id": "vpce-1a2b3c4d"}}
        }),
    ];
    for (i, input) in inputs.iter().enumerate() {
        let (code, response, err) = iamplay(&[
            "simulate-custom-policy",
            "--cli-input-json",
            &input.to_string(),
        ]);
        assert!(code < 2, "input {i}: {err}");
        let found = problems(&response);
        assert!(found.is_empty(), "input {i}: {found:#?}\n{response:#}");
    }
}

#[test]
fn simulate_principal_policy_responses_fit_the_model() {
    let input = json!({
        "PolicySourceArn": "arn:aws:iam::111122223333:role/aws-elasticbeanstalk-ec2-role",
        "ActionNames": ["xray:PutTraceSegments", "s3:DeleteBucket", "s3:PutObject"],
        "ResourceArns": ["arn:aws:s3:::elasticbeanstalk-us-east-1-111122223333/a"],
        "MaxItems": 2
    });
    let (code, response, err) = iamplay(&[
        "simulate-principal-policy",
        "--scenario",
        "preset:elastic-beanstalk",
        "--cli-input-json",
        &input.to_string(),
    ]);
    assert!(code < 2, "{err}");
    let found = problems(&response);
    assert!(found.is_empty(), "{found:#?}\n{response:#}");
}

#[test]
fn the_checker_finds_what_the_model_refuses() {
    let wrong = json!({
        "EvaluationResults": [{
            "EvalActionName": "s3:GetObject",
            "EvalDecision": "allowed",
            "MatchedStatements": [{"SourcePolicyId": "p", "SourcePolicyType": "IAM Policy", "StartPosition": null}],
            "Extra": 1
        }, {"EvalDecision": "maybe"}],
        "IsTruncated": "no"
    });
    let found = problems(&wrong);
    for words in [
        "`IAM Policy` is not a PolicySourceType",
        "null is not a structure",
        "has no member `Extra`",
        "`EvalActionName` is required",
        "`maybe` is not a PolicyEvaluationDecisionType",
        "\"no\" is not a boolean",
    ] {
        assert!(
            found.iter().any(|p| p.contains(words)),
            "{words}: {found:#?}"
        );
    }
}
