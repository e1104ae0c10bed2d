//! Checks the fake Telegram server against the real teloxide client: that what it answers
//! deserializes in teloxide, and that its errors surface as the teloxide errors a Telegram
//! channel will have to handle.

#[path = "support/fake_telegram.rs"]
mod fake_telegram;

use std::time::{Duration, Instant};

use fake_telegram::{FakeTelegram, Limits};
use serde_json::Value;
use teloxide::prelude::*;
use teloxide::types::{
    AllowedUpdate, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, ParseMode, UpdateKind,
};
use teloxide::{ApiError, RequestError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn bot(fake: &FakeTelegram) -> Bot {
    Bot::new("123:TEST").set_api_url(fake.url.parse().unwrap())
}

fn keyboard(data: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Có", data)]])
}

/// One HTTP/1.1 request without teloxide, for what teloxide hides (status codes, GET, 5xx
/// bodies it only returns after a 10 s sleep).
async fn raw(fake: &FakeTelegram, method: &str, path: &str, body: &str) -> (u16, Value) {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", fake.port))
        .await
        .unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response[9..12].parse().unwrap();
    let (_, json) = response.split_once("\r\n\r\n").unwrap();
    (status, serde_json::from_str(json).unwrap())
}

#[tokio::test]
async fn get_me_returns_the_bot() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let me = bot(&fake).get_me().await.unwrap();
    assert_eq!(me.username(), "LoaBanTestBot");
    assert!(me.is_bot);
    assert_eq!(me.id.0, 123);
    assert_eq!(fake.count("getMe"), 1);
    assert_eq!(fake.count("GETME"), 1);
    assert_eq!(fake.calls(), ["GetMe"]);
}

#[tokio::test]
async fn set_my_commands_is_recorded_with_and_without_language() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let bot = bot(&fake);
    bot.set_my_commands([BotCommand::new("start", "Bắt đầu")])
        .await
        .unwrap();
    bot.set_my_commands([
        BotCommand::new("start", "Start"),
        BotCommand::new("help_me", "Help"),
    ])
    .language_code("en")
    .await
    .unwrap();
    bot.delete_my_commands().await.unwrap();
    assert_eq!(
        fake.commands(),
        [
            (None, vec![("start".into(), "Bắt đầu".into())]),
            (
                Some("en".into()),
                vec![
                    ("start".into(), "Start".into()),
                    ("help_me".into(), "Help".into())
                ]
            ),
        ]
    );
    assert_eq!(fake.count("deleteMyCommands"), 1);

    // Telegram refuses upper case and non-ASCII command names.
    let err = bot
        .set_my_commands([BotCommand::new("Start", "x")])
        .await
        .unwrap_err();
    assert!(
        matches!(&err, RequestError::Api(ApiError::Unknown(d)) if d == "Bad Request: BOT_COMMAND_INVALID"),
        "{err:?}"
    );
    assert_eq!(fake.commands().len(), 2);
}

#[tokio::test]
async fn send_message_with_inline_keyboard_is_recorded() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let bot = bot(&fake);
    let msg = bot
        .send_message(ChatId(1001), "Xin chào")
        .reply_markup(keyboard("yes"))
        .await
        .unwrap();
    assert_eq!(msg.text(), Some("Xin chào"));
    assert_eq!(msg.chat.id, ChatId(1001));
    assert!(msg.chat.is_private());
    assert_eq!(msg.from.as_ref().unwrap().id.0, 123);
    assert_eq!(msg.reply_markup(), Some(&keyboard("yes")));
    assert_eq!(msg.id.0, 1);

    let second = bot
        .send_message(ChatId(1001), "<b>Hai</b>")
        .parse_mode(ParseMode::Html)
        .await
        .unwrap();
    assert_eq!(second.id.0, 2);
    let other = bot.send_message(ChatId(-5001), "Nhóm").await.unwrap();
    assert_eq!(other.id.0, 1);
    assert!(other.chat.is_group());

    let sent = fake.sent_to(1001);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].text, "Xin chào");
    assert_eq!(sent[0].message_id, 1);
    assert_eq!(sent[0].parse_mode, None);
    let markup = sent[0].reply_markup.as_ref().unwrap();
    assert_eq!(markup["inline_keyboard"][0][0]["callback_data"], "yes");
    assert_eq!(sent[1].parse_mode.as_deref(), Some("HTML"));
    assert!(sent[1].reply_markup.is_none());
    assert_eq!(fake.sent().len(), 3);
    assert_eq!(fake.count("sendMessage"), 3);

    let err = bot.send_message(ChatId(1001), " ").await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageTextIsEmpty)),
        "{err:?}"
    );
    let err = bot
        .send_message(ChatId(1001), "a".repeat(4097))
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageIsTooLong)),
        "{err:?}"
    );
    assert_eq!(fake.sent().len(), 3);
}

