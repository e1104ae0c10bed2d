//! The bot's wall clock: real time plus a process-wide offset that only moves forward, so
//! end-to-end tests can let days pass (`advance`) without sleeping, and waiters wake at once.
//!
//! Every wall-clock decision about notices (acknowledgement expiry, validity, catch-up,
//! reminders, report times, retry times in the outbox) reads [`now`]. Pacing and anything
//! measured with `Instant` stay on the real monotonic clock. In production the offset is
//! zero: the control socket moves it only when the process was started with
//! `LOABAN_TEST_CLOCK=1` (see `service/control.rs`).

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::watch;

/// The environment variable that lets the control socket advance the clock.
pub const TEST_CLOCK_ENV: &str = "LOABAN_TEST_CLOCK";

/// With the test clock on, how many seconds ahead of real time the clock starts (a test
/// that restarts the bot passes the offset it had reached).
pub const TEST_CLOCK_OFFSET_ENV: &str = "LOABAN_TEST_CLOCK_OFFSET";

/// A clock: real time plus an offset in milliseconds, each change published so that
/// waiters re-check. The process has one ([`now`], [`advance`], …); tests of this module
/// make their own so they never move the clock under other tests.
struct Clock {
    offset_ms: watch::Sender<i64>,
}

fn global() -> &'static Clock {
    static CLOCK: OnceLock<Clock> = OnceLock::new();
    CLOCK.get_or_init(Clock::new)
}

/// Whether this process was started with `LOABAN_TEST_CLOCK=1`.
pub fn test_clock_enabled() -> bool {
    std::env::var(TEST_CLOCK_ENV).is_ok_and(|v| v == "1")
}

/// The current wall time: the real time plus the offset.
pub fn now() -> DateTime<Utc> {
    global().now()
}

/// How far the clock has been moved ahead of real time.
pub fn offset() -> Duration {
    global().offset()
}

/// Why the clock did not move.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdvanceError {
    #[error("the clock only moves forward (asked to move by {0} ms)")]
    Backwards(i64),
    #[error("cannot move the clock by that much")]
    TooFar,
}

/// Moves the clock forward by `by` and wakes everyone waiting in [`sleep_until`] or
/// [`advanced`]. Returns the new [`now`]. Zero is allowed (it only wakes waiters).
pub fn advance(by: Duration) -> Result<DateTime<Utc>, AdvanceError> {
    global().advance(by)
}

/// Resolves the next time the clock is advanced.
pub async fn advanced() {
    global().advanced().await
}

/// Waits until the wall time reaches `at`, whether real time gets there or the clock is
/// advanced past it (then it returns at once).
pub async fn sleep_until(at: DateTime<Utc>) {
    global().sleep_until(at).await
}

/// Waits for `d` of wall time (real, or skipped by an advance).
pub async fn sleep(d: std::time::Duration) {
    let clock = global();
    let d = Duration::from_std(d).unwrap_or(Duration::MAX);
    match clock.now().checked_add_signed(d) {
        Some(at) => clock.sleep_until(at).await,
        None => std::future::pending().await,
    }
}

