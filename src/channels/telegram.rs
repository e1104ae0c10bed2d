//! The Telegram channel: long polling with teloxide's Bot API client, updates → `Inbound`,
//! the core's answers → stored replies → Bot API calls, and `Deliver` for broadcasts.
//! teloxide types live only in this module.
//!
//! A batch of updates is read, answered and its answers stored with the batch's last
//! update id in one flush before the next `getUpdates` acknowledges it; so a crash never
//! loses a message Telegram counted as received, nor its answer. Sending runs apart, one
//! queue per chat, so a chat waiting for its turn never delays the others.

use std::sync::Arc;
use std::time::Duration;

use teloxide::net::Download;
use teloxide::payloads::{
    EditMessageTextSetters, GetUpdatesSetters, SendMessageSetters, SendPhotoSetters,
    SendVoiceSetters,
};
use teloxide::prelude::*;
use teloxide::types::{
    AllowedUpdate, BotCommand, FileId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile,
    MessageId, UpdateKind,
};
use teloxide::{ApiError, RequestError};
use tokio::sync::watch;

use super::replies::{Replies, SendReply};

/// Idle connections to the Bot API kept for reuse (more than the senders of a broadcast).
const IDLE_CONNECTIONS: usize = 32;
use crate::config::TelegramConfig;
use crate::core::Core;
use crate::delivery::pace::{Pacer, Rates};
use crate::delivery::{Deliver, FetchError, MediaNotice, Route, SendOutcome};
use crate::i18n::Locale;
use crate::message::{
    Address, Attachment, Inbound, InboundBody, MediaKind, OutMessage, Outbound, UserId,
};
use crate::model::FailReason;
use crate::store::{MediaCopy, Store, StoredReply, TextOnlyWhy};
use crate::text::split::split_text;

/// Telegram's limit on one message's text.
const MAX_TEXT: usize = 4096;
/// Telegram's limit on a photo's or voice note's caption, in UTF-16 code units.
const MAX_CAPTION: usize = 1024;
/// The largest photo a bot may upload (Bot API `sendPhoto`: 10 MB); voice notes may be 50 MB
/// but are never near it.
const MAX_UPLOAD: u64 = 10 * 1024 * 1024;
const PLATFORM: &str = "telegram";

/// Why the Telegram channel cannot start.
#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error(
        "no Telegram bot token: set TELOXIDE_TOKEN (or [telegram] token in the config), \
         or configure [zalo]. To try the bot without a messenger, run `loaban console`."
    )]
    NoToken,
    #[error("the Bot API URL `{0}` is not a valid URL")]
    BadUrl(String),
    #[error("Telegram refused the bot token (check TELOXIDE_TOKEN / [telegram] token)")]
    BadToken,
}

/// Where to reach Telegram and as which bot.
pub struct Settings {
    token: String,
    api_url: Option<url::Url>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token never goes into a log line or an error message.
        f.debug_struct("Settings")
            .field("api_url", &self.api_url.as_ref().map(|u| u.as_str()))
            .finish_non_exhaustive()
    }
}

