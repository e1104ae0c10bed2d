//! Content files: reading and validating them (with file, line and field), and writing
//! them back in the same format. The store imports and exports through these.

pub mod diff;
pub mod model;

use std::collections::BTreeSet;
use std::path::Path;

use model::{ContentFile, Level};

use crate::config::locate::{Problem, Problems, line_of_field, problem_from_toml_error};
use crate::config::{Config, is_slug};

/// The format version this build reads.
pub const FORMAT: u32 = 1;

/// Reads and validates a content file against `config` (hamlet units must be config hamlets).
pub fn load(path: &Path, config: &Config) -> Result<ContentFile, Problems> {
    let file = path.display().to_string();
    let src = crate::config::locate::read(path)?;
    parse(&file, &src, config)
}

/// Parses and validates content text; `file` names it in problems.
pub fn parse(file: &str, src: &str, config: &Config) -> Result<ContentFile, Problems> {
    let content: ContentFile =
        toml::from_str(src).map_err(|e| Problems(vec![problem_from_toml_error(file, src, &e)]))?;
    let problems: Vec<Problem> = validate(&content, config)
        .into_iter()
        .map(|(field, message)| Problem {
            file: file.to_string(),
            line: line_of_field(src, &field),
            field,
            message,
        })
        .collect();
    if problems.is_empty() {
        Ok(content)
    } else {
        Err(Problems(problems))
    }
}

/// The content in the import format (TOML), as `export` writes it.
pub fn to_toml(content: &ContentFile) -> String {
    toml::to_string_pretty(content).expect("content always serializes to TOML")
}

