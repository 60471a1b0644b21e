//! Loaded years: both formats read as the decrees say, checked, laid over
//! the shipped calendar.

use super::super::WorkCalendar;
use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid test date")
}

/// xmlcalendar.ru's file for 2024, as published (holiday titles left out).
pub(crate) const XML_2024: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2024" lang="ru" date="2023.09.30" country="ru">
  <holidays>
    <holiday id="1" title="Новогодние каникулы"/>
  </holidays>
  <days>
    <day d="01.01" t="1" h="1"/><day d="01.02" t="1" h="1"/><day d="01.03" t="1" h="1"/>
    <day d="01.04" t="1" h="1"/><day d="01.05" t="1" h="1"/><day d="01.06" t="1" h="1"/>
    <day d="01.07" t="1" h="2"/><day d="01.08" t="1" h="1"/>
    <day d="02.22" t="2"/><day d="02.23" t="1" h="3"/>
    <day d="03.07" t="2"/><day d="03.08" t="1" h="4"/>
    <day d="04.27" t="3"/><day d="04.29" t="1" f="04.27"/><day d="04.30" t="1" f="11.02"/>
    <day d="05.01" t="1" h="5"/><day d="05.08" t="2"/><day d="05.09" t="1" h="6"/>
    <day d="05.10" t="1" f="01.06"/>
    <day d="06.11" t="2"/><day d="06.12" t="1" h="7"/>
    <day d="11.02" t="2"/><day d="11.04" t="1" h="8"/>
    <day d="12.28" t="3"/><day d="12.30" t="1" f="12.28"/><day d="12.31" t="1" f="01.07"/>
  </days>
</calendar>
"#;

/// xmlcalendar.ru's file for 2026.
const XML_2026: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2026" lang="ru" date="2025.09.30" country="ru">
<days>
<day d="01.01" t="1" h="1"/><day d="01.02" t="1" h="1"/><day d="01.03" t="1" h="1"/>
<day d="01.04" t="1" h="1"/><day d="01.05" t="1" h="1"/><day d="01.06" t="1" h="1"/>
<day d="01.07" t="1" h="2"/><day d="01.08" t="1" h="1"/><day d="01.09" t="1" f="01.03"/>
<day d="02.23" t="1" h="3"/><day d="03.08" t="1" h="4"/><day d="03.09" t="1" f="03.08"/>
<day d="04.30" t="2"/><day d="05.01" t="1" h="5"/><day d="05.08" t="2"/>
<day d="05.09" t="1" h="6"/><day d="05.11" t="1" f="05.09"/>
<day d="06.11" t="2"/><day d="06.12" t="1" h="7"/>
<day d="11.03" t="2"/><day d="11.04" t="1" h="8"/><day d="12.31" t="1" f="01.04"/>
</days>
</calendar>
"#;

/// The shipped calendar's exceptions in `year`.
fn shipped(year: i32) -> CalendarYear {
    let cal = WorkCalendar::russian();
    let (first, last) = year_bounds(year).unwrap();
    let days = first.iter_days().take_while(|x| *x <= last);
    CalendarYear {
        year,
        days_off: days
            .clone()
            .filter(|x| !is_weekend(*x) && !cal.is_working_day(*x))
            .collect(),
        working_days: days
            .filter(|x| is_weekend(*x) && cal.is_working_day(*x))
            .collect(),
    }
}

#[test]
fn xmlcalendar_files_read_as_the_shipped_years() {
    for (xml, year) in [(XML_2024, 2024), (XML_2026, 2026)] {
        let (format, years) = parse_file(xml).unwrap();
        assert_eq!(format, CalendarFormat::Xml);
        assert_eq!(years, vec![shipped(year)], "{year}");
    }
    // 2024's working Saturdays: two working days (t=3) and a shortened one (t=2).
    assert_eq!(
        shipped(2024).working_days,
        vec![d("2024-04-27"), d("2024-11-02"), d("2024-12-28")]
    );
}

#[test]
fn the_projects_toml_reads_several_years_in_order() {
    let text = r#"
[years.2029]
days_off = ["2029-01-02", "2029-01-01"]
working_days = []

[years.2028]
days_off = ["2028-01-03"]
working_days = ["2028-01-08"]
"#;
    let (format, years) = parse_file(text).unwrap();
    assert_eq!(format, CalendarFormat::Toml);
    assert_eq!(
        years.iter().map(|y| y.year).collect::<Vec<_>>(),
        [2028, 2029]
    );
    assert_eq!(years[1].days_off, vec![d("2029-01-01"), d("2029-01-02")]);
    assert_eq!(years[0].working_days, vec![d("2028-01-08")]);
}

