//! The playground's state as a pure reducer: every change to what the page shows goes through
//! [`State::reduce`], which is tested natively without a browser.

mod access_view;
mod composer;
mod half;
mod import_view;
mod policy_view;
mod scenario_view;

pub use access_view::{AccessView, ReviewView, ServiceView};
pub use composer::{Composer, EditSource, History, Pane};
pub use half::{Half, HalfAction, Inputs, Shared, View};
pub use import_view::{
    ANSWERS_LISTED, Answer, ImportAction, ImportView, Imported, ImportedProfile, LISTED, Progress,
    WhoCan, problem_line,
};
pub use policy_view::{PolicyView, ProblemView, StatementView, utf16_offset};
pub use scenario_view::{
    LinkView, Managed, PlaceView, RequestView, ScenarioView, SessionKeyView, StepView,
};

use crate::compose::Edit;
use iamplay_core::PolicyType;
use iamplay_core::presets::{ELASTIC_BEANSTALK, NEW_SCENARIO};
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

/// Which part of the playground is shown; also names the half an action is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// An instance profile scenario: launch, trust, session, requests.
    Scenario,
    /// One policy document read and checked.
    Policy,
}

impl Mode {
    /// Every part, in the order the page offers them.
    pub const ALL: [Mode; 2] = [Mode::Scenario, Mode::Policy];

    /// The word the page saves the part as: `scenario` or `policy`.
    pub fn id(self) -> &'static str {
        match self {
            Mode::Scenario => "scenario",
            Mode::Policy => "policy",
        }
    }
}

/// The scenario half: a scenario document and its simulation.
pub type ScenarioHalf = Half<ScenarioView>;
/// The policy reader's half: a policy document, the kind it is read as, and its reading.
pub type PolicyHalf = Half<PolicyView>;

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The part shown.
    pub mode: Mode,
    /// The scenario and what the engine made of it.
    pub scenario: ScenarioHalf,
    /// The scenario as the structured view shows it.
    pub composer: Composer,
    /// The scenario's earlier and undone texts.
    pub history: History,
    /// The request whose chain is shown, by position.
    pub selected: Option<usize>,
    /// The statement last asked to be revealed in its editor: `(policy path, statement index,
    /// how many were asked so far)`, so asking again reveals it again.
    pub reveal: Option<(String, usize, u32)>,
    /// The policy and what the engine made of it.
    pub policy: PolicyHalf,
    /// The time requests are simulated at when a scenario does not fix it (ISO 8601).
    pub now: String,
    /// A problem with the page itself (e.g. storage), shown above the editor.
    pub notice: Option<String>,
    /// Whether this browser's storage failed, so what is typed is no longer saved.
    pub storage_failed: bool,
    /// When a shared scenario is shown: the link it came from, and the user's own scenario,
    /// kept to go back to.
    pub shared: Option<(String, Option<String>)>,
    /// AWS managed policies fetched from the site.
    pub managed: Rc<Managed>,
    /// AWS managed policies' names and ARNs, once the site's index has arrived.
    pub managed_index: Option<Rc<Vec<(String, String)>>>,
}

