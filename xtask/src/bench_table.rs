//! `cargo xtask bench`'s table: every figure the benchmarks measured (criterion natively,
//! wasm-bindgen's runner in Chromium and Node, the page in Chromium, the first load's bytes)
//! beside its budget from the issues, and beside the last run recorded on this machine in
//! `xtask/bench-results.json`, flagging a figure more than 10% worse.

use anyhow::{Context, Result};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Where each run's figures are kept, by machine.
pub const HISTORY: &str = "xtask/bench-results.json";

/// How much worse than the last run a figure may get before the table flags it.
const TOLERANCE: f64 = 0.10;

/// Where a figure was measured: the table's columns.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Column {
    Native,
    Chromium,
    Node,
}

impl Column {
    const ALL: [Column; 3] = [Column::Native, Column::Chromium, Column::Node];

    fn name(self) -> &'static str {
        match self {
            Column::Native => "native",
            Column::Chromium => "Chromium",
            Column::Node => "Node",
        }
    }
}

/// What a figure counts, and so which way is better.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Unit {
    /// Milliseconds: lower is better.
    Ms,
    /// Evaluations per second: higher is better.
    PerSecond,
    /// Bytes: lower is better.
    Bytes,
}

/// One row: a figure's label, unit and budget (a ceiling, or a floor for rates).
struct Row {
    label: String,
    unit: Unit,
    budget: Option<f64>,
    values: BTreeMap<Column, f64>,
}

/// Every figure of this run, by label.
#[derive(Default)]
pub struct Table {
    rows: Vec<Row>,
}

impl Table {
    /// Sets `label`'s figure in `column`, adding the row the first time.
    fn set(&mut self, label: &str, unit: Unit, budget: Option<f64>, column: Column, value: f64) {
        if !self.rows.iter().any(|r| r.label == label) {
            self.rows.push(Row {
                label: label.to_owned(),
                unit,
                budget,
                values: BTreeMap::new(),
            });
        }
        if let Some(row) = self.rows.iter_mut().find(|r| r.label == label) {
            row.values.insert(column, value);
        }
    }

    /// A benchmark's mean time per iteration, in nanoseconds, under its shared name.
    pub fn add_benchmark(&mut self, id: &str, column: Column, nanoseconds: f64) {
        let ms = nanoseconds / 1e6;
        if let Some(rest) = id.strip_prefix("evaluate/") {
            // "NAME (N requests)": evaluations per second.
            let requests = rest
                .rsplit_once(" (")
                .and_then(|(_, n)| n.trim_end_matches(" requests)").parse::<f64>().ok())
                .unwrap_or(1.0);
            let budget = if rest.starts_with("three-statement") {
                2e6
            } else if rest.starts_with("Elastic Beanstalk") {
                1e6
            } else {
                150e3
            };
            let label = format!(
                "evaluations/s: {}",
                rest.rsplit_once(" (").map_or(rest, |r| r.0)
            );
            let rate = requests / (nanoseconds / 1e9);
            self.set(&label, Unit::PerSecond, Some(budget), column, rate);
            return;
        }
        let (label, budget) = match id {
            "catalogue/load" => ("load AWS's catalogue".to_owned(), Some(5.0)),
            "keystroke/Elastic Beanstalk preset" => (
                "keystroke path, Elastic Beanstalk (read, build, simulate, report)".to_owned(),
                Some(16.7),
            ),
            id if id.starts_with("access/") => {
                (id.trim_start_matches("access/").to_owned(), Some(100.0))
            }
            id if id.starts_with("worst case/") => (id.replace('/', ": "), Some(50.0)),
            // Issue 15: a request's fixes and conditions in 100 ms at most; no issue sets one for
            // who can get the credentials or what stolen ones can do.
            id if id.starts_with("answers/fix and discovery") => {
                (id.trim_start_matches("answers/").to_owned(), Some(100.0))
            }
            id if id.starts_with("answers/") => {
                (id.trim_start_matches("answers/").to_owned(), None)
            }
            // Issue 13: a 50 MB account imports in 3 s at most (in Chromium).
            id if id.starts_with("import/account") => {
                (id.replacen("import/", "import ", 1), Some(3000.0))
            }
            // No issue sets a budget for asking who can over a whole account, nor for linting
            // every managed policy.
            id if id.starts_with("import/") => (id.replacen("import/", "", 1), None),
            id if id.starts_with("lint/") => (id.replacen("lint/", "lint ", 1), None),
            id => (id.to_owned(), None),
        };
        self.set(&label, Unit::Ms, budget, column, ms);
    }

