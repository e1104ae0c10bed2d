//! Subscriptions to hamlet notices: `/start` deep links, subscribe, unsubscribe, "mine",
//! and the recent announcements of my hamlets.

use super::request::Request;
use super::{Core, Ctx};
use crate::message::OutMessage;
use crate::store::{Scope, StoreError, Visit};
use crate::text::format;

impl Core {
    /// Welcome; a deep-link payload naming a hamlet subscribes in one tap.
    pub(super) fn start(
        &self,
        ctx: &Ctx,
        payload: Option<String>,
        visit: &mut Visit,
    ) -> Result<OutMessage, StoreError> {
        if let Some(p) = payload.as_deref()
            && let Some(hamlet) = self.resolve_hamlet(p)
        {
            if !ctx.private {
                return Ok(OutMessage::text(self.t(ctx, "error-private-only", &[])));
            }
            self.store.subscribe_in(visit, &hamlet, ctx.now)?;
            log::info!("{} subscribed to {hamlet} by link", ctx.user);
            return Ok(self.with_menu(
                ctx,
                format!(
                    "{}\n\n{}\n{}",
                    self.t(ctx, "welcome", &[]),
                    self.t(
                        ctx,
                        "subscribed",
                        &[("hamlets", self.unit_name(&hamlet).into())]
                    ),
                    self.t(ctx, "subscribed-ack-hint", &[])
                ),
            ));
        }
        let mut text = self.t(ctx, "welcome", &[]);
        // On a messenger with a reply window (Zalo), say that replying keeps notices coming.
        if let Some(window) = super::reach::reply_window(ctx.user.platform()) {
            text.push_str("\n\n");
            text.push_str(&self.t(
                ctx,
                "welcome-window-hint",
                &[("days", (window.num_days() as usize).into())],
            ));
        }
        Ok(self.with_menu(ctx, text))
    }

    /// Buttons for every hamlet, marking those already chosen.
    fn hamlet_choice(
        &self,
        ctx: &Ctx,
        mine: &[String],
        subscribe: bool,
    ) -> Vec<Vec<crate::message::Button>> {
        let mut rows = Vec::new();
        for h in &self.config.hamlets {
            let is_mine = mine.contains(&h.id);
            if subscribe == is_mine {
                continue;
            }
            let req = if subscribe {
                Request::Subscribe {
                    hamlets: vec![h.id.clone()],
                }
            } else {
                Request::Unsubscribe {
                    hamlets: vec![h.id.clone()],
                }
            };
            rows.push(vec![self.button(ctx, &req)]);
        }
        rows.push(vec![self.button(ctx, &Request::Menu)]);
        rows
    }

    pub(super) fn subscribe(
        &self,
        ctx: &Ctx,
        hamlets: &[String],
        visit: &mut Visit,
    ) -> Result<OutMessage, StoreError> {
        let mine = self.store.subscriptions_of(&ctx.user)?;
        if hamlets.is_empty() {
            if self.config.hamlets.is_empty() {
                return Ok(self.with_menu(ctx, self.t(ctx, "no-hamlets", &[])));
            }
            let text = if mine.len() == self.config.hamlets.len() {
                self.t(ctx, "subscribe-all-done", &[])
            } else {
                self.t(ctx, "subscribe-choose", &[])
            };
            return Ok(OutMessage {
                text,
                buttons: self.hamlet_choice(ctx, &mine, true),
            });
        }
        let mut added = Vec::new();
        let mut already = Vec::new();
        for h in hamlets {
            if self.config.hamlet(h).is_none() {
                return Ok(self.unknown_hamlet(ctx, h));
            }
            if self.store.subscribe_in(visit, h, ctx.now)? {
                added.push(h.clone());
            } else {
                already.push(h.clone());
            }
        }
        if !added.is_empty() {
            log::info!("{} subscribed to {}", ctx.user, added.join(","));
        }
        let mut lines = Vec::new();
        if !added.is_empty() {
            lines.push(self.t(
                ctx,
                "subscribed",
                &[("hamlets", self.hamlet_names(&added).into())],
            ));
            lines.push(self.t(ctx, "subscribed-ack-hint", &[]));
        }
        if !already.is_empty() {
            lines.push(self.t(
                ctx,
                "already-subscribed",
                &[("hamlets", self.hamlet_names(&already).into())],
            ));
        }
        let reqs = vec![Request::News, Request::MySubscriptions, Request::Menu];
        Ok(OutMessage {
            text: lines.join("\n"),
            buttons: self.rows(ctx, &reqs),
        })
    }

    pub(super) fn unsubscribe(
        &self,
        ctx: &Ctx,
        hamlets: &[String],
    ) -> Result<OutMessage, StoreError> {
        let mine = self.store.subscriptions_of(&ctx.user)?;
        if hamlets.is_empty() {
            if mine.is_empty() {
                return Ok(OutMessage {
                    text: self.t(ctx, "no-subscriptions", &[]),
                    buttons: self.rows(
                        ctx,
                        &[Request::Subscribe { hamlets: vec![] }, Request::Menu],
                    ),
                });
            }
            return Ok(OutMessage {
                text: self.t(ctx, "unsubscribe-choose", &[]),
                buttons: self.hamlet_choice(ctx, &mine, false),
            });
        }
        let mut removed = Vec::new();
        let mut not_mine = Vec::new();
        for h in hamlets {
            if self.store.unsubscribe(&ctx.user, h)? {
                removed.push(h.clone());
            } else {
                not_mine.push(h.clone());
            }
        }
        if !removed.is_empty() {
            log::info!("{} unsubscribed from {}", ctx.user, removed.join(","));
        }
        let mut lines = Vec::new();
        if !removed.is_empty() {
            lines.push(self.t(
                ctx,
                "unsubscribed",
                &[("hamlets", self.hamlet_names(&removed).into())],
            ));
        }
        if !not_mine.is_empty() {
            lines.push(self.t(
                ctx,
                "not-subscribed",
                &[("hamlets", self.hamlet_names(&not_mine).into())],
            ));
        }
        Ok(OutMessage {
            text: lines.join("\n"),
            buttons: self.rows(ctx, &[Request::MySubscriptions, Request::Menu]),
        })
    }

