//! The messenger-neutral shapes that cross between channels and the core.

use serde::{Deserialize, Serialize};

pub use crate::model::Address;

/// What a person sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboundBody {
    Text(String),
    /// A button press, carrying the payload the core put on the button.
    Button(String),
    /// Something the bot cannot read: a sticker, photo, voice note, location…
    Unsupported,
}

/// One incoming message, as any channel reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbound {
    /// Platform-qualified user id, e.g. "telegram:123" — the only thing roles are decided by.
    pub user: String,
    /// The chat it came from; replies go there.
    pub chat: Address,
    /// The platform's idea of the person's language ("en-US"), used until they choose.
    pub lang_hint: Option<String>,
    /// False in group chats: flows that carry private data are refused there.
    pub private: bool,
    pub body: InboundBody,
}

/// A button: what it says and what pressing it sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub payload: String,
}

/// A message to show: text and rows of buttons.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OutMessage {
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<Vec<Button>>,
}

impl OutMessage {
    pub fn text(text: impl Into<String>) -> OutMessage {
        OutMessage {
            text: text.into(),
            buttons: Vec::new(),
        }
    }

    /// All button payloads in reading order (the numbers a console user or a Zalo user types).
    pub fn payloads(&self) -> Vec<String> {
        self.buttons
            .iter()
            .flatten()
            .map(|b| b.payload.clone())
            .collect()
    }
}

/// One action the core asks a channel to perform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outbound {
    pub to: Address,
    pub message: OutMessage,
    /// This answers a button press and should replace the message that carried the button
    /// (a confirmed preview becomes "sending…" instead of staying pressable). Channels that
    /// cannot edit messages send it as a new one.
    pub replaces_pressed: bool,
}