    /// A figure measured in the page, in Chromium: milliseconds, or bytes when its label says so.
    pub fn add_page(&mut self, label: &str, ms: f64, budget: f64) {
        // A figure whose label ends in ", bytes" is a size (memory), not a time.
        let unit = if label.ends_with(", bytes") {
            Unit::Bytes
        } else {
            Unit::Ms
        };
        self.set(label, unit, Some(budget), Column::Chromium, ms);
    }

    /// The first load over the wire, in bytes.
    pub fn add_first_load(&mut self, bytes: usize, budget: usize) {
        let label = "first load over the wire (brotli), bytes";
        self.set(
            label,
            Unit::Bytes,
            Some(budget as f64),
            Column::Chromium,
            bytes as f64,
        );
    }

    /// Prints the table, compared with the last run on this machine, and records this run.
    pub fn finish(&self, root: &Path) -> Result<()> {
        let path = root.join(HISTORY);
        let mut history = json_object(&path);
        let machine = machine();
        let last = history
            .get(&machine)
            .and_then(|m| m.get("figures"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut figures = last.clone();
        let width = self
            .rows
            .iter()
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(6);
        println!();
        println!(
            "{:<width$} {:>12} {:>12} {:>12}  {:<14} vs last run",
            "figure", "native", "Chromium", "Node", "budget"
        );
        let mut over = Vec::new();
        let mut slower = Vec::new();
        let mut rows: Vec<&Row> = self.rows.iter().collect();
        rows.sort_by_key(|r| (rank(&r.label), r.label.clone()));
        for row in rows {
            let mut cells = Vec::new();
            let mut notes = Vec::new();
            let mut compared = false;
            for column in Column::ALL {
                let Some(&value) = row.values.get(&column) else {
                    cells.push(format!("{:>12}", "—"));
                    continue;
                };
                cells.push(format!("{:>12}", show(row.unit, value)));
                if row.budget.is_some_and(|b| !within(row.unit, value, b)) {
                    over.push(format!("{} ({})", row.label, column.name()));
                }
                let key = format!("{} | {}", row.label, column.name());
                if let Some(before) = last.get(&key).and_then(Value::as_f64) {
                    compared = true;
                    let change = worse_by(row.unit, value, before);
                    if change > TOLERANCE {
                        notes.push(format!("{} {:.0}% worse", column.name(), change * 100.0));
                        slower.push(format!("{} ({})", row.label, column.name()));
                    }
                }
                figures.insert(key, json!(value));
            }
            let budget = row.budget.map_or_else(
                || "none set".to_owned(),
                |b| match row.unit {
                    Unit::PerSecond => format!("≥ {}", show(row.unit, b)),
                    _ => format!("≤ {}", show(row.unit, b)),
                },
            );
            let notes = vs_last(&notes, last.is_empty(), compared);
            println!(
                "{:<width$} {}  {budget:<14} {notes}",
                row.label,
                cells.join(" ")
            );
        }
        println!();
        println!("machine: {machine}");
        if over.is_empty() {
            println!("every figure is within its budget");
        } else {
            println!("over budget: {}", over.join("; "));
        }
        if !slower.is_empty() {
            println!(
                "more than 10% worse than the last run: {}",
                slower.join("; ")
            );
        }
        history.insert(
            machine,
            json!({"commit": commit(root), "recorded": recorded(), "figures": figures}),
        );
        let text = serde_json::to_string_pretty(&Value::Object(history))? + "\n";
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        println!("recorded in {HISTORY}");
        Ok(())
    }
}

/// The "vs last run" cell: the figures flagged as worse, or why none is.
fn vs_last(flagged: &[String], first_run: bool, compared: bool) -> String {
    match (flagged, first_run, compared) {
        ([], true, _) => "first run".to_owned(),
        ([], false, true) => "within 10%".to_owned(),
        ([], false, false) => "no earlier figure".to_owned(),
        (flagged, _, _) => flagged.join(", "),
    }
}

/// Where a row goes in the table: the engine first, then the page.
fn rank(label: &str) -> usize {
    const ORDER: [&str; 10] = [
        "evaluations/s",
        "load AWS's catalogue",
        "keystroke path",
        "summary of",
        "change review",
        "worst case",
        "lint",
        "keystroke → verdict rendered",
        "keystroke → verdict painted",
        "navigation",
    ];
    ORDER
        .iter()
        .position(|prefix| label.starts_with(prefix))
        .unwrap_or(ORDER.len())
}

/// Whether `value` keeps to `budget`.
fn within(unit: Unit, value: f64, budget: f64) -> bool {
    match unit {
        Unit::PerSecond => value >= budget,
        Unit::Ms | Unit::Bytes => value <= budget,
    }
}

/// How much worse `value` is than `before`, as a fraction (negative when better).
fn worse_by(unit: Unit, value: f64, before: f64) -> f64 {
    match unit {
        Unit::PerSecond => before / value - 1.0,
        Unit::Ms | Unit::Bytes => value / before - 1.0,
    }
}

/// A figure as the table shows it.
fn show(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Ms if value < 10.0 => format!("{value:.2} ms"),
        Unit::Ms => format!("{value:.1} ms"),
        Unit::PerSecond if value >= 1e6 => format!("{:.2} M", value / 1e6),
        Unit::PerSecond => format!("{:.0} K", value / 1e3),
        Unit::Bytes => format!("{:.0} B", value),
    }
}

/// This machine, as the history tells runs apart: its processor, cores and memory.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).trim().to_owned())
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|l| l.trim().trim_end_matches(" kB").parse::<u64>().ok())
        })
        .map_or(0, |kb| kb.div_ceil(1024 * 1024));
    format!("{model}, {cores} cores, {memory} GiB")
}