    /// [`Request::Switch`]: `to` subscribed first (and made lasting), then `from` — or, with
    /// no `from` named, every other hamlet they follow — ended, so a crash in between leaves
    /// both rather than none. The reply names what ended and offers it back in one tap.
    pub(super) fn switch(
        &self,
        ctx: &Ctx,
        to: &[String],
        from: &[String],
        visit: &mut Visit,
    ) -> Result<OutMessage, StoreError> {
        if let Some(h) = to.iter().find(|h| self.config.hamlet(h).is_none()) {
            return Ok(self.unknown_hamlet(ctx, h));
        }
        // The visit holds what they follow, as read on arrival.
        let leaving: Vec<String> = if from.is_empty() {
            visit.followed().map(str::to_string).collect()
        } else {
            from.to_vec()
        };
        let leaving: Vec<String> = leaving.into_iter().filter(|h| !to.contains(h)).collect();
        let mut message = self.subscribe(ctx, to, visit)?;
        self.store.settle(visit)?;
        let mut ended = Vec::new();
        for h in &leaving {
            if self.store.unsubscribe(&ctx.user, h)? {
                ended.push(h.clone());
            }
        }
        if ended.is_empty() {
            return Ok(message);
        }
        log::info!(
            "{} switched from {} to {}",
            ctx.user,
            ended.join(","),
            to.join(",")
        );
        message.text = format!(
            "{}\n{}",
            self.t(
                ctx,
                "switched",
                &[("hamlets", self.hamlet_names(&ended).into())],
            ),
            message.text
        );
        message.buttons = self.rows(
            ctx,
            &[
                Request::Subscribe { hamlets: ended },
                Request::MySubscriptions,
                Request::Menu,
            ],
        );
        Ok(message)
    }

    pub(super) fn my_subscriptions(&self, ctx: &Ctx) -> Result<OutMessage, StoreError> {
        let mine = self.store.subscriptions_of(&ctx.user)?;
        if mine.is_empty() {
            return Ok(OutMessage {
                text: self.t(ctx, "no-subscriptions", &[]),
                buttons: self.rows(
                    ctx,
                    &[Request::Subscribe { hamlets: vec![] }, Request::Menu],
                ),
            });
        }
        Ok(OutMessage {
            text: self.t(
                ctx,
                "my-subscriptions",
                &[
                    ("count", mine.len().into()),
                    ("hamlets", self.hamlet_names(&mine).into()),
                ],
            ),
            buttons: self.rows(
                ctx,
                &[
                    Request::News,
                    Request::Subscribe { hamlets: vec![] },
                    Request::Unsubscribe { hamlets: vec![] },
                    Request::Menu,
                ],
            ),
        })
    }

    pub(super) fn news(&self, ctx: &Ctx) -> Result<OutMessage, StoreError> {
        let mine = self.store.subscriptions_of(&ctx.user)?;
        let headed = self.config.hamlets_headed_by(&ctx.user);
        // Heads also see what went to the hamlets they lead, subscribed or not.
        let recent = self
            .store
            .recent_announcements(self.config.limits.news_count, |a| {
                // A correction or withdrawal shows as the notice it revises, marked; a
                // reminder is not news.
                (!a.cancelled || a.withdrawn())
                    && a.revises.is_none()
                    && a.reminds.is_none()
                    && match &a.scope {
                        Scope::Commune => true,
                        Scope::Hamlet(h) => mine.contains(h) || headed.contains(&h.as_str()),
                    }
            })?;
        let mut lines = Vec::new();
        if recent.is_empty() {
            lines.push(self.t(ctx, "news-none", &[]));
        } else {
            lines.push(self.t(ctx, "news-title", &[]));
            for a in &recent {
                let scope = match &a.scope {
                    Scope::Commune => self.t(ctx, "scope-commune", &[]),
                    Scope::Hamlet(h) => self.unit_name(h),
                };
                // Still valid: someone who missed it gets it when they write.
                let until = self.notice_valid_until(a);
                let validity = if until > ctx.now {
                    self.t(
                        ctx,
                        "news-valid",
                        &[("date", format::date(until, self.offset, ctx.locale).into())],
                    )
                } else {
                    self.t(ctx, "news-expired", &[])
                };
                lines.push(String::new());
                lines.push(format!(
                    "📢 {} · {} · {}",
                    format::date_time(a.created_at, self.offset, ctx.locale),
                    scope,
                    validity
                ));
                if a.withdrawn() {
                    lines.push(self.t(ctx, "news-withdrawn", &[]));
                    continue;
                }
                lines.push(format::truncate(&self.notice_words(ctx.locale, a), 600));
                if a.revised.is_some() {
                    lines.push(self.t(ctx, "notice-corrected-mark", &[]));
                }
            }
        }
        let mut reqs = Vec::new();
        if mine.is_empty() {
            lines.push(String::new());
            lines.push(self.t(ctx, "news-subscribe-hint", &[]));
            reqs.push(Request::Subscribe { hamlets: vec![] });
        }
        reqs.push(Request::Menu);
        Ok(OutMessage {
            text: lines.join("\n"),
            buttons: self.rows(ctx, &reqs),
        })
    }
}
