//! The `iamplay-interchange` binary: the export and import panels
//! ([`iamplay_web::interchange_ui`]), a Yew app of their own that the page starts when the user
//! first exports or imports. It adds its stylesheet to the page (kept out of the page's first
//! load), then renders into an element of its own at the end of the page once the stylesheet
//! has loaded (or failed to), so the panels never show unstyled.

use gloo_events::EventListener;
use wasm_bindgen::JsCast;

/// The panels' stylesheet, beside the page.
const STYLESHEET: &str = "./iamplay-interchange.css";

fn render() {
    if let Some(root) = iamplay_web::root("interchange") {
        yew::Renderer::<iamplay_web::interchange_ui::InterchangeApp>::with_root(root).render();
    }
}

fn main() {
    console_error_panic_hook::set_once();
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| Some((d.create_element("link").ok()?, d.head()?)))
        .and_then(|(link, head)| {
            let link: web_sys::HtmlLinkElement = link.dyn_into().ok()?;
            link.set_rel("stylesheet");
            link.set_href(STYLESHEET);
            head.append_child(&link).ok()?;
            Some(link)
        });
    let Some(link) = link else {
        render();
        return;
    };
    // Whichever comes first renders; the listeners live as long as the page.
    let rendered = std::rc::Rc::new(std::cell::Cell::new(false));
    for kind in ["load", "error"] {
        let rendered = rendered.clone();
        EventListener::once(&link, kind, move |_| {
            if !rendered.replace(true) {
                render();
            }
        })
        .forget();
    }
}
