//! `loaban run`: the bot on every configured messenger until SIGTERM or Ctrl-C.

use std::path::Path;
use std::process::ExitCode;

use loaban::service;

pub async fn run(config_path: &Path) -> anyhow::Result<ExitCode> {
    let config = service::load_config(config_path)?;
    // Decided before the store is opened, so a missing secret fails fast.
    let plan = service::Plan::from_env_and_config(&config)?;
    match service::serve(config, plan).await? {
        service::Stopped::Asked => Ok(ExitCode::SUCCESS),
        service::Stopped::StoreFailed(_) => Ok(ExitCode::from(service::health::EXIT_STORE_FAILED)),
    }
}
