//! Following a notice up: its one reminder to those who have not acknowledged it, the
//! index of notices still valid per hamlet (what catch-up offers a person who writes), and
//! who got a notice late by catch-up (counted apart in its report).
//!
//! Three trees of their own:
//! - `reminders`: notice id → the reminder's announcement id and when it was confirmed;
//! - `valid_notices`: scope (hamlet id, or `*` for the commune), NUL, notice id → valid
//!   until (ms); one short prefix read per hamlet a person follows;
//! - `caught_up`: (notice, user) → when catch-up gave it to them.

use chrono::{DateTime, Utc};

use super::compact as codec;
use super::{Announcement, DeliveryStatus, Recipient, Result, Scope, Store, keys};

/// The commune's scope in the index of valid notices (hamlet ids are slugs, never "*").
pub const COMMUNE_SCOPE: &str = keys::ADMIN_SCOPE;

/// The scope key a notice is indexed under.
pub fn scope_key(scope: &Scope) -> &str {
    match scope {
        Scope::Hamlet(h) => h,
        Scope::Commune => COMMUNE_SCOPE,
    }
}

fn reminder_value(id: u64, at: DateTime<Utc>) -> [u8; 16] {
    let mut v = [0u8; 16];
    v[..8].copy_from_slice(&id.to_be_bytes());
    v[8..].copy_from_slice(&keys::time_value(at));
    v
}

fn reminder_of_value(v: &[u8]) -> Option<(u64, DateTime<Utc>)> {
    let id = u64::from_be_bytes(v.get(..8)?.try_into().ok()?);
    Some((id, keys::time_of(v.get(8..)?)?))
}

/// What asking for a reminder did.
#[derive(Debug, Clone, PartialEq)]
pub enum Reminded {
    /// Queued now: the reminder's announcement.
    Queued(Box<Announcement>),
    /// The notice was reminded before, at this time; nothing was sent.
    Already(DateTime<Utc>),
}

impl Store {
    /// The reminder of notice `ann`, if one was confirmed: its id (0 while it is being
    /// created) and when.
    pub fn reminder_of(&self, ann: u64) -> Result<Option<(u64, DateTime<Utc>)>> {
        Ok(self
            .reminders
            .get(keys::announcement(ann))?
            .and_then(|v| reminder_of_value(&v)))
    }

    /// Sends `reminder` (an announcement with `reminds: Some(of)`) to `recipients` through
    /// the outbox, once per notice: the notice is claimed first (compare-and-swap), so of
    /// two heads confirming at once one gets [`Reminded::Already`]. A crash after the claim
    /// and before the announcement is repaired at open ([`Store::repair_followups`]).
    pub fn create_reminder(
        &self,
        reminder: Announcement,
        recipients: impl IntoIterator<Item = Result<Recipient>>,
    ) -> Result<Reminded> {
        let of = reminder.reminds.expect("a reminder names its notice");
        let at = reminder.created_at;
        let key = keys::announcement(of);
        {
            let _gate = self.writing();
            if let Err(e) = self.reminders.compare_and_swap(
                key,
                None::<&[u8]>,
                Some(&reminder_value(0, at)[..]),
            )? {
                let when = e
                    .current
                    .as_deref()
                    .and_then(reminder_of_value)
                    .map_or(at, |(_, t)| t);
                return Ok(Reminded::Already(when));
            }
        }
        let created = self.create_announcement_from(reminder, recipients)?;
        let _gate = self.writing();
        self.reminders
            .insert(key, &reminder_value(created.id, at))?;
        Ok(Reminded::Queued(Box::new(created)))
    }

    /// Notice `ann` (just created) may be caught up on until its `valid_until`.
    pub fn index_valid(&self, ann: &Announcement) -> Result<()> {
        let (Some(until), None) = (ann.valid_until, ann.reminds) else {
            return Ok(());
        };
        let _gate = self.writing();
        self.valid_notices.insert(
            keys::question_under(scope_key(&ann.scope), ann.id),
            &keys::time_value(until),
        )?;
        Ok(())
    }

    /// The notices of these scopes still valid at `now`, oldest first, with their end;
    /// expired index entries are dropped on the way. One prefix read per scope.
    pub fn valid_notices(
        &self,
        scopes: &[&str],
        now: DateTime<Utc>,
    ) -> Result<Vec<(u64, DateTime<Utc>)>> {
        let mut out = Vec::new();
        let mut expired = Vec::new();
        for s in scopes {
            for kv in self.valid_notices.scan_prefix(keys::pair_prefix(s)) {
                let (k, v) = kv?;
                let (Some(id), Some(until)) = (keys::question_under_id(&k), keys::time_of(&v))
                else {
                    continue;
                };
                if until <= now {
                    expired.push(k);
                } else {
                    out.push((id, until));
                }
            }
        }
        if !expired.is_empty() {
            let _gate = self.writing();
            for k in expired {
                self.valid_notices.remove(k)?;
            }
        }
        out.sort_unstable();
        out.dedup_by_key(|(id, _)| *id);
        Ok(out)
    }

