//! The playground's state as a pure reducer: every change to what the page shows goes through
//! [`State::reduce`], which is tested natively without a browser.

mod policy_view;
mod scenario_view;

pub use policy_view::{Analysis, ProblemView, StatementView, utf16_offset};
pub use scenario_view::{LinkView, PlaceView, RequestView, ScenarioView, SessionKeyView};

use iamplay_core::presets::PRESETS;
use std::rc::Rc;
use yew::Reducible;

/// A policy the user can start from in the policy reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// What the button says.
    pub label: &'static str,
    /// The policy text.
    pub text: &'static str,
}

/// The examples offered in the policy reader.
pub const EXAMPLES: [Example; 3] = [
    Example {
        label: "EC2 trust policy",
        text: include_str!("examples/ec2-trust.json"),
    },
    Example {
        label: "Write to one bucket",
        text: include_str!("examples/s3-write.json"),
    },
    Example {
        label: "A broken policy",
        text: include_str!("examples/broken.json"),
    },
];

/// Which part of the playground is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// An instance profile scenario: launch, trust, session, requests.
    Scenario,
    /// One policy document read and checked.
    Policy,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The part shown.
    pub mode: Mode,
    /// The scenario document, exactly as typed.
    pub scenario_text: String,
    /// What the engine made of it.
    pub scenario: ScenarioView,
    /// The policy text, exactly as typed.
    pub policy_text: String,
    /// What the engine made of it.
    pub policy: Analysis,
    /// The time requests are simulated at when a scenario does not fix it (ISO 8601).
    pub now: String,
    /// A problem with the page itself (e.g. storage), shown above the editor.
    pub notice: Option<String>,
}

/// What the user can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Show a part of the playground.
    SetMode(Mode),
    /// The scenario text changed.
    EditScenario(String),
    /// Replace the scenario with a preset.
    LoadPreset(usize),
    /// The policy text changed.
    EditPolicy(String),
    /// Replace the policy with one of [`EXAMPLES`].
    LoadExample(usize),
    /// Browser storage failed; what is typed is not being kept.
    StorageFailed(String),
}

impl State {
    /// The state for a scenario text and a policy text at a time.
    pub fn new(mode: Mode, scenario_text: String, policy_text: String, now: String) -> Self {
        Self {
            mode,
            scenario: ScenarioView::of(&scenario_text, &now),
            scenario_text,
            policy: Analysis::of(&policy_text),
            policy_text,
            now,
            notice: None,
        }
    }

    /// The first visit: the first preset and the first example.
    pub fn first_visit(now: String) -> Self {
        let scenario = PRESETS.first().map_or("", |p| p.text).to_owned();
        Self::new(Mode::Scenario, scenario, EXAMPLES[0].text.to_owned(), now)
    }

    fn with_scenario(&self, text: String) -> Self {
        Self {
            scenario: ScenarioView::of(&text, &self.now),
            scenario_text: text,
            ..self.clone()
        }
    }

    fn with_policy(&self, text: String) -> Self {
        Self {
            policy: Analysis::of(&text),
            policy_text: text,
            ..self.clone()
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match action {
            Action::SetMode(mode) if mode != self.mode => Self {
                mode,
                ..(*self).clone()
            },
            Action::SetMode(_) => return self,
            Action::EditScenario(text) if text != self.scenario_text => self.with_scenario(text),
            Action::LoadPreset(index) => match PRESETS.get(index) {
                Some(preset) if preset.text != self.scenario_text => {
                    self.with_scenario(preset.text.to_owned())
                }
                _ => return self,
            },
            Action::EditPolicy(text) if text != self.policy_text => self.with_policy(text),
            Action::LoadExample(index) => match EXAMPLES.get(index) {
                Some(example) if example.text != self.policy_text => {
                    self.with_policy(example.text.to_owned())
                }
                _ => return self,
            },
            Action::EditScenario(_) | Action::EditPolicy(_) => return self,
            Action::StorageFailed(reason) => Self {
                notice: Some(format!(
                    "your text is not being saved in this browser ({reason}); copy it before closing the page"
                )),
                ..(*self).clone()
            },
        };
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests;
