//! Figures for the statistics view, on both backends.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use common::{assert_err, at};
use otklik::domain::MessageStatus;
use otklik::service::ServiceError;

contract!(an_organisations_figures, |ctx| async move {
    let f = &ctx.f;
    // a1 answered before its deadline (16.02), a11 after its own (24.04).
    let answered = "UPDATE messages SET answered_at = ?1, answered_on_time = ?2 WHERE id = ?3";
    f.exec(
        answered,
        &[
            at(2026, 2, 13, 12, 0).into(),
            true.into(),
            f.msg("a1").id.0.into(),
        ],
    );
    f.exec(
        answered,
        &[
            at(2026, 4, 27, 12, 0).into(),
            false.into(),
            f.msg("a11").id.0.into(),
        ],
    );
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    let stats = svc.statistics(f.org.school_a, false).await.unwrap();
    let mine: Vec<_> = f.msgs.iter().filter(|m| m.org == f.org.school_a).collect();
    let mut expected: Vec<(MessageStatus, u64)> = Vec::new();
    for m in &mine {
        match expected.iter_mut().find(|(s, _)| *s == m.status) {
            Some((_, n)) => *n += 1,
            None => expected.push((m.status, 1)),
        }
    }
    expected.sort();
    assert_eq!(stats.by_status, expected);
    assert_eq!(stats.total(), mine.len() as u64);
    assert_eq!(
        stats.overdue,
        mine.iter().filter(|m| m.overdue()).count() as u64
    );
    assert_eq!(
        (
            stats.answered,
            stats.answered_on_time,
            stats.on_time_percent()
        ),
        (2, 1, Some(50))
    );
    assert!(!stats.subtree);
    assert_eq!(
        stats.by_category.iter().map(|(_, n)| n).sum::<u64>(),
        mine.len() as u64
    );
    // The subtree is for curators above.
    assert_err(
        svc.statistics(f.org.school_a, true).await,
        ServiceError::Forbidden,
    );
    let (svc, _) = ctx.service_as(&f.who.b_coordinator.email).await;
    assert_err(
        svc.statistics(f.org.school_a, false).await,
        ServiceError::Forbidden,
    );
    let (svc, _) = ctx.service_as(&f.who.city_curator.email).await;
    let edu = svc.statistics(f.org.edu, true).await.unwrap();
    let in_edu = f
        .msgs
        .iter()
        .filter(|m| m.org == f.org.school_a || m.org == f.org.school_b)
        .count() as u64;
    assert_eq!((edu.total(), edu.subtree), (in_edu, true));
    let edu_alone = svc.statistics(f.org.edu, false).await.unwrap();
    assert_eq!(
        edu_alone.total(),
        0,
        "the department itself has no messages"
    );
});

contract!(
    tree_counts_leave_moderation_to_platform_curators,
    |ctx| async move {
        let f = &ctx.f;
        let overdue_of_a = |nodes: Vec<otklik::domain::OrgNode>| {
            nodes
                .into_iter()
                .find(|n| n.id == f.org.school_a)
                .unwrap()
                .counts
                .overdue
        };
        let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let before = overdue_of_a(svc.org_children(Some(f.org.edu)).await.unwrap());
        // A message still in moderation, long past its deadline.
        let m = otklik::store::records::NewMessage {
            org: f.org.school_a,
            category: None,
            kind: otklik::domain::MessageKind::Message,
            source: otklik::domain::MessageSource::Gosuslugi,
            citizen_name: "Модерируемый".into(),
            citizen_contact: "m@mail.ru".into(),
            text: "На модерации".into(),
            address: None,
            received_at: at(2026, 1, 12, 9, 0),
            deadline: chrono::NaiveDate::from_ymd_opt(2026, 1, 26).unwrap(),
            status: MessageStatus::Moderation,
            assignee: None,
            draft: None,
            answer: None,
        };
        f.write(|w| w.insert_message(&m));
        assert_eq!(
            overdue_of_a(svc.org_children(Some(f.org.edu)).await.unwrap()),
            before
        );
        let (svc, _) = ctx.service_as(&f.who.platform_curator.email).await;
        assert_eq!(
            overdue_of_a(svc.org_children(Some(f.org.edu)).await.unwrap()),
            before + 1
        );
    }
);
