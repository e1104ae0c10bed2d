//! Correcting or withdrawing a notice already sent: `/suatb N nội dung` (`/correct`) or
//! `/thuhoi N` (`/withdraw`) → a preview saying who will be told → confirm → a new notice
//! through the outbox to exactly the people who received notice N, marked "✏️ ĐÍNH CHÍNH"
//! or "🚫 THU HỒI", and (on messengers that allow it) the original edited in place.
//!
//! Only the head of the notice's hamlet or an admin may revise it. The draft lives in the
//! chat's session like a broadcast draft: a stale or forged confirm does nothing.

use chrono::{DateTime, Duration, Utc};

use super::request::Request;
use super::{Core, Ctx};
use crate::i18n::Locale;
use crate::message::{Button, OutMessage};
use crate::store::{
    Announcement, Carries, Delivery, Pending, Revision, RevisionKind, Scope, Session, StoreError,
};
use crate::text::format;

/// How long after sending a message Telegram still lets a bot edit it is 48 hours; an hour
/// is kept in hand for a delivery that waits in the queue.
pub const EDIT_WINDOW: Duration = Duration::hours(47);

/// What a revision of a notice found wrong with the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No such notice, or not one the asker may revise (the same answer, so nothing leaks).
    NotFound,
    /// The notice is itself a correction or withdrawal: revise the original instead.
    NotOriginal { of: u64 },
    /// The notice was withdrawn: nothing more to correct.
    Withdrawn,
}

/// Whether `user` may revise `ann`, and what stands in the way. Pure.
pub fn check(ann: Option<&Announcement>, admin: bool, heads: &[&str]) -> Result<(), Refusal> {
    let Some(ann) = ann else {
        return Err(Refusal::NotFound);
    };
    let allowed = admin
        || match &ann.scope {
            Scope::Hamlet(h) => heads.contains(&h.as_str()),
            Scope::Commune => false,
        };
    if !allowed {
        return Err(Refusal::NotFound);
    }
    if let Some(of) = ann.revises.map(|r| r.of).or(ann.reminds) {
        return Err(Refusal::NotOriginal { of });
    }
    if ann.withdrawn() {
        return Err(Refusal::Withdrawn);
    }
    Ok(())
}

fn scope_name(core: &Core, scope: &Scope, locale: Locale) -> String {
    match scope {
        Scope::Commune => core.i18n.t(locale, "scope-commune", &[]),
        Scope::Hamlet(h) => core.unit_name(h),
    }
}

fn ack_button(core: &Core, id: u64, locale: Locale) -> Vec<Vec<Button>> {
    vec![vec![Button {
        label: core.i18n.t(locale, "btn-ack", &[]),
        payload: super::payload::encode(&Request::AckNotice { id })
            .expect("an acknowledgement is a button"),
        number: None,
    }]]
}

/// What a person who received notice `rev.of` receives for its correction or withdrawal
/// `ann`: the mark, the number of the notice it replaces, and the text that holds now.
pub fn revision_for_recipient(
    core: &Core,
    ann: &Announcement,
    rev: Revision,
    locale: Locale,
) -> OutMessage {
    let key = match rev.kind {
        RevisionKind::Correction => "correction-notice",
        RevisionKind::Withdrawal => "withdrawal-notice",
    };
    OutMessage {
        text: core.i18n.t(
            locale,
            key,
            &[
                ("id", rev.of.to_string().into()),
                ("scope", scope_name(core, &ann.scope, locale).into()),
                ("text", ann.text.as_str().into()),
            ],
        ),
        // Acknowledging the correction closes the loop like any notice.
        buttons: ack_button(core, ann.id, locale),
    }
}

/// Notice `orig` as it reads after its latest revision: what an edit in place shows.
pub fn revised_original(core: &Core, orig: &Announcement, locale: Locale) -> OutMessage {
    let scope = scope_name(core, &orig.scope, locale);
    if orig.withdrawn() {
        return OutMessage::text(core.i18n.t(
            locale,
            "notice-withdrawn-edit",
            &[
                ("scope", scope.into()),
                ("text", orig.current_text().into()),
            ],
        ));
    }
    let text = core.i18n.t(
        locale,
        "announcement",
        &[
            ("scope", scope.into()),
            ("text", orig.current_text().into()),
        ],
    );
    OutMessage {
        text: format!(
            "{text}\n\n{}",
            core.i18n.t(locale, "notice-corrected-mark", &[])
        ),
        buttons: ack_button(core, orig.id, locale),
    }
}