/// The commit the run measured.
fn commit(root: &Path) -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(root)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// When the run was recorded, in seconds since the Unix epoch.
fn recorded() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Criterion's figures written since `since`: every `new/benchmark.json` under
/// `target/criterion`, with the mean of its `new/estimates.json`.
pub fn read_criterion(root: &Path, since: SystemTime, table: &mut Table) {
    let mut folders = vec![root.join("target/criterion")];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.ends_with("new/benchmark.json") {
                let fresh = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|m| m >= since);
                if let (true, Some((id, mean))) = (fresh, criterion_figure(&path)) {
                    table.add_benchmark(&id, Column::Native, mean);
                }
            }
        }
    }
}

fn criterion_figure(benchmark: &Path) -> Option<(String, f64)> {
    let read = |p: PathBuf| -> Option<Value> {
        serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok()
    };
    let id = read(benchmark.to_path_buf())?
        .get("full_id")?
        .as_str()?
        .to_owned();
    let estimates = read(benchmark.with_file_name("estimates.json"))?;
    let mean = estimates.get("mean")?.get("point_estimate")?.as_f64()?;
    Some((id, mean))
}

/// The JSON object in the file at `path`; empty when there is none.
fn json_object(path: &Path) -> Map<String, Value> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// wasm-bindgen's runner's figures (`WASM_BINDGEN_BENCH_RESULT`): benchmark name → estimates.
pub fn read_wasm_bindgen(path: &Path, column: Column, table: &mut Table) {
    for (id, result) in json_object(path) {
        let mean = result
            .get("estimates")
            .and_then(|e| e.get("mean"))
            .and_then(|m| m.get("point_estimate"))
            .and_then(Value::as_f64);
        if let Some(mean) = mean {
            table.add_benchmark(&id, column, mean);
        }
    }
}

/// The page's figures written by the `paint` benchmark: label → [milliseconds, budget].
pub fn read_page(path: &Path, table: &mut Table) {
    for (label, figure) in json_object(path) {
        let at = |i: usize| figure.get(i).and_then(Value::as_f64);
        if let (Some(ms), Some(budget)) = (at(0), at(1)) {
            table.add_page(&label, ms, budget);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_get_better_upwards_and_times_downwards() {
        assert!(within(Unit::PerSecond, 3e6, 2e6));
        assert!(!within(Unit::Ms, 60.0, 50.0));
        assert!(worse_by(Unit::PerSecond, 1e6, 1.2e6) > TOLERANCE);
        assert!(worse_by(Unit::Ms, 10.5, 10.0) < TOLERANCE);
        let mut table = Table::default();
        table.add_benchmark(
            "evaluate/three-statement policy set (8 requests)",
            Column::Node,
            1e3,
        );
        let row = &table.rows[0];
        assert_eq!(row.label, "evaluations/s: three-statement policy set");
        assert_eq!(row.values[&Column::Node], 8e6);
        assert_eq!(row.budget, Some(2e6));
    }

    #[test]
    fn a_figure_the_last_run_did_not_have_is_not_called_within_10_percent() {
        assert_eq!(vs_last(&[], true, false), "first run");
        assert_eq!(vs_last(&[], false, true), "within 10%");
        assert_eq!(vs_last(&[], false, false), "no earlier figure");
        let flagged = ["Node 12% worse".to_owned()];
        assert_eq!(vs_last(&flagged, false, true), "Node 12% worse");
    }
}
