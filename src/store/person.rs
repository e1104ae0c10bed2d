//! The user record (schema 6, 7): one record per person in `users`, under their user key,
//! holding what a message from them can change: their profile (where to reach them, language,
//! first and last seen, active), how they were last seen reachable, the name their messenger
//! presents, (schema 7) the hamlets they subscribed to, and (schema 8) the state of their
//! private chat (its session: the buttons last offered, a draft waiting for confirmation),
//! and (schema 9) the notices delivered to them and not acknowledged yet.
//!
//! sled 0.34's cost on disk follows how many trees gain a new key per operation (a new key
//! fills leaves, and each split rewrites both halves and the parent index: ~630 B per new key
//! at 20,000 people), not the bytes of the values. Schema 5 kept these three in three trees
//! (`users`, `reach`, `display_names`), so a newcomer's first message added three keys; now
//! it adds one, written once per message by [`Store::message_from`]. Schema 6 still kept a
//! person's subscriptions in `subs` ((user, hamlet) → when), a fourth new key per newcomer;
//! schema 7 keeps them in the record (the broadcast index `subs_by_hamlet` stays), and
//! schema 8 the private chat's session, which schema 7 kept in `sessions` under the chat's
//! key (the same as the user key for a private chat). Sessions of other chats (groups, an
//! officer's chat before they ever wrote) stay in `sessions`.
//!
//! A record may have no profile: a send's outcome noted for an officer who never wrote, or a
//! name a messenger gave before the person's first message. [`Store::user`] reads such a
//! record as nobody. Records of schema 5 and earlier (profile only, compact or JSON) still
//! read; the 5 → 6 migration moves the `reach` and `display_names` entries into them, the
//! 6 → 7 migration the `subs` entries, the 7 → 8 migration the sessions of people's own chats,
//! the 8 → 9 migration the `acks_open` entries (one new key per delivery before).

use chrono::{DateTime, Utc};

use super::compact::{
    Reader, implied_address, locale_code, locale_of, put_address, put_bytes, put_time, put_varint,
};
use super::{Reach, Result, Store, User, compact};

/// First byte of a schema-6 user record (other compact records use 1–6).
const PERSON_V1: u8 = 7;

const PROFILE: u64 = 1;
const LOCALE: u64 = 2;
const ADDRESS: u64 = 4;
const ACTIVE: u64 = 8;
const REACH: u64 = 16;
const NAME: u64 = 32;
const SUBS: u64 = 64;
const SESSION: u64 = 128;
const OPEN: u64 = 256;
const SENT: u64 = 512;
const KNOWN: u64 =
    PROFILE | LOCALE | ADDRESS | ACTIVE | REACH | NAME | SUBS | SESSION | OPEN | SENT;

/// How many notices delivered and not acknowledged a record keeps (the newest): a person who
/// never writes back would otherwise make their record grow with every notice.
pub(super) const OPEN_KEPT: usize = 32;

/// How many messenger message ids of notices sent to them a record keeps (the newest), to
/// match the messenger's receipts ("received", "seen") with their notice: receipts come
/// within days, and a record must not grow with every notice.
pub(super) const SENT_KEPT: usize = 16;

/// Everything kept about one person under their user key.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Person {
    /// `None` until they wrote to the bot (see the module's note).
    pub profile: Option<User>,
    pub reach: Reach,
    /// The name their messenger presents, if it gave one.
    pub name: Option<String>,
    /// The hamlets they subscribed to, by hamlet id, and when.
    pub subs: Vec<(String, DateTime<Utc>)>,
    /// Their private chat's session as `compact_chat.rs` encodes it (decoded only when the
    /// session is read), if it is not the empty one.
    pub session: Option<Vec<u8>>,
    /// Notices delivered to them and not acknowledged yet, by announcement id, with when
    /// each was delivered (at most [`OPEN_KEPT`], oldest first).
    pub open: Vec<(u64, DateTime<Utc>)>,
    /// The ids messengers gave notices sent to them, by announcement id (at most
    /// [`SENT_KEPT`], oldest first): a receipt names the message, this finds its notice.
    pub sent: Vec<(u64, String)>,
}

impl Person {
    fn is_empty(&self) -> bool {
        *self == Person::default()
    }
}

