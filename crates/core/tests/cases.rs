//! The case-file suite: every `tests/cases/**/*.json` at the workspace root is one test.
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
    // An empty suite must fail: a missing folder would otherwise pass silently.
    let found = !trials.is_empty();
    trials.push(Trial::test("the case folder holds cases", move || {
        if found {
            Ok(())
        } else {
            Err("no case files found under tests/cases".into())
        }
    }));
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}
