//! Zalo webhook bodies → events the channel acts on. Pure: no I/O, so every shape Zalo may
//! send is tested here.

use serde::Deserialize;
use serde_json::Value;

use crate::message::{Attachment, MediaKind};
use crate::model::Receipt;

/// A parsed webhook call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The app id the body names (part of the signature).
    pub app_id: String,
    /// Epoch milliseconds, exactly as sent (part of the signature).
    pub timestamp: String,
    pub event: Event,
}

/// What happened, as far as the bot cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A user wrote to the OA.
    Text {
        user: String,
        msg_id: String,
        text: String,
    },
    /// A user followed the OA.
    Follow { user: String },
    /// A user stopped following: no more notices can reach them.
    Unfollow { user: String },
    /// A user sent a file: an image, voice (audio), video, GIF, file or sticker, with the
    /// URL Zalo gives for it.
    Media {
        user: String,
        msg_id: Option<String>,
        /// The event's name, e.g. `user_send_image`.
        kind: String,
        attachment: Attachment,
    },
    /// A user sent something the bot cannot read (location, link, a form…), or a file
    /// event without a URL.
    Unsupported {
        user: String,
        msg_id: Option<String>,
        kind: String,
    },
    /// Zalo reports messages the OA sent as having reached the user's phone
    /// (`user_received_message`) or been opened (`user_seen_message`). Nothing to answer.
    Receipt {
        user: String,
        receipt: Receipt,
        msg_ids: Vec<String>,
    },
    /// The OA's own sends echoed back, group and anonymous chats, and event kinds not known
    /// here: nothing to answer.
    Ignored { kind: String },
}

/// Why a body is not a Zalo event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("the body is not a JSON object")]
    NotJson,
    #[error("the event has no `{0}`")]
    Missing(&'static str),
}

impl Envelope {
    /// What identifies this event across Zalo's re-deliveries: the message id, or for
    /// events without one, the kind, the user and the timestamp.
    pub fn dedupe_key(&self) -> Option<String> {
        match &self.event {
            Event::Text { msg_id, .. } => Some(format!("msg:{msg_id}")),
            Event::Unsupported {
                msg_id: Some(id), ..
            }
            | Event::Media {
                msg_id: Some(id), ..
            } => Some(format!("msg:{id}")),
            Event::Media { user, .. } => Some(format!("media:{user}:{}", self.timestamp)),
            Event::Unsupported { user, kind, .. } => {
                Some(format!("{kind}:{user}:{}", self.timestamp))
            }
            Event::Follow { user } => Some(format!("follow:{user}:{}", self.timestamp)),
            Event::Unfollow { user } => Some(format!("unfollow:{user}:{}", self.timestamp)),
            Event::Receipt {
                user,
                receipt,
                msg_ids,
            } => Some(format!(
                "{receipt:?}:{user}:{}:{}",
                self.timestamp,
                msg_ids.first().map_or("", String::as_str)
            )),
            Event::Ignored { .. } => None,
        }
    }
}

#[derive(Deserialize)]
struct Raw {
    event_name: Option<String>,
    app_id: Option<Value>,
    timestamp: Option<Value>,
    sender: Option<Party>,
    recipient: Option<Party>,
    follower: Option<Party>,
    message: Option<RawMessage>,
}

#[derive(Deserialize)]
struct Party {
    id: Option<Value>,
}

#[derive(Deserialize)]
struct RawMessage {
    text: Option<String>,
    msg_id: Option<Value>,
    /// `user_seen_message` names every message seen at once.
    msg_ids: Option<Vec<Value>>,
    #[serde(default)]
    attachments: Vec<RawAttachment>,
}

#[derive(Deserialize)]
struct RawAttachment {
    payload: Option<RawPayload>,
}

#[derive(Deserialize)]
struct RawPayload {
    url: Option<String>,
}

/// The URL of the first file a message carries.
fn first_url(raw: &Raw) -> Option<String> {
    raw.message
        .as_ref()?
        .attachments
        .first()?
        .payload
        .as_ref()?
        .url
        .clone()
        .filter(|u| !u.is_empty())
}

