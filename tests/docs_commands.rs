//! The operator's documents against the real command line and the shipped units: every
//! `loaban …` line an operator is told to type parses, names the config and runs as the
//! service user, and the several-communes unit says what the one-commune unit says.

use std::path::Path;
use std::process::Command;

/// The documents whose commands an operator types on the machine that runs the bot.
const OPERATOR_DOCS: &[&str] = &[
    "docs/operators-guide.md",
    "docs/zalo.md",
    "docs/telegram.md",
];

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Lines inside ```sh fences.
fn shell_lines(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in markdown.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            inside = !inside && trimmed == "```sh";
            continue;
        }
        if inside {
            out.push(trimmed.to_string());
        }
    }
    out
}

/// Replaces each `$(…)` with a plain word, so a substitution inside a path stays one word.
fn without_substitutions(line: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek() == Some(&'(') {
            chars.next();
            depth += 1;
            if depth == 1 {
                out.push_str("SUB");
            }
        } else if depth > 0 {
            if c == '(' {
                depth += 1;
            } else if c == ')' {
                depth -= 1;
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn is_program(word: &str) -> bool {
    word == "loaban" || word == "/usr/local/bin/loaban" || word.ends_with("target/release/loaban")
}

/// One `loaban` invocation found in a document line.
#[derive(Debug)]
struct Invocation {
    line: String,
    /// The words before the program (`sudo -u loaban …`).
    before: Vec<String>,
    /// The arguments after it.
    args: Vec<String>,
}

/// Every `loaban SUBCOMMAND …` in a line, told apart from the user name (`-u loaban`,
/// `-o loaban`, a cron line's user field) and from paths given to other tools.
fn invocations(line: &str) -> Vec<Invocation> {
    let words: Vec<String> = without_substitutions(line)
        .split_whitespace()
        .map(|w| w.trim_matches(|c| c == '\'' || c == '"').to_string())
        .collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if !is_program(word) {
            continue;
        }
        if i > 0 && matches!(words[i - 1].as_str(), "-u" | "-o" | "-g" | "--now") {
            continue;
        }
        let Some(next) = words.get(i + 1) else {
            continue;
        };
        if is_program(next) || next.starts_with('/') || next.starts_with('#') {
            continue;
        }
        let args: Vec<String> = words[i + 1..]
            .iter()
            .take_while(|w| !w.starts_with('#') && !matches!(w.as_str(), ">" | ">>" | "|"))
            .cloned()
            .collect();
        found.push(Invocation {
            line: line.to_string(),
            before: words[..i].to_vec(),
            args,
        });
    }
    found
}

#[test]
fn every_documented_command_parses_names_the_config_and_runs_as_the_service_user() {
    let mut checked = 0;
    for doc in OPERATOR_DOCS {
        for line in shell_lines(&read(doc)) {
            for inv in invocations(&line) {
                checked += 1;
                let config = inv.args.iter().position(|a| a == "--config");
                let config_path = config.and_then(|i| inv.args.get(i + 1));
                assert!(
                    config_path.is_some_and(|p| p.starts_with("/etc/loaban/")),
                    "{doc}: `{}` does not name --config /etc/loaban/…",
                    inv.line
                );
                let cron_or_sudo = inv.before.windows(2).any(|w| w == ["-u", "loaban"])
                    || inv.before.last().is_some_and(|w| w == "loaban");
                assert!(
                    cron_or_sudo,
                    "{doc}: `{}` does not run as the service user (sudo -u loaban)",
                    inv.line
                );
                // clap rejects an unknown subcommand, flag or extra argument before it
                // reaches --help; a line that parses prints the subcommand's help.
                let out = Command::new(env!("CARGO_BIN_EXE_loaban"))
                    .args(&inv.args)
                    .arg("--help")
                    .output()
                    .expect("run loaban");
                assert!(
                    out.status.success(),
                    "{doc}: `{}` is not a valid loaban command line:\n{}",
                    inv.line,
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
    }
    // The guide shows at least install, config, content, backup, restore and upgrade commands.
    assert!(
        checked >= 20,
        "only {checked} loaban commands found in the docs"
    );
}

#[test]
fn a_misspelt_command_line_is_caught() {
    // The check above would pass vacuously if clap accepted anything before --help.
    for bad in [
        "sudo -u loaban loaban stat --config /etc/loaban/config.toml",
        "sudo -u loaban loaban backup --confg /etc/loaban/config.toml",
        "sudo -u loaban loaban stats extra --config /etc/loaban/config.toml",
    ] {
        let inv = invocations(bad).pop().expect("an invocation");
        let out = Command::new(env!("CARGO_BIN_EXE_loaban"))
            .args(&inv.args)
            .arg("--help")
            .output()
            .expect("run loaban");
        assert!(!out.status.success(), "`{bad}` was accepted");
    }
}

#[test]
fn invocations_are_told_apart_from_user_names_and_paths() {
    let cron = "echo '0 2 * * * loaban /usr/local/bin/loaban backup /var/lib/loaban/backups/loaban-$(date +\\%a).jsonl --config /etc/loaban/config.toml' > /etc/cron.d/loaban";
    let found = invocations(cron);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].args,
        [
            "backup",
            "/var/lib/loaban/backups/loaban-SUB.jsonl",
            "--config",
            "/etc/loaban/config.toml"
        ]
    );
    assert_eq!(found[0].before.last().map(String::as_str), Some("loaban"));
    for not_one in [
        "useradd --system --home-dir /var/lib/loaban --shell /usr/sbin/nologin loaban",
        "install -m 755 target/release/loaban /usr/local/bin/loaban",
        "cp /usr/local/bin/loaban /usr/local/bin/loaban.previous",
        "journalctl -u loaban -f",
        "systemctl disable --now loaban",
        "install -d -o loaban -g loaban -m 700 /var/lib/loaban",
    ] {
        assert!(invocations(not_one).is_empty(), "{not_one}");
    }
    let sudo = invocations(
        "sudo -u loaban --preserve-env=ZALO_APP_SECRET_KEY loaban zalo-auth code X --config /etc/loaban/config.toml",
    );
    assert_eq!(sudo[0].args[..3], ["zalo-auth", "code", "X"]);
}

/// The unit's `[Service]` lines with the commune's part of each path taken out.
fn service_lines(unit: &str, instance_paths: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_service = false;
    for line in unit.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_service = line == "[Service]";
            continue;
        }
        if !in_service || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = if instance_paths {
            line.replace("/%i/", "/")
                .replace("/%i", "")
                .replace("loaban/%i", "loaban")
                .replace("loaban@%i", "loaban")
        } else {
            line.to_string()
        };
        lines.push(line);
    }
    lines
}

#[test]
fn the_template_unit_runs_each_commune_like_the_single_unit_runs_one() {
    let single = read("deploy/loaban.service");
    let template = read("deploy/loaban@.service");
    assert_eq!(
        service_lines(&template, true),
        service_lines(&single, false),
        "deploy/loaban@.service and deploy/loaban.service differ in more than the commune's paths"
    );
    // And the commune's part is in every path that must be its own.
    for key in [
        "WorkingDirectory=/var/lib/loaban/%i",
        "EnvironmentFile=/etc/loaban/%i/env",
        "ExecStartPre=/usr/local/bin/loaban check-config --config /etc/loaban/%i/config.toml",
        "ExecStart=/usr/local/bin/loaban run --config /etc/loaban/%i/config.toml",
        "StateDirectory=loaban/%i",
        "ReadWritePaths=/var/lib/loaban/%i",
    ] {
        assert!(
            template.lines().any(|l| l.trim() == key),
            "deploy/loaban@.service lacks `{key}`"
        );
    }
}

#[test]
fn the_units_commands_are_valid_loaban_command_lines() {
    for unit in ["deploy/loaban.service", "deploy/loaban@.service"] {
        for line in read(unit).lines() {
            let Some(cmd) = line
                .strip_prefix("ExecStartPre=")
                .or_else(|| line.strip_prefix("ExecStart="))
            else {
                continue;
            };
            let words: Vec<&str> = cmd.split_whitespace().collect();
            assert_eq!(words[0], "/usr/local/bin/loaban", "{unit}: {line}");
            let out = Command::new(env!("CARGO_BIN_EXE_loaban"))
                .args(&words[1..])
                .arg("--help")
                .output()
                .expect("run loaban");
            assert!(out.status.success(), "{unit}: `{line}` does not parse");
        }
    }
}

/// The README stays a short page for users (what the bot is, the quick start, what each role
/// can do, links) with the detail in docs/, and every relative link in it and in docs/
/// names a file that is in the repository.
#[test]
fn the_readme_is_short_and_every_link_resolves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = read("README.md");
    let lines = readme.lines().count();
    assert!(
        lines <= 200,
        "README.md has {lines} lines; move the detail into docs/"
    );
    let mut docs = vec![root.join("README.md")];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            docs.push(p);
        }
    }
    let mut broken = Vec::new();
    for doc in &docs {
        let text = std::fs::read_to_string(doc).unwrap();
        for link in text.split("](").skip(1) {
            let Some(end) = link.find(')') else { continue };
            let target = link[..end].split('#').next().unwrap();
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            if !doc.parent().unwrap().join(target).exists() {
                broken.push(format!("{}: {target}", doc.display()));
            }
        }
    }
    assert!(broken.is_empty(), "links to nothing: {broken:?}");
}
