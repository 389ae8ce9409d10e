//! cfn-lint on the CloudFormation exports: every preset exported as a template in YAML and in
//! JSON (`iamplay export --format cloudformation|cloudformation-json`) and checked by AWS's
//! CloudFormation linter, from PyPI, pinned, installed into a Python virtual environment in
//! `.tools/cfn-lint` the first time. An error fails the check; warnings (a trust policy of
//! version `2008-10-17`, as the Elastic Beanstalk preset's is) are printed. When cfn-lint cannot
//! be installed (no Python with `venv` here), the check says so and is not counted.

use crate::tools::Toolbox;
use anyhow::{Context, Result, bail};
use std::path::PathBuf;

/// The pinned cfn-lint.
pub const CFN_LINT_VERSION: &str = "1.58.0";

/// The Python of the virtual environment in `.tools/cfn-lint`, made (with cfn-lint in it) when
/// missing; other tools from PyPI are fetched with its pip.
pub fn venv_python(tools: &Toolbox) -> Result<PathBuf> {
    ensure(tools)?;
    Ok(tools.root.join(".tools/cfn-lint/bin/python"))
}

/// cfn-lint, installed into `.tools/cfn-lint` when missing.
fn ensure(tools: &Toolbox) -> Result<PathBuf> {
    let venv = tools.root.join(".tools/cfn-lint");
    let program = venv.join("bin/cfn-lint");
    let version = tools
        .command(&program.display().to_string())
        .arg("--version")
        .output();
    if version.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(CFN_LINT_VERSION)) {
        return Ok(program);
    }
    println!("xtask: installing cfn-lint {CFN_LINT_VERSION} from PyPI into .tools/cfn-lint");
    let mut create = tools.command("python3");
    create.args(["-m", "venv"]).arg(&venv);
    tools.run(create, "python3 -m venv (is Python 3 with venv installed?)")?;
    let mut install = tools.command(&venv.join("bin/pip").display().to_string());
    install.args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("cfn-lint=={CFN_LINT_VERSION}"),
    ]);
    tools.run(install, "pip install cfn-lint")?;
    Ok(program)
}

/// Exports every preset as CloudFormation and lints the templates: `Ok(true)` when cfn-lint
/// finds no error, `Ok(false)` when it does, an error when it could not run.
pub fn check(tools: &Toolbox) -> Result<bool> {
    let cfn_lint = ensure(tools)?;
    let out = tools.root.join("target/cfn-lint");
    std::fs::create_dir_all(&out).context("cannot create target/cfn-lint")?;
    let mut presets: Vec<PathBuf> = std::fs::read_dir(tools.root.join("crates/core/presets"))
        .context("cannot list the presets")?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    presets.sort();
    let mut templates = Vec::new();
    for preset in &presets {
        let stem = preset
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("preset");
        for (format, extension) in [("cloudformation", "yaml"), ("cloudformation-json", "json")] {
            let output = tools
                .command("cargo")
                .args([
                    "run",
                    "-q",
                    "-p",
                    "iamplay-cli",
                    "--",
                    "export",
                    "--format",
                    format,
                ])
                .arg(preset)
                .output()
                .context("could not run iamplay export")?;
            if !output.status.success() {
                bail!(
                    "iamplay export --format {format} {} failed: {}",
                    preset.display(),
                    String::from_utf8_lossy(&output.stderr)
                );
            }
            let template = out.join(format!("{stem}.{extension}"));
            std::fs::write(&template, &output.stdout).context("cannot write a template")?;
            templates.push(template);
        }
    }
    let status = tools
        .command(&cfn_lint.display().to_string())
        .args(&templates)
        .status()
        .context("could not run cfn-lint")?;
    // cfn-lint's exit status is a bit mask: 2 errors, 4 warnings, 8 informational findings.
    let code = status.code().unwrap_or(2);
    println!(
        "xtask: cfn-lint checked {} templates (exit status {code})",
        templates.len()
    );
    Ok(code & 2 == 0 && code & 1 == 0)
}
