//! The built `loaban run` over the test config in a temp dir: the config written (the test
//! config, then the sections a test adds), the process started with a Telegram token and
//! the fake Bot API's address (with or without the test clock), waited for until it answers,
//! its clock moved, signalled, stopped, its logs. Every test of the real binary builds its
//! bot here (`mixed_hamlet.rs` adds Zalo on top).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::process::Running;

/// The Telegram token the tests' bots run with; no log may show it.
pub const TG_TOKEN: &str = "123:SECRET-token-never-logged";

/// `[telegram]` limits that never hold a send back.
pub const FAST_TELEGRAM: &str = "global_rate = 1000\nper_chat_rate = 1000";

/// The `[delivery]` and `[telegram]` sections of a bot that retries a second later and gives
/// up after two attempts, reports a running broadcast's progress every `progress_seconds`,
/// long-polls Telegram for a second, with `telegram` at the end of `[telegram]`.
pub fn quick_sections(progress_seconds: u32, telegram: &str) -> String {
    format!(
        "[delivery]\nretry_base_seconds = 1\nprogress_seconds = {progress_seconds}\nmax_attempts = 2\n\n\
         [telegram]\npoll_timeout_seconds = 1\n{telegram}\n"
    )
}

/// How long a bot may take from SIGTERM to its exit before a test fails. A stop is prompt
/// (a few hundred ms; at most the 2 s the channels give the answers already queued, while
/// in-flight sends finish beside them): this is generous for a loaded 2-core machine, and
/// still fails a stop that waits for something it should not (a sender waiting for its
/// turn, a report, a long poll).
pub const STOP_LIMIT: Duration = Duration::from_secs(8);

/// A bot's config, data and process (not started until [`RunBot::start`]).
pub struct RunBot {
    /// The folder holding the config and the logs.
    pub root: PathBuf,
    pub config: PathBuf,
    pub data: PathBuf,
    pub process: Running,
    /// The temp dir behind `root`, when the bot made it.
    _dir: Option<tempfile::TempDir>,
}

impl RunBot {
    /// The test config (`support::config_text`) with `sections` after it.
    pub fn new(sections: &str) -> RunBot {
        RunBot::with_base(|base| base, sections)
    }

    /// Like [`RunBot::new`], with the test config changed by `edit`.
    pub fn with_base(edit: impl FnOnce(String) -> String, sections: &str) -> RunBot {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let mut bot = RunBot::write(&root, &root.join("data"), edit, sections);
        bot._dir = Some(dir);
        bot
    }

    /// The config in `root` (a folder the caller keeps), the data in `data`.
    pub fn in_dir(root: &Path, data: &Path, sections: &str) -> RunBot {
        RunBot::write(root, data, |base| base, sections)
    }

    fn write(
        root: &Path,
        data: &Path,
        edit: impl FnOnce(String) -> String,
        sections: &str,
    ) -> RunBot {
        let config = root.join("config.toml");
        let text = format!("{}\n{sections}", edit(super::config_text(data)));
        std::fs::write(&config, text).unwrap();
        RunBot {
            root: root.to_path_buf(),
            config,
            data: data.to_path_buf(),
            process: Running::new(root),
            _dir: None,
        }
    }

    /// Starts `loaban run` on the Telegram Bot API at `api_url`, with `extra` in its
    /// environment.
    pub fn start(&mut self, api_url: &str, extra: &[(&str, &str)]) {
        self.start_with(Some(api_url), extra, &[]);
    }

    /// Starts `loaban run`: with a Telegram token when `api_url` is given, `set` in its
    /// environment and `unset` removed from it.
    pub fn start_with(&mut self, api_url: Option<&str>, set: &[(&str, &str)], unset: &[&str]) {
        let mut env = Vec::new();
        if let Some(url) = api_url {
            env.extend([("TELOXIDE_TOKEN", TG_TOKEN), ("TELOXIDE_API_URL", url)]);
        }
        env.extend_from_slice(set);
        self.process.start(&self.config, &env, unset);
    }