fn put_opt_time(out: &mut Vec<u8>, t: Option<DateTime<Utc>>) {
    put_varint(out, t.map_or(0, super::keys::millis));
}

/// The length of a counted list; more entries than bytes left means a damaged record.
fn count(r: &mut Reader) -> Result<u64> {
    let n = r.varint()?;
    if n > r.remaining() as u64 {
        return Err(r.bad());
    }
    Ok(n)
}

fn opt_time(r: &mut Reader) -> Result<Option<DateTime<Utc>>> {
    let ms = r.varint()?;
    if ms == 0 {
        return Ok(None);
    }
    let ms = i64::try_from(ms).map_err(|_| r.bad())?;
    Ok(Some(
        DateTime::from_timestamp_millis(ms).ok_or_else(|| r.bad())?,
    ))
}

pub(super) fn encode(key: &str, p: &Person) -> Vec<u8> {
    let mut out = Vec::with_capacity(32);
    out.push(PERSON_V1);
    let mut flags = 0;
    let own_address = p
        .profile
        .as_ref()
        .is_none_or(|u| implied_address(key).as_ref() == Some(&u.address));
    if let Some(u) = &p.profile {
        flags |= PROFILE;
        if u.locale.is_some() {
            flags |= LOCALE;
        }
        if !own_address {
            flags |= ADDRESS;
        }
        if u.active {
            flags |= ACTIVE;
        }
    }
    if p.reach != Reach::default() {
        flags |= REACH;
    }
    if p.name.is_some() {
        flags |= NAME;
    }
    if !p.subs.is_empty() {
        flags |= SUBS;
    }
    if p.session.is_some() {
        flags |= SESSION;
    }
    if !p.open.is_empty() {
        flags |= OPEN;
    }
    if !p.sent.is_empty() {
        flags |= SENT;
    }
    put_varint(&mut out, flags);
    if let Some(u) = &p.profile {
        put_time(&mut out, u.first_seen);
        put_time(&mut out, u.last_seen);
        if let Some(l) = u.locale {
            out.push(locale_code(l));
        }
        if !own_address {
            put_address(&mut out, &u.address);
        }
    }
    if flags & REACH != 0 {
        out.push(u8::from(p.reach.left));
        put_opt_time(&mut out, p.reach.last_inbound);
        put_opt_time(&mut out, p.reach.window_refused);
        put_opt_time(&mut out, p.reach.last_sent);
    }
    if let Some(name) = &p.name {
        put_bytes(&mut out, name.as_bytes());
    }
    if !p.subs.is_empty() {
        put_varint(&mut out, p.subs.len() as u64);
        for (hamlet, at) in &p.subs {
            put_bytes(&mut out, hamlet.as_bytes());
            put_varint(&mut out, super::keys::millis(*at));
        }
    }
    if let Some(session) = &p.session {
        put_bytes(&mut out, session);
    }
    if !p.open.is_empty() {
        put_varint(&mut out, p.open.len() as u64);
        for (ann, at) in &p.open {
            put_varint(&mut out, *ann);
            put_varint(&mut out, super::keys::millis(*at));
        }
    }
    if !p.sent.is_empty() {
        put_varint(&mut out, p.sent.len() as u64);
        for (ann, id) in &p.sent {
            put_varint(&mut out, *ann);
            put_bytes(&mut out, id.as_bytes());
        }
    }
    out
}

