//! Counts and shares asked of a unit, read from the words themselves: "xã có bao nhiêu con
//! lợn", "trạm y tế có mấy bác sĩ", "how many near-poor households in Ban He" count a thing;
//! "hộ nghèo chiếm mấy phần trăm" asks a share. Only a figure of the unit answers either —
//! never a loan, a criterion or the list of figures. The words are `[counts]` of
//! `lexicon.toml`.

use serde::Deserialize;

use super::lexicon::{LexiconError, WordSet, same_word};
use super::tokens::Tok;
use crate::text::fold;

/// The words of counting (`[counts]` in `lexicon.toml`), folded and split into words once
/// when the lexicon is read, like the words of a question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Counts {
    /// Words that ask how many ("bao nhiêu", "mấy", "how many").
    pub words: Vec<String>,
    /// Things counted right after them ("hộ", "con", "bác sĩ", "doctors").
    pub counted: Vec<String>,
    /// Words right after a count word that ask a share ("phần trăm").
    pub share: Vec<String>,
    /// Words right after a count of households that count only a part of them ("bao nhiêu
    /// hộ có xe máy", "mấy hộ chưa có điện").
    pub qualifiers: Vec<String>,
    /// The things counted that a qualifier right after makes a part ("hộ", "người").
    pub parts_of: Vec<String>,
    /// Words right after which a count word typed without marks is another word ("xe may":
    /// xe máy, not "mấy").
    pub not_after: Vec<String>,
    /// Words of where the households counted are, before a qualifier ("bao nhiêu hộ trong
    /// bản He có xe máy").
    pub located: Vec<String>,
    /// Words of a change or a comparison ("tăng", "so với", "nhiều hơn"): a count or share
    /// compared is no figure the content has.
    pub change: Vec<String>,
    /// Words that, within two words after a change word, tell the figure of now ("đã giảm
    /// còn bao nhiêu hộ nghèo", "giảm xuống còn mấy %"): the count asked is today's, not
    /// the change.
    pub change_to: Vec<String>,
    /// Things counted that, last in the message and typed without marks, are a question's
    /// particle ("vay được bao nhiêu ha": "hả", not hectares).
    pub particles_last: Vec<String>,
    /// Units counted or asked which ("bao nhiêu bản", "bản nào", "which hamlets"): the content
    /// has no list of units by what they reached, criteria words or not.
    pub units: Vec<String>,
    /// Words right after a qualifier that end the question instead ("bao nhiêu hộ không ạ").
    pub qualifier_ends: Vec<String>,
    /// Organisations counted ("hợp tác xã"): with what they grow or raise right after them
    /// ("mấy hợp tác xã làm chè") they are a part, which no figure counts.
    #[serde(default)]
    pub organisations: Vec<String>,
    /// A qualifier that only names a standing ("bao nhiêu hộ thuộc diện nghèo"): the
    /// households of that standing, not a part of them.
    #[serde(default)]
    pub standing_qualified: Vec<String>,
}

/// One word of a [`CountWords`] entry: folded, with the marks it is written with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word {
    pub text: String,
    pub marks: u32,
}

/// [`Counts`] with every entry folded and split into words, each keeping its marks: a word
/// typed with other marks is another word ("hả" is not "ha", "máy" not "mấy"); typed
/// without marks, or rewritten from shorthand, it is lenient like the phrases of
/// `phrases.rs`.
#[derive(Debug, Default)]
pub(super) struct CountWords {
    pub words: Phrases,
    pub counted: Phrases,
    pub share: Phrases,
    pub qualifiers: Phrases,
    pub parts_of: Phrases,
    pub located: Phrases,
    pub not_after: Phrases,
    pub change: Phrases,
    pub change_to: WordSet,
    pub particles_last: Phrases,
    pub units: Phrases,
    pub qualifier_ends: WordSet,
    pub organisations: Phrases,
    pub standing_qualified: Phrases,
}

/// Phrases of a lexicon list, folded and split into words, kept in order of their first
/// letter with where each letter's phrases start: a lookup compares only the phrases that
/// start with the letter of the word looked at (lists of up to a hundred phrases are looked
/// up at every word of a message).
#[derive(Debug, Default)]
pub(super) struct Phrases {
    list: Vec<Vec<Word>>,
    /// `list[starts[b]..starts[b + 1]]` are the phrases whose first word starts with byte `b`.
    starts: Box<[u16]>,
}

