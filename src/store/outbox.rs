//! Announcements and the persisted outbox: one delivery record per announcement × recipient.
//!
//! Confirming a broadcast stores the announcement and its recipient list in one small
//! transaction. Delivery records are then written from that list in chunks, each chunk in
//! its own transaction together with the announcement's progress: one sled transaction with
//! 10,000 × 2 writes costs about 100 MB of memory, a few hundred writes almost nothing.
//!
//! A delivery is in exactly one of: the queue (due or waiting for a retry time), in flight
//! (claimed by the worker), or done (sent / blocked / failed / cancelled). A crash leaves
//! claimed deliveries in flight; `recover_in_flight` puts them back in the queue on start,
//! so only sends that were in flight can happen twice and nobody is skipped.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use super::{Result, Store, StoreError, decode, decode_tx, encode, keys};
use crate::model::Locale;
use crate::model::{Address, FailReason};

/// Who an announcement is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    Hamlet(String),
    Commune,
}

/// A broadcast as stored: the text, its author and where the report goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Announcement {
    pub id: u64,
    pub scope: Scope,
    pub author: String,
    pub author_address: Address,
    pub author_locale: Locale,
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub recipients: usize,
    /// How many of the recipients already have a delivery record (the rest are still in
    /// the recipient list).
    #[serde(default)]
    pub materialized: usize,
    pub cancelled: bool,
    /// True once the final report went to the author.
    pub reported: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Pending,
    InFlight,
    Sent,
    /// The recipient blocked the bot or is gone; never retried.
    Blocked,
    /// Gave up after retries or a permanent error.
    Failed,
    /// The head cancelled before it was sent.
    Cancelled,
}

/// One announcement to one recipient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub announcement: u64,
    pub recipient: String,
    pub address: Address,
    pub status: DeliveryStatus,
    pub attempts: u32,
    /// Why the last try did not arrive. Stores written before reasons were typed hold text
    /// here; it is read into [`FailReason::Text`] (or the kind it names).
    #[serde(default, deserialize_with = "FailReason::deserialize_stored")]
    pub last_error: Option<FailReason>,
    /// Not to be tried before this time (retry back-off).
    #[serde(default)]
    pub not_before: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// How an announcement's deliveries stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub pending: usize,
    pub in_flight: usize,
    pub sent: usize,
    pub blocked: usize,
    pub failed: usize,
    pub cancelled: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.pending + self.in_flight + self.sent + self.blocked + self.failed + self.cancelled
    }
    pub fn open(&self) -> usize {
        self.pending + self.in_flight
    }
}

/// Deliveries that did not arrive, alike in platform, status and reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreached {
    pub platform: String,
    /// Blocked (the person is gone) rather than failed.
    pub blocked: bool,
    /// The reason the channel gave, as recorded.
    pub reason: FailReason,
    pub count: usize,
}

type TxResult<T> = std::result::Result<T, ConflictableTransactionError<StoreError>>;

const LAST_ANNOUNCEMENT: &[u8] = b"last_announcement_id";

/// Delivery records written per transaction.
const MATERIALIZE_CHUNK: usize = 64;

impl Store {
    /// Stores the announcement with its recipients, atomically. Their delivery records are
    /// written in chunks as the worker needs them (see [`Store::claim_due`]).
    pub fn create_announcement(
        &self,
        mut ann: Announcement,
        recipients: &[(String, Address)],
    ) -> Result<Announcement> {
        let _gate = self.writing();
        ann.recipients = recipients.len();
        ann.materialized = 0;
        // The list is kept in chunks so that writing the records of one chunk never has to
        // read (or rewrite) the whole list.
        let chunks: Vec<Vec<u8>> = recipients.chunks(MATERIALIZE_CHUNK).map(encode).collect();
        // Numbered 1, 2, 3… (heads read "#3"); sled's generate_id jumps after restarts.
        let ann = (&self.announcements, &self.recipients, &self.meta).transaction(
            |(anns, lists, meta)| {
                let last = meta
                    .get(LAST_ANNOUNCEMENT)?
                    .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
                    .unwrap_or(0);
                let mut ann = ann.clone();
                ann.id = last + 1;
                meta.insert(LAST_ANNOUNCEMENT, &ann.id.to_be_bytes())?;
                anns.insert(&keys::announcement(ann.id), encode(&ann))?;
                for (i, chunk) in chunks.iter().enumerate() {
                    lists.insert(keys::recipient_chunk(ann.id, i as u32), chunk.as_slice())?;
                }
                TxResult::Ok(ann)
            },
        )?;
        Ok(ann)
    }

