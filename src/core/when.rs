//! When a head wants a notice to go: "7:00 thứ Bảy", "sáng mai 6h", "20/12 7h30",
//! "2026-12-20 07:30", "tomorrow 7pm" → one instant in the commune's time zone. Pure.
//!
//! Accents do not matter ("thu bay", "sang mai"). A time alone is its next occurrence; a
//! weekday alone is the next such day whose time is still ahead (so "7:00 thứ Bảy" typed on
//! a Saturday evening is next Saturday); a day and month without a year that lie more than a
//! month back are next year's (20/1 typed in December). A time that has passed, a date that
//! does not exist (31/2) or a time more than a year ahead is a typed error.
//!
//! Standing times ("hằng tuần thứ Hai 7:00", "every Monday 07:00", "hằng ngày 6h", "ngày 1
//! hằng tháng 7h") read into a [`Repeat`]; [`next_occurrence`] is its next time after a
//! given instant in the commune's time zone.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
    Weekday,
};

use crate::store::{Every, Repeat};

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
    #[error("every week, but no weekday")]
    MissingWeekday,
    #[error("every month, but no day of the month")]
    MissingMonthDay,
    #[error("no day {0} in a month")]
    BadMonthDay(u32),
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
    for n in 1..=raw.len().min(10) {
        let prefix = raw[..n].join(" ");
        let words = normalize(&prefix);
        let (parts, used) = read_parts(&words);
        if (used == words.len() && parts.hour.is_some())
            || matches!(parse_repeat(&prefix), Some(Ok(_)))
        {
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
        WhenError::MissingWeekday => "when-missing-weekday",
        WhenError::MissingMonthDay => "when-missing-month-day",
        WhenError::BadMonthDay(_) => "when-bad-month-day",
    }
}

/// The period a standing time names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Day,
    Week,
    Month,
}

/// Reads a standing time: "hằng tuần thứ Hai 7:00", "thứ 2 hàng tuần 7h", "mỗi thứ Hai 7h",
/// "every Monday 07:00", "weekly on Monday 7am", "hằng ngày 6h", "mỗi sáng 6h", "daily
/// 6:00", "ngày 1 hằng tháng 7h", "mùng 5 hàng tháng 8h", "every month on the 1st 7:00".
/// `None` when the text names no period (it may still be a one-off time).
pub fn parse_repeat(text: &str) -> Option<Result<Repeat, WhenError>> {
    let words = normalize(text);
    let (period, rest) = period_words(&words)?;
    Some(repeat_from(period, rest))
}

/// The period named, and the other words. `None` if no period is named.
fn period_words(words: &[String]) -> Option<(Period, Vec<String>)> {
    let at = |i: usize| words.get(i).map(String::as_str);
    let mut period = None;
    let mut rest = Vec::new();
    let mut i = 0;
    while let Some(w) = at(i) {
        let next = at(i + 1);
        let named = |n: Option<&str>| match n {
            Some("tuan" | "week") => Some(Period::Week),
            Some("ngay" | "day") => Some(Period::Day),
            Some("thang" | "month") => Some(Period::Month),
            _ => None,
        };
        let step = match w {
            "hang" | "moi" | "every" | "each" if named(next).is_some() => {
                period = period.or(named(next));
                2
            }
            // "mỗi thứ Hai", "every Monday", "mỗi sáng 6h", "every morning".
            "moi" | "every" | "each"
                if next.is_some_and(|n| {
                    n == "thu" || n == "chu" || english_weekday(n).is_some() || is_t_weekday(n)
                }) =>
            {
                period = period.or(Some(Period::Week));
                1
            }
            "moi" | "every" | "each" if next.and_then(part_word).is_some() => {
                period = period.or(Some(Period::Day));
                1
            }
            "daily" => {
                period = period.or(Some(Period::Day));
                1
            }
            "weekly" => {
                period = period.or(Some(Period::Week));
                1
            }
            "monthly" => {
                period = period.or(Some(Period::Month));
                1
            }
            _ => {
                rest.push(w.to_string());
                1
            }
        };
        i += step;
    }
    period.map(|p| (p, rest))
}

fn is_t_weekday(w: &str) -> bool {
    w.strip_prefix('t')
        .filter(|r| r.len() == 1)
        .and_then(weekday_word)
        .is_some()
}

/// "1st", "2nd", "23rd", "15th" → the number.
fn ordinal(w: &str) -> Option<u32> {
    ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .and_then(|n| number(n, 2))
}

