//! The JS facade in headless Chromium, called as JavaScript would call it.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "browser tests: a panic is a failed test"
)]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn at(value: &JsValue, index: u32) -> JsValue {
    js_sys::Reflect::get_u32(value, index).unwrap()
}

#[wasm_bindgen_test]
fn presets_simulate_to_plain_objects() {
    let presets = iamplay_js::presets().unwrap();
    let first = at(&presets, 0);
    assert_eq!(
        get(&first, "id").as_string().as_deref(),
        Some("elastic-beanstalk")
    );
    let text = get(&first, "text").as_string().unwrap();
    let result = iamplay_js::simulate(&text, None, None).unwrap();
    let verdict = get(&result, "verdict").as_string().unwrap();
    assert!(
        verdict
            .starts_with("the instance gets credentials for role `aws-elasticbeanstalk-ec2-role`"),
        "{verdict}"
    );
    let request = at(&get(&result, "requests"), 0);
    assert_eq!(
        get(&request, "decision").as_string().as_deref(),
        Some("allowed")
    );
    assert_eq!(
        get(&request, "expected").as_string().as_deref(),
        Some("allowed")
    );
    assert_eq!(js_sys::Array::from(&get(&result, "problems")).length(), 0);
}

#[wasm_bindgen_test]
fn problems_and_policies_come_back_with_places() {
    let result = iamplay_js::simulate(
        "{\"scenarioVersion\": 1, \"account\": {}}",
        Some("2026-11-22T12:00:00Z".to_owned()),
        None,
    )
    .unwrap();
    let problem = at(&get(&result, "problems"), 0);
    assert_eq!(get(&problem, "path").as_string().as_deref(), Some("$"));
    assert!(get(&result, "verdict").is_undefined());
    let policy = iamplay_js::read_policy("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}}").unwrap();
    assert_eq!(get(&policy, "valid").as_bool(), Some(true));
    let statement = at(&get(&policy, "statements"), 0);
    assert_eq!(
        get(&statement, "effect").as_string().as_deref(),
        Some("Allow")
    );
}

#[wasm_bindgen_test]
fn managed_policies_summary_diff_and_lint_from_javascript() {
    let presets = iamplay_js::presets().unwrap();
    let walkthrough = (0..js_sys::Array::from(&presets).length())
        .map(|i| at(&presets, i))
        .find(|p| get(p, "id").as_string().as_deref() == Some("ec2-app-server"))
        .unwrap();
    let text = get(&walkthrough, "text").as_string().unwrap();
    let files = iamplay_js::managed_policy_files(&text).unwrap();
    assert_eq!(
        get(&at(&files, 1), "file").as_string().as_deref(),
        Some("policy/AmazonSSMManagedInstanceCore.json")
    );
    // Without the documents the attachments are IAM's NoSuchEntity; with them, simulated.
    let without = iamplay_js::simulate(&text, None, None).unwrap();
    assert_eq!(js_sys::Array::from(&get(&without, "problems")).length(), 2);
    let documents = js_sys::Object::new();
    for (arn, document) in [
        (
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}]}"#,
        ),
        (
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:UpdateInstanceInformation","ssmmessages:*"],"Resource":"*"}]}"#,
        ),
    ] {
        js_sys::Reflect::set(
            &documents,
            &JsValue::from_str(arn),
            &JsValue::from_str(document),
        )
        .unwrap();
    }
    let with = iamplay_js::simulate(&text, None, Some(documents.clone())).unwrap();
    assert_eq!(js_sys::Array::from(&get(&with, "problems")).length(), 0);
    assert_eq!(get(&with, "allAllowed").as_bool(), Some(false));
    let summary = iamplay_js::summary(&text, None, None, Some(documents)).unwrap();
    assert!(get(&summary, "allowedActions").as_f64().unwrap() > 10.0);

    let old = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
    let new = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*Object","Resource":"*"}]}"#;
    let review = iamplay_js::diff(old, new, None, None, None).unwrap();
    assert_eq!(get(&review, "result").as_string().as_deref(), Some("FAIL"));
    assert!(iamplay_js::diff(old, new, Some("no-such-type".into()), None, None).is_err());

    let lint = iamplay_js::validate_policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket"}]}"#,
        Some("identity".into()),
    )
    .unwrap();
    let finding = at(&get(&lint, "findings"), 0);
    assert_eq!(
        get(&finding, "code").as_string().as_deref(),
        Some("resource-type-mismatch")
    );
    // A trust policy by name gets the trust policy checks, whatever actions it names.
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"s3:GetObject"}]}"#;
    for name in ["trust", "TRUST_POLICY", "role-trust-policy"] {
        let lint = iamplay_js::validate_policy(trust, Some(name.into())).unwrap();
        let finding = at(&get(&lint, "findings"), 0);
        assert_eq!(
            get(&finding, "code").as_string().as_deref(),
            Some("trust-invalid-action"),
            "{name}"
        );
    }
    let refused = iamplay_js::validate_policy(trust, Some("bucket".into())).unwrap_err();
    assert!(
        refused.as_string().is_some_and(
            |m| m.starts_with("unknown policy type `bucket`: use identity, resource, trust")
        ),
        "{refused:?}"
    );
}

