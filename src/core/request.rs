//! What a person asked for, independent of how they asked (command, button or free text).

use crate::i18n::Locale;
pub use crate::model::Status;

/// Which part of a loan programme a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoanAspect {
    /// Who qualifies.
    Eligibility,
    /// Maximum amount.
    Amount,
    /// Interest rate.
    Rate,
    /// Loan term.
    Term,
    /// Where and how to apply.
    Apply,
    /// Whether collateral is needed.
    Collateral,
    /// Age limits (answered from who qualifies).
    Age,
}

impl LoanAspect {
    /// Every aspect, in the order an answer lists them.
    pub const ALL: [LoanAspect; 7] = [
        LoanAspect::Eligibility,
        LoanAspect::Age,
        LoanAspect::Amount,
        LoanAspect::Rate,
        LoanAspect::Term,
        LoanAspect::Collateral,
        LoanAspect::Apply,
    ];
}

/// One thing the core can do for a person.
///
/// Unit ids are content unit ids (the commune's id or a hamlet id from config);
/// `None` where a unit is optional means "the commune, or ask".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `/start`, optionally with a deep-link payload (a hamlet id to subscribe to).
    Start {
        payload: Option<String>,
    },
    Help,
    /// The main menu of buttons.
    Menu,
    /// Criteria: commune summary plus one line per hamlet.
    CriteriaOverview,
    /// "6/16" for one unit, with what is left.
    CriteriaSummary {
        unit: String,
    },
    /// Every criterion of a unit with its mark.
    CriteriaList {
        unit: String,
    },
    /// Only the criteria not yet met.
    CriteriaRemaining {
        unit: String,
    },
    /// One criterion of one unit.
    CriterionDetail {
        unit: String,
        criterion: String,
    },
    /// A head or admin changes a status (`status: None` asks which status).
    SetStatus {
        unit: String,
        criterion: String,
        status: Option<Status>,
        note: Option<String>,
    },
    /// `/status` typed wrong: the right form, and the unit's criterion codes. `wrong` is the
    /// word that could not be read, if there was one.
    StatusUsage {
        unit: Option<String>,
        wrong: Option<String>,
    },
    /// Facts about a unit (households, income, …).
    UnitFacts {
        unit: String,
    },
    /// The list of loan programmes.
    Loans,
    /// One programme; `aspects` (in [`LoanAspect::ALL`] order, each once) narrow the answer
    /// to what was asked; empty is the whole card.
    LoanDetail {
        programme: String,
        aspects: Vec<LoanAspect>,
    },
    /// A need-first loan question ("muốn vay nuôi bò"): the programmes that fit, each in a
    /// line with its maximum amount, rate and who qualifies.
    LoansByPurpose {
        programmes: Vec<String>,
    },
    /// The steps common to every programme: where to apply, where money is paid and repaid.
    LoanProcess,
    /// One figure of one unit (a fact key of that unit's content).
    Fact {
        unit: String,
        fact: String,
    },
    /// "Cảm ơn": a short warm reply.
    Thanks,
    /// "Ok", "vâng": a short acknowledgement.
    Ack,
    /// Subscribe to these hamlets; empty means "show me the choices".
    Subscribe {
        hamlets: Vec<String>,
    },
    /// Unsubscribe from these hamlets; empty means "show me my subscriptions to pick from".
    Unsubscribe {
        hamlets: Vec<String>,
    },
    /// Get these hamlets' notices instead of `from`'s: "em thôi bản Đông, chuyển sang đăng ký
    /// bản He". An empty `from` means every other hamlet they follow (a move: "chuyển đăng ký
    /// sang bản He"). The new ones are subscribed before the old ones end, so a crash between
    /// the two leaves them with both, never with none.
    Switch {
        to: Vec<String>,
        from: Vec<String>,
    },
    MySubscriptions,
    /// Recent announcements of my hamlets.
    News,
    /// Switch language; `None` shows the choice.
    Language {
        locale: Option<Locale>,
    },
    /// Ask to delete all my data (a confirmation follows).
    Forget,
    ForgetConfirm,
    /// Start a broadcast with this text (empty: explain how).
    Broadcast {
        text: String,
    },
    /// A head sent a photo or voice note (its caption, if any, is the notice's text): a
    /// draft notice that carries it.
    MediaNotice {
        file: crate::message::Attachment,
    },
    /// The head picked where the draft goes: a hamlet id, or `None` for the whole commune.
    BroadcastTarget {
        hamlet: Option<String>,
    },
    BroadcastConfirm,
    /// "🚨 Khẩn" on the preview: the draft goes at once as an urgent notice.
    BroadcastUrgent,
    /// `/khancap TEXT` (`/urgent`): an urgent notice's draft and preview.
    Urgent {
        text: String,
    },
    /// "⏰ Hẹn giờ" on the preview: asks when the draft should go.
    ScheduleAsk,
    /// A time typed for the draft ("7:00 thứ Bảy"): read back for confirmation.
    ScheduleTime {
        text: String,
    },
    /// The time read back was right: the notice waits for it.
    ScheduleConfirm,
    /// "🔁 Lặp lại hằng tuần" on a one-off time read back: every week at that weekday and
    /// time, read back again.
    ScheduleWeekly,
    /// `/hengio` (`/scheduled`): the notices waiting for their time (the head's; admins all).
    Scheduled,
    /// `/hengio WHEN | TEXT`: a draft to go at WHEN.
    ScheduleNew {
        when: String,
        text: String,
    },
    /// Remove waiting notice `id` (nothing is sent).
    ScheduledCancel {
        id: u64,
    },
    /// Send waiting notice `id` now.
    ScheduledSendNow {
        id: u64,
    },
    /// Cancel whatever is pending: a draft or a forget confirmation; with nothing pending,
    /// ask whether to stop the broadcast being sent (stopping needs its own confirmation).
    Cancel,
    /// Ask whether to stop broadcast `id` while it is being sent.
    StopBroadcast {
        id: u64,
    },
    /// Stop broadcast `id`: what has not been sent yet is dropped.
    StopBroadcastConfirm {
        id: u64,
    },
    /// "✅ Đã nhận" pressed (or typed) for notice `id`.
    AckNotice {
        id: u64,
    },
    /// A head's view of one notice: who has it, who acknowledged, who was not reached and
    /// why. `None`: the latest notice the asker may see.
    NoticeReport {
        id: Option<u64>,
    },
    /// `/baocao` with something that is not a notice number.
    NoticeReportUsage,
    /// "🔔 Remind those who have not acknowledged" notice `id`: the preview with the count.
    RemindAsk {
        id: u64,
    },
    /// Confirm the reminder of notice `id` (once per notice).
    RemindConfirm {
        id: u64,
    },
    /// In a broadcast's preview: choose how long the notice stays valid (`None`: show the
    /// choices).
    BroadcastValidity {
        days: Option<u32>,
    },
    /// `/suatb N text`: a head corrects notice N (a preview to confirm follows).
    CorrectNotice {
        id: u64,
        text: String,
    },
    /// `/thuhoi N`: a head withdraws notice N (a preview to confirm follows).
    WithdrawNotice {
        id: u64,
    },
    /// The head confirmed the correction or withdrawal of notice N previewed.
    ReviseConfirm {
        id: u64,
    },
    /// `/suatb` (`withdraw` false) or `/thuhoi` typed without a notice number (or text).
    ReviseUsage {
        withdraw: bool,
    },
    /// Admins: recent entries of the audit log.
    Audit,
    /// Admins: usage statistics.
    Stats,
    /// Send a question to an officer: this text, or (`None`) what was just not understood.
    AskOfficer {
        text: Option<String>,
    },
    /// The asker agreed to send it (the token of the consent they were shown).
    AskConfirm {
        token: u64,
    },
    /// Heads and admins: the questions waiting for them; others: their own questions.
    Questions,
    /// An officer starts answering question N: their next message is the answer.
    AnswerStart {
        question: u64,
    },
    /// The text of an answer to question N (a preview to confirm follows).
    AnswerDraft {
        question: u64,
        text: String,
    },
    AnswerConfirm {
        question: u64,
    },
    /// `/traloi` without a question number.
    AnswerUsage,
    /// A numbered reply ("1", "2") to the last menu offered.
    MenuChoice(usize),
    /// A slash command the bot does not know.
    UnknownCommand {
        name: String,
    },
    /// A hamlet name or id the bot does not know.
    UnknownHamlet {
        name: String,
    },
    /// Free text the bot could not place, with the likeliest requests (at most three) to offer.
    NotUnderstood {
        suggestions: Vec<Request>,
    },
    /// The question was read, but the content cannot answer it (pig prices, the weather, a
    /// figure no unit has). The bot says so plainly — never a figure — and a person can be
    /// asked instead. `unit` is the unit the question was about, when it named one.
    NoAnswer {
        unit: Option<String>,
    },
}
