//! What the instance's credentials can do once taken off it. The credentials keep what EC2 put
//! in them (`ec2:SourceInstanceARN`, `aws:Ec2InstanceSourceVpc`,
//! `aws:Ec2InstanceSourcePrivateIPv4`, `ec2:RoleDelivery`), but a call from elsewhere no longer
//! carries the instance's network: `aws:SourceVpc`, `aws:SourceVpce` and `aws:VpcSourceIp` are
//! absent (from the internet) or another VPC's. The role session's access summary is worked out
//! from the instance and from each place outside, and each documented guard is added to the
//! scenario and the summaries worked out again (AWS Security Blog, "How to use policies to
//! restrict where EC2 instance credentials can be used from"; EC2 User Guide, "Use IMDSv2").

use super::Ground;
use super::edit::{self, Node};
use crate::access::{AccessSummary, session_subject, summarize};
use crate::chain::{ChainOutcome, ContextSource, ImdsVersion, SessionKey};
use crate::decision::EvalDecision;
use crate::request::{ContextKeyType, ContextValue};
use crate::scenario::Scenario;

/// Where the credentials are used from.
#[derive(Debug, Clone, PartialEq)]
pub struct Vantage {
    /// `instance`, `internet` or `other-vpc`.
    pub id: &'static str,
    /// In words.
    pub title: &'static str,
    /// The network keys of its calls (`None`: absent).
    pub network: Vec<(String, Option<String>)>,
    /// What the credentials may do from there.
    pub summary: AccessSummary,
}

/// Which guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardKind {
    /// Deny when `aws:SourceVpc` is not the instance's VPC.
    SourceVpc,
    /// Deny when `aws:VpcSourceIp` is not the instance's private address.
    SourcePrivateIp,
    /// Deny credentials delivered by IMDSv1 (`ec2:RoleDelivery` < 2.0).
    ImdsV2,
}

impl GuardKind {
    /// A stable id.
    pub fn id(self) -> &'static str {
        match self {
            GuardKind::SourceVpc => "source-vpc",
            GuardKind::SourcePrivateIp => "source-private-ip",
            GuardKind::ImdsV2 => "imdsv2",
        }
    }
}

/// A guard, added to the scenario and worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct Guard {
    /// Which.
    pub kind: GuardKind,
    /// What it does.
    pub title: String,
    /// Where it is added in the scenario.
    pub path: String,
    /// The statement added.
    pub statement: String,
    /// The scenario with the guard added.
    pub scenario: String,
    /// How many actions each place outside may still call with it, by vantage id.
    pub remaining: Vec<(&'static str, usize)>,
    /// The scenario's requests it denies from the instance (`action on resource`): requests
    /// that do not go through a VPC endpoint carry no `aws:SourceVpc`.
    pub breaks: Vec<String>,
}

/// The answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Exfiltration {
    /// The role session.
    pub session: String,
    /// From the instance, then from each place outside.
    pub vantages: Vec<Vantage>,
    /// The guards, each worked out.
    pub guards: Vec<Guard>,
    /// Why there is no answer (the instance gets no credentials).
    pub note: Option<String>,
}

const ATTACKER_IP: &str = "203.0.113.10";

fn set_key(context: &mut Vec<SessionKey>, key: &str, value: Option<ContextValue>) {
    context.retain(|k| !k.key.eq_ignore_ascii_case(key));
    if let Some(value) = value {
        context.push(SessionKey {
            key: key.to_owned(),
            value,
            source: ContextSource::Scenario,
        });
    }
}

/// A vantage: its id, its title and the network keys of its calls (`None`: absent).
type Place = (&'static str, &'static str, Vec<(String, Option<String>)>);

