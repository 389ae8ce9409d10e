//! The release build of the playground, end to end in headless Chromium.

use iamplay_e2e::{Browser, StaticSite, TestResult, dist_dir};

const BROKEN: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:PutObject\",, \"Resource\": \"*\"}\n  ]\n}";

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_policy_shows_its_error_with_line_and_column_under_a_sub_path() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/some/prefix/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("tab-policy").await?.click().await?;
    let input = browser.by_test_id("policy-input").await?;
    input.clear().await?;
    input.send_keys(BROKEN).await?;
    let problems = browser
        .wait_for_texts("problem", |t| t.len() == 1 && t[0].contains("column"))
        .await?;
    assert!(problems[0].starts_with("line 4, column 50"), "{problems:?}");
    assert!(problems[0].contains("unexpected `,`, expected a key in double quotes"));
    let summary = browser.by_test_id("summary").await?.text().await?;
    assert_eq!(summary, "1 error — IAM would reject this policy");
    let shot = browser.screenshot("broken-policy.png").await?;
    assert!(std::fs::metadata(shot)?.len() > 10_000);
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_example_policy_lists_its_statements_and_survives_a_reload() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("tab-policy").await?.click().await?;
    browser
        .wait_for_texts("statement", |t| {
            t.len() == 1 && t[0].contains("sts:AssumeRole")
        })
        .await?;
    let button = browser
        .client
        .find(fantoccini::Locator::XPath(
            "//button[normalize-space()='Write to one bucket']",
        ))
        .await?;
    button.click().await?;
    let statements = browser
        .wait_for_texts("statement", |t| t.len() == 2)
        .await?;
    assert!(statements[0].contains("s3:PutObject"), "{statements:?}");
    assert!(statements[0].contains("arn:aws:s3:::example-reports/*"));
    assert!(statements[1].contains("s3:ListBucket"));
    let summary = browser.by_test_id("summary").await?.text().await?;
    assert_eq!(summary, "valid identity-based policy: 2 statements");

    browser.client.refresh().await?;
    // The page remembers the policy reader was shown, and its text.
    browser
        .wait_for_texts("statement", |t| {
            t.len() == 2 && t[1].contains("s3:ListBucket")
        })
        .await?;
    let input = browser.by_test_id("policy-input").await?;
    let value = input.prop("value").await?.unwrap_or_default();
    assert!(value.contains("\"Sid\": \"WriteReports\""), "{value}");
    browser.screenshot("example-policy.png").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_walkthrough_preset_explains_its_denied_queue_call() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/docs/iamplay/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    let verdict = browser.by_test_id("verdict").await?.text().await?;
    assert!(
        verdict
            .starts_with("the instance gets credentials for role `aws-elasticbeanstalk-ec2-role`"),
        "{verdict}"
    );
    browser.choose_preset("EC2 app server walkthrough").await?;
    // Its AWS managed policies come from the site's own files, under the same prefix.
    let verdicts = browser
        .wait_for_texts("request-verdict", |t| t.len() == 9)
        .await?;
    assert_eq!(
        verdicts,
        [
            "allowed",
            "allowed",
            "allowed",
            "allowed",
            "implicit deny",
            "allowed",
            "allowed",
            "allowed",
            "implicit deny"
        ]
    );
    let tally = browser.by_test_id("tally").await?.text().await?;
    assert!(tally.ends_with("every stated expectation met"), "{tally}");
    // Why the queue call is denied: the row's chain names the statement that nearly matched.
    browser
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=request-verdict]"))
        .await?[4]
        .click()
        .await?;
    let near = browser
        .wait_for_texts("near-miss", |t| !t.is_empty())
        .await?;
    assert!(
        near.iter()
            .any(|n| n.contains("EC2AppServerPolicy · SQSAccess")),
        "{near:?}"
    );
    let chain = browser.by_test_id("chain").await?.text().await?;
    assert!(
        chain.contains("the resource does not match its Resource"),
        "{chain}"
    );
    browser.screenshot("walkthrough-scenario.png").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_access_summary_and_the_change_review_work_in_the_built_site() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("verdict").await?;
    browser.by_test_id("access-toggle").await?.click().await?;
    let summary = browser
        .wait_for_texts("access-summary", |t| {
            t.iter().any(|s| s.contains("actions allowed"))
        })
        .await?;
    assert!(summary[0].contains(" services ("), "{summary:?}");
    let services = browser.texts("access-service").await?;
    assert!(
        services.iter().any(|s| s.starts_with("s3 Amazon S3 — ")),
        "{services:?}"
    );
    browser.by_test_id("baseline-set").await?.click().await?;
    browser
        .wait_for_texts("review-summary", |t| {
            t.iter()
                .any(|s| s.starts_with("Since the baseline: 0 new, 0 removed"))
        })
        .await?;
    browser.choose_preset("EC2 app server walkthrough").await?;
    // The walkthrough's role reads every bucket and talks to Systems Manager: new access; the
    // Elastic Beanstalk role's queues and tables are gone: removed access.
    let review = browser
        .wait_for_texts("review-summary", |t| {
            t.iter()
                .any(|s| s.starts_with("Since the baseline:") && !s.contains(": 0 new"))
        })
        .await?;
    assert!(!review[0].contains(" new, 0 removed"), "{review:?}");
    let granted = browser.texts("review-granted").await?;
    assert!(
        granted
            .iter()
            .any(|s| s.starts_with("ssm AWS Systems Manager")),
        "{granted:?}"
    );
    browser.screenshot("access-review.png").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_aws_managed_policy_opens_from_the_sites_index_and_is_summarised() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/some/prefix/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("tab-policy").await?.click().await?;
    // The index arrives from the site; the picker's list has every policy.
    browser
        .client
        .wait()
        .for_element(fantoccini::Locator::Css(
            "#aws-managed-policies option[value='AmazonSSMManagedInstanceCore']",
        ))
        .await?;
    let picker = browser.by_test_id("managed-policy").await?;
    picker.send_keys("AmazonS3ReadOnlyAccess\n").await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let value = browser
            .by_test_id("policy-input")
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        if value.contains("s3-object-lambda:Get*") {
            break;
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("the managed policy never opened: {value}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let summary = browser.by_test_id("summary").await?.text().await?;
    assert!(
        summary.starts_with("valid identity-based policy: 1 statement"),
        "{summary}"
    );
    browser.by_test_id("access-toggle").await?.click().await?;
    let access = browser
        .wait_for_texts("access-summary", |t| {
            t.iter().any(|s| s.contains("actions allowed"))
        })
        .await?;
    assert!(access[0].contains(" in 2 services"), "{access:?}");
    browser.screenshot("managed-policy-summary.png").await?;
    browser.close().await
}

/// Two roles with the same inline policy text: clicking the deciding statement's place selects
/// the second role's statement in the scenario, not the first's.
#[tokio::test(flavor = "multi_thread")]
async fn twin_policies_select_the_statement_of_the_role_that_decides() -> TestResult {
    let case: serde_json::Value =
        serde_json::from_str(include_str!("../../scenarios/twin-policies.json"))?;
    let scenario = serde_json::to_string_pretty(&case["scenario"])?;
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("view-document").await?.click().await?;
    let input = browser.by_test_id("scenario-input").await?;
    browser
        .client
        .execute(
            "arguments[0].value = arguments[1];
             arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::to_value(&input)?, serde_json::json!(scenario)],
        )
        .await?;
    // AmazonS3ReadOnlyAccess comes from the site's files before the scenario is simulated.
    let verdicts = browser
        .wait_for_texts("request-verdict", |t| {
            t.len() == 3 && t.iter().all(|d| d == "allowed")
        })
        .await?;
    assert_eq!(verdicts.len(), 3);
    browser.by_test_id("request-verdict").await?.click().await?;
    let deciding = browser
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=deciding]"))
        .await?;
    let first = deciding.first().ok_or("no deciding statement")?;
    first.click().await?;
    let selected = browser
        .client
        .execute(
            "const t = arguments[0];
             return [t.value.substring(t.selectionStart, t.selectionEnd),
                     t.selectionStart, t.value.indexOf('\"Sid\": \"Write\"'),
                     t.value.lastIndexOf('\"Sid\": \"Write\"')];",
            vec![serde_json::to_value(&input)?],
        )
        .await?;
    let text = selected[0].as_str().unwrap_or_default();
    let start = selected[1].as_u64().unwrap_or_default();
    let (first_sid, second_sid) = (
        selected[2].as_u64().unwrap_or_default(),
        selected[3].as_u64().unwrap_or_default(),
    );
    assert!(text.contains("\"Sid\": \"Write\""), "{text}");
    assert!(
        start > first_sid && start < second_sid,
        "selected at {start}: the first role's statement is at {first_sid}, the second's at {second_sid}"
    );
    browser.close().await
}
