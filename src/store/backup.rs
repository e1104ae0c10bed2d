//! Whole-store backups: one JSON line per record between a header and an end line that
//! carries the record count and a SHA-256 of everything before it, so a cut or altered
//! file is refused rather than restored as half a store.

use std::io::{BufRead, Write};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Result, Store, StoreError, decode, encode};

/// The backup format this build writes. Format 1 had no end line and is not accepted: it
/// cannot tell a whole file from a cut one.
const FORMAT: u32 = 2;
const LAST_BACKUP_KEY: &[u8] = b"last_backup";
const LAST_GOOD_BACKUP_KEY: &[u8] = b"last_good_backup";

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

/// Last line of a backup file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BackupEnd {
    loaban_backup_end: EndFields,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndFields {
    records: usize,
    /// SHA-256 (hex) of every byte before this line.
    sha256: String,
}

/// What a backup or restore did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackupStats {
    pub records: usize,
    pub bytes: u64,
}

/// What a checked backup file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub created_at: DateTime<Utc>,
    pub schema_version: u32,
    pub records: usize,
}

/// The outcome of the last backup the running bot took by itself, kept for `stats`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastBackup {
    pub at: DateTime<Utc>,
    /// The file written (or that was to be written).
    pub file: String,
    pub records: usize,
    /// Why it failed; `None` when it was written and checked.
    pub error: Option<String>,
}

/// A checked backup: its header and records (tree name, key, value).
struct Parsed {
    summary: BackupSummary,
    records: Vec<(String, Vec<u8>, Vec<u8>)>,
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

/// Reads and checks a whole backup: header, every record, and the end line's count and
/// checksum. Nothing is returned from a file that is cut, altered or has data after its end.
/// With `keep` false the records are checked and counted but not kept (verifying a backup
/// of 100,000 subscribers then holds one line at a time, not the whole store).
fn parse(input: &mut dyn BufRead, known_trees: &[&str], keep: bool) -> Result<Parsed> {
    let bad = |line: usize, what: &str| StoreError::BadBackup(format!("line {line}: {what}"));
    let mut hash = Sha256::new();
    let mut buf = Vec::new();
    let mut n = 0usize;
    let mut header: Option<BackupHeader> = None;
    let mut records = Vec::new();
    let mut count = 0usize;
    let mut end: Option<(usize, EndFields)> = None;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf).map_err(StoreError::Io)? == 0 {
            break;
        }
        n += 1;
        let text = std::str::from_utf8(&buf).map_err(|_| bad(n, "not text"))?;
        if let Some((end_line, _)) = &end {
            if text.trim().is_empty() {
                continue;
            }
            return Err(bad(
                n,
                &format!("data after the end line (line {end_line})"),
            ));
        }
        if header.is_none() {
            let h: BackupHeader =
                serde_json::from_str(text).map_err(|_| bad(1, "not a Loa Bản backup"))?;
            if h.loaban_backup < FORMAT {
                return Err(bad(
                    1,
                    &format!(
                        "backup format {} from an older build has no end line to check it by; \
                         take a new backup with this build",
                        h.loaban_backup
                    ),
                ));
            }
            if h.loaban_backup > FORMAT || h.schema_version > super::SCHEMA_VERSION {
                return Err(bad(
                    1,
                    &format!(
                        "backup format {} / schema {} is newer than this build reads",
                        h.loaban_backup, h.schema_version
                    ),
                ));
            }
            header = Some(h);
            hash.update(&buf);
            continue;
        }
        if let Ok(e) = serde_json::from_str::<BackupEnd>(text) {
            end = Some((n, e.loaban_backup_end));
            continue;
        }
        if !buf.ends_with(b"\n") {
            return Err(bad(
                n,
                "the file is cut off here (truncated): the end line is missing",
            ));
        }
        hash.update(&buf);
        let rec: BackupRecord = serde_json::from_str(text).map_err(|e| bad(n, &e.to_string()))?;
        if !known_trees.contains(&rec.tree.as_str()) {
            return Err(bad(n, &format!("unknown tree `{}`", rec.tree)));
        }
        let k = unhex(&rec.k).ok_or_else(|| bad(n, "key is not hex"))?;
        let v = unhex(&rec.v).ok_or_else(|| bad(n, "value is not hex"))?;
        count += 1;
        if keep {
            records.push((rec.tree, k, v));
        }
    }
    let header = header.ok_or_else(|| bad(1, "empty file"))?;
    let Some((end_line, end)) = end else {
        return Err(StoreError::BadBackup(format!(
            "truncated: the end line is missing after line {n} ({} records read)",
            count
        )));
    };
    if end.records != count {
        return Err(bad(
            end_line,
            &format!(
                "the end line counts {} records but the file holds {} (cut or altered)",
                end.records, count
            ),
        ));
    }
    if hex(&hash.finalize()) != end.sha256 {
        return Err(bad(
            end_line,
            "the checksum does not match the contents (the file was altered or damaged)",
        ));
    }
    Ok(Parsed {
        summary: BackupSummary {
            created_at: header.created_at,
            schema_version: header.schema_version,
            records: count,
        },
        records,
    })
}

