//! Tests of reading policy documents.

use super::*;
use crate::diagnostic::Severity;

const EB_TRUST: &str = r#"{
  "Version": "2008-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "ec2.amazonaws.com" },
      "Action": "sts:AssumeRole"
    }
  ]
}"#;

fn errors(text: &str) -> Vec<(String, String)> {
    let read = read_policy(text);
    read.diagnostics
        .iter()
        .map(|d| (d.message.clone(), d.span.slice(text).to_owned()))
        .collect()
}

#[test]
fn reads_a_trust_policy() {
    let read = read_policy(EB_TRUST);
    assert!(read.is_valid(), "{:?}", read.diagnostics);
    let policy = read.policy.unwrap();
    assert_eq!(policy.version.unwrap().value, Version::V2008_10_17);
    let statement = &policy.statements[0];
    assert_eq!(statement.effect.value, Effect::Allow);
    let principal = statement.principal.as_ref().unwrap();
    assert!(!principal.negated);
    let Principal::Typed(types) = &principal.principal else {
        panic!("not typed")
    };
    assert_eq!(types[0].0, PrincipalType::Service);
    assert_eq!(types[0].1[0].value, "ec2.amazonaws.com");
    let action = statement.action.as_ref().unwrap();
    assert_eq!(action.values[0].value, "sts:AssumeRole");
    assert_eq!(action.values[0].span.slice(EB_TRUST), "\"sts:AssumeRole\"");
    assert_eq!(
        action.span.slice(EB_TRUST),
        "\"Action\": \"sts:AssumeRole\""
    );
    assert!(statement.resource.is_none());
}

#[test]
fn reads_every_statement_element() {
    let text = r#"{"Version": "2012-10-17", "Id": "doc", "Statement": {
        "Sid": "One", "Effect": "Deny", "NotPrincipal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:role/R"]},
        "NotAction": ["s3:*"], "NotResource": "arn:aws:s3:::b/*",
        "Condition": {"NumericLessThan": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": false},
                      "StringEquals": {"aws:PrincipalTag/team": ["a", "b"]}}}}"#;
    let read = read_policy(text);
    assert!(read.is_valid(), "{:?}", read.diagnostics);
    let policy = read.policy.unwrap();
    assert_eq!(policy.id.unwrap().value, "doc");
    let s = &policy.statements[0];
    assert_eq!(s.sid.as_ref().unwrap().value, "One");
    assert_eq!(s.effect.value, Effect::Deny);
    assert!(s.principal.as_ref().unwrap().negated);
    assert!(s.action.as_ref().unwrap().negated);
    assert!(s.resource.as_ref().unwrap().negated);
    assert_eq!(s.conditions.len(), 3);
    assert_eq!(s.conditions[0].operator.value, "NumericLessThan");
    assert_eq!(s.conditions[0].entries[0].values[0].value, "10");
    assert_eq!(s.conditions[1].entries[0].values[0].value, "false");
    assert_eq!(s.conditions[2].entries[0].values.len(), 2);
}

#[test]
fn principal_star_is_any() {
    let text =
        r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]}"#;
    let read = read_policy(text);
    assert!(read.is_valid());
    let principal = &read.policy.unwrap().statements[0].principal;
    assert_eq!(principal.as_ref().unwrap().principal, Principal::Any);
}

#[test]
fn every_problem_is_reported_with_its_place() {
    let text = r#"{
  "Version": "2012-10-18",
  "Statment": [],
  "Statement": [
    {"Effect": "allow", "Action": "s3:GetObject"},
    {"Effect": "Allow", "Action": 5, "Resource": "*", "Resources": "x"},
    {"Effect": "Deny", "Action": "s3:*", "NotAction": "ec2:*"},
    {"Action": "s3:*"},
    {"Effect": "Allow", "Principal": "arn:aws:iam::1:root", "NotAction": []},
    "nope"
  ]
}"#;
    let found = errors(text);
    let wanted: Vec<(String, String)> = [
        (
            "`2012-10-18` is not a policy language version",
            "\"2012-10-18\"",
        ),
        ("unknown element `Statment` in a policy", "\"Statment\""),
        ("`allow` is not an effect", "\"allow\""),
        (
            "`Action` must be a string or an array of strings, found a number",
            "5",
        ),
        (
            "unknown element `Resources` in a statement",
            "\"Resources\"",
        ),
        (
            "a statement cannot have both `NotAction` and `Action`",
            "\"NotAction\": \"ec2:*\"",
        ),
        ("statement has no `Effect`", "{"),
        (
            "`Principal` as a string must be `*`, found `arn:aws:iam::1:root`",
            "\"arn:aws:iam::1:root\"",
        ),
        ("`NotAction` is empty", "[]"),
        ("a statement must be an object, found a string", "\"nope\""),
    ]
    .iter()
    .map(|&(m, s)| (m.to_owned(), s.to_owned()))
    .collect();
    assert_eq!(found, wanted);
    let read = read_policy(text);
    assert!(!read.is_valid());
    // Statements with a valid effect are kept even when other parts are wrong.
    assert_eq!(read.policy.unwrap().statements.len(), 3);
}

