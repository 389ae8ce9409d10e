//! The answers beyond the verdict, in the page: a denied request's checked fixes (applied with
//! one click, undone with another) and the conditions that would allow it; who can get the
//! instance profile's credentials; what stolen credentials can do, and a guard added with one
//! click. They are asked from beside the selected request's verdict, worked out in the
//! interchange panels (outside the first load) through the real engine, and say how long they
//! took.

use iamplay_e2e::{Browser, StaticSite, TestResult, dist_dir};

/// Selects request `index` (its verdict shows why) and asks for the answers beside it.
async fn ask_about(browser: &Browser, index: usize) -> TestResult {
    browser
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=request-verdict]"))
        .await?
        .remove(index)
        .click()
        .await?;
    browser.by_test_id("ask-answers").await?.click().await?;
    Ok(())
}

/// How long the panel says working the answer out took, in milliseconds.
async fn took(browser: &Browser) -> TestResult<f64> {
    let time = browser.by_test_id("answers-time").await?;
    let ms = time.attr("data-ms").await?.unwrap_or_default();
    Ok(ms.parse::<f64>()?)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_denied_request_gets_its_smallest_fix_applied_and_undone() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.choose_preset("EC2 app server walkthrough").await?;
    let verdicts = browser
        .wait_for_texts("request-verdict", |t| t.len() == 9)
        .await?;
    assert!(verdicts[4].contains("implicit deny"), "{verdicts:?}");
    ask_about(&browser, 4).await?;
    let titles = browser
        .wait_for_texts("answer-fix", |t| t.len() >= 2)
        .await?;
    assert!(
        titles[0].contains("add a statement allowing sqs:SendMessage"),
        "{titles:?}"
    );
    assert!(
        titles[1].contains("to the resources of statement SQSAccess"),
        "{titles:?}"
    );
    let diff = browser.texts("answer-diff").await?;
    assert!(
        diff[0].contains("+              \"Action\": \"sqs:SendMessage\","),
        "{diff:?}"
    );
    let fix_ms = took(&browser).await?;
    browser.screenshot("answers-fix.png").await?;
    // Applied: the request is allowed; undone: it is denied again.
    browser
        .by_test_id("answer-fix-apply")
        .await?
        .click()
        .await?;
    browser
        .wait_for_texts("request-verdict", |t| {
            t.len() == 9 && t[4].contains("allowed")
        })
        .await?;
    browser.by_test_id("undo").await?.click().await?;
    browser
        .wait_for_texts("request-verdict", |t| {
            t.len() == 9 && t[4].contains("implicit deny")
        })
        .await?;
    println!("fix and discovery for the walkthrough's SendMessage: {fix_ms:.1} ms");
    assert!(fix_ms > 0.0);
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn conditions_who_can_get_and_stolen_credentials() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.choose_preset("Common mistakes").await?;
    browser
        .wait_for_texts("request-verdict", |t| t.len() == 3)
        .await?;
    // The secret: denied by the IMDSv1 guard's condition.
    ask_about(&browser, 2).await?;
    let conditions = browser
        .wait_for_texts("answer-condition", |t| !t.is_empty())
        .await?;
    assert!(
        conditions[0].contains("ec2:RoleDelivery ≥ 2.0"),
        "{conditions:?}"
    );
    let truth = browser.by_test_id("answer-truth").await?;
    assert_eq!(truth.attr("data-holds").await?.as_deref(), Some("true"));
    let kinds = browser
        .by_test_id("answer-fix")
        .await?
        .attr("data-kind")
        .await?;
    assert_eq!(kinds.as_deref(), Some("imdsv2"));
    browser.screenshot("answers-conditions.png").await?;
    browser
        .by_test_id("answers-tab-exfiltration")
        .await?
        .click()
        .await?;
    let guards = browser
        .wait_for_texts("answer-guard", |t| t.len() == 3)
        .await?;
    assert!(guards[2].contains("IMDSv1"), "{guards:?}");
    let exfiltration_ms = took(&browser).await?;
    browser.screenshot("answers-exfiltration.png").await?;
    browser
        .by_test_id("answer-guard-add")
        .await?
        .click()
        .await?;
    // The guard is in the scenario: the instance's own request, made without a VPC endpoint,
    // is denied by it now.
    browser
        .wait_for_texts("request-verdict", |t| {
            t.len() == 3 && t[0].contains("explicit deny")
        })
        .await?;
    browser.by_test_id("undo").await?.click().await?;

    browser.choose_preset("Auto Scaling + PassRole").await?;
    browser
        .wait_for_texts("request-verdict", |t| t.len() == 2)
        .await?;
    ask_about(&browser, 0).await?;
    browser
        .by_test_id("answers-tab-who-can-get")
        .await?
        .click()
        .await?;
    let principals = browser
        .wait_for_texts("answer-principal", |t| t.len() == 3)
        .await?;
    assert!(
        principals[0].contains("Can get them: launcher qa-engineer"),
        "{principals:?}"
    );
    let paths = browser.texts("answer-path").await?;
    assert_eq!(paths.len(), 2, "{paths:?}");
    let who_ms = took(&browser).await?;
    browser.resize(360, 740).await?;
    browser.screenshot("answers-who-can-get-360.png").await?;
    println!("exfiltration {exfiltration_ms:.1} ms, who can get {who_ms:.1} ms");
    browser.close().await
}
