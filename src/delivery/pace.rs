//! Pacing sends to a messenger's limits: a global rate, a per-chat rate, a bot-wide pause
//! after "slow down" (429), and priority for replies over broadcast traffic.
//!
//! Sends reserve time slots instead of sleeping in a loop: a slot is `interval` after the
//! previous one, so concurrent senders together hit the configured rate exactly. A reply
//! takes the next slot without queueing behind broadcast slots already handed out (those
//! move back by one interval), which is how replies go ahead of bulk traffic.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// How fast one messenger lets us send.
#[derive(Debug, Clone, Copy)]
pub struct Rates {
    /// Messages per second to all chats together.
    pub global: f64,
    /// Messages per second to one chat.
    pub per_chat: f64,
}

struct State {
    /// The earliest time the next broadcast send may go.
    next_bulk: Instant,
    /// Sends reserved for replies that broadcast slots must leave room for.
    reply_debt: u32,
    /// No send at all before this (after a 429).
    paused_until: Instant,
    /// When each chat may next receive a message.
    chat_ready: HashMap<String, Instant>,
}

/// Shared by a channel's reply path and its broadcast worker.
pub struct Pacer {
    interval: Duration,
    per_chat: Duration,
    state: Mutex<State>,
}

impl Pacer {
    pub fn new(rates: Rates) -> Pacer {
        let now = Instant::now();
        Pacer {
            interval: Duration::from_secs_f64(1.0 / rates.global),
            per_chat: Duration::from_secs_f64(1.0 / rates.per_chat),
            state: Mutex::new(State {
                next_bulk: now,
                reply_debt: 0,
                paused_until: now,
                chat_ready: HashMap::new(),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reserves the time a broadcast send to `chat` may go at, and waits for it.
    pub async fn bulk(&self, chat: &str) {
        let at = {
            let mut s = self.lock();
            let now = Instant::now();
            let mut at = s.next_bulk.max(now).max(s.paused_until);
            // Replies sent since the last reservation used slots of the global budget.
            at += self.interval * s.reply_debt;
            s.reply_debt = 0;
            if let Some(ready) = s.chat_ready.get(chat) {
                at = at.max(*ready);
            }
            s.next_bulk = at + self.interval;
            s.chat_ready.insert(chat.to_string(), at + self.per_chat);
            if s.chat_ready.len() > 100_000 {
                s.chat_ready.retain(|_, t| *t > now);
            }
            at
        };
        tokio::time::sleep_until(at).await;
    }

    /// Reserves a slot for a reply to `chat`: only a 429 pause or the chat's own rate delays
    /// it; broadcast traffic yields.
    pub async fn reply(&self, chat: &str) {
        let at = {
            let mut s = self.lock();
            let now = Instant::now();
            let mut at = now.max(s.paused_until);
            if let Some(ready) = s.chat_ready.get(chat) {
                at = at.max(*ready);
            }
            s.reply_debt = s.reply_debt.saturating_add(1);
            s.chat_ready.insert(chat.to_string(), at + self.per_chat);
            at
        };
        tokio::time::sleep_until(at).await;
    }

    /// The messenger said "retry after `wait`": nobody sends before then.
    pub fn pause(&self, wait: Duration) {
        let mut s = self.lock();
        let until = Instant::now() + wait;
        if until > s.paused_until {
            s.paused_until = until;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pacer(global: f64) -> Pacer {
        Pacer::new(Rates {
            global,
            per_chat: 1.0,
        })
    }

    #[tokio::test(start_paused = true)]
    async fn bulk_slots_are_spaced_by_the_global_rate() {
        let p = pacer(10.0);
        let start = Instant::now();
        for i in 0..5 {
            p.bulk(&format!("c{i}")).await;
        }
        // Slots at 0, 100, 200, 300, 400 ms.
        assert_eq!(start.elapsed(), Duration::from_millis(400));
    }

    #[tokio::test(start_paused = true)]
    async fn one_chat_waits_for_its_own_rate() {
        let p = pacer(100.0);
        let start = Instant::now();
        p.bulk("same").await;
        p.bulk("same").await;
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn replies_do_not_wait_for_bulk_and_push_it_back() {
        let p = pacer(10.0);
        let start = Instant::now();
        p.bulk("a").await; // t = 0, next bulk at 100 ms
        p.reply("r").await; // goes at once
        assert_eq!(start.elapsed(), Duration::ZERO);
        p.bulk("b").await; // 100 ms + one interval for the reply
        assert_eq!(start.elapsed(), Duration::from_millis(200));
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_everyone() {
        let p = pacer(10.0);
        let start = Instant::now();
        p.pause(Duration::from_secs(3));
        p.reply("r").await;
        assert_eq!(start.elapsed(), Duration::from_secs(3));
        p.bulk("b").await;
        assert!(start.elapsed() >= Duration::from_secs(3));
    }
}
