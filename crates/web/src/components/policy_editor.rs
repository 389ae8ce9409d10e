//! The text area the policy is typed into.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`PolicyEditor`].
#[derive(Properties, PartialEq)]
pub struct PolicyEditorProps {
    /// The text to show.
    pub text: AttrValue,
    /// Whether the text has errors (styles the border).
    pub invalid: bool,
    /// Called with the new text on every keystroke.
    pub on_edit: Callback<String>,
    /// Reference to the text area, so problems can select their span in it.
    pub node_ref: NodeRef,
}

/// A plain text area for a JSON policy document.
#[component]
pub fn PolicyEditor(props: &PolicyEditorProps) -> Html {
    let on_edit = props.on_edit.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        let area: HtmlTextAreaElement = event.target_unchecked_into();
        on_edit.emit(area.value());
    });
    let class = classes!("policy-input", props.invalid.then_some("invalid"));
    html! {
        <textarea
            ref={props.node_ref.clone()}
            {class}
            data-testid="policy-input"
            aria-label="Policy document"
            spellcheck="false"
            autocomplete="off"
            value={props.text.clone()}
            {oninput}
        />
    }
}