#[test]
fn bad_files_are_refused_saying_what_is_wrong() {
    let xml = |days: &str| {
        format!(r#"<?xml version="1.0"?><calendar year="2028"><days>{days}</days></calendar>"#)
    };
    let cases: Vec<(String, CalendarError)> = vec![
        (
            xml(r#"<day d="01.03" t="4"/>"#),
            CalendarError::XmlDayType {
                year: 2028,
                date: d("2028-01-03"),
                value: "4".into(),
            },
        ),
        (
            xml(r#"<day d="02.30" t="1"/>"#),
            CalendarError::InvalidDate {
                year: 2028,
                value: "02.30".into(),
            },
        ),
        (
            xml(r#"<day d="1.3" t="1"/>"#),
            CalendarError::InvalidDate {
                year: 2028,
                value: "1.3".into(),
            },
        ),
        (
            xml(r#"<day d="01.03" t="1"/><day d="01.03" t="3"/>"#),
            CalendarError::DayTwice {
                year: 2028,
                date: d("2028-01-03"),
            },
        ),
        (
            r#"<days><day d="01.03" t="1"/></days>"#.into(),
            CalendarError::XmlNoCalendar,
        ),
        (
            r#"<calendar year="20x8"><days/></calendar>"#.into(),
            CalendarError::InvalidYear("20x8".into()),
        ),
        (
            r#"<calendar year="1999"><days/></calendar>"#.into(),
            CalendarError::YearNotLoadable(1999),
        ),
        (
            "[years.2028]\ndays_off = [\"2028-01-08\"]\nworking_days = []\n".into(),
            CalendarError::DayOffOnWeekend {
                year: 2028,
                date: d("2028-01-08"),
            },
        ),
        (
            "[years.2028]\ndays_off = []\nworking_days = [\"2028-01-10\"]\n".into(),
            CalendarError::WorkingDayOnWeekday {
                year: 2028,
                date: d("2028-01-10"),
            },
        ),
        (
            "[years.2028]\ndays_off = [\"2029-01-01\"]\nworking_days = []\n".into(),
            CalendarError::DateOutsideYear {
                year: 2028,
                date: d("2029-01-01"),
            },
        ),
        ("[years]\n".into(), CalendarError::NoYears),
    ];
    for (text, expected) in cases {
        let got = parse_file(&text).unwrap_err();
        assert_eq!(got.to_string(), expected.to_string(), "{text}");
    }
    // Broken XML names its line.
    let broken = "<calendar year=\"2028\">\n<days>\n<day d=\"01.03\" t=\"1\">\n</calendar>";
    match parse_file(broken) {
        Err(CalendarError::Xml { line, .. }) => assert_eq!(line, 4),
        other => panic!("expected an XML error, got {other:?}"),
    }
    // Years sent by a client are checked the same way.
    let sent = CalendarYear {
        year: 2028,
        days_off: vec![d("2028-01-08")],
        working_days: vec![],
    };
    assert!(matches!(
        sent.check(),
        Err(CalendarError::DayOffOnWeekend { .. })
    ));
}

#[test]
fn a_loaded_year_replaces_what_was_known_of_it_and_joins_the_published_years() {
    let ru = WorkCalendar::russian();
    // 29.12.2027 (Wednesday) + 3: 30.12, then 10.01 and 11.01 after the
    // shipped 31.12 and the Labour Code's new-year holidays.
    assert_eq!(ru.add_working_days(d("2027-12-29"), 3), d("2028-01-11"));
    assert!(!ru.is_published(2028));
    // A decree for 2028 that also gives Monday 10 January off.
    let mut y2028 = shipped(2028);
    y2028.days_off.push(d("2028-01-10"));
    let cal = ru.with_loaded(&[y2028.clone()]);
    assert_eq!(cal.add_working_days(d("2027-12-29"), 3), d("2028-01-12"));
    assert!(cal.is_loaded(2028) && cal.is_published(2028));
    assert!(!cal.is_loaded(2027) && cal.is_published(2027));
    // The warning moves to the new last published year.
    assert_eq!(cal.runs_out(d("2027-11-15")), None);
    assert_eq!(cal.runs_out(d("2028-11-01")), Some(2028));
    // Loaded with a working Saturday where the shipped year had none.
    let mut y2027 = shipped(2027);
    y2027.working_days.push(d("2027-06-05"));
    let cal = ru.with_loaded(&[y2027]);
    assert!(cal.is_working_day(d("2027-06-05")));
    assert!(!ru.is_working_day(d("2027-06-05")));
    // A year past the statutory ones extends the span; the years between
    // keep the Labour Code's holidays.
    let far = CalendarYear {
        year: 2099,
        days_off: vec![d("2099-06-10")],
        working_days: vec![],
    };
    let cal = ru.with_loaded(&[far]);
    assert!(!cal.is_working_day(d("2099-06-10")));
    assert!(!cal.is_working_day(d("2060-01-02")), "statutory, between");
    assert!(cal.is_published(2099) && !cal.is_published(2060));
    // Loading 2028 again replaces the first load.
    let merged = merge(&[y2028], &[shipped(2028)]);
    assert_eq!(merged, vec![shipped(2028)]);
}
