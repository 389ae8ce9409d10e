//! YAML read into the same span-keeping tree as JSON, with yaml-rust2's event parser, so a
//! CloudFormation template in YAML is read, resolved and placed like one in JSON. Mappings are
//! objects (keys are scalars), sequences arrays; plain scalars `null`/`~`/empty, `true`/`false`
//! and numbers are those, anything else a string. CloudFormation's short forms become their
//! long forms: `!Ref X` is `{"Ref": X}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`,
//! `!Sub …` is `{"Fn::Sub": …}`. Aliases are expanded, up to a limit; so are depth and size.

use crate::diagnostic::{Diagnostic, Severity, Stage};
use crate::json::{Json, JsonValue, Member};
use crate::span::Span;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Most nodes a document may expand to through aliases.
const MAX_NODES: usize = 2_000_000;

/// CloudFormation's intrinsic functions with a short form (`!Name`).
const FUNCTIONS: [&str; 18] = [
    "Base64",
    "Cidr",
    "FindInMap",
    "GetAZs",
    "GetAtt",
    "ImportValue",
    "Join",
    "Select",
    "Split",
    "Sub",
    "Transform",
    "And",
    "Equals",
    "If",
    "Not",
    "Or",
    "ToJsonString",
    "Length",
];

fn error(span: Span, message: String) -> Diagnostic {
    Diagnostic::new(Stage::Json, Severity::Error, "yaml-syntax", message, span)
}

enum Frame {
    Sequence {
        items: Vec<Json>,
        start: usize,
        tag: Option<Tag>,
        anchor: usize,
    },
    Mapping {
        members: Vec<Member>,
        key: Option<(String, Span)>,
        start: usize,
        tag: Option<Tag>,
        anchor: usize,
    },
}

struct Builder<'t> {
    text: &'t str,
    /// Byte offset of each character, when the text is not ASCII.
    offsets: Option<Vec<usize>>,
    stack: Vec<Frame>,
    anchors: std::collections::HashMap<usize, Json>,
    root: Option<Json>,
    nodes: usize,
    max_depth: usize,
    failed: Option<Diagnostic>,
}

impl Builder<'_> {
    fn offset(&self, mark: &Marker) -> usize {
        let index = mark.index();
        match &self.offsets {
            None => index.min(self.text.len()),
            Some(offsets) => offsets.get(index).copied().unwrap_or(self.text.len()),
        }
    }

    fn fail(&mut self, span: Span, message: String) {
        if self.failed.is_none() {
            self.failed = Some(error(span, message));
        }
    }

    /// A finished node goes into its parent, or is the document.
    fn finish(&mut self, node: Json, anchor: usize) {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            let message = format!("the document expands to over {MAX_NODES} values");
            self.fail(node.span, message);
            return;
        }
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping { members, key, .. }) => match key.take() {
                None => match node.value {
                    JsonValue::String(k) => *key = Some((k, node.span)),
                    JsonValue::Number(k) => *key = Some((k, node.span)),
                    JsonValue::Bool(b) => *key = Some((b.to_string(), node.span)),
                    _ => {
                        let message = "a mapping key must be a scalar".to_owned();
                        self.fail(node.span, message);
                    }
                },
                Some((k, key_span)) => {
                    if members.iter().any(|m| m.key == k) {
                        let message = format!("duplicate key `{k}`");
                        self.fail(key_span, message);
                        return;
                    }
                    members.push(Member {
                        key: k,
                        key_span,
                        value: node,
                    });
                }
            },
        }
    }

    fn scalar(&mut self, value: String, style: TScalarStyle, tag: Option<Tag>, span: Span) -> Json {
        let plain = style == TScalarStyle::Plain;
        let value = if tag.is_some() || !plain {
            JsonValue::String(value)
        } else {
            match value.as_str() {
                "" | "~" | "null" | "Null" | "NULL" => JsonValue::Null,
                "true" | "True" | "TRUE" => JsonValue::Bool(true),
                "false" | "False" | "FALSE" => JsonValue::Bool(false),
                v if is_number(v) => JsonValue::Number(value),
                _ => JsonValue::String(value),
            }
        };
        self.tagged(Json { value, span }, tag)
    }

    /// A node with a CloudFormation tag becomes the function's long form.
    fn tagged(&mut self, node: Json, tag: Option<Tag>) -> Json {
        let Some(tag) = tag else { return node };
        if tag.handle != "!" {
            // `!!str` and the like: the standard tags, taken as they are.
            return node;
        }
        let span = node.span;
        let name = tag.suffix.as_str();
        let (key, value) = match name {
            "Ref" | "Condition" => (name.to_owned(), node),
            "GetAtt" => match &node.value {
                JsonValue::String(s) => {
                    let (resource, attribute) = s.split_once('.').unwrap_or((s, ""));
                    let part = |text: &str| Json {
                        value: JsonValue::String(text.to_owned()),
                        span,
                    };
                    let value = JsonValue::Array(vec![part(resource), part(attribute)]);
                    ("Fn::GetAtt".to_owned(), Json { value, span })
                }
                _ => ("Fn::GetAtt".to_owned(), node),
            },
            _ if FUNCTIONS.contains(&name) => (format!("Fn::{name}"), node),
            _ => {
                self.fail(span, format!("unknown tag `!{name}`"));
                return node;
            }
        };
        Json {
            value: JsonValue::Object(vec![Member {
                key,
                key_span: span,
                value,
            }]),
            span,
        }
    }
}

