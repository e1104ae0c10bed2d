//! The store: the only module that knows sled — trees, key encoding, transactions, schema version.
//!
//! Everything else goes through these typed calls, so the engine can be swapped later.

mod acks;
mod admin;
mod backup;
mod channels;
mod compact;
mod compact_chat;
mod content;
mod followup;
mod hamlet_numbers;
mod ids;
pub mod keys;
mod media;
mod outbox;
mod people;
mod person;
mod questions;
mod quotas;
mod reach;
mod replies;
mod reply_menus;
mod reply_texts;
mod scheduled;
mod sent;
mod sessions;
mod visit;

pub use acks::AckOutcome;
pub use admin::{AuditEntry, RolesSnapshot};
pub use backup::{BackupStats, BackupSummary, LastBackup};
pub use channels::OAuthTokens;
pub use content::ImportError;
pub use followup::{COMMUNE_SCOPE, Reminded, scope_key};
pub use keys::Carries;
pub use media::{MediaCopy, TextOnlyWhy};
pub use outbox::{
    Announcement, Counts, Delivery, DeliveryStatus, Recipient, Revised, Revision, RevisionKind,
    Scope, Unreached,
};
pub use people::User;
pub use questions::{Answer, Answering, Officers, Question};
pub use reach::{Reach, SendSeen};
pub use replies::{FailedReply, PendingReply, StoredReply};
pub use scheduled::{Every, Release, Repeat, ScheduledNotice};
pub use sent::Receipts;
pub use sessions::{DraftMode, MISSES_KEPT, Pending, Session};
pub use visit::Visit;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The layout version this build reads and writes. Version 2 added the outbox's retry and
/// to-report indexes (`outbox_retries`, `outbox_to_report`); version 3 writes outbox records
/// and recipient lists in a compact binary form (see `compact.rs`) and keeps an open
/// announcement's progress with its to-report entry; version 4 writes stored replies and
/// sessions compactly too (see `compact_chat.rs`); version 5 keeps a stored reply's buttons
/// once in `reply_menus` (see `reply_menus.rs`); version 6 keeps one record per person in
/// `users`, with their reach and display name (see `person.rs`), where version 5 had three
/// trees; version 7 keeps a person's subscriptions in that record too (the broadcast index
/// `subs_by_hamlet` stays); version 8 keeps the session of a person's own chat there too;
/// version 9 the notices delivered to them and not acknowledged (was `acks_open`); version 10
/// the id a messenger gave a sent notice and its receipt in the delivery record, and the id
/// → notice link in the recipient's record (were `sent_msgs` and `sent_msg_index`); version
/// 11 keeps a text several stored replies share once in `reply_texts` (see `reply_texts.rs`);
/// version 12 keys the broadcast index by hamlet number and user id in a few bytes
/// (`hamlet_subscribers`, see `keys::subscriber`; was `subs_by_hamlet`). Older stores are
/// migrated on open.
pub const SCHEMA_VERSION: u32 = 12;
const SCHEMA_KEY: &[u8] = b"schema_version";
/// A file next to sled's, written once the store holds its first record.
const MARKER: &str = "loaban-store";
const MARKER_TEXT: &str =
    "This folder holds a Loa Bản store. If its data is found missing, start refuses.\n";