/// What the user (or the page, as things arrive) can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Show a part of the playground.
    SetMode(Mode),
    /// Something done to one half, the same way for either.
    Half(Mode, HalfAction),
    /// Replace the scenario with a preset's document (the first is in the page; the others are
    /// fetched from the site when chosen).
    LoadPreset(String),
    /// Replace the policy with one of [`EXAMPLES`].
    LoadExample(usize),
    /// Read the policy as this kind (`None`: infer it).
    SetPolicyKind(Option<PolicyType>),
    /// An AWS managed policy's document was opened in the policy reader.
    OpenManagedPolicy(String),
    /// An AWS managed policy's document arrived from the site (`None`: it has no file).
    ManagedPolicyLoaded(String, Option<String>),
    /// The site's index of AWS managed policies arrived: `(name, ARN)`.
    ManagedIndexLoaded(Vec<(String, String)>),
    /// Browser storage failed; what is typed is not being kept.
    StorageFailed(String),
    /// A change made in the structured view.
    Compose(Edit),
    /// Show the structured view or the document.
    SetPane(Pane),
    /// Go back to the scenario's text before the last change.
    Undo,
    /// Go forward again to the text undone last.
    Redo,
    /// Start again from [`NEW_SCENARIO`].
    NewScenario,
    /// A scenario document opened from a file.
    OpenScenario(String),
    /// Show the chain of this request (`None`: of none).
    SelectRequest(Option<usize>),
    /// Show a statement in its policy's editor: `(policy path, statement index)`.
    Reveal(String, usize),
    /// Say something about the page itself (a file that could not be read).
    Notice(String),
    /// Dismiss the notice.
    DismissNotice,
    /// AWS's catalogue arrived from the site (`false`: it could not be loaded).
    CatalogLoaded(bool),
    /// Leave the shared scenario for the user's own.
    BackToOwn,
    /// Make the shared scenario the user's own, in place of their earlier one.
    KeepShared,
}

impl State {
    /// The state for a scenario text and a policy text at a time.
    pub fn new(mode: Mode, scenario: String, policy: String, now: String) -> Self {
        let managed = Rc::new(Managed::default());
        let shared = Shared {
            now: &now,
            managed: &managed,
        };
        let (scenario, policy) = (Half::new(scenario, shared), Half::new(policy, shared));
        Self {
            mode,
            composer: Composer::of(&scenario.text),
            history: History::default(),
            selected: None,
            reveal: None,
            scenario,
            policy,
            now,
            notice: None,
            storage_failed: false,
            shared: None,
            managed,
            managed_index: None,
        }
    }

    /// The first visit: the first preset and the first example.
    pub fn first_visit(now: String) -> Self {
        Self::restored(Mode::Scenario, None, None, now)
    }

    /// A page opened again on the texts shared or saved before; the first preset and the first
    /// example stand in for those there are none of.
    pub fn restored(
        mode: Mode,
        scenario: Option<String>,
        policy: Option<String>,
        now: String,
    ) -> Self {
        let scenario = scenario.unwrap_or_else(|| ELASTIC_BEANSTALK.text.to_owned());
        let policy = policy.unwrap_or_else(|| EXAMPLES[0].text.to_owned());
        Self::new(mode, scenario, policy, now)
    }

    /// Says that this browser is not keeping what is typed, and why.
    pub fn saving_failed(&mut self, reason: &str) {
        self.storage_failed = true;
        self.notice = Some(format!(
            "your text is not being saved in this browser ({reason}); copy it before closing the page"
        ));
    }

    /// Changes the scenario's text, recording the change for undo; whether it changed.
    fn change_scenario(&mut self, text: String, source: EditSource) -> bool {
        if text == self.scenario.text {
            return false;
        }
        self.history.record(&self.scenario.text, source);
        self.replace_scenario(text);
        true
    }

    /// Sets the scenario's text and follows it in both views.
    fn replace_scenario(&mut self, text: String) {
        let shared = Shared {
            now: &self.now,
            managed: &self.managed,
        };
        self.scenario.reduce(HalfAction::Edit(text), shared);
        self.composer.read(&self.scenario.text);
        self.composer.refused = None;
        if self.selected.is_some_and(|i| {
            i >= self
                .scenario
                .view
                .requests
                .len()
                .max(self.composer.outline.requests.len())
        }) {
            self.selected = None;
        }
    }

    /// Applies a structured edit; when it cannot be made, says why and changes nothing else.
    fn compose(&mut self, edit: Edit) -> bool {
        // Typing in a field (and whatever follows it, like a renamed profile's reference) is
        // grouped by the field typed in.
        let typed = match &edit {
            Edit::Batch(edits) => edits.first(),
            edit => Some(edit),
        };
        let source = match typed {
            Some(Edit::Text(path, _) | Edit::Policy(path, _)) => {
                EditSource::Field(path.to_string())
            }
            _ => EditSource::Once,
        };
        match self.composer.edited(&self.scenario.text, edit) {
            Ok(text) => self.change_scenario(text, source),
            Err(reason) => {
                self.composer.refused = Some(reason);
                true
            }
        }
    }

