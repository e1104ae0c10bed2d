//! The index: every keyword and content name, folded into a trie of word ids, built once per
//! catalog.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::lexicon::*;
use crate::content::model::Standing;
use crate::core::catalog::Catalog;
use crate::text::fold;

/// A lexicon `particle_after` entry as word ids: the word, whether only as the last word, the
/// words before it that make it a particle, the words after it that do not ("việc làm lãi
/// suất"), and the marks it is then read with (`reads`, or marks no typed word has).
#[derive(Debug, Clone)]
pub(super) struct ParticleRule {
    pub(super) word: u32,
    pub(super) last_only: bool,
    pub(super) before: Vec<u32>,
    pub(super) unless: Vec<u32>,
    pub(super) marks: u32,
}
/// One meaning of a phrase; a phrase may have several ("vệ sinh môi trường" is a criterion and
/// part of a programme name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Meaning {
    Kw(Kw),
    /// A hamlet; `strong` unless the name is a single word, since "Đông" and "He" are also
    /// ordinary words and only count where a unit is expected.
    Hamlet {
        index: u16,
        strong: bool,
    },
    Commune {
        strong: bool,
    },
    Programme(u16),
    /// A run of words from inside a programme's name: a hint in a loan question, no more.
    ProgrammePart(u16),
    Criterion(u16),
    /// A need a programme serves ("nuôi bò"): an index into [`Understander::purposes`].
    Purpose(u16),
    /// A figure some unit has ("số hộ", "hợp tác xã"): an index into the catalog's facts.
    Fact(u16),
}

/// Two typed word ids and the (word, marks) they stand for.
pub(super) type PairRewrite = ((u32, u32), Vec<(u32, u32)>);

/// A typed word that stands for others ("sv" → "sinh viên").
#[derive(Debug, Clone)]
pub(super) struct Rewrite {
    /// The marks the typed word must carry; `None`: any.
    pub(super) marks: Option<u32>,
    /// The words it stands for, with their marks.
    pub(super) to: Vec<(u32, u32)>,
    /// Only as the first word of a message.
    pub(super) first_only: bool,
}

/// Words with their marks, as a rewrite produces them.
pub(super) type Words = Vec<(u32, u32)>;

/// A shorthand word read by the words around it (lexicon `rewrite_near`).
#[derive(Debug, Clone)]
pub(super) struct NearRewrite {
    /// The marks the word is typed with to be read so (0: typed without any).
    pub(super) marks: u32,
    /// How far (in words, either side) the context is looked for.
    pub(super) within: usize,
    /// What it stands for (words with marks), and the word ids that call for it nearby.
    pub(super) options: Vec<NearOpt>,
    /// What it is read as when no option's words are near: offered, never stated.
    pub(super) unsure: Option<Vec<(u32, u32)>>,
}

/// One reading of a [`NearRewrite`] word (lexicon `rewrite_near` options).
#[derive(Debug, Clone)]
pub(super) struct NearOpt {
    /// What it stands for (words with marks).
    pub(super) to: Words,
    /// Word ids that call for it on either side, only before it, only after it.
    pub(super) near: Vec<u32>,
    pub(super) before: Vec<u32>,
    pub(super) after: Vec<u32>,
}

/// FNV-1a: the keys are short ASCII words, where SipHash's per-call cost dominates.
#[derive(Clone, Copy)]
pub(super) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

pub(super) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[derive(Debug, Clone, Copy)]
pub(super) struct Edge {
    pub(super) word: u32,
    /// The diacritics this spelling requires when the typed word has some; `None` accepts any
    /// (a catalog name written without diacritics says nothing about them).
    pub(super) marks: Option<u32>,
    pub(super) to: u32,
}

#[derive(Debug, Default, Clone)]
pub(super) struct Node {
    /// Sorted by word.
    pub(super) edges: Vec<Edge>,
    pub(super) phrase: Option<u32>,
}

