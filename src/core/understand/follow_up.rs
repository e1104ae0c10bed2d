//! Follow-ups: "còn bản He thì sao" — the subjects its clause names replace those of the
//! same kind said before, which become context, not the question.

use super::Understander;
use super::clauses::clause_asks;
use super::index::Meaning;
use super::lexicon::{Kw, lexicon};
use super::phrases::Match;
use super::tokens::Tok;

impl Understander {
    /// A follow-up ("bản Đông đạt sáu tiêu chí rồi, còn bản He thì sao"): the subjects named
    /// in its clause (after the last "còn" or punctuation before "thì sao") replace the
    /// subjects of the same kind said before — a unit replaces the unit, a figure the figure,
    /// a criterion or programme its own kind — so the earlier one is context, not the question.
    pub(super) fn follow_up(&self, text: &str, toks: &[Tok<'_>], kept: Vec<Match>) -> Vec<Match> {
        let is_follow = |m: &Match| {
            self.phrases[m.phrase as usize]
                .meanings
                .contains(&Meaning::Kw(Kw::FollowUp))
        };
        let Some(at) = kept.iter().filter(|m| is_follow(m)).map(|m| m.start).max() else {
            return kept;
        };
        let turns = &lexicon().words.follow_up_turns;
        // Where the follow-up's clause starts.
        let mut clause = 0usize;
        for i in (1..=at.min(toks.len())).rev() {
            let i = i.min(toks.len() - 1);
            let gap = text
                .get(toks[i - 1].original.end..toks[i].original.start)
                .unwrap_or("");
            if turns.has(toks[i - 1].text) || gap.contains([',', ';', '.', '?', '!', ':']) {
                clause = i;
                break;
            }
        }
        if clause == 0 {
            return kept;
        }
        // "bản Đông đạt tiêu chí điện chưa, còn đường thì sao": what comes before is a
        // question of its own, not context. Both stand (and are offered, not one stated).
        // Only the clause right before counts ("bản Đông thấy bảo đạt 6 tiêu chí rồi, còn bản
        // He thì sao" after another question is still a follow-up).
        let mut before = clause;
        if turns.has(toks[before - 1].text) {
            before -= 1;
        }
        let gap_before = |i: usize| {
            text.get(toks[i - 1].original.end..toks[i].original.start)
                .is_some_and(|g| g.contains([',', ';', '.', '?', '!', ':']))
        };
        let from = (1..before).rev().find(|&i| gap_before(i)).unwrap_or(0);
        if clause_asks(text, toks, from, before) {
            return kept;
        }
        let kinds = |m: &Match| -> u8 {
            self.phrases[m.phrase as usize]
                .meanings
                .iter()
                .map(|x| match x {
                    Meaning::Hamlet { .. }
                    | Meaning::Commune { .. }
                    | Meaning::Kw(Kw::Home | Kw::Commune) => 1,
                    Meaning::Fact(_) => 2,
                    Meaning::Criterion(_) => 4,
                    Meaning::Programme(_) | Meaning::ProgrammePart(_) => 8,
                    Meaning::Purpose(_) => 16,
                    Meaning::Kw(_) => 0,
                })
                .fold(0, |a, b| a | b)
        };
        let asked: u8 = kept
            .iter()
            .filter(|m| m.start >= clause)
            .map(kinds)
            .fold(0, |a, b| a | b);
        kept.into_iter()
            .filter(|m| {
                let k = kinds(m);
                m.start >= clause || k == 0 || k & asked != k
            })
            .collect()
    }
}
