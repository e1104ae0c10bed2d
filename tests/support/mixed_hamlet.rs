//! The mixed-hamlet harness: the real `loaban run` binary against the fake Telegram Bot API
//! and, if asked, the fake Zalo OA on 127.0.0.1 (config, start with or without the test
//! clock, stop, logs), and Bản Đông's people subscribed from both messengers. Used as
//! `#[path = "support/mixed_hamlet.rs"] mod mixed_hamlet;` beside `fake_telegram`,
//! `fake_zalo`, `wait` and `support`.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use crate::fake_telegram::FakeTelegram;
use crate::fake_zalo::{APP_ID, APP_SECRET, FakeZalo, OA_SECRET, Webhook};
use crate::support::{self, process::Running};
use crate::wait::{tg_wait, zalo_wait};

pub const TG_TOKEN: &str = "123:SECRET-token-never-logged";
/// The head of Bản Đông.
pub const HEAD: i64 = 1001;
/// `[telegram]` limits that never hold a send back.
pub const FAST_TELEGRAM: &str = "global_rate = 1000\nper_chat_rate = 1000";
/// Bản Đông's people on Telegram and on Zalo in a mixed hamlet.
pub const TG_PEOPLE: [i64; 3] = [6001, 6002, 6003];
pub const ZALO_PEOPLE: [&str; 4] = ["8001", "8002", "8003", "8004"];
/// Zalo's words for a closed 7-day window (code -230).
pub const CLOSED: &str = "User has not interacted with the OA in the last 7 days";

/// The running bot, its config and data in a temp dir.
pub struct Bot {
    pub config: PathBuf,
    pub data: PathBuf,
    pub process: Running,
    /// The Zalo webhook's port (0 without Zalo).
    pub port: u16,
    zalo: bool,
    starts: usize,
    _dir: tempfile::TempDir,
}

impl Bot {
    /// A bot on Telegram only; `telegram` goes into its `[telegram]` section.
    pub fn telegram_only(telegram: &str) -> Bot {
        Bot::new(None, telegram, "")
    }

    /// A bot on Telegram and, with `zalo`, on Zalo; `telegram` goes into its `[telegram]`
    /// section, `zalo_extra` at the end of its `[zalo]` section.
    pub fn new(zalo: Option<&FakeZalo>, telegram: &str, zalo_extra: &str) -> Bot {
        Bot::with_base(zalo, telegram, zalo_extra, |base| base)
    }

    /// Like [`Bot::new`], with the test config (`support::config_text`) changed by `edit`.
    pub fn with_base(
        zalo: Option<&FakeZalo>,
        telegram: &str,
        zalo_extra: &str,
        edit: impl FnOnce(String) -> String,
    ) -> Bot {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        let data = dir.path().join("data");
        let mut text = format!(
            "{}\n[delivery]\nretry_base_seconds = 1\nprogress_seconds = 60\nmax_attempts = 2\n\n\
             [telegram]\npoll_timeout_seconds = 1\n{telegram}\n",
            edit(support::config_text(&data)),
        );
        if let Some(z) = zalo {
            text.push_str(&format!(
                "\n[zalo]\napp_id = \"{APP_ID}\"\naccess_token = \"access-0\"\nrefresh_token = \"refresh-0\"\n\
                 listen = \"127.0.0.1:0\"\nwebhook_path = \"/zalo/hook\"\n\
                 openapi_url = \"{url}\"\noauth_url = \"{url}/\"\nrate = 200\nmax_body_bytes = 8192\n{zalo_extra}\n",
                url = z.url,
            ));
        }
        std::fs::write(&config, text).unwrap();
        Bot {
            config,
            data,
            process: Running::new(dir.path()),
            port: 0,
            zalo: zalo.is_some(),
            starts: 0,
            _dir: dir,
        }
    }

