//! The shared vocabulary every layer speaks: where a message goes, which language, a
//! criterion's status. Plain data, no behaviour beyond parsing and naming.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a message can be sent: a platform and a chat on it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Address {
    /// "telegram", "zalo", "console".
    pub platform: String,
    /// The chat id on that platform (for a private chat, usually the user id).
    pub chat: String,
}

impl Address {
    pub fn new(platform: impl Into<String>, chat: impl Into<String>) -> Address {
        Address {
            platform: platform.into(),
            chat: chat.into(),
        }
    }

    /// "platform:chat", the key conversation state is stored under (a chat, not a person:
    /// a person is a [`UserId`]).
    pub fn key(&self) -> String {
        format!("{}:{}", self.platform, self.chat)
    }
}

/// A person on one messenger, written "platform:id" ("telegram:123", "zalo:8309",
/// "console:admin"): what roles are given by, what the store keys a person's records by,
/// and the one place that builds and splits that string.
///
/// It is kept whole, so `as_str` (and `Deref` to `str`) is free; stored records keep the
/// same readable string (serde reads and writes it as one).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UserId(String);

/// Why a string is not a [`UserId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserIdError {
    #[error("`{0}` must be a platform user id like \"telegram:123456\" (not a username)")]
    NoPlatform(String),
    #[error("`{0}` has an empty or malformed id")]
    BadId(String),
}

impl UserId {
    /// The person `id` on `platform`, as a channel names them (`platform` is the channel's
    /// own name, `id` what its messenger gives).
    pub fn new(platform: &str, id: &str) -> UserId {
        UserId(format!("{platform}:{id}"))
    }

    /// "telegram", "zalo", "console".
    pub fn platform(&self) -> &str {
        self.0.split_once(':').map_or("", |(p, _)| p)
    }

    /// The id on the platform ("123").
    pub fn id(&self) -> &str {
        self.0.split_once(':').map_or("", |(_, id)| id)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The person's private chat with the bot: on every platform its chat id is the user id.
    pub fn private_chat(&self) -> Address {
        Address::new(self.platform(), self.id())
    }
}

impl std::str::FromStr for UserId {
    type Err = UserIdError;

    /// A lowercase platform name, `:`, then 1-64 characters without spaces or `:`.
    fn from_str(s: &str) -> Result<UserId, UserIdError> {
        let Some((platform, id)) = s.split_once(':') else {
            return Err(UserIdError::NoPlatform(s.to_string()));
        };
        if platform.is_empty() || !platform.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(UserIdError::NoPlatform(s.to_string()));
        }
        if id.is_empty() || id.len() > 64 || id.chars().any(|c| c.is_whitespace() || c == ':') {
            return Err(UserIdError::BadId(s.to_string()));
        }
        Ok(UserId(s.to_string()))
    }
}

impl TryFrom<String> for UserId {
    type Error = UserIdError;
    fn try_from(s: String) -> Result<UserId, UserIdError> {
        s.parse()
    }
}

impl From<UserId> for String {
    fn from(u: UserId) -> String {
        u.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for UserId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for UserId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for UserId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<UserId> for String {
    fn eq(&self, other: &UserId) -> bool {
        *self == other.0
    }
}

impl PartialEq<&str> for UserId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// The languages the bot speaks. Vietnamese first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    Vi,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Vi, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
        }
    }

    /// Accepts "vi", "en", and platform hints such as "en-US" or "vi_VN".
    pub fn from_hint(hint: &str) -> Option<Locale> {
        let lang = hint
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match lang.as_str() {
            "vi" => Some(Locale::Vi),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A criterion status as a person names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    InProgress,
    NotMet,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::InProgress => "in_progress",
            Status::NotMet => "not_met",
        }
    }

    pub fn from_code(s: &str) -> Option<Status> {
        match s {
            "met" => Some(Status::Met),
            "in_progress" => Some(Status::InProgress),
            "not_met" => Some(Status::NotMet),
            _ => None,
        }
    }
}

/// What a messenger said about a message after it was sent: it reached the person's phone,
/// or they opened it. Never an acknowledgement: only the person's own answer is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Receipt {
    Received,
    Seen,
}

/// Why a message did not arrive, as the channel classified its messenger's answer. The
/// store keeps this value with the delivery; the core turns its kind into words for the
/// head's report. Each channel maps its own error codes here, so nothing above the channels
/// knows any messenger's codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FailReason {
    /// No running channel serves the recipient's messenger (an admin turned it off).
    ChannelOff,
    /// The bot lost its permission to send: the messenger refused its token.
    TokenRevoked { words: String },
    /// The messenger lets the bot write only for a while after the person's last message,
    /// and that window has closed.
    WindowClosed { code: i64, words: String },
    /// The person no longer follows the bot's account.
    NotFollowing { code: i64, words: String },
    /// The person blocked the bot, left, or no longer exists.
    RecipientGone { words: String },
    /// The messenger refused the message, with its code (when it gives one) and words.
    Refused { code: Option<i64>, words: String },
    /// The network or the messenger's servers failed.
    Network { words: String },
    /// The messenger asked the bot to slow down.
    RateLimited,
    /// The announcement the delivery belongs to is gone from the store.
    AnnouncementMissing,
    /// The bot's monthly allowance of this kind of message (Zalo's promotion messages, set
    /// in the config from the OA's package) is used up.
    QuotaUsed { limit: u32 },
    /// The messenger allows this kind of message only during these hours ("08:00-22:00",
    /// local time): the send waits for them.
    OutsideHours { hours: String },
    /// The account's package does not include this kind of message.
    PackageLacks { code: i64, words: String },
    /// The messenger refuses this message at night (Zalo, 22:00–06:00): it waits for the
    /// morning rather than failing.
    NightRestricted { code: i64, words: String },
    /// A reason recorded as free text by an earlier version of the bot.
    Text { words: String },
}

