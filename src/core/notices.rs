//! After a notice is sent: "✅ Đã nhận" (a press, a typed 1, or any next message within the
//! notice's validity) and the head's view of one notice (`/baocao`): sent, acknowledged,
//! not yet acknowledged, not reached and why, with the names people present, so the head
//! knows whom to visit.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::request::Request;
use super::{Core, Ctx};
use crate::i18n::{I18n, Locale};
use crate::message::{InboundBody, OutMessage, UserId};
use crate::model::{FailReason, Receipt};
use crate::store::{
    AckOutcome, Announcement, Carries, Delivery, DeliveryStatus, Scope, StoreError, Visit,
};
use crate::text::format;

/// Names listed at most under each heading of a report; the rest are counted.
pub const LIST_CAP: usize = 10;

/// One person in a report: the name they present, and why they were not reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    /// `None` for a person reached but not acknowledging yet.
    pub why: Option<String>,
}

/// A notice's figures and lists, ready to be written out (see [`render`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Figures {
    pub id: u64,
    pub target: String,
    pub date: String,
    pub preview: String,
    pub sent: usize,
    pub acknowledged: usize,
    /// Reached, not acknowledged yet (sorted by name).
    pub waiting: Vec<Person>,
    /// Not reached, with the reason (sorted by name).
    pub unreached: Vec<Person>,
    /// Still to send or being sent.
    pub sending: usize,
    /// Stopped by the head before they were sent.
    pub cancelled: usize,
    /// Received late, by catch-up when they next wrote (counted in `acknowledged` or
    /// `waiting` as well).
    pub late: usize,
    /// Sent, and the messenger reported them on the person's phone (seen ones included).
    pub received: usize,
    /// Sent, and the messenger reported them opened. Never counted as acknowledged.
    pub seen: usize,
    /// The notice was corrected (`false`) or withdrawn (`true`) by notice `.1` at `.2`.
    pub revised: Option<(bool, u64, String)>,
}

impl Figures {
    /// Everyone the notice was for: its recipients and those who got it late without
    /// having been one (they subscribed afterwards).
    pub fn total(&self) -> usize {
        self.sent + self.late + self.unreached.len() + self.sending + self.cancelled
    }

    /// One more person who received it late (`acked`: and acknowledged it).
    pub fn add_late(&mut self, name: String, acked: bool) {
        self.late += 1;
        if acked {
            self.acknowledged += 1;
        } else {
            self.waiting.push(Person { name, why: None });
        }
    }
}

/// The locale key explaining why one delivery did not arrive, and its arguments (the
/// messenger's code and words where the explanation shows them).
pub fn reason_key(reason: Option<&FailReason>) -> (&'static str, Option<i64>, Option<&str>) {
    match reason {
        Some(FailReason::RecipientGone { .. }) => ("why-blocked", None, None),
        Some(FailReason::WindowClosed { code, .. }) => ("why-window-closed", Some(*code), None),
        Some(FailReason::NotFollowing { code, .. }) => ("why-not-following", Some(*code), None),
        Some(FailReason::Refused {
            code: Some(code),
            words,
        }) => ("why-refused-code", Some(*code), Some(words)),
        Some(FailReason::Refused { code: None, words }) => ("why-refused", None, Some(words)),
        Some(FailReason::ChannelOff) => ("why-channel-off", None, None),
        Some(FailReason::TokenRevoked { .. }) => ("why-token", None, None),
        Some(FailReason::Network { .. } | FailReason::RateLimited | FailReason::Text { .. }) => {
            ("why-retries", None, None)
        }
        Some(FailReason::QuotaUsed { .. }) => ("why-quota", None, None),
        Some(FailReason::OutsideHours { hours }) => ("why-hours", None, Some(hours)),
        Some(FailReason::PackageLacks { code, .. }) => ("why-package", Some(*code), None),
        Some(FailReason::NightRestricted { code, .. }) => ("why-night", Some(*code), None),
        Some(FailReason::AnnouncementMissing) | None => ("why-other", None, None),
    }
}

/// The messenger's name as people know it.
pub fn platform_name(platform: &str) -> String {
    match platform {
        "telegram" => "Telegram".into(),
        "zalo" => "Zalo".into(),
        other => other.to_string(),
    }
}

