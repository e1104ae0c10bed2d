//! The outbox worker: claims due deliveries, paces them to the messenger's limits, sends them
//! through a channel's [`Deliver`] with bounded concurrency, records each outcome, retries
//! with back-off, and keeps authors informed (progress notes, final report).

pub mod pace;
pub mod route;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use crate::core::{
    Core, announcement_for_recipient, night_note_for_author, progress_for_author,
    report_for_author, text_only_for_recipient,
};
use crate::i18n::Locale;
use crate::message::{Address, NoticeMedia, OutMessage};
use crate::model::FailReason;
use crate::store::{Carries, Delivery, DeliveryStatus, Revision, SendSeen, StoreError};
pub use route::{Route, Routes};

mod night;

/// How one send went, as the channel classifies its messenger's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Sent,
    /// The platform asked us to slow down; try again after this long.
    RetryAfter(Duration),
    /// The recipient blocked the bot, left, or no longer exists: never retry.
    Gone(FailReason),
    /// A network error or a server error: retry with back-off.
    Transient(FailReason),
    /// The platform refused this message for good (e.g. malformed): do not retry.
    Permanent(FailReason),
    /// Not now, and not a failure: this kind of message may go only later (Zalo's promotion
    /// messages outside their hours). Tried again at `until`, the attempt not counted.
    Held {
        until: chrono::DateTime<chrono::Utc>,
        reason: FailReason,
    },
}

impl SendOutcome {
    /// What a failed call says, as a reason to keep (`RateLimited` for a request to slow
    /// down; empty words for `Sent`, which no caller asks about).
    pub fn reason(self) -> FailReason {
        match self {
            SendOutcome::Gone(r)
            | SendOutcome::Transient(r)
            | SendOutcome::Permanent(r)
            | SendOutcome::Held { reason: r, .. } => r,
            SendOutcome::RetryAfter(_) => FailReason::RateLimited,
            SendOutcome::Sent => FailReason::Text {
                words: String::new(),
            },
        }
    }
}

/// A notice that carries a photo or voice note, as the worker hands it to a channel.
pub struct MediaNotice<'a> {
    /// The announcement being sent: a channel keeps its one upload of the file under it.
    pub notice: u64,
    pub media: &'a NoticeMedia,
    /// The notice as text with its "✅ Đã nhận": the file's caption, or the text sent with it.
    pub message: &'a OutMessage,
    /// The same notice with a line saying what came with it, for where the file cannot go.
    pub text_only: &'a OutMessage,
    /// The channel the file came from, to read its bytes once per notice (`None` when that
    /// channel is not running in this process).
    pub source: Option<&'a dyn FetchMedia>,
}

/// Why a channel could not give the bytes of a file it reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Larger than the caller takes (`size` bytes, when known).
    TooLarge { size: Option<u64> },
    /// The messenger refused, or the network failed.
    Failed(FailReason),
}

/// A channel's way to read the bytes of a file someone sent it (its own reference: a
/// Telegram `file_id`, a Zalo attachment URL), at most `max_bytes`.
pub trait FetchMedia: Send + Sync {
    fn fetch<'a>(
        &'a self,
        file: &'a str,
        max_bytes: u64,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<u8>, FetchError>> + Send + 'a>>;
}

