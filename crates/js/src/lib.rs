//! The iamplay engine for JavaScript, as a thin facade over `iamplay-core`: build it with
//! `wasm-pack build crates/js --target web` and import the functions below. Every result is a
//! plain object in the same shape as the CLI's `--output json`; nothing leaves the page.
//!
//! ```js
//! import init, { simulate, readPolicy, presets } from "./pkg/iamplay_js.js";
//! await init();
//! const result = simulate(scenarioText);          // or simulate(scenarioText, "2026-11-22T12:00:00Z")
//! console.log(result.verdict, result.requests[0].decision);
//! ```

use wasm_bindgen::prelude::*;

fn to_js(value: &serde_json::Value) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&value.to_string())
}

/// Reads and simulates a scenario document. `now` (ISO 8601) is the time of the requests when
/// the scenario does not fix it; by default, the browser's current time. Problems come back
/// under `problems`, each with its JSON path, line and column.
#[wasm_bindgen]
pub fn simulate(scenario: &str, now: Option<String>) -> Result<JsValue, JsValue> {
    let now = now.unwrap_or_else(|| String::from(js_sys::Date::new_0().to_iso_string()));
    to_js(&iamplay_core::report::simulate_report(
        scenario,
        &now,
        &iamplay_core::managed::NoManagedPolicies,
    ))
}

/// Reads an IAM policy document: `valid`, its `statements`, and every problem with its place.
#[wasm_bindgen(js_name = readPolicy)]
pub fn read_policy(policy: &str) -> Result<JsValue, JsValue> {
    to_js(&iamplay_core::report::policy_report(policy))
}

/// The ready scenarios: `[{id, title, text}]`.
#[wasm_bindgen]
pub fn presets() -> Result<JsValue, JsValue> {
    let list: Vec<serde_json::Value> = iamplay_core::presets::PRESETS
        .iter()
        .map(|p| serde_json::json!({ "id": p.id, "title": p.title, "text": p.text }))
        .collect();
    to_js(&serde_json::Value::Array(list))
}
