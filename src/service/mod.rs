//! The running bot in one place: opening it (config → locales → store → core), starting every
//! configured channel, the delivery worker and the control socket, and stopping them all on
//! SIGTERM or Ctrl-C — in-flight sends finish, the store is flushed.

pub mod autobackup;
pub mod control;
pub mod health;
mod open;
mod run;

use tokio::sync::watch;

use crate::config::Config;

pub use open::{
    App, OpenError, check_files, is_damaged, load_config, open, open_scratch, open_store,
    open_with, open_with_store, store_exists,
};
pub use run::{Plan, ServiceError, Stopped, run};

/// Why `loaban run` stopped before serving, or could not stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Start(#[from] health::StartError),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

/// `loaban run`: waits for a writable store (a full disk is waited out, not failed), then
/// serves until SIGTERM (what `systemctl stop/restart` sends) or Ctrl-C, stops the
/// channels, lets in-flight sends finish, removes the control socket and flushes. Returns
/// [`Stopped::StoreFailed`] when the store stopped taking writes, for the binary to exit with
/// [`health::EXIT_STORE_FAILED`].
pub async fn serve(config: Config, plan: Plan) -> Result<Stopped, ServeError> {
    let problems = check_files(&config);
    if !problems.is_empty() {
        return Err(OpenError::Files(problems).into());
    }
    let (stop_tx, mut stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        wait_for_stop_signal().await;
        log::info!("stopping: finishing in-flight sends");
        let _ = stop_tx.send(true);
    });
    // A full disk: wait here (Telegram and Zalo keep the messages) rather than fail.
    let Some(store) = health::open_when_writable(
        &config.data_path(),
        config.store.cache_mb,
        config.store.flush_every_ms,
        &config.backup_path(),
        &mut stop_rx,
    )
    .await?
    else {
        log::info!("stopped while waiting for the store");
        return Ok(Stopped::Asked);
    };
    let app = open::open_with_store(config, store)?;
    log::info!("loaban {} starting", env!("CARGO_PKG_VERSION"));
    start_test_clock();
    let socket = control::socket_path(&app.config.data_path());
    #[cfg(unix)]
    let control_task = tokio::spawn(control::serve(app.core.clone(), socket.clone()));
    let stopped = run(&app, plan, stop_rx).await?;
    #[cfg(unix)]
    control_task.abort();
    let _ = std::fs::remove_file(&socket);
    if let Stopped::StoreFailed(cause) = &stopped {
        log::error!(
            "stopped: the store cannot write ({cause}); exiting with status {} so that the \
             service starts again",
            health::EXIT_STORE_FAILED
        );
        return Ok(stopped);
    }
    app.store.flush().map_err(ServiceError::Store)?;
    log::info!("stopped cleanly");
    Ok(stopped)
}

/// With `LOABAN_TEST_CLOCK=1`, warns that the control socket may move the clock, and
/// starts it `LOABAN_TEST_CLOCK_OFFSET` seconds ahead (a test restarting the bot keeps the
/// days it had let pass).
fn start_test_clock() {
    if !crate::clock::test_clock_enabled() {
        return;
    }
    log::warn!(
        "{}=1: the TEST CLOCK is on; the control socket may move the bot's clock forward. \
         Never run a real commune like this.",
        crate::clock::TEST_CLOCK_ENV
    );
    if let Ok(v) = std::env::var(crate::clock::TEST_CLOCK_OFFSET_ENV) {
        match v
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(chrono::Duration::try_seconds)
        {
            Some(by) => match crate::clock::advance(by) {
                Ok(now) => log::warn!("test clock: starts {v} s ahead, now {}", now.to_rfc3339()),
                Err(e) => log::warn!(
                    "test clock: {}={v}: {e}",
                    crate::clock::TEST_CLOCK_OFFSET_ENV
                ),
            },
            None => log::warn!(
                "test clock: {}={v} is not a number of seconds; ignored",
                crate::clock::TEST_CLOCK_OFFSET_ENV
            ),
        }
    }
}

/// SIGTERM or Ctrl-C.
async fn wait_for_stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(e) => {
                log::warn!("cannot listen for SIGTERM: {e}");
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
