//! A polite HTTP client: what a site's owner would ask of a crawler.
//!
//! Every request goes through [`Client::get`], which honours the host's
//! `robots.txt` (RFC 9309, read with `texting_robots`: a missing file allows
//! everything, an unreachable one forbids everything until it is read), keeps
//! to one request per host at a time and at least the host interval (or the
//! file's `Crawl-delay`, up to a cap) between two, follows redirects itself so
//! that each hop is checked against its own host's rules, retries what may pass
//! (timeouts, refused connections, 429 and 5xx) with exponential back-off and
//! jitter (and `Retry-After` when the server names it), sends the validators
//! of the last answer so that an unchanged feed costs a 304, caps every body,
//! and decodes it with the charset the server names or, failing that, as files
//! are decoded.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use storyline::text::Fnv1a;
use texting_robots::Robot;
use ureq::http::{HeaderMap, StatusCode};

use crate::address::{self, host_of};
use crate::WatchOptions;

/// The product token `robots.txt` rules are matched against.
pub const ROBOTS_AGENT: &str = "Storyline";

/// A page or feed as fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Where it was found, after redirects.
    pub url: String,
    pub text: String,
    /// The media type the server named (`text/html`), lowercase, without parameters.
    pub media_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What a request came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    Page(Page),
    /// The validators sent still hold (304).
    NotModified,
    /// Not fetched, and not worth trying again: `robots.txt` forbids it, or it
    /// is not text.
    Refused(String),
    /// Failed after the retries; a later poll may try again.
    Failed(String),
}

/// What a host's `robots.txt` allows.
enum Rules {
    All,
    Nothing(String),
    File(Box<Robot>),
}

/// A host's rules and until when they hold.
struct Robots {
    expires: Instant,
    rules: Arc<Rules>,
    delay: Duration,
}

pub struct Client {
    agent: ureq::Agent,
    options: WatchOptions,
    /// Per scheme and host: its `robots.txt`, read once per `robots_max_age`.
    robots: Mutex<HashMap<String, Robots>>,
    /// Per host: the earliest moment its next request may start.
    next_turn: Mutex<HashMap<String, Instant>>,
    requests: AtomicU64,
}