#[test]
fn suggestions_name_the_right_element() {
    let read = read_policy(r#"{"Statement": {"effect": "Allow", "Action": "*"}}"#);
    let d = read
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-element")
        .unwrap();
    assert_eq!(d.help.as_deref(), Some("did you mean `Effect`?"));
    assert_eq!(d.severity, Severity::Error);
    let read = read_policy(r#"{"Statement": {"Effect": "Alow", "Action": "*"}}"#);
    assert_eq!(
        read.diagnostics[0].help.as_deref(),
        Some("did you mean `Allow`? `Effect` is case-sensitive")
    );
}

#[test]
fn missing_parts_are_reported() {
    assert_eq!(
        errors(r#"{"Version": "2012-10-17"}"#),
        [("policy has no `Statement`".to_owned(), "{".to_owned())]
    );
    assert_eq!(
        errors(r#"{"Statement": {"Effect": "Allow"}}"#),
        [(
            "statement has no `Action` or `NotAction`".to_owned(),
            "{".to_owned()
        )]
    );
    assert_eq!(
        errors("[1]"),
        [(
            "a policy document must be a JSON object, found an array".to_owned(),
            "[1]".to_owned()
        )]
    );
}

#[test]
fn json_errors_come_through_with_positions() {
    let text = "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",, }\n  ]\n}";
    let read = read_policy(text);
    assert!(read.policy.is_none());
    assert_eq!(read.diagnostics.len(), 1);
    let index = crate::span::LineIndex::new(text);
    let at = read.diagnostics[0].line_col(&index);
    assert_eq!((at.line, at.column), (3, 24));
    assert_eq!(
        read.diagnostics[0].message,
        "unexpected `,`, expected a key in double quotes"
    );
}

#[test]
fn statements_values_and_wildcards_over_the_limits_are_located_errors() {
    let statement = r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#;
    let many = vec![statement; read::MAX_POLICY_STATEMENTS + 2].join(",");
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{many}]}}"#);
    let read = read_policy(&text);
    let over: Vec<_> = read
        .diagnostics
        .iter()
        .filter(|d| d.code == "over-limit")
        .collect();
    assert_eq!(over.len(), 1);
    assert_eq!(
        over[0].message,
        "1,002 statements in `Statement`, over the limit of 1,000; the rest are not read"
    );
    // At the first statement past the limit.
    let skipped = statement.len() * read::MAX_POLICY_STATEMENTS + read::MAX_POLICY_STATEMENTS;
    assert_eq!(over[0].span.start, text.find('[').unwrap() + 1 + skipped);
    assert_eq!(
        read.policy.unwrap().statements.len(),
        read::MAX_POLICY_STATEMENTS
    );

    let actions = vec![r#""s3:GetObject""#; read::MAX_VALUES + 1].join(",");
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": [{actions}], "Resource": "*"}}]}}"#
    );
    let read = read_policy(&text);
    assert_eq!(
        errors(&text),
        [(
            "5,001 values in `Action`, over the limit of 5,000; the rest are not read".to_owned(),
            r#""s3:GetObject""#.to_owned()
        )]
    );
    // The statement with a value over a limit is not read.
    assert!(read.policy.unwrap().statements.is_empty());

    let values = vec![r#""a""#; read::MAX_VALUES + 1].join(",");
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {{"StringEquals": {{"aws:userid": [{values}]}}}}}}]}}"#
    );
    assert_eq!(
        errors(&text)[0].0,
        "5,001 values of condition key `aws:userid`, over the limit of 5,000; the rest are not read"
    );

    let pattern = format!("{}x", "?*".repeat(65));
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {{"StringLike": {{"aws:userid": "{pattern}"}}}}}}]}}"#
    );
    assert_eq!(
        errors(&text),
        [(
            "130 wildcards in one value, over the limit of 128; the value is not read".to_owned(),
            format!("\"{pattern}\"")
        )]
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1_000))]

        /// Arbitrary text never panics, and every diagnostic span lies inside the text.
        #[test]
        fn reading_arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let read = read_policy(&text);
            for d in &read.diagnostics {
                prop_assert!(d.span.end <= text.len());
            }
        }

        /// Text made of JSON and policy tokens reaches deep into the reader.
        #[test]
        fn reading_policy_shaped_text_never_panics(
            tokens in proptest::collection::vec(
                prop_oneof![
                    Just("{"), Just("}"), Just("["), Just("]"), Just(","), Just(":"),
                    Just("\"Version\""), Just("\"2012-10-17\""), Just("\"Statement\""),
                    Just("\"Effect\""), Just("\"Allow\""), Just("\"Deny\""), Just("\"Action\""),
                    Just("\"NotAction\""), Just("\"Resource\""), Just("\"Principal\""),
                    Just("\"AWS\""), Just("\"*\""), Just("\"Condition\""), Just("\"StringLike\""),
                    Just("\"aws:SourceIp\""), Just("1"), Just("-2.5e3"), Just("true"), Just("null"),
                    Just("\"\\u12\""), Just("\"é\""), Just(" "), Just("\n"),
                ],
                0..60,
            )
        ) {
            let text: String = tokens.concat();
            let read = read_policy(&text);
            for d in &read.diagnostics {
                prop_assert!(d.span.end <= text.len());
                prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            }
            // Compiling what was read never panics either.
            let _ = crate::compile::compile_policy("p", crate::compile::PolicyType::Identity, &text);
        }
    }
}
