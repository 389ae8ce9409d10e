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
    let label = |s: &StatementRef| model_source_type(s.policy_type);
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
    let (start, max) = simulation.page;
    let end = start.saturating_add(max).min(simulation.requests.len());
    let next = (end < simulation.requests.len()).then(|| crate::aws_input::marker(end));
    let evaluations: Vec<(String, String, Evaluation)> = simulation
        .requests
        .get(start.min(end)..end)
        .unwrap_or_default()
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
            let mut response = response(set, &evaluations, results.explain, label);
            if let (Some(marker), Some(fields)) = (&next, response.as_object_mut()) {
                fields.insert("IsTruncated".into(), json!(true));
                fields.insert("Marker".into(), json!(marker));
            }
            serde_json::to_string_pretty(&response)
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

/// `SourcePolicyType` as AWS's API model defines it (`user | group | role | aws-managed |
/// user-managed | resource | none`): the policies of `simulate-custom-policy` come from its
/// input, not from an IAM entity, so only a resource-based policy has a type of its own.
pub fn model_source_type(kind: PolicyType) -> &'static str {
    match kind {
        PolicyType::Resource | PolicyType::Trust => "resource",
        _ => "none",
    }
}

/// iamplay's richer name for each policy type, under `--explain`.
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

/// Where AWS places a statement, 1-based, each position just after a brace: the end just after
/// the statement's `}`; the start just after its `{` when `Statement` is one object, just after
/// the `[` for the first statement of a list, and just after the previous statement's `}` for
/// the others (so it equals that statement's end). The AWS CLI's own example (`{1, 38}` to
/// `{1, 167}` for a statement whose braces are at offsets 36 and 165) is read so.
pub fn aws_positions(text: &str, start: usize, end: usize) -> (LineCol, LineCol) {
    let index = LineIndex::new(text);
    let before = text.get(..start).unwrap_or_default();
    let opening = match before.trim_end().char_indices().last() {
        Some((at, '[')) => at + 1,
        Some((at, ',')) => before
            .get(..at)
            .and_then(|b| b.rfind('}'))
            .map_or(start + 1, |close| close + 1),
        _ => start + 1,
    };
    (index.line_col(opening), index.line_col(end))
}

/// Where a statement's own `{` is, for people: "at line 3, column 5".
fn statement_start(set: &PolicySet, statement: &StatementRef) -> Option<LineCol> {
    let policy = find(set, &statement.policy_name)?;
    Some(LineIndex::new(&policy.text).line_col(statement.span.start))
}

/// AWS's `StartPosition` of a statement (see [`aws_positions`]), or `null` when its text is
/// not at hand.
fn position(set: &PolicySet, statement: &StatementRef) -> Value {
    match find(set, &statement.policy_name) {
        Some(policy) => {
            let (start, _) = aws_positions(&policy.text, statement.span.start, statement.span.end);
            json!({ "Line": start.line, "Column": start.column })
        }
        None => Value::Null,
    }
}

fn matched(set: &PolicySet, statements: &[StatementRef], label: TypeLabel<'_>) -> Vec<Value> {
    statements
        .iter()
        // AWS's response lists the statements of the policies it was given, not SCPs or RCPs.
        .filter(|s| {
            !matches!(
                s.policy_type,
                PolicyType::ServiceControl | PolicyType::ResourceControl
            )
        })
        .map(|s| {
            let mut m = Map::new();
            m.insert("SourcePolicyId".into(), json!(s.policy_name));
            m.insert("SourcePolicyType".into(), json!(label(s)));
            if let Some(policy) = find(set, &s.policy_name) {
                let (start, end) = aws_positions(&policy.text, s.span.start, s.span.end);
                m.insert(
                    "StartPosition".into(),
                    json!({ "Line": start.line, "Column": start.column }),
                );
                m.insert(
                    "EndPosition".into(),
                    json!({ "Line": end.line, "Column": end.column }),
                );
            }
            Value::Object(m)
        })
        .collect()
}

/// Whether the policies of a kind allow on their own: an `Allow` applies and no `Deny` does.
fn allowed_by(evaluation: &Evaluation, kind: PolicyType) -> bool {
    let applying = |effect| {
        evaluation
            .policies
            .iter()
            .filter(|p| p.policy_type == kind && p.applies)
            .flat_map(|p| p.statements.iter())
            .any(|s| s.outcome == StatementOutcome::Applies && s.statement.effect == effect)
    };
    applying(iamplay_core::policy::Effect::Allow) && !applying(iamplay_core::policy::Effect::Deny)
}

/// `AllowedByOrganizations`, from the SCPs alone: no SCP `Deny` applies, and at every level an
/// SCP `Allow` does (or SCPs do not apply to the caller).
fn allowed_by_organizations(set: &PolicySet, evaluation: &Evaluation) -> bool {
    let scps: Vec<_> = evaluation
        .policies
        .iter()
        .filter(|p| p.policy_type == PolicyType::ServiceControl)
        .collect();
    if scps.iter().all(|p| !p.applies) {
        return true;
    }
    let applying = |p: &&iamplay_core::decision::PolicyTrace, effect| {
        p.statements
            .iter()
            .any(|s| s.outcome == StatementOutcome::Applies && s.statement.effect == effect)
    };
    let denied = scps
        .iter()
        .any(|p| applying(p, iamplay_core::policy::Effect::Deny));
    let every_level = (0..set.scp_levels.len()).all(|level| {
        scps.iter().any(|p| {
            p.place == iamplay_core::decision::Place::Scp(level)
                && applying(p, iamplay_core::policy::Effect::Allow)
        })
    });
    !denied && every_level
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
                result.insert(
                    "OrganizationsDecisionDetail".into(),
                    json!({ "AllowedByOrganizations": allowed_by_organizations(set, e) }),
                );
            }
            let boundary = set.boundary.is_some().then(|| {
                json!({ "AllowedByPermissionsBoundary": allowed_by(e, PolicyType::PermissionsBoundary) })
            });
            if let Some(boundary) = &boundary {
                result.insert("PermissionsBoundaryDecisionDetail".into(), boundary.clone());
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
                let mut specific = Map::new();
                specific.insert("EvalResourceName".into(), json!(resource));
                specific.insert("EvalResourceDecision".into(), json!(e.decision.as_str()));
                specific.insert("MatchedStatements".into(), Value::Array(matched(set, &e.deciding, label)));
                specific.insert("MissingContextValues".into(), json!(e.missing_context_keys));
                if let Some(boundary) = boundary {
                    specific.insert("PermissionsBoundaryDecisionDetail".into(), boundary);
                }
                result.insert("ResourceSpecificResults".into(), json!([Value::Object(specific)]));
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
                "StartPosition": position(set, &s.statement),
                "Outcome": outcome_words(&s.outcome),
            })
        })
        .collect();
    json!({ "Summary": e.summary, "Steps": steps, "Statements": statements, "Warnings": e.warnings })
}

fn write_text(
    out: &mut impl Write,
    set: &PolicySet,
    evaluations: &[(String, String, Evaluation)],
) -> std::io::Result<()> {
    for (action, resource, e) in evaluations {
        writeln!(out, "{:<13} {action} on {resource}", e.decision.as_str())?;
        writeln!(out, "  why: {}", e.summary)?;
        for warning in &e.warnings {
            writeln!(out, "  warning: {warning}")?;
        }
        for statement in &e.deciding {
            let at = statement_start(set, statement).map_or_else(String::new, |at| {
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
