//! Notices waiting for their time: scheduled by a head ("⏰ Hẹn giờ") or held through quiet
//! hours. Two trees: the notices by id, and an index by due time whose first key is the
//! next one due, so the scheduler never scans. A notice leaves both in the same transaction
//! that stores its announcement (`Store::release_scheduled` in `outbox.rs`), so a restart
//! neither loses nor doubles it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use super::{Result, Scope, Store, StoreError, decode, decode_tx, encode, keys};
use crate::model::{Address, Locale};

/// A notice waiting for its time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledNotice {
    /// Numbered 1, 2, 3… apart from announcements (heads read "⏰ số 2").
    pub id: u64,
    pub scope: Scope,
    pub author: String,
    pub author_address: Address,
    pub author_locale: Locale,
    pub text: String,
    /// The time the head chose, or the moment they confirmed one held by quiet hours.
    pub wanted: DateTime<Utc>,
    /// When it goes: `wanted`, or the end of the quiet hours `wanted` falls in.
    pub due: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// Days it stays valid for catch-up once sent, if the head chose; else the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_days: Option<u32>,
    /// The photo or voice note it carries, if any (its `text` is the caption).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<crate::message::NoticeMedia>,
}

impl ScheduledNotice {
    /// Held by quiet hours rather than sent at the time wanted.
    pub fn held(&self) -> bool {
        self.due > self.wanted
    }
}

const LAST_SCHEDULED: &[u8] = b"last_scheduled_id";

type TxResult<T> = std::result::Result<T, ConflictableTransactionError<StoreError>>;

impl Store {
    /// Stores `notice` (its `id` is assigned) and its place in the due index; the worker
    /// wakes once it is flushed and sleeps until the next due time.
    pub fn schedule_notice(&self, mut notice: ScheduledNotice) -> Result<ScheduledNotice> {
        let _gate = self.writing();
        let id = (&self.scheduled, &self.scheduled_due, &self.meta).transaction(
            |(sched, due, meta)| {
                let id = meta
                    .get(LAST_SCHEDULED)?
                    .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
                    .unwrap_or(0)
                    + 1;
                let mut n = notice.clone();
                n.id = id;
                meta.insert(LAST_SCHEDULED, &id.to_be_bytes())?;
                sched.insert(&keys::announcement(id), encode(&n))?;
                due.insert(&keys::scheduled_due(n.due, id), &[])?;
                TxResult::Ok(id)
            },
        )?;
        notice.id = id;
        self.queued.queued();
        Ok(notice)
    }

    pub fn scheduled_notice(&self, id: u64) -> Result<Option<ScheduledNotice>> {
        self.scheduled
            .get(keys::announcement(id))?
            .map(|v| decode("scheduled", &v))
            .transpose()
    }

    /// Every waiting notice, soonest first (a head's or admin's list; not a hot path).
    pub fn scheduled_notices(&self) -> Result<Vec<ScheduledNotice>> {
        let mut out = Vec::new();
        for k in self.scheduled_due.iter().keys() {
            let k = k?;
            if let Some((_, id)) = keys::scheduled_due_parts(&k)
                && let Some(n) = self.scheduled_notice(id)?
            {
                out.push(n);
            }
        }
        Ok(out)
    }

