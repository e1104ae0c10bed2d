//! Loa Bản — the hamlet loudspeaker: a chatbot that tells a mountain commune's villagers
//! about their new-rural-area criteria and preferential loans, and carries hamlet heads'
//! announcements to every subscriber.
//!
//! Layout: `channels` speak a messenger's protocol → `core` understands and answers →
//! `store` is the only module that knows sled ← `delivery` drains the broadcast outbox.

pub mod app;
pub mod autobackup;
pub mod channels;
pub mod config;
pub mod content;
pub mod control;
pub mod core;
pub mod delivery;
pub mod eval;
pub mod health;
pub mod i18n;
pub mod lograte;
pub mod message;
pub mod model;
pub mod private;
pub mod service;
pub mod store;
pub mod text;
