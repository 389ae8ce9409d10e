//! Reading any bytes as a policy: no panic, every diagnostic inside the text, and a policy that
//! reads prints to text that reads back the same.
#![no_main]

use iamplay_core::read_policy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let read = read_policy(text);
    for d in &read.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len());
    }
    if let Some(policy) = read.policy {
        let printed = policy.print();
        let again = read_policy(&printed).policy.map(|p| p.print());
        assert_eq!(again.as_deref(), Some(printed.as_str()));
    }
});
