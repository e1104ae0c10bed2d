//! A villager's whole journey through the core, over a real sled store.

mod support;

use support::{Bot, labels, payloads};

const V: &str = "telegram:5001";

#[test]
fn start_shows_welcome_and_main_menu() {
    let bot = Bot::new();
    let r = bot.say(V, "/start");
    assert!(r.text.contains("Chào bạn"), "{}", r.text);
    let p = payloads(&r);
    for want in ["co", "l", "sub", "news", "lang", "h"] {
        assert!(p.contains(&want.to_string()), "menu has {want}: {p:?}");
    }
    // A villager is offered no broadcast button.
    assert!(!p.contains(&"bc".to_string()));
}

#[test]
fn criteria_overview_summary_list_remaining_and_detail() {
    let bot = Bot::new();
    let r = bot.say(V, "/tieuchi");
    assert!(r.text.contains("Xã Chiềng Khoang: đạt 11/19"), "{}", r.text);
    assert!(r.text.contains("Bản Đông: đạt 6/16"), "{}", r.text);
    assert!(r.text.contains("Bản He: chưa có số liệu"), "{}", r.text);
    assert!(r.text.contains("minh họa") && r.text.contains("2023"));

    let r = bot.press(V, "cs:dong");
    assert!(r.text.contains("Bản Đông đạt 6/16"), "{}", r.text);
    assert!(
        r.text.contains("5 đang thực hiện, 5 chưa đạt"),
        "{}",
        r.text
    );
    assert!(r.text.contains("tính đến 2023"));

    let r = bot.press(V, "cr:dong");
    for named in [
        "Giao thông",
        "Thu nhập",
        "Nhà văn hóa",
        "Vệ sinh môi trường",
        "hương ước",
    ] {
        assert!(
            r.text.contains(named),
            "remaining lists {named}: {}",
            r.text
        );
    }
    assert_eq!(
        r.text.matches("🔄").count() - 1,
        5,
        "five in progress (+legend)"
    );
    let met_line = |l: &str| {
        l.strip_prefix("✅ ")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    };
    assert!(!r.text.lines().any(met_line), "no met ones in 'remaining'");

    let r = bot.press(V, "cl:dong");
    assert_eq!(r.text.lines().filter(|l| met_line(l)).count(), 6);

    let r = bot.press(V, "cd:dong:giao_thong");
    assert!(
        r.text.contains("Giao thông") && r.text.contains("Đang thực hiện"),
        "{}",
        r.text
    );
    // A villager gets no edit buttons.
    assert!(!payloads(&r).iter().any(|p| p.starts_with("ss:")));
}

#[test]
fn hamlet_without_criteria_shows_its_facts() {
    let bot = Bot::new();
    let r = bot.press(V, "cs:he");
    assert!(
        r.text.contains("Chưa có số liệu tiêu chí của Bản He"),
        "{}",
        r.text
    );
    assert!(r.text.contains("195"), "households: {}", r.text);
    let r = bot.say(V, "/solieu");
    assert!(
        r.text.contains("47,5 triệu đồng/người/năm"),
        "vi number style: {}",
        r.text
    );
    assert!(r.text.contains("11,44"), "{}", r.text);
}

