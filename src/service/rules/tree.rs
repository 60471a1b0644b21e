//! The organisation tree: reading it a level at a time, searching it, and
//! adding or changing cabinets.

use super::*;

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn org_children(
        &self,
        actor: &Actor,
        parent: Option<OrgId>,
    ) -> ServiceResult<Vec<OrgNode>> {
        let moderation = actor.is_platform_curator();
        self.read(move |conn, today| {
            if let Some(p) = parent {
                org_path(conn, p)?;
            }
            Ok(conn.org_children(parent, today, moderation)?)
        })
        .await
    }

    pub(crate) async fn org_ancestors(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<Vec<OrgNode>> {
        let moderation = actor.is_platform_curator();
        self.read(move |conn, today| {
            org_path(conn, org)?
                .ids()
                .into_iter()
                .map(|id| {
                    conn.org_node(id, today, moderation)?
                        .ok_or_else(|| not_found(Entity::Organisation, id))
                })
                .collect()
        })
        .await
    }

    pub(crate) async fn search_orgs(
        &self,
        actor: &Actor,
        text: &str,
        limit: u32,
    ) -> ServiceResult<Vec<OrgNode>> {
        let text = text.to_string();
        let limit = clamp_limit(limit);
        let moderation = actor.is_platform_curator();
        self.read(move |conn, today| Ok(conn.search_orgs(&text, limit, today, moderation)?))
            .await
    }

    pub(crate) async fn organisation(
        &self,
        _actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<Organisation> {
        self.read(move |conn, _| {
            conn.org(org)?
                .ok_or_else(|| not_found(Entity::Organisation, org))
        })
        .await
    }
}

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn create_org(
        &self,
        actor: &Actor,
        parent: OrgId,
        draft: &OrgDraft,
    ) -> ServiceResult<Organisation> {
        let (actor, draft) = (actor.clone(), draft.clone());
        self.write(move |tx, now| {
            administered(tx, &actor, parent).map_err(|e| match e {
                ServiceError::NotFound { .. } => Invalid::new(
                    Field::Parent,
                    Problem::Unknown {
                        value: parent.to_string(),
                    },
                )
                .into(),
                e => e,
            })?;
            live_org(tx, parent)?;
            let valid = draft.validate()?;
            let id = tx.insert_org(
                &NewOrg {
                    parent: Some(parent),
                    name: valid.name,
                    short_name: valid.short_name,
                    kind: valid.kind,
                    ogrn: valid.ogrn,
                    inn: valid.inn,
                    site: valid.site,
                },
                now,
            )?;
            changes::org_changed(tx, id, now)?;
            live_org(tx, id)
        })
        .await
    }

    pub(crate) async fn update_org(
        &self,
        actor: &Actor,
        id: OrgId,
        change: &OrgChange,
    ) -> ServiceResult<Organisation> {
        let (actor, change) = (actor.clone(), change.clone());
        self.write(move |tx, now| {
            let path = org_path(tx, id)?;
            let target = Target {
                org: id,
                path: &path,
            };
            let administers = permissions::may_administer(&actor, target);
            if (change.details.is_some() || change.ready.is_some()) && !administers
                || change.widget_site_approved.is_some()
                    && !permissions::may_approve_widget_site(&actor)
            {
                return Err(ServiceError::Forbidden);
            }
            live_org(tx, id)?;
            if let Some(details) = &change.details {
                tx.update_org_details(id, &details.validate()?)?;
            }
            if let Some(ready) = change.ready {
                tx.set_org_ready(id, ready)?;
            }
            if let Some(approved) = change.widget_site_approved {
                if approved && live_org(tx, id)?.site.is_none() {
                    return Err(Invalid::new(Field::Site, Problem::Empty).into());
                }
                tx.set_widget_site_approved(id, approved)?;
            }
            changes::org_changed(tx, id, now)?;
            live_org(tx, id)
        })
        .await
    }
}
