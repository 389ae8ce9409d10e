//! Edits to the text of a policy and of the scenario it is written in. Each edit changes only
//! the bytes it must, in the document's own layout (an item goes on its own line, indented like
//! its neighbours), so the diff a user sees is the change and nothing else; a policy written
//! as a JSON string is written back as one.

use crate::json::{self, Json, JsonValue, Limits};
use crate::span::Span;

/// A small JSON value to write into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Node>),
    /// An object, members in order.
    Obj(Vec<(String, Node)>),
}

impl Node {
    /// A string node.
    pub fn str(text: impl Into<String>) -> Self {
        Node::Str(text.into())
    }

    /// One string alone, several as an array.
    pub fn list(values: &[String]) -> Self {
        match values {
            [one] => Node::Str(one.clone()),
            many => Node::Arr(many.iter().map(|v| Node::Str(v.clone())).collect()),
        }
    }

    /// An object node.
    pub fn obj<const N: usize>(members: [(&str, Node); N]) -> Self {
        Node::Obj(members.map(|(k, v)| (k.to_owned(), v)).into())
    }
}

/// `text` as a JSON string literal, escaped as the policy printer escapes it.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    crate::policy::print::string(&mut out, text);
    out
}

/// Writes `node` pretty (two spaces a level), its inner lines starting with `indent`.
pub fn write(node: &Node, indent: &str, out: &mut String) {
    let inner = format!("{indent}  ");
    match node {
        Node::Str(text) => out.push_str(&quote(text)),
        Node::Arr(items) if items.is_empty() => out.push_str("[]"),
        Node::Obj(members) if members.is_empty() => out.push_str("{}"),
        Node::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&inner);
                write(item, &inner, out);
            }
            out.push('\n');
            out.push_str(indent);
            out.push(']');
        }
        Node::Obj(members) => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&inner);
                out.push_str(&quote(key));
                out.push_str(": ");
                write(value, &inner, out);
            }
            out.push('\n');
            out.push_str(indent);
            out.push('}');
        }
    }
}

/// Writes `node` on one line, as a policy written on one line has it.
pub fn write_compact(node: &Node, out: &mut String) {
    match node {
        Node::Str(text) => out.push_str(&quote(text)),
        Node::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_compact(item, out);
            }
            out.push(']');
        }
        Node::Obj(members) => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&quote(key));
                out.push_str(": ");
                write_compact(value, out);
            }
            out.push('}');
        }
    }
}

/// `node` written in the layout of the text around `at`: pretty when that line holds only the
/// start of what it opens (the document is written a value a line), else on one line.
pub fn written_at(text: &str, at: usize, node: &Node) -> String {
    let rest = text.get(at..).unwrap_or("");
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let before = text.get(..at).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(line_start..at + line_end).unwrap_or("");
    // A line that closes all it opens holds a whole value: the document is on one line there.
    let opens = line.matches(['{', '[']).count();
    let closes = line.matches(['}', ']']).count();
    let one_line = !text.contains('\n') || (opens > 0 && opens == closes);
    let mut out = String::new();
    if one_line {
        write_compact(node, &mut out);
    } else {
        write(node, &line_indent(text, at), &mut out);
    }
    out
}

fn written(node: &Node, indent: &str) -> String {
    let mut out = String::new();
    write(node, indent, &mut out);
    out
}