    /// How `user`'s delivery of notice `ann` stands (`None`: they were not a recipient).
    pub fn delivery_status(&self, ann: u64, user: &str) -> Result<Option<DeliveryStatus>> {
        let k = keys::delivery(ann, user);
        Ok(match self.outbox.get(&k)? {
            Some(v) => Some(codec::decode_delivery(&k, &v)?.status),
            None => None,
        })
    }

    /// True while notice `ann` is still being sent (its final report has not gone).
    pub fn is_sending(&self, ann: u64) -> Result<bool> {
        Ok(self.to_report.contains_key(keys::announcement(ann))?)
    }

    /// Catch-up gave notice `ann` to `user` at `at`.
    pub fn note_caught_up(&self, ann: u64, user: &str, at: DateTime<Utc>) -> Result<()> {
        let _gate = self.writing();
        self.caught_up
            .insert(keys::delivery(ann, user), &keys::time_value(at))?;
        Ok(())
    }

    /// Whether catch-up already gave notice `ann` to `user`.
    pub fn was_caught_up(&self, ann: u64, user: &str) -> Result<bool> {
        Ok(self.caught_up.contains_key(keys::delivery(ann, user))?)
    }

    /// Who got notice `ann` by catch-up, and when (that notice's entries only).
    pub fn caught_up_of(&self, ann: u64) -> Result<Vec<(String, DateTime<Utc>)>> {
        let mut out = Vec::new();
        for kv in self.caught_up.scan_prefix(keys::announcement(ann)) {
            let (k, v) = kv?;
            if let (Some(u), Some(at)) = (keys::delivery_recipient(&k), keys::time_of(&v)) {
                out.push((u.to_string(), at));
            }
        }
        Ok(out)
    }

    /// "Forget me": their catch-ups (keyed by notice first: read them all; forgetting is
    /// rare).
    pub(super) fn forget_caught_up_of(&self, user: &str) -> Result<()> {
        let _gate = self.writing();
        for k in self.caught_up.iter().keys() {
            let k = k?;
            if keys::delivery_recipient(&k) == Some(user) {
                self.caught_up.remove(&k)?;
            }
        }
        Ok(())
    }