    /// Writes the delivery records of the next chunk of recipients (of announcement `only`,
    /// or of the oldest announcement that still has some). Returns false when there was
    /// nothing to write.
    fn materialize_next(&self, only: Option<u64>) -> Result<bool> {
        let next = match only {
            Some(id) => self
                .recipients
                .scan_prefix(keys::announcement(id))
                .keys()
                .next(),
            None => self.recipients.iter().keys().next(),
        };
        let Some(key) = next.transpose()? else {
            return Ok(false);
        };
        let Some(id) = keys::announcement_id(&key) else {
            self.recipients.remove(&key)?;
            return Ok(true);
        };
        let now = Utc::now();
        let ann_key = keys::announcement(id);
        (
            &self.announcements,
            &self.recipients,
            &self.outbox,
            &self.queue,
        )
            .transaction(|(anns, lists, outbox, queue)| {
                let Some(chunk) = lists.remove(&key)? else {
                    return Ok(());
                };
                let Some(a) = anns.get(ann_key)? else {
                    return Ok(());
                };
                let mut ann: Announcement = decode_tx("announcements", &a)?;
                let chunk: Vec<(String, Address)> = decode_tx("recipients", &chunk)?;
                let status = if ann.cancelled {
                    DeliveryStatus::Cancelled
                } else {
                    DeliveryStatus::Pending
                };
                for (user, address) in &chunk {
                    let d = Delivery {
                        announcement: ann.id,
                        recipient: user.clone(),
                        address: address.clone(),
                        status,
                        attempts: 0,
                        last_error: None,
                        not_before: None,
                        updated_at: now,
                    };
                    let k = keys::delivery(ann.id, user);
                    outbox.insert(k.as_slice(), encode(&d))?;
                    if status == DeliveryStatus::Pending {
                        queue.insert(k, &[])?;
                    }
                }
                ann.materialized += chunk.len();
                anns.insert(&ann_key, encode(&ann))?;
                TxResult::Ok(())
            })?;
        Ok(true)
    }

    pub fn announcement(&self, id: u64) -> Result<Option<Announcement>> {
        self.announcements
            .get(keys::announcement(id))?
            .map(|v| decode("announcements", &v))
            .transpose()
    }

