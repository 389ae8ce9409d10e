//! The playground page: a scenario (instance profile → verdicts) or a single policy, the editor,
//! and what the engine found. Nothing typed here leaves the page.

use crate::components::{
    JsonEditor, Masthead, PolicyReport, PolicyToolbar, ScenarioReport, ScenarioToolbar, ShareLink,
    Tabs,
};
use crate::hooks::{
    use_editor_selection, use_managed_policies, use_persisted_state, use_share_link,
};
use crate::state::{Action, HalfAction, Mode, State};
use yew::prelude::*;

/// A callback that dispatches the action made of its event.
fn send<E: 'static>(
    state: &UseReducerHandle<State>,
    action: impl Fn(E) -> Action + 'static,
) -> Callback<E> {
    let dispatcher = state.dispatcher();
    Callback::from(move |event: E| dispatcher.dispatch(action(event)))
}

/// The whole playground: the shown half's toolbar, editor and report. Both halves render their
/// text in the same editor, so it keeps the size the user gave it when the tab changes.
#[component]
pub fn App() -> Html {
    let state = use_persisted_state();
    let open_managed = use_managed_policies(&state);
    let (share_link, on_share) = use_share_link(&state.scenario.text);
    let (editor_ref, on_select) = use_editor_selection();
    let mode = state.mode;
    let on_action = send(&state, move |action| Action::Half(mode, action));
    let on_edit = on_action.reform(HalfAction::Edit);
    let (toolbar, editor, report) = match mode {
        Mode::Scenario => (
            html! { <ScenarioToolbar on_preset={send(&state, Action::LoadPreset)} {on_share} /> },
            html! {
                <JsonEditor text={AttrValue::from(state.scenario.text.clone())}
                    invalid={!state.scenario.view.problems.is_empty()} {on_edit} node_ref={editor_ref}
                    test_id="scenario-input" label="Scenario document" />
            },
            html! { <ScenarioReport view={state.scenario.view.clone()} {on_select} {on_action} /> },
        ),
        Mode::Policy => (
            html! {
                <PolicyToolbar kind={state.policy.kind} index={state.managed_index.clone()}
                    on_example={send(&state, Action::LoadExample)}
                    on_kind={send(&state, Action::SetPolicyKind)} on_open={open_managed} />
            },
            html! {
                <JsonEditor text={AttrValue::from(state.policy.text.clone())}
                    invalid={!state.policy.view.is_valid()} {on_edit} node_ref={editor_ref}
                    test_id="policy-input" label="Policy document" />
            },
            html! { <PolicyReport view={state.policy.view.clone()} {on_select} {on_action} /> },
        ),
    };
    html! {
        <div class="app">
            <Masthead />
            if let Some(notice) = &state.notice {
                <p class="notice" role="alert" data-testid="notice">{ notice }</p>
            }
            <Tabs {mode} on_select={send(&state, Action::SetMode)} />
            if let (Mode::Scenario, Some(link)) = (mode, share_link) {
                <ShareLink {link} />
            }
            <main class="workspace">
                <section class="editor-pane">
                    { toolbar }
                    { editor }
                </section>
                <section class="result-pane" aria-live="polite">
                    { report }
                </section>
            </main>
        </div>
    }
}
