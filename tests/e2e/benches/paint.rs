//! The page's figures in Chromium, on the release build. Navigation to first verdict: a fresh
//! browser (no cache) opens the site from loopback, and the Element Timing API says when the
//! tally of verdicts (`elementtiming="first-verdict"`) was first painted on the screen.
//! Keystroke to painted verdict: for each preset, the time from an edit of the scenario document
//! (an `input` event) until the page has rendered the new verdicts, and until the next frame is
//! painted, measured with the Performance API in the page. The import of a large account
//! (`get-account-authorization-details` of 10,000 roles, about 50 MB): from picking the file to
//! its profiles listed, the memory it takes, the profile picker's keystroke to rendered list,
//! and `who can` over every profile. Run by `cargo xtask bench paint`
//! (after a release build); prints medians and 95th percentiles, and writes the medians to
//! `IAMPLAY_BENCH_OUT` when it is set.

use iamplay_e2e::{Browser, StaticSite, TestResult, dist_dir};

#[allow(
    clippy::expect_used,
    reason = "the benchmark's own generator: serialising a JSON value does not fail"
)]
#[path = "../../../crates/core/benches/large_account.rs"]
mod large_account;

/// Edits per preset.
const EDITS: usize = 40;

/// Fresh navigations timed to first verdict.
const NAVIGATIONS: usize = 15;

/// One frame at 60 Hz, in milliseconds: a keystroke's work fits in one, and its verdict is
/// painted in the first frame after it. Each edit is made just after a frame, so the next one
/// comes a frame later: painted within two frames of the edit is painted in the first frame.
const FRAME: f64 = 16.7;

/// The budget from navigation to first verdict, in milliseconds.
const FIRST_VERDICT: f64 = 300.0;

/// Runs in the page: waits until the tally of verdicts has been painted, and gives the time of
/// that paint since navigation.
const FIRST_VERDICT_PAINTED: &str = r#"
const done = arguments[arguments.length - 1];
new PerformanceObserver((list) => {
  const entry = list.getEntries().find((e) => e.identifier === 'first-verdict');
  if (entry) done(entry.renderTime);
}).observe({ type: 'element', buffered: true });
"#;

/// Runs in the page: alternates the first request's expected decision (so the tally changes on
/// every edit), timing each edit to "rendered" (a task after the input event: the reducer and
/// Yew's render run before it) and to "painted" (a task after the next animation frame).
const MEASURE: &str = r#"
const [edits, done] = [arguments[0], arguments[arguments.length - 1]];
const area = document.querySelector('[data-testid=scenario-input]');
const tally = () => document.querySelector('[data-testid=tally]').textContent;
const base = area.value;
const flipped = base.includes('"expect": "allowed"')
  ? base.replace('"expect": "allowed"', '"expect": "implicitDeny"')
  : base.replace('"expect": "implicitDeny"', '"expect": "allowed"');
const task = () => new Promise(r => setTimeout(r, 0));
const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
(async () => {
  const rendered = [], painted = [];
  let changed = 0;
  for (let i = 0; i < edits; i++) {
    const before = tally();
    await frame();
    const t0 = performance.now();
    area.value = i % 2 ? base : flipped;
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await task();
    const t1 = performance.now();
    await frame();
    const t2 = performance.now();
    if (tally() !== before) changed++;
    rendered.push(t1 - t0);
    painted.push(t2 - t0);
  }
  done([rendered, painted, changed]);
})();
"#;

/// The budget of an import of the large account, in milliseconds, and of its memory in bytes.
const IMPORT: f64 = 3000.0;
const IMPORT_MEMORY: f64 = 500e6;

/// Runs in the page: notes when the import's file is picked.
const IMPORT_PICKED: &str = r#"
window.iamplayPicked = null;
document.querySelector('[data-testid=import-files]').addEventListener('change',
  () => { window.iamplayPicked = performance.now(); }, { capture: true, once: true });
"#;

/// Runs in the page: waits until the import's profiles are listed; gives the time since the
/// file was picked, the worker's wasm memory (bytes) and the page's JavaScript heap (bytes).
const IMPORT_DONE: &str = r#"
const done = arguments[arguments.length - 1];
const check = () => {
  const summary = document.querySelector('[data-testid=import-summary]');
  if (summary && document.querySelector('[data-testid=import-profile]')) {
    done([performance.now() - window.iamplayPicked, Number(summary.dataset.memory),
      performance.memory ? performance.memory.usedJSHeapSize : 0]);
  } else {
    requestAnimationFrame(check);
  }
};
check();
"#;

