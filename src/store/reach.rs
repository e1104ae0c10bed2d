//! Reachability per person and messenger, as last seen: when they last wrote, whether they
//! left (blocked the bot, stopped following the OA), and when a send was last refused
//! because the messenger's reply window was closed (Zalo's 7 days). The core decides from
//! this record whether a person is reachable now (`core::reach`).
//!
//! Kept in the person's user record (schema 6, `person.rs`); schema 5 kept it in a tree of
//! its own, `reach`: user key → 25 bytes (state, then three times in milliseconds, 0 for
//! none), read once by the 5 → 6 migration. Written when something a reader needs changed:
//! a person's messages write at most once an hour, a sent delivery only when it reopens a
//! closed window.

use chrono::{DateTime, Duration, Utc};

#[cfg(test)]
use super::keys;
use super::{Result, Store};

/// How often a person's messages update their last-message time (their window is reckoned
/// at most this much too short).
pub const INBOUND_EVERY: Duration = Duration::hours(1);

/// What the store knows of one person on one messenger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reach {
    /// The last message from them (to [`INBOUND_EVERY`]).
    pub last_inbound: Option<DateTime<Utc>>,
    /// They blocked the bot or stopped following (until they write again).
    pub left: bool,
    /// When a send to them was last refused because their reply window was closed.
    pub window_refused: Option<DateTime<Utc>>,
    /// When a send to them last succeeded.
    pub last_sent: Option<DateTime<Utc>>,
}

/// What a delivery's outcome says about reaching its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendSeen {
    Sent,
    /// Blocked the bot, unfollowed, gone.
    Left,
    /// Refused: the reply window is closed.
    WindowClosed,
}

#[cfg(test)]
const LEN: usize = 25;

/// Schema 5's record in the `reach` tree (the migration's tests write it).
#[cfg(test)]
pub(super) fn encode(r: &Reach) -> [u8; LEN] {
    let mut v = [0u8; LEN];
    v[0] = u8::from(r.left);
    let t = |t: Option<DateTime<Utc>>| t.map_or(0, keys::millis).to_be_bytes();
    v[1..9].copy_from_slice(&t(r.last_inbound));
    v[9..17].copy_from_slice(&t(r.window_refused));
    v[17..25].copy_from_slice(&t(r.last_sent));
    v
}

/// Reads schema 5's record in the `reach` tree.
pub(super) fn decode(v: &[u8]) -> Reach {
    let t = |range: std::ops::Range<usize>| {
        v.get(range)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_be_bytes)
            .filter(|&ms| ms > 0)
            .and_then(|ms| DateTime::from_timestamp_millis(i64::try_from(ms).ok()?))
    };
    Reach {
        left: v.first().is_some_and(|&b| b == 1),
        last_inbound: t(1..9),
        window_refused: t(9..17),
        last_sent: t(17..25),
    }
}

/// What a message at `now` changes in `reach`; true when it must be written: at most once an
/// [`INBOUND_EVERY`] unless they had left or been refused since.
pub(super) fn inbound(reach: &mut Reach, now: DateTime<Utc>) -> bool {
    let fresh = reach
        .last_inbound
        .is_some_and(|t| now >= t && now - t < INBOUND_EVERY);
    let refused_since = reach
        .window_refused
        .is_some_and(|r| reach.last_inbound.is_none_or(|t| r >= t));
    if fresh && !reach.left && !refused_since {
        return false;
    }
    reach.last_inbound = Some(now);
    reach.left = false;
    true
}

impl Store {
    /// What is known of reaching `user` (empty for someone never seen since this was kept).
    pub fn reach(&self, user: &str) -> Result<Reach> {
        Ok(self.person(user)?.reach)
    }

    /// `user` wrote (or followed) at `now`: they are reachable again, and their window
    /// reopens. Writes at most once an [`INBOUND_EVERY`] unless they had left or been
    /// refused since.
    pub fn note_inbound(&self, user: &str, now: DateTime<Utc>) -> Result<()> {
        self.change_person(user, |p| inbound(&mut p.reach, now), |c| *c)?;
        Ok(())
    }

