//! The interchange panels: export (the scenario's account as an AWS CLI script, Terraform or
//! CloudFormation) and import (the user's own IAM, its instance profiles picked from, and `who
//! can` over all of them). They are a Yew app of their own (the `iamplay-interchange` binary)
//! that the page loads when the user first exports or imports, so they are not in its first
//! load; see [`crate::interchange`] for how the two talk.

mod bridge;

pub use bridge::{Export, LOAD_FAILED, Panels, use_bridge};

use crate::components::import_panel::things;
use crate::components::{ExportPanel, ImportPanel};
use crate::files;
use crate::interchange::{READY_EVENT, REQUEST_EVENT, announce};
use crate::state::ImportAction;
use gloo_events::EventListener;
use wasm_bindgen::JsCast;
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

/// The interchange panels, over the page.
#[component]
pub fn InterchangeApp() -> Html {
    let panels = use_bridge();
    use_requests(panels.on_request.clone());
    let import = &panels.import;
    let show = panels
        .on_import_action
        .reform(|_: MouseEvent| ImportAction::Show(true));
    html! {
        <>
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
