//! Tests of the span-keeping JSON reader.

use super::*;

fn read(text: &str) -> (Option<Json>, Vec<Diagnostic>) {
    parse(text, Limits::default())
}

fn messages(text: &str) -> Vec<String> {
    read(text).1.into_iter().map(|d| d.message).collect()
}

#[test]
fn reads_every_kind_of_value_with_spans() {
    let text = r#" {"a": [1, -2.5e3, true, false, null], "b": "x\u00e9\n"} "#;
    let (value, diagnostics) = read(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let value = value.unwrap();
    assert_eq!(value.span, Span::new(1, text.len() - 1));
    let JsonValue::Object(members) = value.value else {
        panic!("not an object")
    };
    assert_eq!(members[0].key, "a");
    assert_eq!(members[0].key_span.slice(text), "\"a\"");
    let JsonValue::Array(items) = &members[0].value.value else {
        panic!("not an array")
    };
    assert_eq!(items[1].value, JsonValue::Number("-2.5e3".into()));
    assert_eq!(items[1].span.slice(text), "-2.5e3");
    assert_eq!(items[4].value, JsonValue::Null);
    assert_eq!(members[1].value.value, JsonValue::String("xé\n".into()));
}

#[test]
fn surrogate_pairs_decode() {
    let (value, diagnostics) = read(r#""\ud83d\ude00""#);
    assert!(diagnostics.is_empty());
    assert_eq!(value.unwrap().value, JsonValue::String("😀".into()));
    assert_eq!(
        messages(r#""\ud83d""#),
        ["escape is not a valid character (lone surrogate)"]
    );
}

#[test]
fn duplicate_keys_are_errors_and_reading_goes_on() {
    let text = r#"{"a": 1, "a": 2, "b": 3}"#;
    let (value, diagnostics) = read(text);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "duplicate-key");
    assert_eq!(diagnostics[0].span.slice(text), "\"a\"");
    assert_eq!(diagnostics[0].span.start, 9);
    let JsonValue::Object(members) = value.unwrap().value else {
        panic!("not an object")
    };
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].value.value, JsonValue::Number("1".into()));
}

#[test]
fn several_recoverable_problems_are_all_reported() {
    let text = "{\"a\": \"x\\q\", \"b\": 01, \"a\": \"\t\"}";
    let found = messages(text);
    assert_eq!(
        found,
        [
            "invalid escape `\\q`",
            "numbers must not have leading zeros",
            "control character U+0009 inside a string",
            "duplicate key `a`",
        ]
    );
}

#[test]
fn structural_errors_point_at_the_place() {
    let cases: &[(&str, &str, usize)] = &[
        ("{\"a\" 1}", "unexpected `1`, expected `:` after the key", 5),
        ("{\"a\": 1,}", "trailing comma before `}`", 8),
        ("[1, 2,]", "trailing comma before `]`", 6),
        ("{\"a\": 1 \"b\": 2}", "missing `,` between members", 8),
        ("[\"a\" \"b\"]", "missing `,` between elements", 5),
        ("{\"a\": tru}", "unexpected `t`, expected a value", 6),
        (
            "{'a': 1}",
            "unexpected `'`, expected a key in double quotes",
            1,
        ),
        ("['a']", "strings must use double quotes", 1),
        ("{\"a\": \"open", "string is not closed", 6),
        (
            "{\"a\": \"open\n\"}",
            "string is not closed before the end of the line",
            6,
        ),
        (
            "{\"a\": ",
            "unexpected end of document, expected a value",
            6,
        ),
        ("", "document is empty", 0),
        ("{} x", "unexpected text after the end of the document", 3),
        ("-", "unexpected end of document, expected a digit", 1),
        (
            "1.",
            "unexpected end of document, expected a digit after `.`",
            2,
        ),
        ("{\"é\": ü}", "unexpected `ü`, expected a value", 7),
    ];
    for &(text, message, offset) in cases {
        let diagnostics = read(text).1;
        assert_eq!(diagnostics.len(), 1, "{text:?}: {diagnostics:?}");
        assert_eq!(diagnostics[0].message, message, "{text:?}");
        assert_eq!(diagnostics[0].span.start, offset, "{text:?}");
    }
}

#[test]
fn limits_are_errors() {
    let deep = "[".repeat(100) + &"]".repeat(100);
    let found = messages(&deep);
    assert_eq!(found, ["nesting is deeper than the limit of 64 levels"]);

    let limits = Limits {
        max_bytes: 10,
        max_depth: 64,
    };
    let (value, diagnostics) = parse("[1,2,3,4,5,6]", limits);
    assert!(value.is_none());
    assert_eq!(diagnostics[0].code, "size-limit");
}

#[test]
fn very_deep_input_does_not_overflow_the_stack() {
    let deep = "[".repeat(1_000_000);
    let (value, diagnostics) = read(&deep);
    assert!(value.is_none());
    assert_eq!(diagnostics.len(), 1);
}
