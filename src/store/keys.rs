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

#[cfg(test)]
mod tests {
    use super::*;

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
}
