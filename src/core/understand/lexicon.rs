//! The shared lexicon (`lexicon.toml`, compiled in): keywords and what they say, shorthand
//! rewrites, need-word groups, common words and particles. Read once per process.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::content::model::Standing;
use crate::core::request::LoanAspect;
use crate::i18n::Locale;
use crate::text::fold;

/// The lexicon file: the one documented place to add a synonym.
const SOURCE: &str = include_str!("lexicon.toml");

/// What a keyword says about the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kw {
    Greeting,
    Help,
    /// About new-rural criteria.
    Criteria,
    /// Only what is not met yet.
    Remaining,
    /// Every criterion.
    List,
    /// All hamlets at once.
    Overview,
    /// Statistics of a unit.
    Facts,
    /// "Information about …": facts when a unit is named.
    Info,
    /// A word that only a loan question uses.
    Loan,
    Aspect(LoanAspect),
    /// An aspect asked only when no other is ("được không": who may borrow).
    Hint(LoanAspect),
    /// The steps common to every loan ("thủ tục vay", "điểm giao dịch").
    Process,
    /// "chương trình", "gói vay": the question names a programme, not a need.
    ProgrammeWord,
    Subscribe,
    Unsubscribe,
    Mine,
    News,
    /// "thông báo", "tin": news unless something else is asked.
    NewsHint,
    Lang(Option<Locale>),
    Forget,
    Cancel,
    /// Yes/no words: alone they acknowledge.
    Yes,
    Thanks,
    Ack,
    /// Openers and politeness: read, and mean nothing.
    Filler,
    /// "không phải", "không thuộc": the standing or programme after it is denied.
    Negation,
    /// "chương trình nào khác": not the programme named, another one.
    Other,
    /// "thôi", "đừng", "ngừng": a subscription word right after it is stopped.
    Stop,
    /// "bị rút", "bị cắt": the standing just before it is denied.
    NegationAfter,
    /// "bản Đông không cần": the hamlets of its clause before it are declined.
    Declined,
    /// "trừ", "ngoài": the programme after it is left out.
    Exclusion,
    /// "chưa bao giờ", "chưa từng": a negation that reaches the past too — never poor or
    /// near-poor is never "recently out of poverty" either.
    Never,
    /// "muốn", "cần tiền": a need-first loan question.
    Need,
    /// "chưa có", "không có": a lack, a need too, but not the wish that ends the story.
    Lack,
    /// A topic the content cannot answer (prices, weather).
    NoAnswer,
    /// The same, in words that also come up in the story around a real question ("không
    /// được giá", "mưa là lầy lội"): it counts only when nothing answerable is asked.
    NoAnswerHint,
    /// "đạt mấy tiêu chí": the count of criteria met.
    CountMet,
    /// The asker's own file ("bao giờ được giải ngân", "hồ sơ nhà em duyệt chưa"): only a
    /// person knows, even when a programme is named.
    OwnCase,
    /// A part of a figure the content only has as a whole ("riêng hộ nghèo").
    FigurePart,
    /// "bản em": the villager's own hamlet.
    Home,
    /// "(còn …) thì sao", "what about": a follow-up; what it names replaces the same kind
    /// of subject said before it.
    FollowUp,
    /// "bao nhiêu hộ", "mấy gia đình": the question counts households.
    CountHouseholds,
    /// "diện tích", "bao nhiêu ha": an area is asked; with no figure named, it is the area of
    /// something the content does not measure, not the unit's figures.
    Area,
    /// Another way to name the whole commune.
    Commune,
    /// A loan already held, told as the story ("đang nợ", "năm trước vay", "đã vay"): a
    /// programme or need after it in its clause is what the asker has, not what they ask,
    /// when the question asks something else too.
    Held,
    /// The same, said after the loan ("… đã trả hết", "… vẫn đang trả dần").
    HeldAfter,
    /// "em không hỏi …": what its clause names is not asked.
    NotAsked,
    /// "cho em hỏi", "em muốn hỏi": after a story, the question starts here.
    Ask,
    /// A cooperative or an enterprise asks ("hợp tác xã", "doanh nghiệp"): the programmes
    /// for organisations, when some fit.
    Organisation,
    /// What the asker says they learnt ("nhờ bot chỉ", "giờ em biết rồi"): with thanks and no
    /// question, the message is thanks.
    Learned,
    /// Every hamlet at once ("cả hai bản", "both hamlets"): with a subscription, all of them.
    EveryHamlet,
    /// A household's standing ("hộ nghèo", "có sổ cận nghèo").
    Standing(Standing),
    /// A standing denied in one phrase ("sổ nghèo bị rút", "hộ khá").
    NotStanding(Standing),
}

