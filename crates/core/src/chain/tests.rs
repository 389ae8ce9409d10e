//! The chain's five links, each holding and each broken.

use super::*;
use crate::compile::PolicyDocument;
use crate::iam::CreateRole;

const EB_TRUST: &str = include_str!(
    "../../../../tests/fixtures/elastic-beanstalk/aws-elasticbeanstalk-ec2-role-trust.json"
);
const WEB_TIER: &str =
    include_str!("../../../../tests/fixtures/elastic-beanstalk/AWSElasticBeanstalkWebTier.json");
const NOW: &str = "2026-11-22T12:00:00Z";

fn instance() -> Instance {
    Instance {
        id: "i-0123456789abcdef0".into(),
        region: "us-east-1".into(),
        vpc_id: Some("vpc-0a1b2c3d".into()),
        private_ip: Some("10.0.1.25".into()),
        imds: ImdsVersion::V2,
        tags: Vec::new(),
    }
}

fn eb_account(trust: &str, with_role: bool) -> Account {
    let mut a = Account::new("111122223333").unwrap();
    a.create_role(CreateRole {
        name: "aws-elasticbeanstalk-ec2-role".into(),
        trust_policy: PolicyDocument::trust(trust),
        tags: vec![Tag::new("team", "web")],
        ..CreateRole::default()
    })
    .unwrap();
    let arn = "arn:aws:iam::aws:policy/AWSElasticBeanstalkWebTier";
    a.add_aws_managed_policy(arn, PolicyDocument::identity(WEB_TIER))
        .unwrap();
    a.attach_role_policy("aws-elasticbeanstalk-ec2-role", arn)
        .unwrap();
    a.create_instance_profile("aws-elasticbeanstalk-ec2-role", None, vec![])
        .unwrap();
    if with_role {
        a.add_role_to_instance_profile(
            "aws-elasticbeanstalk-ec2-role",
            "aws-elasticbeanstalk-ec2-role",
        )
        .unwrap();
    }
    a
}

fn request(action: &str, resource: &str) -> ChainRequest {
    ChainRequest {
        action: action.into(),
        resource: resource.into(),
        context: Context::default(),
        endpoint: None,
    }
}

fn run(
    account: &Account,
    launcher: Option<&Launcher>,
    overrides: &Context,
    requests: &[ChainRequest],
) -> ChainOutcome {
    let instance = instance();
    simulate(&ChainInput {
        account,
        profile: "aws-elasticbeanstalk-ec2-role",
        instance: &instance,
        launcher,
        resource_policies: &[],
        endpoints: &[],
        organization: &Organization::default(),
        now: NOW,
        context_overrides: overrides,
        requests,
    })
}

#[test]
fn the_whole_chain_holds_for_elastic_beanstalk() {
    let account = eb_account(EB_TRUST, true);
    let requests = [
        request(
            "s3:PutObject",
            "arn:aws:s3:::elasticbeanstalk-us-east-1-111122223333/logs/a",
        ),
        request("s3:PutObject", "arn:aws:s3:::someone-else/a"),
    ];
    let outcome = run(&account, None, &Context::default(), &requests);
    assert_eq!(
        outcome
            .links
            .iter()
            .map(|l| (l.name, l.ok))
            .collect::<Vec<_>>(),
        [
            ("instance profile", true),
            ("trust policy", true),
            ("role session", true)
        ]
    );
    assert_eq!(outcome.requests[0].decision, EvalDecision::Allowed);
    assert_eq!(outcome.requests[1].decision, EvalDecision::ImplicitDeny);
    assert!(outcome.headline.starts_with("the instance gets credentials for role `aws-elasticbeanstalk-ec2-role`; 1 of 2 request(s) allowed"), "{}", outcome.headline);
    assert!(!outcome.all_allowed());
}

#[test]
fn the_session_context_is_filled_in_as_for_ec2() {
    let account = eb_account(EB_TRUST, true);
    let role = account.role("aws-elasticbeanstalk-ec2-role").unwrap();
    let outcome = run(&account, None, &Context::default(), &[]);
    let session = outcome.session.unwrap();
    assert_eq!(
        session.arn,
        "arn:aws:sts::111122223333:assumed-role/aws-elasticbeanstalk-ec2-role/i-0123456789abcdef0"
    );
    let value = |key: &str| {
        session
            .context
            .iter()
            .find(|k| k.key == key)
            .map(|k| k.value.values.join(","))
            .unwrap_or_else(|| panic!("no {key}"))
    };
    assert_eq!(value("aws:PrincipalArn"), role.arn);
    assert_eq!(value("aws:PrincipalAccount"), "111122223333");
    assert_eq!(value("aws:PrincipalType"), "AssumedRole");
    assert_eq!(
        value("aws:userid"),
        format!("{}:i-0123456789abcdef0", role.id)
    );
    assert_eq!(value("aws:PrincipalTag/team"), "web");
    assert_eq!(
        value("ec2:SourceInstanceARN"),
        "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"
    );
    assert_eq!(value("aws:Ec2InstanceSourceVpc"), "vpc-0a1b2c3d");
    assert_eq!(value("aws:Ec2InstanceSourcePrivateIPv4"), "10.0.1.25");
    assert_eq!(value("ec2:RoleDelivery"), "2.0");
    assert_eq!(value("aws:RequestedRegion"), "us-east-1");
    assert_eq!(value("aws:CurrentTime"), NOW);
    assert!(
        session.context.iter().all(|k| k.key != "aws:username"),
        "role sessions have no aws:username"
    );
}

