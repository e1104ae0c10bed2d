//! Announcements and the persisted outbox: one delivery record per announcement × recipient.
//!
//! Confirming a broadcast stores the announcement and its recipient list in one small
//! transaction. Delivery records are then written from that list in chunks, each chunk in
//! its own transaction together with the announcement's progress: one sled transaction with
//! 10,000 × 2 writes costs about 100 MB of memory, a few hundred writes almost nothing.
//!
//! A delivery is in exactly one of: the queue (due now), the retry index (waiting for a
//! retry time, keyed by that time), in flight (claimed by the worker), or done (sent /
//! blocked / failed / cancelled). A crash leaves claimed deliveries in flight;
//! `recover_in_flight` puts them back in the queue on start, so only sends that were in
//! flight can happen twice and nobody is skipped.
//!
//! No hot path scans a tree: a claim takes the first key of the retry index (if due) or of
//! the queue; counts per announcement are kept in memory in step with every change; the
//! announcements still to report have their own index.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::transaction::ConflictableTransactionError;
use sled::{IVec, Transactional};

use super::compact as codec;
use super::{Result, Store, StoreError, decode, decode_tx, encode, keys};
use crate::message::NoticeMedia;
use crate::model::Locale;
use crate::model::{Address, FailReason};
use std::collections::HashMap;
use std::sync::MutexGuard;
use std::sync::atomic::Ordering;

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
    /// 🚨 Urgent: its deliveries are claimed before any routine one, day or night.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub urgent: bool,
    /// The time a scheduled (or held) notice was meant to go, if it was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<DateTime<Utc>>,
    /// It went out well after its time (the bot was not running then).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub late: bool,
    /// On a reminder: the notice it reminds of (its acknowledgements are that notice's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminds: Option<u64>,
    /// Until when a person who missed it gets it when they next write (catch-up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<DateTime<Utc>>,
    /// On a correction or a withdrawal: the notice it revises (its recipients are exactly
    /// those who received that one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revises: Option<Revision>,
    /// On a notice corrected or withdrawn since: its latest revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised: Option<Revised>,
    /// The photo or voice note it carries (its `text` is the caption). Records written
    /// before notices carried files have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<NoticeMedia>,
}

/// What a revision does to the notice it revises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    /// "✏️ ĐÍNH CHÍNH": the text is replaced.
    Correction,
    /// "🚫 THU HỒI": the notice no longer holds.
    Withdrawal,
}

/// A correction or withdrawal, as stored with the notice that carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// The notice revised.
    pub of: u64,
    pub kind: RevisionKind,
}

/// The latest revision of a notice, as stored with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revised {
    pub kind: RevisionKind,
    /// The notice that carried the revision to the recipients.
    pub by: u64,
    pub at: DateTime<Utc>,
    /// The corrected text (for a correction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Announcement {
    /// The text that holds now: the latest correction's, else the original.
    pub fn current_text(&self) -> &str {
        match &self.revised {
            Some(Revised {
                kind: RevisionKind::Correction,
                text: Some(t),
                ..
            }) => t,
            _ => &self.text,
        }
    }

    /// True once the notice was withdrawn: it is never sent again (nor caught up on).
    pub fn withdrawn(&self) -> bool {
        matches!(
            self.revised,
            Some(Revised {
                kind: RevisionKind::Withdrawal,
                ..
            })
        )
    }
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
///
/// A claimed delivery is told apart by its key in the in-flight tree, not by rewriting the
/// record: the record is written when it is created and when its outcome is known.
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// The recipient's language when the broadcast was confirmed (`None`: the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
}

/// One recipient as listed with a confirmed announcement: who, where, and in which
/// language, so that sending never has to read the user again.
///
/// Stores of schema 1 kept `[user, address]` pairs; they still read (without a language).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    pub user: String,
    pub address: Address,
    #[serde(default)]
    pub locale: Option<Locale>,
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
    fn slot(&mut self, status: DeliveryStatus) -> &mut usize {
        match status {
            DeliveryStatus::Pending => &mut self.pending,
            DeliveryStatus::InFlight => &mut self.in_flight,
            DeliveryStatus::Sent => &mut self.sent,
            DeliveryStatus::Blocked => &mut self.blocked,
            DeliveryStatus::Failed => &mut self.failed,
            DeliveryStatus::Cancelled => &mut self.cancelled,
        }
    }

    /// One delivery went from `from` to `to`.
    fn moved(&mut self, from: DeliveryStatus, to: DeliveryStatus) {
        let f = self.slot(from);
        *f = f.saturating_sub(1);
        *self.slot(to) += 1;
    }

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

/// What one attempt to claim found.
enum Claim {
    Got(Delivery),
    /// An entry that no longer stands for a due delivery was dropped (or moved); try again.
    Skipped,
    /// Nothing is due.
    Empty,
}

/// A delivery a sender holds, kept in memory only: its attempt number and the queue or
/// retry entry it was claimed from (which stays until the outcome is written).
#[derive(Debug, Clone)]
pub(super) struct Claimed {
    entry: IVec,
    attempts: u32,
}

/// Where a claimed entry came from.
#[derive(Clone, Copy, PartialEq)]
enum Source {
    Queue,
    Retries,
}

impl Store {
    /// Stores the announcement with its recipients and wakes the worker (once flushed).
    /// Their delivery records are written in chunks as the worker needs them (see
    /// [`Store::claim_due`]).
    pub fn create_announcement(
        &self,
        ann: Announcement,
        recipients: &[Recipient],
    ) -> Result<Announcement> {
        self.create_announcement_from(ann, recipients.iter().cloned().map(Ok))
    }

