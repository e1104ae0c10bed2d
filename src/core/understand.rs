//! Free text to a [`Request`]: what a villager typed, with or without diacritics, with typos
//! and half-working Telex/VNI, in Vietnamese or English.
//!
//! The catalog's names and a fixed table of keywords are folded once into a word trie. A
//! question is folded, its unknown words repaired or matched fuzzily against the trie, and the
//! phrases found (the longest win where they nest) vote for a request. When the vote is unclear
//! the answer is [`Request::NotUnderstood`] with the likeliest requests, never an empty dead end
//! if anything was recognised.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::core::catalog::Catalog;
use crate::core::request::{LoanAspect, Request};
use crate::i18n::Locale;
use crate::text::fold::{self, Folded};

/// What a keyword says about the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kw {
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
    /// A topic that is both a statistic and a loan programme ("hộ nghèo").
    FactsTopic,
    /// "Information about …": facts when a unit is named.
    Info,
    /// A word that only a loan question uses.
    Loan,
    Aspect(LoanAspect),
    Subscribe,
    Unsubscribe,
    Mine,
    News,
    /// "thông báo", "tin": news unless something else is asked.
    NewsHint,
    Lang(Option<Locale>),
    Forget,
    Cancel,
    /// Yes/no words: confirmations are buttons only, so these alone mean nothing.
    Yes,
}

/// One meaning of a phrase; a phrase may have several ("vệ sinh môi trường" is a criterion and
/// part of a programme name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
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
}

use Kw::*;
use LoanAspect::{Amount, Apply, Eligibility, Rate, Term};

const LOAN_RATE: &[Kw] = &[Loan, Aspect(Rate)];
const LOAN_AMOUNT: &[Kw] = &[Loan, Aspect(Amount)];
const LOAN_ELIGIBILITY: &[Kw] = &[Loan, Aspect(Eligibility)];
const LOAN_TERM: &[Kw] = &[Loan, Aspect(Term)];
const LOAN_APPLY: &[Kw] = &[Loan, Aspect(Apply)];
const CRITERIA_LIST: &[Kw] = &[Criteria, List];