/// Everything serde cannot check: ids, references, duplicates, ranges, "absent not zero".
pub fn validate(c: &ContentFile, config: &Config) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut err = |field: String, msg: String| out.push((field, msg));
    if c.format != FORMAT {
        err(
            "format".into(),
            format!(
                "this build reads format {FORMAT}, the file says {}",
                c.format
            ),
        );
    }
    let mut set_ids = BTreeSet::new();
    for (i, set) in c.criteria_sets.iter().enumerate() {
        let f = format!("criteria_sets[{i}]");
        if !is_slug(&set.id) {
            err(
                format!("{f}.id"),
                format!("`{}` must be a slug (a-z, 0-9, _)", set.id),
            );
        }
        if !set_ids.insert(set.id.as_str()) {
            err(format!("{f}.id"), format!("`{}` is defined twice", set.id));
        }
        for (field, v) in [("name_vi", &set.name_vi), ("name_en", &set.name_en)] {
            if v.trim().is_empty() {
                err(format!("{f}.{field}"), "must not be empty".into());
            }
        }
        if set.criteria.is_empty() {
            err(
                format!("{f}.criteria"),
                "a set needs at least one criterion".into(),
            );
        }
        let mut codes = BTreeSet::new();
        let mut numbers = BTreeSet::new();
        for (j, cr) in set.criteria.iter().enumerate() {
            let g = format!("{f}.criteria[{j}]");
            if !is_slug(&cr.code) {
                err(format!("{g}.code"), format!("`{}` must be a slug", cr.code));
            }
            if !codes.insert(cr.code.as_str()) {
                err(
                    format!("{g}.code"),
                    format!("`{}` appears twice in the set", cr.code),
                );
            }
            if cr.number == 0 || !numbers.insert(cr.number) {
                err(
                    format!("{g}.number"),
                    format!(
                        "{} must be a positive number not used by another criterion",
                        cr.number
                    ),
                );
            }
            if cr.vi.trim().is_empty() || cr.en.trim().is_empty() {
                err(format!("{g}.vi"), "names (vi, en) must not be empty".into());
            }
        }
    }
    let mut unit_ids = BTreeSet::new();
    let mut communes = 0;
    for (i, u) in c.units.iter().enumerate() {
        let f = format!("units[{i}]");
        if !is_slug(&u.id) {
            err(format!("{f}.id"), format!("`{}` must be a slug", u.id));
        }
        if !unit_ids.insert(u.id.as_str()) {
            err(
                format!("{f}.id"),
                format!("unit `{}` is defined twice", u.id),
            );
        }
        match u.level {
            Level::Commune => communes += 1,
            Level::Hamlet => {
                if config.hamlet(&u.id).is_none() {
                    err(
                        format!("{f}.id"),
                        format!("`{}` is not a hamlet id in config.toml [[hamlets]]", u.id),
                    );
                }
            }
        }
        for (field, v) in [
            ("name", &u.name),
            ("as_of", &u.as_of),
            ("source_vi", &u.source_vi),
            ("source_en", &u.source_en),
            ("check_vi", &u.check_vi),
            ("check_en", &u.check_en),
        ] {
            if v.trim().is_empty() {
                err(format!("{f}.{field}"), "must not be empty".into());
            }
        }
        let set = match &u.criteria_set {
            Some(id) => match c.criteria_sets.iter().find(|s| &s.id == id) {
                Some(s) => {
                    if s.level != u.level {
                        err(
                            format!("{f}.criteria_set"),
                            format!("set `{id}` is for another level than this unit"),
                        );
                    }
                    Some(s)
                }
                None => {
                    err(
                        format!("{f}.criteria_set"),
                        format!("no criteria set `{id}` in this file"),
                    );
                    None
                }
            },
            None => None,
        };
        if set.is_none() && u.criteria_set.is_none() && !u.statuses.is_empty() {
            err(
                format!("{f}.statuses"),
                "statuses need a criteria_set on the unit".into(),
            );
        }
        let mut seen = BTreeSet::new();
        for (j, s) in u.statuses.iter().enumerate() {
            let g = format!("{f}.statuses[{j}]");
            if let Some(set) = set
                && !set.criteria.iter().any(|c| c.code == s.criterion)
            {
                err(
                    format!("{g}.criterion"),
                    format!("`{}` is not a criterion of set `{}`", s.criterion, set.id),
                );
            }
            if !seen.insert(s.criterion.as_str()) {
                err(
                    format!("{g}.criterion"),
                    format!("`{}` has two statuses", s.criterion),
                );
            }
            if let Some(t) = &s.changed_at
                && chrono::DateTime::parse_from_rfc3339(t).is_err()
            {
                err(
                    format!("{g}.changed_at"),
                    format!("`{t}` is not an RFC 3339 time like 2026-11-30T08:00:00+07:00"),
                );
            }
        }
        let mut fact_keys = BTreeSet::new();
        for (j, fact) in u.facts.iter().enumerate() {
            let g = format!("{f}.facts[{j}]");
            if !is_slug(&fact.key) || !fact_keys.insert(fact.key.as_str()) {
                err(
                    format!("{g}.key"),
                    format!("`{}` must be a slug used once per unit", fact.key),
                );
            }
            if !fact.value.is_finite() || fact.value < 0.0 {
                err(
                    format!("{g}.value"),
                    "must be a finite number, not negative".into(),
                );
            }
        }
    }
    if communes > 1 {
        err(
            "units".into(),
            "only one unit may have level = \"commune\"".into(),
        );
    }
    if let Some(loans) = &c.loans {
        for (field, v) in [
            ("as_of", &loans.as_of),
            ("check_vi", &loans.check_vi),
            ("check_en", &loans.check_en),
            ("apply_vi", &loans.apply_vi),
            ("apply_en", &loans.apply_en),
        ] {
            if v.trim().is_empty() {
                err(format!("loans.{field}"), "must not be empty".into());
            }
        }
        let mut ids = BTreeSet::new();
        for (i, p) in loans.programmes.iter().enumerate() {
            let f = format!("loans.programmes[{i}]");
            if !is_slug(&p.id) || !ids.insert(p.id.as_str()) {
                err(
                    format!("{f}.id"),
                    format!("`{}` must be a slug used once", p.id),
                );
            }
            if p.max_loan_vnd == Some(0) {
                err(
                    format!("{f}.max_loan_vnd"),
                    "0 is not a loan amount; leave the key out when the amount is unknown".into(),
                );
            }
            if let Some(r) = p.interest_pct_year
                && !(r > 0.0 && r < 100.0)
            {
                err(
                    format!("{f}.interest_pct_year"),
                    "must be above 0 and below 100; leave the key out when unknown".into(),
                );
            }
            if p.term_max_months == Some(0) {
                err(
                    format!("{f}.term_max_months"),
                    "0 is not a term; leave the key out when unknown".into(),
                );
            }
            for (field, why) in repeated_figures(p) {
                err(format!("{f}.{field}"), why);
            }
            for (field, v) in [
                ("name_vi", &p.name_vi),
                ("name_en", &p.name_en),
                ("eligible_vi", &p.eligible_vi),
                ("eligible_en", &p.eligible_en),
                ("where_vi", &p.where_vi),
                ("where_en", &p.where_en),
            ] {
                if v.trim().is_empty() {
                    err(format!("{f}.{field}"), "must not be empty".into());
                }
            }
            // A programme with purposes is listed for a need, one line each ending with who
            // may borrow: without these words the line would end with nothing.
            if !p.purposes.is_empty() {
                for (field, v) in [
                    ("for_whom_vi", &p.for_whom_vi),
                    ("for_whom_en", &p.for_whom_en),
                ] {
                    if v.as_deref().is_none_or(|w| w.trim().is_empty()) {
                        err(
                            format!("{f}.{field}"),
                            "a programme with `purposes` needs a few words on who may borrow: \
                             they end its line in the list of programmes for a need"
                                .into(),
                        );
                    }
                }
            }
            for owed in &p.not_while_owing {
                if !loans.programmes.iter().any(|q| q.id == *owed) {
                    err(
                        format!("{f}.not_while_owing"),
                        format!("`{owed}` is not the id of a programme"),
                    );
                }
            }
        }
    }
    out
}

