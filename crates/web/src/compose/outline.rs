//! The scenario document read for the structured view: the instance, its profile, the role the
//! profile holds, the policies (each with its own text, its lint findings and where its
//! statements are), the parts folded away until wanted, and the requests. Each part knows its
//! path in the document, so an edit names the place it changes.

use super::{Path, policy_text};
use iamplay_core::diagnostic::{Diagnostic, Severity};
use iamplay_core::lint::lint_document;
use iamplay_core::{PolicyType, Span};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// What the structured view shows of a scenario document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outline {
    /// The scenario's title.
    pub name: String,
    /// The account's id.
    pub account: String,
    /// The instance.
    pub instance: InstanceOutline,
    /// The names of the account's instance profiles.
    pub profiles: Vec<String>,
    /// The profile the instance is launched with, when the account has it.
    pub profile: Option<ProfileOutline>,
    /// The names of the account's roles.
    pub roles: Vec<String>,
    /// The role the profile holds, when the account has it.
    pub role: Option<RoleOutline>,
    /// The managed policies whose documents the scenario writes.
    pub managed: Vec<ManagedOutline>,
    /// The launching principal (for the `iam:PassRole` check), when the scenario has one.
    pub launch: Option<LaunchOutline>,
    /// Resource-based policies of the requests' targets.
    pub resource_policies: Vec<ResourcePolicyOutline>,
    /// The VPC endpoints requests can go through.
    pub endpoints: Vec<EndpointOutline>,
    /// Service control policies, one level per entry (root, OUs, account).
    pub scps: Vec<LevelOutline>,
    /// Resource control policies, one level per entry.
    pub rcps: Vec<LevelOutline>,
    /// The requests.
    pub requests: Vec<RequestOutline>,
}

/// The instance.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InstanceOutline {
    /// Its id, e.g. `i-0123456789abcdef0`.
    pub id: String,
    /// Its region.
    pub region: String,
    /// Its VPC.
    pub vpc_id: String,
    /// Its private IPv4 address.
    pub private_ip: String,
    /// `v1` or `v2`: which instance metadata service version delivered the credentials.
    pub imds: String,
    /// Its tags.
    pub tags: Vec<(String, String)>,
    /// The name of the instance profile it is launched with.
    pub profile: String,
}

/// An instance profile.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileOutline {
    /// Where it is in the document.
    pub at: Path,
    /// Its name.
    pub name: String,
    /// Its IAM path.
    pub iam_path: String,
    /// Its tags.
    pub tags: Vec<(String, String)>,
    /// The roles it holds, by name (IAM allows at most one).
    pub roles: Vec<String>,
}

/// A role.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoleOutline {
    /// Where it is in the document.
    pub at: Path,
    /// Its name.
    pub name: String,
    /// Its IAM path.
    pub iam_path: String,
    /// Its description.
    pub description: String,
    /// Its tags.
    pub tags: Vec<(String, String)>,
    /// Its trust policy.
    pub trust: PolicyOutline,
    /// Its inline policies: name and policy.
    pub inline: Vec<(String, PolicyOutline)>,
    /// The ARNs of the managed policies attached to it.
    pub attached: Vec<String>,
    /// The ARN of its permissions boundary, if any.
    pub boundary: String,
}

/// A managed policy written in the scenario: the account's own, or a copy of an AWS managed
/// policy (which nobody can change, so its editor is read-only).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ManagedOutline {
    /// Its name, or the last part of its ARN.
    pub name: String,
    /// Its ARN, when the scenario gives one (AWS managed policies).
    pub arn: String,
    /// Its document.
    pub policy: PolicyOutline,
}

impl ManagedOutline {
    /// Whether it is AWS's, not the account's.
    pub fn is_aws(&self) -> bool {
        self.arn.starts_with("arn:aws:iam::aws:policy/")
    }
}

