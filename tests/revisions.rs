//! After a notice went out, with the real `loaban run` binary against a fake Telegram Bot
//! API and a fake Zalo OA on 127.0.0.1: Zalo's "received" / "seen" reports counted apart
//! from acknowledgements; a correction and a withdrawal reaching exactly the people who got
//! the original (and the Telegram original edited in place); the OA promotion-message
//! fallback for followers whose 7-day window is closed, with its monthly quota and hours.

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
use mixed_hamlet::{Bot, CLOSED, FAST_TELEGRAM, subscribe};
use wait::{tg_count, tg_wait, zalo_wait};

/// The head of Bản Đông (telegram:1001) sends `text` and waits for the final report.
async fn notice(tg: &FakeTelegram, text: &str, recipients: usize) -> String {
    tg.push_text(1001, &format!("/thongbao {text}"));
    tg_wait(tg, 1001, &format!("({recipients} người nhận)")).await;
    let preview = tg.sent_to(1001).pop().unwrap();
    tg.push_callback(1001, preview.message_id, "bcy");
    tg_wait(tg, 1001, "Báo cáo thông báo").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zalo_seen_and_received_are_counted_apart_from_acknowledgements() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::new(Some(&zalo), FAST_TELEGRAM, "");
    bot.start(&tg, &[]).await;
    let hook = bot.webhook();
    subscribe(&tg, &zalo, &hook, &[], &["8001", "8002", "8003"]).await;
    let report = notice(&tg, "Họp bản tối nay lúc 19h", 3).await;
    assert!(report.contains("Đã gửi 3/3"), "{report}");

    let id = |u: &str| zalo.message_ids(u, "Họp bản tối nay").pop().unwrap();
    // 8001: received, then seen (in one event with an id that is not a notice of ours).
    assert_eq!(hook.receipt(false, "8001", &[&id("8001")]).await, 200);
    assert_eq!(
        hook.receipt(true, "8001", &["m-unknown", &id("8001")])
            .await,
        200
    );
    // 8002: received only. Someone else's id under 8003's name counts for nobody.
    assert_eq!(hook.receipt(false, "8002", &[&id("8002")]).await, 200);
    assert_eq!(hook.receipt(true, "8003", &[&id("8002")]).await, 200);
    // The same seen event delivered again changes nothing.
    assert_eq!(hook.receipt(true, "8001", &[&id("8001")]).await, 200);

    tg.push_text(1001, "/baocao 1");
    let view = tg_wait(&tg, 1001, "📋 Thông báo số 1").await;
    let figures = view.split_once('\n').unwrap().1;
    assert!(
        figures.starts_with(
            "«Họp bản tối nay lúc 19h»\n\
             📤 Đã gửi: 3/3\n\
             ✅ Đã nhận: 0\n\
             ⏳ Chưa xác nhận: 3\n\
             ❌ Không gửi được: 0\n\
             📱 Zalo báo đã đến máy: 2 · 👀 đã xem: 1\n\
             \n\
             ⏳ Chưa xác nhận (3):"
        ),
        "{view}"
    );
    // Nobody was answered for a receipt.
    for u in ["8001", "8002", "8003"] {
        assert_eq!(zalo.sent_to(u).len(), 2, "{u}: {:#?}", zalo.sent_to(u));
    }
    bot.stop_ok().await;
}