#[tokio::test]
async fn edit_message_text_returns_the_message_and_is_recorded() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let bot = bot(&fake);
    let msg = bot
        .send_message(ChatId(1001), "Trước")
        .reply_markup(keyboard("a"))
        .await
        .unwrap();
    let edited = bot
        .edit_message_text(ChatId(1001), msg.id, "Sau")
        .reply_markup(keyboard("b"))
        .await
        .unwrap();
    assert_eq!(edited.id, msg.id);
    assert_eq!(edited.text(), Some("Sau"));
    assert!(edited.edit_date().is_some());
    assert_eq!(edited.reply_markup(), Some(&keyboard("b")));

    let edits = fake.edits();
    assert_eq!(edits.len(), 1);
    assert_eq!(
        (edits[0].chat_id, edits[0].message_id),
        (1001, msg.id.0 as i64)
    );
    assert_eq!(edits[0].text, "Sau");
    assert!(edits[0].reply_markup.is_some());
    assert_eq!(fake.sent().len(), 1, "an edit is not a send");

    // Same text and keyboard again: Telegram refuses, and teloxide names it.
    let err = bot
        .edit_message_text(ChatId(1001), msg.id, "Sau")
        .reply_markup(keyboard("b"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::MessageNotModified)),
        "{err:?}"
    );
    // Dropping the keyboard is a modification.
    bot.edit_message_text(ChatId(1001), msg.id, "Sau")
        .await
        .unwrap();
    assert_eq!(fake.edits().len(), 2);
}

#[tokio::test]
async fn callback_query_carries_the_message_and_is_answered_once() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let bot = bot(&fake);
    let msg = bot
        .send_message(ChatId(1001), "Chọn")
        .reply_markup(keyboard("yes"))
        .await
        .unwrap();
    fake.push_callback(1001, msg.id.0 as i64, "yes");
    fake.push_callback(1001, msg.id.0 as i64, "yes");
    let updates = bot.get_updates().await.unwrap();
    let queries: Vec<_> = updates
        .iter()
        .map(|u| match &u.kind {
            UpdateKind::CallbackQuery(q) => q.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_ne!(queries[0].id, queries[1].id);
    let q = &queries[0];
    assert_eq!(q.data.as_deref(), Some("yes"));
    assert_eq!(q.from.id.0, 1001);
    let shown = q.regular_message().unwrap();
    assert_eq!(shown.id, msg.id);
    assert_eq!(shown.text(), Some("Chọn"));
    assert_eq!(shown.reply_markup(), Some(&keyboard("yes")));

    bot.answer_callback_query(q.id.clone()).await.unwrap();
    assert_eq!(fake.callback_answers(), [q.id.to_string()]);
    let err = bot.answer_callback_query(q.id.clone()).await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::InvalidQueryId)),
        "{err:?}"
    );
    assert_eq!(fake.callback_answers().len(), 1);
    assert_eq!(fake.count("answerCallbackQuery"), 2);
}

