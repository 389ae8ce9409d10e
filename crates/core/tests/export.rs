//! Round trips: every preset exported to each format, read back with a real reader of that
//! format, and imported again, decides every request as the preset does.
//! - CloudFormation, YAML and JSON: read by the importer (yaml-rust2 for YAML).
//! - Terraform: parsed and evaluated by `hcl-rs` (with `jsonencode` and the resources'
//!   references), written as the state `terraform show -json` would print, and imported.
//! - The AWS CLI script: split into words as bash would (`shlex`), its here-documents written,
//!   and its `aws iam` commands applied to an account printed as
//!   `get-account-authorization-details`, which is imported.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::string_slice,
    reason = "a panic is a failed test"
)]
#![cfg(not(target_arch = "wasm32"))]

use iamplay_core::EvalDecision;
use iamplay_core::export::{ExportFormat, export};
use iamplay_core::import::{ImportFile, ImportOptions, read};
use iamplay_core::managed::read_folder;
use iamplay_core::presets::PRESETS;
use iamplay_core::scenario::{read_scenario_with, run_scenario};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The AWS managed policies a scenario names: from AWS's managed-policy files, or embedded in
/// the scenario (the Elastic Beanstalk preset embeds the documents its page shows).
fn managed(text: &str) -> BTreeMap<String, String> {
    let folder = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/managed-policies"
    ));
    let mut documents = read_folder(folder, text);
    if let Ok(scenario) = serde_json::from_str::<Value>(text) {
        for policy in scenario["account"]["managedPolicies"]
            .as_array()
            .into_iter()
            .flatten()
        {
            if let (Some(arn), Some(document)) = (policy["arn"].as_str(), policy.get("document")) {
                documents.insert(arn.to_owned(), document.to_string());
            }
        }
    }
    documents
}

fn decisions(text: &str) -> Vec<EvalDecision> {
    let read = read_scenario_with(text, &managed(text));
    let scenario = read
        .scenario
        .unwrap_or_else(|| panic!("{:?}\n{text}", read.problems));
    run_scenario(&scenario, "2026-11-22T12:00:00Z")
        .requests
        .iter()
        .map(|r| r.decision)
        .collect()
}

