//! Slash commands: `/tieuchi ban dong` → which command, with what argument text. Pure.
//!
//! Every command has an English name and a Vietnamese one typed without diacritics; names
//! are matched after folding, so `/TieuChi`, `/tiêuchí` and `/tieuchi@LoaBanBot` all work.

use crate::text::fold::fold;

/// The commands the bot knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandName {
    Start,
    Help,
    Menu,
    Criteria,
    Loans,
    Subscribe,
    Unsubscribe,
    MySubscriptions,
    News,
    Broadcast,
    Language,
    Forget,
    Cancel,
    Status,
    Facts,
    Audit,
    Stats,
    Ask,
    Questions,
    Answer,
    Report,
    Correct,
    Withdraw,
}

/// (English name, Vietnamese name, command). The first name is what menus show.
pub const COMMANDS: &[(&str, &str, CommandName)] = &[
    ("start", "batdau", CommandName::Start),
    ("help", "trogiup", CommandName::Help),
    ("menu", "menu", CommandName::Menu),
    ("criteria", "tieuchi", CommandName::Criteria),
    ("loans", "vayvon", CommandName::Loans),
    ("subscribe", "dangky", CommandName::Subscribe),
    ("unsubscribe", "huydangky", CommandName::Unsubscribe),
    ("mysubs", "cuatoi", CommandName::MySubscriptions),
    ("news", "tintuc", CommandName::News),
    ("broadcast", "thongbao", CommandName::Broadcast),
    ("language", "ngonngu", CommandName::Language),
    ("forget", "xoadulieu", CommandName::Forget),
    ("cancel", "huy", CommandName::Cancel),
    ("status", "capnhat", CommandName::Status),
    ("facts", "solieu", CommandName::Facts),
    ("audit", "nhatky", CommandName::Audit),
    ("stats", "thongke", CommandName::Stats),
    ("ask", "hoi", CommandName::Ask),
    ("questions", "cauhoi", CommandName::Questions),
    ("answer", "traloi", CommandName::Answer),
    ("report", "baocao", CommandName::Report),
    ("correct", "suatb", CommandName::Correct),
    ("withdraw", "thuhoi", CommandName::Withdraw),
];

/// `/traloi 3 nội dung` → (3, "nội dung"); `/traloi #3` → (3, ""). `None` without a number.
pub fn question_and_text(args: &str) -> Option<(u64, String)> {
    let args = args.trim();
    let (first, rest) = match args.find(char::is_whitespace) {
        Some(i) => (&args[..i], args[i..].trim()),
        None => (args, ""),
    };
    let digits = first.strip_prefix('#').unwrap_or(first);
    if digits.is_empty() || digits.len() > 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, rest.to_string()))
}

/// The result of reading a message as a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Not a command (free text).
    NotCommand,
    /// A known command and the text after it (trimmed, original spelling kept).
    Command { name: CommandName, args: String },
    /// Starts with `/` but names no command; holds the name as typed.
    Unknown(String),
}

/// Reads `text` as a command. A lone "/" or "/ something" is free text, not a command.
pub fn parse(text: &str) -> Parsed {
    let text = text.trim_start();
    let Some(rest) = text.strip_prefix('/') else {
        return Parsed::NotCommand;
    };
    let (word, args) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, ""),
    };
    if word.is_empty() {
        return Parsed::NotCommand;
    }
    // Telegram appends "@BotName" in groups; the channel decides whether it is for us.
    let bare = word.split('@').next().unwrap_or(word);
    let folded: String = fold(bare).chars().filter(|c| !c.is_whitespace()).collect();
    for (en, vi, name) in COMMANDS {
        if folded == *en || folded == *vi {
            return Parsed::Command {
                name: *name,
                args: args.to_string(),
            };
        }
    }
    Parsed::Unknown(word.chars().take(32).collect())
}

