//! Figures for the statistics view, on both backends.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use common::{assert_err, at};
use otklik::domain::MessageStatus;
use otklik::service::{PeriodFigures, ServiceError};

contract!(an_organisations_figures, |ctx| async move {
    let f = &ctx.f;
    f.answer_a1_and_a11();
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

fn period_figures(
    received: u64,
    answered: u64,
    on_time: u64,
    overdue: u64,
    median: Option<f64>,
) -> PeriodFigures {
    PeriodFigures {
        received,
        answered,
        answered_on_time: on_time,
        overdue_now: overdue,
        median_days: median,
    }
}

contract!(
    a_period_report_by_organisation_and_category,
    |ctx| async move {
        let f = &ctx.f;
        f.answer_a1_and_a11();
        let (svc, _) = ctx.service_as(&f.who.city_curator.email).await;
        let (from, to) = (common::date(2026, 2, 1), common::date(2026, 3, 13));
        let report = svc
            .statistics_report(f.org.edu, from, to, true)
            .await
            .unwrap();
        // Counted by hand from the fixture: 1 February – 13 March holds
        // a1…a11 and b1, b2; overdue on 16 March: a3, a4, a6, a8, b1.
        assert_eq!(report.total, period_figures(13, 2, 1, 5, Some(20.0)));
        assert_eq!(report.total.on_time_percent(), Some(50.0));
        let row = |org, category: &str| {
            report
                .rows
                .iter()
                .find(|r| r.org == org && r.category == category)
                .map(|r| r.figures.clone())
        };
        let a = f.org.school_a;
        assert_eq!(row(a, "Дороги"), Some(period_figures(3, 0, 0, 3, None)));
        assert_eq!(
            row(a, "Образование"),
            Some(period_figures(5, 1, 1, 1, Some(9.0)))
        );
        assert_eq!(
            row(a, "Прочее"),
            Some(period_figures(3, 1, 0, 0, Some(31.0)))
        );
        assert_eq!(
            row(f.org.school_b, "Образование"),
            Some(period_figures(2, 0, 0, 1, None))
        );
        assert_eq!(report.rows.len(), 4);
        let org = |id| {
            report
                .orgs
                .iter()
                .find(|r| r.org == id)
                .unwrap()
                .figures
                .clone()
        };
        assert_eq!(org(a), period_figures(11, 2, 1, 4, Some(20.0)));
        assert_eq!(org(f.org.school_b), period_figures(2, 0, 0, 1, None));
        // Week by week of the answer: a1 in the week of 9 February, a11 of 27 April.
        let weeks: Vec<_> = report
            .weeks
            .iter()
            .map(|w| (w.week, w.answered, w.on_time))
            .collect();
        assert_eq!(
            weeks,
            [
                (common::date(2026, 2, 9), 1, 1),
                (common::date(2026, 4, 27), 1, 0)
            ]
        );
        // The last day is included and the day after is not: a12 came on 16 March.
        let one_day = svc
            .statistics_report(
                f.org.school_a,
                common::date(2026, 3, 16),
                common::date(2026, 3, 16),
                false,
            )
            .await
            .unwrap();
        assert_eq!(one_day.total.received, 1);
        let before = svc
            .statistics_report(
                f.org.school_a,
                common::date(2026, 3, 14),
                common::date(2026, 3, 15),
                false,
            )
            .await
            .unwrap();
        assert_eq!(before.total, PeriodFigures::default());

        // One organisation for whoever sees its whole queue; a subtree for curators above.
        let (coordinator, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let own = coordinator
            .statistics_report(a, from, to, false)
            .await
            .unwrap();
        assert_eq!(own.total, org(a));
        assert_err(
            coordinator
                .statistics_report(f.org.edu, from, to, true)
                .await,
            ServiceError::Forbidden,
        );
        let (executor, _) = ctx.service_as(&f.who.a_e1.email).await;
        assert_err(
            executor.statistics_report(a, from, to, false).await,
            ServiceError::Forbidden,
        );
        assert!(matches!(
            svc.statistics_report(f.org.edu, to, from, true).await,
            Err(ServiceError::Invalid(_))
        ));
    }
);

contract!(
    a_period_is_read_a_page_at_a_time_each_message_once,
    |ctx| async move {
        use otklik::store::records::PeriodQuery;
        let f = &ctx.f;
        // The whole tree, pages of 3 down the organisations' paths.
        let walk = |limit: u32| {
            f.read(|r| {
                let mut seen = Vec::new();
                let mut after = (String::new(), 0);
                loop {
                    let page = r.period_facts(&PeriodQuery {
                        paths: ("", "\u{10ffff}"),
                        received: (0, i64::MAX),
                        with_moderation: true,
                        after: (&after.0, after.1),
                        limit,
                    })?;
                    seen.extend(page.iter().map(|p| (p.path.clone(), p.id)));
                    match page.last() {
                        Some(last) if page.len() == limit as usize => {
                            after = (last.path.clone(), last.id);
                        }
                        _ => break,
                    }
                }
                Ok(seen)
            })
        };
        let paged = walk(3);
        assert_eq!(paged, walk(1000));
        let mut ids: Vec<i64> = paged.iter().map(|(_, id)| *id).collect();
        ids.sort();
        let mut all: Vec<i64> = f.msgs.iter().map(|m| m.id.0).collect();
        all.sort();
        assert_eq!(ids, all, "every message once");
        // In order: by path, then by id.
        assert!(paged.windows(2).all(|w| w[0] < w[1]), "{paged:?}");
    }
);
