//! Opening the bot: config → locales → store (with first-start content import and outbox
//! recovery) → core. Every entry point (console, run, import, export) starts here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::config::locate::Problems;
use crate::content;
use crate::core::{Core, ops};
use crate::i18n::{I18n, I18nError};
use crate::store::{ImportError, Store, StoreError};

/// An opened bot: validated config, store, and the core over them.
pub struct App {
    pub config: Arc<Config>,
    pub store: Store,
    pub core: Arc<Core>,
}

/// Why the bot could not be opened. Each names what it was doing, so the command line can
/// print it as it stands.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Every problem in the config, with file and line.
    #[error("{0}")]
    Config(Problems),
    /// The locale or default content files named by the config, each problem with its file.
    #[error("{}", .0.join("\n"))]
    Files(Vec<String>),
    #[error("loading the locale files: {0}")]
    Locales(I18nError),
    #[error("opening the store at {}: {error}", path.display())]
    Store { path: PathBuf, error: StoreError },
    /// The store's files cannot be read: what to restore, and from which backup.
    #[error("{hint} ({error})")]
    Damaged { hint: String, error: StoreError },
    #[error("importing the default content into the new store: {0}")]
    DefaultContent(ImportError),
    #[error(transparent)]
    Records(#[from] StoreError),
}

/// A store that opened but cannot be read (not a passing I/O fault such as a full disk).
pub fn is_damaged(error: &StoreError) -> bool {
    matches!(
        error,
        StoreError::Sled(_) | StoreError::Codec { .. } | StoreError::Damaged(_)
    ) && !Store::is_io(error)
}

/// Loads and validates the config; the error lists every problem with file and line.
pub fn load_config(path: &Path) -> Result<Config, OpenError> {
    Config::load(path).map_err(OpenError::Config)
}

/// What `check-config` checks beyond the config file itself, and `run` (and every other
/// command that opens the bot) refuses to start on: the locale files load, and the default
/// content file is valid against this config (e.g. it names no hamlet the config lacks).
/// Each problem names its file and line.
pub fn check_files(config: &Config) -> Vec<String> {
    let mut problems = Vec::new();
    if let Err(e) = I18n::load(&config.resolve(&config.locales_dir)) {
        problems.push(e.to_string());
    }
    if let Err(p) = content::load(&config.resolve(&config.default_content), config) {
        problems.push(p.to_string());
    }
    problems
}

/// True when `data_dir` holds a store (sled's files), not merely a folder.
pub fn store_exists(config: &Config) -> bool {
    Store::exists_at(&config.data_path())
}

/// Opens the store named by `config` with its cache settings (a new, empty one, with a
/// warning, when there is none).
pub fn open_store(config: &Config) -> Result<Store, OpenError> {
    open_store_with(config, Store::open)
}

/// Opens `config` over a new, throwaway store in its `data_dir` (`eval`'s), without the
/// warning a missing store otherwise gives.
pub fn open_scratch(config: Config) -> Result<App, OpenError> {
    open_checked(config, |config| {
        open_store_with(config, Store::open_scratch)
    })
}

fn open_store_with(
    config: &Config,
    open: fn(&Path, u64, u64) -> Result<Store, StoreError>,
) -> Result<Store, OpenError> {
    let path = config.data_path();
    let store = open(&path, config.store.cache_mb, config.store.flush_every_ms).map_err(
        |error| match error {
            // Already names the path and says what to do.
            StoreError::Locked(_) => OpenError::Records(error),
            error if is_damaged(&error) => OpenError::Damaged {
                hint: super::health::damaged_hint(&path, &config.backup_path()),
                error,
            },
            error => OpenError::Store { path, error },
        },
    )?;
    store.set_commit_linger(std::time::Duration::from_millis(
        config.store.group_commit_ms,
    ));
    Ok(store)
}

/// Everything `console` and `run` need. A bad config or locale file fails here, before the
/// store is touched.
pub fn open(config_path: &Path) -> Result<App, OpenError> {
    open_with(load_config(config_path)?)
}

/// Like [`open`], with a config already loaded and validated.
pub fn open_with(config: Config) -> Result<App, OpenError> {
    open_checked(config, open_store)
}

/// The files are checked before `open_store` touches the store.
fn open_checked(
    config: Config,
    open_store: impl FnOnce(&Config) -> Result<Store, OpenError>,
) -> Result<App, OpenError> {
    let problems = check_files(&config);
    if !problems.is_empty() {
        return Err(OpenError::Files(problems));
    }
    let store = open_store(&config)?;
    open_with_store(config, store)
}

/// Like [`open_with`], over a store already opened (`run` opens it once it takes writes).
pub fn open_with_store(config: Config, store: Store) -> Result<App, OpenError> {
    store.set_commit_linger(std::time::Duration::from_millis(
        config.store.group_commit_ms,
    ));
    let config = Arc::new(config);
    let i18n =
        Arc::new(I18n::load(&config.resolve(&config.locales_dir)).map_err(OpenError::Locales)?);
    if store.content_is_empty()? {
        let path = config.resolve(&config.default_content);
        let imported = store
            .import_content_file(&path, &config)
            .map_err(OpenError::DefaultContent)?;
        log::info!(
            "imported default content from {}: {} criteria sets, {} units, {} loan programmes",
            path.display(),
            imported.criteria_sets.len(),
            imported.units.len(),
            imported.loans.as_ref().map_or(0, |l| l.programmes.len())
        );
    }
    record_role_changes(&config, &store)?;
    let recovered = store.recover_in_flight()?;
    if recovered > 0 {
        log::warn!(
            "{recovered} deliveries were in flight at the last stop; they will be sent again"
        );
    }
    let core = Arc::new(Core::new(config.clone(), store.clone(), i18n)?);
    Ok(App {
        config,
        store,
        core,
    })
}

/// Compares the config's roles and hamlets with those the store last ran with, writes each
/// difference to the audit log, and remembers the new ones.
fn record_role_changes(config: &Config, store: &Store) -> Result<(), StoreError> {
    let new = ops::roles_of(config);
    match store.roles_snapshot()? {
        Some(old) => {
            for change in ops::role_changes(&old, &new) {
                log::warn!("config change: {change}");
                let (action, args) = change.audit();
                store.audit_args("config", action, &args)?;
            }
        }
        None => store.audit("config", "first_start", "")?,
    }
    let state = ops::store_state(store)?;
    for (hamlet, n) in state.subscribers {
        if config.hamlet(&hamlet).is_none() {
            log::warn!(
                "hamlet {hamlet} is not in the config but has {n} subscriber(s); they are kept until \
                 `loaban delete-hamlet {hamlet} --yes`"
            );
        }
    }
    store.set_roles_snapshot(&new)?;
    Ok(())
}
