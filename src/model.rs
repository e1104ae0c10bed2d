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

    /// "platform:chat", the key conversation state is stored under.
    pub fn key(&self) -> String {
        format!("{}:{}", self.platform, self.chat)
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
