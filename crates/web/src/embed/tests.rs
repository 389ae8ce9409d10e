//! The docs widgets natively: what a block names, the requests it asks, a policy put in an
//! instance profile's role, and the embed view's fragment.

use super::*;
use iamplay_core::report::scenario;
use std::collections::BTreeMap;

#[test]
fn blocks_name_a_policy_type_or_a_scenario() {
    assert_eq!(BlockKind::parse("scenario"), Ok(BlockKind::Scenario));
    assert_eq!(
        BlockKind::parse(" identity-policy "),
        Ok(BlockKind::Policy(PolicyType::Identity))
    );
    assert_eq!(
        BlockKind::parse("scp"),
        Ok(BlockKind::Policy(PolicyType::ServiceControl))
    );
    let error = BlockKind::parse("bucket").unwrap_err();
    assert!(
        error.starts_with("data-iamplay=\"bucket\": unknown policy type"),
        "{error}"
    );
}

#[test]
fn requests_are_action_resource_and_an_optional_expectation() {
    let asks =
        parse_requests("s3:PutObject arn:aws:s3:::b/k allowed;\n s3:ListAllMyBuckets ").unwrap();
    assert_eq!(asks.len(), 2);
    assert_eq!(asks[0].expect.as_deref(), Some("allowed"));
    assert_eq!(asks[1].resource, "*");
    assert!(
        parse_requests("PutObject")
            .unwrap_err()
            .contains("service:Action")
    );
    assert!(
        parse_requests("s3:GetObject * maybe")
            .unwrap_err()
            .contains("allowed, explicitDeny or implicitDeny")
    );
    assert!(parse_requests("s3:GetObject a b c").is_err());
    assert_eq!(parse_requests(" ; "), Ok(Vec::new()));
}

#[test]
fn a_policy_asked_requests_is_decided_as_its_instance_roles_policy() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::reports/*"}]}"#;
    let asks = parse_requests(
        "s3:PutObject arn:aws:s3:::reports/a.csv allowed; s3:GetObject arn:aws:s3:::reports/a.csv",
    )
    .unwrap();
    let text = policy_scenario(policy, PolicyType::Identity, &asks).unwrap();
    let report = scenario(&text, "2026-12-01T00:00:00Z", &BTreeMap::new());
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let simulation = report.simulation.unwrap();
    let decisions: Vec<&str> = simulation
        .requests
        .iter()
        .map(|r| r.decision.as_str())
        .collect();
    assert_eq!(decisions, ["allowed", "implicitDeny"]);
    assert_eq!(simulation.expectations(), (1, 0));
    assert_eq!(
        policy_scenario("{not json", PolicyType::Identity, &asks),
        None
    );
    assert_eq!(
        policy_scenario(policy, PolicyType::ServiceControl, &asks),
        None
    );
}

#[test]
fn a_scenarios_requests_can_be_replaced() {
    let asks = parse_requests("ec2:DescribeInstances").unwrap();
    let text = with_requests(iamplay_core::presets::NEW_SCENARIO, &asks);
    assert!(text.contains("ec2:DescribeInstances") && !text.contains("s3:PutObject"));
    assert_eq!(with_requests("{oops", &asks), "{oops");
}

#[test]
fn the_embed_view_reads_the_share_links_encoding() {
    let fragment = crate::share::fragment("{\"a\": 1}").unwrap();
    let encoded = fragment.trim_start_matches('#');
    let view = embed_view(&format!("#embed&{encoded}&editable")).unwrap();
    assert_eq!(view.scenario.as_deref(), Ok("{\"a\": 1}"));
    assert!(view.editable);
    let view = embed_view(&format!("#{encoded}")).unwrap();
    assert!(!view.editable && view.scenario.is_ok());
    assert!(embed_view("#embed").unwrap().scenario.is_err());
    assert!(
        embed_view("#embed&scenario=%%%")
            .unwrap()
            .scenario
            .unwrap_err()
            .contains("base64url")
    );
    assert_eq!(embed_view(""), None);
    assert_eq!(
        playground_link("https://docs.example/iamplay/", "{}").as_deref(),
        Some("https://docs.example/iamplay/index.html#scenario=e30")
    );
}
