//! A news site on loopback, for the tests and benchmarks of watching.
//!
//! Watching is tested as it runs online: against an HTTP server that answers as
//! news sites do — feeds with validators, article pages naming their canonical
//! address, `robots.txt`, redirects, slow and failing endpoints, gzip — while
//! logging every request, so that a test can check what was fetched, how often
//! and how politely. It listens on 127.0.0.1 only and serves one request per
//! connection; it is a test fixture, not a server to expose.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use storyline::render::escape_html as escape;

use crate::fetch::lock;

/// How the site answers one path.
#[derive(Debug, Clone)]
pub enum Route {
    /// A body: answered 304 when the request's `If-None-Match` is its ETag, and
    /// gzipped when `gzip` is set and the client accepts it.
    Body {
        body: Vec<u8>,
        content_type: String,
        etag: Option<String>,
        gzip: bool,
    },
    /// A redirect (301, 302, 307, 308) to an address or path.
    Redirect(u16, String),
    /// A bare status (404, 500).
    Status(u16),
    /// The route, after a delay.
    Slow(Duration, Box<Route>),
    /// 503 to the first `failures` requests, then the route.
    Flaky { failures: usize, then: Box<Route> },
}

impl Route {
    /// A body of this media type, without an ETag, not compressed.
    pub fn body(content_type: &str, body: impl Into<Vec<u8>>) -> Route {
        Route::Body {
            body: body.into(),
            content_type: content_type.to_string(),
            etag: None,
            gzip: false,
        }
    }

    pub fn html(body: impl Into<Vec<u8>>) -> Route {
        Route::body("text/html; charset=utf-8", body)
    }

    /// This body with an ETag (answered 304 when the client sends it back).
    pub fn with_etag(self, tag: &str) -> Route {
        match self {
            Route::Body {
                body,
                content_type,
                gzip,
                ..
            } => Route::Body {
                body,
                content_type,
                etag: Some(tag.to_string()),
                gzip,
            },
            other => other,
        }
    }

    /// This body gzipped for clients that accept it.
    pub fn gzipped(self) -> Route {
        match self {
            Route::Body {
                body,
                content_type,
                etag,
                ..
            } => Route::Body {
                body,
                content_type,
                etag,
                gzip: true,
            },
            other => other,
        }
    }
}

/// One request as the site saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Its number in arrival order, from 0 at the site's start.
    pub number: usize,
    pub path: String,
    /// The status answered (0 while the answer is not yet sent).
    pub status: u16,
    pub user_agent: Option<String>,
    pub if_none_match: Option<String>,
    /// When it arrived, from the site's start.
    pub at: Duration,
}

struct Shared {
    routes: Mutex<HashMap<String, Route>>,
    served: Mutex<HashMap<String, usize>>,
    log: Mutex<Vec<Request>>,
    arrivals: AtomicUsize,
    stop: AtomicBool,
    started: Instant,
}

/// A running site; stopped when dropped.
pub struct Site {
    address: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<std::thread::JoinHandle<()>>,
}