/// Locks a mutex whose data stays valid even if a holder panicked (plain maps).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Client {
    pub fn new(options: &WatchOptions) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(options.timeout))
            .user_agent(options.user_agent.as_str())
            .max_idle_connections_per_host(2)
            .build();
        Client {
            agent: config.new_agent(),
            options: options.clone(),
            robots: Mutex::new(HashMap::new()),
            next_turn: Mutex::new(HashMap::new()),
            requests: AtomicU64::new(0),
        }
    }

    /// HTTP requests sent so far (retries, redirects and `robots.txt` included).
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Fetches an address, sending `validators` (ETag, Last-Modified) when given.
    pub fn get(&self, address: &str, validators: Option<(&str, &str)>) -> Fetched {
        self.follow(address, validators, true)
    }

    fn follow(&self, address: &str, validators: Option<(&str, &str)>, polite: bool) -> Fetched {
        let mut current = address.to_string();
        for _ in 0..=self.options.max_redirects {
            let Some(host) = host_of(&current) else {
                return Fetched::Refused(format!("{current} is not an http or https address"));
            };
            let delay = if polite {
                match self.robots(&current) {
                    Ok(delay) => delay,
                    Err(why) => return Fetched::Refused(why),
                }
            } else {
                self.options.host_interval
            };
            let response = match self.send(&current, &host, delay, validators) {
                Ok(response) => response,
                Err(why) => return Fetched::Failed(why),
            };
            let status = response.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let location = header(response.headers(), "location");
                match location.and_then(|l| address::resolve(&current, &l)) {
                    Some(next) => {
                        current = next;
                        continue;
                    }
                    None => {
                        return Fetched::Failed(format!("HTTP {status} without a usable Location"))
                    }
                }
            }
            if status == StatusCode::NOT_MODIFIED {
                return Fetched::NotModified;
            }
            if !status.is_success() {
                return Fetched::Failed(format!("HTTP {}", status.as_u16()));
            }
            return self.read_page(current, response);
        }
        Fetched::Failed(format!(
            "more than {} redirects",
            self.options.max_redirects
        ))
    }

    fn read_page(&self, url: String, response: ureq::http::Response<ureq::Body>) -> Fetched {
        let headers = response.headers().clone();
        let content_type = header(&headers, "content-type").unwrap_or_default();
        let mut parts = content_type.split(';');
        let media_type = parts
            .next()
            .map(|t| t.trim().to_ascii_lowercase())
            .filter(|t| !t.is_empty());
        let charset = parts
            .filter_map(|p| p.trim().strip_prefix("charset="))
            .next()
            .map(|c| c.trim_matches('"').to_string());
        if let Some(kind) = &media_type {
            let textual = kind.starts_with("text/")
                || kind.contains("xml")
                || kind.contains("json")
                || kind.contains("html");
            if !textual {
                return Fetched::Refused(format!("not text ({kind})"));
            }
        }
        let limit = self.options.max_body_bytes;
        let bytes = match response
            .into_body()
            .into_with_config()
            .limit(limit)
            .read_to_vec()
        {
            Ok(bytes) => bytes,
            Err(ureq::Error::BodyExceedsLimit(_)) => {
                return Fetched::Refused(format!("larger than {} MiB", limit / 1024 / 1024))
            }
            Err(e) => return Fetched::Failed(e.to_string()),
        };
        let declared = charset
            .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
            .filter(|encoding| *encoding != encoding_rs::UTF_8);
        let text = match declared {
            Some(encoding) => encoding.decode(&bytes).0.into_owned(),
            None => match storyline::ingest::decode(&bytes) {
                Ok(decoded) => decoded.text,
                Err(why) => return Fetched::Refused(format!("not text: {why}")),
            },
        };
        Fetched::Page(Page {
            url,
            text,
            media_type,
            etag: header(&headers, "etag"),
            last_modified: header(&headers, "last-modified"),
        })
    }

    /// One request, with its retries: each waits for the host's turn.
    fn send(
        &self,
        address: &str,
        host: &str,
        interval: Duration,
        validators: Option<(&str, &str)>,
    ) -> Result<ureq::http::Response<ureq::Body>, String> {
        let mut attempt = 0;
        loop {
            self.wait_turn(host, interval);
            self.requests.fetch_add(1, Ordering::Relaxed);
            let mut request = self.agent.get(address);
            if let Some((etag, last_modified)) = validators {
                if !etag.is_empty() {
                    request = request.header("If-None-Match", etag);
                }
                if !last_modified.is_empty() {
                    request = request.header("If-Modified-Since", last_modified);
                }
            }
            let outcome = request.call();
            let retry_after = match &outcome {
                Ok(response) => {
                    let status = response.status();
                    if status != StatusCode::TOO_MANY_REQUESTS && !status.is_server_error() {
                        return outcome.map_err(|e| e.to_string());
                    }
                    Some(
                        header(response.headers(), "retry-after")
                            .and_then(|s| s.trim().parse::<u64>().ok())
                            .map(Duration::from_secs),
                    )
                }
                Err(
                    ureq::Error::Timeout(_)
                    | ureq::Error::Io(_)
                    | ureq::Error::ConnectionFailed
                    | ureq::Error::HostNotFound,
                ) => Some(None),
                Err(_) => None,
            };
            let Some(retry_after) = retry_after.filter(|_| attempt < self.options.retries) else {
                return match outcome {
                    Ok(response) => Ok(response),
                    Err(e) => Err(e.to_string()),
                };
            };
            std::thread::sleep(self.backoff(address, attempt, retry_after));
            attempt += 1;
        }
    }

    /// The wait before retry `attempt` (from 0): the server's `Retry-After` when
    /// it names one, else `retry_backoff` doubled per attempt; either times a
    /// jitter between ½ and 1½ (a hash of the address and attempt, so that
    /// clients retrying together spread out, yet a run is reproducible), capped
    /// at `max_backoff`.
    fn backoff(&self, address: &str, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let base = retry_after.unwrap_or(self.options.retry_backoff * 2u32.saturating_pow(attempt));
        let mut hash = Fnv1a::default();
        hash.bytes(address.as_bytes());
        hash.bytes(&attempt.to_le_bytes());
        let jitter = 0.5 + (hash.value() % 1000) as f64 / 1000.0;
        base.mul_f64(jitter).min(self.options.max_backoff)
    }

    /// Waits until the host may be asked again, and books the next turn.
    fn wait_turn(&self, host: &str, interval: Duration) {
        let wait = {
            let mut turns = lock(&self.next_turn);
            let now = Instant::now();
            let at = turns.get(host).copied().filter(|t| *t > now).unwrap_or(now);
            turns.insert(host.to_string(), at + interval);
            at - now
        };
        std::thread::sleep(wait);
    }

    /// The interval between requests to the address's host, or why the address
    /// may not be fetched.
    fn robots(&self, address: &str) -> Result<Duration, String> {
        let robots_url = texting_robots::get_robots_url(address)
            .map_err(|e| format!("no robots.txt address for {address}: {e}"))?;
        let cached = lock(&self.robots).get(&robots_url).and_then(|robots| {
            (Instant::now() < robots.expires).then(|| (robots.rules.clone(), robots.delay))
        });
        let (rules, delay) = match cached {
            Some(cached) => cached,
            None => {
                let (rules, delay) = self.read_robots(&robots_url);
                // A file that could not be read is asked for again soon, not
                // after a day: the failure may pass.
                let holds = match rules {
                    Rules::Nothing(_) => self.options.max_backoff,
                    _ => self.options.robots_max_age,
                };
                let rules = Arc::new(rules);
                lock(&self.robots).insert(
                    robots_url.clone(),
                    Robots {
                        expires: Instant::now() + holds,
                        rules: rules.clone(),
                        delay,
                    },
                );
                // The interval (or Crawl-delay) holds from the file's answer.
                if let Some(host) = host_of(address) {
                    let mut turns = lock(&self.next_turn);
                    let next = turns.entry(host).or_insert_with(Instant::now);
                    *next = (*next).max(Instant::now() + delay);
                }
                (rules, delay)
            }
        };
        match &*rules {
            Rules::All => Ok(delay),
            Rules::Nothing(why) => Err(why.clone()),
            Rules::File(robot) if robot.allowed(address) => Ok(delay),
            Rules::File(_) => Err(format!("{robots_url} disallows it")),
        }
    }

    /// The sitemaps the `robots.txt` of an address's host names (read when the
    /// host was first asked).
    pub fn sitemaps(&self, address: &str) -> Vec<String> {
        let Ok(robots_url) = texting_robots::get_robots_url(address) else {
            return Vec::new();
        };
        match lock(&self.robots).get(&robots_url).map(|r| r.rules.clone()) {
            Some(rules) => match &*rules {
                Rules::File(robot) => robot
                    .sitemaps
                    .iter()
                    .filter_map(|s| address::resolve(address, s))
                    .collect(),
                _ => Vec::new(),
            },
            None => Vec::new(),
        }
    }

    fn read_robots(&self, robots_url: &str) -> (Rules, Duration) {
        let interval = self.options.host_interval;
        match self.follow(robots_url, None, false) {
            Fetched::Page(page) => match Robot::new(ROBOTS_AGENT, page.text.as_bytes()) {
                Ok(robot) => {
                    let delay = robot
                        .delay
                        .filter(|d| d.is_finite() && *d > 0.0)
                        .map(|d| Duration::from_secs_f32(d).min(self.options.max_crawl_delay))
                        .map_or(interval, |d| d.max(interval));
                    (Rules::File(Box::new(robot)), delay)
                }
                Err(_) => (Rules::All, interval),
            },
            // RFC 9309: a file that is not there (4xx) allows everything; one
            // that cannot be read (5xx, no answer) forbids everything for now.
            Fetched::Failed(why) if why.starts_with("HTTP 4") => (Rules::All, interval),
            Fetched::Refused(_) => (Rules::All, interval),
            Fetched::NotModified => (Rules::All, interval),
            Fetched::Failed(why) => (
                Rules::Nothing(format!("{robots_url} could not be read ({why})")),
                interval,
            ),
        }
    }
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}
