//! "✅ Đã nhận": which delivered notices each person acknowledged and when, the notices
//! delivered to them and not acknowledged yet, and the names people present on their
//! messenger (shown to their hamlet's head in a notice's report).
//!
//! - `acks`: (announcement, recipient) → when it was acknowledged (written once), a tree
//!   of its own apart from the outbox's delivery records;
//! - the notices delivered to a person and not acknowledged yet, with when, are in their
//!   user record (schema 9, `person.rs`), so a person's next message finds them with the read
//!   it makes anyway, and a delivery adds no key (schema 8 kept them in `acks_open`:
//!   (recipient, announcement) → when, one new key per delivery).
//!
//! The name is kept in the person's user record (schema 6, `person.rs`); schema 5 kept it in
//! `display_names` (user → the name), emptied by the 5 → 6 migration.

use chrono::{DateTime, Utc};

use super::{Result, Store, keys};

/// What pressing (or typing) "Đã nhận" for one notice did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckOutcome {
    /// Recorded now.
    Recorded,
    /// Recorded before, at this time; nothing changed.
    Already(DateTime<Utc>),
    /// The notice was delivered to this person, but longer ago than it stays valid.
    Expired,
    /// No such notice was delivered to this person (a forged or foreign button).
    Unknown,
}

/// Longest name kept (characters); messengers allow long names, a report line must not be.
const NAME_CHARS: usize = 64;

impl Store {
    /// A notice reached `user` at `at`: they may acknowledge it from now on.
    /// Kept in their user record: someone with no record (forgotten meanwhile) gets none.
    pub fn note_notice_delivered(&self, ann: u64, user: &str, at: DateTime<Utc>) -> Result<()> {
        let _gate = self.writing();
        if self.acks.contains_key(keys::delivery(ann, user))? {
            return Ok(());
        }
        self.change_person_gated(
            user,
            |p| *p != Default::default() && super::person::add_open(p, ann, at),
            |c| *c,
        )?;
        Ok(())
    }

    /// Forgets that notice `ann` is open for `user`.
    fn close_open(&self, ann: u64, user: &str) -> Result<()> {
        self.change_person_gated(
            user,
            |p| {
                let before = p.open.len();
                p.open.retain(|(a, _)| *a != ann);
                p.open.len() != before
            },
            |c| *c,
        )?;
        Ok(())
    }

    /// `user` acknowledges notice `ann` at `now`; a notice delivered before `valid_from`
    /// is no longer valid.
    pub fn acknowledge(
        &self,
        ann: u64,
        user: &str,
        now: DateTime<Utc>,
        valid_from: DateTime<Utc>,
    ) -> Result<AckOutcome> {
        let _gate = self.writing();
        let ack_key = keys::delivery(ann, user);
        if let Some(at) = self.acks.get(&ack_key)? {
            return Ok(AckOutcome::Already(keys::time_of(&at).unwrap_or(now)));
        }
        let open = self.person(user)?.open;
        let Some(&(_, delivered)) = open.iter().find(|(a, _)| *a == ann) else {
            return Ok(AckOutcome::Unknown);
        };
        if delivered < valid_from {
            self.close_open(ann, user)?;
            return Ok(AckOutcome::Expired);
        }
        // The acknowledgement first: a crash between the two leaves an open entry whose
        // next acknowledgement answers "already noted".
        self.acks.insert(ack_key, &keys::time_value(now))?;
        self.close_open(ann, user)?;
        Ok(AckOutcome::Recorded)
    }

    /// Acknowledges each of `open` (notices delivered to `user`, oldest first; their next
    /// message counts as having read them), forgetting those older than `valid_from`; returns
    /// those recorded now.
    pub(super) fn acknowledge_each(
        &self,
        user: &str,
        open: impl IntoIterator<Item = u64>,
        now: DateTime<Utc>,
        valid_from: DateTime<Utc>,
    ) -> Result<Vec<u64>> {
        let mut acked = Vec::new();
        for id in open {
            if self.acknowledge(id, user, now, valid_from)? == AckOutcome::Recorded {
                acked.push(id);
            }
        }
        Ok(acked)
    }

