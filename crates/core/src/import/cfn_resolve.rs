//! CloudFormation's intrinsic functions, resolved against the template and the parameters:
//! `Ref` (parameters, pseudo parameters and the resources iamplay models), `Fn::GetAtt`
//! (`Arn` and names), `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`,
//! `Fn::If` with the template's conditions (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`) and
//! `AWS::NoValue`. What cannot be known from the template (`Fn::ImportValue`, a resource's
//! generated id) is reported with its path, never guessed. A resource whose name the template
//! leaves to CloudFormation is given its logical id, with a warning.

use super::cloudformation::Template;
use crate::json::{Json, JsonValue};
use serde_json::Value;

/// A resolved value: a JSON value, `AWS::NoValue` (the property is left out), or unresolved
/// (a problem was recorded).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum R {
    V(Value),
    NoValue,
    Unresolved,
}

/// Nested functions resolved for one value at most.
const MAX_DEPTH: usize = 64;

impl Template<'_, '_, '_> {
    /// The single `Fn::…`, `Ref` or `Condition` member of an intrinsic function object.
    fn intrinsic(json: &Json) -> Option<(&str, &Json)> {
        let JsonValue::Object(members) = &json.value else {
            return None;
        };
        match &members[..] {
            [m] if m.key == "Ref" || m.key == "Condition" || m.key.starts_with("Fn::") => {
                Some((m.key.as_str(), &m.value))
            }
            _ => None,
        }
    }

    /// `json` with every intrinsic function resolved.
    pub(super) fn resolve(&mut self, path: &str, json: &Json) -> R {
        if self.depth >= MAX_DEPTH {
            self.unresolved(path, json, "functions nested too deep".to_owned());
            return R::Unresolved;
        }
        self.depth += 1;
        let out = self.resolve_inner(path, json);
        self.depth -= 1;
        out
    }

    fn resolve_inner(&mut self, path: &str, json: &Json) -> R {
        if let Some((name, arg)) = Self::intrinsic(json) {
            let path = format!("{path}.{name}");
            return self.function(&path, name, arg);
        }
        match &json.value {
            JsonValue::Null => R::V(Value::Null),
            JsonValue::Bool(b) => R::V(Value::Bool(*b)),
            JsonValue::Number(n) => {
                R::V(serde_json::from_str::<Value>(n).unwrap_or_else(|_| Value::String(n.clone())))
            }
            JsonValue::String(s) => R::V(Value::String(s.clone())),
            JsonValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    match self.resolve(&format!("{path}[{i}]"), item) {
                        R::V(v) => out.push(v),
                        R::NoValue => {}
                        R::Unresolved => ok = false,
                    }
                }
                if ok {
                    R::V(Value::Array(out))
                } else {
                    R::Unresolved
                }
            }
            JsonValue::Object(members) => {
                let mut out = serde_json::Map::new();
                let mut ok = true;
                for m in members {
                    match self.resolve(&format!("{path}.{}", m.key), &m.value) {
                        R::V(v) => {
                            out.insert(m.key.clone(), v);
                        }
                        R::NoValue => {}
                        R::Unresolved => ok = false,
                    }
                }
                if ok {
                    R::V(Value::Object(out))
                } else {
                    R::Unresolved
                }
            }
        }
    }

    /// A resolved string, or unresolved with a problem.
    pub(super) fn string(&mut self, path: &str, json: &Json) -> Option<String> {
        match self.resolve(path, json) {
            R::V(Value::String(s)) => Some(s),
            R::V(Value::Number(n)) => Some(n.to_string()),
            R::V(Value::Bool(b)) => Some(b.to_string()),
            R::V(other) => {
                let message = format!("`{path}` must be a string, found {other}");
                self.wrong(path, json, message);
                None
            }
            R::NoValue | R::Unresolved => None,
        }
    }

    fn list(&mut self, path: &str, json: &Json) -> Option<Vec<Value>> {
        match self.resolve(path, json) {
            R::V(Value::Array(items)) => Some(items),
            R::V(other) => {
                let message = format!("`{path}` must be a list, found {other}");
                self.wrong(path, json, message);
                None
            }
            R::NoValue | R::Unresolved => None,
        }
    }

    fn function(&mut self, path: &str, name: &str, arg: &Json) -> R {
        match name {
            "Ref" => match arg.as_str() {
                Some(target) => self.reference(path, arg, target),
                None => self.bad_argument(path, arg, "a logical id or parameter name"),
            },
            "Fn::GetAtt" => {
                let parts: Vec<String> = match &arg.value {
                    JsonValue::String(s) => s.splitn(2, '.').map(str::to_owned).collect(),
                    _ => match self.list(path, arg) {
                        Some(items) => items
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect(),
                        None => return R::Unresolved,
                    },
                };
                match &parts[..] {
                    [resource, attribute] => self.attribute(path, arg, resource, attribute),
                    _ => self.bad_argument(path, arg, "[logical id, attribute]"),
                }
            }
            "Fn::Sub" => self.sub(path, arg),
            "Fn::Join" | "Fn::Select" | "Fn::Split" | "Fn::FindInMap" => {
                self.list_function(path, name, arg)
            }
            "Fn::If" | "Condition" | "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => {
                self.condition_function(path, name, arg)
            }
            _ => {
                let message = format!("`{name}` cannot be worked out from the template alone");
                self.unresolved(path, arg, message);
                R::Unresolved
            }
        }
    }

    /// `Fn::Join`, `Fn::Select`, `Fn::Split` and `Fn::FindInMap`.
    fn list_function(&mut self, path: &str, name: &str, arg: &Json) -> R {
        match name {
            "Fn::Join" => {
                let Some(items) = self.list(path, arg) else {
                    return R::Unresolved;
                };
                match &items[..] {
                    [Value::String(delimiter), Value::Array(parts)] => {
                        let strings: Option<Vec<String>> = parts.iter().map(scalar_text).collect();
                        match strings {
                            Some(strings) => R::V(Value::String(strings.join(delimiter))),
                            None => {
                                self.bad_argument(path, arg, "a delimiter and a list of strings")
                            }
                        }
                    }
                    _ => self.bad_argument(path, arg, "a delimiter and a list of strings"),
                }
            }
            "Fn::Select" => {
                let Some(items) = self.list(path, arg) else {
                    return R::Unresolved;
                };
                let index = items
                    .first()
                    .and_then(|i| scalar_text(i)?.parse::<usize>().ok());
                match (index, items.get(1)) {
                    (Some(i), Some(Value::Array(list))) => match list.get(i) {
                        Some(v) => R::V(v.clone()),
                        None => self.bad_argument(path, arg, "an index within the list"),
                    },
                    _ => self.bad_argument(path, arg, "[index, list]"),
                }
            }
            "Fn::Split" => {
                let Some(items) = self.list(path, arg) else {
                    return R::Unresolved;
                };
                match &items[..] {
                    [Value::String(delimiter), Value::String(text)] if !delimiter.is_empty() => {
                        R::V(Value::Array(
                            text.split(delimiter.as_str())
                                .map(|s| Value::String(s.to_owned()))
                                .collect(),
                        ))
                    }
                    _ => self.bad_argument(path, arg, "[delimiter, string]"),
                }
            }
            "Fn::FindInMap" => {
                let Some(items) = self.list(path, arg) else {
                    return R::Unresolved;
                };
                let keys: Option<Vec<String>> = items.iter().map(scalar_text).collect();
                match keys.as_deref() {
                    Some([map, first, second]) => match self.mapping(map, first, second) {
                        Some(v) => R::V(v),
                        None => {
                            let message = format!("`Mappings` has no `{map}.{first}.{second}`");
                            self.unresolved(path, arg, message);
                            R::Unresolved
                        }
                    },
                    _ => self.bad_argument(path, arg, "[map, top-level key, second-level key]"),
                }
            }
            _ => R::Unresolved,
        }
    }

    /// `Fn::If` and the condition functions: `Condition`, `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`.
    fn condition_function(&mut self, path: &str, name: &str, arg: &Json) -> R {
        match name {
            "Fn::If" => match &arg.value {
                JsonValue::Array(items) => match &items[..] {
                    [condition, yes, no] => match condition
                        .as_str()
                        .map(|c| self.condition(path, condition, c))
                    {
                        Some(Some(true)) => self.resolve(&format!("{path}[1]"), yes),
                        Some(Some(false)) => self.resolve(&format!("{path}[2]"), no),
                        _ => R::Unresolved,
                    },
                    _ => self.bad_argument(path, arg, "[condition, value if true, value if false]"),
                },
                _ => self.bad_argument(path, arg, "[condition, value if true, value if false]"),
            },
            "Condition" => match arg.as_str().map(|c| self.condition(path, arg, c)) {
                Some(Some(b)) => R::V(Value::Bool(b)),
                _ => R::Unresolved,
            },
            "Fn::Equals" => {
                let Some(items) = self.list(path, arg) else {
                    return R::Unresolved;
                };
                match &items[..] {
                    [a, b] => R::V(Value::Bool(
                        scalar_text(a) == scalar_text(b) && scalar_text(a).is_some() || a == b,
                    )),
                    _ => self.bad_argument(path, arg, "two values"),
                }
            }
            "Fn::And" | "Fn::Or" => {
                let Some(items) = self.list(path, arg) else {
                    return R::Unresolved;
                };
                let bools: Option<Vec<bool>> = items.iter().map(Value::as_bool).collect();
                match bools {
                    Some(b) if name == "Fn::And" => R::V(Value::Bool(b.iter().all(|x| *x))),
                    Some(b) => R::V(Value::Bool(b.iter().any(|x| *x))),
                    None => self.bad_argument(path, arg, "a list of conditions"),
                }
            }
            "Fn::Not" => {
                let Some(items) = self.list(path, arg) else {
                    return R::Unresolved;
                };
                match &items[..] {
                    [Value::Bool(b)] => R::V(Value::Bool(!b)),
                    _ => self.bad_argument(path, arg, "[condition]"),
                }
            }
            _ => R::Unresolved,
        }
    }

    fn bad_argument(&mut self, path: &str, json: &Json, wanted: &str) -> R {
        let message = format!("`{path}` takes {wanted}");
        self.wrong(path, json, message);
        R::Unresolved
    }

    /// `Fn::Sub`: a string with `${Name}`, `${Resource.Attribute}` and `${!Literal}`, with
    /// optional variables of its own.
    fn sub(&mut self, path: &str, arg: &Json) -> R {
        let (template, variables) = match &arg.value {
            JsonValue::String(s) => (s.clone(), Vec::new()),
            JsonValue::Array(items) => match &items[..] {
                [text, vars] => {
                    let Some(template) = text.as_str().map(str::to_owned) else {
                        return self.bad_argument(path, arg, "a string, or [string, variables]");
                    };
                    let mut variables = Vec::new();
                    if let JsonValue::Object(members) = &vars.value {
                        for m in members {
                            let vpath = format!("{path}[1].{}", m.key);
                            match self.string(&vpath, &m.value) {
                                Some(v) => variables.push((m.key.clone(), v)),
                                None => return R::Unresolved,
                            }
                        }
                    }
                    (template, variables)
                }
                _ => return self.bad_argument(path, arg, "a string, or [string, variables]"),
            },
            _ => return self.bad_argument(path, arg, "a string, or [string, variables]"),
        };
        let mut out = String::with_capacity(template.len());
        let mut rest = template.as_str();
        while let Some(start) = rest.find("${") {
            out.push_str(rest.get(..start).unwrap_or_default());
            let after = rest.get(start + 2..).unwrap_or_default();
            let Some(end) = after.find('}') else {
                out.push_str(rest.get(start..).unwrap_or_default());
                rest = "";
                break;
            };
            let name = after.get(..end).unwrap_or_default().trim();
            rest = after.get(end + 1..).unwrap_or_default();
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
                continue;
            }
            let value = match variables.iter().find(|(k, _)| k == name) {
                Some((_, v)) => Some(v.clone()),
                None => match name.split_once('.') {
                    Some((resource, attribute)) if !self.is_parameter(name) => {
                        match self.attribute(path, arg, resource, attribute) {
                            R::V(v) => scalar_text(&v),
                            _ => None,
                        }
                    }
                    _ => match self.reference(path, arg, name) {
                        R::V(v) => scalar_text(&v),
                        _ => None,
                    },
                },
            };
            match value {
                Some(v) => out.push_str(&v),
                None => return R::Unresolved,
            }
        }
        out.push_str(rest);
        R::V(Value::String(out))
    }
}

/// A scalar's text: strings as they are, numbers and booleans written out.
pub(super) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
