//! What the benchmarks share: the shipped config pointed at a temp dir, the bot's peak
//! memory, and percentiles.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The shipped `config.toml` with its data in `dir/data` and absolute locale and content
/// paths, so it works from a temp dir.
pub fn shipped_config(dir: &Path) -> String {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(repo.join("config.toml"))
        .unwrap()
        .replace(
            "data_dir = \"data\"",
            &format!("data_dir = \"{}\"", dir.join("data").display()),
        )
        .replace(
            "locales_dir = \"locales\"",
            &format!("locales_dir = \"{}\"", repo.join("locales").display()),
        )
        .replace(
            "default_content = \"content/default.toml\"",
            &format!(
                "default_content = \"{}\"",
                repo.join("content/default.toml").display()
            ),
        )
}

/// The environment variable `name` parsed, or `default` when unset or unreadable.
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A process's peak resident memory (VmHWM), in KiB.
pub fn peak_rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmHWM:")
}

/// The `p` percentile (0.0–1.0) of sorted durations; zero for none.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// A process's current resident memory (VmRSS), in KiB.
pub fn rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS:")
}

fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with(field))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// Bytes a process caused to be written to the block device so far (`write_bytes` in
/// `/proc/<pid>/io`: what reaches the disk, counted in pages, fsyncs included).
pub fn disk_write_bytes(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/io"))
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("write_bytes:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// Total size of the files under `dir`, in bytes.
pub fn dir_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Waits until the process has written nothing to disk for `quiet` (sled cleans its log
/// segments in the background a while after the writes that left garbage in them), or
/// `limit` passed. Returns its `write_bytes` then.
pub fn settled_write_bytes(pid: u32, quiet: Duration, limit: Duration) -> u64 {
    let started = std::time::Instant::now();
    let mut last = disk_write_bytes(pid);
    let mut since = std::time::Instant::now();
    while started.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(250));
        let now = disk_write_bytes(pid);
        if now != last {
            last = now;
            since = std::time::Instant::now();
        } else if since.elapsed() >= quiet {
            break;
        }
    }
    last
}
