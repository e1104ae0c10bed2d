//! Ask a person: a question the bot cannot answer goes, with the asker's consent, to the
//! head of their hamlet (or to the admins when no hamlet is known); the officer answers from
//! their own chat and the answer comes back to the asker, both through the outbox.
//!
//! Sending is idempotent: the consent button carries a token, and the store makes one
//! question per token, so a double press (or a press after a restart) forwards once. Every
//! officer action checks the role against the current config, so a forged, stale or
//! forwarded button does nothing for someone who may not answer that question.

use super::request::Request;
use super::{Core, Ctx, format};
use crate::i18n::Locale;
use crate::message::{Address, OutMessage, UserId};
use crate::model::FailReason;
use crate::store::keys::Carries as Carrying;
use crate::store::{
    Answer, Answering, Carries, Delivery, Officers, Pending, Question, Session, StoreError,
};

/// Questions one person may have waiting at a time (officers are few; a person who has
/// three open questions waits for those first).
pub const MAX_WAITING_PER_ASKER: usize = 3;

/// Who may answer a question, and the people (with where to reach them) it goes to.
type Recipients = (Officers, Vec<(String, Address)>);

/// Waiting questions shown in the chat (the command line shows them all).
const QUESTIONS_IN_CHAT: usize = 10;

/// How long quoted texts are in lists and notes.
const QUOTE_CHARS: usize = 120;

impl Core {
    /// Who would receive a question from `user` now: the heads of their subscribed hamlets
    /// that have heads, else the admins. `None` when nobody is configured.
    fn officers_for(&self, user: &str) -> Result<Option<Recipients>, StoreError> {
        let hamlets: Vec<String> = self
            .store
            .subscriptions_of(user)?
            .into_iter()
            .filter(|h| self.config.hamlet(h).is_some_and(|c| !c.heads.is_empty()))
            .collect();
        let (officers, people): (Officers, Vec<String>) = if hamlets.is_empty() {
            (Officers::Admins, self.config.admins.clone())
        } else {
            let mut heads: Vec<String> = Vec::new();
            for h in &hamlets {
                for head in &self.config.hamlet(h).expect("filtered above").heads {
                    if !heads.contains(head) {
                        heads.push(head.clone());
                    }
                }
            }
            (Officers::Heads(hamlets), heads)
        };
        if people.is_empty() {
            return Ok(None);
        }
        let mut sent_to = Vec::new();
        for p in people {
            let address = self.address_of(&p)?;
            sent_to.push((p, address));
        }
        Ok(Some((officers, sent_to)))
    }

    /// Where to reach `user`: the chat they last wrote from, else their private chat, whose
    /// id is their user id on Telegram and Zalo (an officer may never have written yet).
    fn address_of(&self, user: &str) -> Result<Address, StoreError> {
        if let Some(u) = self.store.user(user)? {
            return Ok(u.address);
        }
        match user.parse::<UserId>() {
            Ok(user) => Ok(user.private_chat()),
            Err(_) => Ok(Address::new("console", user)),
        }
    }

    /// "the head of Bản Đông" / "the commune officers", in `locale`.
    fn officers_phrase(&self, locale: Locale, officers: &Officers) -> String {
        match officers {
            Officers::Heads(hamlets) => self.i18n.t(
                locale,
                "ask-who-heads",
                &[("hamlet", self.hamlet_names(hamlets).into())],
            ),
            Officers::Admins => self.i18n.t(locale, "ask-who-admins", &[]),
        }
    }

    /// Whether `user` may see and answer `q` under the current config.
    fn may_answer(&self, user: &str, q: &Question) -> bool {
        self.config.is_admin(user)
            || match &q.officers {
                Officers::Heads(hamlets) => {
                    let mine = self.config.hamlets_headed_by(user);
                    hamlets.iter().any(|h| mine.contains(&h.as_str()))
                }
                Officers::Admins => false,
            }
    }

    /// Heads and admins answer questions.
    fn is_officer(&self, user: &str) -> bool {
        self.may_broadcast(user)
    }

    /// The scopes of the waiting questions `user` sees: their hamlets; everything for admins.
    fn waiting_for(&self, user: &str) -> Result<Vec<Question>, StoreError> {
        if self.config.is_admin(user) {
            self.store.all_waiting_questions()
        } else {
            self.store
                .waiting_questions(&self.config.hamlets_headed_by(user))
        }
    }

