//! Announcements and the persisted outbox: one delivery record per announcement × recipient.
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

impl Store {
    /// Stores the announcement and queues one delivery per recipient, atomically.
    /// Returns the new announcement's id.
    pub fn create_announcement(
        &self,
        mut ann: Announcement,
        recipients: &[(String, Address)],
    ) -> Result<Announcement> {
        let _gate = self.writing();
        // generate_id starts at 0; people read "#1" more naturally as the first notice.
        ann.id = self.db.generate_id()? + 1;
        ann.recipients = recipients.len();
        let now = ann.created_at;
        (&self.announcements, &self.outbox, &self.queue).transaction(|(anns, outbox, queue)| {
            anns.insert(&keys::announcement(ann.id), encode(&ann))?;
            for (user, address) in recipients {
                let d = Delivery {
                    announcement: ann.id,
                    recipient: user.clone(),
                    address: address.clone(),
                    status: DeliveryStatus::Pending,
                    attempts: 0,
                    last_error: None,
                    not_before: None,
                    updated_at: now,
                };
                let k = keys::delivery(ann.id, user);
                outbox.insert(k.as_slice(), encode(&d))?;
                queue.insert(k, &[])?;
            }
            TxResult::Ok(())
        })?;
        Ok(ann)
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
        if let Some(mut a) = self.announcement(ann)? {
            a.cancelled = true;
            self.announcements
                .insert(keys::announcement(ann), encode(&a))?;
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

    /// Number of deliveries waiting in the queue (all announcements).
    pub fn queued_count(&self) -> usize {
        self.queue.len()
    }

    /// Removes every delivery addressed to `user` (forget-me). Pending ones are never sent.
    pub(super) fn remove_deliveries_to(&self, user: &str) -> Result<()> {
        let _gate = self.writing();
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
