//! Organisations on PostgreSQL: the tree, its counts, one cabinet's details.

use std::collections::HashMap;

use chrono::NaiveDate;
use postgres::Row;

use super::{PgTx, count};
use crate::domain::values::SiteUrl;
use crate::domain::{CategoryId, OrgId, OrgNode, OrgPath, Organisation, ValidOrg, WidgetVariant};
use crate::store::keys::{escape_like, fold, org_name_key, org_sort_key};
use crate::store::records::{NewOrg, SubtreeOrg};
use crate::store::rows::{ORG_COLUMNS, node, organisation};
use crate::store::{OrgReads, OrgWrites, StoreResult};

/// A node with its counts; `$1` is today (for overdue). Messages in
/// moderation count as overdue only for those who may see them.
fn node_select(with_moderation: bool) -> String {
    // As on the file: the open overdue from the partial index alone, the
    // few in moderation taken away for those who may not see them.
    let moderation = if with_moderation {
        ""
    } else {
        " - (SELECT count(*) FROM messages m
             WHERE m.org_id = o.id AND m.status = 0 AND m.deadline < $1::date)"
    };
    format!(
        "SELECT o.id, o.parent_id, o.short_name, o.kind,
  (SELECT count(*) FROM orgs c WHERE c.parent_id = o.id AND c.archived_at IS NULL),
  coalesce((SELECT n FROM org_status_counts s WHERE s.org_id = o.id AND s.status = 1), 0),
  coalesce((SELECT n FROM org_status_counts s WHERE s.org_id = o.id AND s.status = 2), 0),
  (SELECT count(*) FROM messages m
    WHERE m.org_id = o.id AND m.status IN (0, 1, 2, 3, 4) AND m.deadline < $1::date){moderation}
FROM orgs o"
    )
}

fn nodes(rows: Vec<Row>) -> StoreResult<Vec<OrgNode>> {
    rows.iter().map(node).collect()
}

