//! The linter on the source documents' policies.

use super::*;
use crate::diagnostic::Severity;

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
    // AWS's example is written in `2008-10-17`, which only gets the `old-version` suggestion.
    let findings: Vec<&'static str> = lint_policy(&trust, PolicyType::Resource)
        .iter()
        .filter(|d| d.severity != Severity::Suggestion)
        .map(|d| d.code)
        .collect();
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(codes(&trust, PolicyType::Resource), ["old-version"]);
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

#[test]
fn null_if_exists_has_its_own_code_instead_of_unknown_operator() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NullIfExists": {"aws:TokenIssueTime": "true"}}}}"#;
    assert_eq!(codes(text, PolicyType::Identity), ["null-with-if-exists"]);
}

#[test]
fn identical_statements_are_redundant_once_and_conditioned_ones_are_not_covered() {
    let s = r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}"#;
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{s}, {s}]}}"#);
    let findings = lint_policy(&text, PolicyType::Identity);
    let redundant: Vec<usize> = findings
        .iter()
        .filter(|d| d.code == "redundant-statement")
        .map(|d| d.span.start)
        .collect();
    assert_eq!(redundant.len(), 1, "{findings:#?}");
    assert!(
        redundant
            .iter()
            .all(|&start| start > text.find("}}}").unwrap())
    );
    // A statement with a condition never makes another one redundant.
    let text = r#"{"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#;
    assert!(!codes(text, PolicyType::Identity).contains(&"redundant-statement"));
    // Wildcards covered through the catalogue: `s3:GetObject*` is within `s3:Get*`.
    let text = r#"{"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
      {"Effect": "Allow", "Action": "s3:GetObject*", "Resource": "arn:aws:s3:::b/*"}]}"#;
    assert!(codes(text, PolicyType::Identity).contains(&"redundant-statement"));
}

#[test]
fn web_identity_and_saml_trust_policies_are_trust_policies() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/idp"}, "Action": ["sts:AssumeRoleWithSAML", "s3:GetObject"], "Resource": "*"}}"#;
    let found = codes(text, PolicyType::Resource);
    assert!(found.contains(&"trust-with-resource"), "{found:?}");
    assert!(found.contains(&"trust-invalid-action"), "{found:?}");
    assert!(!found.contains(&"public-access"), "{found:?}");
}

#[test]
fn a_policy_read_as_a_trust_policy_gets_the_trust_checks_whatever_it_names() {
    // No `sts:AssumeRole…` action: read as resource-based it is not recognised as a trust policy.
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject"}}"#;
    let as_resource = codes(text, PolicyType::Resource);
    assert!(
        !as_resource.contains(&"trust-invalid-action"),
        "{as_resource:?}"
    );
    let as_trust = codes(text, PolicyType::Trust);
    assert!(as_trust.contains(&"trust-invalid-action"), "{as_trust:?}");
    assert!(!as_trust.contains(&"public-access"), "{as_trust:?}");
    // Like a resource-based policy, it must name who it trusts.
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole"}}"#;
    let missing = lint_policy(text, PolicyType::Trust);
    assert_eq!(
        missing.first().map(|d| d.message.as_str()),
        Some("a statement of a role trust policy needs `Principal` or `NotPrincipal`")
    );
    // The trust policy quota applies without the action that reveals a trust policy.
    let padded = format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Principal": {{"Service": "ec2.amazonaws.com"}}, "Action": "sts:TagSession", "Condition": {{"StringEquals": {{"aws:RequestTag/x": "{}"}}}}}}}}"#,
        "a".repeat(2100)
    );
    assert!(codes(&padded, PolicyType::Trust).contains(&"policy-too-large"));
    assert!(!codes(&padded, PolicyType::Resource).contains(&"policy-too-large"));
}

#[test]
fn findings_point_at_the_value_they_are_about() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Sid": "a-b", "Effect": "Allow", "Action": "s3:getobject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"], "Condition": {"IpAddress": {"aws:sourceip": ["10.1.2.3/8", "10.1.2.3/8"]}}}}"#;
    let at = |code: &str| -> Vec<&str> {
        lint_policy(text, PolicyType::Identity)
            .iter()
            .filter(|d| d.code == code)
            .map(|d| d.span.slice(text))
            .collect()
    };
    assert_eq!(at("invalid-sid"), ["\"a-b\""]);
    assert_eq!(at("action-case"), ["\"s3:getobject\""]);
    assert_eq!(at("redundant-resource"), ["\"arn:aws:s3:::b/x\""]);
    assert_eq!(at("condition-key-case"), ["\"aws:sourceip\""]);
    assert_eq!(at("duplicate-condition-value"), ["\"10.1.2.3/8\""]);
    assert_eq!(at("cidr-host-bits").len(), 2);
    assert_eq!(at("private-ip-in-source-ip").len(), 2);
}

