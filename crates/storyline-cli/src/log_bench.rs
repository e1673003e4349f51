//! `storyline bench log`: the scale-out path end to end. The replay is
//! appended to the article log (all at once, a backlog to drain, or at a
//! steady rate), worker processes extract and place it into a PostgreSQL
//! store, and the run reports documents per second from the first append to
//! the last article stored, with the log's lag meanwhile: messages waiting
//! (sampled) and how long a document waited from its append until stored.

use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use storyline_log::{Message, Topic};
use storyline_store::Store;

use crate::load::{percentile, replayed, ReplayArgs};

#[derive(clap::Args)]
pub struct LogBenchArgs {
    #[command(flatten)]
    replay: ReplayArgs,
    /// The article log (nats://host:port), with nothing waiting in it
    #[arg(long, value_name = "URL")]
    log: String,
    /// An empty PostgreSQL database (postgres://…)
    #[arg(long, value_name = "DB")]
    db: PathBuf,
    /// Extraction worker processes
    #[arg(long, default_value_t = 1)]
    extractors: usize,
    /// Documents appended per second; 0 appends them all at once (a backlog)
    #[arg(long, default_value_t = 0.0)]
    rate: f64,
    /// The partitions to place, one worker each (the replay's languages)
    #[arg(long, default_value = "en", value_delimiter = ',')]
    partitions: Vec<String>,
    /// Documents per placement window (the placement workers' `--batch`):
    /// smaller windows are placed sooner, larger ones as `storyline ingest`
    /// commits
    #[arg(long, default_value_t = 500)]
    window: u64,
    /// Kill (-9) the first extraction worker and the first partition's owner
    /// once this share of the documents is stored, and start replacements
    #[arg(long, value_name = "SHARE")]
    fault_at: Option<f64>,
    /// A database the same replay was placed into before (an uninterrupted
    /// run, say): how alike the two corpora's stories are
    #[arg(long, value_name = "DB")]
    reference: Option<PathBuf>,
}

/// Documents appended at a time.
const APPEND_CHUNK: usize = 100;

/// How often the store and the log are sampled.
const SAMPLE_EVERY: Duration = Duration::from_millis(100);
/// The run is over once everything is appended, nothing waits in the log and
/// the store has not changed for this long: a placement worker holds the window
/// it is placing out of the log's count, and at a million articles placing one
/// took over a second.
const SETTLED: Duration = Duration::from_secs(10);

/// How long the workers wait with nothing to do before they stop: longer
/// than a killed worker's messages wait to be delivered again.
fn workers_idle_exit() -> String {
    (storyline_log::ACK_WAIT.as_secs() + 5).to_string()
}

struct Workers(Vec<Child>);

impl Drop for Workers {
    fn drop(&mut self) {
        for worker in &mut self.0 {
            let _ = worker.kill();
            let _ = worker.wait();
        }
    }
}

