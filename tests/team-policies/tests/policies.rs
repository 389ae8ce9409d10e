//! The team's policies in headless Chromium: `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::indexing_slicing, reason = "a test: a panic is a failed test")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_expected_decision_holds() {
    for (name, scenario) in team_policies::SCENARIOS {
        let unexpected = team_policies::unexpected(scenario, "2026-12-01T00:00:00Z");
        assert!(unexpected.is_empty(), "{name}: {unexpected:#?}");
    }
}

#[wasm_bindgen_test]
fn a_wrong_expectation_is_caught() {
    let (_, scenario) = team_policies::SCENARIOS[0];
    let wrong = scenario.replacen("\"expect\": \"implicitDeny\"", "\"expect\": \"allowed\"", 1);
    let unexpected = team_policies::unexpected(&wrong, "2026-12-01T00:00:00Z");
    assert_eq!(unexpected.len(), 1, "{unexpected:#?}");
    assert!(
        unexpected[0].starts_with("s3:DeleteObject on arn:aws:s3:::example-reports/"),
        "{unexpected:#?}"
    );
}
