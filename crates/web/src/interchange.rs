//! The importers and exporters run in a web worker of their own (the `iamplay-worker` binary,
//! built by Trunk beside the page), so their code is not in the page's first load and a large
//! account is read off the page's thread. A request is a JSON object posted as text; the worker
//! answers with the engine's JSON report of it (`report::export_report`), as text.
//!
//! The page posts and listens with `web-sys` and `gloo-events` rather than `gloo-worker`:
//! `gloo-worker`'s bridge and message envelope added 7.5 KB (brotli) to the page's first load,
//! over its 300 KB budget, for one kind of message.

use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The worker's loader, as Trunk writes it beside the page.
pub const LOADER: &str = "./iamplay-worker_loader.js";

/// What the worker posts once it listens: requests posted before would be lost.
pub const READY: &str = "ready";

/// An export request: what creates the scenario's account in `format` (`cli`, `terraform`,
/// `cloudformation`, `cloudformation-json`), with the AWS managed policies' documents by ARN.
pub fn export_request(scenario: &str, format: &str, managed: &BTreeMap<String, String>) -> String {
    json!({ "export": { "scenario": scenario, "format": format, "managed": managed } }).to_string()
}

/// The worker's answer to a request, as JSON text.
pub fn answer(request: &str) -> String {
    let request: Value = serde_json::from_str(request).unwrap_or(Value::Null);
    let report = match request.get("export") {
        Some(export) => {
            let field = |key: &str| export.get(key).and_then(Value::as_str).unwrap_or_default();
            let managed: BTreeMap<String, String> = export
                .get("managed")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                        .collect()
                })
                .unwrap_or_default();
            match iamplay_core::export::ExportFormat::from_name(field("format")) {
                Some(format) => {
                    iamplay_core::report::export_report(field("scenario"), format, &managed)
                }
                None => unknown(&format!("no export format `{}`", field("format"))),
            }
        }
        None => unknown("the worker does not know this request"),
    };
    report.to_string()
}

fn unknown(message: &str) -> Value {
    json!({ "text": null, "problems": [{ "message": message }] })
}
