//! Watching a news site served on loopback, as it would run online: what was
//! fetched, what was skipped and why, that nothing was fetched twice, that a
//! restart resumes, and that the stories are those a digest of the same
//! articles forms. The articles are the project's own examples and fixtures.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use storyline::model::Article;
use storyline::{Engine, Level};
use storyline_store::Store;
use storyline_watch::loopback::{article_page, summary_feed, Route, Site, SiteArticle};
use storyline_watch::{read_list, WatchOptions, Watcher};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The project's example articles and the spill fixtures, as the engine reads them.
fn project_articles() -> Vec<Article> {
    let paths = [
        repo().join("examples"),
        repo().join("crates/storyline-cli/tests/fixtures/spill"),
    ];
    let (inputs, errors) = storyline::ingest::expand(&paths);
    assert!(errors.is_empty(), "{errors:?}");
    let raws: Vec<_> = inputs
        .iter()
        .flat_map(|input| storyline::ingest::read(input).docs)
        .collect();
    let (articles, _) = Engine::default().extract(raws);
    assert!(articles.len() >= 9, "{} articles", articles.len());
    articles.into_iter().take(9).collect()
}

fn temp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("storyline-watch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("news.db")
}

/// Each story as the set of its articles' titles.
fn partition(groups: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = groups
        .into_iter()
        .map(|mut g| {
            g.sort();
            g
        })
        .collect();
    groups.sort();
    groups
}

fn count(site: &Site, path: &str) -> usize {
    site.requests().iter().filter(|r| r.path == path).count()
}

