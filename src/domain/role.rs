//! Roles an account may hold; an account's permissions are their union.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Admin,
    Coordinator,
    Executor,
    Leader,
    Curator,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Coordinator,
        Role::Executor,
        Role::Leader,
        Role::Curator,
    ];

    /// Stable name used on the command line, on the wire and in the store.
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Executor => "executor",
            Role::Leader => "leader",
            Role::Curator => "curator",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.key() == key.trim().to_lowercase())
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of roles, stored as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Roles(u8);

impl Roles {
    pub fn empty() -> Self {
        Roles(0)
    }

    pub fn from_bits(bits: u8) -> Self {
        Roles(bits & 0b1_1111)
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    pub fn has(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    pub fn with(self, role: Role) -> Self {
        Roles(self.0 | role.bit())
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.has(*r))
    }

    /// Parses `executor,coordinator`; an unknown name is returned as the error.
    pub fn parse_list(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .try_fold(Roles::empty(), |acc, name| {
                Role::from_key(name)
                    .map(|r| acc.with(r))
                    .ok_or(name.to_string())
            })
    }
}

impl FromIterator<Role> for Roles {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        iter.into_iter().fold(Roles::empty(), Roles::with)
    }
}

impl Serialize for Roles {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Roles {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<Role>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_and_lists() {
        let r = Roles::parse_list("executor, Coordinator").unwrap();
        assert!(r.has(Role::Executor) && r.has(Role::Coordinator));
        assert!(!r.has(Role::Admin));
        assert_eq!(
            r.iter().collect::<Vec<_>>(),
            vec![Role::Coordinator, Role::Executor]
        );
        assert_eq!(Roles::parse_list("executor,boss"), Err("boss".to_string()));
        assert_eq!(Roles::from_bits(r.bits()), r);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"["coordinator","executor"]"#);
        assert_eq!(serde_json::from_str::<Roles>(&json).unwrap(), r);
    }
}
