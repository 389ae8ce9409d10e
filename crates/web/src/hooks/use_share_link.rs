//! The share link: the scenario is put in the page's URL fragment, which browsers never send to a
//! server, and the whole link is shown to copy.

use crate::share;
use yew::prelude::*;

/// What is shown when a scenario is too large for a link.
const TOO_LARGE: &str = "this scenario is too large to share as a link";

/// The link to the scenario once asked for (or why there is none), and the callback that asks.
#[hook]
pub fn use_share_link(scenario: &str) -> (Option<AttrValue>, Callback<()>) {
    let link = use_state(|| None::<AttrValue>);
    let on_share = {
        let link = link.clone();
        let scenario = scenario.to_owned();
        Callback::from(move |()| {
            let made = share::fragment(&scenario).and_then(|fragment| {
                let location = web_sys::window()?.location();
                let _ = location.set_hash(&fragment);
                location.href().ok()
            });
            link.set(Some(
                made.map_or(AttrValue::Static(TOO_LARGE), AttrValue::from),
            ));
        })
    };
    ((*link).clone(), on_share)
}
