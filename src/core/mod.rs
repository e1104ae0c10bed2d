//! The platform-agnostic core: an [`Inbound`] message in, [`Outbound`] actions out.
//!
//! It never knows which messenger a message came from; everything it needs is in the
//! inbound (a platform-qualified user id, a chat address, a language hint, text or a button).

mod account;
mod admin;
mod broadcast;
pub mod catalog;
pub mod command;
mod criteria;
pub mod flood;
mod followup;
mod loans;
pub mod notices;
pub mod ops;
pub mod payload;
mod questions;
pub mod reach;
pub mod request;
mod resolve;
mod revisions;
mod schedule;
mod subscriptions;
pub mod understand;
pub mod when;

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Utc};

use crate::config::Config;
use crate::i18n::{Arg, I18n, Locale};
use crate::message::{Address, Button, Inbound, InboundBody, OutMessage, Outbound, UserId};
use crate::store::{MISSES_KEPT, Pending, Session, Store, StoreError, Visit};
use crate::text::{fold, format};
use catalog::{Catalog, NamedEntry};
use command::{CommandName, Parsed};
use request::Request;
use understand::Understander;

pub use broadcast::{
    acknowledged_notice, announcement_for_recipient, night_note_for_author, progress_for_author,
    report_for_author, text_only_for_recipient,
};

/// Who is asking, in which language, from where.
pub(crate) struct Ctx {
    pub user: UserId,
    pub chat: Address,
    pub locale: Locale,
    pub private: bool,
    pub now: DateTime<Utc>,
    /// The display name the messenger gave, if any.
    pub name: Option<String>,
}

/// The bot's brain, shared by every channel and the delivery worker.
pub struct Core {
    config: Arc<Config>,
    store: Store,
    i18n: Arc<I18n>,
    understander: Understander,
    catalog: Catalog,
    /// The content, decoded once (see [`Content`]).
    content: Content,
    offset: FixedOffset,
    /// The commune unit's id, if content has one.
    commune: Option<String>,
    /// Each person's messages in the current minute (`[limits] per_person_per_minute`).
    limiter: flood::Limiter,
    /// Each programme's line of a loans-by-purpose answer, per language (`loans.rs`).
    purpose_lines: std::sync::OnceLock<std::collections::HashMap<String, [String; 2]>>,
}

impl Core {
    /// Builds the core over an open store whose content is already imported.
    pub fn new(config: Arc<Config>, store: Store, i18n: Arc<I18n>) -> Result<Core, StoreError> {
        let content = Content::load(&store)?;
        let catalog = build_catalog(&config, &store)?;
        let commune = catalog.commune.as_ref().map(|c| c.id.clone());
        let offset = config
            .utc_offset()
            .unwrap_or_else(|| FixedOffset::east_opt(7 * 3600).expect("valid offset"));
        let limiter = flood::Limiter::new(config.limits.per_person_per_minute);
        Ok(Core {
            understander: Understander::new(&catalog),
            catalog,
            content,
            config,
            store,
            i18n,
            offset,
            commune,
            limiter,
            purpose_lines: std::sync::OnceLock::new(),
        })
    }

