//! Scheduled, held and urgent notices end to end: the real binary over the fake Telegram,
//! with `LOABAN_TEST_CLOCK=1` and the clock moved forward (never sleeping through hours):
//! a scheduled notice across a restart, a time missed while the bot was down (and one missed
//! then held by quiet hours), a routine notice held through quiet hours and released at
//! 06:00, an urgent one at 23:00 ahead of a routine broadcast already running (one sender
//! and several), and a cancelled one that never goes.

#[path = "support/fake_telegram.rs"]
mod fake_telegram;
#[path = "support/fake_zalo.rs"]
mod fake_zalo;
mod support;
#[path = "support/wait.rs"]
mod wait;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use fake_telegram::{FakeTelegram, Limits};
use support::process::Running;

const TG_TOKEN: &str = "123:SECRET-token-never-logged";
const HEAD: i64 = 1001; // head of Bản Đông

struct Bot {
    config: PathBuf,
    data: PathBuf,
    process: Running,
    _dir: tempfile::TempDir,
}

impl Bot {
    fn new(quiet: &str, telegram: &str) -> Bot {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        let data = dir.path().join("data");
        let text = format!(
            "{}\n[delivery]\nretry_base_seconds = 1\nprogress_seconds = 600\nmax_attempts = 2\n\n\
             [telegram]\npoll_timeout_seconds = 1\n{telegram}\n",
            support::config_text(&data).replace(support::QUIET_OFF, quiet),
        );
        std::fs::write(&config, text).unwrap();
        Bot {
            config,
            data,
            process: Running::new(dir.path()),
            _dir: dir,
        }
    }

    /// Starts the bot with the test clock `offset` ahead of real time.
    async fn start(&mut self, tg: &FakeTelegram, offset: chrono::Duration) {
        let offset = offset.num_seconds().to_string();
        let env = [
            ("TELOXIDE_TOKEN", TG_TOKEN),
            ("TELOXIDE_API_URL", tg.url.as_str()),
            support::TEST_CLOCK,
            ("LOABAN_TEST_CLOCK_OFFSET", offset.as_str()),
        ];
        self.process.start(&self.config, &env, &[]);
        support::wait_for_socket(&self.data, || self.process.logs()).await;
    }

    async fn stop(&mut self) {
        self.process.signal(libc::SIGTERM);
        assert_eq!(
            self.process.wait_exit(Duration::from_secs(8)).await,
            Some(0),
            "{}",
            self.process.logs()
        );
    }
}

/// The newest text `chat` was sent or had a pressed message replaced with, containing
/// `needle` (waits for it).
async fn tg_wait(tg: &FakeTelegram, chat: i64, needle: &str) -> String {
    wait::seen_wait(tg, chat, needle, 1).await
}

/// Presses `payload` on the last message `chat` got.
fn press(tg: &FakeTelegram, chat: i64, payload: &str) {
    let last = tg.sent_to(chat).pop().expect("a message to press on");
    tg.push_callback(chat, last.message_id, payload);
}

async fn subscribe(tg: &FakeTelegram, users: &[i64]) {
    for u in users {
        tg.push_text(*u, "/start dong");
        tg_wait(tg, *u, "Đã đăng ký").await;
    }
}

fn tz() -> chrono::FixedOffset {
    support::local_time::tz()
}

fn next_local(h: u32, m: u32) -> DateTime<Utc> {
    support::local_time::next_local(h, m, chrono::Duration::minutes(2))
}

