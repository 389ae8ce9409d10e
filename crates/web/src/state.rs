//! The playground's state as a pure reducer: every change to what the page shows goes through
//! [`State::reduce`], which is tested natively without a browser.

use iamplay_core::policy::{Principal, Statement, ValueList};
use iamplay_core::{LineIndex, Severity, read_policy};
use std::rc::Rc;
use yew::Reducible;

/// A policy the user can start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// What the button says.
    pub label: &'static str,
    /// The policy text.
    pub text: &'static str,
}

/// The examples offered on the page, the first being what a new visitor sees.
pub const EXAMPLES: [Example; 3] = [
    Example {
        label: "EC2 trust policy",
        text: include_str!("examples/ec2-trust.json"),
    },
    Example {
        label: "Write to one bucket",
        text: include_str!("examples/s3-write.json"),
    },
    Example {
        label: "A broken policy",
        text: include_str!("examples/broken.json"),
    },
];

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The policy text, exactly as typed.
    pub text: String,
    /// What the engine made of it.
    pub analysis: Analysis,
    /// A problem with the page itself (e.g. storage), shown above the editor.
    pub notice: Option<String>,
}

/// What the user can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The text changed.
    Edit(String),
    /// Replace the text with one of [`EXAMPLES`].
    LoadExample(usize),
    /// Browser storage failed; what is typed is not being kept.
    StorageFailed(String),
}

impl State {
    /// The state for a text.
    pub fn new(text: String) -> Self {
        let analysis = Analysis::of(&text);
        Self {
            text,
            analysis,
            notice: None,
        }
    }
}

impl Default for State {
    fn default() -> Self {
        Self::new(EXAMPLES[0].text.to_owned())
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let text = match action {
            Action::Edit(text) => text,
            Action::LoadExample(index) => match EXAMPLES.get(index) {
                Some(example) => example.text.to_owned(),
                None => return self,
            },
            Action::StorageFailed(reason) => {
                let notice = format!(
                    "your text is not being saved in this browser ({reason}); copy it before closing the page"
                );
                let mut next = (*self).clone();
                next.notice = Some(notice);
                return Rc::new(next);
            }
        };
        if text == self.text {
            return self;
        }
        let mut next = State::new(text);
        next.notice.clone_from(&self.notice);
        Rc::new(next)
    }
}

/// The engine's reading of the text, shaped for display.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// The statements that were read.
    pub statements: Vec<StatementView>,
    /// Every problem, in source order.
    pub problems: Vec<ProblemView>,
}

impl Analysis {
    /// Read `text` as a policy.
    pub fn of(text: &str) -> Self {
        let read = read_policy(text);
        let index = LineIndex::new(text);
        let problems = read
            .diagnostics
            .iter()
            .map(|d| {
                let at = d.line_col(&index);
                ProblemView {
                    severity: d.severity,
                    code: d.code,
                    line: at.line,
                    column: at.column,
                    message: d.message.clone(),
                    help: d.help.clone(),
                    utf16_start: utf16_offset(text, d.span.start),
                    utf16_end: utf16_offset(text, d.span.end),
                }
            })
            .collect();
        let statements = read
            .policy
            .map(|p| p.statements.iter().map(StatementView::of).collect())
            .unwrap_or_default();
        Self {
            statements,
            problems,
        }
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
    fn of(statement: &Statement) -> Self {
        let list = |list: &Option<ValueList>, name: &str| {
            list.as_ref().map(|l| {
                let label = if l.negated {
                    format!("Not{name}")
                } else {
                    name.to_owned()
                };
                (label, l.values.iter().map(|v| v.value.clone()).collect())
            })
        };
        let principal = statement.principal.as_ref().map(|p| {
            let prefix = if p.negated { "not " } else { "" };
            let named = match &p.principal {
                Principal::Any => "*".to_owned(),
                Principal::Typed(types) => types
                    .iter()
                    .map(|(kind, values)| {
                        let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                        format!("{}: {}", kind.as_str(), values.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            format!("{prefix}{named}")
        });
        Self {
            index: statement.index,
            sid: statement.sid.as_ref().map(|s| s.value.clone()),
            effect: statement.effect.value.to_string(),
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

/// The UTF-16 offset of byte offset `byte` in `text` (clamped to the text).
fn utf16_offset(text: &str, byte: usize) -> u32 {
    let units: usize = text
        .char_indices()
        .take_while(|&(i, _)| i < byte)
        .map(|(_, c)| c.len_utf16())
        .sum();
    u32::try_from(units).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, action: Action) -> State {
        Rc::unwrap_or_clone(Rc::new(state).reduce(action))
    }

    #[test]
    fn the_first_example_reads_cleanly() {
        let state = State::default();
        assert!(state.analysis.is_valid(), "{:?}", state.analysis.problems);
        let statement = &state.analysis.statements[0];
        assert_eq!(statement.effect, "Allow");
        assert_eq!(
            statement.principal.as_deref(),
            Some("Service: ec2.amazonaws.com")
        );
        assert_eq!(
            statement.actions,
            Some(("Action".to_owned(), vec!["sts:AssumeRole".to_owned()]))
        );
    }

    #[test]
    fn every_example_loads_and_only_the_broken_one_has_errors() {
        for (index, example) in EXAMPLES.iter().enumerate() {
            let state = reduce(State::new(String::new()), Action::LoadExample(index));
            assert_eq!(state.text, example.text);
            let broken = example.label.contains("broken");
            assert_eq!(state.analysis.is_valid(), !broken, "{}", example.label);
        }
    }

    #[test]
    fn editing_rereads_and_locates_problems() {
        let text =
            "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\" \"Action\": \"s3:*\"}\n  ]\n}";
        let state = reduce(State::default(), Action::Edit(text.to_owned()));
        assert_eq!(state.text, text);
        assert!(state.analysis.statements.is_empty());
        let problem = &state.analysis.problems[0];
        assert_eq!((problem.line, problem.column), (3, 24));
        assert_eq!(problem.message, "missing `,` between members");
    }

    #[test]
    fn not_elements_are_labelled() {
        let text = r#"{"Statement": {"Effect": "Deny", "NotAction": "iam:*", "NotResource": ["a", "b"], "NotPrincipal": {"AWS": "1"}}}"#;
        let state = reduce(State::default(), Action::Edit(text.to_owned()));
        let s = &state.analysis.statements[0];
        assert_eq!(s.actions.as_ref().unwrap().0, "NotAction");
        assert_eq!(s.resources.as_ref().unwrap().1, ["a", "b"]);
        assert_eq!(s.principal.as_deref(), Some("not AWS: 1"));
    }

    #[test]
    fn an_unknown_example_changes_nothing() {
        let state = reduce(State::default(), Action::LoadExample(99));
        assert_eq!(state, State::default());
    }

    #[test]
    fn a_storage_failure_is_shown_and_survives_edits() {
        let state = reduce(
            State::default(),
            Action::StorageFailed("quota exceeded".into()),
        );
        let notice = state.notice.clone().unwrap();
        assert!(notice.contains("quota exceeded"), "{notice}");
        let state = reduce(state, Action::Edit("{}".into()));
        assert_eq!(state.notice, Some(notice));
    }

    #[test]
    fn utf16_offsets_count_code_units() {
        assert_eq!(utf16_offset("a😀b", 0), 0);
        assert_eq!(utf16_offset("a😀b", 1), 1);
        assert_eq!(utf16_offset("a😀b", 5), 3);
        assert_eq!(utf16_offset("a😀b", 99), 4);
    }
}
