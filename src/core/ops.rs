//! Operator views shared by the command line, the control socket and admins' chat commands:
//! statistics, the audit log, and what a new config would change against the store.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::i18n::Arg;
use crate::i18n::{I18n, Locale};
use crate::model::UserId;
use crate::store::{AuditEntry, LastBackup, RolesSnapshot, Store, StoreError};
use crate::text::format;

/// The roles and hamlets a config defines, in the form the store keeps.
pub fn roles_of(config: &Config) -> RolesSnapshot {
    RolesSnapshot {
        admins: config.admins.clone(),
        hamlets: config
            .hamlets
            .iter()
            .map(|h| (h.id.clone(), (h.name.clone(), h.heads.clone())))
            .collect(),
    }
}

/// One difference between the roles the store last ran with and the config's. Its
/// `Display` is the operator's English line (check-config, the log); admins read it in
/// their language in the audit log, through [`RoleChange::audit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleChange {
    AdminGained {
        user: String,
    },
    AdminLost {
        user: String,
    },
    HeadGained {
        hamlet: String,
        name: String,
        user: String,
    },
    HeadLost {
        hamlet: String,
        name: String,
        user: String,
    },
    HamletAdded {
        hamlet: String,
        name: String,
    },
    HamletRemoved {
        hamlet: String,
        name: String,
    },
    HamletRenamed {
        hamlet: String,
        old: String,
        new: String,
    },
}

impl RoleChange {
    /// The audit action and its named values; `audit-<action>` in the locale files words it.
    pub fn audit(&self) -> (&'static str, Vec<(&'static str, String)>) {
        use RoleChange::*;
        match self {
            AdminGained { user } => ("role_admin_gained", vec![("user", user.clone())]),
            AdminLost { user } => ("role_admin_lost", vec![("user", user.clone())]),
            HeadGained { hamlet, name, user } => (
                "role_head_gained",
                vec![
                    ("hamlet_id", hamlet.clone()),
                    ("hamlet", name.clone()),
                    ("user", user.clone()),
                ],
            ),
            HeadLost { hamlet, name, user } => (
                "role_head_lost",
                vec![
                    ("hamlet_id", hamlet.clone()),
                    ("hamlet", name.clone()),
                    ("user", user.clone()),
                ],
            ),
            HamletAdded { hamlet, name } => (
                "role_hamlet_added",
                vec![("hamlet_id", hamlet.clone()), ("hamlet", name.clone())],
            ),
            HamletRemoved { hamlet, name } => (
                "role_hamlet_removed",
                vec![("hamlet_id", hamlet.clone()), ("hamlet", name.clone())],
            ),
            HamletRenamed { hamlet, old, new } => (
                "role_hamlet_renamed",
                vec![
                    ("hamlet_id", hamlet.clone()),
                    ("old", old.clone()),
                    ("new", new.clone()),
                ],
            ),
        }
    }
}

impl std::fmt::Display for RoleChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use RoleChange::*;
        match self {
            AdminGained { user } => write!(f, "admin gained: {user}"),
            AdminLost { user } => write!(f, "admin lost: {user}"),
            HeadGained { hamlet, user, .. } => write!(f, "head of {hamlet} gained: {user}"),
            HeadLost { hamlet, user, .. } => write!(f, "head of {hamlet} lost: {user}"),
            HamletAdded { hamlet, name } => write!(f, "hamlet added: {hamlet} ({name})"),
            HamletRemoved { hamlet, name } => write!(f, "hamlet removed: {hamlet} ({name})"),
            HamletRenamed { hamlet, old, new } => {
                write!(f, "hamlet {hamlet} renamed: {old} → {new}")
            }
        }
    }
}

/// What changes between two role snapshots.
pub fn role_changes(old: &RolesSnapshot, new: &RolesSnapshot) -> Vec<RoleChange> {
    let mut out = Vec::new();
    let set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<_>>();
    for user in set(&new.admins).difference(&set(&old.admins)).cloned() {
        out.push(RoleChange::AdminGained { user });
    }
    for user in set(&old.admins).difference(&set(&new.admins)).cloned() {
        out.push(RoleChange::AdminLost { user });
    }
    for (id, (name, heads)) in &new.hamlets {
        match old.hamlets.get(id) {
            None => out.push(RoleChange::HamletAdded {
                hamlet: id.clone(),
                name: name.clone(),
            }),
            Some((old_name, old_heads)) => {
                if old_name != name {
                    out.push(RoleChange::HamletRenamed {
                        hamlet: id.clone(),
                        old: old_name.clone(),
                        new: name.clone(),
                    });
                }
                for user in set(heads).difference(&set(old_heads)).cloned() {
                    out.push(RoleChange::HeadGained {
                        hamlet: id.clone(),
                        name: name.clone(),
                        user,
                    });
                }
                for user in set(old_heads).difference(&set(heads)).cloned() {
                    out.push(RoleChange::HeadLost {
                        hamlet: id.clone(),
                        name: name.clone(),
                        user,
                    });
                }
            }
        }
    }
    for (id, (name, _)) in &old.hamlets {
        if !new.hamlets.contains_key(id) {
            out.push(RoleChange::HamletRemoved {
                hamlet: id.clone(),
                name: name.clone(),
            });
        }
    }
    out
}

