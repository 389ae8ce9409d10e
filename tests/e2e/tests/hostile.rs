//! Text from users never becomes markup or script: a shared scenario, a policy and imported
//! files whose every field holds `<script>`, `<img onerror>` and `javascript:` payloads are
//! shown as text, and nothing they carry runs (no element they describe appears, no handler
//! fires, and the page's Content-Security-Policy is never violated).
#![allow(
    clippy::indexing_slicing,
    reason = "test checks: a panic is a failed test"
)]

use base64::Engine as _;
use iamplay_e2e::{Browser, StaticSite, TestResult, dist_dir};
use serde_json::json;

const IMG: &str = "<img src=x onerror=\"window.__pwned='img'\">";
const SCRIPT: &str = "<script>window.__pwned='script'</script>";
const HREF: &str = "javascript:window.__pwned='href'";

/// A scenario with a payload in every field a user writes.
fn hostile_scenario() -> serde_json::Value {
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [{"Sid": SCRIPT, "Effect": "Allow", "Action": format!("s3:{IMG}"), "Resource": HREF}]
    });
    json!({
        "scenarioVersion": 1,
        "name": SCRIPT,
        "description": IMG,
        "account": {
            "id": "111122223333",
            "roles": [{
                "name": format!("Role{IMG}"),
                "description": SCRIPT,
                "tags": {IMG: SCRIPT, "team": HREF},
                "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Sid": IMG, "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                "inlinePolicies": {SCRIPT: policy}
            }],
            "instanceProfiles": [{"name": HREF, "roles": [format!("Role{IMG}")], "tags": {"k": IMG}}],
            "managedPolicies": [{"name": IMG, "document": policy}]
        },
        "instance": {"id": IMG, "region": SCRIPT, "instanceProfile": HREF, "tags": {"Name": SCRIPT}},
        "resourcePolicies": [{"resource": HREF, "policy": {"Version": "2012-10-17", "Statement": [{"Sid": IMG, "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": HREF}]}}],
        "vpcEndpoints": [{"id": IMG}],
        "requests": [
            {"action": IMG, "resource": HREF, "context": {SCRIPT: IMG}, "vpcEndpoint": IMG},
            {"action": "s3:GetObject", "resource": SCRIPT}
        ]
    })
}

/// What the payloads would have made if they had become markup (in the body, where the page
/// shows them), and whether one ran.
const INJECTED: &str = "
    return [
        document.querySelectorAll('img, iframe, object, embed').length,
        document.body.querySelectorAll('script').length,
        document.querySelectorAll('[onerror], [onload], [onclick]').length,
        document.querySelectorAll('a[href^=\"javascript:\"]').length,
        window.__pwned || null,
        document.body.innerText.includes(\"onerror=\\\"window.__pwned='img'\\\"\"),
    ];";

/// Checks that nothing was injected; `shown`: the IMG payload must also be on screen as text.
async fn nothing_injected(browser: &Browser, view: &str, shown: bool) -> TestResult {
    let found = browser.client.execute(INJECTED, vec![]).await?;
    assert_eq!(found[0], 0, "{view}: elements made from text: {found:?}");
    // The page's own scripts (the embed view's redirect, the loader, the panels') are in the
    // head; what the payloads would make is in the body.
    assert_eq!(found[1], 0, "{view}: scripts made from text: {found:?}");
    assert_eq!(found[2], 0, "{view}: handlers made from text: {found:?}");
    assert_eq!(found[3], 0, "{view}: javascript: links: {found:?}");
    assert_eq!(
        found[4],
        serde_json::Value::Null,
        "{view}: a payload ran: {found:?}"
    );
    if shown {
        assert_eq!(
            found[5], true,
            "{view}: the payload is shown as text: {found:?}"
        );
    }
    Ok(())
}

/// A scenario that evaluates, with payloads where IAM takes any text: Sids, resources, request
/// actions and context, so the verdicts, the chain and the access summary quote them.
fn hostile_but_valid_scenario() -> serde_json::Value {
    let mut scenario: serde_json::Value = serde_json::from_str(include_str!(
        "../../../crates/core/presets/new-scenario.json"
    ))
    .unwrap_or_default();
    scenario["account"]["roles"][0]["inlinePolicies"] = json!({
        "Payloads": {"Version": "2012-10-17", "Statement": [
            {"Sid": SCRIPT, "Effect": "Allow", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::b/{IMG}")},
            {"Sid": IMG, "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestTag/x": HREF}}}
        ]}
    });
    scenario["requests"] = json!([
        {"action": "s3:GetObject", "resource": format!("arn:aws:s3:::b/{IMG}")},
        {"action": "s3:PutObject", "resource": HREF, "context": {"aws:RequestTag/x": HREF}},
        {"action": "s3:ListBucket", "resource": SCRIPT}
    ]);
    scenario
}

