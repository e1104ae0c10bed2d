//! Questions a villager sends to an officer, and the officer's answer.
//!
//! A question is stored with who may answer it (the heads of the asker's hamlets, or the
//! admins), indexed while it waits by each officer scope (so a head's list never scans),
//! and by asker (so "forget me" finds them). It reaches the officers, and the answer its
//! asker, as ordinary outbox deliveries with one recipient each (see [`keys::carries`]):
//! the worker sends them through the recipient's own messenger, retries them and resumes
//! them after a restart exactly like a notice.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use super::{Delivery, DeliveryStatus, Result, Store, StoreError, decode, decode_tx, encode, keys};
use crate::message::Address;
use crate::model::FailReason;

/// Who may answer a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Officers {
    /// The heads of these hamlets (the asker's subscriptions when they asked).
    Heads(Vec<String>),
    /// No hamlet known (or none with a head): the admins.
    Admins,
}

impl Officers {
    /// The scopes the question is indexed under while it waits.
    fn scopes(&self) -> Vec<&str> {
        match self {
            Officers::Heads(hamlets) => hamlets.iter().map(String::as_str).collect(),
            Officers::Admins => vec![keys::ADMIN_SCOPE],
        }
    }
}

/// An officer's answer, with who gave it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The officer's user key ("telegram:1001").
    pub by: String,
    pub text: String,
    pub at: DateTime<Utc>,
    /// Why the answer could not reach its asker, once that is known (the officer is told).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undelivered: Option<FailReason>,
}

/// One question to an officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// 1, 2, 3… (officers type it: `/traloi 3 …`).
    pub id: u64,
    /// The asker's user key.
    pub asker: String,
    /// The name the asker's messenger gave, if any (the asker agreed the officer sees it).
    pub asker_name: Option<String>,
    /// Where the answer goes.
    pub asker_address: Address,
    pub text: String,
    pub officers: Officers,
    /// The user keys it was sent to, with where.
    pub sent_to: Vec<(String, Address)>,
    pub asked_at: DateTime<Utc>,
    /// The token of the consent button that created it: pressing it again finds this
    /// question instead of making a second one.
    pub token: u64,
    pub answer: Option<Answer>,
    /// When its officers were reminded that it still waits (once, see
    /// [`Store::remind_overdue`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminded_at: Option<DateTime<Utc>>,
}

/// What answering did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answering {
    /// Recorded, and the answer is queued for the asker.
    Sent(Question),
    /// Someone answered first; nothing changed.
    AlreadyAnswered(Question),
    /// No such question (never was, or its asker deleted their data).
    Missing,
}

type TxResult<T> = std::result::Result<T, ConflictableTransactionError<StoreError>>;

const LAST_QUESTION: &[u8] = b"last_question_id";

/// A delivery record for a question or an answer, ready to queue.
fn direct_delivery(id: u64, recipient: &str, address: &Address, now: DateTime<Utc>) -> Delivery {
    Delivery {
        announcement: id,
        recipient: recipient.to_string(),
        address: address.clone(),
        status: DeliveryStatus::Pending,
        attempts: 0,
        last_error: None,
        not_before: None,
        updated_at: now,
        // The worker reads the recipient's language when it sends.
        locale: None,
    }
}

fn queue_tx(outbox: &TransactionalTree, queue: &TransactionalTree, d: &Delivery) -> TxResult<()> {
    let k = keys::delivery(d.announcement, &d.recipient);
    outbox.insert(k.as_slice(), super::compact::encode_delivery(d))?;
    queue.insert(k, &[])?;
    Ok(())
}

impl Delivery {
    /// What this delivery carries: a notice, a question to an officer, or an answer.
    pub fn carries(&self) -> keys::Carries {
        keys::carries(self.announcement)
    }
}

impl Store {
    /// A fresh token for a consent button (unique in this store).
    pub fn new_token(&self) -> Result<u64> {
        self.next_id()
    }

    /// The question a consent token created, if any.
    pub fn question_by_token(&self, token: u64) -> Result<Option<Question>> {
        match self.question_tokens.get(token.to_be_bytes())? {
            Some(id) => match keys::announcement_id(&id) {
                Some(id) => self.question(id),
                None => Ok(None),
            },
            None => Ok(None),
        }
    }

