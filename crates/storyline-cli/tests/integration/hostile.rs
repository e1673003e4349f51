//! Issue 17: inputs that crashed, hung or flooded Storyline, rebuilt here by the
//! project (so the tests need nothing beside the repository), run through the
//! `storyline` binary as a user would. Each must finish, be kept or refused with a
//! warning naming the input and the limit, and never lose the rest of the batch.
//! How long each takes and how much memory it uses is measured by
//! `scripts/hostile-report` (docs/reliability.md), not asserted here: a test only
//! stops a run that hangs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::scratch;

/// A prose article the project wrote, long enough to be an article.
pub const ARTICLE: &str = "The Calder river burst its banks on Tuesday night, flooding \
forty homes in the lower town, the county council said on Wednesday. Engineers will \
inspect the old stone bridge on Saturday before deciding whether to reopen it. Mayor \
Ines Varga said the repairs could cost 2.1 million euros and take six weeks. Residents \
were told to boil their water until further notice.";

/// Runs `storyline ARGS` in `dir`, killing it if it runs past a minute (a hang).
/// Its output is read as it comes, so that a full pipe never stalls it.
pub fn run_bounded(args: &[&str], dir: &Path) -> Output {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("storyline runs");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("storyline {args:?} hung (killed after 60 s)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout read"),
        stderr: stderr.join().expect("stderr read"),
    }
}

/// Digests `file` (in `dir`) and returns exit status, stdout and stderr, after
/// checking that the process did not panic or abort.
fn digest(dir: &Path, file: &str) -> (i32, String, String) {
    let out = run_bounded(&["digest", file, "--format", "json"], dir);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("{file}: killed by a signal\n{stderr}"));
    assert!(
        code != 101 && !stderr.contains("panicked"),
        "{file}: panicked\n{stderr}"
    );
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn warc_record(kind: &str, uri: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut record = b"WARC/1.0\r\nWARC-Type: ".to_vec();
    record.extend_from_slice(kind.as_bytes());
    record.extend_from_slice(b"\r\nWARC-Date: 2024-03-05T09:00:00Z\r\nWARC-Target-URI: ");
    record.extend_from_slice(uri);
    record.extend_from_slice(format!("\r\nContent-Length: {}\r\n\r\n", payload.len()).as_bytes());
    record.extend_from_slice(payload);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn html_page(body: &str) -> String {
    format!("<html><head><title>Calder floods</title></head><body><article><p>{ARTICLE}</p>{body}</article></body></html>")
}

#[test]
fn issue_17_deep_nesting_and_attribute_floods_are_trimmed_with_a_warning() {
    let dir = scratch("hostile-markup");
    let depth = 100_000;
    write(
        &dir,
        "nested.html",
        html_page(&format!(
            "{}deep{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )),
    );
    let attributes: Vec<String> = (0..100_000).map(|i| format!("a{i}=1")).collect();
    write(
        &dir,
        "attributes.html",
        html_page(&format!("<div {}>x</div>", attributes.join(" "))),
    );
    for (file, limit) in [
        ("nested.html", "400 levels"),
        ("attributes.html", "past 256"),
    ] {
        let (code, stdout, stderr) = digest(&dir, file);
        assert_eq!(code, 3, "{file}: {stderr}");
        assert!(
            stderr.contains(file) && stderr.contains(limit),
            "{file}: {stderr}"
        );
        assert!(
            stdout.contains("Calder river"),
            "{file}: the article is kept"
        );
    }
}

#[test]
fn issue_17_dates_at_the_calendars_limits_are_warnings_not_panics() {
    let dir = scratch("hostile-dates");
    let records: Vec<String> = [
        "+262142-12-31 00:00:00",
        "-262143-01-01 00:00:00",
        "9999-12-31",
        "not a date",
    ]
    .iter()
    .map(|date| {
        serde_json::json!({"title": "Calder floods", "text": ARTICLE, "date": date}).to_string()
    })
    .collect();
    write(&dir, "dates.jsonl", records.join("\n"));
    write(
        &dir,
        "number.json",
        serde_json::json!({"title": 5, "text": ARTICLE}).to_string(),
    );
    for (file, expected) in [
        ("dates.jsonl", "field \"date\""),
        (
            "number.json",
            "field \"title\": expected text, found a number",
        ),
    ] {
        let (code, stdout, stderr) = digest(&dir, file);
        assert_eq!(code, 3, "{stderr}");
        assert!(stderr.contains(expected), "{file}: {stderr}");
        assert!(stdout.contains("Calder river"), "{file}: kept");
    }
}

#[test]
fn issue_17_a_line_of_megabytes_is_cut_into_paragraphs() {
    let dir = scratch("hostile-line");
    let line = vec![ARTICLE; 4_000_000 / ARTICLE.len()].join(" ");
    write(&dir, "line.txt", line);
    let (code, stdout, stderr) = digest(&dir, "line.txt");
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("line.txt") && stderr.contains("KiB"),
        "{stderr}"
    );
    assert!(stdout.contains("Calder river"));
}

#[test]
fn issue_17_web_archives_are_read_past_bad_records_and_bombs() {
    let dir = scratch("hostile-warc");
    let page = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{}",
        html_page("")
    );
    // A gzip payload that inflates to 64 MiB of spaces (the HTML limit is 16 MiB).
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..64 {
        encoder.write_all(&spaces).unwrap();
    }
    let mut bomb =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    bomb.extend(encoder.finish().unwrap());
    let mut warc = Vec::new();
    warc.extend(warc_record(
        "response",
        b"https://calder.example/\xff\xfe",
        page.as_bytes(),
    ));
    warc.extend(warc_record(
        "response",
        b"https://calder.example/bomb",
        &bomb,
    ));
    warc.extend(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nnoise\r\n\r\n");
    warc.extend(warc_record(
        "response",
        b"https://calder.example/after",
        page.replace("Calder river", "Calder stream").as_bytes(),
    ));
    write(&dir, "crawl.warc", warc);
    write(&dir, "notes.warc", "Just some notes, not an archive.\n");
    let (code, stdout, stderr) = digest(&dir, "crawl.warc");
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("crawl.warc#2") && stderr.contains("MiB limit"),
        "the bomb is named: {stderr}"
    );
    assert!(
        stderr.contains("crawl.warc record 3") && stderr.contains("Content-Length"),
        "{stderr}"
    );
    assert!(
        stdout.contains("Calder river") && stdout.contains("Calder stream"),
        "records before and after are read"
    );
    assert!(
        stdout.contains("https://calder.example/\u{fffd}"),
        "a bad URI byte is read lossily"
    );
    let (code, _, stderr) = digest(&dir, "notes.warc");
    assert_eq!(code, 1);
    assert!(
        stderr.contains("notes.warc") && stderr.contains("not a web archive"),
        "{stderr}"
    );
}

#[test]
fn issue_17_a_story_of_thousands_of_copies_is_briefed_from_a_bounded_set() {
    let dir = scratch("hostile-copies");
    let lines: Vec<String> = (0..5000)
        .map(|i| {
            serde_json::json!({"title": "Calder floods", "text": ARTICLE, "outlet": format!("Outlet {i}"),
                "url": format!("https://outlet{i}.example/flood")})
            .to_string()
        })
        .collect();
    write(&dir, "copies.jsonl", lines.join("\n"));
    let (code, stdout, stderr) = digest(&dir, "copies.jsonl");
    assert_eq!(code, 0, "{stderr}");
    let briefing: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let story = &briefing["stories"][0];
    assert_eq!(story["article_count"], 5000);
    assert_eq!(
        story["omitted_articles"],
        5000 - storyline::limits::MAX_BRIEFED_ARTICLES
    );
}

#[test]
fn issue_17_unsafe_urls_are_never_links() {
    let dir = scratch("hostile-xss");
    let urls = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
    ];
    let records: Vec<String> = urls
        .iter()
        .enumerate()
        .map(|(i, url)| serde_json::json!({"title": "Calder floods", "text": ARTICLE, "url": url, "outlet": format!("O{i}")}).to_string())
        .collect();
    write(&dir, "xss.jsonl", records.join("\n"));
    let out = run_bounded(&["digest", "xss.jsonl", "--format", "html"], &dir);
    let html = String::from_utf8_lossy(&out.stdout).to_ascii_lowercase();
    assert!(html.contains("src-url"), "unsafe URLs are shown as text");
    for scheme in ["javascript", "vbscript", "data", "java\tscript"] {
        assert!(
            !html.contains(&format!("href=\"{scheme}")),
            "{scheme} became a link"
        );
    }
    let out = run_bounded(&["digest", "xss.jsonl"], &dir);
    let markdown = String::from_utf8_lossy(&out.stdout);
    assert!(!markdown.contains("<javascript:"), "{markdown}");
}

