//! Tests of the access summary and the change review, on policies and on the presets' instances.

use super::*;
use crate::compile::{PolicyType, compile_policy};
use crate::presets::preset;
use crate::scenario::{read_scenario, read_scenario_with};

const NOW: &str = "2026-01-01T00:00:00Z";

fn policy(text: &str) -> Subject {
    let (compiled, diagnostics) = compile_policy("p", PolicyType::Identity, text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    policy_subject("p", &compiled.into_iter().collect::<Vec<_>>())
}

fn find<'a>(summary: &'a AccessSummary, action: &str) -> Option<&'a ActionAccess> {
    summary.actions.iter().find(|a| a.name() == action)
}

const READ_OBJECTS: &str = r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"},
  {"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"},
  {"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*",
   "Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}]}"#;

#[test]
fn a_policy_summary_names_each_allowed_action_and_where() {
    let summary = summarize(&mut policy(READ_OBJECTS), &[]);
    assert_eq!(summary.resources, ["arn:aws:s3:::bucket/*"]);
    let get = find(&summary, "s3:GetObject").expect("GetObject");
    assert_eq!(get.access, AccessLevel::Read);
    assert_eq!(get.everywhere, None);
    assert_eq!(
        get.resources,
        [("arn:aws:s3:::bucket/*".to_owned(), Grant::Allowed)]
    );
    let list = find(&summary, "s3:ListAllMyBuckets").expect("ListAllMyBuckets");
    assert_eq!(list.everywhere, Some(Grant::Allowed));
    let send = find(&summary, "sqs:SendMessage").expect("SendMessage");
    assert_eq!(send.everywhere, Some(Grant::Conditional));
    assert!(find(&summary, "s3:PutObject").is_none());
    // s3:ListBucket acts on buckets: the object ARN is not one of its resources.
    assert!(find(&summary, "s3:ListBucket").is_none());
    assert_eq!(summary.actions.len(), 3);
    let groups = summary.groups();
    let s3 = groups.iter().find(|g| g.service == "s3").expect("s3 group");
    let levels: Vec<AccessLevel> = s3.levels.iter().map(|l| l.access).collect();
    assert_eq!(levels, [AccessLevel::List, AccessLevel::Read]);
    assert!(s3.catalogue_actions > 100);
}

#[test]
fn a_wildcard_covers_the_catalogue_and_deny_takes_it_back() {
    let summary = summarize(
        &mut policy(
            r#"{"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"ec2:*Instance*","Resource":"*"},
              {"Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*"}]}"#,
        ),
        &[],
    );
    let expected = catalog()
        .expand("ec2:*Instance*")
        .into_iter()
        .filter(|(_, a)| a.name != "TerminateInstances")
        .count();
    assert_eq!(summary.actions.len(), expected);
    assert!(find(&summary, "ec2:TerminateInstances").is_none());
    assert!(find(&summary, "ec2:RunInstances").is_some());
    // Every action but sts:GetCallerIdentity, which needs no permission.
    assert_eq!(summary.evaluated, catalog().action_count() - 1);
}

#[test]
fn a_conditional_deny_leaves_a_conditional_grant() {
    let summary = summarize(
        &mut policy(
            r#"{"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
              {"Effect":"Deny","Action":"*","Resource":"*",
               "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
        ),
        &[],
    );
    let get = find(&summary, "s3:GetObject").expect("GetObject");
    assert_eq!(get.everywhere, Some(Grant::Conditional));
}

#[test]
fn the_change_review_lists_new_and_removed_access() {
    let old = r#"{"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"},
      {"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}"#;
    let new = r#"{"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket/*"},
      {"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"#;
    let review = diff(&mut policy(old), &mut policy(new));
    let granted: Vec<String> = review
        .granted
        .iter()
        .map(|c| format!("{}:{} {}", c.service, c.action, c.resource))
        .collect();
    assert_eq!(
        granted,
        ["iam:PassRole *", "s3:PutObject arn:aws:s3:::bucket/*"]
    );
    let removed: Vec<String> = review
        .removed
        .iter()
        .map(|c| format!("{}:{} {}", c.service, c.action, c.resource))
        .collect();
    assert_eq!(removed, ["sqs:SendMessage *"]);
    assert!(!review.no_new_access());
    assert_eq!(review.granted_groups().len(), 2);
    let same = diff(&mut policy(old), &mut policy(old));
    assert!(same.no_new_access() && same.removed.is_empty());
}

#[test]
fn narrowing_a_wildcard_resource_is_removed_access_on_every_resource() {
    let old = r#"{"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"#;
    let new = r#"{"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket/*"}]}"#;
    let review = diff(&mut policy(old), &mut policy(new));
    assert!(review.no_new_access());
    let removed: Vec<(&str, &str)> = review
        .removed
        .iter()
        .map(|c| (c.action, c.resource.as_str()))
        .collect();
    assert_eq!(removed, [("PutObject", "*")]);
}

fn preset_subject(id: &str) -> Subject {
    let text = preset(id).expect("preset").text;
    let files = crate::managed::repository_files(text);
    let scenario = read_scenario_with(text, &files).scenario.expect("scenario");
    scenario_subject(&scenario, NOW).expect("subject")
}

#[test]
fn the_elastic_beanstalk_instance_may_write_its_buckets_and_not_manage_iam() {
    let mut subject = preset_subject("elastic-beanstalk");
    assert!(subject.label.starts_with("role session arn:aws:sts::"));
    let summary = summarize(&mut subject, &[]);
    let put = find(&summary, "s3:PutObject").expect("PutObject");
    assert!(
        put.resources
            .iter()
            .any(|(r, g)| r == "arn:aws:s3:::elasticbeanstalk-*/*" && *g == Grant::Allowed),
        "{put:?}"
    );
    assert_eq!(put.everywhere, None);
    assert!(find(&summary, "iam:CreateUser").is_none());
    assert!(
        summary
            .actions
            .iter()
            .all(|a| a.everywhere != Some(Grant::Conditional))
    );
    assert!(summary.evaluated > catalog().action_count());
}

#[test]
fn an_instance_without_credentials_has_no_summary() {
    let text = preset("elastic-beanstalk").expect("preset").text.replace(
        "\"Service\": \"ec2.amazonaws.com\"",
        "\"Service\": \"lambda.amazonaws.com\"",
    );
    let scenario = read_scenario(&text).scenario.expect("scenario");
    let error = scenario_subject(&scenario, NOW).expect_err("no session");
    assert!(error.contains("trust policy"), "{error}");
}
