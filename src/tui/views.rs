//! Saved views: the queues each role works from, with their counts in the
//! sidebar — coordinators the unassigned, executors their own and those
//! due soon, leaders what waits for approval and the redirect requests,
//! curators what is overdue in their subtree.

use chrono::NaiveDate;

use crate::domain::{Actor, MessageStatus, Role};
use crate::service::MessageQuery;

/// Working days ahead that count as "due soon".
pub const DUE_SOON_DAYS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Unassigned,
    Mine,
    DueSoon,
    OnApproval,
    Redirects,
    OverdueBelow,
}

impl View {
    /// The message key of its name.
    pub fn label(self) -> &'static str {
        match self {
            View::Unassigned => "view-unassigned",
            View::Mine => "view-mine",
            View::DueSoon => "view-due-soon",
            View::OnApproval => "view-on-approval",
            View::Redirects => "view-redirects",
            View::OverdueBelow => "view-overdue-below",
        }
    }

    /// The views of someone with these roles, in the order shown.
    pub fn for_actor(actor: &Actor) -> Vec<View> {
        let mut views = Vec::new();
        if actor.has(Role::Coordinator) {
            views.push(View::Unassigned);
        }
        if actor.has(Role::Executor) {
            views.extend([View::Mine, View::DueSoon]);
        }
        if actor.has(Role::Leader) {
            views.extend([View::OnApproval, View::Redirects]);
        }
        if actor.has(Role::Curator) {
            views.push(View::OverdueBelow);
        }
        views
    }

    /// The query behind the view, on the actor's own organisation.
    pub fn query(self, actor: &Actor, today: NaiveDate) -> MessageQuery {
        let mut q = MessageQuery::for_org(actor.org);
        match self {
            View::Unassigned => {
                q.statuses = vec![MessageStatus::New];
                q.unassigned = true;
            }
            View::Mine => {
                q.assignee = Some(actor.account);
                q.statuses = vec![
                    MessageStatus::InWork,
                    MessageStatus::OnApproval,
                    MessageStatus::RedirectRequested,
                ];
            }
            View::DueSoon => {
                q.assignee = Some(actor.account);
                q.due_by = Some(
                    crate::domain::calendar::platform().add_working_days(today, DUE_SOON_DAYS),
                );
            }
            View::OnApproval => q.statuses = vec![MessageStatus::OnApproval],
            View::Redirects => q.statuses = vec![MessageStatus::RedirectRequested],
            View::OverdueBelow => {
                q.subtree = true;
                q.overdue = true;
            }
        }
        q
    }
}
