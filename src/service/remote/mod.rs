//! `RemoteService`: every Service call as an HTTP request to `otklik serve`.
//! Errors come back as the same `ServiceError`, so callers cannot tell the
//! backends apart; a server that cannot be reached is `Unavailable`.

use std::time::Duration;

use async_trait::async_trait;
use reqwest::{Client, RequestBuilder, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{
    AccountQuery, ActReport, Credentials, MessageQuery, Page, Service, ServiceError, ServiceResult,
    Statistics, StatusCounts,
};
use crate::api::{
    self, ActManyRequest, ActRequest, ChildrenParams, MessageParams, SearchParams, TemplateParams,
    paths,
};
use crate::domain::{
    Account, Act, Actor, Category, CategoryId, Message, MessageId, MessageRow, OrgId, OrgNode,
    Organisation, Template, TemplateDraft,
};

mod admin;

/// The largest answer read from a server (a page of 500 rows is far below).
const MAX_ANSWER: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct RemoteService {
    base: String,
    token: String,
    client: Client,
}

impl RemoteService {
    /// `base` is the server's address, e.g. `http://127.0.0.1:8080`.
    pub fn new(base: &str, token: &str) -> ServiceResult<Self> {
        let base = base.trim().trim_end_matches('/').to_string();
        url::Url::parse(&base).map_err(|e| ServiceError::Unavailable {
            detail: format!("{base}: {e}"),
        })?;
        let client = Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("otklik/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ServiceError::Internal {
                detail: e.to_string(),
            })?;
        Ok(RemoteService {
            base,
            token: token.trim().to_string(),
            client,
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The token this connection signs its requests with.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// A signed request with a JSON body.
    fn send<B: Serialize + ?Sized>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &B,
    ) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
    }

    fn get(&self, path: &str) -> RequestBuilder {
        self.client
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
    }

    async fn call<T: DeserializeOwned>(&self, request: RequestBuilder) -> ServiceResult<T> {
        let mut response = request.send().await.map_err(|e| self.unreachable(e))?;
        let status = response.status();
        // Read at most MAX_ANSWER: a broken or hostile server cannot exhaust memory.
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.unreachable(e))? {
            if body.len() + chunk.len() > MAX_ANSWER {
                return Err(ServiceError::Unavailable {
                    detail: format!(
                        "{}: the answer is larger than {MAX_ANSWER} bytes",
                        self.base
                    ),
                });
            }
            body.extend_from_slice(&chunk);
        }
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|e| ServiceError::Internal {
                detail: format!("unexpected answer from {}: {e}", self.base),
            });
        }
        Err(
            serde_json::from_slice::<ServiceError>(&body).unwrap_or_else(|_| match status {
                StatusCode::UNAUTHORIZED => ServiceError::Unauthenticated,
                StatusCode::FORBIDDEN => ServiceError::Forbidden,
                s => ServiceError::Unavailable {
                    detail: format!("{}: HTTP {s}", self.base),
                },
            }),
        )
    }

    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> ServiceResult<T> {
        self.call(self.get(path)).await
    }

    async fn get_query<T: DeserializeOwned, Q: Serialize + ?Sized>(
        &self,
        path: &str,
        query: &Q,
    ) -> ServiceResult<T> {
        self.call(self.get(path).query(query)).await
    }

    fn unreachable(&self, e: reqwest::Error) -> ServiceError {
        let reason = if e.is_timeout() {
            "timed out".to_string()
        } else if e.is_connect() {
            "cannot connect".to_string()
        } else {
            // Without the URL: its query string may hold a citizen's name.
            e.without_url().to_string()
        };
        ServiceError::Unavailable {
            detail: format!("{}: {reason}", self.base),
        }
    }

    /// Is a server answering at `base`? (`GET /healthz`)
    pub async fn health(&self) -> ServiceResult<()> {
        let response = self
            .client
            .get(format!("{}{}", self.base, api::HEALTH))
            .send()
            .await
            .map_err(|e| self.unreachable(e))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(ServiceError::Unavailable {
                detail: format!("{}: HTTP {}", self.base, response.status()),
            })
        }
    }
}

#[async_trait]
impl Service for RemoteService {
    async fn sign_in(&self, credentials: &Credentials) -> ServiceResult<Actor> {
        match credentials {
            Credentials::Token(token) => {
                let request = self
                    .client
                    .get(format!("{}{}", self.base, paths::ME))
                    .bearer_auth(token.trim());
                self.call(request).await
            }
            Credentials::Email(_) => Err(ServiceError::Unauthenticated),
        }
    }