/// Every tree a backup holds, by the name it has in the file, in `Store::trees` order.
const TREES: [&str; 44] = [
    "meta",
    "sets",
    "units",
    "statuses",
    "loans",
    "users",
    "subs",
    "subs_by_hamlet",
    "sessions",
    "announcements",
    "outbox",
    "outbox_queue",
    "outbox_inflight",
    "outbox_recipients",
    "outbox_retries",
    "outbox_to_report",
    "questions",
    "questions_waiting",
    "questions_by_asker",
    "question_tokens",
    "audit",
    "asked",
    "not_understood",
    "tokens",
    "seen_events",
    "replies",
    "replies_failed",
    "acks",
    "acks_open",
    "display_names",
    "scheduled",
    "scheduled_due",
    "reach",
    "reminders",
    "valid_notices",
    "caught_up",
    "sent_msgs",
    "sent_msg_index",
    "quotas",
    "media_copies",
    "reply_menus",
    "reply_texts",
    "hamlet_subscribers",
    "hamlet_numbers",
];

impl Store {
    fn trees(&self) -> Vec<(&'static str, &sled::Tree)> {
        let trees = [
            &self.meta,
            &self.sets,
            &self.units,
            &self.statuses,
            &self.loans,
            &self.users,
            &self.subs,
            &self.subs_by_hamlet,
            &self.sessions,
            &self.announcements,
            &self.outbox,
            &self.queue,
            &self.inflight,
            &self.recipients,
            &self.retries,
            &self.to_report,
            &self.questions,
            &self.questions_waiting,
            &self.questions_by_asker,
            &self.question_tokens,
            &self.audit_log,
            &self.asked,
            &self.not_understood,
            &self.tokens,
            &self.seen_events,
            &self.replies,
            &self.replies_failed,
            &self.acks,
            &self.acks_open,
            &self.display_names,
            &self.scheduled,
            &self.scheduled_due,
            &self.reach,
            &self.reminders,
            &self.valid_notices,
            &self.caught_up,
            &self.sent_msgs,
            &self.sent_msg_index,
            &self.quotas,
            &self.media_copies,
            &self.reply_menus,
            &self.reply_texts,
            &self.hamlet_subscribers,
            &self.hamlet_numbers,
        ];
        TREES.into_iter().zip(trees).collect()
    }

    /// True when the store holds no people, broadcasts or content (a fresh store).
    pub fn is_empty(&self) -> bool {
        self.trees()
            .iter()
            .all(|(name, t)| *name == "meta" || t.is_empty())
    }

