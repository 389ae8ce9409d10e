//! The playground's state as a pure reducer: every change to what the page shows goes through
//! [`State::reduce`], which is tested natively without a browser.

mod access_view;
mod policy_view;
mod scenario_view;

pub use access_view::{AccessView, ReviewView, ServiceView};
pub use policy_view::{Analysis, ProblemView, StatementView, utf16_offset};
pub use scenario_view::{
    Inputs, LinkView, Managed, PlaceView, RequestView, ScenarioView, SessionKeyView,
};

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
    /// AWS managed policies fetched from the site.
    pub managed: Rc<Managed>,
    /// Whether the instance's access summary is shown.
    pub show_access: bool,
    /// The scenario text changes are reviewed against, when set.
    pub baseline: Option<String>,
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
    /// An AWS managed policy's document arrived from the site (`None`: it has no file).
    ManagedPolicyLoaded(String, Option<String>),
    /// Show or hide the access summary.
    ToggleAccess,
    /// Review changes against the scenario as it is now.
    SetBaseline,
    /// Stop reviewing changes.
    ClearBaseline,
}

impl State {
    /// The state for a scenario text and a policy text at a time.
    pub fn new(mode: Mode, scenario_text: String, policy_text: String, now: String) -> Self {
        let managed = Rc::new(Managed::default());
        let scenario = ScenarioView::of(
            &scenario_text,
            &Inputs {
                now: &now,
                managed: &managed,
                access: false,
                baseline: None,
            },
        );
        Self {
            mode,
            scenario,
            scenario_text,
            policy: Analysis::of(&policy_text),
            policy_text,
            now,
            notice: None,
            managed,
            show_access: false,
            baseline: None,
        }
    }

    fn inputs(&self) -> Inputs<'_> {
        Inputs {
            now: &self.now,
            managed: &self.managed,
            access: self.show_access,
            baseline: self.baseline.as_deref(),
        }
    }

    /// The same state with the scenario simulated again (after its inputs changed).
    fn resimulated(mut self) -> Self {
        self.scenario = ScenarioView::of(&self.scenario_text, &self.inputs());
        self
    }

    /// The first visit: the first preset and the first example.
    pub fn first_visit(now: String) -> Self {
        let scenario = PRESETS.first().map_or("", |p| p.text).to_owned();
        Self::new(Mode::Scenario, scenario, EXAMPLES[0].text.to_owned(), now)
    }

    fn with_scenario(&self, text: String) -> Self {
        Self {
            scenario: ScenarioView::of(&text, &self.inputs()),
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
            Action::ManagedPolicyLoaded(arn, document) => {
                let mut managed = (*self.managed).clone();
                match document {
                    Some(document) => {
                        managed.documents.insert(arn, document);
                    }
                    None => {
                        managed.missing.insert(arn);
                    }
                }
                Self {
                    managed: Rc::new(managed),
                    ..(*self).clone()
                }
                .resimulated()
            }
            Action::ToggleAccess => Self {
                show_access: !self.show_access,
                ..(*self).clone()
            }
            .resimulated(),
            Action::SetBaseline => Self {
                baseline: Some(self.scenario_text.clone()),
                ..(*self).clone()
            }
            .resimulated(),
            Action::ClearBaseline => Self {
                baseline: None,
                ..(*self).clone()
            }
            .resimulated(),
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
