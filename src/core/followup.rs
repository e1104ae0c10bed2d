//! Following a notice up: who of its hamlet is reachable now (the preview's figures), how
//! long it stays valid (the head may choose), one reminder to those who have not
//! acknowledged it, and catch-up — a subscriber who missed a still-valid notice gets it
//! first thing when they next write. See docs/notices.md.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::reach::{ReachCounts, Reachability, classify};
use super::request::Request;
use super::{Core, Ctx};
use crate::message::{OutMessage, Outbound};
use crate::store::{
    Announcement, COMMUNE_SCOPE, DeliveryStatus, Pending, Recipient, Reminded, Scope, Session,
    StoreError,
};
use crate::text::format;

/// The validity a head may choose in the preview, in days.
pub const VALIDITY_CHOICES: [u32; 6] = [1, 3, 7, 10, 14, 30];

/// At most this many missed notices are given at once (the newest), so one message stays
/// readable on a phone.
pub const CATCH_UP_MAX: usize = 5;

impl Core {
    /// Where each subscriber of `hamlets` stands at `now` (read one at a time).
    pub(super) fn reach_counts(
        &self,
        hamlets: &[&str],
        now: DateTime<Utc>,
    ) -> Result<ReachCounts, StoreError> {
        let mut counts = ReachCounts::default();
        for user in self.store.subscribers_iter(hamlets) {
            let user = user?;
            let reach = self.store.reach(&user.key)?;
            counts.add(classify(&user, &reach, now));
        }
        Ok(counts)
    }

    /// Whether `user` is reachable now (someone never seen is not).
    fn reachability(&self, user: &str, now: DateTime<Utc>) -> Result<Reachability, StoreError> {
        let Some(u) = self.store.user(user)? else {
            return Ok(Reachability::Left);
        };
        Ok(classify(&u, &self.store.reach(user)?, now))
    }

    /// The preview's lines: reachable now, probably not (window closed), left.
    pub(super) fn reach_lines(&self, ctx: &Ctx, c: &ReachCounts) -> String {
        let mut lines = vec![self.t(
            ctx,
            "preview-reach-now",
            &[("now", c.now.into()), ("count", c.recipients().into())],
        )];
        if c.window_closed > 0 {
            lines.push(self.t(
                ctx,
                "preview-reach-window",
                &[("count", c.window_closed.into())],
            ));
        }
        if c.left > 0 {
            lines.push(self.t(ctx, "preview-reach-left", &[("count", c.left.into())]));
        }
        lines.join("\n")
    }

    /// The end of validity of a notice confirmed at `now`.
    pub(super) fn valid_until(&self, now: DateTime<Utc>, days: Option<u32>) -> DateTime<Utc> {
        let days = days.map_or(self.config.notices.valid_days, i64::from);
        now + Duration::days(days)
    }

    /// Until when a stored notice is valid (older stores: `valid_days` after it was sent).
    pub(super) fn notice_valid_until(&self, ann: &Announcement) -> DateTime<Utc> {
        ann.valid_until
            .unwrap_or_else(|| self.valid_until(ann.created_at, None))
    }

    pub(super) fn validity_line(&self, ctx: &Ctx, until: DateTime<Utc>) -> String {
        self.t(
            ctx,
            "preview-valid-until",
            &[("date", format::date(until, self.offset, ctx.locale).into())],
        )
    }