impl Kw {
    fn parse(name: &str) -> Option<Kw> {
        use LoanAspect as A;
        Some(match name {
            "greeting" => Kw::Greeting,
            "help" => Kw::Help,
            "criteria" => Kw::Criteria,
            "remaining" => Kw::Remaining,
            "list" => Kw::List,
            "overview" => Kw::Overview,
            "facts" => Kw::Facts,
            "info" => Kw::Info,
            "loan" => Kw::Loan,
            "eligibility" => Kw::Aspect(A::Eligibility),
            "amount" => Kw::Aspect(A::Amount),
            "rate" => Kw::Aspect(A::Rate),
            "term" => Kw::Aspect(A::Term),
            "apply" => Kw::Aspect(A::Apply),
            "collateral" => Kw::Aspect(A::Collateral),
            "age" => Kw::Aspect(A::Age),
            "process" => Kw::Process,
            "programme_word" => Kw::ProgrammeWord,
            "subscribe" => Kw::Subscribe,
            "unsubscribe" => Kw::Unsubscribe,
            "mine" => Kw::Mine,
            "news" => Kw::News,
            "news_hint" => Kw::NewsHint,
            "lang_en" => Kw::Lang(Some(Locale::En)),
            "lang_vi" => Kw::Lang(Some(Locale::Vi)),
            "language" => Kw::Lang(None),
            "forget" => Kw::Forget,
            "cancel" => Kw::Cancel,
            "yes" => Kw::Yes,
            "thanks" => Kw::Thanks,
            "ack" => Kw::Ack,
            "filler" => Kw::Filler,
            "negation" => Kw::Negation,
            "exclusion" => Kw::Exclusion,
            "never" => Kw::Never,
            "negation_after" => Kw::NegationAfter,
            "declined" => Kw::Declined,
            "other" => Kw::Other,
            "stop" => Kw::Stop,
            "need" => Kw::Need,
            "lack" => Kw::Lack,
            "no_answer" => Kw::NoAnswer,
            "no_answer_hint" => Kw::NoAnswerHint,
            "own_case" => Kw::OwnCase,
            "count_met" => Kw::CountMet,
            "figure_part" => Kw::FigurePart,
            "home" => Kw::Home,
            "follow_up" => Kw::FollowUp,
            "count_households" => Kw::CountHouseholds,
            "area" => Kw::Area,
            "commune" => Kw::Commune,
            "held" => Kw::Held,
            "held_after" => Kw::HeldAfter,
            "not_asked" => Kw::NotAsked,
            "ask" => Kw::Ask,
            "organisation" => Kw::Organisation,
            "learned" => Kw::Learned,
            "every_hamlet" => Kw::EveryHamlet,
            "poor" => Kw::Standing(Standing::Poor),
            "near_poor" => Kw::Standing(Standing::NearPoor),
            "escaped" => Kw::Standing(Standing::Escaped),
            "not_poor" => Kw::NotStanding(Standing::Poor),
            "not_near_poor" => Kw::NotStanding(Standing::NearPoor),
            "not_escaped" => Kw::NotStanding(Standing::Escaped),
            _ => return None,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    meaning: Vec<MeaningEntry>,
    #[serde(default)]
    rewrite: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    rewrite_pairs: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    rewrite_first: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    purpose: std::collections::BTreeMap<String, Vec<String>>,
    words: Words,
    particle_after: Vec<ParticleAfter>,
    /// Shorthand read by the words around it ("hs": hồ sơ or học sinh).
    #[serde(default)]
    rewrite_near: Vec<RewriteNear>,
    /// The aspects of a loan question, one class each.
    aspect: std::collections::BTreeMap<String, AspectClass>,
    told_figure: ToldFigure,
    /// Counts and shares asked of a unit (`counts.rs`).
    counts: super::counts::Counts,
    /// Another time, place or part than the figures', loan terms with no field
    /// (`scope.rs`).
    scope: super::scope::Scope,
}

/// The words of a figure told to be confirmed (`[told_figure]`), folded once when the
/// lexicon is read, like the words of a question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ToldFigure {
    pub numbers: Vec<String>,
    pub money: Vec<String>,
    pub span: Vec<String>,
    pub confirm: Vec<[String; 2]>,
    pub confirm_last: Vec<String>,
    /// Words that may follow the last confirming word: whom the asker speaks to ("… 100
    /// triệu hả anh").
    #[serde(default)]
    pub confirm_address: Vec<String>,
    /// Numbers that before a span say "per" ("một tháng"): no span told.
    #[serde(default)]
    pub per_span: Vec<String>,
    /// Two words opening a figure to confirm, with a `confirm_end` word later ("có đúng là
    /// vay … được 50 triệu không").
    #[serde(default)]
    pub confirm_open: Vec<[String; 2]>,
    #[serde(default)]
    pub confirm_end: Vec<String>,
    /// Words that make a number before them an age ("em 60 tuổi rồi còn vay được không"):
    /// told with a loan, the age is asked.
    #[serde(default)]
    pub age: Vec<String>,
    /// Words that make a number right after them an age ("I am 17").
    #[serde(default)]
    pub age_before: Vec<String>,
}

impl ToldFigure {
    /// Whether a folded word is a number: digits ("50") or a number word ("năm", "ba mươi").
    pub fn is_number(&self, w: &str) -> bool {
        (!w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
            || self.numbers.iter().any(|n| n == w)
    }

    /// Whether a word is a year of the recent past or near future ("2022", "năm 2021"): four
    /// digits from 1990 to 2099. A loan dated by a year is told, not asked.
    pub fn is_year(&self, w: &str) -> bool {
        w.len() == 4
            && w.bytes().all(|b| b.is_ascii_digit())
            && w.parse::<u16>().is_ok_and(|y| (1990..=2099).contains(&y))
    }

    /// Whether a folded word is a sum of money's unit ("triệu", "tr", "nghìn").
    pub fn is_money(&self, w: &str) -> bool {
        self.money.iter().any(|m| m == w)
    }

    fn folded(self) -> ToldFigure {
        let all = |v: Vec<String>| v.iter().map(|w| fold::fold(w)).collect();
        ToldFigure {
            numbers: all(self.numbers),
            money: all(self.money),
            span: all(self.span),
            confirm: self
                .confirm
                .iter()
                .map(|[a, b]| [fold::fold(a), fold::fold(b)])
                .collect(),
            confirm_last: all(self.confirm_last),
            confirm_address: all(self.confirm_address),
            per_span: all(self.per_span),
            confirm_open: self
                .confirm_open
                .iter()
                .map(|[a, b]| [fold::fold(a), fold::fold(b)])
                .collect(),
            confirm_end: all(self.confirm_end),
            age: all(self.age),
            age_before: all(self.age_before),
        }
    }
}

/// Every way of asking one aspect of a loan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AspectClass {
    /// Phrases that say by themselves that a loan is asked ("lãi suất", "thế chấp").
    loan: Vec<String>,
    /// Phrases that ask the aspect of the loan the question is about ("bao lâu").
    words: Vec<String>,
    /// Phrases that ask it only when no other aspect is asked ("được không").
    #[serde(default)]
    hint: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MeaningEntry {
    means: Vec<String>,
    words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    commune: Vec<String>,
    common: Vec<String>,
    particles: Vec<String>,
    hamlet_prefixes: Vec<String>,
    generic_name_words: Vec<String>,
    #[serde(default)]
    circumstances: Vec<String>,
    #[serde(default)]
    circumstances_apart: Vec<String>,
    #[serde(default)]
    generic_needs: Vec<String>,
    askers: Vec<String>,
    question_words: Vec<String>,
    question_ends: Vec<String>,
    question_end_particles: Vec<String>,
    question_words_not_typed: Vec<String>,
    counts_ask: Vec<String>,
    separators: Vec<String>,
    asking_joiners: Vec<String>,
    turns: Vec<String>,
    unit_now: Vec<String>,
    asker_turns: Vec<String>,
    asker_turns_typed: Vec<String>,
    asker_turn_particles: Vec<String>,
    asker_topic: Vec<String>,
    follow_up_turns: Vec<String>,
    also_asked: Vec<String>,
    also_asked_before: Vec<String>,
    learned_done: Vec<String>,
    standing_affirms: Vec<String>,
    standing_affirms_not_after: Vec<String>,
    known_verbs: Vec<String>,
    tell_me: Vec<String>,
    plural: Vec<String>,
    switch_verbs: Vec<String>,
    if_any_before: Vec<String>,
    question_not_before: Vec<String>,
    asker_kin: Vec<String>,
    switch_to: Vec<String>,
    request_ends: Vec<String>,
    greeting_people: Vec<String>,
    more: Vec<String>,
    owners: Vec<String>,
    unit_joiners: Vec<String>,
    unit_fillers: Vec<String>,
    share_words: Vec<String>,
    cost_words: Vec<String>,
    cost_pairs: Vec<[String; 2]>,
    apply_steps: Vec<String>,
    bare_amount_first: Vec<String>,
    loan_words: Vec<String>,
    name_openers: Vec<String>,
    name_openers_english: Vec<String>,
    name_closers: Vec<String>,
    hamlet_alias_prefixes: Vec<String>,
}

/// Whether two folded words are the same. Most words of a list differ from the word looked
/// up in their first letter: comparing it first spares the library call that a full string
/// compare is, on the matcher's hot path (tens of lists looked up per word of a message).
#[inline]
pub(super) fn same_word(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Single words a question's words are compared with, folded once when the lexicon is read:
/// a scan of a few short strings, nothing allocated per question. A `_typed` set keeps each
/// word as written too (lowercase), to compare with the word as typed.
#[derive(Debug, Default)]
pub(super) struct WordSet {
    folded: Box<[Box<str>]>,
    typed: Box<[Box<str>]>,
}

impl WordSet {
    /// The words of lexicon key `key`, folded (and for a `_typed` key, as written): an empty
    /// list, or an entry that is not one word, does not load.
    pub(super) fn read(
        key: &'static str,
        words: &[String],
        typed: bool,
    ) -> Result<WordSet, LexiconError> {
        if words.is_empty() {
            return Err(LexiconError::Empty(key));
        }
        let mut set = (Vec::new(), Vec::new());
        for w in words {
            let f = fold::fold_words(w);
            if f.len() != 1 {
                return Err(LexiconError::NotOneWord(key, w.clone()));
            }
            set.0.push(f.text.into());
            if typed {
                set.1.push(w.trim().to_lowercase().into());
            }
        }
        Ok(WordSet {
            folded: set.0.into(),
            typed: set.1.into(),
        })
    }

    /// Whether `word` (folded) is one of them.
    pub(super) fn has(&self, word: &str) -> bool {
        self.folded.iter().any(|w| same_word(w, word))
    }

    /// Whether a word folded as `word`, typed as `typed`, is one of a `_typed` set's words
    /// as written, case aside ("Còn", not "con").
    pub(super) fn has_typed(&self, word: &str, typed: &str) -> bool {
        self.has(word) && {
            let typed = typed.to_lowercase();
            self.typed.iter().any(|w| **w == *typed)
        }
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        self.folded.iter().map(|w| &**w)
    }
}

/// The single words a question's shape is read by (`[words]` of `lexicon.toml`, each
/// documented there): what asks, where a clause ends, who the story turns to, what owns or
/// joins a unit, which words are a share, a cost, a step of applying, a loan in a name.
#[derive(Debug, Default)]
pub(super) struct WordLists {
    pub question_words: WordSet,
    pub question_ends: WordSet,
    pub question_end_particles: WordSet,
    pub question_words_not_typed: WordSet,
    pub counts_ask: WordSet,
    pub separators: WordSet,
    pub asking_joiners: WordSet,
    pub turns: WordSet,
    pub unit_now: WordSet,
    pub asker_turns: WordSet,
    pub asker_turns_typed: WordSet,
    pub asker_turn_particles: WordSet,
    pub asker_topic: WordSet,
    pub follow_up_turns: WordSet,
    pub also_asked: WordSet,
    pub also_asked_before: WordSet,
    pub learned_done: WordSet,
    pub standing_affirms: WordSet,
    pub standing_affirms_not_after: WordSet,
    pub known_verbs: WordSet,
    pub tell_me: WordSet,
    /// Before a programme word, the programmes in the plural: a list asked.
    pub plural: WordSet,
    pub switch_verbs: WordSet,
    pub if_any_before: WordSet,
    /// A question word right before one of these asks nothing ("ai cũng mừng": everyone).
    pub question_not_before: WordSet,
    /// Before the asker's word, these make it someone of the family ("vợ em thì muốn …"):
    /// no turn to the asker.
    pub asker_kin: WordSet,
    pub switch_to: WordSet,
    pub request_ends: WordSet,
    pub greeting_people: WordSet,
    pub more: WordSet,
    pub owners: WordSet,
    pub unit_joiners: WordSet,
    pub unit_fillers: WordSet,
    pub share_words: WordSet,
    pub cost_words: WordSet,
    /// Two words in a row, folded.
    pub cost_pairs: Box<[[Box<str>; 2]]>,
    pub apply_steps: WordSet,
    pub bare_amount_first: WordSet,
    pub loan_words: WordSet,
    pub name_openers: WordSet,
    pub name_openers_english: WordSet,
    pub name_closers: WordSet,
    /// As written: with marks they are added to a name written with marks.
    pub hamlet_alias_prefixes: Vec<String>,
}

impl Words {
    fn lists(&self) -> Result<WordLists, LexiconError> {
        let set = |key, words: &[String]| WordSet::read(key, words, false);
        let typed = |key, words: &[String]| WordSet::read(key, words, true);
        if self.cost_pairs.is_empty() {
            return Err(LexiconError::Empty("cost_pairs"));
        }
        let cost_pairs = self
            .cost_pairs
            .iter()
            .map(|pair| {
                let read = set("cost_pairs", pair)?;
                let mut w = read.iter();
                match (w.next(), w.next()) {
                    (Some(a), Some(b)) => Ok([a.into(), b.into()]),
                    _ => Err(LexiconError::Empty("cost_pairs")),
                }
            })
            .collect::<Result<Vec<_>, _>>()?
            .into();
        set("hamlet_alias_prefixes", &self.hamlet_alias_prefixes)?;
        Ok(WordLists {
            question_words: set("question_words", &self.question_words)?,
            question_ends: set("question_ends", &self.question_ends)?,
            question_end_particles: set("question_end_particles", &self.question_end_particles)?,
            question_words_not_typed: typed(
                "question_words_not_typed",
                &self.question_words_not_typed,
            )?,
            counts_ask: set("counts_ask", &self.counts_ask)?,
            separators: set("separators", &self.separators)?,
            asking_joiners: set("asking_joiners", &self.asking_joiners)?,
            turns: set("turns", &self.turns)?,
            unit_now: set("unit_now", &self.unit_now)?,
            asker_turns: set("asker_turns", &self.asker_turns)?,
            asker_turns_typed: typed("asker_turns_typed", &self.asker_turns_typed)?,
            asker_turn_particles: set("asker_turn_particles", &self.asker_turn_particles)?,
            asker_topic: set("asker_topic", &self.asker_topic)?,
            follow_up_turns: set("follow_up_turns", &self.follow_up_turns)?,
            also_asked: set("also_asked", &self.also_asked)?,
            also_asked_before: set("also_asked_before", &self.also_asked_before)?,
            learned_done: set("learned_done", &self.learned_done)?,
            standing_affirms: set("standing_affirms", &self.standing_affirms)?,
            standing_affirms_not_after: set(
                "standing_affirms_not_after",
                &self.standing_affirms_not_after,
            )?,
            known_verbs: set("known_verbs", &self.known_verbs)?,
            tell_me: set("tell_me", &self.tell_me)?,
            plural: set("plural", &self.plural)?,
            switch_verbs: set("switch_verbs", &self.switch_verbs)?,
            if_any_before: set("if_any_before", &self.if_any_before)?,
            question_not_before: set("question_not_before", &self.question_not_before)?,
            asker_kin: set("asker_kin", &self.asker_kin)?,
            switch_to: set("switch_to", &self.switch_to)?,
            request_ends: set("request_ends", &self.request_ends)?,
            greeting_people: set("greeting_people", &self.greeting_people)?,
            more: set("more", &self.more)?,
            owners: set("owners", &self.owners)?,
            unit_joiners: set("unit_joiners", &self.unit_joiners)?,
            unit_fillers: set("unit_fillers", &self.unit_fillers)?,
            share_words: set("share_words", &self.share_words)?,
            cost_words: set("cost_words", &self.cost_words)?,
            cost_pairs,
            apply_steps: set("apply_steps", &self.apply_steps)?,
            bare_amount_first: set("bare_amount_first", &self.bare_amount_first)?,
            loan_words: set("loan_words", &self.loan_words)?,
            name_openers: set("name_openers", &self.name_openers)?,
            name_openers_english: set("name_openers_english", &self.name_openers_english)?,
            name_closers: set("name_closers", &self.name_closers)?,
            hamlet_alias_prefixes: self.hamlet_alias_prefixes.clone(),
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ParticleAfter {
    pub word: String,
    pub last_only: bool,
    pub before: Vec<String>,
    /// Words after which it is the keyword all the same ("làm lãi suất").
    #[serde(default)]
    pub unless_next: Vec<String>,
    /// The particle as written with its marks ("lại"): read so, a phrase with it still
    /// matches ("làm lại cái nhà"); without it the word matches no marked phrase word.
    #[serde(default)]
    pub reads: Option<String>,
}

/// A shorthand word whose meaning depends on the words around it: the option with a `near`
/// word closest to it (at most `within` words away, [`NEAR_WORDS`] unless told, either side)
/// wins; with none, `unsure` is read, and what it names is offered, never stated. Without
/// `unsure` the word is read as typed when no option's words are near. A `word` written
/// with diacritics is read so only when typed with those same marks ("chả", never "cha");
/// one written without only when typed without any ("hs").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RewriteNear {
    pub word: String,
    pub options: Vec<NearOption>,
    #[serde(default)]
    pub unsure: Option<String>,
    /// How far (in words, either side) the context is looked for.
    #[serde(default)]
    pub within: Option<usize>,
}

/// One reading of a [`RewriteNear`] word and the words that call for it: `near` on either
/// side, `before` only right before it, `after` only right after it (at the same distance,
/// an option listed earlier wins).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NearOption {
    pub to: String,
    /// Single words (folded like a question: "làm" also matches "lam"), typed or as the
    /// shorthand they are rewritten from ("lm").
    #[serde(default)]
    pub near: Vec<String>,
    /// Single words that call for it only when they come before it ("phải chả": trả).
    #[serde(default)]
    pub before: Vec<String>,
    /// Single words that call for it only when they come after it ("chả có": không).
    #[serde(default)]
    pub after: Vec<String>,
}

/// How far (in words, either side) a [`RewriteNear`] looks for its context unless it says.
pub(super) const NEAR_WORDS: usize = 3;

/// The lexicon, parsed.
#[derive(Debug)]
pub(super) struct Lexicon {
    /// Phrases with what they say.
    pub keywords: Vec<(String, Vec<Kw>)>,
    /// One typed word → the words it stands for.
    pub rewrites: Vec<(String, String)>,
    /// Two typed words → two others ("hỗ chợ" → "hỗ trợ").
    pub rewrite_pairs: Vec<(String, String)>,
    /// The same, only as the first word of a message.
    pub rewrites_first: Vec<(String, String)>,
    /// Need groups: a group's name and its words.
    pub purposes: Vec<(String, Vec<String>)>,
    pub commune: Vec<String>,
    pub common: Vec<String>,
    pub particles: Vec<String>,
    pub hamlet_prefixes: Vec<String>,
    pub generic_name_words: Vec<String>,
    /// Need groups that tell the asker's circumstances: kept when told as the story.
    pub circumstances: Vec<String>,
    /// Circumstances that, told as the story, narrow only needs they share a programme with.
    pub circumstances_apart: Vec<String>,
    /// Need phrases too general to narrow another need named with them ("cây giống" with
    /// "trồng quế"), folded, word by word.
    pub generic_needs: Vec<Vec<String>>,
    /// Who asks, folded and split into words: "nhà em" is `["nha", "em"]`.
    pub askers: Vec<Vec<String>>,
    /// The single words a question's shape is read by.
    pub words: WordLists,
    pub particle_after: Vec<ParticleAfter>,
    pub rewrite_near: Vec<RewriteNear>,
    pub told_figure: ToldFigure,
    pub counts: super::counts::CountWords,
    pub scope: super::scope::ScopeWords,
    /// `[scope]`'s words as written, to be known spellings.
    pub scope_text: Vec<String>,
}

impl Lexicon {
    /// Whether `word` (folded) is a one-word name the asker gives themself ("em", "tôi", "we").
    pub(super) fn asker_word(&self, word: &str) -> bool {
        self.askers.iter().any(|a| a.len() == 1 && a[0] == word)
    }

    /// Every word of `[scope]`, as written.
    pub(super) fn scope_words(&self) -> impl Iterator<Item = &String> {
        self.scope_text.iter()
    }
}

/// Why the lexicon file cannot be read (caught by the unit tests before it ships).
#[derive(Debug, thiserror::Error)]
pub(super) enum LexiconError {
    #[error("lexicon.toml: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("lexicon.toml: unknown meaning {0:?}")]
    Meaning(String),
    #[error("lexicon.toml: [aspect.{0}] is not an aspect of a loan")]
    Aspect(String),
    #[error("lexicon.toml: `{0}` lists no word")]
    Empty(&'static str),
    #[error("lexicon.toml: `{0}` lists {1:?}, which is not one word")]
    NotOneWord(&'static str, String),
}

pub(super) fn parse(source: &str) -> Result<Lexicon, LexiconError> {
    let file: File = toml::from_str(source)?;
    let mut keywords = Vec::new();
    for entry in file.meaning {
        let kws = entry
            .means
            .iter()
            .map(|m| Kw::parse(m).ok_or_else(|| LexiconError::Meaning(m.clone())))
            .collect::<Result<Vec<Kw>, _>>()?;
        for w in entry.words {
            keywords.push((w, kws.clone()));
        }
    }
    for (name, class) in file.aspect {
        let Some(Kw::Aspect(aspect)) = Kw::parse(&name) else {
            return Err(LexiconError::Aspect(name));
        };
        for w in class.loan {
            keywords.push((w, vec![Kw::Loan, Kw::Aspect(aspect)]));
        }
        for w in class.words {
            keywords.push((w, vec![Kw::Aspect(aspect)]));
        }
        for w in class.hint {
            keywords.push((w, vec![Kw::Hint(aspect)]));
        }
    }
    let words = file.words.lists()?;
    let counts = file.counts.folded()?;
    Ok(Lexicon {
        words,
        keywords,
        rewrites: file.rewrite.into_iter().collect(),
        rewrites_first: file.rewrite_first.into_iter().collect(),
        rewrite_pairs: file.rewrite_pairs.into_iter().collect(),
        purposes: file.purpose.into_iter().collect(),
        commune: file.words.commune,
        common: file.words.common,
        particles: file.words.particles,
        hamlet_prefixes: file.words.hamlet_prefixes,
        generic_name_words: file.words.generic_name_words,
        circumstances: file.words.circumstances,
        circumstances_apart: file.words.circumstances_apart,
        generic_needs: file
            .words
            .generic_needs
            .iter()
            .map(|g| {
                fold::fold(g)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect()
            })
            .collect(),
        askers: file
            .words
            .askers
            .iter()
            .map(|a| {
                fold::fold(a)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect()
            })
            .collect(),
        particle_after: file.particle_after,
        rewrite_near: file.rewrite_near,
        told_figure: file.told_figure.folded(),
        counts,
        scope_text: file.scope.texts(),
        scope: file.scope.folded(),
    })
}

/// The compiled-in lexicon, parsed on first use.
pub(super) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| parse(SOURCE).expect("the compiled-in lexicon.toml parses"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lexicon_parses_and_has_every_part() {
        let l = parse(SOURCE).unwrap();
        assert!(l.keywords.len() > 300);
        assert!(!l.rewrites.is_empty());
        assert!(!l.purposes.is_empty());
        assert!(l.common.contains(&"cho".to_string()));
    }

    #[test]
    fn an_unknown_meaning_is_named() {
        let bad = SOURCE.replacen("means = [\"greeting\"]", "means = [\"greting\"]", 1);
        let e = parse(&bad).unwrap_err().to_string();
        assert!(e.contains("greting"), "{e}");
    }

    #[test]
    fn every_aspect_is_one_class_and_only_aspects_are() {
        let file: File = toml::from_str(SOURCE).unwrap();
        let names: Vec<&str> = file.aspect.keys().map(String::as_str).collect();
        for a in [
            "age",
            "amount",
            "apply",
            "collateral",
            "eligibility",
            "rate",
            "term",
        ] {
            assert!(names.contains(&a), "{a}");
        }
        let bad = SOURCE.replacen("[aspect.age]", "[aspect.greeting]", 1);
        let e = parse(&bad).unwrap_err().to_string();
        assert!(e.contains("greeting"), "{e}");
    }

    #[test]
    fn the_words_of_a_question_s_shape_are_read_folded() {
        let w = &lexicon().words;
        // Written with marks, matched as a question's words are folded.
        assert!(w.owners.has("o") && w.owners.has("cua") && !w.owners.has("của"));
        assert!(w.separators.has("va") && w.counts_ask.has("may"));
        assert!(w.question_ends.has("khong") && !w.question_ends.has("co"));
        assert_eq!(
            w.cost_pairs.first().map(|p| [&*p[0], &*p[1]]),
            Some(["hoc", "phi"])
        );
        // A `_typed` set compares the word as typed: "còn" turns, "con" is a child.
        assert!(w.asker_turns_typed.has_typed("con", "Còn"));
        assert!(!w.asker_turns_typed.has_typed("con", "con"));
        assert!(lexicon().counts.qualifier_ends.has("a"));
    }

    #[test]
    fn a_word_list_missing_empty_or_not_of_single_words_does_not_load() {
        let line = "owners = [\"của\", \"ở\", \"tại\", \"of\"]";
        assert!(SOURCE.contains(line));
        let missing = SOURCE.replacen(line, "", 1);
        let e = parse(&missing).unwrap_err().to_string();
        assert!(e.contains("owners"), "{e}");
        let empty = SOURCE.replacen(line, "owners = []", 1);
        let e = parse(&empty).unwrap_err().to_string();
        assert!(e.contains("`owners` lists no word"), "{e}");
        let two = SOURCE.replacen(line, "owners = [\"của\", \"thuộc về\"]", 1);
        let e = parse(&two).unwrap_err().to_string();
        assert!(e.contains("owners") && e.contains("thuộc về"), "{e}");
        // A list of [counts] too.
        let at = SOURCE.find("qualifier_ends = [").unwrap();
        let end = at + SOURCE[at..].find(']').unwrap() + 1;
        let empty = format!("{}qualifier_ends = []{}", &SOURCE[..at], &SOURCE[end..]);
        let e = parse(&empty).unwrap_err().to_string();
        assert!(e.contains("qualifier_ends"), "{e}");
    }

    #[test]
    fn keywords_keep_their_diacritics() {
        let l = lexicon();
        assert!(l.keywords.iter().any(|(w, k)| w == "lãi suất"
            && k.contains(&Kw::Aspect(LoanAspect::Rate))
            && k.contains(&Kw::Loan)));
    }
}
