//! Evaluations per second with pre-compiled policies, on one core (criterion); the workloads
//! and their targets are in `workloads.rs`. Run with `cargo bench -p iamplay-core --bench evaluate`.
#![allow(
    clippy::expect_used,
    reason = "benchmark setup: a policy that does not compile is a broken benchmark"
)]

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod workloads;

#[cfg(not(target_arch = "wasm32"))]
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
#[cfg(not(target_arch = "wasm32"))]
use iamplay_core::{PreparedRequest, decide};
#[cfg(not(target_arch = "wasm32"))]
use std::hint::black_box;

#[cfg(not(target_arch = "wasm32"))]
fn evaluate(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate");
    for workload in workloads::all() {
        let prepared: Vec<PreparedRequest<'_>> =
            workload.requests.iter().map(PreparedRequest::new).collect();
        group.throughput(Throughput::Elements(prepared.len() as u64));
        group.bench_function(workload.name, |b| {
            b.iter(|| {
                for request in &prepared {
                    black_box(decide(black_box(&workload.set), black_box(request)));
                }
            });
        });
    }
    group.finish();
}

/// Loading AWS's catalogue (target ≤ 5 ms in the browser; see `wasm.rs`).
#[cfg(not(target_arch = "wasm32"))]
fn load_catalogue(c: &mut Criterion) {
    c.bench_function("load the IAM catalogue", |b| {
        b.iter(|| {
            black_box(iamplay_core::catalog::load(black_box(
                iamplay_core::catalog::SOURCE,
            )))
        });
    });
}

/// The access summary of each preset's instance over the whole catalogue, and the change
/// review of one against another (target ≤ 100 ms in the browser; see `wasm.rs`).
#[cfg(not(target_arch = "wasm32"))]
fn access(c: &mut Criterion) {
    let mut group = c.benchmark_group("access");
    group.sample_size(20);
    let mut subjects = workloads::summary_subjects();
    for (id, subject) in &mut subjects {
        group.bench_function(format!("summary of {id}"), |b| {
            b.iter(|| black_box(iamplay_core::access::summarize(subject, &[])));
        });
    }
    if let [(_, first), (_, second), ..] = subjects.as_mut_slice() {
        group.bench_function("change review between two presets", |b| {
            b.iter(|| black_box(iamplay_core::access::diff(first, second)));
        });
    }
    group.finish();
}

/// One edit in the playground's scenario editor: the managed policies it names, then reading,
/// building, simulating and reporting the Elastic Beanstalk preset (`--features json-report`).
#[cfg(not(target_arch = "wasm32"))]
fn keystroke(c: &mut Criterion) {
    #[cfg(feature = "json-report")]
    {
        let (text, files) = workloads::keystroke("elastic-beanstalk");
        c.bench_function("keystroke path of the Elastic Beanstalk preset", |b| {
            b.iter(|| black_box(workloads::keystroke_once(black_box(text), &files)));
        });
    }
    #[cfg(not(feature = "json-report"))]
    let _ = c;
}

#[cfg(not(target_arch = "wasm32"))]
criterion_group!(benches, evaluate, load_catalogue, access, keystroke);
#[cfg(not(target_arch = "wasm32"))]
criterion_main!(benches);
