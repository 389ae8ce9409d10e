//! Properties of the engine's entry points over generated policies, in the normal test run:
//! a policy printed and read again is the same policy; and reading, linting, compiling and
//! evaluating any generated policy, as every policy type and against generated requests, never
//! panics and places every finding inside the text. Native only: proptest is a native
//! dev-dependency.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a failed test"
)]

use iamplay_core::lint::lint_policy;
use iamplay_core::{
    ContextValue, PolicySet, PolicyType, PreparedRequest, Request, compile_policy, explain,
    read_policy,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use std::sync::Arc;

fn pick(pool: &'static [&'static str]) -> BoxedStrategy<&'static str> {
    proptest::sample::select(pool).boxed()
}

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:*",
    "*",
    "ec2:Describe*",
    "iam:PassRole",
    "s3:Get?bject",
    "sts:AssumeRole",
    "",
    "é:x",
    "kms:Decrypt",
    "S3:getobject",
    "nosuch:Thing",
    "s3",
    "*:*",
];
const RESOURCES: &[&str] = &[
    "*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::b",
    "arn:aws:s3:::${aws:username}/*",
    "arn:aws:iam::111122223333:role/*",
    "arn:aws:*:*:*:*",
    "bad",
    "arn:aws:s3:::b/${",
    "arn:aws:kms:us-east-1:111122223333:key/k",
    "arn:aws:s3:::*/a?c",
];
const PRINCIPALS: &[&str] = &[
    "*",
    "arn:aws:iam::111122223333:root",
    "111122223333",
    "ec2.amazonaws.com",
    "arn:aws:iam::111122223333:role/r",
    "AROAEXAMPLE",
    "cognito-identity.amazonaws.com",
    "",
];
const PRINCIPAL_TYPES: &[&str] = &["AWS", "Service", "Federated", "CanonicalUser"];
const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringLike",
    "StringNotEquals",
    "ArnLike",
    "NumericLessThan",
    "DateGreaterThan",
    "Bool",
    "IpAddress",
    "NotIpAddress",
    "Null",
    "BinaryEquals",
    "ForAnyValue:StringEquals",
    "ForAllValues:StringLike",
    "StringEqualsIfExists",
    "Nonsense",
];
const KEYS: &[&str] = &[
    "aws:SourceIp",
    "aws:username",
    "aws:PrincipalTag/team",
    "s3:prefix",
    "aws:CurrentTime",
    "aws:SecureTransport",
    "ec2:RoleDelivery",
    "aws:SourceVpce",
    "aws:TagKeys",
    "iam:PassedToService",
    "foo:bar",
    "aws:RequestTag/${aws:username}",
];
const VALUES: &[&str] = &[
    "10.0.0.0/8",
    "true",
    "2026-01-01T00:00:00Z",
    "5",
    "${aws:username}",
    "a*",
    "",
    "x",
    "::1/128",
    "${aws:PrincipalTag/team, 'd'}",
    "2.0",
    "dGVzdA==",
    "${",
    "é",
    "q\"uote\\",
    "line\nbreak\u{1}",
];

/// A condition value as JSON: mostly strings, sometimes a number or a boolean.
fn condition_value() -> BoxedStrategy<Value> {
    prop_oneof![
        6 => pick(VALUES).prop_map(|v| json!(v)),
        1 => any::<i16>().prop_map(|n| json!(n)),
        1 => any::<bool>().prop_map(|b| json!(b)),
    ]
    .boxed()
}

/// One value or a list of them (possibly empty).
fn one_or_many(item: BoxedStrategy<Value>) -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => item.clone(),
        2 => proptest::collection::vec(item, 0..4).prop_map(Value::Array),
    ]
}

fn strings(pool: &'static [&'static str]) -> impl Strategy<Value = Value> {
    one_or_many(pick(pool).prop_map(|s| json!(s)).boxed())
}

fn principal() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(json!("*")),
        3 => proptest::collection::btree_map(pick(PRINCIPAL_TYPES), strings(PRINCIPALS), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
    ]
}