/// Schedules "/hengio WHEN | TEXT" from the head and confirms the time read back.
async fn schedule(tg: &FakeTelegram, when: &str, text: &str) {
    tg.push_text(HEAD, &format!("/hengio {when} | {text}"));
    tg_wait(tg, HEAD, "— đúng không?").await;
    press(tg, HEAD, "bcsy");
    tg_wait(tg, HEAD, "Đã hẹn giờ").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_notice_goes_once_across_a_restart_and_a_cancelled_one_never() {
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::new(
        support::QUIET_OFF,
        "global_rate = 1000\nper_chat_rate = 1000",
    );
    bot.start(&tg, chrono::Duration::zero()).await;
    subscribe(&tg, &[6001, 6002]).await;
    let at = next_local(7, 30);
    let when = at.with_timezone(&tz()).format("%d/%m/%Y 7h30").to_string();
    schedule(&tg, &when, "Tiêm phòng lở mồm long móng cho trâu bò").await;
    schedule(&tg, &when, "Họp bản đã hủy").await;
    // The list offers send-now and cancel per notice; the second is cancelled.
    tg.push_text(HEAD, "/hengio");
    let list = tg_wait(&tg, HEAD, "Thông báo đang hẹn giờ (2)").await;
    assert!(list.contains("Số 2 — Bản Đông"), "{list}");
    press(&tg, HEAD, "hgx:2");
    tg_wait(&tg, HEAD, "Đã hủy hẹn giờ số 2").await;

    bot.stop().await;
    bot.start(&tg, chrono::Duration::zero()).await;
    assert_eq!(
        wait::tg_count(&tg, 6001, "Tiêm phòng"),
        0,
        "not before its time"
    );
    let to_due = at - Utc::now() + chrono::Duration::seconds(1);
    support::advance_clock(&bot.data, to_due).await;
    tg_wait(&tg, HEAD, "Đến giờ hẹn: đang gửi thông báo #1 tới 2 người").await;
    for u in [6001, 6002] {
        let got = tg_wait(&tg, u, "Tiêm phòng").await;
        assert!(!got.contains("Gửi muộn"), "{got}");
    }
    tg_wait(&tg, HEAD, "Báo cáo thông báo #1").await;
    // A routine notice after the cancelled one's time: it arrives, the cancelled one never.
    tg.push_text(HEAD, "/thongbao Nhắc lại: mang sổ tiêm phòng");
    tg_wait(&tg, HEAD, "XEM TRƯỚC").await;
    press(&tg, HEAD, "bcy");
    tg_wait(&tg, 6001, "mang sổ tiêm phòng").await;
    // Restarted once more: nothing is sent again.
    bot.stop().await;
    bot.start(&tg, to_due + chrono::Duration::minutes(1)).await;
    tg.push_text(6001, "/tintuc");
    tg_wait(&tg, 6001, "Tiêm phòng lở mồm").await;
    for u in [6001, 6002] {
        let notices = tg
            .sent_to(u)
            .iter()
            .filter(|m| {
                m.text.starts_with("📢 Thông báo — Bản Đông") && m.text.contains("Tiêm phòng")
            })
            .count();
        assert_eq!(notices, 1, "{u}");
        assert_eq!(wait::tg_count(&tg, u, "Họp bản đã hủy"), 0, "{u}");
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_time_missed_while_the_bot_was_down_goes_at_start_marked_late() {
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::new(
        support::QUIET_OFF,
        "global_rate = 1000\nper_chat_rate = 1000",
    );
    bot.start(&tg, chrono::Duration::zero()).await;
    subscribe(&tg, &[6001]).await;
    let at = next_local(8, 0);
    let when = at.with_timezone(&tz()).format("8h %d/%m").to_string();
    schedule(&tg, &when, "Nộp quỹ khuyến học").await;
    bot.stop().await;
    // Down until three hours after its time.
    let down = at - Utc::now() + chrono::Duration::hours(3);
    bot.start(&tg, down).await;
    let note = tg_wait(&tg, HEAD, "không gửi được đúng giờ").await;
    assert!(note.contains("lúc 08:00"), "{note}");
    assert!(note.contains("Đã gửi muộn lúc"), "{note}");
    let got = tg_wait(&tg, 6001, "Nộp quỹ khuyến học").await;
    assert!(got.contains("⏰ Gửi muộn (hẹn "), "{got}");
    let report = tg_wait(&tg, HEAD, "Báo cáo thông báo #1").await;
    assert!(report.contains("Gửi muộn: hẹn"), "{report}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_time_missed_while_down_and_then_inside_quiet_hours_goes_late_at_six() {
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::new(
        "quiet_hours = \"21:00-06:00\"",
        "global_rate = 1000\nper_chat_rate = 1000",
    );
    // 19:00 in the commune: the head schedules for 20:00.
    let seven_pm = next_local(19, 0);
    bot.start(&tg, seven_pm - Utc::now()).await;
    subscribe(&tg, &[6001]).await;
    let at = seven_pm + chrono::Duration::hours(1);
    let when = at.with_timezone(&tz()).format("20h %d/%m").to_string();
    schedule(&tg, &when, "Nộp quỹ khuyến học").await;
    bot.stop().await;
    // Down until 22:00, inside quiet hours: the head hears now that it goes at 06:00, late.
    bot.start(&tg, at - Utc::now() + chrono::Duration::hours(2))
        .await;
    let note = tg_wait(&tg, HEAD, "sẽ gửi muộn vào").await;
    assert!(note.contains("không gửi được đúng giờ"), "{note}");
    assert!(note.contains("lúc 20:00"), "{note}");
    assert!(note.contains("lúc 06:00"), "{note}");
    tg.push_text(HEAD, "/hengio");
    let list = tg_wait(&tg, HEAD, "Thông báo đang hẹn giờ (1)").await;
    assert!(list.contains("lúc 06:00"), "{list}");
    assert_eq!(wait::tg_count(&tg, 6001, "Nộp quỹ"), 0, "not at night");
    // 06:00: it goes, marked late.
    support::advance_clock(&bot.data, chrono::Duration::hours(8)).await;
    let got = tg_wait(&tg, 6001, "Nộp quỹ khuyến học").await;
    assert!(got.contains("⏰ Gửi muộn (hẹn "), "{got}");
    tg_wait(&tg, HEAD, "Đã gửi muộn lúc").await;
    let report = tg_wait(&tg, HEAD, "Báo cáo thông báo #1").await;
    assert!(report.contains("Gửi muộn: hẹn"), "{report}");
    assert_eq!(wait::tg_count(&tg, 6001, "Nộp quỹ"), 1, "once");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_notice_goes_each_day_once_across_restarts() {
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::new(
        support::QUIET_OFF,
        "global_rate = 1000\nper_chat_rate = 1000",
    );
    // 06:00 in the commune: every day at 07:00.
    let six = next_local(6, 0);
    bot.start(&tg, six - Utc::now()).await;
    subscribe(&tg, &[6001, 6002]).await;
    tg.push_text(HEAD, "/hengio hằng ngày 7h | Điểm danh đội tuần tra rừng");
    let back = tg_wait(&tg, HEAD, "— đúng không?").await;
    assert!(
        back.starts_with("🔁 Gửi hằng ngày lúc 07:00 — lần đầu: "),
        "{back}"
    );
    press(&tg, HEAD, "bcsy");
    tg_wait(&tg, HEAD, "Đã hẹn thông báo lặp lại (số 1)").await;
    bot.stop().await;
    // Restarted: at 07:00 the first one goes, and the head hears when the next is.
    bot.start(&tg, six - Utc::now()).await;
    support::advance_clock(&bot.data, chrono::Duration::minutes(61)).await;
    let note = tg_wait(&tg, HEAD, "Đến giờ hẹn: đang gửi thông báo #1").await;
    assert!(note.contains("Lần sau (hẹn số 1):"), "{note}");
    for u in [6001, 6002] {
        tg_wait(&tg, u, "Điểm danh đội tuần tra").await;
    }
    tg_wait(&tg, HEAD, "Báo cáo thông báo #1").await;
    // Down overnight; back at 06:30 the next day: nothing yet, then 07:00 brings the second.
    bot.stop().await;
    let next_day = six + chrono::Duration::hours(24) + chrono::Duration::minutes(30);
    bot.start(&tg, next_day - Utc::now()).await;
    tg.push_text(HEAD, "/hengio");
    let list = tg_wait(&tg, HEAD, "🔁 hằng ngày lúc 07:00; lần tới:").await;
    assert!(list.contains("lúc 07:00"), "{list}");
    for u in [6001, 6002] {
        assert_eq!(
            wait::tg_count(&tg, u, "Điểm danh"),
            1,
            "{u}: not before 07:00"
        );
    }
    support::advance_clock(&bot.data, chrono::Duration::minutes(31)).await;
    tg_wait(&tg, HEAD, "Đến giờ hẹn: đang gửi thông báo #2").await;
    tg_wait(&tg, HEAD, "Báo cáo thông báo #2").await;
    // Once more restarted a minute later: nothing is sent again.
    bot.stop().await;
    let after = next_day + chrono::Duration::minutes(32);
    bot.start(&tg, after - Utc::now()).await;
    tg.push_text(HEAD, "/hengio");
    wait::seen_wait(&tg, HEAD, "Thông báo đang hẹn giờ (1)", 2).await;
    for u in [6001, 6002] {
        let got = tg
            .sent_to(u)
            .iter()
            .filter(|m| {
                m.text.starts_with("📢 Thông báo — Bản Đông") && m.text.contains("Điểm danh")
            })
            .count();
        assert_eq!(got, 2, "{u}: once a day");
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_routine_notice_is_held_through_quiet_hours_and_goes_at_six() {
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::new(
        "quiet_hours = \"21:00-06:00\"",
        "global_rate = 1000\nper_chat_rate = 1000",
    );
    // The commune's clock at 22:00.
    let ten_pm = next_local(22, 0);
    bot.start(&tg, ten_pm - Utc::now()).await;
    subscribe(&tg, &[6001, 6002]).await;
    tg.push_text(HEAD, "/thongbao Sáng mai cả bản đi làm đường");
    let preview = tg_wait(&tg, HEAD, "XEM TRƯỚC").await;
    assert!(
        preview.contains("Đang là giờ yên tĩnh (21:00–06:00)"),
        "{preview}"
    );
    press(&tg, HEAD, "bcy");
    let held = tg_wait(&tg, HEAD, "Thông báo được giữ lại").await;
    assert!(held.contains("lúc 06:00"), "{held}");
    // Seven hours on (05:00) it still waits; a villager's question is answered meanwhile.
    support::advance_clock(&bot.data, chrono::Duration::hours(7)).await;
    tg.push_text(6001, "/hengio");
    tg_wait(&tg, 6001, "chỉ trưởng bản").await;
    assert_eq!(
        wait::tg_count(&tg, 6001, "làm đường"),
        0,
        "held until 06:00"
    );
    // 06:00.
    support::advance_clock(&bot.data, chrono::Duration::hours(1)).await;
    for u in [6001, 6002] {
        tg_wait(&tg, u, "Sáng mai cả bản đi làm đường").await;
    }
    tg_wait(&tg, HEAD, "Báo cáo thông báo #1").await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_notice_at_eleven_pm_goes_ahead_of_a_routine_broadcast_running() {
    // One send at a time: Telegram sees them in the order they were claimed.
    urgent_overtakes_routine(1, 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_several_senders_an_urgent_notice_still_goes_ahead_of_the_routine_one() {
    // Four sends in flight: at most those four routine ones may still go once the urgent
    // one has started.
    urgent_overtakes_routine(4, 2).await;
}

/// A routine broadcast to 30 people running at 20:50, slow enough (`rate` a second) to be
/// still going at 23:00 when an urgent one comes, sent by `senders` senders at once: once
/// the first urgent send went, at most `senders` routine ones (those in flight) come before
/// the last urgent one, and the routine one finishes afterwards.
async fn urgent_overtakes_routine(senders: usize, rate: u32) {
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::new(
        "quiet_hours = \"21:00-06:00\"",
        &format!("global_rate = {rate}\nper_chat_rate = 1000\nconcurrency = {senders}"),
    );
    let evening = next_local(20, 50);
    bot.start(&tg, evening - Utc::now()).await;
    let users: Vec<i64> = (6001..6031).collect();
    subscribe(&tg, &users).await;
    tg.push_text(HEAD, "/thongbao Thứ Bảy họp bản lúc 8h");
    tg_wait(&tg, HEAD, "(30 người nhận)").await;
    press(&tg, HEAD, "bcy");
    tg_wait(&tg, HEAD, "Đang gửi tới 30 người").await;
    tg_wait(&tg, 6001, "Thứ Bảy họp bản").await;
    // 23:00, the routine one still going out.
    support::advance_clock(&bot.data, chrono::Duration::minutes(130)).await;
    tg.push_text(
        HEAD,
        "/khancap Nước suối lên nhanh, các hộ ven suối lên nhà văn hóa ngay",
    );
    tg_wait(&tg, HEAD, "XEM TRƯỚC TIN KHẨN").await;
    press(&tg, HEAD, "bcu");
    tg_wait(&tg, HEAD, "Đang gửi tin khẩn tới 30 người").await;
    for u in &users {
        let got = tg_wait(&tg, *u, "Nước suối lên nhanh").await;
        assert!(got.starts_with("🚨 KHẨN — Bản Đông"), "{got}");
        tg_wait(&tg, *u, "Thứ Bảy họp bản").await;
    }
    // In the order Telegram received them: once the first urgent send went, no routine one
    // came before the last urgent one.
    let order: Vec<&str> = tg.with_sent(|all| {
        all.iter()
            .filter(|m| users.contains(&m.chat_id))
            .map(|m| {
                if m.text.contains("Nước suối") {
                    "urgent"
                } else if m.text.contains("Thứ Bảy họp bản") {
                    "routine"
                } else {
                    "other"
                }
            })
            .collect()
    });
    let first = order.iter().position(|k| *k == "urgent").unwrap();
    let last = order.iter().rposition(|k| *k == "urgent").unwrap();
    let routine_between = order[first..last]
        .iter()
        .filter(|k| **k == "routine")
        .count();
    if senders == 1 {
        assert_eq!(routine_between, 0, "{order:?}");
    } else {
        assert!(routine_between <= senders, "{order:?}");
    }
    let routine_after = order[last..].iter().filter(|k| **k == "routine").count();
    assert!(
        routine_after > 0,
        "the routine one finishes after the urgent one: {order:?}"
    );
    let routine_before = order[..first].iter().filter(|k| **k == "routine").count();
    assert!(
        routine_before < 30,
        "the routine one was still running: {order:?}"
    );
    // Admins' stats count the urgent one apart.
    tg.push_text(9001, "/thongke");
    tg_wait(&tg, 9001, "Trong đó tin khẩn: 1").await;
    bot.stop().await;
}
