//! `storyline watch` and `serve --watch` against news sites on loopback (issue
//! 18): the command as a user runs it, its status view, the server's
//! `/api/sources`, and, in the corpus suite, a real corpus's articles served as
//! pages and followed into the same stories a digest of those pages forms.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use storyline::model::{Format, GivenMeta, RawDoc};
use storyline::{Engine, Level};
use storyline_store::Store;
use storyline_watch::loopback::Newsroom;

use crate::common::{assert_succeeded, corpus, examples, scratch, spill, storyline};
use crate::server;

/// The articles read from `paths`, one site per outlet.
fn newsroom(paths: &[std::path::PathBuf]) -> (Newsroom, usize) {
    let (inputs, _) = storyline::ingest::expand(paths);
    let raws: Vec<_> = inputs
        .iter()
        .flat_map(|input| storyline::ingest::read(input).docs)
        .collect();
    let (articles, _) = Engine::default().extract(raws);
    (Newsroom::publish(&articles).unwrap(), articles.len())
}

/// `storyline watch --once` of `sources.txt` into `news.db` in `dir`, hosts not spaced.
fn watch_once(dir: &std::path::Path) -> std::process::Output {
    storyline(
        &[
            "watch",
            "--feeds",
            "sources.txt",
            "--db",
            "news.db",
            "--once",
            "--host-interval",
            "0",
        ],
        dir,
    )
}

