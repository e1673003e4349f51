//! Articles back in the order of their documents, in windows of consecutive
//! documents.
//!
//! Which stories the store forms from a batch of articles depends on the
//! batch and on its order, as any online clustering does. Extraction workers
//! finish in any order, and a killed one's documents come again seconds
//! later, so a partition's articles arrive shuffled. A placement worker
//! therefore holds what it is delivered and places the articles of documents
//! `1..=w`, then `w+1..=2w`, and so on (`w` = [`InOrderOptions::window`]),
//! each window once every one of its documents is extracted, in document
//! order: the batches `storyline ingest` makes of the same documents in one
//! process, whatever the number of extraction workers, their speed or their
//! failures.
//!
//! Three things give way to that order, each bounded: a window still open
//! after [`InOrderOptions::partial_after`] (documents arriving slowly, a
//! stalled extraction) has what is extracted of it placed, so that a quiet
//! partition's articles are not held for long; one still open after
//! [`InOrderOptions::give_up_after`] is placed as it is, so that a document
//! whose extraction never finishes does not stop the partition; and a worker
//! holding its [`InOrderOptions::max_held`] messages places its earliest
//! window as it is, so that memory stays bounded.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::Delivery;

/// How a placement worker orders what it is delivered.
#[derive(Debug, Clone, Copy)]
pub struct InOrderOptions {
    /// Documents per window: a window's articles are placed as one batch
    /// (`storyline ingest` commits 500 documents at a time).
    pub window: u64,
    /// How long the earliest window may stay open before what is ready of it
    /// is placed: the longest a quiet partition's article waits for its
    /// window's other documents.
    pub partial_after: Duration,
    /// How long the earliest window may stay open before all that is held of
    /// it is placed, its documents extracted or not.
    pub give_up_after: Duration,
    /// The most messages held at once.
    pub max_held: usize,
}

/// A message held until its turn, with every delivery of it (a message
/// delivered again is one message).
struct Held {
    deliveries: Vec<Delivery>,
    since: Instant,
    extended: Instant,
}

/// The deliveries of a partition, held until their window is complete.
pub struct InOrder {
    options: InOrderOptions,
    /// By document position, then key (two articles of one document).
    held: BTreeMap<(u64, String), Held>,
    deliveries: usize,
}

impl InOrder {
    pub fn new(options: InOrderOptions) -> InOrder {
        InOrder {
            options: InOrderOptions {
                window: options.window.max(1),
                max_held: options.max_held.max(1),
                ..options
            },
            held: BTreeMap::new(),
            deliveries: 0,
        }
    }

    /// Messages that may still be delivered before the worker holds its most.
    pub fn room(&self) -> usize {
        self.options.max_held.saturating_sub(self.deliveries)
    }

    /// Deliveries held.
    pub fn len(&self) -> usize {
        self.deliveries
    }

    pub fn is_empty(&self) -> bool {
        self.deliveries == 0
    }

    /// Holds deliveries until their turn.
    pub fn hold(&mut self, deliveries: Vec<Delivery>, now: Instant) {
        for delivery in deliveries {
            self.deliveries += 1;
            self.held
                .entry((delivery.position, delivery.key.clone()))
                .or_insert_with(|| Held {
                    deliveries: Vec::new(),
                    since: now,
                    extended: now,
                })
                .deliveries
                .push(delivery);
        }
    }

    /// The window a position falls in (an article of unknown position is
    /// placed first, in window 0 of its own).
    fn window_of(&self, position: u64) -> u64 {
        if position == 0 {
            0
        } else {
            (position - 1) / self.options.window + 1
        }
    }

    /// The next batch to place, in document order, each message with all its
    /// deliveries (to acknowledge together); empty when nothing is due.
    /// `extracted_before` is how far extraction had got when the worker last
    /// fetched every article waiting. Due is the earliest window:
    /// - all of it, once every one of its documents is extracted;
    /// - what of it is extracted, once it has been open for `partial_after`;
    /// - all of it, extracted or not, once it has been open for
    ///   `give_up_after`, or when the worker holds its most.
    pub fn take_due(&mut self, extracted_before: u64, now: Instant) -> Vec<Vec<Delivery>> {
        let Some(((first, _), _)) = self.held.first_key_value() else {
            return Vec::new();
        };
        let window = self.window_of(*first);
        let end = window * self.options.window; // the window's last position
        let complete = window == 0 || extracted_before > end;
        let opened = self
            .held
            .iter()
            .take_while(|((position, _), _)| self.window_of(*position) == window)
            .map(|(_, held)| held.since)
            .min()
            .unwrap_or(now);
        let open_for = now.saturating_duration_since(opened);
        let whole = complete || self.room() == 0 || open_for >= self.options.give_up_after;
        let due = |position: u64| {
            whole || (open_for >= self.options.partial_after && position < extracted_before)
        };
        let keys: Vec<(u64, String)> = self
            .held
            .keys()
            .take_while(|(position, _)| self.window_of(*position) == window)
            .filter(|(position, _)| due(*position))
            .cloned()
            .collect();
        keys.into_iter()
            .filter_map(|key| self.held.remove(&key))
            .map(|held| {
                self.deliveries -= held.deliveries.len();
                held.deliveries
            })
            .collect()
    }