/// The head presses the button of the last message they got.
async fn press_last(tg: &FakeTelegram, chat: i64, payload: &str) {
    let last = tg.sent_to(chat).pop().unwrap();
    let markup = last.reply_markup.clone().map(|m| m.to_string());
    assert!(
        markup.as_deref().is_some_and(|m| m.contains(payload)),
        "{payload} not under {:?}: {markup:?}",
        last.text
    );
    tg.push_callback(chat, last.message_id, payload);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correction_and_a_withdrawal_reach_exactly_the_original_recipients() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::new(Some(&zalo), FAST_TELEGRAM, "");
    bot.start(&tg, &[]).await;
    let hook = bot.webhook();
    subscribe(&tg, &zalo, &hook, &[6001, 6002], &["8001"]).await;
    // 6002 blocks the bot: the notice does not reach them, so neither does its correction.
    tg.block(6002);
    let report = notice(&tg, "Họp bản tối nay lúc 19h", 3).await;
    assert!(report.contains("Đã gửi 2/3"), "{report}");
    let original = tg
        .sent_to(6001)
        .into_iter()
        .find(|m| m.text.contains("lúc 19h"))
        .unwrap();
    // A later subscriber (6003), and 6002 back: the correction is not for them.
    tg.unblock(6002);
    subscribe(&tg, &zalo, &hook, &[6003], &[]).await;

    // Only the hamlet's head or an admin; a head of another hamlet learns nothing.
    tg.push_text(6001, "/suatb 1 Họp lúc 20h");
    tg_wait(&tg, 6001, "Chỉ trưởng bản và cán bộ quản trị được sửa").await;
    tg.push_text(1002, "/suatb 1 Họp lúc 20h");
    tg_wait(&tg, 1002, "Không có thông báo số 1").await;
    tg.push_text(1001, "/suatb 1");
    tg_wait(&tg, 1001, "Gõ /suatb số nội-dung-mới").await;
    // A confirm without a draft does nothing (the answer replaces the pressed message).
    let usage = tg.sent_to(1001).pop().unwrap();
    tg.push_callback(1001, usage.message_id, "rvy:1");
    assert!(
        tg.wait_until(wait::DEADLINE, |f| f.edits().iter().any(|e| e.chat_id
            == 1001
            && e.text.starts_with("Không có gì đang chờ")))
            .await
    );

    tg.push_text(1001, "/suatb 1 Họp bản tối nay lúc 20h (không phải 19h)");
    let preview = tg_wait(&tg, 1001, "✏️ Đính chính thông báo số 1").await;
    assert_eq!(
        preview,
        "✏️ Đính chính thông báo số 1 (Bản Đông)\n\
         Cũ: «Họp bản tối nay lúc 19h»\n\
         Mới: «Họp bản tối nay lúc 20h (không phải 19h)»\n\
         Sẽ gửi cho 2 người đã nhận thông báo cũ (chỉ những người này). Gửi nhé?"
    );
    press_last(&tg, 1001, "rvy:1").await;
    tg_wait(&tg, 1001, "Báo cáo thông báo #2").await;
    let want = "✏️ ĐÍNH CHÍNH thông báo số 1 (Bản Đông):\nHọp bản tối nay lúc 20h (không phải 19h)";
    let got = tg_wait(&tg, 6001, "ĐÍNH CHÍNH").await;
    assert!(got.starts_with(want), "{got}");
    let z = zalo_wait(&zalo, "8001", "ĐÍNH CHÍNH").await;
    assert!(z.starts_with(want), "{z}");
    assert_eq!(tg_count(&tg, 6002, "ĐÍNH CHÍNH"), 0);
    assert_eq!(tg_count(&tg, 6003, "ĐÍNH CHÍNH"), 0);
    // On Telegram the original itself now reads corrected.
    let edits = tg.edits();
    let edit = edits
        .iter()
        .find(|e| e.chat_id == 6001 && e.message_id == original.message_id)
        .unwrap_or_else(|| panic!("no edit of the original: {edits:#?}"));
    assert!(
        edit.text.contains("Họp bản tối nay lúc 20h") && edit.text.ends_with("✏️ (đã đính chính)"),
        "{}",
        edit.text
    );
    assert!(edits.iter().all(|e| e.chat_id != 6002 && e.chat_id != 6003));

    // /tintuc shows the corrected text once, marked; the report says it was corrected.
    tg.push_text(6003, "/tintuc");
    let news = tg_wait(&tg, 6003, "Thông báo gần đây").await;
    assert!(
        news.contains("lúc 20h (không phải 19h)\n✏️ (đã đính chính)"),
        "{news}"
    );
    assert!(
        !news.contains("lúc 19h»") && !news.contains("ĐÍNH CHÍNH"),
        "{news}"
    );
    tg.push_text(1001, "/baocao 1");
    let view = tg_wait(&tg, 1001, "📋 Thông báo số 1").await;
    assert!(view.contains("\n✏️ Đã đính chính lúc "), "{view}");
    assert!(view.contains("(thông báo số 2)"), "{view}");
    // A correction is not corrected itself: the original is.
    tg.push_text(1001, "/suatb 2 x");
    tg_wait(&tg, 1001, "là bản sửa của thông báo số 1").await;

    // Withdrawal, by an admin: the same people, marked; the original edited again.
    tg.push_text(9001, "/withdraw 1");
    let preview = tg_wait(&tg, 9001, "🚫 Thu hồi thông báo số 1").await;
    assert!(preview.contains("Sẽ báo cho 2 người đã nhận"), "{preview}");
    press_last(&tg, 9001, "rvy:1").await;
    let got = tg_wait(&tg, 6001, "THU HỒI thông báo số 1").await;
    assert!(got.contains("không còn hiệu lực"), "{got}");
    zalo_wait(&zalo, "8001", "THU HỒI thông báo số 1").await;
    // 6003 wrote since (/tintuc) and was given notice 1 by catch-up, in its corrected text:
    // having received it late, they are told of its withdrawal too. 6002 never got it.
    tg_wait(&tg, 6003, "THU HỒI thông báo số 1").await;
    assert_eq!(tg_count(&tg, 6002, "THU HỒI"), 0);
    assert!(
        tg.wait_until(wait::DEADLINE, |f| f
            .edits()
            .iter()
            .any(|e| e.chat_id == 6001
                && e.message_id == original.message_id
                && e.text.starts_with("🚫 ĐÃ THU HỒI")))
            .await
    );
    tg.push_text(6001, "/tintuc");
    let news = tg_wait(&tg, 6001, "đã thu hồi").await;
    assert!(!news.contains("20h"), "{news}");
    tg.push_text(1001, "/thuhoi 1");
    tg_wait(&tg, 1001, "Thông báo số 1 đã thu hồi rồi").await;
    bot.stop_ok().await;
}

