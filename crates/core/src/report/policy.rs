//! The report of a policy read on its own: what the engine read in each statement, and every
//! problem of the reader (and, when linted, of the linter), placed in the text. The CLI's
//! `read-policy` and `validate-policy`, the playground's policy reader and the JS package
//! render it.

use super::Problem;
use crate::compile::PolicyType;
use crate::policy::{Effect, Principal, PrincipalType, Statement, ValueList, Version, read_policy};
use crate::span::{LineCol, LineIndex, Span};

/// A policy document as read (and linted).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyReport {
    /// The kind of policy it was linted as, when linted.
    pub kind: Option<PolicyType>,
    /// Its `Version`, when it has one.
    pub version: Option<Version>,
    /// The statements that were read.
    pub statements: Vec<StatementSummary>,
    /// Every problem, in source order.
    pub problems: Vec<Problem>,
    /// The policy compiled (once, when linted), when the reader and compiler found no error:
    /// what the access summary and the change review decide with.
    pub compiled: Option<std::sync::Arc<crate::compile::CompiledPolicy>>,
}

impl PolicyReport {
    /// How many problems are of this class.
    pub fn count(&self, severity: crate::diagnostic::Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity() == severity)
            .count()
    }

    /// Whether no problem is an error (IAM would accept the policy).
    pub fn is_valid(&self) -> bool {
        self.problems
            .iter()
            .all(|p| p.severity() != crate::diagnostic::Severity::Error)
    }
}

/// One statement, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementSummary {
    /// Its position, from 0.
    pub index: usize,
    /// Its `Sid`.
    pub sid: Option<String>,
    /// Its effect.
    pub effect: Effect,
    /// The whole statement.
    pub span: Span,
    /// Where it starts.
    pub start: LineCol,
    /// `Principal` or `NotPrincipal`.
    pub principal: Option<PrincipalSummary>,
    /// `Action` or `NotAction`.
    pub action: Option<Values>,
    /// `Resource` or `NotResource`.
    pub resource: Option<Values>,
    /// Each operator block of `Condition`: the operator, and each key with its values.
    pub conditions: Vec<(String, Vec<ConditionValues>)>,
}

/// A condition key with its values, as written.
pub type ConditionValues = (String, Vec<String>);

/// A list element and whether it is the `Not…` form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    /// `NotAction`/`NotResource`.
    pub negated: bool,
    /// The values as written.
    pub values: Vec<String>,
}

impl Values {
    fn of(list: &ValueList) -> Self {
        Self {
            negated: list.negated,
            values: list.values.iter().map(|v| v.value.clone()).collect(),
        }
    }

    /// The element's name: `name` or `Not{name}`.
    pub fn label(&self, name: &str) -> String {
        if self.negated {
            format!("Not{name}")
        } else {
            name.to_owned()
        }
    }
}

/// `Principal` or `NotPrincipal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalSummary {
    /// `NotPrincipal`.
    pub negated: bool,
    /// Each principal type with its values; empty for `"*"`.
    pub types: Vec<(PrincipalType, Vec<String>)>,
}

impl PrincipalSummary {
    /// `Principal` or `NotPrincipal`.
    pub fn label(&self) -> &'static str {
        if self.negated {
            "NotPrincipal"
        } else {
            "Principal"
        }
    }

    /// What it names in one line: `*`, or `Service: ec2.amazonaws.com; AWS: 111122223333`.
    pub fn named(&self) -> String {
        if self.types.is_empty() {
            return "*".to_owned();
        }
        self.types
            .iter()
            .map(|(kind, values)| format!("{}: {}", kind.as_str(), values.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl StatementSummary {
    /// A statement of `index`'s text.
    pub fn of(statement: &Statement, index: &LineIndex<'_>) -> Self {
        Self {
            index: statement.index,
            sid: statement.sid.as_ref().map(|s| s.value.clone()),
            effect: statement.effect.value,
            span: statement.span,
            start: index.line_col(statement.span.start),
            principal: statement.principal.as_ref().map(|p| PrincipalSummary {
                negated: p.negated,
                types: match &p.principal {
                    Principal::Any => Vec::new(),
                    Principal::Typed(types) => types
                        .iter()
                        .map(|(kind, values)| {
                            (*kind, values.iter().map(|v| v.value.clone()).collect())
                        })
                        .collect(),
                },
            }),
            action: statement.action.as_ref().map(Values::of),
            resource: statement.resource.as_ref().map(Values::of),
            conditions: statement
                .conditions
                .iter()
                .map(|c| {
                    let entries = c.entries.iter().map(|e| {
                        let values = e.values.iter().map(|v| v.value.clone()).collect();
                        (e.key.value.clone(), values)
                    });
                    (c.operator.value.clone(), entries.collect())
                })
                .collect(),
        }
    }
}

fn report(
    text: &str,
    kind: Option<PolicyType>,
    policy: Option<&crate::policy::Policy>,
    diagnostics: &[crate::diagnostic::Diagnostic],
) -> PolicyReport {
    let index = LineIndex::new(text);
    PolicyReport {
        kind,
        version: policy.and_then(|p| p.version.as_ref()).map(|v| v.value),
        statements: policy
            .map(|p| {
                p.statements
                    .iter()
                    .map(|s| StatementSummary::of(s, &index))
                    .collect()
            })
            .unwrap_or_default(),
        problems: diagnostics
            .iter()
            .map(|d| Problem::new(text, &index, d, None))
            .collect(),
        compiled: None,
    }
}

/// Reads a policy: its statements and the reader's problems.
pub fn read(text: &str) -> PolicyReport {
    let read = read_policy(text);
    report(text, None, read.policy.as_ref(), &read.diagnostics)
}

/// Reads and lints a policy as `kind` (inferred when `None`): its statements and every finding.
pub fn lint(text: &str, kind: Option<PolicyType>) -> PolicyReport {
    let linted = crate::lint::lint_document(text, kind);
    let mut report = report(
        text,
        Some(linted.kind),
        linted.policy.as_ref(),
        &linted.findings,
    );
    report.compiled = linted.compiled.map(std::sync::Arc::new);
    report
}
