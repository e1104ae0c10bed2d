//! `loaban eval FILE`: runs every question of a corpus file (tests/corpus/*.toml) through the
//! real core on a fresh store loaded with the default content, and scores what it was read as
//! against what was expected: % understood per style and per intent, the clarified count, and
//! the wrong figures (a confident answer about another subject than the one asked).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use chrono::Utc;
use serde::Deserialize;

use crate::core::Core;
use crate::core::request::{LoanAspect, Request};
use crate::message::{Inbound, InboundBody, UserId};
use crate::store::Store;

/// A corpus file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Corpus {
    pub part: String,
    pub written: String,
    pub q: Vec<Question>,
}

/// One question and what answers it (see tests/corpus/README.md).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub text: String,
    pub style: String,
    pub expect: String,
    #[serde(default)]
    pub programme: Option<String>,
    #[serde(default)]
    pub aspects: Vec<String>,
    #[serde(default)]
    pub programmes: Vec<String>,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub fact: Option<String>,
    #[serde(default)]
    pub criterion: Option<String>,
    #[serde(default)]
    pub hamlets: Option<Vec<String>>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub unit_known: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// How one answer scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Understood,
    /// "Did you mean…", with the right reading among the suggestions.
    Clarified,
    /// Neither, but no figure about another subject either.
    Missed,
    /// A figure, programme or criterion about another subject than the one asked.
    WrongFigure(String),
}

/// Counts for one style or intent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub total: usize,
    pub understood: usize,
    pub clarified: usize,
    pub wrong: usize,
}

impl Tally {
    fn absorb(&mut self, other: &Tally) {
        self.total += other.total;
        self.understood += other.understood;
        self.clarified += other.clarified;
        self.wrong += other.wrong;
    }

    fn add(&mut self, v: &Verdict) {
        self.total += 1;
        match v {
            Verdict::Understood => self.understood += 1,
            Verdict::Clarified => self.clarified += 1,
            Verdict::Missed => {}
            Verdict::WrongFigure(_) => self.wrong += 1,
        }
    }

    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        100.0 * self.understood as f64 / self.total as f64
    }
}

/// The whole evaluation of one corpus file.
#[derive(Debug, Default)]
pub struct Report {
    pub part: String,
    pub all: Tally,
    pub by_style: BTreeMap<String, Tally>,
    pub by_intent: BTreeMap<String, Tally>,
    /// (question, expected, got, verdict) for every question not understood.
    pub failures: Vec<(String, String, String, Verdict)>,
}

impl Report {
    /// Adds `other`'s counts (another file of the same part) to these; failures stay with
    /// their file.
    fn absorb(&mut self, other: &Report) {
        self.all.absorb(&other.all);
        for (k, t) in &other.by_style {
            self.by_style.entry(k.clone()).or_default().absorb(t);
        }
        for (k, t) in &other.by_intent {
            self.by_intent.entry(k.clone()).or_default().absorb(t);
        }
    }
}

