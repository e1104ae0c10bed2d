//! Test support: a bot over a real sled store in a temp dir, and a fake channel that
//! records deliveries. Nothing of our own core or store is mocked.
#![allow(dead_code)]

pub mod binary;
pub mod console_json;
pub mod local_time;
pub mod process;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use loaban::delivery::{Deliver, SendOutcome, Worker};
use loaban::message::{Address, Inbound, InboundBody, OutMessage, Outbound, UserId};
use loaban::model::FailReason;
use loaban::service::{self as app, App};
use loaban::store::ScheduledNotice;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A config like the shipped one, with a third hamlet (no content) headed by a head of two
/// hamlets, and absolute paths so it works from a temp dir. Quiet hours are off, so that no
/// test depends on the hour it runs at; a test of them sets `QUIET_OFF` to its own hours.
pub const QUIET_OFF: &str = "quiet_hours = \"\"";

/// An edit of the test config setting its quiet hours to `hours` ("21:00-06:00"; "" for
/// none), for [`Bot::with_config`] and `binary::RunBot::with_base`.
pub fn quiet_hours(hours: &str) -> impl FnOnce(String) -> String {
    let line = format!("quiet_hours = \"{hours}\"");
    move |config| config.replace(QUIET_OFF, &line)
}

pub fn config_text(data_dir: &Path) -> String {
    format!(
        r#"data_dir = "{data}"
default_locale = "vi"
locales_dir = "{repo}/locales"
default_content = "{repo}/content/default.toml"
admins = ["telegram:9001", "console:admin"]

[[hamlets]]
id = "dong"
name = "Bản Đông"
heads = ["telegram:1001"]
aliases = ["Đông"]

[[hamlets]]
id = "he"
name = "Bản He"
heads = ["telegram:1002", "telegram:1003"]

[[hamlets]]
id = "na_lai"
name = "Bản Nà Lại"
heads = ["telegram:1003"]
aliases = ["Nà Lại"]

[notices]
quiet_hours = ""
"#,
        data = data_dir.display(),
        repo = repo().display()
    )
}

pub struct Bot {
    pub dir: tempfile::TempDir,
    pub config_path: PathBuf,
    pub app: App,
}

impl Bot {
    pub fn new() -> Bot {
        Bot::with_config(|c| c)
    }

    /// A bot whose config is the test config changed by `edit`.
    pub fn with_config(edit: impl FnOnce(String) -> String) -> Bot {
        let dir = tempfile::tempdir().expect("temp dir");
        let config_path = dir.path().join("config.toml");
        std::fs::write(&config_path, edit(config_text(&dir.path().join("data")))).unwrap();
        let app = app::open(&config_path).expect("bot opens");
        Bot {
            dir,
            config_path,
            app,
        }
    }

    /// Closes and reopens the same store, as a restart does.
    pub fn restart(self) -> Bot {
        let Bot {
            dir,
            config_path,
            app,
        } = self;
        app.store.flush().unwrap();
        drop(app);
        let app = app::open(&config_path).expect("bot reopens");
        Bot {
            dir,
            config_path,
            app,
        }
    }

    pub fn send(&self, user: &str, body: InboundBody, private: bool) -> Vec<Outbound> {
        let user: UserId = user.parse().unwrap();
        self.app.core.handle(&Inbound {
            chat: user.private_chat(),
            user,
            lang_hint: None,
            private,
            name: None,
            body,
        })
    }

    /// Sends text in a private chat and returns the one reply.
    pub fn say(&self, user: &str, text: &str) -> OutMessage {
        let mut out = self.send(user, InboundBody::Text(text.into()), true);
        assert_eq!(out.len(), 1, "one reply to {text:?}");
        let o = out.remove(0);
        assert_eq!(o.to.key(), user, "reply goes back to the sender's chat");
        o.message
    }

    pub fn press(&self, user: &str, payload: &str) -> OutMessage {
        let mut out = self.send(user, InboundBody::Button(payload.into()), true);
        assert_eq!(out.len(), 1);
        out.remove(0).message
    }

    /// Subscribes `n` villagers (telegram:5000…) to `hamlet`; returns their ids.
    pub fn villagers(&self, n: usize, first: usize, hamlet: &str) -> Vec<String> {
        (first..first + n)
            .map(|i| {
                let u = format!("telegram:{i}");
                let r = self.say(&u, &format!("/dangky {hamlet}"));
                assert!(
                    r.text.contains('✅') || r.text.contains("từ trước"),
                    "{}",
                    r.text
                );
                u
            })
            .collect()
    }

    pub fn worker(&self, deliver: Arc<FakeChannel>) -> Worker {
        Worker::new(self.app.core.clone(), deliver)
    }

    /// Sends everything queued through a new [`FakeChannel`]; returns it.
    pub async fn deliver(&self) -> Arc<FakeChannel> {
        let channel = Arc::new(FakeChannel::default());
        self.deliver_to(&channel).await;
        channel
    }

    /// Sends everything queued through `channel`.
    pub async fn deliver_to(&self, channel: &Arc<FakeChannel>) {
        self.worker(channel.clone()).drain().await.unwrap();
    }

    /// `user` writes "/thongbao TEXT" and chooses "⏰ Hẹn giờ" in the preview; returns the
    /// question when to send it.
    pub fn draft_for_later(&self, user: &str, text: &str) -> OutMessage {
        self.say(user, &format!("/thongbao {text}"));
        self.press(user, "bcs")
    }

    /// `user` types "/hengio TYPED" and confirms the time read back; returns the answer to
    /// the confirmation.
    pub fn schedule(&self, user: &str, typed: &str) -> OutMessage {
        self.say(user, &format!("/hengio {typed}"));
        self.press(user, "bcsy")
    }