fn condition() -> impl Strategy<Value = Value> {
    proptest::collection::btree_map(
        pick(OPERATORS),
        proptest::collection::btree_map(pick(KEYS), one_or_many(condition_value()), 0..3),
        0..3,
    )
    .prop_map(|blocks| {
        Value::Object(
            blocks
                .into_iter()
                .map(|(op, entries)| {
                    let entries: Map<String, Value> = entries
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect();
                    (op.to_owned(), Value::Object(entries))
                })
                .collect(),
        )
    })
}

fn statement() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(pick(&["Read", "Deny1", "", "a b", "é"])),
        pick(&["Allow", "Deny"]),
        proptest::option::of((any::<bool>(), principal())),
        (any::<bool>(), strings(ACTIONS)),
        proptest::option::of((any::<bool>(), strings(RESOURCES))),
        proptest::option::of(condition()),
    )
        .prop_map(
            |(sid, effect, principal, (not_action, action), resource, condition)| {
                let mut s = Map::new();
                if let Some(sid) = sid {
                    s.insert("Sid".into(), json!(sid));
                }
                s.insert("Effect".into(), json!(effect));
                if let Some((not, p)) = principal {
                    s.insert(if not { "NotPrincipal" } else { "Principal" }.into(), p);
                }
                s.insert(
                    if not_action { "NotAction" } else { "Action" }.into(),
                    action,
                );
                if let Some((not, r)) = resource {
                    s.insert(if not { "NotResource" } else { "Resource" }.into(), r);
                }
                if let Some(c) = condition {
                    s.insert("Condition".into(), c);
                }
                Value::Object(s)
            },
        )
}

/// A policy document's text, pretty or compact.
fn policy_text() -> impl Strategy<Value = String> {
    (
        proptest::option::of(pick(&["2012-10-17", "2008-10-17"])),
        proptest::collection::vec(statement(), 1..5),
        any::<bool>(),
    )
        .prop_map(|(version, statements, pretty)| {
            let mut p = Map::new();
            if let Some(v) = version {
                p.insert("Version".into(), json!(v));
            }
            p.insert("Statement".into(), Value::Array(statements));
            let value = Value::Object(p);
            if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                value.to_string()
            }
        })
}

fn request() -> impl Strategy<Value = Request> {
    (
        pick(&[
            "arn:aws:sts::111122223333:assumed-role/r/i-0abc",
            "arn:aws:iam::111122223333:role/r",
            "arn:aws:iam::444455556666:root",
            "ec2.amazonaws.com",
            "anonymous",
        ]),
        pick(ACTIONS),
        pick(RESOURCES),
        proptest::collection::vec((pick(KEYS), pick(VALUES)), 0..4),
    )
        .prop_map(|(principal, action, resource, context)| {
            let action = if action.contains(':') {
                action
            } else {
                "s3:GetObject"
            };
            context
                .into_iter()
                .fold(Request::new(principal, action, resource), |r, (k, v)| {
                    r.with(k, ContextValue::string(v))
                })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Printing a policy and reading the text again gives the same policy.
    #[test]
    fn a_policy_printed_and_read_again_is_the_same(text in policy_text()) {
        let read = read_policy(&text);
        if let Some(policy) = read.policy {
            let printed = policy.print();
            let again = read_policy(&printed);
            let reprinted = again.policy.map(|p| p.print());
            prop_assert_eq!(reprinted.as_deref(), Some(printed.as_str()), "from {}", text);
        }
    }

    /// Every policy type's linter, compiler and evaluation take any generated policy and
    /// request without panicking, and every finding is inside the text.
    #[test]
    fn policies_lint_compile_and_evaluate_without_panicking(
        text in policy_text(),
        requests in proptest::collection::vec(request(), 1..4),
    ) {
        for kind in PolicyType::ALL {
            for finding in lint_policy(&text, kind) {
                prop_assert!(finding.span.start <= finding.span.end && finding.span.end <= text.len());
                prop_assert!(text.is_char_boundary(finding.span.start) && text.is_char_boundary(finding.span.end));
            }
            let (compiled, _) = compile_policy("p", kind, &text);
            if let Some(compiled) = compiled {
                let set = PolicySet::alone(kind, Arc::new(compiled));
                for request in &requests {
                    let _ = explain(&set, &PreparedRequest::new(request));
                }
            }
        }
    }
}
