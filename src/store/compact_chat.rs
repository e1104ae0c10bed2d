//! Compact binary encodings of the records a conversation writes on every message: a stored
//! reply (written, then removed once sent) and a chat's session.
//!
//! A burst of 20,000 subscriptions writes one of each per person, and sled rewrites the whole
//! leaf that holds them every few changes, so their JSON field names were written many times
//! over. The first byte is a format byte JSON never starts with (`{`), so replies and sessions
//! written as JSON by earlier versions still read. A pending draft inside a session (rare,
//! and of many shapes) stays JSON inside the compact record.
//!
//! A reply's buttons (most answers carry the same menu) are kept once in `reply_menus` (see
//! `reply_menus.rs`); the reply holds the menu's number.

use chrono::{DateTime, Utc};

use super::compact::{Reader, put_address, put_bytes, put_time, put_varint};
use super::replies::StoredReply;
use super::sessions::Session;
use super::{Result, decode};
use crate::message::{Button, OutMessage};

/// First byte of a compact stored reply with its buttons inline (schema 4).
const REPLY_V1: u8 = 4;
/// First byte of a compact stored reply whose buttons are a menu in `reply_menus` (schema 5).
const REPLY_V2: u8 = 6;
/// First byte of a compact session.
const SESSION_V1: u8 = 5;

const HAS_REPLACES: u8 = 1;
const HAS_PENDING: u8 = 2;
const HAS_MENU: u8 = 2;
/// The text is a shared one in `reply_texts`, named by its number (schema 11).
const HAS_SHARED_TEXT: u8 = 4;

/// A time to the nanosecond: milliseconds, then the nanoseconds below them.
fn put_precise_time(out: &mut Vec<u8>, t: DateTime<Utc>) {
    put_time(out, t);
    put_varint(out, u64::from(t.timestamp_subsec_nanos() % 1_000_000));
}

fn precise_time(r: &mut Reader) -> Result<DateTime<Utc>> {
    let t = r.time()?;
    let nanos = u32::try_from(r.varint()?).map_err(|_| r.bad())?;
    if nanos >= 1_000_000 {
        return Err(r.bad());
    }
    t.checked_add_signed(chrono::Duration::nanoseconds(i64::from(nanos)))
        .ok_or_else(|| r.bad())
}

/// Rows of buttons, as stored inline (schema 4) and in `reply_menus`.
pub(super) fn put_buttons(out: &mut Vec<u8>, buttons: &[Vec<Button>]) {
    put_varint(out, buttons.len() as u64);
    for row in buttons {
        put_varint(out, row.len() as u64);
        for b in row {
            put_bytes(out, b.label.as_bytes());
            put_bytes(out, b.payload.as_bytes());
            // 0: no number of its own; n + 1: number n.
            put_varint(out, b.number.map_or(0, |n| u64::from(n) + 1));
        }
    }
}

/// A count read back, bounded by the bytes left (each item takes at least one byte), so a
/// damaged length never makes a huge allocation.
fn count(r: &mut Reader) -> Result<usize> {
    let n = usize::try_from(r.varint()?).map_err(|_| r.bad())?;
    if n > r.remaining() {
        return Err(r.bad());
    }
    Ok(n)
}

/// Reads what [`put_buttons`] wrote.
pub(super) fn buttons(r: &mut Reader) -> Result<Vec<Vec<Button>>> {
    let rows = count(r)?;
    let mut buttons = Vec::with_capacity(rows);
    for _ in 0..rows {
        let n = count(r)?;
        let mut row = Vec::with_capacity(n);
        for _ in 0..n {
            let label = r.string()?;
            let payload = r.string()?;
            let number = match r.varint()? {
                0 => None,
                n => Some(u32::try_from(n - 1).map_err(|_| r.bad())?),
            };
            row.push(Button {
                label,
                payload,
                number,
            });
        }
        buttons.push(row);
    }
    Ok(buttons)
}

/// A reply as stored in `replies`; `menu` is the number its buttons have in `reply_menus`
/// (`None`: no buttons), `text` the number of its text in `reply_texts` (`None`: inline).
pub(super) fn encode_reply(reply: &StoredReply, menu: Option<u64>, text: Option<u64>) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 + reply.message.text.len());
    out.push(REPLY_V2);
    let mut flags = 0;
    if reply.replaces.is_some() {
        flags |= HAS_REPLACES;
    }
    if menu.is_some() {
        flags |= HAS_MENU;
    }
    if text.is_some() {
        flags |= HAS_SHARED_TEXT;
    }
    out.push(flags);
    put_address(&mut out, &reply.to);
    put_precise_time(&mut out, reply.created_at);
    if let Some(id) = &reply.replaces {
        put_bytes(&mut out, id.as_bytes());
    }
    match text {
        Some(n) => put_varint(&mut out, n),
        None => put_bytes(&mut out, reply.message.text.as_bytes()),
    }
    if let Some(menu) = menu {
        put_varint(&mut out, menu);
    }
    out
}

