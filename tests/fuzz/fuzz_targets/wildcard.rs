//! The wildcard matcher against a simple reference: IAM's `*` (any run of characters) and `?`
//! (one character), every other character literal, matched over the whole text, as a regular
//! expression does. The input is a pattern and a text separated by a newline; a pattern without
//! `:` is one ARN part, matched by the engine's glob.
#![no_main]

use iamplay_core::arn::ArnPattern;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let Some((pattern, text)) = input.split_once('\n') else {
        return;
    };
    if pattern.contains(':') || pattern.len() > 64 {
        return;
    }
    let mut reference = String::from("(?s)^");
    for c in pattern.chars() {
        match c {
            '*' => reference.push_str(".*"),
            '?' => reference.push('.'),
            c => reference.push_str(&regex::escape(&c.to_string())),
        }
    }
    reference.push('$');
    let Ok(expected) = regex::Regex::new(&reference).map(|r| r.is_match(text)) else {
        return;
    };
    assert_eq!(
        ArnPattern::new(pattern).matches(text),
        expected,
        "{pattern:?} on {text:?}"
    );
});
