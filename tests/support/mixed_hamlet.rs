//! The mixed-hamlet harness: the real `loaban run` binary (a `support::binary::RunBot`)
//! against the fake Telegram Bot API and, if asked, the fake Zalo OA on 127.0.0.1 (its
//! `[zalo]` section and secrets, a start that waits for the webhook), and Bản Đông's people
//! subscribed from both messengers. Used as
//! `#[path = "support/mixed_hamlet.rs"] mod mixed_hamlet;` beside `fake_telegram`,
//! `fake_zalo`, `wait` and `support`.
#![allow(dead_code)]

use std::ops::{Deref, DerefMut};

use crate::fake_telegram::FakeTelegram;
use crate::fake_zalo::{APP_ID, APP_SECRET, FakeZalo, OA_SECRET, Webhook};
use crate::support::{self, binary::RunBot};
use crate::wait::{tg_wait, zalo_wait};

pub use crate::support::binary::FAST_TELEGRAM;

/// The head of Bản Đông.
pub const HEAD: i64 = 1001;
/// Bản Đông's people on Telegram and on Zalo in a mixed hamlet.
pub const TG_PEOPLE: [i64; 3] = [6001, 6002, 6003];
pub const ZALO_PEOPLE: [&str; 4] = ["8001", "8002", "8003", "8004"];
/// Zalo's words for a closed 7-day window (code -230).
pub const CLOSED: &str = "User has not interacted with the OA in the last 7 days";

/// The running bot (a [`RunBot`]: its config, data, process and logs), on Zalo too if asked.
pub struct Bot {
    pub run: RunBot,
    /// The Zalo webhook's port (0 without Zalo).
    pub port: u16,
    zalo: bool,
}

impl Deref for Bot {
    type Target = RunBot;
    fn deref(&self) -> &RunBot {
        &self.run
    }
}

impl DerefMut for Bot {
    fn deref_mut(&mut self) -> &mut RunBot {
        &mut self.run
    }
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
        let mut sections = support::binary::quick_sections(60, telegram);
        if let Some(z) = zalo {
            sections.push_str(&format!(
                "\n[zalo]\napp_id = \"{APP_ID}\"\naccess_token = \"access-0\"\nrefresh_token = \"refresh-0\"\n\
                 listen = \"127.0.0.1:0\"\nwebhook_path = \"/zalo/hook\"\n\
                 openapi_url = \"{url}\"\noauth_url = \"{url}/\"\nrate = 200\nmax_body_bytes = 8192\n{zalo_extra}\n",
                url = z.url,
            ));
        }
        Bot {
            run: RunBot::with_base(edit, &sections),
            port: 0,
            zalo: zalo.is_some(),
        }
    }

    /// Starts the bot with `extra` in its environment (the test clock is off unless
    /// `extra` turns it on); waits until its Zalo webhook (or, without Zalo, its control
    /// socket) answers.
    pub async fn start(&mut self, tg: &FakeTelegram, extra: &[(&str, &str)]) {
        self.launch(Some(tg), None, extra).await
    }

    /// Like [`Bot::start`], with no Telegram token: the bot serves Zalo only.
    pub async fn start_zalo_only(&mut self, extra: &[(&str, &str)]) {
        self.launch(None, None, extra).await
    }

    /// Starts the bot with the test clock on, `offset` ahead of real time.
    pub async fn start_clock(&mut self, tg: &FakeTelegram, offset: chrono::Duration) {
        self.launch(Some(tg), Some(offset), &[]).await
    }

    async fn launch(
        &mut self,
        tg: Option<&FakeTelegram>,
        clock: Option<chrono::Duration>,
        extra: &[(&str, &str)],
    ) {
        let mut env = vec![
            ("ZALO_APP_SECRET_KEY", APP_SECRET),
            ("ZALO_OA_SECRET_KEY", OA_SECRET),
        ];
        env.extend_from_slice(extra);
        let mut unset = vec!["TELOXIDE_TOKEN"];
        let url = tg.map(|tg| tg.url.as_str());
        match clock {
            Some(offset) => self.run.start_clock_with(url, offset, &env, &unset),
            None => {
                if !extra.iter().any(|(k, _)| *k == support::TEST_CLOCK.0) {
                    unset.extend(["LOABAN_TEST_CLOCK", "LOABAN_TEST_CLOCK_OFFSET"]);
                }
                self.run.start_with(url, &env, &unset);
            }
        }
        if self.zalo {
            self.port = self.run.wait_zalo_webhook().await;
        } else {
            self.run.wait_socket().await;
        }
    }

    /// A client posting signed events to the bot's Zalo webhook.
    pub fn webhook(&self) -> Webhook {
        Webhook::new(format!("http://127.0.0.1:{}/zalo/hook", self.port))
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