    /// Writes a consistent snapshot of every tree, ending with the count and checksum line.
    /// Writers wait while it runs (a few hundred milliseconds for 10,000 subscribers), so the
    /// snapshot never shows half a change.
    pub fn backup(&self, out: &mut dyn Write) -> Result<BackupStats> {
        let _gate = self.exclusive();
        let mut stats = BackupStats::default();
        let mut hash = Sha256::new();
        let mut write = |line: String, stats: &mut BackupStats, hash: &mut Sha256| -> Result<()> {
            let mut line = line.into_bytes();
            line.push(b'\n');
            out.write_all(&line).map_err(StoreError::Io)?;
            hash.update(&line);
            stats.bytes += line.len() as u64;
            Ok(())
        };
        let header = BackupHeader {
            loaban_backup: FORMAT,
            schema_version: super::SCHEMA_VERSION,
            created_at: Utc::now(),
        };
        write(
            serde_json::to_string(&header).expect("header serializes"),
            &mut stats,
            &mut hash,
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
                    &mut hash,
                )?;
                stats.records += 1;
            }
        }
        let end = BackupEnd {
            loaban_backup_end: EndFields {
                records: stats.records,
                sha256: hex(&hash.clone().finalize()),
            },
        };
        write(
            serde_json::to_string(&end).expect("end serializes"),
            &mut stats,
            &mut hash,
        )?;
        out.flush().map_err(StoreError::Io)?;
        Ok(stats)
    }

    /// Checks a backup file completely (header, records, count, checksum) without changing
    /// anything.
    pub fn verify_backup(input: &mut dyn BufRead) -> Result<BackupSummary> {
        parse(input, &TREES, false).map(|p| p.summary)
    }

    /// Rebuilds this store from a backup. Refuses a non-empty store unless `force`; reads and
    /// checks the whole file (count and checksum included) before changing anything.
    pub fn restore(&self, input: &mut dyn BufRead, force: bool) -> Result<BackupStats> {
        if !force && !self.is_empty() {
            return Err(StoreError::NotEmpty);
        }
        let parsed = parse(input, &TREES, true)?;
        let stats = self.restore_records(parsed.records)?;
        // A backup of an older version holds its layout (and its schema version in `meta`).
        self.migrate()?;
        Ok(stats)
    }

    fn restore_records(&self, records: Vec<(String, Vec<u8>, Vec<u8>)>) -> Result<BackupStats> {
        let _gate = self.exclusive();
        let trees = self.trees();
        for (_, t) in &trees {
            t.clear()?;
        }
        let mut stats = BackupStats::default();
        for (tree, k, v) in records {
            let Some((_, t)) = trees.iter().find(|(n, _)| *n == tree) else {
                continue;
            };
            stats.bytes += (k.len() + v.len()) as u64;
            t.insert(k, v)?;
            stats.records += 1;
        }
        // Counts and statuses kept in memory describe the store that was replaced.
        self.forget_statuses();
        self.counts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        *self
            .not_understood_count
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = None;
        self.move_ids_past_restored()?;
        self.load_hamlet_numbers()?;
        self.collect_menus()?;
        self.collect_texts()?;
        self.db.flush()?;
        Ok(stats)
    }

    /// Remembers how the last automatic backup went, and the last one that worked (shown
    /// by `stats`).
    pub fn set_last_backup(&self, last: &LastBackup) -> Result<()> {
        let _gate = self.writing();
        self.meta.insert(LAST_BACKUP_KEY, encode(last))?;
        if last.error.is_none() {
            self.meta.insert(LAST_GOOD_BACKUP_KEY, encode(last))?;
        }
        Ok(())
    }

    /// The last automatic backup attempt, whether it worked or not.
    pub fn last_backup(&self) -> Result<Option<LastBackup>> {
        self.meta
            .get(LAST_BACKUP_KEY)?
            .map(|v| decode("meta", &v))
            .transpose()
    }

    /// The newest automatic backup that was written and checked.
    pub fn last_good_backup(&self) -> Result<Option<LastBackup>> {
        self.meta
            .get(LAST_GOOD_BACKUP_KEY)?
            .map(|v| decode("meta", &v))
            .transpose()
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

    fn backup_of_some_store() -> Vec<u8> {
        let store = Store::temporary().unwrap();
        for i in 0..20 {
            store.audit("admin", "test", format!("entry {i}")).unwrap();
        }
        let mut out = Vec::new();
        store.backup(&mut out).unwrap();
        out
    }

    fn verify(bytes: &[u8]) -> Result<BackupSummary> {
        Store::verify_backup(&mut std::io::Cursor::new(bytes))
    }

    #[test]
    fn every_tree_of_the_store_is_in_a_backup() {
        let store = Store::temporary().unwrap();
        let mut names: Vec<String> = store
            .db
            .tree_names()
            .into_iter()
            .map(|n| String::from_utf8_lossy(&n).into_owned())
            .filter(|n| n != "__sled__default")
            .collect();
        names.sort();
        let mut ours: Vec<String> = TREES.iter().map(|s| s.to_string()).collect();
        ours.sort();
        assert_eq!(names, ours);
    }

    #[test]
    fn a_whole_backup_verifies() {
        let b = backup_of_some_store();
        let s = verify(&b).unwrap();
        assert!(s.records >= 20, "{s:?}");
    }

    #[test]
    fn a_backup_cut_anywhere_is_refused() {
        let b = backup_of_some_store();
        let lines: Vec<usize> = b
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        // At every line boundary but the last, and in the middle of lines.
        for &cut in &lines[..lines.len() - 1] {
            let e = verify(&b[..cut]).unwrap_err().to_string();
            assert!(e.contains("truncated") || e.contains("empty"), "{cut}: {e}");
            let e = verify(&b[..cut - 3]).unwrap_err().to_string();
            assert!(
                e.contains("not a Loa Bản") || e.contains("cut") || e.contains("line"),
                "{e}"
            );
        }
    }

    #[test]
    fn an_altered_record_or_a_dropped_one_is_refused() {
        let b = String::from_utf8(backup_of_some_store()).unwrap();
        let lines: Vec<&str> = b.lines().collect();
        // One audit entry's text changed.
        let altered = b.replacen("656e7472792035", "656e7472792036", 1);
        assert_ne!(altered, b);
        let e = verify(altered.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("checksum"), "{e}");
        // One record removed.
        let mut dropped: Vec<&str> = lines.clone();
        dropped.remove(3);
        let e = verify((dropped.join("\n") + "\n").as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("counts"), "{e}");
        // Something appended after the end.
        let appended = b.clone() + lines[2] + "\n";
        let e = verify(appended.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("after the end line"), "{e}");
    }
}
