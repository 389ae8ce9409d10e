//! IAM's quotas and length limits in one place, each under the name AWS gives it in "IAM and
//! AWS STS quotas" (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>)
//! or in the IAM API reference: the IAM model, its naming rules and the linter all read them
//! here. Policy sizes count characters, whitespace not counted.

/// "Role trust policy length": 2,048 characters by default.
pub const TRUST_POLICY_SIZE: usize = 2048;

/// "Role trust policy length", the most AWS raises it to on request: 4,096 characters.
pub const TRUST_POLICY_SIZE_MAX: usize = 4096;

/// "Managed policy length": 6,144 characters.
pub const MANAGED_POLICY_SIZE: usize = 6144;

/// Most characters in a service control policy or a resource control policy, whitespace
/// included (AWS Organizations, "Quotas and service limits").
pub const ORGANIZATION_POLICY_SIZE: usize = 5120;

/// "Role policy size" (inline policies): 10,240 characters for all the inline policies of one
/// role together.
pub const INLINE_POLICIES_SIZE: usize = 10_240;

/// "Managed policies attached to an IAM role": 10 by default.
pub const MANAGED_POLICIES_PER_ROLE: usize = 10;

/// "Managed policies attached to an IAM role", the most AWS raises it to on request: 20.
pub const MANAGED_POLICIES_PER_ROLE_MAX: usize = 20;

/// "Roles in an instance profile": 1, and it cannot be raised.
pub const ROLES_PER_INSTANCE_PROFILE: usize = 1;

/// "Role name" length: 64 characters.
pub const MAX_ROLE_NAME: usize = 64;

/// "Instance profile name" length: 128 characters.
pub const MAX_INSTANCE_PROFILE_NAME: usize = 128;

/// "Policy name" length (managed or inline): 128 characters.
pub const MAX_POLICY_NAME: usize = 128;

/// "Path" length: 512 characters.
pub const MAX_PATH: usize = 512;

/// `CreateRole`'s `Description`: at most 1,000 characters.
pub const MAX_DESCRIPTION: usize = 1000;

/// "Tags per IAM resource": 50.
pub const MAX_TAGS: usize = 50;

/// "Tag key" length: 128 characters.
pub const MAX_TAG_KEY: usize = 128;

/// "Tag value" length: 256 characters.
pub const MAX_TAG_VALUE: usize = 256;

/// `MaxItems` of the IAM `List…` operations: at most 1,000 items a page.
pub const MAX_ITEMS: usize = 1000;

/// `MaxItems` of the IAM `List…` operations when it is not given: 100.
pub const DEFAULT_MAX_ITEMS: usize = 100;
