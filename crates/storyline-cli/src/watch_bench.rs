//! `storyline bench watch`: how fast watching fills a corpus, measured against
//! news sites on loopback (one site, so one host, per outlet of the articles
//! given), so that the network is not what is timed.
//!
//! Two figures: articles per second fetched, extracted and stored by a first
//! poll (feeds, `robots.txt`, every article page, extraction, clustering,
//! briefings), and the time of a poll when nothing changed (each feed answers
//! 304): the cost of following sources between news. Hosts are not spaced
//! apart (`host_interval` 0) since politeness waits would be all that is
//! measured; fetchers and extraction threads are both `--threads`. Medians of
//! several runs, each into a fresh database.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use storyline::ingest::{self, Input};
use storyline::Engine;
use storyline_store::Store;
use storyline_watch::loopback::Newsroom;
use storyline_watch::{read_list, WatchOptions, Watcher};

use crate::bench::median;

#[derive(clap::Args)]
pub struct WatchBenchArgs {
    /// Articles to publish (any input Storyline reads; JSON Lines with title,
    /// text, date and source fields give one site per source)
    #[arg(long, value_name = "PATH")]
    articles: PathBuf,
    /// Timed runs (medians are reported)
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// A peer to time on the same pages while the sites are up: a command given
    /// a file of the pages' addresses, the thread count and the runs, printing
    /// its median rate (`scripts/peer_fetch_extract.py`)
    #[arg(long, value_name = "COMMAND", num_args = 1.., allow_hyphen_values = true)]
    peer: Vec<String>,
}

pub fn watch(args: WatchBenchArgs) -> anyhow::Result<ExitCode> {
    let batch = ingest::read(&Input::File(args.articles.clone()));
    let (articles, _) = Engine::default().extract(batch.docs);
    anyhow::ensure!(
        !articles.is_empty(),
        "no articles in {}",
        args.articles.display()
    );
    let newsroom = Newsroom::publish(&articles)?;
    let outlet_count = newsroom.sites.len();
    let (sources, _) = read_list("newsroom", &newsroom.home_pages.join("\n"));
    let threads = storyline::parallel::threads();
    let options = WatchOptions {
        fetchers: threads,
        host_interval: Duration::ZERO,
        ..WatchOptions::default()
    };

    let mut first_rates = Vec::new();
    let mut fetching = Vec::new();
    let mut storing = Vec::new();
    let mut idle_ms = Vec::new();
    let mut stored = 0;
    let mut idle_requests = 0;
    for run in 0..args.runs.max(1) {
        let dir = std::env::temp_dir().join(format!(
            "storyline-bench-watch-{}-{run}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir)?;
        let db = dir.join("watch.db");
        let mut store = Store::open(&db)?;
        let watcher = Watcher::new(sources.clone(), options.clone());
        let started = Instant::now();
        let first = watcher.poll(&mut store)?;
        first_rates.push(first.added as f64 / started.elapsed().as_secs_f64());
        fetching.push(first.fetching.as_secs_f64() * 1000.0);
        storing.push(first.storing.as_secs_f64() * 1000.0);
        stored = first.added;
        let started = Instant::now();
        let idle = watcher.poll(&mut store)?;
        idle_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        idle_requests = idle.requests;
        anyhow::ensure!(
            idle.added == 0 && idle.unchanged == sources.len(),
            "a poll with nothing changed found something: {idle:?}"
        );
        drop(store);
        std::fs::remove_dir_all(&dir)?;
    }
    println!(
        "{} articles ({} stored) from {} outlets on loopback, {threads} thread{}, {} runs (medians)",
        articles.len(),
        stored,
        outlet_count,
        if threads == 1 { "" } else { "s" },
        first_rates.len()
    );
    println!(
        "first poll, fetched-extracted-stored: {:.1} articles/s ({:.0} ms fetching, {:.0} ms extracting, clustering, briefing and storing)",
        median(&mut first_rates),
        median(&mut fetching),
        median(&mut storing)
    );
    println!(
        "poll with nothing changed: {:.1} ms ({} requests, each a 304)",
        median(&mut idle_ms),
        idle_requests
    );
    if let Some((program, peer_args)) = args.peer.split_first() {
        let urls =
            std::env::temp_dir().join(format!("storyline-bench-watch-{}.urls", std::process::id()));
        let list: Vec<&str> = newsroom.pages.iter().map(|(url, _)| url.as_str()).collect();
        std::fs::write(&urls, list.join("\n"))?;
        let output = std::process::Command::new(program)
            .args(peer_args)
            .arg(&urls)
            .arg(threads.to_string())
            .arg(first_rates.len().to_string())
            .output()
            .with_context(|| format!("cannot run the peer {program}"))?;
        std::fs::remove_file(&urls)?;
        anyhow::ensure!(
            output.status.success(),
            "the peer failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        println!(
            "peer, fetch and extract only: {}",
            String::from_utf8_lossy(&output.stdout).trim()
        );
    }
    Ok(ExitCode::SUCCESS)
}
