//! The command line's subcommands, one file each; `main.rs` only parses and dispatches.
//! Also the allocator's tuning (`memory`), which needs unsafe calls the library forbids.
//! Shared here: reaching the store directly or, while `loaban run` holds it, through the
//! running bot's control socket.

pub mod backup;
pub mod check_config;
pub mod console;
pub mod content;
pub mod delete_hamlet;
pub mod eval;
pub mod memory;
pub mod questions;
pub mod run;
pub mod stats;
pub mod zalo_auth;

use std::process::ExitCode;

use loaban::config::Config;
use loaban::service::control::ControlRequest;
use loaban::service::{self, control};
use loaban::store::{Store, StoreError};

/// The store, opened directly, or — when `loaban run` holds it — the running bot's socket.
pub enum StoreAccess {
    Direct(Box<Store>),
    Running,
}

pub fn store_access(config: &Config) -> anyhow::Result<StoreAccess> {
    match Store::open(
        &config.data_path(),
        config.store.cache_mb,
        config.store.flush_every_ms,
    ) {
        Ok(store) => Ok(StoreAccess::Direct(Box::new(store))),
        Err(StoreError::Locked(_)) => Ok(StoreAccess::Running),
        Err(e) if service::is_damaged(&e) => Err(anyhow::Error::new(e).context(
            service::health::damaged_hint(&config.data_path(), &config.backup_path()),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Runs `req` against the store: directly, or through the running bot.
pub async fn operate(config: &Config, req: ControlRequest) -> anyhow::Result<ExitCode> {
    let response = match store_access(config)? {
        StoreAccess::Running => control::ask(&config.data_path(), &req)
            .await
            .map_err(|e| anyhow::anyhow!(e))?,
        StoreAccess::Direct(store) => {
            // Close this handle first: the app opens the store itself.
            drop(store);
            let app = service::open_with(config.clone())?;
            control::answer(&app.core, req)
        }
    };
    if response.ok {
        print_out(&format!("{}\n", response.output));
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("error: {}", response.output);
        Ok(ExitCode::FAILURE)
    }
}

/// Writes a command's output to stdout. `loaban stats | head` or `loaban eval F | head -1`
/// close the pipe early; that is not an error worth a panic (`println!` would panic).
pub fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
