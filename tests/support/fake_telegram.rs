//! A fake Telegram Bot API server on 127.0.0.1 that speaks the real JSON envelope, so the real
//! teloxide client (and the real `loaban` binary through TELOXIDE_API_URL) can be tested and
//! benchmarked against it without the network.
//!
//! Self-contained on purpose: integration tests include it with
//! `#[path = "support/fake_telegram.rs"] mod fake_telegram;` and the criterion bench with
//! `#[path = "../tests/support/fake_telegram.rs"] mod fake_telegram;`.
//!
//! Where it copies Telegram (so that a channel that passes here behaves on the real service):
//! - `getUpdates` long-polls, confirms by `offset` (negative offsets keep the last N), honours
//!   `limit`, remembers `allowed_updates` across calls like Telegram does (teloxide only sends
//!   it on the first call), and a second concurrent `getUpdates` ends the waiting one with 409
//!   "Conflict: terminated by other getUpdates request".
//! - `sendMessage` rejects empty text and, without `parse_mode`, text over 4096 characters.
//! - `editMessageText` with the same text and inline keyboard as the message already has is
//!   400 "message is not modified". Edits of messages this fake never sent are accepted.
//! - `answerCallbackQuery` for an unknown or already answered query id is 400 "query is too
//!   old…".
//! - `setMyCommands` rejects commands that are not 1–32 of `[a-z0-9_]` (BOT_COMMAND_INVALID).
//! - A user blocking the bot (`push_blocked`) also makes later sends to that chat fail with 403.
//! - `sendPhoto` / `sendVoice` take a `file_id` this fake knows (given with `push_photo` /
//!   `push_voice`, or returned by an earlier upload) or an uploaded file (a multipart part
//!   with a file name: recorded as an upload, given a new `file_id`); an unknown `file_id` is
//!   400 "wrong file identifier". The caption may be at most 1024 characters.
//! - `getFile` gives a `file_path` for a known `file_id`; `/file/bot<token>/<path>` serves
//!   the file's bytes (`put_file`). Both are counted (`count("getFile")`, `downloads()`).
//!
//! Any chat id is accepted for sending (Telegram would say "chat not found" for users who never
//! started the bot). Negative chat ids are groups, positive ones private chats.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet, VecDeque};
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::Notify;

/// The bot's user id. Real bot ids are the token's prefix; tests use the token "123:TEST".
pub const BOT_ID: i64 = 123;
pub const BOT_USERNAME: &str = "LoaBanTestBot";
pub const BOT_FIRST_NAME: &str = "Loa Bản";

/// The exact descriptions Telegram sends; teloxide maps them to `ApiError` variants by text.
pub const BOT_BLOCKED: &str = "Forbidden: bot was blocked by the user";
pub const USER_DEACTIVATED: &str = "Forbidden: user is deactivated";
pub const METHOD_NOT_FOUND: &str = "Not Found: method not found";
pub const MESSAGE_NOT_MODIFIED: &str = "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
pub const QUERY_ID_INVALID: &str =
    "Bad Request: query is too old and response timeout expired or query id is invalid";
pub const GET_UPDATES_CONFLICT: &str = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

/// Flood limits applied to `sendMessage` and `editMessageText` (both count as sends).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Reject when this many sends were accepted in the preceding 1000 ms.
    pub global_per_sec: Option<u32>,
    /// Reject when the previous accepted send to the chat was less than `1000 / n` ms ago.
    pub per_chat_per_sec: Option<u32>,
    /// Sent back as `parameters.retry_after` with every 429.
    pub retry_after_secs: u32,
}

impl Limits {
    pub fn off() -> Limits {
        Limits {
            global_per_sec: None,
            per_chat_per_sec: None,
            retry_after_secs: 1,
        }
    }

