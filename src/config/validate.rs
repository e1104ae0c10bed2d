//! The checks serde cannot make on `config.toml`: formats, ranges, duplicates, files that
//! must exist — each problem named by its field path.

use chrono::FixedOffset;

use super::{Config, ZaloConfig};
use crate::model::UserId;
use crate::text::fold::fold;

/// Platforms a user id may name. A role for any other platform is a typo.
pub const PLATFORMS: [&str; 3] = ["telegram", "zalo", "console"];

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
        if !(1..=366).contains(&self.notices.valid_days) {
            out.push((
                "notices.valid_days".into(),
                "must be between 1 and 366 days".into(),
            ));
        }
        if !(1..=90).contains(&self.questions.overdue_days) {
            out.push((
                "questions.overdue_days".into(),
                "must be between 1 and 90 days".into(),
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
}

pub(super) fn parse_offset(s: &str) -> Option<FixedOffset> {
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

/// A [`UserId`] on a platform the bot serves; Telegram and Zalo ids are numeric.
pub fn check_user_id(s: &str) -> Result<UserId, String> {
    let user: UserId = s
        .parse()
        .map_err(|e: crate::model::UserIdError| e.to_string())?;
    let platform = user.platform();
    if !PLATFORMS.contains(&platform) {
        return Err(format!(
            "`{platform}` is not a platform; use one of {}",
            PLATFORMS.join(", ")
        ));
    }
    if matches!(platform, "telegram" | "zalo") && !user.id().bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{s}`: {platform} user ids are numbers (usernames and display names are not accepted)"
        ));
    }
    Ok(user)
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
