//! The playground page: a scenario (instance profile → verdicts) or a single policy, the editor,
//! and what the engine found. Nothing typed here leaves the page.

use crate::components::{AccessPanel, JsonEditor, Problems, ScenarioResults, Statements};
use crate::hooks::{
    use_editor_selection, use_managed_policies, use_persisted_state, use_share_link,
};
use crate::state::{Action, EXAMPLES, HalfAction, Mode, State};
use iamplay_core::PolicyType;
use iamplay_core::presets::PRESETS;
use yew::prelude::*;

/// The kinds of policy the reader can read a policy as: `(id, kind, label)`; `detect` (`None`)
/// infers it. The ids are [`PolicyType::parse`]'s, so the choice reads back through it.
fn policy_kinds() -> impl Iterator<Item = (&'static str, Option<PolicyType>, &'static str)> {
    std::iter::once(("detect", None, "detect (identity or resource-based)"))
        .chain(PolicyType::ALL.map(|kind| (kind.id(), Some(kind), kind.label())))
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn policy_summary(state: &State) -> String {
    use iamplay_core::Severity;
    let analysis = &state.policy.view;
    let errors = analysis.count(Severity::Error);
    if errors > 0 {
        return format!("{} — IAM would reject this policy", plural(errors, "error"));
    }
    let kind = analysis
        .kind
        .map_or("identity-based policy", PolicyType::label);
    let mut summary = format!(
        "valid {kind}: {}",
        plural(analysis.statements.len(), "statement")
    );
    let others = [
        (
            analysis.count(Severity::SecurityWarning),
            "security warning",
        ),
        (analysis.count(Severity::Warning), "warning"),
        (analysis.count(Severity::Suggestion), "suggestion"),
    ];
    for (count, word) in others {
        if count > 0 {
            summary.push_str(&format!(", {}", plural(count, word)));
        }
    }
    summary
}

/// The whole playground.
#[component]
pub fn App() -> Html {
    let state = use_persisted_state();
    let open_managed = use_managed_policies(&state);
    let (share_link, on_share) = use_share_link(&state.scenario.text);
    let (editor_ref, on_select) = use_editor_selection();
    let dispatch = |action: HalfAction| {
        let dispatcher = state.dispatcher();
        let action = Action::Half(state.mode, action);
        Callback::from(move |()| dispatcher.dispatch(action.clone()))
    };
    let tab = |mode: Mode, label: &'static str, test_id: &'static str| {
        let dispatcher = state.dispatcher();
        let onclick =
            Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::SetMode(mode)));
        let selected = state.mode == mode;
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                class={classes!("tab", selected.then_some("selected"))} data-testid={test_id} {onclick}>{ label }</button>
        }
    };
    let (toolbar, editor, results) = match state.mode {
        Mode::Scenario => {
            let presets = PRESETS.iter().enumerate().map(|(index, preset)| {
                let dispatcher = state.dispatcher();
                let onclick = Callback::from(move |_: MouseEvent| {
                    dispatcher.dispatch(Action::LoadPreset(index))
                });
                html! { <button type="button" class="example" {onclick}>{ preset.title }</button> }
            });
            let on_edit = {
                let dispatcher = state.dispatcher();
                Callback::from(move |text: String| {
                    dispatcher.dispatch(Action::Half(Mode::Scenario, HalfAction::Edit(text)))
                })
            };
            let invalid = !state.scenario.view.problems.is_empty();
            (
                html! {
                    <div class="toolbar">
                        <span class="toolbar-label">{ "Presets:" }</span>
                        { for presets }
                        <button type="button" class="share" data-testid="share" onclick={on_share.reform(|_| ())}>{ "Share link" }</button>
                    </div>
                },
                html! {
                    <JsonEditor text={AttrValue::from(state.scenario.text.clone())} {invalid} {on_edit}
                        node_ref={editor_ref.clone()} test_id="scenario-input" label="Scenario document" />
                },
                html! {
                    <>
                        if !state.scenario.view.loading.is_empty() {
                            <p class="summary" data-testid="loading">
                                { format!("Fetching AWS managed policies: {}", state.scenario.view.loading.join(", ")) }
                            </p>
                        }
                        <Problems problems={state.scenario.view.problems.clone()} on_select={on_select.clone()} />
                        <ScenarioResults view={state.scenario.view.clone()} on_select={on_select.clone()} />
                        <AccessPanel access={state.scenario.view.access.clone()} review={state.scenario.view.review.clone()}
                            ask="What can this instance do?"
                            on_toggle={dispatch(HalfAction::ToggleAccess)} on_baseline={dispatch(HalfAction::SetBaseline)}
                            on_clear={dispatch(HalfAction::ClearBaseline)} />
                    </>
                },
            )
        }
        Mode::Policy => {
            let examples = EXAMPLES.iter().enumerate().map(|(index, example)| {
                let dispatcher = state.dispatcher();
                let onclick = Callback::from(move |_: MouseEvent| {
                    dispatcher.dispatch(Action::LoadExample(index))
                });
                html! { <button type="button" class="example" {onclick}>{ example.label }</button> }
            });
            let on_edit = {
                let dispatcher = state.dispatcher();
                Callback::from(move |text: String| {
                    dispatcher.dispatch(Action::Half(Mode::Policy, HalfAction::Edit(text)))
                })
            };
            let valid = state.policy.view.is_valid();
            let on_kind = {
                let dispatcher = state.dispatcher();
                Callback::from(move |e: Event| {
                    let value = e
                        .target_unchecked_into::<web_sys::HtmlSelectElement>()
                        .value();
                    dispatcher.dispatch(Action::SetPolicyKind(PolicyType::parse(&value)));
                })
            };
            let kinds = policy_kinds().map(|(id, kind, label)| {
                html! { <option value={id} selected={kind == state.policy.kind}>{ label }</option> }
            });
            let on_managed = {
                let index = state.managed_index.clone();
                Callback::from(move |e: Event| {
                    let name = e
                        .target_unchecked_into::<web_sys::HtmlInputElement>()
                        .value();
                    let arn = index
                        .as_ref()
                        .and_then(|index| index.iter().find(|(n, _)| *n == name.trim()))
                        .map(|(_, arn)| arn.clone());
                    if let Some(arn) = arn {
                        open_managed.emit(arn);
                    }
                })
            };
            let names = state
                .managed_index
                .iter()
                .flat_map(|index| index.iter())
                .map(|(name, _)| {
                    html! { <option value={name.clone()} /> }
                });
            (
                html! {
                    <div class="toolbar">
                        <span class="toolbar-label">{ "Start from:" }</span>
                        { for examples }
                        <input class="managed-picker" list="aws-managed-policies" data-testid="managed-policy"
                            placeholder="an AWS managed policy…" aria-label="Open an AWS managed policy"
                            onchange={on_managed} />
                        <datalist id="aws-managed-policies">{ for names }</datalist>
                        <label class="toolbar-label kind">{ "Read as " }
                            <select data-testid="policy-kind" onchange={on_kind}>{ for kinds }</select>
                        </label>
                    </div>
                },
                html! {
                    <JsonEditor text={AttrValue::from(state.policy.text.clone())} invalid={!valid} {on_edit}
                        node_ref={editor_ref.clone()} test_id="policy-input" label="Policy document" />
                },
                html! {
                    <>
                        <p class={classes!("summary", if valid { "ok" } else { "bad" })} data-testid="summary">
                            { policy_summary(&state) }
                        </p>
                        <Problems problems={state.policy.view.problems.clone()} on_select={on_select.clone()} />
                        <Statements statements={state.policy.view.statements.clone()} />
                        <AccessPanel access={state.policy.view.access.clone()} review={state.policy.view.review.clone()}
                            ask="What does this policy allow?"
                            on_toggle={dispatch(HalfAction::ToggleAccess)} on_baseline={dispatch(HalfAction::SetBaseline)}
                            on_clear={dispatch(HalfAction::ClearBaseline)} />
                    </>
                },
            )
        }
    };
    html! {
        <div class="app">
            <header class="masthead">
                <h1>{ "iamplay" }</h1>
                <p class="tagline">
                    { "Can an EC2 instance with this instance profile make this call, and if not, why? Everything runs in your browser: nothing you type leaves this page." }
                </p>
            </header>
            if let Some(notice) = &state.notice {
                <p class="notice" role="alert" data-testid="notice">{ notice }</p>
            }
            <nav class="tabs" role="tablist">
                { tab(Mode::Scenario, "Instance profile scenario", "tab-scenario") }
                { tab(Mode::Policy, "Policy reader", "tab-policy") }
            </nav>
            if let (Mode::Scenario, Some(link)) = (state.mode, share_link) {
                <p class="share-link">{ "Link to this scenario (it lives in the part after #, which is never sent to a server): " }
                    <input readonly=true value={link} data-testid="share-link" />
                </p>
            }
            <main class="workspace">
                <section class="editor-pane">
                    { toolbar }
                    { editor }
                </section>
                <section class="result-pane" aria-live="polite">
                    { results }
                </section>
            </main>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_read_as_choice_reads_back_as_its_kind() {
        let choices: Vec<_> = policy_kinds().collect();
        assert_eq!(choices.len(), PolicyType::ALL.len() + 1);
        for (id, kind, label) in choices {
            assert_eq!(PolicyType::parse(id), kind, "{id}");
            assert!(!label.is_empty());
        }
    }
}
