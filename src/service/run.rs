//! Every configured channel (Telegram, Zalo) and one delivery worker over them, in one
//! process, until told to stop; then the channels stop and in-flight sends finish.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::health;
use super::{App, autobackup};
use crate::channels::{telegram, zalo};
use crate::core::flood;
use crate::delivery::{Routes, Worker};

/// Why `run` cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Telegram(#[from] telegram::TelegramError),
    #[error(transparent)]
    Zalo(#[from] zalo::ZaloError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// The channels `run` will start, decided from the config and environment before the
/// store is opened, so a missing secret fails fast.
pub struct Plan {
    telegram: Option<telegram::Settings>,
    zalo: Option<zalo::Settings>,
}

impl Plan {
    /// Telegram when a token is set; Zalo when `[zalo]` is present. Neither is an error
    /// that points to the console.
    pub fn from_env_and_config(config: &crate::config::Config) -> Result<Plan, ServiceError> {
        let zalo = match &config.zalo {
            Some(z) => Some(zalo::Settings::from_env_and_config(z, config.offset())?),
            None => None,
        };
        let telegram = match telegram::Settings::from_env_and_config(&config.telegram) {
            Ok(s) => Some(s),
            Err(telegram::TelegramError::NoToken) if zalo.is_some() => None,
            Err(e) => return Err(e.into()),
        };
        Ok(Plan { telegram, zalo })
    }
}

/// How `run` ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stopped {
    /// A stop signal.
    Asked,
    /// The store stopped taking writes (the cause); the process should exit with
    /// [`health::EXIT_STORE_FAILED`] so that systemd starts it again.
    StoreFailed(String),
}

/// Runs the planned channels and the delivery worker until `stop` turns true or the store
/// stops taking writes.
pub async fn run(
    app: &App,
    plan: Plan,
    stop: watch::Receiver<bool>,
) -> Result<Stopped, ServiceError> {
    // One stop for everything: a signal, or the health check finding the store failed.
    let (stop_all, shutdown) = watch::channel(false);
    let stop_all = Arc::new(stop_all);
    {
        let (mut stop, stop_all) = (stop.clone(), stop_all.clone());
        tokio::spawn(async move {
            let _ = stop.wait_for(|s| *s).await;
            let _ = stop_all.send(true);
        });
    }
    let health_task = {
        let (store, stop_all, shutdown) = (app.store.clone(), stop_all.clone(), shutdown.clone());
        tokio::spawn(async move {
            let failed = health::watch(store, shutdown).await;
            if failed.is_some() {
                let _ = stop_all.send(true);
            }
            failed
        })
    };
    let result = run_until(app, plan, shutdown).await;
    let _ = stop_all.send(true);
    let failed = health_task.await.ok().flatten();
    result.map(|()| failed.map_or(Stopped::Asked, Stopped::StoreFailed))
}

/// How long sends in flight at a stop may take to finish (their outcomes recorded).
const FINISH_SENDS: Duration = Duration::from_secs(5);

/// How often the running bot looks for questions that have waited past
/// `[questions] overdue_days` (each is reminded once; see `Core::remind_overdue`).
const REMIND_EVERY: Duration = Duration::from_secs(15 * 60);

/// Reminds officers of overdue questions until `stop` turns true.
async fn remind_overdue(core: Arc<crate::core::Core>, mut stop: watch::Receiver<bool>) {
    loop {
        let c = core.clone();
        match tokio::task::spawn_blocking(move || c.remind_overdue(crate::clock::now())).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => log::error!("question reminders: {e}"),
            Err(e) => log::error!("question reminders task: {e}"),
        }
        tokio::select! {
            _ = tokio::time::sleep(REMIND_EVERY) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

/// Forgets the per-person message counts of minutes that have passed, once every
/// [`flood::WINDOW`], until `stop` turns true: after a burst of many people the counts they
/// left are given back within two windows instead of staying until the map grows again.
async fn forget_passed_counts(core: Arc<crate::core::Core>, mut stop: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(flood::WINDOW) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        let still = core.forget_passed_counts();
        log::debug!("per-person message counts: {still} still counting");
    }
}

async fn run_until(
    app: &App,
    plan: Plan,
    shutdown: watch::Receiver<bool>,
) -> Result<(), ServiceError> {
    let backup_dir = app.config.backup_path();
    match autobackup::Schedule::from_config(&app.config.backup, backup_dir) {
        Some(schedule) => {
            tokio::spawn(autobackup::run(
                app.store.clone(),
                schedule,
                shutdown.clone(),
            ));
        }
        None => log::warn!("automatic backups are off ([backup] every_hours = 0)"),
    }
    tokio::spawn(remind_overdue(app.core.clone(), shutdown.clone()));
    tokio::spawn(forget_passed_counts(app.core.clone(), shutdown.clone()));
    let mut routes = Routes::new();
    let zalo = match plan.zalo {
        Some(settings) => {
            let z = zalo::start(app.core.clone(), app.store.clone(), settings).await?;
            routes = routes.with("zalo", z.route());
            Some(z)
        }
        None => None,
    };
    let telegram = match plan.telegram {
        Some(settings) => match telegram::connect(
            app.core.clone(),
            &app.config.telegram,
            settings,
            shutdown.clone(),
        )
        .await?
        {
            Some(t) => {
                routes = routes.with("telegram", t.route());
                Some(t)
            }
            // Stopped while still trying to reach Telegram.
            None => return Ok(()),
        },
        None => None,
    };
    log::info!("delivery through: {}", routes.platforms().join(", "));
    let worker = Arc::new(Worker::routed(app.core.clone(), routes));
    let worker_task = {
        let (worker, shutdown) = (worker.clone(), shutdown.clone());
        tokio::spawn(async move { worker.run(shutdown).await })
    };
    let telegram_task = telegram.map(|t| tokio::spawn(t.serve(shutdown.clone())));
    let zalo_task = zalo.map(|z| tokio::spawn(z.serve(shutdown.clone())));
    let channels = async {
        for task in [telegram_task, zalo_task].into_iter().flatten() {
            if let Err(e) = task.await {
                log::error!("channel task: {e}");
            }
        }
    };
    // From the stop on, the worker claims no more and gives back what is still waiting for
    // its turn; the sends in flight get `FINISH_SENDS` to finish, counted from the stop and
    // beside the channels' own finishing (their queued answers), not after it.
    let delivery = async {
        let mut stop = shutdown.clone();
        let _ = stop.wait_for(|s| *s).await;
        tokio::time::timeout(FINISH_SENDS, worker_task)
            .await
            .is_ok()
    };
    let ((), finished) = tokio::join!(channels, delivery);
    if !finished {
        log::warn!(
            "delivery did not stop within {} s; unfinished sends return to the outbox on next start",
            FINISH_SENDS.as_secs()
        );
    }
    Ok(())
}