    /// When the next waiting notice is due: the due index's first key.
    pub fn next_scheduled_due(&self) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .scheduled_due
            .first()?
            .and_then(|(k, _)| keys::scheduled_due_parts(&k))
            .and_then(|(ms, _)| DateTime::from_timestamp_millis(ms as i64)))
    }

    /// The waiting notices due at `now`, soonest first: the due index read up to `now`.
    pub fn due_scheduled(&self, now: DateTime<Utc>) -> Result<Vec<ScheduledNotice>> {
        let now_ms = keys::millis(now);
        let mut out = Vec::new();
        for k in self.scheduled_due.iter().keys() {
            let k = k?;
            let Some((ms, id)) = keys::scheduled_due_parts(&k) else {
                self.scheduled_due.remove(&k)?;
                continue;
            };
            if ms > now_ms {
                break;
            }
            match self.scheduled_notice(id)? {
                Some(n) => out.push(n),
                // Left by nothing this module writes; drop it rather than meet it forever.
                None => {
                    self.scheduled_due.remove(&k)?;
                }
            }
        }
        Ok(out)
    }

    /// Removes a waiting notice (cancelled by its head). `None` if it is gone already
    /// (sent, or cancelled before).
    pub fn cancel_scheduled(&self, id: u64) -> Result<Option<ScheduledNotice>> {
        let _gate = self.writing();
        Ok(
            (&self.scheduled, &self.scheduled_due).transaction(|(sched, due)| {
                let Some(v) = sched.remove(&keys::announcement(id))? else {
                    return Ok(None);
                };
                let n: ScheduledNotice = decode_tx("scheduled", &v)?;
                due.remove(&keys::scheduled_due(n.due, id))?;
                TxResult::Ok(Some(n))
            })?,
        )
    }

    /// Moves a waiting notice to a later time (one whose time came inside quiet hours).
    pub fn reschedule(&self, id: u64, due: DateTime<Utc>) -> Result<Option<ScheduledNotice>> {
        let _gate = self.writing();
        let moved = (&self.scheduled, &self.scheduled_due).transaction(|(sched, index)| {
            let Some(v) = sched.get(keys::announcement(id))? else {
                return Ok(None);
            };
            let mut n: ScheduledNotice = decode_tx("scheduled", &v)?;
            index.remove(&keys::scheduled_due(n.due, id))?;
            n.due = due;
            sched.insert(&keys::announcement(id), encode(&n))?;
            index.insert(&keys::scheduled_due(due, id), &[])?;
            TxResult::Ok(Some(n))
        })?;
        self.queued.queued();
        Ok(moved)
    }

    /// Inside the transaction that stores a released notice's announcement: the notice
    /// leaves both trees. False if it was gone (released or cancelled meanwhile).
    pub(super) fn take_scheduled_tx(
        sched: &sled::transaction::TransactionalTree,
        index: &sled::transaction::TransactionalTree,
        id: u64,
    ) -> TxResult<bool> {
        let Some(v) = sched.remove(&keys::announcement(id))? else {
            return Ok(false);
        };
        let n: ScheduledNotice = decode_tx("scheduled", &v)?;
        index.remove(&keys::scheduled_due(n.due, id))?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn notice(due: DateTime<Utc>) -> ScheduledNotice {
        ScheduledNotice {
            id: 0,
            scope: Scope::Hamlet("dong".into()),
            author: "telegram:1001".into(),
            author_address: Address::new("telegram", "1001"),
            author_locale: Locale::Vi,
            text: "Họp bản".into(),
            wanted: due,
            due,
            created_at: due - Duration::hours(1),
            valid_days: None,
            media: None,
        }
    }

    #[test]
    fn due_index_orders_lists_and_cancels() {
        let store = Store::temporary().unwrap();
        let t0 = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let later = store
            .schedule_notice(notice(t0 + Duration::hours(2)))
            .unwrap();
        let sooner = store
            .schedule_notice(notice(t0 + Duration::hours(1)))
            .unwrap();
        assert_eq!((later.id, sooner.id), (1, 2));
        assert_eq!(store.next_scheduled_due().unwrap(), Some(sooner.due));
        assert!(store.due_scheduled(t0).unwrap().is_empty());
        let due: Vec<u64> = store
            .due_scheduled(t0 + Duration::hours(3))
            .unwrap()
            .iter()
            .map(|n| n.id)
            .collect();
        assert_eq!(due, vec![2, 1]);
        let listed: Vec<u64> = store
            .scheduled_notices()
            .unwrap()
            .iter()
            .map(|n| n.id)
            .collect();
        assert_eq!(listed, vec![2, 1]);
        assert_eq!(store.cancel_scheduled(2).unwrap().map(|n| n.id), Some(2));
        assert_eq!(store.cancel_scheduled(2).unwrap(), None);
        assert_eq!(store.next_scheduled_due().unwrap(), Some(later.due));
        let moved = store
            .reschedule(1, t0 + Duration::hours(9))
            .unwrap()
            .unwrap();
        assert!(moved.held());
        assert_eq!(
            store.next_scheduled_due().unwrap(),
            Some(t0 + Duration::hours(9))
        );
        assert_eq!(store.scheduled_notices().unwrap().len(), 1);
    }
}
