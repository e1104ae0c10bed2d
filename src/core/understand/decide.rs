//! The decision: what the signals of one question add up to, as a [`Request`] — or a
//! "did you mean…" with the likeliest readings when they do not settle it. A figure is only
//! ever the answer when the question's subject (a unit's fact, a programme, a criterion) is
//! the figure's subject; a question the content cannot answer is [`Request::NoAnswer`].

use super::Understander;
use super::clauses::asks;
use super::index::Meaning;
use super::lexicon::Kw;
use super::phrases::Match;
use super::signals::{ClauseUnit, Signals};
use super::tokens::Tok;
use crate::content::model::Standing;
use crate::core::request::LoanAspect::{Age, Amount, Apply, Collateral, Eligibility, Rate, Term};
use crate::core::request::Request;
use crate::i18n::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    Criteria,
    Loans,
    Facts,
    News,
}

pub(super) fn top_level() -> Request {
    Request::NotUnderstood {
        suggestions: vec![
            Request::CriteriaOverview,
            Request::Loans,
            Request::Subscribe { hamlets: vec![] },
        ],
    }
}

/// At most three suggestions, each once, best first.
pub(super) fn not_understood(suggestions: Vec<Request>) -> Request {
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

/// Who the question is asked for: the villager's own hamlet, when known.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Asker {
    pub(super) home: Option<u16>,
}

impl Understander {
    pub(super) fn hamlet(&self, index: u16) -> String {
        self.hamlets[usize::from(index)].clone()
    }

    pub(super) fn programme(&self, index: u16) -> String {
        self.programme_id(index).to_string()
    }

    /// A programme's id, borrowed: for comparing, where [`Understander::programme`] would
    /// copy it.
    pub(super) fn programme_id(&self, index: u16) -> &str {
        &self.programmes[usize::from(index)]
    }

    pub(super) fn criterion(&self, index: u16) -> String {
        self.criteria[usize::from(index)].clone()
    }

    /// Whether unit `unit`'s content has figures for fact `key`.
    pub(super) fn has_fact(&self, unit: &str, key: &str) -> bool {
        self.units
            .iter()
            .any(|u| u.id == unit && u.facts.iter().any(|f| f == key))
    }

    /// Whether unit `unit` has a criteria set, and (`code`) that criterion in it.
    fn has_criteria(&self, unit: &str, code: Option<&str>) -> bool {
        self.units.iter().any(|u| {
            u.id == unit
                && !u.criteria.is_empty()
                && code.is_none_or(|c| u.criteria.iter().any(|x| x == c))
        })
    }

    /// The units a question is about: hamlets named (a bare "Đông" counts here), else the
    /// asker's hamlet when they said "bản em", else the commune.
    pub(super) fn units(&self, s: &Signals, asker: Asker) -> Vec<String> {
        // Hamlets told only in the story before the clause that asks ("bản He 195 hộ rồi,
        // thế bản Đông có bao nhiêu hộ"; "nhà em ở bản Đông, xã có bao nhiêu đảng viên"):
        // the unit that clause names is asked.
        let asked: Vec<String> = s
            .hamlets
            .iter()
            .filter(|h| !s.story_hamlets.contains(&h.0))
            .map(|h| self.hamlet(h.0))
            .collect();
        if asked.is_empty() && !s.hamlets.is_empty() && s.commune_asked {
            return self.commune.iter().cloned().collect();
        }
        let mut hamlets = if asked.is_empty() {
            s.hamlets.iter().map(|h| self.hamlet(h.0)).collect()
        } else {
            asked
        };
        if !hamlets.is_empty() {
            // "có bao nhiêu đảng viên ở xã và ở bản He": both units, the commune first.
            if s.commune_joined
                && let Some(c) = &self.commune
            {
                hamlets.insert(0, c.clone());
            }
            // "xã còn thiếu tiêu chí gì, bản Đông thì sao": each clause asks its own unit.
            if let (Some(first), Some(c)) = (s.commune_apart, &self.commune)
                && !hamlets.contains(c)
            {
                if first {
                    hamlets.insert(0, c.clone());
                } else {
                    hamlets.push(c.clone());
                }
            }
            return hamlets;
        }
        if s.home > 0 && !s.commune {
            // "bản em" from someone whose hamlet is not known: any hamlet, never the
            // commune's figure for it.
            return match asker.home {
                Some(h) => vec![self.hamlet(h)],
                None => self.hamlets.clone(),
            };
        }
        self.commune.iter().cloned().collect()
    }

    /// Whether the question names its unit (not only the commune by default).
    fn names_unit(&self, s: &Signals, asker: Asker) -> bool {
        s.has_unit() || (s.home > 0 && asker.home.is_some())
    }

