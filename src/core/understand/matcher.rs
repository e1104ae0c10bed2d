//! The matcher: a folded question becomes word tokens (repaired, split where glued), every
//! phrase of the index found in them (tolerating typos), the longest kept, and what they say
//! added up into [`Signals`].

use std::ops::Range;

use super::Understander;
use super::index::Meaning;
use super::index::{index16, push_unique};
use super::lexicon::*;
use crate::content::model::Standing;
use crate::core::request::LoanAspect;
use crate::core::request::LoanAspect::Amount;
use crate::i18n::Locale;
use crate::text::fold::{self, Folded};

/// Words of a message that are read: a question fits many times over, and matching grows with
/// the square of the words kept, so a pasted essay must not cost milliseconds.
pub(super) const MAX_WORDS: usize = 200;

/// Marks no typed word can have, given to a word read as a particle (see [`PARTICLE_AFTER`]).
pub(super) const PARTICLE_MARKS: u32 = 0xFFFF_FFFE;

/// Marks of a word repaired from Telex/VNI ("giaS" → "giá"): whatever they were, they were
/// typed, so the word is taken with any.
pub(super) const REPAIRED_MARKS: u32 = 0xFFFF_FFFD;

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
    /// The word as typed, when shorthand rewrote it ("vs" in "nhà vs", rewritten "với"):
    /// a two-word rewrite may start from what was typed ("nhà vs" → "nhà vệ sinh").
    pub(super) typed: Option<u32>,
    /// `marks` are a spelling the word is known with: it is that word, never a typo of the
    /// same letters with other marks ("trăm" is not "trạm").
    pub(super) known: bool,
    /// Other known words it may be, read only inside a phrase of several words: the
    /// spellings its marks fit with some left out, and its northern initial swaps
    /// ("chồng" in "chồng chè": "trồng").
    pub(super) alts: Vec<(u32, u32)>,
    /// Read from shorthand whose context did not say what it means ("hs" with no word of
    /// paperwork or school around it): what it names is offered, never stated.
    pub(super) unsure: bool,
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

/// How good a way to cut a glued word is (see [`Understander::split`]): joins of pieces of
/// two letters or more, whether every piece is a word phrases use, all joins.
type CutRank = (usize, bool, usize);

/// What the phrases of one question add up to.
#[derive(Debug, Default, Clone)]
pub(super) struct Signals {
    /// Hamlet indexes in order of appearance, with strength.
    pub(super) hamlets: Vec<(u16, bool)>,
    pub(super) commune: bool,
    pub(super) commune_weak: bool,
    /// Programmes named, with whether every mention was only a household standing ("hộ
    /// nghèo" in "hộ nghèo muốn vay nuôi bò" says who asks, not which programme).
    pub(super) programmes: Vec<(u16, bool)>,
    pub(super) parts: Vec<u16>,
    pub(super) criteria: Vec<u16>,
    /// Programmes hinted at by the same phrase as a criterion.
    pub(super) criteria_parts: Vec<u16>,
    /// Programmes denied or left out ("không phải hộ nghèo", "trừ cận nghèo ra").
    pub(super) excluded: Vec<u16>,
    pub(super) standings: Vec<Standing>,
    pub(super) not_standings: Vec<Standing>,
    pub(super) purposes: Vec<u16>,
    pub(super) facts: Vec<u16>,
    /// Facts named by a programme's name too ("hộ nghèo").
    pub(super) weak_facts: Vec<u16>,
    /// Facts read only through a typo or other marks ("tiết kiệm được bao nhiêu" is near
    /// "kiếm được bao nhiêu"): never stated, only offered.
    pub(super) fuzzy_facts: Vec<u16>,
    pub(super) greeting: u32,
    pub(super) help: u32,
    pub(super) criteria_kw: u32,
    pub(super) remaining: u32,
    pub(super) list: u32,
    pub(super) overview: u32,
    pub(super) facts_kw: u32,
    pub(super) info: u32,
    pub(super) loan: u32,
    pub(super) process: u32,
    pub(super) programme_word: u32,
    pub(super) aspects: Vec<LoanAspect>,
    /// Aspects asked only if no other is ("được không": who may borrow).
    pub(super) hints: Vec<LoanAspect>,
    pub(super) subscribe: u32,
    pub(super) unsubscribe: u32,
    pub(super) mine: u32,
    pub(super) news: u32,
    pub(super) news_hint: u32,
    pub(super) languages: Vec<Option<Locale>>,
    pub(super) forget: u32,
    pub(super) cancel: u32,
    pub(super) yes: u32,
    pub(super) thanks: u32,
    pub(super) ack: u32,
    pub(super) need: u32,
    pub(super) no_answer: u32,
    pub(super) no_answer_hint: u32,
    /// The asker's own file (lexicon `own_case`).
    pub(super) own_case: u32,
    /// Loan words not denied ("không phải hỏi vay") and not only a rate ("phần trăm").
    pub(super) loan_explicit: u32,
    pub(super) figure_part: u32,
    pub(super) home: u32,
    /// "còn bản He thì sao": a follow-up.
    pub(super) follow_up: u32,
    /// "bao nhiêu hộ", "mấy gia đình": a count of households is asked.
    pub(super) count_households: u32,
    /// Words of the question inside no phrase that are not mere particles.
    pub(super) loose_words: usize,
    /// "bao nhiêu" alone asked an amount; a real amount word ("tối đa", "mức vay") did.
    pub(super) weak_amount: bool,
    /// "chương trình nào khác": another programme than the one named.
    pub(super) other: bool,
    /// Programmes a need was said in the frame of one of their names ("hỗ trợ làm nhà",
    /// like "hỗ trợ nhà ở"): among the programmes for the need, the ones meant.
    pub(super) framed: Vec<u16>,
    pub(super) strong_amount: bool,
    /// Programmes the asker already has a loan of, told as the story ("còn nợ vay việc
    /// làm"): a programme not open to those still owing one of them is left out.
    pub(super) held: Vec<u16>,
    /// "hợp tác xã", "doanh nghiệp": an organisation asks.
    pub(super) organisation: u32,
    /// "nhờ bot chỉ", "biết rồi": the asker tells what they learnt.
    pub(super) learned: u32,
    /// Programmes whose name starts right after a loan word, its rest not read ("vay hỗ trợ
    /// <unreadable>"): a programme named only by a standing is then not stated.
    pub(super) unread_names: Vec<u16>,
    /// The aspects came only from a hint ("có vay được không").
    pub(super) hinted: bool,
    /// Where to apply is asked by a step ("nộp ở đâu", "nhận tiền ở đâu", "mang đơn"), not
    /// only "vay ở đâu".
    pub(super) apply_specific: bool,
    /// Hamlets denied ("không phải bản He, bản Đông …").
    pub(super) not_hamlets: Vec<u16>,
    /// Hamlets named only before the clause that asks a figure: the story.
    pub(super) story_hamlets: Vec<u16>,
    /// A figure asked in a clause of its own, and a standing or another figure named in a
    /// later clause ("bản He có bao nhiêu hộ, còn mấy hộ nghèo"): two questions, so the
    /// later words do not narrow the first figure away.
    /// Read from the same figures asked, clause by clause, as `fact_units`.
    pub(super) facts_apart: bool,
    /// The count of criteria met asked in a clause of its own before the remaining ones
    /// ("bản Đông đạt mấy tiêu chí rồi, còn thiếu những tiêu chí nào"): the first question.
    pub(super) count_met_first: bool,
    /// Figures asked in a clause of its own before any loan word ("bản He có bao nhiêu
    /// đảng viên, còn vay hộ nghèo lãi mấy"): the first question, not a word of the loan's;
    /// also those named by words a programme's name shares ("bản He có mấy hộ nghèo, còn
    /// vay …") when the unit is named in their clause.
    pub(super) first_facts: Vec<u16>,
    /// What the count words ask (`counts.rs`): a count of a thing, a share, or neither.
    pub(super) counted: super::counts::CountRead,
    /// Every rate word of the question is a share word ("phần trăm", "percent"), none says
    /// interest ("lãi"): a unit's share may be asked, not a loan's rate.
    pub(super) share_only: bool,
    /// A loan word not held and not denied stands in a clause before the count's: the
    /// count is a second question.
    pub(super) loan_before_count: bool,
    /// Such a loan word stands in the count's own clause ("bao nhiêu hộ vay hộ cận nghèo"):
    /// borrowers are counted. Loans held or told in the story do not.
    pub(super) loan_in_count_clause: bool,
    /// A wish ("muốn", "cần", "định") not denied ("không cần" is none): beside a count, a
    /// second question or the count is its story ("nhà em muốn vay nuôi mấy con bò").
    pub(super) wish: bool,
    /// The commune is named in or after the clause that asks a figure or a count.
    pub(super) commune_asked: bool,
    /// Standings of figures read from overlapping words ("bao nhiêu hộ nghèo và cận
    /// nghèo"): what the count is of.
    pub(super) overlap_standings: Vec<Standing>,
    /// Each figure asked, in order, with the unit its own clause names ("xã có bao nhiêu
    /// đảng viên, bản He có bao nhiêu hộ": the commune's members, Bản He's households).
    pub(super) fact_units: Vec<(u16, ClauseUnit)>,
    /// The commune and a hamlet joined as two units asked ("ở xã và ở bản He"), not a
    /// hamlet's address ("bản He xã Chiềng Khoang").
    pub(super) commune_joined: bool,
    /// The commune asked in a clause of its own that asks, a hamlet in another that asks
    /// ("xã còn thiếu tiêu chí gì, bản Đông thì sao"): both units, in the order said
    /// (`Some(true)`: the commune first).
    pub(super) commune_apart: Option<bool>,
    /// Standings said only after the clause of a figure asked first: the loan's, not the
    /// figure's.
    pub(super) loan_standings: Vec<Standing>,
}

/// The unit a clause names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ClauseUnit {
    Hamlet(u16),
    Commune,
}

impl Signals {
    /// The aspects asked, in answer order. A bare "bao nhiêu" (amount) said next to a more
    /// specific aspect ("lãi bao nhiêu", "bao nhiêu tuổi") belongs to that one.
    pub(super) fn aspects(&self) -> Vec<LoanAspect> {
        let out: Vec<LoanAspect> = LoanAspect::ALL
            .into_iter()
            .filter(|a| self.aspects.contains(a))
            .collect();
        out
    }

    pub(super) fn has_unit(&self) -> bool {
        !self.hamlets.is_empty() || self.commune || self.commune_weak
    }

