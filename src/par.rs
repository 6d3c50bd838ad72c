//! Work spread over the cores, results in order. One piece for every
//! place that fans out (`check` over cases, the case index, the claim files
//! of `new`), so a worker's panic is handled the same way everywhere.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Maps `f` over `items` on all cores (in batches taken from a shared
/// counter, so a few big cases do not hold one thread up), keeping the
/// order; `done(n)` after each batch of `n`.
pub fn par_map<T: Sync, R: Send>(
    items: &[T],
    done: &(dyn Fn(usize) + Sync),
    f: &(dyn Fn(&T) -> R + Sync),
) -> Vec<R> {
    const BATCH: usize = 64;
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(items.len().div_ceil(BATCH))
        .clamp(1, 16);
    if threads == 1 {
        let mut out = Vec::with_capacity(items.len());
        for chunk in items.chunks(BATCH) {
            out.extend(chunk.iter().map(f));
            done(chunk.len());
        }
        return out;
    }
    let next = AtomicUsize::new(0);
    let mut parts: Vec<(usize, Vec<R>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let start = next.fetch_add(BATCH, Ordering::Relaxed);
                        if start >= items.len() {
                            break;
                        }
                        let end = (start + BATCH).min(items.len());
                        mine.push((start, items[start..end].iter().map(f).collect()));
                        done(end - start);
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            // A worker only panics if `f` does; re-raise it here.
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    parts.sort_by_key(|(start, _)| *start);
    parts.into_iter().flat_map(|(_, v)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_and_progress_adds_up() {
        let items: Vec<usize> = (0..1000).collect();
        let seen = AtomicUsize::new(0);
        let doubled = par_map(
            &items,
            &|n| {
                seen.fetch_add(n, Ordering::Relaxed);
            },
            &|i| i * 2,
        );
        assert_eq!(doubled, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(seen.load(Ordering::Relaxed), 1000);
        assert!(par_map(&[] as &[u8], &|_| {}, &|b| *b).is_empty());
    }

    #[test]
    #[should_panic(expected = "worker panic")]
    fn a_worker_panic_is_raised_not_swallowed() {
        let items: Vec<usize> = (0..500).collect();
        par_map(&items, &|_| {}, &|&i| {
            if i == 333 {
                panic!("worker panic");
            }
            i
        });
    }
}
