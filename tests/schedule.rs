//! Scheduled, held and urgent notices through the core, the store and the delivery worker
//! (in process; the end-to-end runs over the fake messengers are in tests/schedule_e2e.rs).

mod support;

use chrono::{Datelike, Duration, Utc, Weekday};
use support::local_time::tz;
use support::{Bot, QUIET_OFF, payloads, quiet_hours};

const HEAD: &str = "telegram:1001"; // head of Bản Đông
const HEAD2: &str = "telegram:1002"; // head of Bản He
const ADMIN: &str = "telegram:9001";

/// The commune's quiet hours in the tests that have them.
const NIGHT: &str = "21:00-06:00";

/// Quiet hours from an hour ago to an hour ahead (in the commune), whatever the hour now.
fn quiet_now(config: String) -> String {
    let local = Utc::now().with_timezone(&tz());
    let start = (local - Duration::hours(1)).format("%H:%M");
    let end = (local + Duration::hours(1)).format("%H:%M");
    quiet_hours(&format!("{start}-{end}"))(config)
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
    assert_eq!(payloads(&r), vec!["bcsy", "x", "bcsw"]);
    assert!(bot.scheduled().is_empty(), "nothing before confirm");
    let r = bot.press(HEAD, "bcsy");
    assert!(r.text.contains("Đã hẹn giờ (số 1)"), "{}", r.text);
    assert!(r.text.contains("Bản Đông"), "{}", r.text);
    let waiting = bot.scheduled();
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
    assert_eq!(bot.scheduled().len(), 1);

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
    assert!(bot.scheduled().is_empty());
    let r = bot.press(HEAD, "hgx:1");
    assert!(r.text.contains("Không tìm thấy"), "{}", r.text);
    // Released later, a cancelled notice sends nothing.
    assert!(bot.release_due(Utc::now() + Duration::days(8)).is_empty());
    assert!(bot.deliver().await.all().is_empty());
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
    let due = bot.scheduled()[0].due;
    assert!(bot.release_due(due - Duration::seconds(1)).is_empty());
    let note = bot.release_one(due);
    assert_eq!(note.to.key(), HEAD);
    let note = &note.message.text;
    assert!(
        note.contains("Đến giờ hẹn: đang gửi thông báo #1 tới 4 người"),
        "{note}"
    );
    // Released once: again, and after another restart, nothing more.
    assert!(bot.release_due(due).is_empty());
    let bot = bot.restart();
    assert!(bot.release_due(due + Duration::days(1)).is_empty());
    let channel = bot.deliver().await;
    for s in &subs {
        let got = channel.one_to(s);
        assert!(got.contains("Tiêm phòng cho trâu bò"), "{got}");
        assert!(!got.contains("Gửi muộn"), "{got}");
    }
}

#[tokio::test]
async fn a_time_missed_while_the_bot_was_down_goes_late_and_the_author_is_told() {
    let bot = Bot::new();
    let subs = bot.villagers(2, 5000, "dong");
    bot.schedule(HEAD, "20/12 7h30 | Nộp quỹ khuyến học");
    let due = bot.scheduled()[0].due;
    let bot = bot.restart();
    let note = bot.release_one(due + Duration::hours(3)).message.text;
    assert!(note.contains("không gửi được đúng giờ"), "{note}");
    assert!(note.contains("lúc 07:30"), "{note}");
    let channel = bot.deliver().await;
    let got = channel.one_to(&subs[0]);
    assert!(got.contains("⏰ Gửi muộn (hẹn "), "{got}");
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
    let held = bot.scheduled();
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
    let channel = bot.deliver().await;
    for s in &subs {
        let got = channel.one_to(s);
        assert!(
            got.starts_with("🚨 KHẨN — Bản Đông"),
            "only the urgent one: {got}"
        );
    }
    // At the end of quiet hours the held one goes.
    bot.release_one(held[0].due);
    bot.deliver_to(&channel).await;
    assert_eq!(channel.sent_to(&subs[0]).len(), 2);
    // Stats count urgent notices apart.
    let r = bot.say(ADMIN, "/thongke");
    assert!(r.text.contains("Trong đó tin khẩn: 1"), "{}", r.text);
}

