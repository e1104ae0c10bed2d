//! A message being handled: its author's user record (see `person.rs`) read once when the
//! message arrives, and what handling it changes there (who they are and where, their
//! subscriptions, their private chat's session) written once when it has been handled.
//!
//! A newcomer's `/dangky` changed their record three times (their arrival, the subscription,
//! the session with the buttons of the answer), and sled writes each change of a key as a
//! delta of the whole record, rewriting its leaf every few of them. The changes are kept as
//! a list and made again, at the end, on the record as it is then (under the lock every
//! change of a user record takes), so that what happened to the record meanwhile (a
//! delivery's outcome to the same person, a language chosen) is never undone. A record
//! forgotten meanwhile ("delete my data") stays forgotten.
//!
//! The order of writes a crash relies on holds: a subscription's broadcast index entry is
//! written when it is made, before the record that lists it (see [`Store::subscribe`]); a
//! session left in `sessions` is removed only after the record holding the newer one is
//! written. Nothing is durable before the caller's flush anyway.

use chrono::{DateTime, Utc};

use super::person::{Person, add_subscription};
use super::{Result, Session, Store, User, compact_chat};
use crate::model::Address;

/// A message from one person being handled (see the module's note). Made by
/// [`Store::arrive`], ended by [`Store::leave`]; dropped without `leave`, nothing of it is
/// written but the subscriptions' index entries.
#[derive(Debug)]
pub struct Visit {
    key: String,
    /// Their record as read on arrival.
    before: Person,
    /// The same with this message's changes.
    person: Person,
    /// The changes after their arrival, in order.
    changes: Vec<Change>,
}

#[derive(Debug)]
enum Change {
    Subscribed {
        hamlet: String,
        at: DateTime<Utc>,
    },
    /// Their private chat's session, encoded (`None`: the empty one).
    Session(Option<Vec<u8>>),
}

impl Visit {
    /// Who wrote: their profile, as this message left it.
    pub fn user(&self) -> &User {
        self.person.profile.as_ref().expect("made on arrival")
    }

    /// Whether they follow `hamlet`, this message's subscriptions included.
    pub fn follows(&self, hamlet: &str) -> bool {
        self.person.follows(hamlet)
    }

    /// The hamlet ids they follow, sorted by id, this message's subscriptions included: what
    /// [`Store::subscriptions_of`] reads, without reading the record again or copying it.
    pub fn followed(&self) -> impl Iterator<Item = &str> {
        self.person.subs.iter().map(|(h, _)| h.as_str())
    }

    fn change(&mut self, change: Change) -> bool {
        let changed = apply(&mut self.person, &change);
        self.changes.push(change);
        changed
    }
}

/// Makes `change` in `p`; true when the record must be written.
fn apply(p: &mut Person, change: &Change) -> bool {
    match change {
        Change::Subscribed { hamlet, at } => add_subscription(p, hamlet, *at),
        Change::Session(encoded) => {
            let changed = p.session != *encoded;
            p.session = encoded.clone();
            changed
        }
    }
}

/// `now` becomes `arrived` where it is still as it was `before`: a change made meanwhile
/// came after the arrival, and stays. True when `now` changed.
fn merge<T: PartialEq + Clone>(before: &T, arrived: &T, now: &mut T) -> bool {
    if *now == *before && *now != *arrived {
        *now = arrived.clone();
        return true;
    }
    false
}

/// What the arrival changed in the record (`before` → `arrived`: profile, reach, name),
/// made in `p`, the record as it is now, field by field.
fn merge_arrival(before: &Person, arrived: &Person, p: &mut Person) -> bool {
    let mut changed = false;
    match (&before.profile, &arrived.profile, &mut p.profile) {
        (Some(b), Some(a), Some(u)) => {
            changed |= merge(&b.address, &a.address, &mut u.address);
            changed |= merge(&b.active, &a.active, &mut u.active);
            changed |= merge(&b.last_seen, &a.last_seen, &mut u.last_seen);
        }
        (b, a, u) => changed |= merge(b, a, u),
    }
    let (b, a, r) = (&before.reach, &arrived.reach, &mut p.reach);
    changed |= merge(&b.last_inbound, &a.last_inbound, &mut r.last_inbound);
    changed |= merge(&b.left, &a.left, &mut r.left);
    changed |= merge(&before.name, &arrived.name, &mut p.name);
    changed
}

