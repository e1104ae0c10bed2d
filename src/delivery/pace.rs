//! Pacing sends to a messenger's limits: a global rate, a per-chat rate, a bot-wide pause
//! after "slow down" (429), and priority for replies over broadcast traffic.
//!
//! One sequence of send slots, `interval` apart, is shared by replies and broadcasts. A reply
//! takes the next free slot at once. A broadcast send only takes a slot when that slot is
//! due, so broadcast senders never hold slots in advance that a reply would have to queue
//! behind — and the total, replies included, never exceeds the rate.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Share of the configured global rate actually used (see [`Pacer::new`]).
const HEADROOM: f64 = 0.98;

/// How fast one messenger lets us send.
#[derive(Debug, Clone, Copy)]
pub struct Rates {
    /// Messages per second to all chats together.
    pub global: f64,
    /// Messages per second to one chat.
    pub per_chat: f64,
}

struct State {
    /// The earliest time the next send (of any kind) may go.
    next_free: Instant,
    /// No send at all before this (after a 429).
    paused_until: Instant,
    /// When each chat may next receive a message. Only entries still in the future matter
    /// (an entry in the past constrains nothing), so past ones are dropped as they pile up.
    chat_ready: HashMap<String, Instant>,
    /// `chat_ready` is pruned again when it grows past this (see [`Pacer::prune`]).
    prune_at: usize,
    /// When the last `burst` sends went (or, for a reply, will go), oldest first.
    sent: VecDeque<Instant>,
}

/// Below this many entries `chat_ready` is never pruned.
const PRUNE_MIN: usize = 256;

/// Shared by a channel's reply path and its broadcast worker.
pub struct Pacer {
    interval: Duration,
    per_chat: Duration,
    /// At most `burst` sends in any `window` (the global rate, rounded down, per second
    /// with the headroom), counted at the moment each send goes rather than at its slot.
    burst: usize,
    window: Duration,
    state: Mutex<State>,
    /// Broadcast sends take their slots in the order they asked (tokio's mutex is fair), so
    /// a delivery claimed earlier (an urgent notice's) is never overtaken by one claimed
    /// later: without it, whichever sleeper woke first took the slot, and an urgent send
    /// could wait behind routine ones claimed after it.
    turn: tokio::sync::Mutex<()>,
}

