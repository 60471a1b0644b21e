//! Handlers of the administration half of the Service.

use axum::extract::State;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::NaiveDate;

use super::auth::Authenticated;
use super::{ApiError, AppState, Body, Id, Params};
use crate::api::{AcceptRequest, DeadlineRequest, EmailParams, paths};
use crate::domain::onboarding::{FormRow, ImportReport};
use crate::domain::{
    Account, AccountDraft, AccountId, Actor, CategoryId, MessageId, OrgChange, OrgDraft, OrgId,
    Organisation, Readiness, WidgetCheck, WidgetSettings,
};
use crate::service::{AccountSaved, Administration, ExecutorChoice, InvitationAccepted};

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::ACCOUNT_BY_EMAIL, get(find_account))
        .route(paths::ORG_ACCOUNTS, post(create_account))
        .route(paths::ACCOUNT, put(update_account))
        .route(paths::ACCOUNT_ARCHIVE, post(archive))
        .route(paths::ACCOUNT_RESTORE, post(restore))
        .route(paths::ACCOUNT_RESEND, post(resend))
        .route(paths::ACCOUNT_RESPONSIBILITIES, put(set_responsibilities))
        .route(paths::INVITATION_ACCEPT, post(accept))
        .route(paths::TRAINING, get(training_url).post(training))
        .route(paths::ORG_CHILDREN, post(create_org))
        .route(paths::ORG, axum::routing::patch(update_org))
        .route(paths::ORG_WIDGET, post(widget_code))
        .route(paths::ORG_WIDGET_CHECK, post(check_widget))
        .route(paths::ORG_READINESS, get(readiness))
        .route(paths::ORG_DEADLINE, put(set_deadline))
        .route(paths::ORG_RESPONSIBILITIES, get(responsibilities))
        .route(paths::MESSAGE_EXECUTORS, get(executor_choices))
        .route(paths::MESSAGE_REDIRECT_TARGETS, get(redirect_targets))
        .route(paths::CATEGORY, put(set_category_deadline))
        .route(paths::MODERATION, get(moderation).put(set_moderation))
        .route(paths::INTAKE, post(receive_message))
        .route(
            paths::ORG_ONBOARDING,
            get(export_onboarding).post(import_onboarding).layer(
                axum::extract::DefaultBodyLimit::max(crate::api::MAX_IMPORT_BODY),
            ),
        )
}

async fn find_account(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Params(p): Params<EmailParams>,
) -> ApiResult<Account> {
    Ok(Json(s.service.find_account(&actor, &p.email).await?))
}

async fn create_account(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(org): Id,
    Body(draft): Body<AccountDraft>,
) -> ApiResult<AccountSaved> {
    Ok(Json(
        s.service.create_account(&actor, OrgId(org), &draft).await?,
    ))
}

async fn update_account(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Body(draft): Body<AccountDraft>,
) -> ApiResult<AccountSaved> {
    Ok(Json(
        s.service
            .update_account(&actor, AccountId(id), &draft)
            .await?,
    ))
}

async fn archive(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<AccountSaved> {
    Ok(Json(
        s.service.set_archived(&actor, AccountId(id), true).await?,
    ))
}

async fn restore(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<AccountSaved> {
    Ok(Json(
        s.service.set_archived(&actor, AccountId(id), false).await?,
    ))
}

async fn resend(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<AccountSaved> {
    Ok(Json(
        s.service.resend_invitation(&actor, AccountId(id)).await?,
    ))
}

async fn set_responsibilities(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Body(categories): Body<Vec<CategoryId>>,
) -> ApiResult<()> {
    Ok(Json(
        s.service
            .set_responsibilities(&actor, AccountId(id), &categories)
            .await?,
    ))
}

async fn accept(
    State(s): State<AppState>,
    Body(request): Body<AcceptRequest>,
) -> ApiResult<InvitationAccepted> {
    Ok(Json(
        s.service
            .accept_invitation(&request.token, &request.email)
            .await?,
    ))
}

async fn training_url(State(s): State<AppState>) -> ApiResult<String> {
    Ok(Json(s.service.training_url().await?))
}

async fn training(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<Actor> {
    Ok(Json(s.service.confirm_training(&actor).await?))
}

async fn create_org(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(parent): Id,
    Body(draft): Body<OrgDraft>,
) -> ApiResult<Organisation> {
    Ok(Json(
        s.service.create_org(&actor, OrgId(parent), &draft).await?,
    ))
}

async fn update_org(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Body(change): Body<OrgChange>,
) -> ApiResult<Organisation> {
    Ok(Json(
        s.service.update_org(&actor, OrgId(id), &change).await?,
    ))
}

async fn widget_code(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Body(settings): Body<WidgetSettings>,
) -> ApiResult<String> {
    Ok(Json(
        s.service.widget_code(&actor, OrgId(id), &settings).await?,
    ))
}

async fn check_widget(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<WidgetCheck> {
    Ok(Json(s.service.check_widget(&actor, OrgId(id)).await?))
}

async fn readiness(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<Readiness> {
    Ok(Json(s.service.readiness(&actor, OrgId(id)).await?))
}

async fn set_deadline(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Body(request): Body<DeadlineRequest>,
) -> ApiResult<Organisation> {
    let deadline: Option<NaiveDate> = request.deadline;
    Ok(Json(
        s.service
            .set_readiness_deadline(&actor, OrgId(id), deadline)
            .await?,
    ))
}

async fn responsibilities(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<Vec<(AccountId, CategoryId)>> {
    Ok(Json(s.service.responsibilities(&actor, OrgId(id)).await?))
}

async fn import_onboarding(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Body(request): Body<crate::api::ImportRequest>,
) -> ApiResult<ImportReport> {
    Ok(Json(
        s.service
            .import_onboarding(&actor, OrgId(id), &request.rows, request.dry_run)
            .await?,
    ))
}

async fn export_onboarding(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<Vec<FormRow>> {
    Ok(Json(s.service.export_onboarding(&actor, OrgId(id)).await?))
}

async fn moderation(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
) -> ApiResult<bool> {
    Ok(Json(s.service.moderation(&actor).await?))
}

async fn set_moderation(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Body(on): Body<bool>,
) -> ApiResult<bool> {
    Ok(Json(s.service.set_moderation(&actor, on).await?))
}

async fn receive_message(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Body(incoming): Body<crate::domain::IncomingMessage>,
) -> ApiResult<crate::domain::Message> {
    Ok(Json(s.service.receive_message(&actor, &incoming).await?))
}

async fn set_category_deadline(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Body(request): Body<crate::api::CategoryDeadline>,
) -> ApiResult<crate::domain::Category> {
    Ok(Json(
        s.service
            .set_category_deadline(&actor, CategoryId(id), request.days, request.stages)
            .await?,
    ))
}

async fn redirect_targets(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
    Params(p): Params<crate::api::SearchParams>,
) -> ApiResult<Vec<crate::service::RedirectTarget>> {
    Ok(Json(
        s.service
            .redirect_targets(&actor, MessageId(id), &p.q)
            .await?,
    ))
}

async fn executor_choices(
    State(s): State<AppState>,
    Authenticated(actor): Authenticated,
    Id(id): Id,
) -> ApiResult<Vec<ExecutorChoice>> {
    Ok(Json(
        s.service.executor_choices(&actor, MessageId(id)).await?,
    ))
}
