//! The broadcast flow for hamlet heads and admins: compose → choose where → preview with
//! the recipient count → confirm (or cancel) → queued in the outbox → report.
//!
//! A draft lives in the chat's session; any other request drops it, and a confirm press
//! without a fresh draft does nothing, so a stray or repeated press never sends twice.

use super::request::Request;
use super::schedule::wait_for_time;
use super::{Core, Ctx};
use crate::i18n::Locale;
use crate::message::{Attachment, MediaKind, NoticeMedia, OutMessage, Outbound};
use crate::text::format;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::model::FailReason;
use crate::store::{
    Announcement, Counts, DraftMode, MediaCopy, Pending, Release, Scope, Session, StoreError,
    TextOnlyWhy, Unreached,
};

impl Core {
    /// Hamlets this user may broadcast to, and whether the whole commune is allowed.
    fn broadcast_targets(&self, user: &str) -> (Vec<String>, bool) {
        if self.config.is_admin(user) {
            (
                self.config.hamlets.iter().map(|h| h.id.clone()).collect(),
                true,
            )
        } else {
            (
                self.config
                    .hamlets_headed_by(user)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                false,
            )
        }
    }

    pub(super) fn may_target(&self, user: &str, target: &Option<String>) -> bool {
        let (hamlets, commune) = self.broadcast_targets(user);
        match target {
            None => commune,
            Some(h) => hamlets.contains(h),
        }
    }

    /// The hamlets a broadcast to `target` reaches.
    pub(super) fn target_hamlets<'a>(&'a self, target: &'a Option<String>) -> Vec<&'a str> {
        match target {
            Some(h) => vec![h.as_str()],
            None => self.config.hamlets.iter().map(|h| h.id.as_str()).collect(),
        }
    }

    /// How many people a broadcast to `target` would reach now (read one at a time).
    pub(super) fn recipient_count(&self, target: &Option<String>) -> Result<usize, StoreError> {
        let hamlets = self.target_hamlets(target);
        let mut n = 0;
        for r in self.store.reachable_subscribers_iter(&hamlets) {
            r?;
            n += 1;
        }
        Ok(n)
    }

    pub(super) fn target_name(&self, ctx: &Ctx, target: &Option<String>) -> String {
        match target {
            Some(h) => self.unit_name(h),
            None => self.t(ctx, "scope-commune", &[]),
        }
    }

    pub(super) fn broadcast_start(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        text: &str,
    ) -> Result<OutMessage, StoreError> {
        self.draft_start(ctx, session, text, DraftMode::Now)
    }

    /// A head's photo or voice note: a draft notice that carries it, its caption the text.
    pub(super) fn media_start(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        file: &Attachment,
    ) -> Result<OutMessage, StoreError> {
        let Some(media) = NoticeMedia::of(file, &ctx.chat.platform) else {
            return Ok(self.with_menu(ctx, self.t(ctx, "media-kind-refused", &[])));
        };
        let caption = file.caption.as_deref().unwrap_or("");
        self.draft_start_with(ctx, session, caption, DraftMode::Now, Some(media))
    }

    /// A draft notice and its preview (or the choice of where it goes first).
    pub(super) fn draft_start(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        text: &str,
        mode: DraftMode,
    ) -> Result<OutMessage, StoreError> {
        self.draft_start_with(ctx, session, text, mode, None)
    }