impl Clock {
    fn new() -> Clock {
        Clock {
            offset_ms: watch::Sender::new(0),
        }
    }

    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset()
    }

    fn offset(&self) -> Duration {
        Duration::milliseconds(*self.offset_ms.borrow())
    }

    fn advance(&self, by: Duration) -> Result<DateTime<Utc>, AdvanceError> {
        let ms = by.num_milliseconds();
        if ms < 0 {
            return Err(AdvanceError::Backwards(ms));
        }
        let mut result = Ok(());
        self.offset_ms.send_modify(|off| match off.checked_add(ms) {
            Some(v) if Duration::try_milliseconds(v).is_some() => *off = v,
            _ => result = Err(AdvanceError::TooFar),
        });
        result.map(|()| self.now())
    }

    async fn advanced(&self) {
        let mut rx = self.offset_ms.subscribe();
        // The sender outlives every receiver (the process's clock lives in a static).
        let _ = rx.changed().await;
    }

    async fn sleep_until(&self, at: DateTime<Utc>) {
        let mut rx = self.offset_ms.subscribe();
        loop {
            // Subscribed before reading the time: an advance from here on wakes `changed`.
            rx.borrow_and_update();
            let Ok(left) = (at - self.now()).to_std() else {
                return;
            };
            if left.is_zero() {
                return;
            }
            tokio::select! {
                () = tokio::time::sleep(left) => {}
                _ = rx.changed() => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Each test uses a clock of its own: the process's clock is never moved by unit tests,
    //! which run side by side with tests of the core that read it.
    use std::sync::Arc;

    use super::*;

    #[test]
    fn now_is_real_time_plus_the_offset() {
        let c = Clock::new();
        assert_eq!(c.offset(), Duration::zero());
        let before = Utc::now();
        let t = c.now();
        assert!(t >= before && t <= Utc::now());
        c.advance(Duration::days(9)).unwrap();
        let (before, t, after) = (Utc::now(), c.now(), Utc::now());
        assert_eq!(c.offset(), Duration::days(9));
        assert!(t >= before + Duration::days(9) && t <= after + Duration::days(9));
    }

    #[test]
    fn advances_add_up_and_backwards_is_refused() {
        let c = Clock::new();
        c.advance(Duration::days(1)).unwrap();
        c.advance(Duration::hours(2)).unwrap();
        assert_eq!(c.offset(), Duration::hours(26));
        assert_eq!(
            c.advance(Duration::seconds(-1)),
            Err(AdvanceError::Backwards(-1000))
        );
        assert_eq!(
            c.advance(Duration::milliseconds(i64::MAX)),
            Err(AdvanceError::TooFar)
        );
        assert_eq!(
            c.offset(),
            Duration::hours(26),
            "a refused move changes nothing"
        );
    }

    #[test]
    fn the_process_clock_starts_at_real_time() {
        // Nothing in the library's unit tests moves it.
        assert_eq!(offset(), Duration::zero());
        let before = Utc::now();
        assert!(now() >= before);
    }

    #[tokio::test]
    async fn sleep_until_a_past_time_returns_at_once() {
        let c = Clock::new();
        tokio::time::timeout(
            std::time::Duration::from_secs(5),
            c.sleep_until(c.now() - Duration::seconds(1)),
        )
        .await
        .expect("no wait for a time already passed");
    }

    #[tokio::test]
    async fn an_advance_wakes_a_sleeper_whose_time_it_passes() {
        let c = Arc::new(Clock::new());
        let at = c.now() + Duration::days(30);
        let sleeper = tokio::spawn({
            let c = c.clone();
            async move { c.sleep_until(at).await }
        });
        tokio::task::yield_now().await;
        c.advance(Duration::days(31)).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(5), sleeper)
            .await
            .expect("woken by the advance, not by 30 real days")
            .unwrap();
        assert!(c.now() >= at);
    }

    #[tokio::test]
    async fn an_advance_short_of_the_time_keeps_the_sleeper_waiting() {
        let c = Arc::new(Clock::new());
        let at = c.now() + Duration::days(2);
        let sleeper = tokio::spawn({
            let c = c.clone();
            async move { c.sleep_until(at).await }
        });
        tokio::task::yield_now().await;
        c.advance(Duration::days(1)).unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(!sleeper.is_finished(), "one day is not two");
        c.advance(Duration::days(1)).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(5), sleeper)
            .await
            .expect("the second day reaches it")
            .unwrap();
    }

    #[tokio::test]
    async fn advanced_resolves_on_the_next_advance() {
        let c = Arc::new(Clock::new());
        let waiter = tokio::spawn({
            let c = c.clone();
            async move { c.advanced().await }
        });
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        c.advance(Duration::zero()).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
            .await
            .expect("an advance, even by zero, wakes it")
            .unwrap();
    }
}
