//! Importing infrastructure as code: the seed walkthrough's own Terraform, as the plan JSON
//! `terraform show -json` prints for it (`tests/import/walkthrough-plan.json`), imports into a
//! scenario that decides like the `ec2-app-server` preset's Terraform-equivalent part; the
//! walkthrough as a CloudFormation template, in YAML and in JSON, decides like the whole
//! preset; values known only after apply or only once a stack exists are reported at their
//! place, never guessed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a panic is a failed test"
)]

use iamplay_core::EvalDecision;
use iamplay_core::import::{ImportFile, ImportOptions, Inventory, read};
use iamplay_core::managed::file_of;
use iamplay_core::scenario::{read_scenario_with, run_scenario};
use iamplay_core::span::LineIndex;
use serde_json::Value;
use std::collections::BTreeMap;

const PLAN: &str = include_str!("../../../tests/import/walkthrough-plan.json");
const YAML: &str = include_str!("../../../tests/import/walkthrough.yaml");
const TEMPLATE: &str = include_str!("../../../tests/import/walkthrough.template.json");
const PRESET: &str = include_str!("../presets/ec2-app-server.json");

fn managed() -> BTreeMap<String, String> {
    let folder = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/managed-policies"
    ));
    ["AmazonS3ReadOnlyAccess", "AmazonSSMManagedInstanceCore"]
        .iter()
        .map(|name| {
            let arn = format!("arn:aws:iam::aws:policy/{name}");
            let text = std::fs::read_to_string(folder.join(file_of(&arn).unwrap())).unwrap();
            (arn, text)
        })
        .collect()
}

fn import(name: &str, text: &str, parameters: &[(&str, &str)]) -> Inventory {
    let options = ImportOptions {
        parameters: parameters
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    };
    read(&[ImportFile { name, text }], &options)
}

/// The decisions of the preset's requests, on the preset and on the imported scenario.
fn decisions(imported: &str) -> (Vec<EvalDecision>, Vec<EvalDecision>) {
    let mut scenario: Value = serde_json::from_str(imported).unwrap();
    let preset: Value = serde_json::from_str(PRESET).unwrap();
    scenario["requests"] = preset["requests"].clone();
    scenario["now"] = preset["now"].clone();
    let text = serde_json::to_string(&scenario).unwrap();
    let run = |text: &str| {
        let read = read_scenario_with(text, &managed());
        let scenario = read
            .scenario
            .unwrap_or_else(|| panic!("{:?}", read.problems));
        run_scenario(&scenario, "2026-11-22T12:00:00Z")
            .requests
            .iter()
            .map(|r| r.decision)
            .collect()
    };
    (run(PRESET), run(&text))
}

#[test]
fn the_walkthroughs_terraform_plan_decides_like_the_presets_terraform_part() {
    let inventory = import("plan.json", PLAN, &[]);
    assert!(!inventory.has_errors(), "{:?}", inventory.problems);
    let scenario = inventory.scenario(None, &managed()).unwrap();
    let value: Value = serde_json::from_str(&scenario.text).unwrap();
    // `role = aws_iam_role.app_server.id` is known only after apply: the configuration says it
    // is that role, so the inline policy is the role's.
    let role = &value["account"]["roles"][0];
    assert_eq!(role["name"], "EC2AppServerRole");
    assert_eq!(
        role["inlinePolicies"]["app-access"]["Statement"][0]["Resource"],
        "arn:aws:s3:::my-app-bucket/*"
    );
    assert_eq!(value["instance"]["tags"]["Name"], "app-server");
    assert_eq!(value["instance"]["instanceProfile"], "EC2AppServerProfile");
    let description = value["description"].as_str().unwrap();
    assert!(
        description.contains(
            "instance `aws_instance.app` from plan.json $.planned_values.root_module.resources[3]"
        ),
        "{description}"
    );
    assert!(
        description.contains("123456789012 stands in"),
        "{description}"
    );
    let (preset, imported) = decisions(&scenario.text);
    // The walkthrough's Terraform writes the S3 object and log grants of the preset's policy
    // as an inline policy, and attaches no managed policy and no SQS grant.
    for request in [0, 1, 3, 4, 8] {
        assert_eq!(preset[request], imported[request], "request {request}");
    }
    for request in [2, 5, 6, 7] {
        assert_eq!(
            (preset[request], imported[request]),
            (EvalDecision::Allowed, EvalDecision::ImplicitDeny),
            "request {request}"
        );
    }
}