#[test]
fn a_time_inside_quiet_hours_is_read_back_with_the_hold() {
    let bot = Bot::with_config(quiet_hours(NIGHT));
    bot.villagers(1, 5000, "dong");
    let r = bot.say(HEAD, "/hengio 22h ngày 20/12 | Họp");
    assert!(r.text.contains("lúc 22:00 — đúng không?"), "{}", r.text);
    assert!(r.text.contains("giờ yên tĩnh (21:00–06:00)"), "{}", r.text);
    assert!(r.text.contains("lúc 06:00"), "{}", r.text);
    let r = bot.press(HEAD, "bcsy");
    assert!(r.text.contains("sẽ gửi lúc"), "{}", r.text);
    let n = &bot.scheduled()[0];
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

/// The commune's date `days` from today, as typed ("07/12").
fn local_date(days: i64) -> String {
    (Utc::now().with_timezone(&tz()) + Duration::days(days))
        .format("%d/%m")
        .to_string()
}

#[tokio::test]
async fn a_time_missed_while_down_then_held_by_quiet_hours_goes_late_at_their_end() {
    let bot = Bot::with_config(quiet_hours(NIGHT));
    let subs = bot.villagers(2, 5000, "dong");
    let r = bot.schedule(HEAD, &format!("20h {} | Nộp quỹ khuyến học", local_date(3)));
    assert!(r.text.contains("Đã hẹn giờ (số 1)"), "{}", r.text);
    let due = bot.scheduled()[0].due;
    // The bot was down from before 20:00 until 22:00: quiet hours now.
    let bot = bot.restart();
    let at_ten = due + Duration::hours(2);
    let note = bot.release_one(at_ten);
    assert_eq!(note.to.key(), HEAD, "the head hears it now");
    let note = &note.message.text;
    assert!(note.contains("không gửi được đúng giờ"), "{note}");
    assert!(note.contains("lúc 20:00"), "{note}");
    assert!(note.contains("giờ yên tĩnh (21:00–06:00)"), "{note}");
    assert!(note.contains("sẽ gửi muộn vào"), "{note}");
    assert!(note.contains("lúc 06:00"), "{note}");
    assert_eq!(bot.app.store.queued_count(), 0, "nothing in quiet hours");
    let held = bot.scheduled();
    assert_eq!(held.len(), 1);
    assert!(held[0].missed);
    assert_eq!(held[0].due - due, Duration::hours(10), "06:00 the next day");
    // Told once: another pass inside quiet hours, and a restart, say nothing more.
    assert!(bot.release_due(at_ten + Duration::hours(1)).is_empty());
    let bot = bot.restart();
    // 06:00: it goes, marked late, and the head is told so.
    let note = bot.release_one(held[0].due).message.text;
    assert!(note.contains("Đã gửi muộn lúc"), "{note}");
    assert!(note.contains("lúc 20:00"), "{note}");
    let channel = bot.deliver().await;
    for s in &subs {
        let got = channel.one_to(s);
        assert!(got.contains("⏰ Gửi muộn (hẹn "), "{got}");
    }
    let report = channel.sent_to(HEAD);
    assert!(
        report.iter().any(|r| r.contains("Gửi muộn: hẹn")),
        "{report:?}"
    );
    assert!(bot.scheduled().is_empty());
}

#[tokio::test]
async fn forget_me_cancels_the_notices_a_head_scheduled() {
    let bot = Bot::new();
    let subs = bot.villagers(2, 5000, "dong");
    bot.schedule(HEAD, &format!("7h {} | Họp bản", local_date(2)));
    bot.schedule(HEAD2, &format!("7h {} | Họp Bản He", local_date(2)));
    assert_eq!(bot.scheduled().len(), 2);
    let r = bot.say(HEAD, "/xoadulieu");
    assert!(
        r.text.contains("1 thông báo bạn đã hẹn giờ"),
        "the head is told: {}",
        r.text
    );
    bot.press(HEAD, "fgy");
    // Only the other head's notice is left.
    let left = bot.scheduled();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].author, HEAD2);
    // Its time comes: nothing of the forgotten head's goes.
    let bot = bot.restart();
    bot.release_due(Utc::now() + Duration::days(3));
    let channel = bot.deliver().await;
    for s in &subs {
        assert!(channel.sent_to(s).is_empty(), "{s}");
    }
    let r = bot.say(ADMIN, "/hengio");
    assert!(r.text.contains("Không có thông báo nào"), "{}", r.text);
}

