//! The policy reader's result, shaped for display.

use super::access_view::{AccessView, ReviewView, policy_subject_of, views};
use super::half::{Inputs, View};
use iamplay_core::access::policy_subject;
use iamplay_core::report::{StatementSummary, Values};
use iamplay_core::{PolicyType, Severity};

/// The engine's reading of a policy, shaped for display (the reader's counterpart of a
/// [`ScenarioView`](super::ScenarioView)).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyView {
    /// The statements that were read.
    pub statements: Vec<StatementView>,
    /// Every finding of the reader and the linter, in source order.
    pub problems: Vec<ProblemView>,
    /// How the policy was linted: as chosen, or, when not, as resource-based when a statement
    /// names principals and otherwise as identity-based (`None` only before anything was read).
    pub kind: Option<PolicyType>,
    /// The access summary, when asked for, or why there is none.
    pub access: Option<Result<AccessView, String>>,
    /// The change review against the baseline, when one is set, or why there is none.
    pub review: Option<Result<ReviewView, String>>,
}

impl View for PolicyView {
    /// The kind of policy, when chosen; otherwise it is inferred.
    type Kind = Option<PolicyType>;

    fn keep_summaries(&mut self, earlier: &Self) {
        self.access.clone_from(&earlier.access);
        self.review.clone_from(&earlier.review);
    }

    /// Read, compile (once) and lint `text` as a policy.
    fn of(text: &str, inputs: &Inputs<'_, Option<PolicyType>>) -> Self {
        let report = iamplay_core::report::lint(text, inputs.kind);
        let kind = report.kind.unwrap_or(PolicyType::Identity);
        let (access, review) = views(
            || match &report.compiled {
                Some(policy) => Ok(policy_subject("policy", std::slice::from_ref(&**policy))),
                None => Err("the policy has errors".to_owned()),
            },
            inputs.access,
            inputs
                .baseline
                .map(|baseline| move || policy_subject_of(baseline, kind)),
        );
        Self {
            statements: report.statements.iter().map(StatementView::of).collect(),
            problems: report
                .problems
                .iter()
                .map(|p| ProblemView::of(text, p))
                .collect(),
            kind: report.kind,
            access,
            review,
        }
    }
}

impl PolicyView {
    /// How many findings of a class.
    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }

    /// Whether the policy has no errors.
    pub fn is_valid(&self) -> bool {
        !self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// One statement, as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementView {
    /// Position in the policy, from 0.
    pub index: usize,
    /// `Sid`, if any.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: String,
    /// `Principal` summary, if any.
    pub principal: Option<String>,
    /// `Action` or `NotAction` with its values.
    pub actions: Option<(String, Vec<String>)>,
    /// `Resource` or `NotResource` with its values.
    pub resources: Option<(String, Vec<String>)>,
    /// How many condition operators apply.
    pub conditions: usize,
}

impl StatementView {
    fn of(statement: &StatementSummary) -> Self {
        let list = |list: &Option<Values>, name: &str| {
            list.as_ref().map(|l| (l.label(name), l.values.clone()))
        };
        let principal = statement.principal.as_ref().map(|p| {
            let prefix = if p.negated { "not " } else { "" };
            format!("{prefix}{}", p.named())
        });
        Self {
            index: statement.index,
            sid: statement.sid.clone(),
            effect: statement.effect.to_string(),
            principal,
            actions: list(&statement.action, "Action"),
            resources: list(&statement.resource, "Resource"),
            conditions: statement.conditions.len(),
        }
    }
}

/// One problem, as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemView {
    /// Its class.
    pub severity: Severity,
    /// Its stable code.
    pub code: &'static str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Start of the span in UTF-16 code units, as the text area counts.
    pub utf16_start: u32,
    /// End of the span in UTF-16 code units.
    pub utf16_end: u32,
}

impl ProblemView {
    /// A problem the core's report placed in `text`.
    pub fn of(text: &str, p: &iamplay_core::report::Problem) -> Self {
        let d = &p.diagnostic;
        Self {
            severity: d.severity,
            code: d.code,
            line: p.start.line,
            column: p.start.column,
            message: d.message.clone(),
            help: d.help.clone(),
            utf16_start: utf16_offset(text, d.span.start),
            utf16_end: utf16_offset(text, d.span.end),
        }
    }
}

/// The UTF-16 offset of byte offset `byte` in `text` (clamped to the text).
pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    let units: usize = text
        .char_indices()
        .take_while(|&(i, _)| i < byte)
        .map(|(_, c)| c.len_utf16())
        .sum();
    u32::try_from(units).unwrap_or(u32::MAX)
}
