//! A broadcast to many subscribers through the real `loaban run` binary and a fake Telegram
//! on 127.0.0.1. Prints, for Telegram's limits enforced by the fake: the achieved rate as a
//! share of the configured one, 429s and duplicates, the bot's peak memory, and how long a
//! villager waits for an answer meanwhile; and, with the limits off, the raw send rate.
//!
//! It also prints what reaches the disk (`write_bytes` of the bot's `/proc/<pid>/io`, and
//! the growth of the store directory) per delivery, and how long Confirm takes to the first
//! send. A third scenario, `subs`, is a burst of villagers subscribing at once: disk bytes
//! per subscription and the bot's memory after the burst and after a restart.
//!
//! Run: cargo bench --bench broadcast            (10,000 subscribers; about 6 minutes)
//!      BENCH_SUBSCRIBERS=2000 cargo bench --bench broadcast
//!      BENCH_SCENARIOS=raw BENCH_SUBSCRIBERS=100000 cargo bench --bench broadcast
//!      BENCH_SCENARIOS=limited BENCH_SUBSCRIBERS=100000 BENCH_MINUTES=3 cargo bench --bench broadcast
//!          (stops after 3 minutes at 30/s and reports what went out until then)
//!      BENCH_SCENARIOS=subs BENCH_SUBSCRIBERS=20000 cargo bench --bench broadcast
//!      BENCH_SCENARIOS=idle BENCH_SUBSCRIBERS=100000 cargo bench --bench broadcast
//!          (what an idle bot writes per second; BENCH_IDLE_SECONDS, default 30)
//!
//! With strace installed, the limited and subs scenarios also trace the store's writes and
//! fsyncs at the system call (BENCH_STRACE=0 turns it off, BENCH_STRACE=1 turns it on for raw):
//! on some VMs `write_bytes` counts writes the process never made.
//!
//! In the subs scenario, diagnosis only: BENCH_HEAPTRACK=/tmp/ht.raw runs the bot under
//! heaptrack and kills it 2 min after the burst (what heaptrack then reports as leaked is
//! what was held). BENCH_BOT_BIN=PATH runs that build of the bot instead of this one's (to
//! compare two builds alternately under the same load).

#[path = "../tests/support/fake_telegram.rs"]
mod fake_telegram;
mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use fake_telegram::{FakeTelegram, Limits};
use loaban::message::Address;
use support::{
    TracedWrites, WriteTrace, dir_bytes, disk_write_bytes, env_or, peak_rss_kib, percentile,
    rss_anon_kib, rss_kib, settled_store, strace_wanted,
};

const HEAD: i64 = 1001;
const VILLAGER: i64 = 999_999;
const FIRST: i64 = 100_000;