    pub(super) fn strong_hamlets(&self) -> impl Iterator<Item = u16> + '_ {
        self.hamlets.iter().filter(|h| h.1).map(|h| h.0)
    }
}

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

    /// The words of `source` (folded as `folded`), read: shorthand rewritten, marks resolved,
    /// Telex/VNI decoded, initials swapped, glued words cut.
    pub(super) fn tokens<'a>(&'a self, source: &str, folded: &'a Folded) -> Vec<Tok<'a>> {
        let mut toks = Vec::with_capacity(folded.len().min(MAX_WORDS) + 2);
        for (i, w) in folded.words.iter().enumerate().take(MAX_WORDS) {
            let text = folded.word(i);
            let original = w.original.clone();
            let typed_text = source.get(original.clone()).unwrap_or("");
            let tok = |id: u32, marks: u32| Tok {
                text: &self.words[id as usize],
                id: Some(id),
                marks,
                original: original.clone(),
                typed: None,
                known: marks != 0 && marks != REPAIRED_MARKS,
                alts: Vec::new(),
                unsure: false,
            };
            // A word as typed, its marks read against its known spellings, with the known
            // words an initial swap or a guessed mark makes of it (read only in longer
            // phrases: "chồng chè" is "trồng chè", "chồng" alone is a husband).
            let read = |id: u32, marks: u32, detail: fold::Detail, typed: &str| {
                let mut t = tok(id, marks);
                // Marks that are no spelling of the word as typed: one initial swap that is a
                // known spelling exactly is the word meant ("chiệu" is "triệu").
                let mut unknown_marks = false;
                match self.reading(id, marks, detail) {
                    Reading::Known => {}
                    Reading::Unmarked => t.known = false,
                    Reading::Guess(fits) => {
                        t.known = false;
                        t.alts = fits.into_iter().map(|m| (id, m)).collect();
                    }
                    Reading::Retoned(m) => {
                        t.known = false;
                        t.alts = vec![(id, m)];
                        unknown_marks = true;
                    }
                    Reading::Unstroked(m) => t.marks = m,
                    Reading::Other => {
                        t.known = false;
                        unknown_marks = true;
                    }
                }
                if !self.name_word[id as usize] {
                    if unknown_marks {
                        let mut swaps = Vec::new();
                        self.initial_swaps(typed, &mut swaps);
                        if let [(id, marks)] = swaps[..] {
                            return tok(id, marks);
                        }
                        t.alts.extend(swaps);
                    } else {
                        self.initial_swaps(typed, &mut t.alts);
                    }
                }
                t
            };
            if let Some(&id) = self.ids.get(text) {
                // "hs" is "hồ sơ" next to "làm", "nộp"; "học sinh" next to "lớp", "trường".
                if let Some((to, unsure)) = self.near_rewrite(id, w.marks, folded, i) {
                    for &(to_id, marks) in to {
                        let mut t = tok(to_id, marks);
                        t.typed = Some(id);
                        t.unsure = unsure;
                        toks.push(t);
                    }
                    continue;
                }
                if let Some(to) = self.rewrite(id, w.marks, toks.is_empty()) {
                    // One-letter shorthand means one thing: "z" is "vậy", never "vay". Longer
                    // shorthand typed without marks stays lenient unless it drops letters.
                    // A shorthand shorter than its word ("mun": muốn) means that word as it is
                    // marked, never another with its letters ("muon" is also mượn); one of the
                    // same length is a slip ("chj": chị, or chí) and stays lenient.
                    let respelt = matches!(to, [(to_id, _)] if self.words[*to_id as usize].len() > text.len());
                    let exact = text.len() == 1 || w.marks != 0 || respelt;
                    for &(to_id, marks) in to {
                        let mut t = tok(to_id, if exact { marks } else { 0 });
                        t.typed = Some(id);
                        toks.push(t);
                    }
                    continue;
                }
                if let Some(id) = self.english_singular(text, w.marks) {
                    toks.push(tok(id, 0));
                    continue;
                }
                let mut t = read(id, w.marks, w.detail, typed_text);
                // A known word that is also Telex keys for another known word ("own" is
                // "ơn" in "camr own"): that word too, inside a phrase of several words.
                if w.marks == 0
                    && let Some(alt) = self.decoded_alt(text)
                    && alt.0 != id
                {
                    push_unique(&mut t.alts, alt);
                }
                toks.push(t);
                continue;
            }
            // "rates", "students": an English plural is read as its singular.
            if let Some(id) = self.english_singular(text, w.marks) {
                toks.push(tok(id, 0));
                continue;
            }
            // "vayyy", "muonnn": a letter held down for emphasis.
            if let Some(id) = squeeze(text).and_then(|w| self.ids.get(w.as_str()).copied()) {
                toks.push(tok(id, REPAIRED_MARKS));
                continue;
            }
            // Telex / VNI keys decoded to their exact marks ("vayj" is "vạy": not "vay");
            // marks that are no known spelling may be a held-down letter ("boo"): any marks.
            if let Some((word, detail)) = (w.marks == 0).then(|| fold::decode_keys(text)).flatten()
                && let Some(&id) = self.ids.get(word.as_str())
            {
                let marks = fold::signature(word.len(), detail);
                let t = match self.reading(id, marks, detail) {
                    // Half-typed Telex often leaves the vowel's shape out ("hoj" for "hộ",
                    // exactly "họ"): a known spelling that only adds shape to it stays possible.
                    Reading::Known => {
                        let mut t = tok(id, marks);
                        let fuller: Vec<(u32, u32)> = self.spellings[&id]
                            .iter()
                            .filter(|k| k.0 != marks && fold::marks_dropped_from(detail, k.1))
                            .map(|k| (id, k.0))
                            .collect();
                        if !fuller.is_empty() {
                            t.known = false;
                            t.alts = std::iter::once((id, marks)).chain(fuller).collect();
                        }
                        t
                    }
                    // A tone key was typed: the word had that tone ("vayj": not "vay").
                    Reading::Guess(fits) if fold::detail_tone(detail) != 0 => {
                        let mut t = tok(id, marks);
                        t.known = false;
                        t.alts = fits.into_iter().map(|m| (id, m)).collect();
                        t
                    }
                    Reading::Retoned(m) if fold::detail_tone(detail) != 0 => {
                        let mut t = tok(id, marks);
                        t.known = false;
                        t.alts = vec![(id, m)];
                        t
                    }
                    // "da3ng" (VNI without the 9): "đảng".
                    Reading::Unstroked(m) => tok(id, m),
                    _ => tok(id, REPAIRED_MARKS),
                };
                toks.push(t);
                continue;
            }
            {
                // A repair still ending in a tone letter ("owr" → "or") is rarely meant:
                // Vietnamese words do not end in s, f, r, x or j ("owr" is "ở").
                let repairs = fold::repairs(text);
                let known = |c: &String| self.ids.get(c.as_str()).copied();
                let repaired = repairs
                    .iter()
                    .filter(|c| !c.ends_with(['s', 'f', 'r', 'x', 'j']))
                    .find_map(known)
                    .or_else(|| repairs.iter().find_map(known));
                if let Some(id) = repaired {
                    toks.push(tok(id, REPAIRED_MARKS));
                    continue;
                }
            }
            // A word unknown in every spelling, typed with marks, that one initial swap makes
            // a known spelling: "dếng" is "giếng".
            if w.marks != 0 {
                let mut swaps = Vec::new();
                self.initial_swaps(typed_text, &mut swaps);
                if let [(id, marks)] = swaps[..] {
                    toks.push(tok(id, marks));
                    continue;
                }
            }
            let split = self.split(text, 6);
            // No cut whose pieces a phrase joins: perhaps one piece has a typo ("hongeo",
            // "thethap"); the typo is read as an unknown word, so only a phrase the known
            // piece runs into (or out of) can take it, at the cost of the typo.
            if w.marks == 0
                && split.as_ref().is_none_or(|s| s.0 == 0)
                && let Some((at, typo_second)) = self.typo_split(text)
            {
                let (a, b) = text.split_at(at);
                let (known, typo) = if typo_second { (a, b) } else { (b, a) };
                let known = self.ids.get(known).map(|&id| tok(id, 0));
                let typo = Tok {
                    text: typo,
                    id: None,
                    marks: 0,
                    original: original.clone(),
                    typed: None,
                    known: false,
                    alts: Vec::new(),
                    unsure: false,
                };
                if typo_second {
                    toks.extend(known);
                    toks.push(typo);
                } else {
                    toks.push(typo);
                    toks.extend(known);
                }
                continue;
            }
            if let Some((_, parts)) = split {
                // Typed with marks ("lãisuất"), each piece keeps its own.
                let pieces = if w.marks == 0 {
                    Vec::new()
                } else {
                    let mut cuts = Vec::with_capacity(parts.len());
                    let mut at = 0;
                    for &id in &parts[..parts.len() - 1] {
                        at += self.words[id as usize].len();
                        cuts.push(at);
                    }
                    fold::cut_original(typed_text, &cuts)
                };
                for (k, id) in parts.into_iter().enumerate() {
                    let piece = pieces.get(k).map(|p| fold::fold_words(p));
                    let (marks, detail) = piece
                        .as_ref()
                        .and_then(|p| p.words.first())
                        .map_or((0, 0), |p| (p.marks, p.detail));
                    match self.rewrite(id, marks, toks.is_empty()) {
                        Some(to) => to.iter().for_each(|&(id, m)| toks.push(tok(id, m))),
                        None => {
                            let typed = pieces.get(k).map_or("", String::as_str);
                            let mut t = read(id, marks, detail, typed);
                            if w.marks == 0 {
                                t.alts.clear();
                            }
                            toks.push(t);
                        }
                    }
                }
                continue;
            }
            let mut t = Tok {
                text,
                id: None,
                marks: w.marks,
                original,
                typed: None,
                known: false,
                alts: Vec::new(),
                unsure: false,
            };
            self.initial_swaps(typed_text, &mut t.alts);
            toks.push(t);
        }
        let mut i = 1;
        while i < toks.len() {
            let (Some(a), Some(b)) = (toks[i - 1].id, toks[i].id) else {
                i += 1;
                continue;
            };
            let unmarked = toks[i - 1].marks == 0 && toks[i].marks == 0;
            // The pair as read, or as typed when shorthand rewrote its second word ("xoa
            // tk": "tk" is "tiết kiệm" elsewhere), or both ("dk j": "điều kiện gì", though
            // "dk" alone is "được" and "j" is "gì"). A typed word rewritten into several
            // words is replaced whole.
            let (typed_a, typed_b) = (toks[i - 1].typed, toks[i].typed);
            let mut first = i - 1;
            while first > 0 && typed_a.is_some() && toks[first - 1].original == toks[i - 1].original
            {
                first -= 1;
            }
            let mut last = i;
            while typed_b.is_some()
                && toks
                    .get(last + 1)
                    .is_some_and(|t| t.original == toks[i].original)
            {
                last += 1;
            }
            let pair = |k: (u32, u32)| self.pair_rewrites.iter().find(|(key, _)| *key == k);
            let found = pair((a, b))
                .map(|r| (r, i - 1, i))
                .or_else(|| {
                    let b = typed_b.filter(|_| typed_a.is_none())?;
                    Some((pair((a, b))?, i - 1, last))
                })
                .or_else(|| {
                    let a = typed_a?;
                    Some((pair((a, typed_b.unwrap_or(b)))?, first, last))
                });
            if let Some(((_, to), first, last)) = found {
                let original = toks[first].original.start..toks[last].original.end;
                let new: Vec<Tok<'a>> = to
                    .iter()
                    .map(|&(id, m)| Tok {
                        text: &self.words[id as usize],
                        id: Some(id),
                        marks: if unmarked { 0 } else { m },
                        original: original.clone(),
                        typed: None,
                        known: !unmarked && m != 0,
                        alts: Vec::new(),
                        unsure: false,
                    })
                    .collect();
                let n = new.len();
                toks.splice(first..=last, new);
                i = first + n;
            }
            i += 1;
        }
        for i in 1..toks.len() {
            let (Some(id), Some(before)) = (toks[i].id, toks[i - 1].id) else {
                continue;
            };
            let next = toks.get(i + 1).and_then(|t| t.id);
            let particle = self
                .particle_after
                .iter()
                .any(|(word, last_only, after, unless)| {
                    *word == id
                        && (!last_only || i + 1 == toks.len())
                        && after.contains(&before)
                        && !next.is_some_and(|n| unless.contains(&n))
                });
            if particle && toks[i].marks == 0 {
                toks[i].marks = PARTICLE_MARKS;
            }
        }
        toks
    }

    /// The known word and exact marks that Telex/VNI keys in `text` (a folded word typed
    /// without marks) stand for, when that is a known spelling ("own": "ơn").
    fn decoded_alt(&self, text: &str) -> Option<(u32, u32)> {
        let (word, detail) = fold::decode_keys(text)?;
        let &id = self.ids.get(word.as_str())?;
        let marks = fold::signature(word.len(), detail);
        (self.reading(id, marks, detail) == Reading::Known).then_some((id, marks))
    }

    /// The singular of a typed English plural, when it is a word of some English phrase.
    fn english_singular(&self, text: &str, marks: u32) -> Option<u32> {
        if marks != 0 {
            return None;
        }
        let stem = super::index::singular(text)?;
        let &id = self.ids.get(stem.as_str())?;
        self.english[id as usize].then_some(id)
    }

    /// What shorthand word `id`, the `at`-th of `folded`, stands for by the words around it
    /// (lexicon `rewrite_near`), and whether that is only a guess (no option's words near).
    fn near_rewrite(
        &self,
        id: u32,
        marks: u32,
        folded: &Folded,
        at: usize,
    ) -> Option<(&[(u32, u32)], bool)> {
        // A word of a name too ("dong"): read so only next to the words the lexicon lists.
        let near = self.near_rewrites.get(&id)?;
        if near.marks != marks {
            return None;
        }
        // A neighbour as typed, and as the shorthand it is ("lm": "làm").
        let is = |j: usize, want: &[u32]| {
            let Some(&wid) = self.ids.get(folded.word(j)) else {
                return false;
            };
            want.contains(&wid)
                || self.rewrites.get(&wid).is_some_and(|rs| {
                    rs.iter()
                        .any(|r| !r.first_only && r.to.len() == 1 && want.contains(&r.to[0].0))
                })
        };
        for d in 1..=near.within {
            let before = at.checked_sub(d);
            let after = Some(at + d).filter(|&j| j < folded.len());
            for o in &near.options {
                let hit = [before, after].iter().flatten().any(|&j| is(j, &o.near))
                    || before.is_some_and(|j| is(j, &o.before))
                    || after.is_some_and(|j| is(j, &o.after));
                if hit {
                    return Some((&o.to, false));
                }
            }
        }
        near.unsure.as_deref().map(|to| (to, true))
    }

    /// What a shorthand word stands for ("sv" → "sinh viên"); `first` when it opens the
    /// message (a first "dk" is "đăng ký", elsewhere "được").
    fn rewrite(&self, id: u32, marks: u32, first: bool) -> Option<&[(u32, u32)]> {
        if self.name_word[id as usize] {
            return None;
        }
        let options = self.rewrites.get(&id)?;
        // Typed with the marks of a word the bot knows ("mượn"), it is that word, not the
        // shorthand its bare letters are ("muon" → "muốn").
        let known = marks != 0
            && self
                .spellings
                .get(&id)
                .is_some_and(|k| k.iter().any(|k| k.0 == marks));
        let fits = |r: &&super::index::Rewrite| {
            r.marks.is_none_or(|m| m == marks) && (r.marks.is_some() || !known)
        };
        let at_start = options.iter().filter(fits).find(|r| r.first_only);
        let anywhere = options.iter().filter(fits).find(|r| !r.first_only);
        let chosen = if first {
            at_start.or(anywhere)
        } else {
            anywhere
        };
        chosen.map(|r| r.to.as_slice())
    }

    /// Known words typed without the spaces between them ("tieuchi", "vaysinhvien",
    /// "vaygiaiquyetvieclam"), at most `parts` of them, one at least used by a phrase, with
    /// how many neighbouring pieces continue each other in a phrase. A piece of one letter
    /// only where a phrase runs through it ("nhà ở xã hội"), or at an end into it ("vay đất
    /// ở", "y tế"); a word of three letters only where a phrase joins every piece. Of the
    /// ways to cut the word, the one whose neighbouring words of two letters or more
    /// continue each other in a phrase most often wins ("ho ngheo", not "hong heo" or "hong
    /// he o"); then the one made only of words phrases use; then the most joins; then the
    /// longest first word.
    pub(super) fn split(&self, word: &str, parts: usize) -> Option<(usize, Vec<u32>)> {
        if word.len() < 3 || word.len() > 40 || !word.is_ascii() || parts < 2 {
            return None;
        }
        let mut best = None;
        let mut path = Vec::with_capacity(parts);
        let mut budget = 2000usize;
        self.cuts(word, parts, &mut path, &mut best, &mut budget);
        let ((_, _, linked), path) = best?;
        if word.len() == 3 && linked + 1 < path.len() {
            return None;
        }
        Some((linked, path))
    }

    /// A word glued from two known words, one typed with a typo ("hongeo": "ho" and "ngeo",
    /// one letter from "nghèo", which follows "hộ" in a phrase; "thethap": "thế" and a typo of
    /// "chấp"): where to cut, and whether the typo is the second piece. The known piece is a
    /// word phrases use, of two letters or more; the typo of three or more is one edit from a
    /// word of four or more that some phrase puts right after (or before) it. The longest
    /// known piece wins.
    pub(super) fn typo_split(&self, word: &str) -> Option<(usize, bool)> {
        if word.len() < 5 || word.len() > 24 || !word.is_ascii() {
            return None;
        }
        let near = |typo: &str, next: Option<&Vec<u32>>| {
            next.is_some_and(|ws| {
                ws.iter().any(|&w| {
                    let w = &*self.words[w as usize];
                    w.len() >= 4 && fold::edit_distance_within(typo, w, 1) == Some(1)
                })
            })
        };
        let known = |piece: &str| {
            self.ids
                .get(piece)
                .copied()
                .filter(|&id| self.content[id as usize])
        };
        let mut best: Option<(usize, usize, bool)> = None;
        for at in 2..=word.len() - 2 {
            let (a, b) = word.split_at(at);
            if b.len() >= 3
                && let Some(id) = known(a)
                && near(b, self.next_words.get(&id))
                && best.is_none_or(|x| a.len() > x.0)
            {
                best = Some((a.len(), at, true));
            }
            if a.len() >= 3
                && let Some(id) = known(b)
                && near(a, self.prev_words.get(&id))
                && best.is_none_or(|x| b.len() > x.0)
            {
                best = Some((b.len(), at, false));
            }
        }
        best.map(|b| (b.1, b.2))
    }

    fn cuts(
        &self,
        rest: &str,
        parts: usize,
        path: &mut Vec<u32>,
        best: &mut Option<(CutRank, Vec<u32>)>,
        budget: &mut usize,
    ) {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        if rest.is_empty() {
            if path.len() < 2 || !path.iter().any(|&id| self.content[id as usize]) {
                return;
            }
            // A piece of one letter ("o" in "vaynhaoxahoi") only inside a phrase that runs
            // through it: "nhà ở xã hội".
            // At either end, a phrase that runs into it from its one neighbour: "vaydato" is
            // "vay đất ở", "yte" is "y tế".
            let lone = |j: usize| {
                let before = j > 0 && self.continues(path[j - 1], path[j]);
                let after = j + 1 < path.len() && self.continues(path[j], path[j + 1]);
                let joined = if j == 0 {
                    after
                } else if j + 1 == path.len() {
                    before
                } else {
                    before && after
                };
                self.words[path[j] as usize].len() == 1 && !joined
            };
            if (0..path.len()).any(lone) {
                return;
            }
            let joins: Vec<&[u32]> = path
                .windows(2)
                .filter(|w| self.continues(w[0], w[1]))
                .collect();
            // A join made through a one-letter piece only pays for letting it in: "hongheo"
            // is "ho ngheo", not "hong he o" (though "he" runs into "ở").
            let long_joins = joins
                .iter()
                .filter(|w| w.iter().all(|&id| self.words[id as usize].len() > 1))
                .count();
            let all_content = path.iter().all(|&id| self.content[id as usize]);
            let key = (long_joins, all_content, joins.len());
            let better = match best {
                None => true,
                Some((k, _)) => key > *k,
            };
            if better {
                *best = Some((key, path.clone()));
            }
            return;
        }
        if path.len() == parts {
            return;
        }
        for k in (1..=rest.len()).rev() {
            if let Some(&id) = self.ids.get(&rest[..k]) {
                if k == 1 && path.last().is_some_and(|&last| !self.continues(last, id)) {
                    continue;
                }
                path.push(id);
                self.cuts(&rest[k..], parts, path, best, budget);
                path.pop();
            }
        }
    }

    /// Whether some phrase has word `b` right after word `a`.
    fn continues(&self, a: u32, b: u32) -> bool {
        self.follows.contains(&(a, b))
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

    pub(super) fn signals(&self, text: &str, toks: &[Tok<'_>], kept: &[Match]) -> Signals {
        let mut s = Signals::default();
        // Whether the words from `from` to `to` run on without a break ("và", a comma):
        // a bare "bao nhiêu" belongs to the aspect said just before it in the same clause.
        let joined = |from: usize, to: usize| {
            if from > to || to - from > 4 || to > toks.len() {
                return false;
            }
            let gap_ok = (from..to).all(|i| !SEPARATORS.contains(&toks[i].text));
            let start = toks
                .get(from.saturating_sub(1))
                .map_or(0, |t| t.original.end);
            let end = toks.get(to).map_or(text.len(), |t| t.original.start);
            let punct = text
                .get(start.min(end)..end)
                .is_some_and(|g| g.contains([',', ';', '.', '?', '!', ':']));
            gap_ok && !punct
        };
        let specific_aspect_before = |m: &Match| {
            kept.iter().any(|o| {
                o.end <= m.start
                    && self.phrases[o.phrase as usize].meanings.iter().any(|x| {
                        matches!(
                            x,
                            Meaning::Kw(Kw::Aspect(
                                LoanAspect::Rate | LoanAspect::Term | LoanAspect::Age
                            ))
                        )
                    })
                    && joined(o.end, m.start)
            })
        };
        let mut covered = vec![false; toks.len()];
        // Where a negation ("không phải", "trừ") still reaches: the standings and programmes
        // starting before this word are denied; a denied one carries it on ("không thuộc hộ
        // nghèo, cận nghèo hay thoát nghèo").
        let mut denied_until = 0usize;
        // Where the words denied so far end: a denial reaches on only within its clause
        // ("e k phai ho ngheo, vay can ngheo dc bn": the near-poor loan is asked).
        let mut denied_at = 0usize;
        let punct_between = |from: usize, to: usize| {
            (from.max(1)..=to.min(toks.len().saturating_sub(1))).any(|i| {
                text.get(toks[i - 1].original.end..toks[i].original.start)
                    .is_some_and(|g| g.contains([',', ';', '.', '?', '!', ':']))
            })
        };
        // Where an exclusion ("ngoài … ra", "trừ") still reaches: it leaves out a programme
        // even when its name is a need too ("ngoài chương trình việc làm ra").
        let mut excluding_until = 0usize;
        // Programmes with at least one mention that is not denied, and whether any mention
        // named it as a programme (not only as a standing).
        let mut affirmed: Vec<(u16, bool)> = Vec::new();
        let mut loan_ends: Vec<(usize, usize)> = Vec::new();
        let has_need = kept.iter().any(|m| {
            let meanings = &self.phrases[m.phrase as usize].meanings;
            meanings.contains(&Meaning::Kw(Kw::Need)) || meanings.contains(&Meaning::Kw(Kw::Lack))
        });
        // Each need found, with where it starts.
        let mut purpose_at: Vec<(u16, usize)> = Vec::new();
        // Where the last negation word ends.
        let mut negation_end = 0usize;
        // Where a negation reaching the past ("chưa bao giờ là") still reaches.
        let mut never_until = 0usize;
        let mut last_standing: Option<(Standing, usize)> = None;
        // Where the last stop word ("thôi", "đừng") ends.
        let mut stop_end: Option<usize> = None;
        let is_purpose = |m: &Match| {
            self.phrases[m.phrase as usize]
                .meanings
                .iter()
                .any(|x| matches!(x, Meaning::Purpose(_)))
        };
        // Two needs that overlap ("làm nhà" and "nhà vệ sinh" in "làm nhà vệ sinh"): the
        // later one is the head noun.
        // Two needs read from the same words ("nha tam": "nhà tạm" or "nhà tắm") say nothing.
        let shadowed = |m: &Match| {
            is_purpose(m)
                && kept.iter().any(|o| {
                    is_purpose(o)
                        && ((o.start > m.start && o.start < m.end)
                            || (o.start == m.start && o.end == m.end && o.phrase != m.phrase))
                })
        };
        let has_kw = |m: &Match, want: &dyn Fn(Kw) -> bool| {
            self.phrases[m.phrase as usize]
                .meanings
                .iter()
                .any(|x| matches!(x, Meaning::Kw(k) if want(*k)))
        };
        // Where a clause breaks: punctuation, a turn of the story ("giờ", "mà", "nhưng") or
        // a wish ("muốn") before word `i`.
        let break_before = |i: usize| {
            if i == 0 || i >= toks.len() {
                return true;
            }
            let gap = text
                .get(toks[i - 1].original.end..toks[i].original.start)
                .unwrap_or("");
            gap.contains([',', ';', '.', '?', '!', ':'])
                || TURNS.contains(&toks[i].text)
                || kept
                    .iter()
                    .any(|o| o.start == i && has_kw(o, &|k| k == Kw::Need))
        };
        let clause_end = |from: usize| {
            let limit = toks.len().min(from + CLAUSE);
            (from..limit).find(|&i| break_before(i)).unwrap_or(limit)
        };
        let clause_start = |to: usize| {
            let low = to.saturating_sub(CLAUSE);
            (low..=to).rev().find(|&i| break_before(i)).unwrap_or(low)
        };
        let loan_starts: Vec<usize> = kept
            .iter()
            .filter(|o| has_kw(o, &|k| matches!(k, Kw::Loan | Kw::ProgrammeWord)))
            .map(|o| o.start)
            .collect();
        // A loan already held, told as the story ("còn nợ vay việc làm", "năm trước vay tạo
        // việc làm … rồi", "có vay hộ nghèo … đã trả hết"): the programmes and needs said
        // after a loan word in its clause.
        let mut held_ranges: Vec<(usize, usize)> = Vec::new();
        // "em không hỏi tiêu chí môi trường": what its clause names is not asked.
        let mut unasked_ranges: Vec<(usize, usize)> = Vec::new();
        // "không phải bản He, bản Đông …": the hamlets of its clause are denied.
        let mut hamlet_denied: Vec<(usize, usize)> = Vec::new();
        for m in kept {
            if has_kw(m, &|k| k == Kw::Held) {
                held_ranges.push((m.start, clause_end(m.end)));
            }
            if has_kw(m, &|k| k == Kw::HeldAfter) {
                held_ranges.push((clause_start(m.start), m.start));
            }
            if has_kw(m, &|k| k == Kw::NotAsked) {
                unasked_ranges.push((m.end, clause_end(m.end)));
            }
            // "bản Đông thì em biết rồi, xã còn những tiêu chí nào chưa đạt": what its clause
            // named before "… biết rồi" is known, not asked, when a question follows.
            if has_kw(m, &|k| k == Kw::Learned)
                && toks[m.end - 1].text == "roi"
                && super::decide::clause_asks(text, toks, m.end, toks.len())
            {
                unasked_ranges.push((clause_start(m.start), m.start));
            }
            if self.phrases[m.phrase as usize].words >= 2 && has_kw(m, &|k| k == Kw::Negation) {
                hamlet_denied.push((m.end, clause_end(m.end)));
            }
        }
        // "Tháng trước bản He họp về vay nước sạch, cho em hỏi xã mình có bao nhiêu chi bộ":
        // after a story, an asking opener starts the question; when the question names a
        // subject of its own, what the story named before the opener is not asked (the
        // household's standing, its negations and the loans held still tell who asks).
        // A subject of its own: not "tiêu chí đó", which points back at the story.
        let names_own_subject = |o: &Match| {
            self.phrases[o.phrase as usize].meanings.iter().any(|x| {
                matches!(
                    x,
                    Meaning::Programme(_)
                        | Meaning::Purpose(_)
                        | Meaning::Fact(_)
                        | Meaning::Criterion(_)
                )
            })
        };
        // Any subject, the words "tiêu chí" / "số liệu" included.
        let names_subject = |o: &Match| {
            names_own_subject(o)
                || self.phrases[o.phrase as usize]
                    .meanings
                    .iter()
                    .any(|x| matches!(x, Meaning::Kw(Kw::Criteria | Kw::Facts)))
        };
        let names_unit = |o: &Match| {
            self.phrases[o.phrase as usize]
                .meanings
                .iter()
                .any(|x| matches!(x, Meaning::Hamlet { .. } | Meaning::Commune { .. }))
        };
        // Where the story may end: an asking opener, or a turn to the asker's own wish
        // ("… vay sinh viên nhưng nhà em muốn nuôi lợn", "anh trai em vay vùng khó khăn rồi,
        // em thì … muốn vay nuôi dê"): what others did is told before it.
        let wish_after = |i: usize| {
            kept.iter()
                .any(|o| o.start >= i && has_kw(o, &|k| k == Kw::Need))
        };
        let openers = kept
            .iter()
            .filter(|m| has_kw(m, &|k| k == Kw::Ask))
            .map(|m| (m.start, m.end))
            .chain((1..toks.len()).filter_map(|i| {
                let turn = turn_to_asker(text, toks, i)?;
                wish_after(turn).then_some((i, turn))
            }));
        // A subject named before the opener, and one of its own after it; a hamlet told
        // before counts when the question after names its unit ("… bản He họp bảo bản mình
        // 195 hộ, em hỏi xã mình có mấy chi bộ").
        let story_until = openers
            .filter(|&(start, end)| {
                let own_after = kept.iter().any(|o| o.start >= end && names_own_subject(o));
                let unit_after = kept.iter().any(|o| o.start >= end && names_unit(o));
                start > 0
                    && own_after
                    // "lãi suất hộ nghèo mấy phần trăm, tiện hỏi luôn bản He có mấy hộ
                    // nghèo": asking too ("tiện", "luôn", "thêm") follows a first question,
                    // not a story.
                    && !also_asked(toks, start, end)
                    && kept.iter().any(|o| {
                        o.end <= start && (names_subject(o) || (unit_after && names_unit(o)))
                    })
            })
            .map(|(start, _)| start)
            .max()
            .unwrap_or(0);
        let unit_after_ask = kept.iter().any(|o| o.start >= story_until && names_unit(o));
        let held_at = |i: usize| {
            held_ranges
                .iter()
                .any(|&(a, b)| i < b && loan_starts.iter().any(|&l| a <= l && l <= i))
        };
        let in_ranges =
            |ranges: &[(usize, usize)], i: usize| ranges.iter().any(|&(a, b)| a <= i && i < b);
        // A held-loan phrase that also reads as "what is left" ("còn nợ"): with a loan word
        // right after it, it is the debt.
        let owes_loan = |m: &Match| {
            has_kw(m, &|k| k == Kw::Held)
                && loan_starts.iter().any(|&l| l >= m.end && l <= m.end + 1)
        };
        // "học phí một năm mấy chục triệu", "hết mấy triệu": an amount after what something
        // costs, in its clause, is the cost told, not the loan asked.
        let cost_told = |m: &Match| {
            has_kw(m, &|k| k == Kw::Aspect(LoanAspect::Amount))
                && (clause_start(m.start)..m.start).any(|i| {
                    let next = toks.get(i + 1).map(|t| t.text);
                    matches!(toks[i].text, "het" | "ton")
                        || (i + 1 < m.start
                            && matches!(
                                (toks[i].text, next),
                                ("hoc" | "chi", Some("phi")) | ("tien", Some("an" | "hoc"))
                            ))
                })
        };
        // "số hộ nghèo chưa thoát là bao nhiêu hộ": a count of households said after a figure
        // of some households (a standing's), in its clause, is the unit of the answer, not
        // the number of all households.
        let count_unit = |m: &Match| {
            kept.iter().any(|o| {
                o.start == m.start && o.end == m.end && has_kw(o, &|k| k == Kw::CountHouseholds)
            }) && kept.iter().any(|o| {
                o.start < m.start
                    && o.start >= clause_start(m.start)
                    && o.cost == 0
                    && !o.guessed
                    && self.phrases[o.phrase as usize].meanings.iter().any(|x| {
                        matches!(x, Meaning::Fact(g) if {
                            let (covers, _, households) = &self.fact_traits[usize::from(*g)];
                            *households && !covers.is_empty()
                        })
                    })
            })
        };
        // Where loan words not denied, not only a rate and not of a loan held start.
        let mut explicit_loans: Vec<usize> = Vec::new();
        let mut held_affirmed: Vec<(u16, bool)> = Vec::new();
        let mut held_purposes: Vec<(u16, usize)> = Vec::new();
        for m in kept {
            covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
            if shadowed(m) {
                continue;
            }
            if cost_told(m) {
                continue;
            }
            let unasked = in_ranges(&unasked_ranges, m.start);
            let story = m.end <= story_until;
            let held = held_at(m.start);
            let meanings = &self.phrases[m.phrase as usize].meanings;
            // A loan asked after a break ends the denial; a list of denied standings with
            // commas does not ("not poor, near-poor or recently out").
            let denied = m.start < denied_until
                && !(punct_between(denied_at, m.start)
                    && kept.iter().any(|o| {
                        o.start >= denied_at
                            && o.start < m.start
                            && has_kw(o, &|k| matches!(k, Kw::Loan | Kw::ProgrammeWord))
                    }));
            // A standing read from the same words (a keyword and a content name are two
            // phrases when one is spelt with marks and the other not).
            let standing = kept.iter().any(|o| {
                o.start == m.start
                    && o.end == m.end
                    && self.phrases[o.phrase as usize]
                        .meanings
                        .iter()
                        .any(|x| matches!(x, Meaning::Kw(Kw::Standing(_))))
            });
            let has_criterion = meanings.iter().any(|x| matches!(x, Meaning::Criterion(_)));
            let has_fact = meanings.iter().any(|x| matches!(x, Meaning::Fact(_)));
            let purpose_too = meanings.iter().any(|x| matches!(x, Meaning::Purpose(_)));
            let programme_too = meanings.iter().any(|x| matches!(x, Meaning::Programme(_)));
            // "hợp tác xã" who asks for a loan for a need, or the number of cooperatives.
            let organisation_too =
                meanings.contains(&Meaning::Kw(Kw::Organisation)) && kept.iter().any(is_purpose);
            let part_too = meanings
                .iter()
                .any(|x| matches!(x, Meaning::ProgrammePart(_)));
            // Right after a loan word, or sharing a word with it ("vay dược liệu" read as
            // "vay được" + "dược liệu").
            let after_loan = loan_ends.iter().any(|&(a, b)| a < m.start && m.start <= b);
            let phrase = &self.phrases[m.phrase as usize];
            // A programme left out by its name ("ngoài chương trình việc làm ra") is not
            // a need too.
            let mut left_out = false;
            for &meaning in meanings {
                match meaning {
                    Meaning::Criterion(_)
                    | Meaning::Fact(_)
                    | Meaning::Programme(_)
                    | Meaning::ProgrammePart(_)
                    | Meaning::Purpose(_)
                    | Meaning::Hamlet { .. }
                    | Meaning::Kw(Kw::Criteria | Kw::Facts)
                        if unasked => {}
                    // "so với hộ nghèo": the yardstick's standing is not the asker's.
                    Meaning::Kw(Kw::Standing(_)) if unasked => {}
                    Meaning::Criterion(_)
                    | Meaning::Fact(_)
                    | Meaning::Programme(_)
                    | Meaning::ProgrammePart(_)
                    | Meaning::Purpose(_)
                    | Meaning::Kw(
                        Kw::Criteria
                        | Kw::Facts
                        | Kw::Loan
                        | Kw::ProgrammeWord
                        | Kw::Aspect(_)
                        | Kw::Hint(_)
                        | Kw::Need,
                    ) if story => {}
                    Meaning::Hamlet { .. } | Meaning::Commune { .. } | Meaning::Kw(Kw::Home)
                        if story && unit_after_ask => {}
                    Meaning::Programme(p) if held => {
                        let as_name = !standing || after_loan;
                        match held_affirmed.iter_mut().find(|x| x.0 == p) {
                            Some(x) => x.1 |= as_name,
                            None => held_affirmed.push((p, as_name)),
                        }
                    }
                    Meaning::Purpose(p) if held => held_purposes.push((p, m.start)),
                    Meaning::Kw(Kw::Remaining) if owes_loan(m) => {}
                    Meaning::Hamlet { index, .. } if in_ranges(&hamlet_denied, m.start) => {
                        push_unique(&mut s.not_hamlets, index);
                    }
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
                        let excluding = m.start < excluding_until;
                        // A programme named by its name right after a loan word is asked
                        // about, whatever a negation said before ("không phải hộ nghèo có
                        // được vay hỗ trợ đất ở không"); an exclusion still leaves it out.
                        // "vay hộ nghèo" says its loan word itself.
                        let loan_named = meanings.contains(&Meaning::Kw(Kw::Loan));
                        let asked = (after_loan || loan_named) && !standing && !excluding;
                        // "không có nước sạch": a need the programme serves, not a denial.
                        if denied && !asked && (!purpose_too || excluding) {
                            left_out = true;
                            push_unique(&mut s.excluded, p);
                            denied_until = m.end + 4;
                            denied_at = m.end;
                            continue;
                        }
                        // A name that is a need too ("nước sạch", "tạo việc làm") names the
                        // programme right after a loan word ("vay nước sạch"); in a wish
                        // ("muốn làm đường ống dẫn nước sạch") it is the need.
                        let need_named = purpose_too && has_need;
                        let as_name = !(standing || need_named) || after_loan;
                        match affirmed.iter_mut().find(|x| x.0 == p) {
                            Some(x) => x.1 |= as_name,
                            None => affirmed.push((p, as_name)),
                        }
                    }
                    Meaning::ProgrammePart(p) => {
                        if !has_fact {
                            push_unique(&mut s.parts, p);
                        }
                        if has_criterion {
                            push_unique(&mut s.criteria_parts, p);
                        }
                    }
                    Meaning::Criterion(c) => push_unique(&mut s.criteria, c),
                    Meaning::Purpose(_) if left_out => {}
                    Meaning::Purpose(p) => {
                        push_unique(&mut s.purposes, p);
                        purpose_at.push((p, m.start));
                        for &q in &self.purposes[usize::from(p)] {
                            if self.framed(toks, m, q) {
                                push_unique(&mut s.framed, q);
                            }
                        }
                    }
                    // "hộ nghèo" is a figure of a unit only when the unit is named.
                    Meaning::Fact(f)
                        if programme_too
                            || purpose_too
                            || organisation_too
                            || has_criterion
                            || part_too
                            || phrase.words == 1 =>
                    {
                        push_unique(&mut s.weak_facts, f)
                    }
                    // "không thuộc hộ nghèo cận nghèo": a denied figure's name denies the
                    // standings it speaks of; it is not asked for.
                    Meaning::Fact(f)
                        if denied && !self.fact_traits[usize::from(f)].0.is_empty() =>
                    {
                        for &st in &self.fact_traits[usize::from(f)].0 {
                            push_unique(&mut s.not_standings, st);
                        }
                        denied_until = m.end + 4;
                        denied_at = m.end;
                    }
                    Meaning::Fact(f) if m.cost > 0 || m.guessed => {
                        push_unique(&mut s.fuzzy_facts, f)
                    }
                    Meaning::Fact(_) if count_unit(m) => {}
                    Meaning::Fact(f) => {
                        // "bản He có bao nhiêu hộ có xe máy": a count of households with a
                        // qualifier right after it counts a part of them.
                        let (covers, _, households) = &self.fact_traits[usize::from(f)];
                        if *households
                            && covers.is_empty()
                            && clause_end(m.end) > m.end + 1
                            && super::counts::qualifies(toks, m.end, &lexicon().counts)
                        {
                            s.figure_part = s.figure_part.saturating_add(1);
                        }
                        push_unique(&mut s.facts, f)
                    }
                    Meaning::Kw(Kw::Standing(st)) => {
                        if denied {
                            push_unique(&mut s.not_standings, st);
                            denied_until = m.end + 4;
                            denied_at = m.end;
                            // Never poor (or near-poor): never out of poverty either.
                            if m.start < never_until && st != Standing::Escaped {
                                push_unique(&mut s.not_standings, Standing::Escaped);
                            }
                        } else {
                            push_unique(&mut s.standings, st);
                            last_standing = Some((st, m.end));
                        }
                    }
                    Meaning::Kw(Kw::NotStanding(st)) => push_unique(&mut s.not_standings, st),
                    Meaning::Kw(kw @ (Kw::Negation | Kw::Exclusion | Kw::Never)) => {
                        denied_until = m.end + 3;
                        denied_at = m.end;
                        negation_end = m.end;
                        if kw == Kw::Never {
                            never_until = m.end + 3;
                        }
                        if kw == Kw::Exclusion {
                            excluding_until = m.end + 4;
                        }
                    }
                    Meaning::Kw(Kw::Other) => s.other = true,
                    Meaning::Kw(Kw::Stop) => stop_end = Some(m.end),
                    // "thôi nhận tin bản He", "không nhận tb nữa": a stopped subscription.
                    Meaning::Kw(Kw::Subscribe) => {
                        let after_stop = stop_end.is_some_and(|e| e <= m.start && m.start <= e + 1);
                        let more = toks[m.end..].iter().take(6).any(|t| t.text == "nua");
                        let after_negation = negation_end > 0
                            && negation_end <= m.start
                            && m.start <= negation_end + 1;
                        if after_stop || (after_negation && more) {
                            count(&mut s, Kw::Unsubscribe);
                        } else {
                            count(&mut s, Kw::Subscribe);
                        }
                    }
                    // "sổ nghèo nhà em bị rút rồi": the standing just said is denied.
                    Meaning::Kw(Kw::NegationAfter) => {
                        if let Some((st, end)) = last_standing
                            && m.start <= end + 4
                        {
                            s.standings.retain(|x| *x != st);
                            push_unique(&mut s.not_standings, st);
                        }
                    }
                    Meaning::Kw(Kw::Loan) => {
                        s.loan = s.loan.saturating_add(1);
                        let rate = meanings.contains(&Meaning::Kw(Kw::Aspect(LoanAspect::Rate)));
                        if !denied && !rate {
                            s.loan_explicit = s.loan_explicit.saturating_add(1);
                            if !held && !story {
                                explicit_loans.push(m.start);
                            }
                        }
                        loan_ends.push((m.start, m.end));
                        // A loan word ends what a negation reaches: "không phải vùng khó
                        // khăn, con vay sinh viên" asks about the student loan.
                        if m.start >= negation_end + 3 {
                            denied_until = 0;
                        }
                    }
                    Meaning::Kw(Kw::ProgrammeWord) => {
                        // "chương trình hộ mới thoát nghèo": what follows is a programme.
                        loan_ends.push((m.start, m.end));
                        count(&mut s, Kw::ProgrammeWord);
                    }
                    Meaning::Kw(Kw::Aspect(Amount)) => {
                        // "bao nhiêu" alone is a weak amount word; "tối đa", "mức vay" strong.
                        // A weak one right after a rate, a term or an age ("lãi suất là
                        // bao nhiêu") asks that one, not an amount.
                        let bare = phrase.words <= 3
                            && !meanings.contains(&Meaning::Kw(Kw::Loan))
                            && self.bare_amount_words.contains(&phrase.first);
                        if bare {
                            s.weak_amount = true;
                            if specific_aspect_before(m) {
                                continue;
                            }
                        } else {
                            s.strong_amount = true;
                        }
                        push_unique(&mut s.aspects, Amount);
                    }
                    Meaning::Kw(kw) => count(&mut s, kw),
                }
            }
        }
        // A programme denied once and named again ("chưa có tên hộ nghèo thì có vay được vốn
        // hộ nghèo không") is asked about all the same.
        // Needs told as the story before the wish ("con em đi học rồi, giờ em muốn vay nuôi
        // lợn") are not what the loan is for: the needs after the first wish or loan word
        // are, when there are any.
        // A wish or loan word of the story before an opener does not count.
        let anchor = kept
            .iter()
            .filter(|m| {
                m.start >= story_until
                    && self.phrases[m.phrase as usize]
                        .meanings
                        .iter()
                        .any(|x| matches!(x, Meaning::Kw(Kw::Need | Kw::Loan)))
            })
            .map(|m| m.start)
            .min();
        if let Some(anchor) = anchor
            && purpose_at.iter().any(|&(_, at)| at >= anchor)
        {
            s.purposes.retain(|p| {
                self.circumstance[usize::from(*p)]
                    || purpose_at.iter().any(|&(q, at)| q == *p && at >= anchor)
            });
        }
        // "lãi bao nhiêu %", "vay hộ nghèo bao nhiêu %": a per cent sign in a loan question
        // asks the rate, and a bare "bao nhiêu" next to it is that rate, not an amount.
        if text.contains('%') && s.loan > 0 {
            if s.weak_amount && !s.strong_amount {
                s.aspects.retain(|a| *a != Amount);
            }
            push_unique(&mut s.aspects, LoanAspect::Rate);
        }
        // A figure told to be confirmed ("được 100 triệu phải không", "trả trong 25 năm
        // đúng không"): a sum of money asks the amount, a span of years or months the term,
        // when nothing else is asked.
        if s.aspects.is_empty()
            && s.loan > 0
            && let Some(aspect) = told_figure(toks, &lexicon().told_figure)
        {
            s.aspects.push(aspect);
        }
        // A span told to be confirmed after "tối đa" ("vay tối đa được mười năm phải không"):
        // the longest term, not the largest amount.
        if s.aspects == [LoanAspect::Amount]
            && s.loan > 0
            && told_units(toks, &lexicon().told_figure) == [LoanAspect::Term]
        {
            s.aspects = vec![LoanAspect::Term];
        }
        // An age told with a loan ("em 60 tuổi rồi còn vay hộ nghèo được không", "bố em 62
        // tuổi đứng tên vay được không"): the age limit is asked, not who may borrow at large.
        // A need told first lists the programmes for it: the age there is the story.
        if s.loan > 0
            && (s.purposes.is_empty() || s.programmes.iter().any(|p| !p.1))
            && (s.aspects.is_empty() || s.aspects == [LoanAspect::Eligibility])
            && told_age(toks, &lexicon().told_figure)
        {
            s.aspects = vec![LoanAspect::Age];
        }
        s.apply_specific = self.apply_specific(toks, kept);
        // "được không" asks who may borrow only when nothing else is asked.
        if s.aspects.is_empty() {
            s.hinted = !s.hints.is_empty();
            s.aspects = std::mem::take(&mut s.hints);
        }
        // A loan held is the subject after all when nothing else is asked ("đang vay hộ
        // nghèo, lãi bao nhiêu").
        s.held = held_affirmed.iter().map(|x| x.0).collect();
        if !affirmed.iter().any(|a| a.1) && s.purposes.is_empty() {
            for (p, as_name) in held_affirmed {
                match affirmed.iter_mut().find(|x| x.0 == p) {
                    Some(x) => x.1 |= as_name,
                    None => affirmed.push((p, as_name)),
                }
            }
            for (p, at) in held_purposes {
                push_unique(&mut s.purposes, p);
                purpose_at.push((p, at));
            }
        }
        // Hamlets told only in the story, before the clause that asks a figure ("em là hội
        // viên chi hội phụ nữ bản Đông, …, đã có mấy gia đình thoát nghèo rồi").
        let fact_at = kept
            .iter()
            .filter(|m| {
                self.phrases[m.phrase as usize]
                    .meanings
                    .iter()
                    .any(|x| matches!(x, Meaning::Fact(_)))
            })
            .map(|m| m.start)
            .min();
        // The first clause that asks about a figure or criteria ("bản Đông đạt 6 tiêu chí rồi,
        // thế xã đạt mấy tiêu chí"): hamlets named only before it are the story too.
        let asking_at = kept
            .iter()
            .filter(|m| {
                self.phrases[m.phrase as usize].meanings.iter().any(|x| {
                    matches!(
                        x,
                        Meaning::Fact(_)
                            | Meaning::Criterion(_)
                            | Meaning::Kw(Kw::Criteria | Kw::Remaining | Kw::List)
                    )
                })
            })
            .filter(|m| {
                let (from, end) = (clause_start(m.start), clause_end(m.end));
                asks_or_counts(text, toks, from, end)
            })
            .map(|m| m.start)
            .min();
        // "bản He 46 đảng viên, xã bao nhiêu": no figure's clause asks, a later clause asks of
        // a unit of its own — the figure told is asked of that unit.
        let elided_at = fact_at.filter(|_| asking_at.is_none()).and_then(|first| {
            kept.iter()
                .filter(|m| m.start > first)
                .filter(|m| {
                    self.phrases[m.phrase as usize]
                        .meanings
                        .iter()
                        .any(|x| matches!(x, Meaning::Hamlet { .. } | Meaning::Commune { .. }))
                })
                .map(|m| clause_start(m.start))
                .filter(|&from| {
                    from > first && {
                        let end = clause_end(from + 1);
                        asks_or_counts(text, toks, from, end)
                    }
                })
                .min()
        });
        let fact_at = asking_at.or(elided_at).or(fact_at);
        s.counted = super::counts::read(text, toks, &lexicon().counts);
        if let Some(at) = s.counted.asked_at {
            let (from, to) = (clause_start(at), clause_end(at + 1));
            s.counted.change = s
                .counted
                .changes
                .iter()
                .flatten()
                .any(|&c| from <= c && c < to);
        }
        // "bản He có bao nhiêu hộ trồng chè", "mấy hộ nuôi bò": households counted with what
        // they do after them in their clause are a part — unless a figure's own words run on over it
        // ("bao nhiêu hộ đã thoát nghèo").
        if s.counted.households {
            let after = s.counted.after;
            let is = |m: &Match, want: &dyn Fn(&Meaning) -> bool| {
                self.phrases[m.phrase as usize].meanings.iter().any(want)
            };
            // What they do or have, in the count's clause ("… hộ dùng nước sạch", "mấy hộ ở
            // bản He có nhà vệ sinh").
            let doing = kept.iter().any(|m| {
                m.start >= after
                    && m.start < clause_end(after)
                    && is(m, &|x| matches!(x, Meaning::Purpose(_)))
            });
            let spanned = kept.iter().any(|m| {
                m.start < after && m.end > after && is(m, &|x| matches!(x, Meaning::Fact(_)))
            });
            // "bao nhiêu nhà thuộc diện hộ nghèo", "mấy hộ có sổ hộ nghèo": the qualifier
            // names the standing counted, not a part.
            let standing_named = kept.iter().any(|m| {
                m.start > after
                    && m.start <= after + 3
                    && is(m, &|x| matches!(x, Meaning::Kw(Kw::Standing(_))))
            });
            if spanned || standing_named {
                s.counted.part = false;
            } else if doing {
                s.counted.part = true;
            }
        }
        let fact_at = match (fact_at, s.counted.counted_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(at) = fact_at {
            let asked_from = clause_start(at);
            // Named as what is asked: before the figure in its clause ("…, xã có bao nhiêu
            // đảng viên"), or by a name of its own after it; not "báo cáo xã" at the end.
            // Named after every hamlet, and no "bản em" in the asking clause ("chị ở bản Đông
            // đây, xã mình giờ thu nhập …").
            let means = |m: &Match, want: &dyn Fn(&Meaning) -> bool| {
                self.phrases[m.phrase as usize].meanings.iter().any(want)
            };
            let after_hamlets = kept
                .iter()
                .filter(|m| means(m, &|x| matches!(x, Meaning::Hamlet { .. })))
                .map(|m| m.end)
                .max()
                .unwrap_or(0)
                .min(asked_from);
            let home_asked = kept
                .iter()
                .any(|m| m.start >= asked_from && means(m, &|x| *x == Meaning::Kw(Kw::Home)));
            s.commune_asked = !home_asked
                && kept.iter().any(|m| {
                    means(m, &|x| match x {
                        // "tiêu chí thu nhập của xã": the commune owns what is asked.
                        Meaning::Commune { strong } => {
                            let owner = m.start > 0
                                && matches!(toks[m.start - 1].text, "cua" | "o" | "tai" | "of");
                            m.start >= after_hamlets && (m.start <= at || *strong || owner)
                        }
                        _ => false,
                    })
                });
            for &(h, _) in &s.hamlets {
                let told = kept.iter().all(|m| {
                    m.end <= asked_from
                        || !self.phrases[m.phrase as usize]
                            .meanings
                            .iter()
                            .any(|x| matches!(x, Meaning::Hamlet { index, .. } if *index == h))
                });
                if told {
                    s.story_hamlets.push(h);
                }
            }
        }
        let first_loan = kept
            .iter()
            .filter(|m| {
                m.start >= story_until && has_kw(m, &|k| matches!(k, Kw::Loan | Kw::ProgrammeWord))
            })
            .map(|m| m.start)
            .min()
            .unwrap_or(toks.len());
        let first_remaining = kept
            .iter()
            .filter(|m| has_kw(m, &|k| k == Kw::Remaining))
            .map(|m| m.start)
            .min();
        s.count_met_first = first_remaining.is_some_and(|r| {
            kept.iter().any(|m| {
                has_kw(m, &|k| k == Kw::CountMet) && m.end <= r && {
                    let end = clause_end(m.end);
                    end <= r || (m.end..=r).any(|i| SEPARATORS.contains(&toks[i].text))
                }
            })
        });
        // "riêng bản He thì hộ nghèo chiếm mấy phần trăm": every rate word is a share word.
        let rate_words: Vec<&Match> = kept
            .iter()
            .filter(|m| has_kw(m, &|k| k == Kw::Aspect(LoanAspect::Rate)))
            .collect();
        s.share_only = !rate_words.is_empty()
            && rate_words.iter().all(|m| {
                toks[m.start..m.end].iter().all(|t| {
                    matches!(
                        t.text,
                        "bao" | "nhieu" | "may" | "phan" | "tram" | "percent" | "per" | "cent"
                    )
                })
            });
        if let Some(c) = s.counted.counted_at {
            let from = clause_start(c);
            s.loan_before_count = explicit_loans.iter().any(|&l| l < from);
            s.loan_in_count_clause = explicit_loans
                .iter()
                .any(|&l| from <= l && l < clause_end(c + 1));
        }
        s.wish = kept.iter().any(|m| {
            has_kw(m, &|k| k == Kw::Need)
                && !kept
                    .iter()
                    .any(|n| n.end == m.start && has_kw(n, &|k| k == Kw::Negation))
        });
        let fact_of = |m: &Match| {
            self.phrases[m.phrase as usize]
                .meanings
                .iter()
                .find_map(|x| match x {
                    Meaning::Fact(f) => Some(*f),
                    _ => None,
                })
        };
        for m in kept {
            let Some(f) = fact_of(m) else { continue };
            let overlaps = kept
                .iter()
                .any(|o| o.start < m.end && m.start < o.end && fact_of(o).is_some_and(|g| g != f));
            if overlaps {
                for &st in &self.fact_traits[usize::from(f)].0 {
                    push_unique(&mut s.overlap_standings, st);
                }
            }
        }
        // "bản He có mấy hộ nghèo, còn vay …": a figure asked first in a clause of its own,
        // "mấy" asking as "bao nhiêu" does; a figure named by words a programme's name shares
        // counts when its clause names the unit.
        let mut first_fact_end: Option<usize> = None;
        for m in kept {
            let Some(f) = fact_of(m) else { continue };
            let weak = !s.facts.contains(&f);
            if weak && !s.weak_facts.contains(&f) {
                continue;
            }
            let (from, clause) = (clause_start(m.start), clause_end(m.end));
            // Said on without a break ("bản He có bao nhiêu hộ nghèo vay hộ nghèo lãi bao
            // nhiêu"): the figure's words end at the loan word when the words from it ask a
            // question of their own (not "… hộ nghèo được vay hộ nghèo": borrowers counted).
            let rest = clause_end(first_loan + 1);
            let run_on = clause > first_loan
                && m.end <= first_loan
                && (asks_or_counts(text, toks, first_loan, rest)
                    || kept.iter().any(|o| {
                        o.start >= first_loan
                            && o.start < rest
                            && has_kw(o, &|k| matches!(k, Kw::Aspect(a) if a != Amount))
                    }));
            let end = if run_on { first_loan } else { clause };
            let unit_in_clause = kept.iter().any(|o| {
                o.start >= from
                    && o.end <= end
                    && self.phrases[o.phrase as usize]
                        .meanings
                        .iter()
                        .any(|x| matches!(x, Meaning::Hamlet { .. } | Meaning::Commune { .. }))
            });
            let asks = asks_or_counts(text, toks, from, end);
            if m.start >= story_until && end <= first_loan && (!weak || unit_in_clause) && asks {
                push_unique(&mut s.first_facts, f);
                first_fact_end = Some(first_fact_end.map_or(end, |e: usize| e.min(end)));
            }
        }
        // "bản He còn mấy hộ nghèo ạ, hộ cận nghèo thì vay được bao nhiêu": standings said
        // only after the clause of the figure asked first are the loan's, not the figure's.
        if let Some(end) = first_fact_end {
            for &st in &s.standings {
                let only_late = kept
                    .iter()
                    .filter(|m| has_kw(m, &|k| k == Kw::Standing(st)))
                    .all(|m| m.start >= end);
                if only_late {
                    s.loan_standings.push(st);
                }
            }
        }
        let unit_match = |m: &Match, commune: bool| {
            self.phrases[m.phrase as usize].meanings.iter().any(|x| {
                if commune {
                    matches!(x, Meaning::Commune { .. })
                } else {
                    matches!(x, Meaning::Hamlet { .. })
                }
            })
        };
        s.commune_joined = kept.iter().any(|a| {
            kept.iter().any(|b| {
                let (first, second) = if a.end <= b.start { (a, b) } else { (b, a) };
                unit_match(a, true)
                    && unit_match(b, false)
                    && first.end < second.start
                    && second.start - first.end <= 3
                    && toks[first.end..second.start]
                        .iter()
                        .any(|t| matches!(t.text, "va" | "voi" | "and" | "lan"))
                    && toks[first.end..second.start]
                        .iter()
                        .all(|t| matches!(t.text, "va" | "voi" | "and" | "lan" | "o" | "in" | "ca"))
            })
        });
        {
            let asks_at = |i: usize| {
                let (from, end) = (clause_start(i), clause_end(i + 1));
                asks_or_counts(text, toks, from, end)
            };
            let clause_of = |i: usize| clause_start(i);
            let hamlet_at: Vec<usize> = kept
                .iter()
                .filter(|m| unit_match(m, false) && m.start >= story_until)
                .map(|m| m.start)
                .collect();
            let commune_at = kept
                .iter()
                .filter(|m| unit_match(m, true) && m.start >= story_until)
                .map(|m| m.start)
                .find(|&c| asks_at(c) && hamlet_at.iter().all(|&h| clause_of(h) != clause_of(c)));
            if let Some(c) = commune_at
                && let Some(&h) = hamlet_at.iter().find(|&&h| asks_at(h))
            {
                s.commune_apart = Some(c < h);
            }
        }
        // Every figure asked, with the end of the clause that asks it and the unit that
        // clause names — only figures asked: not told in the story ("ông em là đảng viên ở
        // bản He, ông hỏi cả xã …"), and in a clause that asks. One reading behind both
        // `fact_units` (clauses naming different units) and `facts_apart` (a later clause
        // naming a standing or another figure): figures asked in clauses of their own are
        // questions of their own.
        let mut asked: Vec<(u16, &Match, usize, Option<ClauseUnit>)> = Vec::new();
        for m in kept {
            let Some(f) = fact_of(m) else { continue };
            if !s.facts.contains(&f) && !s.weak_facts.contains(&f) {
                continue;
            }
            let (from, end) = (clause_start(m.start), clause_end(m.end));
            let asks = asks_or_counts(text, toks, from, end);
            if m.end <= story_until || !asks {
                continue;
            }
            let unit = kept
                .iter()
                .filter(|o| o.start >= from && o.end <= end)
                .find_map(|o| {
                    self.phrases[o.phrase as usize]
                        .meanings
                        .iter()
                        .find_map(|x| match x {
                            Meaning::Hamlet { index, .. } => Some(ClauseUnit::Hamlet(*index)),
                            Meaning::Commune { .. } => Some(ClauseUnit::Commune),
                            _ => None,
                        })
                });
            asked.push((f, m, end, unit));
        }
        for &(f, _, _, unit) in &asked {
            if let Some(u) = unit
                && !s.fact_units.contains(&(f, u))
            {
                s.fact_units.push((f, u));
            }
        }
        // "bản He có bao nhiêu hộ, còn mấy hộ nghèo": a figure named by words of its own,
        // then a standing or another figure in a later clause.
        s.facts_apart = asked.iter().any(|&(f, m, end, _)| {
            s.facts.contains(&f)
                && m.start >= story_until
                && kept.iter().any(|o| {
                    o.start >= end
                        && self.phrases[o.phrase as usize].meanings.iter().any(|x| {
                            matches!(x, Meaning::Kw(Kw::Standing(_)))
                                || matches!(x, Meaning::Fact(g)
                                    if !self.phrases[m.phrase as usize]
                                        .meanings
                                        .contains(&Meaning::Fact(*g)))
                        })
                })
        });
        // Denied hamlets count only beside one that is not ("không phải bản He, bản Đông").
        s.not_hamlets
            .retain(|h| !s.hamlets.iter().any(|x| x.0 == *h));
        // "không phải bản He đâu, cả xã có bao nhiêu đảng viên": the commune named instead.
        if s.hamlets.is_empty() && !s.commune && !s.commune_weak {
            for h in std::mem::take(&mut s.not_hamlets) {
                s.hamlets.push((h, true));
            }
        }
        // A programme's name begun right after a loan word, its rest unread ("vay hỗ trợ
        // <unreadable> ở"): which programme is meant is not known.
        for &(_, b) in &loan_ends {
            for (p, names) in self.name_words.iter().enumerate() {
                let p = index16(p);
                let begun = names.iter().any(|name| {
                    (2..name.len()).any(|k| {
                        b + k < toks.len()
                            && toks[b..b + k]
                                .iter()
                                .zip(&name[..k])
                                .all(|(t, &w)| t.id == Some(w))
                            && !covered[b + k]
                    })
                });
                if begun && !affirmed.iter().any(|a| a.0 == p) {
                    push_unique(&mut s.unread_names, p);
                }
            }
        }
        s.excluded.retain(|p| !affirmed.iter().any(|a| a.0 == *p));
        s.programmes = affirmed.into_iter().map(|(p, n)| (p, !n)).collect();
        s.standings.retain(|st| !s.not_standings.contains(st));
        s.loose_words = toks
            .iter()
            .zip(&covered)
            .filter(|(t, c)| !**c && !t.id.is_some_and(|id| self.particle[id as usize]))
            .count();
        s
    }
}

impl Understander {
    /// Where to apply is asked by a step ("nộp ở đâu", "nhận tiền ở đâu", "mang đơn"), not
    /// only "vay ở đâu".
    fn apply_specific(&self, toks: &[Tok<'_>], kept: &[Match]) -> bool {
        kept.iter().any(|m| {
            self.phrases[m.phrase as usize]
                .meanings
                .contains(&Meaning::Kw(Kw::Aspect(LoanAspect::Apply)))
                && toks[m.start..m.end]
                    .iter()
                    .any(|t| matches!(t.text, "nop" | "nhan" | "mang" | "don" | "ky" | "xac"))
        })
    }

    /// Whether need `m` is said in the frame of a name of programme `p`: the two words or
    /// more right before it are how that name starts, and the need shares a word with the
    /// rest of the name ("hỗ trợ làm nhà": "hỗ trợ" + "nhà ở" of "hỗ trợ nhà ở").
    pub(super) fn framed(&self, toks: &[Tok<'_>], m: &Match, p: u16) -> bool {
        let need: Vec<u32> = toks[m.start..m.end].iter().filter_map(|t| t.id).collect();
        self.name_words[usize::from(p)].iter().any(|name| {
            (2..name.len()).any(|k| {
                m.start >= k
                    && toks[m.start - k..m.start]
                        .iter()
                        .zip(&name[..k])
                        .all(|(t, &w)| t.id == Some(w))
                    && name[k..].iter().any(|w| need.contains(w))
            })
        })
    }

    /// A follow-up ("bản Đông đạt sáu tiêu chí rồi, còn bản He thì sao"): the subjects named
    /// in its clause (after the last "còn" or punctuation before "thì sao") replace the
    /// subjects of the same kind said before — a unit replaces the unit, a figure the figure,
    /// a criterion or programme its own kind — so the earlier one is context, not the question.
    pub(super) fn follow_up(&self, text: &str, toks: &[Tok<'_>], kept: Vec<Match>) -> Vec<Match> {
        let is_follow = |m: &Match| {
            self.phrases[m.phrase as usize]
                .meanings
                .contains(&Meaning::Kw(Kw::FollowUp))
        };
        let Some(at) = kept.iter().filter(|m| is_follow(m)).map(|m| m.start).max() else {
            return kept;
        };
        // Where the follow-up's clause starts.
        let mut clause = 0usize;
        for i in (1..=at.min(toks.len())).rev() {
            let i = i.min(toks.len() - 1);
            let gap = text
                .get(toks[i - 1].original.end..toks[i].original.start)
                .unwrap_or("");
            if toks[i - 1].text == "con" || gap.contains([',', ';', '.', '?', '!', ':']) {
                clause = i;
                break;
            }
        }
        if clause == 0 {
            return kept;
        }
        // "bản Đông đạt tiêu chí điện chưa, còn đường thì sao": what comes before is a
        // question of its own, not context. Both stand (and are offered, not one stated).
        // Only the clause right before counts ("bản Đông thấy bảo đạt 6 tiêu chí rồi, còn bản
        // He thì sao" after another question is still a follow-up).
        let mut before = clause;
        if toks[before - 1].text == "con" {
            before -= 1;
        }
        let gap_before = |i: usize| {
            text.get(toks[i - 1].original.end..toks[i].original.start)
                .is_some_and(|g| g.contains([',', ';', '.', '?', '!', ':']))
        };
        let from = (1..before).rev().find(|&i| gap_before(i)).unwrap_or(0);
        if super::decide::clause_asks(text, toks, from, before) {
            return kept;
        }
        let kinds = |m: &Match| -> u8 {
            self.phrases[m.phrase as usize]
                .meanings
                .iter()
                .map(|x| match x {
                    Meaning::Hamlet { .. }
                    | Meaning::Commune { .. }
                    | Meaning::Kw(Kw::Home | Kw::Commune) => 1,
                    Meaning::Fact(_) => 2,
                    Meaning::Criterion(_) => 4,
                    Meaning::Programme(_) | Meaning::ProgrammePart(_) => 8,
                    Meaning::Purpose(_) => 16,
                    Meaning::Kw(_) => 0,
                })
                .fold(0, |a, b| a | b)
        };
        let asked: u8 = kept
            .iter()
            .filter(|m| m.start >= clause)
            .map(kinds)
            .fold(0, |a, b| a | b);
        kept.into_iter()
            .filter(|m| {
                let k = kinds(m);
                m.start >= clause || k == 0 || k & asked != k
            })
            .collect()
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

/// Words that end a clause: what follows them is another question.
const SEPARATORS: &[&str] = &["va", "voi", "con", "and", "nua", "also", "hay"];

/// Words that turn a story to what comes next ("giờ muốn…", "mà…", "nhưng…").
const TURNS: &[&str] = &["gio", "ma", "nhung", "bay", "nay", "but", "now"];

/// A turn of the story to the asker at word `i` ("nhưng nhà em …", "còn em …", "mà em …",
/// or "… rồi em thì …"): where the asker's own words start, after it. "con" turns only typed
/// "còn" ("con em" is a child). Who asks is the lexicon's `askers`.
pub(super) fn turn_to_asker(text: &str, toks: &[Tok<'_>], i: usize) -> Option<usize> {
    let asker_at = |j: usize| {
        lexicon().askers.iter().find_map(|a| {
            (j + a.len() <= toks.len()
                && toks[j..j + a.len()]
                    .iter()
                    .zip(a.iter())
                    .all(|(t, w)| t.text == w.as_str()))
            .then_some(j + a.len())
        })
    };
    let word = toks.get(i)?;
    let turn = match word.text {
        "nhung" | "ma" | "but" => true,
        "con" => text
            .get(word.original.clone())
            .is_some_and(|w| w.to_lowercase() == "còn"),
        _ => false,
    };
    if turn {
        let mut j = i + 1;
        if toks.get(j).is_some_and(|t| t.text == "ma") {
            j += 1;
        }
        return asker_at(j);
    }
    // "em thì": the asker as the topic of what follows.
    let end = asker_at(i)?;
    (i > 0 && toks.get(end).is_some_and(|t| t.text == "thi")).then_some(end + 1)
}

/// The most words a clause of a story runs on for.
const CLAUSE: usize = 9;

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

pub(super) fn count(s: &mut Signals, kw: Kw) {
    let field = match kw {
        Kw::Greeting => &mut s.greeting,
        Kw::Help => &mut s.help,
        Kw::Criteria => &mut s.criteria_kw,
        Kw::Remaining => &mut s.remaining,
        Kw::List => &mut s.list,
        Kw::Overview => &mut s.overview,
        Kw::Facts => &mut s.facts_kw,
        Kw::Info => &mut s.info,
        Kw::Loan => &mut s.loan,
        Kw::Process => &mut s.process,
        Kw::ProgrammeWord => &mut s.programme_word,
        Kw::Subscribe => &mut s.subscribe,
        Kw::Unsubscribe => &mut s.unsubscribe,
        Kw::Mine => &mut s.mine,
        Kw::News => &mut s.news,
        Kw::NewsHint => &mut s.news_hint,
        Kw::Forget => &mut s.forget,
        Kw::Cancel => &mut s.cancel,
        Kw::Yes => &mut s.yes,
        Kw::Thanks => &mut s.thanks,
        Kw::Ack => &mut s.ack,
        Kw::Need | Kw::Lack => &mut s.need,
        Kw::NoAnswer => &mut s.no_answer,
        Kw::NoAnswerHint => &mut s.no_answer_hint,
        Kw::OwnCase => &mut s.own_case,
        Kw::FigurePart => &mut s.figure_part,
        Kw::Home => &mut s.home,
        Kw::FollowUp => &mut s.follow_up,
        Kw::CountHouseholds => &mut s.count_households,
        Kw::Organisation => &mut s.organisation,
        Kw::Learned => &mut s.learned,
        // Read where the phrase is: they depend on their neighbours.
        Kw::Filler
        | Kw::Negation
        | Kw::NegationAfter
        | Kw::Other
        | Kw::Stop
        | Kw::Exclusion
        | Kw::Never
        | Kw::Commune
        | Kw::Held
        | Kw::HeldAfter
        | Kw::NotAsked
        | Kw::Ask
        | Kw::CountMet
        | Kw::Standing(_)
        | Kw::NotStanding(_) => return,
        Kw::Aspect(a) => {
            push_unique(&mut s.aspects, a);
            return;
        }
        Kw::Hint(a) => {
            push_unique(&mut s.hints, a);
            return;
        }
        Kw::Lang(l) => {
            s.languages.push(l);
            return;
        }
    };
    *field = field.saturating_add(1);
}

/// Keeps the matches no longer match contains, and the cheapest of those covering the same
/// words: "còn lại" hides "lại", "hộ cận nghèo" hides "cận nghèo", "Bản Đông" hides "Đông".
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

/// The aspect of a figure the asker tells and asks to confirm ("50 tr phải không", "hai mươi
/// lăm năm đúng không"): a number then a sum of money is the amount, a number then years or
/// months the term. `None` without a number and its unit, or without the words that ask for
/// confirmation. The words are the lexicon's `[told_figure]`.
/// Whether a number is told as an age: digits or a number word right before a word of
/// `age`, or glued to it ("60tuoi"), or right after a word of `age_before` ("I am 17").
pub(super) fn told_age(toks: &[Tok<'_>], words: &ToldFigure) -> bool {
    let text: Vec<&str> = toks.iter().map(|t| t.text).collect();
    text.iter().enumerate().any(|(i, w)| {
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && digits < w.len() {
            return words.age.iter().any(|a| *a == w[digits..]);
        }
        let number = (digits > 0 && digits == w.len()) || words.numbers.iter().any(|n| n == w);
        number
            && (text
                .get(i + 1)
                .is_some_and(|n| words.age.iter().any(|a| a == n))
                || (i > 0 && words.age_before.iter().any(|a| a == text[i - 1])))
    })
}

fn told_figure(toks: &[Tok<'_>], words: &ToldFigure) -> Option<LoanAspect> {
    told_units(toks, words).first().copied()
}

/// Every kind of figure told to be confirmed, in the order told (see [`told_figure`]).
fn told_units(toks: &[Tok<'_>], words: &ToldFigure) -> Vec<LoanAspect> {
    let has = |list: &[String], w: &str| list.iter().any(|x| x == w);
    let text: Vec<&str> = toks.iter().map(|t| t.text).collect();
    let confirm = text
        .windows(2)
        .any(|w| words.confirm.iter().any(|[a, b]| a == w[0] && b == w[1]))
        || text.last().is_some_and(|w| has(&words.confirm_last, w));
    let mut out = Vec::new();
    if !confirm {
        return out;
    }
    let unit_of = |unit: &str| {
        if has(&words.money, unit) {
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
        let number = (digits > 0 && digits == w.len()) || has(&words.numbers, w);
        if let (true, Some(next)) = (number, text.get(i + 1))
            && let Some(aspect) = unit_of(next)
        {
            push_unique(&mut out, aspect);
        }
    }
    out
}

/// Whether the words `from..to` ask a question (`decide::clause_asks`) or count: "mấy" asks
/// a figure like "bao nhiêu", though it is no question word of `clause_asks`. The one test of
/// a clause that asks a figure, shared by every reading of the figures and units asked.
pub(super) fn asks_or_counts(text: &str, toks: &[Tok<'_>], from: usize, to: usize) -> bool {
    super::decide::clause_asks(text, toks, from, to)
        || toks
            .get(from..to)
            .is_some_and(|w| w.iter().any(|t| t.text == "may"))
}

/// Whether the asking opener at `start..end` asks something too ("tiện hỏi luôn", "cho em
/// hỏi thêm"): the words before it are a first question, not a story.
fn also_asked(toks: &[Tok<'_>], start: usize, end: usize) -> bool {
    let too = |t: &Tok<'_>| matches!(t.text, "luon" | "them");
    start.checked_sub(1).is_some_and(|i| toks[i].text == "tien")
        || toks[start..end].iter().any(too)
        || toks.get(end).is_some_and(too)
}
