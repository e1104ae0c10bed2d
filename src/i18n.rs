//! Localized text: Fluent bundles read from `locales/<lang>/*.ftl` at start-up, with fallback.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use crate::model::Locale;

/// Why the locale files could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: Fluent syntax error: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: message `{id}` is defined twice")]
    Duplicate { path: PathBuf, id: String },
    #[error("{dir}: no .ftl files for locale `{locale}`")]
    Missing { dir: PathBuf, locale: Locale },
}

/// One argument value for a message: text (already formatted) or a count (for plurals).
pub enum Arg<'a> {
    Text(&'a str),
    Owned(String),
    Count(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s)
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s)
    }
}
impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Owned(s)
    }
}
impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Count(i64::from(n))
    }
}

/// All loaded bundles. Cheap to share behind an `Arc`; `FluentBundle::concurrent` is `Sync`.
pub struct I18n {
    bundles: BTreeMap<Locale, FluentBundle<FluentResource>>,
    /// Per locale, message id → the variables it uses; the consistency test reads this.
    variables: BTreeMap<Locale, BTreeMap<String, BTreeSet<String>>>,
}

impl fmt::Debug for I18n {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("I18n")
            .field("locales", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl I18n {
    /// Reads every `*.ftl` under `dir/vi` and `dir/en`.
    pub fn load(dir: &Path) -> Result<I18n, I18nError> {
        let mut bundles = BTreeMap::new();
        let mut variables = BTreeMap::new();
        for locale in Locale::ALL {
            let sub = dir.join(locale.code());
            let mut files: Vec<PathBuf> = std::fs::read_dir(&sub)
                .map_err(|source| I18nError::Read {
                    path: sub.clone(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(I18nError::Missing {
                    dir: dir.to_path_buf(),
                    locale,
                });
            }
            let langid: unic_langid::LanguageIdentifier =
                locale.code().parse().expect("static language tag");
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Isolation marks (U+2068/U+2069) show as boxes on many phones.
            bundle.set_use_isolating(false);
            let mut vars = BTreeMap::new();
            for path in files {
                let text = std::fs::read_to_string(&path).map_err(|source| I18nError::Read {
                    path: path.clone(),
                    source,
                })?;
                collect_variables(&text, &path, &mut vars)?;
                let resource = FluentResource::try_new(text).map_err(|(_, errs)| {
                    let e = &errs[0];
                    I18nError::Syntax {
                        path: path.clone(),
                        line: 0,
                        message: format!("{:?}", e.kind),
                    }
                })?;
                bundle.add_resource(resource).map_err(|errs| {
                    let id = errs.first().map(|e| format!("{e:?}")).unwrap_or_default();
                    I18nError::Duplicate {
                        path: path.clone(),
                        id,
                    }
                })?;
            }
            bundles.insert(locale, bundle);
            variables.insert(locale, vars);
        }
        Ok(I18n { bundles, variables })
    }

    /// The message `key` in `locale`, falling back to Vietnamese, then to the key itself
    /// (logged) so that a missing wording never becomes a silent failure.
    pub fn t(&self, locale: Locale, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        for loc in [locale, Locale::Vi] {
            let bundle = &self.bundles[&loc];
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let mut fargs = FluentArgs::new();
            for (name, value) in args {
                let v: FluentValue<'_> = match value {
                    Arg::Text(s) => FluentValue::from(*s),
                    Arg::Owned(s) => FluentValue::from(s.as_str()),
                    Arg::Count(n) => FluentValue::from(*n),
                };
                fargs.set(*name, v);
            }
            let mut errors = Vec::new();
            let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            if !errors.is_empty() {
                log::warn!("locale {loc}: message {key}: {errors:?}");
            }
            return out.into_owned();
        }
        log::error!("locale {locale}: message {key} is missing in every locale");
        key.to_string()
    }

    /// Whether `key` is a message (in Vietnamese, which every key has).
    pub fn has(&self, key: &str) -> bool {
        self.bundles[&Locale::Vi].has_message(key)
    }

    /// Message ids and their variables, per locale (for consistency checks).
    pub fn variables(&self) -> &BTreeMap<Locale, BTreeMap<String, BTreeSet<String>>> {
        &self.variables
    }
}

/// Records, for every message in `text`, the variables it references.
fn collect_variables(
    text: &str,
    path: &Path,
    out: &mut BTreeMap<String, BTreeSet<String>>,
) -> Result<(), I18nError> {
    use fluent_syntax::ast;
    let resource = fluent_syntax::parser::parse(text).map_err(|(_, errs)| {
        let e = &errs[0];
        let line = text[..e.pos.start.min(text.len())].matches('\n').count() + 1;
        I18nError::Syntax {
            path: path.to_path_buf(),
            line,
            message: e.kind.to_string(),
        }
    })?;
    fn walk_pattern(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                walk_expr(expression, vars);
            }
        }
    }
    fn walk_expr(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => walk_inline(i, vars),
            ast::Expression::Select { selector, variants } => {
                walk_inline(selector, vars);
                for v in variants {
                    walk_pattern(&v.value, vars);
                }
            }
        }
    }
    fn walk_inline(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => walk_expr(expression, vars),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    walk_inline(a, vars);
                }
            }
            _ => {}
        }
    }
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(v) = &m.value {
                walk_pattern(v, &mut vars);
            }
            if out.insert(m.id.name.to_string(), vars).is_some() {
                return Err(I18nError::Duplicate {
                    path: path.to_path_buf(),
                    id: m.id.name.to_string(),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_hints() {
        assert_eq!(Locale::from_hint("en-US"), Some(Locale::En));
        assert_eq!(Locale::from_hint("vi_VN"), Some(Locale::Vi));
        assert_eq!(Locale::from_hint("VI"), Some(Locale::Vi));
        assert_eq!(Locale::from_hint("fr"), None);
        assert_eq!(Locale::from_hint(""), None);
    }
}