#[derive(Debug, Clone)]
pub(super) struct Phrase {
    pub(super) meanings: Vec<Meaning>,
    /// Letters without spaces: decides how many typos the phrase tolerates.
    pub(super) letters: usize,
    pub(super) words: usize,
    /// The first word (the only one, for one-word phrases).
    pub(super) first: u32,
    /// A one-word need ("bò", "chè"): typos are not guessed into it.
    pub(super) exact: bool,
    /// A one-word name spelt like a common word ("chợ" and "cho"): typed without marks it is
    /// the common word.
    pub(super) strict: bool,
}

#[derive(Debug, Clone)]
pub struct Understander {
    pub(super) words: Vec<Box<str>>,
    pub(super) ids: FnvMap<Box<str>, u32>,
    /// Words that some phrase uses (as opposed to stop words only).
    pub(super) content: Vec<bool>,
    pub(super) particle: Vec<bool>,
    /// Words of the content's own names ("Nà" of "Nà Lại"): never rewritten as shorthand.
    pub(super) name_word: Vec<bool>,
    /// Words of some English phrase (written in ASCII, plurals read as singular): a typed
    /// plural of one of them is read as it ("loans", "rates").
    pub(super) english: Vec<bool>,
    pub(super) nodes: Vec<Node>,
    pub(super) phrases: Vec<Phrase>,
    pub(super) commune: Option<String>,
    pub(super) hamlets: Vec<String>,
    pub(super) programmes: Vec<String>,
    pub(super) criteria: Vec<String>,
    /// Hamlet prefix words with the marks of their proper spelling ("bản", not "bạn").
    pub(super) prefixes: Vec<(u32, u32)>,
    /// The lexicon's `particle_after` as word ids.
    pub(super) particle_after: Vec<ParticleRule>,
    /// Fact keys (the catalog's merged facts).
    pub(super) facts: Vec<String>,
    /// For each fact, the household standings its names speak of ("Số hộ nghèo": poor) and
    /// whether they speak of loans ("dư nợ", "cho vay").
    /// …and whether it counts households ("Số hộ", "Gia đình … đã thoát nghèo"; not an
    /// area, an amount or a rate).
    pub(super) fact_traits: Vec<(Vec<Standing>, bool, bool)>,
    /// For each fact, whether it is a rate ("Tỷ lệ …", "%"): a count is never answered by a
    /// rate, nor a share by a count.
    pub(super) fact_rates: Vec<bool>,
    /// For each need group, the programmes that serve it.
    pub(super) purposes: Vec<Vec<u16>>,
    /// For each need group, whether it tells the asker's circumstances (lexicon
    /// `circumstances`): kept when told as the story before the wish.
    pub(super) circumstance: Vec<bool>,
    /// …and whether, told so, it narrows only needs it shares a programme with (lexicon
    /// `circumstances_apart`).
    pub(super) circumstance_apart: Vec<bool>,
    /// Shorthand rewrites by word id.
    pub(super) rewrites: FnvMap<u32, Vec<Rewrite>>,
    /// Two-word rewrites: (first, second) word ids → the two they stand for, with marks.
    pub(super) pair_rewrites: Vec<PairRewrite>,
    /// What each unit can answer, by unit id.
    pub(super) units: Vec<crate::core::catalog::UnitContent>,
    /// First words of a bare amount phrase ("bao nhiêu", "được bao nhiêu", "how much").
    pub(super) bare_amount_words: Vec<u32>,
    /// Word pairs that follow each other in some phrase (to cut glued words well).
    pub(super) follows: std::collections::HashSet<(u32, u32), BuildHasherDefault<Fnv>>,
    /// The same pairs by word: what follows it in some phrase, and what comes before it (to
    /// cut a glued word with a typo in one piece, "hongeo": "ho" + a typo of "nghèo").
    pub(super) next_words: FnvMap<u32, Vec<u32>>,
    pub(super) prev_words: FnvMap<u32, Vec<u32>>,
    pub(super) loans: Vec<crate::core::catalog::LoanTraits>,
    /// Every spelling a word is known with, by word id: its marks and their letter-by-letter
    /// detail ("lai": "lãi", "lại", "lài"…), from keywords, names written with diacritics,
    /// common words and what shorthand stands for. A word typed with one of them is that
    /// word; typed with some marks left out it is the one spelling it fits, if only one does.
    pub(super) spellings: FnvMap<u32, Vec<(u32, fold::Detail)>>,
    /// Shorthand read by the words around it, by typed word id.
    pub(super) near_rewrites: FnvMap<u32, NearRewrite>,
    /// Programmes one of whose names is a household standing ("hộ nghèo"): asked by a
    /// household of that standing, it is their own programme.
    pub(super) standing_programmes: Vec<(Standing, u16)>,
    /// For each programme, the words of each of its names (without a leading "cho vay"),
    /// as word ids: a need said in a name's frame ("hỗ trợ làm nhà", like "hỗ trợ nhà ở")
    /// points at that programme.
    pub(super) name_words: Vec<Vec<Vec<u32>>>,
}

