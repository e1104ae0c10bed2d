//! `config.toml`: what admins edit — roles, hamlets, limits, paths — and its validation.

use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use serde::Deserialize;

pub mod locate;

use crate::model::Locale;
use crate::text::fold::fold;
use locate::{Problem, Problems, line_of_field, problem_from_toml_error};

/// Platforms a user id may name. A role for any other platform is a typo.
pub const PLATFORMS: [&str; 3] = ["telegram", "zalo", "console"];

/// Every default in one place, so `config.toml`'s comments and the code cannot disagree.
mod defaults {
    use super::*;
    pub fn default_locale() -> Locale {
        Locale::Vi
    }
    pub fn timezone() -> String {
        "+07:00".into()
    }
    pub fn locales_dir() -> PathBuf {
        "locales".into()
    }
    pub fn default_content() -> PathBuf {
        "content/default.toml".into()
    }
    pub const CACHE_MB: u64 = 8;
    pub const FLUSH_EVERY_MS: u64 = 500;
    pub const GROUP_COMMIT_MS: u64 = 200;
    pub const MAX_MESSAGE_CHARS: usize = 4096;
    pub const PER_PERSON_PER_MINUTE: u32 = 20;
    pub const MAX_BROADCAST_CHARS: usize = 2000;
    pub const NEWS_COUNT: usize = 5;
    pub const DRAFT_MINUTES: i64 = 30;
    pub const MAX_ATTEMPTS: u32 = 5;
    pub const RETRY_BASE_SECONDS: u64 = 2;
    pub const PROGRESS_SECONDS: u64 = 60;
    pub const TELEGRAM_GLOBAL_RATE: f64 = 30.0;
    pub const TELEGRAM_PER_CHAT_RATE: f64 = 1.0;
    pub const TELEGRAM_CONCURRENCY: usize = 16;
    pub const TELEGRAM_POLL_TIMEOUT_SECONDS: u64 = 10;
    pub fn backup_dir() -> PathBuf {
        "backups".into()
    }
    pub const BACKUP_EVERY_HOURS: u64 = 24;
    pub const BACKUP_KEEP: usize = 14;
    pub fn zalo_listen() -> String {
        "127.0.0.1:8088".into()
    }
    pub fn zalo_webhook_path() -> String {
        "/zalo/webhook".into()
    }
    pub fn zalo_openapi_url() -> String {
        "https://openapi.zalo.me".into()
    }
    pub fn zalo_oauth_url() -> String {
        "https://oauth.zaloapp.com".into()
    }
    pub fn zalo_rate() -> f64 {
        10.0
    }
    pub fn zalo_concurrency() -> usize {
        4
    }
    pub fn zalo_max_body_bytes() -> usize {
        64 * 1024
    }
}

