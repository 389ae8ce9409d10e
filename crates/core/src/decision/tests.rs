//! Tests of the decision order and its explanations.

use super::*;
use crate::compile::{PolicyType, compile_policy};
use crate::request::{ContextValue, Request};

const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/AppRole/i-0123456789abcdef0";

fn policy(name: &str, kind: PolicyType, text: &str) -> Arc<CompiledPolicy> {
    let (policy, diagnostics) = compile_policy(name, kind, text);
    assert!(diagnostics.is_empty(), "{name}: {diagnostics:?}");
    Arc::new(policy.unwrap())
}

fn allow(action: &str, resource: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "A", "Effect": "Allow", "Action": "{action}", "Resource": "{resource}"}}]}}"#
    )
}

fn deny(action: &str, resource: &str) -> String {
    allow(action, resource)
        .replace("\"Allow\"", "\"Deny\"")
        .replace("\"A\"", "\"D\"")
}

fn bucket_policy(principal: &str) -> Arc<CompiledPolicy> {
    policy(
        "bucket",
        PolicyType::Resource,
        &format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "R", "Effect": "Allow", "Principal": {{"AWS": "{principal}"}}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}}]}}"#
        ),
    )
}

fn put() -> Request {
    Request::new(SESSION, "s3:PutObject", "arn:aws:s3:::b/k")
}

fn run(set: &PolicySet, request: &Request) -> Evaluation {
    let prepared = PreparedRequest::new(request);
    let evaluation = explain(set, &prepared);
    assert_eq!(
        decide(set, &prepared),
        evaluation.decision,
        "decide and explain agree"
    );
    evaluation
}

#[test]
fn identity_allow_and_explicit_deny() {
    let mut set = PolicySet {
        identity: vec![policy("p1", PolicyType::Identity, &allow("s3:*", "*"))],
        ..PolicySet::default()
    };
    let e = run(&set, &put());
    assert_eq!(e.decision, EvalDecision::Allowed);
    assert_eq!(e.deciding.len(), 1);
    assert_eq!(e.deciding[0].policy_name, "p1");
    assert_eq!(
        e.summary,
        "allowed by statement `A` of identity-based policy `p1`"
    );

    set.identity.push(policy(
        "p2",
        PolicyType::Identity,
        &deny("s3:Put*", "arn:aws:s3:::b/*"),
    ));
    let e = run(&set, &put());
    assert_eq!(e.decision, EvalDecision::ExplicitDeny);
    assert_eq!(e.deciding[0].policy_name, "p2");
    assert_eq!(e.deciding[0].effect, Effect::Deny);
}

#[test]
fn implicit_deny_says_what_did_not_match() {
    let set = PolicySet {
        identity: vec![policy(
            "p1",
            PolicyType::Identity,
            &allow("s3:GetObject", "*"),
        )],
        ..PolicySet::default()
    };
    let e = run(&set, &put());
    assert_eq!(e.decision, EvalDecision::ImplicitDeny);
    assert!(e.deciding.is_empty());
    assert_eq!(
        e.summary,
        "no policy allows s3:PutObject on arn:aws:s3:::b/k"
    );
    let outcome = &e.policies[0].statements[0].outcome;
    assert!(
        matches!(outcome, StatementOutcome::ActionNotMatched(_)),
        "{outcome:?}"
    );
}

#[test]
fn boundary_and_session_policy_limit_identity_grants() {
    let set = PolicySet {
        identity: vec![policy("p1", PolicyType::Identity, &allow("s3:*", "*"))],
        boundary: Some(policy(
            "b",
            PolicyType::PermissionsBoundary,
            &allow("ec2:*", "*"),
        )),
        ..PolicySet::default()
    };
    let e = run(&set, &put());
    assert_eq!(e.decision, EvalDecision::ImplicitDeny);
    assert_eq!(e.reason, Reason::Boundary);

    let set = PolicySet {
        identity: vec![policy("p1", PolicyType::Identity, &allow("s3:*", "*"))],
        session: Some(policy("s", PolicyType::Session, &allow("s3:Get*", "*"))),
        ..PolicySet::default()
    };
    assert_eq!(run(&set, &put()).reason, Reason::Session);
}

#[test]
fn same_account_resource_policy_rules() {
    let boundary = || {
        Some(policy(
            "b",
            PolicyType::PermissionsBoundary,
            &allow("ec2:*", "*"),
        ))
    };
    // Naming the session: enough on its own, even against the boundary.
    let set = PolicySet {
        resource: Some(bucket_policy(SESSION)),
        boundary: boundary(),
        ..PolicySet::default()
    };
    let e = run(&set, &put());
    assert_eq!(e.decision, EvalDecision::Allowed);
    assert_eq!(e.reason, Reason::ResourcePolicy(PrincipalMatch::Exact));
    // Naming the role: limited by the boundary's implicit deny.
    let set = PolicySet {
        resource: Some(bucket_policy("arn:aws:iam::111122223333:role/AppRole")),
        boundary: boundary(),
        ..PolicySet::default()
    };
    assert_eq!(run(&set, &put()).decision, EvalDecision::ImplicitDeny);
    let set = PolicySet {
        resource: Some(bucket_policy("arn:aws:iam::111122223333:role/AppRole")),
        ..PolicySet::default()
    };
    assert_eq!(run(&set, &put()).decision, EvalDecision::Allowed);
    // Naming the account: the identity side must grant.
    let set = PolicySet {
        resource: Some(bucket_policy("111122223333")),
        ..PolicySet::default()
    };
    assert_eq!(run(&set, &put()).decision, EvalDecision::ImplicitDeny);
}

