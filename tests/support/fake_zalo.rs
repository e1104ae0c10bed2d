//! A fake Zalo OA OpenAPI and OAuth server on 127.0.0.1, speaking Zalo's envelope: HTTP 200
//! with `{"error": 0, …}` or a negative `error` code; `-216` for an expired access token;
//! single-use refresh tokens that rotate on every refresh (`-14020` when reused). Plus a
//! client that posts signed webhook events to the bot, as Zalo does.
//!
//! Images: `POST /v2.0/oa/upload/image` takes a multipart part `file` (JPEG or PNG, at most
//! 1 MB, else -210) and answers `data.attachment_id`; a consultation message whose
//! `message.attachment` is the `media` template with a known `attachment_id` is an image
//! message (recorded apart, `images_to`). `/files/<name>` serves files as Zalo's CDN serves
//! the attachments of `user_send_image` events (`put_file`).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub const APP_ID: &str = "4242424242";
pub const APP_SECRET: &str = "app-secret-never-logged";
pub const OA_SECRET: &str = "oa-secret-never-logged";

/// One message the OA sent.
#[derive(Debug, Clone)]
pub struct ZaloSent {
    pub user_id: String,
    pub text: String,
    pub token: String,
    pub at: Instant,
    /// The `data.message_id` the fake answered (what receipts name).
    pub message_id: String,
}

#[derive(Default)]
struct Inner {
    /// The access token that currently works.
    access: String,
    /// The refresh token that currently works (single use).
    refresh: String,
    generation: u32,
    refreshes: u32,
    refused_refreshes: u32,
    sent: Vec<ZaloSent>,
    /// Users whose sends fail with this error code.
    errors: BTreeMap<String, (i64, String)>,
    /// Send attempts refused for an expired token.
    expired_calls: u32,
    /// An authorisation code the OA admin obtained, with its PKCE code_challenge.
    authorization: Option<(String, String)>,
    /// Followers' display names, for `GET /v3.0/oa/user/detail`.
    names: BTreeMap<String, String>,
    /// How many profile look-ups were served.
    profile_calls: u32,
    /// Promotion messages accepted (text: the header, a newline, the text element).
    promotions: Vec<ZaloSent>,
    /// The buttons of each accepted promotion message, as (title, payload).
    promotion_buttons: Vec<Vec<(String, String)>>,
    /// Users whose promotion messages fail with this error code.
    promotion_errors: BTreeMap<String, (i64, String)>,
    /// Accepted uploads: (bytes, MIME type of the part), in order.
    uploads: Vec<(usize, String)>,
    /// Upload calls, accepted or not.
    upload_calls: u32,
    /// The next uploads fail with these codes, in order.
    upload_errors: std::collections::VecDeque<(i64, String)>,
    /// Accepted image messages: (user, attachment_id).
    images: Vec<(String, String)>,
    /// Files served from `/files/<name>`, and how many times they were read.
    files: BTreeMap<String, Vec<u8>>,
    file_reads: u32,
}