/// Why `d` did not arrive, in `locale`.
pub fn why(i18n: &I18n, locale: Locale, d: &Delivery) -> String {
    let (key, code, words) = reason_key(d.last_error.as_ref());
    let code = code.map_or_else(String::new, |c| c.to_string());
    let words = format::truncate(words.unwrap_or(""), 60);
    i18n.t(
        locale,
        key,
        &[
            ("platform", platform_name(&d.address.platform).into()),
            ("code", code.into()),
            ("words", words.into()),
            ("attempts", (d.attempts as usize).into()),
            (
                "limit",
                match d.last_error {
                    Some(FailReason::QuotaUsed { limit }) => limit as usize,
                    _ => 0,
                }
                .into(),
            ),
        ],
    )
}

/// Sorts deliveries into the report's figures. `name` gives the name a recipient presents
/// (or a stand-in), `why` the reason a delivery did not arrive. Pure.
pub fn figures(
    deliveries: &[Delivery],
    acked: &HashSet<&str>,
    late: &HashSet<&str>,
    unwritten: usize,
    name: impl Fn(&Delivery) -> String,
    why: impl Fn(&Delivery) -> String,
) -> Figures {
    let mut f = Figures {
        sending: unwritten,
        ..Figures::default()
    };
    for d in deliveries {
        match d.status {
            DeliveryStatus::Sent => {
                f.sent += 1;
                if acked.contains(d.recipient.as_str()) {
                    f.acknowledged += 1;
                } else {
                    f.waiting.push(Person {
                        name: name(d),
                        why: None,
                    });
                }
            }
            DeliveryStatus::Blocked | DeliveryStatus::Failed
                if late.contains(d.recipient.as_str()) =>
            {
                f.add_late(name(d), acked.contains(d.recipient.as_str()));
            }
            DeliveryStatus::Blocked | DeliveryStatus::Failed => f.unreached.push(Person {
                name: name(d),
                why: Some(why(d)),
            }),
            DeliveryStatus::Pending | DeliveryStatus::InFlight => f.sending += 1,
            DeliveryStatus::Cancelled => f.cancelled += 1,
        }
    }
    f.waiting.sort_by(|a, b| a.name.cmp(&b.name));
    f.unreached
        .sort_by(|a, b| (&a.name, &a.why).cmp(&(&b.name, &b.why)));
    f
}

/// How many of the sent deliveries the messenger reported on the phone (seen included), and
/// seen. Pure.
pub fn receipt_counts(
    deliveries: &[Delivery],
    receipts: &std::collections::HashMap<&str, Receipt>,
) -> (usize, usize) {
    let mut received = 0;
    let mut seen = 0;
    for d in deliveries
        .iter()
        .filter(|d| d.status == DeliveryStatus::Sent)
    {
        match receipts.get(d.recipient.as_str()) {
            Some(Receipt::Seen) => {
                received += 1;
                seen += 1;
            }
            Some(Receipt::Received) => received += 1,
            None => {}
        }
    }
    (received, seen)
}

