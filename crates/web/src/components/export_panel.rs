//! What creates the scenario's account, as the exporter wrote it (an AWS CLI script, Terraform
//! or a CloudFormation template), shown before it is downloaded; or why the scenario could not
//! be exported.

use yew::prelude::*;

/// Props of [`ExportPanel`].
#[derive(Properties, PartialEq)]
pub struct ExportPanelProps {
    /// What was exported, e.g. `Terraform`.
    pub title: AttrValue,
    /// The file it downloads as.
    pub file: AttrValue,
    /// The export, or why there is none: the scenario's problems (after a line that says so),
    /// or that the exporter could not be loaded.
    pub result: Result<AttrValue, Vec<String>>,
    /// Called to download it.
    pub on_download: Callback<()>,
    /// Called to close the panel.
    pub on_close: Callback<()>,
}

/// The export of the scenario's account.
#[component]
pub fn ExportPanel(props: &ExportPanelProps) -> Html {
    let on_download = props.on_download.reform(|_: MouseEvent| ());
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="export-panel" data-testid="export-panel" aria-label={props.title.clone()}>
            <div class="export-head">
                <h2>{ props.title.clone() }</h2>
                if props.result.is_ok() {
                    <button type="button" onclick={on_download} data-testid="export-download">
                        { format!("Download {}", props.file) }
                    </button>
                }
                <button type="button" onclick={on_close} data-testid="export-close">{ "Close" }</button>
            </div>
            { match &props.result {
                Ok(text) => html! { <pre class="export-text" data-testid="export-text">{ text.clone() }</pre> },
                Err(problems) => html! {
                    <ul class="problems" role="alert" data-testid="export-problems">
                        { for problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
                    </ul>
                },
            } }
        </section>
    }
}
