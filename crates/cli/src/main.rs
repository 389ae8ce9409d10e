//! `iamplay`: the iamplay engine on the command line.
//!
//! Exit status: 0 when the input is valid (or every request is allowed), 1 when a request is
//! denied, 2 on bad input.

mod access;
mod answers;
mod aws_input;
mod bench;
mod check;
mod expand;
mod export;
mod import;
mod inputs;
mod managed;
mod policy_type;
mod read_policy;
mod render;
mod sarif;
mod simulate;
mod simulate_custom;
mod simulate_principal;
mod validate_policy;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "iamplay",
    version,
    about = "Read, check and evaluate IAM policies offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read a policy document and print its statements, or every error with line and column.
    ReadPolicy(read_policy::Args),
    /// AWS's `simulate-custom-policy`, offline: same input, same response shape.
    SimulateCustomPolicy(simulate_custom::Args),
    /// Evaluate a `simulate-custom-policy` input many times and report evaluations per second.
    Bench(bench::Args),
    /// Simulate a scenario: launch an EC2 instance with an instance profile and decide its requests.
    Simulate(simulate::Args),
    /// Run scenarios' expected decisions as a test: exit 1 with a diff on any unexpected one.
    Check(check::Args),
    /// AWS's `simulate-principal-policy` for a role or instance profile of a scenario.
    SimulatePrincipalPolicy(simulate_principal::Args),
    /// The actions an Action pattern such as `s3:Get*` covers, from AWS's catalogue.
    Expand(expand::Args),
    /// Lint a policy: errors, security warnings, warnings and suggestions, each at its place.
    ValidatePolicy(validate_policy::Args),
    /// Every catalogue action a scenario's instance (or a policy) may call, by service and access level.
    Summary(access::SummaryArgs),
    /// What a new version of a scenario or policy grants that the old did not, and what it removes.
    Diff(access::DiffArgs),
    /// Make a scenario from AWS CLI outputs of an account's IAM data, for one instance profile.
    Import(import::Args),
    /// Which of an account's instance profiles can make a request, each with its verdict and why.
    WhoCan(import::WhoCanArgs),
    /// What creates a scenario's account: an AWS CLI script, Terraform or CloudFormation.
    Export(export::Args),
    /// The smallest checked changes that allow a denied request, and tightenings of broad grants.
    Fix(answers::RequestArgs),
    /// The context values under which a request denied by conditions would be allowed.
    Discover(answers::RequestArgs),
    /// Which principals can get the instance profile's credentials, by each documented path.
    WhoCanGet(answers::Common),
    /// What the instance's credentials can do from outside it, and the guards that stop it.
    Exfiltration(answers::Common),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = match cli.command {
        Command::ReadPolicy(args) => read_policy::run(&args, &mut out, &mut err),
        Command::SimulateCustomPolicy(args) => simulate_custom::run(&args, &mut out, &mut err),
        Command::Bench(args) => bench::run(&args, &mut out, &mut err),
        Command::Simulate(args) => simulate::run(&args, &mut out, &mut err),
        Command::SimulatePrincipalPolicy(args) => {
            simulate_principal::run(&args, &mut out, &mut err)
        }
        Command::Check(args) => check::run(&args, &mut out, &mut err),
        Command::Expand(args) => expand::run(&args, &mut out, &mut err),
        Command::ValidatePolicy(args) => validate_policy::run(&args, &mut out, &mut err),
        Command::Summary(args) => access::summary(&args, &mut out, &mut err),
        Command::Diff(args) => access::run_diff(&args, &mut out, &mut err),
        Command::Import(args) => import::run(&args, &mut out, &mut err),
        Command::WhoCan(args) => import::who_can(&args, &mut out, &mut err),
        Command::Export(args) => export::run(&args, &mut out, &mut err),
        Command::Fix(args) => answers::fix(&args, &mut out, &mut err),
        Command::Discover(args) => answers::discover(&args, &mut out, &mut err),
        Command::WhoCanGet(args) => answers::who_can_get(&args, &mut out, &mut err),
        Command::Exfiltration(args) => answers::exfiltration(&args, &mut out, &mut err),
    };
    ExitCode::from(code)
}
