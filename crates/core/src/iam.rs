//! The IAM model of instance profiles: an account's roles, managed policies and instance
//! profiles, with the operations of the IAM API and the errors, naming rules and quotas IAM
//! enforces (seed: the IAM instance-profile API).

pub mod names;
pub mod quotas;
#[cfg(test)]
mod tests;

use crate::compile::{CompiledPolicy, PolicyDocument};
use crate::diagnostic::{Diagnostic, Severity, Stage};
use crate::span::Span;
use names::{
    MAX_DESCRIPTION, MAX_INSTANCE_PROFILE_NAME, MAX_POLICY_NAME, MAX_ROLE_NAME, MAX_TAGS,
    check_name, check_path, check_policy_characters, check_tag, policy_size,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// An error of the IAM API, named as IAM names it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IamError {
    /// `EntityAlreadyExists`
    #[error("EntityAlreadyExists: {0}")]
    EntityAlreadyExists(String),
    /// `NoSuchEntity`
    #[error("NoSuchEntity: {0}")]
    NoSuchEntity(String),
    /// `LimitExceeded`
    #[error("LimitExceeded: {0}")]
    LimitExceeded(String),
    /// `DeleteConflict`
    #[error("DeleteConflict: {0}")]
    DeleteConflict(String),
    /// `MalformedPolicyDocument`
    #[error("MalformedPolicyDocument: {0}")]
    MalformedPolicyDocument(String),
    /// `InvalidInput`
    #[error("InvalidInput: {0}")]
    InvalidInput(String),
}

impl IamError {
    /// The error code IAM returns.
    pub fn code(&self) -> &'static str {
        match self {
            IamError::EntityAlreadyExists(_) => "EntityAlreadyExists",
            IamError::NoSuchEntity(_) => "NoSuchEntity",
            IamError::LimitExceeded(_) => "LimitExceeded",
            IamError::DeleteConflict(_) => "DeleteConflict",
            IamError::MalformedPolicyDocument(_) => "MalformedPolicyDocument",
            IamError::InvalidInput(_) => "InvalidInput",
        }
    }

    /// The error as a diagnostic at `span`: its code is IAM's.
    pub fn diagnostic(&self, span: Span) -> Diagnostic {
        Diagnostic::new(
            Stage::Iam,
            Severity::Error,
            self.code(),
            self.to_string(),
            span,
        )
    }
}

/// A key–value tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
}

impl Tag {
    /// A tag.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// IAM quotas that can be raised; the defaults are AWS's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
    /// Role trust policy length, whitespace not counted (2,048; up to 4,096).
    pub trust_policy_size: usize,
    /// Managed policy length, whitespace not counted (6,144).
    pub managed_policy_size: usize,
    /// All inline policies of a role together, whitespace not counted (10,240).
    pub inline_policies_size: usize,
    /// Managed policies attached to one role (10; up to 20).
    pub managed_policies_per_role: usize,
    /// Roles in one instance profile (1, and it cannot be raised).
    pub roles_per_instance_profile: usize,
}

impl Default for Quotas {
    fn default() -> Self {
        Self {
            trust_policy_size: quotas::TRUST_POLICY_SIZE,
            managed_policy_size: quotas::MANAGED_POLICY_SIZE,
            inline_policies_size: quotas::INLINE_POLICIES_SIZE,
            managed_policies_per_role: quotas::MANAGED_POLICIES_PER_ROLE,
            roles_per_instance_profile: quotas::ROLES_PER_INSTANCE_PROFILE,
        }
    }
}

/// An IAM role.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// Its name.
    pub name: String,
    /// Its path.
    pub path: String,
    /// Its unique id (`AROA…`).
    pub id: String,
    /// Its ARN.
    pub arn: String,
    /// Its description.
    pub description: String,
    /// The trust policy (`AssumeRolePolicyDocument`), compiled.
    pub trust_policy: Arc<CompiledPolicy>,
    /// Inline policies by name, compiled.
    pub inline_policies: BTreeMap<String, Arc<CompiledPolicy>>,
    /// ARNs of attached managed policies, in attachment order.
    pub attached_policies: Vec<String>,
    /// ARN of the permissions boundary, if any.
    pub permissions_boundary: Option<String>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// A managed policy: customer managed, or AWS managed (`arn:aws:iam::aws:policy/…`).
#[derive(Debug, Clone, PartialEq)]
pub struct ManagedPolicy {
    /// Its name.
    pub name: String,
    /// Its path.
    pub path: String,
    /// Its ARN.
    pub arn: String,
    /// Its unique id (`ANPA…`).
    pub id: String,
    /// The default version's document, compiled.
    pub document: Arc<CompiledPolicy>,
}