/// The principal that launches the instance.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LaunchOutline {
    /// Its ARN.
    pub principal: String,
    /// Its identity-based policies.
    pub policies: Vec<PolicyOutline>,
    /// Its permissions boundary, when it has one.
    pub boundary: Option<PolicyOutline>,
}

/// A resource-based policy on a target of the requests.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResourcePolicyOutline {
    /// The resource's ARN.
    pub resource: String,
    /// Its policy.
    pub policy: PolicyOutline,
}

/// A VPC endpoint requests can go through, and its policy.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EndpointOutline {
    /// Where it is in the document.
    pub at: Path,
    /// Its id, e.g. `vpce-0a1b2c3d4e5f67890`.
    pub id: String,
    /// Its policy; without one, AWS's default policy allows everything.
    pub policy: Option<PolicyOutline>,
}

/// One organisation level's policies.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LevelOutline {
    /// The level's name (root, an OU, the account).
    pub name: String,
    /// Its policies.
    pub policies: Vec<PolicyOutline>,
}

/// A request the instance makes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RequestOutline {
    /// Where it is in the document.
    pub at: Path,
    /// The action, e.g. `s3:PutObject`.
    pub action: String,
    /// The resource's ARN.
    pub resource: String,
    /// Context keys the request adds, with their values as written.
    pub context: Vec<(String, String)>,
    /// `allowed`, `explicitDeny` or `implicitDeny`, when stated.
    pub expect: String,
    /// The id of the VPC endpoint it goes through, if any.
    pub endpoint: String,
}

/// One policy, as its editor shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyOutline {
    /// Where it is in the document.
    pub at: Path,
    /// How it is read.
    pub kind: Option<PolicyType>,
    /// Its text, as the editor shows it.
    pub text: String,
    /// What the linter found, placed in that text.
    pub findings: Vec<Finding>,
    /// Each statement's span in that text, in order.
    pub statements: Vec<Span>,
}

/// A lint finding in a policy editor's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// Its code.
    pub code: &'static str,
    /// What is wrong, and the help if any.
    pub message: String,
    /// Where, in bytes of the editor's text.
    pub span: Span,
}

/// What the linter found in a policy's text, and where its statements are.
type Reading = Rc<(Vec<Finding>, Vec<Span>)>;

/// Most readings kept; past it, the cache starts again.
const MAX_READINGS: usize = 256;

thread_local! {
    /// Readings by text, kind and whether AWS's catalogue was loaded: every edit reads the
    /// outline again, and only the policies it changed are linted again (an unchanged AWS
    /// managed policy written in the scenario is long, and was linted on every keystroke).
    static READINGS: RefCell<HashMap<(String, PolicyType, bool), Reading>> =
        RefCell::new(HashMap::new());
}

/// The linter's reading of `text` as `kind`, from the cache when it has it.
fn reading(text: &str, kind: PolicyType) -> Reading {
    let key = (text.to_owned(), kind, iamplay_core::catalog::is_loaded());
    if let Some(hit) = READINGS.with(|cache| cache.borrow().get(&key).cloned()) {
        return hit;
    }
    let linted = lint_document(text, Some(kind));
    let findings = linted
        .findings
        .iter()
        .map(|d: &Diagnostic| Finding {
            severity: d.severity,
            code: d.code,
            message: match &d.help {
                Some(help) => format!("{}: {help}", d.message),
                None => d.message.clone(),
            },
            span: d.span,
        })
        .collect();
    let statements = linted
        .policy
        .map(|p| p.statements.iter().map(|s| s.span).collect())
        .unwrap_or_default();
    let read = Rc::new((findings, statements));
    READINGS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= MAX_READINGS {
            cache.clear();
        }
        cache.insert(key, Rc::clone(&read));
    });
    read
}

