//! Which channel delivers to which platform: each running messenger brings its own way of
//! sending, its own pacer (its own limits) and its own cap on sends in flight, so one
//! announcement can reach Telegram and Zalo subscribers alike, each at its own pace.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::sync::Semaphore;

use super::pace::{Pacer, Rates};
use super::{Deliver, FetchError, FetchMedia, MediaNotice, SendOutcome};
use crate::message::{Address, OutMessage};

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// [`Deliver`] in a form that can sit behind `dyn` next to other channels.
trait DeliverDyn: Send + Sync {
    fn deliver_dyn<'a>(
        &'a self,
        to: &'a Address,
        message: &'a OutMessage,
    ) -> BoxFuture<'a, SendOutcome>;

    fn deliver_tracked_dyn<'a>(
        &'a self,
        to: &'a Address,
        message: &'a OutMessage,
    ) -> BoxFuture<'a, (SendOutcome, Option<String>)>;

    fn edit_dyn<'a>(
        &'a self,
        to: &'a Address,
        message_id: &'a str,
        message: &'a OutMessage,
    ) -> BoxFuture<'a, SendOutcome>;

    fn deliver_media_dyn<'a>(
        &'a self,
        to: &'a Address,
        notice: &'a MediaNotice<'a>,
    ) -> BoxFuture<'a, (SendOutcome, Option<String>)>;

    fn fetch_media_dyn<'a>(
        &'a self,
        file: &'a str,
        max_bytes: u64,
    ) -> BoxFuture<'a, Result<Vec<u8>, FetchError>>;
}

impl<D: Deliver> DeliverDyn for D {
    fn deliver_dyn<'a>(
        &'a self,
        to: &'a Address,
        message: &'a OutMessage,
    ) -> BoxFuture<'a, SendOutcome> {
        Box::pin(self.deliver(to, message))
    }

    fn deliver_tracked_dyn<'a>(
        &'a self,
        to: &'a Address,
        message: &'a OutMessage,
    ) -> BoxFuture<'a, (SendOutcome, Option<String>)> {
        Box::pin(self.deliver_tracked(to, message))
    }

    fn edit_dyn<'a>(
        &'a self,
        to: &'a Address,
        message_id: &'a str,
        message: &'a OutMessage,
    ) -> BoxFuture<'a, SendOutcome> {
        Box::pin(self.edit(to, message_id, message))
    }

    fn deliver_media_dyn<'a>(
        &'a self,
        to: &'a Address,
        notice: &'a MediaNotice<'a>,
    ) -> BoxFuture<'a, (SendOutcome, Option<String>)> {
        Box::pin(self.deliver_media(to, notice))
    }

    fn fetch_media_dyn<'a>(
        &'a self,
        file: &'a str,
        max_bytes: u64,
    ) -> BoxFuture<'a, Result<Vec<u8>, FetchError>> {
        Box::pin(self.fetch_media(file, max_bytes))
    }
}

/// One channel's way out: how it sends, how fast, and how many at once.
#[derive(Clone)]
pub struct Route {
    deliver: Arc<dyn DeliverDyn>,
    pub(crate) pacer: Arc<Pacer>,
    /// At most this many broadcast sends of this channel in flight.
    pub(crate) slots: Arc<Semaphore>,
    pub(crate) concurrency: usize,
}

impl Route {
    pub fn new<D: Deliver>(deliver: Arc<D>, pacer: Arc<Pacer>, concurrency: usize) -> Route {
        let concurrency = concurrency.max(1);
        Route {
            deliver,
            pacer,
            slots: Arc::new(Semaphore::new(concurrency)),
            concurrency,
        }
    }

    pub async fn deliver(&self, to: &Address, message: &OutMessage) -> SendOutcome {
        self.deliver.deliver_dyn(to, message).await
    }

    /// Sends, and gives the messenger's id of the message when it gives one.
    pub async fn deliver_tracked(
        &self,
        to: &Address,
        message: &OutMessage,
    ) -> (SendOutcome, Option<String>) {
        self.deliver.deliver_tracked_dyn(to, message).await
    }

    /// Edits a message sent earlier, where the messenger allows it.
    pub async fn edit(&self, to: &Address, message_id: &str, message: &OutMessage) -> SendOutcome {
        self.deliver.edit_dyn(to, message_id, message).await
    }

