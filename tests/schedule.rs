//! Scheduled, held and urgent notices through the core, the store and the delivery worker
//! (in process; the end-to-end runs over the fake messengers are in tests/schedule_e2e.rs).

mod support;

use std::sync::Arc;

use chrono::{Datelike, Duration, FixedOffset, Utc, Weekday};
use support::{Bot, FakeChannel, QUIET_OFF, payloads};

const HEAD: &str = "telegram:1001"; // head of Bản Đông
const HEAD2: &str = "telegram:1002"; // head of Bản He
const ADMIN: &str = "telegram:9001";

fn tz() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap()
}

/// Quiet hours from an hour ago to an hour ahead (in the commune), whatever the hour now.
fn quiet_now(config: String) -> String {
    let local = Utc::now().with_timezone(&tz());
    let start = (local - Duration::hours(1)).format("%H:%M");
    let end = (local + Duration::hours(1)).format("%H:%M");
    config.replace(QUIET_OFF, &format!("quiet_hours = \"{start}-{end}\""))
}

#[tokio::test]
async fn schedule_from_the_preview_read_back_list_and_cancel() {
    let bot = Bot::new();
    bot.villagers(3, 5000, "dong");
    let r = bot.say(HEAD, "/thongbao Họp bản tại nhà văn hóa");
    assert_eq!(payloads(&r), vec!["bcy", "x", "bcs", "bcu", "bv"]);
    let r = bot.press(HEAD, "bcs");
    assert!(r.text.contains("Gửi lúc nào?"), "{}", r.text);
    // Not a time: a clear answer, and the draft still waits for one.
    let r = bot.say(HEAD, "31/2 7h");
    assert!(r.text.contains("Không có ngày 31/2"), "{}", r.text);
    let r = bot.say(HEAD, "khi nào rảnh");
    assert!(r.text.contains("Chưa hiểu “khi”"), "{}", r.text);
    let r = bot.say(HEAD, "7:00 thu bay");
    assert!(r.text.starts_with("⏰ Thứ Bảy "), "{}", r.text);
    assert!(r.text.contains("lúc 07:00 — đúng không?"), "{}", r.text);
    assert_eq!(payloads(&r), vec!["bcsy", "x"]);
    assert!(
        bot.app.store.scheduled_notices().unwrap().is_empty(),
        "nothing before confirm"
    );
    let r = bot.press(HEAD, "bcsy");
    assert!(r.text.contains("Đã hẹn giờ (số 1)"), "{}", r.text);
    assert!(r.text.contains("Bản Đông"), "{}", r.text);
    let waiting = bot.app.store.scheduled_notices().unwrap();
    assert_eq!(waiting.len(), 1);
    let local = waiting[0].due.with_timezone(&tz());
    assert_eq!(local.weekday(), Weekday::Sat);
    assert_eq!(local.format("%H:%M").to_string(), "07:00");
    assert!(waiting[0].due > Utc::now());
    assert_eq!(
        bot.app.store.queued_count(),
        0,
        "nothing queued before its time"
    );
    // A second press of the same confirmation schedules nothing more.
    let r = bot.press(HEAD, "bcsy");
    assert!(
        r.text.contains("Không có gì đang chờ xác nhận"),
        "{}",
        r.text
    );
    assert_eq!(bot.app.store.scheduled_notices().unwrap().len(), 1);

    // The list: the head's own, with "send now" and "cancel"; another head sees none of it,
    // an admin sees all.
    let r = bot.say(HEAD, "/hengio");
    assert!(r.text.contains("Số 1 — Bản Đông — Thứ Bảy"), "{}", r.text);
    assert!(r.text.contains("“Họp bản tại nhà văn hóa”"), "{}", r.text);
    assert_eq!(payloads(&r), vec!["hgy:1", "hgx:1", "m"]);
    let r = bot.say(HEAD2, "/scheduled");
    assert!(r.text.contains("Không có thông báo nào"), "{}", r.text);
    let r = bot.press(HEAD2, "hgx:1");
    assert!(
        r.text.contains("Không tìm thấy thông báo hẹn giờ số 1"),
        "{}",
        r.text
    );
    let r = bot.say(ADMIN, "/hengio");
    assert!(r.text.contains("Số 1 — Bản Đông"), "{}", r.text);
    let r = bot.say("telegram:5000", "/hengio");
    assert!(r.text.contains("chỉ trưởng bản"), "{}", r.text);

    let r = bot.press(HEAD, "hgx:1");
    assert!(r.text.contains("Đã hủy hẹn giờ số 1"), "{}", r.text);
    assert!(bot.app.store.scheduled_notices().unwrap().is_empty());
    let r = bot.press(HEAD, "hgx:1");
    assert!(r.text.contains("Không tìm thấy"), "{}", r.text);
    // Released later, a cancelled notice sends nothing.
    let channel = Arc::new(FakeChannel::default());
    let notes = bot
        .app
        .core
        .release_due(Utc::now() + Duration::days(8))
        .unwrap();
    assert!(notes.is_empty());
    bot.worker(channel.clone()).drain().await.unwrap();
    assert!(channel.all().is_empty());
}

