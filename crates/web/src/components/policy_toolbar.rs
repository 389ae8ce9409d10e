//! The policy reader's toolbar, above the editor: the examples to start from, a picker of AWS
//! managed policies, and the kind of policy to read the text as.

use crate::state::EXAMPLES;
use iamplay_core::PolicyType;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`PolicyToolbar`].
#[derive(Properties, PartialEq)]
pub struct PolicyToolbarProps {
    /// The kind the policy is read as (`None`: detected).
    pub kind: Option<PolicyType>,
    /// AWS managed policies' names and ARNs, once the site's index has arrived.
    pub index: Option<Rc<Vec<(String, String)>>>,
    /// Called with the index in [`EXAMPLES`] of the example the user chose.
    pub on_example: Callback<usize>,
    /// Called with the kind the user chose.
    pub on_kind: Callback<Option<PolicyType>>,
    /// Called with the ARN of the AWS managed policy the user picked.
    pub on_open: Callback<String>,
}

/// The kinds of policy the reader can read a policy as: `(id, kind, label)`; `detect` (`None`)
/// infers it. The ids are [`PolicyType::parse`]'s, so the choice reads back through it.
fn policy_kinds() -> impl Iterator<Item = (&'static str, Option<PolicyType>, &'static str)> {
    std::iter::once(("detect", None, "detect (identity or resource-based)"))
        .chain(PolicyType::ALL.map(|kind| (kind.id(), Some(kind), kind.label())))
}

/// The examples, the AWS managed policy picker and the "Read as" choice.
#[component]
pub fn PolicyToolbar(props: &PolicyToolbarProps) -> Html {
    let examples = EXAMPLES.iter().enumerate().map(|(index, example)| {
        let onclick = props.on_example.reform(move |_: MouseEvent| index);
        html! { <button type="button" class="example" {onclick}>{ example.label }</button> }
    });
    let on_managed = {
        let index = props.index.clone();
        let on_open = props.on_open.clone();
        Callback::from(move |e: Event| {
            let name = e.target_unchecked_into::<HtmlInputElement>().value();
            let arn = index
                .as_ref()
                .and_then(|index| index.iter().find(|(n, _)| *n == name.trim()))
                .map(|(_, arn)| arn.clone());
            if let Some(arn) = arn {
                on_open.emit(arn);
            }
        })
    };
    let names = props
        .index
        .iter()
        .flat_map(|index| index.iter())
        .map(|(name, _)| html! { <option value={name.clone()} /> });
    let on_kind = props.on_kind.reform(|e: Event| {
        PolicyType::parse(&e.target_unchecked_into::<HtmlSelectElement>().value())
    });
    let kinds = policy_kinds().map(|(id, kind, label)| {
        html! { <option value={id} selected={kind == props.kind}>{ label }</option> }
    });
    html! {
        <div class="toolbar">
            <span class="toolbar-label">{ "Start from:" }</span>
            { for examples }
            <input class="managed-picker" list="aws-managed-policies" data-testid="managed-policy"
                placeholder="an AWS managed policy…" aria-label="Open an AWS managed policy"
                onchange={on_managed} />
            <datalist id="aws-managed-policies">{ for names }</datalist>
            <label class="toolbar-label kind">{ "Read as " }
                <select data-testid="policy-kind" onchange={on_kind}>{ for kinds }</select>
            </label>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_read_as_choice_reads_back_as_its_kind() {
        let choices: Vec<_> = policy_kinds().collect();
        assert_eq!(choices.len(), PolicyType::ALL.len() + 1);
        for (id, kind, label) in choices {
            assert_eq!(PolicyType::parse(id), kind, "{id}");
            assert!(!label.is_empty());
        }
    }
}
