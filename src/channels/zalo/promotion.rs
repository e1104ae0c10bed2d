//! OA promotion messages ("tin truyền thông"): how a notice reaches a follower whose 7-day
//! consultation window is closed. Pure parts: the hours they may go, the month their quota
//! is counted in, the message body, what Zalo's answer means. The sending is in `api.rs`,
//! the decision in `ZaloDeliver` (`mod.rs`).
//!
//! Body per Zalo's Java SDK (`SendPromotionMessage.java`, confidence H for the shape):
//! `message.attachment = {type: "template", payload: {template_type: "promotion",
//! elements: [{type: "header", content}, {type: "text", content}], buttons: [...]}}`.
//! A button of type `oa.query.show` sends its payload back as the user's own message
//! (confidence M), so "✅ Đã nhận" types the notice's number back: an acknowledgement,
//! which also reopens the 7-day window.

use chrono::{DateTime, Datelike, Duration, FixedOffset, Timelike, Utc};
use serde_json::{Value, json};

use crate::delivery::SendOutcome;
use crate::message::OutMessage;
use crate::model::FailReason;
use crate::text::format;

/// The allowance promotion messages are counted under in the store.
pub const QUOTA: &str = "zalo:promotion";

/// Zalo's "OA package lacks this feature" (confidence M).
const PACKAGE: i64 = -224;
/// Zalo's "not at night" (22:00–06:00, confidence M).
const NIGHT: i64 = -234;

/// Promotion messages as configured (`[zalo] promotion_*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promotion {
    pub monthly_quota: u32,
    /// Minutes after local midnight, [start, end).
    pub start: u32,
    pub end: u32,
    /// As written in the config, for the head's report ("08:00-22:00").
    pub hours: String,
    pub offset: FixedOffset,
}

impl Promotion {
    /// `None` while promotion messages may go now; else when they may next (local `start`).
    pub fn next_opening(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = now.with_timezone(&self.offset);
        let minute = local.hour() * 60 + local.minute();
        if (self.start..self.end).contains(&minute) {
            return None;
        }
        let midnight = local
            - Duration::seconds(i64::from(local.num_seconds_from_midnight()))
            - Duration::nanoseconds(i64::from(local.nanosecond()));
        let today = midnight + Duration::minutes(i64::from(self.start));
        let at = if minute < self.start {
            today
        } else {
            today + Duration::days(1)
        };
        Some(at.with_timezone(&Utc))
    }

    /// The month the quota of a send at `now` is counted in, local time: "2026-12".
    pub fn period(&self, now: DateTime<Utc>) -> String {
        let local = now.with_timezone(&self.offset);
        format!("{:04}-{:02}", local.year(), local.month())
    }

    /// Why a send outside the hours waits.
    pub fn outside_hours(&self) -> FailReason {
        FailReason::OutsideHours {
            hours: self.hours.clone(),
        }
    }
}

/// The promotion-message body for `message` to `user_id`: its first line as the header, the
/// rest (and the line under its choices) as the text, each choice a button that types its
/// number back.
pub fn body(user_id: &str, message: &OutMessage, hint: Option<&str>) -> Value {
    let (header, rest) = message
        .text
        .split_once('\n')
        .unwrap_or((message.text.as_str(), ""));
    let mut text = rest.trim().to_string();
    if let Some(h) = hint {
        text.push_str("\n\n");
        text.push_str(h);
    }
    let buttons: Vec<Value> = message
        .choices()
        .into_iter()
        .map(|(n, b)| {
            json!({
                "type": "oa.query.show",
                "title": format::truncate(&b.label, 35),
                "payload": n.to_string(),
            })
        })
        .collect();
    json!({
        "recipient": { "user_id": user_id },
        "message": { "attachment": { "type": "template", "payload": {
            "template_type": "promotion",
            "elements": [
                { "type": "header", "align": "left", "content": format::truncate(header, 100) },
                { "type": "text", "align": "left", "content": format::truncate(&text, 1500) },
            ],
            "buttons": buttons,
        }}},
    })
}

