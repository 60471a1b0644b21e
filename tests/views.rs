//! The queries behind the saved views, on both backends: unassigned, due
//! soon, by source, a curator's whole subtree, and their counts.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use common::{assert_err, today};
use otklik::domain::{MessageSource, MessageStatus};
use otklik::service::{MessageQuery, ServiceError};

contract!(views_find_what_they_say_and_count_it, |ctx| async move {
    let f = &ctx.f;
    let (svc, coordinator) = ctx.service_as(&f.who.a_coordinator.email).await;
    let ids = |q: MessageQuery| {
        let (svc, _) = (svc.clone(), coordinator.clone());
        async move {
            let page = svc.messages(&q).await.unwrap();
            let n = svc.count_messages(&q).await.unwrap();
            assert_eq!(
                n as usize,
                page.items.len(),
                "the count agrees with the list"
            );
            page.items.iter().map(|m| m.id).collect::<Vec<_>>()
        }
    };
    // Unassigned new messages: the coordinator's view.
    let mut q = MessageQuery::for_org(f.org.school_a);
    q.statuses = vec![MessageStatus::New];
    q.unassigned = true;
    assert_eq!(
        ids(q).await,
        f.expect_ids(f.org.school_a, |m| m.status == MessageStatus::New
            && m.assignee.is_none())
    );
    // Due within three days: open ones only.
    let mut q = MessageQuery::for_org(f.org.school_a);
    let by = today() + chrono::Duration::days(3);
    q.due_by = Some(by);
    assert_eq!(
        ids(q).await,
        f.expect_ids(f.org.school_a, |m| m.status.is_open() && m.deadline <= by)
    );
    // By source.
    f.exec(
        "UPDATE messages SET source = 'gosuslugi' WHERE id = ?1",
        &[f.msg("a12").id.0.into()],
    );
    let mut q = MessageQuery::for_org(f.org.school_a);
    q.source = Some(MessageSource::Gosuslugi);
    assert_eq!(ids(q).await, vec![f.msg("a12").id]);

    // A curator sees the whole subtree's overdue messages; others may not ask.
    let (cur, _) = ctx.service_as(&f.who.city_curator.email).await;
    let mut q = MessageQuery::for_org(f.org.city);
    q.subtree = true;
    q.overdue = true;
    let page = cur.messages(&q).await.unwrap();
    let mut expected = f.expect_ids(f.org.school_a, |m| m.overdue());
    expected.extend(f.expect_ids(f.org.school_b, |m| m.overdue()));
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(
        page.items.iter().map(|m| m.id).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(
        cur.count_messages(&q).await.unwrap() as usize,
        expected.len()
    );
    let mut q = MessageQuery::for_org(f.org.school_a);
    q.subtree = true;
    assert_err(svc.messages(&q).await, ServiceError::Forbidden);
    assert_err(svc.count_messages(&q).await, ServiceError::Forbidden);
});

contract!(counts_by_status_follow_the_query, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    // The whole organisation, whatever tab the query came from.
    let mut q = MessageQuery::for_org(f.org.school_a);
    q.statuses = vec![MessageStatus::New];
    let counts = svc.count_by_status(&q).await.unwrap();
    assert!(!counts.is_empty());
    for status in MessageStatus::ALL {
        let expected = f.expect_ids(f.org.school_a, |m| m.status == status).len() as u64;
        let found = counts
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n);
        assert_eq!(found, expected, "{status:?}");
    }
    // Under a filter: each status as the list of that status counts it.
    q.overdue = true;
    let counts = svc.count_by_status(&q).await.unwrap();
    assert!(counts.iter().all(|(_, n)| *n > 0), "no empty statuses");
    for (status, n) in &counts {
        let mut one = q.clone();
        one.statuses = vec![*status];
        assert_eq!(svc.count_messages(&one).await.unwrap(), *n, "{status:?}");
    }
    let overdue = f.expect_ids(f.org.school_a, |m| m.overdue()).len() as u64;
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<u64>(), overdue);

    // A curator's subtree; a coordinator may not ask for one.
    let (cur, _) = ctx.service_as(&f.who.city_curator.email).await;
    let mut q = MessageQuery::for_org(f.org.city);
    q.subtree = true;
    let total: u64 = cur
        .count_by_status(&q)
        .await
        .unwrap()
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert!(total > 0);
    assert_eq!(total, cur.count_messages(&q).await.unwrap());
    let mut q = MessageQuery::for_org(f.org.school_a);
    q.subtree = true;
    assert_err(svc.count_by_status(&q).await, ServiceError::Forbidden);
});
