//! Pure text helpers shared by every layer: folding to plain ASCII words, numbers and dates
//! as each language writes them, and splitting long messages.

pub mod fold;
pub mod format;
pub mod split;