/// What Zalo's answer to a promotion message means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Outcome(SendOutcome),
    /// Zalo refused it for the hour: it waits for the next opening.
    NotNow,
}

/// Reads Zalo's code for a promotion message; other codes as for consultation messages.
pub fn classify(code: i64, message: &str) -> Answer {
    match code {
        NIGHT => Answer::NotNow,
        PACKAGE => Answer::Outcome(SendOutcome::Permanent(FailReason::PackageLacks {
            code,
            words: message.to_string(),
        })),
        _ => Answer::Outcome(super::api::classify(code, message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Button;

    fn promo() -> Promotion {
        Promotion {
            monthly_quota: 1,
            start: 8 * 60,
            end: 22 * 60,
            hours: "08:00-22:00".into(),
            offset: FixedOffset::east_opt(7 * 3600).unwrap(),
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn hours_are_local_and_wait_for_the_next_opening() {
        let p = promo();
        // 10:00 in Sơn La (UTC+7) is 03:00 UTC: open.
        assert_eq!(p.next_opening(utc("2026-12-02T03:00:00Z")), None);
        // 06:30 local: opens at 08:00 the same day.
        assert_eq!(
            p.next_opening(utc("2026-12-01T23:30:00Z")),
            Some(utc("2026-12-02T01:00:00Z"))
        );
        // 22:00 local (the end is not inside): opens at 08:00 the next day.
        assert_eq!(
            p.next_opening(utc("2026-12-02T15:00:00Z")),
            Some(utc("2026-12-03T01:00:00Z"))
        );
        assert_eq!(p.next_opening(utc("2026-12-02T14:59:59Z")), None);
    }

    #[test]
    fn the_quota_month_is_local() {
        let p = promo();
        assert_eq!(p.period(utc("2026-12-31T16:59:00Z")), "2026-12");
        // Already January in Sơn La.
        assert_eq!(p.period(utc("2026-12-31T17:00:00Z")), "2027-01");
    }

    #[test]
    fn the_body_has_a_header_the_text_and_the_choices_as_buttons() {
        let m = OutMessage {
            text: "📢 Thông báo Bản Đông:\nHọp bản tối nay lúc 19h".into(),
            buttons: vec![vec![Button {
                label: "✅ Đã nhận".into(),
                payload: "ak:3".into(),
                number: None,
            }]],
        };
        let b = body("8001", &m, Some("👉 Nhắn 1 nếu đã nhận."));
        assert_eq!(b["recipient"]["user_id"], "8001");
        let p = &b["message"]["attachment"]["payload"];
        assert_eq!(b["message"]["attachment"]["type"], "template");
        assert_eq!(p["template_type"], "promotion");
        assert_eq!(p["elements"][0]["content"], "📢 Thông báo Bản Đông:");
        assert_eq!(
            p["elements"][1]["content"],
            "Họp bản tối nay lúc 19h\n\n👉 Nhắn 1 nếu đã nhận."
        );
        assert_eq!(p["buttons"][0]["type"], "oa.query.show");
        assert_eq!(p["buttons"][0]["payload"], "1");
        assert_eq!(p["buttons"][0]["title"], "✅ Đã nhận");
    }

    #[test]
    fn zalo_codes_for_promotions() {
        assert_eq!(classify(0, "Success"), Answer::Outcome(SendOutcome::Sent));
        assert_eq!(classify(-234, "night"), Answer::NotNow);
        assert_eq!(
            classify(-224, "package"),
            Answer::Outcome(SendOutcome::Permanent(FailReason::PackageLacks {
                code: -224,
                words: "package".into()
            }))
        );
        assert!(matches!(
            classify(-213, "not follower"),
            Answer::Outcome(SendOutcome::Permanent(FailReason::NotFollowing { .. }))
        ));
    }
}