#[derive(Clone)]
struct Shared(Arc<Mutex<Inner>>);

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub struct FakeZalo {
    /// "http://127.0.0.1:PORT", for both openapi_url and oauth_url.
    pub url: String,
    shared: Shared,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeZalo {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeZalo {
    /// Serves with `access` and `refresh` as the valid tokens.
    pub async fn start(access: &str, refresh: &str) -> FakeZalo {
        let shared = Shared(Arc::new(Mutex::new(Inner {
            access: access.into(),
            refresh: refresh.into(),
            ..Inner::default()
        })));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let app = Router::new()
            .route("/v3.0/oa/message/cs", post(send_cs))
            .route("/v4/oa/access_token", post(access_token))
            .route("/v3.0/oa/user/detail", get(user_detail))
            .route("/v3.0/oa/message/promotion", post(send_promotion))
            .route("/v2.0/oa/upload/image", post(upload_image))
            .route("/files/{name}", get(serve_file))
            .with_state(shared.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeZalo {
            url: format!("http://127.0.0.1:{port}"),
            shared,
            server,
        }
    }

    /// The next `times` image uploads fail with `code`.
    pub fn fail_uploads(&self, times: usize, code: i64, message: &str) {
        let mut st = self.shared.lock();
        for _ in 0..times {
            st.upload_errors.push_back((code, message.to_string()));
        }
    }

    /// Accepted image uploads: (bytes, MIME type).
    pub fn uploads(&self) -> Vec<(usize, String)> {
        self.shared.lock().uploads.clone()
    }

    pub fn upload_calls(&self) -> u32 {
        self.shared.lock().upload_calls
    }

    /// The attachment ids of the image messages `user` got.
    pub fn images_to(&self, user: &str) -> Vec<String> {
        let st = self.shared.lock();
        st.images
            .iter()
            .filter(|(u, _)| u == user)
            .map(|(_, a)| a.clone())
            .collect()
    }

    /// All accepted image messages.
    pub fn image_count(&self) -> usize {
        self.shared.lock().images.len()
    }

    /// Serves `bytes` at `{url}/files/{name}`; returns that URL.
    pub fn put_file(&self, name: &str, bytes: Vec<u8>) -> String {
        self.shared.lock().files.insert(name.to_string(), bytes);
        format!("{}/files/{name}", self.url)
    }

    /// How many times files were read from `/files/`.
    pub fn file_reads(&self) -> u32 {
        self.shared.lock().file_reads
    }

    /// The current access token stops working, as after ~25 hours.
    pub fn expire_access_token(&self) {
        let mut st = self.shared.lock();
        st.access = format!("expired-{}", st.access);
    }

    /// The refresh token stops working too, as when an OA admin revokes the app: only a new
    /// authorisation would help.
    pub fn revoke_refresh_token(&self) {
        self.shared.lock().refresh = "revoked".into();
    }

    /// The OA admin allowed access in the browser: Zalo issued `code` for `challenge`.
    pub fn authorize(&self, code: &str, challenge: &str) {
        self.shared.lock().authorization = Some((code.into(), challenge.into()));
    }

    /// Sends to `user` fail with `code`.
    pub fn fail_user(&self, user: &str, code: i64, message: &str) {
        self.shared
            .lock()
            .errors
            .insert(user.into(), (code, message.into()));
    }

    /// Sends to `user` work again (they wrote to the OA: its window reopened).
    pub fn allow_user(&self, user: &str) {
        self.shared.lock().errors.remove(user);
    }

    /// Promotion messages to `user` fail with `code` (e.g. -224: the OA's package).
    pub fn fail_promotion(&self, user: &str, code: i64, message: &str) {
        self.shared
            .lock()
            .promotion_errors
            .insert(user.into(), (code, message.into()));
    }

    /// The promotion messages `user` got (header, newline, text).
    pub fn promotions_to(&self, user: &str) -> Vec<String> {
        self.shared
            .lock()
            .promotions
            .iter()
            .filter(|m| m.user_id == user)
            .map(|m| m.text.clone())
            .collect()
    }

    /// The buttons of every promotion message accepted, in order.
    pub fn promotion_buttons(&self) -> Vec<Vec<(String, String)>> {
        self.shared.lock().promotion_buttons.clone()
    }

    /// `user` shows `name` on Zalo (what the OA's user-detail call answers).
    pub fn set_name(&self, user: &str, name: &str) {
        self.shared.lock().names.insert(user.into(), name.into());
    }

    /// Profile look-ups served so far.
    pub fn profile_calls(&self) -> u32 {
        self.shared.lock().profile_calls
    }

    pub fn sent(&self) -> Vec<ZaloSent> {
        self.shared.lock().sent.clone()
    }

    pub fn sent_to(&self, user: &str) -> Vec<String> {
        self.sent()
            .into_iter()
            .filter(|m| m.user_id == user)
            .map(|m| m.text)
            .collect()
    }

    /// The message ids of what `user` got whose text contains `needle`.
    pub fn message_ids(&self, user: &str, needle: &str) -> Vec<String> {
        self.sent()
            .into_iter()
            .filter(|m| m.user_id == user && m.text.contains(needle))
            .map(|m| m.message_id)
            .collect()
    }

    pub fn refreshes(&self) -> u32 {
        self.shared.lock().refreshes
    }

    pub fn refused_refreshes(&self) -> u32 {
        self.shared.lock().refused_refreshes
    }

    pub fn expired_calls(&self) -> u32 {
        self.shared.lock().expired_calls
    }

    pub async fn wait_until(&self, timeout: Duration, cond: impl Fn(&FakeZalo) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if cond(self) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits until `user` got a message containing `needle` (for the benchmarks; tests wait
    /// through `wait.rs`, which fails with what the chat got).
    pub async fn wait_text(&self, user: &str, needle: &str) -> bool {
        self.wait_until(Duration::from_secs(30), |f| {
            f.sent_to(user).iter().any(|t| t.contains(needle))
        })
        .await
    }
}

/// The `access_token` header (empty when missing).
fn access_token_of(headers: &HeaderMap) -> String {
    headers
        .get("access_token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

type Reply = axum::Json<Value>;

/// What every send checks first, in Zalo's order: the access token (-216, counted as an
/// expired call), then a JSON body (-201). Gives the body and its `recipient.user_id`.
fn accept_send(st: &mut Inner, token: &str, body: &str) -> Result<(Value, String), Reply> {
    if token != st.access {
        st.expired_calls += 1;
        return Err(axum::Json(
            json!({"error": -216, "message": "Access token is invalid"}),
        ));
    }
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        return Err(axum::Json(
            json!({"error": -201, "message": "Body is invalid"}),
        ));
    };
    let user = v["recipient"]["user_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    Ok((v, user))
}

/// Records an accepted send in `list` with the next id (`prefix` + its place) and answers
/// Zalo's success envelope carrying that id.
fn record(
    list: &mut Vec<ZaloSent>,
    prefix: &str,
    user: String,
    text: String,
    token: String,
) -> Reply {
    let message_id = format!("{prefix}{}", list.len() + 1);
    list.push(ZaloSent {
        user_id: user,
        text,
        token,
        at: Instant::now(),
        message_id: message_id.clone(),
    });
    axum::Json(json!({"error": 0, "message": "Success", "data": {"message_id": message_id}}))
}

/// `GET /v3.0/oa/user/detail?data={"user_id":"…"}` with the `access_token` header.
async fn user_detail(
    State(st): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<BTreeMap<String, String>>,
) -> axum::Json<Value> {
    let token = access_token_of(&headers);
    let mut st = st.lock();
    st.profile_calls += 1;
    if token != st.access {
        return axum::Json(json!({"error": -216, "message": "Access token is invalid"}));
    }
    let user = q
        .get("data")
        .and_then(|d| serde_json::from_str::<Value>(d).ok())
        .and_then(|d| d["user_id"].as_str().map(str::to_string))
        .unwrap_or_default();
    match st.names.get(&user) {
        Some(name) => axum::Json(json!({"error": 0, "message": "Success",
            "data": {"user_id": user, "display_name": name, "user_is_follower": true}})),
        None => axum::Json(json!({"error": -213, "message": "User has not followed the OA"})),
    }
}

/// The first part named `file` of a multipart body: (its bytes, its Content-Type).
fn file_part(content_type: &str, body: &[u8]) -> Option<(Vec<u8>, String)> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}").into_bytes();
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay.get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    };
    let mut at = find(body, &delimiter, 0)?;
    loop {
        let start = at + delimiter.len();
        let next = find(body, &delimiter, start)?;
        let part = &body[start..next];
        let head_end = find(part, b"\r\n\r\n", 0)?;
        let head = String::from_utf8_lossy(&part[..head_end]).to_ascii_lowercase();
        let mut content = &part[head_end + 4..];
        content = content.strip_suffix(b"\r\n").unwrap_or(content);
        if head.contains("name=\"file\"") && head.contains("filename=") {
            let mime = head
                .lines()
                .find_map(|l| l.trim().strip_prefix("content-type:"))
                .unwrap_or("")
                .trim()
                .to_string();
            return Some((content.to_vec(), mime));
        }
        at = next;
    }
}

/// `POST /v2.0/oa/upload/image`: the image in a multipart part `file`.
async fn upload_image(
    State(st): State<Shared>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> axum::Json<Value> {
    let token = access_token_of(&headers);
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let mut st = st.lock();
    st.upload_calls += 1;
    if token != st.access {
        st.expired_calls += 1;
        return axum::Json(json!({"error": -216, "message": "Access token is invalid"}));
    }
    if let Some((code, message)) = st.upload_errors.pop_front() {
        return axum::Json(json!({"error": code, "message": message}));
    }
    let Some((bytes, mime)) = file_part(&content_type, &body) else {
        return axum::Json(json!({"error": -201, "message": "File is missing"}));
    };
    let image = bytes.starts_with(&[0xFF, 0xD8]) || bytes.starts_with(b"\x89PNG");
    if !image || bytes.len() > 1_000_000 {
        return axum::Json(json!({"error": -210, "message": "Image is invalid or too large"}));
    }
    st.uploads.push((bytes.len(), mime));
    let id = format!("att-{}", st.uploads.len());
    axum::Json(json!({"error": 0, "message": "Success", "data": {"attachment_id": id}}))
}

/// `GET /files/<name>`: a file as Zalo's CDN serves a user's attachment.
async fn serve_file(
    State(st): State<Shared>,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut st = st.lock();
    match st.files.get(&name).cloned() {
        Some(bytes) => {
            st.file_reads += 1;
            bytes.into_response()
        }
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

async fn send_cs(State(st): State<Shared>, headers: HeaderMap, body: String) -> axum::Json<Value> {
    let token = access_token_of(&headers);
    let mut st = st.lock();
    let (v, user) = match accept_send(&mut st, &token, &body) {
        Ok(accepted) => accepted,
        Err(refusal) => return refusal,
    };
    let attachment = &v["message"]["attachment"];
    if !attachment.is_null() {
        let payload = &attachment["payload"];
        let element = &payload["elements"][0];
        let id = element["attachment_id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let known = (1..=st.uploads.len()).any(|n| id == format!("att-{n}"));
        if attachment["type"] != "template"
            || payload["template_type"] != "media"
            || element["media_type"] != "image"
            || !known
        {
            return axum::Json(json!({"error": -201, "message": "Attachment is invalid"}));
        }
        if let Some((code, message)) = st.errors.get(&user) {
            return axum::Json(json!({"error": code, "message": message}));
        }
        st.images.push((user.clone(), id));
        let n = st.images.len();
        return axum::Json(
            json!({"error": 0, "message": "Success", "data": {"message_id": format!("i{n}")}}),
        );
    }
    let text = v["message"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if user.is_empty() || text.is_empty() {
        return axum::Json(json!({"error": -201, "message": "Parameters are invalid"}));
    }
    if text.chars().count() > 2000 {
        return axum::Json(json!({"error": -201, "message": "Text is too long"}));
    }
    if let Some((code, message)) = st.errors.get(&user) {
        return axum::Json(json!({"error": code, "message": message}));
    }
    record(&mut st.sent, "m", user, text, token)
}

/// `POST /v3.0/oa/message/promotion`: a template message with `template_type` "promotion",
/// a header and a text element; no 7-day window (Zalo checks only that the user follows).
async fn send_promotion(
    State(st): State<Shared>,
    headers: HeaderMap,
    body: String,
) -> axum::Json<Value> {
    let token = access_token_of(&headers);
    let mut st = st.lock();
    let (v, user) = match accept_send(&mut st, &token, &body) {
        Ok(accepted) => accepted,
        Err(refusal) => return refusal,
    };
    let attachment = &v["message"]["attachment"];
    let payload = &attachment["payload"];
    let elements = payload["elements"].as_array().cloned().unwrap_or_default();
    let content = |kind: &str| {
        elements
            .iter()
            .find(|e| e["type"] == kind)
            .and_then(|e| e["content"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    let (header, text) = (content("header"), content("text"));
    if user.is_empty()
        || attachment["type"] != "template"
        || payload["template_type"] != "promotion"
        || header.is_empty()
    {
        return axum::Json(json!({"error": -201, "message": "Parameters are invalid"}));
    }
    if let Some((code, message)) = st.promotion_errors.get(&user) {
        return axum::Json(json!({"error": code, "message": message}));
    }
    let buttons = payload["buttons"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|b| {
            (
                b["title"].as_str().unwrap_or_default().to_string(),
                b["payload"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    st.promotion_buttons.push(buttons);
    record(
        &mut st.promotions,
        "p",
        user,
        format!("{header}\n{text}"),
        token,
    )
}

async fn access_token(
    State(st): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<BTreeMap<String, String>>,
) -> axum::Json<Value> {
    let mut st = st.lock();
    let secret_ok = headers.get("secret_key").and_then(|v| v.to_str().ok()) == Some(APP_SECRET);
    if !secret_ok || form.get("app_id").map(String::as_str) != Some(APP_ID) {
        st.refused_refreshes += 1;
        return axum::Json(
            json!({"error": -14014, "error_name": "Invalid app", "error_description": "app id or secret is wrong"}),
        );
    }
    match form.get("grant_type").map(String::as_str) {
        Some("refresh_token") if form.get("refresh_token") == Some(&st.refresh) => {}
        Some("refresh_token") => {
            st.refused_refreshes += 1;
            return axum::Json(
                json!({"error": -14020, "error_name": "Invalid refresh token", "error_description": "refresh token is used or expired"}),
            );
        }
        Some("authorization_code") => {
            let verifier = form.get("code_verifier").cloned().unwrap_or_default();
            let challenge = {
                use base64::Engine;
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(Sha256::digest(verifier.as_bytes()))
            };
            let expected = st.authorization.take();
            if expected != Some((form.get("code").cloned().unwrap_or_default(), challenge)) {
                return axum::Json(
                    json!({"error": -14002, "error_name": "Invalid code", "error_description": "the code or code_verifier is wrong"}),
                );
            }
        }
        _ => {
            return axum::Json(json!({"error": -14001, "error_name": "Invalid grant type"}));
        }
    }
    st.refreshes += 1;
    st.generation += 1;
    st.access = format!("access-{}", st.generation);
    st.refresh = format!("refresh-{}", st.generation);
    // Zalo sends expires_in as a string.
    axum::Json(
        json!({"access_token": st.access, "refresh_token": st.refresh, "expires_in": "90000"}),
    )
}

/// Posts webhook events to the bot as Zalo does: JSON body, `X-ZEvent-Signature`.
pub struct Webhook {
    pub url: String,
    http: reqwest::Client,
    next: std::sync::atomic::AtomicU64,
}

impl Webhook {
    pub fn new(url: String) -> Webhook {
        Webhook {
            url,
            http: reqwest::Client::new(),
            next: std::sync::atomic::AtomicU64::new(1),
        }
    }

    fn timestamp() -> String {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
            .to_string()
    }

    pub fn sign(body: &str, timestamp: &str) -> String {
        let mut h = Sha256::new();
        h.update(APP_ID.as_bytes());
        h.update(body.as_bytes());
        h.update(timestamp.as_bytes());
        h.update(OA_SECRET.as_bytes());
        format!("mac={}", hex::encode(h.finalize()))
    }

    /// Posts `body` with `signature` (None: no header); returns the HTTP status.
    pub async fn post_raw(&self, body: &str, signature: Option<&str>) -> u16 {
        let mut req = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(s) = signature {
            req = req.header("X-ZEvent-Signature", s);
        }
        req.send().await.unwrap().status().as_u16()
    }

    /// A `user_send_text` body with a fresh msg_id; returns (body, timestamp).
    pub fn text_body(&self, user: &str, text: &str) -> (String, String) {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let ts = Self::timestamp();
        let body = json!({
            "app_id": APP_ID,
            "user_id_by_app": format!("9{user}"),
            "event_name": "user_send_text",
            "timestamp": ts,
            "sender": {"id": user},
            "recipient": {"id": "1423847451268726170"},
            "message": {"text": text, "msg_id": format!("msg{n}-{ts}")},
        })
        .to_string();
        (body, ts)
    }

    /// A user writes `text` to the OA (signed correctly); returns the HTTP status.
    pub async fn text(&self, user: &str, text: &str) -> u16 {
        let (body, ts) = self.text_body(user, text);
        self.post_raw(&body, Some(&Self::sign(&body, &ts))).await
    }

    /// `follow` or `unfollow`, signed.
    pub async fn follow_event(&self, event: &str, user: &str) -> u16 {
        let ts = Self::timestamp();
        let body = json!({
            "app_id": APP_ID,
            "event_name": event,
            "timestamp": ts,
            "oa_id": "1423847451268726170",
            "follower": {"id": user},
            "user_id_by_app": format!("9{user}"),
        })
        .to_string();
        self.post_raw(&body, Some(&Self::sign(&body, &ts))).await
    }

    /// Zalo reports messages to `user` seen (`user_seen_message`, all ids at once) or
    /// received (`user_received_message`, one id per event); the OA is the sender. Signed.
    pub async fn receipt(&self, seen: bool, user: &str, msg_ids: &[&str]) -> u16 {
        let ts = Self::timestamp();
        let (event, message) = if seen {
            ("user_seen_message", json!({"msg_ids": msg_ids}))
        } else {
            ("user_received_message", json!({"msg_id": msg_ids[0]}))
        };
        let body = json!({
            "app_id": APP_ID,
            "event_name": event,
            "timestamp": ts,
            "sender": {"id": "1423847451268726170"},
            "recipient": {"id": user},
            "message": message,
            "user_id_by_app": format!("9{user}"),
        })
        .to_string();
        self.post_raw(&body, Some(&Self::sign(&body, &ts))).await
    }

    /// A file from `user` (`user_send_image`, `user_send_audio`…) at `url`, signed.
    pub async fn media(&self, event: &str, user: &str, url: &str, caption: Option<&str>) -> u16 {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let ts = Self::timestamp();
        let mut message = json!({
            "msg_id": format!("file{n}-{ts}"),
            "attachments": [{"type": "image", "payload": {"url": url, "thumbnail": url}}],
        });
        if let Some(c) = caption {
            message["text"] = json!(c);
        }
        let body = json!({
            "app_id": APP_ID,
            "user_id_by_app": format!("9{user}"),
            "event_name": event,
            "timestamp": ts,
            "sender": {"id": user},
            "recipient": {"id": "1423847451268726170"},
            "message": message,
        })
        .to_string();
        self.post_raw(&body, Some(&Self::sign(&body, &ts))).await
    }

    /// Any event kind from `user`, signed (stickers, echoes…).
    pub async fn event(&self, event: &str, sender: &str, recipient: &str) -> u16 {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let ts = Self::timestamp();
        let body = json!({
            "app_id": APP_ID,
            "event_name": event,
            "timestamp": ts,
            "sender": {"id": sender},
            "recipient": {"id": recipient},
            "message": {"text": "echo", "msg_id": format!("ev{n}-{ts}"), "attachments": []},
        })
        .to_string();
        self.post_raw(&body, Some(&Self::sign(&body, &ts))).await
    }
}
