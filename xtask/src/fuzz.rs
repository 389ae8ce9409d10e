//! `cargo xtask fuzz [TARGET] [--time S] [--runs N]`: the fuzz targets of `tests/fuzz` with
//! cargo-fuzz (libFuzzer, on the nightly toolchain, both installed here when missing), each for
//! S seconds (60 by default) or N executions, whichever ends first, starting from a seed corpus
//! built from the project's own files: AWS's managed policies, the lint and decision case files,
//! the presets and scenario cases, and the import fixtures. Each target's line gives its
//! executions; a crash stops the run, its input is kept in `tests/fuzz/artifacts/TARGET/`, and
//! becomes a case file once fixed.

use crate::tools::Toolbox;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// The pinned cargo-fuzz.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// Every target, as `tests/fuzz/Cargo.toml` names them.
pub const TARGETS: [&str; 8] = [
    "read_policy",
    "lint",
    "evaluate",
    "scenario",
    "share_link",
    "render",
    "wildcard",
    "import",
];

pub fn run(args: &[String]) -> Result<()> {
    let mut seconds = 60_u64;
    let mut runs: Option<u64> = None;
    let mut targets: Vec<&str> = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--time" => {
                seconds = rest
                    .next()
                    .and_then(|s| s.parse().ok())
                    .context("--time takes a number of seconds")?;
            }
            "--runs" => {
                runs = Some(
                    rest.next()
                        .and_then(|s| s.replace('_', "").parse().ok())
                        .context("--runs takes a number of executions")?,
                );
            }
            name => match TARGETS.iter().find(|t| **t == name) {
                Some(target) => targets.push(target),
                None => bail!(
                    "usage: cargo xtask fuzz [{}] [--time S] [--runs N]",
                    TARGETS.join(" | ")
                ),
            },
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    let tools = Toolbox::new()?;
    tools.ensure_nightly()?;
    tools.ensure_cargo_tool("cargo-fuzz", CARGO_FUZZ_VERSION, "cargo-fuzz", true, "4")?;
    let mut lines = Vec::new();
    for target in targets {
        let corpus = seed_corpus(&tools.root, target)?;
        let started = std::time::Instant::now();
        let executions = fuzz(&tools, target, &corpus, seconds, runs)?;
        let took = started.elapsed().as_secs();
        let line = format!("{target:>12}: {executions} executions in {took} s, no crash");
        println!("xtask: {}", line.trim_start());
        lines.push(line);
    }
    println!();
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

/// Runs one target; returns how many inputs it ran.
fn fuzz(
    tools: &Toolbox,
    target: &str,
    corpus: &Path,
    seconds: u64,
    runs: Option<u64>,
) -> Result<u64> {
    let runs = runs.map_or_else(|| "-runs=-1".to_owned(), |n| format!("-runs={n}"));
    let output = tools
        .command("cargo")
        .args([
            "+nightly",
            "fuzz",
            "run",
            "--fuzz-dir",
            "tests/fuzz",
            target,
        ])
        .arg(corpus)
        .args([
            "--",
            &format!("-max_total_time={seconds}"),
            &runs,
            "-print_final_stats=1",
            "-rss_limit_mb=4096",
            "-max_len=262144",
        ])
        .stdout(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("could not start cargo fuzz for {target}"))?;
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        eprintln!("{log}");
        if log.contains("failed to build fuzz script") {
            bail!("fuzz target {target} did not build");
        }
        bail!("fuzz target {target} failed: its input is in tests/fuzz/artifacts/{target}/");
    }
    log.lines()
        .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
        .and_then(|n| n.trim().parse().ok())
        .context("libFuzzer printed no executions count")
}

/// The target's corpus folder under `target/fuzz-corpus`, seeded from the project's files the
/// first time.
fn seed_corpus(root: &Path, target: &str) -> Result<PathBuf> {
    let folder = root.join("target/fuzz-corpus").join(target);
    if folder.exists() {
        return Ok(folder);
    }
    std::fs::create_dir_all(&folder)?;
    let mut seeds: Vec<PathBuf> = Vec::new();
    let mut add = |dir: &str| collect(&root.join(dir), &mut seeds);
    match target {
        "read_policy" | "lint" | "evaluate" | "render" => {
            add("crates/core/data/managed-policies/policy");
            add("tests/lint");
            add("tests/fixtures");
            add("crates/web/src/examples");
        }
        "scenario" | "share_link" => {
            add("crates/core/presets");
            add("tests/scenarios");
            add("tests/cases");
        }
        "import" => add("tests/import"),
        _ => add("tests/fuzz/seeds/wildcard"),
    }
    for (i, seed) in seeds.iter().enumerate() {
        let text = std::fs::read(seed)?;
        let input = match target {
            // Span start and length first, then the text.
            "render" => [
                &(i as u32 * 7).to_le_bytes()[..],
                &9u32.to_le_bytes(),
                &text,
            ]
            .concat(),
            _ => text,
        };
        std::fs::write(folder.join(format!("seed-{i:05}")), input)?;
    }
    println!("xtask: seeded {target}'s corpus with {} files", seeds.len());
    Ok(folder)
}

/// Every file under `dir`.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
