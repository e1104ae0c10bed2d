//! The outbox's hot path over the real sled store (a temp dir on disk): how long one claim
//! takes with 1,000, 10,000 and 100,000 deliveries queued, a tenth of them waiting in
//! back-off (retries not due yet), and how long the worker's per-pass questions take
//! (an announcement's counts, the announcements still to report). Flat from 1,000 to
//! 100,000 is the point: no claim scans a tree.
//!
//! Run: cargo bench --bench outbox
//!      BENCH_QUEUED=1000,10000,100000 BENCH_CLAIMS=2000 cargo bench --bench outbox

mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use loaban::model::{Address, FailReason};
use loaban::store::{Announcement, DeliveryStatus, Recipient, Scope, Store};
use support::{env_or, percentile};

fn announcement() -> Announcement {
    Announcement {
        id: 0,
        scope: Scope::Hamlet("dong".into()),
        author: "telegram:1001".into(),
        author_address: Address::new("telegram", "1001"),
        author_locale: loaban::i18n::Locale::Vi,
        text: "Họp bản lúc 8 giờ sáng Chủ nhật tại nhà văn hóa.".into(),
        created_at: Utc::now(),
        recipients: 0,
        materialized: 0,
        cancelled: false,
        reported: false,
        urgent: false,
        scheduled_for: None,
        late: false,
        reminds: None,
        valid_until: None,
        revises: None,
        revised: None,
        media: None,
    }
}

struct Row {
    queued: usize,
    claim: Duration,
    claim_p99: Duration,
    claim_and_finish: Duration,
    counts: Duration,
    to_report: Duration,
}

fn measure(queued: usize, claims: usize) -> Row {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("data"), 8, 500).unwrap();
    let recipients: Vec<Recipient> = (0..queued)
        .map(|i| Recipient {
            user: format!("telegram:{}", 100_000 + i),
            address: Address::new("telegram", (100_000 + i).to_string()),
            locale: None,
        })
        .collect();
    let ann = store
        .create_announcement(announcement(), &recipients)
        .unwrap();
    drop(recipients);
    // A tenth of the broadcast in back-off: tried once, due again in an hour.
    let now = Utc::now();
    let later = now + chrono::Duration::hours(1);
    for d in store.claim_due(queued / 10, now).unwrap() {
        store
            .retry_delivery(
                ann.id,
                &d.recipient,
                FailReason::Network {
                    words: "connection reset".into(),
                },
                later,
                now,
                false,
            )
            .unwrap();
    }
    store.flush().unwrap();
    let mut claim = Vec::with_capacity(claims);
    let mut both = Vec::with_capacity(claims);
    for _ in 0..claims {
        let t = Instant::now();
        let d = store
            .claim_due(1, Utc::now())
            .unwrap()
            .pop()
            .expect("a due delivery");
        let claimed = t.elapsed();
        store
            .finish_delivery(ann.id, &d.recipient, DeliveryStatus::Sent, None, Utc::now())
            .unwrap();
        claim.push(claimed);
        both.push(t.elapsed());
    }
    store.delivery_counts(ann.id).unwrap();
    let t = Instant::now();
    for _ in 0..100 {
        store.delivery_counts(ann.id).unwrap();
    }
    let counts = t.elapsed() / 100;
    let t = Instant::now();
    for _ in 0..100 {
        assert!(store.announcements_to_report().unwrap().is_empty());
    }
    let to_report = t.elapsed() / 100;
    claim.sort();
    both.sort();
    Row {
        queued,
        claim: percentile(&claim, 0.5),
        claim_p99: percentile(&claim, 0.99),
        claim_and_finish: percentile(&both, 0.5),
        counts,
        to_report,
    }
}

fn main() {
    let sizes: String = env_or("BENCH_QUEUED", "1000,10000,100000".to_string());
    let claims: usize = env_or("BENCH_CLAIMS", 2000);
    println!(
        "outbox/claim: real sled store on disk, one announcement, a tenth of it waiting in back-off; {claims} claims each"
    );
    println!(
        "  {:>8} | {:>10} | {:>10} | {:>15} | {:>12} | {:>14}",
        "queued", "claim p50", "claim p99", "claim+outcome", "counts", "to-report pass"
    );
    for n in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
        let r = measure(n, claims.min(n - n / 10));
        let us = |d: Duration| format!("{:.1} µs", d.as_secs_f64() * 1e6);
        println!(
            "  {:>8} | {:>10} | {:>10} | {:>15} | {:>12} | {:>14}",
            r.queued,
            us(r.claim),
            us(r.claim_p99),
            us(r.claim_and_finish),
            us(r.counts),
            us(r.to_report)
        );
    }
}
