//! One channel's reply sender: sends the answers stored in the store (see
//! `store/replies.rs`) in order per chat, paced ahead of broadcasts, retried with back-off
//! on transient errors, and dropped with a typed reason when they cannot arrive. A chat
//! waiting for its turn never holds up another chat.
//!
//! A reply is removed from the store (and that flushed) before the chat's next reply is
//! sent, so after a crash only the reply each chat had in flight can be sent twice.
//!
//! At most the channel's `concurrency` replies are in flight at once (each waits for a
//! sending slot after its pacer slot): without that bound, when 20,000 people wrote at once
//! with the limits off, nearly every chat whose turn had come had a request to the messenger
//! open (each with its buffers and task): 94–119 MiB resident at the peak of the burst,
//! 45–53 MiB with it (docs/measurements.md).

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use crate::core::Core;
use crate::delivery::SendOutcome;
use crate::delivery::pace::Pacer;
use crate::message::{Outbound, UserId};
use crate::model::FailReason;
use crate::store::{PendingReply, StoredReply};

/// What a channel implements to send one stored reply.
pub trait SendReply: Send + Sync + 'static {
    fn send_reply(&self, reply: &StoredReply) -> impl Future<Output = SendOutcome> + Send;
}

/// The longest back-off between two tries of one reply.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Sends one channel's replies.
pub struct Replies<S: SendReply> {
    core: Arc<Core>,
    send: S,
    pacer: Arc<Pacer>,
    platform: &'static str,
    /// Chats with replies to send, each in the order they were given. A chat is here while
    /// its task runs; the task removes it when its queue is empty.
    chats: Mutex<HashMap<String, VecDeque<PendingReply>>>,
    tasks: Mutex<JoinSet<()>>,
    /// Sending slots: a reply holds one from its pacing to the messenger's answer.
    sending: Semaphore,
    /// Turned true by [`Replies::finish`] when its time is up: no further send starts.
    halt: watch::Sender<bool>,
    stop: watch::Receiver<bool>,
    max_attempts: u32,
    retry_base: Duration,
}

impl<S: SendReply> Replies<S> {
    /// A sender for `platform`'s replies through `send`, paced by `pacer` (shared with the
    /// channel's broadcasts), at most `concurrency` in flight at once. Replies left unsent by
    /// an earlier run are sent first, in order.
    pub fn start(
        core: Arc<Core>,
        send: S,
        pacer: Arc<Pacer>,
        platform: &'static str,
        concurrency: usize,
    ) -> Arc<Replies<S>> {
        let (halt, stop) = watch::channel(false);
        // A process that just started does not know what the one before it sent in its last
        // second (a restart, a crash): nothing goes out in this channel's first second, so
        // the two together stay within the messenger's limits.
        pacer.pause(Duration::from_secs(1));
        let cfg = &core.config().delivery;
        let (max_attempts, retry_base) = (
            cfg.max_attempts.max(1),
            Duration::from_secs(cfg.retry_base_seconds.max(1)),
        );
        let replies = Arc::new(Replies {
            core,
            send,
            pacer,
            platform,
            chats: Mutex::new(HashMap::new()),
            tasks: Mutex::new(JoinSet::new()),
            sending: Semaphore::new(concurrency.max(1)),
            halt,
            stop,
            max_attempts,
            retry_base,
        });
        match replies.core.store().pending_replies(platform) {
            Ok(left) if left.is_empty() => {}
            Ok(left) => {
                log::info!(
                    "{platform}: {} answer(s) from before the restart to send",
                    left.len()
                );
                replies.send_durable(left);
            }
            Err(e) => log::error!("{platform}: reading answers not sent yet: {e}"),
        }
        replies
    }

    /// Makes `answers` durable and sends them: stores them (each with the pressed message
    /// it may replace) together with `cursor` (the messenger's position after the messages
    /// they answer) in one transaction, awaits the flush (a group commit shared with
    /// everything else being written), then queues them per chat. When this returns, the
    /// messages may be acknowledged to the messenger.
    ///
    /// If the store cannot write (a full disk), the answers are sent anyway, once, so the
    /// person still hears that something is wrong.
    pub async fn commit(
        self: &Arc<Self>,
        answers: Vec<(Outbound, Option<String>)>,
        cursor: Option<i64>,
    ) {
        let now = crate::clock::now();
        let replies: Vec<StoredReply> = answers
            .into_iter()
            .map(|(o, replaces)| StoredReply {
                replaces: if o.replaces_pressed { replaces } else { None },
                to: o.to,
                message: o.message,
                created_at: now,
            })
            .collect();
        let store = self.core.store();
        match store.queue_replies(self.platform, cursor, &replies) {
            Ok(pending) => {
                // Not lingering for others: the batch is already a group, and people wait.
                if let Err(e) = store.flush_now_async().await {
                    log::error!("{}: answers not on disk: {e}", self.platform);
                }
                self.send_durable(pending);
            }
            Err(e) => {
                log::error!(
                    "{}: storing answers: {e}; sending them unstored",
                    self.platform
                );
                let mut tasks = self.tasks.lock().unwrap_or_else(|e| e.into_inner());
                for reply in replies {
                    let me = self.clone();
                    tasks.spawn(async move {
                        me.pacer.reply(&reply.to.key()).await;
                        let _slot = me.sending.acquire().await;
                        let outcome = me.send.send_reply(&reply).await;
                        if outcome != SendOutcome::Sent {
                            log::warn!(
                                "{}: answer to {}: {outcome:?}",
                                me.platform,
                                reply.to.key()
                            );
                        }
                    });
                }
            }
        }
    }

