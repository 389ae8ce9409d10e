//! `cargo xtask bench`: the evaluation benchmarks, natively (criterion) and compiled to wasm32 in
//! headless Chromium, on the same workloads, so the browser's speed can be compared with native.

use crate::tools::Toolbox;
use anyhow::{Context, Result, bail};
use std::process::Command;

/// `cargo bench` of the core's benchmark `bench` with the JSON reports (the keystroke path
/// needs them), only those whose name contains `filter` when one is given.
fn bench(tools: &Toolbox, bench: &str, filter: Option<&String>) -> Command {
    let mut command = tools.command("cargo");
    command.args([
        "bench",
        "-p",
        "iamplay-core",
        "--features",
        "json-report",
        "--bench",
        bench,
    ]);
    if bench == "wasm" {
        command.args(["--target", "wasm32-unknown-unknown"]);
    }
    if let Some(filter) = filter {
        command.args(["--", filter]);
    }
    command
}

pub fn run(args: &[String]) -> Result<()> {
    let filter = match args {
        [] => None,
        [filter] if !filter.starts_with('-') => Some(filter),
        _ => bail!("usage: cargo xtask bench [FILTER]"),
    };
    let tools = Toolbox::new()?;
    tools.ensure_for_tests()?;
    tools.run(bench(&tools, "evaluate", filter), "the native benchmarks")?;
    let chromedriver = tools
        .which("chromedriver")
        .context("chromedriver is not on PATH")?;
    let tmp = std::env::temp_dir().join(format!("iamplay-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).context("cannot create a temporary folder for Chromium")?;
    let mut wasm = bench(&tools, "wasm", filter);
    wasm.env("CHROMEDRIVER", chromedriver)
        .env("TMPDIR", &tmp)
        // Each workload measures for several seconds in a worker; the runner's default is 20 s.
        .env("WASM_BINDGEN_TEST_TIMEOUT", "600");
    let result = tools.run(wasm, "the wasm benchmarks in Chromium");
    let _ = std::fs::remove_dir_all(&tmp);
    result
}
