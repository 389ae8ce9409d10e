//! `cargo xtask bench`: the evaluation benchmarks, natively (criterion) and compiled to wasm32 in
//! headless Chromium, on the same workloads, so the browser's speed can be compared with native.

use crate::tools::Toolbox;
use anyhow::{Context, Result, bail};

pub fn run(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        bail!("usage: cargo xtask bench");
    }
    let tools = Toolbox::new()?;
    tools.ensure_for_tests()?;
    let mut native = tools.command("cargo");
    native.args([
        "bench",
        "-p",
        "iamplay-core",
        "--features",
        "json-report",
        "--bench",
        "evaluate",
    ]);
    tools.run(native, "the native benchmarks")?;
    let chromedriver = tools
        .which("chromedriver")
        .context("chromedriver is not on PATH")?;
    let tmp = std::env::temp_dir().join(format!("iamplay-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).context("cannot create a temporary folder for Chromium")?;
    let mut wasm = tools.command("cargo");
    wasm.args([
        "bench",
        "-p",
        "iamplay-core",
        "--features",
        "json-report",
        "--bench",
        "wasm",
        "--target",
        "wasm32-unknown-unknown",
    ])
    .env("CHROMEDRIVER", chromedriver)
    .env("TMPDIR", &tmp)
    // Each workload measures for several seconds in a worker; the runner's default is 20 s.
    .env("WASM_BINDGEN_TEST_TIMEOUT", "600");
    let result = tools.run(wasm, "the wasm benchmarks in Chromium");
    let _ = std::fs::remove_dir_all(&tmp);
    result
}
