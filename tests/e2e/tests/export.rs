//! Exporting the scenario's account from the page: the exporter runs in its own web worker
//! (fetched only when first used), and its AWS CLI script, Terraform and CloudFormation are
//! shown before they are downloaded; a scenario with errors is not exported.

use iamplay_e2e::{Browser, StaticSite, TestResult, dist_dir};

#[tokio::test(flavor = "multi_thread")]
async fn the_walkthroughs_account_exports_to_each_format_in_a_worker() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/docs/iamplay/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.choose_preset("EC2 app server walkthrough").await?;
    browser
        .wait_for_texts("request-verdict", |t| t.len() == 9)
        .await?;
    for (format, wanted) in [
        (
            "Terraform",
            "resource \"aws_iam_instance_profile\" \"ec2appserverprofile\"",
        ),
        (
            "AWS CLI script",
            "aws iam add-role-to-instance-profile --instance-profile-name 'EC2AppServerProfile' --role-name 'EC2AppServerRole'",
        ),
        (
            "CloudFormation (YAML)",
            "Type: \"AWS::IAM::InstanceProfile\"",
        ),
        (
            "CloudFormation (JSON)",
            "\"AWSTemplateFormatVersion\": \"2010-09-09\"",
        ),
    ] {
        browser.export(format).await?;
        let text = browser
            .wait_for_texts("export-text", |t| t.len() == 1 && t[0].contains(wanted))
            .await?;
        assert!(text[0].contains("EC2AppServerPolicy"), "{format}: {text:?}");
        let download = browser.by_test_id("export-download").await?.text().await?;
        assert!(download.starts_with("Download "), "{download}");
    }
    let shot = browser.screenshot("export-cloudformation.png").await?;
    assert!(std::fs::metadata(shot)?.len() > 10_000);
    browser.by_test_id("export-close").await?.click().await?;
    browser
        .wait_for_texts("export-panel", <[String]>::is_empty)
        .await?;
    // The worker was fetched from the site itself, under its sub-path.
    let fetched: Vec<String> = serde_json::from_value(
        browser
            .client
            .execute(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('iamplay-worker'));",
                vec![],
            )
            .await?,
    )?;
    assert!(
        fetched
            .iter()
            .any(|n| n.contains("/docs/iamplay/iamplay-worker_loader.js")),
        "{fetched:?}"
    );
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_scenario_with_errors_is_not_exported() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("view-document").await?.click().await?;
    let input = browser.by_test_id("scenario-input").await?;
    browser
        .set_value(
            &input,
            "{\"scenarioVersion\": 1, \"account\": {\"id\": \"123456789012\"}}",
        )
        .await?;
    browser.export("Terraform").await?;
    let problems = browser
        .wait_for_texts("export-problems", |t| t.len() == 1)
        .await?;
    assert!(
        problems[0].contains("fix them to export it"),
        "{problems:?}"
    );
    assert!(problems[0].contains("line 1, column 1"), "{problems:?}");
    assert!(browser.texts("export-download").await?.is_empty());
    browser.close().await
}

/// The site as a host that dropped the files whose names start with `dropped`, in a folder of
/// its own.
fn site_without(dropped: &str) -> TestResult<std::path::PathBuf> {
    let root = std::env::temp_dir().join(format!("iamplay-no-{dropped}{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root)?;
    for entry in std::fs::read_dir(dist_dir()?)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if path.is_file() && !name.starts_with(dropped) {
            std::fs::copy(&path, root.join(&name))?;
        }
    }
    Ok(root)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_site_served_without_its_worker_says_the_exporter_could_not_be_loaded() -> TestResult {
    let root = site_without("iamplay-worker")?;
    let site = StaticSite::start(root.clone(), "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser
        .wait_for_texts("request-verdict", |t| !t.is_empty())
        .await?;
    browser.export("Terraform").await?;
    let problems = browser
        .wait_for_texts("export-problems", |t| t.len() == 1)
        .await?;
    assert!(
        problems[0].contains("could not be loaded from the site"),
        "{problems:?}"
    );
    browser.close().await?;
    let _ = std::fs::remove_dir_all(&root);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_site_served_without_its_panels_says_so_and_keeps_the_scenario() -> TestResult {
    // Without the panels' script, and with the script but not its wasm.
    for dropped in ["iamplay-interchange", "iamplay-interchange_bg"] {
        let root = site_without(dropped)?;
        let site = StaticSite::start(root.clone(), "/")?;
        let browser = Browser::start().await?;
        browser.client.goto(&site.url).await?;
        let verdicts = browser
            .wait_for_texts("request-verdict", |t| !t.is_empty())
            .await?;
        browser.export("Terraform").await?;
        let notice = browser.wait_for_texts("notice", |t| t.len() == 1).await?;
        assert!(
            notice[0].contains("could not be loaded from the site"),
            "{dropped}: {notice:?}"
        );
        assert_eq!(browser.texts("request-verdict").await?, verdicts);
        browser.close().await?;
        let _ = std::fs::remove_dir_all(&root);
    }
    Ok(())
}
