//! A broadcast to Zalo subscribers through the real `loaban run` binary and the fake Zalo
//! OpenAPI server, while villagers ask questions through signed webhook calls. Prints the
//! achieved send rate against the configured Zalo rate, duplicates, how long Zalo waits for
//! the webhook's 200 and a villager for the answer, and the bot's peak memory.
//!
//! Run: cargo bench --bench zalo                 (1,000 subscribers at 10/s; about 2 minutes)
//!      BENCH_SUBSCRIBERS=300 BENCH_ZALO_RATE=50 cargo bench --bench zalo

#[path = "../tests/support/fake_zalo.rs"]
mod fake_zalo;
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use fake_zalo::{APP_ID, APP_SECRET, FakeZalo, OA_SECRET, Webhook};
use loaban::message::Address;
use support::{env_or, peak_rss_kib, percentile};

const HEAD: &str = "5001";
const FIRST: u64 = 2_000_000;

fn write_config(dir: &Path, zalo: &FakeZalo, port: u16, rate: f64) -> PathBuf {
    let text = support::shipped_config(dir)
        .replace(
            "heads = [\"telegram:1001\"]",
            &format!("heads = [\"zalo:{HEAD}\"]"),
        )
        .replace("progress_seconds = 60", "progress_seconds = 3600")
        + &format!(
            "\n[zalo]\napp_id = \"{APP_ID}\"\naccess_token = \"access-0\"\nrefresh_token = \"refresh-0\"\n\
             listen = \"127.0.0.1:{port}\"\nopenapi_url = \"{url}\"\noauth_url = \"{url}\"\nrate = {rate}\n",
            url = zalo.url
        );
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    percentile(sorted, p).as_secs_f64() * 1e3
}

fn main() {
    let n: u64 = env_or("BENCH_SUBSCRIBERS", 1_000);
    let rate: f64 = env_or("BENCH_ZALO_RATE", 10.0);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let zalo = FakeZalo::start("access-0", "refresh-0").await;
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let config = write_config(dir.path(), &zalo, port, rate);
        {
            let app = loaban::service::open(&config).unwrap();
            let now = Utc::now();
            for i in 0..n {
                let id = (FIRST + i).to_string();
                let user = format!("zalo:{id}");
                app.store.touch_user(&user, &Address::new("zalo", id), now).unwrap();
                app.store.subscribe(&user, "dong", now).unwrap();
            }
            app.store.flush().unwrap();
        }
        let log = std::fs::File::create(dir.path().join("bot.log")).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_loaban"))
            .args(["run", "--config", config.to_str().unwrap()])
            .env("ZALO_APP_SECRET_KEY", APP_SECRET)
            .env("ZALO_OA_SECRET_KEY", OA_SECRET)
            .env_remove("TELOXIDE_TOKEN")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let hook = Webhook::new(format!("http://127.0.0.1:{port}/zalo/webhook"));
        let started = Instant::now();
        loop {
            let up = reqwest::get(&hook.url).await;
            if up.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let ready = started.elapsed();

        hook.text(HEAD, "/thongbao Họp bản tối nay lúc 19h").await;
        assert!(zalo.wait_text(HEAD, "XEM TRƯỚC").await, "no preview");
        hook.text(HEAD, "1").await;
        let sent_at = Instant::now();
        let is_notice = |t: &str| t.contains("Họp bản tối nay") && !t.contains("XEM TRƯỚC");
        let notices = |z: &FakeZalo| z.sent().iter().filter(|m| m.user_id != HEAD && is_notice(&m.text)).count();

        // A villager asks every 0.5 s while the broadcast runs.
        let (mut ack, mut answer) = (Vec::new(), Vec::new());
        let mut asker = 0u64;
        while (notices(&zalo) as u64) < n && sent_at.elapsed() < Duration::from_secs(3600) {
            asker += 1;
            let user = format!("9{asker:06}");
            let t = Instant::now();
            assert_eq!(hook.text(&user, "ban dong dat may tieu chi").await, 200);
            ack.push(t.elapsed());
            if zalo.wait_until(Duration::from_secs(10), |z| !z.sent_to(&user).is_empty()).await {
                answer.push(t.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(500).saturating_sub(t.elapsed())).await;
        }
        let wall = sent_at.elapsed();
        assert!(zalo.wait_text(HEAD, "Báo cáo thông báo").await, "no report");
        let peak = peak_rss_kib(child.id());
        let _ = child.kill();
        let _ = child.wait();

        let mut per_user: BTreeMap<String, usize> = BTreeMap::new();
        for m in zalo.sent().iter().filter(|m| m.user_id != HEAD && is_notice(&m.text)) {
            *per_user.entry(m.user_id.clone()).or_default() += 1;
        }
        let duplicates: usize = per_user.values().map(|c| c - 1).sum();
        // Every send counts against Zalo's rate: measure from the first notice to the last,
        // answers to villagers included.
        let sent = zalo.sent();
        let first = sent.iter().position(|m| m.user_id != HEAD && is_notice(&m.text)).unwrap();
        let last = sent.iter().rposition(|m| m.user_id != HEAD && is_notice(&m.text)).unwrap();
        let span = sent[last].at - sent[first].at;
        let total_rate = (last - first) as f64 / span.as_secs_f64();
        ack.sort();
        answer.sort();
        println!("Zalo broadcast to {n} subscribers at a configured {rate}/s:");
        println!("  webhook up {:.0} ms after process start", ready.as_secs_f64() * 1e3);
        println!(
            "  {} delivered to {} distinct subscribers in {:.1} s: {:.2}/s notices, {:.1} % of the configured rate; duplicates {duplicates}",
            per_user.values().sum::<usize>(),
            per_user.len(),
            wall.as_secs_f64(),
            per_user.len() as f64 / wall.as_secs_f64(),
            100.0 * per_user.len() as f64 / wall.as_secs_f64() / rate,
        );
        println!(
            "  all sends while notices went out (answers included): {:.2}/s, {:.1} % of the configured rate",
            total_rate,
            100.0 * total_rate / rate
        );
        println!(
            "  villagers ({} asked): webhook 200 p50 {:.1} ms p99 {:.1} ms; answer at Zalo p50 {:.0} ms p99 {:.0} ms max {:.0} ms",
            ack.len(),
            pct(&ack, 0.5),
            pct(&ack, 0.99),
            pct(&answer, 0.5),
            pct(&answer, 0.99),
            pct(&answer, 1.0)
        );
        println!("  bot peak memory (VmHWM): {:.1} MiB", peak as f64 / 1024.0);
    });
}
