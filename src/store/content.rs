//! Content in the store: criteria sets, units, per-criterion statuses, loan programmes.

use std::collections::HashMap;
use std::sync::{Arc, MutexGuard};

use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use super::{Result, Store, decode, encode, keys};
use crate::config::Config;
use crate::config::locate::Problems;
use crate::content::model::{ContentFile, CriteriaSet, Loans, Programme, StatusEntry, Unit};

/// Why an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Invalid(Problems),
    #[error("store: {0}")]
    Store(#[from] super::StoreError),
}

const LOANS_META: &[u8] = b"meta";
const LOANS_ORDER: &[u8] = b"order";
const PROGRAMME_PREFIX: &str = "p";

impl Store {
    /// Validates the content file at `path` fully, then replaces the store's content with it
    /// in one transaction: a bad file leaves the store unchanged.
    pub fn import_content_file(
        &self,
        path: &std::path::Path,
        config: &Config,
    ) -> std::result::Result<ContentFile, ImportError> {
        let content = crate::content::load(path, config).map_err(ImportError::Invalid)?;
        self.replace_content(&content)?;
        Ok(content)
    }

    /// The store's content in the import format (TOML).
    pub fn export_content_toml(&self) -> Result<String> {
        Ok(crate::content::to_toml(&self.export_content()?))
    }

    /// True when no content was ever imported (first start).
    pub fn content_is_empty(&self) -> Result<bool> {
        Ok(self.sets.is_empty() && self.units.is_empty() && self.loans.is_empty())
    }

    /// Replaces all content with `file` in one transaction: on any error nothing changes.
    /// The file must already be validated.
    pub fn replace_content(&self, file: &ContentFile) -> Result<()> {
        let _gate = self.writing();
        let mut cache = self.status_cache();
        let old: Vec<Vec<Vec<u8>>> = [&self.sets, &self.units, &self.statuses, &self.loans]
            .iter()
            .map(|t| {
                t.iter()
                    .keys()
                    .map(|k| k.map(|k| k.to_vec()))
                    .collect::<std::result::Result<Vec<_>, _>>()
            })
            .collect::<std::result::Result<_, _>>()?;
        (&self.sets, &self.units, &self.statuses, &self.loans).transaction(
            |(sets, units, statuses, loans)| {
                for (tree, keys) in [sets, units, statuses, loans].iter().zip(&old) {
                    for k in keys {
                        tree.remove(k.as_slice())?;
                    }
                }
                for set in &file.criteria_sets {
                    sets.insert(set.id.as_bytes(), encode(set))?;
                }
                for unit in &file.units {
                    for s in &unit.statuses {
                        statuses.insert(keys::pair(&unit.id, &s.criterion), encode(s))?;
                    }
                    let mut bare = unit.clone();
                    bare.statuses.clear();
                    units.insert(unit.id.as_bytes(), encode(&bare))?;
                }
                if let Some(l) = &file.loans {
                    let mut meta = l.clone();
                    meta.programmes.clear();
                    loans.insert(LOANS_META, encode(&meta))?;
                    let order: Vec<&str> = l.programmes.iter().map(|p| p.id.as_str()).collect();
                    loans.insert(LOANS_ORDER, encode(&order))?;
                    for p in &l.programmes {
                        loans.insert(keys::pair(PROGRAMME_PREFIX, &p.id), encode(p))?;
                    }
                }
                Ok::<(), ConflictableTransactionError<super::StoreError>>(())
            },
        )?;
        cache.clear();
        Ok(())
    }

    /// All content in the import format, statuses in their set's criterion order.
    pub fn export_content(&self) -> Result<ContentFile> {
        let mut criteria_sets = Vec::new();
        for kv in self.sets.iter() {
            let (_, v) = kv?;
            criteria_sets.push(decode::<CriteriaSet>("sets", &v)?);
        }
        let mut units = Vec::new();
        for u in self.units()? {
            let mut u = u;
            u.statuses = self.statuses(&u.id)?.to_vec();
            if let Some(set) = u
                .criteria_set
                .as_deref()
                .and_then(|id| criteria_sets.iter().find(|s: &&CriteriaSet| s.id == id))
            {
                let pos = |code: &str| set.criteria.iter().position(|c| c.code == code);
                u.statuses
                    .sort_by_key(|s| pos(&s.criterion).unwrap_or(usize::MAX));
            }
            units.push(u);
        }
        let loans = match self.loans_meta()? {
            Some(mut meta) => {
                meta.programmes = self.programmes()?;
                Some(meta)
            }
            None => None,
        };
        Ok(ContentFile {
            format: 1,
            criteria_sets,
            units,
            loans,
        })
    }

    pub fn criteria_set(&self, id: &str) -> Result<Option<CriteriaSet>> {
        self.sets
            .get(id.as_bytes())?
            .map(|v| decode("sets", &v))
            .transpose()
    }

    pub fn criteria_sets(&self) -> Result<Vec<CriteriaSet>> {
        self.sets
            .iter()
            .values()
            .map(|v| decode("sets", &v?))
            .collect()
    }

