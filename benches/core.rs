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
    c.bench_function("fold/sentence", |b| {
        b.iter(|| fold(black_box("Bản Đông đạt mấy tiêu chí nông thôn mới?")))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