    /// Telegram's documented broadcast limits: about 30 messages a second overall and one a
    /// second per chat.
    pub fn telegram() -> Limits {
        Limits {
            global_per_sec: Some(30),
            per_chat_per_sec: Some(1),
            retry_after_secs: 1,
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::off()
    }
}

/// One accepted `sendPhoto` or `sendVoice`.
#[derive(Clone, Debug)]
pub struct SentMedia {
    pub chat_id: i64,
    /// "photo" or "voice".
    pub kind: String,
    /// The `file_id` sent, or for an upload the one this fake gave it.
    pub file_id: String,
    /// True when the file's bytes were uploaded with this call (a multipart file part).
    pub uploaded: bool,
    pub caption: Option<String>,
    pub reply_markup: Option<Value>,
    pub message_id: i64,
}

/// One accepted `setMyCommands`: (language_code, [(command, description)]).
pub type CommandSet = (Option<String>, Vec<(String, String)>);

/// One accepted `sendMessage` or `editMessageText`, as the bot asked for it (text is recorded
/// raw, before any `parse_mode` markup would be interpreted).
#[derive(Clone, Debug)]
pub struct SentMessage {
    pub chat_id: i64,
    pub text: String,
    pub reply_markup: Option<Value>,
    pub message_id: i64,
    pub at: Instant,
    pub parse_mode: Option<String>,
}

struct PendingUpdate {
    id: i64,
    /// The update's field name ("message", "callback_query", …), matched against
    /// `allowed_updates`.
    kind: &'static str,
    json: Value,
}

/// What a chat shows for a bot message: needed to fill callback queries' `message` and to
/// detect "message is not modified".
struct Shown {
    text: String,
    inline_markup: Option<Value>,
}

#[derive(Default)]
struct Inner {
    limits: Limits,
    last_update_id: i64,
    queue: VecDeque<PendingUpdate>,
    /// None: Telegram's default set (everything except chat_member and reactions).
    allowed_updates: Option<Vec<String>>,
    /// Bumped by every getUpdates, so an older waiting one knows it was superseded.
    poll_generation: u64,
    /// Telegram numbers messages per chat, user's and bot's in one sequence.
    last_message_id: HashMap<i64, i64>,
    last_user_message: HashMap<i64, i64>,
    shown: HashMap<(i64, i64), Shown>,
    sent: Vec<SentMessage>,
    edits: Vec<SentMessage>,
    next_callback: u64,
    open_callbacks: HashSet<String>,
    callback_answers: Vec<String>,
    commands: Vec<CommandSet>,
    calls: Vec<String>,
    counts: HashMap<String, usize>,
    rejected_429: usize,
    /// Why each 429 was given: (chat, "global" / "per chat" / "throttled", ms since the
    /// chat's last accepted message).
    why_429: Vec<(i64, &'static str, Option<u128>)>,
    served_5xx: usize,
    blocked: HashSet<i64>,
    deactivated: HashSet<i64>,
    fail_server: HashMap<i64, u32>,
    /// The next this many sends or edits, to any chat, get 502.
    fail_next: u32,
    throttle_next: u32,
    media: Vec<SentMedia>,
    /// file_id → its bytes, as `getFile` and the file download serve them.
    files: HashMap<String, Vec<u8>>,
    /// file_ids a send may use (the users' files and the uploads).
    known_files: HashSet<String>,
    next_upload: u64,
    downloads: usize,
    /// Accepted send times within the last second, for the global sliding window.
    window: VecDeque<Instant>,
    last_accepted: HashMap<i64, Instant>,
}

struct Shared {
    inner: Mutex<Inner>,
    /// Wakes long-polling getUpdates when an update is pushed or another poll starts.
    notify: Notify,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A test that panicked while holding the lock must not take every later assertion
        // down with it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub struct FakeTelegram {
    /// "http://127.0.0.1:PORT/", ready for `Bot::set_api_url` or TELOXIDE_API_URL.
    pub url: String,
    pub port: u16,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeTelegram {
    /// Binds a random port and serves on the current tokio runtime until dropped.
    pub async fn start(limits: Limits) -> FakeTelegram {
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner {
                limits,
                ..Inner::default()
            }),
            notify: Notify::new(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake Telegram");
        let port = listener.local_addr().expect("local addr").port();
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("fake Telegram serve");
        });
        FakeTelegram {
            url: format!("http://127.0.0.1:{port}/"),
            port,
            shared,
            server,
        }
    }

    pub fn set_limits(&self, limits: Limits) {
        self.shared.lock().limits = limits;
    }

    /// A private text message from `user_id` (chat id = user id). Returns the update id.
    pub fn push_text(&self, user_id: i64, text: &str) -> i64 {
        self.push_text_lang(user_id, text, None)
    }

    pub fn push_text_lang(&self, user_id: i64, text: &str, language_code: Option<&str>) -> i64 {
        self.push(|st| {
            let id = st.next_message_id(user_id);
            st.last_user_message.insert(user_id, id);
            let mut m = user_message(user_id, user_json(user_id, language_code), id);
            m["text"] = json!(text);
            ("message", m)
        })
    }

    /// A text message in group `chat_id` (negative, as Telegram's group ids are).
    pub fn push_group_text(&self, chat_id: i64, user_id: i64, text: &str) -> i64 {
        assert!(chat_id < 0, "group chat ids are negative, got {chat_id}");
        self.push(|st| {
            let id = st.next_message_id(chat_id);
            st.last_user_message.insert(chat_id, id);
            let mut m = user_message(chat_id, user_json(user_id, None), id);
            m["text"] = json!(text);
            ("message", m)
        })
    }

    /// The user pressed an inline button with `data` under bot message `message_id` in their
    /// private chat. The query carries that message as this fake sent (or last edited) it.
    pub fn push_callback(&self, user_id: i64, message_id: i64, data: &str) -> i64 {
        self.push(|st| {
            st.next_callback += 1;
            // Unique by the counter alone; the user id is only there to help reading failures.
            let query_id = format!("cbq{}u{user_id}", st.next_callback);
            st.open_callbacks.insert(query_id.clone());
            let (text, markup) = match st.shown.get(&(user_id, message_id)) {
                Some(s) => (s.text.clone(), s.inline_markup.clone()),
                None => (String::new(), None),
            };
            let message = bot_message(user_id, message_id, &text, markup.as_ref(), None);
            let q = json!({
                "id": query_id,
                "from": user_json(user_id, None),
                "message": message,
                "chat_instance": format!("ci{user_id}"),
                "data": data,
            });
            ("callback_query", q)
        })
    }

