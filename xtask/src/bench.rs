//! `cargo xtask bench`: the engine's benchmarks natively (criterion) and, on the same workloads
//! under the same names, compiled to wasm32 in headless Chromium and in Node; then the
//! playground's figures on its release build in Chromium (keystroke to painted verdict per
//! preset, navigation to first verdict) and its first load over the wire. It ends with one
//! table of every figure beside its budget and the last run on this machine
//! ([`crate::bench_table`]). `cargo xtask bench FILTER` runs only the benchmarks whose name
//! contains FILTER; `cargo xtask bench paint` only the page's figures.

use crate::bench_table::{self, Column, Table};
use crate::tools::Toolbox;
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

/// `cargo bench` of the core's benchmark `bench` with the JSON reports (the keystroke path
/// needs them) and the importers, only those whose name contains `filter` when one is given.
fn bench(tools: &Toolbox, bench: &str, filter: Option<&String>) -> Command {
    let mut command = tools.command("cargo");
    command.args([
        "bench",
        "-p",
        "iamplay-core",
        "--features",
        "json-report,import",
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

/// The wasm benchmarks under wasm-bindgen's runner, in Chromium (a dedicated worker) or Node,
/// their figures written to `results`.
fn wasm(
    tools: &Toolbox,
    filter: Option<&String>,
    column: Column,
    results: &Path,
    tmp: &Path,
) -> Result<()> {
    let _ = std::fs::remove_file(results);
    let mut command = bench(tools, "wasm", filter);
    command
        .env("WASM_BINDGEN_BENCH_RESULT", results)
        .env("TMPDIR", tmp)
        // Each workload measures for several seconds; the runner's default timeout is 20 s.
        .env("WASM_BINDGEN_TEST_TIMEOUT", "900");
    let what = match column {
        Column::Chromium => {
            command
                .env("CHROMEDRIVER", chromedriver(tools)?)
                .env("WASM_BINDGEN_USE_DEDICATED_WORKER", "1");
            "the wasm benchmarks in Chromium"
        }
        _ => "the wasm benchmarks in Node",
    };
    tools.run(command, what)
}

pub fn run(args: &[String]) -> Result<()> {
    let filter = match args {
        [] => None,
        [filter] if !filter.starts_with('-') => Some(filter),
        _ => bail!("usage: cargo xtask bench [FILTER]"),
    };
    let tools = Toolbox::new()?;
    tools.ensure_for_tests()?;
    let out = tools.root.join("target/bench");
    std::fs::create_dir_all(&out).context("cannot create target/bench")?;
    let tmp = std::env::temp_dir().join(format!("iamplay-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).context("cannot create a temporary folder for Chromium")?;
    let paint_only = filter.is_some_and(|f| f == "paint");
    let started = SystemTime::now();
    let mut table = Table::default();
    let result = (|| -> Result<()> {
        if !paint_only {
            tools.run(bench(&tools, "evaluate", filter), "the native benchmarks")?;
            bench_table::read_criterion(&tools.root, started, &mut table);
            for (column, file) in [
                (Column::Chromium, "chromium.json"),
                (Column::Node, "node.json"),
            ] {
                let results = out.join(file);
                wasm(&tools, filter, column, &results, &tmp)?;
                bench_table::read_wasm_bindgen(&results, column, &mut table);
            }
        }
        if filter.is_none() || paint_only {
            page(&tools, &out, &tmp, &mut table)?;
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    result?;
    table.finish(&tools.root)?;
    Ok(())
}

/// The chromedriver Chromium runs under.
fn chromedriver(tools: &Toolbox) -> Result<std::path::PathBuf> {
    tools
        .which("chromedriver")
        .context("chromedriver is not on PATH")
}

/// The release build's first load, and the page's figures in Chromium.
fn page(tools: &Toolbox, out: &Path, tmp: &Path, table: &mut Table) -> Result<()> {
    let mut build = tools.command("trunk");
    build.args(["--config", "trunk.toml", "build", "--release"]);
    tools.run(build, "the release build")?;
    let dist = tools.root.join("dist");
    let (first, _) = crate::budget::measure(&dist)?;
    table.add_first_load(
        first.iter().map(|(_, n)| n).sum(),
        crate::budget::FIRST_LOAD_BUDGET,
    );
    let results = out.join("page.json");
    let _ = std::fs::remove_file(&results);
    let mut paint = tools.command("cargo");
    paint
        .args(["bench", "-p", "iamplay-e2e", "--bench", "paint"])
        .env("CHROMEDRIVER", chromedriver(tools)?)
        .env("TMPDIR", tmp)
        .env("IAMPLAY_DIST", &dist)
        .env("IAMPLAY_BENCH_OUT", &results);
    tools.run(paint, "the page's figures in Chromium")?;
    bench_table::read_page(&results, table);
    Ok(())
}
