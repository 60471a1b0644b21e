//! One handler per Service method; each only unpacks the request, calls
//! the service as the authenticated actor and packs the answer.

use axum::extract::State;
use axum::routing::{get, post, put};
use axum::{Json, Router};

use super::auth::Authenticated;
use super::{ApiError, AppState, Body, Id, Params};
use crate::api::{
    AccountParams, ActManyRequest, ActRequest, ChildrenParams, MessageParams, SearchParams,
    TemplateParams, paths,
};
use crate::domain::{
    Account, Actor, Category, Message, MessageId, MessageRow, OrgId, OrgNode, Organisation,
    Template, TemplateDraft,
};
use crate::service::{ActReport, MessageQuery, Page, Service, StatusCounts};

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::ME, get(me))
        .route(paths::ORGS, get(org_children))
        .route(paths::ORG_SEARCH, get(search_orgs))
        .route(paths::ORG, get(organisation))
        .route(paths::ORG_ANCESTORS, get(org_ancestors))
        .route(paths::ORG_ACCOUNTS, get(accounts))
        .route(paths::ORG_MESSAGE_COUNTS, get(message_counts))
        .route(paths::MESSAGES, get(messages))
        .route(paths::MESSAGES_COUNT, get(count_messages))
        .route(paths::MESSAGE, get(message))
        .route(paths::CATEGORIES, get(categories))
        .route(paths::MESSAGE_ACT, post(act))
        .route(paths::MESSAGES_ACT, post(act_many))
        .route(paths::ORG_TEMPLATES, get(templates))
        .route(paths::ORG_STATISTICS, get(statistics))
        .route(paths::TEMPLATES, post(create_template))
        .route(
            paths::TEMPLATE,
            put(update_template).delete(delete_template),
        )
}

async fn me(Authenticated(actor): Authenticated) -> ApiResult<Actor> {
    Ok(Json(actor))
}

async fn org_children(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Params(p): Params<ChildrenParams>,
) -> ApiResult<Vec<OrgNode>> {
    Ok(Json(s.service.org_children(&actor, p.parent).await?))
}

async fn search_orgs(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Params(p): Params<SearchParams>,
) -> ApiResult<Vec<OrgNode>> {
    Ok(Json(s.service.search_orgs(&actor, &p.q, p.limit).await?))
}

async fn organisation(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<Organisation> {
    Ok(Json(s.service.organisation(&actor, OrgId(id)).await?))
}

async fn org_ancestors(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<Vec<OrgNode>> {
    Ok(Json(s.service.org_ancestors(&actor, OrgId(id)).await?))
}

async fn accounts(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Params(p): Params<AccountParams>,
) -> ApiResult<Page<Account>> {
    Ok(Json(s.service.accounts(&actor, OrgId(id), &p).await?))
}

async fn message_counts(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<StatusCounts> {
    Ok(Json(s.service.message_counts(&actor, OrgId(id)).await?))
}

async fn messages(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Params(p): Params<MessageParams>,
) -> ApiResult<Page<MessageRow>> {
    let query = MessageQuery::try_from(p)?;
    Ok(Json(s.service.messages(&actor, &query).await?))
}

async fn count_messages(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Params(p): Params<MessageParams>,
) -> ApiResult<u64> {
    let query = MessageQuery::try_from(p)?;
    Ok(Json(s.service.count_messages(&actor, &query).await?))
}

async fn message(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<Message> {
    Ok(Json(s.service.message(&actor, MessageId(id)).await?))
}

async fn categories(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<Vec<Category>> {
    Ok(Json(s.service.categories(&actor).await?))
}

async fn act(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Body(request): Body<ActRequest>,
) -> ApiResult<Message> {
    Ok(Json(
        s.service
            .act(&actor, MessageId(id), request.version, &request.act)
            .await?,
    ))
}

async fn templates(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Params(p): Params<TemplateParams>,
) -> ApiResult<Vec<Template>> {
    Ok(Json(
        s.service.templates(&actor, OrgId(id), p.category).await?,
    ))
}

async fn create_template(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Body(draft): Body<TemplateDraft>,
) -> ApiResult<Template> {
    Ok(Json(s.service.save_template(&actor, None, &draft).await?))
}

async fn update_template(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Body(draft): Body<TemplateDraft>,
) -> ApiResult<Template> {
    Ok(Json(
        s.service.save_template(&actor, Some(id), &draft).await?,
    ))
}

async fn delete_template(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<()> {
    Ok(Json(s.service.delete_template(&actor, id).await?))
}

async fn act_many(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Body(request): Body<ActManyRequest>,
) -> ApiResult<ActReport> {
    Ok(Json(
        s.service
            .act_many(&actor, &request.items, &request.act)
            .await?,
    ))
}

async fn statistics(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Params(p): Params<crate::api::StatisticsParams>,
) -> ApiResult<crate::service::Statistics> {
    Ok(Json(
        s.service.statistics(&actor, OrgId(id), p.subtree).await?,
    ))
}
