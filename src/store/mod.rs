//! The store: the only module that knows sled — trees, key encoding, transactions, schema version.
//!
//! Everything else goes through these typed calls, so the engine can be swapped later.

mod admin;
mod backup;
mod channels;
mod content;
pub mod keys;
mod outbox;
mod people;
mod sessions;

pub use admin::{AuditEntry, RolesSnapshot};
pub use backup::{BackupStats, BackupSummary, LastBackup};
pub use channels::OAuthTokens;
pub use content::ImportError;
pub use outbox::{Announcement, Counts, Delivery, DeliveryStatus, Scope, Unreached};
pub use people::User;
pub use sessions::{Pending, Session};

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The layout version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;
const SCHEMA_KEY: &[u8] = b"schema_version";

/// Why a store call failed. Callers show users a localized "try again" and log this.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the store at {0} is in use by another Loa Bản process (only one may run per data_dir)"
    )]
    Locked(PathBuf),
    #[error(
        "the store at {path} has schema version {found}, newer than this build supports ({supported}); upgrade loaban"
    )]
    SchemaTooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("sled: {0}")]
    Sled(#[from] sled::Error),
    #[error(
        "the store is not empty; restore into an empty data_dir, or pass --force to replace everything"
    )]
    NotEmpty,
    #[error("not a usable backup: {0}")]
    BadBackup(String),
    #[error("i/o: {0}")]
    Io(std::io::Error),
    #[error("corrupt record in tree {tree}: {source}")]
    Codec {
        tree: &'static str,
        source: serde_json::Error,
    },
}

impl From<sled::transaction::TransactionError<StoreError>> for StoreError {
    fn from(e: sled::transaction::TransactionError<StoreError>) -> Self {
        match e {
            sled::transaction::TransactionError::Abort(e) => e,
            sled::transaction::TransactionError::Storage(e) => StoreError::Sled(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open store. Cloning is cheap (sled handles are shared).
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    meta: sled::Tree,
    // content
    sets: sled::Tree,
    units: sled::Tree,
    statuses: sled::Tree,
    loans: sled::Tree,
    // people
    users: sled::Tree,
    subs: sled::Tree,
    subs_by_hamlet: sled::Tree,
    sessions: sled::Tree,
    // broadcasts
    announcements: sled::Tree,
    outbox: sled::Tree,
    queue: sled::Tree,
    inflight: sled::Tree,
    /// Announcement id → recipients whose delivery records are not written yet.
    recipients: sled::Tree,
    // operations
    audit_log: sled::Tree,
    asked: sled::Tree,
    not_understood: sled::Tree,
    // channels
    /// Platform → its OAuth tokens.
    tokens: sled::Tree,
    /// (platform, event id) → when it was first seen.
    seen_events: sled::Tree,
    /// Writers hold it shared; a backup holds it alone, so a snapshot never sees half a
    /// change spread over several trees.
    gate: Arc<RwLock<()>>,
    /// Serialises changes to one delivery's state (claim, outcome, retry, cancel), which are
    /// ordered single-key writes rather than sled transactions (see `outbox.rs`).
    outbox_mutex: Arc<Mutex<()>>,
    /// Requests for the flusher thread (see [`Store::flush_async`]).
    flusher: Arc<Flusher>,
}

type FlushWaiter = tokio::sync::oneshot::Sender<std::result::Result<(), String>>;

/// The group-commit thread: one fsync for everyone waiting.
struct Flusher {
    tx: Mutex<Option<std::sync::mpsc::Sender<FlushWaiter>>>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Flusher {
    fn start(db: sled::Db) -> Flusher {
        let (tx, rx) = std::sync::mpsc::channel::<FlushWaiter>();
        let thread = std::thread::Builder::new()
            .name("loaban-flush".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let mut waiters = vec![first];
                    waiters.extend(rx.try_iter());
                    let result = db.flush().map(|_| ()).map_err(|e| e.to_string());
                    for w in waiters {
                        let _ = w.send(result.clone());
                    }
                }
            })
            .expect("can start the flusher thread");
        Flusher {
            tx: Mutex::new(Some(tx)),
            thread: Mutex::new(Some(thread)),
        }
    }
}

impl Drop for Flusher {
    /// Stops the thread and waits for it, so that its handle on the database is gone (and
    /// the store's file lock released) when the last `Store` is dropped.
    fn drop(&mut self) {
        self.tx.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(t) = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = t.join();
        }
    }
}

impl Store {
    /// Opens (or creates) the store at `path` with a page cache of `cache_mb` MiB.
    /// The folder and every file in it are made private (0700/0600) whatever the umask.
    pub fn open(path: &Path, cache_mb: u64, flush_every_ms: u64) -> Result<Store> {
        // A folder we may not chmod is left to sled's open to report.
        let _ = crate::private::create_dir(path);
        let db = sled::Config::new()
            .path(path)
            .cache_capacity(cache_mb * 1024 * 1024)
            .flush_every_ms(Some(flush_every_ms))
            .open()
            .map_err(|e| match e {
                sled::Error::Io(ref io) if io.to_string().contains("lock") => {
                    StoreError::Locked(path.to_path_buf())
                }
                other => StoreError::Sled(other),
            })?;
        let store = Self::from_db(db, path)?;
        crate::private::restrict_tree(path).map_err(StoreError::Io)?;
        Ok(store)
    }