/// What a channel implements so the worker can reach its users.
pub trait Deliver: Send + Sync + 'static {
    fn deliver(
        &self,
        to: &Address,
        message: &OutMessage,
    ) -> impl Future<Output = SendOutcome> + Send;

    /// Like [`Deliver::deliver`], also giving the id the messenger gave the message (the
    /// last part of a long one), when it gives one: notices keep it, to edit the message
    /// in place later and to match the messenger's "received" / "seen" reports.
    fn deliver_tracked(
        &self,
        to: &Address,
        message: &OutMessage,
    ) -> impl Future<Output = (SendOutcome, Option<String>)> + Send {
        async move { (self.deliver(to, message).await, None) }
    }

    /// Sends a notice that carries a photo or voice note, giving the messenger's id of the
    /// message that carries "✅ Đã nhận". Messengers that cannot carry files send
    /// `notice.text_only`.
    fn deliver_media(
        &self,
        to: &Address,
        notice: &MediaNotice<'_>,
    ) -> impl Future<Output = (SendOutcome, Option<String>)> + Send {
        async move { self.deliver_tracked(to, notice.text_only).await }
    }

    /// The bytes of a file someone sent on this messenger (see [`FetchMedia`]).
    fn fetch_media(
        &self,
        _file: &str,
        _max_bytes: u64,
    ) -> impl Future<Output = Result<Vec<u8>, FetchError>> + Send {
        async move {
            Err(FetchError::Failed(FailReason::Refused {
                code: None,
                words: "this messenger cannot give the files sent to it".into(),
            }))
        }
    }

    /// Replaces the message with id `message_id` sent earlier to `to` by `message`, where
    /// the messenger allows it. Messengers that cannot edit refuse.
    fn edit(
        &self,
        _to: &Address,
        _message_id: &str,
        _message: &OutMessage,
    ) -> impl Future<Output = SendOutcome> + Send {
        async move {
            SendOutcome::Permanent(FailReason::Refused {
                code: None,
                words: "this messenger cannot edit a sent message".into(),
            })
        }
    }
}

/// What one drain pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DrainStats {
    pub sent: usize,
    pub blocked: usize,
    pub failed: usize,
    pub retried: usize,
    pub reports: usize,
}

impl DrainStats {
    fn add(&mut self, o: DrainStats) {
        self.sent += o.sent;
        self.blocked += o.blocked;
        self.failed += o.failed;
        self.retried += o.retried;
        self.reports += o.reports;
    }
}

/// The worker over one core and the channels that are running.
pub struct Worker {
    core: Arc<Core>,
    routes: Routes,
    /// When each running announcement's author last got a progress note.
    progress: Mutex<HashMap<u64, tokio::time::Instant>>,
    /// Each running announcement's text per language, rendered once rather than per send.
    rendered: Mutex<HashMap<(u64, Locale), Rendered>>,
    /// A final report could not be sent on the last pass (rate limit, network): look again
    /// soon rather than at the idle re-check.
    reports_waiting: AtomicBool,
    /// Which running announcements correct or withdraw another (read once each).
    revises: Mutex<HashMap<u64, Option<Revision>>>,
    /// The store's count of revisions when the rendered texts were made: a correction
    /// changes what a notice still being sent says.
    rendered_at: AtomicU64,
    /// Recipients a messenger held for the night, per running announcement.
    night: Arc<night::NightHolds>,
}

/// How soon a report that could not be sent is tried again.
const REPORT_RETRY: Duration = Duration::from_secs(1);

/// An announcement's text in one language; `None` when the announcement is gone.
type Rendered = Option<Arc<Notice>>;

/// What one delivery sends: the message, and the file a media notice carries.
struct Notice {
    message: OutMessage,
    media: Option<NoticeFile>,
}

/// A notice's photo or voice note, with the notice as text for where the file cannot go.
struct NoticeFile {
    media: NoticeMedia,
    text_only: OutMessage,
}

impl Notice {
    fn text(message: OutMessage) -> Arc<Notice> {
        Arc::new(Notice {
            message,
            media: None,
        })
    }
}

/// Rendered texts kept at most (a few per running announcement); beyond, start afresh.
const RENDERED_KEEP: usize = 64;

/// Without anything queued, the worker still looks again this often (reports that could not
/// be sent, progress notes of announcements waiting for retries).
const IDLE_RECHECK: Duration = Duration::from_secs(30);

impl Worker {
    /// A worker that sends everything through `deliver`, unpaced, one at a time (the
    /// console, tests).
    pub fn new<D: Deliver>(core: Arc<Core>, deliver: Arc<D>) -> Worker {
        Self::routed(core, Routes::everything_through(deliver))
    }

