//! AWS's `SimulatePolicy` input, shared by `simulate-custom-policy` and
//! `simulate-principal-policy` (the CLI's `--cli-input-json`, the JS package's
//! `simulateCustomPolicy`), turned into compiled policies and requests.

use crate::{
    CompiledPolicy, ContextKeyType, ContextValue, Diagnostic, OrgLevel, Origin, PolicyDocument,
    PolicySet, PolicyType, Request, Source,
};
use serde::Deserialize;
use std::sync::Arc;

/// The caller used when the input names none: an IAM user of the resource owner's account.
pub const DEFAULT_CALLER_NAME: &str = "simulated-caller";
/// The account used when neither `CallerArn` nor `ResourceOwner` names one.
pub const DEFAULT_ACCOUNT: &str = "123456789012";

/// AWS's `SimulatePolicy` input (`aws iam simulate-custom-policy` and `aws iam
/// simulate-principal-policy --cli-input-json`, AWS's field names), plus documented iamplay
/// extensions under `Iamplay`. Each [`Operation`] refuses the one field only the other takes.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct SimulatePolicyInput {
    /// `simulate-principal-policy` only: the role, or instance profile, whose policies apply.
    pub policy_source_arn: Option<String>,
    #[serde(default)]
    pub policy_input_list: Vec<String>,
    #[serde(default)]
    pub permissions_boundary_policy_input_list: Vec<String>,
    #[serde(default)]
    pub action_names: Vec<String>,
    #[serde(default)]
    pub resource_arns: Vec<String>,
    pub resource_policy: Option<String>,
    pub resource_owner: Option<String>,
    pub caller_arn: Option<String>,
    #[serde(default)]
    pub context_entries: Vec<ContextEntry>,
    /// Accepted for compatibility; iamplay evaluates the resources it is given.
    #[serde(default, rename = "ResourceHandlingOption")]
    _resource_handling_option: serde::de::IgnoredAny,
    /// Most results in one response (1 to 1,000; AWS's default is 100).
    pub max_items: Option<i64>,
    /// Where to go on from, as a previous response's `Marker` said.
    pub marker: Option<String>,
    /// `simulate-custom-policy` only: iamplay's extensions (not in AWS's API).
    pub iamplay: Option<Extensions>,
}

/// Every field of [`SimulatePolicyInput`], in AWS's order.
const FIELDS: [&str; 13] = [
    "PolicySourceArn",
    "PolicyInputList",
    "PermissionsBoundaryPolicyInputList",
    "ActionNames",
    "ResourceArns",
    "ResourcePolicy",
    "ResourceOwner",
    "CallerArn",
    "ContextEntries",
    "ResourceHandlingOption",
    "MaxItems",
    "Marker",
    "Iamplay",
];

/// The command an input is for: each takes every field of [`SimulatePolicyInput`] but one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    SimulateCustomPolicy,
    SimulatePrincipalPolicy,
}

impl Operation {
    fn command(self) -> &'static str {
        match self {
            Self::SimulateCustomPolicy => "simulate-custom-policy",
            Self::SimulatePrincipalPolicy => "simulate-principal-policy",
        }
    }

    /// The field the operation does not take (the other one does).
    fn refused_field(self) -> &'static str {
        match self {
            Self::SimulateCustomPolicy => "PolicySourceArn",
            Self::SimulatePrincipalPolicy => "Iamplay",
        }
    }

    fn other(self) -> Self {
        match self {
            Self::SimulateCustomPolicy => Self::SimulatePrincipalPolicy,
            Self::SimulatePrincipalPolicy => Self::SimulateCustomPolicy,
        }
    }

    /// serde's error for an unknown field, naming as expected only the fields the operation takes
    /// (serde names every field of the input).
    fn unexpected(self, message: &str) -> String {
        if !message.starts_with("unknown field") {
            return message.to_owned();
        }
        let field = format!("`{}`", self.refused_field());
        message
            .replace(&format!("{field}, "), "")
            .replace(&format!(", {field}"), "")
    }

    /// Refuses the field, naming it and the fields the operation takes, as the AWS CLI does.
    fn refusal(self) -> String {
        let field = self.refused_field();
        let expected: Vec<String> = FIELDS
            .iter()
            .filter(|f| **f != field)
            .map(|f| format!("`{f}`"))
            .collect();
        format!(
            "unknown field `{field}` ({} takes it, {} does not), expected one of {}",
            self.other().command(),
            self.command(),
            expected.join(", ")
        )
    }
}

