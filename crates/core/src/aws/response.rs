//! AWS's `SimulatePolicy` response (`EvaluationResults`), as `simulate-custom-policy` and
//! `simulate-principal-policy` return it, from evaluated requests: matched statements at AWS's
//! positions, missing context values, the organisations', boundary's and cross-account details,
//! and (on request) iamplay's explanation under `Iamplay`.

use crate::decision::{StatementOutcome, StatementRef, StepOutcome};
use crate::{CompiledPolicy, Evaluation, LineCol, LineIndex, PolicySet, PolicyType};
use serde::Serialize;

/// A place in a policy, as AWS gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "PascalCase")]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A statement that decided a result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "PascalCase")]
pub struct MatchedStatement {
    /// `PolicyInputList.1`, `ResourcePolicy`, or a policy's name.
    pub source_policy_id: String,
    /// AWS's model's type: `resource`, `none`, `role`, `aws-managed`, `user-managed`.
    pub source_policy_type: String,
    /// Just after the brace before the statement (AWS's convention).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub start_position: Option<Position>,
    /// Just after the statement's closing brace.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub end_position: Option<Position>,
}

/// Whether the organisation's SCPs allow on their own.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "PascalCase")]
pub struct OrganizationsDecisionDetail {
    pub allowed_by_organizations: bool,
}

/// Whether the permissions boundary allows on its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "PascalCase")]
pub struct PermissionsBoundaryDecisionDetail {
    pub allowed_by_permissions_boundary: bool,
}

/// Across accounts: what the identity-based and the resource-based policies decide each.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct EvalDecisionDetails {
    #[serde(rename = "IAM Policy")]
    #[cfg_attr(feature = "typescript", ts(rename = "IAM Policy"))]
    pub iam_policy: String,
    #[serde(rename = "Resource Policy")]
    #[cfg_attr(feature = "typescript", ts(rename = "Resource Policy"))]
    pub resource_policy: String,
}

/// The result for a named resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "PascalCase")]
pub struct ResourceSpecificResult {
    pub eval_resource_name: String,
    pub eval_resource_decision: String,
    pub matched_statements: Vec<MatchedStatement>,
    pub missing_context_values: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub permissions_boundary_decision_detail: Option<PermissionsBoundaryDecisionDetail>,
}

/// One stage of AWS's decision order, in iamplay's explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "PascalCase")]
pub struct ExplainedStep {
    pub stage: String,
    /// `passed`, `decided` or `skipped`.
    pub outcome: String,
    pub detail: String,
}

/// One statement's outcome, in iamplay's explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "PascalCase")]
pub struct ExplainedStatement {
    pub source_policy_id: String,
    pub source_policy_type: String,
    pub sid: Option<String>,
    pub index: usize,
    pub effect: String,
    pub start_position: Option<Position>,
    pub outcome: String,
}

/// iamplay's explanation of a result (the `Iamplay` field, on request).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "PascalCase")]
pub struct Explanation {
    pub summary: String,
    pub steps: Vec<ExplainedStep>,
    pub statements: Vec<ExplainedStatement>,
    pub warnings: Vec<String>,
}

/// One result of AWS's response.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "PascalCase")]
pub struct EvaluationResult {
    pub eval_action_name: String,
    pub eval_resource_name: String,
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub eval_decision: String,
    pub matched_statements: Vec<MatchedStatement>,
    pub missing_context_values: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub organizations_decision_detail: Option<OrganizationsDecisionDetail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub permissions_boundary_decision_detail: Option<PermissionsBoundaryDecisionDetail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub eval_decision_details: Option<EvalDecisionDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub resource_specific_results: Option<Vec<ResourceSpecificResult>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub iamplay: Option<Explanation>,
}