/// Why a store call failed. Callers show users a localized "try again" and log this.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the store at {0} is in use by the running bot (one process at a time); stop the bot first: `systemctl stop loaban` (several communes: `systemctl stop loaban@COMMUNE`), then run this again"
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
    #[error("the store at {0} has lost its records (its data file is damaged)")]
    Damaged(PathBuf),
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
    /// Each unit's statuses decoded, filled on first read (see `content.rs`).
    status_cache: Arc<Mutex<HashMap<String, Arc<[crate::content::model::StatusEntry]>>>>,
    loans: sled::Tree,
    // people
    /// User → their user record: profile, reach, display name, subscriptions, the session of
    /// their own chat (see `person.rs`).
    users: sled::Tree,
    /// Held while a user record is read, changed and written back (see `person.rs`).
    people_lock: Arc<Mutex<()>>,
    /// (user, hamlet) → when: schema 6 and older, emptied by the migration to schema 7 (a
    /// person's subscriptions are in their user record now).
    subs: sled::Tree,
    /// (hamlet id, user) → (): who got a hamlet's notices, schema 11 and older; emptied by
    /// the migration to schema 12 (`hamlet_subscribers` now).
    subs_by_hamlet: sled::Tree,
    /// (hamlet number, user) → (): who gets a hamlet's notices (see `keys::subscriber`).
    hamlet_subscribers: sled::Tree,
    /// Hamlet id → its number in `hamlet_subscribers` (see `hamlet_numbers.rs`).
    hamlet_numbers: sled::Tree,
    /// The same, read at open, both ways.
    numbers: Arc<RwLock<hamlet_numbers::HamletNumbers>>,
    sessions: sled::Tree,
    // broadcasts
    announcements: sled::Tree,
    outbox: sled::Tree,
    /// Deliveries due now (fresh ones), by delivery key.
    queue: sled::Tree,
    /// Deliveries waiting for a retry time, by (due time, delivery key): the first key is
    /// the next one due, so a claim never reads a retry that is not due yet.
    retries: sled::Tree,
    /// Claimed deliveries (value: the attempt number), put back in the queue after a crash.
    inflight: sled::Tree,
    /// Announcement id → recipients whose delivery records are not written yet.
    recipients: sled::Tree,
    /// Announcements whose author has no final report yet (key only).
    to_report: sled::Tree,
    // questions to officers (see `questions.rs`)
    questions: sled::Tree,
    /// (hamlet id or "*", question id) → () while the question waits for an answer.
    questions_waiting: sled::Tree,
    /// (asker, question id) → ().
    questions_by_asker: sled::Tree,
    /// Consent-button token → question id.
    question_tokens: sled::Tree,
    // operations
    audit_log: sled::Tree,
    asked: sled::Tree,
    not_understood: sled::Tree,
    /// How many entries `not_understood` holds (None: not counted yet; filled from one scan
    /// of that small tree the first time a question is kept), so keeping a question never
    /// counts the tree (see `admin.rs`).
    not_understood_count: Arc<Mutex<Option<usize>>>,
    /// Added to sled's counter for numbered records (see `ids.rs`).
    id_base: Arc<AtomicU64>,
    // channels
    /// Platform → its OAuth tokens.
    tokens: sled::Tree,
    /// (platform, event id) → when it was first seen.
    seen_events: sled::Tree,
    // replies (see `replies.rs`)
    /// Reply id → a reply not sent yet.
    replies: sled::Tree,
    /// Chat → the last reply to it that could not be delivered.
    replies_failed: sled::Tree,
    /// Menu number → the buttons of stored replies (see `reply_menus.rs`).
    reply_menus: sled::Tree,
    /// The menus written since the store was opened.
    menus: Arc<Mutex<reply_menus::Menus>>,
    /// Text number → a text several stored replies share (see `reply_texts.rs`).
    reply_texts: sled::Tree,
    /// The shared texts and how many stored replies name each.
    texts: Arc<Mutex<reply_texts::Texts>>,
    // acknowledgements (see `acks.rs`)
    /// (announcement, recipient) → when they acknowledged it.
    acks: sled::Tree,
    /// (recipient, announcement) → when it was delivered, until acknowledged: schema 8 and
    /// older, emptied by the migration to schema 9 (kept in the user record now).
    acks_open: sled::Tree,
    /// User → the name their messenger presents: schema 5 only, emptied by the migration to
    /// schema 6 (the name is in the user record now).
    display_names: sled::Tree,
    // scheduled notices (see `scheduled.rs`)
    /// Id → a notice waiting for its time.
    scheduled: sled::Tree,
    /// (due time, id) → (): the first key is the next one due.
    scheduled_due: sled::Tree,
    /// Open urgent announcements, claimed before any routine delivery (see `outbox.rs`).
    urgent: Arc<Mutex<std::collections::BTreeSet<u64>>>,
    // follow-up of notices (see `reach.rs`, `followup.rs`)
    /// User → how they were last seen reachable: schema 5 only, emptied by the migration to
    /// schema 6 (it is in the user record now).
    reach: sled::Tree,
    /// Notice → its one reminder.
    reminders: sled::Tree,
    /// (scope, notice) → valid until, while valid.
    valid_notices: sled::Tree,
    /// (notice, user) → when catch-up gave it to them.
    caught_up: sled::Tree,
    // messengers' ids and receipts of sent notices (see `sent.rs`)
    /// (announcement, recipient) → receipt, its time and the messenger's message id: schema
    /// 9 and older, emptied by the migration to schema 10 (in the delivery record now).
    sent_msgs: sled::Tree,
    /// (recipient, message id) → announcement: schema 9 and older, emptied by the migration
    /// to schema 10 (in the recipient's user record now).
    sent_msg_index: sled::Tree,
    /// (allowance, period) → messages used (see `quotas.rs`).
    quotas: sled::Tree,
    /// (notice, platform) → how the notice's photo or voice note went there (see `media.rs`).
    media_copies: sled::Tree,
    /// Writers hold it shared; a backup holds it alone, so a snapshot never sees half a
    /// change spread over several trees.
    gate: Arc<RwLock<()>>,
    /// Serialises changes to one delivery's state (claim, outcome, retry, cancel), which are
    /// ordered single-key writes rather than sled transactions (see `outbox.rs`).
    outbox_mutex: Arc<Mutex<()>>,
    /// Each open announcement's delivery counts, kept in step with every change of a
    /// delivery's state (under `outbox_mutex`), so progress notes and reports never scan
    /// the outbox. Filled from one scan the first time an announcement is asked about.
    counts: Arc<Mutex<HashMap<u64, Counts>>>,
    /// Deliveries claimed by a sender, by delivery key: in memory only, since their queue
    /// or retry entries stay until the outcome is written (see `outbox.rs`).
    claimed: Arc<Mutex<ClaimedMap>>,
    /// Wakes the worker when deliveries are queued, so it need not poll.
    queued: Arc<Queued>,
    /// Held while an announcement's recipients are listed (one at a time).
    creating_lock: Arc<Mutex<()>>,
    /// The id of the announcement being listed (0: none); claims leave its chunks alone.
    creating: Arc<AtomicU64>,
    /// Bumped by every correction or withdrawal (see [`Store::revisions_made`]).
    revisions: Arc<AtomicU64>,
    /// Requests for the flusher thread (see [`Store::flush_async`]).
    flusher: Arc<Flusher>,
}

