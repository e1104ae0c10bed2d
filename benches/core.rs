//! How long the core takes to answer, on the default content over a real sled store.
//! Run: cargo bench --bench core

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use loaban::core::fold::fold;
use loaban::message::{Address, Inbound, InboundBody};

fn open() -> (tempfile::TempDir, loaban::app::App) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let config = std::fs::read_to_string(repo.join("config.toml"))
        .unwrap()
        .replace(
            "data_dir = \"data\"",
            &format!("data_dir = \"{}\"", dir.path().join("data").display()),
        )
        .replace(
            "locales_dir = \"locales\"",
            &format!("locales_dir = \"{}\"", repo.join("locales").display()),
        )
        .replace(
            "default_content = \"content/default.toml\"",
            &format!(
                "default_content = \"{}\"",
                repo.join("content/default.toml").display()
            ),
        );
    let path = dir.path().join("config.toml");
    std::fs::write(&path, config).unwrap();
    let app = loaban::app::open(&path).unwrap();
    (dir, app)
}

fn inbound(text: &str) -> Inbound {
    Inbound {
        user: "telegram:5001".into(),
        chat: Address::new("telegram", "5001"),
        lang_hint: None,
        private: true,
        body: InboundBody::Text(text.into()),
    }
}

fn bench(c: &mut Criterion) {
    let (_dir, app) = open();
    let questions = [
        ("free_text_hamlet_criteria", "ban dong dat may tieu chi"),
        ("free_text_loan_rate", "lãi suất vay hộ nghèo"),
        ("free_text_loan_amount", "ho can ngheo vay duoc bao nhieu"),
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
