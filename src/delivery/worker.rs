//! The worker: claims due deliveries while a sender is free, sends each on its own task
//! (bounded by the routes' concurrency), and between passes sleeps until something is queued
//! or due; progress notes and reports go out beside the claiming.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use super::render::Rendered;
use super::send::{Sending, send_one, unroutable};
use super::{Deliver, Routes, night};
use crate::core::Core;
use crate::i18n::Locale;
use crate::model::FailReason;
use crate::store::{Carries, DeliveryStatus, Revision, StoreError};

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
    pub(super) core: Arc<Core>,
    pub(super) routes: Routes,
    /// When each running announcement's author last got a progress note.
    pub(super) progress: Mutex<HashMap<u64, tokio::time::Instant>>,
    /// Each running announcement's text per language, rendered once rather than per send.
    pub(super) rendered: Mutex<HashMap<(u64, Locale), Rendered>>,
    /// A final report could not be sent on the last pass (rate limit, network): look again
    /// soon rather than at the idle re-check.
    pub(super) reports_waiting: AtomicBool,
    /// Which running announcements correct or withdraw another (read once each).
    pub(super) revises: Mutex<HashMap<u64, Option<Revision>>>,
    /// The store's count of revisions when the rendered texts were made: a correction
    /// changes what a notice still being sent says.
    pub(super) rendered_at: AtomicU64,
    /// Recipients a messenger held for the night, per running announcement.
    pub(super) night: Arc<night::NightHolds>,
}

/// How soon a report that could not be sent is tried again.
const REPORT_RETRY: Duration = Duration::from_secs(1);

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
        self.release_scheduled(stop).await?;
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
                reports += self.send_notes(stop).await?;
            }
            Ok::<usize, StoreError>(reports)
        };
        let (claimed, noted) = tokio::join!(claims, notes);
        let mut out = claimed?;
        out.reports += noted?;
        // Stopping: the reports still to send are kept in the store for the next start.
        if !*stop.borrow() {
            out.reports += self.send_notes(stop).await?;
        }
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
            let permit = tokio::select! {
                permit = permits.clone().acquire_owned() => {
                    permit.expect("the semaphore is never closed")
                }
                _ = stopping(stop) => break,
            };
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
            let stop = stop.clone();
            tasks.spawn(async move {
                let _permit = permit;
                let turn = async {
                    // A slow channel holds at most its own share of the senders.
                    let slot = route
                        .slots
                        .clone()
                        .acquire_owned()
                        .await
                        .expect("the semaphore is never closed");
                    route.pacer.bulk(&d.address.key()).await;
                    slot
                };
                // Waiting for a sender's turn (the messenger's rate, a "retry after" pause)
                // has sent nothing: on a stop the delivery is given back, unsent, rather than
                // holding the exit. Only sends already made finish and are recorded.
                let _slot = tokio::select! {
                    slot = turn => slot,
                    _ = stopping(&stop) => {
                        core.store().give_back(&d);
                        return Ok(());
                    }
                };
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
}

/// Resolves once `stop` turns true (never, if its sender is gone without that).
pub(super) async fn stopping(stop: &watch::Receiver<bool>) {
    let mut stop = stop.clone();
    if stop.wait_for(|s| *s).await.is_err() {
        std::future::pending::<()>().await;
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
