//! The same workloads as `evaluate.rs`, compiled to wasm32 and run in headless Chromium, to
//! compare the browser's speed with native. Run with `cargo xtask bench`.
#![allow(
    clippy::expect_used,
    reason = "benchmark setup: a policy that does not compile is a broken benchmark"
)]

/// The benchmarks are exported functions that the browser runner calls; nothing runs here.
fn main() {}

#[cfg(target_arch = "wasm32")]
mod workloads;

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::workloads;
    use iamplay_core::{PreparedRequest, decide};
    use std::hint::black_box;
    use wasm_bindgen_test::{Criterion, wasm_bindgen_bench, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_dedicated_worker);

    fn run(c: &mut Criterion, workload: &workloads::Workload) {
        let prepared: Vec<PreparedRequest<'_>> =
            workload.requests.iter().map(PreparedRequest::new).collect();
        let name = format!(
            "{} ({} requests per iteration)",
            workload.name,
            prepared.len()
        );
        c.bench_function(&name, |b| {
            b.iter(|| {
                for request in &prepared {
                    black_box(decide(black_box(&workload.set), black_box(request)));
                }
            });
        });
    }

    #[wasm_bindgen_bench]
    fn load_catalogue(c: &mut Criterion) {
        c.bench_function("load the IAM catalogue", |b| {
            b.iter(|| {
                black_box(iamplay_core::catalog::load(black_box(
                    iamplay_core::catalog::SOURCE,
                )))
            });
        });
    }

    #[wasm_bindgen_bench]
    fn evaluate(c: &mut Criterion) {
        for workload in workloads::all() {
            run(c, &workload);
        }
    }

    #[cfg(feature = "json-report")]
    #[wasm_bindgen_bench]
    fn keystroke(c: &mut Criterion) {
        let (text, files) = workloads::keystroke("elastic-beanstalk");
        c.bench_function("keystroke path of the Elastic Beanstalk preset", |b| {
            b.iter(|| black_box(workloads::keystroke_once(black_box(text), &files)));
        });
    }

    #[wasm_bindgen_bench]
    fn access(c: &mut Criterion) {
        let mut subjects = workloads::summary_subjects();
        for (id, subject) in &mut subjects {
            c.bench_function(&format!("access summary of {id}"), |b| {
                b.iter(|| black_box(iamplay_core::access::summarize(subject, &[])));
            });
        }
        if let [(_, first), (_, second), ..] = subjects.as_mut_slice() {
            c.bench_function("change review between two presets", |b| {
                b.iter(|| black_box(iamplay_core::access::diff(first, second)));
            });
        }
    }
}
