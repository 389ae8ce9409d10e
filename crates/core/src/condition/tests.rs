//! Tests of condition operators and IAM's missing-key and multivalued-key rules.

use super::*;
use crate::request::{ContextKeyType, ContextValue};

fn condition(operator: &str, key: &str, values: &[&str]) -> CompiledCondition {
    let op = Operator::parse(operator).unwrap();
    let mut problems = Vec::new();
    let compiled = CompiledCondition::new(
        op,
        Spanned::new(operator.to_owned(), Span::default()),
        Spanned::new(key.to_owned(), Span::default()),
        values
            .iter()
            .map(|v| Spanned::new((*v).to_owned(), Span::default()))
            .collect(),
        true,
        &mut problems,
    );
    assert!(problems.is_empty(), "{problems:?}");
    compiled
}

fn holds(operator: &str, values: &[&str], request: Option<ContextValue>) -> bool {
    let mut context = Context::default();
    if let Some(value) = request {
        context.insert("k", value);
    }
    condition(operator, "k", values).holds(&context)
}

fn one(value: &str) -> Option<ContextValue> {
    Some(ContextValue::string(value))
}

fn many(values: &[&str]) -> Option<ContextValue> {
    Some(ContextValue::strings(values.iter().copied()))
}

#[test]
fn operator_names_parse_with_qualifiers() {
    let op = Operator::parse("ForAnyValue:StringLikeIfExists").unwrap();
    assert_eq!(op.base, BaseOperator::StringLike);
    assert!(op.if_exists);
    assert_eq!(op.set, Some(SetOperator::ForAnyValue));
    assert_eq!(Operator::parse("NullIfExists"), None);
    assert_eq!(Operator::parse("StringEqual"), None);
    assert_eq!(Operator::parse("stringequals"), None);
    assert_eq!(Operator::known_names().len(), 27 * 2 - 1);
}

#[test]
fn string_operators() {
    assert!(holds("StringEquals", &["a", "b"], one("b")));
    assert!(!holds("StringEquals", &["a"], one("A")));
    assert!(holds(
        "StringEqualsIgnoreCase",
        &["Straße"],
        one("STRASSE").map(|_| ContextValue::string("straße"))
    ));
    assert!(holds("StringEqualsIgnoreCase", &["ABC"], one("abc")));
    assert!(holds("StringNotEquals", &["a", "b"], one("c")));
    assert!(!holds("StringNotEquals", &["a", "b"], one("b")));
    assert!(holds("StringLike", &["home/*/x?"], one("home/alice/x1")));
    assert!(!holds("StringLike", &["home/*"], one("Home/alice")));
    assert!(holds("StringNotLike", &["a*"], one("b")));
    assert!(!holds("StringNotEqualsIgnoreCase", &["ABC"], one("abc")));
}

#[test]
fn numeric_date_bool_binary_ip_arn_operators() {
    assert!(holds("NumericLessThan", &["10"], one("9.5")));
    assert!(!holds("NumericLessThan", &["10"], one("10")));
    assert!(holds("NumericLessThanEquals", &["10"], one("10")));
    assert!(holds("NumericGreaterThan", &["10"], one("11")));
    assert!(holds("NumericGreaterThanEquals", &["10"], one("10")));
    assert!(holds("NumericEquals", &["10"], one("10.0")));
    assert!(holds("NumericNotEquals", &["10"], one("11")));
    assert!(!holds("NumericEquals", &["10"], one("ten")));
    assert!(holds(
        "DateLessThan",
        &["2026-01-01T00:00:00Z"],
        one("2025-12-31T23:59:59Z")
    ));
    assert!(holds(
        "DateGreaterThan",
        &["2026-01-01T00:00:00Z"],
        one("1767225601")
    ));
    assert!(holds(
        "DateEquals",
        &["2026-01-01"],
        one("2026-01-01T00:00:00Z")
    ));
    assert!(holds("DateNotEquals", &["2026-01-01"], one("2026-01-02")));
    assert!(holds(
        "DateLessThanEquals",
        &["2026-01-01"],
        one("2026-01-01")
    ));
    assert!(holds(
        "DateGreaterThanEquals",
        &["2026-01-01"],
        one("2026-01-01")
    ));
    assert!(holds("Bool", &["true"], one("True")));
    assert!(!holds("Bool", &["true"], one("false")));
    assert!(holds(
        "BinaryEquals",
        &["QmluYXJ5VmFsdWU="],
        one("QmluYXJ5VmFsdWU=")
    ));
    assert!(holds(
        "IpAddress",
        &["203.0.113.0/24", "2001:db8::/32"],
        one("2001:db8::5")
    ));
    assert!(holds(
        "NotIpAddress",
        &["203.0.113.0/24"],
        one("198.51.100.1")
    ));
    assert!(!holds(
        "NotIpAddress",
        &["203.0.113.0/24"],
        one("203.0.113.1")
    ));
    let source = "arn:aws:ec2:us-east-1:111122223333:instance/i-1";
    assert!(holds(
        "ArnLike",
        &["arn:aws:ec2:*:111122223333:instance/*"],
        one(source)
    ));
    assert!(holds(
        "ArnEquals",
        &["arn:aws:ec2:*:111122223333:instance/*"],
        one(source)
    ));
    assert!(holds(
        "ArnNotLike",
        &["arn:aws:ec2:*:444455556666:instance/*"],
        one(source)
    ));
    assert!(!holds("ArnNotEquals", &[source], one(source)));
}