/// Runs every question of `corpus` through `core`, each as a new villager in a private chat
/// (in English when `lang = "en"`, following `unit_known` when given).
pub fn run(core: &Core, store: &Store, corpus: &Corpus) -> Report {
    let mut report = Report {
        part: corpus.part.clone(),
        ..Report::default()
    };
    for (i, q) in corpus.q.iter().enumerate() {
        let user = UserId::new("eval", &i.to_string());
        if let Some(h) = &q.unit_known
            && let Err(e) = store.subscribe(&user, h, Utc::now())
        {
            log::error!("eval: subscribing {user} to {h}: {e}");
        }
        let inbound = Inbound {
            chat: user.private_chat(),
            user: user.clone(),
            lang_hint: q.lang.clone(),
            private: true,
            name: None,
            body: InboundBody::Text(q.text.clone()),
        };
        let (read, out) = core.handle_explained(&inbound);
        let text: String = out
            .iter()
            .map(|o| o.message.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let verdict = match &read {
            Some(r) => score(q, r, &text, store),
            None => Verdict::Missed,
        };
        report.all.add(&verdict);
        report
            .by_style
            .entry(q.style.clone())
            .or_default()
            .add(&verdict);
        report
            .by_intent
            .entry(q.expect.clone())
            .or_default()
            .add(&verdict);
        if verdict != Verdict::Understood {
            report
                .failures
                .push((q.text.clone(), expected(q), format!("{read:?}"), verdict));
        }
    }
    report
}

fn expected(q: &Question) -> String {
    let mut s = q.expect.clone();
    for (k, v) in [
        ("programme", q.programme.clone()),
        ("unit", q.unit.clone()),
        ("fact", q.fact.clone()),
        ("criterion", q.criterion.clone()),
    ] {
        if let Some(v) = v {
            s.push_str(&format!(" {k}={v}"));
        }
    }
    if !q.aspects.is_empty() {
        s.push_str(&format!(" aspects={:?}", q.aspects));
    }
    if !q.programmes.is_empty() {
        s.push_str(&format!(" programmes={:?}", q.programmes));
    }
    if let Some(h) = &q.hamlets {
        s.push_str(&format!(" hamlets={h:?}"));
    }
    s
}

fn aspect_name(a: LoanAspect) -> &'static str {
    match a {
        LoanAspect::Eligibility => "eligibility",
        LoanAspect::Amount => "amount",
        LoanAspect::Rate => "rate",
        LoanAspect::Term => "term",
        LoanAspect::Apply => "apply",
        LoanAspect::Collateral => "collateral",
        LoanAspect::Age => "age",
    }
}

/// The commune's id when the question names no unit.
const COMMUNE: &str = "chieng_khoang";

/// Whether `got` is exactly the reading `q` expects.
fn matches(q: &Question, got: &Request) -> bool {
    use Request as R;
    let unit_is = |u: &str| q.unit.as_deref().unwrap_or(COMMUNE) == u;
    match (q.expect.as_str(), got) {
        ("loan_detail", R::LoanDetail { programme, aspects }) => {
            let names: Vec<&str> = aspects.iter().map(|a| aspect_name(*a)).collect();
            q.programme.as_deref() == Some(programme.as_str())
                && if q.aspects.is_empty() {
                    aspects.is_empty()
                } else {
                    q.aspects.iter().all(|a| names.contains(&a.as_str()))
                }
        }
        ("loans_by_purpose", R::LoansByPurpose { programmes }) => {
            let mut a = programmes.clone();
            let mut b = q.programmes.clone();
            a.sort();
            b.sort();
            a == b
        }
        ("loans", R::Loans)
        | ("loan_process", R::LoanProcess)
        | ("criteria_overview", R::CriteriaOverview)
        | ("unsubscribe", R::Unsubscribe { .. })
        | ("my_subscriptions", R::MySubscriptions)
        | ("news", R::News)
        | ("help", R::Help)
        | ("menu" | "greeting", R::Menu | R::Start { .. })
        | ("language", R::Language { .. })
        | ("forget", R::Forget)
        | ("thanks", R::Thanks)
        | ("ack", R::Ack)
        | ("no_answer", R::NoAnswer { .. })
        // A hamlet the content does not have: the reply says it is not known and states no
        // figure — the content's answer to a figure of another place.
        | ("no_answer", R::UnknownHamlet { .. }) => true,
        ("fact", R::Fact { unit, fact }) => unit_is(unit) && q.fact.as_deref() == Some(fact),
        ("unit_facts", R::UnitFacts { unit }) => unit_is(unit),
        ("criteria_summary", R::CriteriaSummary { unit })
        | ("criteria_remaining", R::CriteriaRemaining { unit })
        | ("criteria_list", R::CriteriaList { unit }) => unit_is(unit),
        ("criterion_detail", R::CriterionDetail { unit, criterion }) => {
            unit_is(unit) && q.criterion.as_deref() == Some(criterion)
        }
        ("subscribe", R::Subscribe { hamlets } | R::Switch { to: hamlets, .. }) => {
            let mut a = hamlets.clone();
            let mut b = q.hamlets.clone().unwrap_or_default();
            a.sort();
            b.sort();
            a == b
        }
        _ => false,
    }
}