    pub(super) fn ask_officer(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        text: Option<String>,
    ) -> Result<OutMessage, StoreError> {
        let text = match text {
            Some(t) => t.trim().to_string(),
            None => session.misses.join("\n"),
        };
        session.misses.clear();
        if text.is_empty() {
            return Ok(self.with_menu(ctx, self.t(ctx, "ask-how", &[])));
        }
        let waiting = self
            .store
            .questions_of(&ctx.user)?
            .iter()
            .filter(|q| q.answer.is_none())
            .count();
        if waiting >= MAX_WAITING_PER_ASKER {
            return Ok(self.with_menu(
                ctx,
                self.t(ctx, "ask-too-many", &[("count", waiting.into())]),
            ));
        }
        let Some((officers, _)) = self.officers_for(&ctx.user)? else {
            return Ok(self.with_menu(ctx, self.t(ctx, "ask-no-officer", &[])));
        };
        let token = self.store.new_token()?;
        let consent = self.t(
            ctx,
            "ask-consent",
            &[
                ("who", self.officers_phrase(ctx.locale, &officers).into()),
                ("text", (&text).into()),
                ("expect", self.t(ctx, "ask-expect", &[]).into()),
            ],
        );
        session.pending = Some(Pending::Ask {
            text,
            token,
            created_at: ctx.now,
        });
        Ok(OutMessage {
            text: consent,
            buttons: vec![vec![
                self.button(ctx, &Request::AskConfirm { token }),
                self.button(ctx, &Request::Cancel),
            ]],
        })
    }

