//! When a head wants a notice to go: "7:00 thứ Bảy", "sáng mai 6h", "20/12 7h30",
//! "2026-12-20 07:30", "tomorrow 7pm" → one instant in the commune's time zone. Pure.
//!
//! Accents do not matter ("thu bay", "sang mai"). A time alone is its next occurrence; a
//! weekday alone is the next such day whose time is still ahead (so "7:00 thứ Bảy" typed on
//! a Saturday evening is next Saturday); a day and month without a year that lie more than a
//! month back are next year's (20/1 typed in December). A time that has passed, a date that
//! does not exist (31/2) or a time more than a year ahead is a typed error.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
    Weekday,
};

/// Why a time could not be read. Each kind has its own localized answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    #[error("no time given")]
    Empty,
    #[error("word not understood: {0}")]
    NotUnderstood(String),
    #[error("a day but no hour")]
    MissingTime,
    #[error("no such time {hour}:{minute:02}")]
    BadTime { hour: u32, minute: u32 },
    #[error("no such date {day}/{month}")]
    BadDate { day: u32, month: u32 },
    #[error("that time has passed")]
    Past,
    #[error("more than a year ahead")]
    TooFar,
}

/// Part of the day, which turns "7h" into 19:00 after "tối".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Morning,
    Noon,
    Afternoon,
    Evening,
    Night,
    Am,
    Pm,
}

/// Which day was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Day {
    /// Today + n days.
    Relative(i64),
    Weekday(Weekday),
    /// Day, month, year if written.
    Date(u32, u32, Option<i32>),
}

#[derive(Default)]
struct Parts {
    hour: Option<(u32, u32)>,
    part: Option<Part>,
    day: Option<Day>,
    next_week: bool,
}

/// The latest a notice may be scheduled ahead.
const MAX_AHEAD_DAYS: i64 = 366;

/// Reads `text` as a time after `now` in the commune's `offset`.
pub fn parse(
    text: &str,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Result<DateTime<Utc>, WhenError> {
    let words = normalize(text);
    if words.is_empty() {
        return Err(WhenError::Empty);
    }
    let (parts, used) = read_parts(&words);
    if used < words.len() {
        return Err(WhenError::NotUnderstood(words[used].clone()));
    }
    resolve(&parts, now, offset)
}

/// Splits "7:00 thứ Bảy | Họp bản" (or the time on the first line and the text below, or
/// the longest leading run of words that read as a time) into the time and the text.
/// Returns `None` when the text does not start with a time.
pub fn split_leading(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    for sep in ['|', '\n'] {
        if let Some((when, rest)) = text.split_once(sep) {
            return Some((when.trim().to_string(), rest.trim().to_string()));
        }
    }
    // The longest prefix of whitespace-separated words that reads as time parts.
    let raw: Vec<&str> = text.split_whitespace().collect();
    let mut best = 0;
    for n in 1..=raw.len().min(8) {
        let words = normalize(&raw[..n].join(" "));
        let (parts, used) = read_parts(&words);
        if used == words.len() && parts.hour.is_some() {
            best = n;
        }
    }
    (best > 0).then(|| (raw[..best].join(" "), raw[best..].join(" ")))
}

/// The local weekday, date and time of `at`, for reading it back in words.
pub fn local_parts(at: DateTime<Utc>, offset: FixedOffset) -> (Weekday, String, String) {
    let l = at.with_timezone(&offset);
    (
        l.weekday(),
        l.format("%d/%m/%Y").to_string(),
        l.format("%H:%M").to_string(),
    )
}

/// Locale key naming a weekday ("weekday-sat" = "Thứ Bảy" / "Saturday").
pub fn weekday_key(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "weekday-mon",
        Weekday::Tue => "weekday-tue",
        Weekday::Wed => "weekday-wed",
        Weekday::Thu => "weekday-thu",
        Weekday::Fri => "weekday-fri",
        Weekday::Sat => "weekday-sat",
        Weekday::Sun => "weekday-sun",
    }
}

/// Locale key of the answer to a time that could not be read.
pub fn error_key(e: &WhenError) -> &'static str {
    match e {
        WhenError::Empty => "when-empty",
        WhenError::NotUnderstood(_) => "when-not-understood",
        WhenError::MissingTime => "when-missing-time",
        WhenError::BadTime { .. } => "when-bad-time",
        WhenError::BadDate { .. } => "when-bad-date",
        WhenError::Past => "when-past",
        WhenError::TooFar => "when-too-far",
    }
}

