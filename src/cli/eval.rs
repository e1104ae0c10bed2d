//! `loaban eval FILE…`: scores question corpus files on a fresh store with the default content.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use loaban::service;

pub fn run(
    config_path: &Path,
    files: &[PathBuf],
    failures: bool,
    explain: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let config = service::load_config(config_path)?;
    let out =
        loaban::eval::command(config, files, failures, explain).map_err(|e| anyhow::anyhow!(e))?;
    super::print_out(&format!("{out}\n"));
    Ok(ExitCode::SUCCESS)
}
