//! The Zalo Official Account channel: a signed webhook in, the OA consultation-message API
//! out, and `Deliver` for broadcasts. Zalo specifics live only in this folder.

pub mod api;
pub mod event;
pub mod oauth;
pub mod render;
mod server;
pub mod signature;
mod webhook;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use crate::config::ZaloConfig;
use crate::core::Core;
use crate::delivery::pace::{Pacer, Rates};
use crate::delivery::{Deliver, Route, SendOutcome};
use crate::message::{Address, Inbound, InboundBody, OutMessage, UserId};
use crate::store::Store;
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
    pub fn from_env_and_config(cfg: &ZaloConfig) -> Result<Settings, ZaloError> {
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
        })
    }
}

/// Broadcast deliveries through the OA API.
pub struct ZaloDeliver {
    api: Arc<ZaloApi>,
}

impl Deliver for ZaloDeliver {
    async fn deliver(&self, to: &Address, message: &OutMessage) -> SendOutcome {
        // Notices, reports and progress notes carry no choices, so no hint is needed.
        for text in render::texts(message, None) {
            let outcome = self.api.send_text(&to.chat, &text).await;
            if outcome != SendOutcome::Sent {
                return outcome;
            }
        }
        SendOutcome::Sent
    }
}

/// A started Zalo channel: the webhook port is bound, the tokens are loaded.
pub struct Zalo {
    core: Arc<Core>,
    api: Arc<ZaloApi>,
    pacer: Arc<Pacer>,
    concurrency: usize,
    listener: TcpListener,
    router: axum::Router,
    events: mpsc::Receiver<Event>,
}

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
        core,
        api,
        // No per-user limit is documented; the OA-wide rate is the one that matters.
        pacer: Arc::new(Pacer::new(Rates {
            global: settings.rate,
            per_chat: settings.rate,
        })),
        concurrency: settings.concurrency,
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
                api: self.api.clone(),
            }),
            self.pacer.clone(),
            self.concurrency,
        )
    }

    /// Serves the webhook and answers events until `shutdown` turns true.
    pub async fn serve(self, shutdown: watch::Receiver<bool>) {
        let Zalo {
            core,
            api,
            pacer,
            listener,
            router,
            mut events,
            ..
        } = self;
        let replies = Arc::new(Replies { core, api, pacer });
        let mut server = tokio::spawn(server::serve(listener, router, shutdown.clone()));
        let store = replies.core.store().clone();
        let mut sending = JoinSet::new();
        let mut prune = tokio::time::interval(Duration::from_secs(3600));
        let mut stop = shutdown.clone();
        loop {
            while sending.try_join_next().is_some() {}
            tokio::select! {
                event = events.recv() => match event {
                    Some(event) => replies.clone().on_event(event, &mut sending),
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
        // Zalo got a 200 for every queued event: handle them all before stopping, and give
        // their answers a moment to go out. The server finishes the requests it has (they may
        // be waiting for room in the queue, so keep reading it meanwhile).
        loop {
            tokio::select! {
                _ = &mut server => break,
                Some(event) = events.recv() => replies.clone().on_event(event, &mut sending),
            }
        }
        events.close();
        while let Some(event) = events.recv().await {
            replies.clone().on_event(event, &mut sending);
        }
        let drained = tokio::time::timeout(Duration::from_secs(3), async {
            while sending.join_next().await.is_some() {}
        });
        if drained.await.is_err() {
            log::warn!("zalo: some answers were still being sent at shutdown");
        }
    }
}

/// Turns events into the core's answers and sends them.
struct Replies {
    core: Arc<Core>,
    api: Arc<ZaloApi>,
    pacer: Arc<Pacer>,
}

impl Replies {
    /// Handles one event. The core runs here, in arrival order (state changes such as a
    /// subscription happen in the order people wrote); sending the answers runs apart, so a
    /// slow network never holds up the next person.
    fn on_event(self: Arc<Self>, event: Event, sending: &mut JoinSet<()>) {
        let (user, body) = match event {
            Event::Text { user, text, .. } => (user, InboundBody::Text(text)),
            // A new follower gets the welcome and the menu, as after /start.
            Event::Follow { user } => (user, InboundBody::Text("/start".into())),
            Event::Unsupported { user, .. } => (user, InboundBody::Unsupported),
            Event::Unfollow { user } => {
                self.core.member_left(&UserId::new(PLATFORM, &user));
                return;
            }
            Event::Ignored { .. } => return,
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
        // Handled now, in order; the answers wait for their change to be on disk (a group
        // commit), apart, so the next event is not held up by the fsync.
        let answer = self.core.answer(&inbound);
        sending.spawn(async move {
            let outs = self.core.committed(answer).await;
            log::info!("zalo event from {}: {} answer(s)", inbound.user, outs.len());
            for out in outs {
                let hint = (!out.message.buttons.is_empty()).then(|| {
                    // A Zalo chat is the person's own: its id is the user id.
                    let locale = self.core.locale_of(&UserId::new(PLATFORM, &out.to.chat));
                    self.core.i18n().t(locale, "choose-by-number", &[])
                });
                for text in render::texts(&out.message, hint.as_deref()) {
                    self.send(&out.to, &text).await;
                }
            }
        });
    }

    async fn send(&self, to: &Address, text: &str) {
        for attempt in 0..3 {
            self.pacer.reply(&to.key()).await;
            match self.api.send_text(&to.chat, text).await {
                SendOutcome::Sent => return,
                SendOutcome::RetryAfter(wait) if attempt < 2 => self.pacer.pause(wait),
                SendOutcome::Gone(_) => {
                    self.core.member_left(&UserId::new(PLATFORM, &to.chat));
                    return;
                }
                other => {
                    log::warn!("reply to {}: {other:?}", to.key());
                    return;
                }
            }
        }
    }
}