impl Settings {
    /// Token from TELOXIDE_TOKEN, else the config; URL from TELOXIDE_API_URL, else the
    /// config, else Telegram's own.
    pub fn from_env_and_config(config: &TelegramConfig) -> Result<Settings, TelegramError> {
        let token = std::env::var("TELOXIDE_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| config.token.clone())
            .ok_or(TelegramError::NoToken)?;
        let url = std::env::var("TELOXIDE_API_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())
            .or_else(|| config.api_url.clone());
        let api_url = match url {
            Some(u) => Some(url::Url::parse(&u).map_err(|_| TelegramError::BadUrl(u.clone()))?),
            None => None,
        };
        Ok(Settings {
            token: token.trim().to_string(),
            api_url,
        })
    }

    fn bot(&self) -> Bot {
        // teloxide's own settings (timeouts), but at most IDLE_CONNECTIONS idle connections
        // kept: reqwest keeps every one for 90 s by default, and after a burst of answers to
        // thousands of chats those idle connections and their buffers held ~14 MiB.
        let client = teloxide::net::default_reqwest_settings()
            .pool_max_idle_per_host(IDLE_CONNECTIONS)
            .build()
            .expect("the HTTP client builds with teloxide's settings");
        let bot = Bot::with_client(&self.token, client);
        match &self.api_url {
            Some(u) => bot.set_api_url(u.clone()),
            None => bot,
        }
    }

    /// Removes the token from any text (error messages can quote URLs).
    pub fn redact(&self, text: &str) -> String {
        if self.token.is_empty() {
            text.to_string()
        } else {
            text.replace(&self.token, "<token>")
        }
    }
}

/// How a Bot API error counts for delivery.
pub fn classify(err: &RequestError) -> SendOutcome {
    let gone = |words: String| SendOutcome::Gone(FailReason::RecipientGone { words });
    let network = |words: String| SendOutcome::Transient(FailReason::Network { words });
    match err {
        RequestError::RetryAfter(s) => SendOutcome::RetryAfter(s.duration()),
        RequestError::Api(api) => match api {
            ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::ChatNotFound
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::BotKickedFromChannel
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots => gone(api.to_string()),
            ApiError::Unknown(text) if text.starts_with("Forbidden") => gone(text.clone()),
            ApiError::Unknown(text)
                if text.contains("Internal Server Error")
                    || text.contains("Bad Gateway")
                    || text.contains("Service Unavailable")
                    || text.contains("Gateway Timeout") =>
            {
                network(text.clone())
            }
            other => SendOutcome::Permanent(FailReason::Refused {
                code: None,
                words: other.to_string(),
            }),
        },
        RequestError::MigrateToChatId(_) => gone("chat migrated".into()),
        // Network errors have their URL (and so the token) removed by teloxide; 5xx bodies
        // are not JSON and surface as InvalidJson.
        RequestError::Network(e) => network(format!("network: {e}")),
        RequestError::InvalidJson { .. } => network("invalid response".into()),
        RequestError::Io(e) => network(format!("io: {e}")),
    }
}

fn keyboard(message: &OutMessage) -> Option<InlineKeyboardMarkup> {
    if message.buttons.is_empty() {
        return None;
    }
    Some(InlineKeyboardMarkup::new(message.buttons.iter().map(
        |row| {
            row.iter()
                .map(|b| InlineKeyboardButton::callback(b.label.clone(), b.payload.clone()))
                .collect::<Vec<_>>()
        },
    )))
}

fn chat_id(address: &Address) -> Option<ChatId> {
    address.chat.parse().ok().map(ChatId)
}

/// Sends one message as plain text (user text can never break a parse mode), split at
/// Telegram's limit, the buttons on the last piece. Returns the id of the message sent when
/// it fit in one piece (a split one cannot be edited as a whole).
async fn send(bot: &Bot, chat: ChatId, message: &OutMessage) -> Result<Option<i32>, RequestError> {
    let parts = split_text(&message.text, MAX_TEXT);
    let last = parts.len() - 1;
    let mut id = None;
    for (i, part) in parts.into_iter().enumerate() {
        let mut req = bot.send_message(chat, part);
        if i == last
            && let Some(kb) = keyboard(message)
        {
            req = req.reply_markup(kb);
        }
        let sent = req.await?;
        id = (last == 0).then_some(sent.id.0);
    }
    Ok(id)
}

/// The file of a media notice as one send takes it, and how this send may return a
/// reference for the next ones.
enum MediaFile {
    /// Telegram's own `file_id`: sent by reference, never uploaded again.
    Id(String),
    /// Bytes from another messenger, uploaded with this send; the `file_id` Telegram gives
    /// back is kept for the rest.
    Upload(Arc<Vec<u8>>),
}

/// Sends a photo or voice note with the notice as its caption and "✅ Đã nhận" under it; a
/// notice longer than a caption may be goes as the file, then the text with the button.
/// Returns the id of the message carrying the button (when it is one piece) and the
/// `file_id` Telegram gives the file.
async fn send_media(
    bot: &Bot,
    chat: ChatId,
    kind: MediaKind,
    file: &MediaFile,
    message: &OutMessage,
) -> Result<(Option<i32>, Option<String>), RequestError> {
    let input = match file {
        MediaFile::Id(id) => InputFile::file_id(FileId(id.clone())),
        MediaFile::Upload(bytes) => {
            InputFile::memory(bytes.as_ref().clone()).file_name(match kind {
                MediaKind::Voice => "notice.ogg",
                _ => "notice.jpg",
            })
        }
    };
    let fits = message.text.encode_utf16().count() <= MAX_CAPTION;
    let kb = keyboard(message).filter(|_| fits);
    let sent = match kind {
        MediaKind::Voice => {
            let mut req = bot.send_voice(chat, input);
            if fits {
                req = req.caption(message.text.clone());
            }
            if let Some(kb) = kb {
                req = req.reply_markup(kb);
            }
            req.await?
        }
        _ => {
            let mut req = bot.send_photo(chat, input);
            if fits {
                req = req.caption(message.text.clone());
            }
            if let Some(kb) = kb {
                req = req.reply_markup(kb);
            }
            req.await?
        }
    };
    let file_id = sent
        .photo()
        .and_then(|sizes| {
            sizes
                .iter()
                .max_by_key(|p| u64::from(p.width) * u64::from(p.height))
        })
        .map(|p| p.file.id.0.clone())
        .or_else(|| sent.voice().map(|v| v.file.id.0.clone()));
    if fits {
        return Ok((Some(sent.id.0), file_id));
    }
    Ok((send(bot, chat, message).await?, file_id))
}

/// Bytes written into memory, refused past `max`: a file larger than announced stops there.
struct Capped {
    bytes: Vec<u8>,
    max: usize,
}

impl tokio::io::AsyncWrite for Capped {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
        data: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        if self.bytes.len() + data.len() > self.max {
            return std::task::Poll::Ready(Err(std::io::Error::other("file too large")));
        }
        self.bytes.extend_from_slice(data);
        std::task::Poll::Ready(Ok(data.len()))
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
}

/// Broadcast deliveries through the Bot API.
pub struct TelegramDeliver {
    bot: Bot,
    store: Store,
    /// Per media notice from another messenger: held while its file is read and uploaded
    /// with the first send, so it is uploaded once; the bytes stay until a send took them.
    uploads: tokio::sync::Mutex<std::collections::HashMap<u64, Arc<Vec<u8>>>>,
}

impl TelegramDeliver {
    /// Sends a media notice whose file came from another messenger: by the `file_id` kept
    /// from its first upload, else uploading it with this send (one at a time per notice),
    /// else as text when the file cannot be read.
    async fn deliver_copied(
        &self,
        chat: ChatId,
        n: &MediaNotice<'_>,
    ) -> Result<(Option<i32>, Option<String>), Result<RequestError, ()>> {
        let text_only = |why| Err(Err::<RequestError, ()>(why));
        match self.store.media_copy(n.notice, PLATFORM) {
            Ok(Some(MediaCopy::Uploaded { reference })) => {
                return self.send_kept(chat, n, reference).await;
            }
            Ok(Some(MediaCopy::TextOnly { .. })) => return text_only(()),
            Ok(None) => {}
            Err(e) => {
                log::error!(
                    "telegram: notice {}: reading its file's copy: {e}",
                    n.notice
                );
                return text_only(());
            }
        }
        // One upload at a time: whoever waited finds the file_id the first one kept.
        let mut uploads = self.uploads.lock().await;
        if let Ok(Some(MediaCopy::Uploaded { reference })) =
            self.store.media_copy(n.notice, PLATFORM)
        {
            drop(uploads);
            return self.send_kept(chat, n, reference).await;
        }
        let bytes = match uploads.get(&n.notice) {
            Some(b) => b.clone(),
            None => match self.read_source(n).await {
                Ok(b) => {
                    uploads.insert(n.notice, b.clone());
                    b
                }
                Err(why) => {
                    log::warn!(
                        "telegram: notice {}: its file goes as text ({why:?})",
                        n.notice
                    );
                    self.keep_text_only(n.notice, why);
                    return text_only(());
                }
            },
        };
        let sent = match send_media(
            &self.bot,
            chat,
            n.media.kind,
            &MediaFile::Upload(bytes),
            n.message,
        )
        .await
        {
            Ok(sent) => sent,
            Err(e) => {
                // Telegram refused the file itself (a format it does not take as a photo or
                // voice): everyone gets the text, rather than nobody the notice.
                if let SendOutcome::Permanent(reason) = classify(&e) {
                    log::warn!(
                        "telegram: notice {}: file refused ({reason}); text",
                        n.notice
                    );
                    uploads.remove(&n.notice);
                    let why = TextOnlyWhy::Failed { reason };
                    self.keep_text_only(n.notice, why);
                    return text_only(());
                }
                return Err(Ok(e));
            }
        };
        if let Some(reference) = &sent.1 {
            log::info!("telegram: notice {}: file uploaded once", n.notice);
            match self.store.set_media_copy(
                n.notice,
                PLATFORM,
                &MediaCopy::Uploaded {
                    reference: reference.clone(),
                },
            ) {
                Ok(()) => {
                    uploads.remove(&n.notice);
                }
                Err(e) => log::error!("telegram: notice {}: keeping its file_id: {e}", n.notice),
            }
        }
        Ok(sent)
    }

    /// Sends a notice's file by the `file_id` kept from its first upload.
    async fn send_kept(
        &self,
        chat: ChatId,
        n: &MediaNotice<'_>,
        reference: String,
    ) -> Result<(Option<i32>, Option<String>), Result<RequestError, ()>> {
        send_media(
            &self.bot,
            chat,
            n.media.kind,
            &MediaFile::Id(reference),
            n.message,
        )
        .await
        .map_err(Ok)
    }

    /// Keeps that a notice's file goes to Telegram as text, so later sends do not try again.
    fn keep_text_only(&self, notice: u64, why: TextOnlyWhy) {
        if let Err(e) = self
            .store
            .set_media_copy(notice, PLATFORM, &MediaCopy::TextOnly { why })
        {
            log::error!("telegram: notice {notice}: keeping its file's copy: {e}");
        }
    }

    /// The bytes of a notice's file, from the messenger it came from.
    async fn read_source(&self, n: &MediaNotice<'_>) -> Result<Arc<Vec<u8>>, TextOnlyWhy> {
        let Some(source) = n.source else {
            return Err(TextOnlyWhy::Failed {
                reason: FailReason::ChannelOff,
            });
        };
        match source.fetch(&n.media.file, MAX_UPLOAD).await {
            Ok(b) => Ok(Arc::new(b)),
            Err(FetchError::TooLarge { .. }) => Err(TextOnlyWhy::TooLarge { limit: MAX_UPLOAD }),
            Err(FetchError::Failed(reason)) => Err(TextOnlyWhy::Failed { reason }),
        }
    }
}

fn not_a_chat(to: &Address) -> SendOutcome {
    SendOutcome::Permanent(FailReason::Refused {
        code: None,
        words: format!("not a Telegram chat id: {}", to.chat),
    })
}

impl Deliver for TelegramDeliver {
    async fn deliver(&self, to: &Address, message: &OutMessage) -> SendOutcome {
        self.deliver_tracked(to, message).await.0
    }

    async fn deliver_tracked(
        &self,
        to: &Address,
        message: &OutMessage,
    ) -> (SendOutcome, Option<String>) {
        let Some(chat) = chat_id(to) else {
            return (not_a_chat(to), None);
        };
        match send(&self.bot, chat, message).await {
            Ok(id) => (SendOutcome::Sent, id.map(|i| i.to_string())),
            Err(e) => (classify(&e), None),
        }
    }

    /// A photo or voice note by its `file_id` (the head's own, when they sent it on
    /// Telegram): Telegram keeps the file, nothing is downloaded or uploaded per person.
    async fn deliver_media(
        &self,
        to: &Address,
        n: &MediaNotice<'_>,
    ) -> (SendOutcome, Option<String>) {
        let Some(chat) = chat_id(to) else {
            return (not_a_chat(to), None);
        };
        let sent = if n.media.origin == PLATFORM {
            send_media(
                &self.bot,
                chat,
                n.media.kind,
                &MediaFile::Id(n.media.file.clone()),
                n.message,
            )
            .await
            .map_err(Ok)
        } else {
            self.deliver_copied(chat, n).await
        };
        match sent {
            Ok((id, _)) => (SendOutcome::Sent, id.map(|i| i.to_string())),
            Err(Ok(e)) => (classify(&e), None),
            Err(Err(())) => self.deliver_tracked(to, n.text_only).await,
        }
    }

    /// `getFile`, then the file itself: what another messenger needs to upload a head's
    /// photo once.
    async fn fetch_media(&self, file: &str, max_bytes: u64) -> Result<Vec<u8>, FetchError> {
        let failed = |e: &RequestError| FetchError::Failed(classify(e).reason());
        let found = self
            .bot
            .get_file(FileId(file.to_string()))
            .await
            .map_err(|e| failed(&e))?;
        let size = u64::from(found.meta.size);
        if size > max_bytes {
            return Err(FetchError::TooLarge { size: Some(size) });
        }
        let mut dst = Capped {
            bytes: Vec::with_capacity(size as usize),
            max: usize::try_from(max_bytes).unwrap_or(usize::MAX),
        };
        match self.bot.download_file(&found.path, &mut dst).await {
            Ok(()) => Ok(dst.bytes),
            Err(teloxide::DownloadError::Io(e)) if e.to_string().contains("too large") => {
                Err(FetchError::TooLarge { size: None })
            }
            Err(e) => Err(FetchError::Failed(FailReason::Network {
                words: format!("telegram file download: {e}"),
            })),
        }
    }

    /// `editMessageText` with the new text and buttons (Telegram allows it for 48 hours).
    async fn edit(&self, to: &Address, message_id: &str, message: &OutMessage) -> SendOutcome {
        let (Some(chat), Ok(id)) = (chat_id(to), message_id.parse::<i32>()) else {
            return not_a_chat(to);
        };
        let mut req = self
            .bot
            .edit_message_text(chat, MessageId(id), message.text.clone());
        if let Some(kb) = keyboard(message) {
            req = req.reply_markup(kb);
        }
        match req.await {
            Ok(_) => SendOutcome::Sent,
            Err(e) => classify(&e),
        }
    }
}

/// Stored replies through the Bot API: an answer to a pressed button replaces that
/// message when it can, anything else is a new message.
struct TelegramSend {
    bot: Bot,
}

impl SendReply for TelegramSend {
    async fn send_reply(&self, reply: &StoredReply) -> SendOutcome {
        let Some(chat) = chat_id(&reply.to) else {
            return SendOutcome::Permanent(FailReason::Refused {
                code: None,
                words: format!("not a Telegram chat id: {}", reply.to.chat),
            });
        };
        let pressed = reply
            .replaces
            .as_deref()
            .and_then(|m| m.parse::<i32>().ok())
            .map(MessageId);
        let result = match pressed {
            Some(m) => {
                let mut req = self
                    .bot
                    .edit_message_text(chat, m, reply.message.text.clone());
                if let Some(kb) = keyboard(&reply.message) {
                    req = req.reply_markup(kb);
                }
                match req.await {
                    Ok(_) => Ok(None),
                    // Could not edit (too old, deleted): send it instead.
                    Err(RequestError::Api(_)) => send(&self.bot, chat, &reply.message).await,
                    Err(e) => Err(e),
                }
            }
            None => send(&self.bot, chat, &reply.message).await,
        };
        match result {
            Ok(_) => SendOutcome::Sent,
            Err(e) => classify(&e),
        }
    }
}

/// What reading updates needs.
struct Shared {
    core: Arc<Core>,
    pacer: Arc<Pacer>,
    settings: Settings,
    /// The bot's username, lowercase, to recognise `/cmd@ThisBot` in groups.
    username: String,
}

/// One update read: the message to answer, and the bot message whose button was pressed.
struct Read {
    inbound: Inbound,
    pressed: Option<MessageId>,
}

impl Shared {
    /// In groups, only commands addressed to this bot (or to no bot in particular).
    fn for_us(&self, text: &str) -> Option<String> {
        let first = text.split_whitespace().next()?;
        if !first.starts_with('/') {
            return None;
        }
        match first.split_once('@') {
            None => Some(text.to_string()),
            Some((cmd, bot)) if bot.eq_ignore_ascii_case(&self.username) => {
                Some(format!("{cmd}{}", &text[first.len()..]))
            }
            Some(_) => None,
        }
    }

    /// Turns an update into the message to answer, if it is one.
    fn read(&self, bot: &Bot, update: Update) -> Option<Read> {
        match update.kind {
            UpdateKind::Message(msg) => self.read_message(msg),
            UpdateKind::CallbackQuery(q) => self.read_callback(bot, q),
            UpdateKind::MyChatMember(upd) => {
                if upd.chat.is_private()
                    && (upd.new_chat_member.is_banned() || upd.new_chat_member.is_left())
                {
                    self.core.member_left(&user_key(&upd.from));
                }
                None
            }
            // An edit of an old question is not a new question; answering it again would
            // confuse.
            _ => None,
        }
    }

    fn read_message(&self, msg: Message) -> Option<Read> {
        let from = msg.from.as_ref()?;
        if from.is_bot {
            return None;
        }
        let private = msg.chat.is_private();
        let body = match msg.text() {
            Some(text) if private => InboundBody::Text(text.to_string()),
            Some(text) => InboundBody::Text(self.for_us(text)?),
            // Photos, voice, stickers…: the core answers in private chats; silence in groups.
            None if private => {
                attachment(&msg).map_or(InboundBody::Unsupported, InboundBody::Media)
            }
            None => return None,
        };
        Some(Read {
            inbound: Inbound {
                user: user_key(from),
                chat: Address::new(PLATFORM, msg.chat.id.0.to_string()),
                lang_hint: from.language_code.clone(),
                private,
                name: Some(from.full_name()),
                body,
            },
            pressed: None,
        })
    }

    fn read_callback(&self, bot: &Bot, q: CallbackQuery) -> Option<Read> {
        // Always answer, so the button stops spinning on the person's phone; apart, so
        // reading the next update does not wait for it.
        let (answer, redact) = (bot.answer_callback_query(q.id.clone()), self.redactor());
        tokio::spawn(async move {
            if let Err(e) = answer.await {
                log::warn!("answerCallbackQuery: {}", redact(&e.to_string()));
            }
        });
        let data = q.data.clone()?;
        let (chat, private, pressed) = match &q.message {
            Some(m) => (m.chat().id, m.chat().is_private(), Some(m.id())),
            None => (ChatId(q.from.id.0 as i64), true, None),
        };
        Some(Read {
            inbound: Inbound {
                user: user_key(&q.from),
                chat: Address::new(PLATFORM, chat.0.to_string()),
                lang_hint: q.from.language_code.clone(),
                private,
                name: Some(q.from.full_name()),
                body: InboundBody::Button(data),
            },
            pressed,
        })
    }

    /// Removes the token from error texts, for a task that outlives this borrow.
    fn redactor(&self) -> impl Fn(&str) -> String + Send + 'static {
        let token = self.settings.token.clone();
        move |text: &str| {
            if token.is_empty() {
                text.to_string()
            } else {
                text.replace(&token, "<token>")
            }
        }
    }

    /// The answers to one message: none when it is dropped by the per-person limit, "slow
    /// down" for the first one over it.
    fn answer(&self, read: &Read) -> Vec<Outbound> {
        let outs = match self.core.admit(&read.inbound) {
            Ok(()) => self.core.reply(&read.inbound),
            Err(slow_down) => slow_down.into_iter().collect(),
        };
        log::info!(
            "telegram update from {} in {}: {} answer(s)",
            read.inbound.user,
            read.inbound.chat.key(),
            outs.len()
        );
        outs
    }
}

fn user_key(user: &teloxide::types::User) -> UserId {
    UserId::new(PLATFORM, &user.id.0.to_string())
}

/// Registers the command menu: Vietnamese by default, English for English-language users.
async fn register_commands(bot: &Bot, core: &Core, settings: &Settings) {
    for locale in [Locale::Vi, Locale::En] {
        let commands: Vec<BotCommand> = core
            .command_menu(locale)
            .into_iter()
            .map(|(name, description)| BotCommand::new(name, description))
            .collect();
        let mut req = bot.set_my_commands(commands);
        if locale == Locale::En {
            req = req.language_code("en");
        }
        if let Err(e) = req.await {
            log::warn!(
                "setMyCommands ({locale}): {}",
                settings.redact(&e.to_string())
            );
        }
    }
}

/// A connected Telegram bot, ready to serve updates.
pub struct Telegram {
    bot: Bot,
    shared: Arc<Shared>,
    poll_timeout: Duration,
    concurrency: usize,
}

/// Checks the token with `getMe` (retrying while Telegram cannot be reached) and registers
/// the command menu. `None` if `shutdown` came first. The channel gets the core and its
/// own config section, nothing else.
pub async fn connect(
    core: Arc<Core>,
    cfg: &TelegramConfig,
    settings: Settings,
    shutdown: watch::Receiver<bool>,
) -> Result<Option<Telegram>, TelegramError> {
    let bot = settings.bot();
    // Every request here races the stop: an unreachable Telegram that never answers holds a
    // request for the HTTP client's 17 s, and a stop must not wait for it.
    let mut stop = shutdown.clone();
    let me = loop {
        let got = tokio::select! {
            got = bot.get_me().send() => got,
            _ = stop.wait_for(|s| *s) => return Ok(None),
        };
        match got {
            Ok(me) => break me,
            Err(RequestError::Api(ApiError::InvalidToken)) => {
                return Err(TelegramError::BadToken);
            }
            Err(e) => {
                // Patchy connections: keep trying rather than die at start-up.
                log::warn!(
                    "cannot reach Telegram yet ({}); retrying in 5 s",
                    settings.redact(&e.to_string())
                );
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                    _ = stop.wait_for(|s| *s) => return Ok(None),
                }
            }
        }
    };
    let username = me.username.clone().unwrap_or_default().to_lowercase();
    log::info!("telegram: connected as @{username}");
    tokio::select! {
        () = register_commands(&bot, &core, &settings) => {}
        _ = stop.wait_for(|s| *s) => return Ok(None),
    }
    let pacer = Arc::new(Pacer::new(Rates {
        global: cfg.global_rate,
        per_chat: cfg.per_chat_rate,
    }));
    Ok(Some(Telegram {
        shared: Arc::new(Shared {
            core,
            pacer,
            settings,
            username,
        }),
        bot,
        poll_timeout: Duration::from_secs(cfg.poll_timeout_seconds),
        concurrency: cfg.concurrency,
    }))
}

