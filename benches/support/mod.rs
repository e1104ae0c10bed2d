//! What the benchmarks share: the shipped config pointed at a temp dir, the bot's peak
//! memory, and percentiles.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The shipped `config.toml` with its data in `dir/data`, absolute locale and content
/// paths, so it works from a temp dir, and no quiet hours: the shipped ones (21:00–06:00 in
/// the commune) held every notice until morning when a bench ran between 14:00 and 23:00
/// UTC, and the bench waited for a report that could not come.
pub fn shipped_config(dir: &Path) -> String {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(repo.join("config.toml")).unwrap();
    let quiet = text
        .lines()
        .find(|l| l.starts_with("quiet_hours = "))
        .expect("config.toml sets quiet_hours")
        .to_string();
    text.replace(&quiet, "quiet_hours = \"\"")
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

/// A process's anonymous resident memory (RssAnon: its heaps and stacks, not the binary's
/// pages, which the kernel may drop and read back), in KiB.
pub fn rss_anon_kib(pid: u32) -> u64 {
    status_kib(pid, "RssAnon:")
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
///
/// Quiet is judged by `write_bytes` only when no store folder is given; with one, by the
/// files in it: on this VM's kernel (ext4 with large folios) `write_bytes` grows by the whole
/// folio each time a write dirties one, about 2 MB/s for an idle bot whose write calls add up
/// to a few KB/s, so it is never quiet.
pub fn settled_write_bytes(pid: u32, quiet: Duration, limit: Duration) -> u64 {
    settle(|| disk_write_bytes(pid), quiet, limit);
    disk_write_bytes(pid)
}

/// [`settled_write_bytes`], judged by the files under `dir` (their newest modification
/// and their sizes).
pub fn settled_store(pid: u32, dir: &Path, quiet: Duration, limit: Duration) -> u64 {
    settle(|| files_state(dir), quiet, limit);
    disk_write_bytes(pid)
}

fn settle<T: PartialEq>(state: impl Fn() -> T, quiet: Duration, limit: Duration) {
    let started = std::time::Instant::now();
    let mut last = state();
    let mut since = std::time::Instant::now();
    while started.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(250));
        let now = state();
        if now != last {
            last = now;
            since = std::time::Instant::now();
        } else if since.elapsed() >= quiet {
            break;
        }
    }
}

/// The newest modification time and total size of the files under `dir`.
fn files_state(dir: &Path) -> (Option<std::time::SystemTime>, u64) {
    let mut newest = None;
    let mut size = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let Ok(m) = e.metadata() else { continue };
            if m.is_dir() {
                stack.push(e.path());
            } else {
                size += m.len();
                newest = newest.max(m.modified().ok());
            }
        }
    }
    (newest, size)
}

/// What a process wrote to the files under one folder, traced at the system call
/// (`pwrite64`/`write`, `fsync`/`fdatasync`/`sync_file_range`) over a window of time.
#[derive(Debug, Default, Clone, Copy)]
pub struct TracedWrites {
    /// Write calls.
    pub writes: u64,
    /// Bytes handed to those calls.
    pub data: u64,
    /// Each write rounded out to the 4 KiB pages it touches, summed over the writes.
    pub pages_touched: u64,
    /// Bytes of distinct pages dirtied between one sync of a file and the next, summed:
    /// what the kernel has to write to the device for them (a page written twice before
    /// the sync goes out once). The file system's own journal is not included.
    pub pages_synced: u64,
    /// fsync / fdatasync / sync_file_range calls.
    pub fsyncs: u64,
    /// How long the trace ran.
    pub seconds: f64,
}

/// A program started under strace (`--seccomp-bpf`: only the traced calls stop it), its
/// trace written to a file with wall-clock times, so a window of it can be summed later.
pub struct WriteTrace {
    out: PathBuf,
    dir: PathBuf,
    from: f64,
}

const PAGE: u64 = 4096;