#[tokio::test]
async fn a_weekly_notice_is_read_back_listed_sent_each_week_once_and_stopped() {
    let bot = Bot::new();
    let subs = bot.villagers(2, 5000, "dong");
    let r = bot.say(
        HEAD,
        "/hengio hằng tuần thứ Hai 7:00 | Họp giao ban đầu tuần",
    );
    assert!(
        r.text
            .starts_with("🔁 Gửi hằng tuần vào Thứ Hai lúc 07:00 — lần đầu: Thứ Hai "),
        "{}",
        r.text
    );
    assert!(r.text.contains("— đúng không?"), "{}", r.text);
    assert_eq!(payloads(&r), vec!["bcsy", "x"]);
    let r = bot.press(HEAD, "bcsy");
    assert!(
        r.text.contains("Đã hẹn thông báo lặp lại (số 1)"),
        "{}",
        r.text
    );
    let first = bot.scheduled()[0].clone();
    let local = first.due.with_timezone(&tz());
    assert_eq!(local.weekday(), Weekday::Mon);
    assert_eq!(local.format("%H:%M").to_string(), "07:00");
    let r = bot.say(HEAD, "/hengio");
    assert!(
        r.text
            .contains("Số 1 — Bản Đông — 🔁 hằng tuần vào Thứ Hai lúc 07:00; lần tới: Thứ Hai"),
        "{}",
        r.text
    );
    assert_eq!(payloads(&r), vec!["hgy:1", "hgx:1", "m"]);

    // Its time: a normal notice goes, and the next Monday takes its place.
    let bot = bot.restart();
    let note = bot.release_one(first.due).message.text;
    assert!(
        note.contains("Đến giờ hẹn: đang gửi thông báo #1"),
        "{note}"
    );
    assert!(note.contains("Lần sau (hẹn số 1): Thứ Hai"), "{note}");
    let waiting = bot.scheduled();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].due - first.due, Duration::days(7));
    // Released once: the same moment again, and after a restart, nothing more.
    assert!(bot.release_due(first.due).is_empty());
    let bot = bot.restart();
    assert!(bot.release_due(first.due + Duration::days(1)).is_empty());
    let channel = bot.deliver().await;
    for s in &subs {
        let got = channel.one_to(s);
        assert!(got.contains("Họp giao ban đầu tuần"), "{got}");
    }
    // Each occurrence has its own report.
    let r = bot.say(HEAD, "/baocao 1");
    assert!(r.text.contains("Thông báo số 1"), "{}", r.text);

    // Down for three weeks: it goes once, late, and the next one is in the future.
    let down_until = first.due + Duration::days(21) + Duration::hours(2);
    let note = bot.release_one(down_until).message.text;
    assert!(note.contains("không gửi được đúng giờ"), "{note}");
    let next = bot.scheduled()[0].due;
    assert_eq!(next - first.due, Duration::days(28));
    bot.deliver_to(&channel).await;
    for s in &subs {
        let got = channel.sent_to(s);
        assert_eq!(got.len(), 2, "{s}: {got:?}");
        assert!(got[1].contains("⏰ Gửi muộn (hẹn "), "{}", got[1]);
    }
    // Stopped: nothing more goes.
    let r = bot.press(HEAD, "hgx:1");
    assert!(r.text.contains("Đã hủy hẹn giờ số 1"), "{}", r.text);
    assert!(bot.release_due(next + Duration::days(30)).is_empty());
    assert!(bot.scheduled().is_empty());
}

