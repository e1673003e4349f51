//! Work over independent items on every core, with the output in input order.
//!
//! Reading, decoding, extracting and analysing articles are independent per
//! article, so they run on a scoped thread per core pulling items one at a time
//! (pages differ a hundredfold in cost, so fixed chunks would leave cores idle).
//! Each result goes back to its input's place, so the output is the same whatever
//! the number of threads. Like `rayon`'s global pool, the thread count is one
//! setting for the process ([`set_threads`], the CLI's `--threads`), not an
//! option threaded through every call; no dependency is needed for this much.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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
    map_with(items, || (), |_, item| work(item))
}

/// [`map`] with state each thread makes for itself (a cache that is not shared,
/// as `rayon`'s `map_init`).
pub fn map_with<T, U, S, I, F>(items: Vec<T>, init: I, work: F) -> Vec<U>
where
    T: Send,
    U: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, T) -> U + Sync,
{
    map_on(threads(), items, init, work)
}

/// [`map_with`] on up to `threads` threads rather than one per core: for work
/// that waits rather than computes (fetching pages over the network).
pub fn map_on<T, U, S, I, F>(threads: usize, items: Vec<T>, init: I, work: F) -> Vec<U>
where
    T: Send,
    U: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, T) -> U + Sync,
{
    let threads = threads.min(items.len());
    if threads <= 1 {
        let mut state = init();
        return items
            .into_iter()
            .map(|item| work(&mut state, item))
            .collect();
    }
    let count = items.len();
    let queue = Mutex::new(items.into_iter().enumerate());
    let next = || queue.lock().unwrap_or_else(|e| e.into_inner()).next();
    let mut done: Vec<(usize, U)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut state = init();
                    let mut done = Vec::new();
                    while let Some((index, item)) = next() {
                        done.push((index, work(&mut state, item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(done) => done,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    debug_assert_eq!(done.len(), count);
    done.into_iter().map(|(_, result)| result).collect()
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
