//! What importing a content file would change against the store's content (pure): sets,
//! units and programmes added, changed or removed, criterion statuses set differently, and
//! above all the statuses people changed in the chat after the file was exported.

use std::fmt;

use super::model::{ContentFile, StatusEntry, Unit};
use crate::model::Status;

/// What kind of content item a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    CriteriaSet,
    Unit,
    Programme,
    /// The loans' common text (dates, sources, how to apply).
    LoanInfo,
}

/// One difference between the store and the file, as the import would apply it.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Added(Item, String),
    Removed(Item, String),
    Changed(Item, String),
    /// A criterion's status or note differs (`None`: no entry on that side).
    Status {
        unit: String,
        criterion: String,
        store: Option<Status>,
        file: Option<Status>,
    },
    /// A person changed this status in the chat after the file was written: the import
    /// would undo it.
    UndoesChat {
        unit: String,
        criterion: String,
        by: String,
        at: String,
        store: Status,
        file: Option<Status>,
    },
}

impl Change {
    /// Whether the import would silently undo work done in the chat.
    pub fn undoes_chat(&self) -> bool {
        matches!(self, Change::UndoesChat { .. })
    }
}

fn item_name(item: Item) -> &'static str {
    match item {
        Item::CriteriaSet => "criteria set",
        Item::Unit => "unit",
        Item::Programme => "loan programme",
        Item::LoanInfo => "loan information",
    }
}

fn status_name(s: Option<Status>) -> &'static str {
    s.map_or("(none)", Status::code)
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Changed(Item::LoanInfo, _) => {
                write!(f, "changed loan information (date, sources, how to apply)")
            }
            Change::Added(item, id) => write!(f, "added {} `{id}`", item_name(*item)),
            Change::Removed(item, id) => write!(f, "removed {} `{id}`", item_name(*item)),
            Change::Changed(item, id) => write!(f, "changed {} `{id}`", item_name(*item)),
            Change::Status {
                unit,
                criterion,
                store,
                file,
            } if store == file => write!(f, "{unit}/{criterion}: note changed"),
            Change::Status {
                unit,
                criterion,
                store,
                file,
            } => write!(
                f,
                "{unit}/{criterion}: {} → {}",
                status_name(*store),
                status_name(*file)
            ),
            Change::UndoesChat {
                unit,
                criterion,
                by,
                at,
                store,
                file,
            } => write!(
                f,
                "{unit}/{criterion}: set to {} in the chat by {by} at {at}, after this file was exported; the file would set it back to {}",
                store.code(),
                status_name(*file)
            ),
        }
    }
}

/// Added, removed and changed items with ids, in the file's order, then the removed ones.
fn by_id<T: PartialEq>(
    item: Item,
    store: &[T],
    file: &[T],
    id: impl Fn(&T) -> &str,
    out: &mut Vec<Change>,
) {
    for f in file {
        match store.iter().find(|s| id(s) == id(f)) {
            None => out.push(Change::Added(item, id(f).to_string())),
            Some(s) if s != f => out.push(Change::Changed(item, id(f).to_string())),
            Some(_) => {}
        }
    }
    for s in store {
        if !file.iter().any(|f| id(f) == id(s)) {
            out.push(Change::Removed(item, id(s).to_string()));
        }
    }
}

/// A unit without its statuses: statuses are compared one by one.
fn without_statuses(u: &Unit) -> Unit {
    Unit {
        statuses: Vec::new(),
        ..u.clone()
    }
}

/// A status changed by a person (not by an import or the seed data).
fn changed_in_chat(e: &StatusEntry) -> Option<(&str, &str)> {
    match (&e.changed_by, &e.changed_at) {
        (Some(by), Some(at)) if by != "import" && by != "admin" => Some((by, at)),
        _ => None,
    }
}

fn statuses(unit: &str, store: &[StatusEntry], file: &[StatusEntry], out: &mut Vec<Change>) {
    let mut codes: Vec<&str> = file.iter().map(|e| e.criterion.as_str()).collect();
    for s in store {
        if !codes.contains(&s.criterion.as_str()) {
            codes.push(&s.criterion);
        }
    }
    for code in codes {
        let s = store.iter().find(|e| e.criterion == code);
        let f = file.iter().find(|e| e.criterion == code);
        let same = match (s, f) {
            (Some(s), Some(f)) => s.status == f.status && s.note == f.note,
            (None, None) => true,
            _ => false,
        };
        if same {
            continue;
        }
        // RFC 3339 times in UTC from the store compare as text; a file without a time for
        // this criterion was written before the chat change.
        let newer_in_store = s.and_then(changed_in_chat).filter(|(_, at)| {
            f.and_then(|f| f.changed_at.as_deref())
                .is_none_or(|file_at| *at > file_at)
        });
        out.push(match (newer_in_store, s) {
            (Some((by, at)), Some(s)) => Change::UndoesChat {
                unit: unit.to_string(),
                criterion: code.to_string(),
                by: by.to_string(),
                at: at.to_string(),
                store: s.status,
                file: f.map(|f| f.status),
            },
            _ => Change::Status {
                unit: unit.to_string(),
                criterion: code.to_string(),
                store: s.map(|s| s.status),
                file: f.map(|f| f.status),
            },
        });
    }
}

