//! Glued words: known words typed without the spaces between them ("vaysinhvien"), and a
//! glued word with a typo in one piece ("hongeo"), cut where phrases join their pieces.

use super::Understander;
use crate::text::fold;

/// How good a way to cut a glued word is (see [`Understander::split`]): joins of pieces of
/// two letters or more, whether every piece is a word phrases use, all joins.
type CutRank = (usize, bool, usize);

impl Understander {
    /// Known words typed without the spaces between them ("tieuchi", "vaysinhvien",
    /// "vaygiaiquyetvieclam"), at most `parts` of them, one at least used by a phrase, with
    /// how many neighbouring pieces continue each other in a phrase. A piece of one letter
    /// only where a phrase runs through it ("nhà ở xã hội"), or at an end into it ("vay đất
    /// ở", "y tế"); a word of three letters only where a phrase joins every piece. Of the
    /// ways to cut the word, the one whose neighbouring words of two letters or more
    /// continue each other in a phrase most often wins ("ho ngheo", not "hong heo" or "hong
    /// he o"); then the one made only of words phrases use; then the most joins; then the
    /// longest first word.
    pub(super) fn split(&self, word: &str, parts: usize) -> Option<(usize, Vec<u32>)> {
        if word.len() < 3 || word.len() > 40 || !word.is_ascii() || parts < 2 {
            return None;
        }
        let mut best = None;
        let mut path = Vec::with_capacity(parts);
        let mut budget = 2000usize;
        self.cuts(word, parts, &mut path, &mut best, &mut budget);
        let ((_, _, linked), path) = best?;
        if word.len() == 3 && linked + 1 < path.len() {
            return None;
        }
        Some((linked, path))
    }

    /// A word glued from two known words, one typed with a typo ("hongeo": "ho" and "ngeo",
    /// one letter from "nghèo", which follows "hộ" in a phrase; "thethap": "thế" and a typo of
    /// "chấp"): where to cut, and whether the typo is the second piece. The known piece is a
    /// word phrases use, of two letters or more; the typo of three or more is one edit from a
    /// word of four or more that some phrase puts right after (or before) it. The longest
    /// known piece wins.
    pub(super) fn typo_split(&self, word: &str) -> Option<(usize, bool)> {
        if word.len() < 5 || word.len() > 24 || !word.is_ascii() {
            return None;
        }
        let near = |typo: &str, next: Option<&Vec<u32>>| {
            next.is_some_and(|ws| {
                ws.iter().any(|&w| {
                    let w = &*self.words[w as usize];
                    w.len() >= 4 && fold::edit_distance_within(typo, w, 1) == Some(1)
                })
            })
        };
        let known = |piece: &str| {
            self.ids
                .get(piece)
                .copied()
                .filter(|&id| self.content[id as usize])
        };
        let mut best: Option<(usize, usize, bool)> = None;
        for at in 2..=word.len() - 2 {
            let (a, b) = word.split_at(at);
            if b.len() >= 3
                && let Some(id) = known(a)
                && near(b, self.next_words.get(&id))
                && best.is_none_or(|x| a.len() > x.0)
            {
                best = Some((a.len(), at, true));
            }
            if a.len() >= 3
                && let Some(id) = known(b)
                && near(a, self.prev_words.get(&id))
                && best.is_none_or(|x| b.len() > x.0)
            {
                best = Some((b.len(), at, false));
            }
        }
        best.map(|b| (b.1, b.2))
    }

    fn cuts(
        &self,
        rest: &str,
        parts: usize,
        path: &mut Vec<u32>,
        best: &mut Option<(CutRank, Vec<u32>)>,
        budget: &mut usize,
    ) {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        if rest.is_empty() {
            if path.len() < 2 || !path.iter().any(|&id| self.content[id as usize]) {
                return;
            }
            // A piece of one letter ("o" in "vaynhaoxahoi") only inside a phrase that runs
            // through it: "nhà ở xã hội".
            // At either end, a phrase that runs into it from its one neighbour: "vaydato" is
            // "vay đất ở", "yte" is "y tế".
            let lone = |j: usize| {
                let before = j > 0 && self.continues(path[j - 1], path[j]);
                let after = j + 1 < path.len() && self.continues(path[j], path[j + 1]);
                let joined = if j == 0 {
                    after
                } else if j + 1 == path.len() {
                    before
                } else {
                    before && after
                };
                self.words[path[j] as usize].len() == 1 && !joined
            };
            if (0..path.len()).any(lone) {
                return;
            }
            let joins: Vec<&[u32]> = path
                .windows(2)
                .filter(|w| self.continues(w[0], w[1]))
                .collect();
            // A join made through a one-letter piece only pays for letting it in: "hongheo"
            // is "ho ngheo", not "hong he o" (though "he" runs into "ở").
            let long_joins = joins
                .iter()
                .filter(|w| w.iter().all(|&id| self.words[id as usize].len() > 1))
                .count();
            let all_content = path.iter().all(|&id| self.content[id as usize]);
            let key = (long_joins, all_content, joins.len());
            let better = match best {
                None => true,
                Some((k, _)) => key > *k,
            };
            if better {
                *best = Some((key, path.clone()));
            }
            return;
        }
        if path.len() == parts {
            return;
        }
        for k in (1..=rest.len()).rev() {
            if let Some(&id) = self.ids.get(&rest[..k]) {
                if k == 1 && path.last().is_some_and(|&last| !self.continues(last, id)) {
                    continue;
                }
                path.push(id);
                self.cuts(&rest[k..], parts, path, best, budget);
                path.pop();
            }
        }
    }

    /// Whether some phrase has word `b` right after word `a`.
    fn continues(&self, a: u32, b: u32) -> bool {
        self.follows.contains(&(a, b))
    }
}