/// Keywords, spelt with their diacritics: typed with marks, a word must carry the same ones
/// ("vậy" is not "vay"); typed without, any spelling folds onto it.
const KEYWORDS: &[(&str, &[Kw])] = &[
    ("xin chào", &[Greeting]),
    ("chào", &[Greeting]),
    ("chào bạn", &[Greeting]),
    ("alo", &[Greeting]),
    ("a lô", &[Greeting]),
    ("hello", &[Greeting]),
    ("hi", &[Greeting]),
    ("hey", &[Greeting]),
    ("menu", &[Greeting]),
    ("bắt đầu", &[Greeting]),
    ("start", &[Greeting]),
    ("giúp", &[Help]),
    ("giúp đỡ", &[Help]),
    ("trợ giúp", &[Help]),
    ("hướng dẫn", &[Help]),
    ("hỗ trợ", &[Help]),
    ("cách dùng", &[Help]),
    ("cách sử dụng", &[Help]),
    ("làm được gì", &[Help]),
    ("help", &[Help]),
    ("tiêu chí", &[Criteria]),
    ("nông thôn mới", &[Criteria]),
    ("ntm", &[Criteria]),
    ("đạt chuẩn", &[Criteria]),
    ("đạt mấy", &[Criteria]),
    ("đạt bao nhiêu", &[Criteria]),
    ("đạt được", &[Criteria]),
    ("đã đạt", &[Criteria]),
    ("đạt chưa", &[Criteria]),
    ("bao nhiêu tiêu chí", &[Criteria]),
    ("mấy tiêu chí", &[Criteria]),
    ("tiêu chuẩn", &[Criteria]),
    ("tiến độ", &[Criteria]),
    ("criteria", &[Criteria]),
    ("criterion", &[Criteria]),
    ("new rural", &[Criteria]),
    ("còn thiếu", &[Remaining]),
    ("còn lại", &[Remaining]),
    ("chưa đạt", &[Remaining]),
    ("phải làm gì", &[Remaining]),
    ("cần làm gì", &[Remaining]),
    ("thiếu gì", &[Remaining]),
    ("thiếu những gì", &[Remaining]),
    ("what is left", &[Remaining]),
    ("what s left", &[Remaining]),
    ("remaining", &[Remaining]),
    ("missing", &[Remaining]),
    ("not met", &[Remaining]),
    ("danh sách", &[List]),
    ("liệt kê", &[List]),
    ("những tiêu chí nào", CRITERIA_LIST),
    ("các tiêu chí", CRITERIA_LIST),
    ("tiêu chí nào", CRITERIA_LIST),
    ("tất cả tiêu chí", CRITERIA_LIST),
    ("list", &[List]),
    ("which", &[List]),
    ("which criteria", CRITERIA_LIST),
    ("all criteria", CRITERIA_LIST),
    ("các bản", &[Overview]),
    ("tất cả các bản", &[Overview]),
    ("từng bản", &[Overview]),
    ("mỗi bản", &[Overview]),
    ("tổng quan", &[Overview]),
    ("overview", &[Overview]),
    ("all hamlets", &[Overview]),
    ("each hamlet", &[Overview]),
    ("bao nhiêu hộ", &[Facts]),
    ("số hộ", &[Facts]),
    ("hộ dân", &[Facts]),
    ("dân số", &[Facts]),
    ("số dân", &[Facts]),
    ("bao nhiêu dân", &[Facts]),
    ("bao nhiêu người", &[Facts]),
    ("nhân khẩu", &[Facts]),
    ("thu nhập bình quân", &[Facts]),
    ("thu nhập trung bình", &[Facts]),
    ("bình quân", &[Facts]),
    ("đảng viên", &[Facts]),
    ("diện tích", &[Facts]),
    ("số liệu", &[Facts]),
    ("thống kê", &[Facts]),
    ("tỷ lệ hộ nghèo", &[Facts]),
    ("tỉ lệ hộ nghèo", &[Facts]),
    ("households", &[Facts]),
    ("household", &[Facts]),
    ("population", &[Facts]),
    ("average income", &[Facts]),
    ("income per capita", &[Facts]),
    ("party members", &[Facts]),
    ("how many households", &[Facts]),
    ("how many people", &[Facts]),
    ("hộ nghèo", &[FactsTopic]),
    ("hộ cận nghèo", &[FactsTopic]),
    ("thông tin", &[Info]),
    ("giới thiệu", &[Info]),
    ("info", &[Info]),
    ("information", &[Info]),
    ("vay", &[Loan]),
    ("vay vốn", &[Loan]),
    ("vốn", &[Loan]),
    ("vốn vay", &[Loan]),
    ("cho vay", &[Loan]),
    ("khoản vay", &[Loan]),
    ("gói vay", &[Loan]),
    ("vay tiền", &[Loan]),
    ("mượn", &[Loan]),
    ("mượn tiền", &[Loan]),
    ("được vay", &[Loan]),
    ("ngân hàng", &[Loan]),
    ("ngân hàng chính sách", &[Loan]),
    ("ngân hàng chính sách xã hội", &[Loan]),
    ("nhcsxh", &[Loan]),
    ("nhcs", &[Loan]),
    ("tín dụng", &[Loan]),
    ("chương trình vay", &[Loan]),
    ("loan", &[Loan]),
    ("loans", &[Loan]),
    ("borrow", &[Loan]),
    ("borrowing", &[Loan]),
    ("credit", &[Loan]),
    ("bank", &[Loan]),
    ("lãi suất", LOAN_RATE),
    ("lãi xuất", LOAN_RATE),
    ("lãi", LOAN_RATE),
    ("tiền lãi", LOAN_RATE),
    ("lãi bao nhiêu", LOAN_RATE),
    ("lãi mấy", LOAN_RATE),
    ("bao nhiêu phần trăm", LOAN_RATE),
    ("mấy phần trăm", LOAN_RATE),
    ("phần trăm", LOAN_RATE),
    ("interest", LOAN_RATE),
    ("interest rate", LOAN_RATE),
    ("rate", LOAN_RATE),
    ("mức vay", LOAN_AMOUNT),
    ("vay được bao nhiêu", LOAN_AMOUNT),
    ("được vay bao nhiêu", LOAN_AMOUNT),
    ("vay bao nhiêu", LOAN_AMOUNT),
    ("vay tối đa", LOAN_AMOUNT),
    ("hạn mức", LOAN_AMOUNT),
    ("số tiền vay", LOAN_AMOUNT),
    ("bao nhiêu", &[Aspect(Amount)]),
    ("được bao nhiêu", &[Aspect(Amount)]),
    ("tối đa", &[Aspect(Amount)]),
    ("bao nhiêu tiền", &[Aspect(Amount)]),
    ("số tiền", &[Aspect(Amount)]),
    ("how much", &[Aspect(Amount)]),
    ("maximum", &[Aspect(Amount)]),
    ("amount", &[Aspect(Amount)]),
    ("có được vay không", LOAN_ELIGIBILITY),
    ("được vay không", LOAN_ELIGIBILITY),
    ("có được vay", LOAN_ELIGIBILITY),
    ("ai được vay", LOAN_ELIGIBILITY),
    ("điều kiện vay", LOAN_ELIGIBILITY),
    ("ai được", &[Aspect(Eligibility)]),
    ("những ai", &[Aspect(Eligibility)]),
    ("điều kiện", &[Aspect(Eligibility)]),
    ("đủ điều kiện", &[Aspect(Eligibility)]),
    ("đối tượng", &[Aspect(Eligibility)]),
    ("có được không", &[Aspect(Eligibility)]),
    ("who", &[Aspect(Eligibility)]),
    ("eligible", &[Aspect(Eligibility)]),
    ("eligibility", &[Aspect(Eligibility)]),
    ("qualify", &[Aspect(Eligibility)]),
    ("vay bao lâu", LOAN_TERM),
    ("vay mấy năm", LOAN_TERM),
    ("thời hạn vay", LOAN_TERM),
    ("bao lâu", &[Aspect(Term)]),
    ("thời hạn", &[Aspect(Term)]),
    ("mấy năm", &[Aspect(Term)]),
    ("bao nhiêu năm", &[Aspect(Term)]),
    ("mấy tháng", &[Aspect(Term)]),
    ("bao nhiêu tháng", &[Aspect(Term)]),
    ("how long", &[Aspect(Term)]),
    ("term", &[Aspect(Term)]),
    ("duration", &[Aspect(Term)]),
    ("đăng ký vay", LOAN_APPLY),
    ("đăng kí vay", LOAN_APPLY),
    ("hồ sơ vay", LOAN_APPLY),
    ("thủ tục vay", LOAN_APPLY),
    ("vay ở đâu", LOAN_APPLY),
    ("ở đâu", &[Aspect(Apply)]),
    ("thủ tục", &[Aspect(Apply)]),
    ("hồ sơ", &[Aspect(Apply)]),
    ("giấy tờ", &[Aspect(Apply)]),
    ("làm thế nào", &[Aspect(Apply)]),
    ("làm sao", &[Aspect(Apply)]),
    ("nộp", &[Aspect(Apply)]),
    ("cần những gì", &[Aspect(Apply)]),
    ("where", &[Aspect(Apply)]),
    ("how to", &[Aspect(Apply)]),
    ("how to apply", &[Aspect(Apply)]),
    ("apply", &[Aspect(Apply)]),
    ("đăng ký", &[Subscribe]),
    ("đăng kí", &[Subscribe]),
    ("theo dõi", &[Subscribe]),
    ("nhận tin", &[Subscribe]),
    ("nhận tin tức", &[Subscribe]),
    ("nhận thông báo", &[Subscribe]),
    ("subscribe", &[Subscribe]),
    ("follow", &[Subscribe]),
    ("sign up", &[Subscribe]),
    ("hủy đăng ký", &[Unsubscribe]),
    ("hủy đăng kí", &[Unsubscribe]),
    ("bỏ đăng ký", &[Unsubscribe]),
    ("bỏ theo dõi", &[Unsubscribe]),
    ("hủy theo dõi", &[Unsubscribe]),
    ("thôi theo dõi", &[Unsubscribe]),
    ("thôi nhận", &[Unsubscribe]),
    ("không nhận nữa", &[Unsubscribe]),
    ("không muốn nhận", &[Unsubscribe]),
    ("ngừng nhận", &[Unsubscribe]),
    ("dừng nhận", &[Unsubscribe]),
    ("unsubscribe", &[Unsubscribe]),
    ("unfollow", &[Unsubscribe]),
    ("stop", &[Unsubscribe]),
    ("đăng ký của tôi", &[Mine]),
    ("tôi đăng ký gì", &[Mine]),
    ("tôi đăng ký những gì", &[Mine]),
    ("tôi đã đăng ký", &[Mine]),
    ("đã đăng ký gì", &[Mine]),
    ("tôi đang theo dõi", &[Mine]),
    ("đang theo dõi gì", &[Mine]),
    ("my subscriptions", &[Mine]),
    ("my subscription", &[Mine]),
    ("subscriptions", &[Mine]),
    ("tin tức", &[News]),
    ("tin mới", &[News]),
    ("thông báo mới", &[News]),
    ("có thông báo gì", &[News]),
    ("thông báo gì", &[News]),
    ("có tin gì", &[News]),
    ("tin gì mới", &[News]),
    ("có gì mới", &[News]),
    ("bản tin", &[News]),
    ("news", &[News]),
    ("announcements", &[News]),
    ("announcement", &[News]),
    ("latest", &[News]),
    ("thông báo", &[NewsHint]),
    ("tin", &[NewsHint]),
    ("tiếng anh", &[Lang(Some(Locale::En))]),
    ("english", &[Lang(Some(Locale::En))]),
    ("tiếng việt", &[Lang(Some(Locale::Vi))]),
    ("vietnamese", &[Lang(Some(Locale::Vi))]),
    ("ngôn ngữ", &[Lang(None)]),
    ("đổi ngôn ngữ", &[Lang(None)]),
    ("chuyển ngôn ngữ", &[Lang(None)]),
    ("chuyển đổi ngôn ngữ", &[Lang(None)]),
    ("language", &[Lang(None)]),
    ("change language", &[Lang(None)]),
    ("xóa dữ liệu", &[Forget]),
    ("xóa dữ liệu của tôi", &[Forget]),
    ("xóa thông tin", &[Forget]),
    ("xóa thông tin của tôi", &[Forget]),
    ("xóa tài khoản", &[Forget]),
    ("quên tôi đi", &[Forget]),
    ("delete my data", &[Forget]),
    ("delete my account", &[Forget]),
    ("delete data", &[Forget]),
    ("forget me", &[Forget]),
    ("hủy", &[Cancel]),
    ("hủy bỏ", &[Cancel]),
    ("thôi", &[Cancel]),
    ("thôi khỏi", &[Cancel]),
    ("bỏ qua", &[Cancel]),
    ("không cần nữa", &[Cancel]),
    ("cancel", &[Cancel]),
    ("abort", &[Cancel]),
    ("có", &[Yes]),
    ("đồng ý", &[Yes]),
    ("xác nhận", &[Yes]),
    ("vâng", &[Yes]),
    ("dạ", &[Yes]),
    ("ừ", &[Yes]),
    ("đúng", &[Yes]),
    ("đúng rồi", &[Yes]),
    ("được", &[Yes]),
    ("không", &[Yes]),
    ("chắc chắn", &[Yes]),
    ("ok", &[Yes]),
    ("oke", &[Yes]),
    ("okay", &[Yes]),
    ("yes", &[Yes]),
    ("no", &[Yes]),
    ("confirm", &[Yes]),
];

/// Ways to name the whole commune besides its catalog names.
const COMMUNE_WORDS: &[&str] = &[
    "toàn xã",
    "cả xã",
    "xã mình",
    "xã ta",
    "xã nhà",
    "commune",
    "whole commune",
];

