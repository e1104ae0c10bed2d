//! What operators need from the store: the audit log, question statistics, the last applied
//! roles (to say what a new config changes), whole-store backup and restore, and deleting a
//! hamlet's leftovers once an admin confirms.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Result, Store, StoreError, decode, encode, keys};

/// One audited event: who did what, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// A platform user id, or "admin" for the command line, or "config" for start-up.
    pub who: String,
    /// A short machine-readable action: broadcast, cancel, status, import, role, …
    pub action: String,
    /// Human-readable details (ids and counts, never message bodies of villagers).
    pub details: String,
}

/// Roles and hamlets as last applied by a running bot, kept to compare a new config with.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RolesSnapshot {
    pub admins: Vec<String>,
    /// hamlet id → (name, heads)
    pub hamlets: BTreeMap<String, (String, Vec<String>)>,
}

const ROLES_KEY: &[u8] = b"roles_snapshot";
/// How many not-understood questions are kept for admins to read (oldest dropped first).
const NOT_UNDERSTOOD_KEEP: usize = 500;

/// First line of a backup file.
#[derive(Debug, Serialize, Deserialize)]
struct BackupHeader {
    loaban_backup: u32,
    schema_version: u32,
    created_at: DateTime<Utc>,
}

/// One record of a backup file.
#[derive(Debug, Serialize, Deserialize)]
struct BackupRecord {
    tree: String,
    /// Key and value as hex (keys are binary: big-endian ids).
    k: String,
    v: String,
}

/// What a backup or restore did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackupStats {
    pub records: usize,
    pub bytes: u64,
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

