//! The instance-profile chain as one simulation: launch → profile → trust → role session →
//! requests. A broken link anywhere becomes the verdict's first line.
//!
//! 1. launch: the launching principal (optional) must be allowed `ec2:RunInstances` and
//!    `iam:PassRole` on the role with `iam:PassedToService = ec2.amazonaws.com`;
//! 2. the instance profile must hold exactly one role (none: the instance gets no credentials);
//! 3. the role's trust policy must let `ec2.amazonaws.com` call `sts:AssumeRole`;
//! 4. the role session's context is filled in as AWS does for EC2, every value visible and
//!    overridable;
//! 5. each request is decided against the role's policies, its boundary, the target's resource
//!    policy and the organisation's SCPs and RCPs.

use crate::compile::CompiledPolicy;
use crate::decision::{EvalDecision, Evaluation, OrgLevel, PolicySet, explain};
use crate::evaluate::PreparedRequest;
use crate::iam::{Account, InstanceProfile, Role, Tag};
use crate::request::{Context, ContextKeyType, ContextValue, Request};
use std::sync::Arc;

/// The service principal EC2 uses to assume instance roles.
pub const EC2_SERVICE: &str = "ec2.amazonaws.com";

/// Which instance metadata service version delivers the credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImdsVersion {
    /// IMDSv1 (`ec2:RoleDelivery` = `1.0`).
    V1,
    /// IMDSv2 (`ec2:RoleDelivery` = `2.0`).
    V2,
}

/// The instance launched with the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// `i-…`; it becomes the role session's name.
    pub id: String,
    /// Region, e.g. `us-east-1`.
    pub region: String,
    /// The VPC, if any.
    pub vpc_id: Option<String>,
    /// The private IPv4 address, if any.
    pub private_ip: Option<String>,
    /// IMDS version.
    pub imds: ImdsVersion,
    /// The instance's tags.
    pub tags: Vec<Tag>,
}

/// Who launches the instance, with the policies that must allow it.
#[derive(Debug, Clone, PartialEq)]
pub struct Launcher {
    /// The launching principal's ARN (a user or a role session).
    pub principal: String,
    /// Its identity-based policies.
    pub policies: Vec<Arc<CompiledPolicy>>,
    /// Its permissions boundary, if any.
    pub boundary: Option<Arc<CompiledPolicy>>,
    /// The launch operations to check, e.g. `ec2:RunInstances` (default) or
    /// `ec2:AssociateIamInstanceProfile`.
    pub actions: Vec<String>,
}

/// A resource-based policy attached to a resource (a bucket, a queue, a key).
#[derive(Debug, Clone, PartialEq)]
pub struct ResourcePolicy {
    /// The resource's ARN; it applies to that ARN and to ARNs under it (`ARN/…`).
    pub resource: String,
    /// The account that owns the resource.
    pub account: String,
    /// The policy.
    pub policy: Arc<CompiledPolicy>,
}

impl ResourcePolicy {
    /// Whether this policy is the one attached to `resource`.
    pub fn covers(&self, resource: &str) -> bool {
        resource == self.resource
            || resource
                .strip_prefix(self.resource.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// The organisation the account belongs to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Organization {
    /// SCPs per level (root, OUs, account).
    pub scp_levels: Vec<OrgLevel>,
    /// RCPs per level.
    pub rcp_levels: Vec<OrgLevel>,
    /// Whether the account is the organisation's management account.
    pub management_account: bool,
}

/// One request the instance makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainRequest {
    /// The action.
    pub action: String,
    /// The resource ARN (`*` when the action has no resource-level permissions).
    pub resource: String,
    /// Extra or overriding context keys for this request.
    pub context: Context,
    /// The id of the VPC endpoint the request goes through, if any.
    pub endpoint: Option<String>,
}

/// A VPC endpoint requests can go through: its policy must allow them too.
#[derive(Debug, Clone, PartialEq)]
pub struct VpcEndpoint {
    /// Its id, e.g. `vpce-1a2b3c4d`.
    pub id: String,
    /// Its policy (AWS's default allows everything).
    pub policy: Arc<CompiledPolicy>,
}

/// Everything the chain needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainInput<'a> {
    /// The account with the profile, the role and its policies.
    pub account: &'a Account,
    /// The instance profile's name.
    pub profile: &'a str,
    /// The instance.
    pub instance: &'a Instance,
    /// Who launches it, if that is to be checked.
    pub launcher: Option<&'a Launcher>,
    /// Resource-based policies of the resources the requests touch.
    pub resource_policies: &'a [ResourcePolicy],
    /// The VPC endpoints requests may go through.
    pub endpoints: &'a [VpcEndpoint],
    /// The organisation.
    pub organization: &'a Organization,
    /// The time of the requests, ISO 8601 (for `aws:CurrentTime` and `aws:TokenIssueTime`).
    pub now: &'a str,
    /// Context keys that override what EC2 sets, for every request.
    pub context_overrides: &'a Context,
    /// The requests.
    pub requests: &'a [ChainRequest],
}

