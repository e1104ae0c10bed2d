//! A scenario's steps over the fake Telegram, as people take them: typing and waiting for
//! the answer, pressing a button of the last message, subscribing to Bản Đông, a head's
//! scheduled notice from the command to the confirmed time, and counting the notices a
//! villager got. Every wait is [`seen_wait`]'s: a message sent, or one a pressed button
//! replaced in place. Used as `#[path = "support/steps.rs"] mod steps;` beside
//! `fake_telegram` and `wait`.
#![allow(dead_code)]

use crate::fake_telegram::FakeTelegram;
use crate::wait::seen_wait;

/// Waits until `chat` was sent, or had a pressed message replaced with, a text containing
/// `needle`; returns the newest such text.
pub async fn seen(tg: &FakeTelegram, chat: i64, needle: &str) -> String {
    seen_wait(tg, chat, needle, 1).await
}

/// Presses `payload` on the last message `chat` got.
pub fn press(tg: &FakeTelegram, chat: i64, payload: &str) {
    let last = tg.sent_to(chat).pop().expect("a message to press on");
    tg.push_callback(chat, last.message_id, payload);
}

/// `chat` types `text`; waits for the answer containing `expect` and returns it.
pub async fn say(tg: &FakeTelegram, chat: i64, text: &str, expect: &str) -> String {
    tg.push_text(chat, text);
    seen(tg, chat, expect).await
}

/// `chat` presses `payload` on the last message it got; waits for the answer containing
/// `expect` and returns it.
pub async fn press_for(tg: &FakeTelegram, chat: i64, payload: &str, expect: &str) -> String {
    press(tg, chat, payload);
    seen(tg, chat, expect).await
}

/// Each of `users` subscribes to Bản Đông ("/start dong") and is told so.
pub async fn subscribe(tg: &FakeTelegram, users: &[i64]) {
    for u in users {
        say(tg, *u, "/start dong", "Đã đăng ký").await;
    }
}

/// `head` schedules "/hengio WHEN | TEXT" and confirms the time read back.
pub async fn schedule(tg: &FakeTelegram, head: i64, when: &str, text: &str) {
    say(
        tg,
        head,
        &format!("/hengio {when} | {text}"),
        "— đúng không?",
    )
    .await;
    press_for(tg, head, "bcsy", "Đã hẹn giờ").await;
}

/// How many of Bản Đông's notices `chat` was sent with `needle` in them.
pub fn notices_to(tg: &FakeTelegram, chat: i64, needle: &str) -> usize {
    tg.sent_to(chat)
        .iter()
        .filter(|m| m.text.starts_with("📢 Thông báo — Bản Đông") && m.text.contains(needle))
        .count()
}
