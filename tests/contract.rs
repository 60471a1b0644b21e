//! The contract suite: every read-side use case of `Service` and the
//! permission rules that apply to it, each case run twice — on the embedded
//! `LocalService` and through a real server via `RemoteService` — against
//! the fixture in `common` (see its module doc for the tree and the queue).
//!
//! A few cases only make sense on one backend (e-mail sign-in, a wrong
//! token on the wire, an unreachable server); they are plain tests at the end.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use common::{Fixture, Kind, assert_err, at, date};
use otklik::domain::values::{Email, Inn, Ogrn, Phone, SiteUrl};
use otklik::domain::{
    Account, AccountId, AccountStatus, Actor, Category, Field, HistoryEntry, Invalid, Message,
    MessageId, MessageKind, MessageRow, MessageSource, MessageStatus, OrgCounts, OrgId, OrgKind,
    OrgNode, OrgPath, Organisation, Problem, Role, Roles, WidgetState,
};
use otklik::service::{
    AccountQuery, Credentials, Entity, Gateway, MessageQuery, RemoteService, Service, ServiceError,
    StatusCounts,
};

use MessageStatus::{Answered, Closed, InWork, New, OnApproval, RedirectRequested};

// ---------------------------------------------------------------- helpers

fn time(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap()
}

fn org_not_found(id: OrgId) -> ServiceError {
    ServiceError::NotFound {
        entity: Entity::Organisation,
        id: id.to_string(),
    }
}

const MISSING_ORG: OrgId = OrgId(999);

fn node_ids(nodes: &[OrgNode]) -> Vec<OrgId> {
    nodes.iter().map(|n| n.id).collect()
}

fn sorted(mut ids: Vec<OrgId>) -> Vec<OrgId> {
    ids.sort();
    ids
}

fn account_ids(accounts: &[Account]) -> Vec<AccountId> {
    accounts.iter().map(|a| a.id).collect()
}

fn row_ids(rows: &[MessageRow]) -> Vec<MessageId> {
    rows.iter().map(|r| r.id).collect()
}

/// School A's accounts in name order (E1 and the new account share a name;
/// E1 was inserted first).
fn school_a_by_name(f: &Fixture) -> Vec<AccountId> {
    let w = &f.who;
    vec![
        w.a_admin.id,       // Админов
        w.a_archived.id,    // Бывшева
        w.a_leader.id,      // Директорова
        w.a_e1.id,          // Иванов Иван Иванович
        w.a_new.id,         // Иванов Иван Иванович
        w.a_coordinator.id, // Петрова
        w.a_e2.id,          // Сидорова
    ]
}

/// Every page of `org`'s accounts with `limit`, checked page by page.
async fn all_account_pages(
    svc: &dyn Service,
    org: OrgId,
    text: Option<&str>,
    limit: u32,
) -> Vec<Vec<AccountId>> {
    let mut pages = Vec::new();
    let mut after = None;
    loop {
        let query = AccountQuery {
            text: text.map(str::to_string),
            after: after.clone(),
            limit,
        };
        let page = svc.accounts(org, &query).await.unwrap();
        assert!(page.items.len() <= limit as usize, "page over the limit");
        pages.push(account_ids(&page.items));
        assert!(pages.len() <= 50, "paging does not end");
        match page.next {
            Some(next) => after = Some(next),
            None => return pages,
        }
    }
}

/// Every page of a message query with `limit`, checked page by page.
async fn all_message_pages(
    svc: &dyn Service,
    query: &MessageQuery,
    limit: u32,
) -> Vec<Vec<MessageId>> {
    let mut pages = Vec::new();
    let mut query = MessageQuery {
        limit,
        after: None,
        ..query.clone()
    };
    let per_page = if limit == 0 { 100 } else { limit as usize };
    loop {
        let page = svc.messages(&query).await.unwrap();
        assert!(page.items.len() <= per_page, "page over the limit");
        assert!(
            !page.items.is_empty() || pages.is_empty(),
            "an empty page after a cursor"
        );
        pages.push(row_ids(&page.items));
        assert!(pages.len() <= 50, "paging does not end");
        match page.next {
            Some(next) => query.after = Some(next),
            None => return pages,
        }
    }
}

/// The ids of the first (and only expected) page of `query`.
async fn list(svc: &dyn Service, query: MessageQuery) -> Vec<MessageId> {
    let page = svc.messages(&query).await.unwrap();
    assert_eq!(page.next, None, "expected a single page");
    row_ids(&page.items)
}

fn queue(org: OrgId) -> MessageQuery {
    MessageQuery::for_org(org)
}

fn by_status(counts: &StatusCounts) -> Vec<(MessageStatus, u64)> {
    let mut v = counts.by_status.clone();
    v.sort();
    v
}

// ---------------------------------------------------------------- sign-in

contract!(sign_in_by_token_gives_the_actor, |ctx| async move {
    let f = &ctx.f;
    let token = f.service.issue_token(&f.who.a_coordinator.email).unwrap();
    let actor = ctx.sign_in_token(&token).await.unwrap();
    assert_eq!(
        actor,
        Actor {
            account: f.who.a_coordinator.id,
            name: "Петрова А. С.".into(),
            email: "petrova@school5.ru".into(),
            org: f.org.school_a,
            org_path: OrgPath(format!(
                "/{}/{}/{}/{}/",
                f.org.platform, f.org.city, f.org.edu, f.org.school_a
            )),
            org_name: "МБОУ «СОШ № 5»".into(),
            roles: Roles::empty().with(Role::Coordinator),
            trained: true,
            intake: false,
        }
    );
    // A token with surrounding whitespace (as pasted) is the same token.
    let padded = ctx.sign_in_token(&format!("  {token}\n")).await.unwrap();
    assert_eq!(padded, actor);
});

contract!(
    sign_in_by_token_of_an_archived_account_is_refused,
    |ctx| async move {
        assert_err(
            ctx.sign_in_token(&ctx.f.archived_token).await,
            ServiceError::Unauthenticated,
        );
    }
);

contract!(
    sign_in_by_unknown_or_empty_token_is_refused,
    |ctx| async move {
        let unknown = format!("otk_{}", "0".repeat(64));
        assert_err(
            ctx.sign_in_token(&unknown).await,
            ServiceError::Unauthenticated,
        );
        assert_err(ctx.sign_in_token("").await, ServiceError::Unauthenticated);
    }
);

contract!(sign_in_by_revoked_token_is_refused, |ctx| async move {
    assert_err(
        ctx.sign_in_token(&ctx.f.revoked_token).await,
        ServiceError::Unauthenticated,
    );
});

