//! Account-wide: which instance profiles' instances can make one request. The whole inventory
//! becomes one IAM account (through the IAM model's own operations), and each instance profile
//! runs the instance-profile chain for the request, so each answer has the chain's verdict and
//! the statements that decided it, placed in the imported files.

use super::ImportProblem;
use super::inventory::{Document, Inventory, Place};
use crate::chain::{ChainInput, ChainRequest, ImdsVersion, Instance, Organization, simulate};
use crate::compile::{PolicyDocument, PolicyType};
use crate::decision::{EvalDecision, StatementRef};
use crate::iam::{Account, CreateRole, IamError, Tag};
use crate::managed::{ManagedPolicies, is_aws_managed};
use crate::origin::{Origin, Source};
use crate::request::Context;

/// One instance profile's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileAnswer {
    /// The instance profile.
    pub profile: String,
    /// The role it holds, if any.
    pub role: Option<String>,
    /// The decision (`implicitDeny` when the instance gets no credentials).
    pub decision: EvalDecision,
    /// Why, in a sentence: the chain's verdict for the request.
    pub reason: String,
    /// The statements that decided it.
    pub deciding: Vec<StatementRef>,
}

/// Every profile's answer, and what kept any part of the account from being built.
#[derive(Debug, Clone, PartialEq)]
pub struct WhoCan {
    /// The answers, allowed first, then by profile name.
    pub answers: Vec<ProfileAnswer>,
    /// Parts of the import IAM would refuse, or that the import does not hold.
    pub problems: Vec<ImportProblem>,
}

fn compile(name: &str, kind: PolicyType, doc: &Document) -> PolicyDocument {
    PolicyDocument::compile(name, kind, &doc.text, doc.origin.clone())
}

fn tags(tags: &[(String, String)]) -> Vec<Tag> {
    tags.iter()
        .map(|(k, v)| Tag::new(k.clone(), v.clone()))
        .collect()
}

struct Build<'i> {
    inventory: &'i Inventory,
    managed: &'i dyn ManagedPolicies,
    account: Account,
    problems: Vec<ImportProblem>,
}

impl Build<'_> {
    fn iam(&mut self, place: &Place, error: &IamError) {
        self.problems.push(ImportProblem {
            file: place.file.clone(),
            path: place.path.clone(),
            diagnostic: error.diagnostic(super::narrow(place.span)),
        });
    }

    /// Makes the managed policy `arn` exist in the account, from the import or, for an AWS
    /// managed policy, from AWS's managed-policy files.
    fn policy(&mut self, arn: &str, place: &Place) {
        if self.account.policy(arn).is_ok() {
            return;
        }
        let imported = self.inventory.policy(arn);
        let name = arn.rsplit('/').next().unwrap_or_default();
        let result = if is_aws_managed(arn) {
            let document = match (
                self.managed.document(arn),
                imported.and_then(|p| p.document.as_ref()),
            ) {
                (Some(text), _) => {
                    let origin = Origin::whole(Source::Managed(arn.to_owned()));
                    PolicyDocument::compile(name, PolicyType::Identity, text, origin)
                }
                (None, Some(doc)) => compile(name, PolicyType::Identity, doc),
                (None, None) => return,
            };
            self.account
                .add_aws_managed_policy(arn, document)
                .map(|_| ())
        } else {
            let Some((policy, doc)) = imported.and_then(|p| p.document.as_ref().map(|d| (p, d)))
            else {
                return;
            };
            let path = policy.path.clone();
            self.account
                .create_policy(
                    &policy.name,
                    path.as_deref(),
                    compile(&policy.name, PolicyType::Identity, doc),
                )
                .map(|_| ())
        };
        if let Err(error) = result {
            self.iam(place, &error);
        }
    }

    fn roles(&mut self) {
        for role in &self.inventory.roles {
            let place = role.place.clone().unwrap_or_else(|| Place {
                file: String::new(),
                path: String::new(),
                span: crate::span::Span::new(0, 0),
            });
            let Some(trust) = &role.trust else { continue };
            let created = self.account.create_role(CreateRole {
                name: role.name.clone(),
                path: role.path.clone(),
                trust_policy: compile(&role.name, PolicyType::Trust, trust),
                description: role.description.clone(),
                permissions_boundary: None,
                tags: tags(&role.tags),
            });
            if let Err(error) = created {
                self.iam(&place, &error);
                continue;
            }
            for (name, doc) in &role.inline {
                let document = compile(name, PolicyType::Identity, doc);
                if let Err(error) = self.account.put_role_policy(&role.name, name, document) {
                    self.iam(&doc.place, &error);
                }
            }
            for arn in &role.attached {
                self.policy(arn, &place);
                if let Err(error) = self.account.attach_role_policy(&role.name, arn) {
                    self.iam(&place, &error);
                }
            }
            if let Some(arn) = &role.boundary {
                self.policy(arn, &place);
                if let Err(error) = self.account.put_role_permissions_boundary(&role.name, arn) {
                    self.iam(&place, &error);
                }
            }
        }
    }

    fn profiles(&mut self) {
        for profile in &self.inventory.profiles {
            let path = profile.path.as_deref();
            let created = self
                .account
                .create_instance_profile(&profile.name, path, tags(&profile.tags))
                .map(|_| ());
            let added = created.and_then(|()| {
                profile.roles.iter().try_for_each(|role| {
                    self.account
                        .add_role_to_instance_profile(&profile.name, role)
                })
            });
            if let Err(error) = added {
                self.iam(&profile.place, &error);
            }
        }
    }
}

