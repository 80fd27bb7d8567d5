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
use std::sync::{Condvar, Mutex};

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

/// What the workers of [`ordered_map_shared_sink`] share, under one lock
/// held only for a few map operations (never while working or writing).
struct Output<R, E> {
    /// Results done, waiting for an earlier one or for the sink, by input index.
    pending: BTreeMap<usize, R>,
    /// The index of the next result to hand to the sink.
    next: usize,
    /// Items taken (or about to be) and not yet handed to the sink.
    in_flight: usize,
    /// Whether a worker is handing results to the sink: only one does at a
    /// time, which keeps the order; the others only leave theirs here.
    writing: bool,
    /// Set by the first sink error or panic: nothing more is taken.
    stop: Option<Stop<E>>,
}

enum Stop<E> {
    Sink(E),
    Panic(Box<dyn std::any::Any + Send>),
}

/// Runs its closure when dropped by a panic's unwinding.
struct OnPanic<F: Fn()>(F);

impl<F: Fn()> Drop for OnPanic<F> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            (self.0)();
        }
    }
}

/// [`ordered_map`] for a sink that may run on any thread (`Send`): there is
/// no reader thread and no writer thread, so no hand-over between threads
/// per item. Each of the `jobs` workers (the calling thread is one of them)
/// takes the next input itself and works on it; when its result is the
/// next one due, it hands that result and those done behind it to `sink`
/// before taking more input (unless another worker is already handing
/// results over: that one takes it along). The same contract as
/// [`ordered_map`]: results in input order, at most `jobs × WINDOW_PER_JOB`
/// items in flight, the first sink error stops the work and is returned, a
/// panic in `work` (or in `sink`) reaches the caller.
///
/// Why (issue 13): with a reader and a writer thread, every item woke two
/// sleeping threads — about four context switches per document, 31,000 for
/// the 8,300 files of the 20 MB corpus — and on two cores each wake-up
/// pre-empted a worker. No lock is held while working or writing, so a
/// worker pre-empted there holds up no other; reading holds only the
/// input's lock, so an interactive pipe still gets each answer before more
/// input is awaited.
pub fn ordered_map_shared_sink<I, T, R, E, S>(
    inputs: I,
    jobs: NonZeroUsize,
    work: impl Fn(T) -> R + Sync,
    sink: S,
) -> Result<(), E>
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
    T: Send,
    R: Send,
    E: Send,
    S: FnMut(R) -> Result<(), E> + Send,
{
    let mut sink = sink;
    if jobs.get() == 1 {
        return inputs.into_iter().try_for_each(|item| sink(work(item)));
    }
    let window = jobs.get() * WINDOW_PER_JOB;
    let input = Mutex::new(inputs.into_iter().enumerate());
    let output =
        Mutex::new(Output { pending: BTreeMap::new(), next: 0, in_flight: 0, writing: false, stop: None });
    // Locked only by the worker that set `writing`: never waited for.
    let sink = Mutex::new(sink);
    let room = Condvar::new();
    let worker = || {
        let lock = || output.lock().unwrap_or_else(|e| e.into_inner());
        // A panic while reading the input: the others must not wait for
        // room that this worker's item will never give back.
        let _wake_on_panic = OnPanic(|| {
            lock().stop.get_or_insert(Stop::Panic(Box::new("a worker of ordered_map_shared_sink panicked")));
            room.notify_all();
        });
        let stop = |mut out: std::sync::MutexGuard<'_, Output<R, E>>, why: Stop<E>| {
            out.stop.get_or_insert(why);
            drop(out);
            room.notify_all();
        };
        loop {
            // A place in the window first, then an item.
            {
                let mut out = lock();
                while out.in_flight >= window && out.stop.is_none() {
                    out = room.wait(out).unwrap_or_else(|e| e.into_inner());
                }
                if out.stop.is_some() {
                    return;
                }
                out.in_flight += 1;
            }
            let next = input.lock().unwrap_or_else(|e| e.into_inner()).next();
            let Some((i, item)) = next else {
                // No more input: give the place back for the other workers.
                lock().in_flight -= 1;
                room.notify_all();
                return;
            };
            let result = catch_unwind(AssertUnwindSafe(|| work(item)));
            let mut out = lock();
            if out.stop.is_some() {
                return;
            }
            match result {
                Ok(r) => out.pending.insert(i, r),
                Err(panic) => return stop(out, Stop::Panic(panic)),
            };
            if out.writing || !out.pending.contains_key(&out.next) {
                continue;
            }
            out.writing = true;
            loop {
                let mut due = Vec::new();
                loop {
                    let n = out.next;
                    let Some(r) = out.pending.remove(&n) else { break };
                    out.next += 1;
                    due.push(r);
                }
                if due.is_empty() {
                    out.writing = false;
                    break;
                }
                drop(out);
                let mut failed = None;
                let mut handed = 0;
                {
                    let mut sink = sink.lock().unwrap_or_else(|e| e.into_inner());
                    for r in due {
                        match catch_unwind(AssertUnwindSafe(|| (*sink)(r))) {
                            Ok(Ok(())) => handed += 1,
                            Ok(Err(e)) => failed = Some(Stop::Sink(e)),
                            Err(panic) => failed = Some(Stop::Panic(panic)),
                        }
                        if failed.is_some() {
                            break;
                        }
                    }
                }
                out = lock();
                if let Some(why) = failed {
                    return stop(out, why);
                }
                out.in_flight -= handed;
                room.notify_all();
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..jobs.get() {
            scope.spawn(worker);
        }
        worker();
    });
    let out = output.into_inner().unwrap_or_else(|e| e.into_inner());
    match out.stop {
        None => Ok(()),
        Some(Stop::Sink(e)) => Err(e),
        Some(Stop::Panic(panic)) => resume_unwind(panic),
    }
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

    // The same contract for the sink shared by the workers.

    #[test]
    fn shared_sink_results_come_in_input_order_whatever_the_work_takes() {
        for n in [1, 2, 3, 8] {
            let mut out = Vec::new();
            let r: Result<(), ()> = ordered_map_shared_sink(
                0..300u64,
                jobs(n),
                |i| {
                    std::thread::sleep(Duration::from_micros((300 - i) % 7 * 50));
                    i * 2
                },
                |r| {
                    out.push(r);
                    Ok(())
                },
            );
            assert!(r.is_ok());
            assert_eq!(out, (0..300).map(|i| i * 2).collect::<Vec<_>>(), "{n} jobs");
        }
    }

    #[test]
    fn shared_sink_keeps_no_more_than_the_window_in_flight() {
        let taken = AtomicUsize::new(0);
        let written = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let inputs = (0..500u64).inspect(|_| {
            let in_flight = taken.fetch_add(1, Ordering::SeqCst) + 1 - written.load(Ordering::SeqCst);
            most.fetch_max(in_flight, Ordering::SeqCst);
        });
        let r: Result<(), ()> = ordered_map_shared_sink(
            inputs,
            jobs(3),
            // Every tenth item is slow: the others pile up behind it.
            |i| std::thread::sleep(Duration::from_micros(if i % 10 == 0 { 2000 } else { 10 })),
            |()| {
                written.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(written.load(Ordering::SeqCst), 500);
        let most = most.load(Ordering::SeqCst);
        assert!(most <= 3 * WINDOW_PER_JOB, "{most}");
        assert!(most > 3, "the window was used: {most}");
    }

    #[test]
    fn shared_sink_error_stops_the_work_and_is_returned() {
        let worked = AtomicUsize::new(0);
        let r = ordered_map_shared_sink(
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
    fn shared_sink_passes_on_a_panic_of_the_work_or_of_the_sink() {
        let in_work = catch_unwind(|| {
            let _: Result<(), ()> =
                ordered_map_shared_sink(0..100, jobs(2), |i| assert!(i != 50, "boom"), |()| Ok(()));
        });
        assert!(in_work.is_err());
        let in_sink = catch_unwind(|| {
            let _: Result<(), ()> = ordered_map_shared_sink(
                0..100,
                jobs(2),
                |i| i,
                |i| {
                    assert!(i != 50, "boom");
                    Ok(())
                },
            );
        });
        assert!(in_sink.is_err());
        let in_input = catch_unwind(|| {
            let inputs = (0..100).inspect(|&i| assert!(i != 50, "boom"));
            let _: Result<(), ()> = ordered_map_shared_sink(inputs, jobs(2), |i| i, |_| Ok(()));
        });
        assert!(in_input.is_err());
    }

    #[test]
    fn shared_sink_answers_each_item_before_waiting_for_the_next() {
        // A request-response pipe: the next input exists only once the
        // answer to the previous one was handed to the sink.
        let (answered_tx, answered_rx) = std::sync::mpsc::channel::<u64>();
        let inputs = (0..20u64).map(move |i| {
            if i > 0 {
                assert_eq!(answered_rx.recv_timeout(Duration::from_secs(10)), Ok(i - 1), "answer {}", i - 1);
            }
            i
        });
        let r: Result<(), ()> =
            ordered_map_shared_sink(inputs, jobs(3), |i| i, |i| answered_tx.send(i).map_err(|_| ()));
        assert!(r.is_ok());
    }
}
