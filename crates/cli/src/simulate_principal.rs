//! `iamplay simulate-principal-policy`: AWS's `simulate-principal-policy` for a role (or, as an
//! extension, an instance profile) of a scenario, with AWS's input and response shapes.

use crate::aws_input::{Flags, Operation, Principal, Problem, Simulation};
use crate::simulate_custom::{ResultArgs, answer};
use iamplay_core::chain::role_policies;
use iamplay_core::decision::StatementRef;
use iamplay_core::iam::{Account, Role};
use iamplay_core::scenario::read_scenario_with;
use std::collections::HashMap;
use std::io::Write;

/// Arguments of `simulate-principal-policy`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario whose account holds the role (a file, or `preset:ID`).
    #[arg(long)]
    pub scenario: String,
    /// The request as AWS CLI JSON: inline, or `file://input.json`.
    #[arg(long)]
    pub cli_input_json: Option<String>,
    /// The role's ARN, or (an extension) an instance profile's ARN for the role it holds.
    #[arg(long)]
    pub policy_source_arn: Option<String>,
    /// Actions to simulate.
    #[arg(long, num_args = 1..)]
    pub action_names: Vec<String>,
    /// Resource ARNs (default `*`).
    #[arg(long, num_args = 1..)]
    pub resource_arns: Vec<String>,
    #[command(flatten)]
    pub results: ResultArgs,
}

impl Args {
    /// The flags that set input fields.
    fn flags(&self) -> Flags<'_> {
        Flags {
            policy_source_arn: self.policy_source_arn.as_deref(),
            action_names: &self.action_names,
            resource_arns: &self.resource_arns,
            ..Flags::default()
        }
    }
}

fn scenario_text(value: &str) -> Result<String, String> {
    crate::inputs::read_document(value).map(|(_, text)| text)
}

/// The role named by a role or instance profile ARN.
fn role_name(account: &Account, arn: &str) -> Result<String, String> {
    let resource = iamplay_core::arn::Arn::parse(arn)
        .filter(|a| a.service == "iam")
        .map(|a| a.resource)
        .ok_or_else(|| format!("PolicySourceArn `{arn}` is not an IAM ARN"))?;
    let name = resource.rsplit('/').next().unwrap_or("");
    if resource.starts_with("role/") {
        return account
            .role(name)
            .map(|r| r.name.clone())
            .map_err(|e| e.to_string());
    }
    if resource.starts_with("instance-profile/") {
        let profile = account.instance_profile(name).map_err(|e| e.to_string())?;
        return profile
            .roles
            .first()
            .cloned()
            .ok_or_else(|| format!("instance profile `{name}` holds no role"));
    }
    Err(format!(
        "PolicySourceArn `{arn}` must name a role or an instance profile of the scenario"
    ))
}

/// Runs the command; exit status as for `simulate-custom-policy`.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    match simulate(args) {
        Ok((simulation, labels)) => {
            let label = |s: &StatementRef| labels.get(&s.policy_name).copied().unwrap_or("none");
            answer(&simulation, &args.results, &label, out)
        }
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            2
        }
    }
}

/// The problems of an input, each on a line.
fn brief(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(Problem::brief).collect();
    lines.join("\n")
}

/// The simulation, with the `SourcePolicyType` of policies by name (any other is `none`, as
/// AWS names the input's policies).
fn simulate(args: &Args) -> Result<(Simulation, HashMap<String, &'static str>), String> {
    let text = scenario_text(&args.scenario)?;
    let read = read_scenario_with(&text, &crate::managed::Embedded);
    let scenario = read.scenario.ok_or_else(|| {
        let first = read.problems.first().map_or(String::new(), |p| {
            format!(": {} (at {})", p.diagnostic.message, p.path)
        });
        format!(
            "the scenario has {} problem(s){first}; run `iamplay simulate` on it for details",
            read.problems.len()
        )
    })?;
    let operation = Operation::SimulatePrincipalPolicy;
    let input = crate::aws_input::read(operation, args.cli_input_json.as_deref(), &args.flags())?;
    let source = input
        .policy_source_arn
        .as_deref()
        .ok_or("PolicySourceArn is required")?;
    let missing = input.required(operation);
    if !missing.is_empty() {
        return Err(brief(&missing));
    }
    let account = &scenario.account;
    let role = account
        .role(&role_name(account, source)?)
        .map_err(|e| e.to_string())?;
    // The role's own policies as the scenario compiled them: the same set its sessions use.
    let mut warnings = Vec::new();
    let mut policies = role_policies(account, role, &scenario.organization, &mut warnings);
    if let Some(warning) = warnings.first() {
        return Err(warning.clone());
    }
    policies.resource_in_management_account = scenario.organization.management_account;
    let principal = Principal {
        policies,
        arn: role.arn.clone(),
    };
    let simulation = input.build(Some(principal)).map_err(|p| brief(&p))?;
    Ok((simulation, source_policy_types(account, role)))
}

/// AWS's `SourcePolicyType` of the role's policies and of the input's `ResourcePolicy`, by name.
fn source_policy_types(account: &Account, role: &Role) -> HashMap<String, &'static str> {
    let mut labels: HashMap<String, &'static str> = HashMap::new();
    for name in role.inline_policies.keys() {
        labels.insert(name.clone(), "role");
    }
    for arn in &role.attached_policies {
        if let Ok(policy) = account.policy(arn) {
            let kind = if arn.contains(":iam::aws:policy/") {
                "aws-managed"
            } else {
                "user-managed"
            };
            labels.insert(policy.name.clone(), kind);
        }
    }
    labels.insert("ResourcePolicy".to_owned(), "resource");
    labels
}