    /// A worker that sends each delivery through its platform's route, paced by that
    /// route's pacer (shared with the channel's replies).
    pub fn routed(core: Arc<Core>, routes: Routes) -> Worker {
        Worker {
            core,
            routes,
            progress: Mutex::new(HashMap::new()),
            rendered: Mutex::new(HashMap::new()),
            reports_waiting: AtomicBool::new(false),
            revises: Mutex::new(HashMap::new()),
            rendered_at: AtomicU64::new(0),
            night: Arc::new(night::NightHolds::default()),
        }
    }

    /// What `d`'s recipient receives: rendered once per announcement and language.
    fn message_for(&self, d: &Delivery) -> Result<Rendered, StoreError> {
        let store = self.core.store();
        let locale = match d.locale {
            Some(l) => l,
            // Queued before recipients' languages were stored with the announcement.
            None => store
                .user(&d.recipient)?
                .and_then(|u| u.locale)
                .unwrap_or(self.core.config().default_locale),
        };
        if !matches!(d.carries(), Carries::Announcement(_)) {
            // A question to one officer or an answer to one villager: sent once, not cached.
            return Ok(self.core.direct_message(d, locale)?.map(Notice::text));
        }
        let key = (d.announcement, locale);
        let revisions = store.revisions_made();
        if self.rendered_at.swap(revisions, Ordering::SeqCst) != revisions {
            self.rendered.lock().expect("render lock").clear();
        }
        if let Some(m) = self.rendered.lock().expect("render lock").get(&key) {
            return Ok(m.clone());
        }
        let message = store.announcement(d.announcement)?.map(|ann| {
            Arc::new(Notice {
                message: announcement_for_recipient(&self.core, &ann, locale),
                media: ann.media.clone().map(|media| NoticeFile {
                    media,
                    text_only: text_only_for_recipient(&self.core, &ann, locale),
                }),
            })
        });
        let mut cache = self.rendered.lock().expect("render lock");
        if cache.len() >= RENDERED_KEEP {
            cache.clear();
        }
        cache.insert(key, message.clone());
        Ok(message)
    }

    /// The notice `d`'s announcement corrects or withdraws, if it is a revision.
    fn revision_of(&self, d: &Delivery) -> Result<Option<Revision>, StoreError> {
        if !matches!(d.carries(), Carries::Announcement(_)) {
            return Ok(None);
        }
        if let Some(r) = self
            .revises
            .lock()
            .expect("revises lock")
            .get(&d.announcement)
        {
            return Ok(*r);
        }
        let r = self
            .core
            .store()
            .announcement(d.announcement)?
            .and_then(|a| a.revises);
        let mut known = self.revises.lock().expect("revises lock");
        if known.len() >= RENDERED_KEEP {
            known.clear();
        }
        known.insert(d.announcement, r);
        Ok(r)
    }

    /// Sends everything that is due now, then the reports of finished announcements.
    pub async fn drain(&self) -> Result<DrainStats, StoreError> {
        let (_tx, rx) = watch::channel(false);
        self.drain_until(&rx).await
    }

