//! Condition operators: parsing `ForAnyValue:StringLikeIfExists`, compiling a policy's values
//! once, and evaluating them against a request context with IAM's documented rules for
//! missing keys, negated operators, `…IfExists`, `Null` and the set operators.

pub mod values;

use crate::arn::ArnPattern;
use crate::glob::{Glob, unmark};
use crate::request::Context;
use crate::span::{Span, Spanned};
use crate::variables::Template;
use ipnet::IpNet;

/// The operator families of the IAM reference, without qualifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the names are IAM's own operator names")]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

use BaseOperator as B;

impl BaseOperator {
    /// Every operator, in the IAM reference's order.
    pub const ALL: [BaseOperator; 27] = [
        B::StringEquals,
        B::StringNotEquals,
        B::StringEqualsIgnoreCase,
        B::StringNotEqualsIgnoreCase,
        B::StringLike,
        B::StringNotLike,
        B::NumericEquals,
        B::NumericNotEquals,
        B::NumericLessThan,
        B::NumericLessThanEquals,
        B::NumericGreaterThan,
        B::NumericGreaterThanEquals,
        B::DateEquals,
        B::DateNotEquals,
        B::DateLessThan,
        B::DateLessThanEquals,
        B::DateGreaterThan,
        B::DateGreaterThanEquals,
        B::Bool,
        B::BinaryEquals,
        B::IpAddress,
        B::NotIpAddress,
        B::ArnEquals,
        B::ArnLike,
        B::ArnNotEquals,
        B::ArnNotLike,
        B::Null,
    ];

    /// The operator's name as written in a policy.
    pub fn name(self) -> &'static str {
        match self {
            B::StringEquals => "StringEquals",
            B::StringNotEquals => "StringNotEquals",
            B::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            B::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            B::StringLike => "StringLike",
            B::StringNotLike => "StringNotLike",
            B::NumericEquals => "NumericEquals",
            B::NumericNotEquals => "NumericNotEquals",
            B::NumericLessThan => "NumericLessThan",
            B::NumericLessThanEquals => "NumericLessThanEquals",
            B::NumericGreaterThan => "NumericGreaterThan",
            B::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            B::DateEquals => "DateEquals",
            B::DateNotEquals => "DateNotEquals",
            B::DateLessThan => "DateLessThan",
            B::DateLessThanEquals => "DateLessThanEquals",
            B::DateGreaterThan => "DateGreaterThan",
            B::DateGreaterThanEquals => "DateGreaterThanEquals",
            B::Bool => "Bool",
            B::BinaryEquals => "BinaryEquals",
            B::IpAddress => "IpAddress",
            B::NotIpAddress => "NotIpAddress",
            B::ArnEquals => "ArnEquals",
            B::ArnLike => "ArnLike",
            B::ArnNotEquals => "ArnNotEquals",
            B::ArnNotLike => "ArnNotLike",
            B::Null => "Null",
        }
    }

    /// Whether the operator holds when none of the policy's values match (the `Not` forms).
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            B::StringNotEquals
                | B::StringNotEqualsIgnoreCase
                | B::StringNotLike
                | B::NumericNotEquals
                | B::DateNotEquals
                | B::NotIpAddress
                | B::ArnNotEquals
                | B::ArnNotLike
        )
    }

    /// Whether policy variables are substituted in this operator's values.
    pub fn allows_variables(self) -> bool {
        matches!(
            self,
            B::StringEquals
                | B::StringNotEquals
                | B::StringEqualsIgnoreCase
                | B::StringNotEqualsIgnoreCase
                | B::StringLike
                | B::StringNotLike
                | B::ArnEquals
                | B::ArnLike
                | B::ArnNotEquals
                | B::ArnNotLike
                | B::Bool
        )
    }
}

/// `ForAllValues:` or `ForAnyValue:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetOperator {
    /// `ForAllValues:`: every request value must satisfy the operator (true when none).
    ForAllValues,
    /// `ForAnyValue:`: at least one request value must satisfy it (false when none).
    ForAnyValue,
}

/// A complete condition operator as written, e.g. `ForAnyValue:StringLikeIfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operator {
    /// The comparison.
    pub base: BaseOperator,
    /// `…IfExists`: true when the key is absent.
    pub if_exists: bool,
    /// `ForAllValues:`/`ForAnyValue:`, if any.
    pub set: Option<SetOperator>,
}

