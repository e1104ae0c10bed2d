//! The decision: what the signals of one question add up to, as a [`Request`] — or a
//! "did you mean…" with the likeliest readings when they do not settle it.

use super::Understander;
use super::matcher::{Match, Signals, Tok};
use crate::core::request::LoanAspect::Apply;
use crate::core::request::Request;

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

impl Understander {
    pub(super) fn hamlet(&self, index: u16) -> String {
        self.hamlets[usize::from(index)].clone()
    }

    pub(super) fn programme(&self, index: u16) -> String {
        self.programmes[usize::from(index)].clone()
    }

    pub(super) fn criterion(&self, index: u16) -> String {
        self.criteria[usize::from(index)].clone()
    }

    /// The unit a criteria or facts question is about: hamlets named (a bare "Đông" counts
    /// here), else the commune.
    pub(super) fn units(&self, s: &Signals) -> Vec<String> {
        let hamlets: Vec<String> = s.hamlets.iter().map(|h| self.hamlet(h.0)).collect();
        if hamlets.is_empty() {
            self.commune.iter().cloned().collect()
        } else {
            hamlets
        }
    }

    /// A hamlet the catalog does not know, named after "bản" ("đăng ký bản Xyz"), as typed.
    pub(super) fn unknown_hamlet(
        &self,
        text: &str,
        toks: &[Tok<'_>],
        kept: &[Match],
    ) -> Option<String> {
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

    pub(super) fn criteria_request(&self, s: &Signals, unknown: Option<String>) -> Request {
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

    pub(super) fn facts_request(&self, s: &Signals, unknown: Option<String>) -> Request {
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

    pub(super) fn loans_request(&self, s: &Signals) -> Request {
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

    pub(super) fn family_request(
        &self,
        family: Family,
        s: &Signals,
        unknown: Option<String>,
    ) -> Request {
        match family {
            Family::Criteria => self.criteria_request(s, unknown),
            Family::Loans => self.loans_request(s),
            Family::Facts => self.facts_request(s, unknown),
            Family::News => Request::News,
        }
    }

    pub(super) fn decide(
        &self,
        text: &str,
        toks: &[Tok<'_>],
        kept: &[Match],
        s: &Signals,
    ) -> Request {
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
