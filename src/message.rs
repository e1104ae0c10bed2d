//! The messenger-neutral shapes that cross between channels and the core.

use serde::{Deserialize, Serialize};

pub use crate::model::{Address, UserId};

/// What a person sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboundBody {
    Text(String),
    /// A button press, carrying the payload the core put on the button.
    Button(String),
    /// A file the person sent (photo, voice note, video, document, sticker), as a typed
    /// value: heads' photos and voice notes are notices in the making; the rest is refused.
    Media(Attachment),
    /// Something the bot cannot read and no channel reports as a file: a location, a contact…
    Unsupported,
}

/// What kind of file came in. Only photos and voice notes can become notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Photo,
    Voice,
    Video,
    Document,
    Sticker,
}

/// A file as a channel reports it, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub kind: MediaKind,
    /// The channel's own reference: Telegram's `file_id`, Zalo's attachment URL.
    pub file: String,
    /// Size in bytes, when the messenger says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime: Option<String>,
    /// The text sent with it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

/// The largest file a bot may fetch from Telegram (Bot API `getFile`: 20 MB); larger ones
/// could never be copied to another messenger.
pub const MAX_MEDIA_BYTES: u64 = 20 * 1024 * 1024;

/// Why a file from a head cannot become a notice, or `None` when it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaRefusal {
    /// Video, documents, stickers: not something villagers' phones get as a notice.
    Kind,
    /// Larger than [`MAX_MEDIA_BYTES`].
    TooLarge,
}

impl Attachment {
    /// Whether this file could be a notice: a photo or voice note within the size limit.
    pub fn refusal(&self) -> Option<MediaRefusal> {
        match self.kind {
            MediaKind::Photo | MediaKind::Voice => {}
            MediaKind::Video | MediaKind::Document | MediaKind::Sticker => {
                return Some(MediaRefusal::Kind);
            }
        }
        match self.size {
            Some(size) if size > MAX_MEDIA_BYTES => Some(MediaRefusal::TooLarge),
            _ => None,
        }
    }
}

/// The photo or voice note a notice carries, by reference: the head's file is never copied
/// into the store. The notice's own text is its caption (empty when the head wrote none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeMedia {
    /// [`MediaKind::Photo`] or [`MediaKind::Voice`].
    pub kind: MediaKind,
    /// The messenger the head sent it on ("telegram", "zalo"): whose reference `file` is.
    pub origin: String,
    /// That messenger's reference: Telegram's `file_id`, Zalo's attachment URL.
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime: Option<String>,
}

impl NoticeMedia {
    /// The file `attachment` sent on `origin`, as a notice carries it; `None` for kinds that
    /// cannot be notices.
    pub fn of(attachment: &Attachment, origin: &str) -> Option<NoticeMedia> {
        matches!(attachment.kind, MediaKind::Photo | MediaKind::Voice).then(|| NoticeMedia {
            kind: attachment.kind,
            origin: origin.to_string(),
            file: attachment.file.clone(),
            size: attachment.size,
            mime: attachment.mime.clone(),
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(kind: MediaKind, size: Option<u64>) -> Attachment {
        Attachment {
            kind,
            file: "f1".into(),
            size,
            mime: None,
            caption: None,
        }
    }

    #[test]
    fn photos_and_voice_within_the_limit_can_be_notices() {
        for kind in [MediaKind::Photo, MediaKind::Voice] {
            assert_eq!(file(kind, None).refusal(), None);
            assert_eq!(file(kind, Some(MAX_MEDIA_BYTES)).refusal(), None);
            assert_eq!(
                file(kind, Some(MAX_MEDIA_BYTES + 1)).refusal(),
                Some(MediaRefusal::TooLarge)
            );
        }
    }

    #[test]
    fn video_documents_and_stickers_are_refused_whatever_their_size() {
        for kind in [MediaKind::Video, MediaKind::Document, MediaKind::Sticker] {
            assert_eq!(file(kind, Some(10)).refusal(), Some(MediaRefusal::Kind));
            assert_eq!(file(kind, None).refusal(), Some(MediaRefusal::Kind));
        }
    }
}