/// Seconds since the epoch, as strace's `-ttt` prints them.
fn epoch_seconds() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// `command` wrapped in strace writing to `out` (`None` when strace is not installed).
pub fn traced_command(program: &Path, out: &Path) -> Option<std::process::Command> {
    let found = std::process::Command::new("strace")
        .arg("-V")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!("strace not found: writes are not traced");
        return None;
    }
    let mut c = std::process::Command::new("strace");
    c.args(["--seccomp-bpf", "-f", "-qq", "-ttt", "-y", "-s", "0", "-o"])
        .arg(out)
        .args([
            "-e",
            "trace=pwrite64,write,pwritev,fsync,fdatasync,sync_file_range",
        ])
        .arg(program);
    Some(c)
}

/// The pid of `program` that strace (`strace_pid`) started, once it runs. strace first forks
/// short-lived children of its own to probe the kernel: taking the first child seen sometimes
/// took one of those (the bench then read and signalled a process that was gone, and waited
/// for ever for a bot it had never stopped), so the child must be running `program`.
pub fn traced_pid(strace_pid: u32, program: &Path) -> u32 {
    let wanted = program
        .canonicalize()
        .unwrap_or_else(|_| program.to_path_buf());
    for _ in 0..1000 {
        let children =
            std::fs::read_to_string(format!("/proc/{strace_pid}/task/{strace_pid}/children"))
                .unwrap_or_default();
        for pid in children.split_whitespace().filter_map(|p| p.parse().ok()) {
            if std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == wanted) {
                return pid;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("strace did not start {}", program.display());
}

impl WriteTrace {
    /// Starts summing the trace in `out` from now, for writes to files under `dir`.
    pub fn from_now(dir: &Path, out: &Path) -> WriteTrace {
        WriteTrace {
            out: out.to_path_buf(),
            dir: dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
            from: epoch_seconds(),
        }
    }

    /// What was written from [`WriteTrace::from_now`] until now.
    pub fn until_now(&self) -> TracedWrites {
        let to = epoch_seconds();
        // strace writes its file buffered; give it a moment.
        std::thread::sleep(Duration::from_millis(500));
        let text = std::fs::read_to_string(&self.out).unwrap_or_default();
        if let Ok(copy) = std::env::var("BENCH_TRACE_COPY") {
            let _ = std::fs::write(copy, &text);
        }
        let mut t = parse_trace(&text, &self.dir.display().to_string(), self.from, to);
        t.seconds = to - self.from;
        t
    }
}

/// Sums an `strace -f -ttt -y -s 0` trace's writes and syncs on files whose path starts with
/// `dir`, for calls that began between `from` and `to` (seconds since the epoch). Calls split
/// by another thread's (`<unfinished ...>` … `<... resumed>`) are joined.
pub fn parse_trace(text: &str, dir: &str, from: f64, to: f64) -> TracedWrites {
    use std::collections::{HashMap, HashSet};
    let mut t = TracedWrites::default();
    let mut unfinished: HashMap<&str, String> = HashMap::new();
    let mut dirty: HashMap<String, HashSet<u64>> = HashMap::new();
    for raw in text.lines() {
        // strace pads the pid: "8940  1796198439.670737 pwrite64(…".
        let (pid, rest) = raw.split_once(' ').unwrap_or(("", raw));
        let (at, rest) = rest.trim_start().split_once(' ').unwrap_or(("", rest));
        let at: f64 = at.parse().unwrap_or(0.0);
        let line = if let Some(head) = rest.strip_suffix(" <unfinished ...>") {
            if at < from || at > to {
                continue;
            }
            unfinished.insert(pid, head.to_string());
            continue;
        } else if rest.starts_with("<... ") {
            let Some(head) = unfinished.remove(pid) else {
                continue;
            };
            let tail = rest.split_once("resumed>").map(|(_, t)| t).unwrap_or("");
            format!("{head}{tail}")
        } else if at < from || at > to {
            continue;
        } else {
            rest.to_string()
        };
        let Some((call, args)) = line.split_once('(') else {
            continue;
        };
        // The file: `7</path/to/file>`.
        let Some(path) = args
            .split_once('<')
            .and_then(|(_, p)| p.split_once('>'))
            .map(|(p, _)| p)
        else {
            continue;
        };
        if !path.starts_with(dir) {
            continue;
        }
        let result: i64 = line
            .rsplit_once(") = ")
            .and_then(|(_, r)| r.split_whitespace().next()?.parse().ok())
            .unwrap_or(-1);
        if result < 0 {
            continue;
        }
        match call {
            // sled writes its log with pwrite64 + sync_file_range of that range, and fsyncs
            // the file from its periodic flusher.
            "fsync" | "fdatasync" | "sync_file_range" => {
                t.fsyncs += 1;
                t.pages_synced += dirty.remove(path).map_or(0, |p| p.len() as u64) * PAGE;
            }
            "pwrite64" | "write" | "pwritev" => {
                let len = result as u64;
                t.writes += 1;
                t.data += len;
                if len == 0 {
                    continue;
                }
                let offset = if call == "write" {
                    None
                } else {
                    line.rsplit_once(") = ")
                        .and_then(|(a, _)| a.rsplit(", ").next()?.trim().parse::<u64>().ok())
                };
                let (first, last) = match offset {
                    Some(o) => (o / PAGE, (o + len - 1) / PAGE),
                    // Appends without an offset: count whole pages.
                    None => (0, len.div_ceil(PAGE) - 1),
                };
                t.pages_touched += (last - first + 1) * PAGE;
                let pages = dirty.entry(path.to_string()).or_default();
                if offset.is_some() {
                    pages.extend(first..=last);
                } else {
                    // Unknown place: distinct new pages.
                    let base = u64::MAX / 2 + pages.len() as u64;
                    pages.extend(base..=base + last);
                }
            }
            _ => {}
        }
    }
    // Dirty pages never synced by the process: the kernel writes them back later.
    t.pages_synced += dirty.values().map(|p| p.len() as u64).sum::<u64>() * PAGE;
    t
}

impl TracedWrites {
    /// One line: per `what` (delivery, subscription), over `n` of them.
    pub fn per(&self, n: u64, what: &str) -> String {
        let n = n.max(1) as f64;
        format!(
            "traced writes to the store: {:.0} B of data, {:.0} B of pages touched, {:.0} B of distinct pages per sync per {what}; {:.2} writes and {:.2} syncs per {what} ({:.1} syncs/s over {:.0} s)",
            self.data as f64 / n,
            self.pages_touched as f64 / n,
            self.pages_synced as f64 / n,
            self.writes as f64 / n,
            self.fsyncs as f64 / n,
            self.fsyncs as f64 / self.seconds.max(1e-9),
            self.seconds
        )
    }
}

/// Whether to trace writes with strace in a scenario (`BENCH_STRACE=0`/`1` overrides
/// `default`).
pub fn strace_wanted(default: bool) -> bool {
    match std::env::var("BENCH_STRACE").as_deref() {
        Ok("0") => false,
        Ok(_) => true,
        Err(_) => default,
    }
}

/// The `n` mappings of a process holding the most resident memory, from
/// `/proc/<pid>/smaps`: "name or address range = RSS MiB", largest first.
pub fn largest_mappings(pid: u32, n: usize) -> String {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    let mut maps: Vec<(u64, String)> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let first = line.split_whitespace().next().unwrap_or("");
        if first.contains('-') && !first.ends_with(':') {
            let name = line.split_whitespace().nth(5).unwrap_or("[anon]");
            current = format!("{name} {first}");
        } else if let Some(kb) = line.strip_prefix("Rss:") {
            let kb: u64 = kb.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
            maps.push((kb, current.clone()));
        }
    }
    maps.sort_by_key(|m| std::cmp::Reverse(m.0));
    maps.iter()
        .take(n)
        .map(|(kb, name)| format!("{name} = {:.1} MiB", *kb as f64 / 1024.0))
        .collect::<Vec<_>>()
        .join("; ")
}
