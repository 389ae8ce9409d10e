//! `iamplay import FILE… [--profile NAME]`: AWS CLI outputs of an account's IAM data, Terraform
//! plans and states, or CloudFormation templates in, an ordinary scenario for one instance
//! profile out (on standard output). `iamplay who-can ACTION
//! RESOURCE --account FILE…`: which of the imported instance profiles' instances may make the
//! request, each with the chain's verdict and the statements that decided it.

use crate::render::render;
use crate::simulate::now_iso;
use crate::simulate_custom::OutputFormat;
use iamplay_core::import::{
    ImportFile, ImportOptions, ImportProblem, Inventory, MAX_IMPORT_BYTES, read,
};
use std::io::{Read, Write};
use std::path::PathBuf;

/// Arguments of `import`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// AWS CLI outputs (JSON): `aws iam get-account-authorization-details`, or
    /// `get-instance-profile`, `get-role`, `get-role-policy`, `list-attached-role-policies`,
    /// `get-policy` and `get-policy-version`; Terraform's `terraform show -json` of a plan or a
    /// state; CloudFormation templates (JSON or YAML); `-` reads standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// A CloudFormation parameter's value, `NAME=VALUE` (repeatable); pseudo parameters too,
    /// e.g. `AWS::AccountId=111122223333`.
    #[arg(long = "parameter", value_name = "NAME=VALUE")]
    pub parameters: Vec<String>,
    /// The instance profile to make the scenario for (needed when the import has several).
    #[arg(long)]
    pub profile: Option<String>,
    /// List the imported instance profiles (one a line) instead of making a scenario.
    #[arg(long)]
    pub list: bool,
}

/// Arguments of `who-can`.
#[derive(clap::Args, Debug)]
pub struct WhoCanArgs {
    /// The action, e.g. `s3:PutObject`.
    pub action: String,
    /// The resource's ARN (`*` for actions without resource-level permissions).
    pub resource: String,
    /// The account's data: files as `import` takes them, usually one
    /// `aws iam get-account-authorization-details` output.
    #[arg(long, required = true, num_args = 1..)]
    pub account: Vec<PathBuf>,
    /// A CloudFormation parameter's value, `NAME=VALUE` (repeatable).
    #[arg(long = "parameter", value_name = "NAME=VALUE")]
    pub parameters: Vec<String>,
    /// The time of the requests (ISO 8601); default: now.
    #[arg(long)]
    pub now: Option<String>,
    /// `text` (default) or `json`.
    #[arg(long, value_enum, default_value = "text")]
    pub output: OutputFormat,
}

/// The files' names and texts.
fn load(paths: &[PathBuf]) -> Result<Vec<(String, String)>, String> {
    paths
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            let too_big = |size: u64| {
                format!(
                    "`{name}` is {size} bytes, over the import limit of {MAX_IMPORT_BYTES} bytes"
                )
            };
            let mut text = String::new();
            let limit = u64::try_from(MAX_IMPORT_BYTES).unwrap_or(u64::MAX) + 1;
            let read = if name == "-" {
                std::io::stdin().take(limit).read_to_string(&mut text)
            } else {
                let file =
                    std::fs::File::open(path).map_err(|e| format!("cannot read `{name}`: {e}"))?;
                file.take(limit).read_to_string(&mut text)
            };
            read.map_err(|e| format!("cannot read `{name}`: {e}"))?;
            if text.len() > MAX_IMPORT_BYTES {
                return Err(too_big(text.len() as u64));
            }
            Ok((name, text))
        })
        .collect()
}

