//! Decoding any URL fragment as a share link: no panic, and a link the page makes from a
//! scenario opens that scenario.
#![no_main]

use iamplay_web::share::{fragment, read_link};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = read_link(text);
    let _ = read_link(&format!("#scenario={text}"));
    if let Some(link) = fragment(text) {
        assert_eq!(read_link(&link), Some(Ok(text.to_owned())));
    }
});
