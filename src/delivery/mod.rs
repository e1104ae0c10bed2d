//! The outbox worker: claims due deliveries, sends them through a channel's [`Deliver`],
//! records each outcome, retries with back-off, and sends each author their final report.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use crate::core::{Core, announcement_for_recipient, report_for_author};
use crate::message::{Address, OutMessage};
use crate::store::{Delivery, DeliveryStatus, StoreError};

/// How one send went, as the channel classifies its messenger's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Sent,
    /// The platform asked us to slow down; try again after this long.
    RetryAfter(Duration),
    /// The recipient blocked the bot, left, or no longer exists: never retry.
    Gone(String),
    /// A network error or a server error: retry with back-off.
    Transient(String),
    /// The platform refused this message for good (e.g. malformed): do not retry.
    Permanent(String),
}

/// What a channel implements so the worker can reach its users.
pub trait Deliver: Send + Sync {
    fn deliver(
        &self,
        to: &Address,
        message: &OutMessage,
    ) -> impl Future<Output = SendOutcome> + Send;
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

/// The worker over one core and one way of delivering.
pub struct Worker<D: Deliver> {
    core: Arc<Core>,
    deliver: Arc<D>,
    batch: usize,
}

impl<D: Deliver> Worker<D> {
    pub fn new(core: Arc<Core>, deliver: Arc<D>) -> Worker<D> {
        Worker {
            core,
            deliver,
            batch: 64,
        }
    }

    /// Sends everything that is due now, then the reports of finished announcements.
    /// Returns when nothing due is left (deliveries waiting for a retry time stay queued).
    pub async fn drain(&self) -> Result<DrainStats, StoreError> {
        let mut stats = DrainStats::default();
        loop {
            let due = self.core.store().claim_due(self.batch, Utc::now())?;
            if due.is_empty() {
                break;
            }
            for d in due {
                self.send_one(d, &mut stats).await?;
            }
        }
        stats.reports += self.send_reports().await?;
        Ok(stats)
    }

    /// Runs until `shutdown` turns true: drains, then waits a little (or until the next
    /// retry is due) and drains again.
    pub async fn run(&self, mut shutdown: tokio::sync::watch::Receiver<bool>) {
        loop {
            if let Err(e) = self.drain().await {
                log::error!("delivery: {e}");
            }
            let wait = Duration::from_millis(250);
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() {
                break;
            }
        }
    }

    async fn send_one(&self, d: Delivery, stats: &mut DrainStats) -> Result<(), StoreError> {
        let store = self.core.store();
        let Some(ann) = store.announcement(d.announcement)? else {
            store.finish_delivery(
                d.announcement,
                &d.recipient,
                DeliveryStatus::Failed,
                Some("announcement missing".into()),
                Utc::now(),
            )?;
            stats.failed += 1;
            return Ok(());
        };
        let locale = store
            .user(&d.recipient)?
            .and_then(|u| u.locale)
            .unwrap_or(self.core.config().default_locale);
        let message = announcement_for_recipient(&self.core, &ann, locale);
        let outcome = self.deliver.deliver(&d.address, &message).await;
        let now = Utc::now();
        let cfg = &self.core.config().delivery;
        match outcome {
            SendOutcome::Sent => {
                store.finish_delivery(ann.id, &d.recipient, DeliveryStatus::Sent, None, now)?;
                stats.sent += 1;
            }
            SendOutcome::Gone(reason) => {
                store.finish_delivery(
                    ann.id,
                    &d.recipient,
                    DeliveryStatus::Blocked,
                    Some(reason),
                    now,
                )?;
                store.set_active(&d.recipient, false)?;
                log::info!("announcement {}: {} is unreachable", ann.id, d.recipient);
                stats.blocked += 1;
            }
            SendOutcome::Permanent(reason) => {
                log::warn!(
                    "announcement {}: send to {} failed: {reason}",
                    ann.id,
                    d.recipient
                );
                store.finish_delivery(
                    ann.id,
                    &d.recipient,
                    DeliveryStatus::Failed,
                    Some(reason),
                    now,
                )?;
                stats.failed += 1;
            }
            SendOutcome::Transient(reason) if d.attempts >= cfg.max_attempts => {
                log::warn!(
                    "announcement {}: giving up on {} after {} attempts: {reason}",
                    ann.id,
                    d.recipient,
                    d.attempts
                );
                store.finish_delivery(
                    ann.id,
                    &d.recipient,
                    DeliveryStatus::Failed,
                    Some(reason),
                    now,
                )?;
                stats.failed += 1;
            }
            SendOutcome::Transient(reason) => {
                let backoff = cfg.retry_base_seconds << d.attempts.saturating_sub(1).min(10);
                let at = now + chrono::Duration::seconds(backoff as i64);
                store.retry_delivery(ann.id, &d.recipient, reason, at, now)?;
                stats.retried += 1;
            }
            SendOutcome::RetryAfter(wait) => {
                let at = now + chrono::Duration::from_std(wait).unwrap_or_default();
                store.retry_delivery(ann.id, &d.recipient, "rate limited".into(), at, now)?;
                stats.retried += 1;
            }
        }
        Ok(())
    }

    /// Reports for announcements with nothing left to send. A report that cannot be sent
    /// now is tried again on the next pass.
    async fn send_reports(&self) -> Result<usize, StoreError> {
        let store = self.core.store();
        let mut n = 0;
        for (ann, counts) in store.announcements_to_report()? {
            let report = report_for_author(&self.core, &ann, &counts);
            match self.deliver.deliver(&report.to, &report.message).await {
                SendOutcome::Sent | SendOutcome::Gone(_) | SendOutcome::Permanent(_) => {
                    store.mark_reported(ann.id)?;
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
                SendOutcome::RetryAfter(_) | SendOutcome::Transient(_) => {}
            }
        }
        Ok(n)
    }
}