impl PolicyOutline {
    /// The policy written at `at`, read as `kind`, linted.
    pub fn read(document: &Value, at: Path, kind: PolicyType) -> Self {
        let text = at.get(document).map(policy_text).unwrap_or_default();
        let read = reading(&text, kind);
        Self {
            at,
            kind: Some(kind),
            text,
            findings: read.0.clone(),
            statements: read.1.clone(),
        }
    }
}

fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn tags(value: Option<&Value>) -> Vec<(String, String)> {
    match value {
        Some(Value::Object(members)) => members
            .iter()
            .map(|(k, v)| (k.clone(), text(Some(v))))
            .collect(),
        _ => Vec::new(),
    }
}

fn items(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn names(value: Option<&Value>) -> Vec<String> {
    items(value).iter().map(|v| text(v.get("name"))).collect()
}

fn levels(document: &Value, at: &Path, kind: PolicyType) -> Vec<LevelOutline> {
    items(at.get(document))
        .iter()
        .enumerate()
        .map(|(i, level)| {
            let policies = at.index(i).key("policies");
            LevelOutline {
                name: text(level.get("name")),
                policies: (0..items(level.get("policies")).len())
                    .map(|p| PolicyOutline::read(document, policies.index(p), kind))
                    .collect(),
            }
        })
        .collect()
}

impl Outline {
    /// Reads the outline of a scenario document.
    pub fn read(document: &Value) -> Self {
        let root = Path::root();
        let account = root.key("account");
        let instance_value = document.get("instance");
        let field = |key: &str| text(instance_value.and_then(|i| i.get(key)));
        let instance = InstanceOutline {
            id: field("id"),
            region: field("region"),
            vpc_id: field("vpcId"),
            private_ip: field("privateIp"),
            imds: field("imdsVersion"),
            tags: tags(instance_value.and_then(|i| i.get("tags"))),
            profile: field("instanceProfile"),
        };
        let account_value = document.get("account");
        let profiles_value = account_value.and_then(|a| a.get("instanceProfiles"));
        let profile = items(profiles_value)
            .iter()
            .position(|p| text(p.get("name")) == instance.profile)
            .and_then(|i| {
                let p = items(profiles_value).get(i)?;
                Some(ProfileOutline {
                    at: account.key("instanceProfiles").index(i),
                    name: text(p.get("name")),
                    iam_path: text(p.get("path")),
                    tags: tags(p.get("tags")),
                    roles: items(p.get("roles"))
                        .iter()
                        .map(|r| text(Some(r)))
                        .collect(),
                })
            });
        let roles_value = account_value.and_then(|a| a.get("roles"));
        let held = profile.as_ref().and_then(|p| p.roles.first()).cloned();
        let role = held.and_then(|name| {
            let i = items(roles_value)
                .iter()
                .position(|r| text(r.get("name")) == name)?;
            Some(Self::role(document, account.key("roles").index(i)))
        });
        let managed_value = account_value.and_then(|a| a.get("managedPolicies"));
        let managed = items(managed_value)
            .iter()
            .enumerate()
            .filter(|(_, p)| p.get("document").is_some())
            .map(|(i, p)| {
                let at = account.key("managedPolicies").index(i).key("document");
                let arn = text(p.get("arn"));
                let name = match text(p.get("name")) {
                    name if name.is_empty() => {
                        arn.rsplit('/').next().unwrap_or_default().to_owned()
                    }
                    name => name,
                };
                let policy = PolicyOutline::read(document, at, PolicyType::Identity);
                ManagedOutline { name, arn, policy }
            })
            .collect();
        let launch = document.get("launch").map(|launch| {
            let policies = root.key("launch").key("policies");
            LaunchOutline {
                principal: text(launch.get("principal")),
                policies: (0..items(launch.get("policies")).len())
                    .map(|i| PolicyOutline::read(document, policies.index(i), PolicyType::Identity))
                    .collect(),
                boundary: launch.get("permissionsBoundary").map(|_| {
                    let at = root.key("launch").key("permissionsBoundary");
                    PolicyOutline::read(document, at, PolicyType::PermissionsBoundary)
                }),
            }
        });
        let resource_policies = items(document.get("resourcePolicies"))
            .iter()
            .enumerate()
            .map(|(i, r)| ResourcePolicyOutline {
                resource: text(r.get("resource")),
                policy: PolicyOutline::read(
                    document,
                    root.key("resourcePolicies").index(i).key("policy"),
                    PolicyType::Resource,
                ),
            })
            .collect();
        let endpoints = Self::endpoints(document);
        let organization = root.key("organization");
        let requests = Self::requests(document);
        Self {
            name: text(document.get("name")),
            account: text(account_value.and_then(|a| a.get("id"))),
            instance,
            profiles: names(profiles_value),
            profile,
            roles: names(roles_value),
            role,
            managed,
            launch,
            resource_policies,
            endpoints,
            scps: levels(
                document,
                &organization.key("serviceControlPolicies"),
                PolicyType::ServiceControl,
            ),
            rcps: levels(
                document,
                &organization.key("resourceControlPolicies"),
                PolicyType::ResourceControl,
            ),
            requests,
        }
    }

    /// The requests, as written.
    fn requests(document: &Value) -> Vec<RequestOutline> {
        let root = Path::root();
        items(document.get("requests"))
            .iter()
            .enumerate()
            .map(|(i, r)| RequestOutline {
                at: root.key("requests").index(i),
                action: text(r.get("action")),
                resource: text(r.get("resource")),
                context: tags(r.get("context")),
                expect: text(r.get("expect")),
                endpoint: text(r.get("vpcEndpoint")),
            })
            .collect()
    }

    /// The VPC endpoints, each policy linted without the checks that do not apply to one.
    fn endpoints(document: &Value) -> Vec<EndpointOutline> {
        let root = Path::root();
        items(document.get("vpcEndpoints"))
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let at = root.key("vpcEndpoints").index(i);
                EndpointOutline {
                    id: text(e.get("id")),
                    policy: e.get("policy").map(|_| {
                        let mut policy =
                            PolicyOutline::read(document, at.key("policy"), PolicyType::Resource);
                        policy
                            .findings
                            .retain(|f| iamplay_core::lint::applies_to_endpoint_policy(f.code));
                        policy
                    }),
                    at,
                }
            })
            .collect()
    }

    fn role(document: &Value, at: Path) -> RoleOutline {
        let value = at.get(document);
        let field = |key: &str| text(value.and_then(|r| r.get(key)));
        let inline = match value.and_then(|r| r.get("inlinePolicies")) {
            Some(Value::Object(members)) => members
                .keys()
                .map(|name| {
                    let path = at.key("inlinePolicies").key(name);
                    let policy = PolicyOutline::read(document, path, PolicyType::Identity);
                    (name.clone(), policy)
                })
                .collect(),
            _ => Vec::new(),
        };
        RoleOutline {
            name: field("name"),
            iam_path: field("path"),
            description: field("description"),
            tags: tags(value.and_then(|r| r.get("tags"))),
            trust: PolicyOutline::read(document, at.key("trustPolicy"), PolicyType::Trust),
            inline,
            attached: items(value.and_then(|r| r.get("managedPolicies")))
                .iter()
                .map(|a| text(Some(a)))
                .collect(),
            boundary: field("permissionsBoundary"),
            at,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_policy_is_linted_again_only_when_its_text_changes() {
        let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}}"#;
        let kind = iamplay_core::PolicyType::Identity;
        let first = super::reading(text, kind);
        assert!(std::rc::Rc::ptr_eq(&first, &super::reading(text, kind)));
        assert!(!std::rc::Rc::ptr_eq(
            &first,
            &super::reading(text, iamplay_core::PolicyType::Resource)
        ));
        assert!(first.0.iter().any(|f| f.code == "unknown-action"));
    }
}