impl Operator {
    /// Parse an operator name; `None` if IAM has no such operator. `Null` takes no `IfExists`.
    pub fn parse(text: &str) -> Option<Operator> {
        let (set, rest) = if let Some(rest) = text.strip_prefix("ForAllValues:") {
            (Some(SetOperator::ForAllValues), rest)
        } else if let Some(rest) = text.strip_prefix("ForAnyValue:") {
            (Some(SetOperator::ForAnyValue), rest)
        } else {
            (None, text)
        };
        let (name, if_exists) = match rest.strip_suffix("IfExists") {
            Some(name) => (name, true),
            None => (rest, false),
        };
        let base = BaseOperator::ALL.into_iter().find(|op| op.name() == name)?;
        if base == B::Null && if_exists {
            return None;
        }
        Some(Operator {
            base,
            if_exists,
            set,
        })
    }

    /// Every operator name IAM accepts, for suggestions.
    pub fn known_names() -> Vec<String> {
        let mut names = Vec::new();
        for base in BaseOperator::ALL {
            names.push(base.name().to_owned());
            if base != B::Null {
                names.push(format!("{}IfExists", base.name()));
            }
        }
        names
    }
}

/// One compiled policy value.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Folded(String),
    Like(Glob),
    Arn(ArnPattern),
    /// Resolved per request (policy variables).
    Template(Template),
    Number(values::Number),
    Date(i64),
    Bool(bool),
    Ip(IpNet),
    Binary(Vec<u8>),
    /// Could not be read as the operator's type: never matches.
    Invalid,
}

/// A problem with a condition value found while compiling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueProblem {
    /// What is wrong.
    pub message: String,
    /// The value's span.
    pub span: Span,
}

/// One key of an operator block, compiled: `"StringEquals": {"aws:SourceVpc": ["vpc-1"]}`.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledCondition {
    /// The operator.
    pub operator: Operator,
    /// The operator as written, with its span.
    pub operator_text: Spanned<String>,
    /// The condition key as written, with its span.
    pub key: Spanned<String>,
    key_lower: String,
    /// The values as written.
    pub raw_values: Vec<Spanned<String>>,
    values: Vec<Value>,
}

impl CompiledCondition {
    /// Compile one key's values for an operator. `variables` is false for policies without
    /// `"Version": "2012-10-17"`, where `${…}` is literal text.
    pub fn new(
        operator: Operator,
        operator_text: Spanned<String>,
        key: Spanned<String>,
        raw_values: Vec<Spanned<String>>,
        variables: bool,
        problems: &mut Vec<ValueProblem>,
    ) -> Self {
        let values = raw_values
            .iter()
            .map(|raw| {
                let value = compile_value(operator.base, &raw.value, variables);
                if value == Value::Invalid {
                    problems.push(ValueProblem {
                        message: invalid_message(operator.base, &raw.value),
                        span: raw.span,
                    });
                }
                value
            })
            .collect();
        Self {
            operator,
            operator_text,
            key_lower: key.value.to_ascii_lowercase(),
            key,
            raw_values,
            values,
        }
    }

    /// The keys of the policy variables in its values: (as written, lowercased).
    pub fn variable_keys(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values
            .iter()
            .flat_map(|value| match value {
                Value::Template(template) => Some(template.variable_keys()),
                _ => None,
            })
            .flatten()
    }

    /// The key's name, lowercased.
    pub fn key_lower(&self) -> &str {
        &self.key_lower
    }

    /// Whether the condition holds for the context.
    pub fn holds(&self, context: &Context) -> bool {
        // Values of the wrong type (`"a"` for a date): IAM accepts the policy, and the condition
        // does not match, whatever the operator.
        if !self.values.is_empty() && self.values.iter().all(|v| *v == Value::Invalid) {
            return false;
        }
        let present = context
            .get_lower(&self.key_lower)
            .filter(|value| !value.values.is_empty());
        let base = self.operator.base;
        if base == B::Null {
            let absent = present.is_none();
            return self
                .values
                .iter()
                .any(|v| matches!(v, Value::Bool(wanted) if *wanted == absent));
        }
        let Some(present) = present else {
            if self.operator.if_exists {
                return true;
            }
            return match self.operator.set {
                Some(SetOperator::ForAllValues) => true,
                Some(SetOperator::ForAnyValue) => false,
                None => base.is_negated(),
            };
        };
        let negated = base.is_negated();
        let satisfied = |request: &String| self.any_value_matches(request, context) != negated;
        match self.operator.set {
            None => {
                let any = present
                    .values
                    .iter()
                    .any(|request| self.any_value_matches(request, context));
                any != negated
            }
            Some(SetOperator::ForAnyValue) => present.values.iter().any(satisfied),
            Some(SetOperator::ForAllValues) => present.values.iter().all(satisfied),
        }
    }

