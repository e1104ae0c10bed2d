//! `config.toml`: what admins edit — roles, hamlets, limits, paths. The defaults are in
//! `defaults`, the checks serde cannot make in `validate`, file and line in `locate`.

use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use serde::{Deserialize, Serialize};

mod defaults;
pub mod locate;
mod validate;

use crate::model::Locale;
use locate::{Problem, Problems, line_of_field, problem_from_toml_error};
pub use validate::{PLATFORMS, check_user_id, is_slug};

/// The whole config file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the sled store lives; relative paths resolve against the config file's folder.
    pub data_dir: PathBuf,
    #[serde(default = "defaults::default_locale")]
    pub default_locale: Locale,
    /// UTC offset used to show dates, e.g. "+07:00".
    #[serde(default = "defaults::timezone")]
    pub timezone: String,
    #[serde(default = "defaults::locales_dir")]
    pub locales_dir: PathBuf,
    /// Content imported into an empty store on first start.
    #[serde(default = "defaults::default_content")]
    pub default_content: PathBuf,
    #[serde(default)]
    pub admins: Vec<String>,
    #[serde(default)]
    pub hamlets: Vec<HamletConfig>,
    #[serde(default)]
    pub store: StoreConfig,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub delivery: DeliveryConfig,
    #[serde(default)]
    pub notices: NoticesConfig,
    #[serde(default)]
    pub questions: QuestionsConfig,
    #[serde(default)]
    pub telegram: TelegramConfig,
    #[serde(default)]
    pub backup: BackupConfig,
    /// The Zalo Official Account channel; absent means no Zalo.
    pub zalo: Option<ZaloConfig>,
    /// The folder of the config file; set by `load`, not read from the file.
    #[serde(skip)]
    pub base_dir: PathBuf,
}

/// One hamlet (bản).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HamletConfig {
    /// ASCII slug used in commands, links and the store, e.g. "dong".
    pub id: String,
    /// Display name, e.g. "Bản Đông".
    pub name: String,
    /// Hamlet heads (trưởng bản) as platform user ids, e.g. "telegram:1001".
    #[serde(default)]
    pub heads: Vec<String>,
    /// Other names people type for it.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    /// sled page cache in MiB (sled's own default is 1 GiB, far too much for a small machine).
    pub cache_mb: u64,
    /// How often sled flushes to disk in the background, in milliseconds.
    pub flush_every_ms: u64,
    /// How long a flush that must reach the disk waits for others to share it, in
    /// milliseconds (group commit).
    pub group_commit_ms: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Longer incoming messages are refused with a short answer.
    pub max_message_chars: usize,
    /// Longest announcement a head may send (Zalo allows 2,000 characters, Telegram 4,096).
    pub max_broadcast_chars: usize,
    /// How many recent announcements `/news` shows.
    pub news_count: usize,
    /// How long an unconfirmed broadcast draft stays valid.
    pub draft_minutes: i64,
    /// Messages one person may send in a minute; the next gets one "slow down" and the rest
    /// of that minute is dropped unread.
    pub per_person_per_minute: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeliveryConfig {
    /// Attempts before a send that keeps failing transiently is recorded as failed.
    pub max_attempts: u32,
    /// First retry delay in seconds; doubles on each attempt.
    pub retry_base_seconds: u64,
    /// A broadcast still running after this many seconds sends its author a progress note
    /// (and another every as many seconds).
    pub progress_seconds: u64,
}

/// Hamlet notices after they are sent: how long "✅ Đã nhận" counts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct NoticesConfig {
    /// Days a notice stays valid after it reached a person: within them, pressing
    /// "✅ Đã nhận" or writing to the bot acknowledges it. Also a notice's validity for
    /// catch-up when its head did not choose one in the preview.
    pub valid_days: i64,
}

/// Questions villagers send to an officer ("ask a person").
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuestionsConfig {
    /// Days after which a question still without an answer is overdue: listed as such in
    /// /cauhoi and reminded, once, to the officers it was sent to.
    pub overdue_days: i64,
}