    /// [`Core::draft_start`] for a draft that may carry a photo or voice note (then its
    /// text, the caption, may be empty).
    fn draft_start_with(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        text: &str,
        mode: DraftMode,
        media: Option<NoticeMedia>,
    ) -> Result<OutMessage, StoreError> {
        if !self.may_broadcast(&ctx.user) {
            log::info!("broadcast refused for {} (no role)", ctx.user);
            self.store.audit(&ctx.user, "broadcast_refused", "")?;
            return Ok(self.with_menu(ctx, self.t(ctx, "broadcast-not-allowed", &[])));
        }
        let text = text.trim();
        if text.is_empty() && media.is_none() {
            return Ok(self.with_menu(ctx, self.t(ctx, "broadcast-how", &[])));
        }
        let count = text.chars().count();
        let max = self.config.limits.max_broadcast_chars;
        if count > max {
            return Ok(OutMessage::text(self.t(
                ctx,
                "broadcast-too-long",
                &[("count", count.into()), ("max", max.into())],
            )));
        }
        let (hamlets, commune) = self.broadcast_targets(&ctx.user);
        let target = (hamlets.len() == 1 && !commune).then(|| Some(hamlets[0].clone()));
        session.pending = Some(Pending::Broadcast {
            text: text.to_string(),
            target: target.clone().map(to_scope),
            created_at: ctx.now,
            valid_days: None,
            mode,
            media,
        });
        match target {
            Some(t) => self.after_target(ctx, session, text, t, None, mode),
            None => {
                let mut reqs: Vec<Request> = hamlets
                    .into_iter()
                    .map(|h| Request::BroadcastTarget { hamlet: Some(h) })
                    .collect();
                if commune {
                    reqs.push(Request::BroadcastTarget { hamlet: None });
                }
                reqs.push(Request::Cancel);
                Ok(OutMessage {
                    text: self.t(ctx, "broadcast-choose-target", &[]),
                    buttons: self.rows(ctx, &reqs),
                })
            }
        }
    }

    /// The target is known: the preview, or (a time typed with `/hengio`) the time read
    /// back.
    fn after_target(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        text: &str,
        target: Option<String>,
        valid_days: Option<u32>,
        mode: DraftMode,
    ) -> Result<OutMessage, StoreError> {
        let (at, repeat) = match mode {
            DraftMode::At(at) => (at, None),
            DraftMode::Every(r) => (
                super::when::next_occurrence(r, ctx.now, self.offset),
                Some(r),
            ),
            DraftMode::Now | DraftMode::Urgent => {
                let media = draft_media(session);
                return self.preview(ctx, text, &target, valid_days, mode, media.as_ref());
            }
        };
        let draft = (
            text.to_string(),
            to_scope(target),
            Some(at),
            valid_days,
            repeat,
        );
        wait_for_time(session, ctx.now, draft);
        Ok(self.read_back(ctx, at, repeat))
    }

    pub(super) fn preview(
        &self,
        ctx: &Ctx,
        text: &str,
        target: &Option<String>,
        valid_days: Option<u32>,
        mode: DraftMode,
        media: Option<&NoticeMedia>,
    ) -> Result<OutMessage, StoreError> {
        let n = self.recipient_count(target)?;
        let shown = match media {
            Some(m) if text.trim().is_empty() => self.media_placeholder(ctx.locale, m.kind),
            _ => text.to_string(),
        };
        let args = [
            ("target", self.target_name(ctx, target).into()),
            ("count", n.into()),
            ("text", shown.into()),
        ];
        let urgent = mode == DraftMode::Urgent;
        let mut text = self.t(
            ctx,
            if urgent {
                "urgent-preview"
            } else {
                "broadcast-preview"
            },
            &args,
        );
        if let Some(m) = media {
            text.push('\n');
            text.push_str(&self.t(ctx, media_preview_key(m.kind), &[]));
        }
        // Who is reachable now, and until when a person who misses it gets it later.
        let reach = self.reach_counts(&self.target_hamlets(target), ctx.now)?;
        text.push_str("\n\n");
        text.push_str(&self.reach_lines(ctx, &reach));
        text.push('\n');
        text.push_str(&self.validity_line(ctx, self.valid_until(ctx.now, valid_days)));
        if urgent {
            return Ok(OutMessage {
                text,
                buttons: vec![vec![
                    self.button(ctx, &Request::BroadcastUrgent),
                    self.button(ctx, &Request::Cancel),
                ]],
            });
        }
        if let Some(q) = self.config.quiet_hours()
            && q.contains(ctx.now.with_timezone(&self.offset).time())
        {
            text.push('\n');
            text.push_str(&self.t(ctx, "quiet-now-preview", &self.quiet_args(ctx)));
        }
        // Send now first, Cancel second, on one row; then the time and the urgent choice;
        // the validity apart.
        let mut second = vec![self.button(ctx, &Request::ScheduleAsk)];
        if self.may_urgent(&ctx.user) {
            second.push(self.button(ctx, &Request::BroadcastUrgent));
        }
        Ok(OutMessage {
            text,
            buttons: vec![
                vec![
                    self.button(ctx, &Request::BroadcastConfirm),
                    self.button(ctx, &Request::Cancel),
                ],
                second,
                vec![self.button(ctx, &Request::BroadcastValidity { days: None })],
            ],
        })
    }

