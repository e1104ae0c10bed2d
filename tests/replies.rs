//! Every processed message gets its answer (issue 11 §2), and one person's flood never
//! freezes the bot for the others (§1): the real `loaban run` against the fake Bot API on
//! 127.0.0.1. 502s on replies, SIGKILLs during a subscription burst, a blocked chat, a
//! flood from one user while others ask and a notice goes out, and SIGTERM during it.
//!
//! Assertions are on outcomes (who got which answer, how often); the speed figures are
//! printed by the ignored `flood_figures` test (see docs/measurements.md).

#[path = "support/fake_telegram.rs"]
mod fake_telegram;
mod support;

use std::time::{Duration, Instant};

use fake_telegram::{FakeTelegram, Limits};
use support::binary::RunBot;

const HEAD: i64 = 1001;

/// The test bot: replies retried after a second, `extra` after its `[delivery]` section.
fn test_bot(extra: &str) -> RunBot {
    RunBot::new(&format!("[delivery]\nretry_base_seconds = 1\n\n{extra}\n"))
}

fn texts(fake: &FakeTelegram, chat: i64) -> Vec<String> {
    fake.sent_to(chat).into_iter().map(|m| m.text).collect()
}

fn count_with(fake: &FakeTelegram, chat: i64, needle: &str) -> usize {
    fake.sent_to(chat)
        .iter()
        .filter(|m| m.text.contains(needle))
        .count()
}

async fn wait_text(fake: &FakeTelegram, chat: i64, needle: &str, secs: u64) -> bool {
    let needle = needle.to_string();
    fake.wait_until(Duration::from_secs(secs), move |f| {
        f.sent_to(chat).iter().any(|m| m.text.contains(&needle))
    })
    .await
}

/// The chats among `first..first + n` that got a message containing every one of `needles`,
/// counted in one pass (polling `sent_to` per chat would starve the bot under test).
fn reached(fake: &FakeTelegram, first: i64, n: i64, needles: &[&str]) -> usize {
    fake.with_sent(|sent| {
        sent.iter()
            .filter(|m| {
                (first..first + n).contains(&m.chat_id)
                    && needles.iter().all(|w| m.text.contains(w))
            })
            .map(|m| m.chat_id)
            .collect::<std::collections::HashSet<_>>()
            .len()
    })
}

/// Polls `cond` every 200 ms until it holds or `secs` pass.
async fn eventually(secs: u64, cond: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if cond() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

const TELEGRAM_TEST: &str = "[telegram]\npoll_timeout_seconds = 1\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_502_on_a_reply_is_retried_and_the_answers_keep_their_order() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot(&format!(
        "{TELEGRAM_TEST}global_rate = 1000\nper_chat_rate = 1000\n"
    ));
    bot.start(&fake.url, &[]);
    fake.push_text(7001, "/start");
    assert!(
        wait_text(&fake, 7001, "Chào bạn", 30).await,
        "{}",
        bot.logs()
    );

    // The answer to the first question meets a 502; the second must not overtake it.
    fake.fail_next_sends(1);
    fake.push_text(7001, "/dangky dong");
    fake.push_text(7001, "/tintuc");
    assert!(
        fake.wait_until(Duration::from_secs(60), |f| f.sent_to(7001).len() >= 3)
            .await,
        "{:?}\n{}",
        texts(&fake, 7001),
        bot.logs()
    );
    assert_eq!(fake.served_5xx(), 1);
    let got = texts(&fake, 7001);
    assert!(got[1].contains("Đã đăng ký"), "{got:?}");
    assert_eq!(count_with(&fake, 7001, "Đã đăng ký"), 1, "{got:?}");
    assert!(
        bot.logs().contains("retrying in"),
        "the 502 was retried: {}",
        bot.logs()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_chat_is_not_retried_and_the_failure_is_recorded() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot(&format!(
        "{TELEGRAM_TEST}global_rate = 1000\nper_chat_rate = 1000\n"
    ));
    bot.start(&fake.url, &[]);
    fake.block(7101);
    fake.push_text(7101, "/start");
    fake.push_text(7102, "/start");
    assert!(
        wait_text(&fake, 7102, "Chào bạn", 30).await,
        "{}",
        bot.logs()
    );
    assert!(
        fake.wait_until(Duration::from_secs(30), |_| bot
            .logs()
            .contains("answer to telegram:7101 cannot be delivered"))
            .await,
        "{}",
        bot.logs()
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let calls = fake.count("sendMessage");
    assert_eq!(calls, 2, "one try for the blocked chat, one for the other");
    assert!(texts(&fake, 7101).is_empty());
}

/// 500 villagers subscribe at once while the bot is killed 25 times: each is subscribed and
/// told so; only answers in flight at a kill may come twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_subscription_is_answered_across_25_sigkills() {
    let fake = FakeTelegram::start(Limits::telegram()).await;
    let mut bot = test_bot(TELEGRAM_TEST);
    let first = 40_000;
    let n = 500;
    bot.start(&fake.url, &[]);
    for u in first..first + n {
        fake.push_text(u, "/start dong");
    }
    let answered = |f: &FakeTelegram| {
        reached(f, first, n, &["Đã đăng ký"]).max(reached(f, first, n, &["từ trước"]))
    };
    let mut kills = 0;
    while kills < 25 {
        // Kill at uneven moments: while updates are read, answers stored, answers sent (a
        // channel sends nothing in its first second, see `channels/replies.rs`).
        tokio::time::sleep(Duration::from_millis(1200 + (kills as u64 * 137) % 1000)).await;
        bot.process.signal(libc::SIGKILL);
        assert!(
            bot.process
                .wait_exit(Duration::from_secs(10))
                .await
                .is_some()
        );
        kills += 1;
        bot.start(&fake.url, &[]);
    }
    let all = eventually(180, || answered(&fake) == n as usize).await;
    let got = answered(&fake);
    assert!(all, "{got} of {n} answered after {kills} SIGKILLs");
    let repeats = fake.with_sent(|sent| {
        sent.iter()
            .filter(|m| (first..first + n).contains(&m.chat_id))
            .count()
    }) - n as usize;
    println!("{got} of {n} answered across {kills} SIGKILLs; {repeats} answer(s) sent twice");
    // In flight at a kill: sent but not yet recorded as sent (a group commit, at most
    // about a second of sends at 30/s).
    assert!(repeats <= kills * 30, "{repeats} repeats for {kills} kills");
    // Subscribed in the store, too: the head's preview counts them.
    fake.push_text(HEAD, "/thongbao Kiểm tra");
    assert!(
        wait_text(&fake, HEAD, &format!("({n} người nhận)"), 60).await,
        "{:?}",
        texts(&fake, HEAD)
    );
    // A fresh process does not know what the killed one sent in its last second, so a few
    // 429s can follow a restart; they are honoured and cost no answer.
    println!("{} × 429 across the restarts", fake.rejected_429());
}

