//! The regional onboarding form (docs/domain.md §7): one row per
//! person — № · organisation · ОГРН · ИНН · site · full name · position ·
//! mobile · e-mail · role · category. Its columns, how a row's cells are
//! read, and what an import reports.

use serde::{Deserialize, Serialize};

use super::error::Problem;
use super::role::Role;

/// A column of the form, in the form's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Column {
    Number,
    Organisation,
    Ogrn,
    Inn,
    Site,
    FullName,
    Position,
    Phone,
    Email,
    Role,
    Category,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Column::Number,
        Column::Organisation,
        Column::Ogrn,
        Column::Inn,
        Column::Site,
        Column::FullName,
        Column::Position,
        Column::Phone,
        Column::Email,
        Column::Role,
        Column::Category,
    ];

    /// Columns a file must have; the others may be missing.
    pub const REQUIRED: [Column; 6] = [
        Column::Organisation,
        Column::FullName,
        Column::Position,
        Column::Phone,
        Column::Email,
        Column::Role,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Column::Number => "number",
            Column::Organisation => "organisation",
            Column::Ogrn => "ogrn",
            Column::Inn => "inn",
            Column::Site => "site",
            Column::FullName => "full-name",
            Column::Position => "position",
            Column::Phone => "phone",
            Column::Email => "email",
            Column::Role => "role",
            Column::Category => "category",
        }
    }

    /// The header as the form prints it.
    pub fn header(self) -> &'static str {
        match self {
            Column::Number => "№ п/п",
            Column::Organisation => {
                "Наименование подведомственной организации (ОМСУ городского поселения/ОМСУ сельского поселения/образовательной организации)"
            }
            Column::Ogrn => "ОГРН",
            Column::Inn => "ИНН",
            Column::Site => "Адрес сайта организации",
            Column::FullName => "ФИО ответственного",
            Column::Position => "Должность ответственного",
            Column::Phone => "Моб.телефон (без 8, в 10-значном формате)",
            Column::Email => "Е-mail (уникальный для каждого сотрудника)",
            Column::Role => "Роль в ПОС* (выбрать из выпадающего списка)",
            Column::Category => "Название категории в ПОС (выбрать из закладки \"Классификатор\")",
        }
    }

    /// Which column a header cell names: tolerant of case, spaces, ё and
    /// the Cyrillic «Е» in «Е-mail».
    pub fn recognise(header: &str) -> Option<Column> {
        let h = fold(header);
        let h = h.trim();
        let has = |s: &str| h.contains(s);
        Some(if h.starts_with('№') || h == "n" || h == "no" {
            Column::Number
        } else if h.starts_with("огрн") {
            Column::Ogrn
        } else if h.starts_with("инн") {
            Column::Inn
        } else if has("фио") || has("фамилия") {
            Column::FullName
        } else if has("должност") {
            Column::Position
        } else if has("телефон") {
            Column::Phone
        } else if has("mail") || has("почта") {
            Column::Email
        } else if h.starts_with("роль") {
            Column::Role
        } else if has("категори") {
            Column::Category
        } else if has("сайт") {
            Column::Site
        } else if has("наименовани") || has("организаци") {
            Column::Organisation
        } else {
            return None;
        })
    }
}

/// Case-folded, ё as е, inner spaces collapsed.
pub fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('ё', "е")
}

/// An organisation's name as rows are matched against it: folded, and
/// without quotes of any kind («», “”, "", ''), so that «МБОУ «СОШ № 5»»
/// and МБОУ "СОШ № 5" are one name.
pub fn org_name_key(text: &str) -> String {
    let unquoted: String = text
        .chars()
        .filter(|c| !matches!(c, '«' | '»' | '“' | '”' | '„' | '"' | '\'' | '‘' | '’'))
        .collect();
    fold(&unquoted)
}

