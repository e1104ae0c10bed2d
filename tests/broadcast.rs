//! Hamlet heads' broadcasts through the core, the persisted outbox and the delivery worker.

mod support;

use std::sync::Arc;

use loaban::model::FailReason;
use loaban::store::{Delivery, DeliveryStatus};
use support::{Bot, FakeChannel, payloads};

const HEAD: &str = "telegram:1001"; // head of Bản Đông
const HEAD2: &str = "telegram:1003"; // head of Bản He and Bản Nà Lại
const ADMIN: &str = "telegram:9001";

/// Records a claimed delivery as sent, as the worker does after a successful send.
fn record_sent(bot: &Bot, d: &Delivery, now: chrono::DateTime<chrono::Utc>) {
    bot.app
        .store
        .finish_delivery(
            d.announcement,
            &d.recipient,
            DeliveryStatus::Sent,
            None,
            now,
        )
        .unwrap();
}

#[tokio::test]
async fn head_broadcast_preview_confirm_deliver_and_report() {
    let bot = Bot::new();
    let subs = bot.villagers(20, 5000, "dong");
    bot.villagers(3, 6000, "he"); // not recipients
    let blocked = [subs[3].as_str(), subs[7].as_str()];
    let channel = Arc::new(FakeChannel::blocking(&blocked));

    let r = bot.say(HEAD, "/thongbao Họp bản lúc 8 giờ sáng Chủ nhật.");
    assert!(r.text.contains("XEM TRƯỚC"), "{}", r.text);
    assert!(r.text.contains("20 người nhận"), "{}", r.text);
    assert!(r.text.contains("Họp bản lúc 8 giờ"), "{}", r.text);
    assert_eq!(
        payloads(&r),
        vec!["bcy", "x", "bv"],
        "Confirm first, Cancel second, then how long it stays valid"
    );
    // Telegram has no reply window: all 20 are reachable now.
    assert!(r.text.contains("📶 Nhận được ngay: 20/20"), "{}", r.text);
    assert!(r.text.contains("⏳ Hiệu lực đến "), "{}", r.text);
    assert_eq!(
        bot.app.store.queued_count(),
        0,
        "nothing queued before confirm"
    );

    let r = bot.press(HEAD, "bcy");
    assert!(r.text.contains("Đang gửi tới 20 người"), "{}", r.text);
    assert_eq!(bot.app.store.queued_count(), 20);

    // A second press of the same Confirm button sends nothing more.
    let r = bot.press(HEAD, "bcy");
    assert!(
        r.text.contains("Không có gì đang chờ xác nhận"),
        "{}",
        r.text
    );
    assert_eq!(bot.app.store.queued_count(), 20);

    let stats = bot.worker(channel.clone()).drain().await.unwrap();
    assert_eq!((stats.sent, stats.blocked, stats.reports), (18, 2, 1));
    for s in &subs {
        let got = channel.sent_to(s);
        if blocked.contains(&s.as_str()) {
            assert!(got.is_empty());
            assert!(
                !bot.app.store.user(s).unwrap().unwrap().active,
                "blocked → inactive"
            );
        } else {
            assert_eq!(got.len(), 1, "{s} gets exactly one");
            assert!(got[0].contains("Thông báo — Bản Đông") && got[0].contains("Họp bản"));
        }
    }
    let report = channel.sent_to(HEAD);
    assert_eq!(report.len(), 1);
    assert!(
        report[0].contains("Đã gửi 18/20 · 2 đã chặn bot"),
        "{}",
        report[0]
    );

    // The villagers see it in their news; Bản He's subscribers do not.
    assert!(
        bot.say(&subs[0], "/tintuc")
            .text
            .contains("Họp bản lúc 8 giờ")
    );
    assert!(
        !bot.say("telegram:6000", "/tintuc")
            .text
            .contains("Họp bản lúc 8 giờ")
    );

    // A later broadcast skips the inactive (blocked) subscribers.
    let r = bot.say(HEAD, "/thongbao Lần hai");
    assert!(r.text.contains("18 người nhận"), "{}", r.text);
}

