//! The built `loaban run` as a child process: started with a config and environment, logs
//! kept per run, signalled, waited for, and killed when the test ends.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Running {
    /// Where each run's log goes (`run1.log`, `run2.log`, …).
    log_dir: PathBuf,
    child: Option<Child>,
    runs: usize,
}

impl Running {
    pub fn new(log_dir: &Path) -> Running {
        Running {
            log_dir: log_dir.to_path_buf(),
            child: None,
            runs: 0,
        }
    }

    fn log_path(&self, run: usize) -> PathBuf {
        self.log_dir.join(format!("run{run}.log"))
    }

    /// Starts `loaban run --config CONFIG` with debug logs, `set` in its environment and
    /// `unset` removed from it.
    pub fn start(&mut self, config: &Path, set: &[(&str, &str)], unset: &[&str]) {
        self.runs += 1;
        let log = std::fs::File::create(self.log_path(self.runs)).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_loaban"));
        cmd.args(["run", "--config", config.to_str().unwrap()])
            .env("RUST_LOG", "debug")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        for name in unset {
            cmd.env_remove(name);
        }
        for (name, value) in set {
            cmd.env(name, value);
        }
        self.child = Some(cmd.spawn().unwrap());
    }

    pub fn signal(&mut self, sig: i32) {
        let pid = self.child.as_ref().unwrap().id() as i32;
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(pid, sig);
        }
    }

    /// Waits for the process to exit; returns its exit code.
    pub async fn wait_exit(&mut self, limit: Duration) -> Option<i32> {
        let start = std::time::Instant::now();
        while start.elapsed() < limit {
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                self.child = None;
                return Some(status.code().unwrap_or(-1));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }

    /// How many times the process was started.
    pub fn runs(&self) -> usize {
        self.runs
    }

    /// Every run's log, in order.
    pub fn logs(&self) -> String {
        (1..=self.runs)
            .map(|r| std::fs::read_to_string(self.log_path(r)).unwrap_or_default())
            .collect()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