/// Runs in the page: types into the profile picker's filter, timing each keystroke to the
/// list rendered (a task after the input event) and painted (the next frame).
const FILTER: &str = r#"
const done = arguments[arguments.length - 1];
const input = document.querySelector('[data-testid=import-filter]');
const typed = ['a', 'ap', 'app', 'app-', 'app-0', 'app-01', 'app-012', 'app-0123', 'app-01234', ''];
const task = () => new Promise(r => setTimeout(r, 0));
const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
(async () => {
  const rendered = [], painted = [];
  for (let round = 0; round < 4; round++) {
    for (const value of typed) {
      await frame();
      const t0 = performance.now();
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await task();
      rendered.push(performance.now() - t0);
      await frame();
      painted.push(performance.now() - t0);
    }
  }
  const listed = document.querySelectorAll('[data-testid=import-profile]').length;
  done([rendered, painted, listed]);
})();
"#;

/// Runs in the page: asks `who can` of every profile, timing it to the answer shown.
const WHO_CAN: &str = r#"
const done = arguments[arguments.length - 1];
const set = (id, value) => {
  const input = document.querySelector(`[data-testid=${id}]`);
  input.value = value;
};
set('who-can-action', 's3:GetObject');
set('who-can-resource', 'arn:aws:s3:::bucket-31/report.csv');
const t0 = performance.now();
document.querySelector('[data-testid=who-can-ask]').click();
const check = () => {
  const said = document.querySelector('[data-testid=who-can-summary]');
  if (said) done([performance.now() - t0, said.textContent]); else requestAnimationFrame(check);
};
check();
"#;

/// The memory of every Chromium process on the machine (proportional set size, so memory two
/// processes share is counted once), in bytes: the benchmark's browser is the only one running.
fn chromium_memory() -> f64 {
    let mut kib = 0.0;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let path = entry.path();
        let comm = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
        if !comm.trim().starts_with("chrom") || comm.trim() == "chromedriver" {
            continue;
        }
        let rollup = std::fs::read_to_string(path.join("smaps_rollup")).unwrap_or_default();
        kib += rollup
            .lines()
            .find_map(|l| l.strip_prefix("Pss:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .unwrap_or(0.0);
    }
    kib * 1024.0
}

/// The import of the large account, in a fresh browser.
async fn import(url: &str, figures: &mut Figures) -> TestResult {
    let account = large_account::large_account(large_account::LARGE_ACCOUNT_ROLES);
    let file = std::env::temp_dir().join("iamplay-large-account.json");
    std::fs::write(&file, &account)?;
    let mb = account.len() as f64 / 1e6;
    let browser = Browser::start().await?;
    browser.client.goto(url).await?;
    browser.by_test_id("verdict").await?;
    let before = chromium_memory();
    browser.client.execute(IMPORT_PICKED, Vec::new()).await?;
    browser
        .by_test_id("import-files")
        .await?
        .send_keys(&file.to_string_lossy())
        .await?;
    let done = browser
        .client
        .execute_async(IMPORT_DONE, Vec::new())
        .await?;
    let at = |i: usize| {
        done.get(i)
            .and_then(serde_json::Value::as_f64)
            .unwrap_or(f64::NAN)
    };
    let (ms, worker, heap) = (at(0), at(1), at(2));
    let chromium = chromium_memory();
    println!(
        "import of a {mb:.1} MB account ({} roles): {ms:.0} ms to its profiles listed; Chromium's processes {:.0} MiB, {:.0} MiB before (worker's wasm memory {:.0} MiB, page's JS heap {:.0} MiB)",
        large_account::LARGE_ACCOUNT_ROLES,
        chromium / 1048576.0,
        before / 1048576.0,
        worker / 1048576.0,
        heap / 1048576.0
    );
    figures.insert(
        format!("import of a {mb:.0} MB account (10,000 roles): picked → profiles listed"),
        serde_json::json!([ms, IMPORT]),
    );
    figures.insert(
        "Chromium's memory taken by the 10,000-role import (all its processes, PSS), bytes"
            .to_owned(),
        serde_json::json!([chromium - before, IMPORT_MEMORY]),
    );
    let result = browser.client.execute_async(FILTER, Vec::new()).await?;
    let field = |i: usize| result.get(i).cloned().unwrap_or_default();
    let (mut rendered, mut painted) = (numbers(&field(0)), numbers(&field(1)));
    let (rendered_median, painted_median) = (
        percentile(&mut rendered, 0.5),
        percentile(&mut painted, 0.5),
    );
    println!(
        "profile picker over 10,000 profiles: keystroke → rendered median {rendered_median:.2} ms p95 {:.2} ms | painted median {painted_median:.2} ms p95 {:.2} ms | {} listed after clearing",
        percentile(&mut rendered, 0.95),
        percentile(&mut painted, 0.95),
        field(2)
    );
    figures.insert(
        "keystroke → profile picker rendered (10,000 profiles)".to_owned(),
        serde_json::json!([rendered_median, FRAME]),
    );
    figures.insert(
        "keystroke → profile picker painted (next frame, 10,000 profiles)".to_owned(),
        serde_json::json!([painted_median, 2.0 * FRAME]),
    );
    let asked = browser.client.execute_async(WHO_CAN, Vec::new()).await?;
    let ms = asked
        .get(0)
        .and_then(serde_json::Value::as_f64)
        .unwrap_or(f64::NAN);
    println!(
        "who can over 10,000 profiles: {ms:.0} ms ({})",
        asked
            .get(1)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
    );
    figures.insert(
        "who can over 10,000 profiles: asked → answers shown".to_owned(),
        serde_json::json!([ms, IMPORT]),
    );
    browser.close().await?;
    let _ = std::fs::remove_file(&file);
    Ok(())
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let index = ((values.len() as f64 - 1.0) * p).round() as usize;
    values.get(index).copied().unwrap_or(f64::NAN)
}

fn numbers(value: &serde_json::Value) -> Vec<f64> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
        .unwrap_or_default()
}