#[test]
fn wildcard_service_prefixes_are_actions_not_unknown_services() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["*:Describe*", "nosuch*:Get*"], "Resource": "*"}}"#;
    assert_eq!(
        codes(text, PolicyType::Identity),
        ["action-matches-nothing"]
    );
}

/// The case files' folder, `tests/lint` at the workspace root.
fn case_files() -> Vec<(String, serde_json::Value)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/lint");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            // `CODE.json`, or `CODE.VARIANT.json` for a check's further cases.
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let stem = name.split('.').next().unwrap().to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            (stem, serde_json::from_str(&text).unwrap())
        })
        .collect()
}

#[test]
fn the_registry_and_the_case_files_agree() {
    assert!(CHECKS.len() >= 60, "{} checks", CHECKS.len());
    let mut codes: Vec<&str> = super::codes().map(|c| c.code).collect();
    codes.sort_unstable();
    let before = codes.len();
    codes.dedup();
    assert_eq!(codes.len(), before, "a code is listed twice");
    let cases = case_files();
    let named: Vec<&str> = cases.iter().map(|(stem, _)| stem.as_str()).collect();
    for code in super::codes() {
        assert!(
            named.contains(&code.code),
            "`{}` has no tests/lint/{}.json",
            code.code,
            code.code
        );
        assert!(!code.summary.is_empty());
    }
    for (stem, case) in &cases {
        let code = case["code"].as_str().unwrap();
        assert_eq!(code, stem, "tests/lint/{stem}.json is about `{code}`");
        assert!(
            codes.contains(&code),
            "`{code}` is not a code lint_policy reports"
        );
    }
}

#[test]
fn each_case_gets_its_code_in_the_registrys_class() {
    for (stem, case) in case_files() {
        let kind = PolicyType::parse(case["policyType"].as_str().unwrap()).unwrap();
        let mut text = match (&case["finding"], &case["findingText"]) {
            (serde_json::Value::Null, t) => t.as_str().unwrap().to_owned(),
            (v, _) => serde_json::to_string_pretty(v).unwrap(),
        };
        if let Some(bytes) = case["padFindingTo"].as_u64() {
            let bytes = usize::try_from(bytes).unwrap();
            text.push_str(&" ".repeat(bytes.saturating_sub(text.len())));
        }
        let check = super::codes().find(|c| c.code == stem).unwrap();
        let found: Vec<Diagnostic> = lint_policy(&text, kind)
            .into_iter()
            .filter(|d| d.code == stem)
            .collect();
        assert!(!found.is_empty(), "{stem}");
        // A check whose class depends on the policy states the one its case gets; the
        // registry lists the most serious.
        let wanted = match case["expect"]["severity"].as_str() {
            Some("error") => Severity::Error,
            Some("security warning") => Severity::SecurityWarning,
            Some("warning") => Severity::Warning,
            Some("suggestion") => Severity::Suggestion,
            _ => check.severity,
        };
        for d in found {
            assert_eq!(d.severity, wanted, "{stem}: {d:?}");
            assert_eq!(d.stage, check.stage, "{stem}: {d:?}");
            // The reader's and the compiler's errors explain themselves; the checks give help.
            assert!(
                check.stage != Stage::Lint || d.help.is_some(),
                "{stem}: {d:?}"
            );
            assert!(!d.span.is_empty(), "{stem}: {d:?}");
        }
    }
}

/// The module that makes the checks of a section.
fn module(section: Section) -> &'static str {
    match section {
        Section::Policy => "policy.rs",
        Section::Actions => "actions.rs",
        Section::Resources => "resources.rs",
        Section::Grants => "grants.rs",
        Section::Principals => "principals.rs",
        Section::Conditions => "conditions.rs",
        Section::ResourceControl => "rcp.rs",
    }
}

