//! Where a policy document came from, and how a span inside the policy maps back to the text the
//! user wrote: a scenario embeds a policy verbatim (an object) or escaped (a JSON string), an AWS
//! managed policy is its own file, a command reads a policy from a file or a list of its input.
//! Every compiled policy carries its origin, so statements, diagnostics and near misses can be
//! placed without searching any text.

use crate::span::Span;
use std::fmt;

/// The document a policy was written in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// A scenario document, at this JSON path (e.g. `$.account.roles[1].inlinePolicies.same`).
    Scenario(String),
    /// An AWS managed policy's own document, by ARN.
    Managed(String),
    /// A command's input: the file (`-` for standard input) and where in it, e.g.
    /// `PolicyInputList[0]`, or empty when the file is the policy.
    Input {
        /// The file as given on the command line.
        file: String,
        /// The place in the file's JSON, or empty.
        path: String,
    },
    /// A policy typed or pasted on its own (the playground's reader, the JS package).
    Text,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Scenario(path) => write!(f, "scenario {path}"),
            Source::Managed(arn) => write!(f, "AWS managed policy {arn}"),
            Source::Input { file, path } if path.is_empty() => write!(f, "{file}"),
            Source::Input { file, path } => write!(f, "{file} {path}"),
            Source::Text => f.write_str("policy"),
        }
    }
}

/// How a byte offset in a policy's text maps to its source document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Map {
    /// The policy text is the whole document.
    Same,
    /// The policy text is a verbatim slice of the document starting here.
    Offset(usize),
    /// The policy text is a JSON string's value: checkpoints `(offset in the policy, offset in
    /// the document)`, one at the start and one after each escape sequence; between two
    /// checkpoints both advance together.
    Escaped(Vec<(usize, usize)>),
    /// The policy text is not in the document as such (it was URL-encoded there): every place
    /// in it is this place, where the encoded text starts.
    Encoded(usize),
}

/// A policy document's origin.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The document.
    pub source: Source,
    map: Map,
}

impl Origin {
    /// A policy that is the whole of its document.
    pub fn whole(source: Source) -> Self {
        Self {
            source,
            map: Map::Same,
        }
    }

    /// A policy written verbatim in its document, starting at `offset`.
    pub fn at(source: Source, offset: usize) -> Self {
        Self {
            source,
            map: Map::Offset(offset),
        }
    }

    /// A policy written as a JSON string in its document: `literal` is the string as written,
    /// quotes included, starting at `offset`.
    pub fn in_string(source: Source, literal: &str, offset: usize) -> Self {
        Self {
            source,
            map: Map::Escaped(escape_checkpoints(literal, offset)),
        }
    }

    /// A policy written encoded in its document (URL-encoded, as the IAM API returns policy
    /// documents), in a string starting at `offset`: places in it are that string's place.
    pub fn encoded(source: Source, offset: usize) -> Self {
        Self {
            source,
            map: Map::Encoded(offset),
        }
    }

    /// A policy with no document of its own to point into.
    pub fn text() -> Self {
        Self::whole(Source::Text)
    }

    /// The offset in the source document of `offset` in the policy's text.
    pub fn offset(&self, offset: usize) -> usize {
        match &self.map {
            Map::Same => offset,
            Map::Offset(start) => start + offset,
            Map::Encoded(at) => *at,
            Map::Escaped(checkpoints) => {
                let i = checkpoints.partition_point(|(inner, _)| *inner <= offset);
                match checkpoints.get(i.saturating_sub(1)) {
                    Some((inner, outer)) => outer + (offset - inner),
                    None => offset,
                }
            }
        }
    }

    /// The span in the source document of `span` in the policy's text.
    pub fn span(&self, span: Span) -> Span {
        Span::new(self.offset(span.start), self.offset(span.end))
    }
}

/// Checkpoints of a JSON string literal (quotes included) written at `offset`: where each run
/// of unescaped text starts, in the decoded value and in the document.
fn escape_checkpoints(literal: &str, offset: usize) -> Vec<(usize, usize)> {
    let bytes = literal.as_bytes();
    let mut checkpoints = vec![(0, offset + 1)];
    let mut raw = 1; // after the opening quote
    let mut decoded = 0;
    while let Some(&b) = bytes.get(raw) {
        match b {
            b'"' => break,
            b'\\' => {
                let (raw_len, decoded_len) = escape_len(bytes.get(raw..).unwrap_or(&[]));
                raw += raw_len;
                decoded += decoded_len;
                checkpoints.push((decoded, offset + raw));
            }
            _ => {
                raw += 1;
                decoded += 1;
            }
        }
    }
    checkpoints
}

/// The length of the escape sequence at the start of `rest` as written, and of what it decodes to.
fn escape_len(rest: &[u8]) -> (usize, usize) {
    let hex = |at: usize| {
        rest.get(at..at + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    match rest.get(1) {
        Some(b'u') => match hex(2) {
            Some(high) if (0xD800..0xDC00).contains(&high) => {
                let low = (rest.get(6..8) == Some(b"\\u"))
                    .then(|| hex(8))
                    .flatten()
                    .filter(|low| (0xDC00..0xE000).contains(low));
                match low {
                    Some(_) => (12, 4),
                    None => (6, 0),
                }
            }
            Some(code) => (6, char::from_u32(code).map_or(0, char::len_utf8)),
            None => (2, 0),
        },
        Some(_) => (2, 1),
        None => (1, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{JsonValue, Limits, parse};

    /// Every character of a string's value maps to where it is written.
    #[test]
    fn spans_inside_json_strings_map_to_their_place() {
        let document = r#"{"p": "{\"Sid\": \"a\u00e9\\/b\ud83d\ude00c\"}"}"#;
        let json = parse(document, Limits::default()).0.unwrap();
        let value = json.get("p").unwrap();
        let JsonValue::String(text) = &value.value else {
            panic!("a string")
        };
        let origin = Origin::in_string(
            Source::Scenario("$.p".into()),
            value.span.slice(document),
            value.span.start,
        );
        for (needle, written) in [
            ("Sid", "Sid"),
            ("a", "a"),
            ("é", "\\u00e9"),
            ("b", "b"),
            ("😀", "\\ud83d\\ude00"),
            ("c", "c"),
        ] {
            let inner = text.find(needle).unwrap();
            let span = origin.span(Span::new(inner, inner + needle.len()));
            assert_eq!(span.slice(document), written, "{needle}");
        }
        let verbatim = Origin::at(Source::Managed("arn".into()), 10);
        assert_eq!(verbatim.span(Span::new(1, 3)), Span::new(11, 13));
        assert_eq!(Origin::text().span(Span::new(1, 3)), Span::new(1, 3));
    }
}
