//! The `loaban` command: console, check-config, import, export.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use loaban::app;
use loaban::channels::console::Console;
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
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
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