impl Phrases {
    fn new(mut list: Vec<Vec<Word>>) -> Phrases {
        let first = |p: &Vec<Word>| p[0].text.as_bytes().first().copied().unwrap_or(0);
        list.sort_by_key(first);
        let mut starts = vec![0u16; 257];
        for p in &list {
            starts[usize::from(first(p)) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        Phrases {
            list,
            starts: starts.into(),
        }
    }

    /// The phrases that may start at a word whose folded text is `text`.
    fn starting_like(&self, text: &str) -> &[Vec<Word>] {
        if self.list.is_empty() {
            return &[];
        }
        let b = usize::from(text.as_bytes().first().copied().unwrap_or(0));
        &self.list[usize::from(self.starts[b])..usize::from(self.starts[b + 1])]
    }
}

impl std::ops::Deref for Phrases {
    type Target = [Vec<Word>];
    fn deref(&self) -> &[Vec<Word>] {
        &self.list
    }
}

/// Folds every entry of a word list and splits it into words, each keeping its marks.
pub(super) fn split(v: Vec<String>) -> Phrases {
    Phrases::new(
        v.iter()
            .map(|w| {
                let f = fold::fold_words(w);
                (0..f.len())
                    .map(|i| Word {
                        text: f.word(i).to_string(),
                        marks: f.words[i].marks,
                    })
                    .collect()
            })
            .filter(|w: &Vec<Word>| !w.is_empty())
            .collect(),
    )
}

impl Counts {
    pub(super) fn folded(self) -> Result<CountWords, LexiconError> {
        Ok(CountWords {
            qualifier_ends: WordSet::read("qualifier_ends", &self.qualifier_ends, false)?,
            words: split(self.words),
            counted: split(self.counted),
            share: split(self.share),
            qualifiers: split(self.qualifiers),
            parts_of: split(self.parts_of),
            located: split(self.located),
            not_after: split(self.not_after),
            change: split(self.change),
            change_to: WordSet::read("counts.change_to", &self.change_to, false)?,
            particles_last: split(self.particles_last),
            units: split(self.units),
            organisations: split(self.organisations),
            standing_qualified: split(self.standing_qualified),
        })
    }
}

/// What the count words of a question ask.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct CountRead {
    /// The first count word followed by a thing counted, as a word index.
    pub counted_at: Option<usize>,
    /// A count word followed by a share word ("mấy phần trăm").
    pub share: bool,
    /// A count word followed by neither ("vay được bao nhiêu", "lãi bao nhiêu"): an amount,
    /// a rate or a term asked, not a count.
    pub bare: bool,
    /// Households or people counted with a qualifier right after ("mấy hộ chưa có điện"):
    /// a part of them, which no figure counts.
    pub part: bool,
    /// What is counted first is households or people (`parts_of`): the standings said are
    /// whose households are counted; counting anything else, they only tell who asks.
    pub households: bool,
    /// The word right after the first thing counted.
    pub after: usize,
    /// Units counted or asked which ("xã có bao nhiêu bản đạt nông thôn mới", "bản nào").
    pub units: bool,
    /// A word of a change or a comparison in the count's clause ("bản He tăng bao nhiêu
    /// hộ"; set by `meanings.rs`, which knows the clauses, from `changes`).
    pub change: bool,
    /// Where the first count word of any kind stands.
    pub asked_at: Option<usize>,
    /// Where words of a change or a comparison start (at most the first four).
    pub changes: [Option<usize>; 4],
    /// A share of households with a qualifier ("tỷ lệ hộ dùng nước sạch", "bao nhiêu phần
    /// trăm hộ trong xã có điện"): a part's share, which no figure is.
    pub share_part: bool,
}

/// Whether a word of the message is a list's word: the same folded text, and the same marks
/// when it was typed with marks and not rewritten from shorthand ("đang" is not "đảng").
fn is(t: &Tok<'_>, w: &Word) -> bool {
    same_word(t.text, &w.text) && (t.marks == 0 || t.typed.is_some() || t.marks == w.marks)
}

/// The length of `phrase` when the words from `at` are it.
fn starts(toks: &[Tok<'_>], at: usize, phrase: &[Word]) -> Option<usize> {
    let n = phrase.len();
    (at + n <= toks.len() && toks[at..at + n].iter().zip(phrase).all(|(t, w)| is(t, w)))
        .then_some(n)
}

/// The length of the longest of `phrases` that the words from `at` are.
pub(super) fn longest(toks: &[Tok<'_>], at: usize, phrases: &Phrases) -> Option<usize> {
    let t = toks.get(at)?;
    phrases
        .starting_like(t.text)
        .iter()
        .filter_map(|p| starts(toks, at, p))
        .max()
}

/// Reads the count words of `toks`. A thing counted may follow a count word directly or
/// after one classifier word that is itself counted ("mấy cái trạm", "bao nhiêu con lợn").
pub(super) fn read(text: &str, toks: &[Tok<'_>], words: &CountWords) -> CountRead {
    let mut out = CountRead {
        units: (0..toks.len()).any(|i| longest(toks, i, &words.units).is_some()),
        ..CountRead::default()
    };
    let changes = (0..toks.len()).filter(|&i| {
        longest(toks, i, &words.change).is_some_and(|n| {
            !toks[i + n..]
                .iter()
                .take(2)
                .any(|t| words.change_to.has(t.text))
        })
    });
    for (slot, at) in out.changes.iter_mut().zip(changes) {
        *slot = Some(at);
    }
    out.share_part = (0..toks.len())
        .any(|j| longest(toks, j, &words.share).is_some_and(|n| part_after(toks, j + n, words)));
    let mut i = 0;
    while i < toks.len() {
        let other_word = toks[i].marks == 0
            && i > 0
            && longest(toks, i - 1, &words.not_after).is_some_and(|n| n == 1);
        let Some(n) = longest(toks, i, &words.words).filter(|_| !other_word) else {
            i += 1;
            continue;
        };
        let next = i + n;
        out.asked_at.get_or_insert(i);
        let particle = next + 1 == toks.len()
            && toks[next].marks == 0
            && longest(toks, next, &words.particles_last).is_some();
        if longest(toks, next, &words.units).is_some() {
            out.units = true;
        }
        if let Some(k) = longest(toks, next, &words.counted).filter(|_| !particle) {
            let people = longest(toks, next, &words.parts_of) == Some(k);
            if out.counted_at.is_none() {
                out.counted_at = Some(i);
                out.households = people;
                out.after = next + k;
            }
            let at = next + k;
            // "… hộ trong bản He có xe máy": where they are, then the qualifier.
            let located = longest(toks, at, &words.located).is_some_and(|n| {
                (at + n + 1..=at + n + 3).any(|j| {
                    j + 1 < toks.len()
                        && longest(toks, j, &words.qualifiers).is_some()
                        && longest(toks, j, &words.counted).is_none_or(|k| k < 2)
                })
            });
            if people && (qualifies(toks, at, words) || located) {
                out.part = true;
            }
        } else if longest(toks, next, &words.share).is_some()
            // "hộ nghèo chiếm tỷ lệ là mấy": a share word just before a bare count word.
            || (i.saturating_sub(3)..i).any(|j| longest(toks, j, &words.share).is_some())
            || text
                .get(toks[next - 1].original.end..)
                .is_some_and(|rest| rest.trim_start().starts_with('%'))
        {
            out.share = true;
        } else {
            out.bare = true;
        }
        i = next;
    }
    out
}

/// Households or people at `at`, qualified right after them or after where they are ("hộ
/// dùng điện", "hộ trong xã có điện").
fn part_after(toks: &[Tok<'_>], at: usize, words: &CountWords) -> bool {
    let Some(k) = longest(toks, at, &words.parts_of) else {
        return false;
    };
    let next = at + k;
    qualifies(toks, next, words)
        || longest(toks, next, &words.located)
            .is_some_and(|n| (next + n + 1..=next + n + 3).any(|j| qualifies(toks, j, words)))
}

/// Whether the word at `at` is a qualifier of a count of households said right before it,
/// followed by what it qualifies ("… hộ có xe máy"; not "… hộ không ạ").
pub(super) fn qualifies(toks: &[Tok<'_>], at: usize, words: &CountWords) -> bool {
    // A word that starts a thing counted is that thing ("đảng viên", folded like "đang").
    longest(toks, at, &words.qualifiers).is_some()
        && longest(toks, at, &words.counted).is_none_or(|n| n < 2)
        && longest(toks, at, &words.standing_qualified).is_none()
        && toks
            .get(at + 1)
            .is_some_and(|t| !words.qualifier_ends.has(t.text))
}

use super::Understander;
use super::decide::Asker;
use super::signals::Signals;
use crate::core::request::LoanAspect;
use crate::core::request::Request;

impl Understander {
    /// A count or a share asked of a unit named, answered by that unit's figure or by no
    /// answer: `None` when the question asks something else.
    ///
    /// A count ("xã có bao nhiêu con lợn", "trạm y tế xã có mấy bác sĩ", "bao nhiêu hộ vay
    /// hộ cận nghèo") is answered only by a figure that is no rate, of the standings every
    /// figure read from its words speaks of ("bao nhiêu hộ nghèo và cận nghèo" is not the
    /// poor households); a share ("hộ nghèo chiếm mấy phần trăm", no loan word) only by a
    /// rate. Not when another question comes first or alongside: a loan word in an earlier
    /// clause, a wish not denied, a criteria word, a count word that asks an amount ("vay được bao
    /// nhiêu"), or an aspect of a loan besides the count's own "bao nhiêu".
    pub(super) fn count_or_share(&self, s: &Signals, asker: Asker) -> Option<Request> {
        let c = s.counted;
        // "xã có bao nhiêu bản đạt nông thôn mới", "bản nào đạt rồi": which units reached
        // something is no figure of one unit — not the commune's criteria.
        // Not "bản nào cũng được vay hộ nghèo à": a loan asked of any hamlet.
        if c.units
            && s.subscribe + s.unsubscribe + s.loan + s.process == 0
            && s.programmes.is_empty()
            && s.purposes.is_empty()
            && s.hamlets.is_empty()
        {
            return Some(Request::NoAnswer { unit: None });
        }
        // "tỷ lệ hộ dùng nước sạch của xã": a part's share, not the clean-water loan.
        if c.share_part && s.loan_explicit == 0 && s.criteria_kw == 0 {
            return Some(Request::NoAnswer { unit: None });
        }
        let count = c.counted_at.is_some() && !c.bare && !c.share;
        let share = c.counted_at.is_none()
            && !c.bare
            && (c.share || s.share_only)
            && s.loan_explicit == 0
            && !(s.standings.is_empty() && s.facts.is_empty() && s.weak_facts.is_empty());
        let unit_named = s.has_unit() || s.home > 0;
        // "bao nhiêu hộ nghèo đã vay vốn hộ nghèo": households counted as borrowers, of the
        // commune when no unit is named — not the programme named after the loan word.
        let borrowers = count && c.households && s.loan_in_count_clause;
        if !(count || share)
            || !(unit_named || borrowers)
            || s.criteria_kw > 0
            || wish_for_loan(s)
            || s.loan_before_count
            || s.subscribe + s.unsubscribe + s.process > 0
        {
            return None;
        }
        let aspects_fit = s.aspects.iter().all(|a| match a {
            LoanAspect::Amount => !s.strong_amount,
            LoanAspect::Rate => s.share_only,
            // "…, làm ăn có được không": "được không" with no loan word and no programme
            // asks nothing of a loan.
            LoanAspect::Eligibility => s.loan == 0 && s.programmes.is_empty(),
            _ => false,
        });
        if !aspects_fit {
            return None;
        }
        // "nhà em đang vay cận nghèo, … xã có bao nhiêu hợp tác xã": the standing tells who
        // asks, not what is counted.
        let standings = if share || c.households {
            s.standings.clone()
        } else {
            vec![]
        };
        let mut asked = standings.clone();
        for st in &s.overlap_standings {
            if !asked.contains(st) {
                asked.push(*st);
            }
        }
        let fits = |f: u16| {
            let covers = &self.fact_traits[usize::from(f)].0;
            self.fact_rates[usize::from(f)] == share && asked.iter().all(|st| covers.contains(st))
        };
        // Figures named by words of their own first; those named by words a programme or a
        // need shares ("hộ nghèo", "chè") only when there are none.
        let read: Vec<u16> = if s.facts.is_empty() {
            s.weak_facts.clone()
        } else {
            s.facts.clone()
        };
        let mut facts = read.clone();
        facts.retain(|&f| fits(f));
        if share && facts.is_empty() && !asked.is_empty() {
            // "xã mình hộ nghèo còn mấy phần trăm": the rate of those standings.
            facts = (0..self.facts.len())
                .map(super::index::index16)
                .filter(|&f| fits(f))
                .collect();
        }
        let first_unit = || self.units(s, asker).into_iter().next();
        if s.figure_part > 0 || (count && c.part) || c.change {
            return Some(Request::NoAnswer { unit: first_unit() });
        }
        if facts.is_empty() && read.is_empty() && count && s.count_households > 0 {
            // "bản He bây giờ có mấy nóc nhà", "bao nhiêu nhà thuộc diện hộ nghèo": the figure
            // counting the households of exactly the standings named.
            facts = (0..self.facts.len())
                .filter(|&f| {
                    let (covers, _, households) = &self.fact_traits[f];
                    *households
                        && covers.len() == asked.len()
                        && asked.iter().all(|st| covers.contains(st))
                })
                .map(super::index::index16)
                .collect();
        }
        if facts.is_empty() && !read.is_empty() && count {
            // "how many households are still classed as poor": the figure counting the
            // households of those standings, if the unit has one.
            let counted = Signals {
                facts: read
                    .into_iter()
                    .filter(|&f| !self.fact_rates[usize::from(f)])
                    .collect(),
                weak_facts: vec![],
                fuzzy_facts: vec![],
                ..s.clone()
            };
            return Some(match self.fact_request(&counted, asker) {
                Request::Fact { unit, fact }
                    if self
                        .facts
                        .iter()
                        .position(|k| *k == fact)
                        .is_some_and(|f| fits(super::index::index16(f))) =>
                {
                    Request::Fact { unit, fact }
                }
                // Two figures asked apart ("bản He có bao nhiêu hộ, còn mấy hộ nghèo"): each
                // is a count of its own, both offered.
                Request::NotUnderstood { suggestions }
                    if s.facts_apart
                        && suggestions.iter().all(|r| {
                            matches!(r, Request::Fact { fact, .. }
                                if self.facts.iter().position(|k| k == fact)
                                    .is_some_and(|f| !self.fact_rates[f]))
                        }) =>
                {
                    Request::NotUnderstood { suggestions }
                }
                _ => Request::NoAnswer { unit: first_unit() },
            });
        }
        if facts.is_empty() {
            // A figure read only through a typo is offered by the rules after this one.
            if read.is_empty() && !s.fuzzy_facts.is_empty() {
                return None;
            }
            return Some(Request::NoAnswer { unit: first_unit() });
        }
        // Loan words of a loan held or of the story do not make the count one of borrowers.
        let only = Signals {
            facts,
            weak_facts: vec![],
            fuzzy_facts: vec![],
            standings,
            // Borrowers counted: the figure is asked about loans, whatever came first.
            first_facts: if s.loan_in_count_clause {
                vec![]
            } else {
                s.first_facts.clone()
            },
            loan_explicit: if s.loan_in_count_clause {
                s.loan_explicit
            } else {
                0
            },
            ..s.clone()
        };
        // A count the unit has no figure for is no answer, never the list of its figures.
        Some(match self.fact_request(&only, asker) {
            Request::UnitFacts { unit } => Request::NoAnswer { unit: Some(unit) },
            other => other,
        })
    }
}

/// A wish that makes a count a loan question: with a loan word, a need or a programme
/// ("muốn nuôi 5 con bò, vay được bao nhiêu"). A wish with none of them is the story
/// ("em muốn vào làm hợp tác xã, mà trong xã có mấy hợp tác xã": the count is asked;
/// facts17 helper).
fn wish_for_loan(s: &Signals) -> bool {
    s.wish && (s.loan > 0 || !s.purposes.is_empty() || !s.programmes.is_empty())
}
