//! Reading scenarios: the presets simulate as documented, and bad documents report every
//! problem with its JSON path and position.

use super::*;
use crate::presets::{PRESETS, preset};
use crate::span::LineIndex;

const NOW: &str = "2026-11-22T12:00:00Z";

fn read_ok(text: &str) -> Scenario {
    let read = read_scenario_with(text, &crate::managed::repository_files(text));
    assert!(read.problems.is_empty(), "{:#?}", read.problems);
    read.scenario.unwrap()
}

fn problems(text: &str) -> Vec<(String, String, String)> {
    let index = LineIndex::new(text);
    read_scenario(text)
        .problems
        .into_iter()
        .map(|p| {
            (
                p.path,
                p.diagnostic.line_col(&index).to_string(),
                p.diagnostic.message,
            )
        })
        .collect()
}

#[test]
fn every_preset_meets_its_expectations() {
    for preset in PRESETS {
        let scenario = read_ok(preset.text);
        let outcome = run_scenario(&scenario, NOW);
        assert!(
            outcome.warnings.is_empty(),
            "{}: {:?}",
            preset.id,
            outcome.warnings
        );
        assert_eq!(outcome.requests.len(), scenario.expectations.len());
        for (result, expected) in outcome.requests.iter().zip(&scenario.expectations) {
            let expected = expected.unwrap_or_else(|| {
                panic!("{}: every preset request states what it expects", preset.id)
            });
            assert_eq!(
                result.decision,
                expected,
                "{}: {} on {}: {}",
                preset.id,
                result.request.action,
                result.request.resource,
                result
                    .evaluation
                    .as_ref()
                    .map_or(outcome.headline.as_str(), |e| e.summary.as_str())
            );
        }
    }
}

#[test]
fn elastic_beanstalk_preset_links_and_session() {
    let scenario = read_ok(preset("elastic-beanstalk").unwrap().text);
    let outcome = run_scenario(&scenario, NOW);
    assert!(outcome.links.iter().all(|l| l.ok));
    let session = outcome.session.unwrap();
    assert_eq!(
        session.arn,
        "arn:aws:sts::111122223333:assumed-role/aws-elasticbeanstalk-ec2-role/i-0eb0a1b2c3d4e5f60"
    );
    let role = scenario
        .account
        .role("aws-elasticbeanstalk-ec2-role")
        .unwrap();
    assert_eq!(role.attached_policies.len(), 3);
    assert!(
        scenario
            .account
            .instance_profile("aws-elasticbeanstalk-ec2-role")
            .unwrap()
            .id
            .starts_with("AIPA")
    );
}

#[test]
fn the_walkthroughs_queue_statement_names_an_s3_arn() {
    let scenario = read_ok(preset("ec2-app-server").unwrap().text);
    let outcome = run_scenario(&scenario, NOW);
    let sqs = outcome
        .requests
        .iter()
        .find(|r| r.request.action == "sqs:SendMessage")
        .unwrap();
    let evaluation = sqs.evaluation.as_ref().unwrap();
    let statement = evaluation.policies[0]
        .statements
        .iter()
        .find(|s| s.statement.sid.as_deref() == Some("SQSAccess"))
        .unwrap();
    assert!(matches!(
        statement.outcome,
        crate::decision::StatementOutcome::ResourceNotMatched(_)
    ));
}

#[test]
fn aws_managed_policies_resolve_through_their_files_or_are_no_such_entity() {
    let text = preset("ec2-app-server").unwrap().text;
    let scenario = read_ok(text);
    let role = scenario.account.role("EC2AppServerRole").unwrap();
    assert_eq!(role.attached_policies.len(), 3);
    let ssm = scenario
        .account
        .policy("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")
        .unwrap();
    assert_eq!(ssm.path, "/");
    assert!(ssm.document.text.contains("ssm:UpdateInstanceInformation"));
    // Without the files, the attachment is IAM's NoSuchEntity at the ARN's place.
    let found = problems(text);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].0, "$.account.roles[0].managedPolicies[1]");
    assert!(found[0].2.contains("AmazonS3ReadOnlyAccess"), "{found:#?}");
}

