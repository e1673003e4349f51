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

fn site_article(path: &str, article: &Article) -> SiteArticle {
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
    // ETag, gzipped); articles under /news/, one behind a redirect, one slow,
    // one failing once, one always failing, one forbidden by robots.txt, and an
    // AMP copy naming an article already linked as its canonical address.
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
        let article = site_article(path, &articles[index]);
        let page = Route::html(article_page(&base, "Harbour Times", &article));
        let route = match path {
            "/slow/a6" => Route::Slow(Duration::from_millis(200), Box::new(page)),
            "/flaky/a7" => Route::Flaky {
                failures: 1,
                then: Box::new(page),
            },
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
    harbour.set(
        "/robots.txt",
        Route::Body {
            body: "User-agent: *\nDisallow: /private/\n".to_string(),
            content_type: "text/plain".to_string(),
            etag: None,
            gzip: false,
        },
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
        Route::Body {
            body: summary_feed(&base, "Harbour Times", &items),
            content_type: "application/rss+xml".to_string(),
            etag: Some("\"v1\"".to_string()),
            gzip: true,
        },
    );

    // The Wire: listed by its feed; full text in the feed, no robots.txt, and
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
    let wire_feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>The Wire</title>{}{}<item><title>Relinked</title><link>{base}/news/a1?fbclid=abc</link><description>Short.</description></item></channel></rss>",
        full_item("/w/a4", &articles[4]),
        full_item("/w/a8", &articles[8]),
    );
    wire.set(
        "/rss",
        Route::Body {
            body: wire_feed,
            content_type: "application/rss+xml; charset=utf-8".to_string(),
            etag: None,
            gzip: false,
        },
    );

    let list = format!(
        "# sources\n{}\n{}\n{}\nhttp://127.0.0.1:9/feed.xml\n",
        harbour.url("/"),
        wire.url("/rss"),
        wire.url("/missing.xml"),
    );
    let (sources, errors) = read_list("sources.txt", &list);
    assert!(errors.is_empty(), "{errors:?}");
    let options = WatchOptions {
        host_interval: Duration::from_millis(40),
        retry_backoff: Duration::from_millis(20),
        timeout: Duration::from_secs(5),
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
    assert!(harbour.requests().iter().all(|r| r
        .user_agent
        .as_deref()
        .is_some_and(|a| a.starts_with("Storyline/"))));
    // One request at a time to a host, spaced (arrival times, so with slack).
    let times: Vec<Duration> = harbour.requests().iter().map(|r| r.at).collect();
    for pair in times.windows(2) {
        assert!(pair[1] >= pair[0] + options.host_interval / 2, "{times:?}");
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
    assert_eq!((home.items_seen, home.articles_added), (10, 7));
    assert_eq!(home.etag.as_deref(), Some("\"v1\""));
    assert!(
        home.last_error
            .as_deref()
            .is_some_and(|e| e.contains("/broken")),
        "{home:?}"
    );
    assert_eq!(status[&wire.url("/rss")].articles_added, 2);
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
    assert!(outcomes
        .keys()
        .any(|o| o.starts_with("refused") && o.contains("robots.txt")));

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
    assert_eq!((second.added, second.pages), (0, 1), "{second:#?}");
    assert!(harbour
        .requests()
        .iter()
        .all(|r| r.path == "/feed.xml" || r.path == "/broken"));

    // A restart resumes from the store: nothing fetched again, and the failing
    // page given up after its attempts.
    drop(watcher);
    drop(store);
    let mut store = Store::open(&db).unwrap();
    let watcher = Watcher::new(sources, options.clone());
    harbour.clear_log();
    let third = watcher.poll(&mut store).unwrap();
    assert_eq!((third.added, third.pages), (0, 1));
    assert_eq!(count(&harbour, "/broken"), 1 + options.retries as usize);
    assert!(harbour
        .requests()
        .iter()
        .all(|r| ["/feed.xml", "/broken", "/robots.txt"].contains(&r.path.as_str())));

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
