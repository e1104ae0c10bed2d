//! Button payloads: a short text form of a [`Request`], small enough for Telegram's 64-byte
//! callback data, and parsed back without trusting it (a payload is user input too).

use super::request::{LoanAspect, Request, Status};
use crate::i18n::Locale;

/// The payload a button for `req` carries; `None` for requests that are never buttons.
pub fn encode(req: &Request) -> Option<String> {
    use Request::*;
    let s = match req {
        Start { .. } | Menu => "m".to_string(),
        Help => "h".into(),
        CriteriaOverview => "co".into(),
        CriteriaSummary { unit } => format!("cs:{unit}"),
        CriteriaList { unit } => format!("cl:{unit}"),
        CriteriaRemaining { unit } => format!("cr:{unit}"),
        CriterionDetail { unit, criterion } => format!("cd:{unit}:{criterion}"),
        SetStatus {
            unit,
            criterion,
            status,
            ..
        } => match status {
            Some(s) => format!("ss:{unit}:{criterion}:{}", status_code(*s)),
            None => format!("ss:{unit}:{criterion}"),
        },
        UnitFacts { unit } => format!("uf:{unit}"),
        Loans => "l".into(),
        LoanDetail { programme, aspects } if aspects.is_empty() => format!("ld:{programme}"),
        LoanDetail { programme, aspects } => {
            let codes: String = aspects.iter().map(|a| aspect_code(*a)).collect();
            format!("ld:{programme}:{codes}")
        }
        LoanProcess => "lpr".into(),
        Fact { unit, fact } => format!("fa:{unit}:{fact}"),
        Subscribe { hamlets } => join("sub", hamlets),
        Unsubscribe { hamlets } => join("uns", hamlets),
        MySubscriptions => "my".into(),
        News => "news".into(),
        Language { locale } => match locale {
            Some(l) => format!("lang:{}", l.code()),
            None => "lang".into(),
        },
        Forget => "fg".into(),
        ForgetConfirm => "fgy".into(),
        Broadcast { .. } => "bc".into(),
        BroadcastTarget { hamlet } => format!("bt:{}", hamlet.as_deref().unwrap_or("*")),
        BroadcastConfirm => "bcy".into(),
        BroadcastUrgent => "bcu".into(),
        ScheduleAsk => "bcs".into(),
        ScheduleConfirm => "bcsy".into(),
        ScheduleWeekly => "bcsw".into(),
        Scheduled => "hg".into(),
        ScheduledCancel { id } => format!("hgx:{id}"),
        ScheduledSendNow { id } => format!("hgy:{id}"),
        Cancel => "x".into(),
        AskOfficer { .. } => "ask".into(),
        AskConfirm { token } => format!("ask:{token}"),
        Questions => "qs".into(),
        AnswerStart { question } => format!("qr:{question}"),
        AnswerConfirm { question } => format!("qy:{question}"),
        AnswerDraft { .. } | AnswerUsage => return None,
        StopBroadcast { id } => format!("st:{id}"),
        StopBroadcastConfirm { id } => format!("sty:{id}"),
        AckNotice { id } => format!("ak:{id}"),
        NoticeReport { id: Some(id) } => format!("rp:{id}"),
        NoticeReport { id: None } => "rp".into(),
        RemindAsk { id } => format!("rm:{id}"),
        RemindConfirm { id } => format!("rmy:{id}"),
        BroadcastValidity { days: None } => "bv".into(),
        BroadcastValidity { days: Some(d) } => format!("bv:{d}"),
        ReviseConfirm { id } => format!("rvy:{id}"),
        MenuChoice(_)
        | Switch { .. }
        | MediaNotice { .. }
        | Urgent { .. }
        | ScheduleTime { .. }
        | ScheduleNew { .. }
        | CorrectNotice { .. }
        | WithdrawNotice { .. }
        | ReviseUsage { .. }
        | NoticeReportUsage
        | StatusUsage { .. }
        | UnknownCommand { .. }
        | UnknownHamlet { .. }
        | NotUnderstood { .. }
        | NoAnswer { .. }
        | LoansByPurpose { .. }
        | Thanks
        | Ack
        | Audit
        | Stats => {
            return None;
        }
    };
    Some(s)
}

fn join(prefix: &str, ids: &[String]) -> String {
    if ids.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}:{}", ids.join(","))
    }
}

