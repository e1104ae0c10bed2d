//! Compact binary encodings of the records written most often (schema 3): a delivery, a chunk
//! of recipients, a user; a few dozen bytes each where JSON took 200–300.
//!
//! Every byte written per delivery is written again when sled consolidates the leaf that
//! holds it, so the record size multiplies into the disk wear of a broadcast. Values start
//! with a format byte that JSON never starts with (`{` or `[`), so records written by
//! schema 1 and 2 still read.
//!
//! A delivery's announcement and recipient are in its key, and its address is left out
//! when it is the recipient's own (`telegram:123` → chat 123 on Telegram), which is the
//! usual case.

use chrono::{DateTime, Utc};

use super::outbox::{Delivery, DeliveryStatus, Recipient};
use super::{Result, StoreError, keys};
use crate::model::{Address, FailReason, Locale, Receipt};

/// First byte of a compact delivery record.
const DELIVERY_V1: u8 = 1;
/// First byte of a compact recipient chunk.
const CHUNK_V1: u8 = 2;

const HAS_NOT_BEFORE: u8 = 1;
const HAS_LOCALE: u8 = 2;
const HAS_ADDRESS: u8 = 4;
const HAS_ERROR: u8 = 8;
/// Schema 10: the messenger's id for the message it accepted, and its receipt.
const HAS_SENT: u8 = 16;

fn status_code(s: DeliveryStatus) -> u8 {
    match s {
        DeliveryStatus::Pending => 0,
        DeliveryStatus::InFlight => 1,
        DeliveryStatus::Sent => 2,
        DeliveryStatus::Blocked => 3,
        DeliveryStatus::Failed => 4,
        DeliveryStatus::Cancelled => 5,
    }
}

fn status_of(code: u8) -> Option<DeliveryStatus> {
    Some(match code {
        0 => DeliveryStatus::Pending,
        1 => DeliveryStatus::InFlight,
        2 => DeliveryStatus::Sent,
        3 => DeliveryStatus::Blocked,
        4 => DeliveryStatus::Failed,
        5 => DeliveryStatus::Cancelled,
        _ => return None,
    })
}

pub(super) fn locale_code(l: Locale) -> u8 {
    match l {
        Locale::Vi => 0,
        Locale::En => 1,
    }
}

pub(super) fn locale_of(code: u8) -> Option<Locale> {
    match code {
        0 => Some(Locale::Vi),
        1 => Some(Locale::En),
        _ => None,
    }
}

/// The address a user key implies (`platform:chat`), left out of a record when it is theirs.
pub(super) fn implied_address(user: &str) -> Option<Address> {
    let (platform, chat) = user.split_once(':')?;
    Some(Address::new(platform, chat))
}

pub(super) fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

pub(super) fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

pub(super) fn put_address(out: &mut Vec<u8>, a: &Address) {
    put_bytes(out, a.platform.as_bytes());
    put_bytes(out, a.chat.as_bytes());
}

pub(super) fn put_time(out: &mut Vec<u8>, t: DateTime<Utc>) {
    out.extend_from_slice(&t.timestamp_millis().to_le_bytes());
}

