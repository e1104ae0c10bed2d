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
#[path = "support/steps.rs"]
mod steps;
mod support;
#[path = "support/wait.rs"]
mod wait;

use chrono::{DateTime, Duration, Utc};
use fake_telegram::{FakeTelegram, Limits};
use steps::{notices_to, press, press_for, say, schedule, seen, subscribe};
use support::binary::{FAST_TELEGRAM, RunBot, quick_sections};
use support::local_time::tz;

const HEAD: i64 = 1001; // head of Bản Đông
/// The commune's quiet hours in the tests that have them.
const NIGHT: &str = "21:00-06:00";

/// A fake Telegram, and a bot (not started) with quiet hours `quiet` ("" for none) and
/// `telegram` at the end of its `[telegram]` section.
async fn telegram_and_bot(quiet: &str, telegram: &str) -> (FakeTelegram, RunBot) {
    let tg = FakeTelegram::start(Limits::off()).await;
    let bot = RunBot::with_base(support::quiet_hours(quiet), &quick_sections(600, telegram));
    (tg, bot)
}

fn next_local(h: u32, m: u32) -> DateTime<Utc> {
    support::local_time::next_local(h, m, Duration::minutes(2))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_notice_goes_once_across_a_restart_and_a_cancelled_one_never() {
    let (tg, mut bot) = telegram_and_bot("", FAST_TELEGRAM).await;
    bot.start_clock(&tg.url, Duration::zero()).await;
    subscribe(&tg, &[6001, 6002]).await;
    let at = next_local(7, 30);
    let when = at.with_timezone(&tz()).format("%d/%m/%Y 7h30").to_string();
    schedule(&tg, HEAD, &when, "Tiêm phòng lở mồm long móng cho trâu bò").await;
    schedule(&tg, HEAD, &when, "Họp bản đã hủy").await;
    // The list offers send-now and cancel per notice; the second is cancelled.
    let list = say(&tg, HEAD, "/hengio", "Thông báo đang hẹn giờ (2)").await;
    assert!(list.contains("Số 2 — Bản Đông"), "{list}");
    press_for(&tg, HEAD, "hgx:2", "Đã hủy hẹn giờ số 2").await;

    bot.stop_ok().await;
    bot.start_clock(&tg.url, Duration::zero()).await;
    assert_eq!(
        wait::tg_count(&tg, 6001, "Tiêm phòng"),
        0,
        "not before its time"
    );
    let to_due = at - Utc::now() + Duration::seconds(1);
    bot.advance(to_due).await;
    seen(&tg, HEAD, "Đến giờ hẹn: đang gửi thông báo #1 tới 2 người").await;
    for u in [6001, 6002] {
        let got = seen(&tg, u, "Tiêm phòng").await;
        assert!(!got.contains("Gửi muộn"), "{got}");
    }
    seen(&tg, HEAD, "Báo cáo thông báo #1").await;
    // A routine notice after the cancelled one's time: it arrives, the cancelled one never.
    say(
        &tg,
        HEAD,
        "/thongbao Nhắc lại: mang sổ tiêm phòng",
        "XEM TRƯỚC",
    )
    .await;
    press(&tg, HEAD, "bcy");
    seen(&tg, 6001, "mang sổ tiêm phòng").await;
    // Restarted once more: nothing is sent again.
    bot.stop_ok().await;
    bot.start_clock(&tg.url, to_due + Duration::minutes(1))
        .await;
    say(&tg, 6001, "/tintuc", "Tiêm phòng lở mồm").await;
    for u in [6001, 6002] {
        assert_eq!(notices_to(&tg, u, "Tiêm phòng"), 1, "{u}");
        assert_eq!(wait::tg_count(&tg, u, "Họp bản đã hủy"), 0, "{u}");
    }
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_time_missed_while_the_bot_was_down_goes_at_start_marked_late() {
    let (tg, mut bot) = telegram_and_bot("", FAST_TELEGRAM).await;
    bot.start_clock(&tg.url, Duration::zero()).await;
    subscribe(&tg, &[6001]).await;
    let at = next_local(8, 0);
    let when = at.with_timezone(&tz()).format("8h %d/%m").to_string();
    schedule(&tg, HEAD, &when, "Nộp quỹ khuyến học").await;
    bot.stop_ok().await;
    // Down until three hours after its time.
    let down = at - Utc::now() + Duration::hours(3);
    bot.start_clock(&tg.url, down).await;
    let note = seen(&tg, HEAD, "không gửi được đúng giờ").await;
    assert!(note.contains("lúc 08:00"), "{note}");
    assert!(note.contains("Đã gửi muộn lúc"), "{note}");
    let got = seen(&tg, 6001, "Nộp quỹ khuyến học").await;
    assert!(got.contains("⏰ Gửi muộn (hẹn "), "{got}");
    let report = seen(&tg, HEAD, "Báo cáo thông báo #1").await;
    assert!(report.contains("Gửi muộn: hẹn"), "{report}");
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_time_missed_while_down_and_then_inside_quiet_hours_goes_late_at_six() {
    let (tg, mut bot) = telegram_and_bot(NIGHT, FAST_TELEGRAM).await;
    // 19:00 in the commune: the head schedules for 20:00.
    let seven_pm = next_local(19, 0);
    bot.start_clock(&tg.url, seven_pm - Utc::now()).await;
    subscribe(&tg, &[6001]).await;
    let at = seven_pm + Duration::hours(1);
    let when = at.with_timezone(&tz()).format("20h %d/%m").to_string();
    schedule(&tg, HEAD, &when, "Nộp quỹ khuyến học").await;
    bot.stop_ok().await;
    // Down until 22:00, inside quiet hours: the head hears now that it goes at 06:00, late.
    bot.start_clock(&tg.url, at - Utc::now() + Duration::hours(2))
        .await;
    let note = seen(&tg, HEAD, "sẽ gửi muộn vào").await;
    assert!(note.contains("không gửi được đúng giờ"), "{note}");
    assert!(note.contains("lúc 20:00"), "{note}");
    assert!(note.contains("lúc 06:00"), "{note}");
    let list = say(&tg, HEAD, "/hengio", "Thông báo đang hẹn giờ (1)").await;
    assert!(list.contains("lúc 06:00"), "{list}");
    assert_eq!(wait::tg_count(&tg, 6001, "Nộp quỹ"), 0, "not at night");
    // 06:00: it goes, marked late.
    bot.advance(Duration::hours(8)).await;
    let got = seen(&tg, 6001, "Nộp quỹ khuyến học").await;
    assert!(got.contains("⏰ Gửi muộn (hẹn "), "{got}");
    seen(&tg, HEAD, "Đã gửi muộn lúc").await;
    let report = seen(&tg, HEAD, "Báo cáo thông báo #1").await;
    assert!(report.contains("Gửi muộn: hẹn"), "{report}");
    assert_eq!(wait::tg_count(&tg, 6001, "Nộp quỹ"), 1, "once");
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_notice_goes_each_day_once_across_restarts() {
    let (tg, mut bot) = telegram_and_bot("", FAST_TELEGRAM).await;
    // 06:00 in the commune: every day at 07:00.
    let six = next_local(6, 0);
    bot.start_clock(&tg.url, six - Utc::now()).await;
    subscribe(&tg, &[6001, 6002]).await;
    let typed = "/hengio hằng ngày 7h | Điểm danh đội tuần tra rừng";
    let back = say(&tg, HEAD, typed, "— đúng không?").await;
    assert!(
        back.starts_with("🔁 Gửi hằng ngày lúc 07:00 — lần đầu: "),
        "{back}"
    );
    press_for(&tg, HEAD, "bcsy", "Đã hẹn thông báo lặp lại (số 1)").await;
    bot.stop_ok().await;
    // Restarted: at 07:00 the first one goes, and the head hears when the next is.
    bot.start_clock(&tg.url, six - Utc::now()).await;
    bot.advance(Duration::minutes(61)).await;
    let note = seen(&tg, HEAD, "Đến giờ hẹn: đang gửi thông báo #1").await;
    assert!(note.contains("Lần sau (hẹn số 1):"), "{note}");
    for u in [6001, 6002] {
        seen(&tg, u, "Điểm danh đội tuần tra").await;
    }
    seen(&tg, HEAD, "Báo cáo thông báo #1").await;
    // Down overnight; back at 06:30 the next day: nothing yet, then 07:00 brings the second.
    bot.stop_ok().await;
    let next_day = six + Duration::hours(24) + Duration::minutes(30);
    bot.start_clock(&tg.url, next_day - Utc::now()).await;
    let list = say(&tg, HEAD, "/hengio", "🔁 hằng ngày lúc 07:00; lần tới:").await;
    assert!(list.contains("lúc 07:00"), "{list}");
    for u in [6001, 6002] {
        assert_eq!(
            wait::tg_count(&tg, u, "Điểm danh"),
            1,
            "{u}: not before 07:00"
        );
    }
    bot.advance(Duration::minutes(31)).await;
    seen(&tg, HEAD, "Đến giờ hẹn: đang gửi thông báo #2").await;
    seen(&tg, HEAD, "Báo cáo thông báo #2").await;
    // Once more restarted a minute later: nothing is sent again.
    bot.stop_ok().await;
    let after = next_day + Duration::minutes(32);
    bot.start_clock(&tg.url, after - Utc::now()).await;
    tg.push_text(HEAD, "/hengio");
    wait::seen_wait(&tg, HEAD, "Thông báo đang hẹn giờ (1)", 2).await;
    for u in [6001, 6002] {
        assert_eq!(notices_to(&tg, u, "Điểm danh"), 2, "{u}: once a day");
    }
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_routine_notice_is_held_through_quiet_hours_and_goes_at_six() {
    let (tg, mut bot) = telegram_and_bot(NIGHT, FAST_TELEGRAM).await;
    // The commune's clock at 22:00.
    let ten_pm = next_local(22, 0);
    bot.start_clock(&tg.url, ten_pm - Utc::now()).await;
    subscribe(&tg, &[6001, 6002]).await;
    let typed = "/thongbao Sáng mai cả bản đi làm đường";
    let preview = say(&tg, HEAD, typed, "XEM TRƯỚC").await;
    assert!(
        preview.contains("Đang là giờ yên tĩnh (21:00–06:00)"),
        "{preview}"
    );
    let held = press_for(&tg, HEAD, "bcy", "Thông báo được giữ lại").await;
    assert!(held.contains("lúc 06:00"), "{held}");
    // Seven hours on (05:00) it still waits; a villager's question is answered meanwhile.
    bot.advance(Duration::hours(7)).await;
    say(&tg, 6001, "/hengio", "chỉ trưởng bản").await;
    assert_eq!(
        wait::tg_count(&tg, 6001, "làm đường"),
        0,
        "held until 06:00"
    );
    // 06:00.
    bot.advance(Duration::hours(1)).await;
    for u in [6001, 6002] {
        seen(&tg, u, "Sáng mai cả bản đi làm đường").await;
    }
    seen(&tg, HEAD, "Báo cáo thông báo #1").await;
    bot.stop_ok().await;
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
    let telegram = format!("global_rate = {rate}\nper_chat_rate = 1000\nconcurrency = {senders}");
    let (tg, mut bot) = telegram_and_bot(NIGHT, &telegram).await;
    let evening = next_local(20, 50);
    bot.start_clock(&tg.url, evening - Utc::now()).await;
    let users: Vec<i64> = (6001..6031).collect();
    subscribe(&tg, &users).await;
    say(
        &tg,
        HEAD,
        "/thongbao Thứ Bảy họp bản lúc 8h",
        "(30 người nhận)",
    )
    .await;
    press_for(&tg, HEAD, "bcy", "Đang gửi tới 30 người").await;
    seen(&tg, 6001, "Thứ Bảy họp bản").await;
    // 23:00, the routine one still going out.
    bot.advance(Duration::minutes(130)).await;
    let urgent = "/khancap Nước suối lên nhanh, các hộ ven suối lên nhà văn hóa ngay";
    say(&tg, HEAD, urgent, "XEM TRƯỚC TIN KHẨN").await;
    press_for(&tg, HEAD, "bcu", "Đang gửi tin khẩn tới 30 người").await;
    for u in &users {
        let got = seen(&tg, *u, "Nước suối lên nhanh").await;
        assert!(got.starts_with("🚨 KHẨN — Bản Đông"), "{got}");
        seen(&tg, *u, "Thứ Bảy họp bản").await;
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
    say(&tg, 9001, "/thongke", "Trong đó tin khẩn: 1").await;
    bot.stop_ok().await;
}