/// Whether a plain scalar is a YAML 1.2 core schema number.
fn is_number(v: &str) -> bool {
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    !digits.is_empty()
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E')
        && digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && digits.parse::<f64>().is_ok()
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.failed.is_some() {
            return;
        }
        let at = self.offset(&mark);
        let sequence = matches!(event, Event::SequenceStart(..));
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let quoted = usize::from(style != TScalarStyle::Plain) * 2;
                let end = (at + value.len() + quoted).min(self.text.len());
                let node = self.scalar(value, style, tag, Span::new(at, end.max(at)));
                self.finish(node, anchor);
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                if self.stack.len() >= self.max_depth {
                    let message = format!("nesting deeper than {} levels", self.max_depth);
                    self.fail(Span::new(at, at + 1), message);
                    return;
                }
                let frame = if sequence {
                    Frame::Sequence {
                        items: Vec::new(),
                        start: at,
                        tag,
                        anchor,
                    }
                } else {
                    Frame::Mapping {
                        members: Vec::new(),
                        key: None,
                        start: at,
                        tag,
                        anchor,
                    }
                };
                self.stack.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return;
                };
                let (value, start, tag, anchor) = match frame {
                    Frame::Sequence {
                        items,
                        start,
                        tag,
                        anchor,
                    } => (JsonValue::Array(items), start, tag, anchor),
                    Frame::Mapping {
                        members,
                        start,
                        tag,
                        anchor,
                        ..
                    } => (JsonValue::Object(members), start, tag, anchor),
                };
                let span = Span::new(start, at.max(start + 1).min(self.text.len().max(start)));
                let node = self.tagged(Json { value, span }, tag);
                self.finish(node, anchor);
            }
            Event::Alias(id) => match self.anchors.get(&id).cloned() {
                Some(node) => {
                    self.nodes += count(&node);
                    self.finish(node, 0);
                }
                None => self.fail(Span::new(at, at + 1), "an alias to no anchor".to_owned()),
            },
            _ => {}
        }
    }
}

fn count(node: &Json) -> usize {
    match &node.value {
        JsonValue::Array(items) => 1 + items.iter().map(count).sum::<usize>(),
        JsonValue::Object(members) => 1 + members.iter().map(|m| count(&m.value)).sum::<usize>(),
        _ => 1,
    }
}

/// Deepest column a line's content may start at. Block nesting is indentation (and `- `,
/// `? `, `: ` before the content), and the YAML reader goes down a level of its own stack for
/// each: a line indented further is refused before it is read, so no text can exhaust the
/// stack (wasm's is 1 MiB). CloudFormation templates stay far left of it.
const MAX_COLUMN: usize = 200;

/// Where a line's content starts too far right to be read, if anywhere.
fn too_deep(text: &str) -> Option<Span> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let mut column = 0;
        while let Some(&b) = bytes.get(column) {
            let indicator = matches!(b, b'-' | b'?' | b':')
                && bytes.get(column + 1).is_some_and(|n| *n == b' ');
            if b == b' ' || indicator {
                column += 1;
            } else {
                break;
            }
        }
        if column > MAX_COLUMN {
            return Some(Span::new(offset + MAX_COLUMN, offset + MAX_COLUMN + 1));
        }
        offset += line.len();
    }
    None
}

/// Reads `text` as one YAML document.
pub(super) fn parse(text: &str, max_depth: usize) -> Result<Json, Diagnostic> {
    if let Some(span) = too_deep(text) {
        let message = format!(
            "a line's content starts past column {MAX_COLUMN}: nesting deeper than YAML is read to here"
        );
        return Err(error(span, message));
    }
    let offsets = (!text.is_ascii()).then(|| {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        offsets
    });
    let mut builder = Builder {
        text,
        offsets,
        stack: Vec::new(),
        anchors: std::collections::HashMap::new(),
        root: None,
        nodes: 0,
        max_depth,
        failed: None,
    };
    let mut parser = Parser::new_from_str(text);
    let loaded = parser.load(&mut builder, false);
    // What the builder refused came first in the text: it stopped taking events there.
    if let Some(failed) = builder.failed {
        return Err(failed);
    }
    if let Err(scan) = loaded {
        let at = builder.offset(scan.marker());
        let end = (at + 1).min(text.len()).max(at);
        return Err(error(Span::new(at, end), scan.info().to_owned()));
    }
    builder
        .root
        .ok_or_else(|| error(Span::new(0, 0), "the document is empty".to_owned()))
}
