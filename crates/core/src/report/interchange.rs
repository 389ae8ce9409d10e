//! The JSON reports of imports, `who can` and exports (with the `import` and `export`
//! features), shared by the CLI's `--output json` and
//! the JS package: every problem with its file, JSON path, line and column; every deciding
//! statement with where it is written (`file:line:column` in an imported file, or the AWS
//! managed policy's ARN).

use super::wire;
use crate::decision::{EvalDecision, StatementRef};
use crate::import::{ImportFile, ImportOptions, ImportProblem, Inventory, WhoCan};
use crate::managed::ManagedPolicies;
use crate::origin::Source;
use crate::span::LineIndex;
use serde_json::Value;

/// The line index of each file, made when first needed.
struct Files<'f> {
    files: &'f [ImportFile<'f>],
    indexes: Vec<Option<LineIndex<'f>>>,
}

impl<'f> Files<'f> {
    fn new(files: &'f [ImportFile<'f>]) -> Self {
        Self {
            files,
            indexes: files.iter().map(|_| None).collect(),
        }
    }

    /// `(line, column)` of `offset` in the file `name`, from 1.
    fn line_col(&mut self, name: &str, offset: usize) -> Option<(usize, usize)> {
        let i = self.files.iter().position(|f| f.name == name)?;
        let text = self.files.get(i)?.text;
        let slot = self.indexes.get_mut(i)?;
        let at = slot
            .get_or_insert_with(|| LineIndex::new(text))
            .line_col(offset);
        Some((at.line, at.column))
    }

    fn problem(&mut self, problem: &ImportProblem) -> wire::ImportProblem {
        let d = &problem.diagnostic;
        let at = self.line_col(&problem.file, d.span.start);
        wire::ImportProblem {
            file: problem.file.clone(),
            path: problem.path.clone(),
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
            code: d.code.to_owned(),
            severity: d.severity.as_str().to_owned(),
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }

    /// Where a statement is written: `FILE:LINE:COLUMN`, or the managed policy's ARN.
    fn written_at(&mut self, statement: &StatementRef) -> String {
        match &statement.origin.source {
            Source::Input { file, path } => {
                match self.line_col(file, statement.source_span().start) {
                    Some((line, column)) => format!("{file}:{line}:{column}"),
                    None => format!("{file} {path}"),
                }
            }
            Source::Managed(arn) => arn.clone(),
            Source::Scenario(path) => path.clone(),
            Source::Text => String::new(),
        }
    }
}

