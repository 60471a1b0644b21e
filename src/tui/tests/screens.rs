//! Screen snapshots (insta) and what the status line offers.

use super::*;

#[test]
fn snapshot_main_screen_ru() {
    insta::assert_snapshot!(render(&main_screen(Lang::Ru)));
}

#[test]
fn snapshot_main_screen_en() {
    insta::assert_snapshot!(render(&main_screen(Lang::En)));
}

#[test]
fn snapshot_main_screen_80x24() {
    let mut s = main_screen(Lang::Ru);
    update(&mut s, Action::Resize(80, 24));
    insta::assert_snapshot!(render(&s));
}

#[test]
fn snapshot_message_detail() {
    insta::assert_snapshot!(render(&open(message())));
}

#[test]
fn status_line_offers_only_the_steps_the_person_may_take() {
    let s = open(message());
    assert_eq!(
        crate::tui::acting::available_steps(&s),
        vec![
            Command::Assign,
            Command::Redirect,
            Command::CloseMessage,
            Command::CloseDuplicate
        ]
    );
    // A message in someone else's work: neither editing nor submitting is offered.
    let mut draft = message();
    draft.status = MessageStatus::InWork;
    draft.assignee = Some(AccountId(99));
    let steps = crate::tui::acting::available_steps(&open(draft));
    assert!(!steps.contains(&Command::Edit), "{steps:?}");
    assert!(!steps.contains(&Command::Submit), "{steps:?}");
    // Without a message open, nothing is offered.
    assert!(crate::tui::acting::available_steps(&main_screen(Lang::Ru)).is_empty());
}

#[test]
fn snapshot_help() {
    let mut s = main_screen(Lang::En);
    update(&mut s, Action::Command(Command::Help));
    insta::assert_snapshot!(render(&s));
}

#[test]
fn snapshot_too_small() {
    let mut s = main_screen(Lang::Ru);
    update(&mut s, Action::Resize(60, 20));
    insta::assert_snapshot!(render(&s));
}

#[test]
fn snapshot_first_run() {
    let mut s = state(Lang::Ru);
    s.screen = Screen::FirstRun {
        path: "/home/user/.local/share/otklik/otklik.db".into(),
        selected: 0,
    };
    insta::assert_snapshot!(render(&s));
}

#[test]
fn snapshot_statistics() {
    let mut s = main_screen(Lang::Ru);
    let effects = update(&mut s, Action::Command(Command::Statistics));
    let Some(Effect::Call {
        req,
        call:
            Call::Statistics {
                org,
                subtree,
                from,
                to,
            },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    // Twelve weeks: from a Monday eleven weeks back to today.
    use chrono::Datelike;
    assert_eq!(to, s.today);
    assert_eq!(from.weekday(), chrono::Weekday::Mon);
    assert_eq!((to - from).num_days() / 7, 11);
    assert_eq!(
        (org, subtree),
        (OrgId(3), false),
        "a coordinator sees their own organisation's figures"
    );
    let data = crate::service::Statistics {
        subtree: false,
        by_status: vec![
            (MessageStatus::New, 12),
            (MessageStatus::InWork, 30),
            (MessageStatus::OnApproval, 4),
            (MessageStatus::Answered, 180),
            (MessageStatus::Closed, 6),
        ],
        overdue: 9,
        answered: 180,
        answered_on_time: 171,
        by_category: vec![
            ("ЖКХ".into(), 90),
            ("Дороги".into(), 60),
            ("Образование".into(), 42),
        ],
    };
    update(
        &mut s,
        Action::Answer {
            req,
            answer: Answer::Statistics {
                result: Ok(data),
                report: None,
            },
        },
    );
    let screen = render(&s);
    assert!(
        screen.contains("Отвечено в срок: 171 из 180 · 95%"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
    // Without the weeks' report there is nothing to export, and it says so.
    assert!(update(&mut s, Action::Command(Command::Export)).is_empty());
    assert!(
        s.notice
            .as_deref()
            .unwrap_or("")
            .contains("нечего записать"),
        "{:?}",
        s.notice
    );
    update(&mut s, Action::Command(Command::Back));
    assert!(s.stats.is_none());
}

/// From 1 November of the last published calendar year, a platform
/// administrator signing in is told the calendar runs out; nobody else is,
/// and nobody before then.
#[test]
fn platform_administrators_are_told_when_the_calendar_runs_out() {
    let admin = Actor {
        org: OrgId(1),
        org_path: OrgPath("/1/".into()),
        roles: Roles::empty().with(Role::Admin),
        ..coordinator()
    };
    let signed_in = |who: Actor, today: NaiveDate| {
        let mut s = state(Lang::En);
        s.today = today;
        update(&mut s, Action::SignedIn(Ok(who)));
        s.notice
    };
    let late = NaiveDate::from_ymd_opt(2027, 11, 2).unwrap();
    let notice = signed_in(admin.clone(), late).expect("a notice");
    assert!(notice.contains("ends with 2027"), "{notice}");
    assert_eq!(signed_in(coordinator(), late), None);
    assert_eq!(
        signed_in(admin, NaiveDate::from_ymd_opt(2027, 10, 31).unwrap()),
        None
    );
}

#[test]
fn the_statistics_screen_charts_the_last_weeks_and_exports_them() {
    use crate::service::{PeriodFigures, StatisticsReport, WeekShare};
    let mut s = main_screen(Lang::Ru);
    let effects = update(&mut s, Action::Command(Command::Statistics));
    let Some(Effect::Call {
        req,
        call: Call::Statistics { from, to, .. },
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    let week = |n: u64| from + chrono::Days::new(7 * n);
    // Answers in the first, second and last weeks only.
    let report = StatisticsReport {
        org: OrgId(3),
        subtree: false,
        from,
        to,
        rows: Vec::new(),
        orgs: Vec::new(),
        total: PeriodFigures {
            received: 9,
            answered: 9,
            answered_on_time: 7,
            overdue_now: 0,
            median_days: Some(4.0),
        },
        weeks: vec![
            WeekShare {
                week: week(0),
                answered: 4,
                on_time: 2,
            },
            WeekShare {
                week: week(1),
                answered: 4,
                on_time: 4,
            },
            WeekShare {
                week: week(11),
                answered: 1,
                on_time: 1,
            },
        ],
    };
    let data = crate::service::Statistics {
        subtree: false,
        by_status: vec![(MessageStatus::Answered, 9)],
        overdue: 0,
        answered: 9,
        answered_on_time: 7,
        by_category: Vec::new(),
    };
    answer(
        &mut s,
        req,
        Answer::Statistics {
            result: Ok(data),
            report: Some(Box::new(report)),
        },
    );
    let screen = render(&s);
    assert!(
        screen.contains("по неделям ответа, 12 нед.: 50% 100% — — — — — — — — — 100%"),
        "{screen}"
    );
    let effects = update(&mut s, Action::Command(Command::Export));
    let [Effect::SaveFile { path, bytes, saved }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        path,
        &format!(
            "statistics-3-{}-{}.xlsx",
            from.format("%Y%m%d"),
            to.format("%Y%m%d")
        )
    );
    // An .xlsx is a zip archive.
    assert_eq!(&bytes[..2], b"PK");
    assert_eq!(*saved, "stats-saved");
}
