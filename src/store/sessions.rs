//! Conversation state per chat: the last menu offered and what awaits confirmation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Repeat, Result, Scope, Store, compact_chat};
use crate::message::NoticeMedia;
use crate::model::Address;

/// Something the person must confirm or complete with their next press.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Pending {
    /// A broadcast draft; `target` is `None` until the author has chosen where it goes.
    /// (An explicit enum, not `Option<Option<_>>`, which JSON would flatten.)
    Broadcast {
        text: String,
        target: Option<Scope>,
        created_at: DateTime<Utc>,
        /// How many days the notice stays valid (catch-up), if the head chose; else
        /// `[notices] valid_days`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        valid_days: Option<u32>,
        /// Sent at once (routine), urgent (`/khancap`), or at a time typed with the command.
        #[serde(default, skip_serializing_if = "DraftMode::is_now")]
        mode: DraftMode,
        /// The photo or voice note the head sent; `text` is its caption.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        media: Option<NoticeMedia>,
    },
    /// "⏰ Hẹn giờ" was chosen for a draft: `at` is `None` until the head typed a time that
    /// reads, then the time read back waits for confirmation.
    Schedule {
        text: String,
        target: Scope,
        at: Option<DateTime<Utc>>,
        created_at: DateTime<Utc>,
        /// The validity the head chose for the draft, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        valid_days: Option<u32>,
        /// A standing notice: `at` is its first occurrence.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        repeat: Option<Repeat>,
        /// The photo or voice note of the draft, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        media: Option<NoticeMedia>,
    },
    /// "Remind those who have not acknowledged notice `id`?" was asked.
    Remind { id: u64, created_at: DateTime<Utc> },
    /// "Delete all my data?" was asked.
    Forget { created_at: DateTime<Utc> },
    /// "Send this question to the officer (who will see your name)?" was asked; `token` is
    /// on the consent button.
    Ask {
        text: String,
        token: u64,
        created_at: DateTime<Utc>,
    },
    /// An officer is answering question `question`: `text` is `None` until they wrote it,
    /// then the preview waits for Confirm.
    Answer {
        question: u64,
        text: Option<String>,
        created_at: DateTime<Utc>,
    },
    /// A head asked to correct notice `id` with `text`, or (`text` `None`) to withdraw it;
    /// the preview waits for Confirm.
    Revise {
        id: u64,
        text: Option<String>,
        created_at: DateTime<Utc>,
    },
}

impl Pending {
    /// The photo or voice note of a notice draft, if it carries one.
    pub fn media(&self) -> Option<&NoticeMedia> {
        match self {
            Pending::Broadcast { media, .. } | Pending::Schedule { media, .. } => media.as_ref(),
            _ => None,
        }
    }
}

/// How a draft notice is meant to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DraftMode {
    #[default]
    Now,
    /// 🚨 At once, day or night, ahead of routine notices.
    Urgent,
    /// At this time (typed with `/hengio`), once the target is chosen.
    At(DateTime<Utc>),
    /// Standing, at these times (typed with `/hengio`), once the target is chosen.
    Every(Repeat),
}

impl DraftMode {
    pub fn is_now(&self) -> bool {
        *self == DraftMode::Now
    }
}

/// State of one chat.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Session {
    /// The buttons last shown as (number typed to choose it, payload), so "1", "2" typed
    /// back can be understood.
    #[serde(default)]
    pub choices: Vec<(u32, String)>,
    #[serde(default)]
    pub pending: Option<Pending>,
    /// The texts of the last messages in a row that were not understood (at most
    /// [`MISSES_KEPT`]), offered to be sent to an officer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misses: Vec<String>,
}

/// How many not-understood messages in a row a session remembers.
pub const MISSES_KEPT: usize = 2;

impl Store {
    /// The chat's session: a person's own chat keeps it in their user record (schema 8, see
    /// `person.rs`), other chats in `sessions`, which is also read when the record has none
    /// (buttons offered to an officer before they first wrote).
    pub fn session(&self, chat: &Address) -> Result<Session> {
        let key = chat.key();
        if let Some(bytes) = self.person(&key)?.session {
            return compact_chat::decode_session(&bytes);
        }
        Ok(self
            .sessions
            .get(key.as_bytes())?
            .map(|v| compact_chat::decode_session(&v))
            .transpose()?
            .unwrap_or_default())
    }

    /// Keeps the chat's session: in the user record whose key is the chat's (a person's own
    /// chat; no record is made for it), else in `sessions`. The record is written before a
    /// session left in `sessions` is removed, so a crash between them leaves the newer one
    /// read first.
    pub fn put_session(&self, chat: &Address, session: &Session) -> Result<()> {
        let _gate = self.writing();
        let key = chat.key();
        let encoded =
            (*session != Session::default()).then(|| compact_chat::encode_session(session));
        let (_, in_record) = self.change_person_gated(
            &key,
            |p| {
                if *p == Default::default() {
                    return None;
                }
                let changed = p.session != encoded;
                p.session = encoded.clone();
                Some(changed)
            },
            |in_record| *in_record == Some(true),
        )?;
        match (in_record, encoded) {
            (Some(_), _) => {
                if self.sessions.contains_key(key.as_bytes())? {
                    self.sessions.remove(key.as_bytes())?;
                }
            }
            (None, None) => {
                self.sessions.remove(key.as_bytes())?;
            }
            (None, Some(bytes)) => {
                self.sessions.insert(key.as_bytes(), bytes)?;
            }
        }
        Ok(())
    }
}
