//! `loaban stats` and `loaban audit`: usage statistics and the audit log, from the store or
//! the running bot.

use std::path::Path;
use std::process::ExitCode;

use loaban::service;
use loaban::service::control::ControlRequest;

use super::operate;

pub async fn stats(config_path: &Path) -> anyhow::Result<ExitCode> {
    operate(&service::load_config(config_path)?, ControlRequest::Stats).await
}

/// `since` is a date written as everywhere else, 30/11/2026 (or 2026-11-30); without it,
/// the last 30 days.
pub async fn audit(config_path: &Path, since: Option<String>) -> anyhow::Result<ExitCode> {
    let since = match since {
        Some(d) => chrono::NaiveDate::parse_from_str(&d, "%d/%m/%Y")
            .or_else(|_| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d"))
            .map_err(|_| anyhow::anyhow!("--since: `{d}` is not a date like 30/11/2026"))?
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc(),
        None => chrono::Utc::now() - chrono::Duration::days(30),
    };
    let req = ControlRequest::Audit {
        since,
        limit: usize::MAX,
    };
    operate(&service::load_config(config_path)?, req).await
}
