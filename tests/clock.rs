//! The controllable clock of a running bot: `LOABAN_TEST_CLOCK=1` lets the control socket
//! move it forward (a warning in the log says so), without it the request is refused; days
//! moved forward count for notices at once (an acknowledgement after `valid_days` is too
//! late), and a restart keeps them with `LOABAN_TEST_CLOCK_OFFSET`.

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
use mixed_hamlet::{Bot, FAST_TELEGRAM};
use wait::tg_wait;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_test_setting_the_clock_cannot_be_moved() {
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::telegram_only(FAST_TELEGRAM);
    bot.start(&tg, &[]).await;
    let r = support::try_advance_clock(&bot.data, chrono::Duration::days(9)).await;
    assert!(!r.ok, "{}", r.output);
    assert!(r.output.contains("LOABAN_TEST_CLOCK=1"), "{}", r.output);
    assert!(!bot.process.logs().contains("TEST CLOCK is on"));
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn days_moved_forward_count_for_notices_and_survive_a_restart() {
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::telegram_only(FAST_TELEGRAM);
    bot.start(&tg, &[support::TEST_CLOCK]).await;
    assert!(
        bot.process.logs().contains("TEST CLOCK is on"),
        "a warning at start"
    );
    for u in [6001, 6002] {
        tg.push_text(u, "/start dong");
        tg_wait(&tg, u, "Đã đăng ký").await;
    }
    tg.push_text(1001, "/thongbao Họp bản tối nay lúc 19h");
    tg_wait(&tg, 1001, "(2 người nhận)").await;
    let preview = tg.sent_to(1001).pop().unwrap();
    tg.push_callback(1001, preview.message_id, "bcy");
    tg_wait(&tg, 1001, "Báo cáo thông báo").await;
    let notice = |u| {
        tg.sent_to(u)
            .into_iter()
            .find(|m| m.text.contains("Họp bản tối nay"))
            .unwrap()
    };
    let (n1, n2) = (notice(6001), notice(6002));

    // Six days on: still within valid_days (7), so 6001's press counts.
    let answer = support::advance_clock(&bot.data, chrono::Duration::days(6)).await;
    assert!(
        answer.starts_with("clock advanced by 518400 s; now "),
        "{answer}"
    );
    tg.push_callback(6001, n1.message_id, "ak:1");
    tg_wait(&tg, 6001, "Đã ghi nhận bạn đã nhận thông báo số 1").await;

    // Restarted two days further on (day 8): 6002's press is too late.
    bot.stop_ok().await;
    let eight_days = (8 * 86_400).to_string();
    bot.start(
        &tg,
        &[
            support::TEST_CLOCK,
            ("LOABAN_TEST_CLOCK_OFFSET", eight_days.as_str()),
        ],
    )
    .await;
    tg.push_callback(6002, n2.message_id, "ak:1");
    tg_wait(&tg, 6002, "Thông báo số 1 đã hết hạn").await;
    bot.stop_ok().await;
}