    /// [`Store::create_announcement`] from a stream of recipients, so that 100,000 of them are
    /// never all in memory at once: each chunk of 64 is written as it fills. The
    /// announcement itself is written last, in one small transaction; until then no claim
    /// sees the chunks, and a crash before it leaves chunks that the next announcement
    /// (which gets the same number) removes first. So the head is told "sending" only for a
    /// notice whose whole list is on disk.
    pub fn create_announcement_from(
        &self,
        ann: Announcement,
        recipients: impl IntoIterator<Item = Result<Recipient>>,
    ) -> Result<Announcement> {
        Ok(self
            .create_announcement_inner(ann, recipients, None)?
            .expect("only a release can find its notice gone"))
    }

    /// A scheduled notice's time came: [`Store::create_announcement_from`], with the notice
    /// leaving the scheduled trees in the same transaction that stores the announcement, so
    /// a crash at any point sends it once. `None` if it was gone (sent or cancelled
    /// meanwhile).
    pub fn release_scheduled(
        &self,
        scheduled: &super::scheduled::Release,
        ann: Announcement,
        recipients: impl IntoIterator<Item = Result<Recipient>>,
    ) -> Result<Option<Announcement>> {
        self.create_announcement_inner(ann, recipients, Some(scheduled))
    }

    fn create_announcement_inner(
        &self,
        mut ann: Announcement,
        recipients: impl IntoIterator<Item = Result<Recipient>>,
        release: Option<&super::scheduled::Release>,
    ) -> Result<Option<Announcement>> {
        let _gate = self.writing();
        let _one_at_a_time = self.creating_lock.lock().unwrap_or_else(|e| e.into_inner());
        // Numbered 1, 2, 3… (heads read "#3"); sled's generate_id jumps after restarts.
        let id = self.last_announcement_id()? + 1;
        self.creating.store(id, Ordering::SeqCst);
        let written = (|| -> Result<usize> {
            for k in self.recipients.scan_prefix(keys::announcement(id)).keys() {
                self.recipients.remove(k?)?;
            }
            let mut n = 0usize;
            let mut chunk = Vec::with_capacity(MATERIALIZE_CHUNK);
            let mut next_chunk = 0u32;
            let write = |chunk: &mut Vec<Recipient>, next: &mut u32| -> Result<()> {
                self.recipients
                    .insert(keys::recipient_chunk(id, *next), codec::encode_chunk(chunk))?;
                *next += 1;
                chunk.clear();
                Ok(())
            };
            for r in recipients {
                chunk.push(r?);
                n += 1;
                if chunk.len() == MATERIALIZE_CHUNK {
                    write(&mut chunk, &mut next_chunk)?;
                }
            }
            if !chunk.is_empty() {
                write(&mut chunk, &mut next_chunk)?;
            }
            Ok(n)
        })();
        let result = written.and_then(|n| {
            ann.id = id;
            ann.recipients = n;
            ann.materialized = 0;
            Ok((
                &self.announcements,
                &self.meta,
                &self.to_report,
                &self.scheduled,
                &self.scheduled_due,
            )
                .transaction(|(anns, meta, to_report, sched, sched_due)| {
                    if let Some(s) = release
                        && !Store::take_scheduled_tx(sched, sched_due, s)?
                    {
                        return Ok(false);
                    }
                    meta.insert(LAST_ANNOUNCEMENT, &id.to_be_bytes())?;
                    anns.insert(&keys::announcement(id), encode(&ann))?;
                    // The value: how many recipients have a delivery record so far.
                    to_report.insert(&keys::announcement(id), &0u64.to_be_bytes())?;
                    TxResult::Ok(true)
                })?)
        });
        self.creating.store(0, Ordering::SeqCst);
        if !result? {
            // Released or cancelled meanwhile: the chunks listed go with the next
            // announcement, which gets this number.
            return Ok(None);
        }
        if ann.urgent {
            self.urgent_lock().insert(id);
        }
        // Nothing is written yet: every recipient is pending.
        self.counts_lock().insert(
            id,
            Counts {
                pending: ann.recipients,
                ..Counts::default()
            },
        );
        self.queued.queued();
        Ok(Some(ann))
    }

    fn urgent_lock(&self) -> MutexGuard<'_, std::collections::BTreeSet<u64>> {
        self.urgent.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// At open: the urgent announcements still being sent (from the to-report index).
    pub(super) fn load_urgent(&self) -> Result<()> {
        let mut urgent = self.urgent_lock();
        for k in self.to_report.iter().keys() {
            if let Some(a) = keys::announcement_id(&k?)
                .map(|id| self.announcement(id))
                .transpose()?
                .flatten()
                && a.urgent
                && !a.cancelled
                && !a.reported
            {
                urgent.insert(a.id);
            }
        }
        Ok(())
    }

    /// Urgent announcements go first: for each open one (oldest first) whose queued
    /// unclaimed deliveries ran out, the next chunk of its recipients is written. Returns the urgent
    /// ids with queued deliveries. Two prefix reads per open urgent notice (usually none).
    fn urgent_first(&self) -> Result<Vec<u64>> {
        let ids: Vec<u64> = self.urgent_lock().iter().copied().collect();
        let mut ready = Vec::new();
        for id in ids {
            let prefix = keys::announcement(id);
            // Claimed entries stay in the queue until their outcome (at most the sends in
            // flight): only an unclaimed one counts.
            let unclaimed = {
                let claimed = self.claimed_lock();
                let mut found = false;
                for k in self.queue.scan_prefix(prefix).keys() {
                    if !claimed.contains_key(k?.as_ref()) {
                        found = true;
                        break;
                    }
                }
                found
            };
            if unclaimed {
                ready.push(id);
            } else if self.recipients.scan_prefix(prefix).next().is_some()
                && id != self.creating.load(Ordering::SeqCst)
            {
                self.materialize_next(Some(id))?;
                ready.push(id);
            } else if id != self.creating.load(Ordering::SeqCst) {
                // Everything of it is claimed, retried or done.
                self.urgent_lock().remove(&id);
            }
        }
        Ok(ready)
    }