pub(super) fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

impl Understander {
    /// Folds every name of the catalog and every keyword into the matching tables.
    pub fn new(catalog: &Catalog) -> Understander {
        let lex = lexicon();
        let mut u = Understander {
            words: Vec::new(),
            ids: FnvMap::default(),
            content: Vec::new(),
            particle: Vec::new(),
            name_word: Vec::new(),
            english: Vec::new(),
            nodes: vec![Node::default()],
            phrases: Vec::new(),
            commune: catalog.commune.as_ref().map(|c| c.id.clone()),
            hamlets: catalog.hamlets.iter().map(|h| h.id.clone()).collect(),
            programmes: catalog.programmes.iter().map(|p| p.id.clone()).collect(),
            criteria: catalog.criteria.iter().map(|c| c.id.clone()).collect(),
            prefixes: Vec::new(),
            particle_after: Vec::new(),
            facts: catalog.facts.iter().map(|f| f.id.clone()).collect(),
            fact_traits: catalog.facts.iter().map(fact_traits).collect(),
            fact_rates: catalog.facts.iter().map(fact_is_rate).collect(),
            purposes: Vec::new(),
            circumstance: Vec::new(),
            circumstance_apart: Vec::new(),
            rewrites: FnvMap::default(),
            pair_rewrites: Vec::new(),
            units: catalog.units.clone(),
            follows: Default::default(),
            next_words: FnvMap::default(),
            prev_words: FnvMap::default(),
            bare_amount_words: Vec::new(),
            loans: catalog.loans.clone(),
            spellings: FnvMap::default(),
            near_rewrites: FnvMap::default(),
            standing_programmes: Vec::new(),
            name_words: Vec::new(),
        };
        for (text, kws) in &lex.keywords {
            for &kw in kws {
                let meaning = match kw {
                    Kw::Commune if catalog.commune.is_some() => Meaning::Commune { strong: true },
                    Kw::Commune => continue,
                    kw => Meaning::Kw(kw),
                };
                u.add_text(text, meaning, true);
                // "vay được không", "can we still borrow": a phrase with "vay" is a loan word
                // too.
                let loanish = matches!(
                    kw,
                    Kw::Aspect(_) | Kw::Hint(_) | Kw::Need | Kw::Process | Kw::Held | Kw::HeldAfter
                );
                if loanish && !kws.contains(&Kw::Loan) && {
                    let f = fold::fold_words(text);
                    (0..f.len())
                        .any(|i| f.words[i].marks == 0 && lex.words.loan_words.has(f.word(i)))
                } {
                    u.add_text(text, Meaning::Kw(Kw::Loan), true);
                }
            }
        }
        if let Some(commune) = &catalog.commune {
            for text in &lex.commune {
                u.add_text(text, Meaning::Commune { strong: true }, true);
            }
            for name in &commune.names {
                let strong = fold::fold_words(name).len() >= 2;
                u.add_text(name, Meaning::Commune { strong }, false);
            }
        }
        for (i, hamlet) in catalog.hamlets.iter().enumerate() {
            let index = index16(i);
            for name in &hamlet.names {
                let folded = fold::fold_words(name);
                let strong = folded.len() >= 2;
                u.add_text(name, Meaning::Hamlet { index, strong }, false);
                // "Bản X" is how people write a hamlet even when config lists only "X".
                for prefix in &lex.words.hamlet_alias_prefixes {
                    let bare = fold::fold(prefix);
                    if strong || folded.text == bare {
                        continue;
                    }
                    // Spelt like the alias, so an alias written without marks stays lenient.
                    let prefix = if name.is_ascii() { &bare } else { prefix };
                    let with_prefix = format!("{prefix} {name}");
                    u.add_text(
                        &with_prefix,
                        Meaning::Hamlet {
                            index,
                            strong: true,
                        },
                        false,
                    );
                }
            }
        }
        for (i, programme) in catalog.programmes.iter().enumerate() {
            for name in &programme.names {
                u.add_text(name, Meaning::Programme(index16(i)), false);
                // "Cho vay hộ nghèo" hides the "vay" inside it, yet says "loan" all the same;
                // so does "clean water loan".
                if fold::fold_words(name)
                    .text
                    .split(' ')
                    .any(|w| lex.words.loan_words.has(w))
                {
                    u.add_text(name, Meaning::Kw(Kw::Loan), false);
                }
            }
        }
        for (i, programme) in catalog.programmes.iter().enumerate() {
            for name in &programme.names {
                u.add_programme_parts(name, index16(i), lex);
            }
            let names = programme
                .names
                .iter()
                .map(|name| {
                    let f = fold::fold_words(name);
                    let mut ids: Vec<u32> = (0..f.len()).map(|k| u.intern(f.word(k))).collect();
                    while ids
                        .first()
                        .is_some_and(|&w| lex.words.name_openers.has(&u.words[w as usize]))
                    {
                        ids.remove(0);
                    }
                    ids
                })
                .collect();
            u.name_words.push(names);
        }
        for (i, criterion) in catalog.criteria.iter().enumerate() {
            for name in &criterion.names {
                u.add_text(name, Meaning::Criterion(index16(i)), false);
            }
        }
        for (i, fact) in catalog.facts.iter().enumerate() {
            for name in &fact.names {
                u.add_text(name, Meaning::Fact(index16(i)), false);
            }
        }
        u.add_purposes(catalog, lex);
        for (from, to) in &lex.rewrite_pairs {
            let f = fold::fold_words(from);
            let t = fold::fold_words(to);
            if f.len() != 2 || t.is_empty() {
                continue;
            }
            let key = (u.intern(f.word(0)), u.intern(f.word(1)));
            let to = (0..t.len())
                .map(|i| (u.intern(t.word(i)), t.words[i].marks))
                .collect();
            u.pair_rewrites.push((key, to));
        }
        let mut common = Vec::new();
        for w in &lex.common {
            common.extend(u.intern_text(w));
            u.learn(w);
        }
        for w in lex.particles.iter().chain(&lex.hamlet_prefixes) {
            u.learn(w);
        }
        // The words of scope are read as typed, never repaired into another word.
        for w in lex.scope_words() {
            u.learn(w);
        }
        for (_, to) in lex
            .rewrites
            .iter()
            .chain(&lex.rewrites_first)
            .chain(&lex.rewrite_pairs)
        {
            u.learn(to);
        }
        for phrase in &mut u.phrases {
            // Needs are many short everyday words: only as typed, never a guessed typo.
            // So are yes/no words: "khoang" is no typo of "không".
            phrase.exact = phrase.meanings.iter().any(|m| {
                matches!(
                    m,
                    Meaning::Purpose(_)
                        | Meaning::Kw(
                            Kw::Yes
                                | Kw::Ack
                                | Kw::Negation
                                | Kw::Thanks
                                // A topic the content cannot answer is never guessed
                                // from a typo: "nhầm bản" is not "Nhật Bản", "mấy trăm"
                                // not "mấy trạm".
                                | Kw::NoAnswer
                                | Kw::NoAnswerHint
                                | Kw::OwnCase
                                // Story and question-shape words are read as typed.
                                | Kw::Held
                                | Kw::HeldAfter
                                | Kw::Lack
                                | Kw::NotAsked
                                | Kw::Learned
                        )
                )
            });
            if phrase.words != 1 {
                continue;
            }
            // And a one-word topic the bot cannot answer ("mưa") is not "mua" typed plainly.
            // A short one-word need ("dê", "gà", "cá") typed plainly is as often another
            // word ("de" is mostly "để"): only with its marks, or inside "nuôi dê".
            let short_need = phrase.letters <= 3
                && phrase
                    .meanings
                    .iter()
                    .any(|m| matches!(m, Meaning::Purpose(_)));
            phrase.strict = (common.contains(&phrase.first)
                && phrase
                    .meanings
                    .iter()
                    .all(|m| matches!(m, Meaning::Criterion(_) | Meaning::Purpose(_))))
                || short_need
                || phrase.meanings.contains(&Meaning::Kw(Kw::NoAnswer))
                || phrase.meanings.contains(&Meaning::Kw(Kw::NoAnswerHint));
        }
        for phrase in &u.phrases {
            for m in &phrase.meanings {
                if let Meaning::Programme(p) = *m {
                    for n in &phrase.meanings {
                        if let Meaning::Kw(Kw::Standing(st)) = *n {
                            push_unique(&mut u.standing_programmes, (st, p));
                        }
                    }
                }
            }
        }
        for near in &lex.rewrite_near {
            let key = fold::fold_words(&near.word);
            let Some(id) = u.intern_text(&near.word) else {
                continue;
            };
            let marks = key.words.first().map_or(0, |w| w.marks);
            // Typed with its marks and no context, it is the word as typed ("Mai Châu"), not
            // the one an initial swap makes of it.
            if marks != 0 {
                u.learn(&near.word);
            }
            let words = |text: &str, u: &mut Understander| -> Vec<(u32, u32)> {
                u.learn(text);
                let t = fold::fold_words(text);
                (0..t.len())
                    .map(|i| (u.intern(t.word(i)), t.words[i].marks))
                    .collect()
            };
            let ids = |list: &[String], u: &mut Understander| -> Vec<u32> {
                list.iter().filter_map(|w| u.intern_text(w)).collect()
            };
            let options = near
                .options
                .iter()
                .map(|o| NearOpt {
                    to: words(&o.to, &mut u),
                    near: ids(&o.near, &mut u),
                    before: ids(&o.before, &mut u),
                    after: ids(&o.after, &mut u),
                })
                .collect();
            let unsure = near.unsure.as_deref().map(|t| words(t, &mut u));
            let within = near.within.unwrap_or(super::lexicon::NEAR_WORDS);
            u.near_rewrites.insert(
                id,
                NearRewrite {
                    marks,
                    within,
                    options,
                    unsure,
                },
            );
        }
        for w in lex.words.bare_amount_first.iter() {
            let id = u.intern(w);
            u.bare_amount_words.push(id);
        }
        for w in &lex.particles {
            if let Some(id) = u.intern_text(w) {
                u.particle[id as usize] = true;
            }
        }
        for w in &lex.hamlet_prefixes {
            let folded = fold::fold_words(w);
            if let Some(id) = u.intern_text(w) {
                u.prefixes.push((id, folded.words[0].marks));
            }
        }
        for p in &lex.particle_after {
            if let Some(id) = u.intern_text(&p.word) {
                let before = p.before.iter().filter_map(|w| u.intern_text(w)).collect();
                let unless = p
                    .unless_next
                    .iter()
                    .filter_map(|w| u.intern_text(w))
                    .collect();
                let marks = p
                    .reads
                    .as_deref()
                    .map_or(super::tokens::PARTICLE_MARKS, |r| {
                        fold::fold_words(r).words.first().map_or(0, |w| w.marks)
                    });
                u.particle_after.push(ParticleRule {
                    word: id,
                    last_only: p.last_only,
                    before,
                    unless,
                    marks,
                });
            }
        }
        let all = lex
            .rewrites
            .iter()
            .map(|r| (r, false))
            .chain(lex.rewrites_first.iter().map(|r| (r, true)));
        for ((from, to), first_only) in all {
            let f = fold::fold_words(from);
            let t = fold::fold_words(to);
            if f.len() != 1 || t.is_empty() {
                continue;
            }
            let id = u.intern(&f.text);
            let to = (0..t.len())
                .map(|i| (u.intern(t.word(i)), t.words[i].marks))
                .collect();
            let marks = (!from.is_ascii()).then_some(f.words[0].marks);
            u.rewrites.entry(id).or_default().push(Rewrite {
                marks,
                to,
                first_only,
            });
        }
        u
    }