    /// At open: what a crash between two writes of a confirmed notice left. A notice still
    /// being sent gets its valid-index entry and, for a reminder, its notice's reminder
    /// record; a reminder claimed but never created (a crash right after the claim) is
    /// released so the head can ask again. Reads the announcements still being sent and
    /// the reminders (one per reminded notice), never the whole outbox.
    pub(super) fn repair_followups(&self) -> Result<()> {
        let mut created = std::collections::HashMap::new();
        for k in self.to_report.iter().keys() {
            let Some(ann) = keys::announcement_id(&k?)
                .map(|id| self.announcement(id))
                .transpose()?
                .flatten()
            else {
                continue;
            };
            match ann.reminds {
                Some(of) => {
                    created.insert(of, (ann.id, ann.created_at));
                }
                None => {
                    let key = keys::question_under(scope_key(&ann.scope), ann.id);
                    if ann.valid_until.is_some() && !self.valid_notices.contains_key(&key)? {
                        self.index_valid(&ann)?;
                    }
                }
            }
        }
        let mut fix = Vec::new();
        for kv in self.reminders.iter() {
            let (k, v) = kv?;
            let Some((0, _)) = reminder_of_value(&v) else {
                continue;
            };
            let Some(of) = keys::announcement_id(&k) else {
                continue;
            };
            fix.push((k, created.get(&of).copied()));
        }
        let _gate = self.writing();
        for (k, found) in fix {
            match found {
                Some((id, at)) => {
                    log::info!("store: reminder {id} recorded after a crash");
                    self.reminders.insert(k, &reminder_value(id, at))?;
                }
                None => {
                    log::info!("store: a reminder interrupted before it was created is released");
                    self.reminders.remove(k)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Address, Locale};
    use chrono::Duration;

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_000_000 + h * 3600, 0).unwrap()
    }

    fn notice(scope: Scope, reminds: Option<u64>, valid: Option<DateTime<Utc>>) -> Announcement {
        Announcement {
            id: 0,
            scope,
            author: "telegram:1001".into(),
            author_address: Address::new("telegram", "1001"),
            author_locale: Locale::Vi,
            text: "Họp bản".into(),
            created_at: t(0),
            recipients: 0,
            materialized: 0,
            cancelled: false,
            reported: false,
            reminds,
            valid_until: valid,
            revises: None,
            revised: None,
            media: None,
            urgent: false,
            scheduled_for: None,
            late: false,
        }
    }

    fn to(user: &str) -> Result<Recipient> {
        let (p, c) = user.split_once(':').unwrap();
        Ok(Recipient {
            user: user.into(),
            address: Address::new(p, c),
            locale: None,
        })
    }

    #[test]
    fn a_notice_is_reminded_once() {
        let s = Store::temporary().unwrap();
        let n = s
            .create_announcement(notice(Scope::Hamlet("dong".into()), None, None), &[])
            .unwrap();
        assert_eq!(s.reminder_of(n.id).unwrap(), None);
        let first = s
            .create_reminder(
                notice(Scope::Hamlet("dong".into()), Some(n.id), None),
                [to("telegram:5")],
            )
            .unwrap();
        let Reminded::Queued(r) = first else {
            panic!("{first:?}")
        };
        assert_eq!((r.recipients, r.reminds), (1, Some(n.id)));
        assert_eq!(s.reminder_of(n.id).unwrap(), Some((r.id, t(0))));
        let mut again = notice(Scope::Hamlet("dong".into()), Some(n.id), None);
        again.created_at = t(5);
        assert_eq!(
            s.create_reminder(again, [to("telegram:6")]).unwrap(),
            Reminded::Already(t(0))
        );
        assert_eq!(s.delivery_status(r.id, "telegram:5").unwrap(), None);
        assert!(s.is_sending(r.id).unwrap());
    }

    #[test]
    fn an_interrupted_reminder_is_repaired_at_open() {
        let s = Store::temporary().unwrap();
        // Claimed, never created: released.
        s.reminders
            .insert(keys::announcement(7), &reminder_value(0, t(1)))
            .unwrap();
        // Created, record not updated: recorded.
        let r = s
            .create_announcement(notice(Scope::Commune, Some(8), None), &[])
            .unwrap();
        s.reminders
            .insert(keys::announcement(8), &reminder_value(0, t(0)))
            .unwrap();
        // A notice whose index entry was lost.
        let n = s
            .create_announcement(
                notice(Scope::Hamlet("he".into()), None, Some(t(48))),
                &[to("zalo:1").unwrap()],
            )
            .unwrap();
        s.repair_followups().unwrap();
        assert_eq!(s.reminder_of(7).unwrap(), None);
        assert_eq!(s.reminder_of(8).unwrap(), Some((r.id, t(0))));
        assert_eq!(s.valid_notices(&["he"], t(1)).unwrap(), vec![(n.id, t(48))]);
    }

    #[test]
    fn valid_notices_per_scope_expire() {
        let s = Store::temporary().unwrap();
        let mut ids = Vec::new();
        for (scope, until) in [
            (Scope::Hamlet("dong".into()), t(24)),
            (Scope::Hamlet("he".into()), t(24)),
            (Scope::Commune, t(240)),
            (Scope::Hamlet("dong".into()), t(240)),
        ] {
            let a = s
                .create_announcement(notice(scope, None, Some(until)), &[])
                .unwrap();
            s.index_valid(&a).unwrap();
            ids.push(a.id);
        }
        let now = t(1);
        assert_eq!(
            s.valid_notices(&["dong", COMMUNE_SCOPE], now).unwrap(),
            vec![(ids[0], t(24)), (ids[2], t(240)), (ids[3], t(240))]
        );
        let later = t(25);
        assert_eq!(
            s.valid_notices(&["dong", "he"], later).unwrap(),
            vec![(ids[3], t(240))]
        );
        assert_eq!(s.valid_notices.len(), 2, "expired entries dropped");
        // A reminder is never indexed.
        let r = s
            .create_announcement(
                notice(Scope::Hamlet("dong".into()), Some(1), Some(t(99))),
                &[],
            )
            .unwrap();
        s.index_valid(&r).unwrap();
        assert_eq!(s.valid_notices.len(), 2);
    }

    #[test]
    fn catch_ups_are_kept_per_notice_and_forgotten() {
        let s = Store::temporary().unwrap();
        s.note_caught_up(1, "zalo:1", t(1)).unwrap();
        s.note_caught_up(1, "telegram:2", t(2)).unwrap();
        s.note_caught_up(2, "zalo:1", t(3)).unwrap();
        assert!(s.was_caught_up(1, "zalo:1").unwrap());
        assert!(!s.was_caught_up(3, "zalo:1").unwrap());
        let mut of1 = s.caught_up_of(1).unwrap();
        of1.sort();
        assert_eq!(
            of1,
            vec![("telegram:2".into(), t(2)), ("zalo:1".into(), t(1))]
        );
        s.forget_caught_up_of("zalo:1").unwrap();
        assert_eq!(
            s.caught_up_of(1).unwrap(),
            vec![("telegram:2".into(), t(2))]
        );
        assert!(s.caught_up_of(2).unwrap().is_empty());
        let _ = Duration::zero();
    }
}