/// Everything importing `file` would change in a store holding `store`.
pub fn diff(store: &ContentFile, file: &ContentFile) -> Vec<Change> {
    let mut out = Vec::new();
    by_id(
        Item::CriteriaSet,
        &store.criteria_sets,
        &file.criteria_sets,
        |s| &s.id,
        &mut out,
    );
    let bare = |units: &[Unit]| units.iter().map(without_statuses).collect::<Vec<_>>();
    by_id(
        Item::Unit,
        &bare(&store.units),
        &bare(&file.units),
        |u| &u.id,
        &mut out,
    );
    for f in &file.units {
        let s = store.units.iter().find(|s| s.id == f.id);
        statuses(
            &f.id,
            s.map_or(&[][..], |s| &s.statuses),
            &f.statuses,
            &mut out,
        );
    }
    let programmes = |c: &ContentFile| {
        c.loans
            .as_ref()
            .map_or(Vec::new(), |l| l.programmes.clone())
    };
    by_id(
        Item::Programme,
        &programmes(store),
        &programmes(file),
        |p| &p.id,
        &mut out,
    );
    let common = |c: &ContentFile| {
        c.loans.as_ref().map(|l| super::model::Loans {
            programmes: Vec::new(),
            ..l.clone()
        })
    };
    if common(store) != common(file) {
        out.push(Change::Changed(Item::LoanInfo, "loans".into()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_content() -> ContentFile {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/content/default.toml");
        toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn entry<'a>(c: &'a mut ContentFile, unit: &str, code: &str) -> &'a mut StatusEntry {
        c.units
            .iter_mut()
            .find(|u| u.id == unit)
            .unwrap()
            .statuses
            .iter_mut()
            .find(|e| e.criterion == code)
            .unwrap()
    }

    #[test]
    fn the_same_content_changes_nothing() {
        assert_eq!(diff(&default_content(), &default_content()), vec![]);
    }

    #[test]
    fn a_change_made_in_the_chat_after_the_export_is_named() {
        let file = default_content();
        let mut store = default_content();
        let e = entry(&mut store, "dong", "giao_thong");
        e.status = Status::Met;
        e.changed_by = Some("telegram:1001".into());
        e.changed_at = Some("2026-12-01T10:00:00+00:00".into());
        let changes = diff(&store, &file);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert!(changes[0].undoes_chat());
        let text = changes[0].to_string();
        assert!(
            text.contains("dong/giao_thong: set to met in the chat by telegram:1001")
                && text.contains("back to in_progress"),
            "{text}"
        );
    }

    #[test]
    fn an_edit_in_the_file_after_the_chat_change_is_an_ordinary_change() {
        let mut store = default_content();
        let e = entry(&mut store, "dong", "giao_thong");
        e.status = Status::Met;
        e.changed_by = Some("telegram:1001".into());
        e.changed_at = Some("2026-12-01T10:00:00+00:00".into());
        // Exported after the chat change, then edited by the admin.
        let mut file = store.clone();
        entry(&mut file, "dong", "giao_thong").status = Status::NotMet;
        let changes = diff(&store, &file);
        assert_eq!(
            changes,
            vec![Change::Status {
                unit: "dong".into(),
                criterion: "giao_thong".into(),
                store: Some(Status::Met),
                file: Some(Status::NotMet),
            }]
        );
        assert_eq!(changes[0].to_string(), "dong/giao_thong: met → not_met");
    }

    #[test]
    fn added_changed_and_removed_items() {
        let store = default_content();
        let mut file = default_content();
        let removed = file.criteria_sets.pop().unwrap().id;
        file.units[0].as_of = "2027".into();
        let loans = file.loans.as_mut().unwrap();
        loans.programmes[0].max_loan_vnd = Some(120_000_000);
        let mut extra = loans.programmes[0].clone();
        extra.id = "moi".into();
        loans.programmes.push(extra);
        let text: Vec<String> = diff(&store, &file).iter().map(|c| c.to_string()).collect();
        let first_unit = &store.units[0].id;
        let first_programme = &store.loans.as_ref().unwrap().programmes[0].id;
        assert_eq!(
            text,
            vec![
                format!("removed criteria set `{removed}`"),
                format!("changed unit `{first_unit}`"),
                format!("changed loan programme `{first_programme}`"),
                "added loan programme `moi`".to_string(),
            ]
        );
    }
}
