//! The messenger-neutral shapes that cross between channels and the core.

use serde::{Deserialize, Serialize};

pub use crate::model::{Address, UserId};

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
    pub user: UserId,
    /// The chat it came from; replies go there.
    pub chat: Address,
    /// The platform's idea of the person's language ("en-US"), used until they choose.
    pub lang_hint: Option<String>,
    /// False in group chats: flows that carry private data are refused there.
    pub private: bool,
    /// The person's display name as their messenger gives it, if it does (shown to an
    /// officer only when the person sends them a question).
    pub name: Option<String>,
    pub body: InboundBody,
}

/// A button: what it says and what pressing it sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub payload: String,
    /// The number typed to choose this button, when the message's text already shows that
    /// number beside the item (a criterion's own number in a list), so the number a person
    /// sees is the number that chooses it. Channels that show choices as numbers do not list
    /// such a button again. `None`: numbered after the others (see [`OutMessage::choices`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
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

    /// Every button with the number typed to choose it: its own number, else the numbers
    /// after the highest one shown in the text, in reading order (1, 2, 3… when none is).
    pub fn choices(&self) -> Vec<(u32, &Button)> {
        let mut next = self
            .buttons
            .iter()
            .flatten()
            .filter_map(|b| b.number)
            .max()
            .unwrap_or(0);
        self.buttons
            .iter()
            .flatten()
            .map(|b| match b.number {
                Some(n) => (n, b),
                None => {
                    next += 1;
                    (next, b)
                }
            })
            .collect()
    }

    /// All button payloads in reading order.
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
