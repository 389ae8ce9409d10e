//! A policy's own editor: line numbers, JSON colours, lint findings underlined where they are
//! (the message shows on hover and where the caret is, and in the list under the editor), a
//! format button, and a mark on the statements that decided the selected request. A transparent
//! text area lies over the coloured copy, so the browser's own editing, selection and undo work.

use super::completions::Completions;
use crate::complete::{self, Completion};
use crate::compose::{PolicyOutline, format_policy};
use crate::highlight::{Piece, Token, line_of, lines};
use crate::state::utf16_offset;
use iamplay_core::LineIndex;
use iamplay_core::diagnostic::Severity;
use web_sys::{Element, HtmlTextAreaElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

/// Props of [`PolicyEditor`].
#[derive(Properties, PartialEq)]
pub struct PolicyEditorProps {
    /// The policy, its findings and its statements.
    pub policy: PolicyOutline,
    /// The editor's accessible name, e.g. `Trust policy of MyRole`.
    pub label: AttrValue,
    /// Whether it may not be changed (AWS managed policies).
    #[prop_or_default]
    pub read_only: bool,
    /// Statements to mark in the gutter (they decided the selected request).
    #[prop_or_default]
    pub marked: Vec<usize>,
    /// A statement to scroll to, select and highlight; the number changes on each request, so
    /// asking again for the same statement reveals it again.
    #[prop_or_default]
    pub reveal: Option<(usize, u32)>,
    /// Called with the new text on every keystroke, and with the formatted text.
    pub on_edit: Callback<String>,
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "finding-error",
        Severity::SecurityWarning => "finding-security",
        Severity::Warning => "finding-warning",
        Severity::Suggestion => "finding-suggestion",
    }
}

fn piece(p: &Piece) -> Html {
    if p.token == Token::Plain && p.finding.is_none() {
        // Whitespace and other uncoloured text is a bare text node: the first paint builds a
        // third fewer elements.
        return yew::virtual_dom::VText::new(p.text.clone()).into();
    }
    let class = classes!(p.token.class(), p.finding.map(severity_class));
    html! { <span {class}>{ &p.text }</span> }
}

/// The byte offset of a UTF-16 offset in `text`.
fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// The message of the most serious finding at a byte offset.
fn message_at(policy: &PolicyOutline, offset: usize) -> Option<String> {
    policy
        .findings
        .iter()
        .find(|f| f.span.start <= offset && offset <= f.span.end)
        .map(|f| format!("{}: {}", f.severity.as_str(), f.message))
}

/// Selects a byte range in the text area and scrolls its first line into view.
fn select(area: &HtmlTextAreaElement, text: &str, start: usize, end: usize, line: &Element) {
    let _ = area.focus();
    let _ = area.set_selection_range(utf16_offset(text, start), utf16_offset(text, end));
    let options = ScrollIntoViewOptions::new();
    options.set_block(ScrollLogicalPosition::Center);
    line.scroll_into_view_with_scroll_into_view_options(&options);
}

/// A node whose size fits `columns` × `lines` of code, set through its style object: the page's
/// Content-Security-Policy refuses `style` attributes.
#[hook]
fn use_code_size(columns: usize, lines: usize) -> NodeRef {
    let code = use_node_ref();
    {
        let code = code.clone();
        use_effect_with((columns, lines), move |&(columns, lines)| {
            if let Some(style) = code.cast::<web_sys::HtmlElement>().map(|c| c.style()) {
                let _ = style.set_property("width", &format!("calc({columns}ch + 2rem)"));
                let _ = style.set_property(
                    "height",
                    &format!("calc({lines} * var(--code-line) + 1rem)"),
                );
            }
        });
    }
    code
}

