//! Readiness (docs/domain.md §7): per organisation of a subtree, whether its
//! cabinet is set up to work, with totals per department and days left to
//! the deadline. The store gathers the facts; this module judges them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ids::OrgId;

/// One thing an organisation must have done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    AdminConfirmed,
    AllConfirmed,
    Trained,
    Coordinator,
    Executor,
    Leader,
    SiteSet,
    WidgetGenerated,
    SiteApproved,
    WidgetFound,
    Ready,
}

impl Check {
    pub const ALL: [Check; 11] = [
        Check::AdminConfirmed,
        Check::AllConfirmed,
        Check::Trained,
        Check::Coordinator,
        Check::Executor,
        Check::Leader,
        Check::SiteSet,
        Check::WidgetGenerated,
        Check::SiteApproved,
        Check::WidgetFound,
        Check::Ready,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Check::AdminConfirmed => "admin-confirmed",
            Check::AllConfirmed => "all-confirmed",
            Check::Trained => "trained",
            Check::Coordinator => "coordinator",
            Check::Executor => "executor",
            Check::Leader => "leader",
            Check::SiteSet => "site-set",
            Check::WidgetGenerated => "widget-generated",
            Check::SiteApproved => "site-approved",
            Check::WidgetFound => "widget-found",
            Check::Ready => "ready",
        }
    }

    /// Checks that concern the widget apply only to organisations with a
    /// site ("при наличии сайта").
    fn needs_site(self) -> bool {
        matches!(
            self,
            Check::WidgetGenerated | Check::SiteApproved | Check::WidgetFound
        )
    }
}

/// The facts about one organisation, as the store counts them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgFacts {
    pub org: OrgId,
    pub parent: Option<OrgId>,
    pub short_name: String,
    /// Accounts not archived.
    pub accounts: u32,
    pub confirmed: u32,
    pub trained: u32,
    pub confirmed_admins: u32,
    pub coordinators: u32,
    pub executors: u32,
    pub leaders: u32,
    pub site_set: bool,
    pub widget_generated: bool,
    pub site_approved: bool,
    pub widget_found: bool,
    pub ready: bool,
}

impl OrgFacts {
    /// `None` when the check does not apply (no site, no widget to check).
    pub fn check(&self, check: Check) -> Option<bool> {
        if check.needs_site() && !self.site_set {
            return None;
        }
        Some(match check {
            Check::AdminConfirmed => self.confirmed_admins > 0,
            Check::AllConfirmed => self.accounts > 0 && self.confirmed == self.accounts,
            Check::Trained => self.confirmed > 0 && self.trained == self.confirmed,
            Check::Coordinator => self.coordinators > 0,
            Check::Executor => self.executors > 0,
            Check::Leader => self.leaders > 0,
            Check::SiteSet => self.site_set,
            Check::WidgetGenerated => self.widget_generated,
            Check::SiteApproved => self.site_approved,
            Check::WidgetFound => self.widget_found,
            Check::Ready => self.ready,
        })
    }

    /// Every check that applies is done; a missing site alone does not
    /// hold an organisation back.
    pub fn complete(&self) -> bool {
        Check::ALL
            .into_iter()
            .filter(|c| *c != Check::SiteSet)
            .all(|c| self.check(c) != Some(false))
    }
}

/// How many of a group pass one check, of those it applies to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub done: u32,
    pub of: u32,
}

impl Tally {
    /// Whole percent, rounded down; 100 when the check applies to none.
    pub fn percent(self) -> u32 {
        (self.done * 100).checked_div(self.of).unwrap_or(100)
    }
}

/// Totals of a group of organisations (a department with its subtree, or all).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub org: OrgId,
    pub short_name: String,
    pub orgs: u32,
    /// Organisations with every check that applies done.
    pub complete: Tally,
    /// One per [`Check::ALL`], in that order.
    pub checks: Vec<Tally>,
}

impl Totals {
    fn of<'a>(org: OrgId, short_name: &str, rows: impl Iterator<Item = &'a ReadinessRow>) -> Self {
        let mut totals = Totals {
            org,
            short_name: short_name.to_string(),
            orgs: 0,
            complete: Tally::default(),
            checks: vec![Tally::default(); Check::ALL.len()],
        };
        for row in rows {
            totals.orgs += 1;
            totals.complete.of += 1;
            totals.complete.done += u32::from(row.facts.complete());
            for (tally, check) in totals.checks.iter_mut().zip(Check::ALL) {
                if let Some(done) = row.facts.check(check) {
                    tally.of += 1;
                    tally.done += u32::from(done);
                }
            }
        }
        totals
    }

    pub fn tally(&self, check: Check) -> Tally {
        Check::ALL
            .iter()
            .position(|c| *c == check)
            .and_then(|i| self.checks.get(i).copied())
            .unwrap_or_default()
    }
}

