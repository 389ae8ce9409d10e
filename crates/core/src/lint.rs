//! The linter: findings in Access Analyzer's four classes (error, security warning, warning,
//! suggestion), each with a stable code, a message, help and the span it is about, using AWS's
//! catalogue of services, actions, resource types and condition keys.

mod checks;

use crate::compile::{PolicyType, compile_policy};
use crate::diagnostic::{Diagnostic, Severity};
use crate::policy::read_policy;

/// Every finding for a policy document of a given type: the reader's and compiler's errors,
/// then the checks, in source order.
pub fn lint_policy(text: &str, kind: PolicyType) -> Vec<Diagnostic> {
    let (_, mut findings) = compile_policy("policy", kind, text);
    if let Some(policy) = read_policy(text).policy {
        checks::run(text, kind, &policy, &mut findings);
    }
    findings.sort_by_key(|d| (d.span.start, d.span.end, d.severity));
    findings.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    findings
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
