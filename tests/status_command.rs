//! `/capnhat` (`/status`) as a head types it: wrong input gets the right form and the unit's
//! codes and changes nothing; the detail shows the code to heads; setting the status a
//! criterion already has says so and audits nothing; a new status drops the old note.

mod support;

use support::{Bot, payloads};

const HEAD: &str = "telegram:1001";
const VILLAGER: &str = "telegram:5000";

fn audit_count(bot: &Bot) -> usize {
    bot.app
        .store
        .audit_since(chrono::DateTime::<chrono::Utc>::MIN_UTC, usize::MAX)
        .unwrap()
        .len()
}

#[test]
fn wrong_arguments_show_the_form_and_the_units_codes_and_change_nothing() {
    let bot = Bot::new();
    let before = bot.app.store.statuses("dong").unwrap();
    let audited = audit_count(&bot);
    for (typed, wrong) in [
        ("/capnhat", None),
        ("/capnhat dong", None),
        ("/capnhat xyz giao_thong dat", Some("“xyz”")),
        ("/capnhat dong khongco dat", Some("“khongco”")),
        ("/capnhat dong giao_thong xong_roi", Some("“xong_roi”")),
    ] {
        let r = bot.say(HEAD, typed);
        assert!(r.text.contains("Cách gõ: /capnhat"), "{typed}: {}", r.text);
        assert!(
            r.text.contains("Ví dụ: /capnhat dong "),
            "{typed}: {}",
            r.text
        );
        if let Some(w) = wrong {
            assert!(
                r.text.contains(&format!("Không hiểu {w}")),
                "{typed}: {}",
                r.text
            );
        }
        if typed.starts_with("/capnhat dong") {
            assert!(
                r.text.contains("4. giao_thong — Giao thông"),
                "{typed} lists the unit's codes: {}",
                r.text
            );
        } else {
            assert!(r.text.contains("• dong — Bản Đông"), "{typed}: {}", r.text);
        }
    }
    assert_eq!(bot.app.store.statuses("dong").unwrap(), before);
    assert_eq!(audit_count(&bot), audited, "wrong input audits nothing");
    // In English too.
    bot.say(HEAD, "/language en");
    let r = bot.say(HEAD, "/status dong nothing met");
    assert!(r.text.contains("Could not read “nothing”"), "{}", r.text);
    assert!(r.text.contains("Example: /status dong "), "{}", r.text);
    // A villager is told who may update, not shown the form.
    let r = bot.say(VILLAGER, "/capnhat dong giao_thong dat");
    assert!(r.text.contains("Chỉ trưởng bản"), "{}", r.text);
}

#[test]
fn the_detail_shows_the_code_to_heads_only() {
    let bot = Bot::new();
    let r = bot.press(HEAD, "cd:dong:giao_thong");
    assert!(
        r.text.contains("/capnhat dong giao_thong dat|dang|chua"),
        "{}",
        r.text
    );
    // The status it has is not offered again.
    assert!(
        !payloads(&r).contains(&"ss:dong:giao_thong:p".to_string()),
        "{:?}",
        payloads(&r)
    );
    let r = bot.press(VILLAGER, "cd:dong:giao_thong");
    assert!(!r.text.contains("giao_thong"), "{}", r.text);
}

#[test]
fn the_same_status_again_says_so_and_audits_nothing() {
    let bot = Bot::new();
    let before = bot.app.store.status("dong", "giao_thong").unwrap();
    let audited = audit_count(&bot);
    // giao_thong of Bản Đông is "in progress" in the default content; by number, too.
    for typed in ["/capnhat dong giao_thong dang", "/capnhat dong 4 dang"] {
        let r = bot.say(HEAD, typed);
        assert!(
            r.text.contains("đã ở trạng thái “Đang thực hiện” rồi"),
            "{typed}: {}",
            r.text
        );
    }
    assert_eq!(bot.app.store.status("dong", "giao_thong").unwrap(), before);
    assert_eq!(audit_count(&bot), audited);
    let r = bot.press(HEAD, "ss:dong:giao_thong:p");
    assert!(r.text.contains("không có gì thay đổi"), "{}", r.text);
    assert_eq!(audit_count(&bot), audited);
}

#[test]
fn a_new_status_drops_the_old_note_unless_a_new_one_is_given() {
    let bot = Bot::new();
    let old = bot.app.store.status("dong", "giao_thong").unwrap().unwrap();
    let old_note = old
        .note
        .clone()
        .expect("the default content has a note here");
    let r = bot.say(HEAD, "/capnhat dong 4 dat");
    assert!(r.text.contains("nay đạt 7/16"), "{}", r.text);
    assert!(!r.text.contains(&old_note), "stale note shown: {}", r.text);
    assert_eq!(
        bot.app
            .store
            .status("dong", "giao_thong")
            .unwrap()
            .unwrap()
            .note,
        None
    );
    let r = bot.say(HEAD, "/capnhat dong giao_thong chua sạt lở sau mưa");
    assert!(r.text.contains("Ghi chú: sạt lở sau mưa"), "{}", r.text);
    let audit = bot.say("telegram:9001", "/nhatky").text;
    assert_eq!(audit.matches("giao_thong").count(), 2, "{audit}");
}