/// Deliveries claimed by a sender, by delivery key.
type ClaimedMap = HashMap<Vec<u8>, outbox::Claimed>;

/// Who waits for a flush, and whether it may wait out the linger (`false`: urgent, flush as
/// soon as possible; see [`Store::flush_now_async`]).
type FlushWaiter = (
    tokio::sync::oneshot::Sender<std::result::Result<(), String>>,
    bool,
);

/// How long the flusher waits, after the first request, for others to share its fsync
/// (see [`Store::set_commit_linger`]).
const DEFAULT_LINGER: Duration = Duration::from_millis(200);

/// While a broadcast's senders are waiting on group commits, an urgent request (see
/// [`Store::flush_now_async`]) shares their fsync rather than ending it early, waiting at
/// most this long: each early fsync is another small write of the same log pages.
const URGENT_JOIN: Duration = Duration::from_millis(100);

/// Every second without requests, the group-commit thread frees what sled deferred (see
/// [`free_deferred`]), for [`FREE_AFTER_WRITES`] such seconds after its last flush: sled's
/// own flushing and segment cleaning go on a while after a burst; a store left alone has
/// nothing more to free, so an idle bot does no work every second for months.
const IDLE: Duration = Duration::from_secs(1);
const FREE_AFTER_WRITES: u32 = 120;

