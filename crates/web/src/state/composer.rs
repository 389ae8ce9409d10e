//! The scenario seen two ways, the structured view and the document, over one text; and the
//! history that undoes and redoes changes made in either.

use crate::compose::{Edit, Outline, ParseError, apply, parse, write};
use std::rc::Rc;

/// How the scenario is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    /// Fields, lists and a policy editor per policy.
    #[default]
    Structured,
    /// The scenario document as JSON.
    Document,
}

/// What the structured view shows: the outline of the last text that was JSON, and why the
/// current text is not, when it is not (the outline then stays as it was, not editable, and the
/// text stays as typed).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Composer {
    /// Which view is shown.
    pub pane: Pane,
    /// The outline of the last text that was JSON.
    pub outline: Rc<Outline>,
    /// Why the current text is not JSON, when it is not.
    pub error: Option<ParseError>,
    /// Why the last structured edit could not be made, if it could not.
    pub refused: Option<String>,
}

impl Composer {
    /// The structured view of `text`.
    pub fn of(text: &str) -> Self {
        let mut composer = Self::default();
        composer.read(text);
        composer
    }

    /// Follows the text: a new outline when it is JSON, the old one and the error when not.
    pub fn read(&mut self, text: &str) {
        match parse(text) {
            Ok(tree) => {
                self.outline = Rc::new(Outline::read(&tree));
                self.error = None;
            }
            Err(error) => self.error = Some(error),
        }
    }

    /// The text after a structured edit, or why there is none (the text is not JSON, or the
    /// edit does not fit the document).
    pub fn edited(&self, text: &str, edit: Edit) -> Result<String, String> {
        if let Some(error) = &self.error {
            return Err(format!(
                "the document is not JSON at line {}, column {}: fix it in the Document view first",
                error.line, error.column
            ));
        }
        let mut tree = parse(text).map_err(|e| e.message)?;
        apply(&mut tree, edit)?;
        Ok(write(&tree))
    }
}

/// Where a change came from: consecutive changes from one place are undone together (typing a
/// word in one field is one step), any other change starts a new step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditSource {
    /// Typing in the document view.
    Document,
    /// Typing in one field or policy editor of the structured view, named by its path.
    Field(String),
    /// A one-off change: a button, a preset, a file.
    Once,
}

/// Most steps kept to undo.
pub const MAX_UNDO: usize = 200;

/// The texts the scenario had, to go back and forth between.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// Earlier texts, the latest last.
    pub past: Vec<String>,
    /// Texts undone, the next to redo last.
    pub future: Vec<String>,
    /// Where the last change came from, to group typing into one step.
    last: Option<EditSource>,
}

impl History {
    /// Records that the text `before` is being changed from `origin`.
    pub fn record(&mut self, before: &str, origin: EditSource) {
        let same = origin != EditSource::Once && self.last.as_ref() == Some(&origin);
        if !same {
            self.past.push(before.to_owned());
            if self.past.len() > MAX_UNDO {
                self.past.remove(0);
            }
        }
        self.future.clear();
        self.last = Some(origin);
    }

    /// The text to go back to from `current`, if any.
    pub fn undo(&mut self, current: &str) -> Option<String> {
        let text = self.past.pop()?;
        self.future.push(current.to_owned());
        self.last = None;
        Some(text)
    }

    /// The text to go forward to from `current`, if any.
    pub fn redo(&mut self, current: &str) -> Option<String> {
        let text = self.future.pop()?;
        self.past.push(current.to_owned());
        self.last = None;
        Some(text)
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}
