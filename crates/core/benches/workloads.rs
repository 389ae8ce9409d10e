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

impl Workload {
    /// The benchmark's name, the same natively and in wasm: `cargo xtask bench` reads the
    /// request count from it to give evaluations per second.
    #[allow(
        dead_code,
        reason = "the allocation test shares these workloads but not this one"
    )]
    pub fn id(&self) -> String {
        format!("evaluate/{} ({} requests)", self.name, self.requests.len())
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

/// Scenarios at the engine's limits, each read, built, simulated and reported as one keystroke
/// is (budget: under 50 ms each).
#[cfg(feature = "json-report")]
#[allow(
    dead_code,
    reason = "the allocation test shares these workloads but not this one"
)]
#[allow(
    clippy::indexing_slicing,
    reason = "benchmark setup: the new-scenario preset has a role and requests"
)]
pub fn worst_cases() -> Vec<(String, String)> {
    use serde_json::{Value, json};
    let statement = |i: usize| {
        json!({"Sid": format!("S{i}"), "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"],
            "Resource": format!("arn:aws:s3:::bucket-{i}/*"),
            "Condition": {"StringLike": {"aws:PrincipalTag/team": [format!("team-{i}-*")]}}})
    };
    let policy = |statements: Vec<Value>| json!({"Version": "2012-10-17", "Statement": statements});
    let request = |i: usize| json!({"action": "s3:GetObject", "resource": format!("arn:aws:s3:::bucket-{i}/key")});
    let scenario = |inline: Vec<(String, Value)>, requests: Vec<Value>| {
        let mut value: Value =
            serde_json::from_str(iamplay_core::presets::NEW_SCENARIO).expect("preset is JSON");
        value["account"]["roles"][0]["inlinePolicies"] = inline.into_iter().collect();
        value["requests"] = Value::Array(requests);
        value.to_string()
    };
    let statements = iamplay_core::policy::MAX_POLICY_STATEMENTS;
    let values = iamplay_core::policy::MAX_VALUES;
    let wildcards = iamplay_core::policy::MAX_WILDCARDS;
    let big = policy((0..statements).map(statement).collect());
    assert!(big.to_string().len() < iamplay_core::policy::MAX_POLICY_BYTES);
    let many_values = policy(vec![json!({"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "*", "Condition": {"StringLike": {"aws:userid":
            (0..values).map(|i| format!("AROA*:{i}-*")).collect::<Vec<_>>()}}})]);
    let starry = format!("arn:aws:s3:::{}b", "*a".repeat(wildcards));
    let wild = policy(vec![json!({"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": vec![starry; 20]})]);
    let long_arn = format!("arn:aws:s3:::{}", "a".repeat(2000));
    let wild_lists = policy(vec![json!({"Effect": "Allow",
        "Action": (0..values).map(|i| format!("s3:Get{i}*")).collect::<Vec<_>>(),
        "Resource": (0..values).map(|i| format!("arn:aws:s3:::b{i}/*")).collect::<Vec<_>>()})]);
    let some = |n: usize| (0..n).map(request).collect::<Vec<_>>();
    let mut cases = vec![
        (
            format!("a policy of {statements} statements"),
            scenario(vec![("Big".into(), big.clone())], some(10)),
        ),
        (
            format!("a condition of {values} values"),
            scenario(vec![("Values".into(), many_values)], some(10)),
        ),
        (
            format!("20 patterns of {wildcards} wildcards on a 2,000-character ARN"),
            scenario(
                vec![("Wild".into(), wild)],
                vec![json!({"action": "s3:GetObject", "resource": long_arn}); 10],
            ),
        ),
        (
            format!("{values} wildcard actions and {values} wildcard resources"),
            scenario(vec![("Lists".into(), wild_lists)], some(10)),
        ),
        (
            format!("{} requests", iamplay_core::scenario::MAX_REQUESTS),
            scenario(
                vec![("Small".into(), policy((0..10).map(statement).collect()))],
                some(iamplay_core::scenario::MAX_REQUESTS),
            ),
        ),
    ];
    // As many of the largest policy as the scenario's size limit takes.
    let mut inline = Vec::new();
    while scenario(inline.clone(), some(10)).len() + big.to_string().len() * 2
        < iamplay_core::scenario::MAX_SCENARIO_BYTES
    {
        inline.push((format!("Big{}", inline.len()), big.clone()));
    }
    let text = scenario(inline, some(10));
    cases.push((format!("a scenario of {} KiB", text.len() / 1024), text));
    cases
}

// The large account of the import benchmarks, shared with the page's benchmark in Chromium.
#[cfg(feature = "import")]
#[path = "large_account.rs"]
mod large_account;
#[cfg(feature = "import")]
#[allow(
    unused_imports,
    reason = "used by the import benchmarks, not by every file that includes the workloads"
)]
pub use large_account::{LARGE_ACCOUNT_ROLES, large_account};

/// One answer to work out: `(benchmark id, preset text, managed policies, the request or none)`.
#[cfg(feature = "json-report")]
pub type Answer = (
    String,
    &'static str,
    std::collections::BTreeMap<String, String>,
    Option<usize>,
);

/// The answers the playground's panel works out, on every preset: for each request the preset
/// does not allow, its fixes (with the scenario's tightenings) and its conditions, as one
/// answer (budget ≤ 100 ms); and who can get the credentials and what stolen ones can do.
/// Each is `(benchmark id, preset text, managed policies, the request or none)`.
#[cfg(feature = "json-report")]
#[allow(
    dead_code,
    reason = "the allocation test shares these workloads but not this one"
)]
pub fn answers() -> Vec<Answer> {
    let mut out = Vec::new();
    for preset in iamplay_core::presets::PRESETS {
        let (text, files) = keystroke(preset.id);
        let scenario = iamplay_core::scenario::read_scenario_with(text, &files)
            .scenario
            .expect("the presets read");
        let outcome = iamplay_core::scenario::run_scenario(&scenario, "2026-01-01T00:00:00Z");
        for (i, r) in outcome.requests.iter().enumerate() {
            if r.decision != iamplay_core::EvalDecision::Allowed {
                let id = format!(
                    "answers/fix and discovery: {}, request {} ({})",
                    preset.title,
                    i + 1,
                    r.request.action
                );
                out.push((id, text, files.clone(), Some(i)));
            }
        }
        for kind in ["who can get the credentials", "stolen credentials"] {
            let id = format!("answers/{kind}: {}", preset.title);
            out.push((id, text, files.clone(), None));
        }
    }
    out
}

/// One answer of [`answers`], as the panel works it out.
#[cfg(feature = "json-report")]
#[allow(
    dead_code,
    reason = "the allocation test shares these workloads but not this one"
)]
pub fn answer_once(
    id: &str,
    text: &str,
    files: &std::collections::BTreeMap<String, String>,
    request: Option<usize>,
) -> usize {
    use iamplay_core::report::answers as a;
    const NOW: &str = "2026-01-01T00:00:00Z";
    match request {
        Some(i) => {
            let fixes = a::fix_result(text, NOW, files, Some(i));
            let conditions = a::discover_result(text, NOW, files, Some(i));
            fixes.requests.len() + conditions.requests.len()
        }
        None if id.contains("who can get") => {
            a::who_can_get_result(text, NOW, files).principals.len()
        }
        None => a::exfiltration_result(text, NOW, files).guards.len(),
    }
}
