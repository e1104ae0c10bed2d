//! PLACEHOLDER until the real understanding module lands.
use super::catalog::Catalog;
use super::request::Request;
pub struct Understander;
impl Understander {
    pub fn new(_c: &Catalog) -> Understander {
        Understander
    }
    pub fn understand(&self, text: &str) -> Request {
        if let Ok(n) = text.trim().parse::<usize>() {
            return Request::MenuChoice(n);
        }
        Request::NotUnderstood {
            suggestions: vec![],
        }
    }
}
