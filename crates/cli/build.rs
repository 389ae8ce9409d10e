//! Embeds AWS's managed policies (the files `cargo xtask codegen` writes for the web site) in
//! the binary: a sorted table of `(file, document)` the CLI resolves scenario attachments with.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(base, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(base) {
            let relative = relative.to_string_lossy().replace('\\', "/");
            if relative != "index.json" {
                out.push((relative, path));
            }
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let base = manifest.join("../core/data/managed-policies");
    println!("cargo::rerun-if-changed={}", base.display());
    let mut found = Vec::new();
    files(&base, &base, &mut found)?;
    found.sort();
    let mut code = String::from(
        "/// AWS managed policies by file (`policy/…/NAME.json`), sorted.\npub static MANAGED_POLICIES: &[(&str, &str)] = &[\n",
    );
    for (relative, path) in &found {
        let _ = writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("managed.rs");
    std::fs::write(out, code)
}
