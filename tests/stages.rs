//! Deadlines split into stages by category, on both backends.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use chrono::NaiveDate;
use otklik::domain::Stages;
use otklik::service::MessageQuery;

contract!(
    subcategories_take_their_categorys_stages,
    |ctx| async move {
        let f = &ctx.f;
        let stages = Stages {
            moderation: 1,
            execution: 8,
            approval: 1,
        };
        f.write(|w| w.set_category_stages(f.cat.roads, Some(stages)));
        let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let rows = svc
            .messages(&MessageQuery::for_org(f.org.school_a))
            .await
            .unwrap()
            .items;
        let a3 = rows.iter().find(|r| r.id == f.msg("a3").id).unwrap();
        // a3: potholes (under roads), in work, received 20.02.2026 → execution ends 9 working days later.
        let received = NaiveDate::from_ymd_opt(2026, 2, 20).unwrap();
        assert_eq!(
            a3.stage_deadline,
            stages.stage_deadline(a3.status, received)
        );
        // 23 February is a holiday: 24–27 February and 2–6 March.
        assert_eq!(a3.stage_deadline, NaiveDate::from_ymd_opt(2026, 3, 6));
        // a4: repairs, a category without stages.
        let a4 = rows.iter().find(|r| r.id == f.msg("a4").id).unwrap();
        assert_eq!(a4.stage_deadline, None);
        // Answered ones have no current stage.
        let a1 = rows.iter().find(|r| r.id == f.msg("a1").id).unwrap();
        assert_eq!(a1.stage_deadline, None);
        let full = svc.message(f.msg("a3").id).await.unwrap();
        assert_eq!(full.stage_deadline, a3.stage_deadline);
        let categories = svc.categories().await.unwrap();
        let roads = categories.iter().find(|c| c.id == f.cat.roads).unwrap();
        assert_eq!(roads.stages, Some(stages));
    }
);
