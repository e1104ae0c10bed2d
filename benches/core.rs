//! How long the core takes to answer, on the default content over a real sled store.
//! Run: cargo bench --bench core

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use loaban::channels::zalo::{event, signature};
use loaban::message::{Address, Inbound, InboundBody, UserId};
use loaban::text::fold::fold;

mod support;

fn open() -> (tempfile::TempDir, loaban::service::App) {
    let dir = tempfile::tempdir().unwrap();
    let config = support::shipped_config(dir.path());
    let path = dir.path().join("config.toml");
    std::fs::write(&path, config).unwrap();
    let app = loaban::service::open(&path).unwrap();
    (dir, app)
}

fn inbound(text: &str) -> Inbound {
    Inbound {
        user: UserId::new("telegram", "5001"),
        chat: Address::new("telegram", "5001"),
        lang_hint: None,
        private: true,
        name: None,
        body: InboundBody::Text(text.into()),
    }
}

fn bench(c: &mut Criterion) {
    let (_dir, app) = open();
    let questions = [
        ("free_text_hamlet_criteria", "ban dong dat may tieu chi"),
        ("free_text_loan_rate", "lãi suất vay hộ nghèo"),
        ("free_text_loan_amount", "ho can ngheo vay duoc bao nhieu"),
        (
            "free_text_purpose",
            "cho em hỏi nhà em muốn vay vốn nuôi bò thì vay ở đâu ạ",
        ),
        (
            "free_text_multi_aspect",
            "lãi suất bao nhiêu và vay được mấy năm hộ nghèo",
        ),
        ("free_text_fact", "xã có mấy hợp tác xã"),
        ("command_criteria_overview", "/tieuchi"),
        ("command_loans_list", "/vayvon"),
    ];
    for (name, q) in questions {
        let msg = inbound(q);
        // First answer creates the user and the session; measure the steady state.
        app.core.handle(&msg);
        c.bench_function(&format!("core/{name}"), |b| {
            b.iter(|| black_box(app.core.handle(black_box(&msg))))
        });
    }
    // What the Zalo webhook does before answering 200: parse the body, check the signature.
    let body = br#"{"app_id":"4242424242","user_id_by_app":"77","event_name":"user_send_text","timestamp":"1717061839659","sender":{"id":"8309393969855402319"},"recipient":{"id":"1423847451268726170"},"message":{"text":"ban dong dat may tieu chi","msg_id":"e2a641af6661713b2874"}}"#;
    let header = signature::header("4242424242", body, "1717061839659", "oa-secret");
    c.bench_function("zalo/webhook_parse_and_verify", |b| {
        b.iter(|| {
            let e = event::parse(black_box(body)).unwrap();
            black_box(signature::verify(
                Some(&header),
                &e.app_id,
                body,
                &e.timestamp,
                "oa-secret",
            ))
        })
    });
    // Catch-up's cost on every message of a subscriber: the index of valid notices of their
    // hamlet is read, and each notice's delivery to them looked up. With none valid, and with
    // five valid notices all delivered to them (nothing to catch up on, the usual case).
    for (name, user, notices) in [
        ("subscriber_question_no_valid_notice", "5002", 0),
        ("subscriber_question_5_valid_notices", "5003", 5),
    ] {
        let msg = Inbound {
            user: UserId::new("telegram", user),
            chat: Address::new("telegram", user),
            ..inbound("ban dong dat may tieu chi")
        };
        app.core.handle(&Inbound {
            body: InboundBody::Text("/dangky dong".into()),
            ..msg.clone()
        });
        received_notices(&app, &format!("telegram:{user}"), notices);
        app.core.handle(&msg);
        c.bench_function(&format!("core/{name}"), |b| {
            b.iter(|| black_box(app.core.handle(black_box(&msg))))
        });
    }
    c.bench_function("fold/sentence", |b| {
        b.iter(|| fold(black_box("Bản Đông đạt mấy tiêu chí nông thôn mới?")))
    });
}

/// `n` notices of Bản Đông, valid, each delivered to `user` (and to nobody else).
fn received_notices(app: &loaban::service::App, user: &str, n: usize) {
    use loaban::store::{Announcement, DeliveryStatus, Recipient, Scope};
    let store = &app.store;
    for _ in 0..n {
        let now = chrono::Utc::now();
        let ann = store
            .create_announcement(
                Announcement {
                    id: 0,
                    scope: Scope::Hamlet("dong".into()),
                    author: "telegram:1001".into(),
                    author_address: Address::new("telegram", "1001"),
                    author_locale: loaban::i18n::Locale::Vi,
                    text: "Họp bản".into(),
                    created_at: now,
                    recipients: 0,
                    materialized: 0,
                    cancelled: false,
                    reported: false,
                    revises: None,
                    revised: None,
                    media: None,
                    urgent: false,
                    scheduled_for: None,
                    late: false,
                    reminds: None,
                    valid_until: Some(now + chrono::Duration::days(7)),
                },
                &[Recipient {
                    user: user.into(),
                    address: user.parse::<UserId>().unwrap().private_chat(),
                    locale: None,
                }],
            )
            .unwrap();
        store.index_valid(&ann).unwrap();
        for d in store.claim_due(10, now).unwrap() {
            store
                .finish_delivery(
                    d.announcement,
                    &d.recipient,
                    DeliveryStatus::Sent,
                    None,
                    now,
                )
                .unwrap();
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
