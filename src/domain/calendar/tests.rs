//! The calendar against the published one and against itself.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid test date")
}

fn ru() -> &'static WorkCalendar {
    WorkCalendar::russian()
}

/// Day-by-day reference implementation of `working_days_until`.
fn brute_until(cal: &WorkCalendar, from: NaiveDate, to: NaiveDate) -> i64 {
    let (a, b, sign) = if to >= from {
        (from, to, 1)
    } else {
        (to, from, -1)
    };
    let mut n = 0;
    let mut cur = a;
    while cur < b {
        cur = cur
            .succ_opt()
            .expect("test dates are far from the range end");
        if cal.is_working_day(cur) {
            n += 1;
        }
    }
    sign * n
}

#[test]
fn embedded_calendar_parses_and_covers_2024_to_2027() {
    let cal = WorkCalendar::from_toml(RU_TOML).expect("embedded ru.toml must parse");
    assert_eq!(cal.covered_years(), 2024..=2027);
    // `russian()` did not fall back to weekends-only.
    assert_eq!(ru().covered_years(), 2024..=2027);
}

#[test]
fn known_days_off() {
    let off_2024 = [
        "2024-01-01",
        "2024-01-08",
        "2024-02-23",
        "2024-03-08",
        "2024-04-29",
        "2024-04-30",
        "2024-05-01",
        "2024-05-09",
        "2024-05-10",
        "2024-06-12",
        "2024-11-04",
        "2024-12-30",
        "2024-12-31",
    ];
    let off_2025 = [
        "2025-01-01",
        "2025-01-02",
        "2025-01-03",
        "2025-01-06",
        "2025-01-07",
        "2025-01-08",
        "2025-05-01",
        "2025-05-02",
        "2025-05-08",
        "2025-05-09",
        "2025-06-12",
        "2025-06-13",
        "2025-11-03",
        "2025-11-04",
        "2025-12-31",
    ];
    let off_2026 = [
        "2026-01-01",
        "2026-01-02",
        "2026-01-05",
        "2026-01-06",
        "2026-01-07",
        "2026-01-08",
        "2026-01-09",
        "2026-02-23",
        "2026-03-09",
        "2026-05-01",
        "2026-05-11",
        "2026-06-12",
        "2026-11-04",
        "2026-12-31",
    ];
    for s in off_2024.iter().chain(&off_2025).chain(&off_2026) {
        assert!(!ru().is_working_day(d(s)), "{s} must be a day off");
    }
    // Whole January 1–8 2025 is off, weekends included.
    for day in 1..=8 {
        let date = NaiveDate::from_ymd_opt(2025, 1, day).expect("valid date");
        assert!(!ru().is_working_day(date), "{date} must be a day off");
    }
    // Ordinary days around the holidays stay working.
    for s in [
        "2025-01-09",
        "2025-05-05",
        "2025-11-05",
        "2026-01-12",
        "2024-05-08",
    ] {
        assert!(ru().is_working_day(d(s)), "{s} must be a working day");
    }
}

#[test]
fn known_working_weekends() {
    for s in ["2024-04-27", "2024-11-02", "2024-12-28", "2025-11-01"] {
        assert!(ru().is_working_day(d(s)), "{s} must be a working Saturday");
    }
    // Ordinary weekends stay off.
    for s in ["2024-04-28", "2025-11-02", "2026-01-10", "2025-03-08"] {
        assert!(!ru().is_working_day(d(s)), "{s} must be a day off");
    }
}

#[test]
fn yearly_totals_match_the_official_calendar() {
    assert_eq!(
        ru().working_days_until(d("2023-12-31"), d("2024-12-31")),
        248
    );
    assert_eq!(
        ru().working_days_until(d("2024-12-31"), d("2025-12-31")),
        247
    );
    assert_eq!(
        ru().working_days_until(d("2025-12-31"), d("2026-12-31")),
        247
    );
    assert_eq!(
        ru().working_days_until(d("2024-12-31"), d("2025-01-31")),
        17
    );
}

#[test]
fn add_working_days_across_new_year_holidays() {
    assert_eq!(ru().add_working_days(d("2025-12-30"), 1), d("2026-01-12"));
    assert_eq!(ru().add_working_days(d("2025-12-29"), 1), d("2025-12-30"));
    assert_eq!(ru().add_working_days(d("2025-12-29"), 2), d("2026-01-12"));
    assert_eq!(ru().add_working_days(d("2024-12-31"), 1), d("2025-01-09"));
}

