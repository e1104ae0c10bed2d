//! Text helpers shared by channels whose messages have a length limit.

/// Splits text into pieces of at most `max` characters, preferring line boundaries.
pub fn split_text(text: &str, max: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut current_len = 0;
    for line in text.split_inclusive('\n') {
        let len = line.chars().count();
        if current_len + len > max && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
            current_len = 0;
        }
        if len > max {
            // One line longer than a message: cut it by characters.
            let chars: Vec<char> = line.chars().collect();
            for chunk in chars.chunks(max) {
                let piece: String = chunk.iter().collect();
                if chunk.len() == max {
                    parts.push(piece);
                } else {
                    current_len = piece.chars().count();
                    current = piece;
                }
            }
            continue;
        }
        current.push_str(line);
        current_len += len;
    }
    if !current.trim().is_empty() || parts.is_empty() {
        parts.push(current);
    }
    parts
        .into_iter()
        .map(|p| p.trim_end_matches('\n').to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_piece() {
        assert_eq!(split_text("xin chào", 4096), vec!["xin chào"]);
        assert_eq!(split_text("", 4096), vec![""]);
    }

    #[test]
    fn long_text_splits_on_lines_and_keeps_everything() {
        let line = "Dòng thông báo có dấu tiếng Việt.\n";
        let text = line.repeat(300);
        let parts = split_text(&text, 4096);
        assert!(parts.len() > 1);
        for p in &parts {
            assert!(p.chars().count() <= 4096);
            assert!(p.ends_with('.'), "split at a line end");
        }
        let joined: String = parts.join("\n");
        assert_eq!(joined, text.trim_end_matches('\n'));
    }

    #[test]
    fn one_huge_line_is_cut_by_characters() {
        let text = "đ".repeat(10_000);
        let parts = split_text(&text, 4096);
        assert_eq!(
            parts.iter().map(|p| p.chars().count()).collect::<Vec<_>>(),
            vec![4096, 4096, 1808]
        );
    }
}
