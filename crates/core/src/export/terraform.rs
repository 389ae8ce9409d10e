//! Terraform configuration (HCL) for the account: `aws_iam_role` (trust policy, description,
//! boundary, tags), `aws_iam_role_policy`, `aws_iam_policy`, `aws_iam_role_policy_attachment`
//! and `aws_iam_instance_profile`, each document as `jsonencode(…)` of the document written as an
//! HCL value. Strings are escaped for HCL, template sequences too (`${aws:username}` is written
//! `$${aws:username}`), so every document says exactly what the scenario's does. Resources
//! refer to each other (`aws_iam_role.app.id`), as a hand-written configuration would.

use super::{Account, identifier, unique};
use serde_json::Value;
use std::fmt::Write;

/// `s` as an HCL quoted string.
pub(crate) fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON value as an HCL expression, indented by `depth` levels.
fn value(v: &Value, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth + 1);
    let end = "  ".repeat(depth);
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&string(s)),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push_str("[\n");
            for item in items {
                out.push_str(&pad);
                value(item, depth + 1, out);
                out.push_str(",\n");
            }
            out.push_str(&end);
            out.push(']');
        }
        Value::Object(members) if members.is_empty() => out.push_str("{}"),
        Value::Object(members) => {
            out.push_str("{\n");
            for (key, item) in members {
                let _ = write!(out, "{pad}{} = ", string(key));
                value(item, depth + 1, out);
                out.push('\n');
            }
            out.push_str(&end);
            out.push('}');
        }
    }
}

fn jsonencode(document: &Value) -> String {
    let mut out = String::from("jsonencode(");
    value(document, 1, &mut out);
    out.push(')');
    out
}

fn tags(tags: &[(String, String)]) -> String {
    let map: serde_json::Map<String, Value> = tags
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let mut out = String::new();
    value(&Value::Object(map), 1, &mut out);
    out
}

/// A role's resources: the role, its inline policies and its policy attachments.
fn role_resources(role: &super::Role, label: &str, policy_arn: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "\nresource \"aws_iam_role\" \"{label}\" {{\n  name = {}\n  path = {}\n",
        string(&role.name),
        string(&role.path)
    );
    if let Some(description) = &role.description {
        let _ = writeln!(out, "  description = {}", string(description));
    }
    let _ = writeln!(out, "  assume_role_policy = {}", jsonencode(&role.trust));
    if let Some(boundary) = &role.boundary {
        let _ = writeln!(out, "  permissions_boundary = {}", policy_arn(boundary));
    }
    if !role.tags.is_empty() {
        let _ = writeln!(out, "  tags = {}", tags(&role.tags));
    }
    out.push_str("}\n");
    let inline = unique(
        role.inline
            .iter()
            .map(|(n, _)| format!("{label}_{}", identifier(n, "policy_").to_ascii_lowercase()))
            .collect(),
    );
    for ((name, document), inline_label) in role.inline.iter().zip(&inline) {
        let _ = write!(
            out,
            "\nresource \"aws_iam_role_policy\" \"{inline_label}\" {{\n  name   = {}\n  role   = aws_iam_role.{label}.id\n  policy = {}\n}}\n",
            string(name),
            jsonencode(document)
        );
    }
    let attachments = unique(
        role.attached
            .iter()
            .map(|a| {
                format!(
                    "{label}_{}",
                    identifier(a.rsplit('/').next().unwrap_or(a), "policy_").to_ascii_lowercase()
                )
            })
            .collect(),
    );
    for (arn, attachment) in role.attached.iter().zip(&attachments) {
        let _ = write!(
            out,
            "\nresource \"aws_iam_role_policy_attachment\" \"{attachment}\" {{\n  role       = aws_iam_role.{label}.name\n  policy_arn = {}\n}}\n",
            policy_arn(arn)
        );
    }
    out
}

/// The configuration.
pub(super) fn configuration(account: &Account) -> String {
    let labels = |names: Vec<&str>, fallback: &str| {
        unique(
            names
                .iter()
                .map(|n| identifier(n, fallback).to_ascii_lowercase())
                .collect(),
        )
    };
    let roles = labels(
        account.roles.iter().map(|r| r.name.as_str()).collect(),
        "role_",
    );
    let policies = labels(
        account.policies.iter().map(|p| p.name.as_str()).collect(),
        "policy_",
    );
    let profiles = labels(
        account.profiles.iter().map(|p| p.name.as_str()).collect(),
        "profile_",
    );
    let role_label = |name: &str| {
        account
            .roles
            .iter()
            .zip(&roles)
            .find(|(r, _)| r.name.eq_ignore_ascii_case(name))
            .map(|(_, l)| l.clone())
    };
    let policy_arn = |arn: &str| match account
        .policies
        .iter()
        .zip(&policies)
        .find(|(p, _)| account.policy_arn(p) == arn)
    {
        Some((_, label)) => format!("aws_iam_policy.{label}.arn"),
        None => string(arn),
    };
    let mut out = format!(
        "# The IAM roles, policies and instance profiles of the iamplay scenario {}.\n",
        string(&account.name)
    );
    for (policy, label) in account.policies.iter().zip(&policies) {
        let _ = write!(
            out,
            "\nresource \"aws_iam_policy\" \"{label}\" {{\n  name   = {}\n  path   = {}\n  policy = {}\n}}\n",
            string(&policy.name),
            string(&policy.path),
            jsonencode(&policy.document)
        );
    }
    for (role, label) in account.roles.iter().zip(&roles) {
        out.push_str(&role_resources(role, label, &policy_arn));
    }
    for (profile, label) in account.profiles.iter().zip(&profiles) {
        let _ = write!(
            out,
            "\nresource \"aws_iam_instance_profile\" \"{label}\" {{\n  name = {}\n  path = {}\n",
            string(&profile.name),
            string(&profile.path)
        );
        if let Some(role) = profile.roles.first() {
            let role =
                role_label(role).map_or_else(|| string(role), |l| format!("aws_iam_role.{l}.name"));
            let _ = writeln!(out, "  role = {role}");
        }
        if !profile.tags.is_empty() {
            let _ = writeln!(out, "  tags = {}", tags(&profile.tags));
        }
        out.push_str("}\n");
    }
    out
}
