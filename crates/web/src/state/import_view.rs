//! What the page shows of an import and of the questions asked of it, made from the worker's
//! answers ([`crate::interchange`]): the progress while files are read, the instance profiles
//! to pick from (thousands, filtered as the user types), the problems, and every profile's
//! answer to a `who can` question. A pure reducer: the hook posts the requests.

use serde_json::Value;
use std::rc::Rc;

/// How many profiles the picker lists at once: typing narrows the rest.
pub const LISTED: usize = 50;
/// How many `who can` answers are listed at once (those allowed first).
pub const ANSWERS_LISTED: usize = 100;

/// Where an import is while its files are read.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// The file being read, or empty while what was read is put together.
    pub file: String,
    /// Files read so far, and how many there are.
    pub done: usize,
    /// How many files there are.
    pub count: usize,
    /// The size of the file being read, in bytes.
    pub bytes: u64,
}

/// An imported instance profile, with its role's name.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedProfile {
    /// The profile's name.
    pub name: String,
    /// Its role's name, if it holds one.
    pub role: String,
    /// Both, in lowercase: what the filter matches.
    key: String,
}

/// What an import holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    /// The files' names.
    pub files: Vec<String>,
    /// The instance profiles, in the order they were met.
    pub profiles: Vec<ImportedProfile>,
    /// How many roles and managed policies were read.
    pub roles: usize,
    /// How many managed policies were read.
    pub policies: usize,
    /// Each problem as a line (`file line L, column C: message`), errors and warnings.
    pub problems: Vec<String>,
    /// Whether any problem is an error: then nothing was imported.
    pub failed: bool,
    /// The worker's memory after the import, in bytes.
    pub memory: u64,
}

impl Imported {
    /// The profiles whose name or role contains `filter` (any case): the first [`LISTED`], and
    /// how many match in all.
    pub fn matching(&self, filter: &str) -> (Vec<&ImportedProfile>, usize) {
        let filter = filter.trim().to_lowercase();
        let mut all = self.profiles.iter().filter(|p| p.key.contains(&filter));
        let listed: Vec<&ImportedProfile> = all.by_ref().take(LISTED).collect();
        let total = listed.len() + all.count();
        (listed, total)
    }
}

/// One instance profile's answer to a `who can` question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The profile and its role.
    pub profile: String,
    /// Its role.
    pub role: String,
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub decision: String,
    /// Why, in a sentence.
    pub reason: String,
    /// Where the deciding statements are written (`file:line:column`, or a managed policy).
    pub deciding: Vec<String>,
}

/// Every imported profile's answer to `action` on `resource`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WhoCan {
    /// The action asked about.
    pub action: String,
    /// The resource asked about.
    pub resource: String,
    /// How many profiles may.
    pub allowed: usize,
    /// The answers, those allowed first.
    pub answers: Vec<Answer>,
    /// Why there are no answers, each as a line.
    pub problems: Vec<String>,
}

/// The import panel's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportView {
    /// Whether the panel is shown.
    pub shown: bool,
    /// Where the import is, while files are read.
    pub progress: Option<Progress>,
    /// The last import.
    pub imported: Option<Rc<Imported>>,
    /// What the picker's filter holds.
    pub filter: String,
    /// The profile whose scenario is being made.
    pub opening: Option<String>,
    /// Why the last profile picked could not be opened, each as a line.
    pub refused: Vec<String>,
    /// Whether a `who can` question is being answered.
    pub asking: bool,
    /// The last `who can` answer.
    pub who_can: Option<Rc<WhoCan>>,
}

/// What changes the import panel.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportAction {
    /// Files were sent to be read.
    Started(usize),
    /// The worker answered (its JSON).
    Answered(Rc<Value>),
    /// The worker could not be loaded.
    Failed(String),
    /// The picker's filter changed.
    Filter(String),
    /// The scenario of this profile was asked for.
    Opening(String),
    /// The scenario asked for was opened.
    Opened,
    /// A `who can` question was asked.
    Asking,
    /// Show or hide the panel.
    Show(bool),
}

