//! The facts behind the readiness report, counted for a whole subtree in
//! two queries and put in tree order.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use crate::domain::readiness::OrgFacts;
use crate::domain::{OrgId, OrgPath, Role};
use crate::store::keys::role_bit;

/// Facts of every live organisation under `root` (inclusive), each with
/// its depth below `root`, in tree order (siblings by name).
pub fn facts(conn: &Connection, root: &OrgPath) -> rusqlite::Result<Vec<(u32, OrgFacts)>> {
    let end = root.subtree_end();
    let mut orgs = HashMap::new();
    let mut children: HashMap<Option<i64>, Vec<(String, i64)>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, parent_id, short_name, sort_key, site IS NOT NULL, widget_generated_at IS NOT NULL,
                widget_site_approved, coalesce(widget_found, 0), ready
         FROM orgs WHERE path >= ?1 AND path < ?2 AND archived_at IS NULL",
    )?;
    let mut rows = stmt.query(params![root.0, end])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let parent: Option<i64> = r.get(1)?;
        children.entry(parent).or_default().push((r.get(3)?, id));
        orgs.insert(
            id,
            OrgFacts {
                org: OrgId(id),
                parent: parent.map(OrgId),
                short_name: r.get(2)?,
                site_set: r.get(4)?,
                widget_generated: r.get(5)?,
                site_approved: r.get(6)?,
                widget_found: r.get(7)?,
                ready: r.get(8)?,
                ..Default::default()
            },
        );
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.org_id, count(*),
            sum(a.status = 'confirmed'),
            sum(a.status = 'confirmed' AND a.trained_at IS NOT NULL),
            sum(a.status = 'confirmed' AND (a.roles & ?3) != 0),
            sum(a.status = 'confirmed' AND (a.roles & ?4) != 0),
            sum(a.status = 'confirmed' AND (a.roles & ?5) != 0),
            sum(a.status = 'confirmed' AND (a.roles & ?6) != 0)
         FROM accounts a JOIN orgs o ON o.id = a.org_id
         WHERE o.path >= ?1 AND o.path < ?2 AND a.status != 'archived'
         GROUP BY a.org_id",
    )?;
    let mut rows = stmt.query(params![
        root.0,
        end,
        role_bit(Role::Admin),
        role_bit(Role::Coordinator),
        role_bit(Role::Executor),
        role_bit(Role::Leader)
    ])?;
    while let Some(r) = rows.next()? {
        if let Some(f) = orgs.get_mut(&r.get::<_, i64>(0)?) {
            f.accounts = r.get(1)?;
            f.confirmed = r.get(2)?;
            f.trained = r.get(3)?;
            f.confirmed_admins = r.get(4)?;
            f.coordinators = r.get(5)?;
            f.executors = r.get(6)?;
            f.leaders = r.get(7)?;
        }
    }
    Ok(crate::store::rows::in_tree_order(root, orgs, children))
}
