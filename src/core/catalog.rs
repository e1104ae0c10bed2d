//! The names the bot can recognise in free text: units, hamlets, programmes, criteria.

/// One thing a person may name, with every spelling we accept (any case, with or without
/// diacritics — matching folds them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedEntry {
    pub id: String,
    pub names: Vec<String>,
}

/// Everything free-text understanding can match against. Built from config (hamlets and
/// their aliases) and the store (commune unit, programmes, criteria) when the core starts.
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
}