/// Reads a user record stored under `key`: schema 6's, or a profile written by schema 1–5.
pub(super) fn decode(key: &[u8], value: &[u8]) -> Result<Person> {
    if value.first() != Some(&PERSON_V1) {
        return Ok(Person {
            profile: Some(compact::decode_user(key, value)?),
            ..Person::default()
        });
    }
    let mut r = Reader::new(&value[1..], "users");
    let key = std::str::from_utf8(key).map_err(|_| r.bad())?;
    let flags = r.varint()?;
    if flags & !KNOWN != 0 {
        return Err(r.bad());
    }
    let mut p = Person::default();
    if flags & PROFILE != 0 {
        let first_seen = r.time()?;
        let last_seen = r.time()?;
        let locale = match flags & LOCALE != 0 {
            true => Some(locale_of(r.byte()?).ok_or_else(|| r.bad())?),
            false => None,
        };
        let address = match flags & ADDRESS != 0 {
            true => r.address()?,
            false => implied_address(key).ok_or_else(|| r.bad())?,
        };
        p.profile = Some(User {
            key: key.to_string(),
            address,
            locale,
            first_seen,
            last_seen,
            active: flags & ACTIVE != 0,
        });
    }
    if flags & REACH != 0 {
        p.reach.left = r.byte()? == 1;
        p.reach.last_inbound = opt_time(&mut r)?;
        p.reach.window_refused = opt_time(&mut r)?;
        p.reach.last_sent = opt_time(&mut r)?;
    }
    if flags & NAME != 0 {
        p.name = Some(r.string()?);
    }
    if flags & SUBS != 0 {
        let n = count(&mut r)?;
        for _ in 0..n {
            let hamlet = r.string()?;
            let at = opt_time(&mut r)?.unwrap_or_default();
            p.subs.push((hamlet, at));
        }
    }
    if flags & SESSION != 0 {
        p.session = Some(r.bytes()?.to_vec());
    }
    if flags & OPEN != 0 {
        let n = count(&mut r)?;
        for _ in 0..n {
            let ann = r.varint()?;
            let at = opt_time(&mut r)?.unwrap_or_default();
            p.open.push((ann, at));
        }
    }
    if flags & SENT != 0 {
        let n = count(&mut r)?;
        for _ in 0..n {
            let ann = r.varint()?;
            p.sent.push((ann, r.string()?));
        }
    }
    if !r.done() {
        return Err(r.bad());
    }
    Ok(p)
}

impl Store {
    /// Everything kept about `key` (empty for someone never seen).
    pub(super) fn person(&self, key: &str) -> Result<Person> {
        Ok(self
            .users
            .get(key.as_bytes())?
            .map(|v| decode(key.as_bytes(), &v))
            .transpose()?
            .unwrap_or_default())
    }

    /// Reads `key`'s record, lets `change` edit it (returning whether it changed anything),
    /// and writes it back once if it did. Every change of a user record goes through here,
    /// one at a time, so that changes made at once (a message and a delivery's outcome to
    /// the same person) never undo each other.
    pub(super) fn change_person<T>(
        &self,
        key: &str,
        change: impl FnOnce(&mut Person) -> T,
        changed: impl FnOnce(&T) -> bool,
    ) -> Result<(Person, T)> {
        let _gate = self.writing();
        self.change_person_gated(key, change, changed)
    }

    /// [`Store::change_person`] for a caller that holds the write gate already (a change
    /// that writes another tree too, so a backup sees both or neither).
    pub(super) fn change_person_gated<T>(
        &self,
        key: &str,
        change: impl FnOnce(&mut Person) -> T,
        changed: impl FnOnce(&T) -> bool,
    ) -> Result<(Person, T)> {
        let _one = self.people_lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut p = self.person(key)?;
        let out = change(&mut p);
        if changed(&out) {
            if p.is_empty() {
                self.users.remove(key.as_bytes())?;
            } else {
                self.users.insert(key.as_bytes(), encode(key, &p))?;
            }
        }
        Ok((p, out))
    }

    /// Schema 5 → 6: the `reach` and `display_names` entries move into the user records
    /// (each written before its old entry is removed, so a migration cut short by a crash
    /// is simply done again at the next start).
    pub(super) fn migrate_people(&self) -> Result<()> {
        for kv in self.reach.iter() {
            let (k, v) = kv?;
            let key = String::from_utf8_lossy(&k).into_owned();
            let reach = super::reach::decode(&v);
            self.change_person(&key, |p| p.reach = reach, |_| true)?;
            self.reach.remove(&k)?;
        }
        for kv in self.display_names.iter() {
            let (k, v) = kv?;
            let key = String::from_utf8_lossy(&k).into_owned();
            let name = String::from_utf8_lossy(&v).into_owned();
            self.change_person(&key, |p| p.name = Some(name), |_| true)?;
            self.display_names.remove(&k)?;
        }
        Ok(())
    }