    /// Like [`Worker::drain`], but stops claiming new deliveries once `stop` turns true;
    /// sends already in flight finish and are recorded.
    pub async fn drain_until(
        &self,
        stop: &watch::Receiver<bool>,
    ) -> Result<DrainStats, StoreError> {
        self.release_scheduled().await?;
        let notes_every =
            Duration::from_secs(self.core.config().delivery.progress_seconds.clamp(1, 5));
        let (claiming_tx, mut claiming) = watch::channel(true);
        let claims = async {
            let out = self.claim_and_send(stop).await;
            let _ = claiming_tx.send(false);
            out
        };
        // Progress notes and the reports of announcements that finish meanwhile go out
        // beside the claiming, never inside it: a note waits for the author's chat to be
        // free (Telegram: one message a second), and the broadcast must not wait with it.
        let notes = async {
            let mut reports = 0;
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(notes_every) => {}
                    _ = claiming.wait_for(|c| !*c) => break,
                }
                reports += self.send_notes().await?;
            }
            Ok::<usize, StoreError>(reports)
        };
        let (claimed, noted) = tokio::join!(claims, notes);
        let mut out = claimed?;
        out.reports += noted?;
        out.reports += self.send_notes().await?;
        Ok(out)
    }

    /// Claims due deliveries while a sender is free and sends them, until nothing is due or
    /// `stop` turns true; then waits for the sends in flight.
    async fn claim_and_send(&self, stop: &watch::Receiver<bool>) -> Result<DrainStats, StoreError> {
        let stats = Arc::new(Mutex::new(DrainStats::default()));
        let permits = Arc::new(Semaphore::new(self.routes.concurrency()));
        let mut tasks: JoinSet<Result<(), StoreError>> = JoinSet::new();
        let mut first_error = None;
        loop {
            if *stop.borrow() {
                break;
            }
            let permit = permits
                .clone()
                .acquire_owned()
                .await
                .expect("the semaphore is never closed");
            // Claim only when a sender is free, so at most `concurrency` deliveries are in
            // flight: those are the only ones a crash can make us send twice.
            let Some(d) = self.core.store().claim_due(1, crate::clock::now())?.pop() else {
                break;
            };
            let Some(route) = self.routes.to(&d.address).cloned() else {
                unroutable(&self.core, &d).await?;
                stats.lock().expect("stats lock").failed += 1;
                continue;
            };
            let Some(message) = self.message_for(&d)? else {
                let store = self.core.store();
                if let Carries::Announcement(_) = d.carries() {
                    store.finish_delivery(
                        d.announcement,
                        &d.recipient,
                        DeliveryStatus::Failed,
                        Some(FailReason::AnnouncementMissing),
                        crate::clock::now(),
                    )?;
                    stats.lock().expect("stats lock").failed += 1;
                } else {
                    // The question was deleted with its asker's data: nothing to say any more.
                    store.finish_delivery(
                        d.announcement,
                        &d.recipient,
                        DeliveryStatus::Cancelled,
                        None,
                        crate::clock::now(),
                    )?;
                }
                store.flush_async().await?;
                continue;
            };
            let revision = self.revision_of(&d)?;
            // A media notice's file is read from the channel it came from.
            let source = message
                .media
                .as_ref()
                .and_then(|f| self.routes.of_platform(&f.media.origin).cloned());
            let (core, task_stats, night) = (self.core.clone(), stats.clone(), self.night.clone());
            tasks.spawn(async move {
                let _permit = permit;
                // A slow channel holds at most its own share of the senders.
                let _slot = route
                    .slots
                    .clone()
                    .acquire_owned()
                    .await
                    .expect("the semaphore is never closed");
                route.pacer.bulk(&d.address.key()).await;
                let sending = Sending {
                    notice: &message,
                    source: source.as_ref(),
                    revision,
                };
                let outcome = send_one(&core, &route, d, sending, &night).await?;
                task_stats.lock().expect("stats lock").add(outcome);
                Ok(())
            });
            while let Some(done) = tasks.try_join_next() {
                note_error(done, &mut first_error);
            }
            if first_error.is_some() {
                // An outcome could not be recorded (or made durable): claim nothing more.
                break;
            }
        }
        while let Some(done) = tasks.join_next().await {
            note_error(done, &mut first_error);
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        Ok(*stats.lock().expect("stats lock"))
    }

    /// Runs until `shutdown` turns true: drains, then sleeps until something is queued (the
    /// store wakes it) or the next retry is due, and drains again. On shutdown, in-flight
    /// sends finish before it returns.
    pub async fn run(&self, mut shutdown: watch::Receiver<bool>) {
        let store = self.core.store().clone();
        loop {
            if let Err(e) = self.drain_until(&shutdown).await {
                log::error!("delivery: {e}");
            }
            if *shutdown.borrow() {
                break;
            }
            let next = |due: Result<Option<chrono::DateTime<chrono::Utc>>, StoreError>| match due {
                Ok(Some(at)) => (at - crate::clock::now()).to_std().unwrap_or_default(),
                Ok(None) => IDLE_RECHECK,
                Err(e) => {
                    log::error!("delivery: {e}");
                    IDLE_RECHECK
                }
            };
            // The next delivery due, or the next scheduled notice's time.
            let mut wait = next(store.next_due())
                .min(next(self.core.next_scheduled_due()))
                .min(IDLE_RECHECK);
            if self.reports_waiting.load(Ordering::Relaxed) {
                wait = wait.min(REPORT_RETRY);
            }
            tokio::select! {
                _ = store.deliveries_queued() => {}
                _ = tokio::time::sleep(wait) => {}
                // A test that moves the clock makes retries due at once.
                _ = crate::clock::advanced() => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() {
                break;
            }
        }
    }

    /// Scheduled notices whose time has come become announcements (durable before any of
    /// them is sent); their authors are told (best effort: the final report says it too).
    async fn release_scheduled(&self) -> Result<(), StoreError> {
        let notes = self.core.release_due(crate::clock::now())?;
        if notes.is_empty() {
            return Ok(());
        }
        self.core.store().flush_async().await?;
        for note in notes {
            let Some(route) = self.routes.to(&note.to) else {
                continue;
            };
            route.pacer.reply(&note.to.key()).await;
            if let SendOutcome::RetryAfter(wait) = route.deliver(&note.to, &note.message).await {
                route.pacer.pause(wait);
            }
        }
        Ok(())
    }

    /// Final reports for finished announcements and progress notes for long ones.
    /// Returns how many reports were sent.
    async fn send_notes(&self) -> Result<usize, StoreError> {
        let store = self.core.store();
        let mut n = 0;
        let mut waiting = false;
        for (ann, counts) in store.announcements_to_report()? {
            if store.replies_waiting_to(&ann.author_address)? {
                // The answer that started it ("📤 Đang gửi…") has not gone out yet: the report
                // comes after it.
                waiting = true;
                continue;
            }
            let unreached = store.unreached(ann.id)?;
            let report = report_for_author(&self.core, &ann, &counts, &unreached);
            let Some(route) = self.routes.to(&report.to) else {
                // The author's messenger is not running in this process: nobody to push the
                // report to. Trying again on every pass would only fill the log.
                log::warn!(
                    "announcement {}: no running channel reaches its author {}",
                    ann.id,
                    report.to.key()
                );
                store.mark_reported(ann.id)?;
                continue;
            };
            route.pacer.reply(&report.to.key()).await;
            match route.deliver(&report.to, &report.message).await {
                SendOutcome::Sent | SendOutcome::Gone(_) | SendOutcome::Permanent(_) => {
                    store.mark_reported(ann.id)?;
                    // A number typed back on Zalo now opens this notice's full report.
                    self.core.offered(&report.to, &report.message)?;
                    self.progress.lock().expect("progress lock").remove(&ann.id);
                    self.night.forget(ann.id);
                    self.rendered
                        .lock()
                        .expect("render lock")
                        .retain(|(id, _), _| *id != ann.id);
                    log::info!(
                        "announcement {} done: {} sent, {} blocked, {} failed, {} cancelled of {}",
                        ann.id,
                        counts.sent,
                        counts.blocked,
                        counts.failed,
                        counts.cancelled,
                        counts.total()
                    );
                    n += 1;
                }
                SendOutcome::RetryAfter(wait) => {
                    route.pacer.pause(wait);
                    waiting = true;
                }
                // Tried again on the next pass.
                SendOutcome::Transient(_) | SendOutcome::Held { .. } => waiting = true,
            }
        }
        self.reports_waiting.store(waiting, Ordering::Relaxed);
        let every = Duration::from_secs(self.core.config().delivery.progress_seconds);
        let now = crate::clock::now();
        for ann in store.open_announcements()? {
            // Only deliveries held for the night are left: the author hears when they go.
            let counts = store.delivery_counts(ann.id)?;
            if let Some(held) = self.night.note_due(ann.id, counts.open()) {
                let note = night_note_for_author(
                    &self.core,
                    &ann,
                    &counts,
                    &held.platform,
                    held.count,
                    held.until,
                );
                if let Some(route) = self.routes.to(&note.to) {
                    route.pacer.reply(&note.to.key()).await;
                    if let SendOutcome::RetryAfter(wait) =
                        route.deliver(&note.to, &note.message).await
                    {
                        route.pacer.pause(wait);
                    }
                }
            }
            let age = (now - ann.created_at).to_std().unwrap_or_default();
            if age < every {
                continue;
            }
            let due = {
                let mut last = self.progress.lock().expect("progress lock");
                let t = tokio::time::Instant::now();
                match last.get(&ann.id) {
                    Some(at) if at.elapsed() < every => false,
                    _ => {
                        last.insert(ann.id, t);
                        true
                    }
                }
            };
            if due {
                let counts = store.delivery_counts(ann.id)?;
                let note = progress_for_author(&self.core, &ann, &counts);
                let Some(route) = self.routes.to(&note.to) else {
                    continue;
                };
                route.pacer.reply(&note.to.key()).await;
                if let SendOutcome::RetryAfter(wait) = route.deliver(&note.to, &note.message).await
                {
                    route.pacer.pause(wait);
                }
            }
        }
        Ok(n)
    }
}

fn note_error(
    done: Result<Result<(), StoreError>, tokio::task::JoinError>,
    first: &mut Option<StoreError>,
) {
    match done {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            log::error!("delivery: {e}");
            first.get_or_insert(e);
        }
        Err(e) => log::error!("delivery task panicked: {e}"),
    }
}

