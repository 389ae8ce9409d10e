//! What the engine found in the scenario, beside the editor: the AWS managed policies still being
//! fetched, the problems, the simulation, and the access summary and change review.

use super::{AccessPanel, Problems, ScenarioResults};
use crate::state::{HalfAction, ScenarioView};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`ScenarioReport`].
#[derive(Properties, PartialEq)]
pub struct ScenarioReportProps {
    /// What to show.
    pub view: Rc<ScenarioView>,
    /// Called with the UTF-16 range of a problem or statement the user clicked.
    pub on_select: Callback<(u32, u32)>,
    /// Called with what the user did to the access summary or the baseline.
    pub on_action: Callback<HalfAction>,
    /// Whether the access summary and the change review are of an earlier text.
    #[prop_or_default]
    pub stale: bool,
}

/// The scenario's result pane.
#[component]
pub fn ScenarioReport(props: &ScenarioReportProps) -> Html {
    let view = &props.view;
    let on_action = |action: HalfAction| props.on_action.reform(move |()| action.clone());
    html! {
        <>
            if !view.loading.is_empty() {
                <p class="summary" data-testid="loading">
                    { format!("Fetching AWS managed policies: {}", view.loading.join(", ")) }
                </p>
            }
            <Problems problems={view.problems.clone()} on_select={props.on_select.clone()} />
            <ScenarioResults view={view.clone()} on_select={props.on_select.clone()} />
            <AccessPanel access={view.access.clone()} review={view.review.clone()} stale={props.stale}
                ask="What can this instance do?"
                on_toggle={on_action(HalfAction::ToggleAccess)} on_baseline={on_action(HalfAction::SetBaseline)}
                on_clear={on_action(HalfAction::ClearBaseline)} />
        </>
    }
}
