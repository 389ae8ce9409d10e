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

use crate::compile::{CompiledPolicy, PolicyType, compile_policy};
use crate::decision::{EvalDecision, Evaluation, OrgLevel, PolicySet, StatementRef, explain};
use crate::diagnostic::has_errors;
use crate::evaluate::PreparedRequest;
use crate::iam::{Account, Tag};
use crate::request::{Context, ContextKeyType, ContextValue, Request};
use crate::span::Span;

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
    pub policies: Vec<CompiledPolicy>,
    /// Its permissions boundary, if any.
    pub boundary: Option<CompiledPolicy>,
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
    pub policy: CompiledPolicy,
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
    /// The name and text of every policy evaluated, so faces can place statements in the
    /// documents they came from.
    pub policy_texts: Vec<(String, String)>,
}

impl ChainOutcome {
    /// Where a statement stands in the document its policy was embedded in (a scenario embeds
    /// policies verbatim), as a span of `document`.
    pub fn statement_span(&self, document: &str, statement: &StatementRef) -> Option<Span> {
        let (_, text) = self
            .policy_texts
            .iter()
            .find(|(name, _)| *name == statement.policy_name)?;
        let offset = document.find(text.as_str())?;
        Some(Span::new(
            offset + statement.span.start,
            offset + statement.span.end,
        ))
    }

    /// Whether every request is allowed and no link is broken.
    pub fn all_allowed(&self) -> bool {
        self.links.iter().all(|l| l.ok)
            && self
                .requests
                .iter()
                .all(|r| r.decision == EvalDecision::Allowed)
    }
}

fn compiled(
    name: &str,
    kind: PolicyType,
    text: &str,
    warnings: &mut Vec<String>,
) -> Option<CompiledPolicy> {
    let (policy, diagnostics) = compile_policy(name, kind, text);
    if has_errors(&diagnostics) {
        warnings.push(format!(
            "policy `{name}` has errors and is left out: {}",
            diagnostics.first().map_or("", |d| d.message.as_str())
        ));
        return None;
    }
    policy
}

