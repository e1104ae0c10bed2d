//! Zalo's webhook signature: `X-ZEvent-Signature: mac=<hex>`, where the hex is the plain
//! SHA-256 (not an HMAC) of app id + raw body + timestamp + OA secret key.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The lowercase hex digest Zalo puts after `mac=`.
pub fn digest(app_id: &str, body: &[u8], timestamp: &str, oa_secret_key: &str) -> String {
    let mut h = Sha256::new();
    h.update(app_id.as_bytes());
    // The raw bytes as received: re-serialised JSON would hash differently.
    h.update(body);
    h.update(timestamp.as_bytes());
    h.update(oa_secret_key.as_bytes());
    hex::encode(h.finalize())
}

/// The header value a correct sender puts on `body`.
pub fn header(app_id: &str, body: &[u8], timestamp: &str, oa_secret_key: &str) -> String {
    format!("mac={}", digest(app_id, body, timestamp, oa_secret_key))
}

/// True when `header` (with or without `mac=`) signs `body`. Compared in constant time, so
/// timing says nothing about how much of a forged signature was right.
pub fn verify(
    header: Option<&str>,
    app_id: &str,
    body: &[u8],
    timestamp: &str,
    oa_secret_key: &str,
) -> bool {
    let Some(given) = header else {
        return false;
    };
    let given = given.trim();
    let given = given
        .strip_prefix("mac=")
        .unwrap_or(given)
        .to_ascii_lowercase();
    let expected = digest(app_id, body, timestamp, oa_secret_key);
    given.as_bytes().ct_eq(expected.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] =
        br#"{"app_id":"123","event_name":"user_send_text","timestamp":"1717061839659"}"#;

    #[test]
    fn matches_sha256_of_the_concatenation() {
        // sha256("123" + BODY + "1717061839659" + "s3cret"), computed independently with
        // `printf '%s' ... | sha256sum`.
        let mut all = b"123".to_vec();
        all.extend_from_slice(BODY);
        all.extend_from_slice(b"1717061839659s3cret");
        let direct = hex::encode(Sha256::digest(&all));
        assert_eq!(digest("123", BODY, "1717061839659", "s3cret"), direct);
        assert_eq!(direct.len(), 64);
    }

    #[test]
    fn known_vector() {
        // printf '%s' 'abc' | sha256sum, split as app id "a", body "b", timestamp "c", key "".
        assert_eq!(
            digest("a", b"b", "c", ""),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn accepts_the_right_signature_with_or_without_prefix() {
        let h = header("123", BODY, "1717061839659", "s3cret");
        assert!(verify(Some(&h), "123", BODY, "1717061839659", "s3cret"));
        let bare = h.strip_prefix("mac=").unwrap().to_uppercase();
        assert!(verify(Some(&bare), "123", BODY, "1717061839659", "s3cret"));
    }

    #[test]
    fn refuses_wrong_missing_or_tampered() {
        let h = header("123", BODY, "1717061839659", "s3cret");
        assert!(!verify(None, "123", BODY, "1717061839659", "s3cret"));
        assert!(!verify(Some(""), "123", BODY, "1717061839659", "s3cret"));
        assert!(!verify(
            Some("mac="),
            "123",
            BODY,
            "1717061839659",
            "s3cret"
        ));
        assert!(!verify(Some(&h), "123", BODY, "1717061839659", "other"));
        assert!(!verify(Some(&h), "124", BODY, "1717061839659", "s3cret"));
        assert!(!verify(Some(&h), "123", BODY, "1717061839660", "s3cret"));
        let mut tampered = BODY.to_vec();
        tampered[10] ^= 1;
        assert!(!verify(
            Some(&h),
            "123",
            &tampered,
            "1717061839659",
            "s3cret"
        ));
        assert!(!verify(
            Some(&h[..h.len() - 1]),
            "123",
            BODY,
            "1717061839659",
            "s3cret"
        ));
    }
}
