//! Share links: the scenario travels in the URL's fragment (`#scenario=…`, base64url), which
//! browsers never send to a server, so a shared scenario still never leaves the page.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// The fragment's prefix.
pub const PREFIX: &str = "#scenario=";
/// Longest scenario a link carries (larger ones make unusable URLs).
pub const MAX_SHARED_BYTES: usize = 48 * 1024;

/// base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let index = usize::try_from((n >> (18 - 6 * i)) & 63).unwrap_or(0);
            out.push(char::from(*ALPHABET.get(index).unwrap_or(&b'A')));
        }
    }
    out
}

/// Decodes base64url (padding optional); `None` on any other character.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for byte in text.trim_end_matches('=').bytes() {
        let value = u32::try_from(ALPHABET.iter().position(|&a| a == byte)?).ok()?;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(u8::try_from((bits >> count) & 0xFF).ok()?);
        }
    }
    Some(out)
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
    }

    #[test]
    fn rejects_what_is_not_a_shared_scenario() {
        assert_eq!(scenario_from("#other=abc"), None);
        assert_eq!(scenario_from("#scenario=not*base64"), None);
        assert_eq!(fragment(&"x".repeat(MAX_SHARED_BYTES + 1)), None);
    }
}
