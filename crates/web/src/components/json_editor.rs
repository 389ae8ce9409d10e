//! A text area for a JSON document (a policy or a scenario).

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`JsonEditor`].
#[derive(Properties, PartialEq)]
pub struct JsonEditorProps {
    /// The text to show.
    pub text: AttrValue,
    /// Whether the text has errors (styles the border).
    pub invalid: bool,
    /// Called with the new text on every keystroke.
    pub on_edit: Callback<String>,
    /// Reference to the text area, so problems can select their span in it.
    pub node_ref: NodeRef,
    /// The `data-testid` of the text area.
    pub test_id: AttrValue,
    /// Its accessible label.
    pub label: AttrValue,
}

/// A plain text area for a JSON document.
#[component]
pub fn JsonEditor(props: &JsonEditorProps) -> Html {
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
            data-testid={props.test_id.clone()}
            aria-label={props.label.clone()}
            spellcheck="false"
            autocomplete="off"
            value={props.text.clone()}
            {oninput}
        />
    }
}
