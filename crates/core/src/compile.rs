//! Compiling a read policy once into matchers, so it can be evaluated many times cheaply.

use crate::arn::{ArnPattern, resource_part_offset};
use crate::condition::{CompiledCondition, Operator, ValueProblem};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::glob::Glob;
use crate::origin::Origin;
use crate::policy::{Effect, Policy, Principal, PrincipalType, Version, read_policy};
use crate::span::Span;
use crate::variables::Template;
use std::sync::Arc;

pub use crate::policy::{PolicyType, UnknownPolicyType};

/// A policy ready for evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledPolicy {
    /// The name the explanation uses (e.g. `PolicyInputList.1` or a managed policy's name).
    pub name: String,
    /// Its type.
    pub policy_type: PolicyType,
    /// The document it was written in, and how its spans map there.
    pub origin: Arc<Origin>,
    /// The source text; statement spans are offsets into it.
    pub text: Arc<str>,
    /// Whether policy variables are recognised (`Version` 2012-10-17).
    pub variables: bool,
    /// The statements, in order.
    pub statements: Vec<CompiledStatement>,
}

/// A statement ready for evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledStatement {
    /// Position in the policy, from 0.
    pub index: usize,
    /// `Sid`, if any.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// The whole statement.
    pub span: Span,
    /// `Principal`/`NotPrincipal`.
    pub principal: Option<PrincipalMatcher>,
    /// `Action`/`NotAction`.
    pub action: Option<Matcher<Glob>>,
    /// `Resource`/`NotResource`.
    pub resource: Option<Matcher<ResourcePattern>>,
    /// Every key of every operator block; all must hold.
    pub conditions: Vec<CompiledCondition>,
}

/// A compiled list of values and whether it is the `Not…` form.
#[derive(Debug, Clone, PartialEq)]
pub struct Matcher<T> {
    /// `NotAction`/`NotResource`/`NotPrincipal`.
    pub negated: bool,
    /// The compiled values.
    pub patterns: Vec<T>,
    /// The values as written.
    pub written: Vec<String>,
    /// The element, key included.
    pub span: Span,
}

/// `Principal`/`NotPrincipal`, compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalMatcher {
    /// `NotPrincipal`.
    pub negated: bool,
    /// `"*"`.
    pub any: bool,
    /// Each type with its values.
    pub values: Vec<(PrincipalType, String)>,
    /// The element.
    pub span: Span,
}

/// A `Resource` value: a fixed ARN pattern, or one with policy variables in its resource part.
#[derive(Debug, Clone, PartialEq)]
pub enum ResourcePattern {
    /// No variables.
    Fixed(ArnPattern),
    /// Resolved against each request's context.
    Template(Template),
}

/// A policy document as IAM receives it, compiled once: its text, the compiled policy (when it
/// could be read) and every diagnostic, with spans in the policy's own text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyDocument {
    /// The text as written.
    pub text: Arc<str>,
    /// The compiled policy, when the text could be read.
    pub policy: Option<CompiledPolicy>,
    /// Every problem the reader and the compiler found.
    pub diagnostics: Vec<Diagnostic>,
}

impl PolicyDocument {
    /// Reads and compiles `text`, written at `origin`, as a policy of `policy_type` named `name`.
    pub fn compile(name: &str, policy_type: PolicyType, text: &str, origin: Origin) -> Self {
        let text: Arc<str> = Arc::from(text);
        let read = read_policy(&text);
        let mut diagnostics = read.diagnostics;
        let policy = read.policy.map(|policy| {
            let origin = Arc::new(origin);
            compile_read(name, policy_type, &text, origin, &policy, &mut diagnostics)
        });
        crate::sort::sort_by_key(&mut diagnostics, |d| (d.span.start, d.span.end));
        Self {
            text,
            policy,
            diagnostics,
        }
    }

    /// An identity-based policy's text given on its own, named `policy`.
    pub fn identity(text: &str) -> Self {
        Self::compile("policy", PolicyType::Identity, text, Origin::text())
    }

    /// A role trust policy's text given on its own.
    pub fn trust(text: &str) -> Self {
        Self::compile("trust policy", PolicyType::Trust, text, Origin::text())
    }

