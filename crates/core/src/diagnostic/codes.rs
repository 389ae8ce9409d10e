//! The registry of every diagnostic code, by the stage that reports it: the JSON reader, the
//! policy reader, the compiler, the linter, the scenario reader and the IAM model. A code is
//! unique within its stage; two stages may share one (`wrong-type` in a policy and in a
//! scenario), which a diagnostic's [`Stage`] tells apart.

use crate::diagnostic::Severity;
use std::fmt;

/// The stage of the pipeline that reports a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// The JSON reader: the text is not the JSON a document must be.
    Json,
    /// The policy reader: the JSON is not a policy document.
    Policy,
    /// The compiler: the policy is not valid for its type, or a condition cannot be read.
    Compile,
    /// The linter's checks, against AWS's catalogue ([`crate::lint::CHECKS`]).
    Lint,
    /// The scenario reader: the JSON is not a scenario.
    Scenario,
    /// The IAM model: IAM's own error for an operation the scenario makes.
    Iam,
    /// The importers: a file is not the output, plan or template it should be, or does not
    /// hold what a scenario needs.
    Import,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 7] = [
        Stage::Json,
        Stage::Policy,
        Stage::Compile,
        Stage::Lint,
        Stage::Scenario,
        Stage::Iam,
        Stage::Import,
    ];

    /// The stage's name: `json`, `policy`, `compile`, `lint`, `scenario`, `iam` or `import`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Json => "json",
            Stage::Policy => "policy",
            Stage::Compile => "compile",
            Stage::Lint => "lint",
            Stage::Scenario => "scenario",
            Stage::Iam => "iam",
            Stage::Import => "import",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One diagnostic code: the stage that reports it, its class and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The stable code diagnostics carry.
    pub code: &'static str,
    /// The stage that reports it.
    pub stage: Stage,
    /// The class of its diagnostics (for a check, its most serious class).
    pub severity: Severity,
    /// What it reports, in a sentence.
    pub summary: &'static str,
}

const fn error(stage: Stage, code: &'static str, summary: &'static str) -> Code {
    Code {
        code,
        stage,
        severity: Severity::Error,
        summary,
    }
}

const fn warning(stage: Stage, code: &'static str, summary: &'static str) -> Code {
    Code {
        code,
        stage,
        severity: Severity::Warning,
        summary,
    }
}

use Stage::{Compile, Iam, Import, Json, Policy, Scenario};

