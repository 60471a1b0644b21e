//! `Administration` over HTTP: each call one request to `otklik serve`.

use async_trait::async_trait;
use chrono::NaiveDate;
use reqwest::Method;

use super::RemoteService;
use crate::api::{AcceptRequest, DeadlineRequest, EmailParams, ImportRequest, paths};
use crate::domain::onboarding::{FormRow, ImportReport};
use crate::domain::{
    Account, AccountDraft, AccountId, Actor, Category, CategoryId, IncomingMessage, Message,
    MessageId, OrgChange, OrgDraft, OrgId, Organisation, Readiness, Stages, WidgetCheck,
    WidgetSettings,
};
use crate::service::{
    AccountSaved, Administration, ExecutorChoice, InvitationAccepted, RedirectTarget, ServiceResult,
};

fn at(template: &str, id: impl std::fmt::Display) -> String {
    paths::with_id(template, id)
}

#[async_trait]
impl Administration for RemoteService {
    async fn find_account(&self, _: &Actor, email: &str) -> ServiceResult<Account> {
        let params = EmailParams {
            email: email.to_string(),
        };
        self.get_query(paths::ACCOUNT_BY_EMAIL, &params).await
    }

    async fn create_account(
        &self,
        _: &Actor,
        org: OrgId,
        draft: &AccountDraft,
    ) -> ServiceResult<AccountSaved> {
        self.call(self.send(Method::POST, &at(paths::ORG_ACCOUNTS, org), draft))
            .await
    }

    async fn update_account(
        &self,
        _: &Actor,
        id: AccountId,
        draft: &AccountDraft,
    ) -> ServiceResult<AccountSaved> {
        self.call(self.send(Method::PUT, &at(paths::ACCOUNT, id), draft))
            .await
    }

    async fn set_archived(
        &self,
        _: &Actor,
        id: AccountId,
        archived: bool,
    ) -> ServiceResult<AccountSaved> {
        let path = if archived {
            paths::ACCOUNT_ARCHIVE
        } else {
            paths::ACCOUNT_RESTORE
        };
        self.call(self.send(Method::POST, &at(path, id), &())).await
    }

    async fn resend_invitation(&self, _: &Actor, id: AccountId) -> ServiceResult<AccountSaved> {
        self.call(self.send(Method::POST, &at(paths::ACCOUNT_RESEND, id), &()))
            .await
    }

    async fn accept_invitation(
        &self,
        token: &str,
        email: &str,
    ) -> ServiceResult<InvitationAccepted> {
        let body = AcceptRequest {
            token: token.to_string(),
            email: email.to_string(),
        };
        let url = format!("{}{}", self.base, paths::INVITATION_ACCEPT);
        self.call(self.client.post(url).json(&body)).await
    }

    async fn training_url(&self) -> ServiceResult<String> {
        let url = format!("{}{}", self.base, paths::TRAINING);
        self.call(self.client.get(url)).await
    }

    async fn confirm_training(&self, _: &Actor) -> ServiceResult<Actor> {
        self.call(self.send(Method::POST, paths::TRAINING, &()))
            .await
    }

    async fn create_org(
        &self,
        _: &Actor,
        parent: OrgId,
        draft: &OrgDraft,
    ) -> ServiceResult<Organisation> {
        self.call(self.send(Method::POST, &at(paths::ORG_CHILDREN, parent), draft))
            .await
    }

    async fn update_org(
        &self,
        _: &Actor,
        id: OrgId,
        change: &OrgChange,
    ) -> ServiceResult<Organisation> {
        self.call(self.send(Method::PATCH, &at(paths::ORG, id), change))
            .await
    }

    async fn widget_code(
        &self,
        _: &Actor,
        org: OrgId,
        settings: &WidgetSettings,
    ) -> ServiceResult<String> {
        self.call(self.send(Method::POST, &at(paths::ORG_WIDGET, org), settings))
            .await
    }

    async fn check_widget(&self, _: &Actor, org: OrgId) -> ServiceResult<WidgetCheck> {
        self.call(self.send(Method::POST, &at(paths::ORG_WIDGET_CHECK, org), &()))
            .await
    }

    async fn readiness(&self, _: &Actor, org: OrgId) -> ServiceResult<Readiness> {
        self.get_json(&at(paths::ORG_READINESS, org)).await
    }

    async fn set_readiness_deadline(
        &self,
        _: &Actor,
        org: OrgId,
        deadline: Option<NaiveDate>,
    ) -> ServiceResult<Organisation> {
        let body = DeadlineRequest { deadline };
        self.call(self.send(Method::PUT, &at(paths::ORG_DEADLINE, org), &body))
            .await
    }

    async fn responsibilities(
        &self,
        _: &Actor,
        org: OrgId,
    ) -> ServiceResult<Vec<(AccountId, CategoryId)>> {
        self.get_json(&at(paths::ORG_RESPONSIBILITIES, org)).await
    }

    async fn set_responsibilities(
        &self,
        _: &Actor,
        account: AccountId,
        categories: &[CategoryId],
    ) -> ServiceResult<()> {
        self.call(self.send(
            Method::PUT,
            &at(paths::ACCOUNT_RESPONSIBILITIES, account),
            categories,
        ))
        .await
    }

    async fn import_onboarding(
        &self,
        _: &Actor,
        org: OrgId,
        rows: &[FormRow],
        dry_run: bool,
    ) -> ServiceResult<ImportReport> {
        let body = ImportRequest {
            rows: rows.to_vec(),
            dry_run,
        };
        self.call(self.send(Method::POST, &at(paths::ORG_ONBOARDING, org), &body))
            .await
    }

    async fn export_onboarding(&self, _: &Actor, org: OrgId) -> ServiceResult<Vec<FormRow>> {
        self.get_json(&at(paths::ORG_ONBOARDING, org)).await
    }

    async fn moderation(&self, _: &Actor) -> ServiceResult<bool> {
        self.get_json(paths::MODERATION).await
    }

    async fn set_moderation(&self, _: &Actor, on: bool) -> ServiceResult<bool> {
        self.call(self.send(Method::PUT, paths::MODERATION, &on))
            .await
    }

    async fn receive_message(
        &self,
        _: &Actor,
        incoming: &IncomingMessage,
    ) -> ServiceResult<Message> {
        self.call(self.send(Method::POST, paths::INTAKE, incoming))
            .await
    }

    async fn set_category_deadline(
        &self,
        _: &Actor,
        category: CategoryId,
        days: u32,
        stages: Option<Stages>,
    ) -> ServiceResult<Category> {
        let body = crate::api::CategoryDeadline { days, stages };
        self.call(self.send(Method::PUT, &at(paths::CATEGORY, category), &body))
            .await
    }

    async fn redirect_targets(
        &self,
        _: &Actor,
        message: MessageId,
        text: &str,
    ) -> ServiceResult<Vec<RedirectTarget>> {
        let params = crate::api::SearchParams {
            q: text.to_string(),
            limit: 0,
        };
        self.get_query(&at(paths::MESSAGE_REDIRECT_TARGETS, message), &params)
            .await
    }

    async fn executor_choices(
        &self,
        _: &Actor,
        message: MessageId,
    ) -> ServiceResult<Vec<ExecutorChoice>> {
        self.get_json(&at(paths::MESSAGE_EXECUTORS, message)).await
    }
}
