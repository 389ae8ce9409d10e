//! The first-load budget: what a browser downloads before the playground's first paint (the
//! HTML, the JS glue, the wasm and the CSS), compressed with brotli as a static host serves it,
//! stays within [`FIRST_LOAD_BUDGET`]. AWS's catalogue and managed policies come after the first
//! paint and are counted apart.

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::Path;

/// Files the playground's first paint does not wait for: the interchange panels' and worker's
/// (loaded when the user first exports or imports), and the documentation widgets' bundle and
/// pages (the drop-in script, the embed view, the example docs page), which other pages load.
const AFTER_PAINT: [&str; 6] = [
    "iamplay-interchange",
    "iamplay-worker",
    "iamplay-embed",
    "iamplay-docs",
    "embed.html",
    "docs-example.html",
];

/// Most bytes over the wire before the first paint: 300 KB.
pub const FIRST_LOAD_BUDGET: usize = 300_000;

/// A file's size compressed with brotli at the highest quality.
fn brotli_size(path: &Path) -> Result<usize> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(&bytes)?;
    }
    Ok(out.len())
}

/// Files with their sizes in bytes.
type Sizes = Vec<(String, usize)>;

/// The first load's files in `dist` with their brotli sizes, and what comes after.
pub fn measure(dist: &Path) -> Result<(Sizes, Sizes)> {
    let mut first = Vec::new();
    let mut later = Vec::new();
    for entry in std::fs::read_dir(dist).context("no dist folder: build the site first")? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let is_first = [".html", ".js", ".wasm", ".css"]
            .iter()
            .any(|ext| name.ends_with(ext));
        let is_worker = AFTER_PAINT.iter().any(|p| name.starts_with(p));
        if is_first && !is_worker {
            first.push((name, brotli_size(&path)?));
        } else if name.ends_with(".tsv") || is_worker {
            later.push((name, brotli_size(&path)?));
        }
    }
    first.sort();
    Ok((first, later))
}

/// Prints the figures and says whether the first load is within budget.
pub fn check(dist: &Path) -> Result<bool> {
    let (first, later) = measure(dist)?;
    let total: usize = first.iter().map(|(_, n)| n).sum();
    for (name, size) in &first {
        println!("  first load  {:>8} B  {name}", size);
    }
    for (name, size) in &later {
        println!("  after paint {:>8} B  {name}", size);
    }
    println!(
        "first load over the wire (brotli): {total} B of {FIRST_LOAD_BUDGET} B ({:.0} %)",
        total as f64 * 100.0 / FIRST_LOAD_BUDGET as f64
    );
    Ok(total <= FIRST_LOAD_BUDGET)
}

/// `cargo xtask budget`: the figures for the site built in `dist`, failing when over budget.
pub fn run(dist: &Path) -> Result<()> {
    if !check(dist)? {
        bail!("the first load is over its budget");
    }
    Ok(())
}
