//! What a messenger said about a notice it accepted: the id it gave the message (to edit it
//! in place later, and to match its receipts), and whether it reported the message received
//! on the phone or seen. Receipts are counted apart in a head's report, never as "Đã nhận".
//!
//! Since schema 10 both live in records that a delivery writes anyway, so a sent notice adds
//! no key: the id and the receipt in the delivery record (`compact.rs`, under the delivery
//! key in `outbox`), and the id → notice link in the recipient's user record (`person.rs`,
//! the newest 16), so a receipt finds its delivery with two reads. Schema 9 kept them in two
//! trees of their own, emptied by the 9 → 10 migration:
//! - `sent_msgs`: delivery key (announcement, recipient) → one byte of receipt (0 none,
//!   1 received, 2 seen), its time (ms, 8 bytes), then the messenger's message id;
//! - `sent_msg_index`: (recipient, message id) → announcement id (8 bytes).

use chrono::{DateTime, Utc};

use super::compact::{self as codec, SentMessage};
use super::outbox::DeliveryStatus;
use super::{Result, Store, keys};
use crate::model::Receipt;

/// Message ids longer than this are not kept (Zalo's are ~20–40 characters, Telegram's a
/// number): a bigger one would be a messenger's mistake, not worth the bytes.
const MAX_ID: usize = 128;