/// Reads what the `put_*` functions wrote.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    tree: &'static str,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8], tree: &'static str) -> Reader<'a> {
        Reader { bytes, tree }
    }

    /// How many bytes are left to read.
    pub(super) fn remaining(&self) -> usize {
        self.bytes.len()
    }

    /// Whether everything was read.
    pub(super) fn done(&self) -> bool {
        self.bytes.is_empty()
    }

    pub(super) fn bad(&self) -> StoreError {
        StoreError::Codec {
            tree: self.tree,
            source: serde::de::Error::custom("truncated or malformed compact record"),
        }
    }

    pub(super) fn byte(&mut self) -> Result<u8> {
        let (&b, rest) = self.bytes.split_first().ok_or_else(|| self.bad())?;
        self.bytes = rest;
        Ok(b)
    }

    pub(super) fn varint(&mut self) -> Result<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(self.bad())
    }

    pub(super) fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = usize::try_from(self.varint()?).map_err(|_| self.bad())?;
        if n > self.bytes.len() {
            return Err(self.bad());
        }
        let (b, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(b)
    }

    pub(super) fn string(&mut self) -> Result<String> {
        let b = self.bytes()?;
        String::from_utf8(b.to_vec()).map_err(|_| self.bad())
    }

    pub(super) fn address(&mut self) -> Result<Address> {
        Ok(Address::new(self.string()?, self.string()?))
    }

    pub(super) fn time(&mut self) -> Result<DateTime<Utc>> {
        if self.bytes.len() < 8 {
            return Err(self.bad());
        }
        let (b, rest) = self.bytes.split_at(8);
        self.bytes = rest;
        let ms = i64::from_le_bytes(b.try_into().expect("8 bytes"));
        DateTime::<Utc>::from_timestamp_millis(ms).ok_or_else(|| self.bad())
    }
}

/// What a messenger said about a delivery it accepted, kept in the delivery record since
/// schema 10 (schema 9 kept it in `sent_msgs`, one more key per delivery): the id it gave
/// the message (to edit it in place, to match receipts), and whether it reported the message
/// received on the phone or seen, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SentMessage {
    pub id: String,
    pub receipt: Option<(Receipt, DateTime<Utc>)>,
}

fn receipt_code(r: Option<Receipt>) -> u8 {
    match r {
        None => 0,
        Some(Receipt::Received) => 1,
        Some(Receipt::Seen) => 2,
    }
}

fn receipt_of(code: u8) -> Option<Option<Receipt>> {
    Some(match code {
        0 => None,
        1 => Some(Receipt::Received),
        2 => Some(Receipt::Seen),
        _ => return None,
    })
}

/// A delivery record as stored under its delivery key (which holds the announcement and the
/// recipient). Times keep millisecond precision.
pub(super) fn encode_delivery(d: &Delivery) -> Vec<u8> {
    encode_delivery_sent(d, None)
}

/// [`encode_delivery`] with what the messenger said about the message it accepted.
pub(super) fn encode_delivery_sent(d: &Delivery, sent: Option<&SentMessage>) -> Vec<u8> {
    let mut out = Vec::with_capacity(24);
    out.push(DELIVERY_V1);
    out.push(status_code(d.status));
    put_varint(&mut out, u64::from(d.attempts));
    put_time(&mut out, d.updated_at);
    let own_address = implied_address(&d.recipient).as_ref() == Some(&d.address);
    let mut flags = 0;
    if d.not_before.is_some() {
        flags |= HAS_NOT_BEFORE;
    }
    if d.locale.is_some() {
        flags |= HAS_LOCALE;
    }
    if !own_address {
        flags |= HAS_ADDRESS;
    }
    if d.last_error.is_some() {
        flags |= HAS_ERROR;
    }
    if sent.is_some() {
        flags |= HAS_SENT;
    }
    out.push(flags);
    if let Some(t) = d.not_before {
        put_time(&mut out, t);
    }
    if let Some(l) = d.locale {
        out.push(locale_code(l));
    }
    if !own_address {
        put_address(&mut out, &d.address);
    }
    if let Some(e) = &d.last_error {
        put_bytes(
            &mut out,
            &serde_json::to_vec(e).expect("reasons always serialize"),
        );
    }
    if let Some(s) = sent {
        put_bytes(&mut out, s.id.as_bytes());
        out.push(receipt_code(s.receipt.map(|(r, _)| r)));
        if let Some((_, at)) = s.receipt {
            put_varint(&mut out, keys::millis(at));
        }
    }
    out
}

/// Reads a delivery record (compact, or the JSON of schema 1 and 2) stored under `key`.
pub(super) fn decode_delivery(key: &[u8], value: &[u8]) -> Result<Delivery> {
    Ok(decode_delivery_sent(key, value)?.0)
}