contract!(
    archiving_an_account_stops_its_token_at_once,
    |ctx| async move {
        let f = &ctx.f;
        let token = f.service.issue_token(&f.who.a_e2.email).unwrap();
        let actor = ctx.sign_in_token(&token).await.unwrap();
        assert_eq!(actor.account, f.who.a_e2.id);
        f.exec(
            "UPDATE accounts SET status = 'archived' WHERE id = ?1",
            &[f.who.a_e2.id.0.into()],
        );
        assert_err(
            ctx.sign_in_token(&token).await,
            ServiceError::Unauthenticated,
        );
        if ctx.kind == Kind::Remote {
            // Every request is checked, not just the sign-in.
            let svc = RemoteService::new(ctx.url(), &token)
                .unwrap()
                .session(actor.clone());
            assert_err(svc.org_children(None).await, ServiceError::Unauthenticated);
        }
    }
);

contract!(sign_in_by_email_is_local_only, |ctx| async move {
    let f = &ctx.f;
    let svc = ctx.service_with_token("unused");
    // The address in another case: e-mail is unique case-insensitively.
    let result = svc
        .sign_in(&Credentials::Email("Petrova@SCHOOL5.ru".into()))
        .await;
    match ctx.kind {
        Kind::Local => {
            let actor = result.unwrap().actor();
            assert_eq!(actor.account, f.who.a_coordinator.id);
            assert_eq!(actor.email, "petrova@school5.ru");
            assert_eq!(actor.org, f.org.school_a);
        }
        Kind::Remote => assert_err(result, ServiceError::Unauthenticated),
    }
});

// ---------------------------------------------------------------- the tree

fn school_a_node(f: &Fixture) -> OrgNode {
    OrgNode {
        id: f.org.school_a,
        parent: Some(f.org.edu),
        short_name: "МБОУ «СОШ № 5»".into(),
        kind: OrgKind::School,
        child_count: 0,
        counts: OrgCounts {
            new: 3,
            in_work: 3,
            overdue: 4,
        },
    }
}

fn school_b_node(f: &Fixture) -> OrgNode {
    OrgNode {
        id: f.org.school_b,
        parent: Some(f.org.edu),
        short_name: "МБОУ «СОШ № 12»".into(),
        kind: OrgKind::School,
        child_count: 0,
        counts: OrgCounts {
            new: 1,
            in_work: 1,
            overdue: 1,
        },
    }
}

contract!(org_tree_counts_agree_with_the_fixture, |ctx| async move {
    // Guards the literal counts used below against a changed fixture.
    let f = &ctx.f;
    let count = |org: OrgId, keep: &dyn Fn(&common::Msg) -> bool| {
        f.msgs.iter().filter(|m| m.org == org && keep(m)).count() as u64
    };
    for node in [school_a_node(f), school_b_node(f)] {
        assert_eq!(
            node.counts,
            OrgCounts {
                new: count(node.id, &|m| m.status == New),
                in_work: count(node.id, &|m| m.status == InWork),
                overdue: count(node.id, &|m| m.overdue()),
            }
        );
    }
    let (svc, _) = ctx.service_as(&f.who.a_e1.email).await;
    assert!(svc.org_children(Some(f.org.edu)).await.is_ok());
});

contract!(org_children_from_the_root_down, |ctx| async move {
    let f = &ctx.f;
    // Anyone signed in sees the tree: an executor, another school's
    // coordinator and the platform curator all get the same answers.
    for who in [&f.who.a_e1, &f.who.b_coordinator, &f.who.platform_curator] {
        let (svc, _) = ctx.service_as(&who.email).await;
        let roots = svc.org_children(None).await.unwrap();
        assert_eq!(
            roots,
            vec![OrgNode {
                id: f.org.platform,
                parent: None,
                short_name: "ПОС".into(),
                kind: OrgKind::Platform,
                child_count: 1,
                counts: OrgCounts::default(),
            }]
        );
        let cities = svc.org_children(Some(f.org.platform)).await.unwrap();
        assert_eq!(
            cities,
            vec![OrgNode {
                id: f.org.city,
                parent: Some(f.org.platform),
                short_name: "Администрация г. Энска".into(),
                kind: OrgKind::Administration,
                child_count: 2,
                counts: OrgCounts::default(),
            }]
        );
        // By name, not by number: culture (7) before education (3).
        let depts = svc.org_children(Some(f.org.city)).await.unwrap();
        assert_eq!(node_ids(&depts), vec![f.org.culture, f.org.edu]);
        assert_eq!(depts[0].child_count, 0);
        assert!(depts.iter().all(|d| d.kind == OrgKind::Department));
        // Numbers sort as numbers: «СОШ № 5» before «СОШ № 12»; the archived school C is not listed.
        let schools = svc.org_children(Some(f.org.edu)).await.unwrap();
        assert_eq!(schools, vec![school_a_node(f), school_b_node(f)]);
        let leaves = svc.org_children(Some(f.org.school_a)).await.unwrap();
        assert_eq!(leaves, vec![]);
    }
});

contract!(
    org_children_of_a_missing_org_is_not_found,
    |ctx| async move {
        let (svc, _) = ctx.service_as(&ctx.f.who.a_e1.email).await;
        assert_err(
            svc.org_children(Some(MISSING_ORG)).await,
            org_not_found(MISSING_ORG),
        );
    }
);

contract!(
    org_child_count_matches_the_listed_children,
    |ctx| async move {
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.a_e1.email).await;
        let depts = svc.org_children(Some(f.org.city)).await.unwrap();
        let edu = depts.iter().find(|d| d.id == f.org.edu).unwrap();
        let schools = svc.org_children(Some(f.org.edu)).await.unwrap();
        assert_eq!(schools.len(), 2);
        assert_eq!(edu.child_count, schools.len() as u64);
    }
);

contract!(org_ancestors_from_the_root, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.b_coordinator.email).await;
    let path = svc.org_ancestors(f.org.school_a).await.unwrap();
    assert_eq!(
        node_ids(&path),
        vec![f.org.platform, f.org.city, f.org.edu, f.org.school_a]
    );
    assert_eq!(path.last(), Some(&school_a_node(f)));
    let root = svc.org_ancestors(f.org.platform).await.unwrap();
    assert_eq!(node_ids(&root), vec![f.org.platform]);
    let archived = svc.org_ancestors(f.org.school_c).await.unwrap();
    assert_eq!(
        node_ids(&archived),
        vec![f.org.platform, f.org.city, f.org.edu, f.org.school_c]
    );
    assert_err(
        svc.org_ancestors(MISSING_ORG).await,
        org_not_found(MISSING_ORG),
    );
});

