//! "What can this instance do?": the access summary over AWS's whole catalogue, and the change
//! review against a baseline (what the edits grant that the baseline did not, and remove).

use crate::state::{AccessView, ReviewView, ServiceView};
use iamplay_core::diagnostic::thousands;
use yew::prelude::*;

/// Props of [`AccessPanel`].
#[derive(Properties, PartialEq)]
pub struct AccessPanelProps {
    /// The summary, when shown, or why there is none.
    pub access: Option<Result<AccessView, String>>,
    /// The question the summary answers, e.g. "What can this instance do?".
    pub ask: AttrValue,
    /// The review, when a baseline is set, or why there is none.
    pub review: Option<Result<ReviewView, String>>,
    /// Show or hide the summary.
    pub on_toggle: Callback<()>,
    /// Set the baseline to the scenario as it is now.
    pub on_baseline: Callback<()>,
    /// Stop reviewing.
    pub on_clear: Callback<()>,
    /// Whether what is shown is of an earlier text (it is worked out again once typing pauses).
    #[prop_or_default]
    pub stale: bool,
}

fn services(list: &[ServiceView], test_id: &'static str) -> Html {
    html! {
        <ul class="access-services">
            { for list.iter().map(|s| html! {
                <li data-testid={test_id}>
                    <details>
                        <summary>
                            <code>{ s.service }</code>{ format!(" {} — {} of {} actions", s.name, s.count, s.catalogue) }
                        </summary>
                        <dl class="access-levels">
                            { for s.levels.iter().map(|(level, items)| html! {
                                <>
                                    <dt>{ format!("{level} ({})", items.len()) }</dt>
                                    <dd>{ items.join(", ") }</dd>
                                </>
                            }) }
                        </dl>
                    </details>
                </li>
            }) }
        </ul>
    }
}

/// The access panel.
#[component]
pub fn AccessPanel(props: &AccessPanelProps) -> Html {
    let click = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_: MouseEvent| callback.emit(()))
    };
    let shown = props.access.is_some();
    html! {
        <section class={classes!("access", props.stale.then_some("stale"))} aria-label="Access" aria-busy={props.stale.to_string()}>
            <div class="toolbar">
                <button type="button" class="example" data-testid="access-toggle" aria-pressed={shown.to_string()}
                    onclick={click(&props.on_toggle)}>
                    { if shown { AttrValue::from("Hide access summary") } else { props.ask.clone() } }
                </button>
                <button type="button" class="example" data-testid="baseline-set" onclick={click(&props.on_baseline)}
                    title="review later edits against the document as it is now">{ "Set baseline" }</button>
                if props.review.is_some() {
                    <button type="button" class="example" data-testid="baseline-clear" onclick={click(&props.on_clear)}>
                        { "Clear baseline" }</button>
                }
            </div>
            if props.stale {
                <p class="stale-note" data-testid="summaries-stale">{ "Updated when you pause typing…" }</p>
            }
            { match &props.review {
                None => html! {},
                Some(Err(why)) => html! { <p class="summary bad" data-testid="review-summary">{ why }</p> },
                Some(Ok(review)) => html! {
                    <>
                        <p class={classes!("summary", if review.granted_count == 0 { "ok" } else { "bad" })} data-testid="review-summary">
                            { format!("Since the baseline: {} new, {} removed ({} action/resource pairs decided per version){}",
                                review.granted_count, review.removed_count, thousands(review.evaluated),
                                if review.granted_count == 0 { " — no new access" } else { "" }) }
                        </p>
                        if !review.granted.is_empty() {
                            <h3 class="access-title">{ "New access" }</h3>
                            { services(&review.granted, "review-granted") }
                        }
                        if !review.removed.is_empty() {
                            <h3 class="access-title">{ "Removed access" }</h3>
                            { services(&review.removed, "review-removed") }
                        }
                    </>
                },
            } }
            { match &props.access {
                None => html! {},
                Some(Err(why)) => html! { <p class="summary bad" data-testid="access-summary">{ why }</p> },
                Some(Ok(access)) => html! {
                    <>
                        <p class="summary ok" data-testid="access-summary">
                            { format!("{} actions allowed in {} services ({} action/resource pairs decided on * and {} named resources)",
                                thousands(access.allowed), access.services.len(), thousands(access.evaluated), access.resources) }
                        </p>
                        { services(&access.services, "access-service") }
                    </>
                },
            } }
        </section>
    }
}
