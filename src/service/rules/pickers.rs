//! What the pickers offer: organisations to redirect a message to, executors
//! to give it to.

use super::*;

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn redirect_targets(
        &self,
        actor: &Actor,
        message: MessageId,
        text: &str,
    ) -> ServiceResult<Vec<RedirectTarget>> {
        let (actor, text) = (actor.clone(), text.trim().to_string());
        self.read(move |conn, today| {
            let state = conn
                .lifecycle_state(message)?
                .ok_or_else(|| not_found(Entity::Message, message))?;
            let path = org_path(conn, state.org)?;
            let target = Target {
                org: state.org,
                path: &path,
            };
            let may =
                permissions::may_act(&actor, MessageAction::AskRedirect, target, state.assignee)
                    || permissions::may_act(
                        &actor,
                        MessageAction::ApproveRedirect,
                        target,
                        state.assignee,
                    );
            if !may || !super::status_visible(&actor, state.status) {
                return Err(ServiceError::Forbidden);
            }
            // Figures are kept per top-level category.
            let all = conn.categories()?;
            let top = conn.message(message)?.and_then(|m| m.category).map(|c| {
                all.iter()
                    .find(|k| k.id == c)
                    .and_then(|k| k.parent)
                    .unwrap_or(c)
            });
            let handled = match top {
                Some(c) => conn.orgs_handling(c, actor.is_platform_curator())?,
                None => Default::default(),
            };
            let moderation = actor.is_platform_curator();
            let nodes = if text.is_empty() {
                // The organisations that handle the category most.
                let mut best: Vec<(OrgId, u64)> = handled
                    .iter()
                    .filter(|(o, _)| **o != state.org)
                    .map(|(o, n)| (*o, *n))
                    .collect();
                best.sort_by_key(|(o, n)| (std::cmp::Reverse(*n), o.0));
                let mut nodes = Vec::new();
                for (org, _) in best.into_iter().take(50) {
                    if let Some(node) = conn.org_node(org, today, moderation)? {
                        nodes.push(node);
                    }
                }
                nodes
            } else {
                conn.search_orgs(&text, 200, today, moderation)?
            };
            let mut targets: Vec<RedirectTarget> = nodes
                .into_iter()
                .filter(|n| n.id != state.org)
                .map(|node| RedirectTarget {
                    handled: handled.get(&node.id).copied().unwrap_or(0),
                    node,
                })
                .collect();
            // The organisation whose number was typed, then those who handle
            // the category; the search's order within.
            let number: Option<i64> = text.trim_start_matches(['#', '№', ' ']).parse().ok();
            targets.sort_by_key(|t| (Some(t.node.id.0) != number, t.handled == 0));
            targets.truncate(50);
            Ok(targets)
        })
        .await
    }

    pub(crate) async fn executor_choices(
        &self,
        actor: &Actor,
        message: MessageId,
    ) -> ServiceResult<Vec<ExecutorChoice>> {
        let actor = actor.clone();
        self.read(move |conn, _| {
            let state = conn
                .lifecycle_state(message)?
                .ok_or_else(|| not_found(Entity::Message, message))?;
            let path = org_path(conn, state.org)?;
            let target = Target {
                org: state.org,
                path: &path,
            };
            if !permissions::may_act(&actor, MessageAction::Assign, target, state.assignee) {
                return Err(ServiceError::Forbidden);
            }
            let category = conn.message(message)?.and_then(|m| m.category);
            // A message of a subcategory is handled by those of its parent too.
            let all = conn.categories()?;
            let wanted: Vec<CategoryId> = category
                .into_iter()
                .flat_map(|c| {
                    let parent = all.iter().find(|k| k.id == c).and_then(|k| k.parent);
                    std::iter::once(c).chain(parent)
                })
                .collect();
            let handles = conn.responsibilities(state.org)?;
            let loads = conn.open_load(state.org)?;
            let mut choices = Vec::new();
            let mut after = None;
            loop {
                let (page, next) = conn.accounts_page(state.org, None, after, 500)?;
                for account in page {
                    if account.status != AccountStatus::Confirmed
                        || !account.roles.has(Role::Executor)
                    {
                        continue;
                    }
                    let responsible = handles
                        .iter()
                        .any(|(a, c)| *a == account.id && wanted.contains(c));
                    let load = loads.get(&account.id).copied().unwrap_or(0);
                    choices.push(ExecutorChoice {
                        account,
                        responsible,
                        load,
                    });
                }
                match next.as_deref().and_then(parse_account_cursor) {
                    Some(c) => after = Some(c),
                    None => break,
                }
            }
            choices.sort_by_key(|c| (!c.responsible, c.load));
            Ok(choices)
        })
        .await
    }
}
