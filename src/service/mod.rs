//! The running bot in one place: opening it (config → locales → store → core), starting every
//! configured channel, the delivery worker and the control socket, and stopping them all on
//! SIGTERM or Ctrl-C — in-flight sends finish, the store is flushed.

pub mod autobackup;
pub mod control;
mod open;
mod run;

use tokio::sync::watch;

pub use open::{
    App, OpenError, check_files, load_config, open, open_store, open_with, store_exists,
};
pub use run::{Plan, ServiceError, run};

/// `loaban run`: serves until SIGTERM (what `systemctl stop/restart` sends) or Ctrl-C, then
/// stops the channels, lets in-flight sends finish, removes the control socket and flushes.
pub async fn serve(app: App, plan: Plan) -> Result<(), ServiceError> {
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        wait_for_stop_signal().await;
        log::info!("stopping: finishing in-flight sends");
        let _ = stop_tx.send(true);
    });
    log::info!("loaban {} starting", env!("CARGO_PKG_VERSION"));
    let socket = control::socket_path(&app.config.data_path());
    #[cfg(unix)]
    let control_task = tokio::spawn(control::serve(app.core.clone(), socket.clone()));
    run(&app, plan, stop_rx).await?;
    #[cfg(unix)]
    control_task.abort();
    let _ = std::fs::remove_file(&socket);
    app.store.flush()?;
    log::info!("stopped cleanly");
    Ok(())
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
