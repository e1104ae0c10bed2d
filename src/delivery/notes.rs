//! What the worker tells authors: a scheduled notice released, progress notes of long
//! broadcasts, deliveries held for the night, and the final report once nothing is open.

use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::sync::watch;

use super::worker::stopping;
use super::{Route, SendOutcome, Worker};
use crate::core::{night_note_for_author, progress_for_author, report_for_author};
use crate::store::StoreError;

impl Worker {
    /// Scheduled notices whose time has come become announcements (durable before any of
    /// them is sent); their authors are told (best effort: the final report says it too).
    pub(super) async fn release_scheduled(
        &self,
        stop: &watch::Receiver<bool>,
    ) -> Result<(), StoreError> {
        let notes = self.core.release_due(crate::clock::now())?;
        if notes.is_empty() {
            return Ok(());
        }
        self.core.store().flush_async().await?;
        for note in notes {
            let Some(route) = self.routes.to(&note.to) else {
                continue;
            };
            if !turn(route, &note.to.key(), stop).await {
                break;
            }
            if let SendOutcome::RetryAfter(wait) = route.deliver(&note.to, &note.message).await {
                route.pacer.pause(wait);
            }
        }
        Ok(())
    }

    /// Final reports for finished announcements and progress notes for long ones, until
    /// `stop` turns true (a report not sent stays to send at the next start). Returns how
    /// many reports were sent.
    pub(super) async fn send_notes(
        &self,
        stop: &watch::Receiver<bool>,
    ) -> Result<usize, StoreError> {
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
            if !turn(route, &report.to.key(), stop).await {
                return Ok(n);
            }
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
                    if !turn(route, &note.to.key(), stop).await {
                        return Ok(n);
                    }
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
                if !turn(route, &note.to.key(), stop).await {
                    return Ok(n);
                }
                if let SendOutcome::RetryAfter(wait) = route.deliver(&note.to, &note.message).await
                {
                    route.pacer.pause(wait);
                }
            }
        }
        Ok(n)
    }
}

/// Waits for the author's chat to be free for a note; false, with nothing sent, when `stop`
/// turned true first (a "retry after" pause may be long, and a stopping bot does not wait it
/// out for a note).
async fn turn(route: &Route, chat: &str, stop: &watch::Receiver<bool>) -> bool {
    if *stop.borrow() {
        return false;
    }
    tokio::select! {
        _ = route.pacer.reply(chat) => true,
        _ = stopping(stop) => false,
    }
}