    /// Sends a notice that carries a photo or voice note (see [`Deliver::deliver_media`]).
    pub async fn deliver_media(
        &self,
        to: &Address,
        notice: &MediaNotice<'_>,
    ) -> (SendOutcome, Option<String>) {
        self.deliver.deliver_media_dyn(to, notice).await
    }
}

impl FetchMedia for Route {
    fn fetch<'a>(
        &'a self,
        file: &'a str,
        max_bytes: u64,
    ) -> BoxFuture<'a, Result<Vec<u8>, FetchError>> {
        self.deliver.fetch_media_dyn(file, max_bytes)
    }
}

/// The routes of one process, by platform ("telegram", "zalo"), with an optional route for
/// every other platform (the console prints everything it is given).
#[derive(Clone, Default)]
pub struct Routes {
    by_platform: HashMap<String, Route>,
    fallback: Option<Route>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes::default()
    }

    /// Sends to `platform` through `route`.
    pub fn with(mut self, platform: &str, route: Route) -> Routes {
        self.by_platform.insert(platform.to_string(), route);
        self
    }

    /// One unpaced route, one send at a time, for every platform (console, tests).
    pub fn everything_through<D: Deliver>(deliver: Arc<D>) -> Routes {
        let unlimited = Rates {
            global: 1e9,
            per_chat: 1e9,
        };
        Routes {
            by_platform: HashMap::new(),
            fallback: Some(Route::new(deliver, Arc::new(Pacer::new(unlimited)), 1)),
        }
    }

    /// The route to `to`'s platform, if a channel for it is running.
    pub fn to(&self, to: &Address) -> Option<&Route> {
        self.by_platform
            .get(&to.platform)
            .or(self.fallback.as_ref())
    }

    /// The route of the channel for `platform`, if it is running (not the fallback: only a
    /// messenger's own channel can read the files sent to it).
    pub fn of_platform(&self, platform: &str) -> Option<&Route> {
        self.by_platform.get(platform)
    }

    /// Sends in flight at most, all channels together.
    pub fn concurrency(&self) -> usize {
        self.by_platform
            .values()
            .chain(self.fallback.iter())
            .map(|r| r.concurrency)
            .sum::<usize>()
            .max(1)
    }

    /// The platforms with a route of their own.
    pub fn platforms(&self) -> Vec<&str> {
        let mut p: Vec<&str> = self.by_platform.keys().map(String::as_str).collect();
        p.sort_unstable();
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FailReason;

    struct Named(&'static str);
    impl Deliver for Named {
        async fn deliver(&self, _to: &Address, _m: &OutMessage) -> SendOutcome {
            SendOutcome::Permanent(FailReason::Text {
                words: self.0.into(),
            })
        }
    }

    fn pacer() -> Arc<Pacer> {
        Arc::new(Pacer::new(Rates {
            global: 10.0,
            per_chat: 1.0,
        }))
    }

    #[tokio::test]
    async fn each_platform_goes_through_its_own_channel() {
        let routes = Routes::new()
            .with("telegram", Route::new(Arc::new(Named("tg")), pacer(), 16))
            .with("zalo", Route::new(Arc::new(Named("zl")), pacer(), 4));
        let m = OutMessage::text("x");
        let tg = routes.to(&Address::new("telegram", "1")).unwrap();
        let zl = routes.to(&Address::new("zalo", "1")).unwrap();
        assert_eq!(
            tg.deliver(&Address::new("telegram", "1"), &m).await,
            SendOutcome::Permanent(FailReason::Text { words: "tg".into() })
        );
        assert_eq!(
            zl.deliver(&Address::new("zalo", "1"), &m).await,
            SendOutcome::Permanent(FailReason::Text { words: "zl".into() })
        );
        assert!(routes.to(&Address::new("console", "me")).is_none());
        assert_eq!(routes.concurrency(), 20);
        assert_eq!(routes.platforms(), ["telegram", "zalo"]);
    }

    #[tokio::test]
    async fn the_fallback_takes_every_platform() {
        let routes = Routes::everything_through(Arc::new(Named("all")));
        assert!(routes.to(&Address::new("zalo", "1")).is_some());
        assert!(routes.to(&Address::new("console", "me")).is_some());
        assert_eq!(routes.concurrency(), 1);
    }
}