#[test]
fn add_working_days_across_working_saturday() {
    assert_eq!(ru().add_working_days(d("2025-10-31"), 1), d("2025-11-01"));
    assert_eq!(ru().add_working_days(d("2025-10-31"), 2), d("2025-11-05"));
    assert_eq!(ru().add_working_days(d("2024-12-27"), 1), d("2024-12-28"));
    assert_eq!(ru().add_working_days(d("2024-12-27"), 2), d("2025-01-09"));
}

#[test]
fn add_zero_working_days_returns_start() {
    assert_eq!(ru().add_working_days(d("2025-01-01"), 0), d("2025-01-01"));
    assert_eq!(ru().add_working_days(d("2025-06-10"), 0), d("2025-06-10"));
}

#[test]
fn add_working_days_agrees_with_until_everywhere() {
    let cal = ru();
    let mut start = d("2023-12-20");
    while start <= d("2028-01-10") {
        for n in [1_u32, 2, 3, 5, 7, 10, 23, 260, 600] {
            let end = cal.add_working_days(start, n);
            assert!(
                cal.is_working_day(end),
                "{start} + {n} = {end} is not working"
            );
            assert_eq!(
                cal.working_days_until(start, end),
                i64::from(n),
                "{start} + {n}"
            );
            // It is the first such day: the day before has one fewer.
            let before = end.pred_opt().expect("in range");
            assert_eq!(cal.working_days_until(start, before), i64::from(n) - 1);
        }
        start = start.checked_add_days(Days::new(3)).expect("in range");
    }
}

#[test]
fn working_days_until_positive_zero_negative_symmetric() {
    let cal = ru();
    assert_eq!(cal.working_days_until(d("2025-12-30"), d("2026-01-12")), 1);
    assert_eq!(cal.working_days_until(d("2025-06-10"), d("2025-06-10")), 0);
    // May 2 off, May 3–4 weekend.
    assert_eq!(cal.working_days_until(d("2025-05-01"), d("2025-05-04")), 0);
    assert_eq!(cal.working_days_until(d("2026-01-12"), d("2025-12-30")), -1);
    let pairs = [
        ("2024-01-01", "2024-03-15"),
        ("2024-12-20", "2025-01-20"),
        ("2025-10-25", "2025-11-10"),
        ("2023-11-01", "2028-02-01"),
        ("2026-06-01", "2026-06-30"),
    ];
    for (a, b) in pairs {
        let forward = cal.working_days_until(d(a), d(b));
        assert!(forward > 0);
        assert_eq!(forward, brute_until(cal, d(a), d(b)), "{a}..{b}");
        assert_eq!(cal.working_days_until(d(b), d(a)), -forward, "{b}..{a}");
    }
}

#[test]
fn the_labour_codes_holidays_after_the_published_years() {
    let cal = ru();
    // Received on the last working days of the last published year: the
    // deadline skips the next New Year's holidays (3–7 January 2028).
    assert_eq!(cal.add_working_days(d("2027-12-29"), 3), d("2028-01-11"));
    assert_eq!(cal.add_working_days(d("2027-12-30"), 1), d("2028-01-10"));
    // 4 November 2028 is a Saturday: Monday the 6th is off.
    assert!(!cal.is_working_day(d("2028-11-06")));
    assert_eq!(cal.working_days_until(d("2028-11-03"), d("2028-11-07")), 1);
    // 2030-01-01 is a Tuesday, a holiday; 9 January the first working day.
    assert!(!cal.is_working_day(d("2030-01-01")));
    assert_eq!(cal.add_working_days(d("2029-12-28"), 1), d("2029-12-31"));
    assert_eq!(cal.add_working_days(d("2029-12-31"), 1), d("2030-01-09"));
    assert!(!cal.is_published(2028) && cal.is_published(2027));
    // Far beyond (and before) them: plain weeks.
    assert!(cal.is_working_day(d("2060-01-01")));
    assert!(cal.is_working_day(d("2023-05-09")));
    for (a, b) in [("2027-11-20", "2029-02-03"), ("2045-12-01", "2049-01-20")] {
        assert_eq!(
            cal.working_days_until(d(a), d(b)),
            brute_until(cal, d(a), d(b))
        );
    }
    // The published calendar's days off hold the Labour Code's (2025's
    // decree moved two of its transfers elsewhere: 24 February → 8 May,
    // 10 March → 13 June).
    for year in [2024, 2026, 2027] {
        for day in statutory::days_off(year) {
            assert!(!cal.is_working_day(day), "{day}");
        }
    }
}