    /// How free text is read (`loaban eval --explain`).
    pub fn explain(&self, text: &str) -> String {
        self.understander.explain(text)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The platform says this user blocked the bot or left: stop sending to them until they
    /// write again. They stay subscribed.
    pub fn member_left(&self, user: &UserId) {
        if let Err(e) = self.store.note_left(user) {
            log::error!("noting that {user} left: {e}");
        }
        match self.store.set_active(user, false) {
            Ok(()) => log::info!("{user} blocked the bot or left; marked unreachable"),
            Err(e) => log::error!("marking {user} unreachable: {e}"),
        }
    }

    /// The commands a messenger's command menu should list, with descriptions, in `locale`:
    /// Vietnamese names for `vi`, English names for `en`.
    pub fn command_menu(&self, locale: Locale) -> Vec<(String, String)> {
        use CommandName::*;
        let listed = [
            Criteria,
            Loans,
            Subscribe,
            Unsubscribe,
            MySubscriptions,
            News,
            Facts,
            Language,
            Forget,
            Help,
            Ask,
            Questions,
            Broadcast,
            Scheduled,
            Urgent,
            Report,
            Cancel,
        ];
        listed
            .iter()
            .filter_map(|want| command::COMMANDS.iter().find(|(_, _, n)| n == want))
            .map(|(en, vi, _)| {
                let name = match locale {
                    Locale::Vi => vi,
                    Locale::En => en,
                };
                (
                    name.to_string(),
                    self.i18n.t(locale, &format!("cmd-{en}"), &[]),
                )
            })
            .collect()
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    /// The language `user` ("zalo:123") reads: their choice, else the default.
    pub fn locale_of(&self, user: &UserId) -> Locale {
        match self.store.user(user) {
            Ok(Some(u)) => u.locale.unwrap_or(self.config.default_locale),
            _ => self.config.default_locale,
        }
    }

    /// Handles one message. Never fails: internal errors become a localized apology (and a log
    /// line with the cause), so a person always gets an answer. A change that must survive a
    /// crash (a subscription, a confirmed broadcast…) is on disk before this returns; this
    /// blocks on that fsync, so async callers use [`Core::handle_async`].
    pub fn handle(&self, inbound: &Inbound) -> Vec<Outbound> {
        let fallback = self.fallback_locale(inbound);
        let result = self
            .handle_inner(inbound, crate::clock::now(), fallback, &mut None)
            .and_then(|(out, durable)| {
                if durable {
                    self.store.flush()?;
                }
                Ok(out)
            });
        self.apology_on_error(&inbound.user, &inbound.chat, fallback, result)
    }

    /// Whether to read `inbound` at all: at most `[limits] per_person_per_minute` messages a
    /// minute from one person are. The first one over gets a single polite "slow down"
    /// (returned, to send like any answer); the rest of that minute is dropped unread. Both
    /// are counted for the statistics. Channels call this before [`Core::reply`].
    pub fn admit(&self, inbound: &Inbound) -> Result<(), Option<Outbound>> {
        self.admit_at(inbound, std::time::Instant::now())
    }

    /// Forgets the per-person message counts whose minute has passed and gives their memory
    /// back (see [`flood::Limiter::forget_passed`]). The running bot calls this once every
    /// [`flood::WINDOW`]. Returns how many people are still being counted.
    pub fn forget_passed_counts(&self) -> usize {
        self.limiter.forget_passed(std::time::Instant::now())
    }

    fn admit_at(&self, inbound: &Inbound, now: std::time::Instant) -> Result<(), Option<Outbound>> {
        let admission = self.limiter.admit(&inbound.user, now);
        let warned = match admission {
            flood::Admission::Read => return Ok(()),
            flood::Admission::SlowDown { .. } => true,
            flood::Admission::Drop => false,
        };
        if let Err(e) = self.store.count_flood(warned) {
            log::warn!("counting a dropped message from {}: {e}", inbound.user);
        }
        let flood::Admission::SlowDown { seconds_left } = admission else {
            log::debug!("{}: over the per-person limit; dropped", inbound.user);
            return Err(None);
        };
        log::info!(
            "{} sent more than {} messages in a minute: told to slow down, the rest of the minute is dropped",
            inbound.user,
            self.config.limits.per_person_per_minute
        );
        let locale = match self.store.user(&inbound.user) {
            Ok(Some(u)) => u.locale.unwrap_or(self.fallback_locale(inbound)),
            _ => self.fallback_locale(inbound),
        };
        let text = self.i18n.t(
            locale,
            "slow-down",
            &[
                (
                    "limit",
                    Arg::from(self.config.limits.per_person_per_minute as usize),
                ),
                ("seconds", Arg::from(seconds_left as usize)),
            ],
        );
        Err(Some(Outbound {
            to: inbound.chat.clone(),
            message: OutMessage::text(text),
            replaces_pressed: false,
        }))
    }

    /// Handles one message like [`Core::handle`] but does not flush: the caller stores the
    /// answers with [`Store::queue_replies`] and makes both durable with one flush (shared
    /// by every message of the batch) before it acknowledges the message or sends them.
    pub fn reply(&self, inbound: &Inbound) -> Vec<Outbound> {
        let fallback = self.fallback_locale(inbound);
        let result = self
            .handle_inner(inbound, crate::clock::now(), fallback, &mut None)
            .map(|(out, _durable)| out);
        self.apology_on_error(&inbound.user, &inbound.chat, fallback, result)
    }

    /// [`Core::handle`] for async callers (the channels): the fsync that makes a lasting
    /// change durable is a group commit awaited off the runtime's threads, shared with
    /// whatever else is being committed at that moment.
    pub async fn handle_async(&self, inbound: &Inbound) -> Vec<Outbound> {
        let answer = self.answer(inbound);
        self.committed(answer).await
    }

    /// The first half of [`Core::handle_async`], for a channel that must handle messages in
    /// arrival order but send the answers apart: the state has changed, but the answers
    /// may go out only after [`Core::committed`].
    pub fn answer(&self, inbound: &Inbound) -> Answer {
        let fallback = self.fallback_locale(inbound);
        Answer {
            result: self.handle_inner(inbound, crate::clock::now(), fallback, &mut None),
            user: inbound.user.clone(),
            chat: inbound.chat.clone(),
            fallback,
        }
    }

    /// The answers, once what they report is on disk.
    pub async fn committed(&self, answer: Answer) -> Vec<Outbound> {
        let result = match answer.result {
            Ok((out, true)) => self.store.flush_async().await.map(|()| out),
            Ok((out, false)) => Ok(out),
            Err(e) => Err(e),
        };
        self.apology_on_error(&answer.user, &answer.chat, answer.fallback, result)
    }

    fn fallback_locale(&self, inbound: &Inbound) -> Locale {
        let hint = inbound.lang_hint.as_deref().and_then(Locale::from_hint);
        hint.unwrap_or(self.config.default_locale)
    }

    fn apology_on_error(
        &self,
        user: &str,
        chat: &Address,
        fallback: Locale,
        result: Result<Vec<Outbound>, StoreError>,
    ) -> Vec<Outbound> {
        match result {
            Ok(out) => out,
            Err(e) => {
                log::error!("handling a message from {user} in {}: {e}", chat.key());
                vec![Outbound {
                    to: chat.clone(),
                    message: OutMessage::text(self.i18n.t(fallback, "error-internal", &[])),
                    replaces_pressed: false,
                }]
            }
        }
    }

    /// Like [`Core::handle`], and also the request the message was read as (`None` when it
    /// was answered before being read, e.g. too long): what `loaban eval` scores.
    pub fn handle_explained(&self, inbound: &Inbound) -> (Option<Request>, Vec<Outbound>) {
        let fallback = self.fallback_locale(inbound);
        let mut read = None;
        let result = self
            .handle_inner(inbound, crate::clock::now(), fallback, &mut read)
            .and_then(|(out, durable)| {
                if durable {
                    self.store.flush()?;
                }
                Ok(out)
            });
        let out = self.apology_on_error(&inbound.user, &inbound.chat, fallback, result);
        (read, out)
    }

    fn handle_inner(
        &self,
        inbound: &Inbound,
        now: DateTime<Utc>,
        fallback: Locale,
        read: &mut Option<Request>,
    ) -> Result<(Vec<Outbound>, bool), StoreError> {
        // Who wrote, from where, and the name their messenger presents (for their head's
        // reports); writing reopens the messenger's reply window (Zalo's 7 days). Their record
        // is read once here, and written at most once, with what handling the message changes
        // in it (a subscription, their chat's session), when it has been handled.
        let mut visit =
            self.store
                .arrive(&inbound.user, &inbound.chat, inbound.name.as_deref(), now)?;
        let handled = self.handle_visit(inbound, now, fallback, read, &mut visit);
        self.store.leave(visit)?;
        handled
    }

    fn handle_visit(
        &self,
        inbound: &Inbound,
        now: DateTime<Utc>,
        fallback: Locale,
        read: &mut Option<Request>,
        visit: &mut Visit,
    ) -> Result<(Vec<Outbound>, bool), StoreError> {
        let user = visit.user().clone();
        let ctx = Ctx {
            user: inbound.user.clone(),
            chat: inbound.chat.clone(),
            locale: user.locale.unwrap_or(fallback),
            private: inbound.private,
            now,
            name: inbound.name.clone(),
        };
        // Writing to the bot after a notice arrived counts as having received it.
        let acked = self.acknowledge_by_writing(&ctx, &inbound.body, visit)?;
        // Still-valid notices they missed come first, then the answer to what they wrote.
        let caught_up = self.catch_up(&ctx, visit.followed())?;
        let with_catch_up = |answer: Outbound| -> Vec<Outbound> {
            caught_up.iter().cloned().chain([answer]).collect()
        };
        if !acked.is_empty() && is_plain_ack(&inbound.body, |t| self.understander.understand(t)) {
            return Ok((
                with_catch_up(Outbound {
                    to: ctx.chat.clone(),
                    message: OutMessage::text(self.acked_line(&ctx, &acked)),
                    replaces_pressed: false,
                }),
                true,
            ));
        }
        let mut session = self.store.session_in(visit, &ctx.chat)?;
        let before = session.clone();
        let request = match self.read(&ctx, &inbound.body, &session) {
            Ok(req) => req,
            Err(message) => {
                return Ok((
                    with_catch_up(Outbound {
                        to: ctx.chat.clone(),
                        message,
                        replaces_pressed: false,
                    }),
                    false,
                ));
            }
        };
        log::debug!("{}: {:?}", ctx.chat.key(), request_kind(&request));
        // Counted for admins' statistics; the text only when not understood, so admins can
        // improve the content and the wording (who asked is kept for "forget me" alone).
        let unread = match (&request, &inbound.body) {
            (Request::NotUnderstood { .. } | Request::NoAnswer { .. }, InboundBody::Text(t)) => {
                Some(t.as_str())
            }
            _ => None,
        };
        self.store
            .record_question(request_kind(&request), unread, &inbound.user)?;
        // The texts not understood in a row are kept for "send to an officer"; anything
        // else ends the row.
        match (&request, unread) {
            // Read but not in the content: this very question is the one to send.
            (Request::NoAnswer { .. }, Some(text)) => {
                session.misses = vec![format::truncate(text, 500)];
            }
            (Request::NotUnderstood { .. }, Some(text)) => {
                session.misses.push(format::truncate(text, 500));
                let extra = session.misses.len().saturating_sub(MISSES_KEPT);
                session.misses.drain(..extra);
            }
            (Request::AskOfficer { text: None }, _) => {}
            _ => session.misses.clear(),
        }
        // Pressing Confirm or Cancel on a preview settles it: the answer replaces it, so the
        // old buttons cannot be pressed again.
        let replaces_pressed = matches!(inbound.body, InboundBody::Button(_))
            && matches!(
                request,
                Request::BroadcastTarget { .. }
                    | Request::BroadcastConfirm
                    | Request::BroadcastUrgent
                    | Request::ScheduleConfirm
                    | Request::ScheduleWeekly
                    | Request::ScheduledCancel { .. }
                    | Request::ScheduledSendNow { .. }
                    | Request::Cancel
                    | Request::StopBroadcastConfirm { .. }
                    | Request::ForgetConfirm
                    | Request::AskConfirm { .. }
                    | Request::AnswerConfirm { .. }
                    | Request::RemindConfirm { .. }
                    | Request::ReviseConfirm { .. }
            );
        let durable = changes_lasting_state(&request) || !acked.is_empty();
        *read = Some(request.clone());
        // Only a subscription's record is written once, at the end; any other request is
        // handled with the author's arrival written, as every reader of the store sees it
        // (an admin's statistics count them).
        if !matches!(request, Request::Start { .. } | Request::Subscribe { .. }) {
            self.store.settle(visit)?;
        }
        let mut message = self.dispatch(&ctx, &mut session, request, visit)?;
        if !acked.is_empty() {
            message.text = format!("{}\n\n{}", self.acked_line(&ctx, &acked), message.text);
        }
        session.choices = message
            .choices()
            .into_iter()
            .map(|(n, b)| (n, b.payload.clone()))
            .collect();
        // A forgotten user's session is already gone; leaving does not write it back.
        if session != before {
            self.store.put_session_in(visit, &ctx.chat, &session)?;
        }
        // Told "done" means done, even if the machine loses power a moment later: the caller
        // makes a lasting change durable before the answer goes out.
        Ok((
            with_catch_up(Outbound {
                to: ctx.chat.clone(),
                message,
                replaces_pressed,
            }),
            durable,
        ))
    }

    /// Turns what was sent into a request, or an immediate answer for bad input.
    fn read(
        &self,
        ctx: &Ctx,
        body: &InboundBody,
        session: &Session,
    ) -> Result<Request, OutMessage> {
        let text = match body {
            InboundBody::Button(p) => {
                return self.decode_payload(p).ok_or_else(|| self.stale_button(ctx));
            }
            InboundBody::Unsupported => return Err(self.menu(ctx, "unsupported-message")),
            InboundBody::Media(file) => {
                return match self.may_broadcast(&ctx.user) && file.refusal().is_none() {
                    true => Ok(Request::MediaNotice { file: file.clone() }),
                    false => Err(self.media_answer(ctx, file)),
                };
            }
            InboundBody::Text(t) => t,
        };
        let count = text.chars().count();
        if count > self.config.limits.max_message_chars {
            return Err(self.with_menu(
                ctx,
                self.t(
                    ctx,
                    "error-too-long",
                    &[
                        ("count", count.into()),
                        ("max", self.config.limits.max_message_chars.into()),
                    ],
                ),
            ));
        }
        // Control characters (except line breaks and tabs) are never meaningful here.
        let clean: String = text
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect();
        let req = match command::parse(&clean) {
            Parsed::Command { name, args } => self.command_request(name, &args),
            Parsed::Unknown(name) => Request::UnknownCommand { name },
            // An officer who pressed "Reply" writes the answer as their next message
            // (a bare number still picks a button, as everywhere).
            Parsed::NotCommand => match (&session.pending, clean.trim().parse::<usize>()) {
                (Some(Pending::Answer { question, .. }), Err(_)) => Request::AnswerDraft {
                    question: *question,
                    text: clean.clone(),
                },
                // "⏰ Hẹn giờ" was chosen: the next message is the time.
                (Some(Pending::Schedule { .. }), Err(_)) => Request::ScheduleTime {
                    text: clean.clone(),
                },
                _ => {
                    // "Bản em": the one hamlet the villager follows, read only when said.
                    let home = || match self.store.subscriptions_of(&ctx.user) {
                        Ok(subs) if subs.len() == 1 => subs.into_iter().next(),
                        _ => None,
                    };
                    self.understander.understand_for(&clean, &home)
                }
            },
        };
        match req {
            Request::MenuChoice(n) => match session
                .choices
                .iter()
                .find(|(number, _)| usize::try_from(*number).is_ok_and(|k| k == n))
            {
                Some((_, p)) => self.decode_payload(p).ok_or_else(|| self.stale_button(ctx)),
                None => Err(self.with_menu(
                    ctx,
                    self.t(ctx, "error-no-such-choice", &[("number", n.into())]),
                )),
            },
            other => Ok(other),
        }
    }

    /// Maps a slash command and its argument text to a request, resolving names.
    fn command_request(&self, name: CommandName, args: &str) -> Request {
        match name {
            CommandName::Start => Request::Start {
                payload: (!args.is_empty()).then(|| args.to_string()),
            },
            CommandName::Help => Request::Help,
            CommandName::Menu => Request::Menu,
            CommandName::Criteria => {
                if args.is_empty() {
                    Request::CriteriaOverview
                } else {
                    match self.resolve_unit(args) {
                        Some(unit) => Request::CriteriaSummary { unit },
                        None => Request::UnknownHamlet {
                            name: args.to_string(),
                        },
                    }
                }
            }
            CommandName::Facts => match (args.is_empty(), &self.commune) {
                (true, Some(c)) => Request::UnitFacts { unit: c.clone() },
                (true, None) => Request::CriteriaOverview,
                (false, _) => match self.resolve_unit(args) {
                    Some(unit) => Request::UnitFacts { unit },
                    None => Request::UnknownHamlet {
                        name: args.to_string(),
                    },
                },
            },
            CommandName::Loans => {
                if args.is_empty() {
                    Request::Loans
                } else {
                    match self.resolve_programme(args) {
                        Some(programme) => Request::LoanDetail {
                            programme,
                            aspects: vec![],
                        },
                        None => Request::Loans,
                    }
                }
            }
            CommandName::Subscribe | CommandName::Unsubscribe => {
                match self.resolve_hamlet_list(args) {
                    Ok(hamlets) if name == CommandName::Subscribe => Request::Subscribe { hamlets },
                    Ok(hamlets) => Request::Unsubscribe { hamlets },
                    Err(unknown) => Request::UnknownHamlet { name: unknown },
                }
            }
            CommandName::MySubscriptions => Request::MySubscriptions,
            CommandName::News => Request::News,
            CommandName::Broadcast => Request::Broadcast {
                text: args.to_string(),
            },
            CommandName::Language => Request::Language {
                locale: Locale::from_hint(args.trim()).or_else(|| {
                    match fold::fold(args).as_str() {
                        "tieng viet" | "viet" | "tiengviet" | "vietnamese" => Some(Locale::Vi),
                        "tieng anh" | "anh" | "english" | "tienganh" => Some(Locale::En),
                        _ => None,
                    }
                }),
            },
            CommandName::Forget => Request::Forget,
            CommandName::Cancel => Request::Cancel,
            CommandName::Status => self.status_command(args),
            CommandName::Audit => Request::Audit,
            CommandName::Stats => Request::Stats,
            CommandName::Ask => Request::AskOfficer {
                text: (!args.is_empty()).then(|| args.to_string()),
            },
            CommandName::Questions => Request::Questions,
            CommandName::Answer => match command::question_and_text(args) {
                Some((question, text)) if text.is_empty() => Request::AnswerStart { question },
                Some((question, text)) => Request::AnswerDraft { question, text },
                None => Request::AnswerUsage,
            },
            CommandName::Report => match command::question_and_text(args) {
                _ if args.trim().is_empty() => Request::NoticeReport { id: None },
                Some((id, text)) if text.is_empty() && id > 0 => {
                    Request::NoticeReport { id: Some(id) }
                }
                _ => Request::NoticeReportUsage,
            },
            CommandName::Scheduled => match when::split_leading(args) {
                _ if args.trim().is_empty() => Request::Scheduled,
                Some((when, text)) => Request::ScheduleNew { when, text },
                None => Request::ScheduleNew {
                    when: args.to_string(),
                    text: String::new(),
                },
            },
            CommandName::Urgent => Request::Urgent {
                text: args.to_string(),
            },
            CommandName::Correct => match command::question_and_text(args) {
                Some((id, text)) if id > 0 && !text.is_empty() => {
                    Request::CorrectNotice { id, text }
                }
                _ => Request::ReviseUsage { withdraw: false },
            },
            CommandName::Withdraw => match command::question_and_text(args) {
                Some((id, text)) if id > 0 && text.is_empty() => Request::WithdrawNotice { id },
                _ => Request::ReviseUsage { withdraw: true },
            },
        }
    }

    fn dispatch(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        request: Request,
        visit: &mut Visit,
    ) -> Result<OutMessage, StoreError> {
        use Request::*;
        if !ctx.private && needs_private_chat(&request) {
            return Ok(OutMessage::text(self.t(ctx, "error-private-only", &[])));
        }
        // Any new request other than the ones that complete a pending flow drops that flow,
        // so an old draft can never be confirmed by a stray press later.
        if !matches!(
            request,
            BroadcastTarget { .. }
                | BroadcastConfirm
                | BroadcastUrgent
                | ScheduleAsk
                | ScheduleTime { .. }
                | ScheduleConfirm
                | ScheduleWeekly
                | ForgetConfirm
                | Cancel
                | AskConfirm { .. }
                | AnswerDraft { .. }
                | AnswerConfirm { .. }
                | BroadcastValidity { .. }
                | RemindConfirm { .. }
                | ReviseConfirm { .. }
        ) {
            session.pending = None;
        }
        Ok(match request {
            Start { payload } => self.start(ctx, payload, visit)?,
            Menu => self.menu(ctx, "menu-title"),
            Help => self.help(ctx),
            CriteriaOverview => self.criteria_overview(ctx)?,
            CriteriaSummary { unit } => self.criteria_summary(ctx, &unit)?,
            CriteriaList { unit } => self.criteria_list(ctx, &unit, false)?,
            CriteriaRemaining { unit } => self.criteria_list(ctx, &unit, true)?,
            CriterionDetail { unit, criterion } => self.criterion_detail(ctx, &unit, &criterion)?,
            SetStatus {
                unit,
                criterion,
                status,
                note,
            } => self.set_status(ctx, &unit, &criterion, status, note)?,
            StatusUsage { unit, wrong } => self.status_usage(ctx, unit.as_deref(), wrong)?,
            UnitFacts { unit } => self.unit_facts(ctx, &unit)?,
            Loans => self.loans_list(ctx)?,
            LoanDetail { programme, aspects } => self.loan_detail(ctx, &programme, &aspects)?,
            LoansByPurpose { programmes } => self.loans_by_purpose(ctx, &programmes)?,
            LoanProcess => self.loan_process(ctx)?,
            Fact { unit, fact } => self.fact(ctx, &unit, &fact)?,
            Thanks => OutMessage::text(self.t(ctx, "thanks-reply", &[])),
            Ack => OutMessage::text(self.t(ctx, "ack-reply", &[])),
            Subscribe { hamlets } => self.subscribe(ctx, &hamlets, visit)?,
            Unsubscribe { hamlets } => self.unsubscribe(ctx, &hamlets)?,
            Switch { to, from } => self.switch(ctx, &to, &from, visit)?,
            MySubscriptions => self.my_subscriptions(ctx)?,
            News => self.news(ctx)?,
            Language { locale } => self.language(ctx, locale)?,
            Forget => self.forget(ctx, session),
            ForgetConfirm => self.forget_confirm(ctx, session)?,
            Broadcast { text } => self.broadcast_start(ctx, session, &text)?,
            MediaNotice { file } => self.media_start(ctx, session, &file)?,
            BroadcastTarget { hamlet } => self.broadcast_target(ctx, session, hamlet)?,
            BroadcastConfirm => self.broadcast_confirm(ctx, session, false)?,
            BroadcastUrgent => self.broadcast_confirm(ctx, session, true)?,
            Urgent { text } => self.urgent_start(ctx, session, &text)?,
            ScheduleAsk => self.schedule_ask(ctx, session),
            ScheduleTime { text } => self.schedule_time(ctx, session, &text)?,
            ScheduleConfirm => self.schedule_confirm(ctx, session)?,
            ScheduleWeekly => self.schedule_weekly(ctx, session),
            Scheduled => self.scheduled_list(ctx)?,
            ScheduleNew { when, text } => self.schedule_new(ctx, session, &when, &text)?,
            ScheduledCancel { id } => self.scheduled_cancel(ctx, id)?,
            ScheduledSendNow { id } => self.scheduled_send_now(ctx, id)?,
            Cancel => self.cancel(ctx, session)?,
            StopBroadcast { id } => self.stop_ask(ctx, id)?,
            StopBroadcastConfirm { id } => self.stop_confirm(ctx, id)?,
            MenuChoice(n) => self.with_menu(
                ctx,
                self.t(ctx, "error-no-such-choice", &[("number", n.into())]),
            ),
            UnknownCommand { name } => self.with_menu(
                ctx,
                self.t(ctx, "error-unknown-command", &[("name", name.into())]),
            ),
            UnknownHamlet { name } => self.unknown_hamlet(ctx, &name),
            NotUnderstood { suggestions } => self.not_understood(ctx, session, suggestions),
            NoAnswer { .. } => self.no_answer(ctx),
            AskOfficer { text } => self.ask_officer(ctx, session, text)?,
            AskConfirm { token } => self.ask_confirm(ctx, session, token)?,
            Questions => self.questions_list(ctx)?,
            AnswerStart { question } => self.answer_start(ctx, session, question)?,
            AnswerDraft { question, text } => self.answer_draft(ctx, session, question, &text)?,
            AnswerConfirm { question } => self.answer_confirm(ctx, session, question)?,
            AnswerUsage => self.with_menu(ctx, self.t(ctx, "answer-usage", &[])),
            AckNotice { id } => self.ack_notice(ctx, id)?,
            NoticeReport { id } => self.notice_report(ctx, id)?,
            NoticeReportUsage => self.with_menu(ctx, self.t(ctx, "report-usage", &[])),
            RemindAsk { id } => self.remind_ask(ctx, session, id)?,
            RemindConfirm { id } => self.remind_confirm(ctx, session, id)?,
            BroadcastValidity { days } => self.broadcast_validity(ctx, session, days)?,
            CorrectNotice { id, text } => self.revise_preview(ctx, session, id, Some(text))?,
            WithdrawNotice { id } => self.revise_preview(ctx, session, id, None)?,
            ReviseConfirm { id } => self.revise_confirm(ctx, session, id)?,
            ReviseUsage { withdraw } => self.with_menu(
                ctx,
                self.t(
                    ctx,
                    if withdraw {
                        "withdraw-usage"
                    } else {
                        "correct-usage"
                    },
                    &[],
                ),
            ),
            Audit => self.admin_audit(ctx)?,
            Stats => self.admin_stats(ctx)?,
        })
    }

    // ----- shared helpers -------------------------------------------------------------

    pub(crate) fn t(&self, ctx: &Ctx, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.i18n.t(ctx.locale, key, args)
    }

    pub(crate) fn button(&self, ctx: &Ctx, req: &Request) -> Button {
        Button {
            label: self.label(ctx, req),
            payload: self.payload_of(req),
            number: None,
        }
    }

    /// The payload of a button for `req`: the menu's for requests that are never buttons.
    /// The programmes for a need are named by their places in the content's list (the ids of
    /// six programmes would not fit Telegram's 64 bytes); beyond 64 programmes, the list.
    fn payload_of(&self, req: &Request) -> String {
        if let Request::LoansByPurpose { programmes } = req {
            let at: Option<Vec<usize>> = programmes
                .iter()
                .map(|id| self.catalog.programmes.iter().position(|p| p.id == *id))
                .collect();
            let ids: Vec<&str> = programmes.iter().map(String::as_str).collect();
            return at
                .and_then(|at| payload::encode_programmes(&at, payload::programmes_check(&ids)))
                .unwrap_or_else(|| "l".into());
        }
        payload::encode(req).unwrap_or_else(|| "m".into())
    }

    /// A pressed button's request ([`payload::decode`], and the programmes for a need by
    /// their places); `None` for a malformed or stale payload.
    fn decode_payload(&self, p: &str) -> Option<Request> {
        let Some((at, check)) = payload::decode_programmes(p) else {
            return payload::decode(p);
        };
        let programmes: Vec<String> = at
            .iter()
            .map(|&i| self.catalog.programmes.get(i).map(|e| e.id.clone()))
            .collect::<Option<_>>()?;
        let ids: Vec<&str> = programmes.iter().map(String::as_str).collect();
        (payload::programmes_check(&ids) == check).then_some(Request::LoansByPurpose { programmes })
    }

    /// Buttons, one per row (big targets for thumbs on small phones).
    pub(crate) fn rows(&self, ctx: &Ctx, reqs: &[Request]) -> Vec<Vec<Button>> {
        reqs.iter().map(|r| vec![self.button(ctx, r)]).collect()
    }

    /// The main menu buttons.
    fn main_buttons(&self, ctx: &Ctx) -> Vec<Vec<Button>> {
        let mut rows = vec![
            vec![
                self.button(ctx, &Request::CriteriaOverview),
                self.button(ctx, &Request::Loans),
            ],
            vec![
                self.button(ctx, &Request::Subscribe { hamlets: vec![] }),
                self.button(ctx, &Request::News),
            ],
        ];
        if self.may_broadcast(&ctx.user) {
            rows.push(vec![
                self.button(
                    ctx,
                    &Request::Broadcast {
                        text: String::new(),
                    },
                ),
                self.button(ctx, &Request::Questions),
            ]);
        }
        rows.push(vec![
            self.button(ctx, &Request::Language { locale: None }),
            self.button(ctx, &Request::Help),
        ]);
        rows
    }

    pub(crate) fn with_menu(&self, ctx: &Ctx, text: String) -> OutMessage {
        OutMessage {
            text,
            buttons: self.main_buttons(ctx),
        }
    }

    /// The answer to a file: villagers hear that the bot reads text; a head hears why a
    /// video, document, sticker or too-large file cannot be a notice, and what can.
    fn media_answer(&self, ctx: &Ctx, file: &crate::message::Attachment) -> OutMessage {
        use crate::message::{MAX_MEDIA_BYTES, MediaRefusal};
        if !self.may_broadcast(&ctx.user) {
            return self.menu(ctx, "unsupported-message");
        }
        let text = match file.refusal() {
            Some(MediaRefusal::Kind) => self.t(ctx, "media-kind-refused", &[]),
            Some(MediaRefusal::TooLarge) => self.t(
                ctx,
                "media-too-large",
                &[
                    ("size", mebibytes(file.size.unwrap_or(0)).into()),
                    ("limit", mebibytes(MAX_MEDIA_BYTES).into()),
                ],
            ),
            // Read as a notice draft before it gets here (see `read`).
            None => self.t(ctx, "media-kind-refused", &[]),
        };
        self.with_menu(ctx, text)
    }

    fn menu(&self, ctx: &Ctx, title_key: &str) -> OutMessage {
        self.with_menu(ctx, self.t(ctx, title_key, &[]))
    }

    fn help(&self, ctx: &Ctx) -> OutMessage {
        let mut key = "help-villager".to_string();
        if self.may_broadcast(&ctx.user) {
            key = "help-head".into();
        }
        self.with_menu(ctx, self.t(ctx, &key, &[]))
    }

    fn stale_button(&self, ctx: &Ctx) -> OutMessage {
        self.menu(ctx, "error-stale-button")
    }

    /// "Did you mean…", or the menu when there is nothing to suggest. On a second miss in a
    /// row the person may also send what they asked to an officer.
    fn not_understood(
        &self,
        ctx: &Ctx,
        session: &Session,
        suggestions: Vec<Request>,
    ) -> OutMessage {
        let retry = session.misses.len() >= MISSES_KEPT;
        let ask = vec![self.button(ctx, &Request::AskOfficer { text: None })];
        if suggestions.is_empty() {
            let mut message = self.menu(ctx, "not-understood");
            if retry {
                message.text = self.t(ctx, "not-understood-ask", &[]);
                message.buttons.insert(0, ask);
            }
            return message;
        }
        // Each choice names its programme or unit, and no two look the same (on Zalo they
        // are numbered lines of text).
        let mut rows: Vec<Vec<Button>> = Vec::new();
        for req in suggestions.iter().take(3) {
            let button = Button {
                label: self.suggestion_label(ctx, req),
                payload: self.payload_of(req),
                number: None,
            };
            if !rows.iter().any(|r| r[0].label == button.label) {
                rows.push(vec![button]);
            }
        }
        if retry {
            rows.push(ask);
        }
        rows.push(vec![self.button(ctx, &Request::Menu)]);
        OutMessage {
            text: self.t(ctx, "not-understood-suggest", &[]),
            buttons: rows,
        }
    }

    /// A choice's label that says whose it is: "Cho vay hộ nghèo: 📉 Lãi suất",
    /// "Giao thông — Bản Đông".
    fn suggestion_label(&self, ctx: &Ctx, req: &Request) -> String {
        match req {
            Request::LoanDetail { programme, aspects } if !aspects.is_empty() => self.t(
                ctx,
                "btn-loan-named-aspect",
                &[
                    ("programme", self.programme_name(ctx, programme).into()),
                    ("aspect", self.label(ctx, req).into()),
                ],
            ),
            Request::CriterionDetail { unit, .. } => {
                format!("{} — {}", self.label(ctx, req), self.unit_name(unit))
            }
            Request::CriteriaList { unit } | Request::CriteriaRemaining { unit } => {
                format!("{} — {}", self.label(ctx, req), self.unit_name(unit))
            }
            _ => self.label(ctx, req),
        }
    }

    /// The content has no answer: say so, and offer to send the question to an officer.
    fn no_answer(&self, ctx: &Ctx) -> OutMessage {
        let mut message = self.menu(ctx, "no-answer");
        message.buttons.insert(
            0,
            vec![self.button(ctx, &Request::AskOfficer { text: None })],
        );
        message
    }

    fn unknown_hamlet(&self, ctx: &Ctx, name: &str) -> OutMessage {
        let names: Vec<&str> = self
            .config
            .hamlets
            .iter()
            .map(|h| h.name.as_str())
            .collect();
        let reqs: Vec<Request> = self
            .config
            .hamlets
            .iter()
            .map(|h| Request::CriteriaSummary { unit: h.id.clone() })
            .collect();
        OutMessage {
            text: self.t(
                ctx,
                "error-unknown-hamlet",
                &[
                    ("name", format::truncate(name, 40).into()),
                    ("hamlets", names.join(", ").into()),
                ],
            ),
            buttons: self.rows(ctx, &reqs),
        }
    }

    /// The display name of a unit (hamlet name from config, else content's name).
    pub(crate) fn unit_name(&self, unit: &str) -> String {
        if let Some(h) = self.config.hamlet(unit) {
            return h.name.clone();
        }
        match self.unit(unit) {
            Some(u) => u.name.clone(),
            None => unit.to_string(),
        }
    }

    pub(crate) fn programme_name(&self, ctx: &Ctx, id: &str) -> String {
        match self.programme(id) {
            Some(p) => match ctx.locale {
                Locale::Vi => p.name_vi.clone(),
                Locale::En => p.name_en.clone(),
            },
            _ => id.to_string(),
        }
    }

    /// A short button label for a request, in the person's language.
    fn label(&self, ctx: &Ctx, req: &Request) -> String {
        use Request::*;
        let name = |unit: &str| self.unit_name(unit);
        match req {
            Start { .. } | Menu => self.t(ctx, "btn-menu", &[]),
            Help => self.t(ctx, "btn-help", &[]),
            CriteriaOverview => self.t(ctx, "btn-criteria", &[]),
            CriteriaSummary { unit } => {
                self.t(ctx, "btn-criteria-of", &[("unit", name(unit).into())])
            }
            CriteriaList { .. } => self.t(ctx, "btn-criteria-list", &[]),
            CriteriaRemaining { .. } => self.t(ctx, "btn-criteria-remaining", &[]),
            CriterionDetail { unit, criterion } => self
                .criterion_name(ctx, unit, criterion)
                .unwrap_or_else(|| criterion.clone()),
            SetStatus { status, .. } => match status {
                Some(s) => self.t(ctx, &format!("status-{}", s.code()), &[]),
                None => self.t(ctx, "btn-set-status", &[]),
            },
            UnitFacts { unit } => self.t(ctx, "btn-facts-of", &[("unit", name(unit).into())]),
            Loans => self.t(ctx, "btn-loans", &[]),
            LoanDetail { programme, aspects } => match aspects.as_slice() {
                [] => self.programme_name(ctx, programme),
                [a, ..] => self.t(ctx, loans::aspect_button_key(*a), &[]),
            },
            LoanProcess => self.t(ctx, "btn-loan-process", &[]),
            Fact { unit, fact } => self
                .fact_label(ctx, unit, fact)
                .unwrap_or_else(|| self.t(ctx, "btn-facts-of", &[("unit", name(unit).into())])),
            LoansByPurpose { programmes } => {
                self.t(ctx, "btn-loans-fit", &[("count", programmes.len().into())])
            }
            Subscribe { hamlets } if hamlets.is_empty() => self.t(ctx, "btn-subscribe", &[]),
            Subscribe { hamlets } | Switch { to: hamlets, .. } => self.t(
                ctx,
                "btn-subscribe-to",
                &[("hamlet", self.hamlet_names(hamlets).into())],
            ),
            Unsubscribe { hamlets } if hamlets.is_empty() => self.t(ctx, "btn-unsubscribe", &[]),
            Unsubscribe { hamlets } => self.t(
                ctx,
                "btn-unsubscribe-from",
                &[("hamlet", self.hamlet_names(hamlets).into())],
            ),
            MySubscriptions => self.t(ctx, "btn-my-subscriptions", &[]),
            News => self.t(ctx, "btn-news", &[]),
            Language { locale: None } => self.t(ctx, "btn-language", &[]),
            Language {
                locale: Some(Locale::Vi),
            } => self.t(ctx, "btn-lang-vi", &[]),
            Language {
                locale: Some(Locale::En),
            } => self.t(ctx, "btn-lang-en", &[]),
            Forget => self.t(ctx, "btn-forget", &[]),
            ForgetConfirm => self.t(ctx, "btn-forget-confirm", &[]),
            Broadcast { .. } | MediaNotice { .. } => self.t(ctx, "btn-broadcast", &[]),
            BroadcastTarget { hamlet: Some(h) } => name(h),
            BroadcastTarget { hamlet: None } => self.t(ctx, "btn-whole-commune", &[]),
            BroadcastConfirm => self.t(ctx, "btn-confirm-send", &[]),
            BroadcastUrgent => self.t(ctx, "btn-urgent", &[]),
            ScheduleAsk => self.t(ctx, "btn-schedule", &[]),
            ScheduleConfirm => self.t(ctx, "btn-schedule-confirm", &[]),
            ScheduleWeekly => self.t(ctx, "btn-schedule-weekly", &[]),
            Scheduled => self.t(ctx, "btn-scheduled", &[]),
            ScheduledCancel { id } => self.t(
                ctx,
                "btn-scheduled-cancel",
                &[("id", id.to_string().into())],
            ),
            ScheduledSendNow { id } => self.t(
                ctx,
                "btn-scheduled-send-now",
                &[("id", id.to_string().into())],
            ),
            Cancel => self.t(ctx, "btn-cancel", &[]),
            AskOfficer { .. } => self.t(ctx, "btn-ask-officer", &[]),
            AskConfirm { .. } => self.t(ctx, "btn-ask-confirm", &[]),
            Questions => self.t(ctx, "btn-questions", &[]),
            AnswerStart { question } => {
                self.t(ctx, "btn-answer", &[("id", question.to_string().into())])
            }
            AnswerConfirm { .. } => self.t(ctx, "btn-answer-confirm", &[]),
            AnswerDraft { .. } | AnswerUsage => self.t(ctx, "btn-menu", &[]),
            StopBroadcast { .. } => self.t(ctx, "btn-stop", &[]),
            StopBroadcastConfirm { id } => {
                self.t(ctx, "btn-stop-confirm", &[("id", id.to_string().into())])
            }
            AckNotice { .. } => self.t(ctx, "btn-ack", &[]),
            NoticeReport { .. } => self.t(ctx, "btn-report", &[]),
            RemindAsk { .. } => self.t(ctx, "btn-remind", &[]),
            RemindConfirm { .. } => self.t(ctx, "btn-remind-confirm", &[]),
            BroadcastValidity { days: None } => self.t(ctx, "btn-validity", &[]),
            BroadcastValidity { days: Some(d) } => {
                self.t(ctx, "btn-validity-days", &[("days", (*d as usize).into())])
            }
            ReviseConfirm { .. } => self.t(ctx, "btn-revise-confirm", &[]),
            MenuChoice(_)
            | Urgent { .. }
            | ScheduleTime { .. }
            | ScheduleNew { .. }
            | CorrectNotice { .. }
            | WithdrawNotice { .. }
            | ReviseUsage { .. }
            | NoticeReportUsage
            | StatusUsage { .. }
            | UnknownCommand { .. }
            | UnknownHamlet { .. }
            | NotUnderstood { .. }
            | NoAnswer { .. }
            | Thanks
            | Ack
            | Audit
            | Stats => self.t(ctx, "btn-menu", &[]),
        }
    }

    pub(crate) fn hamlet_names(&self, ids: &[String]) -> String {
        ids.iter()
            .map(|h| self.unit_name(h))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Admins, and heads of at least one hamlet, may broadcast.
    pub(crate) fn may_broadcast(&self, user: &str) -> bool {
        self.config.is_admin(user) || !self.config.hamlets_headed_by(user).is_empty()
    }

    /// Heads edit their hamlets' statuses; admins edit every unit's.
    pub(crate) fn may_edit(&self, user: &str, unit: &str) -> bool {
        self.config.is_admin(user) || self.config.hamlets_headed_by(user).contains(&unit)
    }
}

/// Requests that carry personal data or act for a person: only in a private chat.
fn needs_private_chat(req: &Request) -> bool {
    use Request::*;
    matches!(
        req,
        Subscribe { .. }
            | Unsubscribe { .. }
            | Switch { .. }
            | MySubscriptions
            | Language { .. }
            | Forget
            | ForgetConfirm
            | Broadcast { .. }
            | MediaNotice { .. }
            | BroadcastTarget { .. }
            | BroadcastConfirm
            | BroadcastUrgent
            | Urgent { .. }
            | ScheduleAsk
            | ScheduleTime { .. }
            | ScheduleConfirm
            | ScheduleWeekly
            | Scheduled
            | ScheduleNew { .. }
            | ScheduledCancel { .. }
            | ScheduledSendNow { .. }
            | SetStatus { .. }
            | Cancel
            | StopBroadcast { .. }
            | StopBroadcastConfirm { .. }
            | Audit
            | Stats
            | AskOfficer { .. }
            | AskConfirm { .. }
            | Questions
            | AnswerStart { .. }
            | AnswerDraft { .. }
            | AnswerConfirm { .. }
            | AnswerUsage
            | AckNotice { .. }
            | NoticeReport { .. }
            | NoticeReportUsage
            | RemindAsk { .. }
            | RemindConfirm { .. }
            | BroadcastValidity { .. }
            | CorrectNotice { .. }
            | WithdrawNotice { .. }
            | ReviseConfirm { .. }
            | ReviseUsage { .. }
    )
}

/// Requests whose effect a person is told about and must survive a crash.
/// A message handled, its answers held until their change is durable
/// (see [`Core::answer`]).
pub struct Answer {
    /// The answers, and whether they report a change that must survive a crash.
    result: Result<(Vec<Outbound>, bool), StoreError>,
    user: UserId,
    chat: Address,
    fallback: Locale,
}

fn changes_lasting_state(req: &Request) -> bool {
    use Request::*;
    matches!(
        req,
        Start { payload: Some(_) }
            | SetStatus {
                status: Some(_),
                ..
            }
            | Subscribe { .. }
            | Unsubscribe { .. }
            | Switch { .. }
            | Language { locale: Some(_) }
            | ForgetConfirm
            | BroadcastConfirm
            | BroadcastUrgent
            | ScheduleConfirm
            | ScheduledCancel { .. }
            | ScheduledSendNow { .. }
            | Cancel
            | AskConfirm { .. }
            | AnswerConfirm { .. }
            | StopBroadcastConfirm { .. }
            | AckNotice { .. }
            | RemindConfirm { .. }
            | ReviseConfirm { .. }
    )
}

/// A message that only says "received": a typed 1 (the notice's one numbered choice on
/// messengers without buttons), "ok", "đã nhận", "cảm ơn".
fn is_plain_ack(body: &InboundBody, understand: impl Fn(&str) -> Request) -> bool {
    match body {
        InboundBody::Text(t) => {
            let t = t.trim();
            t == "1" || (t.len() <= 40 && matches!(understand(t), Request::Ack | Request::Thanks))
        }
        _ => false,
    }
}

/// The request's variant name, for logs (no personal data or message text).
fn request_kind(req: &Request) -> &'static str {
    use Request::*;
    match req {
        Start { .. } => "start",
        Help => "help",
        Menu => "menu",
        CriteriaOverview => "criteria_overview",
        CriteriaSummary { .. } => "criteria_summary",
        CriteriaList { .. } => "criteria_list",
        CriteriaRemaining { .. } => "criteria_remaining",
        CriterionDetail { .. } => "criterion_detail",
        SetStatus { .. } => "set_status",
        StatusUsage { .. } => "status_usage",
        UnitFacts { .. } => "unit_facts",
        Loans => "loans",
        LoanDetail { .. } => "loan_detail",
        LoansByPurpose { .. } => "loans_by_purpose",
        LoanProcess => "loan_process",
        Fact { .. } => "fact",
        Thanks => "thanks",
        Ack => "ack",
        Subscribe { .. } => "subscribe",
        Unsubscribe { .. } => "unsubscribe",
        Switch { .. } => "switch",
        MySubscriptions => "my_subscriptions",
        News => "news",
        Language { .. } => "language",
        Forget => "forget",
        ForgetConfirm => "forget_confirm",
        Broadcast { .. } => "broadcast",
        MediaNotice { .. } => "media_notice",
        BroadcastTarget { .. } => "broadcast_target",
        BroadcastConfirm => "broadcast_confirm",
        BroadcastUrgent => "broadcast_urgent",
        Urgent { .. } => "urgent",
        ScheduleAsk => "schedule_ask",
        ScheduleTime { .. } => "schedule_time",
        ScheduleConfirm => "schedule_confirm",
        ScheduleWeekly => "schedule_weekly",
        Scheduled => "scheduled",
        ScheduleNew { .. } => "schedule_new",
        ScheduledCancel { .. } => "scheduled_cancel",
        ScheduledSendNow { .. } => "scheduled_send_now",
        Cancel => "cancel",
        StopBroadcast { .. } => "stop_broadcast",
        StopBroadcastConfirm { .. } => "stop_broadcast_confirm",
        MenuChoice(_) => "menu_choice",
        UnknownCommand { .. } => "unknown_command",
        UnknownHamlet { .. } => "unknown_hamlet",
        NotUnderstood { .. } => "not_understood",
        NoAnswer { .. } => "no_answer",
        Audit => "audit",
        Stats => "stats",
        AskOfficer { .. } => "ask_officer",
        AskConfirm { .. } => "ask_confirm",
        Questions => "questions",
        AnswerStart { .. } => "answer_start",
        AnswerDraft { .. } => "answer_draft",
        AnswerConfirm { .. } => "answer_confirm",
        AnswerUsage => "answer_usage",
        AckNotice { .. } => "ack_notice",
        NoticeReport { .. } => "notice_report",
        NoticeReportUsage => "notice_report_usage",
        RemindAsk { .. } => "remind_ask",
        RemindConfirm { .. } => "remind_confirm",
        BroadcastValidity { .. } => "broadcast_validity",
        CorrectNotice { .. } => "correct_notice",
        WithdrawNotice { .. } => "withdraw_notice",
        ReviseConfirm { .. } => "revise_confirm",
        ReviseUsage { .. } => "revise_usage",
    }
}

/// The content (units without their statuses, criteria sets, loan programmes) decoded once
/// when the core starts, so that an answer does not decode it from the store again. It
/// changes only through `loaban import`, run with the bot stopped — as the catalog that
/// understanding is built from. The criteria statuses, which heads change in the chat, are
/// always read from the store.
#[derive(Debug, Default)]
pub(crate) struct Content {
    units: Vec<crate::content::model::Unit>,
    sets: Vec<crate::content::model::CriteriaSet>,
    programmes: Vec<crate::content::model::Programme>,
    loans: Option<crate::content::model::Loans>,
}

impl Content {
    fn load(store: &Store) -> Result<Content, StoreError> {
        Ok(Content {
            units: store.units()?,
            sets: store.criteria_sets()?,
            programmes: store.programmes()?,
            loans: store.loans_meta()?,
        })
    }
}

impl Core {
    pub(crate) fn unit(&self, id: &str) -> Option<&crate::content::model::Unit> {
        self.content.units.iter().find(|u| u.id == id)
    }

    pub(crate) fn criteria_set(&self, id: &str) -> Option<&crate::content::model::CriteriaSet> {
        self.content.sets.iter().find(|s| s.id == id)
    }

    pub(crate) fn programme(&self, id: &str) -> Option<&crate::content::model::Programme> {
        self.content.programmes.iter().find(|p| p.id == id)
    }

    /// Every programme, in the order of the content file.
    pub(crate) fn programmes(&self) -> &[crate::content::model::Programme] {
        &self.content.programmes
    }

    pub(crate) fn loans_meta(&self) -> Option<&crate::content::model::Loans> {
        self.content.loans.as_ref()
    }
}

/// Everything free text can name, from config (hamlets) and the store (commune, programmes,
/// criteria).
fn build_catalog(config: &Config, store: &Store) -> Result<Catalog, StoreError> {
    let units = store.units()?;
    let commune = units
        .iter()
        .find(|u| u.level == crate::content::model::Level::Commune)
        .map(|u| NamedEntry {
            id: u.id.clone(),
            names: std::iter::once(u.name.clone())
                .chain(u.aliases.iter().cloned())
                .collect(),
        });
    let hamlets = config
        .hamlets
        .iter()
        .map(|h| NamedEntry {
            id: h.id.clone(),
            names: std::iter::once(h.name.clone())
                .chain(h.aliases.iter().cloned())
                .collect(),
        })
        .collect();
    let stored = store.programmes()?;
    let programmes = stored
        .iter()
        .map(|p| NamedEntry {
            id: p.id.clone(),
            names: [p.name_vi.clone(), p.name_en.clone()]
                .into_iter()
                .chain(p.aliases.iter().cloned())
                .collect(),
        })
        .collect();
    let loans = stored
        .into_iter()
        .map(|p| catalog::LoanTraits {
            id: p.id,
            purposes: p.purposes,
            only_for: p.only_for,
            not_for: p.not_for,
            not_while_owing: p.not_while_owing,
            for_organisations: p.for_organisations,
        })
        .collect();
    let sets = store.criteria_sets()?;
    let mut criteria: Vec<NamedEntry> = Vec::new();
    for set in &sets {
        for c in &set.criteria {
            let names = [c.vi.clone(), c.en.clone()]
                .into_iter()
                .chain(c.aliases.iter().cloned());
            merge_names(&mut criteria, &c.code, names);
        }
    }
    let mut facts: Vec<NamedEntry> = Vec::new();
    let mut contents = Vec::new();
    for u in &units {
        for f in &u.facts {
            let names = [f.label_vi.clone(), f.label_en.clone()]
                .into_iter()
                .chain(f.aliases.iter().cloned());
            merge_names(&mut facts, &f.key, names);
        }
        let set = u
            .criteria_set
            .as_deref()
            .and_then(|id| sets.iter().find(|s| s.id == id));
        contents.push(catalog::UnitContent {
            id: u.id.clone(),
            criteria: set.map_or_else(Vec::new, |s| {
                s.criteria.iter().map(|c| c.code.clone()).collect()
            }),
            facts: u.facts.iter().map(|f| f.key.clone()).collect(),
            as_of: u.as_of.clone(),
        });
    }
    Ok(Catalog {
        commune,
        hamlets,
        programmes,
        criteria,
        facts,
        units: contents,
        loans,
    })
}

/// Adds `names` to the entry `id` (made when missing), each name once.
fn merge_names(entries: &mut Vec<NamedEntry>, id: &str, names: impl Iterator<Item = String>) {
    let at = match entries.iter().position(|e| e.id == id) {
        Some(i) => i,
        None => {
            entries.push(NamedEntry {
                id: id.to_string(),
                names: Vec::new(),
            });
            entries.len() - 1
        }
    };
    for n in names {
        if !entries[at].names.contains(&n) {
            entries[at].names.push(n);
        }
    }
}

/// Whole mebibytes, rounded up, for a size shown to a person ("21 MB").
fn mebibytes(bytes: u64) -> usize {
    usize::try_from(bytes.div_ceil(1024 * 1024)).unwrap_or(usize::MAX)
}
