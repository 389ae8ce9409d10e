//! The playground's state as a pure reducer: every change to what the page shows goes through
//! [`State::reduce`], which is tested natively without a browser.

mod access_view;
mod policy_view;
mod scenario_view;

pub use access_view::{AccessView, ReviewView, ServiceView};
pub use policy_view::{PolicyInputs, PolicyView, ProblemView, StatementView, utf16_offset};
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
    pub policy: PolicyView,
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
    /// The kind of policy the reader reads the policy as; `None`: inferred.
    pub policy_kind: Option<iamplay_core::PolicyType>,
    /// Whether the policy's access summary is shown.
    pub policy_access: bool,
    /// The policy text changes are reviewed against, when set.
    pub policy_baseline: Option<String>,
    /// AWS managed policies' names and ARNs, once the site's index has arrived.
    pub managed_index: Option<Rc<Vec<(String, String)>>>,
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
    /// Show or hide the access summary of the part shown.
    ToggleAccess,
    /// Review changes against the scenario (or policy) as it is now.
    SetBaseline,
    /// Stop reviewing changes.
    ClearBaseline,
    /// Read the policy as this kind (`None`: infer it).
    SetPolicyKind(Option<iamplay_core::PolicyType>),
    /// The site's index of AWS managed policies arrived: `(name, ARN)`.
    ManagedIndexLoaded(Vec<(String, String)>),
    /// An AWS managed policy's document was opened in the policy reader.
    OpenManagedPolicy(String),
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
            policy: PolicyView::of(&policy_text, &PolicyInputs::default()),
            policy_text,
            now,
            notice: None,
            managed,
            show_access: false,
            baseline: None,
            policy_kind: None,
            policy_access: false,
            policy_baseline: None,
            managed_index: None,
        }
    }

    fn policy_inputs(&self) -> PolicyInputs<'_> {
        PolicyInputs {
            kind: self.policy_kind,
            access: self.policy_access,
            baseline: self.policy_baseline.as_deref(),
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

    /// The same state with one part worked out again (after its inputs changed): the scenario
    /// simulated, or the policy read.
    fn refreshed(mut self, part: Mode) -> Self {
        match part {
            Mode::Scenario => self.scenario = ScenarioView::of(&self.scenario_text, &self.inputs()),
            Mode::Policy => self.policy = PolicyView::of(&self.policy_text, &self.policy_inputs()),
        }
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
            policy: PolicyView::of(&text, &self.policy_inputs()),
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
                .refreshed(Mode::Scenario)
            }
            Action::ToggleAccess => {
                let mut next = (*self).clone();
                match self.mode {
                    Mode::Scenario => next.show_access = !self.show_access,
                    Mode::Policy => next.policy_access = !self.policy_access,
                }
                next.refreshed(self.mode)
            }
            Action::SetBaseline | Action::ClearBaseline => {
                let set = action == Action::SetBaseline;
                let mut next = (*self).clone();
                match self.mode {
                    Mode::Scenario => next.baseline = set.then(|| self.scenario_text.clone()),
                    Mode::Policy => next.policy_baseline = set.then(|| self.policy_text.clone()),
                }
                next.refreshed(self.mode)
            }
            Action::SetPolicyKind(kind) if kind != self.policy_kind => Self {
                policy_kind: kind,
                ..(*self).clone()
            }
            .refreshed(Mode::Policy),
            Action::SetPolicyKind(_) => return self,
            Action::ManagedIndexLoaded(index) => Self {
                managed_index: Some(Rc::new(index)),
                ..(*self).clone()
            },
            Action::OpenManagedPolicy(document) => Self {
                policy_kind: Some(iamplay_core::PolicyType::Identity),
                ..self.with_policy(document)
            }
            .refreshed(Mode::Policy),
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
