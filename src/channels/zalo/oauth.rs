//! The OA admin's one-time authorisation (OAuth v4 with PKCE): a permission URL to open in
//! a browser, then the code Zalo returns exchanged for the first access and refresh tokens.
//! After that the bot refreshes the tokens itself.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::api::{RefreshError, join, parse_token_answer, post_token_form};
use crate::store::OAuthTokens;

/// What is kept between printing the URL and exchanging the code.
#[derive(Debug, Serialize, Deserialize)]
pub struct Pending {
    pub verifier: String,
    pub state: String,
    pub redirect_uri: String,
}

/// `code_challenge` = base64url(SHA-256(verifier)), without padding.
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A fresh verifier (43 characters from 32 random bytes) and state.
pub fn new_pending(redirect_uri: &str) -> std::io::Result<Pending> {
    use std::io::Read;
    let mut bytes = [0u8; 40];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(Pending {
        verifier: URL_SAFE_NO_PAD.encode(&bytes[..32]),
        state: hex::encode(&bytes[32..]),
        redirect_uri: redirect_uri.to_string(),
    })
}

/// The page the OA admin opens to grant the app access to the OA.
pub fn permission_url(oauth_url: &str, app_id: &str, pending: &Pending) -> String {
    let mut url = url::Url::parse(&join(oauth_url, "v4/oa/permission")).unwrap_or_else(|_| {
        url::Url::parse("https://oauth.zaloapp.com/v4/oa/permission").expect("a URL")
    });
    url.query_pairs_mut()
        .append_pair("app_id", app_id)
        .append_pair("redirect_uri", &pending.redirect_uri)
        .append_pair("code_challenge", &challenge(&pending.verifier))
        .append_pair("state", &pending.state);
    url.to_string()
}

/// Exchanges the `code` from the redirect for the first tokens.
pub async fn exchange(
    oauth_url: &str,
    app_id: &str,
    app_secret_key: &str,
    code: &str,
    pending: &Pending,
) -> Result<OAuthTokens, RefreshError> {
    let form = [
        ("code", code),
        ("app_id", app_id),
        ("grant_type", "authorization_code"),
        ("code_verifier", pending.verifier.as_str()),
    ];
    let url = join(oauth_url, "v4/oa/access_token");
    let answer = post_token_form(&reqwest::Client::new(), &url, app_secret_key, &form).await?;
    parse_token_answer(&answer, Utc::now(), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenge_follows_rfc_7636() {
        // RFC 7636, appendix B.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifiers_are_fresh_and_long_enough() {
        let a = new_pending("https://x/cb").unwrap();
        let b = new_pending("https://x/cb").unwrap();
        assert_eq!(a.verifier.len(), 43);
        assert_ne!(a.verifier, b.verifier);
        assert_ne!(a.state, b.state);
    }

    #[test]
    fn the_permission_url_carries_everything_encoded() {
        let p = Pending {
            verifier: "v".into(),
            state: "s1".into(),
            redirect_uri: "https://bot.example.vn/zalo/callback?x=1".into(),
        };
        let u = permission_url("https://oauth.zaloapp.com", "4242", &p);
        assert!(
            u.starts_with("https://oauth.zaloapp.com/v4/oa/permission?app_id=4242&"),
            "{u}"
        );
        assert!(
            u.contains("redirect_uri=https%3A%2F%2Fbot.example.vn%2Fzalo%2Fcallback%3Fx%3D1"),
            "{u}"
        );
        assert!(
            u.contains(&format!("code_challenge={}", challenge("v"))),
            "{u}"
        );
        assert!(u.ends_with("&state=s1"), "{u}");
    }
}
