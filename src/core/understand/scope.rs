//! What the content's figures are not: another time ("năm 2019", "sang năm", "last year"),
//! another place ("xã Mường Giôn", "tỉnh Sơn La", "cả nước"), a part left out ("trừ bản He
//! ra", "ngoài hộ nghèo ra"), or a term of a loan the content has no field for (fees,
//! insurance, penalties). A figure or a loan card decided for such a question is no answer —
//! the nearby figure the content does have would be a wrong one. The words are `[scope]` of
//! `lexicon.toml`.

use serde::Deserialize;

use super::Understander;
use super::clauses::asks_or_counts;
use super::counts::{Phrases, longest, split};
use super::index::Meaning;
use super::lexicon::{Kw, lexicon};
use super::phrases::Match;
use super::signals::Signals;
use super::tokens::Tok;
use crate::core::request::Request;

/// The words of scope (`[scope]` in `lexicon.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Scope {
    /// Another year than the figures' ("năm ngoái", "năm trước", "sang năm", "hồi đó",
    /// "last year"), in the clause that asks a figure.
    pub other_time: Vec<String>,
    /// Of those, a time still to come ("sang năm", "next year"): asked of a loan's terms
    /// with a change, it is no figure either.
    pub future: Vec<String>,
    /// Words right before a year ("năm 2019", "hồi 2020", "in 2019").
    pub year_before: Vec<String>,
    /// Years after leaving the poor or near-poor list within which a household is still
    /// "recently out" (the recently-out programme's rule: off the lists within 3 years).
    pub recently_out_years: u32,
    /// Words of years told after the recently-out standing ("thoát nghèo được 5 năm rồi").
    pub years: Vec<String>,
    /// Words that join two standings asked together ("hộ nghèo hay hộ mới thoát nghèo"):
    /// between a poor standing and an out-of-poverty one, both are asked, not one story.
    pub standing_joins: Vec<String>,
    /// Words right after a sum or span told that make it the story ("được 2 năm rồi").
    pub told_not_after: Vec<String>,
    /// Words that start a span running to now ("từ mấy năm trước", "từ năm 2016"): the
    /// time after them is where the figure starts, not another time.
    pub since: Vec<String>,
    /// Words right after a place word that are no name ("huyện về", "tỉnh mình").
    pub place_not_name: Vec<String>,
    /// Words of now: a time told before them in the clause is the story ("năm 2015 có hơn
    /// 50 hộ nghèo, giờ còn bao nhiêu"; "từ 2016 đến nay").
    pub now: Vec<String>,
    /// Words that ask when ("bao giờ", "khi nào", "when").
    pub when: Vec<String>,
    /// Right before a `when` word, these make it "ever" ("chưa vay bao giờ").
    pub ever_before: Vec<String>,
    /// Words of a change ("tăng", "giảm", "thay đổi", "go down"): a loan's terms changed,
    /// or to come, are not the terms the content has.
    pub change: Vec<String>,
    /// The whole of a place bigger than the commune ("cả nước", "toàn tỉnh", "nationwide").
    pub place_whole: Vec<String>,
    /// Words that name a place by the name right after them ("huyện", "tỉnh", "xã").
    pub place_before: Vec<String>,
    /// Of those, the ones that name a place typed without marks too ("huyen").
    pub place_before_unmarked: Vec<String>,
    /// English words that name a place by the name right before them ("province").
    pub place_after: Vec<String>,
    /// Words that leave a unit or a standing out of a figure ("trừ", "không tính").
    pub except: Vec<String>,
    /// Words of a comparison ("hơn", "nhất", "most"): with units asked which ("bản nào"),
    /// the units are compared, which no figure of one unit answers.
    pub compare: Vec<String>,
    /// Words of a total ("tổng số tiền", "tổng cộng", "in total"): a loan's amount totalled
    /// over a hamlet's households is a figure, which no hamlet has.
    pub total: Vec<String>,
    /// Terms of a loan the content has no field for ("mất phí", "bảo hiểm", "bị phạt").
    pub unknown_terms: Vec<String>,
    /// The day or hour asked ("ngày nào", "mấy giờ"): a term with no field unless `where`
    /// is asked too.
    pub day_terms: Vec<String>,
    pub r#where: Vec<String>,
    /// Words right before which such a term is another thing ("học" phí, "chi" phí).
    pub unknown_terms_not_after: Vec<String>,
    /// Words right after which it is another thing (bảo hiểm "y tế").
    pub unknown_terms_not_before: Vec<String>,
    /// Lenders that are no programme of the content ("hội phụ nữ", "quỹ hội"): their loans'
    /// rate or term, asked with no programme named, has no figure (the content has only what
    /// the Women's Union lent in all).
    pub other_lenders: Vec<String>,
    /// Words that open a yes-no question inside a clause ("có"): a term with no field asked
    /// after them is apart from an aspect asked before.
    pub clause_openers: Vec<String>,
}

