//! The site widget: its code, and the check of the organisation's main page.

use super::*;

/// The most of a main page the widget check reads.
pub(super) const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

impl<D: Database> CoreService<D> {
    /// Reads a main page, at most [`MAX_PAGE_BYTES`] of it.
    pub(super) async fn fetch_page(&self, url: &str) -> ServiceResult<String> {
        let unavailable = |detail: String| ServiceError::Unavailable {
            detail: format!("{url}: {detail}"),
        };
        let proxy = self.settings.site_proxy.as_deref();
        super::site_fetch::allowed(url, proxy.is_some()).map_err(unavailable)?;
        let client = super::site_fetch::client(proxy).map_err(unavailable)?;
        let mut response = client.get(url).send().await.map_err(|e| {
            unavailable(if e.is_timeout() {
                "timed out".into()
            } else if e.is_connect() {
                "cannot connect".into()
            } else {
                e.without_url().to_string()
            })
        })?;
        if !response.status().is_success() {
            return Err(unavailable(format!("HTTP {}", response.status())));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| unavailable(e.without_url().to_string()))?
        {
            let room = MAX_PAGE_BYTES.saturating_sub(body.len());
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if body.len() >= MAX_PAGE_BYTES {
                break;
            }
        }
        Ok(String::from_utf8_lossy(&body).into_owned())
    }
}

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn widget_code(
        &self,
        actor: &Actor,
        org: OrgId,
        settings: &WidgetSettings,
    ) -> ServiceResult<String> {
        let (actor, settings) = (actor.clone(), settings.clone());
        let public_url = self.settings.public_url.clone();
        self.write(move |tx, now| {
            administered(tx, &actor, org)?;
            live_org(tx, org)?;
            let code = settings.code(org, &public_url)?;
            // The placement check and readiness follow the message widget.
            if settings.kind == crate::domain::widget::WidgetKind::Messages {
                tx.set_widget(org, settings.variant, &settings.banner_text()?, now)?;
                changes::org_changed(tx, org, now)?;
            }
            Ok(code)
        })
        .await
    }

    pub(crate) async fn check_widget(
        &self,
        actor: &Actor,
        org: OrgId,
    ) -> ServiceResult<WidgetCheck> {
        let reader = actor.clone();
        let site = self
            .read(move |conn, _| {
                let path = org_path(conn, org)?;
                let target = Target { org, path: &path };
                if !permissions::may_view_readiness(&reader, target)
                    && !permissions::may_approve_widget_site(&reader)
                {
                    return Err(ServiceError::Forbidden);
                }
                live_org(conn, org)?
                    .site
                    .ok_or_else(|| Invalid::new(Field::Site, Problem::Empty).into())
            })
            .await?;
        let page = self.fetch_page(site.as_str()).await?;
        let mut check = crate::domain::widget::inspect(&page, org, &site.display());
        let passed = check.passed();
        let parts = check.parts.clone();
        check.parts = self
            .write(move |tx, now| {
                tx.set_widget_found(org, &site, passed, now)?;
                changes::org_changed(tx, org, now)?;
                // Name the organisation whose number the page carries.
                parts
                    .into_iter()
                    .map(|(part, state)| match state {
                        PartState::OtherOrganisation { number, .. } if part == WidgetPart::Call => {
                            let name = tx.org(OrgId(number))?.map(|o| o.short_name);
                            Ok((part, PartState::OtherOrganisation { number, name }))
                        }
                        other => Ok((part, other)),
                    })
                    .collect()
            })
            .await?;
        Ok(check)
    }
}
