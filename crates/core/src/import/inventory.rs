//! What an import found: roles, managed policies and instance profiles as IAM stores them, each
//! with the place it came from, and every problem. Outputs that name no role or policy
//! (`list-attached-role-policies`, `get-policy-version`) wait here until all files are read, and
//! are then given to the one role or policy they can belong to.

use super::ImportProblem;
use crate::span::Span;
use std::collections::HashMap;

/// Where an imported part came from: a file and a JSON path in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file's name as given.
    pub file: String,
    /// The JSON path, e.g. `$.RoleDetailList[3]`.
    pub path: String,
    /// Where in the file.
    pub span: Span,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.file, self.path)
    }
}

/// A policy document as imported: its JSON text, where it was written, and how places in the
/// text map to places in the file (verbatim for a JSON object, through the escapes of a JSON
/// string, or to the string's start when it was URL-encoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The document's JSON text.
    pub text: String,
    /// Where it came from.
    pub place: Place,
    /// Its origin, for the policy compiled from it.
    pub origin: crate::origin::Origin,
}

/// A role.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportedRole {
    /// `RoleName`.
    pub name: String,
    /// `Path`.
    pub path: Option<String>,
    /// `Arn`.
    pub arn: Option<String>,
    /// `Description`.
    pub description: Option<String>,
    /// `AssumeRolePolicyDocument`.
    pub trust: Option<Document>,
    /// Inline policies, by name.
    pub inline: Vec<(String, Document)>,
    /// ARNs of attached managed policies.
    pub attached: Vec<String>,
    /// Whether the attached policies are known (an output listed them, perhaps as none).
    pub attached_known: bool,
    /// Whether it came from `get-account-authorization-details`, which lists every inline
    /// and attached policy.
    pub complete: bool,
    /// The permissions boundary's ARN.
    pub boundary: Option<String>,
    /// Tags, in order.
    pub tags: Vec<(String, String)>,
    /// Where it came from (the first output that described it).
    pub place: Option<Place>,
}

/// A managed policy: customer managed, or AWS managed when the output had its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPolicy {
    /// `PolicyName`.
    pub name: String,
    /// `Path`.
    pub path: Option<String>,
    /// `Arn`.
    pub arn: String,
    /// `DefaultVersionId`, when known.
    pub default_version: Option<String>,
    /// The default version's document, when the output had it.
    pub document: Option<Document>,
    /// Where it came from.
    pub place: Place,
}

/// An instance profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedProfile {
    /// `InstanceProfileName`.
    pub name: String,
    /// `Path`.
    pub path: Option<String>,
    /// `Arn`.
    pub arn: Option<String>,
    /// The names of its roles.
    pub roles: Vec<String>,
    /// Tags, in order.
    pub tags: Vec<(String, String)>,
    /// Where it came from.
    pub place: Place,
}

/// An instance (or launch template) that names an instance profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedInstance {
    /// Its address or logical id, e.g. `aws_instance.app`.
    pub name: String,
    /// The instance profile's name.
    pub profile: String,
    /// Its tags, in order.
    pub tags: Vec<(String, String)>,
    /// Where it came from.
    pub place: Place,
}

/// A `list-attached-role-policies` output: it does not say whose policies they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LooseAttachments {
    pub arns: Vec<String>,
    pub place: Place,
}

/// A `get-policy-version` output: it does not say which policy it is a version of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LooseVersion {
    pub version: Option<String>,
    pub default: bool,
    pub document: Document,
}

/// Everything read from the imported files.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Inventory {
    /// The account's partition and id, from the first ARN that names them.
    pub account: Option<(String, String)>,
    /// Roles, in the order they were first met.
    pub(super) roles: Vec<ImportedRole>,
    /// Managed policies.
    pub(super) policies: Vec<ImportedPolicy>,
    /// Instance profiles.
    pub(super) profiles: Vec<ImportedProfile>,
    /// Every problem.
    pub problems: Vec<ImportProblem>,
    /// Instances and launch templates that name a profile.
    pub(super) instances: Vec<ImportedInstance>,
    /// Whether the account is a stand-in: a plan or template that names no account.
    pub(super) stand_in_account: bool,
    pub(super) loose_attachments: Vec<LooseAttachments>,
    pub(super) loose_versions: Vec<LooseVersion>,
    /// Where each role (by lowercase name), policy (by ARN) and profile (by lowercase name)
    /// is in its list: an account has thousands.
    index: Index,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Index {
    roles: HashMap<String, usize>,
    policies: HashMap<String, usize>,
    profiles: HashMap<String, usize>,
}

