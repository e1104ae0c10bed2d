//! Meanings: the phrases kept, read one by one in their clauses — denied, excluded, held,
//! told in the story or asked — and added up into [`Signals`], then the clause-level readings
//! of the figures, units and aspects asked.

use super::Understander;
use super::clauses::{CLAUSE, also_asked, asks_or_counts, clause_asks, turn_to_asker};
use super::index::Meaning;
use super::index::{index16, push_unique};
use super::lexicon::{Kw, lexicon};
use super::phrases::Match;
use super::signals::{ClauseUnit, Signals, count};
use super::tokens::Tok;
use super::told::{told_age, told_figure, told_units};
use crate::content::model::Standing;
use crate::core::request::LoanAspect;
use crate::core::request::LoanAspect::Amount;

impl Understander {
    pub(super) fn signals(&self, text: &str, toks: &[Tok<'_>], kept: &[Match]) -> Signals {
        let mut s = Signals::default();
        let w = &lexicon().words;
        // Whether the words from `from` to `to` run on without a break ("và", a comma):
        // a bare "bao nhiêu" belongs to the aspect said just before it in the same clause.
        let joined = |from: usize, to: usize| {
            if from > to || to - from > 4 || to > toks.len() {
                return false;
            }
            let gap_ok = (from..to).all(|i| !w.separators.has(toks[i].text));
            let start = toks
                .get(from.saturating_sub(1))
                .map_or(0, |t| t.original.end);
            let end = toks.get(to).map_or(text.len(), |t| t.original.start);
            let punct = text
                .get(start.min(end)..end)
                .is_some_and(|g| g.contains([',', ';', '.', '?', '!', ':']));
            gap_ok && !punct
        };
        let specific_aspect_before = |m: &Match| {
            kept.iter().any(|o| {
                o.end <= m.start
                    && self.means(o, |x| {
                        matches!(
                            x,
                            Meaning::Kw(Kw::Aspect(
                                LoanAspect::Rate | LoanAspect::Term | LoanAspect::Age
                            ))
                        )
                    })
                    && joined(o.end, m.start)
            })
        };
        let mut covered = vec![false; toks.len()];
        // Where a negation ("không phải", "trừ") still reaches: the standings and programmes
        // starting before this word are denied; a denied one carries it on ("không thuộc hộ
        // nghèo, cận nghèo hay thoát nghèo").
        let mut denied_until = 0usize;
        // Where the words denied so far end: a denial reaches on only within its clause
        // ("e k phai ho ngheo, vay can ngheo dc bn": the near-poor loan is asked).
        let mut denied_at = 0usize;
        let punct_between = |from: usize, to: usize| {
            (from.max(1)..=to.min(toks.len().saturating_sub(1))).any(|i| {
                text.get(toks[i - 1].original.end..toks[i].original.start)
                    .is_some_and(|g| g.contains([',', ';', '.', '?', '!', ':']))
            })
        };
        // Where an exclusion ("ngoài … ra", "trừ") still reaches: it leaves out a programme
        // even when its name is a need too ("ngoài chương trình việc làm ra").
        let mut excluding_until = 0usize;
        // Programmes with at least one mention that is not denied, and whether any mention
        // named it as a programme (not only as a standing).
        let mut affirmed: Vec<(u16, bool)> = Vec::new();
        // Where each programme is named by its name.
        let mut named_at: Vec<(u16, usize)> = Vec::new();
        let mut loan_ends: Vec<(usize, usize)> = Vec::new();
        let has_need = kept.iter().any(|m| {
            let meanings = &self.phrases[m.phrase as usize].meanings;
            meanings.contains(&Meaning::Kw(Kw::Need)) || meanings.contains(&Meaning::Kw(Kw::Lack))
        });
        // Each need found, with where it starts.
        let mut purpose_at: Vec<(u16, usize)> = Vec::new();
        // The needs found only in too general words ("cây giống"), and the others.
        let mut generic_purposes: Vec<u16> = Vec::new();
        let mut specific_purposes: Vec<u16> = Vec::new();
        // Where the last negation word ends.
        let mut negation_end = 0usize;
        // Where a negation reaching the past ("chưa bao giờ là") still reaches.
        let mut never_until = 0usize;
        let mut last_standing: Option<(Standing, usize)> = None;
        // Where the last stop word ("thôi", "đừng") ends.
        let mut stop_end: Option<usize> = None;
        let is_purpose = |m: &Match| self.means(m, |x| matches!(x, Meaning::Purpose(_)));
        // Two needs that overlap ("làm nhà" and "nhà vệ sinh" in "làm nhà vệ sinh"): the
        // later one is the head noun.
        // Two needs read from the same words ("nha tam": "nhà tạm" or "nhà tắm") say nothing.
        let shadowed = |m: &Match| {
            is_purpose(m)
                && kept.iter().any(|o| {
                    is_purpose(o)
                        && ((o.start > m.start && o.start < m.end)
                            || (o.start == m.start && o.end == m.end && o.phrase != m.phrase))
                })
        };
        let has_kw = |m: &Match, want: &dyn Fn(Kw) -> bool| {
            self.means(m, |x| matches!(x, Meaning::Kw(k) if want(*k)))
        };
        // Where a clause breaks: punctuation, a turn of the story ("giờ", "mà", "nhưng") or
        // a wish ("muốn") before word `i`.
        let break_before = |i: usize| {
            if i == 0 || i >= toks.len() {
                return true;
            }
            let gap = text
                .get(toks[i - 1].original.end..toks[i].original.start)
                .unwrap_or("");
            // "… bao nhiêu hộ và còn mấy hộ nghèo": a joiner with a count or a question word
            // right after it starts a question of its own.
            let asks_next = |j: usize| {
                toks.get(j)
                    .is_some_and(|t| w.counts_ask.has(t.text) || w.question_words.has(t.text))
            };
            // "bản He giờ còn mấy hộ nghèo": "giờ" right after a unit is its now (`unit_now`).
            let unit_now = w.unit_now.has(toks[i].text)
                && kept.iter().any(|o| {
                    o.end == i
                        && self.means(o, |x| {
                            matches!(x, Meaning::Hamlet { .. } | Meaning::Commune { .. })
                        })
                });
            gap.contains([',', ';', '.', '?', '!', ':'])
                || (w.turns.has(toks[i].text) && !unit_now)
                || (w.asking_joiners.has(toks[i].text) && (asks_next(i + 1) || asks_next(i + 2)))
                || kept
                    .iter()
                    .any(|o| o.start == i && has_kw(o, &|k| k == Kw::Need))
        };
        // Read once for every word: the clause bounds below are looked up dozens of times.
        let breaks: Vec<bool> = (0..=toks.len()).map(break_before).collect();
        let breaks_before = |i: usize| breaks.get(i).copied().unwrap_or(true);
        let clause_end = |from: usize| {
            let limit = toks.len().min(from + CLAUSE);
            (from..limit).find(|&i| breaks_before(i)).unwrap_or(limit)
        };
        // Where the clause ends however long it runs ("em 15 tuổi đi làm thuê có vay được
        // vốn việc làm không" asks in its last word).
        let whole_clause_end = |from: usize| {
            let mut to = clause_end(from);
            while to < toks.len() && !break_before(to) {
                to = clause_end(to + 1);
            }
            to
        };
        let clause_start = |to: usize| {
            let low = to.saturating_sub(CLAUSE);
            (low..=to).rev().find(|&i| breaks_before(i)).unwrap_or(low)
        };
        let loan_starts: Vec<usize> = kept
            .iter()
            .filter(|o| has_kw(o, &|k| matches!(k, Kw::Loan | Kw::ProgrammeWord)))
            .map(|o| o.start)
            .collect();
        // A loan already held, told as the story ("còn nợ vay việc làm", "năm trước vay tạo
        // việc làm … rồi", "có vay hộ nghèo … đã trả hết"): the programmes and needs said
        // after a loan word in its clause.
        let mut held_ranges: Vec<(usize, usize)> = Vec::new();
        // "em không hỏi tiêu chí môi trường": what its clause names is not asked.
        let mut unasked_ranges: Vec<(usize, usize)> = Vec::new();
        // "không phải bản He, bản Đông …": the hamlets of its clause are denied.
        let mut hamlet_denied: Vec<(usize, usize)> = Vec::new();
        for m in kept {
            if has_kw(m, &|k| k == Kw::Held) {
                // The loan held ends where a new loan word follows its programme ("đã vay hộ
                // cận nghèo 60 triệu rồi giờ vay thêm nước sạch …": the clean-water loan is
                // asked); a loan word before any programme is the held loan's own ("đang nợ
                // vay việc làm").
                let mut end = clause_end(m.end);
                let named_from = kept
                    .iter()
                    // A programme's name may share the held phrase's last word ("còn nợ
                    // khoản vay" + "vay việc làm").
                    .filter(|o| o.start > m.start && o.end > m.end && o.start < end)
                    .find(|o| self.means(o, |x| matches!(x, Meaning::Programme(_))))
                    .map(|o| o.end);
                if let Some(from) = named_from
                    && let Some(&l) = loan_starts.iter().find(|&&l| l >= from && l < end)
                {
                    end = l;
                }
                held_ranges.push((m.start, end));
            }
            if has_kw(m, &|k| k == Kw::HeldAfter) {
                held_ranges.push((clause_start(m.start), m.start));
            }
            if has_kw(m, &|k| k == Kw::NotAsked) {
                unasked_ranges.push((m.end, clause_end(m.end)));
            }
            // "bản Đông thì em biết rồi, xã còn những tiêu chí nào chưa đạt": what its clause
            // named before "… biết rồi" is known, not asked, when a question follows.
            // Only when the question after names a subject of its own: "vay nước sạch lãi 9%
            // thì em biết rồi, còn vay được tối đa bao nhiêu" asks the same loan's amount.
            let own_subject_after = kept.iter().any(|o| {
                o.start >= m.end
                    && self.means(o, |x| {
                        matches!(
                            x,
                            Meaning::Programme(_)
                                | Meaning::ProgrammePart(_)
                                | Meaning::Purpose(_)
                                | Meaning::Fact(_)
                                | Meaning::Criterion(_)
                                | Meaning::Hamlet { .. }
                                | Meaning::Commune { .. }
                                | Meaning::Kw(Kw::Criteria | Kw::Facts | Kw::Home)
                        )
                    })
            });
            if has_kw(m, &|k| k == Kw::Learned)
                && w.learned_done.has(toks[m.end - 1].text)
                && clause_asks(text, toks, m.end, toks.len())
                && own_subject_after
            {
                unasked_ranges.push((clause_start(m.start), m.start));
            }
            if self.phrases[m.phrase as usize].words >= 2 && has_kw(m, &|k| k == Kw::Negation) {
                hamlet_denied.push((m.end, clause_end(m.end)));
            }
            // "đăng ký bản He thôi, bản Đông không cần": the hamlets before it are declined.
            if has_kw(m, &|k| k == Kw::Declined) {
                hamlet_denied.push((clause_start(m.start), m.start));
            }
        }
        // A loan told, not asked: a clause from a loan word that asks
        // nothing and tells a sum ("hàng xóm nhà em vay hộ nghèo được 80 triệu") or ends in
        // "rồi" ("con em vay sinh viên rồi") — the neighbour's or the family's loan, held
        // like "đã vay". Not a wish ("em muốn vay hộ nghèo 50 triệu, …").
        let lf = &lexicon().told_figure;
        for &l in &loan_starts {
            let (from, to) = (clause_start(l), clause_end(l + 1));
            let wished = kept
                .iter()
                .any(|o| from <= o.start && o.start <= l && has_kw(o, &|k| k == Kw::Need));
            let sum_told = (l..to.saturating_sub(1)).any(|i| {
                let n = toks[i].text;
                lf.is_number(n) && lf.is_money(toks[i + 1].text)
            });
            let done = to > l + 1 && w.learned_done.has(toks[to - 1].text);
            // Only beside another programme named, which is then what is asked: alone, the
            // loan told is still the subject ("năm ngoái nhà em vay 50 triệu hộ nghèo …,
            // khoản vay đó được nợ mấy năm").
            // A standing denied ("không thuộc hộ nghèo hay cận nghèo") says who asks, not
            // another loan: "… vay vùng khó khăn 30 triệu rồi nay muốn vay tiếp thì mức tối
            // đa …" still asks the loan told.
            let denied_standing = |o: &Match| {
                has_kw(o, &|k| matches!(k, Kw::Standing(_)))
                    && kept.iter().any(|n| {
                        n.end <= o.start
                            && o.start < clause_end(n.end)
                            && has_kw(n, &|k| k == Kw::Negation)
                    })
            };
            let other_named = kept.iter().any(|o| {
                (o.start >= to || o.end <= l)
                    && self.means(o, |x| matches!(x, Meaning::Programme(_)))
                    && !denied_standing(o)
            });
            // Dated by a year right before it or just after ("hồi 2022 vay nước sạch làm bể 15
            // triệu, giờ …", "vay hộ nghèo từ năm 2015"): a past loan, told.
            let near = l.saturating_sub(3).max(from)..(l + 6).min(to);
            // Only when something else follows to be asked (a need, a figure, help): "năm
            // 2019 vay vùng khó khăn 30 triệu rồi nay muốn vay tiếp thì mức tối đa …" still
            // asks the loan told.
            let else_after = || {
                kept.iter().any(|o| {
                    o.start >= to
                        && self.means(o, |x| {
                            matches!(
                                x,
                                Meaning::Purpose(_)
                                    | Meaning::Fact(_)
                                    | Meaning::Programme(_)
                                    | Meaning::Kw(Kw::Facts | Kw::CountHouseholds | Kw::Help)
                            )
                        })
                })
            };
            // The year first: most loans are told with none, and then nothing is scanned.
            let dated = near.into_iter().any(|i| lf.is_year(toks[i].text)) && else_after();
            if !wished
                && (dated || (other_named && (sum_told || done)))
                && !asks_or_counts(text, toks, from, to)
            {
                held_ranges.push((l, to));
            }
        }
        // "Tháng trước bản He họp về vay nước sạch, cho em hỏi xã mình có bao nhiêu chi bộ":
        // after a story, an asking opener starts the question; when the question names a
        // subject of its own, what the story named before the opener is not asked (the
        // household's standing, its negations and the loans held still tell who asks).
        // A subject of its own: not "tiêu chí đó", which points back at the story.
        // A spending no programme serves is a subject of its own too ("năm 2021 nhà em vay
        // nuôi lợn đã trả xong, cho em hỏi vay mua điện thoại"): the story's need before the
        // opener is not what is asked. Only the sure topics: the hints ("điện thoại", "làm
        // đường", "bao giờ") come up around real questions after an opener.
        // The loan steps asked after the opener with no programme named ("… mua trâu, giờ
        // muốn vay mà không biết phải làm những gì") are a subject of their own: the story's
        // need is not asked (detail21 helper). A programme named is what they are asked of.
        let programme_named = kept
            .iter()
            .any(|o| self.means(o, |x| matches!(x, Meaning::Programme(_))));
        let names_own_subject = |o: &Match| {
            self.means(o, |x| {
                matches!(
                    x,
                    Meaning::Programme(_)
                        | Meaning::Purpose(_)
                        | Meaning::Fact(_)
                        | Meaning::Criterion(_)
                        | Meaning::Kw(Kw::NoAnswer)
                ) || (!programme_named && *x == Meaning::Kw(Kw::Process))
            })
        };
        // Any subject, the words "tiêu chí" / "số liệu" included.
        let names_subject = |o: &Match| {
            names_own_subject(o)
                || self.means(o, |x| matches!(x, Meaning::Kw(Kw::Criteria | Kw::Facts)))
        };
        let names_unit = |o: &Match| {
            self.means(o, |x| {
                matches!(x, Meaning::Hamlet { .. } | Meaning::Commune { .. })
            })
        };
        // Where the story may end: an asking opener, or a turn to the asker's own wish
        // ("… vay sinh viên nhưng nhà em muốn nuôi lợn", "anh trai em vay vùng khó khăn rồi,
        // em thì … muốn vay nuôi dê"): what others did is told before it.
        let wish_after = |i: usize| {
            kept.iter()
                .any(|o| o.start >= i && has_kw(o, &|k| k == Kw::Need))
        };
        let openers = kept
            .iter()
            .filter(|m| has_kw(m, &|k| k == Kw::Ask))
            .map(|m| (m.start, m.end))
            .chain((1..toks.len()).filter_map(|i| {
                let turn = turn_to_asker(text, toks, i)?;
                wish_after(turn).then_some((i, turn))
            }));
        // A subject named before the opener, and one of its own after it; a hamlet told
        // before counts when the question after names its unit ("… bản He họp bảo bản mình
        // 195 hộ, em hỏi xã mình có mấy chi bộ").
        let story_until = openers
            .filter(|&(start, end)| {
                let own_after = kept.iter().any(|o| o.start >= end && names_own_subject(o));
                let unit_after = kept.iter().any(|o| o.start >= end && names_unit(o));
                start > 0
                    && own_after
                    // "lãi suất hộ nghèo mấy phần trăm, tiện hỏi luôn bản He có mấy hộ
                    // nghèo": asking too ("tiện", "luôn", "thêm") follows a first question,
                    // not a story.
                    && !also_asked(toks, start, end)
                    && kept.iter().any(|o| {
                        o.end <= start && (names_subject(o) || (unit_after && names_unit(o)))
                    })
            })
            .map(|(start, _)| start)
            .max()
            .unwrap_or(0);
        let unit_after_ask = kept.iter().any(|o| o.start >= story_until && names_unit(o));
        let held_at = |i: usize| {
            held_ranges
                .iter()
                .any(|&(a, b)| i < b && loan_starts.iter().any(|&l| a <= l && l <= i))
        };
        let in_ranges =
            |ranges: &[(usize, usize)], i: usize| ranges.iter().any(|&(a, b)| a <= i && i < b);
        // A held-loan phrase that also reads as "what is left" ("còn nợ"): with a loan word
        // right after it, it is the debt.
        let owes_loan = |m: &Match| {
            has_kw(m, &|k| k == Kw::Held)
                && loan_starts.iter().any(|&l| l >= m.end && l <= m.end + 1)
        };
        // "học phí một năm mấy chục triệu", "hết mấy triệu": an amount after what something
        // costs, in its clause, is the cost told, not the loan asked.
        let cost_told = |m: &Match| {
            has_kw(m, &|k| k == Kw::Aspect(LoanAspect::Amount))
                && (clause_start(m.start)..m.start).any(|i| {
                    let next = toks.get(i + 1).map(|t| t.text);
                    w.cost_words.has(toks[i].text)
                        || (i + 1 < m.start
                            && next.is_some_and(|n| {
                                w.cost_pairs
                                    .iter()
                                    .any(|[a, b]| **a == *toks[i].text && **b == *n)
                            }))
                })
        };
        // "số hộ nghèo chưa thoát là bao nhiêu hộ": a count of households said after a figure
        // of some households (a standing's), in its clause, is the unit of the answer, not
        // the number of all households.
        let count_unit = |m: &Match| {
            kept.iter().any(|o| {
                o.start == m.start && o.end == m.end && has_kw(o, &|k| k == Kw::CountHouseholds)
            }) && kept.iter().any(|o| {
                o.start < m.start
                    && o.start >= clause_start(m.start)
                    && o.cost == 0
                    && !o.guessed
                    && self.means(o, |x| {
                        matches!(x, Meaning::Fact(g) if {
                            let (covers, _, households) = &self.fact_traits[usize::from(*g)];
                            *households && !covers.is_empty()
                        })
                    })
            })
        };
        // "em đọc báo thấy xã mình hơn 3500 con trâu bò, thế gia cầm thì bao nhiêu con": a
        // figure's words right after a number are the figure told; with another figure's
        // words said without a number, that other one is asked.
        let number_before = |m: &Match| {
            m.start > 0 && {
                let t = toks[m.start - 1].text;
                !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
            }
        };
        let is_fact = |m: &Match| self.means(m, |x| matches!(x, Meaning::Fact(_)));
        let figure_told = |m: &Match| {
            number_before(m)
                && kept.iter().any(|o| {
                    is_fact(o) && !number_before(o) && (o.end <= m.start || o.start >= m.end)
                })
        };
        // Where loan words not denied, not only a rate and not of a loan held start.
        let mut explicit_loans: Vec<usize> = Vec::new();
        // Where the last loan word of the asker's own wish ends ("… cho em hỏi vay để trả nợ").
        let mut wish_loan_end: Option<usize> = None;
        let mut held_affirmed: Vec<(u16, bool)> = Vec::new();
        // A standing told after a loan held ("năm 2021 vay nước sạch 20 triệu làm bể rồi, nay
        // nhà em mới thoát nghèo muốn vay tiếp …"): who asks now, so the held loan is the story.
        let mut standing_after_held = false;
        let mut held_purposes: Vec<(u16, usize)> = Vec::new();
        let mut age_in_story = false;
        for m in kept {
            covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
            if shadowed(m) {
                continue;
            }
            if cost_told(m) {
                continue;
            }
            let unasked = in_ranges(&unasked_ranges, m.start);
            let story = m.end <= story_until;
            let held = held_at(m.start);
            let meanings = &self.phrases[m.phrase as usize].meanings;
            // A loan asked after a break ends the denial; a list of denied standings with
            // commas does not ("not poor, near-poor or recently out").
            let denied = m.start < denied_until
                && !(punct_between(denied_at, m.start)
                    && kept.iter().any(|o| {
                        o.start >= denied_at
                            && o.start < m.start
                            && has_kw(o, &|k| matches!(k, Kw::Loan | Kw::ProgrammeWord))
                    }))
                && !said_instead(toks, m.start, negation_end);
            // A standing read from the same words (a keyword and a content name are two
            // phrases when one is spelt with marks and the other not).
            let standing = kept.iter().any(|o| {
                o.start == m.start
                    && o.end == m.end
                    && self.means(o, |x| matches!(x, Meaning::Kw(Kw::Standing(_))))
            });
            let has_criterion = meanings.iter().any(|x| matches!(x, Meaning::Criterion(_)));
            let has_fact = meanings.iter().any(|x| matches!(x, Meaning::Fact(_)));
            let purpose_too = meanings.iter().any(|x| matches!(x, Meaning::Purpose(_)));
            let programme_too = meanings.iter().any(|x| matches!(x, Meaning::Programme(_)));
            // "hợp tác xã" who asks for a loan for a need, or the number of cooperatives.
            let organisation_too =
                meanings.contains(&Meaning::Kw(Kw::Organisation)) && kept.iter().any(is_purpose);
            let part_too = meanings
                .iter()
                .any(|x| matches!(x, Meaning::ProgrammePart(_)));
            // Right after a loan word, or sharing a word with it ("vay dược liệu" read as
            // "vay được" + "dược liệu").
            let after_loan = loan_ends.iter().any(|&(a, b)| a < m.start && m.start <= b);
            let phrase = &self.phrases[m.phrase as usize];
            // A programme left out by its name ("ngoài chương trình việc làm ra") is not
            // a need too.
            let mut left_out = false;
            for &meaning in meanings {
                match meaning {
                    Meaning::Criterion(_)
                    | Meaning::Fact(_)
                    | Meaning::Programme(_)
                    | Meaning::ProgrammePart(_)
                    | Meaning::Purpose(_)
                    | Meaning::Hamlet { .. }
                    | Meaning::Kw(Kw::Criteria | Kw::Facts)
                        if unasked => {}
                    // "so với hộ nghèo": the yardstick's standing is not the asker's.
                    Meaning::Kw(Kw::Standing(_)) if unasked => {}
                    Meaning::Criterion(_)
                    | Meaning::Fact(_)
                    | Meaning::Programme(_)
                    | Meaning::ProgrammePart(_)
                    | Meaning::Purpose(_)
                    | Meaning::Kw(
                        Kw::Criteria
                        | Kw::Facts
                        | Kw::Loan
                        | Kw::ProgrammeWord
                        | Kw::Aspect(_)
                        | Kw::Hint(_)
                        | Kw::Need,
                    ) if story => {}
                    Meaning::Hamlet { .. } | Meaning::Commune { .. } | Meaning::Kw(Kw::Home)
                        if story && unit_after_ask => {}
                    Meaning::Programme(p) if held => {
                        let as_name = !standing || after_loan;
                        match held_affirmed.iter_mut().find(|x| x.0 == p) {
                            Some(x) => x.1 |= as_name,
                            None => held_affirmed.push((p, as_name)),
                        }
                    }
                    Meaning::Purpose(p) if held => held_purposes.push((p, m.start)),
                    Meaning::Kw(Kw::Remaining) if owes_loan(m) => {}
                    Meaning::Hamlet { index, .. } if in_ranges(&hamlet_denied, m.start) => {
                        push_unique(&mut s.not_hamlets, index);
                    }
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
                        let excluding = m.start < excluding_until;
                        // A programme named by its name right after a loan word is asked
                        // about, whatever a negation said before ("không phải hộ nghèo có
                        // được vay hỗ trợ đất ở không"); an exclusion still leaves it out.
                        // "vay hộ nghèo" says its loan word itself.
                        let loan_named = meanings.contains(&Meaning::Kw(Kw::Loan));
                        let asked = (after_loan || loan_named) && !standing && !excluding;
                        // "không có nước sạch": a need the programme serves, not a denial.
                        if denied && !asked && (!purpose_too || excluding) {
                            left_out = true;
                            push_unique(&mut s.excluded, p);
                            denied_until = m.end + 4;
                            denied_at = m.end;
                            continue;
                        }
                        // A name that is a need too ("nước sạch", "tạo việc làm") names the
                        // programme right after a loan word ("vay nước sạch"); in a wish
                        // ("muốn làm đường ống dẫn nước sạch") it is the need.
                        let need_named = purpose_too && has_need;
                        let as_name = !(standing || need_named) || after_loan;
                        if as_name {
                            named_at.push((p, m.start));
                        }
                        match affirmed.iter_mut().find(|x| x.0 == p) {
                            Some(x) => x.1 |= as_name,
                            None => affirmed.push((p, as_name)),
                        }
                        if standing && held_ranges.iter().any(|&(_, e)| e <= m.start) {
                            standing_after_held = true;
                        }
                    }
                    Meaning::ProgrammePart(p) => {
                        if !has_fact {
                            push_unique(&mut s.parts, p);
                        }
                        if has_criterion {
                            push_unique(&mut s.criteria_parts, p);
                        }
                    }
                    Meaning::Criterion(c) => push_unique(&mut s.criteria, c),
                    Meaning::Purpose(_) if left_out => {}
                    Meaning::Purpose(p) => {
                        push_unique(&mut s.purposes, p);
                        purpose_at.push((p, m.start));
                        if self.generic_need(toks, m) {
                            push_unique(&mut generic_purposes, p);
                        } else {
                            push_unique(&mut specific_purposes, p);
                        }
                        for &q in &self.purposes[usize::from(p)] {
                            if self.framed(toks, m, q) {
                                push_unique(&mut s.framed, q);
                            }
                        }
                    }
                    Meaning::Fact(_) if figure_told(m) => {}
                    // "hộ nghèo" is a figure of a unit only when the unit is named.
                    Meaning::Fact(f)
                        if programme_too
                            || purpose_too
                            || organisation_too
                            || has_criterion
                            || part_too
                            || phrase.words == 1 =>
                    {
                        push_unique(&mut s.weak_facts, f)
                    }
                    // "không thuộc hộ nghèo cận nghèo": a denied figure's name denies the
                    // standings it speaks of; it is not asked for.
                    Meaning::Fact(f)
                        if denied && !self.fact_traits[usize::from(f)].0.is_empty() =>
                    {
                        for &st in &self.fact_traits[usize::from(f)].0 {
                            push_unique(&mut s.not_standings, st);
                        }
                        denied_until = m.end + 4;
                        denied_at = m.end;
                    }
                    Meaning::Fact(f) if m.cost > 0 || m.guessed => {
                        push_unique(&mut s.fuzzy_facts, f)
                    }
                    Meaning::Fact(_) if count_unit(m) => {}
                    Meaning::Fact(f) => {
                        // "bản He có bao nhiêu hộ có xe máy": a count of households with a
                        // qualifier right after it counts a part of them.
                        let (covers, _, households) = &self.fact_traits[usize::from(f)];
                        if *households
                            && covers.is_empty()
                            && clause_end(m.end) > m.end + 1
                            && super::counts::qualifies(toks, m.end, &lexicon().counts)
                        {
                            s.figure_part = s.figure_part.saturating_add(1);
                        }
                        push_unique(&mut s.facts, f)
                    }
                    // "ngoài chương trình hộ nghèo ra": an exclusion of a name that is a
                    // programme and a standing leaves out that programme (its Programme
                    // meaning does), not the standing: job conversion, also for poor
                    // households, is still offered.
                    Meaning::Kw(Kw::Standing(_))
                        if denied && m.start < excluding_until && programme_too => {}
                    Meaning::Kw(Kw::Standing(st)) => {
                        if denied {
                            push_unique(&mut s.not_standings, st);
                            denied_until = m.end + 4;
                            denied_at = m.end;
                            // Never poor (or near-poor): never out of poverty either.
                            if m.start < never_until && st != Standing::Escaped {
                                push_unique(&mut s.not_standings, Standing::Escaped);
                            }
                        } else {
                            push_unique(&mut s.standings, st);
                            last_standing = Some((st, m.end));
                        }
                    }
                    Meaning::Kw(Kw::NotStanding(st)) => push_unique(&mut s.not_standings, st),
                    // An exclusion that starts inside an aspect's phrase is the "không" that
                    // closes that question ("có cần thế chấp không vay hộ nghèo"), not a
                    // programme refused ("không vay chuyển đổi nghề đâu", purpose21).
                    Meaning::Kw(Kw::Exclusion)
                        if kept.iter().any(|o| {
                            o.start < m.start
                                && o.end > m.start
                                && has_kw(o, &|k| matches!(k, Kw::Aspect(_)))
                        }) => {}
                    Meaning::Kw(kw @ (Kw::Negation | Kw::Exclusion | Kw::Never)) => {
                        denied_until = m.end + 3;
                        denied_at = m.end;
                        negation_end = m.end;
                        if kw == Kw::Never {
                            never_until = m.end + 3;
                        }
                        if kw == Kw::Exclusion {
                            excluding_until = m.end + 4;
                        }
                    }
                    Meaning::Kw(Kw::Other) => s.other = true,
                    Meaning::Kw(Kw::Stop) => stop_end = Some(m.end),
                    // "thôi nhận tin bản He", "không nhận tb nữa": a stopped subscription.
                    Meaning::Kw(Kw::Subscribe) => {
                        let after_stop = stop_end.is_some_and(|e| e <= m.start && m.start <= e + 1);
                        let more = toks[m.end..].iter().take(6).any(|t| w.more.has(t.text));
                        let after_negation = negation_end > 0
                            && negation_end <= m.start
                            && m.start <= negation_end + 1;
                        if after_stop || (after_negation && more) {
                            count(&mut s, Kw::Unsubscribe);
                        } else {
                            count(&mut s, Kw::Subscribe);
                        }
                    }
                    // "sổ nghèo nhà em bị rút rồi": the standing just said is denied.
                    Meaning::Kw(Kw::NegationAfter) => {
                        if let Some((st, end)) = last_standing
                            && m.start <= end + 4
                        {
                            s.standings.retain(|x| *x != st);
                            push_unique(&mut s.not_standings, st);
                        }
                    }
                    Meaning::Kw(Kw::Loan) => {
                        s.loan = s.loan.saturating_add(1);
                        let rate = meanings.contains(&Meaning::Kw(Kw::Aspect(LoanAspect::Rate)));
                        if !denied && !rate {
                            s.loan_explicit = s.loan_explicit.saturating_add(1);
                            if !held && !story {
                                explicit_loans.push(m.start);
                                // A step of the loan ("bình xét xong rồi bao giờ được lấy
                                // tiền") is no wish: "bao giờ" after it asks when.
                                if !meanings.contains(&Meaning::Kw(Kw::Process)) {
                                    wish_loan_end = Some(m.end);
                                }
                            }
                        }
                        loan_ends.push((m.start, sum_told_after(toks, m.end)));
                        // A loan word ends what a negation reaches: "không phải vùng khó
                        // khăn, con vay sinh viên" asks about the student loan.
                        if m.start >= negation_end + 3 {
                            denied_until = 0;
                        }
                    }
                    Meaning::Kw(Kw::ProgrammeWord) => {
                        // "chương trình hộ mới thoát nghèo": what follows is a programme.
                        loan_ends.push((m.start, m.end));
                        count(&mut s, Kw::ProgrammeWord);
                    }
                    Meaning::Kw(Kw::Aspect(Amount)) => {
                        // "bao nhiêu" alone is a weak amount word; "tối đa", "mức vay" strong.
                        // A weak one right after a rate, a term or an age ("lãi suất là
                        // bao nhiêu") asks that one, not an amount.
                        let bare = phrase.words <= 3
                            && !meanings.contains(&Meaning::Kw(Kw::Loan))
                            && self.bare_amount_words.contains(&phrase.first);
                        if bare {
                            s.weak_amount = true;
                            if specific_aspect_before(m) {
                                continue;
                            }
                        } else {
                            s.strong_amount = true;
                        }
                        push_unique(&mut s.aspects, Amount);
                    }
                    // "đứa lớn 18 tuổi vừa đỗ đại học, …": an age told in a clause that
                    // asks nothing; read below, once the needs are known.
                    Meaning::Kw(Kw::Aspect(LoanAspect::Age))
                        if age_told(toks, m)
                            && !asks_or_counts(
                                text,
                                toks,
                                clause_start(m.start),
                                whole_clause_end(m.end),
                            ) =>
                    {
                        age_in_story = true;
                    }
                    // A story word of spending no programme serves said right after the
                    // wish's loan word ("cho em hỏi vay tiền chữa bệnh cho bố", "cần vay để
                    // trả nợ lãi ngoài") is what the loan is for: no answer, even when the
                    // story before named a need, unless a need is named in its clause or
                    // after it ("chưa vay ngân hàng bao giờ, muốn vay nuôi gà").
                    Meaning::Kw(Kw::NoAnswerHint)
                        if wish_loan_end.is_some_and(|e| e <= m.start && m.start <= e + 1)
                            // "chưa vay ngân hàng chính sách bao giờ": "ever", no time asked.
                            && !(clause_start(m.start)..m.start).any(|b| {
                                super::counts::longest(&toks[..m.start], b, &lexicon().scope.ever_before)
                                    .is_some()
                            })
                            && !kept.iter().any(|o| {
                                o.start >= clause_start(m.start)
                                    && self.means(o, |x| matches!(x, Meaning::Purpose(_)))
                            }) =>
                    {
                        count(&mut s, Kw::NoAnswer);
                    }
                    // "không phải mua xe máy đi chơi mà là nuôi ong": a spending denied
                    // before the need is not what is asked; the need after it is.
                    Meaning::Kw(Kw::NoAnswer)
                        if denied
                            && kept.iter().any(|o| {
                                o.start >= m.end
                                    && self.means(o, |x| matches!(x, Meaning::Purpose(_)))
                            }) => {}
                    Meaning::Kw(kw) => count(&mut s, kw),
                }
            }
        }
        // A programme denied once and named again ("chưa có tên hộ nghèo thì có vay được vốn
        // hộ nghèo không") is asked about all the same.
        // Needs told as the story before the wish ("con em đi học rồi, giờ em muốn vay nuôi
        // lợn") are not what the loan is for: the needs after the first wish or loan word
        // are, when there are any.
        // A wish or loan word of the story before an opener does not count.
        let anchor = kept
            .iter()
            .filter(|m| {
                m.start >= story_until
                    && self.means(m, |x| matches!(x, Meaning::Kw(Kw::Need | Kw::Loan)))
            })
            .map(|m| m.start)
            .min();
        if let Some(anchor) = anchor
            && purpose_at.iter().any(|&(_, at)| at >= anchor)
        {
            s.purposes.retain(|p| {
                self.circumstance[usize::from(*p)]
                    || purpose_at.iter().any(|&(q, at)| q == *p && at >= anchor)
            });
            self.drop_circumstances_apart(&mut s, &purpose_at, anchor);
        }
        // "lãi bao nhiêu %", "vay hộ nghèo bao nhiêu %": a per cent sign in a loan question
        // asks the rate, and a bare "bao nhiêu" next to it is that rate, not an amount.
        if text.contains('%') && s.loan > 0 {
            if s.weak_amount && !s.strong_amount {
                s.aspects.retain(|a| *a != Amount);
            }
            push_unique(&mut s.aspects, LoanAspect::Rate);
        }
        // A figure told to be confirmed ("được 100 triệu phải không", "trả trong 25 năm
        // đúng không"): a sum of money asks the amount, a span of years or months the term,
        // when nothing else is asked.
        if s.aspects.is_empty()
            && s.loan > 0
            && let Some(aspect) = told_figure(toks, &lexicon().told_figure)
        {
            s.aspects.push(aspect);
        }
        // A span told to be confirmed after "tối đa" ("vay tối đa được mười năm phải không"):
        // the longest term, not the largest amount.
        if s.aspects == [LoanAspect::Amount]
            && s.loan > 0
            && told_units(toks, &lexicon().told_figure) == [LoanAspect::Term]
        {
            s.aspects = vec![LoanAspect::Term];
        }
        // An age told in a clause that asks nothing, before a need with no programme named
        // ("con em 18 tuổi vừa đỗ đại học, muốn vay cho cháu đi học thì vay gì"): the story —
        // the programmes for the need are listed. Otherwise it asks the age, as typed.
        if age_in_story && (s.purposes.is_empty() || affirmed.iter().any(|a| a.1)) {
            push_unique(&mut s.aspects, LoanAspect::Age);
        }
        // An age told with a loan ("em 60 tuổi rồi còn vay hộ nghèo được không", "bố em 62
        // tuổi đứng tên vay được không"): the age limit is asked, not who may borrow at large.
        // A need told first lists the programmes for it: the age there is the story.
        if s.loan > 0
            && (s.purposes.is_empty() || s.programmes.iter().any(|p| !p.1))
            && (s.aspects.is_empty() || s.aspects == [LoanAspect::Eligibility])
            && told_age(toks, &lexicon().told_figure)
        {
            s.aspects = vec![LoanAspect::Age];
        }
        s.apply_specific = self.apply_specific(toks, kept);
        // "được không" asks who may borrow only when nothing else is asked.
        if s.aspects.is_empty() {
            s.hinted = !s.hints.is_empty();
            s.aspects = std::mem::take(&mut s.hints);
        }
        // "trồng quế, tiền cây giống nhiều": a need said only in too general words does not
        // narrow the needs named by name — by name and still asked.
        specific_purposes.retain(|p| s.purposes.contains(p));
        if !specific_purposes.is_empty() {
            s.purposes.retain(|p| {
                specific_purposes.contains(p)
                    || !generic_purposes.contains(p)
                    || self.circumstance[usize::from(*p)]
            });
        }
        self.drop_held_needs_retold(&mut s, &held_purposes, &purpose_at, &|at| {
            let (from, to) = (clause_start(at), clause_end(at + 1));
            kept.iter().any(|o| {
                o.start >= from && o.start < to && has_kw(o, &|k| matches!(k, Kw::Need | Kw::Loan))
            })
        });
        // A loan held is the subject after all when nothing else is asked ("đang vay hộ
        // nghèo, lãi bao nhiêu"); help asked after it ("… vay hộ nghèo từ năm 2015, bot chỉ
        // tôi cách dùng") is something else.
        s.held = held_affirmed.iter().map(|x| x.0).collect();
        // A spending no programme serves is something else asked ("nhà em đang dư nợ vay nước
        // sạch, em muốn vay mua điện thoại"): the water loan stays the story.
        // A figure of a unit asked after the loan held ("em đang vay hộ cận nghèo …, thế tổng dư
        // nợ vay ưu đãi của cả xã là bao nhiêu") is the subject too: the loan stays the story.
        let unit_figure_asked = !s.facts.is_empty() && (s.commune || !s.hamlets.is_empty());
        if !affirmed.iter().any(|a| a.1)
            && !standing_after_held
            && s.help == 0
            && s.purposes.is_empty()
            && s.no_answer == 0
            && !unit_figure_asked
        {
            for (p, as_name) in held_affirmed {
                match affirmed.iter_mut().find(|x| x.0 == p) {
                    Some(x) => x.1 |= as_name,
                    None => affirmed.push((p, as_name)),
                }
            }
            for (p, at) in held_purposes {
                push_unique(&mut s.purposes, p);
                purpose_at.push((p, at));
            }
        }
        // Hamlets told only in the story, before the clause that asks a figure ("em là hội
        // viên chi hội phụ nữ bản Đông, …, đã có mấy gia đình thoát nghèo rồi").
        let fact_at = kept.iter().filter(|m| is_fact(m)).map(|m| m.start).min();
        // The first clause that asks about a figure or criteria ("bản Đông đạt 6 tiêu chí rồi,
        // thế xã đạt mấy tiêu chí"): hamlets named only before it are the story too.
        let asking_at = kept
            .iter()
            .filter(|m| {
                self.means(m, |x| {
                    matches!(
                        x,
                        Meaning::Fact(_)
                            | Meaning::Criterion(_)
                            | Meaning::Kw(Kw::Criteria | Kw::Remaining | Kw::List)
                    )
                })
            })
            .filter(|m| {
                let (from, end) = (clause_start(m.start), clause_end(m.end));
                asks_or_counts(text, toks, from, end)
            })
            .map(|m| m.start)
            .min();
        // "bản He 46 đảng viên, xã bao nhiêu": no figure's clause asks, a later clause asks of
        // a unit of its own — the figure told is asked of that unit.
        let elided_at = fact_at.filter(|_| asking_at.is_none()).and_then(|first| {
            kept.iter()
                .filter(|m| m.start > first)
                .filter(|m| {
                    self.means(m, |x| {
                        matches!(x, Meaning::Hamlet { .. } | Meaning::Commune { .. })
                    })
                })
                .map(|m| clause_start(m.start))
                .filter(|&from| {
                    from > first && {
                        let end = clause_end(from + 1);
                        asks_or_counts(text, toks, from, end)
                    }
                })
                .min()
        });
        let fact_at = asking_at.or(elided_at).or(fact_at);
        s.counted = super::counts::read(text, toks, &lexicon().counts);
        if let Some(at) = s.counted.asked_at {
            let (from, to) = (clause_start(at), clause_end(at + 1));
            s.counted.change = s
                .counted
                .changes
                .iter()
                .flatten()
                .any(|&c| from <= c && c < to);
        }
        // "bản He có bao nhiêu hộ trồng chè", "mấy hộ nuôi bò": households counted with what
        // they do after them in their clause are a part — unless a figure's own words run on over it
        // ("bao nhiêu hộ đã thoát nghèo").
        if s.counted.households {
            let after = s.counted.after;
            // What they do or have, in the count's clause ("… hộ dùng nước sạch", "mấy hộ ở
            // bản He có nhà vệ sinh").
            let doing = kept
                .iter()
                .any(|m| m.start >= after && m.start < clause_end(after) && is_purpose(m));
            let spanned = kept
                .iter()
                .any(|m| m.start < after && m.end > after && is_fact(m));
            // "bao nhiêu nhà thuộc diện hộ nghèo", "mấy hộ có sổ hộ nghèo": the qualifier
            // names the standing counted, not a part.
            let standing_named = kept.iter().any(|m| {
                m.start > after
                    && m.start <= after + 3
                    && self.means(m, |x| matches!(x, Meaning::Kw(Kw::Standing(_))))
            });
            if spanned || standing_named {
                s.counted.part = false;
            } else if doing {
                s.counted.part = true;
            }
        }
        // "xã có mấy hợp tác xã làm chè": organisations counted with what they grow or raise
        // right after them are a part — unless all of them are asked again after that clause
        // ("…, à mà thôi, có bao nhiêu hợp tác xã thôi").
        if let Some(at) = s.counted.counted_at
            && !s.counted.households
        {
            let counts = &lexicon().counts;
            let after = s.counted.after;
            let organisation = (at + 1..after)
                .any(|i| super::counts::longest(toks, i, &counts.organisations) == Some(after - i));
            let doing = kept.iter().any(|m| {
                m.start >= after
                    && m.start <= after + 2
                    && m.start < clause_end(after)
                    && is_purpose(m)
            });
            let asked_again = (clause_end(after)..toks.len())
                .any(|i| super::counts::longest(toks, i, &counts.words).is_some());
            if organisation && doing && !asked_again {
                s.counted.part = true;
            }
        }
        let fact_at = match (fact_at, s.counted.counted_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(at) = fact_at {
            let asked_from = clause_start(at);
            // Named as what is asked: before the figure in its clause ("…, xã có bao nhiêu
            // đảng viên"), or by a name of its own after it; not "báo cáo xã" at the end.
            // Named after every hamlet, and no "bản em" in the asking clause ("chị ở bản Đông
            // đây, xã mình giờ thu nhập …").
            let after_hamlets = kept
                .iter()
                .filter(|m| self.means(m, |x| matches!(x, Meaning::Hamlet { .. })))
                .map(|m| m.end)
                .max()
                .unwrap_or(0)
                .min(asked_from);
            let home_asked = kept
                .iter()
                .any(|m| m.start >= asked_from && self.means(m, |x| *x == Meaning::Kw(Kw::Home)));
            s.commune_asked = !home_asked
                && kept.iter().any(|m| {
                    self.means(m, |x| match x {
                        // "tiêu chí thu nhập của xã": the commune owns what is asked.
                        Meaning::Commune { strong } => {
                            let owner = m.start > 0 && w.owners.has(toks[m.start - 1].text);
                            m.start >= after_hamlets && (m.start <= at || *strong || owner)
                        }
                        _ => false,
                    })
                });
            for &(h, _) in &s.hamlets {
                let told = kept.iter().all(|m| {
                    m.end <= asked_from
                        || !self.means(
                            m,
                            |x| matches!(x, Meaning::Hamlet { index, .. } if *index == h),
                        )
                });
                if told {
                    s.story_hamlets.push(h);
                }
            }
        }
        let first_loan = kept
            .iter()
            .filter(|m| {
                m.start >= story_until && has_kw(m, &|k| matches!(k, Kw::Loan | Kw::ProgrammeWord))
            })
            .map(|m| m.start)
            .min()
            .unwrap_or(toks.len());
        let first_remaining = kept
            .iter()
            .filter(|m| has_kw(m, &|k| k == Kw::Remaining))
            .map(|m| m.start)
            .min();
        s.count_met_first = first_remaining.is_some_and(|r| {
            kept.iter().any(|m| {
                has_kw(m, &|k| k == Kw::CountMet) && m.end <= r && {
                    let end = clause_end(m.end);
                    end <= r || (m.end..=r).any(|i| w.separators.has(toks[i].text))
                }
            })
        });
        let first_criteria_asked = kept
            .iter()
            .filter(|m| has_kw(m, &|k| matches!(k, Kw::Remaining | Kw::List)))
            .map(|m| m.start)
            .min();
        s.criteria_first = first_criteria_asked
            .is_some_and(|c| kept.iter().filter(|m| is_fact(m)).all(|m| m.start > c));
        // "riêng bản He thì hộ nghèo chiếm mấy phần trăm": every rate word is a share word.
        let rate_words: Vec<&Match> = kept
            .iter()
            .filter(|m| has_kw(m, &|k| k == Kw::Aspect(LoanAspect::Rate)))
            .collect();
        s.share_only = !rate_words.is_empty()
            && rate_words.iter().all(|m| {
                toks[m.start..m.end]
                    .iter()
                    .all(|t| w.share_words.has(t.text))
            });
        if let Some(c) = s.counted.counted_at {
            let from = clause_start(c);
            s.loan_before_count = explicit_loans.iter().any(|&l| l < from);
            s.loan_in_count_clause = explicit_loans
                .iter()
                .any(|&l| from <= l && l < clause_end(c + 1));
            // "bản He có bao nhiêu hộ đang vay vốn": a loan held, said after the households
            // counted in their clause, counts borrowers — not a loan of the story.
            let held_counted = kept.iter().any(|m| {
                has_kw(m, &|k| k == Kw::Held) && c < m.start && m.start < clause_end(c + 1)
            });
            if held_counted && (s.count_households > 0 || s.counted.households) {
                s.loan_in_count_clause = true;
                s.loan_explicit = s.loan_explicit.max(1);
            }
        }
        s.wish = kept.iter().any(|m| {
            has_kw(m, &|k| k == Kw::Need)
                && !kept
                    .iter()
                    .any(|n| n.end == m.start && has_kw(n, &|k| k == Kw::Negation))
        });
        let fact_of = |m: &Match| {
            self.phrases[m.phrase as usize]
                .meanings
                .iter()
                .find_map(|x| match x {
                    Meaning::Fact(f) => Some(*f),
                    _ => None,
                })
        };
        for m in kept {
            let Some(f) = fact_of(m) else { continue };
            let overlaps = kept
                .iter()
                .any(|o| o.start < m.end && m.start < o.end && fact_of(o).is_some_and(|g| g != f));
            if overlaps {
                for &st in &self.fact_traits[usize::from(f)].0 {
                    push_unique(&mut s.overlap_standings, st);
                }
            }
        }
        // "bản He có mấy hộ nghèo, còn vay …": a figure asked first in a clause of its own,
        // "mấy" asking as "bao nhiêu" does; a figure named by words a programme's name shares
        // counts when its clause names the unit.
        let mut first_fact_end: Option<usize> = None;
        for m in kept {
            let Some(f) = fact_of(m) else { continue };
            let weak = !s.facts.contains(&f);
            if weak && !s.weak_facts.contains(&f) {
                continue;
            }
            let (from, clause) = (clause_start(m.start), clause_end(m.end));
            // Said on without a break ("bản He có bao nhiêu hộ nghèo vay hộ nghèo lãi bao
            // nhiêu"): the figure's words end at the loan word when the words from it ask a
            // question of their own (not "… hộ nghèo được vay hộ nghèo": borrowers counted).
            let rest = clause_end(first_loan + 1);
            let run_on = clause > first_loan
                && m.end <= first_loan
                && (asks_or_counts(text, toks, first_loan, rest)
                    || kept.iter().any(|o| {
                        o.start >= first_loan
                            && o.start < rest
                            && has_kw(o, &|k| matches!(k, Kw::Aspect(a) if a != Amount))
                    }));
            let end = if run_on { first_loan } else { clause };
            let unit_in_clause = kept.iter().any(|o| {
                o.start >= from
                    && o.end <= end
                    && self.means(o, |x| {
                        matches!(x, Meaning::Hamlet { .. } | Meaning::Commune { .. })
                    })
            });
            let asks = asks_or_counts(text, toks, from, end);
            if m.start >= story_until && end <= first_loan && (!weak || unit_in_clause) && asks {
                push_unique(&mut s.first_facts, f);
                first_fact_end = Some(first_fact_end.map_or(end, |e: usize| e.min(end)));
            }
        }
        // "bản He còn mấy hộ nghèo ạ, hộ cận nghèo thì vay được bao nhiêu": standings said
        // only after the clause of the figure asked first are the loan's, not the figure's.
        if let Some(end) = first_fact_end {
            for &st in &s.standings {
                let only_late = kept
                    .iter()
                    .filter(|m| has_kw(m, &|k| k == Kw::Standing(st)))
                    .all(|m| m.start >= end);
                if only_late {
                    s.loan_standings.push(st);
                }
            }
        }
        let unit_match = |m: &Match, commune: bool| {
            self.means(m, |x| {
                if commune {
                    matches!(x, Meaning::Commune { .. })
                } else {
                    matches!(x, Meaning::Hamlet { .. })
                }
            })
        };
        s.commune_joined = kept.iter().any(|a| {
            kept.iter().any(|b| {
                let (first, second) = if a.end <= b.start { (a, b) } else { (b, a) };
                unit_match(a, true)
                    && unit_match(b, false)
                    && first.end < second.start
                    && second.start - first.end <= 3
                    && toks[first.end..second.start]
                        .iter()
                        .any(|t| w.unit_joiners.has(t.text))
                    && toks[first.end..second.start]
                        .iter()
                        .all(|t| w.unit_joiners.has(t.text) || w.unit_fillers.has(t.text))
            })
        });
        {
            let asks_at = |i: usize| {
                let (from, end) = (clause_start(i), clause_end(i + 1));
                asks_or_counts(text, toks, from, end)
            };
            let clause_of = |i: usize| clause_start(i);
            let hamlet_at: Vec<usize> = kept
                .iter()
                .filter(|m| unit_match(m, false) && m.start >= story_until)
                .map(|m| m.start)
                .collect();
            let commune_at = kept
                .iter()
                .filter(|m| unit_match(m, true) && m.start >= story_until)
                .map(|m| m.start)
                .find(|&c| asks_at(c) && hamlet_at.iter().all(|&h| clause_of(h) != clause_of(c)));
            if let Some(c) = commune_at
                && let Some(&h) = hamlet_at.iter().find(|&&h| asks_at(h))
            {
                s.commune_apart = Some(c < h);
            }
        }
        // Every figure asked, with the end of the clause that asks it and the unit that
        // clause names — only figures asked: not told in the story ("ông em là đảng viên ở
        // bản He, ông hỏi cả xã …"), and in a clause that asks. One reading behind both
        // `fact_units` (clauses naming different units) and `facts_apart` (a later clause
        // naming a standing or another figure): figures asked in clauses of their own are
        // questions of their own.
        let mut asked: Vec<(u16, &Match, usize, Option<ClauseUnit>)> = Vec::new();
        for m in kept {
            let Some(f) = fact_of(m) else { continue };
            if !s.facts.contains(&f) && !s.weak_facts.contains(&f) {
                continue;
            }
            let (from, end) = (clause_start(m.start), clause_end(m.end));
            let asks = asks_or_counts(text, toks, from, end);
            if m.end <= story_until || !asks {
                continue;
            }
            let unit = kept
                .iter()
                .filter(|o| o.start >= from && o.end <= end)
                .find_map(|o| {
                    self.phrases[o.phrase as usize]
                        .meanings
                        .iter()
                        .find_map(|x| match x {
                            Meaning::Hamlet { index, .. } => Some(ClauseUnit::Hamlet(*index)),
                            Meaning::Commune { .. } => Some(ClauseUnit::Commune),
                            _ => None,
                        })
                });
            asked.push((f, m, end, unit));
        }
        for &(f, _, _, unit) in &asked {
            if let Some(u) = unit
                && !s.fact_units.contains(&(f, u))
            {
                s.fact_units.push((f, u));
            }
        }
        // "bản He có bao nhiêu hộ, còn mấy hộ nghèo": a figure named by words of its own,
        // then a standing or another figure in a later clause.
        s.facts_apart = asked.iter().any(|&(f, m, end, _)| {
            s.facts.contains(&f)
                && m.start >= story_until
                && kept.iter().any(|o| {
                    o.start >= end
                        && self.means(o, |x| {
                            matches!(x, Meaning::Kw(Kw::Standing(_)))
                                || matches!(x, Meaning::Fact(g)
                                    if !self.phrases[m.phrase as usize]
                                        .meanings
                                        .contains(&Meaning::Fact(*g)))
                        })
                })
        });
        // Denied hamlets count only beside one that is not ("không phải bản He, bản Đông").
        s.not_hamlets
            .retain(|h| !s.hamlets.iter().any(|x| x.0 == *h));
        // "không phải bản He đâu, cả xã có bao nhiêu đảng viên": the commune named instead.
        if s.hamlets.is_empty() && !s.commune && !s.commune_weak {
            for h in std::mem::take(&mut s.not_hamlets) {
                s.hamlets.push((h, true));
            }
        }
        // A programme's name begun right after a loan word, its rest unread ("vay hỗ trợ
        // <unreadable> ở"): which programme is meant is not known.
        for &(_, b) in &loan_ends {
            for (p, names) in self.name_words.iter().enumerate() {
                let p = index16(p);
                if affirmed.iter().any(|a| a.0 == p) {
                    continue;
                }
                // The first `k` words of a name (2 ≤ k < its length) said from `b`, and the
                // word after them not read: `said` is how many of its words run on from `b`.
                let begun = names.iter().any(|name| {
                    let said = toks
                        .get(b..)
                        .unwrap_or_default()
                        .iter()
                        .zip(name.iter())
                        .take_while(|(t, w)| t.id == Some(**w))
                        .count();
                    (2..name.len().min(said + 1)).any(|k| b + k < toks.len() && !covered[b + k])
                });
                if begun {
                    push_unique(&mut s.unread_names, p);
                }
            }
        }
        let asks_at: Vec<usize> = kept
            .iter()
            .filter(|m| has_kw(m, &|k| matches!(k, Kw::Aspect(_))))
            .map(|m| m.start)
            .collect();
        let told = told_programmes(&named_at, &asks_at, &clause_start);
        affirmed.retain(|a| !(a.1 && told.contains(&a.0)));
        s.excluded.retain(|p| !affirmed.iter().any(|a| a.0 == *p));
        s.programmes = affirmed.into_iter().map(|(p, n)| (p, !n)).collect();
        s.standings.retain(|st| !s.not_standings.contains(st));
        s.loose_words = toks
            .iter()
            .zip(&covered)
            .filter(|(t, c)| !**c && !t.id.is_some_and(|id| self.particle[id as usize]))
            .count();
        s
    }
}

impl Understander {
    /// Where to apply is asked by a step ("nộp ở đâu", "nhận tiền ở đâu", "mang đơn"), not
    /// only "vay ở đâu".
    /// Whether one of the match's phrase's meanings is `want`.
    pub(super) fn means(&self, m: &Match, want: impl Fn(&Meaning) -> bool) -> bool {
        self.phrases[m.phrase as usize].meanings.iter().any(want)
    }

