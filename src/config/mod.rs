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
    /// Local hours in which routine notices are held until the end ("21:00-06:00"; the
    /// range may cross midnight; "" turns quiet hours off). Urgent notices go at once.
    pub quiet_hours: String,
    /// Only admins may send urgent notices (`/khancap`, "🚨 Khẩn"); heads send routine ones.
    pub urgent_admins_only: bool,
}

/// Quiet hours read from `[notices] quiet_hours`: a local start and end, the range
/// crossing midnight when the end is before the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub start: chrono::NaiveTime,
    pub end: chrono::NaiveTime,
}

impl QuietHours {
    /// "21:00-06:00" → quiet hours; "" → none; anything else is an error in words.
    pub fn parse(text: &str) -> Result<Option<QuietHours>, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let bad =
            || format!("must be two times like \"21:00-06:00\" (or \"\" for none), not {text:?}");
        let (a, b) = text.split_once('-').ok_or_else(bad)?;
        let time =
            |s: &str| chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
        let (start, end) = (time(a)?, time(b)?);
        if start == end {
            return Err("must start and end at different times".into());
        }
        Ok(Some(QuietHours { start, end }))
    }

    /// Whether the local time of day `t` is inside the quiet hours (start included, end not).
    pub fn contains(&self, t: chrono::NaiveTime) -> bool {
        if self.start < self.end {
            t >= self.start && t < self.end
        } else {
            t >= self.start || t < self.end
        }
    }

    /// When a routine notice due at `at` may go: `None` if at once, else the end of the
    /// quiet hours it falls in (in the commune's `offset`).
    pub fn release_at(
        &self,
        at: chrono::DateTime<chrono::Utc>,
        offset: FixedOffset,
    ) -> Option<chrono::DateTime<chrono::Utc>> {
        use chrono::TimeZone;
        let local = at.with_timezone(&offset).naive_local();
        if !self.contains(local.time()) {
            return None;
        }
        let mut end = local.date().and_time(self.end);
        if end <= local {
            end += chrono::Duration::days(1);
        }
        offset
            .from_local_datetime(&end)
            .single()
            .map(|t| t.with_timezone(&chrono::Utc))
    }
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
    /// Sends in flight at once, broadcasts and answers each; enough to reach `global_rate`
    /// despite latency.
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
    /// Sends to Zalo in flight at once, notices and answers each.
    #[serde(default = "defaults::zalo_concurrency")]
    pub concurrency: usize,
    /// Largest webhook body accepted; bigger ones get 400.
    #[serde(default = "defaults::zalo_max_body_bytes")]
    pub max_body_bytes: usize,
    /// Send a notice as an OA promotion message ("tin truyền thông") to a follower whose
    /// 7-day consultation window is closed. Off unless the OA's package allows it.
    #[serde(default = "defaults::zalo_promotion_fallback")]
    pub promotion_fallback: bool,
    /// Promotion messages the OA may send a month (its package's figure); counted in the
    /// store per calendar month, local time.
    #[serde(default = "defaults::zalo_promotion_monthly_quota")]
    pub promotion_monthly_quota: u32,
    /// Local hours when promotion messages may go, "HH:MM-HH:MM"; outside them they wait.
    #[serde(default = "defaults::zalo_promotion_hours")]
    pub promotion_hours: String,
}

impl ZaloConfig {
    /// The promotion hours as minutes after local midnight, [start, end).
    pub fn promotion_window(&self) -> Option<(u32, u32)> {
        validate::parse_hours(&self.promotion_hours)
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

    /// The validated time zone (UTC if it were somehow invalid: validate() refuses that).
    pub fn offset(&self) -> FixedOffset {
        self.utc_offset()
            .unwrap_or(FixedOffset::east_opt(0).expect("UTC"))
    }

    /// The quiet hours of `[notices] quiet_hours` (validated at load; none if off).
    pub fn quiet_hours(&self) -> Option<QuietHours> {
        QuietHours::parse(&self.notices.quiet_hours).ok().flatten()
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

#[cfg(test)]
mod quiet_tests {
    use super::QuietHours;
    use chrono::{FixedOffset, NaiveTime, TimeZone, Utc};

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn quiet_hours_parse_and_cross_midnight() {
        let q = QuietHours::parse("21:00-06:00").unwrap().unwrap();
        assert_eq!((q.start, q.end), (hm(21, 0), hm(6, 0)));
        assert!(q.contains(hm(21, 0)) && q.contains(hm(23, 59)) && q.contains(hm(0, 0)));
        assert!(q.contains(hm(5, 59)) && !q.contains(hm(6, 0)) && !q.contains(hm(20, 59)));
        let day = QuietHours::parse(" 12:00 - 13:30 ").unwrap().unwrap();
        assert!(day.contains(hm(12, 0)) && day.contains(hm(13, 29)) && !day.contains(hm(13, 30)));
        assert!(!day.contains(hm(11, 59)));
        assert_eq!(QuietHours::parse(""), Ok(None));
        for bad in ["21-06", "21:00", "25:00-06:00", "21:00-21:00", "nine-six"] {
            assert!(QuietHours::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn release_is_the_next_end_of_quiet_hours_in_the_commune() {
        let tz = FixedOffset::east_opt(7 * 3600).unwrap();
        let q = QuietHours::parse("21:00-06:00").unwrap().unwrap();
        let local = |d: u32, h: u32, m: u32| {
            tz.with_ymd_and_hms(2026, 12, d, h, m, 0)
                .unwrap()
                .with_timezone(&Utc)
        };
        assert_eq!(q.release_at(local(2, 23, 0), tz), Some(local(3, 6, 0)));
        assert_eq!(q.release_at(local(3, 0, 10), tz), Some(local(3, 6, 0)));
        assert_eq!(q.release_at(local(2, 21, 0), tz), Some(local(3, 6, 0)));
        assert_eq!(q.release_at(local(3, 6, 0), tz), None);
        assert_eq!(q.release_at(local(2, 12, 0), tz), None);
    }
}