    /// "⏳ Hiệu lực": the choices (`None`), or one chosen, then the preview again.
    pub(super) fn broadcast_validity(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        days: Option<u32>,
    ) -> Result<OutMessage, StoreError> {
        let Some((text, Some(target), chosen)) = self.fresh_draft(ctx, session) else {
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[])));
        };
        let Some(days) = days else {
            let mut reqs: Vec<Request> = VALIDITY_CHOICES
                .iter()
                .map(|&d| Request::BroadcastValidity { days: Some(d) })
                .collect();
            reqs.push(Request::Cancel);
            let current = self.valid_until(ctx.now, chosen);
            return Ok(OutMessage {
                text: self.t(
                    ctx,
                    "validity-choose",
                    &[(
                        "date",
                        format::date(current, self.offset, ctx.locale).into(),
                    )],
                ),
                buttons: self.rows(ctx, &reqs),
            });
        };
        session.pending = Some(Pending::Broadcast {
            text: text.clone(),
            target: Some(match &target {
                Some(h) => Scope::Hamlet(h.clone()),
                None => Scope::Commune,
            }),
            created_at: ctx.now,
            valid_days: Some(days),
            mode: super::broadcast::draft_mode(session),
            media: super::broadcast::draft_media(session),
        });
        self.preview(
            ctx,
            &text,
            &target,
            Some(days),
            super::broadcast::draft_mode(session),
            super::broadcast::draft_media(session).as_ref(),
        )
    }

    /// Notice `id` if `ctx.user` may remind its recipients: a head of its hamlet, its
    /// author, or an admin; never a reminder itself.
    fn remindable(&self, ctx: &Ctx, id: u64) -> Result<Option<Announcement>, StoreError> {
        if !self.may_broadcast(&ctx.user) {
            return Ok(None);
        }
        Ok(self.store.announcement(id)?.filter(|a| {
            a.reminds.is_none()
                && a.revises.is_none()
                && !a.withdrawn()
                && self.may_see_report(&ctx.user, a)
        }))
    }

    /// Whom a reminder of `ann` goes to now: its recipients (and those who got it by
    /// catch-up) who have not acknowledged it and are reachable now.
    fn remind_targets(
        &self,
        ann: &Announcement,
        now: DateTime<Utc>,
    ) -> Result<Vec<Recipient>, StoreError> {
        let acks = self.store.acks_of(ann.id)?;
        let acked: HashSet<&str> = acks.iter().map(|(u, _)| u.as_str()).collect();
        let mut users: Vec<String> = self
            .store
            .deliveries(ann.id)?
            .into_iter()
            .filter(|d| {
                !matches!(
                    d.status,
                    DeliveryStatus::Cancelled | DeliveryStatus::Pending | DeliveryStatus::InFlight
                )
            })
            .map(|d| d.recipient)
            .collect();
        users.extend(self.store.caught_up_of(ann.id)?.into_iter().map(|(u, _)| u));
        users.sort();
        users.dedup();
        let mut out = Vec::new();
        for u in users {
            if acked.contains(u.as_str()) || self.reachability(&u, now)? != Reachability::Now {
                continue;
            }
            if let Some(user) = self.store.user(&u)? {
                out.push(Recipient {
                    user: user.key,
                    address: user.address,
                    locale: user.locale,
                });
            }
        }
        Ok(out)
    }

    /// "Already reminded at …".
    fn already_reminded(&self, ctx: &Ctx, id: u64, at: DateTime<Utc>) -> OutMessage {
        self.with_menu(
            ctx,
            self.t(
                ctx,
                "remind-already",
                &[
                    ("id", id.to_string().into()),
                    (
                        "time",
                        format::date_time(at, self.offset, ctx.locale).into(),
                    ),
                ],
            ),
        )
    }

    /// "🔔 Nhắc những người chưa nhận": how many would be reminded, Confirm / Cancel.
    pub(super) fn remind_ask(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        id: u64,
    ) -> Result<OutMessage, StoreError> {
        let Some(ann) = self.remindable(ctx, id)? else {
            log::info!("reminder of {id} refused or unknown for {}", ctx.user);
            return Ok(self.with_menu(
                ctx,
                self.t(ctx, "report-not-found", &[("id", id.to_string().into())]),
            ));
        };
        if let Some((_, at)) = self.store.reminder_of(id)? {
            return Ok(self.already_reminded(ctx, id, at));
        }
        if self.store.is_sending(id)? {
            return Ok(self.with_menu(
                ctx,
                self.t(
                    ctx,
                    "remind-still-sending",
                    &[("id", id.to_string().into())],
                ),
            ));
        }
        let targets = self.remind_targets(&ann, ctx.now)?;
        if targets.is_empty() {
            return Ok(self.with_menu(
                ctx,
                self.t(ctx, "remind-nobody", &[("id", id.to_string().into())]),
            ));
        }
        session.pending = Some(Pending::Remind {
            id,
            created_at: ctx.now,
        });
        Ok(OutMessage {
            text: self.t(
                ctx,
                "remind-preview",
                &[
                    ("id", id.to_string().into()),
                    ("count", targets.len().into()),
                    (
                        "preview",
                        format::truncate(&self.notice_words(ctx.locale, &ann), 60).into(),
                    ),
                ],
            ),
            buttons: vec![vec![
                self.button(ctx, &Request::RemindConfirm { id }),
                self.button(ctx, &Request::Cancel),
            ]],
        })
    }

    /// The reminder confirmed: queued through the outbox to those not acknowledged and
    /// reachable now, once per notice. A confirm without a fresh preview of this very
    /// notice (forged, stale, pressed twice) does nothing.
    pub(super) fn remind_confirm(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        id: u64,
    ) -> Result<OutMessage, StoreError> {
        let fresh = matches!(
            session.pending,
            Some(Pending::Remind { id: p, created_at })
                if p == id
                    && ctx.now - created_at
                        < Duration::minutes(self.config.limits.draft_minutes)
        );
        if matches!(session.pending, Some(Pending::Remind { .. })) {
            session.pending = None;
        }
        // Someone who may not remind it learns nothing of it, not even whether it was.
        let Some(ann) = self.remindable(ctx, id)? else {
            log::info!("reminder confirm of {id} refused for {}", ctx.user);
            return Ok(self.with_menu(
                ctx,
                self.t(ctx, "report-not-found", &[("id", id.to_string().into())]),
            ));
        };
        if let Some((_, at)) = self.store.reminder_of(id)? {
            return Ok(self.already_reminded(ctx, id, at));
        }
        if !fresh {
            log::info!("reminder confirm of {id} by {} without a preview", ctx.user);
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[])));
        }
        let targets = self.remind_targets(&ann, ctx.now)?;
        let reminder = Announcement {
            id: 0,
            scope: ann.scope.clone(),
            author: ctx.user.to_string(),
            author_address: ctx.chat.clone(),
            author_locale: ctx.locale,
            text: ann.current_text().to_string(),
            created_at: ctx.now,
            recipients: 0,
            materialized: 0,
            cancelled: false,
            reported: false,
            reminds: Some(id),
            valid_until: None,
            revises: None,
            revised: None,
            urgent: false,
            scheduled_for: None,
            late: false,
            // The reminder carries the notice's photo or voice note again.
            media: ann.media.clone(),
        };
        let r = match self
            .store
            .create_reminder(reminder, targets.into_iter().map(Ok))?
        {
            Reminded::Already(at) => return Ok(self.already_reminded(ctx, id, at)),
            Reminded::Queued(r) => r,
        };
        log::info!(
            "reminder {} of notice {id} by {} queued for {} recipients",
            r.id,
            ctx.user,
            r.recipients
        );
        self.store.audit_args(
            &ctx.user,
            "remind",
            &[
                ("id", id.to_string()),
                ("reminder", r.id.to_string()),
                ("recipients", r.recipients.to_string()),
            ],
        )?;
        Ok(self.with_menu(
            ctx,
            self.t(
                ctx,
                "remind-queued",
                &[
                    ("id", id.to_string().into()),
                    ("count", r.recipients.into()),
                ],
            ),
        ))
    }

    /// Catch-up: the still-valid notices of `ctx.user`'s hamlets that never reached them
    /// (not sent to them, or not delivered), given once each as the first answer to what
    /// they wrote. One prefix read of the valid-notice index per hamlet they follow; no
    /// announcement is read unless it is one they missed. `followed`: the hamlets they follow,
    /// from their record as read on arrival (see `Visit::followed`), borrowed, not copied.
    pub(super) fn catch_up<'a>(
        &self,
        ctx: &Ctx,
        followed: impl Iterator<Item = &'a str>,
    ) -> Result<Option<Outbound>, StoreError> {
        if !ctx.private {
            return Ok(None);
        }
        let mut scopes: Vec<&str> = followed.collect();
        if scopes.is_empty() {
            return Ok(None);
        }
        scopes.push(COMMUNE_SCOPE);
        let mut missed = Vec::new();
        for (id, _) in self.store.valid_notices(&scopes, ctx.now)? {
            match self.store.delivery_status(id, &ctx.user)? {
                // Reached them, on its way, or stopped by the head.
                Some(
                    DeliveryStatus::Sent
                    | DeliveryStatus::Pending
                    | DeliveryStatus::InFlight
                    | DeliveryStatus::Cancelled,
                ) => continue,
                Some(DeliveryStatus::Blocked | DeliveryStatus::Failed) | None => {}
            }
            if self.store.was_caught_up(id, &ctx.user)? || self.store.is_sending(id)? {
                continue;
            }
            let Some(ann) = self.store.announcement(id)? else {
                continue;
            };
            // A withdrawn notice is never caught up on; a corrected one in its corrected text.
            if ann.cancelled
                || ann.withdrawn()
                || ann.revises.is_some()
                || ann.author == ctx.user.as_str()
            {
                continue;
            }
            missed.push(ann);
        }
        if missed.is_empty() {
            return Ok(None);
        }
        // The newest few now; older ones with the next message.
        let given = &missed[missed.len().saturating_sub(CATCH_UP_MAX)..];
        let mut text = self.t(ctx, "catchup-title", &[("count", given.len().into())]);
        for ann in given {
            let scope = match &ann.scope {
                Scope::Commune => self.t(ctx, "scope-commune", &[]),
                Scope::Hamlet(h) => self.unit_name(h),
            };
            text.push_str("\n\n");
            text.push_str(&self.t(
                ctx,
                "catchup-item",
                &[
                    ("id", ann.id.to_string().into()),
                    ("scope", scope.into()),
                    (
                        "date",
                        format::date_time(ann.created_at, self.offset, ctx.locale).into(),
                    ),
                    ("text", self.notice_words(ctx.locale, ann).into()),
                ],
            ));
            // Catch-up is text: what came with a photo or voice notice is said.
            if let Some(key) = super::broadcast::text_only_key(ann) {
                text.push('\n');
                text.push_str(&self.t(ctx, key, &[]));
            }
        }
        text.push_str("\n\n");
        text.push_str(&self.t(ctx, "catchup-ack-hint", &[]));
        for ann in given {
            // Received late; their next message acknowledges it, as for any notice.
            self.store.note_caught_up(ann.id, &ctx.user, ctx.now)?;
            self.store
                .note_notice_delivered(ann.id, &ctx.user, ctx.now)?;
        }
        let ids: Vec<u64> = given.iter().map(|a| a.id).collect();
        log::info!("{} caught up on notices {ids:?}", ctx.user);
        Ok(Some(Outbound {
            to: ctx.chat.clone(),
            message: OutMessage::text(text),
            replaces_pressed: false,
        }))
    }
}
