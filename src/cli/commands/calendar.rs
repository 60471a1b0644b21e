//! `otklik calendar show YEAR`: the working days a year's deadlines are
//! counted by, and a warning when the published calendar is running out.

use chrono::NaiveDate;

use super::*;
use crate::domain::calendar::{WorkCalendar, is_weekend};
use crate::domain::clock;

/// A year as the calendar counts it.
#[derive(Debug, serde::Serialize)]
struct YearShown {
    year: i32,
    /// From the published production calendar (else the Labour Code alone).
    published: bool,
    /// Monday–Friday days that are not working days.
    days_off: Vec<NaiveDate>,
    /// Saturdays and Sundays that are working days.
    working_weekends: Vec<NaiveDate>,
    working_days: i64,
}

fn year_shown(cal: &WorkCalendar, year: i32) -> Option<YearShown> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31)?;
    let (mut days_off, mut working_weekends) = (Vec::new(), Vec::new());
    for day in first.iter_days().take_while(|d| *d <= last) {
        match (is_weekend(day), cal.is_working_day(day)) {
            (false, false) => days_off.push(day),
            (true, true) => working_weekends.push(day),
            _ => {}
        }
    }
    Some(YearShown {
        year,
        published: cal.is_published(year),
        days_off,
        working_weekends,
        working_days: cal.working_days_until(first.pred_opt()?, last),
    })
}

pub(super) fn show(ctx: &Context, year: i32, json: bool) -> Result<(), Failure> {
    let cal = WorkCalendar::russian();
    let shown = (1..=9999)
        .contains(&year)
        .then(|| year_shown(cal, year))
        .flatten()
        .ok_or_else(|| Failure::message("calendar-bad-year", &[("year", &year.to_string())]))?;
    let i = &ctx.i18n;
    if let Some(last) = cal.runs_out(clock::today()) {
        eprintln!(
            "{}",
            i.tr("calendar-runs-out", &[("year", i64::from(last).into())])
        );
    }
    if json {
        let text =
            serde_json::to_string_pretty(&shown).map_err(|e| Failure::Other(e.to_string()))?;
        return crate::cli::say(text);
    }
    let days = |list: &[NaiveDate]| {
        if list.is_empty() {
            "—".to_string()
        } else {
            list.iter()
                .map(|d| d.format("%d.%m").to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let source = if shown.published {
        "calendar-published"
    } else {
        "calendar-statutory"
    };
    crate::cli::say(i.tr(
        "calendar-title",
        &[
            ("year", i64::from(year).into()),
            ("source", i.t(source).as_str().into()),
        ],
    ))?;
    crate::cli::say(format!(
        "{}: {}",
        i.t("calendar-days-off"),
        days(&shown.days_off)
    ))?;
    crate::cli::say(format!(
        "{}: {}",
        i.t("calendar-working-weekends"),
        days(&shown.working_weekends)
    ))?;
    crate::cli::say(format!(
        "{}: {}",
        i.t("calendar-working-days"),
        shown.working_days
    ))?;
    Ok(())
}
