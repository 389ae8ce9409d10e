//! `cargo xtask bench`: the evaluation benchmarks, natively (criterion) and compiled to wasm32 in
//! headless Chromium, on the same workloads, so the browser's speed can be compared with native;
//! then the playground's keystroke-to-painted-verdict figures on its release build in Chromium,
//! and its first load over the wire. `cargo xtask bench paint` runs only the last two.

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
    let chromedriver = tools
        .which("chromedriver")
        .context("chromedriver is not on PATH")?;
    let tmp = std::env::temp_dir().join(format!("iamplay-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).context("cannot create a temporary folder for Chromium")?;
    let paint_only = filter.is_some_and(|f| f == "paint");
    let result = (|| {
        if !paint_only {
            tools.run(bench(&tools, "evaluate", filter), "the native benchmarks")?;
            let mut wasm = bench(&tools, "wasm", filter);
            wasm.env("CHROMEDRIVER", &chromedriver)
                .env("TMPDIR", &tmp)
                // Each workload measures for several seconds in a worker; the runner's default
                // is 20 s.
                .env("WASM_BINDGEN_TEST_TIMEOUT", "600");
            tools.run(wasm, "the wasm benchmarks in Chromium")?;
        }
        if filter.is_none() || paint_only {
            let mut build = tools.command("trunk");
            build.args(["--config", "trunk.toml", "build", "--release"]);
            tools.run(build, "the release build")?;
            crate::budget::check(&tools.root.join("dist"))?;
            let mut paint = tools.command("cargo");
            paint
                .args(["bench", "-p", "iamplay-e2e", "--bench", "paint"])
                .env("CHROMEDRIVER", &chromedriver)
                .env("TMPDIR", &tmp)
                .env("IAMPLAY_DIST", tools.root.join("dist"));
            tools.run(paint, "keystroke to painted verdict in Chromium")?;
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    result
}