    pub(super) fn ask_confirm(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        token: u64,
    ) -> Result<OutMessage, StoreError> {
        let fresh = match &session.pending {
            Some(Pending::Ask {
                text,
                token: t,
                created_at,
            }) if *t == token
                && ctx.now - *created_at
                    < chrono::Duration::minutes(self.config.limits.draft_minutes) =>
            {
                Some(text.clone())
            }
            _ => None,
        };
        let Some(text) = fresh else {
            // A second press of the same button: say where the first one went.
            if let Some(q) = self.store.question_by_token(token)?
                && q.asker == ctx.user
            {
                return Ok(self.with_menu(
                    ctx,
                    self.t(ctx, "ask-already-sent", &[("id", q.id.to_string().into())]),
                ));
            }
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[])));
        };
        session.pending = None;
        let Some((officers, sent_to)) = self.officers_for(&ctx.user)? else {
            return Ok(self.with_menu(ctx, self.t(ctx, "ask-no-officer", &[])));
        };
        let (q, new) = self.store.create_question(Question {
            id: 0,
            asker: ctx.user.to_string(),
            asker_name: ctx.name.as_deref().map(|n| format::truncate(n, 64)),
            asker_address: ctx.chat.clone(),
            text,
            officers,
            sent_to,
            asked_at: ctx.now,
            token,
            answer: None,
            reminded_at: None,
        })?;
        if new {
            log::info!(
                "question {} from {} sent to {} officer(s)",
                q.id,
                ctx.user,
                q.sent_to.len()
            );
            let (action, args) = match &q.officers {
                Officers::Heads(hamlets) => (
                    "question_heads",
                    vec![
                        ("id", q.id.to_string()),
                        ("hamlet", self.hamlet_names(hamlets)),
                    ],
                ),
                Officers::Admins => ("question_admins", vec![("id", q.id.to_string())]),
            };
            self.store.audit_args("bot", action, &args)?;
        }
        Ok(self.with_menu(
            ctx,
            self.t(
                ctx,
                "ask-sent",
                &[
                    ("id", q.id.to_string().into()),
                    ("who", self.officers_phrase(ctx.locale, &q.officers).into()),
                    ("expect", self.t(ctx, "ask-expect", &[]).into()),
                ],
            ),
        ))
    }

    /// `/cauhoi`: an officer's waiting questions with a reply button each; anyone else's own
    /// questions and their answers.
    pub(super) fn questions_list(&self, ctx: &Ctx) -> Result<OutMessage, StoreError> {
        if !self.is_officer(&ctx.user) {
            return self.my_questions(ctx);
        }
        let waiting = self.waiting_for(&ctx.user)?;
        if waiting.is_empty() {
            return Ok(self.with_menu(ctx, self.t(ctx, "questions-none", &[])));
        }
        let mut text = self.t(ctx, "questions-title", &[("count", waiting.len().into())]);
        text.push_str(&self.overdue_count(ctx.locale, &waiting, ctx.now));
        let shown = &waiting[..waiting.len().min(QUESTIONS_IN_CHAT)];
        for q in shown {
            text.push_str("\n\n");
            text.push_str(&self.question_line(ctx.locale, q, ctx.now));
        }
        if waiting.len() > shown.len() {
            text.push_str("\n\n");
            text.push_str(&self.t(
                ctx,
                "questions-more",
                &[("count", (waiting.len() - shown.len()).into())],
            ));
        }
        text.push_str("\n\n");
        text.push_str(&self.t(ctx, "questions-answer-how", &[]));
        let reqs: Vec<Request> = shown
            .iter()
            .map(|q| Request::AnswerStart { question: q.id })
            .collect();
        Ok(OutMessage {
            text,
            buttons: self.rows(ctx, &reqs),
        })
    }

    fn my_questions(&self, ctx: &Ctx) -> Result<OutMessage, StoreError> {
        let mine = self.store.questions_of(&ctx.user)?;
        if mine.is_empty() {
            return Ok(self.with_menu(ctx, self.t(ctx, "questions-mine-none", &[])));
        }
        let mut text = self.t(ctx, "questions-mine-title", &[]);
        for q in mine.iter().rev().take(QUESTIONS_IN_CHAT) {
            let status = match &q.answer {
                None => self.t(ctx, "questions-mine-waiting", &[]),
                Some(a) => self.t(
                    ctx,
                    "questions-mine-answered",
                    &[("answer", (&a.text).into())],
                ),
            };
            text.push_str("\n\n");
            text.push_str(&self.t(
                ctx,
                "questions-mine-line",
                &[
                    ("id", q.id.to_string().into()),
                    ("when", self.when(q.asked_at, ctx.locale).into()),
                    ("text", format::truncate(&q.text, QUOTE_CHARS).into()),
                    ("status", status.into()),
                ],
            ));
        }
        Ok(self.with_menu(ctx, text))
    }

    /// "⏰ 2 questions waited more than 3 days" after a list's title, or nothing.
    fn overdue_count(
        &self,
        locale: Locale,
        waiting: &[Question],
        now: chrono::DateTime<chrono::Utc>,
    ) -> String {
        let n = waiting.iter().filter(|q| self.overdue(q, now)).count();
        if n == 0 {
            return String::new();
        }
        format!(
            "\n{}",
            self.i18n.t(
                locale,
                "questions-overdue-count",
                &[
                    ("count", n.into()),
                    ("days", (self.config.questions.overdue_days as usize).into()),
                ],
            )
        )
    }

    /// One waiting question as an officer reads it in a list or the command line; an
    /// overdue one is marked.
    fn question_line(
        &self,
        locale: Locale,
        q: &Question,
        now: chrono::DateTime<chrono::Utc>,
    ) -> String {
        let line = self.question_line_plain(locale, q);
        if !self.overdue(q, now) {
            return line;
        }
        let mark = self.i18n.t(
            locale,
            "questions-overdue-mark",
            &[("days", (self.config.questions.overdue_days as usize).into())],
        );
        format!("{mark} {line}")
    }

    fn question_line_plain(&self, locale: Locale, q: &Question) -> String {
        self.i18n.t(
            locale,
            "questions-line",
            &[
                ("id", q.id.to_string().into()),
                ("when", self.when(q.asked_at, locale).into()),
                ("from", asker_label(q).into()),
                ("who", self.officers_phrase(locale, &q.officers).into()),
                ("text", format::truncate(&q.text, QUOTE_CHARS).into()),
            ],
        )
    }

    fn when(&self, t: chrono::DateTime<chrono::Utc>, locale: Locale) -> String {
        format::date_time(t, self.offset, locale)
    }

    /// The question, if `ctx.user` may answer it and it still waits; else the reason why not.
    fn answerable(&self, ctx: &Ctx, id: u64) -> Result<Result<Question, OutMessage>, StoreError> {
        let Some(q) = self.store.question(id)? else {
            return Ok(Err(self.with_menu(
                ctx,
                self.t(ctx, "answer-missing", &[("id", id.to_string().into())]),
            )));
        };
        if !self.may_answer(&ctx.user, &q) {
            log::info!("answering question {id} refused for {}", ctx.user);
            self.store
                .audit_args(&ctx.user, "answer_refused", &[("id", id.to_string())])?;
            return Ok(Err(
                self.with_menu(ctx, self.t(ctx, "answer-not-allowed", &[]))
            ));
        }
        if let Some(a) = &q.answer {
            return Ok(Err(self.already_answered(ctx, &q, a)));
        }
        Ok(Ok(q))
    }

    fn already_answered(&self, ctx: &Ctx, q: &Question, a: &Answer) -> OutMessage {
        self.with_menu(
            ctx,
            self.t(
                ctx,
                "answer-already",
                &[
                    ("id", q.id.to_string().into()),
                    ("by", (&a.by).into()),
                    ("when", self.when(a.at, ctx.locale).into()),
                    ("answer", format::truncate(&a.text, QUOTE_CHARS).into()),
                ],
            ),
        )
    }

    pub(super) fn answer_start(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        id: u64,
    ) -> Result<OutMessage, StoreError> {
        let q = match self.answerable(ctx, id)? {
            Ok(q) => q,
            Err(refusal) => return Ok(refusal),
        };
        session.pending = Some(Pending::Answer {
            question: id,
            text: None,
            created_at: ctx.now,
        });
        Ok(OutMessage {
            text: self.t(
                ctx,
                "answer-prompt",
                &[
                    ("id", id.to_string().into()),
                    ("from", asker_label(&q).into()),
                    ("text", format::truncate(&q.text, QUOTE_CHARS).into()),
                ],
            ),
            buttons: vec![vec![self.button(ctx, &Request::Cancel)]],
        })
    }

    pub(super) fn answer_draft(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        id: u64,
        text: &str,
    ) -> Result<OutMessage, StoreError> {
        let text = text.trim();
        if text.is_empty() {
            return self.answer_start(ctx, session, id);
        }
        let q = match self.answerable(ctx, id)? {
            Ok(q) => q,
            Err(refusal) => {
                session.pending = None;
                return Ok(refusal);
            }
        };
        let count = text.chars().count();
        let max = self.config.limits.max_broadcast_chars;
        if count > max {
            return Ok(OutMessage::text(self.t(
                ctx,
                "answer-too-long",
                &[("count", count.into()), ("max", max.into())],
            )));
        }
        session.pending = Some(Pending::Answer {
            question: id,
            text: Some(text.to_string()),
            created_at: ctx.now,
        });
        Ok(OutMessage {
            text: self.t(
                ctx,
                "answer-preview",
                &[
                    ("id", id.to_string().into()),
                    ("from", asker_label(&q).into()),
                    ("question", format::truncate(&q.text, QUOTE_CHARS).into()),
                    ("answer", text.into()),
                ],
            ),
            buttons: vec![vec![
                self.button(ctx, &Request::AnswerConfirm { question: id }),
                self.button(ctx, &Request::Cancel),
            ]],
        })
    }

    pub(super) fn answer_confirm(
        &self,
        ctx: &Ctx,
        session: &mut Session,
        id: u64,
    ) -> Result<OutMessage, StoreError> {
        let draft = match &session.pending {
            Some(Pending::Answer {
                question,
                text: Some(text),
                created_at,
            }) if *question == id
                && ctx.now - *created_at
                    < chrono::Duration::minutes(self.config.limits.draft_minutes) =>
            {
                Some(text.clone())
            }
            _ => None,
        };
        let Some(text) = draft else {
            // A second press after the answer went: say so rather than "nothing to confirm".
            if let Some(q) = self.store.question(id)?
                && let Some(a) = &q.answer
                && self.may_answer(&ctx.user, &q)
            {
                return Ok(self.already_answered(ctx, &q, a));
            }
            return Ok(self.with_menu(ctx, self.t(ctx, "nothing-to-confirm", &[])));
        };
        session.pending = None;
        // The role is checked again: the config may have changed since the preview.
        if let Err(refusal) = self.answerable(ctx, id)? {
            return Ok(refusal);
        }
        let answer = Answer {
            by: ctx.user.to_string(),
            text,
            at: ctx.now,
            undelivered: None,
        };
        Ok(match self.store.answer_question(id, answer)? {
            Answering::Sent(q) => {
                log::info!("question {id} answered by {}", ctx.user);
                self.store
                    .audit_args(&ctx.user, "answer", &[("id", id.to_string())])?;
                self.with_menu(
                    ctx,
                    self.t(
                        ctx,
                        "answer-sent",
                        &[
                            ("id", id.to_string().into()),
                            ("from", asker_label(&q).into()),
                        ],
                    ),
                )
            }
            Answering::AlreadyAnswered(q) => {
                let a = q.answer.clone().expect("answered");
                self.already_answered(ctx, &q, &a)
            }
            Answering::Missing => self.with_menu(
                ctx,
                self.t(ctx, "answer-missing", &[("id", id.to_string().into())]),
            ),
        })
    }

    /// What a question or an answer delivery says to its recipient, in `locale`; `None` when
    /// the question is gone (its asker deleted their data): nothing is sent then.
    pub fn direct_message(
        &self,
        d: &Delivery,
        locale: Locale,
    ) -> Result<Option<OutMessage>, StoreError> {
        let (id, answer, note) = match d.carries() {
            Carries::Question(id) => (id, false, false),
            Carries::Answer(id) => (id, true, false),
            Carries::Reminder(id) => (id, false, true),
            Carries::Undelivered(id) => (id, true, true),
            Carries::Announcement(_) => return Ok(None),
        };
        let Some(q) = self.store.question(id)? else {
            return Ok(None);
        };
        if answer && note {
            let Some(a) = &q.answer else {
                return Ok(None);
            };
            let reason = a.undelivered.clone().unwrap_or(FailReason::Text {
                words: String::new(),
            });
            return Ok(Some(OutMessage::text(
                self.i18n.t(
                    locale,
                    "answer-undelivered",
                    &[
                        ("id", id.to_string().into()),
                        ("from", asker_label(&q).into()),
                        (
                            "reason",
                            self.why_undelivered(locale, &q.asker_address.platform, &reason)
                                .into(),
                        ),
                        ("answer", format::truncate(&a.text, QUOTE_CHARS).into()),
                    ],
                ),
            )));
        }
        if note && q.answer.is_some() {
            // Answered since the reminder was queued: nothing to remind.
            return Ok(None);
        }
        if !answer {
            let mut text = if note {
                let days = (crate::clock::now() - q.asked_at).num_days().max(1) as usize;
                let mut t = self.i18n.t(
                    locale,
                    "question-reminder",
                    &[("id", id.to_string().into()), ("days", days.into())],
                );
                t.push_str("\n\n");
                t
            } else {
                String::new()
            };
            text += &self.i18n.t(
                locale,
                "question-for-officer",
                &[
                    ("id", id.to_string().into()),
                    ("from", asker_label(&q).into()),
                    ("who", self.officers_phrase(locale, &q.officers).into()),
                    ("when", self.when(q.asked_at, locale).into()),
                    ("text", (&q.text).into()),
                ],
            );
            let req = Request::AnswerStart { question: id };
            let button = crate::message::Button {
                label: self
                    .i18n
                    .t(locale, "btn-answer", &[("id", id.to_string().into())]),
                payload: super::payload::encode(&req).expect("a button"),
                number: None,
            };
            return Ok(Some(OutMessage {
                text,
                buttons: vec![vec![button]],
            }));
        }
        let Some(a) = &q.answer else {
            return Ok(None);
        };
        let by = match &q.officers {
            Officers::Heads(hamlets)
                if hamlets
                    .iter()
                    .any(|h| self.config.hamlets_headed_by(&a.by).contains(&h.as_str())) =>
            {
                self.officers_phrase(locale, &q.officers)
            }
            _ => self.i18n.t(locale, "ask-who-admins", &[]),
        };
        Ok(Some(OutMessage::text(self.i18n.t(
            locale,
            "answer-for-asker",
            &[
                ("id", id.to_string().into()),
                ("question", format::truncate(&q.text, QUOTE_CHARS).into()),
                ("by", by.into()),
                ("when", self.when(a.at, locale).into()),
                ("answer", (&a.text).into()),
            ],
        ))))
    }

    /// Whether `q` has waited for an answer past `[questions] overdue_days` at `now` (or
    /// its officers were already reminded of it).
    fn overdue(&self, q: &Question, now: chrono::DateTime<chrono::Utc>) -> bool {
        q.answer.is_none()
            && (q.reminded_at.is_some()
                || now - q.asked_at >= chrono::Duration::days(self.config.questions.overdue_days))
    }

    /// Reminds the officers of every question overdue at `now`, once per question (the
    /// reminders go through the outbox). Returns how many questions were reminded. Called
    /// by a periodic task of the running bot.
    pub fn remind_overdue(&self, now: chrono::DateTime<chrono::Utc>) -> Result<usize, StoreError> {
        let cutoff = now - chrono::Duration::days(self.config.questions.overdue_days);
        let reminded = self.store.remind_overdue(cutoff, now)?;
        for q in &reminded {
            log::info!(
                "question {} waits since {}: {} officer(s) reminded",
                q.id,
                q.asked_at,
                q.sent_to.len()
            );
            self.store
                .audit_args("bot", "question_reminded", &[("id", q.id.to_string())])?;
        }
        Ok(reminded.len())
    }

    /// A delivery carrying `what` ended without reaching its recipient for `reason`: when
    /// it was an officer's answer, the officer who gave it is told why (once).
    pub fn answer_not_delivered(
        &self,
        what: Carrying,
        reason: &FailReason,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        let Carrying::Answer(id) = what else {
            return Ok(());
        };
        let Some(q) = self.store.question(id)? else {
            return Ok(());
        };
        let Some(a) = &q.answer else {
            return Ok(());
        };
        let address = self.address_of(&a.by)?;
        if self.store.answer_undelivered(id, reason, &address, now)? {
            log::warn!(
                "question {id}: the answer by {} did not reach {}: {reason}",
                a.by,
                q.asker
            );
        }
        Ok(())
    }

    /// Why a delivery to `platform` failed, in `locale`, as the notices' reports say it.
    fn why_undelivered(&self, locale: Locale, platform: &str, reason: &FailReason) -> String {
        let (key, code, words) = super::notices::reason_key(Some(reason));
        self.i18n.t(
            locale,
            key,
            &[
                ("platform", super::notices::platform_name(platform).into()),
                (
                    "code",
                    code.map_or_else(String::new, |c| c.to_string()).into(),
                ),
                ("words", format::truncate(words.unwrap_or(""), 60).into()),
                (
                    "attempts",
                    (self.config.delivery.max_attempts as usize).into(),
                ),
            ],
        )
    }

    /// A message with buttons reached `to` outside a conversation (a question delivered to
    /// an officer): numbers typed back there now mean these buttons, as after an answer.
    pub fn offered(&self, to: &Address, message: &OutMessage) -> Result<(), StoreError> {
        if message.buttons.is_empty() {
            return Ok(());
        }
        let mut session = self.store.session(to)?;
        session.choices = message
            .choices()
            .into_iter()
            .map(|(n, b)| (n, b.payload.clone()))
            .collect();
        self.store.put_session(to, &session)
    }

    /// Every waiting question as text, for `loaban questions` (in `locale`, no buttons).
    pub fn waiting_questions_text(&self, locale: Locale) -> Result<String, StoreError> {
        let waiting = self.store.all_waiting_questions()?;
        if waiting.is_empty() {
            return Ok(self.i18n.t(locale, "questions-none", &[]));
        }
        let now = crate::clock::now();
        let mut lines = vec![format!(
            "{}{}",
            self.i18n.t(
                locale,
                "questions-title",
                &[("count", waiting.len().into())]
            ),
            self.overdue_count(locale, &waiting, now)
        )];
        for q in &waiting {
            lines.push(self.question_line(locale, q, now));
        }
        Ok(lines.join("\n\n"))
    }
}

/// How an officer sees who asked: the name their messenger gave, and their account.
fn asker_label(q: &Question) -> String {
    match &q.asker_name {
        Some(name) if !name.trim().is_empty() => format!("{} ({})", name.trim(), q.asker),
        _ => q.asker.clone(),
    }
}

/// Where a question went, for the audit log.
#[cfg(test)]
mod tests {
    use super::*;

    fn q(name: Option<&str>) -> Question {
        Question {
            id: 1,
            asker: "telegram:5".into(),
            asker_name: name.map(str::to_string),
            asker_address: Address::new("telegram", "5"),
            text: "x".into(),
            officers: Officers::Admins,
            sent_to: vec![],
            asked_at: chrono::Utc::now(),
            token: 1,
            answer: None,
            reminded_at: None,
        }
    }

    #[test]
    fn askers_are_named_with_their_account() {
        assert_eq!(asker_label(&q(Some("Lò Văn A"))), "Lò Văn A (telegram:5)");
        assert_eq!(asker_label(&q(Some("  "))), "telegram:5");
        assert_eq!(asker_label(&q(None)), "telegram:5");
    }
}
