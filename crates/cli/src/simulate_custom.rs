//! `iamplay simulate-custom-policy`: AWS's `simulate-custom-policy`, offline, with the same
//! input (`--cli-input-json` or flags) and the same response shape.

use crate::aws_input::{Flags, Operation, SimulatePolicyInput, Simulation};
use iamplay_core::decision::{StatementOutcome, StatementRef, StepOutcome};
use iamplay_core::{
    CompiledPolicy, EvalDecision, Evaluation, LineCol, LineIndex, PolicySet, PolicyType,
    PreparedRequest, explain,
};
use serde_json::{Map, Value, json};
use std::io::Write;

/// Output formats, as the AWS CLI names them.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// AWS's response JSON.
    Json,
    /// A readable table.
    Text,
}

/// Arguments of `simulate-custom-policy`; flags override fields of `--cli-input-json`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The request as AWS CLI JSON: inline, or `file://input.json`.
    #[arg(long)]
    pub cli_input_json: Option<String>,
    /// Identity-based policy documents (inline JSON or `file://…`).
    #[arg(long, num_args = 1..)]
    pub policy_input_list: Vec<String>,
    /// The permissions boundary document.
    #[arg(long, num_args = 1..)]
    pub permissions_boundary_policy_input_list: Vec<String>,
    /// Actions to simulate, e.g. `s3:PutObject`.
    #[arg(long, num_args = 1..)]
    pub action_names: Vec<String>,
    /// Resource ARNs (default `*`).
    #[arg(long, num_args = 1..)]
    pub resource_arns: Vec<String>,
    /// The resource-based policy document.
    #[arg(long)]
    pub resource_policy: Option<String>,
    /// The account that owns the resources (account id or ARN).
    #[arg(long)]
    pub resource_owner: Option<String>,
    /// The calling principal's ARN; a role session ARN is accepted.
    #[arg(long)]
    pub caller_arn: Option<String>,
    /// `ContextEntries` as JSON (inline or `file://…`).
    #[arg(long)]
    pub context_entries: Option<String>,
    #[command(flatten)]
    pub results: ResultArgs,
}

/// How the results are written; `simulate-principal-policy` takes the same flags.
#[derive(clap::Args, Debug)]
pub struct ResultArgs {
    /// `json` (AWS's response) or `text`.
    #[arg(long, value_enum, default_value = "json")]
    pub output: OutputFormat,
    /// Add iamplay's explanation to each result (`Iamplay` field).
    #[arg(long)]
    pub explain: bool,
}

impl Args {
    /// The flags that set input fields.
    fn flags(&self) -> Flags<'_> {
        Flags {
            policy_input_list: &self.policy_input_list,
            permissions_boundary_policy_input_list: &self.permissions_boundary_policy_input_list,
            action_names: &self.action_names,
            resource_arns: &self.resource_arns,
            resource_policy: self.resource_policy.as_deref(),
            resource_owner: self.resource_owner.as_deref(),
            caller_arn: self.caller_arn.as_deref(),
            context_entries: self.context_entries.as_deref(),
            ..Flags::default()
        }
    }
}

/// Compiles an input, or writes every problem to `err` and returns `None` (exit status 2).
pub fn simulation_or_report(
    input: Result<SimulatePolicyInput, String>,
    err: &mut impl Write,
) -> Option<Simulation> {
    let input = match input {
        Ok(input) => input,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return None;
        }
    };
    match input.build(None) {
        Ok(simulation) => Some(simulation),
        Err(problems) => {
            for problem in problems {
                let _ = writeln!(err, "{}", problem.full());
            }
            None
        }
    }
}

/// Runs the command; returns the exit status (0 all allowed, 1 any denied, 2 bad input).
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let input = SimulatePolicyInput::read(
        Operation::SimulateCustomPolicy,
        args.cli_input_json.as_deref(),
        &args.flags(),
    );
    let Some(simulation) = simulation_or_report(input, err) else {
        return 2;
    };
    let label = |s: &StatementRef| source_policy_type(s.policy_type);
    answer(&simulation, &args.results, &label, out)
}

