//! The real `loaban run` binary with the Zalo OA channel, against a fake Zalo OpenAPI and
//! OAuth server on 127.0.0.1 and signed webhook calls: questions answered, numbered
//! choices, subscriptions, a broadcast reaching Telegram and Zalo subscribers alike with a
//! report that says who could not be reached and why, bad signatures, replayed events,
//! oversized and malformed bodies, an expired token refreshed once (and the rotated refresh
//! token surviving a restart), unfollow, a villager's question to the heads answered from
//! Telegram and received on Zalo, and no secret in the logs.

#[path = "support/fake_telegram.rs"]
mod fake_telegram;
#[path = "support/fake_zalo.rs"]
mod fake_zalo;
#[path = "support/mixed_hamlet.rs"]
mod mixed_hamlet;
mod support;
#[path = "support/wait.rs"]
mod wait;

use std::process::Command;
use std::time::Duration;

use fake_telegram::{FakeTelegram, Limits};
use fake_zalo::{APP_ID, APP_SECRET, FakeZalo, OA_SECRET, Webhook};
use mixed_hamlet::{Bot, FAST_TELEGRAM, close_window};

const ZALO_HEAD: &str = "5001";

/// The test config with a Zalo head for Bản Đông besides the Telegram one, and `[zalo]`
/// pointing at `zalo`.
fn zalo_bot(zalo: &FakeZalo) -> Bot {
    Bot::with_base(Some(zalo), FAST_TELEGRAM, "", |base| {
        base.replace(
            "heads = [\"telegram:1001\"]",
            &format!("heads = [\"telegram:1001\", \"zalo:{ZALO_HEAD}\"]"),
        )
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zalo_villager_asks_chooses_by_number_and_subscribes() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let mut bot = zalo_bot(&zalo);
    bot.start_zalo_only(&[]).await;
    let hook = bot.webhook();

    // A new follower gets the welcome with numbered choices.
    assert_eq!(hook.follow_event("follow", "7001").await, 200);
    wait::zalo_wait(&zalo, "7001", "Chào bạn").await;
    let welcome = zalo.sent_to("7001").pop().unwrap();
    assert!(welcome.contains("1️⃣"), "{welcome}");
    assert!(
        welcome.ends_with("👉 Nhắn số (1, 2, …) để chọn."),
        "{welcome}"
    );

    // A question typed without diacritics.
    assert_eq!(hook.text("7001", "ban dong dat may tieu chi").await, 200);
    wait::zalo_wait(&zalo, "7001", "6/16").await;

    // Subscribing, then typing a number to press a choice of the last menu.
    assert_eq!(hook.text("7001", "/dangky dong").await, 200);
    wait::zalo_wait(&zalo, "7001", "Đã đăng ký").await;
    let before = zalo.sent_to("7001").len();
    assert_eq!(hook.text("7001", "/start").await, 200);
    wait::zalo_wait_n(&zalo, "7001", before + 1).await;
    assert_eq!(hook.text("7001", "1").await, 200);
    wait::zalo_wait_n(&zalo, "7001", before + 2).await;
    // 1 is the first button of the menu: the criteria overview.
    let chosen = zalo.sent_to("7001").pop().unwrap();
    assert!(
        chosen.contains("Tiêu chí nông thôn mới") && chosen.contains("11/19"),
        "{chosen}"
    );

    // Someone who chose English gets the hint in English.
    assert_eq!(hook.text("7009", "/language en").await, 200);
    assert_eq!(hook.text("7009", "/menu").await, 200);
    wait::zalo_wait_n(&zalo, "7009", 2).await;
    let menu = zalo.sent_to("7009").pop().unwrap();
    assert!(menu.contains("Reply with a number"), "{menu}");

    // A sticker gets a short help; the OA's own echo and a receipt get nothing.
    let n = zalo.sent().len();
    assert_eq!(hook.event("user_send_sticker", "7001", "oa").await, 200);
    wait::zalo_wait(&zalo, "7001", "chỉ đọc được chữ").await;
    assert_eq!(hook.event("oa_send_text", "oa", "7001").await, 200);
    assert_eq!(hook.event("user_seen_message", "oa", "7001").await, 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(zalo.sent().len(), n + 1, "only the sticker was answered");

    bot.stop_ok().await;
    let logs = bot.logs();
    for secret in [APP_SECRET, OA_SECRET, "access-0", "refresh-0"] {
        assert!(!logs.contains(secret), "{secret} leaked into the logs");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_signatures_garbage_and_replays_change_nothing() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let mut bot = zalo_bot(&zalo);
    bot.start_zalo_only(&[]).await;
    let hook = bot.webhook();

    let (body, ts) = hook.text_body("7002", "/dangky dong");
    // No signature, a wrong one, one made with another secret, a signature of other bytes.
    assert_eq!(hook.post_raw(&body, None).await, 401);
    assert_eq!(hook.post_raw(&body, Some("mac=00ff")).await, 401);
    let forged = {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(format!("{APP_ID}{body}{ts}not-the-secret"));
        format!("mac={}", hex::encode(h.finalize()))
    };
    assert_eq!(hook.post_raw(&body, Some(&forged)).await, 401);
    let other = body.replace("/dangky dong", "/dangky he");
    assert_eq!(
        hook.post_raw(&other, Some(&Webhook::sign(&body, &ts)))
            .await,
        401
    );
    // Malformed and oversized bodies.
    assert_eq!(hook.post_raw("{not json", Some("mac=00")).await, 400);
    assert_eq!(hook.post_raw("[]", None).await, 400);
    let huge = format!(
        r#"{{"app_id":"{APP_ID}","event_name":"user_send_text","timestamp":"1","sender":{{"id":"7002"}},"message":{{"msg_id":"x","text":"{}"}}}}"#,
        "a".repeat(10_000)
    );
    assert_eq!(
        hook.post_raw(&huge, Some(&Webhook::sign(&huge, "1"))).await,
        400
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        zalo.sent().is_empty(),
        "nothing answered: {:?}",
        zalo.sent()
    );

    // A correctly signed but months-old event (a captured request replayed): ignored.
    let old = body.replace(&ts, "1717061839659");
    assert_eq!(
        hook.post_raw(&old, Some(&Webhook::sign(&old, "1717061839659")))
            .await,
        200
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(zalo.sent().is_empty(), "{:?}", zalo.sent());

    // The genuine event, delivered twice by Zalo: answered once.
    let sig = Webhook::sign(&body, &ts);
    assert_eq!(hook.post_raw(&body, Some(&sig)).await, 200);
    assert_eq!(hook.post_raw(&body, Some(&sig)).await, 200);
    wait::zalo_wait(&zalo, "7002", "Đã đăng ký").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(zalo.sent_to("7002").len(), 1, "{:?}", zalo.sent_to("7002"));

    // A replay after a restart is still recognised.
    bot.stop_ok().await;
    bot.start_zalo_only(&[]).await;
    assert_eq!(bot.webhook().post_raw(&body, Some(&sig)).await, 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(zalo.sent_to("7002").len(), 1);
    assert!(bot.logs().contains("delivered again"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_is_refreshed_once_and_the_new_one_survives_a_restart() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let mut bot = zalo_bot(&zalo);
    bot.start_zalo_only(&[]).await;
    let hook = bot.webhook();

    assert_eq!(hook.text("7003", "vay von").await, 200);
    wait::zalo_wait_n(&zalo, "7003", 1).await;
    assert_eq!(zalo.refreshes(), 0);

    // The token expires; five people write at once: one refresh, everyone answered.
    zalo.expire_access_token();
    let users = ["7101", "7102", "7103", "7104", "7105"];
    // One client, so message ids differ (two with the same id would be one event).
    let shared = std::sync::Arc::new(bot.webhook());
    let posts = users.map(|u| {
        let hook = shared.clone();
        tokio::spawn(async move { hook.text(u, "lai suat vay ho ngheo").await })
    });
    for p in posts {
        assert_eq!(p.await.unwrap(), 200);
    }
    for u in users {
        wait::zalo_wait_n(&zalo, u, 1).await;
    }
    assert_eq!(zalo.refreshes(), 1, "refreshed once, under a lock");
    assert!(zalo.expired_calls() >= 1);
    assert!(zalo.sent().iter().skip(1).all(|m| m.token == "access-1"));

    // Restart: the config still names refresh-0, which Zalo no longer accepts. The bot uses
    // the rotated token it stored, so the next refresh works.
    bot.stop_ok().await;
    zalo.expire_access_token();
    bot.start_zalo_only(&[]).await;
    assert_eq!(bot.webhook().text("7003", "/start").await, 200);
    wait::zalo_wait(&zalo, "7003", "Chào bạn").await;
    assert_eq!(zalo.refreshes(), 2);
    assert_eq!(
        zalo.refused_refreshes(),
        0,
        "never reused a spent refresh token"
    );
    let logs = bot.logs();
    for secret in ["access-1", "refresh-1", "access-2", "refresh-2", APP_SECRET] {
        assert!(!logs.contains(secret), "{secret} leaked into the logs");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_announcement_reaches_telegram_and_zalo_and_the_report_says_who_was_missed() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = zalo_bot(&zalo);
    bot.start(&tg, &[]).await;
    let hook = bot.webhook();

    // Three Telegram subscribers by deep link.
    for u in [6001, 6002, 6003] {
        tg.push_text(u, "/start dong");
    }
    for u in [6001, 6002, 6003] {
        wait::tg_wait(&tg, u, "Đã đăng ký").await;
    }
    // Three Zalo subscribers: one will be outside Zalo's reply window, one unfollows.
    for u in ["8001", "8002", "8003"] {
        assert_eq!(hook.text(u, "/dangky dong").await, 200);
        wait::zalo_wait(&zalo, u, "Đã đăng ký").await;
    }
    close_window(&zalo, "8002");
    assert_eq!(hook.follow_event("unfollow", "8003").await, 200);
    tokio::time::sleep(Duration::from_millis(300)).await;

    // The head, on Zalo, composes, sees the preview and confirms by typing 1.
    assert_eq!(
        hook.text(ZALO_HEAD, "/thongbao Họp bản tối nay lúc 19h")
            .await,
        200
    );
    wait::zalo_wait(&zalo, ZALO_HEAD, "(5 người nhận)").await;
    let preview = zalo.sent_to(ZALO_HEAD).pop().unwrap();
    assert!(preview.contains("1️⃣ ✅ Gửi ngay"), "{preview}");
    assert_eq!(hook.text(ZALO_HEAD, "1").await, 200);
    wait::zalo_wait(&zalo, ZALO_HEAD, "Báo cáo thông báo").await;

    for u in [6001, 6002, 6003] {
        assert_eq!(
            tg.sent_to(u)
                .iter()
                .filter(|m| m.text.contains("Họp bản tối nay"))
                .count(),
            1,
            "telegram:{u}"
        );
    }
    assert_eq!(
        zalo.sent_to("8001")
            .iter()
            .filter(|t| t.contains("Họp bản tối nay"))
            .count(),
        1
    );
    assert!(zalo.sent_to("8003").iter().all(|t| !t.contains("Họp bản")));
    // The confirm's answer ("📤 Đang gửi…") goes out on the channel's reply path and the
    // report on the worker's, about one group commit later: under load the report can reach
    // Zalo first, so the report is found by what it says, not by being the last message.
    let to_head = zalo.sent_to(ZALO_HEAD);
    let reports: Vec<&String> = to_head
        .iter()
        .filter(|t| t.contains("Báo cáo thông báo"))
        .collect();
    assert_eq!(reports.len(), 1, "one report: {to_head:#?}");
    let report = reports[0];
    wait::zalo_wait(&zalo, ZALO_HEAD, "📤 Đang gửi tới 5 người").await;
    assert!(report.contains("Đã gửi 4/5"), "{report}");
    assert!(report.contains("Zalo: 1 người chưa nhận được"), "{report}");
    assert!(report.contains("7 ngày"), "{report}");
    assert!(report.contains("loa"), "{report}");
    bot.stop_ok().await;
}

#[test]
fn zalo_without_its_secret_fails_at_start_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "{}\n[zalo]\napp_id = \"{APP_ID}\"\naccess_token = \"a\"\n",
            support::config_text(&dir.path().join("data"))
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args(["run", "--config", config.to_str().unwrap()])
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("ZALO_OA_SECRET_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ZALO_OA_SECRET_KEY"), "{err}");
    assert!(
        !dir.path().join("data").exists(),
        "the store was not touched"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_acknowledged_before_a_stop_are_still_answered() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let mut bot = zalo_bot(&zalo);
    bot.start_zalo_only(&[]).await;
    let hook = std::sync::Arc::new(bot.webhook());
    let users: Vec<String> = (0..30).map(|i| format!("73{i:02}")).collect();
    let posts: Vec<_> = users
        .iter()
        .map(|u| {
            let (hook, u) = (hook.clone(), u.clone());
            tokio::spawn(async move { hook.text(&u, "ban dong dat may tieu chi").await })
        })
        .collect();
    for p in posts {
        assert_eq!(p.await.unwrap(), 200);
    }
    // Every event got its 200; stop at once.
    bot.stop_ok().await;
    for u in &users {
        assert_eq!(
            zalo.sent_to(u).len(),
            1,
            "{u} answered once: {}",
            bot.logs()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_oa_is_reported_to_the_head_not_dropped() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = zalo_bot(&zalo);
    bot.start(&tg, &[]).await;
    let hook = bot.webhook();
    for u in ["8101", "8102"] {
        assert_eq!(hook.text(u, "/dangky dong").await, 200);
        wait::zalo_wait(&zalo, u, "Đã đăng ký").await;
    }
    // The OA's access is gone: the token expired and the refresh token no longer works.
    zalo.expire_access_token();
    zalo.revoke_refresh_token();

    // The head of Bản Đông broadcasts from Telegram.
    tg.push_text(1001, "/thongbao Họp bản tối nay");
    wait::tg_wait(&tg, 1001, "XEM TRƯỚC").await;
    let (preview, text, _) = wait::latest_with(&tg, 1001, "XEM TRƯỚC");
    assert!(text.contains("(2 người nhận)"), "{text}");
    tg.push_callback(1001, preview, "bcy");
    wait::tg_wait(&tg, 1001, "Báo cáo thông báo").await;
    // Found by what it says: the confirm's answer may reach Telegram after it.
    let report = tg
        .sent_to(1001)
        .into_iter()
        .find(|m| m.text.contains("Báo cáo thông báo"))
        .unwrap()
        .text;
    assert!(report.contains("Đã gửi 0/2"), "{report}");
    assert!(
        report.contains("Zalo: 2 người chưa nhận được") && report.contains("cấp quyền lại"),
        "{report}"
    );
    // Asked once; after Zalo's refusal the bot does not keep asking with the same token.
    assert_eq!(zalo.refused_refreshes(), 1);
    assert!(bot.logs().contains("authorise the app again"));
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_authorisation_gives_the_admin_the_tokens() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let bot = zalo_bot(&zalo);
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_loaban"))
            .args(args)
            .args(["--config", bot.config.to_str().unwrap()])
            .env("ZALO_APP_SECRET_KEY", APP_SECRET)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // Step 2 before step 1: a clear hint.
    let (code, _, err) = run(&["zalo-auth", "code", "abc"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("zalo-auth url"), "{err}");

    let (code, out, err) = run(&[
        "zalo-auth",
        "url",
        "--redirect-uri",
        "https://bot.example.vn/zalo/callback",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let url = out
        .lines()
        .find(|l| l.contains("/v4/oa/permission?"))
        .expect("a permission URL");
    let url = reqwest::Url::parse(url.trim()).unwrap();
    let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(query["app_id"], APP_ID);
    assert_eq!(
        query["redirect_uri"],
        "https://bot.example.vn/zalo/callback"
    );
    assert_eq!(query["code_challenge"].len(), 43);

    // The admin allows access; Zalo issues a code for that challenge.
    zalo.authorize("auth-code-1", &query["code_challenge"]);
    let (code, _, err) = run(&["zalo-auth", "code", "wrong-code"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("-14002"), "{err}");
    zalo.authorize("auth-code-1", &query["code_challenge"]);
    let (code, out, err) = run(&["zalo-auth", "code", "auth-code-1"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("ZALO_ACCESS_TOKEN=access-1"), "{out}");
    assert!(out.contains("ZALO_REFRESH_TOKEN=refresh-1"), "{out}");
    // The verifier is used up.
    let (code, _, _) = run(&["zalo-auth", "code", "auth-code-1"]);
    assert_eq!(code, Some(1));
}

/// Opens a connection that sends half a request's headers and then nothing.
async fn slow_client(port: u16) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    s.write_all(b"POST /zalo/hook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    s
}

/// True when the server closed `s` (a read returns 0 or an error) within `limit`.
async fn closed_within(s: &mut tokio::net::TcpStream, limit: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 512];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // A 408 answer may come first; the close follows.
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_are_cut_off_and_forged_calls_log_one_line_a_minute() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let mut bot = zalo_bot(&zalo);
    bot.start_zalo_only(&[]).await;
    let hook = bot.webhook();

    // 200 slowloris connections: the bot still answers a villager meanwhile.
    let mut slow = Vec::new();
    for _ in 0..200 {
        slow.push(slow_client(bot.port).await);
    }
    assert_eq!(hook.text("7101", "/start").await, 200);
    wait::zalo_wait(&zalo, "7101", "Chào bạn").await;
    // Beyond the cap (256 open), new connections are closed at once.
    let mut extra = Vec::new();
    for _ in 0..80 {
        extra.push(slow_client(bot.port).await);
    }
    let mut closed_at_once = 0;
    for s in &mut extra {
        if closed_within(s, Duration::from_millis(500)).await {
            closed_at_once += 1;
        }
    }
    assert!(
        closed_at_once >= 20,
        "{closed_at_once} of 80 over the cap closed"
    );
    // The slow ones are closed when their 10 s for the headers are up.
    let started = std::time::Instant::now();
    for s in &mut slow {
        assert!(
            closed_within(s, Duration::from_secs(15)).await,
            "a slow client still open after {:?}",
            started.elapsed()
        );
    }
    drop(slow);
    drop(extra);

    // Fifty forged calls: refused, and one warning line, not fifty.
    let (body, _) = hook.text_body("7102", "/dangky dong");
    for _ in 0..50 {
        assert_eq!(hook.post_raw(&body, Some("mac=00")).await, 401);
    }
    assert_eq!(hook.text("7101", "/help").await, 200);
    wait::zalo_wait(&zalo, "7101", "Bạn có thể gõ câu hỏi").await;
    let logs = bot.logs();
    assert_eq!(
        logs.matches("missing or wrong signature").count(),
        1,
        "{logs}"
    );
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zalo_villagers_question_reaches_the_heads_on_both_messengers_and_the_answer_comes_back_on_zalo()
 {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = zalo_bot(&zalo);
    bot.start(&tg, &[]).await;
    let hook = bot.webhook();

    assert_eq!(hook.text("7101", "/dangky dong").await, 200);
    wait::zalo_wait(&zalo, "7101", "Đã đăng ký").await;
    assert_eq!(hook.text("7101", "/hoi qwxz vbnm plkj trâu").await, 200);
    wait::zalo_wait(&zalo, "7101", "sẽ thấy tên").await;
    let consent = zalo.sent_to("7101").pop().unwrap();
    assert!(consent.contains("1️⃣ ✅ Đồng ý gửi"), "{consent}");
    // Typing the number again afterwards means the new message's choices: it never sends
    // the question a second time (counted below).
    assert_eq!(hook.text("7101", "1").await, 200);
    wait::zalo_wait(&zalo, "7101", "Đã gửi câu hỏi #1").await;
    let n = zalo.sent_to("7101").len();
    assert_eq!(hook.text("7101", "1").await, 200);
    wait::zalo_wait_n(&zalo, "7101", n + 1).await;

    // Both heads of Bản Đông get it through the outbox: on Telegram and on Zalo.
    wait::tg_wait(&tg, 1001, "qwxz vbnm plkj trâu").await;
    wait::zalo_wait(&zalo, ZALO_HEAD, "qwxz vbnm plkj trâu").await;
    let question = tg
        .sent_to(1001)
        .into_iter()
        .find(|m| m.text.contains("qwxz vbnm plkj trâu"))
        .unwrap();
    assert_eq!(
        tg.sent_to(1001)
            .iter()
            .filter(|m| m.text.contains("qwxz vbnm plkj trâu"))
            .count(),
        1,
        "forwarded once"
    );
    assert!(
        question.reply_markup.unwrap().to_string().contains("qr:1"),
        "a reply button"
    );

    // The Telegram head replies: button, text, preview, confirm.
    tg.push_callback(1001, question.message_id, "qr:1");
    wait::tg_wait(&tg, 1001, "tin nhắn tiếp theo").await;
    tg.push_text(1001, "Mang trâu lên trạm thú y xã sáng thứ Hai.");
    wait::tg_wait(&tg, 1001, "XEM TRƯỚC").await;
    let (preview, _, _) = wait::latest_with(&tg, 1001, "XEM TRƯỚC");
    tg.push_callback(1001, preview, "qy:1");
    wait::zalo_wait(&zalo, "7101", "Mang trâu lên trạm thú y xã sáng thứ Hai.").await;
    let answer = zalo.sent_to("7101").pop().unwrap();
    assert!(answer.contains("Trả lời câu hỏi #1"), "{answer}");

    // The Zalo head types the reply number the question showed: already answered.
    assert_eq!(hook.text(ZALO_HEAD, "1").await, 200);
    wait::zalo_wait(&zalo, ZALO_HEAD, "đã được trả lời").await;

    bot.stop_ok().await;
}

/// Issue 11 on Zalo: one sender over `[limits] per_person_per_minute` gets one "slow down"
/// and nothing more, others are answered meanwhile; an answer into a closed window (-230)
/// is dropped with its reason, not retried.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zalo_flood_gets_one_slow_down_and_a_closed_window_is_not_retried() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let mut bot = zalo_bot(&zalo);
    std::fs::write(
        &bot.config,
        std::fs::read_to_string(&bot.config).unwrap().replace(
            "[delivery]\n",
            "[limits]\nper_person_per_minute = 5\n\n[delivery]\n",
        ),
    )
    .unwrap();
    bot.start_zalo_only(&[]).await;
    let hook = bot.webhook();
    for i in 0..12 {
        assert_eq!(hook.text("7400", &format!("/trogiup {i}")).await, 200);
    }
    assert_eq!(hook.text("7401", "/trogiup").await, 200);
    close_window(&zalo, "7402");
    assert_eq!(hook.text("7402", "/trogiup").await, 200);
    wait::zalo_wait_n(&zalo, "7401", 1).await;
    wait::zalo_wait(&zalo, "7400", "gửi nhanh quá").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let to_flooder = zalo.sent_to("7400");
    assert_eq!(
        to_flooder
            .iter()
            .filter(|t| t.contains("gửi nhanh quá"))
            .count(),
        1
    );
    assert!(
        to_flooder.last().unwrap().contains("gửi nhanh quá"),
        "nothing after the slow-down: {to_flooder:?}"
    );
    assert!(zalo.sent_to("7402").is_empty());
    let logs = bot.logs();
    assert!(
        logs.contains("answer to zalo:7402 cannot be delivered: -230"),
        "{logs}"
    );
    assert!(
        !logs.contains("answer to zalo:7402 failed"),
        "not retried: {logs}"
    );
    bot.stop_ok().await;
}
