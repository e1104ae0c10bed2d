//! The texts of stored replies that repeat, each kept once while replies name it: a burst of
//! newcomers all get the same welcome (about 350 bytes of Vietnamese each), and every stored
//! reply is written and removed again within a second, its leaf rewritten with it.
//!
//! Tree: `reply_texts` (text number, big-endian → the text's bytes). A text is shared the
//! second time it is queued within a while (the first is stored inline, its hash
//! remembered), so a text given once — most answers to questions — costs no second key. A
//! shared text is written before the first reply that names it, so a reply that survives a
//! crash finds its text (sled recovers a prefix of its log). The store counts, in memory,
//! the stored replies naming each shared text; once none does, the text stays for the next
//! reply that needs it, but only the [`IDLE_KEPT`] most recently idle ones do: older idle
//! texts are removed. When the store is opened, texts no stored reply names are removed and
//! the counts are taken from the replies.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::compact::Reader;
use super::compact_chat::{ReplyParts, decode_reply_parts};
use super::{Result, Store, StoreError};

/// Shared texts no stored reply names that are kept for the next reply with the same text.
pub(super) const IDLE_KEPT: usize = 32;

/// Texts shorter than this always stay inline (a reference and a key of their own would
/// save nothing).
const SHARED_FROM: usize = 48;

/// Hashes of inline texts remembered at most; past it the memory is cleared (a text then
/// waits for one more repeat to be shared).
const SEEN_KEPT: usize = 4096;

/// The shared texts, and the texts seen lately.
#[derive(Default)]
pub(super) struct Texts {
    /// Shared text → its number.
    by_text: HashMap<Arc<str>, u64>,
    /// Number → the text and how many stored replies name it.
    by_number: HashMap<u64, (Arc<str>, usize)>,
    /// Shared texts no stored reply names, the longest idle first (at most [`IDLE_KEPT`]).
    idle: VecDeque<u64>,
    /// Hashes of texts lately stored inline.
    seen: HashSet<u64>,
    next: u64,
}

fn key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

fn hash_of(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl Texts {
    /// One stored reply no longer names text `n`: past [`IDLE_KEPT`] idle texts, returns
    /// the number of the one to remove from the tree.
    fn release(&mut self, n: u64) -> Option<u64> {
        let (_, refs) = self.by_number.get_mut(&n)?;
        *refs = refs.saturating_sub(1);
        if *refs > 0 {
            return None;
        }
        self.idle.push_back(n);
        if self.idle.len() <= IDLE_KEPT {
            return None;
        }
        let old = self.idle.pop_front()?;
        if let Some((text, _)) = self.by_number.remove(&old) {
            self.by_text.remove(&text);
        }
        Some(old)
    }
}

impl Store {
    /// The number of the shared text `text` for a reply about to be stored (written now if
    /// it is shared from now on), counted as named by that reply; `None`: store it inline.
    /// Called under the write gate, before the reply is written.
    pub(super) fn text_number(&self, text: &str) -> Result<Option<u64>> {
        if text.len() < SHARED_FROM {
            return Ok(None);
        }
        let mut texts = self.texts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&n) = texts.by_text.get(text) {
            let entry = texts.by_number.get_mut(&n).expect("both maps hold it");
            entry.1 += 1;
            if entry.1 == 1 {
                texts.idle.retain(|&i| i != n);
            }
            return Ok(Some(n));
        }
        let hash = hash_of(text);
        if !texts.seen.remove(&hash) {
            if texts.seen.len() >= SEEN_KEPT {
                texts.seen.clear();
            }
            texts.seen.insert(hash);
            return Ok(None);
        }
        let n = texts.next;
        self.reply_texts.insert(key(n), text.as_bytes())?;
        texts.next += 1;
        let shared: Arc<str> = Arc::from(text);
        texts.by_text.insert(shared.clone(), n);
        texts.by_number.insert(n, (shared, 1));
        Ok(Some(n))
    }

    /// A stored reply naming text `n` (if any) was removed (sent, or dropped).
    pub(super) fn text_released(&self, n: Option<u64>) -> Result<()> {
        let Some(n) = n else { return Ok(()) };
        let mut texts = self.texts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = texts.release(n) {
            self.reply_texts.remove(key(old))?;
        }
        Ok(())
    }

    /// A stored reply's text put back, if it is a shared one.
    pub(super) fn with_text(&self, mut parts: ReplyParts) -> Result<ReplyParts> {
        if let Some(n) = parts.text {
            let Some(bytes) = self.reply_texts.get(key(n))? else {
                return Err(missing_text(n));
            };
            parts.reply.message.text = String::from_utf8(bytes.to_vec())
                .map_err(|_| Reader::new(&[], "reply_texts").bad())?;
        }
        Ok(parts)
    }

    /// At open (and after a restore): removes the texts no stored reply names, counts the
    /// replies naming each other one, and numbers new texts after the highest one kept.
    pub(super) fn collect_texts(&self) -> Result<()> {
        let mut named: HashMap<u64, usize> = HashMap::new();
        for kv in self.replies.iter() {
            let (_, v) = kv?;
            if let Some(n) = decode_reply_parts(&v)?.text {
                *named.entry(n).or_default() += 1;
            }
        }
        let mut texts = self.texts.lock().unwrap_or_else(|e| e.into_inner());
        *texts = Texts::default();
        for kv in self.reply_texts.iter() {
            let (k, v) = kv?;
            let n = k
                .as_ref()
                .try_into()
                .map(u64::from_be_bytes)
                .map_err(|_| Reader::new(&[], "reply_texts").bad())?;
            texts.next = texts.next.max(n + 1);
            match (named.get(&n), std::str::from_utf8(&v)) {
                (Some(&refs), Ok(text)) => {
                    let shared: Arc<str> = Arc::from(text);
                    texts.by_text.insert(shared.clone(), n);
                    texts.by_number.insert(n, (shared, refs));
                }
                // A damaged text stays for the replies naming it to report.
                (Some(_), Err(_)) => {}
                (None, _) => {
                    self.reply_texts.remove(k)?;
                }
            }
        }
        Ok(())
    }

    /// How many shared texts the store keeps (tests and the operators' status).
    #[cfg(test)]
    pub(super) fn shared_texts(&self) -> usize {
        self.reply_texts.len()
    }
}