impl Site {
    /// Starts a site on a free loopback port.
    pub fn start(routes: HashMap<String, Route>) -> std::io::Result<Site> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared {
            routes: Mutex::new(routes),
            served: Mutex::new(HashMap::new()),
            log: Mutex::new(Vec::new()),
            arrivals: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            started: Instant::now(),
        });
        let accepting = shared.clone();
        let accept = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if accepting.stop.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = accepting.clone();
                std::thread::spawn(move || {
                    // A client that goes away mid-answer is its own business.
                    let _ = answer(stream, &shared);
                });
            }
        });
        Ok(Site {
            address,
            shared,
            accept: Some(accept),
        })
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Adds or replaces a route.
    pub fn set(&self, path: &str, route: Route) {
        lock(&self.shared.routes).insert(path.to_string(), route);
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.shared.log).clone()
    }

    /// Forgets the requests logged so far.
    pub fn clear_log(&self) {
        lock(&self.shared.log).clear();
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        // Wakes the accepting thread so that it sees the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn answer(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let arrived = shared.started.elapsed();
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(64 * 1024));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let target = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut headers: HashMap<String, String> = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    // Logged on arrival (a client may give up before the answer).
    let number = shared.arrivals.fetch_add(1, Ordering::Relaxed);
    {
        let mut log = lock(&shared.log);
        log.push(Request {
            number,
            path: target.clone(),
            status: 0,
            user_agent: headers.get("user-agent").cloned(),
            if_none_match: headers.get("if-none-match").cloned(),
            at: arrived,
        });
    }
    let path = target.split('?').next().unwrap_or("/").to_string();
    let count = {
        let mut served = lock(&shared.served);
        let count = served.entry(path.clone()).or_default();
        *count += 1;
        *count
    };
    let mut route = lock(&shared.routes)
        .get(&path)
        .cloned()
        .unwrap_or(Route::Status(404));
    let (status, extra, body) = loop {
        match route {
            Route::Slow(delay, then) => {
                std::thread::sleep(delay);
                route = *then;
            }
            Route::Flaky { failures, then } => {
                if count <= failures {
                    break (503, String::new(), Vec::new());
                }
                route = *then;
            }
            Route::Status(code) => break (code, String::new(), Vec::new()),
            Route::Redirect(code, to) => break (code, format!("Location: {to}\r\n"), Vec::new()),
            Route::Body {
                body,
                content_type,
                etag,
                gzip,
            } => {
                let mut extra = format!("Content-Type: {content_type}\r\n");
                if let Some(etag) = &etag {
                    if headers.get("if-none-match") == Some(etag) {
                        break (304, format!("ETag: {etag}\r\n"), Vec::new());
                    }
                    extra.push_str(&format!("ETag: {etag}\r\n"));
                }
                let accepts_gzip = headers
                    .get("accept-encoding")
                    .is_some_and(|e| e.contains("gzip"));
                if gzip && accepts_gzip {
                    let mut encoder =
                        flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                    encoder.write_all(&body)?;
                    extra.push_str("Content-Encoding: gzip\r\n");
                    break (200, extra, encoder.finish()?);
                }
                break (200, extra, body);
            }
        }
    };
    if let Some(request) = lock(&shared.log)
        .iter_mut()
        .rev()
        .find(|r| r.number == number)
    {
        request.status = status;
    }
    let head = format!(
        "HTTP/1.1 {status} {}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        reason(status),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// An article the news site publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteArticle {
    /// Its path on the site (`/news/dam-opens`).
    pub path: String,
    pub title: String,
    /// Paragraphs separated by blank lines.
    pub text: String,
    /// RFC 3339, or empty.
    pub date: String,
}

impl SiteArticle {
    /// An article as a site publishes it at `path`: its title, text and date
    /// (at 09:00 UTC).
    pub fn from_article(path: &str, article: &storyline::model::Article) -> SiteArticle {
        SiteArticle {
            path: path.to_string(),
            title: article.title.clone(),
            text: article.text.clone(),
            date: article
                .date
                .map(|d| format!("{d}T09:00:00Z"))
                .unwrap_or_default(),
        }
    }
}

/// The page of an article as a news site serves it: navigation, the article
/// with its headline, a footer, and its canonical address in the head.
pub fn article_page(site: &str, name: &str, article: &SiteArticle) -> String {
    let paragraphs: String = article
        .text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>\n", escape(p.trim())))
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | {name}</title>\n\
         <link rel=\"canonical\" href=\"{site}{path}\">\n\
         <meta property=\"og:site_name\" content=\"{name}\">\n\
         <meta property=\"article:published_time\" content=\"{date}\"></head>\n\
         <body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/sport\">Sport</a></nav>\n\
         <article><h1>{title}</h1>\n{paragraphs}</article>\n\
         <footer>Copyright {name}. All rights reserved.</footer></body></html>\n",
        title = escape(&article.title),
        path = article.path,
        date = article.date,
    )
}

