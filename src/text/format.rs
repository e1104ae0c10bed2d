//! Numbers, money, percentages and dates the way each language writes them (vi: 47,5 triệu
//! đồng; 6,6%/năm; 1.167 ha — en: 47.5 million VND; 6.6%/year; 1,167 ha). Pure.

use chrono::{DateTime, FixedOffset, Utc};

use crate::model::Locale;

fn separators(locale: Locale) -> (char, char) {
    // (decimal, thousands)
    match locale {
        Locale::Vi => (',', '.'),
        Locale::En => ('.', ','),
    }
}

/// A number with at most `max_decimals` decimals (six at most), trailing zeros dropped,
/// thousands grouped. Halves round away from zero (0,6985 → 0,699), as people round.
pub fn number(value: f64, max_decimals: usize, locale: Locale) -> String {
    let (dec, thou) = separators(locale);
    let decimals = max_decimals.min(6);
    let scale = 10u64.pow(decimals as u32);
    let scaled = (value.abs() * scale as f64).round();
    // Beyond 2^53 a float has no decimals to show; the figures of this bot never get there.
    let Some(scaled) = (scaled.is_finite() && scaled < 9e15).then_some(scaled as u64) else {
        return format!("{value:.0}");
    };
    let (int, mut frac, mut frac_digits) = (scaled / scale, scaled % scale, decimals);
    while frac_digits > 0 && frac % 10 == 0 {
        frac /= 10;
        frac_digits -= 1;
    }
    let mut out = String::with_capacity(24);
    if value < 0.0 && scaled > 0 {
        out.push('-');
    }
    let digits = int.to_string();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(thou);
        }
        out.push(ch);
    }
    if frac_digits > 0 {
        out.push(dec);
        out.push_str(&format!("{frac:0frac_digits$}"));
    }
    out
}

/// Money in the words people use: "100 triệu đồng", "96 tỷ đồng", "500.000 đồng".
pub fn vnd(amount: u64, locale: Locale) -> String {
    let a = amount as f64;
    let (value, unit) = if amount >= 1_000_000_000 {
        (a / 1e9, ["tỷ đồng", "billion VND"])
    } else if amount >= 1_000_000 {
        (a / 1e6, ["triệu đồng", "million VND"])
    } else {
        (a, ["đồng", "VND"])
    };
    let unit = match locale {
        Locale::Vi => unit[0],
        Locale::En => unit[1],
    };
    format!("{} {unit}", number(value, 3, locale))
}

/// "6,6%/năm (0,55%/tháng)" or "6.6%/year (0.55%/month)".
pub fn rate(pct_year: f64, locale: Locale) -> String {
    let (y, m) = match locale {
        Locale::Vi => ("năm", "tháng"),
        Locale::En => ("year", "month"),
    };
    format!(
        "{}%/{y} ({}%/{m})",
        number(pct_year, 3, locale),
        number(pct_year / 12.0, 3, locale)
    )
}

/// "120 tháng (10 năm)" / "120 months (10 years)"; years only when whole.
pub fn months(n: u32, locale: Locale) -> String {
    let (m, y) = match locale {
        Locale::Vi => ("tháng", "năm"),
        Locale::En => (if n == 1 { "month" } else { "months" }, "years"),
    };
    if n >= 12 && n.is_multiple_of(12) {
        let years = n / 12;
        let y = if locale == Locale::En && years == 1 {
            "year"
        } else {
            y
        };
        format!("{n} {m} ({years} {y})")
    } else {
        format!("{n} {m}")
    }
}

/// A date in the commune's time zone: 30/11/2026, in both languages (one date style).
pub fn date(t: DateTime<Utc>, offset: FixedOffset, locale: Locale) -> String {
    let local = t.with_timezone(&offset);
    let _ = locale;
    local.format("%d/%m/%Y").to_string()
}

