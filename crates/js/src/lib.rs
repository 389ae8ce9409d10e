//! The iamplay engine for JavaScript, as a thin facade over `iamplay-core`: build it with
//! `wasm-pack build crates/js --target web` and import the functions below. Every result is a
//! plain object in the same shape as the CLI's `--output json`; nothing leaves the page.
//!
//! ```js
//! import init, { simulate, readPolicy, validatePolicy, summary, diff, managedPolicyFiles, presets,
//!   importFiles, whoCan, exportScenario, fix, discover, whoCanGet, exfiltration } from "./pkg/iamplay_js.js";
//! await init();
//! const result = simulate(scenarioText);          // or simulate(scenarioText, "2026-11-22T12:00:00Z")
//! console.log(result.verdict, result.requests[0].decision);
//! ```
//!
//! AWS managed policies a scenario attaches are not in the package: `managedPolicyFiles(text)`
//! names the files (as `cargo xtask codegen` writes them) to fetch from where you serve them,
//! and `simulate`, `summary` and `diff` take the documents as `{ arn: documentText }`.
//!
//! Results are typed: their TypeScript declarations (`src/types.d.ts`, in the package's
//! `.d.ts`) are generated from the Rust report types, and the values are made from those types
//! by `serde-wasm-bindgen`, with no JSON text in between.

mod answers;

pub use answers::{discover, exfiltration, fix, who_can_get};

use iamplay_core::PolicyType;
use iamplay_core::export::ExportFormat;
use iamplay_core::import::{ImportFile, ImportOptions};
use iamplay_core::report::wire;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const RESULT_TYPES: &str = include_str!("types.d.ts");

/// A result as a plain JavaScript value: objects (not `Map`s), `null` for absent values.
fn to_js(value: &impl serde::Serialize) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

fn now_or_clock(now: Option<String>) -> String {
    now.unwrap_or_else(|| String::from(js_sys::Date::new_0().to_iso_string()))
}

