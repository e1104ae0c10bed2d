//! The Zalo Official Account channel: a signed webhook in, the OA consultation-message API
//! out, and `Deliver` for broadcasts. Zalo specifics live only in this folder.

pub mod api;
pub mod event;
pub mod media;
pub mod night;
pub mod oauth;
pub mod promotion;
pub mod render;
mod server;
pub mod signature;
mod webhook;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot, watch};

use super::replies::{Replies, SendReply};
use crate::config::ZaloConfig;
use crate::core::Core;
use crate::delivery::pace::{Pacer, Rates};
use crate::delivery::{Deliver, FetchError, MediaNotice, Route, SendOutcome};
use crate::message::{Address, Inbound, InboundBody, MediaKind, OutMessage, Outbound, UserId};
use crate::model::FailReason;
use crate::store::{Store, StoredReply, TextOnlyWhy};
use api::{ApiSettings, PLATFORM, RefreshError, ZaloApi};
use event::Event;

/// How long event ids are remembered: Zalo's retries stop within hours.
const REMEMBER_EVENTS: chrono::Duration = chrono::Duration::days(3);

/// Why the Zalo channel cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ZaloError {
    #[error(
        "no Zalo OA secret key: set ZALO_OA_SECRET_KEY (or [zalo] oa_secret_key); it is in \
         the app's Webhook settings on developers.zalo.me"
    )]
    NoOaSecret,
    #[error(
        "no Zalo token: set ZALO_REFRESH_TOKEN (with ZALO_APP_SECRET_KEY) or ZALO_ACCESS_TOKEN, \
         or the same keys in [zalo]"
    )]
    NoToken,
    #[error("cannot listen for Zalo webhooks on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Api(#[from] RefreshError),
}

/// Everything the channel needs, secrets from the environment first.
pub struct Settings {
    oa_secret_key: String,
    api: ApiSettings,
    listen: SocketAddr,
    webhook_path: String,
    rate: f64,
    concurrency: usize,
    max_body_bytes: usize,
    promotion: Option<promotion::Promotion>,
    /// The commune's time zone: Zalo's night (22:00–06:00) is local.
    offset: chrono::FixedOffset,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secrets never go into a log line.
        f.debug_struct("Settings")
            .field("app_id", &self.api.app_id)
            .field("listen", &self.listen)
            .field("webhook_path", &self.webhook_path)
            .finish_non_exhaustive()
    }
}