/// sled's own flusher thread runs this many times less often than `[store] flush_every_ms`:
/// the group-commit thread does the flushing at that period (see [`Flusher::start`]), and
/// sled's thread is left to clean its log segments and `fsync` the file. Each of its runs
/// also writes out whatever was written since the last flush: at 500 ms, during a broadcast
/// that was two more small writes a second of log pages the next group commit wrote again.
const SLED_FLUSH_FACTOR: u64 = 4;

/// sled frees a sealed 512 KiB log buffer, like the old versions of its pages, only once no
/// thread can still read it (epoch-based reclamation, crossbeam-epoch's global collector):
/// it is put in a bag, bags are queued, and each later pin collects at most 8 bags, and only
/// every 128th pin of a thread. After a burst of writes stops, thousands of bags (with many
/// log buffers: 16.5 MiB 10 s after 20,000 subscriptions, heaptrack) stay queued until the
/// next burst. Pinning and flushing repeatedly once writes stopped advances the epoch and
/// frees them. (`crossbeam_pin` is sled 0.34's re-export of the collector it uses.)
fn free_deferred() {
    for _ in 0..256 {
        sled::crossbeam_pin().flush();
    }
}

/// The group-commit thread: one fsync for everyone waiting.
struct Flusher {
    tx: Mutex<Option<std::sync::mpsc::Sender<FlushWaiter>>>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// The linger in microseconds, read before each batch.
    linger_us: Arc<AtomicU64>,
    /// Fsyncs done and requests served, for the benchmarks and the log.
    stats: Arc<FlushStats>,
}

/// Deliveries queued since the last flush, and the worker to wake once they are on disk: a
/// notice goes out only after its announcement would survive a crash, so the head's
/// "sending…" answer (sent after the same flush) comes before the first report.
#[derive(Default)]
struct Queued {
    since_flush: std::sync::atomic::AtomicBool,
    notify: tokio::sync::Notify,
    /// A flush failed (a full disk, an I/O error; permanent for sled): no delivery may be
    /// claimed any more, since its outcome could not become durable before the next claim.
    flush_failed: std::sync::atomic::AtomicBool,
}

impl Queued {
    fn queued(&self) {
        self.since_flush.store(true, Ordering::SeqCst);
    }

    /// Called after each successful flush.
    fn durable(&self) {
        if self.since_flush.swap(false, Ordering::SeqCst) {
            self.notify.notify_one();
        }
    }
}

/// How well group commit groups: requests served per fsync.
#[derive(Default)]
struct FlushStats {
    flushes: AtomicU64,
    requests: AtomicU64,
}