    /// The user blocked the bot: a `my_chat_member` update (member → kicked), and from now on
    /// sends to the chat get 403 like on Telegram.
    pub fn push_blocked(&self, user_id: i64) -> i64 {
        self.push(|st| {
            st.blocked.insert(user_id);
            ("my_chat_member", member_update(user_id, "member", "kicked"))
        })
    }

    /// The user unblocked the bot (kicked → member); sends work again.
    pub fn push_unblocked(&self, user_id: i64) -> i64 {
        self.push(|st| {
            st.blocked.remove(&user_id);
            ("my_chat_member", member_update(user_id, "kicked", "member"))
        })
    }

    /// The user edited their last message in the private chat (or a new one if none).
    pub fn push_edited_text(&self, user_id: i64, text: &str) -> i64 {
        self.push(|st| {
            let id = match st.last_user_message.get(&user_id) {
                Some(id) => *id,
                None => st.next_message_id(user_id),
            };
            let mut m = user_message(user_id, user_json(user_id, None), id);
            m["text"] = json!(text);
            m["edit_date"] = json!(unix_now());
            ("edited_message", m)
        })
    }

    /// A private message carrying a file: `field` is the Bot API's key for it ("photo",
    /// "voice", "video", "document") and `file` its object (an array of sizes for a photo).
    pub fn push_file(
        &self,
        user_id: i64,
        field: &str,
        file: serde_json::Value,
        caption: Option<&str>,
    ) -> i64 {
        let (field, file, caption) = (field.to_string(), file, caption.map(str::to_string));
        self.push(move |st| {
            let id = st.next_message_id(user_id);
            st.last_user_message.insert(user_id, id);
            let mut m = user_message(user_id, user_json(user_id, None), id);
            m[field.as_str()] = file;
            if let Some(c) = caption {
                m["caption"] = json!(c);
            }
            ("message", m)
        })
    }

    /// A private photo: two sizes as Telegram sends them, the larger `size` bytes.
    pub fn push_photo(&self, user_id: i64, file_id: &str, size: u64, caption: Option<&str>) -> i64 {
        let photo = json!([
            {"file_id": format!("{file_id}-small"), "file_unique_id": "small",
             "file_size": 1000, "width": 90, "height": 60},
            {"file_id": file_id, "file_unique_id": "large",
             "file_size": size, "width": 1280, "height": 853},
        ]);
        {
            let mut st = self.shared.lock();
            st.known_files.insert(file_id.to_string());
            st.known_files.insert(format!("{file_id}-small"));
        }
        self.push_file(user_id, "photo", photo, caption)
    }

    /// A private voice note of `size` bytes.
    pub fn push_voice(&self, user_id: i64, file_id: &str, size: u64, caption: Option<&str>) -> i64 {
        let voice = json!({"file_id": file_id, "file_unique_id": "voice", "file_size": size,
                           "duration": 12, "mime_type": "audio/ogg"});
        self.shared.lock().known_files.insert(file_id.to_string());
        self.push_file(user_id, "voice", voice, caption)
    }

    /// A private message with a sticker and no text.
    pub fn push_sticker(&self, user_id: i64) -> i64 {
        self.push(|st| {
            let id = st.next_message_id(user_id);
            st.last_user_message.insert(user_id, id);
            let mut m = user_message(user_id, user_json(user_id, None), id);
            m["sticker"] = json!({
                "file_id": "CAACAgIAAxkBAAEBfakeSticker",
                "file_unique_id": "AgADfakeSticker",
                "file_size": 12345,
                "width": 512,
                "height": 512,
                "type": "regular",
                "is_animated": false,
                "is_video": false,
                "emoji": "👍",
                "set_name": "FakeStickers",
            });
            ("message", m)
        })
    }

    /// The bytes `getFile` and the file download give for `file_id`.
    pub fn put_file(&self, file_id: &str, bytes: Vec<u8>) {
        let mut st = self.shared.lock();
        st.known_files.insert(file_id.to_string());
        st.files.insert(file_id.to_string(), bytes);
    }

    /// Accepted `sendPhoto` and `sendVoice` calls, in order.
    pub fn media(&self) -> Vec<SentMedia> {
        self.shared.lock().media.clone()
    }

    pub fn media_to(&self, chat_id: i64) -> Vec<SentMedia> {
        self.media()
            .into_iter()
            .filter(|m| m.chat_id == chat_id)
            .collect()
    }

    /// Files served from `/file/bot<token>/…`.
    pub fn downloads(&self) -> usize {
        self.shared.lock().downloads
    }

    /// Sends and edits to `chat_id` get 403 "Forbidden: bot was blocked by the user".
    pub fn block(&self, chat_id: i64) {
        self.shared.lock().blocked.insert(chat_id);
    }

    pub fn unblock(&self, chat_id: i64) {
        self.shared.lock().blocked.remove(&chat_id);
    }

    /// Sends and edits to `chat_id` get 403 "Forbidden: user is deactivated".
    pub fn deactivate(&self, chat_id: i64) {
        self.shared.lock().deactivated.insert(chat_id);
    }

