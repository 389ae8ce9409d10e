//! Documentation pages: the example docs page (`docs-example.html`) includes the drop-in script,
//! and each marked block becomes a live widget with its findings and verdicts, worked out in the
//! page by the engine; its frame of the embed view (`index.html#embed&scenario=…`) is fitted to
//! its content by the height the view posts.

use iamplay_e2e::{Browser, StaticSite, TestResult, dist_dir};

/// A JSON value the page computes.
async fn eval<T: serde::de::DeserializeOwned>(browser: &Browser, script: &str) -> TestResult<T> {
    Ok(serde_json::from_value(
        browser.client.execute(script, vec![]).await?,
    )?)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_docs_page_shows_live_widgets_and_a_fitted_embed_frame() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/docs/iamplay/")?;
    let browser = Browser::start().await?;
    browser
        .client
        .goto(&format!("{}docs-example.html", site.url))
        .await?;

    // Three blocks, three widgets; the blocks themselves are hidden once their widget is there.
    browser
        .wait_for_texts("iamplay-widget", |t| t.len() == 3)
        .await?;
    let verdicts: Vec<String> = loop {
        let verdicts: Vec<String> = eval(
            &browser,
            "return [...document.querySelectorAll('.iamplay-root [data-testid=iamplay-request]')].map(r => r.dataset.verdict);",
        )
        .await?;
        if verdicts.len() == 5 {
            break verdicts;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(
        verdicts,
        [
            "allowed",
            "implicit deny",
            "allowed",
            "implicit deny",
            "allowed"
        ]
    );
    let headlines = browser
        .wait_for_texts("iamplay-verdict", |t| t.len() == 2)
        .await?;
    assert_eq!(
        headlines,
        ["2 of 2 requests as expected", "3 of 3 requests as expected"]
    );

    // The walkthrough's queue statement: its finding listed and underlined where it is.
    let findings = browser
        .wait_for_texts("iamplay-finding", |t| {
            t.iter().any(|f| f.contains("resource-type-mismatch"))
        })
        .await?;
    assert!(
        findings.iter().any(|f| f.starts_with("error")),
        "{findings:?}"
    );
    let underlined: Vec<String> = eval(
        &browser,
        "return [...document.querySelectorAll('.iw-code .iw-error')].map(e => e.textContent);",
    )
    .await?;
    assert!(
        underlined.contains(&"\"sqs:SendMessage\"".to_owned()),
        "{underlined:?}"
    );
    let statements = browser.texts("iamplay-statement").await?;
    assert!(
        statements
            .iter()
            .any(|s| s.contains("WriteReports") && s.contains("s3:PutObject")),
        "{statements:?}"
    );
    let hidden: Vec<bool> = eval(
        &browser,
        "return [...document.querySelectorAll('pre[data-iamplay]')].map(p => getComputedStyle(p).display === 'none');",
    )
    .await?;
    assert_eq!(hidden, [true, true, true]);
    // The scenario opens in the playground by its share link, beside the docs page.
    let open: String = eval(
        &browser,
        "return document.querySelector('[data-testid=iamplay-open]').href;",
    )
    .await?;
    assert!(
        open.starts_with(&format!("{}index.html#scenario=", site.url)),
        "{open}"
    );

    // The frame shows the embed view, and is as tall as what it shows.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let (frame, content, requests) = loop {
        let (frame, content, requests): (f64, f64, usize) = eval(
            &browser,
            "const f = document.querySelector('[data-testid=embed-frame]');
             const d = f.contentDocument;
             return [f.clientHeight, d ? d.documentElement.scrollHeight : 0,
                     d ? d.querySelectorAll('[data-testid=iamplay-request]').length : 0];",
        )
        .await?;
        if requests == 3 && (frame - content).abs() < 1.0 {
            break (frame, content, requests);
        }
        if std::time::Instant::now() > deadline {
            return Err(format!(
                "the frame is {frame}px for {content}px of content ({requests} requests)"
            )
            .into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(
        frame > 192.0,
        "the frame grew from its 12rem to {frame}px ({content}, {requests})"
    );
    let framed: String = eval(
        &browser,
        "return document.querySelector('[data-testid=embed-frame]').contentWindow.location.pathname;",
    )
    .await?;
    assert_eq!(framed, "/docs/iamplay/embed.html");

    // The JSON Schemas editors read are served with the site, at stable paths.
    let titles: Vec<String> = serde_json::from_value(
        browser
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 Promise.all(['schema/scenario-v1.schema.json', 'schema/policy-v1.schema.json']
                   .map(u => fetch(u).then(r => r.json()).then(j => j.title)))
                   .then(done, e => done([String(e)]));",
                vec![],
            )
            .await?,
    )?;
    assert_eq!(
        titles,
        ["iamplay scenario, version 1", "IAM policy document"]
    );

    // Everything came from the site itself.
    let elsewhere: Vec<String> = eval(
        &browser,
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin));",
    )
    .await?;
    assert!(elsewhere.is_empty(), "{elsewhere:?}");
    browser.screenshot("docs-example.png").await?;
    browser
        .client
        .execute(
            "document.querySelector('[data-testid=embed-frame]').scrollIntoView();",
            vec![],
        )
        .await?;
    browser.screenshot("docs-example-frame.png").await?;
    browser.resize(360, 800).await?;
    browser.screenshot("docs-example-360.png").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_editable_embed_view_decides_again_as_the_reader_types() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    let scenario = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../team-policies/scenarios/uploader.json"),
    )?;
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&scenario);
    browser
        .client
        .goto(&format!(
            "{}index.html#embed&scenario={encoded}&editable",
            site.url
        ))
        .await?;
    let headline = browser
        .wait_for_texts("iamplay-verdict", |t| t.len() == 1)
        .await?;
    assert_eq!(headline, ["2 of 2 requests as expected"]);
    let area = browser
        .client
        .find(fantoccini::Locator::Css(".iw-edit"))
        .await?;
    browser
        .set_value(&area, &scenario.replace("\"implicitDeny\"", "\"allowed\""))
        .await?;
    browser
        .wait_for_texts("iamplay-verdict", |t| {
            t == ["1 of 2 requests not as expected"]
        })
        .await?;
    let unexpected = browser
        .client
        .find(fantoccini::Locator::Css(".iw-unexpected"))
        .await?
        .text()
        .await?;
    assert_eq!(unexpected, "expected allowed");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_embed_view_explains_a_link_without_a_scenario() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let browser = Browser::start().await?;
    browser
        .client
        .goto(&format!("{}index.html#embed", site.url))
        .await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let text: String = eval(&browser, "return document.body.innerText;").await?;
        if text.contains("this embed cannot be shown: the link carries no scenario") {
            break;
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("the embed view says: {text}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    browser.close().await
}

/// Copies the built site without the widgets' wasm, as a docs host that lacks it would serve.
fn site_without_widgets() -> TestResult<std::path::PathBuf> {
    fn copy(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)? {
            let path = entry?.path();
            let target = to.join(path.file_name().unwrap_or_default());
            if path.is_dir() {
                copy(&path, &target)?;
            } else if !path.ends_with("iamplay-embed_bg.wasm") {
                std::fs::copy(&path, &target)?;
            }
        }
        Ok(())
    }
    let to = std::env::temp_dir().join(format!("iamplay-e2e-no-widgets-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    copy(&dist_dir()?, &to)?;
    Ok(to)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_blocks_stay_readable_when_the_widgets_cannot_load() -> TestResult {
    let root = site_without_widgets()?;
    let site = StaticSite::start(root.clone(), "/")?;
    let browser = Browser::start().await?;
    browser
        .client
        .goto(&format!("{}docs-example.html", site.url))
        .await?;
    // The script gives up once the wasm is missing; the blocks are still there, as written.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let shown: Vec<bool> = eval(
        &browser,
        "return [...document.querySelectorAll('pre[data-iamplay]')].map(p => p.offsetHeight > 0 && p.innerText.includes('Statement'));",
    )
    .await?;
    assert_eq!(shown, [true, true, true]);
    assert!(browser.texts("iamplay-widget").await?.is_empty());
    browser.close().await?;
    let _ = std::fs::remove_dir_all(root);
    Ok(())
}
