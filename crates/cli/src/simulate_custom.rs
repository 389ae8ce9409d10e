//! `iamplay simulate-custom-policy`: AWS's `simulate-custom-policy`, offline, with the same
//! input (`--cli-input-json` or flags) and the same response shape.

use crate::aws_input::{Flags, Operation, Simulation};
use iamplay_core::aws::{TypeLabel, model_source_type, response, statement_start};
use iamplay_core::decision::StatementRef;
use iamplay_core::{Evaluation, PolicySet};
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
    input: Result<iamplay_core::aws::SimulatePolicyInput, String>,
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
                let _ = writeln!(err, "{}", crate::aws_input::full(&problem));
            }
            None
        }
    }
}

/// Runs the command; returns the exit status (0 all allowed, 1 any denied, 2 bad input).
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let input = crate::aws_input::read(
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
    let page = simulation.evaluate_page();
    let evaluations = &page.evaluations;
    let written = match results.output {
        OutputFormat::Json => {
            let mut response = response(set, evaluations, results.explain, label);
            if let Some(marker) = page.next.clone() {
                response.is_truncated = true;
                response.marker = Some(marker);
            }
            serde_json::to_string_pretty(&response)
                .map_err(std::io::Error::other)
                .and_then(|text| writeln!(out, "{text}"))
        }
        OutputFormat::Text => write_text(out, set, evaluations),
    };
    match (written, page.all_allowed) {
        (Err(_), _) => 2,
        (Ok(()), true) => 0,
        (Ok(()), false) => 1,
    }
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
