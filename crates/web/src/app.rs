//! The playground page: a scenario (compose an instance profile, ask, see why) or a single
//! policy read and checked. Nothing typed here leaves the page.

use crate::components::{
    ChainDiagram, JsonEditor, Masthead, PolicyReport, PolicyToolbar, RequestContext, RequestsTable,
    ScenarioReport, ScenarioToolbar, ShareLink, Structured, Tabs,
};
use crate::files;
use crate::hooks::{
    use_catalog, use_deferred_summaries, use_editor_selection, use_first_paint, use_interchange,
    use_managed_policies, use_persisted_state, use_share_link, use_shortcuts,
};
use crate::state::{Action, HalfAction, Mode, Pane, State};
use iamplay_core::presets::{ELASTIC_BEANSTALK, MENU};
use std::rc::Rc;
use yew::prelude::*;

/// A callback that dispatches the action made of its event.
fn send<E: 'static>(
    state: &UseReducerHandle<State>,
    action: impl Fn(E) -> Action + 'static,
) -> Callback<E> {
    let dispatcher = state.dispatcher();
    Callback::from(move |event: E| dispatcher.dispatch(action(event)))
}

/// The condition keys the scenario's policies use, with their types.
fn keys_used(outline: &crate::compose::Outline) -> Vec<(String, String)> {
    let role = outline
        .role
        .iter()
        .flat_map(|r| std::iter::once(&r.trust).chain(r.inline.iter().map(|(_, p)| p)));
    let managed = outline.managed.iter().map(|m| &m.policy);
    let resources = outline.resource_policies.iter().map(|r| &r.policy);
    let org = outline
        .scps
        .iter()
        .chain(&outline.rcps)
        .flat_map(|l| &l.policies);
    crate::complete::keys_used(
        role.chain(managed)
            .chain(resources)
            .chain(org)
            .map(|p| p.text.as_str()),
    )
}

/// Loads the preset chosen by its index in the menu: the first is in the page, the others are
/// fetched from the site's `presets/` folder.
fn preset(state: &UseReducerHandle<State>) -> Callback<usize> {
    let dispatcher = state.dispatcher();
    Callback::from(move |index: usize| {
        if index == 0 {
            dispatcher.dispatch(Action::LoadPreset(ELASTIC_BEANSTALK.text.to_owned()));
            return;
        }
        let Some((id, _)) = MENU.get(index) else {
            return;
        };
        let dispatcher = dispatcher.clone();
        wasm_bindgen_futures::spawn_local(async move {
            dispatcher.dispatch(
                match crate::fetch::text(&format!("presets/{id}.json")).await {
                    Some(text) => Action::LoadPreset(text),
                    None => Action::Notice(format!(
                        "the preset `{id}` could not be loaded from this site"
                    )),
                },
            );
        });
    })
}

/// The scenario's two panes: compose (structured or document) and ask (requests, why, report).
/// Until the first verdicts are painted (`painted`), the composer's pane (its toolbar too) is
/// kept empty, the requests are shown without their fields and the report is left out: they
/// follow in the next frame.
fn scenario(
    state: &UseReducerHandle<State>,
    on_share: Callback<()>,
    interchange: &Callback<wasm_bindgen::JsValue>,
    on_select: Callback<(u32, u32)>,
    editor_ref: NodeRef,
    painted: bool,
) -> (Html, Html) {
    let composer = &state.composer;
    let on_edit = send(state, Action::Compose);
    let on_export = {
        let state = state.clone();
        interchange.reform(move |format: String| {
            let (text, managed) = (&state.scenario.text, &state.managed.documents);
            crate::interchange::export_request(text, &format, managed).into()
        })
    };
    let on_import = interchange.reform(|files: Vec<web_sys::File>| {
        let parts = js_sys::Array::of1(&crate::interchange::import_request(&[]).into());
        for file in files {
            parts.push(&file);
        }
        parts.into()
    });
    let on_save = {
        let (text, name) = (state.scenario.text.clone(), composer.outline.name.clone());
        let dispatcher = state.dispatcher();
        Callback::from(move |()| {
            if let Err(reason) = files::download(&files::file_name(&name), &text) {
                dispatcher.dispatch(Action::Notice(format!(
                    "the scenario could not be saved as a file: {reason}"
                )));
            }
        })
    };
    let toolbar = html! {
        <ScenarioToolbar on_new={send(state, |()| Action::NewScenario)} on_preset={preset(state)}
            on_open={send(state, |read: Result<String, String>| match read {
                Ok(text) => Action::OpenScenario(text),
                Err(reason) => Action::Notice(reason),
            })}
            {on_save} {on_export} {on_import} on_undo={send(state, |()| Action::Undo)} on_redo={send(state, |()| Action::Redo)}
            can_undo={state.history.can_undo()} can_redo={state.history.can_redo()} {on_share}
            pane={composer.pane} on_pane={send(state, Action::SetPane)} />
    };
    let marks: Rc<Vec<(String, usize)>> = Rc::new(
        state
            .selected
            .and_then(|i| state.scenario.view.requests.get(i))
            .map(|r| r.deciding.iter().filter_map(|p| p.at.clone()).collect())
            .unwrap_or_default(),
    );
    let editor = match composer.pane {
        _ if !painted => html! { <div class="composer-placeholder" aria-busy="true"></div> },
        Pane::Structured => html! {
            <Structured outline={composer.outline.clone()} error={composer.error.clone()}
                refused={composer.refused.clone()} {on_edit} {marks} reveal={state.reveal.clone()}
                index={state.managed_index.clone()} managed={state.managed.clone()} />
        },
        Pane::Document => {
            let mode = Mode::Scenario;
            let on_edit = send(state, move |text| {
                Action::Half(mode, HalfAction::Edit(text))
            });
            html! {
                <>
                    if let Some(error) = &composer.error {
                        <p class="notice" role="alert" data-testid="document-error">
                            { format!("Not JSON at line {}, column {}: {}. The text is kept as typed.", error.line, error.column, error.message) }
                        </p>
                    }
                    <JsonEditor text={AttrValue::from(state.scenario.text.clone())}
                        invalid={!state.scenario.view.problems.is_empty()} {on_edit} node_ref={editor_ref}
                        test_id="scenario-input" label="Scenario document" />
                </>
            }
        }
    };
    let on_action = send(state, move |action| Action::Half(Mode::Scenario, action));
    let on_answers = {
        let state = state.clone();
        interchange.reform(move |_: MouseEvent| {
            let (text, managed) = (&state.scenario.text, &state.managed.documents);
            let ask = state.selected.unwrap_or_default();
            crate::interchange::answers_request(text, ask, managed, &state.now).into()
        })
    };
    let report = html! {
        <>
            <RequestsTable outline={composer.outline.clone()} view={state.scenario.view.clone()}
                selected={state.selected} on_edit={send(state, Action::Compose)}
                on_select={send(state, Action::SelectRequest)} interactive={painted} />
            if let Some(index) = state.selected {
                <button type="button" class="small" onclick={on_answers} data-testid="ask-answers">{ "Fix it, and more answers…" }</button>
                <ChainDiagram view={state.scenario.view.clone()} {index}
                    on_reveal={send(state, |(path, index)| Action::Reveal(path, index))}
                    on_edit={send(state, Action::Compose)}
                    on_select={(composer.pane == Pane::Document).then(|| on_select.clone())} />
            }
            if let Some(request) = state.selected.and_then(|i| composer.outline.requests.get(i)) {
                <RequestContext request={request.clone()} index={state.selected.unwrap_or_default()}
                    keys={keys_used(&composer.outline)} on_edit={send(state, Action::Compose)} />
            }
            if painted {
                <ScenarioReport view={state.scenario.view.clone()} {on_select} {on_action}
                    stale={state.scenario.summaries_stale} />
            }
        </>
    };
    (html! { <>if painted { { toolbar } }{ editor }</> }, report)
}