    async fn org_children(&self, _: &Actor, parent: Option<OrgId>) -> ServiceResult<Vec<OrgNode>> {
        self.get_query(paths::ORGS, &ChildrenParams { parent })
            .await
    }

    async fn org_ancestors(&self, _: &Actor, org: OrgId) -> ServiceResult<Vec<OrgNode>> {
        self.get_json(&paths::with_id(paths::ORG_ANCESTORS, org))
            .await
    }

    async fn search_orgs(&self, _: &Actor, text: &str, limit: u32) -> ServiceResult<Vec<OrgNode>> {
        let params = SearchParams {
            q: text.to_string(),
            limit,
        };
        self.get_query(paths::ORG_SEARCH, &params).await
    }

    async fn organisation(&self, _: &Actor, org: OrgId) -> ServiceResult<Organisation> {
        self.get_json(&paths::with_id(paths::ORG, org)).await
    }

    async fn accounts(
        &self,
        _: &Actor,
        org: OrgId,
        query: &AccountQuery,
    ) -> ServiceResult<Page<Account>> {
        self.get_query(&paths::with_id(paths::ORG_ACCOUNTS, org), query)
            .await
    }

    async fn messages(&self, _: &Actor, query: &MessageQuery) -> ServiceResult<Page<MessageRow>> {
        self.get_query(paths::MESSAGES, &MessageParams::from(query))
            .await
    }

    async fn count_messages(&self, _: &Actor, query: &MessageQuery) -> ServiceResult<u64> {
        self.get_query(paths::MESSAGES_COUNT, &MessageParams::from(query))
            .await
    }

    async fn message_counts(&self, _: &Actor, org: OrgId) -> ServiceResult<StatusCounts> {
        self.get_json(&paths::with_id(paths::ORG_MESSAGE_COUNTS, org))
            .await
    }

    async fn message(&self, _: &Actor, id: MessageId) -> ServiceResult<Message> {
        self.get_json(&paths::with_id(paths::MESSAGE, id)).await
    }

    async fn categories(&self, _: &Actor) -> ServiceResult<Vec<Category>> {
        self.get_json(paths::CATEGORIES).await
    }

    async fn templates(
        &self,
        _: &Actor,
        org: OrgId,
        category: Option<CategoryId>,
    ) -> ServiceResult<Vec<Template>> {
        self.get_query(
            &paths::with_id(paths::ORG_TEMPLATES, org),
            &TemplateParams { category },
        )
        .await
    }

    async fn save_template(
        &self,
        _: &Actor,
        id: Option<i64>,
        draft: &TemplateDraft,
    ) -> ServiceResult<Template> {
        let request = match id {
            Some(id) => self.client.put(format!(
                "{}{}",
                self.base,
                paths::with_id(paths::TEMPLATE, id)
            )),
            None => self
                .client
                .post(format!("{}{}", self.base, paths::TEMPLATES)),
        };
        self.call(request.bearer_auth(&self.token).json(draft))
            .await
    }

    async fn delete_template(&self, _: &Actor, id: i64) -> ServiceResult<()> {
        let url = format!("{}{}", self.base, paths::with_id(paths::TEMPLATE, id));
        self.call(self.client.delete(url).bearer_auth(&self.token))
            .await
    }

    async fn act_many(
        &self,
        _: &Actor,
        items: &[(MessageId, i64)],
        act: &Act,
    ) -> ServiceResult<ActReport> {
        let body = ActManyRequest {
            items: items.to_vec(),
            act: act.clone(),
        };
        let url = format!("{}{}", self.base, paths::MESSAGES_ACT);
        self.call(self.client.post(url).bearer_auth(&self.token).json(&body))
            .await
    }

    async fn statistics(&self, _: &Actor, org: OrgId, subtree: bool) -> ServiceResult<Statistics> {
        let params = crate::api::StatisticsParams { subtree };
        self.get_query(&paths::with_id(paths::ORG_STATISTICS, org), &params)
            .await
    }

    async fn act(
        &self,
        _: &Actor,
        id: MessageId,
        version: i64,
        act: &Act,
    ) -> ServiceResult<Message> {
        let body = ActRequest {
            version,
            act: act.clone(),
        };
        let url = format!("{}{}", self.base, paths::with_id(paths::MESSAGE_ACT, id));
        self.call(self.client.post(url).bearer_auth(&self.token).json(&body))
            .await
    }
}
