//! Reading a scenario's JSON tree with a JSON path for every problem, on top of the span-keeping
//! JSON reader, so each problem points at its place in the document.

use crate::diagnostic::{Diagnostic, Severity, Stage, did_you_mean};
use crate::json::{Json, JsonValue, Member};
use crate::span::Span;

/// A problem in a scenario document: where (JSON path and span) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioProblem {
    /// The JSON path, e.g. `$.account.roles[0].name`.
    pub path: String,
    /// The diagnostic, with its span in the scenario text.
    pub diagnostic: Diagnostic,
}

/// Collects problems while walking the tree.
#[derive(Debug, Default)]
pub struct Walker {
    /// Every problem found.
    pub problems: Vec<ScenarioProblem>,
}

/// A JSON path built up as the walk goes down.
pub type Path = String;

impl Walker {
    /// Records a problem.
    pub fn problem(
        &mut self,
        path: &str,
        span: Span,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.problems.push(ScenarioProblem {
            path: path.to_owned(),
            diagnostic: Diagnostic::new(Stage::Scenario, Severity::Error, code, message, span),
        });
    }

    /// Records a problem with help.
    pub fn problem_with_help(
        &mut self,
        path: &str,
        span: Span,
        code: &'static str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.problems.push(ScenarioProblem {
            path: path.to_owned(),
            diagnostic: Diagnostic::new(Stage::Scenario, Severity::Error, code, message, span)
                .with_help(help),
        });
    }

    fn wrong_type(&mut self, path: &str, json: &Json, wanted: &str) {
        self.problem(
            path,
            json.span,
            "wrong-type",
            format!(
                "`{path}` must be {wanted}, found {}",
                json.value.type_name()
            ),
        );
    }

    /// The members of an object, reporting keys not in `known` (with a suggestion).
    pub fn object<'j>(
        &mut self,
        path: &str,
        json: &'j Json,
        known: &[&str],
    ) -> Option<&'j [Member]> {
        let JsonValue::Object(members) = &json.value else {
            self.wrong_type(path, json, "an object");
            return None;
        };
        for member in members {
            if !known.contains(&member.key.as_str()) {
                let message = format!("unknown field `{}` in `{path}`", member.key);
                match did_you_mean(&member.key, known) {
                    Some(name) => self.problem_with_help(
                        path,
                        member.key_span,
                        "unknown-field",
                        message,
                        format!("did you mean `{name}`?"),
                    ),
                    None => self.problem_with_help(
                        path,
                        member.key_span,
                        "unknown-field",
                        message,
                        format!("`{path}` may contain {}", known.join(", ")),
                    ),
                }
            }
        }
        Some(members)
    }

    /// The value of a required field.
    pub fn required<'j>(
        &mut self,
        path: &str,
        whole: &Json,
        members: &'j [Member],
        key: &str,
    ) -> Option<&'j Json> {
        let found = field(members, key);
        if found.is_none() {
            let span = Span::new(whole.span.start, whole.span.start + 1);
            self.problem(
                path,
                span,
                "missing-field",
                format!("`{path}` needs `{key}`"),
            );
        }
        found
    }

    /// A string.
    pub fn string(&mut self, path: &str, json: &Json) -> Option<String> {
        match &json.value {
            JsonValue::String(s) => Some(s.clone()),
            _ => {
                self.wrong_type(path, json, "a string");
                None
            }
        }
    }

    /// A boolean.
    pub fn boolean(&mut self, path: &str, json: &Json) -> Option<bool> {
        match &json.value {
            JsonValue::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(path, json, "`true` or `false`");
                None
            }
        }
    }

    /// An array's items with their paths.
    pub fn array<'j>(&mut self, path: &str, json: &'j Json, max: usize) -> Vec<(Path, &'j Json)> {
        let JsonValue::Array(items) = &json.value else {
            self.wrong_type(path, json, "an array");
            return Vec::new();
        };
        if items.len() > max {
            self.problem(
                path,
                json.span,
                "limit",
                format!(
                    "`{path}` has {} items, over the limit of {}",
                    crate::diagnostic::thousands(items.len()),
                    crate::diagnostic::thousands(max)
                ),
            );
            return Vec::new();
        }
        items
            .iter()
            .enumerate()
            .map(|(i, item)| (format!("{path}[{i}]"), item))
            .collect()
    }

    /// An array of strings.
    pub fn strings(&mut self, path: &str, json: &Json, max: usize) -> Vec<String> {
        self.array(path, json, max)
            .into_iter()
            .filter_map(|(p, item)| self.string(&p, item))
            .collect()
    }
}

pub use crate::json::member as field;

/// `path.key`.
pub fn join(path: &str, key: &str) -> Path {
    format!("{path}.{key}")
}