    fn last_announcement_id(&self) -> Result<u64> {
        Ok(self
            .meta
            .get(LAST_ANNOUNCEMENT)?
            .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
            .unwrap_or(0))
    }

    /// How many of the announcement's recipients have a delivery record: kept with its entry
    /// in the to-report index while it is open (schema 2 kept it in the announcement);
    /// all of them once it is reported.
    fn records_written(&self, a: &Announcement) -> Result<usize> {
        Ok(match self.to_report.get(keys::announcement(a.id))? {
            Some(v) => match v.as_ref().try_into().map(u64::from_be_bytes) {
                Ok(n) => n as usize,
                Err(_) => a.materialized,
            },
            None => a.recipients,
        })
    }

    /// Resolves when something may have been queued since the last call (a confirmed
    /// announcement, once it is flushed; deliveries recovered after a crash). The delivery
    /// worker waits on this instead of polling; one wake-up is kept if nobody is waiting yet.
    pub async fn deliveries_queued(&self) {
        self.queued.notify.notified().await
    }

    /// Writes the delivery records of the next chunk of recipients (of announcement `only`,
    /// or of the oldest announcement that still has some). Returns false when there was
    /// nothing to write. The caller holds the write gate.
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
        if id == self.creating.load(Ordering::SeqCst) {
            // Still being listed (see `create_announcement_from`).
            return Ok(false);
        }
        let now = crate::clock::now();
        let ann_key = keys::announcement(id);
        // Counted the same before and after (a recipient without a record counts as pending
        // or cancelled), but a count being filled from a scan must not see half of it.
        let _outbox = self.outbox_lock();
        (
            &self.announcements,
            &self.recipients,
            &self.outbox,
            &self.queue,
            &self.to_report,
        )
            .transaction(|(anns, lists, outbox, queue, to_report)| {
                let Some(chunk) = lists.remove(&key)? else {
                    return Ok(());
                };
                let Some(a) = anns.get(ann_key)? else {
                    return Ok(());
                };
                let ann: Announcement = decode_tx("announcements", &a)?;
                let chunk =
                    codec::decode_chunk(&chunk).map_err(ConflictableTransactionError::Abort)?;
                let status = if ann.cancelled {
                    DeliveryStatus::Cancelled
                } else {
                    DeliveryStatus::Pending
                };
                for r in &chunk {
                    let d = Delivery {
                        announcement: ann.id,
                        recipient: r.user.clone(),
                        address: r.address.clone(),
                        status,
                        attempts: 0,
                        last_error: None,
                        not_before: None,
                        updated_at: now,
                        locale: r.locale,
                    };
                    let k = keys::delivery(ann.id, &r.user);
                    outbox.insert(k.as_slice(), codec::encode_delivery(&d))?;
                    if status == DeliveryStatus::Pending {
                        queue.insert(k, &[])?;
                    }
                }
                // The progress goes with the to-report entry (8 bytes), not the announcement,
                // whose text would be rewritten with every chunk. An announcement already
                // reported (it cannot have recipients left) has no entry and needs none.
                if let Some(v) = to_report.get(ann_key)? {
                    let before = match v.as_ref().try_into().map(u64::from_be_bytes) {
                        Ok(n) => n,
                        Err(_) => ann.materialized as u64,
                    };
                    let after = before + chunk.len() as u64;
                    to_report.insert(&ann_key, &after.to_be_bytes())?;
                }
                TxResult::Ok(())
            })?;
        Ok(true)
    }

    /// Who received notice `ann` (its deliveries the messenger accepted): the recipients of
    /// a correction or withdrawal of it. Read one record at a time.
    pub fn received_by(&self, ann: u64) -> impl Iterator<Item = Result<Recipient>> + '_ {
        self.outbox
            .scan_prefix(keys::announcement(ann))
            .filter_map(|kv| {
                let (k, v) = match kv {
                    Ok(kv) => kv,
                    Err(e) => return Some(Err(e.into())),
                };
                match codec::decode_delivery(&k, &v) {
                    Ok(d) if d.status == DeliveryStatus::Sent => Some(Ok(Recipient {
                        user: d.recipient,
                        address: d.address,
                        locale: d.locale,
                    })),
                    Ok(_) => None,
                    Err(e) => Some(Err(e)),
                }
            })
    }

    /// One delivery, as recorded (a claimed one reads as pending).
    pub fn delivery(&self, ann: u64, recipient: &str) -> Result<Option<Delivery>> {
        let k = keys::delivery(ann, recipient);
        self.outbox
            .get(&k)?
            .map(|v| codec::decode_delivery(&k, &v))
            .transpose()
    }

    /// Sends `revision` (a correction or withdrawal of `revision.revises`) to exactly the
    /// people who received the original, through the outbox, then records it with the
    /// original (its current text for `/tintuc`, or withdrawn). A withdrawal also stops what
    /// of the original was not sent yet. A crash between the two leaves the revision on
    /// its way and the original unmarked until it is revised again: people are told, at
    /// worst `/tintuc` shows the old text.
    pub fn create_revision(&self, revision: Announcement) -> Result<Announcement> {
        let Some(rev) = revision.revises else {
            return self.create_announcement(revision, &[]);
        };
        let text = revision.text.clone();
        // Those who got it when it was sent, then those who got it late (catch-up), whose
        // delivery, if any, had not arrived.
        let late = self
            .caught_up_of(rev.of)?
            .into_iter()
            .filter_map(|(user, _)| {
                let late = || -> Result<Option<Recipient>> {
                    if self
                        .delivery(rev.of, &user)?
                        .is_some_and(|d| d.status == DeliveryStatus::Sent)
                    {
                        return Ok(None);
                    }
                    let Ok(id) = user.parse::<crate::model::UserId>() else {
                        return Ok(None);
                    };
                    let locale = self.user(&user)?.and_then(|u| u.locale);
                    Ok(Some(Recipient {
                        address: id.private_chat(),
                        user,
                        locale,
                    }))
                };
                late().transpose()
            });
        let created =
            self.create_announcement_from(revision, self.received_by(rev.of).chain(late))?;
        {
            let _gate = self.writing();
            if let Some(mut orig) = self.announcement(rev.of)? {
                orig.revised = Some(Revised {
                    kind: rev.kind,
                    by: created.id,
                    at: created.created_at,
                    text: (rev.kind == RevisionKind::Correction).then_some(text),
                });
                self.announcements
                    .insert(keys::announcement(rev.of), encode(&orig))?;
            }
        }
        self.revisions.fetch_add(1, Ordering::SeqCst);
        if rev.kind == RevisionKind::Withdrawal {
            self.cancel_announcement(rev.of, created.created_at)?;
        }
        Ok(created)
    }

    /// Changes whenever a notice is corrected or withdrawn: whoever keeps rendered notices
    /// renders them again.
    pub fn revisions_made(&self) -> u64 {
        self.revisions.load(Ordering::SeqCst)
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

    /// Claims up to `limit` due deliveries for sending: each moves from the retry index or
    /// the queue to in flight. Due retries go first (they are older).
    ///
    /// Claims, outcomes and retries are single-key writes in a crash-safe order under one
    /// lock (a delivery is always in the queue, the retry index or in flight, until it is
    /// done), not sled transactions: 10,000 small multi-tree transactions keep ~25 MB of
    /// memory alive. [`Store::recover_in_flight`] repairs whatever a crash interrupted.
    /// Each claim reads one first key and one record: the cost does not grow with the queue.
    pub fn claim_due(&self, limit: usize, now: DateTime<Utc>) -> Result<Vec<Delivery>> {
        // A claim writes nothing, so a store that can no longer write would not stop it:
        // after a failed flush no sender may take another delivery.
        self.check_flushes()?;
        let _gate = self.writing();
        let mut claimed = Vec::new();
        while claimed.len() < limit {
            let urgent = self.urgent_first()?;
            match self.claim_one(now, &urgent)? {
                Claim::Got(d) => claimed.push(d),
                Claim::Skipped => {}
                Claim::Empty => {
                    if !self.materialize_next(None)? {
                        break;
                    }
                }
            }
        }
        Ok(claimed)
    }

    /// The first due entry (a due retry, else a queued delivery) whose delivery no sender
    /// holds: claimed deliveries keep their entry until their outcome is written, so the
    /// entries skipped here are at most the sends in flight. The caller holds the outbox lock.
    fn first_unclaimed(
        &self,
        claimed: &HashMap<Vec<u8>, Claimed>,
        now: DateTime<Utc>,
        urgent: &[u64],
    ) -> Result<Option<(IVec, Source)>> {
        for id in urgent {
            for k in self.queue.scan_prefix(keys::announcement(*id)).keys() {
                let k = k?;
                if !claimed.contains_key(k.as_ref()) {
                    return Ok(Some((k, Source::Queue)));
                }
            }
        }
        let now_ms = keys::millis(now);
        for k in self.retries.iter().keys() {
            let k = k?;
            if keys::retry_due(&k).is_none_or(|t| t > now_ms) {
                break;
            }
            if !claimed.contains_key(keys::retry_delivery(&k)) {
                return Ok(Some((k, Source::Retries)));
            }
        }
        for k in self.queue.iter().keys() {
            let k = k?;
            if !claimed.contains_key(k.as_ref()) {
                return Ok(Some((k, Source::Queue)));
            }
        }
        Ok(None)
    }

    fn claim_one(&self, now: DateTime<Utc>, urgent: &[u64]) -> Result<Claim> {
        let _outbox = self.outbox_lock();
        let mut claimed = self.claimed_lock();
        let Some((entry, from)) = self.first_unclaimed(&claimed, now, urgent)? else {
            return Ok(Claim::Empty);
        };
        let (tree, k) = match from {
            Source::Retries => (&self.retries, keys::retry_delivery(&entry)),
            Source::Queue => (&self.queue, entry.as_ref()),
        };
        let Some(v) = self.outbox.get(k)? else {
            tree.remove(&entry)?;
            return Ok(Claim::Skipped);
        };
        let mut d = codec::decode_delivery(k, &v)?;
        // Already done, or claimed before a crash by schema 2 (which wrote its claims): a
        // stale entry (e.g. left by a crash between two of the ordered writes).
        if d.status != DeliveryStatus::Pending || self.inflight.contains_key(k)? {
            tree.remove(&entry)?;
            return Ok(Claim::Skipped);
        }
        if let Some(at) = d.not_before.filter(|t| *t > now)
            && from == Source::Queue
        {
            // A retry queued by schema 1, which kept retries in the queue: index it by time.
            self.retries.insert(keys::retry(at, k), &[])?;
            self.queue.remove(&entry)?;
            return Ok(Claim::Skipped);
        }
        d.status = DeliveryStatus::InFlight;
        d.attempts += 1;
        d.updated_at = now;
        // Nothing is written: the entry stays in the queue (or the retry index) until the
        // outcome is, so after a crash exactly the sends in flight are claimed again.
        claimed.insert(
            k.to_vec(),
            Claimed {
                entry: entry.clone(),
                attempts: d.attempts,
            },
        );
        drop(claimed);
        self.recount(
            d.announcement,
            DeliveryStatus::Pending,
            DeliveryStatus::InFlight,
        );
        Ok(Claim::Got(d))
    }

    fn claimed_lock(&self) -> MutexGuard<'_, HashMap<Vec<u8>, Claimed>> {
        self.claimed.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps an announcement's counts in step with one delivery's change (if they are
    /// kept yet). The caller holds the outbox lock.
    fn recount(&self, ann: u64, from: DeliveryStatus, to: DeliveryStatus) {
        if let Some(c) = self.counts_lock().get_mut(&ann) {
            c.moved(from, to);
        }
    }

    fn counts_lock(&self) -> MutexGuard<'_, std::collections::HashMap<u64, Counts>> {
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The earliest time a queued delivery becomes due, if any is queued: now if anything
    /// is in the queue or still to be written, else the first retry's time.
    pub fn next_due(&self) -> Result<Option<DateTime<Utc>>> {
        if self.queue.first()?.is_some() || self.recipients.first()?.is_some() {
            return Ok(Some(crate::clock::now()));
        }
        Ok(self
            .retries
            .first()?
            .and_then(|(k, _)| keys::retry_due(&k))
            .and_then(|ms| DateTime::<Utc>::from_timestamp_millis(ms as i64)))
    }

    /// The claim of an in-flight delivery (its attempt number and the entry it was claimed
    /// from), and the status its record stands for now.
    fn in_flight_state(&self, k: &[u8], d: &Delivery) -> Result<(Option<Claimed>, DeliveryStatus)> {
        let claim = self.claimed_lock().get(k).cloned();
        // A claim written by schema 2 (in `outbox_inflight`), until `recover_in_flight` runs.
        let claim = match claim {
            Some(c) => Some(c),
            None => self
                .inflight
                .get(k)?
                .and_then(|v| v.as_ref().try_into().ok().map(u32::from_be_bytes))
                .map(|attempts| Claimed {
                    entry: IVec::default(),
                    attempts,
                }),
        };
        let status = match (d.status, claim.is_some()) {
            (DeliveryStatus::Pending, true) => DeliveryStatus::InFlight,
            (s, _) => s,
        };
        Ok((claim, status))
    }

    /// Gives back a claimed delivery that was never sent (the worker stopped before its turn
    /// to send came): the claim is forgotten, with the attempt it would have used. Nothing is
    /// written, since a claim writes nothing: its queue or retry entry is still in place, and
    /// the next claim, or the next start, takes it again.
    pub fn give_back(&self, d: &Delivery) {
        let k = keys::delivery(d.announcement, &d.recipient);
        let _outbox = self.outbox_lock();
        if self.claimed_lock().remove(k.as_slice()).is_some() {
            self.recount(
                d.announcement,
                DeliveryStatus::InFlight,
                DeliveryStatus::Pending,
            );
        }
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
        self.finish_delivery_gated(ann, recipient, status, error, None, now)
    }

    /// [`Store::finish_delivery`] for a caller holding the write gate; `sent` (what the
    /// messenger said about the message it accepted) goes into the record with the outcome.
    pub(super) fn finish_delivery_gated(
        &self,
        ann: u64,
        recipient: &str,
        status: DeliveryStatus,
        error: Option<FailReason>,
        sent: Option<codec::SentMessage>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let k = keys::delivery(ann, recipient);
        let _outbox = self.outbox_lock();
        let mut claim = None;
        if let Some(v) = self.outbox.get(&k)? {
            let (mut d, had) = codec::decode_delivery_sent(&k, &v)?;
            let (c, was) = self.in_flight_state(&k, &d)?;
            d.attempts = c.as_ref().map_or(d.attempts, |c| c.attempts);
            d.status = status;
            d.last_error = error;
            d.not_before = None;
            d.updated_at = now;
            // The record first, then its entry out of the queue: a crash between the two
            // leaves an entry whose record is done, dropped when a claim meets it.
            self.outbox.insert(
                k.as_slice(),
                codec::encode_delivery_sent(&d, sent.or(had).as_ref()),
            )?;
            self.recount(ann, was, status);
            claim = c;
        }
        self.release(&k, claim, None)
    }

    /// A claimed delivery's outcome is written: the entry it was claimed from leaves the
    /// queue or the retry index (unless it is `keep`), and the claim is forgotten.
    fn release(&self, k: &[u8], claim: Option<Claimed>, keep: Option<&[u8]>) -> Result<()> {
        self.claimed_lock().remove(k);
        match claim {
            Some(c) if !c.entry.is_empty() => {
                if Some(c.entry.as_ref()) == keep {
                } else if c.entry.as_ref() == k {
                    self.queue.remove(&c.entry)?;
                } else {
                    self.retries.remove(&c.entry)?;
                }
            }
            // Not claimed by this process (a claim written by schema 2, or none): the queue
            // entry, if any, goes.
            _ => {
                self.queue.remove(k)?;
            }
        }
        self.inflight.remove(k)?;
        Ok(())
    }

    /// Puts an in-flight delivery back, in the retry index at `not_before`. With
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
        let entry = keys::retry(not_before, &k);
        let _outbox = self.outbox_lock();
        let mut claim = None;
        if let Some(v) = self.outbox.get(&k)? {
            let mut d = codec::decode_delivery(&k, &v)?;
            let (c, was) = self.in_flight_state(&k, &d)?;
            if d.status != DeliveryStatus::Cancelled {
                d.attempts = c.as_ref().map_or(d.attempts, |c| c.attempts);
                d.status = DeliveryStatus::Pending;
                if refund_attempt {
                    d.attempts = d.attempts.saturating_sub(1);
                }
                d.last_error = Some(error);
                d.not_before = Some(not_before);
                d.updated_at = now;
                // The record, then the new retry entry, then the old entry out: a delivery
                // always has an entry, and a crash that leaves two makes one of them stale.
                self.outbox
                    .insert(k.as_slice(), codec::encode_delivery(&d))?;
                self.retries.insert(entry.as_slice(), &[])?;
                self.recount(ann, was, DeliveryStatus::Pending);
            }
            claim = c;
        }
        self.release(&k, claim, Some(&entry))
    }

    /// After a crash of a schema-2 build, which wrote its claims: every delivery still
    /// marked in flight goes back to the queue (with the attempt it had used). Returns how
    /// many. This build never writes claims (a claimed delivery keeps its queue entry until
    /// its outcome is written), so its own crashes need no repair and this returns 0.
    pub fn recover_in_flight(&self) -> Result<usize> {
        let _gate = self.writing();
        let _outbox = self.outbox_lock();
        let mut n = 0;
        for kv in self.inflight.iter() {
            let (k, v) = kv?;
            if let Some(rec) = self.outbox.get(&k)? {
                let mut d = codec::decode_delivery(&k, &rec)?;
                // Pending: claimed (the record is not rewritten by a claim), or interrupted
                // between "back to pending" and "into the retry index".
                if matches!(d.status, DeliveryStatus::InFlight | DeliveryStatus::Pending) {
                    d.status = DeliveryStatus::Pending;
                    if let Ok(a) = v.as_ref().try_into().map(u32::from_be_bytes) {
                        d.attempts = a;
                    }
                    self.outbox.insert(&k, codec::encode_delivery(&d))?;
                    // A retry time still ahead is honoured when it is claimed.
                    self.queue.insert(&k, &[])?;
                    n += 1;
                }
            }
            self.inflight.remove(&k)?;
        }
        self.counts_lock().clear();
        if n > 0 {
            self.queued.notify.notify_one();
        }
        Ok(n)
    }

    /// Counts of one announcement's deliveries by status. Kept in memory once read: only the
    /// first call for an announcement reads its deliveries.
    pub fn delivery_counts(&self, ann: u64) -> Result<Counts> {
        let _outbox = self.outbox_lock();
        if let Some(c) = self.counts_lock().get(&ann) {
            return Ok(*c);
        }
        let c = self.scan_counts(ann)?;
        self.counts_lock().insert(ann, c);
        Ok(c)
    }

    /// Counts by reading every delivery of the announcement. The caller holds the outbox lock.
    fn scan_counts(&self, ann: u64) -> Result<Counts> {
        let mut c = Counts::default();
        if let Some(a) = self.announcement(ann)? {
            let unwritten = a.recipients.saturating_sub(self.records_written(&a)?);
            if a.cancelled {
                c.cancelled += unwritten;
            } else {
                c.pending += unwritten;
            }
        }
        for kv in self.outbox.scan_prefix(keys::announcement(ann)) {
            let (k, v) = kv?;
            let d = codec::decode_delivery(&k, &v)?;
            let (_, status) = self.in_flight_state(&k, &d)?;
            *c.slot(status) += 1;
        }
        Ok(c)
    }

    /// Forgets kept counts (after a change made outside the claim/outcome path).
    fn recount_later(&self, ann: Option<u64>) {
        match ann {
            Some(a) => {
                self.counts_lock().remove(&a);
            }
            None => self.counts_lock().clear(),
        }
    }

    /// The deliveries of one announcement that did not arrive (blocked or failed), counted
    /// by platform and recorded reason, in that order.
    pub fn unreached(&self, ann: u64) -> Result<Vec<Unreached>> {
        let mut by: std::collections::BTreeMap<(String, bool, FailReason), usize> =
            Default::default();
        for kv in self.outbox.scan_prefix(keys::announcement(ann)) {
            let (k, v) = kv?;
            let d = codec::decode_delivery(&k, &v)?;
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

    /// How many of one announcement's deliveries to `platform` were sent (a media notice's
    /// report: who got the text only). Reads the announcement's deliveries once.
    pub fn sent_on(&self, ann: u64, platform: &str) -> Result<usize> {
        let mut n = 0;
        for kv in self.outbox.scan_prefix(keys::announcement(ann)) {
            let (k, v) = kv?;
            let d = codec::decode_delivery(&k, &v)?;
            if d.status == DeliveryStatus::Sent && d.address.platform == platform {
                n += 1;
            }
        }
        Ok(n)
    }

    /// All deliveries of one announcement (reports, tests), claimed ones shown in flight.
    pub fn deliveries(&self, ann: u64) -> Result<Vec<Delivery>> {
        let mut out = Vec::new();
        for kv in self.outbox.scan_prefix(keys::announcement(ann)) {
            let (k, v) = kv?;
            let mut d = codec::decode_delivery(k.as_ref(), &v)?;
            let (attempts, status) = self.in_flight_state(&k, &d)?;
            d.status = status;
            d.attempts = attempts.map_or(d.attempts, |c| c.attempts);
            out.push(d);
        }
        Ok(out)
    }

    /// Cancels what has not been sent yet. In-flight sends finish. Returns how many were
    /// cancelled.
    pub fn cancel_announcement(&self, ann: u64, now: DateTime<Utc>) -> Result<usize> {
        let _gate = self.writing();
        let mut n = 0;
        if let Some(mut a) = self.announcement(ann)? {
            a.cancelled = true;
            n += a.recipients.saturating_sub(self.records_written(&a)?);
            self.announcements
                .insert(keys::announcement(ann), encode(&a))?;
            // Recipients without a record yet get one marked cancelled.
            while self.materialize_next(Some(ann))? {}
        }
        let _outbox = self.outbox_lock();
        let mut waiting: Vec<(IVec, IVec)> = Vec::new();
        for k in self.queue.scan_prefix(keys::announcement(ann)).keys() {
            let k = k?;
            waiting.push((k.clone(), k));
        }
        // The retry index is ordered by time, not announcement: read it whole (it holds
        // only deliveries that failed once; cancelling is rare).
        for k in self.retries.iter().keys() {
            let k = k?;
            let d = IVec::from(keys::retry_delivery(&k));
            if keys::announcement_id(&d) == Some(ann) {
                waiting.push((k, d));
            }
        }
        for (entry, k) in waiting {
            if let Some(v) = self.outbox.get(&k)? {
                let mut d = codec::decode_delivery(k.as_ref(), &v)?;
                if self.in_flight_state(&k, &d)?.0.is_some() {
                    // Sending now: its entry stays until its outcome is written.
                    continue;
                }
                if d.status == DeliveryStatus::Pending {
                    d.status = DeliveryStatus::Cancelled;
                    d.updated_at = now;
                    self.outbox.insert(&k, codec::encode_delivery(&d))?;
                    n += 1;
                }
            }
            self.queue.remove(&entry)?;
            self.retries.remove(&entry)?;
        }
        self.recount_later(Some(ann));
        Ok(n)
    }

    /// Announcements whose deliveries are all done but whose author has no report yet.
    /// Reads only the index of announcements still to report and their kept counts.
    pub fn announcements_to_report(&self) -> Result<Vec<(Announcement, Counts)>> {
        let mut out = Vec::new();
        for k in self.to_report.iter().keys() {
            let k = k?;
            let a = match keys::announcement_id(&k) {
                Some(id) => self.announcement(id)?,
                None => None,
            };
            let Some(a) = a.filter(|a| !a.reported) else {
                self.to_report.remove(&k)?;
                continue;
            };
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
        for k in self.to_report.iter().keys().rev() {
            let k = k?;
            if let Some(a) = keys::announcement_id(&k)
                .map(|id| self.announcement(id))
                .transpose()?
                .flatten()
                && !a.reported
                && !a.cancelled
            {
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
        self.to_report.remove(keys::announcement(ann))?;
        let _outbox = self.outbox_lock();
        self.recount_later(Some(ann));
        Ok(())
    }

    /// Number of deliveries waiting to be sent (all announcements), including recipients
    /// whose delivery record is not written yet and retries not due yet.
    pub fn queued_count(&self) -> usize {
        let ids: Vec<u64> = self
            .to_report
            .iter()
            .keys()
            .filter_map(|k| k.ok())
            .filter_map(|k| keys::announcement_id(&k))
            .collect();
        ids.into_iter()
            .filter_map(|id| self.delivery_counts(id).ok())
            .map(|c| c.pending)
            .sum()
    }

    /// Removes every delivery addressed to `user` (forget-me). Pending ones are never sent.
    pub(super) fn remove_deliveries_to(&self, user: &str) -> Result<()> {
        let _gate = self.writing();
        // Not while a list is being written: it could already hold this user.
        let _no_listing = self.creating_lock.lock().unwrap_or_else(|e| e.into_inner());
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
                let mut chunk =
                    codec::decode_chunk(&l).map_err(ConflictableTransactionError::Abort)?;
                let before = chunk.len();
                chunk.retain(|r| r.user != user);
                if chunk.len() != before {
                    ann.recipients -= before - chunk.len();
                    anns.insert(&ann_key, encode(&ann))?;
                    lists.insert(&k, codec::encode_chunk(&chunk))?;
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
        let _outbox = self.outbox_lock();
        for k in doomed {
            (&self.outbox, &self.queue, &self.inflight).transaction(|(o, q, i)| {
                o.remove(&k)?;
                q.remove(&k)?;
                i.remove(&k)?;
                TxResult::Ok(())
            })?;
        }
        // A retry entry left behind finds no record and is dropped when it comes due.
        self.recount_later(None);
        Ok(())
    }

    /// Schema 1 → 2: the index of announcements still to report. (Retries that schema 1
    /// kept in the queue move to the retry index when a claim meets them.)
    pub(super) fn migrate_outbox_indexes(&self) -> Result<()> {
        for v in self.announcements.iter().values() {
            let a: Announcement = decode("announcements", &v?)?;
            if !a.reported {
                self.to_report.insert(keys::announcement(a.id), &[])?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn recipient_lists_of_schema_1_still_read() {
        let old = serde_json::json!([["telegram:1", {"platform": "telegram", "chat": "1"}]]);
        let read: Vec<Recipient> = serde_json::from_value(old).unwrap();
        assert_eq!(read[0].user, "telegram:1");
        assert_eq!(read[0].address, Address::new("telegram", "1"));
        assert_eq!(read[0].locale, None);
    }

    /// A hamlet notice with nothing sent yet (the store's other tests build on it too).
    pub(in crate::store) fn notice() -> Announcement {
        Announcement {
            id: 0,
            scope: Scope::Hamlet("dong".into()),
            author: "telegram:1".into(),
            author_address: Address::new("telegram", "1"),
            author_locale: Locale::Vi,
            text: "Họp bản".into(),
            created_at: Utc::now(),
            recipients: 0,
            materialized: 0,
            cancelled: false,
            reported: false,
            urgent: false,
            scheduled_for: None,
            late: false,
            reminds: None,
            valid_until: None,
            revises: None,
            revised: None,
            media: None,
        }
    }

    fn people(from: u32, n: u32) -> Vec<Recipient> {
        (from..from + n)
            .map(|i| Recipient {
                user: format!("telegram:{i}"),
                address: Address::new("telegram", i.to_string()),
                locale: None,
            })
            .collect()
    }

    /// A crash while a list was being written leaves chunks under the next number; the
    /// announcement that gets that number drops them first, so nobody it was not meant for
    /// receives it.
    #[test]
    fn chunks_left_by_a_create_cut_short_are_dropped() {
        let store = Store::temporary().unwrap();
        store
            .recipients
            .insert(
                keys::recipient_chunk(1, 0),
                codec::encode_chunk(&people(900, 5)),
            )
            .unwrap();
        let ann = store.create_announcement(notice(), &people(1, 3)).unwrap();
        assert_eq!((ann.id, ann.recipients), (1, 3));
        let claimed = store.claim_due(100, Utc::now()).unwrap();
        let mut got: Vec<_> = claimed.iter().map(|d| d.recipient.as_str()).collect();
        got.sort();
        assert_eq!(got, ["telegram:1", "telegram:2", "telegram:3"]);
        assert_eq!(store.delivery_counts(1).unwrap().in_flight, 3);
    }

    /// A delivery given back unsent (the worker stopping before its turn) is pending again
    /// and claimed again with the same attempt number; nothing was written for it.
    #[test]
    fn a_delivery_given_back_is_claimed_again_with_its_attempt() {
        let store = Store::temporary().unwrap();
        let ann = store.create_announcement(notice(), &people(1, 2)).unwrap();
        let first = store.claim_due(1, Utc::now()).unwrap().pop().unwrap();
        assert_eq!(first.attempts, 1);
        assert_eq!(store.delivery_counts(ann.id).unwrap().in_flight, 1);
        store.give_back(&first);
        let counts = store.delivery_counts(ann.id).unwrap();
        assert_eq!((counts.in_flight, counts.pending), (0, 2));
        let again = store.claim_due(2, Utc::now()).unwrap();
        assert_eq!(again.len(), 2, "both due, the given-back one included");
        let same = again
            .iter()
            .find(|d| d.recipient == first.recipient)
            .unwrap();
        assert_eq!(same.attempts, 1, "the attempt was not used");
        // Given back again, then once more: the second finds no claim and changes nothing.
        store.give_back(&first);
        store.give_back(&first);
        assert_eq!(store.delivery_counts(ann.id).unwrap().in_flight, 1);
    }

    /// An urgent notice confirmed while a routine one of 300 is being sent is claimed
    /// next, before the routine one's remaining deliveries (and its unwritten chunks).
    #[test]
    fn urgent_deliveries_are_claimed_before_routine_ones_already_running() {
        let store = Store::temporary().unwrap();
        let routine = store
            .create_announcement(notice(), &people(1, 300))
            .unwrap();
        let first = store.claim_due(5, Utc::now()).unwrap();
        assert!(first.iter().all(|d| d.announcement == routine.id));
        let urgent = store
            .create_announcement(
                Announcement {
                    urgent: true,
                    ..notice()
                },
                &people(1000, 100),
            )
            .unwrap();
        let next = store.claim_due(100, Utc::now()).unwrap();
        assert_eq!(next.len(), 100);
        assert!(
            next.iter().all(|d| d.announcement == urgent.id),
            "{:?}",
            next.iter().map(|d| d.announcement).collect::<Vec<_>>()
        );
        let after = store.claim_due(1, Utc::now()).unwrap();
        assert_eq!(after[0].announcement, routine.id);
        // The urgent mark survives a reopen (read from the to-report index).
        store.urgent_lock().clear();
        store.load_urgent().unwrap();
        assert!(store.urgent_lock().contains(&urgent.id));
    }

    /// A released notice leaves the scheduled trees with its announcement's transaction; a
    /// second release of the same notice creates nothing.
    #[test]
    fn a_scheduled_notice_is_released_once() {
        let store = Store::temporary().unwrap();
        let due = Utc::now();
        let n = store
            .schedule_notice(crate::store::ScheduledNotice {
                id: 0,
                scope: Scope::Hamlet("dong".into()),
                author: "telegram:1".into(),
                author_address: Address::new("telegram", "1"),
                author_locale: Locale::Vi,
                text: "Họp bản".into(),
                wanted: due,
                due,
                created_at: due,
                valid_days: None,
                missed: false,
                repeat: None,
                media: None,
            })
            .unwrap();
        let release = crate::store::Release {
            id: n.id,
            due: n.due,
            next: None,
        };
        let ann = store
            .release_scheduled(&release, notice(), people(1, 3).into_iter().map(Ok))
            .unwrap()
            .unwrap();
        assert_eq!((ann.id, ann.recipients), (1, 3));
        assert_eq!(store.next_scheduled_due().unwrap(), None);
        assert!(
            store
                .release_scheduled(&release, notice(), people(1, 3).into_iter().map(Ok))
                .unwrap()
                .is_none()
        );
        // The second try's list is dropped by the next announcement (same number).
        let next = store.create_announcement(notice(), &people(7, 1)).unwrap();
        assert_eq!((next.id, next.recipients), (2, 1));
        assert_eq!(store.claim_due(100, Utc::now()).unwrap().len(), 4);
    }

    /// Claims never write records from a list still being written.
    #[test]
    fn a_list_being_written_is_not_claimed() {
        let store = Store::temporary().unwrap();
        store.creating.store(1, Ordering::SeqCst);
        store
            .recipients
            .insert(
                keys::recipient_chunk(1, 0),
                codec::encode_chunk(&people(1, 5)),
            )
            .unwrap();
        assert!(store.claim_due(10, Utc::now()).unwrap().is_empty());
        assert_eq!(store.recipients.len(), 1, "the chunk is kept");
    }

    /// The progress of writing records is kept with the to-report entry; counts stay right
    /// before, during and after, and without a restart as with one.
    #[test]
    fn progress_of_a_long_list_is_kept_with_the_to_report_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data");
        let n = MATERIALIZE_CHUNK as u32 * 2 + 7;
        {
            let store = Store::open(&path, 8, 500).unwrap();
            let ann = store.create_announcement(notice(), &people(1, n)).unwrap();
            let claimed = store.claim_due(70, Utc::now()).unwrap();
            assert_eq!(claimed.len(), 70);
            for d in &claimed[..60] {
                store
                    .finish_delivery(ann.id, &d.recipient, DeliveryStatus::Sent, None, Utc::now())
                    .unwrap();
            }
            let c = store.delivery_counts(ann.id).unwrap();
            assert_eq!((c.sent, c.in_flight, c.pending), (60, 10, n as usize - 70));
            assert_eq!(store.records_written(&ann).unwrap(), 128);
            store.flush().unwrap();
        }
        // Claims are not written: the 10 in flight are simply still queued.
        let store = crate::store::reopen_for_test(&path, 8, 500);
        assert_eq!(store.recover_in_flight().unwrap(), 0);
        let c = store.delivery_counts(1).unwrap();
        assert_eq!((c.sent, c.in_flight, c.pending), (60, 0, n as usize - 60));
        let again = store.claim_due(100, Utc::now()).unwrap();
        assert_eq!(again.len(), n as usize - 60);
        assert!(again[..10].iter().all(|d| d.attempts == 1));
    }
}
