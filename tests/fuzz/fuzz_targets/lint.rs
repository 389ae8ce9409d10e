//! The linter on any text, as every policy type: no panic, every finding inside the text and on
//! character boundaries.
#![no_main]

use iamplay_core::PolicyType;
use iamplay_core::lint::lint_policy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for kind in PolicyType::ALL {
        for finding in lint_policy(text, kind) {
            assert!(finding.span.end <= text.len());
            assert!(text.is_char_boundary(finding.span.start));
            assert!(text.is_char_boundary(finding.span.end));
        }
    }
});
