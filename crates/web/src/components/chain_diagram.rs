//! Why a request got its verdict: the chain as a row of links (launch → instance profile →
//! trust policy → role session) then each stage of AWS's decision order, green where it held
//! and red where it broke; the deciding statements and near misses, each revealed in its
//! editor on a click; and the context keys the policies wanted, to fill in right there.

use crate::compose::{Edit, Path};
use crate::state::{PlaceView, RequestView, ScenarioView};
use serde_json::Value;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`ChainDiagram`].
#[derive(Properties, PartialEq)]
pub struct ChainDiagramProps {
    /// What the engine made of the scenario.
    pub view: Rc<ScenarioView>,
    /// The request shown.
    pub index: usize,
    /// Called with a statement to reveal in its editor: `(policy path, statement index)`.
    pub on_reveal: Callback<(String, usize)>,
    /// Called with each edit (context keys).
    pub on_edit: Callback<Edit>,
    /// Called with a statement's UTF-16 range in the document, when the document is shown.
    pub on_select: Option<Callback<(u32, u32)>>,
}

fn node(name: &str, class: &'static str, detail: &str) -> Html {
    html! {
        <li class={classes!("chain-node", class)} title={detail.to_owned()}>
            <span class="chain-mark" aria-hidden="true">{ match class { "ok" => "✓", "bad" => "✗", _ => "–" } }</span>
            <span class="chain-name">{ name.to_owned() }</span>
            <span class="visually-hidden">{ format!(": {}", match class { "ok" => "held", "bad" => "broke", _ => "not reached" }) }</span>
        </li>
    }
}

fn places(
    title: &str,
    list: &[PlaceView],
    props: &ChainDiagramProps,
    test_id: &'static str,
) -> Html {
    if list.is_empty() {
        return html! {};
    }
    let items = list.iter().map(|p| {
        let onclick = match &props.on_select {
            Some(on_select) => p.range.map(|range| on_select.reform(move |_: MouseEvent| range)),
            None => p.at.clone().map(|at| props.on_reveal.reform(move |_: MouseEvent| at.clone())),
        };
        let at = match (p.line, p.column) {
            (Some(line), Some(column)) => format!("line {line}, column {column}"),
            _ => "AWS managed policy".to_owned(),
        };
        html! {
            <li class="place">
                <button type="button" class="problem-place" disabled={onclick.is_none()} {onclick}
                    data-testid={test_id} title="show this statement in its editor">{ &p.label }</button>
                <span class="place-at">{ at }</span>
                if let Some(why) = &p.why {
                    <span class="place-why">{ why }</span>
                }
            </li>
        }
    });
    html! {
        <>
            <h3 class="places-title">{ title.to_owned() }</h3>
            <ul class="places">{ for items }</ul>
        </>
    }
}

fn missing(r: &RequestView, index: usize, on_edit: &Callback<Edit>) -> Html {
    if r.missing_keys.is_empty() {
        return html! {};
    }
    let at = Path::root().key("requests").index(index).key("context");
    let keys = r.missing_keys.iter().map(|key| {
        let (at, on_edit) = (at.key(key), on_edit.clone());
        let onchange = Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            on_edit.emit(Edit::Set(at.clone(), Value::String(value)));
        });
        html! {
            <label class="field">
                <span class="field-label"><code>{ key }</code></span>
                <input type="text" {onchange} placeholder="value, then Enter" data-testid="missing-key" />
            </label>
        }
    });
    html! {
        <div class="missing-keys">
            <h3 class="places-title">{ "Context keys the policies use that this request lacks" }</h3>
            { for keys }
        </div>
    }
}

/// The chain and the decision of one request.
#[component]
pub fn ChainDiagram(props: &ChainDiagramProps) -> Html {
    let view = &props.view;
    let Some(r) = view.requests.get(props.index) else {
        return html! {};
    };
    let denied = r.decision != "allowed";
    let links = view
        .links
        .iter()
        .map(|l| node(l.name, if l.ok { "ok" } else { "bad" }, &l.detail));
    let steps = r.steps.iter().map(|s| {
        let class = match s.outcome {
            "passed" => "ok",
            "decided" if denied => "bad",
            "decided" => "ok",
            _ => "skipped",
        };
        node(s.stage, class, &s.detail)
    });
    html! {
        <section class="chain" data-testid="chain" aria-label={format!("Why request {} got {}", props.index + 1, r.verdict)}>
            <h2>{ format!("Why: {} on {}", r.action, r.resource) }</h2>
            <ol class="chain-nodes">{ for links }{ for steps }</ol>
            if let Some(summary) = &r.summary {
                <p class="request-why" data-testid="request-why">{ summary }</p>
            }
            if let Some(unsigned) = &r.unsigned {
                <p class="request-why" data-testid="request-unsigned">{ unsigned }</p>
            }
            { places("Deciding statements", &r.deciding, props, "deciding") }
            { places("Near misses", &r.near_misses, props, "near-miss") }
            { missing(r, props.index, &props.on_edit) }
        </section>
    }
}