/// The preset with its account replaced by the imported scenario's, keeping the AWS managed
/// policies the preset embeds (an export names them by ARN; their documents are the preset's).
fn with_account(preset: &str, imported: &str) -> String {
    let mut scenario: Value = serde_json::from_str(preset).unwrap();
    let imported: Value = serde_json::from_str(imported).unwrap();
    let embedded: Vec<Value> = scenario["account"]["managedPolicies"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|p| p.get("arn").is_some())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let mut account = imported["account"].clone();
    let mut policies = account["managedPolicies"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    policies.extend(embedded);
    account["managedPolicies"] = Value::Array(policies);
    scenario["account"] = account;
    serde_json::to_string_pretty(&scenario).unwrap()
}

/// Imports `files` and checks the preset's profile decides the same.
fn round_trip(preset_id: &str, preset: &str, files: &[(&str, &str)], options: &ImportOptions) {
    let files: Vec<ImportFile<'_>> = files
        .iter()
        .map(|(name, text)| ImportFile { name, text })
        .collect();
    let inventory = read(&files, options);
    let profile = serde_json::from_str::<Value>(preset).unwrap()["instance"]["instanceProfile"]
        .as_str()
        .unwrap()
        .to_owned();
    let imported = inventory
        .scenario(Some(&profile), &managed(preset))
        .unwrap_or_else(|p| panic!("{preset_id}: {p:?}"));
    let wanted = decisions(preset);
    assert!(!wanted.is_empty(), "{preset_id}");
    assert_eq!(
        decisions(&with_account(preset, &imported.text)),
        wanted,
        "{preset_id}"
    );
}

fn account_id(preset: &str) -> String {
    serde_json::from_str::<Value>(preset).unwrap()["account"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn cloudformation_exports_import_back_and_decide_the_same() {
    for preset in PRESETS {
        let options = ImportOptions {
            parameters: vec![("AWS::AccountId".to_owned(), account_id(preset.text))],
        };
        for format in [
            ExportFormat::CloudFormationYaml,
            ExportFormat::CloudFormationJson,
        ] {
            let template = export(preset.text, format, &managed(preset.text)).unwrap();
            round_trip(
                preset.id,
                preset.text,
                &[(format.file_name(), &template)],
                &options,
            );
        }
    }
}

/// A Terraform configuration as the state `terraform show -json` prints once it is applied
/// in `account`: each resource's attributes evaluated, references to roles and policies
/// settled by their names.
fn terraform_state(configuration: &str, account: &str) -> String {
    use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
    let body =
        hcl::parse(configuration).unwrap_or_else(|e| panic!("not HCL: {e}\n{configuration}"));
    fn jsonencode(args: FuncArgs) -> Result<hcl::Value, String> {
        serde_json::to_string(&args[0])
            .map(hcl::Value::String)
            .map_err(|e| e.to_string())
    }
    let mut known: BTreeMap<String, serde_json::Map<String, Value>> = BTreeMap::new();
    let blocks: Vec<&hcl::Block> = body.blocks().collect();
    let constant = |block: &hcl::Block, key: &str| {
        block
            .body
            .attributes()
            .find(|a| a.key.as_str() == key)
            .and_then(|a| match &a.expr {
                hcl::Expression::String(s) => Some(s.clone()),
                _ => None,
            })
    };
    for block in &blocks {
        let [kind, label] = [block.labels[0].as_str(), block.labels[1].as_str()];
        let name = constant(block, "name").unwrap_or_default();
        let path = constant(block, "path").unwrap_or_else(|| "/".to_owned());
        let arn = match kind {
            "aws_iam_policy" => format!("arn:aws:iam::{account}:policy{path}{name}"),
            "aws_iam_role" => format!("arn:aws:iam::{account}:role{path}{name}"),
            _ => String::new(),
        };
        known.entry(kind.to_owned()).or_default().insert(
            label.to_owned(),
            json!({ "name": name, "id": name, "arn": arn }),
        );
    }
    let mut context = Context::new();
    context.declare_func(
        "jsonencode",
        FuncDef::builder().param(ParamType::Any).build(jsonencode),
    );
    for (kind, labels) in &known {
        let value: hcl::Value = serde_json::from_value(Value::Object(labels.clone())).unwrap();
        context.declare_var(kind.as_str(), value);
    }
    let resources: Vec<Value> = blocks
        .iter()
        .map(|block| {
            let evaluated = block.evaluate(&context).unwrap_or_else(|e| panic!("{e}"));
            let mut values: serde_json::Map<String, Value> = evaluated
                .body
                .attributes()
                .map(|a| (a.key.to_string(), serde_json::to_value(hcl::Value::from(a.expr.clone())).unwrap()))
                .collect();
            let [kind, label] = [block.labels[0].as_str(), block.labels[1].as_str()];
            if kind == "aws_iam_policy" || kind == "aws_iam_role" {
                values.insert("arn".to_owned(), known[kind][label]["arn"].clone());
            }
            json!({ "address": format!("{kind}.{label}"), "mode": "managed", "type": kind, "name": label, "values": values })
        })
        .collect();
    json!({ "format_version": "1.0", "terraform_version": "1.9.8", "values": { "root_module": { "resources": resources } } }).to_string()
}

#[test]
fn terraform_exports_parse_as_hcl_import_back_and_decide_the_same() {
    for preset in PRESETS {
        let configuration =
            export(preset.text, ExportFormat::Terraform, &managed(preset.text)).unwrap();
        let state = terraform_state(&configuration, &account_id(preset.text));
        round_trip(
            preset.id,
            preset.text,
            &[("terraform.tfstate.json", &state)],
            &ImportOptions::default(),
        );
    }
}

/// The value of `--flag` among a command's words.
fn flag<'w>(words: &'w [String], name: &str) -> Option<&'w str> {
    words
        .iter()
        .position(|w| w == name)
        .and_then(|i| words.get(i + 1))
        .map(String::as_str)
}

/// Runs the script's `aws iam` commands against an account, printed as
/// `get-account-authorization-details` prints it.
fn run_script(script: &str, account: &str) -> String {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut roles: Vec<Value> = Vec::new();
    let mut policies: Vec<Value> = Vec::new();
    let mut profiles: Vec<Value> = Vec::new();
    let mut lines = script.lines();
    while let Some(line) = lines.next() {
        if line.is_empty()
            || line.starts_with('#')
            || !line.starts_with("cat ") && !line.starts_with("aws iam ")
        {
            continue;
        }
        let line = line.replace("${ACCOUNT_ID}", account);
        let words: Vec<String> =
            shlex::split(&line).unwrap_or_else(|| panic!("bash would not split: {line}"));
        let words: Vec<String> = words
            .into_iter()
            .map(|w| w.replace("$WORK/", "").replace("$WORK", ""))
            .collect();
        if words[0] == "cat" {
            // cat > NAME <<DELIM, the delimiter quoted so the text is taken as it is.
            let name = words[2].trim_start_matches('/').to_owned();
            let delimiter = words[3].trim_start_matches("<<").to_owned();
            let text: Vec<&str> = lines.by_ref().take_while(|l| *l != delimiter).collect();
            files.insert(name, text.join("\n"));
            continue;
        }
        let document = |key: &str| -> Value {
            let file = flag(&words, key).unwrap().strip_prefix("file://").unwrap();
            serde_json::from_str(&files[file]).unwrap()
        };
        let role = |roles: &mut Vec<Value>| -> usize {
            let name = flag(&words, "--role-name").unwrap();
            roles
                .iter()
                .position(|r| r["RoleName"] == name)
                .unwrap_or_else(|| panic!("no role {name}"))
        };
        let tags = || -> Value {
            flag(&words, "--tags").map_or(json!([]), |t| serde_json::from_str(t).unwrap())
        };
        match words[2].as_str() {
            "create-role" => {
                let (name, path) = (
                    flag(&words, "--role-name").unwrap(),
                    flag(&words, "--path").unwrap(),
                );
                let mut role = json!({
                    "Path": path, "RoleName": name, "Arn": format!("arn:aws:iam::{account}:role{path}{name}"),
                    "AssumeRolePolicyDocument": document("--assume-role-policy-document"),
                    "InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": [], "Tags": tags(),
                });
                if let Some(description) = flag(&words, "--description") {
                    role["Description"] = json!(description);
                }
                roles.push(role);
            }
            "put-role-policy" => {
                let i = role(&mut roles);
                let policy = json!({ "PolicyName": flag(&words, "--policy-name").unwrap(), "PolicyDocument": document("--policy-document") });
                roles[i]["RolePolicyList"]
                    .as_array_mut()
                    .unwrap()
                    .push(policy);
            }
            "create-policy" => {
                let (name, path) = (
                    flag(&words, "--policy-name").unwrap(),
                    flag(&words, "--path").unwrap(),
                );
                policies.push(json!({
                    "PolicyName": name, "Path": path, "Arn": format!("arn:aws:iam::{account}:policy{path}{name}"), "DefaultVersionId": "v1",
                    "PolicyVersionList": [{ "Document": document("--policy-document"), "VersionId": "v1", "IsDefaultVersion": true }],
                }));
            }
            "attach-role-policy" => {
                let i = role(&mut roles);
                let arn = flag(&words, "--policy-arn").unwrap();
                let attached =
                    json!({ "PolicyName": arn.rsplit('/').next().unwrap(), "PolicyArn": arn });
                roles[i]["AttachedManagedPolicies"]
                    .as_array_mut()
                    .unwrap()
                    .push(attached);
            }
            "put-role-permissions-boundary" => {
                let i = role(&mut roles);
                let arn = flag(&words, "--permissions-boundary").unwrap();
                roles[i]["PermissionsBoundary"] =
                    json!({ "PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn });
            }
            "create-instance-profile" => {
                let (name, path) = (
                    flag(&words, "--instance-profile-name").unwrap(),
                    flag(&words, "--path").unwrap(),
                );
                profiles.push(
                    json!({ "InstanceProfileName": name, "Path": path, "Roles": [], "Tags": [] }),
                );
            }
            "add-role-to-instance-profile" => {
                let name = flag(&words, "--instance-profile-name").unwrap();
                let profile = profiles
                    .iter_mut()
                    .find(|p| p["InstanceProfileName"] == name)
                    .unwrap();
                profile["Roles"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({ "RoleName": flag(&words, "--role-name").unwrap() }));
            }
            "tag-instance-profile" => {
                let name = flag(&words, "--instance-profile-name").unwrap();
                let profile = profiles
                    .iter_mut()
                    .find(|p| p["InstanceProfileName"] == name)
                    .unwrap();
                profile["Tags"] = tags();
            }
            other => panic!("the script runs `aws iam {other}`, which this account does not know"),
        }
    }
    // Each role lists the profiles that hold it, with the role as the profile lists it.
    for profile in &profiles {
        for held in profile["Roles"].as_array().unwrap() {
            let role = roles
                .iter_mut()
                .find(|r| r["RoleName"] == held["RoleName"])
                .unwrap();
            let mut listed = profile.clone();
            listed["Roles"] = json!([{ "RoleName": role["RoleName"], "Path": role["Path"], "Arn": role["Arn"], "AssumeRolePolicyDocument": role["AssumeRolePolicyDocument"] }]);
            role["InstanceProfileList"]
                .as_array_mut()
                .unwrap()
                .push(listed);
        }
    }
    let mut dump = json!({ "RoleDetailList": roles, "Policies": policies, "UserDetailList": [], "GroupDetailList": [] });
    // A profile without a role is listed by no role: `list-instance-profiles` gives it.
    let empty: Vec<Value> = profiles
        .into_iter()
        .filter(|p| p["Roles"].as_array().is_some_and(Vec::is_empty))
        .collect();
    if !empty.is_empty() {
        dump["Ignored"] = json!(null);
        return format!("{}\n\u{1e}{}", dump, json!({ "InstanceProfiles": empty }));
    }
    dump.to_string()
}

#[test]
fn cli_scripts_split_as_bash_would_and_recreate_an_account_that_decides_the_same() {
    for preset in PRESETS {
        let script = export(preset.text, ExportFormat::Cli, &managed(preset.text)).unwrap();
        let account = account_id(preset.text);
        let printed = run_script(&script, &account);
        let parts: Vec<&str> = printed.split("\n\u{1e}").collect();
        let files: Vec<(&str, &str)> = parts
            .iter()
            .enumerate()
            .map(|(i, text)| (["details.json", "profiles.json"][i.min(1)], *text))
            .collect();
        round_trip(preset.id, preset.text, &files, &ImportOptions::default());
    }
}

#[test]
fn every_export_quotes_names_and_documents_that_would_break_their_format() {
    // A policy whose text has every character that means something to bash, HCL or YAML.
    let hostile = r#"a'b\"c $(x) ${aws:username} %{if} `y` \\ # : - [ ] { } & * ! | > ? @"#;
    let mut scenario: Value = serde_json::from_str(
        iamplay_core::presets::preset("ec2-app-server")
            .unwrap()
            .text,
    )
    .unwrap();
    scenario["account"]["roles"][0]["description"] = json!(hostile);
    scenario["account"]["roles"][0]["tags"] = json!({ "team": "@a: b = c/- x", "- x: y": "=y" });
    scenario["account"]["roles"][0]["inlinePolicies"] = json!({
        "odd": { "Version": "2012-10-17", "Statement": [{ "Sid": "Odd", "Effect": "Allow", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::b/{hostile}") }] }
    });
    let text = serde_json::to_string_pretty(&scenario).unwrap();
    let script = export(&text, ExportFormat::Cli, &managed(&text)).unwrap();
    let printed = run_script(&script, "123456789012");
    assert!(
        printed.contains(&serde_json::to_string(hostile).unwrap()[1..20]),
        "{printed}"
    );
    round_trip(
        "hostile (cli)",
        &text,
        &[("details.json", &printed)],
        &ImportOptions::default(),
    );
    let configuration = export(&text, ExportFormat::Terraform, &managed(&text)).unwrap();
    assert!(
        configuration.contains("$${aws:username}") && configuration.contains("%%{if}"),
        "{configuration}"
    );
    let state = terraform_state(&configuration, "123456789012");
    round_trip(
        "hostile (terraform)",
        &text,
        &[("state.json", &state)],
        &ImportOptions::default(),
    );
    for format in [
        ExportFormat::CloudFormationYaml,
        ExportFormat::CloudFormationJson,
    ] {
        let template = export(&text, format, &managed(&text)).unwrap();
        let options = ImportOptions {
            parameters: vec![("AWS::AccountId".to_owned(), "123456789012".to_owned())],
        };
        round_trip(
            "hostile (cloudformation)",
            &text,
            &[(format.file_name(), &template)],
            &options,
        );
    }
}

#[test]
fn a_scenario_with_errors_is_not_exported() {
    let problems = export(
        "{\"scenarioVersion\": 1}",
        ExportFormat::Terraform,
        &BTreeMap::new(),
    )
    .unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.diagnostic.code == "missing-field"),
        "{problems:?}"
    );
}