impl Flusher {
    /// `claimed` holds the deliveries being sent right now (their senders each wait for a
    /// flush next): while there are any, urgent requests join the linger.
    ///
    /// `every` is how soon a write nobody waits for reaches the disk (`[store]
    /// flush_every_ms`): the thread flushes when that long passed without a flush (sled's
    /// own flusher runs [`SLED_FLUSH_FACTOR`] times less often), so while group commits come
    /// often, as during a broadcast, no background flush writes the same pages once more.
    fn start(
        db: sled::Db,
        queued: Arc<Queued>,
        claimed: Arc<Mutex<ClaimedMap>>,
        every: Duration,
    ) -> Flusher {
        let (tx, rx) = std::sync::mpsc::channel::<FlushWaiter>();
        let linger_us = Arc::new(AtomicU64::new(DEFAULT_LINGER.as_micros() as u64));
        let stats = Arc::new(FlushStats::default());
        let (linger, counters) = (linger_us.clone(), stats.clone());
        let thread = std::thread::Builder::new()
            .name("loaban-flush".into())
            .spawn(move || {
                let mut idle_frees_left = 0;
                let mut last_flush = Instant::now();
                let mut last_free = Instant::now();
                loop {
                    let first = match rx.recv_timeout(every.min(IDLE)) {
                        Ok(w) => w,
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                            if last_flush.elapsed() >= every {
                                // Writes no one waited for (counters, a reply marked sent).
                                match db.flush() {
                                    Ok(0) => {}
                                    Ok(_) => {
                                        queued.durable();
                                        idle_frees_left = FREE_AFTER_WRITES;
                                    }
                                    Err(_) => queued.flush_failed.store(true, Ordering::SeqCst),
                                }
                                last_flush = Instant::now();
                            }
                            // sled's own flusher may have rewritten pages meanwhile.
                            if last_free.elapsed() >= IDLE {
                                last_free = Instant::now();
                                if idle_frees_left > 0 {
                                    idle_frees_left -= 1;
                                    free_deferred();
                                }
                            }
                            continue;
                        }
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                    };
                    let linger_for = Duration::from_micros(linger.load(Ordering::Relaxed));
                    // Linger: the outcomes of other senders finishing meanwhile share this
                    // fsync. Each waiter still gets its answer only after the fsync that
                    // covers its own write.
                    let mut until = Instant::now() + linger_for;
                    // An urgent request shortens the linger: at once when no broadcast is
                    // being sent, else to at most `URGENT_JOIN` from now (the senders' next
                    // outcomes are due within it, and each fsync that ends a linger early
                    // rewrites the same pages).
                    let urgent_until = |now: Instant| {
                        let sending = !claimed.lock().unwrap_or_else(|e| e.into_inner()).is_empty();
                        if !sending {
                            now
                        } else {
                            now + URGENT_JOIN.min(linger_for)
                        }
                    };
                    if !first.1 {
                        until = until.min(urgent_until(Instant::now()));
                    }
                    let mut waiters = vec![first];
                    loop {
                        let left = until.saturating_duration_since(Instant::now());
                        // A confirmed notice waits for this flush before its first send:
                        // no lingering then (it is one flush per notice).
                        if left.is_zero() || queued.since_flush.load(Ordering::SeqCst) {
                            break;
                        }
                        match rx.recv_timeout(left) {
                            Ok(w) => {
                                if !w.1 {
                                    until = until.min(urgent_until(Instant::now()));
                                }
                                waiters.push(w);
                            }
                            Err(_) => break,
                        }
                    }
                    waiters.extend(rx.try_iter());
                    let result = db.flush().map(|_| ()).map_err(|e| e.to_string());
                    last_flush = Instant::now();
                    // During a broadcast or a burst there is no idle second: sled's sealed
                    // log buffers would pile up in the collector's queue (14.5 MiB of them
                    // at the peak of a 20,000-recipient broadcast, heaptrack) until it ends.
                    free_deferred();
                    idle_frees_left = FREE_AFTER_WRITES;
                    match result {
                        Ok(()) => queued.durable(),
                        Err(_) => queued.flush_failed.store(true, Ordering::SeqCst),
                    }
                    counters.flushes.fetch_add(1, Ordering::Relaxed);
                    counters
                        .requests
                        .fetch_add(waiters.len() as u64, Ordering::Relaxed);
                    for (w, _) in waiters {
                        let _ = w.send(result.clone());
                    }
                }
            })
            .expect("can start the flusher thread");
        Flusher {
            tx: Mutex::new(Some(tx)),
            thread: Mutex::new(Some(thread)),
            linger_us,
            stats,
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

/// Tests that close a store and open it again in the same process: sled's background
/// threads may hold its file lock for a moment after the last handle is dropped.
#[cfg(test)]
pub(crate) fn reopen_for_test(path: &Path, cache_mb: u64, flush_every_ms: u64) -> Store {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match Store::open(path, cache_mb, flush_every_ms) {
            Err(StoreError::Locked(_)) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20))
            }
            other => return other.expect("the store opens again"),
        }
    }
}

impl Store {
    /// Opens (or creates) the store at `path` with a page cache of `cache_mb` MiB.
    /// True when `path` holds a store (sled's files), not merely a folder.
    pub fn exists_at(path: &Path) -> bool {
        path.join("db").exists()
    }

    /// The folder and every file in it are made private (0700/0600) whatever the umask.
    /// Creating a new store logs a warning with its path: a typo in `data_dir` would
    /// otherwise quietly start the bot with nobody subscribed.
    pub fn open(path: &Path, cache_mb: u64, flush_every_ms: u64) -> Result<Store> {
        Store::open_as(path, cache_mb, flush_every_ms, true)
    }

