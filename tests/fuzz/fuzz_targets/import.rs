//! Reading any text as AWS CLI output, Terraform JSON or a CloudFormation template (JSON or
//! YAML), making a scenario of every profile it holds, and asking who can make a request: no
//! panic, every problem inside its file with a JSON path, and every scenario made one that
//! reads without errors.
#![no_main]

use iamplay_core::import::{ImportFile, ImportOptions, read, who_can};
use iamplay_core::managed::NoManagedPolicies;
use iamplay_core::scenario::read_scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = ImportFile { name: "f", text };
    let inventory = read(&[file], &ImportOptions::default());
    for p in &inventory.problems {
        assert!(p.diagnostic.span.end <= text.len());
        assert!(p.path.starts_with('$'));
    }
    let names: Vec<String> = inventory
        .profile_names()
        .iter()
        .map(|n| (*n).to_owned())
        .collect();
    for name in names.iter().map(|n| Some(n.as_str())).chain([None]) {
        if let Ok(scenario) = inventory.scenario(name, &NoManagedPolicies) {
            assert!(read_scenario(&scenario.text).scenario.is_some());
        }
    }
    let _ = who_can(
        &inventory,
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        &NoManagedPolicies,
        "2026-12-01T12:00:00Z",
    );
});