/// `{ arn: documentText }` as a map; other values are ignored.
fn documents(managed: Option<js_sys::Object>) -> BTreeMap<String, String> {
    let Some(managed) = managed else {
        return BTreeMap::new();
    };
    js_sys::Object::entries(&managed)
        .iter()
        .filter_map(|entry| {
            let pair = js_sys::Array::from(&entry);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// A policy type by any name `PolicyType::parse` accepts (default `identity`): `identity`,
/// `resource`, `trust`, `boundary`, `session`, `scp`, `rcp`, Access Analyzer's
/// `IDENTITY_POLICY`, `RESOURCE_POLICY`, `SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`,
/// or the CLI's `identity-policy`, `resource-policy`, …, in any case.
fn policy_type(name: Option<String>) -> Result<PolicyType, JsValue> {
    name.map_or(Ok(PolicyType::Identity), |name| {
        name.parse()
            .map_err(|e: iamplay_core::UnknownPolicyType| JsValue::from_str(&e.to_string()))
    })
}

/// Reads and simulates a scenario document. `now` (ISO 8601) is the time of the requests when
/// the scenario does not fix it; by default, the browser's current time. `managedPolicies`
/// holds the documents of AWS managed policies it attaches, `{ arn: documentText }`. Problems
/// come back under `problems`, each with its JSON path, line and column.
#[wasm_bindgen(unchecked_return_type = "SimulateResult")]
pub fn simulate(
    scenario: &str,
    now: Option<String>,
    managed_policies: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    to_js(&iamplay_core::report::simulate_result(
        scenario,
        &now_or_clock(now),
        &documents(managed_policies),
    ))
}

/// The AWS managed policies a scenario attaches without embedding them:
/// `[{ arn, file }]`, `file` relative to the managed-policy folder (`policy/…/NAME.json`).
#[wasm_bindgen(js_name = managedPolicyFiles, unchecked_return_type = "ManagedPolicyFile[]")]
pub fn managed_policy_files(scenario: &str) -> Result<JsValue, JsValue> {
    let list: Vec<wire::ManagedPolicyFile> = iamplay_core::managed::references(scenario)
        .into_iter()
        .map(|arn| wire::ManagedPolicyFile {
            file: iamplay_core::managed::file_of(&arn),
            arn,
        })
        .collect();
    to_js(&list)
}

/// Lints a policy as `policyType` (default `identity`): `findings` in Access Analyzer's four
/// classes, each with its code, message, help, line and column.
#[wasm_bindgen(js_name = validatePolicy, unchecked_return_type = "LintResult")]
pub fn validate_policy(policy: &str, policy_type: Option<String>) -> Result<JsValue, JsValue> {
    to_js(&iamplay_core::report::lint_result(
        policy,
        self::policy_type(policy_type)?,
    ))
}

/// Every catalogue action a scenario's instance (or a policy, read as `policyType`) may call,
/// grouped by service and access level.
#[wasm_bindgen(unchecked_return_type = "SummaryResult")]
pub fn summary(
    text: &str,
    policy_type: Option<String>,
    now: Option<String>,
    managed_policies: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    to_js(&iamplay_core::report::summary_result(
        text,
        self::policy_type(policy_type)?,
        &now_or_clock(now),
        &documents(managed_policies),
    ))
}

/// What the new version (scenario or policy) grants that the old did not, and what it
/// removes; `result` is `FAIL` when it grants new access.
#[wasm_bindgen(unchecked_return_type = "DiffResult")]
pub fn diff(
    old: &str,
    new: &str,
    policy_type: Option<String>,
    now: Option<String>,
    managed_policies: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    to_js(&iamplay_core::report::diff_result(
        old,
        new,
        self::policy_type(policy_type)?,
        &now_or_clock(now),
        &documents(managed_policies),
    ))
}

/// Reads an IAM policy document: `valid`, its `statements`, and every problem with its place.
#[wasm_bindgen(js_name = readPolicy, unchecked_return_type = "PolicyResult")]
pub fn read_policy(policy: &str) -> Result<JsValue, JsValue> {
    to_js(&iamplay_core::report::policy_result(policy))
}

/// `[{ name, text }]` as import files; other values are refused.
fn import_files(files: &js_sys::Array) -> Result<Vec<(String, String)>, JsValue> {
    files
        .iter()
        .map(|file| {
            let field = |key: &str| {
                js_sys::Reflect::get(&file, &JsValue::from_str(key))
                    .ok()
                    .and_then(|v| v.as_string())
            };
            match (field("name"), field("text")) {
                (Some(name), Some(text)) => Ok((name, text)),
                _ => Err(JsValue::from_str(
                    "each file must be { name, text } with strings",
                )),
            }
        })
        .collect()
}

fn as_import_files(files: &[(String, String)]) -> Vec<ImportFile<'_>> {
    files
        .iter()
        .map(|(name, text)| ImportFile { name, text })
        .collect()
}

/// `{ NAME: value }` as CloudFormation parameters.
fn import_options(parameters: Option<js_sys::Object>) -> ImportOptions {
    ImportOptions {
        parameters: documents(parameters).into_iter().collect(),
    }
}

/// Imports AWS CLI outputs (`get-account-authorization-details`, `get-role`, …), Terraform's
/// `terraform show -json` or CloudFormation templates (JSON or YAML), given as
/// `[{ name, text }]`, and makes the scenario of `profile` (or of the only one): `{ profiles:
/// [{name, role}], roles, policies, awsManaged, scenario, problems, warnings }`, each problem
/// with its file, JSON path, line and column. `awsManaged` lists the AWS managed policies (by
/// ARN) the profiles' roles attach: give their documents as `managedPolicies` (`{ ARN: text }`).
/// `parameters` are CloudFormation's, `{ NAME: value }`.
#[wasm_bindgen(js_name = importFiles, unchecked_return_type = "ImportResult")]
pub fn import_files_report(
    #[wasm_bindgen(unchecked_param_type = "{ name: string; text: string }[]")]
    files: &js_sys::Array,
    profile: Option<String>,
    parameters: Option<js_sys::Object>,
    managed_policies: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    let files = import_files(files)?;
    let inputs = as_import_files(&files);
    to_js(&iamplay_core::report::import_result(
        &inputs,
        &import_options(parameters),
        profile.as_deref(),
        &documents(managed_policies),
    ))
}

/// Which instance profiles of the imported account may call `action` on `resource`:
/// `{ allowed, profiles: [{profile, role, decision, reason, deciding}], problems }`.
#[wasm_bindgen(js_name = whoCan, unchecked_return_type = "WhoCanResult")]
pub fn who_can(
    #[wasm_bindgen(unchecked_param_type = "{ name: string; text: string }[]")]
    files: &js_sys::Array,
    action: &str,
    resource: &str,
    parameters: Option<js_sys::Object>,
    now: Option<String>,
    managed_policies: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    let files = import_files(files)?;
    let inputs = as_import_files(&files);
    to_js(&iamplay_core::report::who_can_result(
        &inputs,
        &import_options(parameters),
        action,
        resource,
        &documents(managed_policies),
        &now_or_clock(now),
    ))
}

/// What creates the scenario's account: `format` is `cli`, `terraform`, `cloudformation`
/// (YAML) or `cloudformation-json`. `{ text, problems }`: the text, or the scenario's problems.
#[wasm_bindgen(js_name = exportScenario, unchecked_return_type = "ExportResult")]
pub fn export_scenario(
    scenario: &str,
    format: &str,
    managed_policies: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    let format = ExportFormat::from_name(format).ok_or_else(|| {
        JsValue::from_str("format must be cli, terraform, cloudformation or cloudformation-json")
    })?;
    to_js(&iamplay_core::report::export_result(
        scenario,
        format,
        &documents(managed_policies),
    ))
}

/// The ready scenarios: `[{id, title, text}]`.
#[wasm_bindgen(unchecked_return_type = "Preset[]")]
pub fn presets() -> Result<JsValue, JsValue> {
    let list: Vec<wire::Preset> = iamplay_core::presets::PRESETS
        .iter()
        .map(|p| wire::Preset {
            id: p.id.to_owned(),
            title: p.title.to_owned(),
            text: p.text.to_owned(),
        })
        .collect();
    to_js(&list)
}

/// The actions an `Action` pattern such as `s3:Get*` covers, from AWS's catalogue, with their
/// access levels (an empty list when it covers none).
#[wasm_bindgen(js_name = expandActions, unchecked_return_type = "ExpandedAction[]")]
pub fn expand_actions(pattern: &str) -> Result<JsValue, JsValue> {
    let list: Vec<wire::ExpandedAction> = iamplay_core::catalog::catalog()
        .expand(pattern)
        .iter()
        .map(|(service, action)| wire::ExpandedAction {
            action: format!("{}:{}", service.prefix, action.name),
            access_level: action.access.as_str().to_owned(),
        })
        .collect();
    to_js(&list)
}

/// AWS's `simulate-custom-policy`, offline: the same input as `aws iam simulate-custom-policy
/// --cli-input-json` (`PolicyInputList`, `ActionNames`, `ResourceArns`, `ContextEntries`, …,
/// as a JSON text or an object) and AWS's response (`EvaluationResults` with
/// `MatchedStatements` at AWS's positions), with `allAllowed`; `explain` adds iamplay's
/// explanation of each result under `Iamplay`. Problems of the input come back under
/// `problems`, a policy's with its field, line and column.
#[wasm_bindgen(js_name = simulateCustomPolicy, unchecked_return_type = "SimulateCustomPolicyResult")]
pub fn simulate_custom_policy(
    #[wasm_bindgen(unchecked_param_type = "string | object")] input: &JsValue,
    explain: Option<bool>,
) -> Result<JsValue, JsValue> {
    let text = match input.as_string() {
        Some(text) => text,
        None => String::from(js_sys::JSON::stringify(input)?),
    };
    to_js(&iamplay_core::aws::simulate_custom_policy(
        &text,
        explain.unwrap_or(false),
    ))
}
