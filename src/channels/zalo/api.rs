//! The Zalo OA OpenAPI client: consultation messages with the `access_token` header, and
//! the OAuth refresh that rotates both tokens. An expired token is refreshed once, under a
//! lock, and the new pair is on disk before it is used (the old refresh token is dead).

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::sync::Mutex;

use crate::delivery::SendOutcome;
use crate::model::FailReason;
use crate::store::{OAuthTokens, Store};

/// The platform name tokens and events are stored under.
pub const PLATFORM: &str = "zalo";

/// Zalo's "access token invalid or expired".
const TOKEN_EXPIRED: i64 = -216;
/// Refresh this long before the announced expiry, so no send meets an expired token.
const REFRESH_MARGIN: chrono::Duration = chrono::Duration::minutes(5);

/// Why a token refresh did not work.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error("no refresh token: set ZALO_REFRESH_TOKEN or [zalo] refresh_token")]
    NoRefreshToken,
    #[error("no app secret key: set ZALO_APP_SECRET_KEY or [zalo] app_secret_key")]
    NoAppSecret,
    #[error(
        "Zalo refused the refresh token (error {code}: {description}); an OA admin must \
         authorise the app again and put the new refresh token in the config"
    )]
    Refused { code: i64, description: String },
    #[error("cannot reach Zalo's OAuth server: {0}")]
    Network(String),
    #[error("Zalo's OAuth answer had no {0}")]
    Malformed(&'static str),
    #[error("cannot store the new tokens: {0}")]
    Store(String),
}

/// Where to reach Zalo and with which credentials.
pub struct ApiSettings {
    pub app_id: String,
    pub app_secret_key: Option<String>,
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    pub openapi_url: String,
    pub oauth_url: String,
}

/// The OA's API, shared by replies and broadcasts.
pub struct ZaloApi {
    http: reqwest::Client,
    send_url: String,
    /// Where promotion messages go (followers outside the 7-day window).
    promotion_url: String,
    /// Where a follower's profile (their display name) is read.
    detail_url: String,
    /// Where images are uploaded once, for image messages (`data.attachment_id`).
    upload_image_url: String,
    token_url: String,
    app_id: String,
    app_secret_key: Option<String>,
    store: Store,
    tokens: Mutex<OAuthTokens>,
    /// Set once Zalo refused our refresh token: asking again with the same token cannot
    /// work, and would only hammer Zalo and the log until an admin re-authorises.
    refused: std::sync::Mutex<Option<(i64, String)>>,
}

/// A short, stable fingerprint of a configured token (never the token itself).
fn fingerprint(token: &str) -> String {
    hex::encode(&Sha256::digest(token.as_bytes())[..8])
}

/// One call to Zalo's OAuth token endpoint (refresh or first authorisation): a form with
/// the app secret key in the `secret_key` header; the JSON answer, whatever it says.
pub(crate) async fn post_token_form(
    http: &reqwest::Client,
    url: &str,
    app_secret_key: &str,
    form: &[(&str, &str)],
) -> Result<Value, RefreshError> {
    let network = |e: reqwest::Error| RefreshError::Network(e.without_url().to_string());
    http.post(url)
        .header("secret_key", app_secret_key)
        .form(form)
        .send()
        .await
        .map_err(network)?
        .json()
        .await
        .map_err(network)
}

pub(crate) fn join(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path)
}

/// Zalo answers "HTTP 200 with a non-zero `error`" as often as with an HTTP error.
#[derive(Debug, Deserialize)]
struct Reply {
    #[serde(default)]
    error: i64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    data: Option<Value>,
}