fn secret(env: &str, configured: &Option<String>) -> Option<String> {
    std::env::var(env)
        .ok()
        .or_else(|| configured.clone())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

impl Settings {
    /// `offset` is the commune's time zone (promotion messages' hours and quota months).
    pub fn from_env_and_config(
        cfg: &ZaloConfig,
        offset: chrono::FixedOffset,
    ) -> Result<Settings, ZaloError> {
        let oa_secret_key =
            secret("ZALO_OA_SECRET_KEY", &cfg.oa_secret_key).ok_or(ZaloError::NoOaSecret)?;
        let access_token = secret("ZALO_ACCESS_TOKEN", &cfg.access_token);
        let refresh_token = secret("ZALO_REFRESH_TOKEN", &cfg.refresh_token);
        if access_token.is_none() && refresh_token.is_none() {
            return Err(ZaloError::NoToken);
        }
        Ok(Settings {
            oa_secret_key,
            api: ApiSettings {
                app_id: cfg.app_id.clone(),
                app_secret_key: secret("ZALO_APP_SECRET_KEY", &cfg.app_secret_key),
                access_token,
                refresh_token,
                openapi_url: cfg.openapi_url.clone(),
                oauth_url: cfg.oauth_url.clone(),
            },
            // validate() checked it parses.
            listen: cfg.listen.parse().expect("validated listen address"),
            webhook_path: cfg.webhook_path.clone(),
            rate: cfg.rate,
            concurrency: cfg.concurrency,
            max_body_bytes: cfg.max_body_bytes,
            promotion: match (cfg.promotion_fallback, cfg.promotion_window()) {
                (true, Some((start, end))) => Some(promotion::Promotion {
                    monthly_quota: cfg.promotion_monthly_quota,
                    start,
                    end,
                    hours: cfg.promotion_hours.clone(),
                    offset,
                }),
                _ => None,
            },
            offset,
        })
    }
}

/// Broadcast deliveries through the OA API: consultation messages, and (when configured)
/// promotion messages for followers whose 7-day window is closed.
pub struct ZaloDeliver {
    core: Arc<Core>,
    api: Arc<ZaloApi>,
    promotion: Option<promotion::Promotion>,
    offset: chrono::FixedOffset,
    /// Notices' photos, uploaded once each.
    images: Arc<media::Images>,
}

impl ZaloDeliver {
    /// A notice to a follower Zalo would not take a consultation message for (`closed`):
    /// as a promotion message, within its hours (else held until they open) and its monthly
    /// quota (else failed with the quota as the reason).
    async fn promote(
        &self,
        p: &promotion::Promotion,
        to: &Address,
        message: &OutMessage,
        hint: Option<&str>,
    ) -> (SendOutcome, Option<String>) {
        let now = crate::clock::now();
        if let Some(at) = p.next_opening(now) {
            return (
                SendOutcome::Held {
                    until: at,
                    reason: p.outside_hours(),
                },
                None,
            );
        }
        let store = self.core.store();
        let period = p.period(now);
        match store.take_quota(promotion::QUOTA, &period, p.monthly_quota) {
            Ok(true) => {}
            Ok(false) => {
                log::info!(
                    "zalo: promotion quota of {} for {period} used; zalo:{} not reached",
                    p.monthly_quota,
                    to.chat
                );
                return (
                    SendOutcome::Permanent(FailReason::QuotaUsed {
                        limit: p.monthly_quota,
                    }),
                    None,
                );
            }
            Err(e) => {
                log::error!("zalo: counting promotion messages: {e}");
                return (
                    SendOutcome::Transient(FailReason::Network {
                        words: format!("store: {e}"),
                    }),
                    None,
                );
            }
        }
        let body = promotion::body(&to.chat, message, hint);
        let (answer, id) = match self.api.send_promotion(&body).await {
            Ok((code, words, id)) => (promotion::classify(code, &words), id),
            Err(outcome) => (promotion::Answer::Outcome(outcome), None),
        };
        if answer == promotion::Answer::Outcome(SendOutcome::Sent) {
            log::info!(
                "zalo: notice sent to zalo:{} as a promotion message",
                to.chat
            );
            return (SendOutcome::Sent, id);
        }
        if let Err(e) = store.give_back_quota(promotion::QUOTA, &period) {
            log::error!("zalo: giving back a promotion message: {e}");
        }
        match answer {
            promotion::Answer::NotNow => (
                SendOutcome::Held {
                    until: p
                        .next_opening(now)
                        .unwrap_or(now + chrono::Duration::hours(1)),
                    reason: p.outside_hours(),
                },
                None,
            ),
            promotion::Answer::Outcome(o) => (o, None),
        }
    }
}

impl Deliver for ZaloDeliver {
    async fn deliver(&self, to: &Address, message: &OutMessage) -> SendOutcome {
        self.deliver_tracked(to, message).await.0
    }

    /// A photo: its image message (the image uploaded once per notice), then the notice's
    /// text with "✅ Đã nhận", whose id is kept. A voice note, or a photo that could not be
    /// uploaded: the text, with a line saying what came with it.
    async fn deliver_media(
        &self,
        to: &Address,
        n: &MediaNotice<'_>,
    ) -> (SendOutcome, Option<String>) {
        if n.media.kind != MediaKind::Photo {
            self.images.text_only(n, TextOnlyWhy::KindUnsupported).await;
            return self.deliver_tracked(to, n.text_only).await;
        }
        let Some(attachment) = self.images.attachment(n).await else {
            return self.deliver_tracked(to, n.text_only).await;
        };
        let (outcome, _) = self.api.send_image_tracked(&to.chat, &attachment).await;
        match outcome {
            SendOutcome::Sent => self.deliver_tracked(to, n.message).await,
            // The window is closed: the text may still go as a promotion message, which
            // carries no image.
            SendOutcome::Permanent(FailReason::WindowClosed { .. }) if self.promotion.is_some() => {
                self.deliver_tracked(to, n.text_only).await
            }
            SendOutcome::Permanent(FailReason::NightRestricted { code, words }) => {
                log::info!("zalo: zalo:{} refused for the night ({code})", to.chat);
                (
                    night::refused(code, &words, crate::clock::now(), self.offset),
                    None,
                )
            }
            other => (other, None),
        }
    }

    /// The image at a Zalo attachment URL (a head's photo sent on Zalo).
    async fn fetch_media(&self, file: &str, max_bytes: u64) -> Result<Vec<u8>, FetchError> {
        match self.api.fetch_url(file, max_bytes).await {
            Ok(b) => Ok(b),
            Err(None) => Err(FetchError::TooLarge { size: None }),
            Err(Some(outcome)) => Err(FetchError::Failed(match outcome {
                SendOutcome::Transient(r) | SendOutcome::Permanent(r) | SendOutcome::Gone(r) => r,
                _ => FailReason::Network {
                    words: "zalo: reading the file".into(),
                },
            })),
        }
    }

    /// The id Zalo gave the last part: its "received" and "seen" events name it.
    async fn deliver_tracked(
        &self,
        to: &Address,
        message: &OutMessage,
    ) -> (SendOutcome, Option<String>) {
        // A notice's one choice is "✅ Đã nhận": "Nhắn 1 nếu đã nhận" goes under it.
        let hint = self
            .core
            .number_hint(&UserId::new(PLATFORM, &to.chat), message);
        let mut last = None;
        for text in render::texts(message, hint.as_deref()) {
            let (outcome, id) = self.api.send_text_tracked(&to.chat, &text).await;
            if outcome != SendOutcome::Sent {
                // Nothing of it went yet, the window is closed, and it is a notice: the
                // promotion message is the next way to reach this follower.
                if let (SendOutcome::Permanent(FailReason::WindowClosed { .. }), Some(p)) =
                    (&outcome, &self.promotion)
                    && last.is_none()
                    && self.core.is_notice(message)
                {
                    return self.promote(p, to, message, hint.as_deref()).await;
                }
                // Zalo's night rule: held until 06:00, not failed.
                if let SendOutcome::Permanent(FailReason::NightRestricted { code, words }) =
                    &outcome
                {
                    let held = night::refused(*code, words, crate::clock::now(), self.offset);
                    log::info!("zalo: zalo:{} refused for the night ({code})", to.chat);
                    return (held, None);
                }
                return (outcome, None);
            }
            last = id;
        }
        (SendOutcome::Sent, last)
    }
}

/// A started Zalo channel: the webhook port is bound, the tokens are loaded.
pub struct Zalo {
    core: Arc<Core>,
    api: Arc<ZaloApi>,
    images: Arc<media::Images>,
    pacer: Arc<Pacer>,
    concurrency: usize,
    promotion: Option<promotion::Promotion>,
    offset: chrono::FixedOffset,
    listener: TcpListener,
    router: axum::Router,
    events: mpsc::Receiver<(Event, Acknowledge)>,
}

/// Told once an event's answers are on disk: only then does the webhook answer Zalo 200.
pub(crate) type Acknowledge = oneshot::Sender<()>;

/// Loads the tokens and binds the webhook address, so a port in use fails at start-up.
/// The channel gets the core, its settings (from its own config section) and the store,
/// where it keeps its tokens and the webhook events it has seen.
pub async fn start(core: Arc<Core>, store: Store, settings: Settings) -> Result<Zalo, ZaloError> {
    let app_id = settings.api.app_id.clone();
    let api = Arc::new(ZaloApi::new(settings.api, store.clone())?);
    let listener = TcpListener::bind(settings.listen)
        .await
        .map_err(|source| ZaloError::Bind {
            addr: settings.listen,
            source,
        })?;
    let (tx, rx) = mpsc::channel(1024);
    let router = webhook::router(
        &settings.webhook_path,
        webhook::WebhookState {
            app_id,
            oa_secret_key: settings.oa_secret_key,
            max_body_bytes: settings.max_body_bytes,
            store,
            events: tx,
        },
    );
    log::info!(
        "zalo: webhook listening on {}{}",
        listener.local_addr().map_or(settings.listen, |a| a),
        settings.webhook_path
    );
    Ok(Zalo {
        images: Arc::new(media::Images::new(api.clone(), core.store().clone())),
        core,
        api,
        // No per-user limit is documented; the OA-wide rate is the one that matters.
        pacer: Arc::new(Pacer::new(Rates {
            global: settings.rate,
            per_chat: settings.rate,
        })),
        concurrency: settings.concurrency,
        promotion: settings.promotion,
        offset: settings.offset,
        listener,
        router,
        events: rx,
    })
}

impl Zalo {
    /// How the broadcast worker reaches Zalo users, paced together with replies.
    pub fn route(&self) -> Route {
        Route::new(
            Arc::new(ZaloDeliver {
                core: self.core.clone(),
                api: self.api.clone(),
                promotion: self.promotion.clone(),
                offset: self.offset,
                images: self.images.clone(),
            }),
            self.pacer.clone(),
            self.concurrency,
        )
    }

    /// Serves the webhook and answers events until `shutdown` turns true. Answers left
    /// unsent by an earlier run go first.
    pub async fn serve(self, shutdown: watch::Receiver<bool>) {
        let Zalo {
            core,
            api,
            pacer,
            listener,
            router,
            mut events,
            concurrency,
            ..
        } = self;
        let names = api.clone();
        let mut asked = std::collections::HashSet::new();
        let replies = Replies::start(
            core.clone(),
            ZaloSend {
                core: core.clone(),
                api,
            },
            pacer,
            PLATFORM,
            concurrency,
        );
        let (answered, to_commit) = mpsc::unbounded_channel();
        let committer = tokio::spawn(commit_in_order(replies.clone(), to_commit));
        let mut server = tokio::spawn(server::serve(listener, router, shutdown.clone()));
        let store = core.store().clone();
        let mut prune = tokio::time::interval(Duration::from_secs(3600));
        let mut stop = shutdown.clone();
        loop {
            tokio::select! {
                event = events.recv() => match event {
                    Some((event, ack)) => {
                        let who = writer(&event);
                        on_event(&core, event, ack, &answered);
                        learn_name(&core, &names, &mut asked, who);
                    }
                    None => break,
                },
                _ = prune.tick() => {
                    match store.forget_events_before(Utc::now() - REMEMBER_EVENTS) {
                        Ok(0) => {}
                        Ok(n) => log::info!("zalo: forgot {n} old event ids"),
                        Err(e) => log::error!("zalo: pruning event ids: {e}"),
                    }
                }
                _ = stop.changed() => if *stop.borrow() { break },
            }
        }
        // Handle every event already received before stopping: the server finishes the
        // requests it has (they may be waiting for room in the queue, or for their answers
        // to be stored, so keep reading it meanwhile).
        loop {
            tokio::select! {
                _ = &mut server => break,
                Some((event, ack)) = events.recv() => on_event(&core, event, ack, &answered),
            }
        }
        events.close();
        while let Some((event, ack)) = events.recv().await {
            on_event(&core, event, ack, &answered);
        }
        drop(answered);
        let _ = committer.await;
        replies.finish(Duration::from_secs(2)).await;
    }
}

/// The person who wrote or followed, for [`learn_name`].
fn writer(event: &Event) -> Option<String> {
    match event {
        Event::Text { user, .. }
        | Event::Follow { user }
        | Event::Unsupported { user, .. }
        | Event::Media { user, .. } => Some(user.clone()),
        Event::Unfollow { .. } | Event::Ignored { .. } | Event::Receipt { .. } => None,
    }
}

/// Asks Zalo, once a run and off the event path, for the name a person who wrote shows on
/// Zalo, when none is stored: the webhook carries only ids, and a head's report on a notice
/// names whom to visit.
fn learn_name(
    core: &Arc<Core>,
    api: &Arc<ZaloApi>,
    asked: &mut std::collections::HashSet<String>,
    user: Option<String>,
) {
    let Some(user) = user else {
        return;
    };
    if asked.len() >= 100_000 {
        asked.clear();
    }
    let id = UserId::new(PLATFORM, &user);
    if !asked.insert(user) {
        return;
    }
    if matches!(core.store().display_name(&id), Ok(Some(_))) {
        return;
    }
    let (store, api) = (core.store().clone(), api.clone());
    tokio::spawn(async move {
        let Some(name) = api.display_name(id.id()).await else {
            return;
        };
        // Not for someone who asked to be forgotten meanwhile.
        if matches!(store.user(&id), Ok(Some(_)))
            && let Err(e) = store.set_display_name(&id, &name)
        {
            log::warn!("zalo: keeping the name of {id}: {e}");
        }
    });
}

/// The answers to one event, and the webhook request waiting for them to be stored.
type Answered = (Vec<Outbound>, Acknowledge);

/// Handles one event. The core runs here, in arrival order (state changes such as a
/// subscription happen in the order people wrote); storing and sending the answers runs
/// apart, so neither the fsync nor a slow network holds up the next person.
fn on_event(
    core: &Core,
    event: Event,
    ack: Acknowledge,
    answered: &mpsc::UnboundedSender<Answered>,
) {
    let (user, body) = match event {
        Event::Text { user, text, .. } => (user, InboundBody::Text(text)),
        // A new follower gets the welcome and the menu, as after /start.
        Event::Follow { user } => (user, InboundBody::Text("/start".into())),
        Event::Unsupported { user, .. } => (user, InboundBody::Unsupported),
        Event::Media {
            user, attachment, ..
        } => (user, InboundBody::Media(attachment)),
        Event::Unfollow { user } => {
            core.member_left(&UserId::new(PLATFORM, &user));
            let _ = answered.send((Vec::new(), ack));
            return;
        }
        Event::Receipt {
            user,
            receipt,
            msg_ids,
        } => {
            core.message_receipt(&UserId::new(PLATFORM, &user), &msg_ids, receipt);
            let _ = answered.send((Vec::new(), ack));
            return;
        }
        Event::Ignored { .. } => {
            let _ = ack.send(());
            return;
        }
    };
    let inbound = Inbound {
        user: UserId::new(PLATFORM, &user),
        chat: Address::new(PLATFORM, user),
        lang_hint: None,
        private: true,
        // Webhook events carry only the sender's id.
        name: None,
        body,
    };
    let outs = match core.admit(&inbound) {
        Ok(()) => core.reply(&inbound),
        Err(slow_down) => slow_down.into_iter().collect(),
    };
    log::info!("zalo event from {}: {} answer(s)", inbound.user, outs.len());
    let _ = answered.send((outs, ack));
}

/// Stores answers in the order their events came, everything waiting at once in one
/// transaction and one flush, then acknowledges those events.
async fn commit_in_order(
    replies: Arc<Replies<ZaloSend>>,
    mut answered: mpsc::UnboundedReceiver<Answered>,
) {
    while let Some(first) = answered.recv().await {
        let mut batch = vec![first];
        while let Ok(more) = answered.try_recv() {
            batch.push(more);
        }
        let mut outs = Vec::new();
        let mut acks = Vec::new();
        for (o, ack) in batch {
            outs.extend(o.into_iter().map(|o| (o, None)));
            acks.push(ack);
        }
        replies.commit(outs, None).await;
        for ack in acks {
            let _ = ack.send(());
        }
    }
}

/// Stored replies through the OA API: one text per part, choices as numbers.
struct ZaloSend {
    core: Arc<Core>,
    api: Arc<ZaloApi>,
}

impl SendReply for ZaloSend {
    async fn send_reply(&self, reply: &StoredReply) -> SendOutcome {
        let hint = self
            .core
            .number_hint(&UserId::new(PLATFORM, &reply.to.chat), &reply.message);
        // A retry after a failed later part sends the earlier parts again.
        for text in render::texts(&reply.message, hint.as_deref()) {
            let outcome = self.api.send_text(&reply.to.chat, &text).await;
            if outcome != SendOutcome::Sent {
                return outcome;
            }
        }
        SendOutcome::Sent
    }
}
