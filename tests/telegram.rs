//! The real `loaban run` binary against a fake Telegram Bot API server on 127.0.0.1: the
//! villager flow, deep links, group chats, broadcasts with blocked users and 429s, SIGKILL
//! and restart mid-broadcast, SIGTERM, refusals, and no token in the logs.

#[path = "support/fake_telegram.rs"]
mod fake_telegram;
#[path = "support/fake_zalo.rs"]
mod fake_zalo;
mod support;
#[path = "support/wait.rs"]
mod wait;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use fake_telegram::{FakeTelegram, Limits};
use support::binary::{RunBot, TG_TOKEN};
use wait::seen_wait;

const HEAD: i64 = 1001;

/// A bot like the shipped one, with Telegram tuned for tests: `telegram` in its
/// `[telegram]` section.
fn test_bot(telegram: &str) -> RunBot {
    test_bot_with_store(telegram, "")
}

/// Like [`test_bot`], with these `[store]` settings.
fn test_bot_with_store(telegram: &str, store: &str) -> RunBot {
    RunBot::new(&format!(
        "[delivery]\nretry_base_seconds = 1\nprogress_seconds = 1\n\n[telegram]\npoll_timeout_seconds = 1\n{telegram}\n\n[store]\n{store}\n"
    ))
}

fn texts(fake: &FakeTelegram, chat: i64) -> Vec<String> {
    fake.sent_to(chat).into_iter().map(|m| m.text).collect()
}

/// Subscribes users `first..first+n` to `hamlet` by deep link, through Telegram.
async fn subscribe_many(fake: &FakeTelegram, first: i64, n: i64, hamlet: &str) {
    for u in first..first + n {
        fake.push_text(u, &format!("/start {hamlet}"));
    }
    let ok = fake
        .wait_until(Duration::from_secs(60), move |f| {
            (first..first + n).all(|u| f.sent_to(u).iter().any(|m| m.text.contains("Đã đăng ký")))
        })
        .await;
    assert!(ok, "all {n} subscribed");
}

/// The head composes and confirms a broadcast by pressing Confirm on the preview.
async fn broadcast(fake: &FakeTelegram, head: i64, text: &str, expect_count: usize) {
    fake.push_text(head, &format!("/thongbao {text}"));
    let want = format!("({expect_count} người nhận)");
    seen_wait(fake, head, &want, 1).await;
    let preview = fake.latest_to(head, "XEM TRƯỚC").unwrap();
    let markup = preview.reply_markup.clone().unwrap().to_string();
    assert!(
        markup.find("bcy").unwrap() < markup.find("\"x\"").unwrap(),
        "Confirm first: {markup}"
    );
    fake.push_callback(head, preview.message_id, "bcy");
    seen_wait(fake, head, "Đang gửi tới", 1).await;
    // The preview itself was edited, not answered with a new message.
    assert!(
        fake.edits()
            .iter()
            .any(|e| e.message_id == preview.message_id && e.text.contains("Đang gửi tới"))
    );
}

