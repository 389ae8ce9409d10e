//! `iamplay bench`: compile a `simulate-custom-policy` input once, then evaluate its requests
//! many times and report evaluations per second, so simulators can be compared on one input.

use crate::aws_input::Operation;
use crate::simulate_custom::simulation_or_report;
use iamplay_core::{PreparedRequest, decide};
use std::io::Write;
use std::time::Instant;

/// Arguments of `bench`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The input, as for `simulate-custom-policy` (inline JSON or `file://…`).
    #[arg(long)]
    pub cli_input_json: String,
    /// How many times to evaluate every request.
    #[arg(long, default_value_t = 100_000)]
    pub iterations: u64,
}

/// Runs the benchmark; returns the exit status (2 on bad input).
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let compile_start = Instant::now();
    let Some(simulation) = simulation_or_report(
        crate::aws_input::read(
            Operation::SimulateCustomPolicy,
            Some(&args.cli_input_json),
            &crate::aws_input::Flags::default(),
        ),
        err,
    ) else {
        return 2;
    };
    let compile_time = compile_start.elapsed();
    let prepared: Vec<PreparedRequest<'_>> = simulation
        .requests
        .iter()
        .map(PreparedRequest::new)
        .collect();
    let iterations = args.iterations.max(1);
    let mut allowed = 0_u64;
    let start = Instant::now();
    for _ in 0..iterations {
        for request in &prepared {
            if decide(&simulation.set, request) == iamplay_core::EvalDecision::Allowed {
                allowed += 1;
            }
        }
    }
    let elapsed = start.elapsed();
    let evaluations = iterations * prepared.len() as u64;
    let per_second = evaluations as f64 / elapsed.as_secs_f64().max(f64::MIN_POSITIVE);
    let _ = writeln!(
        out,
        "compiled {} policies in {:.3} ms; {evaluations} evaluations ({} requests × {iterations}) in {:.3} s: {:.0} evaluations/s ({allowed} allowed)",
        simulation.set.policies().count(),
        compile_time.as_secs_f64() * 1000.0,
        prepared.len(),
        elapsed.as_secs_f64(),
        per_second
    );
    0
}