impl Store {
    /// Appends an event to the audit log.
    pub fn audit(&self, who: &str, action: &str, details: impl Into<String>) -> Result<()> {
        let _gate = self.writing();
        let entry = AuditEntry {
            at: Utc::now(),
            who: who.to_string(),
            action: action.to_string(),
            details: details.into(),
        };
        let id = self.db.generate_id()?;
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

    /// Counts one handled question by kind; keeps the text of questions not understood
    /// (without who asked) so admins can improve content and wording.
    pub fn record_question(&self, kind: &str, not_understood: Option<&str>) -> Result<()> {
        let _gate = self.writing();
        self.asked.update_and_fetch(kind.as_bytes(), |old| {
            let n = old
                .and_then(|b| b.try_into().ok().map(u64::from_be_bytes))
                .unwrap_or(0);
            Some((n + 1).to_be_bytes().to_vec())
        })?;
        if let Some(text) = not_understood {
            let id = self.db.generate_id()?;
            let entry = (Utc::now(), text.chars().take(200).collect::<String>());
            self.not_understood
                .insert(keys::announcement(id), encode(&entry))?;
            while self.not_understood.len() > NOT_UNDERSTOOD_KEEP {
                if self.not_understood.pop_min()?.is_none() {
                    break;
                }
            }
        }
        Ok(())
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
            .map(|v| decode("not_understood", &v?))
            .collect()
    }

    /// Every user, for statistics.
    pub fn all_users(&self) -> Result<Vec<super::User>> {
        self.users
            .iter()
            .values()
            .map(|v| decode("users", &v?))
            .collect()
    }

    /// Hamlet ids that have subscribers, with their subscriber user ids.
    pub fn all_subscriptions(&self) -> Result<BTreeMap<String, Vec<String>>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for k in self.subs_by_hamlet.iter().keys() {
            let k = k?;
            let Some(i) = k.iter().position(|&b| b == 0) else {
                continue;
            };
            let hamlet = String::from_utf8_lossy(&k[..i]).into_owned();
            let user = String::from_utf8_lossy(&k[i + 1..]).into_owned();
            out.entry(hamlet).or_default().push(user);
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

    fn trees(&self) -> Vec<(&'static str, &sled::Tree)> {
        vec![
            ("meta", &self.meta),
            ("sets", &self.sets),
            ("units", &self.units),
            ("statuses", &self.statuses),
            ("loans", &self.loans),
            ("users", &self.users),
            ("subs", &self.subs),
            ("subs_by_hamlet", &self.subs_by_hamlet),
            ("sessions", &self.sessions),
            ("announcements", &self.announcements),
            ("outbox", &self.outbox),
            ("outbox_queue", &self.queue),
            ("outbox_inflight", &self.inflight),
            ("outbox_recipients", &self.recipients),
            ("questions", &self.questions),
            ("questions_waiting", &self.questions_waiting),
            ("questions_by_asker", &self.questions_by_asker),
            ("question_tokens", &self.question_tokens),
            ("audit", &self.audit_log),
            ("asked", &self.asked),
            ("not_understood", &self.not_understood),
            ("tokens", &self.tokens),
            ("seen_events", &self.seen_events),
        ]
    }

    /// True when the store holds no people, broadcasts or content (a fresh store).
    pub fn is_empty(&self) -> bool {
        self.trees()
            .iter()
            .all(|(name, t)| *name == "meta" || t.is_empty())
    }

    /// Writes a consistent snapshot of every tree. Writers wait while it runs (a few hundred
    /// milliseconds for 10,000 subscribers), so the snapshot never shows half a change.
    pub fn backup(&self, out: &mut dyn Write) -> Result<BackupStats> {
        let _gate = self.exclusive();
        let mut stats = BackupStats::default();
        let mut write = |line: String, stats: &mut BackupStats| -> Result<()> {
            out.write_all(line.as_bytes())
                .and_then(|_| out.write_all(b"\n"))
                .map_err(StoreError::Io)?;
            stats.bytes += line.len() as u64 + 1;
            Ok(())
        };
        let header = BackupHeader {
            loaban_backup: 1,
            schema_version: super::SCHEMA_VERSION,
            created_at: Utc::now(),
        };
        write(
            serde_json::to_string(&header).expect("header serializes"),
            &mut stats,
        )?;
        for (name, tree) in self.trees() {
            for kv in tree.iter() {
                let (k, v) = kv?;
                let rec = BackupRecord {
                    tree: name.to_string(),
                    k: hex(&k),
                    v: hex(&v),
                };
                write(
                    serde_json::to_string(&rec).expect("record serializes"),
                    &mut stats,
                )?;
                stats.records += 1;
            }
        }
        out.flush().map_err(StoreError::Io)?;
        Ok(stats)
    }

    /// Rebuilds this store from a backup. Refuses a non-empty store unless `force`; reads and
    /// checks the whole file before changing anything.
    pub fn restore(&self, input: &mut dyn BufRead, force: bool) -> Result<BackupStats> {
        if !force && !self.is_empty() {
            return Err(StoreError::NotEmpty);
        }
        let mut lines = input.lines();
        let bad = |line: usize, what: &str| StoreError::BadBackup(format!("line {line}: {what}"));
        let header_line = lines
            .next()
            .ok_or_else(|| bad(1, "empty file"))?
            .map_err(StoreError::Io)?;
        let header: BackupHeader =
            serde_json::from_str(&header_line).map_err(|_| bad(1, "not a Loa Bản backup"))?;
        if header.loaban_backup != 1 || header.schema_version > super::SCHEMA_VERSION {
            return Err(bad(
                1,
                &format!(
                    "backup format {} / schema {} is newer than this build reads",
                    header.loaban_backup, header.schema_version
                ),
            ));
        }
        let names: Vec<&str> = self.trees().iter().map(|(n, _)| *n).collect();
        let mut records: Vec<(usize, Vec<u8>, Vec<u8>)> = Vec::new();
        for (i, line) in lines.enumerate() {
            let line = line.map_err(StoreError::Io)?;
            if line.trim().is_empty() {
                continue;
            }
            let n = i + 2;
            let rec: BackupRecord =
                serde_json::from_str(&line).map_err(|e| bad(n, &e.to_string()))?;
            let tree = names
                .iter()
                .position(|t| *t == rec.tree)
                .ok_or_else(|| bad(n, &format!("unknown tree `{}`", rec.tree)))?;
            let k = unhex(&rec.k).ok_or_else(|| bad(n, "key is not hex"))?;
            let v = unhex(&rec.v).ok_or_else(|| bad(n, "value is not hex"))?;
            records.push((tree, k, v));
        }
        let _gate = self.exclusive();
        let trees = self.trees();
        for (_, t) in &trees {
            t.clear()?;
        }
        let mut stats = BackupStats::default();
        for (tree, k, v) in records {
            stats.bytes += (k.len() + v.len()) as u64;
            trees[tree].1.insert(k, v)?;
            stats.records += 1;
        }
        self.db.flush()?;
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        for bytes in [vec![], vec![0u8, 1, 255, 16], b"telegram:1\0dong".to_vec()] {
            assert_eq!(unhex(&hex(&bytes)), Some(bytes));
        }
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
    }
}