    /// Like [`RunBot::start_with`], with the test clock on ([`support::TEST_CLOCK`]),
    /// `offset` ahead of real time (`LOABAN_TEST_CLOCK_OFFSET`: a restarted bot is given the
    /// total it advanced, so that the days stay passed).
    ///
    /// [`support::TEST_CLOCK`]: super::TEST_CLOCK
    pub fn start_clock_with(
        &mut self,
        api_url: Option<&str>,
        offset: chrono::Duration,
        set: &[(&str, &str)],
        unset: &[&str],
    ) {
        let offset = offset.num_seconds().to_string();
        let mut env = vec![
            super::TEST_CLOCK,
            ("LOABAN_TEST_CLOCK_OFFSET", offset.as_str()),
        ];
        env.extend_from_slice(set);
        self.start_with(api_url, &env, unset);
    }

    /// Starts `loaban run` on the Telegram Bot API at `api_url` with the test clock `offset`
    /// ahead of real time; waits until its control socket answers.
    pub async fn start_clock(&mut self, api_url: &str, offset: chrono::Duration) {
        self.start_clock_with(Some(api_url), offset, &[], &[]);
        self.wait_socket().await;
    }

    /// Waits until the running bot answers on its control socket.
    pub async fn wait_socket(&self) {
        super::wait_for_socket(&self.data, || self.logs()).await;
    }

    /// Waits until the latest run's Zalo webhook answers; returns its port.
    pub async fn wait_zalo_webhook(&self) -> u16 {
        super::wait_for_zalo_webhook(|| self.logs(), self.process.runs() - 1).await
    }

    /// Moves the running bot's test clock forward by `by`; returns its answer.
    pub async fn advance(&self, by: chrono::Duration) -> String {
        super::advance_clock(&self.data, by).await
    }

    pub fn signal(&mut self, sig: i32) {
        self.process.signal(sig);
    }

    /// Waits for the process to exit; returns its exit code.
    pub async fn wait_exit(&mut self, limit: Duration) -> Option<i32> {
        self.process.wait_exit(limit).await
    }

    /// SIGTERM, then waits (at most [`STOP_LIMIT`]) for the exit; returns its code.
    pub async fn stop(&mut self) -> Option<i32> {
        self.stop_timed().await.0
    }

    /// Like [`RunBot::stop`]; also how long the bot took from SIGTERM to its exit (printed,
    /// for `--nocapture`).
    pub async fn stop_timed(&mut self) -> (Option<i32>, Duration) {
        let sent = std::time::Instant::now();
        self.signal(libc::SIGTERM);
        let code = self.wait_exit(STOP_LIMIT).await;
        let took = sent.elapsed();
        eprintln!(
            "SIGTERM at {} -> exit {code:?} in {took:.2?}",
            (chrono::Utc::now() - took).format("%H:%M:%S%.3f")
        );
        if took > Duration::from_secs(1) {
            eprintln!(
                "the bot's own log lines since the stop:\n{}",
                self.stop_log()
            );
        }
        (code, took)
    }

    /// Stops the bot like [`RunBot::stop`]; fails, with its logs, unless it exited 0 within
    /// [`STOP_LIMIT`]. Returns how long it took.
    pub async fn stop_ok(&mut self) -> Duration {
        let (code, took) = self.stop_timed().await;
        assert_eq!(code, Some(0), "after {took:.2?}: {}", self.logs());
        took
    }

    /// The latest run's log lines from the bot itself (not its libraries') since it was told
    /// to stop: what a slow stop waited for.
    pub fn stop_log(&self) -> String {
        let logs = self.logs();
        let from = logs.rfind("stopping: finishing").unwrap_or(0);
        let from = logs[..from].rfind('\n').map_or(0, |i| i + 1);
        logs[from..]
            .lines()
            .filter(|l| l.contains(" loaban"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Every run's log, in order.
    pub fn logs(&self) -> String {
        self.process.logs()
    }

    /// The config's path as the command line takes it.
    pub fn config_arg(&self) -> &str {
        self.config.to_str().unwrap()
    }
}
