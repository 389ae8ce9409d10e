//! Undo and redo from the keyboard, in either view of the scenario: Ctrl+Z (⌘Z) undoes,
//! Ctrl+Shift+Z or Ctrl+Y (⌘⇧Z) redoes, through the scenario's own history so both views go
//! back and forth together.

use crate::state::{Action, Mode, State};
use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// Listens for the undo and redo shortcuts while the scenario is shown.
#[hook]
pub fn use_shortcuts(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    let scenario = state.mode == Mode::Scenario;
    use_effect_with(scenario, move |&scenario| {
        let listener = scenario.then(|| {
            web_sys::window()
                .and_then(|w| w.document())
                .map(|document| {
                    let options = EventListenerOptions::enable_prevent_default();
                    EventListener::new_with_options(&document, "keydown", options, move |event| {
                        let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
                            return;
                        };
                        if !(key.ctrl_key() || key.meta_key()) || key.alt_key() {
                            return;
                        }
                        let action =
                            match (key.key().to_ascii_lowercase().as_str(), key.shift_key()) {
                                ("z", false) => Action::Undo,
                                ("z", true) | ("y", false) => Action::Redo,
                                _ => return,
                            };
                        key.prevent_default();
                        dispatcher.dispatch(action);
                    })
                })
        });
        move || drop(listener)
    });
}
