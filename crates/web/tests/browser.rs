//! Component tests of the playground in headless Chromium: mount the real app, type, read the page.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "browser tests: a panic is a failed test"
)]

use iamplay_web::{App, share, storage};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlTextAreaElement, InputEvent, InputEventInit};

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    yew::platform::time::sleep(Duration::ZERO).await;
}

/// Mounts a fresh app in its own element and lets it render.
async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    // The first render is scheduled, not immediate: wait (boundedly) until it has happened.
    for _ in 0..200 {
        settle().await;
        if root
            .query_selector("[data-testid=verdict], [data-testid=summary]")
            .ok()
            .flatten()
            .is_some()
        {
            return root;
        }
        yew::platform::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("the app never rendered");
}

/// A clean page: nothing saved, no shared scenario in the URL.
async fn mount_fresh() -> Element {
    storage::clear().unwrap();
    web_sys::window().unwrap().location().set_hash("").unwrap();
    mount().await
}

fn find_now(root: &Element, test_id: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid={test_id}]"))
        .unwrap()
}

/// The element with a `data-testid`, waiting (boundedly) for a scheduled render to show it.
async fn find(root: &Element, test_id: &str) -> Element {
    for _ in 0..200 {
        if let Some(element) = find_now(root, test_id) {
            return element;
        }
        yew::platform::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("no element with data-testid={test_id}")
}

fn text_of_all(root: &Element, test_id: &str) -> Vec<String> {
    let list = root
        .query_selector_all(&format!("[data-testid={test_id}]"))
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

/// Waits (a bounded number of event-loop turns) until the app has saved `value` under `key`.
async fn saved(key: &str, value: &str) {
    for _ in 0..100 {
        if storage::load(key).unwrap().as_deref() == Some(value) {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(5)).await;
    }
    panic!(
        "`{key}` was never saved as {value:?}; it holds {:?}",
        storage::load(key)
    );
}

async fn click(root: &Element, test_id: &str) {
    find(root, test_id)
        .await
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
}

async fn type_text(root: &Element, test_id: &str, text: &str) {
    let area: HtmlTextAreaElement = find(root, test_id).await.dyn_into().unwrap();
    area.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
    settle().await;
}

const SMALL_SCENARIO: &str = r#"{"scenarioVersion": 1, "now": "2026-11-22T12:00:00Z",
 "account": {"id": "111122223333",
   "roles": [{"name": "web", "trustPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}},
              "inlinePolicies": {"logs": {"Version": "2012-10-17", "Statement": {"Sid": "Logs", "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}}}}],
   "instanceProfiles": [{"name": "web", "roles": ["web"]}]},
 "instance": {"instanceProfile": "web"},
 "requests": [{"action": "logs:PutLogEvents"}, {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}]}"#;

#[wasm_bindgen_test]
async fn the_first_visit_simulates_the_elastic_beanstalk_preset() {
    let root = mount_fresh().await;
    let verdict = find(&root, "verdict").await.text_content().unwrap();
    assert!(
        verdict
            .starts_with("the instance gets credentials for role `aws-elasticbeanstalk-ec2-role`"),
        "{verdict}"
    );
    assert_eq!(text_of_all(&root, "link").len(), 3);
    let decisions = text_of_all(&root, "decision");
    assert_eq!(decisions.len(), 12);
    assert_eq!(decisions[0], "allowed");
    assert!(text_of_all(&root, "unexpected").is_empty());
    assert_eq!(
        find(&root, "expectations").await.text_content().unwrap(),
        "every request with an expected decision (12) gets it"
    );
}

#[wasm_bindgen_test]
async fn typing_a_scenario_resimulates_and_a_broken_trust_is_the_verdict() {
    let root = mount_fresh().await;
    type_text(&root, "scenario-input", SMALL_SCENARIO).await;
    assert_eq!(text_of_all(&root, "decision"), ["allowed", "implicitDeny"]);
    assert!(text_of_all(&root, "deciding")[0].contains("logs · Logs"));
    type_text(
        &root,
        "scenario-input",
        &SMALL_SCENARIO.replace("ec2.amazonaws.com", "ecs.amazonaws.com"),
    )
    .await;
    assert_eq!(
        find(&root, "verdict").await.text_content().unwrap(),
        "the trust policy of role `web` does not let ec2.amazonaws.com assume it, so the instance never gets credentials"
    );
    type_text(&root, "scenario-input", "{\"scenarioVersion\": 1}").await;
    let problems = text_of_all(&root, "problem");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`$` needs `account` (at $)")),
        "{problems:?}"
    );
}

#[wasm_bindgen_test]
async fn the_policy_reader_shows_each_error_with_its_place() {
    let root = mount_fresh().await;
    click(&root, "tab-policy").await;
    type_text(
        &root,
        "policy-input",
        "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\" \"Action\": \"s3:*\"}\n  ]\n}",
    )
    .await;
    let problems = text_of_all(&root, "problem");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("line 3, column 24"), "{problems:?}");
    assert!(problems[0].contains("missing `,` between members"));
    type_text(
        &root,
        "policy-input",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#,
    )
    .await;
    assert!(text_of_all(&root, "problem").is_empty());
    assert_eq!(
        text_of_all(&root, "effect"),
        ["Deny".to_owned(), "Allow".to_owned()]
    );
    // The linter's findings show too: the walkthrough's queue statement names an S3 ARN.
    type_text(
        &root,
        "policy-input",
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:s3:::my-app-queue"}}"#,
    )
    .await;
    let problems = text_of_all(&root, "problem");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("`sqs:SendMessage` acts on queue"),
        "{problems:?}"
    );
    assert!(
        problems[0].contains("resource-type-mismatch"),
        "{problems:?}"
    );
}

#[wasm_bindgen_test]
async fn what_is_typed_survives_a_remount() {
    let root = mount_fresh().await;
    type_text(&root, "scenario-input", SMALL_SCENARIO).await;
    click(&root, "tab-policy").await;
    let policy = r#"{"Statement": {"Effect": "Allow", "Action": "ec2:RunInstances"}}"#;
    type_text(&root, "policy-input", policy).await;
    saved(storage::MODE_KEY, "policy").await;
    saved(storage::POLICY_KEY, policy).await;
    saved(storage::SCENARIO_KEY, SMALL_SCENARIO).await;
    assert_eq!(web_sys::window().unwrap().location().hash().unwrap(), "");
    let second = mount().await;
    let area: HtmlTextAreaElement = find(&second, "policy-input").await.dyn_into().unwrap();
    assert_eq!(area.value(), policy);
    click(&second, "tab-scenario").await;
    let area: HtmlTextAreaElement = find(&second, "scenario-input").await.dyn_into().unwrap();
    assert_eq!(area.value(), SMALL_SCENARIO);
}

#[wasm_bindgen_test]
async fn a_share_link_carries_the_scenario_in_the_fragment() {
    let root = mount_fresh().await;
    type_text(&root, "scenario-input", SMALL_SCENARIO).await;
    click(&root, "share").await;
    let link: web_sys::HtmlInputElement = find(&root, "share-link").await.dyn_into().unwrap();
    let value = link.value();
    let fragment = value.get(value.find('#').unwrap()..).unwrap();
    assert_eq!(
        share::scenario_from(fragment).as_deref(),
        Some(SMALL_SCENARIO)
    );
    // A new visitor with the link and nothing saved sees the shared scenario.
    storage::clear().unwrap();
    let visitor = mount().await;
    let area: HtmlTextAreaElement = find(&visitor, "scenario-input").await.dyn_into().unwrap();
    assert_eq!(area.value(), SMALL_SCENARIO);
    web_sys::window().unwrap().location().set_hash("").unwrap();
}
