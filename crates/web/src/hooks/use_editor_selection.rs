//! Selecting a place in the editor: a problem or a statement clicked in the results selects its
//! text, so the user sees where it is.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Selects a UTF-16 range in a text area (a convenience: if the browser refuses, nothing is lost).
fn select(editor: &NodeRef, (start, end): (u32, u32)) {
    if let Some(area) = editor.cast::<HtmlTextAreaElement>() {
        let _ = area.focus();
        let _ = area.set_selection_range(start, end.max(start + 1));
    }
}

/// The reference to give the editor, and the callback that selects a UTF-16 range in it.
#[hook]
pub fn use_editor_selection() -> (NodeRef, Callback<(u32, u32)>) {
    let editor = use_node_ref();
    let on_select = {
        let editor = editor.clone();
        Callback::from(move |range: (u32, u32)| select(&editor, range))
    };
    (editor, on_select)
}