/// What the running store knows, for check-config: the roles it last applied and how many
/// subscribe to each hamlet id.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoreState {
    pub roles: Option<RolesSnapshot>,
    pub subscribers: BTreeMap<String, usize>,
}

pub fn store_state(store: &Store) -> Result<StoreState, StoreError> {
    Ok(StoreState {
        roles: store.roles_snapshot()?,
        subscribers: store
            .all_subscriptions()?
            .into_iter()
            .map(|(h, users)| (h, users.len()))
            .collect(),
    })
}

/// check-config's report of what `config` would change against `state`.
pub fn config_diff(config: &Config, state: &StoreState) -> Vec<String> {
    let new = roles_of(config);
    let mut out = match &state.roles {
        Some(old) => role_changes(old, &new)
            .iter()
            .map(ToString::to_string)
            .collect(),
        None => vec!["the store has never run with a config; everything is new".into()],
    };
    for (hamlet, n) in &state.subscribers {
        if config.hamlet(hamlet).is_none() {
            out.push(format!(
                "hamlet {hamlet} is not in this config but has {n} subscriber(s) in the store: \
                 they are kept (and get no notices) until an admin runs `loaban delete-hamlet {hamlet} --yes`"
            ));
        }
    }
    out
}

/// Figures for admins.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// hamlet → platform → active subscribers
    pub subscribers: BTreeMap<String, BTreeMap<String, usize>>,
    pub users: usize,
    pub active_7d: usize,
    pub active_30d: usize,
    pub broadcasts_30d: usize,
    pub sent_30d: usize,
    pub blocked_30d: usize,
    pub failed_30d: usize,
    /// Of the notices in 30 days, the urgent ones (counted apart).
    pub urgent_30d: usize,
    /// Notices waiting for their time (scheduled, or held through quiet hours).
    pub scheduled_waiting: usize,
    /// Questions sent to officers that wait for an answer, and those answered in 30 days.
    pub questions_waiting: usize,
    pub questions_answered_30d: usize,
    pub most_asked: Vec<(String, u64)>,
    pub not_understood: Vec<(DateTime<Utc>, String)>,
    /// The newest automatic backup that worked, and the last attempt when it failed.
    pub backup: Option<LastBackup>,
    pub backup_failure: Option<LastBackup>,
    /// Answers waiting to be sent (they go out after a restart, too).
    pub replies_waiting: usize,
    /// Answers that could not be delivered (the person blocked the bot, the messenger
    /// refused, or it kept failing), and to how many chats.
    pub replies_failed: u64,
    pub replies_failed_chats: usize,
    /// People told to slow down (over `[limits] per_person_per_minute`), and the messages
    /// dropped unread after that, since the store was created.
    pub flood_warned: u64,
    pub flood_dropped: u64,
}

