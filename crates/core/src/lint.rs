//! The linter: findings in Access Analyzer's four classes (error, security warning, warning,
//! suggestion), each with a stable code, a message, help and the span it is about, using AWS's
//! catalogue of services, actions, resource types and condition keys.

// One module for each section of `CHECKS` (see `Section`), and the helpers they share: the
// catalogue's condition keys, and wildcard patterns.
mod actions;
mod condition_keys;
mod conditions;
mod grants;
mod pattern;
mod policy;
mod principals;
mod rcp;
mod resources;

use crate::catalog::catalog;
use crate::compile::{CompiledPolicy, PolicyType, compile_read};
use crate::diagnostic::codes::Code;
use crate::diagnostic::{Diagnostic, Severity, Stage};
use crate::policy::{Policy, read_policy};

/// Every finding for a policy document of a given type: the reader's and compiler's errors,
/// then the checks, in source order.
pub fn lint_policy(text: &str, kind: PolicyType) -> Vec<Diagnostic> {
    lint_read(text, Some(kind)).2
}

/// [`lint_policy`], reading the text once and returning the policy as read with the kind it was
/// linted as. Without a `kind`, a policy with a `Principal` or `NotPrincipal` is linted as
/// resource-based, any other as identity-based.
pub fn lint_read(
    text: &str,
    kind: Option<PolicyType>,
) -> (Option<Policy>, PolicyType, Vec<Diagnostic>) {
    let linted = lint_document(text, kind);
    (linted.policy, linted.kind, linted.findings)
}

/// A policy read, compiled once and linted.
#[derive(Debug, Clone, PartialEq)]
pub struct Linted {
    /// The policy as read.
    pub policy: Option<Policy>,
    /// The policy compiled, when the reader and the compiler found no error (the linter's own
    /// errors do not stop it from being evaluated).
    pub compiled: Option<CompiledPolicy>,
    /// The kind it was linted as.
    pub kind: PolicyType,
    /// Every finding, in source order.
    pub findings: Vec<Diagnostic>,
}

/// Whether a check applies to a VPC endpoint's policy, which is linted as a resource-based
/// policy. `public-access` does not: an endpoint is reached only from inside its VPC, and AWS's
/// default endpoint policy is `"Principal": "*"` ("Control access to VPC endpoints using endpoint
/// policies", AWS PrivateLink guide).
pub fn applies_to_endpoint_policy(code: &str) -> bool {
    code != "public-access"
}

/// Reads, compiles (once) and lints a policy typed on its own, as [`lint_read`] does.
pub fn lint_document(text: &str, kind: Option<PolicyType>) -> Linted {
    let read = read_policy(text);
    let mut findings = read.diagnostics;
    let kind = kind.unwrap_or_else(|| match &read.policy {
        Some(p) if p.statements.iter().any(|s| s.principal.is_some()) => PolicyType::Resource,
        _ => PolicyType::Identity,
    });
    let mut compiled = None;
    if let Some(policy) = &read.policy {
        let mut compile_findings = Vec::new();
        let policy_compiled = compile_read(
            "policy",
            kind,
            &std::sync::Arc::from(text),
            std::sync::Arc::new(crate::origin::Origin::text()),
            policy,
            &mut compile_findings,
        );
        if !crate::diagnostic::has_errors(&findings)
            && !crate::diagnostic::has_errors(&compile_findings)
        {
            compiled = Some(policy_compiled);
        }
        findings.extend(compile_findings);
        checks(text, kind, policy, &mut findings);
        // `NullIfExists` has its own code; the compiler's `unknown-operator` would repeat it.
        let null_if_exists: Vec<crate::span::Span> = findings
            .iter()
            .filter(|d| d.code == "null-with-if-exists")
            .map(|d| d.span)
            .collect();
        findings.retain(|d| d.code != "unknown-operator" || !null_if_exists.contains(&d.span));
    }
    crate::sort::sort_by_key(&mut findings, |d| (d.span.start, d.span.end, d.severity));
    findings.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    Linted {
        policy: read.policy,
        compiled,
        kind,
        findings,
    }
}

