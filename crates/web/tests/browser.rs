//! Component tests of the playground in headless Chromium: mount the real app, type, read the page.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "browser tests: a panic is a failed test"
)]

use iamplay_web::saved::{self, Found};
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

/// A clean page showing the scenario document.
async fn mount_document() -> Element {
    let root = mount_fresh().await;
    click(&root, "view-document").await;
    root
}

/// The work this browser has saved.
fn saved_work() -> Option<saved::Work> {
    match saved::read(storage::load(storage::WORK_KEY).unwrap().as_deref()) {
        Found::Work(work) => Some(work),
        _ => None,
    }
}

/// Waits (a bounded number of event-loop turns) until the saved work satisfies `test`.
async fn saved_when(test: impl Fn(&saved::Work) -> bool) -> saved::Work {
    for _ in 0..100 {
        if let Some(work) = saved_work().filter(|w| test(w)) {
            return work;
        }
        yew::platform::time::sleep(Duration::from_millis(5)).await;
    }
    panic!(
        "the work was never saved as expected; it is {:?}",
        saved_work()
    );
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

/// The texts of every element with a `data-testid`, waiting (boundedly) for a scheduled render
/// to make `wanted` hold; the last texts seen either way.
async fn texts_when(
    root: &Element,
    test_id: &str,
    wanted: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    let mut texts = text_of_all(root, test_id);
    for _ in 0..200 {
        if wanted(&texts) {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(5)).await;
        texts = text_of_all(root, test_id);
    }
    texts
}

fn text_of_all(root: &Element, test_id: &str) -> Vec<String> {
    let list = root
        .query_selector_all(&format!("[data-testid={test_id}]"))
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
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
    type_into(&area, text).await;
}

/// Types into a text area or an input as a user would: the value changes, then `input` fires.
async fn type_into(element: &Element, text: &str) {
    if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(text);
    } else if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(text);
    }
    let area = element;
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
    let verdicts = text_of_all(&root, "request-verdict");
    assert_eq!(verdicts.len(), 12);
    assert_eq!(verdicts[0], "allowed");
    assert_eq!(
        find(&root, "tally").await.text_content().unwrap(),
        "8 of 12 requests allowed; 4 denied (4 as expected); every stated expectation met"
    );
    // The structured view shows the role and its trust policy in its own editor.
    let role: web_sys::HtmlInputElement = find(&root, "role-name").await.dyn_into().unwrap();
    assert_eq!(role.value(), "aws-elasticbeanstalk-ec2-role");
    let trust = find(&root, "trust-policy").await;
    let editor: HtmlTextAreaElement = trust
        .query_selector("[data-testid=policy-editor]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(editor.value().contains("ec2.amazonaws.com"));
    // Its one finding (an old Version) is listed under it.
    let findings: Vec<String> = text_of_all(&trust, "editor-finding");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].starts_with("2:14"), "{findings:?}");
}

#[wasm_bindgen_test]
async fn typing_a_scenario_resimulates_and_a_broken_trust_is_the_verdict() {
    let root = mount_document().await;
    type_text(&root, "scenario-input", SMALL_SCENARIO).await;
    let small = |t: &[String]| t == ["allowed", "implicit deny"];
    assert_eq!(
        texts_when(&root, "request-verdict", small).await,
        ["allowed", "implicit deny"]
    );
    click(&root, "request-verdict").await;
    let deciding = texts_when(&root, "deciding", |t| !t.is_empty()).await;
    assert!(deciding[0].contains("logs · Logs"), "{deciding:?}");
    type_text(
        &root,
        "scenario-input",
        &SMALL_SCENARIO.replace("ec2.amazonaws.com", "ecs.amazonaws.com"),
    )
    .await;
    assert_eq!(
        texts_when(&root, "request-verdict", |t| t
            == ["no credentials", "no credentials"])
        .await,
        ["no credentials", "no credentials"]
    );
    assert_eq!(
        find(&root, "verdict").await.text_content().unwrap(),
        "the trust policy of role `web` does not let ec2.amazonaws.com assume it, so the instance never gets credentials"
    );
    type_text(&root, "scenario-input", "{\"scenarioVersion\": 1}").await;
    let problems = texts_when(&root, "problem", |t| {
        t.iter().any(|p| p.contains("needs `account`"))
    })
    .await;
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`$` needs `account` (at $)")),
        "{problems:?}"
    );
}