#[tokio::test]
async fn long_poll_returns_as_soon_as_an_update_is_pushed() {
    let fake = std::sync::Arc::new(FakeTelegram::start(Limits::off()).await);
    let bot = bot(&fake);
    let pusher = fake.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        pusher.push_text(1001, "chào");
    });
    let t0 = Instant::now();
    let updates = bot.get_updates().timeout(5).await.unwrap();
    let waited = t0.elapsed();
    assert_eq!(updates.len(), 1);
    assert!(waited >= Duration::from_millis(150), "{waited:?}");
    assert!(waited < Duration::from_secs(1), "{waited:?}");

    // Nothing new: the poll holds for the whole timeout and returns empty.
    let t0 = Instant::now();
    let next = updates[0].id.as_offset();
    let updates = bot.get_updates().offset(next).timeout(1).await.unwrap();
    let waited = t0.elapsed();
    assert!(updates.is_empty());
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
    assert!(waited < Duration::from_secs(2), "{waited:?}");
}

#[tokio::test]
async fn offsets_confirm_updates_and_limit_caps_batches() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let bot = bot(&fake);
    let ids: Vec<i64> = (0..3)
        .map(|i| fake.push_text(1001, &format!("m{i}")))
        .collect();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(fake.pending_updates(), 3);

    let first = bot.get_updates().limit(2).await.unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(first[0].id.0, 1);
    // Delivered but unconfirmed updates come again.
    let again = bot.get_updates().await.unwrap();
    assert_eq!(again.len(), 3);
    assert_eq!(fake.pending_updates(), 3);

    let rest = bot
        .get_updates()
        .offset(first[1].id.as_offset())
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].id.0, 3);
    assert_eq!(fake.pending_updates(), 1);
    let none = bot
        .get_updates()
        .offset(rest[0].id.as_offset())
        .timeout(0)
        .await
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(fake.pending_updates(), 0);

    // A negative offset keeps only the newest updates (teloxide's drop_pending_updates).
    for i in 0..3 {
        fake.push_text(1001, &format!("n{i}"));
    }
    let last = bot.get_updates().offset(-1).await.unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].id.0, 6);
}

