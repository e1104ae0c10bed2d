//! Words: a folded question becomes word tokens — shorthand rewritten (alone, in pairs, or
//! by the words around it), marks read against the spellings each word is known with,
//! Telex/VNI decoded, letters held down squeezed, glued words cut, particles marked.

use std::ops::Range;

use super::Understander;
use super::index::push_unique;
use super::spelling::{Reading, squeeze};
use crate::text::fold::{self, Folded};

/// Words of a message that are read: a question fits many times over, and matching grows with
/// the square of the words kept, so a pasted essay must not cost milliseconds.
pub(super) const MAX_WORDS: usize = 200;

/// Marks no typed word can have, given to a word read as a particle (see [`PARTICLE_AFTER`]).
pub(super) const PARTICLE_MARKS: u32 = 0xFFFF_FFFE;

/// Marks of a word repaired from Telex/VNI ("giaS" → "giá"): whatever they were, they were
/// typed, so the word is taken with any.
pub(super) const REPAIRED_MARKS: u32 = 0xFFFF_FFFD;

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
    /// Read from shorthand by the words around it (lexicon `rewrite_near`, an option's words
    /// found): what it became is meant, so no pair rewrite reads it as typed again ("vay cn
    /// bò": "cn" is "chăn nuôi" there, not the "cận nghèo" of "vay cn").
    pub(super) near: bool,
}

impl Understander {
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
                near: false,
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
                        t.near = !unsure;
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
                    near: false,
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
                near: false,
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
                    let b = typed_b.filter(|_| typed_a.is_none() && !toks[i].near)?;
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
                        near: false,
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
            // Last, or followed only by a question's end particles ("bao nhiêu vay ad":
            // "bao nhiêu vậy ad").
            let ends = || {
                let end_particles = &super::lexicon::lexicon().words.question_end_particles;
                toks[i + 1..].iter().all(|t| end_particles.has(t.text))
            };
            let particle = self.particle_after.iter().find(|p| {
                p.word == id
                    && (!p.last_only || ends())
                    && p.before.contains(&before)
                    && !next.is_some_and(|n| p.unless.contains(&n))
            });
            if let Some(p) = particle
                && toks[i].marks == 0
            {
                toks[i].marks = p.marks;
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
}
