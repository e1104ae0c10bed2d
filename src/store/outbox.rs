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
use crate::i18n::Locale;
use crate::message::Address;

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
    #[serde(default)]
    pub last_error: Option<String>,
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
        let list = encode(&recipients);
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
                if !recipients.is_empty() {
                    lists.insert(&keys::announcement(ann.id), list.as_slice())?;
                }
                TxResult::Ok(ann)
            },
        )?;
        Ok(ann)
    }

    /// Writes the delivery records of the next `chunk` recipients of the oldest announcement
    /// that still has some. Returns false when there was nothing to write.
    fn materialize_next(&self, chunk: usize, only: Option<u64>) -> Result<bool> {
        let next = match only {
            Some(id) => self
                .recipients
                .get(keys::announcement(id))?
                .map(|_| keys::announcement(id).to_vec()),
            None => self
                .recipients
                .iter()
                .keys()
                .next()
                .transpose()?
                .map(|k| k.to_vec()),
        };
        let Some(key) = next else {
            return Ok(false);
        };
        let now = Utc::now();
        (
            &self.announcements,
            &self.recipients,
            &self.outbox,
            &self.queue,
        )
            .transaction(|(anns, lists, outbox, queue)| {
                let Some(list) = lists.get(&key)? else {
                    return Ok(());
                };
                let Some(a) = anns.get(&key)? else {
                    lists.remove(key.as_slice())?;
                    return Ok(());
                };
                let mut ann: Announcement = decode_tx("announcements", &a)?;
                let list: Vec<(String, Address)> = decode_tx("recipients", &list)?;
                let end = (ann.materialized + chunk).min(list.len());
                for (user, address) in &list[ann.materialized.min(end)..end] {
                    let status = if ann.cancelled {
                        DeliveryStatus::Cancelled
                    } else {
                        DeliveryStatus::Pending
                    };
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
                ann.materialized = end;
                anns.insert(key.as_slice(), encode(&ann))?;
                if end >= list.len() {
                    lists.remove(key.as_slice())?;
                }
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
    pub fn claim_due(&self, limit: usize, now: DateTime<Utc>) -> Result<Vec<Delivery>> {
        while self.queue.len() < limit.max(1) && !self.recipients.is_empty() {
            let _gate = self.writing();
            if !self.materialize_next(MATERIALIZE_CHUNK, None)? {
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
            let claim = (&self.queue, &self.inflight, &self.outbox).transaction(
                |(queue, inflight, outbox)| {
                    if queue.remove(&k)?.is_none() {
                        return Ok(None);
                    }
                    let Some(v) = outbox.get(&k)? else {
                        return Ok(None);
                    };
                    let mut d: Delivery = decode_tx("outbox", &v)?;
                    if d.not_before.is_some_and(|t| t > now) {
                        // Not due: put it back untouched (the transaction would too, but
                        // returning early keeps the intent plain).
                        queue.insert(&k, &[])?;
                        return Ok(None);
                    }
                    d.status = DeliveryStatus::InFlight;
                    d.attempts += 1;
                    d.updated_at = now;
                    outbox.insert(&k, encode(&d))?;
                    inflight.insert(&k, &[])?;
                    TxResult::Ok(Some(d))
                },
            )?;
            if let Some(d) = claim {
                claimed.push(d);
            }
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
        error: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let _gate = self.writing();
        let k = keys::delivery(ann, recipient);
        (&self.inflight, &self.outbox).transaction(|(inflight, outbox)| {
            inflight.remove(k.as_slice())?;
            let Some(v) = outbox.get(&k)? else {
                return Ok(());
            };
            let mut d: Delivery = decode_tx("outbox", &v)?;
            d.status = status;
            d.last_error = error.clone();
            d.not_before = None;
            d.updated_at = now;
            outbox.insert(k.as_slice(), encode(&d))?;
            TxResult::Ok(())
        })?;
        Ok(())
    }

    /// Puts an in-flight delivery back in the queue, not before `not_before`. With
    /// `refund_attempt` the attempt does not count (the platform only asked us to wait).
    pub fn retry_delivery(
        &self,
        ann: u64,
        recipient: &str,
        error: String,
        not_before: DateTime<Utc>,
        now: DateTime<Utc>,
        refund_attempt: bool,
    ) -> Result<()> {
        let _gate = self.writing();
        let k = keys::delivery(ann, recipient);
        (&self.inflight, &self.queue, &self.outbox).transaction(|(inflight, queue, outbox)| {
            inflight.remove(k.as_slice())?;
            let Some(v) = outbox.get(&k)? else {
                return Ok(());
            };
            let mut d: Delivery = decode_tx("outbox", &v)?;
            if d.status == DeliveryStatus::Cancelled {
                return Ok(());
            }
            d.status = DeliveryStatus::Pending;
            if refund_attempt {
                d.attempts = d.attempts.saturating_sub(1);
            }
            d.last_error = Some(error.clone());
            d.not_before = Some(not_before);
            d.updated_at = now;
            outbox.insert(k.as_slice(), encode(&d))?;
            queue.insert(k.as_slice(), &[])?;
            TxResult::Ok(())
        })?;
        Ok(())
    }

    /// After a crash: every delivery still marked in flight goes back to the queue.
    /// Returns how many (these are the only ones that may be sent twice).
    pub fn recover_in_flight(&self) -> Result<usize> {
        let _gate = self.writing();
        let mut n = 0;
        for k in self.inflight.iter().keys() {
            let k = k?;
            (&self.inflight, &self.queue, &self.outbox).transaction(
                |(inflight, queue, outbox)| {
                    inflight.remove(&k)?;
                    if let Some(v) = outbox.get(&k)? {
                        let mut d: Delivery = decode_tx("outbox", &v)?;
                        if d.status == DeliveryStatus::InFlight {
                            d.status = DeliveryStatus::Pending;
                            outbox.insert(&k, encode(&d))?;
                            queue.insert(&k, &[])?;
                        }
                    }
                    TxResult::Ok(())
                },
            )?;
            n += 1;
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
            while self.materialize_next(MATERIALIZE_CHUNK, Some(ann))? {}
        }
        for k in self.queue.scan_prefix(keys::announcement(ann)).keys() {
            let k = k?;
            let done = (&self.queue, &self.outbox).transaction(|(queue, outbox)| {
                if queue.remove(&k)?.is_none() {
                    return Ok(false);
                }
                if let Some(v) = outbox.get(&k)? {
                    let mut d: Delivery = decode_tx("outbox", &v)?;
                    d.status = DeliveryStatus::Cancelled;
                    d.updated_at = now;
                    outbox.insert(&k, encode(&d))?;
                }
                TxResult::Ok(true)
            })?;
            n += usize::from(done);
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
            let c = self.delivery_counts(a.id)?;
            if c.open() == 0 {
                out.push((a, c));
            }
        }
        Ok(out)
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
        let unwritten: usize = self
            .recipients
            .iter()
            .keys()
            .filter_map(|k| k.ok())
            .filter_map(|k| keys::announcement_id(&k))
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
            (&self.announcements, &self.recipients).transaction(|(anns, lists)| {
                let (Some(a), Some(l)) = (anns.get(&k)?, lists.get(&k)?) else {
                    return Ok(());
                };
                let mut ann: Announcement = decode_tx("announcements", &a)?;
                let mut list: Vec<(String, Address)> = decode_tx("recipients", &l)?;
                let done = ann.materialized.min(list.len());
                let before = list.len();
                let rest: Vec<_> = list
                    .split_off(done)
                    .into_iter()
                    .filter(|(u, _)| u != user)
                    .collect();
                list.extend(rest);
                if list.len() != before {
                    ann.recipients -= before - list.len();
                    anns.insert(&k, encode(&ann))?;
                    lists.insert(&k, encode(&list))?;
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