    /// Every programme's purposes, and the lexicon's need groups they name: "chăn nuôi" in a
    /// programme brings trâu, bò, lợn… along.
    fn add_purposes(&mut self, catalog: &Catalog, lex: &Lexicon) {
        // (folded key, the purpose as written, programmes).
        let mut groups: Vec<(String, String, Vec<u16>)> = Vec::new();
        for (i, traits) in catalog.loans.iter().enumerate() {
            let Some(p) = catalog.programmes.iter().position(|p| p.id == traits.id) else {
                continue;
            };
            let _ = i;
            for purpose in &traits.purposes {
                let key = fold::fold(purpose);
                match groups.iter_mut().find(|g| g.0 == key) {
                    Some(g) => push_unique(&mut g.2, index16(p)),
                    None => groups.push((key, purpose.clone(), vec![index16(p)])),
                }
            }
        }
        for (key, written, programmes) in groups {
            let index = index16(self.purposes.len());
            self.purposes.push(programmes);
            self.circumstance
                .push(lex.circumstances.iter().any(|c| fold::fold(c) == key));
            self.circumstance_apart
                .push(lex.circumstances_apart.iter().any(|c| fold::fold(c) == key));
            let mut words: Vec<&str> = Vec::new();
            if let Some((name, ws)) = lex.purposes.iter().find(|(n, _)| fold::fold(n) == key) {
                words.push(name);
                words.extend(ws.iter().map(String::as_str));
            }
            for w in words {
                self.add_text(w, Meaning::Purpose(index), true);
            }
            self.add_text(&written, Meaning::Purpose(index), true);
        }
    }

