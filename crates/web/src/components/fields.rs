//! The structured view's fields: a labelled text input, a choice, and a tag list, each turning
//! what the user does into an edit of the scenario document at its path.

use crate::compose::{Edit, Path, templates};
use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// What the field is.
    pub label: AttrValue,
    /// Where its value is written.
    pub at: Path,
    /// Its value.
    pub value: AttrValue,
    /// Called with the edit of each keystroke.
    pub on_edit: Callback<Edit>,
    /// A `data-testid`, if tests need the input.
    #[prop_or_default]
    pub test_id: Option<AttrValue>,
    /// A hint shown when empty.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Other places to write the same value (a name that others refer to).
    #[prop_or_default]
    pub also: Vec<Path>,
    /// The id of a `<datalist>` of suggestions.
    #[prop_or_default]
    pub list: Option<AttrValue>,
}

/// A labelled text input.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let (at, also, on_edit) = (props.at.clone(), props.also.clone(), props.on_edit.clone());
    let oninput = Callback::from(move |e: InputEvent| {
        let value = e.target_unchecked_into::<HtmlInputElement>().value();
        let mut edits = vec![Edit::Text(at.clone(), value.clone())];
        edits.extend(
            also.iter()
                .map(|p| Edit::Set(p.clone(), Value::String(value.clone()))),
        );
        on_edit.emit(if edits.len() == 1 {
            edits.remove(0)
        } else {
            Edit::Batch(edits)
        });
    });
    html! {
        <label class="field">
            <span class="field-label">{ &props.label }</span>
            <input type="text" value={props.value.clone()} {oninput} spellcheck="false"
                autocomplete="off" data-testid={props.test_id.clone()}
                placeholder={props.placeholder.clone()} list={props.list.clone()} />
        </label>
    }
}

/// Props of [`Choice`].
#[derive(Properties, PartialEq)]
pub struct ChoiceProps {
    /// What the choice is.
    pub label: AttrValue,
    /// The options: value and what it says.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// The chosen value.
    pub value: AttrValue,
    /// Called with the chosen value.
    pub on_choose: Callback<String>,
    /// A `data-testid`, if tests need the select.
    #[prop_or_default]
    pub test_id: Option<AttrValue>,
}

/// A labelled select.
#[component]
pub fn Choice(props: &ChoiceProps) -> Html {
    let on_choose = props.on_choose.clone();
    let onchange = Callback::from(move |e: Event| {
        on_choose.emit(e.target_unchecked_into::<HtmlSelectElement>().value());
    });
    let known = props.options.iter().any(|(v, _)| *v == props.value);
    html! {
        <label class="field">
            <span class="field-label">{ &props.label }</span>
            <select {onchange} data-testid={props.test_id.clone()}>
                if !known {
                    <option value={props.value.clone()} selected=true>{ format!("{} (not listed)", props.value) }</option>
                }
                { for props.options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={*value == props.value}>{ text }</option>
                }) }
            </select>
        </label>
    }
}

/// Props of [`Tags`].
#[derive(Properties, PartialEq)]
pub struct TagsProps {
    /// Where the tags object is.
    pub at: Path,
    /// The tags.
    pub tags: Vec<(String, String)>,
    /// Called with each edit.
    pub on_edit: Callback<Edit>,
}

/// Tag keys and values: rename a key, change a value, remove a tag, add one.
#[component]
pub fn Tags(props: &TagsProps) -> Html {
    let rows = props.tags.iter().map(|(key, value)| {
        let here = props.at.key(key);
        let rename = {
            let (here, on_edit) = (here.clone(), props.on_edit.clone());
            Callback::from(move |e: Event| {
                let name = e.target_unchecked_into::<HtmlInputElement>().value();
                on_edit.emit(Edit::Rename(here.clone(), name));
            })
        };
        let change = {
            let (here, on_edit) = (here.clone(), props.on_edit.clone());
            Callback::from(move |e: InputEvent| {
                let value = e.target_unchecked_into::<HtmlInputElement>().value();
                on_edit.emit(Edit::Set(here.clone(), Value::String(value)));
            })
        };
        let remove = props.on_edit.reform(move |_: MouseEvent| Edit::Remove(here.clone()));
        html! {
            <li class="tag">
                <input type="text" class="tag-key" value={key.clone()} onchange={rename} aria-label="Tag key" />
                <input type="text" class="tag-value" value={value.clone()} oninput={change} aria-label={format!("Value of tag {key}")} />
                <button type="button" class="small remove" onclick={remove} aria-label={format!("Remove tag {key}")}>{ "×" }</button>
            </li>
        }
    });
    let add = {
        let (at, taken) = (props.at.clone(), props.tags.clone());
        props.on_edit.reform(move |_: MouseEvent| {
            let key = templates::unused_name(
                |n| {
                    if n == 1 {
                        "Key".to_owned()
                    } else {
                        format!("Key{n}")
                    }
                },
                |key| taken.iter().any(|(t, _)| t == key),
            );
            Edit::Set(at.key(&key), Value::String(String::new()))
        })
    };
    html! {
        <div class="field tags">
            <span class="field-label">{ "Tags" }</span>
            <ul class="tag-list">{ for rows }</ul>
            <button type="button" class="small" onclick={add}>{ "Add tag" }</button>
        </div>
    }
}