pub fn run(args: LogBenchArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        storyline_store::is_postgres_url(&args.db),
        "the workers place into PostgreSQL (--db postgres://…)"
    );
    let store = Store::open(&args.db)?;
    anyhow::ensure!(
        store.article_count()? == 0,
        "{} holds articles already; the benchmark needs an empty database",
        storyline_store::database_name(&args.db)
    );
    let docs: Vec<storyline::model::RawDoc> = replayed(&args.replay)?
        .into_iter()
        .enumerate()
        .flat_map(|(n, value)| {
            storyline::ingest::from_json_value(&format!("replay:{n}"), value).docs
        })
        .collect();
    let log = storyline_log::open(&args.log)?;
    let mut lag_extract = log.subscribe(&Topic::Documents, "extract")?;
    let mut lag_place = args
        .partitions
        .iter()
        .map(|partition| {
            let partition = storyline_log::partition(partition);
            log.subscribe(
                &Topic::Articles(partition.clone()),
                &format!("place-{partition}"),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    anyhow::ensure!(lag_extract.lag()? == 0, "the log holds documents already");

    let me = std::env::current_exe().context("cannot find this program")?;
    let db = args.db.to_string_lossy().to_string();
    // What the workers say, kept for a run that goes wrong.
    let said = std::env::temp_dir().join(format!("storyline-bench-log-{}", std::process::id()));
    std::fs::create_dir_all(&said).with_context(|| format!("cannot create {}", said.display()))?;
    let spawned = std::cell::Cell::new(0);
    let idle_exit = workers_idle_exit();
    let spawn = |worker_args: Vec<&str>| -> anyhow::Result<Child> {
        spawned.set(spawned.get() + 1);
        let log = said.join(format!("worker-{}.log", spawned.get()));
        Command::new(&me)
            .arg("worker")
            .args(worker_args)
            .args(["--log", &args.log, "--exit-when-idle", &idle_exit])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(
                std::fs::File::create(&log)
                    .with_context(|| format!("cannot create {}", log.display()))?,
            )
            .spawn()
            .context("cannot start a worker")
    };
    let extractor = || spawn(vec!["extract"]);
    let window = args.window.to_string();
    let placer = |partition: &str| {
        spawn(vec![
            "place",
            "--partition",
            partition,
            "--db",
            &db,
            "--batch",
            &window,
        ])
    };
    let mut workers = Workers(Vec::new());
    for _ in 0..args.extractors {
        workers.0.push(extractor()?);
    }
    for partition in &args.partitions {
        workers.0.push(placer(partition)?);
    }
    let mut fault_due = args
        .fault_at
        .map(|share| (share * docs.len() as f64) as i64);

    let started = Instant::now();
    // When each chunk of documents was appended: (documents so far, seconds).
    let mut appended_at: Vec<(usize, f64)> = Vec::new();
    // Each sample: (seconds, articles stored, messages waiting in the log).
    let mut samples: Vec<(f64, i64, u64)> = Vec::new();
    let mut next_sample = Instant::now();
    let mut chunks = docs.chunks(APPEND_CHUNK).peekable();
    let progress = crate::progress_bar(docs.len() as u64, "documents");
    let mut last_change = 0.0;
    loop {
        let now = started.elapsed().as_secs_f64();
        let due = if args.rate > 0.0 {
            (now * args.rate) as usize
        } else {
            usize::MAX
        };
        let appended = appended_at.last().map_or(0, |&(count, _)| count);
        if chunks.peek().is_some() && appended < due {
            if let Some(chunk) = chunks.next() {
                let messages = chunk
                    .iter()
                    .map(Message::document)
                    .collect::<Result<Vec<_>, _>>()?;
                let appended_now = log.append(messages)?;
                // A document the log already held would be dropped, and the
                // run would time nothing.
                anyhow::ensure!(
                    appended_now.duplicates == 0,
                    "the log held {} of these documents already: the benchmark needs a log that never saw them",
                    appended_now.duplicates
                );
                appended_at.push((appended + chunk.len(), started.elapsed().as_secs_f64()));
            }
            if Instant::now() < next_sample {
                continue;
            }
        }
        if Instant::now() < next_sample {
            std::thread::sleep(next_sample - Instant::now());
        }
        next_sample += SAMPLE_EVERY;
        let stored = store.article_count()?;
        let mut waiting = lag_extract.lag()?;
        for subscription in &mut lag_place {
            waiting += subscription.lag()?;
        }
        let now = started.elapsed().as_secs_f64();
        if samples
            .last()
            .is_none_or(|&(_, before, _)| before != stored)
        {
            last_change = now;
            progress.set_position(stored as u64);
        }
        samples.push((now, stored, waiting));
        if fault_due.is_some_and(|due| stored >= due) {
            fault_due = None;
            // The first extractor and the first partition's owner, killed at
            // once as a crash would; replacements join the groups.
            for at in [args.extractors, 0] {
                workers.0[at].kill().context("cannot kill a worker")?;
                let _ = workers.0[at].wait();
            }
            workers.0[0] = extractor()?;
            workers.0[args.extractors] = placer(&args.partitions[0])?;
            progress.suspend(|| {
                println!(
                    "fault: an extraction worker and the owner of partition {} killed (-9) at {stored} articles stored, {now:.1} s; replacements started",
                    args.partitions[0]
                )
            });
        }
        let all_appended = chunks.peek().is_none();
        if all_appended && waiting == 0 && now - last_change > SETTLED.as_secs_f64() {
            break;
        }
        anyhow::ensure!(
            now - last_change < 120.0,
            "nothing stored for two minutes ({stored} articles stored, {waiting} messages waiting): see what the workers said in {}",
            said.display()
        );
    }
    progress.finish_and_clear();
    drop(workers);
    let _ = std::fs::remove_dir_all(&said);

    let stored = store.article_count()?;
    let wall = last_change;
    // A document waited from its append until the store held as many
    // articles as had been appended up to it (the log delivers in order, so
    // this reads each document's wait; documents with no article shift it a
    // little).
    let mut waits: Vec<f64> = Vec::new();
    let mut sample = 0;
    for &(count, at) in &appended_at {
        while sample < samples.len() && samples[sample].1 < count as i64 {
            sample += 1;
        }
        if let Some(&(stored_at, _, _)) = samples.get(sample) {
            waits.push(stored_at - at);
        }
    }
    let mut waiting: Vec<f64> = samples.iter().map(|&(_, _, w)| w as f64).collect();
    println!(
        "{} documents appended ({}), {} extraction worker{}, {} placement worker{} ({}, windows of {} documents)",
        docs.len(),
        if args.rate > 0.0 {
            format!("{:.0} a second", args.rate)
        } else {
            "all at once".to_string()
        },
        args.extractors,
        if args.extractors == 1 { "" } else { "s" },
        args.partitions.len(),
        if args.partitions.len() == 1 { "" } else { "s" },
        args.partitions.join(", "),
        args.window
    );
    // A document stored twice (extracted again after a fault, its article
    // keyed differently) would show as more articles than documents.
    let documents_stored = store.origin_count()?;
    println!(
        "stored: {stored} articles from {documents_stored} of the {} documents ({}), {wall:.1} s from the first append ({:.0} documents/s)",
        docs.len(),
        match stored - documents_stored {
            0 => "each once".to_string(),
            twice => format!("{twice} stored twice"),
        },
        docs.len() as f64 / wall.max(1e-9)
    );
    println!(
        "a document's wait from append to stored: p50 {:.2} s, p99 {:.2} s",
        percentile(&mut waits.clone(), 0.5),
        percentile(&mut waits, 0.99)
    );
    println!(
        "messages waiting in the log (sampled every {} ms): p50 {:.0}, p99 {:.0}",
        SAMPLE_EVERY.as_millis(),
        percentile(&mut waiting.clone(), 0.5),
        percentile(&mut waiting, 0.99)
    );
    if let Some(reference) = &args.reference {
        compare(&store, &Store::open(reference)?, reference)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// How alike this run's stories are to those of a reference run over the same
/// documents: the articles both hold, and BCubed and pairwise F1 with the
/// reference taken as the truth.
fn compare(store: &Store, reference: &Store, name: &std::path::Path) -> anyhow::Result<()> {
    let ours: std::collections::HashMap<String, i64> = store.placements()?.into_iter().collect();
    let (mut gold, mut predicted) = (Vec::new(), Vec::new());
    let theirs = reference.placements()?;
    for (key, story) in &theirs {
        if let Some(&placed) = ours.get(key) {
            gold.push(*story);
            predicted.push(placed);
        }
    }
    let scores = storyline::eval::clustering::score(&gold, &predicted);
    println!(
        "against {}: {} of its {} articles here ({} here in all); stories {} here, {} there; BCubed F1 {:.4}, pairwise F1 {:.4}",
        storyline_store::database_name(name),
        gold.len(),
        theirs.len(),
        ours.len(),
        scores.clusters,
        scores.gold_stories,
        scores.bcubed.f1,
        scores.pairwise.f1
    );
    Ok(())
}
