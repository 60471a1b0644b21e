//! The classifier, answer templates, settings (`meta`) and the readiness
//! facts on PostgreSQL.

use std::collections::HashMap;

use super::PgTx;
use crate::domain::readiness::OrgFacts;
use crate::domain::{Category, CategoryId, OrgId, OrgPath, Role, Stages, Template, TemplateDraft};
use crate::store::keys::role_bit;
use crate::store::rows::in_tree_order;
use crate::store::rows::{CATEGORY_COLUMNS, TEMPLATE_COLUMNS, category, template};
use crate::store::{
    CategoryReads, CategoryWrites, MetaReads, MetaWrites, StoreResult, TemplateReads,
    TemplateWrites,
};

impl CategoryReads for PgTx<'_> {
    fn categories(&self) -> StoreResult<Vec<Category>> {
        let rows = self.rows(
            &format!(
                "SELECT {CATEGORY_COLUMNS} FROM categories
                 ORDER BY coalesce(parent_id, id), parent_id IS NOT NULL, name"
            ),
            &[],
        )?;
        rows.iter().map(category).collect()
    }
}

impl CategoryWrites for PgTx<'_> {
    fn insert_category(
        &self,
        parent: Option<CategoryId>,
        name: &str,
        deadline_days: u32,
    ) -> StoreResult<CategoryId> {
        let id = self.value(
            "INSERT INTO categories (parent_id, name, deadline_days) VALUES ($1, $2, $3)
             RETURNING id",
            &[&parent.map(|p| p.0), &name, &i64::from(deadline_days)],
        )?;
        Ok(CategoryId(id))
    }

    fn set_category_deadline(&self, id: CategoryId, days: u32) -> StoreResult<()> {
        self.exec(
            "UPDATE categories SET deadline_days = $1 WHERE id = $2",
            &[&i64::from(days), &id.0],
        )?;
        Ok(())
    }

    fn set_category_stages(&self, id: CategoryId, stages: Option<Stages>) -> StoreResult<()> {
        let day = |f: fn(&Stages) -> u32| stages.as_ref().map(|s| i64::from(f(s)));
        self.exec(
            "UPDATE categories SET stage_moderation = $1, stage_execution = $2, stage_approval = $3
             WHERE id = $4",
            &[
                &day(|s| s.moderation),
                &day(|s| s.execution),
                &day(|s| s.approval),
                &id.0,
            ],
        )?;
        Ok(())
    }
}

impl TemplateReads for PgTx<'_> {
    fn templates_for(
        &self,
        path: &OrgPath,
        category: Option<CategoryId>,
    ) -> StoreResult<Vec<Template>> {
        let ids: Vec<i64> = path.ids().iter().map(|id| id.0).collect();
        let rows = self.rows(
            "SELECT t.id, t.org_id, t.category_id, t.title, t.body
             FROM templates t JOIN orgs o ON o.id = t.org_id
             WHERE t.org_id = ANY($1)
             ORDER BY ($2::bigint IS NOT NULL AND t.category_id IS NOT DISTINCT FROM $2::bigint) DESC,
                      length(o.path) DESC, t.title, t.id",
            &[&ids, &category.map(|c| c.0)],
        )?;
        rows.iter().map(template).collect()
    }

    fn template(&self, id: i64) -> StoreResult<Option<Template>> {
        let row = self.row(
            &format!("SELECT {TEMPLATE_COLUMNS} FROM templates WHERE id = $1"),
            &[&id],
        )?;
        row.map(|r| template(&r)).transpose()
    }
}

impl TemplateWrites for PgTx<'_> {
    fn insert_template(&self, t: &TemplateDraft, now: i64) -> StoreResult<i64> {
        self.value(
            "INSERT INTO templates (org_id, category_id, title, body, updated_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            &[
                &t.org.0,
                &t.category.map(|c| c.0),
                &t.title.trim(),
                &t.body,
                &now,
            ],
        )
    }

    fn update_template(&self, id: i64, t: &TemplateDraft, now: i64) -> StoreResult<()> {
        self.exec(
            "UPDATE templates SET org_id = $1, category_id = $2, title = $3, body = $4,
                updated_at = $5
             WHERE id = $6",
            &[
                &t.org.0,
                &t.category.map(|c| c.0),
                &t.title.trim(),
                &t.body,
                &now,
                &id,
            ],
        )?;
        Ok(())
    }

    fn delete_template(&self, id: i64) -> StoreResult<()> {
        self.exec("DELETE FROM templates WHERE id = $1", &[&id])?;
        Ok(())
    }
}