/// One organisation's line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadinessRow {
    /// How deep below the report's root (the root is 0).
    pub depth: u32,
    /// The root's child this organisation falls under (itself for the
    /// children, `None` for the root).
    pub department: Option<OrgId>,
    pub facts: OrgFacts,
}

/// The whole report for a subtree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    pub root: OrgId,
    /// Tree order: each organisation followed by its subtree.
    pub rows: Vec<ReadinessRow>,
    /// Per child of the root, with its subtree.
    pub departments: Vec<Totals>,
    pub total: Totals,
    pub deadline: Option<NaiveDate>,
    /// Days from today to the deadline (negative when it has passed).
    pub days_left: Option<i64>,
}

impl Readiness {
    /// Builds the report from facts in tree order (the root first).
    pub fn build(
        facts: Vec<(u32, OrgFacts)>,
        deadline: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Self {
        let root = facts.first().map(|(_, f)| f.org).unwrap_or(OrgId(0));
        let root_name = facts
            .first()
            .map(|(_, f)| f.short_name.clone())
            .unwrap_or_default();
        let mut department = None;
        let rows: Vec<ReadinessRow> = facts
            .into_iter()
            .map(|(depth, facts)| {
                if depth == 1 {
                    department = Some(facts.org);
                }
                ReadinessRow {
                    depth,
                    department: if depth == 0 { None } else { department },
                    facts,
                }
            })
            .collect();
        let departments = rows
            .iter()
            .filter(|r| r.depth == 1)
            .map(|d| {
                Totals::of(
                    d.facts.org,
                    &d.facts.short_name,
                    rows.iter().filter(|r| r.department == Some(d.facts.org)),
                )
            })
            .collect();
        Readiness {
            root,
            total: Totals::of(root, &root_name, rows.iter()),
            departments,
            rows,
            deadline,
            days_left: deadline.map(|d| (d - today).num_days()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(org: i64, f: impl FnOnce(&mut OrgFacts)) -> OrgFacts {
        let mut facts = OrgFacts {
            org: OrgId(org),
            short_name: format!("org {org}"),
            ..Default::default()
        };
        f(&mut facts);
        facts
    }

    fn complete(f: &mut OrgFacts) {
        *f = OrgFacts {
            org: f.org,
            parent: f.parent,
            short_name: f.short_name.clone(),
            accounts: 3,
            confirmed: 3,
            trained: 3,
            confirmed_admins: 1,
            coordinators: 1,
            executors: 1,
            leaders: 1,
            site_set: true,
            widget_generated: true,
            site_approved: true,
            widget_found: true,
            ready: true,
        };
    }

    #[test]
    fn checks_follow_the_facts() {
        let done = facts(1, complete);
        assert!(Check::ALL.iter().all(|c| done.check(*c) == Some(true)));
        assert!(done.complete());
        let unconfirmed = facts(2, |f| {
            complete(f);
            f.confirmed = 2;
        });
        assert_eq!(unconfirmed.check(Check::AllConfirmed), Some(false));
        assert_eq!(unconfirmed.check(Check::Trained), Some(false));
        assert!(!unconfirmed.complete());
        let no_site = facts(3, |f| {
            complete(f);
            f.site_set = false;
            f.widget_found = false;
        });
        assert_eq!(no_site.check(Check::WidgetFound), None);
        assert_eq!(no_site.check(Check::SiteSet), Some(false));
        assert!(no_site.complete());
        let empty = facts(4, |_| {});
        assert_eq!(empty.check(Check::AllConfirmed), Some(false));
        assert!(!empty.complete());
    }

    #[test]
    fn totals_per_department_and_deadline() {
        let rows = vec![
            (0, facts(1, complete)),
            (1, facts(2, complete)),
            (2, facts(3, |_| {})),
            (1, facts(4, complete)),
        ];
        let today = NaiveDate::from_ymd_opt(2026, 6, 20).unwrap();
        let deadline = NaiveDate::from_ymd_opt(2026, 6, 30);
        let r = Readiness::build(rows, deadline, today);
        assert_eq!(r.days_left, Some(10));
        assert_eq!(r.rows[2].department, Some(OrgId(2)));
        assert_eq!(r.departments.len(), 2);
        assert_eq!(r.departments[0].orgs, 2);
        assert_eq!(r.departments[0].complete, Tally { done: 1, of: 2 });
        assert_eq!(r.departments[0].complete.percent(), 50);
        assert_eq!(r.departments[1].complete.percent(), 100);
        assert_eq!(r.total.orgs, 4);
        assert_eq!(r.total.tally(Check::Leader), Tally { done: 3, of: 4 });
        // The empty org has no site: its widget checks do not count.
        assert_eq!(r.total.tally(Check::WidgetFound), Tally { done: 3, of: 3 });
        assert_eq!(Tally::default().percent(), 100);
    }
}
