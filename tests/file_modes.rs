//! Files private whatever the umask: the built binary, started with umask 022 as a cron job
//! or a shell would, leaves its store folder 0700 and every store file, backup and the Zalo
//! OAuth verifier 0600 — also a store created earlier with wider modes.
#![cfg(unix)]

mod support;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn loaban_umask_022(config: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loaban"));
    cmd.args(args)
        .args(["--config", config.to_str().unwrap()])
        .stdin(Stdio::null());
    // SAFETY: umask(2) is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::umask(0o022);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Every folder and file under `dir` (the folder itself included) with a wider mode than
/// private.
fn too_open(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if mode(dir) != 0o700 {
        out.push(format!("{} {:o}", dir.display(), mode(dir)));
    }
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let kind = e.file_type().unwrap();
        if kind.is_dir() {
            out.extend(too_open(&e.path()));
        } else if kind.is_file() && mode(&e.path()) != 0o600 {
            out.push(format!("{} {:o}", e.path().display(), mode(&e.path())));
        }
    }
    out
}

#[test]
fn store_backup_and_verifier_are_private_under_umask_022() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        support::config_text(&data) + "\n[zalo]\napp_id = \"1234567890\"\n",
    )
    .unwrap();

    // A first start creates the store (`export` refuses a missing store rather than create one).
    loaban_umask_022(&config, &["stats"]);
    let files: Vec<_> = std::fs::read_dir(&data).unwrap().collect();
    assert!(!files.is_empty(), "the store has files");
    assert_eq!(too_open(&data), Vec::<String>::new());

    // A store left with wide modes (by an older build, or a copy) is tightened on open.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(data.join("db"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let backup = dir.path().join("backup.jsonl");
    loaban_umask_022(&config, &["backup", backup.to_str().unwrap()]);
    assert_eq!(too_open(&data), Vec::<String>::new());
    assert_eq!(mode(&backup), 0o600, "backup");

    // A backup over an old, readable file is private too.
    std::fs::set_permissions(&backup, std::fs::Permissions::from_mode(0o644)).unwrap();
    loaban_umask_022(&config, &["backup", backup.to_str().unwrap()]);
    assert_eq!(mode(&backup), 0o600, "backup written over a 644 file");

    loaban_umask_022(
        &config,
        &[
            "zalo-auth",
            "url",
            "--redirect-uri",
            "https://bot.example.vn/cb",
        ],
    );
    let verifier = data.with_extension("zalo-oauth.json");
    assert!(verifier.exists());
    assert_eq!(mode(&verifier), 0o600, "OAuth verifier");
}