    /// The live draft, if there is one and it has not expired: its text, its target
    /// (`None` until chosen) and the validity the head chose.
    pub(super) fn fresh_draft(
        &self,
        ctx: &Ctx,
        session: &Session,
    ) -> Option<(String, Option<Option<String>>, Option<u32>)> {
        match &session.pending {
            Some(Pending::Broadcast {
                text,
                target,
                created_at,
                valid_days,
                ..
            }) if ctx.now - *created_at
                < chrono::Duration::minutes(self.config.limits.draft_minutes) =>
            {
                Some((text.clone(), target.clone().map(from_scope), *valid_days))
            }
            _ => None,
        }
    }

    pub(super) fn broadcast_target(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        hamlet: Option<String>,
    ) -> Result<OutMessage, StoreError> {
        let mode = draft_mode(session);
        let Some((text, _, valid_days)) = self.fresh_draft(ctx, session) else {
            session.pending = None;
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[])));
        };
        if !self.may_target(&ctx.user, &hamlet) {
            return Ok(self.with_menu(ctx, self.t(ctx, "broadcast-not-allowed", &[])));
        }
        session.pending = Some(Pending::Broadcast {
            text: text.clone(),
            target: Some(to_scope(hamlet.clone())),
            created_at: ctx.now,
            valid_days,
            mode,
            media: draft_media(session),
        });
        self.after_target(ctx, session, &text, hamlet, valid_days, mode)
    }

    /// "✅ Gửi ngay" (or, with `urgent`, "🚨 Khẩn"): the draft is queued — or, routine
    /// inside quiet hours, held until they end.
    pub(super) fn broadcast_confirm(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        urgent: bool,
    ) -> Result<OutMessage, StoreError> {
        let draft = self.fresh_draft(ctx, session);
        let mode = draft_mode(session);
        let media = draft_media(session);
        session.pending = None;
        let Some((text, Some(target), valid_days)) = draft else {
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[])));
        };
        // Roles are checked again: config may have changed since the draft.
        if !self.may_target(&ctx.user, &target) {
            return Ok(self.with_menu(ctx, self.t(ctx, "broadcast-not-allowed", &[])));
        }
        let urgent = urgent || mode == DraftMode::Urgent;
        if urgent && !self.may_urgent(&ctx.user) {
            return Ok(self.with_menu(ctx, self.t(ctx, "urgent-not-allowed", &[])));
        }
        if !urgent && let Some(end) = self.quiet_release(ctx.now) {
            return self.hold(
                ctx,
                (text, media),
                to_scope(target),
                ctx.now,
                end,
                valid_days,
            );
        }
        let ann = self
            .queue_announcement(
                Announcement {
                    id: 0,
                    scope: to_scope(target.clone()),
                    author: ctx.user.to_string(),
                    author_address: ctx.chat.clone(),
                    author_locale: ctx.locale,
                    text,
                    created_at: ctx.now,
                    recipients: 0,
                    materialized: 0,
                    cancelled: false,
                    reported: false,
                    urgent,
                    scheduled_for: None,
                    late: false,
                    reminds: None,
                    valid_until: Some(self.valid_until(ctx.now, valid_days)),
                    revises: None,
                    revised: None,
                    media,
                },
                None,
            )?
            .expect("only a release can find its notice gone");
        Ok(OutMessage {
            text: self.t(
                ctx,
                if urgent {
                    "urgent-queued"
                } else {
                    "broadcast-queued"
                },
                &[
                    ("count", ann.recipients.into()),
                    ("target", self.target_name(ctx, &target).into()),
                ],
            ),
            // The first choice after a confirm is harmless: a second "1" typed on Zalo (a slow
            // connection, a double tap) opens the menu; stopping is second and asks again.
            buttons: self.rows(ctx, &[Request::Menu, Request::StopBroadcast { id: ann.id }]),
        })
    }

    /// Cancels a pending draft or forget question; with nothing pending, asks whether to
    /// stop the user's newest broadcast still being sent (never stops it at once).
    pub(super) fn cancel(
        &self,
        ctx: &Ctx,
        session: &mut Session,
    ) -> Result<OutMessage, StoreError> {
        if let Some(p) = session.pending.take() {
            let key = match p {
                Pending::Broadcast { .. } | Pending::Schedule { .. } => "broadcast-draft-cancelled",
                Pending::Forget { .. } => "forget-cancelled",
                Pending::Ask { .. } => "ask-cancelled",
                Pending::Answer { .. } => "answer-cancelled",
                Pending::Remind { .. } => "remind-cancelled",
                Pending::Revise { .. } => "revise-cancelled",
            };
            return Ok(self.with_menu(ctx, self.t(ctx, key, &[])));
        }
        match self.store.open_announcements_by(&ctx.user)?.first() {
            Some(ann) => self.stop_ask(ctx, ann.id),
            None => Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-cancel", &[]))),
        }
    }

    /// Announcement `id` if `ctx.user` wrote it and it is still being sent.
    fn stoppable(&self, ctx: &Ctx, id: u64) -> Result<Option<Announcement>, StoreError> {
        Ok(self
            .store
            .announcement(id)?
            .filter(|a| a.author == ctx.user && !a.cancelled && !a.reported))
    }

    /// "Stop notice #3?": the harmless choice first, the stop second.
    pub(super) fn stop_ask(&self, ctx: &Ctx, id: u64) -> Result<OutMessage, StoreError> {
        let Some(ann) = self.stoppable(ctx, id)? else {
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-cancel", &[])));
        };
        let target = self.target_name(ctx, &from_scope(ann.scope.clone()));
        Ok(OutMessage {
            text: self.t(
                ctx,
                "broadcast-stop-ask",
                &[
                    ("id", ann.id.to_string().into()),
                    ("target", target.into()),
                    ("preview", format::truncate(&ann.text, 60).into()),
                ],
            ),
            buttons: self.rows(
                ctx,
                &[Request::Menu, Request::StopBroadcastConfirm { id: ann.id }],
            ),
        })
    }

    pub(super) fn stop_confirm(&self, ctx: &Ctx, id: u64) -> Result<OutMessage, StoreError> {
        let Some(ann) = self.stoppable(ctx, id)? else {
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-cancel", &[])));
        };
        let n = self.store.cancel_announcement(ann.id, ctx.now)?;
        log::info!(
            "announcement {} cancelled by {} ({n} unsent)",
            ann.id,
            ctx.user
        );
        self.store.audit_args(
            &ctx.user,
            "cancel",
            &[("id", ann.id.to_string()), ("count", n.to_string())],
        )?;
        Ok(self.with_menu(
            ctx,
            self.t(ctx, "broadcast-cancelled", &[("count", n.into())]),
        ))
    }
}