impl MetaReads for PgTx<'_> {
    fn meta(&self, key: &str) -> StoreResult<Option<String>> {
        let row = self.row("SELECT value FROM meta WHERE key = $1", &[&key])?;
        row.map(|r| Ok(r.try_get(0)?)).transpose()
    }
}

impl MetaWrites for PgTx<'_> {
    fn set_meta(&self, key: &str, value: &str) -> StoreResult<()> {
        self.exec(
            "INSERT INTO meta (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, &value],
        )?;
        Ok(())
    }
}

/// Facts of every live organisation under `root` (inclusive), each with
/// its depth below `root`, in tree order (siblings by name).
pub(super) fn readiness_facts(tx: &PgTx, root: &OrgPath) -> StoreResult<Vec<(u32, OrgFacts)>> {
    let end = root.subtree_end();
    let mut orgs = HashMap::new();
    let mut children: HashMap<Option<i64>, Vec<(String, i64)>> = HashMap::new();
    let rows = tx.rows(
        "SELECT id, parent_id, short_name, sort_key, site IS NOT NULL,
                widget_generated_at IS NOT NULL, widget_site_approved,
                coalesce(widget_found, false), ready
         FROM orgs WHERE path >= $1 AND path < $2 AND archived_at IS NULL",
        &[&root.0, &end],
    )?;
    for r in &rows {
        let id: i64 = r.try_get(0)?;
        let parent: Option<i64> = r.try_get(1)?;
        children
            .entry(parent)
            .or_default()
            .push((r.try_get(3)?, id));
        orgs.insert(
            id,
            OrgFacts {
                org: OrgId(id),
                parent: parent.map(OrgId),
                short_name: r.try_get(2)?,
                site_set: r.try_get(4)?,
                widget_generated: r.try_get(5)?,
                site_approved: r.try_get(6)?,
                widget_found: r.try_get(7)?,
                ready: r.try_get(8)?,
                ..Default::default()
            },
        );
    }
    let rows = tx.rows(
        "SELECT a.org_id, count(*),
            count(*) FILTER (WHERE a.status = 'confirmed'),
            count(*) FILTER (WHERE a.status = 'confirmed' AND a.trained_at IS NOT NULL),
            count(*) FILTER (WHERE a.status = 'confirmed' AND (a.roles & $3) <> 0),
            count(*) FILTER (WHERE a.status = 'confirmed' AND (a.roles & $4) <> 0),
            count(*) FILTER (WHERE a.status = 'confirmed' AND (a.roles & $5) <> 0),
            count(*) FILTER (WHERE a.status = 'confirmed' AND (a.roles & $6) <> 0)
         FROM accounts a JOIN orgs o ON o.id = a.org_id
         WHERE o.path >= $1 AND o.path < $2 AND a.status <> 'archived'
         GROUP BY a.org_id",
        &[
            &root.0,
            &end,
            &role_bit(Role::Admin),
            &role_bit(Role::Coordinator),
            &role_bit(Role::Executor),
            &role_bit(Role::Leader),
        ],
    )?;
    for r in &rows {
        if let Some(f) = orgs.get_mut(&r.try_get::<_, i64>(0)?) {
            let n = |i: usize| -> StoreResult<_> { Ok(r.try_get::<_, i64>(i)? as _) };
            f.accounts = n(1)?;
            f.confirmed = n(2)?;
            f.trained = n(3)?;
            f.confirmed_admins = n(4)?;
            f.coordinators = n(5)?;
            f.executors = n(6)?;
            f.leaders = n(7)?;
        }
    }
    Ok(in_tree_order(root, orgs, children))
}