#[test]
fn issue_18_watch_once_then_status_then_nothing_twice() {
    let (newsroom, count) = newsroom(&[examples(), spill()]);
    let dir = scratch("watch-cli");
    std::fs::write(
        dir.join("sources.txt"),
        newsroom.home_pages.join("\n") + "\nnot an address\n",
    )
    .unwrap();
    let out = watch_once(&dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("sources.txt:")
            && stderr.contains("`not an address` is not an http or https address"),
        "{stderr}"
    );
    assert!(
        stdout.contains(&format!("{count} new articles")),
        "{stdout}"
    );

    let again = watch_once(&dir);
    assert_succeeded(&again);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.contains(" 0 pages fetched, 0 new articles"),
        "{stdout}"
    );
    let pages = newsroom
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/news/"))
        .count();
    assert_eq!(pages, count, "each page fetched once");

    let status = storyline(
        &["watch", "--status", "--db", "news.db", "--format", "json"],
        &dir,
    );
    assert_succeeded(&status);
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let sources = json["sources"].as_array().unwrap();
    assert_eq!(sources.len(), newsroom.home_pages.len());
    let added: i64 = sources
        .iter()
        .map(|s| s["articles_added"].as_i64().unwrap())
        .sum();
    assert_eq!(added as usize, count);
    assert!(sources
        .iter()
        .all(|s| s["last_error"].is_null() && s["feed"].as_str().unwrap().ends_with("/feed.xml")));
    let text = storyline(&["watch", "--status", "--db", "news.db"], &dir);
    assert!(String::from_utf8_lossy(&text.stdout).contains("articles added:"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn issue_18_serve_watch_keeps_the_served_stories_current() {
    let (newsroom, count) = newsroom(&[examples()]);
    let dir = scratch("serve-watch");
    let list = dir.join("sources.txt");
    std::fs::write(&list, newsroom.home_pages.join("\n")).unwrap();
    let db = dir.join("news.db");
    let server = server::start_with(
        &db,
        &[
            "--watch",
            list.to_str().unwrap(),
            "--every",
            "1",
            "--host-interval",
            "0",
        ],
    );
    let started = Instant::now();
    let sources = loop {
        let (status, body) = server::request(server.port, "GET", "/api/sources", &[], b"");
        assert_eq!(status, 200, "{body}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        let sources = json["sources"].as_array().unwrap().clone();
        let added: i64 = sources
            .iter()
            .map(|s| s["articles_added"].as_i64().unwrap())
            .sum();
        if added as usize == count {
            break sources;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "{body}");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(sources.len(), newsroom.home_pages.len());
    let (status, body) = server::request(server.port, "GET", "/api/stories", &[], b"");
    assert_eq!(status, 200);
    let stories: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        stories["stories"][0]["articles"].as_i64(),
        Some(count as i64),
        "{body}"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_18_a_corpus_followed_from_its_outlets_sites_forms_the_stories_of_a_digest() {
    // Ground News: 110 articles on 5 stories from 84 outlets, each outlet a site.
    let (newsroom, _) = newsroom(&[corpus("groundnews-5stories").join("articles.jsonl")]);
    let dir = scratch("watch-corpus");
    std::fs::write(dir.join("sources.txt"), newsroom.home_pages.join("\n")).unwrap();
    let out = watch_once(&dir);
    assert_succeeded(&out);
    let requests = newsroom.requests();
    let mut per_path: HashMap<String, usize> = HashMap::new();
    for request in requests.iter().filter(|r| r.path.starts_with("/news/")) {
        *per_path.entry(request.path.clone()).or_default() += 1;
    }
    assert_eq!(per_path.len(), newsroom.pages.len(), "every page fetched");
    assert!(per_path.values().all(|&n| n == 1), "none twice");

    // The same pages as files would be read: one batch, its events.
    let store = Store::open(&dir.join("news.db")).unwrap();
    let mut stored: Vec<Vec<String>> = Vec::new();
    for row in store.stories(None, None).unwrap() {
        let mut urls: Vec<String> = store
            .story_article_ids(row.id)
            .unwrap()
            .into_iter()
            .map(|id| store.article(id).unwrap().unwrap().1.url.unwrap())
            .collect();
        urls.sort();
        stored.push(urls);
    }
    stored.sort();
    let raws: Vec<RawDoc> = newsroom
        .pages
        .iter()
        .map(|(url, html)| RawDoc {
            origin: url.clone(),
            format: Format::Html,
            content: html.clone(),
            given: GivenMeta {
                url: Some(url.clone()),
                ..GivenMeta::default()
            },
        })
        .collect();
    let engine = Engine::default();
    let (articles, _) = engine.extract(raws);
    assert_eq!(store.article_count().unwrap() as usize, articles.len());
    let mut batch: Vec<Vec<String>> = engine
        .stories(articles, Level::Event)
        .into_iter()
        .map(|story| {
            let mut urls: Vec<String> =
                story.articles.into_iter().map(|a| a.url.unwrap()).collect();
            urls.sort();
            urls
        })
        .collect();
    batch.sort();
    assert_eq!(stored, batch);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_18_real_pages_fetched_by_a_watch_are_extracted_as_the_same_files_are() {
    use std::io::Read;
    use storyline_watch::loopback::{Route, Site};

    // The 181 pages of the article-extraction benchmark, served (gzipped on the
    // wire) as one site's articles behind a summary-only feed without titles or
    // dates, so that the watch hands the extractor what a file read would.
    let dir = corpus("article-extraction-benchmark").join("html");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let site = Site::start(HashMap::new()).unwrap();
    let outlet = "Benchmark Daily";
    let mut items = String::new();
    let mut expected_docs = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(file).unwrap())
            .read_to_end(&mut html)
            .unwrap();
        let path = format!("/page/{index}");
        let url = site.url(&path);
        items.push_str(&format!(
            "<item><link>{url}</link><description>A page.</description></item>"
        ));
        let text = storyline::ingest::decode(&html).unwrap().text;
        expected_docs.push(RawDoc {
            origin: url.clone(),
            format: Format::Html,
            content: text,
            given: GivenMeta {
                url: Some(url),
                outlet: Some(outlet.to_string()),
                ..GivenMeta::default()
            },
        });
        site.set(&path, Route::body("text/html", html).gzipped());
    }
    site.set(
        "/feed.xml",
        Route::body(
            "application/rss+xml",
            format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{outlet}</title>{items}</channel></rss>"),
        ),
    );
    let work = scratch("watch-real-pages");
    std::fs::write(work.join("sources.txt"), site.url("/feed.xml")).unwrap();
    let out = watch_once(&work);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let (expected, skipped) = Engine::default().extract(expected_docs);
    let store = Store::open(&work.join("news.db")).unwrap();
    // By where each was fetched from (its URL is the canonical one its page names).
    let stored: HashMap<String, String> = (1..=store.last_article_id().unwrap())
        .filter_map(|id| store.article(id).unwrap())
        .map(|(_, a)| (a.origin, a.text))
        .collect();
    assert_eq!(stored.len(), expected.len(), "{stderr}");
    let differing: Vec<&str> = expected
        .iter()
        .filter(|a| stored.get(&a.origin) != Some(&a.text))
        .map(|a| a.origin.as_str())
        .collect();
    assert!(
        differing.is_empty(),
        "extracted otherwise through the watch: {differing:?}"
    );
    // Pages without an article are reported, as a file read reports them.
    assert_eq!(
        stderr.matches("no article text found").count(),
        skipped.iter().filter(|e| !e.is_warning()).count(),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&work);
}
