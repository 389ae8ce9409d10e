//! Who can get the instance profile's credentials: every principal the scenario knows (the
//! launching principal, and a session of each role in the account) tried on each documented
//! way of putting the profile on an instance, each step decided with the principal's own
//! policies, its boundary and the organisation's SCPs:
//!
//! - launch an instance with it: `ec2:RunInstances` and `iam:PassRole` (EC2 User Guide, "IAM
//!   roles for Amazon EC2");
//! - put it on a running instance: `ec2:AssociateIamInstanceProfile` or
//!   `ec2:ReplaceIamInstanceProfileAssociation`, with `iam:PassRole`;
//! - create or update an Auto Scaling group whose launch template names it:
//!   `autoscaling:CreateAutoScalingGroup` / `UpdateAutoScalingGroup`, `ec2:RunInstances` and
//!   `iam:PassRole` (Amazon EC2 Auto Scaling, "API permissions");
//! - a new version of a launch template that an Auto Scaling group launches as `$Latest`:
//!   `ec2:CreateLaunchTemplateVersion` (the group checks `iam:PassRole` only when it is
//!   created or updated).

use super::Ground;
use crate::chain::{EC2_SERVICE, role_policies};
use crate::decision::{EvalDecision, PolicySet, StatementRef, explain};
use crate::evaluate::PreparedRequest;
use crate::request::{ContextValue, Request};

/// A documented way to the credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// Launch an instance with the profile.
    RunInstances,
    /// Associate the profile with a running instance.
    AssociateProfile,
    /// Replace a running instance's profile with it.
    ReplaceProfile,
    /// Create an Auto Scaling group from a launch template naming it.
    CreateAutoScalingGroup,
    /// Update an Auto Scaling group to such a template.
    UpdateAutoScalingGroup,
    /// A new launch template version, launched by a group that uses `$Latest`.
    LaunchTemplateVersion,
}

impl PathKind {
    /// A stable id.
    pub fn id(self) -> &'static str {
        match self {
            PathKind::RunInstances => "run-instances",
            PathKind::AssociateProfile => "associate-iam-instance-profile",
            PathKind::ReplaceProfile => "replace-iam-instance-profile-association",
            PathKind::CreateAutoScalingGroup => "create-auto-scaling-group",
            PathKind::UpdateAutoScalingGroup => "update-auto-scaling-group",
            PathKind::LaunchTemplateVersion => "create-launch-template-version",
        }
    }

    /// What it does, in words.
    pub fn title(self) -> &'static str {
        match self {
            PathKind::RunInstances => "launch an instance with the profile",
            PathKind::AssociateProfile => "attach the profile to a running instance",
            PathKind::ReplaceProfile => "replace a running instance's profile with it",
            PathKind::CreateAutoScalingGroup => {
                "create an Auto Scaling group from a launch template that names the profile"
            }
            PathKind::UpdateAutoScalingGroup => {
                "update an Auto Scaling group to a launch template that names the profile"
            }
            PathKind::LaunchTemplateVersion => {
                "add a launch template version naming the profile, launched by a group that uses $Latest"
            }
        }
    }

    const ALL: [PathKind; 6] = [
        PathKind::RunInstances,
        PathKind::AssociateProfile,
        PathKind::ReplaceProfile,
        PathKind::CreateAutoScalingGroup,
        PathKind::UpdateAutoScalingGroup,
        PathKind::LaunchTemplateVersion,
    ];
}

/// One call of a path, decided.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStep {
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The decision.
    pub decision: EvalDecision,
    /// Why, in a sentence.
    pub summary: String,
    /// The statements that decided it.
    pub deciding: Vec<StatementRef>,
}

/// One path for one principal.
#[derive(Debug, Clone, PartialEq)]
pub struct ReachPath {
    /// Which path.
    pub kind: PathKind,
    /// Whether every step is allowed.
    pub reachable: bool,
    /// Each step.
    pub steps: Vec<PathStep>,
    /// What else it takes, when the path is indirect.
    pub note: Option<String>,
}

/// One principal and its paths.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    /// Its ARN (a role session for roles).
    pub arn: String,
    /// `launcher` or `role`.
    pub kind: &'static str,
    /// The role's or the launcher's name.
    pub name: String,
    /// Each path.
    pub paths: Vec<ReachPath>,
}

impl Principal {
    /// Whether any path reaches the credentials.
    pub fn can_get(&self) -> bool {
        self.paths.iter().any(|p| p.reachable)
    }
}

/// The answer.
#[derive(Debug, Clone, PartialEq)]
pub struct WhoCanGet {
    /// The instance profile.
    pub profile: String,
    /// The role whose credentials it gives.
    pub role: Option<String>,
    /// Every principal, those that can get the credentials first.
    pub principals: Vec<Principal>,
    /// What could not be taken into account.
    pub warnings: Vec<String>,
}

struct Target {
    partition: String,
    account: String,
    region: String,
    role_arn: String,
}

impl Target {
    fn arn(&self, service: &str, resource: &str) -> String {
        format!(
            "arn:{}:{service}:{}:{}:{resource}",
            self.partition, self.region, self.account
        )
    }