impl Telegram {
    /// How the broadcast worker reaches Telegram users: the same pacer as replies, so the
    /// two together stay within Telegram's limits.
    pub fn route(&self) -> Route {
        Route::new(
            Arc::new(TelegramDeliver {
                bot: self.bot.clone(),
                store: self.shared.core.store().clone(),
                uploads: tokio::sync::Mutex::new(Default::default()),
            }),
            self.shared.pacer.clone(),
            self.concurrency,
        )
    }

    /// Long-polls and answers updates until `shutdown` turns true. Answers left unsent by
    /// an earlier run go first; reading resumes after the last update whose answers are
    /// stored.
    pub async fn serve(self, shutdown: watch::Receiver<bool>) {
        let Telegram {
            bot,
            shared,
            poll_timeout,
            ..
        } = self;
        let replies = Replies::start(
            shared.core.clone(),
            TelegramSend { bot: bot.clone() },
            shared.pacer.clone(),
            PLATFORM,
        );
        let store = shared.core.store().clone();
        let mut offset = match store.update_cursor(PLATFORM) {
            Ok(c) => c.map(|c| c + 1),
            Err(e) => {
                log::error!("telegram: reading where polling stopped: {e}");
                None
            }
        };
        let mut stop = shutdown.clone();
        let mut failures = 0u32;
        // teloxide's HTTP client gives up on any request after 17 s: a longer poll would
        // end in an error every time.
        let timeout = poll_timeout.as_secs().min(15) as u32;
        while !*stop.borrow() {
            let mut req = bot.get_updates().timeout(timeout).allowed_updates([
                AllowedUpdate::Message,
                AllowedUpdate::EditedMessage,
                AllowedUpdate::CallbackQuery,
                AllowedUpdate::MyChatMember,
            ]);
            if let Some(o) = offset {
                req = req.offset(o as i32);
            }
            let got = tokio::select! {
                got = req.send() => got,
                _ = stop.wait_for(|s| *s) => break,
            };
            let updates = match got {
                Ok(u) => {
                    failures = 0;
                    u
                }
                Err(e) => {
                    failures += 1;
                    let wait = Duration::from_secs((1u64 << failures.min(5)).min(30));
                    log::warn!(
                        "telegram: getUpdates failed ({}); again in {} s",
                        shared.settings.redact(&e.to_string()),
                        wait.as_secs()
                    );
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = stop.wait_for(|s| *s) => break,
                    }
                    continue;
                }
            };
            let Some(last) = updates.last().map(|u| i64::from(u.id.0)) else {
                continue;
            };
            // Read and answered in arrival order (state changes happen in the order people
            // wrote); each answer is only stored here.
            let mut answers = Vec::new();
            for update in updates {
                if let Some(read) = shared.read(&bot, update) {
                    let pressed = read.pressed.map(|m| m.0.to_string());
                    for out in shared.answer(&read) {
                        answers.push((out, pressed.clone()));
                    }
                }
            }
            // On disk, with how far we have read, before the next getUpdates confirms them.
            replies.commit(answers, Some(last)).await;
            offset = Some(last + 1);
        }
        replies.finish(Duration::from_secs(2)).await;
    }
}

