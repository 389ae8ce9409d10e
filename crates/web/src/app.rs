//! The playground page: examples, the policy editor, and what the engine found.

use crate::components::{PolicyEditor, Problems, Statements};
use crate::state::{Action, EXAMPLES, State};
use crate::storage;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

fn summary(state: &State) -> String {
    let errors = state
        .analysis
        .problems
        .iter()
        .filter(|p| p.severity == iamplay_core::Severity::Error)
        .count();
    let statements = state.analysis.statements.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if errors == 0 {
        format!("valid policy: {}", plural(statements, "statement"))
    } else {
        format!("{} — IAM would reject this policy", plural(errors, "error"))
    }
}

/// The whole playground.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| match storage::load_policy() {
        Ok(Some(text)) => State::new(text),
        Ok(None) => State::default(),
        Err(reason) => State {
            notice: Some(format!(
                "your text is not being saved in this browser ({reason}); copy it before closing the page"
            )),
            ..State::default()
        },
    });
    {
        let dispatcher = state.dispatcher();
        let has_notice = state.notice.is_some();
        use_effect_with(state.text.clone(), move |text| {
            if !has_notice {
                if let Err(reason) = storage::save_policy(text) {
                    dispatcher.dispatch(Action::StorageFailed(reason));
                }
            }
        });
    }
    let editor_ref = use_node_ref();
    let on_edit = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::Edit(text)))
    };
    let on_select = {
        let editor_ref = editor_ref.clone();
        Callback::from(move |(start, end): (u32, u32)| {
            if let Some(area) = editor_ref.cast::<HtmlTextAreaElement>() {
                // Focus and selection are conveniences: if the browser refuses, nothing is lost.
                let _ = area.focus();
                let _ = area.set_selection_range(start, end.max(start + 1));
            }
        })
    };
    let examples = EXAMPLES.iter().enumerate().map(|(index, example)| {
        let dispatcher = state.dispatcher();
        let onclick =
            Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::LoadExample(index)));
        html! { <button type="button" class="example" {onclick}>{ example.label }</button> }
    });
    let valid = state.analysis.is_valid();
    html! {
        <div class="app">
            <header class="masthead">
                <h1>{ "iamplay" }</h1>
                <p class="tagline">
                    { "An IAM policy playground that runs entirely in your browser: nothing you type leaves this page." }
                </p>
            </header>
            if let Some(notice) = &state.notice {
                <p class="notice" role="alert" data-testid="notice">{ notice }</p>
            }
            <main class="workspace">
                <section class="editor-pane">
                    <div class="toolbar">
                        <span class="toolbar-label">{ "Start from:" }</span>
                        { for examples }
                    </div>
                    <PolicyEditor
                        text={AttrValue::from(state.text.clone())}
                        invalid={!valid}
                        {on_edit}
                        node_ref={editor_ref}
                    />
                </section>
                <section class="result-pane" aria-live="polite">
                    <p class={classes!("summary", if valid { "ok" } else { "bad" })} data-testid="summary">
                        { summary(&state) }
                    </p>
                    <Problems problems={state.analysis.problems.clone()} {on_select} />
                    <Statements statements={state.analysis.statements.clone()} />
                </section>
            </main>
        </div>
    }
}