/// The head's `/baocao N` without its first line (it holds the time).
async fn report_body(tg: &FakeTelegram, n: u64) -> String {
    let before = tg_count(tg, 1001, &format!("📋 Thông báo số {n} "));
    tg.push_text(1001, &format!("/baocao {n}"));
    assert!(
        tg.wait_until(wait::DEADLINE, |f| f
            .sent_to(1001)
            .iter()
            .filter(|m| m.text.contains(&format!("📋 Thông báo số {n} ")))
            .count()
            > before)
            .await
    );
    let view = tg.sent_to(1001).pop().unwrap().text;
    view.split_once('\n').unwrap().1.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_window_falls_back_to_a_promotion_message_within_the_monthly_quota() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::new(
        Some(&zalo),
        FAST_TELEGRAM,
        "promotion_fallback = true\npromotion_monthly_quota = 1\npromotion_hours = \"00:00-24:00\"",
    );
    bot.start(&tg, &[]).await;
    let hook = bot.webhook();
    zalo.set_name("8001", "Lò Văn Tám");
    zalo.set_name("8002", "Quàng Thị Hoa");
    subscribe(&tg, &zalo, &hook, &[], &["8001", "8002", "8003"]).await;
    // A quiet week: 8001 and 8002 cannot get consultation messages any more.
    zalo.fail_user("8001", -230, CLOSED);
    zalo.fail_user("8002", -230, CLOSED);
    let report = notice(&tg, "Họp bản tối nay lúc 19h", 3).await;
    assert!(report.contains("Đã gửi 2/3"), "{report}");
    assert!(
        report.contains("đã hết lượt tin truyền thông Zalo"),
        "{report}"
    );

    // Exactly one of the two got the notice as a promotion message (the quota was 1).
    let got: Vec<&str> = ["8001", "8002"]
        .into_iter()
        .filter(|u| !zalo.promotions_to(u).is_empty())
        .collect();
    assert_eq!(got.len(), 1, "{got:?}");
    let (reached, missed) = if got[0] == "8001" {
        ("8001", "Quàng Thị Hoa")
    } else {
        ("8002", "Lò Văn Tám")
    };
    let promo = zalo.promotions_to(reached).pop().unwrap();
    assert_eq!(
        promo,
        "📢 Thông báo — Bản Đông\nHọp bản tối nay lúc 19h\n\n👉 Nhắn 1 nếu đã nhận."
    );
    assert_eq!(
        zalo.promotion_buttons(),
        vec![vec![("✅ Đã nhận".to_string(), "1".to_string())]]
    );
    assert!(
        zalo.promotions_to("8003").is_empty(),
        "8003's window is open"
    );
    assert!(
        zalo_wait(&zalo, "8003", "Họp bản tối nay")
            .await
            .contains("19h")
    );

    let body = report_body(&tg, 1).await;
    assert!(
        body.starts_with("«Họp bản tối nay lúc 19h»\n📤 Đã gửi: 2/3\n"),
        "{body}"
    );
    assert!(
        body.contains(&format!(
            "❌ Không gửi được (1):\n• {missed} — Zalo: đã dùng hết 1 tin truyền thông của tháng này\n"
        )),
        "{body}"
    );
    assert!(
        body.contains("\n\n👉 Hãy báo tận nhà hoặc qua loa cho những người trên."),
        "{body}"
    );
    // The one reached answers "1" (the promotion's button): acknowledged like any notice.
    zalo.allow_user(reached);
    assert_eq!(hook.text(reached, "1").await, 200);
    zalo_wait(&zalo, reached, "Đã ghi nhận bạn đã nhận thông báo số 1").await;
    assert!(report_body(&tg, 1).await.contains("✅ Đã nhận: 1\n"));
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promotion_messages_wait_for_their_hours_and_a_package_refusal_is_told() {
    use chrono::Timelike;
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    // An hour-long window that starts between one and two hours from now (Sơn La time).
    let local = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap());
    let start = (local.hour() + 2) % 24;
    let hours = format!("{start:02}:00-{:02}:00", start + 1);
    let mut opening = local
        .with_hour(start)
        .unwrap()
        .with_minute(0)
        .unwrap()
        .with_second(0)
        .unwrap();
    if opening < local {
        opening += chrono::Duration::days(1);
    }
    let mut bot = Bot::new(
        Some(&zalo),
        FAST_TELEGRAM,
        &format!(
            "promotion_fallback = true\npromotion_monthly_quota = 5\npromotion_hours = \"{hours}\""
        ),
    );
    bot.start(&tg, &[support::TEST_CLOCK]).await;
    let hook = bot.webhook();
    zalo.set_name("8004", "Lò Thị Mai");
    subscribe(&tg, &zalo, &hook, &[6001], &["8003", "8004"]).await;
    zalo.fail_user("8003", -230, CLOSED);
    zalo.fail_user("8004", -230, CLOSED);
    zalo.fail_promotion("8004", -224, "OA package does not support this feature");
    tg.push_text(1001, "/thongbao Tiêm phòng cho trâu bò sáng mai");
    tg_wait(&tg, 1001, "(3 người nhận)").await;
    press_last(&tg, 1001, "bcy").await;
    tg_wait(&tg, 6001, "Tiêm phòng").await;

    // Outside the hours: nothing is sent to them, nothing failed; the notice is still going.
    // The Telegram send is recorded once its group commit lands, a moment after the fake
    // server saw it, so the report is asked again until it counts that send.
    let mut body = report_body(&tg, 1).await;
    for _ in 0..20 {
        if !body.contains("📤 Đã gửi: 0/3\n") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        body = report_body(&tg, 1).await;
    }
    assert!(
        body.contains("📤 Đã gửi: 1/3\n")
            && body.contains("❌ Không gửi được: 0\n🕐 Còn đang gửi: 2"),
        "{body}"
    );
    assert_eq!(tg_count(&tg, 1001, "Báo cáo thông báo #1"), 0);
    assert!(zalo.promotions_to("8003").is_empty());

    // The hours open: 8003 gets it; 8004's OA package refuses, and the head is told.
    let by = opening.signed_duration_since(chrono::Utc::now()) + chrono::Duration::seconds(60);
    support::advance_clock(&bot.data, by).await;
    let report = tg_wait(&tg, 1001, "Báo cáo thông báo #1").await;
    assert!(report.contains("Đã gửi 2/3"), "{report}");
    assert!(
        report.contains("gói OA không cho gửi tin truyền thông (mã -224)"),
        "{report}"
    );
    assert_eq!(zalo.promotions_to("8003").len(), 1);
    assert!(zalo.promotions_to("8003")[0].contains("Tiêm phòng cho trâu bò sáng mai"));
    let body = report_body(&tg, 1).await;
    assert!(
        body.contains("• Lò Thị Mai — Zalo: gói OA không cho gửi tin truyền thông (mã -224)"),
        "{body}"
    );
    bot.stop_ok().await;
}