contract!(search_orgs_by_name_case_insensitively, |ctx| async move {
    let f = &ctx.f;
    let (svc, actor) = ctx.service_as(&f.who.a_e1.email).await;
    let search = |text: &'static str, limit: u32| {
        let (svc, _) = (Arc::clone(&svc), actor.clone());
        async move { svc.search_orgs(text, limit).await.unwrap() }
    };
    // Archived school C («СОШ № 7») is never found.
    assert_eq!(
        sorted(node_ids(&search("сош", 0).await)),
        vec![f.org.school_a, f.org.school_b]
    );
    assert_eq!(search("сош № 5", 10).await, vec![school_a_node(f)]);
    assert_eq!(
        node_ids(&search("  СоШ № 12 ", 10).await),
        vec![f.org.school_b]
    );
    // The full name is searched too ("…администрации города Энска").
    assert_eq!(
        sorted(node_ids(&search("ЭНСКА", 10).await)),
        vec![f.org.city, f.org.edu, f.org.culture]
    );
    assert_eq!(
        node_ids(&search("средняя общеобразовательная школа № 5", 10).await),
        vec![f.org.school_a]
    );
    assert_eq!(search("сош", 1).await.len(), 1);
    assert_eq!(search("Атлантида", 10).await, vec![]);
    // LIKE wildcards are literal.
    assert_eq!(search("%", 10).await, vec![]);
    assert_eq!(search("_", 10).await, vec![]);
});

contract!(search_orgs_by_number, |ctx| async move {
    let f = &ctx.f;
    assert_eq!(f.org.school_a, OrgId(4));
    assert_eq!(f.org.school_b, OrgId(5));
    let (svc, _) = ctx.service_as(&f.who.a_e1.email).await;
    // Number 4 is school A; no name contains "4".
    for text in ["4", "#4", " 4 "] {
        let found = svc.search_orgs(text, 10).await.unwrap();
        assert_eq!(found, vec![school_a_node(f)], "{text:?}");
    }
    // Number 5 is school B («СОШ № 12»); school A's name has "№ 5". The number first.
    let five = svc.search_orgs("5", 10).await.unwrap();
    assert_eq!(node_ids(&five), vec![f.org.school_b, f.org.school_a]);
    // Number 6 is the archived school C.
    assert_eq!(f.org.school_c, OrgId(6));
    assert_eq!(svc.search_orgs("6", 10).await.unwrap(), vec![]);
});

contract!(organisation_details, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.b_coordinator.email).await;
    let org = svc.organisation(f.org.school_a).await.unwrap();
    assert_eq!(
        org,
        Organisation {
            id: f.org.school_a,
            parent: Some(f.org.edu),
            name: "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 5»".into(),
            short_name: "МБОУ «СОШ № 5»".into(),
            kind: OrgKind::School,
            ogrn: Some(Ogrn::for_organisation([1, 0, 2, 7, 4, 0, 0, 5, 1, 2, 3, 4])),
            inn: Some(Inn::for_organisation([7, 4, 5, 3, 0, 1, 2, 3, 4])),
            site: Some(SiteUrl::parse("https://school5.ru/").unwrap()),
            ready: false,
            widget_site_approved: false,
            archived: false,
            widget: WidgetState {
                variant: None,
                banner: None,
                generated_at: None,
                checked_at: None,
                found: None,
            },
            readiness_deadline: None,
        }
    );
    let c = svc.organisation(f.org.school_c).await.unwrap();
    assert!(c.archived);
    assert_eq!(
        (c.short_name.as_str(), c.ogrn, c.site),
        ("МБОУ «СОШ № 7»", None, None)
    );
    let platform = svc.organisation(f.org.platform).await.unwrap();
    assert_eq!((platform.parent, platform.kind), (None, OrgKind::Platform));
    assert_err(
        svc.organisation(MISSING_ORG).await,
        org_not_found(MISSING_ORG),
    );
});

// ---------------------------------------------------------------- accounts

contract!(accounts_by_name_with_every_status, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    let page = svc
        .accounts(f.org.school_a, &AccountQuery::default())
        .await
        .unwrap();
    assert_eq!(account_ids(&page.items), school_a_by_name(f));
    assert_eq!(page.next, None);
    let statuses: Vec<AccountStatus> = page.items.iter().map(|a| a.status).collect();
    use AccountStatus::{Archived, Confirmed};
    assert_eq!(
        statuses,
        vec![
            Confirmed,
            Archived,
            Confirmed,
            Confirmed,
            AccountStatus::New,
            Confirmed,
            Confirmed
        ]
    );
    // One account in full: the invited one.
    let invited = page.items.iter().find(|a| a.id == f.who.a_new.id).unwrap();
    assert_eq!(
        invited,
        &Account {
            id: f.who.a_new.id,
            org: f.org.school_a,
            surname: "Иванов".into(),
            first_name: "Иван".into(),
            patronymic: "Иванович".into(),
            email: Email::parse("ivanov.new@school5.ru").unwrap(),
            phone: Some(Phone::parse("+79123456789").unwrap()),
            position: "Учитель биологии".into(),
            roles: Roles::empty().with(Role::Executor),
            status: AccountStatus::New,
            invited_at: Some(time(at(2026, 1, 12, 9, 0))),
            invitations_sent: 1,
            confirmed_at: None,
            trained_at: None,
            mail: None,
        }
    );
    let confirmed = page.items.iter().find(|a| a.id == f.who.a_e1.id).unwrap();
    assert_eq!(confirmed.confirmed_at, Some(time(at(2026, 1, 12, 9, 0))));
    // Another organisation's list holds only its own staff.
    let (svc, _) = ctx.service_as(&f.who.edu_admin.email).await;
    let edu = svc
        .accounts(f.org.edu, &AccountQuery::default())
        .await
        .unwrap();
    assert_eq!(
        account_ids(&edu.items),
        vec![f.who.edu_coordinator.id, f.who.edu_admin.id] // Департаментов, Отделов
    );
});

contract!(
    accounts_paging_returns_each_account_once,
    |ctx| async move {
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.a_leader.email).await;
        let all = school_a_by_name(f);
        // Pages of two; the namesakes (E1, new) straddle the 2nd/3rd page boundary.
        let pages = all_account_pages(&*svc, f.org.school_a, None, 2).await;
        assert_eq!(
            pages,
            vec![
                all[0..2].to_vec(),
                all[2..4].to_vec(),
                all[4..6].to_vec(),
                all[6..7].to_vec()
            ]
        );
        for limit in [1, 3, 6, 7, 8] {
            let pages = all_account_pages(&*svc, f.org.school_a, None, limit).await;
            assert_eq!(pages.concat(), all, "limit {limit}");
            assert_eq!(
                pages.len(),
                all.len().div_ceil(limit as usize).max(1),
                "limit {limit}"
            );
        }
    }
);