/// Where a session context value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextSource {
    /// Set by AWS for an EC2 role session.
    Ec2,
    /// Overridden or added by the scenario.
    Scenario,
}

impl ContextSource {
    /// A stable id: `ec2` or `scenario`.
    pub fn id(self) -> &'static str {
        match self {
            ContextSource::Ec2 => "ec2",
            ContextSource::Scenario => "scenario",
        }
    }

    /// How it is shown: `EC2` or `scenario`.
    pub fn label(self) -> &'static str {
        match self {
            ContextSource::Ec2 => "EC2",
            ContextSource::Scenario => "scenario",
        }
    }
}

/// One key of the role session's context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionKey {
    /// The key.
    pub key: String,
    /// Its value(s).
    pub value: ContextValue,
    /// Where it came from.
    pub source: ContextSource,
}

/// The role session the instance's credentials belong to.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/INSTANCE-ID`.
    pub arn: String,
    /// The role's ARN.
    pub role_arn: String,
    /// Every context key, in order.
    pub context: Vec<SessionKey>,
    /// The role's policies for the session's requests (identity-based, boundary, SCPs, RCPs;
    /// the resource policy is each request's own).
    pub policies: PolicySet,
}

/// The outcome of one request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestOutcome {
    /// The request.
    pub request: ChainRequest,
    /// The decision: `implicitDeny` when the chain broke before the request could be made.
    pub decision: EvalDecision,
    /// The engine's explanation, when the request was evaluated.
    pub evaluation: Option<Evaluation>,
    /// When the instance got no credentials: what the same call, unsigned, would get from the
    /// resource-based policies alone (what an instance without a role actually sends).
    pub unsigned: Option<Evaluation>,
}

/// How one link of the chain went.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The link's name: `launch`, `instance profile`, `trust policy`, `role session`.
    pub name: &'static str,
    /// Whether it holds.
    pub ok: bool,
    /// What happened there.
    pub detail: String,
    /// The engine's evaluations behind it (launch, trust).
    pub evaluations: Vec<(String, Evaluation)>,
}

/// The whole simulation's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainOutcome {
    /// The verdict's first line: the first broken link, or how the requests came out.
    pub headline: String,
    /// Each link, in order, up to the first broken one.
    pub links: Vec<Link>,
    /// The role session, when the instance gets credentials.
    pub session: Option<Session>,
    /// Each request.
    pub requests: Vec<RequestOutcome>,
    /// Things the simulation could not take into account (e.g. an unknown AWS managed policy).
    pub warnings: Vec<String>,
}

impl ChainOutcome {
    /// Whether every request is allowed and no link is broken.
    pub fn all_allowed(&self) -> bool {
        self.links.iter().all(|l| l.ok)
            && self
                .requests
                .iter()
                .all(|r| r.decision == EvalDecision::Allowed)
    }
}

/// A link that holds, or a broken one with the verdict's first line.
type LinkResult = Result<Link, (Link, String)>;

fn link(
    name: &'static str,
    ok: bool,
    detail: String,
    evaluations: Vec<(String, Evaluation)>,
) -> Link {
    Link {
        name,
        ok,
        detail,
        evaluations,
    }
}

/// Records a link; a broken one ends the chain with its headline.
fn hold(links: &mut Vec<Link>, result: LinkResult) -> Result<(), String> {
    match result {
        Ok(link) => {
            links.push(link);
            Ok(())
        }
        Err((link, headline)) => {
            links.push(link);
            Err(headline)
        }
    }
}

