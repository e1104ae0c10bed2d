//! The commune's clock in tests: its offset and the next moment it shows a given time.

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone, Utc};

/// The shipped config's time zone (Asia/Ho_Chi_Minh, no daylight saving).
pub fn tz() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap()
}

/// The first moment later than real now plus `margin` at which the commune's clock shows
/// `h:m` (a margin keeps a test that types the time from racing the minute it names).
pub fn next_local(h: u32, m: u32, margin: Duration) -> DateTime<Utc> {
    let now = Utc::now().with_timezone(&tz());
    let mut day = now.date_naive();
    loop {
        let at = tz()
            .from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()))
            .unwrap();
        if at > now + margin {
            return at.with_timezone(&Utc);
        }
        day = day.succ_opt().unwrap();
    }
}
