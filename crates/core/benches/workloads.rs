//! The benchmark workloads, shared by the native (criterion) and wasm (browser) benchmarks.

use iamplay_core::{CompiledPolicy, ContextValue, PolicySet, PolicyType, Request, compile_policy};
use std::sync::Arc;

const SESSION: &str =
    "arn:aws:sts::111122223333:assumed-role/aws-elasticbeanstalk-ec2-role/i-0123456789abcdef0";

fn compiled(name: &str, kind: PolicyType, text: &str) -> Arc<CompiledPolicy> {
    let (policy, diagnostics) = compile_policy(name, kind, text);
    assert!(diagnostics.is_empty(), "{name}: {diagnostics:?}");
    Arc::new(policy.expect("policy compiles"))
}

/// A named policy set with the requests to evaluate against it.
pub struct Workload {
    pub name: &'static str,
    pub set: PolicySet,
    pub requests: Vec<Request>,
}

/// A 3-statement policy set (target ≥ 2,000,000 evaluations/s).
pub fn three_statements() -> Workload {
    let policy = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]},
        {"Sid": "Describe", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
        {"Sid": "NoIam", "Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}"#;
    Workload {
        name: "three-statement policy set",
        set: PolicySet {
            identity: vec![compiled("p", PolicyType::Identity, policy)],
            ..PolicySet::default()
        },
        requests: vec![
            Request::new(
                SESSION,
                "s3:GetObject",
                "arn:aws:s3:::reports/2026/11/a.csv",
            ),
            Request::new(SESSION, "ec2:DescribeInstances", "*"),
            Request::new(SESSION, "iam:PassRole", "arn:aws:iam::111122223333:role/x"),
            Request::new(SESSION, "s3:PutObject", "arn:aws:s3:::reports/a"),
        ],
    }
}

/// The three Elastic Beanstalk managed policies plus a boundary (target ≥ 1,000,000/s).
pub fn elastic_beanstalk() -> Workload {
    let boundary = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:*", "xray:*", "logs:*", "cloudwatch:*", "sqs:*", "dynamodb:*", "ecs:*"], "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}"#;
    let policies = [
        (
            "AWSElasticBeanstalkWebTier",
            include_str!(
                "../../../tests/fixtures/elastic-beanstalk/AWSElasticBeanstalkWebTier.json"
            ),
        ),
        (
            "AWSElasticBeanstalkWorkerTier",
            include_str!(
                "../../../tests/fixtures/elastic-beanstalk/AWSElasticBeanstalkWorkerTier.json"
            ),
        ),
        (
            "AWSElasticBeanstalkMulticontainerDocker",
            include_str!(
                "../../../tests/fixtures/elastic-beanstalk/AWSElasticBeanstalkMulticontainerDocker.json"
            ),
        ),
    ];
    Workload {
        name: "Elastic Beanstalk managed policies + boundary",
        set: PolicySet {
            identity: policies
                .iter()
                .map(|(name, text)| compiled(name, PolicyType::Identity, text))
                .collect(),
            boundary: Some(compiled(
                "boundary",
                PolicyType::PermissionsBoundary,
                boundary,
            )),
            ..PolicySet::default()
        },
        requests: vec![
            Request::new(
                SESSION,
                "s3:PutObject",
                "arn:aws:s3:::elasticbeanstalk-us-east-1-111122223333/resources/environments/logs/a.gz",
            ),
            Request::new(SESSION, "xray:PutTraceSegments", "*"),
            Request::new(
                SESSION,
                "logs:PutLogEvents",
                "arn:aws:logs:us-east-1:111122223333:log-group:/aws/elasticbeanstalk/app/var/log:log-stream:i-1",
            ),
            Request::new(
                SESSION,
                "dynamodb:PutItem",
                "arn:aws:dynamodb:us-east-1:111122223333:table/awseb-e-abc-stack-AWSEBWorkerCronLeaderRegistry-1",
            ),
            Request::new(
                SESSION,
                "sqs:ReceiveMessage",
                "arn:aws:sqs:us-east-1:111122223333:awseb-queue",
            ),
            Request::new(SESSION, "s3:PutObject", "arn:aws:s3:::other-bucket/a"),
        ],
    }
}

