//! The last word before a figure is stated: a decided figure, programme or criterion card
//! goes out only when its subject is anchored strongly enough and nothing in the question
//! contradicts it; otherwise it becomes a "did you mean" holding it among the likeliest
//! readings. [`may_state`] is the whole rule, a pure function of an [`Evidence`].

use super::Understander;
use super::decide::{Asker, not_understood};
use super::index::Meaning;
use super::lexicon::Kw;
use super::phrases::Match;
use super::signals::Signals;
use super::tokens::Tok;
use crate::core::request::{LoanAspect, Request};

/// How firmly the words of the question point at the subject of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Anchor {
    /// Nothing of the question names the subject itself (it came from a default or a
    /// word from inside another name).
    Weak = 1,
    /// Named, but only through a typo, a word from inside its name or a household standing.
    Medium = 2,
    /// Named in so many words: the programme's name or alias, a need only it serves, the
    /// fact's own question words, the criterion's name.
    Strong = 3,
}

/// What one question says for and against the card the decision chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Evidence {
    pub(super) anchor: Anchor,
    /// The strongest other subject of the same or a competing kind the question names
    /// (another programme by name, a fact's own words next to a programme card…).
    pub(super) rival: Option<Anchor>,
    /// The subject itself is denied or left out ("không phải hộ nghèo", "ngoài … ra").
    pub(super) negated: bool,
    /// Words of the question inside no phrase that are not particles.
    pub(super) loose: usize,
    /// Words of the question inside some phrase.
    pub(super) covered: usize,
}

/// Loose words a medium anchor tolerates: a typo'd or partial name among many unknown
/// words is a guess.
const MEDIUM_LOOSE: usize = 2;

/// Whether the card may be stated; `false`: offer it among choices instead.
///
/// - a negated subject is never stated;
/// - a weak anchor is never stated;
/// - the margin over the strongest rival must be at least one level (a strong programme
///   name beats a standing; two names are a tie);
/// - uncovered content words: a medium anchor tolerates [`MEDIUM_LOOSE`], a strong one as
///   many as twice the covered words plus four (a rambling story around a clear question).
pub(super) fn may_state(e: &Evidence) -> bool {
    if e.negated || e.anchor == Anchor::Weak {
        return false;
    }
    let margin = e.anchor as i8 - e.rival.map_or(0, |r| r as i8);
    if margin < 1 {
        return false;
    }
    match e.anchor {
        Anchor::Strong => e.loose <= 2 * e.covered + 4,
        _ => e.loose <= MEDIUM_LOOSE,
    }
}

