//! The outbox worker: claims due deliveries, paces them to the messenger's limits, sends them
//! through a channel's [`Deliver`] with bounded concurrency, records each outcome, retries
//! with back-off, and keeps authors informed (progress notes, final report). One file a job:
//! `deliver.rs` (what a channel implements and answers), `worker.rs` (claiming and the run
//! loop), `render.rs` (a notice's text once per language), `send.rs` (one send and its
//! outcome), `notes.rs` (what authors are told), `night.rs`, `pace.rs`, `route.rs`.

pub mod pace;
pub mod route;

mod deliver;
mod night;
mod notes;
mod render;
mod send;
mod worker;

pub use deliver::{Deliver, FetchError, FetchMedia, MediaNotice, SendOutcome};
pub use route::{Route, Routes};
pub use worker::{DrainStats, Worker};
