//! The interchange panels: export (the scenario's account as an AWS CLI script, Terraform or
//! CloudFormation) and import (the user's own IAM, its instance profiles picked from, and `who
//! can` over all of them). They are a Yew app of their own (the `iamplay-interchange` binary)
//! that the page loads when the user first exports or imports, so they are not in its first
//! load; see [`crate::interchange`] for how the two talk.

mod bridge;

pub use bridge::{Export, LOAD_FAILED, Panels, use_bridge};

use crate::components::answers_panel::{Answer, Answers, AnswersPanel};
use crate::components::import_panel::things;
use crate::components::{ExportPanel, ImportPanel};
use crate::files;
use crate::interchange::{
    AnswersAsked, OPEN_EVENT, READY_EVENT, REQUEST_EVENT, announce, answers_asked,
};
use crate::state::ImportAction;
use gloo_events::EventListener;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

/// The export: the worker's text (with a download button) or the scenario's problems, or a
/// line saying it is being written.
fn export_panel(export: &Export, on_close: Callback<()>) -> Html {
    let Some(result) = &export.result else {
        return html! {
            <p class="notice" role="status" data-testid="export-pending">
                { format!("Writing the {}…", export.title()) }
            </p>
        };
    };
    let (file, text) = (export.file(), result.clone().unwrap_or_default());
    let on_download = Callback::from(move |()| {
        let _ = files::download(file, &text);
    });
    html! {
        <ExportPanel title={export.title()} file={file}
            result={result.clone().map(AttrValue::from)} {on_download} {on_close} />
    }
}

/// Listens for the page's requests, and says so.
#[hook]
fn use_requests(on_request: Callback<wasm_bindgen::JsValue>) {
    use_effect_with((), move |()| {
        let document = web_sys::window().and_then(|w| w.document());
        let listener = document.as_ref().map(|document| {
            EventListener::new(document, REQUEST_EVENT, move |event| {
                if let Some(event) = event.dyn_ref::<web_sys::CustomEvent>() {
                    on_request.emit(event.detail());
                }
            })
        });
        announce(READY_EVENT, &wasm_bindgen::JsValue::NULL);
        move || drop(listener)
    });
}

/// Works out what was asked, as the CLI and the package do.
fn answer(asked: &AnswersAsked) -> Answer {
    use iamplay_core::report::answers as a;
    let (text, now, managed) = (&asked.scenario, &asked.now, &asked.managed);
    match asked.kind.as_str() {
        "who-can-get" => Answer::WhoCanGet(a::who_can_get_result(text, now, managed)),
        "exfiltration" => Answer::Exfiltration(a::exfiltration_result(text, now, managed)),
        _ => {
            let index = asked.request.unwrap_or_default();
            Answer::Request {
                index,
                fixes: a::fix_result(text, now, managed, Some(index)),
                discovery: a::discover_result(text, now, managed, Some(index)),
            }
        }
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Works out an answers request (after AWS's catalogue, which the change review needs, is
/// here) and shows it.
fn work_out(asked: AnswersAsked, shown: UseStateSetter<Option<Rc<Answers>>>) {
    shown.set(Some(Rc::new(Answers {
        answer: None,
        ms: 0.0,
    })));
    wasm_bindgen_futures::spawn_local(async move {
        if !iamplay_core::catalog::is_loaded() {
            if let Some(text) = crate::fetch::catalog().await {
                iamplay_core::catalog::install(text);
            }
        }
        let start = now_ms();
        let answer = answer(&asked);
        let ms = now_ms() - start;
        shown.set(Some(Rc::new(Answers {
            answer: Some(answer),
            ms,
        })));
    });
}

/// The interchange panels, over the page.
#[component]
pub fn InterchangeApp() -> Html {
    let panels = use_bridge();
    let answers = use_state(|| None::<Rc<Answers>>);
    // What was asked last: another tab asks it again with another kind.
    let asked = use_state(|| None::<AnswersAsked>);
    let on_request = {
        let (forward, shown, last) = (panels.on_request.clone(), answers.setter(), asked.setter());
        Callback::from(move |request: JsValue| {
            match request.as_string().as_deref().and_then(answers_asked) {
                Some(asked) => {
                    last.set(Some(asked.clone()));
                    work_out(asked, shown.clone());
                }
                None => forward.emit(request),
            }
        })
    };
    use_requests(on_request);
    let on_tab = {
        let (shown, last) = (answers.setter(), asked.clone());
        Callback::from(move |kind: &'static str| {
            if let Some(mut again) = (*last).clone() {
                again.kind = kind.to_owned();
                last.set(Some(again.clone()));
                work_out(again, shown.clone());
            }
        })
    };
    let tab = asked
        .as_ref()
        .map_or_else(AttrValue::default, |a| AttrValue::from(a.kind.clone()));
    let close_answers = {
        let shown = answers.setter();
        Callback::from(move |()| shown.set(None))
    };
    let open_answer = {
        let shown = answers.setter();
        Callback::from(move |text: String| {
            announce(OPEN_EVENT, &JsValue::from_str(&text));
            shown.set(None);
        })
    };
    let import = &panels.import;
    let show = panels
        .on_import_action
        .reform(|_: MouseEvent| ImportAction::Show(true));
    html! {
        <>
            if let Some(shown) = &*answers {
                <div class="interchange-dialog">
                    <AnswersPanel answers={shown.clone()} {tab} {on_tab} on_open={open_answer} on_close={close_answers} />
                </div>
            }
            if let Some(export) = &panels.export {
                <div class="interchange-dialog">{ export_panel(export, panels.close_export.clone()) }</div>
            }
            if import.shown {
                <div class="interchange-dialog">
                    <ImportPanel view={(**import).clone()} on_action={panels.on_import_action.clone()}
                        on_pick={panels.on_pick.clone()} on_ask={panels.on_ask.clone()}
                        on_reimport={panels.on_reimport.clone()} />
                </div>
            } else if let (Some(imported), None) = (&import.imported, &panels.export) {
                <button type="button" class="import-reopen" onclick={show} data-testid="import-show">
                    { format!("Imported: {}", things(imported.profiles.len(), "instance profile", "instance profiles")) }
                </button>
            }
        </>
    }
}