/// The whitespace that starts the line `offset` is on.
fn line_indent(text: &str, offset: usize) -> String {
    let before = text.get(..offset).unwrap_or("");
    let line = before.rsplit('\n').next().unwrap_or("");
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// `text` with `span` replaced by `with`.
pub fn splice(text: &str, span: Span, with: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(text.get(..span.start)?);
    out.push_str(with);
    out.push_str(text.get(span.end..)?);
    Some(out)
}

/// Reads a document's JSON, with the scenario's own limits.
pub fn parse(text: &str) -> Option<Json> {
    let limits = Limits {
        max_bytes: crate::scenario::MAX_SCENARIO_BYTES,
        max_depth: crate::scenario::MAX_SCENARIO_DEPTH,
    };
    json::parse(text, limits).0
}

/// Whether the array's items are written one a line.
fn multiline(text: &str, array: &Json) -> bool {
    array.span.slice(text).contains('\n')
}

/// Appends `node` to the array `array` of `text`.
pub fn push_item(text: &str, array: &Json, node: &Node) -> Option<String> {
    match array.items().last() {
        Some(last) if multiline(text, array) => {
            let indent = line_indent(text, last.span.start);
            let with = format!(",\n{indent}{}", written(node, &indent));
            splice(text, Span::at(last.span.end), &with)
        }
        Some(last) => splice(
            text,
            Span::at(last.span.end),
            &format!(", {}", written_at(text, last.span.start, node)),
        ),
        None => {
            let indent = line_indent(text, array.span.start);
            let inner = format!("{indent}  ");
            let with = format!("[\n{inner}{}\n{indent}]", written(node, &inner));
            splice(text, array.span, &with)
        }
    }
}

/// Adds `value` to a `Action`/`Resource`/principal element's value `element`: a string becomes
/// an array of both.
pub fn add_value(text: &str, element: &Json, value: &str) -> Option<String> {
    match &element.value {
        JsonValue::Array(_) => push_item(text, element, &Node::str(value)),
        JsonValue::String(existing) => {
            let node = Node::Arr(vec![Node::str(existing.as_str()), Node::str(value)]);
            splice(
                text,
                element.span,
                &written_at(text, element.span.start, &node),
            )
        }
        _ => None,
    }
}

/// Removes item `index` of `array` with the separator before it (or after it, for the first),
/// so the layout of the rest stays; `None` when it is the only item.
pub fn remove_item(text: &str, array: &Json, index: usize) -> Option<String> {
    let items = array.items();
    if items.len() < 2 {
        return None;
    }
    let item = items.get(index)?;
    let span = match index.checked_sub(1).and_then(|i| items.get(i)) {
        Some(before) => Span::new(before.span.end, item.span.end),
        None => Span::new(item.span.start, items.get(1)?.span.start),
    };
    splice(text, span, "")
}

/// Adds member `key: node` at the end of `object`.
pub fn push_member(text: &str, object: &Json, key: &str, node: &Node) -> Option<String> {
    let JsonValue::Object(members) = &object.value else {
        return None;
    };
    match members.last() {
        Some(last) => {
            let indent = line_indent(text, last.key_span.start);
            let with = format!(",\n{indent}{}: {}", quote(key), written(node, &indent));
            splice(text, Span::at(last.value.span.end), &with)
        }
        None => {
            let indent = line_indent(text, object.span.start);
            let inner = format!("{indent}  ");
            let with = format!(
                "{{\n{inner}{}: {}\n{indent}}}",
                quote(key),
                written(node, &inner)
            );
            splice(text, object.span, &with)
        }
    }
}

/// A policy's statements as written: the `Statement` value and its statements in order.
pub fn statements(root: &Json) -> Option<(&Json, Vec<&Json>)> {
    let element = root.get("Statement")?;
    let list = match &element.value {
        JsonValue::Array(items) => items.iter().collect(),
        JsonValue::Object(_) => vec![element],
        _ => return None,
    };
    Some((element, list))
}

/// Adds a statement to the policy `text`.
pub fn add_statement(text: &str, statement: &Node) -> Option<String> {
    let root = parse(text)?;
    let (element, _) = statements(&root)?;
    match &element.value {
        JsonValue::Array(_) => push_item(text, element, statement),
        JsonValue::Object(_) => {
            let indent = line_indent(text, element.span.start);
            let with = format!(
                "[{}, {}]",
                element.span.slice(text),
                written(statement, &indent)
            );
            splice(text, element.span, &with)
        }
        _ => None,
    }
}

/// The value at a scenario path such as `$.account.roles[1].inlinePolicies.app`, found by
/// walking the document: keys are matched whole, so a policy name with a dot in it is found
/// too.
pub fn at_path<'j>(root: &'j Json, path: &str) -> Option<&'j Json> {
    let rest = path.strip_prefix('$')?;
    walk(root, rest)
}

fn walk<'j>(json: &'j Json, rest: &str) -> Option<&'j Json> {
    if rest.is_empty() {
        return Some(json);
    }
    if let Some(after) = rest.strip_prefix('[') {
        let (index, tail) = after.split_once(']')?;
        let item = json.items().get(index.parse::<usize>().ok()?)?;
        return walk(item, tail);
    }
    let after = rest.strip_prefix('.')?;
    let JsonValue::Object(members) = &json.value else {
        return None;
    };
    // The longest key that fits, so `a.b` as one key wins over `a` then `.b`.
    members
        .iter()
        .filter(|m| {
            after.starts_with(m.key.as_str())
                && matches!(after.as_bytes().get(m.key.len()), None | Some(b'.' | b'['))
        })
        .max_by_key(|m| m.key.len())
        .and_then(|m| walk(&m.value, after.get(m.key.len()..)?))
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    /// `' '` kept, `'-'` removed, `'+'` added.
    pub tag: char,
    /// The line, without its end.
    pub text: String,
}

