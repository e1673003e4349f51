//! Issue 6 (in progress): the persistent corpus through `storyline ingest`,
//! `stories` and `show`, including a real ingest process killed mid-way.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use storyline_store::Store;

use crate::common::{assert_succeeded, examples, scratch, spill, storyline};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn issue_6_ingest_is_idempotent_and_incremental() {
    let dir = scratch("store");
    let story = spill();
    // Three of the four reports first; the last (eleven days later) afterwards.
    let early = dir.join("early");
    std::fs::create_dir_all(&early).unwrap();
    for entry in std::fs::read_dir(&story).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.extension().is_some() && !name.starts_with('4') {
            std::fs::copy(&path, early.join(path.file_name().unwrap())).unwrap();
        }
    }
    let db = dir.join("news.db");
    let db = db.to_str().unwrap();
    let first = storyline(&["ingest", early.to_str().unwrap(), "--db", db], &dir);
    assert_succeeded(&first);
    assert!(
        stdout(&first).contains("done: 3 new articles, 0 already stored, 1 new stories"),
        "{}",
        stdout(&first)
    );

    // The same content again is recognised; the last report joins the story.
    let second = storyline(&["ingest", story.to_str().unwrap(), "--db", db], &dir);
    assert!(
        stdout(&second).contains(
            "committed: 1 new articles, 3 already stored, 0 new stories, 0 merged into others, 0 articles moved, 1 stories changed"
        ),
        "{}",
        stdout(&second)
    );
    // Briefings wait for the last commit: the story is briefed once.
    assert!(
        stdout(&second).contains("briefed: 1 stories ("),
        "{}",
        stdout(&second)
    );
    let listed = storyline(&["stories", "--db", db, "--format", "json"], &dir);
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let stories = json["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["articles"], 4);
    assert_eq!(stories[0]["last_date"], "2025-03-14");

    let filtered = storyline(
        &["stories", "--db", db, "--query", "no such words here"],
        &dir,
    );
    assert!(stdout(&filtered).trim().is_empty());
    let shown = storyline(&["show", "1", "--db", db], &dir);
    assert!(
        stdout(&shown).contains("*4 articles from"),
        "{}",
        stdout(&shown)
    );
    let missing = storyline(&["show", "99", "--db", db], &dir);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no story 99"));
}

/// Issue 19: an ingest that leaves its briefings to readers; the first reader's
/// briefing is the one an ingest that briefs at once writes, and it is stored.
#[test]
fn issue_19_ingest_can_leave_briefings_to_the_first_reader() {
    let dir = scratch("store-later");
    let story = spill();
    let story = story.to_str().unwrap();
    let now = dir.join("now.db");
    let later = dir.join("later.db");
    let (now, later) = (now.to_str().unwrap(), later.to_str().unwrap());
    assert_succeeded(&storyline(&["ingest", story, "--db", now], &dir));
    let deferred = storyline(
        &["ingest", story, "--db", later, "--briefings", "later"],
        &dir,
    );
    assert_succeeded(&deferred);
    let printed = stdout(&deferred);
    assert!(
        printed.contains("briefings: 1 stories wait for theirs"),
        "{printed}"
    );
    assert!(!printed.contains("briefed:"), "{printed}");
    assert_eq!(
        Store::open(later.as_ref()).unwrap().stale_count().unwrap(),
        1
    );

    let shown = |db: &str| {
        stdout(&storyline(
            &["show", "1", "--db", db, "--format", "json"],
            &dir,
        ))
    };
    assert_eq!(shown(later), shown(now));
    assert_eq!(
        Store::open(later.as_ref()).unwrap().stale_count().unwrap(),
        0
    );
}