    /// The next `times` sends or edits to `chat_id` get 502 Bad Gateway. Beware: teloxide
    /// sleeps 10 s after any 5xx before it returns the error.
    pub fn fail_server(&self, chat_id: i64, times: u32) {
        self.shared.lock().fail_server.insert(chat_id, times);
    }

    /// The next `times` sends or edits, to whichever chats, get 502 Bad Gateway (the same
    /// 10 s teloxide pause applies to each).
    pub fn fail_next_sends(&self, times: u32) {
        self.shared.lock().fail_next = times;
    }

    /// Runs `f` over the accepted sends without copying them (cheap enough to poll often
    /// while thousands of messages go out; `sent_to` copies).
    pub fn with_sent<R>(&self, f: impl FnOnce(&[SentMessage]) -> R) -> R {
        f(&self.shared.lock().sent)
    }

    /// The next `times` sends or edits, to whichever chats, get 429 with the limits'
    /// `retry_after`, whatever the rate: a flood limit hit however fast the bot manages to go.
    pub fn throttle_next_sends(&self, times: u32) {
        self.shared.lock().throttle_next = times;
    }

    pub fn sent(&self) -> Vec<SentMessage> {
        self.shared.lock().sent.clone()
    }

    pub fn sent_to(&self, chat_id: i64) -> Vec<SentMessage> {
        let st = self.shared.lock();
        st.sent
            .iter()
            .filter(|m| m.chat_id == chat_id)
            .cloned()
            .collect()
    }

    /// The newest message sent to `chat_id` containing `needle`.
    pub fn latest_to(&self, chat_id: i64, needle: &str) -> Option<SentMessage> {
        self.sent_to(chat_id)
            .into_iter()
            .rev()
            .find(|m| m.text.contains(needle))
    }

    pub fn sent_count(&self) -> usize {
        self.shared.lock().sent.len()
    }

    /// Accepted `editMessageText` calls (inline-message edits have chat_id and message_id 0).
    pub fn edits(&self) -> Vec<SentMessage> {
        self.shared.lock().edits.clone()
    }

    /// Query ids answered with `answerCallbackQuery`, in order.
    pub fn callback_answers(&self) -> Vec<String> {
        self.shared.lock().callback_answers.clone()
    }

    /// Accepted `setMyCommands` calls: (language_code, [(command, description)]).
    pub fn commands(&self) -> Vec<CommandSet> {
        self.shared.lock().commands.clone()
    }

    /// Calls of `method`, case-insensitive, whatever their outcome.
    pub fn count(&self, method: &str) -> usize {
        let key = method.to_ascii_lowercase();
        self.shared.lock().counts.get(&key).copied().unwrap_or(0)
    }

    /// Every call's method name in arrival order, as the client spelled it, without the token.
    pub fn calls(&self) -> Vec<String> {
        self.shared.lock().calls.clone()
    }

    pub fn rejected_429(&self) -> usize {
        self.shared.lock().rejected_429
    }

    /// Each 429 given, as "chat: which limit (ms since that chat's last message)".
    pub fn why_429(&self) -> Vec<String> {
        self.shared
            .lock()
            .why_429
            .iter()
            .map(|(chat, why, gap)| match gap {
                Some(ms) => format!("{chat}: {why} ({ms} ms after its last)"),
                None => format!("{chat}: {why}"),
            })
            .collect()
    }

    /// 502s served by `fail_server`.
    pub fn served_5xx(&self) -> usize {
        self.shared.lock().served_5xx
    }

    /// Pushed updates not yet confirmed by a later offset (delivered ones included).
    pub fn pending_updates(&self) -> usize {
        self.shared.lock().queue.len()
    }

    /// The `allowed_updates` last set by a getUpdates call; None means Telegram's default set.
    pub fn allowed_updates(&self) -> Option<Vec<String>> {
        self.shared.lock().allowed_updates.clone()
    }

