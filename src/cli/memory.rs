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
//! blocks grew by [`WORTH_TRIMMING`] since its last call (by [`WORTH_TRIMMING_SETTLED`]
//! once nothing grew for a while), and only once the heap stopped growing (a burst reuses
//! its own free blocks; trimming then would only refault them).

use std::time::Duration;

/// How often the trimmer looks.
const LOOK_EVERY: Duration = Duration::from_secs(2);
/// Resident memory beyond the live blocks, grown since the last trim, worth a trim.
const WORTH_TRIMMING: i64 = 4 << 20;
/// The same, once the program has settled (see [`SETTLED_LOOKS`]).
const WORTH_TRIMMING_SETTLED: i64 = 1 << 20;
/// Looks in a row without the live blocks growing after which the program has settled.
const SETTLED_LOOKS: u32 = 5;
/// Live blocks grown more than this since the last look: activity still going on.
const STILL_GROWING: i64 = 1 << 20;

/// When to trim, from what the trimmer sees at each look. Pure, so it is tested apart.
///
/// A burst frees most of its memory as it ends, and the trimmer gives that back once the
/// free part grew by [`WORTH_TRIMMING`]. What is freed later comes in smaller pieces: the
/// flood limiter forgets the burst's people a minute or two after it, the messenger's idle
/// connections close after 90 s. Trimming only at 4 MiB left ~3 MiB of such memory resident
/// for good after 20,000 subscriptions (a forced `malloc_trim` 2 min after the burst gave it
/// back: 36.2 → 33.0 MiB). Once nothing has grown for [`SETTLED_LOOKS`] looks, 1 MiB is worth
/// a trim; a busy program, which would only fault the pages in again, still waits for 4.
#[derive(Debug, Default)]
struct Trimmer {
    /// Unexplained bytes right after the last trim; `None` before the first.
    baseline: Option<i64>,
    /// Live bytes at the last look; `None` before the first.
    last_live: Option<i64>,
    quiet_looks: u32,
}

impl Trimmer {
    /// One look: `unexplained` resident bytes beyond the `live` ones. True: trim now (and
    /// then tell [`Trimmer::trimmed`]).
    fn look(&mut self, unexplained: i64, live: i64) -> bool {
        let growing = self
            .last_live
            .is_some_and(|last| live - last > STILL_GROWING);
        self.last_live = Some(live);
        if growing {
            self.quiet_looks = 0;
            return false;
        }
        self.quiet_looks = self.quiet_looks.saturating_add(1);
        let Some(baseline) = self.baseline else {
            return true;
        };
        let freed = unexplained - baseline;
        freed >= WORTH_TRIMMING
            || (self.quiet_looks >= SETTLED_LOOKS && freed >= WORTH_TRIMMING_SETTLED)
    }

    /// After a trim: what is unexplained now is the new baseline, and settling starts over.
    fn trimmed(&mut self, unexplained: Option<i64>) {
        self.baseline = unexplained;
        self.quiet_looks = 0;
    }
}

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
    let mut trimmer = Trimmer::default();
    loop {
        std::thread::sleep(LOOK_EVERY);
        let Some(unexplained) = unexplained_bytes() else {
            return; // no /proc: nothing to steer by
        };
        if trimmer.look(unexplained, live_bytes()) {
            // SAFETY: malloc_trim only returns free pages of the heaps to the system; it
            // takes the arenas' locks like any allocation does.
            unsafe {
                libc::malloc_trim(0);
            }
            trimmer.trimmed(unexplained_bytes());
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

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: i64 = 1 << 20;

    #[test]
    fn trims_at_first_then_after_a_burst_then_what_is_freed_once_settled() {
        let mut t = Trimmer::default();
        let live = 10 * MIB;
        assert!(t.look(2 * MIB, live), "the first look trims");
        t.trimmed(Some(MIB));
        // A burst: live blocks growing, never trimmed whatever is free.
        assert!(!t.look(3 * MIB, 20 * MIB));
        assert!(!t.look(9 * MIB, 30 * MIB));
        // It ends: most of it freed at once, 4 MiB and more: trimmed at the next look.
        assert!(t.look(20 * MIB, 12 * MIB));
        t.trimmed(Some(MIB));
        // Later frees of 2 MiB (the flood limiter forgetting): not while still unsettled...
        for _ in 1..SETTLED_LOOKS {
            assert!(!t.look(3 * MIB, 10 * MIB));
        }
        // ...but once nothing grew for SETTLED_LOOKS looks.
        assert!(t.look(3 * MIB, 10 * MIB));
        t.trimmed(Some(MIB));
        // Less than 1 MiB freed is never worth it, however long it stays quiet.
        for _ in 0..3 * SETTLED_LOOKS {
            assert!(!t.look(MIB + MIB / 2, 10 * MIB));
        }
    }

    #[test]
    fn a_busy_program_waits_for_four_mib() {
        let mut t = Trimmer::default();
        assert!(t.look(MIB, 10 * MIB));
        t.trimmed(Some(MIB));
        // Growing by more than 1 MiB every other look: never settled.
        let mut live = 10 * MIB;
        for i in 0..20 {
            live += if i % 2 == 0 { 2 * MIB } else { -MIB };
            assert!(!t.look(3 * MIB, live), "look {i}");
        }
        assert!(t.look(5 * MIB, live - MIB));
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn reads_its_own_anonymous_memory() {
        let anon = super::rss_anon_bytes().expect("RssAnon in /proc/self/status");
        assert!(anon > 0);
    }
}