/// An RSS feed of summary-only items (the first paragraph), linking each
/// article with a campaign's tracking parameters as many feeds do.
pub fn summary_feed(site: &str, name: &str, articles: &[SiteArticle]) -> String {
    let items: String = articles
        .iter()
        .map(|a| {
            let summary = a.text.split("\n\n").next().unwrap_or("").trim();
            format!(
                "<item><title>{}</title><link>{site}{}?utm_source=rss&amp;utm_medium=feed</link>\
                 <guid>{site}{}</guid><description>{}</description>{}</item>\n",
                escape(&a.title),
                a.path,
                a.path,
                escape(summary),
                rfc2822(&a.date)
                    .map(|d| format!("<pubDate>{d}</pubDate>"))
                    .unwrap_or_default()
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{name}</title>\
         <link>{site}/</link><description>News</description>\n{items}</channel></rss>\n",
        name = escape(name)
    )
}

/// `2024-03-05T09:00:00Z` (or a day alone) as RSS dates are written.
fn rfc2822(date: &str) -> Option<String> {
    let time = chrono::DateTime::parse_from_rfc3339(date)
        .map(|time| time.naive_utc())
        .or_else(|_| {
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map(|day| day.and_time(chrono::NaiveTime::MIN))
        })
        .ok()?;
    Some(time.format("%d %b %Y %H:%M:%S GMT").to_string())
}

/// Outlets, each a site of its own on loopback (so a host of its own): a home
/// page linking its feed, a summary-only feed with an ETag, its article pages
/// and a `robots.txt`. For tests and benchmarks that follow many sources.
pub struct Newsroom {
    pub sites: Vec<Site>,
    /// Each outlet's home page: the list of sources to follow.
    pub home_pages: Vec<String>,
    /// Every article page, as (address, HTML), in outlet order.
    pub pages: Vec<(String, String)>,
}

impl Newsroom {
    /// Starts one site per outlet (name, articles).
    pub fn start(outlets: Vec<(String, Vec<SiteArticle>)>) -> std::io::Result<Newsroom> {
        let mut newsroom = Newsroom {
            sites: Vec::new(),
            home_pages: Vec::new(),
            pages: Vec::new(),
        };
        for (name, articles) in outlets {
            let site = Site::start(HashMap::new())?;
            let base = site.url("");
            for article in &articles {
                let page = article_page(&base, &name, article);
                site.set(&article.path, Route::html(page.clone()));
                newsroom.pages.push((site.url(&article.path), page));
            }
            site.set(
                "/robots.txt",
                Route::body("text/plain", "User-agent: *\nDisallow: /private/\n"),
            );
            site.set(
                "/",
                Route::html(format!(
                    "<html><head><title>{name}</title><link rel=\"alternate\" \
                     type=\"application/rss+xml\" href=\"/feed.xml\"></head><body></body></html>",
                    name = escape(&name)
                )),
            );
            site.set(
                "/feed.xml",
                Route::body("application/rss+xml", summary_feed(&base, &name, &articles))
                    .with_etag("\"1\"")
                    .gzipped(),
            );
            newsroom.home_pages.push(site.url("/"));
            newsroom.sites.push(site);
        }
        Ok(newsroom)
    }

    /// Publishes articles: one site per outlet (`Unnamed` for articles without
    /// one), in outlet order, each article at `/news/{its index}`.
    pub fn publish(articles: &[storyline::model::Article]) -> std::io::Result<Newsroom> {
        let mut outlets: std::collections::BTreeMap<String, Vec<SiteArticle>> =
            std::collections::BTreeMap::new();
        for (index, article) in articles.iter().enumerate() {
            let outlet = article
                .outlet
                .clone()
                .unwrap_or_else(|| "Unnamed".to_string());
            outlets
                .entry(outlet)
                .or_default()
                .push(SiteArticle::from_article(
                    &format!("/news/{index}"),
                    article,
                ));
        }
        Newsroom::start(outlets.into_iter().collect())
    }

    /// Requests the sites received, all told.
    pub fn requests(&self) -> Vec<Request> {
        self.sites.iter().flat_map(|s| s.requests()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_dates_are_written_as_rss_writes_them() {
        assert_eq!(
            rfc2822("2024-03-05T09:00:00Z").as_deref(),
            Some("05 Mar 2024 09:00:00 GMT")
        );
        assert_eq!(
            rfc2822("2022-12-09").as_deref(),
            Some("09 Dec 2022 00:00:00 GMT")
        );
        assert_eq!(rfc2822(""), None);
    }
}