/// Splits a list of names typed after a command: commas separate names with spaces
/// ("Bản Đông, Bản He"); without commas, whitespace does ("dong he").
pub fn split_list(args: &str) -> Vec<String> {
    let parts: Vec<&str> = if args.contains(',') || args.contains(';') {
        args.split([',', ';']).collect()
    } else {
        vec![args]
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(name: CommandName, args: &str) -> Parsed {
        Parsed::Command {
            name,
            args: args.into(),
        }
    }

    #[test]
    fn english_and_vietnamese_names() {
        use CommandName::*;
        let cases = [
            ("/criteria", cmd(Criteria, "")),
            ("/tieuchi", cmd(Criteria, "")),
            ("/loans", cmd(Loans, "")),
            ("/vayvon", cmd(Loans, "")),
            ("/subscribe dong", cmd(Subscribe, "dong")),
            ("/dangky Bản Đông", cmd(Subscribe, "Bản Đông")),
            ("/unsubscribe", cmd(Unsubscribe, "")),
            ("/huydangky he", cmd(Unsubscribe, "he")),
            ("/news", cmd(News, "")),
            ("/tintuc", cmd(News, "")),
            ("/broadcast Họp bản 8h", cmd(Broadcast, "Họp bản 8h")),
            ("/thongbao  Họp bản", cmd(Broadcast, "Họp bản")),
            ("/language en", cmd(Language, "en")),
            ("/ngonngu", cmd(Language, "")),
            ("/forget", cmd(Forget, "")),
            ("/xoadulieu", cmd(Forget, "")),
            ("/help", cmd(Help, "")),
            ("/trogiup", cmd(Help, "")),
            ("/cancel", cmd(Cancel, "")),
            ("/huy", cmd(Cancel, "")),
            ("/start dong", cmd(Start, "dong")),
            (
                "/status dong giao_thong met",
                cmd(Status, "dong giao_thong met"),
            ),
            ("/capnhat dong dien dat", cmd(Status, "dong dien dat")),
            ("/solieu he", cmd(Facts, "he")),
            ("/mysubs", cmd(MySubscriptions, "")),
            ("/audit", cmd(Audit, "")),
            ("/nhatky", cmd(Audit, "")),
            ("/thongke", cmd(Stats, "")),
            ("/hoi Bao giờ có điện?", cmd(Ask, "Bao giờ có điện?")),
            ("/ask", cmd(Ask, "")),
            ("/cauhoi", cmd(Questions, "")),
            ("/questions", cmd(Questions, "")),
            ("/traloi 3 Tháng sau", cmd(Answer, "3 Tháng sau")),
            ("/answer 3", cmd(Answer, "3")),
            ("/trảlời 3 x", cmd(Answer, "3 x")),
            ("/baocao", cmd(Report, "")),
            ("/báocáo 3", cmd(Report, "3")),
            ("/report #12", cmd(Report, "#12")),
            ("/suatb 3 Họp lúc 20h", cmd(Correct, "3 Họp lúc 20h")),
            ("/sửatb 3 x", cmd(Correct, "3 x")),
            ("/correct 3 x", cmd(Correct, "3 x")),
            ("/thuhoi 3", cmd(Withdraw, "3")),
            ("/thuhồi 3", cmd(Withdraw, "3")),
            ("/withdraw #3", cmd(Withdraw, "#3")),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), want, "{text}");
        }
    }

    #[test]
    fn case_diacritics_and_bot_suffix() {
        use CommandName::*;
        assert_eq!(parse("/TieuChi"), cmd(Criteria, ""));
        assert_eq!(parse("/tiêuchí"), cmd(Criteria, ""));
        assert_eq!(parse("/tintức"), cmd(News, ""));
        assert_eq!(parse("/tieuchi@LoaBanBot he"), cmd(Criteria, "he"));
        assert_eq!(parse("  /help"), cmd(Help, ""));
        assert_eq!(parse("/HỦY"), cmd(Cancel, ""));
    }

    #[test]
    fn multiline_broadcast_keeps_lines() {
        assert_eq!(
            parse("/thongbao Dòng 1\nDòng 2"),
            cmd(CommandName::Broadcast, "Dòng 1\nDòng 2")
        );
    }

    #[test]
    fn unknown_and_not_commands() {
        assert_eq!(parse("/foo bar"), Parsed::Unknown("foo".into()));
        assert_eq!(parse("/"), Parsed::NotCommand);
        assert_eq!(parse("/ hello"), Parsed::NotCommand);
        assert_eq!(parse("ban dong"), Parsed::NotCommand);
        assert_eq!(parse("a/b"), Parsed::NotCommand);
        let long = format!("/{}", "x".repeat(500));
        assert!(matches!(parse(&long), Parsed::Unknown(s) if s.chars().count() == 32));
    }

    #[test]
    fn lists() {
        assert_eq!(split_list("dong he"), vec!["dong he"]);
        assert_eq!(split_list("Bản Đông, Bản He"), vec!["Bản Đông", "Bản He"]);
        assert_eq!(split_list(" , ,"), Vec::<String>::new());
        assert_eq!(split_list(""), Vec::<String>::new());
    }

    #[test]
    fn answer_arguments() {
        assert_eq!(
            question_and_text("3 Tháng sau có điện"),
            Some((3, "Tháng sau có điện".into()))
        );
        assert_eq!(question_and_text("#12"), Some((12, String::new())));
        assert_eq!(
            question_and_text(" 7\nDòng 1\nDòng 2 "),
            Some((7, "Dòng 1\nDòng 2".into()))
        );
        for bad in ["", "ba", "3a text", "#", "-3 x", "99999999999999999999 x"] {
            assert_eq!(question_and_text(bad), None, "{bad:?}");
        }
    }
}
