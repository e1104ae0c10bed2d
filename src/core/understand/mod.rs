//! Free text to a [`Request`]: what a villager typed, with or without diacritics, with typos
//! and half-working Telex/VNI, in Vietnamese or English.
//!
//! The catalog's names and a fixed table of keywords are folded once into a word trie. A
//! question is folded, its unknown words repaired or matched fuzzily against the trie, and the
//! phrases found (the longest win where they nest) vote for a request. When the vote is unclear
//! the answer is [`Request::NotUnderstood`] with the likeliest requests, never an empty dead end
//! if anything was recognised.

mod clauses;
mod counts;
mod decide;
mod follow_up;
mod gate;
mod glued;
mod index;
mod lexicon;
mod meanings;
mod phrases;
mod scope;
mod signals;
mod spelling;
mod tokens;
mod told;

pub use index::Understander;

use crate::core::request::Request;
use crate::text::fold;
use decide::{Asker, top_level};
use index::index16;
use phrases::{Walk, select, unbroken};

impl Understander {
    /// What `text` asks for. Free text only: slash commands are parsed elsewhere.
    pub fn understand(&self, text: &str) -> Request {
        self.understand_for(text, &|| None)
    }

    /// What `text` asks for, from a villager whose own hamlet `home` tells (a hamlet id;
    /// asked only when the question says "bản em").
    pub fn understand_for(&self, text: &str, home: &dyn Fn() -> Option<String>) -> Request {
        if text.trim_start().starts_with('/') {
            return Request::NotUnderstood {
                suggestions: vec![],
            };
        }
        let folded = fold::fold_words(text);
        if folded.is_empty() {
            // "???", "👍", "🙏", "😀😀": a greeting of sorts — the menu (the reading;
            // a sign alone is too weak to tell thanks from an ok from a hello).
            return Request::Menu;
        }
        if folded.len() == 1 {
            let word = folded.word(0);
            if word.bytes().all(|b| b.is_ascii_digit()) {
                return match word.parse::<usize>() {
                    Ok(n @ 1..=99) => Request::MenuChoice(n),
                    _ => top_level(),
                };
            }
        }
        let toks = self.tokens(text, &folded);
        let mut matches = Vec::new();
        for start in 0..toks.len() {
            self.walk(&toks, start, start, 0, Walk::default(), &mut matches);
        }
        unbroken(text, &toks, &mut matches);
        let kept = self.follow_up(text, &toks, select(&matches));
        let signals = self.out_of_window(&toks, &kept, self.signals(text, &toks, &kept));
        let signals = self.told_with_hint(&toks, &kept, signals);
        let asker = Asker {
            home: (signals.home > 0)
                .then(home)
                .flatten()
                .and_then(|h| self.hamlets.iter().position(|x| *x == h))
                .map(index16),
        };
        let decided = self.decide(text, &toks, &kept, &signals, asker);
        let decided = self.in_scope(decided, text, &toks, &kept, &signals);
        self.settle(decided, &toks, &kept, &signals)
    }

    /// How `text` was read, for people tuning the lexicon: every phrase found, with what it
    /// means, then the request.
    pub fn explain(&self, text: &str) -> String {
        let folded = fold::fold_words(text);
        let toks = self.tokens(text, &folded);
        let mut matches = Vec::new();
        for start in 0..toks.len() {
            self.walk(&toks, start, start, 0, Walk::default(), &mut matches);
        }
        unbroken(text, &toks, &mut matches);
        let kept = self.follow_up(text, &toks, select(&matches));
        let words: Vec<&str> = toks.iter().map(|t| t.text).collect();
        let mut out = format!("words: {}\n", words.join(" "));
        for m in &kept {
            out.push_str(&format!(
                "  {:?} = {:?}\n",
                words[m.start..m.end].join(" "),
                self.phrases[m.phrase as usize].meanings
            ));
        }
        let signals = self.out_of_window(&toks, &kept, self.signals(text, &toks, &kept));
        let signals = self.told_with_hint(&toks, &kept, signals);
        let decided = self.decide(text, &toks, &kept, &signals, Asker::default());
        let decided = self.in_scope(decided, text, &toks, &kept, &signals);
        out.push_str(&self.gate_view(&decided, &toks, &kept, &signals));
        out.push_str(&format!("→ {:?}\n", self.understand(text)));
        out
    }

    /// The programme `text` names ("ho ngheo", "vay sinh viên"), if exactly one.
    pub fn programme_named(&self, text: &str) -> Option<String> {
        match self.understand(&format!("vay {text}")) {
            Request::LoanDetail { programme, .. } => Some(programme),
            Request::LoansByPurpose { programmes } if programmes.len() == 1 => {
                programmes.into_iter().next()
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
