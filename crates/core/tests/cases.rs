//! The case-file suite: every `tests/cases/**/*.json` (the engine's decisions) and every
//! `tests/lint/*.json` (one linter check each) at the workspace root is one test.
//! (In wasm32 builds this file is empty: the wasm suite runs cases from `wasm.rs`.)

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[path = "support/cases.rs"]
mod cases;

#[cfg(not(target_arch = "wasm32"))]
use libtest_mimic::{Arguments, Failed, Trial};
#[cfg(not(target_arch = "wasm32"))]
use std::path::{Path, PathBuf};

#[cfg(not(target_arch = "wasm32"))]
fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            case_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
    let mut files = Vec::new();
    case_files(&root, &mut files);
    files.sort();
    let mut trials: Vec<Trial> = files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .with_extension("")
                .display()
                .to_string();
            Trial::test(name, move || {
                let text =
                    std::fs::read_to_string(&path).map_err(|e| Failed::from(e.to_string()))?;
                cases::run_case(&text).map(|_| ()).map_err(Failed::from)
            })
        })
        .collect();
    let lint_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/lint");
    let mut lint_files = Vec::new();
    case_files(&lint_root, &mut lint_files);
    lint_files.sort();
    let lint_found = !lint_files.is_empty();
    for path in lint_files {
        let name = format!(
            "lint/{}",
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        trials.push(Trial::test(name, move || {
            let text = std::fs::read_to_string(&path).map_err(|e| Failed::from(e.to_string()))?;
            cases::run_lint_case(&text).map_err(Failed::from)
        }));
    }
    let scenario_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios");
    let mut scenario_files = Vec::new();
    case_files(&scenario_root, &mut scenario_files);
    scenario_files.sort();
    let scenarios_found = !scenario_files.is_empty();
    for path in scenario_files {
        let name = format!(
            "scenarios/{}",
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        trials.push(Trial::test(name, move || {
            let text = std::fs::read_to_string(&path).map_err(|e| Failed::from(e.to_string()))?;
            cases::run_scenario_case(&text).map_err(Failed::from)
        }));
    }
    // An empty suite must fail: a missing folder would otherwise pass silently.
    let found = !trials.is_empty() && lint_found && scenarios_found;
    trials.push(Trial::test("the case folder holds cases", move || {
        if found {
            Ok(())
        } else {
            Err("no case files found under tests/cases".into())
        }
    }));
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}
