//! Signals: what the phrases of one question add up to — units, programmes, needs, figures,
//! standings, aspects and keyword counts — the one value the decision reads.

use super::index::push_unique;
use super::lexicon::Kw;
use crate::content::model::Standing;
use crate::core::request::LoanAspect;
use crate::i18n::Locale;

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
    /// "diện tích", "mấy ha": an area is asked.
    pub(super) area: u32,
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
    /// "cả hai bản", "both hamlets": every hamlet.
    pub(super) every_hamlet: u32,
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
    /// The criteria left or listed asked before any figure ("xã còn những tiêu chí nào chưa
    /// đạt, với thu nhập bình quân bao nhiêu"): the first question, as a figure asked first
    /// is.
    pub(super) criteria_first: bool,
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
        Kw::Area => &mut s.area,
        Kw::Organisation => &mut s.organisation,
        Kw::Learned => &mut s.learned,
        Kw::EveryHamlet => &mut s.every_hamlet,
        // Read where the phrase is: they depend on their neighbours.
        Kw::Filler
        | Kw::Negation
        | Kw::NegationAfter
        | Kw::Declined
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