#[test]
fn the_administrators_are_warned_two_months_before_the_calendar_ends() {
    assert_eq!(ru().runs_out(d("2027-10-31")), None);
    assert_eq!(ru().runs_out(d("2027-11-01")), Some(2027));
    assert_eq!(ru().runs_out(d("2028-02-01")), Some(2027));
    assert_eq!(
        WorkCalendar::weekends_only().runs_out(d("2027-11-01")),
        None
    );
}

#[test]
fn weekends_only_without_a_calendar() {
    let plain = WorkCalendar::weekends_only();
    assert!(plain.covered_years().is_empty());
    assert!(plain.is_working_day(d("2025-01-01")));
    assert!(!plain.is_working_day(d("2024-04-27")));
    assert_eq!(plain.add_working_days(d("2025-12-30"), 1), d("2025-12-31"));
    assert_eq!(plain.add_working_days(d("2025-12-26"), 1), d("2025-12-29"));
    assert_eq!(
        plain.working_days_until(d("2025-12-26"), d("2026-01-02")),
        5
    );
    for (a, b) in [("2019-03-03", "2021-07-07"), ("0001-01-01", "0001-03-01")] {
        assert_eq!(
            plain.working_days_until(d(a), d(b)),
            brute_until(&plain, d(a), d(b))
        );
    }
}

#[test]
fn huge_spans_terminate() {
    let cal = ru();
    assert_eq!(
        cal.add_working_days(d("2025-01-01"), u32::MAX),
        NaiveDate::MAX
    );
    assert!(cal.working_days_until(NaiveDate::MIN, NaiveDate::MAX) > 0);
    let far = cal.add_working_days(d("1900-01-01"), 100_000);
    assert_eq!(cal.working_days_until(d("1900-01-01"), far), 100_000);
}

#[test]
fn from_toml_rejects_malformed_date_naming_it() {
    let text = "[years.2025]\ndays_off = [\"2025-01-01\", \"2025-13-01\"]\nworking_days = []\n";
    let err = WorkCalendar::from_toml(text).expect_err("bad month must be rejected");
    assert!(
        matches!(&err, CalendarError::InvalidDate { year: 2025, value } if value == "2025-13-01"),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("2025-13-01") && message.contains("2025"),
        "{message}"
    );
}

#[test]
fn from_toml_rejects_other_mistakes() {
    let cases = [
        // Non-canonical date spelling.
        "[years.2025]\ndays_off = [\"2025-1-1\"]\nworking_days = []\n",
        // Date in the wrong year table.
        "[years.2025]\ndays_off = [\"2024-01-01\"]\nworking_days = []\n",
        // Day off on a Saturday.
        "[years.2025]\ndays_off = [\"2025-01-04\"]\nworking_days = []\n",
        // Working day on a Monday.
        "[years.2025]\ndays_off = []\nworking_days = [\"2025-01-13\"]\n",
        // Unknown field.
        "[years.2025]\ndays_off = []\nworking_days = []\nshort_days = []\n",
        // Missing field.
        "[years.2025]\ndays_off = []\n",
        // Bad year key.
        "[years.twenty]\ndays_off = []\nworking_days = []\n",
        // Gap between years.
        "[years.2024]\ndays_off = []\nworking_days = []\n[years.2026]\ndays_off = []\nworking_days = []\n",
    ];
    for text in cases {
        assert!(WorkCalendar::from_toml(text).is_err(), "accepted:\n{text}");
    }
}

#[test]
fn from_toml_accepts_minimal_and_empty() {
    let cal = WorkCalendar::from_toml(
        "[years.2025]\ndays_off = [\"2025-01-01\"]\nworking_days = [\"2025-11-01\"]\n",
    )
    .expect("valid calendar");
    assert_eq!(cal.covered_years(), 2025..=2025);
    assert!(!cal.is_working_day(d("2025-01-01")));
    assert!(cal.is_working_day(d("2025-11-01")));

    let empty = WorkCalendar::from_toml("[years]\n").expect("empty calendar");
    assert!(empty.covered_years().is_empty());
}
