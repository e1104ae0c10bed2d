//! Following a notice up, with the real `loaban run` binary against a fake Telegram Bot API
//! and a fake Zalo OA on 127.0.0.1, and the test clock (`LOABAN_TEST_CLOCK=1`) moved
//! forward instead of sleeping through days: a mixed hamlet whose preview says exactly who
//! is reachable now, a validity chosen in the preview, one reminder reaching exactly those
//! who had not acknowledged (a second refused, forged ones doing nothing), catch-up for a
//! Zalo user who writes again on day 9, for a late subscriber and for one who had blocked
//! the bot and came back, but not of an expired notice, the report's "received late", `/tintuc`'s validity marks, the Zalo welcome, and a
//! SIGKILL in the middle of a reminder (nobody skipped, nobody reminded twice beyond the
//! sends in flight).

#[path = "support/fake_telegram.rs"]
mod fake_telegram;
#[path = "support/fake_zalo.rs"]
mod fake_zalo;
#[path = "support/mixed_hamlet.rs"]
mod mixed_hamlet;
mod support;
#[path = "support/wait.rs"]
mod wait;

use std::time::Duration;

use chrono::Duration as Days;
use fake_telegram::{FakeTelegram, Limits};
use fake_zalo::FakeZalo;
use mixed_hamlet::{Bot, FAST_TELEGRAM, HEAD, close_window, mixed_hamlet};
use wait::{latest_with, seen_wait, tg_count, tg_wait, tg_wait_n, zalo_count, zalo_wait};

/// The head writes `/thongbao TEXT`, sets its validity to `days` and confirms; waits for
/// the final report.
async fn notice(tg: &FakeTelegram, text: &str, days: u32, n: usize) -> String {
    let before = tg_count(tg, HEAD, "XEM TRƯỚC");
    tg.push_text(HEAD, &format!("/thongbao {text}"));
    tg_wait_n(tg, HEAD, "XEM TRƯỚC", before + 1).await;
    let (preview_id, _, markup) = latest_with(tg, HEAD, "XEM TRƯỚC");
    assert!(markup.contains("\"bv\""), "{markup}");
    let asks = tg_count(tg, HEAD, "có hiệu lực bao lâu");
    tg.push_callback(HEAD, preview_id, "bv");
    tg_wait_n(tg, HEAD, "có hiệu lực bao lâu", asks + 1).await;
    let (choice_id, _, choices) = latest_with(tg, HEAD, "có hiệu lực bao lâu");
    for d in [1, 3, 7, 10, 14, 30] {
        assert!(choices.contains(&format!("\"bv:{d}\"")), "{choices}");
    }
    tg.push_callback(HEAD, choice_id, &format!("bv:{days}"));
    tg_wait_n(tg, HEAD, "XEM TRƯỚC", before + 2).await;
    let (preview_id, preview, _) = latest_with(tg, HEAD, "XEM TRƯỚC");
    let reports = tg_count(tg, HEAD, "Báo cáo thông báo");
    tg.push_callback(HEAD, preview_id, "bcy");
    tg_wait_n(tg, HEAD, "Báo cáo thông báo", reports + 1).await;
    let (_, report, _) = latest_with(tg, HEAD, "Báo cáo thông báo");
    assert!(report.contains(&format!("/{n}")), "{report}");
    preview
}