    /// Polls `cond` every 10 ms until it holds or `timeout` passes; true if it held.
    pub async fn wait_until(
        &self,
        timeout: Duration,
        cond: impl Fn(&FakeTelegram) -> bool,
    ) -> bool {
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

    fn push(&self, build: impl FnOnce(&mut Inner) -> (&'static str, Value)) -> i64 {
        let id = {
            let mut st = self.shared.lock();
            let (kind, body) = build(&mut st);
            st.last_update_id += 1;
            let id = st.last_update_id;
            let mut json = json!({ "update_id": id });
            json[kind] = body;
            st.queue.push_back(PendingUpdate { id, kind, json });
            id
        };
        self.shared.notify.notify_waiters();
        id
    }
}

impl Inner {
    fn next_message_id(&mut self, chat_id: i64) -> i64 {
        let n = self.last_message_id.entry(chat_id).or_insert(0);
        *n += 1;
        *n
    }

    /// Failures that Telegram reports before looking at the request itself.
    fn refuse(&mut self, chat_id: i64) -> Option<Response> {
        if self.fail_next > 0 {
            self.fail_next -= 1;
            self.served_5xx += 1;
            return Some(error(StatusCode::BAD_GATEWAY, "Bad Gateway"));
        }
        if let Some(left) = self.fail_server.get_mut(&chat_id)
            && *left > 0
        {
            *left -= 1;
            self.served_5xx += 1;
            return Some(error(StatusCode::BAD_GATEWAY, "Bad Gateway"));
        }
        if self.blocked.contains(&chat_id) {
            return Some(error(StatusCode::FORBIDDEN, BOT_BLOCKED));
        }
        if self.deactivated.contains(&chat_id) {
            return Some(error(StatusCode::FORBIDDEN, USER_DEACTIVATED));
        }
        None
    }

    fn rate_limited(&mut self, chat_id: i64, now: Instant) -> Option<Response> {
        let limits = self.limits;
        let mut why = (self.throttle_next > 0).then_some("throttled");
        self.throttle_next = self.throttle_next.saturating_sub(1);
        if let Some(global) = limits.global_per_sec {
            self.prune_window(now);
            if why.is_none() && self.window.len() >= global as usize {
                why = Some("global");
            }
        }
        let since_last = self
            .last_accepted
            .get(&chat_id)
            .map(|last| now.duration_since(*last));
        if why.is_none()
            && let Some(per_chat) = limits.per_chat_per_sec
            && let Some(since) = since_last
        {
            let gap = Duration::from_millis(1000 / u64::from(per_chat.max(1)));
            if since < gap {
                why = Some("per chat");
            }
        }
        let why = why?;
        self.why_429
            .push((chat_id, why, since_last.map(|d| d.as_millis())));
        self.rejected_429 += 1;
        let secs = limits.retry_after_secs;
        Some(reply(
            StatusCode::TOO_MANY_REQUESTS,
            json!({
                "ok": false,
                "error_code": 429,
                "description": format!("Too Many Requests: retry after {secs}"),
                "parameters": { "retry_after": secs },
            }),
        ))
    }

    fn prune_window(&mut self, now: Instant) {
        while let Some(t) = self.window.front()
            && now.duration_since(*t) >= Duration::from_secs(1)
        {
            self.window.pop_front();
        }
    }

    fn accept(&mut self, chat_id: i64, now: Instant) {
        // Kept even with limits off, so limits switched on mid-test see the real recent past;
        // pruning keeps it to one second of sends.
        self.prune_window(now);
        self.window.push_back(now);
        self.last_accepted.insert(chat_id, now);
    }

    /// Applies a getUpdates offset: confirms (forgets) everything before it; a negative one
    /// keeps only the last `-offset` updates.
    fn confirm(&mut self, offset: i64) {
        if offset >= 0 {
            while self.queue.front().is_some_and(|u| u.id < offset) {
                self.queue.pop_front();
            }
        } else {
            let keep = offset.unsigned_abs() as usize;
            while self.queue.len() > keep {
                self.queue.pop_front();
            }
        }
    }

    fn allowed(&self, kind: &str) -> bool {
        match &self.allowed_updates {
            Some(list) => list.iter().any(|k| k == kind),
            None => !matches!(
                kind,
                "chat_member" | "message_reaction" | "message_reaction_count"
            ),
        }
    }

    fn take_batch(&mut self, limit: usize) -> Vec<Value> {
        // Telegram never delivers updates of types the bot did not subscribe to.
        let queue = std::mem::take(&mut self.queue);
        self.queue = queue.into_iter().filter(|u| self.allowed(u.kind)).collect();
        self.queue
            .iter()
            .take(limit)
            .map(|u| u.json.clone())
            .collect()
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(1)
}

fn bot_user() -> Value {
    json!({
        "id": BOT_ID,
        "is_bot": true,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
    })
}

fn user_json(user_id: i64, language_code: Option<&str>) -> Value {
    let mut u = json!({
        "id": user_id,
        "is_bot": false,
        "first_name": format!("User {user_id}"),
    });
    if let Some(lang) = language_code {
        u["language_code"] = json!(lang);
    }
    u
}

fn chat_json(chat_id: i64) -> Value {
    if chat_id < 0 {
        json!({ "id": chat_id, "type": "group", "title": format!("Group {chat_id}") })
    } else {
        json!({ "id": chat_id, "type": "private", "first_name": format!("User {chat_id}") })
    }
}

/// A message from a user, without content (callers add `text`, `sticker`, …).
fn user_message(chat_id: i64, from: Value, message_id: i64) -> Value {
    json!({
        "message_id": message_id,
        "from": from,
        "chat": chat_json(chat_id),
        "date": unix_now(),
    })
}

fn bot_message(
    chat_id: i64,
    message_id: i64,
    text: &str,
    inline_markup: Option<&Value>,
    edit_date: Option<u64>,
) -> Value {
    let mut m = json!({
        "message_id": message_id,
        "from": bot_user(),
        "chat": chat_json(chat_id),
        "date": unix_now(),
        "text": text,
    });
    if let Some(markup) = inline_markup {
        m["reply_markup"] = markup.clone();
    }
    if let Some(d) = edit_date {
        m["edit_date"] = json!(d);
    }
    m
}

fn member_update(user_id: i64, old: &str, new: &str) -> Value {
    let member = |status: &str| {
        let mut m = json!({ "user": bot_user(), "status": status });
        if status == "kicked" {
            // 0 = forever, which is what a block looks like.
            m["until_date"] = json!(0);
        }
        m
    };
    json!({
        "chat": chat_json(user_id),
        "from": user_json(user_id, None),
        "date": unix_now(),
        "old_chat_member": member(old),
        "new_chat_member": member(new),
    })
}

/// Messages only ever show inline keyboards; reply keyboards and removals are not echoed.
fn inline_only(markup: Option<&Value>) -> Option<Value> {
    markup
        .filter(|m| m.get("inline_keyboard").is_some())
        .cloned()
}

fn reply(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn ok(result: Value) -> Response {
    reply(StatusCode::OK, json!({ "ok": true, "result": result }))
}

fn error(status: StatusCode, description: &str) -> Response {
    reply(
        status,
        json!({ "ok": false, "error_code": status.as_u16(), "description": description }),
    )
}

/// `/bot<TOKEN>/<method>` → method. The token is skipped, never kept.
fn method_name(path: &str) -> Option<&str> {
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    segments.find(|s| s.starts_with("bot"))?;
    segments.next()
}

fn int(v: Option<&Value>) -> Option<i64> {
    let v = v?;
    v.as_i64().or_else(|| v.as_str()?.trim().parse().ok())
}

fn string(v: Option<&Value>) -> Option<String> {
    v?.as_str().map(str::to_owned)
}

/// Structured parameters arrive as JSON strings in GET queries and form bodies.
fn structured(v: Option<&Value>) -> Option<Value> {
    match v? {
        Value::Null => None,
        Value::String(s) => serde_json::from_str(s).ok(),
        other => Some(other.clone()),
    }
}

fn flag(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true" || s == "1",
        _ => false,
    }
}

fn params(uri: &Uri, body: &Bytes) -> Value {
    let mut p = serde_json::Map::new();
    if let Some(q) = uri.query() {
        p.extend(form_pairs(q));
    }
    if !body.is_empty() {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(m)) => p.extend(m),
            _ => {
                if let Ok(s) = std::str::from_utf8(body) {
                    p.extend(form_pairs(s));
                }
            }
        }
    }
    Value::Object(p)
}

fn form_pairs(s: &str) -> impl Iterator<Item = (String, Value)> + '_ {
    s.split('&').filter(|kv| !kv.is_empty()).map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (percent_decode(k), Value::String(percent_decode(v)))
    })
}

fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A multipart/form-data body: its text fields as parameters, and the names of the fields
/// that carried a file (a part with a `filename`).
fn multipart(content_type: &str, body: &[u8]) -> Option<(Value, Vec<String>)> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let text = String::from_utf8_lossy(body);
    let mut params = serde_json::Map::new();
    let mut files = Vec::new();
    for part in text.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n").unwrap_or(part);
        let Some((head, value)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))?;
        let field = |key: &str| {
            disposition.split(';').map(str::trim).find_map(|p| {
                p.strip_prefix(&format!("{key}="))
                    .map(|v| v.trim_matches('"').to_string())
            })
        };
        let Some(name) = field("name") else { continue };
        if field("filename").is_some() {
            files.push(name);
        } else {
            params.insert(name, Value::String(value.to_string()));
        }
    }
    Some((Value::Object(params), files))
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(rest) = uri.path().strip_prefix("/file/") {
        return download(&shared, rest);
    }
    let Some(name) = method_name(uri.path()) else {
        return error(StatusCode::NOT_FOUND, "Not Found");
    };
    if method != Method::GET && method != Method::POST {
        return error(StatusCode::NOT_FOUND, METHOD_NOT_FOUND);
    }
    let key = name.to_ascii_lowercase();
    {
        let mut st = shared.lock();
        st.calls.push(name.to_owned());
        *st.counts.entry(key.clone()).or_insert(0) += 1;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (p, uploads) = match content_type
        .starts_with("multipart/form-data")
        .then(|| multipart(content_type, &body))
        .flatten()
    {
        Some((p, files)) => (p, files),
        None => (params(&uri, &body), Vec::new()),
    };
    match key.as_str() {
        "sendphoto" => send_media(&shared, &p, "photo", &uploads),
        "sendvoice" => send_media(&shared, &p, "voice", &uploads),
        "getfile" => get_file(&shared, &p),
        "getme" => ok(me()),
        "getwebhookinfo" => {
            let pending = shared.lock().queue.len();
            ok(json!({
                "url": "",
                "has_custom_certificate": false,
                "pending_update_count": pending,
            }))
        }
        "deletewebhook" => {
            if flag(p.get("drop_pending_updates")) {
                shared.lock().queue.clear();
            }
            ok(json!(true))
        }
        "getupdates" => get_updates(&shared, &p).await,
        "sendmessage" => send_message(&shared, &p),
        "editmessagetext" => edit_message_text(&shared, &p),
        "answercallbackquery" => answer_callback_query(&shared, &p),
        "setmycommands" => set_my_commands(&shared, &p),
        "deletemycommands" => ok(json!(true)),
        _ => error(StatusCode::NOT_FOUND, METHOD_NOT_FOUND),
    }
}

