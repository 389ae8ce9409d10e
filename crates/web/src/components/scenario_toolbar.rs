//! The scenario's toolbar: start a new scenario or open a preset or a file, save it as a file,
//! export its account (AWS CLI, Terraform, CloudFormation), import the user's own, undo and redo, share a link, and switch between the structured view and the document.

use crate::files;
use crate::state::Pane;
use iamplay_core::presets::MENU;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`ScenarioToolbar`].
#[derive(Properties, PartialEq)]
pub struct ScenarioToolbarProps {
    /// Called to start from the new-scenario template.
    pub on_new: Callback<()>,
    /// Called with the index in [`MENU`] of the preset the user chose.
    pub on_preset: Callback<usize>,
    /// Called with the text of a file the user opened, or why it could not be read.
    pub on_open: Callback<Result<String, String>>,
    /// Called when the user saves the scenario as a file.
    pub on_save: Callback<()>,
    /// Called with the format the user exports the account to: `cli`, `terraform`,
    /// `cloudformation` or `cloudformation-json`.
    pub on_export: Callback<String>,
    /// Called with the files the user imports (AWS CLI outputs, Terraform's JSON,
    /// CloudFormation templates).
    pub on_import: Callback<Vec<web_sys::File>>,
    /// Called to undo.
    pub on_undo: Callback<()>,
    /// Called to redo.
    pub on_redo: Callback<()>,
    /// Whether there is something to undo.
    pub can_undo: bool,
    /// Whether there is something to redo.
    pub can_redo: bool,
    /// Called when the user asks for a link to the scenario.
    pub on_share: Callback<()>,
    /// The view shown.
    pub pane: Pane,
    /// Called with the view the user chose.
    pub on_pane: Callback<Pane>,
}

/// The scenario's toolbar.
#[component]
pub fn ScenarioToolbar(props: &ScenarioToolbarProps) -> Html {
    let on_preset = props.on_preset.clone();
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        if let Ok(index) = select.value().parse() {
            on_preset.emit(index);
        }
        select.set_value("");
    });
    let presets = MENU.iter().enumerate().map(|(index, (_, title))| {
        html! { <option value={index.to_string()}>{ *title }</option> }
    });
    let on_open = props.on_open.clone();
    let on_file = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        let on_open = on_open.clone();
        wasm_bindgen_futures::spawn_local(async move { on_open.emit(files::read(file).await) });
    });
    let on_import = props.on_import.clone();
    let import = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let files = input.files().map(|list| {
            (0..list.length())
                .filter_map(|i| list.get(i))
                .collect::<Vec<_>>()
        });
        input.set_value("");
        if let Some(files) = files.filter(|f| !f.is_empty()) {
            on_import.emit(files);
        }
    });
    let on_export = props.on_export.clone();
    let export = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        let format = select.value();
        select.set_value("");
        if !format.is_empty() {
            on_export.emit(format);
        }
    });
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    let pane = |pane: Pane, label: &'static str, test_id: &'static str| {
        let selected = props.pane == pane;
        let onclick = props.on_pane.reform(move |_: MouseEvent| pane);
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()} data-testid={test_id}
                class={classes!("pane-tab", selected.then_some("selected"))} {onclick}>{ label }</button>
        }
    };
    html! {
        <div class="scenario-bar">
            <div class="toolbar" role="toolbar" aria-label="Scenario">
                <button type="button" onclick={click(&props.on_new)} data-testid="new-scenario">{ "New scenario" }</button>
                <select class="preset-picker" {onchange} aria-label="Open a preset" data-testid="preset">
                    <option value="" selected=true>{ "Presets…" }</option>
                    { for presets }
                </select>
                <label class="file-button">
                    { "Open…" }
                    <input type="file" accept=".json,application/json" onchange={on_file} data-testid="open-file" />
                </label>
                <button type="button" onclick={click(&props.on_save)} data-testid="save-file">{ "Save" }</button>
                <select class="export-picker" onchange={export} aria-label="Export the account as" data-testid="export">
                    <option value="" selected=true>{ "Export…" }</option>
                    <option value="cli">{ "AWS CLI script" }</option>
                    <option value="terraform">{ "Terraform" }</option>
                    <option value="cloudformation">{ "CloudFormation (YAML)" }</option>
                    <option value="cloudformation-json">{ "CloudFormation (JSON)" }</option>
                </select>
                <label class="file-button" title="AWS CLI outputs, Terraform plans or states as JSON, CloudFormation templates">
                    { "Import…" }
                    <input type="file" multiple=true accept=".json,.yaml,.yml,.template,.txt" onchange={import} data-testid="import-files" />
                </label>
                <span class="toolbar-gap" />
                <button type="button" onclick={click(&props.on_undo)} disabled={!props.can_undo}
                    data-testid="undo" title="Undo (Ctrl+Z)" aria-keyshortcuts="Control+Z">{ "Undo" }</button>
                <button type="button" onclick={click(&props.on_redo)} disabled={!props.can_redo}
                    data-testid="redo" title="Redo (Ctrl+Shift+Z)" aria-keyshortcuts="Control+Shift+Z">{ "Redo" }</button>
                <button type="button" class="share" data-testid="share" onclick={click(&props.on_share)}>{ "Share link" }</button>
            </div>
            <div class="pane-tabs" role="tablist" aria-label="Edit the scenario as">
                { pane(Pane::Structured, "Compose", "view-structured") }
                { pane(Pane::Document, "Document (JSON)", "view-document") }
            </div>
        </div>
    }
}
