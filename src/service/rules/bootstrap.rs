//! Signing in and starting: who the credentials are, whom the embedded store
//! offers at sign-in, an empty platform, tokens issued where the store is.

use super::*;

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn whoami(&self, actor: &Actor) -> ServiceResult<Actor> {
        let id = actor.account;
        // As the account is now: roles, organisation and training may have changed.
        self.read(move |conn, _| {
            let account = conn.account(id)?.ok_or(ServiceError::Unauthenticated)?;
            actor_for(conn, account)
        })
        .await
    }

    pub(crate) async fn sign_in(&self, credentials: &Credentials) -> ServiceResult<Actor> {
        if *credentials == Credentials::Intake {
            return Ok(Actor::intake());
        }
        let credentials = credentials.clone();
        self.read(move |conn, _| {
            let account = match &credentials {
                Credentials::Email(raw) => {
                    let email = Email::parse(raw)?;
                    conn.account_by_email(&email)?
                }
                Credentials::Token(token) => match conn.token_account(token)? {
                    Some(id) => conn.account(id)?,
                    None => None,
                },
                Credentials::Intake => None,
            };
            actor_for(conn, account.ok_or(ServiceError::Unauthenticated)?)
        })
        .await
    }
}

/// An account offered at sign-in on the embedded store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub role: Role,
    pub email: String,
    pub name: String,
    pub org_name: String,
}

pub(super) const LAST_ACTOR: &str = "last-actor";

impl<D: Database> CoreService<D> {
    /// One confirmed account per role to offer at sign-in, deepest
    /// organisation first (an institution's staff before the city's).
    pub fn sign_in_suggestions(&self) -> ServiceResult<Vec<Suggestion>> {
        self.store.read(|conn| {
            let mut out = Vec::new();
            let last = conn.meta(LAST_ACTOR)?;
            for role in Role::ALL {
                let found = conn.sign_in_candidate(role, last.as_deref().unwrap_or(""))?;
                out.extend(found.map(|c| Suggestion {
                    role,
                    email: c.email,
                    name: crate::domain::account::full_name(
                        &c.surname,
                        &c.first_name,
                        &c.patronymic,
                    ),
                    org_name: c.org_short_name,
                }));
            }
            Ok(out)
        })
    }

    /// Remembers whom this machine last signed in as (the next start offers it).
    pub fn remember_actor(&self, email: &str) -> ServiceResult<()> {
        self.store
            .write(|tx| Ok((tx.set_meta(LAST_ACTOR, email)?, true)))
    }

    pub fn last_actor(&self) -> ServiceResult<Option<String>> {
        self.store.read(|conn| Ok(conn.meta(LAST_ACTOR)?))
    }

    /// The classifier, read where the store is (the empty onboarding form
    /// needs nobody signed in).
    pub fn classifier(&self) -> ServiceResult<Vec<Category>> {
        self.store.read(|conn| Ok(conn.categories()?))
    }

    /// True when the store holds no organisation yet.
    pub fn is_empty(&self) -> ServiceResult<bool> {
        self.store.read(|conn| Ok(conn.org_count()? == 0))
    }

    /// Starts an empty platform: the root organisation and its first
    /// administrator (also its curator), confirmed. Only on an empty store.
    pub fn create_platform(
        &self,
        org_name: &str,
        surname: &str,
        first_name: &str,
        email: &str,
    ) -> ServiceResult<Email> {
        let required = |field, value: &str| {
            if value.trim().is_empty() {
                Err(Invalid::new(field, Problem::Empty))
            } else {
                Ok(value.trim().to_string())
            }
        };
        let org_name = required(Field::Name, org_name)?;
        let surname = required(Field::Surname, surname)?;
        let first_name = required(Field::FirstName, first_name)?;
        let email = Email::parse(email)?;
        self.store.write(|tx| {
            let orgs_count = tx.org_count()?;
            if orgs_count > 0 {
                return Err(ServiceError::Conflict {
                    current: orgs_count as i64,
                });
            }
            let now = store::now_secs();
            let org = tx.insert_org(
                &NewOrg {
                    parent: None,
                    name: org_name.clone(),
                    short_name: org_name,
                    kind: crate::domain::OrgKind::Platform,
                    ogrn: None,
                    inn: None,
                    site: None,
                },
                now,
            )?;
            tx.insert_account(
                &NewAccount {
                    org,
                    surname,
                    first_name,
                    patronymic: String::new(),
                    email: email.clone(),
                    phone: None,
                    position: String::new(),
                    roles: Roles::empty().with(Role::Admin).with(Role::Curator),
                    status: AccountStatus::Confirmed,
                    trained: false,
                },
                now,
            )?;
            Ok((email, true))
        })
    }
}