contract!(accounts_text_filter, |ctx| async move {
    let f = &ctx.f;
    let w = &f.who;
    let (svc, actor) = ctx.service_as(&w.a_e2.email).await;
    let filter = |text: &'static str| {
        let (svc, _, org) = (Arc::clone(&svc), actor.clone(), f.org.school_a);
        async move {
            let query = AccountQuery {
                text: Some(text.into()),
                ..AccountQuery::default()
            };
            account_ids(&svc.accounts(org, &query).await.unwrap().items)
        }
    };
    // By name, a substring anywhere: "Зоя Ивановна" too.
    assert_eq!(
        filter("иванов").await,
        vec![w.a_archived.id, w.a_e1.id, w.a_new.id]
    );
    assert_eq!(filter("ИВАН ИВАНОВИЧ").await, vec![w.a_e1.id, w.a_new.id]);
    // By e-mail, case-insensitively.
    assert_eq!(filter("IVANOV").await, vec![w.a_e1.id, w.a_new.id]);
    assert_eq!(filter("@school5.ru").await, school_a_by_name(f));
    // By position.
    assert_eq!(filter("математики").await, vec![w.a_e1.id]);
    assert_eq!(filter("заместитель").await, vec![w.a_coordinator.id]);
    assert_eq!(filter("нет такого").await, vec![]);
    assert_eq!(filter("%").await, vec![]);
    // A filtered list pages like the whole one.
    let pages = all_account_pages(&*svc, f.org.school_a, Some("иванов"), 1).await;
    assert_eq!(
        pages,
        vec![vec![w.a_archived.id], vec![w.a_e1.id], vec![w.a_new.id]]
    );
});

contract!(
    accounts_text_filter_by_cyrillic_position_ignores_case,
    |ctx| async move {
        let f = &ctx.f;
        let w = &f.who;
        let (svc, _) = ctx.service_as(&w.a_coordinator.email).await;
        let query = AccountQuery {
            text: Some("учитель".into()),
            ..AccountQuery::default()
        };
        let page = svc.accounts(f.org.school_a, &query).await.unwrap();
        // Positions "Учитель истории/математики/биологии/русского языка".
        assert_eq!(
            account_ids(&page.items),
            vec![w.a_archived.id, w.a_e1.id, w.a_new.id, w.a_e2.id]
        );
        // "заместитель директора по УВР", searched as typed.
        let query = AccountQuery {
            text: Some("УВР".into()),
            ..AccountQuery::default()
        };
        let page = svc.accounts(f.org.school_a, &query).await.unwrap();
        assert_eq!(account_ids(&page.items), vec![w.a_coordinator.id]);
    }
);

contract!(accounts_bad_cursor_is_invalid, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    let query = AccountQuery {
        after: Some("garbage".into()),
        ..AccountQuery::default()
    };
    assert_err(
        svc.accounts(f.org.school_a, &query).await,
        ServiceError::Invalid(Invalid::new(
            Field::Cursor,
            Problem::Unknown {
                value: "garbage".into(),
            },
        )),
    );
});

contract!(
    accounts_seen_by_own_staff_and_admins_curators_above,
    |ctx| async move {
        let f = &ctx.f;
        let w = &f.who;
        for who in [
            &w.a_e1,
            &w.a_leader,
            &w.a_admin,
            &w.a_coordinator,
            &w.edu_admin,
            &w.city_admin,
            &w.city_curator,
            &w.platform_curator,
        ] {
            let (svc, _) = ctx.service_as(&who.email).await;
            let page = svc
                .accounts(f.org.school_a, &AccountQuery::default())
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", who.email));
            assert_eq!(
                account_ids(&page.items),
                school_a_by_name(f),
                "{}",
                who.email
            );
        }
    }
);

contract!(accounts_forbidden_outside_scope, |ctx| async move {
    let f = &ctx.f;
    let w = &f.who;
    let cases = [
        (
            &w.b_coordinator,
            f.org.school_a,
            "another school's coordinator",
        ),
        (&w.a_admin, f.org.edu, "a school admin on its parent"),
        (
            &w.a_coordinator,
            f.org.edu,
            "a school coordinator on its parent",
        ),
        (
            &w.edu_coordinator,
            f.org.school_a,
            "a coordinator above (not admin/curator)",
        ),
        (
            &w.edu_admin,
            f.org.culture,
            "an admin of a sibling department",
        ),
        (&w.city_curator, f.org.platform, "a curator on its parent"),
    ];
    for (who, org, why) in cases {
        let (svc, _) = ctx.service_as(&who.email).await;
        let result = svc.accounts(org, &AccountQuery::default()).await;
        assert!(
            matches!(result, Err(ServiceError::Forbidden)),
            "{why}: {result:?}"
        );
    }
    let (svc, _) = ctx.service_as(&w.platform_curator.email).await;
    assert_err(
        svc.accounts(MISSING_ORG, &AccountQuery::default()).await,
        org_not_found(MISSING_ORG),
    );
});

// ---------------------------------------------------------------- messages

contract!(
    messages_whole_queue_for_coordinator_and_leader,
    |ctx| async move {
        let f = &ctx.f;
        let all = f.expect_ids(f.org.school_a, |_| true);
        assert_eq!(all.len(), 12);
        assert_eq!(
            all,
            f.ids(&[
                "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "a12"
            ])
        );
        for who in [&f.who.a_coordinator, &f.who.a_leader] {
            let (svc, _) = ctx.service_as(&who.email).await;
            let page = svc.messages(&queue(f.org.school_a)).await.unwrap();
            assert_eq!(row_ids(&page.items), all, "{}", who.email);
            assert_eq!(page.next, None);
            // One row in full.
            let a4 = f.msg("a4");
            let row = page.items.iter().find(|r| r.id == a4.id).unwrap();
            assert_eq!(
                row,
                &MessageRow {
                    id: a4.id,
                    org: f.org.school_a,
                    received_at: time(a4.received_at),
                    category: "Образование › Ремонт зданий".into(),
                    status: OnApproval,
                    deadline: date(2026, 3, 11),
                    assignee: Some(f.who.a_e2.id),
                    assignee_name: Some("Сидорова Е. П.".into()),
                    summary: "Протекает крыша в спортзале".into(),
                    version: 1,
                    stage_deadline: None,
                    org_name: "МБОУ «СОШ № 5»".into(),
                }
            );
            // Unassigned rows have no assignee; rows carry their own status.
            let a6 = page.items.iter().find(|r| r.id == f.msg("a6").id).unwrap();
            assert_eq!((a6.assignee, a6.assignee_name.as_deref()), (None, None));
            assert_eq!(a6.category, "Дороги › Освещение улиц");
            let statuses: Vec<MessageStatus> = page.items.iter().map(|r| r.status).collect();
            let expected: Vec<MessageStatus> = all
                .iter()
                .map(|id| f.msgs.iter().find(|m| m.id == *id).unwrap().status)
                .collect();
            assert_eq!(statuses, expected);
        }
    }
);