    /// Schema 6 → 7: the `subs` entries ((user, hamlet) → when: 8 bytes big-endian, or a
    /// JSON date before schema 4) move into the user records, each written before its old
    /// entry is removed.
    pub(super) fn migrate_subscriptions(&self) -> Result<()> {
        for kv in self.subs.iter() {
            let (k, v) = kv?;
            let Some(i) = k.iter().position(|&b| b == 0) else {
                self.subs.remove(&k)?;
                continue;
            };
            let user = String::from_utf8_lossy(&k[..i]).into_owned();
            let hamlet = String::from_utf8_lossy(&k[i + 1..]).into_owned();
            let at = super::keys::time_of(&v)
                .filter(|_| v.len() == 8)
                .or_else(|| serde_json::from_slice::<DateTime<Utc>>(&v).ok())
                .unwrap_or_default();
            self.change_person(&user, |p| add_subscription(p, &hamlet, at), |_| true)?;
            self.subs.remove(&k)?;
        }
        Ok(())
    }

    /// Schema 8 → 9: the `acks_open` entries ((user, announcement) → when delivered) move
    /// into the user records, each written before its old entry is removed.
    pub(super) fn migrate_open_notices(&self) -> Result<()> {
        for kv in self.acks_open.iter() {
            let (k, v) = kv?;
            let (Some(ann), Some(at)) = (super::keys::open_notice_id(&k), super::keys::time_of(&v))
            else {
                self.acks_open.remove(&k)?;
                continue;
            };
            let user = String::from_utf8_lossy(&k[..k.len().saturating_sub(9)]).into_owned();
            self.change_person(&user, |p| add_open(p, ann, at), |_| true)?;
            self.acks_open.remove(&k)?;
        }
        Ok(())
    }

    /// Schema 7 → 8: the session of each person's own chat (its key is their user key)
    /// moves from `sessions` into their record, written before the old entry is removed;
    /// sessions of other chats stay.
    pub(super) fn migrate_sessions(&self) -> Result<()> {
        for kv in self.sessions.iter() {
            let (k, v) = kv?;
            if !self.users.contains_key(&k)? {
                continue;
            }
            let key = String::from_utf8_lossy(&k).into_owned();
            self.change_person(&key, |p| p.session = Some(v.to_vec()), |_| true)?;
            self.sessions.remove(&k)?;
        }
        Ok(())
    }
}

/// Adds `hamlet` to `p`'s subscriptions (kept in hamlet order); false when already there.
pub(super) fn add_subscription(p: &mut Person, hamlet: &str, at: DateTime<Utc>) -> bool {
    match p.subs.binary_search_by(|(h, _)| h.as_str().cmp(hamlet)) {
        Ok(_) => false,
        Err(i) => {
            p.subs.insert(i, (hamlet.to_string(), at));
            true
        }
    }
}

/// Notes notice `ann` delivered to `p` at `at` (kept by id, the newest [`OPEN_KEPT`]);
/// false when nothing changed.
pub(super) fn add_open(p: &mut Person, ann: u64, at: DateTime<Utc>) -> bool {
    match p.open.binary_search_by_key(&ann, |(a, _)| *a) {
        Ok(i) if p.open[i].1 == at => false,
        Ok(i) => {
            p.open[i].1 = at;
            true
        }
        Err(i) => {
            p.open.insert(i, (ann, at));
            let extra = p.open.len().saturating_sub(OPEN_KEPT);
            p.open.drain(..extra);
            true
        }
    }
}

/// Notes the id `message` a messenger gave notice `ann` sent to `p` (kept by notice, the
/// newest [`SENT_KEPT`]); false when nothing changed.
pub(super) fn add_sent(p: &mut Person, ann: u64, message: &str) -> bool {
    match p.sent.binary_search_by_key(&ann, |(a, _)| *a) {
        Ok(i) if p.sent[i].1 == message => false,
        Ok(i) => {
            p.sent[i].1 = message.to_string();
            true
        }
        Err(i) => {
            p.sent.insert(i, (ann, message.to_string()));
            let extra = p.sent.len().saturating_sub(SENT_KEPT);
            p.sent.drain(..extra);
            true
        }
    }
}

impl Person {
    /// Whether they subscribed to `hamlet`.
    pub(super) fn follows(&self, hamlet: &str) -> bool {
        self.subs.iter().any(|(h, _)| h == hamlet)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Session;
    use super::*;
    use crate::model::{Address, Locale};
    use chrono::TimeZone;

    fn t(ms: i64) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(ms).unwrap()
    }

