//! Monthly allowances of paid or limited messages (Zalo's promotion messages): how many
//! were used per (allowance, period), so a restart never forgets what was spent.
//!
//! One tree, `quotas`: (allowance name, NUL, period such as "2026-12") → used, u32 BE.

use super::{Result, Store, keys};

fn count(v: Option<&[u8]>) -> u32 {
    v.and_then(|v| v.try_into().ok())
        .map(u32::from_be_bytes)
        .unwrap_or(0)
}

impl Store {
    /// Takes one of `limit` messages of allowance `name` in `period`: false (nothing
    /// changes) when all are used.
    pub fn take_quota(&self, name: &str, period: &str, limit: u32) -> Result<bool> {
        let _gate = self.writing();
        let mut taken = false;
        self.quotas
            .update_and_fetch(keys::pair(name, period), |old| {
                let used = count(old);
                taken = used < limit;
                Some(if taken { used + 1 } else { used }.to_be_bytes().to_vec())
            })?;
        Ok(taken)
    }

    /// Gives back one message taken with [`Store::take_quota`] that was not sent after all.
    pub fn give_back_quota(&self, name: &str, period: &str) -> Result<()> {
        let _gate = self.writing();
        self.quotas
            .update_and_fetch(keys::pair(name, period), |old| {
                Some(count(old).saturating_sub(1).to_be_bytes().to_vec())
            })?;
        Ok(())
    }

    /// How many messages of allowance `name` were used in `period`.
    pub fn quota_used(&self, name: &str, period: &str) -> Result<u32> {
        Ok(count(self.quotas.get(keys::pair(name, period))?.as_deref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quota_is_taken_up_to_its_limit_per_period_and_given_back() {
        let s = Store::temporary().unwrap();
        assert!(s.take_quota("zalo:promotion", "2026-12", 2).unwrap());
        assert!(s.take_quota("zalo:promotion", "2026-12", 2).unwrap());
        assert!(!s.take_quota("zalo:promotion", "2026-12", 2).unwrap());
        assert_eq!(s.quota_used("zalo:promotion", "2026-12").unwrap(), 2);
        // A new month starts afresh; another allowance is apart.
        assert!(s.take_quota("zalo:promotion", "2027-01", 2).unwrap());
        assert!(s.take_quota("other", "2026-12", 1).unwrap());
        s.give_back_quota("zalo:promotion", "2026-12").unwrap();
        assert!(s.take_quota("zalo:promotion", "2026-12", 2).unwrap());
        s.give_back_quota("nothing", "2026-12").unwrap();
        assert_eq!(s.quota_used("nothing", "2026-12").unwrap(), 0);
    }
}
