//! Autocomplete in a policy editor: where the caret is in the policy's JSON decides what is
//! offered — actions from AWS's catalogue in `Action`/`NotAction`, ARN templates of the
//! statement's actions' resource types in `Resource`/`NotResource`, and the condition keys valid
//! for the statement's actions, with their types, as a key under a condition operator. It works
//! on any text, finished JSON or not.

use crate::highlight::{Token, tokens};
use iamplay_core::catalog::{Catalog, catalog};

/// Most suggestions offered at once.
pub const LIMIT: usize = 12;

/// What can be written at the caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// What is offered: e.g. `actions`, `resources`, `condition keys`.
    pub what: &'static str,
    /// The byte range of the string's content the chosen suggestion replaces.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// The suggestions: the text and what it is (an access level, a resource type, a key's type).
    pub items: Vec<(String, String)>,
}

impl Completion {
    /// The text with suggestion `item` written in, and the caret after it.
    pub fn apply(&self, text: &str, item: &str) -> (String, usize) {
        let before = text.get(..self.start).unwrap_or_default();
        let after = text.get(self.end..).unwrap_or_default();
        let closed = if after.starts_with('"') { "" } else { "\"" };
        (
            format!("{before}{item}{closed}{after}"),
            self.start + item.len(),
        )
    }
}

/// An object of the policy: where it starts and ends, and the key it is the value of (for an
/// object in an array, the array's key).
struct Object {
    start: usize,
    end: usize,
    key: Option<String>,
}

/// The string at the caret: is it a key, its content's range, and its key (for a value) or the
/// keys of its container and of the container's container (for a key).
#[derive(Clone)]
struct At {
    is_key: bool,
    start: usize,
    end: usize,
    key: Option<String>,
    parent: Option<String>,
}

/// The policy's objects, its string values with their keys, and what the caret is in.
#[derive(Default)]
struct Walk {
    objects: Vec<Object>,
    values: Vec<(usize, String, String)>,
    /// The string at the caret.
    at: Option<At>,
    /// The keys written under condition operators.
    condition_keys: Vec<String>,
}

fn unquote(text: &str, start: usize, end: usize) -> (usize, usize) {
    let inner_start = start + 1;
    let closed = end > inner_start && text.as_bytes().get(end - 1) == Some(&b'"');
    (inner_start, if closed { end - 1 } else { end })
}

fn walk(text: &str, caret: usize) -> Walk {
    let mut out = Walk::default();
    // Open containers: `{` or `[`, the key they are the value of, and (for objects) an index
    // into `out.objects`.
    let mut stack: Vec<(u8, Option<String>, Option<usize>)> = Vec::new();
    let mut pending: Option<String> = None;
    for (token, start, end) in tokens(text) {
        let piece = text.get(start..end).unwrap_or_default();
        match token {
            Token::Key | Token::Str => {
                // A string where an object's key goes is a key, even before its `:` is typed.
                let in_object = matches!(stack.last(), Some((b'{', _, _)));
                let token = if token == Token::Str && pending.is_none() && in_object {
                    Token::Key
                } else {
                    token
                };
                let (a, b) = unquote(text, start, end);
                let content = text.get(a..b).unwrap_or_default().to_owned();
                if caret > start && caret <= b {
                    let key_of =
                        |depth: usize| stack.iter().rev().nth(depth).and_then(|s| s.1.clone());
                    out.at = Some(match token {
                        Token::Key => At {
                            is_key: true,
                            start: a,
                            end: b,
                            key: key_of(0),
                            parent: key_of(1),
                        },
                        _ => At {
                            is_key: false,
                            start: a,
                            end: b,
                            key: pending.clone().or_else(|| match stack.last() {
                                Some((b'[', key, _)) => key.clone(),
                                _ => None,
                            }),
                            parent: None,
                        },
                    });
                }
                if token == Token::Key {
                    let parent = stack.iter().rev().nth(1).and_then(|s| s.1.as_deref());
                    if parent == Some("Condition") && !out.condition_keys.contains(&content) {
                        out.condition_keys.push(content.clone());
                    }
                    pending = Some(content);
                } else {
                    let key = pending.take().or_else(|| match stack.last() {
                        Some((b'[', key, _)) => key.clone(),
                        _ => None,
                    });
                    out.values.push((start, key.unwrap_or_default(), content));
                }
            }
            Token::Punct if piece == "{" || piece == "[" => {
                let key = pending.take().or_else(|| match stack.last() {
                    Some((b'[', key, _)) => key.clone(),
                    _ => None,
                });
                let object = (piece == "{").then(|| {
                    out.objects.push(Object {
                        start,
                        end: text.len(),
                        key: key.clone(),
                    });
                    out.objects.len() - 1
                });
                stack.push((
                    piece.as_bytes().first().copied().unwrap_or(b'{'),
                    key,
                    object,
                ));
            }
            Token::Punct if piece == "}" || piece == "]" => {
                if let Some((_, _, Some(index))) = stack.pop() {
                    if let Some(object) = out.objects.get_mut(index) {
                        object.end = end;
                    }
                }
                pending = None;
            }
            _ => {}
        }
    }
    out
}

