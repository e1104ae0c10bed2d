//! Admins' chat commands: the audit log and usage statistics.

use chrono::Duration;

use super::{Core, Ctx};
use crate::core::ops;
use crate::message::OutMessage;
use crate::store::StoreError;

/// How many audit entries `/audit` shows (the command line shows them all).
const AUDIT_IN_CHAT: usize = 15;

impl Core {
    fn refuse_non_admin(&self, ctx: &Ctx) -> Option<OutMessage> {
        if self.config.is_admin(&ctx.user) {
            None
        } else {
            log::info!("admin command refused for {}", ctx.user);
            if let Err(e) = self.store.audit(&ctx.user, "admin_refused", "") {
                log::error!("audit: {e}");
            }
            Some(self.with_menu(ctx, self.t(ctx, "admin-only", &[])))
        }
    }

    pub(super) fn admin_audit(&self, ctx: &Ctx) -> Result<OutMessage, StoreError> {
        if let Some(refusal) = self.refuse_non_admin(ctx) {
            return Ok(refusal);
        }
        let text = ops::audit_text(
            &self.store,
            ctx.now - Duration::days(30),
            AUDIT_IN_CHAT,
            self.offset,
            &self.i18n,
            ctx.locale,
        )?;
        Ok(OutMessage::text(text))
    }

    pub(super) fn admin_stats(&self, ctx: &Ctx) -> Result<OutMessage, StoreError> {
        if let Some(refusal) = self.refuse_non_admin(ctx) {
            return Ok(refusal);
        }
        let stats = ops::collect_stats(&self.store, crate::clock::now())?;
        Ok(OutMessage::text(ops::stats_text(
            &stats,
            &self.i18n,
            ctx.locale,
            self.offset,
            |h| self.unit_name(h),
        )))
    }
}
