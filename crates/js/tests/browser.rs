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
    let result = iamplay_js::simulate(&text, None).unwrap();
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
