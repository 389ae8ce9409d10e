//! What the structured view writes when the user starts something new: trust policies from a
//! template, an inline policy, a request, an organisation level.

use serde_json::{Value, json};

/// A trust policy letting EC2 assume the role: what the console writes for an EC2 role.
pub fn ec2_trust() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole"
        }]
    })
}

/// An EC2 trust policy that also requires the instance to be in the account (the confused
/// deputy guard AWS recommends, with `aws:SourceAccount`).
pub fn ec2_trust_with_condition(account: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": account}}
        }]
    })
}

/// A new identity-based policy with one statement to fill in.
pub fn identity_policy() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"
        }]
    })
}

/// A new resource-based policy on `resource`, for the account's principals.
pub fn resource_policy(resource: &str, account: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
            "Action": "s3:GetObject",
            "Resource": format!("{resource}/*")
        }]
    })
}

/// The SCP or RCP every level starts with in AWS Organizations: allow everything.
pub fn full_access(resource_control: bool) -> Value {
    if resource_control {
        json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]
        })
    } else {
        json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
        })
    }
}

/// A VPC endpoint's policy as AWS writes one by default: everyone, every action, every resource
/// (through this endpoint), ready to be narrowed.
pub fn endpoint_policy() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]
    })
}

/// A new request.
pub fn request() -> Value {
    json!({"action": "s3:GetObject", "resource": "arn:aws:s3:::amzn-s3-demo-bucket/example.txt"})
}

/// A new role, held by a profile, that EC2 may assume.
pub fn role(name: &str) -> Value {
    json!({"name": name, "trustPolicy": ec2_trust()})
}

/// A new instance profile holding `role` (none when empty).
pub fn profile(name: &str, role: &str) -> Value {
    let roles: Vec<&str> = if role.is_empty() {
        Vec::new()
    } else {
        vec![role]
    };
    json!({"name": name, "roles": roles})
}

/// The first of `name(1)`, `name(2)`, … that `taken` does not hold: a new role, policy, tag or
/// endpoint never takes a name already in the scenario.
pub fn unused_name(name: impl Fn(usize) -> String, taken: impl Fn(&str) -> bool) -> String {
    (1..)
        .map(name)
        .find(|candidate| !taken(candidate))
        .unwrap_or_default()
}