/// Why a confident answer states something about another subject than the one asked, if it
/// does. An answer that states no figure (a menu, "did you mean", "no answer") never does.
fn wrong_subject(q: &Question, got: &Request) -> Option<String> {
    use Request as R;
    let asked_unit = q.unit.as_deref().unwrap_or(COMMUNE);
    match got {
        R::LoanDetail { programme, .. } => {
            let fits = match q.expect.as_str() {
                "loan_detail" => q.programme.as_deref() == Some(programme),
                "loans_by_purpose" => q.programmes.contains(programme),
                _ => false,
            };
            (!fits).then(|| format!("states programme {programme}"))
        }
        R::LoansByPurpose { programmes } => {
            let allowed: Vec<&str> = match q.expect.as_str() {
                "loans_by_purpose" => q.programmes.iter().map(String::as_str).collect(),
                "loan_detail" => q.programme.iter().map(String::as_str).collect(),
                _ => vec![],
            };
            let extra: Vec<&String> = programmes
                .iter()
                .filter(|p| !allowed.contains(&p.as_str()))
                .collect();
            (!extra.is_empty()).then(|| format!("offers programmes {extra:?} that do not fit"))
        }
        R::Fact { unit, fact } => {
            let fits = q.expect == "fact" && unit == asked_unit && q.fact.as_deref() == Some(fact);
            (!fits).then(|| format!("states fact {unit}/{fact}"))
        }
        R::UnitFacts { unit } => {
            let fits = matches!(q.expect.as_str(), "fact" | "unit_facts") && unit == asked_unit;
            (!fits).then(|| format!("states the figures of {unit}"))
        }
        R::CriteriaSummary { unit } | R::CriteriaList { unit } | R::CriteriaRemaining { unit } => {
            // The same unit's criteria, less specific than one criterion: not another subject.
            let fits = (q.expect.starts_with("criteri")) && unit == asked_unit;
            (!fits).then(|| format!("states the criteria of {unit}"))
        }
        R::CriterionDetail { unit, criterion } => {
            let fits = match q.expect.as_str() {
                "criterion_detail" => {
                    unit == asked_unit && q.criterion.as_deref() == Some(criterion)
                }
                "criteria_summary" | "criteria_remaining" | "criteria_list" => unit == asked_unit,
                _ => false,
            };
            (!fits).then(|| format!("states criterion {unit}/{criterion}"))
        }
        _ => None,
    }
}

/// Scores one answer: its decision, and its rendered text where a figure is stated.
fn score(q: &Question, got: &Request, text: &str, store: &Store) -> Verdict {
    if let Some(why) = wrong_subject(q, got) {
        return Verdict::WrongFigure(why);
    }
    // The text must name what the decision says it does, and no programme besides.
    if let Some(why) = wrong_text(q, got, text, store) {
        return Verdict::WrongFigure(why);
    }
    if matches(q, got) {
        return Verdict::Understood;
    }
    if let Request::NotUnderstood { suggestions } = got
        && suggestions.iter().any(|s| matches(q, s))
    {
        return Verdict::Clarified;
    }
    Verdict::Missed
}