contract!(
    a_citizens_other_messages_as_far_as_one_sees,
    |ctx| async move {
        let f = &ctx.f;
        let a1 = f.msg("a1").id;
        // Every message of the fixture comes from one citizen's address.
        let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let others = row_ids(&svc.citizen_messages(a1).await.unwrap());
        let expected = f.expect_ids(f.org.school_a, |m| {
            m.id != a1 && m.status != MessageStatus::Moderation
        });
        assert!(expected.len() >= 2, "{expected:?}");
        assert_eq!(others, expected);
        // An executor sees only those given to them.
        let (svc, _) = ctx.service_as(&f.who.a_e1.email).await;
        let mine = f.ids(&["a3", "a7", "a8", "a10"]);
        assert_eq!(row_ids(&svc.citizen_messages(a1).await.unwrap()), mine);
        // Another school's coordinator may not see the message at all.
        let (svc, _) = ctx.service_as(&f.who.b_coordinator.email).await;
        assert_err(svc.citizen_messages(a1).await, ServiceError::Forbidden);
    }
);

contract!(messages_executor_sees_only_their_own, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_e1.email).await;
    let mine = f.ids(&["a1", "a3", "a7", "a8", "a10"]);
    assert_eq!(
        mine,
        f.expect_ids(f.org.school_a, |m| m.assignee == Some(f.who.a_e1.id))
    );
    assert_eq!(list(&*svc, queue(f.org.school_a)).await, mine);
    let explicit = MessageQuery {
        assignee: Some(f.who.a_e1.id),
        ..queue(f.org.school_a)
    };
    assert_eq!(list(&*svc, explicit).await, mine);
    let in_work = MessageQuery {
        statuses: vec![InWork],
        ..queue(f.org.school_a)
    };
    assert_eq!(list(&*svc, in_work).await, f.ids(&["a3", "a7"]));
    // Asking for somebody else's is refused, not silently narrowed.
    let others = MessageQuery {
        assignee: Some(f.who.a_e2.id),
        ..queue(f.org.school_a)
    };
    assert_err(svc.messages(&others).await, ServiceError::Forbidden);
    let (svc, _) = ctx.service_as(&f.who.a_e2.email).await;
    assert_eq!(
        list(&*svc, queue(f.org.school_a)).await,
        f.ids(&["a4", "a5", "a11"])
    );
});

contract!(messages_curators_above_see_the_subtree, |ctx| async move {
    let f = &ctx.f;
    for who in [&f.who.city_curator, &f.who.platform_curator] {
        let (svc, _) = ctx.service_as(&who.email).await;
        assert_eq!(
            list(&*svc, queue(f.org.school_a)).await,
            f.expect_ids(f.org.school_a, |_| true)
        );
        assert_eq!(
            list(&*svc, queue(f.org.school_b)).await,
            f.ids(&["b1", "b2"])
        );
    }
});

contract!(messages_forbidden_outside_scope, |ctx| async move {
    let f = &ctx.f;
    let w = &f.who;
    let cases = [
        (&w.edu_coordinator, f.org.school_a),
        (&w.b_coordinator, f.org.school_a),
        (&w.a_admin, f.org.school_a),
        (&w.edu_admin, f.org.school_a),
        (&w.city_admin, f.org.school_a),
        (&w.a_coordinator, f.org.school_b),
        (&w.a_e1, f.org.school_b),
        (&w.city_curator, f.org.platform),
    ];
    for (who, org) in cases {
        let (svc, _) = ctx.service_as(&who.email).await;
        let result = svc.messages(&queue(org)).await;
        assert!(
            matches!(result, Err(ServiceError::Forbidden)),
            "{} on {org}: {result:?}",
            who.email
        );
    }
    let (svc, _) = ctx.service_as(&w.platform_curator.email).await;
    assert_err(
        svc.messages(&queue(MISSING_ORG)).await,
        org_not_found(MISSING_ORG),
    );
});

contract!(messages_filter_by_status, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    let cases: [(&[MessageStatus], &[&str]); 5] = [
        (&[New], &["a6", "a9", "a12"]),
        (&[InWork], &["a3", "a5", "a7"]),
        (&[New, InWork], &["a3", "a5", "a6", "a7", "a9", "a12"]),
        (&[OnApproval, RedirectRequested], &["a4", "a8", "a10"]),
        (&[Answered, Closed], &["a1", "a2", "a11"]),
    ];
    for (statuses, labels) in cases {
        let expected = f.ids(labels);
        assert_eq!(
            expected,
            f.expect_ids(f.org.school_a, |m| statuses.contains(&m.status))
        );
        let query = MessageQuery {
            statuses: statuses.to_vec(),
            ..queue(f.org.school_a)
        };
        assert_eq!(list(&*svc, query).await, expected, "{statuses:?}");
    }
    let none = MessageQuery {
        statuses: vec![MessageStatus::Rejected],
        ..queue(f.org.school_a)
    };
    assert_eq!(list(&*svc, none).await, vec![]);
});

contract!(
    messages_filter_by_category_with_subcategories,
    |ctx| async move {
        let f = &ctx.f;
        let c = f.cat;
        let (svc, _) = ctx.service_as(&f.who.a_leader.email).await;
        let cases = [
            (c.education, &["a1", "a4", "a5", "a7", "a10", "a12"][..]),
            (c.food, &["a1", "a7", "a12"][..]),
            (c.roads, &["a3", "a6", "a8"][..]),
            (c.lighting, &["a6"][..]),
            (c.other, &["a2", "a9", "a11"][..]),
        ];
        for (category, labels) in cases {
            let query = MessageQuery {
                category: Some(category),
                ..queue(f.org.school_a)
            };
            assert_eq!(list(&*svc, query).await, f.ids(labels), "{category}");
        }
        let combined = MessageQuery {
            category: Some(c.education),
            statuses: vec![New],
            ..queue(f.org.school_a)
        };
        assert_eq!(list(&*svc, combined).await, f.ids(&["a12"]));
    }
);

