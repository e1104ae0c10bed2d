//! The names the bot can recognise in free text: units, hamlets, programmes, criteria, facts,
//! and what each unit and programme can answer.

use crate::content::model::Standing;

/// One thing a person may name, with every spelling we accept (any case, with or without
/// diacritics — matching folds them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedEntry {
    pub id: String,
    pub names: Vec<String>,
}

/// What one unit's content can answer: the criteria of its set and its facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitContent {
    pub id: String,
    /// The codes of the unit's criteria set (empty when it has none).
    pub criteria: Vec<String>,
    /// The fact keys the unit has figures for.
    pub facts: Vec<String>,
    /// When its figures were true ("2023"): another year asked has no answer.
    pub as_of: String,
}

/// What a loan programme is for and who may borrow, as understanding needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoanTraits {
    pub id: String,
    /// The needs it serves (content `purposes`).
    pub purposes: Vec<String>,
    pub only_for: Vec<Standing>,
    pub not_for: Vec<Standing>,
    /// Programme ids whose loan, still owed, bars this one.
    pub not_while_owing: Vec<String>,
    pub for_organisations: bool,
}

/// Everything free-text understanding can match against. Built from config (hamlets and
/// their aliases) and the store (commune unit, programmes, criteria, facts) when the core starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The commune's unit (e.g. id "chieng_khoang", names ["xã Chiềng Khoang", "Chiềng Khoang"]).
    pub commune: Option<NamedEntry>,
    /// Hamlets from config: id, display name and aliases (e.g. "dong": ["Bản Đông", "Đông"]).
    pub hamlets: Vec<NamedEntry>,
    /// Loan programmes: id plus names and keywords (e.g. "ho_can_ngheo": ["hộ cận nghèo", "cận nghèo"]).
    pub programmes: Vec<NamedEntry>,
    /// Criteria, merged over all sets by code (e.g. "giao_thong": ["Giao thông", "đường", "roads"]).
    pub criteria: Vec<NamedEntry>,
    /// Facts, merged over all units by key (labels and aliases).
    pub facts: Vec<NamedEntry>,
    /// What each unit with content can answer.
    pub units: Vec<UnitContent>,
    /// Purposes and standings of each programme (same ids as `programmes`).
    pub loans: Vec<LoanTraits>,
}

impl Catalog {
    /// The content of unit `id`, if it has any.
    pub fn unit(&self, id: &str) -> Option<&UnitContent> {
        self.units.iter().find(|u| u.id == id)
    }
}
