//! Importing what users already have: an account's IAM data as the AWS CLI prints it
//! (`get-account-authorization-details` and the single-object `get-…`/`list-…` outputs),
//! Terraform's JSON plans and states, and CloudFormation templates in JSON or YAML. The
//! files are read into an [`Inventory`] of roles, managed policies and instance profiles, each
//! with the file and JSON path it came from; from it comes an ordinary scenario for one
//! instance profile ([`Inventory::scenario`]), or every profile's answer to one request
//! ([`who_can`]). Every problem names its file, JSON path and place; nothing half-imports: a
//! scenario is only made when nothing is wrong.

mod aws_cli;
mod cfn_resolve;
mod cloudformation;
mod inventory;
mod scenario_out;
mod terraform;
mod who_can;
mod yaml;

pub use inventory::{
    Document, ImportedInstance, ImportedPolicy, ImportedProfile, ImportedRole, Inventory, Place,
};
pub use scenario_out::ImportedScenario;
pub use who_can::{ProfileAnswer, WhoCan, who_can};

use crate::diagnostic::{Diagnostic, Severity, Stage};
use crate::json::{self, Limits};
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

/// What an import is told besides its files.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportOptions {
    /// CloudFormation parameters (`Key`, `Value`), pseudo parameters (`AWS::AccountId`,
    /// `AWS::Region`, `AWS::Partition`) too.
    pub parameters: Vec<(String, String)>,
}

/// Reads files into an inventory. Each is an AWS CLI output, Terraform's JSON (a plan or a
/// state) or a CloudFormation template (JSON or YAML), told apart by what they hold; several
/// files add up (a `get-role`, its `get-role-policy` outputs and its
/// `list-attached-role-policies`, say).
pub fn read(files: &[ImportFile<'_>], options: &ImportOptions) -> Inventory {
    let mut inventory = Inventory::default();
    for file in files {
        read_file(&mut inventory, file, options);
    }
    inventory.settle();
    inventory
}

fn read_file(inventory: &mut Inventory, file: &ImportFile<'_>, options: &ImportOptions) {
    let text = file.text.trim_start_matches('\u{feff}');
    let json_like = text.trim_start().starts_with(['{', '[']);
    let limits = Limits {
        max_bytes: MAX_IMPORT_BYTES,
        max_depth: MAX_IMPORT_DEPTH,
    };
    if json_like {
        let (json, diagnostics) = json::parse(file.text, limits);
        inventory
            .problems
            .extend(diagnostics.into_iter().map(|diagnostic| ImportProblem {
                file: file.name.to_owned(),
                path: "$".to_owned(),
                diagnostic,
            }));
        let Some(json) = json else { return };
        if terraform::is_terraform(&json) {
            terraform::read(inventory, file, &json);
        } else if cloudformation::is_cloudformation(&json) {
            cloudformation::read(inventory, file, &json, &options.parameters);
        } else {
            aws_cli::read(inventory, file, &json);
        }
        return;
    }
    if file.text.len() > MAX_IMPORT_BYTES {
        let message = format!(
            "`{}` is {} bytes, over the import limit of {MAX_IMPORT_BYTES} bytes",
            file.name,
            file.text.len()
        );
        let span = Span::new(0, 0);
        let problem = ImportProblem::error(file.name, "$", span, "size-limit", message);
        inventory.problems.push(problem);
        return;
    }
    match yaml::parse(file.text, MAX_IMPORT_DEPTH) {
        Ok(json) if cloudformation::is_cloudformation(&json) => {
            cloudformation::read(inventory, file, &json, &options.parameters);
        }
        Ok(json) => {
            let message = format!(
                "`{}` is YAML but not a CloudFormation template (no `Resources` of `AWS::` types)",
                file.name
            );
            let problem =
                ImportProblem::error(file.name, "$", json.span, "unknown-output", message);
            inventory.problems.push(problem);
        }
        Err(diagnostic) => inventory.problems.push(ImportProblem {
            file: file.name.to_owned(),
            path: "$".to_owned(),
            diagnostic,
        }),
    }
}
