//! What a messenger said about a notice it accepted: the id it gave the message (to edit it
//! in place later, and to match its receipts), and whether it reported the message received
//! on the phone or seen. Receipts are counted apart in a head's report, never as "Đã nhận".
//!
//! Two trees of their own, apart from the outbox's delivery records:
//! - `sent_msgs`: delivery key (announcement, recipient) → one byte of receipt (0 none,
//!   1 received, 2 seen), its time (ms, 8 bytes), then the messenger's message id;
//! - `sent_msg_index`: (recipient, message id) → announcement id (8 bytes), so a receipt
//!   finds its delivery with one read.

use chrono::{DateTime, Utc};

use super::{Result, Store, keys};
use crate::model::Receipt;

/// Message ids longer than this are not kept (Zalo's are ~20–40 characters, Telegram's a
/// number): a bigger one would be a messenger's mistake, not worth the bytes.
const MAX_ID: usize = 128;

fn receipt_code(r: Option<Receipt>) -> u8 {
    match r {
        None => 0,
        Some(Receipt::Received) => 1,
        Some(Receipt::Seen) => 2,
    }
}

fn receipt_of(code: u8) -> Option<Receipt> {
    match code {
        1 => Some(Receipt::Received),
        2 => Some(Receipt::Seen),
        _ => None,
    }
}

/// A stored `sent_msgs` value.
struct Sent<'a> {
    receipt: Option<(Receipt, DateTime<Utc>)>,
    id: &'a str,
}

fn encode(receipt: Option<(Receipt, DateTime<Utc>)>, id: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(9 + id.len());
    v.push(receipt_code(receipt.map(|(r, _)| r)));
    v.extend_from_slice(&keys::time_value(
        receipt.map_or(DateTime::<Utc>::UNIX_EPOCH, |(_, t)| t),
    ));
    v.extend_from_slice(id.as_bytes());
    v
}

fn decode(v: &[u8]) -> Option<Sent<'_>> {
    let code = *v.first()?;
    let at = keys::time_of(v.get(1..9)?)?;
    let id = std::str::from_utf8(v.get(9..)?).ok()?;
    Some(Sent {
        receipt: receipt_of(code).map(|r| (r, at)),
        id,
    })
}

/// One notice's receipts: how many of its deliveries were reported received (and not
/// seen), and seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Receipts {
    pub received: usize,
    pub seen: usize,
}

impl Store {
    /// The messenger gave `message_id` to notice `ann` sent to `user`. Written before the
    /// delivery's outcome, in the same group commit.
    pub fn note_sent_message(&self, ann: u64, user: &str, message_id: &str) -> Result<()> {
        if message_id.is_empty() || message_id.len() > MAX_ID {
            return Ok(());
        }
        let _gate = self.writing();
        self.sent_msgs
            .insert(keys::delivery(ann, user), encode(None, message_id))?;
        self.sent_msg_index.insert(
            keys::sent_message(user, message_id),
            &keys::announcement(ann),
        )?;
        Ok(())
    }

    /// The id the messenger gave notice `ann` sent to `user`, if it gave one.
    pub fn sent_message(&self, ann: u64, user: &str) -> Result<Option<String>> {
        Ok(self
            .sent_msgs
            .get(keys::delivery(ann, user))?
            .and_then(|v| decode(&v).map(|s| s.id.to_string())))
    }

    /// The messenger reports message `message_id` to `user` received or seen at `at`. Returns
    /// the notice it belongs to when that is one of ours and the receipt is news (seen after
    /// received counts; received after seen, or a repeat, changes nothing).
    pub fn note_receipt(
        &self,
        user: &str,
        message_id: &str,
        receipt: Receipt,
        at: DateTime<Utc>,
    ) -> Result<Option<u64>> {
        let Some(ann) = self
            .sent_msg_index
            .get(keys::sent_message(user, message_id))?
            .and_then(|v| keys::announcement_id(&v))
        else {
            return Ok(None);
        };
        let _gate = self.writing();
        let k = keys::delivery(ann, user);
        let Some(v) = self.sent_msgs.get(&k)? else {
            return Ok(None);
        };
        let Some(sent) = decode(&v) else {
            return Ok(None);
        };
        if sent.receipt.is_some_and(|(had, _)| had >= receipt) {
            return Ok(None);
        }
        self.sent_msgs
            .insert(k, encode(Some((receipt, at)), sent.id))?;
        Ok(Some(ann))
    }