/// Every check of the linter on a policy the reader could read. Findings on the same span and of
/// the same class are listed in the order they are made here.
/// The checks that need AWS's catalogue are skipped while it is not loaded.
fn checks(text: &str, kind: PolicyType, policy: &Policy, out: &mut Vec<Diagnostic>) {
    let catalog = catalog();
    let known = crate::catalog::is_loaded();
    policy::version(policy, out);
    policy::size(text, kind, policy, out);
    for statement in &policy.statements {
        if known {
            actions::run(catalog, statement, out);
            resources::types(catalog, policy, statement, out);
        }
        principals::principal(policy, statement, out);
        grants::allow(statement, out);
        conditions::empty_object(statement, out);
        policy::empty_arrays(statement, out);
        if known {
            conditions::types(catalog, policy, statement, out);
        }
    }
    policy::sids(kind, policy, out);
    policy::variable_syntax(policy, out);
    policy::old_version(policy, out);
    for statement in &policy.statements {
        grants::any_resource(kind, statement, out);
        resources::redundant(statement, out);
    }
    if known {
        policy::redundant_statements(catalog, policy, out);
    }
    principals::run(kind, policy, out);
    rcp::run(kind, policy, out);
    for statement in &policy.statements {
        resources::arns(statement, out);
        if known {
            conditions::run(catalog, policy, statement, out);
        }
    }
}

/// A finding of a given class.
pub(crate) fn finding(
    severity: Severity,
    code: &'static str,
    message: impl Into<String>,
    span: crate::span::Span,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(Stage::Lint, severity, code, message, span).with_help(help)
}

/// A section of [`CHECKS`]: what its checks are about. Each section's checks are made in a
/// module of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// The policy as a whole: `Version`, size, statement IDs, redundant statements.
    Policy,
    /// `Action` and `NotAction`.
    Actions,
    /// `Resource` and `NotResource`.
    Resources,
    /// What an `Allow` or a `Deny` grants.
    Grants,
    /// `Principal`, `NotPrincipal` and role trust policies.
    Principals,
    /// `Condition` blocks.
    Conditions,
    /// Resource control policies.
    ResourceControl,
}

/// One check of the linter: a finding code, its section, its class and what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// What the check is about.
    pub section: Section,
    /// The stable code findings carry.
    pub code: &'static str,
    /// The class of its findings (`duplicate-sid` is an error in IAM policies and a warning
    /// elsewhere; it is listed with its most serious class).
    pub severity: Severity,
    /// What it reports, in a sentence.
    pub summary: &'static str,
}

impl Check {
    /// The check's entry in the registry of every diagnostic code.
    pub const fn entry(&self) -> Code {
        Code {
            code: self.code,
            stage: Stage::Lint,
            severity: self.severity,
            summary: self.summary,
        }
    }
}

/// How many wildcard values of one `Action` or `Resource` list the `redundant-action` and
/// `redundant-resource` checks try as covering the others. Each other value is compared with
/// each of them, so a list of 5,000 wildcard values would take 25,000,000 comparisons (the lint
/// fuzz target found one of 1,095 taking 60 ms); AWS's managed policies have at most 377.
pub(crate) const MAX_COVERING_PATTERNS: usize = 512;

const fn check(
    section: Section,
    code: &'static str,
    severity: Severity,
    summary: &'static str,
) -> Check {
    Check {
        section,
        code,
        severity,
        summary,
    }
}

use Section as S;
use Severity::{Error, SecurityWarning, Suggestion, Warning};

/// Every code [`lint_policy`] can report: the JSON reader's, the policy reader's and the
/// compiler's errors (from [`crate::diagnostic::codes::CODES`]), then the checks'.
pub fn codes() -> impl Iterator<Item = Code> {
    crate::diagnostic::codes::all().filter(|c| c.stage <= Stage::Lint)
}

