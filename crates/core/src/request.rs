//! A request to evaluate: who calls, which action, on which resource, with which context keys.

use std::collections::HashMap;

/// The type of a context key's value, in the AWS CLI's vocabulary (`ContextKeyType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContextKeyType {
    /// `string` / `stringList`
    String,
    /// `numeric` / `numericList`
    Numeric,
    /// `boolean` / `booleanList`
    Boolean,
    /// `date` / `dateList`
    Date,
    /// `ip` / `ipList`
    Ip,
    /// `binary` / `binaryList`
    Binary,
}

impl ContextKeyType {
    /// Parse the AWS CLI's `ContextKeyType` (`string`, `stringList`, …); also says whether it is
    /// a list type.
    pub fn parse(text: &str) -> Option<(Self, bool)> {
        let (base, list) = match text.strip_suffix("List") {
            Some(base) => (base, true),
            None => (text, false),
        };
        let kind = match base {
            "string" => Self::String,
            "numeric" => Self::Numeric,
            "boolean" => Self::Boolean,
            "date" => Self::Date,
            "ip" => Self::Ip,
            "binary" => Self::Binary,
            _ => return None,
        };
        Some((kind, list))
    }
}

/// The value(s) of one context key in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextValue {
    /// The values, as text.
    pub values: Vec<String>,
    /// Whether the key is multivalued (a list type), even with one value.
    pub multivalued: bool,
    /// The declared type.
    pub kind: ContextKeyType,
}

impl ContextValue {
    /// A single string value.
    pub fn string(value: impl Into<String>) -> Self {
        Self {
            values: vec![value.into()],
            multivalued: false,
            kind: ContextKeyType::String,
        }
    }

    /// A multivalued string key.
    pub fn strings<I, S>(values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            values: values.into_iter().map(Into::into).collect(),
            multivalued: true,
            kind: ContextKeyType::String,
        }
    }

    /// A single value of a given type.
    pub fn typed(kind: ContextKeyType, value: impl Into<String>) -> Self {
        Self {
            values: vec![value.into()],
            multivalued: false,
            kind,
        }
    }
}

/// The request context: condition keys and their values. Key names are case-insensitive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Lowercased key → (key as given, value).
    entries: HashMap<String, (String, ContextValue)>,
}

impl Context {
    /// Set a key (replacing any earlier value of the same key, whatever its case).
    pub fn insert(&mut self, key: &str, value: ContextValue) {
        self.entries
            .insert(key.to_ascii_lowercase(), (key.to_owned(), value));
    }

    /// Remove a key.
    pub fn remove(&mut self, key: &str) -> Option<ContextValue> {
        self.entries
            .remove(&key.to_ascii_lowercase())
            .map(|(_, v)| v)
    }

    /// The value of a key, by its lowercased name.
    pub fn get_lower(&self, lower_key: &str) -> Option<&ContextValue> {
        self.entries.get(lower_key).map(|(_, v)| v)
    }

    /// The value of a key, by any case of its name.
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.get_lower(&key.to_ascii_lowercase())
    }

    /// The one value of a single-valued key given by its lowercased name, for policy variables.
    pub fn single_value(&self, lower_key: &str) -> Option<&str> {
        let value = self.get_lower(lower_key)?;
        match value.values.as_slice() {
            [one] if !value.multivalued => Some(one),
            _ => None,
        }
    }

    /// Every key as given, with its value, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        let mut entries: Vec<_> = self
            .entries
            .values()
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
        entries.into_iter()
    }
}

/// One request: who makes it, the action, the resource, and the context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The calling principal's ARN (a role session, user, role, account root, or a service
    /// principal name such as `ec2.amazonaws.com`).
    pub principal: String,
    /// The action, e.g. `s3:PutObject`.
    pub action: String,
    /// The resource ARN, or `*` for actions without resource-level permissions.
    pub resource: String,
    /// Condition keys and values.
    pub context: Context,
}

impl Request {
    /// A request with an empty context.
    pub fn new(
        principal: impl Into<String>,
        action: impl Into<String>,
        resource: impl Into<String>,
    ) -> Self {
        Self {
            principal: principal.into(),
            action: action.into(),
            resource: resource.into(),
            context: Context::default(),
        }
    }

    /// The same request with a context key set.
    #[must_use]
    pub fn with(mut self, key: &str, value: ContextValue) -> Self {
        self.context.insert(key, value);
        self
    }
}