impl Core {
    /// Stores `ann` with the subscribers its scope reaches now (releasing scheduled notice
    /// `release` in the same transaction), logged and audited. `None` if that notice was
    /// gone meanwhile.
    pub(super) fn queue_announcement(
        &self,
        ann: Announcement,
        release: Option<&Release>,
    ) -> Result<Option<Announcement>, StoreError> {
        let target = from_scope(ann.scope.clone());
        let hamlets = self.target_hamlets(&target);
        let author = ann.author.clone();
        let recipients = self.store.reachable_subscribers_iter(&hamlets);
        let ann = match release {
            Some(r) => match self.store.release_scheduled(r, ann, recipients)? {
                Some(a) => a,
                None => return Ok(None),
            },
            None => self.store.create_announcement_from(ann, recipients)?,
        };
        log::info!(
            "announcement {} by {} queued for {} recipients ({:?}{}{})",
            ann.id,
            author,
            ann.recipients,
            ann.scope,
            if ann.urgent { ", urgent" } else { "" },
            if ann.late { ", late" } else { "" },
        );
        // Who misses it can catch up on it until then.
        self.store.index_valid(&ann)?;
        self.store.audit_args(
            &author,
            "broadcast",
            &[
                ("id", ann.id.to_string()),
                ("target", self.unit_or_commune_name(&ann.scope)),
                ("recipients", ann.recipients.to_string()),
                ("chars", ann.text.chars().count().to_string()),
                ("urgent", ann.urgent.to_string()),
            ],
        )?;
        Ok(Some(ann))
    }

