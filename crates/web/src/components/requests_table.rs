//! Ask: the requests the instance makes, one row each (action, resource, expected decision), its
//! verdict beside it, re-evaluated on every edit. Rows are added, removed and reordered with the
//! mouse (drag a row by its handle) or the keyboard (Alt+↑/↓ in a row, or its buttons).

use crate::compose::{Edit, Outline, Path, RequestOutline, templates};
use crate::state::{RequestView, ScenarioView};
use crate::suggest;
use serde_json::Value;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`RequestsTable`].
#[derive(Properties, PartialEq)]
pub struct RequestsTableProps {
    /// The scenario as written.
    pub outline: Rc<Outline>,
    /// What the engine made of it.
    pub view: Rc<ScenarioView>,
    /// The row whose chain is shown.
    pub selected: Option<usize>,
    /// Called with each edit.
    pub on_edit: Callback<Edit>,
    /// Called with the row to show the chain of.
    pub on_select: Callback<Option<usize>>,
    /// Whether the rows have their fields; `false` in the page's first frame ([`preview`]).
    #[prop_or(true)]
    pub interactive: bool,
}

/// The verdict's CSS class.
pub fn verdict_class(verdict: &str) -> &'static str {
    match verdict {
        "allowed" => "allowed",
        "explicit deny" => "explicitDeny",
        "implicit deny" => "implicitDeny",
        _ => "broken",
    }
}

/// The menu's words for an expected decision.
fn expect_label(value: &str) -> &'static str {
    match value {
        "allowed" => "expect allowed",
        "explicitDeny" => "expect explicit deny",
        "implicitDeny" => "expect implicit deny",
        _ => "no expectation",
    }
}

fn expect_options(value: &str, on_choose: Callback<String>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        on_choose.emit(e.target_unchecked_into::<HtmlSelectElement>().value());
    });
    let option = |v: &'static str| {
        html! { <option value={v} selected={value == v}>{ expect_label(v) }</option> }
    };
    html! {
        <select {onchange} aria-label="Expected decision" class="request-expect">
            { option("") }
            { option("allowed") }
            { option("explicitDeny") }
            { option("implicitDeny") }
        </select>
    }
}

/// Which VPC endpoint a request goes through, when the scenario has any (or the request names
/// one).
fn endpoint_options(
    request: &RequestOutline,
    outline: &Outline,
    i: usize,
    on_edit: &Callback<Edit>,
) -> Html {
    if outline.endpoints.is_empty() && request.endpoint.is_empty() {
        return html! {};
    }
    let onchange = {
        let (at, on_edit) = (request.at.key("vpcEndpoint"), on_edit.clone());
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            on_edit.emit(if id.is_empty() {
                Edit::Remove(at.clone())
            } else {
                Edit::Set(at.clone(), Value::String(id))
            });
        })
    };
    let mut ids: Vec<&str> = outline.endpoints.iter().map(|e| e.id.as_str()).collect();
    if !request.endpoint.is_empty() && !ids.contains(&request.endpoint.as_str()) {
        ids.push(&request.endpoint);
    }
    html! {
        <select {onchange} class="request-endpoint" data-testid="request-endpoint"
            aria-label={format!("VPC endpoint of request {}", i + 1)}>
            <option value="" selected={request.endpoint.is_empty()}>{ "not through an endpoint" }</option>
            { for ids.into_iter().map(|id| html! {
                <option value={id.to_owned()} selected={request.endpoint == id}>{ format!("through {id}") }</option>
            }) }
        </select>
    }
}

struct Row<'a> {
    index: usize,
    count: usize,
    request: &'a RequestOutline,
    view: Option<&'a RequestView>,
    selected: bool,
    named: &'a [String],
}

impl Row<'_> {
    /// The verdict in words.
    fn verdict(&self) -> &'static str {
        self.view.map_or("not evaluated", |v| v.verdict)
    }

    /// The decision expected instead, when the verdict is not the one stated.
    fn unexpected(&self) -> Option<&'static str> {
        self.view.and_then(|v| v.unexpected)
    }

    /// The row's classes.
    fn class(&self) -> Classes {
        classes!(
            "request-row",
            self.selected.then_some("selected"),
            self.unexpected().map(|_| "unexpected")
        )
    }

    /// What the verdict's button says.
    fn verdict_text(&self) -> Html {
        html! {
            <>
                { self.verdict() }
                if let Some(expected) = self.unexpected() {
                    <span class="verdict-expected">{ format!(" — expected {expected}") }</span>
                }
            </>
        }
    }

    /// The hint on the action and the request's warnings, under its fields: always one
    /// element for the warnings, so the fields before it are never re-created while typing.
    fn notes(&self, warning_test_id: Option<&'static str>) -> Html {
        html! {
            <>
                if let Some(hint) = suggest::action_hint(&self.request.action) {
                    <span class="request-hint">{ hint }</span>
                }
                <span class="request-warnings">
                    { for self.view.iter().flat_map(|v| &v.warnings).map(|w| html! {
                        <span class="request-hint" data-testid={warning_test_id}>{ w }</span>
                    }) }
                </span>
            </>
        }
    }
}

