//! Each IAM operation, and each error IAM returns from it.

use super::*;
use crate::compile::PolicyDocument;

const TRUST: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;
const S3_READ: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}"#;

fn account() -> Account {
    Account::new("123456789012").unwrap()
}

fn role(account: &mut Account, name: &str) {
    account
        .create_role(CreateRole {
            name: name.into(),
            trust_policy: PolicyDocument::trust(TRUST),
            ..CreateRole::default()
        })
        .unwrap();
}

#[test]
fn create_and_get_instance_profile_with_arn_id_path_and_tags() {
    let mut a = account();
    let p = a
        .create_instance_profile(
            "EC2-S3-Access-Profile",
            Some("/ec2/"),
            vec![Tag::new("Environment", "Production")],
        )
        .unwrap()
        .clone();
    assert_eq!(
        p.arn,
        "arn:aws:iam::123456789012:instance-profile/ec2/EC2-S3-Access-Profile"
    );
    assert!(p.id.starts_with("AIPA") && p.id.len() == 21, "{}", p.id);
    assert!(
        p.id.chars()
            .skip(4)
            .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
    );
    assert_eq!(
        a.instance_profile("ec2-s3-access-profile").unwrap(),
        &p,
        "names are case-insensitive"
    );
    let again = Account::new("123456789012")
        .unwrap()
        .create_instance_profile("EC2-S3-Access-Profile", Some("/ec2/"), vec![])
        .unwrap()
        .id
        .clone();
    assert_eq!(again, p.id, "ids are stable");
}

#[test]
fn create_instance_profile_errors() {
    let mut a = account();
    a.create_instance_profile("web", None, vec![]).unwrap();
    assert_eq!(
        a.create_instance_profile("WEB", None, vec![])
            .unwrap_err()
            .code(),
        "EntityAlreadyExists"
    );
    assert_eq!(
        a.create_instance_profile("bad name", None, vec![])
            .unwrap_err()
            .code(),
        "InvalidInput"
    );
    assert_eq!(
        a.create_instance_profile(&"p".repeat(129), None, vec![])
            .unwrap_err()
            .code(),
        "InvalidInput"
    );
    assert_eq!(
        a.create_instance_profile("x", Some("nope"), vec![])
            .unwrap_err()
            .code(),
        "InvalidInput"
    );
    let many: Vec<Tag> = (0..51).map(|i| Tag::new(format!("k{i}"), "v")).collect();
    assert_eq!(
        a.create_instance_profile("y", None, many)
            .unwrap_err()
            .code(),
        "LimitExceeded"
    );
    let dup = vec![Tag::new("Team", "a"), Tag::new("team", "b")];
    assert_eq!(
        a.create_instance_profile("z", None, dup)
            .unwrap_err()
            .code(),
        "InvalidInput"
    );
    assert_eq!(
        a.instance_profile("missing").unwrap_err().code(),
        "NoSuchEntity"
    );
}