impl Core {
    fn revise_refused(&self, ctx: &Ctx, id: u64, why: Refusal) -> OutMessage {
        let id_s = id.to_string();
        let text = match why {
            Refusal::NotFound => self.t(ctx, "report-not-found", &[("id", id_s.into())]),
            Refusal::NotOriginal { of } => self.t(
                ctx,
                "revise-not-original",
                &[("id", id_s.into()), ("of", of.to_string().into())],
            ),
            Refusal::Withdrawn => self.t(ctx, "revise-withdrawn", &[("id", id_s.into())]),
        };
        self.with_menu(ctx, text)
    }

    /// Notice `id` if `ctx.user` may revise it now, else the answer saying why not.
    fn revisable(
        &self,
        ctx: &Ctx,
        id: u64,
    ) -> Result<Result<Announcement, OutMessage>, StoreError> {
        if !self.may_broadcast(&ctx.user) {
            log::info!("revision refused for {} (no role)", ctx.user);
            return Ok(Err(
                self.with_menu(ctx, self.t(ctx, "revise-not-allowed", &[]))
            ));
        }
        let ann = match crate::store::keys::carries(id) {
            Carries::Announcement(_) => self.store.announcement(id)?,
            _ => None,
        };
        let heads = self.config.hamlets_headed_by(&ctx.user);
        match check(ann.as_ref(), self.config.is_admin(&ctx.user), &heads) {
            Ok(()) => Ok(Ok(ann.expect("checked"))),
            Err(why) => {
                log::info!("revision of notice {id} refused for {}: {why:?}", ctx.user);
                Ok(Err(self.revise_refused(ctx, id, why)))
            }
        }
    }

    /// `/suatb N text` (`text` given) or `/thuhoi N`: the preview, with how many people
    /// received the original (exactly those will be told).
    pub(super) fn revise_preview(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        id: u64,
        text: Option<String>,
    ) -> Result<OutMessage, StoreError> {
        let ann = match self.revisable(ctx, id)? {
            Ok(a) => a,
            Err(answer) => return Ok(answer),
        };
        let text = text.map(|t| t.trim().to_string());
        if let Some(t) = &text {
            let count = t.chars().count();
            let max = self.config.limits.max_broadcast_chars;
            if count > max {
                return Ok(OutMessage::text(self.t(
                    ctx,
                    "broadcast-too-long",
                    &[("count", count.into()), ("max", max.into())],
                )));
            }
        }
        let mut count = 0usize;
        for r in self.store.received_by(id) {
            r?;
            count += 1;
        }
        let target = scope_name(self, &ann.scope, ctx.locale);
        let old = format::truncate(ann.current_text(), 200);
        let preview = match &text {
            Some(new) => self.t(
                ctx,
                "correct-preview",
                &[
                    ("id", id.to_string().into()),
                    ("target", target.into()),
                    ("old", old.into()),
                    ("new", new.as_str().into()),
                    ("count", count.into()),
                ],
            ),
            None => self.t(
                ctx,
                "withdraw-preview",
                &[
                    ("id", id.to_string().into()),
                    ("target", target.into()),
                    ("old", old.into()),
                    ("count", count.into()),
                ],
            ),
        };
        session.pending = Some(Pending::Revise {
            id,
            text,
            created_at: ctx.now,
        });
        Ok(OutMessage {
            text: preview,
            buttons: vec![vec![
                self.button(ctx, &Request::ReviseConfirm { id }),
                self.button(ctx, &Request::Cancel),
            ]],
        })
    }

