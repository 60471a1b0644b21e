//! Accounts (учетные записи): people working in an organisation's cabinet.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{Field, Invalid, Problem};
use super::ids::{AccountId, OrgId};
use super::role::Roles;
use super::values::{Email, Phone};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountStatus {
    /// Invited, not yet confirmed.
    New,
    Confirmed,
    /// Dismissed or moved to other duties; may be restored.
    Archived,
}

impl AccountStatus {
    pub const ALL: [AccountStatus; 3] = [
        AccountStatus::New,
        AccountStatus::Confirmed,
        AccountStatus::Archived,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AccountStatus::New => "new",
            AccountStatus::Confirmed => "confirmed",
            AccountStatus::Archived => "archived",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        AccountStatus::ALL.into_iter().find(|s| s.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub org: OrgId,
    pub surname: String,
    pub first_name: String,
    /// May be empty.
    pub patronymic: String,
    pub email: Email,
    pub phone: Option<Phone>,
    pub position: String,
    pub roles: Roles,
    pub status: AccountStatus,
    pub invited_at: Option<DateTime<Utc>>,
    pub invitations_sent: u32,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub trained_at: Option<DateTime<Utc>>,
    /// The latest mail to the account and where it stands (in pages of accounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail: Option<super::mail::QueuedMail>,
}

impl Account {
    /// "Иванов Иван Иванович".
    pub fn full_name(&self) -> String {
        full_name(&self.surname, &self.first_name, &self.patronymic)
    }

    /// "Иванов И. И.".
    pub fn short_name(&self) -> String {
        short_name(&self.surname, &self.first_name, &self.patronymic)
    }
}

/// What an administrator types into the account form, before validation.
/// The service validates it again: a client is never trusted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDraft {
    pub surname: String,
    pub first_name: String,
    #[serde(default)]
    pub patronymic: String,
    pub email: String,
    pub phone: String,
    pub position: String,
    pub roles: Roles,
}

/// An [`AccountDraft`] that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAccount {
    pub surname: String,
    pub first_name: String,
    pub patronymic: String,
    pub email: Email,
    pub phone: Phone,
    pub position: String,
    pub roles: Roles,
}

/// The longest name part or position accepted.
pub const MAX_NAME: usize = 100;
pub const MAX_POSITION: usize = 200;

fn required(field: Field, value: &str, max: usize) -> Result<String, Invalid> {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.is_empty() {
        Err(Invalid::new(field, Problem::Empty))
    } else {
        optional(field, &value, max)
    }
}

fn optional(field: Field, value: &str, max: usize) -> Result<String, Invalid> {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.chars().count() > max {
        Err(Invalid::new(field, Problem::TooLong { max }))
    } else {
        Ok(value)
    }
}

impl AccountDraft {
    /// The draft of an existing account, for editing it.
    pub fn of(account: &Account) -> Self {
        AccountDraft {
            surname: account.surname.clone(),
            first_name: account.first_name.clone(),
            patronymic: account.patronymic.clone(),
            email: account.email.to_string(),
            phone: account
                .phone
                .as_ref()
                .map(|p| p.display())
                .unwrap_or_default(),
            position: account.position.clone(),
            roles: account.roles,
        }
    }

    /// The problem of each field, in form order; empty when all is well.
    pub fn problems(&self) -> Vec<Invalid> {
        match self.check() {
            Ok(_) => Vec::new(),
            Err(all) => all,
        }
    }

    /// The first problem, or the validated account.
    pub fn validate(&self) -> Result<ValidAccount, Invalid> {
        self.check().map_err(|mut all| all.swap_remove(0))
    }

    fn check(&self) -> Result<ValidAccount, Vec<Invalid>> {
        let mut problems = Vec::new();
        let mut keep = |r: Result<String, Invalid>| {
            r.unwrap_or_else(|e| {
                problems.push(e);
                String::new()
            })
        };
        let surname = keep(required(Field::Surname, &self.surname, MAX_NAME));
        let first_name = keep(required(Field::FirstName, &self.first_name, MAX_NAME));
        let patronymic = keep(optional(Field::Patronymic, &self.patronymic, MAX_NAME));
        let email = Email::parse(&self.email).map_err(|e| problems.push(e)).ok();
        let phone = Phone::parse(&self.phone).map_err(|e| problems.push(e)).ok();
        let position = required(Field::Position, &self.position, MAX_POSITION)
            .map_err(|e| problems.push(e))
            .unwrap_or_default();
        if self.roles.is_empty() {
            problems.push(Invalid::new(Field::Roles, Problem::NoRoles));
        }
        match (email, phone) {
            (Some(email), Some(phone)) if problems.is_empty() => Ok(ValidAccount {
                surname,
                first_name,
                patronymic,
                email,
                phone,
                position,
                roles: self.roles,
            }),
            _ => Err(problems),
        }
    }
}

pub fn full_name(surname: &str, first: &str, patronymic: &str) -> String {
    [surname, first, patronymic]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn short_name(surname: &str, first: &str, patronymic: &str) -> String {
    let initial = |s: &str| {
        s.chars()
            .next()
            .map(|c| format!(" {c}."))
            .unwrap_or_default()
    };
    format!("{surname}{}{}", initial(first), initial(patronymic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> AccountDraft {
        AccountDraft {
            surname: " Иванова ".into(),
            first_name: "Мария".into(),
            patronymic: String::new(),
            email: "m.ivanova@school5.ru".into(),
            phone: "8 912 345 67 89".into(),
            position: "Учитель  информатики".into(),
            roles: Roles::empty().with(crate::domain::Role::Executor),
        }
    }

    #[test]
    fn drafts_are_validated_field_by_field() {
        let ok = draft().validate().unwrap();
        assert_eq!(ok.surname, "Иванова");
        assert_eq!(ok.position, "Учитель информатики");
        assert_eq!(ok.phone.as_str(), "+79123456789");
        let bad = AccountDraft {
            surname: " ".into(),
            phone: "12345".into(),
            email: "nobody".into(),
            roles: Roles::empty(),
            ..draft()
        };
        let fields: Vec<Field> = bad.problems().iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            vec![Field::Surname, Field::Email, Field::Phone, Field::Roles]
        );
        assert_eq!(bad.validate().unwrap_err().field, Field::Surname);
        assert!(draft().problems().is_empty());
    }

    #[test]
    fn names() {
        assert_eq!(full_name("Иванов", "Иван", ""), "Иванов Иван");
        assert_eq!(short_name("Петрова", "Анна", "Сергеевна"), "Петрова А. С.");
        assert_eq!(short_name("Ли", "Ана", ""), "Ли А.");
    }
}