    /// Whether the document has errors (AWS would reject it).
    pub fn has_errors(&self) -> bool {
        crate::diagnostic::has_errors(&self.diagnostics)
    }

    /// The compiled policy, when it has no errors.
    pub fn usable(self) -> Option<CompiledPolicy> {
        if self.has_errors() { None } else { self.policy }
    }
}

/// Read and compile a policy typed on its own. Returns the policy (when it could be read) and
/// every diagnostic; a policy with errors should not be evaluated, as AWS would reject it.
pub fn compile_policy(
    name: &str,
    policy_type: PolicyType,
    text: &str,
) -> (Option<CompiledPolicy>, Vec<Diagnostic>) {
    let document = PolicyDocument::compile(name, policy_type, text, Origin::text());
    (document.policy, document.diagnostics)
}

#[cfg(test)]
thread_local! {
    /// Policies compiled on this thread, for tests that count them.
    pub(crate) static COMPILATIONS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

pub(crate) fn compile_read(
    name: &str,
    policy_type: PolicyType,
    text: &Arc<str>,
    origin: Arc<Origin>,
    policy: &Policy,
    diagnostics: &mut Vec<Diagnostic>,
) -> CompiledPolicy {
    #[cfg(test)]
    COMPILATIONS.with(|count| count.set(count.get() + 1));
    let variables = policy
        .version
        .as_ref()
        .is_some_and(|v| v.value == Version::V2012_10_17);
    let operator_names = Operator::known_names();
    let operator_refs: Vec<&str> = operator_names.iter().map(String::as_str).collect();
    let statements = policy
        .statements
        .iter()
        .map(|statement| {
            compile_statement(
                statement,
                policy_type,
                variables,
                &operator_refs,
                diagnostics,
            )
        })
        .collect();
    CompiledPolicy {
        name: name.to_owned(),
        policy_type,
        origin,
        text: Arc::clone(text),
        variables,
        statements,
    }
}

/// Compiles one statement, reporting what its policy type does not allow.
fn compile_statement(
    statement: &crate::policy::Statement,
    policy_type: PolicyType,
    variables: bool,
    operator_refs: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) -> CompiledStatement {
    let principal = statement.principal.as_ref().map(|p| {
        let (any, values) = match &p.principal {
            Principal::Any => (true, Vec::new()),
            Principal::Typed(types) => (
                false,
                types
                    .iter()
                    .flat_map(|(kind, values)| values.iter().map(|v| (*kind, v.value.clone())))
                    .collect(),
            ),
        };
        PrincipalMatcher {
            negated: p.negated,
            any,
            values,
            span: p.span,
        }
    });
    let opening = Span::new(statement.span.start, statement.span.start + 1);
    match (&principal, policy_type.names_principals()) {
        (Some(p), false) => diagnostics.push(
            Diagnostic::error(
                "principal-in-identity-policy",
                format!(
                    "a {} cannot have `Principal` or `NotPrincipal`",
                    policy_type.label()
                ),
                p.span,
            )
            .with_help("the principal is the identity the policy is attached to; remove the element"),
        ),
        (None, true) => diagnostics.push(
            Diagnostic::error(
                "missing-principal",
                format!(
                    "a statement of a {} needs `Principal` or `NotPrincipal`",
                    policy_type.label()
                ),
                opening,
            )
            .with_help("name who the statement applies to, e.g. `\"Principal\": {\"AWS\": \"111122223333\"}`"),
        ),
        _ => {}
    }
    let action = statement.action.as_ref().map(|list| Matcher {
        negated: list.negated,
        patterns: list
            .values
            .iter()
            .map(|v| Glob::new(&v.value.to_ascii_lowercase()))
            .collect(),
        written: list.values.iter().map(|v| v.value.clone()).collect(),
        span: list.span,
    });
    let resource = statement.resource.as_ref().map(|list| Matcher {
        negated: list.negated,
        patterns: list
            .values
            .iter()
            .map(|v| resource_pattern(&v.value, variables))
            .collect(),
        written: list.values.iter().map(|v| v.value.clone()).collect(),
        span: list.span,
    });
    if resource.is_none()
        && !policy_type.names_principals()
        && policy_type != PolicyType::ServiceControl
    {
        diagnostics.push(
            Diagnostic::error(
                "missing-resource",
                "statement has no `Resource` or `NotResource`",
                opening,
            )
            .with_help("add `\"Resource\": \"arn:...\"` (or `\"*\"` for actions without resource-level permissions)"),
        );
    }
    let conditions = compile_conditions(statement, variables, operator_refs, diagnostics);
    CompiledStatement {
        index: statement.index,
        sid: statement.sid.as_ref().map(|s| s.value.clone()),
        effect: statement.effect.value,
        span: statement.span,
        principal,
        action,
        resource,
        conditions,
    }
}

/// Compiles every key of every operator block; unknown operators and bad values are reported.
fn compile_conditions(
    statement: &crate::policy::Statement,
    variables: bool,
    operator_refs: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<CompiledCondition> {
    let mut conditions = Vec::new();
    let mut problems: Vec<ValueProblem> = Vec::new();
    for block in &statement.conditions {
        let Some(operator) = Operator::parse(&block.operator.value) else {
            let mut diagnostic = Diagnostic::error(
                "unknown-operator",
                format!("unknown condition operator `{}`", block.operator.value),
                block.operator.span,
            );
            if let Some(name) = did_you_mean(&block.operator.value, operator_refs) {
                diagnostic = diagnostic.with_help(format!("did you mean `{name}`?"));
            }
            diagnostics.push(diagnostic);
            continue;
        };
        for entry in &block.entries {
            conditions.push(CompiledCondition::new(
                operator,
                block.operator.clone(),
                entry.key.clone(),
                entry.values.clone(),
                variables,
                &mut problems,
            ));
        }
    }
    diagnostics.extend(
        problems
            .into_iter()
            .map(|p| {
                Diagnostic::new(
                    crate::diagnostic::Stage::Compile,
                    crate::diagnostic::Severity::Warning,
                    "invalid-condition-value",
                    p.message,
                    p.span,
                )
                .with_help(
                    "IAM accepts the policy, and a condition whose values are all of the wrong type never matches",
                )
            }),
    );
    conditions
}

/// Variables count only after the fifth colon of an ARN (or anywhere in a non-ARN pattern).
fn resource_pattern(value: &str, variables: bool) -> ResourcePattern {
    if variables && value.contains("${") {
        let split = resource_part_offset(value).unwrap_or(0);
        let (head, tail) = value.split_at(split);
        let mut template_text = escape_variables(head);
        template_text.push_str(tail);
        let template = Template::parse(&template_text);
        if template.has_variables() {
            return ResourcePattern::Template(template);
        }
        if let Some(text) = template.literal_pattern() {
            return ResourcePattern::Fixed(ArnPattern::new(&text));
        }
    }
    ResourcePattern::Fixed(ArnPattern::new(value))
}

/// Makes `${` literal in the part of an ARN where AWS does not substitute variables.
fn escape_variables(text: &str) -> String {
    text.replace("${", "${$}{")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_policies_refuse_principals_and_resource_policies_need_them() {
        let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}}"#;
        let (_, d) = compile_policy("p", PolicyType::Identity, text);
        assert_eq!(d[0].code, "principal-in-identity-policy");
        let (_, d) = compile_policy("p", PolicyType::Resource, text);
        assert!(d.is_empty(), "{d:?}");
        let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#;
        let (_, d) = compile_policy("p", PolicyType::Resource, text);
        assert_eq!(d[0].code, "missing-principal");
    }

    #[test]
    fn unknown_operators_are_errors_with_suggestions() {
        let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEqual": {"aws:SourceVpc": "v"}}}}"#;
        let (_, d) = compile_policy("p", PolicyType::Identity, text);
        assert_eq!(d[0].message, "unknown condition operator `StringEqual`");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `StringEquals`?"));
    }

    #[test]
    fn variables_only_in_the_resource_part() {
        assert_eq!(
            resource_pattern("arn:aws:s3:::home/${aws:username}/*", false),
            ResourcePattern::Fixed(ArnPattern::new("arn:aws:s3:::home/${aws:username}/*"))
        );
        assert!(matches!(
            resource_pattern("arn:aws:s3:::home/${aws:username}/*", true),
            ResourcePattern::Template(_)
        ));
        assert_eq!(
            resource_pattern("arn:aws:${x}:::b", true),
            ResourcePattern::Fixed(ArnPattern::new("arn:aws:${x}:::b"))
        );
    }
}
