//! The playground's flows on the release build in headless Chromium: compose without JSON, ask,
//! see why on the policy itself, and never lose work. Each flow saves a screenshot.

use fantoccini::Locator;
use fantoccini::key::Key;
use iamplay_e2e::{Browser, StaticSite, TestResult, dist_dir};

/// The value of the element with this `data-testid` (the first one).
async fn value(browser: &Browser, test_id: &str) -> TestResult<String> {
    Ok(browser
        .by_test_id(test_id)
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}

/// The policy editor inside the element with this `data-testid`.
async fn editor_in(browser: &Browser, test_id: &str) -> TestResult<fantoccini::elements::Element> {
    let css = format!("[data-testid={test_id}] [data-testid=policy-editor]");
    Ok(browser
        .client
        .wait()
        .for_element(Locator::Css(&css))
        .await?)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_scenario_is_composed_without_json_until_s3_put_object_is_allowed() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("new-scenario").await?.click().await?;
    browser
        .wait_for_texts("request-verdict", |t| t == ["implicit deny"])
        .await?;
    assert_eq!(value(&browser, "request-action").await?, "s3:PutObject");
    // Name the role and the profile, and attach an AWS managed policy found by name.
    let role = browser.by_test_id("role-name").await?;
    role.clear().await?;
    role.send_keys("UploaderRole").await?;
    let profile = browser.by_test_id("profile-name").await?;
    profile.clear().await?;
    profile.send_keys("UploaderProfile").await?;
    browser
        .by_test_id("policy-search")
        .await?
        .send_keys("AmazonS3FullAcc")
        .await?;
    browser.by_test_id("attach-policy").await?.click().await?;
    // Its document comes from the site's files; then the request is decided.
    let verdicts = browser
        .wait_for_texts("request-verdict", |t| t == ["allowed"])
        .await?;
    assert_eq!(verdicts, ["allowed"]);
    let tally = browser.by_test_id("tally").await?.text().await?;
    assert_eq!(tally, "1 of 1 request allowed");
    browser.by_test_id("view-document").await?.click().await?;
    let document = value(&browser, "scenario-input").await?;
    assert!(
        document.contains("\"name\": \"UploaderRole\""),
        "{document}"
    );
    assert!(
        document.contains("\"instanceProfile\": \"UploaderProfile\""),
        "{document}"
    );
    assert!(document.contains("arn:aws:iam::aws:policy/AmazonS3FullAccess"));
    browser.by_test_id("view-structured").await?.click().await?;
    browser.screenshot("compose-new-scenario.png").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_trust_policy_for_another_service_leaves_the_instance_without_credentials() -> TestResult
{
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("new-scenario").await?.click().await?;
    let trust = editor_in(&browser, "trust-policy").await?;
    let text = trust.prop("value").await?.unwrap_or_default();
    browser
        .set_value(
            &trust,
            &text.replace("ec2.amazonaws.com", "lambda.amazonaws.com"),
        )
        .await?;
    browser
        .wait_for_texts("request-verdict", |t| t == ["no credentials"])
        .await?;
    let verdict = browser.by_test_id("verdict").await?.text().await?;
    assert!(
        verdict.contains("does not let ec2.amazonaws.com assume it"),
        "{verdict}"
    );
    // The template puts it right in one click.
    browser
        .client
        .find(Locator::XPath(
            "//div[@data-testid='trust-policy']//button[normalize-space()='EC2']",
        ))
        .await?
        .click()
        .await?;
    browser
        .wait_for_texts("request-verdict", |t| t == ["implicit deny"])
        .await?;
    browser.screenshot("trust-policy-template.png").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deciding_statement_is_highlighted_in_its_own_editor() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.choose_preset("Common mistakes").await?;
    let verdicts = browser
        .wait_for_texts("request-verdict", |t| t.len() == 3)
        .await?;
    assert_eq!(verdicts, ["allowed", "implicit deny", "explicit deny"]);
    browser
        .client
        .find_all(Locator::Css("[data-testid=request-verdict]"))
        .await?[2]
        .click()
        .await?;
    let chain = browser.by_test_id("chain").await?.text().await?;
    assert!(chain.contains("GuardIMDSv1"), "{chain}");
    browser.by_test_id("deciding").await?.click().await?;
    // The guard's editor has the statement selected and its lines marked.
    let selected = browser
        .client
        .execute(
            "const a = document.activeElement;
             const hit = a.closest('.code-editor').querySelectorAll('.code-line.hit').length;
             const mark = a.closest('.code-editor').querySelectorAll('.gutter-line.marked').length;
             return [a.dataset.testid, a.value.substring(a.selectionStart, a.selectionEnd), hit, mark];",
            vec![],
        )
        .await?;
    assert_eq!(selected[0], "policy-editor");
    let text = selected[1].as_str().unwrap_or_default();
    assert!(text.contains("\"Sid\": \"SecretsNeedIMDSv2\""), "{text}");
    assert!(
        selected[2].as_u64().unwrap_or_default() >= 5,
        "{selected:?}"
    );
    assert_eq!(selected[3].as_u64(), Some(1), "{selected:?}");
    browser
        .screenshot("deciding-statement-in-editor.png")
        .await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_scenario_file_opens_and_saves() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/scenarios/every-field.json")
        .canonicalize()?;
    browser
        .by_test_id("open-file")
        .await?
        .send_keys(&file.display().to_string())
        .await?;
    let verdicts = browser
        .wait_for_texts("request-verdict", |t| t.len() == 4)
        .await?;
    assert_eq!(verdicts, ["allowed", "explicit deny", "allowed", "allowed"]);
    assert_eq!(value(&browser, "role-name").await?, "web");
    // Saving offers the document as a download, without a word about it failing.
    browser.by_test_id("save-file").await?.click().await?;
    assert!(browser.texts("notice").await?.is_empty());
    browser.screenshot("opened-file.png").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_json_in_the_document_survives_a_reload() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("view-document").await?.click().await?;
    let input = browser.by_test_id("scenario-input").await?;
    let text = input.prop("value").await?.unwrap_or_default();
    let broken = text.replacen("\"account\": {", "\"account\": {{ half-typed", 1);
    browser.set_value(&input, &broken).await?;
    browser.by_test_id("document-error").await?;
    browser.client.refresh().await?;
    browser.by_test_id("view-document").await?.click().await?;
    let after = value(&browser, "scenario-input").await?;
    assert_eq!(after, broken);
    // The structured view shows the last good scenario and says why it cannot be edited now.
    browser.by_test_id("view-structured").await?.click().await?;
    let error = browser.by_test_id("document-error").await?.text().await?;
    assert!(error.contains("not JSON at line"), "{error}");
    browser.screenshot("invalid-document-kept.png").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_share_link_opens_beside_the_users_own_work_and_undo_goes_back() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    // Someone shares the common-mistakes preset.
    browser.choose_preset("Common mistakes").await?;
    browser
        .wait_for_texts("request-verdict", |t| t.len() == 3)
        .await?;
    browser.by_test_id("share").await?.click().await?;
    let link = value(&browser, "share-link").await?;
    // The user's own work: a new scenario, renamed.
    browser.by_test_id("new-scenario").await?.click().await?;
    let role = browser.by_test_id("role-name").await?;
    role.clear().await?;
    role.send_keys("MyOwnRole").await?;
    browser.by_test_id("undo").await?.click().await?;
    assert_eq!(value(&browser, "role-name").await?, "MyInstanceRole");
    browser.by_test_id("redo").await?.click().await?;
    assert_eq!(value(&browser, "role-name").await?, "MyOwnRole");
    // Opening the link shows the shared scenario beside the user's own.
    browser.client.goto(&link).await?;
    browser.client.refresh().await?;
    browser.by_test_id("shared-banner").await?;
    browser
        .wait_for_texts("request-verdict", |t| t.len() == 3)
        .await?;
    browser.screenshot("shared-scenario.png").await?;
    browser.by_test_id("back-to-own").await?.click().await?;
    assert_eq!(value(&browser, "role-name").await?, "MyOwnRole");
    browser.client.refresh().await?;
    assert_eq!(value(&browser, "role-name").await?, "MyOwnRole");
    assert!(browser.texts("shared-banner").await?.is_empty());
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_is_added_with_the_keyboard_alone() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("new-scenario").await?.click().await?;
    browser
        .wait_for_texts("request-verdict", |t| t.len() == 1)
        .await?;
    // Tab from the page's start to "Add request", counting the stops on the way.
    let body = browser.client.find(Locator::Css("body")).await?;
    body.click().await?;
    let mut reached = false;
    for _ in 0..400 {
        browser
            .client
            .active_element()
            .await?
            .send_keys(&Key::Tab.to_string())
            .await?;
        let id = browser
            .client
            .execute("return document.activeElement.dataset.testid || ''", vec![])
            .await?;
        if id == "add-request" {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab never reached Add request");
    browser
        .client
        .active_element()
        .await?
        .send_keys(&Key::Enter.to_string())
        .await?;
    // The new row's action has the focus, its text selected: type over it.
    let focused = browser
        .client
        .execute("return document.activeElement.dataset.testid || ''", vec![])
        .await?;
    assert_eq!(focused, "request-action");
    let action = browser.client.active_element().await?;
    action.send_keys("s3:ListBucket").await?;
    action.send_keys(&Key::Tab.to_string()).await?;
    let resource = browser.client.active_element().await?;
    // Select all, then type over it (modifiers are released at the end of each call: held,
    // the `z` of the bucket's name would be Ctrl+Z, the undo shortcut).
    resource.send_keys(&(Key::Control + "a")).await?;
    resource
        .send_keys("arn:aws:s3:::amzn-s3-demo-bucket")
        .await?;
    let verdicts = browser
        .wait_for_texts("request-verdict", |t| t.len() == 2)
        .await?;
    assert_eq!(verdicts, ["implicit deny", "implicit deny"]);
    let actions = browser
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=request-action]')].map(e => e.value)",
            vec![],
        )
        .await?;
    assert_eq!(
        actions,
        serde_json::json!(["s3:PutObject", "s3:ListBucket"])
    );
    // Alt+↑ moves the row up, from the keyboard too.
    resource
        .send_keys(&(Key::Alt + &Key::Up.to_string()))
        .await?;
    let actions = browser
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=request-action]')].map(e => e.value)",
            vec![],
        )
        .await?;
    assert_eq!(
        actions,
        serde_json::json!(["s3:ListBucket", "s3:PutObject"])
    );
    browser.screenshot("keyboard-request.png").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_catalogue_arrives_after_the_first_paint_and_the_linter_uses_it() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/docs/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("tab-policy").await?.click().await?;
    let input = browser.by_test_id("policy-input").await?;
    browser
        .set_value(
            &input,
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:s3:::my-app-queue"}}"#,
        )
        .await?;
    // A check that needs AWS's catalogue: the queue action names an S3 ARN.
    let problems = browser
        .wait_for_texts("problem", |t| {
            t.iter().any(|p| p.contains("resource-type-mismatch"))
        })
        .await?;
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`sqs:SendMessage` acts on queue")),
        "{problems:?}"
    );
    // Suggestions come from it too: a request's action completes from the catalogue.
    browser.by_test_id("tab-scenario").await?.click().await?;
    let options = browser
        .client
        .execute(
            "return document.querySelectorAll('#actions-0 option').length",
            vec![],
        )
        .await?;
    assert!(options.as_u64().unwrap_or_default() >= 1, "{options:?}");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_policy_editor_completes_an_action_from_the_catalogue() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("new-scenario").await?.click().await?;
    browser
        .by_test_id("add-inline-policy")
        .await?
        .click()
        .await?;
    browser
        .wait_for_texts("request-verdict", |t| t == ["implicit deny"])
        .await?;
    let editors = browser
        .client
        .find_all(Locator::Css("[data-testid=policy-editor]"))
        .await?;
    let inline = editors.get(1).ok_or("no inline policy editor")?;
    let text = inline.prop("value").await?.unwrap_or_default();
    browser
        .set_value(inline, &text.replace("\"s3:GetObject\"", "\"s3:PutObj\""))
        .await?;
    // The caret after `s3:PutObj`, as a user would have typed it.
    browser
        .client
        .execute(
            "const t = arguments[0]; const at = t.value.indexOf('s3:PutObj') + 9;
             t.focus(); t.setSelectionRange(at, at);
             t.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true }));",
            vec![serde_json::to_value(inline)?],
        )
        .await?;
    let offered = browser
        .wait_for_texts("completion", |t| !t.is_empty())
        .await?;
    assert!(offered[0].starts_with("s3:PutObject"), "{offered:?}");
    // Ctrl+Space reaches the suggestions from the keyboard; Enter writes one in.
    inline.send_keys(&(Key::Control + " ")).await?;
    browser
        .client
        .active_element()
        .await?
        .send_keys(&Key::Enter.to_string())
        .await?;
    browser
        .wait_for_texts("request-verdict", |t| t == ["allowed"])
        .await?;
    let text = inline.prop("value").await?.unwrap_or_default();
    assert!(text.contains("\"Action\": \"s3:PutObject\""), "{text}");
    browser.screenshot("policy-autocomplete.png").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_through_a_vpc_endpoint_is_also_decided_by_its_policy() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser
        .new_scenario_with_managed_policy("AmazonS3FullAcc", &["allowed"])
        .await?;
    // No endpoint yet, so a request has nothing to go through.
    assert!(
        browser
            .client
            .find_all(Locator::Css("[data-testid=request-endpoint]"))
            .await?
            .is_empty()
    );
    browser
        .client
        .find(Locator::Css("[data-testid=part-endpoints] summary"))
        .await?
        .click()
        .await?;
    browser.by_test_id("add-endpoint").await?.click().await?;
    browser
        .by_test_id("request-endpoint")
        .await?
        .select_by_value("vpce-00000000000000001")
        .await?;
    // AWS's default endpoint policy lets everything through.
    browser
        .wait_for_texts("request-verdict", |t| t == ["allowed"])
        .await?;
    let policy = editor_in(&browser, "vpc-endpoint").await?;
    let text = policy.prop("value").await?.unwrap_or_default();
    assert!(text.contains("\"Action\": \"*\""), "{text}");
    browser
        .set_value(
            &policy,
            &text.replace("\"Action\": \"*\"", "\"Action\": \"s3:GetObject\""),
        )
        .await?;
    browser
        .wait_for_texts("request-verdict", |t| t == ["implicit deny"])
        .await?;
    browser.by_test_id("request-verdict").await?.click().await?;
    let chain = browser.by_test_id("chain").await?.text().await?;
    assert!(chain.contains("VPC endpoint policy"), "{chain}");
    browser.by_test_id("view-document").await?.click().await?;
    let document = value(&browser, "scenario-input").await?;
    assert!(
        document.contains("\"vpcEndpoint\": \"vpce-00000000000000001\""),
        "{document}"
    );
    browser.by_test_id("view-structured").await?.click().await?;
    browser
        .client
        .execute(
            "const fold = document.querySelector('[data-testid=part-endpoints]');
             fold.open = true;
             fold.scrollIntoView();",
            vec![],
        )
        .await?;
    browser.screenshot("vpc-endpoint-policy.png").await?;
    // On a phone the row wraps and nothing spills over the screen's edge.
    browser.client.set_window_size(360, 800).await?;
    let overflow = browser
        .client
        .execute(
            "document.querySelector('[data-testid=request-endpoint]').scrollIntoView();
             return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await?;
    assert_eq!(
        overflow.as_i64(),
        Some(0),
        "the page is wider than the screen"
    );
    browser.screenshot("vpc-endpoint-360.png").await?;
    browser.close().await
}
