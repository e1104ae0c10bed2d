//! The built `loaban run` over the test config in a temp dir: the config written (the test
//! config, then the sections a test adds), the process started with a Telegram token and
//! the fake Bot API's address, signalled, stopped, its logs. Every test of the real binary
//! builds its bot here (`mixed_hamlet.rs` adds Zalo and the test clock on top).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::process::Running;

/// The Telegram token the tests' bots run with; no log may show it.
pub const TG_TOKEN: &str = "123:SECRET-token-never-logged";

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

    pub fn signal(&mut self, sig: i32) {
        self.process.signal(sig);
    }

    /// Waits for the process to exit; returns its exit code.
    pub async fn wait_exit(&mut self, limit: Duration) -> Option<i32> {
        self.process.wait_exit(limit).await
    }

    /// SIGTERM, then waits for the exit; returns its code.
    pub async fn stop(&mut self) -> Option<i32> {
        self.signal(libc::SIGTERM);
        self.wait_exit(Duration::from_secs(8)).await
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
