//! Turns a field path ("hamlets[1].heads[0]") or a parser span into a line number of a TOML file.
//!
//! Config and content validation report problems by field; admins need the line to fix them.

use toml_edit::{ImDocument, Item};

/// One problem found in a TOML file, located for a person with a text editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; `None` when the field is absent from the file (e.g. a missing required key).
    pub line: Option<usize>,
    /// Dotted path of the field, e.g. `hamlets[1].id`.
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(
                f,
                "{}:{}: {}: {}",
                self.file, line, self.field, self.message
            ),
            None => write!(f, "{}: {}: {}", self.file, self.field, self.message),
        }
    }
}

/// A list of problems, printed one per line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Problems(pub Vec<Problem>);

impl std::fmt::Display for Problems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// Reads a TOML file, or the problem of not being able to ("cannot read: …").
pub fn read(path: &std::path::Path) -> Result<String, Problems> {
    std::fs::read_to_string(path).map_err(|e| {
        Problems(vec![Problem {
            file: path.display().to_string(),
            line: None,
            field: "(file)".into(),
            message: format!("cannot read: {e}"),
        }])
    })
}

/// 1-based line of a byte offset.
pub fn line_of_offset(src: &str, offset: usize) -> usize {
    let end = offset.min(src.len());
    src.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn parse_path(path: &str) -> Vec<Segment<'_>> {
    let mut segs = Vec::new();
    for part in path.split('.') {
        let (key, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            segs.push(Segment::Key(key));
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            if let Ok(n) = idx.trim_end_matches(']').parse() {
                segs.push(Segment::Index(n));
            }
        }
    }
    segs
}

/// The line where `path` is written in `src`, or the nearest enclosing table's line.
pub fn line_of_field(src: &str, path: &str) -> Option<usize> {
    let doc = ImDocument::parse(src).ok()?;
    let mut item: &Item = doc.as_item();
    let mut best: Option<usize> = None;
    for seg in parse_path(path) {
        let next = match seg {
            Segment::Key(k) => {
                let key_span = item
                    .as_table_like()
                    .and_then(|t| t.get_key_value(k))
                    .and_then(|(key, _)| key.span());
                if let Some(span) = key_span {
                    best = Some(span.start);
                }
                item.get(k)
            }
            Segment::Index(i) => item.get(i),
        };
        let Some(next) = next else { break };
        if let Some(span) = next.span() {
            best = Some(best.map_or(span.start, |b| b.max(span.start)));
        }
        item = next;
    }
    best.map(|o| line_of_offset(src, o))
}

/// Locates a serde/TOML parse error: its line, and the key written on that line if any.
pub fn problem_from_toml_error(file: &str, src: &str, err: &toml::de::Error) -> Problem {
    let line = err.span().map(|s| line_of_offset(src, s.start));
    let field = match err.message().split('`').nth(1) {
        Some(name) if err.message().starts_with("unknown field") => name.to_string(),
        _ => line
            .and_then(|l| src.lines().nth(l - 1))
            .map(|text| {
                let t = text.trim();
                if t.starts_with('[') {
                    t.trim_matches(|c| c == '[' || c == ']').to_string()
                } else {
                    t.split('=').next().unwrap_or("").trim().to_string()
                }
            })
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "(file)".to_string()),
    };
    Problem {
        file: file.to_string(),
        line,
        field,
        message: err.message().trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "data_dir = \"data\"\nadmins = [\n  \"telegram:1\",\n  \"bad\",\n]\n\n[[hamlets]]\nid = \"dong\"\nname = \"Bản Đông\"\n\n[[hamlets]]\nid = \"He X\"\nheads = [\"telegram:2\", \"x\"]\n";

    #[test]
    fn top_level_key() {
        assert_eq!(line_of_field(SRC, "data_dir"), Some(1));
    }

    #[test]
    fn array_element() {
        assert_eq!(line_of_field(SRC, "admins[1]"), Some(4));
    }

    #[test]
    fn array_of_tables_field() {
        assert_eq!(line_of_field(SRC, "hamlets[1].id"), Some(12));
        assert_eq!(line_of_field(SRC, "hamlets[0].name"), Some(9));
        assert_eq!(line_of_field(SRC, "hamlets[1].heads[1]"), Some(13));
    }

    #[test]
    fn missing_field_points_at_its_table() {
        assert_eq!(line_of_field(SRC, "hamlets[1].aliases"), Some(11));
    }

    #[test]
    fn absent_everything() {
        assert_eq!(line_of_field(SRC, "telegram.token"), None);
    }

    #[test]
    fn offsets() {
        assert_eq!(line_of_offset("a\nb\nc", 0), 1);
        assert_eq!(line_of_offset("a\nb\nc", 2), 2);
        assert_eq!(line_of_offset("a\nb\nc", 100), 3);
    }
}