/// A stored reply read up to its buttons: inline ones (schema 4), or a menu's number; and
/// its text, or a shared text's number.
pub(super) struct ReplyParts {
    pub(super) reply: StoredReply,
    pub(super) menu: Option<u64>,
    pub(super) text: Option<u64>,
}

/// Reads a stored reply (compact, or the JSON of earlier versions) without looking its menu
/// or text up: `reply.message.buttons` is empty when `menu` is set, its text when `text` is.
pub(super) fn decode_reply_parts(value: &[u8]) -> Result<ReplyParts> {
    let v2 = match value.first() {
        Some(&REPLY_V2) => true,
        Some(&REPLY_V1) => false,
        _ => {
            return Ok(ReplyParts {
                reply: decode("replies", value)?,
                menu: None,
                text: None,
            });
        }
    };
    let mut r = Reader::new(&value[1..], "replies");
    let flags = r.byte()?;
    let to = r.address()?;
    let created_at = precise_time(&mut r)?;
    let replaces = match flags & HAS_REPLACES != 0 {
        true => Some(r.string()?),
        false => None,
    };
    let (text, shared) = match v2 && flags & HAS_SHARED_TEXT != 0 {
        true => (String::new(), Some(r.varint()?)),
        false => (r.string()?, None),
    };
    let (buttons, menu) = match (v2, flags & HAS_MENU != 0) {
        (false, _) => (buttons(&mut r)?, None),
        (true, true) => (Vec::new(), Some(r.varint()?)),
        (true, false) => (Vec::new(), None),
    };
    if !r.done() {
        return Err(r.bad());
    }
    Ok(ReplyParts {
        reply: StoredReply {
            to,
            message: OutMessage { text, buttons },
            replaces,
            created_at,
        },
        menu,
        text: shared,
    })
}

/// A session as stored in `sessions`.
pub(super) fn encode_session(s: &Session) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.push(SESSION_V1);
    out.push(if s.pending.is_some() { HAS_PENDING } else { 0 });
    put_varint(&mut out, s.choices.len() as u64);
    for (n, payload) in &s.choices {
        put_varint(&mut out, u64::from(*n));
        put_bytes(&mut out, payload.as_bytes());
    }
    put_varint(&mut out, s.misses.len() as u64);
    for m in &s.misses {
        put_bytes(&mut out, m.as_bytes());
    }
    if let Some(p) = &s.pending {
        put_bytes(
            &mut out,
            &serde_json::to_vec(p).expect("drafts always serialize"),
        );
    }
    out
}

/// Reads a session (compact, or the JSON of earlier versions).
pub(super) fn decode_session(value: &[u8]) -> Result<Session> {
    if value.first() != Some(&SESSION_V1) {
        return decode("sessions", value);
    }
    let mut r = Reader::new(&value[1..], "sessions");
    let flags = r.byte()?;
    let n = count(&mut r)?;
    let mut choices = Vec::with_capacity(n);
    for _ in 0..n {
        let number = u32::try_from(r.varint()?).map_err(|_| r.bad())?;
        choices.push((number, r.string()?));
    }
    let n = count(&mut r)?;
    let mut misses = Vec::with_capacity(n);
    for _ in 0..n {
        misses.push(r.string()?);
    }
    let pending = match flags & HAS_PENDING != 0 {
        true => Some(decode("sessions", r.bytes()?)?),
        false => None,
    };
    if !r.done() {
        return Err(r.bad());
    }
    Ok(Session {
        choices,
        pending,
        misses,
    })
}

#[cfg(test)]
mod tests {
    use super::super::sessions::Pending;
    use super::*;
    use crate::model::Address;
    use chrono::TimeZone;

    fn reply() -> StoredReply {
        StoredReply {
            to: Address::new("telegram", "123456789"),
            message: OutMessage {
                text: "✅ Đã đăng ký nhận thông báo của Bản Đông.".into(),
                buttons: vec![
                    vec![
                        Button {
                            label: "📋 Tiêu chí".into(),
                            payload: "menu:criteria".into(),
                            number: None,
                        },
                        Button {
                            label: "2. Giao thông".into(),
                            payload: "crit:giao_thong".into(),
                            number: Some(2),
                        },
                    ],
                    vec![],
                ],
            },
            replaces: None,
            created_at: Utc.timestamp_opt(1_764_000_000, 123_456_789).unwrap(),
        }
    }

