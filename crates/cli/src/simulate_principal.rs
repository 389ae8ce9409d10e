//! `iamplay simulate-principal-policy`: AWS's `simulate-principal-policy` for a role (or, as an
//! extension, an instance profile) of a scenario, with AWS's input and response shapes.

use crate::aws_input::{Flags, Operation, SimulatePolicyInput, account_of, context_of};
use crate::simulate_custom::{OutputFormat, response, write_text};
use iamplay_core::chain::role_policies;
use iamplay_core::decision::StatementRef;
use iamplay_core::iam::Account;
use iamplay_core::scenario::read_scenario_with;
use iamplay_core::{
    CompiledPolicy, EvalDecision, Evaluation, Origin, PolicyDocument, PolicySet, PolicyType,
    PreparedRequest, Request, Source, explain,
};
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

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
            policy_source_arn: self.policy_source_arn.as_deref(),
            action_names: &self.action_names,
            resource_arns: &self.resource_arns,
            ..Flags::default()
        }
    }
}

fn scenario_text(value: &str) -> Result<String, String> {
    crate::access::document(value).map(|(_, text)| text)
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

/// Compiles a policy of the input (`PolicyInputList.1`…), its place being its origin.
fn compiled(name: &str, kind: PolicyType, text: &str) -> Result<Arc<CompiledPolicy>, String> {
    let origin = Origin::whole(Source::Input {
        file: String::new(),
        path: name.to_owned(),
    });
    let document = PolicyDocument::compile(name, kind, text, origin);
    if let Some(first) = document.diagnostics.first() {
        return Err(format!("{name}: {}", first.message));
    }
    document
        .policy
        .map(Arc::new)
        .ok_or_else(|| format!("{name} could not be read"))
}

/// Runs the command; exit status as for `simulate-custom-policy`.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    match simulate(args) {
        Ok((set, evaluations, labels)) => {
            let all_allowed = evaluations
                .iter()
                .all(|(_, _, e)| e.decision == EvalDecision::Allowed);
            let written = match args.output {
                OutputFormat::Json => {
                    let label =
                        |s: &StatementRef| labels.get(&s.policy_name).copied().unwrap_or("none");
                    serde_json::to_string_pretty(&response(
                        &set,
                        &evaluations,
                        args.explain,
                        &label,
                    ))
                    .map_err(std::io::Error::other)
                    .and_then(|t| writeln!(out, "{t}"))
                }
                OutputFormat::Text => write_text(out, &set, &evaluations),
            };
            match (written, all_allowed) {
                (Err(_), _) => 2,
                (Ok(()), true) => 0,
                (Ok(()), false) => 1,
            }
        }
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            2
        }
    }
}

type Simulated = (
    PolicySet,
    Vec<(String, String, Evaluation)>,
    HashMap<String, &'static str>,
);

fn simulate(args: &Args) -> Result<Simulated, String> {
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
    let input = SimulatePolicyInput::read(
        Operation::SimulatePrincipalPolicy,
        args.cli_input_json.as_deref(),
        &args.flags(),
    )?;
    let source = input
        .policy_source_arn
        .as_deref()
        .ok_or("PolicySourceArn is required")?;
    if input.action_names.is_empty() {
        return Err("ActionNames: at least one action is required".to_owned());
    }
    let account = &scenario.account;
    let role = account
        .role(&role_name(account, source)?)
        .map_err(|e| e.to_string())?;
    // The role's own policies as the scenario compiled them: the same set its sessions use.
    let mut warnings = Vec::new();
    let role_set = role_policies(account, role, &scenario.organization, &mut warnings);
    if let Some(warning) = warnings.first() {
        return Err(warning.clone());
    }
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
    let mut identity = role_set.identity;
    for (i, text) in input.policy_input_list.iter().enumerate() {
        let name = format!("PolicyInputList.{}", i + 1);
        identity.push(compiled(&name, PolicyType::Identity, text)?);
        labels.insert(name, "none");
    }
    let boundary = match input.permissions_boundary_policy_input_list.first() {
        Some(text) => Some(compiled(
            "PermissionsBoundaryPolicyInputList.1",
            PolicyType::PermissionsBoundary,
            text,
        )?),
        None => role_set.boundary,
    };
    if let Some(b) = &boundary {
        labels.entry(b.name.clone()).or_insert("none");
    }
    let resource = input
        .resource_policy
        .as_deref()
        .map(|text| compiled("ResourcePolicy", PolicyType::Resource, text))
        .transpose()?;
    labels.insert("ResourcePolicy".to_owned(), "resource");
    let resource_account = match &input.resource_owner {
        Some(owner) => Some(
            account_of(owner).ok_or_else(|| format!("ResourceOwner `{owner}` names no account"))?,
        ),
        None => None,
    };
    let caller = input.caller_arn.clone().unwrap_or_else(|| role.arn.clone());
    let mut problems = Vec::new();
    let context = context_of(&input.context_entries, &mut problems);
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let set = PolicySet {
        identity,
        resource,
        boundary,
        scp_levels: role_set.scp_levels,
        rcp_levels: role_set.rcp_levels,
        resource_account,
        caller_is_management_account: scenario.organization.management_account,
        resource_in_management_account: scenario.organization.management_account,
        ..PolicySet::default()
    };
    let resources = if input.resource_arns.is_empty() {
        vec!["*".to_owned()]
    } else {
        input.resource_arns.clone()
    };
    let mut evaluations = Vec::new();
    for action in &input.action_names {
        for resource in &resources {
            let mut request = Request::new(&caller, action, resource);
            request.context = context.clone();
            let evaluation = explain(&set, &PreparedRequest::new(&request));
            evaluations.push((action.clone(), resource.clone(), evaluation));
        }
    }
    Ok((set, evaluations, labels))
}
