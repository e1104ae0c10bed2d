//! After a notice went out, with the real `loaban run` binary against a fake Telegram Bot
//! API and a fake Zalo OA on 127.0.0.1: Zalo's "received" / "seen" reports counted apart
//! from acknowledgements; a correction and a withdrawal reaching exactly the people who got
//! the original (and the Telegram original edited in place); the OA promotion-message
//! fallback for followers whose 7-day window is closed, with its monthly quota and hours.

#[path = "support/fake_telegram.rs"]
mod fake_telegram;
#[path = "support/fake_zalo.rs"]
mod fake_zalo;
mod support;

use std::path::PathBuf;
use std::time::Duration;

use fake_telegram::{FakeTelegram, Limits};
use fake_zalo::{APP_ID, APP_SECRET, FakeZalo, OA_SECRET, Webhook};
use support::process::Running;

const TG_TOKEN: &str = "123:SECRET-token-never-logged";

struct Bot {
    config: PathBuf,
    process: Running,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Bot {
    /// A bot with both messengers; `zalo_extra` goes at the end of its `[zalo]` section.
    fn new(zalo: &FakeZalo, zalo_extra: &str) -> Bot {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        let text = format!(
            "{}\n[delivery]\nretry_base_seconds = 1\nprogress_seconds = 60\nmax_attempts = 2\n\n\
             [telegram]\npoll_timeout_seconds = 1\nglobal_rate = 1000\nper_chat_rate = 1000\n\n\
             [zalo]\napp_id = \"{APP_ID}\"\naccess_token = \"access-0\"\nrefresh_token = \"refresh-0\"\n\
             listen = \"127.0.0.1:0\"\nwebhook_path = \"/zalo/hook\"\n\
             openapi_url = \"{url}\"\noauth_url = \"{url}/\"\nrate = 200\nmax_body_bytes = 8192\n{zalo_extra}\n",
            support::config_text(&dir.path().join("data")),
            url = zalo.url,
        );
        std::fs::write(&config, text).unwrap();
        Bot {
            config,
            process: Running::new(dir.path()),
            port: 0,
            _dir: dir,
        }
    }

    async fn start(&mut self, tg: &FakeTelegram) {
        let env = [
            ("ZALO_APP_SECRET_KEY", APP_SECRET),
            ("ZALO_OA_SECRET_KEY", OA_SECRET),
            ("TELOXIDE_TOKEN", TG_TOKEN),
            ("TELOXIDE_API_URL", tg.url.as_str()),
        ];
        self.process.start(&self.config, &env, &["TELOXIDE_TOKEN"]);
        self.port = support::wait_for_zalo_webhook(|| self.logs(), 0).await;
    }

    fn webhook(&self) -> Webhook {
        Webhook::new(format!("http://127.0.0.1:{}/zalo/hook", self.port))
    }

    async fn stop(&mut self) -> Option<i32> {
        self.process.signal(libc::SIGTERM);
        self.process.wait_exit(Duration::from_secs(8)).await
    }

    fn logs(&self) -> String {
        self.process.logs()
    }
}

/// The newest message to `chat` containing `needle` (waits for it).
async fn tg_wait(tg: &FakeTelegram, chat: i64, needle: &str) -> String {
    let n = needle.to_string();
    let found = tg
        .wait_until(Duration::from_secs(20), move |f| {
            f.sent_to(chat).iter().any(|m| m.text.contains(&n))
        })
        .await;
    let texts: Vec<String> = tg.sent_to(chat).into_iter().map(|m| m.text).collect();
    assert!(found, "telegram:{chat} never got {needle:?}: {texts:#?}");
    texts
        .into_iter()
        .rev()
        .find(|t| t.contains(needle))
        .unwrap()
}

async fn zalo_wait(zalo: &FakeZalo, user: &str, needle: &str) -> String {
    assert!(
        zalo.wait_text(user, needle).await,
        "zalo:{user} never got {needle:?}: {:#?}",
        zalo.sent_to(user)
    );
    zalo.sent_to(user)
        .into_iter()
        .rev()
        .find(|t| t.contains(needle))
        .unwrap()
}

/// Subscribes Telegram and Zalo people to Bản Đông.
async fn subscribe(tg: &FakeTelegram, zalo: &FakeZalo, hook: &Webhook, tgs: &[i64], zs: &[&str]) {
    for u in tgs {
        tg.push_text(*u, "/start dong");
        tg_wait(tg, *u, "Đã đăng ký").await;
    }
    for u in zs {
        assert_eq!(hook.text(u, "/dangky dong").await, 200);
        zalo_wait(zalo, u, "Đã đăng ký").await;
    }
}

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
    let mut bot = Bot::new(&zalo, "");
    bot.start(&tg).await;
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
    assert_eq!(bot.stop().await, Some(0), "{}", bot.logs());
}

/// How many messages to `chat` contain `needle`.
fn tg_count(tg: &FakeTelegram, chat: i64, needle: &str) -> usize {
    tg.sent_to(chat)
        .iter()
        .filter(|m| m.text.contains(needle))
        .count()
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
    let mut bot = Bot::new(&zalo, "");
    bot.start(&tg).await;
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
        tg.wait_until(Duration::from_secs(20), |f| f
            .edits()
            .iter()
            .any(
                |e| e.chat_id == 1001 && e.text.starts_with("Không có gì đang chờ")
            ))
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
    assert_eq!(tg_count(&tg, 6003, "THU HỒI"), 0);
    assert_eq!(tg_count(&tg, 6002, "THU HỒI"), 0);
    assert!(
        tg.wait_until(Duration::from_secs(20), |f| f.edits().iter().any(|e| e
            .chat_id
            == 6001
            && e.message_id == original.message_id
            && e.text.starts_with("🚫 ĐÃ THU HỒI")))
            .await
    );
    tg.push_text(6001, "/tintuc");
    let news = tg_wait(&tg, 6001, "đã thu hồi").await;
    assert!(!news.contains("20h"), "{news}");
    tg.push_text(1001, "/thuhoi 1");
    tg_wait(&tg, 1001, "Thông báo số 1 đã thu hồi rồi").await;
    assert_eq!(bot.stop().await, Some(0), "{}", bot.logs());
}
