//! Every message exists in every locale with the same variables, and every key the code
//! uses exists.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use loaban::i18n::{I18n, Locale};

fn load() -> I18n {
    I18n::load(&support::repo().join("locales")).expect("locales load")
}

#[test]
fn every_key_in_every_locale_with_the_same_variables() {
    let i18n = load();
    let vars = i18n.variables();
    let vi = &vars[&Locale::Vi];
    let en = &vars[&Locale::En];
    let vi_keys: BTreeSet<_> = vi.keys().collect();
    let en_keys: BTreeSet<_> = en.keys().collect();
    assert_eq!(
        vi_keys.symmetric_difference(&en_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys only in one locale"
    );
    for (key, v) in vi {
        assert_eq!(v, &en[key], "variables of {key} differ between vi and en");
    }
    assert!(vi.len() > 100, "{} keys", vi.len());
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// String literals in the core and delivery that look like message keys ("btn-menu").
fn keys_used_in_code() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(&support::repo().join("src/core"), &mut files);
    rust_files(&support::repo().join("src/delivery"), &mut files);
    let mut keys = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for lit in text.split('"').skip(1).step_by(2) {
            let looks_like_key = lit.contains('-')
                && lit.starts_with(|c: char| c.is_ascii_lowercase())
                && lit
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_');
            if looks_like_key {
                keys.insert(lit.to_string());
            }
        }
    }
    for s in ["met", "in_progress", "not_met"] {
        keys.insert(format!("status-{s}"));
    }
    keys
}

#[test]
fn every_key_the_code_uses_exists() {
    let i18n = load();
    let known = &i18n.variables()[&Locale::Vi];
    let used = keys_used_in_code();
    assert!(used.len() > 80, "found {} keys in code", used.len());
    let missing: Vec<_> = used.iter().filter(|k| !known.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "keys used in code but missing: {missing:?}"
    );
}

#[test]
fn no_isolation_marks_and_fallback_to_vietnamese() {
    let i18n = load();
    let s = i18n.t(Locale::En, "subscribed", &[("hamlets", "Bản Đông".into())]);
    assert_eq!(s, "✅ You will get notices from Bản Đông.");
    assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'));
    // A key missing everywhere comes back as itself, not as a panic or an empty string.
    assert_eq!(i18n.t(Locale::En, "no-such-key", &[]), "no-such-key");
}

#[test]
fn plurals_in_english() {
    let i18n = load();
    let one = i18n.t(
        Locale::En,
        "my-subscriptions",
        &[("count", 1usize.into()), ("hamlets", "Bản He".into())],
    );
    let two = i18n.t(
        Locale::En,
        "my-subscriptions",
        &[("count", 2usize.into()), ("hamlets", "A, B".into())],
    );
    assert!(one.contains("one hamlet"), "{one}");
    assert!(two.contains("2 hamlets"), "{two}");
}

#[test]
fn a_broken_locale_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    for l in ["vi", "en"] {
        std::fs::create_dir(dir.path().join(l)).unwrap();
        std::fs::write(dir.path().join(l).join("a.ftl"), "ok = fine\n").unwrap();
    }
    std::fs::write(dir.path().join("en/a.ftl"), "ok = fine\nbroken = { $x\n").unwrap();
    let err = I18n::load(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("en/a.ftl:") && err.contains("Fluent syntax error"),
        "{err}"
    );
}

/// Zalo shows choices as numbers to type, Telegram as buttons: the bot's words say "choose",
/// never "press a button", so they fit both messengers.
#[test]
fn no_message_tells_the_reader_to_press_a_button() {
    let files = ["vi", "en"].into_iter().flat_map(|locale| {
        std::fs::read_dir(support::repo().join(format!("locales/{locale}")))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
    });
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            // The words, not the key (`error-stale-button = …`).
            let words = match line.split_once(" = ") {
                Some((key, value)) if !key.starts_with(' ') => value,
                _ => line,
            };
            let lower = words.to_lowercase();
            for word in ["bấm", "nút", "press", "button", "tap "] {
                assert!(
                    !lower.contains(word),
                    "{}:{}: `{word}` does not fit Zalo: {line}",
                    path.display(),
                    i + 1
                );
            }
        }
    }
}