    /// A throw-away store in memory-backed temp files (tests and benchmarks).
    pub fn temporary() -> Result<Store> {
        let db = sled::Config::new()
            .temporary(true)
            .cache_capacity(8 * 1024 * 1024)
            .open()?;
        Self::from_db(db, Path::new("(temporary)"))
    }

    fn from_db(db: sled::Db, path: &Path) -> Result<Store> {
        let meta = db.open_tree("meta")?;
        match meta.get(SCHEMA_KEY)? {
            None => {
                meta.insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())?;
            }
            Some(v) => {
                let found = v
                    .as_ref()
                    .try_into()
                    .map(u32::from_be_bytes)
                    .unwrap_or(u32::MAX);
                if found > SCHEMA_VERSION {
                    return Err(StoreError::SchemaTooNew {
                        path: path.to_path_buf(),
                        found,
                        supported: SCHEMA_VERSION,
                    });
                }
                // Versions below SCHEMA_VERSION would be migrated here; 1 is the first.
            }
        }
        Ok(Store {
            sets: db.open_tree("sets")?,
            units: db.open_tree("units")?,
            statuses: db.open_tree("statuses")?,
            loans: db.open_tree("loans")?,
            users: db.open_tree("users")?,
            subs: db.open_tree("subs")?,
            subs_by_hamlet: db.open_tree("subs_by_hamlet")?,
            sessions: db.open_tree("sessions")?,
            announcements: db.open_tree("announcements")?,
            outbox: db.open_tree("outbox")?,
            queue: db.open_tree("outbox_queue")?,
            inflight: db.open_tree("outbox_inflight")?,
            recipients: db.open_tree("outbox_recipients")?,
            audit_log: db.open_tree("audit")?,
            asked: db.open_tree("asked")?,
            not_understood: db.open_tree("not_understood")?,
            tokens: db.open_tree("tokens")?,
            seen_events: db.open_tree("seen_events")?,
            gate: Arc::new(RwLock::new(())),
            outbox_mutex: Arc::new(Mutex::new(())),
            flusher: Arc::new(Flusher::start(db.clone())),
            meta,
            db,
        })
    }

    /// Held by every write (shared with other writes).
    fn writing(&self) -> RwLockReadGuard<'_, ()> {
        self.gate.read().unwrap_or_else(|e| e.into_inner())
    }

    fn outbox_lock(&self) -> MutexGuard<'_, ()> {
        self.outbox_mutex.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Held by a backup or restore: no write happens meanwhile.
    fn exclusive(&self) -> RwLockWriteGuard<'_, ()> {
        self.gate.write().unwrap_or_else(|e| e.into_inner())
    }

    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .meta
            .get(SCHEMA_KEY)?
            .and_then(|v| v.as_ref().try_into().ok().map(u32::from_be_bytes))
            .unwrap_or(0))
    }

    /// Writes everything to disk (fsync). Called after changes a crash must not undo: a
    /// subscription, a confirmed broadcast, a delivery's outcome; and on shutdown.
    pub fn flush(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
    }

    /// [`Store::flush`] without blocking the async runtime's thread: waiters hand the request
    /// to one flusher thread, which serves everyone waiting with a single fsync (group
    /// commit). One thread, rather than tokio's blocking pool, because sled 0.34's own
    /// `flush_async` can deadlock when several are pending (spacejam/sled#1241, #1308) and
    /// because flushing from many short-lived threads kept ~4 KB per delivery alive.
    pub async fn flush_async(&self) -> Result<()> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.flusher
            .tx
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|s| s.send(tx))
            .transpose()
            .ok()
            .flatten()
            .ok_or_else(|| StoreError::Io(std::io::Error::other("the flusher thread stopped")))?;
        match rx.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(StoreError::Io(std::io::Error::other(e))),
            Err(_) => Err(StoreError::Io(std::io::Error::other(
                "the flusher thread stopped",
            ))),
        }
    }
}

fn encode<T: Serialize + ?Sized>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).expect("store records always serialize")
}

fn decode<T: DeserializeOwned>(tree: &'static str, bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|source| StoreError::Codec { tree, source })
}

/// Inside a transaction, a decode error aborts it.
fn decode_tx<T: DeserializeOwned>(
    tree: &'static str,
    bytes: &[u8],
) -> std::result::Result<T, sled::transaction::ConflictableTransactionError<StoreError>> {
    decode(tree, bytes).map_err(sled::transaction::ConflictableTransactionError::Abort)
}