/// Opens `scenario` from a share link and checks every view of it; an `evaluated` one must get
/// its three verdicts.
async fn shared_scenario_stays_text(
    scenario: &serde_json::Value,
    name: &str,
    evaluated: bool,
) -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    let text = serde_json::to_string_pretty(scenario)?;
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text.as_bytes());
    browser
        .client
        .goto(&format!("{}#scenario={encoded}", site.url))
        .await?;
    browser.by_test_id("shared-banner").await?;
    browser.by_test_id("request-verdict").await?;
    if evaluated {
        browser
            .wait_for_texts("request-verdict", |t| {
                t == ["allowed", "explicit deny", "implicit deny"]
            })
            .await?;
    }
    // Every fold open, so every part of the scenario is drawn (a fold's content is built when it
    // opens: two frames later it is there).
    browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             document.querySelectorAll('details').forEach(d => d.open = true);
             requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)));",
            vec![],
        )
        .await?;
    nothing_injected(&browser, "structured view", true).await?;
    browser.screenshot(&format!("hostile-{name}.png")).await?;
    // The chain of the first request, which quotes its action, resource and deciding statement.
    browser.by_test_id("request-verdict").await?.click().await?;
    nothing_injected(&browser, "chain", true).await?;
    browser.by_test_id("view-document").await?.click().await?;
    browser.by_test_id("scenario-input").await?;
    nothing_injected(&browser, "document view", true).await?;
    browser.by_test_id("view-structured").await?.click().await?;
    browser.by_test_id("access-toggle").await?.click().await?;
    nothing_injected(&browser, "access summary", true).await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn payloads_in_every_field_of_a_shared_scenario_stay_text() -> TestResult {
    shared_scenario_stays_text(&hostile_scenario(), "scenario", false).await
}

#[tokio::test(flavor = "multi_thread")]
async fn payloads_in_verdicts_chains_and_summaries_stay_text() -> TestResult {
    shared_scenario_stays_text(&hostile_but_valid_scenario(), "verdicts", true).await
}

#[tokio::test(flavor = "multi_thread")]
async fn payloads_in_the_policy_reader_stay_text() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("tab-policy").await?.click().await?;
    let input = browser.by_test_id("policy-input").await?;
    let policy = &hostile_scenario()["account"]["managedPolicies"][0]["document"];
    browser
        .set_value(&input, &serde_json::to_string_pretty(policy)?)
        .await?;
    browser.by_test_id("statement").await?;
    nothing_injected(&browser, "policy reader", true).await?;
    // Broken JSON whose error quotes what follows.
    browser
        .set_value(
            &input,
            &format!("{{\"Version\": {IMG}, \"Sid\": \"{SCRIPT}\""),
        )
        .await?;
    browser.by_test_id("problem").await?;
    nothing_injected(&browser, "policy reader, broken", false).await?;
    browser.screenshot("hostile-policy-reader.png").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_or_oversized_share_link_says_so_and_keeps_the_users_work() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    for (fragment, why) in [
        ("#scenario=not*base64".to_owned(), "not base64url"),
        (
            format!("#scenario={}", "A".repeat(300_000)),
            "characters long",
        ),
    ] {
        browser
            .client
            .goto(&format!("{}{fragment}", site.url))
            .await?;
        browser.client.refresh().await?;
        let notice = browser.by_test_id("notice").await?.text().await?;
        assert!(
            notice.contains("The shared link could not be opened") && notice.contains(why),
            "{notice}"
        );
        // The user's own work is shown: no shared-scenario banner.
        browser.by_test_id("request-verdict").await?;
        assert!(browser.texts("shared-banner").await?.is_empty());
    }
    browser.close().await
}

