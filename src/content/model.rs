//! The content file format (TOML): criteria sets, units with statuses and facts, loan programmes.
//!
//! The same structs are what the store keeps, so import and export are lossless by construction.

use serde::{Deserialize, Serialize};

use crate::model::Status;

/// A whole content file, as `loaban import` reads and `loaban export` writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ContentFile {
    /// Format version of this file; currently 1.
    pub format: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria_sets: Vec<CriteriaSet>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Unit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loans: Option<Loans>,
}

/// Whether a set (or unit) belongs to the commune or to a hamlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Commune,
    Hamlet,
}

/// A named list of criteria (e.g. the 19 advanced-NTM criteria of 2021–2025).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriteriaSet {
    /// ASCII slug, e.g. `ntm_nang_cao_2021_2025`.
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
    pub level: Level,
    /// The decision that issued the set, as a citation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
    /// False when names or numbering were not confirmed from a public source.
    pub confirmed: bool,
    /// True when the set is a stand-in (e.g. the hamlet set modelled on another province's).
    #[serde(default)]
    pub illustrative: bool,
    pub criteria: Vec<Criterion>,
}

/// One criterion of a set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// ASCII slug, unique within its set, e.g. `giao_thong`.
    pub code: String,
    /// The official number (1-based) where one exists.
    pub number: u32,
    pub vi: String,
    pub en: String,
    /// Extra words people use for it ("đường" for roads), for free-text matching.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// The commune or one hamlet, with its criteria statuses and facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The commune's slug (e.g. `chieng_khoang`) or a hamlet id from config.toml (e.g. `dong`).
    pub id: String,
    pub level: Level,
    /// Display name, e.g. "xã Chiềng Khoang". Hamlet names come from config; this is used
    /// for the commune and as a fallback.
    pub name: String,
    /// Other names people use for the commune (hamlet aliases live in config).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The criteria set this unit's statuses refer to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria_set: Option<String>,
    /// When the figures were true, as people should read it ("2023", "2026-11").
    pub as_of: String,
    /// Where the figures come from.
    pub source_vi: String,
    pub source_en: String,
    /// Where a person can check or correct them.
    pub check_vi: String,
    pub check_en: String,
    /// True when the figures are illustrative (not verified); the bot says so.
    #[serde(default)]
    pub illustrative: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<StatusEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
}

/// The status of one criterion for one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusEntry {
    pub criterion: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When it was last changed (RFC 3339); absent for imported seed data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_at: Option<String>,
    /// Who changed it (`telegram:1001`, or `import`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_by: Option<String>,
}

/// A figure about a unit, with its unit of measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// ASCII slug, unique within the unit, e.g. `households`.
    pub key: String,
    pub label_vi: String,
    pub label_en: String,
    pub value: f64,
    /// Unit of measure after the number, e.g. "triệu đồng/người/năm"; empty for plain counts.
    #[serde(default)]
    pub unit_vi: String,
    #[serde(default)]
    pub unit_en: String,
    /// Words people ask it with besides the labels ("htx", "mấy hợp tác xã"), for free-text
    /// matching.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// The loan programmes and what is common to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Loans {
    pub as_of: String,
    pub source_vi: String,
    pub source_en: String,
    /// Where to confirm rates before applying.
    pub check_vi: String,
    pub check_en: String,
    /// The common application steps, one step per line.
    pub apply_vi: String,
    pub apply_en: String,
    pub programmes: Vec<Programme>,
}

/// What a maximum loan amount is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountUnit {
    PerHousehold,
    PerWorker,
    PerStudentPerMonth,
    PerLoan,
    PerProject,
    PerHouseholdTotal,
}

/// One preferential loan programme. Unknown figures are absent, never zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// ASCII slug, e.g. `ho_ngheo`.
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
    /// Other words people use for it ("hộ nghèo", "cận nghèo"), for free-text matching.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub legal_basis: String,
    pub eligible_vi: String,
    pub eligible_en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_loan_vnd: Option<u64>,
    pub max_loan_unit: AmountUnit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_loan_note_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_loan_note_en: Option<String>,
    pub confirmed_max_loan: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest_pct_year: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest_note_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest_note_en: Option<String>,
    pub confirmed_interest: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_max_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_note_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_note_en: Option<String>,
    pub confirmed_term: bool,
    pub where_vi: String,
    pub where_en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collateral_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collateral_en: Option<String>,
    /// True when the programme is mainly for organisations, not households (listed last).
    #[serde(default)]
    pub for_organisations: bool,
    /// What the money is for, as villagers say it ("chăn nuôi", "trồng chè", "làm nhà"): a
    /// need-first question ("muốn vay nuôi bò") is answered with the programmes whose purposes
    /// it names. A purpose that is also a group of the lexicon brings the group's words along.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<String>,
    /// Who qualifies, in a few words, for the one-line answer to a need-first question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_whom_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_whom_en: Option<String>,
    /// The household standings the programme is only for (empty: any household); a question
    /// that says "không phải hộ nghèo" leaves these programmes out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub only_for: Vec<Standing>,
    /// Standings that may not borrow from it (the disadvantaged-area programme is not for
    /// poor, near-poor or recently escaped households).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_for: Vec<Standing>,
    /// Programmes (ids) whose loan, still owed, bars this one (the disadvantaged-area
    /// programme is not for those who still owe a job-creation loan): "còn nợ vay việc làm,
    /// muốn nuôi gà" leaves it out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_while_owing: Vec<String>,
}

/// A household's standing on the commune's poverty lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// On the poor-household list.
    Poor,
    /// On the near-poor list.
    NearPoor,
    /// Recently off the lists (within three years).
    Escaped,
}
