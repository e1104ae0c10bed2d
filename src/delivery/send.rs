//! One delivery sent and its outcome recorded: sent, blocked, failed, retried with back-off
//! or held, durable before the sender takes the next; a correction edits the original first.

use super::deliver::{FetchMedia, MediaNotice};
use super::render::Notice;
use super::worker::DrainStats;
use super::{Route, SendOutcome, night};
use crate::core::Core;
use crate::model::FailReason;
use crate::store::{Carries, Delivery, DeliveryStatus, Revision, SendSeen, StoreError};

/// A delivery to a platform no running channel serves (the admin turned a messenger off):
/// it fails with a reason the report shows, rather than waiting in the queue for ever.
pub(super) async fn unroutable(core: &Core, d: &Delivery) -> Result<(), StoreError> {
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
pub(super) struct Sending<'a> {
    pub(super) notice: &'a Notice,
    /// The route of the channel a media notice's file came from.
    pub(super) source: Option<&'a Route>,
    /// The notice this one corrects or withdraws.
    pub(super) revision: Option<Revision>,
}

/// Sends one delivery and records its outcome.
pub(super) async fn send_one(
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
                // The notice may be acknowledged from now on (a reminder as the notice it
                // reminds of), and the messenger's id is kept to edit it in place (a
                // correction) and to match "seen" reports: written with the outcome, in
                // records the delivery writes anyway.
                let notice = crate::core::acknowledged_notice(message).unwrap_or(id);
                store.delivered(id, notice, &d.recipient, message_id.as_deref(), now)?;
            } else {
                store.finish_delivery(ann, &d.recipient, DeliveryStatus::Sent, None, now)?;
            }
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
