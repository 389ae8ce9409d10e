//! Component tests of the playground in headless Chromium: mount the real app, type, read the page.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "browser tests: a panic is a failed test"
)]

use iamplay_web::{App, storage};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlTextAreaElement, InputEvent, InputEventInit};

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    yew::platform::time::sleep(Duration::ZERO).await;
}

/// Mounts a fresh app (with no saved text) in its own element and lets it render.
async fn mount() -> Element {
    storage::clear_policy().unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

fn find(root: &Element, test_id: &str) -> Element {
    root.query_selector(&format!("[data-testid={test_id}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={test_id}"))
}

fn text_of_all(root: &Element, test_id: &str) -> Vec<String> {
    let list = root
        .query_selector_all(&format!("[data-testid={test_id}]"))
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

async fn type_text(root: &Element, text: &str) {
    let area: HtmlTextAreaElement = find(root, "policy-input").dyn_into().unwrap();
    area.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
    settle().await;
}

#[wasm_bindgen_test]
async fn the_first_visit_shows_the_example_statements() {
    let root = mount().await;
    assert_eq!(
        find(&root, "summary").text_content().unwrap(),
        "valid policy: 1 statement"
    );
    let statements = text_of_all(&root, "statement");
    assert_eq!(statements.len(), 1);
    assert!(statements[0].contains("sts:AssumeRole"), "{statements:?}");
    assert!(statements[0].contains("Service: ec2.amazonaws.com"));
}

#[wasm_bindgen_test]
async fn typing_a_broken_policy_shows_each_error_with_its_place() {
    let root = mount().await;
    type_text(
        &root,
        "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\" \"Action\": \"s3:*\"}\n  ]\n}",
    )
    .await;
    let problems = text_of_all(&root, "problem");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("line 3, column 24"), "{problems:?}");
    assert!(problems[0].contains("missing `,` between members"));
    assert!(text_of_all(&root, "statement").is_empty());
    assert!(
        find(&root, "summary")
            .text_content()
            .unwrap()
            .starts_with("1 error")
    );

    type_text(
        &root,
        r#"{"Statement": [{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:*"}]}"#,
    )
    .await;
    assert!(text_of_all(&root, "problem").is_empty());
    assert_eq!(
        text_of_all(&root, "effect"),
        ["Deny".to_owned(), "Allow".to_owned()]
    );
}

#[wasm_bindgen_test]
async fn what_is_typed_survives_a_remount() {
    let root = mount().await;
    let text = r#"{"Statement": {"Effect": "Allow", "Action": "ec2:RunInstances"}}"#;
    type_text(&root, text).await;
    let document = web_sys::window().unwrap().document().unwrap();
    let second = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&second).unwrap();
    yew::Renderer::<App>::with_root(second.clone()).render();
    settle().await;
    let area: HtmlTextAreaElement = find(&second, "policy-input").dyn_into().unwrap();
    assert_eq!(area.value(), text);
    assert!(text_of_all(&second, "statement")[0].contains("ec2:RunInstances"));
}
