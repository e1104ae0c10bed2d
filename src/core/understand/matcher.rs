//! The matcher: a folded question becomes word tokens (repaired, split where glued), every
//! phrase of the index found in them (tolerating typos), the longest kept, and what they say
//! added up into [`Signals`].

use std::ops::Range;

use super::Understander;
use super::index::Meaning;
use super::index::push_unique;
use super::lexicon::*;
use crate::core::request::LoanAspect;
use crate::core::request::LoanAspect::{Amount, Apply, Eligibility, Rate, Term};
use crate::i18n::Locale;
use crate::text::fold::{self, Folded};

/// Words of a message that are read: a question fits many times over, and matching grows with
/// the square of the words kept, so a pasted essay must not cost milliseconds.
pub(super) const MAX_WORDS: usize = 200;

/// Marks no typed word can have, given to a word read as a particle (see [`PARTICLE_AFTER`]).
pub(super) const PARTICLE_MARKS: u32 = 0xFFFF_FFFE;

/// Typos tolerated in a phrase of this many letters.
pub(super) fn phrase_allowance(letters: usize) -> u8 {
    match letters {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// A typed word, after repair.
#[derive(Debug, Clone)]
pub(super) struct Tok<'a> {
    pub(super) text: &'a str,
    /// `None`: a word no keyword, name or common word uses.
    pub(super) id: Option<u32>,
    pub(super) marks: u32,
    pub(super) original: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Match {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) phrase: u32,
    pub(super) cost: u8,
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
}

/// What the phrases of one question add up to.
#[derive(Debug, Default)]
pub(super) struct Signals {
    /// Hamlet indexes in order of appearance, with strength.
    pub(super) hamlets: Vec<(u16, bool)>,
    pub(super) commune: bool,
    pub(super) commune_weak: bool,
    /// Programme indexes named in full, with whether the name is also a statistic.
    pub(super) programmes: Vec<(u16, bool)>,
    pub(super) parts: Vec<u16>,
    pub(super) criteria: Vec<u16>,
    /// Programmes hinted at by the same phrase as a criterion.
    pub(super) criteria_parts: Vec<u16>,
    pub(super) greeting: u32,
    pub(super) help: u32,
    pub(super) criteria_kw: u32,
    pub(super) remaining: u32,
    pub(super) list: u32,
    pub(super) overview: u32,
    pub(super) facts: u32,
    pub(super) info: u32,
    pub(super) loan: u32,
    pub(super) aspects: Vec<LoanAspect>,
    pub(super) subscribe: u32,
    pub(super) unsubscribe: u32,
    pub(super) mine: u32,
    pub(super) news: u32,
    pub(super) news_hint: u32,
    pub(super) languages: Vec<Option<Locale>>,
    pub(super) forget: u32,
    pub(super) cancel: u32,
    pub(super) yes: u32,
    /// Words of the question inside no phrase that are not mere particles.
    pub(super) loose_words: usize,
}

impl Signals {
    pub(super) fn aspect(&self) -> Option<LoanAspect> {
        // A rate question often says "bao nhiêu" too; the rarer, more specific word wins.
        [Rate, Term, Eligibility, Apply, Amount]
            .into_iter()
            .find(|a| self.aspects.contains(a))
    }

    pub(super) fn has_unit(&self) -> bool {
        !self.hamlets.is_empty() || self.commune || self.commune_weak
    }

    pub(super) fn strong_hamlets(&self) -> impl Iterator<Item = u16> + '_ {
        self.hamlets.iter().filter(|h| h.1).map(|h| h.0)
    }
}

impl Understander {
    pub(super) fn tokens<'a>(&'a self, folded: &'a Folded) -> Vec<Tok<'a>> {
        let mut toks = Vec::with_capacity(folded.len().min(MAX_WORDS) + 2);
        for (i, w) in folded.words.iter().enumerate().take(MAX_WORDS) {
            let text = folded.word(i);
            let original = w.original.clone();
            if let Some(&id) = self.ids.get(text) {
                toks.push(Tok {
                    text,
                    id: Some(id),
                    marks: w.marks,
                    original,
                });
                continue;
            }
            let repaired = fold::repairs(text)
                .iter()
                .find_map(|c| self.ids.get(c.as_str()).copied());
            if let Some(id) = repaired {
                let text = &*self.words[id as usize];
                toks.push(Tok {
                    text,
                    id: Some(id),
                    marks: 0,
                    original,
                });
                continue;
            }
            if let Some((a, b)) = self.split(text) {
                for id in [a, b] {
                    let text = &*self.words[id as usize];
                    let original = original.clone();
                    toks.push(Tok {
                        text,
                        id: Some(id),
                        marks: 0,
                        original,
                    });
                }
                continue;
            }
            toks.push(Tok {
                text,
                id: None,
                marks: w.marks,
                original,
            });
        }
        for i in 1..toks.len() {
            let (Some(id), Some(before)) = (toks[i].id, toks[i - 1].id) else {
                continue;
            };
            let particle = self.particle_after.iter().any(|(word, last_only, after)| {
                *word == id && (!last_only || i + 1 == toks.len()) && after.contains(&before)
            });
            if particle && toks[i].marks == 0 {
                toks[i].marks = PARTICLE_MARKS;
            }
        }
        toks
    }

