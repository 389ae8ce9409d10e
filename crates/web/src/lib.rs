//! The iamplay playground: a Yew front end that reads, checks and explains IAM policies with the
//! iamplay engine, entirely in the browser. Nothing typed here leaves the page.

pub mod app;
pub mod complete;
pub mod components;
pub mod compose;
pub mod fetch;
pub mod files;
pub mod highlight;
pub mod hooks;
pub mod interchange;
pub mod saved;
pub mod share;
pub mod state;
pub mod storage;
pub mod suggest;

pub use app::App;

/// Mount the playground on the page's `<body>`, with a panic hook that reports a panic, should
/// one ever happen, in the browser's console and on the page; the work is already saved.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        report_panic(&info.to_string());
    }));
    yew::Renderer::<App>::new().render();
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