/// One policy's editor.
#[component]
pub fn PolicyEditor(props: &PolicyEditorProps) -> Html {
    let area = use_node_ref();
    let layer = use_node_ref();
    let status = use_state(|| None::<String>);
    let completion = use_state(|| None::<Completion>);
    let suggestions = use_node_ref();
    let policy = &props.policy;
    let text = policy.text.clone();
    let findings: Vec<_> = policy
        .findings
        .iter()
        .map(|f| (f.severity, f.span))
        .collect();
    let rows = lines(&text, &findings);
    let revealed = props
        .reveal
        .and_then(|(index, _)| policy.statements.get(index).copied());
    let hit_lines = revealed.map(|s| (line_of(&text, s.start), line_of(&text, s.end)));
    let marked_lines: Vec<usize> = props
        .marked
        .iter()
        .filter_map(|i| policy.statements.get(*i))
        .map(|s| line_of(&text, s.start))
        .collect();
    {
        let (area, layer, text) = (area.clone(), layer.clone(), text.clone());
        use_effect_with(props.reveal, move |reveal| {
            let (Some(span), Some(area), Some(layer)) = (
                revealed.filter(|_| reveal.is_some()),
                area.cast::<HtmlTextAreaElement>(),
                layer.cast::<Element>(),
            ) else {
                return;
            };
            let line = line_of(&text, span.start) as u32;
            if let Some(line) = layer.children().item(line) {
                select(&area, &text, span.start, span.end, &line);
            }
        });
    }
    {
        // A new text: what was said at the caret is about the old one.
        let status = status.clone();
        use_effect_with(text.clone(), move |_| status.set(None));
    }
    let on_edit = props.on_edit.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        let area: HtmlTextAreaElement = event.target_unchecked_into();
        on_edit.emit(area.value());
    });
    let caret = {
        let (status, policy, completion) = (status.clone(), policy.clone(), completion.clone());
        let read_only = props.read_only;
        Callback::from(move |area: HtmlTextAreaElement| {
            let at = area.selection_start().ok().flatten().unwrap_or_default();
            let value = area.value();
            let at = byte_offset(&value, at);
            status.set(message_at(&policy, at));
            completion.set((!read_only).then(|| complete::at(&value, at)).flatten());
        })
    };
    let onkeydown = keydown(completion.clone(), suggestions.clone());
    let onkeyup = caret.reform(|e: KeyboardEvent| e.target_unchecked_into());
    let onclick = caret.reform(|e: MouseEvent| e.target_unchecked_into());
    let onfocus = caret.reform(|e: FocusEvent| e.target_unchecked_into());
    let onmousemove = {
        let (policy, layer) = (policy.clone(), layer.clone());
        Callback::from(move |e: MouseEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let title = layer
                .cast::<Element>()
                .and_then(|layer| hover(&layer, &policy, e.offset_x(), e.offset_y()));
            area.set_title(title.as_deref().unwrap_or(""));
        })
    };
    let on_format = format_callback(&props.on_edit, &text);
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let code = use_code_size(longest.max(20), rows.len().max(1));
    let (gutter, layer_lines) = (
        gutter(rows.len(), &marked_lines),
        layer_lines(&rows, hit_lines),
    );
    let list = findings_list(policy, &area, &layer);
    html! {
        <div class={classes!("code-editor", props.read_only.then_some("read-only"))}>
            <div class="code-scroll">
                <div class="gutter" aria-hidden="true">{ gutter }</div>
                <div class="code" ref={code}>
                    <div class="code-layer" aria-hidden="true" ref={layer}>{ layer_lines }</div>
                    <textarea ref={area.clone()} class="code-input" data-testid="policy-editor"
                        aria-label={props.label.clone()} readonly={props.read_only}
                        spellcheck="false" autocomplete="off" wrap="off"
                        value={text.clone()} {oninput} {onkeyup} {onkeydown} {onclick} {onfocus} {onmousemove} />
                </div>
            </div>
            <div ref={suggestions}>
                if let Some(found) = (*completion).clone() {
                    <Completions completion={found} text={text.clone()} area={area.clone()}
                        on_edit={props.on_edit.clone()} on_done={{ let c = completion.clone(); Callback::from(move |()| c.set(None)) }} />
                }
            </div>
            <div class="code-foot">
                if !props.read_only {
                    <button type="button" class="small" onclick={on_format}
                        disabled={format_policy(&text).is_none_or(|f| f == text)}>{ "Format" }</button>
                }
                <span class="code-status" role="status" aria-live="polite">
                    { status.as_deref().unwrap_or(if policy.findings.is_empty() { "no findings" } else { "" }) }
                </span>
            </div>
            if !policy.findings.is_empty() {
                <ul class="code-findings">{ for list }</ul>
            }
        </div>
    }
}

