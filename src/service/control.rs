//! The control socket: while `loaban run` holds the store (sled allows one process), the
//! command line asks the running bot for backups, statistics, the audit log, waiting
//! questions and its state
//! through a Unix socket next to the store, readable by the service user alone.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::clock;
use crate::core::{Core, ops};

/// The socket of the bot using `data_dir`.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("control.sock")
}

/// What the command line can ask the running bot.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "cmd", rename_all = "snake_case")]
pub enum ControlRequest {
    Backup {
        path: PathBuf,
    },
    Stats,
    Audit {
        since: DateTime<Utc>,
        limit: usize,
    },
    State,
    /// Questions to officers waiting for an answer.
    Questions,
    /// Moves the bot's wall clock forward (`crate::clock`); refused unless the bot was
    /// started with `LOABAN_TEST_CLOCK=1`. For end-to-end tests that let days pass.
    AdvanceClock {
        seconds: i64,
    },
}

/// The answer: text to print, or an error to show.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ControlResponse {
    pub ok: bool,
    pub output: String,
}

/// Answers one request with the running bot's store.
pub fn answer(core: &Core, req: ControlRequest) -> ControlResponse {
    let store = core.store();
    let locale = core.config().default_locale;
    let offset = core
        .config()
        .utc_offset()
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(7 * 3600).expect("valid"));
    let result: Result<String, String> = match req {
        ControlRequest::Backup { path } => write_backup(store, &path).map(|s| {
            format!(
                "backup written to {}: {} records, {} bytes",
                path.display(),
                s.records,
                s.bytes
            )
        }),
        ControlRequest::Stats => ops::collect_stats(store, clock::now())
            .map(|s| ops::stats_text(&s, core.i18n(), locale, offset, |h| core.unit_name(h)))
            .map_err(|e| e.to_string()),
        ControlRequest::Audit { since, limit } => {
            ops::audit_text(store, since, limit, offset, core.i18n(), locale)
                .map_err(|e| e.to_string())
        }
        ControlRequest::Questions => core
            .waiting_questions_text(locale)
            .map_err(|e| e.to_string()),
        ControlRequest::State => ops::store_state(store)
            .map(|s| serde_json::to_string(&s).expect("state serializes"))
            .map_err(|e| e.to_string()),
        ControlRequest::AdvanceClock { seconds } => advance_clock(seconds),
    };
    match result {
        Ok(output) => ControlResponse { ok: true, output },
        Err(output) => ControlResponse { ok: false, output },
    }
}

/// Moves the clock when the test clock is on; the answer says the new time.
fn advance_clock(seconds: i64) -> Result<String, String> {
    if !clock::test_clock_enabled() {
        return Err(format!(
            "refused: the clock can be advanced only when the bot was started with {}=1 \
             (a test setting, never for a real commune)",
            clock::TEST_CLOCK_ENV
        ));
    }
    let by = chrono::Duration::try_seconds(seconds).ok_or("cannot move the clock by that much")?;
    let now = clock::advance(by).map_err(|e| e.to_string())?;
    log::warn!(
        "test clock: advanced by {seconds} s, now {}",
        now.to_rfc3339()
    );
    Ok(format!(
        "clock advanced by {seconds} s; now {}",
        now.to_rfc3339()
    ))
}

/// Writes a backup file atomically (a temp file renamed into place).
pub fn write_backup(
    store: &crate::store::Store,
    path: &Path,
) -> Result<crate::store::BackupStats, String> {
    let tmp = path.with_extension("partial");
    let file = crate::private::create_file(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let stats = store.backup(&mut out).map_err(|e| e.to_string())?;
    drop(out);
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(stats)
}

/// Serves the socket until the task is dropped.
#[cfg(unix)]
pub async fn serve(core: Arc<Core>, path: PathBuf) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // A socket left by a crash is stale: the store lock already proved nobody else runs.
    let _ = std::fs::remove_file(&path);
    let listener = tokio::net::UnixListener::bind(&path)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    loop {
        let (stream, _) = listener.accept().await?;
        let core = core.clone();
        tokio::spawn(async move {
            let (read, mut write) = stream.into_split();
            let mut lines = BufReader::new(read).lines();
            let Ok(Some(line)) = lines.next_line().await else {
                return;
            };
            let response = match serde_json::from_str::<ControlRequest>(&line) {
                Ok(req) => {
                    log::info!("control socket: {}", line.split('"').nth(3).unwrap_or("?"));
                    let core = core.clone();
                    tokio::task::spawn_blocking(move || answer(&core, req))
                        .await
                        .unwrap_or(ControlResponse {
                            ok: false,
                            output: "internal error".into(),
                        })
                }
                Err(e) => ControlResponse {
                    ok: false,
                    output: format!("bad request: {e}"),
                },
            };
            let mut text = serde_json::to_string(&response).expect("response serializes");
            text.push('\n');
            let _ = write.write_all(text.as_bytes()).await;
        });
    }
}

/// Asks the bot running on `data_dir`.
#[cfg(unix)]
pub async fn ask(data_dir: &Path, req: &ControlRequest) -> Result<ControlResponse, String> {
    let path = socket_path(data_dir);
    let stream = tokio::net::UnixStream::connect(&path).await.map_err(|e| {
        format!(
            "the store is in use but the running bot does not answer on {} ({e})",
            path.display()
        )
    })?;
    let (read, mut write) = stream.into_split();
    let mut text = serde_json::to_string(req).expect("request serializes");
    text.push('\n');
    write
        .write_all(text.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut lines = BufReader::new(read).lines();
    let line = lines
        .next_line()
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the running bot closed the connection")?;
    serde_json::from_str(&line).map_err(|e| e.to_string())
}
