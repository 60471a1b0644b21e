//! The statistics report over a period: the messages received in it, by
//! organisation and top-level category, with the share answered on time
//! and the median working days to an answer, read a page at a time.

use std::collections::BTreeMap;

use chrono::{Datelike, Days};

use super::*;
use crate::domain::calendar::WorkCalendar;
use crate::domain::clock;
use crate::service::{PeriodFigures, ReportRow, StatisticsReport, WeekShare};
use crate::store::records::{PeriodFact, PeriodQuery};

/// Messages read per page.
const PAGE: u32 = 10_000;

/// The longest period a report covers, in days.
pub const MAX_PERIOD_DAYS: u32 = 3700;

/// What is counted of a group of messages; the working days to each
/// answer are kept for the median (two bytes a message).
#[derive(Debug, Default)]
struct Tally {
    received: u64,
    answered: u64,
    on_time: u64,
    overdue: u64,
    days: Vec<u16>,
}

impl Tally {
    fn add(&mut self, fact: &PeriodFact, answer_days: Option<u16>, overdue: bool) {
        self.received += 1;
        if let Some(days) = answer_days {
            self.answered += 1;
            self.on_time += u64::from(fact.answered_on_time);
            self.days.push(days);
        }
        self.overdue += u64::from(overdue);
    }

    fn figures(mut self) -> PeriodFigures {
        PeriodFigures {
            received: self.received,
            answered: self.answered,
            answered_on_time: self.on_time,
            overdue_now: self.overdue,
            median_days: median(&mut self.days),
        }
    }
}

/// The middle value (the mean of the two middle ones for an even count).
fn median(values: &mut [u16]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (f64::from(values[mid - 1]) + f64::from(values[mid])) / 2.0
    } else {
        f64::from(values[mid])
    })
}

/// The report's groups as facts come in.
#[derive(Debug, Default)]
struct Report {
    rows: BTreeMap<(String, OrgId, String), Tally>,
    orgs: BTreeMap<(String, OrgId), Tally>,
    total: Tally,
    weeks: BTreeMap<NaiveDate, (u64, u64)>,
}

impl Report {
    fn add(&mut self, fact: &PeriodFact, today: NaiveDate, calendar: &WorkCalendar) {
        let received = clock::day_of_secs(fact.received_at);
        let answered = fact.answered_at.map(clock::day_of_secs);
        let answer_days = answered.map(|day| {
            u16::try_from(calendar.working_days_until(received, day).max(0)).unwrap_or(u16::MAX)
        });
        let overdue = fact.status.is_open() && fact.deadline < today;
        let name = || fact.org_name.clone();
        self.rows
            .entry((name(), fact.org, fact.category.clone()))
            .or_default()
            .add(fact, answer_days, overdue);
        self.orgs
            .entry((name(), fact.org))
            .or_default()
            .add(fact, answer_days, overdue);
        self.total.add(fact, answer_days, overdue);
        if let Some(day) = answered {
            let monday = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
            let week = self.weeks.entry(monday).or_default();
            week.0 += 1;
            week.1 += u64::from(fact.answered_on_time);
        }
    }

    fn finish(self, org: OrgId, subtree: bool, from: NaiveDate, to: NaiveDate) -> StatisticsReport {
        StatisticsReport {
            org,
            subtree,
            from,
            to,
            rows: self
                .rows
                .into_iter()
                .map(|((org_name, org, category), t)| ReportRow {
                    org,
                    org_name,
                    category,
                    figures: t.figures(),
                })
                .collect(),
            orgs: self
                .orgs
                .into_iter()
                .map(|((org_name, org), t)| ReportRow {
                    org,
                    org_name,
                    category: String::new(),
                    figures: t.figures(),
                })
                .collect(),
            total: self.total.figures(),
            weeks: self
                .weeks
                .into_iter()
                .map(|(week, (answered, on_time))| WeekShare {
                    week,
                    answered,
                    on_time,
                })
                .collect(),
        }
    }
}

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn statistics_report(
        &self,
        actor: &Actor,
        org: OrgId,
        from: NaiveDate,
        to: NaiveDate,
        subtree: bool,
    ) -> ServiceResult<StatisticsReport> {
        let days = (to - from).num_days();
        if days < 0 || days >= i64::from(MAX_PERIOD_DAYS) {
            return Err(Invalid::new(
                Field::Period,
                Problem::BadPeriod {
                    max_days: MAX_PERIOD_DAYS,
                },
            )
            .into());
        }
        let actor = actor.clone();
        self.read(move |conn, today| {
            let (start, end) = queue::statistics_paths(conn, &actor, org, subtree)?;
            let calendar = calendar::platform_calendar(conn)?;
            let after_last = to.succ_opt().unwrap_or(to);
            let mut report = Report::default();
            let mut after = (String::new(), 0);
            loop {
                let page = conn.period_facts(&PeriodQuery {
                    paths: (&start, &end),
                    received: (clock::start_of(from), clock::start_of(after_last)),
                    with_moderation: actor.is_platform_curator(),
                    after: (&after.0, after.1),
                    limit: PAGE,
                })?;
                for fact in &page {
                    report.add(fact, today, &calendar);
                }
                match page.last() {
                    Some(last) if page.len() == PAGE as usize => {
                        after = (last.path.clone(), last.id);
                    }
                    _ => break,
                }
            }
            Ok(report.finish(org, subtree, from, to))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn the_median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some(7.0));
        assert_eq!(median(&mut [9, 1, 4]), Some(4.0));
        assert_eq!(median(&mut [5, 1, 2, 8]), Some(3.5));
    }
}