    fn steps(&self, kind: PathKind) -> Vec<(&'static str, String)> {
        let instance = self.arn("ec2", "instance/*");
        let group = self.arn("autoscaling", "autoScalingGroup:*:autoScalingGroupName/*");
        let pass = ("iam:PassRole", self.role_arn.clone());
        match kind {
            PathKind::RunInstances => vec![("ec2:RunInstances", instance), pass],
            PathKind::AssociateProfile => vec![("ec2:AssociateIamInstanceProfile", instance), pass],
            PathKind::ReplaceProfile => {
                vec![("ec2:ReplaceIamInstanceProfileAssociation", instance), pass]
            }
            PathKind::CreateAutoScalingGroup => vec![
                ("autoscaling:CreateAutoScalingGroup", group),
                ("ec2:RunInstances", instance),
                pass,
            ],
            PathKind::UpdateAutoScalingGroup => vec![
                ("autoscaling:UpdateAutoScalingGroup", group),
                ("ec2:RunInstances", instance),
                pass,
            ],
            PathKind::LaunchTemplateVersion => vec![(
                "ec2:CreateLaunchTemplateVersion",
                self.arn("ec2", "launch-template/*"),
            )],
        }
    }

    fn request(&self, caller: &str, action: &str, resource: &str) -> Request {
        let mut request = Request::new(caller, action, resource)
            .with("aws:RequestedRegion", ContextValue::string(&self.region));
        if action == "iam:PassRole" {
            request = request
                .with("iam:PassedToService", ContextValue::string(EC2_SERVICE))
                .with(
                    "iam:AssociatedResourceArn",
                    ContextValue::string(self.arn("ec2", "instance/*")),
                );
        }
        request
    }
}

fn paths(
    target: &Target,
    caller: &str,
    set: &PolicySet,
    extra: &[(String, ContextValue)],
) -> Vec<ReachPath> {
    PathKind::ALL
        .iter()
        .map(|kind| {
            let steps: Vec<PathStep> = target
                .steps(*kind)
                .into_iter()
                .map(|(action, resource)| {
                    let mut request = target.request(caller, action, &resource);
                    for (key, value) in extra {
                        request.context.insert(key, value.clone());
                    }
                    let evaluation = explain(set, &PreparedRequest::new(&request));
                    PathStep {
                        action: action.to_owned(),
                        resource,
                        decision: evaluation.decision,
                        summary: evaluation.summary,
                        deciding: evaluation.deciding,
                    }
                })
                .collect();
            ReachPath {
                kind: *kind,
                reachable: steps.iter().all(|s| s.decision == EvalDecision::Allowed),
                steps,
                note: (*kind == PathKind::LaunchTemplateVersion).then(|| {
                    "only when an Auto Scaling group launches the template's $Latest (or $Default) version: Auto Scaling checks iam:PassRole when a group is created or updated, not when it launches".to_owned()
                }),
            }
        })
        .collect()
}

/// Who can get the credentials of the scenario's instance profile.
pub fn who_can_get(ground: Ground<'_>) -> WhoCanGet {
    let scenario = ground.scenario;
    let account = &scenario.account;
    let role = account
        .instance_profile(&scenario.profile)
        .ok()
        .and_then(|p| p.roles.first())
        .and_then(|name| account.role(name).ok());
    let mut answer = WhoCanGet {
        profile: scenario.profile.clone(),
        role: role.map(|r| r.name.clone()),
        principals: Vec::new(),
        warnings: Vec::new(),
    };
    let Some(role) = role else {
        answer
            .warnings
            .push("the instance profile holds no role: it gives no credentials".to_owned());
        return answer;
    };
    let target = Target {
        partition: account.partition.clone(),
        account: account.id.clone(),
        region: scenario.instance.region.clone(),
        role_arn: role.arn.clone(),
    };
    let organization = &scenario.organization;
    if let Some(launcher) = &scenario.launcher {
        let set = PolicySet {
            identity: launcher.policies.clone(),
            boundary: launcher.boundary.clone(),
            scp_levels: organization.scp_levels.clone(),
            rcp_levels: organization.rcp_levels.clone(),
            caller_is_management_account: organization.management_account,
            resource_in_management_account: organization.management_account,
            ..PolicySet::default()
        };
        let name = launcher
            .principal
            .rsplit('/')
            .next()
            .unwrap_or(&launcher.principal)
            .to_owned();
        answer.principals.push(Principal {
            paths: paths(&target, &launcher.principal, &set, &[]),
            arn: launcher.principal.clone(),
            kind: "launcher",
            name,
        });
    }
    for other in account.roles() {
        let mut warnings = Vec::new();
        let mut set = role_policies(account, other, organization, &mut warnings);
        set.resource_in_management_account = organization.management_account;
        answer.warnings.extend(warnings);
        let session = format!(
            "arn:{}:sts::{}:assumed-role/{}/session",
            account.partition, account.id, other.name
        );
        let mut extra = vec![
            (
                "aws:PrincipalArn".to_owned(),
                ContextValue::string(&other.arn),
            ),
            (
                "aws:PrincipalAccount".to_owned(),
                ContextValue::string(&account.id),
            ),
        ];
        for tag in &other.tags {
            extra.push((
                format!("aws:PrincipalTag/{}", tag.key),
                ContextValue::string(&tag.value),
            ));
        }
        answer.principals.push(Principal {
            paths: paths(&target, &session, &set, &extra),
            arn: session,
            kind: "role",
            name: other.name.clone(),
        });
    }
    answer.warnings.dedup();
    crate::sort::sort_by_key(&mut answer.principals, |p| !p.can_get());
    answer
}
