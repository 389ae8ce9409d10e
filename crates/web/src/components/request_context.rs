//! The context keys of the selected request: those it sets (their values, each removable), and
//! a key to add, suggested from the keys the scenario's policies use, each with its type from
//! AWS's catalogue. Keys set here override what EC2 sets for the role session.

use crate::compose::{Edit, RequestOutline};
use serde_json::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`RequestContext`].
#[derive(Properties, PartialEq)]
pub struct RequestContextProps {
    /// The request.
    pub request: RequestOutline,
    /// Its position, from 0.
    pub index: usize,
    /// The condition keys the scenario's policies use, with their types.
    pub keys: Vec<(String, String)>,
    /// Called with each edit.
    pub on_edit: Callback<Edit>,
}

/// An example value of a condition key type, as a hint.
fn example(kind: &str) -> &'static str {
    match kind {
        "Numeric" => "e.g. 2.0",
        "Bool" => "true or false",
        "Date" => "e.g. 2026-11-22T12:00:00Z",
        "IPAddress" => "e.g. 10.0.0.5",
        "ARN" | "ArrayOfARN" => "e.g. arn:aws:…",
        _ => "value",
    }
}

/// The selected request's context.
#[component]
pub fn RequestContext(props: &RequestContextProps) -> Html {
    let at = props.request.at.key("context");
    let type_of = |key: &str| {
        props
            .keys
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map_or("", |(_, t)| t.as_str())
            .to_owned()
    };
    let rows = props.request.context.iter().map(|(key, value)| {
        let (here, on_edit) = (at.key(key), props.on_edit.clone());
        let oninput = Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            on_edit.emit(Edit::Set(here.clone(), Value::String(value)));
        });
        let here = at.key(key);
        let remove = props.on_edit.reform(move |_: MouseEvent| Edit::Remove(here.clone()));
        let kind = type_of(key);
        html! {
            <li class="context-row">
                <label class="field">
                    <span class="field-label"><code>{ key }</code>{ format!(" {kind}") }</span>
                    <input type="text" value={value.clone()} {oninput} placeholder={example(&kind)} data-testid="context-value" />
                </label>
                <button type="button" class="small remove" onclick={remove} aria-label={format!("Remove {key}")}>{ "×" }</button>
            </li>
        }
    });
    let add = {
        let (at, on_edit) = (at.clone(), props.on_edit.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let key = input.value().trim().to_owned();
            if !key.is_empty() {
                input.set_value("");
                on_edit.emit(Edit::Set(at.key(&key), Value::String(String::new())));
            }
        })
    };
    let list = format!("context-keys-{}", props.index);
    html! {
        <section class="request-context" data-testid="request-context">
            <h3 class="places-title">{ "Context keys of this request (they override what EC2 sets)" }</h3>
            <ul class="context-rows">{ for rows }</ul>
            <label class="field">
                <span class="field-label">{ "Add a key (the policies use the suggested ones)" }</span>
                <input type="text" list={list.clone()} onchange={add} placeholder="aws:SourceVpc" data-testid="context-add" />
            </label>
            <datalist id={list}>
                { for props.keys.iter().map(|(key, kind)| html! { <option value={key.clone()}>{ kind.clone() }</option> }) }
            </datalist>
        </section>
    }
}
