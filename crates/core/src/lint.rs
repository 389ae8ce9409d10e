//! The linter: findings in Access Analyzer's four classes (error, security warning, warning,
//! suggestion), each with a stable code, a message, help and the span it is about, using AWS's
//! catalogue of services, actions, resource types and condition keys.

mod checks;

use crate::compile::{PolicyType, compile_read};
use crate::diagnostic::{Diagnostic, Severity};
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
    let read = read_policy(text);
    let mut findings = read.diagnostics;
    let kind = kind.unwrap_or_else(|| match &read.policy {
        Some(p) if p.statements.iter().any(|s| s.principal.is_some()) => PolicyType::Resource,
        _ => PolicyType::Identity,
    });
    if let Some(policy) = &read.policy {
        let _ = compile_read("policy", kind, text, policy, &mut findings);
        checks::run(text, kind, policy, &mut findings);
    }
    findings.sort_by_key(|d| (d.span.start, d.span.end, d.severity));
    findings.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    (read.policy, kind, findings)
}

/// A finding of a given class.
pub(crate) fn finding(
    severity: Severity,
    code: &'static str,
    message: impl Into<String>,
    span: crate::span::Span,
    help: impl Into<String>,
) -> Diagnostic {
    let mut d = Diagnostic::error(code, message, span).with_help(help);
    d.severity = severity;
    d
}

#[cfg(test)]
mod tests;
