//! `cargo xtask csp`: Trunk's post-build hook (see `trunk.toml`). A release build's page gets a
//! Content-Security-Policy that allows only the page's own files: Trunk's inline loader script by
//! its sha256 (no `'unsafe-inline'`), `'wasm-unsafe-eval'` only to compile the wasm, no inline
//! styles, and no connection but to the page's own origin (no development-server WebSocket). A
//! development build keeps `web/index.html`'s policy, which lets Trunk's live reload work.

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The release page's policy; `{scripts}` becomes the hashes of its inline scripts.
const RELEASE_POLICY: &str = "default-src 'self'; script-src 'self' {scripts} 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'none'; object-src 'none'; base-uri 'self'; form-action 'none'";

/// Where the page's policy is written: `<meta http-equiv="Content-Security-Policy" content="…">`.
const META: &str = "http-equiv=\"Content-Security-Policy\"";

pub fn run(args: &[String]) -> Result<()> {
    if std::env::var("TRUNK_PROFILE").as_deref() != Ok("release") {
        println!("xtask: a development build keeps web/index.html's Content-Security-Policy");
        return Ok(());
    }
    let folder = match args {
        [folder] => PathBuf::from(folder),
        [] => PathBuf::from(
            std::env::var_os("TRUNK_STAGING_DIR")
                .context("usage: cargo xtask csp [FOLDER] (or as Trunk's hook)")?,
        ),
        _ => bail!("usage: cargo xtask csp [FOLDER]"),
    };
    let path = folder.join("index.html");
    let html = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let hardened = harden(&html)?;
    std::fs::write(&path, hardened).with_context(|| format!("cannot write {}", path.display()))?;
    println!("xtask: the release page's Content-Security-Policy allows only its own files");
    Ok(())
}

/// The page with its policy replaced by [`RELEASE_POLICY`], every inline script allowed by its
/// hash.
pub fn harden(html: &str) -> Result<String> {
    let scripts: Vec<String> = inline_scripts(html)
        .iter()
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    if scripts.is_empty() {
        bail!("the page has no inline loader script: has Trunk changed how it loads the wasm?");
    }
    let policy = RELEASE_POLICY.replace("{scripts}", &scripts.join(" "));
    let meta = html
        .find(META)
        .context("the page has no Content-Security-Policy")?;
    let content = meta
        + html
            .get(meta..)
            .and_then(|rest| rest.find("content=\""))
            .context("the policy has no content")?
        + "content=\"".len();
    let end = content
        + html
            .get(content..)
            .and_then(|rest| rest.find('"'))
            .context("the policy's content is not closed")?;
    Ok(format!(
        "{}{policy}{}",
        html.get(..content).unwrap_or_default(),
        html.get(end..).unwrap_or_default()
    ))
}

/// The text of every `<script>` without `src`, exactly as the browser hashes it.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let after = rest.get(open..).unwrap_or_default();
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = after.get(..tag_end).unwrap_or_default();
        let body = after.get(tag_end + 1..).unwrap_or_default();
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            found.push(body.get(..close).unwrap_or_default());
        }
        rest = body.get(close..).unwrap_or_default();
    }
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a panic is a failed test")]

    use super::*;

    #[test]
    fn the_release_policy_hashes_the_loader_and_drops_what_development_needs() {
        let html = "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:8080\" />\n<script type=\"module\">\nimport init from './a.js';\n</script><script src=\"./b.js\"></script></head>";
        let out = harden(html).unwrap();
        // The hash of "\nimport init from './a.js';\n", as `openssl dgst -sha256 -binary | base64` gives it.
        let digest = Sha256::digest("\nimport init from './a.js';\n".as_bytes());
        let hash = base64::engine::general_purpose::STANDARD.encode(digest);
        assert!(
            out.contains(&format!(
                "script-src 'self' 'sha256-{hash}' 'wasm-unsafe-eval'"
            )),
            "{out}"
        );
        assert!(!out.contains("unsafe-inline"), "{out}");
        assert!(!out.contains("ws://"), "{out}");
        assert!(
            out.contains("<script type=\"module\">\nimport init"),
            "{out}"
        );
        assert!(harden("<html></html>").is_err());
    }
}
