//! `iamplay check SCENARIO…`: a scenario's expected decisions run as a test, as a CI job runs
//! them. Each request's `expect` is compared with the decision the instance-profile chain
//! reaches; any other outcome fails, shown as a diff of expected and actual.

use crate::simulate::{names, now_iso, simulate_named};
use crate::simulate_custom::OutputFormat;
use iamplay_core::report::{RequestReport, Simulation};
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario documents: files, glob patterns (`'scenarios/**/*.json'`), `-` for
    /// standard input, or `preset:ID`.
    #[arg(required = true, num_args = 1..)]
    pub scenarios: Vec<PathBuf>,
    /// The time of the requests (ISO 8601) when a scenario does not fix it; default: now.
    #[arg(long)]
    pub now: Option<String>,
    /// `text` (default) or `json`.
    #[arg(long, value_enum, default_value = "text")]
    pub output: OutputFormat,
}

/// One scenario's outcome.
struct Outcome {
    file: String,
    name: String,
    requests: usize,
    checked: usize,
    unexpected: Vec<Value>,
}

impl Outcome {
    /// A scenario passes when it states at least one expected decision and every one holds.
    fn passed(&self) -> bool {
        self.checked > 0 && self.unexpected.is_empty()
    }
}

fn unexpected(request: &RequestReport) -> Option<Value> {
    let expected = request.expected.filter(|_| request.unexpected())?;
    Some(json!({
        "action": request.action,
        "resource": request.resource,
        "expected": expected.as_str(),
        "actual": request.decision.as_str(),
        "why": request.summary,
    }))
}

fn outcome(file: &str, name: String, simulation: &Simulation) -> Outcome {
    let (checked, _) = simulation.expectations();
    Outcome {
        file: file.to_owned(),
        name,
        requests: simulation.requests.len(),
        checked,
        unexpected: simulation.requests.iter().filter_map(unexpected).collect(),
    }
}

fn write_text(out: &mut impl Write, o: &Outcome) -> std::io::Result<()> {
    let unchecked = o.requests - o.checked;
    let without = if unchecked > 0 {
        format!(" ({unchecked} without an expected decision)")
    } else {
        String::new()
    };
    if o.checked == 0 {
        return writeln!(
            out,
            "FAIL {}: no request states an expected decision (`expect`); nothing was checked",
            o.file
        );
    }
    if o.unexpected.is_empty() {
        return writeln!(
            out,
            "PASS {}: {} of {} request(s) as expected{without}",
            o.file, o.checked, o.requests
        );
    }
    writeln!(
        out,
        "FAIL {}: {} of {} checked request(s) unexpected{without}",
        o.file,
        o.unexpected.len(),
        o.checked
    )?;
    for u in &o.unexpected {
        let text = |key: &str| u[key].as_str().unwrap_or_default().to_owned();
        writeln!(out, "  {} on {}", text("action"), text("resource"))?;
        writeln!(out, "  - expected: {}", text("expected"))?;
        writeln!(out, "  + actual:   {}", text("actual"))?;
        if let Some(why) = u["why"].as_str() {
            writeln!(out, "    why: {why}")?;
        }
    }
    Ok(())
}

/// Runs the command: exit 0 when every scenario passes, 1 when any expected decision is not
/// met (or a scenario states none), 2 on bad input.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let files = match names(None, &args.scenarios) {
        Ok(files) => files,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return 2;
        }
    };
    let now = args.now.clone().unwrap_or_else(now_iso);
    let mut bad_input = false;
    let mut outcomes = Vec::new();
    for file in &files {
        match simulate_named(file, &now, err) {
            Ok((name, simulation)) => {
                let o = outcome(file, name, &simulation);
                if args.output == OutputFormat::Text && write_text(out, &o).is_err() {
                    return 2;
                }
                outcomes.push(o);
            }
            Err(_) => {
                bad_input = true;
                let _ = writeln!(out, "ERROR {file}: not simulated (see the problems above)");
            }
        }
    }
    let passed = outcomes.iter().filter(|o| o.passed()).count();
    let failed = outcomes.len() - passed;
    let written = match args.output {
        OutputFormat::Text => writeln!(
            out,
            "{} scenario(s): {passed} passed, {failed} failed{}",
            files.len(),
            if bad_input { ", some not read" } else { "" }
        ),
        OutputFormat::Json => {
            let list: Vec<Value> = outcomes
                .iter()
                .map(|o| {
                    json!({
                        "file": o.file,
                        "scenario": o.name,
                        "passed": o.passed(),
                        "requests": o.requests,
                        "checked": o.checked,
                        "unexpected": o.unexpected,
                    })
                })
                .collect();
            let value = json!({ "passed": passed, "failed": failed, "scenarios": list });
            serde_json::to_string_pretty(&value)
                .map_err(std::io::Error::other)
                .and_then(|t| writeln!(out, "{t}"))
        }
    };
    if written.is_err() || bad_input {
        2
    } else if failed > 0 {
        1
    } else {
        0
    }
}
