//! Who may do what (docs/domain.md §3–4), as pure functions of the acting person
//! and the target. The service calls these before every read and write.

use serde::{Deserialize, Serialize};

use super::ids::{AccountId, OrgId};
use super::lifecycle::MessageAction;
use super::org::OrgPath;
use super::role::{Role, Roles};

/// The signed-in person on whose behalf a call is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub account: AccountId,
    /// "Петрова А. С."
    pub name: String,
    pub email: String,
    pub org: OrgId,
    pub org_path: OrgPath,
    pub org_name: String,
    pub roles: Roles,
    /// Has confirmed "Мною пройдено обучение"; nothing else is allowed before.
    pub trained: bool,
    /// The public side (the citizens' form), not a person: it may only
    /// hand in citizens' messages.
    #[serde(default)]
    pub intake: bool,
}

impl Actor {
    /// The public side's principal: no account, no role, no organisation.
    pub fn intake() -> Actor {
        Actor {
            account: AccountId(0),
            name: "intake".into(),
            email: String::new(),
            org: OrgId(0),
            org_path: OrgPath("intake".into()),
            org_name: String::new(),
            roles: Roles::empty(),
            trained: true,
            intake: true,
        }
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.has(role)
    }

    /// Admin or curator of an ancestor-or-self of `target`.
    fn oversees(&self, role: Role, target: &OrgPath) -> bool {
        self.has(role) && self.org_path.contains(target)
    }

    fn member_with(&self, role: Role, org: OrgId) -> bool {
        self.has(role) && self.org == org
    }

    /// A curator of the tree's root.
    pub fn is_platform_curator(&self) -> bool {
        self.has(Role::Curator) && self.org_path.is_root()
    }

    /// An administrator of the tree's root.
    pub fn is_platform_admin(&self) -> bool {
        self.has(Role::Admin) && self.org_path.is_root()
    }
}

/// Which of an organisation's messages someone may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MessageVisibility {
    All,
    AssignedTo(AccountId),
    None,
}

/// The org a message belongs to, as the rules need it.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub org: OrgId,
    pub path: &'a OrgPath,
}

pub fn message_visibility(actor: &Actor, target: Target) -> MessageVisibility {
    if actor.oversees(Role::Curator, target.path)
        || actor.member_with(Role::Coordinator, target.org)
        || actor.member_with(Role::Leader, target.org)
    {
        MessageVisibility::All
    } else if actor.member_with(Role::Executor, target.org) {
        MessageVisibility::AssignedTo(actor.account)
    } else {
        MessageVisibility::None
    }
}

/// May `actor` read one message of `target` assigned to `assignee`?
pub fn may_view_message(actor: &Actor, target: Target, assignee: Option<AccountId>) -> bool {
    match message_visibility(actor, target) {
        MessageVisibility::All => true,
        MessageVisibility::AssignedTo(me) => assignee == Some(me),
        MessageVisibility::None => false,
    }
}

/// Accounts of an organisation are seen by its own staff and by the admins
/// and curators above it.
pub fn may_view_accounts(actor: &Actor, target: Target) -> bool {
    actor.org == target.org && !actor.roles.is_empty()
        || actor.oversees(Role::Admin, target.path)
        || actor.oversees(Role::Curator, target.path)
}

/// Administrators manage accounts, child cabinets and settings of their subtree.
pub fn may_administer(actor: &Actor, target: Target) -> bool {
    actor.oversees(Role::Admin, target.path)
}

/// Only platform curators mark a site as the widget's approved place.
pub fn may_approve_widget_site(actor: &Actor) -> bool {
    actor.is_platform_curator()
}

/// Readiness of a subtree is for the admins and curators above it.
pub fn may_view_readiness(actor: &Actor, target: Target) -> bool {
    actor.oversees(Role::Admin, target.path) || actor.oversees(Role::Curator, target.path)
}

/// Curators set the date a subtree is to be ready by.
pub fn may_set_deadline(actor: &Actor, target: Target) -> bool {
    actor.oversees(Role::Curator, target.path)
}

/// May `actor` perform `action` on a message of `target` assigned to `assignee`?
/// (Whether the lifecycle allows it from the current status is `lifecycle::next`.)
pub fn may_act(
    actor: &Actor,
    action: MessageAction,
    target: Target,
    assignee: Option<AccountId>,
) -> bool {
    let in_scope = match action {
        MessageAction::Accept | MessageAction::Reject => actor.org_path.contains(target.path),
        _ => true,
    };
    in_scope && may_act_in(actor, action, target.org, assignee)
}