#[tokio::test]
async fn repeating_chosen_in_the_preview_daily_monthly_and_through_quiet_hours() {
    let bot = Bot::with_config(quiet_hours(NIGHT));
    let subs = bot.villagers(1, 5000, "dong");
    // A one-off time read back offers to repeat it every week.
    bot.draft_for_later(HEAD, "Nộp sổ tiêm phòng");
    let r = bot.say(HEAD, "7:00 thứ Bảy");
    assert_eq!(payloads(&r), vec!["bcsy", "x", "bcsw"]);
    let r = bot.press(HEAD, "bcsw");
    assert!(
        r.text.starts_with("🔁 Gửi hằng tuần vào Thứ Bảy lúc 07:00"),
        "{}",
        r.text
    );
    assert_eq!(payloads(&r), vec!["bcsy", "x"]);
    let r = bot.press(HEAD, "bcsy");
    assert!(r.text.contains("lặp lại (số 1)"), "{}", r.text);
    // Typed after "⏰ Hẹn giờ": daily at 22:00, inside quiet hours: each time held to 06:00.
    bot.draft_for_later(HEAD, "Đóng cửa chuồng trâu");
    let r = bot.say(HEAD, "hằng ngày 22h");
    assert!(
        r.text.starts_with("🔁 Gửi hằng ngày lúc 22:00"),
        "{}",
        r.text
    );
    assert!(r.text.contains("giờ yên tĩnh (21:00–06:00)"), "{}", r.text);
    bot.press(HEAD, "bcsy");
    // Monthly on the 31st, in English.
    bot.press("telegram:9001", "lang:en");
    let r = bot.say(
        "telegram:9001",
        "/scheduled every month on the 31st 7:00 | Pay the water fee",
    );
    assert!(
        r.text.contains("Where should this notice go?"),
        "admin chooses: {}",
        r.text
    );
    let r = bot.press("telegram:9001", "bt:dong");
    assert!(
        r.text
            .starts_with("🔁 Goes on day 31 of every month at 07:00 (in months without"),
        "{}",
        r.text
    );
    bot.press("telegram:9001", "bcsy");
    // A bad standing time gets a clear answer.
    let r = bot.say(HEAD, "/hengio hằng tuần 7h | Họp");
    assert!(r.text.contains("Hằng tuần vào thứ mấy?"), "{}", r.text);

    let all = bot.scheduled();
    assert_eq!(all.len(), 3);
    let daily = all.iter().find(|n| n.text.contains("chuồng")).unwrap();
    assert!(daily.held());
    let local = daily.due.with_timezone(&tz());
    assert_eq!(local.format("%H:%M").to_string(), "06:00");
    // The weekly and the monthly may fall due before it (the weekly when this runs on a
    // Friday night in the commune, the monthly on the night of the 30th): they go first, so
    // that what follows is the daily's alone whatever the day the test runs.
    let mut earlier = Vec::new();
    for due in all.iter().map(|n| n.due).filter(|due| *due < daily.due) {
        earlier.extend(bot.release_due(due));
    }
    assert!(earlier.len() <= 2, "{earlier:?}");
    // At 06:00 it goes, and tomorrow's is held to 06:00 the day after.
    bot.release_one(daily.due);
    let after = bot.app.store.scheduled_notice(daily.id).unwrap().unwrap();
    assert_eq!(after.due - daily.due, Duration::days(1));
    assert!(after.held());
    let channel = bot.deliver().await;
    let got = channel.sent_to(&subs[0]);
    let daily_sends = got.iter().filter(|t| t.contains("chuồng trâu")).count();
    assert_eq!(daily_sends, 1, "{got:?}");
    assert_eq!(got.len(), 1 + earlier.len(), "{got:?}");
    // Forget me: the head's standing notices go too.
    bot.say(HEAD, "/xoadulieu");
    bot.press(HEAD, "fgy");
    let left = bot.scheduled();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].author, "telegram:9001");
}