    pub(super) fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.words.len()).expect("vocabulary fits in u32");
        self.words.push(word.into());
        self.ids.insert(word.into(), id);
        self.content.push(false);
        self.particle.push(false);
        self.name_word.push(false);
        self.english.push(false);
        id
    }

    /// Records the spellings of `text`'s words (see [`Understander::spellings`]).
    pub(super) fn learn(&mut self, text: &str) {
        let folded = fold::fold_words(text);
        self.learn_folded(&folded);
    }

    fn learn_folded(&mut self, folded: &fold::Folded) {
        for (i, w) in folded.words.iter().enumerate() {
            let id = self.intern(folded.word(i));
            let known = self.spellings.entry(id).or_default();
            if !known.iter().any(|k| k.0 == w.marks) {
                known.push((w.marks, w.detail));
            }
        }
    }

    /// Interns the folded form of a single word.
    pub(super) fn intern_text(&mut self, text: &str) -> Option<u32> {
        let folded = fold::fold_words(text);
        (folded.len() == 1).then(|| self.intern(&folded.text))
    }

    /// Adds a phrase. Marks are enforced for keywords, and for names written with diacritics.
    pub(super) fn add_text(&mut self, text: &str, meaning: Meaning, keyword: bool) {
        let folded = fold::fold_words(text);
        let enforce = keyword || !text.is_ascii();
        if enforce {
            self.learn_folded(&folded);
        }
        // An English phrase is kept with its plurals read as singular ("poor households"),
        // as typed words are; a hamlet's name is kept as it is.
        let english =
            text.is_ascii() && !matches!(meaning, Meaning::Hamlet { .. } | Meaning::Commune { .. });
        let singulars: Vec<Option<String>> = (0..folded.len())
            .map(|i| english.then(|| singular(folded.word(i))).flatten())
            .collect();
        let words: Vec<(&str, Option<u32>)> = (0..folded.len())
            .map(|i| {
                let word = singulars[i].as_deref().unwrap_or(folded.word(i));
                (word, enforce.then_some(folded.words[i].marks))
            })
            .collect();
        self.add_words(&words, meaning);
        if english {
            for (w, _) in &words {
                let id = self.intern(w);
                self.english[id as usize] = true;
            }
        }
        if !keyword && matches!(meaning, Meaning::Hamlet { .. } | Meaning::Commune { .. }) {
            for (w, _) in &words {
                let id = self.intern(w);
                self.name_word[id as usize] = true;
            }
        }
    }

    pub(super) fn add_words(&mut self, words: &[(&str, Option<u32>)], meaning: Meaning) {
        if words.is_empty() {
            return;
        }
        let mut node = 0usize;
        let mut letters = 0;
        let mut before: Option<u32> = None;
        for &(word, marks) in words {
            letters += word.len();
            let id = self.intern(word);
            if let Some(b) = before.replace(id)
                && self.follows.insert((b, id))
            {
                self.next_words.entry(b).or_default().push(id);
                self.prev_words.entry(id).or_default().push(b);
            }
            self.content[id as usize] = true;
            node = self.child(node, id, marks);
        }
        let phrase = match self.nodes[node].phrase {
            Some(p) => p as usize,
            None => {
                let p = self.phrases.len();
                self.phrases.push(Phrase {
                    meanings: Vec::new(),
                    letters,
                    words: words.len(),
                    first: self.ids[words[0].0],
                    exact: false,
                    strict: false,
                });
                self.nodes[node].phrase = Some(u32::try_from(p).expect("phrases fit in u32"));
                p
            }
        };
        push_unique(&mut self.phrases[phrase].meanings, meaning);
    }

    pub(super) fn child(&mut self, node: usize, word: u32, marks: Option<u32>) -> usize {
        let edges = &self.nodes[node].edges;
        if let Some(e) = edges.iter().find(|e| e.word == word && e.marks == marks) {
            return e.to as usize;
        }
        let to = self.nodes.len();
        self.nodes.push(Node::default());
        let edges = &mut self.nodes[node].edges;
        let at = edges.partition_point(|e| e.word <= word);
        let to32 = u32::try_from(to).expect("trie fits in u32");
        edges.insert(
            at,
            Edge {
                word,
                marks,
                to: to32,
            },
        );
        to
    }

    /// Runs of at least half of a long programme name ("vệ sinh môi trường" of "vệ sinh môi
    /// trường nông thôn"), without a leading "cho vay" (lexicon `name_openers`), and not made
    /// only of common words (`generic_name_words`).
    pub(super) fn add_programme_parts(&mut self, name: &str, index: u16, lex: &Lexicon) {
        let (generic, w) = (&lex.generic_name_words, &lex.words);
        let folded = fold::fold_words(name);
        let enforce = !name.is_ascii();
        let singulars: Vec<Option<String>> = (0..folded.len())
            .map(|i| (!enforce).then(|| singular(folded.word(i))).flatten())
            .collect();
        let mut words: Vec<(&str, Option<u32>)> = (0..folded.len())
            .map(|i| {
                let word = singulars[i].as_deref().unwrap_or(folded.word(i));
                (word, enforce.then_some(folded.words[i].marks))
            })
            .collect();
        while words.first().is_some_and(|x| w.name_openers.has(x.0)) {
            words.remove(0);
        }
        // Half of the name as written (an English one with its "loans to"), so that a run
        // does not hide a shorter alias ("recently escaped poverty", "escaped poverty").
        let min = words.len().div_ceil(2).max(2);
        // "loans to …", "… loans": the loan word stays a loan word.
        while words
            .first()
            .is_some_and(|x| w.name_openers_english.has(x.0))
        {
            words.remove(0);
        }
        while words.last().is_some_and(|x| w.name_closers.has(x.0)) {
            words.pop();
        }
        let n = words.len();
        for len in min..n {
            for start in 0..=n - len {
                let run = &words[start..start + len];
                if run.iter().all(|w| generic.iter().any(|g| g == w.0)) {
                    continue;
                }
                self.add_words(run, Meaning::ProgrammePart(index));
            }
        }
    }
}

