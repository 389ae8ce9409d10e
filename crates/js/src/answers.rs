//! The answers beyond allowed or denied: `fix`, `discover`, `whoCanGet` and `exfiltration`.
//! Each is checked by simulating the scenario again before it is returned, as in the CLI.

use super::{documents, now_or_clock, to_js};
use wasm_bindgen::prelude::*;

/// The checked fixes of request `request` (from 0), or of every request not allowed that the
/// scenario does not expect to be denied, smallest first, each with its diff, the whole
/// scenario with it made, and what the change review finds it grants; and the tightenings of
/// over-broad grants that keep every expected request allowed.
#[wasm_bindgen(unchecked_return_type = "FixResult")]
pub fn fix(
    scenario: &str,
    request: Option<usize>,
    now: Option<String>,
    managed_policies: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    to_js(&iamplay_core::report::answers::fix_result(
        scenario,
        &now_or_clock(now),
        &documents(managed_policies),
        request,
    ))
}

/// The context values under which request `request` (from 0, or every request not allowed) is
/// allowed, per key across every policy layer, each set simulated; and every condition the
/// request reaches with whether it holds (the truth table).
#[wasm_bindgen(unchecked_return_type = "DiscoverResult")]
pub fn discover(
    scenario: &str,
    request: Option<usize>,
    now: Option<String>,
    managed_policies: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    to_js(&iamplay_core::report::answers::discover_result(
        scenario,
        &now_or_clock(now),
        &documents(managed_policies),
        request,
    ))
}

/// Which principals of the scenario can get its instance profile's credentials, by each
/// documented EC2 path, each step with its deciding statements.
#[wasm_bindgen(js_name = whoCanGet, unchecked_return_type = "WhoCanGetResult")]
pub fn who_can_get(
    scenario: &str,
    now: Option<String>,
    managed_policies: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    to_js(&iamplay_core::report::answers::who_can_get_result(
        scenario,
        &now_or_clock(now),
        &documents(managed_policies),
    ))
}

/// What the instance's credentials can do from the instance, from the internet and from
/// another VPC, and each documented guard added to the scenario and worked out.
#[wasm_bindgen(unchecked_return_type = "ExfiltrationResult")]
pub fn exfiltration(
    scenario: &str,
    now: Option<String>,
    managed_policies: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    to_js(&iamplay_core::report::answers::exfiltration_result(
        scenario,
        &now_or_clock(now),
        &documents(managed_policies),
    ))
}
