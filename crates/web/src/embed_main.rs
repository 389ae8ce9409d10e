//! The `iamplay-embed` binary: live widgets for documentation pages and the site's embed view.
//! The drop-in script (`web/iamplay-docs.js`) loads it, then calls [`mount`] with the site's
//! address; each block marked `data-iamplay` gets a widget ([`iamplay_web::embed_ui::Widget`])
//! right after it, and the block itself is hidden only once the widget is there, so a page
//! whose script fails still shows the text.

use iamplay_web::embed::{ATTRIBUTE, Ask, BlockKind, REQUESTS_ATTRIBUTE, embed_view};
use iamplay_web::embed_ui::{Widget, WidgetProps};
use wasm_bindgen::prelude::*;

/// Marks a block that has its widget.
const MOUNTED: &str = "data-iamplay-mounted";
/// The embed page's body carries this attribute: the scenario comes from the fragment.
const EMBED_PAGE: &str = "data-iamplay-embed";

fn main() {
    console_error_panic_hook::set_once();
}

/// A new element right after `block`, for its widget.
fn root_after(block: &web_sys::Element, class: &str) -> Option<web_sys::Element> {
    let document = block.owner_document()?;
    let root = document.create_element("div").ok()?;
    root.set_class_name(class);
    block.after_with_node_1(&root).ok()?;
    Some(root)
}

fn render(root: web_sys::Element, props: WidgetProps) {
    yew::Renderer::<Widget>::with_root_and_props(root, props).render();
}

/// Renders a widget for every block of the page marked `data-iamplay` that has none yet (and the
/// embed view on the embed page); `base` is the site's address, ending in `/`, where the
/// catalogue and AWS managed policies are fetched from. Returns how many widgets it made.
#[wasm_bindgen]
pub fn mount(base: String) -> u32 {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return 0;
    };
    if let Some(body) = document.body().filter(|b| b.has_attribute(EMBED_PAGE)) {
        return u32::from(mount_embed_view(&document, &body, base));
    }
    let Ok(blocks) = document.query_selector_all(&format!("[{ATTRIBUTE}]:not([{MOUNTED}])")) else {
        return 0;
    };
    let mut made = 0;
    for i in 0..blocks.length() {
        let Some(block) = blocks
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let _ = block.set_attribute(MOUNTED, "");
        let Some(root) = root_after(&block, "iamplay-root") else {
            continue;
        };
        let kind = BlockKind::parse(&block.get_attribute(ATTRIBUTE).unwrap_or_default());
        let kind = match kind {
            Ok(kind) => kind,
            Err(why) => {
                root.set_class_name("iamplay-root iamplay-error");
                root.set_text_content(Some(&format!("iamplay: {why}")));
                continue;
            }
        };
        let asks: Option<Result<Vec<Ask>, String>> = block
            .get_attribute(REQUESTS_ATTRIBUTE)
            .map(|value| iamplay_web::embed::parse_requests(&value));
        let text = block.text_content().unwrap_or_default();
        render(
            root,
            WidgetProps {
                kind,
                text: text.trim().to_owned(),
                asks,
                base: base.clone(),
                editable: false,
            },
        );
        // The widget shows the text itself: the block is hidden now that it is there.
        let _ = block.class_list().add_1("iamplay-replaced");
        made += 1;
    }
    made
}

/// The embed view: the fragment's scenario as one widget filling the page.
fn mount_embed_view(
    document: &web_sys::Document,
    body: &web_sys::HtmlElement,
    base: String,
) -> bool {
    let fragment = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let Some(root) = document.create_element("div").ok() else {
        return false;
    };
    root.set_class_name("iamplay-root iamplay-embed-view");
    if body.append_child(&root).is_err() {
        return false;
    }
    let view = embed_view(&fragment);
    match view.map(|v| (v.scenario, v.editable)) {
        Some((Ok(text), editable)) => {
            render(
                root,
                WidgetProps {
                    kind: BlockKind::Scenario,
                    text,
                    asks: None,
                    base,
                    editable,
                },
            );
            true
        }
        Some((Err(why), _)) => {
            root.set_class_name("iamplay-root iamplay-error");
            root.set_text_content(Some(&format!(
                "iamplay: this embed cannot be shown: {why}."
            )));
            false
        }
        None => {
            root.set_class_name("iamplay-root iamplay-error");
            root.set_text_content(Some("iamplay: this embed cannot be shown: the link carries no scenario: make one with the playground's Share link."));
            false
        }
    }
}