#[test]
fn list_instance_profiles_by_path_prefix_with_paging() {
    let mut a = account();
    for (name, path) in [
        ("a", "/ec2/"),
        ("b", "/ec2/web/"),
        ("c", "/batch/"),
        ("d", "/ec2/"),
    ] {
        a.create_instance_profile(name, Some(path), vec![]).unwrap();
    }
    let all = a.list_instance_profiles(None, None, None).unwrap();
    assert_eq!(all.items.len(), 4);
    assert!(!all.is_truncated);
    let ec2 = a
        .list_instance_profiles(Some("/ec2/"), None, Some(2))
        .unwrap();
    assert_eq!(
        ec2.items
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert!(ec2.is_truncated);
    let next = a
        .list_instance_profiles(Some("/ec2/"), ec2.marker.as_deref(), Some(2))
        .unwrap();
    assert_eq!(
        next.items
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["d"]
    );
    assert!(!next.is_truncated);
    assert_eq!(next.marker, None);
    assert_eq!(
        a.list_instance_profiles(None, Some("garbage"), None)
            .unwrap_err()
            .code(),
        "InvalidInput"
    );
    assert_eq!(
        a.list_instance_profiles(None, None, Some(0))
            .unwrap_err()
            .code(),
        "InvalidInput"
    );
    assert_eq!(
        a.list_instance_profiles(Some("ec2"), None, None)
            .unwrap_err()
            .code(),
        "InvalidInput"
    );
}

#[test]
fn a_profile_holds_at_most_one_role() {
    let mut a = account();
    role(&mut a, "EC2AppServerRole");
    role(&mut a, "Other");
    a.create_instance_profile("EC2AppServerProfile", None, vec![])
        .unwrap();
    a.add_role_to_instance_profile("EC2AppServerProfile", "EC2AppServerRole")
        .unwrap();
    assert_eq!(
        a.instance_profile("EC2AppServerProfile").unwrap().roles,
        ["EC2AppServerRole"]
    );
    let err = a
        .add_role_to_instance_profile("EC2AppServerProfile", "Other")
        .unwrap_err();
    assert_eq!(err.code(), "LimitExceeded");
    assert!(
        err.to_string()
            .contains("InstanceSessionsPerInstanceProfile: 1"),
        "{err}"
    );
    assert_eq!(
        a.add_role_to_instance_profile("EC2AppServerProfile", "EC2AppServerRole")
            .unwrap_err()
            .code(),
        "EntityAlreadyExists"
    );
    assert_eq!(
        a.add_role_to_instance_profile("missing", "Other")
            .unwrap_err()
            .code(),
        "NoSuchEntity"
    );
    assert_eq!(
        a.add_role_to_instance_profile("EC2AppServerProfile", "missing")
            .unwrap_err()
            .code(),
        "NoSuchEntity"
    );
}

#[test]
fn list_instance_profiles_for_role() {
    let mut a = account();
    role(&mut a, "R");
    for name in ["p1", "p2", "p3"] {
        a.create_instance_profile(name, None, vec![]).unwrap();
    }
    a.add_role_to_instance_profile("p1", "R").unwrap();
    a.add_role_to_instance_profile("p3", "r").unwrap();
    let page = a.list_instance_profiles_for_role("R", None, None).unwrap();
    assert_eq!(
        page.items
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["p1", "p3"]
    );
    assert_eq!(
        a.list_instance_profiles_for_role("nobody", None, None)
            .unwrap_err()
            .code(),
        "NoSuchEntity"
    );
}

#[test]
fn remove_role_and_delete_profile() {
    let mut a = account();
    role(&mut a, "R");
    a.create_instance_profile("p", None, vec![]).unwrap();
    a.add_role_to_instance_profile("p", "R").unwrap();
    let err = a.delete_instance_profile("p").unwrap_err();
    assert_eq!(err.code(), "DeleteConflict");
    assert_eq!(
        a.remove_role_from_instance_profile("p", "Other")
            .unwrap_err()
            .code(),
        "NoSuchEntity"
    );
    a.remove_role_from_instance_profile("p", "R").unwrap();
    a.delete_instance_profile("p").unwrap();
    assert_eq!(
        a.delete_instance_profile("p").unwrap_err().code(),
        "NoSuchEntity"
    );
}

#[test]
fn tag_untag_and_list_tags() {
    let mut a = account();
    a.create_instance_profile("p", None, vec![Tag::new("Env", "dev")])
        .unwrap();
    a.tag_instance_profile("p", vec![Tag::new("env", "prod"), Tag::new("Team", "web")])
        .unwrap();
    let tags = a.list_instance_profile_tags("p", None, None).unwrap().items;
    assert_eq!(tags, [Tag::new("env", "prod"), Tag::new("Team", "web")]);
    a.untag_instance_profile("p", &["TEAM"]).unwrap();
    assert_eq!(
        a.list_instance_profile_tags("p", None, None).unwrap().items,
        [Tag::new("env", "prod")]
    );
    assert_eq!(
        a.tag_instance_profile("p", vec![Tag::new("aws:x", "y")])
            .unwrap_err()
            .code(),
        "InvalidInput"
    );
    let many: Vec<Tag> = (0..50).map(|i| Tag::new(format!("k{i}"), "v")).collect();
    assert_eq!(
        a.tag_instance_profile("p", many).unwrap_err().code(),
        "LimitExceeded"
    );
    assert_eq!(
        a.list_instance_profile_tags("missing", None, None)
            .unwrap_err()
            .code(),
        "NoSuchEntity"
    );
}

#[test]
fn roles_check_trust_policies_and_quotas() {
    let mut a = account();
    let r = a
        .create_role(CreateRole {
            name: "aws-elasticbeanstalk-ec2-role".into(),
            path: Some("/".into()),
            trust_policy: PolicyDocument::trust(TRUST),
            description: Some("Elastic Beanstalk instances".into()),
            ..CreateRole::default()
        })
        .unwrap();
    assert_eq!(
        r.arn,
        "arn:aws:iam::123456789012:role/aws-elasticbeanstalk-ec2-role"
    );
    assert!(r.id.starts_with("AROA"));
    let bad = |trust: &str| {
        let mut a = account();
        a.create_role(CreateRole {
            name: "r".into(),
            trust_policy: PolicyDocument::trust(trust),
            ..CreateRole::default()
        })
        .unwrap_err()
        .code()
    };
    assert_eq!(bad("{"), "MalformedPolicyDocument");
    assert_eq!(
        bad(S3_READ),
        "MalformedPolicyDocument",
        "a trust policy needs a Principal"
    );
    let long = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": [{}]}}, "Action": "sts:AssumeRole"}}]}}"#,
        (0..100)
            .map(|i| format!("\"arn:aws:iam::123456789012:role/r{i}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert_eq!(bad(&long), "LimitExceeded");
    assert_eq!(
        a.create_role(CreateRole {
            name: "AWS-ElasticBeanstalk-EC2-Role".into(),
            trust_policy: PolicyDocument::trust(TRUST),
            ..CreateRole::default()
        })
        .unwrap_err()
        .code(),
        "EntityAlreadyExists"
    );
}

#[test]
fn managed_and_inline_policies_with_quotas() {
    let mut a = account();
    role(&mut a, "R");
    let arn = a
        .create_policy(
            "EC2AppServerPolicy",
            None,
            PolicyDocument::identity(S3_READ),
        )
        .unwrap()
        .arn
        .clone();
    assert_eq!(arn, "arn:aws:iam::123456789012:policy/EC2AppServerPolicy");
    assert_eq!(
        a.create_policy(
            "EC2AppServerPolicy",
            None,
            PolicyDocument::identity(S3_READ)
        )
        .unwrap_err()
        .code(),
        "EntityAlreadyExists"
    );
    assert_eq!(
        a.create_policy("p", None, PolicyDocument::identity(TRUST))
            .unwrap_err()
            .code(),
        "MalformedPolicyDocument"
    );
    a.attach_role_policy("R", &arn).unwrap();
    assert_eq!(
        a.attach_role_policy("R", "arn:aws:iam::123456789012:policy/none")
            .unwrap_err()
            .code(),
        "NoSuchEntity"
    );
    for i in 0..9 {
        let arn = a
            .create_policy(&format!("p{i}"), None, PolicyDocument::identity(S3_READ))
            .unwrap()
            .arn
            .clone();
        a.attach_role_policy("R", &arn).unwrap();
    }
    let eleventh = a
        .create_policy("p-eleven", None, PolicyDocument::identity(S3_READ))
        .unwrap()
        .arn
        .clone();
    assert_eq!(
        a.attach_role_policy("R", &eleventh).unwrap_err().code(),
        "LimitExceeded"
    );
    a.quotas.managed_policies_per_role = super::quotas::MANAGED_POLICIES_PER_ROLE_MAX;
    a.attach_role_policy("R", &eleventh).unwrap();

    a.put_role_policy("R", "inline", PolicyDocument::identity(S3_READ))
        .unwrap();
    let big = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        (0..140).map(|i| format!(r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-{i}/*"}}"#)).collect::<Vec<_>>().join(",")
    );
    assert_eq!(
        a.put_role_policy("R", "big", PolicyDocument::identity(&big))
            .unwrap_err()
            .code(),
        "LimitExceeded"
    );
    assert_eq!(
        a.put_role_policy("missing", "x", PolicyDocument::identity(S3_READ))
            .unwrap_err()
            .code(),
        "NoSuchEntity"
    );

    let aws = a
        .add_aws_managed_policy(
            "arn:aws:iam::aws:policy/AWSElasticBeanstalkWebTier",
            PolicyDocument::identity(S3_READ),
        )
        .unwrap()
        .clone();
    assert_eq!(aws.name, "AWSElasticBeanstalkWebTier");
    a.put_role_permissions_boundary("R", &aws.arn).unwrap();
    assert_eq!(
        a.role("R").unwrap().permissions_boundary.as_deref(),
        Some(aws.arn.as_str())
    );
}
