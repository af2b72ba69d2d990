//! End-to-end harness: starts the real application binary through `tauri-driver` and
//! WebKitWebDriver, each run on a fresh data directory and a private HOME, and offers the few
//! helpers feature tests need (find by `data-testid`, fill, click, wait, screenshot on failure).
//!
//! Needs a display (run under `xvfb-run -a`), `WebKitWebDriver` (Debian package
//! `webkit2gtk-driver`), `tauri-driver` (`cargo install tauri-driver --version ^2 --locked`) and
//! the app built (`cargo build`). When `ERM_E2E_REQUIRED=1` (the README's test command sets it)
//! anything missing is a failure; otherwise the tests print a loud SKIPPED banner and return.

use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini::{elements::Element, error::CmdError, Client, Locator};

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Where the workspace lives (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("ERM_APP_BIN") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"));
    target.join("debug/e-reputation-medecin")
}

fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin/tauri-driver")
}

/// `Some(reason)` when the end-to-end tests cannot run on this machine.
fn missing_prerequisite() -> Option<String> {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Some("no display: run the suite under `xvfb-run -a` (see README)".into());
    }
    let driver = tauri_driver();
    if !driver.exists() {
        return Some(format!("{} not found: cargo install tauri-driver --version ^2 --locked", driver.display()));
    }
    if which("WebKitWebDriver").is_none() {
        return Some("WebKitWebDriver not found: apt-get install webkit2gtk-driver".into());
    }
    let bin = app_binary();
    if !bin.exists() {
        return Some(format!("{} not built: run `cargo build` first", bin.display()));
    }
    None
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.exists()))
}

/// Returns false (after a loud banner) when the test must be skipped; panics instead when the
/// run requires end-to-end tests.
pub fn prerequisites_ok(test: &str) -> bool {
    match missing_prerequisite() {
        None => true,
        Some(reason) if std::env::var("ERM_E2E_REQUIRED").as_deref() == Ok("1") => {
            panic!("end-to-end test {test} cannot run: {reason}")
        }
        Some(reason) => {
            let bar = "!".repeat(78);
            say_uncaptured(&format!("\n{bar}\n!! SKIPPED end-to-end test `{test}`: {reason}\n!! The README's test command runs it for real.\n{bar}\n"));
            false
        }
    }
}

