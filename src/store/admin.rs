//! What operators need from the store: the audit log, question statistics, the last applied
//! roles (to say what a new config changes), and deleting a hamlet's leftovers once an admin
//! confirms. Backups are in `backup.rs`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Result, Store, decode, encode, keys};

/// One audited event: who did what, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// A platform user id, or "admin" for the command line, or "config" for start-up.
    pub who: String,
    /// A short machine-readable action: broadcast, cancel, status, import, role, …
    pub action: String,
    /// Human-readable details (ids and counts, never message bodies of villagers); what
    /// older entries and the command line's entries carry.
    pub details: String,
    /// The details as named values (ids, counts, status codes), shown through the locale
    /// message `audit-<action>` in the reader's language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, String)>,
}

/// Roles and hamlets as last applied by a running bot, kept to compare a new config with.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RolesSnapshot {
    pub admins: Vec<String>,
    /// hamlet id → (name, heads)
    pub hamlets: BTreeMap<String, (String, Vec<String>)>,
}

/// A kept question the bot did not understand.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum NotUnderstood {
    /// When, the text, who asked.
    Asked(DateTime<Utc>, String, String),
    /// Kept by older builds, without who asked.
    Anonymous(DateTime<Utc>, String),
}

impl NotUnderstood {
    fn text(self) -> (DateTime<Utc>, String) {
        match self {
            NotUnderstood::Asked(at, text, _) | NotUnderstood::Anonymous(at, text) => (at, text),
        }
    }
}

const ROLES_KEY: &[u8] = b"roles_snapshot";
/// How many not-understood questions are kept for admins to read (oldest dropped first).
const NOT_UNDERSTOOD_KEEP: usize = 500;

impl Store {
    /// Appends an event to the audit log.
    pub fn audit(&self, who: &str, action: &str, details: impl Into<String>) -> Result<()> {
        self.append_audit(AuditEntry {
            at: Utc::now(),
            who: who.to_string(),
            action: action.to_string(),
            details: details.into(),
            args: Vec::new(),
        })
    }

    /// Appends an event whose details are named values, shown in the reader's language.
    pub fn audit_args(&self, who: &str, action: &str, args: &[(&str, String)]) -> Result<()> {
        let details = args
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ");
        self.append_audit(AuditEntry {
            at: Utc::now(),
            who: who.to_string(),
            action: action.to_string(),
            details,
            args: args
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        })
    }

    fn append_audit(&self, entry: AuditEntry) -> Result<()> {
        let _gate = self.writing();
        let id = self.next_id()?;
        self.audit_log
            .insert(keys::announcement(id), encode(&entry))?;
        Ok(())
    }

    /// Audit entries at or after `since`, oldest first; at most `limit`, the newest ones.
    pub fn audit_since(&self, since: DateTime<Utc>, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        for v in self.audit_log.iter().values().rev() {
            let e: AuditEntry = decode("audit", &v?)?;
            if e.at < since || out.len() == limit {
                break;
            }
            out.push(e);
        }
        out.reverse();
        Ok(out)
    }

    /// Counts one handled question by kind; keeps the text of questions not understood so
    /// admins can improve content and wording. Who asked is kept with it only so that
    /// "forget me" can delete it; statistics never show it.
    pub fn record_question(
        &self,
        kind: &str,
        not_understood: Option<&str>,
        asker: &str,
    ) -> Result<()> {
        let _gate = self.writing();
        self.asked.update_and_fetch(kind.as_bytes(), |old| {
            let n = old
                .and_then(|b| b.try_into().ok().map(u64::from_be_bytes))
                .unwrap_or(0);
            Some((n + 1).to_be_bytes().to_vec())
        })?;
        if let Some(text) = not_understood {
            let id = self.next_id()?;
            let entry = NotUnderstood::Asked(
                Utc::now(),
                text.chars().take(200).collect::<String>(),
                asker.to_string(),
            );
            let mut count = self.not_understood_counted();
            let mut n = match *count {
                Some(n) => n,
                None => self.not_understood.iter().keys().count(),
            };
            if self
                .not_understood
                .insert(keys::announcement(id), encode(&entry))?
                .is_none()
            {
                n += 1;
            }
            while n > NOT_UNDERSTOOD_KEEP {
                if self.not_understood.pop_min()?.is_none() {
                    n = 0;
                    break;
                }
                n -= 1;
            }
            *count = Some(n);
        }
        Ok(())
    }

    /// The count of kept not-understood questions, held while that tree changes.
    fn not_understood_counted(&self) -> std::sync::MutexGuard<'_, Option<usize>> {
        self.not_understood_count
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// (kind, count), most asked first.
    pub fn question_counts(&self) -> Result<Vec<(String, u64)>> {
        let mut out = Vec::new();
        for kv in self.asked.iter() {
            let (k, v) = kv?;
            let n = v.as_ref().try_into().map(u64::from_be_bytes).unwrap_or(0);
            out.push((String::from_utf8_lossy(&k).into_owned(), n));
        }
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(out)
    }

