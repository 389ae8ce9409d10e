//! A small JSON reader that keeps the span of every value and key.
//!
//! IAM documents need what general JSON libraries drop: where each value was written (so the UI can
//! underline it and the CLI can print line:column), duplicate keys reported rather than merged, and
//! hard limits on size and nesting so hostile input is an error, not a crash. Recoverable problems
//! (a duplicate key, a bad escape, a control character in a string) are reported and reading goes
//! on; a structural error ends the read with everything collected so far.

use crate::diagnostic::Diagnostic;
use crate::span::Span;

/// Limits on what the reader accepts; hitting one is an error that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest document, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of arrays and objects.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 1024 * 1024,
            max_depth: 64,
        }
    }
}

/// A JSON value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    /// The value.
    pub value: JsonValue,
    /// Where it was written, quotes and brackets included.
    pub span: Span,
}

/// The kinds of JSON value. Numbers keep their source text so no precision is lost.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members in source order; duplicate keys are reported and only the first is kept.
    Object(Vec<Member>),
}

/// One `"key": value` pair of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key, unescaped.
    pub key: String,
    /// Where the key was written, quotes included.
    pub key_span: Span,
    /// The value.
    pub value: Json,
}

impl JsonValue {
    /// The JSON type's name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "a boolean",
            JsonValue::Number(_) => "a number",
            JsonValue::String(_) => "a string",
            JsonValue::Array(_) => "an array",
            JsonValue::Object(_) => "an object",
        }
    }
}

/// The value of an object's member, if present.
pub fn member<'j>(members: &'j [Member], key: &str) -> Option<&'j Json> {
    members.iter().find(|m| m.key == key).map(|m| &m.value)
}

impl Json {
    /// The member `key` when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match &self.value {
            JsonValue::Object(members) => member(members, key),
            _ => None,
        }
    }

    /// The items when this is an array, else none.
    pub fn items(&self) -> &[Json] {
        match &self.value {
            JsonValue::Array(items) => items,
            _ => &[],
        }
    }

    /// The text when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            JsonValue::String(s) => Some(s),
            _ => None,
        }
    }
}

/// Read `text` as one JSON value. Returns the value when the structure could be read (possibly
/// with recoverable problems) and every diagnostic found.
pub fn parse(text: &str, limits: Limits) -> (Option<Json>, Vec<Diagnostic>) {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        limits,
        diagnostics: Vec::new(),
    };
    if text.len() > limits.max_bytes {
        // Point at the character where the document passes the limit.
        let mut at = limits.max_bytes;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let end = text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or(at, |c| at + c.len_utf8());
        reader.diagnostics.push(
            Diagnostic::error(
                "size-limit",
                format!(
                    "document is {} bytes, over the limit of {} bytes",
                    crate::diagnostic::thousands(text.len()),
                    crate::diagnostic::thousands(limits.max_bytes)
                ),
                Span::new(at, end),
            )
            .with_help("shorten the document"),
        );
        return (None, reader.diagnostics);
    }
    let value = reader.document();
    (value, reader.diagnostics)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    limits: Limits,
    diagnostics: Vec<Diagnostic>,
}

/// A structural error was recorded; reading cannot go on.
struct Fatal;

