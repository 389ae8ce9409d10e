//! Diagnostics: what went wrong or looks wrong, where, and what to do about it.

pub mod codes;

pub use codes::Stage;

use crate::span::{LineCol, LineIndex, Span};
use std::fmt;

/// How serious a diagnostic is, in Access Analyzer's four classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The document is not valid: AWS would reject it.
    Error,
    /// Valid, but grants more than is safe.
    SecurityWarning,
    /// Valid, but probably not what was meant.
    Warning,
    /// Valid; could be written better.
    Suggestion,
}

impl Severity {
    /// The class's name as Access Analyzer writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about a document, tied to the span it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable code, e.g. `json-syntax` or `unknown-element`, listed in [`codes::all`].
    pub code: &'static str,
    /// The stage that reported it, which tells apart codes two stages share.
    pub stage: Stage,
    /// Lowercase, no final period; user input in backticks.
    pub message: String,
    /// Extra advice, if any.
    pub help: Option<String>,
    /// What the diagnostic is about.
    pub span: Span,
}

impl Diagnostic {
    /// A diagnostic of a stage, with its class, code, message and span.
    pub fn new(
        stage: Stage,
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
        span: Span,
    ) -> Self {
        Self {
            severity,
            code,
            stage,
            message: message.into(),
            help: None,
            span,
        }
    }

    /// An error with a code, a message and a span, of the first stage in pipeline order with
    /// that code (see [`codes::stage_of`]): the readers and the compiler make their errors so.
    /// A code the registry lacks, which its tests rule out, counts as the policy reader's.
    pub fn error(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        let stage = codes::stage_of(code).unwrap_or(Stage::Policy);
        Self::new(stage, Severity::Error, code, message, span)
    }

    /// The same diagnostic with advice attached.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Where the diagnostic starts, as line and column in `source`.
    pub fn line_col(&self, index: &LineIndex<'_>) -> LineCol {
        index.line_col(self.span.start)
    }
}

/// Whether any diagnostic in the list is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// The candidate closest to `name` (by edit distance, ignoring case), if close enough to suggest.
pub fn did_you_mean<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    let length = lower.chars().count();
    candidates
        .iter()
        // The distance is at least the difference in length: most candidates are too far off
        // to be worth comparing (and a name of megabytes is compared with none).
        .filter(|c| length.abs_diff(c.chars().count()) <= (c.len() / 3).max(1))
        .map(|&c| (edit_distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|&(d, c)| d <= (c.len() / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters, in O(len(a)·len(b)) time and O(len(b)) memory.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut prev = i + 1;
        for (cb, cell) in b.iter().zip(row.iter_mut().skip(1)) {
            let above = *cell;
            let cost = usize::from(ca != *cb);
            let value = (diagonal + cost).min(above + 1).min(prev + 1);
            diagonal = above;
            *cell = value;
            prev = value;
        }
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
    }
    row.last().copied().unwrap_or(0)
}

/// A count as messages write it: `6144` as `6,144`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("Effect", "Effect"), 0);
        assert_eq!(edit_distance("Efect", "Effect"), 1);
    }

    #[test]
    fn suggestions_are_close_names_only() {
        let names = ["Effect", "Action", "Resource"];
        assert_eq!(did_you_mean("effect", &names), Some("Effect"));
        assert_eq!(did_you_mean("Actoin", &names), Some("Action"));
        assert_eq!(did_you_mean("Banana", &names), None);
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(22_091), "22,091");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