    /// The deliveries held for `every` since they were delivered or last
    /// extended, marked extended now: to extend before the log delivers
    /// them again.
    pub fn due_extension(&mut self, every: Duration, now: Instant) -> Vec<&Delivery> {
        self.held
            .values_mut()
            .filter(|held| now.saturating_duration_since(held.extended) >= every)
            .flat_map(|held| {
                held.extended = now;
                held.deliveries.iter()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(position: u64, id: u64) -> Delivery {
        Delivery {
            key: format!("article-{position}"),
            payload: Vec::new(),
            id,
            position,
        }
    }

    fn positions(batch: &[Vec<Delivery>]) -> Vec<u64> {
        batch
            .iter()
            .map(|deliveries| deliveries[0].position)
            .collect()
    }

    fn options() -> InOrderOptions {
        InOrderOptions {
            window: 4,
            partial_after: Duration::from_secs(2),
            give_up_after: Duration::from_secs(30),
            max_held: 100,
        }
    }

    #[test]
    fn windows_are_placed_whole_and_in_document_order_however_they_arrive() {
        let start = Instant::now();
        let mut in_order = InOrder::new(options());
        // Documents 1..=10, extracted out of order; 3 and 7 had no article.
        let arrivals = [6u64, 2, 8, 1, 5, 4, 10, 9];
        in_order.hold(arrivals.iter().map(|&p| delivery(p, p)).collect(), start);
        // Document 3 not yet extracted: window 1..=4 waits.
        assert!(in_order.take_due(3, start).is_empty());
        assert_eq!(positions(&in_order.take_due(5, start)), [1, 2, 4]);
        // Window 5..=8 waits for document 8's neighbours to be extracted...
        assert!(in_order.take_due(8, start).is_empty());
        assert_eq!(positions(&in_order.take_due(9, start)), [5, 6, 8]);
        assert_eq!(in_order.len(), 2);
        // ...and the open window 9..=12 has what is ready placed once it has
        // waited long enough: only what is extracted, in order.
        let later = start + Duration::from_secs(3);
        assert!(in_order.take_due(11, start).is_empty());
        assert_eq!(positions(&in_order.take_due(10, later)), [9]);
        assert_eq!(positions(&in_order.take_due(11, later)), [10]);
        assert!(in_order.is_empty());
        assert!(in_order.take_due(11, later).is_empty());
    }

    #[test]
    fn a_document_never_extracted_holds_its_window_for_a_bounded_time() {
        let start = Instant::now();
        let mut in_order = InOrder::new(options());
        // Document 1 is never extracted; 2 and 3 were.
        in_order.hold(vec![delivery(3, 1), delivery(2, 2)], start);
        assert!(in_order
            .take_due(1, start + Duration::from_secs(29))
            .is_empty());
        let due = in_order.take_due(1, start + Duration::from_secs(30));
        assert_eq!(positions(&due), [2, 3]);
    }

    #[test]
    fn a_message_delivered_again_is_placed_once_with_every_delivery() {
        let start = Instant::now();
        let mut in_order = InOrder::new(options());
        in_order.hold(vec![delivery(2, 1), delivery(0, 2)], start);
        in_order.hold(vec![delivery(2, 3)], start);
        assert_eq!(in_order.len(), 3);
        // An article of unknown position goes first, on its own.
        let unknown = in_order.take_due(1, start);
        assert_eq!(positions(&unknown), [0]);
        let due = in_order.take_due(5, start);
        assert_eq!(due.len(), 1);
        let ids: Vec<u64> = due[0].iter().map(|d| d.id).collect();
        assert_eq!(ids, [1, 3]);
        assert!(in_order.is_empty());
    }

    #[test]
    fn a_worker_holding_its_most_places_its_earliest_window_as_it_is() {
        let start = Instant::now();
        let mut in_order = InOrder::new(InOrderOptions {
            max_held: 3,
            ..options()
        });
        in_order.hold(vec![delivery(2, 1), delivery(3, 2), delivery(6, 3)], start);
        assert_eq!(in_order.room(), 0);
        assert_eq!(positions(&in_order.take_due(1, start)), [2, 3]);
        assert_eq!(in_order.room(), 2);
    }

    #[test]
    fn held_deliveries_are_extended_before_the_log_delivers_them_again() {
        let start = Instant::now();
        let mut in_order = InOrder::new(options());
        in_order.hold(vec![delivery(5, 1)], start);
        let every = Duration::from_secs(3);
        assert!(in_order.due_extension(every, start).is_empty());
        in_order.hold(vec![delivery(6, 2)], start + every);
        let due: Vec<u64> = in_order
            .due_extension(every, start + every)
            .iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(due, [1]);
        assert!(in_order.due_extension(every, start + every).is_empty());
    }
}
