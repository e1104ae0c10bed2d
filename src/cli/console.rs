//! `loaban console`: chat with the bot in this terminal, or line by line in JSON.

use std::path::Path;
use std::process::ExitCode;

use loaban::channels::console::Console;
use loaban::service;

pub async fn run(config_path: &Path, identity: String, json: bool) -> anyhow::Result<ExitCode> {
    let identity =
        loaban::config::check_user_id(&identity).map_err(|e| anyhow::anyhow!("--as: {e}"))?;
    let app = service::open(config_path)?;
    let console = Console::new(app.core.clone(), identity);
    if json {
        console.json().await?;
    } else {
        console.interactive().await?;
    }
    app.store.flush()?;
    Ok(ExitCode::SUCCESS)
}
