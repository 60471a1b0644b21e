//! Years of the production calendar loaded by the platform's administrators
//! (`otklik calendar load`): read from the project's TOML or from the
//! xmlcalendar XML, checked, kept in the store, laid over the shipped years.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{CalendarError, is_weekend, year_bounds};

/// The years a calendar may be loaded for.
pub const LOADABLE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Years one file may hold.
pub const MAX_YEARS_PER_LOAD: usize = 50;

/// One year's exceptions to the Monday–Friday week, as a decree publishes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    /// Monday–Friday dates that are not working days, in order.
    pub days_off: Vec<NaiveDate>,
    /// Saturdays and Sundays that are working days, in order.
    pub working_days: Vec<NaiveDate>,
}

impl CalendarYear {
    /// Checks what [`parse_file`] guarantees, for years that come from
    /// elsewhere (a client): the year may be loaded, every date lies in it,
    /// days off are Monday–Friday and working days Saturday or Sunday,
    /// none twice.
    ///
    /// # Errors
    ///
    /// The first rule broken, naming the year and the date.
    pub fn check(&self) -> Result<(), CalendarError> {
        let year = self.year;
        if !LOADABLE_YEARS.contains(&year) {
            return Err(CalendarError::YearNotLoadable(year));
        }
        let mut seen = std::collections::HashSet::new();
        for &date in self.days_off.iter().chain(&self.working_days) {
            if date.year() != year {
                return Err(CalendarError::DateOutsideYear { year, date });
            }
            if !seen.insert(date) {
                return Err(CalendarError::DayTwice { year, date });
            }
        }
        if let Some(&date) = self.days_off.iter().find(|d| is_weekend(**d)) {
            return Err(CalendarError::DayOffOnWeekend { year, date });
        }
        if let Some(&date) = self.working_days.iter().find(|d| !is_weekend(**d)) {
            return Err(CalendarError::WorkingDayOnWeekday { year, date });
        }
        Ok(())
    }

    fn sorted(mut self) -> Self {
        self.days_off.sort_unstable();
        self.working_days.sort_unstable();
        self
    }
}

/// Which of the two formats a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CalendarFormat {
    /// The project's own (`assets/calendar/ru.toml`).
    Toml,
    /// xmlcalendar.ru's `<calendar year="…"><days><day d="MM.DD" t="1"/>…`.
    Xml,
}

/// Reads a calendar file in either format (told apart by its first
/// character: `<` is XML) into checked years, in order.
///
/// # Errors
///
/// What is wrong, naming the year, the date or the line.
pub fn parse_file(text: &str) -> Result<(CalendarFormat, Vec<CalendarYear>), CalendarError> {
    let text = text.trim_start_matches('\u{feff}');
    let (format, years) = if text.trim_start().starts_with('<') {
        (CalendarFormat::Xml, vec![parse_xmlcalendar(text)?])
    } else {
        (CalendarFormat::Toml, parse_toml(text)?)
    };
    if years.is_empty() {
        return Err(CalendarError::NoYears);
    }
    if years.len() > MAX_YEARS_PER_LOAD {
        return Err(CalendarError::TooManyYears(MAX_YEARS_PER_LOAD));
    }
    for year in &years {
        year.check()?;
    }
    Ok((format, years))
}

/// On-disk shape of the project's calendar file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    /// Year tables keyed by the year number (`[years.2025]`).
    years: BTreeMap<String, YearFile>,
}

/// One `[years.YYYY]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    days_off: Vec<String>,
    working_days: Vec<String>,
}

/// The years of a file in the project's TOML format, in order and
/// contiguous; each checked against the weekday rules.
pub(super) fn parse_toml(text: &str) -> Result<Vec<CalendarYear>, CalendarError> {
    let file: CalendarFile = toml::from_str(text)?;
    let mut years = BTreeMap::new();
    for (key, table) in file.years {
        let year = key
            .parse::<i32>()
            .ok()
            .filter(|y| y.to_string() == key)
            .filter(|&y| year_bounds(y).is_some())
            .ok_or_else(|| CalendarError::InvalidYear(key.clone()))?;
        // Canonical keys are distinct, so no two keys map to the same year.
        years.insert(year, table);
    }
    let mut out = Vec::with_capacity(years.len());
    let mut previous: Option<i32> = None;
    for (year, table) in years {
        if let Some(prev) = previous
            && prev.checked_add(1) != Some(year)
        {
            return Err(CalendarError::MissingYear(prev.saturating_add(1)));
        }
        previous = Some(year);
        let dates = |list: &[String]| {
            list.iter()
                .map(|value| parse_date(year, value))
                .collect::<Result<Vec<_>, _>>()
        };
        let parsed = CalendarYear {
            year,
            days_off: dates(&table.days_off)?,
            working_days: dates(&table.working_days)?,
        };
        if let Some(&date) = parsed.days_off.iter().find(|d| is_weekend(**d)) {
            return Err(CalendarError::DayOffOnWeekend { year, date });
        }
        if let Some(&date) = parsed.working_days.iter().find(|d| !is_weekend(**d)) {
            return Err(CalendarError::WorkingDayOnWeekday { year, date });
        }
        out.push(parsed.sorted());
    }
    Ok(out)
}