#[test]
fn loans_list_and_detail_with_vietnamese_numbers_and_as_of() {
    let bot = Bot::new();
    let r = bot.say(V, "/vayvon");
    assert_eq!(
        payloads(&r).iter().filter(|p| p.starts_with("ld:")).count(),
        12
    );
    assert!(r.text.contains("tính đến 11/2026"), "{}", r.text);
    // Organisations' programme is listed last among programmes.
    let ld: Vec<_> = payloads(&r)
        .into_iter()
        .filter(|p| p.starts_with("ld:"))
        .collect();
    assert_eq!(ld.last().unwrap(), "ld:nd28_duoc_lieu");

    let r = bot.press(V, "ld:ho_ngheo");
    assert!(r.text.contains("100 triệu đồng"), "{}", r.text);
    assert!(r.text.contains("6,6%/năm"), "{}", r.text);
    assert!(r.text.contains("120 tháng"), "{}", r.text);
    assert!(r.text.contains("Tổ TK&VV"), "{}", r.text);
    assert!(r.text.contains("tính đến 11/2026"), "{}", r.text);

    // Unknown figures are said to be unknown, never shown as zero.
    let r = bot.press(V, "ld:nha_o_xa_hoi");
    assert!(r.text.contains("chưa có số liệu chính thức"), "{}", r.text);
    assert!(!r.text.contains(" 0 "), "{}", r.text);
    let r = bot.press(V, "ld:ho_can_ngheo:r");
    assert!(r.text.contains("7,92%/năm"), "{}", r.text);
    assert!(
        !r.text.contains("Ai được vay"),
        "aspect answer is narrow: {}",
        r.text
    );

    let r = bot.press(V, "ld:ho_ngheo:w");
    assert!(r.text.contains("1. "), "numbered steps: {}", r.text);
}

#[test]
fn subscribe_unsubscribe_and_my_subscriptions() {
    let bot = Bot::new();
    let r = bot.say(V, "/dangky");
    assert!(payloads(&r).contains(&"sub:dong".to_string()));
    let r = bot.press(V, "sub:dong");
    assert!(
        r.text.contains("Đã đăng ký nhận thông báo của Bản Đông"),
        "{}",
        r.text
    );
    let r = bot.say(V, "/dangky Bản Đông, BAN HE");
    assert!(r.text.contains("Bản He"), "{}", r.text);
    assert!(
        r.text.contains("từ trước"),
        "Đông again is 'already': {}",
        r.text
    );
    let r = bot.say(V, "/dangky dong na_lai");
    assert!(r.text.contains("Bản Nà Lại"), "{}", r.text);
    assert_eq!(
        bot.app.store.subscriptions_of(V).unwrap(),
        vec!["dong", "he", "na_lai"]
    );

    let r = bot.say(V, "/cuatoi");
    assert!(r.text.contains("3 bản"), "{}", r.text);
    let r = bot.say(V, "/huydangky he");
    assert!(r.text.contains("Đã hủy đăng ký Bản He"), "{}", r.text);
    let r = bot.say(V, "/huydangky");
    assert!(payloads(&r).contains(&"uns:dong".to_string()));
    assert!(!payloads(&r).contains(&"uns:he".to_string()));
    let r = bot.say(V, "/dangky Bản Xyz");
    assert!(
        r.text.contains("Không tìm thấy bản “Bản Xyz”"),
        "{}",
        r.text
    );
    assert_eq!(
        bot.app.store.subscriptions_of(V).unwrap(),
        vec!["dong", "na_lai"]
    );
}

