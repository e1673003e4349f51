//! Issue 7: main-text extraction on the ScrapingHub benchmark, scored with its own
//! metric. The issue's target (F1 ≥ 0.975) is the floor (measured 0.9767), so that a
//! change that loses ground fails.

use crate::common::{
    assert_succeeded, corpus, examples, printed_figure, scratch, spill, storyline, workspace_root,
};

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_7_extraction_holds_its_measured_f1_on_the_benchmark() {
    let bench = corpus("article-extraction-benchmark");
    let predictions =
        std::env::temp_dir().join(format!("storyline-extract-{}.json", std::process::id()));
    let out = storyline(
        &[
            "eval",
            "extract",
            "--benchmark",
            bench.to_str().unwrap(),
            "--predictions",
            predictions.to_str().unwrap(),
            "--runs",
            "1",
        ],
        &workspace_root(),
    );
    assert_succeeded(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let f1 = printed_figure(&stdout, "181 pages", "F1 ");
    assert!(f1 >= 0.975, "F1 {f1} on the extraction benchmark");
    assert!(stdout.contains("empty 0"), "{stdout}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&predictions).unwrap()).unwrap();
    assert_eq!(written.as_object().unwrap().len(), 181);
}

const ARTICLE_PAGE: &str = "<html><head><title>Dam opens on time</title></head><body><article><h1>Dam opens on time</h1><p>The new dam on the Arle river opened on Tuesday, two years after work began, and the water authority said it came in on budget.</p><p>Engineers said the reservoir would take three months to fill and would then supply forty thousand homes in the valley.</p></article></body></html>";

/// Each kind of bad input gets a message naming it; the good inputs still make the
/// briefing, and nothing panics.
#[test]
fn issue_7_bad_inputs_are_named_and_the_batch_goes_on() {
    use std::io::Write;
    let dir = scratch("bad");
    std::fs::write(dir.join("good.html"), ARTICLE_PAGE).unwrap();
    // A gzip stream cut in the middle.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(ARTICLE_PAGE.repeat(50).as_bytes())
        .unwrap();
    let gz = encoder.finish().unwrap();
    std::fs::write(dir.join("truncated.html.gz"), &gz[..gz.len() / 2]).unwrap();
    std::fs::write(
        dir.join("binary.html"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
    )
    .unwrap();
    std::fs::write(dir.join("empty.html"), "<html><body></body></html>").unwrap();
    let mut huge = String::from("<html><body><article>");
    while huge.len() < 50 * 1024 * 1024 {
        huge.push_str("<p>Filler paragraph of a page far larger than any real news article.</p>");
    }
    std::fs::write(dir.join("huge.html"), huge).unwrap();
    std::fs::write(dir.join("latin.txt"), b"Caf\xe9 reopens\n\nThe caf\xe9 on the square reopened on Monday after a fire, its owner said.\n").unwrap();
    std::fs::write(
        dir.join("broken.rss"),
        "<?xml version=\"1.0\"?><rss><channel><item><title>Unclosed",
    )
    .unwrap();

    let out = storyline(&["digest", ".", "--format", "json"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    for (file, says) in [
        ("truncated.html.gz", "malformed gzip"),
        ("binary.html", "not text"),
        ("empty.html", "no article text"),
        ("huge.html", "larger than 16 MiB"),
        ("broken.rss", "malformed feed"),
    ] {
        assert!(
            stderr.lines().any(|l| l.contains(file) && l.contains(says)),
            "{file}: {says:?} not in\n{stderr}"
        );
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let texts = serde_json::to_string(&json).unwrap();
    assert!(texts.contains("Arle river"), "the good page is briefed");
    assert!(
        texts.contains("The café on the square reopened"),
        "invalid UTF-8 is decoded, not dropped"
    );
}

#[test]
fn issue_7_feeds_and_web_archives_are_read() {
    let dir = scratch("feeds");
    std::fs::write(
        dir.join("valley.rss"),
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>
        <item><title>Dam opens</title><link>https://valley.example/dam</link><pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate>
        <description>The new dam on the Arle river opened on Tuesday, two years after work began, the water authority said.</description></item>
        </channel></rss>"#,
    )
    .unwrap();
    let page = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{ARTICLE_PAGE}");
    let record = |kind: &str, body: &str| {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2024-03-05T10:00:00Z\r\nWARC-Target-URI: https://harbour.example/dam\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
            body.len()
        )
    };
    std::fs::write(
        dir.join("crawl.warc"),
        record("warcinfo", "software: test") + &record("response", &page),
    )
    .unwrap();
    let out = storyline(&["digest", ".", "--format", "json"], &dir);
    assert_succeeded(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources: Vec<&serde_json::Value> = json["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["sources"].as_array().unwrap())
        .collect();
    assert_eq!(sources.len(), 2, "{json:#}");
    let feed = sources
        .iter()
        .find(|s| s["outlet"] == "Valley Post")
        .expect("the feed item");
    assert_eq!(feed["partial"], true);
    assert_eq!(feed["date"], "2024-03-05");
    let archived = sources
        .iter()
        .find(|s| s["url"] == "https://harbour.example/dam")
        .expect("the WARC page");
    assert_eq!(archived["date"], "2024-03-05");
}

/// Issue 20: reading, extraction and analysis run on every core, and the output
/// does not depend on how many: the same digest and story listing with one
/// thread as with four.
#[test]
fn issue_20_output_is_the_same_whatever_the_thread_count() {
    let inputs = [examples(), spill()];
    let inputs: Vec<&str> = inputs.iter().map(|p| p.to_str().unwrap()).collect();
    for command in [
        ["digest", "--format", "json"],
        ["cluster", "--format", "json"],
    ] {
        let outputs: Vec<Vec<u8>> = ["1", "4"]
            .iter()
            .map(|threads| {
                let mut args = vec!["--threads", threads];
                args.extend(command);
                args.extend(&inputs);
                let out = storyline(&args, &workspace_root());
                assert_succeeded(&out);
                out.stdout
            })
            .collect();
        assert!(!outputs[0].is_empty());
        assert!(
            outputs[0] == outputs[1],
            "{command:?} differs with 4 threads"
        );
    }
}

/// Issue 20: `eval extract` times several passes and says so, and on two threads
/// pairs each pass with one on a single thread for the speed-up; every pass
/// extracts the same text, so the score is the same whatever the passes.
#[test]
fn issue_20_extraction_speed_is_the_median_of_passes_and_the_speed_up_is_paired() {
    let dir = scratch("extract-bench");
    std::fs::create_dir_all(dir.join("html")).unwrap();
    let mut truth = serde_json::Map::new();
    for id in ["dam", "bridge"] {
        let page = ARTICLE_PAGE.replace("Arle", &format!("Arle {id}"));
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut encoder, page.as_bytes()).unwrap();
        std::fs::write(
            dir.join("html").join(format!("{id}.html.gz")),
            encoder.finish().unwrap(),
        )
        .unwrap();
        truth.insert(
            id.to_string(),
            serde_json::json!({ "articleBody": format!("The new dam on the Arle {id} river opened on Tuesday.") }),
        );
    }
    std::fs::write(
        dir.join("ground-truth.json"),
        serde_json::Value::Object(truth).to_string(),
    )
    .unwrap();
    let run = |threads: &str, runs: &str| {
        let out = storyline(
            &[
                "--threads",
                threads,
                "eval",
                "extract",
                "--benchmark",
                dir.to_str().unwrap(),
                "--runs",
                runs,
            ],
            &workspace_root(),
        );
        assert_succeeded(&out);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let single = run("1", "1");
    let paired = run("2", "3");
    assert!(single.contains("ms/page; one pass)"), "{single}");
    assert!(!single.contains("the speed of one thread"), "{single}");
    assert!(paired.contains("median of 3 passes"), "{paired}");
    assert!(
        paired.contains(
            "the speed of one thread (median of 3 pairs of passes on one thread and on 2, in alternating order"
        ),
        "{paired}"
    );
    let score = |out: &str| out.lines().next().unwrap().to_string();
    assert!(score(&single).starts_with("2 pages: F1 "), "{single}");
    assert_eq!(score(&single), score(&paired));
}

/// Issue 20: the three extraction sets no rule was written on hold their measured
/// F1 (0.943, 0.827, 0.940; docs/benchmarks.md), and WCXB's pages keep their
/// publication dates (327 of 400 right) rather than their last modification.
#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_20_extraction_holds_on_sets_it_was_not_tuned_on() {
    for (bench, pages, floor) in [
        ("wcxb-articles-dev", "400 pages", 0.940),
        ("daniel-news-sample", "500 pages", 0.824),
        ("readability-test-pages", "93 pages", 0.937),
    ] {
        let dir = corpus(bench);
        let out = storyline(
            &[
                "eval",
                "extract",
                "--benchmark",
                dir.to_str().unwrap(),
                "--runs",
                "1",
            ],
            &workspace_root(),
        );
        assert_succeeded(&out);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let f1 = printed_figure(&stdout, pages, "F1 ");
        assert!(f1 >= floor, "{bench}: F1 {f1} under {floor}");
        if bench == "wcxb-articles-dev" {
            let dates = printed_figure(&stdout, "metadata:", "date right on ");
            assert!(dates >= 320.0, "{stdout}");
        }
    }
}
