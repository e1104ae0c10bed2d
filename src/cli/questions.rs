//! `loaban questions`: the questions villagers sent to officers that still wait for an
//! answer, oldest first, from the store or — while `loaban run` holds it — the running bot.

use std::path::Path;
use std::process::ExitCode;

use loaban::service;
use loaban::service::control::ControlRequest;

pub async fn run(config_path: &Path) -> anyhow::Result<ExitCode> {
    let config = service::load_config(config_path)?;
    super::operate(&config, ControlRequest::Questions).await
}