/// Prints problems: those at a place in a file with the file's text, the others on their own.
fn report(err: &mut impl Write, files: &[(String, String)], problems: &[ImportProblem]) {
    for (name, text) in files {
        let diagnostics: Vec<_> = problems
            .iter()
            .filter(|p| p.file == *name)
            .map(|p| {
                let mut d = p.diagnostic.clone();
                d.message = format!("{} (at {})", d.message, p.path);
                d
            })
            .collect();
        if !diagnostics.is_empty() {
            let _ = err.write_all(render(name, text, &diagnostics).as_bytes());
        }
    }
    for problem in problems.iter().filter(|p| p.file.is_empty()) {
        let d = &problem.diagnostic;
        let _ = writeln!(err, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
        if let Some(help) = &d.help {
            let _ = writeln!(err, "  help: {help}");
        }
    }
}

/// `--parameter NAME=VALUE` values as pairs.
fn parameters(given: &[String]) -> Result<Vec<(String, String)>, String> {
    given
        .iter()
        .map(|p| match p.split_once('=') {
            Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
            _ => Err(format!("`--parameter {p}` must be NAME=VALUE")),
        })
        .collect()
}

/// The files named, and what they hold.
fn inventory(
    paths: &[PathBuf],
    given: &[String],
) -> Result<(Vec<(String, String)>, Inventory), String> {
    let files = load(paths)?;
    let inputs: Vec<ImportFile<'_>> = files
        .iter()
        .map(|(name, text)| ImportFile { name, text })
        .collect();
    let parameters = parameters(given)?;
    let inventory = read(&inputs, &ImportOptions { parameters });
    Ok((files, inventory))
}

/// Runs `import`: exit 0 with the scenario on standard output, 2 on any problem.
pub fn run(args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let (files, inventory) = match inventory(&args.files, &args.parameters) {
        Ok(read) => read,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return 2;
        }
    };
    if args.list {
        report(err, &files, &inventory.problems);
        if inventory.has_errors() {
            return 2;
        }
        for name in inventory.profile_names() {
            let _ = writeln!(out, "{name}");
        }
        return 0;
    }
    match inventory.scenario(args.profile.as_deref(), &crate::managed::Embedded) {
        Ok(scenario) => {
            report(err, &files, &scenario.warnings);
            if writeln!(out, "{}", scenario.text).is_err() {
                return 2;
            }
            0
        }
        Err(problems) => {
            report(err, &files, &problems);
            let _ = writeln!(err, "{} problem(s); no scenario was made", problems.len());
            2
        }
    }
}

/// Runs `who-can`: exit 0 when some profile may make the request, 1 when none may, 2 on bad
/// input. The text is the JSON report (`--output json`) written for people.
pub fn who_can(args: &WhoCanArgs, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let (files, inventory) = match inventory(&args.account, &args.parameters) {
        Ok(read) => read,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return 2;
        }
    };
    if inventory.has_errors() || inventory.account.is_none() {
        report(err, &files, &inventory.problems);
        let _ = writeln!(err, "the account could not be read; nothing was simulated");
        return 2;
    }
    let now = args.now.clone().unwrap_or_else(now_iso);
    let answer = iamplay_core::import::who_can(
        &inventory,
        &args.action,
        &args.resource,
        &crate::managed::Embedded,
        &now,
    );
    report(err, &files, &answer.problems);
    let inputs: Vec<ImportFile<'_>> = files
        .iter()
        .map(|(name, text)| ImportFile { name, text })
        .collect();
    let value = iamplay_core::report::who_can_json(&inputs, &args.action, &args.resource, &answer);
    let written = match args.output {
        OutputFormat::Text => out.write_all(who_can_text(&value).as_bytes()),
        OutputFormat::Json => serde_json::to_string_pretty(&value)
            .map_err(std::io::Error::other)
            .and_then(|t| writeln!(out, "{t}")),
    };
    if written.is_err() {
        return 2;
    }
    if at(&value, "allowed").as_u64().unwrap_or(0) > 0 {
        0
    } else {
        1
    }
}

/// The member `key` of a JSON object, or null.
fn at<'v>(value: &'v serde_json::Value, key: &str) -> &'v serde_json::Value {
    value.get(key).unwrap_or(&serde_json::Value::Null)
}

/// The `who-can` report for people: a line per profile, and its deciding statements.
fn who_can_text(value: &serde_json::Value) -> String {
    let profiles = at(value, "profiles")
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let mut text = format!(
        "{} of {} instance profiles can call {} on {}\n",
        at(value, "allowed"),
        profiles.len(),
        at(value, "action").as_str().unwrap_or_default(),
        at(value, "resource").as_str().unwrap_or_default()
    );
    for p in profiles {
        let field = |key: &str| at(p, key).as_str().unwrap_or_default().to_owned();
        let role = at(p, "role")
            .as_str()
            .map(|r| format!(" (role {r})"))
            .unwrap_or_default();
        text.push_str(&format!(
            "  {:<13} {}{role}: {}\n",
            field("decision"),
            field("profile"),
            field("reason")
        ));
        for s in at(p, "deciding").as_array().map_or(&[][..], Vec::as_slice) {
            let statement = at(s, "sid").as_str().map_or_else(
                || format!("#{}", at(s, "index").as_u64().unwrap_or(0) + 1),
                |sid| format!("`{sid}`"),
            );
            text.push_str(&format!(
                "    deciding: `{}` statement {statement} at {}\n",
                at(s, "policy").as_str().unwrap_or_default(),
                at(s, "at").as_str().unwrap_or_default()
            ));
        }
    }
    text
}
