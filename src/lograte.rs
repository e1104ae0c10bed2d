//! Log lines at most once a period, with how many were held back meanwhile: a flood of
//! forged webhook calls or a full disk must not fill the log (and the disk) with one line
//! per event.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One limited kind of log line.
pub struct EveryFew {
    period: Duration,
    state: Mutex<State>,
}

struct State {
    last: Option<Instant>,
    held: u64,
}

impl EveryFew {
    pub const fn new(period: Duration) -> EveryFew {
        EveryFew {
            period,
            state: Mutex::new(State {
                last: None,
                held: 0,
            }),
        }
    }

    /// Counts one event. `Some(n)` when it should be logged now, `n` being this event and
    /// those held back since the last line; `None` while within the period.
    pub fn tick(&self) -> Option<u64> {
        self.tick_at(Instant::now())
    }

    fn tick_at(&self, now: Instant) -> Option<u64> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.held += 1;
        match st.last {
            Some(last) if now.duration_since(last) < self.period => None,
            _ => {
                st.last = Some(now);
                Some(std::mem::take(&mut st.held))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_a_period_with_the_count() {
        let limit = EveryFew::new(Duration::from_secs(60));
        let t0 = Instant::now();
        assert_eq!(limit.tick_at(t0), Some(1));
        for s in 1..60 {
            assert_eq!(limit.tick_at(t0 + Duration::from_secs(s)), None);
        }
        assert_eq!(limit.tick_at(t0 + Duration::from_secs(60)), Some(60));
        assert_eq!(limit.tick_at(t0 + Duration::from_secs(61)), None);
    }
}
