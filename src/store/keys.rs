//! The keys stores keep beside what people typed, and small helpers of
//! their queries — the same for every store, so that both sort, filter,
//! page and search alike: folded names, sort keys with numbers padded,
//! LIKE patterns, word stems, page cursors.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::domain::{Account, Role, Roles};
use crate::store::records::NewAccount;

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The lower-cased text that names are sorted and searched by. It holds the
/// short and the full name, so either finds the organisation.
pub fn org_name_key(short_name: &str, name: &str) -> String {
    fold(&format!("{short_name} {name}"))
}

/// The key organisations are listed by: the short name case-folded, with
/// every run of digits zero-padded so that numbers sort as numbers.
pub fn org_sort_key(short_name: &str) -> String {
    let folded = fold(short_name);
    let mut out = String::with_capacity(folded.len() + 8);
    let mut digits = String::new();
    for c in folded.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            out.push_str(&format!("{digits:0>8}"));
            digits.clear();
        }
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

/// Case-folded with ё as е: how names are sorted and searched.
pub fn fold(text: &str) -> String {
    text.to_lowercase().replace('ё', "е")
}

/// The key accounts are ordered by.
pub fn account_sort_key(surname: &str, first: &str, patronymic: &str) -> String {
    fold(&format!("{surname} {first} {patronymic}"))
}

/// What the accounts filter searches: name, e-mail, position.
pub fn account_search_key(a: &NewAccount) -> String {
    fold(&format!(
        "{} {} {} {} {}",
        a.surname, a.first_name, a.patronymic, a.email, a.position
    ))
}

/// Cursor of the row after which the next page starts.
pub fn account_cursor(a: &Account) -> String {
    format!(
        "{}:{}",
        a.id,
        account_sort_key(&a.surname, &a.first_name, &a.patronymic)
    )
}

/// Cuts one extra row off a page of `limit + 1` and makes it the cursor.
pub fn split_page<T>(
    mut items: Vec<T>,
    limit: u32,
    cursor: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    if items.len() > limit as usize {
        items.truncate(limit as usize);
        let next = items.last().map(cursor);
        (items, next)
    } else {
        (items, None)
    }
}

/// `?1, ?2, …` style placeholders are awkward for IN lists; this renders codes inline
/// (they are integers from our own enum, never user text).
pub fn in_list(codes: impl IntoIterator<Item = i64>) -> String {
    codes
        .into_iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn russian() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Russian))
}

fn english() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The shortest stem searched as a prefix; shorter ones match whole words.
pub const MIN_PREFIX: usize = 3;

/// The stems of every word of `text`, in order.
pub fn stems(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let word = w.to_lowercase().replace('ё', "е");
            let stem = if word.chars().any(|c| matches!(c, 'а'..='я')) {
                russian().stem(&word)
            } else if word.chars().all(|c| c.is_ascii_alphabetic()) {
                english().stem(&word)
            } else {
                std::borrow::Cow::Borrowed(word.as_str())
            };
            stem.into_owned()
        })
        .collect()
}

/// The bit of `role` in the stored roles column.
pub fn role_bit(role: Role) -> i64 {
    i64::from(Roles::empty().with(role).bits())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sort_as_numbers() {
        let mut names = vec![
            "МБОУ «СОШ № 12»",
            "МБОУ «СОШ № 5»",
            "Ёлочка",
            "елка 2",
            "МБОУ «СОШ № 5а»",
        ];
        names.sort_by_key(|n| org_sort_key(n));
        assert_eq!(
            names,
            vec![
                "елка 2",
                "Ёлочка",
                "МБОУ «СОШ № 5»",
                "МБОУ «СОШ № 5а»",
                "МБОУ «СОШ № 12»"
            ]
        );
    }
}
