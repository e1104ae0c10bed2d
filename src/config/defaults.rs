//! Every default of `config.toml`, each written once: a section's `Default` (which serde
//! uses for its missing keys) or, for a key beside required ones, the function serde calls.

use std::path::PathBuf;

use super::{
    BackupConfig, DeliveryConfig, Limits, NoticesConfig, QuestionsConfig, StoreConfig,
    TelegramConfig,
};
use crate::model::Locale;

// Top-level keys (the file also has the required `data_dir`).
pub(super) fn default_locale() -> Locale {
    Locale::Vi
}
pub(super) fn timezone() -> String {
    "+07:00".into()
}
pub(super) fn locales_dir() -> PathBuf {
    "locales".into()
}
pub(super) fn default_content() -> PathBuf {
    "content/default.toml".into()
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            cache_mb: 1,
            flush_every_ms: 500,
            group_commit_ms: 200,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_chars: 4096,
            max_broadcast_chars: 2000,
            news_count: 5,
            draft_minutes: 30,
            per_person_per_minute: 20,
        }
    }
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        DeliveryConfig {
            max_attempts: 5,
            retry_base_seconds: 2,
            progress_seconds: 60,
        }
    }
}

impl Default for NoticesConfig {
    fn default() -> Self {
        NoticesConfig {
            valid_days: 7,
            quiet_hours: "21:00-06:00".into(),
            urgent_admins_only: false,
        }
    }
}

impl Default for QuestionsConfig {
    fn default() -> Self {
        QuestionsConfig { overdue_days: 3 }
    }
}

impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig {
            dir: "backups".into(),
            every_hours: 24,
            keep: 14,
        }
    }
}

impl Default for TelegramConfig {
    fn default() -> Self {
        TelegramConfig {
            token: None,
            api_url: None,
            global_rate: 30.0,
            per_chat_rate: 1.0,
            concurrency: 16,
            poll_timeout_seconds: 10,
        }
    }
}

// `[zalo]` has a required `app_id`, so its optional keys default one by one.
pub(super) fn zalo_listen() -> String {
    "127.0.0.1:8088".into()
}
pub(super) fn zalo_webhook_path() -> String {
    "/zalo/webhook".into()
}
pub(super) fn zalo_openapi_url() -> String {
    "https://openapi.zalo.me".into()
}
pub(super) fn zalo_oauth_url() -> String {
    "https://oauth.zaloapp.com".into()
}
pub(super) fn zalo_rate() -> f64 {
    10.0
}
pub(super) fn zalo_concurrency() -> usize {
    4
}
pub(super) fn zalo_max_body_bytes() -> usize {
    64 * 1024
}
pub(super) fn zalo_promotion_fallback() -> bool {
    false
}
pub(super) fn zalo_promotion_monthly_quota() -> u32 {
    0
}
/// The stricter of the two windows sources give (06–22 or 08–22; confidence L).
pub(super) fn zalo_promotion_hours() -> String {
    "08:00-22:00".into()
}
