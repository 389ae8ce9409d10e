//! Wildcard patterns with `*` (any run of characters, possibly empty) and `?` (exactly one
//! character), as IAM uses them in `Action`, `Resource` and the `…Like` condition operators.
//!
//! Matching never backtracks: the pattern is split at its stars into segments; the first is
//! anchored at the start, the last at the end, and each one between is found leftmost after the
//! previous (which is always a correct choice for star-separated segments). Literal segments are
//! found with the standard library's linear-time substring search, so a 10 KB pattern such as
//! `*a*a*a…b` against a long ARN costs a single pass, never an exponential blow-up.

/// Stands in a pattern for a literal `*` (written `${*}` in a policy).
pub const LITERAL_STAR: char = '\u{E000}';
/// Stands in a pattern for a literal `?` (written `${?}` in a policy).
pub const LITERAL_QUESTION: char = '\u{E001}';

/// Turns the stand-ins for literal `*` and `?` back into the characters.
pub fn unmark(text: &str) -> String {
    text.replace(LITERAL_STAR, "*")
        .replace(LITERAL_QUESTION, "?")
}

/// Whether pattern character `p` matches text character `c`.
fn same(p: char, c: char) -> bool {
    p == c || p == '?' || (p == LITERAL_STAR && c == '*') || (p == LITERAL_QUESTION && c == '?')
}

/// A compiled wildcard pattern. Matching is case-sensitive: callers fold case first where IAM
/// ignores it (actions). [`LITERAL_STAR`] and [`LITERAL_QUESTION`] in a pattern match the
/// characters `*` and `?` themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// `*`: everything.
    Any,
    /// No wildcard at all.
    Exact(String),
    /// `literal*`.
    Prefix(String),
    /// Anything else: star-separated segments.
    Segments {
        first: Segment,
        middle: Vec<Segment>,
        last: Segment,
    },
    /// No star but at least one `?`.
    Single(Segment),
}

/// A run of the pattern between stars: literal characters and `?`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    text: String,
    /// Whether the segment must be compared character by character (`?` or a literal marker).
    has_question: bool,
}

impl Segment {
    fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            has_question: text.contains(['?', LITERAL_STAR, LITERAL_QUESTION]),
        }
    }

    /// Length in bytes of the text this segment matches at `text[at..]`, if it does.
    fn match_at(&self, text: &str, at: usize) -> Option<usize> {
        let rest = text.get(at..)?;
        if !self.has_question {
            return rest.starts_with(&self.text).then_some(self.text.len());
        }
        let mut used = 0;
        let mut chars = rest.chars();
        for p in self.text.chars() {
            let c = chars.next()?;
            if !same(p, c) {
                return None;
            }
            used += c.len_utf8();
        }
        Some(used)
    }

    /// The leftmost match at or after `from`: (start, end) byte offsets.
    fn find_from(&self, text: &str, from: usize) -> Option<(usize, usize)> {
        let rest = text.get(from..)?;
        if !self.has_question {
            let start = from + rest.find(self.text.as_str())?;
            return Some((start, start + self.text.len()));
        }
        rest.char_indices()
            .map(|(i, _)| from + i)
            .chain(std::iter::once(text.len()))
            .find_map(|start| self.match_at(text, start).map(|len| (start, start + len)))
    }

    /// Whether the segment matches a suffix of `text` that starts at or after `from`; the
    /// suffix is found by counting characters from the end.
    fn matches_suffix(&self, text: &str, from: usize) -> bool {
        let wanted = self.text.chars().count();
        let start = text
            .char_indices()
            .rev()
            .nth(wanted.wrapping_sub(1))
            .map(|(i, _)| i);
        let start = match (wanted, start) {
            (0, _) => text.len(),
            (_, Some(start)) => start,
            (_, None) => return false,
        };
        start >= from && self.match_at(text, start) == Some(text.len() - start)
    }
}