/// The rule of [`may_act`] as far as the message's organisation tells it
/// (the one place a path adds to it is moderation, which platform curators
/// hold at the root above every path). A client asks this before it opens
/// a step's picker or prompt; the service decides with [`may_act`].
pub fn may_act_in(
    actor: &Actor,
    action: MessageAction,
    org: OrgId,
    assignee: Option<AccountId>,
) -> bool {
    let assigned_to_me = assignee == Some(actor.account);
    match action {
        MessageAction::Accept | MessageAction::Reject => actor.is_platform_curator(),
        MessageAction::Assign => actor.member_with(Role::Coordinator, org),
        MessageAction::EditDraft | MessageAction::SubmitDraft => {
            actor.member_with(Role::Executor, org) && assigned_to_me
        }
        MessageAction::AskRedirect => {
            actor.member_with(Role::Coordinator, org)
                || actor.member_with(Role::Executor, org) && assigned_to_me
        }
        MessageAction::Approve
        | MessageAction::Return
        | MessageAction::ApproveRedirect
        | MessageAction::DeclineRedirect
        | MessageAction::Close => actor.member_with(Role::Leader, org),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(id: i64, path: &str, roles: &[Role]) -> Actor {
        let path = OrgPath(path.into());
        Actor {
            account: AccountId(id),
            name: "Тест".into(),
            email: "t@t.ru".into(),
            org: *path.ids().last().unwrap(),
            org_path: path,
            org_name: "Org".into(),
            roles: roles.iter().copied().collect(),
            trained: true,
            intake: false,
        }
    }

    const SCHOOL: &str = "/1/2/3/";
    fn school() -> OrgPath {
        OrgPath(SCHOOL.into())
    }
    fn t(p: &OrgPath) -> Target<'_> {
        Target {
            org: *p.ids().last().unwrap(),
            path: p,
        }
    }

    #[test]
    fn visibility_by_role() {
        let p = school();
        let coord = actor(1, SCHOOL, &[Role::Coordinator]);
        let exec = actor(2, SCHOOL, &[Role::Executor]);
        let curator_above = actor(3, "/1/2/", &[Role::Curator]);
        let admin_above = actor(4, "/1/2/", &[Role::Admin]);
        let other_coord = actor(5, "/1/2/4/", &[Role::Coordinator]);
        assert_eq!(message_visibility(&coord, t(&p)), MessageVisibility::All);
        assert_eq!(
            message_visibility(&exec, t(&p)),
            MessageVisibility::AssignedTo(AccountId(2))
        );
        assert_eq!(
            message_visibility(&curator_above, t(&p)),
            MessageVisibility::All
        );
        assert_eq!(
            message_visibility(&admin_above, t(&p)),
            MessageVisibility::None
        );
        assert_eq!(
            message_visibility(&other_coord, t(&p)),
            MessageVisibility::None
        );
        assert!(may_view_message(&exec, t(&p), Some(AccountId(2))));
        assert!(!may_view_message(&exec, t(&p), Some(AccountId(9))));
        assert!(!may_view_message(&exec, t(&p), None));
        // A coordinator of the department does not see the school's queue.
        let dept_coord = actor(6, "/1/2/", &[Role::Coordinator]);
        assert_eq!(
            message_visibility(&dept_coord, t(&p)),
            MessageVisibility::None
        );
    }

    #[test]
    fn accounts_and_administration() {
        let p = school();
        let admin_above = actor(4, "/1/2/", &[Role::Admin]);
        let exec = actor(2, SCHOOL, &[Role::Executor]);
        let stranger = actor(7, "/1/9/", &[Role::Admin, Role::Curator]);
        assert!(may_view_accounts(&admin_above, t(&p)));
        assert!(may_view_accounts(&exec, t(&p)));
        assert!(!may_view_accounts(&stranger, t(&p)));
        assert!(may_administer(&admin_above, t(&p)));
        assert!(!may_administer(&exec, t(&p)));
        assert!(!may_administer(&stranger, t(&p)));
    }

    #[test]
    fn actions_by_role() {
        let p = school();
        let coord = actor(1, SCHOOL, &[Role::Coordinator]);
        let exec = actor(2, SCHOOL, &[Role::Executor]);
        let leader = actor(3, SCHOOL, &[Role::Leader]);
        let platform = actor(4, "/1/", &[Role::Curator]);
        let city_curator = actor(5, "/1/2/", &[Role::Curator]);
        let me = Some(AccountId(2));
        assert!(may_act(&coord, MessageAction::Assign, t(&p), None));
        assert!(!may_act(&exec, MessageAction::Assign, t(&p), me));
        assert!(may_act(&exec, MessageAction::SubmitDraft, t(&p), me));
        assert!(!may_act(
            &exec,
            MessageAction::SubmitDraft,
            t(&p),
            Some(AccountId(8))
        ));
        assert!(!may_act(&coord, MessageAction::EditDraft, t(&p), None));
        assert!(may_act(&leader, MessageAction::Approve, t(&p), me));
        assert!(!may_act(&exec, MessageAction::Approve, t(&p), me));
        assert!(may_act(&exec, MessageAction::AskRedirect, t(&p), me));
        assert!(may_act(&coord, MessageAction::AskRedirect, t(&p), None));
        assert!(!may_act(&leader, MessageAction::AskRedirect, t(&p), None));
        assert!(may_act(&platform, MessageAction::Accept, t(&p), None));
        assert!(!may_act(&city_curator, MessageAction::Accept, t(&p), None));
        assert!(may_act(&leader, MessageAction::Close, t(&p), None));
        assert!(!may_act(&coord, MessageAction::Close, t(&p), None));
    }
}
