//! Loa Bản — the hamlet loudspeaker: a chatbot that tells a mountain commune's villagers
//! about their new-rural-area criteria and preferential loans, and carries hamlet heads'
//! announcements to every subscriber.
//!
//! Layers, each using only those listed before it (`tests/layers.rs` checks it; the
//! walk-through is in `docs/ARCHITECTURE.md`):
//! `model`, `text`, `clock`, `private`, `lograte` → `i18n`, `message` → `config` → `content` →
//! `store` → `core` → `delivery` → `channels` → `service` → `eval`; the `loaban` binary
//! (`main.rs`, `cli/`) on top.

#![forbid(unsafe_code)]

pub mod channels;
pub mod clock;
pub mod config;
pub mod content;
pub mod core;
pub mod delivery;
pub mod eval;
pub mod i18n;
pub mod lograte;
pub mod message;
pub mod model;
pub mod private;
pub mod service;
pub mod store;
pub mod text;