impl Reply {
    /// `data.message_id` of a successful send.
    fn message_id(&self) -> Option<String> {
        match self.data.as_ref()?.get("message_id")? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// How a consultation-message error code counts for delivery. `-216` (expired token) is
/// handled before this, by refreshing.
pub fn classify(code: i64, message: &str) -> SendOutcome {
    let words = message.to_string();
    let refused = FailReason::Refused {
        code: Some(code),
        words: words.clone(),
    };
    match code {
        0 => SendOutcome::Sent,
        // Busy or rate limited: back off and try again.
        -32 | -100 => SendOutcome::Transient(refused),
        // The person has not written to the OA within the window Zalo allows (7 days for
        // consultation messages), or the window expired.
        -230 | -232 => SendOutcome::Permanent(FailReason::WindowClosed { code, words }),
        // The person does not follow the OA (any more).
        -213 => SendOutcome::Permanent(FailReason::NotFollowing { code, words }),
        // Zalo's night rule (22:00–06:00): the channel holds it until the morning.
        super::night::CODE => SendOutcome::Permanent(FailReason::NightRestricted { code, words }),
        // The person's other choices (blocked, restricted message type) and the OA's
        // package: trying again now would not help, and the head must hear of it.
        -217 | -224 | -227 | -244 => SendOutcome::Permanent(refused),
        // Unknown codes are retried a few times, then fail with Zalo's own words.
        _ => SendOutcome::Transient(refused),
    }
}

/// The network or Zalo's servers failed.
fn network(words: impl std::fmt::Display) -> SendOutcome {
    SendOutcome::Transient(FailReason::Network {
        words: format!("{PLATFORM}: {words}"),
    })
}

impl ZaloApi {
    /// Picks up the tokens: those in the store when they descend from the configured ones,
    /// else the configured ones (an admin re-authorised and put new ones in the config).
    pub fn new(settings: ApiSettings, store: Store) -> Result<ZaloApi, RefreshError> {
        let seed = settings
            .refresh_token
            .as_deref()
            .or(settings.access_token.as_deref())
            .map(fingerprint)
            .unwrap_or_default();
        let tokens = match store
            .oauth_tokens(PLATFORM)
            .map_err(|e| RefreshError::Store(e.to_string()))?
        {
            Some(t) if t.seeded_from == seed => t,
            _ => {
                let t = OAuthTokens {
                    access_token: settings.access_token.clone().unwrap_or_default(),
                    refresh_token: settings.refresh_token.clone(),
                    expires_at: None,
                    seeded_from: seed,
                };
                store
                    .set_oauth_tokens(PLATFORM, &t)
                    .map_err(|e| RefreshError::Store(e.to_string()))?;
                t
            }
        };
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| RefreshError::Network(e.to_string()))?;
        Ok(ZaloApi {
            http,
            send_url: join(&settings.openapi_url, "v3.0/oa/message/cs"),
            promotion_url: join(&settings.openapi_url, "v3.0/oa/message/promotion"),
            detail_url: join(&settings.openapi_url, "v3.0/oa/user/detail"),
            upload_image_url: join(&settings.openapi_url, "v2.0/oa/upload/image"),
            token_url: join(&settings.oauth_url, "v4/oa/access_token"),
            app_id: settings.app_id,
            app_secret_key: settings.app_secret_key,
            store,
            tokens: Mutex::new(tokens),
            refused: std::sync::Mutex::new(None),
        })
    }

    /// The access token to use now, refreshing first when it is missing or about to expire.
    async fn access_token(&self) -> Result<String, RefreshError> {
        let current = self.tokens.lock().await.clone();
        let expiring = current
            .expires_at
            .is_some_and(|at| at - REFRESH_MARGIN <= Utc::now());
        if current.access_token.is_empty() || expiring {
            self.refresh(&current.access_token).await?;
            return Ok(self.tokens.lock().await.access_token.clone());
        }
        Ok(current.access_token)
    }

    /// Refreshes the tokens unless someone already replaced `stale` meanwhile. Only one
    /// refresh runs at a time: the refresh token is single use.
    pub async fn refresh(&self, stale: &str) -> Result<(), RefreshError> {
        let mut tokens = self.tokens.lock().await;
        if tokens.access_token != stale {
            return Ok(());
        }
        if let Some((code, description)) = self.refused.lock().expect("refused lock").clone() {
            return Err(RefreshError::Refused { code, description });
        }
        let refresh = tokens
            .refresh_token
            .clone()
            .ok_or(RefreshError::NoRefreshToken)?;
        let secret = self
            .app_secret_key
            .as_deref()
            .ok_or(RefreshError::NoAppSecret)?;
        let form = [
            ("refresh_token", refresh.as_str()),
            ("app_id", self.app_id.as_str()),
            ("grant_type", "refresh_token"),
        ];
        let answer = post_token_form(&self.http, &self.token_url, secret, &form).await?;
        let new = match parse_token_answer(&answer, Utc::now(), &tokens.seeded_from) {
            Ok(new) => new,
            // Zalo's OAuth refusals are -14xxx (-14020: refresh token used or expired);
            // any other code may pass, so it is not remembered.
            Err(RefreshError::Refused { code, description })
                if (-14999..=-14000).contains(&code) =>
            {
                *self.refused.lock().expect("refused lock") = Some((code, description.clone()));
                return Err(RefreshError::Refused { code, description });
            }
            Err(e) => return Err(e),
        };
        // On disk before use: if we crashed after using it, the old one would be dead.
        self.store
            .set_oauth_tokens(PLATFORM, &new)
            .map_err(|e| RefreshError::Store(e.to_string()))?;
        log::info!(
            "zalo: access token refreshed; valid until {}",
            new.expires_at
                .map_or_else(|| "unknown".to_string(), |t| t.to_rfc3339())
        );
        *tokens = new;
        Ok(())
    }

    /// Sends one text to a user; on an expired token, refreshes once and tries once more.
    pub async fn send_text(&self, user_id: &str, text: &str) -> SendOutcome {
        self.send_text_tracked(user_id, text).await.0
    }

    /// [`ZaloApi::send_text`], also giving the `message_id` Zalo gave the message.
    pub async fn send_text_tracked(
        &self,
        user_id: &str,
        text: &str,
    ) -> (SendOutcome, Option<String>) {
        let token = match self.access_token().await {
            Ok(t) => t,
            Err(e) => return (refresh_failed(e), None),
        };
        let outcome = |r: Reply| (classify(r.error, &r.message), r.message_id());
        match self.post_text(&token, user_id, text).await {
            Err(o) => (o, None),
            Ok(r) if r.error == TOKEN_EXPIRED => {
                if let Err(e) = self.refresh(&token).await {
                    return (refresh_failed(e), None);
                }
                let token = self.tokens.lock().await.access_token.clone();
                match self.post_text(&token, user_id, text).await {
                    Err(o) => (o, None),
                    Ok(r) => outcome(r),
                }
            }
            Ok(r) => outcome(r),
        }
    }

    /// The name a follower shows on Zalo (`GET v3.0/oa/user/detail`), if Zalo gives one;
    /// `None` on any error (the person then shows unnamed in a head's report).
    pub async fn display_name(&self, user_id: &str) -> Option<String> {
        let token = self.access_token().await.ok()?;
        let data = json!({ "user_id": user_id }).to_string();
        let response = self
            .http
            .get(&self.detail_url)
            .header("access_token", token)
            .query(&[("data", data)])
            .send()
            .await
            .ok()?;
        let answer: Value = response.json().await.ok()?;
        let code = answer.get("error").and_then(Value::as_i64).unwrap_or(-1);
        if code != 0 {
            log::debug!("zalo: no profile for a user (code {code})");
            return None;
        }
        let name = answer.get("data")?.get("display_name")?.as_str()?.trim();
        (!name.is_empty()).then(|| name.to_string())
    }

    /// Sends a promotion message (`body` from `promotion::body`); on an expired token,
    /// refreshes once and tries once more. `Ok` is Zalo's code, words and message id;
    /// `Err` an outcome decided before Zalo answered with a code.
    pub async fn send_promotion(
        &self,
        body: &Value,
    ) -> Result<(i64, String, Option<String>), SendOutcome> {
        let token = self.access_token().await.map_err(refresh_failed)?;
        let mut r = self.post_json(&self.promotion_url, &token, body).await?;
        if r.error == TOKEN_EXPIRED {
            self.refresh(&token).await.map_err(refresh_failed)?;
            let token = self.tokens.lock().await.access_token.clone();
            r = self.post_json(&self.promotion_url, &token, body).await?;
        }
        let id = r.message_id();
        Ok((r.error, r.message, id))
    }

    /// Uploads an image once (`POST v2.0/oa/upload/image`, multipart field `file`); on an
    /// expired token, refreshes once and tries once more. `Ok` is Zalo's `attachment_id`;
    /// `Err` the outcome, classified like a message's (Zalo's code and words kept).
    pub async fn upload_image(&self, bytes: &[u8], mime: &str) -> Result<String, SendOutcome> {
        let token = self.access_token().await.map_err(refresh_failed)?;
        let mut r = self.post_image(&token, bytes, mime).await?;
        if r.error == TOKEN_EXPIRED {
            self.refresh(&token).await.map_err(refresh_failed)?;
            let token = self.tokens.lock().await.access_token.clone();
            r = self.post_image(&token, bytes, mime).await?;
        }
        match classify(r.error, &r.message) {
            SendOutcome::Sent => r
                .data
                .as_ref()
                .and_then(|d| d.get("attachment_id"))
                .and_then(Value::as_str)
                .filter(|id| !id.is_empty())
                .map(str::to_string)
                .ok_or_else(|| network("upload answer without attachment_id")),
            other => Err(other),
        }
    }

    async fn post_image(
        &self,
        token: &str,
        bytes: &[u8],
        mime: &str,
    ) -> Result<Reply, SendOutcome> {
        let name = if mime == "image/png" {
            "notice.png"
        } else {
            "notice.jpg"
        };
        let part = reqwest::multipart::Part::bytes(bytes.to_vec())
            .file_name(name)
            .mime_str(mime)
            .map_err(|e| network(e.without_url()))?;
        let form = reqwest::multipart::Form::new().part("file", part);
        let response = self
            .http
            .post(&self.upload_image_url)
            .header("access_token", token)
            .multipart(form)
            .send()
            .await
            .map_err(|e| network(e.without_url()))?;
        read_reply(response).await
    }

    /// One image message (the `media` template with an uploaded `attachment_id`); on an
    /// expired token, refreshes once and tries once more.
    pub async fn send_image_tracked(
        &self,
        user_id: &str,
        attachment_id: &str,
    ) -> (SendOutcome, Option<String>) {
        let body = json!({
            "recipient": { "user_id": user_id },
            "message": { "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "media",
                    "elements": [{ "media_type": "image", "attachment_id": attachment_id }],
                },
            }},
        });
        let token = match self.access_token().await {
            Ok(t) => t,
            Err(e) => return (refresh_failed(e), None),
        };
        let mut r = match self.post_json(&self.send_url, &token, &body).await {
            Ok(r) => r,
            Err(o) => return (o, None),
        };
        if r.error == TOKEN_EXPIRED {
            if let Err(e) = self.refresh(&token).await {
                return (refresh_failed(e), None);
            }
            let token = self.tokens.lock().await.access_token.clone();
            r = match self.post_json(&self.send_url, &token, &body).await {
                Ok(r) => r,
                Err(o) => return (o, None),
            };
        }
        (classify(r.error, &r.message), r.message_id())
    }

    /// The bytes at a file URL a Zalo webhook event gave (a person's image), at most
    /// `max_bytes`: `Err(None)` when larger, `Err(Some(outcome))` when it cannot be read.
    pub async fn fetch_url(
        &self,
        url: &str,
        max_bytes: u64,
    ) -> Result<Vec<u8>, Option<SendOutcome>> {
        let mut response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| Some(network(e.without_url())))?;
        let status = response.status();
        if !status.is_success() {
            let outcome = if status.is_server_error() {
                network(format_args!("file HTTP {status}"))
            } else {
                SendOutcome::Permanent(FailReason::Refused {
                    code: Some(i64::from(status.as_u16())),
                    words: format!("file HTTP {status}"),
                })
            };
            return Err(Some(outcome));
        }
        if response.content_length().is_some_and(|n| n > max_bytes) {
            return Err(None);
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Some(network(e.without_url())))?
        {
            if (bytes.len() + chunk.len()) as u64 > max_bytes {
                return Err(None);
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    /// One consultation message.
    async fn post_text(
        &self,
        token: &str,
        user_id: &str,
        text: &str,
    ) -> Result<Reply, SendOutcome> {
        let body = json!({
            "recipient": { "user_id": user_id },
            "message": { "text": text },
        });
        self.post_json(&self.send_url, token, &body).await
    }

    /// One POST; `Err` is an outcome decided by HTTP alone (network, 5xx, 429).
    async fn post_json(&self, url: &str, token: &str, body: &Value) -> Result<Reply, SendOutcome> {
        let response = self
            .http
            .post(url)
            .header("access_token", token)
            .json(body)
            .send()
            .await
            .map_err(|e| network(e.without_url()))?;
        read_reply(response).await
    }
}

/// Zalo's answer to a call already sent; `Err` is an outcome decided by HTTP alone
/// (5xx, 429 with its `Retry-After`); 401 reads as an expired token.
async fn read_reply(response: reqwest::Response) -> Result<Reply, SendOutcome> {
    let status = response.status();
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        let wait = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(1);
        return Err(SendOutcome::RetryAfter(Duration::from_secs(
            wait.clamp(1, 300),
        )));
    }
    if status == reqwest::StatusCode::UNAUTHORIZED {
        return Ok(Reply {
            error: TOKEN_EXPIRED,
            message: "HTTP 401".into(),
            data: None,
        });
    }
    if status.is_server_error() {
        return Err(network(format_args!("HTTP {status}")));
    }
    let text = response
        .text()
        .await
        .map_err(|e| network(e.without_url()))?;
    serde_json::from_str::<Reply>(&text)
        .map_err(|_| network(format_args!("HTTP {status} with an unreadable answer")))
}

