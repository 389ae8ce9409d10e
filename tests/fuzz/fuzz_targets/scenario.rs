//! Reading any text as a scenario and running the chain of one that reads: no panic, every
//! problem inside the text with a JSON path.
#![no_main]

use iamplay_core::scenario::{read_scenario, run_scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let read = read_scenario(text);
    for p in &read.problems {
        assert!(p.diagnostic.span.end <= text.len());
        assert!(p.path.starts_with('$'));
    }
    if let Some(scenario) = read.scenario {
        let _ = run_scenario(&scenario, "2026-12-01T12:00:00Z");
    }
});