    fn someone() -> Person {
        Person {
            profile: Some(User {
                key: "telegram:123456789".into(),
                address: Address::new("telegram", "123456789"),
                locale: Some(Locale::Vi),
                first_seen: t(1_764_000_000_123),
                last_seen: t(1_764_000_500_000),
                active: true,
            }),
            reach: Reach {
                last_inbound: Some(t(1_764_000_500_000)),
                ..Reach::default()
            },
            name: Some("Lò Văn A".into()),
            subs: vec![("dong".into(), t(1_764_000_000_500))],
            session: None,
            open: vec![(3, t(1_764_000_600_000))],
            sent: vec![(3, "4711".into())],
        }
    }

    #[test]
    fn records_round_trip_small() {
        let key = "telegram:123456789";
        let mut p = someone();
        let bytes = encode(key, &p);
        assert!(bytes.len() <= 72, "{} bytes", bytes.len());
        assert_eq!(decode(key.as_bytes(), &bytes).unwrap(), p);
        // Elsewhere, inactive, left and refused, no name.
        let u = p.profile.as_mut().unwrap();
        u.address = Address::new("zalo", "x");
        u.active = false;
        u.locale = None;
        p.reach.left = true;
        p.reach.window_refused = Some(t(5));
        p.reach.last_sent = Some(t(6));
        p.name = None;
        p.subs.push(("na_lai".into(), t(7)));
        p.session = Some(vec![5, 0, 0]);
        assert_eq!(decode(key.as_bytes(), &encode(key, &p)).unwrap(), p);
        // No profile: only what was noted.
        let officer = Person {
            reach: Reach {
                left: true,
                ..Reach::default()
            },
            ..Person::default()
        };
        assert_eq!(
            decode(b"zalo:9", &encode("zalo:9", &officer)).unwrap(),
            officer
        );
    }

    #[test]
    fn profiles_of_schema_5_and_older_still_read() {
        let p = someone();
        let u = p.profile.clone().unwrap();
        for old in [compact::encode_user(&u), serde_json::to_vec(&u).unwrap()] {
            let read = decode(u.key.as_bytes(), &old).unwrap();
            assert_eq!(read.profile.as_ref(), Some(&u));
            assert_eq!((read.reach, read.name), (Reach::default(), None));
            assert!(read.subs.is_empty() && read.session.is_none() && read.open.is_empty());
        }
    }

    /// Writes into `store` what schema 5 wrote for three people (the same bytes: the
    /// profile in `users`, then `reach`, `display_names`, and the subscription in `subs` and
    /// `subs_by_hamlet`), and says it is version 5.
    fn write_schema_5(store: &Store) -> (User, Reach) {
        let u = someone().profile.unwrap();
        let reach = Reach {
            last_inbound: Some(t(1_764_000_500_000)),
            window_refused: Some(t(1_764_000_600_000)),
            ..Reach::default()
        };
        store
            .users
            .insert(u.key.as_bytes(), compact::encode_user(&u))
            .unwrap();
        store
            .reach
            .insert(u.key.as_bytes(), &super::super::reach::encode(&reach))
            .unwrap();
        store
            .display_names
            .insert(u.key.as_bytes(), "Lò Văn A".as_bytes())
            .unwrap();
        // An officer who never wrote: a send's outcome only; a Zalo follower: a name only.
        let left = Reach {
            left: true,
            ..Reach::default()
        };
        store
            .reach
            .insert(b"telegram:77", &super::super::reach::encode(&left))
            .unwrap();
        store
            .display_names
            .insert(b"zalo:5", "Cầm Thị B".as_bytes())
            .unwrap();
        store
            .meta
            .insert(super::super::SCHEMA_KEY, &5u32.to_be_bytes())
            .unwrap();
        // A subscription as schemas 4–6 wrote it (`Store::subscribe` of schema 6).
        store
            .subs_by_hamlet
            .insert(super::super::keys::pair("dong", &u.key), &[])
            .unwrap();
        store
            .subs
            .insert(
                super::super::keys::pair(&u.key, "dong"),
                &1_764_000_000_500i64.to_be_bytes(),
            )
            .unwrap();
        // A notice delivered and not acknowledged, as schema 4–8 wrote it.
        store
            .acks_open
            .insert(
                super::super::keys::open_notice(&u.key, 9),
                &super::super::keys::time_value(t(1_764_000_700_000)),
            )
            .unwrap();
        // Sessions as schema 4–7 wrote them: the person's own chat, and a group's.
        let choices = Session {
            choices: vec![(1, "sub:dong".into())],
            ..Session::default()
        };
        store
            .sessions
            .insert(
                u.key.as_bytes(),
                super::super::compact_chat::encode_session(&choices),
            )
            .unwrap();
        store
            .sessions
            .insert(
                b"telegram:-100",
                super::super::compact_chat::encode_session(&choices),
            )
            .unwrap();
        // And a subscription as schema 1–3 wrote it (a JSON date), of the officer.
        store
            .subs_by_hamlet
            .insert(super::super::keys::pair("na_lai", "telegram:77"), &[])
            .unwrap();
        store
            .subs
            .insert(
                super::super::keys::pair("telegram:77", "na_lai"),
                serde_json::to_vec(&t(1_764_000_000_900)).unwrap(),
            )
            .unwrap();
        store.flush().unwrap();
        (u, reach)
    }

