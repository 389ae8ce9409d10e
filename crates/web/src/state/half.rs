//! One half of the playground, the scenario or the policy reader: the text as typed, how it is
//! read, what the engine made of it, and the access summary and change review asked of it. Both
//! halves have this one shape and change the same way.

use super::scenario_view::Managed;
use std::fmt::Debug;
use std::rc::Rc;

/// What the engine makes of a half's text: a [`ScenarioView`](super::ScenarioView) or a
/// [`PolicyView`](super::PolicyView).
pub trait View: Debug + PartialEq {
    /// How the text can be read: the policy reader's "Read as" choice (`None`: detected); `()`
    /// for a scenario, which is read one way.
    type Kind: Debug + Copy + PartialEq + Default;

    /// What the engine makes of `text`.
    fn of(text: &str, inputs: &Inputs<'_, Self::Kind>) -> Self;

    /// Keeps the access summary and the change review of an earlier view, while new ones wait
    /// for the user to stop typing.
    fn keep_summaries(&mut self, earlier: &Self);
}

/// What both halves are read with, besides their own text and choices.
#[derive(Debug, Clone, Copy)]
pub struct Shared<'a> {
    /// The time requests are simulated at when a scenario does not fix it (ISO 8601).
    pub now: &'a str,
    /// AWS managed policies fetched so far.
    pub managed: &'a Managed,
}

/// What a half's text is read with.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a, K> {
    /// How to read it.
    pub kind: K,
    /// Whether to summarise what it allows over the whole catalogue.
    pub access: bool,
    /// A baseline text to review the changes against.
    pub baseline: Option<&'a str>,
    /// What both halves are read with.
    pub shared: Shared<'a>,
}

/// One half of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Half<V: View> {
    /// The document, exactly as typed.
    pub text: String,
    /// How it is read.
    pub kind: V::Kind,
    /// What the engine made of it, shared with the page rather than copied on every change.
    pub view: Rc<V>,
    /// The text changes are reviewed against, when set.
    pub baseline: Option<String>,
    /// Whether the access summary is shown.
    pub access: bool,
    /// Whether the access summary and the change review shown are of an earlier text: they are
    /// worked out again once typing pauses ([`HalfAction::Summarise`]), so a keystroke never
    /// waits for a sweep of the whole catalogue.
    pub summaries_stale: bool,
}

/// What the user can do to either half.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HalfAction {
    /// The text changed.
    Edit(String),
    /// Show or hide the access summary.
    ToggleAccess,
    /// Review later changes against the text as it is now.
    SetBaseline,
    /// Stop reviewing changes.
    ClearBaseline,
    /// Work out the access summary and the change review of the text as it is now.
    Summarise,
}

impl<V: View> Half<V> {
    /// A half with `text`, read as detected, nothing asked of it yet.
    pub fn new(text: String, shared: Shared<'_>) -> Self {
        let kind = V::Kind::default();
        let inputs = Inputs {
            kind,
            access: false,
            baseline: None,
            shared,
        };
        Self {
            view: Rc::new(V::of(&text, &inputs)),
            text,
            kind,
            baseline: None,
            access: false,
            summaries_stale: false,
        }
    }

    /// Works the view out again from the text and what it is read with.
    pub fn read(&mut self, shared: Shared<'_>) {
        let inputs = Inputs {
            kind: self.kind,
            access: self.access,
            baseline: self.baseline.as_deref(),
            shared,
        };
        self.view = Rc::new(V::of(&self.text, &inputs));
        self.summaries_stale = false;
    }

    /// Works the view out again for a new text, keeping the earlier summaries until typing
    /// pauses.
    fn read_typed(&mut self, shared: Shared<'_>) {
        if !self.access && self.baseline.is_none() {
            return self.read(shared);
        }
        let inputs = Inputs {
            kind: self.kind,
            access: false,
            baseline: None,
            shared,
        };
        let mut view = V::of(&self.text, &inputs);
        view.keep_summaries(&self.view);
        self.view = Rc::new(view);
        self.summaries_stale = true;
    }

    /// Applies what the user did; whether it changed anything.
    pub fn reduce(&mut self, action: HalfAction, shared: Shared<'_>) -> bool {
        match action {
            HalfAction::Edit(text) if text != self.text => {
                self.text = text;
                self.read_typed(shared);
                return true;
            }
            HalfAction::Summarise if self.summaries_stale => {}
            HalfAction::ToggleAccess => self.access = !self.access,
            HalfAction::SetBaseline if self.baseline.as_ref() != Some(&self.text) => {
                self.baseline = Some(self.text.clone());
            }
            HalfAction::ClearBaseline if self.baseline.is_some() => self.baseline = None,
            HalfAction::Edit(_)
            | HalfAction::SetBaseline
            | HalfAction::ClearBaseline
            | HalfAction::Summarise => {
                return false;
            }
        }
        self.read(shared);
        true
    }

    /// Reads the text as `kind`; whether that changed anything.
    pub fn read_as(&mut self, kind: V::Kind, shared: Shared<'_>) -> bool {
        if kind == self.kind {
            return false;
        }
        self.kind = kind;
        self.read(shared);
        true
    }

    /// Replaces the text and how it is read at once.
    pub fn open(&mut self, text: String, kind: V::Kind, shared: Shared<'_>) {
        self.text = text;
        self.kind = kind;
        self.read(shared);
    }
}
