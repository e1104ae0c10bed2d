//! Free text to a [`Request`]: what a villager typed, with or without diacritics, with typos
//! and half-working Telex/VNI, in Vietnamese or English.
//!
//! The catalog's names and a fixed table of keywords are folded once into a word trie. A
//! question is folded, its unknown words repaired or matched fuzzily against the trie, and the
//! phrases found (the longest win where they nest) vote for a request. When the vote is unclear
//! the answer is [`Request::NotUnderstood`] with the likeliest requests, never an empty dead end
//! if anything was recognised.

mod decide;
mod index;
mod lexicon;
mod matcher;

pub use index::Understander;

use crate::core::request::Request;
use crate::text::fold;
use decide::top_level;
use matcher::{Walk, select};

impl Understander {
    /// What `text` asks for. Free text only: slash commands are parsed elsewhere.
    pub fn understand(&self, text: &str) -> Request {
        if text.trim_start().starts_with('/') {
            return Request::NotUnderstood {
                suggestions: vec![],
            };
        }
        let folded = fold::fold_words(text);
        if folded.is_empty() {
            return top_level();
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
        let toks = self.tokens(&folded);
        let mut matches = Vec::new();
        for start in 0..toks.len() {
            self.walk(&toks, start, start, 0, Walk::default(), &mut matches);
        }
        let kept = select(&matches);
        let signals = self.signals(&toks, &kept);
        self.decide(text, &toks, &kept, &signals)
    }
}

#[cfg(test)]
mod tests;