/// A date as the bot shows it (UTC+7), `days` after the bot's now.
fn date_in(offset: Days, days: i64) -> String {
    let t = chrono::Utc::now() + offset + Days::days(days) + Days::hours(7);
    t.format("%d/%m/%Y").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reachability_reminder_once_and_catch_up_in_a_mixed_hamlet() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::new(Some(&zalo), FAST_TELEGRAM, "");
    bot.start_clock(&tg, Days::zero()).await;
    let hook = bot.webhook();

    // The Zalo welcome, before subscribing, says that replying keeps notices coming.
    assert_eq!(hook.follow_event("follow", "8009").await, 200);
    let welcome = zalo_wait(&zalo, "8009", "Chào bạn").await;
    assert!(
        welcome.contains("Hãy trả lời bot") && welcome.contains("7 ngày qua"),
        "{welcome}"
    );

    // Day 0: Bản Đông has three on Telegram and four on Zalo.
    mixed_hamlet(&tg, &zalo, &hook).await;
    // Day 8: all but 8002 write again; 6003 blocks the bot, 8004 stops following.
    bot.advance(Days::days(8)).await;
    let mut offset = Days::days(8);
    for u in [6001, 6002] {
        tg.push_text(u, "chào");
        tg_wait_n(&tg, u, "Bạn cần gì", 1).await;
    }
    for u in ["8001", "8003"] {
        let before = zalo.sent_to(u).len();
        assert_eq!(hook.text(u, "chào").await, 200);
        assert!(
            zalo.wait_until(wait::DEADLINE, |z| z.sent_to(u).len() > before)
                .await
        );
    }
    tg.block(6003);
    tg.push_blocked(6003);
    assert_eq!(hook.follow_event("unfollow", "8004").await, 200);
    close_window(&zalo, "8002");
    // The block is read before the preview counts it: the fake drops an update once a
    // later getUpdates confirms it, which the bot sends only after handling it (Zalo's
    // unfollow was handled before its webhook call was answered).
    assert!(
        tg.wait_until(wait::DEADLINE, |f| f.pending_updates() == 0)
            .await
    );

    // Notice 1, valid 10 days: the preview says exactly who is reachable now.
    let preview = notice(&tg, "Họp bản tối thứ Bảy lúc 19h", 10, 5).await;
    let want = "(5 người nhận):\n———\nHọp bản tối thứ Bảy lúc 19h\n———\n";
    assert!(preview.contains(want), "{preview}");
    let tail = preview.split_once("\n\n📶").map(|(_, t)| t).unwrap_or("");
    assert_eq!(
        tail,
        format!(
            " Nhận được ngay: 4/5\n\
             ⚠️ Có thể không nhận được: 1 — Zalo: quá 7 ngày chưa nhắn cho OA (sẽ nhận khi nhắn lại bot)\n\
             🚫 Đã chặn bot hoặc bỏ theo dõi: 2 (không gửi)\n\
             ⏳ Hiệu lực đến {}: ai lỡ tin sẽ nhận khi nhắn lại bot.",
            date_in(offset, 10)
        ),
        "{preview}"
    );
    // Notice 2, valid one day: 8002 misses it too.
    notice(&tg, "Dọn vệ sinh đường bản sáng mai", 1, 5).await;
    for u in [6001, 6002] {
        tg_wait(&tg, u, "Dọn vệ sinh").await;
    }
    for u in ["8001", "8003"] {
        zalo_wait(&zalo, u, "Dọn vệ sinh").await;
    }
    assert_eq!(zalo_count(&zalo, "8002", "Họp bản"), 0);

    // 6001 presses ✅ on notice 1; 8001 types 1 (both notices).
    let n1 = tg
        .sent_to(6001)
        .into_iter()
        .find(|m| m.text.contains("Họp bản tối"))
        .unwrap();
    tg.push_callback(6001, n1.message_id, "ak:1");
    tg_wait(&tg, 6001, "Đã ghi nhận bạn đã nhận thông báo số 1").await;
    assert_eq!(hook.text("8001", "1").await, 200);
    zalo_wait(&zalo, "8001", "Đã ghi nhận bạn đã nhận thông báo số 1, 2").await;

    // The report offers the reminder; its preview counts exactly 6002 and 8003 (8002's
    // window is closed: not reachable now).
    tg.push_text(HEAD, "/baocao 1");
    tg_wait(&tg, HEAD, "📋 Thông báo số 1").await;
    let (report_id, _, markup) = latest_with(&tg, HEAD, "📋 Thông báo số 1");
    assert!(
        markup.contains("\"rm:1\"") && markup.contains("🔔 Nhắc những người chưa nhận"),
        "{markup}"
    );
    tg.push_callback(HEAD, report_id, "rm:1");
    let ask = tg_wait(&tg, HEAD, "🔔 Nhắc lại thông báo số 1").await;
    assert!(ask.contains("cho 2 người chưa xác nhận"), "{ask}");
    let (ask_id, _, markup) = latest_with(&tg, HEAD, "🔔 Nhắc lại thông báo số 1");
    assert!(
        markup.find("rmy:1").unwrap() < markup.find("\"x\"").unwrap(),
        "{markup}"
    );
    // Another hamlet's head cannot confirm it, nor learn anything of it.
    tg.push_callback(1002, 1, "rmy:1");
    seen_wait(&tg, 1002, "Không có thông báo số 1 của bản bạn", 1).await;
    tg.push_callback(HEAD, ask_id, "rmy:1");
    seen_wait(&tg, HEAD, "🔔 Đang nhắc 2 người", 1).await;
    let done = tg_wait(&tg, HEAD, "🔔 Báo cáo nhắc lại thông báo #1").await;
    assert!(done.contains("Đã gửi 2/2"), "{done}");
    let reminder = tg
        .sent_to(6002)
        .into_iter()
        .find(|m| m.text.contains("NHẮC LẠI"))
        .unwrap();
    assert!(
        reminder
            .text
            .starts_with("🔔 NHẮC LẠI — bạn chưa xác nhận thông báo số 1:")
    );
    assert!(
        reminder.text.contains("Họp bản tối thứ Bảy"),
        "{}",
        reminder.text
    );
    assert!(
        reminder
            .reply_markup
            .unwrap()
            .to_string()
            .contains("\"ak:1\"")
    );
    let z = zalo_wait(&zalo, "8003", "NHẮC LẠI").await;
    assert!(
        z.ends_with("1️⃣ ✅ Đã nhận\n\n👉 Nhắn 1 nếu đã nhận."),
        "{z}"
    );
    // Exactly those two, once.
    assert_eq!(tg_count(&tg, 6002, "NHẮC LẠI"), 1);
    assert_eq!(zalo_count(&zalo, "8003", "NHẮC LẠI"), 1);
    assert_eq!(tg_count(&tg, 6001, "NHẮC LẠI"), 0);
    assert_eq!(zalo_count(&zalo, "8001", "NHẮC LẠI"), 0);
    assert_eq!(zalo_count(&zalo, "8002", "NHẮC LẠI"), 0);
    assert_eq!(tg_count(&tg, 6003, "NHẮC LẠI"), 0);
    // A second reminder is refused with the time of the first, by the button or a forged
    // confirm; nothing more is sent.
    tg.push_callback(HEAD, report_id, "rm:1");
    let again = seen_wait(&tg, HEAD, "đã được nhắc lúc", 1).await;
    assert!(
        again.starts_with("Thông báo số 1 đã được nhắc lúc "),
        "{again}"
    );
    tg.push_callback(HEAD, ask_id, "rmy:1");
    seen_wait(&tg, HEAD, "đã được nhắc lúc", 2).await;
    // A villager pressing a reminder button gets nothing of it.
    tg.push_callback(6001, 1, "rm:1");
    tg_wait(&tg, 6001, "Không có thông báo số 1 của bản bạn").await;

    // Day 9 after the notices: 8002 writes again (its window reopens). They get notice 1
    // first (valid 10 days), never notice 2 (valid one day), then the answer.
    bot.advance(Days::days(9)).await;
    offset += Days::days(9);
    zalo.allow_user("8002");
    let before = zalo.sent_to("8002").len();
    assert_eq!(hook.text("8002", "chào").await, 200);
    assert!(
        zalo.wait_until(wait::DEADLINE, |z| z.sent_to("8002").len() >= before + 2)
            .await,
        "{:#?}",
        zalo.sent_to("8002")
    );
    let got = zalo.sent_to("8002");
    assert!(
        got[before].starts_with("📢 Thông báo bạn chưa nhận (1):\n\n📢 Số 1 — Bản Đông ("),
        "{got:#?}"
    );
    assert!(
        got[before].contains("Họp bản tối thứ Bảy lúc 19h"),
        "{got:#?}"
    );
    assert!(!got[before].contains("Dọn vệ sinh"), "expired: {got:#?}");
    assert!(
        got[before + 1].contains("Bạn cần gì"),
        "then the answer: {got:#?}"
    );
    // Once only.
    assert_eq!(hook.text("8002", "cảm ơn").await, 200);
    assert!(
        zalo.wait_until(wait::DEADLINE, |z| z.sent_to("8002").len() >= before + 3)
            .await
    );
    assert_eq!(zalo_count(&zalo, "8002", "Thông báo bạn chưa nhận"), 1);

    // A late subscriber gets notice 1 when they next write, not notice 2.
    tg.push_text(6004, "/start dong");
    tg_wait(&tg, 6004, "Đã đăng ký").await;
    assert_eq!(tg_count(&tg, 6004, "Thông báo bạn chưa nhận"), 0);
    tg.push_text(6004, "chào");
    let caught = tg_wait(&tg, 6004, "Thông báo bạn chưa nhận").await;
    assert!(
        caught.contains("Họp bản tối") && !caught.contains("Dọn vệ sinh"),
        "{caught}"
    );
    tg_wait_n(&tg, 6004, "Bạn cần gì", 1).await;

    // 6003, who had blocked the bot, unblocks it and writes: they get notice 1 too.
    tg.unblock(6003);
    tg.push_text(6003, "chào");
    let back = tg_wait(&tg, 6003, "Thông báo bạn chưa nhận").await;
    assert!(
        back.contains("Họp bản tối") && !back.contains("Dọn vệ sinh"),
        "{back}"
    );

    // The report counts them as received late; 8002 is no longer "not reached". 8002
    // acknowledged by writing "cảm ơn" after the catch-up.
    tg.push_text(HEAD, "/baocao 1");
    tg_wait_n(&tg, HEAD, "📋 Thông báo số 1", 2).await;
    let (_, report, markup) = latest_with(&tg, HEAD, "📋 Thông báo số 1");
    let body = report.split_once('\n').unwrap().1;
    assert_eq!(
        body,
        format!(
            "«Họp bản tối thứ Bảy lúc 19h»\n\
             📤 Đã gửi: 4/7\n\
             ✅ Đã nhận: 3\n\
             ⏳ Chưa xác nhận: 4\n\
             ❌ Không gửi được: 0\n\
             📬 Nhận muộn (khi nhắn lại bot): 3\n\
             \n\
             ⏳ Chưa xác nhận (4):\n\
             • (người dùng Zalo chưa có tên)\n\
             • User 6002\n\
             • User 6003\n\
             • User 6004\n\
             \n\
             👉 Hãy báo tận nhà hoặc qua loa cho những người trên.\n\
             \n\
             🔔 Đã nhắc lại lúc {}.\n\
             ⏳ Hiệu lực đến {}.",
            again
                .split_once("nhắc lúc ")
                .unwrap()
                .1
                .split_once('.')
                .unwrap()
                .0,
            date_in(offset - Days::days(9), 10)
        )
    );
    assert!(
        !markup.contains("rm:1"),
        "no second reminder offered: {markup}"
    );

    // /tintuc marks which notices are still valid.
    tg.push_text(6001, "/tintuc");
    let news = tg_wait(&tg, 6001, "Thông báo gần đây").await;
    let line = |needle: &str| {
        let lines: Vec<&str> = news.lines().collect();
        let i = lines.iter().position(|l| l.contains(needle)).unwrap();
        lines[i - 1].to_string()
    };
    assert!(
        line("Họp bản tối").ends_with(&format!(
            "· ⏳ còn hiệu lực đến {}",
            date_in(offset - Days::days(9), 10)
        )),
        "{news}"
    );
    assert!(line("Dọn vệ sinh").ends_with("· hết hiệu lực"), "{news}");
    assert!(!news.contains("NHẮC LẠI"), "reminders are not news: {news}");
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_in_the_middle_of_a_reminder_skips_nobody() {
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::telegram_only("global_rate = 40\nper_chat_rate = 1\nconcurrency = 6");
    bot.start_clock(&tg, Days::zero()).await;
    let (first, n) = (40_000, 80);
    for u in first..first + n {
        tg.push_text(u, "/start dong");
    }
    assert!(
        tg.wait_until(Duration::from_secs(60), move |f| (first..first + n)
            .all(|u| f.sent_to(u).iter().any(|m| m.text.contains("Đã đăng ký"))))
            .await
    );
    tg.push_text(HEAD, "/thongbao Nộp quỹ bản trước Chủ nhật");
    tg_wait(&tg, HEAD, &format!("({n} người nhận)")).await;
    let (preview_id, _, _) = latest_with(&tg, HEAD, "XEM TRƯỚC");
    tg.push_callback(HEAD, preview_id, "bcy");
    let report = tg_wait(&tg, HEAD, "Báo cáo thông báo").await;
    assert!(report.contains(&format!("Đã gửi {n}/{n}")), "{report}");
    // The first ten acknowledge; seventy are left to remind.
    let acked: Vec<i64> = (first..first + 10).collect();
    for &u in &acked {
        let m = tg
            .sent_to(u)
            .into_iter()
            .find(|m| m.text.contains("Nộp quỹ"))
            .unwrap();
        tg.push_callback(u, m.message_id, "ak:1");
    }
    for &u in &acked {
        tg_wait(&tg, u, "Đã ghi nhận").await;
    }
    tg.set_limits(Limits::telegram());
    tg.push_text(HEAD, "/baocao 1");
    tg_wait(&tg, HEAD, "📋 Thông báo số 1").await;
    let (report_id, _, _) = latest_with(&tg, HEAD, "📋 Thông báo số 1");
    tg.push_callback(HEAD, report_id, "rm:1");
    let ask = tg_wait(&tg, HEAD, "🔔 Nhắc lại thông báo số 1").await;
    assert!(ask.contains("cho 70 người"), "{ask}");
    let (ask_id, _, _) = latest_with(&tg, HEAD, "🔔 Nhắc lại thông báo số 1");
    tg.push_callback(HEAD, ask_id, "rmy:1");
    seen_wait(&tg, HEAD, "🔔 Đang nhắc 70 người", 1).await;
    let reminded = |f: &FakeTelegram| {
        (first..first + n)
            .filter(|&u| f.sent_to(u).iter().any(|m| m.text.contains("NHẮC LẠI")))
            .count()
    };
    assert!(
        tg.wait_until(Duration::from_secs(30), move |f| reminded(f) >= 15)
            .await
    );
    bot.process.signal(libc::SIGKILL);
    bot.process.wait_exit(Duration::from_secs(5)).await;
    assert!(reminded(&tg) < 70, "killed before the end");

    bot.start_clock(&tg, Days::zero()).await;
    let done = tg_wait(&tg, HEAD, "🔔 Báo cáo nhắc lại thông báo #1").await;
    assert!(done.contains("Đã gửi 70/70"), "{done}\n{}", bot.logs());
    let mut duplicates = 0;
    for u in first..first + n {
        let got = tg_count(&tg, u, "NHẮC LẠI");
        if acked.contains(&u) {
            assert_eq!(got, 0, "{u} had acknowledged");
        } else {
            assert!(got >= 1, "{u} was skipped");
            duplicates += got - 1;
        }
    }
    assert!(
        duplicates <= 6,
        "{duplicates} reminded twice; at most the 6 in flight"
    );
    // Still once per notice after the restart.
    tg.push_callback(HEAD, report_id, "rm:1");
    seen_wait(&tg, HEAD, "đã được nhắc lúc", 1).await;
    bot.stop_ok().await;
}