/// [`decode_delivery`], and what the messenger said about the message, if the record keeps it.
pub(super) fn decode_delivery_sent(
    key: &[u8],
    value: &[u8],
) -> Result<(Delivery, Option<SentMessage>)> {
    if value.first() != Some(&DELIVERY_V1) {
        return Ok((super::decode("outbox", value)?, None));
    }
    let mut r = Reader {
        bytes: &value[1..],
        tree: "outbox",
    };
    let (Some(announcement), Some(recipient)) =
        (keys::announcement_id(key), keys::delivery_recipient(key))
    else {
        return Err(r.bad());
    };
    let status = status_of(r.byte()?).ok_or_else(|| r.bad())?;
    let attempts = u32::try_from(r.varint()?).map_err(|_| r.bad())?;
    let updated_at = r.time()?;
    let flags = r.byte()?;
    let not_before = (flags & HAS_NOT_BEFORE != 0)
        .then(|| r.time())
        .transpose()?;
    let locale = match flags & HAS_LOCALE != 0 {
        true => Some(locale_of(r.byte()?).ok_or_else(|| r.bad())?),
        false => None,
    };
    let address = match flags & HAS_ADDRESS != 0 {
        true => r.address()?,
        false => implied_address(recipient).ok_or_else(|| r.bad())?,
    };
    let last_error = match flags & HAS_ERROR != 0 {
        true => {
            let json = r.bytes()?;
            let mut de = serde_json::Deserializer::from_slice(json);
            Some(
                FailReason::deserialize_stored(&mut de)
                    .map_err(|source| StoreError::Codec {
                        tree: "outbox",
                        source,
                    })?
                    .ok_or_else(|| r.bad())?,
            )
        }
        false => None,
    };
    let sent = match flags & HAS_SENT != 0 {
        true => {
            let id = r.string()?;
            let receipt = receipt_of(r.byte()?).ok_or_else(|| r.bad())?;
            let receipt = match receipt {
                Some(kind) => {
                    let ms = i64::try_from(r.varint()?).map_err(|_| r.bad())?;
                    let at = DateTime::from_timestamp_millis(ms).ok_or_else(|| r.bad())?;
                    Some((kind, at))
                }
                None => None,
            };
            Some(SentMessage { id, receipt })
        }
        false => None,
    };
    let d = Delivery {
        announcement,
        recipient: recipient.to_string(),
        address,
        status,
        attempts,
        last_error,
        not_before,
        updated_at,
        locale,
    };
    Ok((d, sent))
}

/// Appends one recipient to a chunk being built (see [`encode_chunk`]).
fn put_recipient(out: &mut Vec<u8>, r: &Recipient) {
    put_bytes(out, r.user.as_bytes());
    let own_address = implied_address(&r.user).as_ref() == Some(&r.address);
    let mut flags = 0;
    if r.locale.is_some() {
        flags |= HAS_LOCALE;
    }
    if !own_address {
        flags |= HAS_ADDRESS;
    }
    out.push(flags);
    if let Some(l) = r.locale {
        out.push(locale_code(l));
    }
    if !own_address {
        put_address(out, &r.address);
    }
}

/// A chunk of recipients as stored in `outbox_recipients`.
pub(super) fn encode_chunk(recipients: &[Recipient]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + recipients.len() * 20);
    out.push(CHUNK_V1);
    for r in recipients {
        put_recipient(&mut out, r);
    }
    out
}

