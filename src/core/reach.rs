//! Whether a person is reachable now on their messenger, from what the store last saw of
//! them (pure): someone who blocked the bot or stopped following is not; on Zalo, someone
//! whose last message is more than 7 days old, or whose last send was refused for the
//! closed window since they last wrote, probably is not (the OA's consultation window,
//! see `../shared/domain/zalo-reach.md`).

use chrono::{DateTime, Duration, Utc};

use crate::store::{Reach, User};

/// The platforms whose messages may only answer someone who wrote recently, and for how
/// long after their last message.
pub fn reply_window(platform: &str) -> Option<Duration> {
    match platform {
        "zalo" => Some(Duration::days(7)),
        _ => None,
    }
}

/// How a person stands for a notice sent now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reachability {
    /// A send should arrive.
    Now,
    /// Probably refused: the messenger's reply window is closed (they will get it by
    /// catch-up when they write).
    WindowClosed,
    /// Blocked the bot or stopped following: nothing is sent to them.
    Left,
}

/// Where `user` stands at `now`. `reach` is the store's record (empty for someone not
/// seen since it was kept: their `last_seen` day stands in for their last message).
pub fn classify(user: &User, reach: &Reach, now: DateTime<Utc>) -> Reachability {
    if !user.active || reach.left {
        return Reachability::Left;
    }
    let Some(window) = reply_window(&user.address.platform) else {
        return Reachability::Now;
    };
    let last = reach
        .last_inbound
        .map_or(user.last_seen, |t| t.max(user.last_seen));
    if now - last > window || reach.window_refused.is_some_and(|r| r >= last) {
        Reachability::WindowClosed
    } else {
        Reachability::Now
    }
}

/// How the subscribers of a notice's hamlets stand, for the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReachCounts {
    pub now: usize,
    pub window_closed: usize,
    pub left: usize,
}

impl ReachCounts {
    pub fn add(&mut self, r: Reachability) {
        match r {
            Reachability::Now => self.now += 1,
            Reachability::WindowClosed => self.window_closed += 1,
            Reachability::Left => self.left += 1,
        }
    }

    /// Those a notice is queued for (everyone but those who left).
    pub fn recipients(&self) -> usize {
        self.now + self.window_closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Address;

    fn t(d: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_000_000 + d * 86_400, 0).unwrap()
    }

    fn user(platform: &str, last_seen: DateTime<Utc>, active: bool) -> User {
        User {
            key: format!("{platform}:1"),
            address: Address::new(platform, "1"),
            locale: None,
            first_seen: t(0),
            last_seen,
            active,
        }
    }

    #[test]
    fn telegram_has_no_window() {
        let u = user("telegram", t(0), true);
        assert_eq!(classify(&u, &Reach::default(), t(100)), Reachability::Now);
        let blocked = Reach {
            left: true,
            ..Reach::default()
        };
        assert_eq!(classify(&u, &blocked, t(1)), Reachability::Left);
        assert_eq!(
            classify(&user("telegram", t(0), false), &Reach::default(), t(1)),
            Reachability::Left
        );
    }

    #[test]
    fn zalo_closes_after_seven_days_or_a_refusal() {
        let u = user("zalo", t(0), true);
        let wrote = |d| Reach {
            last_inbound: Some(t(d)),
            ..Reach::default()
        };
        assert_eq!(classify(&u, &wrote(2), t(9)), Reachability::Now);
        assert_eq!(classify(&u, &wrote(1), t(9)), Reachability::WindowClosed);
        // No record yet: the last-seen day counts.
        assert_eq!(classify(&u, &Reach::default(), t(6)), Reachability::Now);
        assert_eq!(
            classify(&u, &Reach::default(), t(8)),
            Reachability::WindowClosed
        );
        // Refused after their last message: closed, whatever the days say.
        let refused = Reach {
            last_inbound: Some(t(3)),
            window_refused: Some(t(4)),
            ..Reach::default()
        };
        assert_eq!(classify(&u, &refused, t(5)), Reachability::WindowClosed);
        // They wrote after the refusal: open again.
        let reopened = Reach {
            last_inbound: Some(t(5)),
            window_refused: Some(t(4)),
            ..Reach::default()
        };
        assert_eq!(classify(&u, &reopened, t(6)), Reachability::Now);
        let unfollowed = Reach {
            left: true,
            ..wrote(5)
        };
        assert_eq!(classify(&u, &unfollowed, t(6)), Reachability::Left);
    }

    #[test]
    fn counts_add_up() {
        let mut c = ReachCounts::default();
        for r in [
            Reachability::Now,
            Reachability::Now,
            Reachability::WindowClosed,
            Reachability::Left,
        ] {
            c.add(r);
        }
        assert_eq!(
            (c.now, c.window_closed, c.left, c.recipients()),
            (2, 1, 1, 3)
        );
    }
}
