//! The `iamplay-worker` binary: the importers and exporters in a web worker of their own
//! ([`iamplay_web::interchange`]), started by the page when they are first needed. It says when
//! it is ready; then each message is a request and each answer a JSON text. An import's files
//! are read here, off the page's thread, with progress posted between them; the last import is
//! kept for the scenarios and `who can` questions asked of it, and the AWS managed policies
//! they need are fetched from the site's own files when first needed.

use iamplay_web::interchange::{self, Session};
use js_sys::Array;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let session: Rc<RefCell<Session>> = Rc::default();
    let answering = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if let Some(request) = data.as_string() {
            answer(&answering, &session, &request);
        } else if let Ok(parts) = data.dyn_into::<Array>() {
            import(&answering, &session, &parts);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page: so does its message handler.
    on_message.forget();
    // Messages sent while the wasm was loading found no handler: the page waits for this one.
    let _ = scope.post_message(&interchange::READY.into());
}

fn post(scope: &DedicatedWorkerGlobalScope, text: &str) {
    let _ = scope.post_message(&JsValue::from_str(text));
}

/// Reads the files of an import (`[request text, File…]`), posting progress before each one,
/// and keeps what was read.
fn import(scope: &DedicatedWorkerGlobalScope, session: &Rc<RefCell<Session>>, parts: &Array) {
    let parameters = interchange::import_parameters(&parts.get(0).as_string().unwrap_or_default());
    let files: Vec<File> = parts
        .iter()
        .skip(1)
        .filter_map(|f| f.dyn_into::<File>().ok())
        .collect();
    let reader = FileReaderSync::new().ok();
    let mut read = Vec::with_capacity(files.len());
    for (index, file) in files.iter().enumerate() {
        let name = file.name();
        post(
            scope,
            &interchange::progress("reading", &name, index, files.len(), bytes(file.size())),
        );
        // A file that cannot be read (removed since it was picked) is read as empty: the
        // importer says that it holds nothing it knows.
        let text = reader
            .as_ref()
            .and_then(|r| r.read_as_text(file).ok())
            .unwrap_or_default();
        read.push((name, text));
    }
    post(
        scope,
        &interchange::progress("importing", "", files.len(), files.len(), 0),
    );
    // The last import is dropped before the next is read: two large accounts need not fit.
    drop(session.replace(Session::default()));
    let imported = Session::import(read, parameters);
    post(scope, &imported.imported(memory()));
    session.replace(imported);
}

/// A size in bytes as JavaScript gives it (a whole number).
fn bytes(size: f64) -> u64 {
    // Sizes are whole numbers below 2^53: the conversion is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let size = size.max(0.0) as u64;
    size
}

/// The bytes of the worker's wasm memory: its high-water mark, as it never shrinks.
fn memory() -> u64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0, |b| u64::from(b.byte_length()))
}

/// Answers a request given as text: an export at once; a scenario or `who can` once the AWS
/// managed policies it needs are fetched.
fn answer(scope: &DedicatedWorkerGlobalScope, session: &Rc<RefCell<Session>>, request: &str) {
    let request: Value = serde_json::from_str(request).unwrap_or(Value::Null);
    if let Some(answer) = interchange::export_answer(&request) {
        post(scope, &answer);
        return;
    }
    let field = |pointer: &str| {
        request
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let (scope, session) = (scope.clone(), session.clone());
    if let Some(profile) = field("/scenario/profile") {
        wasm_bindgen_futures::spawn_local(async move {
            let wanted = session.borrow().wanted(Some(&profile));
            fetch_managed(&scope, &session, wanted).await;
            post(&scope, &session.borrow().scenario(&profile));
        });
    } else if let (Some(action), Some(resource)) =
        (field("/whoCan/action"), field("/whoCan/resource"))
    {
        let now = String::from(js_sys::Date::new_0().to_iso_string());
        wasm_bindgen_futures::spawn_local(async move {
            let wanted = session.borrow().wanted(None);
            fetch_managed(&scope, &session, wanted).await;
            post(&scope, &session.borrow().who_can(&action, &resource, &now));
        });
    }
}

/// Fetches the documents of the AWS managed policies `arns` from the site's own files; one the
/// site does not have is left out (the scenario's reader says so at the ARN).
async fn fetch_managed(
    scope: &DedicatedWorkerGlobalScope,
    session: &Rc<RefCell<Session>>,
    arns: Vec<String>,
) {
    for arn in arns {
        let Some(file) = iamplay_core::managed::file_of(&arn) else {
            continue;
        };
        let url = format!("{}/{file}", iamplay_web::fetch::FOLDER);
        let fetched = iamplay_web::fetch::response_text(scope.fetch_with_str(&url)).await;
        if let Some(document) = fetched {
            session.borrow_mut().fetched(arn, document);
        }
    }
}
