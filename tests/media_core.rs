//! Photo and voice notices through the core and the real store (no messenger): a head's
//! photo becomes a draft carrying it, the stored notice keeps it (kind, messenger, file id,
//! caption as its text), a scheduled one keeps it until its time, a channel that cannot carry
//! files gets the text with a line saying what came with it, and catch-up says so too.
//! Villagers' files still get the short help.

mod support;

use std::sync::Arc;

use loaban::message::{Attachment, InboundBody, MediaKind};
use support::{Bot, FakeChannel};

const HEAD: &str = "telegram:1001";

fn photo(caption: Option<&str>) -> InboundBody {
    InboundBody::Media(Attachment {
        kind: MediaKind::Photo,
        file: "AgACposter".into(),
        size: Some(120_000),
        mime: None,
        caption: caption.map(str::to_string),
    })
}

fn one(bot: &Bot, user: &str, body: InboundBody) -> String {
    let out = bot.send(user, body, true);
    assert_eq!(out.len(), 1);
    out[0].message.text.clone()
}

#[tokio::test]
async fn a_photo_without_caption_is_a_notice_and_goes_as_text_where_files_cannot() {
    let bot = Bot::new();
    let people = bot.villagers(2, 5000, "dong");
    let preview = one(&bot, HEAD, photo(None));
    assert!(preview.contains("XEM TRƯỚC"), "{preview}");
    assert!(preview.contains("🖼 (ảnh)"), "{preview}");
    assert!(preview.contains("Kèm ảnh"), "{preview}");
    let queued = bot.press(HEAD, "bcy");
    assert!(queued.text.contains("Đang gửi tới 2"), "{}", queued.text);

    let ann = bot.app.store.announcement(1).unwrap().unwrap();
    let media = ann.media.clone().expect("the notice keeps its photo");
    assert_eq!(media.kind, MediaKind::Photo);
    assert_eq!(media.origin, "telegram");
    assert_eq!(media.file, "AgACposter");
    assert_eq!(ann.text, "");

    // The test channel carries no files: the text, saying a photo came with it.
    let channel = Arc::new(FakeChannel::default());
    bot.worker(channel.clone()).drain().await.unwrap();
    for p in &people {
        let got = channel.sent_to(p);
        assert_eq!(got.len(), 1, "{p}: {got:?}");
        assert!(got[0].contains("🖼 (ảnh)"), "{}", got[0]);
        assert!(
            got[0].contains("ảnh không gửi được tới bạn ở đây"),
            "{}",
            got[0]
        );
    }

    // Someone who subscribes afterwards catches up on it as text, with the same line.
    let late = bot.villagers(1, 6000, "dong").remove(0);
    let out = bot.send(&late, InboundBody::Text("tin tức".into()), true);
    let caught = &out[0].message.text;
    assert!(caught.contains("Thông báo bạn chưa nhận"), "{caught}");
    assert!(caught.contains("🖼 (ảnh)"), "{caught}");
    assert!(
        caught.contains("ảnh không gửi được tới bạn ở đây"),
        "{caught}"
    );
}

#[tokio::test]
async fn a_scheduled_voice_notice_keeps_its_file_until_its_time() {
    let bot = Bot::new();
    bot.villagers(1, 5000, "dong");
    let voice = InboundBody::Media(Attachment {
        kind: MediaKind::Voice,
        file: "AwACvoice".into(),
        size: Some(9_000),
        mime: Some("audio/ogg".into()),
        caption: Some("Họp bản".into()),
    });
    let preview = one(&bot, HEAD, voice);
    assert!(preview.contains("Kèm tin nhắn thoại"), "{preview}");
    bot.press(HEAD, "bcs");
    let back = bot.say(HEAD, "sáng mai 7h30");
    assert!(back.text.contains("đúng không"), "{}", back.text);
    let done = bot.press(HEAD, "bcsy");
    assert!(done.text.contains("Đã hẹn giờ"), "{}", done.text);
    let n = bot.app.store.scheduled_notice(1).unwrap().unwrap();
    assert_eq!(n.text, "Họp bản");
    let media = n.media.expect("the scheduled notice keeps its voice note");
    assert_eq!(
        (media.kind, media.file.as_str()),
        (MediaKind::Voice, "AwACvoice")
    );
}

#[tokio::test]
async fn villagers_files_get_the_short_help_and_nothing_is_drafted() {
    let bot = Bot::new();
    let v = bot.villagers(1, 5000, "dong").remove(0);
    let answer = one(&bot, &v, photo(Some("nhà tôi")));
    assert!(answer.contains("chỉ đọc được chữ"), "{answer}");
    // A confirm without a draft does nothing.
    let pressed = bot.press(&v, "bcy");
    assert!(!pressed.text.contains("Đang gửi"), "{}", pressed.text);
    assert!(bot.app.store.announcement(1).unwrap().is_none());
}
