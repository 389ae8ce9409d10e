//! The scenario schema in `crates/core/schema/` is checked in, valid, and agrees with the reader:
//! every preset passes both, and documents the reader refuses are refused by the schema too.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test setup: a panic is a failed test"
)]

use iamplay_core::managed::read_folder;
use iamplay_core::presets::PRESETS;
use iamplay_core::scenario::{read_scenario, read_scenario_with};

/// A named way to break a valid scenario.
type Breakage = (&'static str, Box<dyn Fn(&mut serde_json::Value)>);

fn validator() -> jsonschema::Validator {
    let text = include_str!("../schema/scenario-v1.schema.json");
    let schema: serde_json::Value = serde_json::from_str(text).expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the schema is a valid draft 2020-12 schema")
}

#[test]
fn every_preset_is_valid_against_the_schema() {
    let validator = validator();
    for preset in PRESETS {
        let document: serde_json::Value = serde_json::from_str(preset.text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", preset.id);
        let files = read_folder(
            std::path::Path::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/managed-policies"
            )),
            preset.text,
        );
        assert!(
            read_scenario_with(preset.text, &files).scenario.is_some(),
            "{}",
            preset.id
        );
    }
}

#[test]
fn documents_the_reader_refuses_are_refused_by_the_schema() {
    let validator = validator();
    let base: serde_json::Value = serde_json::from_str(PRESETS[0].text).unwrap();
    let broken: Vec<Breakage> = vec![
        (
            "unknown top-level field",
            Box::new(|d| d["acount"] = serde_json::json!({})),
        ),
        (
            "bad account id",
            Box::new(|d| d["account"]["id"] = serde_json::json!("1234")),
        ),
        (
            "bad role name",
            Box::new(|d| d["account"]["roles"][0]["name"] = serde_json::json!("bad name")),
        ),
        (
            "bad IMDS version",
            Box::new(|d| d["instance"]["imdsVersion"] = serde_json::json!("v3")),
        ),
        (
            "bad instance id",
            Box::new(|d| d["instance"]["id"] = serde_json::json!("x-1")),
        ),
        (
            "bad expectation",
            Box::new(|d| d["requests"][0]["expect"] = serde_json::json!("maybe")),
        ),
        (
            "action without service",
            Box::new(|d| d["requests"][0]["action"] = serde_json::json!("PutObject")),
        ),
        (
            "wrong version",
            Box::new(|d| d["scenarioVersion"] = serde_json::json!(2)),
        ),
        (
            "missing requests",
            Box::new(|d| {
                d.as_object_mut().unwrap().remove("requests");
            }),
        ),
    ];
    for (what, change) in broken {
        let mut document = base.clone();
        change(&mut document);
        assert!(
            !validator.is_valid(&document),
            "the schema accepts a document with a {what}"
        );
        let text = serde_json::to_string_pretty(&document).unwrap();
        assert!(
            read_scenario(&text).scenario.is_none(),
            "the reader accepts a document with a {what}"
        );
    }
}