#[test]
fn a_value_known_only_after_apply_is_reported_not_guessed() {
    // The instance profile's role refers to nothing the plan settles.
    let plan = PLAN.replacen(
        r#""role":{"references":["aws_iam_role.app_server.name","aws_iam_role.app_server"]}"#,
        r#""role":{"references":["aws_iam_role.elsewhere.name","aws_iam_role.elsewhere"]}"#,
        1,
    );
    let plan = plan.replacen(
        r#""path":"/","role":"EC2AppServerRole","tags":null"#,
        r#""path":"/","tags":null"#,
        2,
    );
    let plan = plan.replacen(r#""arn":true,"create_date":true,"id":true,"name_prefix":true,"tags_all":true,"unique_id":true"#, r#""arn":true,"create_date":true,"id":true,"name_prefix":true,"role":true,"tags_all":true,"unique_id":true"#, 1);
    let inventory = import("plan.json", &plan, &[]);
    let problem = inventory
        .problems
        .iter()
        .find(|p| p.diagnostic.code == "unknown-value")
        .unwrap_or_else(|| panic!("{:?}", inventory.problems));
    assert_eq!(
        problem.path,
        "$.planned_values.root_module.resources[0].values.role"
    );
    assert!(
        problem
            .diagnostic
            .message
            .contains("`aws_iam_instance_profile.app_server`'s `role` is known only after apply")
    );
    assert!(inventory.scenario(None, &managed()).is_err());
}

#[test]
fn the_walkthrough_as_a_cloudformation_template_decides_like_the_preset_in_yaml_and_json() {
    let yaml = import("walkthrough.yaml", YAML, &[])
        .scenario(None, &managed())
        .unwrap();
    let json = import("walkthrough.template.json", TEMPLATE, &[])
        .scenario(None, &managed())
        .unwrap();
    let strip = |text: &str| {
        let mut v: Value = serde_json::from_str(text).unwrap();
        v.as_object_mut().unwrap().remove("description");
        v
    };
    assert_eq!(strip(&yaml.text), strip(&json.text));
    let (preset, imported) = decisions(&yaml.text);
    assert_eq!(preset.len(), 9);
    assert_eq!(preset, imported);
    let value: Value = serde_json::from_str(&yaml.text).unwrap();
    assert_eq!(
        value["account"]["roles"][0]["managedPolicies"][0],
        "arn:aws:iam::123456789012:policy/EC2AppServerPolicy"
    );
    assert_eq!(
        value["account"]["managedPolicies"][0]["document"]["Statement"][0]["Resource"][1],
        "arn:aws:s3:::my-app-bucket/*"
    );
}

#[test]
fn parameters_and_pseudo_parameters_given_override_the_template() {
    let inventory = import(
        "t.yaml",
        YAML,
        &[
            ("BucketName", "other-bucket"),
            ("AWS::AccountId", "111122223333"),
        ],
    );
    let scenario = inventory.scenario(None, &managed()).unwrap();
    let value: Value = serde_json::from_str(&scenario.text).unwrap();
    assert_eq!(value["account"]["id"], "111122223333");
    assert_eq!(
        value["account"]["managedPolicies"][0]["document"]["Statement"][0]["Resource"][0],
        "arn:aws:s3:::other-bucket"
    );
    assert!(!value["description"].as_str().unwrap().contains("stands in"));
    let unknown = import("t.yaml", YAML, &[("Nope", "1")]);
    assert_eq!(unknown.problems[0].diagnostic.code, "unknown-parameter");
}

#[test]
fn what_a_template_alone_does_not_give_is_reported_at_its_line() {
    let text = "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: !ImportValue shared-trust\n";
    let inventory = import("t.yaml", text, &[]);
    let problem = inventory
        .problems
        .iter()
        .find(|p| p.diagnostic.code == "unresolved")
        .unwrap();
    assert_eq!(
        problem.path,
        "$.Resources.R.Properties.AssumeRolePolicyDocument.Fn::ImportValue"
    );
    let at = LineIndex::new(text).line_col(problem.diagnostic.span.start);
    assert_eq!((at.line, at.column), (5, 46));
    assert!(inventory.scenario(None, &managed()).is_err());
    // A role without `RoleName`: its logical id stands in, with a warning.
    let named = "Resources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}\n";
    let inventory = import("t.yaml", named, &[]);
    assert_eq!(inventory.roles()[0].name, "AppRole");
    assert_eq!(inventory.problems[0].diagnostic.code, "stand-in-name");
}

#[test]
fn conditions_leave_out_resources_and_choose_values() {
    let text = r#"{
  "Parameters": {"Env": {"Type": "String", "Default": "prod"}},
  "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}, "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]}},
  "Resources": {
    "Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": {"Fn::If": ["IsProd", "prod-role", "dev-role"]},
      "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
    "DevProfile": {"Type": "AWS::IAM::InstanceProfile", "Condition": "IsDev", "Properties": {"InstanceProfileName": "dev", "Roles": [{"Ref": "Role"}]}},
    "ProdProfile": {"Type": "AWS::IAM::InstanceProfile", "Condition": "IsProd", "Properties": {"InstanceProfileName": "prod", "Roles": [{"Ref": "Role"}]}}
  }
}"#;
    let inventory = import("t.json", text, &[]);
    assert!(!inventory.has_errors(), "{:?}", inventory.problems);
    assert_eq!(inventory.profile_names(), ["prod"]);
    assert_eq!(inventory.profiles()[0].roles, ["prod-role"]);
    let dev = import("t.json", text, &[("Env", "dev")]);
    assert_eq!(dev.profile_names(), ["dev"]);
    assert_eq!(dev.profiles()[0].roles, ["dev-role"]);
}