/// The report as text, short enough for a phone: the figures, then whom to ask again and
/// whom to tell in person, each list capped at [`LIST_CAP`] names.
pub fn render(i18n: &I18n, locale: Locale, f: &Figures) -> String {
    let t = |key: &str, args: &[(&str, crate::i18n::Arg<'_>)]| i18n.t(locale, key, args);
    let mut text = t(
        "notice-report",
        &[
            ("id", f.id.to_string().into()),
            ("target", f.target.as_str().into()),
            ("date", f.date.as_str().into()),
            ("preview", f.preview.as_str().into()),
            ("sent", f.sent.into()),
            ("total", f.total().into()),
            ("acked", f.acknowledged.into()),
            ("waiting", f.waiting.len().into()),
            ("unreached", f.unreached.len().into()),
        ],
    );
    if f.late > 0 {
        text.push('\n');
        text.push_str(&t("notice-report-late", &[("count", f.late.into())]));
    }
    if let Some((withdrawn, by, at)) = &f.revised {
        text.push('\n');
        text.push_str(&t(
            if *withdrawn {
                "notice-report-withdrawn"
            } else {
                "notice-report-corrected"
            },
            &[("by", by.to_string().into()), ("time", at.as_str().into())],
        ));
    }
    if f.received > 0 {
        text.push('\n');
        text.push_str(&t(
            "notice-report-receipts",
            &[("received", f.received.into()), ("seen", f.seen.into())],
        ));
    }
    if f.sending > 0 {
        text.push('\n');
        text.push_str(&t("notice-report-sending", &[("count", f.sending.into())]));
    }
    if f.cancelled > 0 {
        text.push('\n');
        text.push_str(&t(
            "notice-report-cancelled",
            &[("count", f.cancelled.into())],
        ));
    }
    let mut list = |title: &str, people: &[Person]| {
        if people.is_empty() {
            return;
        }
        text.push_str("\n\n");
        text.push_str(&t(title, &[("count", people.len().into())]));
        for p in people.iter().take(LIST_CAP) {
            text.push('\n');
            text.push_str(&match &p.why {
                None => t("notice-report-person", &[("name", p.name.as_str().into())]),
                Some(why) => t(
                    "notice-report-person-why",
                    &[
                        ("name", p.name.as_str().into()),
                        ("why", why.as_str().into()),
                    ],
                ),
            });
        }
        if people.len() > LIST_CAP {
            text.push('\n');
            text.push_str(&t(
                "notice-report-more",
                &[("count", (people.len() - LIST_CAP).into())],
            ));
        }
    };
    list("notice-report-waiting", &f.waiting);
    list("notice-report-unreached", &f.unreached);
    if !f.unreached.is_empty() || !f.waiting.is_empty() {
        text.push_str("\n\n");
        text.push_str(&t("notice-report-advice", &[]));
    }
    text
}

impl Core {
    /// A messenger reported messages it delivered to `user` as received on the phone or
    /// seen: counted with the notice they carried (never as an acknowledgement). Ids that
    /// are not notices of ours are ignored.
    pub fn message_receipt(&self, user: &UserId, message_ids: &[String], receipt: Receipt) {
        let now = crate::clock::now();
        for id in message_ids {
            match self.store.note_receipt(user, id, receipt, now) {
                Ok(Some(ann)) => log::info!("{user}: notice {ann} {receipt:?}"),
                Ok(None) => {}
                Err(e) => log::error!("recording a receipt from {user}: {e}"),
            }
        }
    }

    /// The line under numbered choices on a messenger without buttons, in `user`'s
    /// language: "👉 Nhắn 1 nếu đã nhận." under a notice, "reply with a number" otherwise.
    pub fn number_hint(&self, user: &UserId, message: &OutMessage) -> Option<String> {
        if message.buttons.is_empty() {
            return None;
        }
        let locale = self.locale_of(user);
        let ack = message.choices().into_iter().find(|(_, b)| {
            matches!(
                super::payload::decode(&b.payload),
                Some(Request::AckNotice { .. })
            )
        });
        Some(match ack {
            Some((n, _)) => {
                self.i18n
                    .t(locale, "ack-by-number", &[("number", (n as usize).into())])
            }
            None => self.i18n.t(locale, "choose-by-number", &[]),
        })
    }

    /// True when `message` is a notice (it carries "✅ Đã nhận"), not an answer or a menu.
    pub fn is_notice(&self, message: &OutMessage) -> bool {
        message.buttons.iter().flatten().any(|b| {
            matches!(
                super::payload::decode(&b.payload),
                Some(Request::AckNotice { .. })
            )
        })
    }

    /// The earliest delivery time of a notice still valid at `now`.
    pub(crate) fn valid_from(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::days(self.config.notices.valid_days)
    }

    /// "✅ Đã nhận" pressed for notice `id`: recorded once; a second press, an expired
    /// notice or a button that was never sent to this person changes nothing.
    pub(super) fn ack_notice(&self, ctx: &Ctx, id: u64) -> Result<OutMessage, StoreError> {
        let outcome = if matches!(crate::store::keys::carries(id), Carries::Announcement(_)) {
            self.store
                .acknowledge(id, &ctx.user, ctx.now, self.valid_from(ctx.now))?
        } else {
            AckOutcome::Unknown
        };
        let n = id.to_string();
        let text = match outcome {
            AckOutcome::Recorded => {
                log::info!("{} acknowledged notice {id}", ctx.user);
                self.t(ctx, "ack-recorded", &[("ids", n.into())])
            }
            AckOutcome::Already(at) => self.t(
                ctx,
                "ack-already",
                &[
                    ("id", n.into()),
                    (
                        "time",
                        format::date_time(at, self.offset, ctx.locale).into(),
                    ),
                ],
            ),
            AckOutcome::Expired => self.t(ctx, "ack-expired", &[("id", n.into())]),
            AckOutcome::Unknown => {
                log::info!(
                    "{}: acknowledgement of notice {id} not sent to them",
                    ctx.user
                );
                self.t(ctx, "ack-unknown", &[])
            }
        };
        Ok(OutMessage::text(text))
    }

    /// A person wrote (anything but an acknowledgement press): the notices delivered to
    /// them since they last wrote, still valid, count as received. Returns their ids.
    pub(super) fn acknowledge_by_writing(
        &self,
        ctx: &Ctx,
        body: &InboundBody,
        visit: &Visit,
    ) -> Result<Vec<u64>, StoreError> {
        if let InboundBody::Button(p) = body
            && matches!(
                super::payload::decode(p),
                Some(Request::AckNotice { .. } | Request::NoticeReport { .. })
            )
        {
            return Ok(Vec::new());
        }
        let acked = self
            .store
            .acknowledge_open_in(visit, ctx.now, self.valid_from(ctx.now))?;
        if !acked.is_empty() {
            log::info!("{} acknowledged notices {acked:?} by writing", ctx.user);
        }
        Ok(acked)
    }

    /// "✅ Đã ghi nhận…" for notices acknowledged by writing.
    pub(super) fn acked_line(&self, ctx: &Ctx, ids: &[u64]) -> String {
        let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
        self.t(ctx, "ack-recorded", &[("ids", ids.join(", ").into())])
    }

    /// May `user` see notice `ann`'s report: admins all, heads their hamlets' notices, and
    /// every author their own.
    pub(super) fn may_see_report(&self, user: &str, ann: &Announcement) -> bool {
        self.config.is_admin(user)
            || ann.author == user
            || match &ann.scope {
                Scope::Hamlet(h) => self.config.hamlets_headed_by(user).contains(&h.as_str()),
                Scope::Commune => false,
            }
    }

    /// `/baocao [số]`: the view of notice `id`, or of the latest one the asker may see.
    pub(super) fn notice_report(
        &self,
        ctx: &Ctx,
        id: Option<u64>,
    ) -> Result<OutMessage, StoreError> {
        if !self.may_broadcast(&ctx.user) {
            log::info!("notice report refused for {} (no role)", ctx.user);
            return Ok(self.with_menu(ctx, self.t(ctx, "report-not-allowed", &[])));
        }
        let ann = match id {
            Some(id) if matches!(crate::store::keys::carries(id), Carries::Announcement(_)) => {
                // A reminder's report is its notice's.
                match self.store.announcement(id)? {
                    Some(Announcement {
                        reminds: Some(of), ..
                    }) => self.store.announcement(of)?,
                    other => other,
                }
            }
            Some(_) => None,
            None => self
                .store
                .recent_announcements(1, |a| {
                    a.reminds.is_none() && self.may_see_report(&ctx.user, a)
                })?
                .pop(),
        };
        let Some(ann) = ann.filter(|a| self.may_see_report(&ctx.user, a)) else {
            if let Some(id) = id {
                log::info!("notice report {id} refused or unknown for {}", ctx.user);
                return Ok(self.with_menu(
                    ctx,
                    self.t(ctx, "report-not-found", &[("id", id.to_string().into())]),
                ));
            }
            return Ok(self.with_menu(ctx, self.t(ctx, "report-none", &[])));
        };
        let deliveries = self.store.deliveries(ann.id)?;
        let acks = self.store.acks_of(ann.id)?;
        let acked: HashSet<&str> = acks.iter().map(|(u, _)| u.as_str()).collect();
        let counts = self.store.delivery_counts(ann.id)?;
        let listed_open = deliveries
            .iter()
            .filter(|d| matches!(d.status, DeliveryStatus::Pending | DeliveryStatus::InFlight))
            .count();
        let unwritten = counts.open().saturating_sub(listed_open);
        let name = |d: &Delivery| match self.store.display_name(&d.recipient) {
            Ok(Some(n)) => n,
            _ => self.t(
                ctx,
                "report-no-name",
                &[("platform", platform_name(&d.address.platform).into())],
            ),
        };
        let late = self.store.caught_up_of(ann.id)?;
        let late_users: HashSet<&str> = late.iter().map(|(u, _)| u.as_str()).collect();
        let mut f = figures(&deliveries, &acked, &late_users, unwritten, name, |d| {
            why(&self.i18n, ctx.locale, d)
        });
        // Caught up without having been a recipient (subscribed afterwards).
        let listed: HashSet<&str> = deliveries.iter().map(|d| d.recipient.as_str()).collect();
        for (u, _) in late.iter().filter(|(u, _)| !listed.contains(u.as_str())) {
            let name = match self.store.display_name(u) {
                Ok(Some(n)) => n,
                _ => {
                    let platform = u.parse::<UserId>().map(|u| u.platform().to_string());
                    self.t(
                        ctx,
                        "report-no-name",
                        &[(
                            "platform",
                            platform_name(platform.as_deref().unwrap_or("")).into(),
                        )],
                    )
                }
            };
            f.add_late(name, acked.contains(u.as_str()));
        }
        f.waiting.sort_by(|a, b| a.name.cmp(&b.name));
        let receipts = self.store.receipts_of(ann.id)?;
        let receipts: std::collections::HashMap<&str, Receipt> =
            receipts.iter().map(|(u, r)| (u.as_str(), *r)).collect();
        (f.received, f.seen) = receipt_counts(&deliveries, &receipts);
        f.id = ann.id;
        f.target = match &ann.scope {
            Scope::Hamlet(h) => self.unit_name(h),
            Scope::Commune => self.t(ctx, "scope-commune", &[]),
        };
        f.date = format::date_time(ann.created_at, self.offset, ctx.locale);
        f.preview = format::truncate(&self.notice_words(ctx.locale, &ann), 60);
        f.revised = ann.revised.as_ref().map(|r| {
            (
                r.kind == crate::store::RevisionKind::Withdrawal,
                r.by,
                format::date_time(r.at, self.offset, ctx.locale),
            )
        });
        let mut text = render(&self.i18n, ctx.locale, &f);
        let mut reqs = vec![Request::NoticeReport { id: Some(ann.id) }];
        // One reminder per notice: the time of it, or the button while someone waits.
        match self.store.reminder_of(ann.id)? {
            Some((_, at)) => {
                text.push_str("\n\n");
                text.push_str(&self.t(
                    ctx,
                    "notice-report-reminded",
                    &[(
                        "time",
                        format::date_time(at, self.offset, ctx.locale).into(),
                    )],
                ));
            }
            None if !f.waiting.is_empty() || !f.unreached.is_empty() => {
                reqs.insert(0, Request::RemindAsk { id: ann.id });
            }
            None => {}
        }
        text.push('\n');
        text.push_str(&self.t(
            ctx,
            "notice-report-valid",
            &[(
                "date",
                format::date(self.notice_valid_until(&ann), self.offset, ctx.locale).into(),
            )],
        ));
        reqs.push(Request::Menu);
        Ok(OutMessage {
            text,
            buttons: self.rows(ctx, &reqs),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Address;

    fn i18n() -> I18n {
        I18n::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")).unwrap()
    }

    fn d(user: &str, status: DeliveryStatus, reason: Option<FailReason>) -> Delivery {
        let (platform, chat) = user.split_once(':').unwrap();
        Delivery {
            announcement: 1,
            recipient: user.into(),
            address: Address::new(platform, chat),
            status,
            attempts: 3,
            last_error: reason,
            not_before: None,
            updated_at: DateTime::from_timestamp(0, 0).unwrap(),
            locale: None,
        }
    }

    fn mixed() -> Vec<Delivery> {
        use DeliveryStatus::*;
        vec![
            d("telegram:1", Sent, None),
            d("telegram:2", Sent, None),
            d(
                "telegram:3",
                Blocked,
                Some(FailReason::RecipientGone {
                    words: "Forbidden: bot was blocked by the user".into(),
                }),
            ),
            d("zalo:1", Sent, None),
            d(
                "zalo:2",
                Failed,
                Some(FailReason::WindowClosed {
                    code: -7,
                    words: "not interacted".into(),
                }),
            ),
            d(
                "zalo:3",
                Failed,
                Some(FailReason::Refused {
                    code: Some(-9),
                    words: "Parameters are invalid".into(),
                }),
            ),
            d(
                "zalo:4",
                Failed,
                Some(FailReason::Network {
                    words: "reset".into(),
                }),
            ),
            d("zalo:5", Failed, Some(FailReason::ChannelOff)),
            d("telegram:4", Pending, None),
            d("telegram:5", Cancelled, None),
        ]
    }

    fn mixed_figures(i: &I18n) -> Figures {
        let all = mixed();
        let acked: HashSet<&str> = ["telegram:1", "zalo:1"].into();
        let mut f = figures(
            &all,
            &acked,
            &HashSet::new(),
            2,
            |d| format!("Người {}", d.recipient),
            |d| why(i, Locale::Vi, d),
        );
        f.id = 7;
        f.target = "Bản Đông".into();
        f.date = "19:00 01/12/2026".into();
        f.preview = "Họp bản".into();
        f
    }

    #[test]
    fn deliveries_are_sorted_into_figures() {
        let i = i18n();
        let f = mixed_figures(&i);
        assert_eq!((f.sent, f.acknowledged), (3, 2));
        assert_eq!(f.sending, 3, "one pending record and two not written yet");
        assert_eq!(f.cancelled, 1);
        assert_eq!(f.total(), 12);
        assert_eq!(
            f.waiting,
            vec![Person {
                name: "Người telegram:2".into(),
                why: None
            }]
        );
        let unreached: Vec<(&str, &str)> = f
            .unreached
            .iter()
            .map(|p| (p.name.as_str(), p.why.as_deref().unwrap()))
            .collect();
        assert_eq!(
            unreached,
            vec![
                ("Người telegram:3", "đã chặn bot"),
                (
                    "Người zalo:2",
                    "Zalo: quá 7 ngày người này chưa nhắn cho OA (mã -7)"
                ),
                (
                    "Người zalo:3",
                    "Zalo từ chối (mã -9: Parameters are invalid)"
                ),
                ("Người zalo:4", "gửi lỗi sau 3 lần thử"),
                ("Người zalo:5", "kênh Zalo đang tắt"),
            ]
        );
    }

    #[test]
    fn the_report_reads_short_and_exact() {
        let i = i18n();
        let text = render(&i, Locale::Vi, &mixed_figures(&i));
        let want = "📋 Thông báo số 7 — Bản Đông (19:00 01/12/2026)\n\
                    «Họp bản»\n\
                    📤 Đã gửi: 3/12\n\
                    ✅ Đã nhận: 2\n\
                    ⏳ Chưa xác nhận: 1\n\
                    ❌ Không gửi được: 5\n\
                    🕐 Còn đang gửi: 3\n\
                    🚫 Đã dừng, không gửi: 1\n\
                    \n\
                    ⏳ Chưa xác nhận (1):\n\
                    • Người telegram:2\n\
                    \n\
                    ❌ Không gửi được (5):\n\
                    • Người telegram:3 — đã chặn bot\n\
                    • Người zalo:2 — Zalo: quá 7 ngày người này chưa nhắn cho OA (mã -7)\n\
                    • Người zalo:3 — Zalo từ chối (mã -9: Parameters are invalid)\n\
                    • Người zalo:4 — gửi lỗi sau 3 lần thử\n\
                    • Người zalo:5 — kênh Zalo đang tắt\n\
                    \n\
                    👉 Hãy báo tận nhà hoặc qua loa cho những người trên.";
        assert_eq!(text, want);
        let en = render(&i, Locale::En, &mixed_figures(&i));
        assert!(en.starts_with("📋 Notice 7 — Bản Đông"), "{en}");
        assert!(en.contains("✅ Received: 2"), "{en}");
    }

    #[test]
    fn receipts_are_counted_apart_from_acknowledgements() {
        let i = i18n();
        let all = mixed();
        // A receipt for a delivery that failed (a stale id) does not count.
        let receipts: std::collections::HashMap<&str, Receipt> = [
            ("zalo:1", Receipt::Seen),
            ("telegram:2", Receipt::Received),
            ("zalo:2", Receipt::Seen),
        ]
        .into();
        assert_eq!(receipt_counts(&all, &receipts), (2, 1));
        let mut f = mixed_figures(&i);
        (f.received, f.seen) = receipt_counts(&all, &receipts);
        assert_eq!(f.acknowledged, 2, "unchanged by receipts");
        let text = render(&i, Locale::Vi, &f);
        assert!(
            text.contains("❌ Không gửi được: 5\n📱 Zalo báo đã đến máy: 2 · 👀 đã xem: 1\n🕐"),
            "{text}"
        );
        let en = render(&i, Locale::En, &f);
        assert!(
            en.contains("📱 Zalo says on the phone: 2 · 👀 seen: 1"),
            "{en}"
        );
        assert!(!render(&i, Locale::Vi, &mixed_figures(&i)).contains("📱"));
    }

    #[test]
    fn received_late_leaves_not_reached_and_counts_apart() {
        let i = i18n();
        let all = mixed();
        // zalo:2 (window closed) got it by catch-up and acknowledged it; telegram:3 (blocked,
        // came back) got it too, not acknowledged yet.
        let acked: HashSet<&str> = ["telegram:1", "zalo:1", "zalo:2"].into();
        let late: HashSet<&str> = ["zalo:2", "telegram:3"].into();
        let mut f = figures(
            &all,
            &acked,
            &late,
            0,
            |d| d.recipient.clone(),
            |d| why(&i, Locale::Vi, d),
        );
        // Someone who subscribed afterwards, not acknowledged yet.
        f.add_late("telegram:9".into(), false);
        assert_eq!((f.sent, f.late, f.acknowledged), (3, 3, 3));
        let waiting: Vec<&str> = f.waiting.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(waiting, ["telegram:2", "telegram:3", "telegram:9"]);
        let unreached: Vec<&str> = f.unreached.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(unreached, ["zalo:3", "zalo:4", "zalo:5"]);
        assert_eq!(
            f.total(),
            3 + 3 + 3 + 1 + 1,
            "sent, late, unreached, pending, cancelled"
        );
        let text = render(&i, Locale::Vi, &f);
        assert!(
            text.contains("❌ Không gửi được: 3\n📬 Nhận muộn (khi nhắn lại bot): 3\n"),
            "{text}"
        );
    }

    #[test]
    fn long_lists_are_capped() {
        let i = i18n();
        let f = Figures {
            id: 1,
            sent: 25,
            waiting: (0..25)
                .map(|n| Person {
                    name: format!("N{n:02}"),
                    why: None,
                })
                .collect(),
            ..Figures::default()
        };
        let text = render(&i, Locale::Vi, &f);
        assert_eq!(text.matches("\n• ").count(), LIST_CAP);
        assert!(text.contains("• N09\n… và 15 người nữa"), "{text}");
        assert!(!text.contains("N10"), "{text}");
        let nothing = render(&i, Locale::Vi, &Figures::default());
        assert!(!nothing.contains("👉"), "{nothing}");
    }

    #[test]
    fn every_reason_has_words() {
        for r in [
            None,
            Some(FailReason::TokenRevoked { words: "x".into() }),
            Some(FailReason::NotFollowing {
                code: -1,
                words: "x".into(),
            }),
            Some(FailReason::Refused {
                code: None,
                words: "Bad Request".into(),
            }),
            Some(FailReason::AnnouncementMissing),
            Some(FailReason::QuotaUsed { limit: 1 }),
            Some(FailReason::OutsideHours {
                hours: "08:00-22:00".into(),
            }),
            Some(FailReason::PackageLacks {
                code: -7,
                words: "x".into(),
            }),
        ] {
            let (key, _, _) = reason_key(r.as_ref());
            let i = i18n();
            for l in Locale::ALL {
                assert!(i.has(key), "{key}");
                let mut del = d("zalo:1", DeliveryStatus::Failed, r.clone());
                del.attempts = 1;
                assert!(!why(&i, l, &del).is_empty());
            }
        }
    }
}