#[wasm_bindgen_test]
async fn the_structured_view_and_the_document_are_one_state_with_one_history() {
    let root = mount_fresh().await;
    click(&root, "new-scenario").await;
    assert_eq!(
        texts_when(&root, "request-verdict", |t| t == ["implicit deny"]).await,
        ["implicit deny"]
    );
    let name = find(&root, "role-name").await;
    type_into(&name, "AppRole").await;
    click(&root, "view-document").await;
    let area: HtmlTextAreaElement = find(&root, "scenario-input").await.dyn_into().unwrap();
    assert!(
        area.value().contains("\"name\": \"AppRole\""),
        "{}",
        area.value()
    );
    assert!(
        area.value().contains("\"roles\": [\n          \"AppRole\""),
        "the profile follows the role's name"
    );
    // Invalid JSON stays as typed; the structured view keeps the last good state and says why.
    type_text(&root, "scenario-input", "{ broken").await;
    click(&root, "view-structured").await;
    assert!(
        find(&root, "document-error")
            .await
            .text_content()
            .unwrap()
            .contains("line 1")
    );
    let name: web_sys::HtmlInputElement = find(&root, "role-name").await.dyn_into().unwrap();
    assert_eq!(name.value(), "AppRole");
    // Undo goes back through both views: the broken text, then the name.
    click(&root, "undo").await;
    assert!(eventually(|| find_now(&root, "document-error").is_none()).await);
    click(&root, "undo").await;
    assert!(eventually(|| role_name(&root).as_deref() == Some("MyInstanceRole")).await);
    click(&root, "redo").await;
    assert!(eventually(|| role_name(&root).as_deref() == Some("AppRole")).await);
}

/// The role name shown in the structured view.
fn role_name(root: &Element) -> Option<String> {
    find_now(root, "role-name")?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()
        .map(|input| input.value())
}

/// Whether `condition` holds within a bounded number of event-loop turns.
async fn eventually(condition: impl Fn() -> bool) -> bool {
    for _ in 0..200 {
        if condition() {
            return true;
        }
        yew::platform::time::sleep(Duration::from_millis(5)).await;
    }
    false
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
    let root = mount_document().await;
    type_text(&root, "scenario-input", SMALL_SCENARIO).await;
    click(&root, "tab-policy").await;
    let policy = r#"{"Statement": {"Effect": "Allow", "Action": "ec2:RunInstances"}}"#;
    type_text(&root, "policy-input", policy).await;
    saved_when(|w| {
        w.mode == "policy"
            && w.policy.as_deref() == Some(policy)
            && w.scenario.as_deref() == Some(SMALL_SCENARIO)
    })
    .await;
    assert_eq!(web_sys::window().unwrap().location().hash().unwrap(), "");
    let second = mount().await;
    let area: HtmlTextAreaElement = find(&second, "policy-input").await.dyn_into().unwrap();
    assert_eq!(area.value(), policy);
    click(&second, "tab-scenario").await;
    click(&second, "view-document").await;
    let area: HtmlTextAreaElement = find(&second, "scenario-input").await.dyn_into().unwrap();
    assert_eq!(area.value(), SMALL_SCENARIO);
}

