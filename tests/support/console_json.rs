//! The built binary's `loaban console --json` as a child process: the test config in a temp
//! dir, the given lines on its standard input, one JSON object read back per line. Shared by
//! every test that drives the console as a script would.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

/// The test config (`support::config_text`) in a new temp dir; the dir (keep it alive) and
/// the config's path.
pub fn config() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, super::config_text(&dir.path().join("data"))).unwrap();
    let p = path.display().to_string();
    (dir, p)
}

/// One `console --json` run over `config` (`--as identity` when given) reading `lines`:
/// every input line's output object, in order. Fails, with the console's errors, unless it
/// exits 0 with exactly one object per line.
pub fn run<L: AsRef<str>>(config: &str, lines: &[L], identity: Option<&str>) -> Vec<Value> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loaban"));
    cmd.args(["console", "--json", "--config", config]);
    if let Some(id) = identity {
        cmd.args(["--as", id]);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let stdin = child.stdin.as_mut().unwrap();
        for l in lines {
            writeln!(stdin, "{}", l.as_ref()).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let objects: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(objects.len(), lines.len(), "one object per input line");
    objects
}