/// Runs the chain.
pub fn simulate(input: &ChainInput<'_>) -> ChainOutcome {
    let account = input.account;
    let mut links = Vec::new();
    let mut warnings = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    let broken = |links: Vec<Link>,
                  headline: String,
                  warnings: Vec<String>,
                  texts: Vec<(String, String)>| ChainOutcome {
        headline,
        links,
        session: None,
        policy_texts: texts,
        requests: input
            .requests
            .iter()
            .map(|r| RequestOutcome {
                request: r.clone(),
                decision: EvalDecision::ImplicitDeny,
                evaluation: None,
            })
            .collect(),
        warnings,
    };

    // 2 first: the launch needs the role's ARN.
    let profile = match account.instance_profile(input.profile) {
        Ok(profile) => profile,
        Err(error) => {
            let headline = format!(
                "instance profile `{}` does not exist in account {} ({}), so the instance cannot be launched with it",
                input.profile,
                account.id,
                error.code()
            );
            links.push(Link {
                name: "instance profile",
                ok: false,
                detail: error.to_string(),
                evaluations: Vec::new(),
            });
            return broken(links, headline, warnings, texts);
        }
    };
    let role = match profile.roles.first().map(|name| account.role(name)) {
        Some(Ok(role)) => role,
        Some(Err(error)) => {
            links.push(Link {
                name: "instance profile",
                ok: false,
                detail: error.to_string(),
                evaluations: Vec::new(),
            });
            return broken(
                links,
                format!(
                    "instance profile `{}` names a role that does not exist, so the instance gets no credentials",
                    profile.name
                ),
                warnings,
                texts,
            );
        }
        None => {
            let headline = format!(
                "instance profile `{}` holds no role, so the instance gets no credentials: every AWS call from it is unsigned",
                profile.name
            );
            links.push(Link {
                name: "instance profile",
                ok: false,
                detail: "the profile holds no role".to_owned(),
                evaluations: Vec::new(),
            });
            return broken(links, headline, warnings, texts);
        }
    };

    // 1. launch
    if let Some(launcher) = input.launcher {
        texts.extend(
            launcher
                .policies
                .iter()
                .chain(&launcher.boundary)
                .map(|p| (p.name.clone(), p.text.clone())),
        );
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
        let mut checks: Vec<(String, Request)> = Vec::new();
        let actions = if launcher.actions.is_empty() {
            vec!["ec2:RunInstances".to_owned()]
        } else {
            launcher.actions.clone()
        };
        for action in actions {
            let mut request = Request::new(&launcher.principal, &action, &instance_arn);
            request.context.insert(
                "aws:RequestedRegion",
                ContextValue::string(&input.instance.region),
            );
            checks.push((action, request));
        }
        let pass_role = Request::new(&launcher.principal, "iam:PassRole", &role.arn)
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
        let ok = denied.is_empty();
        let detail = if ok {
            format!(
                "`{}` may launch the instance and pass role `{}` to {EC2_SERVICE}",
                launcher.principal, role.name
            )
        } else {
            denied
                .iter()
                .map(|(action, e)| format!("{action}: {}", e.summary))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let headline = denied.first().map(|(action, e)| {
            if action == "iam:PassRole" {
                format!("the launching principal cannot pass role `{}` to {EC2_SERVICE} ({}), so the instance cannot be launched with this profile", role.name, e.summary)
            } else {
                format!("the launching principal may not call {action} ({}), so the instance is never launched", e.summary)
            }
        });
        links.push(Link {
            name: "launch",
            ok,
            detail,
            evaluations,
        });
        if let Some(headline) = headline {
            return broken(links, headline, warnings, texts);
        }
    }
    links.push(Link {
        name: "instance profile",
        ok: true,
        detail: format!("`{}` holds role `{}`", profile.arn, role.name),
        evaluations: Vec::new(),
    });

    // 3. trust
    let Some(trust) = compiled(
        &format!("{} trust policy", role.name),
        PolicyType::Resource,
        &role.trust_policy,
        &mut warnings,
    ) else {
        links.push(Link {
            name: "trust policy",
            ok: false,
            detail: "the trust policy has errors".to_owned(),
            evaluations: Vec::new(),
        });
        return broken(
            links,
            format!(
                "the trust policy of role `{}` has errors, so EC2 cannot assume the role",
                role.name
            ),
            warnings,
            texts,
        );
    };
    texts.push((trust.name.clone(), trust.text.clone()));
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
        resource: Some(trust),
        ..PolicySet::default()
    };
    let trust_evaluation = explain(&trust_set, &PreparedRequest::new(&assume));
    let trusted = trust_evaluation.decision == EvalDecision::Allowed;
    let trust_detail = if trusted {
        trust_evaluation.summary.clone()
    } else {
        why_not(&trust_evaluation)
    };
    links.push(Link {
        name: "trust policy",
        ok: trusted,
        detail: trust_detail,
        evaluations: vec![("sts:AssumeRole".to_owned(), trust_evaluation)],
    });
    if !trusted {
        return broken(
            links,
            format!(
                "the trust policy of role `{}` does not let {EC2_SERVICE} assume it, so the instance never gets credentials",
                role.name
            ),
            warnings,
            texts,
        );
    }

    // 4. session
    let session = session(input, role);
    links.push(Link {
        name: "role session",
        ok: true,
        detail: format!(
            "the instance's credentials are the session `{}`",
            session.arn
        ),
        evaluations: Vec::new(),
    });

    // 5. requests
    let mut set = role_set(input, role, &mut warnings);
    texts.extend(
        set.identity
            .iter()
            .chain(&set.boundary)
            .map(|p| (p.name.clone(), p.text.clone())),
    );
    texts.extend(
        input
            .resource_policies
            .iter()
            .map(|rp| (rp.policy.name.clone(), rp.policy.text.clone())),
    );
    for level in input
        .organization
        .scp_levels
        .iter()
        .chain(&input.organization.rcp_levels)
    {
        texts.extend(
            level
                .policies
                .iter()
                .map(|p| (p.name.clone(), p.text.clone())),
        );
    }
    let mut base = Context::default();
    for entry in &session.context {
        base.insert(&entry.key, entry.value.clone());
    }
    // One policy set for every request: only the resource policy and its owner vary, so the
    // compiled identity, boundary and organisation policies are not copied per request.
    let mut requests = Vec::with_capacity(input.requests.len());
    for chain_request in input.requests {
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
        set.resource = rp.map(|rp| rp.policy.clone());
        set.resource_account = rp.map(|rp| rp.account.clone());
        set.resource_in_management_account =
            input.organization.management_account && rp.is_none_or(|rp| rp.account == account.id);
        let evaluation = explain(&set, &PreparedRequest::new(&request));
        requests.push(RequestOutcome {
            request: chain_request.clone(),
            decision: evaluation.decision,
            evaluation: Some(evaluation),
        });
    }
    let allowed = requests
        .iter()
        .filter(|r| r.decision == EvalDecision::Allowed)
        .count();
    let headline = match requests
        .iter()
        .find(|r| r.decision != EvalDecision::Allowed)
    {
        None => format!(
            "the instance gets credentials for role `{}`, and all {allowed} request(s) are allowed",
            role.name
        ),
        Some(first) => format!(
            "the instance gets credentials for role `{}`; {allowed} of {} request(s) allowed. First denied: {} on {}: {}",
            role.name,
            requests.len(),
            first.request.action,
            first.request.resource,
            first.evaluation.as_ref().map_or("", |e| e.summary.as_str())
        ),
    };
    ChainOutcome {
        headline,
        links,
        session: Some(session),
        requests,
        warnings,
        policy_texts: texts,
    }
}

/// The role's policy set for its session's requests: its inline and attached policies, its
/// boundary and the organisation's SCPs and RCPs, without a resource policy yet. Policies that
/// cannot be used are left out with a warning.
pub(crate) fn role_set(
    input: &ChainInput<'_>,
    role: &crate::iam::Role,
    warnings: &mut Vec<String>,
) -> PolicySet {
    let account = input.account;
    let mut identity = Vec::new();
    for (name, document) in &role.inline_policies {
        identity.extend(compiled(name, PolicyType::Identity, document, warnings));
    }
    for arn in &role.attached_policies {
        match account.policy(arn) {
            Ok(policy) => identity.extend(compiled(
                &policy.name,
                PolicyType::Identity,
                &policy.document,
                warnings,
            )),
            Err(_) => warnings.push(format!(
                "managed policy `{arn}` is not known, so its statements are not evaluated"
            )),
        }
    }
    let boundary = role
        .permissions_boundary
        .as_ref()
        .and_then(|arn| match account.policy(arn) {
            Ok(policy) => compiled(
                &policy.name,
                PolicyType::PermissionsBoundary,
                &policy.document,
                warnings,
            ),
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
        scp_levels: input.organization.scp_levels.clone(),
        rcp_levels: input.organization.rcp_levels.clone(),
        caller_is_management_account: input.organization.management_account,
        ..PolicySet::default()
    }
}

/// Why an evaluation that did not allow came out so, naming the statements: an explicit deny,
/// or each Allow statement and the part of it that did not match.
pub fn why_not(evaluation: &Evaluation) -> String {
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
fn session(input: &ChainInput<'_>, role: &crate::iam::Role) -> Session {
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
    }
}

#[cfg(test)]
mod tests;
