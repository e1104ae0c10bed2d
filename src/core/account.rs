//! A person's own settings: language, and deleting everything kept about them.

use super::request::Request;
use super::{Core, Ctx};
use crate::i18n::Locale;
use crate::message::OutMessage;
use crate::store::{Pending, Session, StoreError};

impl Core {
    pub(super) fn language(
        &self,
        ctx: &Ctx,
        locale: Option<Locale>,
    ) -> Result<OutMessage, StoreError> {
        let Some(locale) = locale else {
            return Ok(OutMessage {
                text: self.t(ctx, "language-choose", &[]),
                buttons: vec![vec![
                    self.button(
                        ctx,
                        &Request::Language {
                            locale: Some(Locale::Vi),
                        },
                    ),
                    self.button(
                        ctx,
                        &Request::Language {
                            locale: Some(Locale::En),
                        },
                    ),
                ]],
            });
        };
        self.store.set_locale(&ctx.user, locale)?;
        let ctx = Ctx {
            locale,
            user: ctx.user.clone(),
            chat: ctx.chat.clone(),
            private: ctx.private,
            now: ctx.now,
            name: ctx.name.clone(),
        };
        Ok(self.with_menu(&ctx, self.t(&ctx, "language-set", &[])))
    }

    pub(super) fn forget(&self, ctx: &Ctx, session: &mut Session) -> OutMessage {
        session.pending = Some(Pending::Forget {
            created_at: ctx.now,
        });
        let mut text = self.t(ctx, "forget-ask", &[]);
        // A head's notices still waiting for their time go too: say so.
        let scheduled = match self.store.scheduled_notices() {
            Ok(all) => all.iter().filter(|n| n.author == ctx.user).count(),
            Err(e) => {
                log::warn!("forget: reading {}'s scheduled notices: {e}", ctx.user);
                0
            }
        };
        if scheduled > 0 {
            text.push('\n');
            text.push_str(&self.t(ctx, "forget-scheduled", &[("count", scheduled.into())]));
        }
        OutMessage {
            text,
            buttons: vec![vec![
                self.button(ctx, &Request::ForgetConfirm),
                self.button(ctx, &Request::Cancel),
            ]],
        }
    }

    pub(super) fn forget_confirm(
        &self,
        ctx: &Ctx,
        session: &mut Session,
    ) -> Result<OutMessage, StoreError> {
        let fresh = matches!(
            session.pending,
            Some(Pending::Forget { created_at })
                if ctx.now - created_at < chrono::Duration::minutes(self.config.limits.draft_minutes)
        );
        if !fresh {
            session.pending = None;
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[])));
        }
        self.store.forget_user(&ctx.user)?;
        session.pending = None;
        log::info!("{} deleted their data", ctx.user);
        Ok(OutMessage::text(self.t(ctx, "forget-done", &[])))
    }
}