impl Pacer {
    pub fn new(rates: Rates) -> Pacer {
        let now = Instant::now();
        let burst = (rates.global.floor() as usize).clamp(1, 10_000);
        Pacer {
            // Sending at exactly the limit makes network jitter push one message too many
            // into some one-second window now and then, and each 429 costs a whole second
            // of silence; 2 % headroom avoids that and still reaches 98 % of the rate.
            interval: Duration::from_secs_f64(1.0 / (rates.global * HEADROOM)),
            per_chat: Duration::from_secs_f64(1.0 / rates.per_chat),
            // The slot grid alone lets a sender that woke late take its missed slot and the
            // next one close behind (so lateness does not lower the rate); on a loaded
            // machine several such catch-ups put one message too many into some second at
            // the messenger. The window counts when sends really went.
            burst,
            window: Duration::from_secs_f64(burst as f64 / (rates.global * HEADROOM)),
            state: Mutex::new(State {
                next_free: now,
                paused_until: now,
                chat_ready: HashMap::new(),
                prune_at: PRUNE_MIN,
                sent: VecDeque::with_capacity(burst),
            }),
            turn: tokio::sync::Mutex::new(()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes the slot at `at` for `chat`; the send goes at `goes` (now, or `at` for a reply
    /// that sleeps until its slot).
    fn take(&self, s: &mut State, chat: &str, at: Instant, goes: Instant, now: Instant) {
        s.next_free = at + self.interval;
        s.chat_ready.insert(chat.to_string(), at + self.per_chat);
        if s.sent.len() >= self.burst {
            s.sent.pop_front();
        }
        s.sent.push_back(goes);
        Self::prune(s, now);
    }

    /// The earliest time another send keeps within `burst` per `window`.
    fn window_free(&self, s: &State) -> Option<Instant> {
        (s.sent.len() >= self.burst)
            .then(|| s.sent.front().map(|t| *t + self.window))
            .flatten()
    }

    /// Drops the chats whose time has passed. A broadcast touches every recipient's chat once,
    /// so without this the map would hold one entry per recipient (10,000 strings and their
    /// table) until the process ends, while only about global rate ÷ per-chat rate entries
    /// (30 on Telegram) are ever in the future. Pruning again only after the map has doubled
    /// keeps the cost amortised O(1) per send.
    fn prune(s: &mut State, now: Instant) {
        if s.chat_ready.len() < s.prune_at {
            return;
        }
        s.chat_ready.retain(|_, t| *t > now);
        s.chat_ready.shrink_to(s.chat_ready.len() * 2);
        s.prune_at = (s.chat_ready.len() * 2).max(PRUNE_MIN);
    }

    /// Waits until a broadcast send to `chat` may go, yielding to replies. Broadcast sends
    /// go in the order they called: each first waits for its own chat's turn holding
    /// nothing (so one busy chat does not hold up the others), then queues for the next
    /// slot.
    pub async fn bulk(&self, chat: &str) {
        loop {
            let ready = {
                let s = self.lock();
                s.chat_ready.get(chat).copied()
            };
            match ready {
                Some(at) if at > Instant::now() => tokio::time::sleep_until(at).await,
                _ => break,
            }
        }
        let _turn = self.turn.lock().await;
        loop {
            let wake = {
                let mut s = self.lock();
                let now = Instant::now();
                let mut at = s.next_free.max(s.paused_until);
                if let Some(ready) = s.chat_ready.get(chat) {
                    at = at.max(*ready);
                }
                if let Some(free) = self.window_free(&s) {
                    at = at.max(free);
                }
                if at <= now {
                    // Keep to the slot grid when waking a little late (timer granularity),
                    // so lateness does not add up into a lower rate; after idle time, start
                    // from now rather than sending a burst of "missed" slots.
                    let slot = if now.duration_since(at) < self.interval {
                        at
                    } else {
                        now
                    };
                    self.take(&mut s, chat, slot, now, now);
                    return;
                }
                at
            };
            tokio::time::sleep_until(wake).await;
        }
    }

    /// Waits for the next free slot for a reply to `chat`: only a 429 pause, the chat's own
    /// rate and at most one slot interval delay it; broadcast traffic yields.
    ///
    /// A reply first waits for its chat's turn holding nothing, then takes the next slot of
    /// the global sequence like any send, so replies to a busy chat never push the total
    /// over the global rate.
    pub async fn reply(&self, chat: &str) {
        loop {
            let (wake, taken) = {
                let mut s = self.lock();
                let now = Instant::now();
                match s.chat_ready.get(chat) {
                    Some(ready) if *ready > now => (*ready, false),
                    _ => {
                        let mut at = now.max(s.next_free).max(s.paused_until);
                        if let Some(free) = self.window_free(&s) {
                            at = at.max(free);
                        }
                        self.take(&mut s, chat, at, at, now);
                        (at, true)
                    }
                }
            };
            tokio::time::sleep_until(wake).await;
            if taken {
                return;
            }
        }
    }

    /// How long the current "retry after" pause still lasts (zero when there is none).
    pub fn paused_for(&self) -> Duration {
        self.lock()
            .paused_until
            .saturating_duration_since(Instant::now())
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
    async fn a_pause_says_how_long_it_still_lasts() {
        let p = pacer(10.0);
        assert_eq!(p.paused_for(), Duration::ZERO);
        p.pause(Duration::from_secs(3));
        assert_eq!(p.paused_for(), Duration::from_secs(3));
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(p.paused_for(), Duration::from_secs(1));
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(p.paused_for(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn bulk_slots_are_spaced_by_the_global_rate() {
        let p = pacer(10.0 / HEADROOM);
        let start = Instant::now();
        for i in 0..5 {
            p.bulk(&format!("c{i}")).await;
        }
        // Slots at 0, 100, 200, 300, 400 ms.
        let ms = start.elapsed().as_secs_f64() * 1e3;
        assert!((ms - 400.0).abs() < 1.0, "{ms}");
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
    async fn past_chats_are_forgotten_but_recent_ones_still_wait() {
        let p = pacer(1000.0);
        for i in 0..10_000 {
            p.bulk(&format!("c{i}")).await;
        }
        // 10,000 chats were served, but only those of the last second can still be waiting.
        let kept = p.lock().chat_ready.len();
        assert!(kept <= 2 * 1000 + PRUNE_MIN, "{kept}");
        let start = Instant::now();
        p.bulk("c9999").await;
        assert!(
            start.elapsed() >= Duration::from_millis(990),
            "{:?}",
            start.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn replies_go_ahead_of_waiting_bulk_sends() {
        let p = std::sync::Arc::new(pacer(10.0 / HEADROOM));
        let start = Instant::now();
        p.bulk("a").await; // t = 0; the next slot is at 100 ms
        // Many broadcast sends wait for slots…
        let waiting: Vec<_> = (0..5)
            .map(|i| {
                let p = p.clone();
                tokio::spawn(async move { p.bulk(&format!("b{i}")).await })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(10)).await;
        // …a reply arriving now gets the very next slot, not the sixth.
        p.reply("r").await;
        let ms = start.elapsed().as_secs_f64() * 1e3;
        assert!((ms - 100.0).abs() < 1.0, "{ms}");
        for w in waiting {
            w.await.unwrap();
        }
        // Six sends after the first, one slot each: the total never exceeds the rate.
        let ms = start.elapsed().as_secs_f64() * 1e3;
        assert!((ms - 600.0).abs() < 1.0, "{ms}");
    }

    /// Broadcast sends take slots in the order they asked: one that asks just as a slot
    /// comes free does not take it from one already waiting for it (a send claimed earlier,
    /// such as an urgent notice's, is never overtaken by one claimed later).
    #[tokio::test(start_paused = true)]
    async fn bulk_sends_go_in_the_order_they_asked() {
        let p = std::sync::Arc::new(pacer(10.0 / HEADROOM));
        let order = std::sync::Arc::new(Mutex::new(Vec::new()));
        p.bulk("x").await; // t = 0; the next slot is at 100 ms
        let (p2, o2) = (p.clone(), order.clone());
        // Asks at 100 ms, just as the slot comes free (its timer fires first).
        let later = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            p2.bulk("later").await;
            o2.lock().unwrap().push("later");
        });
        tokio::task::yield_now().await;
        let (p1, o1) = (p.clone(), order.clone());
        // Asks at once and waits for the 100 ms slot.
        let first = tokio::spawn(async move {
            p1.bulk("first").await;
            o1.lock().unwrap().push("first");
        });
        first.await.unwrap();
        later.await.unwrap();
        assert_eq!(*order.lock().unwrap(), vec!["first", "later"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_reply_waiting_for_its_chat_still_takes_a_global_slot() {
        let p = std::sync::Arc::new(pacer(10.0 / HEADROOM));
        let start = Instant::now();
        let times = std::sync::Arc::new(Mutex::new(Vec::new()));
        p.reply("a").await;
        times.lock().unwrap().push(start.elapsed());
        // The chat's next reply must wait a second for its own turn…
        let second = {
            let (p, times) = (p.clone(), times.clone());
            tokio::spawn(async move {
                p.reply("a").await;
                times.lock().unwrap().push(start.elapsed());
            })
        };
        // …while a broadcast fills every global slot meanwhile.
        for i in 0..20 {
            p.bulk(&format!("b{i}")).await;
            times.lock().unwrap().push(start.elapsed());
        }
        second.await.unwrap();
        let mut t = times.lock().unwrap().clone();
        t.sort();
        assert_eq!(t.len(), 22);
        for pair in t.windows(2) {
            let gap = pair[1] - pair[0];
            assert!(gap >= Duration::from_millis(99), "{t:?}");
        }
    }

    /// Senders that wake late may take missed slots close together, but never more than the
    /// rate's worth of sends go out within one window.
    #[tokio::test(start_paused = true)]
    async fn late_senders_never_put_more_than_the_rate_into_a_second() {
        let p = pacer(10.0);
        let mut went = Vec::new();
        for i in 0..40 {
            p.bulk(&format!("c{i}")).await;
            went.push(Instant::now());
            // Every third sender comes back late, past its next slot (a loaded machine).
            if i % 3 == 0 {
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
        }
        for (i, t) in went.iter().enumerate() {
            let within = went[i..]
                .iter()
                .take_while(|u| u.duration_since(*t) < Duration::from_secs(1))
                .count();
            assert!(within <= 10, "{within} sends within a second from send {i}");
        }
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