    /// A unit without its statuses (see [`Store::statuses`]).
    pub fn unit(&self, id: &str) -> Result<Option<Unit>> {
        self.units
            .get(id.as_bytes())?
            .map(|v| decode("units", &v))
            .transpose()
    }

    pub fn units(&self) -> Result<Vec<Unit>> {
        self.units
            .iter()
            .values()
            .map(|v| decode("units", &v?))
            .collect()
    }

    /// A unit's statuses, in key order (callers sort by the set's order). Decoded from the
    /// tree once and kept until a status of the unit changes: every answer about a hamlet's
    /// criteria reads them, and decoding them was a third of such an answer's time.
    pub fn statuses(&self, unit: &str) -> Result<Arc<[StatusEntry]>> {
        // Filled and emptied under the one lock, so a read of the tree that a change
        // overtakes is never kept.
        let mut cache = self.status_cache();
        if let Some(found) = cache.get(unit) {
            return Ok(found.clone());
        }
        let decoded: Arc<[StatusEntry]> = self
            .statuses
            .scan_prefix(keys::pair_prefix(unit))
            .values()
            .map(|v| decode("statuses", &v?))
            .collect::<Result<Vec<_>>>()?
            .into();
        cache.insert(unit.to_string(), decoded.clone());
        Ok(decoded)
    }

    fn status_cache(&self) -> MutexGuard<'_, HashMap<String, Arc<[StatusEntry]>>> {
        self.status_cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets every unit's decoded statuses (content replaced, a backup restored).
    pub(super) fn forget_statuses(&self) {
        self.status_cache().clear();
    }

    pub fn status(&self, unit: &str, criterion: &str) -> Result<Option<StatusEntry>> {
        self.statuses
            .get(keys::pair(unit, criterion))?
            .map(|v| decode("statuses", &v))
            .transpose()
    }

    /// Records a status change (who and when are in `entry`).
    pub fn set_status(&self, unit: &str, entry: &StatusEntry) -> Result<()> {
        let _gate = self.writing();
        let mut cache = self.status_cache();
        self.statuses
            .insert(keys::pair(unit, &entry.criterion), encode(entry))?;
        cache.remove(unit);
        Ok(())
    }

    /// Common loan facts (as-of, where to check, application steps), without programmes.
    pub fn loans_meta(&self) -> Result<Option<Loans>> {
        self.loans
            .get(LOANS_META)?
            .map(|v| decode("loans", &v))
            .transpose()
    }

    pub fn programme(&self, id: &str) -> Result<Option<Programme>> {
        self.loans
            .get(keys::pair(PROGRAMME_PREFIX, id))?
            .map(|v| decode("loans", &v))
            .transpose()
    }

    /// All programmes in the order of the content file.
    pub fn programmes(&self) -> Result<Vec<Programme>> {
        let order: Vec<String> = match self.loans.get(LOANS_ORDER)? {
            Some(v) => decode("loans", &v)?,
            None => return Ok(Vec::new()),
        };
        let mut out = Vec::with_capacity(order.len());
        for id in order {
            if let Some(p) = self.programme(&id)? {
                out.push(p);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn entry(criterion: &str, status: Status) -> StatusEntry {
        StatusEntry {
            criterion: criterion.into(),
            status,
            note: None,
            changed_at: None,
            changed_by: Some("telegram:1001".into()),
        }
    }

    fn read(store: &Store, unit: &str) -> Vec<(String, Status)> {
        store
            .statuses(unit)
            .unwrap()
            .iter()
            .map(|s| (s.criterion.clone(), s.status))
            .collect()
    }

    /// The decoded statuses a unit's answers read are never older than the tree: a change,
    /// an import and a restore each show at the next read.
    #[test]
    fn kept_statuses_follow_every_change() {
        let store = Store::temporary().unwrap();
        assert!(read(&store, "dong").is_empty());
        store
            .set_status("dong", &entry("giao_thong", Status::InProgress))
            .unwrap();
        store.set_status("he", &entry("dien", Status::Met)).unwrap();
        assert_eq!(
            read(&store, "dong"),
            [("giao_thong".into(), Status::InProgress)]
        );
        let backup = {
            let mut out = Vec::new();
            store.backup(&mut out).unwrap();
            out
        };
        store
            .set_status("dong", &entry("giao_thong", Status::Met))
            .unwrap();
        store
            .set_status("dong", &entry("dien", Status::NotMet))
            .unwrap();
        assert_eq!(
            read(&store, "dong"),
            [
                ("dien".into(), Status::NotMet),
                ("giao_thong".into(), Status::Met)
            ]
        );
        assert_eq!(read(&store, "he"), [("dien".into(), Status::Met)]);
        store.restore(&mut backup.as_slice(), true).unwrap();
        assert_eq!(
            read(&store, "dong"),
            [("giao_thong".into(), Status::InProgress)]
        );
        store
            .replace_content(&ContentFile {
                format: 1,
                ..Default::default()
            })
            .unwrap();
        assert!(read(&store, "dong").is_empty());
        assert!(read(&store, "he").is_empty());
    }
}
