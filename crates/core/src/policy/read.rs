//! Reading a policy document: JSON text → [`Policy`], with every problem found and located.

use super::{
    Condition, ConditionEntry, Effect, Policy, Principal, PrincipalElement, PrincipalType,
    Statement, ValueList, Version,
};
use crate::diagnostic::{Diagnostic, did_you_mean, has_errors, thousands};
use crate::json::{self, Json, JsonValue, Limits, Member};
use crate::span::{Span, Spanned};

/// Largest policy text accepted. IAM's own quotas are far smaller
/// ([`INLINE_POLICIES_SIZE`](crate::iam::quotas::INLINE_POLICIES_SIZE) characters for all
/// inline policies of a role); this bound only keeps hostile input cheap.
pub const MAX_POLICY_BYTES: usize = 256 * 1024;

/// Deepest nesting accepted; a valid policy never goes past six levels.
pub const MAX_POLICY_DEPTH: usize = 16;

/// Most statements read from one policy. IAM has no quota on statements, but its size quotas
/// hold far fewer: AWS's 1,594 managed policies have at most 162.
pub const MAX_POLICY_STATEMENTS: usize = 1000;

/// Most values read in one element (`Action`, `Resource`, a principal type, a condition key);
/// AWS's managed policies have at most 1,548.
pub const MAX_VALUES: usize = 5000;

/// Most wildcards (`*` and `?`) in one value.
pub const MAX_WILDCARDS: usize = 128;

const POLICY_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// The outcome of reading a policy: what could be read, and every problem found.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyRead {
    /// The policy, when the text was a JSON object; statements with errors may be missing.
    pub policy: Option<Policy>,
    /// Every problem found, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl PolicyRead {
    /// Whether the document was read without errors, as IAM would accept it.
    pub fn is_valid(&self) -> bool {
        self.policy.is_some() && !has_errors(&self.diagnostics)
    }
}

/// Read a policy document.
pub fn read_policy(text: &str) -> PolicyRead {
    let limits = Limits {
        max_bytes: MAX_POLICY_BYTES,
        max_depth: MAX_POLICY_DEPTH,
    };
    let (json, mut diagnostics) = json::parse(text, limits);
    let policy = json.and_then(|json| {
        PolicyReader {
            diagnostics: &mut diagnostics,
        }
        .policy(&json)
    });
    crate::sort::sort_by_key(&mut diagnostics, |d| (d.span.start, d.span.end));
    PolicyRead {
        policy,
        diagnostics,
    }
}