/// Reads a chunk of recipients (compact, or the JSON of schema 1 and 2).
pub(super) fn decode_chunk(value: &[u8]) -> Result<Vec<Recipient>> {
    if value.first() != Some(&CHUNK_V1) {
        return super::decode("recipients", value);
    }
    let mut r = Reader {
        bytes: &value[1..],
        tree: "recipients",
    };
    let mut out = Vec::new();
    while !r.bytes.is_empty() {
        let user = r.string()?;
        let flags = r.byte()?;
        let locale = match flags & HAS_LOCALE != 0 {
            true => Some(locale_of(r.byte()?).ok_or_else(|| r.bad())?),
            false => None,
        };
        let address = match flags & HAS_ADDRESS != 0 {
            true => r.address()?,
            false => implied_address(&user).ok_or_else(|| r.bad())?,
        };
        out.push(Recipient {
            user,
            address,
            locale,
        });
    }
    Ok(out)
}

/// First byte of a compact user record.
const USER_V1: u8 = 3;
const ACTIVE: u8 = 16;

/// A user record as schema 3–5 stored it under the user's key (`platform:id`); schema 6
/// writes `person.rs`'s record, which holds this profile and more.
#[cfg(test)]
pub(super) fn encode_user(u: &super::User) -> Vec<u8> {
    let mut out = Vec::with_capacity(20);
    out.push(USER_V1);
    let own_address = implied_address(&u.key).as_ref() == Some(&u.address);
    let mut flags = 0;
    if u.locale.is_some() {
        flags |= HAS_LOCALE;
    }
    if !own_address {
        flags |= HAS_ADDRESS;
    }
    if u.active {
        flags |= ACTIVE;
    }
    out.push(flags);
    put_time(&mut out, u.first_seen);
    put_time(&mut out, u.last_seen);
    if let Some(l) = u.locale {
        out.push(locale_code(l));
    }
    if !own_address {
        put_address(&mut out, &u.address);
    }
    out
}

