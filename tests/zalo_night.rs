//! Zalo's own night rule end to end: the real binary over the fake Telegram and the fake
//! Zalo OA, with the test clock. An urgent notice at 22:30 goes to Telegram at once; Zalo
//! refuses its consultation messages for the night (-234), so the Zalo part is held until
//! 06:00, not failed; the head hears how many Zalo people get it at 06:00, and in the
//! morning they do, and the final report counts them as sent.

#[path = "support/fake_telegram.rs"]
mod fake_telegram;
#[path = "support/fake_zalo.rs"]
mod fake_zalo;
#[path = "support/mixed_hamlet.rs"]
mod mixed_hamlet;
#[path = "support/steps.rs"]
mod steps;
mod support;
#[path = "support/wait.rs"]
mod wait;

use chrono::{DateTime, Utc};
use fake_telegram::{FakeTelegram, Limits};
use fake_zalo::FakeZalo;
use mixed_hamlet::{Bot, FAST_TELEGRAM, HEAD, TG_PEOPLE, ZALO_PEOPLE, mixed_hamlet};
use steps::press;
use wait::{tg_wait, zalo_count, zalo_wait};

const NIGHT: &str = "Zalo does not allow this message at night (22h-6h)";

fn next_local(h: u32, m: u32) -> DateTime<Utc> {
    support::local_time::next_local(h, m, chrono::Duration::zero())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_notice_at_night_reaches_telegram_now_and_zalo_at_six() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::new(Some(&zalo), FAST_TELEGRAM, "");
    let evening = next_local(22, 30);
    bot.start_clock(&tg, evening - Utc::now()).await;
    let hook = bot.webhook();
    mixed_hamlet(&tg, &zalo, &hook).await;
    // Night by Zalo's rule: every consultation message is refused with -234.
    for u in ZALO_PEOPLE {
        zalo.fail_user(u, -234, NIGHT);
    }

    tg.push_text(
        HEAD,
        "/khancap Nước suối lên nhanh, các hộ ven suối lên nhà văn hóa ngay",
    );
    tg_wait(&tg, HEAD, "XEM TRƯỚC TIN KHẨN").await;
    press(&tg, HEAD, "bcu");
    for u in TG_PEOPLE {
        let got = tg_wait(&tg, u, "Nước suối lên nhanh").await;
        assert!(got.starts_with("🚨 KHẨN"), "{got}");
    }
    let note = tg_wait(&tg, HEAD, "sẽ nhận lúc 06:00").await;
    assert!(note.contains("đã gửi 3/7"), "{note}");
    assert!(note.contains("4 người Zalo sẽ nhận lúc 06:00"), "{note}");
    assert!(note.contains("ban đêm"), "{note}");
    // Not failed: no final report yet, nothing on Zalo.
    assert_eq!(wait::tg_count(&tg, HEAD, "Báo cáo thông báo"), 0);
    for u in ZALO_PEOPLE {
        assert_eq!(zalo_count(&zalo, u, "Nước suối"), 0, "zalo:{u}");
    }

    // Morning: Zalo takes messages again; at 06:00 the held part goes.
    for u in ZALO_PEOPLE {
        zalo.allow_user(u);
    }
    bot.advance(chrono::Duration::minutes(7 * 60 + 31)).await;
    for u in ZALO_PEOPLE {
        zalo_wait(&zalo, u, "Nước suối lên nhanh").await;
        assert_eq!(zalo_count(&zalo, u, "Nước suối"), 1, "zalo:{u} once");
    }
    let report = tg_wait(&tg, HEAD, "Báo cáo thông báo").await;
    assert!(report.contains("Đã gửi 7/7"), "{report}");
    for u in TG_PEOPLE {
        assert_eq!(wait::tg_count(&tg, u, "Nước suối"), 1, "telegram:{u} once");
    }
    bot.stop_ok().await;
}