#[test]
fn each_check_is_made_in_one_module_its_sections() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/lint");
    let mut sources: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .filter(|(name, _)| name != "tests.rs")
        .collect();
    sources.sort();
    assert!(sources.len() >= 8, "{sources:?}");
    let mut problems = Vec::new();
    for check in CHECKS {
        let literal = format!("\"{}\"", check.code);
        let files: Vec<&str> = sources
            .iter()
            .filter(|(_, text)| text.contains(&literal))
            .map(|(name, _)| name.as_str())
            .collect();
        let wanted = module(check.section);
        if files != [wanted] {
            problems.push(format!(
                "`{}` ({:?}) is written in {files:?}, not only in {wanted}",
                check.code, check.section
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_empty_condition_object_and_a_key_of_no_service_are_found() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {}},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"foo:bar": "x"}}}]}"#;
    let findings = lint_policy(text, PolicyType::Identity);
    let empty = findings
        .iter()
        .find(|d| d.code == "empty-condition")
        .unwrap();
    assert_eq!(empty.span.slice(text), "\"Condition\": {}");
    let unknown = findings
        .iter()
        .find(|d| d.code == "unknown-condition-key")
        .unwrap();
    assert_eq!(unknown.severity, Severity::Error);
    assert!(
        unknown.message.contains("`foo` is not a service"),
        "{unknown:?}"
    );
}

#[test]
fn resource_types_are_compared_part_by_part_and_not_where_the_catalogue_cannot_tell() {
    let statement = |action: &str, resource: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "{action}", "Resource": "{resource}"}}}}"#
        )
    };
    let mismatch = |action: &str, resource: &str| {
        codes(&statement(action, resource), PolicyType::Identity)
            .contains(&"resource-type-mismatch")
    };
    // Both ways round: an object action on a bucket, a bucket action on objects.
    assert!(mismatch("s3:PutObject", "arn:aws:s3:::b"));
    assert!(mismatch("s3:ListBucket", "arn:aws:s3:::b/*"));
    assert!(!mismatch("s3:ListBucket", "arn:aws:s3:::b*"));
    // A star in one part of the ARN does not reach into the next (an access point is not `b/*`).
    assert!(mismatch("s3:ListBucket", "arn:aws:s3:::b/a*"));
    // A log group's name holds `/`.
    assert!(!mismatch(
        "logs:CreateLogGroup",
        "arn:aws:logs:*:*:log-group:/aws/lambda/*"
    ));
    // ELB's classic and V2 share a prefix, and the catalogue has only one's AddTags.
    assert!(!mismatch(
        "elasticloadbalancing:AddTags",
        "arn:aws:elasticloadbalancing:*:*:targetgroup/k8s-*/*"
    ));
}

#[test]
fn statements_are_compared_pairwise_only_up_to_the_cap() {
    let policy = |n: usize| {
        let statement =
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#;
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            vec![statement; n].join(",")
        )
    };
    let redundant = |n: usize| {
        codes(&policy(n), PolicyType::Identity)
            .iter()
            .filter(|c| **c == "redundant-statement")
            .count()
    };
    assert_eq!(redundant(2), 1);
    assert_eq!(redundant(512), 511);
    // More statements than any AWS quota allows: over the size quota, and not compared.
    assert_eq!(redundant(513), 0);
    assert!(codes(&policy(513), PolicyType::Identity).contains(&"policy-too-large"));
}

#[test]
fn redundant_values_are_sought_among_the_first_covering_patterns_only() {
    // 512 wildcard resources, then one more, then what only that 513th one covers, and a
    // repeat of the first: the repeat is found however long the list, the rest is not sought.
    let mut resources: Vec<String> = (0..super::MAX_COVERING_PATTERNS)
        .map(|i| format!("\"arn:aws:s3:::b{i}/*\""))
        .collect();
    resources.push("\"arn:aws:s3:::last/*\"".to_owned());
    resources.push("\"arn:aws:s3:::last/key\"".to_owned());
    resources.push("\"arn:aws:s3:::b0/*\"".to_owned());
    resources.push("\"arn:aws:s3:::b1/key\"".to_owned());
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [{}]}}}}"#,
        resources.join(", ")
    );
    let redundant: Vec<&str> = lint_policy(&text, PolicyType::Identity)
        .iter()
        .filter(|d| d.code == "redundant-resource")
        .map(|d| d.span.slice(&text))
        .collect();
    assert_eq!(
        redundant,
        ["\"arn:aws:s3:::b0/*\"", "\"arn:aws:s3:::b1/key\""]
    );
}
