//! The core's messages as Zalo text: buttons become numbered choices (the core maps a typed
//! number back to the button), and long text is split at Zalo's 2,000 characters.
//!
//! Zalo's template buttons that post a query back (`oa.query.hide`) would be the quick
//! replies, but nothing in what we could verify of the OA API confirms them for v3
//! consultation messages; numbered choices work on every Zalo client.

use crate::message::OutMessage;
use crate::text::split::split_text;

/// Zalo's limit on one text message (documented for the Zalo Bot API; assumed for OA).
pub const MAX_TEXT: usize = 2000;

/// Keycap digits read well on small screens, even for people who read little.
fn number(n: usize) -> String {
    const KEYCAPS: [&str; 9] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"];
    match KEYCAPS.get(n.wrapping_sub(1)) {
        Some(k) => (*k).to_string(),
        None => format!("{n}."),
    }
}

/// The texts to send for `message`, in order; `hint` ("reply with a number…", in the
/// reader's language) goes under the choices.
pub fn texts(message: &OutMessage, hint: Option<&str>) -> Vec<String> {
    let mut text = message.text.trim_end().to_string();
    let labels: Vec<&str> = message
        .buttons
        .iter()
        .flatten()
        .map(|b| b.label.as_str())
        .collect();
    if !labels.is_empty() {
        text.push('\n');
        for (i, label) in labels.iter().enumerate() {
            text.push_str(&format!("\n{} {label}", number(i + 1)));
        }
        if let Some(hint) = hint {
            text.push_str("\n\n");
            text.push_str(hint);
        }
    }
    split_text(&text, MAX_TEXT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Button;

    fn button(label: &str) -> Button {
        Button {
            label: label.into(),
            payload: format!("p:{label}"),
        }
    }

    #[test]
    fn plain_text_is_sent_as_is() {
        assert_eq!(
            texts(&OutMessage::text("Xin chào"), Some("nhắn số")),
            vec!["Xin chào"],
            "no choices, no hint"
        );
    }

    #[test]
    fn buttons_become_numbers_in_reading_order() {
        let m = OutMessage {
            text: "Chọn:".into(),
            buttons: vec![
                vec![button("Tiêu chí"), button("Vay vốn")],
                vec![button("Đăng ký")],
            ],
        };
        assert_eq!(
            texts(&m, None),
            vec!["Chọn:\n\n1️⃣ Tiêu chí\n2️⃣ Vay vốn\n3️⃣ Đăng ký"]
        );
        assert_eq!(
            texts(&m, Some("👉 Nhắn số để chọn.")),
            vec!["Chọn:\n\n1️⃣ Tiêu chí\n2️⃣ Vay vốn\n3️⃣ Đăng ký\n\n👉 Nhắn số để chọn."]
        );
        // The numbers match the order the core reads a typed number in.
        assert_eq!(m.payloads()[2], "p:Đăng ký");
    }

    #[test]
    fn more_than_nine_choices_keep_counting() {
        let m = OutMessage {
            text: "x".into(),
            buttons: vec![(1..=11).map(|i| button(&i.to_string())).collect()],
        };
        let t = &texts(&m, None)[0];
        assert!(t.contains("9️⃣ 9\n10. 10\n11. 11"), "{t}");
    }

    #[test]
    fn long_text_is_split_at_zalos_limit() {
        let m = OutMessage::text("Dòng thông báo.\n".repeat(300));
        let parts = texts(&m, None);
        assert!(parts.len() >= 3);
        assert!(parts.iter().all(|p| p.chars().count() <= MAX_TEXT));
    }
}
