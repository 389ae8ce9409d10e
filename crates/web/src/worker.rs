//! The `iamplay-worker` binary: the importers and exporters in a web worker of their own
//! ([`iamplay_web::interchange`]), started by the page when they are first needed. Each message
//! is a request as JSON text; each answer, the report as JSON text. It says when it is ready.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let answering = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let request = event.data().as_string().unwrap_or_default();
        let answer = iamplay_web::interchange::answer(&request);
        let _ = answering.post_message(&answer.into());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page: so does its message handler.
    on_message.forget();
    // Messages sent while the wasm was loading found no handler: the page waits for this one.
    let _ = scope.post_message(&iamplay_web::interchange::READY.into());
}