/// Parses a strict ISO `YYYY-MM-DD` date that must lie in `year`.
fn parse_date(year: i32, value: &str) -> Result<NaiveDate, CalendarError> {
    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        // Reject non-canonical spellings such as "2025-1-1".
        .filter(|d| d.format("%Y-%m-%d").to_string() == value)
        .ok_or_else(|| CalendarError::InvalidDate {
            year,
            value: value.to_owned(),
        })?;
    if date.year() != year {
        return Err(CalendarError::DateOutsideYear { year, date });
    }
    Ok(date)
}

/// One year in the xmlcalendar format. A `<day>`'s `t` is 1 for a day off,
/// 2 for a shortened working day, 3 for a working day: a day off on a
/// weekend and a working Monday–Friday change nothing and are skipped; a
/// shortened or working Saturday or Sunday is a working weekend.
fn parse_xmlcalendar(text: &str) -> Result<CalendarYear, CalendarError> {
    use quick_xml::events::Event;

    let mut reader = quick_xml::Reader::from_str(text);
    let mut year: Option<i32> = None;
    let mut days: BTreeMap<NaiveDate, u8> = BTreeMap::new();
    let line = |pos: u64| {
        let upto = usize::try_from(pos).unwrap_or(text.len()).min(text.len());
        text.as_bytes()[..upto]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    };
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| CalendarError::Xml {
            line: line(reader.error_position()),
            detail: e.to_string(),
        })?;
        let element = match &event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::Eof => break,
            _ => continue,
        };
        let attr = |name: &str| -> Result<Option<String>, CalendarError> {
            match element.try_get_attribute(name) {
                Ok(Some(a)) => a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| Some(v.into_owned()))
                    .map_err(|e| CalendarError::Xml {
                        line: line(at),
                        detail: e.to_string(),
                    }),
                Ok(None) => Ok(None),
                Err(e) => Err(CalendarError::Xml {
                    line: line(at),
                    detail: e.to_string(),
                }),
            }
        };
        match element.local_name().into_inner() {
            "calendar" => {
                let value = attr("year")?.unwrap_or_default();
                let parsed = value
                    .parse::<i32>()
                    .ok()
                    .filter(|y| y.to_string() == value && year_bounds(*y).is_some())
                    .ok_or(CalendarError::InvalidYear(value))?;
                year = Some(parsed);
            }
            "day" => {
                let year = year.ok_or(CalendarError::XmlNoCalendar)?;
                let d = attr("d")?.unwrap_or_default();
                let date = month_day(year, &d).ok_or_else(|| CalendarError::InvalidDate {
                    year,
                    value: d.clone(),
                })?;
                let t = attr("t")?.unwrap_or_default();
                let kind = match t.as_str() {
                    "1" => 1,
                    "2" => 2,
                    "3" => 3,
                    _ => {
                        return Err(CalendarError::XmlDayType {
                            year,
                            date,
                            value: t,
                        });
                    }
                };
                if days.insert(date, kind).is_some() {
                    return Err(CalendarError::DayTwice { year, date });
                }
            }
            _ => {}
        }
    }
    let year = year.ok_or(CalendarError::XmlNoCalendar)?;
    let mut parsed = CalendarYear {
        year,
        days_off: Vec::new(),
        working_days: Vec::new(),
    };
    for (date, kind) in days {
        match (kind, is_weekend(date)) {
            (1, false) => parsed.days_off.push(date),
            (2 | 3, true) => parsed.working_days.push(date),
            _ => {}
        }
    }
    Ok(parsed)
}

/// `MM.DD` in `year`.
fn month_day(year: i32, value: &str) -> Option<NaiveDate> {
    let (month, day) = value.split_once('.')?;
    if month.len() != 2 || day.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)
}

/// `loaded` with `years` laid over it: a year loaded again replaces the
/// earlier load; in order of year.
#[must_use]
pub fn merge(loaded: &[CalendarYear], years: &[CalendarYear]) -> Vec<CalendarYear> {
    let mut by_year: BTreeMap<i32, CalendarYear> =
        loaded.iter().map(|y| (y.year, y.clone())).collect();
    for y in years {
        by_year.insert(y.year, y.clone().sorted());
    }
    by_year.into_values().collect()
}

#[cfg(test)]
mod tests;
