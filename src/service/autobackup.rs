//! The running bot's own backups: every `[backup] every_hours` into `[backup] dir`, each
//! read back and checked after writing, the oldest beyond `keep` deleted, the outcome kept
//! in the store for `stats` and a failure logged.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use tokio::sync::watch;

use crate::config::BackupConfig;
use crate::store::{LastBackup, Store};

const PREFIX: &str = "loaban-";
const SUFFIX: &str = ".backup";
const STAMP: &str = "%Y%m%d-%H%M%S";
/// After a failure, try again this soon rather than a whole period later.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(15 * 60);

/// Where and how often; `dir` already resolved against the config's folder.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub dir: PathBuf,
    pub every: Duration,
    pub keep: usize,
}

impl Schedule {
    /// `None` when automatic backups are off (`every_hours = 0`).
    pub fn from_config(config: &BackupConfig, resolved_dir: PathBuf) -> Option<Schedule> {
        (config.every_hours > 0).then(|| Schedule {
            dir: resolved_dir,
            every: Duration::from_secs(config.every_hours * 3600),
            keep: config.keep,
        })
    }
}

/// The file name of a backup taken at `at`.
pub fn file_name(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(STAMP))
}

/// When a file named by [`file_name`] was taken; `None` for any other file.
pub fn taken_at(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

/// The backups in `dir`, oldest first.
pub fn list(dir: &Path) -> Vec<(DateTime<Utc>, PathBuf)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name();
            taken_at(name.to_str()?).map(|at| (at, e.path()))
        })
        .collect();
    out.sort();
    out
}

/// Takes one backup now: writes it, checks it, removes the oldest beyond `keep`, and
/// records the outcome in the store. Blocking (file I/O); run it off the async threads.
pub fn take(store: &Store, schedule: &Schedule, now: DateTime<Utc>) -> LastBackup {
    let path = schedule.dir.join(file_name(now));
    let result = crate::private::create_dir(&schedule.dir)
        .map_err(|e| format!("{}: {e}", schedule.dir.display()))
        .and_then(|_| super::control::write_backup(store, &path))
        .and_then(|stats| {
            let file = std::fs::File::open(&path).map_err(|e| e.to_string())?;
            Store::verify_backup(&mut std::io::BufReader::new(file))
                .map_err(|e| format!("written but does not check: {e}"))?;
            Ok(stats)
        });
    let last = match result {
        Ok(stats) => {
            let all = list(&schedule.dir);
            for (_, old) in all.iter().take(all.len().saturating_sub(schedule.keep)) {
                if let Err(e) = std::fs::remove_file(old) {
                    log::warn!("backup: cannot delete the old {}: {e}", old.display());
                }
            }
            log::info!(
                "backup written to {}: {} records, {} bytes",
                path.display(),
                stats.records,
                stats.bytes
            );
            LastBackup {
                at: now,
                file: path.display().to_string(),
                records: stats.records,
                error: None,
            }
        }
        Err(error) => {
            log::error!(
                "backup to {} FAILED: {error}; trying again in {} minutes",
                path.display(),
                RETRY_AFTER_FAILURE.as_secs() / 60
            );
            let _ = std::fs::remove_file(path.with_extension("partial"));
            LastBackup {
                at: now,
                file: path.display().to_string(),
                records: 0,
                error: Some(error),
            }
        }
    };
    if let Err(e) = store.set_last_backup(&last) {
        log::error!("backup: cannot record the outcome in the store: {e}");
    }
    last
}

/// How long from `now` until the next backup is due, given the backups already in the
/// folder.
pub fn due_in(schedule: &Schedule, now: DateTime<Utc>) -> Duration {
    match list(&schedule.dir).last() {
        None => Duration::ZERO,
        Some((at, _)) => {
            let next = *at + chrono::Duration::from_std(schedule.every).unwrap_or_default();
            (next - now).to_std().unwrap_or(Duration::ZERO)
        }
    }
}

/// Takes backups on schedule until `stop` turns true.
pub async fn run(store: Store, schedule: Schedule, mut stop: watch::Receiver<bool>) {
    log::info!(
        "automatic backups every {} h into {} (keeping {})",
        schedule.every.as_secs() / 3600,
        schedule.dir.display(),
        schedule.keep
    );
    let mut wait = due_in(&schedule, Utc::now());
    loop {
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        let (s, sch) = (store.clone(), schedule.clone());
        let last = tokio::task::spawn_blocking(move || take(&s, &sch, Utc::now())).await;
        wait = match last {
            Ok(l) if l.error.is_none() => schedule.every,
            _ => RETRY_AFTER_FAILURE.min(schedule.every),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(dir: &Path, keep: usize) -> Schedule {
        Schedule {
            dir: dir.to_path_buf(),
            every: Duration::from_secs(3600),
            keep,
        }
    }

    #[test]
    fn names_round_trip_and_others_are_ignored() {
        let at = "2026-12-01T20:30:05Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(file_name(at), "loaban-20261201-203005.backup");
        assert_eq!(taken_at(&file_name(at)), Some(at));
        assert_eq!(taken_at("loaban-20261201-203005.partial"), None);
        assert_eq!(taken_at("notes.txt"), None);
    }

    #[test]
    fn keeps_the_newest_and_records_the_outcome() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::temporary().unwrap();
        let dir = tmp.path().join("backups");
        let sch = schedule(&dir, 3);
        let t0 = "2026-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(due_in(&sch, t0), Duration::ZERO, "none yet: due now");
        for h in 0..5 {
            let last = take(&store, &sch, t0 + chrono::Duration::hours(h));
            assert_eq!(last.error, None);
        }
        let left: Vec<_> = list(&dir).into_iter().map(|(at, _)| at).collect();
        assert_eq!(
            left,
            (2..5)
                .map(|h| t0 + chrono::Duration::hours(h))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            due_in(&sch, t0 + chrono::Duration::minutes(4 * 60 + 20)),
            Duration::from_secs(40 * 60)
        );
        let last = store.last_backup().unwrap().unwrap();
        assert!(
            last.file.ends_with("loaban-20260101-040000.backup"),
            "{last:?}"
        );
    }

    #[test]
    fn a_failure_is_recorded_with_its_cause() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::temporary().unwrap();
        // The folder cannot be created: a file is in the way.
        let blocker = tmp.path().join("backups");
        std::fs::write(&blocker, b"").unwrap();
        let last = take(&store, &schedule(&blocker, 3), Utc::now());
        assert!(last.error.is_some());
        assert_eq!(store.last_backup().unwrap(), Some(last));
    }
}
