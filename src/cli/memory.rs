//! The allocator: jemalloc, with one arena, no thread caches and freed pages given back to
//! the system within a second, so a small service that runs for months returns to its
//! resting size after a burst. The library forbids unsafe code, so this lives in the binary.
//!
//! glibc's allocator kept what a burst of 20,000 subscriptions had freed: its heaps hold
//! small blocks of every size side by side, and the few still live two minutes later
//! (sled's page cache, connection buffers) pinned the pages around them. `malloc_trim` can
//! only return whole free pages: with two arenas, a fixed mmap threshold and a thread that
//! trimmed once the heap had settled, the bot still held 38–40 MiB two minutes after the
//! burst (RssAnon ~25 MiB against 8.5 after a restart). jemalloc keeps each size class in
//! its own slabs, so what stays live packs into few pages, and it returns free pages by
//! itself (docs/measurements.md, "jemalloc after a burst"):
//!
//! - `narenas:1`: one arena for all threads (jemalloc's default is four per core, each
//!   keeping its own partly used slabs);
//! - `tcache:false`: no per-thread caches of freed blocks (with them, and the default
//!   arenas, the bot held *more* than with glibc: 49 MiB two minutes after the burst);
//! - `background_thread:true`, `dirty_decay_ms`, `muzzy_decay_ms:0`: a jemalloc thread
//!   gives freed pages back to the system (`MADV_DONTNEED`, so they leave the RSS at once)
//!   about a second after they were freed, also while the bot is idle.
//!
//! `_RJEM_MALLOC_CONF` in the environment overrides these (jemalloc reads it after them).

#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read by jemalloc itself at its first allocation (the crate's build
/// prefixes its symbols with `_rjem_`). A thin pointer to a NUL-terminated string, as the C
/// side's `const char *malloc_conf` expects.
// SAFETY: the name is jemalloc's documented configuration symbol, and nothing else defines
// it; the value is a static NUL-terminated string that is never written.
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static MALLOC_CONF: &[u8; 83] =
    b"narenas:1,tcache:false,background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0\0";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_options_are_one_c_string() {
        let conf: &[u8] = MALLOC_CONF;
        assert_eq!(conf.last(), Some(&0));
        assert_eq!(conf.iter().filter(|&&b| b == 0).count(), 1);
        assert!(std::str::from_utf8(&conf[..conf.len() - 1]).is_ok());
    }
}
