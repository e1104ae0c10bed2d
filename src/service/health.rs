//! A store that cannot write heals without a human. `run` first waits until the store's
//! disk takes writes (a full disk: one ERROR a minute, Telegram and Zalo keep the messages
//! meanwhile); while running, a write probe every few seconds notices a disk that filled up
//! and stops the bot with a failure status, so that systemd (`Restart=on-failure`) starts it
//! again, and that start waits in turn. Exiting rather than reopening in place: sled's write
//! error is permanent for the process, and a fresh start re-reads exactly what reached the
//! disk, so nothing acknowledged (flushed) is lost and in-flight sends are resent.

use std::path::Path;
use std::time::Duration;

use tokio::sync::watch;

use crate::lograte::EveryFew;
use crate::store::{Store, StoreError};

/// How often the running bot checks that its store still writes.
pub const PROBE_EVERY: Duration = Duration::from_secs(5);
/// How often a waiting start tries again.
const RETRY_EVERY: Duration = Duration::from_secs(5);
/// The exit status after the store failed: EX_TEMPFAIL ("try again later").
pub const EXIT_STORE_FAILED: u8 = 75;

/// Why the store cannot be used at start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Damaged or unreadable data: a restart will not help, a restore will.
    #[error("{source}. {hint}")]
    Damaged { hint: String, source: StoreError },
    #[error(transparent)]
    Other(StoreError),
}

/// What to do about a store at `path` that cannot be read: restore, and from which file.
pub fn damaged_hint(path: &Path, backups: &Path) -> String {
    let latest = super::autobackup::list(backups)
        .last()
        .map(|(_, p)| format!("the newest backup is {}", p.display()))
        .unwrap_or_else(|| format!("no automatic backup found in {}", backups.display()));
    format!(
        "The store at {} is damaged. Stop the bot and rebuild it from a backup: \
         loaban restore FILE --force --config CONFIG ({latest})",
        path.display()
    )
}

/// Opens the store at `path` once it takes writes, retrying every few seconds while its
/// disk is full or failing (logging one ERROR a minute with the cause). `None` when `stop`
/// turned true meanwhile. A damaged store is an error naming `loaban restore` and the newest
/// backup in `backups`.
pub async fn open_when_writable(
    path: &Path,
    cache_mb: u64,
    flush_every_ms: u64,
    backups: &Path,
    stop: &mut watch::Receiver<bool>,
) -> Result<Option<Store>, StartError> {
    let log = EveryFew::new(Duration::from_secs(60));
    loop {
        let opened = {
            let path = path.to_path_buf();
            tokio::task::spawn_blocking(move || Store::open(&path, cache_mb, flush_every_ms))
                .await
                .unwrap_or_else(|e| Err(StoreError::Io(std::io::Error::other(e.to_string()))))
        };
        let failure = match opened {
            Ok(store) => match store.probe_write().await {
                Ok(()) => return Ok(Some(store)),
                Err(e) => e,
            },
            Err(e) if Store::is_io(&e) => e,
            Err(e @ (StoreError::Sled(_) | StoreError::Codec { .. } | StoreError::Damaged(_))) => {
                return Err(StartError::Damaged {
                    hint: damaged_hint(path, backups),
                    source: e,
                });
            }
            Err(e) => return Err(StartError::Other(e)),
        };
        if let Some(n) = log.tick() {
            log::error!(
                "the store at {} cannot write ({failure}); waiting for the disk (free some \
                 space), trying every {} s{}",
                path.display(),
                RETRY_EVERY.as_secs(),
                if n > 1 {
                    format!(" ({n} tries failed)")
                } else {
                    String::new()
                }
            );
        }
        tokio::select! {
            _ = tokio::time::sleep(RETRY_EVERY) => {}
            _ = stop.wait_for(|s| *s) => return Ok(None),
        }
    }
}

/// Probes the store every [`PROBE_EVERY`] until `stop` turns true. Returns the cause when a
/// write failed (the caller stops the bot with [`EXIT_STORE_FAILED`]); `None` on a stop.
pub async fn watch(store: Store, mut stop: watch::Receiver<bool>) -> Option<String> {
    let mut tick = tokio::time::interval(PROBE_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.wait_for(|s| *s) => return None,
        }
        if let Err(e) = store.probe_write().await {
            log::error!(
                "the store cannot write ({e}); stopping so that the service starts again and \
                 waits for the disk (nothing flushed is lost; sends in flight are sent again)"
            );
            return Some(e.to_string());
        }
    }
}
