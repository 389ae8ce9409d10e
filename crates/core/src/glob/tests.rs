//! Tests of wildcard matching, including a property test against a plain reference matcher.

use super::*;

/// The obvious dynamic-programming matcher, over characters: slow but clearly right.
fn reference(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let mut row = vec![false; t.len() + 1];
    row[0] = true;
    for &pc in &p {
        let mut next = vec![false; t.len() + 1];
        if pc == '*' {
            let mut seen = false;
            for j in 0..=t.len() {
                seen |= row[j];
                next[j] = seen;
            }
        } else {
            for j in 1..=t.len() {
                next[j] = row[j - 1] && (pc == '?' || pc == t[j - 1]);
            }
        }
        row = next;
    }
    row[t.len()]
}

#[test]
fn examples() {
    let cases = [
        ("*", "", true),
        ("*", "anything", true),
        ("s3:Get*", "s3:GetObject", true),
        ("s3:Get*", "s3:PutObject", false),
        ("s3:*Object", "s3:GetObject", true),
        ("s3:*Object", "s3:GetObjectAcl", false),
        ("s3:Get?bject", "s3:GetObject", true),
        ("s3:Get?bject", "s3:Getbject", false),
        ("a*b*c", "abc", true),
        ("a*b*c", "aXbYc", true),
        ("a*b*c", "acb", false),
        ("a*a", "a", false),
        ("*ab", "aab", true),
        ("??", "é😀", true),
        ("?", "", false),
        ("ab*", "a", false),
        ("*?", "", false),
        ("*?", "x", true),
        ("a**b", "ab", true),
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b", true),
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false),
    ];
    for (pattern, text, wanted) in cases {
        assert_eq!(glob_match(pattern, text), wanted, "{pattern:?} vs {text:?}");
        assert_eq!(
            reference(pattern, text),
            wanted,
            "reference: {pattern:?} vs {text:?}"
        );
    }
}

#[test]
fn literal_markers_match_the_characters_themselves() {
    let pattern = format!("a{LITERAL_STAR}b{LITERAL_QUESTION}*");
    assert!(glob_match(&pattern, "a*b?"));
    assert!(glob_match(&pattern, "a*b?tail"));
    assert!(!glob_match(&pattern, "axb?"));
    assert!(!glob_match(&pattern, "a*bx"));
    assert!(glob_match(&LITERAL_STAR.to_string(), "*"));
    assert!(!glob_match(&LITERAL_STAR.to_string(), "x"));
    assert_eq!(unmark(&pattern), "a*b?*");
}

#[test]
fn patterns_intersect_when_some_text_matches_both() {
    assert!(patterns_intersect("arn:aws:s3:::b/*", "arn:*:s3:::*/*"));
    assert!(!patterns_intersect("arn:aws:s3:::b", "arn:*:s3:::*/*"));
    assert!(patterns_intersect(
        "arn:aws:logs:*:*:log-group:/aws/eb*",
        "arn:*:logs:*:*:log-group:*:log-stream:*"
    ));
    assert!(!patterns_intersect("arn:aws:s3:::queue", "arn:*:sqs:*:*:*"));
    assert!(patterns_intersect("a?c", "ab*"));
    assert!(!patterns_intersect("abc", "abd"));
    assert!(patterns_intersect("*", ""));
    assert!(!patterns_intersect("?", ""));
}

#[test]
fn a_huge_adversarial_pattern_is_fast() {
    let pattern = "*a".repeat(5_000) + "*b";
    let text = "a".repeat(20_000);
    let glob = Glob::new(&pattern);
    assert!(!glob.matches(&text));
    let mut matching = text.clone();
    matching.push('b');
    assert!(glob.matches(&matching));
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn agrees_with_the_reference(pattern in "[ab*?é]{0,10}", text in "[abé]{0,12}") {
            prop_assert_eq!(glob_match(&pattern, &text), reference(&pattern, &text));
        }

        #[test]
        fn agrees_on_arn_like_text(pattern in "[a-c:/*?]{0,12}", text in "[a-c:/]{0,16}") {
            prop_assert_eq!(glob_match(&pattern, &text), reference(&pattern, &text));
        }
    }
}