struct PolicyReader<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl PolicyReader<'_> {
    fn error(&mut self, code: &'static str, message: impl Into<String>, span: Span) {
        self.diagnostics
            .push(Diagnostic::error(code, message, span));
    }

    /// An `over-limit` error at the first item past `limit`, when there is one: the items
    /// after it are not read.
    fn over_limit(&mut self, items: &[Json], limit: usize, what: &str) {
        if let Some(first_over) = items.get(limit) {
            self.diagnostics.push(
                Diagnostic::error(
                    "over-limit",
                    format!(
                        "{} {what}, over the limit of {}; the rest are not read",
                        thousands(items.len()),
                        thousands(limit)
                    ),
                    first_over.span,
                )
                .with_help("split the policy"),
            );
        }
    }

    /// Whether `value` has at most [`MAX_WILDCARDS`] wildcards; an `over-limit` error when not.
    fn wildcards_within_limit(&mut self, value: &str, span: Span) -> bool {
        let wildcards = value.chars().filter(|c| matches!(c, '*' | '?')).count();
        if wildcards > MAX_WILDCARDS {
            self.diagnostics.push(
                Diagnostic::error(
                    "over-limit",
                    format!(
                        "{} wildcards in one value, over the limit of {MAX_WILDCARDS}; the value is not read",
                        thousands(wildcards)
                    ),
                    span,
                )
                .with_help("write the pattern with fewer `*` and `?`"),
            );
        }
        wildcards <= MAX_WILDCARDS
    }

    fn wrong_type(&mut self, what: &str, wanted: &str, json: &Json) {
        self.error(
            "wrong-type",
            format!("{what} must be {wanted}, found {}", json.value.type_name()),
            json.span,
        );
    }

    fn unknown_element(&mut self, member: &Member, known: &[&str], place: &str) {
        let mut diagnostic = Diagnostic::error(
            "unknown-element",
            format!("unknown element `{}` in {place}", member.key),
            member.key_span,
        );
        diagnostic = match did_you_mean(&member.key, known) {
            Some(name) => diagnostic.with_help(format!("did you mean `{name}`?")),
            None => diagnostic.with_help(format!("{place} may contain {}", quoted(known))),
        };
        self.diagnostics.push(diagnostic);
    }

    fn string<'j>(&mut self, what: &str, json: &'j Json) -> Option<&'j str> {
        match &json.value {
            JsonValue::String(s) => Some(s),
            _ => {
                self.wrong_type(what, "a string", json);
                None
            }
        }
    }

    fn policy(&mut self, json: &Json) -> Option<Policy> {
        let JsonValue::Object(members) = &json.value else {
            self.wrong_type("a policy document", "a JSON object", json);
            return None;
        };
        let mut policy = Policy {
            version: None,
            id: None,
            statements: Vec::new(),
            span: json.span,
        };
        let mut saw_statement = false;
        for member in members {
            match member.key.as_str() {
                "Version" => policy.version = self.version(&member.value),
                "Id" => {
                    policy.id = self
                        .string("`Id`", &member.value)
                        .map(|s| Spanned::new(s.to_owned(), member.value.span));
                }
                "Statement" => {
                    saw_statement = true;
                    policy.statements = self.statements(&member.value);
                }
                _ => self.unknown_element(member, &POLICY_ELEMENTS, "a policy"),
            }
        }
        if !saw_statement {
            self.diagnostics.push(
                Diagnostic::error(
                    "missing-element",
                    "policy has no `Statement`",
                    Span::new(json.span.start, json.span.start + 1),
                )
                .with_help("add `\"Statement\": [ ... ]` with at least one statement"),
            );
        }
        Some(policy)
    }

    fn version(&mut self, json: &Json) -> Option<Spanned<Version>> {
        let text = self.string("`Version`", json)?;
        let version = match text {
            "2012-10-17" => Version::V2012_10_17,
            "2008-10-17" => Version::V2008_10_17,
            _ => {
                self.diagnostics.push(
                    Diagnostic::error(
                        "invalid-version",
                        format!("`{text}` is not a policy language version"),
                        json.span,
                    )
                    .with_help("use `2012-10-17`, the current version"),
                );
                return None;
            }
        };
        Some(Spanned::new(version, json.span))
    }

    fn statements(&mut self, json: &Json) -> Vec<Statement> {
        match &json.value {
            JsonValue::Object(_) => self.statement(0, json).into_iter().collect(),
            JsonValue::Array(items) => {
                if items.is_empty() {
                    self.error("empty-element", "`Statement` is empty", json.span);
                }
                self.over_limit(items, MAX_POLICY_STATEMENTS, "statements in `Statement`");
                items
                    .iter()
                    .take(MAX_POLICY_STATEMENTS)
                    .enumerate()
                    .filter_map(|(index, item)| self.statement(index, item))
                    .collect()
            }
            _ => {
                self.wrong_type("`Statement`", "an object or an array of objects", json);
                Vec::new()
            }
        }
    }

    fn statement(&mut self, index: usize, json: &Json) -> Option<Statement> {
        let JsonValue::Object(members) = &json.value else {
            self.wrong_type("a statement", "an object", json);
            return None;
        };
        let before = self.diagnostics.len();
        let mut sid = None;
        let mut effect = None;
        let mut principal: Option<PrincipalElement> = None;
        let mut action: Option<ValueList> = None;
        let mut resource: Option<ValueList> = None;
        let mut conditions = Vec::new();
        let mut condition_span = None;
        for member in members {
            let value = &member.value;
            let span = member.key_span.join(value.span);
            match member.key.as_str() {
                "Sid" => {
                    sid = self
                        .string("`Sid`", value)
                        .map(|s| Spanned::new(s.to_owned(), value.span));
                }
                "Effect" => effect = self.effect(value),
                key @ ("Principal" | "NotPrincipal") => {
                    let negated = key == "NotPrincipal";
                    if let Some(principal_value) = self.principal(key, value) {
                        let element = PrincipalElement {
                            negated,
                            principal: principal_value,
                            span,
                        };
                        self.exclusive(&mut principal, element, |p| p.negated, key, span);
                    }
                }
                key @ ("Action" | "NotAction" | "Resource" | "NotResource") => {
                    let negated = key.starts_with("Not");
                    let values = self.string_list(key, value);
                    let list = ValueList {
                        negated,
                        values,
                        span,
                    };
                    let slot = if key.ends_with("Action") {
                        &mut action
                    } else {
                        &mut resource
                    };
                    self.exclusive(slot, list, |l| l.negated, key, span);
                }
                "Condition" => {
                    condition_span = Some(member.key_span.join(value.span));
                    conditions = self.conditions(value);
                }
                _ => self.unknown_element(member, &STATEMENT_ELEMENTS, "a statement"),
            }
        }
        let opening = Span::new(json.span.start, json.span.start + 1);
        if action.is_none() {
            self.diagnostics.push(
                Diagnostic::error(
                    "missing-element",
                    "statement has no `Action` or `NotAction`",
                    opening,
                )
                .with_help("add `\"Action\": \"service:Action\"`"),
            );
        }
        let Some(effect) = effect else {
            if !members.iter().any(|m| m.key == "Effect") {
                self.diagnostics.push(
                    Diagnostic::error("missing-element", "statement has no `Effect`", opening)
                        .with_help("add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`"),
                );
            }
            return None;
        };
        // A statement with a value over a limit is not read at all: read without that value,
        // it would be another statement.
        let over_limit = self
            .diagnostics
            .iter()
            .skip(before)
            .any(|d| d.code == "over-limit");
        (!over_limit).then_some(Statement {
            index,
            sid,
            effect,
            principal,
            action,
            resource,
            conditions,
            condition_span,
            span: json.span,
        })
    }

    /// Stores `element` in `slot` unless its positive or `Not…` twin is already there.
    fn exclusive<T>(
        &mut self,
        slot: &mut Option<T>,
        element: T,
        negated: impl Fn(&T) -> bool,
        key: &str,
        span: Span,
    ) {
        match slot {
            None => *slot = Some(element),
            Some(existing) => {
                let (a, b) = if negated(existing) {
                    (key, format!("Not{key}"))
                } else {
                    (key, key.trim_start_matches("Not").to_owned())
                };
                self.error(
                    "conflicting-elements",
                    format!("a statement cannot have both `{a}` and `{b}`"),
                    span,
                );
            }
        }
    }

    fn effect(&mut self, json: &Json) -> Option<Spanned<Effect>> {
        let text = self.string("`Effect`", json)?;
        let effect = match text {
            "Allow" => Effect::Allow,
            "Deny" => Effect::Deny,
            _ => {
                let mut diagnostic = Diagnostic::error(
                    "invalid-effect",
                    format!("`{text}` is not an effect"),
                    json.span,
                );
                diagnostic = match did_you_mean(text, &["Allow", "Deny"]) {
                    Some(name) => diagnostic
                        .with_help(format!("did you mean `{name}`? `Effect` is case-sensitive")),
                    None => diagnostic.with_help("`Effect` is `Allow` or `Deny`"),
                };
                self.diagnostics.push(diagnostic);
                return None;
            }
        };
        Some(Spanned::new(effect, json.span))
    }

    fn string_list(&mut self, key: &str, json: &Json) -> Vec<Spanned<String>> {
        match &json.value {
            JsonValue::String(s) if !self.wildcards_within_limit(s, json.span) => Vec::new(),
            JsonValue::String(s) => vec![Spanned::new(s.clone(), json.span)],
            JsonValue::Array(items) => {
                // An empty `Action`, `Resource` or principal list is read: the statement applies
                // to nothing, and the linter suggests what to do (Access Analyzer's "Empty array
                // action"). An empty `Not…` list would apply to everything, so it stays an error.
                if items.is_empty() && key.starts_with("Not") {
                    self.error("empty-element", format!("`{key}` is empty"), json.span);
                }
                self.over_limit(items, MAX_VALUES, &format!("values in `{key}`"));
                items
                    .iter()
                    .take(MAX_VALUES)
                    .filter_map(|item| {
                        let what = format!("each value of `{key}`");
                        self.string(&what, item)
                            .filter(|s| self.wildcards_within_limit(s, item.span))
                            .map(|s| Spanned::new(s.to_owned(), item.span))
                    })
                    .collect()
            }
            _ => {
                self.wrong_type(&format!("`{key}`"), "a string or an array of strings", json);
                Vec::new()
            }
        }
    }

    fn principal(&mut self, key: &str, json: &Json) -> Option<Principal> {
        match &json.value {
            JsonValue::String(s) if s == "*" => Some(Principal::Any),
            JsonValue::String(s) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        "invalid-principal",
                        format!("`{key}` as a string must be `*`, found `{s}`"),
                        json.span,
                    )
                    .with_help(format!(
                        "name principals by type: `\"{key}\": {{ \"AWS\": \"{s}\" }}`"
                    )),
                );
                None
            }
            JsonValue::Object(members) => {
                let mut typed = Vec::new();
                for member in members {
                    let kind = PrincipalType::ALL
                        .into_iter()
                        .find(|t| t.as_str() == member.key);
                    match kind {
                        Some(kind) => {
                            let what = format!("{key} `{}`", member.key);
                            typed.push((kind, self.string_list(&what, &member.value)));
                        }
                        None => {
                            let known = PrincipalType::ALL.map(PrincipalType::as_str);
                            self.unknown_element(member, &known, &format!("`{key}`"));
                        }
                    }
                }
                if members.is_empty() && key.starts_with("Not") {
                    self.error("empty-element", format!("`{key}` is empty"), json.span);
                }
                Some(Principal::Typed(typed))
            }
            _ => {
                self.wrong_type(&format!("`{key}`"), "`\"*\"` or an object", json);
                None
            }
        }
    }

    fn conditions(&mut self, json: &Json) -> Vec<Condition> {
        let JsonValue::Object(operators) = &json.value else {
            self.wrong_type("`Condition`", "an object", json);
            return Vec::new();
        };
        let mut conditions = Vec::new();
        for operator in operators {
            let JsonValue::Object(keys) = &operator.value.value else {
                self.wrong_type(
                    &format!("the `{}` block", operator.key),
                    "an object of condition keys",
                    &operator.value,
                );
                continue;
            };
            let entries = keys
                .iter()
                .map(|key| ConditionEntry {
                    key: Spanned::new(key.key.clone(), key.key_span),
                    values: self.condition_values(&key.key, &key.value),
                })
                .collect();
            conditions.push(Condition {
                operator: Spanned::new(operator.key.clone(), operator.key_span),
                entries,
            });
        }
        conditions
    }

    fn condition_values(&mut self, key: &str, json: &Json) -> Vec<Spanned<String>> {
        let mut values = Vec::new();
        let items = match &json.value {
            JsonValue::Array(items) => items.as_slice(),
            _ => std::slice::from_ref(json),
        };
        self.over_limit(
            items,
            MAX_VALUES,
            &format!("values of condition key `{key}`"),
        );
        for item in items.iter().take(MAX_VALUES) {
            match &item.value {
                JsonValue::String(s) if !self.wildcards_within_limit(s, item.span) => {}
                JsonValue::String(s) | JsonValue::Number(s) => {
                    values.push(Spanned::new(s.clone(), item.span));
                }
                JsonValue::Bool(b) => values.push(Spanned::new(b.to_string(), item.span)),
                _ => self.wrong_type(
                    &format!("a value of condition key `{key}`"),
                    "a string, number or boolean",
                    item,
                ),
            }
        }
        values
    }
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