/// What one flood run measured.
struct Flood {
    /// Seconds from each villager's question to its answer, sorted.
    latencies: Vec<f64>,
    /// The notice's sends per second while the flood was on, and without it (if measured).
    rate_flood: f64,
    /// Every send per second (notice and answers) over the same time as `rate_flood`.
    rate_all: f64,
    rate_calm: Option<f64>,
    rejected_429: usize,
    /// Answers the flooder got, and how many of them said "slow down".
    flooder_answers: usize,
    flooder_slow_downs: usize,
    /// SIGTERM to exit, and the exit code.
    stop_secs: f64,
    exit: Option<i32>,
}

const FLOODER: i64 = 66_666;
const ASKERS: i64 = 61_000;

/// Subscribes `subscribers` villagers, optionally measures a notice without any flood,
/// then sends a notice and, while it goes out, 500 messages from one user and a question
/// from each of 20 others; finally SIGTERM.
async fn flood_run(subscribers: i64, calm_first: bool) -> Flood {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot(TELEGRAM_TEST);
    bot.start(&fake.url, &[]);
    let first = 62_000;
    for u in first..first + subscribers {
        fake.push_text(u, "/start dong");
    }
    assert!(
        eventually(120, || reached(&fake, first, subscribers, &["Đã đăng ký"])
            == subscribers as usize)
        .await,
        "subscribed: {}",
        bot.logs()
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    fake.set_limits(Limits::telegram());
    let notice_rate = |f: &FakeTelegram, needle: &str| {
        let t: Vec<Instant> = f
            .sent()
            .iter()
            .filter(|m| m.text.contains(needle) && m.text.contains("Thông báo — "))
            .map(|m| m.at)
            .collect();
        (t.len() - 1) as f64 / t.last().unwrap().duration_since(t[0]).as_secs_f64()
    };
    let notice = |fake: &FakeTelegram, text: &str| {
        fake.push_text(HEAD, &format!("/thongbao {text}"));
    };
    let confirm = async |fake: &FakeTelegram, text: &str| {
        let want = format!("({subscribers} người nhận)");
        assert!(
            fake.wait_until(Duration::from_secs(60), |f| f.sent_to(HEAD).iter().any(
                |m| m.text.contains("XEM TRƯỚC") && m.text.contains(text) && m.text.contains(&want)
            ))
            .await
        );
        let preview = fake
            .sent_to(HEAD)
            .into_iter()
            .rev()
            .find(|m| m.text.contains("XEM TRƯỚC") && m.text.contains(text))
            .unwrap();
        fake.push_callback(HEAD, preview.message_id, "bcy");
    };
    let all_reached = |f: &FakeTelegram, needle: &str| {
        reached(f, first, subscribers, &[needle, "Thông báo — "]) == subscribers as usize
    };
    let mut rate_calm = None;
    if calm_first {
        notice(&fake, "Lần một");
        confirm(&fake, "Lần một").await;
        assert!(eventually(120, || all_reached(&fake, "Lần một")).await);
        rate_calm = Some(notice_rate(&fake, "Lần một"));
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    notice(&fake, "Lần hai");
    confirm(&fake, "Lần hai").await;
    // The notice is under way…
    assert!(
        eventually(30, || reached(&fake, first, subscribers, &["Lần hai"])
            >= 10)
        .await
    );
    // …when one user sends 500 messages at once, and 20 others ask a question each.
    for i in 0..500 {
        fake.push_text(FLOODER, &format!("ban dong dat may tieu chi {i}"));
    }
    let mut asked = Vec::new();
    for a in ASKERS..ASKERS + 20 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        fake.push_text(a, "ban dong dat may tieu chi");
        asked.push((a, Instant::now()));
    }
    assert!(
        eventually(60, || reached(&fake, ASKERS, 20, &[]) == 20).await,
        "every other villager answered: {}",
        bot.logs()
    );
    let mut latencies: Vec<f64> = asked
        .iter()
        .map(|(a, at)| fake.sent_to(*a)[0].at.duration_since(*at).as_secs_f64())
        .collect();
    latencies.sort_by(f64::total_cmp);
    assert!(
        eventually(120, || all_reached(&fake, "Lần hai")).await,
        "the notice reached everyone: {} of {subscribers}, {} × 429\n{}",
        reached(&fake, first, subscribers, &["Lần hai"]),
        fake.rejected_429(),
        {
            let logs = bot.logs();
            let tail: Vec<&str> = logs
                .lines()
                .filter(|l| !l.contains("telegram update from") && !l.contains("DEBUG"))
                .collect();
            tail[tail.len().saturating_sub(60)..].join("\n")
        }
    );
    let rate_flood = notice_rate(&fake, "Lần hai");
    let rate_all = fake.with_sent(|sent| {
        let notice: Vec<Instant> = sent
            .iter()
            .filter(|m| m.text.contains("Lần hai") && m.text.contains("Thông báo — "))
            .map(|m| m.at)
            .collect();
        let (from, to) = (notice[0], *notice.last().unwrap());
        let all = sent.iter().filter(|m| m.at >= from && m.at <= to).count();
        (all - 1) as f64 / to.duration_since(from).as_secs_f64()
    });
    // The flooder's 21 answers go at Telegram's one a second per chat: wait for them, and
    // a little longer to see that nothing more comes.
    assert!(
        eventually(60, || fake
            .with_sent(|s| s.iter().filter(|m| m.chat_id == FLOODER).count())
            >= 21)
        .await,
        "{} answers to the flooder",
        fake.sent_to(FLOODER).len()
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let flooder_answers = fake.sent_to(FLOODER).len();
    let flooder_slow_downs = count_with(&fake, FLOODER, "gửi nhanh quá");

    // Another flood, then SIGTERM in the middle of it.
    for i in 0..500 {
        fake.push_text(FLOODER + 1, &format!("ban dong dat may tieu chi {i}"));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stop = Instant::now();
    bot.process.signal(libc::SIGTERM);
    let exit = bot.process.wait_exit(Duration::from_secs(30)).await;
    Flood {
        latencies,
        rate_flood,
        rate_all,
        rate_calm,
        rejected_429: fake.rejected_429(),
        flooder_answers,
        flooder_slow_downs,
        stop_secs: stop.elapsed().as_secs_f64(),
        exit,
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// One user's flood neither delays the others nor the notice, gets one "slow down", and
/// SIGTERM still stops the bot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_users_flood_never_silences_the_others() {
    let f = flood_run(200, false).await;
    println!(
        "answer p50 {:.3} s, p99 {:.3} s; notice {:.1}/s during the flood; {} × 429; SIGTERM → exit {:?} in {:.2} s",
        percentile(&f.latencies, 0.5),
        percentile(&f.latencies, 0.99),
        f.rate_flood,
        f.rejected_429,
        f.exit,
        f.stop_secs
    );
    assert_eq!(f.flooder_answers, 21, "20 answers, then one 'slow down'");
    assert_eq!(f.flooder_slow_downs, 1);
    assert_eq!(f.exit, Some(0), "SIGTERM during a flood exits cleanly");
    assert!(f.stop_secs < 15.0, "{} s", f.stop_secs);
}

/// The figures of docs/measurements.md: `cargo test --release --test replies flood_figures
/// -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; run with --ignored --nocapture"]
async fn flood_figures() {
    let f = flood_run(1500, true).await;
    let calm = f.rate_calm.unwrap();
    println!("20 villagers during a 500-message flood from one user:");
    println!(
        "  answer latency p50 {:.3} s, p99 {:.3} s, max {:.3} s",
        percentile(&f.latencies, 0.5),
        percentile(&f.latencies, 0.99),
        f.latencies.last().unwrap()
    );
    println!(
        "  notice to 1500: {calm:.2}/s without a flood, {:.2}/s during it ({:.1} %); all sends meanwhile {:.2}/s",
        f.rate_flood,
        100.0 * f.rate_flood / calm,
        f.rate_all
    );
    println!(
        "  429s from the fake (30/s, 1/s per chat): {}",
        f.rejected_429
    );
    println!(
        "  the flooder: {} answers, {} of them 'slow down'",
        f.flooder_answers, f.flooder_slow_downs
    );
    println!(
        "  SIGTERM during a second flood: exit {:?} after {:.2} s",
        f.exit, f.stop_secs
    );
}
