//! The JSON reports of imports, `who can` and exports (with the `import` and `export`
//! features), shared by the CLI's `--output json` and
//! the JS package: every problem with its file, JSON path, line and column; every deciding
//! statement with where it is written (`file:line:column` in an imported file, or the AWS
//! managed policy's ARN).

use crate::decision::{EvalDecision, StatementRef};
use crate::import::{ImportFile, ImportOptions, ImportProblem, Inventory, WhoCan};
use crate::managed::ManagedPolicies;
use crate::origin::Source;
use crate::span::LineIndex;
use serde_json::{Value, json};

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

    fn problem(&mut self, problem: &ImportProblem) -> Value {
        let d = &problem.diagnostic;
        let at = self.line_col(&problem.file, d.span.start);
        json!({
            "file": problem.file,
            "path": problem.path,
            "line": at.map(|a| a.0),
            "column": at.map(|a| a.1),
            "code": d.code,
            "severity": d.severity.as_str(),
            "message": d.message,
            "help": d.help,
        })
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
pub fn import_report(
    files: &[ImportFile<'_>],
    options: &ImportOptions,
    profile: Option<&str>,
    managed: &dyn ManagedPolicies,
) -> Value {
    let inventory = crate::import::read(files, options);
    let mut report = inventory_json(files, &inventory);
    if let (Some(out), Value::Object(scenario)) = (
        report.as_object_mut(),
        imported_scenario_json(files, &inventory, profile, managed),
    ) {
        out.extend(scenario);
    }
    report
}

/// What an import holds: `profiles` (each with its role), `roles` and `policies` (how many),
/// `awsManaged` (the AWS managed policies its roles attach, by ARN, for the caller to give)
/// and `problems`.
pub fn inventory_json(files: &[ImportFile<'_>], inventory: &Inventory) -> Value {
    let mut places = Files::new(files);
    let profiles: Vec<Value> = inventory
        .profiles()
        .iter()
        .map(|p| json!({ "name": p.name, "role": p.roles.first() }))
        .collect();
    json!({
        "profiles": profiles,
        "roles": inventory.roles().len(),
        "policies": inventory.policies().len(),
        "awsManaged": inventory.aws_managed(None),
        "problems": inventory.problems.iter().map(|p| places.problem(p)).collect::<Vec<_>>(),
    })
}

/// The scenario of the imported instance profile `profile` (or of the only one): `scenario`
/// (the document, or `null` when it cannot be made), `problems` and `warnings`.
pub fn imported_scenario_json(
    files: &[ImportFile<'_>],
    inventory: &Inventory,
    profile: Option<&str>,
    managed: &dyn ManagedPolicies,
) -> Value {
    let mut places = Files::new(files);
    let (scenario, problems, warnings) = match inventory.scenario(profile, managed) {
        Ok(made) => (Some(made.text), Vec::new(), made.warnings),
        Err(problems) => (None, problems, Vec::new()),
    };
    json!({
        "scenario": scenario,
        "problems": problems.iter().map(|p| places.problem(p)).collect::<Vec<_>>(),
        "warnings": warnings.iter().map(|p| places.problem(p)).collect::<Vec<_>>(),
    })
}

/// Which of the imported instance profiles may call `action` on `resource`: `allowed` (how
/// many), `profiles` (allowed first, each with its decision, reason and deciding statements)
/// and `problems`.
pub fn who_can_report(
    files: &[ImportFile<'_>],
    options: &ImportOptions,
    action: &str,
    resource: &str,
    managed: &dyn ManagedPolicies,
    now: &str,
) -> Value {
    let inventory = crate::import::read(files, options);
    let answer = crate::import::who_can(&inventory, action, resource, managed, now);
    who_can_json(files, action, resource, &answer)
}

/// The `who can` report of an answer already worked out over `files`.
pub fn who_can_json(
    files: &[ImportFile<'_>],
    action: &str,
    resource: &str,
    answer: &WhoCan,
) -> Value {
    let mut places = Files::new(files);
    let profiles: Vec<Value> = answer
        .answers
        .iter()
        .map(|a| {
            let deciding: Vec<Value> = a
                .deciding
                .iter()
                .map(|s| json!({ "policy": s.policy_name, "sid": s.sid, "index": s.index, "at": places.written_at(s) }))
                .collect();
            json!({ "profile": a.profile, "role": a.role, "decision": a.decision.as_str(), "reason": a.reason, "deciding": deciding })
        })
        .collect();
    let allowed = answer
        .answers
        .iter()
        .filter(|a| a.decision == EvalDecision::Allowed)
        .count();
    json!({
        "action": action,
        "resource": resource,
        "allowed": allowed,
        "profiles": profiles,
        "problems": answer.problems.iter().map(|p| places.problem(p)).collect::<Vec<_>>(),
    })
}

/// What creates the scenario's account in `format`: `text`, or `problems` (the scenario's, each
/// with its JSON path, line and column) when the scenario has errors.
#[cfg(feature = "export")]
pub fn export_report(
    scenario: &str,
    format: crate::export::ExportFormat,
    managed: &dyn ManagedPolicies,
) -> Value {
    match crate::export::export(scenario, format, managed) {
        Ok(text) => json!({ "text": text, "problems": [] }),
        Err(_) => {
            let read = crate::scenario::read_scenario_with(scenario, managed);
            let problems: Vec<Value> = super::problems(scenario, &read)
                .iter()
                .map(super::json::problem)
                .collect();
            json!({ "text": null, "problems": problems })
        }
    }
}
