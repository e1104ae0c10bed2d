//! The `loaban` command: run, console, check-config, import, export.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use loaban::app;
use loaban::channels::console::Console;
use loaban::config::Config;
use loaban::content;
use loaban::control::{self, ControlRequest};
use loaban::core::ops;
use loaban::service;
use loaban::store::{Store, StoreError};

/// Subcommands kept in their own files.
mod cli {
    pub mod questions;
}

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
        /// Only entries from this date on (YYYY-MM-DD); default: the last 30 days.
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
        step: ZaloAuthStep,
    },
    /// Score a question corpus (tests/corpus/*.toml) on a fresh store with the default content.
    Eval {
        file: PathBuf,
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

#[derive(Subcommand)]
enum ZaloAuthStep {
    /// Print the permission page to open in a browser, logged in as the OA's admin.
    Url {
        /// The callback URL registered in the app's settings (Zalo redirects there).
        #[arg(long)]
        redirect_uri: String,
    },
    /// Exchange the `code=` value from the redirected address for the first tokens.
    Code { code: String },
}

/// The store, opened directly, or — when `loaban run` holds it — the running bot's socket.
enum StoreAccess {
    Direct(Box<Store>),
    Running,
}

fn store_access(config: &Config) -> anyhow::Result<StoreAccess> {
    match Store::open(
        &config.data_path(),
        config.store.cache_mb,
        config.store.flush_every_ms,
    ) {
        Ok(store) => Ok(StoreAccess::Direct(Box::new(store))),
        Err(StoreError::Locked(_)) => Ok(StoreAccess::Running),
        Err(e @ (StoreError::Sled(_) | StoreError::Codec { .. } | StoreError::Damaged(_)))
            if !Store::is_io(&e) =>
        {
            Err(anyhow::Error::new(e).context(loaban::health::damaged_hint(
                &config.data_path(),
                &config.backup_path(),
            )))
        }
        Err(e) => Err(e.into()),
    }
}

/// Runs `req` against the store: directly, or through the running bot.
async fn operate(config: &Config, req: ControlRequest) -> anyhow::Result<ExitCode> {
    let response = match store_access(config)? {
        StoreAccess::Running => control::ask(&config.data_path(), &req)
            .await
            .map_err(|e| anyhow::anyhow!(e))?,
        StoreAccess::Direct(store) => {
            // Close this handle first: the app opens the store itself.
            drop(store);
            let app = app::open_with(config.clone())?;
            control::answer(&app.core, req)
        }
    };
    if response.ok {
        // `loaban stats | head` closes the pipe early; that is not an error worth a panic.
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), "{}", response.output);
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("error: {}", response.output);
        Ok(ExitCode::FAILURE)
    }
}

