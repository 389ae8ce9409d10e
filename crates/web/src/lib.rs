//! The iamplay playground: a Yew front end that reads, checks and explains IAM policies with the
//! iamplay engine, entirely in the browser. Nothing typed here leaves the page.

pub mod app;
pub mod components;
pub mod compose;
pub mod fetch;
pub mod hooks;
pub mod share;
pub mod state;
pub mod storage;

pub use app::App;

/// Mount the playground on the page's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