/// Reads schema 9's `sent_msgs` value: the receipt and the message id.
fn decode_schema_9(v: &[u8]) -> Option<SentMessage> {
    let code = *v.first()?;
    let at = keys::time_of(v.get(1..9)?)?;
    let id = std::str::from_utf8(v.get(9..)?).ok()?;
    let receipt = match code {
        1 => Some((Receipt::Received, at)),
        2 => Some((Receipt::Seen, at)),
        _ => None,
    };
    Some(SentMessage {
        id: id.to_string(),
        receipt,
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
    /// The messenger accepted notice `ann` (an announcement: a notice, a reminder of
    /// `notice`, a correction) for `user` at `now`, and gave it `message_id`: the delivery is
    /// done. Writes two records that exist already, in this order: the recipient's user
    /// record (`notice` may be acknowledged from now on, and the id finds `ann` when a
    /// receipt comes) and the delivery record (sent, with the id), then takes the delivery's
    /// entry out of the queue. A crash between them leaves an open notice whose delivery is
    /// sent again, never a sent one that cannot be acknowledged. Someone with no user record
    /// (forgotten while the notice went) gets neither entry.
    pub fn delivered(
        &self,
        ann: u64,
        notice: u64,
        user: &str,
        message_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let message_id = message_id.filter(|m| !m.is_empty() && m.len() <= MAX_ID);
        let _gate = self.writing();
        let open = !self.acks.contains_key(keys::delivery(notice, user))?;
        self.change_person_gated(
            user,
            |p| {
                if *p == Default::default() {
                    return false;
                }
                let opened = open && super::person::add_open(p, notice, now);
                let kept = message_id.is_some_and(|m| super::person::add_sent(p, ann, m));
                opened || kept
            },
            |c| *c,
        )?;
        let sent = message_id.map(|id| SentMessage {
            id: id.to_string(),
            receipt: None,
        });
        self.finish_delivery_gated(ann, user, DeliveryStatus::Sent, None, sent, now)
    }

    /// The id the messenger gave notice `ann` sent to `user`, if it gave one.
    pub fn sent_message(&self, ann: u64, user: &str) -> Result<Option<String>> {
        let k = keys::delivery(ann, user);
        let Some(v) = self.outbox.get(&k)? else {
            return Ok(None);
        };
        Ok(codec::decode_delivery_sent(&k, &v)?.1.map(|s| s.id))
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
            .person(user)?
            .sent
            .iter()
            .find(|(_, id)| id == message_id)
            .map(|(ann, _)| *ann)
        else {
            return Ok(None);
        };
        let _gate = self.writing();
        let k = keys::delivery(ann, user);
        let _outbox = self.outbox_lock();
        let Some(v) = self.outbox.get(&k)? else {
            return Ok(None);
        };
        let (d, Some(mut sent)) = codec::decode_delivery_sent(&k, &v)? else {
            return Ok(None);
        };
        if sent.id != message_id || sent.receipt.is_some_and(|(had, _)| had >= receipt) {
            return Ok(None);
        }
        sent.receipt = Some((receipt, at));
        self.outbox
            .insert(k, codec::encode_delivery_sent(&d, Some(&sent)))?;
        Ok(Some(ann))
    }

    /// The receipts of notice `ann`, per recipient (a read of that notice's records only).
    pub fn receipts_of(&self, ann: u64) -> Result<Vec<(String, Receipt)>> {
        let mut out = Vec::new();
        for kv in self.outbox.scan_prefix(keys::announcement(ann)) {
            let (k, v) = kv?;
            if let (
                d,
                Some(SentMessage {
                    receipt: Some((r, _)),
                    ..
                }),
            ) = codec::decode_delivery_sent(&k, &v)?
            {
                out.push((d.recipient, r));
            }
        }
        Ok(out)
    }

    /// Schema 9 → 10: each `sent_msgs` entry moves into its delivery record, each
    /// `sent_msg_index` entry into the recipient's user record (if they have one), each
    /// written before the old entry is removed, so a migration cut short runs again.
    pub(super) fn migrate_sent_messages(&self) -> Result<()> {
        for kv in self.sent_msgs.iter() {
            let (k, v) = kv?;
            if let (Some(sent), Some(rec)) = (decode_schema_9(&v), self.outbox.get(&k)?) {
                let _outbox = self.outbox_lock();
                let (d, _) = codec::decode_delivery_sent(&k, &rec)?;
                self.outbox
                    .insert(&k, codec::encode_delivery_sent(&d, Some(&sent)))?;
            }
            self.sent_msgs.remove(&k)?;
        }
        for kv in self.sent_msg_index.iter() {
            let (k, v) = kv?;
            let (Some(i), Some(ann)) = (k.iter().position(|&b| b == 0), keys::announcement_id(&v))
            else {
                self.sent_msg_index.remove(&k)?;
                continue;
            };
            let user = String::from_utf8_lossy(&k[..i]).into_owned();
            let id = String::from_utf8_lossy(&k[i + 1..]).into_owned();
            self.change_person(
                &user,
                |p| *p != Default::default() && super::person::add_sent(p, ann, &id),
                |c| *c,
            )?;
            self.sent_msg_index.remove(&k)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Address;
    use crate::store::{Announcement, Recipient};

    fn t(min: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_000_000 + min * 60, 0).unwrap()
    }

    /// A store where `users` wrote once, with notice 1 to them claimed and in flight.
    fn sending(users: &[&str]) -> Store {
        let s = Store::temporary().unwrap();
        let mut to = Vec::new();
        for u in users {
            let (platform, chat) = u.split_once(':').unwrap();
            let at = Address::new(platform, chat);
            s.touch_user(u, &at, t(-1)).unwrap();
            to.push(Recipient {
                user: u.to_string(),
                address: at,
                locale: None,
            });
        }
        let ann = Announcement {
            created_at: t(0),
            ..crate::store::outbox::tests::notice()
        };
        assert_eq!(s.create_announcement(ann, &to).unwrap().id, 1);
        assert_eq!(s.claim_due(100, t(0)).unwrap().len(), users.len());
        s
    }

    #[test]
    fn a_sent_notice_keeps_its_id_without_a_key_of_its_own() {
        let s = sending(&["zalo:1", "zalo:2"]);
        let keys_before = (s.users.len(), s.outbox.len());
        s.delivered(1, 1, "zalo:1", Some("m-abc"), t(1)).unwrap();
        s.delivered(1, 1, "zalo:2", Some("m-def"), t(1)).unwrap();
        assert_eq!((s.users.len(), s.outbox.len()), keys_before);
        assert!(s.sent_msgs.is_empty() && s.sent_msg_index.is_empty());
        assert_eq!(s.queued_count(), 0);
        let d = s.delivery(1, "zalo:1").unwrap().unwrap();
        assert_eq!(d.status, DeliveryStatus::Sent);
        assert_eq!(
            s.sent_message(1, "zalo:1").unwrap().as_deref(),
            Some("m-abc")
        );
        assert_eq!(s.sent_message(2, "zalo:1").unwrap(), None);
        // The notice may be acknowledged, as before.
        assert_eq!(s.person("zalo:1").unwrap().open, [(1, t(1))]);
    }

    #[test]
    fn receipts_find_their_notice_and_only_move_forward() {
        let s = sending(&["zalo:1", "zalo:2"]);
        s.delivered(1, 1, "zalo:1", Some("m-abc"), t(0)).unwrap();
        s.delivered(1, 1, "zalo:2", Some("m-def"), t(0)).unwrap();
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
            Some(1)
        );
        assert_eq!(
            s.note_receipt("zalo:1", "m-abc", Receipt::Received, t(2))
                .unwrap(),
            None
        );
        assert_eq!(
            s.note_receipt("zalo:1", "m-abc", Receipt::Seen, t(3))
                .unwrap(),
            Some(1)
        );
        assert_eq!(
            s.note_receipt("zalo:1", "m-abc", Receipt::Received, t(4))
                .unwrap(),
            None
        );
        s.note_receipt("zalo:2", "m-def", Receipt::Received, t(5))
            .unwrap();
        let mut r = s.receipts_of(1).unwrap();
        r.sort();
        assert_eq!(
            r,
            vec![
                ("zalo:1".to_string(), Receipt::Seen),
                ("zalo:2".to_string(), Receipt::Received)
            ]
        );
        // The id survives receipts (a later edit needs it), and so does the outcome.
        assert_eq!(
            s.sent_message(1, "zalo:1").unwrap().as_deref(),
            Some("m-abc")
        );
        assert_eq!(
            s.delivery(1, "zalo:1").unwrap().unwrap().status,
            DeliveryStatus::Sent
        );
    }

    #[test]
    fn only_the_newest_ids_are_kept_in_the_user_record() {
        let s = sending(&["zalo:1"]);
        s.delivered(1, 1, "zalo:1", Some("m-1"), t(0)).unwrap();
        let kept = super::super::person::SENT_KEPT as u64;
        for ann in 2..=kept + 2 {
            s.change_person(
                "zalo:1",
                |p| super::super::person::add_sent(p, ann, &format!("m-{ann}")),
                |c| *c,
            )
            .unwrap();
        }
        let sent = s.person("zalo:1").unwrap().sent;
        assert_eq!(sent.len(), kept as usize);
        assert_eq!(sent[0], (3, "m-3".to_string()), "the oldest two made room");
        // A receipt for a message no longer kept finds nothing.
        assert_eq!(
            s.note_receipt("zalo:1", "m-1", Receipt::Seen, t(1))
                .unwrap(),
            None
        );
    }

    #[test]
    fn forgetting_removes_ids_and_receipts() {
        let s = sending(&["zalo:1", "zalo:2"]);
        s.delivered(1, 1, "zalo:1", Some("a"), t(0)).unwrap();
        s.delivered(1, 1, "zalo:2", Some("b"), t(0)).unwrap();
        s.forget_user("zalo:1").unwrap();
        assert_eq!(s.sent_message(1, "zalo:1").unwrap(), None);
        assert_eq!(
            s.note_receipt("zalo:1", "a", Receipt::Seen, t(1)).unwrap(),
            None
        );
        assert_eq!(s.sent_message(1, "zalo:2").unwrap().as_deref(), Some("b"));
    }

    #[test]
    fn oversized_or_empty_ids_are_not_kept() {
        let s = sending(&["zalo:1", "zalo:2", "zalo:3"]);
        s.delivered(1, 1, "zalo:1", Some(""), t(0)).unwrap();
        s.delivered(1, 1, "zalo:2", Some(&"x".repeat(200)), t(0))
            .unwrap();
        s.delivered(1, 1, "zalo:3", None, t(0)).unwrap();
        for u in ["zalo:1", "zalo:2", "zalo:3"] {
            assert_eq!(s.sent_message(1, u).unwrap(), None);
            assert!(s.person(u).unwrap().sent.is_empty());
            assert_eq!(
                s.delivery(1, u).unwrap().unwrap().status,
                DeliveryStatus::Sent
            );
        }
    }

    /// Schema 9's two trees move into the delivery and user records, on open and on restore.
    #[test]
    fn a_schema_9_store_s_message_ids_and_receipts_are_migrated() {
        let old = sending(&["zalo:1", "zalo:2"]);
        for u in ["zalo:1", "zalo:2"] {
            old.finish_delivery(1, u, DeliveryStatus::Sent, None, t(0))
                .unwrap();
        }
        // As schema 9 wrote them: zalo:1 "m-abc" seen at t(3), zalo:2 "m-def" no receipt;
        // and an index entry of someone with no record.
        let mut seen = vec![2u8];
        seen.extend_from_slice(&keys::time_value(t(3)));
        seen.extend_from_slice(b"m-abc");
        old.sent_msgs
            .insert(keys::delivery(1, "zalo:1"), seen)
            .unwrap();
        let mut none = vec![0u8];
        none.extend_from_slice(&keys::time_value(DateTime::<Utc>::UNIX_EPOCH));
        none.extend_from_slice(b"m-def");
        old.sent_msgs
            .insert(keys::delivery(1, "zalo:2"), none)
            .unwrap();
        for (u, m) in [
            ("zalo:1", "m-abc"),
            ("zalo:2", "m-def"),
            ("zalo:404", "m-x"),
        ] {
            old.sent_msg_index
                .insert(keys::sent_message(u, m), &keys::announcement(1))
                .unwrap();
        }
        old.meta
            .insert(super::super::SCHEMA_KEY, &9u32.to_be_bytes())
            .unwrap();
        let check = |s: &Store| {
            assert_eq!(s.schema_version().unwrap(), super::super::SCHEMA_VERSION);
            assert!(s.sent_msgs.is_empty() && s.sent_msg_index.is_empty());
            assert_eq!(
                s.sent_message(1, "zalo:1").unwrap().as_deref(),
                Some("m-abc")
            );
            assert_eq!(
                s.receipts_of(1).unwrap(),
                [("zalo:1".into(), Receipt::Seen)]
            );
            assert_eq!(s.users.get("zalo:404").unwrap(), None);
            // The receipt still finds its notice, and moves forward only.
            assert_eq!(
                s.note_receipt("zalo:2", "m-def", Receipt::Received, t(4))
                    .unwrap(),
                Some(1)
            );
            assert_eq!(
                s.note_receipt("zalo:1", "m-abc", Receipt::Received, t(4))
                    .unwrap(),
                None
            );
        };
        // Restored from a backup of it.
        let mut backup = Vec::new();
        old.backup(&mut backup).unwrap();
        let restored = Store::temporary().unwrap();
        restored
            .restore(&mut std::io::Cursor::new(backup), false)
            .unwrap();
        check(&restored);
        // And opened (the migration runs when the store is opened).
        old.migrate().unwrap();
        check(&old);
    }
}
