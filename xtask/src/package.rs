//! `cargo xtask package`: the npm package of the JS facade (`crates/js`), built with wasm-pack
//! for bundlers (the package's main entry) and for the web (`iamplay/web`, an ES module to
//! `init()`), its wasm optimised with the pinned binaryen, assembled in `target/npm/iamplay/`
//! with a README and TypeScript declarations of every result. `cargo xtask test` then imports it
//! from Node (`node --test`), type-checks an example against its declarations with TypeScript
//! from npm (`tsc --noEmit`), and lists what `npm pack` would publish.

use crate::tools::Toolbox;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// The package's name on npm.
pub const NAME: &str = "iamplay";
/// The pinned TypeScript that checks the declarations.
pub const TYPESCRIPT_VERSION: &str = "5.9.3";

/// Where the package is assembled.
pub fn folder(tools: &Toolbox) -> PathBuf {
    tools.root.join("target/npm").join(NAME)
}

fn wasm_pack(tools: &Toolbox, target: &str, out: &Path) -> Result<()> {
    let mut build = tools.command("wasm-pack");
    build
        .args([
            "build",
            "--release",
            "--no-pack",
            "--target",
            target,
            "--out-name",
            NAME,
            "--out-dir",
        ])
        .arg(out)
        .arg("crates/js");
    tools.run(build, &format!("wasm-pack build --target {target}"))
}

/// Optimises the builds' wasm files for size with the pinned wasm-opt, all at once (each is a
/// single-threaded minute's work).
fn optimise(tools: &Toolbox, folders: &[&Path]) -> Result<()> {
    let mut running = Vec::new();
    for folder in folders {
        let wasm = folder.join(format!("{NAME}_bg.wasm"));
        let mut optimise = tools.command("wasm-opt");
        optimise
            .args([
                "-Oz",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-reference-types",
                "--enable-multivalue",
            ])
            .arg(&wasm)
            .arg("-o")
            .arg(&wasm);
        running.push(optimise.spawn().context("cannot start wasm-opt")?);
    }
    for mut child in running {
        if !child.wait().is_ok_and(|s| s.success()) {
            bail!("wasm-opt failed on the package's wasm");
        }
    }
    Ok(())
}

fn copy_files(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))?
    {
        let path = entry?.path();
        let name = path.file_name().context("a file without a name")?;
        if path.is_dir() {
            copy_files(&path, &to.join(name))?;
        } else if name != ".gitignore" && name != "package.json" && name != "README.md" {
            std::fs::copy(&path, to.join(name))?;
        }
    }
    Ok(())
}

/// A field of `[workspace.package]` in the root `Cargo.toml`.
fn workspace_field(root: &Path, field: &str) -> Result<String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))?;
    manifest
        .lines()
        .skip_while(|l| l.trim() != "[workspace.package]")
        .find_map(|l| {
            let (key, value) = l.split_once('=')?;
            (key.trim() == field).then(|| value.trim().trim_matches('"').to_owned())
        })
        .with_context(|| format!("no {field} in [workspace.package]"))
}

fn manifest(root: &Path) -> Result<serde_json::Value> {
    let version = workspace_field(root, "version")?;
    let license = workspace_field(root, "license")?;
    Ok(serde_json::json!({
        "name": NAME,
        "version": version,
        "description": "Answer \"can this EC2 instance profile call s3:PutObject on that bucket, and if not, why?\" offline: AWS's IAM decision logic, a policy linter and an instance-profile simulator in WebAssembly",
        "license": license,
        "type": "module",
        "main": format!("./{NAME}.js"),
        "types": format!("./{NAME}.d.ts"),
        "exports": {
            ".": { "types": format!("./{NAME}.d.ts"), "default": format!("./{NAME}.js") },
            "./web": { "types": format!("./web/{NAME}.d.ts"), "default": format!("./web/{NAME}.js") },
            "./web/wasm": format!("./web/{NAME}_bg.wasm"),
            "./package.json": "./package.json"
        },
        "files": [
            format!("{NAME}.js"), format!("{NAME}_bg.js"), format!("{NAME}_bg.wasm"),
            format!("{NAME}.d.ts"), format!("{NAME}_bg.wasm.d.ts"),
            "web/", "README.md"
        ],
        "sideEffects": [format!("./{NAME}.js"), "./web/*.js"],
        "keywords": ["aws", "iam", "policy", "simulator", "linter", "ec2", "instance-profile", "wasm"]
    }))
}