/// One 200-statement policy with wildcards and conditions (target ≥ 150,000/s).
pub fn two_hundred_statements() -> Workload {
    let statements: Vec<String> = (0..200)
        .map(|i| {
            format!(
                r#"{{"Sid": "S{i}", "Effect": "{effect}", "Action": ["svc{i}:Get*", "svc{i}:*Object?"], "Resource": ["arn:aws:s3:::bucket-{i}-*/*", "arn:aws:s3:::shared/*/{i}/*"], "Condition": {{"StringLike": {{"aws:PrincipalTag/team": ["team-{i}*", "ops-*"]}}, "IpAddress": {{"aws:SourceIp": ["10.{i}.0.0/16", "192.168.{i}.0/24"]}}}}}}"#,
                effect = if i % 10 == 9 { "Deny" } else { "Allow" }
            )
        })
        .collect();
    let policy = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",")
    );
    let with_context = |r: Request| {
        r.with("aws:PrincipalTag/team", ContextValue::string("ops-blue"))
            .with("aws:SourceIp", ContextValue::string("10.198.3.4"))
    };
    Workload {
        name: "200-statement policy with wildcards and conditions",
        set: PolicySet {
            identity: vec![compiled("big", PolicyType::Identity, &policy)],
            ..PolicySet::default()
        },
        requests: vec![
            with_context(Request::new(
                SESSION,
                "svc198:GetThing",
                "arn:aws:s3:::bucket-198-x/key",
            )),
            with_context(Request::new(
                SESSION,
                "svc5:PutObject",
                "arn:aws:s3:::shared/a/5/b",
            )),
            with_context(Request::new(
                SESSION,
                "other:Action",
                "arn:aws:s3:::nothing/here",
            )),
        ],
    }
}

/// Every workload.
pub fn all() -> Vec<Workload> {
    vec![
        three_statements(),
        elastic_beanstalk(),
        two_hundred_statements(),
    ]
}

/// The presets' instances, for the access summary over the whole catalogue (target ≤ 100 ms
/// in the browser).
#[allow(
    dead_code,
    reason = "the allocation test shares these workloads but not this one"
)]
pub fn summary_subjects() -> Vec<(&'static str, iamplay_core::access::Subject)> {
    iamplay_core::presets::PRESETS
        .iter()
        .map(|preset| {
            // The AWS managed policies it attaches, embedded at build time as the CLI does.
            let files: std::collections::BTreeMap<String, String> =
                iamplay_core::managed::references(preset.text)
                    .into_iter()
                    .filter_map(|arn| {
                        let file = iamplay_core::managed::file_of(&arn)?;
                        let document = managed_file(&file)?;
                        Some((arn, document.to_owned()))
                    })
                    .collect();
            let scenario = iamplay_core::scenario::read_scenario_with(preset.text, &files)
                .scenario
                .expect("preset reads");
            let subject = iamplay_core::access::scenario_subject(&scenario, "2026-01-01T00:00:00Z")
                .expect("preset's instance gets credentials");
            (preset.id, subject)
        })
        .collect()
}

/// The playground's keystroke path for a preset: what one edit of the scenario costs, from the
/// text to the report the page shows (the AWS managed policies it attaches already fetched).
#[allow(
    dead_code,
    reason = "the allocation test shares these workloads but not this one"
)]
pub fn keystroke(id: &str) -> (&'static str, std::collections::BTreeMap<String, String>) {
    let text = iamplay_core::presets::preset(id).map_or("", |p| p.text);
    let files = iamplay_core::managed::references(text)
        .into_iter()
        .filter_map(|arn| {
            let document = managed_file(&iamplay_core::managed::file_of(&arn)?)?;
            Some((arn, document.to_owned()))
        })
        .collect();
    (text, files)
}

/// One keystroke: the managed policies the text names, then the report of reading, building
/// and simulating it.
#[cfg(feature = "json-report")]
#[allow(
    dead_code,
    reason = "the allocation test shares these workloads but not this one"
)]
pub fn keystroke_once(
    text: &str,
    files: &std::collections::BTreeMap<String, String>,
) -> serde_json::Value {
    std::hint::black_box(iamplay_core::managed::references(text));
    iamplay_core::report::simulate_report(text, "2026-01-01T00:00:00Z", files)
}

/// The managed-policy files the presets attach (the benchmark also runs in the browser, where
/// there is no file system).
#[allow(
    dead_code,
    reason = "the allocation test shares these workloads but not this one"
)]
fn managed_file(file: &str) -> Option<&'static str> {
    match file {
        "policy/AmazonS3ReadOnlyAccess.json" => Some(include_str!(
            "../data/managed-policies/policy/AmazonS3ReadOnlyAccess.json"
        )),
        "policy/AmazonSSMManagedInstanceCore.json" => Some(include_str!(
            "../data/managed-policies/policy/AmazonSSMManagedInstanceCore.json"
        )),
        _ => None,
    }
}