    /// Like [`Store::open`] over a throwaway store (`eval`'s), which is new by design: no
    /// warning.
    pub fn open_scratch(path: &Path, cache_mb: u64, flush_every_ms: u64) -> Result<Store> {
        Store::open_as(path, cache_mb, flush_every_ms, false)
    }

    fn open_as(
        path: &Path,
        cache_mb: u64,
        flush_every_ms: u64,
        warn_if_new: bool,
    ) -> Result<Store> {
        if warn_if_new && !Store::exists_at(path) {
            log::warn!(
                "no store at {}: creating a new, empty one (if you expected your subscribers \
                 there, stop and check data_dir in the config)",
                path.display()
            );
        }
        // A folder we may not chmod is left to sled's open to report.
        let _ = crate::private::create_dir(path);
        let db = sled::Config::new()
            .path(path)
            .cache_capacity(cache_mb * 1024 * 1024)
            .flush_every_ms(Some(flush_every_ms.saturating_mul(SLED_FLUSH_FACTOR)))
            .open()
            .map_err(|e| match e {
                sled::Error::Io(ref io) if io.to_string().contains("lock") => {
                    StoreError::Locked(path.to_path_buf())
                }
                other => StoreError::Sled(other),
            })?;
        // sled reads a data file damaged at its start as an empty log and would carry on
        // with an empty store; a marker written once the store has its first record tells
        // that apart from a new store.
        let marker = path.join(MARKER);
        let had_schema = db.open_tree("meta")?.get(SCHEMA_KEY)?.is_some();
        if marker.exists() && !had_schema {
            return Err(StoreError::Damaged(path.to_path_buf()));
        }
        let store = Self::from_db(db, path, Duration::from_millis(flush_every_ms))?;
        if !marker.exists() {
            store.db.flush()?;
            std::fs::write(&marker, MARKER_TEXT).map_err(StoreError::Io)?;
        }
        crate::private::restrict_tree(path).map_err(StoreError::Io)?;
        Ok(store)
    }

    /// A throw-away store in memory-backed temp files (tests and benchmarks).
    pub fn temporary() -> Result<Store> {
        let db = sled::Config::new()
            .temporary(true)
            .cache_capacity(8 * 1024 * 1024)
            .flush_every_ms(Some(500 * SLED_FLUSH_FACTOR))
            .open()?;
        Self::from_db(db, Path::new("(temporary)"), Duration::from_millis(500))
    }