/// The whole config file.
#[derive(Debug, Clone, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    /// sled page cache in MiB (sled's own default is 1 GiB, far too much for a small machine).
    #[serde(default = "store_cache_mb")]
    pub cache_mb: u64,
    /// How often sled flushes to disk in the background, in milliseconds.
    #[serde(default = "store_flush_every_ms")]
    pub flush_every_ms: u64,
    /// How long a flush that must reach the disk waits for others to share it, in
    /// milliseconds (group commit).
    #[serde(default = "store_group_commit_ms")]
    pub group_commit_ms: u64,
}
fn store_cache_mb() -> u64 {
    defaults::CACHE_MB
}
fn store_flush_every_ms() -> u64 {
    defaults::FLUSH_EVERY_MS
}
fn store_group_commit_ms() -> u64 {
    defaults::GROUP_COMMIT_MS
}
impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            cache_mb: defaults::CACHE_MB,
            flush_every_ms: defaults::FLUSH_EVERY_MS,
            group_commit_ms: defaults::GROUP_COMMIT_MS,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Longer incoming messages are refused with a short answer.
    #[serde(default = "limits_max_message_chars")]
    pub max_message_chars: usize,
    /// Longest announcement a head may send (Zalo allows 2,000 characters, Telegram 4,096).
    #[serde(default = "limits_max_broadcast_chars")]
    pub max_broadcast_chars: usize,
    /// How many recent announcements `/news` shows.
    #[serde(default = "limits_news_count")]
    pub news_count: usize,
    /// How long an unconfirmed broadcast draft stays valid.
    #[serde(default = "limits_draft_minutes")]
    pub draft_minutes: i64,
    /// Messages one person may send in a minute; the next gets one "slow down" and the rest
    /// of that minute is dropped unread.
    #[serde(default = "limits_per_person_per_minute")]
    pub per_person_per_minute: u32,
}
fn limits_max_message_chars() -> usize {
    defaults::MAX_MESSAGE_CHARS
}
fn limits_max_broadcast_chars() -> usize {
    defaults::MAX_BROADCAST_CHARS
}
fn limits_news_count() -> usize {
    defaults::NEWS_COUNT
}
fn limits_draft_minutes() -> i64 {
    defaults::DRAFT_MINUTES
}
fn limits_per_person_per_minute() -> u32 {
    defaults::PER_PERSON_PER_MINUTE
}
impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_chars: defaults::MAX_MESSAGE_CHARS,
            max_broadcast_chars: defaults::MAX_BROADCAST_CHARS,
            news_count: defaults::NEWS_COUNT,
            draft_minutes: defaults::DRAFT_MINUTES,
            per_person_per_minute: defaults::PER_PERSON_PER_MINUTE,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryConfig {
    /// Attempts before a send that keeps failing transiently is recorded as failed.
    #[serde(default = "delivery_max_attempts")]
    pub max_attempts: u32,
    /// First retry delay in seconds; doubles on each attempt.
    #[serde(default = "delivery_retry_base_seconds")]
    pub retry_base_seconds: u64,
    /// A broadcast still running after this many seconds sends its author a progress note
    /// (and another every as many seconds).
    #[serde(default = "delivery_progress_seconds")]
    pub progress_seconds: u64,
}
fn delivery_progress_seconds() -> u64 {
    defaults::PROGRESS_SECONDS
}
fn delivery_max_attempts() -> u32 {
    defaults::MAX_ATTEMPTS
}
fn delivery_retry_base_seconds() -> u64 {
    defaults::RETRY_BASE_SECONDS
}
impl Default for DeliveryConfig {
    fn default() -> Self {
        DeliveryConfig {
            max_attempts: defaults::MAX_ATTEMPTS,
            retry_base_seconds: defaults::RETRY_BASE_SECONDS,
            progress_seconds: defaults::PROGRESS_SECONDS,
        }
    }
}