impl Glob {
    /// Compile a pattern.
    pub fn new(pattern: &str) -> Self {
        let kind = if pattern == "*" {
            Kind::Any
        } else if !pattern.contains(['*', '?', LITERAL_STAR, LITERAL_QUESTION]) {
            Kind::Exact(pattern.to_owned())
        } else if !pattern.contains(['?', LITERAL_STAR, LITERAL_QUESTION])
            && pattern.ends_with('*')
            && !pattern.trim_end_matches('*').contains('*')
        {
            Kind::Prefix(pattern.trim_end_matches('*').to_owned())
        } else if !pattern.contains('*') {
            Kind::Single(Segment::new(pattern))
        } else {
            let mut parts: Vec<&str> = pattern.split('*').collect();
            let last = parts.pop().unwrap_or("");
            let first = if parts.is_empty() {
                ""
            } else {
                parts.remove(0)
            };
            Kind::Segments {
                first: Segment::new(first),
                middle: parts
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .map(Segment::new)
                    .collect(),
                last: Segment::new(last),
            }
        };
        Self { kind }
    }

    /// Whether the pattern has any wildcard.
    pub fn is_literal(&self) -> bool {
        matches!(self.kind, Kind::Exact(_))
    }

    /// Whether the pattern is exactly `*`.
    pub fn is_any(&self) -> bool {
        matches!(self.kind, Kind::Any)
    }

    /// Whether `text` matches the whole pattern.
    pub fn matches(&self, text: &str) -> bool {
        match &self.kind {
            Kind::Any => true,
            Kind::Exact(literal) => text == literal,
            Kind::Prefix(prefix) => text.starts_with(prefix.as_str()),
            Kind::Single(segment) => segment.match_at(text, 0) == Some(text.len()),
            Kind::Segments {
                first,
                middle,
                last,
            } => {
                let Some(mut at) = first.match_at(text, 0) else {
                    return false;
                };
                for segment in middle {
                    match segment.find_from(text, at) {
                        Some((_, end)) => at = end,
                        None => return false,
                    }
                }
                last.matches_suffix(text, at)
            }
        }
    }
}

/// Dynamic programming over two patterns' suffixes: `reach[i][j]`, for `a[i..]` and `b[j..]`,
/// is `cell(a[i], b[j], at, i, j)`, filled from the ends, where `at(i', j')` reads a cell
/// already filled (`None` past a pattern's end); returns `reach[0][0]`. O(len(a) · len(b)).
pub(crate) fn suffix_table(
    a: &str,
    b: &str,
    cell: impl Fn(Option<char>, Option<char>, &dyn Fn(usize, usize) -> bool, usize, usize) -> bool,
) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut reach = vec![vec![false; m + 1]; n + 1];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            let at = |i: usize, j: usize| {
                reach
                    .get(i)
                    .and_then(|r| r.get(j))
                    .copied()
                    .unwrap_or(false)
            };
            let value = cell(a.get(i).copied(), b.get(j).copied(), &at, i, j);
            if let Some(slot) = reach.get_mut(i).and_then(|r| r.get_mut(j)) {
                *slot = value;
            }
        }
    }
    reach
        .first()
        .and_then(|r| r.first())
        .copied()
        .unwrap_or(false)
}

/// Whether some text matches both patterns (`*` and `?` in either).
pub fn patterns_intersect(a: &str, b: &str) -> bool {
    // a[i..] and b[j..] can match a common text.
    suffix_table(a, b, |ca, cb, at, i, j| match (ca, cb) {
        (None, None) => true,
        (Some('*'), _) => at(i + 1, j) || (cb.is_some() && at(i, j + 1)),
        (_, Some('*')) => at(i, j + 1) || (ca.is_some() && at(i + 1, j)),
        (Some(x), Some(y)) => (x == '?' || y == '?' || x == y) && at(i + 1, j + 1),
        _ => false,
    })
}

/// Whether `pattern` matches `text`, compiling on the fly.
#[cfg(test)]
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    Glob::new(pattern).matches(text)
}

#[cfg(test)]
mod tests;