/// The words other than the period, read as the day (weekday, day of the month) and time.
fn repeat_from(period: Period, mut words: Vec<String>) -> Result<Repeat, WhenError> {
    // The day of the month: "ngày 1", "mùng 5", "day 1", "the 1st", "on the 15th"; and the
    // "of" of "the 1st of every month", whose period is gone already.
    let mut month_day = None;
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let next = words.get(i + 1).map(String::as_str);
        let (day, used) = match w {
            "ngay" | "mung" | "mong" | "day" if period == Period::Month => {
                (next.and_then(|n| number(n, 2)), 2)
            }
            "the" => (next.and_then(ordinal), 2),
            _ => (ordinal(w), 1),
        };
        if let Some(d) = day.filter(|_| month_day.is_none()) {
            month_day = Some(d);
            words.drain(i..i + used);
        } else if w == "of" && month_day.is_some() && period == Period::Month {
            words.remove(i);
        } else {
            i += 1;
        }
    }
    if words.is_empty() && month_day.is_none() {
        return Err(WhenError::MissingTime);
    }
    let (parts, used) = read_parts(&words);
    if used < words.len() {
        return Err(WhenError::NotUnderstood(words[used].clone()));
    }
    let Some((h, m)) = parts.hour else {
        return Err(WhenError::MissingTime);
    };
    let hour = hour_in(h, m, parts.part)?;
    let time = |every| Repeat {
        every,
        hour: hour as u8,
        minute: m as u8,
    };
    if parts.next_week {
        return Err(WhenError::NotUnderstood("tuan sau".into()));
    }
    match (period, parts.day, month_day) {
        (Period::Day, None, None) => Ok(time(Every::Day)),
        (Period::Week, Some(Day::Weekday(w)), None) => {
            Ok(time(Every::Week(w.num_days_from_monday() as u8)))
        }
        (Period::Week, None, None) => Err(WhenError::MissingWeekday),
        (Period::Month, None, Some(d)) if (1..=31).contains(&d) => Ok(time(Every::Month(d as u8))),
        (Period::Month, None, Some(d)) => Err(WhenError::BadMonthDay(d)),
        (Period::Month, None, None) => Err(WhenError::MissingMonthDay),
        // A date or "mai" with a period, or a day that does not fit it.
        (_, Some(_), _) | (_, None, Some(_)) => Err(WhenError::NotUnderstood(
            words.first().cloned().unwrap_or_default(),
        )),
    }
}

/// The first time after `after` (strictly) at which standing time `r` comes, in the
/// commune's `offset`. A monthly day past a month's end is that month's last day.
pub fn next_occurrence(r: Repeat, after: DateTime<Utc>, offset: FixedOffset) -> DateTime<Utc> {
    let local_after = after.with_timezone(&offset).naive_local();
    let time = NaiveTime::from_hms_opt(u32::from(r.hour).min(23), u32::from(r.minute).min(59), 0)
        .expect("hour and minute are within range");
    let today = local_after.date();
    let mut candidates = (0..=400).filter_map(|ahead| {
        let day = today + Duration::days(ahead);
        let fits = match r.every {
            Every::Day => true,
            Every::Week(w) => day.weekday().num_days_from_monday() == u32::from(w),
            Every::Month(d) => day.day() == u32::from(d).min(last_day(day)),
        };
        fits.then(|| NaiveDateTime::new(day, time))
            .filter(|t| *t > local_after)
    });
    let local = candidates
        .next()
        .expect("every period comes within 400 days");
    offset
        .from_local_datetime(&local)
        .single()
        .expect("a fixed offset maps every local time once")
        .with_timezone(&Utc)
}