pub fn collect_stats(store: &Store, now: DateTime<Utc>) -> Result<Stats, StoreError> {
    let users = store.all_users()?;
    let active: BTreeSet<&str> = users
        .iter()
        .filter(|u| u.active)
        .map(|u| u.key.as_str())
        .collect();
    let mut stats = Stats {
        users: users.len(),
        active_7d: users
            .iter()
            .filter(|u| now - u.last_seen <= Duration::days(7))
            .count(),
        active_30d: users
            .iter()
            .filter(|u| now - u.last_seen <= Duration::days(30))
            .count(),
        ..Stats::default()
    };
    for (hamlet, subs) in store.all_subscriptions()? {
        let per = stats.subscribers.entry(hamlet).or_default();
        for u in subs.iter().filter(|u| active.contains(u.as_str())) {
            let platform = u
                .parse::<UserId>()
                .map_or_else(|_| "?".to_string(), |u| u.platform().to_string());
            *per.entry(platform).or_default() += 1;
        }
    }
    for a in store.recent_announcements(usize::MAX, |a| now - a.created_at <= Duration::days(30))? {
        let c = store.delivery_counts(a.id)?;
        stats.broadcasts_30d += 1;
        stats.sent_30d += c.sent;
        stats.blocked_30d += c.blocked;
        stats.failed_30d += c.failed;
        stats.urgent_30d += usize::from(a.urgent);
    }
    stats.scheduled_waiting = store.scheduled_notices()?.len();
    (stats.questions_waiting, stats.questions_answered_30d) =
        store.question_counts_since(now - Duration::days(30))?;
    stats.most_asked = store.question_counts()?.into_iter().take(10).collect();
    stats.not_understood = store.not_understood(20)?;
    stats.backup = store.last_good_backup()?;
    stats.backup_failure = store.last_backup()?.filter(|b| b.error.is_some());
    stats.replies_waiting = store.pending_reply_count();
    let failed = store.failed_replies()?;
    stats.replies_failed_chats = failed.len();
    stats.replies_failed = failed.iter().map(|(_, f)| f.count).sum();
    (stats.flood_warned, stats.flood_dropped) = store.flood_counts()?;
    Ok(stats)
}

/// Stats as text in `locale` (admins read it in the chat and on the command line).
/// `hamlet_name` turns a hamlet id into the name people know it by.
pub fn stats_text(
    stats: &Stats,
    i18n: &I18n,
    locale: Locale,
    offset: FixedOffset,
    hamlet_name: impl Fn(&str) -> String,
) -> String {
    let mut lines = vec![i18n.t(
        locale,
        "stats-title",
        &[
            ("users", stats.users.into()),
            ("active7", stats.active_7d.into()),
            ("active30", stats.active_30d.into()),
        ],
    )];
    lines.push(i18n.t(locale, "stats-subscribers", &[]));
    if stats.subscribers.is_empty() {
        lines.push("  —".into());
    }
    for (hamlet, per) in &stats.subscribers {
        let parts: Vec<String> = per
            .iter()
            .map(|(p, n)| {
                let key = format!("platform-{p}");
                let name = if i18n.has(&key) {
                    i18n.t(locale, &key, &[])
                } else {
                    p.to_string()
                };
                format!("{name} {n}")
            })
            .collect();
        lines.push(format!("  • {}: {}", hamlet_name(hamlet), parts.join(", ")));
    }
    lines.push(i18n.t(
        locale,
        "stats-broadcasts",
        &[
            ("count", stats.broadcasts_30d.into()),
            ("sent", stats.sent_30d.into()),
            ("blocked", stats.blocked_30d.into()),
            ("failed", stats.failed_30d.into()),
        ],
    ));
    lines.push(i18n.t(
        locale,
        "stats-urgent",
        &[
            ("count", stats.urgent_30d.into()),
            ("scheduled", stats.scheduled_waiting.into()),
        ],
    ));
    lines.push(i18n.t(
        locale,
        "stats-questions",
        &[
            ("waiting", stats.questions_waiting.into()),
            ("answered", stats.questions_answered_30d.into()),
        ],
    ));
    lines.push(i18n.t(
        locale,
        "stats-replies",
        &[
            ("waiting", stats.replies_waiting.into()),
            (
                "failed",
                Arg::Count(stats.replies_failed.min(i64::MAX as u64) as i64),
            ),
            ("chats", stats.replies_failed_chats.into()),
        ],
    ));
    lines.push(i18n.t(
        locale,
        "stats-flood",
        &[
            (
                "warned",
                Arg::Count(stats.flood_warned.min(i64::MAX as u64) as i64),
            ),
            (
                "dropped",
                Arg::Count(stats.flood_dropped.min(i64::MAX as u64) as i64),
            ),
        ],
    ));
    lines.push(i18n.t(locale, "stats-most-asked", &[]));
    for (kind, n) in &stats.most_asked {
        let key = format!("kind-{}", kind.replace('_', "-"));
        let what = if i18n.has(&key) {
            i18n.t(locale, &key, &[])
        } else {
            kind.clone()
        };
        lines.push(format!("  • {what}: {n}"));
    }
    lines.push(i18n.t(locale, "stats-not-understood", &[]));
    if stats.not_understood.is_empty() {
        lines.push("  —".into());
    }
    for (_, text) in &stats.not_understood {
        lines.push(format!("  • “{}”", format::truncate(text, 80)));
    }
    match &stats.backup {
        Some(b) => lines.push(i18n.t(
            locale,
            "stats-backup",
            &[
                ("file", b.file.clone().into()),
                ("at", format::date_time(b.at, offset, locale).into()),
                ("records", b.records.into()),
            ],
        )),
        None => lines.push(i18n.t(locale, "stats-backup-none", &[])),
    }
    if let Some(f) = &stats.backup_failure {
        lines.push(i18n.t(
            locale,
            "stats-backup-failed",
            &[
                ("at", format::date_time(f.at, offset, locale).into()),
                ("reason", f.error.clone().unwrap_or_default().into()),
            ],
        ));
    }
    lines.join("\n")
}