/// The vantages: the instance (through its VPC's endpoint when the scenario has one), the
/// internet, another VPC.
fn vantages(scenario: &Scenario) -> Vec<Place> {
    let instance = &scenario.instance;
    let inside = match (scenario.vpc_endpoints.first(), &instance.vpc_id) {
        (Some(endpoint), Some(vpc)) => vec![
            ("aws:SourceVpc".to_owned(), Some(vpc.clone())),
            ("aws:SourceVpce".to_owned(), Some(endpoint.id.clone())),
            ("aws:VpcSourceIp".to_owned(), instance.private_ip.clone()),
        ],
        _ => Vec::new(),
    };
    vec![
        ("instance", "from the instance", inside),
        (
            "internet",
            "from the internet",
            vec![
                ("aws:SourceVpc".to_owned(), None),
                ("aws:SourceVpce".to_owned(), None),
                ("aws:VpcSourceIp".to_owned(), None),
                ("aws:SourceIp".to_owned(), Some(ATTACKER_IP.to_owned())),
            ],
        ),
        (
            "other-vpc",
            "from another VPC, through its endpoint",
            vec![
                (
                    "aws:SourceVpc".to_owned(),
                    Some("vpc-0other000000000".to_owned()),
                ),
                (
                    "aws:SourceVpce".to_owned(),
                    Some("vpce-0other00000000".to_owned()),
                ),
                ("aws:VpcSourceIp".to_owned(), Some("10.99.0.5".to_owned())),
            ],
        ),
    ]
}

fn summary_from(
    scenario: &Scenario,
    outcome: &ChainOutcome,
    network: &[(String, Option<String>)],
) -> Option<AccessSummary> {
    let mut outcome = outcome.clone();
    let session = outcome.session.as_mut()?;
    for (key, value) in network {
        let value = value.as_ref().map(|v| {
            if key.ends_with("Ip") {
                ContextValue::typed(ContextKeyType::Ip, v)
            } else {
                ContextValue::string(v)
            }
        });
        set_key(&mut session.context, key, value);
    }
    let mut subject = session_subject(scenario, outcome).ok()?;
    Some(summarize(&mut subject, &[]))
}

fn guard_statement(kind: GuardKind) -> (String, Node) {
    let deny = |sid: &str, condition: Node| {
        Node::obj([
            ("Sid", Node::str(sid)),
            ("Effect", Node::str("Deny")),
            ("Action", Node::str("*")),
            ("Resource", Node::str("*")),
            ("Condition", condition),
        ])
    };
    let outside = |key: &str, variable: &str| {
        Node::obj([
            ("StringNotEquals", Node::obj([(key, Node::str(variable))])),
            (
                "Null",
                Node::obj([("ec2:SourceInstanceARN", Node::str("false"))]),
            ),
            (
                "BoolIfExists",
                Node::obj([("aws:ViaAWSService", Node::str("false"))]),
            ),
        ])
    };
    match kind {
        GuardKind::SourceVpc => (
            "deny the credentials outside the instance's VPC (aws:Ec2InstanceSourceVpc ≠ aws:SourceVpc)".to_owned(),
            deny("DenyCredentialsOutsideTheInstanceVpc", outside("aws:Ec2InstanceSourceVpc", "${aws:SourceVpc}")),
        ),
        GuardKind::SourcePrivateIp => (
            "deny the credentials from any address but the instance's (aws:Ec2InstanceSourcePrivateIPv4 ≠ aws:VpcSourceIp)".to_owned(),
            deny("DenyCredentialsFromOtherAddresses", outside("aws:Ec2InstanceSourcePrivateIPv4", "${aws:VpcSourceIp}")),
        ),
        GuardKind::ImdsV2 => (
            "deny credentials delivered by IMDSv1 (ec2:RoleDelivery < 2.0)".to_owned(),
            deny(
                "DenyCredentialsFromImdsV1",
                Node::obj([("NumericLessThan", Node::obj([("ec2:RoleDelivery", Node::str("2.0"))]))]),
            ),
        ),
    }
}