/// `sendPhoto` / `sendVoice`: by a known `file_id`, or an upload (a file part named `kind`).
fn send_media(shared: &Shared, p: &Value, kind: &str, uploads: &[String]) -> Response {
    let Some(chat_id) = int(p.get("chat_id")) else {
        return error(StatusCode::BAD_REQUEST, "Bad Request: chat_id is empty");
    };
    let caption = string(p.get("caption"));
    let reply_markup = structured(p.get("reply_markup"));
    let now = Instant::now();
    let mut st = shared.lock();
    if let Some(refused) = st.refuse(chat_id) {
        return refused;
    }
    if caption.as_ref().is_some_and(|c| c.chars().count() > 1024) {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: message caption is too long",
        );
    }
    // An upload is a file part, named by the field itself or (as teloxide sends it) by an
    // `attach://<name>` value of the field.
    let field = string(p.get(kind)).unwrap_or_default();
    let attached = field.strip_prefix("attach://").unwrap_or(kind);
    let uploaded = uploads.iter().any(|f| f == attached || f == kind);
    let file_id = if uploaded {
        st.next_upload += 1;
        let id = format!("uploaded-{kind}-{}", st.next_upload);
        st.known_files.insert(id.clone());
        id
    } else {
        match Some(field) {
            Some(id) if st.known_files.contains(&id) => id,
            _ => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "Bad Request: wrong file identifier/HTTP URL specified",
                );
            }
        }
    };
    if let Some(limited) = st.rate_limited(chat_id, now) {
        return limited;
    }
    st.accept(chat_id, now);
    let message_id = st.next_message_id(chat_id);
    st.media.push(SentMedia {
        chat_id,
        kind: kind.to_string(),
        file_id: file_id.clone(),
        uploaded,
        caption: caption.clone(),
        reply_markup: reply_markup.clone(),
        message_id,
    });
    drop(st);
    let mut m = json!({
        "message_id": message_id,
        "from": bot_user(),
        "chat": chat_json(chat_id),
        "date": unix_now(),
    });
    if kind == "photo" {
        m["photo"] = json!([
            {"file_id": format!("{file_id}-small"), "file_unique_id": "s", "width": 90, "height": 60},
            {"file_id": file_id, "file_unique_id": "l", "width": 1280, "height": 853},
        ]);
    } else {
        m["voice"] = json!({"file_id": file_id, "file_unique_id": "v", "duration": 12});
    }
    if let Some(c) = caption {
        m["caption"] = json!(c);
    }
    if let Some(markup) = inline_only(reply_markup.as_ref()) {
        m["reply_markup"] = markup;
    }
    ok(m)
}

/// `getFile` for a known file: its path under `/file/bot<token>/`.
fn get_file(shared: &Shared, p: &Value) -> Response {
    let id = string(p.get("file_id")).unwrap_or_default();
    let st = shared.lock();
    match st.files.get(&id) {
        Some(bytes) => ok(json!({
            "file_id": id,
            "file_unique_id": format!("u-{id}"),
            "file_size": bytes.len(),
            "file_path": format!("photos/{id}.jpg"),
        })),
        None => error(StatusCode::BAD_REQUEST, "Bad Request: invalid file_id"),
    }
}

/// `/file/bot<token>/photos/<file_id>.jpg` (the path `getFile` gave, maybe percent-encoded).
fn download(shared: &Shared, rest: &str) -> Response {
    let path = percent_decode(rest);
    let id = path
        .rsplit('/')
        .next()
        .and_then(|f| f.strip_suffix(".jpg"))
        .unwrap_or("");
    let mut st = shared.lock();
    let Some(bytes) = st.files.get(id).cloned() else {
        return error(StatusCode::NOT_FOUND, "Not Found");
    };
    st.downloads += 1;
    (StatusCode::OK, bytes).into_response()
}

fn me() -> Value {
    let mut me = bot_user();
    let extra = json!({
        "can_join_groups": true,
        "can_read_all_group_messages": false,
        "supports_inline_queries": false,
        "can_connect_to_business": false,
        "has_main_web_app": false,
    });
    if let (Some(me), Value::Object(extra)) = (me.as_object_mut(), extra) {
        me.extend(extra);
    }
    me
}

