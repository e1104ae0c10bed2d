//! The per-person inbound limit: at most `[limits] per_person_per_minute` messages a minute
//! are read; the next one gets a single "slow down", the rest of that minute is dropped.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The window a person's messages are counted in.
pub const WINDOW: Duration = Duration::from_secs(60);

/// What to do with one incoming message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Read and answer it.
    Read,
    /// The first message over the limit: answer "slow down" (with the seconds left), do
    /// not read it.
    SlowDown { seconds_left: u64 },
    /// Over the limit and already told: drop it unread.
    Drop,
}

struct Window {
    start: Instant,
    count: u32,
}

/// Counts each person's messages in fixed one-minute windows that start at their first
/// message. Windows that have passed are forgotten as the map grows (amortised O(1)), and
/// by [`Limiter::forget_passed`], which the running bot calls once a [`WINDOW`]: so after a
/// burst of many people the map holds at most two windows' worth of them, and its table is
/// given back instead of staying at the burst's size (20,000 people: about 2 MiB).
pub struct Limiter {
    per_minute: u32,
    state: Mutex<(HashMap<String, Window>, usize)>,
}

const PRUNE_MIN: usize = 1024;

impl Limiter {
    pub fn new(per_minute: u32) -> Limiter {
        Limiter {
            per_minute: per_minute.max(1),
            state: Mutex::new((HashMap::new(), PRUNE_MIN)),
        }
    }

    pub fn admit(&self, user: &str, now: Instant) -> Admission {
        let mut guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (map, prune_at) = &mut *guard;
        if map.len() >= *prune_at {
            forget(map, prune_at, now);
        }
        let w = map.entry(user.to_string()).or_insert(Window {
            start: now,
            count: 0,
        });
        if now.duration_since(w.start) >= WINDOW {
            *w = Window {
                start: now,
                count: 0,
            };
        }
        w.count = w.count.saturating_add(1);
        if w.count <= self.per_minute {
            Admission::Read
        } else if w.count == self.per_minute + 1 {
            let left = WINDOW.saturating_sub(now.duration_since(w.start));
            Admission::SlowDown {
                seconds_left: left.as_secs().max(1),
            }
        } else {
            Admission::Drop
        }
    }

    /// Forgets the windows that have passed by `now` and shrinks the table to what is left,
    /// so memory taken by a burst is given back once its minute is over. Returns how many
    /// windows are still counting.
    pub fn forget_passed(&self, now: Instant) -> usize {
        let mut guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (map, prune_at) = &mut *guard;
        forget(map, prune_at, now);
        map.shrink_to_fit();
        map.len()
    }
}

/// Drops the windows that have passed by `now`; the map is pruned again once it has doubled.
fn forget(map: &mut HashMap<String, Window>, prune_at: &mut usize, now: Instant) {
    map.retain(|_, w| now.duration_since(w.start) < WINDOW);
    *prune_at = (map.len() * 2).max(PRUNE_MIN);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_then_one_warning_then_silence_until_the_window_passes() {
        let l = Limiter::new(3);
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        for i in 0..3 {
            assert_eq!(l.admit("telegram:1", at(i)), Admission::Read);
        }
        assert_eq!(
            l.admit("telegram:1", at(10)),
            Admission::SlowDown { seconds_left: 50 }
        );
        assert_eq!(l.admit("telegram:1", at(11)), Admission::Drop);
        assert_eq!(l.admit("telegram:1", at(59)), Admission::Drop);
        // Someone else is not affected.
        assert_eq!(l.admit("zalo:1", at(12)), Admission::Read);
        // A new minute: read again.
        assert_eq!(l.admit("telegram:1", at(60)), Admission::Read);
    }

    #[test]
    fn passed_windows_are_forgotten() {
        let l = Limiter::new(1);
        let t0 = Instant::now();
        for i in 0..5000 {
            l.admit(&format!("telegram:{i}"), t0);
        }
        let later = t0 + WINDOW;
        l.admit("telegram:new", later);
        for i in 0..4000 {
            l.admit(&format!("zalo:{i}"), later);
        }
        // The 5,000 of the passed minute are gone; the 4,001 of this one are kept.
        let kept = l.state.lock().unwrap().0.len();
        assert_eq!(kept, 4001);
    }

    fn capacity(l: &Limiter) -> usize {
        l.state.lock().unwrap().0.capacity()
    }

    #[test]
    fn a_burst_is_forgotten_with_time_and_its_table_given_back() {
        let l = Limiter::new(2);
        let t0 = Instant::now();
        for i in 0..20_000 {
            l.admit(&format!("telegram:{i}"), t0);
        }
        let burst = capacity(&l);
        assert!(burst >= 20_000);
        // Within the minute nothing is forgotten: the limit still counts.
        assert_eq!(l.forget_passed(t0 + WINDOW / 2), 20_000);
        l.admit("telegram:7", t0 + WINDOW / 2);
        assert_eq!(
            l.admit("telegram:7", t0 + WINDOW / 2),
            Admission::SlowDown { seconds_left: 30 }
        );
        // One person writes again after the minute; the burst's windows have passed.
        let later = t0 + WINDOW;
        l.admit("zalo:1", later);
        assert_eq!(l.forget_passed(later), 1);
        assert!(capacity(&l) < burst / 100, "{} of {burst}", capacity(&l));
        // The one left is still counted, and the forgotten start afresh.
        assert_eq!(l.admit("zalo:1", later), Admission::Read);
        assert_eq!(
            l.admit("zalo:1", later),
            Admission::SlowDown { seconds_left: 60 }
        );
        assert_eq!(l.admit("telegram:7", later), Admission::Read);
        // Quiet for a minute more: nothing left at all.
        assert_eq!(l.forget_passed(later + WINDOW), 0);
        assert_eq!(capacity(&l), 0);
    }
}
