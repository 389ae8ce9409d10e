//! The link to the scenario, shown to copy once the user asked for it.

use yew::prelude::*;

/// Props of [`ShareLink`].
#[derive(Properties, PartialEq)]
pub struct ShareLinkProps {
    /// The link, or why there is none.
    pub link: AttrValue,
}

/// The link in a read-only field, with where the scenario lives in it.
#[component]
pub fn ShareLink(props: &ShareLinkProps) -> Html {
    html! {
        <p class="share-link">{ "Link to this scenario (it lives in the part after #, which is never sent to a server): " }
            <input readonly=true value={props.link.clone()} data-testid="share-link" />
        </p>
    }
}