#[tokio::test]
async fn schedule_typed_with_the_command_survives_a_restart_and_goes_once() {
    let bot = Bot::new();
    let subs = bot.villagers(4, 5000, "dong");
    let r = bot.say(HEAD, "/hengio sáng mai 6h | Tiêm phòng cho trâu bò");
    assert!(r.text.contains("lúc 06:00 — đúng không?"), "{}", r.text);
    let r = bot.press(HEAD, "bcsy");
    assert!(r.text.contains("Đã hẹn giờ"), "{}", r.text);
    // Usage and errors with the command.
    let r = bot.say(HEAD, "/hengio 25h mai | Họp");
    assert!(r.text.contains("Không có giờ 25:00"), "{}", r.text);
    let r = bot.say(HEAD, "/hengio mai 7h");
    assert!(
        r.text.contains("/hengio 7:00 thứ Bảy | Họp bản"),
        "{}",
        r.text
    );

    let bot = bot.restart();
    let due = bot.app.store.scheduled_notices().unwrap()[0].due;
    assert!(
        bot.app
            .core
            .release_due(due - Duration::seconds(1))
            .unwrap()
            .is_empty()
    );
    let notes = bot.app.core.release_due(due).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].to.key(), HEAD);
    assert!(
        notes[0]
            .message
            .text
            .contains("Đến giờ hẹn: đang gửi thông báo #1 tới 4 người"),
        "{}",
        notes[0].message.text
    );
    // Released once: again, and after another restart, nothing more.
    assert!(bot.app.core.release_due(due).unwrap().is_empty());
    let bot = bot.restart();
    assert!(
        bot.app
            .core
            .release_due(due + Duration::days(1))
            .unwrap()
            .is_empty()
    );
    let channel = Arc::new(FakeChannel::default());
    bot.worker(channel.clone()).drain().await.unwrap();
    for s in &subs {
        let got = channel.sent_to(s);
        assert_eq!(got.len(), 1, "{s}: {got:?}");
        assert!(got[0].contains("Tiêm phòng cho trâu bò"), "{}", got[0]);
        assert!(!got[0].contains("Gửi muộn"), "{}", got[0]);
    }
}

#[tokio::test]
async fn a_time_missed_while_the_bot_was_down_goes_late_and_the_author_is_told() {
    let bot = Bot::new();
    let subs = bot.villagers(2, 5000, "dong");
    bot.say(HEAD, "/hengio 20/12 7h30 | Nộp quỹ khuyến học");
    bot.press(HEAD, "bcsy");
    let due = bot.app.store.scheduled_notices().unwrap()[0].due;
    let bot = bot.restart();
    let notes = bot.app.core.release_due(due + Duration::hours(3)).unwrap();
    assert_eq!(notes.len(), 1);
    let note = &notes[0].message.text;
    assert!(note.contains("không gửi được đúng giờ"), "{note}");
    assert!(note.contains("lúc 07:30"), "{note}");
    let channel = Arc::new(FakeChannel::default());
    bot.worker(channel.clone()).drain().await.unwrap();
    let got = channel.sent_to(&subs[0]);
    assert_eq!(got.len(), 1);
    assert!(got[0].contains("⏰ Gửi muộn (hẹn "), "{}", got[0]);
    // The final report to the head says it went late, too.
    let report = channel.sent_to(HEAD);
    assert!(
        report.iter().any(|r| r.contains("Gửi muộn: hẹn")),
        "{report:?}"
    );
}