    /// Stores `q` (its `id` is assigned) and queues one delivery per officer in `q.sent_to`,
    /// in one transaction. A second call with the same `q.token` changes nothing and returns
    /// the first question: `(question, true)` when it was new.
    pub fn create_question(&self, q: Question) -> Result<(Question, bool)> {
        let _gate = self.writing();
        // A claim reads the queue, then the record: it must never see one without the other.
        let _outbox = self.outbox_lock();
        let token = q.token.to_be_bytes();
        let out = (
            &self.questions,
            &self.questions_waiting,
            &self.questions_by_asker,
            &self.question_tokens,
            &self.meta,
            &self.outbox,
            &self.queue,
        )
            .transaction(
                |(questions, waiting, by_asker, tokens, meta, outbox, queue)| {
                    if let Some(id) = tokens.get(token)?
                        && let Some(v) = questions.get(id)?
                    {
                        return Ok((decode_tx::<Question>("questions", &v)?, false));
                    }
                    let last = meta
                        .get(LAST_QUESTION)?
                        .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
                        .unwrap_or(0);
                    let mut q = q.clone();
                    q.id = last + 1;
                    meta.insert(LAST_QUESTION, &q.id.to_be_bytes())?;
                    let id = keys::announcement(q.id);
                    questions.insert(&id, encode(&q))?;
                    tokens.insert(&token, &id)?;
                    by_asker.insert(keys::question_under(&q.asker, q.id), &[])?;
                    for scope in q.officers.scopes() {
                        waiting.insert(keys::question_under(scope, q.id), &[])?;
                    }
                    let message = keys::direct_message(q.id, false);
                    for (officer, address) in &q.sent_to {
                        queue_tx(
                            outbox,
                            queue,
                            &direct_delivery(message, officer, address, q.asked_at),
                        )?;
                    }
                    TxResult::Ok((q, true))
                },
            )?;
        self.queued.notify.notify_one();
        Ok(out)
    }

    pub fn question(&self, id: u64) -> Result<Option<Question>> {
        self.questions
            .get(keys::announcement(id))?
            .map(|v| decode("questions", &v))
            .transpose()
    }

    /// Records `answer` to question `id` and queues it for the asker, in one transaction;
    /// only the first answer counts.
    pub fn answer_question(&self, id: u64, answer: Answer) -> Result<Answering> {
        let _gate = self.writing();
        let _outbox = self.outbox_lock();
        let key = keys::announcement(id);
        let out = (
            &self.questions,
            &self.questions_waiting,
            &self.outbox,
            &self.queue,
        )
            .transaction(|(questions, waiting, outbox, queue)| {
                let Some(v) = questions.get(key)? else {
                    return Ok(Answering::Missing);
                };
                let mut q: Question = decode_tx("questions", &v)?;
                if q.answer.is_some() {
                    return Ok(Answering::AlreadyAnswered(q));
                }
                q.answer = Some(answer.clone());
                questions.insert(&key, encode(&q))?;
                for scope in q.officers.scopes() {
                    waiting.remove(keys::question_under(scope, q.id))?;
                }
                queue_tx(
                    outbox,
                    queue,
                    &direct_delivery(
                        keys::direct_message(q.id, true),
                        &q.asker,
                        &q.asker_address,
                        answer.at,
                    ),
                )?;
                TxResult::Ok(Answering::Sent(q))
            })?;
        self.queued.notify.notify_one();
        Ok(out)
    }

