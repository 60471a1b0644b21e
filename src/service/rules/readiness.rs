//! Readiness of a subtree and the date it is to be ready by.

use super::*;

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn readiness(&self, actor: &Actor, org: OrgId) -> ServiceResult<Readiness> {
        let actor = actor.clone();
        self.read(move |conn, today| {
            let path = org_path(conn, org)?;
            if !permissions::may_view_readiness(&actor, Target { org, path: &path }) {
                return Err(ServiceError::Forbidden);
            }
            let facts = conn.readiness_facts(&path)?;
            let deadline = conn.readiness_deadline(&path)?;
            Ok(Readiness::build(facts, deadline, today))
        })
        .await
    }

    pub(crate) async fn set_readiness_deadline(
        &self,
        actor: &Actor,
        org: OrgId,
        deadline: Option<NaiveDate>,
    ) -> ServiceResult<Organisation> {
        let actor = actor.clone();
        self.write(move |tx, now| {
            let path = org_path(tx, org)?;
            if !permissions::may_set_deadline(&actor, Target { org, path: &path }) {
                return Err(ServiceError::Forbidden);
            }
            tx.set_readiness_deadline(org, deadline)?;
            changes::org_changed(tx, org, now)?;
            live_org(tx, org)
        })
        .await
    }
}
