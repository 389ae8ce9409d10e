//! `cargo xtask serve`: install what is missing, build with Trunk and serve on 127.0.0.1:8080.

use crate::tools::Toolbox;
use anyhow::{Result, bail};

pub fn run(args: &[String]) -> Result<()> {
    let dev = match args {
        [] => false,
        [flag] if flag == "--dev" => true,
        _ => bail!("usage: cargo xtask serve [--dev]"),
    };
    let tools = Toolbox::new()?;
    tools.ensure_for_build()?;
    println!("xtask: serving the playground at http://127.0.0.1:8080/ (Ctrl-C stops it)");
    let mut trunk = tools.command("trunk");
    trunk.args(["--config", "trunk.toml", "serve"]);
    if !dev {
        // The release page's policy allows no WebSocket, so no live reload either.
        trunk.args(["--release", "--no-autoreload"]);
    }
    tools.run(trunk, "trunk serve")
}