/// Writes to the real stderr, not through eprintln!, which the test harness captures and hides
/// for a passing test: for what must be seen in any case (a skip, a start tried again).
fn say_uncaptured(text: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One isolated installation: its data directory and HOME persist across [`App::start`] calls
/// on the same `Sandbox`, so a test can quit and start the app again.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Where the app saves documents instead of showing its save dialog (`ERM_EXPORT_DIR`).
    pub fn exports_dir(&self) -> PathBuf {
        self.dir.path().join("exports")
    }

    /// Where copied text lands instead of the system clipboard (`ERM_CLIPBOARD_FILE`).
    pub fn clipboard_file(&self) -> PathBuf {
        self.dir.path().join("presse-papiers.txt")
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

/// A running application window.
pub struct App {
    pub client: Client,
    /// Stops tauri-driver (and the app) when the App goes, even when a test panics.
    driver: DriverGuard,
    name: String,
    /// How long [`App::run`]'s body may take before the test fails.
    limit: Duration,
}

/// How many times a start is tried, and how long each try may take (a start takes 1–3 s here).
const START_TRIES: u32 = 3;
const START_LIMIT: Duration = Duration::from_secs(60);
/// A test body that runs past this fails, instead of holding CI until its own limit ends the run.
const BODY_LIMIT: Duration = Duration::from_secs(300);
/// Closing, the screenshot and the report after a failure: each bounded, the window may be hung.
const AFTERWORD_LIMIT: Duration = Duration::from_secs(15);

impl App {
    /// Starts the app on `sandbox` and waits until the UI reports itself ready.
    pub async fn start(sandbox: &Sandbox, name: &str) -> Result<App> {
        App::start_with_env(sandbox, name, &[]).await
    }

    /// Same as [`App::start`] with extra environment variables for the app (e.g. `ERM_TODAY`).
    ///
    /// Each try is bounded: a CI run once saw the app die in GTK's initialisation (before any of
    /// our code ran) while WebKitWebDriver kept waiting for it, and the session request never
    /// answered. A try that fails or hangs is stopped (driver, WebKitWebDriver and app), said on
    /// stderr, and the start tried again on the same sandbox; the last failure is returned.
    pub async fn start_with_env(sandbox: &Sandbox, name: &str, env: &[(&str, &str)]) -> Result<App> {
        App::start_program(sandbox, name, &app_binary(), env).await
    }

    /// [`App::start_with_env`] on another program than the app (the harness's own test starts
    /// the app through a wrapper that makes its first start fail).
    pub async fn start_program(sandbox: &Sandbox, name: &str, program: &Path, env: &[(&str, &str)]) -> Result<App> {
        let mut last = String::new();
        for attempt in 1..=START_TRIES {
            match tokio::time::timeout(START_LIMIT, App::try_start(sandbox, name, program, env)).await {
                Ok(Ok(app)) => return Ok(app),
                Ok(Err(e)) => last = e.to_string(),
                Err(_) => last = format!("not ready after {} s", START_LIMIT.as_secs()),
            }
            // The timed-out future was dropped with its DriverGuard: the processes are gone.
            // A retried start must be seen in CI's log, even when the test then passes.
            say_uncaptured(&format!("{name}: start {attempt}/{START_TRIES} failed: {last}\n"));
        }
        Err(format!("{name}: the app did not start in {START_TRIES} tries; last: {last}").into())
    }

    async fn try_start(sandbox: &Sandbox, name: &str, program: &Path, env: &[(&str, &str)]) -> Result<App> {
        let (port, native_port) = (free_port(), free_port());
        std::fs::create_dir_all(sandbox.home())?;
        let driver = Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            // Inherited by WebKitWebDriver and then by the app.
            .env("ERM_DATA_DIR", sandbox.data_dir())
            // A native GTK save dialog cannot be driven: save into the sandbox, open no viewer
            // or browser, and copy into a file the test can read back.
            .env("ERM_EXPORT_DIR", sandbox.exports_dir())
            .env("ERM_NO_OPEN", "1")
            .env("ERM_CLIPBOARD_FILE", sandbox.clipboard_file())
            .envs(env.iter().copied())
            .env("HOME", sandbox.home())
            .env("XDG_DATA_HOME", sandbox.home().join(".local/share"))
            .env("XDG_CONFIG_HOME", sandbox.home().join(".config"))
            .env("XDG_CACHE_HOME", sandbox.home().join(".cache"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        let mut app_guard = DriverGuard(Some(driver));
        wait_port(port).await?;
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": program }));
        caps.insert("browserName".into(), serde_json::json!("wry"));
        let _ = rustls::crypto::ring::default_provider().install_default();
        let (mut builder, url) = (fantoccini::ClientBuilder::rustls()?, format!("http://127.0.0.1:{port}"));
        let connect = builder.capabilities(caps).connect(&url);
        let driver_pid = app_guard.0.as_ref().map(Child::id).unwrap_or_default();
        let client = tokio::select! {
            client = connect => client?,
            () = app_exited(driver_pid) => return Err("the app exited while starting (see its output above)".into()),
        };
        let app = App { client, driver: DriverGuard(app_guard.0.take()), name: name.to_owned(), limit: BODY_LIMIT };
        app.wait_for_css("body[data-ready=true]").await?;
        app.client.execute(TRACER, vec![]).await?;
        Ok(app)
    }

    /// Raises the bound on [`App::run`]'s body, for a test that knowingly runs long.
    pub fn allow(mut self, limit: Duration) -> App {
        self.limit = limit;
        self
    }

    /// Runs `body`, bounded by [`BODY_LIMIT`] (or what [`App::allow`] set); on failure saves a
    /// screenshot under tests/e2e/artifacts/ and prints where the window stood before returning
    /// the error, then closes the window either way.
    pub async fn run<F>(mut self, body: F) -> Result
    where
        F: for<'a> FnOnce(&'a mut App) -> Pin<Box<dyn Future<Output = Result> + Send + 'a>>,
    {
        let limit = self.limit;
        let outcome = match tokio::time::timeout(limit, body(&mut self)).await {
            Ok(outcome) => outcome,
            Err(_) => Err(format!("{}: the test ran past its {} s", self.name, limit.as_secs()).into()),
        };
        if outcome.is_err() {
            let name = format!("FAILED-{}", self.name);
            let path = tokio::time::timeout(AFTERWORD_LIMIT, self.screenshot(&name)).await.ok().flatten();
            eprintln!("screenshot of the failure: {path:?}");
            // CI keeps the log, not the screenshot: say where the window stood.
            let stands = tokio::time::timeout(AFTERWORD_LIMIT, self.where_it_stands()).await;
            eprintln!("window at the failure: {}", stands.unwrap_or_else(|_| "unknown (no answer)".into()));
        }
        let quit = self.quit().await;
        outcome.and(quit)
    }

    /// The address, the focused element, the toasts and the test ids drawn in the content
    /// (test data only: the sandbox holds nothing else).
    async fn where_it_stands(&self) -> String {
        let script = "const ids = [...document.querySelectorAll('#main [data-testid]')].map((e) => e.dataset.testid); \
            return JSON.stringify({ hash: location.hash, focus: document.activeElement?.dataset?.testid || document.activeElement?.tagName, \
              toasts: [...document.querySelectorAll('.toast')].map((t) => t.textContent), ids: ids.slice(0, 60), count: ids.length, \
              trace: (window.__ermTrace || []).slice(-40) });";
        match self.client.execute(script, vec![]).await {
            Ok(v) => v.as_str().unwrap_or_default().to_owned(),
            Err(e) => format!("unknown ({e})"),
        }
    }

    pub async fn quit(self) -> Result {
        let App { client, driver, .. } = self;
        let closed = tokio::time::timeout(AFTERWORD_LIMIT, client.close()).await;
        // Stops the driver and the app whether or not the window answered.
        drop(driver);
        closed.map_err(|_| "the window did not close")??;
        Ok(())
    }

    pub async fn by_testid(&self, id: &str) -> Result<Element> {
        self.wait_for_css(&format!("[data-testid=\"{id}\"]")).await
    }

    /// Waits up to 10 s for an element. WebKitWebDriver can answer "stale element" when the
    /// element it just matched is replaced by a re-render; that is retried like "not yet there".
    pub async fn wait_for_css(&self, css: &str) -> Result<Element> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.client.wait().at_most(left).for_element(Locator::Css(css)).await {
                Err(e) if is_stale(&e) && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(CmdError::WaitTimeout) => return Err(format!("waited 10 s for {css}: never there").into()),
                other => return Ok(other?),
            }
        }
    }

    pub async fn exists(&self, css: &str) -> Result<bool> {
        Ok(!self.client.find_all(Locator::Css(css)).await?.is_empty())
    }

    pub async fn click(&self, id: &str) -> Result {
        self.retry_stale(|| async { Ok(self.by_testid(id).await?.click().await.map(|_| ())?) }).await
    }

    /// Views re-render after every answer from Rust, so an element found a moment ago can be
    /// replaced before we act on it (WebDriver's "stale element"). Such actions are retried on a
    /// fresh lookup for a short while; any other error is returned at once.
    async fn retry_stale<F, Fut>(&self, mut action: F) -> Result
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result>,
    {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match action().await {
                Err(e) if e.downcast_ref::<CmdError>().is_some_and(is_stale) && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                other => return other,
            }
        }
    }

    /// Replaces the value of the input or textarea with `data-testid=id`. A `\n` is typed as the
    /// Enter key (WebKitWebDriver drops a raw line feed).
    pub async fn fill(&self, id: &str, text: &str) -> Result {
        let keys = text.replace('\n', "\u{E007}");
        self.retry_stale(|| async {
            let el = self.by_testid(id).await?;
            el.clear().await?;
            el.send_keys(&keys).await?;
            Ok(())
        })
        .await
    }

    pub async fn select(&self, id: &str, value: &str) -> Result {
        self.retry_stale(|| async { Ok(self.by_testid(id).await?.select_by_value(value).await?) }).await
    }

    pub async fn text(&self, id: &str) -> Result<String> {
        Ok(self.by_testid(id).await?.text().await?)
    }

    /// Polls until the element's text contains `needle` (UI updates after async invokes).
    pub async fn wait_text(&self, id: &str, needle: &str) -> Result<String> {
        self.wait_text_long(id, needle, 10).await
    }

    /// [`App::wait_text`] for work that may take long (a large import or backup): up to `secs`.
    pub async fn wait_text_long(&self, id: &str, needle: &str, secs: u64) -> Result<String> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let text = self.text(id).await.unwrap_or_default();
            if text.contains(needle) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                return Err(format!("[data-testid={id}] never contained {needle:?}; last text: {text:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG of the window under tests/e2e/artifacts/ and returns its path.
    pub async fn screenshot(&self, name: &str) -> Option<PathBuf> {
        let png = self.client.screenshot().await.ok()?;
        let dir = workspace_root().join("tests/e2e/artifacts");
        std::fs::create_dir_all(&dir).ok()?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).ok()?;
        Some(path)
    }
}

/// Installed in the window once it is ready: the last clicks, submits, address changes and
/// commands (Tauri's IPC goes through `fetch`), each with its milliseconds since then; printed
/// when a test fails, since CI keeps the log and not the window, and read by a test that must
/// know a command was answered (`window.__ermTrace`). Command names only, no data.
const TRACER: &str = "if (!window.__ermTrace) { \
    const trace = window.__ermTrace = []; const t0 = performance.now(); \
    const note = (what) => { trace.push(`${Math.round(performance.now() - t0)} ${what}`); if (trace.length > 200) trace.shift(); }; \
    const label = (e) => e?.closest?.('[data-testid]')?.dataset.testid || e?.tagName; \
    document.addEventListener('click', (e) => note(`click ${label(e.target)}`), true); \
    document.addEventListener('submit', (e) => note(`submit ${label(e.target)}`), true); \
    window.addEventListener('hashchange', () => note(`hash ${location.hash}`)); \
    const fetch = window.fetch; \
    window.fetch = (url, ...rest) => { const cmd = String(url).replace(/^ipc:\\/\\/localhost\\//, ''); note(`invoke ${cmd}`); \
      const p = fetch.call(window, url, ...rest); p.then((r) => note(`${r.ok ? 'ok' : 'err'} ${cmd}`), () => note(`failed ${cmd}`)); return p; }; \
  } return true;";

fn is_stale(e: &CmdError) -> bool {
    matches!(e, CmdError::Standard(w) if w.error == fantoccini::error::ErrorStatus::StaleElementReference)
}

struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            // The app and WebKitWebDriver, found before tauri-driver goes: if it has to be killed,
            // they would live on as orphans (and keep the data folder's lock).
            let descendants = descendants_of(child.id());
            // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver and the app with it.
            let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
            // A test that starts the app again on the same data must find it gone.
            let deadline = Instant::now() + Duration::from_secs(10);
            while descendants.iter().any(|p| alive(*p)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            for p in descendants.iter().filter(|p| alive(**p)) {
                let _ = Command::new("kill").arg("-KILL").arg(p.to_string()).status();
            }
        }
    }
}

