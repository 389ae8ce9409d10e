//! Harness for end-to-end tests of the built site: a static file server for `dist/` mounted at
//! any path prefix, and headless Chromium driven over WebDriver by `chromedriver`.

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::error::Error;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Errors of the harness and the tests.
pub type TestResult<T = ()> = Result<T, Box<dyn Error + Send + Sync>>;

/// How long to wait for the page to reach an expected state.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The built site: `IAMPLAY_DIST`, or `dist/` at the workspace root.
pub fn dist_dir() -> TestResult<PathBuf> {
    let dir = std::env::var_os("IAMPLAY_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"));
    if !dir.join("index.html").is_file() {
        return Err(format!(
            "no built site in {}: run `cargo xtask test`, which builds it with `trunk build --release` first",
            dir.display()
        )
        .into());
    }
    Ok(dir)
}

/// Where screenshots go: `IAMPLAY_ARTIFACTS`, or `target/e2e`.
pub fn artifacts_dir() -> TestResult<PathBuf> {
    let dir = std::env::var_os("IAMPLAY_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/e2e"));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Serves the files of a folder under one URL prefix (e.g. `/some/prefix/`) on 127.0.0.1; any
/// other path is a 404, so a page that used absolute URLs would break visibly.
pub struct StaticSite {
    /// The URL of the site's index, e.g. `http://127.0.0.1:41234/some/prefix/`.
    pub url: String,
}

impl StaticSite {
    /// Starts serving `root` at `prefix` (which starts and ends with `/`).
    pub fn start(root: PathBuf, prefix: &str) -> TestResult<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let prefix_owned = prefix.to_owned();
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let root = root.clone();
                let prefix = prefix_owned.clone();
                std::thread::spawn(move || {
                    let _ = serve_one(stream, &root, &prefix);
                });
            }
        });
        Ok(Self {
            url: format!("http://127.0.0.1:{port}{prefix}"),
        })
    }
}

