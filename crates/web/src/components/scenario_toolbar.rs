//! The scenario's toolbar, above the editor: a button per preset, and the share link button.

use iamplay_core::presets::PRESETS;
use yew::prelude::*;

/// Props of [`ScenarioToolbar`].
#[derive(Properties, PartialEq)]
pub struct ScenarioToolbarProps {
    /// Called with the index in [`PRESETS`] of the preset the user chose.
    pub on_preset: Callback<usize>,
    /// Called when the user asks for a link to the scenario.
    pub on_share: Callback<()>,
}

/// The presets and the share link button.
#[component]
pub fn ScenarioToolbar(props: &ScenarioToolbarProps) -> Html {
    let presets = PRESETS.iter().enumerate().map(|(index, preset)| {
        let onclick = props.on_preset.reform(move |_: MouseEvent| index);
        html! { <button type="button" class="example" {onclick}>{ preset.title }</button> }
    });
    let on_share = props.on_share.reform(|_: MouseEvent| ());
    html! {
        <div class="toolbar">
            <span class="toolbar-label">{ "Presets:" }</span>
            { for presets }
            <button type="button" class="share" data-testid="share" onclick={on_share}>{ "Share link" }</button>
        </div>
    }
}