/// The linter's checks, by section. Each of them, like each of the readers' and the compiler's
/// codes, has a case file `tests/lint/<code>.json` with a policy that gets it and one that does
/// not.
#[rustfmt::skip]
pub const CHECKS: &[Check] = &[
    // The policy as a whole.
    check(S::Policy, "missing-version", Warning, "no `Version`: policy variables are literal text"),
    check(S::Policy, "variables-in-old-version", Error, "`${…}` in a `2008-10-17` policy or one without `Version`, where it is literal text"),
    check(S::Policy, "old-version", Suggestion, "`Version` `2008-10-17`, an earlier version of the language"),
    check(S::Policy, "policy-too-large", Error, "the policy is over its size quota: IAM's for managed and trust policies (a warning), AWS Organizations' for SCPs and RCPs (an error)"),
    check(S::Policy, "duplicate-sid", Error, "two statements with the same `Sid`"),
    check(S::Policy, "invalid-sid", Error, "a `Sid` with characters other than A–Z, a–z and 0–9 in an IAM policy"),
    check(S::Policy, "empty-sid", Suggestion, "an empty `Sid`"),
    check(S::Policy, "variable-syntax", Error, "a policy variable IAM cannot read: `${` without `}`, `${}`, or a default value without single quotes"),
    check(S::Policy, "empty-array", Suggestion, "an empty `Action`, `Resource` or `Principal`: the statement applies to nothing"),
    check(S::Policy, "redundant-statement", Suggestion, "a statement another statement already covers without conditions"),
    // Actions.
    check(S::Actions, "invalid-action", Error, "an action not written `service:Action`"),
    check(S::Actions, "unknown-service", Error, "an action whose service prefix is not in AWS's catalogue"),
    check(S::Actions, "unknown-action", Error, "an action its service does not have"),
    check(S::Actions, "action-matches-nothing", Error, "an action pattern that matches no action"),
    check(S::Actions, "action-case", Suggestion, "an action spelled in a different case from the catalogue"),
    check(S::Actions, "wildcard-in-service-name", Suggestion, "a wildcard inside a service name, in an action or an ARN"),
    check(S::Actions, "redundant-action", Suggestion, "an action another action of the statement covers"),
    // Resources.
    check(S::Resources, "invalid-arn", Error, "a resource that is not an ARN or lacks ARN fields"),
    check(S::Resources, "invalid-partition", Error, "an ARN partition AWS does not have"),
    check(S::Resources, "arn-service-case", Error, "an ARN service name with uppercase letters"),
    check(S::Resources, "invalid-account-id", Error, "an ARN account field that is not a 12-digit account ID"),
    check(S::Resources, "arn-region-not-allowed", Error, "a Region in an ARN whose formats have none"),
    check(S::Resources, "arn-account-not-allowed", Error, "an account ID in an ARN whose formats have none"),
    check(S::Resources, "redundant-resource", Suggestion, "a resource another resource of the statement covers"),
    check(S::Resources, "variable-not-allowed", Warning, "a policy variable before the resource part of a `Resource` ARN, where IAM does not replace it"),
    check(S::Resources, "no-resource-level-permissions", Warning, "an action without resource-level permissions with a specific `Resource`"),
    check(S::Resources, "resource-type-mismatch", Error, "an action whose resource types no `Resource` of the statement can be"),
    // Grants.
    check(S::Grants, "full-access", SecurityWarning, "`Allow` of every action on every resource"),
    check(S::Grants, "allow-not-action", SecurityWarning, "`Allow` with `NotAction` on every resource"),
    check(S::Grants, "allow-not-resource", SecurityWarning, "`Allow` with `NotResource`"),
    check(S::Grants, "deny-all", Warning, "an identity-based policy that denies every action on every resource, unconditionally"),
    check(S::Grants, "pass-role-any-resource", SecurityWarning, "`iam:PassRole` on every resource"),
    check(S::Grants, "pass-role-without-service", SecurityWarning, "`iam:PassRole` without an `iam:PassedToService` condition"),
    check(S::Grants, "privilege-escalation", SecurityWarning, "an IAM action on every resource that lets a principal raise its own permissions"),
    check(S::Grants, "assume-any-role", SecurityWarning, "`sts:AssumeRole` on every role, unconditionally"),
    check(S::Grants, "create-slr-any-resource", Warning, "`iam:CreateServiceLinkedRole` on every resource without `iam:AWSServiceName`"),
    // Principals and trust policies.
    check(S::Principals, "allow-with-not-principal", SecurityWarning, "`Allow` with `NotPrincipal`"),
    check(S::Principals, "deny-with-not-principal", Warning, "`Deny` with `NotPrincipal`"),
    check(S::Principals, "public-access", SecurityWarning, "a resource-based policy that allows everyone, with no narrowing condition"),
    check(S::Principals, "principal-wildcard", Error, "a wildcard inside a principal value"),
    check(S::Principals, "principal-unique-id", Warning, "a principal named by an IAM unique ID instead of its ARN"),
    check(S::Principals, "unknown-service-principal", Warning, "a `Service` principal not in the form `service.amazonaws.com`"),
    check(S::Principals, "trust-any-principal", SecurityWarning, "a trust policy that lets any AWS principal assume the role"),
    check(S::Principals, "trust-no-service", Warning, "a trust policy that trusts no AWS service"),
    check(S::Principals, "trust-with-resource", Error, "a role trust policy with `Resource` or `NotResource`"),
    check(S::Principals, "trust-not-principal", Error, "`NotPrincipal` in a role trust policy, which IAM refuses"),
    check(S::Principals, "trust-invalid-action", Error, "a role trust policy action other than the STS actions of assuming a role"),
    check(S::Principals, "github-oidc-without-sub", SecurityWarning, "a trust of GitHub's OIDC provider without a `sub` condition"),
    // Conditions.
    check(S::Conditions, "empty-condition", Suggestion, "an empty `Condition`, or an operator block with no keys"),
    check(S::Conditions, "empty-condition-values", Suggestion, "a condition key with no values"),
    check(S::Conditions, "null-with-if-exists", Error, "`NullIfExists`, which IAM does not have"),
    check(S::Conditions, "null-with-set-operator", Suggestion, "`Null` with `ForAllValues` or `ForAnyValue`"),
    check(S::Conditions, "invalid-condition-key", Error, "a condition key not written `service:keyname`"),
    check(S::Conditions, "unknown-condition-key", Error, "a condition key AWS does not document"),
    check(S::Conditions, "missing-tag-key", Error, "a tag condition key without its tag key, e.g. `aws:ResourceTag`"),
    check(S::Conditions, "deprecated-condition-key", Warning, "`aws:ARN`, a deprecated key"),
    check(S::Conditions, "duplicate-condition-key", Error, "the same condition key twice in one block, in different case"),
    check(S::Conditions, "condition-key-case", Suggestion, "a condition key spelled in a different case from the catalogue"),
    check(S::Conditions, "condition-key-not-supported", Warning, "a service condition key none of the statement's actions supports"),
    check(S::Conditions, "set-operator-on-single-valued-key", SecurityWarning, "`ForAllValues` or `ForAnyValue` on a single-valued key"),
    check(S::Conditions, "for-all-values-with-allow", SecurityWarning, "`ForAllValues` in an `Allow` without requiring the key"),
    check(S::Conditions, "operator-type-mismatch", Warning, "an operator for another type than the key's"),
    check(S::Conditions, "string-operator-on-arn-key", SecurityWarning, "a string operator on a key of type ARN, which compares it as plain text"),
    check(S::Conditions, "variable-for-operator", Error, "a policy variable in a value of an operator that does not replace it (numeric, date, IP, binary, `Null`)"),
    check(S::Conditions, "missing-qualifier", Error, "a multivalued key without `ForAllValues:` or `ForAnyValue:`"),
    check(S::Conditions, "wildcard-without-like", Warning, "`*` or `?` in a value of an operator that compares literally"),
    check(S::Conditions, "duplicate-condition-value", Suggestion, "the same value twice for one condition key"),
    check(S::Conditions, "unknown-variable", Warning, "a policy variable naming no key AWS documents"),
    check(S::Conditions, "allow-insecure-transport", SecurityWarning, "`Allow` of requests with `aws:SecureTransport` `false`"),
    check(S::Conditions, "mfa-without-if-exists", Warning, "an `aws:MultiFactorAuthPresent` test that misses requests signed with access keys"),
    check(S::Conditions, "private-ip-in-source-ip", Error, "a private address range for `aws:SourceIp`, which never matches"),
    check(S::Conditions, "cidr-host-bits", Suggestion, "a CIDR block with bits set after its prefix"),
    check(S::Conditions, "missing-paired-condition-key", SecurityWarning, "`aws:VpcSourceIp` without `aws:SourceVpc`"),
    check(S::Conditions, "invalid-org-id", Warning, "an organization ID condition value not in the form `o-…`"),
    check(S::Conditions, "invalid-account-id-value", Warning, "an account ID condition value that is not 12 digits"),
    check(S::Conditions, "epoch-date", Warning, "a date condition value in epoch seconds"),
    // Resource control policies.
    check(S::ResourceControl, "rcp-allow", Error, "an RCP `Allow` statement other than AWS's RCPFullAWSAccess"),
    check(S::ResourceControl, "rcp-not-principal", Error, "`NotPrincipal` in an RCP"),
    check(S::ResourceControl, "rcp-principal-not-wildcard", Error, "an RCP `Principal` other than `\"*\"`"),
];

#[cfg(test)]
mod tests;