/// Every process below `pid` (Linux `/proc`), children first found first.
fn descendants_of(pid: u32) -> Vec<u32> {
    let parent_of = |p: u32| -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).ok()?;
        // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
        stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()
    };
    let all: Vec<u32> = std::fs::read_dir("/proc")
        .map(|d| d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect())
        .unwrap_or_default();
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let p = found[i];
        let children: Vec<u32> = all.iter().copied().filter(|c| parent_of(*c) == Some(p) && !found.contains(c)).collect();
        found.extend(children);
        i += 1;
    }
    found.remove(0);
    found
}

/// Resolves once the app that WebKitWebDriver (below `driver_pid`) launched has gone again:
/// WebKitWebDriver itself keeps waiting for a browser that died, and the session request with it.
/// The app and its WebKit processes are every process below tauri-driver but WebKitWebDriver.
async fn app_exited(driver_pid: u32) {
    let is_webdriver = |p: u32| comm(p).is_some_and(|c| c.starts_with("WebKitWebDriv"));
    let mut seen = false;
    loop {
        let app_alive = descendants_of(driver_pid).into_iter().any(|p| !is_webdriver(p) && alive(p));
        if seen && !app_alive {
            return;
        }
        seen |= app_alive;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The process's short name (Linux truncates it to 15 bytes).
fn comm(pid: u32) -> Option<String> {
    Some(std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?.trim_end().to_owned())
}

/// Running (a zombie waiting for its parent counts as gone: it holds no file any more).
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next()).is_some_and(|s| s != "Z"),
        Err(_) => false,
    }
}