    /// Sends replies that are on disk (after the flush that covers [`Replies::store`]).
    /// Replies to one chat go in the order given here; ids keep the order across restarts.
    pub fn send_durable(self: &Arc<Self>, replies: Vec<PendingReply>) {
        let mut start = Vec::new();
        {
            let mut chats = self.chats.lock().unwrap_or_else(|e| e.into_inner());
            for r in replies {
                let chat = r.reply.to.key();
                match chats.get_mut(&chat) {
                    Some(q) => q.push_back(r),
                    None => {
                        chats.insert(chat.clone(), VecDeque::from([r]));
                        start.push(chat);
                    }
                }
            }
        }
        if start.is_empty() {
            return;
        }
        let mut tasks = self.tasks.lock().unwrap_or_else(|e| e.into_inner());
        while tasks.try_join_next().is_some() {}
        for chat in start {
            let me = self.clone();
            tasks.spawn(async move { me.run_chat(chat).await });
        }
    }

    /// Replies waiting in memory (queued or in flight), all chats.
    pub fn waiting(&self) -> usize {
        self.chats
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .map(VecDeque::len)
            .sum()
    }

    /// At shutdown, once the channel reads no more: keeps sending what is queued for up to
    /// `limit` (not at all while the messenger's "retry after" outlasts it), then lets the
    /// sends in flight end (briefly) and stops. What is not sent stays in the store for the
    /// next start.
    pub async fn finish(&self, limit: Duration) {
        let mut tasks = std::mem::take(&mut *self.tasks.lock().unwrap_or_else(|e| e.into_inner()));
        // The messenger asked us to wait longer than `limit` (a 429): nothing queued can go
        // out in time, so there is nothing to wait for.
        let limit = if self.pacer.paused_for() >= limit {
            Duration::ZERO
        } else {
            limit
        };
        let all = async { while tasks.join_next().await.is_some() {} };
        if tokio::time::timeout(limit, all).await.is_err() {
            let _ = self.halt.send(true);
            let in_flight = async { while tasks.join_next().await.is_some() {} };
            if tokio::time::timeout(Duration::from_millis(500), in_flight)
                .await
                .is_err()
            {
                tasks.abort_all();
            }
        }
        let left = self.waiting();
        if left > 0 {
            log::info!(
                "{}: {left} answer(s) kept for the next start",
                self.platform
            );
        }
    }

    fn stopped(&self) -> bool {
        *self.stop.borrow()
    }

    /// Sleeps `d`, or less if the sender is told to stop; false when stopped.
    async fn pause(&self, d: Duration) -> bool {
        let mut stop = self.stop.clone();
        tokio::select! {
            _ = tokio::time::sleep(d) => !self.stopped(),
            _ = stop.wait_for(|s| *s) => false,
        }
    }

    /// Sends `chat`'s replies one after the other until none are left.
    async fn run_chat(self: Arc<Self>, chat: String) {
        loop {
            let next = {
                let mut chats = self.chats.lock().unwrap_or_else(|e| e.into_inner());
                match chats.get(&chat).and_then(|q| q.front()) {
                    Some(r) => r.clone(),
                    None => {
                        chats.remove(&chat);
                        shrink_when_mostly_empty(&mut chats);
                        drop(chats);
                        self.reap_finished();
                        return;
                    }
                }
            };
            if !self.send_one(&next).await {
                // Stopping: what is left stays in the store.
                return;
            }
            let mut chats = self.chats.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(q) = chats.get_mut(&chat) {
                q.pop_front();
            }
        }
    }

    /// Frees the tasks of chats that are done. A finished task stays in the set (its
    /// allocation, and the set's entry for it) until it is joined: joined only when the
    /// next answers came, a burst of 20,000 people left the last few thousand chats' tasks
    /// allocated after it was over (~0.7 MiB, scattered through the heap).
    fn reap_finished(&self) {
        let mut tasks = self.tasks.lock().unwrap_or_else(|e| e.into_inner());
        while tasks.try_join_next().is_some() {}
    }