/// The page's figures: label → [median in ms, budget in ms].
type Figures = serde_json::Map<String, serde_json::Value>;

/// Navigation to first verdict, each time in a fresh browser.
async fn first_verdict(url: &str, figures: &mut Figures) -> TestResult {
    let mut times = Vec::new();
    for _ in 0..NAVIGATIONS {
        let browser = Browser::start().await?;
        browser.client.goto(url).await?;
        let at = browser
            .client
            .execute_async(FIRST_VERDICT_PAINTED, Vec::new())
            .await?;
        times.push(at.as_f64().unwrap_or(f64::NAN));
        browser.close().await?;
    }
    let median = percentile(&mut times, 0.5);
    println!(
        "navigation → first verdict painted (fresh browser, no cache): median {median:.0} ms, max {:.0} ms of {NAVIGATIONS}",
        percentile(&mut times, 1.0)
    );
    figures.insert(
        "navigation → first verdict painted (fresh browser, loopback)".to_owned(),
        serde_json::json!([median, FIRST_VERDICT]),
    );
    Ok(())
}

async fn measure(
    browser: &Browser,
    title: &str,
    access: bool,
    figures: &mut Figures,
) -> TestResult {
    browser.choose_preset(title).await?;
    browser
        .wait_for_texts("request-verdict", |t| {
            !t.is_empty() && t.iter().all(|v| v != "not evaluated")
        })
        .await?;
    if access {
        browser.by_test_id("access-toggle").await?.click().await?;
        browser
            .wait_for_texts("access-summary", |t| {
                t.iter().any(|s| s.contains("actions allowed"))
            })
            .await?;
    }
    browser.by_test_id("view-document").await?.click().await?;
    let result = browser
        .client
        .execute_async(MEASURE, vec![serde_json::json!(EDITS)])
        .await?;
    let field = |i: usize| result.get(i).cloned().unwrap_or_default();
    let (mut rendered, mut painted) = (numbers(&field(0)), numbers(&field(1)));
    let changed = field(2).as_u64().unwrap_or_default();
    let label = if access {
        format!("{title} + access summary")
    } else {
        title.to_owned()
    };
    let (rendered_median, painted_median) = (
        percentile(&mut rendered, 0.5),
        percentile(&mut painted, 0.5),
    );
    println!(
        "{label:<44} rendered median {rendered_median:>6.2} ms p95 {:>6.2} ms | painted median {painted_median:>6.2} ms p95 {:>6.2} ms | {changed}/{EDITS} edits changed the tally",
        percentile(&mut rendered, 0.95),
        percentile(&mut painted, 0.95),
    );
    figures.insert(
        format!("keystroke → verdict rendered: {label}"),
        serde_json::json!([rendered_median, FRAME]),
    );
    figures.insert(
        format!("keystroke → verdict painted (next frame): {label}"),
        serde_json::json!([painted_median, 2.0 * FRAME]),
    );
    if access {
        browser.by_test_id("access-toggle").await?.click().await?;
    }
    browser.by_test_id("view-structured").await?.click().await?;
    Ok(())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> TestResult {
    let site = StaticSite::start(dist_dir()?, "/")?;
    let mut figures = Figures::new();
    first_verdict(&site.url, &mut figures).await?;
    let browser = Browser::start().await?;
    browser.client.goto(&site.url).await?;
    browser.by_test_id("verdict").await?;
    println!("keystroke → verdict in Chromium ({EDITS} edits per preset; one frame is 16.7 ms)");
    for title in [
        "Elastic Beanstalk",
        "EC2 app server walkthrough",
        "Auto Scaling + PassRole",
        "Common mistakes",
    ] {
        measure(&browser, title, false, &mut figures).await?;
    }
    measure(&browser, "Elastic Beanstalk", true, &mut figures).await?;
    browser.close().await?;
    import(&site.url, &mut figures).await?;
    if let Some(out) = std::env::var_os("IAMPLAY_BENCH_OUT") {
        std::fs::write(out, serde_json::Value::Object(figures).to_string())?;
    }
    Ok(())
}