/// Every code but the linter's checks, which are [`crate::lint::CHECKS`]; [`all`] has both.
#[rustfmt::skip]
pub const CODES: &[Code] = &[
    // The JSON reader.
    error(Json, "json-syntax", "the text is not valid JSON"),
    error(Json, "size-limit", "the document is over 256 KiB, far beyond any IAM quota; it is not read"),
    error(Json, "duplicate-key", "the same key twice in one JSON object"),
    // The policy reader.
    error(Policy, "wrong-type", "an element has the wrong JSON type, e.g. `Effect` as a number"),
    error(Policy, "unknown-element", "an element IAM does not know, e.g. `Actions`"),
    error(Policy, "over-limit", "more than 1,000 statements, 5,000 values in one element or 128 wildcards in one value, far beyond any policy IAM's size quotas hold; what is over is not read"),
    error(Policy, "missing-element", "a required element is missing: `Statement`, `Effect` or `Action`/`NotAction`"),
    error(Policy, "invalid-version", "`Version` is neither `2012-10-17` nor `2008-10-17`"),
    error(Policy, "empty-element", "`Statement`, `NotAction`, `NotResource` or `NotPrincipal` is empty"),
    error(Policy, "conflicting-elements", "a statement has both an element and its `Not…` form"),
    error(Policy, "invalid-effect", "`Effect` is neither `Allow` nor `Deny`"),
    error(Policy, "invalid-principal", "`Principal` is a string other than `*`"),
    // The compiler.
    error(Compile, "principal-in-identity-policy", "`Principal` in a policy type that does not take one"),
    error(Compile, "missing-principal", "a resource-based policy statement without `Principal`"),
    error(Compile, "missing-resource", "an identity-based policy statement without `Resource`"),
    error(Compile, "unknown-operator", "a condition operator IAM does not have"),
    warning(Compile, "invalid-condition-value", "a condition value the operator cannot read, e.g. a malformed date: IAM accepts it, and the condition never matches"),
    // The scenario reader.
    error(Scenario, "wrong-type", "a field has the wrong JSON type, e.g. `account` as a string"),
    error(Scenario, "unknown-field", "a field the scenario format does not have"),
    error(Scenario, "missing-field", "a required field is missing, e.g. `scenarioVersion` or `account`"),
    error(Scenario, "limit", "an array with more items than the scenario format takes"),
    error(Scenario, "unsupported-version", "a `scenarioVersion` other than the one iamplay reads"),
    error(Scenario, "invalid-date", "a `now` that is not an ISO 8601 date"),
    error(Scenario, "invalid-instance-id", "an instance id other than `i-` and hexadecimal digits"),
    error(Scenario, "invalid-value", "a value the field does not take: an IMDS version, an IPv4 address or a decision"),
    error(Scenario, "invalid-context", "a context value other than a string, an array of strings or a typed value"),
    error(Scenario, "invalid-action", "a request's action not written `service:Action`"),
    // IAM's errors, for the operations a scenario's account makes.
    error(Iam, "EntityAlreadyExists", "a role, managed policy or instance profile with that name already exists"),
    error(Iam, "NoSuchEntity", "a role, managed policy or instance profile that does not exist"),
    error(Iam, "LimitExceeded", "over an IAM quota, e.g. a second role in an instance profile"),
    error(Iam, "DeleteConflict", "an entity that cannot be deleted while another one uses it"),
    error(Iam, "MalformedPolicyDocument", "a policy document IAM refuses: invalid, or over its size quota"),
    error(Iam, "InvalidInput", "a name, path, tag or other value IAM refuses"),
    // The importers.
    error(Import, "unknown-output", "a file that is none of the AWS CLI outputs, Terraform JSON or CloudFormation templates iamplay imports"),
    error(Import, "size-limit", "a YAML file over the import limit of 128 MiB"),
    error(Import, "yaml-syntax", "a YAML file that cannot be read: bad syntax, an unknown tag, an alias to no anchor, or over the limits of nesting and size"),
    error(Import, "unknown-value", "a Terraform value known only after apply that the configuration does not settle"),
    error(Import, "unresolved", "a CloudFormation value the template alone does not give: `Fn::ImportValue`, a parameter without a value, a generated id"),
    error(Import, "unknown-parameter", "a parameter given that the template does not declare"),
    warning(Import, "stand-in-name", "a CloudFormation resource whose name the template leaves to CloudFormation: its logical id stands in"),
    error(Import, "wrong-type", "a field of an AWS CLI output, a plan or a template with the wrong type"),
    error(Import, "missing-field", "a field every such AWS CLI output has is missing"),
    error(Import, "truncated-output", "one page of a paginated output (`IsTruncated`): the other pages would be missing"),
    error(Import, "invalid-document", "a policy document that is not JSON, or URL-encoded but not as UTF-8"),
    error(Import, "missing-document", "a trust policy or managed policy the scenario needs whose document the import does not hold"),
    error(Import, "missing-role", "an instance profile's role the import does not describe"),
    error(Import, "ambiguous-output", "an output that names no role or policy, where the import does not make clear whose it is"),
    error(Import, "not-default-version", "a policy version that is not the policy's default version"),
    error(Import, "no-account", "no ARN in the import names the account"),
    error(Import, "no-profile", "no instance profile, and not exactly one role to make one for"),
    error(Import, "no-such-profile", "the instance profile asked for is not in the import"),
    error(Import, "choose-profile", "several instance profiles, and none chosen"),
    warning(Import, "incomplete-role", "a role not from `get-account-authorization-details`, whose policies may not all be in the import"),
];

/// Every code, in pipeline order: the readers' and the compiler's, the linter's checks, then the
/// scenario reader's and IAM's.
pub fn all() -> impl Iterator<Item = Code> {
    let stages = |keep: fn(Stage) -> bool| CODES.iter().copied().filter(move |c| keep(c.stage));
    stages(|s| s < Stage::Lint)
        .chain(crate::lint::CHECKS.iter().map(|c| c.entry()))
        .chain(stages(|s| s > Stage::Lint))
}

/// The stage of `code`: the first in pipeline order with that code, for a code two stages share
/// (the later stages make their diagnostics with their own stage).
pub fn stage_of(code: &str) -> Option<Stage> {
    all().find(|c| c.code == code).map(|c| c.stage)
}

#[cfg(test)]
mod tests;
