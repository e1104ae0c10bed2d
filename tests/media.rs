//! Photo and voice notices end to end: the real binary over the fake Telegram and the fake
//! Zalo OA, in a hamlet whose people are on both. Telegram people get the head's file by its
//! `file_id`; Zalo people get a photo through one `upload/image` per notice (never again
//! after a restart) and a voice note as text, which the head's report counts; an upload that
//! keeps failing, or a photo too large for Zalo, leaves Zalo people the text and the report
//! says why; a head on Zalo sends a photo the same way.

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

use fake_telegram::{FakeTelegram, Limits};
use fake_zalo::FakeZalo;
use mixed_hamlet::{Bot, FAST_TELEGRAM, HEAD, TG_PEOPLE, ZALO_PEOPLE, mixed_hamlet};
use wait::{DEADLINE, tg_wait, zalo_count, zalo_wait};

/// A small JPEG as far as anyone checks (its magic bytes).
fn jpeg(len: usize) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0];
    b.resize(len, 0x42);
    b
}

/// The head presses ✅ Gửi ngay on their latest preview.
async fn confirm_latest_preview(tg: &FakeTelegram) {
    tg_wait(tg, HEAD, "XEM TRƯỚC").await;
    let preview = tg.latest_to(HEAD, "XEM TRƯỚC").unwrap();
    tg.push_callback(HEAD, preview.message_id, "bcy");
}

