//! Hamlets by number in the broadcast index (schema 12): each hamlet id a subscription ever
//! named gets the next number, kept for good, so that an index key starts with a byte or
//! two rather than the hamlet's id (see [`keys::subscriber`]).
//!
//! Tree: `hamlet_numbers` (hamlet id → its number, 4 bytes big-endian). A number is written
//! before the first index entry that uses it, so an entry that survives a crash finds it.
//! The few numbers are read into memory when the store is opened (and after a restore).

use std::collections::HashMap;

use super::{Result, Store, keys};

/// Every hamlet's number, both ways.
#[derive(Default)]
pub(super) struct HamletNumbers {
    by_id: HashMap<String, u32>,
    by_number: HashMap<u32, String>,
    next: u32,
}

impl Store {
    /// `hamlet`'s number, if a subscription ever named it.
    pub(super) fn hamlet_number(&self, hamlet: &str) -> Option<u32> {
        self.numbers
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .by_id
            .get(hamlet)
            .copied()
    }

    /// `hamlet`'s number, given now if it has none (under the write gate).
    pub(super) fn hamlet_number_or_new(&self, hamlet: &str) -> Result<u32> {
        if let Some(n) = self.hamlet_number(hamlet) {
            return Ok(n);
        }
        let mut numbers = self.numbers.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&n) = numbers.by_id.get(hamlet) {
            return Ok(n);
        }
        let n = numbers.next;
        self.hamlet_numbers
            .insert(hamlet.as_bytes(), &n.to_be_bytes())?;
        numbers.next += 1;
        numbers.by_id.insert(hamlet.to_string(), n);
        numbers.by_number.insert(n, hamlet.to_string());
        Ok(n)
    }

    /// The hamlet id and the user of a key of the broadcast index.
    pub(super) fn subscriber_of_key(&self, key: &[u8]) -> Option<(String, String)> {
        let (n, user) = keys::subscriber_parts(key)?;
        let numbers = self.numbers.read().unwrap_or_else(|e| e.into_inner());
        Some((numbers.by_number.get(&n)?.clone(), user))
    }

    /// Reads the numbers (at open, and after a restore).
    pub(super) fn load_hamlet_numbers(&self) -> Result<()> {
        let mut numbers = HamletNumbers {
            next: 1,
            ..HamletNumbers::default()
        };
        for kv in self.hamlet_numbers.iter() {
            let (k, v) = kv?;
            let (Ok(id), Ok(n)) = (
                String::from_utf8(k.to_vec()),
                <[u8; 4]>::try_from(v.as_ref()).map(u32::from_be_bytes),
            ) else {
                return Err(super::compact::Reader::new(&[], "hamlet_numbers").bad());
            };
            numbers.next = numbers.next.max(n + 1);
            numbers.by_number.insert(n, id.clone());
            numbers.by_id.insert(id, n);
        }
        *self.numbers.write().unwrap_or_else(|e| e.into_inner()) = numbers;
        Ok(())
    }

    /// Schema 11 → 12: the broadcast index's entries (hamlet id NUL user key, in
    /// `subs_by_hamlet`) move to `hamlet_subscribers` under their short keys, each written
    /// before its old entry is removed, so a migration cut short by a crash is simply done
    /// again at the next start.
    pub(super) fn migrate_hamlet_index(&self) -> Result<()> {
        for k in self.subs_by_hamlet.iter().keys() {
            let k = k?;
            if let Some(i) = k.iter().position(|&b| b == 0) {
                let hamlet = String::from_utf8_lossy(&k[..i]).into_owned();
                let user = String::from_utf8_lossy(&k[i + 1..]).into_owned();
                let n = self.hamlet_number_or_new(&hamlet)?;
                self.hamlet_subscribers
                    .insert(keys::subscriber(n, &user), &[])?;
            }
            self.subs_by_hamlet.remove(&k)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::SCHEMA_KEY;
    use super::*;
    use crate::model::Address;
    use chrono::Utc;

    /// A store as schema 11 left it: three subscriptions in the old index (and in the
    /// records, since schema 7), one of a user key that is not a number.
    fn write_schema_11(store: &Store) {
        let now = Utc::now();
        for (user, hamlet) in [
            ("telegram:5", "dong"),
            ("telegram:5", "na_lai"),
            ("zalo:abc", "dong"),
        ] {
            let (platform, id) = user.split_once(':').unwrap();
            store
                .message_from(user, &Address::new(platform, id), None, now)
                .unwrap();
            store
                .change_person(
                    user,
                    |p| super::super::person::add_subscription(p, hamlet, now),
                    |_| true,
                )
                .unwrap();
            store
                .subs_by_hamlet
                .insert(keys::pair(hamlet, user), &[])
                .unwrap();
        }
        store.meta.insert(SCHEMA_KEY, &11u32.to_be_bytes()).unwrap();
        store.flush().unwrap();
    }

    fn check_migrated(store: &Store) {
        assert_eq!(
            store.schema_version().unwrap(),
            super::super::SCHEMA_VERSION
        );
        assert!(store.subs_by_hamlet.is_empty());
        assert_eq!(store.hamlet_subscribers.len(), 3);
        assert_eq!(
            store.subscribers_of("dong").unwrap(),
            ["zalo:abc", "telegram:5"]
        );
        assert_eq!(store.subscribers_of("na_lai").unwrap(), ["telegram:5"]);
        let to: Vec<String> = store
            .reachable_subscribers(&["na_lai", "dong"])
            .unwrap()
            .into_iter()
            .map(|r| r.user)
            .collect();
        assert_eq!(to, ["telegram:5", "zalo:abc"]);
        let all = store.all_subscriptions().unwrap();
        assert_eq!(all["dong"], ["zalo:abc", "telegram:5"]);
        assert_eq!(all["na_lai"], ["telegram:5"]);
        // New subscriptions use the numbers kept, and a new hamlet gets the next one.
        assert!(store.subscribe("telegram:6", "dong", Utc::now()).unwrap());
        assert!(
            store
                .subscribe("telegram:6", "ban_moi", Utc::now())
                .unwrap()
        );
        assert_eq!(store.hamlet_numbers.len(), 3);
        assert_eq!(store.subscribers_of("dong").unwrap().len(), 3);
        assert_eq!(store.subscribers_of("ban_moi").unwrap(), ["telegram:6"]);
    }

    #[test]
    fn a_schema_11_store_is_migrated_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path(), 8, 1000).unwrap();
            write_schema_11(&store);
        }
        let store = crate::store::reopen_for_test(dir.path(), 8, 1000);
        check_migrated(&store);
        // The numbers are read back after a reopen.
        store.flush().unwrap();
        drop(store);
        let store = crate::store::reopen_for_test(dir.path(), 8, 1000);
        assert_eq!(store.subscribers_of("ban_moi").unwrap(), ["telegram:6"]);
        assert!(store.unsubscribe("telegram:5", "dong").unwrap());
        assert_eq!(
            store.subscribers_of("dong").unwrap(),
            ["zalo:abc", "telegram:6"]
        );
    }

    #[test]
    fn a_backup_of_a_schema_11_store_is_migrated_when_restored() {
        let old = Store::temporary().unwrap();
        write_schema_11(&old);
        let mut backup = Vec::new();
        old.backup(&mut backup).unwrap();
        let store = Store::temporary().unwrap();
        store
            .restore(&mut std::io::Cursor::new(backup), false)
            .unwrap();
        check_migrated(&store);
    }

    #[test]
    fn a_hamlet_nobody_subscribed_to_has_no_number_and_no_subscribers() {
        let store = Store::temporary().unwrap();
        assert!(store.subscribers_of("dong").unwrap().is_empty());
        assert!(!store.unsubscribe("telegram:1", "dong").unwrap());
        assert_eq!(store.hamlet_numbers.len(), 0);
        assert!(store.reachable_subscribers(&["dong"]).unwrap().is_empty());
    }
}
