//! "✅ Đã nhận" and the head's report on one notice, with the real `loaban run` binary
//! against a fake Telegram Bot API and a fake Zalo OA on 127.0.0.1: a mixed hamlet (Telegram
//! and Zalo, one who blocked the bot, one whose Zalo window is closed), acknowledgements by
//! button, by a typed 1 and by writing, a double press, forged presses, the report's figures
//! and lists checked exactly, another hamlet's head and a villager refused, and "forget me"
//! taking the person out of the report.

#[path = "support/fake_telegram.rs"]
mod fake_telegram;
#[path = "support/fake_zalo.rs"]
mod fake_zalo;
#[path = "support/mixed_hamlet.rs"]
mod mixed_hamlet;
mod support;
#[path = "support/wait.rs"]
mod wait;

use fake_telegram::{FakeTelegram, Limits};
use fake_zalo::FakeZalo;
use mixed_hamlet::{Bot, FAST_TELEGRAM, close_window, mixed_hamlet};
use wait::{tg_count, tg_wait, zalo_wait};

/// The report without its first line (it holds the time the notice was confirmed) and its
/// last, the end of its validity (a date seven days on).
fn body(report: &str) -> String {
    let b = report.split_once('\n').map_or("", |(_, b)| b);
    let (rest, last) = b.rsplit_once('\n').unwrap_or((b, ""));
    assert!(last.starts_with("⏳ Hiệu lực đến "), "{report}");
    rest.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mixed_hamlet_acknowledges_and_the_head_sees_whom_to_visit() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::new(Some(&zalo), FAST_TELEGRAM, "");
    bot.start(&tg, &[]).await;
    let hook = bot.webhook();

    // Bản Đông: three on Telegram (the fake names them "User <id>"), four on Zalo, whose
    // names the bot asks the OA for (8003 and 8004 show none).
    zalo.set_name("8001", "Lò Văn Tám");
    zalo.set_name("8002", "Quàng Thị Hoa");
    mixed_hamlet(&tg, &zalo, &hook).await;
    // 6003 blocks the bot (sends get 403); 8002's Zalo window is closed.
    tg.block(6003);
    close_window(&zalo, "8002");

    // The head of Bản Đông sends a notice from Telegram.
    tg.push_text(1001, "/thongbao Họp bản tối nay lúc 19h");
    tg_wait(&tg, 1001, "(7 người nhận)").await;
    let preview = tg.sent_to(1001).pop().unwrap();
    tg.push_callback(1001, preview.message_id, "bcy");
    let report = tg_wait(&tg, 1001, "Báo cáo thông báo").await;
    assert!(report.contains("Đã gửi 5/7"), "{report}");
    let final_report = tg
        .sent_to(1001)
        .into_iter()
        .find(|m| m.text.contains("Báo cáo thông báo"))
        .unwrap();
    let markup = final_report.reply_markup.clone().unwrap().to_string();
    assert!(markup.contains("\"rp:1\""), "a report button: {markup}");
    assert!(markup.contains("📋 Ai đã nhận, ai chưa"), "{markup}");

    // Telegram: the notice carries the "✅ Đã nhận" button.
    let notice = tg
        .sent_to(6001)
        .into_iter()
        .find(|m| m.text.contains("Họp bản tối nay"))
        .unwrap();
    let markup = notice.reply_markup.clone().unwrap().to_string();
    assert!(
        markup.contains("\"ak:1\"") && markup.contains("✅ Đã nhận"),
        "{markup}"
    );
    // Zalo: the same choice as a number, with the line that says what to type.
    let z = zalo_wait(&zalo, "8001", "Họp bản tối nay").await;
    assert!(
        z.ends_with("1️⃣ ✅ Đã nhận\n\n👉 Nhắn 1 nếu đã nhận."),
        "{z}"
    );

    // 6001 presses the button, then presses it again: recorded once.
    tg.push_callback(6001, notice.message_id, "ak:1");
    tg_wait(&tg, 6001, "Đã ghi nhận bạn đã nhận thông báo số 1").await;
    tg.push_callback(6001, notice.message_id, "ak:1");
    let again = tg_wait(&tg, 6001, "Đã ghi nhận rồi").await;
    assert!(again.contains("thông báo số 1 lúc"), "{again}");
    assert_eq!(
        tg_count(&tg, 6001, "✅ Cảm ơn! Đã ghi nhận"),
        1,
        "the second press says 'already noted'"
    );
    // Forged presses: someone the notice never reached, and a notice that does not exist.
    tg.push_callback(7777, 1, "ak:1");
    tg_wait(&tg, 7777, "Không tìm thấy thông báo này").await;
    tg.push_callback(6002, 1, "ak:99");
    tg_wait(&tg, 6002, "Không tìm thấy thông báo này").await;
    // Zalo: 8001 types 1; 8003 simply writes a question (which is answered as well).
    assert_eq!(hook.text("8001", "1").await, 200);
    let ack = zalo_wait(&zalo, "8001", "Đã ghi nhận").await;
    assert_eq!(ack, "✅ Cảm ơn! Đã ghi nhận bạn đã nhận thông báo số 1.");
    assert_eq!(
        hook.text("8003", "ban dong dat bao nhieu tieu chi").await,
        200
    );
    let answer = zalo_wait(&zalo, "8003", "Đã ghi nhận").await;
    assert!(
        answer.starts_with("✅ Cảm ơn! Đã ghi nhận bạn đã nhận thông báo số 1.\n\n"),
        "{answer}"
    );
    assert!(
        answer.contains("tiêu chí"),
        "the question is answered too: {answer}"
    );
    // A later "1" from 8001 is a menu choice again, not a second acknowledgement.
    let before = zalo.sent_to("8001").len();
    assert_eq!(hook.text("8001", "1").await, 200);
    assert!(
        zalo.wait_until(wait::DEADLINE, |z| z.sent_to("8001").len() > before)
            .await
    );
    assert!(!zalo.sent_to("8001").last().unwrap().contains("Đã ghi nhận"));

    // The head's report, by command and by the button on the final report: exact.
    let want = "«Họp bản tối nay lúc 19h»\n\
                📤 Đã gửi: 5/7\n\
                ✅ Đã nhận: 3\n\
                ⏳ Chưa xác nhận: 2\n\
                ❌ Không gửi được: 2\n\
                \n\
                ⏳ Chưa xác nhận (2):\n\
                • (người dùng Zalo chưa có tên)\n\
                • User 6002\n\
                \n\
                ❌ Không gửi được (2):\n\
                • Quàng Thị Hoa — Zalo: quá 7 ngày người này chưa nhắn cho OA (mã -230)\n\
                • User 6003 — đã chặn bot\n\
                \n\
                👉 Hãy báo tận nhà hoặc qua loa cho những người trên.";
    tg.push_text(1001, "/baocao");
    let view = tg_wait(&tg, 1001, "📋 Thông báo số 1").await;
    assert!(view.starts_with("📋 Thông báo số 1 — Bản Đông ("), "{view}");
    assert_eq!(body(&view), want);
    tg.push_callback(1001, final_report.message_id, "rp:1");
    assert!(
        tg.wait_until(wait::DEADLINE, |f| f
            .sent_to(1001)
            .iter()
            .filter(|m| m.text.contains("📋 Thông báo số 1"))
            .count()
            == 2)
            .await
    );
    let pressed = tg
        .sent_to(1001)
        .into_iter()
        .rev()
        .find(|m| m.text.contains("📋 Thông báo số 1"))
        .unwrap();
    assert_eq!(body(&pressed.text), want);
    // An admin sees every notice.
    tg.push_text(9001, "/report 1");
    let admin = tg_wait(&tg, 9001, "Thông báo số 1").await;
    assert_eq!(body(&admin), want);

    // Another hamlet's head and a villager are refused; nothing about Bản Đông shows.
    tg.push_text(1002, "/baocao 1");
    let refused = tg_wait(&tg, 1002, "Không có thông báo số 1").await;
    assert!(!refused.contains("User 600"), "{refused}");
    tg.push_text(1002, "/report");
    tg_wait(&tg, 1002, "Bản bạn chưa có thông báo nào").await;
    tg.push_callback(1002, 1, "rp:1");
    assert!(
        tg.wait_until(wait::DEADLINE, |f| f
            .sent_to(1002)
            .iter()
            .filter(|m| m.text.contains("Không có thông báo số 1"))
            .count()
            == 2)
            .await
    );
    tg.push_text(6002, "/baocao 1");
    tg_wait(&tg, 6002, "Chỉ trưởng bản và cán bộ quản trị").await;
    tg.push_text(1001, "/baocao abc");
    tg_wait(&tg, 1001, "Gõ /baocao để xem").await;

    // "Forget me": 6001 and their acknowledgement leave the report.
    tg.push_text(6001, "/xoadulieu");
    tg_wait(&tg, 6001, "Xóa toàn bộ dữ liệu của bạn (").await;
    let ask = tg.sent_to(6001).pop().unwrap();
    tg.push_callback(6001, ask.message_id, "fgy");
    // The answer replaces the question (an edit).
    assert!(
        tg.wait_until(wait::DEADLINE, |f| f
            .edits()
            .iter()
            .any(|m| m.chat_id == 6001 && m.text.contains("Đã xóa")))
            .await
    );
    tg.push_text(1001, "/baocao 1");
    assert!(
        tg.wait_until(wait::DEADLINE, |f| f
            .sent_to(1001)
            .iter()
            .any(|m| m.text.contains("📤 Đã gửi: 4/6")))
            .await,
        "{:#?}",
        tg.sent_to(1001).last()
    );
    let after = tg.sent_to(1001).pop().unwrap().text;
    // 6002 has written to the bot since (their /baocao above): that counts as received.
    assert!(
        after.contains("✅ Đã nhận: 3\n⏳ Chưa xác nhận: 1\n"),
        "{after}"
    );
    assert!(!after.contains("6001"), "{after}");

    // Each Zalo person's name was asked for once, however often they wrote.
    assert_eq!(zalo.profile_calls(), 4);
    bot.stop_ok().await;
}