impl Inventory {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.diagnostic.severity == crate::diagnostic::Severity::Error)
    }

    /// The roles, in the order they were first met.
    pub fn roles(&self) -> &[ImportedRole] {
        &self.roles
    }

    /// The managed policies.
    pub fn policies(&self) -> &[ImportedPolicy] {
        &self.policies
    }

    /// The instance profiles.
    pub fn profiles(&self) -> &[ImportedProfile] {
        &self.profiles
    }

    /// The instances and launch templates that name an instance profile.
    pub fn instances(&self) -> &[ImportedInstance] {
        &self.instances
    }

    /// The role named `name` (IAM names are not case-sensitive).
    pub fn role(&self, name: &str) -> Option<&ImportedRole> {
        let index = self.index.roles.get(&name.to_ascii_lowercase())?;
        self.roles.get(*index)
    }

    /// Changes the role named `name` with `change`, adding the role if it is new.
    pub(super) fn with_role(&mut self, name: &str, change: impl FnOnce(&mut ImportedRole)) {
        let key = name.to_ascii_lowercase();
        match self
            .index
            .roles
            .get(&key)
            .and_then(|i| self.roles.get_mut(*i))
        {
            Some(role) => change(role),
            None => {
                let mut role = ImportedRole {
                    name: name.to_owned(),
                    ..ImportedRole::default()
                };
                change(&mut role);
                self.index.roles.insert(key, self.roles.len());
                self.roles.push(role);
            }
        }
    }

    /// Adds what an output, plan or template says of a role to what is known of it: what was
    /// known first stays, lists add up without repeats.
    pub(super) fn merge_role(&mut self, found: ImportedRole) {
        let name = found.name.clone();
        self.with_role(&name, |role| {
            if role.place.is_none() {
                role.place = found.place;
            }
            role.complete |= found.complete;
            role.attached_known |= found.attached_known;
            role.arn = role.arn.take().or(found.arn);
            role.path = role.path.take().or(found.path);
            role.description = role.description.take().or(found.description);
            role.trust = role.trust.take().or(found.trust);
            role.boundary = role.boundary.take().or(found.boundary);
            if role.tags.is_empty() {
                role.tags = found.tags;
            }
            for (name, document) in found.inline {
                if !role.inline.iter().any(|(n, _)| *n == name) {
                    role.inline.push((name, document));
                }
            }
            for arn in found.attached {
                if !role.attached.contains(&arn) {
                    role.attached.push(arn);
                }
            }
        });
    }

    /// The managed policy with this ARN.
    pub fn policy(&self, arn: &str) -> Option<&ImportedPolicy> {
        let index = self.index.policies.get(arn)?;
        self.policies.get(*index)
    }

    /// The instance profile named `name`.
    pub fn profile(&self, name: &str) -> Option<&ImportedProfile> {
        let index = self.index.profiles.get(&name.to_ascii_lowercase())?;
        self.profiles.get(*index)
    }

    /// Records the account an ARN names, the first time one does.
    pub(super) fn note_arn(&mut self, arn: &str) {
        if self.account.is_some() {
            return;
        }
        let mut parts = arn.split(':');
        let (Some("arn"), Some(partition), _, _, Some(account)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return;
        };
        if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
            self.account = Some((partition.to_owned(), account.to_owned()));
        }
    }

    /// Adds a managed policy, or fills in what an earlier output did not have.
    pub(super) fn add_policy(&mut self, policy: ImportedPolicy) {
        let known = self.index.policies.get(&policy.arn);
        match known.and_then(|i| self.policies.get_mut(*i)) {
            Some(known) => {
                if known.document.is_none() {
                    known.document = policy.document;
                }
                if known.default_version.is_none() {
                    known.default_version = policy.default_version;
                }
            }
            None => {
                self.index
                    .policies
                    .insert(policy.arn.clone(), self.policies.len());
                self.policies.push(policy);
            }
        }
    }

    /// Adds an instance profile, or merges its roles into the one already read.
    pub(super) fn add_profile(&mut self, profile: ImportedProfile) {
        let key = profile.name.to_ascii_lowercase();
        match self
            .index
            .profiles
            .get(&key)
            .and_then(|i| self.profiles.get_mut(*i))
        {
            Some(known) => {
                for role in profile.roles {
                    if !known.roles.iter().any(|r| r.eq_ignore_ascii_case(&role)) {
                        known.roles.push(role);
                    }
                }
            }
            None => {
                self.index.profiles.insert(key, self.profiles.len());
                self.profiles.push(profile);
            }
        }
    }

    /// Gives the outputs that name no role or policy to the one they can belong to, once every
    /// file is read; where that is not clear, says so.
    pub(super) fn settle(&mut self) {
        for loose in std::mem::take(&mut self.loose_attachments) {
            if let [role] = &mut self.roles[..] {
                for arn in loose.arns {
                    if !role.attached.contains(&arn) {
                        role.attached.push(arn);
                    }
                }
                role.attached_known = true;
                continue;
            }
            let found = self.roles.len();
            self.problems.push(
                ImportProblem::error(
                    &loose.place.file,
                    &loose.place.path,
                    loose.place.span,
                    "ambiguous-output",
                    format!(
                        "`list-attached-role-policies` output does not say which role it lists, and the import has {found} roles"
                    ),
                )
                .with_help(
                    "import it with exactly one role (its `get-role` output), or import `get-account-authorization-details`",
                ),
            );
        }
        for loose in std::mem::take(&mut self.loose_versions) {
            self.settle_version(loose);
        }
    }

    fn settle_version(&mut self, loose: LooseVersion) {
        let place = loose.document.place.clone();
        // A `get-policy` output with the same default version, else the one customer managed
        // policy the import attaches without a document.
        let by_version: Vec<usize> = self
            .policies
            .iter()
            .enumerate()
            .filter(|(_, p)| p.document.is_none())
            .filter(|(_, p)| p.default_version.is_some() && p.default_version == loose.version)
            .map(|(i, _)| i)
            .collect();
        let target = match by_version[..] {
            [one] => Some(one),
            _ => {
                let missing: Vec<String> = self.attached_without_document();
                match &missing[..] {
                    [arn] => {
                        let arn = arn.clone();
                        let name = arn.rsplit('/').next().unwrap_or_default().to_owned();
                        self.add_policy(ImportedPolicy {
                            name,
                            path: None,
                            arn: arn.clone(),
                            default_version: loose.version.clone(),
                            document: None,
                            place: place.clone(),
                        });
                        self.index.policies.get(&arn).copied()
                    }
                    _ => None,
                }
            }
        };
        match target.and_then(|i| self.policies.get_mut(i)) {
            Some(policy) if loose.default => policy.document = Some(loose.document),
            Some(policy) => self.problems.push(ImportProblem::error(
                &place.file,
                &place.path,
                place.span,
                "not-default-version",
                format!(
                    "this is version {} of `{}`, not its default version: IAM evaluates only the default version",
                    loose.version.as_deref().unwrap_or("?"),
                    policy.arn
                ),
            )),
            None => self.problems.push(
                ImportProblem::error(
                    &place.file,
                    &place.path,
                    place.span,
                    "ambiguous-output",
                    "`get-policy-version` output does not say which policy it is a version of, and the import does not make it clear",
                )
                .with_help(
                    "import it with the policy's `get-policy` output, or with exactly one customer managed policy attached and not otherwise given",
                ),
            ),
        }
    }

    /// The AWS managed policies (by ARN) that the role of the instance profile `profile` (or
    /// every role, `None`: `who can` builds the whole account) attaches or uses as its boundary,
    /// and whose documents the import does not hold: what the scenario or `who can` takes from
    /// AWS's managed-policy files.
    pub fn aws_managed(&self, profile: Option<&str>) -> Vec<String> {
        let roles: Vec<&ImportedRole> = match profile {
            Some(name) => self
                .profile(name)
                .and_then(|p| p.roles.first())
                .and_then(|role| self.role(role))
                .into_iter()
                .collect(),
            None => self.roles.iter().collect(),
        };
        let mut wanted: Vec<String> = Vec::new();
        for role in roles {
            for arn in role.attached.iter().chain(&role.boundary) {
                let held = self.policy(arn).is_some_and(|p| p.document.is_some());
                if crate::managed::is_aws_managed(arn) && !held && !wanted.contains(arn) {
                    wanted.push(arn.clone());
                }
            }
        }
        wanted
    }

    /// The customer managed policies attached (or used as a boundary) whose documents the
    /// import does not have.
    pub fn attached_without_document(&self) -> Vec<String> {
        let mut missing: Vec<String> = Vec::new();
        for role in &self.roles {
            for arn in role.attached.iter().chain(&role.boundary) {
                let known = self.policy(arn).is_some_and(|p| p.document.is_some());
                if !known && !crate::managed::is_aws_managed(arn) && !missing.contains(arn) {
                    missing.push(arn.clone());
                }
            }
        }
        missing
    }
}
