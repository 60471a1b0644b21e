//! What changed: the small typed events every committed write leaves for
//! the clients that follow the platform live, and who may learn of each.
//!
//! A change carries what a client needs to decide whether to refresh (ids,
//! organisations, the new version) and never personal data: no names,
//! addresses, contacts or texts.

use serde::{Deserialize, Serialize};

use super::ids::{AccountId, MessageId, OrgId, PollId};
use super::message::MessageStatus;
use super::org::OrgPath;
use super::permissions::{self, Actor, Target};

/// Where a message stands: its organisation, status and executor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub org: OrgId,
    pub path: OrgPath,
    pub status: MessageStatus,
    pub assignee: Option<AccountId>,
}

impl Place {
    /// May `actor` read a message standing here?
    fn readable_by(&self, actor: &Actor) -> bool {
        let target = Target {
            org: self.org,
            path: &self.path,
        };
        permissions::may_view_message(actor, target, self.assignee)
            && (self.status != MessageStatus::Moderation || actor.is_platform_curator())
    }

    /// Does a message standing here count in the figures `actor` sees?
    fn counted_for(&self, actor: &Actor) -> bool {
        self.status != MessageStatus::Moderation || actor.is_platform_curator()
    }
}

/// One committed change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    /// A message came in (`was` None) or took a step: assigned, stepped,
    /// redirected, moderated. `version` is its version now.
    Message {
        id: MessageId,
        version: i64,
        now: Place,
        was: Option<Place>,
    },
    /// The figures of these organisations changed: what someone who may
    /// not read a message learns of its step.
    Counts { orgs: Vec<OrgId> },
    /// An account was created or changed (details, roles, status,
    /// invitation, training, responsibilities).
    Account {
        id: AccountId,
        org: OrgId,
        path: OrgPath,
    },
    /// An organisation was created or changed (details, flags, widget,
    /// readiness deadline); `path` is its own.
    Org { id: OrgId, path: OrgPath },
    /// The answer templates kept at this organisation changed.
    Templates { org: OrgId, path: OrgPath },
    /// A poll was created, took a step, or took a vote; `version` and
    /// `ballots` are its own now.
    Poll {
        id: PollId,
        org: OrgId,
        path: OrgPath,
        version: i64,
        ballots: u64,
    },
    /// The classifier's deadlines or the moderation switch changed.
    Settings,
}

impl Change {
    /// The change as `actor` may learn of it: whole, reduced to the
    /// figures it moved, or nothing.
    pub fn seen_by(&self, actor: &Actor) -> Option<Change> {
        match self {
            Change::Message { now, was, .. } => {
                let places = || std::iter::once(now).chain(was.as_ref());
                if places().any(|p| p.readable_by(actor)) {
                    return Some(self.clone());
                }
                let mut orgs: Vec<OrgId> = places()
                    .filter(|p| p.counted_for(actor))
                    .map(|p| p.org)
                    .collect();
                orgs.dedup();
                (!orgs.is_empty()).then_some(Change::Counts { orgs })
            }
            Change::Account { org, path, .. } => {
                let target = Target { org: *org, path };
                permissions::may_view_accounts(actor, target).then(|| self.clone())
            }
            Change::Templates { org, path } => {
                let target = Target { org: *org, path };
                (path.contains(&actor.org_path) || permissions::may_view_accounts(actor, target))
                    .then(|| self.clone())
            }
            Change::Poll { path, .. } => {
                crate::domain::polls::may_view_polls(actor, path).then(|| self.clone())
            }
            // The tree, its figures and the settings are public to staff.
            Change::Counts { .. } | Change::Org { .. } | Change::Settings => Some(self.clone()),
        }
    }

    /// The organisations whose figures (counts of the tree and tabs) this
    /// change moved.
    pub fn moved_counts(&self) -> Vec<OrgId> {
        match self {
            Change::Message { now, was, .. } => {
                let mut orgs = vec![now.org];
                if let Some(w) = was.as_ref().filter(|w| w.org != now.org) {
                    orgs.push(w.org);
                }
                orgs
            }
            Change::Counts { orgs } => orgs.clone(),
            _ => Vec::new(),
        }
    }
}

/// What a follower of the changes receives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum FeedItem {
    /// A change, with its place in the sequence (`Last-Event-ID`).
    Change { id: i64, change: Change },
    /// Too much passed (or the sequence started over): read everything
    /// again; `id` is where the sequence is now.
    Reload { id: i64 },
}