#[test]
fn hostile_yaml_is_a_located_error() {
    for (text, wanted) in [
        ("Resources:\n  R: [\n", "did not find expected node content"),
        ("a: &a [*a]\n", "an alias to no anchor"),
        ("Resources: !Bogus x\n", "unknown tag `!Bogus`"),
        ("a: 1\na: 2\n", "duplicate key `a`"),
        (
            &format!("Resources: {}{}\n", "[".repeat(100), "]".repeat(100)),
            "nesting deeper than 48 levels",
        ),
    ] {
        let inventory = import("t.yaml", text, &[]);
        let problem = &inventory.problems[0];
        assert_eq!(problem.diagnostic.code, "yaml-syntax", "{text}");
        assert!(
            problem.diagnostic.message.contains(wanted),
            "{text}: {}",
            problem.diagnostic.message
        );
        assert!(problem.diagnostic.span.end <= text.len());
    }
    // The deepest block nesting read (content at column 200) fits in 1 MiB of stack, the
    // browser's, even unoptimised; deeper is refused before it is read.
    let mut deep = String::new();
    for i in 0..100 {
        deep.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
    }
    let inventory = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || import("t.yaml", &deep, &[]))
        .unwrap()
        .join()
        .unwrap();
    assert!(
        inventory.problems[0]
            .diagnostic
            .message
            .contains("nesting deeper than 48 levels")
    );
    let deeper = format!("a:\n{}b: 1\n", " ".repeat(201));
    let problem = &import("t.yaml", &deeper, &[]).problems[0];
    assert!(
        problem.diagnostic.message.contains("past column 200"),
        "{problem:?}"
    );
    // A name that refers to itself, and conditions that do: errors, in 1 MiB of stack.
    let looped = "Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Condition: A\n    Properties:\n      RoleName: !Sub '${R}-x'\n      AssumeRolePolicyDocument: {}\n  P:\n    Type: AWS::IAM::InstanceProfile\n    Properties:\n      InstanceProfileName: !GetAtt P.Arn\n      Roles: [!Ref R]\n";
    let inventory = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || import("t.yaml", looped, &[]))
        .unwrap()
        .join()
        .unwrap();
    assert!(inventory.has_errors(), "{:?}", inventory.problems);
    // A billion laughs stops at the expansion limit.
    let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let prev = i - 1;
        laughs.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
    }
    let inventory = import("t.yaml", &laughs, &[]);
    assert!(
        inventory.problems[0]
            .diagnostic
            .message
            .contains("expands to over"),
        "{:?}",
        inventory.problems
    );
}
