//! The playground's state, kept in this browser: a page opens on what this browser saved (or, the
//! first time, on the first preset), and a scenario shared in its URL opens beside the user's own
//! without replacing it. Every change is saved, until saving fails and the page says so; a saved
//! record this version cannot read is reported and kept aside.

use crate::saved::{self, Found, Work};
use crate::state::{Mode, State};
use crate::{share, storage};
use yew::prelude::*;

/// The current time from the browser's clock, as ISO 8601.
fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// The page's starting state.
fn initial_state() -> State {
    let now = now();
    let mut failure = None;
    let mut notice = None;
    let mut load = |key: &str| match storage::load(key) {
        Ok(value) => value,
        Err(reason) => {
            failure = Some(reason);
            None
        }
    };
    let raw = load(storage::WORK_KEY);
    let legacy = Work {
        version: saved::VERSION,
        mode: load(storage::MODE_KEY).unwrap_or_default(),
        scenario: load(storage::SCENARIO_KEY),
        policy: load(storage::POLICY_KEY),
        shared: None,
    };
    let work = match saved::read(raw.as_deref()) {
        Found::Work(work) => Some(work),
        Found::Nothing => None,
        Found::Unreadable(why) => {
            let raw = raw.unwrap_or_default();
            notice = Some(match storage::keep_aside(&raw, &now) {
                Ok(key) => format!(
                    "The work saved in this browser could not be read: {why}. It is kept aside, unchanged, under the key `{key}`."
                ),
                Err(reason) => format!(
                    "The work saved in this browser could not be read: {why}; it could not be kept aside either ({reason})."
                ),
            });
            // Never written over: the page stops saving until the user has seen this.
            failure = failure.or(Some("the saved record could not be read".to_owned()));
            None
        }
    };
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let link = match share::read_link(&hash) {
        Some(Ok(text)) => Some((hash, text)),
        Some(Err(why)) => {
            notice = notice.or(Some(format!(
                "The shared link could not be opened: {why}. Your own work is shown."
            )));
            None
        }
        None => None,
    };
    let opened = saved::opening(work, legacy, link);
    let mode = if opened.mode == Mode::Policy.id() {
        Mode::Policy
    } else {
        Mode::Scenario
    };
    let mut state = State::restored(mode, opened.scenario, opened.policy, now);
    state.shared = opened.shared;
    if let Some(reason) = failure {
        state.saving_failed(&reason);
    }
    if notice.is_some() {
        state.notice = notice;
    }
    state
}

/// The record of the work to save.
fn record(state: &State) -> Work {
    let (scenario, shared) = match &state.shared {
        Some((link, own)) => (
            own.clone(),
            Some(saved::Shared {
                link: link.clone(),
                text: state.scenario.text.clone(),
            }),
        ),
        None => (Some(state.scenario.text.clone()), None),
    };
    Work {
        version: saved::VERSION,
        mode: state.mode.id().to_owned(),
        scenario,
        policy: Some(state.policy.text.clone()),
        shared,
    }
}

/// The playground's state, opened from what was shared or saved, and saved on every change.
#[hook]
pub fn use_persisted_state() -> UseReducerHandle<State> {
    let state = use_reducer(initial_state);
    let dispatcher = state.dispatcher();
    let saving = !state.storage_failed;
    use_effect_with(record(&state), move |work| {
        if !saving {
            return;
        }
        if let Err(reason) = storage::save(storage::WORK_KEY, &saved::write(work)) {
            dispatcher.dispatch(crate::state::Action::StorageFailed(reason));
        }
    });
    state
}
