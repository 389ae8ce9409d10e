//! A fold (`<details>`) whose content is built the first time it opens. Closed folds hold most
//! of a scenario's editors (an instance's AWS managed policies alone are hundreds of elements),
//! so the first paint builds half the elements it would, and shows its first verdict sooner.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FoldProps {
    /// The fold's title.
    pub summary: AttrValue,
    /// Opened by the page (a statement in it is revealed), whatever the user did.
    #[prop_or_default]
    pub open: bool,
    /// The `details` element's class.
    #[prop_or(AttrValue::Static("fold"))]
    pub class: AttrValue,
    /// The `details` element's `data-testid`.
    #[prop_or_default]
    pub test_id: Option<AttrValue>,
    /// What it holds.
    pub children: Html,
}

/// A fold whose children are built once it is first open, and kept while it is on the page.
#[component]
pub fn Fold(props: &FoldProps) -> Html {
    let opened = use_state(|| false);
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |e: Event| {
            let open = e
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|details| details.has_attribute("open"));
            if open && !*opened {
                opened.set(true);
            }
        })
    };
    let open = props.open;
    html! {
        <details class={props.class.clone()} {open} data-testid={props.test_id.clone()} {ontoggle}>
            <summary>{ props.summary.clone() }</summary>
            if open || *opened {
                { props.children.clone() }
            }
        </details>
    }
}