#[test]
fn switching_hamlet_ends_the_old_subscription_and_offers_it_back() {
    let bot = Bot::new();
    bot.say(V, "/dangky dong");
    let r = bot.say(V, "em thôi đăng ký bản Đông, chuyển sang đăng ký bản He");
    assert!(
        r.text.contains("thôi nhận thông báo của Bản Đông")
            && r.text.contains("Đã đăng ký nhận thông báo của Bản He"),
        "{}",
        r.text
    );
    assert_eq!(bot.app.store.subscriptions_of(V).unwrap(), vec!["he"]);
    assert!(bot.app.store.subscribers_of("dong").unwrap().is_empty());
    assert_eq!(bot.app.store.subscribers_of("he").unwrap(), vec![V]);
    // One tap undoes it.
    assert!(payloads(&r).contains(&"sub:dong".to_string()), "{r:?}");
    bot.press(V, "sub:dong");
    assert_eq!(
        bot.app.store.subscriptions_of(V).unwrap(),
        vec!["dong", "he"]
    );

    // A move with no hamlet left behind ends every other one.
    bot.say(V, "/dangky na_lai");
    let r = bot.say(V, "chuyển đăng ký sang bản He");
    assert!(
        r.text.contains("Bản Đông") && r.text.contains("Bản Nà Lại"),
        "{}",
        r.text
    );
    assert!(r.text.contains("từ trước"), "He was kept: {}", r.text);
    assert_eq!(bot.app.store.subscriptions_of(V).unwrap(), vec!["he"]);

    // And back; someone with nothing to leave gets the plain subscription's answer.
    let r = bot.say(V, "chuyển đăng ký sang bản Đông");
    assert!(
        r.text.contains("thôi nhận thông báo của Bản He"),
        "{}",
        r.text
    );
    assert_eq!(bot.app.store.subscriptions_of(V).unwrap(), vec!["dong"]);
    let r2 = bot.say("telegram:5003", "chuyển đăng ký sang bản Đông");
    assert!(!r2.text.contains("🔕"), "{}", r2.text);
    assert_eq!(
        bot.app.store.subscriptions_of("telegram:5003").unwrap(),
        vec!["dong"]
    );

    // In English, in the same words as every other reply.
    let en = "telegram:5004";
    bot.press(en, "lang:en");
    bot.say(en, "/dangky he");
    let r = bot.say(en, "no more ban he, change to ban dong");
    assert!(
        r.text.contains("no longer get notices from Bản He"),
        "{}",
        r.text
    );
    assert_eq!(bot.app.store.subscriptions_of(en).unwrap(), vec!["dong"]);
}