    fn session() -> Session {
        Session {
            choices: vec![(1, "menu:criteria".into()), (2, "sub:dong".into())],
            pending: None,
            misses: vec![],
        }
    }

    /// A reply as schema 4 wrote it: compact, its buttons inline.
    fn encode_reply_v1(reply: &StoredReply) -> Vec<u8> {
        let mut out = vec![REPLY_V1, 0];
        put_address(&mut out, &reply.to);
        put_precise_time(&mut out, reply.created_at);
        put_bytes(&mut out, reply.message.text.as_bytes());
        put_buttons(&mut out, &reply.message.buttons);
        out
    }

    fn decode_reply(value: &[u8]) -> Result<(StoredReply, Option<u64>)> {
        decode_reply_parts(value).map(|p| {
            assert_eq!(p.text, None);
            (p.reply, p.menu)
        })
    }

    #[test]
    fn replies_round_trip_smaller_than_json_their_menu_by_number() {
        let mut r = reply();
        let bytes = encode_reply(&r, Some(300), None);
        let json = serde_json::to_vec(&r).unwrap();
        assert!(
            bytes.len() + 100 < json.len(),
            "{} vs {}",
            bytes.len(),
            json.len()
        );
        let (back, menu) = decode_reply(&bytes).unwrap();
        assert_eq!(menu, Some(300));
        assert!(back.message.buttons.is_empty());
        r.message.buttons.clear();
        assert_eq!(back, r);
        r.replaces = Some("4711".into());
        r.created_at = Utc.timestamp_millis_opt(-5).unwrap();
        assert_eq!(
            decode_reply(&encode_reply(&r, None, None)).unwrap(),
            (r.clone(), None)
        );
        // A shared text: its number instead of its bytes.
        let shared = encode_reply(&r, Some(2), Some(70_000));
        assert!(
            shared.len() + 30 < bytes.len(),
            "{} vs {}",
            shared.len(),
            bytes.len()
        );
        let parts = decode_reply_parts(&shared).unwrap();
        assert_eq!((parts.menu, parts.text), (Some(2), Some(70_000)));
        assert!(parts.reply.message.text.is_empty());
        assert_eq!(parts.reply.replaces, r.replaces);
    }

    #[test]
    fn replies_schema_4_wrote_with_their_buttons_still_read() {
        let r = reply();
        assert_eq!(decode_reply(&encode_reply_v1(&r)).unwrap(), (r, None));
    }

    #[test]
    fn sessions_round_trip_smaller_than_json() {
        let mut s = session();
        let bytes = encode_session(&s);
        let json = serde_json::to_vec(&s).unwrap();
        assert!(
            bytes.len() + 15 < json.len(),
            "{} vs {}",
            bytes.len(),
            json.len()
        );
        assert_eq!(decode_session(&bytes).unwrap(), s);
        s.misses = vec!["vay bao nhieu".into(), "".into()];
        s.pending = Some(Pending::Revise {
            id: 9,
            text: Some("Họp lúc 8h".into()),
            created_at: Utc.timestamp_opt(1_764_000_000, 5).unwrap(),
        });
        assert_eq!(decode_session(&encode_session(&s)).unwrap(), s);
    }

    #[test]
    fn json_written_by_earlier_versions_still_reads() {
        let r = reply();
        assert_eq!(
            decode_reply(&serde_json::to_vec(&r).unwrap()).unwrap(),
            (r, None)
        );
        let mut s = session();
        s.pending = Some(Pending::Forget {
            created_at: Utc.timestamp_opt(1_764_000_000, 0).unwrap(),
        });
        assert_eq!(decode_session(&serde_json::to_vec(&s).unwrap()).unwrap(), s);
        // Sessions written before `misses` existed.
        assert_eq!(
            decode_session(br#"{"choices":[[1,"a"]],"pending":null}"#).unwrap(),
            Session {
                choices: vec![(1, "a".into())],
                ..Session::default()
            }
        );
    }

    #[test]
    fn damaged_records_are_errors_not_panics() {
        for bytes in [
            encode_reply(&reply(), Some(1), None),
            encode_reply(&reply(), Some(1), Some(300)),
            encode_reply_v1(&reply()),
        ] {
            for cut in 1..bytes.len() {
                assert!(decode_reply_parts(&bytes[..cut]).is_err(), "cut at {cut}");
            }
        }
        let mut s = session();
        s.misses = vec!["x".into()];
        let bytes = encode_session(&s);
        for cut in 1..bytes.len() {
            assert!(decode_session(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode_session(&[SESSION_V1, 0, 0xff, 0xff, 0xff, 0x0f]).is_err());
    }
}
