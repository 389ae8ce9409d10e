//! Import and export live outside the page's first load, in two parts built by Trunk beside
//! the page and loaded when the user first imports or exports:
//!
//! - the interchange panels (the `iamplay-interchange` binary, [`crate::interchange_ui`]): a
//!   Yew app of their own that the page starts with a script element and talks to with DOM
//!   events on `document` ([`REQUEST_EVENT`] to it, [`READY_EVENT`] and [`OPEN_EVENT`] from it);
//! - the importers and exporters (the `iamplay-worker` binary), in a web worker the panels
//!   start, so a large account is read off the page's thread.
//!
//! This module is their protocol. A request is a JSON object as text, except an import: an
//! array of the request's text and the `File`s to read (the worker reads them itself, so a
//! 50 MB account is not copied through the page). Each answer of the worker is a JSON object
//! as text with one key saying what it answers: `export`, `progress`, `imported`, `scenario`
//! or `whoCan`.
//!
//! Both talk with `web-sys` and `gloo-events` rather than `gloo-worker`: `gloo-worker`'s
//! bridge and message envelope added 7.5 KB (brotli) to the page's first load, over its 300 KB
//! budget.

use iamplay_core::import::{ImportFile, ImportOptions, Inventory};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The worker's loader, as Trunk writes it beside the page.
pub const LOADER: &str = "./iamplay-worker_loader.js";

/// The interchange panels' script (wasm-bindgen's glue, a classic script that defines the
/// global `wasm_bindgen`), as Trunk writes it beside the page.
pub const PANELS_SCRIPT: &str = "./iamplay-interchange.js";

/// The interchange panels' wasm, started by the glue's `wasm_bindgen`.
pub const PANELS_MODULE: &str = "./iamplay-interchange_bg.wasm";

/// The page asks the panels (a `CustomEvent` on `document`; its `detail` is a request).
pub const REQUEST_EVENT: &str = "iamplay-interchange-request";

/// The panels listen for requests (on `document`).
pub const READY_EVENT: &str = "iamplay-interchange-ready";

/// The panels ask the page to open a scenario (on `document`; its `detail` is the text).
pub const OPEN_EVENT: &str = "iamplay-open-scenario";

/// What the worker posts once it listens: requests posted before would be lost.
pub const READY: &str = "ready";

/// An export request: what creates the scenario's account in `format` (`cli`, `terraform`,
/// `cloudformation`, `cloudformation-json`), with the AWS managed policies' documents by ARN.
pub fn export_request(scenario: &str, format: &str, managed: &BTreeMap<String, String>) -> String {
    json!({ "export": { "scenario": scenario, "format": format, "managed": managed } }).to_string()
}

/// The word that starts the `format` of an answers request: it travels as an export request
/// (`{"export": {"scenario", "format", "managed"}}`), whose writing the page already has, with
/// `format` = `answers KIND NOW`.
pub const ANSWERS: &str = "answers";

/// An answers request about request `request` (from 0) of the scenario; `now` is the time the
/// page simulates at.
pub fn answers_request(
    scenario: &str,
    request: usize,
    managed: &BTreeMap<String, String>,
    now: &str,
) -> String {
    export_request(scenario, &format!("{ANSWERS} {request} {now}"), managed)
}

/// An answers request, read back by the panels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswersAsked {
    /// The answer shown: `request` (the request's fixes and conditions), `who-can-get` or
    /// `exfiltration`.
    pub kind: String,
    /// The request, from 0.
    pub request: Option<usize>,
    /// The scenario document.
    pub scenario: String,
    /// AWS managed policies' documents by ARN.
    pub managed: BTreeMap<String, String>,
    /// The time of the requests.
    pub now: String,
}

/// The answers request in `text`, if it is one.
pub fn answers_asked(text: &str) -> Option<AnswersAsked> {
    let value: Value = serde_json::from_str(text).ok()?;
    let asked = value.get("export")?;
    let format = asked.get("format").and_then(Value::as_str)?;
    let mut words = format.split(' ');
    if words.next() != Some(ANSWERS) {
        return None;
    }
    let request = words.next()?.parse::<usize>().ok()?;
    let now = words.next()?.to_owned();
    Some(AnswersAsked {
        kind: "request".to_owned(),
        request: Some(request),
        scenario: asked.get("scenario").and_then(Value::as_str)?.to_owned(),
        managed: asked
            .get("managed")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default(),
        now,
    })
}

/// Dispatches the event `kind` on `document` with `detail`: how the page and the panels talk.
pub fn announce(kind: &str, detail: &wasm_bindgen::JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(detail);
    let event = web_sys::CustomEvent::new_with_event_init_dict(kind, &init);
    if let (Some(document), Ok(event)) = (web_sys::window().and_then(|w| w.document()), event) {
        let _ = document.dispatch_event(&event);
    }
}

/// The text of an import request (posted with the files): CloudFormation parameters as
/// `(name, value)`.
pub fn import_request(parameters: &[(String, String)]) -> String {
    json!({ "import": { "parameters": parameters } }).to_string()
}

/// A request for the scenario of the imported instance profile `profile`.
pub fn scenario_request(profile: &str) -> String {
    json!({ "scenario": { "profile": profile } }).to_string()
}