    /// The notices waiting for their time, soonest first.
    pub fn scheduled(&self) -> Vec<ScheduledNotice> {
        self.app.store.scheduled_notices().unwrap()
    }

    /// Releases the notices due at `now`, as the clock's tick does; returns what their
    /// authors are told.
    pub fn release_due(&self, now: DateTime<Utc>) -> Vec<Outbound> {
        self.app.core.release_due(now).unwrap()
    }

    /// Like [`Bot::release_due`], when one author is told one thing (fails otherwise);
    /// returns it.
    pub fn release_one(&self, now: DateTime<Utc>) -> Outbound {
        let mut notes = self.release_due(now);
        assert_eq!(notes.len(), 1, "{notes:?}");
        notes.remove(0)
    }
}

/// A fake messenger at the channel boundary: records sends; some recipients have blocked
/// the bot, some fail transiently a number of times.
#[derive(Default)]
pub struct FakeChannel {
    pub sent: Mutex<Vec<(Address, OutMessage)>>,
    pub blocked: BTreeSet<String>,
    pub flaky: Mutex<std::collections::BTreeMap<String, u32>>,
}

impl FakeChannel {
    pub fn blocking(blocked: &[&str]) -> FakeChannel {
        FakeChannel {
            blocked: blocked.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    pub fn sent_to(&self, key: &str) -> Vec<String> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .filter(|(a, _)| a.key() == key)
            .map(|(_, m)| m.text.clone())
            .collect()
    }

    /// The one message sent to `key` (fails unless there is exactly one).
    pub fn one_to(&self, key: &str) -> String {
        let mut got = self.sent_to(key);
        assert_eq!(got.len(), 1, "{key}: {got:?}");
        got.remove(0)
    }

    pub fn all(&self) -> Vec<(String, String)> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .map(|(a, m)| (a.key(), m.text.clone()))
            .collect()
    }
}

impl Deliver for FakeChannel {
    async fn deliver(&self, to: &Address, message: &OutMessage) -> SendOutcome {
        if self.blocked.contains(&to.key()) {
            return SendOutcome::Gone(FailReason::RecipientGone {
                words: "Forbidden: bot was blocked by the user".into(),
            });
        }
        if let Some(n) = self.flaky.lock().unwrap().get_mut(&to.key())
            && *n > 0
        {
            *n -= 1;
            return SendOutcome::Transient(FailReason::Network {
                words: "connection reset".into(),
            });
        }
        self.sent
            .lock()
            .unwrap()
            .push((to.clone(), message.clone()));
        SendOutcome::Sent
    }
}

pub fn payloads(m: &OutMessage) -> Vec<String> {
    m.payloads()
}

pub fn labels(m: &OutMessage) -> Vec<String> {
    m.buttons
        .iter()
        .flatten()
        .map(|b| b.label.clone())
        .collect()
}

/// Runs the built `loaban` binary; returns (exit code, stdout, stderr).
pub fn loaban(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args(args)
        .output()
        .expect("run loaban");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The port of the `n`-th "webhook listening" line the bot logged (0: its first start).
pub fn zalo_listening_port(logs: &str, n: usize) -> Option<u16> {
    let line = logs
        .lines()
        .filter(|l| l.contains("zalo: webhook listening on 127.0.0.1:"))
        .nth(n)?;
    let rest = line.split("127.0.0.1:").nth(1)?;
    rest.split('/').next()?.parse().ok()
}

/// Waits until the bot's `n`-th start has logged its Zalo webhook's port (the system picks
/// it) and the webhook answers; returns the port.
pub async fn wait_for_zalo_webhook(logs: impl Fn() -> String, n: usize) -> u16 {
    let mut port = None;
    for _ in 0..1500 {
        port = zalo_listening_port(&logs(), n);
        if port.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let port = port.unwrap_or_else(|| panic!("the webhook never listened: {}", logs()));
    // Ready when the webhook answers.
    let url = format!("http://127.0.0.1:{port}/zalo/hook");
    for _ in 0..500 {
        if let Ok(r) = reqwest::get(&url).await
            && r.status().is_success()
        {
            return port;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the webhook never came up: {}", logs());
}

/// Waits until the bot running on `data_dir` answers on its control socket.
pub async fn wait_for_socket(data_dir: &Path, logs: impl Fn() -> String) {
    use loaban::service::control::{ControlRequest, ask};
    for _ in 0..1500 {
        if ask(data_dir, &ControlRequest::State).await.is_ok() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the control socket never answered: {}", logs());
}

/// The environment that turns the running bot's test clock on (`LOABAN_TEST_CLOCK=1`).
pub const TEST_CLOCK: (&str, &str) = ("LOABAN_TEST_CLOCK", "1");

/// Moves the clock of the bot running on `data_dir` (started with [`TEST_CLOCK`]) forward
/// by `by`, through its control socket; returns the bot's answer ("clock advanced by …; now
/// …"). Panics if the bot refuses. A test restarting the bot passes the total it advanced as
/// `LOABAN_TEST_CLOCK_OFFSET` (seconds) so the days stay passed.
pub async fn advance_clock(data_dir: &Path, by: chrono::Duration) -> String {
    let r = try_advance_clock(data_dir, by).await;
    assert!(r.ok, "the bot refused to move its clock: {}", r.output);
    r.output
}

/// Like [`advance_clock`], returning the bot's answer whether it agreed or not.
pub async fn try_advance_clock(
    data_dir: &Path,
    by: chrono::Duration,
) -> loaban::service::control::ControlResponse {
    use loaban::service::control::{ControlRequest, ask};
    ask(
        data_dir,
        &ControlRequest::AdvanceClock {
            seconds: by.num_seconds(),
        },
    )
    .await
    .expect("the running bot answers on its control socket")
}