impl Store {
    /// A message from `key` in `address` (their messenger presenting them as `name`, if it
    /// does) at `now`: their record read once, and their arrival noted in it (profile, reach,
    /// name). Written by [`Store::leave`], and only when something a later reader needs
    /// changed (see [`Store::message_from`]), so the hot path of answering a question stays
    /// read-only.
    pub fn arrive(
        &self,
        key: &str,
        address: &Address,
        name: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Visit> {
        let before = self.person(key)?;
        let mut person = before.clone();
        super::people::touch(&mut person, key, address, now);
        super::reach::inbound(&mut person.reach, now);
        if let Some(n) = name.and_then(super::acks::kept_name) {
            person.name = Some(n);
        }
        Ok(Visit {
            key: key.to_string(),
            before,
            person,
            changes: Vec::new(),
        })
    }

    /// [`Store::subscribe`] by the author of a message being handled: the broadcast index
    /// entry is written now, their record when they leave. False when already subscribed.
    pub fn subscribe_in(
        &self,
        visit: &mut Visit,
        hamlet: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let _gate = self.writing();
        if visit.follows(hamlet) {
            self.repair_index(hamlet, &visit.key)?;
            return Ok(false);
        }
        self.index_subscriber(hamlet, &visit.key)?;
        Ok(visit.change(Change::Subscribed {
            hamlet: hamlet.to_string(),
            at: now,
        }))
    }

    /// [`Store::put_session`] at the end of handling a message: the session of the author's
    /// own chat goes into their record when they leave; another chat's is written now.
    pub fn put_session_in(
        &self,
        visit: &mut Visit,
        chat: &Address,
        session: &Session,
    ) -> Result<()> {
        if chat.key() != visit.key {
            return self.put_session(chat, session);
        }
        let encoded =
            (*session != Session::default()).then(|| compact_chat::encode_session(session));
        visit.change(Change::Session(encoded));
        Ok(())
    }

    /// The message has been handled: its changes are made on the record as it is now and
    /// written, once, if any changed it. Nothing is written for someone whose data was
    /// deleted meanwhile.
    pub fn leave(&self, visit: Visit) -> Result<()> {
        // Nothing changed since arrival (or since it settled): there is nothing to write, and
        // the record need not be read again to find that out.
        if visit.changes.is_empty() && visit.before == visit.person {
            return Ok(());
        }
        self.write_visit(&visit).map(|_| ())
    }

    /// Acknowledges, for the author of a message being handled, every notice open in their
    /// record as read on arrival and still valid since `valid_from` (one delivered since is
    /// acknowledged by their next message); forgets older ones. Returns those acknowledged,
    /// oldest first. Reads only this person's entries.
    pub fn acknowledge_open_in(
        &self,
        visit: &Visit,
        now: DateTime<Utc>,
        valid_from: DateTime<Utc>,
    ) -> Result<Vec<u64>> {
        let open: Vec<u64> = visit.person.open.iter().map(|(a, _)| *a).collect();
        if open.is_empty() {
            return Ok(open);
        }
        self.acknowledge_each(&visit.key, open, now, valid_from)
    }

    /// [`Store::session`] of `chat` while its author's message is handled: their own chat's
    /// session is in the record read on arrival.
    pub fn session_in(&self, visit: &Visit, chat: &Address) -> Result<Session> {
        match &visit.person.session {
            Some(bytes) if chat.key() == visit.key => compact_chat::decode_session(bytes),
            _ => self.session(chat),
        }
    }

    /// Writes what the message changed so far, as [`Store::leave`] does, and goes on with
    /// the record as written: for a request whose handling reads records the way everyone
    /// else does (an admin's statistics counting people), so that the author is in them.
    pub fn settle(&self, visit: &mut Visit) -> Result<()> {
        if let Some(p) = self.write_visit(visit)? {
            visit.before = p.clone();
            visit.person = p;
            visit.changes.clear();
        }
        Ok(())
    }

    /// The record as `visit` leaves it, written if it changed; `None` when it was deleted
    /// meanwhile (nothing is written then).
    fn write_visit(&self, visit: &Visit) -> Result<Option<Person>> {
        let Visit {
            key,
            before,
            person,
            changes,
        } = visit;
        let _gate = self.writing();
        let p = {
            let _one = self.people_lock.lock().unwrap_or_else(|e| e.into_inner());
            let mut p = self.person(key)?;
            if before.profile.is_some() && p.profile.is_none() {
                return Ok(None);
            }
            let mut changed = merge_arrival(before, person, &mut p);
            for change in changes {
                changed |= apply(&mut p, change);
            }
            if changed {
                self.users
                    .insert(key.as_bytes(), super::person::encode(key, &p))?;
            }
            p
        };
        // A session kept in `sessions` before the record held one (an officer offered
        // buttons before they first wrote) goes once the record holding the newer one is.
        let session = changes.iter().any(|c| matches!(c, Change::Session(_)));
        if session && self.sessions.contains_key(key.as_bytes())? {
            self.sessions.remove(key.as_bytes())?;
        }
        Ok(Some(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(ms: i64) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(ms).unwrap()
    }

    fn menu() -> Session {
        Session {
            choices: vec![(1, "news".into()), (2, "menu".into())],
            ..Session::default()
        }
    }

    /// The number of times sled accepted a new value for `key` since `before` was read.
    fn writes_of(store: &Store, key: &str, run: impl FnOnce()) -> usize {
        let mut events = store.users.watch_prefix(key.as_bytes());
        run();
        let mut n = 0;
        while events
            .next_timeout(std::time::Duration::from_millis(50))
            .is_ok()
        {
            n += 1;
        }
        n
    }

    #[test]
    fn a_newcomer_s_subscription_writes_their_record_once() {
        let store = Store::temporary().unwrap();
        let (me, chat) = ("telegram:5", Address::new("telegram", "5"));
        let now = t(1_764_000_000_000);
        let writes = writes_of(&store, me, || {
            let mut v = store.arrive(me, &chat, Some("Lò Văn A"), now).unwrap();
            assert_eq!(v.user().first_seen, now);
            assert!(store.subscribe_in(&mut v, "dong", now).unwrap());
            assert!(!store.subscribe_in(&mut v, "dong", now).unwrap());
            // Nothing of the record is written before they leave; the index is.
            assert_eq!(store.user(me).unwrap(), None);
            assert_eq!(store.subscribers_of("dong").unwrap(), [me]);
            store.put_session_in(&mut v, &chat, &menu()).unwrap();
            store.leave(v).unwrap();
        });
        assert_eq!(writes, 1);
        assert_eq!(store.user(me).unwrap().unwrap().first_seen, now);
        assert_eq!(store.subscriptions_of(me).unwrap(), ["dong"]);
        assert_eq!(store.session(&chat).unwrap(), menu());
        assert_eq!(store.display_name(me).unwrap().as_deref(), Some("Lò Văn A"));
        assert_eq!(store.reach(me).unwrap().last_inbound, Some(now));
        // Minutes later, the same answer again: nothing to write.
        let soon = now + chrono::Duration::minutes(5);
        let writes = writes_of(&store, me, || {
            let mut v = store.arrive(me, &chat, Some("Lò Văn A"), soon).unwrap();
            assert!(!store.subscribe_in(&mut v, "dong", soon).unwrap());
            store.put_session_in(&mut v, &chat, &menu()).unwrap();
            store.leave(v).unwrap();
        });
        assert_eq!(writes, 0);
    }

    #[test]
    fn what_a_visit_reads_is_the_record_as_read_on_arrival() {
        let store = Store::temporary().unwrap();
        let (me, chat) = ("telegram:5", Address::new("telegram", "5"));
        let group = Address::new("telegram", "-100");
        let now = t(1_764_000_000_000);
        store.message_from(me, &chat, None, now).unwrap();
        store.subscribe(me, "dong", now).unwrap();
        store.put_session(&chat, &menu()).unwrap();
        store.note_notice_delivered(7, me, now).unwrap();
        let later = now + chrono::Duration::minutes(5);
        let v = store.arrive(me, &chat, None, later).unwrap();
        assert_eq!(
            v.followed().collect::<Vec<_>>(),
            store.subscriptions_of(me).unwrap()
        );
        assert_eq!(store.session_in(&v, &chat).unwrap(), menu());
        // Another chat's session is not in their record.
        assert_eq!(store.session_in(&v, &group).unwrap(), Session::default());
        assert_eq!(store.acknowledge_open_in(&v, later, now).unwrap(), [7]);
        assert_eq!(
            store.acknowledge_open_in(&v, later, now).unwrap(),
            Vec::<u64>::new()
        );
        // Nothing changed by the message: leaving writes nothing.
        let writes = writes_of(&store, me, || store.leave(v).unwrap());
        assert_eq!(writes, 0);
        assert_eq!(store.session(&chat).unwrap(), menu());
    }

    #[test]
    fn changes_made_meanwhile_are_kept_and_a_forgotten_person_stays_forgotten() {
        let store = Store::temporary().unwrap();
        let (me, chat) = ("telegram:5", Address::new("telegram", "5"));
        let now = t(1_764_000_000_000);
        store.message_from(me, &chat, None, now).unwrap();
        let mut v = store
            .arrive(me, &chat, None, now + chrono::Duration::days(1))
            .unwrap();
        // A language chosen and a send's outcome noted while the message is handled.
        store.set_locale(me, crate::model::Locale::En).unwrap();
        store.note_left(me).unwrap();
        store.subscribe_in(&mut v, "dong", now).unwrap();
        store.put_session_in(&mut v, &chat, &menu()).unwrap();
        store.leave(v).unwrap();
        let u = store.user(me).unwrap().unwrap();
        assert_eq!(u.locale, Some(crate::model::Locale::En));
        assert_eq!(u.last_seen, now + chrono::Duration::days(1));
        assert!(store.reach(me).unwrap().left);
        assert_eq!(store.subscriptions_of(me).unwrap(), ["dong"]);
        // Their data deleted while a message of theirs is handled.
        let mut v = store.arrive(me, &chat, None, now).unwrap();
        store.forget_user(me).unwrap();
        store.put_session_in(&mut v, &chat, &menu()).unwrap();
        store.leave(v).unwrap();
        assert_eq!(store.user(me).unwrap(), None);
        assert_eq!(store.users.len(), 0);
        assert_eq!(store.session(&chat).unwrap(), Session::default());
    }

    #[test]
    fn settling_writes_what_changed_so_far_and_leaving_the_rest() {
        let store = Store::temporary().unwrap();
        let (me, chat) = ("telegram:5", Address::new("telegram", "5"));
        let now = t(1_764_000_000_000);
        let mut v = store.arrive(me, &chat, None, now).unwrap();
        assert!(store.all_users().unwrap().is_empty());
        store.settle(&mut v).unwrap();
        assert_eq!(store.all_users().unwrap().len(), 1, "counted while handled");
        let writes = writes_of(&store, me, || {
            store.settle(&mut v).unwrap();
            store.put_session_in(&mut v, &chat, &menu()).unwrap();
            store.leave(v).unwrap();
        });
        assert_eq!(writes, 1, "the session only");
        assert_eq!(store.session(&chat).unwrap(), menu());
        assert_eq!(store.user(me).unwrap().unwrap().first_seen, now);
    }

    #[test]
    fn another_chat_s_session_is_written_at_once_and_an_old_one_goes_on_leaving() {
        let store = Store::temporary().unwrap();
        let (me, chat) = ("telegram:5", Address::new("telegram", "5"));
        let group = Address::new("telegram", "-100");
        let now = t(1_764_000_000_000);
        // Buttons offered to an officer before they first wrote: kept in `sessions`.
        store.put_session(&chat, &menu()).unwrap();
        let mut v = store.arrive(me, &group, None, now).unwrap();
        store.put_session_in(&mut v, &group, &menu()).unwrap();
        assert_eq!(store.session(&group).unwrap(), menu());
        store.leave(v).unwrap();
        let mut v = store.arrive(me, &chat, None, now).unwrap();
        let next = Session {
            choices: vec![(1, "sub:dong".into())],
            ..Session::default()
        };
        store.put_session_in(&mut v, &chat, &next).unwrap();
        store.leave(v).unwrap();
        assert_eq!(store.session(&chat).unwrap(), next);
        assert_eq!(store.sessions.len(), 1, "the group's stays");
        assert!(store.sessions.get(chat.key().as_bytes()).unwrap().is_none());
    }
}
