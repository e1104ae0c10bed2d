//! `loaban import` and `loaban export`: the store's content from and to a content file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use loaban::{content, service};

pub fn import(config_path: &Path, file: PathBuf) -> anyhow::Result<ExitCode> {
    let config = service::load_config(config_path)?;
    // Validate before opening the store, so a bad file never touches it.
    let parsed = content::load(&file, &config).map_err(|p| anyhow::anyhow!("{p}"))?;
    let store = service::open_store(&config)?;
    store.replace_content(&parsed)?;
    let summary = format!(
        "{}: {} criteria sets, {} units, {} loan programmes",
        file.display(),
        parsed.criteria_sets.len(),
        parsed.units.len(),
        parsed.loans.as_ref().map_or(0, |l| l.programmes.len())
    );
    store.audit("admin", "import", &summary)?;
    store.flush()?;
    println!("imported {summary}");
    Ok(ExitCode::SUCCESS)
}

pub fn export(config_path: &Path, file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let config = service::load_config(config_path)?;
    let store = service::open_store(&config)?;
    let text = store.export_content_toml()?;
    match file {
        Some(f) => std::fs::write(&f, text).with_context(|| format!("writing {}", f.display()))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
