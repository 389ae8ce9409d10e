//! Evaluating pre-compiled policies allocates nothing in the steady state: counted with a global
//! allocator over the benchmark workloads.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::expect_used,
    reason = "test setup: a policy that does not compile is a failed test"
)]

#[path = "../benches/workloads.rs"]
mod workloads;

use iamplay_core::{PreparedRequest, decide};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
#[allow(
    unsafe_code,
    reason = "a counting global allocator must implement GlobalAlloc"
)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn decide_allocates_nothing_per_evaluation() {
    for workload in workloads::all() {
        let prepared: Vec<PreparedRequest<'_>> =
            workload.requests.iter().map(PreparedRequest::new).collect();
        // Warm up, then count.
        for request in &prepared {
            decide(&workload.set, request);
        }
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        for _ in 0..100 {
            for request in &prepared {
                std::hint::black_box(decide(&workload.set, request));
            }
        }
        let allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
        assert_eq!(
            allocations, 0,
            "{}: {allocations} allocations",
            workload.name
        );
    }
}