async fn started(zalo: &FakeZalo, tg: &FakeTelegram) -> (Bot, fake_zalo::Webhook) {
    let mut bot = Bot::new(Some(zalo), FAST_TELEGRAM, "");
    bot.start(tg, &[]).await;
    let hook = bot.webhook();
    mixed_hamlet(tg, zalo, &hook).await;
    (bot, hook)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_reaches_telegram_by_file_id_and_zalo_through_one_upload() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let (mut bot, _hook) = started(&zalo, &tg).await;
    tg.put_file("AgACposter", jpeg(150_000));

    tg.push_photo(
        HEAD,
        "AgACposter",
        150_000,
        Some("Họp bản 19h tối nay ở nhà văn hóa"),
    );
    confirm_latest_preview(&tg).await;
    for u in ZALO_PEOPLE {
        let text = zalo_wait(&zalo, u, "Họp bản 19h").await;
        assert!(text.contains("Thông báo — Bản Đông"), "{text}");
        assert!(text.contains("Nhắn 1 nếu đã nhận"), "{text}");
        assert_eq!(
            zalo.images_to(u),
            ["att-1"],
            "zalo:{u}: the one upload's image"
        );
    }
    let report = tg_wait(&tg, HEAD, "Báo cáo thông báo").await;
    assert!(report.contains("Đã gửi 7/7"), "{report}");
    assert!(!report.contains("chỉ nhận được chữ"), "{report}");
    for u in TG_PEOPLE {
        let got = tg.media_to(u);
        assert_eq!(got.len(), 1, "telegram:{u}");
        assert_eq!(got[0].file_id, "AgACposter");
        assert!(!got[0].uploaded);
    }
    // The photo was read from Telegram once and uploaded to Zalo once, for 4 Zalo people.
    assert_eq!(zalo.uploads(), [(150_000, "image/jpeg".to_string())]);
    assert_eq!(tg.count("getFile"), 1);
    assert_eq!(tg.downloads(), 1);
    assert!(tg.media().iter().all(|m| !m.uploaded));
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voice_note_reaches_telegram_and_zalo_people_get_the_text_counted_in_the_report() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let (mut bot, _hook) = started(&zalo, &tg).await;

    tg.push_voice(
        HEAD,
        "AwACvoice",
        9_000,
        Some("Tiêm phòng trâu bò sáng mai"),
    );
    let preview = tg_wait(&tg, HEAD, "XEM TRƯỚC").await;
    assert!(
        preview.contains("người dùng Zalo chỉ nhận được chữ"),
        "{preview}"
    );
    confirm_latest_preview(&tg).await;
    for u in ZALO_PEOPLE {
        let text = zalo_wait(&zalo, u, "Tiêm phòng trâu bò").await;
        assert!(text.contains("tin thoại không gửi được tới bạn"), "{text}");
        assert!(zalo.images_to(u).is_empty());
    }
    for u in TG_PEOPLE {
        assert!(
            tg.wait_until(DEADLINE, |f| f.media_to(u).len() == 1).await,
            "telegram:{u}: {:?}",
            tg.media()
        );
        let v = &tg.media_to(u)[0];
        assert_eq!(
            (v.kind.as_str(), v.file_id.as_str()),
            ("voice", "AwACvoice")
        );
    }
    let report = tg_wait(&tg, HEAD, "Báo cáo thông báo").await;
    assert!(report.contains("Đã gửi 7/7"), "{report}");
    assert!(
        report.contains("Zalo: 4 người chỉ nhận được chữ — Zalo không cho bot gửi tin nhắn thoại"),
        "{report}"
    );
    assert_eq!(zalo.upload_calls(), 0);
    assert_eq!(tg.count("getFile"), 0);
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_mid_broadcast_does_not_upload_the_photo_again() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let (mut bot, _hook) = started(&zalo, &tg).await;
    tg.put_file("AgACmap", jpeg(90_000));
    // Two Zalo people are busy (-32): their deliveries wait for a retry.
    let (busy, free) = ZALO_PEOPLE.split_at(2);
    for u in busy {
        zalo.fail_user(u, -32, "busy");
    }

    tg.push_photo(HEAD, "AgACmap", 90_000, Some("Bản đồ đường tránh lũ"));
    confirm_latest_preview(&tg).await;
    for u in free {
        zalo_wait(&zalo, u, "Bản đồ đường tránh lũ").await;
        assert_eq!(zalo.images_to(u), ["att-1"]);
    }
    // Their outcomes on disk (a group commit), then killed before the busy ones' retry:
    // those stay in the outbox.
    tokio::time::sleep(Duration::from_millis(400)).await;
    bot.process.signal(libc::SIGKILL);
    bot.process.wait_exit(Duration::from_secs(5)).await;
    assert_eq!(zalo.uploads().len(), 1);
    for u in busy {
        zalo.allow_user(u);
    }

    bot.start(&tg, &[]).await;
    for u in busy {
        zalo_wait(&zalo, u, "Bản đồ đường tránh lũ").await;
        assert_eq!(
            zalo.images_to(u),
            ["att-1"],
            "zalo:{u}: the image uploaded before"
        );
    }
    let report = tg_wait(&tg, HEAD, "Báo cáo thông báo").await;
    assert!(report.contains("Đã gửi 7/7"), "{report}");
    assert_eq!(zalo.uploads().len(), 1, "uploaded once, across the restart");
    assert_eq!(zalo.upload_calls(), 1);
    assert_eq!(tg.count("getFile"), 1);
    for u in busy {
        assert_eq!(
            zalo_count(&zalo, u, "Bản đồ đường tránh lũ"),
            1,
            "zalo:{u} once"
        );
    }
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_that_keeps_failing_or_a_photo_too_large_leaves_zalo_the_text() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let (mut bot, _hook) = started(&zalo, &tg).await;
    tg.put_file("AgACbusy", jpeg(50_000));
    zalo.fail_uploads(3, -32, "Server is busy");

    // Three tries with back-off, then the text, and the report says why.
    tg.push_photo(HEAD, "AgACbusy", 50_000, Some("Lịch cắt điện thứ Năm"));
    confirm_latest_preview(&tg).await;
    for u in ZALO_PEOPLE {
        let text = zalo_wait(&zalo, u, "Lịch cắt điện").await;
        assert!(text.contains("ảnh không gửi được tới bạn ở đây"), "{text}");
    }
    let report = tg_wait(&tg, HEAD, "Báo cáo thông báo").await;
    assert!(report.contains("Đã gửi 7/7"), "{report}");
    assert!(
        report.contains("Zalo: 4 người chỉ nhận được chữ — ảnh không gửi lên Zalo được"),
        "{report}"
    );
    assert_eq!(zalo.upload_calls(), 3);
    assert_eq!(zalo.image_count(), 0);
    // The bytes were read from Telegram once for all three tries.
    assert_eq!(tg.count("getFile"), 1);

    // Larger than Zalo takes: not even read from Telegram.
    tg.push_photo(HEAD, "AgAChuge", 3_000_000, Some("Sơ đồ khu tái định cư"));
    confirm_latest_preview(&tg).await;
    for u in ZALO_PEOPLE {
        zalo_wait(&zalo, u, "Sơ đồ khu tái định cư").await;
    }
    wait::tg_wait_n(&tg, HEAD, "Báo cáo thông báo", 2).await;
    let report = tg_wait(&tg, HEAD, "Sơ đồ khu tái định cư").await;
    assert!(
        report.contains("ảnh lớn hơn 1 MB, Zalo không nhận"),
        "{report}"
    );
    assert_eq!(tg.count("getFile"), 1);
    assert_eq!(zalo.upload_calls(), 3);
    for u in TG_PEOPLE {
        assert_eq!(tg.media_to(u).len(), 2, "telegram:{u} got both photos");
    }
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_head_on_zalo_sends_a_photo_uploaded_once_to_each_messenger() {
    let zalo = FakeZalo::start("access-0", "refresh-0").await;
    let tg = FakeTelegram::start(Limits::off()).await;
    let mut bot = Bot::with_base(Some(&zalo), FAST_TELEGRAM, "", |c| {
        c.replace(
            "heads = [\"telegram:1001\"]",
            "heads = [\"telegram:1001\", \"zalo:7777\"]",
        )
    });
    bot.start(&tg, &[]).await;
    let hook = bot.webhook();
    mixed_hamlet(&tg, &zalo, &hook).await;
    let url = zalo.put_file("poster.jpg", jpeg(70_000));

    assert_eq!(
        hook.media(
            "user_send_image",
            "7777",
            &url,
            Some("Ngày hội đại đoàn kết")
        )
        .await,
        200
    );
    let preview = zalo_wait(&zalo, "7777", "XEM TRƯỚC").await;
    assert!(preview.contains("Kèm ảnh"), "{preview}");
    assert!(preview.contains("1️⃣ ✅ Gửi ngay"), "{preview}");
    assert_eq!(hook.text("7777", "1").await, 200);
    for u in ZALO_PEOPLE {
        zalo_wait(&zalo, u, "Ngày hội đại đoàn kết").await;
        assert_eq!(zalo.images_to(u), ["att-1"]);
    }
    for u in TG_PEOPLE {
        assert!(
            tg.wait_until(DEADLINE, |f| f.media_to(u).len() == 1).await,
            "telegram:{u}: {:?}\n{}",
            tg.media(),
            bot.logs()
        );
        let caption = tg.media_to(u)[0].caption.clone().unwrap();
        assert!(caption.contains("Ngày hội đại đoàn kết"), "{caption}");
    }
    let report = zalo_wait(&zalo, "7777", "Báo cáo thông báo").await;
    assert!(report.contains("Đã gửi 7/7"), "{report}");
    // Telegram got the bytes once, with the first send; the others by the file_id it gave.
    let uploads: Vec<_> = tg.media().into_iter().filter(|m| m.uploaded).collect();
    assert_eq!(uploads.len(), 1, "{:?}", tg.media());
    assert!(
        tg.media()
            .iter()
            .filter(|m| !m.uploaded)
            .all(|m| m.file_id == uploads[0].file_id)
    );
    assert_eq!(zalo.uploads().len(), 1);
    // Read from Zalo's CDN once per messenger it was copied to.
    assert_eq!(zalo.file_reads(), 2);
    bot.stop_ok().await;
}