/// "1 most recent entries", "send again in 1 seconds": every English message, with any one
/// of its variables 1 (the others a word), says "1 thing", never "1 things". (Vietnamese
/// has no plural.)
#[test]
fn english_says_one_thing_not_one_things() {
    let i18n = load();
    // Words ending in s that are not plurals, and words that may stand between the number
    // and its noun ("1 most recent entries", "1 loan programmes").
    let not_plural = [
        "is", "was", "has", "does", "takes", "goes", "this", "its", "status", "yes", "plus",
    ];
    let between = ["most", "recent", "more", "new", "loan", "criteria"];
    let mut wrong = Vec::new();
    for (key, vars) in &i18n.variables()[&Locale::En] {
        for one in vars {
            let args: Vec<(&str, loaban::i18n::Arg)> = vars
                .iter()
                .map(|v| {
                    let arg = if v == one { 1usize.into() } else { "X".into() };
                    (v.as_str(), arg)
                })
                .collect();
            let text = i18n.t(Locale::En, key, &args);
            let words: Vec<&str> = text
                .split(|c: char| c.is_whitespace() || "()[]{}·—“”\"'".contains(c))
                .filter(|w| !w.is_empty())
                .collect();
            for (i, w) in words.iter().enumerate() {
                if *w != "1" {
                    continue;
                }
                let noun = words[i + 1..]
                    .iter()
                    .map(|w| {
                        w.trim_end_matches(['.', ',', ';', ':', '!', '?'])
                            .to_lowercase()
                    })
                    .find(|w| !between.contains(&w.as_str()));
                if let Some(noun) = noun
                    && noun.len() > 2
                    && noun.ends_with('s')
                    && !not_plural.contains(&noun.as_str())
                {
                    wrong.push(format!("{key} (${one} = 1): “1 … {noun}” in {text:?}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "plurals after 1:\n{}", wrong.join("\n"));
}

/// The kinds of request `/thongke` counts (`request_kind` in `src/core/mod.rs`).
fn request_kinds() -> Vec<String> {
    let code = std::fs::read_to_string(support::repo().join("src/core/mod.rs")).unwrap();
    let start = code
        .find("fn request_kind(")
        .expect("request_kind in src/core/mod.rs");
    let body = &code[start..];
    let body = &body[..body.find("\n}\n").expect("end of request_kind")];
    body.split("=> \"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// `/thongke`'s "most asked" names every kind of request in words, never by its internal
/// name (`notice_report: 1`).
#[test]
fn every_kind_of_request_the_statistics_count_has_words() {
    let i18n = load();
    let kinds = request_kinds();
    assert!(kinds.len() > 60, "found {} kinds", kinds.len());
    for locale in [Locale::Vi, Locale::En] {
        let known = &i18n.variables()[&locale];
        let missing: Vec<String> = kinds
            .iter()
            .map(|k| format!("kind-{}", k.replace('_', "-")))
            .filter(|key| !known.contains_key(key))
            .collect();
        assert!(missing.is_empty(), "{locale:?}: no words for {missing:?}");
    }
}

/// The top-level arguments of the call whose `(` is at the start of `text`.
fn call_args(text: &str) -> Vec<String> {
    let mut args = vec![String::new()];
    let mut depth = 0;
    let mut in_str = false;
    for c in text.chars() {
        match c {
            '"' => in_str = !in_str,
            '(' | '[' | '{' if !in_str => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            ')' | ']' | '}' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if !in_str && depth == 1 => {
                args.push(String::new());
                continue;
            }
            _ => {}
        }
        args.last_mut().unwrap().push(c);
    }
    args.into_iter().map(|a| a.trim().to_string()).collect()
}

/// The first string of each match arm's tuple in `code` (`X => ("correct", …)`).
fn arm_literals(code: &str) -> Vec<String> {
    code.split("=> (")
        .skip(1)
        .filter_map(|rest| {
            let rest = rest.trim_start().strip_prefix('"')?;
            Some(rest[..rest.find('"')?].to_string())
        })
        .collect()
}

/// Every audit action the library writes, with whether it carries arguments: the second
/// argument of each `audit(…)` / `audit_args(…)` call outside tests, or, when that is a
/// variable, the actions its `match` arms give (in the same file, else `RoleChange::audit`).
fn audit_actions() -> BTreeSet<(String, bool)> {
    let mut files = Vec::new();
    rust_files(&support::repo().join("src"), &mut files);
    let ops = std::fs::read_to_string(support::repo().join("src/core/ops.rs")).unwrap();
    let roles = &ops[ops.find("pub fn audit(&self)").unwrap()..];
    let roles = &roles[..roles.find("\n    }\n").unwrap()];
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (call, with_args) in [(".audit_args(", true), (".audit(", false)] {
            for (i, _) in code.match_indices(call) {
                let args = call_args(&code[i + call.len() - 1..]);
                let Some(action) = args.get(1) else { continue };
                if let Some(lit) = action.strip_prefix('"') {
                    out.insert((lit.trim_end_matches('"').to_string(), with_args));
                } else {
                    let arms = arm_literals(code);
                    let arms = if arms.is_empty() {
                        arm_literals(roles)
                    } else {
                        arms
                    };
                    for a in arms {
                        out.insert((a, with_args));
                    }
                }
            }
        }
    }
    out
}

/// The audit log (`/nhatky`) an admin reads says every action in words: an entry with
/// arguments through `audit-<action>`, one without through `audit-action-<action>` — never
/// `correct · id=5 of=1` (internal names and keys).
#[test]
fn every_audit_action_has_words() {
    let i18n = load();
    let known = &i18n.variables()[&Locale::Vi];
    let actions = audit_actions();
    assert!(actions.len() > 15, "{actions:?}");
    let missing: Vec<String> = actions
        .iter()
        .map(|(a, with_args)| {
            let prefix = if *with_args {
                "audit-"
            } else {
                "audit-action-"
            };
            format!("{prefix}{}", a.replace('_', "-"))
        })
        .filter(|k| !known.contains_key(k))
        .collect();
    assert!(
        missing.is_empty(),
        "audit actions without words: {missing:?}"
    );
}

#[test]
fn the_audit_scan_reads_calls_and_arms() {
    assert_eq!(
        call_args(r#"(&ctx.user, "remind", &[("id", id.to_string())])?;"#),
        ["&ctx.user", r#""remind""#, r#"&[("id", id.to_string())]"#]
    );
    assert_eq!(
        arm_literals(r#"A => ("correct", "k"), B => ("withdraw", "k"), C => x"#),
        ["correct", "withdraw"]
    );
}
