//! A full disk heals without a human: the real `loaban run` with its store on a small tmpfs
//! and a fake Telegram on 127.0.0.1. The disk fills during a broadcast; the bot notices,
//! exits with status 75, and (restarted as systemd's `Restart=on-failure` would) waits,
//! logging one ERROR a minute; once space is freed it resumes by itself within 60 s: the
//! broadcast reaches everyone, the head gets the report, the message written meanwhile is
//! answered, and every subscription acknowledged before is still there.
//!
//! Mounting needs root (CI runs as root); elsewhere the test says so and passes.
#![cfg(target_os = "linux")]

#[path = "support/fake_telegram.rs"]
mod fake_telegram;
#[path = "support/fake_zalo.rs"]
mod fake_zalo;
mod support;
#[path = "support/wait.rs"]
mod wait;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fake_telegram::{FakeTelegram, Limits};
use support::binary::{RunBot, TG_TOKEN};
use support::process::Running;

const HEAD: i64 = 1001;

/// A tmpfs mounted for the test's lifetime.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs {
            dir: dir.to_path_buf(),
        })
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

/// Fills the file system holding `dir` with one file; returns its path.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    let chunk = vec![0u8; 64 * 1024];
    // Bounded: a tmpfs of a few MiB fills long before 64 MiB.
    for _ in 0..1024 {
        if f.write_all(&chunk).is_err() {
            break;
        }
    }
    let _ = f.sync_all();
    path
}

fn count(fake: &FakeTelegram, chat: i64, needle: &str) -> usize {
    fake.sent_to(chat)
        .iter()
        .filter(|m| m.text.contains(needle))
        .count()
        + fake
            .edits()
            .iter()
            .filter(|m| m.chat_id == chat && m.text.contains(needle))
            .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_heals_by_itself_and_loses_nothing_acknowledged() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(disk) = Tmpfs::mount(&tmp.path().join("disk"), "24m") else {
        println!(
            "SKIPPED a_full_disk_heals_by_itself_and_loses_nothing_acknowledged: cannot mount \
             a tmpfs here (needs root, as in CI)"
        );
        return;
    };
    let fake = FakeTelegram::start(Limits::off()).await;
    let mut bot = RunBot::in_dir(
        tmp.path(),
        &disk.dir.join("data"),
        "[delivery]\nretry_base_seconds = 1\nprogress_seconds = 600\n\n\
         [backup]\nevery_hours = 0\n\n\
         [telegram]\npoll_timeout_seconds = 1\nglobal_rate = 4\nper_chat_rate = 1000\n",
    );
    bot.start(&fake.url, &[]);

    // 30 villagers subscribe (acknowledged: "Đã đăng ký").
    let villagers: Vec<i64> = (5000..5030).collect();
    for &u in &villagers {
        fake.push_text(u, "/dangky dong");
    }
    let subscribed = fake
        .wait_until(Duration::from_secs(60), |f| {
            villagers
                .iter()
                .all(|&u| f.sent_to(u).iter().any(|m| m.text.contains("Đã đăng ký")))
        })
        .await;
    assert!(subscribed, "{}", bot.logs());

    // A broadcast to them, paced at 4 a second, so most is still queued when the disk fills.
    fake.push_text(HEAD, "/thongbao Họp bản tối nay");
    wait::tg_wait(&fake, HEAD, "XEM TRƯỚC").await;
    let (preview, _, _) = wait::latest_with(&fake, HEAD, "XEM TRƯỚC");
    fake.push_callback(HEAD, preview, "bcy");
    wait::seen_wait(&fake, HEAD, "Đang gửi tới", 1).await;
    let filler = fill(&disk.dir);

    // The bot notices within seconds and exits 75; restarted, it waits for the disk.
    let code = bot.wait_exit(Duration::from_secs(30)).await;
    assert_eq!(code, Some(75), "{}", bot.logs());
    assert!(
        bot.logs().contains("the store cannot write"),
        "{}",
        bot.logs()
    );
    bot.start(&fake.url, &[]);
    // A villager writes while the bot waits: Telegram keeps the message.
    fake.push_text(5100, "/start");
    tokio::time::sleep(Duration::from_secs(12)).await;
    let logs = bot.logs();
    let waiting = logs
        .lines()
        .filter(|l| l.contains("waiting for the disk"))
        .count();
    assert_eq!(waiting, 1, "one ERROR a minute while waiting:\n{logs}");
    assert_eq!(
        count(&fake, 5100, "Chào bạn"),
        0,
        "not answered while the disk is full"
    );

    // Space is freed; no one touches the bot.
    std::fs::remove_file(&filler).unwrap();
    let freed = Instant::now();
    let healed = fake
        .wait_until(Duration::from_secs(60), |f| {
            villagers.iter().all(|&u| {
                f.sent_to(u)
                    .iter()
                    .any(|m| m.text.contains("Họp bản tối nay"))
            }) && count(f, 5100, "Chào bạn") > 0
                && count(f, HEAD, "Báo cáo") > 0
        })
        .await;
    let took = freed.elapsed();
    assert!(healed, "healed within 60 s:\n{}", bot.logs());
    println!(
        "full disk: resumed {:.1} s after space was freed",
        took.as_secs_f64()
    );
    // At most the sends in flight were repeated.
    let repeats: usize = villagers
        .iter()
        .map(|&u| count(&fake, u, "Họp bản tối nay").saturating_sub(1))
        .sum();
    assert!(repeats <= 16, "{repeats} repeats");
    println!("full disk: {repeats} notice(s) sent twice (in flight at the failure)");

    // Every acknowledged subscription survived.
    bot.stop_ok().await;
    let (code, out, err) = support::loaban(&["stats", "--config", bot.config_arg()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("• Bản Đông: Telegram 30"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_store_names_restore_and_the_newest_backup() {
    let bot = support::Bot::new();
    bot.villagers(2, 5000, "dong");
    let backups = bot.dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let newest = backups.join("loaban-20261201-020000.backup");
    loaban::service::control::write_backup(&bot.app.store, &newest).unwrap();
    bot.app.store.flush().unwrap();
    let cfg = bot.config_path.to_str().unwrap().to_string();
    let support::Bot { app, dir, .. } = bot;
    drop(app);
    // Garbage over the data file, and the snapshot that would stand in for it gone.
    let data = dir.path().join("data");
    let db = data.join("db");
    let mut bytes = std::fs::read(&db).unwrap();
    for b in bytes.iter_mut().take(4096) {
        *b = 0xA5;
    }
    std::fs::write(&db, bytes).unwrap();
    for e in std::fs::read_dir(&data).unwrap().flatten() {
        if e.file_name().to_string_lossy().starts_with("snap.") {
            std::fs::remove_file(e.path()).unwrap();
        }
    }
    let mut run = Running::new(dir.path());
    run.start(
        Path::new(&cfg),
        &[
            ("TELOXIDE_TOKEN", TG_TOKEN),
            ("TELOXIDE_API_URL", "http://127.0.0.1:9/"),
        ],
        &[],
    );
    let code = run.wait_exit(Duration::from_secs(20)).await;
    let logs = run.logs();
    assert_eq!(code, Some(1), "{logs}");
    assert!(logs.contains("loaban restore"), "{logs}");
    assert!(logs.contains(&newest.display().to_string()), "{logs}");
    // The other commands say the same.
    let (code, _, err) = support::loaban(&["stats", "--config", &cfg]);
    assert_eq!(code, 1);
    assert!(
        err.contains("loaban restore") && err.contains(&newest.display().to_string()),
        "{err}"
    );
}