/// The backups the running bot takes by itself.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct BackupConfig {
    /// Folder for the backup files; a relative path is next to the store's folder.
    pub dir: PathBuf,
    /// Hours between two backups; 0 turns automatic backups off.
    pub every_hours: u64,
    /// How many backups are kept; older ones are deleted.
    pub keep: usize,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelegramConfig {
    /// Bot token; the environment variable TELOXIDE_TOKEN takes precedence.
    pub token: Option<String>,
    /// Bot API base URL; TELOXIDE_API_URL takes precedence.
    pub api_url: Option<String>,
    /// Messages per second to all chats together (Telegram allows about 30).
    pub global_rate: f64,
    /// Messages per second to one chat (Telegram allows about 1).
    pub per_chat_rate: f64,
    /// Broadcast sends in flight at once; enough to reach `global_rate` despite latency.
    pub concurrency: usize,
    /// Long-polling timeout for getUpdates, in seconds.
    pub poll_timeout_seconds: u64,
}

/// The Zalo Official Account channel. Secrets may come from the environment instead
/// (ZALO_APP_SECRET_KEY, ZALO_OA_SECRET_KEY, ZALO_ACCESS_TOKEN, ZALO_REFRESH_TOKEN), which
/// take precedence.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ZaloConfig {
    /// The app id from developers.zalo.me (digits).
    pub app_id: String,
    /// The app's secret key: authenticates token refreshes.
    pub app_secret_key: Option<String>,
    /// The OA secret key from the app's webhook settings: verifies webhook signatures.
    pub oa_secret_key: Option<String>,
    /// The first OA access token (later ones are refreshed and kept in the store).
    pub access_token: Option<String>,
    /// The first refresh token (single use; the rotated ones are kept in the store).
    pub refresh_token: Option<String>,
    /// Where the webhook server listens (behind an HTTPS reverse proxy).
    #[serde(default = "defaults::zalo_listen")]
    pub listen: String,
    /// The path Zalo posts events to.
    #[serde(default = "defaults::zalo_webhook_path")]
    pub webhook_path: String,
    /// The OA OpenAPI base URL.
    #[serde(default = "defaults::zalo_openapi_url")]
    pub openapi_url: String,
    /// The OAuth base URL (token refresh).
    #[serde(default = "defaults::zalo_oauth_url")]
    pub oauth_url: String,
    /// Messages per second to Zalo, all users together.
    #[serde(default = "defaults::zalo_rate")]
    pub rate: f64,
    /// Broadcast sends to Zalo in flight at once.
    #[serde(default = "defaults::zalo_concurrency")]
    pub concurrency: usize,
    /// Largest webhook body accepted; bigger ones get 400.
    #[serde(default = "defaults::zalo_max_body_bytes")]
    pub max_body_bytes: usize,
}

impl Config {
    /// Reads, parses and validates `path`. Every problem is reported, each with file, line
    /// and field.
    pub fn load(path: &Path) -> Result<Config, Problems> {
        let file = path.display().to_string();
        let src = crate::config::locate::read(path)?;
        let mut config: Config = toml::from_str(&src)
            .map_err(|e| Problems(vec![problem_from_toml_error(&file, &src, &e)]))?;
        config.base_dir = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        let problems: Vec<Problem> = config
            .validate()
            .into_iter()
            .map(|(field, message)| Problem {
                file: file.clone(),
                line: line_of_field(&src, &field),
                field,
                message,
            })
            .collect();
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(Problems(problems))
        }
    }

    /// A path from the config resolved against the config file's folder.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base_dir.join(p)
        }
    }

    pub fn data_path(&self) -> PathBuf {
        self.resolve(&self.data_dir)
    }

    /// Where automatic backups go: `[backup] dir`, a relative one next to the store's
    /// folder (where the service may write), e.g. /var/lib/loaban/backups.
    pub fn backup_path(&self) -> PathBuf {
        let data = self.data_path();
        match data.parent() {
            Some(parent) if self.backup.dir.is_relative() => parent.join(&self.backup.dir),
            _ => self.resolve(&self.backup.dir),
        }
    }

    pub fn utc_offset(&self) -> Option<FixedOffset> {
        validate::parse_offset(&self.timezone)
    }

    pub fn hamlet(&self, id: &str) -> Option<&HamletConfig> {
        self.hamlets.iter().find(|h| h.id == id)
    }

    pub fn is_admin(&self, user: &str) -> bool {
        self.admins.iter().any(|a| a == user)
    }

    /// Hamlet ids this user heads, in config order.
    pub fn hamlets_headed_by(&self, user: &str) -> Vec<&str> {
        self.hamlets
            .iter()
            .filter(|h| h.heads.iter().any(|x| x == user))
            .map(|h| h.id.as_str())
            .collect()
    }
}
