//! Zalo's own night rule: some OA messages are refused between 22:00 and 06:00 (code `-234`,
//! "night curfew 22h-6h", confidence M: a Chatwoot comment, see the domain notes). Such a
//! send is not a failure: it waits for the morning. Pure: the hours and what a refusal
//! means at a given time.

use chrono::{DateTime, Duration, FixedOffset, Timelike, Utc};

use crate::delivery::SendOutcome;
use crate::model::FailReason;

/// Zalo's "not at night" answer.
pub const CODE: i64 = -234;
/// The night Zalo refuses, local time: from 22:00 …
const START_MIN: u32 = 22 * 60;
/// … to 06:00 (not included).
const END_MIN: u32 = 6 * 60;

/// When the night around `now` ends (06:00 local), or `None` when `now` is not at night by
/// Zalo's hours.
pub fn morning(now: DateTime<Utc>, offset: FixedOffset) -> Option<DateTime<Utc>> {
    let local = now.with_timezone(&offset);
    let minute = local.hour() * 60 + local.minute();
    if (END_MIN..START_MIN).contains(&minute) {
        return None;
    }
    let midnight = local
        - Duration::seconds(i64::from(local.num_seconds_from_midnight()))
        - Duration::nanoseconds(i64::from(local.nanosecond()));
    let today = midnight + Duration::minutes(i64::from(END_MIN));
    let at = if minute < END_MIN {
        today
    } else {
        today + Duration::days(1)
    };
    Some(at.with_timezone(&Utc))
}

/// What Zalo's night refusal at `now` means: held until the morning when it is night by
/// Zalo's hours; otherwise (our clock and Zalo's disagree) an ordinary retry, counted, so it
/// cannot wait for ever.
pub fn refused(code: i64, words: &str, now: DateTime<Utc>, offset: FixedOffset) -> SendOutcome {
    let reason = FailReason::NightRestricted {
        code,
        words: words.to_string(),
    };
    match morning(now, offset) {
        Some(until) => SendOutcome::Held { until, reason },
        None => SendOutcome::Transient(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz() -> FixedOffset {
        FixedOffset::east_opt(7 * 3600).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_night_ends_at_six_local() {
        // 22:30 in Sơn La (UTC+7) is 15:30 UTC: the next 06:00 is the next day, 23:00 UTC.
        assert_eq!(
            morning(utc("2026-12-02T15:30:00Z"), tz()),
            Some(utc("2026-12-02T23:00:00Z"))
        );
        // 22:00 exactly is night.
        assert_eq!(
            morning(utc("2026-12-02T15:00:00Z"), tz()),
            Some(utc("2026-12-02T23:00:00Z"))
        );
        // 00:10 and 05:59 local: the same day's 06:00.
        assert_eq!(
            morning(utc("2026-12-02T17:10:00Z"), tz()),
            Some(utc("2026-12-02T23:00:00Z"))
        );
        assert_eq!(
            morning(utc("2026-12-02T22:59:00Z"), tz()),
            Some(utc("2026-12-02T23:00:00Z"))
        );
        // 06:00 and 21:59 local: day.
        assert_eq!(morning(utc("2026-12-02T23:00:00Z"), tz()), None);
        assert_eq!(morning(utc("2026-12-02T14:59:00Z"), tz()), None);
    }

    #[test]
    fn a_night_refusal_waits_for_the_morning_a_day_one_is_retried() {
        let held = refused(CODE, "night", utc("2026-12-31T16:00:00Z"), tz());
        assert_eq!(
            held,
            SendOutcome::Held {
                // 23:00 local on 31/12 → 06:00 on 1/1.
                until: utc("2026-12-31T23:00:00Z"),
                reason: FailReason::NightRestricted {
                    code: CODE,
                    words: "night".into()
                }
            }
        );
        assert!(matches!(
            refused(CODE, "night", utc("2026-12-02T05:00:00Z"), tz()),
            SendOutcome::Transient(FailReason::NightRestricted { .. })
        ));
    }
}
