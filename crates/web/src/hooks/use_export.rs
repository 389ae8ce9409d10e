//! Exporting the scenario's account through the interchange worker
//! ([`crate::interchange`]): the worker is started the first time the user exports, and each
//! export's text (or the scenario's problems) comes back to be shown before it is downloaded.

use crate::interchange::{LOADER, READY, export_request};
use crate::state::State;
use gloo_events::EventListener;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
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

/// The worker, and the listeners of its answers and of its failure to load.
type Started = (web_sys::Worker, [EventListener; 2]);

/// Why there is no export when the worker's files could not be loaded.
const LOAD_FAILED: &str =
    "The exporter could not be loaded from the site: reload the page to try again.";

/// The worker's answer: the text, or each problem as `line L, column C: message`.
fn answer(report: &str) -> Result<String, Vec<String>> {
    let value: Value = serde_json::from_str(report).unwrap_or(Value::Null);
    if let Some(text) = value.get("text").and_then(Value::as_str) {
        return Ok(text.to_owned());
    }
    let problems = value
        .get("problems")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let lead = "The scenario has errors: fix them to export it.".to_owned();
    let listed = problems.iter().map(|p| {
        let field = |key: &str| p.get(key).and_then(Value::as_u64);
        let message = p.get("message").and_then(Value::as_str).unwrap_or_default();
        match (field("line"), field("column")) {
            (Some(line), Some(column)) => format!("line {line}, column {column}: {message}"),
            _ => message.to_owned(),
        }
    });
    Err(std::iter::once(lead).chain(listed).collect())
}

/// The export shown, the callback that exports in a format, and the one that closes it.
#[hook]
pub fn use_export(
    state: &UseReducerHandle<State>,
) -> (Option<Export>, Callback<String>, Callback<()>) {
    let shown = use_state(|| None::<Export>);
    // The worker and the listeners of its answers and of its failure to load, once started.
    let bridge: Rc<RefCell<Option<Started>>> = use_mut_ref(|| None);
    // The request waiting for the worker to be ready, and whether it is.
    let waiting: Rc<RefCell<(Option<String>, bool)>> = use_mut_ref(|| (None, false));
    // The format asked for last: the worker's answers are to it.
    let asked: Rc<RefCell<String>> = use_mut_ref(String::new);
    let on_export = {
        let (shown, bridge, state, asked) =
            (shown.clone(), bridge.clone(), state.clone(), asked.clone());
        Callback::from(move |format: String| {
            shown.set(Some(Export {
                format: format.clone(),
                result: None,
            }));
            asked.replace(format.clone());
            let mut bridge = bridge.borrow_mut();
            if bridge.is_none() {
                let Ok(worker) = web_sys::Worker::new(LOADER) else {
                    let failed = Err(vec![LOAD_FAILED.to_owned()]);
                    shown.set(Some(Export {
                        format,
                        result: Some(failed),
                    }));
                    return;
                };
                // One handler for the worker's messages and for its failure to load (an
                // event that carries no text).
                let (shown, asked, waiting, sender) = (
                    shown.clone(),
                    asked.clone(),
                    waiting.clone(),
                    worker.clone(),
                );
                let handle: Rc<dyn Fn(Option<String>)> = Rc::new(move |report| {
                    if report.as_deref() == Some(READY) {
                        let mut waiting = waiting.borrow_mut();
                        waiting.1 = true;
                        if let Some(request) = waiting.0.take() {
                            let _ = sender.post_message(&request.into());
                        }
                        return;
                    }
                    let result = report.map_or_else(
                        || Err(vec![LOAD_FAILED.to_owned()]),
                        |report| answer(&report),
                    );
                    let format = asked.borrow().clone();
                    shown.set(Some(Export {
                        format,
                        result: Some(result),
                    }));
                });
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
                *bridge = Some((worker, listeners));
            }
            let request = export_request(&state.scenario.text, &format, &state.managed.documents);
            let mut waiting = waiting.borrow_mut();
            match bridge.as_ref() {
                Some((worker, _)) if waiting.1 => {
                    let _ = worker.post_message(&request.into());
                }
                // Posted when the worker says it is ready; a newer request replaces it.
                _ => waiting.0 = Some(request),
            }
        })
    };
    let on_close = {
        let shown = shown.clone();
        Callback::from(move |()| shown.set(None))
    };
    ((*shown).clone(), on_export, on_close)
}