/// The file a message carries, as the core's typed value: the largest size of a photo, a
/// voice note; video, documents and stickers so the core can say why they are refused.
fn attachment(msg: &Message) -> Option<Attachment> {
    use teloxide::types::FileMeta;
    let file = |kind, meta: &FileMeta, mime: Option<String>| Attachment {
        kind,
        file: meta.id.0.clone(),
        // Telegram leaves the size out for some files (read as 0): unknown, not empty.
        size: (meta.size > 0).then_some(u64::from(meta.size)),
        mime,
        caption: msg.caption().map(str::to_string),
    };
    if let Some(sizes) = msg.photo() {
        let largest = sizes
            .iter()
            .max_by_key(|p| u64::from(p.width) * u64::from(p.height))?;
        return Some(file(MediaKind::Photo, &largest.file, None));
    }
    if let Some(v) = msg.voice() {
        return Some(file(MediaKind::Voice, &v.file, mime(&v.mime_type)));
    }
    if let Some(v) = msg.video() {
        return Some(file(MediaKind::Video, &v.file, mime(&v.mime_type)));
    }
    if let Some(v) = msg.video_note() {
        return Some(file(MediaKind::Video, &v.file, None));
    }
    if let Some(a) = msg.animation() {
        return Some(file(MediaKind::Video, &a.file, mime(&a.mime_type)));
    }
    if let Some(d) = msg.document() {
        return Some(file(MediaKind::Document, &d.file, mime(&d.mime_type)));
    }
    if let Some(a) = msg.audio() {
        return Some(file(MediaKind::Document, &a.file, mime(&a.mime_type)));
    }
    msg.sticker()
        .map(|st| file(MediaKind::Sticker, &st.file, None))
}