/// Common words, known so that they are never "corrected" into a keyword ("dung" is not a typo
/// of "dong", "the" not of "he").
const STOPWORDS: &[&str] = &[
    "à", "ạ", "ơi", "nhé", "nhe", "nha", "nhỉ", "đi", "rồi", "bạn", "mình", "tôi", "tui", "em",
    "anh", "chị", "bot", "ad", "với", "luôn", "nữa", "vậy", "thì", "là", "cảm", "ơn", "xin", "vui",
    "lòng", "cho", "của", "gì", "nào", "sao", "thế", "này", "đó", "đây", "kia", "đang", "đã", "sẽ",
    "và", "hay", "hoặc", "ở", "tại", "từ", "đến", "về", "ra", "vào", "lên", "xuống", "làm", "muốn",
    "cần", "phải", "nên", "biết", "xem", "hỏi", "những", "các", "mọi", "một", "hai", "ba", "bốn",
    "năm", "sáu", "bảy", "tám", "chín", "mười", "người", "nhà", "nay", "hiện", "giờ", "lúc", "khi",
    "nếu", "vì", "như", "còn", "chưa", "vẫn", "cũng", "rất", "quá", "lại", "hết", "tất", "cả",
    "đều", "chỉ", "nhiều", "ít", "hơn", "nhất", "bị", "dùng", "đúng", "sai", "tốt", "ăn", "con",
    "cái", "ông", "bà", "cô", "chú", "bác", "ko", "k", "dc", "đc", "mà", "nhưng", "thấy", "nói",
    "bảo", "gửi", "trả", "lời", "nhờ", "thêm", "mới", "i", "me", "my", "you", "your", "we", "our",
    "the", "a", "an", "is", "are", "am", "was", "be", "to", "of", "for", "in", "on", "at", "by",
    "with", "and", "or", "what", "how", "when", "why", "do", "does", "did", "can", "could",
    "would", "will", "please", "pls", "thanks", "thank", "about", "this", "that", "it", "there",
    "get", "give", "show", "tell", "want", "need", "much", "many", "long", "left", "all", "any",
    "some", "not", "from", "as", "so", "know", "have", "has", "us", "s", "t",
];

/// Words that may stand around "ok", "hủy" or "chào" without making them part of a sentence.
const PARTICLES: &[&str] = &[
    "à", "ạ", "ơi", "nhé", "nhe", "nha", "nhỉ", "đi", "rồi", "bạn", "mình", "tôi", "em", "anh",
    "chị", "bot", "ad", "với", "luôn", "nữa", "vậy", "thì", "là", "cảm", "ơn", "xin", "vui",
    "lòng", "please", "pls", "thanks", "thank", "you", "me", "i", "đã", "đó", "này", "the",
];

/// Words after which an unknown word is taken as a hamlet name ("bản Xyz").
const HAMLET_PREFIXES: &[&str] = &["bản", "thôn", "xóm", "hamlet", "village"];

/// Words that, typed without marks, are more likely the particle than the keyword after these
/// words: a last "vay" after a question word is "vậy" ("bao nhiêu vậy"), "lai" after a verb is
/// "lại" ("hỏi lại"). Such a word then only counts inside a longer phrase ("hỏi lai suat").
const PARTICLE_AFTER: &[(&str, bool, &[&str])] = &[
    (
        "vay",
        true,
        &[
            "gì", "nào", "sao", "chí", "không", "chưa", "đâu", "mấy", "nhiêu", "thế", "lâu",
        ],
    ),
    (
        "lai",
        false,
        &[
            "hỏi", "làm", "nói", "gửi", "xem", "đọc", "quay", "trở", "nhắc", "nhập", "thử", "viết",
        ],
    ),
];

/// Words of programme names too common to hint at a programme by themselves.
const GENERIC_NAME_WORDS: &[&str] = &["ho", "tro", "cho", "vay", "von", "xa", "hoi", "o", "va"];

/// Words of a message that are read: a question fits many times over, and matching grows with
/// the square of the words kept, so a pasted essay must not cost milliseconds.
const MAX_WORDS: usize = 200;

/// Marks no typed word can have, given to a word read as a particle (see [`PARTICLE_AFTER`]).
const PARTICLE_MARKS: u32 = 0xFFFF_FFFE;

/// FNV-1a: the keys are short ASCII words, where SipHash's per-call cost dominates.
#[derive(Clone, Copy)]
struct Fnv(u64);

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

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[derive(Debug, Clone, Copy)]
struct Edge {
    word: u32,
    /// The diacritics this spelling requires when the typed word has some; `None` accepts any
    /// (a catalog name written without diacritics says nothing about them).
    marks: Option<u32>,
    to: u32,
}

#[derive(Debug, Default, Clone)]
struct Node {
    /// Sorted by word.
    edges: Vec<Edge>,
    phrase: Option<u32>,
}

#[derive(Debug, Clone)]
struct Phrase {
    meanings: Vec<Meaning>,
    /// Letters without spaces: decides how many typos the phrase tolerates.
    letters: usize,
    words: usize,
}

/// Typos tolerated in a phrase of this many letters.
fn phrase_allowance(letters: usize) -> u8 {
    match letters {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// A typed word, after repair.
#[derive(Debug, Clone)]
struct Tok<'a> {
    text: &'a str,
    /// `None`: a word no keyword, name or common word uses.
    id: Option<u32>,
    marks: u32,
    original: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Match {
    start: usize,
    end: usize,
    phrase: u32,
    cost: u8,
}

/// The state of one walk down the trie.
#[derive(Debug, Clone, Copy, Default)]
struct Walk {
    cost: u8,
    /// A word of three letters was changed: only fair inside a long phrase ("tieu chj").
    short_typo: bool,
    /// A word matched with different diacritics, or a word typed with diacritics was treated as
    /// a typo: only fair inside a phrase of several words.
    marks_off: bool,
}

/// What the phrases of one question add up to.
#[derive(Debug, Default)]
struct Signals {
    /// Hamlet indexes in order of appearance, with strength.
    hamlets: Vec<(u16, bool)>,
    commune: bool,
    commune_weak: bool,
    /// Programme indexes named in full, with whether the name is also a statistic.
    programmes: Vec<(u16, bool)>,
    parts: Vec<u16>,
    criteria: Vec<u16>,
    /// Programmes hinted at by the same phrase as a criterion.
    criteria_parts: Vec<u16>,
    greeting: u32,
    help: u32,
    criteria_kw: u32,
    remaining: u32,
    list: u32,
    overview: u32,
    facts: u32,
    info: u32,
    loan: u32,
    aspects: Vec<LoanAspect>,
    subscribe: u32,
    unsubscribe: u32,
    mine: u32,
    news: u32,
    news_hint: u32,
    languages: Vec<Option<Locale>>,
    forget: u32,
    cancel: u32,
    yes: u32,
    /// Words of the question inside no phrase that are not mere particles.
    loose_words: usize,
}

impl Signals {
    fn aspect(&self) -> Option<LoanAspect> {
        // A rate question often says "bao nhiêu" too; the rarer, more specific word wins.
        [Rate, Term, Eligibility, Apply, Amount]
            .into_iter()
            .find(|a| self.aspects.contains(a))
    }

    fn has_unit(&self) -> bool {
        !self.hamlets.is_empty() || self.commune || self.commune_weak
    }

    fn strong_hamlets(&self) -> impl Iterator<Item = u16> + '_ {
        self.hamlets.iter().filter(|h| h.1).map(|h| h.0)
    }
}

/// The content intents that can compete for one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Criteria,
    Loans,
    Facts,
    News,
}

/// Free-text understanding over one catalog; build once, use for every message.
#[derive(Debug, Clone)]
pub struct Understander {
    words: Vec<Box<str>>,
    ids: FnvMap<Box<str>, u32>,
    /// Words that some phrase uses (as opposed to stop words only).
    content: Vec<bool>,
    particle: Vec<bool>,
    nodes: Vec<Node>,
    phrases: Vec<Phrase>,
    commune: Option<String>,
    hamlets: Vec<String>,
    programmes: Vec<String>,
    criteria: Vec<String>,
    /// Hamlet prefix words with the marks of their proper spelling ("bản", not "bạn").
    prefixes: Vec<(u32, u32)>,
    /// [`PARTICLE_AFTER`] as word ids: (word, only as the last word, words before it).
    particle_after: Vec<(u32, bool, Vec<u32>)>,
}

fn top_level() -> Request {
    Request::NotUnderstood {
        suggestions: vec![
            Request::CriteriaOverview,
            Request::Loans,
            Request::Subscribe { hamlets: vec![] },
        ],
    }
}

