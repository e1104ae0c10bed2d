//! Notices at the right time: "⏰ Hẹn giờ" and `/hengio` (a time read back, then kept in
//! the store until due), quiet hours (routine notices held until they end), urgent notices
//! (`/khancap`, "🚨 Khẩn": at once, ahead of routine ones), and the release of due notices
//! for the delivery worker (late ones marked, their authors told). See docs/notices.md.

use chrono::{DateTime, Duration, Utc};

use super::broadcast::{draft_media, from_scope, to_scope};
use super::request::Request;
use super::{Core, Ctx, when};
use crate::i18n::{Arg, Locale};
use crate::message::{NoticeMedia, OutMessage, Outbound};
use crate::store::{Announcement, DraftMode, Pending, ScheduledNotice, Scope, Session, StoreError};
use crate::text::format;

/// A draft waiting for its time: text, target, the time read back (if any), validity.
type ScheduleDraft = (String, Scope, Option<DateTime<Utc>>, Option<u32>);

/// A notice's text and the photo or voice note it carries, if any.
pub(super) type NoticeBody = (String, Option<NoticeMedia>);

/// A notice released this long after its time went out late (the bot was not running).
const LATE_AFTER: Duration = Duration::minutes(5);

/// Scheduled notices a list shows at most, each with its two buttons.
const LIST_MAX: usize = 8;

impl Core {
    /// Heads and admins may send urgent notices, unless `[notices] urgent_admins_only`.
    pub(crate) fn may_urgent(&self, user: &str) -> bool {
        self.may_broadcast(user)
            && (!self.config.notices.urgent_admins_only || self.config.is_admin(user))
    }

    /// When a routine notice confirmed or due at `at` may go, if quiet hours hold it.
    pub(crate) fn quiet_release(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.config.quiet_hours()?.release_at(at, self.offset)
    }

    pub(super) fn quiet_args(&self, _ctx: &Ctx) -> Vec<(&'static str, Arg<'static>)> {
        let (start, end) = self
            .config
            .quiet_hours()
            .map(|q| {
                (
                    q.start.format("%H:%M").to_string(),
                    q.end.format("%H:%M").to_string(),
                )
            })
            .unwrap_or_default();
        vec![("start", start.into()), ("end", end.into())]
    }

    /// "Thứ Bảy 05/12/2026 lúc 07:00" in the commune's time zone.
    pub fn when_words(&self, locale: Locale, at: DateTime<Utc>) -> String {
        let (weekday, date, time) = when::local_parts(at, self.offset);
        self.i18n.t(
            locale,
            "when-at",
            &[
                (
                    "weekday",
                    self.i18n.t(locale, when::weekday_key(weekday), &[]).into(),
                ),
                ("date", date.into()),
                ("time", time.into()),
            ],
        )
    }

    fn scope_name(&self, locale: Locale, scope: &Scope) -> String {
        match scope {
            Scope::Commune => self.i18n.t(locale, "scope-commune", &[]),
            Scope::Hamlet(h) => self.unit_name(h),
        }
    }

    /// The answer to a time that could not be read, with examples.
    fn when_error(&self, ctx: &Ctx, e: &when::WhenError) -> String {
        let args: Vec<(&str, Arg<'_>)> = match e {
            when::WhenError::NotUnderstood(w) => vec![("word", w.clone().into())],
            when::WhenError::BadTime { hour, minute } => {
                vec![("time", format!("{hour}:{minute:02}").into())]
            }
            when::WhenError::BadDate { day, month } => {
                vec![("date", format!("{day}/{month}").into())]
            }
            _ => vec![],
        };
        format!(
            "{}\n{}",
            self.t(ctx, when::error_key(e), &args),
            self.t(ctx, "when-examples", &[])
        )
    }

