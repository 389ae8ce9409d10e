//! `iamplay expand PATTERN…`: the actions an `Action` value such as `s3:Get*` or `ec2:*Instance*`
//! covers, from AWS's catalogue, with their access levels.

use crate::simulate_custom::OutputFormat;
use iamplay_core::catalog::catalog;
use std::io::Write;

/// Arguments of `expand`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Action patterns, e.g. `s3:Get*`.
    #[arg(required = true)]
    pub patterns: Vec<String>,
    /// `text` (default) or `json`.
    #[arg(long, value_enum, default_value = "text")]
    pub output: OutputFormat,
}

/// Prints the expansion; exit 0, or 1 when a pattern covers no action.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let catalog = catalog();
    let mut status = 0;
    let mut json = serde_json::Map::new();
    for pattern in &args.patterns {
        let actions = catalog.expand(pattern);
        if actions.is_empty() {
            let _ = writeln!(err, "{pattern}: covers no action in the catalogue");
            status = 1;
        }
        match args.output {
            OutputFormat::Text => {
                let _ = writeln!(out, "{pattern}: {} action(s)", actions.len());
                for (service, action) in &actions {
                    let _ = writeln!(
                        out,
                        "  {}:{}\t{}",
                        service.prefix,
                        action.name,
                        action.access.as_str()
                    );
                }
            }
            OutputFormat::Json => {
                let list: Vec<serde_json::Value> = actions
                    .iter()
                    .map(|(s, a)| serde_json::json!({ "action": format!("{}:{}", s.prefix, a.name), "accessLevel": a.access.as_str() }))
                    .collect();
                json.insert(pattern.clone(), serde_json::Value::Array(list));
            }
        }
    }
    if args.output == OutputFormat::Json {
        let _ = serde_json::to_string_pretty(&json).map(|t| writeln!(out, "{t}"));
    }
    status
}