    fn check_migrated(store: &Store, u: &User, reach: Reach) {
        assert_eq!(
            store.schema_version().unwrap(),
            super::super::SCHEMA_VERSION
        );
        assert_eq!(store.user(&u.key).unwrap().as_ref(), Some(u));
        assert_eq!(store.reach(&u.key).unwrap(), reach);
        assert_eq!(
            store.display_name(&u.key).unwrap().as_deref(),
            Some("Lò Văn A")
        );
        assert_eq!(store.user("telegram:77").unwrap(), None);
        assert!(store.reach("telegram:77").unwrap().left);
        assert_eq!(store.user("zalo:5").unwrap(), None);
        assert_eq!(
            store.display_name("zalo:5").unwrap().as_deref(),
            Some("Cầm Thị B")
        );
        assert!(store.reach.is_empty() && store.display_names.is_empty());
        assert!(store.subs.is_empty());
        let own = Session {
            choices: vec![(1, "sub:dong".into())],
            ..Session::default()
        };
        assert_eq!(store.session(&u.address).unwrap(), own);
        assert_eq!(
            store.session(&Address::new("telegram", "-100")).unwrap(),
            own
        );
        assert_eq!(store.sessions.len(), 1, "the group's session stays");
        assert!(store.acks_open.is_empty());
        assert_eq!(
            store.person(&u.key).unwrap().open,
            [(9, t(1_764_000_700_000))]
        );
        assert!(store.person(&u.key).unwrap().session.is_some());
        assert_eq!(store.subscriptions_of(&u.key).unwrap(), ["dong"]);
        assert_eq!(store.subscriptions_of("telegram:77").unwrap(), ["na_lai"]);
        assert_eq!(
            store.person("telegram:77").unwrap().subs,
            [("na_lai".to_string(), t(1_764_000_000_900))]
        );
        assert_eq!(
            store.person(&u.key).unwrap().subs,
            [("dong".to_string(), t(1_764_000_000_500))]
        );
        // One record per person, each in the schema-6 form.
        assert_eq!(store.users.len(), 3);
        for kv in store.users.iter() {
            assert_eq!(kv.unwrap().1.first(), Some(&PERSON_V1));
        }
        assert_eq!(store.all_users().unwrap(), vec![u.clone()]);
        let to = store.reachable_subscribers(&["dong"]).unwrap();
        assert_eq!(to.len(), 1);
        assert_eq!(to[0].user, u.key);
    }

