//! The page's side of export and import: their panels are a Yew app of their own
//! ([`crate::interchange_ui`]), loaded with a script element the first time the user exports or
//! imports. Requests wait until the panels say they listen; a scenario they hand back is
//! opened like a file (undo brings the previous one back).

use crate::interchange::{
    OPEN_EVENT, PANELS_MODULE, PANELS_SCRIPT, READY_EVENT, REQUEST_EVENT, announce,
};
use crate::state::{Action, State};
use gloo_events::EventListener;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Starts the panels' wasm: the `wasm_bindgen` function their glue script defines.
    #[wasm_bindgen(js_name = wasm_bindgen, catch)]
    fn start_panels(module: &str) -> Result<JsValue, JsValue>;
}

/// Why nothing happens when the panels' files could not be loaded.
const LOAD_FAILED: &str =
    "the importer and exporter could not be loaded from the site: reload the page to try again";

/// The panels' loading: not begun, under way, or done.
#[derive(Default)]
enum Phase {
    #[default]
    Idle,
    /// The script's listeners, kept until it loads (dropping them would stop them).
    Loading(#[allow(dead_code, reason = "kept alive, never read")] [EventListener; 2]),
    Ready,
}

#[derive(Default)]
struct Panels {
    phase: Phase,
    /// Requests made before the panels listened.
    waiting: Vec<JsValue>,
}

fn send(request: &JsValue) {
    announce(REQUEST_EVENT, request);
}

/// Adds the panels' script to the page; `failed` is called if it cannot be loaded.
fn load(failed: Rc<dyn Fn()>) -> Option<[EventListener; 2]> {
    let document = web_sys::window()?.document()?;
    let script: web_sys::HtmlScriptElement =
        document.create_element("script").ok()?.dyn_into().ok()?;
    script.set_src(PANELS_SCRIPT);
    let on_error = failed.clone();
    let loaded = EventListener::once(&script, "load", move |_| {
        match start_panels(PANELS_MODULE) {
            // The glue fetches and starts the wasm: a promise that fails when the wasm cannot be.
            Ok(started) => wasm_bindgen_futures::spawn_local(async move {
                let started = js_sys::Promise::resolve(&started);
                if wasm_bindgen_futures::JsFuture::from(started).await.is_err() {
                    failed();
                }
            }),
            Err(_) => failed(),
        }
    });
    let error = EventListener::once(&script, "error", move |_| on_error());
    document.head()?.append_child(&script).ok()?;
    Some([loaded, error])
}

/// The callback that sends a request to the panels (an export's JSON text, or an import's
/// array of its text and files), loading them first when needed.
#[hook]
pub fn use_interchange(state: &UseReducerHandle<State>) -> Callback<JsValue> {
    let panels: Rc<RefCell<Panels>> = use_mut_ref(Panels::default);
    {
        let (panels, main) = (panels.clone(), state.dispatcher());
        use_effect_with((), move |()| {
            let document = web_sys::window().and_then(|w| w.document());
            let listeners = document.map(|document| {
                let ready = EventListener::new(&document, READY_EVENT, move |_| {
                    let waiting = {
                        let mut panels = panels.borrow_mut();
                        panels.phase = Phase::Ready;
                        std::mem::take(&mut panels.waiting)
                    };
                    waiting.iter().for_each(send);
                });
                let open = EventListener::new(&document, OPEN_EVENT, move |event| {
                    let text = event
                        .dyn_ref::<web_sys::CustomEvent>()
                        .and_then(|e| e.detail().as_string());
                    if let Some(text) = text {
                        main.dispatch(Action::OpenScenario(text));
                        main.dispatch(Action::Notice("Opened the imported instance profile as the scenario: its description says where each part came from. Undo brings back the scenario you had.".to_owned()));
                    }
                });
                [ready, open]
            });
            move || drop(listeners)
        });
    }
    let main = state.dispatcher();
    Callback::from(move |request: JsValue| {
        let mut p = panels.borrow_mut();
        match p.phase {
            Phase::Ready => send(&request),
            Phase::Loading(_) => p.waiting.push(request),
            Phase::Idle => {
                p.waiting.push(request);
                let (again, notify) = (panels.clone(), main.clone());
                let failed: Rc<dyn Fn()> = Rc::new(move || {
                    // The next request tries again.
                    if let Ok(mut panels) = again.try_borrow_mut() {
                        panels.waiting.clear();
                        panels.phase = Phase::Idle;
                    }
                    notify.dispatch(Action::Notice(LOAD_FAILED.to_owned()));
                });
                match load(failed) {
                    Some(listeners) => p.phase = Phase::Loading(listeners),
                    None => main.dispatch(Action::Notice(LOAD_FAILED.to_owned())),
                }
            }
        }
    })
}
