//! The Telegram channel: long polling with teloxide, updates → `Inbound`, the core's answers
//! → Bot API calls, and `Deliver` for broadcasts. teloxide types live only in this module.

use std::sync::Arc;
use std::time::Duration;

use teloxide::dispatching::{Dispatcher, UpdateFilterExt};
use teloxide::error_handlers::ErrorHandler;
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup, MessageId,
};
use teloxide::update_listeners::Polling;
use teloxide::{ApiError, RequestError};
use tokio::sync::watch;

use crate::config::TelegramConfig;
use crate::core::Core;
use crate::delivery::pace::{Pacer, Rates};
use crate::delivery::{Deliver, Route, SendOutcome};
use crate::i18n::Locale;
use crate::message::{Address, Inbound, InboundBody, OutMessage, Outbound, UserId};
use crate::model::FailReason;
use crate::text::split::split_text;

/// Telegram's limit on one message's text.
const MAX_TEXT: usize = 4096;
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
        let bot = Bot::new(&self.token);
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
/// Telegram's limit, the buttons on the last piece.
async fn send(bot: &Bot, chat: ChatId, message: &OutMessage) -> Result<(), RequestError> {
    let parts = split_text(&message.text, MAX_TEXT);
    let last = parts.len() - 1;
    for (i, part) in parts.into_iter().enumerate() {
        let mut req = bot.send_message(chat, part);
        if i == last
            && let Some(kb) = keyboard(message)
        {
            req = req.reply_markup(kb);
        }
        req.await?;
    }
    Ok(())
}

/// Broadcast deliveries through the Bot API.
pub struct TelegramDeliver {
    bot: Bot,
}

impl Deliver for TelegramDeliver {
    async fn deliver(&self, to: &Address, message: &OutMessage) -> SendOutcome {
        let Some(chat) = chat_id(to) else {
            return SendOutcome::Permanent(FailReason::Refused {
                code: None,
                words: format!("not a Telegram chat id: {}", to.chat),
            });
        };
        match send(&self.bot, chat, message).await {
            Ok(()) => SendOutcome::Sent,
            Err(e) => classify(&e),
        }
    }
}

/// What every update handler needs.
struct Shared {
    core: Arc<Core>,
    pacer: Arc<Pacer>,
    settings: Settings,
    /// The bot's username, lowercase, to recognise `/cmd@ThisBot` in groups.
    username: String,
}

impl Shared {
    /// Sends the core's answers, pacing them ahead of broadcast traffic.
    async fn answer(&self, bot: &Bot, outs: Vec<Outbound>, pressed: Option<(ChatId, MessageId)>) {
        for out in outs {
            let Some(chat) = chat_id(&out.to) else {
                continue;
            };
            for attempt in 0..3 {
                self.pacer.reply(&out.to.key()).await;
                let result = match pressed {
                    Some((c, m)) if out.replaces_pressed && c == chat => {
                        let mut req = bot.edit_message_text(c, m, out.message.text.clone());
                        if let Some(kb) = keyboard(&out.message) {
                            req = req.reply_markup(kb);
                        }
                        match req.await {
                            Ok(_) => Ok(()),
                            // Could not edit (too old, deleted): send it instead.
                            Err(RequestError::Api(_)) => send(bot, chat, &out.message).await,
                            Err(e) => Err(e),
                        }
                    }
                    _ => send(bot, chat, &out.message).await,
                };
                match result {
                    Ok(()) => break,
                    Err(e) => match classify(&e) {
                        SendOutcome::RetryAfter(wait) if attempt < 2 => self.pacer.pause(wait),
                        SendOutcome::Gone(_) => {
                            self.core
                                .member_left(&UserId::new(PLATFORM, &chat.0.to_string()));
                            break;
                        }
                        _ => {
                            log::warn!(
                                "reply to {}: {}",
                                out.to.key(),
                                self.settings.redact(&e.to_string())
                            );
                            break;
                        }
                    },
                }
            }
        }
    }

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

    async fn handle(&self, bot: &Bot, inbound: Inbound, pressed: Option<(ChatId, MessageId)>) {
        let core = self.core.clone();
        // The core is fast (tens of µs); a lasting change's fsync is awaited, not blocked on.
        let outs = core.handle_async(&inbound).await;
        log::info!(
            "telegram update from {} in {}: {} answer(s)",
            inbound.user,
            inbound.chat.key(),
            outs.len()
        );
        self.answer(bot, outs, pressed).await;
    }
}

fn user_key(user: &teloxide::types::User) -> UserId {
    UserId::new(PLATFORM, &user.id.0.to_string())
}

