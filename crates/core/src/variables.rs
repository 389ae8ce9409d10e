//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}` and the literal
//! escapes `${*}`, `${?}`, `${$}`, resolved against a request's context.
//!
//! Variables are only recognised in policies with `"Version": "2012-10-17"`; in older ones the
//! text is literal. They are allowed in the resource part of a `Resource` ARN and in String and
//! Arn condition values. A variable whose key is absent (and has no default), or whose key is
//! multivalued, has no value: the whole value then resolves to nothing.

use crate::glob::{LITERAL_QUESTION, LITERAL_STAR, unmark};
use crate::request::Context;

/// A value that may contain policy variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Variable {
        /// Key name as written.
        key: String,
        /// Key name, lowercased (condition keys are case-insensitive).
        lower: String,
        default: Option<String>,
    },
}

impl Template {
    /// Parse `text` into literal runs and variables; escapes become literal text.
    pub fn parse(text: &str) -> Template {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            let (before, after) = rest.split_at(start);
            literal.push_str(before);
            let body_and_more = after.get(2..).unwrap_or("");
            let Some(end) = body_and_more.find('}') else {
                // An unclosed `${` is plain text.
                literal.push_str(after);
                rest = "";
                break;
            };
            let body = body_and_more.get(..end).unwrap_or("");
            rest = body_and_more.get(end + 1..).unwrap_or("");
            match body.trim() {
                "*" => literal.push(LITERAL_STAR),
                "?" => literal.push(LITERAL_QUESTION),
                "$" => literal.push('$'),
                body => {
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(variable(body));
                }
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Template { parts }
    }

    /// The text when there is no variable (escapes resolved), or `None`.
    #[cfg(test)]
    pub(crate) fn literal_text(&self) -> Option<String> {
        self.literal_pattern().map(|p| unmark(&p))
    }

    /// Like [`Template::literal_text`], but `${*}` and `${?}` stay as the glob module's
    /// literal markers, for use as a wildcard pattern.
    pub fn literal_pattern(&self) -> Option<String> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => text.push_str(s),
                Part::Variable { .. } => return None,
            }
        }
        Some(text)
    }

    /// Whether the template has at least one variable.
    pub fn has_variables(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Variable { .. }))
    }

    /// The keys of the variables: (as written, lowercased).
    pub fn variable_keys(&self) -> impl Iterator<Item = (&str, &str)> {
        self.parts.iter().filter_map(|p| match p {
            Part::Variable { key, lower, .. } => Some((key.as_str(), lower.as_str())),
            Part::Literal(_) => None,
        })
    }

    /// Substitute the context's values; `None` when a variable has no value and no default.
    pub fn resolve(&self, context: &Context) -> Option<String> {
        self.resolve_pattern(context).map(|p| unmark(&p))
    }

    /// Like [`Template::resolve`], keeping `${*}` and `${?}` as literal markers for patterns.
    /// Substituted values are taken literally too: a `*` in a tag value is not a wildcard.
    pub fn resolve_pattern(&self, context: &Context) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Variable { lower, default, .. } => {
                    match context.single_value(lower).or(default.as_deref()) {
                        Some(value) => out.extend(value.chars().map(|c| match c {
                            '*' => LITERAL_STAR,
                            '?' => LITERAL_QUESTION,
                            c => c,
                        })),
                        None => return None,
                    }
                }
            }
        }
        Some(out)
    }
}

/// `key` or `key, 'default'`.
fn variable(body: &str) -> Part {
    let (key, default) = match body.split_once(',') {
        Some((key, default)) => {
            let default = default.trim();
            let default = default
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
                .unwrap_or(default);
            (key.trim(), Some(default.to_owned()))
        }
        None => (body.trim(), None),
    };
    Part::Variable {
        key: key.to_owned(),
        lower: key.to_ascii_lowercase(),
        default,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::ContextValue;

    fn context() -> Context {
        let mut c = Context::default();
        c.insert("aws:username", ContextValue::string("alice"));
        c.insert("aws:PrincipalTag/team", ContextValue::string("blue"));
        c.insert("aws:TagKeys", ContextValue::strings(["a", "b"]));
        c
    }

    #[test]
    fn resolves_variables_and_defaults() {
        let c = context();
        let t = Template::parse("home/${aws:username}/*");
        assert!(t.has_variables());
        assert_eq!(t.resolve(&c).as_deref(), Some("home/alice/*"));
        let t =
            Template::parse("${aws:PrincipalTag/TEAM}-${aws:PrincipalTag/dept, 'company-wide'}");
        assert_eq!(t.resolve(&c).as_deref(), Some("blue-company-wide"));
        assert_eq!(Template::parse("${aws:userid}").resolve(&c), None);
        // Multivalued keys are not variables.
        assert_eq!(Template::parse("${aws:TagKeys}").resolve(&c), None);
    }

    #[test]
    fn escapes_and_unclosed_text_are_literal() {
        let t = Template::parse("a${*}b${?}c${$}d${ open");
        assert!(!t.has_variables());
        assert_eq!(t.literal_text().as_deref(), Some("a*b?c$d${ open"));
        assert_eq!(Template::parse("").literal_text().as_deref(), Some(""));
    }
}
