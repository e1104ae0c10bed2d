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
use crate::store::{
    Announcement, DraftMode, Every, Pending, Release, Repeat, ScheduledNotice, Scope, Session,
    StoreError,
};
use crate::text::format;

/// A draft waiting for its time: text, target, the time read back (if any), validity, and
/// how it repeats (a standing notice).
pub(super) type ScheduleDraft = (
    String,
    Scope,
    Option<DateTime<Utc>>,
    Option<u32>,
    Option<Repeat>,
);

/// Puts the draft in `session` to wait for its time (`at` `None` until the head typed one
/// that reads). The draft's photo or voice note is taken from the pending draft this one
/// replaces, so it is read before that draft goes.
pub(super) fn wait_for_time(
    session: &mut Session,
    created_at: DateTime<Utc>,
    draft: ScheduleDraft,
) {
    let media = draft_media(session);
    let (text, target, at, valid_days, repeat) = draft;
    session.pending = Some(Pending::Schedule {
        text,
        target,
        at,
        created_at,
        valid_days,
        repeat,
        media,
    });
}

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

    pub(super) fn quiet_args(&self, ctx: &Ctx) -> Vec<(&'static str, Arg<'static>)> {
        self.quiet_args_in(ctx.locale)
    }

    fn quiet_args_in(&self, _locale: Locale) -> Vec<(&'static str, Arg<'static>)> {
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

    /// "hằng tuần vào Thứ Hai lúc 07:00" / "every Monday at 07:00".
    pub fn repeat_words(&self, locale: Locale, r: Repeat) -> String {
        let time = format!("{:02}:{:02}", r.hour, r.minute);
        match r.every {
            Every::Day => self
                .i18n
                .t(locale, "repeat-daily", &[("time", time.into())]),
            Every::Week(d) => {
                let weekday = chrono::Weekday::try_from(d.min(6)).unwrap_or(chrono::Weekday::Mon);
                self.i18n.t(
                    locale,
                    "repeat-weekly",
                    &[
                        (
                            "weekday",
                            self.i18n.t(locale, when::weekday_key(weekday), &[]).into(),
                        ),
                        ("time", time.into()),
                    ],
                )
            }
            Every::Month(d) => {
                let mut words = self.i18n.t(
                    locale,
                    "repeat-monthly",
                    &[("day", u32::from(d).into()), ("time", time.into())],
                );
                if d > 28 {
                    words.push(' ');
                    words.push_str(&self.i18n.t(locale, "repeat-monthly-short", &[]));
                }
                words
            }
        }
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
            when::WhenError::BadMonthDay(day) => vec![("day", (*day).into())],
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
        let mode = match when::parse_repeat(when_text) {
            Some(r) => r.map(DraftMode::Every),
            None => when::parse(when_text, ctx.now, self.offset).map(DraftMode::At),
        };
        match mode {
            Ok(mode) => self.draft_start(ctx, session, text, mode),
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
        wait_for_time(
            session,
            ctx.now,
            (text, to_scope(target), None, valid_days, None),
        );
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
                repeat,
                ..
            }) if ctx.now - *created_at < Duration::minutes(self.config.limits.draft_minutes) => {
                Some((text.clone(), target.clone(), *at, *valid_days, *repeat))
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
        let Some((text, target, _, valid_days, _)) = self.fresh_schedule(ctx, session) else {
            session.pending = None;
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[])));
        };
        let read = match when::parse_repeat(typed) {
            Some(r) => r.map(|r| (when::next_occurrence(r, ctx.now, self.offset), Some(r))),
            None => when::parse(typed, ctx.now, self.offset).map(|at| (at, None)),
        };
        match read {
            Ok((at, repeat)) => {
                wait_for_time(
                    session,
                    ctx.now,
                    (text, target, Some(at), valid_days, repeat),
                );
                Ok(self.read_back(ctx, at, repeat))
            }
            Err(e) => Ok(OutMessage {
                text: self.when_error(ctx, &e),
                buttons: self.rows(ctx, &[Request::Cancel]),
            }),
        }
    }

    /// "Thứ Bảy 05/12/2026 lúc 07:00 — đúng không?" (a standing notice: how it repeats and
    /// its first time), with the quiet-hours hold if any. A one-off time also offers to
    /// repeat it every week.
    pub(super) fn read_back(
        &self,
        ctx: &Ctx,
        at: DateTime<Utc>,
        repeat: Option<Repeat>,
    ) -> OutMessage {
        let mut text = match repeat {
            Some(r) => self.t(
                ctx,
                "repeat-readback",
                &[
                    ("repeat", self.repeat_words(ctx.locale, r).into()),
                    ("when", self.when_words(ctx.locale, at).into()),
                ],
            ),
            None => self.t(
                ctx,
                "when-readback",
                &[("when", self.when_words(ctx.locale, at).into())],
            ),
        };
        if let Some(end) = self.quiet_release(at) {
            let mut args = self.quiet_args(ctx);
            args.push(("when", self.when_words(ctx.locale, end).into()));
            text.push('\n');
            text.push_str(&self.t(ctx, "quiet-hold-at", &args));
        }
        let mut buttons = vec![vec![
            self.button(ctx, &Request::ScheduleConfirm),
            self.button(ctx, &Request::Cancel),
        ]];
        if repeat.is_none() {
            buttons.push(vec![self.button(ctx, &Request::ScheduleWeekly)]);
        }
        OutMessage { text, buttons }
    }

    /// "🔁 Lặp lại hằng tuần" on a one-off time read back: the same weekday and time every
    /// week, read back again for confirmation.
    pub(super) fn schedule_weekly(&self, ctx: &Ctx, session: &mut Session) -> OutMessage {
        let Some((text, target, Some(at), valid_days, None)) = self.fresh_schedule(ctx, session)
        else {
            session.pending = None;
            return self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[]));
        };
        let local = at.with_timezone(&self.offset);
        let r = Repeat {
            every: Every::Week(chrono::Datelike::weekday(&local).num_days_from_monday() as u8),
            hour: chrono::Timelike::hour(&local) as u8,
            minute: chrono::Timelike::minute(&local) as u8,
        };
        wait_for_time(
            session,
            ctx.now,
            (text, target, Some(at), valid_days, Some(r)),
        );
        self.read_back(ctx, at, Some(r))
    }

    /// "✅ Đúng, hẹn giờ": the notice is stored until its time (or the end of the quiet
    /// hours that time falls in).
    pub(super) fn schedule_confirm(
        &self,
        ctx: &Ctx,
        session: &mut Session,
    ) -> Result<OutMessage, StoreError> {
        let Some((text, target, Some(at), valid_days, repeat)) = self.fresh_schedule(ctx, session)
        else {
            session.pending = None;
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[])));
        };
        let hamlet = from_scope(target.clone());
        if !self.may_target(&ctx.user, &hamlet) {
            session.pending = None;
            return Ok(self.with_menu(ctx, self.t(ctx, "broadcast-not-allowed", &[])));
        }
        // A standing notice whose first time passed while the head was confirming: the next.
        let at = match repeat {
            Some(r) if at <= ctx.now => when::next_occurrence(r, ctx.now, self.offset),
            _ => at,
        };
        if at <= ctx.now {
            // The time passed while the head was confirming: ask again.
            wait_for_time(session, ctx.now, (text, target, None, valid_days, None));
            return Ok(OutMessage {
                text: self.when_error(ctx, &when::WhenError::Past),
                buttons: self.rows(ctx, &[Request::Cancel]),
            });
        }
        let media = draft_media(session);
        session.pending = None;
        let due = self.quiet_release(at).unwrap_or(at);
        let n = self.schedule(ctx, (text, media), target, at, due, valid_days, repeat)?;
        let mut args: Vec<(&str, Arg<'_>)> = vec![
            ("id", n.id.to_string().into()),
            ("target", self.scope_name(ctx.locale, &n.scope).into()),
            ("when", self.when_words(ctx.locale, at).into()),
        ];
        let key = match repeat {
            Some(r) => {
                args.push(("repeat", self.repeat_words(ctx.locale, r).into()));
                "repeat-done"
            }
            None => "schedule-done",
        };
        let mut reply = self.t(ctx, key, &args);
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

    #[allow(clippy::too_many_arguments)]
    fn schedule(
        &self,
        ctx: &Ctx,
        (text, media): NoticeBody,
        scope: Scope,
        wanted: DateTime<Utc>,
        due: DateTime<Utc>,
        valid_days: Option<u32>,
        repeat: Option<Repeat>,
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
            missed: false,
            repeat,
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
        let n = self.schedule(ctx, body, scope, wanted, end, valid_days, None)?;
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
            let mut args: Vec<(&str, Arg<'_>)> = vec![
                ("id", n.id.to_string().into()),
                ("target", self.scope_name(ctx.locale, &n.scope).into()),
                ("when", self.when_words(ctx.locale, n.due).into()),
                ("preview", format::truncate(&n.text, 60).into()),
            ];
            let key = match n.repeat {
                Some(r) => {
                    args.push(("repeat", self.repeat_words(ctx.locale, r).into()));
                    "scheduled-line-repeat"
                }
                None if n.held() => "scheduled-line-held",
                None => "scheduled-line",
            };
            lines.push(self.t(ctx, key, &args));
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
            let Some(n) = self.store.reschedule(id, end, false)? else {
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
        let release = self.release_of(&n, ctx.now);
        let Some(ann) =
            self.queue_announcement(self.announcement_of(&n, ctx.now, false), Some(&release))?
        else {
            return Ok(self.not_found(ctx, id));
        };
        let mut text = self.t(
            ctx,
            "broadcast-queued",
            &[
                ("count", ann.recipients.into()),
                ("target", self.scope_name(ctx.locale, &ann.scope).into()),
            ],
        );
        if let Some(next) = &release.next {
            text.push('\n');
            text.push_str(&self.next_line(ctx.locale, next));
        }
        Ok(OutMessage {
            text,
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
                // Its time passed while the bot was down, and now quiet hours hold it: it
                // goes marked late when they end, and the author hears so now.
                let missed = now - n.due > LATE_AFTER;
                self.store.reschedule(n.id, end, missed)?;
                log::info!(
                    "scheduled notice {} due in quiet hours: held until {end}{}",
                    n.id,
                    if missed { " (missed while down)" } else { "" }
                );
                if missed && !n.missed {
                    let mut args = self.quiet_args_in(locale);
                    args.push(("id", n.id.to_string().into()));
                    args.push(("target", target.into()));
                    args.push(("wanted", self.when_words(locale, n.wanted).into()));
                    args.push(("when", self.when_words(locale, end).into()));
                    notes.push(note(
                        &n,
                        self.i18n.t(locale, "scheduled-missed-held", &args),
                    ));
                }
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
            let late = n.missed || now - n.due > LATE_AFTER;
            let release = self.release_of(&n, now);
            let Some(ann) =
                self.queue_announcement(self.announcement_of(&n, now, late), Some(&release))?
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
            let mut text = self.i18n.t(locale, key, &args);
            if let Some(next) = &release.next {
                text.push('\n');
                text.push_str(&self.next_line(locale, next));
            }
            notes.push(note(&n, text));
        }
        Ok(notes)
    }

    /// When the next scheduled notice is due, for the worker's sleep.
    pub fn next_scheduled_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.store.next_scheduled_due()
    }
}

impl Core {
    /// What releasing `n` at `now` writes: it leaves the store (one-off), or its next
    /// occurrence takes its place (standing).
    ///
    /// The next occurrence is the first after both this one and `now`: after days down, a
    /// standing notice goes once (late), not once per occurrence missed. Quiet hours hold
    /// each occurrence as they hold any routine notice.
    fn release_of(&self, n: &ScheduledNotice, now: DateTime<Utc>) -> Release {
        let next = n.repeat.map(|r| {
            let wanted = when::next_occurrence(r, n.wanted.max(now), self.offset);
            ScheduledNotice {
                wanted,
                due: self.quiet_release(wanted).unwrap_or(wanted),
                missed: false,
                ..n.clone()
            }
        });
        Release {
            id: n.id,
            due: n.due,
            next,
        }
    }

    /// "🔁 Lần sau: Thứ Hai 14/12/2026 lúc 07:00."
    fn next_line(&self, locale: Locale, next: &ScheduledNotice) -> String {
        self.i18n.t(
            locale,
            "repeat-next",
            &[
                ("id", next.id.to_string().into()),
                ("when", self.when_words(locale, next.due).into()),
            ],
        )
    }

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