/// Adds `statement` as an inline policy `name` of the role at `index`.
fn add_inline(text: &str, index: usize, name: &str, statement: &Node) -> Option<(String, String)> {
    let root = edit::parse(text)?;
    let role = edit::at_path(&root, &format!("$.account.roles[{index}]"))?;
    let document = Node::obj([
        ("Version", Node::str("2012-10-17")),
        ("Statement", Node::Arr(vec![statement.clone()])),
    ]);
    let path = format!("$.account.roles[{index}].inlinePolicies.{name}");
    let out = match role.get("inlinePolicies") {
        Some(inline) => edit::push_member(text, inline, name, &document)?,
        None => edit::push_member(
            text,
            role,
            "inlinePolicies",
            &Node::Obj(vec![(name.to_owned(), document)]),
        )?,
    };
    Some((out, path))
}

/// What the instance's credentials can do from outside it, and the guards that stop it.
pub fn exfiltration(ground: Ground<'_>) -> Exfiltration {
    let scenario = ground.scenario;
    let outcome = ground.run();
    let mut answer = Exfiltration {
        session: String::new(),
        vantages: Vec::new(),
        guards: Vec::new(),
        note: None,
    };
    let Some(session) = &outcome.session else {
        answer.note = Some(format!(
            "the instance gets no credentials: {}",
            outcome.headline
        ));
        return answer;
    };
    answer.session = session.arn.clone();
    let places = vantages(scenario);
    for (id, title, network) in &places {
        if let Some(summary) = summary_from(scenario, &outcome, network) {
            answer.vantages.push(Vantage {
                id,
                title,
                network: network.clone(),
                summary,
            });
        }
    }
    let Some(role) = scenario
        .account
        .instance_profile(&scenario.profile)
        .ok()
        .and_then(|p| p.roles.first().cloned())
    else {
        return answer;
    };
    let Some(root) = edit::parse(ground.text) else {
        return answer;
    };
    let Some(index) = edit::at_path(&root, "$.account.roles").and_then(|roles| {
        roles
            .items()
            .iter()
            .position(|r| r.get("name").and_then(crate::json::Json::as_str) == Some(role.as_str()))
    }) else {
        return answer;
    };
    let mut kinds = vec![GuardKind::SourceVpc, GuardKind::SourcePrivateIp];
    if scenario.instance.imds == ImdsVersion::V1 {
        kinds.push(GuardKind::ImdsV2);
    }
    let allowed_before: Vec<usize> = outcome
        .requests
        .iter()
        .enumerate()
        .filter(|(_, r)| r.decision == EvalDecision::Allowed)
        .map(|(i, _)| i)
        .collect();
    for kind in kinds {
        let (title, statement) = guard_statement(kind);
        let name = match kind {
            GuardKind::SourceVpc => "GuardCredentialsVpc",
            GuardKind::SourcePrivateIp => "GuardCredentialsAddress",
            GuardKind::ImdsV2 => "GuardImdsV2",
        };
        let Some((text, path)) = add_inline(ground.text, index, name, &statement) else {
            continue;
        };
        let Some((guarded, guarded_outcome)) = ground.again(&text) else {
            continue;
        };
        let remaining = places
            .iter()
            .filter(|(id, _, _)| *id != "instance")
            .filter_map(|(id, _, network)| {
                summary_from(&guarded, &guarded_outcome, network).map(|s| (*id, s.actions.len()))
            })
            .collect();
        let breaks = allowed_before
            .iter()
            .filter_map(|i| guarded_outcome.requests.get(*i))
            .filter(|r| r.decision != EvalDecision::Allowed)
            .map(|r| format!("{} on {}", r.request.action, r.request.resource))
            .collect();
        let mut written = String::new();
        edit::write(&statement, "", &mut written);
        answer.guards.push(Guard {
            kind,
            title,
            path,
            statement: written,
            scenario: text,
            remaining,
            breaks,
        });
    }
    answer
}