    /// The most recent questions not understood, newest first.
    pub fn not_understood(&self, limit: usize) -> Result<Vec<(DateTime<Utc>, String)>> {
        self.not_understood
            .iter()
            .values()
            .rev()
            .take(limit)
            .map(|v| decode::<NotUnderstood>("not_understood", &v?).map(|e| e.text()))
            .collect()
    }

    /// Deletes the not-understood question texts `user` wrote ("forget me"). The tree holds
    /// at most a few hundred entries, so reading it through is cheap; texts kept before
    /// askers were recorded cannot be told apart and stay until they age out.
    pub(super) fn forget_questions_of(&self, user: &str) -> Result<usize> {
        let _gate = self.writing();
        let mut count = self.not_understood_counted();
        let mut removed = 0;
        for kv in self.not_understood.iter() {
            let (k, v) = kv?;
            if let NotUnderstood::Asked(_, _, asker) = decode("not_understood", &v)?
                && asker == user
            {
                self.not_understood.remove(k)?;
                removed += 1;
            }
        }
        *count = count.map(|n| n.saturating_sub(removed));
        Ok(removed)
    }

    /// Every user, for statistics.
    pub fn all_users(&self) -> Result<Vec<super::User>> {
        let mut out = Vec::new();
        for kv in self.users.iter() {
            let (k, v) = kv?;
            out.extend(super::person::decode(&k, &v)?.profile);
        }
        Ok(out)
    }

    /// Hamlet ids that have subscribers, with their subscriber user ids.
    pub fn all_subscriptions(&self) -> Result<BTreeMap<String, Vec<String>>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for k in self.hamlet_subscribers.iter().keys() {
            if let Some((hamlet, user)) = self.subscriber_of_key(&k?) {
                out.entry(hamlet).or_default().push(user);
            }
        }
        Ok(out)
    }

    /// The roles a running bot last applied, if any.
    pub fn roles_snapshot(&self) -> Result<Option<RolesSnapshot>> {
        self.meta
            .get(ROLES_KEY)?
            .map(|v| decode("meta", &v))
            .transpose()
    }

    pub fn set_roles_snapshot(&self, snapshot: &RolesSnapshot) -> Result<()> {
        let _gate = self.writing();
        self.meta.insert(ROLES_KEY, encode(snapshot))?;
        Ok(())
    }

    /// Deletes every subscription to `hamlet` (a hamlet removed from config, after an
    /// admin confirmed). Returns how many subscribers it had.
    pub fn delete_hamlet_subscriptions(&self, hamlet: &str) -> Result<usize> {
        let users = self.subscribers_of(hamlet)?;
        for u in &users {
            self.unsubscribe(u, hamlet)?;
        }
        Ok(users.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(store: &Store) -> Vec<String> {
        store
            .not_understood(usize::MAX)
            .unwrap()
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    }

    #[test]
    fn keeps_the_newest_questions_not_understood_counted_without_a_scan() {
        let store = Store::temporary().unwrap();
        for i in 0..NOT_UNDERSTOOD_KEEP + 30 {
            let asker = if i % 2 == 0 {
                "telegram:1"
            } else {
                "telegram:2"
            };
            store
                .record_question("x", Some(&format!("q{i}")), asker)
                .unwrap();
        }
        let texts = kept(&store);
        assert_eq!(texts.len(), NOT_UNDERSTOOD_KEEP);
        assert_eq!(texts[0], format!("q{}", NOT_UNDERSTOOD_KEEP + 29));
        assert_eq!(texts.last().unwrap(), "q30");
        assert_eq!(*store.not_understood_counted(), Some(NOT_UNDERSTOOD_KEEP));

        // Forgetting one asker leaves the count right: the next ones are kept, none dropped.
        let removed = store.forget_questions_of("telegram:1").unwrap();
        assert_eq!(removed, NOT_UNDERSTOOD_KEEP / 2);
        assert_eq!(
            *store.not_understood_counted(),
            Some(NOT_UNDERSTOOD_KEEP / 2)
        );
        for i in 0..10 {
            store
                .record_question("x", Some(&format!("r{i}")), "telegram:3")
                .unwrap();
        }
        assert_eq!(kept(&store).len(), NOT_UNDERSTOOD_KEEP / 2 + 10);

        // A restore replaces the tree: the count is taken again from what was restored.
        let mut backup = Vec::new();
        store.backup(&mut backup).unwrap();
        let other = Store::temporary().unwrap();
        for i in 0..5 {
            other
                .record_question("x", Some(&format!("o{i}")), "telegram:4")
                .unwrap();
        }
        other
            .restore(&mut std::io::Cursor::new(backup), true)
            .unwrap();
        for i in 0..NOT_UNDERSTOOD_KEEP {
            other
                .record_question("x", Some(&format!("s{i}")), "telegram:5")
                .unwrap();
        }
        assert_eq!(kept(&other).len(), NOT_UNDERSTOOD_KEEP);
        assert_eq!(
            *other.not_understood_counted(),
            Some(other.not_understood.len())
        );
    }
}
