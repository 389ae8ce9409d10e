//! The access summary and the change review sweep AWS's whole catalogue: worked out on every
//! keystroke they would make typing wait, so they are worked out again once typing pauses, and
//! shown as they were until then.

use crate::state::{Action, HalfAction, Mode, State};
use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// How long typing must pause before the summaries are worked out again.
pub const PAUSE_MS: u32 = 250;

/// Schedules the summaries of a half whose summaries are of an earlier text; a new keystroke
/// reschedules them.
#[hook]
pub fn use_deferred_summaries(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    let stale = [
        (Mode::Scenario, state.scenario.summaries_stale),
        (Mode::Policy, state.policy.summaries_stale),
    ];
    let texts = (state.scenario.text.clone(), state.policy.text.clone());
    use_effect_with((stale, texts), move |(stale, _)| {
        let timers: Vec<Timeout> = stale
            .iter()
            .filter(|(_, stale)| *stale)
            .map(|&(mode, _)| {
                let dispatcher = dispatcher.clone();
                Timeout::new(PAUSE_MS, move || {
                    dispatcher.dispatch(Action::Half(mode, HalfAction::Summarise));
                })
            })
            .collect();
        // Dropping a timeout cancels it.
        move || drop(timers)
    });
}