    /// `/khancap TEXT`: an urgent draft, previewed with "🚨 Khẩn" as its confirmation.
    pub(super) fn urgent_start(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        text: &str,
    ) -> Result<OutMessage, StoreError> {
        if self.may_broadcast(&ctx.user) && !self.may_urgent(&ctx.user) {
            return Ok(self.with_menu(ctx, self.t(ctx, "urgent-not-allowed", &[])));
        }
        if self.may_broadcast(&ctx.user) && text.trim().is_empty() {
            return Ok(self.with_menu(ctx, self.t(ctx, "urgent-how", &[])));
        }
        self.draft_start(ctx, session, text, DraftMode::Urgent)
    }

    /// `/hengio WHEN | TEXT`: the time is read first, then the draft goes the usual way
    /// (where to, then the time read back).
    pub(super) fn schedule_new(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        when_text: &str,
        text: &str,
    ) -> Result<OutMessage, StoreError> {
        if !self.may_broadcast(&ctx.user) {
            return self.broadcast_start(ctx, session, text);
        }
        if text.trim().is_empty() {
            return Ok(self.with_menu(ctx, self.t(ctx, "schedule-how", &[])));
        }
        match when::parse(when_text, ctx.now, self.offset) {
            Ok(at) => self.draft_start(ctx, session, text, DraftMode::At(at)),
            Err(e) => Ok(self.with_menu(
                ctx,
                format!(
                    "{}\n\n{}",
                    self.when_error(ctx, &e),
                    self.t(ctx, "schedule-how", &[])
                ),
            )),
        }
    }