#[tokio::test]
async fn pushed_updates_deserialize_in_teloxide() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let bot = bot(&fake);
    let sent = bot
        .send_message(ChatId(1001), "Menu")
        .reply_markup(keyboard("x"))
        .await
        .unwrap();
    fake.push_text_lang(1001, "xin chào", Some("vi"));
    fake.push_group_text(-5001, 1002, "/start@LoaBanTestBot");
    fake.push_callback(1001, sent.id.0 as i64, "x");
    fake.push_edited_text(1001, "xin chào!");
    fake.push_sticker(1001);
    fake.push_blocked(1003);
    // Callback on a message this fake never sent: still a regular message, with empty text.
    fake.push_callback(1004, 77, "old");

    let updates = bot.get_updates().await.unwrap();
    assert_eq!(updates.len(), 7);
    for u in &updates {
        assert!(!matches!(u.kind, UpdateKind::Error(_)), "{:?}", u.kind);
    }
    match &updates[0].kind {
        UpdateKind::Message(m) => {
            assert_eq!(m.text(), Some("xin chào"));
            assert!(m.chat.is_private());
            assert_eq!(m.chat.id, ChatId(1001));
            let from = m.from.as_ref().unwrap();
            assert_eq!(from.id.0, 1001);
            assert!(!from.is_bot);
            assert_eq!(from.language_code.as_deref(), Some("vi"));
            // The bot's message took id 1 in this chat.
            assert_eq!(m.id.0, 2);
        }
        other => panic!("{other:?}"),
    }
    match &updates[1].kind {
        UpdateKind::Message(m) => {
            assert!(m.chat.is_group());
            assert_eq!(m.chat.id, ChatId(-5001));
            assert_eq!(m.chat.title(), Some("Group -5001"));
            assert_eq!(m.from.as_ref().unwrap().id.0, 1002);
            assert_eq!(m.text(), Some("/start@LoaBanTestBot"));
        }
        other => panic!("{other:?}"),
    }
    match &updates[2].kind {
        UpdateKind::CallbackQuery(q) => {
            assert_eq!(q.data.as_deref(), Some("x"));
            assert_eq!(q.regular_message().unwrap().text(), Some("Menu"));
        }
        other => panic!("{other:?}"),
    }
    match &updates[3].kind {
        UpdateKind::EditedMessage(m) => {
            assert_eq!(m.text(), Some("xin chào!"));
            assert_eq!(m.id.0, 2, "edits the user's last message");
            assert!(m.edit_date().is_some());
        }
        other => panic!("{other:?}"),
    }
    match &updates[4].kind {
        UpdateKind::Message(m) => {
            assert!(m.sticker().is_some());
            assert_eq!(m.text(), None);
        }
        other => panic!("{other:?}"),
    }
    match &updates[5].kind {
        UpdateKind::MyChatMember(c) => {
            assert_eq!(c.chat.id, ChatId(1003));
            assert_eq!(c.from.id.0, 1003);
            assert!(c.old_chat_member.kind.is_member());
            assert!(c.new_chat_member.kind.is_banned());
            assert_eq!(c.new_chat_member.user.id.0, 123);
        }
        other => panic!("{other:?}"),
    }
    match &updates[6].kind {
        UpdateKind::CallbackQuery(q) => {
            let m = q.regular_message().unwrap();
            assert_eq!(m.id.0, 77);
            assert_eq!(m.text(), Some(""));
        }
        other => panic!("{other:?}"),
    }
    // Blocking is real: the bot can no longer write to that user.
    let err = bot.send_message(ChatId(1003), "hi").await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::BotBlocked)),
        "{err:?}"
    );
    fake.push_unblocked(1003);
    bot.send_message(ChatId(1003), "hi").await.unwrap();
}

#[tokio::test]
async fn allowed_updates_persist_like_telegram() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let bot = bot(&fake);
    let none = bot
        .get_updates()
        .allowed_updates([AllowedUpdate::Message])
        .timeout(0)
        .await
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(fake.allowed_updates(), Some(vec!["message".to_owned()]));
    fake.push_blocked(1001);
    fake.push_text(1001, "chào");
    // Later calls do not repeat allowed_updates (teloxide sends it once); it still holds.
    let updates = bot.get_updates().await.unwrap();
    assert_eq!(updates.len(), 1);
    assert!(matches!(updates[0].kind, UpdateKind::Message(_)));
    assert_eq!(fake.pending_updates(), 1);
}

#[tokio::test]
async fn a_second_get_updates_ends_the_waiting_one_with_409() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let bot = bot(&fake);
    let first = tokio::spawn({
        let bot = bot.clone();
        async move { bot.get_updates().timeout(5).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let t0 = Instant::now();
    bot.get_updates().timeout(0).await.unwrap();
    let err = first.await.unwrap().unwrap_err();
    assert!(t0.elapsed() < Duration::from_secs(1));
    assert!(
        matches!(
            err,
            RequestError::Api(ApiError::TerminatedByOtherGetUpdates)
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn blocked_and_deactivated_chats_give_teloxide_errors() {
    let fake = FakeTelegram::start(Limits::telegram()).await;
    let bot = bot(&fake);
    let msg = bot.send_message(ChatId(2001), "trước").await.unwrap();
    fake.block(2001);
    fake.deactivate(2002);
    let err = bot.send_message(ChatId(2001), "hi").await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::BotBlocked)),
        "{err:?}"
    );
    let err = bot
        .edit_message_text(ChatId(2001), msg.id, "sau")
        .await
        .unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::BotBlocked)),
        "{err:?}"
    );
    let err = bot.send_message(ChatId(2002), "hi").await.unwrap_err();
    assert!(
        matches!(err, RequestError::Api(ApiError::UserDeactivated)),
        "{err:?}"
    );
    // 403s are checked before the flood limits and neither recorded nor counted as 429.
    assert_eq!(fake.sent().len(), 1);
    assert!(fake.edits().is_empty());
    assert_eq!(fake.rejected_429(), 0);
    assert_eq!(fake.count("sendMessage"), 3);
}

