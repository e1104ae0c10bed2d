//! PLACEHOLDER until the real folding module lands.
pub fn fold(text: &str) -> String {
    text.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
pub fn edit_distance(a: &str, b: &str) -> usize {
    if a == b { 0 } else { 2 }
}