fn announcements_to(fake: &FakeTelegram, chat: i64, needle: &str) -> usize {
    fake.sent_to(chat)
        .iter()
        .filter(|m| m.text.contains("Thông báo — ") && m.text.contains(needle))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn villager_flow_groups_and_commands() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot("global_rate = 1000\nper_chat_rate = 1000");
    bot.start(&fake.url, &[]);

    fake.push_text(5001, "/start");
    seen_wait(&fake, 5001, "Chào bạn", 1).await;
    let welcome = fake.sent_to(5001).pop().unwrap();
    assert!(
        welcome.parse_mode.is_none(),
        "plain text, never a parse mode"
    );
    assert!(
        welcome
            .reply_markup
            .unwrap()
            .to_string()
            .contains("inline_keyboard")
    );

    fake.push_text(5001, "ban dong dat may tieu chi");
    seen_wait(&fake, 5001, "Bản Đông đạt 6/16", 1).await;
    let summary = fake.sent_to(5001).pop().unwrap();
    fake.push_callback(5001, summary.message_id, "cr:dong");
    seen_wait(&fake, 5001, "còn phải làm", 1).await;
    assert!(
        fake.wait_until(Duration::from_secs(30), |f| f.callback_answers().len() == 1)
            .await
    );

    // Text with markup characters cannot break a send.
    fake.push_text(5001, "/dangky <b>dong</b> *_`[x]`_*");
    seen_wait(&fake, 5001, "Không tìm thấy bản", 1).await;

    fake.push_text_lang(5002, "/start", Some("en-US"));
    seen_wait(&fake, 5002, "Hello!", 1).await;

    fake.push_sticker(5001);
    seen_wait(&fake, 5001, "chỉ đọc được chữ", 1).await;
    let before = fake.sent_to(5001).len();
    fake.push_edited_text(5001, "tin tuc");
    fake.push_text(5001, "/help");
    seen_wait(&fake, 5001, "Bạn có thể gõ câu hỏi", 1).await;
    assert_eq!(
        fake.sent_to(5001).len(),
        before + 1,
        "the edit got no answer"
    );

    // Groups: only commands addressed to this bot, and private flows refused.
    fake.push_group_text(-100, 5001, "xin chào");
    fake.push_group_text(-100, 5001, "/tieuchi@OtherBot");
    fake.push_group_text(-100, 5001, "/tieuchi@LoaBanTestBot");
    seen_wait(&fake, -100, "11/19", 1).await;
    fake.push_group_text(-100, 5001, "/dangky dong");
    seen_wait(&fake, -100, "nhắn riêng", 1).await;
    assert_eq!(fake.sent_to(-100).len(), 2, "{:?}", texts(&fake, -100));

    // The command menu: Vietnamese by default, English for English users.
    let commands = fake.commands();
    let vi = commands
        .iter()
        .find(|(l, _)| l.is_none())
        .expect("default menu");
    let en = commands
        .iter()
        .find(|(l, _)| l.as_deref() == Some("en"))
        .expect("en menu");
    assert!(vi.1.iter().any(|(c, _)| c == "tieuchi"));
    assert!(en.1.iter().any(|(c, _)| c == "criteria"));

    bot.stop_ok().await;
    let logs = bot.logs();
    assert!(logs.contains("stopped cleanly"), "{logs}");
    assert!(
        !logs.contains("SECRET"),
        "the token leaked into the logs:\n{logs}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcast_with_blocked_users_and_rate_limits() {
    // Telegram enforces 60/s here while the bot is set to 80/s, and answers three sends with
    // 429 whatever the rate (a loaded machine may never reach 60/s): they must be honoured.
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot("global_rate = 80\nper_chat_rate = 1\nconcurrency = 8");
    bot.start(&fake.url, &[]);
    subscribe_many(&fake, 20_000, 200, "dong").await;
    let blocked: Vec<i64> = (20_000..20_200).step_by(20).collect();
    for b in &blocked {
        fake.block(*b);
    }
    fake.set_limits(Limits {
        global_per_sec: Some(60),
        per_chat_per_sec: Some(1),
        retry_after_secs: 1,
    });
    tokio::time::sleep(Duration::from_millis(1100)).await;
    broadcast(&fake, HEAD, "Họp bản 8 giờ sáng Chủ nhật", 200).await;
    // 200 sends at 80/s take 2.5 s at least: these land on the broadcast.
    fake.throttle_next_sends(3);
    seen_wait(&fake, HEAD, "Đã gửi 190/200 · 10 đã chặn bot", 1).await;
    for u in 20_000..20_200 {
        let n = announcements_to(&fake, u, "Họp bản 8 giờ");
        assert_eq!(n, usize::from(!blocked.contains(&u)), "user {u}");
    }
    assert!(
        fake.rejected_429() >= 3,
        "the fake's 429s were answered: {}",
        fake.rejected_429()
    );

    // Blocked users are not counted in the next broadcast; one who blocks by my_chat_member too.
    fake.push_blocked(20_001);
    // Read once a later getUpdates confirmed it: the bot reads updates in order and
    // confirms them only after handling them.
    assert!(
        fake.wait_until(Duration::from_secs(30), |f| f.pending_updates() == 0)
            .await
    );
    fake.push_text(HEAD, "/thongbao Lần hai");
    seen_wait(&fake, HEAD, "(189 người nhận)", 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_broadcast_resumes_after_restart() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot("global_rate = 40\nper_chat_rate = 1\nconcurrency = 6");
    bot.start(&fake.url, &[]);
    subscribe_many(&fake, 30_000, 150, "dong").await;
    fake.set_limits(Limits::telegram());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    broadcast(&fake, HEAD, "Không ai bị bỏ sót", 150).await;
    let started = fake
        .wait_until(Duration::from_secs(30), |f| {
            (30_000..30_150)
                .filter(|u| announcements_to(f, *u, "bỏ sót") > 0)
                .count()
                >= 50
        })
        .await;
    assert!(started);
    bot.signal(libc::SIGKILL);
    bot.wait_exit(Duration::from_secs(5)).await;
    let delivered_before = (30_000..30_150)
        .filter(|u| announcements_to(&fake, *u, "bỏ sót") > 0)
        .count();
    assert!(delivered_before < 150, "killed before the end");

    bot.start(&fake.url, &[]);
    seen_wait(&fake, HEAD, "Đã gửi 150/150", 1).await;
    let mut duplicates = 0;
    for u in 30_000..30_150 {
        let n = announcements_to(&fake, u, "bỏ sót");
        assert!(n >= 1, "user {u} was skipped");
        duplicates += n - 1;
    }
    assert!(
        duplicates <= 6,
        "{duplicates} duplicates; at most the 6 in flight"
    );
    assert_eq!(
        fake.sent_to(HEAD)
            .iter()
            .filter(|m| m.text.contains("Đã gửi 150/150"))
            .count(),
        1
    );
}

/// The report never overtakes the answer that started the notice: here "📤 Đang gửi…" meets
/// a 502 (teloxide waits 10 s before it is tried again) while the two deliveries and the
/// report would be done within a second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_comes_after_the_sending_answer() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot("global_rate = 30\nper_chat_rate = 1\nconcurrency = 4");
    bot.start(&fake.url, &[]);
    subscribe_many(&fake, 70_000, 2, "dong").await;
    fake.push_text(HEAD, "/thongbao Sau câu trả lời");
    seen_wait(&fake, HEAD, "(2 người nhận)", 1).await;
    let preview = fake.latest_to(HEAD, "XEM TRƯỚC").unwrap();
    fake.fail_server(HEAD, 1);
    fake.push_callback(HEAD, preview.message_id, "bcy");
    let done = fake
        .wait_until(Duration::from_secs(60), |f| {
            f.sent_to(HEAD)
                .iter()
                .any(|m| m.text.contains("Đã gửi 2/2"))
        })
        .await;
    assert!(done, "{:?}\n{}", texts(&fake, HEAD), bot.logs());
    // Sent as an edit of the preview, or as a message of its own once the edit failed.
    let sending = fake
        .edits()
        .into_iter()
        .chain(fake.sent_to(HEAD))
        .filter(|m| m.chat_id == HEAD && m.text.contains("Đang gửi tới"))
        .min_by_key(|m| m.at)
        .unwrap_or_else(|| panic!("no sending answer: {:?}", texts(&fake, HEAD)));
    let report = fake
        .sent_to(HEAD)
        .into_iter()
        .find(|m| m.text.contains("Đã gửi 2/2"))
        .unwrap();
    assert!(
        sending.at <= report.at,
        "the report went {:?} before the sending answer",
        sending.at.duration_since(report.at)
    );
    assert_eq!(announcements_to(&fake, 70_000, "Sau câu trả lời"), 1);
}

/// Progress notes go out beside the broadcast: a head whose chat answers slowly (each
/// message to it waits 10 s after a 502) gets notes late, while the notice keeps its pace.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_progress_note_does_not_slow_the_broadcast() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot("global_rate = 40\nper_chat_rate = 1\nconcurrency = 4");
    bot.start(&fake.url, &[]);
    subscribe_many(&fake, 80_000, 120, "dong").await;
    broadcast(&fake, HEAD, "Không chờ ghi chú", 120).await;
    // Every message to the head from now on meets a 502 first: notes take 10 s each.
    fake.fail_server(HEAD, 1_000);
    let all = fake
        .wait_until(Duration::from_secs(90), |f| {
            (80_000..80_120)
                .filter(|u| announcements_to(f, *u, "Không chờ ghi chú") > 0)
                .count()
                == 120
        })
        .await;
    assert!(all, "{}", bot.logs());
    // 120 at 40/s take 3 s, with a note due every second; a note sent inside the claiming
    // would stop the notice for the 10 s it takes.
    let mut at: Vec<_> = fake
        .sent()
        .into_iter()
        .filter(|m| m.text.contains("Không chờ ghi chú") && m.chat_id != HEAD)
        .map(|m| m.at)
        .collect();
    at.sort();
    let longest = at
        .windows(2)
        .map(|w| w[1].duration_since(w[0]))
        .max()
        .unwrap();
    assert!(
        longest < Duration::from_secs(5),
        "the notice stopped for {longest:?}"
    );
}