/// A row as the page's first frame shows it: the request, its verdict and its expectation as
/// text, where its fields will be and at their size. Its text fields and menus follow once that
/// frame is painted: a fresh load spent about 60 ms setting up Chromium's first text field and
/// menu before it could paint the verdicts beside them.
fn preview(r: &Row<'_>) -> Html {
    html! {
        <li class={r.class()}>
            <span class="handle" aria-hidden="true">{ "⠿" }</span>
            <div class="request-inputs">
                <span class="field-preview">{ &r.request.action }</span>
                <span class="field-preview">{ &r.request.resource }</span>
                { r.notes(None) }
            </div>
            <div class="request-side">
                <button type="button" class={classes!("verdict", verdict_class(r.verdict()))}>
                    { r.verdict_text() }
                </button>
                <span class="field-preview request-expect">{ expect_label(&r.request.expect) }</span>
            </div>
        </li>
    }
}

fn row(r: &Row<'_>, props: &RequestsTableProps, dragged: &UseStateHandle<Option<usize>>) -> Html {
    let (i, on_edit) = (r.index, &props.on_edit);
    let list = Path::root().key("requests");
    let at = r.request.at.clone();
    let text = |key: &'static str| {
        let (at, on_edit) = (at.key(key), on_edit.clone());
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            on_edit.emit(Edit::Text(at.clone(), value));
        })
    };
    let moved = |to: usize| {
        let list = list.clone();
        on_edit.reform(move |_: MouseEvent| Edit::Move(list.clone(), i, to))
    };
    let onkeydown = {
        let (list, on_edit, count) = (list.clone(), on_edit.clone(), r.count);
        Callback::from(move |e: KeyboardEvent| {
            let to = match (e.alt_key(), e.key().as_str()) {
                (true, "ArrowUp") if i > 0 => i - 1,
                (true, "ArrowDown") if i + 1 < count => i + 1,
                _ => return,
            };
            e.prevent_default();
            on_edit.emit(Edit::Move(list.clone(), i, to));
        })
    };
    let expect = {
        let (at, on_edit) = (at.key("expect"), on_edit.clone());
        Callback::from(move |v: String| {
            on_edit.emit(if v.is_empty() {
                Edit::Remove(at.clone())
            } else {
                Edit::Set(at.clone(), Value::String(v))
            });
        })
    };
    let remove = on_edit.reform({
        let at = at.clone();
        move |_: MouseEvent| Edit::Remove(at.clone())
    });
    let select = {
        let (on_select, selected) = (props.on_select.clone(), r.selected);
        Callback::from(move |_: MouseEvent| on_select.emit(if selected { None } else { Some(i) }))
    };
    let ondragstart = {
        let dragged = dragged.clone();
        Callback::from(move |_: DragEvent| dragged.set(Some(i)))
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let (dragged, list, on_edit) = (dragged.clone(), list.clone(), on_edit.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(from) = *dragged {
                if from != i {
                    on_edit.emit(Edit::Move(list.clone(), from, i));
                }
            }
            dragged.set(None);
        })
    };
    let actions_id = format!("actions-{i}");
    let resources_id = format!("resources-{i}");
    let region = match props.outline.instance.region.as_str() {
        "" => "us-east-1",
        region => region,
    };
    html! {
        <li class={r.class()} {ondragover} {ondrop} {onkeydown} data-testid="request-row">
            <span class="handle" draggable="true" {ondragstart} title="drag to reorder" aria-hidden="true">{ "⠿" }</span>
            <div class="request-inputs">
                <input type="text" class="request-action-input" value={r.request.action.clone()} oninput={text("action")}
                    data-testid="request-action" aria-label={format!("Action of request {}", i + 1)}
                    list={actions_id.clone()} spellcheck="false" autocomplete="off" placeholder="s3:PutObject" />
                <datalist id={actions_id}>
                    { for suggest::actions(&r.request.action).into_iter().map(|a| html! { <option value={a} /> }) }
                </datalist>
                <input type="text" class="request-resource-input" value={r.request.resource.clone()} oninput={text("resource")}
                    data-testid="request-resource" aria-label={format!("Resource of request {}", i + 1)}
                    list={resources_id.clone()} spellcheck="false" autocomplete="off" placeholder="arn:aws:s3:::bucket/key" />
                <datalist id={resources_id}>
                    { for suggest::resources(&r.request.action, &props.outline.account, region, r.named).into_iter().map(|a| html! { <option value={a} /> }) }
                </datalist>
                { r.notes(Some("request-warning")) }
            </div>
            <div class="request-side">
                <button type="button" class={classes!("verdict", verdict_class(r.verdict()))} data-testid="request-verdict"
                    onclick={select} aria-pressed={r.selected.to_string()} title="show why">
                    { r.verdict_text() }
                </button>
                { expect_options(&r.request.expect, expect) }
                { endpoint_options(r.request, &props.outline, i, on_edit) }
                <span class="row-buttons">
                    <button type="button" class="small" onclick={moved(i.saturating_sub(1))} disabled={i == 0} aria-label={format!("Move request {} up", i + 1)}>{ "↑" }</button>
                    <button type="button" class="small" onclick={moved((i + 1).min(r.count - 1))} disabled={i + 1 == r.count} aria-label={format!("Move request {} down", i + 1)}>{ "↓" }</button>
                    <button type="button" class="small remove" onclick={remove} aria-label={format!("Remove request {}", i + 1)}>{ "×" }</button>
                </span>
            </div>
        </li>
    }
}