async fn wait_port(port: u16) -> Result {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("tauri-driver did not listen on port {port}").into())
}

/// Fills the practice form (onboarding or Paramètres) with `fields` pairs of (name, value).
pub async fn fill_practice_form(app: &App, fields: &[(&str, &str)]) -> Result {
    for (name, value) in fields {
        match *name {
            "civility" | "title" => app.select(&format!("field-{name}"), value).await?,
            _ => app.fill(&format!("field-{name}"), value).await?,
        }
    }
    Ok(())
}

/// A valid first-run profile (accents and hyphens on purpose).
pub const PROFILE: &[(&str, &str)] = &[
    ("civility", "madame"),
    ("first_name", "Hélène-Éloïse"),
    ("last_name", "Dupré-Lefèvre"),
    ("specialty", "Médecine générale"),
    ("rpps", "10003456789"),
    ("address_lines", "Cabinet médical\n12 rue de l'Église"),
    ("postcode", "75014"),
    ("city", "Paris"),
    ("phone", "01 40 64 14 70"),
    ("email", "cabinet@exemple.fr"),
];

/// Fills the onboarding with [`PROFILE`] and waits for the dashboard.
pub async fn complete_onboarding(app: &App) -> Result {
    app.by_testid("onboarding").await?;
    fill_practice_form(app, PROFILE).await?;
    app.click("practice-save").await?;
    app.by_testid("dashboard").await?;
    Ok(())
}