    /// Whether the match's phrase means the keyword `kw`.
    pub(super) fn means_kw(&self, m: &Match, kw: Kw) -> bool {
        self.means(m, |x| *x == Meaning::Kw(kw))
    }

    /// A need of a loan held, named again in a later clause without a wish or a loan word
    /// ("năm ngoái vay hộ nghèo nuôi bò rồi, giờ bò đẻ được hai con, muốn làm nhà vệ
    /// sinh"): the animal bought with that loan, the story — not a need asked.
    /// `asks_at` says whether the clause of a word has a wish or a loan word.
    fn drop_held_needs_retold(
        &self,
        s: &mut Signals,
        held_purposes: &[(u16, usize)],
        purpose_at: &[(u16, usize)],
        asks_at: &dyn Fn(usize) -> bool,
    ) {
        if held_purposes.is_empty() {
            return;
        }
        s.purposes.retain(|p| {
            !held_purposes.iter().any(|h| h.0 == *p)
                || self.circumstance[usize::from(*p)]
                || purpose_at.iter().any(|&(q, at)| q == *p && asks_at(at))
        });
    }

    /// Drops from `s` a circumstance of `circumstances_apart` told only before the wish
    /// (`anchor`) that shares no programme with a need asked after it ("năm ngoái sạt lở vùi
    /// mất cả vụ ngô, năm nay muốn vay mua giống ngô trồng lại": the landslide is the story,
    /// the crop is asked) — it would narrow the list to nothing. The others still narrow
    /// ("không còn đất sản xuất, muốn học nghề mộc": which one is meant is asked).
    fn drop_circumstances_apart(
        &self,
        s: &mut Signals,
        purpose_at: &[(u16, usize)],
        anchor: usize,
    ) {
        let asked_at = |p: u16| purpose_at.iter().any(|&(q, at)| q == p && at >= anchor);
        let asked: Vec<u16> = s
            .purposes
            .iter()
            .copied()
            .filter(|&p| asked_at(p))
            .collect();
        let serves = |p: u16| &self.purposes[usize::from(p)];
        s.purposes.retain(|&p| {
            asked_at(p)
                || !self.circumstance_apart[usize::from(p)]
                || asked
                    .iter()
                    .all(|&q| serves(q).iter().any(|x| serves(p).contains(x)))
        });
    }

