//! Key encoding for every sled tree: the one place that knows how keys are laid out.
//!
//! Ids and user keys never contain NUL (they are validated slugs and `platform:id` strings),
//! so NUL separates the parts of a composite key and prefix scans stay exact.

const SEP: u8 = 0;

/// `a NUL b`.
pub fn pair(a: &str, b: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(a.len() + b.len() + 1);
    k.extend_from_slice(a.as_bytes());
    k.push(SEP);
    k.extend_from_slice(b.as_bytes());
    k
}

/// Prefix matching every `pair(a, _)`.
pub fn pair_prefix(a: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(a.len() + 1);
    k.extend_from_slice(a.as_bytes());
    k.push(SEP);
    k
}

/// The second part of a `pair` key.
pub fn pair_second(key: &[u8]) -> Option<String> {
    let i = key.iter().position(|&b| b == SEP)?;
    String::from_utf8(key[i + 1..].to_vec()).ok()
}

/// Announcement ids are big-endian so that tree order is creation order.
pub fn announcement(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

pub fn announcement_id(key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(key.get(..8)?.try_into().ok()?))
}

/// One chunk of an announcement's not-yet-written recipients: announcement id then chunk
/// number, so chunks are read in order.
pub fn recipient_chunk(ann: u64, chunk: u32) -> Vec<u8> {
    let mut k = Vec::with_capacity(12);
    k.extend_from_slice(&ann.to_be_bytes());
    k.extend_from_slice(&chunk.to_be_bytes());
    k
}

/// A delivery: announcement id then recipient, so one announcement's deliveries are contiguous.
pub fn delivery(ann: u64, recipient: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(8 + recipient.len());
    k.extend_from_slice(&ann.to_be_bytes());
    k.extend_from_slice(recipient.as_bytes());
    k
}

pub fn delivery_recipient(key: &[u8]) -> Option<&str> {
    std::str::from_utf8(key.get(8..)?).ok()
}

/// The admins' scope in the index of waiting questions (hamlet ids are slugs, never "*").
pub const ADMIN_SCOPE: &str = "*";

/// A question in the index of waiting questions or of one asker's questions: the scope (a
/// hamlet id, [`ADMIN_SCOPE`]) or the asker's user key, NUL, then the question id big-endian,
/// so one scope's questions are contiguous and oldest first.
pub fn question_under(owner: &str, id: u64) -> Vec<u8> {
    let mut k = pair_prefix(owner);
    k.extend_from_slice(&id.to_be_bytes());
    k
}

/// The question id at the end of a [`question_under`] key.
pub fn question_under_id(key: &[u8]) -> Option<u64> {
    let tail = key.len().checked_sub(8).map(|i| &key[i..])?;
    Some(u64::from_be_bytes(tail.try_into().ok()?))
}

/// Outbox ids with this bit set carry a question to an officer or an answer back to its
/// asker, one recipient each; announcement ids (1, 2, 3…) never reach it.
const DIRECT: u64 = 1 << 63;

/// With [`DIRECT`]: a note to an officer about a question (a reminder that it waits, or
/// that the answer could not reach its asker). Question ids never reach this bit.
const NOTE: u64 = 1 << 62;

/// What an outbox delivery carries, read from its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carries {
    Announcement(u64),
    /// The question with this id, to one of its officers.
    Question(u64),
    /// The answer to the question with this id, to its asker.
    Answer(u64),
    /// A reminder to one of its officers that the question still waits for an answer.
    Reminder(u64),
    /// A note to the officer who answered that the answer could not reach its asker.
    Undelivered(u64),
}

/// The outbox id of a reminder (`undelivered` false) or of an undelivered-answer note.
pub fn note_message(question: u64, undelivered: bool) -> u64 {
    DIRECT | NOTE | (question << 1) | u64::from(undelivered)
}

/// The outbox id of a question (`answer` false) or of its answer.
pub fn direct_message(question: u64, answer: bool) -> u64 {
    DIRECT | (question << 1) | u64::from(answer)
}