#[tokio::test]
async fn per_chat_limit_gives_retry_after() {
    let fake = FakeTelegram::start(Limits::telegram()).await;
    let bot = bot(&fake);
    bot.send_message(ChatId(3001), "một").await.unwrap();
    let err = bot.send_message(ChatId(3001), "hai").await.unwrap_err();
    match err {
        RequestError::RetryAfter(s) => assert_eq!(s.seconds(), 1),
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.rejected_429(), 1);
    assert_eq!(fake.sent().len(), 1);
    // Another chat is not affected, and the first one opens again after a second.
    bot.send_message(ChatId(3002), "ba").await.unwrap();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    bot.send_message(ChatId(3001), "bốn").await.unwrap();
    assert_eq!(fake.sent().len(), 3);
    assert_eq!(fake.rejected_429(), 1);
}

#[tokio::test]
async fn global_limit_allows_thirty_a_second() {
    let fake = FakeTelegram::start(Limits::telegram()).await;
    let bot = bot(&fake);
    let mut limited = 0;
    for chat in 0..31 {
        match bot.send_message(ChatId(4000 + chat), "tin").await {
            Ok(_) => {}
            Err(RequestError::RetryAfter(_)) => limited += 1,
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!(limited, 1);
    assert_eq!(fake.rejected_429(), 1);
    assert_eq!(fake.sent().len(), 30);

    fake.set_limits(Limits::off());
    bot.send_message(ChatId(4000), "tự do").await.unwrap();
}

#[tokio::test]
async fn server_failure_answers_502_and_teloxide_backs_off() {
    let fake = FakeTelegram::start(Limits::off()).await;
    fake.fail_server(5001, 2);

    let (status, body) = raw(
        &fake,
        "POST",
        "/bot123:TEST/sendMessage",
        r#"{"chat_id":5001,"text":"x"}"#,
    )
    .await;
    assert_eq!(status, 502);
    assert_eq!(body["ok"], false);
    assert_eq!(body["error_code"], 502);
    assert_eq!(body["description"], "Bad Gateway");

    // teloxide sleeps 10 s on any 5xx before returning; seeing it still pending after 1 s,
    // with the 502 served, is the observable sign that the failure reached it.
    let bot = bot(&fake);
    let pending =
        tokio::time::timeout(Duration::from_secs(1), bot.send_message(ChatId(5001), "x")).await;
    assert!(pending.is_err(), "{pending:?}");
    assert_eq!(fake.served_5xx(), 2);
    assert!(fake.sent().is_empty());

    bot.send_message(ChatId(5001), "x").await.unwrap();
    assert_eq!(fake.sent().len(), 1);
}

/// Takes 10 s (teloxide's delay after a 5xx): run with `--ignored` to see what surfaces.
#[tokio::test]
#[ignore]
async fn server_failure_surfaces_after_teloxides_delay() {
    let fake = FakeTelegram::start(Limits::off()).await;
    fake.fail_server(5001, 1);
    let t0 = Instant::now();
    let err = bot(&fake)
        .send_message(ChatId(5001), "x")
        .await
        .unwrap_err();
    println!("after {:?}: {err:?}", t0.elapsed());
    assert!(
        matches!(&err, RequestError::Api(ApiError::Unknown(d)) if d == "Bad Gateway"),
        "{err:?}"
    );
}

#[tokio::test]
async fn raw_protocol_details() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let (status, body) = raw(&fake, "POST", "/bot123:TEST/noSuchMethod", "{}").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        serde_json::json!({"ok":false,"error_code":404,"description":"Not Found: method not found"})
    );

    let (status, body) = raw(&fake, "GET", "/bot42:OTHER/getMe", "").await;
    assert_eq!(status, 200);
    assert_eq!(body["result"]["username"], "LoaBanTestBot");

    let (status, body) = raw(
        &fake,
        "GET",
        "/bot42:OTHER/sendMessage?chat_id=7&text=xin%20ch%C3%A0o",
        "",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(fake.sent_to(7)[0].text, "xin chào");

    let (status, body) = raw(&fake, "POST", "/bot1:T/getWebhookInfo", "").await;
    assert_eq!(status, 200);
    assert_eq!(body["result"]["url"], "");

    // Only method names are kept, never tokens.
    assert_eq!(
        fake.calls(),
        ["noSuchMethod", "getMe", "sendMessage", "getWebhookInfo"]
    );
}

#[tokio::test]
async fn teloxide_dispatcher_runs_against_the_fake() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let bot = bot(&fake);
    let handler = Update::filter_message().endpoint(|bot: Bot, msg: Message| async move {
        let text = msg.text().unwrap_or_default().to_owned();
        bot.send_message(msg.chat.id, format!("echo: {text}"))
            .await?;
        respond(())
    });
    let mut dispatcher = Dispatcher::builder(bot, handler).build();
    let shutdown = dispatcher.shutdown_token();
    let running = tokio::spawn(async move { dispatcher.dispatch().await });

    fake.push_text(1001, "một");
    assert!(
        fake.wait_until(Duration::from_secs(30), |f| f.sent_count() == 1)
            .await
    );
    assert_eq!(fake.sent_to(1001)[0].text, "echo: một");
    // Only message handlers: the dispatcher subscribes to messages alone.
    assert_eq!(fake.allowed_updates(), Some(vec!["message".to_owned()]));

    loop {
        match shutdown.shutdown() {
            Ok(done) => {
                done.await;
                break;
            }
            // Not running yet.
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
    running.await.unwrap();
    let calls = fake.calls();
    println!("dispatcher calls: {calls:?}");
    assert_eq!(calls[0], "GetWebhookInfo");
    assert_eq!(calls[1], "GetMe");
    assert_eq!(fake.count("deleteWebhook"), 0);
    assert_eq!(
        fake.pending_updates(),
        0,
        "shutdown confirms the last offset"
    );
}

/// One quick throughput figure: `cargo test --release --test fake_telegram_selftest --
/// --ignored throughput --nocapture`.
#[test]
#[ignore]
fn throughput_send_message() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let fake = FakeTelegram::start(Limits::off()).await;
        let bot = bot(&fake);
        const TOTAL: i64 = 10_000;
        const TASKS: i64 = 32;
        let t0 = Instant::now();
        let tasks: Vec<_> = (0..TASKS)
            .map(|t| {
                let bot = bot.clone();
                tokio::spawn(async move {
                    for i in 0..TOTAL / TASKS + i64::from(t < TOTAL % TASKS) {
                        bot.send_message(ChatId(t * 1000 + i), "tin").await.unwrap();
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        let took = t0.elapsed();
        assert_eq!(fake.sent_count(), TOTAL as usize);
        println!(
            "{TOTAL} sendMessage in {took:?}: {:.0}/s",
            TOTAL as f64 / took.as_secs_f64()
        );
    });
}

#[tokio::test]
async fn throttled_sends_get_retry_after_whatever_the_rate() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let bot = bot(&fake);
    fake.throttle_next_sends(2);
    for chat in [5001, 5002] {
        match bot.send_message(ChatId(chat), "tin").await {
            Err(RequestError::RetryAfter(s)) => assert_eq!(s.seconds(), 1),
            other => panic!("{other:?}"),
        }
    }
    bot.send_message(ChatId(5001), "tin").await.unwrap();
    assert_eq!(fake.rejected_429(), 2);
    assert_eq!(fake.sent().len(), 1);
}