/// A delivery to a platform no running channel serves (the admin turned a messenger off):
/// it fails with a reason the report shows, rather than waiting in the queue for ever.
async fn unroutable(core: &Core, d: &Delivery) -> Result<(), StoreError> {
    log::warn!(
        "announcement {}: no running channel for {}",
        d.announcement,
        d.address.key()
    );
    core.store().finish_delivery(
        d.announcement,
        &d.recipient,
        DeliveryStatus::Failed,
        Some(FailReason::ChannelOff),
        crate::clock::now(),
    )?;
    core.answer_not_delivered(d.carries(), &FailReason::ChannelOff, crate::clock::now())?;
    core.store().flush_async().await
}

/// A correction or withdrawal also edits the original in place where the messenger allows
/// it (Telegram, within 48 hours). A failed edit changes nothing: the revision still goes.
async fn edit_original(core: &Core, route: &Route, d: &Delivery, rev: Revision) {
    let edit = match core.original_edit(d, rev, crate::clock::now()) {
        Ok(Some(edit)) => edit,
        Ok(None) => return,
        Err(e) => {
            log::warn!(
                "notice {}: reading the original for {}: {e}",
                rev.of,
                d.recipient
            );
            return;
        }
    };
    route.pacer.bulk(&d.address.key()).await;
    match route.edit(&d.address, &edit.0, &edit.1).await {
        SendOutcome::Sent => log::info!("notice {}: edited in place for {}", rev.of, d.recipient),
        other => log::info!(
            "notice {}: not edited for {} ({other:?}); the revision is sent",
            rev.of,
            d.recipient
        ),
    }
}