/// An instance profile: a container for at most one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceProfile {
    /// Its name.
    pub name: String,
    /// Its path.
    pub path: String,
    /// Its unique id (`AIPA…`).
    pub id: String,
    /// Its ARN.
    pub arn: String,
    /// Names of the roles it holds (at most one).
    pub roles: Vec<String>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// One page of a `List…` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// Whether more items follow.
    pub is_truncated: bool,
    /// Pass this as `Marker` for the next page.
    pub marker: Option<String>,
}

/// What `CreateRole` takes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreateRole {
    /// `RoleName`
    pub name: String,
    /// `Path` (default `/`)
    pub path: Option<String>,
    /// `AssumeRolePolicyDocument`, compiled as a trust policy.
    pub trust_policy: PolicyDocument,
    /// `Description`
    pub description: Option<String>,
    /// `PermissionsBoundary`
    pub permissions_boundary: Option<String>,
    /// `Tags`
    pub tags: Vec<Tag>,
}

/// One AWS account's IAM entities.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// The 12-digit account id.
    pub id: String,
    /// The partition (`aws`, `aws-cn`, `aws-us-gov`).
    pub partition: String,
    /// Quotas in force.
    pub quotas: Quotas,
    roles: BTreeMap<String, Role>,
    policies: BTreeMap<String, ManagedPolicy>,
    profiles: BTreeMap<String, InstanceProfile>,
}

fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// A unique id in AWS's format: a 4-letter prefix and 17 characters of A–Z and 2–7, derived
/// from the account and the entity so the same scenario always gets the same ids.
pub(crate) fn unique_id(prefix: &str, account: &str, kind: &str, name: &str) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut state: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in account
        .bytes()
        .chain(kind.bytes())
        .chain(name.to_ascii_lowercase().bytes())
    {
        state = (state ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut id = String::from(prefix);
    for _ in 0..17 {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        let index = usize::try_from(z % 32).unwrap_or(0);
        id.push(char::from(*ALPHABET.get(index).unwrap_or(&b'A')));
    }
    id
}

fn check_tags(tags: &[Tag]) -> Result<(), IamError> {
    if tags.len() > MAX_TAGS {
        return Err(IamError::LimitExceeded(format!(
            "{} tags is more than the {MAX_TAGS} an entity may have",
            tags.len()
        )));
    }
    for (i, tag) in tags.iter().enumerate() {
        check_tag(&tag.key, &tag.value)?;
        if tags
            .iter()
            .take(i)
            .any(|t| t.key.eq_ignore_ascii_case(&tag.key))
        {
            return Err(IamError::InvalidInput(format!(
                "tag key `{}` appears twice (tag keys are not case-sensitive)",
                tag.key
            )));
        }
    }
    Ok(())
}

/// Checks a policy document as IAM does when it is stored (characters, size, grammar) and
/// gives the compiled policy to keep.
fn check_document(
    document: PolicyDocument,
    max: usize,
    what: &str,
) -> Result<Arc<CompiledPolicy>, IamError> {
    check_policy_characters(&document.text)?;
    let size = policy_size(&document.text);
    if size > max {
        return Err(IamError::LimitExceeded(format!(
            "{what} is {size} characters (whitespace not counted), over the quota of {max}"
        )));
    }
    let malformed = |document: &PolicyDocument| {
        let messages: Vec<&str> = document
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        IamError::MalformedPolicyDocument(messages.join("; "))
    };
    if document.has_errors() {
        return Err(malformed(&document));
    }
    match document.policy {
        Some(policy) => Ok(Arc::new(policy)),
        None => Err(malformed(&document)),
    }
}

/// Pages `items` after `marker` (an index from an earlier page), at most `max_items` (1–1000,
/// default 100).
fn page<T: Clone>(
    items: Vec<T>,
    marker: Option<&str>,
    max_items: Option<usize>,
) -> Result<Page<T>, IamError> {
    let max = max_items.unwrap_or(quotas::DEFAULT_MAX_ITEMS);
    if !(1..=quotas::MAX_ITEMS).contains(&max) {
        return Err(IamError::InvalidInput(format!(
            "MaxItems {max} must be 1 to {}",
            quotas::MAX_ITEMS
        )));
    }
    let start = match marker {
        None => 0,
        Some(m) => m
            .strip_prefix("iamplay-")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| n <= items.len())
            .ok_or_else(|| {
                IamError::InvalidInput(format!("Marker `{m}` is not one this account issued"))
            })?,
    };
    let end = start.saturating_add(max).min(items.len());
    let is_truncated = end < items.len();
    Ok(Page {
        items: items.get(start..end).map(<[T]>::to_vec).unwrap_or_default(),
        is_truncated,
        marker: is_truncated.then(|| format!("iamplay-{end}")),
    })
}