/// At most three suggestions, each once, best first.
fn not_understood(suggestions: Vec<Request>) -> Request {
    let mut unique: Vec<Request> = Vec::with_capacity(3);
    for s in suggestions {
        if unique.len() < 3 && !unique.contains(&s) {
            unique.push(s);
        }
    }
    Request::NotUnderstood {
        suggestions: unique,
    }
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

impl Understander {
    /// Folds every name of the catalog and every keyword into the matching tables.
    pub fn new(catalog: &Catalog) -> Understander {
        let mut u = Understander {
            words: Vec::new(),
            ids: FnvMap::default(),
            content: Vec::new(),
            particle: Vec::new(),
            nodes: vec![Node::default()],
            phrases: Vec::new(),
            commune: catalog.commune.as_ref().map(|c| c.id.clone()),
            hamlets: catalog.hamlets.iter().map(|h| h.id.clone()).collect(),
            programmes: catalog.programmes.iter().map(|p| p.id.clone()).collect(),
            criteria: catalog.criteria.iter().map(|c| c.id.clone()).collect(),
            prefixes: Vec::new(),
            particle_after: Vec::new(),
        };
        for (text, kws) in KEYWORDS {
            for &kw in *kws {
                u.add_text(text, Meaning::Kw(kw), true);
            }
        }
        if let Some(commune) = &catalog.commune {
            for text in COMMUNE_WORDS {
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
                if !strong && folded.text != "ban" {
                    // Spelt like the alias, so an alias written without marks stays lenient.
                    let prefix = if name.is_ascii() { "ban" } else { "bản" };
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
                // "Cho vay hộ nghèo" hides the "vay" inside it, yet says "loan" all the same.
                if fold::fold_words(name).text.split(' ').any(|w| w == "vay") {
                    u.add_text(name, Meaning::Kw(Loan), false);
                }
            }
        }
        for (i, programme) in catalog.programmes.iter().enumerate() {
            for name in &programme.names {
                u.add_programme_parts(name, index16(i));
            }
        }
        for (i, criterion) in catalog.criteria.iter().enumerate() {
            for name in &criterion.names {
                u.add_text(name, Meaning::Criterion(index16(i)), false);
            }
        }
        for w in STOPWORDS {
            u.intern_text(w);
        }
        for w in PARTICLES {
            if let Some(id) = u.intern_text(w) {
                u.particle[id as usize] = true;
            }
        }
        for w in HAMLET_PREFIXES {
            let folded = fold::fold_words(w);
            if let Some(id) = u.intern_text(w) {
                u.prefixes.push((id, folded.words[0].marks));
            }
        }
        for &(word, last_only, before) in PARTICLE_AFTER {
            if let Some(id) = u.intern_text(word) {
                let before = before.iter().filter_map(|w| u.intern_text(w)).collect();
                u.particle_after.push((id, last_only, before));
            }
        }
        u
    }

    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.words.len()).expect("vocabulary fits in u32");
        self.words.push(word.into());
        self.ids.insert(word.into(), id);
        self.content.push(false);
        self.particle.push(false);
        id
    }

    /// Interns the folded form of a single word.
    fn intern_text(&mut self, text: &str) -> Option<u32> {
        let folded = fold::fold_words(text);
        (folded.len() == 1).then(|| self.intern(&folded.text))
    }

    /// Adds a phrase. Marks are enforced for keywords, and for names written with diacritics.
    fn add_text(&mut self, text: &str, meaning: Meaning, keyword: bool) {
        let folded = fold::fold_words(text);
        let enforce = keyword || !text.is_ascii();
        let words: Vec<(&str, Option<u32>)> = (0..folded.len())
            .map(|i| (folded.word(i), enforce.then_some(folded.words[i].marks)))
            .collect();
        self.add_words(&words, meaning);
    }

    fn add_words(&mut self, words: &[(&str, Option<u32>)], meaning: Meaning) {
        if words.is_empty() {
            return;
        }
        let mut node = 0usize;
        let mut letters = 0;
        for &(word, marks) in words {
            letters += word.len();
            let id = self.intern(word);
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
                });
                self.nodes[node].phrase = Some(u32::try_from(p).expect("phrases fit in u32"));
                p
            }
        };
        push_unique(&mut self.phrases[phrase].meanings, meaning);
    }

    fn child(&mut self, node: usize, word: u32, marks: Option<u32>) -> usize {
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
    /// trường nông thôn"), without a leading "cho vay", and not made only of common words.
    fn add_programme_parts(&mut self, name: &str, index: u16) {
        let folded = fold::fold_words(name);
        let enforce = !name.is_ascii();
        let mut words: Vec<(&str, Option<u32>)> = (0..folded.len())
            .map(|i| (folded.word(i), enforce.then_some(folded.words[i].marks)))
            .collect();
        while words.first().is_some_and(|w| w.0 == "cho" || w.0 == "vay") {
            words.remove(0);
        }
        let n = words.len();
        let min = n.div_ceil(2).max(2);
        for len in min..n {
            for start in 0..=n - len {
                let run = &words[start..start + len];
                if run.iter().all(|w| GENERIC_NAME_WORDS.contains(&w.0)) {
                    continue;
                }
                self.add_words(run, Meaning::ProgrammePart(index));
            }
        }
    }

    /// What `text` asks for. Free text only: slash commands are parsed elsewhere.
    pub fn understand(&self, text: &str) -> Request {
        if text.trim_start().starts_with('/') {
            return Request::NotUnderstood {
                suggestions: vec![],
            };
        }
        let folded = fold::fold_words(text);
        if folded.is_empty() {
            return top_level();
        }
        if folded.len() == 1 {
            let word = folded.word(0);
            if word.bytes().all(|b| b.is_ascii_digit()) {
                return match word.parse::<usize>() {
                    Ok(n @ 1..=99) => Request::MenuChoice(n),
                    _ => top_level(),
                };
            }
        }
        let toks = self.tokens(&folded);
        let mut matches = Vec::new();
        for start in 0..toks.len() {
            self.walk(&toks, start, start, 0, Walk::default(), &mut matches);
        }
        let kept = select(&matches);
        let signals = self.signals(&toks, &kept);
        self.decide(text, &toks, &kept, &signals)
    }

    fn tokens<'a>(&'a self, folded: &'a Folded) -> Vec<Tok<'a>> {
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
    fn split(&self, word: &str) -> Option<(u32, u32)> {
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
    fn walk(
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

    fn signals(&self, toks: &[Tok<'_>], kept: &[Match]) -> Signals {
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

    fn hamlet(&self, index: u16) -> String {
        self.hamlets[usize::from(index)].clone()
    }

    fn programme(&self, index: u16) -> String {
        self.programmes[usize::from(index)].clone()
    }

    fn criterion(&self, index: u16) -> String {
        self.criteria[usize::from(index)].clone()
    }

    /// The unit a criteria or facts question is about: hamlets named (a bare "Đông" counts
    /// here), else the commune.
    fn units(&self, s: &Signals) -> Vec<String> {
        let hamlets: Vec<String> = s.hamlets.iter().map(|h| self.hamlet(h.0)).collect();
        if hamlets.is_empty() {
            self.commune.iter().cloned().collect()
        } else {
            hamlets
        }
    }

    /// A hamlet the catalog does not know, named after "bản" ("đăng ký bản Xyz"), as typed.
    fn unknown_hamlet(&self, text: &str, toks: &[Tok<'_>], kept: &[Match]) -> Option<String> {
        let covered = |i: usize| kept.iter().any(|m| m.start <= i && i < m.end);
        let at = (0..toks.len()).find(|&i| {
            let t = &toks[i];
            let prefix = t.id.is_some_and(|id| {
                self.prefixes
                    .iter()
                    .any(|&(p, marks)| p == id && (t.marks == 0 || t.marks == marks))
            });
            prefix && !covered(i) && toks.get(i + 1).is_some_and(|n| n.id.is_none())
        })?;
        let name: Vec<&Tok<'_>> = toks[at + 1..]
            .iter()
            .take(3)
            .take_while(|t| t.id.is_none() && !t.text.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        let first = name.first()?;
        let last = name.last()?;
        Some(text[first.original.start..last.original.end].to_string())
    }

    fn criteria_request(&self, s: &Signals, unknown: Option<String>) -> Request {
        if s.hamlets.is_empty()
            && let Some(name) = unknown
        {
            return Request::UnknownHamlet { name };
        }
        let units = self.units(s);
        let Some(unit) = units.first().cloned() else {
            return Request::CriteriaOverview;
        };
        let per_unit = |make: &dyn Fn(String) -> Request| {
            not_understood(units.iter().cloned().map(make).collect())
        };
        match s.criteria.as_slice() {
            [c] => {
                let criterion = self.criterion(*c);
                if units.len() > 1 {
                    return per_unit(&|unit| Request::CriterionDetail {
                        unit,
                        criterion: criterion.clone(),
                    });
                }
                return Request::CriterionDetail { unit, criterion };
            }
            [_, _, ..] => {
                let suggestions = s.criteria.iter().map(|&c| Request::CriterionDetail {
                    unit: unit.clone(),
                    criterion: self.criterion(c),
                });
                return not_understood(suggestions.collect());
            }
            [] => {}
        }
        if s.remaining > 0 {
            if units.len() > 1 {
                return per_unit(&|unit| Request::CriteriaRemaining { unit });
            }
            return Request::CriteriaRemaining { unit };
        }
        if s.list > 0 {
            if units.len() > 1 {
                return per_unit(&|unit| Request::CriteriaList { unit });
            }
            return Request::CriteriaList { unit };
        }
        if units.len() > 1 || s.overview > 0 {
            return Request::CriteriaOverview;
        }
        Request::CriteriaSummary { unit }
    }

    fn facts_request(&self, s: &Signals, unknown: Option<String>) -> Request {
        if s.hamlets.is_empty()
            && let Some(name) = unknown
        {
            return Request::UnknownHamlet { name };
        }
        let units = self.units(s);
        match units.as_slice() {
            [] => top_level(),
            [unit] => Request::UnitFacts { unit: unit.clone() },
            _ => not_understood(
                units
                    .into_iter()
                    .map(|unit| Request::UnitFacts { unit })
                    .collect(),
            ),
        }
    }

    fn loans_request(&self, s: &Signals) -> Request {
        let aspect = s.aspect();
        let mut named: Vec<u16> = s.programmes.iter().map(|p| p.0).collect();
        if named.is_empty() {
            named.clone_from(&s.parts);
        }
        match named.as_slice() {
            [] => Request::Loans,
            [p] => Request::LoanDetail {
                programme: self.programme(*p),
                aspect,
            },
            _ => not_understood(
                named
                    .iter()
                    .map(|&p| Request::LoanDetail {
                        programme: self.programme(p),
                        aspect,
                    })
                    .collect(),
            ),
        }
    }

    fn family_request(&self, family: Family, s: &Signals, unknown: Option<String>) -> Request {
        match family {
            Family::Criteria => self.criteria_request(s, unknown),
            Family::Loans => self.loans_request(s),
            Family::Facts => self.facts_request(s, unknown),
            Family::News => Request::News,
        }
    }

    fn decide(&self, text: &str, toks: &[Tok<'_>], kept: &[Match], s: &Signals) -> Request {
        let unknown = self.unknown_hamlet(text, toks, kept);
        let all_hamlets = || {
            s.hamlets
                .iter()
                .map(|h| self.hamlet(h.0))
                .collect::<Vec<_>>()
        };

        // Requests about the person's own settings say so explicitly and outrank topics.
        if s.forget > 0 {
            return Request::Forget;
        }
        if s.unsubscribe > 0 {
            if s.hamlets.is_empty()
                && let Some(name) = unknown
            {
                return Request::UnknownHamlet { name };
            }
            return Request::Unsubscribe {
                hamlets: all_hamlets(),
            };
        }
        if s.mine > 0 {
            return Request::MySubscriptions;
        }
        if s.subscribe > 0 {
            if s.loan > 0 {
                // "đăng ký … vay": registering for a loan.
                let mut loan = Signals {
                    aspects: s.aspects.clone(),
                    ..Signals::default()
                };
                loan.programmes.clone_from(&s.programmes);
                loan.parts.clone_from(&s.parts);
                if loan.aspects.is_empty() {
                    loan.aspects.push(Apply);
                }
                return self.loans_request(&loan);
            }
            if s.hamlets.is_empty() {
                if let Some(name) = unknown {
                    return Request::UnknownHamlet { name };
                }
                if let Some(&(p, _)) = s.programmes.first() {
                    return not_understood(vec![
                        Request::Subscribe { hamlets: vec![] },
                        Request::LoanDetail {
                            programme: self.programme(p),
                            aspect: Some(Apply),
                        },
                    ]);
                }
            }
            return Request::Subscribe {
                hamlets: all_hamlets(),
            };
        }

        // Topics with an unmistakable keyword compete; loan words settle "hộ nghèo".
        // Counts are capped so that a pasted essay cannot overflow them.
        let n = |x: u32| u64::from(x.min(1000));
        let unit_bonus = u64::from(s.has_unit());
        let mut scores: Vec<(Family, u64)> = Vec::with_capacity(4);
        if s.criteria_kw > 0 {
            let sub = u64::from(s.remaining > 0 || s.list > 0) * 2;
            let named = s.criteria.len().min(1000) as u64;
            scores.push((
                Family::Criteria,
                3 * n(s.criteria_kw) + sub + named + unit_bonus,
            ));
        }
        if s.loan > 0 {
            let named = u64::from(!s.programmes.is_empty() || !s.parts.is_empty()) * 2;
            let aspect = u64::from(!s.aspects.is_empty());
            scores.push((Family::Loans, 3 * n(s.loan) + named + aspect));
        } else if s.facts > 0 {
            scores.push((Family::Facts, 3 * n(s.facts) + unit_bonus));
        }
        if s.news > 0 {
            scores.push((Family::News, 3 * n(s.news)));
        }
        if let Some(best) = scores.iter().map(|f| f.1).max() {
            let top: Vec<Family> = scores.iter().filter(|f| f.1 == best).map(|f| f.0).collect();
            if let [family] = top.as_slice() {
                return self.family_request(*family, s, unknown);
            }
            return not_understood(
                top.iter()
                    .map(|&f| self.family_request(f, s, None))
                    .collect(),
            );
        }

        if let Some(&locale) = s.languages.first() {
            let agreed = s.languages.iter().all(|l| *l == locale);
            return Request::Language {
                locale: if agreed { locale } else { None },
            };
        }

        // No unmistakable keyword: names and softer words decide, or become suggestions.
        if s.remaining > 0 || s.list > 0 || s.overview > 0 {
            return self.criteria_request(s, unknown);
        }
        let specific: Vec<u16> = s.programmes.iter().filter(|p| !p.1).map(|p| p.0).collect();
        if !specific.is_empty() {
            if !s.criteria.is_empty() && s.has_unit() {
                return self.criteria_request(s, unknown);
            }
            return self.loans_request(s);
        }
        if let Some(&(p, _)) = s.programmes.first() {
            // A name that is a statistic too ("hộ nghèo"): a unit makes it a facts question.
            if s.has_unit() || s.info > 0 {
                return self.facts_request(s, unknown);
            }
            if s.aspect().is_some() {
                return self.loans_request(s);
            }
            let mut suggestions = vec![Request::LoanDetail {
                programme: self.programme(p),
                aspect: None,
            }];
            if let Some(unit) = &self.commune {
                suggestions.push(Request::UnitFacts { unit: unit.clone() });
            }
            return not_understood(suggestions);
        }
        if !s.criteria.is_empty() {
            if s.has_unit() {
                return self.criteria_request(s, unknown);
            }
            let mut suggestions: Vec<Request> = Vec::new();
            for &c in &s.criteria {
                if let Some(unit) = &self.commune {
                    suggestions.push(Request::CriterionDetail {
                        unit: unit.clone(),
                        criterion: self.criterion(c),
                    });
                }
            }
            for &p in &s.criteria_parts {
                suggestions.push(Request::LoanDetail {
                    programme: self.programme(p),
                    aspect: None,
                });
            }
            suggestions.push(Request::CriteriaOverview);
            return not_understood(suggestions);
        }
        if s.info > 0 {
            if s.has_unit() {
                return self.facts_request(s, unknown);
            }
            let mut suggestions: Vec<Request> = Vec::new();
            if let Some(unit) = &self.commune {
                suggestions.push(Request::UnitFacts { unit: unit.clone() });
            }
            suggestions.extend([Request::CriteriaOverview, Request::Loans]);
            return not_understood(suggestions);
        }
        if s.news_hint > 0 {
            return Request::News;
        }
        if s.cancel > 0 && s.hamlets.iter().any(|h| h.1) {
            // "hủy bản Đông": stop following it.
            return Request::Unsubscribe {
                hamlets: all_hamlets(),
            };
        }
        let mut strong: Vec<u16> = s.strong_hamlets().collect();
        if strong.is_empty() && s.loose_words == 0 {
            // The message is nothing but "Đông": then it is the hamlet after all.
            strong = s.hamlets.iter().map(|h| h.0).collect();
        }
        match strong.as_slice() {
            [] => {}
            [h] => {
                let unit = self.hamlet(*h);
                return not_understood(vec![
                    Request::CriteriaSummary { unit: unit.clone() },
                    Request::Subscribe {
                        hamlets: vec![unit.clone()],
                    },
                    Request::UnitFacts { unit },
                ]);
            }
            _ => {
                let hamlets = strong.iter().map(|&h| self.hamlet(h)).collect();
                return not_understood(vec![
                    Request::Subscribe { hamlets },
                    Request::CriteriaOverview,
                ]);
            }
        }
        if s.commune
            && let Some(unit) = &self.commune
        {
            return not_understood(vec![
                Request::CriteriaSummary { unit: unit.clone() },
                Request::UnitFacts { unit: unit.clone() },
                Request::CriteriaOverview,
            ]);
        }
        if !s.aspects.is_empty() {
            return not_understood(vec![
                Request::Loans,
                Request::CriteriaOverview,
                Request::Subscribe { hamlets: vec![] },
            ]);
        }
        if s.help > 0 {
            return Request::Help;
        }
        if s.greeting > 0 {
            return Request::Menu;
        }
        // Cancel and yes/no only count alone: inside a sentence they are ordinary words.
        if s.loose_words == 0 {
            if s.cancel > 0 {
                return Request::Cancel;
            }
            if s.yes > 0 {
                return Request::NotUnderstood {
                    suggestions: vec![],
                };
            }
        }
        top_level()
    }
}

fn index16(i: usize) -> u16 {
    u16::try_from(i).expect("catalog lists fit in u16")
}

fn count(s: &mut Signals, kw: Kw) {
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
fn select(matches: &[Match]) -> Vec<Match> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::NamedEntry;

    fn entry(id: &str, names: &[&str]) -> NamedEntry {
        NamedEntry {
            id: id.to_string(),
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    fn catalog() -> Catalog {
        Catalog {
            commune: Some(entry(
                "chieng_khoang",
                &["xã Chiềng Khoang", "Chiềng Khoang", "xã"],
            )),
            hamlets: vec![
                entry("dong", &["Bản Đông", "Đông"]),
                entry("he", &["Bản He", "He"]),
                entry("na_lai", &["Bản Nà Lại", "Nà Lại"]),
            ],
            programmes: vec![
                entry("ho_ngheo", &["Cho vay hộ nghèo", "hộ nghèo"]),
                entry(
                    "ho_can_ngheo",
                    &["Cho vay hộ cận nghèo", "hộ cận nghèo", "cận nghèo"],
                ),
                entry(
                    "ho_moi_thoat_ngheo",
                    &["hộ mới thoát nghèo", "mới thoát nghèo"],
                ),
                entry(
                    "sxkd_vung_kho_khan",
                    &["sản xuất kinh doanh vùng khó khăn", "vùng khó khăn"],
                ),
                entry(
                    "giai_quyet_viec_lam",
                    &["giải quyết việc làm", "tạo việc làm", "việc làm"],
                ),
                entry(
                    "nuoc_sach_vsmt",
                    &["nước sạch", "vệ sinh môi trường nông thôn", "nhà tiêu"],
                ),
                entry(
                    "hoc_sinh_sinh_vien",
                    &["học sinh sinh viên", "sinh viên", "học sinh"],
                ),
                entry("nha_o_xa_hoi", &["nhà ở xã hội"]),
                entry("nd28_ho_tro_dat_o", &["hỗ trợ đất ở", "đất ở"]),
                entry("nd28_ho_tro_nha_o", &["hỗ trợ nhà ở"]),
                entry("nd28_chuyen_doi_nghe", &["chuyển đổi nghề"]),
                entry("nd28_duoc_lieu", &["dược liệu"]),
            ],
            criteria: vec![
                entry("giao_thong", &["Giao thông", "đường"]),
                entry("thu_nhap", &["Thu nhập"]),
                entry("dien", &["Điện"]),
                entry("nha_van_hoa", &["Nhà văn hóa"]),
                entry("ve_sinh_moi_truong", &["Vệ sinh môi trường"]),
                entry("quy_uoc_huong_uoc", &["quy ước", "hương ước"]),
                entry("y_te", &["Y tế"]),
                entry("quy_hoach", &["Quy hoạch"]),
                entry("thuy_loi", &["Thủy lợi"]),
                entry("giao_duc", &["Giáo dục"]),
            ],
        }
    }

    fn summary(unit: &str) -> Request {
        Request::CriteriaSummary { unit: unit.into() }
    }

    fn remaining(unit: &str) -> Request {
        Request::CriteriaRemaining { unit: unit.into() }
    }

    fn list(unit: &str) -> Request {
        Request::CriteriaList { unit: unit.into() }
    }

    fn detail(unit: &str, criterion: &str) -> Request {
        Request::CriterionDetail {
            unit: unit.into(),
            criterion: criterion.into(),
        }
    }

    fn facts(unit: &str) -> Request {
        Request::UnitFacts { unit: unit.into() }
    }

    fn loan(programme: &str, aspect: Option<LoanAspect>) -> Request {
        Request::LoanDetail {
            programme: programme.into(),
            aspect,
        }
    }

    fn sub(hamlets: &[&str]) -> Request {
        Request::Subscribe {
            hamlets: hamlets.iter().map(|h| h.to_string()).collect(),
        }
    }

    fn unsub(hamlets: &[&str]) -> Request {
        Request::Unsubscribe {
            hamlets: hamlets.iter().map(|h| h.to_string()).collect(),
        }
    }

    fn unsure(suggestions: Vec<Request>) -> Request {
        Request::NotUnderstood { suggestions }
    }

    fn hamlet_alone(unit: &str) -> Request {
        unsure(vec![summary(unit), sub(&[unit]), facts(unit)])
    }

    fn lang(locale: Option<Locale>) -> Request {
        Request::Language { locale }
    }

    const CK: &str = "chieng_khoang";

    /// (what was typed, what it asks for).
    fn cases() -> Vec<(&'static str, Request)> {
        use Request as R;
        vec![
            // Menu numbers and the empty edge.
            ("1", R::MenuChoice(1)),
            ("2", R::MenuChoice(2)),
            (" 3 ", R::MenuChoice(3)),
            ("2.", R::MenuChoice(2)),
            ("0", top_level()),
            ("", top_level()),
            ("   \t\n", top_level()),
            ("😀👍", top_level()),
            ("\u{7}\u{1b}", top_level()),
            ("/tieuchi", unsure(vec![])),
            ("  /vay ho_ngheo", unsure(vec![])),
            // Greetings and help.
            ("xin chào", R::Menu),
            ("Xin chao!", R::Menu),
            ("chao", R::Menu),
            ("chào bạn", R::Menu),
            ("hello", R::Menu),
            ("hi", R::Menu),
            ("alo", R::Menu),
            ("giúp", R::Help),
            ("giup toi voi", R::Help),
            ("hướng dẫn", R::Help),
            ("huong dan", R::Help),
            ("help", R::Help),
            ("tro giup", R::Help),
            // Criteria: summary.
            ("Bản Đông đạt mấy tiêu chí?", summary("dong")),
            ("ban dong dat may tieu chi", summary("dong")),
            ("BẢN ĐÔNG ĐẠT MẤY TIÊU CHÍ", summary("dong")),
            (
                // NFD: every mark a separate code point.
                concat!(
                    "Ba\u{0309}n \u{0110}o\u{0302}ng \u{0111}a\u{0323}t ",
                    "ma\u{0302}\u{0301}y tie\u{0302}u chi\u{0301}"
                ),
                summary("dong"),
            ),
            ("tiêu chí", summary(CK)),
            ("tieu chi", summary(CK)),
            ("tiêu chí đông", summary("dong")),
            ("tieu chi he", summary("he")),
            ("bản Nà Lại đạt chuẩn nông thôn mới chưa", summary("na_lai")),
            ("xã đạt chuẩn nông thôn mới chưa", summary(CK)),
            ("tiêu chí của toàn xã", summary(CK)),
            ("ntm", summary(CK)),
            ("xin chào, bản Đông đạt mấy tiêu chí", summary("dong")),
            ("bản đông đạt mấy tiêu chí vậy", summary("dong")),
            ("ban dong dat may tieu chi vay", summary("dong")),
            ("criteria ban dong", summary("dong")),
            ("new rural criteria", summary(CK)),
            ("tieu chi ban dong va ban he", R::CriteriaOverview),
            ("tiêu chí từng bản", R::CriteriaOverview),
            // Criteria: what is left, the list, one criterion.
            ("bản đông còn thiếu tiêu chí nào", remaining("dong")),
            ("ban dong con thieu gi", remaining("dong")),
            ("bản he còn lại những gì", remaining("he")),
            ("ban na lai con thieu gi", remaining("na_lai")),
            ("những tiêu chí nào bản he chưa đạt", remaining("he")),
            ("xã còn phải làm gì để đạt nông thôn mới", remaining(CK)),
            ("what is left for ban he", remaining("he")),
            ("remaining criteria commune", remaining(CK)),
            ("danh sách tiêu chí bản nà lại", list("na_lai")),
            ("liet ke tieu chi ban dong", list("dong")),
            ("bản đông đạt những tiêu chí nào", list("dong")),
            ("list criteria ban he", list("he")),
            ("which criteria", list(CK)),
            ("tiêu chí giao thông bản đông", detail("dong", "giao_thong")),
            ("đường bản đông đã đạt chưa", detail("dong", "giao_thong")),
            ("Bản Đông đạt tiêu chí điện chưa", detail("dong", "dien")),
            ("nhà văn hóa bản he", detail("he", "nha_van_hoa")),
            (
                "tiêu chí nhà văn hoá bản đông",
                detail("dong", "nha_van_hoa"),
            ),
            ("thu nhập bản đông", detail("dong", "thu_nhap")),
            ("tieu chi thuy loi", detail(CK, "thuy_loi")),
            (
                "hương ước bản nà lại",
                detail("na_lai", "quy_uoc_huong_uoc"),
            ),
            // Facts.
            ("Bản Đông có bao nhiêu hộ nghèo?", facts("dong")),
            ("ban dong co bao nhieu ho", facts("dong")),
            ("số hộ nghèo xã chiềng khoang", facts(CK)),
            ("dân số bản he", facts("he")),
            ("dan so", facts(CK)),
            ("bao nhiêu hộ", facts(CK)),
            ("thu nhập bình quân bản nà lại", facts("na_lai")),
            ("đảng viên", facts(CK)),
            ("households in ban dong", facts("dong")),
            ("population", facts(CK)),
            ("hộ nghèo bản đông", facts("dong")),
            ("thông tin bản đông", facts("dong")),
            // Loans.
            ("vay vốn", R::Loans),
            ("vay von", R::Loans),
            ("vay", R::Loans),
            ("mượn tiền", R::Loans),
            ("ngân hàng chính sách xã hội cho vay những gì", R::Loans),
            ("nhcsxh", R::Loans),
            ("lãi suất bao nhiêu", R::Loans),
            ("loans", R::Loans),
            ("how much can I borrow", R::Loans),
            ("what is the interest rate", R::Loans),
            ("giúp tôi vay vốn", R::Loans),
            ("lãi suất vay hộ nghèo", loan("ho_ngheo", Some(Rate))),
            ("lai suat vay ho ngheo", loan("ho_ngheo", Some(Rate))),
            ("hộ nghèo lãi suất bao nhiêu", loan("ho_ngheo", Some(Rate))),
            (
                "ho ngheo lai suat bao nhieu vay",
                loan("ho_ngheo", Some(Rate)),
            ),
            (
                "ho can ngheo vay duoc bao nhieu",
                loan("ho_can_ngheo", Some(Amount)),
            ),
            (
                "hộ cận nghèo vay được bao nhiêu",
                loan("ho_can_ngheo", Some(Amount)),
            ),
            ("vay hộ cận nghèo", loan("ho_can_ngheo", None)),
            (
                "vay hộ mới thoát nghèo tối đa bao nhiêu",
                loan("ho_moi_thoat_ngheo", Some(Amount)),
            ),
            ("mới thoát nghèo", loan("ho_moi_thoat_ngheo", None)),
            (
                "hộ nghèo có được vay không",
                loan("ho_ngheo", Some(Eligibility)),
            ),
            (
                "điều kiện vay hộ mới thoát nghèo",
                loan("ho_moi_thoat_ngheo", Some(Eligibility)),
            ),
            (
                "ai được vay vốn sản xuất kinh doanh vùng khó khăn",
                loan("sxkd_vung_kho_khan", Some(Eligibility)),
            ),
            (
                "vay học sinh sinh viên bao lâu",
                loan("hoc_sinh_sinh_vien", Some(Term)),
            ),
            (
                "vay vốn tạo việc làm mấy năm",
                loan("giai_quyet_viec_lam", Some(Term)),
            ),
            (
                "sinh viên vay được bao nhiêu",
                loan("hoc_sinh_sinh_vien", Some(Amount)),
            ),
            (
                "lãi suất vay nước sạch bao nhiêu",
                loan("nuoc_sach_vsmt", Some(Rate)),
            ),
            ("ho ngheo vay o dau", loan("ho_ngheo", Some(Apply))),
            (
                "thủ tục vay vốn hộ cận nghèo",
                loan("ho_can_ngheo", Some(Apply)),
            ),
            ("đăng ký vay vốn hộ nghèo", loan("ho_ngheo", Some(Apply))),
            ("đăng ký vay", R::Loans),
            (
                "dang ky de vay von nuoc sach",
                loan("nuoc_sach_vsmt", Some(Apply)),
            ),
            ("cho vay hộ nghèo", loan("ho_ngheo", None)),
            ("nước sạch", loan("nuoc_sach_vsmt", None)),
            ("nuoc sach", loan("nuoc_sach_vsmt", None)),
            ("học sinh sinh viên", loan("hoc_sinh_sinh_vien", None)),
            ("dược liệu", loan("nd28_duoc_lieu", None)),
            ("vay chuyển đổi nghề", loan("nd28_chuyen_doi_nghe", None)),
            ("việc làm", loan("giai_quyet_viec_lam", None)),
            // Overlapping names, settled by context.
            ("vay vốn vệ sinh môi trường", loan("nuoc_sach_vsmt", None)),
            (
                "tiêu chí vệ sinh môi trường bản đông",
                detail("dong", "ve_sinh_moi_truong"),
            ),
            (
                "vệ sinh môi trường bản he",
                detail("he", "ve_sinh_moi_truong"),
            ),
            (
                "vệ sinh môi trường",
                unsure(vec![
                    detail(CK, "ve_sinh_moi_truong"),
                    loan("nuoc_sach_vsmt", None),
                    R::CriteriaOverview,
                ]),
            ),
            (
                "vay nhà ở",
                unsure(vec![
                    loan("nha_o_xa_hoi", None),
                    loan("nd28_ho_tro_nha_o", None),
                ]),
            ),
            ("vay vốn nhà ở xã hội", loan("nha_o_xa_hoi", None)),
            ("hỗ trợ nhà ở", loan("nd28_ho_tro_nha_o", None)),
            ("vay hỗ trợ đất ở", loan("nd28_ho_tro_dat_o", None)),
            ("hộ nghèo", unsure(vec![loan("ho_ngheo", None), facts(CK)])),
            ("ho ngheo", unsure(vec![loan("ho_ngheo", None), facts(CK)])),
            ("bao nhiêu hộ nghèo được vay", loan("ho_ngheo", None)),
            // Subscriptions.
            ("đăng ký", sub(&[])),
            ("subscribe", sub(&[])),
            ("đăng ký bản đông và bản he", sub(&["dong", "he"])),
            ("dang ky dong he", sub(&["dong", "he"])),
            ("dang ky ban he, ban dong, ban he", sub(&["he", "dong"])),
            ("dang ky nhan tin ban na lai", sub(&["na_lai"])),
            ("theo dõi bản Nà Lại", sub(&["na_lai"])),
            ("nhận thông báo bản Đông", sub(&["dong"])),
            ("subscribe ban dong", sub(&["dong"])),
            ("follow ban he and ban na lai", sub(&["he", "na_lai"])),
            ("đăng ký bản Xyz", R::UnknownHamlet { name: "Xyz".into() }),
            (
                "đăng ký bản Pá Pôm",
                R::UnknownHamlet {
                    name: "Pá Pôm".into(),
                },
            ),
            (
                "subscribe to hamlet xyz",
                R::UnknownHamlet { name: "xyz".into() },
            ),
            (
                "bản Xyz đạt mấy tiêu chí",
                R::UnknownHamlet { name: "Xyz".into() },
            ),
            (
                "đăng ký hộ nghèo",
                unsure(vec![sub(&[]), loan("ho_ngheo", Some(Apply))]),
            ),
            ("hủy đăng ký bản đông", unsub(&["dong"])),
            ("huy dang ky", unsub(&[])),
            ("bỏ theo dõi bản he", unsub(&["he"])),
            ("unsubscribe he", unsub(&["he"])),
            ("thôi nhận tin", unsub(&[])),
            ("không nhận nữa", unsub(&[])),
            ("stop", unsub(&[])),
            ("hủy bản đông", unsub(&["dong"])),
            ("đăng ký của tôi", R::MySubscriptions),
            ("tôi đăng ký gì", R::MySubscriptions),
            ("toi dang ky gi", R::MySubscriptions),
            ("tôi đã đăng ký những bản nào", R::MySubscriptions),
            ("my subscriptions", R::MySubscriptions),
            // News, language, forgetting, cancelling, yes.
            ("tin tức", R::News),
            ("tin tuc", R::News),
            ("thông báo mới", R::News),
            ("tin mới", R::News),
            ("có thông báo gì mới không", R::News),
            ("news", R::News),
            ("announcements", R::News),
            ("tiếng anh", lang(Some(Locale::En))),
            ("tieng anh", lang(Some(Locale::En))),
            ("english", lang(Some(Locale::En))),
            ("tiếng Việt", lang(Some(Locale::Vi))),
            ("vietnamese", lang(Some(Locale::Vi))),
            ("đổi ngôn ngữ", lang(None)),
            ("language", lang(None)),
            ("xóa dữ liệu", R::Forget),
            ("xoá thông tin của tôi", R::Forget),
            ("xoa du lieu", R::Forget),
            ("delete my data", R::Forget),
            ("forget me", R::Forget),
            ("hủy", R::Cancel),
            ("huỷ", R::Cancel),
            ("huy", R::Cancel),
            ("thôi", R::Cancel),
            ("hủy đi", R::Cancel),
            ("cancel", R::Cancel),
            ("có", unsure(vec![])),
            ("đồng ý", unsure(vec![])),
            ("xác nhận", unsure(vec![])),
            ("yes", unsure(vec![])),
            ("ok", unsure(vec![])),
            ("OK bạn", unsure(vec![])),
            // Typos and half-working Telex/VNI.
            ("tieu chj ban dong", summary("dong")),
            ("tiu chi ban he", summary("he")),
            ("tieuchi ban dong", summary("dong")),
            ("ban doong dat may tieu chi", summary("dong")),
            ("bản Đôngg đạt mấy tiêu chí", summary("dong")),
            ("tieu chi xa chieng khaong", summary(CK)),
            ("Chiềng Khaong đạt mấy tiêu chí", summary(CK)),
            ("critera", summary(CK)),
            ("lai xuat ho ngheo", loan("ho_ngheo", Some(Rate))),
            ("baan ddoong tieeu chis", summary("dong")),
            ("vay vonff", R::Loans),
            ("laix suaats ho ngheo", loan("ho_ngheo", Some(Rate))),
            ("ba3n d9ong tie6u chi1", summary("dong")),
            ("dduwowngf ban dong", detail("dong", "giao_thong")),
            ("nuwowcs sachj", loan("nuoc_sach_vsmt", None)),
            ("subcribe ban dong", sub(&["dong"])),
            ("unsubcribe", unsub(&[])),
            // Ambiguous: suggestions, best first.
            ("bản đông", hamlet_alone("dong")),
            ("ban he", hamlet_alone("he")),
            ("Nà Lại", hamlet_alone("na_lai")),
            ("đông", hamlet_alone("dong")),
            ("chào bản đông", hamlet_alone("dong")),
            (
                "chiềng khoang",
                unsure(vec![summary(CK), facts(CK), R::CriteriaOverview]),
            ),
            (
                "hộ cận nghèo",
                unsure(vec![loan("ho_can_ngheo", None), facts(CK)]),
            ),
            (
                "điện",
                unsure(vec![detail(CK, "dien"), R::CriteriaOverview]),
            ),
            ("tin tức vay vốn", unsure(vec![R::Loans, R::News])),
            (
                "tiêu chí dân số bản đông",
                unsure(vec![summary("dong"), facts("dong")]),
            ),
            (
                "tiêu chí giao thông và điện bản đông",
                unsure(vec![detail("dong", "giao_thong"), detail("dong", "dien")]),
            ),
            (
                "thông tin",
                unsure(vec![facts(CK), R::CriteriaOverview, R::Loans]),
            ),
            (
                "điều kiện",
                unsure(vec![R::Loans, R::CriteriaOverview, sub(&[])]),
            ),
            // Unrelated, and words that only look like keywords.
            ("con bò của tôi bị ốm", top_level()),
            ("asdfgh", top_level()),
            ("bạn đang làm gì", top_level()),
            ("ban dang lam gi", top_level()),
            ("hỏi lại", top_level()),
            ("hoi lai", top_level()),
            ("thế vậy à", top_level()),
            ("đông quá", top_level()),
            ("mùa hè", top_level()),
            ("ban the", top_level()),
            ("the", top_level()),
        ]
    }

    #[test]
    fn understands_the_questions_villagers_ask() {
        let u = Understander::new(&catalog());
        let mut failures = Vec::new();
        let cases = cases();
        for (text, want) in &cases {
            let got = u.understand(text);
            if &got != want {
                failures.push(format!("{text:?}\n   want {want:?}\n    got {got:?}"));
            }
        }
        assert!(cases.len() >= 70);
        assert!(
            failures.is_empty(),
            "{} of {} wrong:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn suggestions_never_exceed_three() {
        let u = Understander::new(&catalog());
        for text in [
            "tiêu chí giao thông, điện, y tế, thủy lợi bản đông",
            "vay nước sạch học sinh dược liệu việc làm",
        ] {
            match u.understand(text) {
                Request::NotUnderstood { suggestions } => assert!(suggestions.len() <= 3, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn without_a_commune_criteria_fall_back_to_the_overview() {
        let mut c = catalog();
        c.commune = None;
        let u = Understander::new(&c);
        assert_eq!(u.understand("tiêu chí"), Request::CriteriaOverview);
        assert_eq!(u.understand("ban dong dat may tieu chi"), summary("dong"));
        assert_eq!(u.understand("chiềng khoang"), top_level());
        assert_eq!(
            u.understand("hộ nghèo"),
            unsure(vec![loan("ho_ngheo", None)])
        );
        assert_eq!(
            u.understand("điện"),
            unsure(vec![Request::CriteriaOverview])
        );
    }

    #[test]
    fn an_empty_catalog_still_answers() {
        let u = Understander::new(&Catalog::default());
        assert_eq!(u.understand("tiêu chí bản đông"), Request::CriteriaOverview);
        assert_eq!(u.understand("vay vốn hộ nghèo"), Request::Loans);
        assert_eq!(u.understand("đăng ký"), sub(&[]));
        assert_eq!(u.understand("xin chào"), Request::Menu);
    }

    #[test]
    fn never_panics_on_nasty_input() {
        let u = Understander::new(&catalog());
        let long = "tiêu chí bản Đông vay vốn ".repeat(400);
        let nasty = [
            long.as_str(),
            &"a".repeat(10_000),
            &"ba3n ".repeat(2_000),
            "😀🎉👍🏽👨‍👩‍👧",
            "\u{0}\u{1}\u{7}\u{1b}[31m\u{7f}",
            "\u{0301}\u{0302}\u{0323}",
            "Привет 你好 مرحبا bản Đông",
            "bản",
            "bản bản bản",
            "đăng ký bản",
            "99999999999999999999999999",
            "1 2",
            "\u{FEFF}\u{200B}/",
        ];
        for text in nasty {
            if let Request::NotUnderstood { suggestions } = u.understand(text) {
                assert!(suggestions.len() <= 3);
            }
        }
    }

    /// Not a benchmark: one rough number for the report. `cargo test --release -- --ignored`.
    #[test]
    #[ignore]
    fn time_per_question() {
        let u = Understander::new(&catalog());
        let questions: Vec<&str> = cases().iter().map(|c| c.0).collect();
        let typical = [
            "Bản Đông đạt mấy tiêu chí rồi vậy bạn ơi?",
            "lãi suất vay hộ cận nghèo bây giờ là bao nhiêu",
            "ban dong con thieu nhung tieu chi nao",
            "tôi muốn đăng ký nhận tin bản Nà Lại",
        ];
        let median = |qs: &[&str]| {
            let mut times: Vec<_> = (0..10_000)
                .map(|i| {
                    let q = qs[i % qs.len()];
                    let t = std::time::Instant::now();
                    std::hint::black_box(u.understand(std::hint::black_box(q)));
                    t.elapsed()
                })
                .collect();
            times.sort();
            (times[times.len() / 2], times[times.len() * 99 / 100])
        };
        println!("typical questions: (median, p99) {:?}", median(&typical));
        println!("all test questions: (median, p99) {:?}", median(&questions));
        let essay = "tiêu chí bản Đông vay vốn hộ nghèo ".repeat(300);
        let t = std::time::Instant::now();
        std::hint::black_box(u.understand(&essay));
        println!("{} characters: {:?}", essay.chars().count(), t.elapsed());
    }
}
