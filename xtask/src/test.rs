//! `cargo xtask test`: every check and test of the project, counted, in one command.
//!
//! Steps: formatting, clippy (native and wasm32, warnings are errors), native tests, the core's
//! wasm tests through wasm-pack in headless Chromium, the web crate's component tests and the JS
//! package's tests in headless Chromium, cfn-lint on the CloudFormation exports, the release
//! build with Trunk, and the end-to-end tests of that build. A check
//! (formatting, clippy, the build) counts as one test; test runs count their tests. The last line
//! is `N passed, M failed`; the exit status is non-zero if anything failed.

use crate::tools::Toolbox;
use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    passed: u64,
    failed: u64,
}

struct Report {
    rows: Vec<(String, Counts)>,
}

impl Report {
    fn add(&mut self, name: &str, counts: Counts) {
        println!(
            "xtask: {name}: {} passed, {} failed",
            counts.passed, counts.failed
        );
        self.rows.push((name.to_owned(), counts));
    }

    fn total(&self) -> Counts {
        self.rows
            .iter()
            .fold(Counts::default(), |a, (_, c)| Counts {
                passed: a.passed + c.passed,
                failed: a.failed + c.failed,
            })
    }
}

pub fn run(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        bail!("usage: cargo xtask test");
    }
    let tools = Toolbox::new()?;
    tools.ensure_for_tests()?;
    let browser_tmp = fresh_temp_dir()?;
    let chromedriver = tools
        .which("chromedriver")
        .context("chromedriver is not on PATH")?;
    let mut report = Report { rows: Vec::new() };

    static_checks(&tools, &mut report);
    tests_in_chromium_and_natively(&tools, &mut report, &browser_tmp, &chromedriver);
    cloudformation_lint(&tools, &mut report);
    npm_package(&tools, &mut report);
    site(&tools, &mut report, &browser_tmp, &chromedriver);
    let _ = std::fs::remove_dir_all(&browser_tmp);
    report.print();
    if report.total().failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