/// The lines that differ between `before` and `after`, with two lines of context around each
/// change.
pub fn diff_lines(before: &str, after: &str) -> Vec<DiffLine> {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_lines(before, after);
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(2).iter().enumerate() {
        if i > 0 {
            out.push(DiffLine {
                tag: ' ',
                text: "…".to_owned(),
            });
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let tag = match change.tag() {
                    ChangeTag::Equal => ' ',
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                };
                out.push(DiffLine {
                    tag,
                    text: change.value().trim_end_matches(['\n', '\r']).to_owned(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": [\n        \"arn:aws:s3:::b/*\"\n      ]\n    }\n  ]\n}";

    fn statement(text: &str, index: usize) -> Json {
        let root = parse(text).unwrap();
        let (_, list) = statements(&root).unwrap();
        list[index].clone()
    }

    #[test]
    fn a_value_added_to_a_string_makes_an_array_in_the_same_layout() {
        let s = statement(POLICY, 0);
        let out = add_value(POLICY, s.get("Action").unwrap(), "s3:PutObject").unwrap();
        assert!(out.contains(
            "      \"Action\": [\n        \"s3:GetObject\",\n        \"s3:PutObject\"\n      ],"
        ));
        let out = add_value(POLICY, s.get("Resource").unwrap(), "arn:aws:s3:::c/*").unwrap();
        assert!(out.contains("        \"arn:aws:s3:::b/*\",\n        \"arn:aws:s3:::c/*\"\n"));
        assert!(parse(&out).is_some());
    }

    #[test]
    fn statements_are_added_and_removed_in_place() {
        let node = Node::obj([
            ("Effect", Node::str("Deny")),
            ("Action", Node::str("*")),
            ("Resource", Node::str("*")),
        ]);
        let two = add_statement(POLICY, &node).unwrap();
        assert!(two.contains("    },\n    {\n      \"Effect\": \"Deny\",\n"));
        let root = parse(&two).unwrap();
        let (array, _) = statements(&root).unwrap();
        assert_eq!(remove_item(&two, array, 1).unwrap(), POLICY);
        let no_first = remove_item(&two, array, 0).unwrap();
        assert!(!no_first.contains("s3:GetObject") && no_first.contains("\"Deny\""));
        assert_eq!(remove_item(POLICY, array, 0).map(|_| ()), Some(()));
    }

    #[test]
    fn paths_find_keys_with_dots() {
        let root = parse(r#"{"a": {"x.y": [1, {"b": 2}], "x": 3}}"#).unwrap();
        assert_eq!(at_path(&root, "$.a.x.y[1].b").unwrap().span.len(), 1);
        assert_eq!(at_path(&root, "$.a.x").map(|j| j.span.len()), Some(1));
        assert!(at_path(&root, "$.a.z").is_none());
    }

    #[test]
    fn diffs_show_the_change_with_context() {
        let s = statement(POLICY, 0);
        let out = add_value(POLICY, s.get("Action").unwrap(), "s3:PutObject").unwrap();
        let lines = diff_lines(POLICY, &out);
        let added: Vec<&str> = lines
            .iter()
            .filter(|l| l.tag == '+')
            .map(|l| l.text.as_str())
            .collect();
        assert!(added.contains(&"        \"s3:PutObject\""));
        assert!(lines.iter().any(|l| l.tag == '-'));
    }

    #[test]
    fn members_are_appended() {
        let text = "{\n  \"a\": 1\n}";
        let root = parse(text).unwrap();
        let out = push_member(text, &root, "b", &Node::str("x")).unwrap();
        assert_eq!(out, "{\n  \"a\": 1,\n  \"b\": \"x\"\n}");
        let empty = parse("{}").unwrap();
        assert_eq!(
            push_member("{}", &empty, "b", &Node::str("x")).unwrap(),
            "{\n  \"b\": \"x\"\n}"
        );
    }
}
