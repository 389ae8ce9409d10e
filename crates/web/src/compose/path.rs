//! A place in the scenario document, written as the engine writes JSON paths
//! (`$.account.roles[0].name`, `$.account.roles[0].inlinePolicies.S3Write`).

use serde_json::{Map, Value};
use std::fmt;

/// One step down the document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// An object's member.
    Key(String),
    /// An array's item.
    Index(usize),
}

/// A place in the document, from its root.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Path(pub Vec<Step>);

/// Fields the structured view removes when they are cleared, rather than keeping `""`.
const OPTIONAL: [&str; 9] = [
    "description",
    "path",
    "vpcId",
    "privateIp",
    "region",
    "resource",
    "permissionsBoundary",
    "principal",
    "account",
];

impl Path {
    /// The document's root.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path and a member.
    pub fn key(&self, key: &str) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_owned()));
        Self(steps)
    }

    /// This path and an item.
    pub fn index(&self, index: usize) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        Self(steps)
    }

    /// The parent path and the last step.
    pub fn split_last(&self) -> (Path, Option<&Step>) {
        match self.0.split_last() {
            Some((last, parent)) => (Path(parent.to_vec()), Some(last)),
            None => (Path::root(), None),
        }
    }

    /// Whether this names a field the structured view may leave out.
    pub fn is_optional_field(&self) -> bool {
        matches!(self.0.last(), Some(Step::Key(key)) if OPTIONAL.contains(&key.as_str()))
    }

    /// The value here, if there is one.
    pub fn get<'v>(&self, document: &'v Value) -> Option<&'v Value> {
        self.0.iter().try_fold(document, |value, step| match step {
            Step::Key(key) => value.get(key),
            Step::Index(index) => value.get(index),
        })
    }

    /// The value here, to change, if there is one.
    pub fn get_mut<'v>(&self, document: &'v mut Value) -> Option<&'v mut Value> {
        self.0.iter().try_fold(document, |value, step| match step {
            Step::Key(key) => value.get_mut(key),
            Step::Index(index) => value.get_mut(index),
        })
    }

    /// The value here, creating the members on the way (as objects) and this one (as `null`);
    /// an item past the end of an array is not created.
    pub fn make<'v>(&self, document: &'v mut Value) -> Result<&'v mut Value, String> {
        let mut value = document;
        for step in &self.0 {
            value = match step {
                Step::Key(key) => {
                    if value.is_null() {
                        *value = Value::Object(Map::new());
                    }
                    match value {
                        Value::Object(members) => members.entry(key.clone()).or_insert(Value::Null),
                        _ => return Err(format!("{self}: `{key}` is not in an object")),
                    }
                }
                Step::Index(index) => match value {
                    Value::Array(items) => items
                        .get_mut(*index)
                        .ok_or_else(|| format!("{self}: there is no item {index}"))?,
                    _ => return Err(format!("{self}: item {index} is not in a list")),
                },
            };
        }
        Ok(value)
    }

    /// Removes the member or item here; a path that leads nowhere is left as it is.
    pub fn remove(&self, document: &mut Value) -> Result<(), String> {
        let (parent, last) = self.split_last();
        match (parent.get_mut(document), last) {
            (Some(Value::Object(members)), Some(Step::Key(key))) => {
                members.shift_remove(key);
            }
            (Some(Value::Array(items)), Some(Step::Index(index))) if *index < items.len() => {
                items.remove(*index);
            }
            (None, _) => {}
            _ => return Err(format!("{self} cannot be removed")),
        }
        Ok(())
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for step in &self.0 {
            match step {
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}
