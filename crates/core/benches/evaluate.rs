//! Evaluations per second with pre-compiled policies, on one core (criterion); the workloads
//! and their targets are in `workloads.rs`. Run with `cargo bench -p iamplay-core --bench evaluate`.
#![allow(
    clippy::expect_used,
    reason = "benchmark setup: a policy that does not compile is a broken benchmark"
)]

mod workloads;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iamplay_core::{PreparedRequest, decide};
use std::hint::black_box;

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

criterion_group!(benches, evaluate);
criterion_main!(benches);
