//! Clauses: whether words ask a question, how far a clause of a story runs, where the story
//! turns to the asker, and asking openers that ask too.

use super::lexicon::lexicon;
use super::tokens::Tok;

/// Whether `text` asks something: a question mark, a question word, or a clause ending in
/// "không", "chưa", "hả".
pub(super) fn asks(text: &str, toks: &[Tok<'_>]) -> bool {
    asks_outside(text, toks, &|_| false)
}

/// [`asks`], leaving out the words `told` covers: a question word inside what is told back
/// ("a bao vay hssv lai suat thap": "bao" is "bảo", said) asks nothing.
pub(super) fn asks_outside(text: &str, toks: &[Tok<'_>], told: &dyn Fn(usize) -> bool) -> bool {
    text.contains('?') || asks_in_words(text, toks, told)
}

/// Whether the words `toks[from..to]` ask something by themselves (a question mark among
/// them or right after them counts): "bản Đông đạt tiêu chí điện chưa" does.
pub(super) fn clause_asks(text: &str, toks: &[Tok<'_>], from: usize, to: usize) -> bool {
    if from >= to || to > toks.len() {
        return false;
    }
    let start = toks[from].original.start;
    let end = toks.get(to).map_or(text.len(), |t| t.original.start);
    text.get(start..end).is_some_and(|t| t.contains('?'))
        || asks_in_words(text, &toks[from..to], &|_| false)
}

/// Question words among `toks`, or one of them ending a clause with "không", "chưa", "hả".
fn asks_in_words(text: &str, toks: &[Tok<'_>], told: &dyn Fn(usize) -> bool) -> bool {
    let w = &super::lexicon::lexicon().words;
    let clause_ends = |i: usize| {
        let mut j = i + 1;
        while j < toks.len() && w.question_end_particles.has(toks[j].text) {
            j += 1;
        }
        let gap = |k: usize| {
            text.get(toks[k - 1].original.end..toks[k].original.start)
                .is_some_and(|g| g.contains([',', ';', '.', '!', ':']))
        };
        j >= toks.len() || (i + 1..=j).any(gap)
    };
    // "thấy bảo" (they say) is typed "bao" with the marks of another word.
    let said = |t: &Tok<'_>| {
        text.get(t.original.clone())
            .is_some_and(|typed| w.question_words_not_typed.has_typed(t.text, typed))
    };
    // "có gì em nhắn lại sau": "có gì" before the asker is "if anything", no question.
    let lex = lexicon();
    let if_any = |i: usize| {
        i > 0
            && w.if_any_before.has(toks[i - 1].text)
            && toks.get(i + 1).is_some_and(|n| lex.asker_word(n.text))
    };
    toks.iter().enumerate().any(|(i, t)| {
        let indefinite = toks
            .get(i + 1)
            .is_some_and(|n| w.question_not_before.has(n.text));
        (w.question_words.has(t.text) && !said(t) && !if_any(i) && !indefinite && !told(i))
            || (w.question_ends.has(t.text) && clause_ends(i))
    })
}

/// The most words a clause of a story runs on for.
pub(super) const CLAUSE: usize = 9;

/// A turn of the story to the asker at word `i` ("nhưng nhà em …", "còn em …", "mà em …",
/// or "… rồi em thì …"): where the asker's own words start, after it. "con" turns only typed
/// "còn" ("con em" is a child). Who asks is the lexicon's `askers`, the turns its
/// `asker_turns`.
pub(super) fn turn_to_asker(text: &str, toks: &[Tok<'_>], i: usize) -> Option<usize> {
    let lex = lexicon();
    let w = &lex.words;
    let asker_at = |j: usize| {
        lex.askers.iter().find_map(|a| {
            (j + a.len() <= toks.len()
                && toks[j..j + a.len()]
                    .iter()
                    .zip(a.iter())
                    .all(|(t, w)| t.text == w.as_str()))
            .then_some(j + a.len())
        })
    };
    let word = toks.get(i)?;
    let turn = w.asker_turns.has(word.text)
        || text
            .get(word.original.clone())
            .is_some_and(|typed| w.asker_turns_typed.has_typed(word.text, typed));
    if turn {
        let mut j = i + 1;
        if toks
            .get(j)
            .is_some_and(|t| w.asker_turn_particles.has(t.text))
        {
            j += 1;
        }
        return asker_at(j);
    }
    // "em thì": the asker as the topic of what follows.
    let end = asker_at(i)?;
    (i > 0
        && !w.asker_kin.has(toks[i - 1].text)
        && toks.get(end).is_some_and(|t| w.asker_topic.has(t.text)))
    .then_some(end + 1)
}

/// Whether the words `from..to` ask a question (`decide::clause_asks`) or count: "mấy"
/// (lexicon `counts_ask`) asks a figure like "bao nhiêu", though it is no question word of
/// `clause_asks`. The one test of a clause that asks a figure, shared by every reading of the
/// figures and units asked.
pub(super) fn asks_or_counts(text: &str, toks: &[Tok<'_>], from: usize, to: usize) -> bool {
    let counts = &lexicon().words.counts_ask;
    clause_asks(text, toks, from, to)
        || toks
            .get(from..to)
            .is_some_and(|w| w.iter().any(|t| counts.has(t.text)))
}

/// [`asks_or_counts`] over the whole message (its twin above), leaving out the words `told` covers: "… em
/// cảm thấy ổn rồi không hỏi gì thêm" asks nothing.
pub(super) fn asks_or_counts_outside(
    text: &str,
    toks: &[Tok<'_>],
    told: &dyn Fn(usize) -> bool,
) -> bool {
    let counts = &lexicon().words.counts_ask;
    asks_outside(text, toks, told)
        || toks
            .iter()
            .enumerate()
            .any(|(i, t)| counts.has(t.text) && !told(i))
}

/// Whether the asking opener at `start..end` asks something too ("tiện hỏi luôn", "cho em
/// hỏi thêm"; lexicon `also_asked`): the words before it are a first question, not a story.
pub(super) fn also_asked(toks: &[Tok<'_>], start: usize, end: usize) -> bool {
    let w = &lexicon().words;
    let too = |t: &Tok<'_>| w.also_asked.has(t.text);
    start
        .checked_sub(1)
        .is_some_and(|i| w.also_asked_before.has(toks[i].text))
        || toks[start..end].iter().any(too)
        || toks.get(end).is_some_and(too)
}
