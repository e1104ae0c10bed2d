//! `loaban delete-hamlet`: the subscriptions of a hamlet removed from the config.

use std::path::Path;
use std::process::ExitCode;

use loaban::service;

use super::{StoreAccess, store_access};

pub fn run(config_path: &Path, id: String, yes: bool) -> anyhow::Result<ExitCode> {
    let config = service::load_config(config_path)?;
    if config.hamlet(&id).is_some() {
        anyhow::bail!("hamlet `{id}` is still in the config; remove it from config.toml first");
    }
    let store = match store_access(&config)? {
        StoreAccess::Direct(s) => *s,
        StoreAccess::Running => anyhow::bail!("stop the bot first (systemctl stop loaban)"),
    };
    let n = store.subscribers_of(&id)?.len();
    if !yes {
        println!(
            "hamlet `{id}` has {n} subscriber(s) in the store; run again with --yes to delete them"
        );
        return Ok(ExitCode::FAILURE);
    }
    let deleted = store.delete_hamlet_subscriptions(&id)?;
    store.audit_args(
        "admin",
        "delete_hamlet",
        &[("hamlet", id.clone()), ("count", deleted.to_string())],
    )?;
    store.flush()?;
    println!("deleted {deleted} subscription(s) of hamlet `{id}`");
    Ok(ExitCode::SUCCESS)
}