/// One row of the form as read from a file: the cells as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRow {
    /// The row's number in the file (1-based), for messages.
    pub line: u32,
    pub organisation: String,
    pub ogrn: String,
    pub inn: String,
    pub site: String,
    pub full_name: String,
    pub position: String,
    pub phone: String,
    pub email: String,
    pub role: String,
    pub category: String,
}

impl FormRow {
    pub fn get(&self, column: Column) -> &str {
        match column {
            Column::Number => "",
            Column::Organisation => &self.organisation,
            Column::Ogrn => &self.ogrn,
            Column::Inn => &self.inn,
            Column::Site => &self.site,
            Column::FullName => &self.full_name,
            Column::Position => &self.position,
            Column::Phone => &self.phone,
            Column::Email => &self.email,
            Column::Role => &self.role,
            Column::Category => &self.category,
        }
    }

    pub fn set(&mut self, column: Column, value: String) {
        match column {
            Column::Number => {}
            Column::Organisation => self.organisation = value,
            Column::Ogrn => self.ogrn = value,
            Column::Inn => self.inn = value,
            Column::Site => self.site = value,
            Column::FullName => self.full_name = value,
            Column::Position => self.position = value,
            Column::Phone => self.phone = value,
            Column::Email => self.email = value,
            Column::Role => self.role = value,
            Column::Category => self.category = value,
        }
    }

    /// A row with nothing in it (spreadsheets keep many).
    pub fn is_blank(&self) -> bool {
        Column::ALL.iter().all(|c| self.get(*c).trim().is_empty())
    }
}

/// A number a spreadsheet stored as a number loses its leading zeros:
/// ИНН (10 or 12 digits), ОГРН (13 or 15) and the 10-digit mobile get
/// them back.
pub fn restore_zeros(column: Column, value: &str) -> String {
    let v = value.trim();
    if v.is_empty() || !v.chars().all(|c| c.is_ascii_digit()) {
        return v.to_string();
    }
    let lengths: &[usize] = match column {
        Column::Inn => &[10, 12],
        Column::Ogrn => &[13, 15],
        Column::Phone => &[10],
        _ => return v.to_string(),
    };
    // Pad to the nearest length the value could have lost zeros from.
    match lengths.iter().find(|l| **l >= v.len()) {
        Some(l) if *l - v.len() <= 2 => format!("{v:0>l$}", l = *l),
        _ => v.to_string(),
    }
}

/// "Иванов Иван Иванович" → surname, first name, patronymic (may be empty;
/// anything after the third word belongs to it: «Алиев Рашид Гасан оглы»).
pub fn split_full_name(full: &str) -> Option<(String, String, String)> {
    let words: Vec<&str> = full.split_whitespace().collect();
    match words.as_slice() {
        [surname, first, rest @ ..] => {
            Some((surname.to_string(), first.to_string(), rest.join(" ")))
        }
        _ => None,
    }
}

/// The kind of an organisation guessed from its name (the form has no
/// such column): «школа», «гимназия», «лицей» → school, «детский сад» →
/// kindergarten, and so on; anything else is "other".
pub fn guess_kind(name: &str) -> super::org::OrgKind {
    use super::org::OrgKind;
    let n = fold(name);
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&["детский сад", "доу", "ясли"]) {
        OrgKind::Kindergarten
    } else if has(&["школ", "гимнази", "лицей", "сош", "оош"]) {
        OrgKind::School
    } else if has(&["библиотек", "музей", "дом культуры", "культур"])
    {
        OrgKind::Culture
    } else if has(&["спорт", "стадион", "бассейн"]) {
        OrgKind::Sport
    } else if has(&["социальн", "соцзащит", "центр помощи"]) {
        OrgKind::Social
    } else if has(&[
        "жкх",
        "водоканал",
        "теплосет",
        "управляющая компания",
        "жилищ",
    ]) {
        OrgKind::Utilities
    } else if has(&["администраци", "поселени", "омсу"]) {
        OrgKind::Administration
    } else if has(&["управление", "департамент", "комитет"]) {
        OrgKind::Department
    } else {
        OrgKind::Other
    }
}

