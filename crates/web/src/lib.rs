//! The iamplay playground: a Yew front end that reads, checks and explains IAM policies with the
//! iamplay engine, entirely in the browser. Nothing typed here leaves the page.

pub mod app;
pub mod complete;
pub mod components;
pub mod compose;
pub mod embed;
pub mod embed_ui;
pub mod fetch;
pub mod files;
pub mod highlight;
pub mod hooks;
pub mod interchange;
pub mod interchange_ui;
pub mod saved;
pub mod share;
pub mod state;
pub mod storage;
pub mod suggest;

pub use app::App;

/// Mount the playground on an element of its own at the end of the page's `<body>`, with a
/// panic hook that reports a panic, should one ever happen, in the browser's console and on the
/// page; the work is already saved.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        report_panic(&info.to_string());
    }));
    if let Some(root) = root("playground") {
        yew::Renderer::<App>::with_root(root).render();
    }
}

/// A new element of class `class` at the end of the page's `<body>`, for a Yew app to render
/// into. The playground and the interchange panels ([`interchange_ui`]) are two apps with two
/// Yew runtimes: each listens for events on its own element only, so neither takes the other's
/// elements for its own.
pub fn root(class: &str) -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    let root = document.create_element("div").ok()?;
    root.set_class_name(class);
    document.body()?.append_child(&root).ok()?;
    Some(root)
}

/// Shows that the page stopped, and that the work is kept.
fn report_panic(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(alert), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    alert.set_class_name("panic");
    let _ = alert.set_attribute("role", "alert");
    let _ = alert.set_attribute("data-testid", "panic");
    alert.set_text_content(Some(&format!(
        "iamplay stopped on an internal error. Your work up to the last change is saved in this browser: reload the page to go on. ({message})"
    )));
    let _ = body.prepend_with_node_1(&alert);
}
