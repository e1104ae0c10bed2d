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
fn promotion_settings_are_checked_with_their_field() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}\n[zalo]\napp_id = \"4242\"\npromotion_fallback = true\npromotion_monthly_quota = 0\n\
         promotion_hours = \"22:00-08:00\"\n",
        support::config_text(&dir.path().join("data"))
    );
    let path = write(dir.path(), &text);
    let (code, out, _) = loaban(&["check-config", "--config", &path]);
    assert_eq!(code, 1, "{out}");
    let start = text.lines().position(|l| l == "[zalo]").unwrap() + 1;
    for (offset, field) in [
        (3, "zalo.promotion_monthly_quota"),
        (4, "zalo.promotion_hours"),
    ] {
        let want = format!("{path}:{}: {field}:", start + offset);
        assert!(out.contains(&want), "{want} in {out}");
    }
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

/// The keys `config.toml` shows, set or commented out (`# key = value`), by section ("" for
/// the top level, "hamlets" for `[[hamlets]]`), with the value it shows.
fn documented_keys(text: &str) -> Vec<(String, String, toml::Value)> {
    let mut section = String::new();
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let line = line.strip_prefix('#').map_or(line, str::trim);
        if let Some(name) = line
            .strip_prefix("[[")
            .and_then(|l| l.strip_suffix("]]"))
            .or_else(|| line.strip_prefix('[').and_then(|l| l.strip_suffix(']')))
        {
            if name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                section = name.to_string();
            }
            continue;
        }
        // A line that is a TOML assignment on its own; prose does not parse as one.
        if let Ok(table) = line.parse::<toml::Table>()
            && let Some((key, value)) = table.into_iter().next()
        {
            out.push((section.clone(), key, value));
        }
    }
    out
}

/// Every key of every config struct (found by serialising a config with every optional
/// value set), as (section, key, default value if it has one).
fn every_key() -> Vec<(String, String, Option<toml::Value>)> {
    use loaban::config::{Config, HamletConfig};
    let defaults: Config = toml::from_str("data_dir = \"d\"\n[zalo]\napp_id = \"1\"").unwrap();
    let default_table = toml::Table::try_from(&defaults).unwrap();
    let mut full = defaults.clone();
    full.telegram.token = Some("1:x".into());
    full.telegram.api_url = Some("http://x".into());
    let zalo = full.zalo.as_mut().unwrap();
    for secret in [
        &mut zalo.app_secret_key,
        &mut zalo.oa_secret_key,
        &mut zalo.access_token,
        &mut zalo.refresh_token,
    ] {
        *secret = Some("x".into());
    }
    full.hamlets.push(HamletConfig {
        id: "x".into(),
        name: "X".into(),
        heads: vec!["console:x".into()],
        aliases: vec!["x".into()],
    });
    let mut out = Vec::new();
    for (key, value) in toml::Table::try_from(&full).unwrap() {
        let inner = match &value {
            toml::Value::Table(t) => Some(t.clone()),
            toml::Value::Array(a) => a.first().and_then(|v| v.as_table().cloned()),
            _ => None,
        };
        match inner {
            Some(table) => {
                let default_section = default_table.get(&key).and_then(|v| v.as_table());
                for (k, _) in table {
                    let default = default_section.and_then(|t| t.get(&k)).cloned();
                    out.push((key.clone(), k, default));
                }
            }
            None => out.push((String::new(), key.clone(), default_table.get(&key).cloned())),
        }
    }
    out
}

fn same(a: &toml::Value, b: &toml::Value) -> bool {
    match (a.as_float().or(a.as_integer().map(|i| i as f64)), b) {
        (Some(x), b) if b.is_float() || b.is_integer() => {
            Some(x) == b.as_float().or(b.as_integer().map(|i| i as f64))
        }
        _ => a == b,
    }
}

