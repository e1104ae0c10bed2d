//! The buttons of stored replies, each distinct set kept once: most answers carry the same
//! menu (a subscription's answer: about 300 of its 390 bytes), and every stored reply is
//! written and removed again within a second, its leaf rewritten with it.
//!
//! Tree: `reply_menus` (menu number, big-endian → the rows of buttons, compact). A menu is
//! written before the first reply that names it, so a reply that survives a crash finds its
//! menu (sled recovers a prefix of its log). Menus no stored reply names are removed when
//! the store is opened; until then the numbers of menus already written are remembered, so
//! the same menu is written once per run.

use std::collections::{HashMap, HashSet};

use super::compact::Reader;
use super::compact_chat::{ReplyParts, buttons, decode_reply_parts, put_buttons};
use super::replies::StoredReply;
use super::{Result, Store, StoreError};
use crate::message::Button;

/// Menus remembered at most; past it the memory is cleared (a menu is then written again
/// under a new number, which is only a few hundred bytes).
const REMEMBERED: usize = 1024;

/// The menus written since the store was opened, by their encoding.
#[derive(Default)]
pub(super) struct Menus {
    by_bytes: HashMap<Vec<u8>, u64>,
    next: u64,
}

fn key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

impl Store {
    /// The number of the menu `rows` (written now if it is new); `None` for no buttons.
    /// Called under the write gate, before the reply that names it is written.
    pub(super) fn menu_number(&self, rows: &[Vec<Button>]) -> Result<Option<u64>> {
        if rows.is_empty() {
            return Ok(None);
        }
        let mut bytes = Vec::with_capacity(256);
        put_buttons(&mut bytes, rows);
        let mut menus = self.menus.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = menus.by_bytes.get(&bytes) {
            return Ok(Some(id));
        }
        let id = menus.next;
        self.reply_menus.insert(key(id), bytes.as_slice())?;
        menus.next += 1;
        if menus.by_bytes.len() >= REMEMBERED {
            menus.by_bytes.clear();
        }
        menus.by_bytes.insert(bytes, id);
        Ok(Some(id))
    }

    /// A stored reply with its buttons, its menu looked up.
    pub(super) fn with_menu(&self, parts: ReplyParts) -> Result<StoredReply> {
        let mut reply = parts.reply;
        if let Some(id) = parts.menu {
            let Some(bytes) = self.reply_menus.get(key(id))? else {
                return Err(missing_menu(id));
            };
            let mut r = Reader::new(&bytes, "reply_menus");
            reply.message.buttons = buttons(&mut r)?;
            if !r.done() {
                return Err(r.bad());
            }
        }
        Ok(reply)
    }

    /// At open (and after a restore): removes the menus no stored reply names, and numbers
    /// new menus after the highest one ever kept.
    pub(super) fn collect_menus(&self) -> Result<()> {
        let mut named = HashSet::new();
        for kv in self.replies.iter() {
            let (_, v) = kv?;
            if let Some(id) = decode_reply_parts(&v)?.menu {
                named.insert(id);
            }
        }
        let mut next = 0;
        let mut menus = self.menus.lock().unwrap_or_else(|e| e.into_inner());
        menus.by_bytes.clear();
        for kv in self.reply_menus.iter() {
            let (k, v) = kv?;
            let id = k
                .as_ref()
                .try_into()
                .map(u64::from_be_bytes)
                .map_err(|_| Reader::new(&[], "reply_menus").bad())?;
            next = next.max(id + 1);
            if named.contains(&id) {
                menus.by_bytes.insert(v.to_vec(), id);
            } else {
                self.reply_menus.remove(k)?;
            }
        }
        menus.next = next;
        Ok(())
    }
}

fn missing_menu(id: u64) -> StoreError {
    StoreError::Codec {
        tree: "reply_menus",
        source: serde::de::Error::custom(format!("menu {id} of a stored reply is missing")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{Address, OutMessage};
    use chrono::Utc;

    fn menu(label: &str) -> Vec<Vec<Button>> {
        vec![vec![
            Button {
                label: label.into(),
                payload: "menu:criteria".into(),
                number: None,
            },
            Button {
                label: "2. Giao thông".into(),
                payload: "crit:giao_thong".into(),
                number: Some(2),
            },
        ]]
    }

    fn reply(chat: &str, buttons: Vec<Vec<Button>>) -> StoredReply {
        StoredReply {
            to: Address::new("telegram", chat),
            message: OutMessage {
                text: format!("hi {chat}"),
                buttons,
            },
            replaces: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn the_same_menu_is_written_once_and_comes_back_with_each_reply() {
        let store = Store::temporary().unwrap();
        let replies = [
            reply("1", menu("📋 Tiêu chí")),
            reply("2", menu("📋 Tiêu chí")),
            reply("3", menu("💰 Vay vốn")),
            reply("4", vec![]),
        ];
        store.queue_replies("telegram", None, &replies).unwrap();
        assert_eq!(store.reply_menus.len(), 2);
        let back: Vec<StoredReply> = store
            .pending_replies("telegram")
            .unwrap()
            .into_iter()
            .map(|p| p.reply)
            .collect();
        assert_eq!(back, replies);
    }

    #[test]
    fn menus_nobody_names_are_removed_at_open_and_numbers_are_not_reused() {
        let dir = tempfile::tempdir().unwrap();
        let kept = reply("2", menu("kept"));
        {
            let store = Store::open(dir.path(), 8, 1000).unwrap();
            let q = store
                .queue_replies("telegram", None, &[reply("1", menu("sent")), kept.clone()])
                .unwrap();
            store.reply_sent(q[0].id).unwrap();
            store.flush().unwrap();
        }
        let store = crate::store::reopen_for_test(dir.path(), 8, 1000);
        assert_eq!(store.reply_menus.len(), 1);
        let again = reply("3", menu("new"));
        store
            .queue_replies("telegram", None, std::slice::from_ref(&again))
            .unwrap();
        let ids: Vec<u64> = store
            .reply_menus
            .iter()
            .keys()
            .map(|k| u64::from_be_bytes(k.unwrap().as_ref().try_into().unwrap()))
            .collect();
        assert_eq!(ids, [1, 2]);
        let back: Vec<StoredReply> = store
            .pending_replies("telegram")
            .unwrap()
            .into_iter()
            .map(|p| p.reply)
            .collect();
        assert_eq!(back, [kept, again]);
    }

    #[test]
    fn a_reply_whose_menu_is_missing_is_an_error() {
        let store = Store::temporary().unwrap();
        store
            .queue_replies("telegram", None, &[reply("1", menu("x"))])
            .unwrap();
        store.reply_menus.clear().unwrap();
        assert!(store.pending_replies("telegram").is_err());
    }
}