    /// Applies an action; whether it changed anything.
    fn apply(&mut self, action: Action) -> bool {
        let shared = Shared {
            now: &self.now,
            managed: &self.managed,
        };
        match action {
            Action::SetMode(mode) => std::mem::replace(&mut self.mode, mode) != mode,
            Action::Half(Mode::Scenario, HalfAction::Edit(text)) => {
                self.change_scenario(text, EditSource::Document)
            }
            Action::Half(Mode::Scenario, action) => self.scenario.reduce(action, shared),
            Action::Half(Mode::Policy, action) => self.policy.reduce(action, shared),
            Action::LoadPreset(text) => self.change_scenario(text, EditSource::Once),
            Action::NewScenario => self.change_scenario(NEW_SCENARIO.to_owned(), EditSource::Once),
            Action::OpenScenario(text) => self.change_scenario(text, EditSource::Once),
            Action::Compose(edit) => self.compose(edit),
            Action::SetPane(pane) => std::mem::replace(&mut self.composer.pane, pane) != pane,
            Action::Undo => match self.history.undo(&self.scenario.text) {
                Some(text) => {
                    self.replace_scenario(text);
                    true
                }
                None => false,
            },
            Action::Redo => match self.history.redo(&self.scenario.text) {
                Some(text) => {
                    self.replace_scenario(text);
                    true
                }
                None => false,
            },
            Action::SelectRequest(index) => std::mem::replace(&mut self.selected, index) != index,
            Action::DismissNotice => self.notice.take().is_some(),
            Action::CatalogLoaded(true) => {
                // Everything the catalogue checks is read again.
                self.scenario.read(shared);
                self.policy.read(shared);
                self.composer.read(&self.scenario.text);
                true
            }
            Action::CatalogLoaded(false) => {
                self.notice = Some(
                    "AWS's catalogue of actions could not be loaded from this site: the checks that need it are off"
                        .to_owned(),
                );
                true
            }
            Action::BackToOwn => match self.shared.take() {
                Some((_, own)) => {
                    let own = own.unwrap_or_else(|| ELASTIC_BEANSTALK.text.to_owned());
                    self.change_scenario(own, EditSource::Once);
                    true
                }
                None => false,
            },
            Action::KeepShared => self.shared.take().is_some(),
            Action::Notice(notice) => {
                self.notice = Some(notice);
                true
            }
            Action::Reveal(path, index) => {
                let count = self.reveal.as_ref().map_or(0, |(_, _, n)| n + 1);
                self.reveal = Some((path, index, count));
                self.composer.pane = Pane::Structured;
                true
            }
            Action::LoadExample(index) => EXAMPLES.get(index).is_some_and(|example| {
                let edit = HalfAction::Edit(example.text.to_owned());
                self.policy.reduce(edit, shared)
            }),
            Action::SetPolicyKind(kind) => self.policy.read_as(kind, shared),
            Action::OpenManagedPolicy(document) => {
                self.policy
                    .open(document, Some(PolicyType::Identity), shared);
                true
            }
            Action::ManagedPolicyLoaded(arn, document) => {
                let managed = Rc::make_mut(&mut self.managed);
                match document {
                    Some(document) => {
                        managed.documents.insert(arn, document);
                    }
                    None => {
                        managed.missing.insert(arn);
                    }
                }
                // The scenario is what waits for them.
                let shared = Shared {
                    now: &self.now,
                    managed: &self.managed,
                };
                self.scenario.read(shared);
                true
            }
            Action::ManagedIndexLoaded(index) => {
                self.managed_index = Some(Rc::new(index));
                true
            }
            Action::StorageFailed(reason) => {
                self.saving_failed(&reason);
                true
            }
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        if next.apply(action) {
            Rc::new(next)
        } else {
            self
        }
    }
}

#[cfg(test)]
mod compose_tests;
#[cfg(test)]
mod import_tests;
#[cfg(test)]
mod tests;