#[tokio::test]
async fn inside_quiet_hours_routine_is_held_and_urgent_goes_first() {
    let bot = Bot::with_config(quiet_now);
    let subs = bot.villagers(3, 5000, "dong");
    let r = bot.say(HEAD, "/thongbao Mai họp bản");
    assert!(r.text.contains("Đang là giờ yên tĩnh"), "{}", r.text);
    let r = bot.press(HEAD, "bcy");
    assert!(
        r.text.contains("Thông báo được giữ lại (hẹn số 1)"),
        "{}",
        r.text
    );
    assert_eq!(bot.app.store.queued_count(), 0);
    let held = bot.app.store.scheduled_notices().unwrap();
    assert_eq!(held.len(), 1);
    assert!(held[0].held());
    // "Send now" from the list is still held: it is routine.
    let r = bot.press(HEAD, "hgy:1");
    assert!(r.text.contains("giữ lại"), "{}", r.text);
    assert_eq!(bot.app.store.queued_count(), 0);

    let r = bot.say(
        HEAD,
        "/khancap Nước suối lên nhanh, di chuyển lên nhà văn hóa ngay",
    );
    assert!(r.text.contains("XEM TRƯỚC TIN KHẨN"), "{}", r.text);
    assert_eq!(payloads(&r), vec!["bcu", "x"]);
    let r = bot.press(HEAD, "bcu");
    assert!(
        r.text.contains("Đang gửi tin khẩn tới 3 người"),
        "{}",
        r.text
    );
    let channel = Arc::new(FakeChannel::default());
    bot.worker(channel.clone()).drain().await.unwrap();
    for s in &subs {
        let got = channel.sent_to(s);
        assert_eq!(got.len(), 1, "only the urgent one: {got:?}");
        assert!(got[0].starts_with("🚨 KHẨN — Bản Đông"), "{}", got[0]);
    }
    // At the end of quiet hours the held one goes.
    let notes = bot.app.core.release_due(held[0].due).unwrap();
    assert_eq!(notes.len(), 1);
    bot.worker(channel.clone()).drain().await.unwrap();
    assert_eq!(channel.sent_to(&subs[0]).len(), 2);
    // Stats count urgent notices apart.
    let r = bot.say(ADMIN, "/thongke");
    assert!(r.text.contains("Trong đó tin khẩn: 1"), "{}", r.text);
}

#[test]
fn a_time_inside_quiet_hours_is_read_back_with_the_hold() {
    let bot = Bot::with_config(|c| c.replace(QUIET_OFF, "quiet_hours = \"21:00-06:00\""));
    bot.villagers(1, 5000, "dong");
    let r = bot.say(HEAD, "/hengio 22h ngày 20/12 | Họp");
    assert!(r.text.contains("lúc 22:00 — đúng không?"), "{}", r.text);
    assert!(r.text.contains("giờ yên tĩnh (21:00–06:00)"), "{}", r.text);
    assert!(r.text.contains("lúc 06:00"), "{}", r.text);
    let r = bot.press(HEAD, "bcsy");
    assert!(r.text.contains("sẽ gửi lúc"), "{}", r.text);
    let n = &bot.app.store.scheduled_notices().unwrap()[0];
    assert_eq!(
        n.due.with_timezone(&tz()).format("%H:%M").to_string(),
        "06:00"
    );
    assert_eq!(n.due - n.wanted, Duration::hours(8));
}

#[test]
fn urgent_may_be_for_admins_only() {
    let bot = Bot::with_config(|c| {
        c.replace(
            QUIET_OFF,
            &format!("{QUIET_OFF}\nurgent_admins_only = true"),
        )
    });
    bot.villagers(1, 5000, "dong");
    let r = bot.say(HEAD, "/urgent Flood");
    assert!(r.text.contains("chỉ cán bộ quản trị"), "{}", r.text);
    let r = bot.say(HEAD, "/thongbao Họp");
    assert_eq!(
        payloads(&r),
        vec!["bcy", "x", "bcs", "bv"],
        "no urgent choice"
    );
    let r = bot.press(HEAD, "bcu");
    assert!(r.text.contains("chỉ cán bộ quản trị"), "{}", r.text);
    assert_eq!(bot.app.store.queued_count(), 0);
    let r = bot.say(ADMIN, "/khancap Lũ");
    assert!(r.text.contains("Gửi thông báo này tới đâu?"), "{}", r.text);
    let r = bot.press(ADMIN, "bt:dong");
    assert!(r.text.contains("TIN KHẨN"), "{}", r.text);
    let r = bot.press(ADMIN, "bcu");
    assert!(r.text.contains("tin khẩn tới 1 người"), "{}", r.text);
}