/// Two roles with the same inline policy text: the deciding statement is the second role's; an
/// AWS managed policy's statement is placed in its own document.
#[wasm_bindgen_test]
fn twin_policies_are_placed_at_the_role_that_decides() {
    let case = include_str!("../../../tests/scenarios/twin-policies.json");
    let limits = iamplay_core::json::Limits::default();
    let root = iamplay_core::json::parse(case, limits).0.unwrap();
    let span = root.get("scenario").unwrap().span;
    let text = span.slice(case);
    let managed = js_sys::Object::new();
    js_sys::Reflect::set(
        &managed,
        &JsValue::from_str("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"),
        &JsValue::from_str(include_str!(
            "../../core/data/managed-policies/policy/AmazonS3ReadOnlyAccess.json"
        )),
    )
    .unwrap();
    let result =
        iamplay_js::simulate(text, Some("2026-11-22T12:00:00Z".into()), Some(managed)).unwrap();
    let deciding = |i: u32| at(&get(&at(&get(&result, "requests"), i), "deciding"), 0);
    let same = deciding(0);
    assert_eq!(
        get(&same, "document").as_string().as_deref(),
        Some("$.account.roles[1].inlinePolicies.same")
    );
    // Line 22 of the case file is line 18 of the scenario, which starts on line 5.
    assert_eq!(get(&same, "line").as_f64(), Some(18.0));
    let managed = deciding(2);
    assert_eq!(
        get(&managed, "source").as_string().as_deref(),
        Some("managed")
    );
    assert_eq!(get(&managed, "line").as_f64(), Some(4.0));
}

fn files(list: &[(&str, &str)]) -> js_sys::Array {
    list.iter()
        .map(|(name, text)| {
            let file = js_sys::Object::new();
            js_sys::Reflect::set(&file, &"name".into(), &(*name).into()).unwrap();
            js_sys::Reflect::set(&file, &"text".into(), &(*text).into()).unwrap();
            JsValue::from(file)
        })
        .collect()
}

const DUMP: &str = include_str!("../../../tests/import/account-authorization-details.json");

/// The AWS managed policies the walkthrough attaches, `{ arn: document }`.
fn walkthrough_managed() -> js_sys::Object {
    let managed = js_sys::Object::new();
    for (name, text) in [
        (
            "AmazonS3ReadOnlyAccess",
            include_str!("../../core/data/managed-policies/policy/AmazonS3ReadOnlyAccess.json"),
        ),
        (
            "AmazonSSMManagedInstanceCore",
            include_str!(
                "../../core/data/managed-policies/policy/AmazonSSMManagedInstanceCore.json"
            ),
        ),
    ] {
        let arn = format!("arn:aws:iam::aws:policy/{name}");
        js_sys::Reflect::set(&managed, &arn.into(), &text.into()).unwrap();
    }
    managed
}
const YAML: &str = include_str!("../../../tests/import/walkthrough.yaml");

