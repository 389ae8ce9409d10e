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

/// The scenario carried by a fragment, if it carries one.
pub fn scenario_from(fragment: &str) -> Option<String> {
    let encoded = fragment.strip_prefix(PREFIX)?;
    String::from_utf8(decode(encoded)?).ok()
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
    fn rejects_what_is_not_a_shared_scenario() {
        assert_eq!(scenario_from("#other=abc"), None);
        assert_eq!(scenario_from("#scenario=not*base64"), None);
        assert_eq!(fragment(&"x".repeat(MAX_SHARED_BYTES + 1)), None);
    }
}
