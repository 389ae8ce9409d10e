//! The tabs that choose the part of the playground shown: the instance profile scenario or the
//! policy reader.

use crate::state::Mode;
use yew::prelude::*;

/// Props of [`Tabs`].
#[derive(Properties, PartialEq)]
pub struct TabsProps {
    /// The part shown.
    pub mode: Mode,
    /// Called with the part the user chose.
    pub on_select: Callback<Mode>,
}

/// A part's tab label and `data-testid`.
fn tab(mode: Mode) -> (&'static str, &'static str) {
    match mode {
        Mode::Scenario => ("Instance profile scenario", "tab-scenario"),
        Mode::Policy => ("Policy reader", "tab-policy"),
    }
}

/// One tab per part, the shown one selected.
#[component]
pub fn Tabs(props: &TabsProps) -> Html {
    let tabs = Mode::ALL.into_iter().map(|mode| {
        let (label, test_id) = tab(mode);
        let selected = props.mode == mode;
        let onclick = props.on_select.reform(move |_: MouseEvent| mode);
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                class={classes!("tab", selected.then_some("selected"))} data-testid={test_id} {onclick}>{ label }</button>
        }
    });
    html! {
        <nav class="tabs" role="tablist">{ for tabs }</nav>
    }
}