    /// Starts the bot with `extra` in its environment (the test clock is off unless
    /// `extra` turns it on); waits until its Zalo webhook (or, without Zalo, its control
    /// socket) answers.
    pub async fn start(&mut self, tg: &FakeTelegram, extra: &[(&str, &str)]) {
        self.launch(Some(tg), extra).await
    }

    /// Like [`Bot::start`], with no Telegram token: the bot serves Zalo only.
    pub async fn start_zalo_only(&mut self, extra: &[(&str, &str)]) {
        self.launch(None, extra).await
    }

    async fn launch(&mut self, tg: Option<&FakeTelegram>, extra: &[(&str, &str)]) {
        let mut env = vec![
            ("ZALO_APP_SECRET_KEY", APP_SECRET),
            ("ZALO_OA_SECRET_KEY", OA_SECRET),
        ];
        if let Some(tg) = tg {
            env.extend([
                ("TELOXIDE_TOKEN", TG_TOKEN),
                ("TELOXIDE_API_URL", tg.url.as_str()),
            ]);
        }
        env.extend_from_slice(extra);
        let mut unset = vec!["TELOXIDE_TOKEN"];
        if !extra.iter().any(|(k, _)| *k == support::TEST_CLOCK.0) {
            unset.extend(["LOABAN_TEST_CLOCK", "LOABAN_TEST_CLOCK_OFFSET"]);
        }
        self.process.start(&self.config, &env, &unset);
        self.starts += 1;
        if self.zalo {
            self.port = support::wait_for_zalo_webhook(|| self.logs(), self.starts - 1).await;
        } else {
            support::wait_for_socket(&self.data, || self.logs()).await;
        }
    }

    /// Starts the bot with the test clock on, `offset` seconds ahead.
    pub async fn start_clock(&mut self, tg: &FakeTelegram, offset: i64) {
        let offset = offset.to_string();
        let extra = [
            support::TEST_CLOCK,
            ("LOABAN_TEST_CLOCK_OFFSET", offset.as_str()),
        ];
        self.start(tg, &extra).await
    }

    /// A client posting signed events to the bot's Zalo webhook.
    pub fn webhook(&self) -> Webhook {
        Webhook::new(format!("http://127.0.0.1:{}/zalo/hook", self.port))
    }

    /// Moves the bot's test clock forward by `by`.
    pub async fn advance(&self, by: chrono::Duration) {
        support::advance_clock(&self.data, by).await;
    }

    /// SIGTERM, then waits for the exit; returns its code.
    pub async fn stop(&mut self) -> Option<i32> {
        self.process.signal(libc::SIGTERM);
        self.process.wait_exit(Duration::from_secs(8)).await
    }

    pub fn logs(&self) -> String {
        self.process.logs()
    }
}

/// Subscribes Telegram people `tgs` and Zalo people `zs` to Bản Đông; waits for each one's
/// confirmation.
pub async fn subscribe(
    tg: &FakeTelegram,
    zalo: &FakeZalo,
    hook: &Webhook,
    tgs: &[i64],
    zs: &[&str],
) {
    for u in tgs {
        tg.push_text(*u, "/start dong");
        tg_wait(tg, *u, "Đã đăng ký").await;
    }
    for u in zs {
        assert_eq!(hook.text(u, "/dangky dong").await, 200);
        zalo_wait(zalo, u, "Đã đăng ký").await;
    }
}

/// The mixed hamlet: [`TG_PEOPLE`] and [`ZALO_PEOPLE`] subscribed to Bản Đông.
pub async fn mixed_hamlet(tg: &FakeTelegram, zalo: &FakeZalo, hook: &Webhook) {
    subscribe(tg, zalo, hook, &TG_PEOPLE, &ZALO_PEOPLE).await;
}

/// Zalo `user`'s 7-day window closes: consultation messages to them get -230.
pub fn close_window(zalo: &FakeZalo, user: &str) {
    zalo.fail_user(user, -230, CLOSED);
}
