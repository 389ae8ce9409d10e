//! Source positions: byte spans into the text the user typed, and their line and column.

use std::fmt;

/// A half-open byte range `start..end` into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; an inverted range is clamped to empty.
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start,
            end: end.max(start),
        }
    }

    /// An empty span at `offset`, for "something is missing here".
    pub fn at(offset: usize) -> Self {
        Self::new(offset, offset)
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text the span covers, or `""` when it does not fall on character boundaries of `source`.
    pub fn slice(self, source: &str) -> &str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

/// A value together with the place it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pair a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Every this many bytes of a line, [`LineIndex`] keeps the column reached, so a column is
/// counted from at most this far back, even on a line of megabytes.
const CHECKPOINT: usize = 1024;

/// Line starts of a text, to turn byte offsets into lines and columns quickly.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// `(byte offset, column from its line's start)` every [`CHECKPOINT`] bytes or so of lines
    /// longer than that, in order.
    checkpoints: Vec<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Index the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        let mut checkpoints = Vec::new();
        let (mut column, mut next) = (0, CHECKPOINT);
        for (i, c) in text.char_indices() {
            if c == '\n' {
                line_starts.push(i + 1);
                column = 0;
                next = i + 1 + CHECKPOINT;
                continue;
            }
            if i >= next {
                checkpoints.push((i, column));
                next = i + CHECKPOINT;
            }
            column += 1;
        }
        Self {
            text,
            line_starts,
            checkpoints,
        }
    }

    /// The byte range of the line `offset` is on, without its line break.
    pub fn line_range(&self, offset: usize) -> (usize, usize) {
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        (start, end)
    }

    /// Line and column of a byte offset; offsets past the end map to the end.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let line_start = self.line_starts.get(line).copied().unwrap_or(0);
        // Count from the last checkpoint of this line before `offset`, if there is one.
        let (from, counted) = self
            .checkpoints
            .partition_point(|&(at, _)| at <= offset)
            .checked_sub(1)
            .and_then(|i| self.checkpoints.get(i))
            .filter(|&&(at, _)| at >= line_start)
            .map_or((line_start, 0), |&(at, column)| (at, column));
        let column = counted
            + self
                .text
                .get(from..offset)
                .map_or(offset - from, |s| s.chars().count());
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\nçd\n\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(2), LineCol { line: 1, column: 3 });
        assert_eq!(index.line_col(3), LineCol { line: 2, column: 1 });
        // `ç` is two bytes: the `d` after it is the second character.
        assert_eq!(index.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(index.line_col(7), LineCol { line: 3, column: 1 });
        assert_eq!(index.line_col(8), LineCol { line: 4, column: 1 });
        assert_eq!(index.line_col(99), LineCol { line: 4, column: 2 });
    }

    #[test]
    fn columns_far_along_long_lines_are_counted_from_checkpoints() {
        let text = format!("x\n{}\n{}y", "é".repeat(5_000), "a".repeat(9_999));
        let index = LineIndex::new(&text);
        // Every character of the second line is two bytes.
        for chars in [0, 511, 512, 1_000, 4_999, 5_000] {
            let offset = 2 + 2 * chars;
            assert_eq!(
                index.line_col(offset),
                LineCol {
                    line: 2,
                    column: chars + 1
                },
                "{chars}"
            );
        }
        let y = text.len() - 1;
        assert_eq!(
            index.line_col(y),
            LineCol {
                line: 3,
                column: 10_000
            }
        );
        assert_eq!(index.line_range(0), (0, 1));
        assert_eq!(index.line_range(5), (2, 10_002));
        assert_eq!(index.line_range(y), (10_003, text.len()));
    }

    #[test]
    fn spans_join_and_slice() {
        let a = Span::new(2, 4);
        let b = Span::new(6, 9);
        assert_eq!(a.join(b), Span::new(2, 9));
        assert_eq!(Span::new(5, 1), Span::at(5));
        assert_eq!(Span::new(0, 5).slice("hello world"), "hello");
        assert_eq!(Span::new(0, 1).slice("ç"), "");
    }
}
