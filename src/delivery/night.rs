//! Deliveries a messenger held for the night (Zalo refuses messages 22:00–06:00): which
//! recipients of each running announcement wait for the morning, so that the head hears
//! "N người Zalo sẽ nhận lúc 06:00" once everything else has gone, instead of waiting
//! for the final report until morning. Kept in memory: after a restart the held deliveries
//! still go in the morning (they are in the outbox's retry index); only this note is not
//! repeated.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// One announcement's recipients held for the night.
#[derive(Debug, Default)]
struct Held {
    recipients: HashSet<String>,
    platform: String,
    until: Option<DateTime<Utc>>,
    told: bool,
}

/// What to tell the author: `count` people on `platform` get it at `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NightNote {
    pub platform: String,
    pub count: usize,
    pub until: DateTime<Utc>,
}

/// Held deliveries per announcement.
#[derive(Debug, Default)]
pub struct NightHolds {
    by_announcement: Mutex<HashMap<u64, Held>>,
}

impl NightHolds {
    /// `recipient` (on `platform`) of `ann` waits until `until`.
    pub fn hold(&self, ann: u64, recipient: &str, platform: &str, until: DateTime<Utc>) {
        let mut map = self.by_announcement.lock().expect("night lock");
        let h = map.entry(ann).or_default();
        h.recipients.insert(recipient.to_string());
        h.platform = platform.to_string();
        h.until = Some(h.until.map_or(until, |u| u.max(until)));
    }

    /// The note for `ann` when every one of its `open` deliveries (pending or in flight) is
    /// a held one and the author has not been told yet; marks it told.
    pub fn note_due(&self, ann: u64, open: usize) -> Option<NightNote> {
        let mut map = self.by_announcement.lock().expect("night lock");
        let h = map.get_mut(&ann)?;
        if h.told || open == 0 || open > h.recipients.len() {
            return None;
        }
        h.told = true;
        Some(NightNote {
            platform: h.platform.clone(),
            count: open,
            until: h.until?,
        })
    }

    /// The announcement is done (its final report went).
    pub fn forget(&self, ann: u64) {
        self.by_announcement
            .lock()
            .expect("night lock")
            .remove(&ann);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn told_once_when_only_held_ones_are_left() {
        let n = NightHolds::default();
        let at = DateTime::parse_from_rfc3339("2026-12-02T23:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(n.note_due(1, 2), None, "nothing held");
        n.hold(1, "zalo:1", "zalo", at);
        n.hold(1, "zalo:2", "zalo", at);
        // Held twice (refused again): still two people.
        n.hold(1, "zalo:2", "zalo", at);
        assert_eq!(n.note_due(1, 5), None, "three others still sending");
        assert_eq!(
            n.note_due(1, 2),
            Some(NightNote {
                platform: "zalo".into(),
                count: 2,
                until: at
            })
        );
        assert_eq!(n.note_due(1, 2), None, "told once");
        n.forget(1);
        assert_eq!(n.note_due(1, 2), None);
    }
}