impl Reader<'_> {
    fn document(&mut self) -> Option<Json> {
        self.skip_whitespace();
        if self.pos >= self.bytes.len() {
            self.diagnostics.push(
                Diagnostic::error("json-syntax", "document is empty", Span::at(0))
                    .with_help("a policy is a JSON object: `{ \"Version\": \"2012-10-17\", \"Statement\": [...] }`"),
            );
            return None;
        }
        let value = self.value().ok()?;
        self.skip_whitespace();
        if self.pos < self.bytes.len() {
            let span = Span::new(self.pos, self.bytes.len());
            self.diagnostics.push(
                Diagnostic::error(
                    "json-syntax",
                    "unexpected text after the end of the document",
                    span,
                )
                .with_help("a document holds exactly one JSON value"),
            );
        }
        Some(value)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// The span of the character at the cursor (empty at the end of input).
    fn here(&self) -> Span {
        let len = self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        Span::new(self.pos, self.pos + len)
    }

    fn fail<T>(&mut self, message: impl Into<String>, help: Option<&str>) -> Result<T, Fatal> {
        let span = self.here();
        let message = message.into();
        let diagnostic = Diagnostic::error("json-syntax", message, span);
        self.diagnostics.push(match help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        });
        Err(Fatal)
    }

    fn unexpected<T>(&mut self, wanted: &str) -> Result<T, Fatal> {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            None => self.fail(
                format!("unexpected end of document, expected {wanted}"),
                None,
            ),
            Some(c) => self.fail(format!("unexpected `{c}`, expected {wanted}"), None),
        }
    }

    fn value(&mut self) -> Result<Json, Fatal> {
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let (value, span) = self.string()?;
                Ok(Json {
                    value: JsonValue::String(value),
                    span,
                })
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", JsonValue::Bool(true)),
            Some(b'f') => self.literal("false", JsonValue::Bool(false)),
            Some(b'n') => self.literal("null", JsonValue::Null),
            Some(b'\'') => self.fail(
                "strings must use double quotes",
                Some("write `\"text\"`, not `'text'`"),
            ),
            _ => self.unexpected("a value"),
        }
    }

    fn enter(&mut self) -> Result<(), Fatal> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            let limit = self.limits.max_depth;
            return self.fail(
                format!("nesting is deeper than the limit of {limit} levels"),
                Some("flatten the document"),
            );
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Json, Fatal> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1; // `{`
        let mut members: Vec<Member> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_whitespace();
                if self.peek() != Some(b'"') {
                    if self.peek() == Some(b'}') && !members.is_empty() {
                        return self.fail(
                            "trailing comma before `}`",
                            Some("remove the comma after the last member"),
                        );
                    }
                    return self.unexpected("a key in double quotes");
                }
                let (key, key_span) = self.string()?;
                self.skip_whitespace();
                if self.peek() != Some(b':') {
                    return self.unexpected("`:` after the key");
                }
                self.pos += 1;
                self.skip_whitespace();
                let value = self.value()?;
                if let Some(first) = members.iter().find(|m| m.key == key) {
                    let first_at = first.key_span.start;
                    self.diagnostics.push(
                        Diagnostic::error(
                            "duplicate-key",
                            format!("duplicate key `{key}`"),
                            key_span,
                        )
                        .with_help(format!(
                            "IAM rejects documents with a key written twice; the first `{key}` is at byte {first_at}"
                        )),
                    );
                } else {
                    members.push(Member {
                        key,
                        key_span,
                        value,
                    });
                }
                self.skip_whitespace();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    Some(b'"') => {
                        return self.fail(
                            "missing `,` between members",
                            Some("separate the members of an object with commas"),
                        );
                    }
                    _ => return self.unexpected("`,` or `}`"),
                }
            }
        }
        self.depth -= 1;
        Ok(Json {
            value: JsonValue::Object(members),
            span: Span::new(start, self.pos),
        })
    }

    fn array(&mut self) -> Result<Json, Fatal> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1; // `[`
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                self.skip_whitespace();
                if self.peek() == Some(b']') {
                    return self.fail(
                        "trailing comma before `]`",
                        Some("remove the comma after the last element"),
                    );
                }
                items.push(self.value()?);
                self.skip_whitespace();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    Some(b'"' | b'{' | b'[') => {
                        return self.fail(
                            "missing `,` between elements",
                            Some("separate the elements of an array with commas"),
                        );
                    }
                    _ => return self.unexpected("`,` or `]`"),
                }
            }
        }
        self.depth -= 1;
        Ok(Json {
            value: JsonValue::Array(items),
            span: Span::new(start, self.pos),
        })
    }

    fn literal(&mut self, word: &str, value: JsonValue) -> Result<Json, Fatal> {
        let start = self.pos;
        if self
            .bytes
            .get(start..)
            .is_some_and(|rest| rest.starts_with(word.as_bytes()))
        {
            self.pos += word.len();
            Ok(Json {
                value,
                span: Span::new(start, self.pos),
            })
        } else {
            self.unexpected("a value")
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Json, Fatal> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let int_digits = self.digits();
        if int_digits == 0 {
            return self.unexpected("a digit");
        }
        if int_digits > 1 && self.bytes.get(int_start) == Some(&b'0') {
            self.diagnostics.push(Diagnostic::error(
                "json-syntax",
                "numbers must not have leading zeros",
                Span::new(start, self.pos),
            ));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return self.unexpected("a digit after `.`");
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return self.unexpected("a digit in the exponent");
            }
        }
        let span = Span::new(start, self.pos);
        Ok(Json {
            value: JsonValue::Number(span.slice(self.text).to_owned()),
            span,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        let value = u32::from_str_radix(text, 16).ok()?;
        self.pos += 4;
        Some(value)
    }

    /// Reads a string at the cursor (which is on `"`); returns its value and span.
    fn string(&mut self) -> Result<(String, Span), Fatal> {
        let start = self.pos;
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let chunk_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(Span::new(chunk_start, self.pos).slice(self.text));
            match self.peek() {
                None => {
                    self.pos = start;
                    return self.fail("string is not closed", Some("add the closing `\"`"));
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok((out, Span::new(start, self.pos)));
                }
                Some(b'\\') => self.escape(&mut out),
                Some(b'\n') => {
                    self.pos = start;
                    return self.fail(
                        "string is not closed before the end of the line",
                        Some("add the closing `\"`; write a line break inside a string as `\\n`"),
                    );
                }
                Some(b) => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "json-syntax",
                            format!("control character U+{b:04X} inside a string"),
                            Span::new(self.pos, self.pos + 1),
                        )
                        .with_help("escape it, e.g. `\\t` for a tab"),
                    );
                    out.push(char::from(b));
                    self.pos += 1;
                }
            }
        }
    }

    /// Reads one escape sequence at the cursor (which is on `\`), appending its character.
    fn escape(&mut self, out: &mut String) {
        let start = self.pos;
        self.pos += 1;
        let simple = match self.peek() {
            Some(b'"') => Some('"'),
            Some(b'\\') => Some('\\'),
            Some(b'/') => Some('/'),
            Some(b'b') => Some('\u{8}'),
            Some(b'f') => Some('\u{c}'),
            Some(b'n') => Some('\n'),
            Some(b'r') => Some('\r'),
            Some(b't') => Some('\t'),
            _ => None,
        };
        if let Some(c) = simple {
            self.pos += 1;
            out.push(c);
            return;
        }
        if self.peek() == Some(b'u') {
            self.pos += 1;
            if let Some(high) = self.hex4() {
                let decoded = if (0xD800..0xDC00).contains(&high) {
                    let save = self.pos;
                    let low = if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                        self.pos += 2;
                        self.hex4().filter(|low| (0xDC00..0xE000).contains(low))
                    } else {
                        None
                    };
                    match low {
                        Some(low) => {
                            char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                        }
                        None => {
                            self.pos = save;
                            None
                        }
                    }
                } else {
                    char::from_u32(high)
                };
                match decoded {
                    Some(c) => out.push(c),
                    None => self.diagnostics.push(Diagnostic::error(
                        "json-syntax",
                        "escape is not a valid character (lone surrogate)",
                        Span::new(start, self.pos),
                    )),
                }
                return;
            }
        }
        let end = self.here().end.max(self.pos);
        self.diagnostics.push(
            Diagnostic::error(
                "json-syntax",
                format!(
                    "invalid escape `{}`",
                    Span::new(start, end).slice(self.text)
                ),
                Span::new(start, end),
            )
            .with_help("valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"),
        );
        self.pos = end;
    }
}

#[cfg(test)]
mod tests;