/// "8 of 12 requests allowed; 4 denied as expected": what happened, with the unexpected ones
/// counted apart.
pub fn tally(outline: &Outline, view: &ScenarioView) -> (String, bool) {
    let total = outline.requests.len();
    if view.headline.is_none() {
        return (
            "The scenario has problems: fix them to evaluate the requests.".to_owned(),
            false,
        );
    }
    let allowed = view
        .requests
        .iter()
        .filter(|r| r.verdict == "allowed")
        .count();
    let unexpected = view
        .requests
        .iter()
        .filter(|r| r.unexpected.is_some())
        .count();
    let denied = total - allowed;
    let stated = outline
        .requests
        .iter()
        .filter(|r| !r.expect.is_empty())
        .count();
    let mut text = format!(
        "{allowed} of {total} request{} allowed",
        if total == 1 { "" } else { "s" }
    );
    if denied > 0 {
        let as_expected = view
            .requests
            .iter()
            .zip(&outline.requests)
            .filter(|(v, o)| {
                v.verdict != "allowed" && !o.expect.is_empty() && v.unexpected.is_none()
            })
            .count();
        text.push_str(&format!("; {denied} denied"));
        if as_expected > 0 {
            text.push_str(&format!(" ({as_expected} as expected)"));
        }
    }
    if unexpected > 0 {
        text.push_str(&format!("; {unexpected} not as expected"));
    } else if stated > 0 {
        text.push_str("; every stated expectation met");
    }
    let good = unexpected == 0 && (stated > 0 || denied == 0);
    (text, good)
}

/// The requests table.
#[component]
pub fn RequestsTable(props: &RequestsTableProps) -> Html {
    let dragged = use_state(|| None::<usize>);
    // After "Add request", the new row's action has the focus, ready to type.
    let adding = use_mut_ref(|| false);
    let list_ref = use_node_ref();
    let outline = &props.outline;
    let named = suggest::arns(
        outline
            .role
            .iter()
            .flat_map(|r| r.inline.iter().map(|(_, p)| p.text.as_str()))
            .chain(
                outline
                    .managed
                    .iter()
                    .filter(|m| !m.is_aws())
                    .map(|m| m.policy.text.as_str()),
            )
            .chain(
                outline
                    .resource_policies
                    .iter()
                    .map(|r| r.resource.as_str()),
            ),
    );
    let count = outline.requests.len();
    let rows = outline.requests.iter().enumerate().map(|(index, request)| {
        let r = Row {
            index,
            count,
            request,
            view: props.view.requests.get(index),
            selected: props.selected == Some(index),
            named: &named,
        };
        if props.interactive {
            row(&r, props, &dragged)
        } else {
            preview(&r)
        }
    });
    {
        let (adding, list_ref) = (adding.clone(), list_ref.clone());
        use_effect_with(outline.requests.len(), move |_| {
            if std::mem::take(&mut *adding.borrow_mut()) {
                let last = list_ref
                    .cast::<web_sys::Element>()
                    .and_then(|list| list.query_selector_all("[data-testid=request-action]").ok())
                    .and_then(|all| all.item(all.length().checked_sub(1)?))
                    .and_then(|node| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(node).ok());
                if let Some(input) = last {
                    let _ = input.focus();
                    input.select();
                }
            }
        });
    }
    let add = {
        let adding = adding.clone();
        props.on_edit.reform(move |_: MouseEvent| {
            *adding.borrow_mut() = true;
            Edit::Push(Path::root().key("requests"), templates::request())
        })
    };
    let (tally, good) = tally(outline, &props.view);
    html! {
        <section class="ask" aria-labelledby="ask-title">
            <h2 id="ask-title">{ "Ask: can the instance…" }</h2>
            <p class={classes!("tally", if good { "ok" } else { "bad" })} data-testid="tally"
                elementtiming="first-verdict">{ tally }</p>
            <ol class="request-rows" ref={list_ref}>{ for rows }</ol>
            <button type="button" onclick={add} data-testid="add-request">{ "Add request" }</button>
        </section>
    }
}
