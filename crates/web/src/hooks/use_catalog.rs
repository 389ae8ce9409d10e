//! AWS's catalogue of actions, resource types and condition keys comes from the site's own file
//! after the page is first drawn, so the first load stays small; the page reads everything again
//! once it is here.

use crate::fetch;
use crate::state::{Action, State};
use iamplay_core::catalog;
use yew::prelude::*;

/// Fetches and installs the catalogue once, unless it is built in.
#[hook]
pub fn use_catalog(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |()| {
        if !catalog::is_loaded() {
            wasm_bindgen_futures::spawn_local(async move {
                let installed = fetch::catalog().await.is_some_and(catalog::install);
                dispatcher.dispatch(Action::CatalogLoaded(installed));
            });
        }
    });
}