contract!(messages_filter_by_assignee, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    let of = |a: AccountId| MessageQuery {
        assignee: Some(a),
        ..queue(f.org.school_a)
    };
    assert_eq!(
        list(&*svc, of(f.who.a_e1.id)).await,
        f.ids(&["a1", "a3", "a7", "a8", "a10"])
    );
    assert_eq!(
        list(&*svc, of(f.who.a_e2.id)).await,
        f.ids(&["a4", "a5", "a11"])
    );
    assert_eq!(list(&*svc, of(f.who.a_leader.id)).await, vec![]);
    let e2_on_approval = MessageQuery {
        statuses: vec![OnApproval],
        ..of(f.who.a_e2.id)
    };
    assert_eq!(list(&*svc, e2_on_approval).await, f.ids(&["a4"]));
});

contract!(messages_filter_overdue_against_today, |ctx| async move {
    let f = &ctx.f;
    // a5 is due today (not overdue); a1 and a2 are past due but finished.
    let overdue = f.ids(&["a3", "a4", "a6", "a8"]);
    assert_eq!(overdue, f.expect_ids(f.org.school_a, |m| m.overdue()));
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    let q = MessageQuery {
        overdue: true,
        ..queue(f.org.school_a)
    };
    assert_eq!(list(&*svc, q.clone()).await, overdue);
    let e1_overdue = MessageQuery {
        assignee: Some(f.who.a_e1.id),
        ..q.clone()
    };
    assert_eq!(list(&*svc, e1_overdue).await, f.ids(&["a3", "a8"]));
    let new_overdue = MessageQuery {
        statuses: vec![New],
        ..q.clone()
    };
    assert_eq!(list(&*svc, new_overdue).await, f.ids(&["a6"]));
    let (svc, _) = ctx.service_as(&f.who.a_e1.email).await;
    assert_eq!(list(&*svc, q).await, f.ids(&["a3", "a8"]));
});

contract!(messages_filter_by_text_and_number, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    let text = |t: String| MessageQuery {
        text: Some(t),
        ..queue(f.org.school_a)
    };
    let cases: [(&str, &[&str]); 8] = [
        ("Яма", &["a3", "a8"]),
        ("столовой", &["a1"]),       // b1's "столовой" is school B's
        ("Смирнова", &["a1", "a4"]), // the citizen's name; b2 is school B's
        ("  дверь  ", &["a10"]),     // trimmed
        ("100%", &["a12"]),
        ("%", &[]), // punctuation is not a word: full-text search finds words
        ("_", &[]),
        ("Атлантида", &[]),
    ];
    for (t, labels) in cases {
        assert_eq!(list(&*svc, text(t.into())).await, f.ids(labels), "{t:?}");
    }
    // By number (texts hold no digits but a12's "100").
    let a7 = f.msg("a7").id;
    assert_eq!(list(&*svc, text(a7.to_string())).await, vec![a7]);
    assert_eq!(list(&*svc, text(format!("#{a7}"))).await, vec![a7]);
    // Another org's number is not in this queue.
    let b1 = f.msg("b1").id;
    assert_eq!(list(&*svc, text(b1.to_string())).await, vec![]);
    // Text and status together.
    let q = MessageQuery {
        statuses: vec![RedirectRequested],
        ..text("Яма".into())
    };
    assert_eq!(list(&*svc, q).await, f.ids(&["a8"]));
});

contract!(messages_text_search_ignores_case, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    let q = MessageQuery {
        text: Some("яма".into()),
        ..queue(f.org.school_a)
    };
    assert_eq!(list(&*svc, q).await, f.ids(&["a3", "a8"]));
});

contract!(messages_text_search_finds_word_forms, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    let find = |text: &str| MessageQuery {
        text: Some(text.into()),
        ..queue(f.org.school_a)
    };
    // «Яма на дороге у школы» (a3): дорога, дорогу, дороги all find «дороге».
    for form in ["дорога", "дорогу", "Дороги"] {
        assert_eq!(list(&*svc, find(form)).await, f.ids(&["a3"]), "{form}");
    }
    // «ямы» finds «Яма» (a3, a8); «учителей» finds «учителя» (a5) and «учителям» (a11).
    assert_eq!(list(&*svc, find("ямы")).await, f.ids(&["a3", "a8"]));
    assert_eq!(list(&*svc, find("учителей")).await, f.ids(&["a5", "a11"]));
    // Every word must be there.
    assert_eq!(list(&*svc, find("яма дорога")).await, f.ids(&["a3"]));
});

contract!(messages_keyset_paging_newest_first, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    let all = f.expect_ids(f.org.school_a, |_| true);
    // Newest first: ids and arrival times both descend.
    let page = svc.messages(&queue(f.org.school_a)).await.unwrap();
    assert!(
        page.items
            .windows(2)
            .all(|w| w[0].id > w[1].id && w[0].received_at > w[1].received_at)
    );
    for limit in [1, 2, 3, 5, 11, 12, 13, 0] {
        let pages = all_message_pages(&*svc, &queue(f.org.school_a), limit).await;
        let flat = pages.concat();
        assert_eq!(flat, all, "limit {limit}");
        let unique: HashSet<_> = flat.iter().collect();
        assert_eq!(unique.len(), flat.len());
        let per_page = if limit == 0 { 100 } else { limit as usize };
        assert_eq!(pages.len(), all.len().div_ceil(per_page), "limit {limit}");
    }
    // School B's ids sit between school A's and never leak into its pages.
    let pages = all_message_pages(&*svc, &queue(f.org.school_a), 5).await;
    assert_eq!(
        pages,
        vec![
            f.ids(&["a8", "a9", "a10", "a11", "a12"]),
            f.ids(&["a3", "a4", "a5", "a6", "a7"]),
            f.ids(&["a1", "a2"]),
        ]
    );
    // A filtered queue pages the same way.
    let (svc, _) = ctx.service_as(&f.who.a_e1.email).await;
    let pages = all_message_pages(&*svc, &queue(f.org.school_a), 2).await;
    assert_eq!(
        pages,
        vec![f.ids(&["a8", "a10"]), f.ids(&["a3", "a7"]), f.ids(&["a1"])]
    );
});