    #[test]
    fn a_schema_5_store_is_migrated_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let (u, reach) = {
            let store = Store::open(dir.path(), 8, 1000).unwrap();
            write_schema_5(&store)
        };
        let store = crate::store::reopen_for_test(dir.path(), 8, 1000);
        check_migrated(&store, &u, reach);
        // A message now writes that one record, and keeps what the migration moved.
        let later = t(1_764_100_000_000);
        let again = store
            .message_from(&u.key, &u.address, Some("Lò Văn An"), later)
            .unwrap();
        assert_eq!((again.first_seen, again.last_seen), (u.first_seen, later));
        assert_eq!(store.reach(&u.key).unwrap().last_inbound, Some(later));
        assert_eq!(
            store.display_name(&u.key).unwrap().as_deref(),
            Some("Lò Văn An")
        );
        assert_eq!(store.users.len(), 3);
    }

    #[test]
    fn a_backup_of_a_schema_5_store_is_migrated_when_restored() {
        let old = Store::temporary().unwrap();
        let (u, reach) = write_schema_5(&old);
        let mut backup = Vec::new();
        old.backup(&mut backup).unwrap();
        let store = Store::temporary().unwrap();
        store
            .restore(&mut std::io::Cursor::new(backup), false)
            .unwrap();
        check_migrated(&store, &u, reach);
    }

    #[test]
    fn a_message_writes_one_record_and_only_when_something_changed() {
        let store = Store::temporary().unwrap();
        let (key, at) = ("telegram:5", Address::new("telegram", "5"));
        let now = t(1_764_000_000_000);
        let u = store.message_from(key, &at, Some("A"), now).unwrap();
        assert_eq!((u.first_seen, u.active), (now, true));
        let written = store.users.get(key).unwrap().unwrap();
        // Minutes later, same chat and name: nothing to write.
        let soon = now + chrono::Duration::minutes(5);
        store.message_from(key, &at, Some("A"), soon).unwrap();
        assert_eq!(store.users.get(key).unwrap().unwrap(), written);
        // A new name is written at once.
        store.message_from(key, &at, Some("B"), soon).unwrap();
        assert_eq!(store.display_name(key).unwrap().as_deref(), Some("B"));
        assert_eq!(store.reach(key).unwrap().last_inbound, Some(now));
        assert_eq!(store.users.len(), 1);
        assert!(store.reach.is_empty() && store.display_names.is_empty());
    }

    #[test]
    fn a_private_chat_s_session_is_kept_in_the_person_s_record() {
        let store = Store::temporary().unwrap();
        let now = t(1_764_000_000_000);
        let (me, chat) = ("telegram:5", Address::new("telegram", "5"));
        let offered = Session {
            choices: vec![(1, "ask:1".into())],
            ..Session::default()
        };
        // Offered buttons before they ever wrote (an officer): the sessions tree.
        store.put_session(&chat, &offered).unwrap();
        assert_eq!(store.sessions.len(), 1);
        assert_eq!(store.users.len(), 0, "no record made for a session");
        // They write: the record is made, the session still reads, and the next one moves in.
        store.message_from(me, &chat, None, now).unwrap();
        assert_eq!(store.session(&chat).unwrap(), offered);
        let next = Session {
            choices: vec![(1, "sub:dong".into()), (2, "help".into())],
            ..Session::default()
        };
        store.put_session(&chat, &next).unwrap();
        assert_eq!(store.session(&chat).unwrap(), next);
        assert!(store.sessions.is_empty());
        assert_eq!(store.users.len(), 1);
        // The empty session is kept as none; a group's stays in the tree.
        store.put_session(&chat, &Session::default()).unwrap();
        assert_eq!(store.session(&chat).unwrap(), Session::default());
        assert!(store.person(me).unwrap().session.is_none());
        let group = Address::new("telegram", "-100");
        store.put_session(&group, &next).unwrap();
        assert_eq!(store.session(&group).unwrap(), next);
        assert_eq!((store.sessions.len(), store.users.len()), (1, 1));
        // Forgetting the person takes their session with the record.
        store.put_session(&chat, &next).unwrap();
        store.forget_user(me).unwrap();
        assert_eq!(store.session(&chat).unwrap(), Session::default());
    }

    #[test]
    fn damaged_records_are_errors_not_panics() {
        let key = "telegram:123456789";
        let bytes = encode(key, &someone());
        for cut in 1..bytes.len() {
            assert!(decode(key.as_bytes(), &bytes[..cut]).is_err(), "{cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(key.as_bytes(), &longer).is_err());
        assert!(decode(key.as_bytes(), &[PERSON_V1, 0x80, 0x01]).is_err());
    }
}
