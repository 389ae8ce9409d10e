//! The panels' side of the worker: started with the first request, it exports the scenario's
//! account, reads imported files with progress, makes the scenario of a picked instance profile
//! (handed to the page to open, like a file: undo brings the previous one back) and answers
//! `who can` over every imported profile.

use crate::interchange::{
    LOADER, OPEN_EVENT, READY, announce, import_request, scenario_request, who_can_request,
};
use crate::state::{ImportAction, ImportView, problem_line};
use gloo_events::EventListener;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

/// An export: its format and what the worker answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// `cli`, `terraform`, `cloudformation` or `cloudformation-json`.
    pub format: String,
    /// The export's text, or the scenario's problems, or `None` while the worker works.
    pub result: Option<Result<String, Vec<String>>>,
}

impl Export {
    /// What the format is called.
    pub fn title(&self) -> &'static str {
        match self.format.as_str() {
            "cli" => "AWS CLI script",
            "terraform" => "Terraform",
            "cloudformation" => "CloudFormation template (YAML)",
            _ => "CloudFormation template (JSON)",
        }
    }

    /// The file it downloads as.
    pub fn file(&self) -> &'static str {
        iamplay_core::export::ExportFormat::from_name(&self.format)
            .map_or("export.txt", iamplay_core::export::ExportFormat::file_name)
    }
}

/// Why nothing comes back when the worker's files could not be loaded.
pub const LOAD_FAILED: &str =
    "The importer and exporter could not be loaded from the site: reload the page to try again.";

/// The export's text, or its problems as lines after one that says why.
fn exported(report: &Value) -> Result<String, Vec<String>> {
    if let Some(text) = report.get("text").and_then(Value::as_str) {
        return Ok(text.to_owned());
    }
    let problems = report
        .get("problems")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let lead = "The scenario has errors: fix them to export it.".to_owned();
    Err(std::iter::once(lead)
        .chain(problems.iter().map(problem_line))
        .collect())
}

impl Reducible for ImportView {
    type Action = ImportAction;

