//! Every menu the bot can produce on the default content, walked through the real core on a
//! temp store as a villager, a hamlet head and an admin, in both languages: no message has
//! two choices with the same label or the same number, and in every list of criteria the
//! number typed chooses the criterion shown beside that number.

mod support;

use std::collections::{BTreeSet, VecDeque};

use loaban::message::OutMessage;
use support::Bot;

/// Presses that would end the walk for this person or send notices: the walk looks at
/// their menus without pressing them.
fn ends_the_walk(payload: &str) -> bool {
    payload == "fgy" || payload == "bcy" || payload.starts_with("sty:")
}

fn check(who: &str, how: &str, m: &OutMessage) {
    let mut labels = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    for (n, b) in m.choices() {
        assert!(
            labels.insert(b.label.clone()),
            "{who} after {how}: two choices labelled `{}`:\n{}\n{:?}",
            b.label,
            m.text,
            m.buttons
        );
        assert!(numbers.insert(n), "{who} after {how}: number {n} twice");
        if let Some(shown) = b.number {
            // The text shows this number beside the criterion the button opens.
            let line = m
                .text
                .lines()
                .find(|l| l.split_whitespace().nth(1) == Some(&format!("{shown}.")))
                .unwrap_or_else(|| panic!("{who} after {how}: {shown} not in the text"));
            assert!(
                b.payload.starts_with("cd:") && b.label.ends_with(&format!(" {shown}")),
                "{who} after {how}: `{line}` is chosen by {shown}, which opens {}",
                b.payload
            );
        }
    }
}

fn walk(bot: &Bot, who: &str, starts: &[&str]) -> usize {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<(String, OutMessage)> = VecDeque::new();
    for s in starts {
        queue.push_back((s.to_string(), bot.say(who, s)));
    }
    let mut messages = 0;
    while let Some((how, m)) = queue.pop_front() {
        messages += 1;
        check(who, &how, &m);
        for p in m.payloads() {
            if ends_the_walk(&p) || !seen.insert(p.clone()) {
                continue;
            }
            queue.push_back((p.clone(), bot.press(who, &p)));
        }
    }
    messages
}

#[test]
fn no_menu_has_two_choices_alike_and_numbers_choose_what_is_shown() {
    let bot = Bot::new();
    bot.villagers(3, 5000, "dong");
    let starts = [
        "/start",
        "/tieuchi",
        "/tieuchi dong",
        "/vayvon",
        "/solieu",
        "/dangky",
        "/huydangky",
        "/cuatoi",
        "/tintuc",
        "/ngonngu",
        "/trogiup",
        "/xoadulieu",
        "ban dong dat may tieu chi",
        "vay",
        "con trâu",
    ];
    let head_starts: Vec<&str> = starts
        .iter()
        .copied()
        .chain(["/thongbao Họp bản", "/capnhat", "/capnhat dong"])
        .collect();
    let mut total = 0;
    for who in ["telegram:5000", "telegram:1001", "telegram:9001"] {
        let s: &[&str] = if who == "telegram:5000" {
            &starts
        } else {
            &head_starts
        };
        total += walk(&bot, who, s);
        // The same walk in English (the language button was pressed on the way; set it).
        bot.say(who, "/language en");
        total += walk(&bot, who, s);
    }
    // A notice being sent, and the question whether to stop it.
    bot.say("telegram:1001", "/ngonngu vi");
    bot.say("telegram:1001", "/thongbao Họp bản");
    check("telegram:1001", "bcy", &bot.press("telegram:1001", "bcy"));
    check("telegram:1001", "/huy", &bot.say("telegram:1001", "/huy"));
    assert!(total > 200, "only {total} messages walked");
}

#[test]
fn in_the_remaining_list_the_typed_number_opens_that_criterion() {
    let bot = Bot::new();
    let list = bot.say("telegram:5000", "/tieuchi dong");
    assert!(list.text.contains("đạt 6/16"), "{}", list.text);
    let remaining = bot.press("telegram:5000", "cr:dong");
    // Criterion 4 is the second line of the list (1 and 3 are met).
    assert!(remaining.text.contains("🔄 2. ") && remaining.text.contains("🔄 4. Giao thông"));
    for (typed, name) in [("4", "4. Giao thông"), ("2", "2. Có quy ước")] {
        bot.press("telegram:5000", "cr:dong");
        let r = bot.say("telegram:5000", typed);
        assert!(r.text.contains(name), "{typed} → {name}: {}", r.text);
    }
    // 1 and 3 are met, so not in the list: no choice, said plainly.
    bot.press("telegram:5000", "cr:dong");
    let r = bot.say("telegram:5000", "3");
    assert!(r.text.contains("Không có lựa chọn số 3"), "{}", r.text);
}
