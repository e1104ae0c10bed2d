//! The console channel: chat with the bot in a terminal as any identity, or drive it line by
//! line with `--json` (one JSON object out per line in).

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::core::Core;
use crate::delivery::{Deliver, SendOutcome, Worker};
use crate::message::{Address, Button, Inbound, InboundBody, OutMessage, UserId};

/// Deliveries in the console are messages printed for their recipients.
#[derive(Default)]
pub struct ConsoleDeliver {
    sent: Mutex<Vec<(Address, OutMessage)>>,
}

impl ConsoleDeliver {
    fn take(&self) -> Vec<(Address, OutMessage)> {
        std::mem::take(&mut *self.sent.lock().expect("console outbox lock"))
    }
}

impl Deliver for ConsoleDeliver {
    async fn deliver(&self, to: &Address, message: &OutMessage) -> SendOutcome {
        self.sent
            .lock()
            .expect("console outbox lock")
            .push((to.clone(), message.clone()));
        SendOutcome::Sent
    }
}

/// One JSON input line: plain text, or an object.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonIn {
    /// Switch identity for this line and the following ones.
    #[serde(rename = "as")]
    identity: Option<String>,
    text: Option<String>,
    /// A button payload, as printed in `out[].buttons[][].payload`.
    button: Option<String>,
    /// A numbered choice, the same as typing the number.
    choice: Option<usize>,
    /// Pretend the message came from a group chat.
    group: Option<bool>,
    /// The display name a messenger would give (kept until the identity changes).
    name: Option<String>,
}

#[derive(Serialize)]
struct JsonOutMessage<'a> {
    to: String,
    text: &'a str,
    #[serde(skip_serializing_if = "<[Vec<Button>]>::is_empty")]
    buttons: &'a [Vec<Button>],
}

#[derive(Serialize)]
struct JsonOut<'a> {
    #[serde(rename = "as")]
    identity: &'a str,
    #[serde(rename = "in")]
    input: &'a str,
    out: Vec<JsonOutMessage<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// A console session as one identity ("platform:id").
pub struct Console {
    core: Arc<Core>,
    deliver: Arc<ConsoleDeliver>,
    worker: Worker,
    identity: UserId,
    /// The display name sent along, as Telegram sends a person's name.
    name: Option<String>,
}

impl Console {
    pub fn new(core: Arc<Core>, identity: UserId) -> Console {
        let deliver = Arc::new(ConsoleDeliver::default());
        Console {
            worker: Worker::new(core.clone(), deliver.clone()),
            core,
            deliver,
            identity,
            name: None,
        }
    }

    fn inbound(&self, body: InboundBody, private: bool) -> Inbound {
        Inbound {
            user: self.identity.clone(),
            chat: self.identity.private_chat(),
            lang_hint: None,
            private,
            name: self.name.clone(),
            body,
        }
    }

    /// Sends one message as the current identity, then runs delivery so that whatever the
    /// message caused (a broadcast, a report) is part of the answer.
    pub async fn exchange(&self, body: InboundBody, private: bool) -> Vec<(Address, OutMessage)> {
        let inbound = self.inbound(body, private);
        let mut out: Vec<(Address, OutMessage)> = self
            .core
            .handle(&inbound)
            .into_iter()
            .map(|o| (o.to, o.message))
            .collect();
        if let Err(e) = self.worker.drain().await {
            log::error!("console delivery: {e}");
        }
        out.extend(self.deliver.take());
        out
    }

    /// Switches identity when `line` is `/as platform:id`; returns an error text if malformed.
    fn switch(&mut self, line: &str) -> Option<Result<(), String>> {
        let rest = line.trim().strip_prefix("/as")?;
        if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            return None;
        }
        let id = rest.trim();
        Some(match crate::config::check_user_id(id) {
            Ok(id) => {
                self.identity = id;
                self.name = None;
                Ok(())
            }
            Err(e) => Err(e),
        })
    }

    /// Interactive chat on stdin/stdout.
    pub async fn interactive(mut self) -> std::io::Result<()> {
        let mut lines = BufReader::new(tokio::io::stdin()).lines();
        println!(
            "Loa Bản console — you are {}. Type /as telegram:1001 to switch, /quit to leave; numbers press buttons.",
            self.identity
        );
        loop {
            print!("{}> ", self.identity);
            std::io::stdout().flush()?;
            let Some(line) = lines.next_line().await? else {
                break;
            };
            let trimmed = line.trim();
            if trimmed == "/quit" || trimmed == "/exit" {
                break;
            }
            if let Some(r) = self.switch(trimmed) {
                match r {
                    Ok(()) => println!("(you are now {})", self.identity),
                    Err(e) => println!("(cannot switch: {e})"),
                }
                continue;
            }
            // Numbers are sent as typed: the core maps them to the last menu, as for Zalo.
            let body = InboundBody::Text(line.clone());
            let me = self.inbound(InboundBody::Text(String::new()), true).chat;
            for (to, msg) in self.exchange(body, true).await {
                if to == me {
                    println!("\n{}", msg.text);
                    for (n, b) in msg.choices() {
                        println!("  [{n}] {}", b.label);
                    }
                } else {
                    println!("\n→ to {}:\n{}", to.key(), msg.text);
                }
            }
            println!();
        }
        Ok(())
    }

    /// One JSON object out per line in. Never stops on a bad line: it answers with `error`.
    pub async fn json(mut self) -> std::io::Result<()> {
        let mut lines = BufReader::new(tokio::io::stdin()).lines();
        let stdout = std::io::stdout();
        while let Some(line) = lines.next_line().await? {
            let (body, private, error) = self.parse_json_line(&line);
            let out = match body {
                Some(body) => self.exchange(body, private).await,
                None => Vec::new(),
            };
            let record = JsonOut {
                identity: &self.identity,
                input: &line,
                out: out
                    .iter()
                    .map(|(to, m)| JsonOutMessage {
                        to: to.key(),
                        text: &m.text,
                        buttons: &m.buttons,
                    })
                    .collect(),
                error,
            };
            let mut handle = stdout.lock();
            serde_json::to_writer(&mut handle, &record)?;
            writeln!(handle)?;
            handle.flush()?;
        }
        Ok(())
    }

    /// Reads one `--json` input line; `None` body means nothing to send (identity switch or
    /// an error).
    fn parse_json_line(&mut self, line: &str) -> (Option<InboundBody>, bool, Option<String>) {
        let trimmed = line.trim();
        if let Some(r) = self.switch(trimmed) {
            return (None, true, r.err());
        }
        if !trimmed.starts_with('{') {
            return (Some(InboundBody::Text(line.to_string())), true, None);
        }
        let parsed: JsonIn = match serde_json::from_str(trimmed) {
            Ok(p) => p,
            Err(e) => return (None, true, Some(format!("bad input line: {e}"))),
        };
        if let Some(id) = parsed.identity {
            match crate::config::check_user_id(&id) {
                Ok(id) => self.identity = id,
                Err(e) => return (None, true, Some(e)),
            }
            self.name = None;
        }
        if let Some(name) = parsed.name {
            self.name = Some(name);
        }
        let private = !parsed.group.unwrap_or(false);
        let body = match (parsed.text, parsed.button, parsed.choice) {
            (Some(t), None, None) => Some(InboundBody::Text(t)),
            (None, Some(b), None) => Some(InboundBody::Button(b)),
            (None, None, Some(n)) => Some(InboundBody::Text(n.to_string())),
            (None, None, None) => None,
            _ => {
                return (
                    None,
                    private,
                    Some("give one of text, button, choice".into()),
                );
            }
        };
        (body, private, None)
    }
}