/// The kind of file a `user_send_*` event carries, if it carries one.
fn media_kind(event: &str) -> Option<MediaKind> {
    Some(match event {
        "user_send_image" => MediaKind::Photo,
        "user_send_audio" => MediaKind::Voice,
        "user_send_video" | "user_send_gif" => MediaKind::Video,
        "user_send_file" => MediaKind::Document,
        "user_send_sticker" => MediaKind::Sticker,
        _ => return None,
    })
}

/// Zalo sends ids and timestamps as strings, but numbers have been seen too.
fn as_text(v: &Option<Value>) -> Option<String> {
    match v.as_ref()? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn party_id(p: &Option<Party>) -> Option<String> {
    as_text(&p.as_ref()?.id)
}

/// Parses one webhook body.
pub fn parse(body: &[u8]) -> Result<Envelope, EventError> {
    let raw: Raw = serde_json::from_slice(body).map_err(|_| EventError::NotJson)?;
    let kind = raw
        .event_name
        .clone()
        .ok_or(EventError::Missing("event_name"))?;
    let app_id = as_text(&raw.app_id).ok_or(EventError::Missing("app_id"))?;
    let timestamp = as_text(&raw.timestamp).ok_or(EventError::Missing("timestamp"))?;
    let msg_id = raw.message.as_ref().and_then(|m| as_text(&m.msg_id));
    let sender = || party_id(&raw.sender).ok_or(EventError::Missing("sender.id"));
    let follower = || {
        party_id(&raw.follower)
            .or_else(|| party_id(&raw.sender))
            .ok_or(EventError::Missing("follower.id"))
    };
    let file = media_kind(&kind).zip(first_url(&raw));
    let event = if let Some((media, url)) = file {
        Event::Media {
            user: sender()?,
            msg_id,
            kind: kind.clone(),
            attachment: Attachment {
                kind: media,
                file: url,
                // Zalo's webhook gives no size; the upload finds out.
                size: None,
                mime: None,
                caption: raw
                    .message
                    .as_ref()
                    .and_then(|m| m.text.clone())
                    .filter(|t| !t.trim().is_empty()),
            },
        }
    } else {
        match kind.as_str() {
            "user_send_text" => Event::Text {
                user: sender()?,
                msg_id: msg_id.ok_or(EventError::Missing("message.msg_id"))?,
                text: raw.message.and_then(|m| m.text).unwrap_or_default(),
            },
            // Receipts: the OA is the sender, the user the recipient (confidence M: Chatwoot
            // and public integrations; `msg_ids` for seen, `msg_id` for received).
            "user_received_message" | "user_seen_message" => {
                let user = party_id(&raw.recipient).ok_or(EventError::Missing("recipient.id"))?;
                let mut msg_ids: Vec<String> = raw
                    .message
                    .as_ref()
                    .and_then(|m| m.msg_ids.as_ref())
                    .map(|ids| {
                        ids.iter()
                            .filter_map(|v| as_text(&Some(v.clone())))
                            .collect()
                    })
                    .unwrap_or_default();
                if let Some(id) = msg_id
                    && !msg_ids.contains(&id)
                {
                    msg_ids.push(id);
                }
                if msg_ids.is_empty() {
                    return Err(EventError::Missing("message.msg_ids"));
                }
                // One webhook call names a handful; never let one call do unbounded work.
                msg_ids.truncate(50);
                let receipt = if kind == "user_seen_message" {
                    Receipt::Seen
                } else {
                    Receipt::Received
                };
                Event::Receipt {
                    user,
                    receipt,
                    msg_ids,
                }
            }
            "follow" => Event::Follow { user: follower()? },
            "unfollow" => Event::Unfollow { user: follower()? },
            // Group chats and anonymous visitors are not private chats with a known user.
            k if k.starts_with("user_send_group") || k.starts_with("anonymous_") => {
                Event::Ignored { kind }
            }
            k if k.starts_with("user_send_") || k == "user_submit_info" => Event::Unsupported {
                user: sender()?,
                msg_id,
                kind,
            },
            // oa_send_* echoes of our own sends, and whatever Zalo adds later.
            _ => Event::Ignored { kind },
        }
    };
    Ok(Envelope {
        app_id,
        timestamp,
        event,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Envelope, EventError> {
        parse(s.as_bytes())
    }

    #[test]
    fn a_text_message() {
        let e = parse_str(
            r#"{"app_id":"123","user_id_by_app":"77","event_name":"user_send_text",
               "timestamp":"1717061839659","sender":{"id":"8309"},"recipient":{"id":"1423"},
               "message":{"text":"Bản Đông đạt mấy tiêu chí rồi?","msg_id":"e2a6"}}"#,
        )
        .unwrap();
        assert_eq!(e.app_id, "123");
        assert_eq!(e.timestamp, "1717061839659");
        assert_eq!(
            e.event,
            Event::Text {
                user: "8309".into(),
                msg_id: "e2a6".into(),
                text: "Bản Đông đạt mấy tiêu chí rồi?".into()
            }
        );
        assert_eq!(e.dedupe_key().as_deref(), Some("msg:e2a6"));
    }

    #[test]
    fn numbers_where_strings_were_expected() {
        let e = parse_str(
            r#"{"app_id":123,"event_name":"user_send_text","timestamp":1717061839659,
               "sender":{"id":8309},"message":{"text":"hi","msg_id":"m"}}"#,
        )
        .unwrap();
        assert_eq!(e.app_id, "123");
        assert_eq!(e.timestamp, "1717061839659");
        assert!(matches!(e.event, Event::Text { ref user, .. } if user == "8309"));
    }

    #[test]
    fn follow_and_unfollow_use_the_follower() {
        let f = parse_str(
            r#"{"app_id":"1","event_name":"follow","timestamp":"5","oa_id":"9",
               "follower":{"id":"42"}}"#,
        )
        .unwrap();
        assert_eq!(f.event, Event::Follow { user: "42".into() });
        assert_eq!(f.dedupe_key().as_deref(), Some("follow:42:5"));
        let u = parse_str(
            r#"{"app_id":"1","event_name":"unfollow","timestamp":"6","follower":{"id":"42"}}"#,
        )
        .unwrap();
        assert_eq!(u.event, Event::Unfollow { user: "42".into() });
    }

    #[test]
    fn pictures_stickers_and_locations_are_unsupported() {
        for kind in [
            "user_send_image",
            "user_send_sticker",
            "user_send_location",
            "user_send_audio",
        ] {
            let e = parse_str(&format!(
                r#"{{"app_id":"1","event_name":"{kind}","timestamp":"5","sender":{{"id":"42"}},
                   "message":{{"msg_id":"x1","attachments":[]}}}}"#
            ))
            .unwrap();
            assert_eq!(
                e.event,
                Event::Unsupported {
                    user: "42".into(),
                    msg_id: Some("x1".into()),
                    kind: kind.into()
                },
                "{kind}"
            );
        }
    }

    #[test]
    fn files_with_a_url_are_media_with_their_kind_and_caption() {
        for (event, kind) in [
            ("user_send_image", MediaKind::Photo),
            ("user_send_audio", MediaKind::Voice),
            ("user_send_video", MediaKind::Video),
            ("user_send_gif", MediaKind::Video),
            ("user_send_file", MediaKind::Document),
            ("user_send_sticker", MediaKind::Sticker),
        ] {
            let e = parse_str(&format!(
                r#"{{"app_id":"1","event_name":"{event}","timestamp":"5","sender":{{"id":"42"}},
                   "message":{{"msg_id":"x1","text":"Họp bản",
                   "attachments":[{{"type":"x","payload":{{"url":"https://f.zalo/a.jpg"}}}}]}}}}"#
            ))
            .unwrap();
            assert_eq!(
                e.event,
                Event::Media {
                    user: "42".into(),
                    msg_id: Some("x1".into()),
                    kind: event.into(),
                    attachment: Attachment {
                        kind,
                        file: "https://f.zalo/a.jpg".into(),
                        size: None,
                        mime: None,
                        caption: Some("Họp bản".into()),
                    },
                },
                "{event}"
            );
            assert_eq!(e.dedupe_key().as_deref(), Some("msg:x1"));
        }
    }

    #[test]
    fn seen_and_received_name_the_user_and_the_messages() {
        let seen = parse_str(
            r#"{"app_id":"1","event_name":"user_seen_message","timestamp":"77",
               "sender":{"id":"oa9"},"recipient":{"id":"42"},
               "message":{"msg_ids":["m1","m2"]}}"#,
        )
        .unwrap();
        assert_eq!(
            seen.event,
            Event::Receipt {
                user: "42".into(),
                receipt: Receipt::Seen,
                msg_ids: vec!["m1".into(), "m2".into()]
            }
        );
        assert_eq!(seen.dedupe_key().as_deref(), Some("Seen:42:77:m1"));
        let received = parse_str(
            r#"{"app_id":"1","event_name":"user_received_message","timestamp":"78",
               "sender":{"id":"oa9"},"recipient":{"id":"42"},"message":{"msg_id":"m3"}}"#,
        )
        .unwrap();
        assert_eq!(
            received.event,
            Event::Receipt {
                user: "42".into(),
                receipt: Receipt::Received,
                msg_ids: vec!["m3".into()]
            }
        );
        assert_eq!(
            parse_str(
                r#"{"app_id":"1","event_name":"user_seen_message","timestamp":"7","sender":{"id":"oa"},"message":{"msg_ids":["m"]}}"#
            ),
            Err(EventError::Missing("recipient.id"))
        );
        assert_eq!(
            parse_str(
                r#"{"app_id":"1","event_name":"user_seen_message","timestamp":"7","recipient":{"id":"4"},"message":{"msg_ids":[]}}"#
            ),
            Err(EventError::Missing("message.msg_ids"))
        );
    }

    #[test]
    fn echoes_groups_and_new_kinds_are_ignored() {
        for kind in [
            "oa_send_text",
            "oa_send_image",
            "user_send_group_text",
            "anonymous_send_text",
            "something_new",
        ] {
            let e = parse_str(&format!(
                r#"{{"app_id":"1","event_name":"{kind}","timestamp":"5","sender":{{"id":"9"}},
                   "recipient":{{"id":"42"}},"message":{{"text":"x","msg_id":"m"}}}}"#
            ))
            .unwrap();
            assert_eq!(e.event, Event::Ignored { kind: kind.into() });
            assert_eq!(e.dedupe_key(), None);
        }
    }

    #[test]
    fn garbage_is_refused_with_the_reason() {
        assert_eq!(parse_str("not json"), Err(EventError::NotJson));
        assert_eq!(parse_str("[1,2]"), Err(EventError::NotJson));
        assert_eq!(parse_str(""), Err(EventError::NotJson));
        assert_eq!(
            parse_str(r#"{"app_id":"1","timestamp":"5"}"#),
            Err(EventError::Missing("event_name"))
        );
        assert_eq!(
            parse_str(r#"{"event_name":"follow","timestamp":"5","follower":{"id":"1"}}"#),
            Err(EventError::Missing("app_id"))
        );
        assert_eq!(
            parse_str(
                r#"{"app_id":"1","event_name":"user_send_text","timestamp":"5","message":{"text":"x","msg_id":"m"}}"#
            ),
            Err(EventError::Missing("sender.id"))
        );
        assert_eq!(
            parse_str(
                r#"{"app_id":"1","event_name":"user_send_text","timestamp":"5","sender":{"id":"2"},"message":{"text":"x"}}"#
            ),
            Err(EventError::Missing("message.msg_id"))
        );
        assert_eq!(
            parse_str(
                r#"{"app_id":"1","event_name":"user_send_text","timestamp":"","sender":{"id":"2"}}"#
            ),
            Err(EventError::Missing("timestamp"))
        );
    }
}