    /// Who acknowledged notice `ann`, and when (a read of that notice's entries only).
    pub fn acks_of(&self, ann: u64) -> Result<Vec<(String, DateTime<Utc>)>> {
        let mut out = Vec::new();
        for kv in self.acks.scan_prefix(keys::announcement(ann)) {
            let (k, v) = kv?;
            if let (Some(user), Some(at)) = (keys::delivery_recipient(&k), keys::time_of(&v)) {
                out.push((user.to_string(), at));
            }
        }
        Ok(out)
    }

    /// Keeps the name `user` presents on their messenger (trimmed, at most 64 characters);
    /// writes only when it changed.
    pub fn set_display_name(&self, user: &str, name: &str) -> Result<()> {
        let Some(name) = kept_name(name) else {
            return Ok(());
        };
        if self.person(user)?.name.as_deref() == Some(name.as_str()) {
            return Ok(());
        }
        self.change_person(
            user,
            |p| p.name.replace(name.clone()).as_deref() != Some(name.as_str()),
            |c| *c,
        )?;
        Ok(())
    }

    /// The name `user` presents on their messenger, if it gave one.
    pub fn display_name(&self, user: &str) -> Result<Option<String>> {
        Ok(self.person(user)?.name)
    }

    /// "Forget me": the person's acknowledgements (their open notices and name go with their
    /// user record).
    pub(super) fn forget_acks_of(&self, user: &str) -> Result<()> {
        let _gate = self.writing();
        // Acknowledgements are keyed by notice first: read them all (forgetting is rare).
        for k in self.acks.iter().keys() {
            let k = k?;
            if keys::delivery_recipient(&k) == Some(user) {
                self.acks.remove(&k)?;
            }
        }
        Ok(())
    }
}