/// The window's local date `days` days ago, as "AAAA-MM-JJ" (the app's own "today" is local).
/// Negative `days` give a date in the future.
pub async fn local_date_days_ago(app: &App, days: i32) -> Result<String> {
    let script = "const d = new Date(Date.now() - arguments[0] * 86400000); \
                  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;";
    let v = app.client.execute(script, vec![serde_json::json!(days)]).await?;
    Ok(v.as_str().ok_or("no date")?.to_owned())
}

/// Types an ISO date (`AAAA-MM-JJ`) into a date field the way the doctor reads and types it:
/// JJ/MM/AAAA (the app's date fields are text fields in French order whatever the locale).
pub async fn set_date(app: &App, id: &str, iso: &str) -> Result {
    let french: String = match iso.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => return Err(format!("not an ISO date: {iso}").into()),
    };
    app.fill(id, &french).await?;
    let v = value(app, id).await?;
    if v != french {
        return Err(format!("[data-testid={id}] did not take the date {french}: {v}").into());
    }
    Ok(())
}

/// The value of an input or textarea (its text is empty for a textarea filled by script).
pub async fn value(app: &App, id: &str) -> Result<String> {
    Ok(app.by_testid(id).await?.prop("value").await?.unwrap_or_default())
}

/// Runs the axe-core accessibility audit (WCAG 2.1 A and AA rules) on the current screen and
/// returns its serious and critical violations, one line each ("rule: help — targets"). axe-core
/// comes from the npm registry (`npm ci`, see scripts/setup-debian.sh) and is injected by the
/// test only: the application ships no third-party script.
pub async fn axe_violations(app: &App) -> Result<Vec<String>> {
    let source = std::fs::read_to_string(workspace_root().join("node_modules/axe-core/axe.min.js"))
        .map_err(|e| format!("axe-core is missing (run `npm ci`): {e}"))?;
    let loaded = app.client.execute("return typeof window.axe !== 'undefined';", vec![]).await?;
    if loaded != serde_json::json!(true) {
        app.client.execute(&format!("{source}\n;return true;"), vec![]).await?;
    }
    let script = "const done = arguments[arguments.length - 1]; \
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }) \
          .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical') \
            .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`))) \
          .catch((e) => done([`axe failed: ${e}`]));";
    let v = app.client.execute_async(script, vec![]).await?;
    Ok(v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()).unwrap_or_default())
}

/// The files of `dir` whose name holds `needle` and ends in `.ext`, sorted (what an export wrote).
pub fn saved(dir: &Path, needle: &str, ext: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
    let mut out: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext) && p.file_name().unwrap().to_string_lossy().contains(needle))
        .collect();
    out.sort();
    out
}

/// Unpacks the lawyer's archive `zip` into `into` (Python's zipfile, not our reader) and runs
/// `sha256sum -c MANIFEST-SHA256.txt` there: whether every sum matched, and what it printed.
pub fn check_archive(zip: &Path, into: &Path) -> Result<(bool, String)> {
    let unzip = Command::new("python3")
        .args(["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])"])
        .arg(zip)
        .arg(into)
        .status()?;
    if !unzip.success() {
        return Err(format!("{} does not open", zip.display()).into());
    }
    let check = Command::new("sha256sum").args(["-c", "MANIFEST-SHA256.txt"]).current_dir(into).output()?;
    Ok((check.status.success(), String::from_utf8_lossy(&check.stdout).into_owned()))
}

/// Serves `body` as an RSS feed on 127.0.0.1 to every request until the test ends; returns
/// its address (`http://127.0.0.1:<port><path>`).
pub async fn serve_feed(body: &'static str, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(body.as_bytes()).await;
        }
    });
    format!("http://{addr}{path}")
}