#[test]
fn config_toml_documents_every_key_with_its_default() {
    let text = std::fs::read_to_string(support::repo().join("config.toml")).unwrap();
    let documented = documented_keys(&text);
    let keys = every_key();
    assert!(keys.len() > 30, "{keys:?}");
    // Required or list-valued keys show an example, not a default.
    let examples = [("", "data_dir"), ("", "admins"), ("zalo", "app_id")];
    let mut missing = Vec::new();
    for (section, key, default) in &keys {
        let shown: Vec<&toml::Value> = documented
            .iter()
            .filter(|(s, k, _)| s == section && k == key)
            .map(|(_, _, v)| v)
            .collect();
        if shown.is_empty() {
            missing.push(format!("[{section}] {key}: not in config.toml"));
        } else if let Some(default) = default
            && !examples.contains(&(section.as_str(), key.as_str()))
            && !shown.iter().any(|v| same(v, default))
        {
            missing.push(format!(
                "[{section}] {key}: config.toml shows {shown:?}, the default is {default}"
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // And nothing in config.toml is a key the code does not have.
    for (section, key, _) in &documented {
        assert!(
            keys.iter().any(|(s, k, _)| s == section && k == key),
            "config.toml shows [{section}] {key}, which no config struct has"
        );
    }
}

/// The config tables of the guides (key | default | meaning) as (section, key, default
/// written): a row's keys are its backticked names, after an optional `[section]`; the
/// defaults are the second cell, one per key, in TOML (a backticked word is a string).
/// Cells that are words ("(required)", "Zalo's hosts") give no default.
fn documented_defaults(doc: &str, section: &str) -> Vec<(String, String, toml::Value)> {
    let text = std::fs::read_to_string(support::repo().join(doc)).unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !cells[1].starts_with('`') {
            continue;
        }
        let mut names: Vec<&str> = cells[1].split('`').skip(1).step_by(2).collect();
        let mut section = section.to_string();
        if let Some(first) = names.first()
            && let Some(s) = first.strip_prefix('[').and_then(|s| s.strip_suffix(']'))
        {
            if s.starts_with('[') {
                continue; // [[hamlets]]: no defaults
            }
            section = s.to_string();
            names.remove(0);
        }
        let value = |cell: &str| -> Option<toml::Value> {
            let cell = cell.trim();
            let parsed = toml::from_str::<toml::Table>(&format!("v = {}", cell.trim_matches('`')))
                .ok()
                .and_then(|mut t| t.remove("v"));
            match parsed {
                Some(v) => Some(v),
                None if cell.starts_with('`') && cell.ends_with('`') => {
                    Some(toml::Value::String(cell.trim_matches('`').to_string()))
                }
                None => None,
            }
        };
        let values: Vec<Option<toml::Value>> = if names.len() == 1 {
            vec![value(cells[2])]
        } else {
            cells[2].split(", ").map(value).collect()
        };
        if values.iter().all(Option::is_none) {
            continue;
        }
        assert_eq!(
            values.len(),
            names.len(),
            "{doc}: `{line}` gives {} defaults for {} keys",
            values.len(),
            names.len()
        );
        for (name, v) in names.iter().zip(values) {
            if let Some(v) = v {
                out.push((section.clone(), name.to_string(), v));
            }
        }
    }
    out
}

/// The guides' tables of keys show each default as the code has it (`config/defaults.rs`
/// is where a default is written; a table that drifted would tell operators a wrong one).
#[test]
fn the_guides_show_each_default_as_the_code_has_it() {
    let keys = every_key();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (doc, section) in [
        ("docs/operators-guide.md", ""),
        ("docs/telegram.md", "telegram"),
        ("docs/zalo.md", "zalo"),
    ] {
        for (section, key, shown) in documented_defaults(doc, section) {
            let Some((_, _, default)) = keys.iter().find(|(s, k, _)| *s == section && *k == key)
            else {
                wrong.push(format!("{doc}: [{section}] {key} is not a config key"));
                continue;
            };
            checked += 1;
            match default {
                Some(d) if same(&shown, d) => {}
                _ => wrong.push(format!(
                    "{doc}: [{section}] {key} shows {shown}, the default is {default:?}"
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(checked >= 30, "only {checked} defaults found in the guides");
}
