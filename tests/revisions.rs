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