/// A problem of a report as one line: `file line L, column C: message (path)`.
pub fn problem_line(problem: &Value) -> String {
    let text = |key: &str| problem.get(key).and_then(Value::as_str).unwrap_or_default();
    let number = |key: &str| problem.get(key).and_then(Value::as_u64);
    let mut line = text("file").to_owned();
    if let (Some(l), Some(c)) = (number("line"), number("column")) {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&format!("line {l}, column {c}: "));
    } else if !line.is_empty() {
        line.push_str(": ");
    }
    line.push_str(text("message"));
    if !text("path").is_empty() && text("path") != "$" {
        line.push_str(&format!(" ({})", text("path")));
    }
    line
}

fn lines(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|all| all.iter().map(problem_line).collect())
        .unwrap_or_default()
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn count(value: &Value, key: &str) -> usize {
    value
        .get(key)
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or_default()
}

fn imported(report: &Value) -> Imported {
    let profiles = report
        .get("profiles")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|p| {
            let (name, role) = (text(p, "name"), text(p, "role"));
            let key = format!("{name}\n{role}").to_lowercase();
            ImportedProfile { name, role, key }
        })
        .collect();
    let failed = report
        .get("problems")
        .and_then(Value::as_array)
        .is_some_and(|all| all.iter().any(|p| text(p, "severity") == "error"));
    Imported {
        files: report
            .get("files")
            .and_then(|f| serde_json::from_value(f.clone()).ok())
            .unwrap_or_default(),
        profiles,
        roles: count(report, "roles"),
        policies: count(report, "policies"),
        problems: lines(report, "problems"),
        failed,
        memory: report
            .get("memory")
            .and_then(Value::as_u64)
            .unwrap_or_default(),
    }
}

fn who_can(report: &Value) -> WhoCan {
    let answers = report
        .get("profiles")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|a| Answer {
            profile: text(a, "profile"),
            role: text(a, "role"),
            decision: text(a, "decision"),
            reason: text(a, "reason"),
            deciding: a
                .get("deciding")
                .and_then(Value::as_array)
                .map(|d| d.iter().map(|s| text(s, "at")).collect())
                .unwrap_or_default(),
        })
        .collect();
    WhoCan {
        action: text(report, "action"),
        resource: text(report, "resource"),
        allowed: count(report, "allowed"),
        answers,
        problems: lines(report, "problems"),
    }
}

impl ImportView {
    /// The view after `action`.
    #[must_use]
    pub fn apply(&self, action: ImportAction) -> Self {
        let mut next = self.clone();
        match action {
            ImportAction::Started(count) => {
                next = Self {
                    shown: true,
                    progress: Some(Progress {
                        file: String::new(),
                        done: 0,
                        count,
                        bytes: 0,
                    }),
                    ..Self::default()
                };
            }
            ImportAction::Answered(answer) => next.answered(&answer),
            ImportAction::Failed(why) => {
                let busy = next.progress.is_some() || next.opening.is_some() || next.asking;
                if !busy {
                    return next;
                }
                next.progress = None;
                next.opening = None;
                next.asking = false;
                next.refused = vec![why];
            }
            ImportAction::Filter(filter) => next.filter = filter,
            ImportAction::Opening(profile) => {
                next.opening = Some(profile);
                next.refused.clear();
            }
            ImportAction::Opened => {
                next.opening = None;
                next.shown = false;
            }
            ImportAction::Asking => next.asking = true,
            ImportAction::Show(shown) => next.shown = shown,
        }
        next
    }

    fn answered(&mut self, answer: &Value) {
        if let Some(progress) = answer.get("progress") {
            self.progress = Some(Progress {
                file: text(progress, "file"),
                done: count(progress, "index"),
                count: count(progress, "count"),
                bytes: progress
                    .get("bytes")
                    .and_then(Value::as_u64)
                    .unwrap_or_default(),
            });
        } else if let Some(report) = answer.get("imported") {
            self.progress = None;
            self.imported = Some(Rc::new(imported(report)));
        } else if let Some(report) = answer.get("scenario") {
            // A scenario that could be made is opened by the hook; one that could not says why.
            self.opening = None;
            self.refused = lines(report, "problems");
        } else if let Some(report) = answer.get("whoCan") {
            self.asking = false;
            self.who_can = Some(Rc::new(who_can(report)));
        }
    }
}