/// Formatting, clippy for the host and wasm32, the core's purity and the generated files.
fn static_checks(tools: &Toolbox, report: &mut Report) {
    let mut fmt = tools.command("cargo");
    fmt.args(["fmt", "--all", "--", "--check"]);
    report.add("formatting", check(fmt));

    let mut clippy = tools.command("cargo");
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    report.add("clippy (native)", check(clippy));

    let mut clippy_wasm = tools.command("cargo");
    clippy_wasm.args([
        "clippy",
        "-p",
        "iamplay-core",
        "-p",
        "iamplay-web",
        "-p",
        "iamplay-js",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    report.add("clippy (wasm32)", check(clippy_wasm));

    report.add("core has no browser crates", core_is_pure(tools));
    let current = crate::codegen::run(&["--check".to_owned()]);
    if let Err(error) = &current {
        eprintln!("xtask: {error:#}");
    }
    report.add(
        "generated catalogue is current",
        Counts {
            passed: u64::from(current.is_ok()),
            failed: u64::from(current.is_err()),
        },
    );
}

/// The native tests, then the core's, the components' and the JS package's tests in Chromium.
fn tests_in_chromium_and_natively(
    tools: &Toolbox,
    report: &mut Report,
    browser_tmp: &Path,
    chromedriver: &Path,
) {
    let mut native = tools.command("cargo");
    native.args(["test", "--workspace", "--exclude", "iamplay-e2e"]);
    // The SARIF output's test validates it against the standard's schema, from PyPI.
    match crate::sarif_schema::ensure(tools) {
        Ok(schema) => {
            native.env("IAMPLAY_SARIF_SCHEMA", schema);
        }
        Err(error) => eprintln!("xtask: {error:#}"),
    }
    report.add("native tests", counted(native));

    // `wasm-pack test` as users of the crate run it: the core's tests, and the README's
    // example of a team testing its own policies in a browser, as CI does.
    for (folder, label) in [
        ("crates/core", "core wasm tests in Chromium (wasm-pack)"),
        (
            "tests/team-policies",
            "team policies example (wasm-pack test)",
        ),
    ] {
        let mut wasm_pack = tools.command("wasm-pack");
        wasm_pack
            .args([
                "test",
                "--headless",
                "--chrome",
                "--mode",
                "no-install",
                "--chromedriver",
            ])
            .arg(chromedriver)
            .arg(folder);
        browser_env(&mut wasm_pack, browser_tmp, chromedriver);
        report.add(label, counted(wasm_pack));
    }

    for (package, label) in [
        ("iamplay-web", "web component tests in Chromium"),
        ("iamplay-js", "JS package tests in Chromium"),
    ] {
        let mut wasm = tools.command("cargo");
        wasm.args(["test", "-p", package, "--target", "wasm32-unknown-unknown"]);
        browser_env(&mut wasm, browser_tmp, chromedriver);
        report.add(label, counted(wasm));
    }
}

/// The npm package: built and assembled, listed by `npm pack --dry-run`, imported from Node
/// (`node --test`), and its declarations checked by TypeScript against an example.
fn npm_package(tools: &Toolbox, report: &mut Report) {
    let package = match crate::package::build(tools) {
        Ok(package) => package,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            report.add(
                "npm package",
                Counts {
                    passed: 0,
                    failed: 1,
                },
            );
            return;
        }
    };
    let packed = crate::package::pack_dry_run(tools, &package);
    if let Err(error) = &packed {
        eprintln!("xtask: {error:#}");
    }
    report.add(
        "npm pack --dry-run",
        Counts {
            passed: u64::from(packed.is_ok()),
            failed: u64::from(packed.is_err()),
        },
    );

    let mut node = tools.command("node");
    node.args(["--test", "--test-reporter=tap"])
        .arg(tools.root.join("crates/js/tests/node/package.test.mjs"))
        .env("IAMPLAY_NPM_PACKAGE", &package);
    report.add("npm package from Node (node --test)", counted_tap(node));

    let typescript = crate::package::ensure_typescript(tools)
        .and_then(|tsc| Ok((tsc, crate::package::write_tsconfig(tools, &package)?)));
    match typescript {
        Ok((tsc, config)) => {
            let mut check_types = tools.command(&tsc.display().to_string());
            check_types.arg("-p").arg(config);
            report.add("TypeScript declarations (tsc --noEmit)", check(check_types));
        }
        Err(error) => {
            eprintln!("xtask: {error:#}");
            report.add(
                "TypeScript declarations (tsc --noEmit)",
                Counts {
                    passed: 0,
                    failed: 1,
                },
            );
        }
    }
}

/// Runs `node --test` with the TAP reporter, echoing its output and reading its `# pass N` and
/// `# fail N` lines; a failing run with no failure counted counts as one.
fn counted_tap(mut command: Command) -> Counts {
    let output = match command.output() {
        Ok(output) => output,
        Err(error) => {
            eprintln!("xtask: could not start {command:?}: {error}");
            return Counts {
                passed: 0,
                failed: 1,
            };
        }
    };
    let text = String::from_utf8_lossy(&output.stdout);
    print!("{text}");
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    let number = |prefix: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(prefix)?.trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    let mut counts = Counts {
        passed: number("# pass "),
        failed: number("# fail "),
    };
    if !output.status.success() && counts.failed == 0 {
        counts.failed = 1;
    }
    counts
}

/// cfn-lint on the CloudFormation exports of every preset, when it can be installed.
fn cloudformation_lint(tools: &Toolbox, report: &mut Report) {
    match crate::cfn_lint::check(tools) {
        Ok(clean) => report.add(
            "CloudFormation exports pass cfn-lint",
            Counts {
                passed: u64::from(clean),
                failed: u64::from(!clean),
            },
        ),
        Err(error) => println!("xtask: cfn-lint not run, so not counted: {error:#}"),
    }
}

/// The release build with Trunk, and the end-to-end tests of it.
fn site(tools: &Toolbox, report: &mut Report, browser_tmp: &Path, chromedriver: &Path) {
    let mut build = tools.command("trunk");
    build.args(["--config", "trunk.toml", "build", "--release"]);
    let built = check(build);
    report.add("release build (trunk)", built);
    if built.failed == 0 {
        let within = crate::budget::check(&tools.root.join("dist")).unwrap_or_else(|e| {
            eprintln!("xtask: {e:#}");
            false
        });
        report.add(
            "first load within 300 KB (brotli)",
            Counts {
                passed: u64::from(within),
                failed: u64::from(!within),
            },
        );
    }

    if built.failed == 0 {
        let mut e2e = tools.command("cargo");
        // One browser at a time: several Chromiums at once are slow and flaky on two cores.
        e2e.args(["test", "-p", "iamplay-e2e", "--", "--test-threads=1"])
            .env("IAMPLAY_DIST", tools.root.join("dist"))
            .env("IAMPLAY_ARTIFACTS", tools.root.join("target/e2e"));
        browser_env(&mut e2e, browser_tmp, chromedriver);
        report.add("end-to-end tests of the release build", counted(e2e));
    } else {
        report.add(
            "end-to-end tests of the release build (not run: no build)",
            Counts {
                passed: 0,
                failed: 1,
            },
        );
    }
}

impl Report {
    /// One line per step, then the total.
    fn print(&self) {
        println!();
        for (name, counts) in &self.rows {
            println!(
                "  {:>5} passed {:>3} failed  {name}",
                counts.passed, counts.failed
            );
        }
        let total = self.total();
        println!("{} passed, {} failed", total.passed, total.failed);
    }
}

/// The crates the engine must never depend on: it builds for the host and for wasm alike, and
/// every face calls it.
const BROWSER_CRATES: [&str; 5] = ["web-sys", "js-sys", "wasm-bindgen", "yew", "gloo"];

/// A check: `cargo tree -p iamplay-core -e normal` (for wasm32, with every feature) names none of
/// [`BROWSER_CRATES`].
fn core_is_pure(tools: &Toolbox) -> Counts {
    let output = tools
        .command("cargo")
        .args([
            "tree",
            "-p",
            "iamplay-core",
            "-e",
            "normal",
            "--all-features",
            "--prefix",
            "none",
        ])
        .args(["--target", "wasm32-unknown-unknown"])
        .output();
    let ok = match output {
        Ok(output) if output.status.success() => {
            let tree = String::from_utf8_lossy(&output.stdout);
            let found: Vec<&str> = tree
                .lines()
                .filter_map(|line| line.split_whitespace().next())
                .filter(|name| BROWSER_CRATES.contains(name))
                .collect();
            if !found.is_empty() {
                eprintln!("xtask: iamplay-core depends on browser crates: {found:?}");
            }
            found.is_empty()
        }
        _ => false,
    };
    Counts {
        passed: u64::from(ok),
        failed: u64::from(!ok),
    }
}

/// Chromium and its driver leave folders in TMPDIR: give them one of their own.
fn browser_env(command: &mut Command, tmp: &Path, chromedriver: &Path) {
    command
        .env("TMPDIR", tmp)
        .env("CHROMEDRIVER", chromedriver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
}

fn fresh_temp_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("iamplay-browser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).context("cannot create a temporary folder for Chromium")?;
    Ok(dir)
}

/// A check is one test: it passes when the command succeeds.
fn check(mut command: Command) -> Counts {
    let ok = command.status().is_ok_and(|s| s.success());
    Counts {
        passed: u64::from(ok),
        failed: u64::from(!ok),
    }
}

/// Runs a test command, echoing its output and adding up every `test result:` line. A failing
/// command with no failed test counted (a build error, a crashed runner) counts as one failure.
fn counted(mut command: Command) -> Counts {
    let mut counts = Counts::default();
    let child = command.stdout(Stdio::piped()).spawn();
    let Ok(mut child) = child else {
        eprintln!("xtask: could not start {command:?}");
        return Counts {
            passed: 0,
            failed: 1,
        };
    };
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(found) = parse_result_line(&line) {
                counts.passed += found.passed;
                counts.failed += found.failed;
            }
        }
    }
    let ok = child.wait().is_ok_and(|s| s.success());
    if !ok && counts.failed == 0 {
        counts.failed = 1;
    }
    counts
}

/// Reads libtest's `test result: ok. 3 passed; 0 failed; …` (also printed by
/// wasm-bindgen-test-runner).
fn parse_result_line(line: &str) -> Option<Counts> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let mut counts = Counts::default();
    for part in rest.split(';') {
        let mut words = part.split_whitespace().rev();
        let (Some(label), Some(number)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(n) = number.parse::<u64>() else {
            continue;
        };
        match label {
            "passed" => counts.passed = n,
            "failed" => counts.failed = n,
            _ => {}
        }
    }
    Some(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_result_lines() {
        assert_eq!(
            parse_result_line(
                "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s"
            ),
            Some(Counts {
                passed: 12,
                failed: 0
            })
        );
        assert_eq!(
            parse_result_line("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            Some(Counts {
                passed: 3,
                failed: 2
            })
        );
        assert_eq!(parse_result_line("running 3 tests"), None);
    }
}