/// An "as of" date as the content writes it ("2023", "2026-11", "2026-11-30"), shown in the
/// one date style: 2023, 11/2026, 30/11/2026. Anything else is shown as written.
pub fn as_of(text: &str) -> String {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y, m] if digits(y, 4) && digits(m, 2) => format!("{m}/{y}"),
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => format!("{d}/{m}/{y}"),
        _ => text.to_string(),
    }
}

/// Date and time in the commune's time zone.
pub fn date_time(t: DateTime<Utc>, offset: FixedOffset, locale: Locale) -> String {
    let local = t.with_timezone(&offset);
    let _ = locale;
    local.format("%H:%M %d/%m/%Y").to_string()
}

/// `text` with its first letter in capitals, for a name that starts a sentence
/// ("xã Chiềng Khoang đạt…" → "Xã Chiềng Khoang đạt…").
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// At most `max` characters of `text`, with "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Locale::*;

    #[test]
    fn numbers_vi_and_en() {
        assert_eq!(number(47.5, 2, Vi), "47,5");
        assert_eq!(number(47.5, 2, En), "47.5");
        assert_eq!(number(11.44, 2, Vi), "11,44");
        assert_eq!(number(1167.0, 2, Vi), "1.167");
        assert_eq!(number(28900.0, 0, En), "28,900");
        assert_eq!(number(408.0, 2, Vi), "408");
        assert_eq!(number(1_234_567.891, 2, Vi), "1.234.567,89");
        assert_eq!(number(0.0, 2, Vi), "0");
        assert_eq!(number(-2.5, 1, Vi), "-2,5");
        assert_eq!(number(-0.0001, 2, Vi), "0", "no minus before a zero shown");
        assert_eq!(
            number(0.05, 3, En),
            "0.05",
            "leading zeros of the decimals kept"
        );
        assert_eq!(
            number(2.9999, 2, En),
            "3",
            "rounding carries into the whole part"
        );
        assert_eq!(number(999_999.5, 0, Vi), "1.000.000");
        assert_eq!(number(0.125, 2, En), "0.13", "halves round away from zero");
    }

    #[test]
    fn money() {
        assert_eq!(vnd(100_000_000, Vi), "100 triệu đồng");
        assert_eq!(vnd(100_000_000, En), "100 million VND");
        assert_eq!(vnd(4_000_000, Vi), "4 triệu đồng");
        assert_eq!(vnd(96_000_000_000, Vi), "96 tỷ đồng");
        assert_eq!(vnd(43_500_000_000, Vi), "43,5 tỷ đồng");
        assert_eq!(vnd(500_000, Vi), "500.000 đồng");
        assert_eq!(vnd(2_500_000, En), "2.5 million VND");
    }

    #[test]
    fn rates() {
        assert_eq!(rate(6.6, Vi), "6,6%/năm (0,55%/tháng)");
        assert_eq!(rate(7.92, En), "7.92%/year (0.66%/month)");
        assert_eq!(rate(8.382, Vi), "8,382%/năm (0,699%/tháng)");
    }

    #[test]
    fn terms() {
        assert_eq!(months(120, Vi), "120 tháng (10 năm)");
        assert_eq!(months(12, En), "12 months (1 year)");
        assert_eq!(months(18, Vi), "18 tháng");
        assert_eq!(months(1, En), "1 month");
    }

    #[test]
    fn dates_in_commune_time() {
        let t = DateTime::parse_from_rfc3339("2026-11-30T20:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let ict = FixedOffset::east_opt(7 * 3600).unwrap();
        assert_eq!(date(t, ict, Vi), "01/12/2026");
        assert_eq!(date(t, ict, En), "01/12/2026", "one date style");
        assert_eq!(date_time(t, ict, En), "03:30 01/12/2026");
        assert_eq!(as_of("2026-11"), "11/2026");
        assert_eq!(as_of("2026-11-30"), "30/11/2026");
        assert_eq!(as_of("2023"), "2023");
        assert_eq!(as_of("quý 3/2025"), "quý 3/2025");
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("Bản Đông", 20), "Bản Đông");
        assert_eq!(truncate("Bản Đông", 4), "Bản…");
    }
}
