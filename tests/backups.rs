//! Backups that can be trusted: a cut or altered backup is refused by `restore` and by
//! `backup --verify`, leaving the store as it was; the running bot takes its own backups
//! on schedule, keeps the newest `keep`, names the newest in `stats`, and logs and shows a
//! failed one.

#[path = "support/fake_telegram.rs"]
mod fake_telegram;
#[path = "support/fake_zalo.rs"]
mod fake_zalo;
mod support;
#[path = "support/wait.rs"]
mod wait;

use std::path::Path;
use std::time::Duration;

use fake_telegram::{FakeTelegram, Limits};
use support::binary::RunBot;
use support::loaban;

/// A store with four subscribers of Bản He, closed; returns (temp dir, config path).
fn store_with_subscribers() -> (tempfile::TempDir, String) {
    let bot = support::Bot::new();
    bot.villagers(4, 5000, "he");
    bot.app.store.flush().unwrap();
    let cfg = bot.config_path.to_str().unwrap().to_string();
    let support::Bot { app, dir, .. } = bot;
    drop(app);
    (dir, cfg)
}

fn lines_of(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.to_string() + "\n")
        .collect()
}

#[test]
fn a_cut_or_altered_backup_is_refused_and_changes_nothing() {
    let (dir, cfg) = store_with_subscribers();
    let file = dir.path().join("b.backup");
    let (code, _, err) = loaban(&["backup", file.to_str().unwrap(), "--config", &cfg]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = loaban(&["backup", "--verify", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(": OK, a whole backup of"), "{out}");
    // The one date style, dd/mm/yyyy.
    let at = &out[out.find(" taken at ").expect("when") + " taken at ".len()..];
    assert!(
        chrono::NaiveDate::parse_from_str(&at[..10], "%d/%m/%Y").is_ok(),
        "{out}"
    );

    // Cut at a line boundary (what broke the old format: "restored 47 records").
    let lines = lines_of(&file);
    assert!(lines.len() > 50);
    let cut = dir.path().join("cut.backup");
    std::fs::write(&cut, lines[..47].concat()).unwrap();
    // Altered: one subscriber's record changed, the end line left as it was.
    let altered = dir.path().join("altered.backup");
    let i = lines
        .iter()
        .position(|l| l.contains("\"tree\":\"hamlet_subscribers\""))
        .unwrap();
    let mut changed = lines.clone();
    // The key's first byte is the hamlet's number: another hamlet.
    changed[i] = changed[i].replacen("\"k\":\"0", "\"k\":\"7", 1);
    assert_ne!(changed[i], lines[i]);
    std::fs::write(&altered, changed.concat()).unwrap();

    for (bad, why) in [(&cut, "truncated"), (&altered, "checksum")] {
        let (code, _, err) = loaban(&["backup", "--verify", bad.to_str().unwrap()]);
        assert_eq!(code, 1, "{why}");
        assert!(err.contains(why), "{why}: {err}");
        let (code, _, err) = loaban(&[
            "restore",
            bad.to_str().unwrap(),
            "--force",
            "--config",
            &cfg,
        ]);
        assert_eq!(code, 1, "{why}");
        assert!(err.contains(why), "{why}: {err}");
        let (_, out, _) = loaban(&["stats", "--config", &cfg]);
        assert!(
            out.contains("• Bản He: Telegram 4"),
            "unchanged after {why}: {out}"
        );
    }
    // Into an empty store: still refused, the store stays empty.
    let cfg2 = dir.path().join("config2.toml");
    std::fs::write(&cfg2, support::config_text(&dir.path().join("data2"))).unwrap();
    let cfg2 = cfg2.to_str().unwrap();
    let (code, _, _) = loaban(&["restore", cut.to_str().unwrap(), "--config", cfg2]);
    assert_eq!(code, 1);
    let (_, out, _) = loaban(&["stats", "--config", cfg2]);
    assert!(!out.contains("• he:"), "{out}");
    // The whole one restores.
    let (code, out, err) = loaban(&[
        "restore",
        file.to_str().unwrap(),
        "--force",
        "--config",
        cfg2,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("restored"));
    let (_, out, _) = loaban(&["stats", "--config", cfg2]);
    assert!(out.contains("• Bản He: Telegram 4"), "{out}");
}

/// A bot (not started) whose `[backup]` keeps 3 in `backups` (or wherever `backup_dir`
/// says).
fn bot_dir(backup_dir: &str) -> RunBot {
    RunBot::new(&format!(
        "[telegram]\npoll_timeout_seconds = 1\n\n[backup]\ndir = \"{backup_dir}\"\nkeep = 3\n"
    ))
}

fn backups_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

async fn wait_for(limit: Duration, cond: impl Fn() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if cond() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    cond()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_running_bot_takes_checks_and_rotates_its_own_backups() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = bot_dir("backups");
    let backups = bot.root.join("backups");
    // Four old ones from earlier days (keep = 3).
    std::fs::create_dir_all(&backups).unwrap();
    for day in 1..=4 {
        std::fs::write(
            backups.join(format!("loaban-2026010{day}-030000.backup")),
            b"old",
        )
        .unwrap();
    }
    std::fs::write(backups.join("notes.txt"), b"an admin's file, never touched").unwrap();
    bot.start(&fake.url, &[]);
    // Written, checked and the old ones pruned: then it says so.
    let ok = wait_for(Duration::from_secs(30), || {
        bot.logs().contains("backup written to")
    })
    .await;
    assert!(
        ok,
        "a backup at start: {:?}\n{}",
        backups_in(&backups),
        bot.logs()
    );
    let names = backups_in(&backups);
    assert_eq!(
        names.len(),
        4,
        "3 backups kept, the admin's file left alone: {names:?}"
    );
    assert!(names.contains(&"notes.txt".to_string()));
    assert!(
        !names
            .iter()
            .any(|n| n.contains("20260101") || n.contains("20260102"))
    );
    let newest = names
        .iter()
        .filter(|n| n.ends_with(".backup"))
        .max()
        .unwrap()
        .clone();
    let (code, out, err) = loaban(&[
        "backup",
        "--verify",
        backups.join(&newest).to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("OK"), "{out}");
    // `stats` (through the running bot) names it.
    let (code, out, err) = loaban(&["stats", "--config", bot.config_arg()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Bản sao lưu mới nhất:") && out.contains(&newest),
        "{out}"
    );
    bot.stop_ok().await;
    // A restart within every_hours takes none.
    bot.start(&fake.url, &[]);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(backups_in(&backups), names);
    bot.stop_ok().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_backup_is_logged_and_shown_to_admins() {
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = bot_dir("backups");
    // A file where the folder should be: the backup cannot be written.
    std::fs::write(bot.root.join("backups"), b"").unwrap();
    bot.start(&fake.url, &[]);
    assert!(
        wait_for(Duration::from_secs(30), || bot.logs().contains("FAILED")).await,
        "{}",
        bot.logs()
    );
    assert!(bot.logs().contains("ERROR"), "{}", bot.logs());
    fake.push_text(9001, "/thongke");
    wait::tg_wait(&fake, 9001, "Sao lưu tự động bị lỗi").await;
    bot.stop_ok().await;
}
