//! One handler per Service method; each only unpacks the request, calls
//! the service as the authenticated actor and packs the answer.

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};

use super::auth::Authenticated;
use super::{ApiError, AppState};
use crate::api::{AccountParams, ActRequest, ChildrenParams, MessageParams, SearchParams, paths};
use crate::domain::{
    Account, Actor, Category, Message, MessageId, MessageRow, OrgId, OrgNode, Organisation,
};
use crate::service::{MessageQuery, Page, Service, StatusCounts};

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
        .route(paths::MESSAGE, get(message))
        .route(paths::CATEGORIES, get(categories))
        .route(paths::MESSAGE_ACT, post(act))
}

async fn me(Authenticated(actor): Authenticated) -> ApiResult<Actor> {
    Ok(Json(actor))
}

async fn org_children(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Query(p): Query<ChildrenParams>,
) -> ApiResult<Vec<OrgNode>> {
    Ok(Json(s.service.org_children(&actor, p.parent).await?))
}

async fn search_orgs(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Query(p): Query<SearchParams>,
) -> ApiResult<Vec<OrgNode>> {
    Ok(Json(s.service.search_orgs(&actor, &p.q, p.limit).await?))
}

async fn organisation(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(id): Path<i64>,
) -> ApiResult<Organisation> {
    Ok(Json(s.service.organisation(&actor, OrgId(id)).await?))
}

async fn org_ancestors(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(id): Path<i64>,
) -> ApiResult<Vec<OrgNode>> {
    Ok(Json(s.service.org_ancestors(&actor, OrgId(id)).await?))
}

async fn accounts(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(id): Path<i64>,
    Query(p): Query<AccountParams>,
) -> ApiResult<Page<Account>> {
    Ok(Json(s.service.accounts(&actor, OrgId(id), &p).await?))
}

async fn message_counts(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(id): Path<i64>,
) -> ApiResult<StatusCounts> {
    Ok(Json(s.service.message_counts(&actor, OrgId(id)).await?))
}

async fn messages(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Query(p): Query<MessageParams>,
) -> ApiResult<Page<MessageRow>> {
    let query = MessageQuery::try_from(p)?;
    Ok(Json(s.service.messages(&actor, &query).await?))
}

async fn message(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(id): Path<i64>,
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
    Path(id): Path<i64>,
    Json(request): Json<ActRequest>,
) -> ApiResult<Message> {
    Ok(Json(
        s.service
            .act(&actor, MessageId(id), request.version, &request.act)
            .await?,
    ))
}