/// Kills a real ingest process after its first commit: the database is valid and
/// holds at least everything the process reported as committed.
#[test]
fn issue_6_a_killed_ingest_loses_nothing_it_reported_committed() {
    let dir = scratch("kill");
    let mut lines = String::new();
    for i in 0..2_500 {
        lines.push_str(&format!(
            "{{\"title\": \"Council {i} approves plan {i}\", \"text\": \"The council of district {i} approved plan number {i} on Monday after a debate about item {i}, officials in district {i} said.\"}}\n"
        ));
    }
    std::fs::write(dir.join("many.jsonl"), lines).unwrap();
    let db = dir.join("news.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["ingest", "many.jsonl", "--db", db.to_str().unwrap()])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let mut committed = 0usize;
    while reader.read_line(&mut line).unwrap() > 0 {
        if let Some(rest) = line.strip_prefix("committed: ") {
            committed += rest
                .split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap();
            break;
        }
        line.clear();
    }
    assert!(committed > 0, "the ingest reported no commit");
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    let store = Store::open(&db).unwrap();
    assert!(store.integrity_ok().unwrap());
    let stored = store.article_count().unwrap() as usize;
    assert!(
        stored >= committed,
        "{stored} stored < {committed} reported committed"
    );
    // And the next ingest completes the job without duplicates.
    let out = storyline(
        &["ingest", "many.jsonl", "--db", db.to_str().unwrap()],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(Store::open(&db).unwrap().article_count().unwrap(), 2_500);
}

/// The writer kept open by the server replays the stored corpus from its cache;
/// another process may write between its ingests. Either way an article must land
/// where a cold replay of the database would put it.
#[test]
fn issue_6_a_long_lived_writer_sees_what_others_stored() {
    use storyline::ingest::{self, Batch};

    let read = |path: std::path::PathBuf| -> Vec<storyline::model::RawDoc> {
        let mut batch = Batch::default();
        for input in ingest::expand(&[path]).0 {
            batch.extend(ingest::read(&input));
        }
        batch.docs
    };
    let mut spill = read(spill());
    let last_report = spill.pop().unwrap();
    let examples = read(examples());
    let dir = scratch("warm-writer");
    let db = dir.join("news.db");

    let mut warm = Store::open(&db).unwrap();
    let first = warm.ingest(examples).unwrap();
    assert_eq!(first.new_stories, 1);
    // Another writer stores three of the spill reports while `warm` stays open.
    let other = Store::open(&db).unwrap().ingest(spill).unwrap();
    assert_eq!(other.new_stories, 1);
    let spill_story = other.articles[0].story;
    // The warm writer must see that story and put the last report in it.
    let last = warm.ingest(vec![last_report]).unwrap();
    assert_eq!(last.new_stories, 0);
    assert_eq!(last.articles[0].story, spill_story);
    assert_eq!(Store::open(&db).unwrap().article_count().unwrap(), 9);
}

/// Issue 4 in the store: two stories that a later article shows to be one event
/// are merged into the older, whose id the younger's keeps answering for — also in
/// a writer that was open while another process merged them.
#[test]
fn issue_4_a_later_article_merges_two_stored_stories() {
    use storyline::model::{Format, GivenMeta, RawDoc};

    let dam = "Engineers opened the Arle dam on Tuesday after six years of work. The \
               reservoir behind the Arle dam will take three months to fill and will supply \
               water to Lowmoor, the regional water board said.";
    let farms = "Water released upstream flooded fields in the Kessel valley near \
                 Brannock on Tuesday. Dozens of farmers gathered outside the council offices \
                 in Brannock, saying their harvest was lost.";
    // One report, ingested on its own by `store`.
    let post = |store: &mut Store, title: &str, date: &str, text: String| {
        let report = store
            .ingest(vec![RawDoc {
                origin: title.to_string(),
                format: Format::Text,
                content: text,
                given: GivenMeta {
                    title: Some(title.to_string()),
                    date: Some(date.to_string()),
                    ..GivenMeta::default()
                },
            }])
            .unwrap();
        (report.articles[0], report)
    };
    let dir = scratch("merge");
    let db = dir.join("news.db");
    let mut warm = Store::open(&db).unwrap();
    let (older, _) = post(
        &mut warm,
        "Arle dam opens after six years of work",
        "2026-03-03",
        dam.to_string(),
    );
    let (younger, _) = post(
        &mut warm,
        "Kessel farmers demand compensation for flooded fields",
        "2026-03-03",
        farms.to_string(),
    );
    assert_ne!(older.story, younger.story, "two stories to begin with");

    // The report that ties them comes in through another writer.
    let (tie, report) = post(
        &mut Store::open(&db).unwrap(),
        "Arle dam opens, floods Kessel fields",
        "2026-03-04",
        format!("{dam} {farms}"),
    );
    assert_eq!(report.merged_stories, 1);
    assert_eq!(tie.story, older.story);

    let store = Store::open(&db).unwrap();
    assert_eq!(store.stories(None, None).unwrap().len(), 1);
    assert_eq!(store.current_story(younger.story).unwrap(), older.story);
    assert_eq!(store.briefing(younger.story).unwrap().sources.len(), 3);
    assert_eq!(store.story_article_ids(younger.story).unwrap().len(), 3);
    // The warm writer catches up with the merge: a follow-up joins the one story.
    let (follow_up, report) = post(
        &mut warm,
        "Kessel farmers to be compensated for flooded fields",
        "2026-03-06",
        format!("{farms} The water board agreed on Friday to pay for the lost harvest."),
    );
    assert_eq!(report.new_stories, 0);
    assert_eq!(follow_up.story, older.story);
}
