//! Channels: each speaks one messenger's protocol and nothing else. They turn updates into
//! [`crate::message::Inbound`] and the core's answers back into messenger calls.

pub mod console;
pub mod replies;
pub mod telegram;
pub mod zalo;
