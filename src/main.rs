//! The `loaban` command: parses the command line and hands each subcommand to its file
//! under `cli/`. Wiring only.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// Run the bot on Telegram (long polling) and/or Zalo (webhook) with broadcast delivery,
    /// until SIGTERM/Ctrl-C.
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
    /// Validate a content file and show what it would change in the store; with --yes,
    /// replace the store's content with it, atomically.
    Import {
        file: PathBuf,
        /// Apply the changes shown.
        #[arg(long)]
        yes: bool,
    },
    /// Write the store's content in the import format (to FILE, or stdout).
    Export { file: Option<PathBuf> },
    /// Usage statistics (asks the running bot if it holds the store).
    Stats,
    /// Questions villagers sent to officers that wait for an answer (asks the running bot
    /// if it holds the store).
    Questions,
    /// The audit log: broadcasts, cancels, criterion changes, imports, role changes.
    Audit {
        /// Only entries from this date on (dd/mm/yyyy, or yyyy-mm-dd); default: the last
        /// 30 days.
        #[arg(long)]
        since: Option<String>,
    },
    /// Write a consistent snapshot of the whole store to FILE (works while the bot runs);
    /// with --verify, check that FILE is a whole, unaltered backup instead.
    Backup {
        file: PathBuf,
        /// Only check FILE (record count and checksum); change nothing.
        #[arg(long)]
        verify: bool,
    },
    /// Rebuild the store from a backup FILE (the bot must be stopped).
    Restore {
        file: PathBuf,
        /// Replace a store that is not empty.
        #[arg(long)]
        force: bool,
    },
    /// Authorise the app for the Zalo OA, once: `url` prints the page the OA admin opens,
    /// `code` turns the code Zalo sends back into the first tokens.
    ZaloAuth {
        #[command(subcommand)]
        step: cli::zalo_auth::ZaloAuthStep,
    },
    /// Score question corpus files (tests/corpus/*.toml) on a fresh store with the default
    /// content; several files print one line each and each part's totals apart.
    Eval {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also list every question not understood (never on the held-out part).
        #[arg(long)]
        failures: bool,
        /// Instead, show how one text is read: the phrases found and the request.
        #[arg(long)]
        explain: Option<String>,
    },
    /// Delete the subscriptions of a hamlet that was removed from the config.
    DeleteHamlet {
        id: String,
        /// Confirm the deletion.
        #[arg(long)]
        yes: bool,
    },
}

fn main() -> ExitCode {
    // Whatever the caller's umask, what we create holds ids and tokens: owner only. This
    // also covers the files sled creates later (log segments, snapshots). The library forbids
    // unsafe code, so this call lives here (the allocator is chosen in `cli/memory.rs`).
    #[cfg(unix)]
    // SAFETY: umask(2) only changes the process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(async_main()),
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn async_main() -> ExitCode {
    let cli = Cli::parse();
    // A service logs what it does by default; the interactive tools stay quiet. RUST_LOG wins.
    let default_level = if matches!(cli.command, Command::Run) {
        "info"
    } else {
        "warn"
    };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(default_level))
        .format_timestamp_millis()
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
    let config = cli.config.as_path();
    match cli.command {
        Command::Run => cli::run::run(config).await,
        Command::Console { identity, json } => cli::console::run(config, identity, json).await,
        Command::CheckConfig => Ok(cli::check_config::run(config).await),
        Command::Import { file, yes } => cli::content::import(config, file, yes),
        Command::Export { file } => cli::content::export(config, file),
        Command::Stats => cli::stats::stats(config).await,
        Command::Questions => cli::questions::run(config).await,
        Command::Eval {
            files,
            failures,
            explain,
        } => cli::eval::run(config, &files, failures, explain.as_deref()),
        Command::Audit { since } => cli::stats::audit(config, since).await,
        Command::Backup { file, verify: true } => cli::backup::verify(file),
        Command::Backup {
            file,
            verify: false,
        } => cli::backup::backup(config, file).await,
        Command::Restore { file, force } => cli::backup::restore(config, file, force),
        Command::ZaloAuth { step } => {
            cli::zalo_auth::run(&loaban::service::load_config(config)?, step).await
        }
        Command::DeleteHamlet { id, yes } => cli::delete_hamlet::run(config, id, yes),
    }
}