fn wrong_text(q: &Question, got: &Request, text: &str, store: &Store) -> Option<String> {
    let programmes = store.programmes().ok()?;
    let allowed: Vec<&str> = match got {
        Request::LoanDetail { programme, .. } => vec![programme.as_str()],
        Request::LoansByPurpose { programmes } => programmes.iter().map(String::as_str).collect(),
        _ => return None,
    };
    let _ = q;
    for p in &programmes {
        let named = text.contains(&p.name_vi) || text.contains(&p.name_en);
        if named && !allowed.contains(&p.id.as_str()) {
            return Some(format!("the reply names programme {}", p.id));
        }
    }
    None
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = |f: &mut fmt::Formatter<'_>, name: &str, t: &Tally| {
            writeln!(
                f,
                "  {name:<20} {:>4} {:>6.1} % {:>4} {:>4}",
                t.total,
                t.percent(),
                t.clarified,
                t.wrong
            )
        };
        writeln!(
            f,
            "part {}: {} questions, {:.1} % understood, {} clarified, {} wrong figures",
            self.part,
            self.all.total,
            self.all.percent(),
            self.all.clarified,
            self.all.wrong
        )?;
        writeln!(f, "by style:              n  understood clar wrong")?;
        for (k, t) in &self.by_style {
            line(f, k, t)?;
        }
        writeln!(f, "by intent:             n  understood clar wrong")?;
        for (k, t) in &self.by_intent {
            line(f, k, t)?;
        }
        Ok(())
    }
}

/// The failures, one block each (only on `--failures`).
pub fn failures(report: &Report) -> String {
    let mut out = String::new();
    for (text, want, got, verdict) in &report.failures {
        let tag = match verdict {
            Verdict::WrongFigure(why) => format!("WRONG FIGURE ({why})"),
            Verdict::Clarified => "clarified".to_string(),
            _ => "missed".to_string(),
        };
        out.push_str(&format!("{tag}: {text}\n   want {want}\n    got {got}\n"));
    }
    out
}

/// Reads a corpus file.
pub fn load(path: &Path) -> Result<Corpus, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The `loaban eval FILE… [--failures]` command: `config` (its hamlets, locales and default
/// content) over a fresh store in a temp dir per file, removed afterwards. One file prints
/// its report; several print one line per file, then each part's report over its files
/// (held-out apart from tuning), so the parts are never summed together. Returns what to
/// print.
pub fn command(
    config: crate::config::Config,
    files: &[std::path::PathBuf],
    with_failures: bool,
    explain: Option<&str>,
) -> Result<String, String> {
    if let Some(text) = explain {
        return with_scratch(config, |app| Ok(app.core.explain(text)));
    }
    let mut reports = Vec::new();
    for file in files {
        let corpus = load(file)?;
        let report = with_scratch(config.clone(), |app| {
            Ok(run(&app.core, &app.store, &corpus))
        })?;
        reports.push((file, report));
    }
    if let [(_, report)] = reports.as_slice() {
        let mut out = report.to_string();
        if with_failures {
            out.push_str(&failures(report));
        }
        return Ok(out);
    }
    let mut out = String::new();
    let mut parts: Vec<(Report, usize)> = Vec::new();
    for (file, report) in &reports {
        let first = report.to_string();
        let first = first.lines().next().unwrap_or_default();
        out.push_str(&format!("{}: {first}\n", file.display()));
        if with_failures {
            out.push_str(&failures(report));
        }
        match parts.iter_mut().find(|(p, _)| p.part == report.part) {
            Some((p, n)) => {
                p.absorb(report);
                *n += 1;
            }
            None => {
                let mut p = Report {
                    part: report.part.clone(),
                    ..Report::default()
                };
                p.absorb(report);
                parts.push((p, 1));
            }
        }
    }
    for (p, n) in &mut parts {
        p.part = format!("{} ({n} files)", p.part);
        out.push_str(&format!("\n{p}"));
    }
    Ok(out)
}

/// Runs `f` on the service opened over a fresh store in a temp dir, removed afterwards.
fn with_scratch<T>(
    mut config: crate::config::Config,
    f: impl FnOnce(&crate::service::App) -> Result<T, String>,
) -> Result<T, String> {
    let dir = std::env::temp_dir().join(format!("loaban-eval-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    config.data_dir = dir.clone();
    let app = crate::service::open_scratch(config).map_err(|e| format!("{e:#}"))?;
    let out = f(&app);
    drop(app);
    let _ = std::fs::remove_dir_all(&dir);
    out
}
