//! `loaban import` and `loaban export`: the store's content from and to a content file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use loaban::{content, service};

/// Shows what `file` would change against the store, and with `yes` applies it.
pub fn import(config_path: &Path, file: PathBuf, yes: bool) -> anyhow::Result<ExitCode> {
    let config = service::load_config(config_path)?;
    // Validate before opening the store, so a bad file never touches it.
    let parsed = content::load(&file, &config).map_err(|p| anyhow::anyhow!("{p}"))?;
    let store = service::open_store(&config)?;
    let changes = content::diff::diff(&store.export_content()?, &parsed);
    if changes.is_empty() {
        println!(
            "{} matches the content of the store at {}: nothing to import",
            file.display(),
            config.data_path().display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Importing {} changes the store at {}:",
        file.display(),
        config.data_path().display()
    );
    for c in &changes {
        println!("  - {c}");
    }
    let undone = changes.iter().filter(|c| c.undoes_chat()).count();
    if undone > 0 {
        println!(
            "Warning: {undone} change(s) made in the chat after this file was exported would be undone. \
             To keep them, export again, make your edits in the new file, and import that."
        );
    }
    if !yes {
        println!("Nothing changed yet. To apply, run the same command with --yes.");
        return Ok(ExitCode::FAILURE);
    }
    store.replace_content(&parsed)?;
    let programmes = parsed.loans.as_ref().map_or(0, |l| l.programmes.len());
    store.audit_args(
        "admin",
        "import",
        &[
            ("file", file.display().to_string()),
            ("sets", parsed.criteria_sets.len().to_string()),
            ("units", parsed.units.len().to_string()),
            ("programmes", programmes.to_string()),
        ],
    )?;
    let summary = format!(
        "{}: {} criteria sets, {} units, {programmes} loan programmes",
        file.display(),
        parsed.criteria_sets.len(),
        parsed.units.len(),
    );
    store.flush()?;
    println!("imported {summary}");
    Ok(ExitCode::SUCCESS)
}

pub fn export(config_path: &Path, file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let config = service::load_config(config_path)?;
    // Opening a path that holds no store would create an empty one there.
    if !config.data_path().exists() {
        anyhow::bail!(
            "there is no store at {} (data_dir of {}); is --config the bot's config?",
            config.data_path().display(),
            config_path.display()
        );
    }
    let store = service::open_store(&config)?;
    if store.content_is_empty()? {
        anyhow::bail!(
            "the store at {} holds no content (no units, criteria sets or loan programmes); nothing written. Is --config the bot's config?",
            config.data_path().display()
        );
    }
    let text = store.export_content_toml()?;
    match file {
        Some(f) => std::fs::write(&f, text).with_context(|| format!("writing {}", f.display()))?,
        None => super::print_out(&text),
    }
    Ok(ExitCode::SUCCESS)
}
