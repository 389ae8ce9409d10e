//! The CLI's side of AWS's `SimulatePolicy` input ([`iamplay_core::aws`]): `--cli-input-json`
//! inline or `file://…`, the flags that set its fields, and problems drawn at their place.

pub use iamplay_core::aws::{Operation, Principal, Problem, SimulatePolicyInput, Simulation};

/// Command-line flags that set input fields; each flag given replaces its field. Policy documents
/// and `ContextEntries` may be `file://…`, as with the AWS CLI.
#[derive(Default)]
pub struct Flags<'a> {
    pub policy_source_arn: Option<&'a str>,
    pub policy_input_list: &'a [String],
    pub permissions_boundary_policy_input_list: &'a [String],
    pub action_names: &'a [String],
    pub resource_arns: &'a [String],
    pub resource_policy: Option<&'a str>,
    pub resource_owner: Option<&'a str>,
    pub caller_arn: Option<&'a str>,
    pub context_entries: Option<&'a str>,
}

/// The AWS CLI's `file://` convention: the value is a path to read.
pub fn load_value(value: &str) -> Result<String, String> {
    match value.strip_prefix("file://") {
        Some(path) => {
            std::fs::read_to_string(path).map_err(|e| format!("cannot read `{path}`: {e}"))
        }
        None => Ok(value.to_owned()),
    }
}

fn load_all(values: &[String]) -> Result<Vec<String>, String> {
    values.iter().map(|v| load_value(v)).collect()
}

/// The input of `operation`: `--cli-input-json` (inline or `file://…`), with the flags over it.
pub fn read(
    operation: Operation,
    cli_input_json: Option<&str>,
    flags: &Flags<'_>,
) -> Result<SimulatePolicyInput, String> {
    let mut input = match cli_input_json {
        Some(value) => SimulatePolicyInput::parse(operation, &load_value(value)?)
            .map_err(|e| format!("--cli-input-json: {e}"))?,
        None => SimulatePolicyInput::default(),
    };
    merge(&mut input, flags)?;
    Ok(input)
}

/// Sets each field a flag gives.
fn merge(input: &mut SimulatePolicyInput, flags: &Flags<'_>) -> Result<(), String> {
    if let Some(arn) = flags.policy_source_arn {
        input.policy_source_arn = Some(arn.to_owned());
    }
    if !flags.policy_input_list.is_empty() {
        input.policy_input_list = load_all(flags.policy_input_list)?;
    }
    if !flags.permissions_boundary_policy_input_list.is_empty() {
        input.permissions_boundary_policy_input_list =
            load_all(flags.permissions_boundary_policy_input_list)?;
    }
    if !flags.action_names.is_empty() {
        input.action_names = flags.action_names.to_vec();
    }
    if !flags.resource_arns.is_empty() {
        input.resource_arns = flags.resource_arns.to_vec();
    }
    if let Some(policy) = flags.resource_policy {
        input.resource_policy = Some(load_value(policy)?);
    }
    if let Some(owner) = flags.resource_owner {
        input.resource_owner = Some(owner.to_owned());
    }
    if let Some(arn) = flags.caller_arn {
        input.caller_arn = Some(arn.to_owned());
    }
    if let Some(entries) = flags.context_entries {
        input.context_entries = serde_json::from_str(&load_value(entries)?)
            .map_err(|e| format!("--context-entries: {e}"))?;
    }
    Ok(())
}

/// A problem in full: each diagnostic of a policy is drawn at its place in the text.
pub fn full(problem: &Problem) -> String {
    match problem {
        Problem::Policy {
            name,
            text,
            diagnostics,
        } => crate::render::render(name, text, diagnostics)
            .trim_end()
            .to_owned(),
        Problem::ResourceOwner(owner) => {
            format!("ResourceOwner: `{owner}` is not an account id or an ARN with an account")
        }
        Problem::Other(line) => line.clone(),
    }
}