/// The actions written in the statement around the caret.
fn statement_actions(walk: &Walk, caret: usize) -> Vec<String> {
    let statement = walk
        .objects
        .iter()
        .rfind(|o| o.key.as_deref() == Some("Statement") && o.start < caret && caret <= o.end);
    let (start, end) = statement.map_or((0, usize::MAX), |o| (o.start, o.end));
    walk.values
        .iter()
        .filter(|(at, key, _)| *at > start && *at < end && (key == "Action" || key == "NotAction"))
        .map(|(_, _, value)| value.clone())
        .collect()
}

fn matches(candidate: &str, typed: &str) -> bool {
    candidate
        .to_ascii_lowercase()
        .starts_with(&typed.to_ascii_lowercase())
}

fn actions(catalog: &Catalog, typed: &str) -> Vec<(String, String)> {
    crate::suggest::actions(typed)
        .into_iter()
        .take(LIMIT)
        .map(|a| {
            let level = catalog
                .action(&a)
                .map(|(_, action)| action.access.as_str().to_owned())
                .unwrap_or_default();
            (a, level)
        })
        .collect()
}

fn resources(catalog: &Catalog, statement: &[String], typed: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for written in statement {
        for (service, action) in catalog.expand(written).into_iter().take(200) {
            for (name, _) in action.resource_types() {
                let Some(kind) = service.resource_types.iter().find(|r| r.name == name) else {
                    continue;
                };
                let arn = kind.arn.replace("${Partition}", "aws");
                if matches(&arn, typed) && !out.iter().any(|(a, _)| *a == arn) {
                    out.push((arn, format!("{} {name}", service.prefix)));
                }
            }
        }
    }
    if matches("*", typed) {
        out.push(("*".to_owned(), "every resource".to_owned()));
    }
    out.truncate(LIMIT);
    out
}

fn condition_keys(catalog: &Catalog, statement: &[String], typed: &str) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut add = |key: &str, kind: &str| {
        if matches(key, typed) && !keys.iter().any(|(k, _)| k == key) {
            keys.push((key.to_owned(), kind.to_owned()));
        }
    };
    for written in statement {
        for (service, action) in catalog.expand(written).into_iter().take(200) {
            let type_of = |key: &str| {
                service
                    .condition_keys
                    .iter()
                    .chain(&catalog.global_keys)
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map_or("", |(_, t)| *t)
            };
            for key in action.condition_keys() {
                add(key, type_of(key));
            }
            for (name, _) in action.resource_types() {
                if let Some(kind) = service.resource_types.iter().find(|r| r.name == name) {
                    for key in kind.condition_keys.split(',').filter(|k| !k.is_empty()) {
                        add(key, type_of(key));
                    }
                }
            }
        }
    }
    for (key, kind) in &catalog.global_keys {
        add(key, kind);
    }
    keys.truncate(LIMIT);
    keys
}

/// The condition keys some policies use, each once, with its type from AWS's catalogue (empty
/// when the catalogue does not know it).
pub fn keys_used<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
    let catalog = catalog();
    let mut keys: Vec<(String, String)> = Vec::new();
    for text in texts {
        for key in walk(text, usize::MAX).condition_keys {
            if keys.iter().any(|(k, _)| k.eq_ignore_ascii_case(&key)) {
                continue;
            }
            let service = key.split(':').next().unwrap_or_default();
            let kind = catalog
                .global_keys
                .iter()
                .chain(
                    catalog
                        .service(service)
                        .map_or(&[][..], |s| s.condition_keys.as_slice()),
                )
                .find(|(k, _)| k.eq_ignore_ascii_case(&key))
                .map_or("", |(_, t)| *t);
            keys.push((key, kind.to_owned()));
        }
    }
    keys
}

