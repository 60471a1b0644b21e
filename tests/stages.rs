//! Deadlines split into stages by category, on both backends.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use chrono::{Datelike, NaiveDate};
use common::assert_err;
use otklik::domain::calendar::{CalendarYear, WorkCalendar, is_weekend};
use otklik::domain::{Role, Roles, Stages};
use otklik::service::{MessageQuery, ServiceError};

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

/// The shipped calendar's days off in `year` (the Labour Code's, for a year after it).
fn shipped_days_off(year: i32) -> Vec<NaiveDate> {
    let cal = WorkCalendar::russian();
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    first
        .iter_days()
        .take_while(|d| d.year() == year)
        .filter(|d| !is_weekend(*d) && !cal.is_working_day(*d))
        .collect()
}

contract!(
    loaded_calendar_years_count_in_deadlines_and_reach_every_client,
    |ctx| async move {
        let mut ctx = ctx;
        // Monday 3 June 2030; a decree gives Wednesday the 5th off.
        ctx.pin_today(NaiveDate::from_ymd_opt(2030, 6, 3).unwrap())
            .await;
        let f = &ctx.f;
        let mut y2030 = CalendarYear {
            year: 2030,
            days_off: shipped_days_off(2030),
            working_days: vec![],
        };
        y2030
            .days_off
            .push(NaiveDate::from_ymd_opt(2030, 6, 5).unwrap());
        // The platform keeps its dates in order.
        y2030.days_off.sort_unstable();
        // Only the platform's administrators load it: not its curator, not
        // an administrator lower in the tree.
        for who in [
            &f.who.platform_curator,
            &f.who.city_admin,
            &f.who.city_curator,
            &f.who.edu_admin,
        ] {
            let (svc, _) = ctx.service_as(&who.email).await;
            assert_err(
                svc.load_calendar(std::slice::from_ref(&y2030)).await,
                ServiceError::Forbidden,
            );
        }
        let roles = [Role::Curator, Role::Admin].into_iter().collect::<Roles>();
        f.write(|w| w.set_account_roles(f.who.platform_curator.id, roles));
        let (admin, _) = ctx.service_as(&f.who.platform_curator.email).await;
        // A year the rules refuse, whatever the client checked.
        let mut bad = y2030.clone();
        bad.days_off
            .push(NaiveDate::from_ymd_opt(2030, 6, 8).unwrap()); // a Saturday
        assert!(matches!(
            admin.load_calendar(&[bad]).await,
            Err(ServiceError::Malformed { .. })
        ));
        let loaded = admin
            .load_calendar(std::slice::from_ref(&y2030))
            .await
            .unwrap();
        assert_eq!(loaded, vec![y2030.clone()]);
        // Every client is told, signed in or not.
        let platform = ctx.service_with_token("").platform().await.unwrap();
        assert_eq!(platform.calendar, vec![y2030.clone()]);

        // A five-day category's message received today: 4, 6, 7, 10, 11 June.
        let (curator, _) = ctx.service_as(&f.who.platform_curator.email).await;
        let incoming = common::canteen_message(f, "Дети жалуются на холодный чай");
        let received = curator.receive_message(&incoming).await.unwrap();
        assert_eq!(
            received.deadline,
            NaiveDate::from_ymd_opt(2030, 6, 11).unwrap()
        );
        assert_eq!(
            WorkCalendar::russian()
                .add_working_days(NaiveDate::from_ymd_opt(2030, 6, 3).unwrap(), 5),
            NaiveDate::from_ymd_opt(2030, 6, 10).unwrap(),
            "without the decree it would be the 10th"
        );

        // Loading 2030 again replaces it; 2031 joins it.
        let plain = CalendarYear {
            year: 2030,
            days_off: shipped_days_off(2030),
            working_days: vec![],
        };
        let y2031 = CalendarYear {
            year: 2031,
            days_off: shipped_days_off(2031),
            working_days: vec![],
        };
        let loaded = admin
            .load_calendar(&[plain.clone(), y2031.clone()])
            .await
            .unwrap();
        assert_eq!(loaded, vec![plain.clone(), y2031.clone()]);
        let again = curator.receive_message(&incoming).await.unwrap();
        assert_eq!(
            again.deadline,
            NaiveDate::from_ymd_opt(2030, 6, 10).unwrap()
        );
        let platform = ctx.service_with_token("").platform().await.unwrap();
        assert_eq!(platform.calendar, vec![plain, y2031]);
    }
);
