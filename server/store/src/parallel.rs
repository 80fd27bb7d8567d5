//! Working through a corpus on every core with the results in input order:
//! shared by `pactum annotate` (files and the stdin filter) and the exports.
//!
//! A scoped worker pool from the standard library rather than rayon: the
//! callers are streams (stdin lines, a lazy directory walk) that must be
//! written out in order as soon as each item is done, with at most a small
//! window of items in memory. Rayon's parallel iterators either collect
//! (unbounded memory) or, with `par_bridge`, lose the order; re-ordering
//! chunk by chunk leaves cores idle behind the slowest item of each chunk.
//! Here a reader thread takes an item only when the window has room, the
//! workers take items as they free up, and the caller's thread writes each
//! result as soon as all earlier ones are written.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, sync_channel};
use std::sync::Mutex;

/// Items in flight (read, being worked on, or waiting to be written) per
/// worker. Small: memory stays a few documents per core, and it is enough
/// to keep every worker busy while the writer catches up.
pub const WINDOW_PER_JOB: usize = 4;

/// The number of cores this process may use (1 when unknown).
pub fn all_cores() -> NonZeroUsize {
    std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN)
}

/// Applies `work` to every item of `inputs` on `jobs` threads and hands the
/// results to `sink` in input order, on the calling thread. At most
/// `jobs × WINDOW_PER_JOB` items are in flight, however long the input.
///
/// `inputs` is read on a thread of its own, so a result is written as soon
/// as it and those before it are done, without waiting for more input (an
/// interactive pipe gets its answer line by line). With one job everything
/// runs on the calling thread, in order, with no threads at all.
///
/// The first error of `sink` stops the work (items in flight are dropped)
/// and is returned. A panic in `work` is passed on to the caller.
pub fn ordered_map<I, T, R, E>(
    inputs: I,
    jobs: NonZeroUsize,
    work: impl Fn(T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
    T: Send,
    R: Send,
{
    if jobs.get() == 1 {
        return inputs.into_iter().try_for_each(|item| sink(work(item)));
    }
    let window = jobs.get() * WINDOW_PER_JOB;
    let inputs = inputs.into_iter();
    // Credits: the reader may take an item only with one; the writer gives
    // one back for every result written.
    let (credit_tx, credit_rx) = sync_channel::<()>(window);
    for _ in 0..window {
        let _ = credit_tx.send(());
    }
    let (work_tx, work_rx) = sync_channel::<(usize, T)>(window);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = channel::<(usize, std::thread::Result<R>)>();
    let work = &work;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut inputs = inputs.enumerate();
            // A credit first, then an item: never more than `window` in flight.
            while credit_rx.recv().is_ok() {
                let Some(next) = inputs.next() else { return };
                if work_tx.send(next).is_err() {
                    return;
                }
            }
            // Returning drops `work_tx`: the workers finish and hang up.
        });
        for _ in 0..jobs.get() {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            scope.spawn(move || loop {
                let next = work_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok((i, item)) = next else { return };
                let result = catch_unwind(AssertUnwindSafe(|| work(item)));
                if done_tx.send((i, result)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        // Owned by this closure, so that returning (or a panic) closes them
        // and the reader and the workers stop before the scope joins them.
        let (done_rx, credit_tx) = (done_rx, credit_tx);
        let mut pending: BTreeMap<usize, R> = BTreeMap::new();
        let mut next = 0;
        // Ends when every worker has hung up: all input read and worked on.
        for (i, result) in done_rx.iter() {
            match result {
                Ok(r) => {
                    pending.insert(i, r);
                }
                Err(panic) => resume_unwind(panic),
            }
            while let Some(r) = pending.remove(&next) {
                next += 1;
                sink(r)?;
                let _ = credit_tx.send(());
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    fn jobs(n: usize) -> NonZeroUsize {
        NonZeroUsize::new(n).unwrap()
    }

    #[test]
    fn results_come_in_input_order_whatever_the_work_takes() {
        for n in [1, 2, 3, 8] {
            let mut out = Vec::new();
            let r: Result<(), ()> = ordered_map(
                0..200u64,
                jobs(n),
                |i| {
                    // Later items often finish first.
                    std::thread::sleep(Duration::from_micros((200 - i) % 7 * 50));
                    i * 2
                },
                |r| {
                    out.push(r);
                    Ok(())
                },
            );
            assert!(r.is_ok());
            assert_eq!(out, (0..200).map(|i| i * 2).collect::<Vec<_>>(), "{n} jobs");
        }
    }

    #[test]
    fn no_more_than_the_window_is_in_flight() {
        let taken = AtomicUsize::new(0);
        let mut written = 0usize;
        let most = AtomicUsize::new(0);
        let inputs = (0..500).inspect(|_| {
            taken.fetch_add(1, Ordering::SeqCst);
        });
        let r: Result<(), ()> = ordered_map(
            inputs,
            jobs(3),
            |i| i,
            |_| {
                written += 1;
                let in_flight = taken.load(Ordering::SeqCst) - written;
                most.fetch_max(in_flight, Ordering::SeqCst);
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(written, 500);
        assert!(most.load(Ordering::SeqCst) <= 3 * WINDOW_PER_JOB, "{}", most.load(Ordering::SeqCst));
    }

    #[test]
    fn a_sink_error_stops_the_work_and_is_returned() {
        let worked = AtomicUsize::new(0);
        let r = ordered_map(
            0..1_000_000,
            jobs(2),
            |i| {
                worked.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i| if i == 10 { Err("stop") } else { Ok(()) },
        );
        assert_eq!(r, Err("stop"));
        assert!(worked.load(Ordering::SeqCst) < 1000, "stopped early");
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller() {
        let caught = catch_unwind(|| {
            let _: Result<(), ()> = ordered_map(0..100, jobs(2), |i| assert!(i != 50, "boom"), |()| Ok(()));
        });
        assert!(caught.is_err());
    }
}
