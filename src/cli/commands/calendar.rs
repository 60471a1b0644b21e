//! `otklik calendar show YEAR`: the working days a year's deadlines are
//! counted by, and a warning when the published calendar is running out;
//! `otklik calendar load FILE`: a year's decree into the platform.

use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::domain::calendar::{self, CalendarYear, WorkCalendar, is_weekend};
use crate::domain::clock;
use crate::store::OpenMode;

/// The largest calendar file read: a year in either format is a few KB.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A year as the calendar counts it.
#[derive(Debug, serde::Serialize)]
struct YearShown {
    year: i32,
    /// From the published production calendar (else the Labour Code alone).
    published: bool,
    /// Loaded by the platform's administrators (`calendar load`).
    loaded: bool,
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
        loaded: cal.is_loaded(year),
        days_off,
        working_weekends,
        working_days: cal.working_days_until(first.pred_opt()?, last),
    })
}

/// The platform's calendar: the server's, or the store's; the shipped one
/// when there is no store yet. Asking needs no sign-in.
async fn platform_calendar(ctx: &Context) -> Result<std::sync::Arc<WorkCalendar>, Failure> {
    let gateway: std::sync::Arc<dyn crate::service::Gateway> = match ctx.server() {
        Some(url) => {
            let token = ctx.token_for(&url).unwrap_or_default();
            std::sync::Arc::new(crate::service::RemoteService::new(&url, &token)?)
        }
        None => {
            let location = ctx.store_path();
            if !crate::store::postgres::is_url(&location.to_string_lossy()) && !location.exists() {
                return Ok(calendar::platform());
            }
            std::sync::Arc::new(ctx.open_local(OpenMode::Existing)?)
        }
    };
    let platform = gateway.platform().await?;
    Ok(calendar::follow(&platform.calendar))
}

pub(super) async fn show(ctx: &Context, year: i32, json: bool) -> Result<(), Failure> {
    let cal = platform_calendar(ctx).await?;
    let cal = cal.as_ref();
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
        return crate::cli::output::print_json(&shown);
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
    let source = if shown.loaded {
        "calendar-loaded"
    } else if shown.published {
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

/// Reads a calendar file, whole, if it is not too large.
fn read_file(path: &Path) -> Result<String, Failure> {
    let shown = path.display().to_string();
    let cannot = |e: std::io::Error| {
        Failure::message(
            "cli-cannot-read",
            &[("path", &shown), ("detail", &e.to_string())],
        )
    };
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Failure::message(
            "calendar-file-too-large",
            &[
                ("path", &shown),
                ("max", &(MAX_FILE_BYTES / 1024).to_string()),
            ],
        ));
    }
    let bytes = std::fs::read(path).map_err(cannot)?;
    String::from_utf8(bytes)
        .map_err(|_| Failure::message("calendar-file-not-utf8", &[("path", &shown)]))
}

/// One line per year: how many days off and working weekends it has.
fn year_line(i: &crate::i18n::I18n, year: &CalendarYear) -> String {
    i.tr(
        "calendar-year-line",
        &[
            ("year", i64::from(year.year).into()),
            ("off", year.days_off.len().into()),
            ("working", year.working_days.len().into()),
        ],
    )
}

pub(super) async fn load(
    ctx: &Context,
    path: &Path,
    dry_run: bool,
    json: bool,
) -> Result<(), Failure> {
    let i = &ctx.i18n;
    let text = read_file(path)?;
    let (format, years) =
        calendar::parse_file(&text).map_err(|e| Failure::Other(i.calendar_error(path, &e)))?;
    if dry_run {
        if json {
            return crate::cli::output::print_json(&years);
        }
        crate::cli::say(i.tr(
            "calendar-load-dry-run",
            &[
                ("path", path.display().to_string().as_str().into()),
                (
                    "format",
                    format!("{format:?}").to_lowercase().as_str().into(),
                ),
            ],
        ))?;
        for year in &years {
            crate::cli::say(year_line(i, year))?;
        }
        return Ok(());
    }
    let (_, session) = crate::app::signed_in(ctx).await?;
    let loaded = session.load_calendar(&years).await?;
    if json {
        return crate::cli::output::print_json(&loaded);
    }
    crate::cli::say(i.tr(
        "calendar-loaded-now",
        &[("path", path.display().to_string().as_str().into())],
    ))?;
    for year in &years {
        crate::cli::say(year_line(i, year))?;
    }
    let all: Vec<String> = loaded.iter().map(|y| y.year.to_string()).collect();
    crate::cli::say(i.tr(
        "calendar-loaded-all",
        &[("years", all.join(", ").as_str().into())],
    ))
}