    /// The receipts of notice `ann`, per recipient (a read of that notice's entries only).
    pub fn receipts_of(&self, ann: u64) -> Result<Vec<(String, Receipt)>> {
        let mut out = Vec::new();
        for kv in self.sent_msgs.scan_prefix(keys::announcement(ann)) {
            let (k, v) = kv?;
            if let (
                Some(user),
                Some(Sent {
                    receipt: Some((r, _)),
                    ..
                }),
            ) = (keys::delivery_recipient(&k), decode(&v))
            {
                out.push((user.to_string(), r));
            }
        }
        Ok(out)
    }

    /// "Forget me": the ids and receipts of every notice sent to `user`.
    pub(super) fn forget_sent_messages_of(&self, user: &str) -> Result<()> {
        let _gate = self.writing();
        for k in self
            .sent_msg_index
            .scan_prefix(keys::pair_prefix(user))
            .keys()
        {
            self.sent_msg_index.remove(k?)?;
        }
        // Keyed by notice first: read them all (forgetting is rare).
        for k in self.sent_msgs.iter().keys() {
            let k = k?;
            if keys::delivery_recipient(&k) == Some(user) {
                self.sent_msgs.remove(&k)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(min: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_000_000 + min * 60, 0).unwrap()
    }

    #[test]
    fn receipts_find_their_notice_and_only_move_forward() {
        let s = Store::temporary().unwrap();
        s.note_sent_message(4, "zalo:1", "m-abc").unwrap();
        s.note_sent_message(4, "zalo:2", "m-def").unwrap();
        assert_eq!(
            s.sent_message(4, "zalo:1").unwrap().as_deref(),
            Some("m-abc")
        );
        assert_eq!(s.sent_message(5, "zalo:1").unwrap(), None);
        // Another person's id, an unknown id: nothing.
        assert_eq!(
            s.note_receipt("zalo:2", "m-abc", Receipt::Seen, t(1))
                .unwrap(),
            None
        );
        assert_eq!(
            s.note_receipt("zalo:1", "nope", Receipt::Seen, t(1))
                .unwrap(),
            None
        );
        assert_eq!(
            s.note_receipt("zalo:1", "m-abc", Receipt::Received, t(1))
                .unwrap(),
            Some(4)
        );
        assert_eq!(
            s.note_receipt("zalo:1", "m-abc", Receipt::Received, t(2))
                .unwrap(),
            None
        );
        assert_eq!(
            s.note_receipt("zalo:1", "m-abc", Receipt::Seen, t(3))
                .unwrap(),
            Some(4)
        );
        assert_eq!(
            s.note_receipt("zalo:1", "m-abc", Receipt::Received, t(4))
                .unwrap(),
            None
        );
        s.note_receipt("zalo:2", "m-def", Receipt::Received, t(5))
            .unwrap();
        let mut r = s.receipts_of(4).unwrap();
        r.sort();
        assert_eq!(
            r,
            vec![
                ("zalo:1".to_string(), Receipt::Seen),
                ("zalo:2".to_string(), Receipt::Received)
            ]
        );
        // The id survives receipts (a later edit needs it).
        assert_eq!(
            s.sent_message(4, "zalo:1").unwrap().as_deref(),
            Some("m-abc")
        );
    }

    #[test]
    fn forgetting_removes_ids_and_receipts() {
        let s = Store::temporary().unwrap();
        s.note_sent_message(1, "zalo:1", "a").unwrap();
        s.note_sent_message(1, "zalo:2", "b").unwrap();
        s.forget_sent_messages_of("zalo:1").unwrap();
        assert_eq!(s.sent_message(1, "zalo:1").unwrap(), None);
        assert_eq!(
            s.note_receipt("zalo:1", "a", Receipt::Seen, t(1)).unwrap(),
            None
        );
        assert_eq!(s.sent_message(1, "zalo:2").unwrap().as_deref(), Some("b"));
    }

    #[test]
    fn oversized_or_empty_ids_are_not_kept() {
        let s = Store::temporary().unwrap();
        s.note_sent_message(1, "zalo:1", "").unwrap();
        s.note_sent_message(1, "zalo:2", &"x".repeat(200)).unwrap();
        assert_eq!(s.sent_msgs.len(), 0);
    }
}