/// [`Scope`] folded and split into words once, like `[counts]`.
#[derive(Debug, Default)]
pub(super) struct ScopeWords {
    pub recently_out_years: u32,
    pub years: Phrases,
    pub standing_joins: Phrases,
    pub told_not_after: Phrases,
    pub other_time: Phrases,
    pub future: Phrases,
    pub year_before: Phrases,
    pub now: Phrases,
    pub since: Phrases,
    pub place_not_name: Phrases,
    pub when: Phrases,
    pub ever_before: Phrases,
    pub change: Phrases,
    pub place_whole: Phrases,
    pub place_before: Phrases,
    pub place_before_unmarked: Phrases,
    pub place_after: Phrases,
    pub except: Phrases,
    pub compare: Phrases,
    pub total: Phrases,
    pub unknown_terms: Phrases,
    pub day_terms: Phrases,
    pub r#where: Phrases,
    pub unknown_terms_not_after: Phrases,
    pub unknown_terms_not_before: Phrases,
    pub other_lenders: Phrases,
    pub clause_openers: Phrases,
}

impl Scope {
    /// Every entry, as written.
    pub(super) fn texts(&self) -> Vec<String> {
        [
            &self.other_time,
            &self.future,
            &self.year_before,
            &self.now,
            &self.since,
            &self.when,
            &self.ever_before,
            &self.change,
            &self.place_whole,
            &self.place_before,
            &self.place_not_name,
            &self.except,
            &self.compare,
            &self.total,
            &self.unknown_terms,
            &self.day_terms,
            &self.r#where,
            &self.years,
            &self.standing_joins,
            &self.told_not_after,
            &self.other_lenders,
            &self.clause_openers,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
    }

    pub(super) fn folded(self) -> ScopeWords {
        ScopeWords {
            recently_out_years: self.recently_out_years,
            years: split(self.years),
            standing_joins: split(self.standing_joins),
            told_not_after: split(self.told_not_after),
            other_time: split(self.other_time),
            future: split(self.future),
            year_before: split(self.year_before),
            now: split(self.now),
            since: split(self.since),
            place_not_name: split(self.place_not_name),
            when: split(self.when),
            ever_before: split(self.ever_before),
            change: split(self.change),
            place_whole: split(self.place_whole),
            place_before: split(self.place_before),
            place_before_unmarked: split(self.place_before_unmarked),
            place_after: split(self.place_after),
            except: split(self.except),
            compare: split(self.compare),
            total: split(self.total),
            unknown_terms: split(self.unknown_terms),
            day_terms: split(self.day_terms),
            r#where: split(self.r#where),
            unknown_terms_not_after: split(self.unknown_terms_not_after),
            unknown_terms_not_before: split(self.unknown_terms_not_before),
            other_lenders: split(self.other_lenders),
            clause_openers: split(self.clause_openers),
        }
    }
}

/// The clauses of `toks`: word ranges between breaks (a comma, a full stop, a question
/// mark…).
fn clauses(text: &str, toks: &[Tok<'_>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    for i in 1..toks.len() {
        let gap = text
            .get(toks[i - 1].original.end..toks[i].original.start)
            .unwrap_or("");
        if gap.contains([',', ';', '.', '!', '?', ':']) {
            out.push((from, i));
            from = i;
        }
    }
    if from < toks.len() {
        out.push((from, toks.len()));
    }
    out
}

/// Where phrases of `list` start in `toks[from..to]`, each said without a break inside it
/// ("công ty may, giờ …" is no "mấy giờ").
fn found(text: &str, toks: &[Tok<'_>], from: usize, to: usize, list: &Phrases) -> Vec<usize> {
    let joined = |k: usize| {
        text.get(toks[k - 1].original.end..toks[k].original.start)
            .is_none_or(|g| !g.contains([',', ';', '.', '!', '?', ':']))
    };
    (from..to)
        .filter(|&i| longest(&toks[..to], i, list).is_some_and(|n| (i + 1..i + n).all(joined)))
        .collect()
}

/// An aspect's words that are a time of the story ("từ mấy năm trước", "years ago"), not a
/// term asked.
fn story_time(text: &str, toks: &[Tok<'_>], m: &Match, w: &ScopeWords) -> bool {
    let to = (m.end + 1).min(toks.len());
    found(text, toks, m.start, to, &w.other_time)
        .iter()
        .any(|&i| i < m.end)
}

/// A year ("2019") that no unit's figures are of, said after a word that makes it a year.
fn other_year(toks: &[Tok<'_>], i: usize, w: &ScopeWords, years: &[u32]) -> bool {
    let t = &toks[i];
    let year = (t.text.len() == 4)
        .then(|| t.text.parse::<u32>().ok())
        .flatten()
        .filter(|y| (1990..=2100).contains(y));
    year.is_some_and(|y| {
        !years.contains(&y)
            && (0..i)
                .rev()
                .take(2)
                .any(|b| longest(&toks[..i], b, &w.year_before).is_some_and(|n| b + n == i))
    })
}

impl Understander {
    /// `s`, with the recently-out standing read as none when the asker says they left the
    /// lists longer ago than the programme allows ("nhà em thoát nghèo được 5 năm rồi"): not
    /// poor, not near-poor, not recently out.
    pub(super) fn out_of_window(
        &self,
        toks: &[Tok<'_>],
        kept: &[Match],
        mut s: Signals,
    ) -> Signals {
        use crate::content::model::Standing;
        let w = &lexicon().scope;
        let long_ago = kept.iter().any(|m| {
            self.phrases[m.phrase as usize]
                .meanings
                .contains(&Meaning::Kw(Kw::Standing(Standing::Escaped)))
                // A count of years ("thoát nghèo 5 năm rồi"), not a year ("năm 2025").
                && (m.end..(m.end + 3).min(toks.len())).any(|i| {
                    toks[i]
                        .text
                        .parse::<u32>()
                        .is_ok_and(|n| n > w.recently_out_years && n < 100)
                        && longest(toks, i + 1, &w.years).is_some()
                })
        });
        // Poor (or near-poor) told first and out of poverty told after it, with no "và",
        // "hay" between ("năm 2019 là hộ nghèo, đến cuối 2024 thì thoát nghèo rồi"): poor in
        // the past, recently out now (purpose21). "hộ nghèo hay hộ mới thoát nghèo" asks both,
        // and so does a programme asked of each without a need ("hộ nghèo vay được bao nhiêu,
        // hộ mới thoát nghèo thì sao"): only a household telling its need tells its story.
        if !s.purposes.is_empty()
            && s.standings.contains(&Standing::Escaped)
            && s.standings.iter().any(|st| *st != Standing::Escaped)
        {
            let at = |want: fn(Standing) -> bool| {
                kept.iter()
                    .filter(move |m| {
                        self.phrases[m.phrase as usize]
                            .meanings
                            .iter()
                            .any(|mm| matches!(mm, Meaning::Kw(Kw::Standing(st)) if want(*st)))
                    })
                    .map(|m| (m.start, m.end))
            };
            let last_poor_end = at(|st| st != Standing::Escaped).map(|p| p.1).max();
            let last_escaped = at(|st| st == Standing::Escaped).map(|p| p.0).max();
            if let (Some(poor_end), Some(out_at)) = (last_poor_end, last_escaped) {
                let joined = (poor_end.min(out_at)..out_at)
                    .any(|i| longest(toks, i, &w.standing_joins).is_some());
                if out_at >= poor_end && !joined {
                    s.standings.retain(|st| *st == Standing::Escaped);
                }
            }
        }
        if long_ago && s.standings.contains(&Standing::Escaped) {
            s.standings.retain(|st| *st != Standing::Escaped);
            for st in [Standing::Poor, Standing::NearPoor, Standing::Escaped] {
                if !s.not_standings.contains(&st) {
                    s.not_standings.push(st);
                }
            }
        }
        s
    }

    /// `s`, with the aspect a figure told asks instead of who may borrow, when "được không"
    /// is all that asks: an age told ("em 17 tuổi có vay tạo việc làm được không": the age
    /// limit, also when a need one programme serves names the loan), a sum or a span told
    /// right after a loan word ("vay hộ nghèo 50 triệu có được không": the amount; "vay 10
    /// năm có được không": the term) — not one the story tells ("vay được 2 năm rồi").
    pub(super) fn told_with_hint(
        &self,
        toks: &[Tok<'_>],
        kept: &[Match],
        mut s: Signals,
    ) -> Signals {
        use crate::core::request::LoanAspect;
        // "vay hộ nghèo 100 triệu có được không, có cần tài sản đảm bảo không": the sum told
        // with its own "được không" is asked beside the other aspect, not dropped for it.
        let beside = s.loan > 0
            && !s.hinted
            && !s.aspects.is_empty()
            && s.hints.contains(&LoanAspect::Eligibility);
        if !beside && (s.loan == 0 || !s.hinted || s.aspects != [LoanAspect::Eligibility]) {
            return s;
        }
        let lex = lexicon();
        let tf = &lex.told_figure;
        let one_programme = s.programmes.iter().any(|p| !p.1)
            || s.purposes
                .iter()
                .try_fold(None::<Vec<u16>>, |acc, &p| {
                    let serve = &self.purposes[usize::from(p)];
                    Some(Some(match acc {
                        None => serve.clone(),
                        Some(a) => a.into_iter().filter(|x| serve.contains(x)).collect(),
                    }))
                })
                .flatten()
                .is_some_and(|v| v.len() == 1);
        if !beside && one_programme && super::told::told_age(toks, tf) {
            s.aspects = vec![LoanAspect::Age];
            return s;
        }
        let has = |list: &[String], w: &str| list.iter().any(|x| x == w);
        // Where a loan word ends, or a programme named right after one ("vay hộ nghèo").
        let mut loan_ends: Vec<usize> = kept
            .iter()
            .filter(|m| self.means(m, |x| *x == Meaning::Kw(Kw::Loan)))
            .map(|m| m.end)
            .collect();
        let named: Vec<usize> = kept
            .iter()
            .filter(|m| {
                self.means(m, |x| matches!(x, Meaning::Programme(_)))
                    && loan_ends.contains(&m.start)
            })
            .map(|m| m.end)
            .collect();
        loan_ends.extend(named);
        let mut told = Vec::new();
        for i in 0..toks.len().saturating_sub(1) {
            let w = toks[i].text;
            let number = tf.is_number(w);
            let unit = toks[i + 1].text;
            let aspect = if tf.is_money(unit) {
                LoanAspect::Amount
            } else if has(&tf.span, unit) {
                LoanAspect::Term
            } else {
                continue;
            };
            let after_loan = loan_ends.iter().any(|&e| e <= i && i <= e + 1);
            let story = longest(toks, i + 2, &lex.scope.told_not_after).is_some();
            // Beside another aspect, only a sum the hint itself follows ("100 triệu có được
            // không"), so a sum of the story is never asked.
            let hint_follows = kept.iter().any(|m| {
                (i + 2..=i + 3).contains(&m.start)
                    && self.means(m, |x| *x == Meaning::Kw(Kw::Hint(LoanAspect::Eligibility)))
            });
            if number
                && after_loan
                && !story
                && (!beside || hint_follows)
                && !told.contains(&aspect)
            {
                told.push(aspect);
            }
        }
        if let [aspect] = told.as_slice() {
            if beside {
                if !s.aspects.contains(aspect) {
                    s.aspects.insert(0, *aspect);
                }
            } else {
                s.aspects = vec![*aspect];
            }
        }
        s
    }

    /// The years the units' figures are of (their `as_of`).
    fn figure_years(&self) -> Vec<u32> {
        self.units
            .iter()
            .filter_map(|u| u.as_of.get(..4).and_then(|y| y.parse().ok()))
            .collect()
    }

    /// `decided`, or no answer when it states a figure of another time or place than the
    /// content's or of a part left out, or a loan's card for a term the content has no
    /// field for or for terms to come.
    pub(super) fn in_scope(
        &self,
        decided: Request,
        text: &str,
        toks: &[Tok<'_>],
        kept: &[Match],
        s: &Signals,
    ) -> Request {
        let w = &lexicon().scope;
        let is_figure = |r: &Request| {
            matches!(
                r,
                Request::Fact { .. }
                    | Request::UnitFacts { .. }
                    | Request::CriteriaSummary { .. }
                    | Request::CriteriaList { .. }
                    | Request::CriteriaRemaining { .. }
                    | Request::CriterionDetail { .. }
                    | Request::CriteriaOverview
            )
        };
        // "Did you mean" between figures only: the same figures, of the same other time or
        // place.
        let offered = matches!(&decided, Request::NotUnderstood { suggestions }
            if !suggestions.is_empty() && suggestions.iter().all(is_figure));
        let figure =
            offered || is_figure(&decided) || matches!(decided, Request::UnknownHamlet { .. });
        let loan = matches!(
            decided,
            Request::LoanDetail { .. }
                | Request::LoansByPurpose { .. }
                | Request::Loans
                | Request::LoanProcess
        );
        // "nếu trả nợ sớm trước hạn thì có bị phạt không": read as small talk, a question
        // about a loan term with no field all the same.
        let small_talk = matches!(
            decided,
            Request::Ack | Request::Menu | Request::NotUnderstood { .. }
        );
        if small_talk && super::clauses::asks(text, toks) && self.unknown_term(text, toks, w) {
            return Request::NoAnswer { unit: None };
        }
        if self.other_lender_terms(text, toks, kept, s, w) {
            return Request::NoAnswer { unit: None };
        }
        if !figure && !loan {
            return decided;
        }
        let none = Request::NoAnswer { unit: None };
        let parts = clauses(text, toks);
        let years = self.figure_years();
        // A time said in a clause that asks, with no word of now after it in that clause.
        let time_in = |from: usize, to: usize, list: &Phrases, years_too: bool| {
            let mut at = found(text, toks, from, to, list);
            if years_too {
                at.extend((from..to).filter(|&i| other_year(toks, i, w, &years)));
            }
            let since = |i: usize| {
                (i.saturating_sub(2)..i)
                    .any(|b| longest(&toks[..i], b, &w.since).is_some_and(|n| b + n >= i - 1))
            };
            at.into_iter().any(|i| {
                let n = longest(toks, i, list).unwrap_or(1);
                !since(i) && found(text, toks, i + n, to, &w.now).is_empty()
            })
        };
        let asking = |&(from, to): &(usize, usize)| asks_or_counts(text, toks, from, to);
        // A figure asked without a question word ("poverty rate of the commune last year",
        // "tỷ lệ hộ nghèo xã năm 2019"): every clause is the question, its time too.
        let bare = !parts.iter().any(asking);
        if figure {
            let other_time = parts
                .iter()
                .filter(|c| bare || asking(c))
                .any(|&(from, to)| time_in(from, to, &w.other_time, true));
            // "bản He với bản Đông bản nào nhiều hộ nghèo hơn": units compared. Two hamlets
            // named with a comparison word compare them too ("bản He có nhiều đảng viên hơn
            // bản Đông không", "which ban has more poor family, he or dong"): one hamlet's
            // figure is no answer to which has more.
            // "hơn 40 người" (over a number) compares nothing.
            let comparing = found(text, toks, 0, toks.len(), &w.compare)
                .into_iter()
                .any(|i| {
                    let n = longest(toks, i, &w.compare).unwrap_or(1);
                    !toks
                        .get(i + n)
                        .is_some_and(|t| t.text.bytes().all(|b| b.is_ascii_digit()))
                });
            let compared = (s.counted.units || two_hamlets(s)) && comparing;
            if other_time
                || compared
                || self.other_place(text, toks, kept, w)
                || self.unknown_term(text, toks, w)
            {
                return none;
            }
            // The unit the figure was decided for may be the one left out ("trừ bản He
            // ra"): no unit is named in the answer.
            if matches!(decided, Request::Fact { .. }) && self.left_out(text, toks, kept, w) {
                return none;
            }
            return decided;
        }
        // A need told ("my son got into university, how can we pay the fees"): the fees are
        // the need's, not the loan's.
        if !matches!(decided, Request::LoansByPurpose { .. })
            && self.unknown_term(text, toks, w)
            && !self.aspect_asked_apart(text, toks, kept, w)
        {
            return none;
        }
        // "sang năm mức vay sinh viên có tăng không", "bao giờ lãi suất hộ nghèo giảm",
        // "what will the rate be next year": terms to come are not the terms the content
        // has. A need told is a wish, not a question about the terms ("sang năm con thi đại
        // học, có vay được không").
        let english_will = toks.iter().any(|t| t.text == "will");
        // Asking when it changes asks by itself ("baoh lai xuat ho ngheo giam").
        let changed = parts.iter().any(|c| {
            let (from, to) = *c;
            let change = !found(text, toks, from, to, &w.change).is_empty();
            let future = time_in(from, to, &w.future, false);
            let when = !found(text, toks, from, to, &w.when).is_empty();
            (change && when)
                || (asking(c)
                    && ((change && (future || time_in(from, to, &w.other_time, true)))
                        || (future && english_will)))
        });
        if changed && s.purposes.is_empty() && !matches!(decided, Request::LoansByPurpose { .. }) {
            return none;
        }
        if let Request::LoanDetail { aspects, .. } = &decided
            && self.loan_not_asked(text, toks, kept, aspects, w)
        {
            return none;
        }
        // "tổng số tiền hộ nghèo bản He đã vay là bao nhiêu": what a hamlet's households
        // borrowed in all, a figure no hamlet has — not what one household may borrow.
        let hamlet_asked = s.hamlets.iter().any(|h| !s.story_hamlets.contains(&h.0));
        if hamlet_asked
            && matches!(&decided, Request::LoanDetail { aspects, .. }
                if aspects.iter().all(|a| *a == crate::core::request::LoanAspect::Amount))
            && !found(text, toks, 0, toks.len(), &w.total).is_empty()
        {
            return none;
        }
        decided
    }

    /// A place other than the content's units: a whole country, province or district ("cả
    /// nước", "toàn tỉnh"), or a place word with a name that is no unit's ("xã Mường Giôn",
    /// "huyện Thuận Châu", "Son La province").
    fn other_place(&self, text: &str, toks: &[Tok<'_>], kept: &[Match], w: &ScopeWords) -> bool {
        if !found(text, toks, 0, toks.len(), &w.place_whole).is_empty() {
            return true;
        }
        let unit_at = |i: usize| {
            kept.iter().any(|m| {
                m.start <= i
                    && i < m.end
                    && self.means(m, |x| {
                        matches!(x, Meaning::Hamlet { .. } | Meaning::Commune { .. })
                    })
            })
        };
        let joined = |a: usize, b: usize| {
            text.get(toks[a].original.end..toks[b].original.start)
                .is_some_and(|g| g.trim().is_empty())
        };
        let a_name = |i: usize| {
            let t = &toks[i];
            let capital = text
                .get(t.original.clone())
                .and_then(|o| o.chars().next())
                .is_some_and(char::is_uppercase);
            !unit_at(i)
                && !t.text.bytes().all(|b| b.is_ascii_digit())
                && (capital || t.id.is_none())
        };
        // "xã" is mostly said before a verb or a word the bot does not know ("xã chia … chi
        // bộ"): only a capitalised name after it names another commune.
        let capitalised = |i: usize| {
            text.get(toks[i].original.clone())
                .and_then(|o| o.chars().next())
                .is_some_and(char::is_uppercase)
        };
        let before = found(text, toks, 0, toks.len(), &w.place_before)
            .into_iter()
            .any(|i| {
                let n = longest(toks, i, &w.place_before).unwrap_or(1);
                let next = i + n;
                next < toks.len()
                    && joined(next - 1, next)
                    && !unit_at(next)
                    && longest(toks, next, &w.place_not_name).is_none()
                    && (if toks[i].text == "xa"
                        || (toks[i].marks == 0
                            && longest(toks, i, &w.place_before_unmarked).is_none())
                    {
                        a_name(next) && capitalised(next)
                    } else {
                        !toks[next].text.bytes().all(|b| b.is_ascii_digit())
                    })
            });
        let after = found(text, toks, 0, toks.len(), &w.place_after)
            .into_iter()
            .any(|i| i > 0 && joined(i - 1, i) && a_name(i - 1));
        before || after
    }

    /// A unit or a standing left out of the figure asked ("trừ bản He ra", "ngoài hộ nghèo
    /// ra", "không tính bản He", "apart from Ban He"): a part no figure counts. "ngoài ra"
    /// (besides) leaves nothing out.
    fn left_out(&self, text: &str, toks: &[Tok<'_>], kept: &[Match], w: &ScopeWords) -> bool {
        let left = |m: &Match| {
            self.means(m, |x| {
                matches!(
                    x,
                    Meaning::Hamlet { .. }
                        | Meaning::Commune { .. }
                        | Meaning::Kw(Kw::Standing(_) | Kw::Commune)
                )
            })
        };
        found(text, toks, 0, toks.len(), &w.except)
            .into_iter()
            .any(|i| {
                let n = longest(toks, i, &w.except).unwrap_or(1);
                let next = i + n;
                toks.get(next).is_some_and(|t| t.text != "ra")
                    && kept
                        .iter()
                        .any(|m| m.start >= next && m.start <= next + 2 && left(m))
            })
    }

    /// "hội phụ nữ cho vay thì lãi bao nhiêu", "vay quỹ hội trả trong mấy tháng": the rate or
    /// term of a lender that is no programme, with no programme named. Stating what the
    /// Women's Union lent, or a programme's rate, would be a wrong figure.
    fn other_lender_terms(
        &self,
        text: &str,
        toks: &[Tok<'_>],
        kept: &[Match],
        s: &Signals,
        w: &ScopeWords,
    ) -> bool {
        use crate::core::request::LoanAspect::{Rate, Term};
        let rate_or_term = kept
            .iter()
            .filter(|m| !story_time(text, toks, m, w))
            .any(|m| self.means(m, |x| matches!(x, Meaning::Kw(Kw::Aspect(Rate | Term)))));
        s.programmes.is_empty()
            && rate_or_term
            && !found(text, toks, 0, toks.len(), &w.other_lenders).is_empty()
    }

    /// "có được gia hạn không, thời hạn vay mấy năm": a term with no field asked in one
    /// clause, an aspect the content has in another (clauses end at a break or a word such
    /// as "và") — that aspect is answered. Who may borrow and how to apply are left out:
    /// "được không" asks it of the unknown term too, and "làm hồ sơ" is what a fee is for.
    fn aspect_asked_apart(
        &self,
        text: &str,
        toks: &[Tok<'_>],
        kept: &[Match],
        w: &ScopeWords,
    ) -> bool {
        use crate::core::request::LoanAspect::{Apply, Eligibility};
        let words = &lexicon().words;
        // A clause also ends after a question's last word ("… gia hạn được không thời hạn
        // …") and before a yes-no question's "có" ("… bao lâu có gia hạn được không").
        let opens = |i: usize| {
            words.separators.has(toks[i].text)
                || words.question_ends.has(toks[i - 1].text)
                || longest(toks, i, &w.clause_openers).is_some()
        };
        let mut bounds: Vec<(usize, usize)> = Vec::new();
        for (from, to) in clauses(text, toks) {
            let mut start = from;
            for i in from + 1..to {
                if opens(i) {
                    bounds.push((start, i));
                    start = i;
                }
            }
            bounds.push((start, to));
        }
        let mut unknown_at = found(text, toks, 0, toks.len(), &w.unknown_terms);
        unknown_at.extend(found(text, toks, 0, toks.len(), &w.day_terms));
        let unknown_in =
            |(from, to): (usize, usize)| unknown_at.iter().any(|&i| from <= i && i < to);
        // "… có mất phí gì không ạ, bao nhiêu tiền": a bare sum right after a term with no
        // field asks what that term costs, not the loan's amount.
        let bare_sum = |m: &Match| {
            let meanings = &self.phrases[m.phrase as usize].meanings;
            !meanings.contains(&Meaning::Kw(Kw::Loan))
                && (words.bare_amount_first.has(toks[m.start].text)
                    || words.counts_ask.has(toks[m.start].text))
        };
        kept.iter()
            .filter(|m| {
                self.means(m, |x| {
                    matches!(x, Meaning::Kw(Kw::Aspect(a)) if !matches!(a, Eligibility | Apply))
                })
            })
            .filter(|m| !story_time(text, toks, m, w))
            .any(|m| {
                bounds.iter().enumerate().any(|(k, &(from, to))| {
                    // The clause before, past one of particles only ("… không ạ, …").
                    let particles = |&(a, b): &(usize, usize)| {
                        toks[a..b]
                            .iter()
                            .all(|t| words.question_end_particles.has(t.text))
                    };
                    let after_unknown = bounds[..k]
                        .iter()
                        .rev()
                        .find(|b| !particles(b))
                        .is_some_and(|&b| unknown_in(b));
                    from <= m.start
                        && m.start < to
                        && !unknown_in((from, to))
                        && !(after_unknown && bare_sum(m))
                })
            })
    }

    /// A term of a loan the content has no field for ("có mất phí không", "phải đóng tiền
    /// bảo hiểm không", "trả chậm thì bị phạt bao nhiêu", "is there a fee").
    fn unknown_term(&self, text: &str, toks: &[Tok<'_>], w: &ScopeWords) -> bool {
        let all = toks.len();
        if !found(text, toks, 0, all, &w.day_terms).is_empty()
            && found(text, toks, 0, all, &w.r#where).is_empty()
        {
            return true;
        }
        found(text, toks, 0, toks.len(), &w.unknown_terms)
            .into_iter()
            .any(|i| {
                let n = longest(toks, i, &w.unknown_terms).unwrap_or(1);
                let not_after = (0..i).any(|b| {
                    longest(&toks[..i], b, &w.unknown_terms_not_after).is_some_and(|k| b + k == i)
                });
                let not_before = longest(toks, i + n, &w.unknown_terms_not_before).is_some();
                !not_after && !not_before
            })
    }

    /// Whether a loan's card was decided for a question that asks something else of it:
    /// every asking clause asks a topic the content cannot answer and names no loan ("cho
    /// em hỏi giá phân bón năm nay bao nhiêu một bao, em định vay hộ nghèo mua phân": the
    /// loan is the story); when something happens, with no aspect but the steps asked ("bao
    /// giờ thì ngân hàng giải ngân tiền vay hộ nghèo, nhà em nộp hồ sơ từ tháng trước",
    /// "bao giờ có đợt vay mới cho hộ cận nghèo"); or a rate or amount of another year, in
    /// a clause without the asker's own loan ("năm ngoái lãi vay hộ nghèo là bao nhiêu":
    /// the content's figures are of now).
    fn loan_not_asked(
        &self,
        text: &str,
        toks: &[Tok<'_>],
        kept: &[Match],
        aspects: &[crate::core::request::LoanAspect],
        w: &ScopeWords,
    ) -> bool {
        use crate::core::request::LoanAspect::{Amount, Apply, Rate};
        let lex = lexicon();
        let in_clause = |m: &Match, (from, to): (usize, usize)| from <= m.start && m.start < to;
        let loan_word = |x: &Meaning| {
            matches!(
                x,
                Meaning::Kw(Kw::Loan)
                    | Meaning::Kw(Kw::Aspect(_))
                    | Meaning::Programme(_)
                    | Meaning::ProgrammePart(_)
            )
        };
        let parts = clauses(text, toks);
        let asking: Vec<(usize, usize)> = parts
            .iter()
            .copied()
            .filter(|&(from, to)| asks_or_counts(text, toks, from, to))
            .collect();
        if asking.is_empty() {
            return false;
        }
        let names_loan = |c: (usize, usize)| {
            kept.iter().any(|m| {
                in_clause(m, c)
                    && self.means(m, |x| {
                        *x == Meaning::Kw(Kw::Loan)
                            || matches!(x, Meaning::Programme(_) | Meaning::ProgrammePart(_))
                    })
            })
        };
        let topic_only = asking.iter().all(|&c| {
            !names_loan(c)
                && kept
                    .iter()
                    .any(|m| in_clause(m, c) && self.means(m, |x| *x == Meaning::Kw(Kw::NoAnswer)))
        });
        if topic_only {
            return true;
        }
        let steps_only = aspects.iter().all(|a| *a == Apply);
        let asks_aspect = |c: (usize, usize)| {
            kept.iter().any(|m| {
                in_clause(m, c)
                    && self.means(
                        m,
                        |x| matches!(x, Meaning::Kw(Kw::Aspect(a)) if *a != Apply),
                    )
            })
        };
        // "em chưa vay bao giờ": "bao giờ" after a "chưa" or "không" is "ever", no time asked.
        let ever = |i: usize| {
            (i.saturating_sub(3)..i).any(|b| longest(&toks[..i], b, &w.ever_before).is_some())
        };
        let when_asked = asking.iter().any(|&(from, to)| {
            found(text, toks, from, to, &w.when)
                .into_iter()
                .any(|i| !ever(i))
                && found(text, toks, from, to, &w.r#where).is_empty()
                && !asks_aspect((from, to))
        });
        if steps_only && when_asked {
            return true;
        }
        let figure_asked = aspects.iter().any(|a| matches!(a, Rate | Amount));
        let own_loan = |(from, to): (usize, usize)| {
            toks[from..to].iter().any(|t| lex.asker_word(t.text))
                || kept.iter().any(|m| {
                    in_clause(m, (from, to)) && self.means(m, |x| *x == Meaning::Kw(Kw::Held))
                })
        };
        // "… năm ngoái thì vay …": a time the story turns from is no time asked.
        let turned_after = |i: usize, to: usize| {
            toks[i..to]
                .iter()
                .any(|t| lex.words.turns.has(t.text) || lex.words.asker_topic.has(t.text))
        };
        let now_after = |i: usize, to: usize| {
            !found(text, toks, i, to, &w.now).is_empty() || turned_after(i, to)
        };
        figure_asked
            && asking.iter().any(|&(from, to)| {
                !own_loan((from, to))
                    && found(text, toks, from, to, &w.other_time)
                        .into_iter()
                        .any(|i| !now_after(i, to))
                    && kept
                        .iter()
                        .any(|m| in_clause(m, (from, to)) && self.means(m, loan_word))
            })
    }
}

/// Two different hamlets named in the message.
fn two_hamlets(s: &Signals) -> bool {
    s.hamlets
        .iter()
        .any(|&(a, _)| s.hamlets.iter().any(|&(b, _)| a != b))
}