contract!(messages_bad_cursor_is_invalid, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    for cursor in ["abc", "12abc", "1.5"] {
        let q = MessageQuery {
            after: Some(cursor.into()),
            ..queue(f.org.school_a)
        };
        assert_err(
            svc.messages(&q).await,
            ServiceError::Invalid(Invalid::new(
                Field::Cursor,
                Problem::Unknown {
                    value: cursor.into(),
                },
            )),
        );
    }
    // A well-formed cursor past the end is simply an empty page.
    let q = MessageQuery {
        after: Some(f.msg("a1").id.to_string()),
        ..queue(f.org.school_a)
    };
    let page = svc.messages(&q).await.unwrap();
    assert_eq!((page.items, page.next), (vec![], None));
});

// ---------------------------------------------------------------- counts

fn school_a_counts() -> Vec<(MessageStatus, u64)> {
    vec![
        (New, 3),
        (InWork, 3),
        (OnApproval, 2),
        (RedirectRequested, 1),
        (Answered, 2),
        (Closed, 1),
    ]
}

contract!(message_counts_of_the_whole_queue, |ctx| async move {
    let f = &ctx.f;
    // The literal counts agree with the fixture.
    for (status, n) in school_a_counts() {
        assert_eq!(
            f.expect_ids(f.org.school_a, |m| m.status == status).len() as u64,
            n
        );
    }
    for who in [&f.who.a_coordinator, &f.who.a_leader, &f.who.city_curator] {
        let (svc, _) = ctx.service_as(&who.email).await;
        let counts = svc.message_counts(f.org.school_a).await.unwrap();
        assert_eq!(by_status(&counts), school_a_counts(), "{}", who.email);
        assert_eq!(counts.overdue, 4);
        assert_eq!(counts.total(), 12);
        assert_eq!(counts.get(MessageStatus::Rejected), 0);
    }
    let (svc, _) = ctx.service_as(&f.who.b_coordinator.email).await;
    let b = svc.message_counts(f.org.school_b).await.unwrap();
    assert_eq!(by_status(&b), vec![(New, 1), (InWork, 1)]);
    assert_eq!(b.overdue, 1);
});

contract!(
    message_counts_of_an_executor_are_their_own,
    |ctx| async move {
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.a_e1.email).await;
        let counts = svc.message_counts(f.org.school_a).await.unwrap();
        assert_eq!(
            by_status(&counts),
            vec![
                (InWork, 2),
                (OnApproval, 1),
                (RedirectRequested, 1),
                (Answered, 1)
            ]
        );
        assert_eq!(counts.overdue, 2);
        // The counts agree with the list the executor gets.
        let listed = list(&*svc, queue(f.org.school_a)).await;
        assert_eq!(counts.total(), listed.len() as u64);
        let (svc, _) = ctx.service_as(&f.who.a_e2.email).await;
        let counts = svc.message_counts(f.org.school_a).await.unwrap();
        assert_eq!(
            by_status(&counts),
            vec![(InWork, 1), (OnApproval, 1), (Answered, 1)]
        );
        assert_eq!(counts.overdue, 1);
    }
);

contract!(message_counts_forbidden_outside_scope, |ctx| async move {
    let f = &ctx.f;
    let w = &f.who;
    for (who, org) in [
        (&w.edu_coordinator, f.org.school_a),
        (&w.b_coordinator, f.org.school_a),
        (&w.a_admin, f.org.school_a),
        (&w.edu_admin, f.org.school_a),
        (&w.a_e1, f.org.school_b),
    ] {
        let (svc, _) = ctx.service_as(&who.email).await;
        let result = svc.message_counts(org).await;
        assert!(
            matches!(result, Err(ServiceError::Forbidden)),
            "{} on {org}: {result:?}",
            who.email
        );
    }
    let (svc, _) = ctx.service_as(&w.platform_curator.email).await;
    assert_err(
        svc.message_counts(MISSING_ORG).await,
        org_not_found(MISSING_ORG),
    );
});

// ---------------------------------------------------------------- one message

fn a4_in_full(f: &Fixture) -> Message {
    let a4 = f.msg("a4");
    Message {
        id: a4.id,
        org: f.org.school_a,
        org_name: "МБОУ «СОШ № 5»".into(),
        category: Some(f.cat.repair),
        category_name: "Образование › Ремонт зданий".into(),
        kind: MessageKind::Message,
        source: MessageSource::Widget,
        citizen_name: "Смирнова Ольга Петровна".into(),
        citizen_contact: "citizen@mail.ru".into(),
        text: "Протекает крыша в спортзале".into(),
        address: None,
        received_at: time(at(2026, 2, 25, 9, 45)),
        deadline: date(2026, 3, 11),
        stage_deadline: None,
        status: OnApproval,
        assignee: Some(f.who.a_e2.id),
        assignee_name: Some("Сидорова Е. П.".into()),
        draft: Some("Проект ответа".into()),
        answer: None,
        redirect_to: None,
        redirect_to_name: None,
        version: 1,
        history_earlier: 0,
        links: Vec::new(),
        history: vec![
            HistoryEntry {
                id: 0,
                at: time(at(2026, 2, 25, 9, 45)),
                actor: None,
                actor_name: String::new(),
                action: "received".into(),
                from_status: None,
                to_status: Some(New),
                comment: None,
                subject: None,
            },
            HistoryEntry {
                id: 0,
                at: time(at(2026, 2, 26, 10, 0)),
                actor: Some(f.who.a_coordinator.id),
                actor_name: "Петрова Анна".into(),
                action: "assign".into(),
                from_status: Some(New),
                to_status: Some(InWork),
                comment: Some("Прошу подготовить ответ".into()),
                subject: Some("Сидорова Е. П.".into()),
            },
            HistoryEntry {
                id: 0,
                at: time(at(2026, 3, 4, 15, 30)),
                actor: Some(f.who.a_e2.id),
                actor_name: "Сидорова Елена".into(),
                action: "submit-draft".into(),
                from_status: Some(InWork),
                to_status: Some(OnApproval),
                comment: None,
                subject: None,
            },
        ],
    }
}

contract!(message_in_full_with_history_in_order, |ctx| async move {
    let f = &ctx.f;
    let expected = a4_in_full(f);
    for who in [
        &f.who.a_coordinator,
        &f.who.a_leader,
        &f.who.a_e2,
        &f.who.city_curator,
        &f.who.platform_curator,
    ] {
        let (svc, _) = ctx.service_as(&who.email).await;
        let mut got = svc.message(expected.id).await.unwrap();
        // The steps' ids are the store's own: in order, then left out.
        assert!(got.history.windows(2).all(|w| w[0].id < w[1].id));
        got.history.iter_mut().for_each(|h| h.id = 0);
        assert_eq!(got, expected, "{}", who.email);
    }
    // A message without history, answered, under a top-level category.
    let (svc, _) = ctx.service_as(&f.who.a_e2.email).await;
    let a11 = svc.message(f.msg("a11").id).await.unwrap();
    assert_eq!(a11.history, vec![]);
    assert_eq!(a11.answer.as_deref(), Some("Ответ гражданину"));
    assert_eq!(a11.category_name, "Прочее");
    assert_eq!(a11.status, Answered);
});

