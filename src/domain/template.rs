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

#[cfg(test)]
mod tests {
    use super::*;

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
