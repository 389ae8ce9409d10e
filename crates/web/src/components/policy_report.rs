//! What the engine found in the policy, beside the editor: a one-line summary, the problems, the
//! statements, and the access summary and change review.

use super::{AccessPanel, Problems, Statements};
use crate::state::{HalfAction, PolicyView};
use iamplay_core::{PolicyType, Severity};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`PolicyReport`].
#[derive(Properties, PartialEq)]
pub struct PolicyReportProps {
    /// What to show.
    pub view: Rc<PolicyView>,
    /// Called with the UTF-16 range of a problem the user clicked.
    pub on_select: Callback<(u32, u32)>,
    /// Called with what the user did to the access summary or the baseline.
    pub on_action: Callback<HalfAction>,
    /// Whether the access summary and the change review are of an earlier text.
    #[prop_or_default]
    pub stale: bool,
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The summary line: the errors when IAM would reject the policy, else its kind, its statements
/// and the findings of each class.
fn summary(view: &PolicyView) -> String {
    let errors = view.count(Severity::Error);
    if errors > 0 {
        return format!("{} — IAM would reject this policy", plural(errors, "error"));
    }
    let kind = view.kind.map_or("identity-based policy", PolicyType::label);
    let mut summary = format!(
        "valid {kind}: {}",
        plural(view.statements.len(), "statement")
    );
    let others = [
        (view.count(Severity::SecurityWarning), "security warning"),
        (view.count(Severity::Warning), "warning"),
        (view.count(Severity::Suggestion), "suggestion"),
    ];
    for (count, word) in others {
        if count > 0 {
            summary.push_str(&format!(", {}", plural(count, word)));
        }
    }
    summary
}

/// The policy reader's result pane.
#[component]
pub fn PolicyReport(props: &PolicyReportProps) -> Html {
    let view = &props.view;
    let valid = view.is_valid();
    let on_action = |action: HalfAction| props.on_action.reform(move |()| action.clone());
    html! {
        <>
            <p class={classes!("summary", if valid { "ok" } else { "bad" })} data-testid="summary">
                { summary(view) }
            </p>
            <Problems problems={view.problems.clone()} on_select={props.on_select.clone()} />
            <Statements statements={view.statements.clone()} />
            <AccessPanel access={view.access.clone()} review={view.review.clone()} stale={props.stale}
                ask="What does this policy allow?"
                on_toggle={on_action(HalfAction::ToggleAccess)} on_baseline={on_action(HalfAction::SetBaseline)}
                on_clear={on_action(HalfAction::ClearBaseline)} />
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, EXAMPLES, HalfAction, Mode, State};
    use yew::Reducible;

    fn summary_of(action: Action) -> String {
        let state = Rc::new(State::first_visit("2026-11-22T12:00:00Z".to_owned())).reduce(action);
        summary(&state.policy.view)
    }

    #[test]
    fn the_summary_names_the_kind_the_statements_and_the_findings() {
        assert_eq!(
            summary_of(Action::LoadExample(1)),
            "valid identity-based policy: 2 statements"
        );
        let broken = EXAMPLES.iter().position(|e| e.label.contains("broken"));
        let broken = summary_of(Action::LoadExample(broken.unwrap()));
        assert!(
            broken.ends_with(" — IAM would reject this policy"),
            "{broken}"
        );
        let pass_role = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}}"#;
        let edit = HalfAction::Edit(pass_role.to_owned());
        assert_eq!(
            summary_of(Action::Half(Mode::Policy, edit)),
            "valid identity-based policy: 1 statement, 1 security warning, 1 warning"
        );
    }
}