    /// A scope's name for the audit log: the hamlet's name, or the commune's.
    pub(super) fn unit_or_commune_name(&self, scope: &Scope) -> String {
        match scope {
            Scope::Hamlet(h) => self.unit_name(h),
            Scope::Commune => self
                .commune
                .as_deref()
                .map_or_else(|| "*".to_string(), |c| self.unit_name(c)),
        }
    }
}

/// The photo or voice note the session's draft carries, if any.
pub(super) fn draft_media(session: &Session) -> Option<NoticeMedia> {
    session.pending.as_ref().and_then(|p| p.media().cloned())
}

/// The preview's line for a draft's file: what each messenger's people get.
fn media_preview_key(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Voice => "media-preview-voice",
        _ => "media-preview-photo",
    }
}

/// How the session's draft is meant to go (now, urgent, at a typed time).
pub(super) fn draft_mode(session: &Session) -> DraftMode {
    match &session.pending {
        Some(Pending::Broadcast { mode, .. }) => *mode,
        _ => DraftMode::Now,
    }
}

/// `None` (whole commune) or a hamlet id, as a stored scope.
pub(super) fn to_scope(target: Option<String>) -> Scope {
    match target {
        Some(h) => Scope::Hamlet(h),
        None => Scope::Commune,
    }
}

pub(super) fn from_scope(scope: Scope) -> Option<String> {
    match scope {
        Scope::Hamlet(h) => Some(h),
        Scope::Commune => None,
    }
}

/// What a subscriber receives for an announcement, in their language: its text as it holds
/// now (a corrected notice still being sent goes out corrected), or for a correction or
/// withdrawal, the marked revision. A reminder says so above the notice, and its
/// "✅ Đã nhận" acknowledges the notice it reminds of.
pub fn announcement_for_recipient(core: &Core, ann: &Announcement, locale: Locale) -> OutMessage {
    if let Some(rev) = ann.revises {
        return super::revisions::revision_for_recipient(core, ann, rev, locale);
    }
    let scope = match &ann.scope {
        Scope::Commune => core.i18n.t(locale, "scope-commune", &[]),
        Scope::Hamlet(h) => core.unit_name(h),
    };
    let mut text = core.i18n.t(
        locale,
        if ann.urgent {
            "announcement-urgent"
        } else {
            "announcement"
        },
        &[
            ("scope", scope.into()),
            ("text", core.notice_words(locale, ann).into()),
        ],
    );
    if let Some(of) = ann.reminds {
        let head = core
            .i18n
            .t(locale, "remind-heading", &[("id", of.to_string().into())]);
        text = format!("{head}\n\n{text}");
    }
    if let Some(at) = ann.scheduled_for.filter(|_| ann.late) {
        text.push_str("\n\n");
        text.push_str(&core.i18n.t(
            locale,
            "announcement-late",
            &[("when", core.when_words(locale, at).into())],
        ));
    }
    OutMessage {
        text,
        // "✅ Đã nhận": a button on Telegram, the numbered choice 1 on Zalo.
        buttons: vec![vec![crate::message::Button {
            label: core.i18n.t(locale, "btn-ack", &[]),
            payload: super::payload::encode(&Request::AckNotice {
                id: ann.reminds.unwrap_or(ann.id),
            })
            .expect("an acknowledgement is a button"),
            number: None,
        }]],
    }
}