/// What a fact's names speak of: the standings ("hộ nghèo", "cận nghèo", "thoát nghèo") and
/// loans ("vay", "dư nợ").
fn fact_traits(fact: &crate::core::catalog::NamedEntry) -> (Vec<Standing>, bool, bool) {
    let mut covers = Vec::new();
    let mut loans = false;
    let mut households = false;
    let mut rate = false;
    for name in &fact.names {
        let f = format!(" {} ", fold::fold_words(name).text);
        let near = f.contains(" can ngheo ");
        let escaped = f.contains(" thoat ngheo ") || f.contains(" out of poverty ");
        let poor = f.replace(" can ngheo ", " ").replace(" thoat ngheo ", " ");
        if near {
            push_unique(&mut covers, Standing::NearPoor);
        }
        if escaped {
            push_unique(&mut covers, Standing::Escaped);
        }
        if poor.contains(" ngheo ") || poor.contains(" poor ") || poor.contains(" poverty ") {
            push_unique(&mut covers, Standing::Poor);
        }
        loans |= [" vay ", " no ", " loan", " lent ", " debt "]
            .iter()
            .any(|w| f.contains(w));
        households |= [" ho ", " gia dinh ", " nha ", " household", " famil"]
            .iter()
            .any(|w| f.contains(w));
        rate |= [" ty le ", " ti le ", " phan tram ", " rate "]
            .iter()
            .any(|w| f.contains(w));
    }
    (covers, loans, households && !rate)
}

