//! Importing the user's own IAM in the page: the files are read by the importers' web worker,
//! the instance profiles are picked from (filtered as the user types), the picked one opens as
//! the scenario (undo brings the previous one back), and `who can` asks every profile at once,
//! with the AWS managed policies fetched from the site's own files. A file with an error is
//! reported at its line and nothing is imported; a template's parameters can be given.

use iamplay_e2e::{Browser, StaticSite, TestResult, dist_dir};
use std::path::PathBuf;

/// A CloudFormation template whose role's name is a parameter without a default.
const PARAMETER_TEMPLATE: &str = "AWSTemplateFormatVersion: \"2010-09-09\"
Parameters:
  RoleName:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Ref RoleName
      AssumeRolePolicyDocument:
        Version: \"2012-10-17\"
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      InstanceProfileName: app-profile
      Roles: [!Ref Role]
";

fn fixture(name: &str) -> TestResult<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../import")
        .join(name);
    Ok(path.canonicalize()?)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_account_imports_in_a_worker_and_a_picked_profile_opens_as_the_scenario() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/docs/iamplay/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.choose_preset("Elastic Beanstalk").await?;
    browser
        .wait_for_texts("request-verdict", |t| !t.is_empty())
        .await?;
    let before = browser.scenario_text().await?;
    browser
        .import(&fixture("account-authorization-details.json")?)
        .await?;
    let summary = browser
        .wait_for_texts("import-summary", |t| t.len() == 1)
        .await?;
    assert!(
        summary[0].contains("account-authorization-details.json: 2 instance profiles, 3 roles"),
        "{summary:?}"
    );
    // The filter narrows the picker as the user types.
    let filter = browser.by_test_id("import-filter").await?;
    filter.send_keys("web").await?;
    let listed = browser
        .wait_for_texts("import-profile", |t| t.len() == 1)
        .await?;
    assert!(listed[0].contains("WebServerProfile"), "{listed:?}");
    assert!(listed[0].contains("role WebServerRole"), "{listed:?}");
    filter.clear().await?;
    filter.send_keys("appserver").await?;
    browser
        .wait_for_texts("import-profile", |t| {
            t.len() == 1 && t[0].contains("EC2AppServerProfile")
        })
        .await?;
    // Who can: every profile at once, AWS's managed policy fetched by the worker.
    let said = browser.ask_who_can("s3:ListAllMyBuckets", "*").await?;
    assert_eq!(
        said,
        "1 of 2 instance profiles may call s3:ListAllMyBuckets on *."
    );
    let rows = browser.texts("who-can-row").await?;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].starts_with("EC2AppServerProfile"), "{rows:?}");
    assert!(rows[0].contains("Allowed"), "{rows:?}");
    assert!(
        rows[0].contains("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"),
        "{rows:?}"
    );
    assert!(rows[1].contains("Implicit deny"), "{rows:?}");
    // Every role's AWS managed policies were fetched: `BuildRole`, in no profile, too.
    assert!(browser.texts("who-can-problems").await?.is_empty());
    // The panels are an app of their own: the playground did not take their clicks for its own.
    let tab = browser.by_test_id("tab-scenario").await?;
    assert_eq!(tab.attr("aria-selected").await?.as_deref(), Some("true"));
    browser.screenshot("import-who-can.png").await?;
    // On a phone the panel takes the screen, and nothing spills over its edge.
    browser.resize(360, 800).await?;
    let overflow = browser
        .client
        .execute(
            "const panel = document.querySelector('.interchange-dialog');
             return [document.documentElement.scrollWidth - document.documentElement.clientWidth,
                     panel.scrollWidth - panel.clientWidth];",
            vec![],
        )
        .await?;
    assert_eq!(overflow, serde_json::json!([0, 0]), "wider than the screen");
    browser.screenshot("import-360.png").await?;
    browser.resize(1360, 900).await?;
    // Picking a profile opens its scenario; undo brings the user's back.
    browser.by_test_id("import-profile").await?.click().await?;
    browser
        .wait_for_texts("import-panel", <[String]>::is_empty)
        .await?;
    let notice = browser.wait_for_texts("notice", |t| t.len() == 1).await?;
    assert!(
        notice[0].contains("Opened the imported instance profile"),
        "{notice:?}"
    );
    let opened = browser.scenario_text().await?;
    assert!(opened.contains("\"EC2AppServerRole\""), "{opened}");
    assert!(
        opened.contains("account-authorization-details.json"),
        "{opened}"
    );
    browser.by_test_id("undo").await?.click().await?;
    assert_eq!(browser.scenario_text().await?, before);
    // The import is kept: it can be shown again. One panel at a time: exporting hides it.
    browser.by_test_id("import-show").await?.click().await?;
    browser
        .wait_for_texts("import-summary", |t| t.len() == 1)
        .await?;
    browser.export("Terraform").await?;
    browser
        .wait_for_texts("export-text", |t| t.len() == 1)
        .await?;
    assert!(browser.texts("import-panel").await?.is_empty());
    assert!(browser.texts("import-show").await?.is_empty());
    browser.by_test_id("export-close").await?.click().await?;
    browser.by_test_id("import-show").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn templates_and_plans_import_too_and_errors_are_placed_with_nothing_imported() -> TestResult
{
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser
        .wait_for_texts("request-verdict", |t| !t.is_empty())
        .await?;
    let before = browser.scenario_text().await?;
    // A file that is not JSON: placed at its line, and nothing imported.
    let broken = std::env::temp_dir().join(format!("iamplay-broken-{}.json", std::process::id()));
    std::fs::write(
        &broken,
        "{\n  \"RoleDetailList\": [\n    {\"RoleName\": }\n  ]\n}\n",
    )?;
    browser.import(&broken).await?;
    let problems = browser
        .wait_for_texts("import-problems", |t| t.len() == 1)
        .await?;
    assert!(problems[0].contains("line 3, column"), "{problems:?}");
    assert!(browser.texts("import-profile").await?.is_empty());
    assert_eq!(browser.scenario_text().await?, before);
    std::fs::remove_file(&broken)?;
    // A CloudFormation template in YAML, then Terraform's plan: each one profile.
    for (file, profile) in [
        ("walkthrough.yaml", "EC2AppServerProfile"),
        ("walkthrough-plan.json", "EC2AppServerProfile"),
    ] {
        browser.import(&fixture(file)?).await?;
        // This import's summary first: the last one's list is replaced.
        browser
            .wait_for_texts("import-summary", |t| t.len() == 1 && t[0].starts_with(file))
            .await?;
        let listed = browser
            .wait_for_texts("import-profile", |t| t.len() == 1)
            .await?;
        assert!(listed[0].contains(profile), "{file}: {listed:?}");
    }
    browser.by_test_id("import-profile").await?.click().await?;
    browser
        .wait_for_texts("import-panel", <[String]>::is_empty)
        .await?;
    let opened = browser.scenario_text().await?;
    assert!(opened.contains("walkthrough-plan.json"), "{opened}");
    // A template's parameter without a default: reported, then given and imported again.
    let template = std::env::temp_dir().join(format!("iamplay-param-{}.yaml", std::process::id()));
    std::fs::write(&template, PARAMETER_TEMPLATE)?;
    browser.import(&template).await?;
    let problems = browser
        .wait_for_texts("import-problems", |t| t.len() == 1)
        .await?;
    assert!(
        problems[0].contains("line 9, column 22: parameter `RoleName` has no value"),
        "{problems:?}"
    );
    browser
        .by_test_id("import-parameters")
        .await?
        .send_keys("RoleName=app-role")
        .await?;
    browser.by_test_id("import-again").await?.click().await?;
    let listed = browser
        .wait_for_texts("import-profile", |t| t.len() == 1)
        .await?;
    assert!(listed[0].contains("app-profile"), "{listed:?}");
    assert!(listed[0].contains("role app-role"), "{listed:?}");
    std::fs::remove_file(&template)?;
    browser
        .wait_for_texts("request-verdict", <[String]>::is_empty)
        .await?;
    browser.close().await
}
