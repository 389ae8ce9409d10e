//! A CloudFormation template for the account, in JSON or YAML (written by yaml-rust2's
//! emitter): `AWS::IAM::ManagedPolicy`, `AWS::IAM::Role` (inline `Policies`,
//! `ManagedPolicyArns`, `PermissionsBoundary`, `Tags`) and `AWS::IAM::InstanceProfile`, the
//! account's own policies and roles referred to with `Ref`. CloudFormation has no tags for
//! instance profiles: the template's description says which to tag after.

use super::{Account, identifier, unique};
use serde_json::{Map, Value, json};

/// An `AWS::IAM::Role`'s properties; `policy_ref` gives a managed policy's ARN or `Ref`.
fn role_properties(role: &super::Role, policy_ref: &dyn Fn(&str) -> Value) -> Map<String, Value> {
    let mut properties = Map::new();
    properties.insert("RoleName".into(), json!(role.name));
    properties.insert("Path".into(), json!(role.path));
    if let Some(description) = &role.description {
        properties.insert("Description".into(), json!(description));
    }
    properties.insert("AssumeRolePolicyDocument".into(), role.trust.clone());
    if !role.inline.is_empty() {
        let inline: Vec<Value> = role
            .inline
            .iter()
            .map(|(name, document)| json!({ "PolicyName": name, "PolicyDocument": document }))
            .collect();
        properties.insert("Policies".into(), Value::Array(inline));
    }
    if !role.attached.is_empty() {
        properties.insert(
            "ManagedPolicyArns".into(),
            Value::Array(role.attached.iter().map(|a| policy_ref(a)).collect()),
        );
    }
    if let Some(boundary) = &role.boundary {
        properties.insert("PermissionsBoundary".into(), policy_ref(boundary));
    }
    if !role.tags.is_empty() {
        let tags: Vec<Value> = role
            .tags
            .iter()
            .map(|(k, v)| json!({ "Key": k, "Value": v }))
            .collect();
        properties.insert("Tags".into(), Value::Array(tags));
    }
    properties
}

/// The template as a JSON value.
fn template(account: &Account) -> Value {
    // Logical ids: the name's letters and digits, with the type's word unless the name ends
    // with it, unique across the template.
    let logical = |name: &str, fallback: &str, suffix: &str| {
        let id = identifier(name, fallback);
        if id
            .to_ascii_lowercase()
            .ends_with(&suffix.to_ascii_lowercase())
        {
            id
        } else {
            format!("{id}{suffix}")
        }
    };
    let ids = unique(
        account
            .policies
            .iter()
            .map(|p| logical(&p.name, "P", "Policy"))
            .chain(account.roles.iter().map(|r| logical(&r.name, "R", "Role")))
            .chain(
                account
                    .profiles
                    .iter()
                    .map(|p| logical(&p.name, "P", "Profile")),
            )
            .collect(),
    );
    let (policies, rest) = ids.split_at(account.policies.len().min(ids.len()));
    let (roles, profiles) = rest.split_at(account.roles.len().min(rest.len()));
    let policy_ref = |arn: &str| match account
        .policies
        .iter()
        .zip(policies)
        .find(|(p, _)| account.policy_arn(p) == arn)
    {
        Some((_, logical)) => json!({ "Ref": logical }),
        None => Value::String(arn.to_owned()),
    };
    let mut resources = Map::new();
    for (policy, logical) in account.policies.iter().zip(policies) {
        resources.insert(
            logical.clone(),
            json!({
                "Type": "AWS::IAM::ManagedPolicy",
                "Properties": {
                    "ManagedPolicyName": policy.name,
                    "Path": policy.path,
                    "PolicyDocument": policy.document,
                }
            }),
        );
    }
    for (role, logical) in account.roles.iter().zip(roles) {
        let properties = role_properties(role, &policy_ref);
        resources.insert(
            logical.clone(),
            json!({ "Type": "AWS::IAM::Role", "Properties": properties }),
        );
    }
    let mut untagged = Vec::new();
    for (profile, logical) in account.profiles.iter().zip(profiles) {
        let role_refs: Vec<Value> = profile
            .roles
            .iter()
            .map(|name| {
                match account
                    .roles
                    .iter()
                    .zip(roles)
                    .find(|(r, _)| r.name.eq_ignore_ascii_case(name))
                {
                    Some((_, role)) => json!({ "Ref": role }),
                    None => Value::String(name.clone()),
                }
            })
            .collect();
        resources.insert(logical.clone(), json!({
            "Type": "AWS::IAM::InstanceProfile",
            "Properties": { "InstanceProfileName": profile.name, "Path": profile.path, "Roles": role_refs }
        }));
        if !profile.tags.is_empty() {
            untagged.push(profile.name.clone());
        }
    }
    let mut description = format!(
        "The IAM roles, policies and instance profiles of the iamplay scenario \"{}\".",
        account.name
    );
    if !untagged.is_empty() {
        description.push_str(&format!(
            " CloudFormation does not tag instance profiles: tag {} after the stack is made.",
            untagged.join(", ")
        ));
    }
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": description,
        "Resources": resources,
    })
}

/// The template in JSON.
pub(super) fn json(account: &Account) -> String {
    let mut text = serde_json::to_string_pretty(&template(account)).unwrap_or_default();
    text.push('\n');
    text
}

fn yaml_value(v: &Value) -> yaml_rust2::Yaml {
    use yaml_rust2::Yaml;
    match v {
        Value::Null => Yaml::Null,
        Value::Bool(b) => Yaml::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Integer(i),
            None => Yaml::Real(n.to_string()),
        },
        Value::String(s) => Yaml::String(s.clone()),
        Value::Array(items) => Yaml::Array(items.iter().map(yaml_value).collect()),
        Value::Object(members) => {
            let mut hash = yaml_rust2::yaml::Hash::new();
            for (k, item) in members {
                hash.insert(Yaml::String(k.clone()), yaml_value(item));
            }
            Yaml::Hash(hash)
        }
    }
}

/// The template in YAML.
pub(super) fn yaml(account: &Account) -> String {
    let mut text = String::new();
    let mut emitter = yaml_rust2::YamlEmitter::new(&mut text);
    if emitter.dump(&yaml_value(&template(account))).is_err() {
        return json(account);
    }
    text.push('\n');
    text
}