/// The role as the form's drop-down names it (or its key).
pub fn parse_role(text: &str) -> Option<Role> {
    let t = fold(text);
    let t = t.trim_end_matches('*').trim();
    Role::ALL.into_iter().find(|r| {
        t == r.key()
            || t == fold(role_label(*r))
            || (*r == Role::Admin && (t == "администратор" || t == "администратор лко"))
    })
}

/// The drop-down's words for a role, as the regional form has them.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Admin => "Администратор ЛКО",
        Role::Coordinator => "Координатор",
        Role::Executor => "Исполнитель",
        Role::Leader => "Руководитель",
        Role::Curator => "Куратор",
    }
}

/// How a row will land.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowState {
    /// Creates the person (and the organisation, if new).
    Ready,
    /// The person exists already (in the store or on an earlier row):
    /// roles and categories are added to theirs.
    Merged,
    /// Something in it must be fixed.
    Wrong,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowOutcome {
    pub line: u32,
    pub state: RowState,
}

/// One wrong cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub line: u32,
    pub column: Column,
    pub value: String,
    pub problem: Problem,
}

/// What an import did, or would do (a dry run, or a file with problems:
/// then nothing is written).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: Vec<RowOutcome>,
    pub problems: Vec<RowProblem>,
    pub orgs_created: u32,
    pub orgs_matched: u32,
    pub accounts_created: u32,
    pub accounts_merged: u32,
    /// True when the changes were written.
    pub written: bool,
    pub invitations_sent: u32,
    pub invitations_failed: u32,
    /// Left in the queue for the server's worker to send.
    #[serde(default)]
    pub invitations_queued: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_loosely() {
        for c in Column::ALL {
            assert_eq!(Column::recognise(c.header()), Some(c), "{c:?}");
        }
        assert_eq!(Column::recognise("  огрн "), Some(Column::Ogrn));
        assert_eq!(Column::recognise("E-MAIL"), Some(Column::Email));
        assert_eq!(Column::recognise("Эл. почта"), Some(Column::Email));
        assert_eq!(Column::recognise("ФИО"), Some(Column::FullName));
        assert_eq!(Column::recognise("Примечание"), None);
    }

    #[test]
    fn numbers_get_their_zeros_back() {
        assert_eq!(restore_zeros(Column::Inn, "274012345"), "0274012345");
        assert_eq!(restore_zeros(Column::Inn, "27401234567"), "027401234567");
        assert_eq!(restore_zeros(Column::Inn, "7453012345"), "7453012345");
        assert_eq!(restore_zeros(Column::Phone, "9123456789"), "9123456789");
        assert_eq!(restore_zeros(Column::Inn, "12"), "12");
        assert_eq!(restore_zeros(Column::FullName, "0012"), "0012");
    }

    #[test]
    fn names_and_roles() {
        assert_eq!(
            split_full_name(" Иванов  Иван Иванович "),
            Some(("Иванов".into(), "Иван".into(), "Иванович".into()))
        );
        assert_eq!(
            split_full_name("Алиев Рашид Гасан оглы").unwrap().2,
            "Гасан оглы"
        );
        assert_eq!(split_full_name("Иванов"), None);
        assert_eq!(parse_role("администратор лко"), Some(Role::Admin));
        assert_eq!(parse_role(" Исполнитель "), Some(Role::Executor));
        assert_eq!(parse_role("executor"), Some(Role::Executor));
        assert_eq!(parse_role("Директор"), None);
        use crate::domain::OrgKind;
        assert_eq!(guess_kind("МБОУ «СОШ № 5»"), OrgKind::School);
        assert_eq!(guess_kind("МАДОУ «Детский сад № 7»"), OrgKind::Kindergarten);
        assert_eq!(guess_kind("ООО «Ромашка»"), OrgKind::Other);
    }
}