    /// "⏰ Hẹn giờ" on the preview: the draft waits for a typed time.
    pub(super) fn schedule_ask(&self, ctx: &Ctx, session: &mut Session) -> OutMessage {
        let Some((text, Some(target), valid_days)) = self.fresh_draft(ctx, session) else {
            session.pending = None;
            return self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[]));
        };
        session.pending = Some(Pending::Schedule {
            text,
            target: to_scope(target),
            at: None,
            created_at: ctx.now,
            valid_days,
            media: draft_media(session),
        });
        OutMessage {
            text: format!(
                "{}\n{}",
                self.t(ctx, "schedule-ask", &[]),
                self.t(ctx, "when-examples", &[])
            ),
            buttons: self.rows(ctx, &[Request::Cancel]),
        }
    }

    /// The draft waiting for a time, if it has not expired.
    fn fresh_schedule(&self, ctx: &Ctx, session: &Session) -> Option<ScheduleDraft> {
        match &session.pending {
            Some(Pending::Schedule {
                text,
                target,
                at,
                created_at,
                valid_days,
                ..
            }) if ctx.now - *created_at < Duration::minutes(self.config.limits.draft_minutes) => {
                Some((text.clone(), target.clone(), *at, *valid_days))
            }
            _ => None,
        }
    }

    /// A typed time: read back for confirmation, or a clear answer and another try.
    pub(super) fn schedule_time(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        typed: &str,
    ) -> Result<OutMessage, StoreError> {
        let Some((text, target, _, valid_days)) = self.fresh_schedule(ctx, session) else {
            session.pending = None;
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[])));
        };
        match when::parse(typed, ctx.now, self.offset) {
            Ok(at) => {
                session.pending = Some(Pending::Schedule {
                    text,
                    target,
                    at: Some(at),
                    created_at: ctx.now,
                    valid_days,
                    media: draft_media(session),
                });
                Ok(self.read_back(ctx, at))
            }
            Err(e) => Ok(OutMessage {
                text: self.when_error(ctx, &e),
                buttons: self.rows(ctx, &[Request::Cancel]),
            }),
        }
    }

    /// "Thứ Bảy 05/12/2026 lúc 07:00 — đúng không?", with the quiet-hours hold if any.
    pub(super) fn read_back(&self, ctx: &Ctx, at: DateTime<Utc>) -> OutMessage {
        let mut text = self.t(
            ctx,
            "when-readback",
            &[("when", self.when_words(ctx.locale, at).into())],
        );
        if let Some(end) = self.quiet_release(at) {
            let mut args = self.quiet_args(ctx);
            args.push(("when", self.when_words(ctx.locale, end).into()));
            text.push('\n');
            text.push_str(&self.t(ctx, "quiet-hold-at", &args));
        }
        OutMessage {
            text,
            buttons: vec![vec![
                self.button(ctx, &Request::ScheduleConfirm),
                self.button(ctx, &Request::Cancel),
            ]],
        }
    }

    /// "✅ Đúng, hẹn giờ": the notice is stored until its time (or the end of the quiet
    /// hours that time falls in).
    pub(super) fn schedule_confirm(
        &self,
        ctx: &Ctx,
        session: &mut Session,
    ) -> Result<OutMessage, StoreError> {
        let Some((text, target, Some(at), valid_days)) = self.fresh_schedule(ctx, session) else {
            session.pending = None;
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[])));
        };
        let hamlet = from_scope(target.clone());
        if !self.may_target(&ctx.user, &hamlet) {
            session.pending = None;
            return Ok(self.with_menu(ctx, self.t(ctx, "broadcast-not-allowed", &[])));
        }
        if at <= ctx.now {
            // The time passed while the head was confirming: ask again.
            session.pending = Some(Pending::Schedule {
                text,
                target,
                at: None,
                created_at: ctx.now,
                valid_days,
                media: draft_media(session),
            });
            return Ok(OutMessage {
                text: self.when_error(ctx, &when::WhenError::Past),
                buttons: self.rows(ctx, &[Request::Cancel]),
            });
        }
        let media = draft_media(session);
        session.pending = None;
        let due = self.quiet_release(at).unwrap_or(at);
        let n = self.schedule(ctx, (text, media), target, at, due, valid_days)?;
        let mut reply = self.t(
            ctx,
            "schedule-done",
            &[
                ("id", n.id.to_string().into()),
                ("target", self.scope_name(ctx.locale, &n.scope).into()),
                ("when", self.when_words(ctx.locale, at).into()),
            ],
        );
        if n.held() {
            let mut args = self.quiet_args(ctx);
            args.push(("when", self.when_words(ctx.locale, due).into()));
            reply.push('\n');
            reply.push_str(&self.t(ctx, "quiet-hold-at", &args));
        }
        Ok(OutMessage {
            text: reply,
            buttons: self.rows(ctx, &[Request::Menu, Request::Scheduled]),
        })
    }

    fn schedule(
        &self,
        ctx: &Ctx,
        (text, media): NoticeBody,
        scope: Scope,
        wanted: DateTime<Utc>,
        due: DateTime<Utc>,
        valid_days: Option<u32>,
    ) -> Result<ScheduledNotice, StoreError> {
        let n = self.store.schedule_notice(ScheduledNotice {
            id: 0,
            scope,
            author: ctx.user.to_string(),
            author_address: ctx.chat.clone(),
            author_locale: ctx.locale,
            text,
            wanted,
            due,
            created_at: ctx.now,
            valid_days,
            media,
        })?;
        log::info!(
            "notice scheduled as no. {} by {} for {} (due {})",
            n.id,
            ctx.user,
            wanted,
            due
        );
        self.store.audit_args(
            &ctx.user,
            "schedule",
            &[
                ("id", n.id.to_string()),
                ("target", self.unit_or_commune_name(&n.scope)),
                ("when", format::date_time(due, self.offset, ctx.locale)),
            ],
        )?;
        Ok(n)
    }

    /// "Gửi ngay" inside quiet hours: the routine notice waits for their end.
    pub(super) fn hold(
        &self,
        ctx: &Ctx,
        body: NoticeBody,
        scope: Scope,
        wanted: DateTime<Utc>,
        end: DateTime<Utc>,
        valid_days: Option<u32>,
    ) -> Result<OutMessage, StoreError> {
        let n = self.schedule(ctx, body, scope, wanted, end, valid_days)?;
        let mut args = self.quiet_args(ctx);
        args.push(("id", n.id.to_string().into()));
        args.push(("target", self.scope_name(ctx.locale, &n.scope).into()));
        args.push(("when", self.when_words(ctx.locale, end).into()));
        Ok(OutMessage {
            text: self.t(ctx, "quiet-held", &args),
            buttons: self.rows(ctx, &[Request::Menu, Request::Scheduled]),
        })
    }

    /// May `user` cancel or send scheduled notice `n`: its author, or an admin.
    fn may_manage(&self, user: &str, n: &ScheduledNotice) -> bool {
        n.author == user || self.config.is_admin(user)
    }

    /// `/hengio`: the head's scheduled notices (an admin's: all), soonest first.
    pub(super) fn scheduled_list(&self, ctx: &Ctx) -> Result<OutMessage, StoreError> {
        if !self.may_broadcast(&ctx.user) {
            return Ok(self.with_menu(ctx, self.t(ctx, "broadcast-not-allowed", &[])));
        }
        let mine: Vec<ScheduledNotice> = self
            .store
            .scheduled_notices()?
            .into_iter()
            .filter(|n| self.may_manage(&ctx.user, n))
            .collect();
        if mine.is_empty() {
            return Ok(self.with_menu(ctx, self.t(ctx, "scheduled-none", &[])));
        }
        let mut lines = vec![self.t(ctx, "scheduled-title", &[("count", mine.len().into())])];
        let mut buttons = Vec::new();
        for n in mine.iter().take(LIST_MAX) {
            lines.push(self.t(
                ctx,
                if n.held() {
                    "scheduled-line-held"
                } else {
                    "scheduled-line"
                },
                &[
                    ("id", n.id.to_string().into()),
                    ("target", self.scope_name(ctx.locale, &n.scope).into()),
                    ("when", self.when_words(ctx.locale, n.due).into()),
                    ("preview", format::truncate(&n.text, 60).into()),
                ],
            ));
            buttons.push(vec![
                self.button(ctx, &Request::ScheduledSendNow { id: n.id }),
                self.button(ctx, &Request::ScheduledCancel { id: n.id }),
            ]);
        }
        if mine.len() > LIST_MAX {
            lines.push(self.t(
                ctx,
                "scheduled-more",
                &[("count", (mine.len() - LIST_MAX).into())],
            ));
        }
        buttons.push(vec![self.button(ctx, &Request::Menu)]);
        Ok(OutMessage {
            text: lines.join("\n"),
            buttons,
        })
    }

    fn managed(&self, ctx: &Ctx, id: u64) -> Result<Option<ScheduledNotice>, StoreError> {
        Ok(self
            .store
            .scheduled_notice(id)?
            .filter(|n| self.may_manage(&ctx.user, n)))
    }

    fn not_found(&self, ctx: &Ctx, id: u64) -> OutMessage {
        self.with_menu(
            ctx,
            self.t(ctx, "scheduled-not-found", &[("id", id.to_string().into())]),
        )
    }

    pub(super) fn scheduled_cancel(&self, ctx: &Ctx, id: u64) -> Result<OutMessage, StoreError> {
        if self.managed(ctx, id)?.is_none() || self.store.cancel_scheduled(id)?.is_none() {
            return Ok(self.not_found(ctx, id));
        }
        log::info!("scheduled notice {id} cancelled by {}", ctx.user);
        self.store
            .audit_args(&ctx.user, "schedule_cancel", &[("id", id.to_string())])?;
        Ok(self.with_menu(
            ctx,
            self.t(ctx, "scheduled-cancelled", &[("id", id.to_string().into())]),
        ))
    }

    pub(super) fn scheduled_send_now(&self, ctx: &Ctx, id: u64) -> Result<OutMessage, StoreError> {
        let Some(n) = self.managed(ctx, id)? else {
            return Ok(self.not_found(ctx, id));
        };
        if let Some(end) = self.quiet_release(ctx.now) {
            // Still routine: quiet hours hold it (urgent notices go through /khancap).
            let Some(n) = self.store.reschedule(id, end)? else {
                return Ok(self.not_found(ctx, id));
            };
            let mut args = self.quiet_args(ctx);
            args.push(("id", n.id.to_string().into()));
            args.push(("target", self.scope_name(ctx.locale, &n.scope).into()));
            args.push(("when", self.when_words(ctx.locale, end).into()));
            return Ok(OutMessage {
                text: self.t(ctx, "quiet-held", &args),
                buttons: self.rows(ctx, &[Request::Menu, Request::Scheduled]),
            });
        }
        let Some(ann) =
            self.queue_announcement(self.announcement_of(&n, ctx.now, false), Some(id))?
        else {
            return Ok(self.not_found(ctx, id));
        };
        Ok(OutMessage {
            text: self.t(
                ctx,
                "broadcast-queued",
                &[
                    ("count", ann.recipients.into()),
                    ("target", self.scope_name(ctx.locale, &ann.scope).into()),
                ],
            ),
            buttons: self.rows(ctx, &[Request::Menu, Request::StopBroadcast { id: ann.id }]),
        })
    }

    /// The scheduled notices due at `now` become announcements (one transaction each, so a
    /// crash sends each once). Returns the notes for their authors: sending now, sent late
    /// (its time passed while the bot was not running), or refused (the author lost the
    /// role). A notice whose time came inside quiet hours waits for their end.
    pub fn release_due(&self, now: DateTime<Utc>) -> Result<Vec<Outbound>, StoreError> {
        let mut notes = Vec::new();
        for n in self.store.due_scheduled(now)? {
            let locale = n.author_locale;
            let target = self.scope_name(locale, &n.scope);
            if let Some(end) = self.quiet_release(now) {
                self.store.reschedule(n.id, end)?;
                log::info!(
                    "scheduled notice {} due in quiet hours: held until {end}",
                    n.id
                );
                continue;
            }
            if !self.may_target(&n.author, &from_scope(n.scope.clone())) {
                if self.store.cancel_scheduled(n.id)?.is_some() {
                    log::warn!(
                        "scheduled notice {}: {} may no longer send it",
                        n.id,
                        n.author
                    );
                    notes.push(note(
                        &n,
                        self.i18n.t(
                            locale,
                            "scheduled-refused",
                            &[("id", n.id.to_string().into()), ("target", target.into())],
                        ),
                    ));
                }
                continue;
            }
            let late = now - n.due > LATE_AFTER;
            let Some(ann) =
                self.queue_announcement(self.announcement_of(&n, now, late), Some(n.id))?
            else {
                continue;
            };
            let mut args: Vec<(&str, Arg<'_>)> = vec![
                ("id", ann.id.to_string().into()),
                ("count", ann.recipients.into()),
                ("target", target.into()),
            ];
            let key = if late {
                args.push(("when", self.when_words(locale, n.wanted).into()));
                args.push(("now", format::date_time(now, self.offset, locale).into()));
                "scheduled-released-late"
            } else {
                "scheduled-released"
            };
            notes.push(note(&n, self.i18n.t(locale, key, &args)));
        }
        Ok(notes)
    }

    /// When the next scheduled notice is due, for the worker's sleep.
    pub fn next_scheduled_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.store.next_scheduled_due()
    }
}

impl Core {
    /// The announcement a scheduled notice becomes at `now`.
    fn announcement_of(&self, n: &ScheduledNotice, now: DateTime<Utc>, late: bool) -> Announcement {
        Announcement {
            id: 0,
            scope: n.scope.clone(),
            author: n.author.clone(),
            author_address: n.author_address.clone(),
            author_locale: n.author_locale,
            text: n.text.clone(),
            created_at: now,
            recipients: 0,
            materialized: 0,
            cancelled: false,
            reported: false,
            urgent: false,
            scheduled_for: Some(n.wanted),
            late,
            reminds: None,
            valid_until: Some(self.valid_until(now, n.valid_days)),
            revises: None,
            revised: None,
            media: n.media.clone(),
        }
    }
}

fn note(n: &ScheduledNotice, text: String) -> Outbound {
    Outbound {
        to: n.author_address.clone(),
        message: OutMessage::text(text),
        replaces_pressed: false,
    }
}