/// An account with payloads where IAM takes any text (a description, a policy's resource), and,
/// when `names`, in names and tags too (which IAM refuses: the problems quote them).
fn hostile_account(names: bool) -> serde_json::Value {
    let name = |valid: &str, payload: &str| {
        if names {
            format!("{valid}{payload}")
        } else {
            valid.to_owned()
        }
    };
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    let role = json!({
        "Path": "/", "RoleName": name("App", IMG), "RoleId": "AROA0000000000000001",
        "Arn": "arn:aws:iam::111122223333:role/App",
        "Description": format!("{IMG} {HREF}"),
        "AssumeRolePolicyDocument": trust,
        "Tags": [{"Key": "team", "Value": name("data", SCRIPT)}],
        "RolePolicyList": [{"PolicyName": name("data", SCRIPT), "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::bucket/{IMG}")}]}}],
        "AttachedManagedPolicies": [],
        "InstanceProfileList": [{"Path": "/", "InstanceProfileName": name("AppProfile", HREF), "InstanceProfileId": "AIPA0000000000000001", "Arn": "arn:aws:iam::111122223333:instance-profile/AppProfile", "Roles": [{"Path": "/", "RoleName": name("App", IMG), "RoleId": "AROA0000000000000001", "Arn": "arn:aws:iam::111122223333:role/App", "AssumeRolePolicyDocument": trust}]}]
    });
    json!({"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [role], "Policies": []})
}

#[tokio::test(flavor = "multi_thread")]
async fn payloads_in_imported_files_stay_text() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("verdict").await?;
    for names in [true, false] {
        let file = std::env::temp_dir().join(format!(
            "iamplay-hostile-{}-{names}.json",
            std::process::id()
        ));
        std::fs::write(&file, hostile_account(names).to_string())?;
        browser.import(&file).await?;
        browser
            .wait_for_texts("import-summary", |t| t.len() == 1)
            .await?;
        browser.by_test_id("import-profile").await?.click().await?;
        if names {
            // IAM refuses the names: the scenario is not made, and the problems quote them.
            let refused = browser
                .wait_for_texts("import-refused", |t| t.len() == 1)
                .await?;
            assert!(refused[0].contains("javascript:"), "{refused:?}");
        } else {
            let opened = browser.wait_for_texts("notice", |t| t.len() == 1).await;
            let refused = browser.texts("import-refused").await?;
            assert!(opened.is_ok(), "{refused:?}");
        }
        let found = browser.client.execute(INJECTED, vec![]).await?;
        assert_eq!(found[0], 0, "elements made from text: {found:?}");
        assert_eq!(found[1], 0, "scripts made from text: {found:?}");
        assert_eq!(found[2], 0, "handlers made from text: {found:?}");
        assert_eq!(found[3], 0, "javascript: links: {found:?}");
        assert_eq!(
            found[4],
            serde_json::Value::Null,
            "a payload ran: {found:?}"
        );
        std::fs::remove_file(&file)?;
    }
    // The opened scenario shows the imported description as text.
    let text = browser.scenario_text().await?;
    assert!(text.contains("onerror"), "{text}");
    browser.close().await
}