/// Runs the chain: launch → instance profile → trust policy → role session → requests.
pub fn simulate(input: &ChainInput<'_>) -> ChainOutcome {
    let mut links = Vec::new();
    let mut warnings = Vec::new();
    let run = |links: &mut Vec<Link>, warnings: &mut Vec<String>| {
        // The profile first: the launch needs the role's ARN, but is the first link.
        let (profile, role) = profile(input).map_err(|(broken, headline)| {
            links.push(broken);
            headline
        })?;
        if let Some(launcher) = input.launcher {
            hold(links, launch(input, launcher, &role.arn, &role.name))?;
        }
        let detail = format!("`{}` holds role `{}`", profile.arn, role.name);
        hold(
            links,
            Ok(link("instance profile", true, detail, Vec::new())),
        )?;
        hold(links, trust(input, role))?;
        let mut session = session(input, role);
        let detail = format!(
            "the instance's credentials are the session `{}`",
            session.arn
        );
        hold(links, Ok(link("role session", true, detail, Vec::new())))?;
        session.policies = role_policies(input.account, role, input.organization, warnings);
        let requests = requests(input, &session);
        let headline = requests_headline(&role.name, &requests);
        Ok::<_, String>((session, requests, headline))
    };
    match run(&mut links, &mut warnings) {
        Ok((session, requests, headline)) => ChainOutcome {
            headline,
            links,
            session: Some(session),
            requests,
            warnings,
        },
        Err(headline) => {
            // Launched, but without credentials: its calls go out unsigned.
            let launched = !links.iter().any(|l| l.name == "launch" && !l.ok);
            ChainOutcome {
                headline,
                requests: input
                    .requests
                    .iter()
                    .map(|r| RequestOutcome {
                        request: r.clone(),
                        decision: EvalDecision::ImplicitDeny,
                        evaluation: None,
                        unsigned: launched.then(|| unsigned(input, r)),
                    })
                    .collect(),
                links,
                session: None,
                warnings,
            }
        }
    }
}

/// The instance profile must exist and hold a role that exists.
fn profile<'a>(input: &ChainInput<'a>) -> Result<(&'a InstanceProfile, &'a Role), (Link, String)> {
    let account = input.account;
    let profile = account.instance_profile(input.profile).map_err(|error| {
        let headline = format!(
            "instance profile `{}` does not exist in account {} ({}), so the instance cannot be launched with it",
            input.profile,
            account.id,
            error.code()
        );
        (link("instance profile", false, error.to_string(), Vec::new()), headline)
    })?;
    match profile.roles.first().map(|name| account.role(name)) {
        Some(Ok(role)) => Ok((profile, role)),
        Some(Err(error)) => Err((
            link("instance profile", false, error.to_string(), Vec::new()),
            format!(
                "instance profile `{}` names a role that does not exist, so the instance gets no credentials",
                profile.name
            ),
        )),
        None => Err((
            link(
                "instance profile",
                false,
                "the profile holds no role".to_owned(),
                Vec::new(),
            ),
            format!(
                "instance profile `{}` holds no role, so the instance gets no credentials: every AWS call from it is unsigned",
                profile.name
            ),
        )),
    }
}