    /// A hamlet the catalog does not know, named after "bản" ("đăng ký bản Xyz"), as typed.
    pub(super) fn unknown_hamlet(
        &self,
        text: &str,
        toks: &[Tok<'_>],
        kept: &[Match],
    ) -> Option<String> {
        let covered = |i: usize| kept.iter().any(|m| m.start <= i && i < m.end);
        // A word of the name: unknown, or typed with a capital and read as no phrase ("bản Nà
        // Lốc": "Nà" is rewritten "là"; "bản Pá Khôm": "Khôm" reads as "không").
        let capital = |i: usize| {
            !covered(i)
                && text[toks[i].original.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        };
        let name_word = |i: usize| toks[i].id.is_none() || capital(i);
        // Opening the message, two words read as no phrase after the prefix are a name too,
        // typed unmarked and small ("ban pha khuong co may dang vien"); the asker's own words
        // are not. Later in a message such words are the story ("họp bản ông trưởng bản …").
        let lex = super::lexicon::lexicon();
        let loose = |i: usize| i < toks.len() && !covered(i) && !lex.asker_word(toks[i].text);
        let named_after = |i: usize| name_word(i) || (i == 1 && loose(i) && loose(i + 1));
        let at = (0..toks.len()).find(|&i| {
            let t = &toks[i];
            let prefix = t.id.is_some_and(|id| {
                self.prefixes
                    .iter()
                    .any(|&(p, marks)| p == id && (t.marks == 0 || t.marks == marks))
            });
            prefix && !covered(i) && i + 1 < toks.len() && named_after(i + 1)
        })?;
        let loose_name = !name_word(at + 1);
        let name: Vec<&Tok<'_>> = (at + 1..toks.len())
            .take(3)
            .take_while(|&j| {
                (name_word(j) || (loose_name && loose(j)))
                    && !toks[j].text.bytes().all(|b| b.is_ascii_digit())
            })
            .map(|j| &toks[j])
            .collect();
        let first = name.first()?;
        let last = name.last()?;
        Some(text[first.original.start..last.original.end].to_string())
    }

    pub(super) fn criteria_request(
        &self,
        s: &Signals,
        unknown: Option<String>,
        asker: Asker,
    ) -> Request {
        if s.hamlets.is_empty()
            && let Some(name) = unknown
        {
            return Request::UnknownHamlet { name };
        }
        let units = self.units(s, asker);
        let Some(unit) = units.first().cloned() else {
            return Request::CriteriaOverview;
        };
        if units.len() == 1 && !self.has_criteria(&unit, None) {
            // "Bản He chưa đạt tiêu chí nào": its content has no criteria to tell.
            return Request::NoAnswer { unit: Some(unit) };
        }
        let per_unit = |make: &dyn Fn(String) -> Request| {
            not_understood(units.iter().cloned().map(make).collect())
        };
        // Only the criteria of the unit's own set: "thủy lợi" is one code in a hamlet's set
        // and another in the commune's.
        let in_set: Vec<u16> = s
            .criteria
            .iter()
            .copied()
            .filter(|&c| {
                units
                    .iter()
                    .any(|u| self.has_criteria(u, Some(&self.criterion(c))))
            })
            .collect();
        match in_set.as_slice() {
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
                let suggestions = in_set.iter().map(|&c| Request::CriterionDetail {
                    unit: unit.clone(),
                    criterion: self.criterion(c),
                });
                return not_understood(suggestions.collect());
            }
            [] => {}
        }
        if s.remaining > 0 && !s.count_met_first {
            if units.len() > 1 {
                return per_unit(&|unit| Request::CriteriaRemaining { unit });
            }
            return Request::CriteriaRemaining { unit };
        }
        // "nông thôn mới là làm những cái gì": what the programme is, asked with a list's
        // words and no unit named, is the overview, not the commune's list.
        if s.overview > 0 && !self.names_unit(s, asker) {
            return Request::CriteriaOverview;
        }
        if s.list > 0 && !s.count_met_first {
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

    fn facts_request(&self, s: &Signals, unknown: Option<String>, asker: Asker) -> Request {
        if s.hamlets.is_empty()
            && let Some(name) = unknown
        {
            return Request::UnknownHamlet { name };
        }
        if !s.facts.is_empty() {
            return self.fact_request(s, asker);
        }
        let units = self.units(s, asker);
        match units.as_slice() {
            [] => top_level(),
            [unit]
                if s.info == 0
                    && !self
                        .units
                        .iter()
                        .any(|u| &u.id == unit && !u.facts.is_empty()) =>
            {
                Request::NoAnswer {
                    unit: Some(unit.clone()),
                }
            }
            // "hộ cận nghèo ở bản He có mấy hộ": none of its figures is about them.
            [unit] if !s.standings.is_empty() && !self.unit_speaks_of(unit, s) => {
                Request::NoAnswer {
                    unit: Some(unit.clone()),
                }
            }
            // "xã có bao nhiu hô cân nghèo": households counted, and no figure of the unit
            // counts them — not the list of its figures.
            [unit] if s.count_households > 0 => Request::NoAnswer {
                unit: Some(unit.clone()),
            },
            // "diện tích ngô của xã bao nhiêu": an area no figure of the unit measures.
            [unit] if s.area > 0 && s.weak_facts.is_empty() => Request::NoAnswer {
                unit: Some(unit.clone()),
            },
            [unit] => Request::UnitFacts { unit: unit.clone() },
            _ => not_understood(
                units
                    .into_iter()
                    .map(|unit| Request::UnitFacts { unit })
                    .collect(),
            ),
        }
    }

    /// Whether some figure of `unit` is about every standing the question names.
    fn unit_speaks_of(&self, unit: &str, s: &Signals) -> bool {
        let Some(u) = self.units.iter().find(|u| u.id == unit) else {
            return false;
        };
        u.facts.iter().any(|key| {
            self.facts.iter().position(|k| k == key).is_some_and(|f| {
                let covers = &self.fact_traits[f].0;
                s.standings.iter().all(|st| covers.contains(st))
            })
        })
    }

    /// One figure: stated only for a unit that has it. Asked of a unit without it, the
    /// content cannot answer; asked of no unit, the units that have it are offered.
    pub(super) fn fact_request(&self, s: &Signals, asker: Asker) -> Request {
        // A figure answers the question only if it is about every standing the question
        // names ("bao nhiêu hộ cận nghèo" is not the number of households) and, when loans
        // are asked about, about loans ("bao nhiêu hộ nghèo được vay vốn" is not the number
        // of poor households).
        // A count of households is answered only by a figure that counts households
        // ("xã có bao nhiêu hộ trồng chè" is not the area of tea).
        // A figure asked first, in a clause of its own before the loan words ("xã có mấy
        // hợp tác xã, hợp tác xã vay vốn thì lãi bao nhiêu"), is not asked about loans.
        let fits = |f: u16| {
            let (covers, about_loans, households) = &self.fact_traits[usize::from(f)];
            let first = s.first_facts.contains(&f);
            s.standings
                .iter()
                .filter(|st| !first || !s.loan_standings.contains(st))
                .all(|st| covers.contains(st))
                && (s.loan_explicit == 0 || *about_loans || first)
                && (s.count_households == 0 || *households)
        };
        // Households counted twice with one figure named ("bản He tổng mấy hộ, trong đó còn
        // mấy hộ nghèo", "bản Đông còn mấy hộ nghèo, bản He còn mấy hộ"): two figures are
        // asked, one of them all households — both offered, never one stated for the other.
        if s.count_households >= 2 && s.facts.len() == 1 {
            let named = self.facts[usize::from(s.facts[0])].clone();
            let all_households = (0..self.facts.len())
                .find(|&f| {
                    let (covers, about_loans, households) = &self.fact_traits[f];
                    *households && covers.is_empty() && !*about_loans
                })
                .map(|f| self.facts[f].clone());
            if let Some(all) = all_households.filter(|all| *all != named) {
                let mut offered: Vec<Request> = Vec::new();
                for unit in self.units(s, asker) {
                    for fact in [&all, &named] {
                        if self.has_fact(&unit, fact) {
                            offered.push(Request::Fact {
                                unit: unit.clone(),
                                fact: fact.clone(),
                            });
                        }
                    }
                }
                if !offered.is_empty() {
                    return not_understood(offered);
                }
            }
        }
        // Figures asked in clauses that name different units ("xã có bao nhiêu đảng viên,
        // bản He có bao nhiêu hộ"): each of its own unit, offered in the order asked.
        let mut clause_units: Vec<ClauseUnit> = Vec::new();
        for (_, u) in &s.fact_units {
            if !clause_units.contains(u) {
                clause_units.push(*u);
            }
        }
        if clause_units.len() > 1 {
            let mut answers: Vec<Request> = Vec::new();
            // A count of households in one clause is not a word of the other's figure.
            let fits_own = |f: u16| {
                let (covers, about_loans, _) = &self.fact_traits[usize::from(f)];
                s.standings.iter().all(|st| covers.contains(st))
                    && (s.loan_explicit == 0 || *about_loans || s.first_facts.contains(&f))
            };
            for &(f, u) in s.fact_units.iter().filter(|(f, _)| fits_own(*f)) {
                let unit = match u {
                    ClauseUnit::Hamlet(h) => Some(self.hamlet(h)),
                    ClauseUnit::Commune => self.commune.clone(),
                };
                let fact = self.facts[usize::from(f)].clone();
                if let Some(unit) = unit
                    && self.has_fact(&unit, &fact)
                {
                    answers.push(Request::Fact { unit, fact });
                }
            }
            if answers.is_empty() {
                return Request::NoAnswer {
                    unit: self.units(s, asker).into_iter().next(),
                };
            }
            return not_understood(answers);
        }
        let mut keys: Vec<String> = s
            .facts
            .iter()
            .filter(|&&f| fits(f))
            .map(|&f| self.facts[usize::from(f)].clone())
            .collect();
        if !s.facts.is_empty() && keys.is_empty() {
            // "how many households are still classed as poor": a count of households with
            // standings named asks the figure counting the households of those standings.
            if s.count_households > 0 && !s.standings.is_empty() {
                keys = (0..self.facts.len())
                    .filter(|&f| {
                        let (covers, about_loans, households) = &self.fact_traits[f];
                        *households
                            && covers.len() == s.standings.len()
                            && s.standings.iter().all(|st| covers.contains(st))
                            && (s.loan_explicit == 0 || *about_loans)
                    })
                    .map(|f| self.facts[f].clone())
                    .collect();
            }
            if keys.is_empty() {
                return Request::NoAnswer {
                    unit: self.units(s, asker).into_iter().next(),
                };
            }
        }
        // Two questions ("bản He có bao nhiêu hộ, còn mấy hộ nghèo"): the figure of the first
        // stays beside what the later words narrow to, and both are offered.
        if s.facts_apart {
            for &f in &s.facts {
                let key = &self.facts[usize::from(f)];
                if !keys.contains(key) {
                    keys.push(key.clone());
                }
            }
            // The standings said only after the first figure's clause (`loan_standings`) do
            // not narrow it; with households counted and no loan asked, they are the later
            // clause's own count ("…, còn mấy hộ nghèo": the poor households).
            let late = &s.loan_standings;
            if s.count_households > 0 && !late.is_empty() && s.loan_explicit == 0 {
                for f in 0..self.facts.len() {
                    let (covers, _, households) = &self.fact_traits[f];
                    let key = &self.facts[f];
                    if *households
                        && covers.len() == late.len()
                        && late.iter().all(|st| covers.contains(st))
                        && !keys.contains(key)
                    {
                        keys.push(key.clone());
                    }
                }
            }
        }
        let named = self.names_unit(s, asker);
        let units = self.units(s, asker);
        let mut answers = Vec::new();
        for unit in &units {
            for key in &keys {
                if self.has_fact(unit, key) {
                    answers.push(Request::Fact {
                        unit: unit.clone(),
                        fact: key.clone(),
                    });
                }
            }
        }
        // "bản em" from someone whose hamlet is not known: the hamlets that have it are
        // offered, never stated as theirs.
        let home_guessed = s.home > 0 && s.hamlets.is_empty() && !s.commune && asker.home.is_none();
        if let [one] = answers.as_slice()
            && !home_guessed
        {
            return one.clone();
        }
        if answers.len() > 1 {
            return not_understood(answers);
        }
        if named {
            // A hamlet told only in the story before the question ("em là hội viên chi hội
            // phụ nữ bản Đông, …, đã có mấy gia đình thoát nghèo rồi"), for a figure only
            // the commune has: the commune's figure is asked.
            let story = !s.hamlets.is_empty()
                && s.hamlets.iter().all(|h| s.story_hamlets.contains(&h.0))
                && s.home == 0
                && !s.commune;
            if story && let Some(commune) = &self.commune {
                let only_commune: Vec<&String> = keys
                    .iter()
                    .filter(|k| {
                        self.has_fact(commune, k)
                            && !self
                                .units
                                .iter()
                                .any(|u| u.id != *commune && u.facts.contains(k))
                    })
                    .collect();
                if let [key] = only_commune.as_slice() {
                    return Request::Fact {
                        unit: commune.clone(),
                        fact: (*key).clone(),
                    };
                }
            }
            return Request::NoAnswer {
                unit: units.first().cloned(),
            };
        }
        // Not the commune's figure, and no unit named: the hamlets that have it.
        let elsewhere: Vec<Request> = self
            .units
            .iter()
            .flat_map(|u| {
                keys.iter()
                    .filter(|k| u.facts.contains(k))
                    .map(|k| Request::Fact {
                        unit: u.id.clone(),
                        fact: k.clone(),
                    })
            })
            .collect();
        if elsewhere.is_empty() {
            return Request::NoAnswer { unit: None };
        }
        not_understood(elsewhere)
    }

    /// The programmes that fit every need named, for who the asker says they are; `Err`
    /// with one programme per need when no programme fits them all.
    ///
    /// Needs are intersected, not added up: a programme is offered only if it serves each
    /// need the question names, so a need that was only the story ("mất việc ở công ty may,
    /// giờ muốn mở xưởng") narrows the list instead of adding programmes that do not fit.
    fn by_purpose(&self, s: &Signals) -> Result<Vec<String>, Vec<String>> {
        let fits_asker = |p: &u16| {
            if s.excluded.contains(p) {
                return false;
            }
            let id = self.programme_id(*p);
            let Some(t) = self.loans.iter().find(|t| t.id == id) else {
                return true;
            };
            let said_for = |st: &Standing| s.standings.contains(st);
            let denied = |st: &Standing| s.not_standings.contains(st);
            // Not open to those still owing a loan the asker says they hold.
            if t.not_while_owing
                .iter()
                .any(|owed| s.held.iter().any(|&h| self.programme_id(h) == owed))
            {
                return false;
            }
            // Only for some standings: the asker must not deny them all, and when they
            // say what they are, must be one of them.
            if !t.only_for.is_empty() {
                if t.only_for.iter().all(denied) {
                    return false;
                }
                if !s.standings.is_empty() && !t.only_for.iter().any(said_for) {
                    return false;
                }
            }
            !t.not_for.iter().any(said_for)
        };
        let sets: Vec<Vec<u16>> = s
            .purposes
            .iter()
            .map(|&p| {
                let mut v: Vec<u16> = self.purposes[usize::from(p)]
                    .iter()
                    .copied()
                    .filter(fits_asker)
                    .collect();
                v.sort_unstable();
                v
            })
            .collect();
        let Some(first) = sets.first() else {
            return Ok(vec![]);
        };
        let mut common: Vec<u16> = first
            .iter()
            .copied()
            .filter(|p| sets.iter().all(|set| set.contains(p)))
            .collect();
        // "hợp tác xã làm dự án trồng sâm": an organisation asks; the programmes for
        // organisations, when some fit.
        let for_organisations = |p: &u16| {
            let id = self.programme_id(*p);
            self.loans.iter().any(|t| t.id == id && t.for_organisations)
        };
        if s.organisation > 0 && common.iter().any(for_organisations) {
            common.retain(for_organisations);
        }
        // "vay hỗ trợ làm nhà": a need said in the frame of one programme's name means it.
        if common.iter().any(|p| s.framed.contains(p)) {
            common.retain(|p| s.framed.contains(p));
        }
        if common.is_empty() && sets.iter().filter(|set| !set.is_empty()).count() > 1 {
            let mut one_each: Vec<String> = Vec::new();
            for set in &sets {
                if let Some(&p) = set
                    .iter()
                    .find(|p| !one_each.iter().any(|o| o == self.programme_id(**p)))
                {
                    one_each.push(self.programme(p));
                }
            }
            return Err(one_each);
        }
        Ok(common.into_iter().map(|p| self.programme(p)).collect())
    }

    /// Of the programmes for a need, the one the question means, if it says: the need said
    /// in the frame of its name ("vay hỗ trợ làm nhà"), or — with a rate, a term, collateral
    /// or an age asked, not the amount — the programme of the household standing the asker
    /// names ("nhà em có sổ hộ nghèo, vay nuôi dê, lãi bao nhiêu": the poor-household loan).
    pub(super) fn meant(
        &self,
        s: &Signals,
        programmes: &[String],
        aspects: &[crate::core::request::LoanAspect],
    ) -> Option<String> {
        if let [one] = programmes
            && s.framed
                .iter()
                .any(|&p| self.programmes[usize::from(p)] == *one)
        {
            return Some(one.clone());
        }
        let specific = !aspects.contains(&Amount)
            && aspects
                .iter()
                .any(|a| matches!(a, Rate | Term | Collateral | Age));
        if !specific {
            return None;
        }
        let mut own = self
            .standing_programmes
            .iter()
            .filter(|(st, p)| {
                s.standings.contains(st)
                    && !s.excluded.contains(p)
                    && programmes.iter().any(|o| o == self.programme_id(*p))
            })
            .map(|&(_, p)| self.programme(p));
        let first = own.next()?;
        own.all(|p| p == first).then_some(first)
    }

    /// The one programme of the household standings the asker names, when no programme and
    /// no need is named ("nhà em có tên trong danh sách hộ nghèo").
    pub(super) fn own_programme(&self, s: &Signals) -> Option<String> {
        if !s.programmes.is_empty() || !s.purposes.is_empty() || !s.parts.is_empty() {
            return None;
        }
        let mut own = self
            .standing_programmes
            .iter()
            .filter(|(st, p)| s.standings.contains(st) && !s.excluded.contains(p))
            .map(|&(_, p)| p);
        let first = own.next()?;
        own.all(|p| p == first).then(|| self.programme(first))
    }

    pub(super) fn loans_request(&self, s: &Signals) -> Request {
        let aspects = s.aspects();
        // Programmes named as programmes; a standing only ("hộ nghèo muốn nuôi bò") names
        // who asks when a need is named too.
        // A programme named by its name outranks one named only by a standing ("nhà em
        // thuộc hộ nghèo, … hỗ trợ nhà ở"): the standing says who asks.
        let by_name: Vec<u16> = s
            .programmes
            .iter()
            .filter(|p| !p.1)
            .map(|p| p.0)
            .filter(|p| !s.excluded.contains(p))
            .collect();
        let mut named: Vec<u16> = if by_name.is_empty() && s.purposes.is_empty() {
            s.programmes
                .iter()
                .map(|p| p.0)
                .filter(|p| !s.excluded.contains(p))
                .collect()
        } else {
            by_name
        };
        // "vay đất ở thì phải làm gì": in a loan question that is how to apply.
        let mut aspects = aspects;
        if aspects.is_empty() && s.remaining > 0 && s.criteria_kw == 0 {
            aspects.push(Apply);
        }
        let mut from_parts = false;
        if named.is_empty() && s.purposes.is_empty() {
            named = s
                .parts
                .iter()
                .copied()
                .filter(|p| !s.excluded.contains(p))
                .collect();
            from_parts = true;
        }
        // Only words from inside a programme's name ("xã hội", "chuyển đổi") and no loan
        // asked in so many words: a guess, so it is offered, not stated.
        if from_parts
            && s.loan_explicit == 0
            && s.process == 0
            && let [p] = named.as_slice()
        {
            return not_understood(vec![
                Request::LoanDetail {
                    programme: self.programme(*p),
                    aspects,
                },
                Request::Loans,
            ]);
        }
        match named.as_slice() {
            [] if !s.purposes.is_empty() => match self.by_purpose(s) {
                Ok(programmes) if programmes.is_empty() => Request::NoAnswer { unit: None },
                Ok(programmes) if self.meant(s, &programmes, &aspects).is_some() => {
                    Request::LoanDetail {
                        programme: self.meant(s, &programmes, &aspects).unwrap_or_default(),
                        aspects,
                    }
                }
                // A need only one programme serves, with an amount, a rate, a term,
                // collateral or an age asked ("vay làm bể nước thì lãi bao nhiêu", "làm nhà
                // vệ sinh thì vay được bao nhiêu"): that programme's detail, not its
                // one-line card. Where to apply or who may borrow ("vay ở đâu", "có vay được
                // không") asks which programmes fit: the card.
                Ok(programmes)
                    if programmes.len() == 1
                        && (aspects
                            .iter()
                            .any(|a| matches!(a, Amount | Rate | Term | Collateral | Age))
                            || (aspects.contains(&Apply) && s.apply_specific)) =>
                {
                    Request::LoanDetail {
                        programme: programmes[0].clone(),
                        aspects,
                    }
                }
                Ok(programmes) => Request::LoansByPurpose { programmes },
                // Needs no one programme serves ("sửa nhà và mua bò"): which one is meant
                // is asked, each button naming its programme.
                Err(one_each) => {
                    let mut suggestions: Vec<Request> = one_each
                        .into_iter()
                        .map(|programme| Request::LoanDetail {
                            programme,
                            aspects: aspects.clone(),
                        })
                        .collect();
                    suggestions.truncate(2);
                    suggestions.push(Request::Loans);
                    not_understood(suggestions)
                }
            },
            // "bố mẹ em có tên trong danh sách hộ nghèo, muốn vay thì cần điều kiện gì": no
            // programme and no need named, an aspect asked — the asker's own programme.
            [] if !aspects.is_empty() && self.own_programme(s).is_some() => Request::LoanDetail {
                programme: self.own_programme(s).unwrap_or_default(),
                aspects,
            },
            [] if s.process > 0 || aspects == [Apply] => Request::LoanProcess,
            [] => Request::Loans,
            [p] => Request::LoanDetail {
                programme: self.programme(*p),
                aspects,
            },
            _ => not_understood(
                named
                    .iter()
                    .map(|&p| Request::LoanDetail {
                        programme: self.programme(p),
                        aspects: aspects.clone(),
                    })
                    .collect(),
            ),
        }
    }

    fn family_request(
        &self,
        family: Family,
        s: &Signals,
        unknown: Option<String>,
        asker: Asker,
    ) -> Request {
        match family {
            Family::Criteria => self.criteria_request(s, unknown, asker),
            Family::Loans => self.loans_request(s),
            Family::Facts => self.facts_request(s, unknown, asker),
            Family::News => Request::News,
        }
    }

    /// "em thôi đăng ký bản Đông, chuyển sang đăng ký bản He", "dont want ban dong anymore,
    /// change to ban he": a switch of hamlets, with a subscription word or a stop before it —
    /// the hamlets named after "chuyển sang" / "change to" are the ones subscribed, those
    /// before it ended (stopping both, or subscribing both, was wrong). "chuyển đăng ký sang
    /// bản He", with no hamlet before, moves every subscription there.
    fn switched_to(&self, toks: &[Tok<'_>], kept: &[Match], s: &Signals) -> Option<Request> {
        if s.hamlets.is_empty() || s.loan > 0 {
            return None;
        }
        let w = &super::lexicon::lexicon().words;
        // "chuyển sang", and with what is moved between: "chuyển đăng ký sang", "change my
        // subscription to".
        let at = (0..toks.len())
            .filter(|&i| w.switch_verbs.has(toks[i].text))
            .find_map(|i| {
                (i + 1..toks.len().min(i + 5)).find(|&j| w.switch_to.has(toks[j].text))
            })?
            + 1;
        let (mut to, mut from): (Vec<u16>, Vec<u16>) = (Vec::new(), Vec::new());
        for m in kept {
            for x in &self.phrases[m.phrase as usize].meanings {
                if let Meaning::Hamlet { index, .. } = x {
                    let side = if m.start >= at { &mut to } else { &mut from };
                    if !side.contains(index) {
                        side.push(*index);
                    }
                }
            }
        }
        from.retain(|h| !to.contains(h));
        // A move with no hamlet left behind needs a subscription word of its own: "chuyển
        // sang bản He" alone may be a family moving, not a wish about notices.
        if to.is_empty() || (from.is_empty() && s.subscribe + s.news + s.mine == 0) {
            return None;
        }
        let names = |v: Vec<u16>| v.into_iter().map(|h| self.hamlet(h)).collect();
        Some(Request::Switch {
            to: names(to),
            from: names(from),
        })
    }

    /// "hôm trước chị hàng xóm hỏi bot vay hộ nghèo …, em cũng muốn hỏi mà không biết hỏi kiểu
    /// gì cho bot hiểu", "năm ngoái em vay 20 triệu nuôi lợn …, bây giờ em chỉ muốn xem bảng
    /// chọn": help, or the menu wished for ("muốn xem bảng chọn"), asked last after words that
    /// ask nothing, with nothing but small words after it — the story's loan is no question.
    fn help_or_menu_last(&self, text: &str, toks: &[Tok<'_>], kept: &[Match]) -> Option<Request> {
        let is = |m: &Match, k: Kw| self.means_kw(m, k);
        let help = kept
            .iter()
            // "không biết hỏi", "hỏi kiểu gì": a request's "giúp" (help me do it) is not
            // help asked.
            .filter(|m| is(m, Kw::Help) && m.end >= m.start + 3)
            .map(|m| (m.start, Request::Help));
        let menu = kept
            .iter()
            // "muốn xem bảng chọn": a menu phrase of its own, not a one-word greeting
            // ("any loan to start …").
            .filter(|m| {
                is(m, Kw::Greeting)
                    && m.end >= m.start + 2
                    && kept
                        .iter()
                        .any(|n| is(n, Kw::Need) && n.end <= m.start && n.end + 1 >= m.start)
            })
            .map(|m| (m.start, Request::Menu));
        let (at, request) = help.chain(menu).max_by_key(|(at, _)| *at)?;
        let small = |x: &Meaning| {
            matches!(
                x,
                Meaning::Kw(
                    Kw::Help
                        | Kw::Greeting
                        | Kw::Filler
                        | Kw::Thanks
                        | Kw::Ack
                        | Kw::Yes
                        | Kw::Cancel
                        | Kw::Stop
                        | Kw::Need
                        | Kw::Ask
                )
            )
        };
        let substance_after = kept
            .iter()
            .any(|m| m.start > at && !self.phrases[m.phrase as usize].meanings.iter().all(small));
        (at > 0
            && !substance_after
            && !text.contains('?')
            && !super::clauses::clause_asks(text, toks, 0, at))
        .then_some(request)
    }

    /// "…, nhà có 3 sào nương với 5 con dê, chưa biết gì về vay vốn cả, anh kể giúp em ngân
    /// hàng chính sách có những chương trình cho vay nào": the list asked after a story whose
    /// goods no wish or loan came before — what is owned is no need.
    fn list_after_story(
        &self,
        text: &str,
        toks: &[Tok<'_>],
        kept: &[Match],
        s: &Signals,
    ) -> Option<Request> {
        if s.purposes.is_empty()
            || !s.programmes.is_empty()
            || s.aspects.iter().any(|a| *a != Apply)
        {
            return None;
        }
        let is = |m: &Match, k: Kw| self.means_kw(m, k);
        let story_end = kept
            .iter()
            .filter(|m| self.means(m, |x| matches!(x, Meaning::Purpose(_))))
            .map(|m| m.end)
            .max()?;
        // No wish or loan before the goods ("vay để trồng chè, …, có những gói nào" asks
        // for that need), and the programmes asked with their loan word after ("chương
        // trình cho vay nào"; "có gói nào giúp không" after a lack of money is the need's).
        if kept
            .iter()
            .any(|m| (is(m, Kw::Need) || is(m, Kw::Loan)) && m.start < story_end)
        {
            return None;
        }
        // The programmes in the plural ("những / các chương trình"), as a list is asked.
        let plural = &super::lexicon::lexicon().words.plural;
        let plural = |m: &Match| m.start > 0 && plural.has(toks[m.start - 1].text);
        let at = kept
            .iter()
            .filter(|m| m.start >= story_end)
            .find(|m| {
                is(m, Kw::ProgrammeWord)
                    && plural(m)
                    && kept.iter().any(|n| n.start >= m.end && is(n, Kw::Loan))
            })?
            .start;
        let broken = text
            .get(toks[story_end - 1].original.end..toks[at].original.start)
            .is_some_and(|g| g.contains([',', '.', ';', '!']));
        (broken && super::clauses::clause_asks(text, toks, at, toks.len()))
            .then_some(Request::Loans)
    }

    /// Whether anything of substance was asked (beyond greetings, thanks and particles).
    fn substance(&self, s: &Signals) -> bool {
        !s.programmes.is_empty()
            || !s.parts.is_empty()
            || !s.criteria.is_empty()
            || !s.purposes.is_empty()
            || !s.facts.is_empty()
            || !s.fuzzy_facts.is_empty()
            || !s.aspects.is_empty()
            || s.has_unit()
            || s.loan + s.criteria_kw + s.facts_kw + s.news + s.news_hint + s.help > 0
            || s.remaining + s.list + s.overview + s.info + s.process > 0
            || s.no_answer + s.no_answer_hint > 0
            || s.subscribe + s.unsubscribe + s.mine + s.forget + s.cancel > 0
            || !s.languages.is_empty()
    }

    pub(super) fn decide(
        &self,
        text: &str,
        toks: &[Tok<'_>],
        kept: &[Match],
        s: &Signals,
        asker: Asker,
    ) -> Request {
        let unknown = self.unknown_hamlet(text, toks, kept);
        let all_hamlets = || {
            s.hamlets
                .iter()
                .map(|h| self.hamlet(h.0))
                .collect::<Vec<_>>()
        };

        // "Em cảm ơn, nhờ bot chỉ mà nhà em biết vay hộ nghèo không cần thế chấp": thanks
        // for what was learnt, told back; no question is asked.
        let w = &super::lexicon::lexicon().words;
        let knew = knew_already(text, toks);
        let request = toks.last().is_some_and(|t| w.request_ends.has(t.text));
        let told_back = |i: usize| {
            kept.iter().any(|m| {
                m.start <= i
                    && i < m.end
                    && self.means(m, |x| matches!(x, Meaning::Kw(Kw::Learned)))
            })
        };
        // For an ok: a word is told back only where no other phrase (an aspect's "bao lâu")
        // covers it too.
        let told_only = |i: usize| {
            told_back(i)
                && !kept.iter().any(|m| {
                    m.start <= i
                        && i < m.end
                        && !self.means(m, |x| matches!(x, Meaning::Kw(Kw::Learned)))
                })
        };
        if s.thanks > 0
            && (s.learned > 0 || knew)
            && !super::clauses::asks_outside(text, toks, &told_back)
            && !request
        {
            return Request::Thanks;
        }
        if s.thanks > 0 && knew && told_known(text, toks, s) {
            return Request::Thanks;
        }
        // "cam on ad, xa co 5 hop tac xa nhu em nghe", "thanks bot, ban he 195 household": a
        // figure told back with thanks and nothing asked, wished or requested is thanks — the
        // figure is what was answered, so stating it (or another) again is no answer.
        if s.thanks > 0 && !s.wish && !request && told_number(text, toks) && !asks(text, toks) {
            return Request::Thanks;
        }
        // "uh vậy vay hộ nghèo phải có xác nhận của xã, em biết rồi", "ok i see, so student
        // loan need my son school paper": an ok that tells back what was answered, with
        // nothing asked, wished or requested ("cho"), is an ok — the programme or figure it
        // names is what was answered, so stating it (or another) again is no answer.
        // Only looked at when an ok tells something back (the scans below are rarely needed).
        if s.thanks == 0 && s.ack > 0 && (s.learned > 0 || knew) && !request {
            // An asking opener ("giờ em hỏi …") or a count ("mấy") asks after it; "… mai em
            // lên hỏi thêm": an opener ending the message (one word may follow it) asks
            // nothing of the bot.
            let tell_me = asks_to_be_told(toks);
            let opener = kept.iter().any(|m| {
                m.end + 1 < toks.len() && self.means(m, |x| matches!(x, Meaning::Kw(Kw::Ask)))
            });
            // A wish before what is put off or told back is put off too ("em định vay thêm
            // nhưng để em bàn với chồng đã").
            let last_of = |k: Kw| {
                kept.iter()
                    .filter(|m| self.means(m, |x| matches!(x, Meaning::Kw(y) if *y == k)))
                    .map(|m| m.start)
                    .max()
            };
            if (!s.wish || last_of(Kw::Learned) > last_of(Kw::Need))
                && !tell_me
                && !opener
                && !super::clauses::asks_or_counts_outside(text, toks, &told_only)
            {
                return Request::Ack;
            }
        }
        // "ừ được rồi, lãi nhà ở xã hội 5,4 phần trăm, tôi ghi vào sổ rồi": an ok that tells
        // a figure back in digits, with nothing asked, counted, wished or requested, is an ok
        // as thanks telling one back is thanks — the figure is what was answered. The ok
        // opens the message: "được" (can, got) inside a story or a question ("lấy chồng được
        // 3 năm", "vay được 100 triệu … hay ít hơn") is no ok.
        let opens_ok = toks.first().is_some_and(|t| t.text != "được")
            && kept
                .iter()
                .any(|m| m.start == 0 && self.means(m, |x| matches!(x, Meaning::Kw(Kw::Ack))));
        if s.thanks == 0
            && s.ack > 0
            && opens_ok
            && !s.wish
            && !request
            && told_number(text, toks)
            && !super::clauses::asks_or_counts_outside(text, toks, &told_only)
            && !asks_to_be_told(toks)
        {
            return Request::Ack;
        }
        // Small talk: nothing asked, only thanks, yes/ok, greetings or politeness.
        if s.thanks > 0
            && s.help > 0
            && !self.substance(&Signals {
                help: 0,
                ..s.clone()
            })
        {
            // "Cảm ơn, giúp được nhiều lắm".
            return Request::Thanks;
        }
        // "Em là người bản He, cảm ơn bot đã trả lời em hôm qua": thanks, whoever says it.
        if s.thanks > 0
            && !self.substance(&Signals {
                hamlets: vec![],
                commune: false,
                commune_weak: false,
                help: 0,
                ..s.clone()
            })
        {
            return Request::Thanks;
        }
        // "chào bot, em ở bản He": a greeting, whoever says it — nothing else is asked. The
        // asker names themself ("em", "tôi"); "chào bản Đông" alone still offers the hamlet.
        let lexicon = super::lexicon::lexicon();
        let asker_named = toks
            .iter()
            .any(|t| lexicon.asker_word(t.text) || w.greeting_people.has(t.text));
        if s.greeting > 0
            && asker_named
            && s.thanks == 0
            && !super::clauses::asks_or_counts(text, toks, 0, toks.len())
            && !self.substance(&Signals {
                hamlets: vec![],
                commune: false,
                commune_weak: false,
                ..s.clone()
            })
        {
            return Request::Menu;
        }
        // "… năm ngoái nhà em vay giải quyết việc làm 50 triệu …, hôm nay vào chào anh một
        // tiếng": a visit to greet, told last with nothing asked or wished after a story — a
        // greeting; the story's loan or crop is not asked.
        if s.greeting > 0 && s.learned > 0 && s.thanks == 0 && s.ack == 0 && !s.wish && !request {
            let visit = kept
                .iter()
                .filter(|m| self.means(m, |x| matches!(x, Meaning::Kw(Kw::Learned))))
                .map(|m| m.start)
                .max();
            let only_small_after = visit.is_some_and(|at| {
                kept.iter().filter(|m| m.start > at).all(|m| {
                    self.means(m, |x| {
                        matches!(x, Meaning::Kw(Kw::Greeting | Kw::Filler | Kw::Learned))
                    })
                })
            });
            let greets_visit = visit.is_some_and(|at| {
                kept.iter().any(|m| {
                    m.start >= at && self.means(m, |x| matches!(x, Meaning::Kw(Kw::Greeting)))
                })
            });
            if only_small_after
                && greets_visit
                && !super::clauses::asks_or_counts(text, toks, 0, toks.len())
            {
                return Request::Menu;
            }
        }
        if !self.substance(s) {
            if s.thanks > 0 {
                return Request::Thanks;
            }
            // "alo bot ơi có đấy không": a greeting; yes/no words alone do not make it an ok.
            if s.ack > 0 || (s.yes > 0 && s.greeting == 0) {
                return Request::Ack;
            }
            if s.greeting > 0 || s.loose_words == 0 {
                return Request::Menu;
            }
            return top_level();
        }

        // Requests about the person's own settings say so explicitly and outrank topics.
        if s.forget > 0 {
            return Request::Forget;
        }
        if let Some(switch) = self.switched_to(toks, kept, s) {
            return switch;
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
        if let Some(last) = self.help_or_menu_last(text, toks, kept) {
            return last;
        }
        // "có tin gì mới không, với lại vay hộ nghèo lãi bao nhiêu": the notices asked first,
        // then a programme's figure — two questions; both are offered, neither is chosen.
        let news_first = s.news > 0
            && s.subscribe == 0
            && !s.aspects.is_empty()
            && s.programmes.iter().any(|p| !p.1)
            && kept
                .iter()
                .find(|m| {
                    self.means(m, |x| {
                        matches!(x, Meaning::Kw(Kw::News) | Meaning::Programme(_))
                    })
                })
                .is_some_and(|m| {
                    self.means(m, |x| matches!(x, Meaning::Kw(Kw::News)))
                        && super::clauses::clause_asks(text, toks, 0, (m.end + 3).min(toks.len()))
                });
        if news_first {
            return not_understood(vec![Request::News, self.loans_request(s)]);
        }
        if let Some(list) = self.list_after_story(text, toks, kept, s) {
            return list;
        }
        // A topic the content does not cover (prices, weather, work abroad): said plainly,
        // unless a programme or a unit's figure is asked by name as well.
        let named_programme = s.programmes.iter().any(|p| !p.1);
        // The asker's own programme, named only by their standing, with a loan word and a
        // figure of it asked and no wish that would say what the money is for ("mưa to mất
        // mùa, nhà em hộ nghèo thì vay được bao nhiêu"; "… muốn vay mua xe máy" stays none).
        let standing_asked = s.loan > 0
            && s.need == 0
            && !s.programmes.is_empty()
            && s.aspects
                .iter()
                .any(|a| matches!(a, Amount | Rate | Term | Collateral | Age));
        // Words of a topic the content cannot answer that also come up around a real
        // question ("trồng ngô không được giá, muốn vay nuôi bò"): they count only when
        // nothing answerable is asked alongside.
        let answerable = (!s.purposes.is_empty() && (s.loan > 0 || s.need > 0))
            || named_programme
            || standing_asked
            || !s.facts.is_empty()
            || s.subscribe + s.unsubscribe + s.process > 0
            // "đi viện cả tuần, hôm nay có tin mới của bản không": the notices asked by
            // name outrank the story's hints.
            || s.news > 0
            || (s.criteria_kw > 0 && !s.criteria.is_empty());
        let no_answer = s.no_answer + if answerable { 0 } else { s.no_answer_hint };
        // The asker's own file (when their money comes, whether their papers passed): a
        // person answers, whatever programme is named.
        if s.own_case > 0 && s.subscribe + s.unsubscribe == 0 {
            return Request::NoAnswer { unit: None };
        }
        if no_answer > 0 && !named_programme && s.facts.is_empty() {
            return Request::NoAnswer {
                unit: self
                    .units(s, asker)
                    .into_iter()
                    .next()
                    .filter(|_| s.has_unit()),
            };
        }
        // "i want ban he news": a hamlet's news wished for is its notices.
        let wished;
        let s = if s.subscribe == 0 && s.news > 0 && s.wish && !s.hamlets.is_empty() {
            wished = Signals {
                subscribe: 1,
                news: 0,
                ..s.clone()
            };
            &wished
        } else {
            s
        };
        if s.subscribe > 0 {
            if s.loan > 0 {
                // "đăng ký … vay": registering for a loan.
                let mut loan = Signals {
                    aspects: s.aspects.clone(),
                    programmes: s.programmes.clone(),
                    parts: s.parts.clone(),
                    purposes: s.purposes.clone(),
                    standings: s.standings.clone(),
                    not_standings: s.not_standings.clone(),
                    excluded: s.excluded.clone(),
                    framed: s.framed.clone(),
                    ..Signals::default()
                };
                if loan.aspects.is_empty() {
                    loan.aspects.push(Apply);
                }
                let loan = self.loans_request(&loan);
                // "em muốn nhận tin bản He và hỏi luôn vay hộ nghèo lãi bao nhiêu": a hamlet's
                // notices and a loan are two requests, not registering for a loan; both are
                // offered rather than the loan stated.
                if !s.hamlets.is_empty() {
                    let mut both = vec![Request::Subscribe {
                        hamlets: all_hamlets(),
                    }];
                    match loan {
                        Request::NotUnderstood { suggestions } => both.extend(suggestions),
                        other => both.push(other),
                    }
                    return not_understood(both);
                }
                return loan;
            }
            if s.hamlets.is_empty() {
                if let Some(name) = unknown {
                    return Request::UnknownHamlet { name };
                }
                // "đăng ký cả hai bản": every hamlet the bot knows.
                if s.every_hamlet > 0 {
                    return Request::Subscribe {
                        hamlets: self.hamlets.clone(),
                    };
                }
                if let Some(&(p, _)) = s.programmes.first() {
                    return not_understood(vec![
                        Request::Subscribe { hamlets: vec![] },
                        Request::LoanDetail {
                            programme: self.programme(p),
                            aspects: vec![Apply],
                        },
                    ]);
                }
                if s.home > 0
                    && let Some(h) = asker.home
                {
                    return Request::Subscribe {
                        hamlets: vec![self.hamlet(h)],
                    };
                }
            }
            return Request::Subscribe {
                hamlets: all_hamlets(),
            };
        }

        // A count or a share asked of a unit named (`counts.rs`): that unit's figure, or
        // no answer — never a loan card, a criterion or the list of figures.
        if let Some(r) = self.count_or_share(s, asker) {
            return r;
        }

        // A unit's figure asked by its own words ("số hộ", "hợp tác xã"): the figure's
        // subject is the unit, whatever loan or criterion words stand around it — unless it
        // reads as a loan question: a need with a wish ("muốn mở rộng đàn bò"), a programme
        // named, or loan words and no unit.
        let need_first = !s.purposes.is_empty() && (s.loan > 0 || s.need > 0);
        let explicit_unit =
            !s.hamlets.is_empty() || s.commune || (s.home > 0 && asker.home.is_some());
        let mut s = std::borrow::Cow::Borrowed(s);
        if s.facts.is_empty()
            && !s.weak_facts.is_empty()
            && (explicit_unit
                || (s.commune_weak && s.facts_kw > 0 && s.loan_explicit == 0)
                // "xã có bao nhiêu gia cầm": the commune's count, no loan or wish in sight.
                || (s.commune_weak && s.loan == 0 && s.need == 0 && s.process == 0)
                // "gia cầm x mình bn con", "rừng bn ha": no unit said (an SMS "x" is no
                // word), but a count word asks the figure and no loan, wish or step is in
                // sight — the commune's own figure, when it has one.
                || (s.facts_kw > 0
                    && s.hamlets.is_empty()
                    && s.home == 0
                    && s.loan == 0
                    && s.need == 0
                    && s.process == 0
                    && self.commune.as_ref().is_some_and(|c| {
                        s.weak_facts
                            .iter()
                            .all(|&f| self.has_fact(c, &self.facts[usize::from(f)]))
                    })))
            && !named_programme
            && !need_first
            && s.criteria_kw == 0
            // "hộ nghèo ở xã mình được vay bao nhiêu": a loan asked, not a count, unless
            // households are counted ("bao nhiêu hộ nghèo được vay").
            && (s.loan_explicit == 0 || s.count_households > 0)
            && !s.aspects.iter().any(|a| {
                matches!(a, Term | Collateral | Apply | Eligibility) || (*a == Rate && !s.commune)
            })
        {
            // "hộ nghèo ở bản He còn bao nhiêu": the hamlet's figure, not the programme.
            let w = s.weak_facts.clone();
            s.to_mut().facts = w;
        }
        let s: &Signals = &s;
        // Not with a need told ("nhà em thuộc hộ nghèo dân tộc Mông, …, muốn chuyển sang nuôi
        // dê"): who asks, then what for.
        // A part asked with figure words of their own denied ("không phải tỷ lệ hộ nghèo và
        // cận nghèo, riêng hộ nghèo chiếm mấy phần trăm"): the part is still what is asked.
        if s.figure_part > 0
            && (!s.facts.is_empty() || !s.weak_facts.is_empty() || s.facts_kw > 0)
            && s.loan == 0
            && !need_first
        {
            // "Tỷ lệ hộ nghèo, riêng hộ nghèo thôi": the content has the figure only as a
            // whole; its whole is not the part asked.
            return Request::NoAnswer {
                unit: self.units(s, asker).into_iter().next(),
            };
        }
        if !s.facts.is_empty() && (s.need == 0 || explicit_unit) {
            if s.hamlets.is_empty()
                && let Some(name) = unknown
            {
                // "Bản Pá Sàng có bao nhiêu hộ": not a unit the content knows.
                return Request::UnknownHamlet { name };
            }
            // A figure about loans asked by its own words ("hội phụ nữ cho chị em vay được
            // bao nhiêu", "dân cả xã đang nợ mấy tỷ"): its subject is the lender or the
            // borrower of the figure, so its loan words and "how much" ask that figure —
            // when no programme, need or standing is named and nothing but an amount asked.
            let own_loan_figure = s.programmes.is_empty()
                && s.purposes.is_empty()
                && s.standings.is_empty()
                && s.aspects.iter().all(|a| *a == Amount)
                && s.facts.iter().all(|&f| self.fact_traits[usize::from(f)].1);
            let loanish =
                s.loan > 0 && !s.aspects.is_empty() && !own_loan_figure || named_programme;
            if (named_programme && s.loan > 0) || (loanish && !self.names_unit(s, asker)) {
                let mut both = vec![self.loans_request(s)];
                match self.fact_request(s, asker) {
                    Request::NotUnderstood { suggestions } => both.extend(suggestions),
                    Request::NoAnswer { .. } => {}
                    other => both.push(other),
                }
                if named_programme && s.loan > 0 {
                    return both.swap_remove(0);
                }
                return not_understood(both);
            }
            // "xã còn những tiêu chí nào chưa đạt, với thu nhập bình quân bao nhiêu": the
            // criteria left asked first are the first question, as a figure asked first is.
            if s.criteria_first
                && s.criteria_kw > 0
                && (s.remaining > 0 || s.list > 0)
                && s.criteria.is_empty()
            {
                return self.criteria_request(s, unknown, asker);
            }
            return self.fact_request(s, asker);
        }

        // A figure read only through a typo is offered, never stated: a near word of
        // another figure ("tiết kiệm được bao nhiêu gạo" / "kiếm được bao nhiêu") is not a
        // reason to state it.
        if s.facts.is_empty()
            && s.weak_facts.is_empty()
            && !s.fuzzy_facts.is_empty()
            && !named_programme
            && !need_first
            && s.criteria.is_empty()
        {
            let mut offered: Vec<Request> = Vec::new();
            for unit in self.units(s, asker) {
                for &f in &s.fuzzy_facts {
                    let fact = self.facts[usize::from(f)].clone();
                    if self.has_fact(&unit, &fact) {
                        offered.push(Request::Fact {
                            unit: unit.clone(),
                            fact,
                        });
                    }
                }
            }
            if !offered.is_empty() && s.loan == 0 {
                offered.truncate(2);
                if let Some(unit) = self.units(s, asker).into_iter().next() {
                    offered.push(Request::UnitFacts { unit });
                }
                return not_understood(offered);
            }
        }

        // "Đang vay việc làm, muốn nuôi lợn thì vay chương trình nào khác": which others fit
        // depends on the loan held; a person must say.
        if s.other && named_programme && !s.purposes.is_empty() {
            return not_understood(vec![Request::Loans, Request::LoanProcess]);
        }
        // A programme named by its name and a need it does not serve ("con em là học sinh,
        // nhà em muốn vay nuôi bò"): the name may be the story; which is meant is asked.
        if named_programme
            && !s.purposes.is_empty()
            && (s.loan > 0 || s.need > 0)
            && s.criteria_kw == 0
        {
            let by_name: Vec<u16> = s
                .programmes
                .iter()
                .filter(|p| !p.1 && !s.excluded.contains(&p.0))
                .map(|p| p.0)
                .collect();
            let serves = by_name.iter().any(|p| {
                s.purposes
                    .iter()
                    .any(|&need| self.purposes[usize::from(need)].contains(p))
            });
            if !serves
                && let Some(&p) = by_name.first()
                && let Ok(programmes) = self.by_purpose(s)
                && !programmes.is_empty()
            {
                return not_understood(vec![
                    Request::LoanDetail {
                        programme: self.programme(p),
                        aspects: s.aspects(),
                    },
                    Request::LoansByPurpose { programmes },
                ]);
            }
        }
        // A need named with a wish or a loan word: the programmes that fit it.
        if !s.purposes.is_empty()
            && (s.loan > 0 || s.need > 0)
            && s.criteria_kw == 0
            && !named_programme
        {
            return self.loans_request(s);
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
        if s.loan > 0 || s.process > 0 {
            let named = u64::from(!s.programmes.is_empty() || !s.parts.is_empty()) * 2;
            let aspect = u64::from(!s.aspects.is_empty());
            scores.push((Family::Loans, 3 * n(s.loan + s.process) + named + aspect));
        } else if s.facts_kw > 0 {
            scores.push((Family::Facts, 3 * n(s.facts_kw) + unit_bonus));
        }
        if s.news > 0 {
            scores.push((Family::News, 3 * n(s.news)));
        }
        if let Some(best) = scores.iter().map(|f| f.1).max() {
            let top: Vec<Family> = scores.iter().filter(|f| f.1 == best).map(|f| f.0).collect();
            if let [family] = top.as_slice() {
                return self.family_request(*family, s, unknown, asker);
            }
            return not_understood(
                top.iter()
                    .map(|&f| self.family_request(f, s, None, asker))
                    .collect(),
            );
        }

        if !s.languages.is_empty() {
            // "change language to english": the word "language" names none, the other one.
            let named: Vec<Locale> = s.languages.iter().flatten().copied().collect();
            let agreed = named.first().filter(|&&l| named.iter().all(|n| *n == l));
            return Request::Language {
                locale: agreed.copied(),
            };
        }

        // No unmistakable keyword: names and softer words decide, or become suggestions.
        // "list all loan programmes": a programme word and no criterion asks about loans.
        if s.programme_word > 0 && s.criteria.is_empty() && s.remaining == 0 {
            return self.loans_request(s);
        }
        if s.remaining > 0 || s.list > 0 || s.overview > 0 {
            return self.criteria_request(s, unknown, asker);
        }
        let specific: Vec<u16> = s.programmes.iter().filter(|p| !p.1).map(|p| p.0).collect();
        if !specific.is_empty() {
            if !s.criteria.is_empty() && s.has_unit() {
                return self.criteria_request(s, unknown, asker);
            }
            return self.loans_request(s);
        }
        if let Some(&(p, _)) = s.programmes.first() {
            // A name that is a standing too ("hộ nghèo"): a unit makes it a facts question.
            if s.has_unit() || s.info > 0 {
                return self.facts_request(s, unknown, asker);
            }
            if !s.aspects.is_empty() {
                return self.loans_request(s);
            }
            let mut suggestions = vec![Request::LoanDetail {
                programme: self.programme(p),
                aspects: vec![],
            }];
            if let Some(unit) = &self.commune {
                suggestions.push(Request::UnitFacts { unit: unit.clone() });
            }
            return not_understood(suggestions);
        }
        if !s.criteria.is_empty() {
            // "xã có mấy trường học": a count the content does not have; a criterion says
            // whether it is met, not how many.
            if s.weak_amount && !s.strong_amount && s.criteria_kw == 0 {
                return Request::NoAnswer {
                    unit: self
                        .units(s, asker)
                        .into_iter()
                        .next()
                        .filter(|_| s.has_unit()),
                };
            }
            if self.names_unit(s, asker) {
                return self.criteria_request(s, unknown, asker);
            }
            let mut suggestions: Vec<Request> = Vec::new();
            for &c in &s.criteria {
                if let Some(unit) = &self.commune
                    && self.has_criteria(unit, Some(&self.criterion(c)))
                {
                    suggestions.push(Request::CriterionDetail {
                        unit: unit.clone(),
                        criterion: self.criterion(c),
                    });
                }
            }
            for &p in &s.criteria_parts {
                suggestions.push(Request::LoanDetail {
                    programme: self.programme(p),
                    aspects: vec![],
                });
            }
            suggestions.push(Request::CriteriaOverview);
            return not_understood(suggestions);
        }
        if s.info > 0 {
            if s.has_unit() {
                return self.facts_request(s, unknown, asker);
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
                // "còn bản He thì sao" alone: what the content has of it, if only one kind.
                if s.follow_up > 0 {
                    let criteria = self.has_criteria(&unit, None);
                    let facts = self
                        .units
                        .iter()
                        .any(|u| u.id == unit && !u.facts.is_empty());
                    match (criteria, facts) {
                        (true, false) => return Request::CriteriaSummary { unit },
                        (false, true) => return Request::UnitFacts { unit },
                        (false, false) => return Request::NoAnswer { unit: Some(unit) },
                        (true, true) => {}
                    }
                }
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
        // Cancel only counts alone: inside a sentence it is an ordinary word.
        if s.loose_words == 0 && s.cancel > 0 {
            return Request::Cancel;
        }
        if s.greeting > 0 {
            return Request::Menu;
        }
        top_level()
    }
}

/// Whether the asker says they know something now: a word of knowing ("biết", "hiểu") and,
/// later, a `learned_done` word ending a clause — "em biết lãi suất vay sinh viên rồi" at the
/// end or before a comma ("…, để em về nói với chồng em"). With thanks and
/// no question the message is thanks, not the loan named.
fn knew_already(text: &str, toks: &[Tok<'_>]) -> bool {
    let w = &super::lexicon::lexicon().words;
    // "… rồi nhé", "… rồi ạ": the particles a question may end with end this clause too.
    let ends_clause = |i: usize| {
        let mut j = i;
        loop {
            let Some(next) = toks.get(j + 1) else {
                return true;
            };
            let gap = text
                .get(toks[j].original.end..next.original.start)
                .is_some_and(|g| g.contains([',', ';', '.', '!']));
            if gap {
                return true;
            }
            if !w.question_end_particles.has(next.text) {
                return false;
            }
            j += 1;
        }
    };
    toks.iter().enumerate().any(|(i, t)| {
        w.known_verbs.has(t.text)
            && toks[i + 1..]
                .iter()
                .enumerate()
                .any(|(k, d)| w.learned_done.has(d.text) && ends_clause(i + 1 + k))
    })
}

/// "cảm ơn ad, biết bản He có bao nhiêu hộ rồi": with thanks, what is known now is told back
/// with the question words it was asked with, so nothing is asked — unless a question mark,
/// a wish or "cho" ("cho em biết … rồi": tell me) asks it again.
fn told_known(text: &str, toks: &[Tok<'_>], s: &Signals) -> bool {
    let tell_me = &super::lexicon::lexicon().words.tell_me;
    !text.contains('?') && !s.wish && !toks.iter().any(|t| tell_me.has(t.text))
}

/// Whether a figure is told in digits ("195", "47,5", "5ha"): with thanks and no question, it
/// is told back.
fn told_number(text: &str, toks: &[Tok<'_>]) -> bool {
    // "150tr": a number glued to its unit is read as the unit's word alone, so the typed
    // word is looked at too.
    toks.iter().any(|t| {
        t.text.as_bytes().first().is_some_and(u8::is_ascii_digit)
            || text
                .get(t.original.clone())
                .is_some_and(|typed| typed.as_bytes().first().is_some_and(u8::is_ascii_digit))
    })
}

/// "… cho em biết", "cho tôi xem": a word of `tell_me` before the asker asks to be told; "50
/// triệu cho cả hai công trình" (for) asks nothing (the integrator, twenty-first round).
fn asks_to_be_told(toks: &[Tok<'_>]) -> bool {
    let lex = super::lexicon::lexicon();
    toks.windows(2)
        .any(|p| lex.words.tell_me.has(p[0].text) && lex.asker_word(p[1].text))
}