#[test]
fn a_loopback_news_site_is_followed_politely_once_and_resumed() {
    let articles = project_articles();
    let harbour = Site::start(HashMap::new()).unwrap();
    let wire = Site::start(HashMap::new()).unwrap();
    let base = harbour.url("");

    // Harbour Times: listed by its home page; a summary-only feed (with an
    // ETag, gzipped); articles under /news/ (one in Windows-1252, as the
    // header says and the page's own <meta> does not), one behind a redirect,
    // one slow, one failing once; pages that always fail (a 500, a stall past
    // the timeout, a redirect loop), pages refused (by robots.txt, too large,
    // not text), and an AMP copy naming an article already linked as its
    // canonical address.
    let mut published = Vec::new();
    for (index, path) in [
        (0, "/news/a0"),
        (1, "/news/a1"),
        (2, "/news/a2"),
        (3, "/news/a3"),
        (5, "/news/a5"),
        (6, "/slow/a6"),
        (7, "/flaky/a7"),
    ] {
        let article = SiteArticle::from_article(path, &articles[index]);
        let page = Route::html(article_page(&base, "Harbour Times", &article));
        let route = match path {
            "/slow/a6" => Route::Slow(Duration::from_millis(200), Box::new(page)),
            "/flaky/a7" => Route::Flaky {
                failures: 1,
                then: Box::new(page),
            },
            "/news/a1" => {
                let html = article_page(&base, "Harbour Times", &article);
                let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&html);
                assert!(
                    !unmappable && bytes.len() < html.len(),
                    "a page with curly quotes"
                );
                Route::body("text/html; charset=windows-1252", bytes.into_owned())
            }
            _ => page,
        };
        harbour.set(path, route);
        published.push(article);
    }
    let listed = |path: &str, title: &str| SiteArticle {
        path: path.to_string(),
        title: title.to_string(),
        text: format!("{title}."),
        date: String::new(),
    };
    let mut items = published.clone();
    items[4].path = "/old/a5".to_string();
    harbour.set("/old/a5", Route::Redirect(301, "/news/a5".to_string()));
    items.push(listed("/private/memo", "Internal memo"));
    items.push(listed("/broken", "A page that always fails"));
    items.push(listed("/amp/a0", &published[0].title));
    let amp = article_page(&base, "Harbour Times", &published[0]).replace("<nav>", "<nav>AMP ");
    harbour.set("/amp/a0", Route::html(amp));
    harbour.set("/broken", Route::Status(500));
    items.push(listed("/stalled", "A page that answers too late"));
    harbour.set(
        "/stalled",
        Route::Slow(Duration::from_millis(1500), Box::new(Route::html("late"))),
    );
    items.push(listed("/loop", "A page that redirects to itself"));
    harbour.set("/loop", Route::Redirect(302, "/loop".to_string()));
    items.push(listed("/huge", "A page over the size limit"));
    harbour.set("/huge", Route::html("<p>words </p>".repeat(200_000)));
    items.push(listed("/report.pdf", "A PDF"));
    harbour.set("/report.pdf", Route::body("application/pdf", "%PDF-1.4"));
    harbour.set(
        "/robots.txt",
        Route::body("text/plain", "User-agent: *\nDisallow: /private/\n"),
    );
    harbour.set(
        "/",
        Route::html(
            "<html><head><title>Harbour Times</title>\
             <link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\"></head>\
             <body><h1>Harbour Times</h1></body></html>",
        ),
    );
    harbour.set(
        "/feed.xml",
        Route::body(
            "application/rss+xml",
            summary_feed(&base, "Harbour Times", &items),
        )
        .with_etag("\"v1\"")
        .gzipped(),
    );

    // The Wire: listed by its feed; full text in the feed, a Crawl-delay, and
    // an item re-linking a Harbour Times article with a click identifier.
    let wire_base = wire.url("");
    let full_item = |path: &str, article: &Article| {
        format!(
            "<item><title>{}</title><link>{wire_base}{path}</link><content:encoded><![CDATA[{}]]></content:encoded></item>",
            article.title,
            article
                .text
                .split("\n\n")
                .map(|p| format!("<p>{p}</p>"))
                .collect::<String>()
        )
    };
    // Coast Review: no feed; its robots.txt names a sitemap index, whose
    // newest sitemap lists its article with a News title and date.
    let coast = Site::start(HashMap::new()).unwrap();
    let coast_article = SiteArticle::from_article("/2024/a8", &articles[8]);
    coast.set(
        "/2024/a8",
        Route::html(article_page(&coast.url(""), "Coast Review", &coast_article)),
    );
    coast.set(
        "/",
        Route::html("<html><head><title>Coast Review</title></head><body></body></html>"),
    );
    coast.set(
        "/robots.txt",
        Route::body(
            "text/plain",
            "User-agent: *\nAllow: /\nSitemap: /sitemap_index.xml\n",
        ),
    );
    coast.set(
        "/sitemap_index.xml",
        Route::body(
            "application/xml",
            "<?xml version=\"1.0\"?><sitemapindex><sitemap><loc>/sitemaps/news.xml</loc><lastmod>2025-03-04</lastmod></sitemap></sitemapindex>",
        ),
    );
    coast.set(
        "/sitemaps/news.xml",
        Route::body(
            "application/xml",
            format!(
                "<?xml version=\"1.0\"?><urlset xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>{}/2024/a8</loc><news:news><news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url></urlset>",
                coast.url(""),
                coast_article.date,
                coast_article.title.replace('&', "&amp;").replace('<', "&lt;")
            ),
        ),
    );

    let wire_feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>The Wire</title>{}<item><title>Relinked</title><link>{base}/news/a1?fbclid=abc</link><description>Short.</description></item></channel></rss>",
        full_item("/w/a4", &articles[4]),
    );
    wire.set(
        "/rss",
        Route::body("application/rss+xml; charset=utf-8", wire_feed),
    );
    let crawl_delay = Duration::from_millis(300);
    wire.set(
        "/robots.txt",
        Route::body("text/plain", "User-agent: *\nCrawl-delay: 0.3\n"),
    );

    let list = format!(
        "# sources\n{}\n{}\n{}\nhttp://127.0.0.1:9/feed.xml\n{}\n",
        harbour.url("/"),
        wire.url("/rss"),
        wire.url("/missing.xml"),
        coast.url("/"),
    );
    let (sources, errors) = read_list("sources.txt", &list);
    assert!(errors.is_empty(), "{errors:?}");
    let options = WatchOptions {
        host_interval: Duration::from_millis(40),
        retry_backoff: Duration::from_millis(20),
        timeout: Duration::from_millis(600),
        max_body_bytes: 1024 * 1024,
        ..WatchOptions::default()
    };
    let db = temp_db("site");
    let mut store = Store::open(&db).unwrap();
    let watcher = Watcher::new(sources.clone(), options.clone());

    let first = watcher.poll(&mut store).unwrap();
    assert_eq!(first.added, 9, "{first:#?}");
    assert_eq!(store.article_count().unwrap(), 9);
    assert_eq!(first.failed_sources, 2, "{first:#?}");
    for path in [
        "/news/a0",
        "/news/a1",
        "/news/a2",
        "/news/a3",
        "/news/a5",
        "/slow/a6",
        "/amp/a0",
        "/robots.txt",
        "/",
    ] {
        assert_eq!(
            count(&harbour, path),
            1,
            "{path}: {:#?}",
            harbour.requests()
        );
    }
    assert_eq!(count(&harbour, "/private/memo"), 0);
    assert_eq!(count(&harbour, "/flaky/a7"), 2, "one failure, one retry");
    assert_eq!(count(&harbour, "/broken"), 1 + options.retries as usize);
    assert_eq!(count(&harbour, "/stalled"), 1 + options.retries as usize);
    assert_eq!(count(&harbour, "/loop"), 1 + options.max_redirects as usize);
    assert!(harbour.requests().iter().all(|r| r
        .user_agent
        .as_deref()
        .is_some_and(|a| a.starts_with("Storyline/"))));
    // One request at a time to a host, spaced (arrival times, so with slack).
    let times: Vec<Duration> = harbour.requests().iter().map(|r| r.at).collect();
    for pair in times.windows(2) {
        assert!(pair[1] >= pair[0] + options.host_interval / 2, "{times:?}");
    }
    let times: Vec<Duration> = wire.requests().iter().map(|r| r.at).collect();
    assert_eq!(times.len(), 3, "robots.txt and two feeds");
    for pair in times.windows(2) {
        assert!(pair[1] >= pair[0] + crawl_delay / 2, "{times:?}");
    }

    let status: BTreeMap<String, _> = store
        .sources()
        .unwrap()
        .into_iter()
        .map(|s| (s.url.clone(), s))
        .collect();
    let home = &status[&harbour.url("/")];
    assert_eq!(
        home.feed.as_deref(),
        Some(harbour.url("/feed.xml").as_str())
    );
    assert_eq!((home.items_seen, home.articles_added), (14, 7));
    assert_eq!(home.etag.as_deref(), Some("\"v1\""));
    assert!(
        home.last_error
            .as_deref()
            .is_some_and(|e| e.contains("/broken")),
        "{home:?}"
    );
    assert_eq!(status[&wire.url("/rss")].articles_added, 1);
    let coast_status = &status[&coast.url("/")];
    assert_eq!(coast_status.articles_added, 1, "{coast_status:?}");
    assert_eq!(
        coast_status.feed.as_deref(),
        Some(coast.url("/sitemap_index.xml").as_str())
    );
    let refused = &status["http://127.0.0.1:9/feed.xml"];
    assert!(refused.last_success.is_none() && refused.last_error.is_some());
    assert!(status[&wire.url("/missing.xml")]
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("404")));
    let outcomes: HashMap<String, i64> = store.fetch_counts().unwrap().into_iter().collect();
    assert_eq!(outcomes["already stored"], 1, "the AMP copy: {outcomes:?}");
    assert_eq!(
        first.known, 2,
        "the re-linked item and the AMP copy: {first:#?}"
    );
    let has = |start: &str, part: &str| {
        outcomes
            .keys()
            .any(|o| o.starts_with(start) && o.contains(part))
    };
    assert!(has("refused", "robots.txt"), "{outcomes:?}");
    assert!(has("refused", "larger than 1 MiB"), "{outcomes:?}");
    assert!(has("refused", "not text (application/pdf)"), "{outcomes:?}");
    assert!(has("failed", "more than 5 redirects"), "{outcomes:?}");
    assert!(has("failed", "HTTP 500"), "{outcomes:?}");
    assert!(
        has("failed", "timeout") || has("failed", "imeout"),
        "{outcomes:?}"
    );
    // Decoded as the server said, whatever the page's <meta> claims.
    let quoted = (1..=9)
        .filter_map(|id| store.article(id).unwrap())
        .find(|(_, a)| a.url.as_deref() == Some(harbour.url("/news/a1").as_str()))
        .unwrap()
        .1;
    assert_eq!(quoted.text, articles[1].text);

    // The stories are those a digest of the same articles forms.
    let stored: Vec<Vec<String>> = store
        .stories(None, None)
        .unwrap()
        .iter()
        .map(|row| {
            store
                .story_article_ids(row.id)
                .unwrap()
                .into_iter()
                .map(|id| store.article(id).unwrap().unwrap().1.title)
                .collect()
        })
        .collect();
    let batch: Vec<Vec<String>> = Engine::default()
        .stories(articles.clone(), Level::Event)
        .into_iter()
        .map(|s| s.articles.into_iter().map(|a| a.title).collect())
        .collect();
    assert_eq!(partition(stored), partition(batch));

    // Nothing new: no page again but the failing one, which is tried again on
    // later polls (the feed read in full for its item meanwhile).
    harbour.clear_log();
    let second = watcher.poll(&mut store).unwrap();
    assert_eq!((second.added, second.pages), (0, 3), "{second:#?}");
    let failing = ["/feed.xml", "/broken", "/stalled", "/loop", "/robots.txt"];
    assert!(harbour
        .requests()
        .iter()
        .all(|r| failing.contains(&r.path.as_str())));

    // A restart resumes from the store: nothing fetched again, and the failing
    // page given up after its attempts.
    drop(watcher);
    drop(store);
    let mut store = Store::open(&db).unwrap();
    let watcher = Watcher::new(sources, options.clone());
    harbour.clear_log();
    let third = watcher.poll(&mut store).unwrap();
    assert_eq!((third.added, third.pages), (0, 3));
    assert_eq!(count(&harbour, "/broken"), 1 + options.retries as usize);
    assert!(harbour
        .requests()
        .iter()
        .all(|r| failing.contains(&r.path.as_str())));

    // Then the feed's validator answers: a 304, and nothing else is asked.
    harbour.clear_log();
    let fourth = watcher.poll(&mut store).unwrap();
    assert_eq!(
        (fourth.added, fourth.pages, fourth.unchanged),
        (0, 0, 1),
        "{fourth:#?}"
    );
    let requests = harbour.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    assert_eq!(
        (requests[0].path.as_str(), requests[0].status),
        ("/feed.xml", 304)
    );
    assert_eq!(requests[0].if_none_match.as_deref(), Some("\"v1\""));
    assert_eq!(store.article_count().unwrap(), 9);
    let _ = std::fs::remove_dir_all(db.parent().unwrap());
}
