//! People in the store: users (language, where to reach them, active or not) and subscriptions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Recipient, Result, Store, keys};
use crate::model::Address;
use crate::model::Locale;

/// One person who has written to the bot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// "platform:id".
    pub key: String,
    /// Where announcements to them go (their private chat).
    pub address: Address,
    /// Chosen language; `None` until they choose (the platform hint is used meanwhile).
    pub locale: Option<Locale>,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// False once the platform said they blocked the bot; true again when they write.
    pub active: bool,
}

impl Store {
    /// The person's profile; `None` for someone who never wrote (see `person.rs`).
    pub fn user(&self, key: &str) -> Result<Option<User>> {
        Ok(self.person(key)?.profile)
    }

    /// A message from `key` in `address` (their messenger presenting them as `name`, if it
    /// does) at `now`: the profile, their reach and their name, in one read and at most one
    /// write of their record. Writes only when something a later reader needs changed (see
    /// [`Store::touch_user`], [`Store::note_inbound`], [`Store::set_display_name`]), so the
    /// hot path of answering a question stays read-only. The core uses [`Store::arrive`]
    /// instead, so that what handling the message changes is written with it.
    pub fn message_from(
        &self,
        key: &str,
        address: &Address,
        name: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<User> {
        let visit = self.arrive(key, address, name, now)?;
        let user = visit.user().clone();
        self.leave(visit)?;
        Ok(user)
    }

    /// Records that `key` wrote from `address` now. Writes only when something a later
    /// reader needs changed (new user, new chat, inactive, or a new day), to keep the hot
    /// path of answering a question read-only.
    pub fn touch_user(&self, key: &str, address: &Address, now: DateTime<Utc>) -> Result<User> {
        let (p, _) = self.change_person(key, |p| touch(p, key, address, now), |c| *c)?;
        Ok(p.profile.expect("touched"))
    }

    pub fn set_locale(&self, key: &str, locale: Locale) -> Result<()> {
        self.change_person(
            key,
            |p| match &mut p.profile {
                Some(u) if u.locale != Some(locale) => {
                    u.locale = Some(locale);
                    true
                }
                _ => false,
            },
            |c| *c,
        )?;
        Ok(())
    }

    /// Marks a user unreachable (blocked the bot, deactivated); they stay subscribed and
    /// become active again when they write.
    pub fn set_active(&self, key: &str, active: bool) -> Result<()> {
        self.change_person(
            key,
            |p| match &mut p.profile {
                Some(u) if u.active != active => {
                    u.active = active;
                    true
                }
                _ => false,
            },
            |c| *c,
        )?;
        Ok(())
    }

    /// Subscribes; returns false when already subscribed.
    ///
    /// Two single-key writes rather than a sled transaction: a transaction makes sled write
    /// out its log buffer twice (about 6 KB on disk per subscription). The person's list is
    /// in their user record (schema 7), so only the broadcast index gains a key. The order
    /// makes a crash between them harmless: the broadcast index is written first, so an
    /// interrupted subscription (never confirmed to the person) at worst brings them notices
    /// they asked for, and asking again completes it; a user forgotten since is skipped by
    /// every broadcast.
    pub fn subscribe(&self, user: &str, hamlet: &str, now: DateTime<Utc>) -> Result<bool> {
        let _gate = self.writing();
        if self.person(user)?.follows(hamlet) {
            self.repair_index(hamlet, user)?;
            return Ok(false);
        }
        self.index_subscriber(hamlet, user)?;
        let (_, added) = self.change_person_gated(
            user,
            |p| super::person::add_subscription(p, hamlet, now),
            |added| *added,
        )?;
        Ok(added)
    }

    /// Adds `user` to `hamlet`'s broadcast index (under the write gate).
    pub(super) fn index_subscriber(&self, hamlet: &str, user: &str) -> Result<()> {
        let n = self.hamlet_number_or_new(hamlet)?;
        self.hamlet_subscribers
            .insert(keys::subscriber(n, user), &[])?;
        Ok(())
    }

    /// Writes the index entry of a subscription `user` has, if a crash kept it from being
    /// written (under the write gate).
    pub(super) fn repair_index(&self, hamlet: &str, user: &str) -> Result<()> {
        let index = keys::subscriber(self.hamlet_number_or_new(hamlet)?, user);
        if !self.hamlet_subscribers.contains_key(&index)? {
            self.hamlet_subscribers.insert(index, &[])?;
        }
        Ok(())
    }

    /// Unsubscribes; returns false when they were not subscribed.
    ///
    /// The subscription goes first, then the broadcast index (see [`Store::subscribe`]): a
    /// crash between them leaves the person still receiving notices, never listed as
    /// subscribed while receiving none; asking again completes it.
    pub fn unsubscribe(&self, user: &str, hamlet: &str) -> Result<bool> {
        let _gate = self.writing();
        let (_, was) = self.change_person_gated(
            user,
            |p| {
                let before = p.subs.len();
                p.subs.retain(|(h, _)| h != hamlet);
                p.subs.len() != before
            },
            |was| *was,
        )?;
        if let Some(n) = self.hamlet_number(hamlet) {
            self.hamlet_subscribers.remove(keys::subscriber(n, user))?;
        }
        Ok(was)
    }

    /// The users in `hamlet`'s broadcast index, in key order (none for a hamlet nobody
    /// ever subscribed to).
    fn index_of<'a>(&'a self, hamlet: &str) -> impl Iterator<Item = Result<String>> + 'a {
        let entries = self.hamlet_number(hamlet).map(|n| {
            self.hamlet_subscribers
                .scan_prefix(keys::subscriber_prefix(n))
        });
        entries.into_iter().flatten().filter_map(|kv| match kv {
            Ok((k, _)) => keys::subscriber_user(&k).map(Ok),
            Err(e) => Some(Err(e.into())),
        })
    }

    /// Hamlet ids the user is subscribed to, sorted by id.
    pub fn subscriptions_of(&self, user: &str) -> Result<Vec<String>> {
        Ok(self
            .person(user)?
            .subs
            .into_iter()
            .map(|(h, _)| h)
            .collect())
    }

    /// Every subscriber of a hamlet (active or not).
    pub fn subscribers_of(&self, hamlet: &str) -> Result<Vec<String>> {
        self.index_of(hamlet).collect()
    }

    /// Active subscribers of the given hamlets, each once, with where and in which language
    /// to reach them. Only what delivery needs is kept, so 100,000 recipients stay small.
    pub fn reachable_subscribers(&self, hamlets: &[&str]) -> Result<Vec<Recipient>> {
        self.reachable_subscribers_iter(hamlets).collect()
    }

    /// [`Store::reachable_subscribers`] read one at a time, in hamlet then user order, so a
    /// broadcast to 100,000 people never holds them all in memory. Someone subscribed to
    /// several of the hamlets comes with the first of them only.
    pub fn reachable_subscribers_iter<'a>(
        &'a self,
        hamlets: &'a [&'a str],
    ) -> impl Iterator<Item = Result<Recipient>> + 'a {
        hamlets.iter().enumerate().flat_map(move |(i, h)| {
            self.index_of(h).filter_map(move |user| {
                let reachable = || -> Result<Option<Recipient>> {
                    let user = user?;
                    let p = self.person(&user)?;
                    if hamlets[..i].iter().any(|earlier| p.follows(earlier)) {
                        return Ok(None);
                    }
                    Ok(p.profile.filter(|u| u.active).map(|u| Recipient {
                        user: u.key,
                        address: u.address,
                        locale: u.locale,
                    }))
                };
                reachable().transpose()
            })
        })
    }

    /// Every subscriber of the given hamlets, active or not, each once (with the first of
    /// the hamlets they follow), read one at a time: the preview's reachability figures.
    pub fn subscribers_iter<'a>(
        &'a self,
        hamlets: &'a [&'a str],
    ) -> impl Iterator<Item = Result<User>> + 'a {
        hamlets.iter().enumerate().flat_map(move |(i, h)| {
            self.index_of(h).filter_map(move |user| {
                let one = || -> Result<Option<User>> {
                    let user = user?;
                    let p = self.person(&user)?;
                    if hamlets[..i].iter().any(|earlier| p.follows(earlier)) {
                        return Ok(None);
                    }
                    Ok(p.profile)
                };
                one().transpose()
            })
        })
    }

    /// Deletes everything kept about a user: profile, subscriptions, conversation state,
    /// deliveries addressed to them (pending ones are never sent), the texts of their
    /// questions kept for statistics and the questions they sent to officers, answered or
    /// not, their acknowledgements of notices and the name their messenger gave, and the
    /// notices they scheduled that have not gone yet (standing ones too). Announcements a
    /// head wrote and that went stay, as the hamlet's record.
    pub fn forget_user(&self, user: &str) -> Result<()> {
        let hamlets = self.subscriptions_of(user)?;
        for h in &hamlets {
            self.unsubscribe(user, h)?;
        }
        self.remove_deliveries_to(user)?;
        self.remove_questions_of(user)?;
        self.forget_questions_of(user)?;
        self.forget_reply_failures(user)?;
        self.forget_acks_of(user)?;
        self.forget_caught_up_of(user)?;
        self.forget_scheduled_of(user)?;
        let _gate = self.writing();
        if let Some(u) = self.user(user)? {
            self.sessions.remove(u.address.key().as_bytes())?;
        }
        let _one = self.people_lock.lock().unwrap_or_else(|e| e.into_inner());
        self.users.remove(user.as_bytes())?;
        Ok(())
    }
}

/// What a message from `key` in `address` at `now` changes in their profile; true when the
/// record must be written (new person, new chat, inactive before, or a new day).
pub(super) fn touch(
    p: &mut super::person::Person,
    key: &str,
    address: &Address,
    now: DateTime<Utc>,
) -> bool {
    match &mut p.profile {
        Some(u) => {
            let same_day = u.last_seen.date_naive() == now.date_naive();
            if u.address == *address && u.active && same_day {
                return false;
            }
            u.address = address.clone();
            u.active = true;
            u.last_seen = now;
            true
        }
        None => {
            p.profile = Some(User {
                key: key.to_string(),
                address: address.clone(),
                locale: None,
                first_seen: now,
                last_seen: now,
                active: true,
            });
            true
        }
    }
}
