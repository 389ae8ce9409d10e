//! Rendering the engine's diagnostics for a terminal with miette: the message, the source line
//! with the span underlined, and the help. A line too long to draw (a minified policy is one
//! line of megabytes) is drawn as a window around the span, with the place's real line and
//! column in the header.

use iamplay_core::{Diagnostic, LineIndex, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::sync::Arc;

/// Lines longer than this (bytes) are drawn as a window around the span.
const LONG_LINE: usize = 400;
/// How much of a long line the window shows before the span (bytes, about).
const BEFORE: usize = 40;
/// The widest window (bytes, about): the span is cut where it runs past it.
const WINDOW: usize = 160;

/// The document, shared by every diagnostic's report, with where that diagnostic's span is
/// when its line is long.
#[derive(Debug, Clone)]
struct Document {
    text: Arc<str>,
    place: Option<Place>,
}

/// A span on a long line: its line and the columns of the window and of the span (from 0),
/// counted once with the core's line index.
#[derive(Debug, Clone, Copy)]
struct Place {
    line: usize,
    from: usize,
    to: usize,
    window_column: usize,
    span_column: usize,
}

/// `i`, moved back to the start of the character it is in.
fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `i`, moved on to the end of the character it is in.
fn ceil(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Where a span's line is long, what of it is drawn: `(window start, window end)` in bytes.
/// `None` for a line short enough to draw whole.
fn window(text: &str, index: &LineIndex, start: usize, end: usize) -> Option<(usize, usize)> {
    let start = floor(text, start);
    let (line_start, line_end) = index.line_range(start);
    if line_end - line_start <= LONG_LINE {
        return None;
    }
    let from = floor(text, start.saturating_sub(BEFORE).max(line_start));
    let wanted = end.max(start + BEFORE).min(from + WINDOW).min(line_end);
    Some((from, ceil(text, wanted).min(line_end)))
}

impl SourceCode for Document {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = &*self.text;
        let Some(place) = self.place else {
            return text.read_span(span, before, after);
        };
        // The header asks for the span alone: its column is the span's own.
        let (data_start, column) = if before == 0 && after == 0 {
            (floor(text, span.offset()).min(place.to), place.span_column)
        } else {
            (place.from, place.window_column)
        };
        let data = text.get(data_start..place.to).unwrap_or_default();
        Ok(Box::new(MietteSpanContents::new(
            data.as_bytes(),
            SourceSpan::new(data_start.into(), data.len()),
            place.line,
            column,
            1,
        )))
    }
}

/// One diagnostic with the document it is about, as miette wants it.
#[derive(Debug)]
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    /// What is underlined: the span, cut where a long line's window ends.
    label: (usize, usize),
    source: NamedSource<Document>,
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::SecurityWarning | Severity::Warning => miette::Severity::Warning,
            Severity::Suggestion => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (start, end) = self.label;
        let label = LabeledSpan::new_with_span(
            Some("here".to_owned()),
            SourceSpan::new(start.into(), end - start),
        );
        Some(Box::new(std::iter::once(label)))
    }
}

/// Renders every diagnostic of a document: its code, message, the place as `[NAME:LINE:COLUMN]`
/// with the source underlined, and the help.
pub fn render(name: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_context_lines(1)
        .with_width(100);
    let shared: Arc<str> = Arc::from(text);
    let index = LineIndex::new(text);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let span = diagnostic.span;
        let (start, mut end) = (
            floor(text, span.start),
            ceil(text, span.end.max(span.start)),
        );
        let place = window(text, &index, start, end).map(|(from, to)| {
            // On a long line, the underline stops where the window does.
            end = end.min(to).max(start);
            let (at, window) = (index.line_col(start), index.line_col(from));
            Place {
                line: at.line - 1,
                from,
                to,
                window_column: window.column - 1,
                span_column: at.column - 1,
            }
        });
        let report = Report {
            diagnostic,
            label: (start, end),
            source: NamedSource::new(
                name,
                Document {
                    text: Arc::clone(&shared),
                    place,
                },
            ),
        };
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str("  (could not draw the source)\n");
        }
        out.push('\n');
    }
    out
}

/// Renders scenario problems, each message followed by its JSON path.
pub fn render_scenario_problems(
    name: &str,
    text: &str,
    problems: &[iamplay_core::scenario::ScenarioProblem],
) -> String {
    let diagnostics: Vec<Diagnostic> = problems
        .iter()
        .map(|p| {
            let mut d = p.diagnostic.clone();
            d.message = format!("{} (at {})", d.message, p.path);
            d
        })
        .collect();
    render(name, text, &diagnostics)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a panic is a failed test")]

    use super::*;
    use iamplay_core::Span;
    use proptest::strategy::Strategy as _;

    fn finding(start: usize, end: usize) -> Diagnostic {
        Diagnostic::error("size-limit", "too big", Span::new(start, end))
    }

    #[test]
    fn a_span_far_along_a_long_line_is_drawn_with_its_real_place() {
        let text = format!("{}\"needle\"{}", "x".repeat(100_000), "y".repeat(100_000));
        let out = render("p.json", &text, &[finding(100_000, 100_008)]);
        assert!(out.contains("[p.json:1:100001]"), "{out}");
        assert!(out.contains("\"needle\""), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 400), "{out}");
    }

    #[test]
    fn spans_at_every_edge_of_a_long_line_never_panic() {
        let text = format!("é{}\n{}ü", "a".repeat(70_000), "b".repeat(70_000));
        for (start, end) in [
            (0, 0),
            (0, text.len()),
            (1, 2),
            (70_000, 70_003),
            (text.len() - 1, text.len()),
            (text.len(), text.len()),
            (35_000, 140_000),
        ] {
            let out = render("p.json", &text, &[finding(start, end)]);
            assert!(out.contains("too big"), "{start}..{end}: {out}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Any span, even one outside the text or inside a character, on text with long and
        /// short lines and characters of every width, is drawn or said to be undrawable; never
        /// a panic.
        #[test]
        fn any_span_on_any_text_renders(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("\n".to_owned()),
                    proptest::strategy::Just("é😀\t".to_owned()),
                    (0usize..70_000).prop_map(|n| "x".repeat(n)),
                    "\\PC{0,20}",
                ],
                0..6,
            ),
            start in 0usize..300_000,
            length in 0usize..100_000,
        ) {
            let text: String = pieces.concat();
            let out = render("p.json", &text, &[finding(start, start + length)]);
            proptest::prop_assert!(out.contains("too big"));
        }
    }

    #[test]
    fn short_lines_are_drawn_as_before() {
        let text = "{\n  \"Version\": \"2012-10-17\"\n}";
        let out = render("p.json", text, &[finding(4, 13)]);
        assert!(out.contains("[p.json:2:3]"), "{out}");
        assert!(out.contains("\"Version\": \"2012-10-17\""), "{out}");
    }
}
