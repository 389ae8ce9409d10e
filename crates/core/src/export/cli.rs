//! An AWS CLI script (bash) that creates the account's IAM entities in the walkthrough's order:
//! `create-role` with its trust policy file, `put-role-policy`, `create-policy` and
//! `attach-role-policy`, `put-role-permissions-boundary`, `create-instance-profile`,
//! `add-role-to-instance-profile` and `tag-instance-profile`. Every name, path, tag and
//! description is single-quoted, and every document is written to a file through a quoted
//! here-document, so no text is ever read by the shell. Customer managed policies' ARNs are
//! made in the account the script runs in.

use super::Account;
use serde_json::Value;
use std::fmt::Write;

/// `s` as one shell word that the shell takes literally.
pub(crate) fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A here-document delimiter that is no line of `text`.
fn delimiter(text: &str) -> String {
    let mut n = 0;
    loop {
        let candidate = if n == 0 {
            "IAMPLAY_EOF".to_owned()
        } else {
            format!("IAMPLAY_EOF_{n}")
        };
        if !text.lines().any(|l| l == candidate) {
            return candidate;
        }
        n += 1;
    }
}

struct Script {
    out: String,
    files: usize,
}

impl Script {
    fn line(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push('\n');
    }

    /// Writes `document` to a new file of the work folder; gives its `file://` argument.
    fn file(&mut self, what: &str, document: &Value) -> String {
        self.files += 1;
        let name = format!("{:02}-{what}.json", self.files);
        let text = serde_json::to_string_pretty(document).unwrap_or_default();
        let end = delimiter(&text);
        let _ = write!(
            self.out,
            "cat > \"$WORK\"/{} <<'{end}'\n{text}\n{end}\n",
            quote(&name)
        );
        format!("\"file://$WORK/\"{}", quote(&name))
    }

    fn tags(tags: &[(String, String)]) -> String {
        let list: Vec<Value> = tags
            .iter()
            .map(|(k, v)| serde_json::json!({ "Key": k, "Value": v }))
            .collect();
        quote(&Value::Array(list).to_string())
    }
}

/// The script.
pub(super) fn script(account: &Account) -> String {
    let mut s = Script {
        out: String::new(),
        files: 0,
    };
    s.line("#!/usr/bin/env bash");
    s.line(&format!(
        "# Creates the IAM roles, policies and instance profiles of the iamplay scenario {}.",
        quote(&account.name).replace('\n', " ")
    ));
    s.line("# Run it with AWS CLI credentials of the account they are to be made in.");
    s.line("set -euo pipefail");
    s.line("ACCOUNT_ID=\"$(aws sts get-caller-identity --query Account --output text)\"");
    s.line("WORK=\"$(mktemp -d)\"");
    s.line("trap 'rm -rf \"$WORK\"' EXIT");
    let own_arn = |path: &str, name: &str| {
        format!(
            "\"arn:{}:iam::${{ACCOUNT_ID}}:policy\"{}",
            account.partition,
            quote(&format!("{path}{name}"))
        )
    };
    let arn_argument = |arn: &str| match account.own_policy(arn) {
        Some(policy) => own_arn(&policy.path, &policy.name),
        None => quote(arn),
    };
    for role in &account.roles {
        s.line("");
        s.line(&format!("# Role {}", quote(&role.name)));
        let trust = s.file(&format!("trust-{}", role.name), &role.trust);
        let mut create = format!(
            "aws iam create-role --role-name {} --path {} --assume-role-policy-document {trust}",
            quote(&role.name),
            quote(&role.path)
        );
        if let Some(description) = &role.description {
            let _ = write!(create, " --description {}", quote(description));
        }
        if !role.tags.is_empty() {
            let _ = write!(create, " --tags {}", Script::tags(&role.tags));
        }
        s.line(&create);
        for (name, document) in &role.inline {
            let file = s.file(&format!("{}-{name}", role.name), document);
            s.line(&format!(
                "aws iam put-role-policy --role-name {} --policy-name {} --policy-document {file}",
                quote(&role.name),
                quote(name)
            ));
        }
    }
    for policy in &account.policies {
        s.line("");
        s.line(&format!(
            "# Customer managed policy {}",
            quote(&policy.name)
        ));
        let file = s.file(&format!("policy-{}", policy.name), &policy.document);
        s.line(&format!(
            "aws iam create-policy --policy-name {} --path {} --policy-document {file}",
            quote(&policy.name),
            quote(&policy.path)
        ));
    }
    for role in &account.roles {
        if role.attached.is_empty() && role.boundary.is_none() {
            continue;
        }
        s.line("");
        s.line(&format!("# Managed policies of role {}", quote(&role.name)));
        for arn in &role.attached {
            s.line(&format!(
                "aws iam attach-role-policy --role-name {} --policy-arn {}",
                quote(&role.name),
                arn_argument(arn)
            ));
        }
        if let Some(boundary) = &role.boundary {
            s.line(&format!(
                "aws iam put-role-permissions-boundary --role-name {} --permissions-boundary {}",
                quote(&role.name),
                arn_argument(boundary)
            ));
        }
    }
    for profile in &account.profiles {
        s.line("");
        s.line(&format!("# Instance profile {}", quote(&profile.name)));
        s.line(&format!(
            "aws iam create-instance-profile --instance-profile-name {} --path {}",
            quote(&profile.name),
            quote(&profile.path)
        ));
        for role in &profile.roles {
            s.line(&format!(
                "aws iam add-role-to-instance-profile --instance-profile-name {} --role-name {}",
                quote(&profile.name),
                quote(role)
            ));
        }
        if !profile.tags.is_empty() {
            s.line(&format!(
                "aws iam tag-instance-profile --instance-profile-name {} --tags {}",
                quote(&profile.name),
                Script::tags(&profile.tags)
            ));
        }
    }
    s.out
}
