//! A word-level difference between two texts: a leader sees what the
//! executor wrote against the template it started from.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Same(String),
    Added(String),
    Removed(String),
}

/// Texts longer than this many words are compared whole (the table of a
/// longest common subsequence grows with the product of the lengths).
const MAX_WORDS: usize = 1500;

/// Words with the spaces after them, so that joining them gives the text back.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_space = true;
        } else if in_space {
            out.push(&text[start..i]);
            start = i;
            in_space = false;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// What changed from `from` to `to`, word by word; neighbours of one kind
/// are joined.
pub fn words(from: &str, to: &str) -> Vec<Change> {
    let (a, b) = (tokens(from), tokens(to));
    let mut out: Vec<Change> = Vec::new();
    let mut push = |change: Change| {
        let merged = match (out.last_mut(), &change) {
            (Some(Change::Same(x)), Change::Same(y))
            | (Some(Change::Added(x)), Change::Added(y))
            | (Some(Change::Removed(x)), Change::Removed(y)) => {
                x.push_str(y);
                true
            }
            _ => false,
        };
        if !merged {
            out.push(change);
        }
    };
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        push(Change::Removed(from.to_string()));
        push(Change::Added(to.to_string()));
        return out;
    }
    let same = |x: &str, y: &str| x.trim_end() == y.trim_end();
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if same(a[i], b[j]) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if same(a[i], b[j]) {
            push(Change::Same(b[j].to_string()));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            push(Change::Removed(a[i].to_string()));
            i += 1;
        } else {
            push(Change::Added(b[j].to_string()));
            j += 1;
        }
    }
    a[i..]
        .iter()
        .for_each(|t| push(Change::Removed(t.to_string())));
    b[j..]
        .iter()
        .for_each(|t| push(Change::Added(t.to_string())));
    out
}

/// The share of `to`'s words kept from `from` (0 to 1): how much of a
/// draft a template gave.
pub fn kept_share(changes: &[Change]) -> f64 {
    let count = |s: &str| s.split_whitespace().count();
    let kept: usize = changes
        .iter()
        .map(|c| match c {
            Change::Same(s) => count(s),
            _ => 0,
        })
        .sum();
    let total: usize = changes
        .iter()
        .map(|c| match c {
            Change::Same(s) | Change::Added(s) => count(s),
            Change::Removed(_) => 0,
        })
        .sum();
    if total == 0 {
        0.0
    } else {
        kept as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_added_and_removed() {
        let changes = words(
            "Уважаемый Иван! Ваше обращение рассмотрено.",
            "Уважаемый Иван! Ваше обращение рассмотрено, яму засыплют до пятницы.",
        );
        assert_eq!(
            changes,
            vec![
                Change::Same("Уважаемый Иван! Ваше обращение ".into()),
                Change::Removed("рассмотрено.".into()),
                Change::Added("рассмотрено, яму засыплют до пятницы.".into()),
            ]
        );
        let share = kept_share(&changes);
        assert!(share > 0.4 && share < 0.6, "{share}");
        assert_eq!(kept_share(&words("а б в", "а б в")), 1.0);
        assert_eq!(kept_share(&words("", "")), 0.0);
    }

    #[test]
    fn joining_gives_the_texts_back() {
        let (from, to) = ("раз два  три\nчетыре", "раз три пять\nчетыре");
        let changes = words(from, to);
        let old: String = changes
            .iter()
            .filter_map(|c| match c {
                Change::Same(s) | Change::Removed(s) => Some(s.as_str()),
                Change::Added(_) => None,
            })
            .collect();
        let new: String = changes
            .iter()
            .filter_map(|c| match c {
                Change::Same(s) | Change::Added(s) => Some(s.as_str()),
                Change::Removed(_) => None,
            })
            .collect();
        // Same words may keep the other side's spacing; the words agree.
        assert_eq!(
            old.split_whitespace().collect::<Vec<_>>(),
            from.split_whitespace().collect::<Vec<_>>()
        );
        assert_eq!(
            new.split_whitespace().collect::<Vec<_>>(),
            to.split_whitespace().collect::<Vec<_>>()
        );
    }
}
