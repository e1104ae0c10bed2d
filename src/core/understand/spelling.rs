//! Spelling: how the marks a word was typed with fit the spellings it is known with, the
//! northern and mountain initial swaps (l/n, tr/ch, d/gi/r, s/x), and letters held down.

use super::Understander;
use crate::text::fold;

/// How the marks a word was typed with fit the spellings it is known with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Reading {
    /// Typed without marks: any spelling (lenient).
    Unmarked,
    /// Exactly a spelling the word is known with.
    Known,
    /// Not a known spelling; these known ones fit it with marks left out ("suât": "suất";
    /// "hô": "hộ", "hồ", "hỗ"…) or, failing that, the one with only the tone changed
    /// ("nghẻo": "nghèo"). Maybe right: the person may have typed a word the bot does not
    /// know ("quê" is not "quế"), so they are read only inside a phrase of several words.
    Guess(Vec<u32>),
    /// Not a known spelling; the one known spelling it fits with only the tone changed
    /// ("nghẻo": "nghèo"), read like a [`Reading::Guess`] — unless an initial swap gives a
    /// spelling known exactly ("chiệu" is "triệu", not "chiều").
    Retoned(u32),
    /// Exactly one known spelling, but for the stroke of its first "đ", typed as a plain "d"
    /// ("dảng" for "đảng", not "đẳng"; "dất" for "đất"; VNI's 9 and Telex's dd are the keys
    /// most often skipped): that word, before any spelling that needs more marks left out.
    /// A word known with the plain "d" is [`Reading::Known`] first.
    Unstroked(u32),
    /// Marks no known spelling fits.
    Other,
}

impl Understander {
    /// How marks `marks` (letter by letter `detail`) typed on word `id` read (see [`Reading`]):
    /// a word typed with a known word's marks is that word ("trăm" is not "trạm", "dược" is
    /// not "được" when "dược liệu" is known).
    pub(super) fn reading(&self, id: u32, marks: u32, detail: fold::Detail) -> Reading {
        if marks == 0 {
            return Reading::Unmarked;
        }
        let Some(known) = self.spellings.get(&id) else {
            return Reading::Other;
        };
        if known.iter().any(|k| k.0 == marks) {
            return Reading::Known;
        }
        // Long words: the detail holds only their first letters, so no guess.
        if self.words[id as usize].len() > fold::DETAIL_LETTERS {
            return Reading::Other;
        }
        let dropped: Vec<u32> = known
            .iter()
            .filter(|k| k.0 != 0 && fold::marks_dropped_from(detail, k.1))
            .map(|k| k.0)
            .collect();
        let unstroked: Vec<u32> = known
            .iter()
            .filter(|k| fold::only_stroke_dropped(detail, k.1))
            .map(|k| k.0)
            .collect();
        if let [one] = unstroked[..] {
            return Reading::Unstroked(one);
        }
        if !dropped.is_empty() {
            return Reading::Guess(dropped);
        }
        let retoned: Vec<u32> = known
            .iter()
            .filter(|k| fold::only_tone_differs(detail, k.1))
            .map(|k| k.0)
            .collect();
        match retoned.as_slice() {
            [one] => Reading::Retoned(*one),
            _ => Reading::Other,
        }
    }

    /// The northern and mountain initial swaps of a typed word (l/n, tr/ch, d/gi/r, s/x) that
    /// give a known word: typed with marks, a known spelling of it ("nãi" → "lãi", "chiệu" →
    /// "triệu", "dếng" → "giếng"); typed without, a word of three letters or more that some
    /// phrase uses. Never a word of a hamlet's name.
    pub(super) fn initial_swaps(&self, original: &str, out: &mut Vec<(u32, u32)>) {
        let Some(first) = original.chars().next() else {
            return;
        };
        if !matches!(
            first.to_ascii_lowercase(),
            'l' | 'n' | 't' | 'c' | 'd' | 'g' | 'r' | 's' | 'x'
        ) {
            return;
        }
        let lower = original.to_lowercase();
        for variant in initial_variants(&lower) {
            let f = fold::fold_words(&variant);
            if f.len() != 1 {
                continue;
            }
            let Some(&id) = self.ids.get(f.word(0)) else {
                continue;
            };
            let w = &f.words[0];
            let fits = if w.marks == 0 {
                f.text.len() >= 3 && self.content[id as usize]
            } else {
                self.spellings
                    .get(&id)
                    .is_some_and(|k| k.iter().any(|k| k.0 == w.marks))
            };
            if fits && !self.name_word[id as usize] && !out.contains(&(id, w.marks)) {
                out.push((id, w.marks));
            }
        }
    }
}

/// The northern and mountain swaps of a word's initial consonant (lowercase text): l/n,
/// tr/ch, d/gi/r, s/x. "nh", "ng" and "đ" are other initials and are not swapped.
pub(super) fn initial_variants(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let swap = |out: &mut Vec<String>, from: &str, to: &[&str]| {
        if let Some(rest) = word.strip_prefix(from) {
            for t in to {
                out.push(format!("{t}{rest}"));
            }
        }
    };
    if word.starts_with("nh") || word.starts_with("ng") {
        return out;
    }
    swap(&mut out, "l", &["n"]);
    swap(&mut out, "n", &["l"]);
    swap(&mut out, "tr", &["ch"]);
    swap(&mut out, "ch", &["tr"]);
    if word.starts_with("gi") {
        swap(&mut out, "gi", &["d", "r"]);
    } else {
        swap(&mut out, "d", &["gi", "r"]);
    }
    swap(&mut out, "r", &["d", "gi"]);
    swap(&mut out, "s", &["x"]);
    swap(&mut out, "x", &["s"]);
    out
}

/// `word` with every run of three or more equal letters cut to one, if it has such a run.
pub(super) fn squeeze(word: &str) -> Option<String> {
    let b = word.as_bytes();
    if !word.is_ascii() || !b.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return None;
    }
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < b.len() {
        let mut j = i;
        while j < b.len() && b[j] == b[i] {
            j += 1;
        }
        let run = if j - i >= 3 { 1 } else { j - i };
        out.push_str(&word[i..i + run]);
        i = j;
    }
    Some(out)
}