/// The launching principal must be allowed the launch operations and `iam:PassRole` on the
/// role with `iam:PassedToService = ec2.amazonaws.com`.
fn launch(
    input: &ChainInput<'_>,
    launcher: &Launcher,
    role_arn: &str,
    role_name: &str,
) -> LinkResult {
    let account = input.account;
    let set = PolicySet {
        identity: launcher.policies.clone(),
        boundary: launcher.boundary.clone(),
        scp_levels: input.organization.scp_levels.clone(),
        rcp_levels: input.organization.rcp_levels.clone(),
        caller_is_management_account: input.organization.management_account,
        resource_in_management_account: input.organization.management_account,
        ..PolicySet::default()
    };
    let instance_arn = format!(
        "arn:{}:ec2:{}:{}:instance/*",
        account.partition, input.instance.region, account.id
    );
    let default = ["ec2:RunInstances".to_owned()];
    let actions = if launcher.actions.is_empty() {
        &default[..]
    } else {
        &launcher.actions[..]
    };
    let mut checks: Vec<(String, Request)> = actions
        .iter()
        .map(|action| {
            let request = Request::new(&launcher.principal, action, &instance_arn).with(
                "aws:RequestedRegion",
                ContextValue::string(&input.instance.region),
            );
            (action.clone(), request)
        })
        .collect();
    let pass_role = Request::new(&launcher.principal, "iam:PassRole", role_arn)
        .with("iam:PassedToService", ContextValue::string(EC2_SERVICE))
        .with(
            "iam:AssociatedResourceArn",
            ContextValue::string(&instance_arn),
        );
    checks.push(("iam:PassRole".to_owned(), pass_role));
    let evaluations: Vec<(String, Evaluation)> = checks
        .iter()
        .map(|(action, request)| {
            (
                action.clone(),
                explain(&set, &PreparedRequest::new(request)),
            )
        })
        .collect();
    let denied: Vec<&(String, Evaluation)> = evaluations
        .iter()
        .filter(|(_, e)| e.decision != EvalDecision::Allowed)
        .collect();
    let Some((action, first)) = denied.first() else {
        let detail = format!(
            "`{}` may launch the instance and pass role `{role_name}` to {EC2_SERVICE}",
            launcher.principal
        );
        return Ok(link("launch", true, detail, evaluations));
    };
    let headline = if action == "iam:PassRole" {
        format!(
            "the launching principal cannot pass role `{role_name}` to {EC2_SERVICE} ({}), so the instance cannot be launched with this profile",
            first.summary
        )
    } else {
        format!(
            "the launching principal may not call {action} ({}), so the instance is never launched",
            first.summary
        )
    };
    let detail = denied
        .iter()
        .map(|(action, e)| format!("{action}: {}", e.summary))
        .collect::<Vec<_>>()
        .join("; ");
    Err((link("launch", false, detail, evaluations), headline))
}

/// The role's trust policy must let EC2 call `sts:AssumeRole`.
fn trust(input: &ChainInput<'_>, role: &Role) -> LinkResult {
    let account = input.account;
    let assume = Request::new(EC2_SERVICE, "sts:AssumeRole", &role.arn)
        .with("aws:SourceAccount", ContextValue::string(&account.id))
        .with(
            "aws:SourceArn",
            ContextValue::string(format!(
                "arn:{}:ec2:{}:{}:instance/{}",
                account.partition, input.instance.region, account.id, input.instance.id
            )),
        );
    let trust_set = PolicySet {
        resource: Some(Arc::clone(&role.trust_policy)),
        ..PolicySet::default()
    };
    let evaluation = explain(&trust_set, &PreparedRequest::new(&assume));
    if evaluation.decision == EvalDecision::Allowed {
        let detail = evaluation.summary.clone();
        return Ok(link(
            "trust policy",
            true,
            detail,
            vec![("sts:AssumeRole".to_owned(), evaluation)],
        ));
    }
    let detail = why_not(&evaluation);
    Err((
        link(
            "trust policy",
            false,
            detail,
            vec![("sts:AssumeRole".to_owned(), evaluation)],
        ),
        format!(
            "the trust policy of role `{}` does not let {EC2_SERVICE} assume it, so the instance never gets credentials",
            role.name
        ),
    ))
}

/// Each request, decided with the role session's policies and the target's resource policy.
fn requests(input: &ChainInput<'_>, session: &Session) -> Vec<RequestOutcome> {
    let mut base = Context::default();
    for entry in &session.context {
        base.insert(&entry.key, entry.value.clone());
    }
    // One policy set for every request: only the resource policy and its owner vary.
    let mut set = session.policies.clone();
    input
        .requests
        .iter()
        .map(|chain_request| {
            let rp = input
                .resource_policies
                .iter()
                .find(|rp| rp.covers(&chain_request.resource));
            let mut request =
                Request::new(&session.arn, &chain_request.action, &chain_request.resource);
            request.context = base.clone();
            for (key, value) in chain_request.context.iter() {
                request.context.insert(key, value.clone());
            }
            set.resource = rp.map(|rp| Arc::clone(&rp.policy));
            set.resource_account = rp.map(|rp| rp.account.clone());
            through_endpoint(input, chain_request, &mut set, &mut request.context);
            set.resource_in_management_account = input.organization.management_account
                && rp.is_none_or(|rp| rp.account == input.account.id);
            let evaluation = explain(&set, &PreparedRequest::new(&request));
            RequestOutcome {
                request: chain_request.clone(),
                decision: evaluation.decision,
                evaluation: Some(evaluation),
                unsigned: None,
            }
        })
        .collect()
}

