//! The `loaban` command: run, console, check-config, import, export.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use loaban::app;
use loaban::channels::console::Console;
use loaban::channels::telegram;
use loaban::content;
use loaban::i18n::I18n;

#[derive(Parser)]
#[command(
    name = "loaban",
    version,
    about = "Loa Bản — the hamlet loudspeaker chatbot"
)]
struct Cli {
    /// The config file.
    #[arg(long, global = true, default_value = "config.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the bot on Telegram (long polling) with broadcast delivery, until SIGTERM/Ctrl-C.
    Run,
    /// Chat with the bot in this terminal.
    Console {
        /// Who you are: a platform user id such as telegram:1001 (a hamlet head in the
        /// shipped config) or console:me.
        #[arg(long = "as", default_value = "console:villager")]
        identity: String,
        /// Read one message per line and print one JSON object per line (for scripts).
        #[arg(long)]
        json: bool,
    },
    /// Check config.toml (and the locale and default content files it names): prints OK
    /// or every problem with file, line and field.
    CheckConfig,
    /// Validate a content file and replace the store's content with it, atomically.
    Import { file: PathBuf },
    /// Write the store's content in the import format (to FILE, or stdout).
    Export { file: Option<PathBuf> },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // A service logs what it does by default; the interactive tools stay quiet. RUST_LOG wins.
    let default_level = if matches!(cli.command, Command::Run) {
        "info"
    } else {
        "warn"
    };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(default_level))
        .init();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run => {
            let config = app::load_config(&cli.config)?;
            let settings = telegram::Settings::from_env_and_config(&config)?;
            let app = app::open_with(config)?;
            let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
            tokio::spawn(async move {
                wait_for_stop_signal().await;
                log::info!("stopping: finishing in-flight sends");
                let _ = stop_tx.send(true);
            });
            log::info!("loaban {} starting", env!("CARGO_PKG_VERSION"));
            telegram::run(&app, settings, stop_rx).await?;
            app.store.flush()?;
            log::info!("stopped cleanly");
            Ok(ExitCode::SUCCESS)
        }
        Command::CheckConfig => Ok(check_config(&cli.config)),
        Command::Console { identity, json } => {
            loaban::config::check_user_id(&identity).map_err(|e| anyhow::anyhow!("--as: {e}"))?;
            let app = app::open(&cli.config)?;
            let console = Console::new(app.core.clone(), identity);
            if json {
                console.json().await?;
            } else {
                console.interactive().await?;
            }
            app.store.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { file } => {
            let config = app::load_config(&cli.config)?;
            // Validate before opening the store, so a bad file never touches it.
            let parsed = content::load(&file, &config).map_err(|p| anyhow::anyhow!("{p}"))?;
            let store = app::open_store(&config)?;
            store.replace_content(&parsed)?;
            store.flush()?;
            println!(
                "imported {}: {} criteria sets, {} units, {} loan programmes",
                file.display(),
                parsed.criteria_sets.len(),
                parsed.units.len(),
                parsed.loans.as_ref().map_or(0, |l| l.programmes.len())
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { file } => {
            let config = app::load_config(&cli.config)?;
            let store = app::open_store(&config)?;
            let text = content::export(&store)?;
            match file {
                Some(f) => {
                    std::fs::write(&f, text).with_context(|| format!("writing {}", f.display()))?
                }
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// SIGTERM (what `systemctl stop/restart` sends) or Ctrl-C.
async fn wait_for_stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(e) => {
                log::warn!("cannot listen for SIGTERM: {e}");
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// Prints OK or every problem; never touches the store.
fn check_config(path: &std::path::Path) -> ExitCode {
    let config = match loaban::config::Config::load(path) {
        Ok(c) => c,
        Err(problems) => {
            println!("{problems}");
            return ExitCode::FAILURE;
        }
    };
    let mut problems = Vec::new();
    if let Err(e) = I18n::load(&config.resolve(&config.locales_dir)) {
        problems.push(e.to_string());
    }
    if let Err(p) = content::load(&config.resolve(&config.default_content), &config) {
        problems.push(p.to_string());
    }
    if problems.is_empty() {
        println!("OK");
        ExitCode::SUCCESS
    } else {
        println!("{}", problems.join("\n"));
        ExitCode::FAILURE
    }
}