#[wasm_bindgen_test]
fn imports_make_scenarios_and_answer_who_can() {
    let dump = files(&[("dump.json", DUMP)]);
    // Two profiles and none chosen: the list, and a problem saying so.
    let report = iamplay_js::import_files_report(&dump, None, None, None).unwrap();
    assert_eq!(
        get(&at(&get(&report, "profiles"), 1), "name")
            .as_string()
            .as_deref(),
        Some("WebServerProfile")
    );
    assert!(get(&report, "scenario").is_null());
    assert_eq!(
        get(&at(&get(&report, "problems"), 0), "code")
            .as_string()
            .as_deref(),
        Some("choose-profile")
    );
    let chosen = iamplay_js::import_files_report(
        &dump,
        Some("WebServerProfile".to_owned()),
        None,
        Some(walkthrough_managed()),
    )
    .unwrap();
    let scenario = get(&chosen, "scenario").as_string().unwrap();
    assert!(scenario.contains("\"ReadReports\""), "{scenario}");
    // A YAML template, with a parameter.
    let parameters = js_sys::Object::new();
    js_sys::Reflect::set(&parameters, &"BucketName".into(), &"other-bucket".into()).unwrap();
    let template = iamplay_js::import_files_report(
        &files(&[("t.yaml", YAML)]),
        None,
        Some(parameters),
        Some(walkthrough_managed()),
    )
    .unwrap();
    assert!(
        get(&template, "scenario")
            .as_string()
            .unwrap()
            .contains("arn:aws:s3:::other-bucket/*")
    );
    // Who can: the deciding statement at its line in the dump.
    let answer = iamplay_js::who_can(
        &dump,
        "s3:PutObject",
        "arn:aws:s3:::my-app-bucket/a",
        None,
        Some("2026-11-22T12:00:00Z".to_owned()),
        None,
    )
    .unwrap();
    assert_eq!(get(&answer, "allowed").as_f64(), Some(1.0));
    let first = at(&get(&answer, "profiles"), 0);
    assert_eq!(
        get(&at(&get(&first, "deciding"), 0), "at")
            .as_string()
            .as_deref(),
        Some("dump.json:170:29")
    );
    // A problem has its line and column.
    let broken =
        iamplay_js::import_files_report(&files(&[("b.json", "{\"Roles\": 3}")]), None, None, None)
            .unwrap();
    let problem = at(&get(&broken, "problems"), 0);
    assert_eq!(
        (
            get(&problem, "line").as_f64(),
            get(&problem, "column").as_f64()
        ),
        (Some(1.0), Some(11.0))
    );
}

#[wasm_bindgen_test]
fn exports_give_text_or_the_scenarios_problems() {
    let presets = iamplay_js::presets().unwrap();
    let text = get(&at(&presets, 1), "text").as_string().unwrap();
    for format in ["cli", "terraform", "cloudformation", "cloudformation-json"] {
        let exported =
            iamplay_js::export_scenario(&text, format, Some(walkthrough_managed())).unwrap();
        assert!(
            get(&exported, "text")
                .as_string()
                .unwrap()
                .contains("EC2AppServerRole"),
            "{format}"
        );
    }
    let refused =
        iamplay_js::export_scenario("{\"scenarioVersion\": 1}", "terraform", None).unwrap();
    assert!(get(&refused, "text").is_null());
    assert!(get(&get(&refused, "problems"), "length").as_f64().unwrap() > 0.0);
    assert!(iamplay_js::export_scenario(&text, "pulumi", None).is_err());
}