    /// Two known words typed without the space between them ("tieuchi", "vayvon").
    pub(super) fn split(&self, word: &str) -> Option<(u32, u32)> {
        if word.len() < 5 || !word.is_ascii() {
            return None;
        }
        (2..=word.len() - 2).rev().find_map(|k| {
            let a = *self.ids.get(&word[..k])?;
            let b = *self.ids.get(&word[k..])?;
            (self.content[a as usize] && self.content[b as usize]).then_some((a, b))
        })
    }

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
            {
                out.push(Match {
                    start,
                    end: pos,
                    phrase: p,
                    cost: walk.cost,
                });
            }
        }
        let Some(tok) = toks.get(pos) else { return };
        if let Some(id) = tok.id {
            let from = here.edges.partition_point(|e| e.word < id);
            for edge in here.edges[from..].iter().take_while(|e| e.word == id) {
                let mut next = walk;
                let same = match edge.marks {
                    None => true,
                    Some(m) => tok.marks == 0 || tok.marks == m,
                };
                if !same {
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

    pub(super) fn signals(&self, toks: &[Tok<'_>], kept: &[Match]) -> Signals {
        let mut s = Signals::default();
        let mut covered = vec![false; toks.len()];
        for m in kept {
            covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
            let meanings = &self.phrases[m.phrase as usize].meanings;
            let topic = meanings.contains(&Meaning::Kw(FactsTopic));
            let has_criterion = meanings.iter().any(|x| matches!(x, Meaning::Criterion(_)));
            for &meaning in meanings {
                match meaning {
                    Meaning::Hamlet { index, strong } => {
                        if let Some(h) = s.hamlets.iter_mut().find(|h| h.0 == index) {
                            h.1 |= strong;
                        } else {
                            s.hamlets.push((index, strong));
                        }
                    }
                    Meaning::Commune { strong: true } => s.commune = true,
                    Meaning::Commune { strong: false } => s.commune_weak = true,
                    Meaning::Programme(p) => {
                        if let Some(x) = s.programmes.iter_mut().find(|x| x.0 == p) {
                            x.1 &= topic;
                        } else {
                            s.programmes.push((p, topic));
                        }
                    }
                    Meaning::ProgrammePart(p) => {
                        push_unique(&mut s.parts, p);
                        if has_criterion {
                            push_unique(&mut s.criteria_parts, p);
                        }
                    }
                    Meaning::Criterion(c) => push_unique(&mut s.criteria, c),
                    Meaning::Kw(kw) => count(&mut s, kw),
                }
            }
        }
        s.loose_words = toks
            .iter()
            .zip(&covered)
            .filter(|(t, c)| !**c && !t.id.is_some_and(|id| self.particle[id as usize]))
            .count();
        s
    }
}

pub(super) fn count(s: &mut Signals, kw: Kw) {
    let field = match kw {
        Greeting => &mut s.greeting,
        Help => &mut s.help,
        Criteria => &mut s.criteria_kw,
        Remaining => &mut s.remaining,
        List => &mut s.list,
        Overview => &mut s.overview,
        Facts => &mut s.facts,
        // Read from the phrase itself: it qualifies the programme named with it.
        FactsTopic => return,
        Info => &mut s.info,
        Loan => &mut s.loan,
        Subscribe => &mut s.subscribe,
        Unsubscribe => &mut s.unsubscribe,
        Mine => &mut s.mine,
        News => &mut s.news,
        NewsHint => &mut s.news_hint,
        Forget => &mut s.forget,
        Cancel => &mut s.cancel,
        Yes => &mut s.yes,
        Aspect(a) => {
            push_unique(&mut s.aspects, a);
            return;
        }
        Lang(l) => {
            s.languages.push(l);
            return;
        }
    };
    *field = field.saturating_add(1);
}

/// Keeps the matches no longer match contains, and the cheapest of those covering the same
/// words: "còn lại" hides "lại", "hộ cận nghèo" hides "cận nghèo", "Bản Đông" hides "Đông".
pub(super) fn select(matches: &[Match]) -> Vec<Match> {
    let beaten = |m: &Match| {
        matches.iter().any(|o| {
            let contains = o.start <= m.start && o.end >= m.end;
            let longer = o.end - o.start > m.end - m.start;
            contains && (longer || (o.start == m.start && o.end == m.end && o.cost < m.cost))
        })
    };
    let mut kept: Vec<Match> = matches.iter().filter(|m| !beaten(m)).copied().collect();
    kept.sort_by_key(|m| (m.start, m.end, m.phrase));
    kept.dedup();
    kept
}