    /// `flush_every`: how soon a write nobody waits for reaches the disk.
    fn from_db(db: sled::Db, path: &Path, flush_every: Duration) -> Result<Store> {
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
                // Older versions are migrated once the trees are open (below).
            }
        }
        let queued = Arc::new(Queued::default());
        let claimed = Arc::new(Mutex::new(HashMap::new()));
        let store = Store {
            sets: db.open_tree("sets")?,
            units: db.open_tree("units")?,
            statuses: db.open_tree("statuses")?,
            status_cache: Arc::new(Mutex::new(HashMap::new())),
            loans: db.open_tree("loans")?,
            users: db.open_tree("users")?,
            people_lock: Arc::new(Mutex::new(())),
            subs: db.open_tree("subs")?,
            subs_by_hamlet: db.open_tree("subs_by_hamlet")?,
            hamlet_subscribers: db.open_tree("hamlet_subscribers")?,
            hamlet_numbers: db.open_tree("hamlet_numbers")?,
            numbers: Arc::new(RwLock::new(Default::default())),
            sessions: db.open_tree("sessions")?,
            announcements: db.open_tree("announcements")?,
            outbox: db.open_tree("outbox")?,
            queue: db.open_tree("outbox_queue")?,
            retries: db.open_tree("outbox_retries")?,
            inflight: db.open_tree("outbox_inflight")?,
            recipients: db.open_tree("outbox_recipients")?,
            to_report: db.open_tree("outbox_to_report")?,
            questions: db.open_tree("questions")?,
            questions_waiting: db.open_tree("questions_waiting")?,
            questions_by_asker: db.open_tree("questions_by_asker")?,
            question_tokens: db.open_tree("question_tokens")?,
            audit_log: db.open_tree("audit")?,
            asked: db.open_tree("asked")?,
            not_understood: db.open_tree("not_understood")?,
            not_understood_count: Arc::new(Mutex::new(None)),
            id_base: Arc::new(AtomicU64::new(ids::stored_base(&meta)?)),
            tokens: db.open_tree("tokens")?,
            seen_events: db.open_tree("seen_events")?,
            replies: db.open_tree("replies")?,
            replies_failed: db.open_tree("replies_failed")?,
            reply_menus: db.open_tree("reply_menus")?,
            menus: Arc::new(Mutex::new(Default::default())),
            reply_texts: db.open_tree("reply_texts")?,
            texts: Arc::new(Mutex::new(Default::default())),
            acks: db.open_tree("acks")?,
            acks_open: db.open_tree("acks_open")?,
            display_names: db.open_tree("display_names")?,
            scheduled: db.open_tree("scheduled")?,
            scheduled_due: db.open_tree("scheduled_due")?,
            urgent: Arc::new(Mutex::new(Default::default())),
            reach: db.open_tree("reach")?,
            reminders: db.open_tree("reminders")?,
            valid_notices: db.open_tree("valid_notices")?,
            caught_up: db.open_tree("caught_up")?,
            sent_msgs: db.open_tree("sent_msgs")?,
            sent_msg_index: db.open_tree("sent_msg_index")?,
            quotas: db.open_tree("quotas")?,
            media_copies: db.open_tree("media_copies")?,
            gate: Arc::new(RwLock::new(())),
            outbox_mutex: Arc::new(Mutex::new(())),
            counts: Arc::new(Mutex::new(HashMap::new())),
            claimed: claimed.clone(),
            queued: queued.clone(),
            creating_lock: Arc::new(Mutex::new(())),
            creating: Arc::new(AtomicU64::new(0)),
            revisions: Arc::new(AtomicU64::new(0)),
            flusher: Arc::new(Flusher::start(db.clone(), queued, claimed, flush_every)),
            meta,
            db,
        };
        store.load_hamlet_numbers()?;
        store.migrate()?;
        store.load_urgent()?;
        store.repair_followups()?;
        store.collect_menus()?;
        store.collect_texts()?;
        Ok(store)
    }

    /// Brings a store written by an older version (opened, or restored from its backup) to
    /// [`SCHEMA_VERSION`]; the version is written last, so a migration cut short by a crash
    /// runs again at the next start.
    fn migrate(&self) -> Result<()> {
        let found = self.schema_version()?;
        if found >= SCHEMA_VERSION {
            return Ok(());
        }
        if found < 2 {
            self.migrate_outbox_indexes()?;
        }
        // 2 → 3 → 4 → 5 needs no rewrite: JSON outbox records, replies and sessions, and
        // replies with their buttons inline, still read; new ones are compact.
        if found < 6 {
            self.migrate_people()?;
        }
        if found < 7 {
            self.migrate_subscriptions()?;
        }
        if found < 8 {
            self.migrate_sessions()?;
        }
        if found < 9 {
            self.migrate_open_notices()?;
        }
        if found < 10 {
            self.migrate_sent_messages()?;
        }
        // 10 → 11 needs no rewrite: replies with their text inline still read.
        if found < 12 {
            self.migrate_hamlet_index()?;
        }
        self.db.flush()?;
        self.meta
            .insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())?;
        self.db.flush()?;
        Ok(())
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

    /// Writes a small record and waits for it to reach the disk: the store's health check.
    /// Fails while the disk is full or the file system refuses writes (and, with sled, for
    /// the rest of the process once a write failed).
    pub async fn probe_write(&self) -> Result<()> {
        {
            let _gate = self.writing();
            self.meta.insert(
                b"health_probe",
                &chrono::Utc::now().timestamp_millis().to_be_bytes(),
            )?;
        }
        self.flush_async().await
    }

    /// True for an error that says the disk or file system failed (full, read-only, I/O),
    /// which passes once space is freed; false for damaged or foreign data, which does not.
    pub fn is_io(e: &StoreError) -> bool {
        matches!(e, StoreError::Io(_) | StoreError::Sled(sled::Error::Io(_)))
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
        if let Err(e) = self.db.flush() {
            self.queued.flush_failed.store(true, Ordering::SeqCst);
            return Err(e.into());
        }
        self.queued.durable();
        Ok(())
    }

    /// Fails once a flush has failed: what is written since may never reach the disk.
    fn check_flushes(&self) -> Result<()> {
        if self.queued.flush_failed.load(Ordering::SeqCst) {
            return Err(StoreError::Io(std::io::Error::other(
                "an earlier write to disk failed",
            )));
        }
        Ok(())
    }

    /// How long a group commit waits for more requests to share its fsync (default 200 ms).
    /// Longer means fewer, larger writes (less wear on an SD card) and a later answer to each
    /// waiter; zero flushes at once.
    pub fn set_commit_linger(&self, linger: Duration) {
        self.flusher
            .linger_us
            .store(linger.as_micros() as u64, Ordering::Relaxed);
    }

    /// (fsyncs, requests served) by group commit since the store was opened.
    pub fn commit_stats(&self) -> (u64, u64) {
        let s = &self.flusher.stats;
        (
            s.flushes.load(Ordering::Relaxed),
            s.requests.load(Ordering::Relaxed),
        )
    }

    /// [`Store::flush`] without blocking the async runtime's thread: waiters hand the request
    /// to one flusher thread, which lingers briefly and then serves everyone waiting with a
    /// single fsync (group commit). One thread, rather than tokio's blocking pool, because sled 0.34's own
    /// `flush_async` can deadlock when several are pending (spacejam/sled#1241, #1308) and
    /// because flushing from many short-lived threads kept ~4 KB per delivery alive.
    pub async fn flush_async(&self) -> Result<()> {
        self.flush_via_thread(true).await
    }

    /// [`Store::flush_async`] without the linger: for a caller whose writes are already a
    /// group (a channel's batch of answers, acknowledged to the messenger only after this),
    /// so that people are not kept waiting. Whoever else waits shares the same fsync. While
    /// deliveries are being sent it waits up to 100 ms for the senders' outcomes instead,
    /// so that a broadcast's group commits are not cut short by every batch of answers.
    pub async fn flush_now_async(&self) -> Result<()> {
        self.flush_via_thread(false).await
    }

    async fn flush_via_thread(&self, may_linger: bool) -> Result<()> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.flusher
            .tx
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|s| s.send((tx, may_linger)))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An urgent flush ends a linger at once, and whoever waited in it is served too.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_urgent_flush_does_not_wait_out_the_linger() {
        let store = Store::temporary().unwrap();
        store.set_commit_linger(Duration::from_secs(30));
        let start = Instant::now();
        let lingering = {
            let store = store.clone();
            tokio::spawn(async move { store.flush_async().await })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        store.meta.insert(b"k", b"v").unwrap();
        store.flush_now_async().await.unwrap();
        lingering.await.unwrap().unwrap();
        // Without the urgent request both would wait the full 30 s.
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{:?}",
            start.elapsed()
        );
    }

    /// Several waiters within one linger share one fsync, and each is answered only after
    /// an fsync that began after its request.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_flushes_share_one_fsync() {
        let store = Store::temporary().unwrap();
        store.set_commit_linger(Duration::from_millis(300));
        let (flushes_before, _) = store.commit_stats();
        let mut waiters = tokio::task::JoinSet::new();
        for i in 0..8u8 {
            let store = store.clone();
            waiters.spawn(async move {
                store.meta.insert([b'k', i], &[i]).unwrap();
                store.flush_async().await.unwrap();
            });
        }
        while let Some(done) = waiters.join_next().await {
            done.unwrap();
        }
        let (flushes, requests) = store.commit_stats();
        assert_eq!(requests, 8);
        assert!(
            flushes - flushes_before < 8,
            "{} fsyncs for 8 requests",
            flushes - flushes_before
        );
    }
}