/// Evaluates every request and writes the results: AWS's response, with `label` naming each
/// policy's `SourcePolicyType`, or a table. Returns the exit status: 0 when every request is
/// allowed, 1 when any is denied, 2 when the results cannot be written.
pub fn answer(
    simulation: &Simulation,
    results: &ResultArgs,
    label: TypeLabel<'_>,
    out: &mut impl Write,
) -> u8 {
    let set = &simulation.set;
    let evaluations: Vec<(String, String, Evaluation)> = simulation
        .requests
        .iter()
        .map(|request| {
            let evaluation = explain(set, &PreparedRequest::new(request));
            (request.action.clone(), request.resource.clone(), evaluation)
        })
        .collect();
    let all_allowed = evaluations
        .iter()
        .all(|(_, _, e)| e.decision == EvalDecision::Allowed);
    let written = match results.output {
        OutputFormat::Json => {
            serde_json::to_string_pretty(&response(set, &evaluations, results.explain, label))
                .map_err(std::io::Error::other)
                .and_then(|text| writeln!(out, "{text}"))
        }
        OutputFormat::Text => write_text(out, set, &evaluations),
    };
    match (written, all_allowed) {
        (Err(_), _) => 2,
        (Ok(()), true) => 0,
        (Ok(()), false) => 1,
    }
}

/// AWS's `SourcePolicyType` wording for each policy type.
pub fn source_policy_type(kind: PolicyType) -> &'static str {
    match kind {
        PolicyType::Identity => "IAM Policy",
        PolicyType::Resource | PolicyType::Trust => "Resource Policy",
        PolicyType::PermissionsBoundary => "Permissions Boundary Policy",
        PolicyType::Session => "Session Policy",
        PolicyType::ServiceControl => "Service Control Policy",
        PolicyType::ResourceControl => "Resource Control Policy",
    }
}

fn find<'a>(set: &'a PolicySet, name: &str) -> Option<&'a CompiledPolicy> {
    set.policies().map(|(_, p)| p).find(|p| p.name == name)
}

fn line_col(set: &PolicySet, statement: &StatementRef, end: bool) -> Option<LineCol> {
    let policy = find(set, &statement.policy_name)?;
    let index = LineIndex::new(&policy.text);
    let offset = if end {
        statement.span.end.saturating_sub(1)
    } else {
        statement.span.start
    };
    Some(index.line_col(offset))
}

/// AWS's `Position`: `{"Line": …, "Column": …}`.
fn position(set: &PolicySet, statement: &StatementRef, end: bool) -> Value {
    match line_col(set, statement, end) {
        Some(at) => json!({ "Line": at.line, "Column": at.column }),
        None => Value::Null,
    }
}

fn matched(set: &PolicySet, statements: &[StatementRef], label: TypeLabel<'_>) -> Vec<Value> {
    statements
        .iter()
        .map(|s| {
            json!({
                "SourcePolicyId": s.policy_name,
                "SourcePolicyType": label(s),
                "StartPosition": position(set, s, false),
                "EndPosition": position(set, s, true),
            })
        })
        .collect()
}

fn allows_in(evaluation: &Evaluation, kind: PolicyType) -> bool {
    evaluation
        .policies
        .iter()
        .filter(|p| p.policy_type == kind)
        .flat_map(|p| p.statements.iter())
        .any(|s| {
            s.outcome == StatementOutcome::Applies
                && s.statement.effect == iamplay_core::policy::Effect::Allow
        })
}

/// How a statement's policy is named in `SourcePolicyType`.
pub type TypeLabel<'a> = &'a dyn Fn(&StatementRef) -> &'static str;