#[test]
fn context_overrides_replace_what_ec2_sets() {
    let account = eb_account(EB_TRUST, true);
    let mut overrides = Context::default();
    overrides.insert("ec2:RoleDelivery", ContextValue::string("1.0"));
    overrides.insert("aws:SourceVpc", ContextValue::string("vpc-other"));
    let outcome = run(&account, None, &overrides, &[]);
    let session = outcome.session.unwrap();
    let delivery = session
        .context
        .iter()
        .find(|k| k.key == "ec2:RoleDelivery")
        .unwrap();
    assert_eq!(delivery.value.values, ["1.0"]);
    assert_eq!(delivery.source, ContextSource::Scenario);
    assert!(
        session
            .context
            .iter()
            .any(|k| k.key == "aws:SourceVpc" && k.source == ContextSource::Scenario)
    );
}

#[test]
fn a_profile_without_a_role_gives_no_credentials() {
    let account = eb_account(EB_TRUST, false);
    let outcome = run(
        &account,
        None,
        &Context::default(),
        &[request("s3:PutObject", "*")],
    );
    assert!(
        outcome
            .headline
            .contains("holds no role, so the instance gets no credentials"),
        "{}",
        outcome.headline
    );
    assert_eq!(outcome.requests[0].decision, EvalDecision::ImplicitDeny);
    assert!(outcome.requests[0].evaluation.is_none());
    assert!(outcome.session.is_none());
}

#[test]
fn a_missing_profile_is_the_first_line() {
    let account = Account::new("111122223333").unwrap();
    let outcome = run(&account, None, &Context::default(), &[]);
    assert!(
        outcome
            .headline
            .starts_with("instance profile `aws-elasticbeanstalk-ec2-role` does not exist"),
        "{}",
        outcome.headline
    );
}

#[test]
fn a_trust_policy_that_does_not_trust_ec2_breaks_the_chain() {
    let lambda = EB_TRUST.replace("ec2.amazonaws.com", "lambda.amazonaws.com");
    let account = eb_account(&lambda, true);
    let outcome = run(
        &account,
        None,
        &Context::default(),
        &[request("s3:PutObject", "*")],
    );
    assert_eq!(
        outcome.headline,
        "the trust policy of role `aws-elasticbeanstalk-ec2-role` does not let ec2.amazonaws.com assume it, so the instance never gets credentials"
    );
    let trust = outcome
        .links
        .iter()
        .find(|l| l.name == "trust policy")
        .unwrap();
    assert!(!trust.ok);
    let evaluation = &trust.evaluations[0].1;
    assert!(matches!(
        evaluation.policies[0].statements[0].outcome,
        crate::decision::StatementOutcome::PrincipalNotMatched(_)
    ));
}

#[test]
fn the_launching_principal_needs_pass_role_for_ec2() {
    let qateam = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/qateam-*", "Condition": {"StringEquals": {"iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"]}}}, {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}]}"#;
    let (policy, _) = crate::compile_policy("qateam", crate::PolicyType::Identity, qateam);
    let launcher = Launcher {
        principal: "arn:aws:iam::111122223333:user/qa".into(),
        policies: vec![Arc::new(policy.unwrap())],
        boundary: None,
        actions: Vec::new(),
    };
    let account = eb_account(EB_TRUST, true);
    let outcome = run(&account, Some(&launcher), &Context::default(), &[]);
    assert!(
        outcome.headline.starts_with("the launching principal cannot pass role `aws-elasticbeanstalk-ec2-role` to ec2.amazonaws.com"),
        "{}",
        outcome.headline
    );
    assert_eq!(outcome.links[0].name, "launch");
    assert!(!outcome.links[0].ok);

    let mut qa = Account::new("111122223333").unwrap();
    qa.create_role(CreateRole {
        name: "qateam-web".into(),
        trust_policy: PolicyDocument::trust(EB_TRUST),
        ..CreateRole::default()
    })
    .unwrap();
    qa.create_instance_profile("aws-elasticbeanstalk-ec2-role", None, vec![])
        .unwrap();
    qa.add_role_to_instance_profile("aws-elasticbeanstalk-ec2-role", "qateam-web")
        .unwrap();
    let outcome = run(&qa, Some(&launcher), &Context::default(), &[]);
    assert!(outcome.links[0].ok, "{:?}", outcome.links[0]);
    assert_eq!(outcome.links.len(), 4);
}