/// A request for every imported instance profile's answer to `action` on `resource` (at the
/// time it is asked).
pub fn who_can_request(action: &str, resource: &str) -> String {
    json!({ "whoCan": { "action": action, "resource": resource } }).to_string()
}

/// A progress answer: `step` of the import (`reading` file `index` of `count`, of `bytes`
/// bytes, or `importing`).
pub fn progress(step: &str, file: &str, index: usize, count: usize, bytes: u64) -> String {
    let progress =
        json!({ "step": step, "file": file, "index": index, "count": count, "bytes": bytes });
    json!({ "progress": progress }).to_string()
}

/// The CloudFormation parameters of an import request's text.
pub fn import_parameters(request: &str) -> Vec<(String, String)> {
    let request: Value = serde_json::from_str(request).unwrap_or(Value::Null);
    request
        .pointer("/import/parameters")
        .and_then(|p| serde_json::from_value(p.clone()).ok())
        .unwrap_or_default()
}

/// What the worker keeps of the last import: the files' names and texts (problems and deciding
/// statements are placed in them), what was read of them, and the AWS managed policies'
/// documents fetched for it so far.
#[derive(Debug, Default)]
pub struct Session {
    files: Vec<(String, String)>,
    inventory: Inventory,
    managed: BTreeMap<String, String>,
}

impl Session {
    /// Reads `files` (name, text) with CloudFormation `parameters`.
    pub fn import(files: Vec<(String, String)>, parameters: Vec<(String, String)>) -> Self {
        let mut session = Self {
            files,
            ..Self::default()
        };
        session.inventory =
            iamplay_core::import::read(&session.files(), &ImportOptions { parameters });
        session
    }

    fn files(&self) -> Vec<ImportFile<'_>> {
        self.files
            .iter()
            .map(|(name, text)| ImportFile { name, text })
            .collect()
    }

    /// The `imported` answer: what the import holds, with the worker's `memory` (bytes).
    pub fn imported(&self, memory: u64) -> String {
        let mut report = iamplay_core::report::inventory_json(&self.files(), &self.inventory);
        if let Some(out) = report.as_object_mut() {
            out.insert(
                "files".into(),
                json!(self.files.iter().map(|f| &f.0).collect::<Vec<_>>()),
            );
            out.insert("memory".into(), json!(memory));
        }
        json!({ "imported": report }).to_string()
    }

    /// The AWS managed policies the role of `profile` (or every role, `None`) attaches whose
    /// documents were not fetched yet.
    pub fn wanted(&self, profile: Option<&str>) -> Vec<String> {
        let mut wanted = self.inventory.aws_managed(profile);
        wanted.retain(|arn| !self.managed.contains_key(arn));
        wanted
    }

    /// Keeps the document of the AWS managed policy `arn`, fetched from the site.
    pub fn fetched(&mut self, arn: String, document: String) {
        self.managed.insert(arn, document);
    }

    /// The `scenario` answer for the instance profile `profile`.
    pub fn scenario(&self, profile: &str) -> String {
        let report = iamplay_core::report::imported_scenario_json(
            &self.files(),
            &self.inventory,
            Some(profile),
            &self.managed,
        );
        json!({ "scenario": report }).to_string()
    }

    /// The `whoCan` answer to `action` on `resource` at `now`.
    pub fn who_can(&self, action: &str, resource: &str, now: &str) -> String {
        let answer =
            iamplay_core::import::who_can(&self.inventory, action, resource, &self.managed, now);
        let report = iamplay_core::report::who_can_json(&self.files(), action, resource, &answer);
        json!({ "whoCan": report }).to_string()
    }
}

/// The worker's answer to an export request, as JSON text (`None` for any other request).
pub fn export_answer(request: &Value) -> Option<String> {
    let export = request.get("export")?;
    let field = |key: &str| export.get(key).and_then(Value::as_str).unwrap_or_default();
    let managed: BTreeMap<String, String> = export
        .get("managed")
        .and_then(|m| serde_json::from_value(m.clone()).ok())
        .unwrap_or_default();
    let report = match iamplay_core::export::ExportFormat::from_name(field("format")) {
        Some(format) => iamplay_core::report::export_report(field("scenario"), format, &managed),
        None => json!({
            "text": null,
            "problems": [{ "message": format!("no export format `{}`", field("format")) }],
        }),
    };
    Some(json!({ "export": report }).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answers_request_reads_back_and_an_export_is_not_one() {
        let managed = BTreeMap::from([("arn:aws:iam::aws:policy/X".to_owned(), "{}".to_owned())]);
        let text = answers_request(
            "{\"scenarioVersion\": 1}",
            4,
            &managed,
            "2026-12-01T00:00:00Z",
        );
        let asked = answers_asked(&text).unwrap();
        assert_eq!(asked.kind, "request");
        assert_eq!(asked.request, Some(4));
        assert_eq!(asked.scenario, "{\"scenarioVersion\": 1}");
        assert_eq!(asked.managed, managed);
        assert_eq!(asked.now, "2026-12-01T00:00:00Z");
        assert_eq!(
            answers_asked(&export_request("{}", "terraform", &managed)),
            None
        );
        assert_eq!(answers_asked("not json"), None);
    }
}
