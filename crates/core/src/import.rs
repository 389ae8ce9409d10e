//! Importing what users already have: an account's IAM data as the AWS CLI prints it
//! (`get-account-authorization-details` and the single-object `get-…`/`list-…` outputs). The
//! files are read into an [`Inventory`] of roles, managed policies and instance profiles, each
//! with the file and JSON path it came from; from it comes an ordinary scenario for one
//! instance profile ([`Inventory::scenario`]), or every profile's answer to one request
//! ([`who_can`]). Every problem names its file, JSON path and place; nothing half-imports: a
//! scenario is only made when nothing is wrong.

mod aws_cli;
mod inventory;
mod scenario_out;
mod who_can;

pub use inventory::{Document, ImportedPolicy, ImportedProfile, ImportedRole, Inventory, Place};
pub use scenario_out::ImportedScenario;
pub use who_can::{ProfileAnswer, WhoCan, who_can};

use crate::diagnostic::{Diagnostic, Severity, Stage};
use crate::span::Span;

/// Largest file an import reads: a 10,000-role account's `get-account-authorization-details`
/// is about 50 MB.
pub const MAX_IMPORT_BYTES: usize = 128 * 1024 * 1024;
/// Deepest nesting in an imported file: a policy document (32 levels at most in a scenario) a
/// few levels down in the AWS CLI's output.
pub const MAX_IMPORT_DEPTH: usize = 48;

/// Spans longer than this (bytes) are shown by their first character.
const LONG_SPAN: usize = 80;

/// `span`, or its first character when it is long.
fn narrow(span: Span) -> Span {
    if span.end.saturating_sub(span.start) > LONG_SPAN {
        Span::new(span.start, span.start + 1)
    } else {
        span
    }
}

/// One file to import: its name (for messages) and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportFile<'a> {
    /// The file's name as the user gave it.
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// A problem in an import: the file, the JSON path in it, and the diagnostic with its span in
/// that file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// The file's name as given.
    pub file: String,
    /// The JSON path, e.g. `$.RoleDetailList[3].AssumeRolePolicyDocument`.
    pub path: String,
    /// What is wrong, with its span in the file.
    pub diagnostic: Diagnostic,
}

impl ImportProblem {
    /// An error at `span` of `file`. A long span (a whole role or document) is pointed at by
    /// its first character, so the message is not lost under the text it is about.
    pub fn error(
        file: &str,
        path: &str,
        span: Span,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        let span = narrow(span);
        Self {
            file: file.to_owned(),
            path: path.to_owned(),
            diagnostic: Diagnostic::new(Stage::Import, Severity::Error, code, message, span),
        }
    }

    /// The same problem with help.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.diagnostic = self.diagnostic.with_help(help);
        self
    }
}

/// Reads AWS CLI outputs into an inventory. Each file is one output; several files add up (a
/// `get-role`, its `get-role-policy` outputs and its `list-attached-role-policies`, say).
pub fn read_aws_cli(files: &[ImportFile<'_>]) -> Inventory {
    let mut inventory = Inventory::default();
    for file in files {
        aws_cli::read(&mut inventory, file);
    }
    inventory.settle();
    inventory
}
