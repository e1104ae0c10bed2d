//! Resolving names typed after a command ("/dangky Bản Đông, he") to ids, tolerant of
//! case, diacritics, a leading "bản"/"xã" and one typo.

use super::catalog::NamedEntry;
use super::request::{Request, Status};
use super::{Core, command};
use crate::text::fold::{edit_distance, fold};

/// Words people put before a name that are not part of it.
const PREFIXES: [&str; 4] = ["ban ", "xa ", "thon ", "hamlet "];

fn strip_prefix(folded: &str) -> &str {
    for p in PREFIXES {
        if let Some(rest) = folded.strip_prefix(p) {
            return rest;
        }
    }
    folded
}

/// The entry whose id or a name matches `text`: exactly after folding, else within one edit
/// for names of four letters or more.
pub(super) fn best_match(text: &str, entries: &[NamedEntry]) -> Option<String> {
    let folded = fold(text);
    let bare = strip_prefix(&folded);
    if bare.is_empty() {
        return None;
    }
    let mut close: Option<(usize, &str)> = None;
    for e in entries {
        if e.id == bare || e.id == folded.replace(' ', "_") {
            return Some(e.id.clone());
        }
        for n in &e.names {
            let fname = fold(n);
            let fbare = strip_prefix(&fname);
            if fname == folded || fbare == bare {
                return Some(e.id.clone());
            }
            if bare.len() >= 4 {
                let d = edit_distance(fbare, bare);
                if d <= 1 && close.is_none_or(|(best, _)| d < best) {
                    close = Some((d, &e.id));
                }
            }
        }
    }
    close.map(|(_, id)| id.to_string())
}

impl Core {
    /// A hamlet or the commune.
    pub(super) fn resolve_unit(&self, text: &str) -> Option<String> {
        if let Some(h) = best_match(text, &self.catalog.hamlets) {
            return Some(h);
        }
        let commune = self.catalog.commune.as_ref()?;
        best_match(text, std::slice::from_ref(commune))
    }

    pub(super) fn resolve_hamlet(&self, text: &str) -> Option<String> {
        best_match(text, &self.catalog.hamlets)
    }

    pub(super) fn resolve_programme(&self, text: &str) -> Option<String> {
        if let Some(p) = best_match(text, &self.catalog.programmes) {
            return Some(p);
        }
        self.understander.programme_named(text)
    }