fn serve_one(stream: TcpStream, root: &Path, prefix: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let file = path
        .strip_prefix(prefix)
        .map(|rest| if rest.is_empty() { "index.html" } else { rest })
        .map(|rest| root.join(rest))
        .filter(|p| p.components().all(|c| !matches!(c, Component::ParentDir)))
        .filter(|p| p.is_file());
    let mut stream = stream;
    match file.and_then(|p| std::fs::read(&p).ok().map(|body| (p, body))) {
        Some((p, body)) => {
            let content_type = match p.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("wasm") => "application/wasm",
                Some("css") => "text/css",
                Some("svg") => "image/svg+xml",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            stream.write_all(&body)
        }
        None => {
            write!(
                stream,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
        }
    }
}

/// A headless Chromium session with its own `chromedriver` and profile folder.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    profile: PathBuf,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session.
    pub async fn start() -> TestResult<Self> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let chromedriver = std::env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("chromedriver"));
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromedriver.display()))?;
        let deadline = Instant::now() + PATIENCE;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("chromedriver did not start listening".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile =
            std::env::temp_dir().join(format!("iamplay-e2e-profile-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&profile)?;
        // `IAMPLAY_E2E_DARK=1` runs the tests in dark mode (screenshots included).
        let dark = std::env::var_os("IAMPLAY_E2E_DARK").is_some_and(|v| v == "1");
        let options = serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                if dark { "--force-dark-mode" } else { "--no-default-browser-check" },
                "--headless",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1360,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        });
        let mut capabilities = Capabilities::new();
        capabilities.insert("goog:chromeOptions".to_owned(), options);
        // chromedriver can accept connections a moment before it serves sessions: a few tries.
        let mut attempt = 0;
        let client = loop {
            attempt += 1;
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(error) if attempt >= 5 => return Err(error.into()),
                Err(_) => tokio::time::sleep(Duration::from_millis(300)).await,
            }
        };
        Ok(Self {
            client,
            driver,
            profile,
        })
    }

    /// Waits for an element with the given `data-testid`.
    pub async fn by_test_id(&self, test_id: &str) -> TestResult<fantoccini::elements::Element> {
        let selector = format!("[data-testid=\"{test_id}\"]");
        Ok(self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(&selector))
            .await?)
    }

    /// The texts of every element with the given `data-testid`, in page order.
    pub async fn texts(&self, test_id: &str) -> TestResult<Vec<String>> {
        let selector = format!("[data-testid=\"{test_id}\"]");
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(&selector)).await? {
            texts.push(element.text().await?);
        }
        Ok(texts)
    }

    /// Polls `texts(test_id)` until `wanted` holds for them, or fails with what was last seen.
    pub async fn wait_for_texts(
        &self,
        test_id: &str,
        wanted: impl Fn(&[String]) -> bool,
    ) -> TestResult<Vec<String>> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let texts = match self.texts(test_id).await {
                Ok(texts) => texts,
                // An element found and then removed before its text was read (the page is
                // re-rendering, or the element is going away, as waited for): look again.
                Err(error)
                    if error.to_string().contains("stale element") && Instant::now() < deadline =>
                {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
                Err(error) => return Err(error),
            };
            if wanted(&texts) {
                return Ok(texts);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "`{test_id}` never reached the wanted state; last seen: {texts:?}"
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Starts a new scenario and attaches the AWS managed policy found by `search` (such as
    /// `AmazonS3FullAcc`), then waits for the verdicts it should give.
    pub async fn new_scenario_with_managed_policy(
        &self,
        search: &str,
        verdicts: &[&str],
    ) -> TestResult {
        self.by_test_id("new-scenario").await?.click().await?;
        self.by_test_id("policy-search")
            .await?
            .send_keys(search)
            .await?;
        self.by_test_id("attach-policy").await?.click().await?;
        self.wait_for_texts("request-verdict", |t| t == verdicts)
            .await?;
        Ok(())
    }

    /// Resizes the window and waits until the page is laid out at the new width (the resize
    /// is asynchronous: a click right after it can land where an element was).
    pub async fn resize(&self, width: u32, height: u32) -> TestResult {
        self.client.set_window_size(width, height).await?;
        self.client
            .execute_async(
                "const [width, done] = [arguments[0], arguments[arguments.length - 1]];
                 const wait = () => window.innerWidth === width
                   ? requestAnimationFrame(() => requestAnimationFrame(() => done(true)))
                   : requestAnimationFrame(wait);
                 wait();",
                vec![serde_json::json!(width)],
            )
            .await?;
        Ok(())
    }

    /// The scenario's document, read from its view (the structured view is shown again after).
    pub async fn scenario_text(&self) -> TestResult<String> {
        self.by_test_id("view-document").await?.click().await?;
        let text = self
            .by_test_id("scenario-input")
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        self.by_test_id("view-structured").await?.click().await?;
        Ok(text)
    }

    /// Exports the scenario's account in the format labelled `label` (e.g. `Terraform`).
    pub async fn export(&self, label: &str) -> TestResult {
        self.by_test_id("export")
            .await?
            .select_by_label(label)
            .await?;
        Ok(())
    }

    /// Imports the file at `path` with the toolbar's *Import…*.
    pub async fn import(&self, path: &std::path::Path) -> TestResult {
        self.by_test_id("import-files")
            .await?
            .send_keys(&path.to_string_lossy())
            .await?;
        Ok(())
    }

    /// Asks *Who can…* `action` on `resource` of the imported profiles; the summary it gives.
    pub async fn ask_who_can(&self, action: &str, resource: &str) -> TestResult<String> {
        self.by_test_id("who-can-action")
            .await?
            .send_keys(action)
            .await?;
        self.by_test_id("who-can-resource")
            .await?
            .send_keys(resource)
            .await?;
        self.by_test_id("who-can-ask").await?.click().await?;
        let said = self
            .wait_for_texts("who-can-summary", |t| t.len() == 1)
            .await?;
        Ok(said.concat())
    }

    /// Opens a preset by its title from the scenario toolbar's picker.
    pub async fn choose_preset(&self, title: &str) -> TestResult {
        self.by_test_id("preset")
            .await?
            .select_by_label(title)
            .await?;
        Ok(())
    }

    /// Sets the value of a text area or input as typing would, firing `input`.
    pub async fn set_value(
        &self,
        element: &fantoccini::elements::Element,
        value: &str,
    ) -> TestResult {
        self.client
            .execute(
                "arguments[0].value = arguments[1];
                 arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
                vec![serde_json::to_value(element)?, serde_json::json!(value)],
            )
            .await?;
        Ok(())
    }

    /// Saves a PNG screenshot of the page as `name` in the artifacts folder; returns its path.
    pub async fn screenshot(&self, name: &str) -> TestResult<PathBuf> {
        let png = self.client.screenshot().await?;
        if !png.starts_with(b"\x89PNG") {
            return Err("the screenshot is not a PNG".into());
        }
        let path = artifacts_dir()?.join(name);
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Ends the session and the driver, and removes the profile folder.
    pub async fn close(mut self) -> TestResult {
        let closed = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
        closed?;
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
