//! Nothing leaves the page: on the release build, the Content-Security-Policy allows only the
//! page's own files, and while every feature is used, no request goes to another origin and the
//! policy is never violated (Chromium's buffered CSP reports count those made while loading).

use fantoccini::Locator;
use iamplay_e2e::{Browser, StaticSite, TestResult, dist_dir};

/// Starts recording: a buffered ReportingObserver (it also gets reports made before it) and a
/// `securitypolicyviolation` listener; a resource timing buffer big enough for every fetch.
const RECORD: &str = "
    window.__violations = [];
    performance.setResourceTimingBufferSize(100000);
    document.addEventListener('securitypolicyviolation',
        e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    window.__observer = new ReportingObserver(
        reports => reports.forEach(r => window.__violations.push(JSON.stringify(r.body))),
        { types: ['csp-violation'], buffered: true });
    window.__observer.observe();";

/// What was recorded: every violation, and every request to another origin.
const RECORDED: &str = "
    window.__observer.takeRecords()
        .forEach(r => window.__violations.push(JSON.stringify(r.body)));
    const foreign = performance.getEntriesByType('resource')
        .map(e => e.name)
        .filter(url => !url.startsWith(location.origin + '/') && !url.startsWith('blob:')
            && !url.startsWith('data:'));
    return [window.__violations, foreign, performance.getEntriesByType('resource').length];";

#[tokio::test(flavor = "multi_thread")]
async fn the_release_page_allows_only_its_own_files_and_nothing_leaves_it() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    // The page started, so the loader script's hash is right.
    browser.by_test_id("verdict").await?;
    let policy = browser
        .client
        .execute(
            "return document.querySelector('meta[http-equiv=Content-Security-Policy]').content",
            vec![],
        )
        .await?;
    let policy = policy.as_str().unwrap_or_default().to_owned();
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(!policy.contains("ws://"), "{policy}");
    assert!(policy.contains("script-src 'self' 'sha256-"), "{policy}");
    assert!(policy.contains("connect-src 'self';"), "{policy}");
    browser.client.execute(RECORD, vec![]).await?;

    // Every feature that fetches or builds something: the presets, a new scenario with an AWS
    // managed policy (fetched from the site), the document view, the access summary and change
    // review, a share link, the policy reader, export, import and who can.
    for preset in [
        "EC2 app server walkthrough",
        "Auto Scaling + PassRole",
        "Common mistakes",
        "Elastic Beanstalk",
    ] {
        browser.choose_preset(preset).await?;
        browser.by_test_id("request-verdict").await?;
    }
    browser
        .new_scenario_with_managed_policy("AmazonS3FullAcc", &["allowed"])
        .await?;
    browser.by_test_id("view-document").await?.click().await?;
    browser.by_test_id("scenario-input").await?;
    browser.by_test_id("view-structured").await?.click().await?;
    browser.by_test_id("access-toggle").await?.click().await?;
    browser.by_test_id("baseline-set").await?.click().await?;
    browser.by_test_id("share").await?.click().await?;
    browser.by_test_id("tab-policy").await?.click().await?;
    browser.by_test_id("policy-input").await?;
    browser
        .client
        .find(Locator::Css("[data-testid=tab-scenario]"))
        .await?
        .click()
        .await?;
    // Export and import: the panels' script, wasm and stylesheet, and the worker they start
    // (whose own fetches of AWS managed policies are not in the page's timeline: they go to the
    // same relative paths as the page's).
    browser.export("Terraform").await?;
    browser
        .wait_for_texts("export-text", |t| t.len() == 1)
        .await?;
    browser.by_test_id("export-close").await?.click().await?;
    let account = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../import/account-authorization-details.json")
        .canonicalize()?;
    browser.import(&account).await?;
    browser.ask_who_can("s3:GetObject", "*").await?;
    browser.by_test_id("import-profile").await?.click().await?;
    browser.wait_for_texts("notice", |t| t.len() == 1).await?;

    let recorded = browser.client.execute(RECORDED, vec![]).await?;
    let violations = recorded[0].as_array().cloned().unwrap_or_default();
    let foreign = recorded[1].as_array().cloned().unwrap_or_default();
    assert!(violations.is_empty(), "CSP violations: {violations:?}");
    assert!(foreign.is_empty(), "requests to other origins: {foreign:?}");
    // The recording saw the site's own fetches (the catalogue, the managed policy).
    assert!(
        recorded[2].as_u64().unwrap_or_default() >= 3,
        "{recorded:?}"
    );
    browser.close().await
}