/// Notes that repeat their programme's own figure ("Tối đa 100 triệu đồng/hộ" beside
/// `max_loan_vnd = 100000000`, "khoảng 8,38%/năm" beside `interest_pct_year = 8.382`), or
/// say "not confirmed" of a figure whose `confirmed_*` key already makes the bot say so:
/// after one of the two is edited, the bot would show both. Returns (note field, the
/// problem).
fn repeated_figures(p: &model::Programme) -> Vec<(&'static str, String)> {
    use crate::model::Locale;
    use crate::text::format::number;
    let mut figures: Vec<(&'static str, Option<&String>, Vec<String>)> = Vec::new();
    if let Some(v) = p.max_loan_vnd {
        // As the bot writes it (`format::vnd`: "96 tỷ", "1,5 tỷ", "100 triệu"), and in millions.
        let mut vi = vec![format!("{} triệu", v / 1_000_000)];
        let mut en = vec![format!("{} million", v / 1_000_000)];
        if v >= 1_000_000_000 {
            let b = v as f64 / 1e9;
            vi.push(format!("{} tỷ", number(b, 3, Locale::Vi)));
            en.push(format!("{} billion", number(b, 3, Locale::En)));
        }
        figures.push(("max_loan_note_vi", p.max_loan_note_vi.as_ref(), vi));
        figures.push(("max_loan_note_en", p.max_loan_note_en.as_ref(), en));
    }
    if let Some(m) = p.term_max_months {
        let years = |word: &str| (m % 12 == 0).then(|| format!("{} {word}", m / 12));
        let vi: Vec<String> = [Some(format!("{m} tháng")), years("năm")]
            .into_iter()
            .flatten()
            .collect();
        let en: Vec<String> = [Some(format!("{m} months")), years("years")]
            .into_iter()
            .flatten()
            .collect();
        figures.push(("term_note_vi", p.term_note_vi.as_ref(), vi));
        figures.push(("term_note_en", p.term_note_en.as_ref(), en));
    }
    let repeats = |figure: &str| {
        format!(
            "repeats the figure `{figure}`; write each figure once, in its own key, and only words in the note"
        )
    };
    let mut out = Vec::new();
    for (field, note, patterns) in figures {
        let Some(note) = note else { continue };
        let lower = note.to_lowercase();
        if let Some(found) = patterns
            .into_iter()
            .find(|pat| starts_a_number(&lower, pat))
        {
            out.push((field, repeats(&found)));
        }
    }
    if let Some(r) = p.interest_pct_year {
        for (field, note, decimal) in [
            ("interest_note_vi", p.interest_note_vi.as_ref(), ','),
            ("interest_note_en", p.interest_note_en.as_ref(), '.'),
        ] {
            if let Some(found) = note.and_then(|n| rate_in(n, r, decimal)) {
                out.push((field, repeats(&found)));
            }
        }
    }
    for (present, confirmed, notes) in [
        (
            p.max_loan_vnd.is_some(),
            p.confirmed_max_loan,
            [
                ("max_loan_note_vi", &p.max_loan_note_vi),
                ("max_loan_note_en", &p.max_loan_note_en),
            ],
        ),
        (
            p.interest_pct_year.is_some(),
            p.confirmed_interest,
            [
                ("interest_note_vi", &p.interest_note_vi),
                ("interest_note_en", &p.interest_note_en),
            ],
        ),
        (
            p.term_max_months.is_some(),
            p.confirmed_term,
            [
                ("term_note_vi", &p.term_note_vi),
                ("term_note_en", &p.term_note_en),
            ],
        ),
    ] {
        if !present || confirmed {
            continue;
        }
        for (field, note) in notes {
            let Some(note) = note else { continue };
            let lower = note.to_lowercase();
            if let Some(words) = ["chưa được xác nhận", "chưa xác nhận", "not confirmed"]
                .into_iter()
                .find(|w| lower.contains(w))
            {
                out.push((
                    field,
                    format!(
                        "says `{words}`; the bot already says so of a figure whose `confirmed_…` key is false: only other words in the note"
                    ),
                ));
            }
        }
    }
    out
}

/// A percentage in `note` that is the rate `r` itself or `r` rounded to the decimals written
/// ("8,38%" for 8.382; not "127%" or "3,3%"). `decimal` is the note's decimal mark.
fn rate_in(note: &str, r: f64, decimal: char) -> Option<String> {
    let chars: Vec<char> = note.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '%' {
            continue;
        }
        let mut j = i;
        while j > 0 && chars[j - 1] == ' ' {
            j -= 1;
        }
        let end = j;
        while j > 0 && (chars[j - 1].is_ascii_digit() || chars[j - 1] == decimal) {
            j -= 1;
        }
        let written: String = chars[j..end].iter().collect();
        let Ok(n) = written.replace(decimal, ".").parse::<f64>() else {
            continue;
        };
        let decimals = written.split(decimal).nth(1).map_or(0, str::len);
        let scale = 10f64.powi(decimals as i32);
        let same = (n - r).abs() < 1e-9;
        let rounded = decimals > 0 && ((r * scale).round() / scale - n).abs() < 1e-9;
        if same || rounded {
            return Some(format!("{written}%"));
        }
    }
    None
}

/// `pat` occurs in `text` not as the tail of a longer number ("100 triệu" is not in
/// "1100 triệu").
fn starts_a_number(text: &str, pat: &str) -> bool {
    text.match_indices(pat).any(|(i, _)| {
        !text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.')
    })
}