/// A name as kept: control characters out, at most [`NAME_CHARS`] characters, trimmed;
/// `None` when nothing is left.
pub(super) fn kept_name(name: &str) -> Option<String> {
    let name: String = name
        .chars()
        .filter(|c| !c.is_control())
        .take(NAME_CHARS)
        .collect();
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Address;
    use chrono::Duration;

    fn t(min: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_000_000 + min * 60, 0).unwrap()
    }

    /// What a next message from `user` acknowledges, as the core asks on its arrival.
    fn next_message(
        s: &Store,
        user: &str,
        now: DateTime<Utc>,
        valid_from: DateTime<Utc>,
    ) -> Vec<u64> {
        let (platform, id) = user.split_once(':').unwrap();
        let visit = s
            .arrive(user, &Address::new(platform, id), None, now)
            .unwrap();
        let acked = s.acknowledge_open_in(&visit, now, valid_from).unwrap();
        s.leave(visit).unwrap();
        acked
    }

    /// A store where the people these tests deliver to have written once.
    fn people() -> Store {
        let s = Store::temporary().unwrap();
        for (platform, id) in [
            ("telegram", "1"),
            ("telegram", "2"),
            ("zalo", "9"),
            ("zalo", "99"),
        ] {
            s.touch_user(
                &format!("{platform}:{id}"),
                &crate::model::Address::new(platform, id),
                t(-1),
            )
            .unwrap();
        }
        s
    }

    #[test]
    fn open_notices_live_in_the_user_record_and_only_the_newest_are_kept() {
        let s = people();
        let users_before = s.users.len();
        for ann in 1..=(super::super::person::OPEN_KEPT as u64 + 3) {
            s.note_notice_delivered(ann, "zalo:9", t(ann as i64))
                .unwrap();
        }
        assert_eq!(s.users.len(), users_before, "no key added per delivery");
        assert!(s.acks_open.is_empty());
        let open = s.person("zalo:9").unwrap().open;
        assert_eq!(open.len(), super::super::person::OPEN_KEPT);
        assert_eq!(open[0].0, 4, "the oldest three made room");
        let from = t(0);
        assert_eq!(
            s.acknowledge(1, "zalo:9", t(99), from).unwrap(),
            AckOutcome::Unknown
        );
        assert_eq!(
            s.acknowledge(4, "zalo:9", t(99), from).unwrap(),
            AckOutcome::Recorded
        );
        // Someone with no record (forgotten while the notice went) gets none.
        s.note_notice_delivered(1, "zalo:404", t(1)).unwrap();
        assert_eq!(s.users.len(), users_before);
    }

    #[test]
    fn an_acknowledgement_is_recorded_once_and_only_for_a_delivered_notice() {
        let s = people();
        s.note_notice_delivered(3, "telegram:1", t(0)).unwrap();
        let from = t(0) - Duration::days(7);
        assert_eq!(
            s.acknowledge(3, "telegram:2", t(1), from).unwrap(),
            AckOutcome::Unknown
        );
        assert_eq!(
            s.acknowledge(4, "telegram:1", t(1), from).unwrap(),
            AckOutcome::Unknown
        );
        assert_eq!(
            s.acknowledge(3, "telegram:1", t(2), from).unwrap(),
            AckOutcome::Recorded
        );
        assert_eq!(
            s.acknowledge(3, "telegram:1", t(5), from).unwrap(),
            AckOutcome::Already(t(2))
        );
        assert_eq!(s.acks_of(3).unwrap(), vec![("telegram:1".into(), t(2))]);
        // Delivered again (a resend after a crash): still acknowledged once.
        s.note_notice_delivered(3, "telegram:1", t(6)).unwrap();
        assert!(next_message(&s, "telegram:1", t(7), from).is_empty());
        assert_eq!(s.acks_of(3).unwrap(), vec![("telegram:1".into(), t(2))]);
    }

    #[test]
    fn a_next_message_acknowledges_open_notices_still_valid() {
        let s = people();
        s.note_notice_delivered(1, "zalo:9", t(0)).unwrap();
        s.note_notice_delivered(2, "zalo:9", t(60 * 24 * 10))
            .unwrap();
        s.note_notice_delivered(2, "zalo:99", t(60 * 24 * 10))
            .unwrap();
        let now = t(60 * 24 * 11);
        let acked = next_message(&s, "zalo:9", now, now - Duration::days(7));
        assert_eq!(acked, vec![2], "notice 1 is older than 7 days");
        assert!(s.acks_of(1).unwrap().is_empty());
        assert_eq!(s.acks_of(2).unwrap(), vec![("zalo:9".into(), now)]);
        assert_eq!(
            s.acknowledge(1, "zalo:9", now, now - Duration::days(7))
                .unwrap(),
            AckOutcome::Unknown,
            "the expired entry is gone"
        );
    }

    #[test]
    fn names_are_kept_short_and_forgotten_with_the_person() {
        let s = people();
        s.set_display_name("telegram:1", "  Lò Văn A\u{7}  ")
            .unwrap();
        assert_eq!(
            s.display_name("telegram:1").unwrap().as_deref(),
            Some("Lò Văn A")
        );
        s.set_display_name("telegram:1", "").unwrap();
        assert_eq!(
            s.display_name("telegram:1").unwrap().as_deref(),
            Some("Lò Văn A")
        );
        s.set_display_name("telegram:2", &"x".repeat(500)).unwrap();
        assert_eq!(s.display_name("telegram:2").unwrap().unwrap().len(), 64);
        s.note_notice_delivered(1, "telegram:1", t(0)).unwrap();
        s.note_notice_delivered(2, "telegram:1", t(0)).unwrap();
        s.note_notice_delivered(1, "telegram:2", t(0)).unwrap();
        s.acknowledge(1, "telegram:1", t(1), t(-1)).unwrap();
        s.acknowledge(1, "telegram:2", t(1), t(-1)).unwrap();
        s.forget_user("telegram:1").unwrap();
        assert_eq!(s.acks_of(1).unwrap(), vec![("telegram:2".into(), t(1))]);
        assert_eq!(
            s.display_name("telegram:2").unwrap().map(|n| n.len()),
            Some(64)
        );
        assert_eq!(s.display_name("telegram:1").unwrap(), None);
        assert_eq!(
            s.acknowledge(2, "telegram:1", t(2), t(-1)).unwrap(),
            AckOutcome::Unknown
        );
    }
}
