//! The case-file suite: every `tests/cases/**/*.json` (the engine's decisions) and every
//! `tests/lint/*.json` (one linter check each) at the workspace root is one test.
//! (In wasm32 builds this file is empty: the wasm suite runs cases from `wasm.rs`.)

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[path = "support/cases.rs"]
mod cases;

#[cfg(not(target_arch = "wasm32"))]
#[path = "support/answers.rs"]
mod answers;

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

/// One test per case file under `tests/FOLDER` at the workspace root, named `PREFIX` and the
/// file's path there without its extension, each run by `run` on the file's text.
#[cfg(not(target_arch = "wasm32"))]
fn folder_trials(folder: &str, prefix: &str, run: fn(&str) -> Result<(), String>) -> Vec<Trial> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests")
        .join(folder);
    let mut files = Vec::new();
    case_files(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&root).unwrap_or(&path).with_extension("");
            let name = format!("{prefix}{}", relative.display());
            Trial::test(name, move || {
                let text =
                    std::fs::read_to_string(&path).map_err(|e| Failed::from(e.to_string()))?;
                run(&text).map_err(Failed::from)
            })
        })
        .collect()
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut trials = folder_trials("cases", "", |text| cases::run_case(text).map(|_| ()));
    let lint = folder_trials("lint", "lint/", cases::run_lint_case);
    let scenarios = folder_trials("scenarios", "scenarios/", cases::run_scenario_case);
    let answers = folder_trials("answers", "answers/", answers::run_answer_case);
    // An empty suite must fail: a missing folder would otherwise pass silently.
    let found =
        !trials.is_empty() && !lint.is_empty() && !scenarios.is_empty() && !answers.is_empty();
    trials.extend(lint);
    trials.extend(scenarios);
    trials.extend(answers);
    trials.push(Trial::test("the case folder holds cases", move || {
        if found {
            Ok(())
        } else {
            Err("no case files found under tests/cases".into())
        }
    }));
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}