    /// The head confirmed: the correction or withdrawal is queued for exactly the people who
    /// received notice `id`.
    pub(super) fn revise_confirm(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        id: u64,
    ) -> Result<OutMessage, StoreError> {
        let fresh = |created_at: &DateTime<Utc>| {
            ctx.now - *created_at < Duration::minutes(self.config.limits.draft_minutes)
        };
        let draft = match session.pending.take() {
            Some(Pending::Revise {
                id: pending,
                text,
                created_at,
            }) if pending == id && fresh(&created_at) => text,
            _ => return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[]))),
        };
        // Roles and the notice's state are checked again: both may have changed since.
        let orig = match self.revisable(ctx, id)? {
            Ok(a) => a,
            Err(answer) => return Ok(answer),
        };
        let kind = if draft.is_some() {
            RevisionKind::Correction
        } else {
            RevisionKind::Withdrawal
        };
        let text = draft.unwrap_or_else(|| orig.current_text().to_string());
        let rev = self.store.create_revision(Announcement {
            id: 0,
            scope: orig.scope.clone(),
            author: ctx.user.to_string(),
            author_address: ctx.chat.clone(),
            author_locale: ctx.locale,
            text,
            created_at: ctx.now,
            recipients: 0,
            materialized: 0,
            cancelled: false,
            reported: false,
            revises: Some(Revision { of: id, kind }),
            revised: None,
            media: None,
            urgent: false,
            scheduled_for: None,
            late: false,
            reminds: None,
            valid_until: None,
        })?;
        let (action, key) = match kind {
            RevisionKind::Correction => ("correct", "correct-queued"),
            RevisionKind::Withdrawal => ("withdraw", "withdraw-queued"),
        };
        log::info!(
            "notice {id}: {action} by {} queued as notice {} for {} recipients",
            ctx.user,
            rev.id,
            rev.recipients
        );
        self.store.audit_args(
            &ctx.user,
            action,
            &[
                ("id", rev.id.to_string()),
                ("of", id.to_string()),
                ("recipients", rev.recipients.to_string()),
            ],
        )?;
        Ok(self.with_menu(
            ctx,
            self.t(
                ctx,
                key,
                &[
                    ("id", id.to_string().into()),
                    ("count", rev.recipients.into()),
                ],
            ),
        ))
    }

    /// For a delivery of a correction or withdrawal: the message id the original notice got
    /// at this recipient and its text as revised, when the original may still be edited in
    /// place (sent less than [`EDIT_WINDOW`] ago and its id kept).
    pub fn original_edit(
        &self,
        d: &Delivery,
        rev: Revision,
        now: DateTime<Utc>,
    ) -> Result<Option<(String, OutMessage)>, StoreError> {
        let Some(message_id) = self.store.sent_message(rev.of, &d.recipient)? else {
            return Ok(None);
        };
        let sent_at = self
            .store
            .delivery(rev.of, &d.recipient)?
            .map(|o| o.updated_at);
        if sent_at.is_none_or(|t| now - t > EDIT_WINDOW) {
            return Ok(None);
        }
        let Some(orig) = self.store.announcement(rev.of)? else {
            return Ok(None);
        };
        let locale = d.locale.unwrap_or(self.config.default_locale);
        Ok(Some((message_id, revised_original(self, &orig, locale))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Address;
    use crate::store::Revised;

    fn ann(scope: Scope) -> Announcement {
        Announcement {
            id: 3,
            scope,
            author: "telegram:1".into(),
            author_address: Address::new("telegram", "1"),
            author_locale: Locale::Vi,
            text: "Họp bản 19h".into(),
            created_at: Utc::now(),
            recipients: 5,
            materialized: 5,
            cancelled: false,
            reported: true,
            revises: None,
            revised: None,
            media: None,
            urgent: false,
            scheduled_for: None,
            late: false,
            reminds: None,
            valid_until: None,
        }
    }

    #[test]
    fn only_the_hamlets_head_or_an_admin_revises_an_original_notice() {
        let dong = ann(Scope::Hamlet("dong".into()));
        assert_eq!(check(Some(&dong), false, &["dong"]), Ok(()));
        assert_eq!(check(Some(&dong), true, &[]), Ok(()));
        assert_eq!(check(Some(&dong), false, &["he"]), Err(Refusal::NotFound));
        assert_eq!(check(None, true, &[]), Err(Refusal::NotFound));
        let commune = ann(Scope::Commune);
        assert_eq!(
            check(Some(&commune), false, &["dong"]),
            Err(Refusal::NotFound)
        );
        assert_eq!(check(Some(&commune), true, &[]), Ok(()));
        let mut correction = dong.clone();
        correction.revises = Some(Revision {
            of: 2,
            kind: RevisionKind::Correction,
        });
        assert_eq!(
            check(Some(&correction), false, &["dong"]),
            Err(Refusal::NotOriginal { of: 2 })
        );
        let mut withdrawn = dong.clone();
        withdrawn.revised = Some(Revised {
            kind: RevisionKind::Withdrawal,
            by: 4,
            at: Utc::now(),
            text: None,
        });
        assert_eq!(check(Some(&withdrawn), true, &[]), Err(Refusal::Withdrawn));
        // Corrected (not withdrawn): may be corrected again.
        let mut corrected = dong;
        corrected.revised = Some(Revised {
            kind: RevisionKind::Correction,
            by: 4,
            at: Utc::now(),
            text: Some("Họp bản 20h".into()),
        });
        assert_eq!(check(Some(&corrected), false, &["dong"]), Ok(()));
        assert_eq!(corrected.current_text(), "Họp bản 20h");
        assert_eq!(withdrawn.current_text(), "Họp bản 19h");
    }
}