/// A notice with a photo or voice note, for a messenger that cannot carry its file: the
/// same message, with a line saying what came with it and whom to ask.
pub fn text_only_for_recipient(core: &Core, ann: &Announcement, locale: Locale) -> OutMessage {
    let mut message = announcement_for_recipient(core, ann, locale);
    let Some(key) = text_only_key(ann) else {
        return message;
    };
    message.text.push_str("\n\n");
    message.text.push_str(&core.i18n.t(locale, key, &[]));
    message
}

impl Core {
    /// What a notice says: its current text, or for a photo or voice note sent without a
    /// caption, "🖼 (ảnh)" / "🎤 (tin nhắn thoại)".
    pub fn notice_words(&self, locale: Locale, ann: &Announcement) -> String {
        match &ann.media {
            Some(m) if ann.current_text().trim().is_empty() => {
                self.media_placeholder(locale, m.kind)
            }
            _ => ann.current_text().to_string(),
        }
    }

    pub(super) fn media_placeholder(&self, locale: Locale, kind: MediaKind) -> String {
        let key = match kind {
            MediaKind::Voice => "media-placeholder-voice",
            _ => "media-placeholder-photo",
        };
        self.i18n.t(locale, key, &[])
    }

    /// The report's lines for a media notice's messengers whose people got the text only:
    /// "Zalo: 3 người chỉ nhận được chữ (Zalo không nhận tin nhắn thoại của bot)".
    fn text_only_lines(&self, ann: &Announcement, locale: Locale) -> Vec<String> {
        if ann.media.is_none() {
            return Vec::new();
        }
        let copies = match self.store.media_copies_of(ann.id) {
            Ok(c) => c,
            Err(e) => {
                log::error!("announcement {}: reading its media copies: {e}", ann.id);
                return Vec::new();
            }
        };
        let mut lines = Vec::new();
        for (platform, copy) in copies {
            let MediaCopy::TextOnly { why } = copy else {
                continue;
            };
            let count = match self.store.sent_on(ann.id, &platform) {
                Ok(0) => continue,
                Ok(n) => n,
                Err(e) => {
                    log::error!("announcement {}: counting {platform} sends: {e}", ann.id);
                    continue;
                }
            };
            let name = platform_name(&platform);
            let why = match why {
                TextOnlyWhy::KindUnsupported => {
                    self.i18n
                        .t(locale, "media-why-voice", &[("platform", (&name).into())])
                }
                TextOnlyWhy::TooLarge { limit } => self.i18n.t(
                    locale,
                    "media-why-too-large",
                    &[
                        ("platform", (&name).into()),
                        ("limit", super::mebibytes(limit).into()),
                    ],
                ),
                TextOnlyWhy::Failed { reason } => {
                    let (key, code) = unreached_kind(&reason);
                    let how = self.i18n.t(
                        locale,
                        key,
                        &[
                            ("platform", (&name).into()),
                            ("code", code.unwrap_or(0).to_string().into()),
                        ],
                    );
                    self.i18n.t(
                        locale,
                        "media-why-failed",
                        &[("platform", (&name).into()), ("why", how.into())],
                    )
                }
            };
            lines.push(self.i18n.t(
                locale,
                "report-media-text-only",
                &[
                    ("platform", (&name).into()),
                    ("count", count.into()),
                    ("why", why.into()),
                ],
            ));
        }
        lines
    }
}

/// The line saying what came with a photo or voice notice sent as text.
pub(super) fn text_only_key(ann: &Announcement) -> Option<&'static str> {
    match ann.media.as_ref()?.kind {
        MediaKind::Voice => Some("media-text-only-voice"),
        _ => Some("media-text-only-photo"),
    }
}

/// The notice a message's "✅ Đã nhận" acknowledges, if it carries one.
pub fn acknowledged_notice(message: &OutMessage) -> Option<u64> {
    message
        .buttons
        .iter()
        .flatten()
        .find_map(|b| match super::payload::decode(&b.payload) {
            Some(Request::AckNotice { id }) => Some(id),
            _ => None,
        })
}

