//! `loaban check-config` and start-up refusal of a bad config, through the built binary.

mod support;

use support::loaban;

use std::path::Path;

fn write(dir: &Path, text: &str) -> String {
    let p = dir.join("config.toml");
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn shipped_config_is_ok() {
    let cfg = support::repo().join("config.toml");
    let (code, out, _) = loaban(&["check-config", "--config", cfg.to_str().unwrap()]);
    assert_eq!((code, out.lines().next()), (0, Some("OK")), "{out}");
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let text = support::config_text(&dir.path().join("data")).replace(
        "default_locale = \"vi\"",
        "default_locale = \"vi\"\nadmin = [\"telegram:1\"]",
    );
    let path = write(dir.path(), &text);
    let (code, out, _) = loaban(&["check-config", "--config", &path]);
    assert_eq!(code, 1);
    assert!(out.contains(&format!("{path}:3: admin:")), "{out}");
    assert!(out.contains("unknown field"), "{out}");
}

#[test]
fn every_problem_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        r#"data_dir = "data"
timezone = "ICT"
locales_dir = "{repo}/locales"
default_content = "{repo}/content/default.toml"
admins = ["telegram:9001", "telegram:@chu_tich"]

[[hamlets]]
id = "Bản Đông"
name = "Bản Đông"
heads = ["1001"]

[[hamlets]]
id = "he"
name = "Bản He"
aliases = ["ban dong"]

[[hamlets]]
id = "he"
name = "Bản He 2"

[store]
cache_mb = 0
"#,
        repo = support::repo().display()
    );
    let path = write(dir.path(), &text);
    let (code, out, _) = loaban(&["check-config", "--config", &path]);
    assert_eq!(code, 1, "{out}");
    for want in [
        format!("{path}:2: timezone:"),
        format!("{path}:5: admins[1]:"),
        format!("{path}:8: hamlets[0].id:"),
        format!("{path}:10: hamlets[0].heads[0]:"),
        format!("{path}:15: hamlets[1].aliases[0]:"),
        format!("{path}:18: hamlets[2].id:"),
        format!("{path}:22: store.cache_mb:"),
    ] {
        assert!(out.contains(&want), "missing {want:?} in:\n{out}");
    }
    assert!(out.contains("usernames"), "explains why ids: {out}");
}

#[test]
fn syntax_error_has_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "data_dir = \"data\"\n[[hamlets]\nid = 1\n");
    let (code, out, _) = loaban(&["check-config", "--config", &path]);
    assert_eq!(code, 1);
    assert!(out.contains(&format!("{path}:2:")), "{out}");
}

#[test]
fn missing_file_is_a_clear_error() {
    let (code, out, _) = loaban(&["check-config", "--config", "/nonexistent/config.toml"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("/nonexistent/config.toml") && out.contains("cannot read"),
        "{out}"
    );
}

#[test]
fn console_refuses_a_bad_config_before_touching_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let text = support::config_text(&data).replace("\"telegram:1001\"", "\"@truongban\"");
    let path = write(dir.path(), &text);
    let (_, check, _) = loaban(&["check-config", "--config", &path]);
    let (code, _, err) = loaban(&["console", "--json", "--config", &path]);
    assert_eq!(code, 1);
    assert!(
        err.contains(check.trim()),
        "same message:\n{err}\nvs\n{check}"
    );
    assert!(!data.exists(), "the store was not created");
}

#[test]
fn missing_locale_and_content_paths_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "data_dir = \"data\"\nlocales_dir = \"nowhere\"\ndefault_content = \"none.toml\"\n",
    );
    let (code, out, _) = loaban(&["check-config", "--config", &path]);
    assert_eq!(code, 1);
    assert!(
        out.contains(":2: locales_dir:") && out.contains(":3: default_content:"),
        "{out}"
    );
}

#[test]
fn a_bad_zalo_section_names_each_field_and_never_echoes_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}\n[zalo]\napp_id = \"my-oa\"\noa_secret_key = \"s3cr3t-value\"\nlisten = \"8088\"\n\
         webhook_path = \"zalo\"\nopenapi_url = \"openapi.zalo.me\"\nrate = 0\naccess_token = \"\"\n",
        support::config_text(&dir.path().join("data"))
    );
    let path = write(dir.path(), &text);
    let (code, out, _) = loaban(&["check-config", "--config", &path]);
    assert_eq!(code, 1, "{out}");
    let start = text.lines().position(|l| l == "[zalo]").unwrap() + 1;
    for (offset, field) in [
        (1, "zalo.app_id"),
        (3, "zalo.listen"),
        (4, "zalo.webhook_path"),
        (5, "zalo.openapi_url"),
        (6, "zalo.rate"),
        (7, "zalo.access_token"),
    ] {
        let want = format!("{path}:{}: {field}:", start + offset);
        assert!(out.contains(&want), "{want} in {out}");
    }
    assert!(!out.contains("s3cr3t-value"), "{out}");
}

#[test]
fn a_zalo_section_without_secrets_passes_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}\n[zalo]\napp_id = \"4242\"\n",
        support::config_text(&dir.path().join("data"))
    );
    let path = write(dir.path(), &text);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args(["check-config", "--config", &path])
        .env_remove("ZALO_OA_SECRET_KEY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("OK"), "{stdout}");
    assert!(
        stdout.contains("note: [zalo]") && stdout.contains("ZALO_OA_SECRET_KEY"),
        "{stdout}"
    );
}

/// A hamlet renamed in the config while the content still names its old id: check-config
/// refuses it, and so does `run` (before touching the store or the network).
#[test]
fn run_refuses_what_check_config_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let text = support::config_text(&dir.path().join("data"))
        .replace("id = \"dong\"", "id = \"dong_moi\"");
    let path = write(dir.path(), &text);
    let (code, out, _) = loaban(&["check-config", "--config", &path]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("dong"), "{out}");
    let problem = out.lines().next().unwrap().to_string();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args(["run", "--config", &path])
        .env("TELOXIDE_TOKEN", "1:x")
        .env("TELOXIDE_API_URL", "http://127.0.0.1:9/")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&problem),
        "same problem `{problem}` in:\n{err}"
    );
    assert!(
        !dir.path().join("data").join("db").exists(),
        "no store created"
    );
}

/// A `data_dir` with no store in it yet (a typo, often): check-config says `run` will
/// create a new, empty one, and opening it warns with the path.
#[test]
fn a_missing_store_is_named_not_quietly_created() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("dta");
    let path = write(dir.path(), &support::config_text(&data));
    let (code, out, _) = loaban(&["check-config", "--config", &path]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!("no store at {} yet", data.display()))
            && out.contains("`run` will create a new, empty one"),
        "{out}"
    );
    let (code, _, err) = loaban(&["stats", "--config", &path]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!(
            "no store at {}: creating a new, empty one",
            data.display()
        )),
        "{err}"
    );
    // Once there, no more warning.
    let (_, _, err) = loaban(&["stats", "--config", &path]);
    assert!(!err.contains("creating a new"), "{err}");
}
