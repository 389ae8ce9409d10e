//! A policy editor's text cut into lines of coloured pieces: JSON tokens, lint findings
//! underlined where they are, the revealed statement's lines marked. Any text can be cut, valid
//! JSON or not: an unfinished string runs to the end of its line.

use iamplay_core::Span;
use iamplay_core::diagnostic::Severity;

/// What a piece of text is, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// An object's key.
    Key,
    /// A string value.
    Str,
    /// A number.
    Number,
    /// `true`, `false`, `null`.
    Literal,
    /// Braces, brackets, commas, colons.
    Punct,
    /// Spaces and anything else.
    Plain,
}

impl Token {
    /// The CSS class of its colour.
    pub fn class(self) -> &'static str {
        match self {
            Token::Key => "tok-key",
            Token::Str => "tok-str",
            Token::Number => "tok-num",
            Token::Literal => "tok-lit",
            Token::Punct => "tok-punct",
            Token::Plain => "tok-plain",
        }
    }
}

/// A piece of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Its text.
    pub text: String,
    /// Its colour.
    pub token: Token,
    /// The most serious finding over it, if any.
    pub finding: Option<Severity>,
    /// Where it starts in the whole text (bytes).
    pub start: usize,
}

/// The JSON tokens of `text`, with their byte ranges.
pub fn tokens(text: &str) -> Vec<(Token, usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let token = match b {
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += 1;
                    match c {
                        b'\\' => i += 1,
                        b'"' => break,
                        b'\n' => {
                            i -= 1;
                            break;
                        }
                        _ => {}
                    }
                }
                i = i.min(bytes.len());
                // A string followed by `:` is a key.
                let rest = bytes.get(i..).unwrap_or_default();
                match rest.iter().find(|c| !c.is_ascii_whitespace()) {
                    Some(b':') => Token::Key,
                    _ => Token::Str,
                }
            }
            b'{' | b'}' | b'[' | b']' | b',' | b':' => {
                i += 1;
                Token::Punct
            }
            b'-' | b'0'..=b'9' => {
                while bytes
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'.'))
                {
                    i += 1;
                }
                Token::Number
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                    i += 1;
                }
                match text.get(start..i) {
                    Some("true" | "false" | "null") => Token::Literal,
                    _ => Token::Plain,
                }
            }
            _ => {
                // One character, whatever its length in bytes.
                i += text
                    .get(i..)
                    .and_then(|s| s.chars().next())
                    .map_or(1, char::len_utf8);
                Token::Plain
            }
        };
        out.push((token, start, i));
    }
    out
}

fn rank(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 4,
        Severity::SecurityWarning => 3,
        Severity::Warning => 2,
        Severity::Suggestion => 1,
    }
}

/// `text` cut into lines of pieces, each piece one token under at most one finding (the most
/// serious of those over it).
pub fn lines(text: &str, findings: &[(Severity, Span)]) -> Vec<Vec<Piece>> {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    let toks = tokens(text);
    for &(_, start, end) in &toks {
        cuts.extend([start, end]);
    }
    for (_, span) in findings {
        cuts.extend([span.start.min(text.len()), span.end.min(text.len())]);
    }
    for (i, _) in text.match_indices('\n') {
        cuts.extend([i, i + 1]);
    }
    cuts.retain(|&c| text.is_char_boundary(c));
    iamplay_core::sort::sort_by(&mut cuts, Ord::cmp);
    cuts.dedup();
    let mut lines = vec![Vec::new()];
    let mut tok = toks.iter().peekable();
    for pair in cuts.windows(2) {
        let (&[start, end], Some(piece)) = (pair, pair.first().and_then(|&s| text.get(s..))) else {
            continue;
        };
        let Some(piece) = piece.get(..end - start) else {
            continue;
        };
        if piece == "\n" {
            lines.push(Vec::new());
            continue;
        }
        while tok.peek().is_some_and(|&&(_, _, e)| e <= start) {
            tok.next();
        }
        let token = match tok.peek() {
            Some(&&(token, s, _)) if s <= start => token,
            _ => Token::Plain,
        };
        let finding = findings
            .iter()
            .filter(|(_, span)| {
                span.start <= start
                    && (start < span.end || (span.start == span.end && span.start == start))
            })
            .map(|(severity, _)| *severity)
            .max_by_key(|s| rank(*s));
        if let Some(line) = lines.last_mut() {
            line.push(Piece {
                text: piece.to_owned(),
                token,
                finding,
                start,
            });
        }
    }
    lines
}

/// The 0-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len()))
        .map_or(0, |before| before.matches('\n').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(text: &str) -> Vec<(Token, String)> {
        tokens(text)
            .into_iter()
            .map(|(t, s, e)| (t, text.get(s..e).unwrap_or_default().to_owned()))
            .filter(|(_, s)| !s.trim().is_empty())
            .collect()
    }

    #[test]
    fn keys_values_and_punctuation_are_told_apart() {
        let got = classes("{\"Effect\" : \"Allow\", \"N\": -1.5e3, \"B\": true}");
        assert_eq!(
            got,
            vec![
                (Token::Punct, "{".into()),
                (Token::Key, "\"Effect\"".into()),
                (Token::Punct, ":".into()),
                (Token::Str, "\"Allow\"".into()),
                (Token::Punct, ",".into()),
                (Token::Key, "\"N\"".into()),
                (Token::Punct, ":".into()),
                (Token::Number, "-1.5e3".into()),
                (Token::Punct, ",".into()),
                (Token::Key, "\"B\"".into()),
                (Token::Punct, ":".into()),
                (Token::Literal, "true".into()),
                (Token::Punct, "}".into()),
            ]
        );
    }

    #[test]
    fn any_text_is_cut_without_losing_a_byte() {
        for text in [
            "",
            "{\"a\": \"unfinished\n}",
            "é\"\\\"ü\"\n\n€ x",
            "{\"k\\\"\": 1}",
            "\"\\",
        ] {
            let findings = [(Severity::Error, Span::new(0, text.len()))];
            let joined: Vec<String> = lines(text, &findings)
                .iter()
                .map(|l| l.iter().map(|p| p.text.as_str()).collect())
                .collect();
            assert_eq!(joined.join("\n"), text);
        }
    }

    #[test]
    fn a_finding_marks_exactly_its_pieces() {
        let text = "{\n  \"Action\": \"s3:GetObjekt\"\n}";
        let start = text.find("\"s3").unwrap();
        let span = Span::new(start, start + "\"s3:GetObjekt\"".len());
        let lines = lines(text, &[(Severity::Error, span)]);
        assert_eq!(lines.len(), 3);
        let marked: Vec<&str> = lines[1]
            .iter()
            .filter(|p| p.finding.is_some())
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, vec!["\"s3:GetObjekt\""]);
        assert_eq!(line_of(text, start), 1);
    }
}
