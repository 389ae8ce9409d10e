//! The page's heading: the playground's name and the question it answers.

use yew::prelude::*;

/// The heading above the tabs.
#[component]
pub fn Masthead() -> Html {
    html! {
        <header class="masthead">
            <h1>{ "iamplay" }</h1>
            <p class="tagline">
                { "Can an EC2 instance with this instance profile make this call, and if not, why? Everything runs in your browser: nothing you type leaves this page." }
            </p>
        </header>
    }
}