#[test]
fn auto_scaling_preset_refuses_a_role_not_named_qateam() {
    let text = preset("auto-scaling-qateam").unwrap().text.replace(
        "\"instanceProfile\": \"qateam-web-profile\"",
        "\"instanceProfile\": \"prod-web-profile\"",
    );
    let scenario = read_ok(&text);
    let outcome = run_scenario(&scenario, NOW);
    assert!(
        outcome.headline.starts_with(
            "the launching principal cannot pass role `prod-web` to ec2.amazonaws.com"
        ),
        "{}",
        outcome.headline
    );
    assert!(outcome.requests.iter().all(|r| r.evaluation.is_none()));
    let scenario = read_ok(preset("auto-scaling-qateam").unwrap().text);
    let outcome = run_scenario(&scenario, NOW);
    assert_eq!(outcome.links[0].name, "launch");
    assert!(outcome.links[0].ok, "{:?}", outcome.links[0].detail);
}

#[test]
fn the_common_mistakes_preset_shows_each_mistake() {
    let text = preset("common-mistakes").unwrap().text;
    let outcome = run_scenario(&read_ok(text), NOW);
    let put = outcome.requests[1].evaluation.as_ref().unwrap();
    assert!(
        put.summary.contains("permissions boundary"),
        "{}",
        put.summary
    );
    let secret = outcome.requests[2].evaluation.as_ref().unwrap();
    assert_eq!(secret.deciding[0].sid.as_deref(), Some("SecretsNeedIMDSv2"));
    for (profile, broken) in [
        ("batch-profile", "trust policy"),
        ("orphan-profile", "instance profile"),
    ] {
        let text = text.replace(
            "\"instanceProfile\": \"app-profile\"",
            &format!("\"instanceProfile\": \"{profile}\""),
        );
        let outcome = run_scenario(&read_ok(&text), NOW);
        let link = outcome.links.iter().find(|l| !l.ok).unwrap();
        assert_eq!(link.name, broken, "{profile}: {}", outcome.headline);
        assert!(outcome.requests.iter().all(|r| r.evaluation.is_none()));
    }
}

#[test]
fn without_credentials_the_chain_shows_what_an_unsigned_call_still_gets() {
    let text = preset("common-mistakes").unwrap().text.replace(
        "\"instanceProfile\": \"app-profile\"",
        "\"instanceProfile\": \"orphan-profile\"",
    );
    let mut tree: serde_json::Value = serde_json::from_str(&text).unwrap();
    tree["resourcePolicies"] = serde_json::json!([{
        "resource": "arn:aws:s3:::app-uploads",
        "policy": {"Version": "2012-10-17", "Statement": [{"Sid": "PublicRead", "Effect": "Allow",
            "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::app-uploads/*"}]}
    }]);
    let outcome = run_scenario(&read_ok(&tree.to_string()), NOW);
    assert!(outcome.requests.iter().all(|r| r.evaluation.is_none()));
    let get = outcome.requests[0].unsigned.as_ref().unwrap();
    assert_eq!(get.decision, EvalDecision::Allowed);
    assert_eq!(get.deciding[0].sid.as_deref(), Some("PublicRead"));
    let put = outcome.requests[1].unsigned.as_ref().unwrap();
    assert_eq!(put.decision, EvalDecision::ImplicitDeny);
    assert!(put.summary.contains("unsigned"), "{}", put.summary);
}

