//! Running it for years: audit log, statistics, backups and restore, config changes against
//! the store, deleting a removed hamlet, schema versions, and the systemd unit.

mod support;

use support::loaban;

use std::process::Command;

use support::{Bot, FakeChannel};

const HEAD: &str = "telegram:1001";
const ADMIN: &str = "telegram:9001";

#[tokio::test]
async fn audit_log_records_who_did_what() {
    let bot = Bot::new();
    bot.villagers(3, 5000, "dong");
    bot.say(HEAD, "/thongbao Họp bản");
    bot.press(HEAD, "bcy");
    bot.say(HEAD, "/huy");
    bot.say(HEAD, "2");
    bot.press(HEAD, "ss:dong:giao_thong:m");
    bot.say("telegram:5000", "/thongbao Tin giả");
    bot.say("telegram:5000", "/nhatky");

    let r = bot.say(ADMIN, "/nhatky");
    for want in [
        "telegram:1001 · gửi thông báo #1 tới Bản Đông: 3 người nhận",
        "telegram:1001 · dừng thông báo #1: hủy 3 tin chưa gửi",
        "telegram:1001 · cập nhật Bản Đông, tiêu chí giao_thong: Đang thực hiện → Đạt",
        "telegram:5000 · bị từ chối gửi thông báo",
        "telegram:5000 · bị từ chối xem nhật ký",
        "cấu hình · lần đầu chạy với kho dữ liệu này",
    ] {
        assert!(r.text.contains(want), "{want} in:\n{}", r.text);
    }
    // Message bodies are not in the audit log, nor internal words.
    assert!(!r.text.contains("Họp bản"));
    for internal in [
        "broadcast",
        "recipient",
        "hamlet dong",
        "_refused",
        "in_progress",
    ] {
        assert!(!r.text.contains(internal), "{internal} in:\n{}", r.text);
    }
    // In English for an admin who reads English.
    bot.say(ADMIN, "/language en");
    let r = bot.say(ADMIN, "/audit");
    assert!(
        r.text.contains("notice #1 to Bản Đông: 3 recipients")
            && r.text
                .contains("Bản Đông, criterion giao_thong: In progress → Met"),
        "{}",
        r.text
    );
    let r = bot.say("telegram:5000", "/audit");
    assert!(
        r.text.contains("chỉ dành cho cán bộ quản trị"),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn statistics_for_admins() {
    let bot = Bot::new();
    let channel = std::sync::Arc::new(FakeChannel::blocking(&["telegram:5001"]));
    bot.villagers(3, 5000, "dong");
    bot.villagers(1, 6000, "he");
    bot.say("zalo:77", "/dangky he");
    bot.say("telegram:5000", "con bò nhà tôi bị ốm");
    bot.say("telegram:5000", "ban dong dat may tieu chi");
    bot.say(HEAD, "/thongbao Họp");
    bot.press(HEAD, "bcy");
    bot.worker(channel).drain().await.unwrap();

    let r = bot.say(ADMIN, "/thongke");
    assert!(r.text.contains("Người dùng: 7"), "{}", r.text);
    assert!(
        r.text.contains("• Bản Đông: Telegram 2"),
        "blocked one not counted: {}",
        r.text
    );
    assert!(
        r.text.contains("• Bản He: Telegram 1, Zalo 1"),
        "{}",
        r.text
    );
    assert!(
        r.text
            .contains("Thông báo 30 ngày qua: 1 · đã gửi 2 · đã chặn bot 1 · lỗi 0"),
        "{}",
        r.text
    );
    assert!(r.text.contains("Đăng ký nhận tin:"), "{}", r.text);
    assert!(r.text.contains("“con bò nhà tôi bị ốm”"), "{}", r.text);
    assert!(
        !r.text.contains("telegram:5000"),
        "no ids next to questions"
    );
    let r = bot.say("telegram:5000", "/thongke");
    assert!(r.text.contains("chỉ dành cho cán bộ quản trị"));
}

#[tokio::test]
async fn backup_then_restore_gives_everything_back() {
    let bot = Bot::new();
    let channel = std::sync::Arc::new(FakeChannel::blocking(&["telegram:5002"]));
    bot.villagers(5, 5000, "dong");
    bot.press("telegram:5000", "lang:en");
    bot.say(HEAD, "/thongbao Họp bản");
    bot.press(HEAD, "bcy");
    bot.worker(channel).drain().await.unwrap();
    bot.press(HEAD, "ss:dong:dien:n");

    let file = bot.dir.path().join("backup.jsonl");
    let stats = loaban::service::control::write_backup(&bot.app.store, &file).unwrap();
    assert!(stats.records > 80 && stats.bytes > 10_000, "{stats:?}");

    let other = Bot::new();
    // A used store is not overwritten without --force.
    let mut input = std::io::BufReader::new(std::fs::File::open(&file).unwrap());
    let err = other.app.store.restore(&mut input, false).unwrap_err();
    assert!(err.to_string().contains("--force"), "{err}");
    let mut input = std::io::BufReader::new(std::fs::File::open(&file).unwrap());
    other.app.store.restore(&mut input, true).unwrap();

    let (a, b) = (&bot.app.store, &other.app.store);
    assert_eq!(a.export_content().unwrap(), b.export_content().unwrap());
    assert_eq!(a.all_users().unwrap(), b.all_users().unwrap());
    assert_eq!(
        a.all_subscriptions().unwrap(),
        b.all_subscriptions().unwrap()
    );
    let anns = a.recent_announcements(10, |_| true).unwrap();
    assert_eq!(anns, b.recent_announcements(10, |_| true).unwrap());
    assert_eq!(
        a.deliveries(anns[0].id).unwrap(),
        b.deliveries(anns[0].id).unwrap()
    );
    assert_eq!(
        a.audit_since(chrono::DateTime::UNIX_EPOCH, 1000).unwrap(),
        b.audit_since(chrono::DateTime::UNIX_EPOCH, 1000).unwrap()
    );
    assert_eq!(b.delivery_counts(anns[0].id).unwrap().blocked, 1);
    assert_eq!(
        b.user("telegram:5000").unwrap().unwrap().locale,
        Some(loaban::i18n::Locale::En)
    );
}

#[test]
fn backup_and_restore_through_the_binary_and_bad_files() {
    let bot = Bot::new();
    bot.villagers(4, 5000, "he");
    let cfg = bot.config_path.to_str().unwrap().to_string();
    bot.app.store.flush().unwrap();
    let dir = bot.dir.path().to_path_buf();
    let Bot { app, dir: tmp, .. } = bot;
    drop(app);
    let file = dir.join("b.jsonl");
    let (code, out, err) = loaban(&["backup", file.to_str().unwrap(), "--config", &cfg]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("backup written"), "{out}");

    // Into a fresh data_dir.
    let cfg2 = dir.join("config2.toml");
    std::fs::write(&cfg2, support::config_text(&dir.join("data2"))).unwrap();
    let (code, out, err) = loaban(&[
        "restore",
        file.to_str().unwrap(),
        "--config",
        cfg2.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("restored"), "{out}");
    let (code, out, _) = loaban(&["stats", "--config", cfg2.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("• Bản He: Telegram 4"), "{out}");
    // Again without --force: refused, nothing changed.
    let (code, _, err) = loaban(&[
        "restore",
        file.to_str().unwrap(),
        "--config",
        cfg2.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("--force"), "{err}");
    // A file that is not a backup.
    let junk = dir.join("junk.jsonl");
    std::fs::write(&junk, "hello\n").unwrap();
    let (code, _, err) = loaban(&[
        "restore",
        junk.to_str().unwrap(),
        "--force",
        "--config",
        cfg2.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("line 1: not a Loa Bản backup"), "{err}");
    let (_, out, _) = loaban(&["stats", "--config", cfg2.to_str().unwrap()]);
    assert!(
        out.contains("• Bản He: Telegram 4"),
        "unchanged after a bad restore: {out}"
    );
    drop(tmp);
}

#[test]
fn a_store_from_a_newer_version_is_refused() {
    let bot = Bot::new();
    let file = bot.dir.path().join("b.jsonl");
    loaban::service::control::write_backup(&bot.app.store, &file).unwrap();
    // The same backup, but claiming the store layout is version 99.
    let text = std::fs::read_to_string(&file).unwrap();
    let key = "736368656d615f76657273696f6e"; // "schema_version"
    let body: String = text
        .lines()
        .filter(|l| !l.contains("loaban_backup_end"))
        .map(|l| {
            if l.contains(key) {
                let current = format!("\"v\":\"{:08x}\"", loaban::store::SCHEMA_VERSION);
                l.replace(&current, "\"v\":\"00000063\"")
                    + "
"
            } else {
                l.to_string() + "\n"
            }
        })
        .collect();
    assert!(!text.starts_with(&body));
    // The forger also rewrites the end line to match.
    use sha2::Digest;
    let records = body.lines().count() - 1;
    let sha = hex::encode(sha2::Sha256::digest(body.as_bytes()));
    let forged =
        format!("{body}{{\"loaban_backup_end\":{{\"records\":{records},\"sha256\":\"{sha}\"}}}}\n");
    std::fs::write(&file, forged).unwrap();
    let mut input = std::io::BufReader::new(std::fs::File::open(&file).unwrap());
    bot.app.store.restore(&mut input, true).unwrap();
    let cfg = bot.config_path.clone();
    bot.app.store.flush().unwrap();
    let Bot { app, dir, .. } = bot;
    drop(app);
    let err = loaban::service::open(&cfg).err().expect("refused");
    let all = format!("{err:#}");
    assert!(all.contains("schema version 99"), "{all}");
    let (code, _, stderr) = loaban(&["console", "--json", "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("schema version 99") && stderr.contains("upgrade loaban"),
        "{stderr}"
    );
    drop(dir);
}

#[test]
fn check_config_says_what_changes_and_removed_hamlets_keep_subscribers() {
    let bot = Bot::new();
    bot.villagers(2, 5000, "na_lai");
    let cfg = bot.config_path.clone();
    bot.app.store.flush().unwrap();
    let Bot { app, dir, .. } = bot;
    drop(app);
    // The admin removes Bản Nà Lại, adds a head to Bản Đông and an admin.
    let text = std::fs::read_to_string(&cfg).unwrap();
    let cut = text.find("[[hamlets]]\nid = \"na_lai\"").unwrap();
    let edited = text[..cut]
        .replace(
            "heads = [\"telegram:1001\"]",
            "heads = [\"telegram:1001\", \"telegram:1004\"]",
        )
        .replace(
            "admins = [\"telegram:9001\", \"console:admin\"]",
            "admins = [\"telegram:9001\", \"telegram:9002\", \"console:admin\"]",
        );
    std::fs::write(&cfg, edited).unwrap();
    let (code, out, err) = loaban(&["check-config", "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    for want in [
        "OK",
        "admin gained: telegram:9002",
        "head of dong gained: telegram:1004",
        "hamlet removed: na_lai (Bản Nà Lại)",
        "hamlet na_lai is not in this config but has 2 subscriber(s)",
        "loaban delete-hamlet na_lai --yes",
    ] {
        assert!(out.contains(want), "{want} in:\n{out}");
    }
    // Restart with the new config: the subscribers are still there, changes audited.
    let app = loaban::service::open(&cfg).unwrap();
    assert_eq!(app.store.subscribers_of("na_lai").unwrap().len(), 2);
    // The admin reads the changes in the audit log in their language, without a word of
    // the other one.
    let bot = Bot {
        dir,
        config_path: cfg.clone(),
        app,
    };
    let vi = bot.say(ADMIN, "/nhatky").text;
    for want in [
        "cấu hình · thêm quản trị viên telegram:9002",
        "thêm trưởng Bản Đông: telegram:1004",
        "bỏ Bản Nà Lại khỏi cấu hình",
    ] {
        assert!(vi.contains(want), "{want} in:\n{vi}");
    }
    for english in [
        "gained", "lost", "added", "removed", "hamlet", "head", "role", "config",
    ] {
        assert!(!vi.contains(english), "{english} in:\n{vi}");
    }
    bot.press(ADMIN, "lang:en");
    let en = bot.say(ADMIN, "/audit").text;
    for want in [
        "config · admin added: telegram:9002",
        "head of Bản Đông added: telegram:1004",
        "Bản Nà Lại removed from the config",
    ] {
        assert!(en.contains(want), "{want} in:\n{en}");
    }
    for vietnamese in ["thêm", "bỏ", "cấu hình", "trưởng"] {
        assert!(!en.contains(vietnamese), "{vietnamese} in:\n{en}");
    }
    bot.app.store.flush().unwrap();
    let Bot { app, dir, .. } = bot;
    drop(app);
    let (_, out, _) = loaban(&["check-config", "--config", cfg.to_str().unwrap()]);
    assert!(!out.contains("admin gained"), "applied now: {out}");
    // Deleting needs --yes, and only for hamlets no longer configured.
    let (code, out, _) = loaban(&["delete-hamlet", "na_lai", "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("2 subscriber(s)"), "{out}");
    let (code, _, err) = loaban(&[
        "delete-hamlet",
        "dong",
        "--yes",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("still in the config"), "{err}");
    let (code, out, err) = loaban(&[
        "delete-hamlet",
        "na_lai",
        "--yes",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("deleted 2"), "{out}");
    let (_, out, _) = loaban(&["audit", "--config", cfg.to_str().unwrap()]);
    assert!(out.contains("xóa 2 lượt đăng ký của bản na_lai"), "{out}");
    drop(dir);
}

#[test]
fn the_systemd_unit_has_what_a_service_needs() {
    let unit = std::fs::read_to_string(support::repo().join("deploy/loaban.service")).unwrap();
    for want in [
        "User=loaban",
        "StateDirectoryMode=0700",
        "UMask=0077",
        "Restart=on-failure",
        "KillSignal=SIGTERM",
        "EnvironmentFile=/etc/loaban/env",
        "Environment=RUST_LOG=",
        "ExecStart=/usr/local/bin/loaban run --config /etc/loaban/config.toml",
        "WantedBy=multi-user.target",
    ] {
        assert!(unit.contains(want), "{want}");
    }
    assert!(!unit.contains("TELOXIDE_TOKEN="), "no token in the unit");
    // Where systemd is installed, let it parse the unit; the binary is not installed here,
    // so complaints about the missing executable are expected and nothing else is.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loaban.service");
    std::fs::write(&path, &unit).unwrap();
    if let Ok(out) = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
    {
        let text = String::from_utf8_lossy(&out.stderr).into_owned()
            + &String::from_utf8_lossy(&out.stdout);
        let other: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.contains("is not executable"))
            .collect();
        assert!(other.is_empty(), "systemd-analyze verify: {other:?}");
    }
}

#[test]
fn a_token_in_the_config_is_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let text = format!(
        "{}\n[telegram]\ntoken = \"SECRETNOCOLON\"\nbogus = 1\n",
        support::config_text(&dir.path().join("data"))
    );
    std::fs::write(&path, text).unwrap();
    let (code, out, err) = loaban(&["check-config", "--config", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        !out.contains("SECRETNOCOLON") && !err.contains("SECRETNOCOLON"),
        "{out}{err}"
    );
}
