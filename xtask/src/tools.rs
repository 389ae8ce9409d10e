//! Installing the project's tools, pinned, from crates.io, npm, apt and rustup only, and skipping
//! every install whose tool is already there at the right version.

use anyhow::{Context, Result, bail};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Trunk builds the site; 0.22 needs a newer rustc than this machine has.
pub const TRUNK_VERSION: &str = "0.21.14";
/// wasm-pack runs the core's browser tests the way users of the crate do.
pub const WASM_PACK_VERSION: &str = "0.15.1";
/// binaryen's wasm-opt from npm (Debian's is too old to read current wasm-bindgen output).
pub const BINARYEN_VERSION: &str = "132.0.0";
/// The wasm-opt version Trunk is told to expect in `trunk.toml`.
pub const WASM_OPT_VERSION: &str = "132";

/// The workspace root, the PATH the tools run with, and helpers to run them.
pub struct Toolbox {
    pub root: PathBuf,
    path: OsString,
}

impl Toolbox {
    pub fn new() -> Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask has no parent folder")?
            .to_path_buf();
        let mut dirs = vec![root.join(".tools/node_modules/.bin"), cargo_bin_dir()];
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        let path = std::env::join_paths(dirs).context("PATH holds an unusable folder")?;
        Ok(Self { root, path })
    }

    /// A command that runs in the workspace root with the tools folder first on PATH.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.env("PATH", &self.path).current_dir(&self.root);
        command
    }

    /// Runs a command to completion, failing with its description if it fails.
    pub fn run(&self, mut command: Command, what: &str) -> Result<()> {
        let status = command
            .status()
            .with_context(|| format!("could not start {what}"))?;
        if !status.success() {
            bail!("{what} failed ({status})");
        }
        Ok(())
    }

    /// The first line of `program --version`, if it runs.
    fn version_of(&self, program: &str) -> Option<String> {
        let output = self
            .command(program)
            .arg("--version")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !output.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&output.stdout);
        Some(text.lines().next().unwrap_or("").trim().to_owned())
    }

    /// Whether `program --version` names `version` as a whole word.
    fn has_version(&self, program: &str, version: &str) -> bool {
        self.version_of(program).is_some_and(|line| {
            line.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
                .any(|word| word == version || word == format!("version_{version}"))
        })
    }

    /// Everything `cargo xtask serve` needs.
    pub fn ensure_for_build(&self) -> Result<()> {
        self.ensure_wasm_target()?;
        let bindgen = self.wasm_bindgen_version()?;
        self.ensure_cargo_tool("wasm-bindgen", &bindgen, "wasm-bindgen-cli", false, "3")?;
        self.ensure_cargo_tool("trunk", TRUNK_VERSION, "trunk", true, "6")?;
        self.ensure_wasm_opt()?;
        // Trunk builds offline (trunk.toml), so every crate must be in the local cache first.
        let mut fetch = self.command("cargo");
        fetch.args(["fetch", "--quiet"]);
        self.run(fetch, "cargo fetch")
    }

    /// Everything `cargo xtask test` needs.
    pub fn ensure_for_tests(&self) -> Result<()> {
        self.ensure_for_build()?;
        self.ensure_cargo_tool("wasm-pack", WASM_PACK_VERSION, "wasm-pack", true, "2")?;
        self.ensure_chromium()
    }

    fn ensure_wasm_target(&self) -> Result<()> {
        let output = self
            .command("rustup")
            .args(["target", "list", "--installed"])
            .output()
            .context("rustup is needed to add the wasm32 target")?;
        if String::from_utf8_lossy(&output.stdout)
            .lines()
            .any(|l| l.trim() == "wasm32-unknown-unknown")
        {
            return Ok(());
        }
        println!("xtask: adding the wasm32-unknown-unknown target with rustup");
        let mut add = self.command("rustup");
        add.args(["target", "add", "wasm32-unknown-unknown"]);
        self.run(add, "rustup target add wasm32-unknown-unknown")
    }

    /// The wasm-bindgen version recorded in Cargo.lock, which the CLI must match exactly.
    fn wasm_bindgen_version(&self) -> Result<String> {
        let lock = std::fs::read_to_string(self.root.join("Cargo.lock"))
            .context("Cargo.lock is missing")?;
        lock_version(&lock, "wasm-bindgen").context("Cargo.lock has no wasm-bindgen package")
    }

    pub fn ensure_cargo_tool(
        &self,
        binary: &str,
        version: &str,
        package: &str,
        locked: bool,
        minutes: &str,
    ) -> Result<()> {
        if self.has_version(binary, version) {
            return Ok(());
        }
        println!(
            "xtask: installing {package} {version} from crates.io (about {minutes} minutes on 2 cores)"
        );
        let mut install = self.command("cargo");
        install.args(["install", package, "--version", version]);
        if locked {
            install.arg("--locked");
        }
        self.run(install, &format!("cargo install {package}"))?;
        if !self.has_version(binary, version) {
            bail!("{binary} {version} was installed but is not the one found on PATH");
        }
        Ok(())
    }

    /// The nightly toolchain, which cargo-fuzz needs (the fuzz targets only; everything else
    /// builds on stable).
    pub fn ensure_nightly(&self) -> Result<()> {
        let has = self
            .command("rustup")
            .args(["run", "nightly", "rustc", "--version"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if has {
            return Ok(());
        }
        println!("xtask: installing the nightly toolchain with rustup (for cargo fuzz)");
        let mut install = self.command("rustup");
        install.args(["toolchain", "install", "nightly", "--profile", "minimal"]);
        self.run(install, "rustup toolchain install nightly")
    }

    fn ensure_wasm_opt(&self) -> Result<()> {
        if self.has_version("wasm-opt", WASM_OPT_VERSION) {
            return Ok(());
        }
        println!("xtask: installing binaryen {BINARYEN_VERSION} (wasm-opt) from npm into .tools/");
        self.npm_install(&format!("binaryen@{BINARYEN_VERSION}"))?;
        if !self.has_version("wasm-opt", WASM_OPT_VERSION) {
            bail!("wasm-opt {WASM_OPT_VERSION} was installed in .tools/ but does not run");
        }
        Ok(())
    }

    /// Installs an npm package, pinned (`name@version`), into `.tools/`.
    pub fn npm_install(&self, package: &str) -> Result<()> {
        let tools = self.root.join(".tools");
        std::fs::create_dir_all(&tools).context("cannot create .tools/")?;
        let mut install = self.command("npm");
        install
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--save-exact",
                "--prefix",
            ])
            .arg(&tools)
            .arg(package);
        self.run(
            install,
            &format!("npm install {package} (is Node.js with npm installed?)"),
        )
    }

    /// Debian's Chromium and its WebDriver, installed with apt when running as root.
    fn ensure_chromium(&self) -> Result<()> {
        let present = |p: &str| self.version_of(p).is_some();
        if present("chromium") && present("chromedriver") {
            return Ok(());
        }
        let is_root = self
            .command("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        if !is_root {
            bail!(
                "the browser tests need Debian's `chromium` and `chromium-driver` packages: \
                 run `sudo apt-get install chromium chromium-driver`, then try again"
            );
        }
        println!("xtask: installing chromium and chromium-driver with apt-get");
        let mut update = self.command("apt-get");
        update.args(["update", "-qq"]);
        self.run(update, "apt-get update")?;
        let mut install = self.command("apt-get");
        install
            .args(["install", "-y", "-qq", "chromium", "chromium-driver"])
            .env("DEBIAN_FRONTEND", "noninteractive");
        self.run(install, "apt-get install chromium chromium-driver")
    }

    /// Full path of a program on the tools PATH.
    pub fn which(&self, program: &str) -> Option<PathBuf> {
        std::env::split_paths(&self.path)
            .map(|dir| dir.join(program))
            .find(|candidate| candidate.is_file())
    }
}

fn cargo_bin_dir() -> PathBuf {
    match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home).join("bin"),
        None => {
            let home = std::env::var_os("HOME").unwrap_or_default();
            PathBuf::from(home).join(".cargo/bin")
        }
    }
}

/// The version of `package` in a Cargo.lock text.
pub fn lock_version(lock: &str, package: &str) -> Option<String> {
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(version.trim_end_matches('"').to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_versions_are_read_exactly() {
        let lock = "[[package]]\nname = \"wasm-bindgen-shared\"\nversion = \"0.2.1\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            lock_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(lock_version(lock, "trunk"), None);
    }
}