/// The backups the running bot takes by itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupConfig {
    /// Folder for the backup files; a relative path is next to the store's folder.
    #[serde(default = "defaults::backup_dir")]
    pub dir: PathBuf,
    /// Hours between two backups; 0 turns automatic backups off.
    #[serde(default = "backup_every_hours")]
    pub every_hours: u64,
    /// How many backups are kept; older ones are deleted.
    #[serde(default = "backup_keep")]
    pub keep: usize,
}
fn backup_every_hours() -> u64 {
    defaults::BACKUP_EVERY_HOURS
}
fn backup_keep() -> usize {
    defaults::BACKUP_KEEP
}
impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig {
            dir: defaults::backup_dir(),
            every_hours: defaults::BACKUP_EVERY_HOURS,
            keep: defaults::BACKUP_KEEP,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelegramConfig {
    /// Bot token; the environment variable TELOXIDE_TOKEN takes precedence.
    pub token: Option<String>,
    /// Bot API base URL; TELOXIDE_API_URL takes precedence.
    pub api_url: Option<String>,
    /// Messages per second to all chats together (Telegram allows about 30).
    #[serde(default = "telegram_global_rate")]
    pub global_rate: f64,
    /// Messages per second to one chat (Telegram allows about 1).
    #[serde(default = "telegram_per_chat_rate")]
    pub per_chat_rate: f64,
    /// Broadcast sends in flight at once; enough to reach `global_rate` despite latency.
    #[serde(default = "telegram_concurrency")]
    pub concurrency: usize,
    /// Long-polling timeout for getUpdates, in seconds.
    #[serde(default = "telegram_poll_timeout_seconds")]
    pub poll_timeout_seconds: u64,
}
fn telegram_global_rate() -> f64 {
    defaults::TELEGRAM_GLOBAL_RATE
}
fn telegram_per_chat_rate() -> f64 {
    defaults::TELEGRAM_PER_CHAT_RATE
}
fn telegram_concurrency() -> usize {
    defaults::TELEGRAM_CONCURRENCY
}
fn telegram_poll_timeout_seconds() -> u64 {
    defaults::TELEGRAM_POLL_TIMEOUT_SECONDS
}
impl Default for TelegramConfig {
    fn default() -> Self {
        TelegramConfig {
            token: None,
            api_url: None,
            global_rate: defaults::TELEGRAM_GLOBAL_RATE,
            per_chat_rate: defaults::TELEGRAM_PER_CHAT_RATE,
            concurrency: defaults::TELEGRAM_CONCURRENCY,
            poll_timeout_seconds: defaults::TELEGRAM_POLL_TIMEOUT_SECONDS,
        }
    }
}

/// The Zalo Official Account channel. Secrets may come from the environment instead
/// (ZALO_APP_SECRET_KEY, ZALO_OA_SECRET_KEY, ZALO_ACCESS_TOKEN, ZALO_REFRESH_TOKEN), which
/// take precedence.
#[derive(Debug, Clone, Deserialize)]
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

impl ZaloConfig {
    fn validate(&self, out: &mut Vec<(String, String)>) {
        let mut bad = |field: &str, why: &str| out.push((format!("zalo.{field}"), why.into()));
        if self.app_id.is_empty() || !self.app_id.bytes().all(|b| b.is_ascii_digit()) {
            bad(
                "app_id",
                "must be the app id from developers.zalo.me (digits)",
            );
        }
        if self.listen.parse::<std::net::SocketAddr>().is_err() {
            bad(
                "listen",
                "must be an address and port like \"127.0.0.1:8088\"",
            );
        }
        if !self.webhook_path.starts_with('/') || self.webhook_path.contains(char::is_whitespace) {
            bad(
                "webhook_path",
                "must be a path starting with / like \"/zalo/webhook\"",
            );
        }
        for (field, url) in [
            ("openapi_url", &self.openapi_url),
            ("oauth_url", &self.oauth_url),
        ] {
            if url::Url::parse(url).is_err()
                || !(url.starts_with("http://") || url.starts_with("https://"))
            {
                bad(field, "must be a URL starting with http:// or https://");
            }
        }
        if !(self.rate > 0.0 && self.rate <= 1_000.0) {
            bad(
                "rate",
                "must be above 0 and at most 1000 messages per second",
            );
        }
        if !(1..=256).contains(&self.concurrency) {
            bad("concurrency", "must be between 1 and 256");
        }
        if !(1024..=1024 * 1024).contains(&self.max_body_bytes) {
            bad("max_body_bytes", "must be between 1024 and 1048576");
        }
        for (field, value) in [
            ("app_secret_key", &self.app_secret_key),
            ("oa_secret_key", &self.oa_secret_key),
            ("access_token", &self.access_token),
            ("refresh_token", &self.refresh_token),
        ] {
            // Never echo the secret itself.
            if value.as_ref().is_some_and(|v| v.trim().is_empty()) {
                bad(field, "is empty; remove the line or set the value");
            }
        }
    }
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

    /// Checks what serde cannot: formats, ranges, duplicates, files that must exist.
    /// Returns (field path, message) pairs.
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.data_dir.as_os_str().is_empty() {
            out.push(("data_dir".into(), "must not be empty".into()));
        }
        if self.utc_offset().is_none() {
            out.push((
                "timezone".into(),
                format!("`{}` is not a UTC offset like \"+07:00\"", self.timezone),
            ));
        }
        for (field, p) in [
            ("locales_dir", &self.locales_dir),
            ("default_content", &self.default_content),
        ] {
            if !self.resolve(p).exists() {
                out.push((
                    field.into(),
                    format!("{} does not exist", self.resolve(p).display()),
                ));
            }
        }
        for (i, a) in self.admins.iter().enumerate() {
            if let Err(m) = check_user_id(a) {
                out.push((format!("admins[{i}]"), m));
            }
        }
        let mut seen_ids: Vec<&str> = Vec::new();
        let mut seen_names: Vec<(String, usize)> = Vec::new();
        for (i, h) in self.hamlets.iter().enumerate() {
            if !is_slug(&h.id) {
                out.push((
                    format!("hamlets[{i}].id"),
                    format!(
                        "`{}` must be 1-32 characters of a-z, 0-9 and _ (e.g. \"dong\")",
                        h.id
                    ),
                ));
            }
            if seen_ids.contains(&h.id.as_str()) {
                out.push((
                    format!("hamlets[{i}].id"),
                    format!("`{}` is used by another hamlet", h.id),
                ));
            }
            seen_ids.push(&h.id);
            if h.name.trim().is_empty() {
                out.push((format!("hamlets[{i}].name"), "must not be empty".into()));
            }
            for (j, head) in h.heads.iter().enumerate() {
                if let Err(m) = check_user_id(head) {
                    out.push((format!("hamlets[{i}].heads[{j}]"), m));
                }
            }
            let names = std::iter::once((format!("hamlets[{i}].name"), &h.name)).chain(
                h.aliases
                    .iter()
                    .enumerate()
                    .map(|(j, a)| (format!("hamlets[{i}].aliases[{j}]"), a)),
            );
            for (field, name) in names {
                let folded = fold(name);
                if folded.is_empty() {
                    out.push((field, "must contain letters or digits".into()));
                    continue;
                }
                if let Some((_, other)) = seen_names.iter().find(|(n, o)| *n == folded && *o != i) {
                    out.push((
                        field,
                        format!(
                            "`{name}` is also a name of hamlet `{}`; people could not tell them apart",
                            self.hamlets[*other].id
                        ),
                    ));
                }
                seen_names.push((folded, i));
            }
        }
        if self.backup.dir.as_os_str().is_empty() {
            out.push(("backup.dir".into(), "must not be empty".into()));
        }
        if self.backup.every_hours > 24 * 366 {
            out.push((
                "backup.every_hours".into(),
                "must be at most 8784 (a year); 0 turns automatic backups off".into(),
            ));
        }
        if !(1..=1000).contains(&self.backup.keep) {
            out.push(("backup.keep".into(), "must be between 1 and 1000".into()));
        }
        if !(1..=1024).contains(&self.store.cache_mb) {
            out.push(("store.cache_mb".into(), "must be between 1 and 1024".into()));
        }
        if !(10..=60_000).contains(&self.store.flush_every_ms) {
            out.push((
                "store.flush_every_ms".into(),
                "must be between 10 and 60000".into(),
            ));
        }
        if self.store.group_commit_ms > 1_000 {
            out.push((
                "store.group_commit_ms".into(),
                "must be between 0 and 1000".into(),
            ));
        }
        if !(1..=100_000).contains(&self.limits.max_message_chars) {
            out.push((
                "limits.max_message_chars".into(),
                "must be between 1 and 100000".into(),
            ));
        }
        if !(1..=4096).contains(&self.limits.max_broadcast_chars) {
            out.push((
                "limits.max_broadcast_chars".into(),
                "must be between 1 and 4096 (Telegram's limit)".into(),
            ));
        }
        if !(1..=50).contains(&self.limits.news_count) {
            out.push((
                "limits.news_count".into(),
                "must be between 1 and 50".into(),
            ));
        }
        if !(1..=1440).contains(&self.limits.draft_minutes) {
            out.push((
                "limits.draft_minutes".into(),
                "must be between 1 and 1440".into(),
            ));
        }
        if !(1..=10_000).contains(&self.limits.per_person_per_minute) {
            out.push((
                "limits.per_person_per_minute".into(),
                "must be between 1 and 10000".into(),
            ));
        }
        if !(1..=100).contains(&self.delivery.max_attempts) {
            out.push((
                "delivery.max_attempts".into(),
                "must be between 1 and 100".into(),
            ));
        }
        if !(1..=3600).contains(&self.delivery.retry_base_seconds) {
            out.push((
                "delivery.retry_base_seconds".into(),
                "must be between 1 and 3600".into(),
            ));
        }
        if !(1..=86_400).contains(&self.delivery.progress_seconds) {
            out.push((
                "delivery.progress_seconds".into(),
                "must be between 1 and 86400".into(),
            ));
        }
        let t = &self.telegram;
        if !(t.global_rate > 0.0 && t.global_rate <= 10_000.0) {
            out.push((
                "telegram.global_rate".into(),
                "must be above 0 and at most 10000 messages per second".into(),
            ));
        }
        if !(t.per_chat_rate > 0.0 && t.per_chat_rate <= 1_000.0) {
            out.push((
                "telegram.per_chat_rate".into(),
                "must be above 0 and at most 1000 messages per second".into(),
            ));
        }
        if !(1..=1024).contains(&t.concurrency) {
            out.push((
                "telegram.concurrency".into(),
                "must be between 1 and 1024".into(),
            ));
        }
        if !(1..=50).contains(&t.poll_timeout_seconds) {
            out.push((
                "telegram.poll_timeout_seconds".into(),
                "must be between 1 and 50".into(),
            ));
        }
        if let Some(token) = &t.token
            && !token.contains(':')
        {
            // Never echo the token itself.
            out.push((
                "telegram.token".into(),
                "does not look like a bot token from @BotFather (\"123456:ABC…\")".into(),
            ));
        }
        if let Some(url) = &self.telegram.api_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            out.push((
                "telegram.api_url".into(),
                "must start with http:// or https://".into(),
            ));
        }
        if let Some(zalo) = &self.zalo {
            zalo.validate(&mut out);
        }
        out
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
        parse_offset(&self.timezone)
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

fn parse_offset(s: &str) -> Option<FixedOffset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// A slug as used for hamlet ids: 1-32 of a-z, 0-9, _.
pub fn is_slug(s: &str) -> bool {
    (1..=32).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// `platform:id`, platform known, id without spaces; Telegram and Zalo ids are numeric.
pub fn check_user_id(s: &str) -> Result<(), String> {
    let Some((platform, id)) = s.split_once(':') else {
        return Err(format!(
            "`{s}` must be a platform user id like \"telegram:123456\" (not a username)"
        ));
    };
    if !PLATFORMS.contains(&platform) {
        return Err(format!(
            "`{platform}` is not a platform; use one of {}",
            PLATFORMS.join(", ")
        ));
    }
    if id.is_empty() || id.len() > 64 || id.chars().any(|c| c.is_whitespace() || c == ':') {
        return Err(format!("`{s}` has an empty or malformed id"));
    }
    if matches!(platform, "telegram" | "zalo") && !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{s}`: {platform} user ids are numbers (usernames and display names are not accepted)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+07:00"), FixedOffset::east_opt(7 * 3600));
        assert_eq!(
            parse_offset("-03:30"),
            FixedOffset::east_opt(-(3 * 3600 + 1800))
        );
        assert_eq!(parse_offset("07:00"), None);
        assert_eq!(parse_offset("+7"), None);
        assert_eq!(parse_offset("+25:00"), None);
        assert_eq!(parse_offset(""), None);
    }

    #[test]
    fn user_ids() {
        assert!(check_user_id("telegram:123").is_ok());
        assert!(check_user_id("zalo:8765").is_ok());
        assert!(check_user_id("console:admin").is_ok());
        assert!(check_user_id("telegram:@hoa").is_err());
        assert!(check_user_id("123").is_err());
        assert!(check_user_id("facebook:1").is_err());
        assert!(check_user_id("telegram:").is_err());
        assert!(check_user_id("console:a b").is_err());
    }

    #[test]
    fn slugs() {
        assert!(is_slug("dong"));
        assert!(is_slug("na_lai2"));
        assert!(!is_slug("Dong"));
        assert!(!is_slug("bản"));
        assert!(!is_slug(""));
        assert!(!is_slug(&"a".repeat(33)));
    }
}