    /// "dong he", "Bản Đông, Bản He" → ids; the first unknown name is the error.
    pub(super) fn resolve_hamlet_list(&self, args: &str) -> Result<Vec<String>, String> {
        let mut out: Vec<String> = Vec::new();
        for part in command::split_list(args) {
            let ids = match self.resolve_hamlet(&part) {
                Some(id) => vec![id],
                None => {
                    // "dong he": several ids or one-word names separated by spaces.
                    let words: Vec<&str> = part.split_whitespace().collect();
                    let mut ids = Vec::new();
                    let mut i = 0;
                    while i < words.len() {
                        // Try "bản X" pairs before single words.
                        if i + 1 < words.len()
                            && let Some(id) =
                                self.resolve_hamlet(&format!("{} {}", words[i], words[i + 1]))
                        {
                            ids.push(id);
                            i += 2;
                            continue;
                        }
                        match self.resolve_hamlet(words[i]) {
                            Some(id) => ids.push(id),
                            None => return Err(part.clone()),
                        }
                        i += 1;
                    }
                    ids
                }
            };
            for id in ids {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        Ok(out)
    }

    /// `/capnhat <unit> <criterion> [<status> [note…]]`. The criterion is its code, its
    /// number in the unit's set, or its name; without a status the detail (with its status
    /// choices) is shown. Anything that cannot be read gets the right form and the codes.
    pub(super) fn status_command(&self, args: &str) -> Request {
        let mut words = args.split_whitespace();
        let Some(unit_word) = words.next() else {
            return Request::StatusUsage {
                unit: None,
                wrong: None,
            };
        };
        let Some(unit) = self.resolve_unit(unit_word) else {
            return Request::StatusUsage {
                unit: None,
                wrong: Some(unit_word.to_string()),
            };
        };
        let Some(criterion_word) = words.next() else {
            return Request::StatusUsage {
                unit: Some(unit),
                wrong: None,
            };
        };
        let Some(criterion) = self.resolve_criterion(&unit, criterion_word) else {
            return Request::StatusUsage {
                unit: Some(unit),
                wrong: Some(criterion_word.to_string()),
            };
        };
        let status = match words.next() {
            None => None,
            Some(w) => match parse_status(w) {
                Some(s) => Some(s),
                None => {
                    return Request::StatusUsage {
                        unit: Some(unit),
                        wrong: Some(w.to_string()),
                    };
                }
            },
        };
        let note: String = words.collect::<Vec<_>>().join(" ");
        Request::SetStatus {
            unit,
            criterion,
            status,
            note: (!note.is_empty()).then_some(note),
        }
    }

    /// A criterion of `unit`'s own set, by code, number or (typo-tolerant) name.
    fn resolve_criterion(&self, unit: &str, word: &str) -> Option<String> {
        let set = self
            .store
            .unit(unit)
            .ok()
            .flatten()
            .and_then(|u| u.criteria_set)
            .and_then(|id| self.store.criteria_set(&id).ok().flatten())?;
        if let Ok(n) = word.parse::<u32>() {
            return set
                .criteria
                .iter()
                .find(|c| c.number == n)
                .map(|c| c.code.clone());
        }
        let entries: Vec<NamedEntry> = set
            .criteria
            .iter()
            .map(|c| NamedEntry {
                id: c.code.clone(),
                names: [c.vi.clone(), c.en.clone()]
                    .into_iter()
                    .chain(c.aliases.iter().cloned())
                    .collect(),
            })
            .collect();
        best_match(word, &entries)
    }
}

/// "met", "đạt", "dat", "dang", "chưa" … → a status.
pub(super) fn parse_status(word: &str) -> Option<Status> {
    match fold(word).as_str() {
        "met" | "dat" | "done" | "xong" => Some(Status::Met),
        "in_progress" | "in progress" | "progress" | "dang" | "danglam" | "dang lam" => {
            Some(Status::InProgress)
        }
        "not_met" | "not met" | "chua" | "chuadat" | "chua dat" | "no" => Some(Status::NotMet),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hamlets() -> Vec<NamedEntry> {
        vec![
            NamedEntry {
                id: "dong".into(),
                names: vec!["Bản Đông".into(), "Đông".into()],
            },
            NamedEntry {
                id: "he".into(),
                names: vec!["Bản He".into()],
            },
            NamedEntry {
                id: "na_lai".into(),
                names: vec!["Bản Nà Lại".into()],
            },
        ]
    }

    #[test]
    fn names_ids_and_prefixes() {
        let h = hamlets();
        assert_eq!(best_match("dong", &h).as_deref(), Some("dong"));
        assert_eq!(best_match("Bản Đông", &h).as_deref(), Some("dong"));
        assert_eq!(best_match("ban dong", &h).as_deref(), Some("dong"));
        assert_eq!(best_match("BẢN HE", &h).as_deref(), Some("he"));
        assert_eq!(best_match("na lai", &h).as_deref(), Some("na_lai"));
        assert_eq!(best_match("na_lai", &h).as_deref(), Some("na_lai"));
    }

    #[test]
    fn one_typo_only_for_longer_names() {
        let h = hamlets();
        assert_eq!(best_match("ban na lia", &h).as_deref(), Some("na_lai"));
        assert_eq!(best_match("hee", &h), None);
        assert_eq!(best_match("xyz", &h), None);
        assert_eq!(best_match("", &h), None);
        assert_eq!(best_match("ban", &h), None);
    }

    #[test]
    fn statuses() {
        assert_eq!(parse_status("đạt"), Some(Status::Met));
        assert_eq!(parse_status("met"), Some(Status::Met));
        assert_eq!(parse_status("dang"), Some(Status::InProgress));
        assert_eq!(parse_status("chưa"), Some(Status::NotMet));
        assert_eq!(parse_status("maybe"), None);
    }
}