/// A file's MIME type as text ("audio/ogg").
fn mime<M: std::fmt::Display>(m: &Option<M>) -> Option<String> {
    m.as_ref().map(|m| m.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_classified() {
        use teloxide::types::Seconds;
        assert_eq!(
            classify(&RequestError::RetryAfter(Seconds::from_seconds(3))),
            SendOutcome::RetryAfter(Duration::from_secs(3))
        );
        assert!(matches!(
            classify(&RequestError::Api(ApiError::BotBlocked)),
            SendOutcome::Gone(_)
        ));
        assert!(matches!(
            classify(&RequestError::Api(ApiError::UserDeactivated)),
            SendOutcome::Gone(_)
        ));
        assert!(matches!(
            classify(&RequestError::Api(ApiError::ChatNotFound)),
            SendOutcome::Gone(_)
        ));
        assert!(matches!(
            classify(&RequestError::Api(ApiError::Unknown(
                "Forbidden: bot can't send messages to the chat".into()
            ))),
            SendOutcome::Gone(_)
        ));
        assert!(matches!(
            classify(&RequestError::Api(ApiError::MessageTextIsEmpty)),
            SendOutcome::Permanent(_)
        ));
    }

    #[test]
    fn settings_never_show_the_token() {
        let s = Settings {
            token: "123456:SECRET".into(),
            api_url: None,
        };
        assert!(!format!("{s:?}").contains("SECRET"));
        assert_eq!(
            s.redact("url /bot123456:SECRET/getMe"),
            "url /bot<token>/getMe"
        );
    }
}
