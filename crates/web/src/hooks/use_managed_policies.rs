//! AWS managed policies come from the site's own files: the documents a scenario attaches, each
//! fetched once; the index the pickers list (the policy reader's, the role's attach search),
//! fetched once after the page is first drawn; and a policy picked there, opened in the reader.

use crate::fetch;
use crate::state::{Action, State};
use std::collections::BTreeSet;
use yew::prelude::*;

/// Fetches the AWS managed policies the page waits for; returns the callback that opens one, by
/// ARN, in the policy reader.
#[hook]
pub fn use_managed_policies(state: &UseReducerHandle<State>) -> Callback<String> {
    let requested = use_mut_ref(BTreeSet::<String>::new);
    let dispatcher = state.dispatcher();
    use_effect_with(state.scenario.view.loading.clone(), move |loading| {
        for arn in loading {
            if !requested.borrow_mut().insert(arn.clone()) {
                continue;
            }
            let dispatcher = dispatcher.clone();
            let arn = arn.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let document = fetch::managed_policy(&arn).await;
                dispatcher.dispatch(Action::ManagedPolicyLoaded(arn, document));
            });
        }
    });
    let dispatcher = state.dispatcher();
    let index_wanted = state.managed_index.is_none();
    use_effect_with(index_wanted, move |wanted| {
        if *wanted {
            wasm_bindgen_futures::spawn_local(async move {
                let index = fetch::managed_index().await;
                dispatcher.dispatch(Action::ManagedIndexLoaded(index));
            });
        }
    });
    let dispatcher = state.dispatcher();
    Callback::from(move |arn: String| {
        let dispatcher = dispatcher.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(document) = fetch::managed_policy(&arn).await {
                dispatcher.dispatch(Action::OpenManagedPolicy(document));
            }
        });
    })
}
