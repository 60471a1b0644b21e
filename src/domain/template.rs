//! Answer templates: a text with placeholders for the citizen's name, the
//! message number, the organisation and the date, kept per category or
//! for everything.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{Field, Invalid, Problem};
use super::ids::{CategoryId, OrgId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: i64,
    /// The organisation that keeps it; it serves its whole subtree.
    pub org: OrgId,
    /// `None`: for any category.
    pub category: Option<CategoryId>,
    pub title: String,
    pub body: String,
}

/// A new template or new contents for an existing one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateDraft {
    pub org: OrgId,
    pub category: Option<CategoryId>,
    pub title: String,
    pub body: String,
}

pub const MAX_TITLE: usize = 200;

impl TemplateDraft {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.title.trim().is_empty() {
            return Err(Invalid::new(Field::Title, Problem::Empty));
        }
        if self.title.chars().count() > MAX_TITLE {
            return Err(Invalid::new(
                Field::Title,
                Problem::TooLong { max: MAX_TITLE },
            ));
        }
        if self.body.trim().is_empty() {
            return Err(Invalid::new(Field::Text, Problem::Empty));
        }
        if self.body.chars().count() > super::lifecycle::MAX_TEXT {
            return Err(Invalid::new(
                Field::Text,
                Problem::TooLong {
                    max: super::lifecycle::MAX_TEXT,
                },
            ));
        }
        Ok(())
    }
}

/// What placeholders are filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filling<'a> {
    pub citizen_name: &'a str,
    pub number: i64,
    pub organisation: &'a str,
    /// Today: the date of the answer.
    pub date: NaiveDate,
    /// The day the message came.
    pub received: NaiveDate,
}

/// The placeholders, Russian and English spellings alike.
pub const PLACEHOLDERS: [(&str, &str); 5] = [
    ("{имя}", "{name}"),
    ("{номер}", "{number}"),
    ("{организация}", "{organisation}"),
    ("{дата}", "{date}"),
    ("{дата_обращения}", "{received}"),
];

/// The template's text with its placeholders filled in.
pub fn fill(body: &str, f: &Filling) -> String {
    let values = [
        f.citizen_name.to_string(),
        f.number.to_string(),
        f.organisation.to_string(),
        f.date.format("%d.%m.%Y").to_string(),
        f.received.format("%d.%m.%Y").to_string(),
    ];
    PLACEHOLDERS
        .iter()
        .zip(values)
        .fold(body.to_string(), |text, ((ru, en), value)| {
            text.replace(ru, &value).replace(en, &value)
        })
}

/// Whether `text` is the template `body` with its placeholders filled in
/// any way (another day, another name) and nothing else changed; spaces
/// and line breaks do not count. A date stands for `ДД.ММ.ГГГГ`, a number
/// for digits, a name or an organisation for any text.
pub fn is_unchanged(body: &str, text: &str) -> bool {
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (body, text) = (squeeze(body), squeeze(text));
    let mut pieces = vec![Piece::Text(body.as_str())];
    for (n, (ru, en)) in PLACEHOLDERS.iter().enumerate() {
        let hole = match n {
            1 => Piece::Number,
            3 | 4 => Piece::Date,
            _ => Piece::Any,
        };
        pieces = pieces
            .into_iter()
            .flat_map(|piece| match piece {
                Piece::Text(t) => split_on(t, &[ru, en], hole),
                other => vec![other],
            })
            .collect();
    }
    matches(&pieces, &text)
}

/// A template's text cut at its placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Number,
    Date,
    Any,
}

fn split_on<'a>(text: &'a str, names: &[&str], hole: Piece<'a>) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((at, name)) = names
        .iter()
        .filter_map(|n| rest.find(n).map(|at| (at, *n)))
        .min()
    {
        out.push(Piece::Text(&rest[..at]));
        out.push(hole);
        rest = &rest[at + name.len()..];
    }
    out.push(Piece::Text(rest));
    out
}