fn missing_text(n: u64) -> StoreError {
    StoreError::Codec {
        tree: "reply_texts",
        source: serde::de::Error::custom(format!("text {n} of a stored reply is missing")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{Address, OutMessage};
    use crate::store::StoredReply;
    use chrono::Utc;

    const WELCOME: &str = "✅ Đã đăng ký nhận thông báo của Bản Đông.\nKhi nhận thông báo, chọn ✅ Đã nhận để trưởng bản biết bạn đã nhận.";

    fn reply(chat: &str, text: &str) -> StoredReply {
        StoredReply {
            to: Address::new("telegram", chat),
            message: OutMessage::text(text),
            replaces: None,
            created_at: Utc::now(),
        }
    }

    fn texts_of(store: &Store) -> Vec<String> {
        store
            .pending_replies("telegram")
            .unwrap()
            .into_iter()
            .map(|p| p.reply.message.text)
            .collect()
    }

    #[test]
    fn a_repeated_text_is_stored_once_and_comes_back_with_each_reply() {
        let store = Store::temporary().unwrap();
        let replies: Vec<StoredReply> = (0..50).map(|i| reply(&i.to_string(), WELCOME)).collect();
        let queued = store.queue_replies("telegram", None, &replies).unwrap();
        assert_eq!(store.shared_texts(), 1);
        // The first is inline, the other 49 name the shared text: each record is small.
        let sizes: Vec<usize> = store.replies.iter().map(|kv| kv.unwrap().1.len()).collect();
        assert!(sizes[0] > WELCOME.len(), "{sizes:?}");
        assert!(sizes[1..].iter().all(|&s| s < 40), "{sizes:?}");
        assert_eq!(
            store
                .pending_replies("telegram")
                .unwrap()
                .into_iter()
                .map(|p| p.reply)
                .collect::<Vec<_>>(),
            replies
        );
        // A text given once, and short ones, stay inline.
        store
            .queue_replies(
                "telegram",
                None,
                &[
                    reply("x", &WELCOME.replace("Đông", "Nà Lại")),
                    reply("y", "ok"),
                ],
            )
            .unwrap();
        store
            .queue_replies("telegram", None, &[reply("z", "ok")])
            .unwrap();
        assert_eq!(store.shared_texts(), 1);
        // Once sent, the idle text stays for the next newcomer.
        for q in &queued {
            store.reply_sent(q.id).unwrap();
        }
        assert_eq!(store.shared_texts(), 1);
        store
            .queue_replies("telegram", None, &[reply("51", WELCOME)])
            .unwrap();
        assert_eq!(store.shared_texts(), 1);
        assert_eq!(texts_of(&store).last().map(String::as_str), Some(WELCOME));
    }

    #[test]
    fn idle_texts_are_bounded_and_dropped_replies_release_theirs() {
        let store = Store::temporary().unwrap();
        let text = |i: usize| format!("{WELCOME} {i}");
        for i in 0..IDLE_KEPT + 10 {
            let q = store
                .queue_replies(
                    "telegram",
                    None,
                    &[reply("1", &text(i)), reply("2", &text(i))],
                )
                .unwrap();
            store.reply_sent(q[0].id).unwrap();
            let reason = crate::model::FailReason::RecipientGone {
                words: "blocked".into(),
            };
            store.reply_failed(q[1].id, reason, Utc::now()).unwrap();
            assert!(store.shared_texts() <= IDLE_KEPT, "{i}");
        }
        assert_eq!(store.shared_texts(), IDLE_KEPT);
        assert_eq!(store.pending_reply_count(), 0);
        // A text still named is never removed, however many go idle meanwhile; sending the
        // same reply twice releases its text once.
        let kept = store
            .queue_replies(
                "telegram",
                None,
                &[
                    reply("3", WELCOME),
                    reply("3", WELCOME),
                    reply("3", WELCOME),
                ],
            )
            .unwrap();
        store.reply_sent(kept[1].id).unwrap();
        store.reply_sent(kept[1].id).unwrap();
        for i in 100..100 + 2 * IDLE_KEPT {
            let q = store
                .queue_replies(
                    "telegram",
                    None,
                    &[reply("4", &text(i)), reply("4", &text(i))],
                )
                .unwrap();
            store.reply_sent(q[0].id).unwrap();
            store.reply_sent(q[1].id).unwrap();
        }
        assert_eq!(texts_of(&store), [WELCOME, WELCOME]);
        assert!(store.shared_texts() <= IDLE_KEPT + 1);
    }

    #[test]
    fn after_a_reopen_named_texts_read_and_others_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path(), 8, 1000).unwrap();
            let other = format!("{WELCOME} (2)");
            let q = store
                .queue_replies(
                    "telegram",
                    Some(7),
                    &[
                        reply("1", WELCOME),
                        reply("2", WELCOME),
                        reply("3", WELCOME),
                        reply("4", &other),
                        reply("5", &other),
                    ],
                )
                .unwrap();
            store.reply_sent(q[4].id).unwrap();
            store.reply_sent(q[1].id).unwrap();
            assert_eq!(store.shared_texts(), 2);
            store.flush().unwrap();
        }
        let store = crate::store::reopen_for_test(dir.path(), 8, 1000);
        assert_eq!(store.shared_texts(), 1, "the idle text is removed at open");
        assert_eq!(
            texts_of(&store),
            [WELCOME, WELCOME, &format!("{WELCOME} (2)")]
        );
        // The counts are taken again: sending the last reply naming it leaves it idle, and
        // new texts get new numbers.
        let pending = store.pending_replies("telegram").unwrap();
        store.reply_sent(pending[1].id).unwrap();
        let fresh = format!("{WELCOME} (3)");
        store
            .queue_replies("telegram", None, &[reply("6", &fresh), reply("7", &fresh)])
            .unwrap();
        assert_eq!(store.shared_texts(), 2);
        let other = format!("{WELCOME} (2)");
        assert_eq!(texts_of(&store), [WELCOME, &other, &fresh, &fresh]);
    }

    #[test]
    fn a_reply_whose_text_is_missing_is_an_error() {
        let store = Store::temporary().unwrap();
        store
            .queue_replies(
                "telegram",
                None,
                &[reply("1", WELCOME), reply("2", WELCOME)],
            )
            .unwrap();
        store.reply_texts.clear().unwrap();
        assert!(store.pending_replies("telegram").is_err());
    }
}
