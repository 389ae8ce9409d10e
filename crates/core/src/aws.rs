//! AWS's policy simulator, offline: the input of `simulate-custom-policy` and
//! `simulate-principal-policy` in AWS's JSON ([`SimulatePolicyInput`]) and their response
//! ([`response`]), shared by the CLI and the JS package.

mod input;
mod response;

pub use input::*;
pub use response::*;

/// A problem of a `simulate-custom-policy` input; a policy's diagnostic names its field
/// (`PolicyInputList.1`), its code and its place in that policy.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct InputProblem {
    /// What is wrong.
    pub message: String,
    /// The input's field it is in.
    pub field: Option<String>,
    /// The diagnostic's code, for a policy.
    pub code: Option<String>,
    /// Where it is in the policy, from 1.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// `simulateCustomPolicy`'s result: AWS's response and `allAllowed`, or only `problems`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct SimulateCustomPolicyResult {
    #[serde(rename = "EvaluationResults", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(rename = "EvaluationResults", optional))]
    pub evaluation_results: Option<Vec<EvaluationResult>>,
    #[serde(rename = "IsTruncated", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(rename = "IsTruncated", optional))]
    pub is_truncated: Option<bool>,
    #[serde(rename = "Marker", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(rename = "Marker", optional))]
    pub marker: Option<String>,
    /// Whether every result is allowed.
    #[serde(rename = "allAllowed", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(rename = "allAllowed", optional))]
    pub all_allowed: Option<bool>,
    /// Problems of the input; with any, nothing is evaluated.
    pub problems: Vec<InputProblem>,
}

/// `simulate-custom-policy` on AWS's input JSON (`PolicyInputList`, `ActionNames`,
/// `ResourceArns`, `ContextEntries`, …, and iamplay's `Iamplay` extensions): AWS's response
/// (`EvaluationResults`, with `IsTruncated` and `Marker` when `MaxItems` cuts it), with
/// iamplay's explanation of each result under `Iamplay` when `explain_results` is set. Every
/// problem of the input comes back under `problems` instead, a policy's at its line and column.
pub fn simulate_custom_policy(input: &str, explain_results: bool) -> SimulateCustomPolicyResult {
    let refused = |problems: Vec<InputProblem>| SimulateCustomPolicyResult {
        evaluation_results: None,
        is_truncated: None,
        marker: None,
        all_allowed: None,
        problems,
    };
    let parsed = match SimulatePolicyInput::parse(Operation::SimulateCustomPolicy, input) {
        Ok(parsed) => parsed,
        Err(message) => {
            return refused(vec![InputProblem {
                message,
                field: None,
                code: None,
                line: None,
                column: None,
            }]);
        }
    };
    let simulation = match parsed.build(None) {
        Ok(simulation) => simulation,
        Err(found) => return refused(found.iter().flat_map(input_problems).collect()),
    };
    let page = simulation.evaluate_page();
    let label = |s: &crate::decision::StatementRef| model_source_type(s.policy_type);
    let answer = response(&simulation.set, &page.evaluations, explain_results, &label);
    SimulateCustomPolicyResult {
        all_allowed: Some(page.all_allowed),
        evaluation_results: Some(answer.evaluation_results),
        is_truncated: Some(page.next.is_some()),
        marker: page.next,
        problems: Vec::new(),
    }
}

/// A problem of the input, a policy's diagnostics each at its place.
fn input_problems(problem: &Problem) -> Vec<InputProblem> {
    match problem {
        Problem::Policy {
            name,
            text,
            diagnostics,
        } => {
            let index = crate::LineIndex::new(text);
            diagnostics
                .iter()
                .map(|d| {
                    let at = index.line_col(d.span.start);
                    InputProblem {
                        message: d.message.clone(),
                        field: Some(name.clone()),
                        code: Some(d.code.to_owned()),
                        line: Some(at.line),
                        column: Some(at.column),
                    }
                })
                .collect()
        }
        other => vec![InputProblem {
            message: other.brief(),
            field: None,
            code: None,
            line: None,
            column: None,
        }],
    }
}