fn status_code(s: Status) -> &'static str {
    match s {
        Status::Met => "m",
        Status::InProgress => "p",
        Status::NotMet => "n",
    }
}

fn aspect_code(a: LoanAspect) -> &'static str {
    match a {
        LoanAspect::Eligibility => "e",
        LoanAspect::Amount => "a",
        LoanAspect::Rate => "r",
        LoanAspect::Term => "t",
        LoanAspect::Apply => "w",
        LoanAspect::Collateral => "c",
        LoanAspect::Age => "g",
    }
}

/// "rt" → [Rate, Term], in [`LoanAspect::ALL`] order; anything unknown or repeated is `None`.
fn aspects(codes: &str) -> Option<Vec<LoanAspect>> {
    let mut out = Vec::new();
    for c in codes.chars() {
        let a = *LoanAspect::ALL
            .iter()
            .find(|a| aspect_code(**a).starts_with(c))?;
        if out.contains(&a) {
            return None;
        }
        out.push(a);
    }
    out.sort_by_key(|a| LoanAspect::ALL.iter().position(|x| x == a));
    (!out.is_empty()).then_some(out)
}

/// A safe id inside a payload: what the store's slugs look like.
fn id(s: &str) -> Option<String> {
    (!s.is_empty()
        && s.len() <= 32
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
    .then(|| s.to_string())
}

/// An announcement number inside a payload: digits only, no sign or leading zero.
fn number(s: &str) -> Option<u64> {
    (!s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0'))
        .then(|| s.parse().ok())
        .flatten()
}

fn ids(s: &str) -> Option<Vec<String>> {
    s.split(',').map(id).collect()
}

/// The payload of a choice of several loan programmes (the programmes for a need, offered
/// beside another reading): their positions in the content's list of programmes as a bit
/// mask, and a check of their ids ([`programmes_check`]), so that a button from before an
/// import that changed the list is stale, never another list. `None` when a position is
/// past 63 (the caller offers the whole list instead).
pub fn encode_programmes(positions: &[usize], check: u16) -> Option<String> {
    let mut mask = 0u64;
    for &p in positions {
        mask |= 1u64
            .checked_shl(u32::try_from(p).ok()?)
            .filter(|&b| b != 0)?;
    }
    (mask != 0).then(|| format!("lp:{mask:x}:{check:04x}"))
}

/// The positions and the check of an [`encode_programmes`] payload, in ascending order.
pub fn decode_programmes(payload: &str) -> Option<(Vec<usize>, u16)> {
    // Two fields exactly ("lp:" mask ":" check); a third is not a payload of ours.
    let mut fields = payload.strip_prefix("lp:")?.split(':');
    let (mask, check) = (fields.next()?, fields.next()?);
    if fields.next().is_some() {
        return None;
    }
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex(mask) || mask.len() > 16 || mask.starts_with('0') || !hex(check) || check.len() != 4 {
        return None;
    }
    let mask = u64::from_str_radix(mask, 16).ok()?;
    let check = u16::from_str_radix(check, 16).ok()?;
    Some(((0..64).filter(|i| mask & (1 << i) != 0).collect(), check))
}

/// A 16-bit check (FNV-1a) of programme ids in order, for [`encode_programmes`].
pub fn programmes_check(ids: &[&str]) -> u16 {
    let mut h: u32 = 0x811c_9dc5;
    for id in ids {
        for b in id.bytes().chain([b',']) {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
    (h ^ (h >> 16)) as u16
}

/// Parses a payload back into a request. Anything malformed is `None` (the caller answers
/// with the menu), never a panic.
pub fn decode(payload: &str) -> Option<Request> {
    use Request::*;
    if payload.len() > 64 {
        return None;
    }
    let mut parts = payload.split(':');
    let head = parts.next()?;
    let rest: Vec<&str> = parts.collect();
    let req = match (head, rest.as_slice()) {
        ("m", []) => Menu,
        ("h", []) => Help,
        ("co", []) => CriteriaOverview,
        ("cs", [u]) => CriteriaSummary { unit: id(u)? },
        ("cl", [u]) => CriteriaList { unit: id(u)? },
        ("cr", [u]) => CriteriaRemaining { unit: id(u)? },
        ("cd", [u, c]) => CriterionDetail {
            unit: id(u)?,
            criterion: id(c)?,
        },
        ("ss", [u, c]) => SetStatus {
            unit: id(u)?,
            criterion: id(c)?,
            status: None,
            note: None,
        },
        ("ss", [u, c, s]) => SetStatus {
            unit: id(u)?,
            criterion: id(c)?,
            status: Some(match *s {
                "m" => Status::Met,
                "p" => Status::InProgress,
                "n" => Status::NotMet,
                _ => return None,
            }),
            note: None,
        },
        ("uf", [u]) => UnitFacts { unit: id(u)? },
        ("l", []) => Loans,
        ("ld", [p]) => LoanDetail {
            programme: id(p)?,
            aspects: vec![],
        },
        ("ld", [p, a]) => LoanDetail {
            programme: id(p)?,
            aspects: aspects(a)?,
        },
        ("lpr", []) => LoanProcess,
        ("fa", [u, f]) => Fact {
            unit: id(u)?,
            fact: id(f)?,
        },
        ("sub", []) => Subscribe { hamlets: vec![] },
        ("sub", [h]) => Subscribe { hamlets: ids(h)? },
        ("uns", []) => Unsubscribe { hamlets: vec![] },
        ("uns", [h]) => Unsubscribe { hamlets: ids(h)? },
        ("my", []) => MySubscriptions,
        ("news", []) => News,
        ("lang", []) => Language { locale: None },
        ("lang", [l]) => Language {
            locale: Some(Locale::from_hint(l)?),
        },
        ("fg", []) => Forget,
        ("fgy", []) => ForgetConfirm,
        ("bc", []) => Broadcast {
            text: String::new(),
        },
        ("bt", ["*"]) => BroadcastTarget { hamlet: None },
        ("bt", [h]) => BroadcastTarget {
            hamlet: Some(id(h)?),
        },
        ("bcy", []) => BroadcastConfirm,
        ("bcu", []) => BroadcastUrgent,
        ("bcs", []) => ScheduleAsk,
        ("bcsy", []) => ScheduleConfirm,
        ("bcsw", []) => ScheduleWeekly,
        ("hg", []) => Scheduled,
        ("hgx", [n]) => ScheduledCancel { id: number(n)? },
        ("hgy", [n]) => ScheduledSendNow { id: number(n)? },
        ("x", []) => Cancel,
        ("ask", []) => AskOfficer { text: None },
        ("ask", [t]) => AskConfirm { token: number(t)? },
        ("qs", []) => Questions,
        ("qr", [q]) => AnswerStart {
            question: number(q)?,
        },
        ("qy", [q]) => AnswerConfirm {
            question: number(q)?,
        },
        ("st", [n]) => StopBroadcast { id: number(n)? },
        ("sty", [n]) => StopBroadcastConfirm { id: number(n)? },
        ("ak", [n]) => AckNotice { id: number(n)? },
        ("rp", []) => NoticeReport { id: None },
        ("rvy", [n]) => ReviseConfirm { id: number(n)? },
        ("rp", [n]) => NoticeReport {
            id: Some(number(n)?),
        },
        ("rm", [n]) => RemindAsk { id: number(n)? },
        ("rmy", [n]) => RemindConfirm { id: number(n)? },
        ("bv", []) => BroadcastValidity { days: None },
        ("bv", [d]) => BroadcastValidity {
            days: Some(
                u32::try_from(number(d)?)
                    .ok()
                    .filter(|d| (1..=366).contains(d))?,
            ),
        },
        _ => return None,
    };
    Some(req)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_of_programmes_round_trips_and_refuses_anything_else() {
        let check = programmes_check(&["ho_ngheo", "sxkd_vung_kho_khan"]);
        let p = encode_programmes(&[0, 3, 11, 63], check).unwrap();
        assert!(p.len() <= 64, "{p}");
        assert_eq!(decode_programmes(&p), Some((vec![0, 3, 11, 63], check)));
        assert_eq!(encode_programmes(&[64], check), None);
        assert_eq!(encode_programmes(&[], check), None);
        assert_ne!(check, programmes_check(&["sxkd_vung_kho_khan", "ho_ngheo"]));
        for bad in [
            "lp:",
            "lp:9",
            "lp:9:",
            "lp:0:1234",
            "lp:09:1234",
            "lp:9:12345",
            "lp:9:12g4",
            "lp:-9:1234",
            "lp:10000000000000000:1234",
            "lp:9:1234:1",
            "ld:9:1234",
        ] {
            assert_eq!(decode_programmes(bad), None, "{bad}");
        }
    }

    fn all_buttons() -> Vec<Request> {
        use Request::*;
        vec![
            Menu,
            Help,
            CriteriaOverview,
            CriteriaSummary {
                unit: "dong".into(),
            },
            CriteriaList {
                unit: "chieng_khoang".into(),
            },
            CriteriaRemaining { unit: "he".into() },
            CriterionDetail {
                unit: "dong".into(),
                criterion: "giao_thong".into(),
            },
            SetStatus {
                unit: "dong".into(),
                criterion: "giao_thong".into(),
                status: Some(Status::Met),
                note: None,
            },
            SetStatus {
                unit: "dong".into(),
                criterion: "dien".into(),
                status: None,
                note: None,
            },
            UnitFacts { unit: "he".into() },
            Loans,
            LoanDetail {
                programme: "ho_ngheo".into(),
                aspects: vec![],
            },
            LoanDetail {
                programme: "ho_can_ngheo".into(),
                aspects: vec![LoanAspect::Rate, LoanAspect::Term],
            },
            LoanProcess,
            Fact {
                unit: "he".into(),
                fact: "households".into(),
            },
            Subscribe { hamlets: vec![] },
            Subscribe {
                hamlets: vec!["dong".into(), "he".into()],
            },
            Unsubscribe {
                hamlets: vec!["dong".into()],
            },
            MySubscriptions,
            News,
            Language { locale: None },
            Language {
                locale: Some(Locale::En),
            },
            Forget,
            ForgetConfirm,
            BroadcastTarget { hamlet: None },
            BroadcastTarget {
                hamlet: Some("dong".into()),
            },
            BroadcastConfirm,
            BroadcastUrgent,
            ScheduleAsk,
            ScheduleConfirm,
            ScheduleWeekly,
            Scheduled,
            ScheduledCancel { id: 4 },
            ScheduledSendNow { id: 5 },
            Cancel,
            AskOfficer { text: None },
            AskConfirm {
                token: 9_223_372_036_854_775_807,
            },
            Questions,
            AnswerStart { question: 3 },
            AnswerConfirm { question: 12 },
            StopBroadcast { id: 7 },
            StopBroadcastConfirm { id: 12345 },
            AckNotice {
                id: 9_223_372_036_854_775_807,
            },
            NoticeReport { id: Some(3) },
            NoticeReport { id: None },
            RemindAsk { id: 4 },
            RemindConfirm { id: 4 },
            BroadcastValidity { days: None },
            BroadcastValidity { days: Some(14) },
        ]
    }

    #[test]
    fn every_button_round_trips_and_fits_telegram() {
        for req in all_buttons() {
            let p = encode(&req).expect("button request encodes");
            assert!(p.len() <= 64, "{p} too long");
            assert_eq!(decode(&p), Some(req), "payload {p}");
        }
    }

    #[test]
    fn garbage_is_rejected() {
        for bad in [
            "",
            ":",
            "cs",
            "cs:",
            "cs:Dong",
            "cs:dong:extra",
            "ss:dong:x:q",
            "lang:fr",
            "ld:ho_ngheo:z",
            "sub:dong,,he",
            "bt:../etc",
            "💥",
            &"a".repeat(65),
            "cd:dong:giao thong",
            "ask:",
            "ask:-1",
            "ask:18446744073709551616",
            "ask:01",
            "qr:3a",
            "qr:+3",
            "qy:",
            "qr:1:2",
            "st:",
            "st:-1",
            "st:007",
            "sty:1e3",
            "sty:99999999999999999999",
            "ak:",
            "ak:0",
            "ak:-3",
            "ak:3:telegram:1",
            "rp:x",
            "rp:01",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn non_buttons_have_no_payload() {
        assert_eq!(encode(&Request::MenuChoice(1)), None);
        assert_eq!(encode(&Request::AnswerUsage), None);
        assert_eq!(
            encode(&Request::AnswerDraft {
                question: 1,
                text: "x".into()
            }),
            None
        );
        assert_eq!(
            encode(&Request::NotUnderstood {
                suggestions: vec![]
            }),
            None
        );
    }
}