/// The last day of `d`'s month.
fn last_day(d: NaiveDate) -> u32 {
    (28..=31)
        .rev()
        .find(|n| NaiveDate::from_ymd_opt(d.year(), d.month(), *n).is_some())
        .unwrap_or(28)
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

    fn every(text: &str) -> Result<Repeat, WhenError> {
        parse_repeat(text).unwrap_or(Err(WhenError::Empty))
    }

    fn weekly(day: u8, hour: u8, minute: u8) -> Repeat {
        Repeat {
            every: Every::Week(day),
            hour,
            minute,
        }
    }

    #[test]
    fn standing_times_in_many_phrasings() {
        let daily = |hour, minute| Repeat {
            every: Every::Day,
            hour,
            minute,
        };
        let monthly = |day, hour, minute| Repeat {
            every: Every::Month(day),
            hour,
            minute,
        };
        for (text, want) in [
            ("hằng tuần thứ Hai 7:00", weekly(0, 7, 0)),
            ("hang tuan thu hai 7:00", weekly(0, 7, 0)),
            ("hàng tuần thứ 2 lúc 7h", weekly(0, 7, 0)),
            ("thứ Hai hằng tuần 7h", weekly(0, 7, 0)),
            ("7h sáng thứ Hai hằng tuần", weekly(0, 7, 0)),
            ("mỗi thứ Hai 7h", weekly(0, 7, 0)),
            ("moi t2 7h30", weekly(0, 7, 30)),
            ("mỗi tuần vào thứ 7 lúc 19h", weekly(5, 19, 0)),
            ("chủ nhật hằng tuần 8 giờ", weekly(6, 8, 0)),
            ("hằng tuần cn 8h tối", weekly(6, 20, 0)),
            ("every Monday 07:00", weekly(0, 7, 0)),
            ("every monday at 7am", weekly(0, 7, 0)),
            ("weekly on Friday 5pm", weekly(4, 17, 0)),
            ("hằng ngày 6h", daily(6, 0)),
            ("hang ngay 6h", daily(6, 0)),
            ("mỗi ngày lúc 6 giờ rưỡi", daily(6, 30)),
            ("mỗi sáng 6h", daily(6, 0)),
            ("7h tối hằng ngày", daily(19, 0)),
            ("every day 6:00", daily(6, 0)),
            ("daily 6am", daily(6, 0)),
            ("every evening at 8", daily(20, 0)),
            ("ngày 1 hằng tháng 7h", monthly(1, 7, 0)),
            ("mùng 5 hàng tháng 8h", monthly(5, 8, 0)),
            ("hằng tháng ngày 15 lúc 7h30", monthly(15, 7, 30)),
            ("ngày 31 hằng tháng 7h", monthly(31, 7, 0)),
            ("every month on the 1st 7:00", monthly(1, 7, 0)),
            ("the 1st of every month 7am", monthly(1, 7, 0)),
            ("monthly day 20 9am", monthly(20, 9, 0)),
        ] {
            assert_eq!(every(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn standing_times_that_do_not_read() {
        // Not standing at all: a one-off time, read by `parse`.
        assert_eq!(parse_repeat("7:00 thứ Bảy"), None);
        assert_eq!(parse_repeat("sáng mai 6h"), None);
        assert_eq!(every("hằng tuần 7h"), Err(WhenError::MissingWeekday));
        assert_eq!(every("hằng tuần thứ Hai"), Err(WhenError::MissingTime));
        assert_eq!(every("hằng tháng 7h"), Err(WhenError::MissingMonthDay));
        assert_eq!(
            every("ngày 32 hằng tháng 7h"),
            Err(WhenError::BadMonthDay(32))
        );
        assert_eq!(
            every("ngày 0 hằng tháng 7h"),
            Err(WhenError::BadMonthDay(0))
        );
        assert_eq!(
            every("hằng ngày 25h"),
            Err(WhenError::BadTime {
                hour: 25,
                minute: 0
            })
        );
        assert_eq!(
            every("hằng ngày 19h sáng"),
            Err(WhenError::BadTime {
                hour: 19,
                minute: 0
            })
        );
        assert!(matches!(
            every("hằng ngày mai 7h"),
            Err(WhenError::NotUnderstood(_))
        ));
        assert!(matches!(
            every("hằng tuần 20/12 7h"),
            Err(WhenError::NotUnderstood(_))
        ));
        assert_eq!(
            every("hằng tuần khi rảnh"),
            Err(WhenError::NotUnderstood("khi".into()))
        );
    }

    #[test]
    fn a_standing_time_splits_from_the_text() {
        assert_eq!(
            split_leading("hằng tuần thứ Hai 7:00 Họp giao ban"),
            Some(("hằng tuần thứ Hai 7:00".into(), "Họp giao ban".into()))
        );
        assert_eq!(
            split_leading("every Monday 07:00 Team meeting"),
            Some(("every Monday 07:00".into(), "Team meeting".into()))
        );
    }

    fn next(r: Repeat, after: DateTime<Utc>) -> String {
        next_occurrence(r, after, tz())
            .with_timezone(&tz())
            .format("%Y-%m-%d %H:%M %a")
            .to_string()
    }

    #[test]
    fn the_next_occurrence_in_the_communes_time() {
        let monday7 = weekly(0, 7, 0);
        // Wednesday 02/12/2026 08:00 → Monday 07/12.
        assert_eq!(next(monday7, wed()), "2026-12-07 07:00 Mon");
        // On a Monday before 7:00 it is today; at 7:00 itself, next week (strictly after).
        let mon_six = local(2026, 12, 7, 6, 0);
        assert_eq!(next(monday7, mon_six), "2026-12-07 07:00 Mon");
        assert_eq!(
            next(monday7, local(2026, 12, 7, 7, 0)),
            "2026-12-14 07:00 Mon"
        );
        // The commune's Monday, not UTC's: Monday 06:30 local is Sunday 23:30 UTC.
        assert_eq!(
            next(weekly(0, 6, 45), local(2026, 12, 7, 6, 30)),
            "2026-12-07 06:45 Mon"
        );
        // Across the year's end.
        let nye = local(2026, 12, 31, 23, 30);
        assert_eq!(
            next(
                Repeat {
                    every: Every::Day,
                    hour: 6,
                    minute: 0
                },
                nye
            ),
            "2027-01-01 06:00 Fri"
        );
        assert_eq!(next(monday7, nye), "2027-01-04 07:00 Mon");
        // Monthly: the 31st is each month's last day where it has none.
        let day31 = Repeat {
            every: Every::Month(31),
            hour: 7,
            minute: 0,
        };
        assert_eq!(
            next(day31, local(2027, 1, 31, 8, 0)),
            "2027-02-28 07:00 Sun"
        );
        assert_eq!(
            next(day31, local(2027, 2, 28, 8, 0)),
            "2027-03-31 07:00 Wed"
        );
        assert_eq!(
            next(day31, local(2028, 1, 31, 8, 0)),
            "2028-02-29 07:00 Tue"
        );
        let first = Repeat {
            every: Every::Month(1),
            hour: 7,
            minute: 0,
        };
        assert_eq!(next(first, nye), "2027-01-01 07:00 Fri");
        assert_eq!(next(first, wed()), "2027-01-01 07:00 Fri");
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