/// A note to the author while a long broadcast is still going.
pub fn progress_for_author(core: &Core, ann: &Announcement, counts: &Counts) -> Outbound {
    let locale = ann.author_locale;
    let text = core.i18n.t(
        locale,
        "broadcast-progress",
        &[
            ("id", ann.id.to_string().into()),
            ("done", (counts.total() - counts.open()).into()),
            ("total", counts.total().into()),
            ("blocked", counts.blocked.into()),
        ],
    );
    Outbound {
        to: ann.author_address.clone(),
        message: OutMessage::text(text),
        replaces_pressed: false,
    }
}

/// A note to the author when only deliveries a messenger held for the night are left:
/// "3 người Zalo sẽ nhận lúc 06:00".
pub fn night_note_for_author(
    core: &Core,
    ann: &Announcement,
    counts: &Counts,
    platform: &str,
    count: usize,
    until: DateTime<Utc>,
) -> Outbound {
    let locale = ann.author_locale;
    let scope = match &ann.scope {
        Scope::Commune => core.i18n.t(locale, "scope-commune", &[]),
        Scope::Hamlet(h) => core.unit_name(h),
    };
    let (_, _, time) = super::when::local_parts(until, core.offset);
    let text = core.i18n.t(
        locale,
        "night-held",
        &[
            ("id", ann.reminds.unwrap_or(ann.id).to_string().into()),
            ("target", scope.into()),
            ("sent", counts.sent.into()),
            ("total", counts.total().into()),
            ("count", count.into()),
            ("platform", platform_name(platform).into()),
            ("time", time.into()),
        ],
    );
    Outbound {
        to: ann.author_address.clone(),
        message: OutMessage::text(text),
        replaces_pressed: false,
    }
}

