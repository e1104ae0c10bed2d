//! What a channel implements so the worker can reach its users ([`Deliver`]), and what it
//! answers: how one send went ([`SendOutcome`], with its typed reason), a media notice as
//! handed to it, and reading the bytes of a file someone sent it.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::message::{Address, NoticeMedia, OutMessage};
use crate::model::FailReason;

/// How one send went, as the channel classifies its messenger's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Sent,
    /// The platform asked us to slow down; try again after this long.
    RetryAfter(Duration),
    /// The recipient blocked the bot, left, or no longer exists: never retry.
    Gone(FailReason),
    /// A network error or a server error: retry with back-off.
    Transient(FailReason),
    /// The platform refused this message for good (e.g. malformed): do not retry.
    Permanent(FailReason),
    /// Not now, and not a failure: this kind of message may go only later (Zalo's promotion
    /// messages outside their hours). Tried again at `until`, the attempt not counted.
    Held {
        until: chrono::DateTime<chrono::Utc>,
        reason: FailReason,
    },
}

impl SendOutcome {
    /// What a failed call says, as a reason to keep (`RateLimited` for a request to slow
    /// down; empty words for `Sent`, which no caller asks about).
    pub fn reason(self) -> FailReason {
        match self {
            SendOutcome::Gone(r)
            | SendOutcome::Transient(r)
            | SendOutcome::Permanent(r)
            | SendOutcome::Held { reason: r, .. } => r,
            SendOutcome::RetryAfter(_) => FailReason::RateLimited,
            SendOutcome::Sent => FailReason::Text {
                words: String::new(),
            },
        }
    }
}

/// A notice that carries a photo or voice note, as the worker hands it to a channel.
pub struct MediaNotice<'a> {
    /// The announcement being sent: a channel keeps its one upload of the file under it.
    pub notice: u64,
    pub media: &'a NoticeMedia,
    /// The notice as text with its "✅ Đã nhận": the file's caption, or the text sent with it.
    pub message: &'a OutMessage,
    /// The same notice with a line saying what came with it, for where the file cannot go.
    pub text_only: &'a OutMessage,
    /// The channel the file came from, to read its bytes once per notice (`None` when that
    /// channel is not running in this process).
    pub source: Option<&'a dyn FetchMedia>,
}

/// Why a channel could not give the bytes of a file it reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Larger than the caller takes (`size` bytes, when known).
    TooLarge { size: Option<u64> },
    /// The messenger refused, or the network failed.
    Failed(FailReason),
}

/// A channel's way to read the bytes of a file someone sent it (its own reference: a
/// Telegram `file_id`, a Zalo attachment URL), at most `max_bytes`.
pub trait FetchMedia: Send + Sync {
    fn fetch<'a>(
        &'a self,
        file: &'a str,
        max_bytes: u64,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<u8>, FetchError>> + Send + 'a>>;
}

/// What a channel implements so the worker can reach its users.
pub trait Deliver: Send + Sync + 'static {
    fn deliver(
        &self,
        to: &Address,
        message: &OutMessage,
    ) -> impl Future<Output = SendOutcome> + Send;

    /// Like [`Deliver::deliver`], also giving the id the messenger gave the message (the
    /// last part of a long one), when it gives one: notices keep it, to edit the message
    /// in place later and to match the messenger's "received" / "seen" reports.
    fn deliver_tracked(
        &self,
        to: &Address,
        message: &OutMessage,
    ) -> impl Future<Output = (SendOutcome, Option<String>)> + Send {
        async move { (self.deliver(to, message).await, None) }
    }

    /// Sends a notice that carries a photo or voice note, giving the messenger's id of the
    /// message that carries "✅ Đã nhận". Messengers that cannot carry files send
    /// `notice.text_only`.
    fn deliver_media(
        &self,
        to: &Address,
        notice: &MediaNotice<'_>,
    ) -> impl Future<Output = (SendOutcome, Option<String>)> + Send {
        async move { self.deliver_tracked(to, notice.text_only).await }
    }

    /// The bytes of a file someone sent on this messenger (see [`FetchMedia`]).
    fn fetch_media(
        &self,
        _file: &str,
        _max_bytes: u64,
    ) -> impl Future<Output = Result<Vec<u8>, FetchError>> + Send {
        async move {
            Err(FetchError::Failed(FailReason::Refused {
                code: None,
                words: "this messenger cannot give the files sent to it".into(),
            }))
        }
    }

    /// Replaces the message with id `message_id` sent earlier to `to` by `message`, where
    /// the messenger allows it. Messengers that cannot edit refuse.
    fn edit(
        &self,
        _to: &Address,
        _message_id: &str,
        _message: &OutMessage,
    ) -> impl Future<Output = SendOutcome> + Send {
        async move {
            SendOutcome::Permanent(FailReason::Refused {
                code: None,
                words: "this messenger cannot edit a sent message".into(),
            })
        }
    }
}
