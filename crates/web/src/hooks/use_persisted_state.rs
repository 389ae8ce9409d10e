//! The playground's state, kept in this browser: a page opens on a scenario shared in its URL,
//! else on what this browser saved, else on the first preset; every change of the texts or of the
//! part shown is saved, until saving fails and the page says so.

use crate::state::{Action, Mode, State};
use crate::{share, storage};
use yew::prelude::*;

/// The current time from the browser's clock, as ISO 8601.
fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// The page's starting state: a shared scenario in the URL first, then what this browser saved,
/// then the first preset.
fn initial_state() -> State {
    let mut failure = None;
    let mut load = |key: &str| match storage::load(key) {
        Ok(value) => value,
        Err(reason) => {
            failure = Some(reason);
            None
        }
    };
    let saved_scenario = load(storage::SCENARIO_KEY);
    let saved_policy = load(storage::POLICY_KEY);
    let saved_mode = load(storage::MODE_KEY);
    let shared = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .and_then(|hash| share::scenario_from(&hash));
    let mode = match (shared.is_some(), saved_mode.as_deref()) {
        (false, Some(id)) if id == Mode::Policy.id() => Mode::Policy,
        _ => Mode::Scenario,
    };
    let mut state = State::restored(mode, shared.or(saved_scenario), saved_policy, now());
    if let Some(reason) = failure {
        state.saving_failed(&reason);
    }
    state
}

/// The playground's state, opened from what was shared or saved, and saved on every change.
#[hook]
pub fn use_persisted_state() -> UseReducerHandle<State> {
    let state = use_reducer(initial_state);
    let dispatcher = state.dispatcher();
    let saving = state.notice.is_none();
    let kept = (
        state.scenario.text.clone(),
        state.policy.text.clone(),
        state.mode,
    );
    use_effect_with(kept, move |(scenario, policy, mode)| {
        if !saving {
            return;
        }
        let result = storage::save(storage::SCENARIO_KEY, scenario)
            .and_then(|()| storage::save(storage::POLICY_KEY, policy))
            .and_then(|()| storage::save(storage::MODE_KEY, mode.id()));
        if let Err(reason) = result {
            dispatcher.dispatch(Action::StorageFailed(reason));
        }
    });
    state
}
