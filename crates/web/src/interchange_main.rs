//! The `iamplay-interchange` binary: the export and import panels
//! ([`iamplay_web::interchange_ui`]), a Yew app of their own that the page starts when the user
//! first exports or imports. It renders into an element of its own at the end of the page.

fn main() {
    console_error_panic_hook::set_once();
    if let Some(root) = iamplay_web::root("interchange") {
        yew::Renderer::<iamplay_web::interchange_ui::InterchangeApp>::with_root(root).render();
    }
}