/// Reads a profile as schema 3–5 (compact) or schema 1 and 2 (JSON) stored it under `key`.
pub(super) fn decode_user(key: &[u8], value: &[u8]) -> Result<super::User> {
    if value.first() != Some(&USER_V1) {
        return super::decode("users", value);
    }
    let mut r = Reader {
        bytes: &value[1..],
        tree: "users",
    };
    let key = std::str::from_utf8(key).map_err(|_| r.bad())?;
    let flags = r.byte()?;
    let first_seen = r.time()?;
    let last_seen = r.time()?;
    let locale = match flags & HAS_LOCALE != 0 {
        true => Some(locale_of(r.byte()?).ok_or_else(|| r.bad())?),
        false => None,
    };
    let address = match flags & HAS_ADDRESS != 0 {
        true => r.address()?,
        false => implied_address(key).ok_or_else(|| r.bad())?,
    };
    Ok(super::User {
        key: key.to_string(),
        address,
        locale,
        first_seen,
        last_seen,
        active: flags & ACTIVE != 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn delivery() -> Delivery {
        Delivery {
            announcement: 7,
            recipient: "telegram:123456789".into(),
            address: Address::new("telegram", "123456789"),
            status: DeliveryStatus::Sent,
            attempts: 1,
            last_error: None,
            not_before: None,
            updated_at: Utc.timestamp_millis_opt(1_764_000_000_123).unwrap(),
            locale: Some(Locale::Vi),
        }
    }

    #[test]
    fn deliveries_round_trip_small() {
        let d = delivery();
        let key = keys::delivery(d.announcement, &d.recipient);
        let bytes = encode_delivery(&d);
        assert!(bytes.len() <= 16, "{} bytes", bytes.len());
        assert_eq!(decode_delivery(&key, &bytes).unwrap(), d);
        let mut odd = d.clone();
        odd.address = Address::new("zalo", "other-chat");
        odd.status = DeliveryStatus::Pending;
        odd.attempts = 300;
        odd.not_before = Some(Utc.timestamp_millis_opt(1_764_000_100_000).unwrap());
        odd.locale = None;
        odd.last_error = Some(FailReason::Refused {
            code: Some(7),
            words: "không gửi được".into(),
        });
        assert_eq!(decode_delivery(&key, &encode_delivery(&odd)).unwrap(), odd);
    }

    #[test]
    fn a_sent_message_s_id_and_receipt_round_trip_in_the_record() {
        let d = delivery();
        let key = keys::delivery(d.announcement, &d.recipient);
        let mut sent = SentMessage {
            id: "4711".into(),
            receipt: None,
        };
        let bytes = encode_delivery_sent(&d, Some(&sent));
        assert!(bytes.len() <= 22, "{} bytes", bytes.len());
        assert_eq!(
            decode_delivery_sent(&key, &bytes).unwrap(),
            (d.clone(), Some(sent.clone()))
        );
        sent.receipt = Some((
            Receipt::Seen,
            Utc.timestamp_millis_opt(1_764_000_000_999).unwrap(),
        ));
        let bytes = encode_delivery_sent(&d, Some(&sent));
        assert_eq!(
            decode_delivery_sent(&key, &bytes).unwrap(),
            (d.clone(), Some(sent))
        );
        for cut in 1..bytes.len() {
            assert!(decode_delivery_sent(&key, &bytes[..cut]).is_err(), "{cut}");
        }
        // A record without one (schema 9 and older) reads as none.
        assert_eq!(
            decode_delivery_sent(&key, &encode_delivery(&d)).unwrap(),
            (d, None)
        );
    }

    #[test]
    fn json_records_of_schema_2_still_read() {
        let d = delivery();
        let key = keys::delivery(d.announcement, &d.recipient);
        let json = serde_json::to_vec(&d).unwrap();
        assert_eq!(decode_delivery(&key, &json).unwrap(), d);
        let list = vec![Recipient {
            user: "zalo:9".into(),
            address: Address::new("zalo", "9"),
            locale: None,
        }];
        assert_eq!(
            decode_chunk(&serde_json::to_vec(&list).unwrap()).unwrap(),
            list
        );
    }

    #[test]
    fn chunks_round_trip() {
        let list = vec![
            Recipient {
                user: "telegram:1".into(),
                address: Address::new("telegram", "1"),
                locale: Some(Locale::En),
            },
            Recipient {
                user: "zalo:2".into(),
                address: Address::new("zalo", "elsewhere"),
                locale: None,
            },
        ];
        let bytes = encode_chunk(&list);
        assert!(bytes.len() < 40, "{} bytes", bytes.len());
        assert_eq!(decode_chunk(&bytes).unwrap(), list);
        assert_eq!(decode_chunk(&encode_chunk(&[])).unwrap(), vec![]);
    }

    #[test]
    fn damaged_records_are_errors_not_panics() {
        let d = delivery();
        let key = keys::delivery(d.announcement, &d.recipient);
        let bytes = encode_delivery(&d);
        for cut in 1..bytes.len() {
            assert!(decode_delivery(&key, &bytes[..cut]).is_err());
        }
        assert!(decode_chunk(&[CHUNK_V1, 200]).is_err());
    }

    #[test]
    fn users_round_trip_small_and_old_ones_read() {
        let mut u = super::super::User {
            key: "telegram:123456789".into(),
            address: Address::new("telegram", "123456789"),
            locale: None,
            first_seen: Utc.timestamp_millis_opt(1_764_000_000_123).unwrap(),
            last_seen: Utc.timestamp_millis_opt(1_764_000_500_000).unwrap(),
            active: true,
        };
        let bytes = encode_user(&u);
        assert!(bytes.len() <= 20, "{} bytes", bytes.len());
        assert_eq!(decode_user(u.key.as_bytes(), &bytes).unwrap(), u);
        u.locale = Some(Locale::En);
        u.active = false;
        u.address = Address::new("zalo", "x");
        assert_eq!(decode_user(u.key.as_bytes(), &encode_user(&u)).unwrap(), u);
        let json = serde_json::to_vec(&u).unwrap();
        assert_eq!(decode_user(u.key.as_bytes(), &json).unwrap(), u);
    }
}