/// Audit entries as text, one per line, times in the commune's zone.
pub fn audit_text(
    store: &Store,
    since: DateTime<Utc>,
    limit: usize,
    offset: FixedOffset,
    i18n: &I18n,
    locale: Locale,
) -> Result<String, StoreError> {
    let entries = store.audit_since(since, limit)?;
    if entries.is_empty() {
        return Ok(i18n.t(locale, "audit-empty", &[]));
    }
    let mut lines = vec![i18n.t(locale, "audit-title", &[("count", entries.len().into())])];
    for e in entries {
        lines.push(format!(
            "{} · {} · {}",
            format::date_time(e.at, offset, locale),
            audit_who(&e.who, i18n, locale),
            audit_what(&e, i18n, locale)
        ));
    }
    Ok(lines.join("\n"))
}

/// "admin" (the command line) and "config" (start-up) in words; people by their id.
fn audit_who(who: &str, i18n: &I18n, locale: Locale) -> String {
    let key = format!("audit-who-{who}");
    if i18n.has(&key) {
        i18n.t(locale, &key, &[])
    } else {
        who.to_string()
    }
}

/// The action and its details in the reader's language: through `audit-<action>` when the
/// entry has named values, else the action's name and the stored details.
fn audit_what(e: &AuditEntry, i18n: &I18n, locale: Locale) -> String {
    let key = format!("audit-{}", e.action.replace('_', "-"));
    if !e.args.is_empty() && i18n.has(&key) {
        // Status codes are words too.
        let values: Vec<(String, String)> = e
            .args
            .iter()
            .map(|(k, v)| {
                let status_key = format!("status-{v}");
                if (k == "from" || k == "to") && i18n.has(&status_key) {
                    (k.clone(), i18n.t(locale, &status_key, &[]))
                } else {
                    (k.clone(), v.clone())
                }
            })
            .collect();
        let args: Vec<(&str, Arg<'_>)> = values
            .iter()
            // Numbers as numbers, so "1 message" / "2 messages" is chosen right.
            .map(|(k, v)| match v.parse::<i64>() {
                Ok(n) if k != "id" => (k.as_str(), Arg::Count(n)),
                _ => (k.as_str(), Arg::Text(v.as_str())),
            })
            .collect();
        return i18n.t(locale, &key, &args);
    }
    let action_key = format!("audit-action-{}", e.action.replace('_', "-"));
    let action = if i18n.has(&action_key) {
        i18n.t(locale, &action_key, &[])
    } else {
        e.action.clone()
    };
    if e.details.is_empty() {
        action
    } else {
        format!("{action} · {}", e.details)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(admins: &[&str], hamlets: &[(&str, &str, &[&str])]) -> RolesSnapshot {
        RolesSnapshot {
            admins: admins.iter().map(|s| s.to_string()).collect(),
            hamlets: hamlets
                .iter()
                .map(|(id, name, heads)| {
                    (
                        id.to_string(),
                        (
                            name.to_string(),
                            heads.iter().map(|s| s.to_string()).collect(),
                        ),
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn role_changes_name_every_difference() {
        let old = snap(
            &["telegram:1"],
            &[
                ("dong", "Bản Đông", &["telegram:10"]),
                ("he", "Bản He", &[]),
            ],
        );
        let new = snap(
            &["telegram:2"],
            &[
                ("dong", "Bản Đông Mới", &["telegram:11"]),
                ("na", "Bản Nà", &[]),
            ],
        );
        let c: Vec<String> = role_changes(&old, &new)
            .iter()
            .map(ToString::to_string)
            .collect();
        for want in [
            "admin gained: telegram:2",
            "admin lost: telegram:1",
            "hamlet dong renamed: Bản Đông → Bản Đông Mới",
            "head of dong gained: telegram:11",
            "head of dong lost: telegram:10",
            "hamlet added: na (Bản Nà)",
            "hamlet removed: he (Bản He)",
        ] {
            assert!(c.contains(&want.to_string()), "{want} in {c:?}");
        }
        assert!(role_changes(&old, &old).is_empty());
    }
}