#[test]
fn deep_link_subscribes_in_one_tap() {
    let bot = Bot::new();
    let r = bot.say(V, "/start dong");
    assert!(
        r.text.contains("Đã đăng ký nhận thông báo của Bản Đông"),
        "{}",
        r.text
    );
    assert_eq!(bot.app.store.subscriptions_of(V).unwrap(), vec!["dong"]);
    // An unknown payload is just a welcome.
    let r = bot.say("telegram:5002", "/start nowhere");
    assert!(r.text.contains("Chào bạn"));
    assert!(
        bot.app
            .store
            .subscriptions_of("telegram:5002")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn language_switch_changes_every_answer() {
    let bot = Bot::new();
    let r = bot.say(V, "/ngonngu");
    assert_eq!(payloads(&r), vec!["lang:vi", "lang:en"]);
    let r = bot.press(V, "lang:en");
    assert!(r.text.contains("English"), "{}", r.text);
    let r = bot.press(V, "ld:ho_ngheo");
    assert!(
        r.text.contains("100 million VND per household"),
        "{}",
        r.text
    );
    assert!(r.text.contains("6.6%/year"), "{}", r.text);
    let r = bot.say(V, "/language vi");
    assert!(r.text.contains("tiếng Việt"), "{}", r.text);
}

#[test]
fn forget_me_deletes_everything_after_confirmation() {
    let bot = Bot::new();
    bot.say(V, "/dangky dong he");
    bot.press(V, "lang:en");
    // Questions the bot did not understand are kept for admins, with their text.
    bot.say(V, "con bò nhà tôi bị ốm");
    bot.say("telegram:5999", "con gà nhà tôi đẻ trứng");
    let asked = |bot: &Bot| -> Vec<String> {
        bot.app
            .store
            .not_understood(100)
            .unwrap()
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    };
    assert!(asked(&bot).contains(&"con bò nhà tôi bị ốm".to_string()));
    let r = bot.say(V, "/xoadulieu");
    assert_eq!(payloads(&r), vec!["fgy", "x"]);
    // Cancel keeps the data.
    bot.press(V, "x");
    assert_eq!(bot.app.store.subscriptions_of(V).unwrap().len(), 2);
    // A stale confirm press does nothing.
    bot.press(V, "fgy");
    assert_eq!(bot.app.store.subscriptions_of(V).unwrap().len(), 2);

    bot.say(V, "/forget");
    let r = bot.press(V, "fgy");
    assert!(r.text.contains("deleted"), "{}", r.text);
    assert!(bot.app.store.subscriptions_of(V).unwrap().is_empty());
    assert!(bot.app.store.subscribers_of("dong").unwrap().is_empty());
    assert!(bot.app.store.user(V).unwrap().is_none());
    // Their question texts are gone from the statistics; another villager's stay.
    assert_eq!(asked(&bot), vec!["con gà nhà tôi đẻ trứng".to_string()]);
    // Writing again starts afresh, in the default language.
    let r = bot.say(V, "/start");
    assert!(r.text.contains("Chào bạn"));
}

#[test]
fn numbered_replies_press_the_last_menu() {
    let bot = Bot::new();
    let menu = bot.say(V, "/vayvon");
    let first = labels(&menu)[0].clone();
    let r = bot.say(V, "1");
    assert!(r.text.contains(&first), "1 → {first}: {}", r.text);
    let r = bot.say(V, "99");
    assert!(r.text.contains("Không có lựa chọn số 99"), "{}", r.text);
}

#[test]
fn unknown_commands_and_stale_buttons_get_the_menu() {
    let bot = Bot::new();
    let r = bot.say(V, "/foo");
    assert!(r.text.contains("Không có lệnh /foo"), "{}", r.text);
    assert!(payloads(&r).contains(&"co".to_string()));
    let r = bot.press(V, "cs:../../etc");
    assert!(r.text.contains("Lựa chọn này đã cũ"), "{}", r.text);
    let r = bot.press(V, "cs:nowhere");
    assert!(r.text.contains("Không tìm thấy bản"), "{}", r.text);
}

#[test]
fn bad_input_gets_an_answer_and_changes_nothing() {
    let bot = Bot::new();
    bot.say(V, "/dangky dong");
    let before = bot.app.store.export_content_toml().unwrap();
    let long = "a".repeat(10_000);
    let inputs = [
        "",
        "   ",
        &long,
        "😀😀😀",
        "\u{0}\u{1}\u{7f}\u{1b}[31m",
        "/",
        "/thongbao",
        "\u{202e}\u{200b}",
        "̀́̃",
    ];
    for input in inputs {
        let r = bot.say(V, input);
        assert!(!r.text.is_empty(), "answer to {input:?}");
        assert!(
            !r.buttons.is_empty(),
            "buttons so no dead end for {input:?}: {}",
            r.text
        );
    }
    let r = bot.say(V, &long);
    assert!(r.text.contains("10000"), "{}", r.text);
    assert_eq!(bot.app.store.export_content_toml().unwrap(), before);
    assert_eq!(bot.app.store.subscriptions_of(V).unwrap(), vec!["dong"]);
    assert_eq!(bot.app.store.queued_count(), 0);
}

#[test]
fn group_chats_refuse_private_flows() {
    let bot = Bot::new();
    let out = bot.send(
        V,
        loaban::message::InboundBody::Text("/dangky dong".into()),
        false,
    );
    assert!(
        out[0].message.text.contains("nhắn riêng"),
        "{}",
        out[0].message.text
    );
    assert!(bot.app.store.subscriptions_of(V).unwrap().is_empty());
    // Public questions are fine in groups.
    let out = bot.send(
        V,
        loaban::message::InboundBody::Text("/tieuchi".into()),
        false,
    );
    assert!(out[0].message.text.contains("11/19"));
}

#[test]
fn state_survives_a_restart() {
    let bot = Bot::new();
    bot.say(V, "/dangky dong");
    bot.press(V, "lang:en");
    let bot = bot.restart();
    assert_eq!(bot.app.store.subscriptions_of(V).unwrap(), vec!["dong"]);
    let r = bot.say(V, "/cuatoi");
    assert!(r.text.contains("one hamlet"), "{}", r.text);
}
