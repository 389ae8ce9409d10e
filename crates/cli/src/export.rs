//! `iamplay export --format cli|terraform|cloudformation SCENARIO`: what creates the scenario's
//! account, on standard output: an AWS CLI script, Terraform, or a CloudFormation template
//! (YAML; `cloudformation-json` for JSON).

use crate::render::render_scenario_problems;
use iamplay_core::export::{ExportFormat, export};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The scenario document (JSON); `-` reads standard input, `preset:ID` a preset.
    pub scenario: PathBuf,
    /// `cli` (a bash script of `aws iam` commands), `terraform`, `cloudformation` (YAML) or
    /// `cloudformation-json`.
    #[arg(long, value_parser = ["cli", "terraform", "cloudformation", "cloudformation-json"])]
    pub format: String,
}

/// Runs the command: exit 0 with the export on standard output, 2 on bad input.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let (name, text) = match crate::inputs::read_document(&args.scenario.display().to_string()) {
        Ok(loaded) => loaded,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return 2;
        }
    };
    let Some(format) = ExportFormat::from_name(&args.format) else {
        let _ = writeln!(err, "error: no export format `{}`", args.format);
        return 2;
    };
    match export(&text, format, &crate::managed::Embedded) {
        Ok(exported) => {
            if out.write_all(exported.as_bytes()).is_err() {
                return 2;
            }
            0
        }
        Err(problems) => {
            let drawn = render_scenario_problems(&name, &text, &problems);
            let _ = err.write_all(drawn.as_bytes());
            let _ = writeln!(
                err,
                "{name}: {} problem(s); nothing was exported",
                problems.len()
            );
            2
        }
    }
}
