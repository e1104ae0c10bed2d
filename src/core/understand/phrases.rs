//! Phrases: every phrase of the index found in a question's words by a walk down the trie
//! (tolerating typos, other marks, guessed words), those running across a break dropped, and
//! the longest kept where they nest.

use super::Understander;
use super::tokens::{REPAIRED_MARKS, Tok};
use crate::text::fold;

/// Typos tolerated in a phrase of this many letters.
pub(super) fn phrase_allowance(letters: usize) -> u8 {
    match letters {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Match {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) phrase: u32,
    pub(super) cost: u8,
    /// Read through another word a typed one may be (an initial swap, guessed marks).
    pub(super) guessed: bool,
    /// Read through unsure shorthand (see [`Tok::unsure`]).
    pub(super) unsure: bool,
}

/// The state of one walk down the trie.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Walk {
    pub(super) cost: u8,
    /// A word of three letters was changed: only fair inside a long phrase ("tieu chj").
    pub(super) short_typo: bool,
    /// A word matched with different diacritics, or a word typed with diacritics was treated as
    /// a typo: only fair inside a phrase of several words.
    pub(super) marks_off: bool,
    /// A word typed without marks was taken for one spelt with them.
    pub(super) unmarked: bool,
    /// A word was read as another it may be (see [`Tok::alts`]).
    pub(super) guessed: bool,
    /// A word was read from unsure shorthand (see [`Tok::unsure`]).
    pub(super) unsure: bool,
}

impl Understander {
    /// Every phrase that starts at `start`, following the trie from `node` at word `pos`.
    pub(super) fn walk(
        &self,
        toks: &[Tok<'_>],
        start: usize,
        pos: usize,
        node: usize,
        walk: Walk,
        out: &mut Vec<Match>,
    ) {
        // No phrase tolerates more than two typos.
        if walk.cost > 2 {
            return;
        }
        let here = &self.nodes[node];
        if pos > start
            && let Some(p) = here.phrase
        {
            let phrase = &self.phrases[p as usize];
            let several = phrase.words >= 2;
            if walk.cost <= phrase_allowance(phrase.letters)
                && (!walk.short_typo || (several && phrase.letters >= 7))
                && (!walk.marks_off || several)
                && (walk.cost == 0 || !phrase.exact)
                && !(phrase.strict && walk.unmarked)
            {
                out.push(Match {
                    start,
                    end: pos,
                    phrase: p,
                    cost: walk.cost,
                    guessed: walk.guessed,
                    unsure: walk.unsure,
                });
            }
        }
        let Some(tok) = toks.get(pos) else { return };
        // Another word it may be (an initial swap, a guessed mark): only inside a phrase of
        // several words.
        for &(alt, marks) in &tok.alts {
            let from = here.edges.partition_point(|e| e.word < alt);
            for edge in here.edges[from..].iter().take_while(|e| e.word == alt) {
                if marks != 0 && edge.marks.is_some_and(|m| m != marks) {
                    continue;
                }
                let mut next = walk;
                next.marks_off = true;
                next.guessed = true;
                if marks == 0 && edge.marks.is_some_and(|m| m != 0) {
                    next.unmarked = true;
                }
                self.walk(toks, start, pos + 1, edge.to as usize, next, out);
            }
        }
        if let Some(id) = tok.id {
            let from = here.edges.partition_point(|e| e.word < id);
            for edge in here.edges[from..].iter().take_while(|e| e.word == id) {
                let mut next = walk;
                next.unsure |= tok.unsure;
                let same = match edge.marks {
                    None => true,
                    Some(m) => tok.marks == 0 || tok.marks == m || tok.marks == REPAIRED_MARKS,
                };
                // A word repaired with any marks is as good as typed without: not a one-word
                // name spelt like a common word, a short need or a no-answer topic ("naang",
                // decoded "nâng", no known spelling, is not "nắng").
                if (tok.marks == 0 || tok.marks == REPAIRED_MARKS)
                    && edge.marks.is_some_and(|m| m != 0)
                {
                    next.unmarked = true;
                }
                if !same {
                    // "lại" is not "lãi", "vậy" not "vay": a short word typed with other
                    // marks is another word; so is one typed with a known word's marks
                    // ("trăm" is not "trạm").
                    if tok.text.len() <= 3 || tok.known {
                        continue;
                    }
                    next.cost += 1;
                    next.marks_off = true;
                }
                self.walk(toks, start, pos + 1, edge.to as usize, next, out);
            }
            return;
        }
        // An unknown word: perhaps a typo of a word this phrase continues with.
        for edge in &here.edges {
            let word = &*self.words[edge.word as usize];
            let (allowed, short) = match word.len() {
                0..=2 => continue,
                3 if tok.text.len() == 3 => (1, true),
                3 => continue,
                4..=6 => (1, false),
                _ => (2, false),
            };
            let budget = allowed.min(2u8.saturating_sub(walk.cost));
            if budget == 0 {
                continue;
            }
            if let Some(d) = fold::edit_distance_within(tok.text, word, usize::from(budget)) {
                let mut next = walk;
                next.cost += u8::try_from(d).unwrap_or(u8::MAX);
                next.short_typo |= short;
                next.marks_off |= tok.marks != 0;
                self.walk(toks, start, pos + 1, edge.to as usize, next, out);
            }
        }
    }
}

/// Keeps the phrases that do not run across a break in the typing: a comma, a semicolon, a
/// question or exclamation mark, or a full stop or colon followed by a space ("thu nhập bao
/// nhiêu, tỷ lệ hộ nghèo" has no "bao nhiêu tỷ"; "c.ơn" is still "cảm ơn").
pub(super) fn unbroken(text: &str, toks: &[Tok<'_>], matches: &mut Vec<Match>) {
    let broken: Vec<bool> = (0..toks.len())
        .map(|i| {
            i > 0
                && text
                    .get(toks[i - 1].original.end..toks[i].original.start)
                    .is_some_and(|g| {
                        g.contains([',', ';', '?', '!'])
                            || (g.contains(['.', ':']) && g.contains(char::is_whitespace))
                    })
        })
        .collect();
    matches.retain(|m| !(m.start + 1..m.end).any(|i| broken.get(i) == Some(&true)));
}

/// Keeps the matches no longer match contains, and the cheapest of those covering the same
/// words (and, at the same cost, the one read without guessing other words): "còn lại" hides
/// "lại", "hộ cận nghèo" hides "cận nghèo", "Bản Đông" hides "Đông".
pub(super) fn select(matches: &[Match]) -> Vec<Match> {
    let beaten = |m: &Match| {
        matches.iter().any(|o| {
            let contains = o.start <= m.start && o.end >= m.end;
            let longer = o.end - o.start > m.end - m.start;
            let same = o.start == m.start && o.end == m.end;
            // At the same cost, the words as typed beat a reading of them as other words
            // ("da vang" is "dạ vâng", not "giá vàng" through the d/gi swap).
            let truer = o.cost < m.cost || (o.cost == m.cost && !o.guessed && m.guessed);
            contains && (longer || (same && truer))
        })
    };
    let mut kept: Vec<Match> = matches.iter().filter(|m| !beaten(m)).copied().collect();
    kept.sort_by_key(|m| (m.start, m.end, m.phrase));
    kept.dedup();
    kept
}