/// Group commit: with a long linger the outcomes of several senders share one flush, yet each
/// sender waits until its own outcome is flushed before it claims the next. So a SIGKILL
/// still repeats at most the sends in flight (here 8), although many outcomes were waiting
/// for a shared flush at any moment. Were the senders not to wait, they would run far ahead
/// of the flushes and a kill would lose (and repeat) many more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_while_outcomes_wait_for_a_group_commit_repeats_only_sends_in_flight() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot_with_store(
        "global_rate = 1000\nper_chat_rate = 1000\nconcurrency = 8",
        "group_commit_ms = 200",
    );
    bot.start(&fake.url, &[]);
    subscribe_many(&fake, 50_000, 300, "dong").await;
    broadcast(&fake, HEAD, "Ghi chung một lần", 300).await;
    let started = fake
        .wait_until(Duration::from_secs(30), |f| {
            (50_000..50_300)
                .filter(|u| announcements_to(f, *u, "Ghi chung") > 0)
                .count()
                >= 40
        })
        .await;
    assert!(started);
    bot.signal(libc::SIGKILL);
    bot.wait_exit(Duration::from_secs(5)).await;
    let delivered_before = (50_000..50_300)
        .filter(|u| announcements_to(&fake, *u, "Ghi chung") > 0)
        .count();
    assert!(
        delivered_before < 300,
        "killed before the end ({delivered_before} delivered)"
    );

    bot.start(&fake.url, &[]);
    let done = fake
        .wait_until(Duration::from_secs(60), |f| {
            f.sent_to(HEAD)
                .iter()
                .any(|m| m.text.contains("Đã gửi 300/300"))
        })
        .await;
    assert!(done, "{:?}\n{}", texts(&fake, HEAD), bot.logs());
    let mut duplicates = 0;
    for u in 50_000..50_300 {
        let n = announcements_to(&fake, u, "Ghi chung");
        assert!(n >= 1, "user {u} was skipped");
        duplicates += n - 1;
    }
    assert!(
        duplicates <= 8,
        "{duplicates} duplicates; at most the 8 in flight"
    );
}

