//! Issue 6: the web pages as a reader uses them, in headless Chromium driven over
//! WebDriver (chromedriver): open the story list, search, click a story, find its
//! summary, follow a citation to the source text. A screenshot of the story page
//! is saved under `target/`.
//!
//! The test is ignored by default (reported so, with the reason), so that
//! `cargo test` works on a laptop without a browser; `.ci/run` installs Debian's
//! `chromium` and `chromium-driver` when they are missing and runs it with
//! `--ignored`, where a missing browser fails it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use storyline_server::client;

use crate::common::{assert_succeeded, examples, scratch, spill, storyline};
use crate::server::{free_port, start, wait_for_port};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// WebDriver's key for an element reference in its JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session in it; both end on drop.
struct Browser {
    driver: Child,
    address: SocketAddr,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Best effort: a failed test must not panic again while unwinding.
        let _ = client::request(
            self.address,
            "DELETE",
            &format!("/session/{}", self.session),
            &[],
            b"",
            Duration::from_secs(10),
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    fn launch(profile: &Path) -> Browser {
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        wait_for_port(port, "chromedriver");
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let mut browser = Browser {
            driver,
            address,
            session: String::new(),
        };
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1200,1400",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
        }}});
        let created = browser.call("POST", "/session", capabilities);
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_string();
        browser
    }

    /// One WebDriver command; its `value`. `path` is relative to the session
    /// (or `/session` to create one).
    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = if path == "/session" {
            path.to_string()
        } else {
            format!("/session/{}{path}", self.session)
        };
        let body = if body.is_null() {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        let response = client::request(
            self.address,
            method,
            &url,
            &[("Content-Type", "application/json")],
            &body,
            Duration::from_secs(60),
        )
        .unwrap_or_else(|e| panic!("WebDriver {method} {url}: {e}"));
        let answer = response.json().expect("WebDriver answers JSON");
        assert_eq!(response.status, 200, "WebDriver {method} {url}: {answer}");
        answer["value"].clone()
    }

    fn open(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    fn current_url(&self) -> String {
        self.call("GET", "/url", Value::Null)
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Elements matching a CSS selector, waiting up to ten seconds for the first.
    fn find_all(&self, selector: &str) -> Vec<String> {
        let started = Instant::now();
        loop {
            let found = self.call(
                "POST",
                "/elements",
                json!({"using": "css selector", "value": selector}),
            );
            let ids: Vec<String> = found
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|e| e[ELEMENT].as_str().map(String::from))
                .collect();
            if !ids.is_empty() || started.elapsed() > Duration::from_secs(10) {
                return ids;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn find(&self, selector: &str) -> String {
        self.find_all(selector)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no {selector} on {}", self.current_url()))
    }

    fn text(&self, element: &str) -> String {
        self.call("GET", &format!("/element/{element}/text"), Value::Null)
            .as_str()
            .unwrap()
            .to_string()
    }

    fn click(&self, element: &str) {
        self.call("POST", &format!("/element/{element}/click"), json!({}));
    }

    fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        );
    }

    /// Waits until the page's URL satisfies `arrived`.
    fn wait_for_url(&self, arrived: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let url = self.current_url();
            if arrived(&url) || started.elapsed() > Duration::from_secs(10) {
                return url;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, to: &Path) {
        let encoded = self.call("GET", "/screenshot", Value::Null);
        let png = base64_decode(encoded.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(to, png).unwrap();
    }
}

/// Standard base64 (WebDriver's screenshots), padding and line breaks ignored.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {}", c as char),
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .map(value)
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let bits = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &d)| acc | (d as u32) << (18 - 6 * i));
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// Fails with what to install when Chromium or chromedriver is missing: the test
/// is ignored by default and runs only when asked for (`--ignored`).
fn assert_browser_installed() {
    assert!(
        Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists(),
        "the browser test needs {CHROMIUM} and {CHROMEDRIVER} (Debian: apt-get install chromium chromium-driver; .ci/run installs them)"
    );
}

#[test]
fn base64_decodes_padded_and_unpadded_input() {
    assert_eq!(base64_decode("TWFu"), b"Man");
    assert_eq!(base64_decode("TWE="), b"Ma");
    assert_eq!(base64_decode("TQ=="), b"M");
    assert_eq!(base64_decode("aGVsbG8g\nd29ybGQ="), b"hello world");
}

#[test]
#[ignore = "browser: needs Chromium and chromedriver (.ci/run installs them and runs it)"]
fn issue_6_a_reader_finds_a_story_and_its_sources_in_chromium() {
    assert_browser_installed();
    let dir = scratch("browser");
    let db = dir.join("news.db");
    let story = spill();
    let examples = examples();
    assert_succeeded(&storyline(
        &[
            "ingest",
            story.to_str().unwrap(),
            examples.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ],
        &dir,
    ));
    let server = start(&db);
    let site = format!("http://127.0.0.1:{}", server.port);
    let browser = Browser::launch(&dir.join("chromium-profile"));

    // The list shows both stories; a search narrows it to the spill's story.
    browser.open(&format!("{site}/"));
    assert_eq!(browser.find_all("a.story").len(), 2);
    let search = browser.find("input[name=q]");
    browser.type_into(&search, "Whitcombe\n");
    browser.wait_for_url(|url| url.contains("q=Whitcombe"));
    let stories = browser.find_all("a.story");
    assert_eq!(stories.len(), 1, "the search leaves the spill's story");
    let headline = browser.text(&stories[0]);

    // Clicking it opens its briefing, whose summary is there to read.
    browser.click(&stories[0]);
    let url = browser.wait_for_url(|url| url.contains("/stories/"));
    assert!(url.contains("/stories/"), "the story page opened: {url}");
    assert_eq!(browser.text(&browser.find("h1")), headline);
    let points = browser.find_all("ul.summary li");
    assert!(points.len() >= 3, "a summary of several points");
    let first = browser.text(&points[0]);
    assert!(first.split_whitespace().count() >= 8, "{first}");
    let screenshot: PathBuf =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("storyline-story-page.png");
    browser.screenshot(&screenshot);
    eprintln!("screenshot: {}", screenshot.display());

    // A citation opens the source article's cleaned text.
    let citation = browser.find("ul.summary a[href^='/articles/']");
    browser.click(&citation);
    browser.wait_for_url(|url| url.contains("/articles/"));
    assert!(browser
        .text(&browser.find("body"))
        .contains("back to the story"));
    let paragraphs = browser.find_all("p");
    assert!(paragraphs.len() > 3, "the article's text, in paragraphs");
    browser.click(&browser.find("a[href^='/stories/']"));
    browser.wait_for_url(|url| url.contains("/stories/"));
    browser.click(&browser.find("a[href='/']"));
    browser.wait_for_url(|url| url.ends_with('/'));
    assert_eq!(
        browser.find_all("a.story").len(),
        2,
        "back at the full list"
    );
}
