//! What messenger channels keep between runs: OAuth tokens (Zalo's refresh token is single
//! use, so each rotated one must survive a restart) and the ids of webhook events already
//! handled (a messenger may deliver the same event twice).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Result, Store, decode, encode, keys};

/// A channel's current OAuth tokens.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthTokens {
    pub access_token: String,
    pub refresh_token: Option<String>,
    /// When the access token stops working, if the platform said.
    pub expires_at: Option<DateTime<Utc>>,
    /// A fingerprint of the configured refresh token these descend from: when the admin
    /// puts a new one in the config (after re-authorising), it replaces the stored chain.
    pub seeded_from: String,
}

impl std::fmt::Debug for OAuthTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Tokens never reach a log line.
        f.debug_struct("OAuthTokens")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl Store {
    pub fn oauth_tokens(&self, platform: &str) -> Result<Option<OAuthTokens>> {
        self.tokens
            .get(platform.as_bytes())?
            .map(|v| decode("tokens", &v))
            .transpose()
    }

    /// Stores `tokens` and flushes: a rotated refresh token is on disk before anyone uses it.
    pub fn set_oauth_tokens(&self, platform: &str, tokens: &OAuthTokens) -> Result<()> {
        {
            let _gate = self.writing();
            self.tokens.insert(platform.as_bytes(), encode(tokens))?;
        }
        self.flush()
    }

    /// True the first time `event_id` of `platform` is seen; false for a repeat. Kept on
    /// disk, so a repeat after a restart is still recognised.
    pub fn first_sighting(
        &self,
        platform: &str,
        event_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let key = keys::pair(platform, event_id);
        let first = {
            let _gate = self.writing();
            self.seen_events
                .compare_and_swap(
                    &key,
                    None as Option<&[u8]>,
                    Some(&now.timestamp().to_be_bytes()),
                )?
                .is_ok()
        };
        Ok(first)
    }

    /// Forgets event ids seen before `before`; returns how many.
    pub fn forget_events_before(&self, before: DateTime<Utc>) -> Result<usize> {
        let cutoff = before.timestamp();
        let mut n = 0;
        let _gate = self.writing();
        for item in self.seen_events.iter() {
            let (k, v) = item?;
            let at = v
                .as_ref()
                .try_into()
                .map(i64::from_be_bytes)
                .unwrap_or(i64::MIN);
            if at < cutoff {
                self.seen_events.remove(k)?;
                n += 1;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_counts_once() {
        let s = Store::temporary().unwrap();
        let now = Utc::now();
        assert!(s.first_sighting("zalo", "m1", now).unwrap());
        assert!(!s.first_sighting("zalo", "m1", now).unwrap());
        assert!(s.first_sighting("telegram", "m1", now).unwrap());
        assert!(s.first_sighting("zalo", "m2", now).unwrap());
    }

    #[test]
    fn old_sightings_are_forgotten() {
        let s = Store::temporary().unwrap();
        let old = Utc::now() - chrono::Duration::days(10);
        s.first_sighting("zalo", "old", old).unwrap();
        s.first_sighting("zalo", "new", Utc::now()).unwrap();
        assert_eq!(
            s.forget_events_before(Utc::now() - chrono::Duration::days(3))
                .unwrap(),
            1
        );
        assert!(s.first_sighting("zalo", "old", Utc::now()).unwrap());
        assert!(!s.first_sighting("zalo", "new", Utc::now()).unwrap());
    }

    #[test]
    fn tokens_round_trip_and_never_print() {
        let s = Store::temporary().unwrap();
        assert_eq!(s.oauth_tokens("zalo").unwrap(), None);
        let t = OAuthTokens {
            access_token: "secret-access".into(),
            refresh_token: Some("secret-refresh".into()),
            expires_at: None,
            seeded_from: "abc".into(),
        };
        s.set_oauth_tokens("zalo", &t).unwrap();
        assert_eq!(s.oauth_tokens("zalo").unwrap(), Some(t.clone()));
        assert!(!format!("{t:?}").contains("secret"));
    }
}