/// AWS's response for evaluated requests; `label` names each policy's `SourcePolicyType`.
fn response(
    set: &PolicySet,
    evaluations: &[(String, String, Evaluation)],
    explain: bool,
    label: TypeLabel<'_>,
) -> Value {
    let results: Vec<Value> = evaluations
        .iter()
        .map(|(action, resource, e)| {
            let mut result = Map::new();
            result.insert("EvalActionName".into(), json!(action));
            result.insert("EvalResourceName".into(), json!(resource));
            result.insert("EvalDecision".into(), json!(e.decision.as_str()));
            result.insert("MatchedStatements".into(), Value::Array(matched(set, &e.deciding, label)));
            let missing = if resource == "*" {
                e.missing_context_keys.clone()
            } else {
                Vec::new()
            };
            result.insert("MissingContextValues".into(), json!(missing));
            if !set.scp_levels.is_empty() {
                let blocked = matches!(e.reason, iamplay_core::decision::Reason::ScpLevel(_))
                    || e.deciding.iter().any(|s| {
                        s.policy_type == PolicyType::ServiceControl
                            && s.effect == iamplay_core::policy::Effect::Deny
                    });
                result.insert(
                    "OrganizationsDecisionDetail".into(),
                    json!({ "AllowedByOrganizations": !blocked }),
                );
            }
            if set.boundary.is_some() {
                result.insert(
                    "PermissionsBoundaryDecisionDetail".into(),
                    json!({ "AllowedByPermissionsBoundary": allows_in(e, PolicyType::PermissionsBoundary) }),
                );
            }
            if set.resource_account.is_some() {
                let decision = |allowed: bool| if allowed { "allowed" } else { "implicitDeny" };
                result.insert(
                    "EvalDecisionDetails".into(),
                    json!({
                        "IAM Policy": decision(allows_in(e, PolicyType::Identity)),
                        "Resource Policy": decision(allows_in(e, PolicyType::Resource)),
                    }),
                );
            }
            if resource != "*" {
                result.insert(
                    "ResourceSpecificResults".into(),
                    json!([{
                        "EvalResourceName": resource,
                        "EvalResourceDecision": e.decision.as_str(),
                        "MatchedStatements": matched(set, &e.deciding, label),
                        "MissingContextValues": e.missing_context_keys,
                    }]),
                );
            }
            if explain {
                result.insert("Iamplay".into(), explanation(set, e));
            }
            Value::Object(result)
        })
        .collect();
    json!({ "EvaluationResults": results, "IsTruncated": false })
}

fn outcome_words(outcome: &StatementOutcome) -> String {
    match outcome {
        StatementOutcome::Applies => "applies".to_owned(),
        StatementOutcome::ActionNotMatched(_) => "action does not match".to_owned(),
        StatementOutcome::ResourceNotMatched(_) => "resource does not match".to_owned(),
        StatementOutcome::PrincipalNotMatched(_) => "principal does not match".to_owned(),
        StatementOutcome::NotApplicable => "policy does not apply to this request".to_owned(),
        StatementOutcome::ConditionFailed(f) => {
            let request = match &f.request_values {
                Some(values) => format!("request has {values:?}"),
                None => "key absent from the request".to_owned(),
            };
            format!(
                "condition {} {} {:?} does not hold: {request}",
                f.operator, f.key, f.policy_values
            )
        }
    }
}

/// iamplay's explanation of one result (the `Iamplay` extension field).
pub fn explanation(set: &PolicySet, e: &Evaluation) -> Value {
    let steps: Vec<Value> = e
        .steps
        .iter()
        .map(|s| {
            json!({
                "Stage": s.stage,
                "Outcome": match s.outcome {
                    StepOutcome::Passed => "passed",
                    StepOutcome::Decided => "decided",
                    StepOutcome::Skipped => "skipped",
                },
                "Detail": s.detail,
            })
        })
        .collect();
    let statements: Vec<Value> = e
        .policies
        .iter()
        .flat_map(|p| p.statements.iter())
        .map(|s| {
            json!({
                "SourcePolicyId": s.statement.policy_name,
                "SourcePolicyType": source_policy_type(s.statement.policy_type),
                "Sid": s.statement.sid,
                "Index": s.statement.index,
                "Effect": s.statement.effect.to_string(),
                "StartPosition": position(set, &s.statement, false),
                "Outcome": outcome_words(&s.outcome),
            })
        })
        .collect();
    json!({ "Summary": e.summary, "Steps": steps, "Statements": statements })
}

fn write_text(
    out: &mut impl Write,
    set: &PolicySet,
    evaluations: &[(String, String, Evaluation)],
) -> std::io::Result<()> {
    for (action, resource, e) in evaluations {
        writeln!(out, "{:<13} {action} on {resource}", e.decision.as_str())?;
        writeln!(out, "  why: {}", e.summary)?;
        for statement in &e.deciding {
            let at = line_col(set, statement, false).map_or_else(String::new, |at| {
                format!(" at line {}, column {}", at.line, at.column)
            });
            let sid = statement
                .sid
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            writeln!(
                out,
                "  deciding: {} statement #{}{sid}{at}",
                statement.policy_name,
                statement.index + 1,
            )?;
        }
        if !e.missing_context_keys.is_empty() {
            writeln!(
                out,
                "  missing context keys: {}",
                e.missing_context_keys.join(", ")
            )?;
        }
    }
    Ok(())
}