impl SimulatePolicyInput {
    /// Parses the input's JSON for `operation`.
    pub fn parse(operation: Operation, text: &str) -> Result<Self, String> {
        let input =
            serde_json::from_str::<Self>(text).map_err(|e| operation.unexpected(&e.to_string()))?;
        let refused = match operation {
            Operation::SimulateCustomPolicy => input.policy_source_arn.is_some(),
            Operation::SimulatePrincipalPolicy => input.iamplay.is_some(),
        };
        if refused {
            return Err(operation.refusal());
        }
        Ok(input)
    }
}

/// One `ContextEntries` item.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct ContextEntry {
    pub context_key_name: String,
    #[serde(default)]
    pub context_key_values: Vec<String>,
    /// Optional in AWS's model: without it, values are strings (a list when there are several).
    pub context_key_type: Option<String>,
}

/// What AWS's simulator lacks: organisation policies, a session policy, management accounts.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct Extensions {
    #[serde(default)]
    pub service_control_policies: Vec<Level>,
    #[serde(default)]
    pub resource_control_policies: Vec<Level>,
    pub session_policy: Option<String>,
    #[serde(default)]
    pub caller_is_management_account: bool,
    #[serde(default)]
    pub resource_in_management_account: bool,
    /// The request is unsigned (no credentials): only the resource policy decides it.
    #[serde(default)]
    pub anonymous: bool,
    /// The VPC endpoint the requests go through: its policy must allow them too.
    pub vpc_endpoint: Option<VpcEndpoint>,
}

/// A VPC endpoint: its id, its VPC, and its policy (AWS's default allows everything).
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct VpcEndpoint {
    pub id: String,
    pub vpc_id: Option<String>,
    pub policy: Option<String>,
}

/// One organisation level with its policies (documents as strings, like `PolicyInputList`).
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct Level {
    pub name: String,
    pub policies: Vec<String>,
}