/// Imports `files` and makes the scenario of `profile` (or of the only profile): `profiles`
/// (each with its role), `awsManaged` (the AWS managed policies the import's roles attach, by
/// ARN), `scenario` (the document, when it could be made), `problems` and `warnings`.
pub fn import_result(
    files: &[ImportFile<'_>],
    options: &ImportOptions,
    profile: Option<&str>,
    managed: &dyn ManagedPolicies,
) -> wire::ImportResult {
    let inventory = crate::import::read(files, options);
    let held = inventory_result(files, &inventory);
    let made = imported_scenario(files, &inventory, profile, managed);
    wire::ImportResult {
        scenario: made.scenario,
        // The scenario's problems stand for the import's: making it reports those too.
        problems: made.problems,
        warnings: made.warnings,
        ..held
    }
}

/// [`import_result`] as a JSON value.
pub fn import_report(
    files: &[ImportFile<'_>],
    options: &ImportOptions,
    profile: Option<&str>,
    managed: &dyn ManagedPolicies,
) -> Value {
    super::json::value(&import_result(files, options, profile, managed))
}

fn inventory_result(files: &[ImportFile<'_>], inventory: &Inventory) -> wire::ImportResult {
    let mut places = Files::new(files);
    wire::ImportResult {
        profiles: inventory
            .profiles()
            .iter()
            .map(|p| wire::ProfileName {
                name: p.name.clone(),
                role: p.roles.first().cloned(),
            })
            .collect(),
        roles: inventory.roles().len(),
        policies: inventory.policies().len(),
        aws_managed: inventory.aws_managed(None),
        scenario: None,
        problems: inventory
            .problems
            .iter()
            .map(|p| places.problem(p))
            .collect(),
        warnings: Vec::new(),
    }
}

/// What an import holds: `profiles` (each with its role), `roles` and `policies` (how many),
/// `awsManaged` (the AWS managed policies its roles attach, by ARN, for the caller to give)
/// and `problems`.
pub fn inventory_json(files: &[ImportFile<'_>], inventory: &Inventory) -> Value {
    let mut value = super::json::value(&inventory_result(files, inventory));
    if let Some(fields) = value.as_object_mut() {
        for key in ["scenario", "warnings"] {
            fields.remove(key);
        }
    }
    value
}

/// The scenario of one profile, its problems and warnings.
struct Imported {
    scenario: Option<String>,
    problems: Vec<wire::ImportProblem>,
    warnings: Vec<wire::ImportProblem>,
}

fn imported_scenario(
    files: &[ImportFile<'_>],
    inventory: &Inventory,
    profile: Option<&str>,
    managed: &dyn ManagedPolicies,
) -> Imported {
    let mut places = Files::new(files);
    let (scenario, problems, warnings) = match inventory.scenario(profile, managed) {
        Ok(made) => (Some(made.text), Vec::new(), made.warnings),
        Err(problems) => (None, problems, Vec::new()),
    };
    Imported {
        scenario,
        problems: problems.iter().map(|p| places.problem(p)).collect(),
        warnings: warnings.iter().map(|p| places.problem(p)).collect(),
    }
}

/// The scenario of the imported instance profile `profile` (or of the only one): `scenario`
/// (the document, or `null` when it cannot be made), `problems` and `warnings`.
pub fn imported_scenario_json(
    files: &[ImportFile<'_>],
    inventory: &Inventory,
    profile: Option<&str>,
    managed: &dyn ManagedPolicies,
) -> Value {
    let made = imported_scenario(files, inventory, profile, managed);
    serde_json::json!({
        "scenario": made.scenario,
        "problems": super::json::value(&made.problems),
        "warnings": super::json::value(&made.warnings),
    })
}

/// Which of the imported instance profiles may call `action` on `resource`: `allowed` (how
/// many), `profiles` (allowed first, each with its decision, reason and deciding statements)
/// and `problems`.
pub fn who_can_result(
    files: &[ImportFile<'_>],
    options: &ImportOptions,
    action: &str,
    resource: &str,
    managed: &dyn ManagedPolicies,
    now: &str,
) -> wire::WhoCanResult {
    let inventory = crate::import::read(files, options);
    let answer = crate::import::who_can(&inventory, action, resource, managed, now);
    who_can_typed(files, action, resource, &answer)
}

/// [`who_can_result`] as a JSON value.
pub fn who_can_report(
    files: &[ImportFile<'_>],
    options: &ImportOptions,
    action: &str,
    resource: &str,
    managed: &dyn ManagedPolicies,
    now: &str,
) -> Value {
    super::json::value(&who_can_result(
        files, options, action, resource, managed, now,
    ))
}

fn who_can_typed(
    files: &[ImportFile<'_>],
    action: &str,
    resource: &str,
    answer: &WhoCan,
) -> wire::WhoCanResult {
    let mut places = Files::new(files);
    let profiles = answer
        .answers
        .iter()
        .map(|a| wire::ProfileAnswer {
            profile: a.profile.clone(),
            role: a.role.clone(),
            decision: a.decision.as_str().to_owned(),
            reason: a.reason.clone(),
            deciding: a
                .deciding
                .iter()
                .map(|s| wire::ImportedStatement {
                    policy: s.policy_name.clone(),
                    sid: s.sid.clone(),
                    index: s.index,
                    at: places.written_at(s),
                })
                .collect(),
        })
        .collect();
    wire::WhoCanResult {
        action: action.to_owned(),
        resource: resource.to_owned(),
        allowed: answer
            .answers
            .iter()
            .filter(|a| a.decision == EvalDecision::Allowed)
            .count(),
        profiles,
        problems: answer.problems.iter().map(|p| places.problem(p)).collect(),
    }
}

/// The `who can` report of an answer already worked out over `files`.
pub fn who_can_json(
    files: &[ImportFile<'_>],
    action: &str,
    resource: &str,
    answer: &WhoCan,
) -> Value {
    super::json::value(&who_can_typed(files, action, resource, answer))
}

/// What creates the scenario's account in `format`: `text`, or `problems` (the scenario's, each
/// with its JSON path, line and column) when the scenario has errors.
#[cfg(feature = "export")]
pub fn export_result(
    scenario: &str,
    format: crate::export::ExportFormat,
    managed: &dyn ManagedPolicies,
) -> wire::ExportResult {
    match crate::export::export(scenario, format, managed) {
        Ok(text) => wire::ExportResult {
            text: Some(text),
            problems: Vec::new(),
        },
        Err(_) => {
            let read = crate::scenario::read_scenario_with(scenario, managed);
            wire::ExportResult {
                text: None,
                problems: super::problems(scenario, &read)
                    .iter()
                    .map(super::json::problem)
                    .collect(),
            }
        }
    }
}

/// [`export_result`] as a JSON value.
#[cfg(feature = "export")]
pub fn export_report(
    scenario: &str,
    format: crate::export::ExportFormat,
    managed: &dyn ManagedPolicies,
) -> Value {
    super::json::value(&export_result(scenario, format, managed))
}