async fn on_message(bot: Bot, msg: Message, shared: Arc<Shared>) -> ResponseResult<()> {
    let Some(from) = msg.from.as_ref() else {
        return Ok(());
    };
    if from.is_bot {
        return Ok(());
    }
    let private = msg.chat.is_private();
    let body = match msg.text() {
        Some(text) if private => InboundBody::Text(text.to_string()),
        Some(text) => match shared.for_us(text) {
            Some(t) => InboundBody::Text(t),
            None => return Ok(()),
        },
        // Stickers, photos, voice…: a short help in private chats, silence in groups.
        None if private => InboundBody::Unsupported,
        None => return Ok(()),
    };
    let inbound = Inbound {
        user: user_key(from),
        chat: Address::new(PLATFORM, msg.chat.id.0.to_string()),
        lang_hint: from.language_code.clone(),
        private,
        name: Some(from.full_name()),
        body,
    };
    shared.handle(&bot, inbound, None).await;
    Ok(())
}

async fn on_callback(bot: Bot, q: CallbackQuery, shared: Arc<Shared>) -> ResponseResult<()> {
    // Always answer, so the button stops spinning on the person's phone.
    if let Err(e) = bot.answer_callback_query(q.id.clone()).await {
        log::warn!(
            "answerCallbackQuery: {}",
            shared.settings.redact(&e.to_string())
        );
    }
    let Some(data) = q.data.clone() else {
        return Ok(());
    };
    let (chat, private, pressed) = match &q.message {
        Some(m) => (
            m.chat().id,
            m.chat().is_private(),
            Some((m.chat().id, m.id())),
        ),
        None => (ChatId(q.from.id.0 as i64), true, None),
    };
    let inbound = Inbound {
        user: user_key(&q.from),
        chat: Address::new(PLATFORM, chat.0.to_string()),
        lang_hint: q.from.language_code.clone(),
        private,
        name: Some(q.from.full_name()),
        body: InboundBody::Button(data),
    };
    shared.handle(&bot, inbound, pressed).await;
    Ok(())
}

async fn on_my_chat_member(upd: ChatMemberUpdated, shared: Arc<Shared>) -> ResponseResult<()> {
    if upd.chat.is_private() && (upd.new_chat_member.is_banned() || upd.new_chat_member.is_left()) {
        shared.core.member_left(&user_key(&upd.from));
    }
    Ok(())
}

async fn on_edited(_msg: Message) -> ResponseResult<()> {
    // An edit of an old question is not a new question; answering it again would confuse.
    Ok(())
}

/// Logs handler errors without ever printing the token.
struct RedactingErrors(Arc<Shared>);

impl ErrorHandler<RequestError> for RedactingErrors {
    fn handle_error(
        self: Arc<Self>,
        error: RequestError,
    ) -> futures_util_compat::BoxFuture<'static, ()> {
        let text = self.0.settings.redact(&error.to_string());
        Box::pin(async move { log::error!("telegram: {text}") })
    }
}

/// Minimal boxed-future alias so we need no extra dependency for the trait's return type.
mod futures_util_compat {
    pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
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
    let me = loop {
        match bot.get_me().await {
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
                let mut s = shutdown.clone();
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                    _ = s.changed() => return Ok(None),
                }
            }
        }
    };
    let username = me.username.clone().unwrap_or_default().to_lowercase();
    log::info!("telegram: connected as @{username}");
    register_commands(&bot, &core, &settings).await;
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
            }),
            self.shared.pacer.clone(),
            self.concurrency,
        )
    }

    /// Long-polls and answers updates until `shutdown` turns true.
    pub async fn serve(self, shutdown: watch::Receiver<bool>) {
        let Telegram {
            bot,
            shared,
            poll_timeout,
            ..
        } = self;
        let handler = dptree::entry()
            .branch(Update::filter_message().endpoint(on_message))
            .branch(Update::filter_edited_message().endpoint(on_edited))
            .branch(Update::filter_callback_query().endpoint(on_callback))
            .branch(Update::filter_my_chat_member().endpoint(on_my_chat_member));
        let mut dispatcher = Dispatcher::builder(bot.clone(), handler)
            .dependencies(dptree::deps![shared.clone()])
            .default_handler(|_| async {})
            .error_handler(Arc::new(RedactingErrors(shared.clone())))
            .build();
        let token = dispatcher.shutdown_token();
        let mut stop = shutdown.clone();
        tokio::spawn(async move {
            while !*stop.borrow() {
                if stop.changed().await.is_err() {
                    break;
                }
            }
            // The dispatcher may still be starting; try until it accepts the shutdown.
            loop {
                match token.shutdown() {
                    Ok(done) => {
                        done.await;
                        break;
                    }
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            }
        });
        let listener = Polling::builder(bot).timeout(poll_timeout).build();
        let errors = Arc::new(RedactingErrors(shared.clone()));
        dispatcher.dispatch_with_listener(listener, errors).await;
    }
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
