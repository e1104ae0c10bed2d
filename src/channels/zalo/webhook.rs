//! The HTTP endpoint Zalo posts events to: size limit, JSON check, signature check,
//! de-duplication on the event id, then the event is handled and a 200 goes once its
//! answers are stored (a group commit, a fraction of a second).

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::Utc;
use tokio::sync::mpsc;

use super::api::PLATFORM;
use super::event::{self, Event};
use super::server::BODY_TIMEOUT;
use super::signature;
use crate::lograte::EveryFew;
use crate::store::Store;

static BAD_SIGNATURES: EveryFew = EveryFew::new(std::time::Duration::from_secs(60));

/// What the endpoint needs for every request.
#[derive(Clone)]
pub struct WebhookState {
    pub app_id: String,
    pub oa_secret_key: String,
    pub max_body_bytes: usize,
    pub store: Store,
    pub events: mpsc::Sender<(Event, super::Acknowledge)>,
}

/// The router: POST `path` receives events; GET `path` says the endpoint is up (for the
/// admin checking the reverse proxy).
pub fn router(path: &str, state: WebhookState) -> Router {
    Router::new()
        .route(
            path,
            post(receive).get(|| async { "Loa Bản Zalo webhook\n" }),
        )
        .with_state(state)
}

async fn receive(State(st): State<WebhookState>, headers: HeaderMap, body: Body) -> StatusCode {
    let bytes = match tokio::time::timeout(BODY_TIMEOUT, to_bytes(body, st.max_body_bytes)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            log::warn!(
                "zalo webhook: body over {} bytes refused",
                st.max_body_bytes
            );
            return StatusCode::BAD_REQUEST;
        }
        Err(_) => {
            log::warn!(
                "zalo webhook: body not sent within {} s; refused",
                BODY_TIMEOUT.as_secs()
            );
            return StatusCode::REQUEST_TIMEOUT;
        }
    };
    let envelope = match event::parse(&bytes) {
        Ok(e) => e,
        Err(e) => {
            log::warn!("zalo webhook: {e}; refused");
            return StatusCode::BAD_REQUEST;
        }
    };
    let given = headers
        .get("x-zevent-signature")
        .and_then(|v| v.to_str().ok());
    if envelope.app_id != st.app_id
        || !signature::verify(
            given,
            &st.app_id,
            &bytes,
            &envelope.timestamp,
            &st.oa_secret_key,
        )
    {
        // Anyone can post forged events: one line a minute, not one per request.
        if let Some(n) = BAD_SIGNATURES.tick() {
            log::warn!(
                "zalo webhook: {} with a missing or wrong signature refused \
                 ({n} refused since the last such line)",
                kind(&envelope.event)
            );
        }
        return StatusCode::UNAUTHORIZED;
    }
    if is_stale(&envelope.timestamp, Utc::now().timestamp_millis()) {
        // Older than the event ids we remember: a replay of a captured request, not Zalo
        // (whose retries stop within hours).
        log::warn!(
            "zalo webhook: {} from {} ignored (too old)",
            kind(&envelope.event),
            envelope.timestamp
        );
        return StatusCode::OK;
    }
    if let Some(key) = envelope.dedupe_key() {
        match st.store.first_sighting(PLATFORM, &key, Utc::now()) {
            Ok(true) => {}
            Ok(false) => {
                log::info!("zalo webhook: {key} delivered again; ignored");
                return StatusCode::OK;
            }
            Err(e) => {
                // Zalo retries later; better than handling an event twice.
                log::error!("zalo webhook: {e}");
                return StatusCode::INTERNAL_SERVER_ERROR;
            }
        }
    }
    if matches!(envelope.event, Event::Ignored { .. }) {
        log::debug!("zalo webhook: {} ignored", kind(&envelope.event));
        return StatusCode::OK;
    }
    // Waits only if a thousand events are already queued: back-pressure, not loss. The
    // 200 goes once the event's answers are on disk; until then Zalo may send it again.
    let (ack, stored) = tokio::sync::oneshot::channel();
    if st.events.send((envelope.event, ack)).await.is_err() {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    match stored.await {
        Ok(()) => StatusCode::OK,
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// Events older than this are not handled: event ids are remembered for three days, so an
/// older event could not be recognised as a repeat.
const MAX_AGE_MS: i64 = 2 * 24 * 3600 * 1000;

/// True when `timestamp` (epoch milliseconds) is more than [`MAX_AGE_MS`] before `now_ms`.
/// An unreadable timestamp is not judged stale: the signature already covers it.
fn is_stale(timestamp: &str, now_ms: i64) -> bool {
    timestamp
        .trim()
        .parse::<i64>()
        .is_ok_and(|t| now_ms - t > MAX_AGE_MS)
}

fn kind(e: &Event) -> &str {
    match e {
        Event::Text { .. } => "user_send_text",
        Event::Follow { .. } => "follow",
        Event::Unfollow { .. } => "unfollow",
        Event::Receipt {
            receipt: crate::model::Receipt::Seen,
            ..
        } => "user_seen_message",
        Event::Receipt { .. } => "user_received_message",
        Event::Unsupported { kind, .. } | Event::Media { kind, .. } | Event::Ignored { kind } => {
            kind
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_events_older_than_two_days_are_stale() {
        let now = 1_796_031_801_000;
        assert!(!is_stale(&now.to_string(), now));
        assert!(
            !is_stale(&(now - 3_600_000).to_string(), now),
            "an hour-old retry"
        );
        assert!(
            !is_stale(&(now + 60_000).to_string(), now),
            "a clock a minute ahead"
        );
        assert!(is_stale(&(now - MAX_AGE_MS - 1).to_string(), now));
        assert!(is_stale("1717061839659", now), "2024");
        assert!(!is_stale("soon", now));
    }
}