contract!(message_forbidden_outside_scope, |ctx| async move {
    let f = &ctx.f;
    let w = &f.who;
    let (a4, a6, b1) = (f.msg("a4").id, f.msg("a6").id, f.msg("b1").id);
    let cases = [
        (&w.a_e1, a4, "E2's message"),
        (&w.a_e1, a6, "an unassigned message"),
        (&w.b_coordinator, a4, "another school"),
        (&w.edu_coordinator, a4, "a coordinator above"),
        (&w.a_admin, a4, "an admin only"),
        (&w.city_admin, a4, "an admin above"),
        (&w.a_coordinator, b1, "another school"),
    ];
    for (who, id, why) in cases {
        let (svc, _) = ctx.service_as(&who.email).await;
        let result = svc.message(id).await;
        assert!(
            matches!(result, Err(ServiceError::Forbidden)),
            "{} on {id} ({why}): {result:?}",
            who.email
        );
    }
    // E1 does see their own.
    let (svc, _) = ctx.service_as(&w.a_e1.email).await;
    let a3 = svc.message(f.msg("a3").id).await.unwrap();
    assert_eq!((a3.id, a3.assignee), (f.msg("a3").id, Some(w.a_e1.id)));
});

contract!(message_missing_is_not_found, |ctx| async move {
    let (svc, _) = ctx.service_as(&ctx.f.who.platform_curator.email).await;
    assert_err(
        svc.message(MessageId(9999)).await,
        ServiceError::NotFound {
            entity: Entity::Message,
            id: "9999".into(),
        },
    );
});

// ---------------------------------------------------------------- classifier

contract!(
    categories_each_followed_by_its_subcategories,
    |ctx| async move {
        let f = &ctx.f;
        let c = f.cat;
        let cat = |id, parent, name: &str, deadline_days| Category {
            stages: None,
            id,
            parent,
            name: name.into(),
            deadline_days,
        };
        let expected = vec![
            cat(c.roads, None, "Дороги", 10),
            cat(c.lighting, Some(c.roads), "Освещение улиц", 10),
            cat(c.potholes, Some(c.roads), "Ямы на дорогах", 10),
            cat(c.education, None, "Образование", 10),
            cat(c.food, Some(c.education), "Питание в школах", 5),
            cat(c.repair, Some(c.education), "Ремонт зданий", 15),
            cat(c.other, None, "Прочее", 30),
        ];
        for who in [&f.who.a_e1, &f.who.b_coordinator, &f.who.city_admin] {
            let (svc, _) = ctx.service_as(&who.email).await;
            assert_eq!(svc.categories().await.unwrap(), expected, "{}", who.email);
        }
    }
);

// ---------------------------------------------------------------- one backend only

mod local_only {
    use super::*;
    use common::Ctx;

    #[tokio::test]
    async fn sign_in_by_email_refuses_archived_new_and_unknown() {
        let ctx = Ctx::new(Kind::Local).await;
        let svc = &ctx.f.service;
        let by_email = |e: &str| Credentials::Email(e.to_string());
        assert_err(
            svc.sign_in(&by_email(&ctx.f.who.a_archived.email)).await,
            ServiceError::Unauthenticated,
        );
        assert_err(
            svc.sign_in(&by_email("nobody@school5.ru")).await,
            ServiceError::Unauthenticated,
        );
        // No token can be issued for an archived account either.
        assert_err(
            svc.issue_token(&ctx.f.who.a_archived.email),
            ServiceError::Forbidden,
        );
        // A New account has not accepted its invitation: it cannot work yet.
        assert_err(
            svc.sign_in(&by_email(&ctx.f.who.a_new.email)).await,
            ServiceError::Unauthenticated,
        );
        assert_err(
            svc.issue_token(&ctx.f.who.a_new.email),
            ServiceError::Forbidden,
        );
        let actor = svc
            .sign_in(&by_email(&ctx.f.who.a_e1.email))
            .await
            .unwrap()
            .actor();
        assert_eq!(actor.account, ctx.f.who.a_e1.id);
        assert_eq!(actor.name, "Иванов И. И.");
    }
}

mod remote_only {
    use super::*;
    use common::Ctx;

    #[tokio::test]
    async fn a_wrong_token_is_unauthenticated_on_every_call() {
        let ctx = Ctx::new(Kind::Remote).await;
        let f = &ctx.f;
        let (_, actor) = ctx.service_as(&f.who.a_coordinator.email).await;
        let gateway = RemoteService::new(ctx.url(), "otk_wrong").unwrap();
        let wrong = gateway.session(actor.clone());
        assert_err(
            wrong.org_children(None).await,
            ServiceError::Unauthenticated,
        );
        assert_err(
            wrong.messages(&queue(f.org.school_a)).await,
            ServiceError::Unauthenticated,
        );
        assert_err(
            wrong.message(f.msg("a4").id).await,
            ServiceError::Unauthenticated,
        );
        assert_err(wrong.categories().await, ServiceError::Unauthenticated);
        // Credentials::Email never reaches the server.
        assert_err(
            gateway
                .sign_in(&Credentials::Email(f.who.a_coordinator.email.clone()))
                .await,
            ServiceError::Unauthenticated,
        );
    }

    #[tokio::test]
    async fn the_actor_comes_from_the_token_not_the_argument() {
        // RemoteService cannot vouch for an Actor value: the server acts as
        // the token's owner whatever actor the caller passes in.
        let ctx = Ctx::new(Kind::Remote).await;
        let f = &ctx.f;
        let (_, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let (e1_svc, _) = ctx.service_as(&f.who.a_e1.email).await;
        let ids = row_ids(&e1_svc.messages(&queue(f.org.school_a)).await.unwrap().items);
        assert_eq!(ids, f.ids(&["a1", "a3", "a7", "a8", "a10"]));
    }

    #[tokio::test]
    async fn an_unreachable_server_is_unavailable() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        let svc = RemoteService::new(&url, "otk_whatever").unwrap();
        let result = svc
            .sign_in(&Credentials::Token("otk_whatever".into()))
            .await;
        assert!(
            matches!(result, Err(ServiceError::Unavailable { .. })),
            "{result:?}"
        );
        let health = svc.health().await;
        assert!(
            matches!(health, Err(ServiceError::Unavailable { .. })),
            "{health:?}"
        );
    }
}