async fn get_updates(shared: &Shared, p: &Value) -> Response {
    let offset = int(p.get("offset"));
    let limit = int(p.get("limit")).unwrap_or(100).clamp(1, 100) as usize;
    let timeout = int(p.get("timeout")).unwrap_or(0).clamp(0, 3600) as u64;
    let allowed = structured(p.get("allowed_updates"));
    let generation = {
        let mut st = shared.lock();
        st.poll_generation += 1;
        if let Some(Value::Array(list)) = allowed {
            let kinds: Vec<String> = list
                .iter()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect();
            st.allowed_updates = if kinds.is_empty() { None } else { Some(kinds) };
        }
        if let Some(offset) = offset {
            st.confirm(offset);
        }
        st.poll_generation
    };
    // Ends an older poll that is still waiting, as Telegram does with a 409.
    shared.notify.notify_waiters();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    loop {
        // Registered before looking at the queue, so a push in between is not missed.
        let mut notified = pin!(shared.notify.notified());
        notified.as_mut().enable();
        {
            let mut st = shared.lock();
            if st.poll_generation != generation {
                return error(StatusCode::CONFLICT, GET_UPDATES_CONFLICT);
            }
            let batch = st.take_batch(limit);
            if !batch.is_empty() || tokio::time::Instant::now() >= deadline {
                return ok(Value::Array(batch));
            }
        }
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}

fn send_message(shared: &Shared, p: &Value) -> Response {
    let Some(chat_id) = int(p.get("chat_id")) else {
        return error(StatusCode::BAD_REQUEST, "Bad Request: chat_id is empty");
    };
    let text = p.get("text").and_then(Value::as_str).unwrap_or("");
    let reply_markup = structured(p.get("reply_markup"));
    let parse_mode = string(p.get("parse_mode"));
    let now = Instant::now();
    let mut st = shared.lock();
    if let Some(refused) = st.refuse(chat_id) {
        return refused;
    }
    if text.trim().is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: message text is empty",
        );
    }
    // With a parse_mode the markup does not count, and this fake does not parse it.
    if parse_mode.is_none() && text.chars().count() > 4096 {
        return error(StatusCode::BAD_REQUEST, "Bad Request: message is too long");
    }
    if let Some(limited) = st.rate_limited(chat_id, now) {
        return limited;
    }
    st.accept(chat_id, now);
    let message_id = st.next_message_id(chat_id);
    let inline = inline_only(reply_markup.as_ref());
    st.shown.insert(
        (chat_id, message_id),
        Shown {
            text: text.to_owned(),
            inline_markup: inline.clone(),
        },
    );
    st.sent.push(SentMessage {
        chat_id,
        text: text.to_owned(),
        reply_markup,
        message_id,
        at: now,
        parse_mode,
    });
    drop(st);
    ok(bot_message(
        chat_id,
        message_id,
        text,
        inline.as_ref(),
        None,
    ))
}

fn edit_message_text(shared: &Shared, p: &Value) -> Response {
    let text = p.get("text").and_then(Value::as_str).unwrap_or("");
    let reply_markup = structured(p.get("reply_markup"));
    let parse_mode = string(p.get("parse_mode"));
    let now = Instant::now();
    if p.get("inline_message_id").is_some_and(|v| !v.is_null()) {
        if text.trim().is_empty() {
            return error(
                StatusCode::BAD_REQUEST,
                "Bad Request: message text is empty",
            );
        }
        shared.lock().edits.push(SentMessage {
            chat_id: 0,
            text: text.to_owned(),
            reply_markup,
            message_id: 0,
            at: now,
            parse_mode,
        });
        return ok(json!(true));
    }
    let Some(chat_id) = int(p.get("chat_id")) else {
        return error(StatusCode::BAD_REQUEST, "Bad Request: chat_id is empty");
    };
    let Some(message_id) = int(p.get("message_id")) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: message identifier is not specified",
        );
    };
    let mut st = shared.lock();
    if let Some(refused) = st.refuse(chat_id) {
        return refused;
    }
    if text.trim().is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: message text is empty",
        );
    }
    let inline = inline_only(reply_markup.as_ref());
    if let Some(shown) = st.shown.get(&(chat_id, message_id))
        && shown.text == text
        && shown.inline_markup == inline
    {
        return error(StatusCode::BAD_REQUEST, MESSAGE_NOT_MODIFIED);
    }
    if let Some(limited) = st.rate_limited(chat_id, now) {
        return limited;
    }
    st.accept(chat_id, now);
    st.shown.insert(
        (chat_id, message_id),
        Shown {
            text: text.to_owned(),
            inline_markup: inline.clone(),
        },
    );
    st.edits.push(SentMessage {
        chat_id,
        text: text.to_owned(),
        reply_markup,
        message_id,
        at: now,
        parse_mode,
    });
    drop(st);
    ok(bot_message(
        chat_id,
        message_id,
        text,
        inline.as_ref(),
        Some(unix_now()),
    ))
}

fn answer_callback_query(shared: &Shared, p: &Value) -> Response {
    let id = string(p.get("callback_query_id")).unwrap_or_default();
    let mut st = shared.lock();
    // Telegram accepts one answer per query.
    if !st.open_callbacks.remove(&id) {
        return error(StatusCode::BAD_REQUEST, QUERY_ID_INVALID);
    }
    st.callback_answers.push(id);
    ok(json!(true))
}

fn set_my_commands(shared: &Shared, p: &Value) -> Response {
    let mut commands = Vec::new();
    if let Some(Value::Array(list)) = structured(p.get("commands")) {
        for c in &list {
            let command = string(c.get("command")).unwrap_or_default();
            let description = string(c.get("description")).unwrap_or_default();
            let valid = (1..=32).contains(&command.len())
                && command
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !valid {
                return error(StatusCode::BAD_REQUEST, "Bad Request: BOT_COMMAND_INVALID");
            }
            commands.push((command, description));
        }
    }
    let language_code = string(p.get("language_code")).filter(|l| !l.is_empty());
    shared.lock().commands.push((language_code, commands));
    ok(json!(true))
}