#[tokio::test]
async fn non_heads_are_refused_and_nothing_is_queued() {
    let bot = Bot::new();
    bot.villagers(5, 5000, "dong");
    for who in [
        "telegram:5000",
        "telegram:7777",
        "zalo:1001",
        "console:1001",
    ] {
        let r = bot.say(who, "/thongbao Tin giả");
        assert!(r.text.contains("chỉ trưởng bản"), "{who}: {}", r.text);
        let r = bot.press(who, "bcy");
        assert!(r.text.contains("Không có gì"), "{}", r.text);
        let r = bot.press(who, "bt:dong");
        assert!(!r.text.contains("XEM TRƯỚC"));
    }
    assert_eq!(bot.app.store.queued_count(), 0);
    assert!(
        bot.app
            .store
            .recent_announcements(10, |_| true)
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn head_of_two_hamlets_chooses_and_cannot_pick_another() {
    let bot = Bot::new();
    bot.villagers(2, 5000, "he");
    bot.villagers(3, 5100, "na_lai");
    bot.villagers(4, 5200, "dong");
    let r = bot.say(HEAD2, "/thongbao Phát gạo");
    assert_eq!(
        payloads(&r),
        vec!["bt:he", "bt:na_lai", "x"],
        "no commune-wide for heads"
    );
    // Pressing a hamlet they do not head is refused.
    let r = bot.press(HEAD2, "bt:dong");
    assert!(r.text.contains("chỉ trưởng bản"), "{}", r.text);
    let r = bot.press(HEAD2, "bt:*");
    assert!(r.text.contains("chỉ trưởng bản"), "{}", r.text);
    // The refusal did not drop the draft: they can still pick their own.
    let r = bot.press(HEAD2, "bt:na_lai");
    assert!(r.text.contains("Bản Nà Lại (3 người nhận)"), "{}", r.text);
    bot.press(HEAD2, "bcy");
    assert_eq!(bot.app.store.queued_count(), 3);
}

#[tokio::test]
async fn admin_broadcasts_commune_wide_once_per_person() {
    let bot = Bot::new();
    let channel = Arc::new(FakeChannel::default());
    bot.villagers(3, 5000, "dong");
    bot.villagers(3, 5000, "he"); // the same people in two hamlets
    bot.villagers(2, 5100, "na_lai");
    let r = bot.say(ADMIN, "/thongbao Tiêm phòng cho trâu bò");
    assert!(payloads(&r).contains(&"bt:*".to_string()));
    let r = bot.press(ADMIN, "bt:*");
    assert!(r.text.contains("Toàn xã (5 người nhận)"), "{}", r.text);
    let r = bot.press(ADMIN, "bcy");
    assert!(r.text.contains("Đang gửi tới 5"), "{}", r.text);
    bot.worker(channel.clone()).drain().await.unwrap();
    for i in [5000, 5001, 5002, 5100, 5101] {
        assert_eq!(
            channel.sent_to(&format!("telegram:{i}")).len(),
            1,
            "{:?}",
            channel.all()
        );
    }
    assert!(channel.sent_to(ADMIN)[0].contains("Đã gửi 5/5"));
}

#[tokio::test]
async fn cancel_draft_and_cancel_sending() {
    let bot = Bot::new();
    bot.villagers(10, 5000, "dong");
    bot.say(HEAD, "/thongbao Bản nháp");
    let r = bot.say(HEAD, "/huy");
    assert!(r.text.contains("Đã hủy bản nháp"), "{}", r.text);
    assert_eq!(bot.app.store.queued_count(), 0);
    // A draft is also dropped by any other request, so a late Confirm does nothing.
    bot.say(HEAD, "/thongbao Bản nháp 2");
    bot.say(HEAD, "/tieuchi");
    bot.press(HEAD, "bcy");
    assert_eq!(bot.app.store.queued_count(), 0);

    bot.say(HEAD, "/thongbao Sẽ bị dừng");
    bot.press(HEAD, "bcy");
    // Send 4, then the head cancels the rest.
    let now = chrono::Utc::now();
    let claimed = bot.app.store.claim_due(4, now).unwrap();
    for d in &claimed {
        record_sent(&bot, d, now);
    }
    // /cancel asks first; only the second, distinct choice stops.
    let r = bot.say(HEAD, "/cancel");
    assert!(r.text.contains("Dừng thông báo #"), "{}", r.text);
    assert_eq!(bot.app.store.queued_count(), 6, "asking stops nothing");
    let stop = payloads(&r)[1].clone();
    assert!(stop.starts_with("sty:"), "{stop}");
    let r = bot.press(HEAD, &stop);
    assert!(r.text.contains("6 tin chưa gửi"), "{}", r.text);
    let channel = Arc::new(FakeChannel::default());
    bot.worker(channel.clone()).drain().await.unwrap();
    let report = channel.sent_to(HEAD);
    assert!(
        report[0].contains("Đã gửi 4/10") && report[0].contains("6 đã hủy"),
        "{report:?}"
    );
    assert_eq!(channel.all().len(), 1, "only the report went out");
    // Cancelled notices are not in the news.
    assert!(
        !bot.say("telegram:5000", "/tintuc")
            .text
            .contains("Sẽ bị dừng")
    );
}

#[tokio::test]
async fn transient_failures_retry_then_fail_with_reason() {
    let bot = Bot::new();
    let subs = bot.villagers(3, 5000, "dong");
    let channel = Arc::new(FakeChannel::default());
    channel.flaky.lock().unwrap().insert(subs[0].clone(), 1); // recovers
    channel.flaky.lock().unwrap().insert(subs[1].clone(), 99); // never does
    bot.say(HEAD, "/thongbao Thử lại");
    bot.press(HEAD, "bcy");
    let worker = bot.worker(channel.clone());
    worker.drain().await.unwrap();
    // Retries wait (back-off); pretend the time has come by clearing not_before.
    let ann = bot.app.store.recent_announcements(1, |_| true).unwrap()[0].id;
    for _ in 0..10 {
        let later = chrono::Utc::now() + chrono::Duration::hours(2);
        let due = bot.app.store.claim_due(100, later).unwrap();
        if due.is_empty() {
            break;
        }
        // Put them back as due now so the worker sends them.
        for d in due {
            bot.app
                .store
                .retry_delivery(
                    ann,
                    &d.recipient,
                    FailReason::Network {
                        words: "test".into(),
                    },
                    chrono::Utc::now(),
                    chrono::Utc::now(),
                    false,
                )
                .unwrap();
        }
        worker.drain().await.unwrap();
    }
    let deliveries = bot.app.store.deliveries(ann).unwrap();
    let status = |u: &str| {
        deliveries
            .iter()
            .find(|d| d.recipient == u)
            .unwrap()
            .clone()
    };
    assert_eq!(status(&subs[0]).status, DeliveryStatus::Sent);
    assert_eq!(status(&subs[2]).status, DeliveryStatus::Sent);
    let failed = status(&subs[1]);
    assert_eq!(failed.status, DeliveryStatus::Failed);
    assert_eq!(
        failed.last_error,
        Some(FailReason::Network {
            words: "connection reset".into()
        })
    );
    assert!(
        channel.sent_to(HEAD)[0].contains("1 lỗi"),
        "{:?}",
        channel.sent_to(HEAD)
    );
}

#[tokio::test]
async fn restart_mid_broadcast_skips_nobody_and_resends_only_in_flight() {
    let bot = Bot::new();
    let subs = bot.villagers(50, 5000, "dong");
    bot.say(HEAD, "/thongbao Không ai bị bỏ sót");
    bot.press(HEAD, "bcy");
    let before = Arc::new(FakeChannel::default());
    // 20 sent and recorded; then 5 claimed and actually delivered, but the process dies
    // before recording them.
    let now = chrono::Utc::now();
    for d in bot.app.store.claim_due(20, now).unwrap() {
        before
            .sent
            .lock()
            .unwrap()
            .push((d.address.clone(), Default::default()));
        record_sent(&bot, &d, now);
    }
    let in_flight = bot.app.store.claim_due(5, now).unwrap();
    for d in &in_flight {
        before
            .sent
            .lock()
            .unwrap()
            .push((d.address.clone(), Default::default()));
    }
    let bot = bot.restart();
    let after = Arc::new(FakeChannel::default());
    bot.worker(after.clone()).drain().await.unwrap();
    let mut dupes = 0;
    for s in &subs {
        let n = before.sent_to(s).len() + after.sent_to(s).len();
        assert!(n >= 1, "{s} was skipped");
        dupes += n - 1;
    }
    assert_eq!(dupes, 5, "only the in-flight sends are repeated");
    assert!(
        after.sent_to(HEAD)[0].contains("Đã gửi 50/50"),
        "{:?}",
        after.sent_to(HEAD)
    );
}

#[tokio::test]
async fn broadcast_limits_and_empty_text() {
    let bot = Bot::new();
    let r = bot.say(HEAD, "/thongbao");
    assert!(r.text.contains("/thongbao rồi nội dung"), "{}", r.text);
    let r = bot.say(HEAD, &format!("/thongbao {}", "x".repeat(2001)));
    assert!(
        r.text.contains("2001") && r.text.contains("2000"),
        "{}",
        r.text
    );
    bot.press(HEAD, "bcy");
    assert_eq!(bot.app.store.queued_count(), 0);
    // With no subscribers the notice is still kept for the news, and reported.
    let channel = Arc::new(FakeChannel::default());
    let r = bot.say(HEAD, "/thongbao Chưa ai đăng ký");
    assert!(r.text.contains("0 người nhận"), "{}", r.text);
    bot.press(HEAD, "bcy");
    bot.worker(channel.clone()).drain().await.unwrap();
    assert!(channel.sent_to(HEAD)[0].contains("Đã gửi 0/0"));
}

#[test]
fn heads_update_their_own_criteria_and_admins_the_communes() {
    let bot = Bot::new();
    let r = bot.press(HEAD, "cd:dong:giao_thong");
    assert!(
        payloads(&r).contains(&"ss:dong:giao_thong:m".to_string()),
        "{:?}",
        payloads(&r)
    );
    let r = bot.press(HEAD, "ss:dong:giao_thong:m");
    assert!(r.text.contains("Bản Đông nay đạt 7/16"), "{}", r.text);
    let s = bot.app.store.status("dong", "giao_thong").unwrap().unwrap();
    assert_eq!(s.changed_by.as_deref(), Some(HEAD));
    assert!(s.changed_at.is_some());
    assert!(
        bot.say("telegram:5000", "/tieuchi")
            .text
            .contains("Bản Đông: đạt 7/16")
    );

    // Not their hamlet, not the commune.
    let r = bot.press(HEAD, "ss:chieng_khoang:giao_thong:m");
    assert!(r.text.contains("Chỉ trưởng bản"), "{}", r.text);
    let r = bot.press("telegram:5000", "ss:dong:dien:n");
    assert!(r.text.contains("Chỉ trưởng bản"), "{}", r.text);
    assert_eq!(
        bot.app
            .store
            .status("dong", "dien")
            .unwrap()
            .unwrap()
            .status
            .code(),
        "met"
    );

    // Typed form, with a note; and the admin on the commune.
    let r = bot.say(HEAD, "/capnhat dong dien chua mất điện sau bão");
    assert!(r.text.contains("6/16"), "{}", r.text);
    assert_eq!(
        bot.app
            .store
            .status("dong", "dien")
            .unwrap()
            .unwrap()
            .note
            .as_deref(),
        Some("mất điện sau bão")
    );
    let r = bot.say(ADMIN, "/capnhat chieng_khoang giao_thong dat");
    assert!(r.text.contains("12/19"), "{}", r.text);
}

#[tokio::test]
async fn large_broadcasts_are_written_in_chunks_and_cancel_and_forget_reach_the_rest() {
    let bot = Bot::new();
    let subs = bot.villagers(200, 7000, "dong");
    bot.say(HEAD, "/thongbao Nhiều người nhận");
    bot.press(HEAD, "bcy");
    assert_eq!(bot.app.store.queued_count(), 200);
    let ann = bot.app.store.recent_announcements(1, |_| true).unwrap()[0].clone();
    assert_eq!(ann.id, 1, "notices are numbered from 1");
    // Claiming writes records only as needed, a chunk at a time.
    let now = chrono::Utc::now();
    for d in bot.app.store.claim_due(10, now).unwrap() {
        record_sent(&bot, &d, now);
    }
    assert!(bot.app.store.deliveries(ann.id).unwrap().len() < 200);
    // Someone not reached yet deletes their data: they are dropped from the list.
    let last = subs.last().unwrap();
    bot.say(last, "/xoadulieu");
    bot.press(last, "fgy");
    assert_eq!(bot.app.store.queued_count(), 189);
    bot.say(HEAD, "/huy");
    let r = bot.say(HEAD, "2");
    assert!(r.text.contains("189 tin chưa gửi"), "{}", r.text);
    let counts = bot.app.store.delivery_counts(ann.id).unwrap();
    assert_eq!(
        (counts.sent, counts.cancelled, counts.total()),
        (10, 189, 199)
    );
    assert_eq!(bot.app.store.queued_count(), 0);
    let channel = Arc::new(FakeChannel::default());
    bot.worker(channel.clone()).drain().await.unwrap();
    assert!(
        channel.sent_to(HEAD)[0].contains("Đã gửi 10/199"),
        "{:?}",
        channel.all()
    );
    assert!(channel.sent_to(last).is_empty());
}

/// One announcement, two messengers, only one of them running: Telegram subscribers get it,
/// Zalo ones fail at once with a reason the head reads, instead of waiting for ever.
#[tokio::test]
async fn deliveries_to_a_messenger_that_is_not_running_fail_with_a_reason() {
    use loaban::delivery::pace::{Pacer, Rates};
    use loaban::delivery::{Route, Routes, Worker};

    let bot = Bot::new();
    let tg = bot.villagers(3, 5000, "dong");
    for z in ["zalo:71", "zalo:72"] {
        assert!(bot.say(z, "/dangky dong").text.contains("Đã đăng ký"));
    }
    let r = bot.say(HEAD, "/thongbao Họp bản tối nay.");
    assert!(r.text.contains("5 người nhận"), "{}", r.text);
    bot.press(HEAD, "bcy");

    let telegram = Arc::new(FakeChannel::default());
    let pacer = Arc::new(Pacer::new(Rates {
        global: 1000.0,
        per_chat: 1000.0,
    }));
    let routes = Routes::new().with("telegram", Route::new(telegram.clone(), pacer, 4));
    let stats = Worker::routed(bot.app.core.clone(), routes)
        .drain()
        .await
        .unwrap();
    assert_eq!((stats.sent, stats.failed, stats.reports), (3, 2, 1));
    for t in &tg {
        assert_eq!(telegram.sent_to(t).len(), 1);
    }
    let ann = bot.app.store.recent_announcements(1, |_| true).unwrap()[0].id;
    let zalo: Vec<_> = bot
        .app
        .store
        .deliveries(ann)
        .unwrap()
        .into_iter()
        .filter(|d| d.address.platform == "zalo")
        .collect();
    assert_eq!(zalo.len(), 2);
    assert!(zalo.iter().all(|d| d.status == DeliveryStatus::Failed));
    let report = &telegram.sent_to(HEAD)[0];
    assert!(report.contains("Đã gửi 3/5"), "{report}");
    assert!(
        report.contains("Zalo: 2 người chưa nhận được") && report.contains("kênh Zalo đang tắt"),
        "{report}"
    );
}

/// The running worker sleeps while nothing is queued (its idle re-check is 30 s) and is woken
/// by the store when a broadcast is confirmed: the notice goes out at once, not at the next
/// timer tick.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmed_broadcast_wakes_the_idle_worker() {
    let bot = Bot::new();
    let subs = bot.villagers(3, 5000, "dong");
    let channel = Arc::new(FakeChannel::default());
    let worker = Arc::new(bot.worker(channel.clone()));
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let running = {
        let worker = worker.clone();
        tokio::spawn(async move { worker.run(shutdown).await })
    };
    // Let it drain the empty outbox and go to sleep.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    bot.say(HEAD, "/thongbao Đánh thức");
    bot.press(HEAD, "bcy");
    let woke = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while !subs.iter().all(|s| !channel.sent_to(s).is_empty()) {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(
        woke.is_ok(),
        "the worker was not woken: {:?}",
        channel.all()
    );
    stop.send(true).unwrap();
    running.await.unwrap();
}

/// On Zalo a head types numbers: a repeated "1" after the confirm (a slow connection, a
/// second tap) must never stop the notice, and stopping takes two deliberate choices.
#[test]
fn typing_the_confirm_number_again_never_stops_the_notice() {
    let bot = Bot::new();
    bot.villagers(5, 5000, "dong");
    let preview = bot.say(HEAD, "/thongbao Họp bản tối nay");
    assert_eq!(payloads(&preview)[0], "bcy", "confirm is the first choice");
    let queued = bot.say(HEAD, "1");
    assert!(
        queued.text.contains("Đang gửi tới 5 người"),
        "{}",
        queued.text
    );
    assert_eq!(
        payloads(&queued)[0],
        "m",
        "the first choice after a confirm is harmless"
    );
    assert!(!payloads(&queued).iter().any(|p| p.starts_with("sty:")));
    // The repeated "1": the menu, nothing stopped.
    let again = bot.say(HEAD, "1");
    assert!(!again.text.contains("Đã dừng"), "{}", again.text);
    assert_eq!(bot.app.store.queued_count(), 5);
    // Back on the queued message's choices: "2" only asks.
    bot.say(HEAD, "/huy");
    let ask = bot.say(HEAD, "1");
    assert!(
        !ask.text.contains("Đã dừng"),
        "1 on the question keeps sending: {}",
        ask.text
    );
    assert_eq!(bot.app.store.queued_count(), 5);
    let ask = bot.say(HEAD, "/huy");
    assert!(
        ask.text.contains("Dừng thông báo #1 (Bản Đông)"),
        "{}",
        ask.text
    );
    assert_eq!(payloads(&ask), vec!["m", "sty:1"]);
    let stopped = bot.say(HEAD, "2");
    assert!(
        stopped.text.contains("Đã dừng thông báo: 5 tin"),
        "{}",
        stopped.text
    );
    assert_eq!(bot.app.store.queued_count(), 0);
    // A second press of the same stop finds nothing to stop.
    let late = bot.press(HEAD, "sty:1");
    assert!(late.text.contains("Không có gì để hủy"), "{}", late.text);
    // Nobody else can stop someone's notice with a forged payload.
    bot.say(HEAD, "/thongbao Lần hai");
    bot.press(HEAD, "bcy");
    let forged = bot.press("telegram:1002", "sty:2");
    assert!(
        forged.text.contains("Không có gì để hủy"),
        "{}",
        forged.text
    );
    assert_eq!(bot.app.store.queued_count(), 5);
}