/// A request through a VPC endpoint: the endpoint's policy joins the decision, and the request
/// carries `aws:SourceVpce` and `aws:SourceVpc` as AWS fills them in (unless set by the request).
fn through_endpoint(
    input: &ChainInput<'_>,
    chain_request: &ChainRequest,
    set: &mut PolicySet,
    context: &mut Context,
) {
    let endpoint = chain_request
        .endpoint
        .as_ref()
        .and_then(|id| input.endpoints.iter().find(|e| e.id == *id));
    set.endpoint = endpoint.map(|e| Arc::clone(&e.policy));
    if let Some(endpoint) = endpoint {
        endpoint_keys(input.instance, &endpoint.id, chain_request, context);
    }
}

/// The keys AWS fills in for a request through VPC endpoint `id` from `instance`:
/// `aws:SourceVpce`, and `aws:SourceVpc` when the instance is in a VPC, unless the request sets
/// them itself.
pub(crate) fn endpoint_keys(
    instance: &Instance,
    id: &str,
    chain_request: &ChainRequest,
    context: &mut Context,
) {
    if chain_request.context.get_lower("aws:sourcevpce").is_none() {
        context.insert("aws:SourceVpce", ContextValue::string(id));
    }
    if let (Some(vpc), None) = (
        &instance.vpc_id,
        chain_request.context.get_lower("aws:sourcevpc"),
    ) {
        context.insert("aws:SourceVpc", ContextValue::string(vpc));
    }
}

/// A request made without credentials: only the resource's policy (if any) decides it.
fn unsigned(input: &ChainInput<'_>, chain_request: &ChainRequest) -> Evaluation {
    let rp = input
        .resource_policies
        .iter()
        .find(|rp| rp.covers(&chain_request.resource));
    let mut request = Request::new(
        crate::principal::ANONYMOUS,
        &chain_request.action,
        &chain_request.resource,
    );
    for (key, value) in chain_request.context.iter() {
        request.context.insert(key, value.clone());
    }
    let mut set = PolicySet {
        resource: rp.map(|rp| Arc::clone(&rp.policy)),
        resource_account: rp.map(|rp| rp.account.clone()),
        ..PolicySet::default()
    };
    through_endpoint(input, chain_request, &mut set, &mut request.context);
    explain(&set, &PreparedRequest::new(&request))
}

fn requests_headline(role: &str, requests: &[RequestOutcome]) -> String {
    let allowed = requests
        .iter()
        .filter(|r| r.decision == EvalDecision::Allowed)
        .count();
    match requests
        .iter()
        .find(|r| r.decision != EvalDecision::Allowed)
    {
        None => format!(
            "the instance gets credentials for role `{role}`, and all {allowed} request(s) are allowed"
        ),
        Some(first) => format!(
            "the instance gets credentials for role `{role}`; {allowed} of {} request(s) allowed. First denied: {} on {}: {}",
            requests.len(),
            first.request.action,
            first.request.resource,
            first.evaluation.as_ref().map_or("", |e| e.summary.as_str())
        ),
    }
}

/// A role's policies for its sessions' requests: its inline and attached policies, its
/// boundary and the organisation's SCPs and RCPs, without a resource policy. Every policy was
/// compiled when the account was built; attachments the account does not know are left out
/// with a warning.
pub fn role_policies(
    account: &Account,
    role: &Role,
    organization: &Organization,
    warnings: &mut Vec<String>,
) -> PolicySet {
    let mut identity: Vec<Arc<CompiledPolicy>> =
        role.inline_policies.values().map(Arc::clone).collect();
    for arn in &role.attached_policies {
        match account.policy(arn) {
            Ok(policy) => identity.push(Arc::clone(&policy.document)),
            Err(_) => warnings.push(format!(
                "managed policy `{arn}` is not known, so its statements are not evaluated"
            )),
        }
    }
    let boundary = role
        .permissions_boundary
        .as_ref()
        .and_then(|arn| match account.policy(arn) {
            Ok(policy) => Some(Arc::clone(&policy.document)),
            Err(_) => {
                warnings.push(format!(
                    "permissions boundary `{arn}` is not known, so it is not evaluated"
                ));
                None
            }
        });
    PolicySet {
        identity,
        boundary,
        scp_levels: organization.scp_levels.clone(),
        rcp_levels: organization.rcp_levels.clone(),
        caller_is_management_account: organization.management_account,
        ..PolicySet::default()
    }
}