    /// Sends one reply until it arrives or cannot; false if stopped before it was done.
    async fn send_one(&self, p: &PendingReply) -> bool {
        let store = self.core.store();
        let key = p.reply.to.key();
        let mut failures = 0u32;
        loop {
            if self.stopped() {
                return false;
            }
            let mut stop = self.stop.clone();
            tokio::select! {
                _ = self.pacer.reply(&key) => {}
                _ = stop.wait_for(|s| *s) => return false,
            }
            // The slot after the pacer: a chat waiting for its own turn holds none, so it
            // never holds up another chat. Within the messenger's limits the slots are
            // rarely all taken; with the limits off they bound the connections.
            let slot = tokio::select! {
                slot = self.sending.acquire() => slot,
                _ = stop.wait_for(|s| *s) => return false,
            };
            let outcome = self.send.send_reply(&p.reply).await;
            // Freed before the flush below and any back-off: other chats send meanwhile.
            drop(slot);
            let give_up = match outcome {
                SendOutcome::Sent => {
                    if let Err(e) = store.reply_sent(p.id) {
                        log::error!("{}: marking an answer to {key} sent: {e}", self.platform);
                    }
                    None
                }
                SendOutcome::RetryAfter(wait) => {
                    // The whole channel waits, as the messenger asks; no attempt is lost.
                    self.pacer.pause(wait);
                    continue;
                }
                // Replies never wait for a messenger's hours (only notices do); treat it as
                // a passing failure.
                SendOutcome::Transient(reason) | SendOutcome::Held { reason, .. } => {
                    failures += 1;
                    if failures >= self.max_attempts {
                        Some(reason)
                    } else {
                        let backoff =
                            (self.retry_base * (1 << (failures - 1).min(10))).min(MAX_BACKOFF);
                        log::info!(
                            "{}: answer to {key} failed ({reason}); retrying in {} s",
                            self.platform,
                            backoff.as_secs()
                        );
                        if !self.pause(backoff).await {
                            return false;
                        }
                        continue;
                    }
                }
                SendOutcome::Gone(reason) => {
                    let to = &p.reply.to;
                    self.core.member_left(&UserId::new(&to.platform, &to.chat));
                    Some(reason)
                }
                SendOutcome::Permanent(reason) => Some(reason),
            };
            if let Some(reason) = give_up {
                self.failed(p, reason, failures);
            }
            // Sent or given up is on disk before this chat's next reply goes: after a crash
            // only a reply in flight can be sent again.
            if let Err(e) = store.flush_async().await {
                log::error!("{}: {e}", self.platform);
            }
            return true;
        }
    }

    fn failed(&self, p: &PendingReply, reason: FailReason, failures: u32) {
        let key = p.reply.to.key();
        if failures > 0 {
            log::warn!(
                "{}: answer to {key} given up after {failures} attempt(s): {reason}",
                self.platform
            );
        } else {
            log::warn!(
                "{}: answer to {key} cannot be delivered: {reason}",
                self.platform
            );
        }
        if let Err(e) = self
            .core
            .store()
            .reply_failed(p.id, reason, crate::clock::now())
        {
            log::error!("{}: recording a failed answer: {e}", self.platform);
        }
    }
}

/// Below this capacity the chats' table is left as it is.
const SHRINK_MIN: usize = 64;

/// Gives back most of `map`'s table once fewer than a quarter of its places are used. A
/// map keeps the table of its largest moment: after 20,000 people wrote at once, the chats
/// waiting for answers were thousands, and their table stayed allocated when none were
/// left. Shrinking to twice what is left, and only below a quarter, keeps the cost
/// amortised O(1) per removal.
fn shrink_when_mostly_empty<K: Eq + std::hash::Hash, V>(map: &mut HashMap<K, V>) {
    if map.capacity() > SHRINK_MIN && map.len() * 4 < map.capacity() {
        map.shrink_to((map.len() * 2).max(SHRINK_MIN / 2));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mostly_empty_table_is_given_back_and_a_busy_one_kept() {
        let mut map: HashMap<String, u32> = HashMap::new();
        for i in 0..20_000 {
            map.insert(format!("telegram:{i}"), i);
        }
        assert!(map.capacity() >= 20_000);
        // Half left: still busy, kept. (`capacity` is what fits without growing: removals
        // that leave a tombstone lower it a little.)
        for i in 0..10_000 {
            map.remove(&format!("telegram:{i}"));
            shrink_when_mostly_empty(&mut map);
        }
        assert!(map.capacity() >= 20_000, "{}", map.capacity());
        // A handful left: the table follows them down.
        for i in 10_000..19_990 {
            map.remove(&format!("telegram:{i}"));
            shrink_when_mostly_empty(&mut map);
        }
        assert_eq!(map.len(), 10);
        assert!(map.capacity() <= SHRINK_MIN, "{}", map.capacity());
        assert_eq!(map.get("telegram:19995"), Some(&19_995));
        // Emptied: small, and usable again.
        for i in 19_990..20_000 {
            map.remove(&format!("telegram:{i}"));
            shrink_when_mostly_empty(&mut map);
        }
        assert!(map.capacity() <= SHRINK_MIN);
        map.insert("zalo:1".into(), 1);
        assert_eq!(map.len(), 1);
    }
}
