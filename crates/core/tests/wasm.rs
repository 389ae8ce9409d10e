//! The engine compiled to wasm32 and run in headless Chromium: the same reader the playground uses.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "browser tests: a panic is a failed test"
)]

use iamplay_core::{LineIndex, read_policy};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn reads_a_valid_policy_in_the_browser() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": "arn:aws:s3:::b/*"},
        {"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}]}"#;
    let read = read_policy(text);
    assert!(read.is_valid(), "{:?}", read.diagnostics);
    let policy = read.policy.unwrap();
    assert_eq!(policy.statements.len(), 2);
    let action = policy.statements[0].action.as_ref().unwrap();
    assert_eq!(action.values[0].value, "s3:PutObject");
    assert_eq!(action.values[0].span.slice(text), "\"s3:PutObject\"");
    assert!(policy.statements[1].action.as_ref().unwrap().negated);
}

#[wasm_bindgen_test]
fn reports_errors_with_line_and_column_in_the_browser() {
    let text =
        "{\n  \"Statement\": {\"Effect\": \"Permit\", \"Action\": \"*\", \"Action\": \"s3:*\"}\n}";
    let read = read_policy(text);
    assert!(!read.is_valid());
    let index = LineIndex::new(text);
    let found: Vec<(String, String)> = read
        .diagnostics
        .iter()
        .map(|d| (d.line_col(&index).to_string(), d.message.clone()))
        .collect();
    assert_eq!(
        found,
        [
            ("2:27".to_owned(), "`Permit` is not an effect".to_owned()),
            ("2:52".to_owned(), "duplicate key `Action`".to_owned()),
        ]
    );
}

#[wasm_bindgen_test]
fn hostile_nesting_is_an_error_not_a_crash_in_the_browser() {
    let text = "[".repeat(200_000);
    let read = read_policy(&text);
    assert!(read.policy.is_none());
    assert_eq!(
        read.diagnostics[0].message,
        "nesting is deeper than the limit of 16 levels"
    );
}

#[path = "support/cases.rs"]
mod cases;

/// A representative part of the case-file suite, run in the browser: one file per area.
const CASES: &[(&str, &str)] = &[
    (
        "conditions/string-like",
        include_str!("../../../tests/cases/conditions/string-like.json"),
    ),
    (
        "conditions/ip-address",
        include_str!("../../../tests/cases/conditions/ip-address.json"),
    ),
    (
        "conditions/date",
        include_str!("../../../tests/cases/conditions/date.json"),
    ),
    (
        "conditions/for-all-values",
        include_str!("../../../tests/cases/conditions/for-all-values.json"),
    ),
    (
        "conditions/null-false",
        include_str!("../../../tests/cases/conditions/null-false.json"),
    ),
    (
        "matching/resource-arn-parts",
        include_str!("../../../tests/cases/matching/resource-arn-parts.json"),
    ),
    (
        "variables/resource-variable",
        include_str!("../../../tests/cases/variables/resource-variable.json"),
    ),
    (
        "variables/old-version-is-literal",
        include_str!("../../../tests/cases/variables/old-version-is-literal.json"),
    ),
    (
        "decisions/resource-policy-session-arn",
        include_str!("../../../tests/cases/decisions/resource-policy-session-arn.json"),
    ),
    (
        "decisions/cross-account",
        include_str!("../../../tests/cases/decisions/cross-account.json"),
    ),
    (
        "decisions/scp-every-level",
        include_str!("../../../tests/cases/decisions/scp-every-level.json"),
    ),
    (
        "decisions/ec2-source-vpc-guard",
        include_str!("../../../tests/cases/decisions/ec2-source-vpc-guard.json"),
    ),
];

#[wasm_bindgen_test]
fn representative_case_files_hold_in_the_browser() {
    let mut requests = 0;
    for (name, text) in CASES {
        match cases::run_case(text) {
            Ok(n) => requests += n,
            Err(failure) => panic!("{name}: {failure}"),
        }
    }
    assert!(requests >= 30, "only {requests} requests ran");
}

/// A representative part of the linter's case files, run in the browser.
const LINT_CASES: &[(&str, &str)] = &[
    (
        "resource-type-mismatch",
        include_str!("../../../tests/lint/resource-type-mismatch.json"),
    ),
    (
        "unknown-action",
        include_str!("../../../tests/lint/unknown-action.json"),
    ),
    (
        "pass-role-without-service",
        include_str!("../../../tests/lint/pass-role-without-service.json"),
    ),
    (
        "trust-no-service",
        include_str!("../../../tests/lint/trust-no-service.json"),
    ),
];

#[wasm_bindgen_test]
fn representative_lint_cases_hold_in_the_browser() {
    for (name, text) in LINT_CASES {
        if let Err(failure) = cases::run_lint_case(text) {
            panic!("{name}: {failure}");
        }
    }
}