/// Without a working token nothing can be sent; the send is retried a few times (an admin
/// may fix the token meanwhile) and then fails with this reason.
fn refresh_failed(e: RefreshError) -> SendOutcome {
    log::error!("zalo: {e}");
    SendOutcome::Transient(FailReason::TokenRevoked {
        words: e.to_string(),
    })
}

fn field<'a>(answer: &'a Value, name: &str) -> Option<&'a Value> {
    answer
        .get(name)
        .or_else(|| answer.get("data").and_then(|d| d.get(name)))
}

/// Reads Zalo's token answer: top-level fields or under `data`, `expires_in` as a number or
/// a string, errors as `error`/`error_name`/`error_description`.
pub(crate) fn parse_token_answer(
    answer: &Value,
    now: DateTime<Utc>,
    seeded_from: &str,
) -> Result<OAuthTokens, RefreshError> {
    let text = |name| {
        field(answer, name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let Some(access) = text("access_token") else {
        let code = answer.get("error").and_then(Value::as_i64).unwrap_or(0);
        if code != 0 {
            let description = text("error_description")
                .or(text("error_name"))
                .or(text("message"))
                .unwrap_or("no description")
                .to_string();
            return Err(RefreshError::Refused { code, description });
        }
        return Err(RefreshError::Malformed("access_token"));
    };
    let refresh = text("refresh_token").ok_or(RefreshError::Malformed("refresh_token"))?;
    let expires_in = field(answer, "expires_in").and_then(|v| match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    Ok(OAuthTokens {
        access_token: access.to_string(),
        refresh_token: Some(refresh.to_string()),
        expires_at: expires_in.map(|s| now + chrono::Duration::seconds(s)),
        seeded_from: seeded_from.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_classified() {
        assert_eq!(classify(0, "Success"), SendOutcome::Sent);
        assert!(matches!(classify(-32, "busy"), SendOutcome::Transient(_)));
        assert_eq!(
            classify(
                -230,
                "User has not interacted with the OA in the last 7 days"
            ),
            SendOutcome::Permanent(FailReason::WindowClosed {
                code: -230,
                words: "User has not interacted with the OA in the last 7 days".into()
            })
        );
        assert!(matches!(
            classify(-232, "expired"),
            SendOutcome::Permanent(FailReason::WindowClosed { code: -232, .. })
        ));
        assert!(matches!(
            classify(-213, "not follower"),
            SendOutcome::Permanent(FailReason::NotFollowing { code: -213, .. })
        ));
        assert!(matches!(
            classify(-234, "night"),
            SendOutcome::Permanent(FailReason::NightRestricted { code: -234, .. })
        ));
        for code in [-213, -217, -224, -227, -232, -234, -244] {
            assert!(
                matches!(classify(code, "x"), SendOutcome::Permanent(_)),
                "{code}"
            );
        }
        assert!(
            matches!(classify(-999, "new"), SendOutcome::Transient(FailReason::Refused { code: Some(-999), words }) if words == "new")
        );
    }

    #[test]
    fn token_answers_in_both_shapes() {
        let now = Utc::now();
        let top = json!({"access_token":"A2","refresh_token":"R2","expires_in":"90000"});
        let t = parse_token_answer(&top, now, "seed").unwrap();
        assert_eq!(t.access_token, "A2");
        assert_eq!(t.refresh_token.as_deref(), Some("R2"));
        assert_eq!(t.expires_at, Some(now + chrono::Duration::seconds(90_000)));
        assert_eq!(t.seeded_from, "seed");
        let nested =
            json!({"error":0,"data":{"access_token":"A3","refresh_token":"R3","expires_in":3600}});
        let t = parse_token_answer(&nested, now, "seed").unwrap();
        assert_eq!(t.access_token, "A3");
        assert_eq!(t.expires_at, Some(now + chrono::Duration::seconds(3600)));
    }

    #[test]
    fn token_refusals_say_why() {
        let now = Utc::now();
        let refused = json!({"error":-14020,"error_name":"Invalid refresh token","error_description":"refresh token is used"});
        match parse_token_answer(&refused, now, "s") {
            Err(RefreshError::Refused { code, description }) => {
                assert_eq!(code, -14020);
                assert_eq!(description, "refresh token is used");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_token_answer(&json!({"access_token":"A"}), now, "s"),
            Err(RefreshError::Malformed("refresh_token"))
        ));
        assert!(matches!(
            parse_token_answer(&json!({}), now, "s"),
            Err(RefreshError::Malformed("access_token"))
        ));
    }

    #[test]
    fn fingerprints_hide_the_token() {
        let f = fingerprint("very-secret-refresh-token");
        assert_eq!(f.len(), 16);
        assert!(!f.contains("secret"));
        assert_ne!(f, fingerprint("another"));
    }
}
