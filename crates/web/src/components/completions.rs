//! The suggestions of a policy editor at its caret (see [`crate::complete`]): a list of buttons
//! under the text, reached with Tab or Ctrl+Space, each writing its suggestion in at the caret.

use crate::complete::Completion;
use crate::state::utf16_offset;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`Completions`].
#[derive(Properties, PartialEq)]
pub struct CompletionsProps {
    /// What can be written at the caret.
    pub completion: Completion,
    /// The editor's text.
    pub text: AttrValue,
    /// The editor's text area, to put the caret back after the suggestion.
    pub area: NodeRef,
    /// Called with the text once a suggestion is written in.
    pub on_edit: Callback<String>,
    /// Called once a suggestion is chosen or the list dismissed.
    pub on_done: Callback<()>,
}

/// The suggestions.
#[component]
pub fn Completions(props: &CompletionsProps) -> Html {
    let caret = use_mut_ref(|| None::<(String, usize)>);
    {
        // Once the chosen suggestion is in the text area, the caret goes after it.
        let (caret, area, text) = (caret.clone(), props.area.clone(), props.text.clone());
        use_effect_with(text, move |text| {
            let wanted = caret.borrow_mut().take();
            if let (Some((written, at)), Some(area)) = (wanted, area.cast::<HtmlTextAreaElement>())
            {
                if written == **text {
                    let at = utf16_offset(&written, at);
                    let _ = area.focus();
                    let _ = area.set_selection_range(at, at);
                }
            }
        });
    }
    let items = props.completion.items.iter().map(|(item, detail)| {
        let (completion, text, caret) = (props.completion.clone(), props.text.clone(), caret.clone());
        let (on_edit, on_done, chosen) = (props.on_edit.clone(), props.on_done.clone(), item.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            let (written, at) = completion.apply(&text, &chosen);
            *caret.borrow_mut() = Some((written.clone(), at));
            on_edit.emit(written);
            on_done.emit(());
        });
        let on_done = props.on_done.clone();
        let onkeydown = Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_done.emit(());
            }
        });
        html! {
            <li>
                <button type="button" class="completion" {onclick} {onkeydown} data-testid="completion">
                    <code>{ item.clone() }</code>
                    if !detail.is_empty() {
                        <span class="completion-detail">{ detail.clone() }</span>
                    }
                </button>
            </li>
        }
    });
    html! {
        <div class="completions">
            <span class="completions-title">{ format!("Suggested {} (Ctrl+Space to reach them, Esc to close):", props.completion.what) }</span>
            <ul aria-label={format!("Suggested {}", props.completion.what)}>{ for items }</ul>
        </div>
    }
}
