//! The linter on the source documents' policies.

use super::*;

fn codes(text: &str, kind: PolicyType) -> Vec<&'static str> {
    lint_policy(text, kind).iter().map(|d| d.code).collect()
}

#[test]
fn the_walkthroughs_queue_statement_is_flagged() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
      {"Sid": "S3Access", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::my-app-bucket", "arn:aws:s3:::my-app-bucket/*"]},
      {"Sid": "SQSAccess", "Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], "Resource": "arn:aws:s3:::my-app-queue"},
      {"Sid": "CloudWatchLogs", "Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:*:*:log-group:/app/*"}]}"#;
    let findings = lint_policy(text, PolicyType::Identity);
    let mismatches: Vec<&str> = findings
        .iter()
        .filter(|d| d.code == "resource-type-mismatch")
        .map(|d| d.span.slice(text))
        .collect();
    assert_eq!(
        mismatches,
        [
            "\"sqs:SendMessage\"",
            "\"sqs:ReceiveMessage\"",
            "\"sqs:DeleteMessage\"",
            "\"sqs:GetQueueAttributes\""
        ],
        "{findings:#?}"
    );
}

#[test]
fn the_elastic_beanstalk_policies_lint_clean() {
    for name in [
        "AWSElasticBeanstalkWebTier",
        "AWSElasticBeanstalkWorkerTier",
        "AWSElasticBeanstalkMulticontainerDocker",
    ] {
        let path = format!(
            "{}/../../tests/fixtures/elastic-beanstalk/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        let findings = lint_policy(&text, PolicyType::Identity);
        let serious: Vec<_> = findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(serious.is_empty(), "{name}: {serious:#?}");
    }
    let trust = std::fs::read_to_string(format!(
        "{}/../../tests/fixtures/elastic-beanstalk/aws-elasticbeanstalk-ec2-role-trust.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    assert!(
        codes(&trust, PolicyType::Resource).is_empty(),
        "{:?}",
        codes(&trust, PolicyType::Resource)
    );
}

#[test]
fn the_qateam_pass_role_policy_is_the_good_example() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/qateam-*", "Condition": {"StringEquals": {"iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"]}}}]}"#;
    assert!(
        codes(text, PolicyType::Identity).is_empty(),
        "{:?}",
        codes(text, PolicyType::Identity)
    );
    let bad = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}"#;
    assert_eq!(
        codes(bad, PolicyType::Identity),
        ["pass-role-any-resource", "pass-role-without-service"]
    );
}
