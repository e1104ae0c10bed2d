//! The module graph points down: each top-level module of the library imports only the
//! modules below it, the way `docs/ARCHITECTURE.md` draws them. Also: every module opens
//! with its `//!` purpose, only the store names sled, only the Telegram channel names
//! teloxide, only the Zalo channel knows Zalo's error codes, and the library forbids unsafe
//! code.

use std::path::{Path, PathBuf};

/// The library's top-level modules, lowest first. A module may use those before it.
const LAYERS: &[&str] = &[
    "model", "text", "clock", "private", "lograte", "i18n", "message", "config", "content",
    "store", "core", "delivery", "channels", "service", "eval",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The library module a file belongs to (`src/core/ops.rs` → `core`); `None` for the
/// binary (`main.rs`, `cli/`) and `lib.rs`.
fn module_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    match name {
        "main" | "lib" | "cli" => None,
        other => Some(other.to_string()),
    }
}

/// The code of a file without its comments (line comments only: the code base uses no
/// block comments), so prose naming a module does not count as an import.
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every top-level module named after `crate::` (`crate::store::X`, `crate::{core, text}`).
fn uses(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

fn library_files() -> Vec<(PathBuf, String, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|f| {
            let module = module_of(&f)?;
            let text = std::fs::read_to_string(&f).unwrap();
            Some((f, module, text))
        })
        .collect()
}

#[test]
fn every_import_points_down() {
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut upward = Vec::new();
    for (file, module, text) in library_files() {
        let own = rank(&module)
            .unwrap_or_else(|| panic!("{}: module `{module}` is not in LAYERS", file.display()));
        for used in uses(&code(&text)) {
            let Some(theirs) = rank(&used) else { continue };
            if theirs > own {
                upward.push(format!(
                    "{}: `{module}` uses `crate::{used}`",
                    file.display()
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports pointing up:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_check_sees_imports_in_every_form() {
    let found = uses(&code(
        "use crate::store::Store;\nuse crate::{core, text::fold};\n// crate::service\nlet x = crate::delivery::X;",
    ));
    assert_eq!(found, ["store", "core", "text", "delivery"]);
}

#[test]
fn every_module_says_what_it_is_for() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let missing: Vec<String> = files
        .iter()
        .filter(|f| !std::fs::read_to_string(f).unwrap().starts_with("//!"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(missing.is_empty(), "no `//!` line: {missing:?}");
}

#[test]
fn sled_stays_in_the_store_and_teloxide_in_the_telegram_channel() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for f in files {
        let rel = f.strip_prefix(src()).unwrap().to_str().unwrap().to_string();
        let text = code(&std::fs::read_to_string(&f).unwrap());
        if text.contains("sled::") {
            assert!(rel.starts_with("store"), "{rel} uses sled");
        }
        if text.contains("teloxide") {
            assert!(rel.starts_with("channels/telegram"), "{rel} uses teloxide");
        }
    }
}

/// Numbers from -200 to -299 in `code`: Zalo's OpenAPI error codes (-213 not following,
/// -216 token expired, -230 outside the reply window, …). Digits or letters right before
/// or after belong to another token.
fn zalo_codes(code: &str) -> Vec<String> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    for i in 0..b.len() {
        let number = b[i] == b'-'
            && b.get(i + 1) == Some(&b'2')
            && b.len() >= i + 4
            && b[i + 2..i + 4].iter().all(u8::is_ascii_digit);
        let alone = i
            .checked_sub(1)
            .is_none_or(|j| !b[j].is_ascii_alphanumeric())
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_alphanumeric());
        if number && alone {
            out.push(code[i..i + 4].to_string());
        }
    }
    out
}

#[test]
fn zalo_error_codes_stay_in_the_zalo_channel() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut found = Vec::new();
    for f in files {
        let rel = f.strip_prefix(src()).unwrap().to_str().unwrap().to_string();
        if rel.starts_with("channels/zalo") {
            continue;
        }
        let text = code(&std::fs::read_to_string(&f).unwrap());
        for (i, line) in text.lines().enumerate() {
            for c in zalo_codes(line) {
                found.push(format!("{rel}:{}: {c}", i + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "Zalo error codes outside channels/zalo (map them to a FailReason there):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_zalo_codes() {
    assert_eq!(
        zalo_codes("-230 | -232 => x, (-213, \"w\")"),
        ["-230", "-232", "-213"]
    );
    assert!(zalo_codes("a-230 x - 230 -2300 -23 1-299").is_empty());
}

#[test]
fn the_library_forbids_unsafe_code() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    assert!(lib.contains("#![forbid(unsafe_code)]"));
}

/// `docs/ARCHITECTURE.md` draws the tree a newcomer reads: every source file is named in it
/// (a `mod.rs` by its folder), so a new file cannot hide from the map.
#[test]
fn the_architecture_document_names_every_source_file() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ARCHITECTURE.md"))
            .unwrap();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let missing: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let name = f.file_name()?.to_str()?;
            let named = if name == "mod.rs" {
                let folder = f.parent()?.file_name()?.to_str()?;
                doc.contains(&format!("{folder}/"))
            } else {
                let stem = name.strip_suffix(".rs").unwrap_or(name);
                doc.contains(name)
                    || doc
                        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .any(|w| w == stem)
            };
            (!named).then(|| f.strip_prefix(src()).unwrap().display().to_string())
        })
        .collect();
    assert!(
        missing.is_empty(),
        "docs/ARCHITECTURE.md does not name: {missing:?}"
    );
}

/// A person is a `model::UserId`, the one place that builds "platform:id" and splits it: the
/// core and the delivery never split a user id string themselves (tests aside).
#[test]
fn only_the_model_splits_a_user_id() {
    let mut files = Vec::new();
    rust_files(&src().join("core"), &mut files);
    rust_files(&src().join("delivery"), &mut files);
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let code = code(text.split("#[cfg(test)]").next().unwrap());
        for (i, line) in code.lines().enumerate() {
            if line.contains("split_once(':')") || line.contains("rsplit_once(':')") {
                found.push(format!("{}:{}", f.display(), i + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "user ids split outside model::UserId: {found:?}"
    );
}