impl OrgReads for PgTx<'_> {
    fn org_count(&self) -> StoreResult<u64> {
        Ok(count(self.value("SELECT count(*) FROM orgs", &[])?))
    }

    fn org_path(&self, id: OrgId) -> StoreResult<Option<OrgPath>> {
        let row = self.row("SELECT path FROM orgs WHERE id = $1", &[&id.0])?;
        row.map(|r| Ok(OrgPath(r.try_get(0)?))).transpose()
    }

    fn org(&self, id: OrgId) -> StoreResult<Option<Organisation>> {
        let row = self.row(
            &format!("SELECT {ORG_COLUMNS} FROM orgs WHERE id = $1"),
            &[&id.0],
        )?;
        row.map(|r| organisation(&r)).transpose()
    }

    fn org_children(
        &self,
        parent: Option<OrgId>,
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<Vec<OrgNode>> {
        // Two statements, so that each can use an index on the parent.
        let order = "AND o.archived_at IS NULL ORDER BY o.sort_key, o.id";
        let select = node_select(with_moderation);
        match parent {
            Some(p) => nodes(self.rows(
                &format!("{select} WHERE o.parent_id = $2 {order}"),
                &[&today, &p.0],
            )?),
            None => nodes(self.rows(
                &format!("{select} WHERE o.parent_id IS NULL {order}"),
                &[&today],
            )?),
        }
    }

    fn org_node(
        &self,
        id: OrgId,
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<Option<OrgNode>> {
        let sql = format!("{} WHERE o.id = $2", node_select(with_moderation));
        self.row(&sql, &[&today, &id.0])?
            .map(|r| node(&r))
            .transpose()
    }

    fn search_orgs(
        &self,
        text: &str,
        limit: u32,
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<Vec<OrgNode>> {
        let number: i64 = text.trim().trim_start_matches('#').parse().unwrap_or(-1);
        let pattern = format!("%{}%", escape_like(&fold(text.trim())));
        let sql = format!(
            "{} WHERE o.archived_at IS NULL AND (o.id = $2 OR o.name_key LIKE $3 ESCAPE '\\')
             ORDER BY o.id <> $2, o.sort_key LIMIT $4",
            node_select(with_moderation)
        );
        nodes(self.rows(&sql, &[&today, &number, &pattern, &i64::from(limit)])?)
    }

    fn orgs_handling(
        &self,
        category: CategoryId,
        with_moderation: bool,
    ) -> StoreResult<HashMap<OrgId, u64>> {
        let rows = self.rows(
            "SELECT org_id, sum(n)::bigint FROM org_figures
             WHERE category_id = $1 AND ($2 OR status <> 0) GROUP BY org_id",
            &[&category.0, &with_moderation],
        )?;
        rows.iter()
            .map(|r| Ok((OrgId(r.try_get(0)?), count(r.try_get(1)?))))
            .collect()
    }

    fn readiness_deadline(&self, path: &OrgPath) -> StoreResult<Option<NaiveDate>> {
        let ids: Vec<i64> = path.ids().iter().map(|i| i.0).collect();
        let row = self.row(
            "SELECT readiness_deadline FROM orgs
             WHERE id = ANY($1) AND readiness_deadline IS NOT NULL
             ORDER BY length(path) DESC LIMIT 1",
            &[&ids],
        )?;
        row.map(|r| Ok(r.try_get(0)?)).transpose()
    }

    fn subtree_orgs(&self, root: &OrgPath) -> StoreResult<Vec<SubtreeOrg>> {
        let rows = self.rows(
            "SELECT id, ogrn, inn, name, short_name FROM orgs
             WHERE path >= $1 AND path < $2 AND archived_at IS NULL ORDER BY path",
            &[&root.0, &root.subtree_end()],
        )?;
        rows.iter()
            .map(|r| {
                Ok(SubtreeOrg {
                    id: OrgId(r.try_get(0)?),
                    ogrn: r.try_get(1)?,
                    inn: r.try_get(2)?,
                    name: r.try_get(3)?,
                    short_name: r.try_get(4)?,
                })
            })
            .collect()
    }

    fn readiness_facts(
        &self,
        root: &OrgPath,
    ) -> StoreResult<Vec<(u32, crate::domain::readiness::OrgFacts)>> {
        super::catalog::readiness_facts(self, root)
    }
}

impl OrgWrites for PgTx<'_> {
    fn insert_org(&self, org: &NewOrg, now: i64) -> StoreResult<OrgId> {
        let id = OrgId(self.value("SELECT nextval('orgs_id_seq')", &[])?);
        let path = match org.parent {
            Some(parent) => self
                .org_path(parent)?
                .ok_or_else(|| crate::store::StoreError::Failed {
                    detail: format!("no organisation {parent} to put {id} under"),
                })?
                .child(id),
            None => OrgPath::root(id),
        };
        self.exec(
            "INSERT INTO orgs (id, parent_id, path, name, short_name, name_key, sort_key, kind,
                ogrn, inn, site, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            &[
                &id.0,
                &org.parent.map(|p| p.0),
                &path.0,
                &org.name,
                &org.short_name,
                &org_name_key(&org.short_name, &org.name),
                &org_sort_key(&org.short_name),
                &org.kind.key(),
                &org.ogrn.as_ref().map(|o| o.as_str()),
                &org.inn.as_ref().map(|i| i.as_str()),
                &org.site.as_ref().map(|s| s.as_str()),
                &now,
            ],
        )?;
        Ok(id)
    }

    fn update_org_details(&self, id: OrgId, org: &ValidOrg) -> StoreResult<()> {
        // A new site clears the approval and the last placement check.
        self.exec(
            "UPDATE orgs SET name = $2, short_name = $3, name_key = $4, sort_key = $5, kind = $6,
                ogrn = $7, inn = $8,
                widget_site_approved = CASE WHEN site IS NOT DISTINCT FROM $9::text
                    THEN widget_site_approved ELSE false END,
                widget_found = CASE WHEN site IS NOT DISTINCT FROM $9::text
                    THEN widget_found ELSE NULL END,
                widget_checked_at = CASE WHEN site IS NOT DISTINCT FROM $9::text
                    THEN widget_checked_at ELSE NULL END,
                site = $9::text
             WHERE id = $1",
            &[
                &id.0,
                &org.name,
                &org.short_name,
                &org_name_key(&org.short_name, &org.name),
                &org_sort_key(&org.short_name),
                &org.kind.key(),
                &org.ogrn.as_ref().map(|o| o.as_str()),
                &org.inn.as_ref().map(|i| i.as_str()),
                &org.site.as_ref().map(|s| s.as_str()),
            ],
        )?;
        Ok(())
    }

    fn set_org_ready(&self, id: OrgId, ready: bool) -> StoreResult<()> {
        self.exec("UPDATE orgs SET ready = $2 WHERE id = $1", &[&id.0, &ready])?;
        Ok(())
    }

    fn set_org_archived(&self, id: OrgId, at: Option<i64>) -> StoreResult<()> {
        self.exec(
            "UPDATE orgs SET archived_at = $2 WHERE id = $1",
            &[&id.0, &at],
        )?;
        Ok(())
    }

    fn set_widget_site_approved(&self, id: OrgId, approved: bool) -> StoreResult<()> {
        self.exec(
            "UPDATE orgs SET widget_site_approved = $2 WHERE id = $1",
            &[&id.0, &approved],
        )?;
        Ok(())
    }

    fn set_widget(
        &self,
        id: OrgId,
        variant: WidgetVariant,
        banner: &str,
        now: i64,
    ) -> StoreResult<()> {
        self.exec(
            "UPDATE orgs SET widget_variant = $2, widget_banner = $3, widget_generated_at = $4
             WHERE id = $1",
            &[&id.0, &variant.key(), &banner, &now],
        )?;
        Ok(())
    }

    fn set_widget_found(
        &self,
        id: OrgId,
        site: &SiteUrl,
        found: bool,
        now: i64,
    ) -> StoreResult<()> {
        self.exec(
            "UPDATE orgs SET widget_found = $2, widget_checked_at = $3 WHERE id = $1 AND site = $4",
            &[&id.0, &found, &now, &site.as_str()],
        )?;
        Ok(())
    }

    fn set_readiness_deadline(&self, id: OrgId, deadline: Option<NaiveDate>) -> StoreResult<()> {
        self.exec(
            "UPDATE orgs SET readiness_deadline = $2 WHERE id = $1",
            &[&id.0, &deadline],
        )?;
        Ok(())
    }
}