/// Builds and assembles the package; returns its folder.
pub fn build(tools: &Toolbox) -> Result<PathBuf> {
    let staging = tools.root.join("target/npm/build");
    let _ = std::fs::remove_dir_all(&staging);
    let bundler = staging.join("bundler");
    let web = staging.join("web");
    wasm_pack(tools, "bundler", &bundler)?;
    wasm_pack(tools, "web", &web)?;
    optimise(tools, &[&bundler, &web])?;
    let out = folder(tools);
    let _ = std::fs::remove_dir_all(&out);
    copy_files(&bundler, &out)?;
    copy_files(&web, &out.join("web"))?;
    std::fs::copy(
        tools.root.join("crates/js/README.md"),
        out.join("README.md"),
    )
    .context("cannot copy crates/js/README.md")?;
    let text = serde_json::to_string_pretty(&manifest(&tools.root)?)?;
    std::fs::write(out.join("package.json"), text + "\n")?;
    println!("xtask: the npm package is in {}", out.display());
    Ok(out)
}

/// TypeScript from npm into `.tools/`, pinned; returns `tsc`.
pub fn ensure_typescript(tools: &Toolbox) -> Result<PathBuf> {
    let tsc = tools.root.join(".tools/node_modules/.bin/tsc");
    let has = tools
        .command(&tsc.display().to_string())
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(TYPESCRIPT_VERSION));
    if has {
        return Ok(tsc);
    }
    println!("xtask: installing typescript {TYPESCRIPT_VERSION} from npm into .tools/");
    tools.npm_install(&format!("typescript@{TYPESCRIPT_VERSION}"))?;
    Ok(tsc)
}

/// The tsconfig that checks `crates/js/tests/node/example.ts` against the built package's
/// declarations (as `iamplay` and `iamplay/web`).
pub fn write_tsconfig(tools: &Toolbox, package: &Path) -> Result<PathBuf> {
    let path = tools.root.join("target/npm/tsconfig.json");
    let config = serde_json::json!({
        "compilerOptions": {
            "strict": true,
            "noEmit": true,
            "target": "es2022",
            "module": "es2022",
            "moduleResolution": "bundler",
            "lib": ["es2022", "dom"],
            "skipLibCheck": false,
            "types": [],
            "paths": {
                "iamplay": [package.join(format!("{NAME}.d.ts"))],
                "iamplay/web": [package.join(format!("web/{NAME}.d.ts"))]
            }
        },
        "files": [tools.root.join("crates/js/tests/node/example.ts")]
    });
    std::fs::write(&path, serde_json::to_string_pretty(&config)?)?;
    Ok(path)
}

/// `npm pack --dry-run` in the package: what would be published, and its size, printed.
pub fn pack_dry_run(tools: &Toolbox, package: &Path) -> Result<()> {
    let mut pack = tools.command("npm");
    pack.args(["pack", "--dry-run", "--json"])
        .current_dir(package);
    let output = pack.output().context("cannot run npm pack")?;
    if !output.status.success() {
        bail!(
            "npm pack --dry-run failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let listing: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let entry = listing.get(0).context("npm pack listed nothing")?;
    let files = entry
        .get("files")
        .and_then(|f| f.as_array())
        .cloned()
        .unwrap_or_default();
    for file in &files {
        println!(
            "xtask: npm pack: {:>9} B  {}",
            file.get("size")
                .and_then(serde_json::Value::as_u64)
                .unwrap_or(0),
            file.get("path").and_then(|p| p.as_str()).unwrap_or("?")
        );
    }
    println!(
        "xtask: npm pack: {} files, {} B packed, {} B unpacked",
        files.len(),
        entry
            .get("size")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0),
        entry
            .get("unpackedSize")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    );
    if files.is_empty() {
        bail!("npm pack would publish no file");
    }
    Ok(())
}

pub fn run(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        bail!("usage: cargo xtask package");
    }
    let tools = Toolbox::new()?;
    tools.ensure_for_build()?;
    tools.ensure_cargo_tool(
        "wasm-pack",
        crate::tools::WASM_PACK_VERSION,
        "wasm-pack",
        true,
        "2",
    )?;
    let package = build(&tools)?;
    pack_dry_run(&tools, &package)
}