fn main() -> ExitCode {
    // glibc gives threads up to 8 malloc arenas per core; for a small service on a cheap
    // machine two are plenty and keep memory from fragmenting across arenas.
    //
    // glibc also raises its mmap threshold (128 KiB) each time a block that large is freed,
    // up to 32 MiB. sled allocates and frees a 512 KiB log buffer per log segment (about two
    // a second while a broadcast is paced), so after the first one every such buffer came
    // from the arenas instead, and the holes they left kept the heap growing through a long
    // broadcast (10,000 recipients: 37 MiB peak, against 32 MiB with the threshold fixed).
    // Setting it explicitly turns the adjustment off: large blocks are mapped on their own
    // and go back to the system when freed.
    // Whatever the caller's umask, what we create holds ids and tokens: owner only.
    loaban::private::restrict_umask();
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator, and no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
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
            let plan = service::Plan::from_env_and_config(&config)?;
            let problems = app::check_files(&config);
            if !problems.is_empty() {
                anyhow::bail!("{}", problems.join("\n"));
            }
            let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
            tokio::spawn(async move {
                wait_for_stop_signal().await;
                log::info!("stopping: finishing in-flight sends");
                let _ = stop_tx.send(true);
            });
            // A full disk: wait here (Telegram and Zalo keep the messages) rather than fail.
            let Some(store) = loaban::health::open_when_writable(
                &config.data_path(),
                config.store.cache_mb,
                config.store.flush_every_ms,
                &config.backup_path(),
                &mut stop_rx,
            )
            .await?
            else {
                log::info!("stopped while waiting for the store");
                return Ok(ExitCode::SUCCESS);
            };
            let app = app::open_with_store(config, store)?;
            log::info!("loaban {} starting", env!("CARGO_PKG_VERSION"));
            #[cfg(unix)]
            let control_task = tokio::spawn(control::serve(
                app.core.clone(),
                control::socket_path(&app.config.data_path()),
            ));
            let stopped = service::run(&app, plan, stop_rx).await?;
            #[cfg(unix)]
            control_task.abort();
            let _ = std::fs::remove_file(control::socket_path(&app.config.data_path()));
            if let service::Stopped::StoreFailed(cause) = stopped {
                log::error!(
                    "stopped: the store cannot write ({cause}); exiting with status {} so that \
                     the service starts again",
                    loaban::health::EXIT_STORE_FAILED
                );
                return Ok(ExitCode::from(loaban::health::EXIT_STORE_FAILED));
            }
            app.store.flush()?;
            log::info!("stopped cleanly");
            Ok(ExitCode::SUCCESS)
        }
        Command::CheckConfig => Ok(check_config(&cli.config).await),
        Command::Eval {
            file,
            failures,
            explain,
        } => {
            let config = app::load_config(&cli.config)?;
            let out = loaban::eval::command(config, &file, failures, explain.as_deref());
            println!("{}", out.map_err(|e| anyhow::anyhow!(e))?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats => operate(&app::load_config(&cli.config)?, ControlRequest::Stats).await,
        Command::Questions => cli::questions::run(&app::load_config(&cli.config)?).await,
        Command::Audit { since } => {
            let since = match since {
                Some(d) => chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .map_err(|_| anyhow::anyhow!("--since: `{d}` is not a date like 2026-11-30"))?
                    .and_hms_opt(0, 0, 0)
                    .expect("midnight exists")
                    .and_utc(),
                None => chrono::Utc::now() - chrono::Duration::days(30),
            };
            let req = ControlRequest::Audit {
                since,
                limit: usize::MAX,
            };
            operate(&app::load_config(&cli.config)?, req).await
        }
        Command::Backup { file, verify: true } => {
            let input = std::fs::File::open(&file)
                .with_context(|| format!("opening {}", file.display()))?;
            let summary = Store::verify_backup(&mut std::io::BufReader::new(input))
                .with_context(|| format!("{} is not a usable backup", file.display()))?;
            println!(
                "{}: OK, a whole backup of {} records taken at {} (store layout {})",
                file.display(),
                summary.records,
                summary.created_at.format("%Y-%m-%d %H:%M UTC"),
                summary.schema_version
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup {
            file,
            verify: false,
        } => {
            let file = std::path::absolute(&file).context("backup path")?;
            operate(
                &app::load_config(&cli.config)?,
                ControlRequest::Backup { path: file },
            )
            .await
        }
        Command::Restore { file, force } => {
            let config = app::load_config(&cli.config)?;
            let store = match store_access(&config)? {
                StoreAccess::Direct(s) => *s,
                StoreAccess::Running => anyhow::bail!(
                    "the bot is running on {}; stop it first (systemctl stop loaban)",
                    config.data_path().display()
                ),
            };
            let input = std::fs::File::open(&file)
                .with_context(|| format!("opening {}", file.display()))?;
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
        Command::ZaloAuth { step } => zalo_auth(&app::load_config(&cli.config)?, step).await,
        Command::DeleteHamlet { id, yes } => {
            let config = app::load_config(&cli.config)?;
            if config.hamlet(&id).is_some() {
                anyhow::bail!(
                    "hamlet `{id}` is still in the config; remove it from config.toml first"
                );
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
        Command::Import { file, yes } => {
            let config = app::load_config(&cli.config)?;
            // Validate before opening the store, so a bad file never touches it.
            let parsed = content::load(&file, &config).map_err(|p| anyhow::anyhow!("{p}"))?;
            let store = app::open_store(&config)?;
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
            store.audit_args(
                "admin",
                "import",
                &[
                    ("file", file.display().to_string()),
                    ("sets", parsed.criteria_sets.len().to_string()),
                    ("units", parsed.units.len().to_string()),
                    (
                        "programmes",
                        parsed
                            .loans
                            .as_ref()
                            .map_or(0, |l| l.programmes.len())
                            .to_string(),
                    ),
                ],
            )?;
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
            // Opening a path that holds no store would create an empty one there.
            if !config.data_path().exists() {
                anyhow::bail!(
                    "there is no store at {} (data_dir of {}); is --config the bot's config?",
                    config.data_path().display(),
                    cli.config.display()
                );
            }
            let store = app::open_store(&config)?;
            if store.content_is_empty()? {
                anyhow::bail!(
                    "the store at {} holds no content (no units, criteria sets or loan programmes); nothing written. Is --config the bot's config?",
                    config.data_path().display()
                );
            }
            let text = store.export_content_toml()?;
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

/// Prints OK or every problem; then, when a store exists, what the file would change
/// against it. Never writes to the store.
/// The one-time OAuth authorisation of the Zalo app (PKCE). The verifier waits in a file
/// next to the store (mode 600) between the two steps.
async fn zalo_auth(config: &Config, step: ZaloAuthStep) -> anyhow::Result<ExitCode> {
    use loaban::channels::zalo::oauth;
    let zalo = config
        .zalo
        .as_ref()
        .context("config.toml has no [zalo] section; add it with the app_id first")?;
    let pending_path = config.data_path().with_extension("zalo-oauth.json");
    match step {
        ZaloAuthStep::Url { redirect_uri } => {
            let pending = oauth::new_pending(&redirect_uri).context("reading /dev/urandom")?;
            if let Some(dir) = pending_path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            write_private(&pending_path, &serde_json::to_vec(&pending)?)
                .with_context(|| format!("writing {}", pending_path.display()))?;
            println!(
                "1. Open this page in a browser, logged in to Zalo as the OA's admin, and allow access:\n\n{}\n\n\
                 2. Zalo then opens {redirect_uri}?code=…; copy the code= value from the address bar.\n\
                 3. Run: loaban zalo-auth code <that value>",
                oauth::permission_url(&zalo.oauth_url, &zalo.app_id, &pending)
            );
            Ok(ExitCode::SUCCESS)
        }
        ZaloAuthStep::Code { code } => {
            let text = std::fs::read(&pending_path).with_context(|| {
                format!(
                    "reading {}: run `loaban zalo-auth url --redirect-uri …` first",
                    pending_path.display()
                )
            })?;
            let pending: oauth::Pending = serde_json::from_slice(&text).with_context(|| {
                format!(
                    "{} is damaged; run `zalo-auth url` again",
                    pending_path.display()
                )
            })?;
            let secret = std::env::var("ZALO_APP_SECRET_KEY")
                .ok()
                .or_else(|| zalo.app_secret_key.clone())
                .filter(|s| !s.trim().is_empty())
                .context("no app secret key: set ZALO_APP_SECRET_KEY or [zalo] app_secret_key")?;
            let tokens = oauth::exchange(
                &zalo.oauth_url,
                &zalo.app_id,
                secret.trim(),
                code.trim(),
                &pending,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            let _ = std::fs::remove_file(&pending_path);
            println!(
                "Zalo authorised the app for the OA. Put these two lines in /etc/loaban/env \
                 (instead of the old ones), then run: systemctl restart loaban\n\
                 ZALO_ACCESS_TOKEN={}\nZALO_REFRESH_TOKEN={}",
                tokens.access_token,
                tokens.refresh_token.unwrap_or_default()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Creates `path` readable by its owner only (0600 whatever the umask), then writes `bytes`.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    loaban::private::create_file(path)?.write_all(bytes)
}

async fn check_config(path: &std::path::Path) -> ExitCode {
    let config = match Config::load(path) {
        Ok(c) => c,
        Err(problems) => {
            println!("{problems}");
            return ExitCode::FAILURE;
        }
    };
    let problems = app::check_files(&config);
    if !problems.is_empty() {
        println!("{}", problems.join("\n"));
        return ExitCode::FAILURE;
    }
    println!("OK");
    // Secrets usually live in the service's environment file, which this shell may not
    // have loaded: say what `run` will need, without failing the check.
    if let Some(z) = &config.zalo
        && let Err(e) = loaban::channels::zalo::Settings::from_env_and_config(z)
    {
        println!("note: [zalo]: {e} (if the service's environment file sets it, all is well)");
    }
    if !app::store_exists(&config) {
        println!(
            "note: no store at {} yet — `run` will create a new, empty one \
             (check data_dir if you expected your subscribers there)",
            config.data_path().display()
        );
        return ExitCode::SUCCESS;
    }
    let state = match store_access(&config) {
        Ok(StoreAccess::Direct(store)) => ops::store_state(&store).map_err(|e| e.to_string()),
        Ok(StoreAccess::Running) => control::ask(&config.data_path(), &ControlRequest::State)
            .await
            .and_then(|r| {
                if r.ok {
                    serde_json::from_str(&r.output).map_err(|e| e.to_string())
                } else {
                    Err(r.output)
                }
            }),
        Err(e) => Err(e.to_string()),
    };
    match state {
        Ok(state) => {
            let changes = ops::config_diff(&config, &state);
            if changes.is_empty() {
                println!(
                    "No change against the store at {}.",
                    config.data_path().display()
                );
            } else {
                println!(
                    "Changes against the store at {}:",
                    config.data_path().display()
                );
                for c in changes {
                    println!("  - {c}");
                }
            }
        }
        Err(e) => println!("(could not compare with the store: {e})"),
    }
    ExitCode::SUCCESS
}