fn write_config(dir: &Path, telegram: &str) -> PathBuf {
    let mut text = support::shipped_config(dir)
        .replace("[telegram]\n", &format!("[telegram]\n{telegram}\n"))
        .replace("global_rate = 30\n", "")
        .replace("concurrency = 16\n", "")
        .replace("per_chat_rate = 1\n", "")
        .replace("progress_seconds = 60", "progress_seconds = 3600");
    if let Ok(mb) = std::env::var("BENCH_CACHE_MB") {
        text = set_key(&text, "cache_mb", &mb);
    }
    if let Ok(ms) = std::env::var("BENCH_FLUSH_MS") {
        text = set_key(&text, "flush_every_ms", &ms);
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// `text` with the line `key = …` set to `key = value` (the shipped config names each
/// `[store]` key once).
fn set_key(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key} = ");
    assert!(
        text.lines().any(|l| l.starts_with(&prefix)),
        "config.toml has no {key}"
    );
    text.lines()
        .map(|l| {
            if l.starts_with(&prefix) {
                format!("{prefix}{value}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Creates `n` active subscribers of Bản Đông straight in the store.
fn seed(config: &Path, n: i64) {
    let app = loaban::service::open(config).unwrap();
    let now = Utc::now();
    for i in 0..n {
        let user = format!("telegram:{}", FIRST + i);
        app.store
            .touch_user(
                &user,
                &Address::new("telegram", (FIRST + i).to_string()),
                now,
            )
            .unwrap();
        app.store.subscribe(&user, "dong", now).unwrap();
    }
    app.store.flush().unwrap();
}

/// The bot, and strace around it when its writes are traced.
struct Bot {
    child: Child,
    /// The bot's own pid (the child is strace when traced).
    pid: u32,
}

impl Bot {
    fn id(&self) -> u32 {
        self.pid
    }

    /// SIGTERM, and wait for it (and strace) to exit.
    fn stop(mut self) {
        unsafe {
            libc::kill(self.pid as i32, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

fn spawn(config: &Path, fake: &FakeTelegram, log: &Path, trace: Option<&Path>) -> Bot {
    let log = std::fs::File::create(log).unwrap();
    // BENCH_BOT_BIN: another build of the bot (to compare builds alternately, same bench).
    let bin_override = std::env::var_os("BENCH_BOT_BIN").map(PathBuf::from);
    let bin = bin_override
        .as_deref()
        .unwrap_or(Path::new(env!("CARGO_BIN_EXE_loaban")));
    let mut traced = trace.and_then(|out| support::traced_command(bin, out));
    let is_traced = traced.is_some();
    let mut command = traced.take().unwrap_or_else(|| Command::new(bin));
    if let Ok(raw) = std::env::var("BENCH_HEAPTRACK") {
        // heaptrack's raw record of every allocation (not with strace); see `subscription_burst`.
        command
            .env("LD_PRELOAD", "/usr/lib/heaptrack/libheaptrack_preload.so")
            .env("DUMP_HEAPTRACK_OUTPUT", raw);
    }
    let child = command
        .args(["run", "--config", config.to_str().unwrap()])
        .env("TELOXIDE_TOKEN", "123:BENCH")
        .env("TELOXIDE_API_URL", &fake.url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let pid = if is_traced {
        support::traced_pid(child.id(), bin)
    } else {
        child.id()
    };
    Bot { child, pid }
}

/// A traced scenario's start: the fake Bot API without limits and the bot on `config`, its
/// store writes traced into `strace.txt` when `BENCH_STRACE` allows, polling (at most `wait`).
struct Traced {
    fake: FakeTelegram,
    child: Bot,
    trace: bool,
    strace_out: PathBuf,
}

async fn start_traced(dir: &Path, config: &Path, wait: Duration) -> Traced {
    let fake = FakeTelegram::start(Limits::off()).await;
    let trace = strace_wanted(true);
    let strace_out = dir.join("strace.txt");
    let child = spawn(
        config,
        &fake,
        &dir.join("bot.log"),
        trace.then_some(strace_out.as_path()),
    );
    assert!(fake.wait_until(wait, |f| f.count("getUpdates") > 0).await);
    Traced {
        fake,
        child,
        trace,
        strace_out,
    }
}

struct Outcome {
    /// Process start to its first getUpdates, with this store.
    start_to_poll: Duration,
    /// Every message the bot sent (replies, edits, notes too) per second while announcements
    /// were going out: what Telegram's global limit counts.
    total_rate: f64,
    announcements: usize,
    distinct: usize,
    rate: f64,
    wall: Duration,
    rejected_429: usize,
    peak_kib: u64,
    latencies: Vec<Duration>,
    /// Confirm pressed → the first announcement reached the fake.
    confirm_to_first: Duration,
    /// Disk bytes written by the bot (write_bytes) from Confirm to the report (or the stop).
    disk_bytes: u64,
    /// The same, until the bot had written nothing for 3 s after the report (sled's log
    /// cleaning included).
    disk_settled: u64,
    /// Growth of the store directory over the same time.
    store_growth: i64,
    /// Peak memory before Confirm (start-up and its first backup, the preview).
    peak_before_kib: u64,
    /// The highest resident memory seen from Confirm to the report (sampled every ~20 ms).
    rss_max_kib: u64,
    /// Stopped after BENCH_MINUTES rather than at the report.
    cut_short: bool,
    /// The store's writes from Confirm to the report, traced (when strace is used).
    traced: Option<TracedWrites>,
    /// Each 429, and which limit it was for.
    why_429: Vec<String>,
    /// Every ~10 s from Confirm: (seconds, messages sent so far, RSS KiB, RssAnon KiB).
    series: Vec<(f64, usize, u64, u64)>,
    /// The largest mappings when the resident memory was at its highest.
    mappings_at_max: String,
}

async fn scenario(
    n: i64,
    limits: Limits,
    telegram: &str,
    ask_every: Option<Duration>,
    trace: bool,
) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), telegram);
    seed(&config, n);
    let fake = FakeTelegram::start(Limits::off()).await;
    let spawned = Instant::now();
    let strace_out = dir.path().join("strace.txt");
    let child = spawn(
        &config,
        &fake,
        &dir.path().join("bot.log"),
        trace.then_some(strace_out.as_path()),
    );
    assert!(
        fake.wait_until(Duration::from_secs(30), |f| f.count("getUpdates") > 0)
            .await
    );
    let start_to_poll = spawned.elapsed();
    if std::env::var("BENCH_RAW_ONLY").is_ok() {
        println!(
            "  idle peak after start: {:.1} MiB",
            peak_rss_kib(child.id()) as f64 / 1024.0
        );
    }

    fake.push_text(
        HEAD,
        "/thongbao Họp bản lúc 8 giờ sáng Chủ nhật tại nhà văn hóa.",
    );
    assert!(
        fake.wait_until(Duration::from_secs(30), |f| f
            .sent_to(HEAD)
            .iter()
            .any(|m| m.text.contains("XEM TRƯỚC")))
            .await,
        "no preview; log: {}",
        std::fs::read_to_string(dir.path().join("bot.log")).unwrap_or_default()
    );
    let preview = fake.sent_to(HEAD).pop().unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    fake.set_limits(limits);
    let store_dir = dir.path().join("data");
    // sled cleans the log segments that seeding left mostly dead in the background; that
    // is seeding's cost, not the broadcast's, so wait until the bot writes nothing.
    let pid = child.id();
    let quiet_dir = store_dir.clone();
    let bytes_before = tokio::task::spawn_blocking(move || {
        settled_store(
            pid,
            &quiet_dir,
            Duration::from_secs(3),
            Duration::from_secs(300),
        )
    })
    .await
    .unwrap();
    let dir_before = dir_bytes(&store_dir);
    let peak_before_kib = peak_rss_kib(child.id());
    let tracer = trace.then(|| WriteTrace::from_now(&store_dir, &strace_out));
    let minutes: f64 = env_or("BENCH_MINUTES", 0.0);
    let started = Instant::now();
    fake.push_callback(HEAD, preview.message_id, "bcy");

    let is_ann = |m: &fake_telegram::SentMessage| m.text.starts_with("📢 Thông báo");
    let mut latencies = Vec::new();
    let mut next_question = Instant::now();
    let mut asker = 0;
    let mut cut_short = false;
    let mut rss_max_kib = 0;
    let mut series = Vec::new();
    let mut next_sample = Instant::now();
    let (mut mappings_at_max, mut mapped_at_kib) = (String::new(), 0);
    let sent_before = fake.sent_count();
    loop {
        let rss_now = rss_kib(child.id());
        rss_max_kib = rss_max_kib.max(rss_now);
        if rss_now >= mapped_at_kib + 1024 {
            // A new high by a MiB: where it is (smaps is read only then).
            mapped_at_kib = rss_now;
            mappings_at_max = support::largest_mappings(child.id(), 4);
        }
        if Instant::now() >= next_sample {
            next_sample += Duration::from_secs(10);
            series.push((
                started.elapsed().as_secs_f64(),
                fake.sent_count() - sent_before,
                rss_now,
                rss_anon_kib(child.id()),
            ));
        }
        let done = fake
            .sent_to(HEAD)
            .iter()
            .any(|m| m.text.contains("Báo cáo"));
        if done {
            break;
        }
        if minutes > 0.0 && started.elapsed().as_secs_f64() > minutes * 60.0 {
            cut_short = true;
            break;
        }
        if let Some(every) = ask_every
            && Instant::now() >= next_question
        {
            next_question += every;
            // A different villager each time: one person asking twice a second would only
            // measure Telegram's per-chat limit.
            asker += 1;
            let villager = VILLAGER + asker;
            let asked = Instant::now();
            fake.push_text(villager, "ban dong dat may tieu chi");
            if fake
                .wait_until(Duration::from_secs(10), move |f| {
                    !f.sent_to(villager).is_empty()
                })
                .await
            {
                latencies.push(asked.elapsed());
            }
            continue;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(
            started.elapsed() < Duration::from_secs(3600),
            "broadcast did not finish"
        );
    }
    let wall = started.elapsed();
    let peak_kib = peak_rss_kib(child.id());
    let disk_bytes = disk_write_bytes(child.id()) - bytes_before;
    let traced = match tracer {
        Some(t) => Some(
            tokio::task::spawn_blocking(move || t.until_now())
                .await
                .unwrap(),
        ),
        None => None,
    };
    // And what sled writes afterwards cleaning the segments the broadcast left mostly dead.
    let quiet_dir = store_dir.clone();
    let disk_settled = tokio::task::spawn_blocking(move || {
        settled_store(
            pid,
            &quiet_dir,
            Duration::from_secs(3),
            Duration::from_secs(120),
        )
    })
    .await
    .unwrap()
        - bytes_before;
    let store_growth = dir_bytes(&store_dir) as i64 - dir_before as i64;
    child.stop();

    let anns: Vec<_> = fake.sent().into_iter().filter(|m| is_ann(m)).collect();
    let mut chats: Vec<i64> = anns.iter().map(|m| m.chat_id).collect();
    chats.sort_unstable();
    chats.dedup();
    let first = anns.iter().map(|m| m.at).min().unwrap();
    let last = anns.iter().map(|m| m.at).max().unwrap();
    let span = last.duration_since(first).as_secs_f64();
    latencies.sort();
    let all_in_span = fake
        .sent()
        .into_iter()
        .chain(fake.edits())
        .filter(|m| m.at >= first && m.at <= last)
        .count();
    Outcome {
        start_to_poll,
        total_rate: (all_in_span as f64 - 1.0) / span.max(1e-9),
        announcements: anns.len(),
        distinct: chats.len(),
        rate: (anns.len() as f64 - 1.0) / span.max(1e-9),
        wall,
        rejected_429: fake.rejected_429(),
        why_429: fake.why_429(),
        peak_kib,
        latencies,
        confirm_to_first: first.duration_since(started),
        disk_bytes,
        disk_settled,
        store_growth,
        cut_short,
        peak_before_kib,
        rss_max_kib,
        traced,
        series,
        mappings_at_max,
    }
}

/// What the bot wrote to disk for each announcement, and how soon Confirm led to a send.
fn print_disk(o: &Outcome) {
    let n = o.announcements.max(1) as f64;
    println!(
        "  disk: {:.0} bytes written (write_bytes) per delivery until the report, {:.0} with sled's log cleaning after it; store dir grew {:.0} bytes per delivery; confirm → first send {:.0} ms{}",
        o.disk_bytes as f64 / n,
        o.disk_settled as f64 / n,
        o.store_growth as f64 / n,
        o.confirm_to_first.as_secs_f64() * 1e3,
        if o.cut_short {
            " (stopped after BENCH_MINUTES)"
        } else {
            ""
        }
    );
    if let Some(t) = &o.traced {
        println!("  {}", t.per(o.announcements as u64, "delivery"));
    }
    println!(
        "  memory from Confirm (s: sent, RSS / RssAnon MiB): {}",
        o.series
            .iter()
            .map(|(at, sent, rss, anon)| format!(
                "{at:.0}: {sent}, {:.1} / {:.1}",
                *rss as f64 / 1024.0,
                *anon as f64 / 1024.0
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    println!(
        "  largest mappings at the highest RSS: {}",
        o.mappings_at_max
    );
}

/// `n` villagers subscribe at once through the fake (each a /dangky, each answered), on a
/// fresh store: disk bytes per subscription, memory after the burst, after a pause, and after
/// a restart on the same store.
async fn subscription_burst(n: i64) {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        "global_rate = 10000\nper_chat_rate = 1000\nconcurrency = 64",
    );
    let Traced {
        fake,
        child,
        trace,
        strace_out,
    } = start_traced(dir.path(), &config, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let store_dir = dir.path().join("data");
    let (bytes_before, dir_before) = (disk_write_bytes(child.id()), dir_bytes(&store_dir));
    let pid = child.id();
    let tracer = trace.then(|| WriteTrace::from_now(&store_dir, &strace_out));
    let started = Instant::now();
    let before = fake.sent_count();
    for i in 0..n {
        fake.push_text(FIRST + i, "/dangky dong");
    }
    let n_usize = n as usize;
    assert!(
        fake.wait_until(Duration::from_secs(1800), move |f| f.sent_count()
            >= before + n_usize)
            .await,
        "not every subscription was answered"
    );
    let wall = started.elapsed();
    let answered = Instant::now();
    let disk = disk_write_bytes(child.id()) - bytes_before;
    let traced = match tracer {
        Some(t) => Some(
            tokio::task::spawn_blocking(move || t.until_now())
                .await
                .unwrap(),
        ),
        None => None,
    };
    let growth = dir_bytes(&store_dir) as i64 - dir_before as i64;
    let (rss_end, peak) = (rss_kib(child.id()), peak_rss_kib(child.id()));
    let anon_end = rss_anon_kib(pid);
    tokio::time::sleep(Duration::from_secs(10)).await;
    let (rss_later, anon_later) = (rss_kib(child.id()), rss_anon_kib(pid));
    println!(
        "  largest mappings 10 s after the burst: {}",
        support::largest_mappings(pid, 4)
    );
    let quiet_dir = store_dir.clone();
    let disk_settled = tokio::task::spawn_blocking(move || {
        settled_store(
            pid,
            &quiet_dir,
            Duration::from_secs(3),
            Duration::from_secs(120),
        )
    })
    .await
    .unwrap()
        - bytes_before;
    let (rss_settled, anon_settled) = (rss_kib(child.id()), rss_anon_kib(pid));
    println!(
        "  largest mappings once the disk is quiet: {}",
        support::largest_mappings(pid, 4)
    );
    // The bot forgets per-person message counts once their minute has passed, once a minute
    // (`loaban::core::flood`): two windows after the burst, the burst's are gone.
    let forgotten_at = answered + 2 * loaban::core::flood::WINDOW;
    tokio::time::sleep_until(forgotten_at.into()).await;
    let (rss_forgotten, anon_forgotten) = (rss_kib(child.id()), rss_anon_kib(pid));
    if std::env::var("BENCH_HEAPTRACK").is_ok() {
        // Killed now, so what heaptrack reports as leaked is what was held 2 min after the
        // burst: `heaptrack_interpret < RAW | gzip > h.gz; heaptrack_print -f h.gz`.
        println!(
            "  rss 2 min after the burst: {:.1} MiB (RssAnon {:.1}); bot killed for heaptrack",
            rss_forgotten as f64 / 1024.0,
            anon_forgotten as f64 / 1024.0
        );
        unsafe {
            libc::kill(pid as i32, libc::SIGKILL);
        }
        return;
    }
    child.stop();
    let child = spawn(&config, &fake, &dir.path().join("bot2.log"), None);
    let polls = fake.count("getUpdates");
    assert!(
        fake.wait_until(Duration::from_secs(30), move |f| f.count("getUpdates")
            > polls)
            .await
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (rss_restart, anon_restart) = (rss_kib(child.id()), rss_anon_kib(child.id()));
    child.stop();
    println!("broadcast/subscriptions: {n} villagers subscribe at once, fake limits off");
    println!(
        "  {:.1} s for all answers; disk {:.0} bytes written (write_bytes) per subscription until answered, {:.0} with sled's log cleaning after it; store dir grew {:.0} bytes per subscription",
        wall.as_secs_f64(),
        disk as f64 / n as f64,
        disk_settled as f64 / n as f64,
        growth as f64 / n as f64
    );
    if let Some(t) = traced {
        println!("  {} (until answered)", t.per(n as u64, "subscription"));
    }
    println!(
        "  bot memory: peak {:.1} MiB, {:.1} MiB right after the burst, {:.1} MiB 10 s later, {:.1} MiB once the disk is quiet, {:.1} MiB 2 min after the burst, {:.1} MiB after a restart",
        peak as f64 / 1024.0,
        rss_end as f64 / 1024.0,
        rss_later as f64 / 1024.0,
        rss_settled as f64 / 1024.0,
        rss_forgotten as f64 / 1024.0,
        rss_restart as f64 / 1024.0
    );
    println!(
        "  of which anonymous (RssAnon: heap and stacks): {:.1} MiB right after, {:.1} MiB 10 s later, {:.1} MiB once quiet, {:.1} MiB 2 min after, {:.1} MiB after a restart",
        anon_end as f64 / 1024.0,
        anon_later as f64 / 1024.0,
        anon_settled as f64 / 1024.0,
        anon_forgotten as f64 / 1024.0,
        anon_restart as f64 / 1024.0
    );
}

/// An idle bot on a store of `n` subscribers: what it writes per second once started and
/// settled (nothing is asked, nothing is sent), traced over `BENCH_IDLE_SECONDS` (30).
async fn idle(n: i64) {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), "");
    let seeded = Instant::now();
    seed(&config, n);
    let seeding = seeded.elapsed();
    // The fake Bot API stays up (bound) for the whole scenario: the bot keeps polling it.
    let Traced {
        fake: _fake,
        child,
        trace,
        strace_out,
    } = start_traced(dir.path(), &config, Duration::from_secs(60)).await;
    let pid = child.id();
    // Start-up's own writes (the first automatic backup, sled cleaning what seeding left)
    // are not idling: wait until they stop, at most 5 minutes.
    let settle_started = Instant::now();
    let quiet_dir = dir.path().join("data");
    let _ = tokio::task::spawn_blocking(move || {
        settled_store(
            pid,
            &quiet_dir,
            Duration::from_secs(3),
            Duration::from_secs(300),
        )
    })
    .await
    .unwrap();
    let settled_after = settle_started.elapsed();
    let seconds: u64 = env_or("BENCH_IDLE_SECONDS", 30);
    let store_dir = dir.path().join("data");
    let (bytes_before, dir_before) = (disk_write_bytes(pid), dir_bytes(&store_dir));
    let tracer = trace.then(|| WriteTrace::from_now(&store_dir, &strace_out));
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let written = disk_write_bytes(pid) - bytes_before;
    let growth = dir_bytes(&store_dir) as i64 - dir_before as i64;
    let traced = match tracer {
        Some(t) => Some(
            tokio::task::spawn_blocking(move || t.until_now())
                .await
                .unwrap(),
        ),
        None => None,
    };
    let (rss, anon) = (rss_kib(pid), rss_anon_kib(pid));
    child.stop();
    println!("broadcast/idle: {n} subscribers, the bot started and left alone");
    println!(
        "  seeding {:.1} s; start-up writes settled after {:.1} s; then over {seconds} s idle: {:.0} bytes/s written (write_bytes), store dir grew {:.0} bytes/s; memory {:.1} MiB (RssAnon {:.1} MiB)",
        seeding.as_secs_f64(),
        settled_after.as_secs_f64(),
        written as f64 / seconds as f64,
        growth as f64 / seconds as f64,
        rss as f64 / 1024.0,
        anon as f64 / 1024.0
    );
    if let Some(t) = traced {
        println!(
            "  traced writes to the store: {:.0} B/s of data, {:.0} B/s of pages touched, {:.2} writes/s, {:.2} syncs/s",
            t.data as f64 / t.seconds,
            t.pages_touched as f64 / t.seconds,
            t.writes as f64 / t.seconds,
            t.fsyncs as f64 / t.seconds
        );
    }
}

fn main() {
    let n: i64 = env_or("BENCH_SUBSCRIBERS", 10_000);
    let scenarios = std::env::var("BENCH_SCENARIOS").unwrap_or_else(|_| {
        if std::env::var("BENCH_RAW_ONLY").is_ok() {
            "raw".into()
        } else {
            "limited,raw".into()
        }
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let configured = 30.0;
        for scenario_name in scenarios.split(',').map(str::trim) {
            match scenario_name {
                "limited" => {
                    let limited = scenario(
                        n,
                        Limits::telegram(),
                        "global_rate = 30\nper_chat_rate = 1\nconcurrency = 16",
                        Some(Duration::from_millis(500)),
                        strace_wanted(true),
                    )
                    .await;
                    let l = &limited.latencies;
                    for why in &limited.why_429 {
                        println!("  429: {why}");
                    }
                    println!("broadcast/telegram_limits: {n} subscribers, configured {configured}/s, fake enforces 30/s global and 1/s per chat");
                    println!(
                        "  all sends (announcements + replies to villagers) {:.2}/s = {:.1}% of configured",
                        limited.total_rate,
                        100.0 * limited.total_rate / configured
                    );
                    println!(
                        "  announcements alone {:.2}/s = {:.1}% of configured; {} sent to {} chats ({} duplicates); {} × 429; {:.1} s from confirm to report",
                        limited.rate,
                        100.0 * limited.rate / configured,
                        limited.announcements,
                        limited.distinct,
                        limited.announcements - limited.distinct,
                        limited.rejected_429,
                        limited.wall.as_secs_f64()
                    );
                    println!(
                        "  villager answers during the broadcast: {} questions, p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
                        l.len(),
                        percentile(l, 0.5).as_secs_f64() * 1e3,
                        percentile(l, 0.99).as_secs_f64() * 1e3,
                        l.last().copied().unwrap_or_default().as_secs_f64() * 1e3
                    );
                    println!(
                        "  bot peak memory (VmHWM): {:.1} MiB ({:.1} MiB before Confirm); during the broadcast at most {:.1} MiB",
                        limited.peak_kib as f64 / 1024.0,
                        limited.peak_before_kib as f64 / 1024.0,
                        limited.rss_max_kib as f64 / 1024.0
                    );
                    println!(
                        "  start-up with {n} subscribers in the store: {:.0} ms from process start to the first getUpdates",
                        limited.start_to_poll.as_secs_f64() * 1e3
                    );
                    print_disk(&limited);
                }
                "raw" => {
                    let raw = scenario(
                        n,
                        Limits::off(),
                        "global_rate = 10000\nper_chat_rate = 1000\nconcurrency = 64",
                        None,
                        strace_wanted(false),
                    )
                    .await;
                    println!("broadcast/limits_off: {n} subscribers");
                    println!(
                        "  raw {:.0} sends/s; {} sent to {} chats ({} duplicates); {:.1} s from confirm to report; peak memory {:.1} MiB ({:.1} MiB before Confirm); during the broadcast at most {:.1} MiB",
                        raw.rate,
                        raw.announcements,
                        raw.distinct,
                        raw.announcements - raw.distinct,
                        raw.wall.as_secs_f64(),
                        raw.peak_kib as f64 / 1024.0,
                        raw.peak_before_kib as f64 / 1024.0,
                        raw.rss_max_kib as f64 / 1024.0
                    );
                    println!(
                        "  start-up with {n} subscribers in the store: {:.0} ms from process start to the first getUpdates",
                        raw.start_to_poll.as_secs_f64() * 1e3
                    );
                    print_disk(&raw);
                }
                "subs" => subscription_burst(n).await,
                "idle" => idle(n).await,
                other => panic!("unknown scenario {other:?} (limited, raw, subs, idle)"),
            }
        }
    });
}
