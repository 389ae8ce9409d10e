//! The CLI's diagnostic rendering (miette) of any span on any text: no panic. The input is the
//! span's start and length (four bytes each), then the text.
#![no_main]

#[path = "../../../crates/cli/src/render.rs"]
#[allow(dead_code)]
mod render;

use iamplay_core::{Diagnostic, Span};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (Some(head), Some(rest)) = (data.get(..8), data.get(8..)) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let number = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let start = number(&head[..4]) % (text.len() + 8);
    let length = number(&head[4..]) % (text.len() + 8);
    let finding = Diagnostic::error("fuzz", "a finding", Span::new(start, start + length));
    let out = render::render("p.json", text, &[finding]);
    assert!(out.contains("a finding"));
});
