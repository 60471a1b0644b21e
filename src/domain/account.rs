//! Accounts (учетные записи): people working in an organisation's cabinet.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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

    #[test]
    fn names() {
        assert_eq!(full_name("Иванов", "Иван", ""), "Иванов Иван");
        assert_eq!(short_name("Петрова", "Анна", "Сергеевна"), "Петрова А. С.");
        assert_eq!(short_name("Ли", "Ана", ""), "Ли А.");
    }
}