    /// Marks every question still waiting that was asked at or before `cutoff` and whose
    /// officers were not reminded yet, and queues one reminder to each officer it was sent
    /// to — each question once, in one transaction per question. Returns those reminded.
    /// Run from a periodic task (not a hot path): it reads the waiting index.
    pub fn remind_overdue(
        &self,
        cutoff: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Question>> {
        let due: Vec<Question> = self
            .all_waiting_questions()?
            .into_iter()
            .filter(|q| q.asked_at <= cutoff && q.reminded_at.is_none())
            .collect();
        if due.is_empty() {
            return Ok(due);
        }
        let _gate = self.writing();
        let _outbox = self.outbox_lock();
        let mut reminded = Vec::new();
        for q in due {
            let key = keys::announcement(q.id);
            let done = (&self.questions, &self.outbox, &self.queue).transaction(
                |(questions, outbox, queue)| {
                    let Some(v) = questions.get(key)? else {
                        return Ok(None);
                    };
                    let mut q: Question = decode_tx("questions", &v)?;
                    if q.answer.is_some() || q.reminded_at.is_some() {
                        return Ok(None);
                    }
                    q.reminded_at = Some(now);
                    questions.insert(&key, encode(&q))?;
                    let message = keys::note_message(q.id, false);
                    for (officer, address) in &q.sent_to {
                        queue_tx(
                            outbox,
                            queue,
                            &direct_delivery(message, officer, address, now),
                        )?;
                    }
                    TxResult::Ok(Some(q))
                },
            )?;
            reminded.extend(done);
        }
        if !reminded.is_empty() {
            self.queued.notify.notify_one();
        }
        Ok(reminded)
    }

    /// Records that the answer to question `id` could not reach its asker (`reason`) and
    /// queues a note to the officer who answered, at `officer_address` — once: `false` when
    /// it was recorded before, or the question or its answer is gone.
    pub fn answer_undelivered(
        &self,
        id: u64,
        reason: &FailReason,
        officer_address: &Address,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let _gate = self.writing();
        let _outbox = self.outbox_lock();
        let key = keys::announcement(id);
        let queued = (&self.questions, &self.outbox, &self.queue).transaction(
            |(questions, outbox, queue)| {
                let Some(v) = questions.get(key)? else {
                    return Ok(false);
                };
                let mut q: Question = decode_tx("questions", &v)?;
                let Some(a) = q.answer.as_mut() else {
                    return Ok(false);
                };
                if a.undelivered.is_some() {
                    return Ok(false);
                }
                a.undelivered = Some(reason.clone());
                let by = a.by.clone();
                questions.insert(&key, encode(&q))?;
                queue_tx(
                    outbox,
                    queue,
                    &direct_delivery(keys::note_message(id, true), &by, officer_address, now),
                )?;
                TxResult::Ok(true)
            },
        )?;
        if queued {
            self.queued.notify.notify_one();
        }
        Ok(queued)
    }

    /// Questions waiting for an answer in any of `scopes` (hamlet ids, or
    /// [`keys::ADMIN_SCOPE`]), oldest first, each once.
    pub fn waiting_questions(&self, scopes: &[&str]) -> Result<Vec<Question>> {
        let mut ids = std::collections::BTreeSet::new();
        for scope in scopes {
            for k in self
                .questions_waiting
                .scan_prefix(keys::pair_prefix(scope))
                .keys()
            {
                if let Some(id) = keys::question_under_id(&k?) {
                    ids.insert(id);
                }
            }
        }
        self.questions_by_id(ids)
    }

    /// Every question waiting for an answer, oldest first (admins, the command line).
    pub fn all_waiting_questions(&self) -> Result<Vec<Question>> {
        let mut ids = std::collections::BTreeSet::new();
        for k in self.questions_waiting.iter().keys() {
            if let Some(id) = keys::question_under_id(&k?) {
                ids.insert(id);
            }
        }
        self.questions_by_id(ids)
    }

    /// One asker's questions, oldest first.
    pub fn questions_of(&self, asker: &str) -> Result<Vec<Question>> {
        let mut ids = Vec::new();
        for k in self
            .questions_by_asker
            .scan_prefix(keys::pair_prefix(asker))
            .keys()
        {
            if let Some(id) = keys::question_under_id(&k?) {
                ids.push(id);
            }
        }
        self.questions_by_id(ids)
    }

    fn questions_by_id(&self, ids: impl IntoIterator<Item = u64>) -> Result<Vec<Question>> {
        let mut out = Vec::new();
        for id in ids {
            if let Some(q) = self.question(id)? {
                out.push(q);
            }
        }
        Ok(out)
    }

    /// (waiting, answered since `since`), for statistics.
    pub fn question_counts_since(&self, since: DateTime<Utc>) -> Result<(usize, usize)> {
        let waiting = self.all_waiting_questions()?.len();
        let mut answered = 0;
        for v in self.questions.iter().values() {
            let q: Question = decode("questions", &v?)?;
            if q.answer.as_ref().is_some_and(|a| a.at >= since) {
                answered += 1;
            }
        }
        Ok((waiting, answered))
    }

    /// Deletes every question `asker` asked, with its index entries, its token and the
    /// deliveries still carrying it to officers (forget-me). Answers on their way to the
    /// asker are deliveries addressed to them, removed with those.
    pub(super) fn remove_questions_of(&self, asker: &str) -> Result<()> {
        let _gate = self.writing();
        let _outbox = self.outbox_lock();
        for q in self.questions_of(asker)? {
            let message = keys::direct_message(q.id, false);
            (
                &self.questions,
                &self.questions_waiting,
                &self.questions_by_asker,
                &self.question_tokens,
                &self.outbox,
                &self.queue,
                &self.inflight,
            )
                .transaction(
                    |(questions, waiting, by_asker, tokens, outbox, queue, inflight)| {
                        questions.remove(&keys::announcement(q.id))?;
                        for scope in q.officers.scopes() {
                            waiting.remove(keys::question_under(scope, q.id))?;
                        }
                        by_asker.remove(keys::question_under(asker, q.id))?;
                        tokens.remove(&q.token.to_be_bytes())?;
                        // The question to its officers, reminders of it, and the note that
                        // its answer did not arrive.
                        let reminder = keys::note_message(q.id, false);
                        let mut carrying: Vec<Vec<u8>> = Vec::new();
                        for (officer, _) in &q.sent_to {
                            carrying.push(keys::delivery(message, officer));
                            carrying.push(keys::delivery(reminder, officer));
                        }
                        if let Some(a) = &q.answer {
                            carrying.push(keys::delivery(keys::note_message(q.id, true), &a.by));
                        }
                        for k in carrying {
                            outbox.remove(k.as_slice())?;
                            queue.remove(k.as_slice())?;
                            inflight.remove(k)?;
                        }
                        TxResult::Ok(())
                    },
                )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(asker: &str, officers: Officers, token: u64) -> Question {
        Question {
            id: 0,
            asker: asker.into(),
            asker_name: Some("Lò Văn A".into()),
            asker_address: asker
                .parse::<crate::model::UserId>()
                .unwrap()
                .private_chat(),
            text: "Bao giờ có điện?".into(),
            officers,
            sent_to: vec![("telegram:1001".into(), Address::new("telegram", "1001"))],
            asked_at: Utc::now(),
            token,
            answer: None,
            reminded_at: None,
        }
    }

    fn answer(by: &str) -> Answer {
        Answer {
            by: by.into(),
            text: "Tháng sau.".into(),
            at: Utc::now(),
            undelivered: None,
        }
    }

    fn queued_carrying(store: &Store) -> Vec<keys::Carries> {
        let mut out = Vec::new();
        while let Some(d) = store
            .claim_due(1, Utc::now() + chrono::Duration::days(1))
            .unwrap()
            .pop()
        {
            store
                .finish_delivery(
                    d.announcement,
                    &d.recipient,
                    DeliveryStatus::Sent,
                    None,
                    Utc::now(),
                )
                .unwrap();
            out.push(d.carries());
        }
        out
    }

    #[test]
    fn overdue_questions_are_reminded_once_and_answered_ones_never() {
        let store = Store::temporary().unwrap();
        let (q1, _) = store
            .create_question(question(
                "telegram:5",
                Officers::Heads(vec!["dong".into()]),
                11,
            ))
            .unwrap();
        let (q2, _) = store
            .create_question(question(
                "telegram:6",
                Officers::Heads(vec!["dong".into()]),
                12,
            ))
            .unwrap();
        store
            .answer_question(q2.id, answer("telegram:1001"))
            .unwrap();
        queued_carrying(&store);
        let later = Utc::now() + chrono::Duration::days(4);
        // Asked after the cutoff: not yet.
        let none = store
            .remind_overdue(Utc::now() - chrono::Duration::days(3), later)
            .unwrap();
        assert!(none.is_empty());
        let reminded = store.remind_overdue(later, later).unwrap();
        assert_eq!(reminded.iter().map(|q| q.id).collect::<Vec<_>>(), [q1.id]);
        assert_eq!(
            store.question(q1.id).unwrap().unwrap().reminded_at,
            Some(later)
        );
        assert_eq!(queued_carrying(&store), [keys::Carries::Reminder(q1.id)]);
        // Once only.
        assert!(store.remind_overdue(later, later).unwrap().is_empty());
        assert!(queued_carrying(&store).is_empty());
    }

    #[test]
    fn an_undelivered_answer_is_noted_to_its_officer_once() {
        let store = Store::temporary().unwrap();
        let (q, _) = store
            .create_question(question("telegram:5", Officers::Admins, 21))
            .unwrap();
        let officer = Address::new("telegram", "9001");
        let gone = FailReason::RecipientGone {
            words: "blocked".into(),
        };
        // Not answered yet: nothing to note.
        assert!(
            !store
                .answer_undelivered(q.id, &gone, &officer, Utc::now())
                .unwrap()
        );
        store
            .answer_question(q.id, answer("telegram:9001"))
            .unwrap();
        queued_carrying(&store);
        assert!(
            store
                .answer_undelivered(q.id, &gone, &officer, Utc::now())
                .unwrap()
        );
        assert!(
            !store
                .answer_undelivered(q.id, &gone, &officer, Utc::now())
                .unwrap()
        );
        let a = store.question(q.id).unwrap().unwrap().answer.unwrap();
        assert_eq!(a.undelivered, Some(gone));
        assert_eq!(queued_carrying(&store), [keys::Carries::Undelivered(q.id)]);
    }

    #[test]
    fn a_token_creates_one_question_and_one_delivery_per_officer() {
        let s = Store::temporary().unwrap();
        let t = s.new_token().unwrap();
        let (q, new) = s
            .create_question(question(
                "telegram:5",
                Officers::Heads(vec!["dong".into()]),
                t,
            ))
            .unwrap();
        assert!(new);
        assert_eq!(q.id, 1);
        let (again, new) = s
            .create_question(question(
                "telegram:5",
                Officers::Heads(vec!["dong".into()]),
                t,
            ))
            .unwrap();
        assert!(!new);
        assert_eq!(again, q);
        assert_eq!(s.question_by_token(t).unwrap(), Some(q.clone()));
        let claimed = s.claim_due(10, Utc::now()).unwrap();
        assert_eq!(claimed.len(), 1, "{claimed:?}");
        assert_eq!(claimed[0].carries(), keys::Carries::Question(1));
        assert_eq!(claimed[0].recipient, "telegram:1001");
    }

    #[test]
    fn waiting_questions_by_scope_and_the_first_answer_wins() {
        let s = Store::temporary().unwrap();
        let dong = Officers::Heads(vec!["dong".into()]);
        let (q1, _) = s.create_question(question("telegram:5", dong, 1)).unwrap();
        let (q2, _) = s
            .create_question(question("telegram:6", Officers::Admins, 2))
            .unwrap();
        let ids = |v: Vec<Question>| v.into_iter().map(|q| q.id).collect::<Vec<_>>();
        assert_eq!(ids(s.waiting_questions(&["dong"]).unwrap()), [q1.id]);
        assert_eq!(
            ids(s.waiting_questions(&["he"]).unwrap()),
            Vec::<u64>::new()
        );
        assert_eq!(
            ids(s.waiting_questions(&[keys::ADMIN_SCOPE]).unwrap()),
            [q2.id]
        );
        assert_eq!(ids(s.all_waiting_questions().unwrap()), [q1.id, q2.id]);

        let Answering::Sent(done) = s.answer_question(q1.id, answer("telegram:1001")).unwrap()
        else {
            panic!("first answer is sent");
        };
        assert_eq!(done.answer.as_ref().unwrap().by, "telegram:1001");
        assert!(matches!(
            s.answer_question(q1.id, answer("telegram:9001")).unwrap(),
            Answering::AlreadyAnswered(q) if q.answer.as_ref().unwrap().by == "telegram:1001"
        ));
        assert_eq!(
            s.answer_question(99, answer("x")).unwrap(),
            Answering::Missing
        );
        assert_eq!(
            ids(s.waiting_questions(&["dong"]).unwrap()),
            Vec::<u64>::new()
        );
        assert_eq!(
            s.question_counts_since(Utc::now() - chrono::Duration::days(1))
                .unwrap(),
            (1, 1)
        );
        // The answer is queued for the asker.
        let to_asker: Vec<_> = s
            .claim_due(10, Utc::now())
            .unwrap()
            .into_iter()
            .filter(|d| d.carries() == keys::Carries::Answer(q1.id))
            .collect();
        assert_eq!(to_asker.len(), 1);
        assert_eq!(to_asker[0].recipient, "telegram:5");
    }

    #[test]
    fn forgetting_the_asker_removes_questions_and_their_deliveries() {
        let s = Store::temporary().unwrap();
        let (q, _) = s
            .create_question(question(
                "telegram:5",
                Officers::Heads(vec!["dong".into()]),
                7,
            ))
            .unwrap();
        s.create_question(question("telegram:6", Officers::Admins, 8))
            .unwrap();
        s.forget_user("telegram:5").unwrap();
        assert_eq!(s.question(q.id).unwrap(), None);
        assert_eq!(s.question_by_token(7).unwrap(), None);
        assert!(s.waiting_questions(&["dong"]).unwrap().is_empty());
        assert!(s.questions_of("telegram:5").unwrap().is_empty());
        let left: Vec<_> = s
            .claim_due(10, Utc::now())
            .unwrap()
            .into_iter()
            .map(|d| d.carries())
            .collect();
        assert_eq!(left, [keys::Carries::Question(2)]);
    }
}