impl FeedItem {
    pub fn id(&self) -> i64 {
        match self {
            FeedItem::Change { id, .. } | FeedItem::Reload { id } => *id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Role, Roles};

    fn actor(org: i64, path: &str, roles: &[Role]) -> Actor {
        Actor {
            account: AccountId(100 + org),
            name: "Тест Т. Т.".into(),
            email: "t@example.ru".into(),
            org: OrgId(org),
            org_path: OrgPath(path.into()),
            org_name: "Орг".into(),
            roles: roles.iter().fold(Roles::empty(), |r, role| r.with(*role)),
            trained: true,
            intake: false,
        }
    }

    fn place(org: i64, path: &str, status: MessageStatus, assignee: Option<i64>) -> Place {
        Place {
            org: OrgId(org),
            path: OrgPath(path.into()),
            status,
            assignee: assignee.map(AccountId),
        }
    }

    fn assigned(to: i64) -> Change {
        Change::Message {
            id: MessageId(7),
            version: 2,
            now: place(5, "/1/5/", MessageStatus::InWork, Some(to)),
            was: Some(place(5, "/1/5/", MessageStatus::New, None)),
        }
    }

    #[test]
    fn a_message_change_is_whole_for_who_reads_it_and_counts_for_the_rest() {
        let coordinator = actor(5, "/1/5/", &[Role::Coordinator]);
        let curator_above = actor(1, "/1/", &[Role::Curator]);
        let other_org = actor(6, "/1/6/", &[Role::Coordinator]);
        let executor = actor(5, "/1/5/", &[Role::Executor]);
        let change = assigned(105);
        assert_eq!(change.seen_by(&coordinator), Some(change.clone()));
        assert_eq!(change.seen_by(&curator_above), Some(change.clone()));
        assert_eq!(
            change.seen_by(&executor),
            Some(change.clone()),
            "assigned to them"
        );
        let counts = Some(Change::Counts {
            orgs: vec![OrgId(5)],
        });
        assert_eq!(change.seen_by(&other_org), counts);
        assert_eq!(assigned(999).seen_by(&executor), counts, "someone else's");
    }

    #[test]
    fn an_executor_learns_that_a_message_was_taken_from_them() {
        let executor = actor(5, "/1/5/", &[Role::Executor]);
        let taken = Change::Message {
            id: MessageId(7),
            version: 3,
            now: place(5, "/1/5/", MessageStatus::InWork, Some(999)),
            was: Some(place(5, "/1/5/", MessageStatus::InWork, Some(105))),
        };
        assert_eq!(taken.seen_by(&executor), Some(taken.clone()));
    }

    #[test]
    fn moderation_is_the_platform_curators_alone() {
        let received = Change::Message {
            id: MessageId(8),
            version: 1,
            now: place(5, "/1/5/", MessageStatus::Moderation, None),
            was: None,
        };
        let platform = actor(1, "/1/", &[Role::Curator]);
        let city = actor(5, "/1/5/", &[Role::Curator, Role::Coordinator]);
        assert_eq!(received.seen_by(&platform), Some(received.clone()));
        assert_eq!(received.seen_by(&city), None, "not even its counts");
    }

    #[test]
    fn accounts_are_seen_by_their_staff_and_those_above() {
        let change = Change::Account {
            id: AccountId(3),
            org: OrgId(5),
            path: OrgPath("/1/5/".into()),
        };
        assert!(
            change
                .seen_by(&actor(5, "/1/5/", &[Role::Executor]))
                .is_some()
        );
        assert!(change.seen_by(&actor(1, "/1/", &[Role::Admin])).is_some());
        assert!(change.seen_by(&actor(6, "/1/6/", &[Role::Admin])).is_none());
        assert!(
            change
                .seen_by(&actor(1, "/1/", &[Role::Executor]))
                .is_none()
        );
    }

    #[test]
    fn a_redirect_moves_the_counts_of_both_organisations() {
        let redirected = Change::Message {
            id: MessageId(9),
            version: 4,
            now: place(6, "/1/6/", MessageStatus::New, None),
            was: Some(place(5, "/1/5/", MessageStatus::RedirectRequested, None)),
        };
        assert_eq!(redirected.moved_counts(), vec![OrgId(6), OrgId(5)]);
        let target = actor(6, "/1/6/", &[Role::Coordinator]);
        assert_eq!(redirected.seen_by(&target), Some(redirected.clone()));
    }
}