/// The final report to the author: "Đã gửi 148/150 · 2 đã chặn bot", then, per messenger,
/// how many could not be reached and why (Zalo's reply window, a channel turned off…), so
/// the head knows whom to tell by loudspeaker instead.
pub fn report_for_author(
    core: &Core,
    ann: &Announcement,
    counts: &Counts,
    unreached: &[Unreached],
) -> Outbound {
    let locale = ann.author_locale;
    let scope = match &ann.scope {
        Scope::Commune => core.i18n.t(locale, "scope-commune", &[]),
        Scope::Hamlet(h) => core.unit_name(h),
    };
    let mut text = core.i18n.t(
        locale,
        if ann.reminds.is_some() {
            "remind-report"
        } else {
            "broadcast-report"
        },
        &[
            ("id", ann.reminds.unwrap_or(ann.id).to_string().into()),
            ("target", scope.into()),
            ("sent", counts.sent.into()),
            ("total", counts.total().into()),
            ("blocked", counts.blocked.into()),
            ("failed", counts.failed.into()),
            ("cancelled", counts.cancelled.into()),
            (
                "preview",
                format::truncate(&core.notice_words(locale, ann), 60).into(),
            ),
        ],
    );
    if let Some(at) = ann.scheduled_for.filter(|_| ann.late) {
        text.push('\n');
        text.push_str(&core.i18n.t(
            locale,
            "report-late",
            &[("when", core.when_words(locale, at).into())],
        ));
    }
    for line in core.text_only_lines(ann, locale) {
        text.push_str("\n\n");
        text.push_str(&line);
    }
    // Failed deliveries, by platform and kind of reason (blocked ones are in the line above).
    let mut by: BTreeMap<&str, BTreeMap<(&'static str, i64), usize>> = BTreeMap::new();
    for u in unreached.iter().filter(|u| !u.blocked) {
        let (key, code) = unreached_kind(&u.reason);
        *by.entry(u.platform.as_str())
            .or_default()
            .entry((key, code.unwrap_or(0)))
            .or_default() += u.count;
    }
    for (platform, reasons) in &by {
        let name = platform_name(platform);
        let total: usize = reasons.values().sum();
        text.push_str("\n\n");
        text.push_str(&core.i18n.t(
            locale,
            "report-unreached",
            &[("platform", (&name).into()), ("count", total.into())],
        ));
        for ((key, code), n) in reasons {
            let why = core.i18n.t(
                locale,
                key,
                &[
                    ("platform", (&name).into()),
                    ("code", code.to_string().into()),
                ],
            );
            text.push('\n');
            text.push_str(&core.i18n.t(
                locale,
                "report-unreached-line",
                &[("count", (*n).into()), ("why", why.into())],
            ));
        }
    }
    if !by.is_empty() {
        text.push('\n');
        text.push_str(&core.i18n.t(locale, "report-unreached-advice", &[]));
    }
    // Who received it, who acknowledged, whom to visit: `/baocao` for this notice.
    let buttons = vec![vec![crate::message::Button {
        label: core.i18n.t(locale, "btn-report", &[]),
        payload: super::payload::encode(&Request::NoticeReport {
            id: Some(ann.reminds.unwrap_or(ann.id)),
        })
        .expect("a report is a button"),
        number: None,
    }]];
    Outbound {
        to: ann.author_address.clone(),
        message: OutMessage { text, buttons },
        replaces_pressed: false,
    }
}

/// How a messenger is named to people.
fn platform_name(platform: &str) -> String {
    match platform {
        "telegram" => "Telegram".into(),
        "zalo" => "Zalo".into(),
        other => other.to_string(),
    }
}

/// The locale key explaining why deliveries failed, and the messenger's code when the
/// explanation shows it.
pub fn unreached_kind(reason: &FailReason) -> (&'static str, Option<i64>) {
    match reason {
        FailReason::ChannelOff => ("unreached-channel-off", None),
        FailReason::TokenRevoked { .. } => ("unreached-token", None),
        FailReason::WindowClosed { code, .. } => ("unreached-window-closed", Some(*code)),
        FailReason::NotFollowing { code, .. } => ("unreached-not-following", Some(*code)),
        FailReason::Refused {
            code: Some(code), ..
        } => ("unreached-refused", Some(*code)),
        FailReason::QuotaUsed { .. } => ("unreached-quota", None),
        FailReason::PackageLacks { code, .. } => ("unreached-package", Some(*code)),
        FailReason::OutsideHours { .. } => ("unreached-hours", None),
        FailReason::NightRestricted { code, .. } => ("unreached-night", Some(*code)),
        FailReason::Refused { code: None, .. }
        | FailReason::RecipientGone { .. }
        | FailReason::Network { .. }
        | FailReason::RateLimited
        | FailReason::AnnouncementMissing
        | FailReason::Text { .. } => ("unreached-other", None),
    }
}

#[cfg(test)]
mod tests {
    use super::unreached_kind;
    use crate::model::FailReason;

    fn words() -> String {
        "whatever the messenger said".into()
    }

    #[test]
    fn failure_reasons_map_to_explanations() {
        assert_eq!(
            unreached_kind(&FailReason::WindowClosed {
                code: -7,
                words: words()
            }),
            ("unreached-window-closed", Some(-7))
        );
        assert_eq!(
            unreached_kind(&FailReason::NotFollowing {
                code: -8,
                words: words()
            }),
            ("unreached-not-following", Some(-8))
        );
        assert_eq!(
            unreached_kind(&FailReason::Refused {
                code: Some(-9),
                words: words()
            }),
            ("unreached-refused", Some(-9))
        );
        assert_eq!(
            unreached_kind(&FailReason::TokenRevoked { words: words() }),
            ("unreached-token", None)
        );
        assert_eq!(
            unreached_kind(&FailReason::ChannelOff),
            ("unreached-channel-off", None)
        );
        assert_eq!(
            unreached_kind(&FailReason::Network { words: words() }),
            ("unreached-other", None)
        );
        assert_eq!(
            unreached_kind(&FailReason::Refused {
                code: None,
                words: words()
            }),
            ("unreached-other", None)
        );
        assert_eq!(
            unreached_kind(&FailReason::Text {
                words: String::new()
            }),
            ("unreached-other", None)
        );
    }
}