/// One problem with an input, kept whole so that each command words it its own way.
#[derive(Debug)]
pub enum Problem {
    /// A policy of the input that does not compile: its place (`PolicyInputList.1`), its text
    /// and what is wrong with it (at least one diagnostic).
    Policy {
        name: String,
        text: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// `ResourceOwner` names no account.
    ResourceOwner(String),
    /// Anything else, ready to print.
    Other(String),
}

impl Problem {
    /// On one line: a policy's first diagnostic.
    pub fn brief(&self) -> String {
        match self {
            Self::Policy {
                name, diagnostics, ..
            } => {
                let first = diagnostics.first().map_or("", |d| d.message.as_str());
                format!("{name}: {first}")
            }
            Self::ResourceOwner(owner) => format!("ResourceOwner `{owner}` names no account"),
            Self::Other(line) => line.clone(),
        }
    }
}

/// The principal `simulate-principal-policy` simulates: the input's policies join its own.
pub struct Principal {
    /// Its policies and its organisation's.
    pub policies: PolicySet,
    /// The caller when `CallerArn` names none.
    pub arn: String,
}

/// The compiled policies and the requests to evaluate.
pub struct Simulation {
    pub set: PolicySet,
    pub requests: Vec<Request>,
    /// The page of results asked for: the first result's position and the most results.
    pub page: (usize, usize),
}

/// One page of a simulation, evaluated.
pub struct Page {
    /// Each request's action, resource and evaluation.
    pub evaluations: Vec<(String, String, crate::Evaluation)>,
    /// Where the next page starts (`Marker`), when there is one.
    pub next: Option<String>,
    /// Whether every result of the page is allowed.
    pub all_allowed: bool,
}

impl Simulation {
    /// Evaluates the page of requests the input asked for (`Marker`, `MaxItems`).
    pub fn evaluate_page(&self) -> Page {
        let (start, max) = self.page;
        let end = start.saturating_add(max).min(self.requests.len());
        let evaluations: Vec<(String, String, crate::Evaluation)> = self
            .requests
            .get(start.min(end)..end)
            .unwrap_or_default()
            .iter()
            .map(|request| {
                let evaluation = crate::explain(&self.set, &crate::PreparedRequest::new(request));
                (request.action.clone(), request.resource.clone(), evaluation)
            })
            .collect();
        let all_allowed = evaluations
            .iter()
            .all(|(_, _, e)| e.decision == crate::EvalDecision::Allowed);
        Page {
            evaluations,
            next: (end < self.requests.len()).then(|| marker(end)),
            all_allowed,
        }
    }
}

/// AWS's default and largest `MaxItems`.
const MAX_ITEMS: (i64, i64) = (100, 1000);

/// A `Marker` this command wrote: where the next page starts.
pub fn marker(start: usize) -> String {
    format!("iamplay-{start}")
}

/// Compiles one policy of the input; `name` is its place there (`PolicyInputList.1`), which is
/// also its origin: AWS's positions are within the policy's own text.
fn compile(
    name: &str,
    kind: PolicyType,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<Arc<CompiledPolicy>> {
    let origin = Origin::whole(Source::Input {
        file: String::new(),
        path: name.to_owned(),
    });
    let document = PolicyDocument::compile(name, kind, text, origin);
    // Warnings (a condition value of the wrong type, which IAM accepts) do not stop a policy.
    let refused = crate::diagnostic::has_errors(&document.diagnostics);
    match document.policy {
        Some(policy) if !refused => return Some(Arc::new(policy)),
        None if !refused => {
            problems.push(Problem::Other(format!("{name} could not be read")));
        }
        _ => problems.push(Problem::Policy {
            name: name.to_owned(),
            text: text.to_owned(),
            diagnostics: document.diagnostics,
        }),
    }
    None
}

/// The 12-digit account id in an account id or ARN.
fn account_of(text: &str) -> Option<String> {
    if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(text.to_owned());
    }
    crate::arn::Arn::parse(text)
        .map(|arn| arn.account.to_owned())
        .filter(|a| !a.is_empty())
}

/// `ContextEntries` as a request context.
fn context_of(entries: &[ContextEntry], problems: &mut Vec<Problem>) -> crate::Context {
    let mut context = crate::Context::default();
    for (i, entry) in entries.iter().enumerate() {
        let type_name = entry.context_key_type.clone().unwrap_or_else(|| {
            if entry.context_key_values.len() > 1 {
                "stringList".to_owned()
            } else {
                "string".to_owned()
            }
        });
        let Some((kind, list)) = ContextKeyType::parse(&type_name) else {
            problems.push(Problem::Other(format!(
                "ContextEntries.{}: unknown ContextKeyType `{}` (string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList)",
                i + 1,
                type_name
            )));
            continue;
        };
        if !list && entry.context_key_values.len() > 1 {
            problems.push(Problem::Other(format!(
                "ContextEntries.{}: `{}` is a single-valued type but has {} values; use `{}List`",
                i + 1,
                type_name,
                entry.context_key_values.len(),
                type_name
            )));
        }
        context.insert(
            &entry.context_key_name,
            ContextValue {
                values: entry.context_key_values.clone(),
                multivalued: list,
                kind,
            },
        );
    }
    context
}

impl SimulatePolicyInput {
    /// Compiles every policy and builds every request: the input's policies alone for
    /// `simulate-custom-policy`, joined to the principal's for `simulate-principal-policy`.
    /// Every problem is reported, not just the first.
    pub fn build(&self, principal: Option<Principal>) -> Result<Simulation, Vec<Problem>> {
        let operation = match principal {
            Some(_) => Operation::SimulatePrincipalPolicy,
            None => Operation::SimulateCustomPolicy,
        };
        let mut problems = self.required(operation);
        let (mut set, principal_arn) = match principal {
            Some(principal) => (principal.policies, Some(principal.arn)),
            None => (PolicySet::default(), None),
        };
        set.identity.extend(self.identity(&mut problems));
        if let Some(boundary) = self.boundary(&mut problems) {
            set.boundary = Some(boundary);
        }
        set.resource = self.resource(&mut problems);
        if let Some(extensions) = &self.iamplay {
            extensions.add_to(&mut set, &mut problems);
        }
        set.resource_account = self.resource_account(&mut problems);
        let anonymous = self.iamplay.as_ref().is_some_and(|x| x.anonymous);
        if anonymous && self.caller_arn.is_some() {
            problems.push(Problem::Other(
                "Iamplay.Anonymous: an unsigned request has no CallerArn; leave one out".to_owned(),
            ));
        }
        let caller = anonymous
            .then(|| crate::ANONYMOUS.to_owned())
            .or_else(|| self.caller_arn.clone())
            .or(principal_arn)
            .unwrap_or_else(|| {
                let account = set.resource_account.as_deref().unwrap_or(DEFAULT_ACCOUNT);
                format!("arn:aws:iam::{account}:user/{DEFAULT_CALLER_NAME}")
            });
        let mut context = context_of(&self.context_entries, &mut problems);
        if let Some(endpoint) = self.iamplay.as_ref().and_then(|x| x.vpc_endpoint.as_ref()) {
            // Filled in as AWS does, unless the input sets them itself.
            if context.get_lower("aws:sourcevpce").is_none() {
                context.insert("aws:SourceVpce", crate::ContextValue::string(&endpoint.id));
            }
            if let (Some(vpc), None) = (&endpoint.vpc_id, context.get_lower("aws:sourcevpc")) {
                context.insert("aws:SourceVpc", crate::ContextValue::string(vpc));
            }
        }
        let page = self.page(&mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let requests = self.requests(&caller, &context);
        Ok(Simulation {
            set,
            requests,
            page,
        })
    }

    /// `MaxItems` (1 to 1,000, 100 when absent) and `Marker` (one this command wrote).
    fn page(&self, problems: &mut Vec<Problem>) -> (usize, usize) {
        let max = self.max_items.unwrap_or(MAX_ITEMS.0);
        if !(1..=MAX_ITEMS.1).contains(&max) {
            problems.push(Problem::Other(format!(
                "MaxItems: {max} must be from 1 to {}",
                MAX_ITEMS.1
            )));
        }
        let start = match &self.marker {
            None => 0,
            Some(m) => match m.strip_prefix("iamplay-").and_then(|n| n.parse().ok()) {
                Some(n) => n,
                None => {
                    problems.push(Problem::Other(format!(
                        "Marker: `{m}` is not one a previous response gave"
                    )));
                    0
                }
            },
        };
        (start, usize::try_from(max).unwrap_or(100))
    }

    /// The fields `operation` cannot do without, but for `PolicySourceArn`, which
    /// `simulate-principal-policy` needs before anything else to find the role.
    pub fn required(&self, operation: Operation) -> Vec<Problem> {
        let mut problems = Vec::new();
        if operation == Operation::SimulateCustomPolicy && self.policy_input_list.is_empty() {
            problems.push(Problem::Other(
                "PolicyInputList: at least one policy is required".to_owned(),
            ));
        }
        if self.action_names.is_empty() {
            problems.push(Problem::Other(
                "ActionNames: at least one action is required".to_owned(),
            ));
        }
        problems
    }

    /// `PolicyInputList`, compiled.
    fn identity(&self, problems: &mut Vec<Problem>) -> Vec<Arc<CompiledPolicy>> {
        self.policy_input_list
            .iter()
            .enumerate()
            .filter_map(|(i, text)| {
                let name = format!("PolicyInputList.{}", i + 1);
                compile(&name, PolicyType::Identity, text, problems)
            })
            .collect()
    }

    /// `PermissionsBoundaryPolicyInputList`, compiled: at most one boundary.
    fn boundary(&self, problems: &mut Vec<Problem>) -> Option<Arc<CompiledPolicy>> {
        let boundaries: Vec<Arc<CompiledPolicy>> = self
            .permissions_boundary_policy_input_list
            .iter()
            .enumerate()
            .filter_map(|(i, text)| {
                let name = format!("PermissionsBoundaryPolicyInputList.{}", i + 1);
                compile(&name, PolicyType::PermissionsBoundary, text, problems)
            })
            .collect();
        if boundaries.len() > 1 {
            problems.push(Problem::Other(
                "PermissionsBoundaryPolicyInputList: an entity has at most one permissions boundary"
                    .to_owned(),
            ));
        }
        boundaries.into_iter().next()
    }

    /// `ResourcePolicy`, compiled.
    fn resource(&self, problems: &mut Vec<Problem>) -> Option<Arc<CompiledPolicy>> {
        self.resource_policy
            .as_ref()
            .and_then(|text| compile("ResourcePolicy", PolicyType::Resource, text, problems))
    }

    /// The account `ResourceOwner` names.
    fn resource_account(&self, problems: &mut Vec<Problem>) -> Option<String> {
        let owner = self.resource_owner.as_ref()?;
        let account = account_of(owner);
        if account.is_none() {
            problems.push(Problem::ResourceOwner(owner.clone()));
        }
        account
    }

    /// One request for each action on each resource (`*` when `ResourceArns` names none).
    fn requests(&self, caller: &str, context: &crate::Context) -> Vec<Request> {
        let any = ["*".to_owned()];
        let resources: &[String] = if self.resource_arns.is_empty() {
            &any
        } else {
            &self.resource_arns
        };
        let mut requests = Vec::new();
        for action in &self.action_names {
            for resource in resources {
                let mut request = Request::new(caller, action, resource);
                request.context = context.clone();
                requests.push(request);
            }
        }
        requests
    }
}

impl Extensions {
    /// Adds the session policy, the organisation's policies and the management account flags.
    fn add_to(&self, set: &mut PolicySet, problems: &mut Vec<Problem>) {
        set.session = self
            .session_policy
            .as_ref()
            .and_then(|text| compile("Iamplay.SessionPolicy", PolicyType::Session, text, problems));
        if let Some(endpoint) = &self.vpc_endpoint {
            let full = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
            let text = endpoint.policy.as_deref().unwrap_or(full);
            set.endpoint = compile(&endpoint.id, PolicyType::Resource, text, problems);
        }
        set.scp_levels = levels(
            &self.service_control_policies,
            PolicyType::ServiceControl,
            "ServiceControlPolicies",
            problems,
        );
        set.rcp_levels = levels(
            &self.resource_control_policies,
            PolicyType::ResourceControl,
            "ResourceControlPolicies",
            problems,
        );
        if set.scp_levels.len() > crate::decision::MAX_ORG_LEVELS {
            problems.push(Problem::Other(
                "Iamplay.ServiceControlPolicies: too many organisation levels".to_owned(),
            ));
        }
        set.caller_is_management_account = self.caller_is_management_account;
        set.resource_in_management_account = self.resource_in_management_account;
    }
}

/// Organisation levels of the extensions, compiled; `field` is their place under `Iamplay`.
fn levels(
    levels: &[Level],
    kind: PolicyType,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Vec<OrgLevel> {
    levels
        .iter()
        .enumerate()
        .map(|(l, level)| OrgLevel {
            name: level.name.clone(),
            policies: level
                .policies
                .iter()
                .enumerate()
                .filter_map(|(i, text)| {
                    let name = format!("Iamplay.{field}.{}.{}", l + 1, i + 1);
                    compile(&name, kind, text, problems)
                })
                .collect(),
        })
        .collect()
}