#[test]
fn missing_keys_follow_the_documented_rules() {
    // Positive operators are false, negated ones true, IfExists true.
    assert!(!holds("StringEquals", &["a"], None));
    assert!(holds("StringNotEquals", &["a"], None));
    assert!(holds("StringEqualsIfExists", &["a"], None));
    assert!(!holds("StringEqualsIfExists", &["a"], one("b")));
    assert!(!holds("NumericLessThan", &["1"], None));
    assert!(holds("NotIpAddress", &["10.0.0.0/8"], None));
    // Null: true means absent.
    assert!(holds("Null", &["true"], None));
    assert!(!holds("Null", &["true"], one("x")));
    assert!(holds("Null", &["false"], one("x")));
    assert!(!holds("Null", &["false"], None));
    // Set operators: ForAllValues is true on an absent key or empty set, ForAnyValue false.
    assert!(holds("ForAllValues:StringEquals", &["a"], None));
    assert!(holds("ForAllValues:StringEquals", &["a"], many(&[])));
    assert!(!holds("ForAnyValue:StringEquals", &["a"], None));
    assert!(!holds("ForAnyValue:StringEquals", &["a"], many(&[])));
    assert!(holds("Null", &["true"], many(&[])));
}

#[test]
fn multivalued_keys() {
    assert!(holds(
        "ForAllValues:StringEquals",
        &["a", "b"],
        many(&["a", "b"])
    ));
    assert!(!holds(
        "ForAllValues:StringEquals",
        &["a", "b"],
        many(&["a", "c"])
    ));
    assert!(holds("ForAnyValue:StringEquals", &["a"], many(&["c", "a"])));
    assert!(!holds(
        "ForAnyValue:StringEquals",
        &["a"],
        many(&["c", "d"])
    ));
    // Negated inside a set operator: each request value must match none of the policy values.
    assert!(holds(
        "ForAllValues:StringNotEquals",
        &["x"],
        many(&["a", "b"])
    ));
    assert!(!holds(
        "ForAllValues:StringNotEquals",
        &["x"],
        many(&["a", "x"])
    ));
    assert!(holds(
        "ForAnyValue:StringNotEquals",
        &["x"],
        many(&["a", "x"])
    ));
    assert!(!holds("ForAnyValue:StringNotEquals", &["x"], many(&["x"])));
    // Without a set operator, a negated operator holds only if no value matches.
    assert!(!holds("StringNotEquals", &["x"], many(&["a", "x"])));
}

#[test]
fn variables_resolve_per_request() {
    let c = condition("StringLike", "s3:prefix", &["home/${aws:username}/*"]);
    let mut context = Context::default();
    context.insert("s3:prefix", ContextValue::string("home/alice/file"));
    assert!(
        !c.holds(&context),
        "no aws:username: the value resolves to nothing"
    );
    context.insert("aws:username", ContextValue::string("alice"));
    assert!(c.holds(&context));
    context.insert("aws:username", ContextValue::string("bob"));
    assert!(!c.holds(&context));
    let negated = condition("StringNotLike", "s3:prefix", &["home/${aws:username}/*"]);
    context.remove("aws:username");
    assert!(
        negated.holds(&context),
        "an unresolved variable never matches: the negation holds"
    );
}

#[test]
fn keys_are_case_insensitive_and_bad_values_are_reported() {
    let c = condition("StringEquals", "AWS:SourceVpc", &["vpc-1"]);
    let mut context = Context::default();
    context.insert(
        "aws:sourcevpc",
        ContextValue::typed(ContextKeyType::String, "vpc-1"),
    );
    assert!(c.holds(&context));

    let mut problems = Vec::new();
    let bad = CompiledCondition::new(
        Operator::parse("IpAddress").unwrap(),
        Spanned::new("IpAddress".into(), Span::default()),
        Spanned::new("aws:SourceIp".into(), Span::default()),
        vec![Spanned::new("10.0.0.999/8".into(), Span::new(5, 17))],
        true,
        &mut problems,
    );
    assert_eq!(
        problems,
        [ValueProblem {
            message: "`10.0.0.999/8` is not an IP address or CIDR block, as `IpAddress` needs"
                .into(),
            span: Span::new(5, 17)
        }]
    );
    let mut context = Context::default();
    context.insert("aws:SourceIp", ContextValue::string("10.0.0.1"));
    assert!(!bad.holds(&context));
}