/// Lowercase words without accents (đ → d), keeping digits and the separators of times
/// and dates (`:` `/` `-`); commas and a final full stop split or end words.
fn normalize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        let mut w = String::new();
        for c in raw.chars() {
            if c.is_ascii_alphanumeric() {
                w.push(c.to_ascii_lowercase());
            } else if matches!(c, ':' | '/' | '-') {
                w.push(c);
            } else {
                let f = crate::text::fold::fold(&c.to_string());
                if f.len() == 1 {
                    w.push_str(&f);
                }
            }
        }
        let w = w.trim_matches(|c| matches!(c, '-' | ':' | '/')).to_string();
        if !w.is_empty() {
            out.push(w);
        }
    }
    out
}

fn weekday_word(w: &str) -> Option<Weekday> {
    Some(match w {
        "2" | "hai" => Weekday::Mon,
        "3" | "ba" => Weekday::Tue,
        "4" | "tu" | "tuw" => Weekday::Wed,
        "5" | "nam" => Weekday::Thu,
        "6" | "sau" => Weekday::Fri,
        "7" | "bay" => Weekday::Sat,
        _ => return None,
    })
}

fn english_weekday(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thur" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" | "cn" | "chunhat" => Weekday::Sun,
        _ => return None,
    })
}

fn part_word(w: &str) -> Option<Part> {
    Some(match w {
        "sang" | "morning" => Part::Morning,
        "trua" | "noon" => Part::Noon,
        "chieu" | "afternoon" => Part::Afternoon,
        "toi" | "evening" => Part::Evening,
        "dem" | "khuya" | "night" => Part::Night,
        "am" | "a.m" => Part::Am,
        "pm" | "p.m" => Part::Pm,
        _ => return None,
    })
}