/// What the delivery with outbox id `id` carries.
pub fn carries(id: u64) -> Carries {
    if id & DIRECT == 0 {
        Carries::Announcement(id)
    } else if id & NOTE != 0 {
        let q = (id & !DIRECT & !NOTE) >> 1;
        if id & 1 == 1 {
            Carries::Undelivered(q)
        } else {
            Carries::Reminder(q)
        }
    } else if id & 1 == 1 {
        Carries::Answer((id & !DIRECT) >> 1)
    } else {
        Carries::Question((id & !DIRECT) >> 1)
    }
}

/// A notice delivered to a person and not acknowledged yet: the user key, NUL, then the
/// announcement id big-endian, so one person's open notices are contiguous, oldest first.
pub fn open_notice(user: &str, ann: u64) -> Vec<u8> {
    question_under(user, ann)
}

/// The announcement id at the end of an [`open_notice`] key.
pub fn open_notice_id(key: &[u8]) -> Option<u64> {
    question_under_id(key)
}

/// A time as milliseconds since 1970, as a stored value (8 bytes, big-endian).
pub fn time_value(t: chrono::DateTime<chrono::Utc>) -> [u8; 8] {
    millis(t).to_be_bytes()
}

/// A time stored by [`time_value`].
pub fn time_of(value: &[u8]) -> Option<chrono::DateTime<chrono::Utc>> {
    let ms = u64::from_be_bytes(value.get(..8)?.try_into().ok()?);
    chrono::DateTime::from_timestamp_millis(i64::try_from(ms).ok()?)
}

/// A time as milliseconds since 1970, clamped at 0, for keys that sort by time.
pub fn millis(t: chrono::DateTime<chrono::Utc>) -> u64 {
    t.timestamp_millis().max(0) as u64
}

/// A retry: its due time (big-endian milliseconds) then the delivery key, so the tree's first
/// key is the next retry due.
pub fn retry(due: chrono::DateTime<chrono::Utc>, delivery: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(8 + delivery.len());
    k.extend_from_slice(&millis(due).to_be_bytes());
    k.extend_from_slice(delivery);
    k
}

/// When the retry with this key is due (milliseconds since 1970).
pub fn retry_due(key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(key.get(..8)?.try_into().ok()?))
}

/// The delivery key inside a retry key.
pub fn retry_delivery(key: &[u8]) -> &[u8] {
    key.get(8..).unwrap_or_default()
}

/// A scheduled notice's place in the due index: its due time (big-endian milliseconds)
/// then its id, so the tree's first key is the next one due.
pub fn scheduled_due(due: chrono::DateTime<chrono::Utc>, id: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&millis(due).to_be_bytes());
    k[8..].copy_from_slice(&id.to_be_bytes());
    k
}

/// (due time in milliseconds, scheduled notice id) of a [`scheduled_due`] key.
pub fn scheduled_due_parts(key: &[u8]) -> Option<(u64, u64)> {
    Some((
        u64::from_be_bytes(key.get(..8)?.try_into().ok()?),
        u64::from_be_bytes(key.get(8..16)?.try_into().ok()?),
    ))
}

/// A message id a messenger gave for a notice sent to `user`, in the index that finds the
/// notice again when the messenger reports the message received or seen: the user key, NUL,
/// the messenger's id (ids are only unique per chat on some messengers).
pub fn sent_message(user: &str, message_id: &str) -> Vec<u8> {
    pair(user, message_id)
}

/// Messengers whose user ids are numbers, by code (a code is never reused).
const NUMBERED: [&str; 2] = ["telegram", "zalo"];

/// `id` as a number, when writing it back gives `id` again (digits, no leading zero).
fn canonical_number(id: &str) -> Option<u64> {
    let digits = !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    if !digits || (id.len() > 1 && id.starts_with('0')) {
        return None;
    }
    id.parse().ok()
}

