//! `loaban backup` (also while the bot runs), `loaban backup --verify` and `loaban restore`
//! (the bot stopped).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use loaban::service;
use loaban::service::control::ControlRequest;
use loaban::store::Store;

use super::{StoreAccess, operate, store_access};

pub async fn backup(config_path: &Path, file: PathBuf) -> anyhow::Result<ExitCode> {
    let file = std::path::absolute(&file).context("backup path")?;
    operate(
        &service::load_config(config_path)?,
        ControlRequest::Backup { path: file },
    )
    .await
}

/// Checks that `file` is a whole, unaltered backup; changes nothing.
pub fn verify(file: PathBuf) -> anyhow::Result<ExitCode> {
    let input =
        std::fs::File::open(&file).with_context(|| format!("opening {}", file.display()))?;
    let summary = Store::verify_backup(&mut std::io::BufReader::new(input))
        .with_context(|| format!("{} is not a usable backup", file.display()))?;
    println!(
        "{}: OK, a whole backup of {} records taken at {} (store layout {})",
        file.display(),
        summary.records,
        summary.created_at.format("%d/%m/%Y %H:%M UTC"),
        summary.schema_version
    );
    Ok(ExitCode::SUCCESS)
}

pub fn restore(config_path: &Path, file: PathBuf, force: bool) -> anyhow::Result<ExitCode> {
    let config = service::load_config(config_path)?;
    let store = match store_access(&config)? {
        StoreAccess::Direct(s) => *s,
        StoreAccess::Running => anyhow::bail!(
            "the bot is running on {}; stop it first (systemctl stop loaban)",
            config.data_path().display()
        ),
    };
    let input =
        std::fs::File::open(&file).with_context(|| format!("opening {}", file.display()))?;
    let stats = store.restore(&mut std::io::BufReader::new(input), force)?;
    store.audit_args(
        "admin",
        "restore",
        &[
            ("file", file.display().to_string()),
            ("records", stats.records.to_string()),
        ],
    )?;
    store.flush()?;
    println!("restored {} records from {}", stats.records, file.display());
    Ok(ExitCode::SUCCESS)
}