/// Why an evaluation that did not allow came out so, naming the statements: an explicit deny,
/// or each Allow statement and the part of it that did not match.
fn why_not(evaluation: &Evaluation) -> String {
    if evaluation.decision == EvalDecision::ExplicitDeny {
        return evaluation.summary.clone();
    }
    let reasons: Vec<String> = crate::decision::near_misses(evaluation, true)
        .into_iter()
        .map(|(statement, why)| {
            let name = statement.sid.as_ref().map_or_else(
                || format!("statement #{}", statement.index + 1),
                |sid| format!("statement `{sid}`"),
            );
            format!("{name}: {why}")
        })
        .collect();
    if reasons.is_empty() {
        evaluation.summary.clone()
    } else {
        format!("{}; {}", evaluation.summary, reasons.join("; "))
    }
}

/// The role session's context, as AWS fills it in for EC2, with the scenario's overrides.
fn session(input: &ChainInput<'_>, role: &Role) -> Session {
    let account = input.account;
    let instance = input.instance;
    let arn = format!(
        "arn:{}:sts::{}:assumed-role/{}/{}",
        account.partition, account.id, role.name, instance.id
    );
    let mut keys: Vec<SessionKey> = Vec::new();
    let mut set = |key: &str, value: ContextValue| {
        keys.push(SessionKey {
            key: key.to_owned(),
            value,
            source: ContextSource::Ec2,
        })
    };
    set(
        "aws:PrincipalArn",
        ContextValue::typed(ContextKeyType::String, &role.arn),
    );
    set("aws:PrincipalAccount", ContextValue::string(&account.id));
    set("aws:PrincipalType", ContextValue::string("AssumedRole"));
    set(
        "aws:userid",
        ContextValue::string(format!("{}:{}", role.id, instance.id)),
    );
    for tag in &role.tags {
        set(
            &format!("aws:PrincipalTag/{}", tag.key),
            ContextValue::string(&tag.value),
        );
    }
    set(
        "ec2:SourceInstanceARN",
        ContextValue::string(format!(
            "arn:{}:ec2:{}:{}:instance/{}",
            account.partition, instance.region, account.id, instance.id
        )),
    );
    if let Some(vpc) = &instance.vpc_id {
        set("aws:Ec2InstanceSourceVpc", ContextValue::string(vpc));
    }
    if let Some(ip) = &instance.private_ip {
        set(
            "aws:Ec2InstanceSourcePrivateIPv4",
            ContextValue::typed(ContextKeyType::Ip, ip),
        );
    }
    set(
        "ec2:RoleDelivery",
        ContextValue::string(match instance.imds {
            ImdsVersion::V1 => "1.0",
            ImdsVersion::V2 => "2.0",
        }),
    );
    set(
        "aws:RequestedRegion",
        ContextValue::string(&instance.region),
    );
    set(
        "aws:CurrentTime",
        ContextValue::typed(ContextKeyType::Date, input.now),
    );
    set(
        "aws:TokenIssueTime",
        ContextValue::typed(ContextKeyType::Date, input.now),
    );
    if let Some(epoch) = crate::condition::values::date(input.now) {
        set(
            "aws:EpochTime",
            ContextValue::typed(ContextKeyType::Date, (epoch / 1000).to_string()),
        );
    }
    set(
        "aws:SecureTransport",
        ContextValue::typed(ContextKeyType::Boolean, "true"),
    );
    set(
        "aws:ViaAWSService",
        ContextValue::typed(ContextKeyType::Boolean, "false"),
    );
    for (key, value) in input.context_overrides.iter() {
        match keys.iter_mut().find(|k| k.key.eq_ignore_ascii_case(key)) {
            Some(existing) => {
                existing.value = value.clone();
                existing.source = ContextSource::Scenario;
            }
            None => keys.push(SessionKey {
                key: key.to_owned(),
                value: value.clone(),
                source: ContextSource::Scenario,
            }),
        }
    }
    Session {
        arn,
        role_arn: role.arn.clone(),
        context: keys,
        policies: PolicySet::default(),
    }
}

#[cfg(test)]
mod tests;
