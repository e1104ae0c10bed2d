//! Waiting for what the fake messengers recorded: each wait polls the fake until its
//! condition holds or a generous deadline (for a loaded 2-core machine) passes, then fails
//! with everything the chat got. Used as `#[path = "support/wait.rs"] mod wait;` beside
//! `fake_telegram` and `fake_zalo`.
#![allow(dead_code)]

use std::time::Duration;

use crate::fake_telegram::FakeTelegram;
use crate::fake_zalo::FakeZalo;

/// How long a wait gives the bot before it fails.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// The texts sent to `chat`, oldest first.
pub fn tg_texts(tg: &FakeTelegram, chat: i64) -> Vec<String> {
    tg.sent_to(chat).into_iter().map(|m| m.text).collect()
}

/// How many messages sent to `chat` contain `needle`.
pub fn tg_count(tg: &FakeTelegram, chat: i64, needle: &str) -> usize {
    tg.sent_to(chat)
        .iter()
        .filter(|m| m.text.contains(needle))
        .count()
}

/// Waits until `chat` was sent a message containing `needle`; returns the latest such text.
pub async fn tg_wait(tg: &FakeTelegram, chat: i64, needle: &str) -> String {
    let n = needle.to_string();
    let found = tg
        .wait_until(DEADLINE, move |f| {
            f.sent_to(chat).iter().any(|m| m.text.contains(&n))
        })
        .await;
    let texts = tg_texts(tg, chat);
    assert!(found, "telegram:{chat} never got {needle:?}: {texts:#?}");
    texts
        .into_iter()
        .rev()
        .find(|t| t.contains(needle))
        .unwrap()
}

/// Waits until `chat` was sent `n` messages containing `needle`, at least.
pub async fn tg_wait_n(tg: &FakeTelegram, chat: i64, needle: &str, n: usize) {
    let s = needle.to_string();
    let found = tg
        .wait_until(DEADLINE, move |f| {
            f.sent_to(chat)
                .iter()
                .filter(|m| m.text.contains(&s))
                .count()
                >= n
        })
        .await;
    assert!(
        found,
        "telegram:{chat} never got {n} × {needle:?}: {:#?}",
        tg_texts(tg, chat)
    );
}

/// Messages to `chat` containing `needle`, sent or edited in place (an answer to a pressed
/// button replaces the message that carried it): the sent ones first, then the edits.
pub fn seen(tg: &FakeTelegram, chat: i64, needle: &str) -> Vec<String> {
    tg.sent_to(chat)
        .into_iter()
        .chain(tg.edits().into_iter().filter(|m| m.chat_id == chat))
        .map(|m| m.text)
        .filter(|t| t.contains(needle))
        .collect()
}

/// Waits until [`seen`] finds `n` such messages; returns the last.
pub async fn seen_wait(tg: &FakeTelegram, chat: i64, needle: &str, n: usize) -> String {
    let s = needle.to_string();
    let found = tg
        .wait_until(DEADLINE, move |f| seen(f, chat, &s).len() >= n)
        .await;
    assert!(
        found,
        "telegram:{chat} never saw {n} × {needle:?}: {:#?}",
        tg_texts(tg, chat)
    );
    seen(tg, chat, needle).pop().unwrap()
}

/// The latest message sent to `chat` containing `needle` (panics if none): its id, its
/// text and its buttons' markup as JSON.
pub fn latest_with(tg: &FakeTelegram, chat: i64, needle: &str) -> (i64, String, String) {
    let m = tg
        .sent_to(chat)
        .into_iter()
        .rev()
        .find(|m| m.text.contains(needle))
        .unwrap_or_else(|| panic!("no {needle:?} in {:#?}", tg_texts(tg, chat)));
    let markup = m.reply_markup.map(|r| r.to_string()).unwrap_or_default();
    (m.message_id, m.text, markup)
}

/// How many messages to Zalo `user` contain `needle`.
pub fn zalo_count(zalo: &FakeZalo, user: &str, needle: &str) -> usize {
    zalo.sent_to(user)
        .iter()
        .filter(|t| t.contains(needle))
        .count()
}

/// Waits until Zalo `user` was sent a message containing `needle`; returns the latest.
pub async fn zalo_wait(zalo: &FakeZalo, user: &str, needle: &str) -> String {
    assert!(
        zalo.wait_until(DEADLINE, |z| z
            .sent_to(user)
            .iter()
            .any(|t| t.contains(needle)))
            .await,
        "zalo:{user} never got {needle:?}: {:#?}",
        zalo.sent_to(user)
    );
    zalo.sent_to(user)
        .into_iter()
        .rev()
        .find(|t| t.contains(needle))
        .unwrap()
}

/// Waits until Zalo `user` was sent `n` messages at least; returns the latest.
pub async fn zalo_wait_n(zalo: &FakeZalo, user: &str, n: usize) -> String {
    assert!(
        zalo.wait_until(DEADLINE, |z| z.sent_to(user).len() >= n)
            .await,
        "zalo:{user} never got {n} messages: {:#?}",
        zalo.sent_to(user)
    );
    zalo.sent_to(user).pop().unwrap()
}
