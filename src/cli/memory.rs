//! glibc's allocator tuned for a small service that runs for months: two arenas, a fixed
//! mmap threshold, and a thread that gives memory freed after a burst back to the system.
//! The library forbids unsafe code, so these calls live in the binary.
//!
//! glibc gives threads up to 8 malloc arenas per core; for a small service on a cheap machine
//! two are plenty and keep memory from fragmenting across arenas.
//!
//! glibc also raises its mmap threshold (128 KiB) each time a block that large is freed, up
//! to 32 MiB. sled allocates and frees a 512 KiB log buffer per log segment (about two a
//! second while a broadcast is paced), so after the first one every such buffer came from
//! the arenas instead, and the holes they left kept the heap growing through a long broadcast
//! (10,000 recipients: 37 MiB peak, against 32 MiB with the threshold fixed). Setting it
//! explicitly turns the adjustment off: large blocks are mapped on their own and go back to
//! the system when freed.
//!
//! What glibc does not give back on its own is free memory in the middle of a heap: after
//! 20,000 villagers subscribed at once, tens of MiB of freed blocks stayed resident between
//! live ones (91–95 MiB 10 s after the burst against 22 MiB after a restart). `malloc_trim`
//! returns those pages; the trimmer calls it when the resident memory not explained by live
//! blocks grew by [`WORTH_TRIMMING`] since its last call, and only once the heap stopped
//! growing (a burst reuses its own free blocks; trimming then would only refault them).

use std::time::Duration;

/// How often the trimmer looks.
const LOOK_EVERY: Duration = Duration::from_secs(2);
/// Resident memory beyond the live blocks, grown since the last trim, worth a trim.
const WORTH_TRIMMING: i64 = 4 << 20;
/// Live blocks grown more than this since the last look: activity still going on.
const STILL_GROWING: i64 = 1 << 20;

/// Tunes the allocator. Call first thing in `main`, before any other thread exists.
/// glibc's own environment variables win: `MALLOC_ARENA_MAX` and `MALLOC_MMAP_THRESHOLD_`
/// set in the service's environment are left as glibc read them.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator, and no other thread exists yet.
    unsafe {
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
        if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        }
    }
}

/// Starts the trimmer thread (for `loaban run`; short commands exit before it matters).
/// `LOABAN_MALLOC_TRIM=off` in the environment leaves it out (to measure without it).
pub fn start_trimmer() {
    if std::env::var("LOABAN_MALLOC_TRIM").is_ok_and(|v| v == "off") {
        log::info!("memory trimmer off (LOABAN_MALLOC_TRIM=off)");
        return;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let spawned = std::thread::Builder::new()
            .name("malloc-trim".into())
            .stack_size(64 * 1024)
            .spawn(trim_when_settled);
        if let Err(e) = spawned {
            log::warn!("memory trimmer not started: {e}");
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_when_settled() {
    // The first look trims and sets the baseline.
    let mut baseline: Option<i64> = None;
    let mut last_live = 0;
    loop {
        std::thread::sleep(LOOK_EVERY);
        let Some(unexplained) = unexplained_bytes() else {
            return; // no /proc: nothing to steer by
        };
        let live = live_bytes();
        let growing = live - last_live > STILL_GROWING;
        last_live = live;
        let worth = baseline.is_none_or(|b| unexplained - b >= WORTH_TRIMMING);
        if worth && !growing {
            // SAFETY: malloc_trim only returns free pages of the heaps to the system; it
            // takes the arenas' locks like any allocation does.
            unsafe {
                libc::malloc_trim(0);
            }
            baseline = unexplained_bytes();
        }
    }
}

/// Bytes in blocks the program holds (arenas' and mapped blocks).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn live_bytes() -> i64 {
    // SAFETY: mallinfo2 only reads the allocator's statistics (under its locks).
    let info = unsafe { libc::mallinfo2() };
    (info.uordblks + info.hblkhd) as i64
}

/// Anonymous resident memory minus the live blocks: mostly free heap memory still resident,
/// plus a constant (stacks; mapped blocks allocated zeroed and never touched count as live
/// without being resident), which the baseline cancels.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn unexplained_bytes() -> Option<i64> {
    Some(rss_anon_bytes()? - live_bytes())
}

/// `RssAnon` of `/proc/self/status`, in bytes.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn rss_anon_bytes() -> Option<i64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("RssAnon:"))?;
    let kib: i64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    #[test]
    fn reads_its_own_anonymous_memory() {
        let anon = super::rss_anon_bytes().expect("RssAnon in /proc/self/status");
        assert!(anon > 0);
    }
}