#[test]
fn a_request_through_a_vpc_endpoint_needs_its_policy_and_carries_its_id() {
    let mut tree: serde_json::Value =
        serde_json::from_str(preset("common-mistakes").unwrap().text).unwrap();
    tree["vpcEndpoints"] = serde_json::json!([{
        "id": "vpce-0a1b2c3d",
        "policy": {"Version": "2012-10-17", "Statement": [{"Sid": "Uploads", "Effect": "Allow",
            "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::app-uploads/*",
            "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-0app0000"}}}]}
    }, {
        "id": "vpce-strict",
        "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
            "Action": "s3:PutObject", "Resource": "*"}]}
    }, {"id": "vpce-default"}]);
    tree["requests"] = serde_json::json!([
        {"action": "s3:GetObject", "resource": "arn:aws:s3:::app-uploads/a", "vpcEndpoint": "vpce-0a1b2c3d"},
        {"action": "s3:GetObject", "resource": "arn:aws:s3:::app-uploads/a", "vpcEndpoint": "vpce-strict"},
        {"action": "s3:GetObject", "resource": "arn:aws:s3:::app-uploads/a", "vpcEndpoint": "vpce-default"}
    ]);
    let outcome = run_scenario(&read_ok(&tree.to_string()), NOW);
    let decisions: Vec<EvalDecision> = outcome.requests.iter().map(|r| r.decision).collect();
    assert_eq!(
        decisions,
        [
            EvalDecision::Allowed,
            EvalDecision::ImplicitDeny,
            EvalDecision::Allowed
        ]
    );
    let denied = outcome.requests[1].evaluation.as_ref().unwrap();
    assert!(
        denied.summary.contains("VPC endpoint"),
        "{}",
        denied.summary
    );
    // A request naming an endpoint the scenario does not have is a problem at its place.
    tree["requests"][0]["vpcEndpoint"] = serde_json::json!("vpce-nope");
    let problems = problems(&tree.to_string());
    assert!(
        problems
            .iter()
            .any(|(path, _, m)| path == "$.requests[0].vpcEndpoint" && m.contains("vpce-nope")),
        "{problems:?}"
    );
}

#[test]
fn a_new_scenario_reads_and_asks_one_question() {
    let scenario = read_ok(crate::presets::NEW_SCENARIO);
    let outcome = run_scenario(&scenario, NOW);
    assert!(outcome.links.iter().all(|l| l.ok), "{}", outcome.headline);
    assert_eq!(outcome.requests.len(), 1);
    assert_eq!(outcome.requests[0].decision, EvalDecision::ImplicitDeny);
}

#[test]
fn problems_carry_json_paths_and_positions() {
    let text = r#"{
  "scenarioVersion": 1,
  "acount": {},
  "account": {
    "id": "1234",
    "roles": []
  },
  "instance": {"id": "x-1", "imdsVersion": "v3", "instanceProfile": "p"},
  "requests": [{"action": "s3GetObject", "expect": "maybe"}]
}"#;
    // Every part is read even when the account is broken: all six problems at once.
    let all = problems(text);
    assert_eq!(all.len(), 6, "{all:#?}");
    assert_eq!(
        all[1],
        (
            "$.account.id".to_owned(),
            "5:11".to_owned(),
            "InvalidInput: account id `1234` must be 12 digits".to_owned()
        )
    );
    let text = text.replace("\"1234\"", "\"111122223333\"");
    let without_account: Vec<_> = all
        .iter()
        .filter(|p| p.0 != "$.account.id")
        .cloned()
        .collect();
    assert_eq!(problems(&text), without_account);
    assert_eq!(
        without_account,
        [
            (
                "$".to_owned(),
                "3:3".to_owned(),
                "unknown field `acount` in `$`".to_owned()
            ),
            (
                "$.instance.id".to_owned(),
                "8:22".to_owned(),
                "`x-1` is not an instance id (`i-` and hexadecimal digits)".to_owned()
            ),
            (
                "$.instance.imdsVersion".to_owned(),
                "8:44".to_owned(),
                "`v3` is not an IMDS version: use `v1` or `v2`".to_owned()
            ),
            (
                "$.requests[0].action".to_owned(),
                "9:27".to_owned(),
                "`s3GetObject` is not an action: write `service:Action`".to_owned()
            ),
            (
                "$.requests[0].expect".to_owned(),
                "9:52".to_owned(),
                "`maybe` is not a decision: use `allowed`, `explicitDeny` or `implicitDeny`"
                    .to_owned()
            ),
        ]
    );
}

