//! Exporting a scenario's account as what creates it: an AWS CLI script in the walkthrough's
//! order, Terraform, or a CloudFormation template (JSON or YAML). Only a scenario that reads
//! without errors is exported. Each format is written so that importing it again
//! ([`crate::import`]) gives an account that decides the same.

mod cli;
mod cloudformation;
mod terraform;

use crate::managed::ManagedPolicies;
use crate::scenario::{ScenarioProblem, read_scenario_with};
use serde_json::Value;

/// What to export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// A bash script of `aws iam …` commands.
    Cli,
    /// Terraform configuration (HCL).
    Terraform,
    /// A CloudFormation template in YAML.
    CloudFormationYaml,
    /// A CloudFormation template in JSON.
    CloudFormationJson,
}

impl ExportFormat {
    /// The format named `cli`, `terraform`, `cloudformation` (YAML) or `cloudformation-json`.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "cli" => Self::Cli,
            "terraform" => Self::Terraform,
            "cloudformation" | "cloudformation-yaml" => Self::CloudFormationYaml,
            "cloudformation-json" => Self::CloudFormationJson,
            _ => return None,
        })
    }

    /// The usual file name of the export.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Cli => "create-instance-profile.sh",
            Self::Terraform => "iam.tf",
            Self::CloudFormationYaml => "template.yaml",
            Self::CloudFormationJson => "template.json",
        }
    }
}

/// A scenario's account, as the export reads it: the scenario document's JSON, with every
/// policy document as a JSON value.
pub(crate) struct Account {
    pub name: String,
    pub id: String,
    pub partition: String,
    pub policies: Vec<Policy>,
    pub roles: Vec<Role>,
    pub profiles: Vec<Profile>,
}

pub(crate) struct Policy {
    pub name: String,
    pub path: String,
    pub document: Value,
}

pub(crate) struct Role {
    pub name: String,
    pub path: String,
    pub description: Option<String>,
    pub trust: Value,
    pub inline: Vec<(String, Value)>,
    pub attached: Vec<String>,
    pub boundary: Option<String>,
    pub tags: Vec<(String, String)>,
}

pub(crate) struct Profile {
    pub name: String,
    pub path: String,
    pub roles: Vec<String>,
    pub tags: Vec<(String, String)>,
}

impl Account {
    /// The ARN of the customer managed policy `name` (at `path`) in this account.
    pub fn policy_arn(&self, policy: &Policy) -> String {
        format!(
            "arn:{}:iam::{}:policy{}{}",
            self.partition, self.id, policy.path, policy.name
        )
    }

    /// The customer managed policy an ARN names, if it is one of the account's.
    pub fn own_policy(&self, arn: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| self.policy_arn(p) == arn)
    }
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// A policy document as written in a scenario: an object, or a string holding one.
fn document(value: Option<&Value>) -> Value {
    match value {
        Some(Value::String(s)) => serde_json::from_str(s).unwrap_or(Value::String(s.clone())),
        Some(v) => v.clone(),
        None => Value::Null,
    }
}

/// A list of strings; other items are left out.
fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn tags(value: Option<&Value>) -> Vec<(String, String)> {
    value
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

fn account(scenario: &Value) -> Account {
    let account = scenario.get("account").cloned().unwrap_or(Value::Null);
    let list = |key: &str| {
        account
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let path = |v: &Value| text(v, "path").unwrap_or_else(|| "/".to_owned());
    Account {
        name: text(scenario, "name").unwrap_or_default(),
        id: text(&account, "id").unwrap_or_default(),
        partition: text(&account, "partition").unwrap_or_else(|| "aws".to_owned()),
        // AWS managed policies embedded in the scenario are AWS's: they are attached by ARN.
        policies: list("managedPolicies")
            .iter()
            .filter(|p| p.get("arn").is_none())
            .map(|p| Policy {
                name: text(p, "name").unwrap_or_default(),
                path: path(p),
                document: document(p.get("document")),
            })
            .collect(),
        roles: list("roles")
            .iter()
            .map(|r| Role {
                name: text(r, "name").unwrap_or_default(),
                path: path(r),
                description: text(r, "description").filter(|d| !d.is_empty()),
                trust: document(r.get("trustPolicy")),
                inline: r
                    .get("inlinePolicies")
                    .and_then(Value::as_object)
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), document(Some(v))))
                            .collect()
                    })
                    .unwrap_or_default(),
                attached: strings(r.get("managedPolicies")),
                boundary: text(r, "permissionsBoundary"),
                tags: tags(r.get("tags")),
            })
            .collect(),
        profiles: list("instanceProfiles")
            .iter()
            .map(|p| Profile {
                name: text(p, "name").unwrap_or_default(),
                path: path(p),
                roles: strings(p.get("roles")),
                tags: tags(p.get("tags")),
            })
            .collect(),
    }
}

/// Exports the account of the scenario `text` (AWS managed policies it attaches are resolved
/// with `managed`, as the scenario's reader does). The scenario's problems when it has errors.
pub fn export(
    text: &str,
    format: ExportFormat,
    managed: &dyn ManagedPolicies,
) -> Result<String, Vec<ScenarioProblem>> {
    let read = read_scenario_with(text, managed);
    if read.scenario.is_none() {
        return Err(read.problems);
    }
    let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let account = account(&value);
    Ok(match format {
        ExportFormat::Cli => cli::script(&account),
        ExportFormat::Terraform => terraform::configuration(&account),
        ExportFormat::CloudFormationYaml => cloudformation::yaml(&account),
        ExportFormat::CloudFormationJson => cloudformation::json(&account),
    })
}

/// A name as an identifier: letters and digits kept, anything else dropped, first letter
/// upper-case (CloudFormation logical ids) or as it is; `fallback` when nothing is left.
pub(crate) fn identifier(name: &str, fallback: &str) -> String {
    let kept: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    if kept.is_empty() || kept.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}{kept}")
    } else {
        kept
    }
}

/// Identifiers made unique by a number when two names give the same one.
pub(crate) fn unique(ids: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        let mut candidate = id.clone();
        let mut n = 2;
        while out.iter().any(|o| o.eq_ignore_ascii_case(&candidate)) {
            candidate = format!("{id}{n}");
            n += 1;
        }
        out.push(candidate);
    }
    out
}