/// A subscriber in the broadcast index (schema 12): the hamlet's number (see
/// `hamlet_numbers.rs`) as a varint, then the user. A user of a numbered messenger
/// (`telegram:123456789`) takes a byte — the messenger's code + 1 in its high half, the
/// number's length in bytes in its low half — then the number big-endian without its
/// leading zero bytes, so one messenger's users sort by number; any other user key takes a
/// 0 byte, then the key. `dong NUL telegram:123456789` was 25 bytes; this is 6, and sled
/// writes an index key with every change of the leaf holding it.
pub fn subscriber(hamlet: u32, user: &str) -> Vec<u8> {
    let mut k = subscriber_prefix(hamlet);
    let numbered = user.split_once(':').and_then(|(platform, id)| {
        let code = NUMBERED.iter().position(|p| *p == platform)?;
        Some((code, canonical_number(id)?))
    });
    match numbered {
        Some((code, n)) => {
            let bytes = n.to_be_bytes();
            let skip = (n.leading_zeros() / 8).min(7) as usize;
            k.push((((code + 1) as u8) << 4) | (8 - skip) as u8);
            k.extend_from_slice(&bytes[skip..]);
        }
        None => {
            k.push(0);
            k.extend_from_slice(user.as_bytes());
        }
    }
    k
}

/// Prefix matching every `subscriber(hamlet, _)` (varints are prefix-free).
pub fn subscriber_prefix(hamlet: u32) -> Vec<u8> {
    let mut k = Vec::with_capacity(12);
    let mut n = hamlet;
    while n >= 0x80 {
        k.push((n as u8) | 0x80);
        n >>= 7;
    }
    k.push(n as u8);
    k
}

/// (hamlet number, user key) of a [`subscriber`] key.
pub fn subscriber_parts(key: &[u8]) -> Option<(u32, String)> {
    let mut hamlet: u32 = 0;
    let mut i = 0;
    loop {
        let b = *key.get(i)?;
        hamlet |= u32::from(b & 0x7f).checked_shl(7 * i as u32)?;
        i += 1;
        if b & 0x80 == 0 {
            break;
        }
        if i >= 5 {
            return None;
        }
    }
    let tag = *key.get(i)?;
    let rest = &key[i + 1..];
    if tag == 0 {
        return Some((hamlet, String::from_utf8(rest.to_vec()).ok()?));
    }
    let platform = NUMBERED.get(usize::from(tag >> 4).checked_sub(1)?)?;
    let len = usize::from(tag & 0x0f);
    if rest.len() != len || !(1..=8).contains(&len) {
        return None;
    }
    let mut bytes = [0u8; 8];
    bytes[8 - len..].copy_from_slice(rest);
    Some((hamlet, format!("{platform}:{}", u64::from_be_bytes(bytes))))
}