    /// The platform said `user` blocked the bot or stopped following.
    pub fn note_left(&self, user: &str) -> Result<()> {
        self.change_person(
            user,
            |p| !std::mem::replace(&mut p.reach.left, true),
            |c| *c,
        )?;
        Ok(())
    }

    /// A delivery to `user` ended with `seen` at `now`. A plain success writes only when it
    /// changes what readers conclude (a refused window or a "left" before it), so a
    /// broadcast's sends do not add a write each.
    pub fn note_send(&self, user: &str, seen: SendSeen, now: DateTime<Utc>) -> Result<()> {
        // Read first: a plain success, the usual case, changes nothing and takes no lock.
        let old = self.reach(user)?;
        let unchanged = match seen {
            SendSeen::Sent => old.window_refused.is_none() && !old.left,
            SendSeen::Left => old.left,
            SendSeen::WindowClosed => false,
        };
        if unchanged {
            return Ok(());
        }
        self.change_person(
            user,
            |p| {
                let old = p.reach;
                p.reach = match seen {
                    SendSeen::Sent if old.window_refused.is_none() && !old.left => return false,
                    SendSeen::Sent => Reach {
                        window_refused: None,
                        left: false,
                        last_sent: Some(now),
                        ..old
                    },
                    SendSeen::Left if old.left => return false,
                    SendSeen::Left => Reach { left: true, ..old },
                    SendSeen::WindowClosed => Reach {
                        window_refused: Some(now),
                        ..old
                    },
                };
                true
            },
            |c| *c,
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_000_000 + h * 3600, 0).unwrap()
    }

    #[test]
    fn records_round_trip() {
        let r = Reach {
            last_inbound: Some(t(1)),
            left: true,
            window_refused: None,
            last_sent: Some(t(3)),
        };
        assert_eq!(decode(&encode(&r)), r);
        assert_eq!(decode(&encode(&Reach::default())), Reach::default());
        assert_eq!(decode(b""), Reach::default());
    }

    #[test]
    fn messages_write_at_most_hourly_unless_something_changed() {
        let s = Store::temporary().unwrap();
        let u = "zalo:1";
        s.note_inbound(u, t(0)).unwrap();
        assert_eq!(s.reach(u).unwrap().last_inbound, Some(t(0)));
        // Half an hour later: nothing to write.
        s.note_inbound(u, t(0) + Duration::minutes(30)).unwrap();
        assert_eq!(s.reach(u).unwrap().last_inbound, Some(t(0)));
        s.note_inbound(u, t(2)).unwrap();
        assert_eq!(s.reach(u).unwrap().last_inbound, Some(t(2)));
        // Refused after that message, then writes again within the hour: reopened.
        s.note_send(u, SendSeen::WindowClosed, t(2) + Duration::minutes(10))
            .unwrap();
        s.note_inbound(u, t(2) + Duration::minutes(20)).unwrap();
        let r = s.reach(u).unwrap();
        assert_eq!(r.last_inbound, Some(t(2) + Duration::minutes(20)));
        // Left, then writes: back.
        s.note_left(u).unwrap();
        assert!(s.reach(u).unwrap().left);
        s.note_inbound(u, t(2) + Duration::minutes(25)).unwrap();
        assert!(!s.reach(u).unwrap().left);
    }

    #[test]
    fn send_outcomes() {
        let s = Store::temporary().unwrap();
        let u = "zalo:2";
        s.note_send(u, SendSeen::Sent, t(1)).unwrap();
        assert_eq!(s.reach(u).unwrap(), Reach::default(), "nothing to write");
        s.note_send(u, SendSeen::WindowClosed, t(2)).unwrap();
        assert_eq!(s.reach(u).unwrap().window_refused, Some(t(2)));
        s.note_send(u, SendSeen::Sent, t(3)).unwrap();
        let r = s.reach(u).unwrap();
        assert_eq!((r.window_refused, r.last_sent), (None, Some(t(3))));
        s.note_send(u, SendSeen::Left, t(4)).unwrap();
        assert!(s.reach(u).unwrap().left);
        s.forget_user(u).unwrap();
        assert_eq!(s.reach(u).unwrap(), Reach::default());
    }
}
