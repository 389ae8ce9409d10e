//! The IAM policy document model: what a policy says, with the span of every element.

mod kind;
pub(crate) mod print;
mod read;
#[cfg(test)]
mod tests;

pub use kind::{PolicyType, UnknownPolicyType};
pub use read::{
    MAX_POLICY_BYTES, MAX_POLICY_DEPTH, MAX_POLICY_STATEMENTS, MAX_VALUES, MAX_WILDCARDS,
    PolicyRead, read_policy,
};

use crate::span::{Span, Spanned};
use std::fmt;

/// The policy language version named in `Version`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `2012-10-17`: the current language, with policy variables.
    V2012_10_17,
    /// `2008-10-17`: the old language; `${…}` is literal text.
    V2008_10_17,
}

impl Version {
    /// The version string as written in a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2012_10_17 => "2012-10-17",
            Version::V2008_10_17 => "2008-10-17",
        }
    }
}

/// A whole policy document.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// `Version`, if present.
    pub version: Option<Spanned<Version>>,
    /// `Id`, if present.
    pub id: Option<Spanned<String>>,
    /// The statements that could be read, in source order.
    pub statements: Vec<Statement>,
    /// The whole document.
    pub span: Span,
}

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// `Allow`
    Allow,
    /// `Deny`
    Deny,
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        })
    }
}

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Position in the `Statement` list, from 0.
    pub index: usize,
    /// `Sid`, if present.
    pub sid: Option<Spanned<String>>,
    /// `Effect`.
    pub effect: Spanned<Effect>,
    /// `Principal` or `NotPrincipal`, if present.
    pub principal: Option<PrincipalElement>,
    /// `Action` or `NotAction`.
    pub action: Option<ValueList>,
    /// `Resource` or `NotResource`, if present.
    pub resource: Option<ValueList>,
    /// `Condition` blocks, operator by operator.
    pub conditions: Vec<Condition>,
    /// The `Condition` element, key and value, when there is one.
    pub condition_span: Option<Span>,
    /// The whole statement object.
    pub span: Span,
}

/// `Action`/`NotAction` or `Resource`/`NotResource`: one string or an array of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueList {
    /// Whether this is the `Not…` form.
    pub negated: bool,
    /// The values, each with its span.
    pub values: Vec<Spanned<String>>,
    /// The element's name, key included, through the end of its value.
    pub span: Span,
}

/// `Principal` or `NotPrincipal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalElement {
    /// Whether this is `NotPrincipal`.
    pub negated: bool,
    /// What it names.
    pub principal: Principal,
    /// The element, key included.
    pub span: Span,
}

/// What a `Principal` element names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// `"*"`: everyone.
    Any,
    /// An object of principal types and their values.
    Typed(Vec<(PrincipalType, Vec<Spanned<String>>)>),
}

/// The kinds of principal a `Principal` object may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrincipalType {
    /// `AWS`: accounts, users, roles, sessions.
    Aws,
    /// `Service`: AWS services such as `ec2.amazonaws.com`.
    Service,
    /// `Federated`: identity providers.
    Federated,
    /// `CanonicalUser`: S3 canonical user ids.
    CanonicalUser,
}

impl PrincipalType {
    /// All principal types, in the order AWS documents them.
    pub const ALL: [PrincipalType; 4] = [
        PrincipalType::Aws,
        PrincipalType::Service,
        PrincipalType::Federated,
        PrincipalType::CanonicalUser,
    ];

    /// The key as written in a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalType::Aws => "AWS",
            PrincipalType::Service => "Service",
            PrincipalType::Federated => "Federated",
            PrincipalType::CanonicalUser => "CanonicalUser",
        }
    }
}

/// One operator's block inside `Condition`, e.g. `"StringEquals": { "aws:SourceVpc": "vpc-1" }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The operator, as written.
    pub operator: Spanned<String>,
    /// Each condition key with its values.
    pub entries: Vec<ConditionEntry>,
}

/// One key and its values inside an operator block.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionEntry {
    /// The condition key, as written.
    pub key: Spanned<String>,
    /// The values; JSON numbers and booleans are kept as their text, as AWS does.
    pub values: Vec<Spanned<String>>,
}
