//! Answers waiting to go out: each reply the core gives is stored here, with how far the
//! channel has read its messenger's updates, before the message it answers is acknowledged;
//! it is removed once sent. A restart sends those still here, in order.
//!
//! Trees: `replies` (reply id, big-endian, so tree order is the order they were given →
//! the reply) holds only replies not sent yet; `replies_failed` (chat key → the last
//! permanent failure to that chat and how many there were) is for the statistics. The
//! messenger's read position ("update cursor") and the counters live in `meta`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use super::compact_chat::decode_reply_parts;
use super::{Result, Store, StoreError, decode, encode, keys};
use crate::message::{Address, OutMessage};
use crate::model::FailReason;

const LAST_REPLY: &[u8] = b"last_reply_id";
const FLOOD_DROPPED: &[u8] = b"count_flood_dropped";
const FLOOD_WARNED: &[u8] = b"count_flood_warned";

type TxResult<T> = std::result::Result<T, ConflictableTransactionError<StoreError>>;

/// One answer to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReply {
    pub to: Address,
    pub message: OutMessage,
    /// The messenger's id of the bot message whose button was pressed, when this reply
    /// replaces it (Telegram edits it in place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A stored reply and its id (its place in the order replies were given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingReply {
    pub id: u64,
    pub reply: StoredReply,
}

/// The last reply to one chat that could not be delivered, and how many could not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedReply {
    pub reason: FailReason,
    pub at: DateTime<Utc>,
    pub count: u64,
}

fn cursor_key(platform: &str) -> Vec<u8> {
    keys::pair("update_cursor", platform)
}

fn read_u64(v: Option<sled::IVec>) -> u64 {
    v.and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
        .unwrap_or(0)
}

impl Store {
    /// Stores `replies` and, when given, `platform`'s update cursor (the last update whose
    /// answers these are). They are durable after the next flush; only then may the updates
    /// be acknowledged and the replies sent.
    ///
    /// Ordered single-key writes rather than a sled transaction (which writes its log buffer
    /// out on its own, several pages for every batch of answers): the ids are reserved
    /// first (a crash after that leaves a gap, never an id used twice), then the replies,
    /// then the cursor. sled recovers a prefix of its log, so a cursor that survived a
    /// crash means the replies before it did too.
    pub fn queue_replies(
        &self,
        platform: &str,
        cursor: Option<i64>,
        replies: &[StoredReply],
    ) -> Result<Vec<PendingReply>> {
        if replies.is_empty() && cursor.is_none() {
            return Ok(Vec::new());
        }
        let _gate = self.writing();
        let n = replies.len() as u64;
        let mut ids = Vec::with_capacity(replies.len());
        if n > 0 {
            let last = read_u64(self.meta.update_and_fetch(LAST_REPLY, |old| {
                Some(
                    (read_u64(old.map(sled::IVec::from)) + n)
                        .to_be_bytes()
                        .to_vec(),
                )
            })?);
            for (id, reply) in (last + 1 - n..=last).zip(replies) {
                // The menu and a shared text first: a reply that survives a crash finds them.
                let menu = self.menu_number(&reply.message.buttons)?;
                let text = self.text_number(&reply.message.text)?;
                self.replies.insert(
                    keys::announcement(id),
                    super::compact_chat::encode_reply(reply, menu, text),
                )?;
                ids.push(id);
            }
        }
        if let Some(c) = cursor {
            self.meta.insert(cursor_key(platform), &c.to_be_bytes())?;
        }
        Ok(ids
            .into_iter()
            .zip(replies.iter().cloned())
            .map(|(id, reply)| PendingReply { id, reply })
            .collect())
    }

    /// The last update of `platform` whose answers are stored (none yet: `None`).
    pub fn update_cursor(&self, platform: &str) -> Result<Option<i64>> {
        Ok(self
            .meta
            .get(cursor_key(platform))?
            .and_then(|v| v.as_ref().try_into().ok().map(i64::from_be_bytes)))
    }

    /// Replies to `platform` not sent yet, oldest first (read once, at start).
    pub fn pending_replies(&self, platform: &str) -> Result<Vec<PendingReply>> {
        let mut out = Vec::new();
        for kv in self.replies.iter() {
            let (k, v) = kv?;
            let parts = decode_reply_parts(&v)?;
            if parts.reply.to.platform == platform
                && let Some(id) = keys::announcement_id(&k)
            {
                let reply = self.with_menu(self.with_text(parts)?)?;
                out.push(PendingReply { id, reply });
            }
        }
        Ok(out)
    }