    fn reduce(self: Rc<Self>, action: ImportAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// The worker, its listeners, and whether it said it is ready or failed to load.
#[derive(Default)]
struct Bridge {
    worker: Option<(web_sys::Worker, [EventListener; 2])>,
    ready: bool,
    failed: bool,
    /// What was posted before the worker was ready.
    waiting: Vec<JsValue>,
}

/// What the panels show, and what they do with the worker.
pub struct Panels {
    /// The export shown.
    pub export: Option<Export>,
    /// Closes the export.
    pub close_export: Callback<()>,
    /// The import panel.
    pub import: UseReducerHandle<ImportView>,
    /// Changes the import panel (its filter, whether it is shown).
    pub on_import_action: Callback<ImportAction>,
    /// Opens the scenario of an imported instance profile.
    pub on_pick: Callback<String>,
    /// Asks which imported profiles may call an action on a resource.
    pub on_ask: Callback<(String, String)>,
    /// Takes a request of the page: an export's JSON text, or an import's array.
    pub on_request: Callback<JsValue>,
    /// Imports the last files again with these CloudFormation parameters (`NAME`, `value`).
    pub on_reimport: Callback<Vec<(String, String)>>,
}

/// Hands a scenario to the page to open.
fn open(text: &str) {
    announce(OPEN_EVENT, &JsValue::from_str(text));
}

/// Routes each answer of the worker (`None`: it failed to load) to what it answers.
fn router(
    export: UseStateSetter<Option<Export>>,
    asked: Rc<RefCell<Option<String>>>,
    import: UseReducerDispatcher<ImportView>,
    bridge: Rc<RefCell<Bridge>>,
) -> impl Fn(Option<String>) {
    move |answer: Option<String>| {
        let Some(answer) = answer else {
            bridge.borrow_mut().failed = true;
            if let Some(format) = asked.borrow().clone() {
                let result = Some(Err(vec![LOAD_FAILED.to_owned()]));
                export.set(Some(Export { format, result }));
            }
            import.dispatch(ImportAction::Failed(LOAD_FAILED.to_owned()));
            return;
        };
        if answer == READY {
            let mut bridge = bridge.borrow_mut();
            bridge.ready = true;
            if let Some((worker, _)) = &bridge.worker {
                for request in &bridge.waiting {
                    let _ = worker.post_message(request);
                }
            }
            bridge.waiting.clear();
            return;
        }
        let answer: Value = serde_json::from_str(&answer).unwrap_or(Value::Null);
        if let Some(report) = answer.get("export") {
            if let Some(format) = asked.borrow().clone() {
                let result = Some(exported(report));
                export.set(Some(Export { format, result }));
            }
            return;
        }
        let opened = answer.pointer("/scenario/scenario").and_then(Value::as_str);
        if let Some(text) = opened {
            open(text);
            import.dispatch(ImportAction::Opened);
            return;
        }
        import.dispatch(ImportAction::Answered(Rc::new(answer)));
    }
}

/// Posts `request`, starting the worker when it is first needed (or after it failed to load).
fn post(bridge: &Rc<RefCell<Bridge>>, handle: &Rc<dyn Fn(Option<String>)>, request: JsValue) {
    let mut b = bridge.borrow_mut();
    if b.worker.is_none() || b.failed {
        let Ok(worker) = web_sys::Worker::new(LOADER) else {
            drop(b);
            handle(None);
            return;
        };
        // One handler for the worker's messages and for its failure to load (an event that
        // carries no text).
        let listen = |kind: &'static str| {
            let handle = handle.clone();
            EventListener::new(&worker, kind, move |event| {
                handle(
                    event
                        .dyn_ref::<web_sys::MessageEvent>()
                        .and_then(|e| e.data().as_string()),
                );
            })
        };
        let listeners = [listen("message"), listen("error")];
        *b = Bridge {
            worker: Some((worker, listeners)),
            ..Bridge::default()
        };
    }
    match &b.worker {
        Some((worker, _)) if b.ready => {
            let _ = worker.post_message(&request);
        }
        _ => b.waiting.push(request),
    }
}

/// The worker's exports and imports, and the callbacks that ask for them.
#[hook]
pub fn use_bridge() -> Panels {
    let export = use_state(|| None::<Export>);
    let import = use_reducer(ImportView::default);
    // The format asked for last: the worker's export answers are to it.
    let asked: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    let bridge: Rc<RefCell<Bridge>> = use_mut_ref(Bridge::default);
    let handle: Rc<dyn Fn(Option<String>)> = {
        let (export, import) = (export.setter(), import.dispatcher());
        let route = router(export, asked.clone(), import, bridge.clone());
        (*use_mut_ref(move || Rc::new(route) as Rc<dyn Fn(Option<String>)>).borrow()).clone()
    };
    // The files of the last import, to import again with parameters.
    let last: Rc<RefCell<js_sys::Array>> = use_mut_ref(js_sys::Array::new);
    let on_request = {
        let (export, asked, last) = (export.setter(), asked.clone(), last.clone());
        let (import, bridge, handle) = (import.dispatcher(), bridge.clone(), handle.clone());
        Callback::from(move |request: JsValue| {
            if let Some(text) = request.as_string() {
                let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                let Some(format) = value.pointer("/export/format").and_then(Value::as_str) else {
                    return;
                };
                export.set(Some(Export {
                    format: format.to_owned(),
                    result: None,
                }));
                asked.replace(Some(format.to_owned()));
                // One panel at a time: they take the same place.
                import.dispatch(ImportAction::Show(false));
            } else if let Some(parts) = request.dyn_ref::<js_sys::Array>() {
                let files = usize::try_from(parts.length()).unwrap_or_default();
                import.dispatch(ImportAction::Started(files.saturating_sub(1)));
                last.replace(parts.slice(1, parts.length()));
                asked.replace(None);
                export.set(None);
            }
            post(&bridge, &handle, request);
        })
    };
    let on_reimport = {
        let (import, bridge, handle, last) = (
            import.dispatcher(),
            bridge.clone(),
            handle.clone(),
            last.clone(),
        );
        Callback::from(move |parameters: Vec<(String, String)>| {
            let files = last.borrow().clone();
            let request = js_sys::Array::of1(&import_request(&parameters).into());
            let count = usize::try_from(files.length()).unwrap_or_default();
            for file in files.iter() {
                request.push(&file);
            }
            import.dispatch(ImportAction::Started(count));
            post(&bridge, &handle, request.into());
        })
    };
    let close_export = {
        let export = export.setter();
        Callback::from(move |()| {
            asked.replace(None);
            export.set(None);
        })
    };
    let on_pick = {
        let (import, bridge, handle) = (import.dispatcher(), bridge.clone(), handle.clone());
        Callback::from(move |profile: String| {
            post(&bridge, &handle, scenario_request(&profile).into());
            import.dispatch(ImportAction::Opening(profile));
        })
    };
    let on_ask = {
        let import = import.dispatcher();
        Callback::from(move |(action, resource): (String, String)| {
            import.dispatch(ImportAction::Asking);
            post(&bridge, &handle, who_can_request(&action, &resource).into());
        })
    };
    let on_import_action = {
        let import = import.dispatcher();
        Callback::from(move |action| import.dispatch(action))
    };
    Panels {
        export: (*export).clone(),
        close_export,
        import,
        on_import_action,
        on_pick,
        on_ask,
        on_request,
        on_reimport,
    }
}