/// Which of the imported instance profiles' instances may call `action` on `resource`, each
/// with the chain's verdict. AWS managed policies' documents come from `managed` (or from the
/// import when it holds them). `now` is the time of the requests (ISO 8601). An import with
/// errors, or that names no account, answers with its problems only.
pub fn who_can(
    inventory: &Inventory,
    action: &str,
    resource: &str,
    managed: &dyn ManagedPolicies,
    now: &str,
) -> WhoCan {
    let account = inventory
        .account
        .clone()
        .filter(|_| !inventory.has_errors());
    let Some((partition, id)) = account else {
        return WhoCan {
            answers: Vec::new(),
            problems: inventory.problems.clone(),
        };
    };
    let account = match Account::new(id) {
        Ok(mut account) => {
            account.partition = partition;
            account
        }
        Err(_) => {
            return WhoCan {
                answers: Vec::new(),
                problems: inventory.problems.clone(),
            };
        }
    };
    let mut build = Build {
        inventory,
        managed,
        account,
        problems: inventory.problems.clone(),
    };
    build.roles();
    build.profiles();
    let instance = Instance {
        id: "i-0123456789abcdef0".to_owned(),
        region: "us-east-1".to_owned(),
        vpc_id: None,
        private_ip: None,
        imds: ImdsVersion::V2,
        tags: Vec::new(),
    };
    let requests = [ChainRequest {
        action: action.to_owned(),
        resource: resource.to_owned(),
        context: Context::default(),
        endpoint: None,
    }];
    let organization = Organization::default();
    let context = Context::default();
    let mut answers: Vec<ProfileAnswer> = inventory
        .profiles
        .iter()
        .map(|profile| {
            let outcome = simulate(&ChainInput {
                account: &build.account,
                profile: &profile.name,
                instance: &instance,
                launcher: None,
                resource_policies: &[],
                endpoints: &[],
                organization: &organization,
                now,
                context_overrides: &context,
                requests: &requests,
            });
            let request = outcome.requests.into_iter().next();
            let evaluation = request.as_ref().and_then(|r| r.evaluation.clone());
            ProfileAnswer {
                profile: profile.name.clone(),
                role: profile.roles.first().cloned(),
                decision: request.map_or(EvalDecision::ImplicitDeny, |r| r.decision),
                reason: match &evaluation {
                    Some(e) => e.summary.clone(),
                    None => outcome.headline,
                },
                deciding: evaluation.map(|e| e.deciding).unwrap_or_default(),
            }
        })
        .collect();
    answers.sort_by(|a, b| {
        (a.decision != EvalDecision::Allowed, &a.profile)
            .cmp(&(b.decision != EvalDecision::Allowed, &b.profile))
    });
    WhoCan {
        answers,
        problems: build.problems,
    }
}