fn number(s: &str, max_len: usize) -> Option<u32> {
    (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// "7", "7h", "7h30", "7g30", "7:30", "07:30", "7h30p", "7pm", "7:30am" → (hour, minute,
/// am/pm written on it).
fn time_word(w: &str) -> Option<(u32, u32, Option<Part>)> {
    let (w, suffix) = if let Some(s) = w.strip_suffix("am") {
        (s, Some(Part::Am))
    } else if let Some(s) = w.strip_suffix("pm") {
        (s, Some(Part::Pm))
    } else {
        (w, None)
    };
    let split = w.find(|c: char| !c.is_ascii_digit()).unwrap_or(w.len());
    let (h, rest) = w.split_at(split);
    let hour = number(h, 2)?;
    let minute = match rest {
        "" => 0,
        "h" | "g" => 0,
        _ => {
            let mut chars = rest.chars();
            let sep = chars.next()?;
            if !matches!(sep, 'h' | 'g' | ':') {
                return None;
            }
            let m = chars.as_str();
            let m = m.strip_suffix('p').unwrap_or(m);
            let m = m.strip_suffix("phut").unwrap_or(m);
            if m.is_empty() && sep != ':' {
                0
            } else if m.len() == 2 {
                number(m, 2)?
            } else {
                return None;
            }
        }
    };
    Some((hour, minute, suffix))
}

/// "20/12", "20/12/2026", "20-12-2026", "2026-12-20", "20/12/26".
fn date_word(w: &str) -> Option<(u32, u32, Option<i32>)> {
    let sep = if w.contains('/') { '/' } else { '-' };
    let p: Vec<&str> = w.split(sep).collect();
    match p.as_slice() {
        [y, m, d] if y.len() == 4 => {
            Some((number(d, 2)?, number(m, 2)?, Some(number(y, 4)? as i32)))
        }
        [d, m] => Some((number(d, 2)?, number(m, 2)?, None)),
        [d, m, y] => {
            let y = match y.len() {
                2 => 2000 + number(y, 2)? as i32,
                4 => number(y, 4)? as i32,
                _ => return None,
            };
            Some((number(d, 2)?, number(m, 2)?, Some(y)))
        }
        _ => None,
    }
}

/// Reads as many words as are time parts; returns them and how many words were used.
fn read_parts(words: &[String]) -> (Parts, usize) {
    let mut p = Parts::default();
    let mut i = 0;
    let at = |i: usize| words.get(i).map(String::as_str);
    while let Some(w) = at(i) {
        let set_day = |p: &mut Parts, d: Day| {
            if p.day.is_some() {
                false
            } else {
                p.day = Some(d);
                true
            }
        };
        let step = match w {
            // Fillers: "lúc 7h", "vào thứ Bảy", "ngày 20/12", "at 7", "on Monday".
            "luc" | "vao" | "at" | "on" | "ngay" | "hom" => 1,
            "nay" | "today" => usize::from(set_day(&mut p, Day::Relative(0))),
            "tonight" => {
                p.part = Some(Part::Evening);
                usize::from(set_day(&mut p, Day::Relative(0)))
            }
            "mai" | "tomorrow" => usize::from(set_day(&mut p, Day::Relative(1))),
            "kia" | "mot" => usize::from(set_day(&mut p, Day::Relative(2))),
            "thu" => match at(i + 1).and_then(weekday_word) {
                Some(d) => 2 * usize::from(set_day(&mut p, Day::Weekday(d))),
                None => 0,
            },
            "chu" if at(i + 1) == Some("nhat") => {
                2 * usize::from(set_day(&mut p, Day::Weekday(Weekday::Sun)))
            }
            "tuan" if matches!(at(i + 1), Some("sau" | "toi")) => {
                p.next_week = true;
                2
            }
            "tuan" if at(i + 1) == Some("nay") => 2,
            "next" if at(i + 1) == Some("week") => {
                p.next_week = true;
                2
            }
            "next" if at(i + 1).and_then(english_weekday).is_some() => {
                p.next_week = true;
                1
            }
            "this" if at(i + 1).and_then(english_weekday).is_some() => 1,
            "gio" | "phut" | "oclock" | "o'clock" => 1,
            _ => {
                if let Some(d) = english_weekday(w) {
                    usize::from(set_day(&mut p, Day::Weekday(d)))
                } else if let Some(d) = w
                    .strip_prefix('t')
                    .filter(|r| r.len() == 1)
                    .and_then(weekday_word)
                {
                    usize::from(set_day(&mut p, Day::Weekday(d)))
                } else if let Some(part) = part_word(w) {
                    if p.part.is_some() && p.part != Some(part) {
                        0
                    } else {
                        p.part = Some(part);
                        1
                    }
                } else if let Some((d, m, y)) = date_word(w).filter(|_| w.contains(['/', '-'])) {
                    usize::from(set_day(&mut p, Day::Date(d, m, y)))
                } else if let Some((h, m, suffix)) = time_word(w) {
                    if p.hour.is_some() {
                        0
                    } else {
                        let bare = number(w, 2).is_some();
                        let next = at(i + 1);
                        // A bare number is an hour only before "giờ", "h", am/pm or after
                        // "lúc"/"at": "20 hộ" is not a time.
                        let marked = !bare
                            || matches!(next, Some("gio" | "h" | "g" | "oclock" | "am" | "pm"))
                            || matches!(i.checked_sub(1).and_then(at), Some("luc" | "at"))
                            || p.part.is_some()
                            || next.and_then(part_word).is_some();
                        if !marked {
                            0
                        } else {
                            let mut minute = m;
                            let mut used = 1;
                            if bare && matches!(next, Some("gio" | "h" | "g")) {
                                used = 2;
                                if let Some(mm) = at(i + 2).and_then(|x| number(x, 2)) {
                                    minute = mm;
                                    used = 3;
                                    if matches!(at(i + 3), Some("phut" | "p")) {
                                        used = 4;
                                    }
                                } else if at(i + 2) == Some("ruoi") {
                                    minute = 30;
                                    used = 3;
                                }
                            } else if !bare && at(i + 1) == Some("ruoi") && m == 0 {
                                minute = 30;
                                used = 2;
                            }
                            if let Some(s) = suffix {
                                p.part = Some(s);
                            }
                            p.hour = Some((h, minute));
                            used
                        }
                    }
                } else {
                    0
                }
            }
        };
        if step == 0 {
            break;
        }
        i += step;
    }
    (p, i)
}

/// The 24-hour clock hour meant by `hour` said with `part`.
fn hour_in(hour: u32, minute: u32, part: Option<Part>) -> Result<u32, WhenError> {
    let bad = WhenError::BadTime { hour, minute };
    if hour > 23 || minute > 59 {
        return Err(bad);
    }
    Ok(match part {
        None => hour,
        Some(Part::Morning) if hour <= 12 => hour,
        Some(Part::Am) if hour <= 12 => hour % 12,
        Some(Part::Morning | Part::Am) => return Err(bad),
        Some(Part::Noon) if (1..=4).contains(&hour) => hour + 12,
        Some(Part::Noon) => hour,
        Some(Part::Afternoon | Part::Evening | Part::Pm) if hour < 12 => hour + 12,
        Some(Part::Pm) if hour == 12 => 12,
        Some(Part::Night) if (6..12).contains(&hour) => hour + 12,
        Some(Part::Night) if hour == 12 => 0,
        Some(_) => hour,
    })
}

fn resolve(p: &Parts, now: DateTime<Utc>, offset: FixedOffset) -> Result<DateTime<Utc>, WhenError> {
    let Some((h, m)) = p.hour else {
        return Err(WhenError::MissingTime);
    };
    let hour = hour_in(h, m, p.part)?;
    let time =
        NaiveTime::from_hms_opt(hour, m, 0).ok_or(WhenError::BadTime { hour: h, minute: m })?;
    let local_now = now.with_timezone(&offset).naive_local();
    let today = local_now.date();
    let at = |d: NaiveDate| NaiveDateTime::new(d, time);
    let date = match (p.day, p.next_week) {
        (Some(Day::Weekday(w)), true) => {
            let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
            monday + Duration::days(7 + i64::from(w.num_days_from_monday()))
        }
        (_, true) => return Err(WhenError::NotUnderstood("tuan sau".into())),
        (Some(Day::Weekday(w)), false) => {
            let ahead = (7 + i64::from(w.num_days_from_monday())
                - i64::from(today.weekday().num_days_from_monday()))
                % 7;
            let d = today + Duration::days(ahead);
            if at(d) <= local_now {
                d + Duration::days(7)
            } else {
                d
            }
        }
        (Some(Day::Relative(n)), false) => today + Duration::days(n),
        (Some(Day::Date(d, mo, Some(y))), false) => {
            NaiveDate::from_ymd_opt(y, mo, d).ok_or(WhenError::BadDate { day: d, month: mo })?
        }
        (Some(Day::Date(d, mo, None)), false) => {
            // 29/2 exists only in some years: look for it in this year or the next four.
            let year = today.year();
            let this = (year..year + 5)
                .find_map(|y| NaiveDate::from_ymd_opt(y, mo, d))
                .ok_or(WhenError::BadDate { day: d, month: mo })?;
            if this.year() == year && this < today - Duration::days(31) {
                (year + 1..year + 6)
                    .find_map(|y| NaiveDate::from_ymd_opt(y, mo, d))
                    .ok_or(WhenError::BadDate { day: d, month: mo })?
            } else {
                this
            }
        }
        (None, false) => {
            if at(today) > local_now {
                today
            } else {
                today + Duration::days(1)
            }
        }
    };
    let local = at(date);
    if local <= local_now {
        return Err(WhenError::Past);
    }
    if local - local_now > Duration::days(MAX_AHEAD_DAYS) {
        return Err(WhenError::TooFar);
    }
    Ok(offset
        .from_local_datetime(&local)
        .single()
        .expect("a fixed offset maps every local time once")
        .with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz() -> FixedOffset {
        FixedOffset::east_opt(7 * 3600).unwrap()
    }

    /// A local time in the commune as UTC.
    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        tz().with_ymd_and_hms(y, mo, d, h, mi, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    /// Wednesday 02/12/2026 08:00 in the commune.
    fn wed() -> DateTime<Utc> {
        local(2026, 12, 2, 8, 0)
    }

    fn at(text: &str, now: DateTime<Utc>) -> Result<String, WhenError> {
        parse(text, now, tz()).map(|t| t.with_timezone(&tz()).format("%Y-%m-%d %H:%M").to_string())
    }

    #[test]
    fn phrasings_with_and_without_accents() {
        let now = wed();
        for (text, want) in [
            ("7:00 thứ Bảy", "2026-12-05 07:00"),
            ("7:00 thu bay", "2026-12-05 07:00"),
            ("7h thứ 7", "2026-12-05 07:00"),
            ("thứ 7 lúc 7h", "2026-12-05 07:00"),
            ("t7 7h", "2026-12-05 07:00"),
            ("sáng mai 6h", "2026-12-03 06:00"),
            ("sang mai 6h", "2026-12-03 06:00"),
            ("6h sáng mai", "2026-12-03 06:00"),
            ("20/12 7h30", "2026-12-20 07:30"),
            ("7h30 ngày 20/12", "2026-12-20 07:30"),
            ("2026-12-20 07:30", "2026-12-20 07:30"),
            ("20/12/2026 7:30", "2026-12-20 07:30"),
            ("20-12-2026 7g30", "2026-12-20 07:30"),
            ("chiều nay 5h", "2026-12-02 17:00"),
            ("chieu nay 5h", "2026-12-02 17:00"),
            ("5 giờ chiều nay", "2026-12-02 17:00"),
            ("tối mai 19h", "2026-12-03 19:00"),
            ("toi mai 7h", "2026-12-03 19:00"),
            ("7h tối", "2026-12-02 19:00"),
            ("7 giờ tối mai", "2026-12-03 19:00"),
            ("19:00", "2026-12-02 19:00"),
            ("7 giờ 30 sáng thứ Hai", "2026-12-07 07:30"),
            ("7 gio ruoi sang mai", "2026-12-03 07:30"),
            ("thứ 2 tuần sau 8h", "2026-12-07 08:00"),
            ("thu hai tuan sau 8h", "2026-12-07 08:00"),
            ("thứ 6 tuần sau 8h", "2026-12-11 08:00"),
            ("chủ nhật 8h", "2026-12-06 08:00"),
            ("cn 8h", "2026-12-06 08:00"),
            ("9h trưa mai", "2026-12-03 09:00"),
            ("1h trưa mai", "2026-12-03 13:00"),
            ("ngày kia 8h", "2026-12-04 08:00"),
            ("10h đêm nay", "2026-12-02 22:00"),
            ("tomorrow 7pm", "2026-12-03 19:00"),
            ("Saturday 7:00", "2026-12-05 07:00"),
            ("next monday 8am", "2026-12-07 08:00"),
            ("tonight 8", "2026-12-02 20:00"),
            ("at 9 tomorrow", "2026-12-03 09:00"),
            ("7h", "2026-12-03 07:00"),
            ("8:00", "2026-12-03 08:00"),
            ("8:01", "2026-12-02 08:01"),
        ] {
            assert_eq!(at(text, now).as_deref(), Ok(want), "{text}");
        }
    }

    #[test]
    fn a_weekday_on_that_day_is_today_while_the_time_is_ahead_else_next_week() {
        // Saturday 05/12/2026 20:00.
        let sat_evening = local(2026, 12, 5, 20, 0);
        assert_eq!(
            at("7:00 thứ Bảy", sat_evening).as_deref(),
            Ok("2026-12-12 07:00")
        );
        assert_eq!(
            at("21h thứ Bảy", sat_evening).as_deref(),
            Ok("2026-12-05 21:00")
        );
        let sat_morning = local(2026, 12, 5, 6, 0);
        assert_eq!(
            at("7:00 thứ Bảy", sat_morning).as_deref(),
            Ok("2026-12-05 07:00")
        );
    }

    #[test]
    fn past_times_are_refused() {
        let now = wed();
        assert_eq!(at("7h sáng nay", now), Err(WhenError::Past));
        assert_eq!(at("1/12 7h", now), Err(WhenError::Past));
        assert_eq!(at("2026-12-01 07:00", now), Err(WhenError::Past));
        assert_eq!(at("8:00 hôm nay", now), Err(WhenError::Past));
    }

    #[test]
    fn month_and_year_ends() {
        // 31/12 23:30 → 1/1 of the next year.
        let nye = local(2026, 12, 31, 23, 30);
        assert_eq!(at("sáng mai 6h", nye).as_deref(), Ok("2027-01-01 06:00"));
        assert_eq!(at("20/1 7h", wed()).as_deref(), Ok("2027-01-20 07:00"));
        assert_eq!(
            at("thứ 2 tuần sau 8h", nye).as_deref(),
            Ok("2027-01-04 08:00")
        );
        // 30/11 → 1/12 tomorrow.
        let nov30 = local(2026, 11, 30, 9, 0);
        assert_eq!(at("mai 7h", nov30).as_deref(), Ok("2026-12-01 07:00"));
        assert_eq!(at("31/12 7h", nov30).as_deref(), Ok("2026-12-31 07:00"));
        // The commune's midnight, not UTC's: 00:30 local is still 17:30 UTC the day before.
        let after_midnight = local(2026, 12, 3, 0, 30);
        assert_eq!(
            at("sáng nay 6h", after_midnight).as_deref(),
            Ok("2026-12-03 06:00")
        );
        // The next 29/2 is in 2028: too far ahead, not a made-up 1/3.
        assert_eq!(at("29/2 7h", wed()), Err(WhenError::TooFar));
        assert_eq!(
            at("29/2 7h", local(2027, 12, 2, 8, 0)).as_deref(),
            Ok("2028-02-29 07:00")
        );
    }

    #[test]
    fn invalid_dates_and_times() {
        let now = wed();
        assert_eq!(
            at("31/2 7h", now),
            Err(WhenError::BadDate { day: 31, month: 2 })
        );
        assert_eq!(
            at("31/4/2027 7h", now),
            Err(WhenError::BadDate { day: 31, month: 4 })
        );
        assert_eq!(
            at("2027-13-01 7:00", now),
            Err(WhenError::BadDate { day: 1, month: 13 })
        );
        assert_eq!(
            at("25h mai", now),
            Err(WhenError::BadTime {
                hour: 25,
                minute: 0
            })
        );
        assert_eq!(
            at("7:75 mai", now),
            Err(WhenError::BadTime {
                hour: 7,
                minute: 75
            })
        );
        assert_eq!(
            at("19h sáng mai", now),
            Err(WhenError::BadTime {
                hour: 19,
                minute: 0
            })
        );
        assert_eq!(at("thứ Bảy", now), Err(WhenError::MissingTime));
        assert_eq!(at("sáng mai", now), Err(WhenError::MissingTime));
        assert_eq!(at("", now), Err(WhenError::Empty));
        assert_eq!(
            at("tuần sau 8h", now),
            Err(WhenError::NotUnderstood("tuan sau".into()))
        );
        assert_eq!(
            at("khi nào rảnh", now),
            Err(WhenError::NotUnderstood("khi".into()))
        );
        assert_eq!(
            at("mai 20", now),
            Err(WhenError::NotUnderstood("20".into()))
        );
        assert_eq!(
            at("mai thứ 7 8h", now),
            Err(WhenError::NotUnderstood("thu".into()))
        );
        assert_eq!(at("20/12/2028 7h", now), Err(WhenError::TooFar));
    }

    #[test]
    fn twenty_four_hour_and_evening_agree() {
        let now = wed();
        assert_eq!(at("19h tối mai", now), at("7h tối mai", now));
        assert_eq!(at("19:00 mai", now), at("7pm tomorrow", now));
        assert_eq!(at("12h trưa mai", now).as_deref(), Ok("2026-12-03 12:00"));
        assert_eq!(at("12am mai", now).as_deref(), Ok("2026-12-03 00:00"));
    }

    #[test]
    fn leading_time_is_split_from_the_text() {
        let s = |t: &str| split_leading(t);
        assert_eq!(
            s("7:00 thứ Bảy Họp bản tại nhà văn hóa"),
            Some(("7:00 thứ Bảy".into(), "Họp bản tại nhà văn hóa".into()))
        );
        assert_eq!(
            s("sáng mai 6h | Tiêm phòng cho trâu bò"),
            Some(("sáng mai 6h".into(), "Tiêm phòng cho trâu bò".into()))
        );
        assert_eq!(
            s("20/12 7h30\nNộp quỹ"),
            Some(("20/12 7h30".into(), "Nộp quỹ".into()))
        );
        assert_eq!(s("Họp bản tối nay"), None);
    }

    #[test]
    fn read_back_parts_are_local() {
        let t = local(2026, 12, 5, 7, 0);
        let (w, d, h) = local_parts(t, tz());
        assert_eq!(
            (weekday_key(w), d.as_str(), h.as_str()),
            ("weekday-sat", "05/12/2026", "07:00")
        );
    }
}
