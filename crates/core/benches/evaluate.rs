//! The engine's benchmarks on one core (criterion): evaluations per second with pre-compiled
//! policies, loading the catalogue, the access summary and change review, the playground's
//! keystroke path, scenarios at the engine's limits, linting AWS's managed policies and
//! importing a large account. The
//! workloads and their budgets are in `workloads.rs`; `wasm.rs` runs the same ones under the same
//! names in Chromium and Node. Run with `cargo xtask bench`, which prints them in one table.
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
    for workload in workloads::all() {
        let prepared: Vec<PreparedRequest<'_>> =
            workload.requests.iter().map(PreparedRequest::new).collect();
        let mut group = c.benchmark_group("evaluate");
        group.throughput(Throughput::Elements(prepared.len() as u64));
        let id = workload.id();
        group.bench_function(id.trim_start_matches("evaluate/"), |b| {
            b.iter(|| {
                for request in &prepared {
                    black_box(decide(black_box(&workload.set), black_box(request)));
                }
            });
        });
        group.finish();
    }
}

/// Loading AWS's catalogue (budget ≤ 5 ms in the browser).
#[cfg(not(target_arch = "wasm32"))]
fn load_catalogue(c: &mut Criterion) {
    c.bench_function("catalogue/load", |b| {
        b.iter(|| {
            black_box(iamplay_core::catalog::load(black_box(
                iamplay_core::catalog::SOURCE,
            )))
        });
    });
}

/// The access summary of each preset's instance over the whole catalogue, and the change
/// review of one against another (budget ≤ 100 ms in the browser).
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
/// building, simulating and reporting the Elastic Beanstalk preset; and the same for scenarios
/// at the engine's limits (budget < 50 ms each). Needs `--features json-report`.
#[cfg(not(target_arch = "wasm32"))]
fn keystroke(c: &mut Criterion) {
    #[cfg(feature = "json-report")]
    {
        let (text, files) = workloads::keystroke("elastic-beanstalk");
        c.bench_function("keystroke/Elastic Beanstalk preset", |b| {
            b.iter(|| black_box(workloads::keystroke_once(black_box(text), &files)));
        });
        let mut group = c.benchmark_group("worst case");
        group.sample_size(10);
        let none = std::collections::BTreeMap::new();
        for (name, text) in workloads::worst_cases() {
            group.bench_function(name, |b| {
                b.iter(|| black_box(workloads::keystroke_once(black_box(&text), &none)));
            });
        }
        group.finish();
    }
    #[cfg(not(feature = "json-report"))]
    let _ = c;
}

/// Linting every one of AWS's managed policies as an identity-based policy, catalogue checks
/// included (native only: the documents are read from `crates/core/data`).
#[cfg(not(target_arch = "wasm32"))]
fn lint_managed(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/managed-policies");
    let mut documents = Vec::new();
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("managed policies are generated") {
            let path = entry.expect("readable folder").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "json") && !path.ends_with("index.json")
            {
                documents.push(std::fs::read_to_string(&path).expect("readable policy"));
            }
        }
    }
    let mut group = c.benchmark_group("lint");
    group.sample_size(10);
    group.bench_function(format!("AWS managed policies ({})", documents.len()), |b| {
        b.iter(|| {
            for document in &documents {
                black_box(iamplay_core::lint::lint_policy(
                    black_box(document),
                    iamplay_core::PolicyType::Identity,
                ));
            }
        });
    });
    group.finish();
}

/// Importing a large account's `get-account-authorization-details` output and making the
/// scenario of one of its instance profiles; asking who can make a request over all of them.
#[cfg(all(not(target_arch = "wasm32"), feature = "import"))]
fn import(c: &mut Criterion) {
    use iamplay_core::import::{ImportFile, ImportOptions, read, who_can};
    use iamplay_core::managed::NoManagedPolicies;
    let text = workloads::large_account(workloads::LARGE_ACCOUNT_ROLES);
    let file = [ImportFile {
        name: "account.json",
        text: &text,
    }];
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    let mb = text.len() / 1_000_000;
    let roles = workloads::LARGE_ACCOUNT_ROLES;
    group.bench_function(
        format!("account of {roles} roles ({mb} MB) to a scenario"),
        |b| {
            b.iter(|| {
                let inventory = read(black_box(&file), &ImportOptions::default());
                black_box(inventory.scenario(Some("app-04321-profile"), &NoManagedPolicies))
                    .expect("the large account imports");
            });
        },
    );
    let inventory = read(&file, &ImportOptions::default());
    group.bench_function(format!("who can, over {roles} instance profiles"), |b| {
        b.iter(|| {
            black_box(who_can(
                black_box(&inventory),
                "s3:PutObject",
                "arn:aws:s3:::bucket-77/k",
                &NoManagedPolicies,
                "2026-12-01T12:00:00Z",
            ))
        });
    });
    group.finish();
}

/// The answers beyond the verdict on every preset (fix and discovery: budget ≤ 100 ms each).
/// Needs `--features json-report`.
#[cfg(not(target_arch = "wasm32"))]
fn answers(c: &mut Criterion) {
    #[cfg(feature = "json-report")]
    {
        let mut group = c.benchmark_group("answers");
        group.sample_size(10);
        for (id, text, files, request) in workloads::answers() {
            let name = id.trim_start_matches("answers/").to_owned();
            group.bench_function(name, |b| {
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
        group.finish();
    }
    #[cfg(not(feature = "json-report"))]
    let _ = c;
}

#[cfg(all(not(target_arch = "wasm32"), not(feature = "import")))]
fn import(_: &mut Criterion) {}

#[cfg(not(target_arch = "wasm32"))]
criterion_group!(
    benches,
    evaluate,
    load_catalogue,
    access,
    keystroke,
    lint_managed,
    answers,
    import
);
#[cfg(not(target_arch = "wasm32"))]
criterion_main!(benches);