impl FailReason {
    /// Reads a stored reason: the typed value, or the text an earlier version wrote.
    pub fn deserialize_stored<'de, D>(d: D) -> Result<Option<FailReason>, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Typed(FailReason),
            Text(String),
        }
        Ok(match Option::<Stored>::deserialize(d)? {
            None => None,
            Some(Stored::Typed(r)) => Some(r),
            Some(Stored::Text(words)) => Some(FailReason::from_old_text(&words)),
        })
    }

    /// An earlier version wrote reasons as "<platform>:<code> <words>", "<platform>:token
    /// <words>" or "<platform>: no channel running"; anything else stays text.
    fn from_old_text(text: &str) -> FailReason {
        if text.ends_with("no channel running") {
            return FailReason::ChannelOff;
        }
        let rest = text.split_once(':').map_or("", |(_, rest)| rest);
        if let Some(words) = rest.strip_prefix("token") {
            return FailReason::TokenRevoked {
                words: words.trim().to_string(),
            };
        }
        let (code, words) = rest.split_once(' ').unwrap_or((rest, ""));
        match code.parse::<i64>() {
            Ok(code) => FailReason::Refused {
                code: Some(code),
                words: words.to_string(),
            },
            Err(_) => FailReason::Text {
                words: text.to_string(),
            },
        }
    }
}

impl fmt::Display for FailReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailReason::ChannelOff => f.write_str("no channel running"),
            FailReason::TokenRevoked { words } => write!(f, "token refused: {words}"),
            FailReason::WindowClosed { code, words }
            | FailReason::NotFollowing { code, words }
            | FailReason::PackageLacks { code, words }
            | FailReason::NightRestricted { code, words }
            | FailReason::Refused {
                code: Some(code),
                words,
            } => write!(f, "{code} {words}"),
            FailReason::RecipientGone { words }
            | FailReason::Refused { code: None, words }
            | FailReason::Network { words }
            | FailReason::Text { words } => f.write_str(words),
            FailReason::RateLimited => f.write_str("rate limited"),
            FailReason::AnnouncementMissing => f.write_str("announcement missing"),
            FailReason::QuotaUsed { limit } => write!(f, "monthly quota of {limit} used"),
            FailReason::OutsideHours { hours } => write!(f, "outside the hours {hours}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_parse_print_and_split() {
        let u: UserId = "telegram:123".parse().unwrap();
        assert_eq!((u.platform(), u.id()), ("telegram", "123"));
        assert_eq!(u.to_string(), "telegram:123");
        assert_eq!(u, UserId::new("telegram", "123"));
        assert_eq!(u.private_chat(), Address::new("telegram", "123"));
        assert_eq!(u.private_chat().key(), u.as_str());
        for bad in [
            "123",
            "telegram:",
            ":1",
            "Telegram:1",
            "console:a b",
            "zalo:1:2",
            "@hoa",
        ] {
            assert!(bad.parse::<UserId>().is_err(), "{bad}");
        }
        assert!(matches!(
            "hoa".parse::<UserId>(),
            Err(UserIdError::NoPlatform(_))
        ));
    }

    #[test]
    fn a_user_id_is_stored_as_its_string() {
        let u = UserId::new("zalo", "8309");
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(json, r#""zalo:8309""#);
        assert_eq!(serde_json::from_str::<UserId>(&json).unwrap(), u);
        assert!(serde_json::from_str::<UserId>(r#""8309""#).is_err());
    }

    #[derive(Debug, Deserialize, Serialize)]
    struct Record {
        #[serde(default, deserialize_with = "FailReason::deserialize_stored")]
        last_error: Option<FailReason>,
    }

    fn read(json: &str) -> Option<FailReason> {
        serde_json::from_str::<Record>(json).unwrap().last_error
    }

    #[test]
    fn typed_reasons_round_trip_through_a_record() {
        for reason in [
            FailReason::ChannelOff,
            FailReason::WindowClosed {
                code: -7,
                words: "not interacted".into(),
            },
            FailReason::Refused {
                code: None,
                words: "Bad Request".into(),
            },
            FailReason::Network {
                words: "connection reset".into(),
            },
            FailReason::QuotaUsed { limit: 40 },
            FailReason::OutsideHours {
                hours: "08:00-22:00".into(),
            },
            FailReason::PackageLacks {
                code: -7,
                words: "package".into(),
            },
            FailReason::NightRestricted {
                code: -8,
                words: "night".into(),
            },
        ] {
            let json = serde_json::to_string(&Record {
                last_error: Some(reason.clone()),
            })
            .unwrap();
            assert_eq!(read(&json), Some(reason), "{json}");
        }
        assert_eq!(read(r#"{"last_error":null}"#), None);
        assert_eq!(read("{}"), None);
    }

    #[test]
    fn reasons_an_earlier_version_wrote_as_text_still_read() {
        assert_eq!(
            read(r#"{"last_error":"zalo: no channel running"}"#),
            Some(FailReason::ChannelOff)
        );
        assert_eq!(
            read(r#"{"last_error":"zalo:token Zalo refused the refresh token"}"#),
            Some(FailReason::TokenRevoked {
                words: "Zalo refused the refresh token".into()
            })
        );
        assert_eq!(
            read(r#"{"last_error":"zalo:-7 User has not interacted"}"#),
            Some(FailReason::Refused {
                code: Some(-7),
                words: "User has not interacted".into()
            })
        );
        assert_eq!(
            read(r#"{"last_error":"connection reset"}"#),
            Some(FailReason::Text {
                words: "connection reset".into()
            })
        );
    }
}
