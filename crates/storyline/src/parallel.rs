//! Work over independent items on every core, with the output in input order.
//!
//! Reading, decoding, extracting and analysing articles are independent per
//! article, so they run on a worker per core pulling items one at a time (pages
//! differ a hundredfold in cost, so fixed chunks would leave cores idle). Each
//! result goes back to its input's place, so the output is the same whatever the
//! number of threads. Like `rayon`'s global pool, the thread count is one
//! setting for the process ([`set_threads`], the CLI's `--threads`), not an
//! option threaded through every call.
//!
//! The workers run on a `rayon` pool kept for the process rather than on threads
//! started for each call: a server maps every post and every briefing round,
//! and each fresh thread paid for its start and for the allocator's memory it
//! had to fault in anew (`perf` of `bench serve`: 5.5% of the samples in the
//! kernel clearing fresh pages, 3.0% with kept threads). With kept threads,
//! alternating runs in one session: `storyline ingest` of the 20,000-article
//! replay 1,189 → 1,394 articles/s, extraction on two threads (WCXB) 158 → 173
//! pages/s, `bench serve` with batches of 20 751 / 860 → 971 / 872 articles/s.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Threads to use; 0 means one per core.
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// Limits the threads parallel work uses (0: one per core).
pub fn set_threads(threads: usize) {
    THREADS.store(threads, Ordering::Relaxed);
}

/// The threads parallel work uses.
pub fn threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
}

/// `items.map(work)`, on up to [`threads`] threads, in input order.
pub fn map<T, U, F>(items: Vec<T>, work: F) -> Vec<U>
where
    T: Send,
    U: Send,
    F: Fn(T) -> U + Sync,
{
    map_on(threads(), items, work)
}

/// [`map`] on up to `threads` threads rather than one per core: for work that
/// waits rather than computes (fetching pages over the network). State a
/// worker keeps from one item to the next (an analyzer's caches) is the
/// thread's own (`thread_local!`): the pool's threads live as long as the
/// process, so it outlasts one call.
pub fn map_on<T, U, F>(threads: usize, items: Vec<T>, work: F) -> Vec<U>
where
    T: Send,
    U: Send,
    F: Fn(T) -> U + Sync,
{
    let workers = threads.min(items.len());
    let pool = if workers > 1 { pool(threads) } else { None };
    let Some(pool) = pool else {
        return items.into_iter().map(work).collect();
    };
    let count = items.len();
    let queue = Mutex::new(items.into_iter().enumerate());
    let next = || queue.lock().unwrap_or_else(|e| e.into_inner()).next();
    let finished = Mutex::new(Vec::with_capacity(count));
    pool.scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| {
                let mut done = Vec::new();
                while let Some((index, item)) = next() {
                    done.push((index, work(item)));
                }
                finished
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend(done);
            });
        }
    });
    let mut done = finished.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_unstable_by_key(|(index, _)| *index);
    debug_assert_eq!(done.len(), count);
    done.into_iter().map(|(_, result)| result).collect()
}

/// The pool of `threads` threads, started on first use and kept for the
/// process (one pool for each count asked for: the cores', and the fetcher's
/// for work that waits); None if the system refuses threads (the work then
/// runs on the caller's).
fn pool(threads: usize) -> Option<Arc<rayon::ThreadPool>> {
    static POOLS: Mutex<Vec<(usize, Arc<rayon::ThreadPool>)>> = Mutex::new(Vec::new());
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, pool)) = pools.iter().find(|(n, _)| *n == threads) {
        return Some(Arc::clone(pool));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("storyline-{i}"))
        .build()
        .ok()
        .map(Arc::new)?;
    pools.push((threads, Arc::clone(&pool)));
    Some(pool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_whatever_the_threads() {
        let items: Vec<u64> = (0..500).collect();
        let work = |n: u64| {
            // Uneven work, so threads finish out of order.
            (0..(n % 7) * 1000).fold(n, |acc, i| acc.wrapping_mul(31).wrapping_add(i))
        };
        let sequential: Vec<u64> = items.iter().copied().map(work).collect();
        for threads in [1, 2, 3, 8] {
            set_threads(threads);
            assert_eq!(map(items.clone(), work), sequential, "{threads} threads");
        }
        set_threads(0);
        assert_eq!(map(Vec::<u64>::new(), work), Vec::<u64>::new());
    }
}