#[test]
fn cross_account_needs_both_sides() {
    let mut set = PolicySet {
        identity: vec![policy("p1", PolicyType::Identity, &allow("s3:*", "*"))],
        resource_account: Some("444455556666".into()),
        ..PolicySet::default()
    };
    let e = run(&set, &put());
    assert_eq!(e.reason, Reason::CrossAccountNoResourcePolicy);
    set.resource = Some(bucket_policy("111122223333"));
    let e = run(&set, &put());
    assert_eq!(e.decision, EvalDecision::Allowed);
    assert_eq!(e.deciding.len(), 2);
    set.identity.clear();
    assert_eq!(run(&set, &put()).reason, Reason::CrossAccountNoIdentity);
}

#[test]
fn scps_every_level_must_allow_and_rcps_deny_only() {
    let full = || {
        policy(
            "FullAWSAccess",
            PolicyType::ServiceControl,
            &allow("*", "*"),
        )
    };
    let mut set = PolicySet {
        identity: vec![policy("p1", PolicyType::Identity, &allow("s3:*", "*"))],
        scp_levels: vec![
            OrgLevel {
                name: "Root".into(),
                policies: vec![full()],
            },
            OrgLevel {
                name: "ou-prod".into(),
                policies: vec![policy(
                    "OnlyEc2",
                    PolicyType::ServiceControl,
                    &allow("ec2:*", "*"),
                )],
            },
        ],
        ..PolicySet::default()
    };
    let e = run(&set, &put());
    assert_eq!(e.reason, Reason::ScpLevel(1));
    assert_eq!(
        e.summary,
        "no service control policy at level `ou-prod` allows s3:PutObject"
    );
    set.caller_is_management_account = true;
    assert_eq!(run(&set, &put()).decision, EvalDecision::Allowed);
    set.caller_is_management_account = false;
    set.scp_levels[1].policies.push(full());
    assert_eq!(run(&set, &put()).decision, EvalDecision::Allowed);

    set.rcp_levels = vec![OrgLevel {
        name: "Root".into(),
        policies: vec![policy(
            "NoPut",
            PolicyType::ResourceControl,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}}]}"#,
        )],
    }];
    let e = run(&set, &put());
    assert_eq!(e.decision, EvalDecision::ExplicitDeny);
    assert_eq!(e.missing_context_keys, ["aws:PrincipalOrgID"]);
    let inside = put().with("aws:PrincipalOrgID", ContextValue::string("o-1"));
    let e = run(&set, &inside);
    assert_eq!(e.decision, EvalDecision::Allowed);
    assert!(e.missing_context_keys.is_empty());
}

#[test]
fn condition_failures_carry_both_sides() {
    let set = PolicySet {
        identity: vec![policy(
            "p1",
            PolicyType::Identity,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpc": ["vpc-1", "vpc-2"]}}}]}"#,
        )],
        ..PolicySet::default()
    };
    let e = run(
        &set,
        &put().with("aws:sourcevpc", ContextValue::string("vpc-9")),
    );
    let StatementOutcome::ConditionFailed(failure) = &e.policies[0].statements[0].outcome else {
        panic!("{:?}", e.policies[0].statements[0].outcome)
    };
    assert_eq!(failure.operator, "StringEquals");
    assert_eq!(failure.key, "aws:SourceVpc");
    assert_eq!(failure.policy_values, ["vpc-1", "vpc-2"]);
    assert_eq!(
        failure.request_values.as_deref(),
        Some(&["vpc-9".to_owned()][..])
    );
    let e = run(&set, &put());
    assert_eq!(e.missing_context_keys, ["aws:SourceVpc"]);
    let StatementOutcome::ConditionFailed(failure) = &e.policies[0].statements[0].outcome else {
        panic!()
    };
    assert_eq!(failure.request_values, None);
}

#[test]
fn trust_policy_lets_the_service_assume_the_role() {
    let trust = policy(
        "trust",
        PolicyType::Resource,
        r#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
    );
    let set = PolicySet {
        resource: Some(trust),
        ..PolicySet::default()
    };
    let request = Request::new(
        "ec2.amazonaws.com",
        "sts:AssumeRole",
        "arn:aws:iam::111122223333:role/AppRole",
    );
    assert_eq!(run(&set, &request).decision, EvalDecision::Allowed);
    let request = Request::new(
        "lambda.amazonaws.com",
        "sts:AssumeRole",
        "arn:aws:iam::111122223333:role/AppRole",
    );
    let e = run(&set, &request);
    assert_eq!(e.decision, EvalDecision::ImplicitDeny);
    assert!(matches!(
        e.policies[0].statements[0].outcome,
        StatementOutcome::PrincipalNotMatched(_)
    ));
}