/// What one send carries besides its delivery record.
struct Sending<'a> {
    notice: &'a Notice,
    /// The route of the channel a media notice's file came from.
    source: Option<&'a Route>,
    /// The notice this one corrects or withdraws.
    revision: Option<Revision>,
}

/// Sends one delivery and records its outcome.
async fn send_one(
    core: &Core,
    route: &Route,
    d: Delivery,
    sending: Sending<'_>,
    night: &night::NightHolds,
) -> Result<DrainStats, StoreError> {
    let Sending {
        notice,
        source,
        revision,
    } = sending;
    let message = &notice.message;
    if let Some(rev) = revision {
        edit_original(core, route, &d, rev).await;
    }
    let pacer = &route.pacer;
    let store = core.store();
    let mut stats = DrainStats::default();
    let ann = d.announcement;
    let what = d.carries();
    let (outcome, message_id) = match &notice.media {
        Some(file) => {
            let media = MediaNotice {
                notice: ann,
                media: &file.media,
                message,
                text_only: &file.text_only,
                source: source.map(|r| r as &dyn FetchMedia),
            };
            route.deliver_media(&d.address, &media).await
        }
        None => route.deliver_tracked(&d.address, message).await,
    };
    let now = crate::clock::now();
    let cfg = &core.config().delivery;
    let give_up = |reason: FailReason, how: &str| {
        log::warn!("{what:?}: send to {} {how}: {reason}", d.recipient);
        store.finish_delivery(
            ann,
            &d.recipient,
            DeliveryStatus::Failed,
            Some(reason.clone()),
            now,
        )?;
        // An officer's answer that cannot reach its asker: the officer is told.
        core.answer_not_delivered(what, &reason, now)
    };
    match outcome {
        SendOutcome::Sent => {
            if let Carries::Announcement(id) = what {
                // Before the record: a crash between the two leaves an open notice whose
                // delivery is sent again, never a sent one that cannot be acknowledged.
                // A reminder is acknowledged as the notice it reminds of.
                let notice = crate::core::acknowledged_notice(message).unwrap_or(id);
                store.note_notice_delivered(notice, &d.recipient, now)?;
                // Kept to edit it in place (a correction) and to match "seen" reports.
                if let Some(m) = &message_id {
                    store.note_sent_message(id, &d.recipient, m)?;
                }
            }
            store.finish_delivery(ann, &d.recipient, DeliveryStatus::Sent, None, now)?;
            store.note_send(&d.recipient, SendSeen::Sent, now)?;
            if !matches!(what, Carries::Announcement(_)) {
                // Numbers typed back (Zalo) now mean this message's buttons.
                core.offered(&d.address, message)?;
            }
            stats.sent += 1;
        }
        SendOutcome::Gone(reason) => {
            store.finish_delivery(
                ann,
                &d.recipient,
                DeliveryStatus::Blocked,
                Some(reason.clone()),
                now,
            )?;
            store.set_active(&d.recipient, false)?;
            store.note_send(&d.recipient, SendSeen::Left, now)?;
            log::info!("{what:?}: {} is unreachable", d.recipient);
            core.answer_not_delivered(what, &reason, now)?;
            stats.blocked += 1;
        }
        SendOutcome::Permanent(reason) => {
            match &reason {
                FailReason::WindowClosed { .. } => {
                    store.note_send(&d.recipient, SendSeen::WindowClosed, now)?
                }
                FailReason::NotFollowing { .. } => {
                    store.note_send(&d.recipient, SendSeen::Left, now)?
                }
                _ => {}
            }
            give_up(reason, "failed")?;
            stats.failed += 1;
        }
        SendOutcome::Transient(reason) if d.attempts >= cfg.max_attempts => {
            give_up(reason, &format!("gave up after {} attempts", d.attempts))?;
            stats.failed += 1;
        }
        SendOutcome::Transient(reason) => {
            let backoff = cfg.retry_base_seconds << d.attempts.saturating_sub(1).min(10);
            let at = now + chrono::Duration::seconds(backoff as i64);
            store.retry_delivery(ann, &d.recipient, reason, at, now, false)?;
            stats.retried += 1;
        }
        SendOutcome::Held { until, reason } => {
            log::info!(
                "{what:?}: send to {} held until {until} ({reason})",
                d.recipient
            );
            if let (FailReason::NightRestricted { .. }, Carries::Announcement(_)) = (&reason, what)
            {
                night.hold(ann, &d.recipient, &d.address.platform, until);
            }
            store.retry_delivery(ann, &d.recipient, reason, until, now, true)?;
            stats.retried += 1;
        }
        SendOutcome::RetryAfter(wait) => {
            // The whole bot waits, as Telegram demands; this send does not lose an attempt.
            pacer.pause(wait);
            let at = now + chrono::Duration::from_std(wait).unwrap_or_default();
            store.retry_delivery(ann, &d.recipient, FailReason::RateLimited, at, now, true)?;
            stats.retried += 1;
        }
    }
    // The outcome is on disk before this sender takes the next delivery: after a crash only
    // the deliveries in flight at that moment can be sent again. Outcomes of senders that
    // finish close together share one fsync (group commit, see `Store::flush_async`).
    store.flush_async().await?;
    Ok(stats)
}