fn matches(pieces: &[Piece], text: &str) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    match first {
        Piece::Text(t) => text
            .strip_prefix(t)
            .is_some_and(|after| matches(rest, after)),
        Piece::Number => {
            let digits = text.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && matches(rest, &text[digits..])
        }
        Piece::Date => {
            let date = text
                .get(..10)
                .filter(|d| NaiveDate::parse_from_str(d, "%d.%m.%Y").is_ok());
            date.is_some() && matches(rest, &text[10..])
        }
        // Where the text after the placeholder begins: only where the next
        // literal does (at least one character in), or at the end.
        Piece::Any => match rest.first() {
            None => !text.is_empty(),
            Some(Piece::Text(next)) if !next.is_empty() => text
                .match_indices(next)
                .any(|(at, _)| at > 0 && matches(rest, &text[at..])),
            Some(_) => text
                .char_indices()
                .skip(1)
                .map(|(at, _)| at)
                .chain([text.len()])
                .any(|at| at > 0 && matches(rest, &text[at..])),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_filled_any_day_is_unchanged_and_an_edit_is_not() {
        let body = "Уважаемый(ая) {имя}! По обращению № {номер} от {дата_обращения} сообщаем: \
                    ремонт выполнен.\n{организация}, {дата}";
        let filled = "Уважаемый(ая) Ольга Петровна! По обращению № 104233 от 02.03.2026 \
                      сообщаем: ремонт выполнен.\n\nМБОУ «СОШ № 5», 17.03.2026";
        assert!(is_unchanged(body, filled));
        assert!(!is_unchanged(
            body,
            &filled.replace("выполнен", "выполнен в срок")
        ));
        assert!(!is_unchanged(body, &format!("{filled} Дополнение.")));
        assert!(!is_unchanged(body, "Уважаемый(ая) ! По обращению"));
        // A placeholder left empty is not a filled template.
        assert!(!is_unchanged("{имя}", ""));
        assert!(is_unchanged(
            "Ответ без подстановок.",
            " Ответ  без подстановок. "
        ));
        assert!(is_unchanged("{name}, see {date}", "Olga, see 17.03.2026"));
        assert!(is_unchanged("Ответ: {имя}", "Ответ: Ольга"));
        assert!(is_unchanged("{имя}{организация}", "ОльгаМБОУ"));
        assert!(!is_unchanged("{дата}", "17.03.2026 и ещё"));
    }

    #[test]
    fn placeholders_in_both_spellings() {
        let f = Filling {
            citizen_name: "Ольга Петровна",
            number: 104233,
            organisation: "МБОУ «СОШ № 5»",
            date: NaiveDate::from_ymd_opt(2026, 3, 16).unwrap(),
            received: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        };
        assert_eq!(
            fill(
                "Уважаемая {имя}! По сообщению № {number} от {дата}: {организация}. {неизвестно}",
                &f
            ),
            "Уважаемая Ольга Петровна! По сообщению № 104233 от 16.03.2026: МБОУ «СОШ № 5». {неизвестно}"
        );
        // Today's date is the answer's; the message's own has its placeholder.
        assert_eq!(
            fill(
                "На обращение от {дата_обращения} ({received}) отвечаем {date}.",
                &f
            ),
            "На обращение от 02.03.2026 (02.03.2026) отвечаем 16.03.2026."
        );
    }

    #[test]
    fn drafts_need_a_title_and_a_text() {
        let d = |title: &str, body: &str| TemplateDraft {
            org: OrgId(1),
            category: None,
            title: title.into(),
            body: body.into(),
        };
        assert_eq!(
            d(" ", "x").validate(),
            Err(Invalid::new(Field::Title, Problem::Empty))
        );
        assert_eq!(
            d("Отказ", "").validate(),
            Err(Invalid::new(Field::Text, Problem::Empty))
        );
        assert!(d("Отказ", "Уважаемый {имя}").validate().is_ok());
    }
}