/// AWS's response.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "PascalCase")]
pub struct SimulateResponse {
    pub evaluation_results: Vec<EvaluationResult>,
    pub is_truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub marker: Option<String>,
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
pub fn statement_start(set: &PolicySet, statement: &StatementRef) -> Option<LineCol> {
    let policy = find(set, &statement.policy_name)?;
    Some(LineIndex::new(&policy.text).line_col(statement.span.start))
}

/// AWS's `StartPosition` of a statement (see [`aws_positions`]), or `None` when its text is
/// not at hand.
fn position(set: &PolicySet, statement: &StatementRef) -> Option<Position> {
    let policy = find(set, &statement.policy_name)?;
    let (start, _) = aws_positions(&policy.text, statement.span.start, statement.span.end);
    Some(Position {
        line: start.line,
        column: start.column,
    })
}

fn matched(
    set: &PolicySet,
    statements: &[StatementRef],
    label: TypeLabel<'_>,
) -> Vec<MatchedStatement> {
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
            let places = find(set, &s.policy_name)
                .map(|policy| aws_positions(&policy.text, s.span.start, s.span.end));
            MatchedStatement {
                source_policy_id: s.policy_name.clone(),
                source_policy_type: label(s).to_owned(),
                start_position: places.map(|(start, _)| Position {
                    line: start.line,
                    column: start.column,
                }),
                end_position: places.map(|(_, end)| Position {
                    line: end.line,
                    column: end.column,
                }),
            }
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
    applying(crate::policy::Effect::Allow) && !applying(crate::policy::Effect::Deny)
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
    let applying = |p: &&crate::decision::PolicyTrace, effect| {
        p.statements
            .iter()
            .any(|s| s.outcome == StatementOutcome::Applies && s.statement.effect == effect)
    };
    let denied = scps
        .iter()
        .any(|p| applying(p, crate::policy::Effect::Deny));
    let every_level = (0..set.scp_levels.len()).all(|level| {
        scps.iter().any(|p| {
            p.place == crate::decision::Place::Scp(level)
                && applying(p, crate::policy::Effect::Allow)
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
                && s.statement.effect == crate::policy::Effect::Allow
        })
}

/// How a statement's policy is named in `SourcePolicyType`.
pub type TypeLabel<'a> = &'a dyn Fn(&StatementRef) -> &'static str;

/// AWS's response for evaluated requests; `label` names each policy's `SourcePolicyType`.
pub fn response(
    set: &PolicySet,
    evaluations: &[(String, String, Evaluation)],
    explain: bool,
    label: TypeLabel<'_>,
) -> SimulateResponse {
    let results = evaluations
        .iter()
        .map(|(action, resource, e)| {
            let boundary = set
                .boundary
                .is_some()
                .then(|| PermissionsBoundaryDecisionDetail {
                    allowed_by_permissions_boundary: allowed_by(e, PolicyType::PermissionsBoundary),
                });
            let decision =
                |allowed: bool| if allowed { "allowed" } else { "implicitDeny" }.to_owned();
            EvaluationResult {
                eval_action_name: action.clone(),
                eval_resource_name: resource.clone(),
                eval_decision: e.decision.as_str().to_owned(),
                matched_statements: matched(set, &e.deciding, label),
                missing_context_values: if resource == "*" {
                    e.missing_context_keys.clone()
                } else {
                    Vec::new()
                },
                organizations_decision_detail: (!set.scp_levels.is_empty()).then(|| {
                    OrganizationsDecisionDetail {
                        allowed_by_organizations: allowed_by_organizations(set, e),
                    }
                }),
                permissions_boundary_decision_detail: boundary.clone(),
                eval_decision_details: set.resource_account.is_some().then(|| {
                    EvalDecisionDetails {
                        iam_policy: decision(allows_in(e, PolicyType::Identity)),
                        resource_policy: decision(allows_in(e, PolicyType::Resource)),
                    }
                }),
                resource_specific_results: (resource != "*").then(|| {
                    vec![ResourceSpecificResult {
                        eval_resource_name: resource.clone(),
                        eval_resource_decision: e.decision.as_str().to_owned(),
                        matched_statements: matched(set, &e.deciding, label),
                        missing_context_values: e.missing_context_keys.clone(),
                        permissions_boundary_decision_detail: boundary,
                    }]
                }),
                iamplay: explain.then(|| explanation(set, e)),
            }
        })
        .collect();
    SimulateResponse {
        evaluation_results: results,
        is_truncated: false,
        marker: None,
    }
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
pub fn explanation(set: &PolicySet, e: &Evaluation) -> Explanation {
    Explanation {
        summary: e.summary.clone(),
        steps: e
            .steps
            .iter()
            .map(|s| ExplainedStep {
                stage: s.stage.to_owned(),
                outcome: match s.outcome {
                    StepOutcome::Passed => "passed",
                    StepOutcome::Decided => "decided",
                    StepOutcome::Skipped => "skipped",
                }
                .to_owned(),
                detail: s.detail.clone(),
            })
            .collect(),
        statements: e
            .policies
            .iter()
            .flat_map(|p| p.statements.iter())
            .map(|s| ExplainedStatement {
                source_policy_id: s.statement.policy_name.clone(),
                source_policy_type: source_policy_type(s.statement.policy_type).to_owned(),
                sid: s.statement.sid.clone(),
                index: s.statement.index,
                effect: s.statement.effect.to_string(),
                start_position: position(set, &s.statement),
                outcome: outcome_words(&s.outcome),
            })
            .collect(),
        warnings: e.warnings.clone(),
    }
}