/// Removes the shared scenario from the URL, so a reload opens the user's own.
fn forget_link() {
    if let Some(window) = web_sys::window() {
        let path = window.location().pathname().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

/// The banner over a shared scenario: the user's own is kept, one click away.
fn shared_banner(state: &UseReducerHandle<State>) -> Html {
    if state.shared.is_none() {
        return html! {};
    }
    let back = send(state, |_: MouseEvent| {
        forget_link();
        Action::BackToOwn
    });
    let keep = send(state, |_: MouseEvent| {
        forget_link();
        Action::KeepShared
    });
    html! {
        <p class="shared-banner" role="status" data-testid="shared-banner">
            <span>{ "You are looking at a shared scenario. Your own scenario is kept, unchanged." }</span>
            <button type="button" onclick={back} data-testid="back-to-own">{ "Back to my scenario" }</button>
            <button type="button" onclick={keep} data-testid="keep-shared">{ "Keep this one instead of mine" }</button>
        </p>
    }
}

/// The whole playground: the shown half's toolbar, editor and report.
#[component]
pub fn App() -> Html {
    let state = use_persisted_state();
    use_shortcuts(&state);
    use_catalog(&state);
    use_deferred_summaries(&state);
    let painted = use_first_paint();
    let open_managed = use_managed_policies(&state);
    let (share_link, on_share) = use_share_link(&state.scenario.text);
    let (editor_ref, on_select) = use_editor_selection();
    let interchange = use_interchange(&state);
    let mode = state.mode;
    let (editor, report) = match mode {
        Mode::Scenario => scenario(
            &state,
            on_share,
            &interchange,
            on_select,
            editor_ref,
            painted,
        ),
        Mode::Policy => {
            let on_action = send(&state, move |action| Action::Half(mode, action));
            let on_edit = on_action.reform(HalfAction::Edit);
            (
                html! {
                    <>
                        <PolicyToolbar kind={state.policy.kind} index={state.managed_index.clone()}
                            on_example={send(&state, Action::LoadExample)}
                            on_kind={send(&state, Action::SetPolicyKind)} on_open={open_managed} />
                        <JsonEditor text={AttrValue::from(state.policy.text.clone())}
                            invalid={!state.policy.view.is_valid()} {on_edit} node_ref={editor_ref}
                            test_id="policy-input" label="Policy document" />
                    </>
                },
                html! {
                    <PolicyReport view={state.policy.view.clone()} {on_select} {on_action}
                        stale={state.policy.summaries_stale} />
                },
            )
        }
    };
    let dismiss = send(&state, |_: MouseEvent| Action::DismissNotice);
    html! {
        <div class="app">
            <Masthead />
            if let Some(notice) = &state.notice {
                <p class="notice" role="alert" data-testid="notice">
                    { notice }
                    <button type="button" class="small" onclick={dismiss}>{ "Dismiss" }</button>
                </p>
            }
            { shared_banner(&state) }
            <Tabs {mode} on_select={send(&state, Action::SetMode)} />
            if let (Mode::Scenario, Some(link)) = (mode, share_link) {
                <ShareLink {link} />
            }
            <main class="workspace">
                <section class="editor-pane" aria-label="Compose">
                    { editor }
                </section>
                <section class="result-pane" aria-live="polite" aria-label="Results">{ report }</section>
            </main>
        </div>
    }
}
