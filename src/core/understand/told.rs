//! Figures told to be confirmed ("được 100 triệu phải không", "trả trong 25 năm đúng
//! không") and ages told ("em 60 tuổi rồi"): which aspect of a loan they ask.

use super::index::push_unique;
use super::lexicon::ToldFigure;
use super::tokens::Tok;
use crate::core::request::LoanAspect;

/// Whether a number is told as an age: digits or a number word right before a word of
/// `age`, or glued to it ("60tuoi"), or right after a word of `age_before` ("I am 17").
pub(super) fn told_age(toks: &[Tok<'_>], words: &ToldFigure) -> bool {
    let text: Vec<&str> = toks.iter().map(|t| t.text).collect();
    text.iter().enumerate().any(|(i, w)| {
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && digits < w.len() {
            return words.age.iter().any(|a| *a == w[digits..]);
        }
        let number = words.is_number(w);
        number
            && (text
                .get(i + 1)
                .is_some_and(|n| words.age.iter().any(|a| a == n))
                || (i > 0 && words.age_before.iter().any(|a| a == text[i - 1])))
    })
}

/// The aspect of a figure the asker tells and asks to confirm ("50 tr phải không", "hai mươi
/// lăm năm đúng không"): a number then a sum of money is the amount, a number then years or
/// months the term. `None` without a number and its unit, or without the words that ask for
/// confirmation. The words are the lexicon's `[told_figure]`.
pub(super) fn told_figure(toks: &[Tok<'_>], words: &ToldFigure) -> Option<LoanAspect> {
    told_units(toks, words).first().copied()
}

/// Every kind of figure told to be confirmed, in the order told (see [`told_figure`]).
pub(super) fn told_units(toks: &[Tok<'_>], words: &ToldFigure) -> Vec<LoanAspect> {
    let has = |list: &[String], w: &str| list.iter().any(|x| x == w);
    let text: Vec<&str> = toks.iter().map(|t| t.text).collect();
    let confirm = text
        .windows(2)
        .any(|w| words.confirm.iter().any(|[a, b]| a == w[0] && b == w[1]))
        // The last word before whom the asker speaks to ("… 100 triệu hả anh").
        || text
            .iter()
            .rev()
            .find(|w| !has(&words.confirm_address, w))
            .is_some_and(|w| has(&words.confirm_last, w))
        || text.windows(2).enumerate().any(|(i, w)| {
            words
                .confirm_open
                .iter()
                .any(|[a, b]| a == w[0] && b == w[1])
                && text[i + 2..].iter().any(|t| has(&words.confirm_end, t))
        });
    let mut out = Vec::new();
    if !confirm {
        return out;
    }
    let unit_of = |unit: &str| {
        if words.is_money(unit) {
            Some(LoanAspect::Amount)
        } else if has(&words.span, unit) {
            Some(LoanAspect::Term)
        } else {
            None
        }
    };
    for (i, w) in text.iter().enumerate() {
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        // "25nam": the number glued to its unit.
        if digits > 0
            && digits < w.len()
            && let Some(aspect) = unit_of(&w[digits..])
        {
            push_unique(&mut out, aspect);
            continue;
        }
        let number = words.is_number(w);
        // "từ năm 2019" typed "tu nam 2019" ("tư năm": four years): a year follows, so it is
        // a date, no span told.
        let year_after = text
            .get(i + 2)
            .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
        if let (true, Some(next)) = (number, text.get(i + 1))
            && let Some(aspect) = unit_of(next)
            && !(aspect == LoanAspect::Term && (year_after || has(&words.per_span, w)))
        {
            push_unique(&mut out, aspect);
        }
    }
    out
}