#[test]
fn iam_errors_and_policy_errors_point_into_the_document() {
    let text = r#"{"scenarioVersion": 1,
 "account": {"id": "111122223333",
  "roles": [{"name": "r1", "trustPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}},
            {"name": "r2", "trustPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Alow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}}],
  "instanceProfiles": [{"name": "p", "roles": ["r1", "r1"]}]},
 "instance": {"instanceProfile": "p"},
 "requests": []}"#;
    let found = problems(text);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].0, "$.account.roles[1].trustPolicy");
    assert_eq!(found[0].1, "4:93");
    assert_eq!(found[0].2, "`Alow` is not an effect");
    assert_eq!(found[1].0, "$.account.instanceProfiles[0].roles[1]");
    assert!(
        found[1].2.starts_with("EntityAlreadyExists"),
        "{}",
        found[1].2
    );
}

#[test]
fn limits_and_syntax_are_errors_not_crashes() {
    let huge = format!(
        "{{\"scenarioVersion\": 1, \"name\": \"{}\"}}",
        "x".repeat(MAX_SCENARIO_BYTES)
    );
    let read = read_scenario(&huge);
    assert!(read.scenario.is_none());
    assert_eq!(read.problems[0].diagnostic.code, "size-limit");
    let deep = "[".repeat(100);
    assert_eq!(
        read_scenario(&deep).problems[0].diagnostic.message,
        "nesting is deeper than the limit of 32 levels"
    );
    let read = read_scenario("{\"scenarioVersion\": 2}");
    assert!(
        read.problems
            .iter()
            .any(|p| p.diagnostic.message == "this scenario version is not supported")
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any edit of a preset (a cut, an insertion) reads without panicking, and a scenario
        /// that reads also simulates without panicking.
        #[test]
        fn edited_presets_never_panic(which in 0..PRESETS.len(), at in 0usize..20_000, cut in 0usize..200, insert in "[{}\\[\\]\",:a-z0-9 ]{0,12}") {
            let text = PRESETS[which].text;
            let at = text.char_indices().map(|(i, _)| i).take_while(|&i| i <= at).last().unwrap_or(0);
            let end = text.char_indices().map(|(i, _)| i).find(|&i| i >= at + cut).unwrap_or(text.len());
            let edited = format!("{}{}{}", text.get(..at).unwrap_or(""), insert, text.get(end..).unwrap_or(""));
            let read = read_scenario(&edited);
            for p in &read.problems {
                prop_assert!(p.diagnostic.span.end <= edited.len());
                prop_assert!(p.path.starts_with('$'));
            }
            if let Some(scenario) = read.scenario {
                let _ = run_scenario(&scenario, NOW);
            }
        }
    }
}

/// One edit of a scenario compiles each policy document once: reading builds the account with
/// compiled policies, and the chain, the access summary and the report reuse them.
#[test]
fn an_edit_compiles_each_policy_document_once() {
    use crate::compile::COMPILATIONS;
    // Documents in each preset: trust and inline policies, managed policies (embedded or AWS
    // managed from the files), the launcher's policies, resource policies, SCPs and RCPs.
    for (id, documents) in [
        ("elastic-beanstalk", 4),
        ("ec2-app-server", 4),
        ("auto-scaling-qateam", 5),
    ] {
        let text = crate::presets::preset(id).map(|p| p.text).unwrap();
        let managed = crate::managed::repository_files(text);
        COMPILATIONS.with(|c| c.set(0));
        let read = read_scenario_with(text, &managed);
        let scenario = read.scenario.unwrap();
        let outcome = run_scenario(&scenario, "2026-11-22T12:00:00Z");
        let _ = crate::report::simulation(text, &scenario, &outcome);
        let subject = crate::access::session_subject(&scenario, outcome);
        let mut subject = subject.unwrap();
        let _ = crate::access::summarize(&mut subject, &[]);
        assert_eq!(COMPILATIONS.with(|c| c.get()), documents, "{id}");
    }
}