    /// Whether need match `m` is said in words too general to narrow another need
    /// (lexicon `generic_needs`: "cây giống", "phân bón").
    fn generic_need(&self, toks: &[Tok<'_>], m: &Match) -> bool {
        let said = &toks[m.start..m.end];
        lexicon()
            .generic_needs
            .iter()
            .any(|g| g.len() == said.len() && g.iter().zip(said).all(|(w, t)| *w == t.text))
    }

    fn apply_specific(&self, toks: &[Tok<'_>], kept: &[Match]) -> bool {
        let steps = &lexicon().words.apply_steps;
        kept.iter().any(|m| {
            self.phrases[m.phrase as usize]
                .meanings
                .contains(&Meaning::Kw(Kw::Aspect(LoanAspect::Apply)))
                && toks[m.start..m.end].iter().any(|t| steps.has(t.text))
        })
    }

    /// Whether need `m` is said in the frame of a name of programme `p`: the two words or
    /// more right before it are how that name starts, and the need shares a word with the
    /// rest of the name ("hỗ trợ làm nhà": "hỗ trợ" + "nhà ở" of "hỗ trợ nhà ở").
    pub(super) fn framed(&self, toks: &[Tok<'_>], m: &Match, p: u16) -> bool {
        let need: Vec<u32> = toks[m.start..m.end].iter().filter_map(|t| t.id).collect();
        self.name_words[usize::from(p)].iter().any(|name| {
            (2..name.len()).any(|k| {
                m.start >= k
                    && toks[m.start - k..m.start]
                        .iter()
                        .zip(&name[..k])
                        .all(|(t, &w)| t.id == Some(w))
                    && name[k..].iter().any(|w| need.contains(w))
            })
        })
    }
}

/// Of the programmes named by their names, those named only in clauses that ask nothing,
/// when another is named in a clause that asks an aspect of a loan ("cán bộ nói về vay hộ
/// nghèo nhưng nhà em mới thoát nghèo, thế vay hộ mới thoát nghèo lãi bao nhiêu"): they are
/// the story, not asked. Two programmes each asked in a clause of its own stay both.
fn told_programmes(
    named_at: &[(u16, usize)],
    asks_at: &[usize],
    clause_of: &dyn Fn(usize) -> usize,
) -> Vec<u16> {
    let asking: Vec<usize> = asks_at.iter().map(|&a| clause_of(a)).collect();
    let asked = |p: u16| {
        named_at
            .iter()
            .any(|&(q, at)| q == p && asking.contains(&clause_of(at)))
    };
    let mut told: Vec<u16> = Vec::new();
    let mut any_asked = false;
    for &(p, _) in named_at {
        if asked(p) {
            any_asked = true;
        } else {
            push_unique(&mut told, p);
        }
    }
    if any_asked { told } else { Vec::new() }
}

/// Where a sum told right after a loan word ends ("vay 50 triệu hộ nghèo", "vay ba mươi tr
/// hộ nghèo"): the programme after it is named after the loan word all the same. `end` when
/// no number and sum of money follow.
fn sum_told_after(toks: &[Tok<'_>], end: usize) -> usize {
    let words = &lexicon().told_figure;
    let mut i = end;
    while i < toks.len() && words.is_number(toks[i].text) {
        i += 1;
    }
    match toks.get(i) {
        Some(t) if i > end && words.is_money(t.text) => i + 1,
        _ => end,
    }
}

/// Whether the standing at `start`, after one denied, is what the household is instead: a
/// `standing_affirms` word ("là", "chỉ", "mà") right before it, not right after the negation
/// word itself ("không phải là hộ nghèo"), not after "hay" ("… hay là cận nghèo").
fn said_instead(toks: &[Tok<'_>], start: usize, negation_end: usize) -> bool {
    let w = &lexicon().words;
    start >= 2
        && start - 1 > negation_end
        && w.standing_affirms.has(toks[start - 1].text)
        && !w.standing_affirms_not_after.has(toks[start - 2].text)
}

/// Whether the age phrase `m` tells an age ("18 tuổi", "mười lăm tuổi", "19 years old"): a
/// number is its first word or the word before it.
fn age_told(toks: &[Tok<'_>], m: &Match) -> bool {
    let numbers = &lexicon().told_figure;
    numbers.is_number(toks[m.start].text)
        || m.start
            .checked_sub(1)
            .is_some_and(|i| numbers.is_number(toks[i].text))
}
