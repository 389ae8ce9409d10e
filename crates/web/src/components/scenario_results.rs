//! A scenario's simulation: the verdict, the chain's links (a broken link's statements a click
//! away from their place in the document), the role session's context and the warnings.

use super::Fold;
use crate::state::{PlaceView, ScenarioView};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`ScenarioResults`].
#[derive(Properties, PartialEq)]
pub struct ScenarioResultsProps {
    /// What to show.
    pub view: Rc<ScenarioView>,
    /// Called with the UTF-16 range of a statement the user clicked.
    pub on_select: Callback<(u32, u32)>,
}

fn place(p: &PlaceView, on_select: &Callback<(u32, u32)>, test_id: &'static str) -> Html {
    let at = match (p.line, p.column) {
        (Some(line), Some(column)) => format!("line {line}, column {column}"),
        _ => "not in this document".to_owned(),
    };
    let onclick = p.range.map(|range| {
        let on_select = on_select.clone();
        Callback::from(move |_: MouseEvent| on_select.emit(range))
    });
    html! {
        <li class="place" data-testid={test_id}>
            <button type="button" class="problem-place" disabled={onclick.is_none()} {onclick}
                title="select this statement in the scenario">{ at }</button>
            <span class="place-label">{ &p.label }</span>
            if let Some(why) = &p.why {
                <span class="place-why">{ why }</span>
            }
        </li>
    }
}

/// The simulation's results.
#[component]
pub fn ScenarioResults(props: &ScenarioResultsProps) -> Html {
    let view = &props.view;
    let Some(headline) = &view.headline else {
        return html! {
            <p class="summary bad" data-testid="verdict">{ "The scenario has problems; fix them to simulate it." }</p>
        };
    };
    let links = view.links.iter().map(|l| {
        html! {
            <li class={classes!("link", if l.ok { "ok" } else { "broken" })} data-testid="link">
                <span class="link-mark">{ if l.ok { "✓" } else { "✗" } }</span>
                <span class="link-name">{ l.name }</span>
                <span class="link-detail">{ &l.detail }</span>
                if !l.places.is_empty() {
                    <ul class="places link-places">{ for l.places.iter().map(|p| place(p, &props.on_select, "link-statement")) }</ul>
                }
            </li>
        }
    });
    let session = view.session.iter().map(|k| {
        html! {
            <tr>
                <td><code>{ &k.key }</code></td>
                <td><code>{ &k.value }</code></td>
                <td class="source">{ k.source }</td>
            </tr>
        }
    });
    let expectation = view.expectations.map(|(stated, unmet)| {
        if unmet == 0 {
            format!("every request with an expected decision ({stated}) gets it")
        } else {
            format!("{unmet} of {stated} request(s) do not get the decision the scenario expects")
        }
    });
    let verdict_class = match view.expectations {
        Some((_, unmet)) => {
            if unmet == 0 {
                "ok"
            } else {
                "bad"
            }
        }
        None => {
            if view.all_allowed {
                "ok"
            } else {
                "bad"
            }
        }
    };
    html! {
        <div class="scenario-results">
            <p class={classes!("summary", verdict_class)} data-testid="verdict">{ headline }</p>
            if let Some(expectation) = expectation {
                <p class={classes!("expectations", verdict_class)} data-testid="expectations">{ expectation }</p>
            }
            <ol class="links">{ for links }</ol>
            if let Some(arn) = &view.session_arn {
                <Fold class="session" test_id="session" summary={format!("Role session {arn}")}>
                    <table>
                        <thead><tr><th>{ "Context key" }</th><th>{ "Value" }</th><th>{ "Set by" }</th></tr></thead>
                        <tbody>{ for session }</tbody>
                    </table>
                </Fold>
            }
            if !view.warnings.is_empty() {
                <ul class="warnings">{ for view.warnings.iter().map(|w| html! { <li>{ w }</li> }) }</ul>
            }
        </div>
    }
}