/// Whether a fact's names speak of a rate ("tỷ lệ", "phần trăm", "rate").
fn fact_is_rate(fact: &crate::core::catalog::NamedEntry) -> bool {
    fact.names.iter().any(|name| {
        let f = format!(" {} ", fold::fold_words(name).text);
        [" ty le ", " ti le ", " phan tram ", " rate "]
            .iter()
            .any(|w| f.contains(w))
    })
}

/// The singular of an English plural ("loans" → "loan", "families" → "family", "branches"
/// → "branch"), if `word` looks like one. Folded Vietnamese words never end in "s" (only
/// Telex leftovers do, and their stems are not English words of a phrase).
pub(super) fn singular(word: &str) -> Option<String> {
    const NOT_PLURAL: &[&str] = &["news", "does", "goes", "yes", "has", "was", "series"];
    if word.len() < 4
        || !word.is_ascii()
        || !word.ends_with('s')
        || ["ss", "us", "is"].iter().any(|e| word.ends_with(e))
        || NOT_PLURAL.contains(&word)
    {
        return None;
    }
    let stem = if let Some(s) = word.strip_suffix("ies") {
        format!("{s}y")
    } else if ["sses", "shes", "ches", "xes", "zes"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        word[..word.len() - 2].to_string()
    } else {
        word[..word.len() - 1].to_string()
    };
    stem.bytes().any(|b| b"aeiouy".contains(&b)).then_some(stem)
}

pub(super) fn index16(i: usize) -> u16 {
    u16::try_from(i).expect("catalog lists fit in u16")
}
