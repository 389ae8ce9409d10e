//! The same workloads as `evaluate.rs`, under the same names, compiled to wasm32 and run by
//! wasm-bindgen's runner: in headless Chromium (a dedicated worker) when
//! `WASM_BINDGEN_USE_DEDICATED_WORKER` is set, and in Node otherwise, so the browser's and Node's
//! speed can be set beside native. Run with `cargo xtask bench`.
#![allow(
    clippy::expect_used,
    reason = "benchmark setup: a policy that does not compile is a broken benchmark"
)]

/// The benchmarks are exported functions that the runner calls; nothing runs here.
fn main() {}

#[cfg(target_arch = "wasm32")]
mod workloads;

#[cfg(target_arch = "wasm32")]
mod engine {
    use super::workloads;
    use iamplay_core::{PreparedRequest, decide};
    use std::hint::black_box;
    use wasm_bindgen_test::{Criterion, wasm_bindgen_bench};

    #[wasm_bindgen_bench]
    fn evaluate(c: &mut Criterion) {
        for workload in workloads::all() {
            let prepared: Vec<PreparedRequest<'_>> =
                workload.requests.iter().map(PreparedRequest::new).collect();
            c.bench_function(&workload.id(), |b| {
                b.iter(|| {
                    for request in &prepared {
                        black_box(decide(black_box(&workload.set), black_box(request)));
                    }
                });
            });
        }
    }

    #[wasm_bindgen_bench]
    fn load_catalogue(c: &mut Criterion) {
        c.bench_function("catalogue/load", |b| {
            b.iter(|| {
                black_box(iamplay_core::catalog::load(black_box(
                    iamplay_core::catalog::SOURCE,
                )))
            });
        });
    }

    #[cfg(feature = "json-report")]
    #[wasm_bindgen_bench]
    fn keystroke(c: &mut Criterion) {
        let (text, files) = workloads::keystroke("elastic-beanstalk");
        c.bench_function("keystroke/Elastic Beanstalk preset", |b| {
            b.iter(|| black_box(workloads::keystroke_once(black_box(text), &files)));
        });
        let none = std::collections::BTreeMap::new();
        for (name, text) in workloads::worst_cases() {
            c.bench_function(&format!("worst case/{name}"), |b| {
                b.iter(|| black_box(workloads::keystroke_once(black_box(&text), &none)));
            });
        }
    }

    #[cfg(feature = "json-report")]
    #[wasm_bindgen_bench]
    fn answers(c: &mut Criterion) {
        for (id, text, files, request) in workloads::answers() {
            c.bench_function(&id, |b| {
                b.iter(|| {
                    black_box(workloads::answer_once(
                        &id,
                        black_box(text),
                        &files,
                        request,
                    ))
                });
            });
        }
    }

    #[wasm_bindgen_bench]
    fn access(c: &mut Criterion) {
        let mut subjects = workloads::summary_subjects();
        for (id, subject) in &mut subjects {
            c.bench_function(&format!("access/summary of {id}"), |b| {
                b.iter(|| black_box(iamplay_core::access::summarize(subject, &[])));
            });
        }
        if let [(_, first), (_, second), ..] = subjects.as_mut_slice() {
            c.bench_function("access/change review between two presets", |b| {
                b.iter(|| black_box(iamplay_core::access::diff(first, second)));
            });
        }
    }

    #[cfg(feature = "import")]
    #[wasm_bindgen_bench]
    fn import(c: &mut Criterion) {
        use iamplay_core::import::{ImportFile, ImportOptions, read, who_can};
        use iamplay_core::managed::NoManagedPolicies;
        let text = workloads::large_account(workloads::LARGE_ACCOUNT_ROLES);
        let file = [ImportFile {
            name: "account.json",
            text: &text,
        }];
        let mb = text.len() / 1_000_000;
        let roles = workloads::LARGE_ACCOUNT_ROLES;
        c.bench_function(
            &format!("import/account of {roles} roles ({mb} MB) to a scenario"),
            |b| {
                b.iter(|| {
                    let inventory = read(black_box(&file), &ImportOptions::default());
                    black_box(inventory.scenario(Some("app-04321-profile"), &NoManagedPolicies))
                        .expect("the large account imports");
                });
            },
        );
        let inventory = read(&file, &ImportOptions::default());
        c.bench_function(
            &format!("import/who can, over {roles} instance profiles"),
            |b| {
                b.iter(|| {
                    black_box(who_can(
                        black_box(&inventory),
                        "s3:PutObject",
                        "arn:aws:s3:::bucket-77/k",
                        &NoManagedPolicies,
                        "2026-12-01T12:00:00Z",
                    ))
                });
            },
        );
    }
}
