//! Answer templates: who keeps them and who sees them.

use super::*;

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn templates(
        &self,
        actor: &Actor,
        org: OrgId,
        category: Option<CategoryId>,
    ) -> ServiceResult<Vec<Template>> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            let path = org_path(conn, org)?;
            if !permissions::may_view_accounts(&actor, Target { org, path: &path }) {
                return Err(ServiceError::Forbidden);
            }
            Ok(conn.templates_for(&path, category)?)
        })
        .await
    }

    pub(crate) async fn create_template(
        &self,
        actor: &Actor,
        draft: &TemplateDraft,
    ) -> ServiceResult<Template> {
        self.save_template(actor, None, draft).await
    }

    pub(crate) async fn update_template(
        &self,
        actor: &Actor,
        id: i64,
        draft: &TemplateDraft,
    ) -> ServiceResult<Template> {
        self.save_template(actor, Some(id), draft).await
    }

    /// Creates a template (`id` None) or replaces one.
    async fn save_template(
        &self,
        actor: &Actor,
        id: Option<i64>,
        draft: &TemplateDraft,
    ) -> ServiceResult<Template> {
        let (actor, draft) = (actor.clone(), draft.clone());
        self.write(move |tx, now| {
            draft.validate()?;
            let administers = |org: OrgId| -> ServiceResult<bool> {
                let path = org_path(tx, org)?;
                Ok(permissions::may_administer(
                    &actor,
                    Target { org, path: &path },
                ))
            };
            if !administers(draft.org)? {
                return Err(ServiceError::Forbidden);
            }
            if let Some(c) = draft.category
                && !tx.categories()?.iter().any(|x| x.id == c)
            {
                return Err(not_found(Entity::Category, c));
            }
            let id = match id {
                Some(id) => {
                    let old = tx
                        .template(id)?
                        .ok_or_else(|| not_found(Entity::Template, id))?;
                    if !administers(old.org)? {
                        return Err(ServiceError::Forbidden);
                    }
                    tx.update_template(id, &draft, now)?;
                    if old.org != draft.org {
                        changes::templates_changed(tx, old.org, now)?;
                    }
                    id
                }
                None => tx.insert_template(&draft, now)?,
            };
            changes::templates_changed(tx, draft.org, now)?;
            tx.template(id)?
                .ok_or_else(|| not_found(Entity::Template, id))
        })
        .await
    }

    pub(crate) async fn delete_template(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        let actor = actor.clone();
        self.write(move |tx, now| {
            let old = tx
                .template(id)?
                .ok_or_else(|| not_found(Entity::Template, id))?;
            let path = org_path(tx, old.org)?;
            if !permissions::may_administer(
                &actor,
                Target {
                    org: old.org,
                    path: &path,
                },
            ) {
                return Err(ServiceError::Forbidden);
            }
            tx.delete_template(id)?;
            changes::templates_changed(tx, old.org, now)
        })
        .await
    }
}