#[wasm_bindgen_test]
async fn unreadable_saved_work_is_reported_and_kept_aside() {
    storage::clear().unwrap();
    web_sys::window().unwrap().location().set_hash("").unwrap();
    storage::save(storage::WORK_KEY, "not iamplay's").unwrap();
    let root = mount().await;
    let notice = find(&root, "notice").await.text_content().unwrap();
    assert!(notice.contains("could not be read"), "{notice}");
    let key = notice.split('`').nth(1).unwrap().to_owned();
    assert!(key.starts_with(storage::KEPT_ASIDE_PREFIX), "{notice}");
    assert_eq!(
        storage::load(&key).unwrap().as_deref(),
        Some("not iamplay's")
    );
    // Nothing is written over it.
    assert_eq!(
        storage::load(storage::WORK_KEY).unwrap().as_deref(),
        Some("not iamplay's")
    );
    storage::clear().unwrap();
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    local.remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn a_share_link_opens_beside_the_users_own_scenario() {
    let root = mount_document().await;
    type_text(&root, "scenario-input", SMALL_SCENARIO).await;
    texts_when(&root, "request-verdict", |t| {
        t == ["allowed", "implicit deny"]
    })
    .await;
    click(&root, "share").await;
    let link: web_sys::HtmlInputElement = find(&root, "share-link").await.dyn_into().unwrap();
    let value = link.value();
    let fragment = value.get(value.find('#').unwrap()..).unwrap().to_owned();
    assert_eq!(
        share::scenario_from(&fragment).as_deref(),
        Some(SMALL_SCENARIO)
    );
    // A new visitor with the link and nothing saved sees the shared scenario.
    storage::clear().unwrap();
    let visitor = mount().await;
    click(&visitor, "view-document").await;
    let area: HtmlTextAreaElement = find(&visitor, "scenario-input").await.dyn_into().unwrap();
    assert_eq!(area.value(), SMALL_SCENARIO);
    // Someone with work of their own keeps it: the link opens beside it.
    web_sys::window().unwrap().location().set_hash("").unwrap();
    let own = mount_document().await;
    type_text(&own, "scenario-input", "{ my own work").await;
    saved_when(|w| w.scenario.as_deref() == Some("{ my own work")).await;
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(&fragment)
        .unwrap();
    let page = mount().await;
    find(&page, "shared-banner").await;
    saved_when(|w| w.shared.is_some() && w.scenario.as_deref() == Some("{ my own work")).await;
    click(&page, "back-to-own").await;
    click(&page, "view-document").await;
    let area: HtmlTextAreaElement = find(&page, "scenario-input").await.dyn_into().unwrap();
    assert_eq!(area.value(), "{ my own work");
    assert!(find_now(&page, "shared-banner").is_none());
    web_sys::window().unwrap().location().set_hash("").unwrap();
}

/// The requests table of the first visit's scenario, its rows with fields or not.
#[derive(yew::Properties, PartialEq)]
struct FirstVisitTableProps {
    interactive: bool,
}

#[yew::component]
fn FirstVisitTable(props: &FirstVisitTableProps) -> yew::Html {
    let state = iamplay_web::state::State::first_visit("2026-11-22T12:00:00Z".to_owned());
    yew::html! {
        <iamplay_web::components::RequestsTable outline={state.composer.outline.clone()}
            view={state.scenario.view.clone()} selected={None::<usize>}
            on_edit={yew::Callback::noop()} on_select={yew::Callback::noop()}
            interactive={props.interactive} />
    }
}

/// Mounts the first visit's requests table and waits until its tally is on the page.
async fn mount_table(interactive: bool) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<FirstVisitTable>::with_root_and_props(
        root.clone(),
        FirstVisitTableProps { interactive },
    )
    .render();
    find(&root, "tally").await;
    root
}

/// The texts of the elements `selector` finds under `root`, in page order.
fn texts_of(root: &Element, selector: &str, value: bool) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| {
            let node = list.item(i).unwrap();
            if value {
                if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
                    return input.value();
                }
                if let Some(select) = node.dyn_ref::<web_sys::HtmlSelectElement>() {
                    let option = select.selected_options().item(0).unwrap();
                    return option.text_content().unwrap_or_default();
                }
            }
            node.text_content().unwrap_or_default()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_first_frame_shows_each_request_as_its_fields_will() {
    let preview = mount_table(false).await;
    let rows = mount_table(true).await;
    // The first frame has no fields at all: no text field, menu or list to set up.
    assert!(
        preview
            .query_selector("input, select, datalist")
            .unwrap()
            .is_none()
    );
    assert_eq!(
        find(&preview, "tally").await.text_content(),
        find(&rows, "tally").await.text_content()
    );
    // Each request reads as it will once its fields are there: action, resource, verdict and
    // expectation, in the same order.
    let fields = texts_of(&preview, ".request-row .field-preview", false);
    let values = texts_of(
        &rows,
        ".request-row input[type=text], .request-row select.request-expect",
        true,
    );
    assert_eq!(fields.len(), 36, "{fields:?}");
    assert_eq!(fields, values);
    assert_eq!(
        texts_of(&preview, ".request-row .verdict", false),
        text_of_all(&rows, "request-verdict")
    );
    assert!(
        fields.contains(&"expect implicit deny".to_owned()),
        "{fields:?}"
    );
}