    /// Newest first, those `keep` accepts, at most `limit`.
    pub fn recent_announcements(
        &self,
        limit: usize,
        keep: impl Fn(&Announcement) -> bool,
    ) -> Result<Vec<Announcement>> {
        let mut out = Vec::new();
        for v in self.announcements.iter().values().rev() {
            let a: Announcement = decode("announcements", &v?)?;
            if keep(&a) {
                out.push(a);
                if out.len() == limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Claims up to `limit` due deliveries for sending: they move from the queue to in flight.
    ///
    /// Claims, outcomes and retries are single-key writes in a crash-safe order under one
    /// lock (a delivery is always in the queue or in flight, or both, until it is done), not
    /// sled transactions: 10,000 small multi-tree transactions keep ~25 MB of memory alive.
    /// [`Store::recover_in_flight`] repairs whatever a crash interrupted.
    pub fn claim_due(&self, limit: usize, now: DateTime<Utc>) -> Result<Vec<Delivery>> {
        while self.queue.len() < limit.max(1) && !self.recipients.is_empty() {
            let _gate = self.writing();
            if !self.materialize_next(None)? {
                break;
            }
        }
        let _gate = self.writing();
        let mut claimed = Vec::new();
        for k in self.queue.iter().keys() {
            if claimed.len() >= limit {
                break;
            }
            let k = k?;
            let _outbox = self.outbox_lock();
            if !self.queue.contains_key(&k)? {
                continue;
            }
            let Some(v) = self.outbox.get(&k)? else {
                self.queue.remove(&k)?;
                continue;
            };
            let mut d: Delivery = decode("outbox", &v)?;
            if d.status != DeliveryStatus::Pending {
                // A stale queue entry (e.g. left by a crash after the outcome was written).
                self.queue.remove(&k)?;
                continue;
            }
            if d.not_before.is_some_and(|t| t > now) {
                continue;
            }
            d.status = DeliveryStatus::InFlight;
            d.attempts += 1;
            d.updated_at = now;
            self.inflight.insert(&k, &[])?;
            self.outbox.insert(&k, encode(&d))?;
            self.queue.remove(&k)?;
            claimed.push(d);
        }
        Ok(claimed)
    }

    /// The earliest time a queued delivery becomes due, if any is queued.
    pub fn next_due(&self) -> Result<Option<DateTime<Utc>>> {
        let mut next: Option<DateTime<Utc>> = None;
        for k in self.queue.iter().keys() {
            let k = k?;
            let Some(v) = self.outbox.get(&k)? else {
                continue;
            };
            let d: Delivery = decode("outbox", &v)?;
            let due = d.not_before.unwrap_or(d.updated_at);
            if d.not_before.is_none() {
                return Ok(Some(due));
            }
            next = Some(next.map_or(due, |n| n.min(due)));
        }
        Ok(next)
    }

    /// Records the final outcome of an in-flight delivery.
    pub fn finish_delivery(
        &self,
        ann: u64,
        recipient: &str,
        status: DeliveryStatus,
        error: Option<FailReason>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let _gate = self.writing();
        let k = keys::delivery(ann, recipient);
        let _outbox = self.outbox_lock();
        if let Some(v) = self.outbox.get(&k)? {
            let mut d: Delivery = decode("outbox", &v)?;
            d.status = status;
            d.last_error = error;
            d.not_before = None;
            d.updated_at = now;
            self.outbox.insert(k.as_slice(), encode(&d))?;
        }
        self.inflight.remove(k.as_slice())?;
        Ok(())
    }

    /// Puts an in-flight delivery back in the queue, not before `not_before`. With
    /// `refund_attempt` the attempt does not count (the platform only asked us to wait).
    pub fn retry_delivery(
        &self,
        ann: u64,
        recipient: &str,
        error: FailReason,
        not_before: DateTime<Utc>,
        now: DateTime<Utc>,
        refund_attempt: bool,
    ) -> Result<()> {
        let _gate = self.writing();
        let k = keys::delivery(ann, recipient);
        let _outbox = self.outbox_lock();
        if let Some(v) = self.outbox.get(&k)? {
            let mut d: Delivery = decode("outbox", &v)?;
            if d.status != DeliveryStatus::Cancelled {
                d.status = DeliveryStatus::Pending;
                if refund_attempt {
                    d.attempts = d.attempts.saturating_sub(1);
                }
                d.last_error = Some(error);
                d.not_before = Some(not_before);
                d.updated_at = now;
                self.outbox.insert(k.as_slice(), encode(&d))?;
                self.queue.insert(k.as_slice(), &[])?;
            }
        }
        self.inflight.remove(k.as_slice())?;
        Ok(())
    }

    /// After a crash: every delivery still marked in flight goes back to the queue.
    /// Returns how many (these are the only ones that may be sent twice).
    pub fn recover_in_flight(&self) -> Result<usize> {
        let _gate = self.writing();
        let _outbox = self.outbox_lock();
        let mut n = 0;
        for k in self.inflight.iter().keys() {
            let k = k?;
            if let Some(v) = self.outbox.get(&k)? {
                let mut d: Delivery = decode("outbox", &v)?;
                // Pending: interrupted between "back to pending" and "into the queue".
                if matches!(d.status, DeliveryStatus::InFlight | DeliveryStatus::Pending) {
                    d.status = DeliveryStatus::Pending;
                    self.outbox.insert(&k, encode(&d))?;
                    self.queue.insert(&k, &[])?;
                    n += 1;
                }
            }
            self.inflight.remove(&k)?;
        }
        Ok(n)
    }

    /// Counts of one announcement's deliveries by status.
    pub fn delivery_counts(&self, ann: u64) -> Result<Counts> {
        let mut c = Counts::default();
        if let Some(a) = self.announcement(ann)? {
            let unwritten = a.recipients.saturating_sub(a.materialized);
            if a.cancelled {
                c.cancelled += unwritten;
            } else {
                c.pending += unwritten;
            }
        }
        for v in self.outbox.scan_prefix(keys::announcement(ann)).values() {
            let d: Delivery = decode("outbox", &v?)?;
            match d.status {
                DeliveryStatus::Pending => c.pending += 1,
                DeliveryStatus::InFlight => c.in_flight += 1,
                DeliveryStatus::Sent => c.sent += 1,
                DeliveryStatus::Blocked => c.blocked += 1,
                DeliveryStatus::Failed => c.failed += 1,
                DeliveryStatus::Cancelled => c.cancelled += 1,
            }
        }
        Ok(c)
    }

    /// The deliveries of one announcement that did not arrive (blocked or failed), counted
    /// by platform and recorded reason, in that order.
    pub fn unreached(&self, ann: u64) -> Result<Vec<Unreached>> {
        let mut by: std::collections::BTreeMap<(String, bool, FailReason), usize> =
            Default::default();
        for v in self.outbox.scan_prefix(keys::announcement(ann)).values() {
            let d: Delivery = decode("outbox", &v?)?;
            let blocked = match d.status {
                DeliveryStatus::Blocked => true,
                DeliveryStatus::Failed => false,
                _ => continue,
            };
            let key = (
                d.address.platform,
                blocked,
                d.last_error.unwrap_or(FailReason::Text {
                    words: String::new(),
                }),
            );
            *by.entry(key).or_default() += 1;
        }
        Ok(by
            .into_iter()
            .map(|((platform, blocked, reason), count)| Unreached {
                platform,
                blocked,
                reason,
                count,
            })
            .collect())
    }

    /// All deliveries of one announcement (reports, tests).
    pub fn deliveries(&self, ann: u64) -> Result<Vec<Delivery>> {
        self.outbox
            .scan_prefix(keys::announcement(ann))
            .values()
            .map(|v| decode("outbox", &v?))
            .collect()
    }

    /// Cancels what has not been sent yet. In-flight sends finish. Returns how many were
    /// cancelled.
    pub fn cancel_announcement(&self, ann: u64, now: DateTime<Utc>) -> Result<usize> {
        let _gate = self.writing();
        let mut n = 0;
        if let Some(mut a) = self.announcement(ann)? {
            a.cancelled = true;
            n += a.recipients.saturating_sub(a.materialized);
            self.announcements
                .insert(keys::announcement(ann), encode(&a))?;
            // Recipients without a record yet get one marked cancelled.
            while self.materialize_next(Some(ann))? {}
        }
        let _outbox = self.outbox_lock();
        for k in self.queue.scan_prefix(keys::announcement(ann)).keys() {
            let k = k?;
            if let Some(v) = self.outbox.get(&k)? {
                let mut d: Delivery = decode("outbox", &v)?;
                if d.status == DeliveryStatus::Pending {
                    d.status = DeliveryStatus::Cancelled;
                    d.updated_at = now;
                    self.outbox.insert(&k, encode(&d))?;
                    n += 1;
                }
            }
            self.queue.remove(&k)?;
        }
        Ok(n)
    }

    /// Announcements whose deliveries are all done but whose author has no report yet.
    pub fn announcements_to_report(&self) -> Result<Vec<(Announcement, Counts)>> {
        let mut out = Vec::new();
        for v in self.announcements.iter().values() {
            let a: Announcement = decode("announcements", &v?)?;
            if a.reported {
                continue;
            }
            // Anything still queued, in flight or unwritten means "not done": checked by key
            // prefix, so a running 10,000-recipient broadcast is not decoded every pass.
            if self.has_open_keys(a.id)? {
                continue;
            }
            let c = self.delivery_counts(a.id)?;
            if c.open() == 0 {
                out.push((a, c));
            }
        }
        Ok(out)
    }

    /// Whether an announcement still has work in the queue, in flight or unwritten, judged
    /// by key prefix. A queue or in-flight key whose delivery is already done (left by a
    /// crash between two of the ordered writes) is removed on the way.
    fn has_open_keys(&self, ann: u64) -> Result<bool> {
        let prefix = keys::announcement(ann);
        if self.recipients.scan_prefix(prefix).next().is_some() {
            return Ok(true);
        }
        for (tree, live) in [
            (&self.queue, DeliveryStatus::Pending),
            (&self.inflight, DeliveryStatus::InFlight),
        ] {
            for k in tree.scan_prefix(prefix).keys() {
                let k = k?;
                // Same lock order as every writer: the gate, then the outbox lock.
                let _gate = self.writing();
                let _outbox = self.outbox_lock();
                let status = match self.outbox.get(&k)? {
                    Some(v) => Some(decode::<Delivery>("outbox", &v)?.status),
                    None => None,
                };
                if status == Some(live) {
                    return Ok(true);
                }
                tree.remove(&k)?;
            }
        }
        Ok(false)
    }

    /// Announcements still being delivered (not reported, not cancelled), newest first.
    pub fn open_announcements(&self) -> Result<Vec<Announcement>> {
        let mut out = Vec::new();
        for v in self.announcements.iter().values().rev() {
            let a: Announcement = decode("announcements", &v?)?;
            if !a.reported && !a.cancelled {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// Announcements by `author` still being delivered, newest first (for `/cancel`).
    pub fn open_announcements_by(&self, author: &str) -> Result<Vec<Announcement>> {
        let mut all = self.open_announcements()?;
        all.retain(|a| a.author == author);
        Ok(all)
    }

    pub fn mark_reported(&self, ann: u64) -> Result<()> {
        let _gate = self.writing();
        if let Some(mut a) = self.announcement(ann)? {
            a.reported = true;
            self.announcements
                .insert(keys::announcement(ann), encode(&a))?;
        }
        Ok(())
    }

    /// Number of deliveries waiting to be sent (all announcements), including recipients
    /// whose delivery record is not written yet.
    pub fn queued_count(&self) -> usize {
        let mut ids: Vec<u64> = self
            .recipients
            .iter()
            .keys()
            .filter_map(|k| k.ok())
            .filter_map(|k| keys::announcement_id(&k))
            .collect();
        ids.dedup();
        let unwritten: usize = ids
            .into_iter()
            .filter_map(|id| self.announcement(id).ok().flatten())
            .map(|a| a.recipients.saturating_sub(a.materialized))
            .sum();
        self.queue.len() + unwritten
    }

    /// Removes every delivery addressed to `user` (forget-me). Pending ones are never sent.
    pub(super) fn remove_deliveries_to(&self, user: &str) -> Result<()> {
        let _gate = self.writing();
        for k in self.recipients.iter().keys() {
            let k = k?;
            let Some(id) = keys::announcement_id(&k) else {
                continue;
            };
            let ann_key = keys::announcement(id);
            (&self.announcements, &self.recipients).transaction(|(anns, lists)| {
                let (Some(a), Some(l)) = (anns.get(ann_key)?, lists.get(&k)?) else {
                    return Ok(());
                };
                let mut ann: Announcement = decode_tx("announcements", &a)?;
                let mut chunk: Vec<(String, Address)> = decode_tx("recipients", &l)?;
                let before = chunk.len();
                chunk.retain(|(u, _)| u != user);
                if chunk.len() != before {
                    ann.recipients -= before - chunk.len();
                    anns.insert(&ann_key, encode(&ann))?;
                    lists.insert(&k, encode(&chunk))?;
                }
                TxResult::Ok(())
            })?;
        }
        let mut doomed = Vec::new();
        for k in self.outbox.iter().keys() {
            let k = k?;
            if keys::delivery_recipient(&k) == Some(user) {
                doomed.push(k);
            }
        }
        for k in doomed {
            (&self.outbox, &self.queue, &self.inflight).transaction(|(o, q, i)| {
                o.remove(&k)?;
                q.remove(&k)?;
                i.remove(&k)?;
                TxResult::Ok(())
            })?;
        }
        Ok(())
    }
}