/// The user key of a [`subscriber`] key.
pub fn subscriber_user(key: &[u8]) -> Option<String> {
    subscriber_parts(key).map(|(_, user)| user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduled_due_keys_sort_by_time_then_id() {
        let t = |ms| chrono::DateTime::from_timestamp_millis(ms).unwrap();
        let a = scheduled_due(t(1_000), 9);
        let b = scheduled_due(t(2_000), 1);
        let c = scheduled_due(t(2_000), 2);
        assert!(a < b && b < c);
        assert_eq!(scheduled_due_parts(&c), Some((2_000, 2)));
        assert_eq!(scheduled_due_parts(b"short"), None);
    }

    #[test]
    fn pairs_round_trip_and_prefix() {
        let k = pair("telegram:1", "dong");
        assert!(k.starts_with(&pair_prefix("telegram:1")));
        assert!(!pair("telegram:12", "dong").starts_with(&pair_prefix("telegram:1")));
        assert_eq!(pair_second(&k).as_deref(), Some("dong"));
    }

    #[test]
    fn announcement_keys_sort_by_id() {
        assert!(announcement(2) > announcement(1));
        assert!(announcement(256) > announcement(255));
        assert_eq!(announcement_id(&announcement(77)), Some(77));
    }

    #[test]
    fn delivery_keys() {
        let k = delivery(5, "zalo:9");
        assert_eq!(announcement_id(&k), Some(5));
        assert_eq!(delivery_recipient(&k), Some("zalo:9"));
        assert!(delivery(5, "a") < delivery(6, "a"));
    }

    #[test]
    fn question_keys() {
        let k = question_under("dong", 300);
        assert!(k.starts_with(&pair_prefix("dong")));
        assert!(!question_under("dongx", 1).starts_with(&pair_prefix("dong")));
        assert_eq!(question_under_id(&k), Some(300));
        assert!(question_under("dong", 2) < question_under("dong", 256));
        assert_eq!(question_under_id(b"short"), None);
    }

    #[test]
    fn direct_messages_never_look_like_announcements() {
        // Question ids count up from 1: they never reach the note bit (2^61 questions).
        for q in [1, 2, 77, u64::MAX >> 3] {
            let ask = direct_message(q, false);
            let answer = direct_message(q, true);
            assert_ne!(ask, answer);
            assert_eq!(carries(ask), Carries::Question(q));
            assert_eq!(carries(answer), Carries::Answer(q));
            assert_eq!(carries(note_message(q, false)), Carries::Reminder(q));
            assert_eq!(carries(note_message(q, true)), Carries::Undelivered(q));
            assert!(note_message(q, false) != ask && note_message(q, true) != answer);
            assert!(announcement(ask) > announcement(u64::MAX >> 1));
        }
        assert_eq!(carries(5), Carries::Announcement(5));
    }

    #[test]
    fn open_notice_keys_and_times() {
        let k = open_notice("zalo:9", 300);
        assert!(k.starts_with(&pair_prefix("zalo:9")));
        assert!(!open_notice("zalo:99", 1).starts_with(&pair_prefix("zalo:9")));
        assert_eq!(open_notice_id(&k), Some(300));
        assert!(open_notice("zalo:9", 2) < open_notice("zalo:9", 256));
        let t = chrono::DateTime::from_timestamp_millis(1_764_000_000_123).unwrap();
        assert_eq!(time_of(&time_value(t)), Some(t));
        assert_eq!(time_of(b"short"), None);
    }

    #[test]
    fn retry_keys_sort_by_due_time_then_delivery() {
        use chrono::TimeZone;
        let t = |s| chrono::Utc.timestamp_opt(s, 0).unwrap();
        let late_first_ann = retry(t(2_000), &delivery(1, "telegram:1"));
        let early_later_ann = retry(t(1_000), &delivery(9, "telegram:1"));
        assert!(early_later_ann < late_first_ann);
        assert_eq!(retry_due(&early_later_ann), Some(1_000_000));
        assert_eq!(
            retry_delivery(&early_later_ann),
            delivery(9, "telegram:1").as_slice()
        );
    }

    #[test]
    fn subscriber_keys_are_short_round_trip_and_prefix_exactly() {
        let k = subscriber(1, "telegram:123456789");
        assert_eq!(k.len(), 6);
        assert_eq!(subscriber_parts(&k), Some((1, "telegram:123456789".into())));
        for (hamlet, user) in [
            (0, "telegram:0"),
            (5, "zalo:18446744073709551615"),
            (127, "zalo:4823743284328"),
            (128, "telegram:1"),
            (300_000, "telegram:-100123"),
            (7, "telegram:0123"),
            (7, "telegram:18446744073709551616"),
            (7, "viber:42"),
            (7, "telegram:"),
            (7, "nocolon"),
        ] {
            let k = subscriber(hamlet, user);
            assert_eq!(
                subscriber_parts(&k),
                Some((hamlet, user.to_string())),
                "{user}"
            );
            assert!(k.starts_with(&subscriber_prefix(hamlet)));
            for other in [hamlet + 1, hamlet.wrapping_sub(1), hamlet * 128 + 1] {
                if other != hamlet {
                    assert!(
                        !k.starts_with(&subscriber_prefix(other)),
                        "{hamlet} {other}"
                    );
                }
            }
        }
        // One messenger's users by number.
        assert!(subscriber(1, "telegram:99") < subscriber(1, "telegram:100"));
        assert!(subscriber(1, "telegram:255") < subscriber(1, "telegram:256"));
        assert!(subscriber(1, "telegram:9") < subscriber(1, "zalo:1"));
        assert_eq!(subscriber_parts(&[1]), None);
        assert_eq!(subscriber_parts(&[1, 0x13, 1]), None);
        assert_eq!(subscriber_parts(&[1, 0x91, 1]), None);
        assert_eq!(subscriber_parts(&[0x80, 0x80, 0x80, 0x80, 0x80, 0]), None);
    }
}
