//! The store port on a SQLite connection: each method is one of the
//! table modules' queries. A reader connection is only ever handed out as
//! a [`crate::store::Reader`]; the writer's transaction as a `Writer`.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::{
    accounts, categories, invitations, links, messages, meta_get, meta_set, orgs, readiness,
    responsibilities, templates, tokens,
};
use crate::domain::links::LinkKind;
use crate::domain::readiness::OrgFacts;
use crate::domain::values::{Email, SiteUrl};
use crate::domain::{
    Account, AccountId, AccountStatus, Category, CategoryId, Message, MessageId, MessageRow,
    MessageStatus, OrgId, OrgNode, OrgPath, Organisation, Role, Roles, Stages, Template,
    TemplateDraft, ValidAccount, ValidOrg, WidgetVariant,
};
use crate::store::port::*;
use crate::store::records::{
    Figures, Filter, LifecycleState, LinkState, NewAccount, NewHistory, NewMessage, NewOrg,
    PeriodFact, PeriodQuery, SignInCandidate, SubtreeOrg,
};
use crate::store::{StoreResult, Writer};

impl OrgReads for Connection {
    fn org_count(&self) -> StoreResult<u64> {
        let n: i64 = self.query_row("SELECT count(*) FROM orgs", [], |r| r.get(0))?;
        Ok(n as u64)
    }
    fn org_path(&self, id: OrgId) -> StoreResult<Option<OrgPath>> {
        Ok(orgs::path(self, id)?)
    }
    fn org(&self, id: OrgId) -> StoreResult<Option<Organisation>> {
        Ok(orgs::get(self, id)?)
    }
    fn org_children(
        &self,
        parent: Option<OrgId>,
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<Vec<OrgNode>> {
        Ok(orgs::children(self, parent, today, with_moderation)?)
    }
    fn org_node(
        &self,
        id: OrgId,
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<Option<OrgNode>> {
        Ok(orgs::node_by_id(self, id, today, with_moderation)?)
    }
    fn search_orgs(
        &self,
        text: &str,
        limit: u32,
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<Vec<OrgNode>> {
        Ok(orgs::search(self, text, limit, today, with_moderation)?)
    }
    fn orgs_handling(
        &self,
        category: CategoryId,
        with_moderation: bool,
    ) -> StoreResult<HashMap<OrgId, u64>> {
        Ok(orgs::handled(self, category, with_moderation)?)
    }
    fn readiness_deadline(&self, path: &OrgPath) -> StoreResult<Option<NaiveDate>> {
        Ok(orgs::readiness_deadline(self, path)?)
    }
    fn subtree_orgs(&self, root: &OrgPath) -> StoreResult<Vec<SubtreeOrg>> {
        let mut stmt = self.prepare_cached(
            "SELECT id, ogrn, inn, name, short_name FROM orgs
             WHERE path >= ?1 AND path < ?2 AND archived_at IS NULL ORDER BY path",
        )?;
        let rows = stmt.query_map(params![root.0, root.subtree_end()], |r| {
            Ok(SubtreeOrg {
                id: OrgId(r.get(0)?),
                ogrn: r.get(1)?,
                inn: r.get(2)?,
                name: r.get(3)?,
                short_name: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
    fn readiness_facts(&self, root: &OrgPath) -> StoreResult<Vec<(u32, OrgFacts)>> {
        Ok(readiness::facts(self, root)?)
    }
}

impl OrgWrites for Connection {
    fn insert_org(&self, org: &NewOrg, now: i64) -> StoreResult<OrgId> {
        Ok(orgs::insert(self, org, now)?)
    }
    fn update_org_details(&self, id: OrgId, org: &ValidOrg) -> StoreResult<()> {
        Ok(orgs::update_details(self, id, org)?)
    }
    fn set_org_ready(&self, id: OrgId, ready: bool) -> StoreResult<()> {
        Ok(orgs::set_ready(self, id, ready)?)
    }
    fn set_org_archived(&self, id: OrgId, at: Option<i64>) -> StoreResult<()> {
        self.execute(
            "UPDATE orgs SET archived_at = ?1 WHERE id = ?2",
            params![at, id.0],
        )?;
        Ok(())
    }
    fn set_widget_site_approved(&self, id: OrgId, approved: bool) -> StoreResult<()> {
        Ok(orgs::set_widget_site_approved(self, id, approved)?)
    }
    fn set_widget(
        &self,
        id: OrgId,
        variant: WidgetVariant,
        banner: &str,
        now: i64,
    ) -> StoreResult<()> {
        Ok(orgs::set_widget(self, id, variant, banner, now)?)
    }
    fn set_widget_found(
        &self,
        id: OrgId,
        site: &SiteUrl,
        found: bool,
        now: i64,
    ) -> StoreResult<()> {
        Ok(orgs::set_widget_found(self, id, site, found, now)?)
    }
    fn set_readiness_deadline(&self, id: OrgId, deadline: Option<NaiveDate>) -> StoreResult<()> {
        Ok(orgs::set_readiness_deadline(self, id, deadline)?)
    }
}

impl AccountReads for Connection {
    fn accounts_page(
        &self,
        org: OrgId,
        text: Option<&str>,
        after: Option<(i64, String)>,
        limit: u32,
    ) -> StoreResult<PageOf<Account>> {
        Ok(accounts::page(self, org, text, after, limit)?)
    }
    fn account(&self, id: AccountId) -> StoreResult<Option<Account>> {
        Ok(accounts::by_id(self, id)?)
    }
    fn account_by_email(&self, email: &Email) -> StoreResult<Option<Account>> {
        Ok(accounts::by_email(self, email)?)
    }
    fn sign_in_candidate(
        &self,
        role: Role,
        preferred: &str,
    ) -> StoreResult<Option<SignInCandidate>> {
        let bit = Roles::empty().with(role).bits();
        Ok(self
            .query_row(
                "SELECT a.email, a.surname, a.first_name, a.patronymic, o.short_name
                 FROM accounts a JOIN orgs o ON o.id = a.org_id
                 WHERE a.roles & ?1 != 0 AND a.status = 'confirmed'
                 ORDER BY a.email_key = lower(?2) DESC, length(o.path) DESC, a.id LIMIT 1",
                params![bit, preferred],
                |r| {
                    Ok(SignInCandidate {
                        email: r.get(0)?,
                        surname: r.get(1)?,
                        first_name: r.get(2)?,
                        patronymic: r.get(3)?,
                        org_short_name: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }
    fn responsibilities(&self, org: OrgId) -> StoreResult<Vec<(AccountId, CategoryId)>> {
        Ok(responsibilities::of_org(self, org)?)
    }
}

impl AccountWrites for Connection {
    fn insert_account(&self, account: &NewAccount, now: i64) -> StoreResult<AccountId> {
        Ok(accounts::insert(self, account, now)?)
    }
    fn update_account(&self, id: AccountId, account: &ValidAccount) -> StoreResult<()> {
        Ok(accounts::update(self, id, account)?)
    }
    fn set_account_roles(&self, id: AccountId, roles: Roles) -> StoreResult<()> {
        self.execute(
            "UPDATE accounts SET roles = ?2 WHERE id = ?1",
            params![id.0, roles.bits()],
        )?;
        Ok(())
    }
    fn set_account_status(
        &self,
        id: AccountId,
        status: AccountStatus,
        now: i64,
    ) -> StoreResult<()> {
        Ok(accounts::set_status(self, id, status, now)?)
    }
    fn forget_confirmation(&self, id: AccountId) -> StoreResult<()> {
        Ok(accounts::forget_confirmation(self, id)?)
    }
    fn set_trained(&self, id: AccountId, now: i64) -> StoreResult<()> {
        Ok(accounts::set_trained(self, id, now)?)
    }
    fn set_trained_at(&self, id: AccountId, at: i64) -> StoreResult<()> {
        self.prepare_cached("UPDATE accounts SET trained_at = ?1 WHERE id = ?2")?
            .execute(params![at, id.0])?;
        Ok(())
    }
    fn revoke_tokens(&self, id: AccountId, now: i64) -> StoreResult<()> {
        Ok(accounts::revoke_tokens(self, id, now)?)
    }
    fn add_responsibilities(
        &self,
        account: AccountId,
        categories: &[CategoryId],
    ) -> StoreResult<()> {
        Ok(responsibilities::add(self, account, categories)?)
    }
    fn set_responsibilities(
        &self,
        account: AccountId,
        categories: &[CategoryId],
    ) -> StoreResult<()> {
        Ok(responsibilities::set(self, account, categories)?)
    }
}

impl TokenReads for Connection {
    fn token_account(&self, token: &str) -> StoreResult<Option<AccountId>> {
        Ok(tokens::account_of(self, token)?)
    }
}

impl TokenWrites for Connection {
    fn issue_token(&self, account: AccountId, now: i64) -> StoreResult<String> {
        Ok(tokens::issue(self, account, now)?)
    }
}

impl InvitationReads for Connection {
    fn find_invitation(
        &self,
        token: &str,
        now: i64,
    ) -> StoreResult<Option<(AccountId, LinkState)>> {
        Ok(invitations::find(self, token, now)?)
    }
}

impl InvitationWrites for Connection {
    fn issue_invitation(&self, account: AccountId, now: i64, ttl_secs: i64) -> StoreResult<String> {
        Ok(invitations::issue(self, account, now, ttl_secs)?)
    }
    fn note_invitation_resent(&self, account: AccountId, now: i64) -> StoreResult<()> {
        Ok(invitations::note_resent(self, account, now)?)
    }
    fn revoke_invitations(&self, account: AccountId, now: i64) -> StoreResult<()> {
        Ok(invitations::revoke_all(self, account, now)?)
    }
    fn use_up_invitation(&self, token: &str, now: i64) -> StoreResult<bool> {
        Ok(invitations::use_up(self, token, now)?)
    }
}

impl CategoryReads for Connection {
    fn categories(&self) -> StoreResult<Vec<Category>> {
        Ok(categories::all(self)?)
    }
}

impl CategoryWrites for Connection {
    fn insert_category(
        &self,
        parent: Option<CategoryId>,
        name: &str,
        deadline_days: u32,
    ) -> StoreResult<CategoryId> {
        Ok(categories::insert(self, parent, name, deadline_days)?)
    }
    fn set_category_deadline(&self, id: CategoryId, days: u32) -> StoreResult<()> {
        Ok(categories::set_deadline(self, id, days)?)
    }
    fn set_category_stages(&self, id: CategoryId, stages: Option<Stages>) -> StoreResult<()> {
        Ok(categories::set_stages(self, id, stages)?)
    }
}

impl TemplateReads for Connection {
    fn templates_for(
        &self,
        path: &OrgPath,
        category: Option<CategoryId>,
    ) -> StoreResult<Vec<Template>> {
        Ok(templates::for_path(self, path, category)?)
    }
    fn template(&self, id: i64) -> StoreResult<Option<Template>> {
        Ok(templates::get(self, id)?)
    }
}

impl TemplateWrites for Connection {
    fn insert_template(&self, draft: &TemplateDraft, now: i64) -> StoreResult<i64> {
        Ok(templates::insert(self, draft, now)?)
    }
    fn update_template(&self, id: i64, draft: &TemplateDraft, now: i64) -> StoreResult<()> {
        Ok(templates::update(self, id, draft, now)?)
    }
    fn delete_template(&self, id: i64) -> StoreResult<()> {
        Ok(templates::delete(self, id)?)
    }
}

impl MessageReads for Connection {
    fn count_messages(&self, filter: &Filter) -> StoreResult<u64> {
        Ok(messages::count(self, filter)?)
    }
    fn count_messages_by_status(&self, filter: &Filter) -> StoreResult<Vec<(MessageStatus, u64)>> {
        Ok(messages::count_by_status(self, filter)?)
    }
    fn messages_page(&self, filter: &Filter) -> StoreResult<PageOf<MessageRow>> {
        Ok(messages::page(self, filter)?)
    }
    fn status_counts(&self, org: OrgId) -> StoreResult<Vec<(MessageStatus, u64)>> {
        Ok(messages::counts(self, org)?)
    }
    fn status_counts_for_assignee(
        &self,
        org: OrgId,
        assignee: AccountId,
    ) -> StoreResult<Vec<(MessageStatus, u64)>> {
        Ok(messages::counts_for_assignee(self, org, assignee)?)
    }
    fn overdue_count(
        &self,
        org: OrgId,
        assignee: Option<AccountId>,
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<u64> {
        Ok(messages::overdue_count(
            self,
            org,
            assignee,
            today,
            with_moderation,
        )?)
    }
    fn open_load(&self, org: OrgId) -> StoreResult<HashMap<AccountId, u64>> {
        Ok(messages::open_load(self, org)?)
    }
    fn message(&self, id: MessageId) -> StoreResult<Option<Message>> {
        Ok(messages::get(self, id)?)
    }
    fn message_history(
        &self,
        id: MessageId,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<crate::domain::HistoryPage> {
        Ok(messages::history_page(self, id, before, limit)?)
    }
    fn lifecycle_state(&self, id: MessageId) -> StoreResult<Option<LifecycleState>> {
        Ok(messages::lifecycle_state(self, id)?)
    }
    fn message_links(&self, id: MessageId, limit: u32) -> StoreResult<Vec<(MessageId, LinkKind)>> {
        Ok(links::links(self, id, limit)?)
    }
    fn history_drafts(&self, id: MessageId, from: i64) -> StoreResult<Vec<(i64, String)>> {
        Ok(links::drafts(self, id, from)?)
    }
    fn period_facts(&self, query: &PeriodQuery) -> StoreResult<Vec<PeriodFact>> {
        Ok(messages::period_facts(self, query)?)
    }
    fn figures(
        &self,
        paths: (&str, &str),
        today: NaiveDate,
        with_moderation: bool,
    ) -> StoreResult<Figures> {
        Ok(messages::figures(self, paths, today, with_moderation)?)
    }
}

impl MessageWrites for Connection {
    fn insert_message(&self, message: &NewMessage) -> StoreResult<MessageId> {
        Ok(messages::insert(self, message)?)
    }
    fn add_history(&self, line: &NewHistory) -> StoreResult<()> {
        Ok(messages::add_history(self, line)?)
    }
    fn link_messages(
        &self,
        id: MessageId,
        other: MessageId,
        kind: LinkKind,
        by: AccountId,
        now: i64,
    ) -> StoreResult<()> {
        Ok(links::link(self, id, other, kind, by, now)?)
    }
    fn unlink_messages(&self, id: MessageId, other: MessageId) -> StoreResult<bool> {
        Ok(links::unlink(self, id, other)?)
    }
    fn save_lifecycle_state(
        &self,
        id: MessageId,
        version: i64,
        next: &LifecycleState,
        now: i64,
    ) -> StoreResult<bool> {
        Ok(messages::save_lifecycle_state(
            self, id, version, next, now,
        )?)
    }
    fn fill_answer_times(&self) -> StoreResult<()> {
        Ok(messages::answered_at_from_history(self)?)
    }
    fn set_redirect_request(
        &self,
        id: MessageId,
        from: MessageStatus,
        target: OrgId,
    ) -> StoreResult<()> {
        self.prepare_cached(
            "UPDATE messages SET prev_status = ?1, redirect_org_id = ?2 WHERE id = ?3",
        )?
        .execute(params![from.code(), target.0, id.0])?;
        Ok(())
    }
}

impl MetaReads for Connection {
    fn meta(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(meta_get(self, key)?)
    }
}

impl MetaWrites for Connection {
    fn set_meta(&self, key: &str, value: &str) -> StoreResult<()> {
        Ok(meta_set(self, key, value)?)
    }
}

impl Writer for Connection {
    fn begin_step(&self) -> StoreResult<()> {
        Ok(self.execute_batch("SAVEPOINT step")?)
    }
    fn keep_step(&self) -> StoreResult<()> {
        Ok(self.execute_batch("RELEASE step")?)
    }
    fn undo_step(&self) -> StoreResult<()> {
        Ok(self.execute_batch("ROLLBACK TO step; RELEASE step")?)
    }
}