    /// Whether a reply to `to` is still waiting to be sent. The delivery worker holds an
    /// author's final report back until then, so the report never overtakes the answer that
    /// started the notice ("📤 Đang gửi…"). Reads the replies not sent yet (a handful, unless
    /// a burst is being answered), once per report that is due, never per delivery.
    pub fn replies_waiting_to(&self, to: &Address) -> Result<bool> {
        for kv in self.replies.iter() {
            let (_, v) = kv?;
            if decode_reply_parts(&v)?.reply.to == *to {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// How many replies wait to be sent, all platforms (operators' status; reads the tree).
    pub fn pending_reply_count(&self) -> usize {
        self.replies.len()
    }

    /// The reply went out: it is not sent again.
    pub fn reply_sent(&self, id: u64) -> Result<()> {
        let _gate = self.writing();
        if let Some(v) = self.replies.remove(keys::announcement(id))? {
            self.text_released(decode_reply_parts(&v)?.text)?;
        }
        Ok(())
    }

    /// The reply cannot be delivered (the person blocked the bot, the messenger's window
    /// closed, it kept failing): it is dropped, and the reason kept for the statistics.
    pub fn reply_failed(&self, id: u64, reason: FailReason, now: DateTime<Utc>) -> Result<()> {
        let _gate = self.writing();
        let key = keys::announcement(id);
        let Some(v) = self.replies.get(key)? else {
            return Ok(());
        };
        let parts = decode_reply_parts(&v)?;
        let chat = parts.reply.to.key();
        let count = match self.replies_failed.get(chat.as_bytes())? {
            Some(v) => decode::<FailedReply>("replies_failed", &v)?.count,
            None => 0,
        };
        let failed = encode(&FailedReply {
            reason,
            at: now,
            count: count + 1,
        });
        (&self.replies, &self.replies_failed).transaction(|(tree, failures)| {
            tree.remove(&key)?;
            failures.insert(chat.as_bytes(), failed.as_slice())?;
            TxResult::Ok(())
        })?;
        self.text_released(parts.text)?;
        Ok(())
    }

    /// Replies that could not be delivered: (chat, last failure), for the statistics.
    pub fn failed_replies(&self) -> Result<Vec<(String, FailedReply)>> {
        let mut out = Vec::new();
        for kv in self.replies_failed.iter() {
            let (k, v) = kv?;
            out.push((
                String::from_utf8_lossy(&k).into_owned(),
                decode::<FailedReply>("replies_failed", &v)?,
            ));
        }
        Ok(out)
    }

    /// One message was dropped by the per-person limit (`warned`: the one that got "slow
    /// down" instead of an answer).
    pub fn count_flood(&self, warned: bool) -> Result<()> {
        let _gate = self.writing();
        let key = if warned { FLOOD_WARNED } else { FLOOD_DROPPED };
        self.meta.update_and_fetch(key, |old| {
            Some(
                (read_u64(old.map(sled::IVec::from)) + 1)
                    .to_be_bytes()
                    .to_vec(),
            )
        })?;
        Ok(())
    }

    /// (people told to slow down, messages dropped) since the store was created.
    pub fn flood_counts(&self) -> Result<(u64, u64)> {
        Ok((
            read_u64(self.meta.get(FLOOD_WARNED)?),
            read_u64(self.meta.get(FLOOD_DROPPED)?),
        ))
    }

    /// Forget-me: the failures recorded for the person's chat.
    pub(super) fn forget_reply_failures(&self, chat: &str) -> Result<()> {
        let _gate = self.writing();
        self.replies_failed.remove(chat.as_bytes())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(chat: &str, text: &str) -> StoredReply {
        StoredReply {
            to: Address::new("telegram", chat),
            message: OutMessage::text(text),
            replaces: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn replies_keep_their_order_and_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path(), 8, 1000).unwrap();
            let a = store
                .queue_replies("telegram", Some(41), &[reply("1", "a"), reply("2", "b")])
                .unwrap();
            store
                .queue_replies("telegram", Some(42), &[reply("1", "c")])
                .unwrap();
            store
                .queue_replies(
                    "zalo",
                    None,
                    &[StoredReply {
                        to: Address::new("zalo", "9"),
                        ..reply("9", "z")
                    }],
                )
                .unwrap();
            store.reply_sent(a[1].id).unwrap();
            store.flush().unwrap();
        }
        let store = crate::store::reopen_for_test(dir.path(), 8, 1000);
        let texts: Vec<String> = store
            .pending_replies("telegram")
            .unwrap()
            .into_iter()
            .map(|p| p.reply.message.text)
            .collect();
        assert_eq!(texts, ["a", "c"]);
        assert_eq!(store.update_cursor("telegram").unwrap(), Some(42));
        assert_eq!(store.update_cursor("zalo").unwrap(), None);
        assert_eq!(store.pending_replies("zalo").unwrap().len(), 1);
        // Ids keep growing after a reopen, so the order holds across restarts.
        let next = store
            .queue_replies("telegram", None, &[reply("1", "d")])
            .unwrap();
        assert!(next[0].id > 3, "{}", next[0].id);
    }

    #[test]
    fn a_failed_reply_is_dropped_and_counted_by_chat() {
        let store = Store::temporary().unwrap();
        let q = store
            .queue_replies("telegram", None, &[reply("7", "a"), reply("7", "b")])
            .unwrap();
        let gone = FailReason::RecipientGone {
            words: "Forbidden: bot was blocked by the user".into(),
        };
        store
            .reply_failed(q[0].id, gone.clone(), Utc::now())
            .unwrap();
        store
            .reply_failed(q[1].id, gone.clone(), Utc::now())
            .unwrap();
        assert!(store.pending_replies("telegram").unwrap().is_empty());
        let failed = store.failed_replies().unwrap();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].0, "telegram:7");
        assert_eq!(failed[0].1.reason, gone);
        assert_eq!(failed[0].1.count, 2);
        store.forget_reply_failures("telegram:7").unwrap();
        assert!(store.failed_replies().unwrap().is_empty());
    }

    #[test]
    fn flood_counts_add_up() {
        let store = Store::temporary().unwrap();
        store.count_flood(true).unwrap();
        for _ in 0..3 {
            store.count_flood(false).unwrap();
        }
        assert_eq!(store.flood_counts().unwrap(), (1, 3));
    }
}
