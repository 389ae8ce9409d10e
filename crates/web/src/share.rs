//! Share links: the scenario travels in the URL's fragment (`#scenario=…`, base64url), which
//! browsers never send to a server, so a shared scenario still never leaves the page.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// The fragment's prefix.
pub const PREFIX: &str = "#scenario=";
/// Longest scenario a link carries (larger ones make unusable URLs).
pub const MAX_SHARED_BYTES: usize = 48 * 1024;

/// base64url: written without padding; read with or without it, and with any bits past the
/// last byte, as links have always been read.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

/// base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    BASE64URL.encode(bytes)
}

/// Decodes base64url (padding optional); `None` on any other character.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    BASE64URL.decode(text.trim_end_matches('=')).ok()
}

/// The fragment for a scenario, or `None` when it is too large to share this way.
pub fn fragment(scenario: &str) -> Option<String> {
    (scenario.len() <= MAX_SHARED_BYTES).then(|| format!("{PREFIX}{}", encode(scenario.as_bytes())))
}

/// The longest fragment a link to a [`MAX_SHARED_BYTES`] scenario has: longer ones are refused
/// before they are decoded.
pub const MAX_FRAGMENT: usize = PREFIX.len() + MAX_SHARED_BYTES.div_ceil(3) * 4 + 2;

/// The scenario carried by a fragment: `None` when it carries none (`#other`, or no fragment),
/// and why it cannot be opened when it is too long, not base64url or not UTF-8 text.
pub fn read_link(fragment: &str) -> Option<Result<String, String>> {
    let encoded = fragment.strip_prefix(PREFIX)?;
    if fragment.len() > MAX_FRAGMENT {
        return Some(Err(format!(
            "it is {} characters long, and a link carries at most {} KiB of scenario",
            iamplay_core::diagnostic::thousands(fragment.len()),
            MAX_SHARED_BYTES / 1024
        )));
    }
    let Some(bytes) = decode(encoded) else {
        return Some(Err(
            "it is not base64url (the link may have been cut or changed)".to_owned(),
        ));
    };
    Some(String::from_utf8(bytes).map_err(|_| "what it carries is not text".to_owned()))
}

/// The scenario carried by a fragment, if it carries one that opens.
pub fn scenario_from(fragment: &str) -> Option<String> {
    read_link(fragment)?.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_any_text() {
        for text in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "{\"scenarioVersion\": 1, \"name\": \"é😀\"}",
        ] {
            let fragment = fragment(text).unwrap();
            assert!(
                fragment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"#=-_".contains(&b)),
                "{fragment}"
            );
            assert_eq!(scenario_from(&fragment).as_deref(), Some(text));
        }
        assert_eq!(encode(b"Man"), "TWFu");
        assert_eq!(encode(b"Ma"), "TWE");
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "-_-_");
    }

    #[test]
    fn links_shared_so_far_still_open() {
        // As the page wrote them, and with the padding other encoders add.
        let shared = "#scenario=eyJzY2VuYXJpb1ZlcnNpb24iOiAxLCAibmFtZSI6ICLDqfCfmIAifQ";
        let text = "{\"scenarioVersion\": 1, \"name\": \"é😀\"}";
        assert_eq!(scenario_from(shared).as_deref(), Some(text));
        assert_eq!(scenario_from(&format!("{shared}==")).as_deref(), Some(text));
        assert_eq!(decode("TWE="), Some(b"Ma".to_vec()));
        assert_eq!(
            decode("TWF"),
            Some(b"Ma".to_vec()),
            "bits past the last byte"
        );
        assert_eq!(decode("TW+u"), None, "standard base64 is not base64url");
    }

    #[test]
    fn a_broken_or_oversized_link_says_why_before_decoding_much() {
        assert_eq!(read_link("#other=abc"), None);
        assert_eq!(read_link(""), None);
        let why = |f: &str| read_link(f).and_then(Result::err).unwrap_or_default();
        assert!(why("#scenario=not*base64").contains("not base64url"));
        assert!(why(&format!("#scenario={}", encode(&[0xff, 0xfe]))).contains("not text"));
        let huge = format!("#scenario={}", "A".repeat(2_000_000));
        assert!(
            why(&huge).contains("2,000,010 characters"),
            "{}",
            why(&huge)
        );
        // The largest scenario a link is made for opens.
        let largest = "x".repeat(MAX_SHARED_BYTES);
        let link = fragment(&largest).unwrap();
        assert!(link.len() <= MAX_FRAGMENT);
        assert_eq!(scenario_from(&link), Some(largest));
    }

    #[test]
    fn rejects_what_is_not_a_shared_scenario() {
        assert_eq!(scenario_from("#other=abc"), None);
        assert_eq!(scenario_from("#scenario=not*base64"), None);
        assert_eq!(fragment(&"x".repeat(MAX_SHARED_BYTES + 1)), None);
    }
}