impl Account {
    /// An empty account.
    pub fn new(id: impl Into<String>) -> Result<Self, IamError> {
        let id = id.into();
        if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IamError::InvalidInput(format!(
                "account id `{id}` must be 12 digits"
            )));
        }
        Ok(Self {
            id,
            partition: "aws".to_owned(),
            quotas: Quotas::default(),
            roles: BTreeMap::new(),
            policies: BTreeMap::new(),
            profiles: BTreeMap::new(),
        })
    }

    fn arn(&self, kind: &str, path: &str, name: &str) -> String {
        format!("arn:{}:iam::{}:{kind}{path}{name}", self.partition, self.id)
    }

    /// `CreateRole`.
    pub fn create_role(&mut self, input: CreateRole) -> Result<&Role, IamError> {
        check_name("role name", &input.name, MAX_ROLE_NAME)?;
        let path = input.path.unwrap_or_else(|| "/".to_owned());
        check_path(&path)?;
        let description = input.description.unwrap_or_default();
        if description.chars().count() > MAX_DESCRIPTION {
            return Err(IamError::InvalidInput(format!(
                "description is longer than {MAX_DESCRIPTION} characters"
            )));
        }
        check_tags(&input.tags)?;
        let trust_policy = check_document(
            input.trust_policy,
            self.quotas.trust_policy_size,
            "trust policy",
        )?;
        if let Some(boundary) = &input.permissions_boundary {
            self.policy(boundary)?;
        }
        let k = key(&input.name);
        if self.roles.contains_key(&k) {
            return Err(IamError::EntityAlreadyExists(format!(
                "a role named `{}` already exists",
                input.name
            )));
        }
        let role = Role {
            id: unique_id("AROA", &self.id, "role", &input.name),
            arn: self.arn("role", &path, &input.name),
            name: input.name,
            path,
            description,
            trust_policy,
            inline_policies: BTreeMap::new(),
            attached_policies: Vec::new(),
            permissions_boundary: input.permissions_boundary,
            tags: input.tags,
        };
        Ok(self.roles.entry(k).or_insert(role))
    }

    /// `GetRole`.
    pub fn role(&self, name: &str) -> Result<&Role, IamError> {
        self.roles
            .get(&key(name))
            .ok_or_else(|| IamError::NoSuchEntity(format!("the role `{name}` cannot be found")))
    }

    fn role_mut(&mut self, name: &str) -> Result<&mut Role, IamError> {
        self.roles
            .get_mut(&key(name))
            .ok_or_else(|| IamError::NoSuchEntity(format!("the role `{name}` cannot be found")))
    }

    /// Every role, by name.
    pub fn roles(&self) -> impl Iterator<Item = &Role> {
        self.roles.values()
    }

    /// `PutRolePolicy`: add or replace an inline policy.
    pub fn put_role_policy(
        &mut self,
        role: &str,
        name: &str,
        document: PolicyDocument,
    ) -> Result<(), IamError> {
        check_name("policy name", name, MAX_POLICY_NAME)?;
        let quota = self.quotas.inline_policies_size;
        let document = check_document(document, usize::MAX, &format!("inline policy `{name}`"))?;
        let entry = self.role_mut(role)?;
        let others: usize = entry
            .inline_policies
            .iter()
            .filter(|(n, _)| n.as_str() != name)
            .map(|(_, d)| policy_size(&d.text))
            .sum();
        let total = others + policy_size(&document.text);
        if total > quota {
            return Err(IamError::LimitExceeded(format!(
                "inline policies of role `{role}` would total {total} characters (whitespace not counted), over the quota of {quota}"
            )));
        }
        entry.inline_policies.insert(name.to_owned(), document);
        Ok(())
    }

    /// `CreatePolicy`: a customer managed policy.
    pub fn create_policy(
        &mut self,
        name: &str,
        path: Option<&str>,
        document: PolicyDocument,
    ) -> Result<&ManagedPolicy, IamError> {
        check_name("policy name", name, MAX_POLICY_NAME)?;
        let path = path.unwrap_or("/");
        check_path(path)?;
        let document = check_document(
            document,
            self.quotas.managed_policy_size,
            &format!("policy `{name}`"),
        )?;
        let arn = self.arn("policy", path, name);
        if self.policies.values().any(|p| {
            p.arn.eq_ignore_ascii_case(&arn)
                || (p.path == path && p.name.eq_ignore_ascii_case(name))
        }) {
            return Err(IamError::EntityAlreadyExists(format!(
                "a policy named `{name}` already exists"
            )));
        }
        let policy = ManagedPolicy {
            id: unique_id("ANPA", &self.id, "policy", name),
            name: name.to_owned(),
            path: path.to_owned(),
            arn: arn.clone(),
            document,
        };
        Ok(self.policies.entry(arn).or_insert(policy))
    }

    /// Makes an AWS managed policy's document available to this account (AWS managed policies
    /// live in the `aws` account; their documents come from the catalogue or the scenario).
    pub fn add_aws_managed_policy(
        &mut self,
        arn: &str,
        document: PolicyDocument,
    ) -> Result<&ManagedPolicy, IamError> {
        let Some(rest) = arn.strip_prefix(&format!("arn:{}:iam::aws:policy", self.partition))
        else {
            return Err(IamError::InvalidInput(format!(
                "`{arn}` is not an AWS managed policy ARN"
            )));
        };
        let (path, name) = match rest.rfind('/') {
            Some(i) => (
                rest.get(..=i).unwrap_or("/"),
                rest.get(i + 1..).unwrap_or(""),
            ),
            None => ("/", rest),
        };
        check_name("policy name", name, MAX_POLICY_NAME)?;
        let document = check_document(document, usize::MAX, &format!("policy `{name}`"))?;
        let policy = ManagedPolicy {
            id: unique_id("ANPA", "aws", "policy", name),
            name: name.to_owned(),
            path: path.to_owned(),
            arn: arn.to_owned(),
            document,
        };
        self.policies.insert(arn.to_owned(), policy);
        self.policy(arn)
    }

    /// `GetPolicy` by ARN.
    pub fn policy(&self, arn: &str) -> Result<&ManagedPolicy, IamError> {
        self.policies.get(arn).ok_or_else(|| {
            IamError::NoSuchEntity(format!(
                "policy `{arn}` does not exist or is not attachable"
            ))
        })
    }

    /// `AttachRolePolicy`.
    pub fn attach_role_policy(&mut self, role: &str, arn: &str) -> Result<(), IamError> {
        self.policy(arn)?;
        let quota = self.quotas.managed_policies_per_role;
        let entry = self.role_mut(role)?;
        if entry.attached_policies.iter().any(|a| a == arn) {
            return Ok(());
        }
        if entry.attached_policies.len() >= quota {
            return Err(IamError::LimitExceeded(format!(
                "cannot exceed quota for PoliciesPerRole: {quota}"
            )));
        }
        entry.attached_policies.push(arn.to_owned());
        Ok(())
    }

    /// `PutRolePermissionsBoundary`.
    pub fn put_role_permissions_boundary(&mut self, role: &str, arn: &str) -> Result<(), IamError> {
        self.policy(arn)?;
        self.role_mut(role)?.permissions_boundary = Some(arn.to_owned());
        Ok(())
    }

    /// `CreateInstanceProfile`.
    pub fn create_instance_profile(
        &mut self,
        name: &str,
        path: Option<&str>,
        tags: Vec<Tag>,
    ) -> Result<&InstanceProfile, IamError> {
        check_name("instance profile name", name, MAX_INSTANCE_PROFILE_NAME)?;
        let path = path.unwrap_or("/");
        check_path(path)?;
        check_tags(&tags)?;
        let k = key(name);
        if self.profiles.contains_key(&k) {
            return Err(IamError::EntityAlreadyExists(format!(
                "an instance profile named `{name}` already exists"
            )));
        }
        let profile = InstanceProfile {
            id: unique_id("AIPA", &self.id, "instance-profile", name),
            arn: self.arn("instance-profile", path, name),
            name: name.to_owned(),
            path: path.to_owned(),
            roles: Vec::new(),
            tags,
        };
        Ok(self.profiles.entry(k).or_insert(profile))
    }

    /// `GetInstanceProfile`.
    pub fn instance_profile(&self, name: &str) -> Result<&InstanceProfile, IamError> {
        self.profiles.get(&key(name)).ok_or_else(|| {
            IamError::NoSuchEntity(format!("instance profile `{name}` cannot be found"))
        })
    }

    fn instance_profile_mut(&mut self, name: &str) -> Result<&mut InstanceProfile, IamError> {
        self.profiles.get_mut(&key(name)).ok_or_else(|| {
            IamError::NoSuchEntity(format!("instance profile `{name}` cannot be found"))
        })
    }

    /// `ListInstanceProfiles`: by path prefix, in name order, paged.
    pub fn list_instance_profiles(
        &self,
        path_prefix: Option<&str>,
        marker: Option<&str>,
        max_items: Option<usize>,
    ) -> Result<Page<InstanceProfile>, IamError> {
        let prefix = path_prefix.unwrap_or("/");
        if !prefix.starts_with('/') {
            return Err(IamError::InvalidInput(format!(
                "PathPrefix `{prefix}` must start with `/`"
            )));
        }
        let items = self
            .profiles
            .values()
            .filter(|p| p.path.starts_with(prefix))
            .cloned()
            .collect();
        page(items, marker, max_items)
    }

    /// `ListInstanceProfilesForRole`.
    pub fn list_instance_profiles_for_role(
        &self,
        role: &str,
        marker: Option<&str>,
        max_items: Option<usize>,
    ) -> Result<Page<InstanceProfile>, IamError> {
        let role = self.role(role)?;
        let items = self
            .profiles
            .values()
            .filter(|p| p.roles.iter().any(|r| r.eq_ignore_ascii_case(&role.name)))
            .cloned()
            .collect();
        page(items, marker, max_items)
    }

    /// `AddRoleToInstanceProfile`: an instance profile holds at most one role.
    pub fn add_role_to_instance_profile(
        &mut self,
        profile: &str,
        role: &str,
    ) -> Result<(), IamError> {
        let role_name = self.role(role)?.name.clone();
        let quota = self.quotas.roles_per_instance_profile;
        let entry = self.instance_profile_mut(profile)?;
        if entry
            .roles
            .iter()
            .any(|r| r.eq_ignore_ascii_case(&role_name))
        {
            return Err(IamError::EntityAlreadyExists(format!(
                "instance profile `{profile}` already holds role `{role_name}`"
            )));
        }
        if entry.roles.len() >= quota {
            return Err(IamError::LimitExceeded(format!(
                "cannot exceed quota for InstanceSessionsPerInstanceProfile: {quota}"
            )));
        }
        entry.roles.push(role_name);
        Ok(())
    }

    /// `RemoveRoleFromInstanceProfile`.
    pub fn remove_role_from_instance_profile(
        &mut self,
        profile: &str,
        role: &str,
    ) -> Result<(), IamError> {
        let entry = self.instance_profile_mut(profile)?;
        let before = entry.roles.len();
        entry.roles.retain(|r| !r.eq_ignore_ascii_case(role));
        if entry.roles.len() == before {
            return Err(IamError::NoSuchEntity(format!(
                "instance profile `{profile}` does not hold role `{role}`"
            )));
        }
        Ok(())
    }

    /// `DeleteInstanceProfile`: refused while the profile holds a role.
    pub fn delete_instance_profile(&mut self, profile: &str) -> Result<(), IamError> {
        let entry = self.instance_profile(profile)?;
        if let Some(role) = entry.roles.first() {
            return Err(IamError::DeleteConflict(format!(
                "cannot delete instance profile `{profile}`: it holds role `{role}`; remove the role first"
            )));
        }
        self.profiles.remove(&key(profile));
        Ok(())
    }

    /// `TagInstanceProfile`: adds or replaces tags, at most 50 in all.
    pub fn tag_instance_profile(&mut self, profile: &str, tags: Vec<Tag>) -> Result<(), IamError> {
        check_tags(&tags)?;
        let entry = self.instance_profile_mut(profile)?;
        let mut merged = entry.tags.clone();
        for tag in tags {
            match merged
                .iter_mut()
                .find(|t| t.key.eq_ignore_ascii_case(&tag.key))
            {
                Some(existing) => *existing = tag,
                None => merged.push(tag),
            }
        }
        check_tags(&merged)?;
        entry.tags = merged;
        Ok(())
    }

    /// `UntagInstanceProfile`.
    pub fn untag_instance_profile(&mut self, profile: &str, keys: &[&str]) -> Result<(), IamError> {
        let entry = self.instance_profile_mut(profile)?;
        entry
            .tags
            .retain(|t| !keys.iter().any(|k| k.eq_ignore_ascii_case(&t.key)));
        Ok(())
    }

    /// `ListInstanceProfileTags`.
    pub fn list_instance_profile_tags(
        &self,
        profile: &str,
        marker: Option<&str>,
        max_items: Option<usize>,
    ) -> Result<Page<Tag>, IamError> {
        page(
            self.instance_profile(profile)?.tags.clone(),
            marker,
            max_items,
        )
    }
}