impl Understander {
    /// `decided`, or — when it states a figure on too weak an anchor or against what the
    /// question says — a "did you mean" with it and the rival readings.
    pub(super) fn settle(
        &self,
        decided: Request,
        toks: &[Tok<'_>],
        kept: &[Match],
        s: &Signals,
    ) -> Request {
        let Some((evidence, rivals)) = self.evidence(&decided, toks, kept, s) else {
            return decided;
        };
        if may_state(&evidence) {
            return decided;
        }
        let general = match &decided {
            Request::Fact { unit, .. } => Request::UnitFacts { unit: unit.clone() },
            Request::CriterionDetail { unit, .. } => {
                Request::CriteriaSummary { unit: unit.clone() }
            }
            Request::CriteriaSummary { .. }
            | Request::CriteriaList { .. }
            | Request::CriteriaRemaining { .. } => Request::CriteriaOverview,
            Request::UnitFacts { .. } => Request::CriteriaOverview,
            _ => Request::Loans,
        };
        // A reading the question names more firmly than the decided one comes first.
        let mut choices = if evidence.rival.is_some_and(|r| r > evidence.anchor) {
            let mut c = rivals;
            c.push(decided);
            c
        } else {
            let mut c = vec![decided];
            c.extend(rivals);
            c
        };
        choices.push(general);
        not_understood(choices)
    }

    /// The gate's view of `decided`, for `--explain`.
    pub(super) fn gate_view(
        &self,
        decided: &Request,
        toks: &[Tok<'_>],
        kept: &[Match],
        s: &Signals,
    ) -> String {
        match self.evidence(decided, toks, kept, s) {
            Some((e, _)) => format!("gate: {e:?} → stated: {}\n", may_state(&e)),
            None => "gate: states no figure\n".to_string(),
        }
    }

    /// A subject of another kind asked in so many words beside a loan card: a unit's
    /// figure by its own question words ("xã có bao nhiêu ha cây ăn quả, nhà em định trồng
    /// thêm nhãn"), or a unit's criteria by a criteria word with the unit named ("Bản Đông
    /// đạt mấy tiêu chí rồi, còn vay nước sạch thì lãi bao nhiêu"). Two subjects are
    /// offered, never one of them stated as the whole answer.
    fn other_subject(&self, toks: &[Tok<'_>], kept: &[Match], s: &Signals) -> Option<Request> {
        // A figure's words read across a programme's name ("nhà ở xã hội cho vay": "hội cho
        // vay") are not a subject of their own.
        // A figure asked first in its own clause with its unit is one all the same ("bản He
        // có bao nhiêu hộ nghèo vay hộ nghèo lãi bao nhiêu").
        let own_fact = kept.iter().any(|m| {
            self.means(
                m,
                |x| matches!(x, Meaning::Fact(f) if s.first_facts.contains(f)),
            )
        }) || kept.iter().any(|m| {
            self.means(m, |x| matches!(x, Meaning::Fact(f) if s.facts.contains(f)))
                && !kept.iter().any(|o| {
                    o.start < m.end
                        && m.start < o.end
                        && self.means(o, |x| {
                            matches!(x, Meaning::Programme(_) | Meaning::Purpose(_))
                        })
                })
        });
        if own_fact {
            let r = self.fact_request(s, Asker::default());
            if matches!(r, Request::Fact { .. }) {
                return Some(r);
            }
            // "thu nhập bình quân của xã với lại vay X được bao nhiêu": a figure named before
            // the loan, no need told, shares the question word at the end; the loan's
            // aspects are the loan clause's, not the figure's.
            // A programme named after the figure's words (not one they themselves name: "bao
            // nhiêu hộ nghèo" reads "hộ nghèo" too).
            let loan_after = |end: usize| {
                kept.iter().any(|o| {
                    o.start >= end && self.means(o, |x| matches!(x, Meaning::Programme(_)))
                })
            };
            // Not a figure of the asker's story ("we got out of poverty 2 years ago, can we
            // still borrow …"): no word of who asks before it but in an opener ("cho em hỏi").
            let opener = |i: usize| {
                kept.iter().any(|o| {
                    o.start <= i && i < o.end && self.means(o, |x| *x == Meaning::Kw(Kw::Filler))
                })
            };
            let lexicon = super::lexicon::lexicon();
            let story_before = |end: usize| {
                (0..end)
                    .any(|i| !opener(i) && toks.get(i).is_some_and(|t| lexicon.asker_word(t.text)))
            };
            let figure_first = kept.iter().any(|m| {
                self.means(m, |x| matches!(x, Meaning::Fact(f) if s.facts.contains(f)))
                    && loan_after(m.end)
                    && !story_before(m.start)
            });
            if figure_first && s.purposes.is_empty() && !s.wish && s.need == 0 {
                let figure_alone = Signals {
                    aspects: vec![],
                    loan_explicit: 0,
                    programmes: vec![],
                    ..s.clone()
                };
                let r = self.fact_request(&figure_alone, Asker::default());
                if matches!(r, Request::Fact { .. }) {
                    return Some(r);
                }
            }
            // "bản He có bao nhiêu đảng viên, còn vay hộ nghèo lãi mấy": the loan clause's
            // standing and loan words do not fit the figure, yet the figure is asked first,
            // in a clause of its own — the first unit named that has it is the other subject.
            let units = self.units(s, Asker::default());
            // Of the figures read from overlapping words, one of every standing they speak of
            // ("bao nhiêu hộ" + "hộ nghèo": the poor households, not all).
            let covers_all = |f: u16| {
                let covers = &self.fact_traits[usize::from(f)].0;
                s.overlap_standings.iter().all(|st| covers.contains(st))
            };
            for f in s.first_facts.iter().filter(|f| covers_all(**f)) {
                let fact = &self.facts[usize::from(*f)];
                if let Some(unit) = units.iter().find(|u| self.has_fact(u, fact)) {
                    return Some(Request::Fact {
                        unit: unit.clone(),
                        fact: fact.clone(),
                    });
                }
            }
        }
        if s.criteria_kw > 0 && (s.hamlets.iter().any(|h| h.1) || s.commune) {
            let r = self.criteria_request(s, None, Asker::default());
            if matches!(
                r,
                Request::CriteriaSummary { .. }
                    | Request::CriteriaRemaining { .. }
                    | Request::CriteriaList { .. }
                    | Request::CriterionDetail { .. }
            ) {
                return Some(r);
            }
        }
        None
    }

    /// The best (lowest) cost of a kept phrase meaning `want`, with the words it covers.
    fn best_cost(&self, kept: &[Match], want: &dyn Fn(&Meaning) -> bool) -> Option<u8> {
        kept.iter()
            .filter(|m| self.means(m, want))
            .map(|m| m.cost)
            .min()
    }

    /// The evidence for a figure card and the readings that rival it; `None` for a request
    /// that states no figure.
    fn evidence(
        &self,
        decided: &Request,
        toks: &[Tok<'_>],
        kept: &[Match],
        s: &Signals,
    ) -> Option<(Evidence, Vec<Request>)> {
        let covered = {
            let mut c = vec![false; kept.iter().map(|m| m.end).max().unwrap_or(0)];
            for m in kept {
                c[m.start..m.end].iter_mut().for_each(|x| *x = true);
            }
            c.iter().filter(|x| **x).count()
        };
        let by_cost = |cost: Option<u8>, strong: bool| match cost {
            Some(0) if strong => Anchor::Strong,
            Some(_) => Anchor::Medium,
            None => Anchor::Weak,
        };
        let kw = |k: Kw| self.best_cost(kept, &|m| *m == Meaning::Kw(k));
        // A loan asked in so many words: a rival to any card that is not about loans.
        let loan_asked = s.loan_explicit > 0
            || s.programme_word > 0
            || s.process > 0
            || s.programmes
                .iter()
                .any(|p| !p.1 && !s.excluded.contains(&p.0))
            || (!s.purposes.is_empty() && (s.loan > 0 || s.need > 0));
        let mut rivals: Vec<Request> = Vec::new();
        let mut rival: Option<Anchor> = None;
        let (anchor, negated) = match decided {
            Request::LoanDetail { programme, aspects } => {
                let p = self.programmes.iter().position(|x| x == programme)? as u16;
                let named = self.best_cost(kept, &|m| *m == Meaning::Programme(p));
                let by_name = s.programmes.iter().any(|x| x.0 == p && !x.1);
                let loan_said = s.loan_explicit > 0 || !s.aspects.is_empty();
                let mut anchor = by_cost(named, by_name || loan_said);
                // Named only through shorthand its context did not settle ("vay hs": a
                // pupil's loan or the papers?): offered, never stated.
                let unsure = named.is_some()
                    && !kept.iter().any(|m| {
                        !m.unsure
                            && self.phrases[m.phrase as usize]
                                .meanings
                                .contains(&Meaning::Programme(p))
                    });
                if unsure {
                    anchor = Anchor::Weak;
                } else if anchor == Anchor::Weak {
                    let part = self.best_cost(kept, &|m| *m == Meaning::ProgrammePart(p));
                    let need = self.best_cost(kept, &|m| {
                        matches!(m, Meaning::Purpose(n)
                            if self.purposes[usize::from(*n)].contains(&p))
                    });
                    // A need only this programme serves ("bể nước", "đi học"), said as
                    // typed, names it as firmly as its name.
                    let only_it = self.best_cost(kept, &|m| {
                        matches!(m, Meaning::Purpose(n)
                            if self.purposes[usize::from(*n)] == [p])
                    });
                    // Its need said in the frame of its name ("hỗ trợ làm nhà"), or the
                    // asker's own standing with a need it serves: as firm as its name.
                    let own_standing = need.is_some()
                        && self
                            .standing_programmes
                            .iter()
                            .any(|(st, x)| *x == p && s.standings.contains(st));
                    // An organisation asking about a need an organisations' programme
                    // serves ("hợp tác xã … trồng sâm"): that programme.
                    let organisation = need.is_some()
                        && s.organisation > 0
                        && self
                            .loans
                            .iter()
                            .any(|t| t.id == *programme && t.for_organisations);
                    // The asker's own standing, no programme or need named, an aspect asked.
                    let own_only =
                        loan_said && self.own_programme(s).as_deref() == Some(programme.as_str());
                    if only_it == Some(0)
                        || s.framed.contains(&p)
                        || own_standing
                        || organisation
                        || own_only
                    {
                        anchor = Anchor::Strong;
                    } else if need.is_some() || (part.is_some() && loan_said) {
                        anchor = Anchor::Medium;
                    }
                }
                // Named only by a standing ("hộ nghèo … vay hỗ trợ <unreadable>") while a
                // programme's name was begun and not read: that one may be meant.
                if !by_name {
                    for &o in &s.unread_names {
                        if o != p {
                            rival = rival.max(Some(anchor));
                            rivals.push(Request::LoanDetail {
                                programme: self.programme(o),
                                aspects: aspects.clone(),
                            });
                        }
                    }
                }
                for &(o, standing) in &s.programmes {
                    if o != p && !standing && !s.excluded.contains(&o) {
                        rival = rival.max(Some(Anchor::Strong));
                        rivals.push(Request::LoanDetail {
                            programme: self.programme(o),
                            aspects: aspects.clone(),
                        });
                    }
                }
                // The asker's own standing names another standing's programme than the one
                // stated ("giới thiệu vay hộ cận nghèo, nhưng nhà em mới thoát nghèo thì vay
                // được bao nhiêu"; "hộ nghèo vay được bao nhiêu, hộ mới thoát nghèo thì
                // sao"): which is meant is asked — unless who may borrow is the question
                // ("nhà em cận nghèo, vay hộ nghèo được không").
                let standing_card = self.standing_programmes.iter().any(|(_, x)| *x == p);
                if standing_card && !aspects.contains(&LoanAspect::Eligibility) {
                    for &(st, o) in &self.standing_programmes {
                        let other = self.programme(o);
                        if o != p
                            && s.standings.contains(&st)
                            && !s.excluded.contains(&o)
                            && !s.held.contains(&o)
                            && !rivals.iter().any(|r| matches!(r, Request::LoanDetail { programme, .. } if *programme == other))
                        {
                            rival = Some(Anchor::Strong);
                            rivals.push(Request::LoanDetail {
                                programme: other,
                                aspects: aspects.clone(),
                            });
                        }
                    }
                }
                if let Some(other) = self.other_subject(toks, kept, s) {
                    rival = Some(Anchor::Strong);
                    rivals.push(other);
                }
                (anchor, s.excluded.contains(&p))
            }
            Request::Fact { unit, fact } => {
                let f = self.facts.iter().position(|x| x == fact)? as u16;
                // A count of households with the standings the figure counts ("how many
                // households are still classed as poor") names it as its own words do.
                let own = self
                    .best_cost(kept, &|m| *m == Meaning::Fact(f))
                    .or_else(|| {
                        let (covers, _, households) = &self.fact_traits[usize::from(f)];
                        // All households only when a count was read (`counts.rs`).
                        let counted = *households
                            && s.count_households > 0
                            && (!covers.is_empty() || s.counted.counted_at.is_some())
                            && covers.len() == s.standings.len()
                            && s.standings.iter().all(|st| covers.contains(st));
                        counted.then(|| kw(Kw::CountHouseholds)).flatten()
                    })
                    .or_else(|| {
                        // "xã mình hộ nghèo còn mấy phần trăm": a share of the standings a
                        // rate speaks of names that rate as its own words do.
                        let covers = &self.fact_traits[usize::from(f)].0;
                        let share = (s.share_only || s.counted.share)
                            && self.fact_rates[usize::from(f)]
                            && !s.standings.is_empty()
                            && s.standings.iter().all(|st| covers.contains(st));
                        // A "%" typed is no phrase: as firm as a share word.
                        share.then(|| kw(Kw::Aspect(LoanAspect::Rate)).unwrap_or(0))
                    });
                let anchor = by_cost(own, !s.weak_facts.contains(&f) || s.has_unit());
                // Another figure of the same unit read through a typo ("số hộ ngèo" beside
                // "bao nhiêu hộ"): which one is meant is asked.
                for &o in &s.fuzzy_facts {
                    let other = &self.facts[usize::from(o)];
                    if o != f && self.has_fact(unit, other) {
                        rival = rival.max(Some(anchor));
                        rivals.push(Request::Fact {
                            unit: unit.clone(),
                            fact: other.clone(),
                        });
                    }
                }
                for &(o, standing) in &s.programmes {
                    if !standing && !s.excluded.contains(&o) && s.loan_explicit > 0 {
                        rival = rival.max(Some(Anchor::Strong));
                        rivals.push(Request::LoanDetail {
                            programme: self.programme(o),
                            aspects: s.aspects(),
                        });
                    }
                }
                (anchor, false)
            }
            Request::CriterionDetail { criterion, .. } => {
                let c = self.criteria.iter().position(|x| x == criterion)? as u16;
                let own = self.best_cost(kept, &|m| *m == Meaning::Criterion(c));
                (by_cost(own, true), false)
            }
            // A unit's criteria: named by a criteria word ("tiêu chí", "nông thôn mới") or a
            // criterion; "còn thiếu gì" or "gồm những gì" only with the unit named.
            Request::CriteriaSummary { .. }
            | Request::CriteriaList { .. }
            | Request::CriteriaRemaining { .. } => {
                let own = kw(Kw::Criteria)
                    .into_iter()
                    .chain(self.best_cost(kept, &|m| matches!(m, Meaning::Criterion(_))))
                    .min();
                let mut anchor = by_cost(own, true);
                let unit_named = s.has_unit() || s.home > 0;
                if anchor == Anchor::Weak && unit_named && s.remaining + s.list + s.overview > 0 {
                    anchor = Anchor::Medium;
                }
                if loan_asked && s.criteria_kw == 0 {
                    rival = Some(Anchor::Strong);
                    rivals.push(self.loans_request(s));
                }
                (anchor, false)
            }
            // All figures of a unit: asked by a figures word or by naming the unit.
            Request::UnitFacts { .. } => {
                let own = kw(Kw::Facts).into_iter().chain(kw(Kw::Info)).min();
                let mut anchor = by_cost(own, true);
                if anchor == Anchor::Weak && (s.has_unit() || s.home > 0) {
                    anchor = Anchor::Medium;
                }
                if loan_asked {
                    rival = Some(Anchor::Strong);
                    rivals.push(self.loans_request(s));
                }
                (anchor, false)
            }
            // The programmes for a need. A circumstance alone ("nhà bị sạt lở", "mất việc")
            // tells what happened, not what the money is for: when it leads to several
            // programmes, they are offered, one button each, never stated as the answer.
            Request::LoansByPurpose { programmes } => {
                let need = self.best_cost(kept, &|m| matches!(m, Meaning::Purpose(_)));
                let story_only = !s.purposes.is_empty()
                    && s.purposes
                        .iter()
                        .all(|&p| self.circumstance[usize::from(p)]);
                if story_only && programmes.len() > 1 {
                    rival = Some(Anchor::Medium);
                    rivals.extend(programmes.iter().take(2).map(|p| Request::LoanDetail {
                        programme: p.clone(),
                        aspects: s.aspects(),
                    }));
                    (Anchor::Weak, false)
                } else {
                    if let Some(other) = self.other_subject(toks, kept, s) {
                        rival = Some(Anchor::Strong);
                        rivals.push(other);
                    }
                    (by_cost(need, true), false)
                }
            }
            _ => return None,
        };
        let evidence = Evidence {
            anchor,
            rival,
            negated,
            loose: s.loose_words,
            covered,
        };
        Some((evidence, rivals))
    }
}

#[cfg(test)]
mod tests {
    use super::{Anchor, Evidence, may_state};

    fn e(anchor: Anchor) -> Evidence {
        Evidence {
            anchor,
            rival: None,
            negated: false,
            loose: 0,
            covered: 3,
        }
    }

    #[test]
    fn a_strong_clear_subject_is_stated() {
        assert!(may_state(&e(Anchor::Strong)));
        assert!(may_state(&e(Anchor::Medium)));
    }

    #[test]
    fn a_weak_or_negated_subject_is_asked() {
        assert!(!may_state(&e(Anchor::Weak)));
        assert!(!may_state(&Evidence {
            negated: true,
            ..e(Anchor::Strong)
        }));
    }

    #[test]
    fn a_rival_as_strong_is_a_tie() {
        let tie = Evidence {
            rival: Some(Anchor::Strong),
            ..e(Anchor::Strong)
        };
        assert!(!may_state(&tie));
        let beaten = Evidence {
            rival: Some(Anchor::Medium),
            ..e(Anchor::Strong)
        };
        assert!(may_state(&beaten));
        let medium_vs_medium = Evidence {
            rival: Some(Anchor::Medium),
            ..e(Anchor::Medium)
        };
        assert!(!may_state(&medium_vs_medium));
    }

    #[test]
    fn many_loose_words_sink_a_medium_anchor_sooner() {
        let medium = Evidence {
            loose: 3,
            ..e(Anchor::Medium)
        };
        assert!(!may_state(&medium));
        let strong = Evidence {
            loose: 3,
            ..e(Anchor::Strong)
        };
        assert!(may_state(&strong));
        let drowned = Evidence {
            loose: 11,
            ..e(Anchor::Strong)
        };
        assert!(!may_state(&drowned));
    }
}
