//! `loaban questions`: the questions villagers sent to officers that still wait for an
//! answer, oldest first, from the store or — while `loaban run` holds it — the running bot.

use std::process::ExitCode;

use loaban::config::Config;
use loaban::control::ControlRequest;

pub async fn run(config: &Config) -> anyhow::Result<ExitCode> {
    crate::operate(config, ControlRequest::Questions).await
}
