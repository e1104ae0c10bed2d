//! Ids of the records keyed by number alone (audit entries, questions not understood,
//! consent-button tokens): sled's counter plus a base that a restore moves past every
//! restored key.

use std::sync::atomic::Ordering;

use super::{Result, Store, keys};

/// `meta` key: the base added to sled's counter (big-endian u64; absent: 0).
pub(super) const ID_BASE_KEY: &[u8] = b"id_base";

/// The base kept in `meta`, 0 when none was ever written.
pub(super) fn stored_base(meta: &sled::Tree) -> Result<u64> {
    Ok(meta
        .get(ID_BASE_KEY)?
        .and_then(|v| keys::announcement_id(&v))
        .unwrap_or(0))
}

impl Store {
    /// A number no record of these trees has had in this store. sled's own counter starts
    /// again at 0 in a new store, so after a restore it alone would hand out ids that
    /// restored entries already have, and a new audit entry or question would overwrite one.
    pub(super) fn next_id(&self) -> Result<u64> {
        Ok(self
            .id_base
            .load(Ordering::SeqCst)
            .saturating_add(self.db.generate_id()?))
    }

    /// After the records of a backup are in: ids go on past the highest restored key.
    pub(super) fn move_ids_past_restored(&self) -> Result<()> {
        let mut base = 0u64;
        for tree in [&self.audit_log, &self.not_understood, &self.question_tokens] {
            if let Some((k, _)) = tree.last()?
                && let Some(id) = keys::announcement_id(&k)
            {
                base = base.max(id.saturating_add(1));
            }
        }
        self.meta.insert(ID_BASE_KEY, &keys::announcement(base))?;
        self.id_base.store(base, Ordering::SeqCst);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Audit entries and questions not understood made after a restore into
    /// a new store never take a restored entry's id.
    #[test]
    fn ids_after_a_restore_go_past_the_restored_ones() {
        let old_dir = tempfile::tempdir().unwrap();
        let old = Store::open(old_dir.path(), 8, 1000).unwrap();
        for i in 0..5 {
            old.record_question("unknown", Some(&format!("câu {i}")), "telegram:1")
                .unwrap();
            old.audit("telegram:9", "test", format!("entry {i}"))
                .unwrap();
        }
        let mut backup = Vec::new();
        old.backup(&mut backup).unwrap();
        drop(old);

        let new_dir = tempfile::tempdir().unwrap();
        let new = Store::open(new_dir.path(), 8, 1000).unwrap();
        new.restore(&mut backup.as_slice(), true).unwrap();
        new.record_question("unknown", Some("câu mới"), "telegram:2")
            .unwrap();
        new.audit("telegram:9", "test", "entry new").unwrap();
        let kept: Vec<String> = new
            .not_understood(100)
            .unwrap()
            .into_iter()
            .map(|(_, text)| text)
            .collect();
        assert_eq!(kept.len(), 6, "{kept:?}");
        assert!(kept.iter().any(|t| t == "câu 0") && kept.iter().any(|t| t == "câu mới"));
        let audit = new
            .audit_since(chrono::DateTime::<chrono::Utc>::MIN_UTC, 100)
            .unwrap();
        assert_eq!(audit.len(), 6);

        let new_base = new.id_base.load(Ordering::SeqCst);
        assert!(new_base >= 10, "past the ten restored entries: {new_base}");
        // The base is kept in the store: reopened, it still counts from past the restored ids.
        drop(new);
        let again = crate::store::reopen_for_test(new_dir.path(), 8, 1000);
        assert_eq!(
            again.id_base.load(Ordering::SeqCst),
            new_base,
            "the base is read back"
        );
    }
}