/// What can be written at byte offset `caret` of a policy's text, if anything.
pub fn at(text: &str, caret: usize) -> Option<Completion> {
    let walk = walk(text, caret);
    let At {
        is_key,
        start,
        end,
        key,
        parent,
    } = walk.at.clone()?;
    let typed = text.get(start..caret.min(end))?;
    let catalog = catalog();
    let (what, items) = match (is_key, key.as_deref(), parent.as_deref()) {
        (false, Some("Action" | "NotAction"), _) => ("actions", actions(catalog, typed)),
        (false, Some("Resource" | "NotResource"), _) => (
            "resources",
            resources(catalog, &statement_actions(&walk, caret), typed),
        ),
        (true, Some(_), Some("Condition")) => (
            "condition keys",
            condition_keys(catalog, &statement_actions(&walk, caret), typed),
        ),
        _ => return None,
    };
    // Nothing to offer, or only what is already written.
    if items.is_empty() || (items.len() == 1 && items.first().is_some_and(|(i, _)| i == typed)) {
        return None;
    }
    Some(Completion {
        what,
        start,
        end,
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caret_at(text: &str, marker: &str) -> (String, usize) {
        let at = text.find(marker).unwrap();
        (text.replacen(marker, "", 1), at)
    }

    #[test]
    fn actions_are_offered_in_action_and_not_elsewhere() {
        let (text, caret) = caret_at(
            r#"{"Statement": [{"Effect": "Allow", "Action": ["s3:PutObj|"]}]}"#,
            "|",
        );
        let completion = at(&text, caret).unwrap();
        assert_eq!(completion.what, "actions");
        assert_eq!(
            completion.items[0],
            ("s3:PutObject".to_owned(), "Write".to_owned())
        );
        let (written, caret) = completion.apply(&text, "s3:PutObject");
        assert!(written.contains(r#"["s3:PutObject"]"#), "{written}");
        assert_eq!(written.get(caret..caret + 1), Some("\""));
        let (text, caret) = caret_at(r#"{"Statement": {"Effect": "Al|"}}"#, "|");
        assert_eq!(at(&text, caret), None);
    }

    #[test]
    fn an_unfinished_string_is_completed_and_closed() {
        let (text, caret) = caret_at("{\"Statement\": {\"Action\": \"sqs:SendM|\n}", "|");
        let completion = at(&text, caret).unwrap();
        let (written, _) = completion.apply(&text, "sqs:SendMessage");
        assert!(written.contains("\"sqs:SendMessage\"\n"), "{written}");
    }

    #[test]
    fn resources_are_the_arn_templates_of_the_statements_actions() {
        let (text, caret) = caret_at(
            r#"{"Statement": [{"Action": "sqs:ReceiveMessage", "Resource": "|"}, {"Action": "s3:GetObject", "Resource": "*"}]}"#,
            "|",
        );
        let completion = at(&text, caret).unwrap();
        assert_eq!(completion.what, "resources");
        assert!(
            completion
                .items
                .iter()
                .any(|(arn, kind)| arn.starts_with("arn:aws:sqs:") && kind == "sqs queue"),
            "{:?}",
            completion.items
        );
        assert!(
            !completion
                .items
                .iter()
                .any(|(arn, _)| arn.starts_with("arn:aws:s3:")),
            "only this statement's actions"
        );
    }

    #[test]
    fn the_condition_keys_policies_use_are_listed_with_their_types() {
        let keys = keys_used([
            r#"{"Statement": {"Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1", "s3:x-amz-acl": "private"}}}}"#,
            r#"{"Statement": [{"Condition": {"NumericLessThan": {"ec2:RoleDelivery": "2.0"}, "Bool": {"aws:sourcevpc": "x"}}}]}"#,
        ]);
        assert_eq!(
            keys,
            [
                ("aws:SourceVpc".to_owned(), "String".to_owned()),
                ("s3:x-amz-acl".to_owned(), "String".to_owned()),
                ("ec2:RoleDelivery".to_owned(), "Numeric".to_owned()),
            ]
        );
    }

    #[test]
    fn condition_keys_are_those_of_the_statements_actions_with_their_types() {
        let (text, caret) = caret_at(
            r#"{"Statement": {"Action": "s3:PutObject", "Resource": "*", "Condition": {"StringEquals": {"s3:x-amz-a|": "private"}}}}"#,
            "|",
        );
        let completion = at(&text, caret).unwrap();
        assert_eq!(completion.what, "condition keys");
        assert!(
            completion
                .items
                .contains(&("s3:x-amz-acl".to_owned(), "String".to_owned())),
            "{:?}",
            completion.items
        );
        let (text, caret) = caret_at(
            r#"{"Statement": {"Action": "s3:PutObject", "Condition": {"Bool": {"aws:Secure|"}}}}"#,
            "|",
        );
        let keys = at(&text, caret).unwrap().items;
        assert_eq!(
            keys.first().map(|(k, _)| k.as_str()),
            Some("aws:SecureTransport")
        );
    }
}