/// SIGTERM while Telegram cannot be reached at start, its address taking connections and
/// never answering (a dead link that drops no packets back): the bot stops at once rather
/// than waiting out the HTTP client's 17 s for `getMe`, then for each command menu.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_while_telegram_never_answers_at_start_exits_promptly() {
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", silent.local_addr().unwrap());
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((conn, _)) = silent.accept().await {
            open.push(conn);
        }
    });
    let mut bot = test_bot("");
    bot.start(&url, &[]);
    bot.wait_socket().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!bot.logs().contains("connected as"), "{}", bot.logs());
    let took = bot.stop_ok().await;
    assert!(took < Duration::from_secs(3), "{took:?}\n{}", bot.logs());
    held.abort();
}

/// SIGTERM while Telegram has told the bot to wait (a 429 with `retry_after` 30 s) in the
/// middle of a notice, with a villager's answer queued behind the pause: the senders waiting
/// for their turn have sent nothing, so they give their deliveries back, and the answer
/// cannot go before the pause ends, so it is kept: the bot exits at once (it used to wait
/// out the channel's 2.5 s and then the worker's 5 s limit one after the other, 7 s, which
/// the tests' 8 s missed on a loaded machine). On the next start everyone gets the notice
/// once, and the answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_while_telegram_asks_to_wait_exits_promptly_and_resumes() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot("global_rate = 30\nper_chat_rate = 1\nconcurrency = 4");
    bot.start(&fake.url, &[]);
    subscribe_many(&fake, 45_000, 40, "he").await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    broadcast(&fake, 1002, "Sửa đường liên bản", 40).await;
    let got = |f: &FakeTelegram| {
        (45_000..45_040)
            .filter(|u| announcements_to(f, *u, "Sửa đường liên bản") > 0)
            .count()
    };
    assert!(
        fake.wait_until(Duration::from_secs(30), move |f| got(f) >= 3)
            .await
    );
    fake.set_limits(Limits {
        retry_after_secs: 30,
        ..Limits::off()
    });
    fake.throttle_next_sends(1);
    assert!(
        fake.wait_until(Duration::from_secs(30), |f| f.rejected_429() >= 1)
            .await,
        "{}",
        bot.logs()
    );
    fake.push_text(45_000, "/trogiup");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = got(&fake);
    assert!(before < 40, "paused before the end");

    let took = bot.stop_ok().await;
    println!("SIGTERM during a 30 s pause → exit 0 in {took:.2?}");
    assert!(took < Duration::from_secs(3), "{took:?}\n{}", bot.logs());
    assert!(
        !bot.logs().contains("did not stop within"),
        "{}",
        bot.logs()
    );
    // Nothing was sent meanwhile: the pause was honoured to the end.
    assert_eq!(got(&fake), before);

    fake.set_limits(Limits::off());
    bot.start(&fake.url, &[]);
    seen_wait(&fake, 1002, "Đã gửi 40/40", 1).await;
    for u in 45_000..45_040 {
        assert_eq!(
            announcements_to(&fake, u, "Sửa đường liên bản"),
            1,
            "user {u}"
        );
    }
    seen_wait(&fake, 45_000, "Bạn có thể gõ câu hỏi", 1).await;
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_broadcast_finishes_in_flight_and_resumes_without_duplicates() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot("global_rate = 30\nper_chat_rate = 1\nconcurrency = 4");
    bot.start(&fake.url, &[]);
    subscribe_many(&fake, 40_000, 90, "he").await;
    fake.set_limits(Limits::telegram());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    broadcast(&fake, 1002, "Tiêm phòng", 90).await;
    assert!(
        fake.wait_until(Duration::from_secs(30), |f| {
            (40_000..40_090)
                .filter(|u| announcements_to(f, *u, "Tiêm phòng") > 0)
                .count()
                >= 20
        })
        .await
    );
    let took = bot.stop_ok().await;
    assert!(took < Duration::from_secs(5), "{took:?}");
    // A long poll in progress must not hold the exit.
    bot.start(&fake.url, &[]);
    seen_wait(&fake, 1002, "Đã gửi 90/90", 1).await;
    for u in 40_000..40_090 {
        assert_eq!(announcements_to(&fake, u, "Tiêm phòng"), 1, "user {u}");
    }
    // Progress notes reached the head during the long broadcast.
    assert!(
        texts(&fake, 1002)
            .iter()
            .any(|t| t.contains("Vẫn đang gửi"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_heads_cannot_broadcast_and_server_errors_are_retried() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot("global_rate = 1000\nper_chat_rate = 1000");
    bot.start(&fake.url, &[]);
    subscribe_many(&fake, 50_000, 3, "dong").await;
    fake.push_text(50_000, "/thongbao Tin giả");
    seen_wait(&fake, 50_000, "chỉ trưởng bản", 1).await;
    let preview = fake.sent_to(50_000).pop().unwrap();
    fake.push_callback(50_000, preview.message_id, "bcy");
    seen_wait(&fake, 50_000, "Không có gì đang chờ xác nhận", 1).await;
    for u in 50_000..50_003 {
        assert_eq!(announcements_to(&fake, u, "Tin giả"), 0);
    }

    // A 5xx for one recipient: retried, then delivered.
    fake.fail_server(50_002, 1);
    broadcast(&fake, HEAD, "Sau lỗi máy chủ", 3).await;
    assert!(
        fake.wait_until(Duration::from_secs(30), |f| f
            .sent_to(HEAD)
            .iter()
            .any(|m| m.text.contains("Đã gửi 3/3")))
            .await,
        "{:?}",
        texts(&fake, HEAD)
    );
    assert_eq!(announcements_to(&fake, 50_002, "Sau lỗi máy chủ"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_from_heads_are_answered_by_kind_and_size_villagers_hear_the_bot_reads_text() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot("global_rate = 1000\nper_chat_rate = 1000");
    bot.start(&fake.url, &[]);

    // A villager's photo and voice: the short help, as for a sticker.
    fake.push_photo(7001, "AgACphoto-villager", 50_000, Some("ảnh nhà"));
    seen_wait(&fake, 7001, "chỉ đọc được chữ", 1).await;
    fake.push_voice(7001, "AwACvoice-villager", 9_000, None);
    assert!(
        fake.wait_until(Duration::from_secs(10), |f| f
            .sent_to(7001)
            .iter()
            .filter(|m| m.text.contains("chỉ đọc được chữ"))
            .count()
            == 2)
            .await,
        "{:?}",
        texts(&fake, 7001)
    );

    // A head's video and document: which kinds cannot be notices.
    let video = serde_json::json!({"file_id": "BAACvideo", "file_unique_id": "v",
        "file_size": 900_000, "width": 640, "height": 360, "duration": 5,
        "mime_type": "video/mp4"});
    fake.push_file(HEAD, "video", video, Some("Họp bản"));
    seen_wait(&fake, HEAD, "Video, tệp và nhãn dán không gửi được", 1).await;
    let document = serde_json::json!({"file_id": "BQACdoc", "file_unique_id": "d",
        "file_size": 30_000, "file_name": "danh-sach.pdf", "mime_type": "application/pdf"});
    let before = fake.sent_to(HEAD).len();
    fake.push_file(HEAD, "document", document, None);
    assert!(
        fake.wait_until(Duration::from_secs(10), |f| f.sent_to(HEAD).len() > before)
            .await
    );
    assert!(
        fake.sent_to(HEAD)
            .last()
            .unwrap()
            .text
            .contains("Video, tệp và nhãn dán không gửi được")
    );

    // A photo over Telegram's 20 MB download limit: its size and the limit, in MB.
    fake.push_photo(HEAD, "AgACphoto-huge", 25 * 1024 * 1024, None);
    seen_wait(&fake, HEAD, "lớn quá (25 MB, tối đa 20 MB)", 1).await;
    assert_eq!(fake.count("getFile"), 0, "nothing was downloaded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_up_errors_are_clear() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let bot = test_bot("");
    // No token anywhere.
    let out = Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args(["run", "--config", bot.config_arg()])
        .env_remove("TELOXIDE_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("TELOXIDE_TOKEN") && err.contains("loaban console"),
        "{err}"
    );

    // A second process on the same data_dir fails at once.
    let mut first = test_bot("");
    first.start(&fake.url, &[]);
    assert!(
        fake.wait_until(Duration::from_secs(30), |f| f.count("getUpdates") > 0)
            .await
    );
    let second = Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args(["run", "--config", first.config_arg()])
        .env("TELOXIDE_TOKEN", TG_TOKEN)
        .env("TELOXIDE_API_URL", &fake.url)
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1));
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("in use by the running bot"), "{err}");
    assert!(
        err.contains("stop the bot first: `systemctl stop loaban`"),
        "{err}"
    );
    assert_eq!(err.matches("/data").count(), 1, "the path once: {err}");
    assert!(!err.contains("SECRET"));
    let _ = Path::new("");
}

/// Runs an operator command against the config of a running bot.
fn operator(bot: &RunBot, args: &[&str]) -> (i32, String, String) {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--config", bot.config_arg()]);
    let out = Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args(&all)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_use_the_running_bot_through_its_socket() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot("global_rate = 1000\nper_chat_rate = 1000");
    bot.start(&fake.url, &[]);
    subscribe_many(&fake, 60_000, 5, "he").await;
    broadcast(&fake, 1002, "Sao lưu khi đang chạy", 5).await;
    seen_wait(&fake, 1002, "Đã gửi 5/5", 1).await;

    let file = bot.root.join("live.jsonl");
    let (code, out, err) = operator(&bot, &["backup", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("backup written"), "{out}");
    let (code, out, _) = operator(&bot, &["stats"]);
    assert_eq!(code, 0);
    assert!(out.contains("• Bản He: Telegram 5"), "{out}");
    let (_, out, _) = operator(&bot, &["audit"]);
    assert!(
        out.contains("telegram:1002 · gửi thông báo #1 tới Bản He: 5 người nhận"),
        "{out}"
    );
    let (code, out, _) = operator(&bot, &["check-config"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("OK") && out.contains("No change against the store"),
        "{out}"
    );
    // Restore needs the bot stopped.
    let (code, _, err) = operator(&bot, &["restore", file.to_str().unwrap(), "--force"]);
    assert_eq!(code, 1);
    assert!(err.contains("stop it first"), "{err}");

    bot.stop_ok().await;
    // The live backup restores into a fresh store with everything in it.
    let cfg2 = bot.root.join("restored.toml");
    std::fs::write(&cfg2, support::config_text(&bot.root.join("data2"))).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args([
            "restore",
            file.to_str().unwrap(),
            "--config",
            cfg2.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args(["stats", "--config", cfg2.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("• Bản He: Telegram 5") && text.contains("đã gửi 5"),
        "{text}"
    );
    assert!(!bot.logs().contains("SECRET"));
}

/// The head's photo or voice note goes through the same preview and confirm as text, and
/// reaches every subscriber by the head's own `file_id`: no upload and no download, ever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photo_and_voice_notices_reach_telegram_by_file_id_without_upload_or_download() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = test_bot("global_rate = 1000\nper_chat_rate = 1000");
    bot.start(&fake.url, &[]);
    subscribe_many(&fake, 2001, 3, "dong").await;

    // A photo with a caption: previewed with what recipients get, then confirmed.
    fake.push_photo(HEAD, "AgACposter", 120_000, Some("Họp bản 19h tối nay"));
    seen_wait(&fake, HEAD, "Kèm ảnh", 1).await;
    let preview = fake.latest_to(HEAD, "XEM TRƯỚC").unwrap();
    assert!(
        preview.text.contains("Họp bản 19h tối nay"),
        "{}",
        preview.text
    );
    assert!(preview.text.contains("(3 người nhận)"), "{}", preview.text);
    fake.push_callback(HEAD, preview.message_id, "bcy");
    let all_got = |kind: &'static str| {
        move |f: &FakeTelegram| {
            (2001..2004).all(|u| f.media_to(u).iter().filter(|m| m.kind == kind).count() == 1)
        }
    };
    assert!(
        fake.wait_until(Duration::from_secs(30), all_got("photo"))
            .await,
        "{:?}",
        fake.media()
    );
    for u in 2001..2004 {
        let m = &fake.media_to(u)[0];
        assert_eq!(m.file_id, "AgACposter", "the head's own file_id");
        assert!(!m.uploaded);
        let caption = m.caption.as_deref().unwrap();
        assert!(caption.contains("Thông báo — Bản Đông"), "{caption}");
        assert!(caption.contains("Họp bản 19h tối nay"), "{caption}");
        let markup = m.reply_markup.as_ref().unwrap().to_string();
        assert!(
            markup.contains("ak:"),
            "✅ Đã nhận under the photo: {markup}"
        );
        // The notice went as the photo alone, not as a text besides it.
        assert_eq!(announcements_to(&fake, u, "Họp bản 19h"), 0);
    }
    seen_wait(&fake, HEAD, "Đã gửi 3/3", 1).await;

    // A voice note without a caption: "🎤 (tin nhắn thoại)" stands for the text.
    fake.push_voice(HEAD, "AwACvoice-head", 9_000, None);
    seen_wait(&fake, HEAD, "Kèm tin nhắn thoại", 1).await;
    let preview = fake.latest_to(HEAD, "XEM TRƯỚC").unwrap();
    assert!(
        preview.text.contains("🎤 (tin nhắn thoại)"),
        "{}",
        preview.text
    );
    fake.push_callback(HEAD, preview.message_id, "bcy");
    assert!(
        fake.wait_until(Duration::from_secs(30), all_got("voice"))
            .await,
        "{:?}",
        fake.media()
    );
    for u in 2001..2004 {
        let v = fake
            .media_to(u)
            .into_iter()
            .find(|m| m.kind == "voice")
            .unwrap();
        assert_eq!(v.file_id, "AwACvoice-head");
        assert!(!v.uploaded);
        assert!(
            v.caption
                .as_deref()
                .unwrap()
                .contains("🎤 (tin nhắn thoại)")
        );
    }
    assert!(
        fake.wait_until(Duration::from_secs(30), |f| f
            .sent_to(HEAD)
            .iter()
            .filter(|m| m.text.contains("Đã gửi 3/3"))
            .count()
            == 2)
            .await,
        "{:?}",
        texts(&fake, HEAD)
    );

    // A caption too long for Telegram (1024): the photo, then the text with the button.
    let long = "Lịch tiêm phòng cho trâu bò. ".repeat(40);
    fake.push_photo(HEAD, "AgACschedule", 80_000, Some(&long));
    seen_wait(&fake, HEAD, "Kèm ảnh", 1).await;
    let preview = fake.latest_to(HEAD, "XEM TRƯỚC").unwrap();
    fake.push_callback(HEAD, preview.message_id, "bcy");
    assert!(
        fake.wait_until(Duration::from_secs(30), |f| (2001..2004)
            .all(|u| announcements_to(f, u, "Lịch tiêm phòng") == 1))
            .await
    );
    for u in 2001..2004 {
        let photo = fake
            .media_to(u)
            .into_iter()
            .find(|m| m.file_id == "AgACschedule")
            .unwrap();
        assert_eq!(photo.caption, None);
        let text = fake
            .sent_to(u)
            .into_iter()
            .find(|m| m.text.contains("Lịch tiêm phòng"))
            .unwrap();
        assert!(text.message_id > photo.message_id, "the photo first");
        assert!(text.reply_markup.unwrap().to_string().contains("ak:"));
    }

    // Nothing was ever read back from Telegram or sent to it as bytes.
    assert_eq!(fake.count("getFile"), 0);
    assert_eq!(fake.downloads(), 0);
    assert!(
        fake.media().iter().all(|m| !m.uploaded),
        "{:?}",
        fake.media()
    );
    assert_eq!(fake.media().len(), 9, "one send per person and notice");
}
