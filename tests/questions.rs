//! Ask a person, end to end through the built binary (`console --json`, several people in
//! one run): a villager's question the bot cannot answer reaches the head of their hamlet
//! (or the admins), the answer comes back, and nobody else can see or answer it.

mod support;

use std::process::Command;

use serde_json::Value;
use support::console_json::{config, run};

/// `loaban questions` on the command line.
fn questions_cli(config: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args(["questions", "--config", config])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn line(v: Value) -> String {
    v.to_string()
}

fn says(who: &str, text: &str) -> String {
    line(serde_json::json!({"as": who, "text": text}))
}

fn press(payload: &str) -> String {
    line(serde_json::json!({"button": payload}))
}

/// The messages one output object sent to `to`.
fn to<'a>(o: &'a Value, to: &str) -> Vec<&'a Value> {
    o["out"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["to"] == to)
        .collect()
}

/// The one message to `who`, as text.
fn text_to(o: &Value, who: &str) -> String {
    let m = to(o, who);
    assert_eq!(m.len(), 1, "one message to {who} in {o}");
    m[0]["text"].as_str().unwrap().to_string()
}

fn payloads(m: &Value) -> Vec<String> {
    m["buttons"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|r| r.as_array().unwrap())
                .map(|b| b["payload"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The consent button's payload ("ask:<token>") in the message to `who`.
fn consent_payload(o: &Value, who: &str) -> String {
    let m = to(o, who);
    payloads(m[0])
        .into_iter()
        .find(|p| p.starts_with("ask:"))
        .unwrap_or_else(|| panic!("a consent button in {o}"))
}

const VILLAGER: &str = "telegram:5002";
const HEAD_DONG: &str = "telegram:1001";
const HEAD_HE: &str = "telegram:1002";
const ADMIN: &str = "telegram:9001";

#[test]
fn a_question_the_bot_cannot_answer_reaches_the_head_and_the_answer_comes_back() {
    let (_dir, cfg) = config();
    // First part: ask, up to the consent, to learn the consent button's token.
    let mut lines = vec![
        line(serde_json::json!({"as": VILLAGER, "name": "Lò Văn A", "text": "/dangky dong"})),
        says(VILLAGER, "xyzzy quux blorp"),
        says(VILLAGER, "qwxz vbnm plkj trâu"),
        press("ask"),
    ];
    let first = run(&cfg, &lines, None);
    // The first miss offers no officer yet; the second does.
    assert!(!payloads(to(&first[1], VILLAGER)[0]).contains(&"ask".to_string()));
    assert!(
        payloads(to(&first[2], VILLAGER)[0]).contains(&"ask".to_string()),
        "{}",
        first[2]
    );
    let consent = text_to(&first[3], VILLAGER);
    assert!(consent.contains("trưởng bản Bản Đông"), "{consent}");
    assert!(consent.contains("sẽ thấy tên"), "{consent}");
    assert!(consent.contains("1–2 ngày làm việc"), "{consent}");
    assert!(consent.contains("qwxz vbnm plkj trâu"), "{consent}");
    // The same presses again in a new run (same store): a fresh consent, a fresh token.
    let again = run(
        &cfg,
        &[line(
            serde_json::json!({"as": VILLAGER, "name": "Lò Văn A", "text": "/hoi xyzzy quux blorp\nqwxz vbnm plkj trâu"}),
        )],
        None,
    );
    let token = consent_payload(&again[0], VILLAGER);
    // A button from the first run is stale now: it forwards nothing.
    let stale = consent_payload(&first[3], VILLAGER);
    assert_ne!(stale, token);

    lines = vec![
        line(serde_json::json!({"as": VILLAGER, "button": stale})),
        // Consent, then a double press of the same button.
        line(serde_json::json!({"button": token, "as": VILLAGER, "name": "Lò Văn A"})),
        press(&token),
        // A head of another hamlet neither sees nor answers it.
        says(HEAD_HE, "/cauhoi"),
        press("qr:1"),
        says(HEAD_HE, "/traloi 1 Tôi trả lời thay"),
        press("qy:1"),
        // The head of Bản Đông does.
        says(HEAD_DONG, "/cauhoi"),
        press("qr:1"),
        says(HEAD_DONG, "Mang trâu lên trạm thú y xã sáng thứ Hai."),
        press("qy:1"),
        press("qy:1"),
        says(VILLAGER, "/cauhoi"),
        says(ADMIN, "/thongke"),
        says(ADMIN, "/nhatky"),
    ];
    let out = run(&cfg, &lines, None);
    assert!(
        to(&out[0], HEAD_DONG).is_empty(),
        "stale consent: {}",
        out[0]
    );
    assert!(text_to(&out[0], VILLAGER).contains("Không có gì đang chờ xác nhận"));

    let sent = text_to(&out[1], VILLAGER);
    assert!(sent.contains("#1") && sent.contains("1–2 ngày"), "{sent}");
    let forwarded = text_to(&out[1], HEAD_DONG);
    for want in [
        "#1",
        "Lò Văn A (telegram:5002)",
        "qwxz vbnm plkj trâu",
        "/traloi 1",
    ] {
        assert!(forwarded.contains(want), "{want} in {forwarded}");
    }
    assert_eq!(payloads(to(&out[1], HEAD_DONG)[0]), ["qr:1"]);
    assert_eq!(out[1]["out"].as_array().unwrap().len(), 2, "{}", out[1]);

    // Double press: told it went already, nothing forwarded again.
    assert_eq!(out[2]["out"].as_array().unwrap().len(), 1, "{}", out[2]);
    assert!(text_to(&out[2], VILLAGER).contains("đã được gửi rồi (#1)"));

    let other_list = text_to(&out[3], HEAD_HE);
    assert!(other_list.contains("Không có câu hỏi"), "{other_list}");
    for o in &out[4..=6] {
        let t = text_to(o, HEAD_HE);
        assert!(!t.contains("qwxz"), "the other head saw it: {t}");
        assert!(to(o, VILLAGER).is_empty(), "{o}");
    }
    assert!(text_to(&out[4], HEAD_HE).contains("không phải cán bộ"));
    assert!(text_to(&out[5], HEAD_HE).contains("không phải cán bộ"));

    let list = text_to(&out[7], HEAD_DONG);
    assert!(
        list.contains("#1") && list.contains("qwxz vbnm plkj trâu"),
        "{list}"
    );
    assert!(payloads(to(&out[7], HEAD_DONG)[0]).contains(&"qr:1".to_string()));
    assert!(text_to(&out[8], HEAD_DONG).contains("tin nhắn tiếp theo"));
    let preview = text_to(&out[9], HEAD_DONG);
    assert!(
        preview.contains("XEM TRƯỚC") && preview.contains("sáng thứ Hai"),
        "{preview}"
    );
    assert!(to(&out[9], VILLAGER).is_empty(), "a preview sends nothing");
    assert!(text_to(&out[10], HEAD_DONG).contains("Đã gửi câu trả lời #1"));
    let answer = text_to(&out[10], VILLAGER);
    assert!(
        answer.contains("Mang trâu lên trạm thú y xã sáng thứ Hai."),
        "{answer}"
    );
    assert!(answer.contains("trưởng bản Bản Đông"), "{answer}");
    // Confirm pressed twice: the answer goes once.
    assert!(to(&out[11], VILLAGER).is_empty(), "{}", out[11]);
    assert!(text_to(&out[11], HEAD_DONG).contains("đã được trả lời"));

    let mine = text_to(&out[12], VILLAGER);
    assert!(mine.contains("đã trả lời: Mang trâu"), "{mine}");
    let stats = text_to(&out[13], ADMIN);
    assert!(
        stats.contains("0 đang chờ trả lời · 1 đã trả lời"),
        "{stats}"
    );
    // The audit log tells the admin in words, in their language.
    let audit = text_to(&out[14], ADMIN);
    for want in [
        "bot · câu hỏi #1 gửi tới trưởng bản Bản Đông",
        &format!("{HEAD_HE} · bị từ chối trả lời câu hỏi #1"),
        &format!("{HEAD_DONG} · trả lời câu hỏi #1"),
    ] {
        assert!(audit.contains(want), "{want} in:\n{audit}");
    }
    for english in ["question", "answer", "refused", "heads of", "dong"] {
        assert!(!audit.contains(english), "{english} in:\n{audit}");
    }
    assert!(questions_cli(&cfg).contains("Không có câu hỏi nào đang chờ"));
}

/// The content has no such figure (Bản Đông has no household count): the first answer
/// already offers the officer, and the question sent is that very message.
#[test]
fn a_figure_the_content_does_not_have_is_offered_to_the_head_at_once() {
    let (_dir, cfg) = config();
    let first = run(
        &cfg,
        &[
            line(serde_json::json!({"as": VILLAGER, "name": "Lò Văn A", "text": "/dangky dong"})),
            says(VILLAGER, "bản Đông có bao nhiêu hộ"),
            line(serde_json::json!({"as": VILLAGER, "button": "ask"})),
        ],
        None,
    );
    let no_answer = text_to(&first[1], VILLAGER);
    assert!(no_answer.contains("chưa có thông tin"), "{no_answer}");
    assert!(
        !no_answer.contains("195"),
        "another unit's figure: {no_answer}"
    );
    assert!(payloads(to(&first[1], VILLAGER)[0]).contains(&"ask".to_string()));
    let consent = text_to(&first[2], VILLAGER);
    assert!(
        consent.contains("bản Đông có bao nhiêu hộ") && consent.contains("trưởng bản Bản Đông"),
        "{consent}"
    );
    let token = consent_payload(&first[2], VILLAGER);
    let out = run(
        &cfg,
        &[line(serde_json::json!({"as": VILLAGER, "button": token}))],
        None,
    );
    assert!(text_to(&out[0], HEAD_DONG).contains("bản Đông có bao nhiêu hộ"));
    assert!(to(&out[0], HEAD_HE).is_empty());
}

#[test]
fn admins_get_questions_of_villagers_without_a_hamlet_and_forget_me_removes_them() {
    let (_dir, cfg) = config();
    let zalo = "zalo:7001";
    let first = run(
        &cfg,
        &[
            says(zalo, "/ngonngu en"),
            says(zalo, "/ask When will the road to the hamlet be paved?"),
        ],
        None,
    );
    let consent = text_to(&first[1], zalo);
    assert!(consent.contains("the commune officers"), "{consent}");
    let token = consent_payload(&first[1], zalo);
    let out = run(
        &cfg,
        &[
            line(serde_json::json!({"as": zalo, "button": token})),
            says(HEAD_DONG, "/cauhoi"),
            says(ADMIN, "/questions"),
        ],
        None,
    );
    assert!(text_to(&out[0], zalo).contains("Question #1 sent to the commune officers"));
    for admin in [ADMIN, "console:admin"] {
        assert!(
            text_to(&out[0], admin).contains("When will the road"),
            "{admin}"
        );
    }
    assert!(to(&out[0], HEAD_DONG).is_empty());
    assert!(text_to(&out[1], HEAD_DONG).contains("Không có câu hỏi"));
    assert!(text_to(&out[2], ADMIN).contains("When will the road"));
    // Stored, so the command line lists it after the run.
    let listed = questions_cli(&cfg);
    assert!(
        listed.contains("#1") && listed.contains("zalo:7001"),
        "{listed}"
    );

    // The asker deletes their data: the question goes with it.
    let out = run(
        &cfg,
        &[
            says(zalo, "/forget"),
            press("fgy"),
            says(ADMIN, "/cauhoi"),
            press("qr:1"),
            says(ADMIN, "/traloi 1 Next year"),
        ],
        None,
    );
    assert!(text_to(&out[2], ADMIN).contains("Không có câu hỏi"));
    assert!(text_to(&out[3], ADMIN).contains("Không còn câu hỏi #1"));
    assert!(text_to(&out[4], ADMIN).contains("Không còn câu hỏi #1"));
    assert!(to(&out[4], zalo).is_empty());
    assert!(questions_cli(&cfg).contains("Không có câu hỏi nào đang chờ"));
}

#[test]
fn answering_by_command_and_bad_input() {
    let (_dir, cfg) = config();
    let villager = "telegram:5003";
    let first = run(
        &cfg,
        &[
            says(villager, "/dangky he"),
            says(villager, "/hoi"),
            says(villager, "/hoi Nhà tôi muốn làm nhà vệ sinh"),
        ],
        None,
    );
    assert!(text_to(&first[1], villager).contains("/hoi nội dung"));
    let token = consent_payload(&first[2], villager);
    let out = run(
        &cfg,
        &[
            line(serde_json::json!({"as": villager, "button": token})),
            says("telegram:1003", "/traloi"),
            says("telegram:1003", "/traloi 1 Lên xã đăng ký vay nước sạch."),
            press("qy:1"),
            // Forged payloads do nothing.
            says(villager, "/cauhoi"),
            press("qy:1"),
            press("qr:99"),
            press("ask:424242"),
            // Someone else pressing the villager's consent button.
            line(serde_json::json!({"as": "telegram:1002", "button": token})),
        ],
        None,
    );
    // Bản He has two heads: both get it.
    for head in ["telegram:1002", "telegram:1003"] {
        assert!(text_to(&out[0], head).contains("làm nhà vệ sinh"), "{head}");
    }
    assert!(text_to(&out[1], "telegram:1003").contains("/traloi số-câu-hỏi"));
    assert!(text_to(&out[2], "telegram:1003").contains("XEM TRƯỚC"));
    assert!(text_to(&out[3], villager).contains("Lên xã đăng ký vay nước sạch."));
    assert!(text_to(&out[4], villager).contains("đã trả lời"));
    // The villager pressing an officer's buttons: refused, nothing sent anywhere.
    for o in &out[5..] {
        assert_eq!(o["out"].as_array().unwrap().len(), 1, "{o}");
    }
    assert!(text_to(&out[6], villager).contains("Không còn câu hỏi #99"));
    let t = text_to(&out[7], villager);
    assert!(t.contains("Không có gì đang chờ xác nhận"), "{t}");
    let t = text_to(&out[8], "telegram:1002");
    assert!(t.contains("Không có gì đang chờ xác nhận"), "{t}");
}

/// The delivery side, through the core, the outbox and the worker (a fake messenger at the
/// channel boundary): an answer that cannot reach its asker is reported to the officer who
/// gave it, and a question left unanswered past `[questions] overdue_days` is reminded to
/// its officers once and marked in their list.
mod delivery {
    use std::sync::Arc;

    use super::support::{Bot, FakeChannel, payloads};

    const VILLAGER: &str = "telegram:5002";
    const HEAD: &str = "telegram:1001";

    /// The villager (of Bản Đông) asks and consents; returns after the question went out.
    async fn ask(bot: &Bot, text: &str) {
        bot.say(VILLAGER, "/dangky dong");
        let r = bot.say(VILLAGER, &format!("/hoi {text}"));
        let consent = payloads(&r)
            .into_iter()
            .find(|p| p.starts_with("ask:"))
            .expect("a consent button");
        bot.press(VILLAGER, &consent);
        let sent = Arc::new(FakeChannel::default());
        bot.worker(sent.clone()).drain().await.unwrap();
        assert!(sent.sent_to(HEAD).concat().contains(text));
    }

    #[tokio::test]
    async fn an_answer_that_cannot_reach_the_asker_is_reported_to_the_officer() {
        let bot = Bot::new();
        ask(&bot, "Bao giờ có điện về bản?").await;
        let r = bot.say(HEAD, "/traloi 1 Tháng sau có điện lưới.");
        assert!(r.text.contains("XEM TRƯỚC"), "{}", r.text);
        bot.press(HEAD, "qy:1");
        // The villager has blocked the bot since.
        let channel = Arc::new(FakeChannel::blocking(&[VILLAGER]));
        bot.worker(channel.clone()).drain().await.unwrap();
        assert!(channel.sent_to(VILLAGER).is_empty());
        let told = channel.sent_to(HEAD);
        assert_eq!(told.len(), 1, "{told:?}");
        assert!(told[0].contains("câu hỏi #1"), "{}", told[0]);
        assert!(told[0].contains("chưa tới được người hỏi"), "{}", told[0]);
        assert!(
            told[0].contains("đã chặn bot"),
            "the typed reason: {}",
            told[0]
        );
        assert!(told[0].contains("Tháng sau có điện lưới."), "{}", told[0]);
        // Once: nothing more on the next passes.
        bot.worker(channel.clone()).drain().await.unwrap();
        assert_eq!(channel.sent_to(HEAD).len(), 1);
        let q = bot.app.store.question(1).unwrap().unwrap();
        assert!(
            q.answer.unwrap().undelivered.is_some(),
            "recorded with the answer"
        );
    }

    #[tokio::test]
    async fn an_answer_that_arrives_tells_the_officer_nothing_more() {
        let bot = Bot::new();
        ask(&bot, "Xã có lớp học nghề không?").await;
        bot.say(HEAD, "/traloi 1 Có, tháng Ba.");
        bot.press(HEAD, "qy:1");
        let channel = Arc::new(FakeChannel::default());
        bot.worker(channel.clone()).drain().await.unwrap();
        assert!(channel.sent_to(VILLAGER).concat().contains("Có, tháng Ba."));
        assert!(channel.sent_to(HEAD).is_empty());
    }

    #[tokio::test]
    async fn overdue_questions_are_reminded_once_and_marked_in_the_list() {
        let bot = Bot::new();
        ask(&bot, "Khi nào bản mình được làm đường bê tông?").await;
        let now = chrono::Utc::now();
        // Not overdue yet (3 days by default).
        assert_eq!(bot.app.core.remind_overdue(now).unwrap(), 0);
        let list = bot.say(HEAD, "/cauhoi");
        assert!(!list.text.contains('⏰'), "{}", list.text);

        let later = now + chrono::Duration::days(4);
        assert_eq!(bot.app.core.remind_overdue(later).unwrap(), 1);
        let channel = Arc::new(FakeChannel::default());
        bot.worker(channel.clone()).drain().await.unwrap();
        let got = channel.sent_to(HEAD);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("Nhắc lại: câu hỏi #1"), "{}", got[0]);
        assert!(got[0].contains("làm đường bê tông"), "{}", got[0]);
        // Reminded once only.
        assert_eq!(bot.app.core.remind_overdue(later).unwrap(), 0);
        bot.worker(channel.clone()).drain().await.unwrap();
        assert_eq!(channel.sent_to(HEAD).len(), 1);
        // Listed as overdue.
        let list = bot.say(HEAD, "/cauhoi");
        assert!(list.text.contains("⏰ Quá 3 ngày"), "{}", list.text);
        assert!(list.text.contains("1 câu đã quá 3 ngày"), "{}", list.text);
        // Answered: no longer in the list, and never reminded again.
        bot.say(HEAD, "/traloi 1 Sang năm.");
        bot.press(HEAD, "qy:1");
        assert!(!bot.say(HEAD, "/cauhoi").text.contains('⏰'));
        assert_eq!(
            bot.app
                .core
                .remind_overdue(later + chrono::Duration::days(9))
                .unwrap(),
            0
        );
    }

    #[tokio::test]
    async fn forget_me_removes_the_reminders_of_a_question() {
        let bot = Bot::new();
        ask(&bot, "Nhà tôi có được hỗ trợ làm nhà không?").await;
        let later = chrono::Utc::now() + chrono::Duration::days(5);
        assert_eq!(bot.app.core.remind_overdue(later).unwrap(), 1);
        let reminder = loaban::store::keys::note_message(1, false);
        assert_eq!(bot.app.store.deliveries(reminder).unwrap().len(), 1);
        bot.app.store.forget_user(VILLAGER).unwrap();
        assert!(bot.app.store.question(1).unwrap().is_none());
        assert!(
            bot.app.store.deliveries(reminder).unwrap().is_empty(),
            "the reminder left the outbox with the question"
        );
        let channel = Arc::new(FakeChannel::default());
        bot.worker(channel.clone()).drain().await.unwrap();
        assert!(
            channel.sent_to(HEAD).is_empty(),
            "no reminder of a deleted question"
        );
    }
}