    /// Whether one request value matches any policy value under the positive form of the
    /// operator (`StringNotLike` → `StringLike`).
    fn any_value_matches(&self, request: &str, context: &Context) -> bool {
        self.values
            .iter()
            .any(|policy| compare(self.operator.base, policy, request, context))
    }
}

fn compile_value(base: BaseOperator, raw: &str, variables: bool) -> Value {
    if variables && base.allows_variables() {
        let template = Template::parse(raw);
        if template.has_variables() {
            return Value::Template(template);
        }
        if let Some(text) = template.literal_pattern() {
            return compile_literal(base, &text);
        }
    }
    compile_literal(base, raw)
}

/// Compiles a value without variables; `raw` may hold the glob module's literal markers, which
/// stay markers in patterns and become plain characters elsewhere.
fn compile_literal(base: BaseOperator, raw: &str) -> Value {
    match base {
        B::StringEquals | B::StringNotEquals => Value::Text(unmark(raw)),
        B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase => {
            Value::Folded(unmark(raw).to_lowercase())
        }
        B::StringLike | B::StringNotLike => Value::Like(Glob::new(raw)),
        B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => {
            Value::Arn(ArnPattern::new(raw))
        }
        B::NumericEquals
        | B::NumericNotEquals
        | B::NumericLessThan
        | B::NumericLessThanEquals
        | B::NumericGreaterThan
        | B::NumericGreaterThanEquals => values::number(raw).map_or(Value::Invalid, Value::Number),
        B::DateEquals
        | B::DateNotEquals
        | B::DateLessThan
        | B::DateLessThanEquals
        | B::DateGreaterThan
        | B::DateGreaterThanEquals => values::date(raw).map_or(Value::Invalid, Value::Date),
        B::Bool | B::Null => values::boolean(raw).map_or(Value::Invalid, Value::Bool),
        B::BinaryEquals => values::binary(raw).map_or(Value::Invalid, Value::Binary),
        B::IpAddress | B::NotIpAddress => values::ip_block(raw).map_or(Value::Invalid, Value::Ip),
    }
}

fn invalid_message(base: BaseOperator, raw: &str) -> String {
    let wanted = match base {
        B::Bool | B::Null => "`true` or `false`",
        B::BinaryEquals => "base64-encoded binary",
        B::IpAddress | B::NotIpAddress => "an IP address or CIDR block",
        B::DateEquals
        | B::DateNotEquals
        | B::DateLessThan
        | B::DateLessThanEquals
        | B::DateGreaterThan
        | B::DateGreaterThanEquals => {
            "a date (ISO 8601, e.g. `2026-01-31T00:00:00Z`, or epoch seconds)"
        }
        _ => "a number",
    };
    format!("`{raw}` is not {wanted}, as `{}` needs", base.name())
}

/// Compares a request value with one policy value under the positive form of `base`.
fn compare(base: BaseOperator, policy: &Value, request: &str, context: &Context) -> bool {
    match policy {
        Value::Text(text) => request == text,
        Value::Folded(folded) => request
            .chars()
            .flat_map(char::to_lowercase)
            .eq(folded.chars()),
        Value::Like(glob) => glob.matches(request),
        Value::Arn(pattern) => pattern.matches(request),
        Value::Template(template) => match template.resolve_pattern(context) {
            Some(resolved) => compare(base, &compile_literal(base, &resolved), request, context),
            None => false,
        },
        Value::Number(wanted) => values::number(request).is_some_and(|n| order(base, &n, wanted)),
        Value::Date(wanted) => values::date(request).is_some_and(|d| order(base, d, *wanted)),
        Value::Bool(wanted) => values::boolean(request) == Some(*wanted),
        Value::Ip(block) => values::ip_address(request).is_some_and(|ip| block.contains(&ip)),
        Value::Binary(bytes) => values::binary(request).is_some_and(|b| b == *bytes),
        Value::Invalid => false,
    }
}

/// `request OP policy` for the numeric and date operators (equality for the `Not` forms, whose
/// negation is applied by the caller).
fn order<T: PartialOrd>(base: BaseOperator, request: T, policy: T) -> bool {
    match base {
        B::NumericLessThan | B::DateLessThan => request < policy,
        B::NumericLessThanEquals | B::DateLessThanEquals => request <= policy,
        B::NumericGreaterThan | B::DateGreaterThan => request > policy,
        B::NumericGreaterThanEquals | B::DateGreaterThanEquals => request >= policy,
        _ => request == policy,
    }
}

#[cfg(test)]
mod tests;