/// Formats the text as the document writes JSON, when it is JSON.
fn format_callback(on_edit: &Callback<String>, text: &str) -> Callback<MouseEvent> {
    let (on_edit, text) = (on_edit.clone(), text.to_owned());
    Callback::from(move |_: MouseEvent| {
        if let Some(formatted) = format_policy(&text) {
            on_edit.emit(formatted);
        }
    })
}

/// In the text area: Escape closes the suggestions, Ctrl+Space goes to the first one.
fn keydown(
    completion: UseStateHandle<Option<Completion>>,
    suggestions: NodeRef,
) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
        "Escape" => completion.set(None),
        " " if e.ctrl_key() => {
            e.prevent_default();
            let first = suggestions
                .cast::<Element>()
                .and_then(|list| list.query_selector("button").ok().flatten())
                .and_then(|b| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b).ok());
            if let Some(first) = first {
                let _ = first.focus();
            }
        }
        _ => {}
    })
}

/// The line numbers, the marked statements' first lines with a mark. The numbers between marks
/// are one block of lines, not an element each.
fn gutter(count: usize, marked: &[usize]) -> Html {
    let mut blocks = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, blocks: &mut Vec<Html>| {
        if !run.is_empty() {
            let numbers = run.join("\n");
            run.clear();
            blocks.push(html! { <div class="gutter-line">{ numbers }</div> });
        }
    };
    for i in 0..count {
        if marked.contains(&i) {
            flush(&mut run, &mut blocks);
            blocks.push(html! {
                <div class="gutter-line marked" title="this statement decided the selected request">
                    { format!("▶ {}", i + 1) }
                </div>
            });
        } else {
            run.push((i + 1).to_string());
        }
    }
    flush(&mut run, &mut blocks);
    blocks.into_iter().collect()
}

/// The coloured copy of the text, line by line, the revealed statement's lines highlighted.
fn layer_lines(rows: &[Vec<Piece>], hit: Option<(usize, usize)>) -> Html {
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let hit = hit.is_some_and(|(a, b)| a <= i && i <= b);
            html! { <div class={classes!("code-line", hit.then_some("hit"))}>{ for row.iter().map(piece) }{ "\u{200b}" }</div> }
        })
        .collect()
}

/// The findings under the editor, each a button that selects its span.
fn findings_list(policy: &PolicyOutline, area: &NodeRef, layer: &NodeRef) -> Vec<Html> {
    let text = policy.text.clone();
    let index = LineIndex::new(&text);
    policy.findings.iter().map(|f| {
        let at = index.line_col(f.span.start);
        let (area, layer, text, span) = (area.clone(), layer.clone(), text.clone(), f.span);
        let onclick = Callback::from(move |_: MouseEvent| {
            let line = line_of(&text, span.start) as u32;
            if let (Some(area), Some(line)) = (
                area.cast::<HtmlTextAreaElement>(),
                layer.cast::<Element>().and_then(|l| l.children().item(line)),
            ) {
                select(&area, &text, span.start, span.end, &line);
            }
        });
        html! {
            <li class={classes!("finding", severity_class(f.severity))} data-testid="editor-finding">
                <button type="button" class="problem-place" {onclick}>{ format!("{}:{}", at.line, at.column) }</button>
                <span class="severity">{ f.severity.as_str() }</span>
                <span class="finding-message">{ &f.message }</span>
            </li>
        }
    }).collect()
}

/// The message of the finding under the mouse, from the layer's line height and character width.
fn hover(layer: &Element, policy: &PolicyOutline, x: i32, y: i32) -> Option<String> {
    let first = layer.children().item(0)?;
    let line_height = f64::from(first.client_height()).max(1.0);
    let rect = layer.get_bounding_client_rect();
    let longest = policy.text.lines().map(|l| l.chars().count()).max()?.max(1);
    let char_width = (rect.width() - 32.0).max(1.0) / longest.max(20) as f64;
    let line = ((f64::from(y) - 8.0) / line_height).floor().max(0.0) as usize;
    let column = ((f64::from(x) - 8.0) / char_width).floor().max(0.0) as usize;
    let start = policy
        .text
        .lines()
        .take(line)
        .map(|l| l.len() + 1)
        .sum::<usize>();
    let row = policy.text.lines().nth(line)?;
    let offset = start + row.char_indices().nth(column).map_or(row.len(), |(i, _)| i);
    message_at(policy, offset)
}
