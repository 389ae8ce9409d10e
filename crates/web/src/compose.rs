//! Editing a scenario without writing JSON: the structured view's edits are applied to the
//! scenario document as a JSON tree (keys stay in the order they were written, fields the view
//! does not know stay untouched), and the document is written out again. The document is the one
//! state; the structured view is a second way to change it.

mod outline;
mod path;
pub mod templates;

pub use outline::{
    EndpointOutline, Finding, InstanceOutline, LaunchOutline, LevelOutline, ManagedOutline,
    Outline, PolicyOutline, ProfileOutline, RequestOutline, ResourcePolicyOutline, RoleOutline,
};
pub use path::{Path, Step};

use serde_json::{Map, Value};

/// One change made in the structured view.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Set the value at a path, creating the objects on the way.
    Set(Path, Value),
    /// Set a text field; an empty text removes an optional field.
    Text(Path, String),
    /// Remove the member or the array item at a path.
    Remove(Path),
    /// Append to the array at a path (created when missing).
    Push(Path, Value),
    /// Move an array's item from one index to another.
    Move(Path, usize, usize),
    /// Rename the member at a path, keeping its place and value.
    Rename(Path, String),
    /// A policy editor's text: kept as a JSON object when it is exactly how the document would
    /// write that object, else as a JSON string, so any text, valid or not, is kept as typed.
    Policy(Path, String),
    /// Several edits made as one (renaming a profile renames the instance's reference too).
    Batch(Vec<Edit>),
}

/// Reading a document as JSON failed: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// The document as a JSON tree, or where it stops being JSON.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    serde_json::from_str(text).map_err(|error| ParseError {
        message: error.to_string(),
        line: error.line(),
        column: error.column(),
    })
}

/// The document written out: two spaces of indent and a final newline.
pub fn write(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}

/// The text a policy editor shows for the policy written at a place in the document: a string's
/// own text, or the object written out.
pub fn policy_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// How a policy editor's text is kept in the document (see [`Edit::Policy`]).
pub fn policy_value(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(value @ Value::Object(_))
            if serde_json::to_string_pretty(&value).is_ok_and(|written| written == text) =>
        {
            value
        }
        _ => Value::String(text.to_owned()),
    }
}

/// A policy editor's text laid out as the document writes JSON, when it is JSON.
pub fn format_policy(text: &str) -> Option<String> {
    let value: Value = serde_json::from_str(text).ok()?;
    serde_json::to_string_pretty(&value).ok()
}

/// Applies an edit to the document; why not, when it cannot be.
pub fn apply(document: &mut Value, edit: Edit) -> Result<(), String> {
    match edit {
        Edit::Set(path, value) => *path.make(document)? = value,
        Edit::Text(path, text) if text.is_empty() && path.is_optional_field() => {
            path.remove(document)?;
        }
        Edit::Text(path, text) => *path.make(document)? = Value::String(text),
        Edit::Policy(path, text) => *path.make(document)? = policy_value(&text),
        Edit::Remove(path) => path.remove(document)?,
        Edit::Push(path, value) => {
            let slot = path.make(document)?;
            if slot.is_null() {
                *slot = Value::Array(Vec::new());
            }
            match slot {
                Value::Array(items) => items.push(value),
                _ => return Err(format!("{path} is not a list")),
            }
        }
        Edit::Move(path, from, to) => match path.make(document)? {
            Value::Array(items) if from < items.len() && to < items.len() => {
                let item = items.remove(from);
                items.insert(to, item);
            }
            _ => return Err(format!("{path} has no item {from} to move to {to}")),
        },
        Edit::Rename(path, name) => rename(document, &path, name)?,
        Edit::Batch(edits) => {
            for edit in edits {
                apply(document, edit)?;
            }
        }
    }
    Ok(())
}

/// Renames a member in place; a name already taken is refused, so nothing is overwritten.
fn rename(document: &mut Value, path: &Path, name: String) -> Result<(), String> {
    let (parent, Some(Step::Key(old))) = path.split_last() else {
        return Err(format!("{path} is not a named member"));
    };
    let Some(Value::Object(members)) = parent.get_mut(document) else {
        return Err(format!("{parent} is not an object"));
    };
    if *old == name {
        return Ok(());
    }
    if members.contains_key(&name) {
        return Err(format!("`{name}` is already used here"));
    }
    let renamed: Map<String, Value> = std::mem::take(members)
        .into_iter()
        .map(|(key, value)| {
            if key == *old {
                (name.clone(), value)
            } else {
                (key, value)
            }
        })
        .collect();
    *members = renamed;
    Ok(())
}

#[cfg(test)]
mod tests;