#[cfg(unix)]
#[test]
fn issue_17_folder_walks_end_and_read_each_file_once() {
    let dir = scratch("hostile-walk");
    std::fs::create_dir_all(dir.join("d/sub")).unwrap();
    write(&dir, "d/flood.txt", format!("Calder floods\n\n{ARTICLE}"));
    std::os::unix::fs::symlink("..", dir.join("d/sub/up")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("d/self1")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("d/self2")).unwrap();
    let fifo = dir.join("d/pipe.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let out = run_bounded(&["cluster", "d", "--format", "json"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let listing: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let articles: usize = listing["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["articles"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(articles, 1, "one file, read once: {listing:#}");
    assert!(
        stderr.contains("up: a link to a folder already read"),
        "{stderr}"
    );
    if made {
        assert!(stderr.contains("pipe.txt: a FIFO"), "{stderr}");
    }
}

#[test]
fn issue_17_a_file_with_a_few_legacy_lines_is_decoded_line_by_line() {
    let dir = scratch("hostile-encoding");
    let mut bytes =
        format!("Calder floods\n\nThe café owner said the “flood” cost her a week. {ARTICLE}\n")
            .into_bytes();
    bytes.extend_from_slice(b"\nLe caf\xe9 \x93fran\xe7ais\x94 est ferm\xe9 depuis mardi apr\xe8s la crue de la rivi\xe8re.\n");
    write(&dir, "mixed.txt", bytes);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in format!("Calder floods\n\n{ARTICLE}").encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    write(&dir, "utf16.txt", utf16);
    let (code, stdout, stderr) = digest(&dir, "mixed.txt");
    assert_eq!(code, 3);
    assert!(
        stderr.contains("mixed.txt: 1 of") && stderr.contains("windows-1252"),
        "{stderr}"
    );
    assert!(
        stdout.contains("“français”") && stdout.contains("“flood”"),
        "both encodings read right"
    );
    let (code, stdout, stderr) = digest(&dir, "utf16.txt");
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Calder river"));
}

#[test]
fn issue_17_when_everything_is_skipped_the_error_names_each_input_and_why() {
    let dir = scratch("hostile-skipped");
    write(
        &dir,
        "blank.html",
        "<html><body><nav>Home</nav></body></html>",
    );
    let (code, _, stderr) = digest(&dir, "blank.html");
    assert_eq!(code, 1);
    assert!(
        stderr.contains("blank.html: no article text found"),
        "{stderr}"
    );
}
