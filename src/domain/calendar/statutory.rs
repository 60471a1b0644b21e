//! The non-working holidays the Labour Code itself sets (art. 112), for the
//! years after the shipped production calendar: 1–8 January, 23 February,
//! 8 March, 1 and 9 May, 12 June, 4 November. A holiday other than
//! January's that falls on a Saturday or Sunday moves the day off to the
//! next working day (part 2). What a year's government decree adds — days
//! off moved between weekends and weekdays, January's weekend holidays
//! among them — only that year's published calendar knows.

use chrono::{Datelike, NaiveDate};

use super::is_weekend;

/// (month, day) of the non-working holidays.
const HOLIDAYS: [(u32, u32); 14] = [
    (1, 1),
    (1, 2),
    (1, 3),
    (1, 4),
    (1, 5),
    (1, 6),
    (1, 7),
    (1, 8),
    (2, 23),
    (3, 8),
    (5, 1),
    (5, 9),
    (6, 12),
    (11, 4),
];

/// The Monday–Friday days off of `year` by the Labour Code alone, sorted.
pub(super) fn days_off(year: i32) -> Vec<NaiveDate> {
    let holidays: Vec<NaiveDate> = HOLIDAYS
        .iter()
        .filter_map(|&(m, d)| NaiveDate::from_ymd_opt(year, m, d))
        .collect();
    let mut off: Vec<NaiveDate> = holidays
        .iter()
        .copied()
        .filter(|d| !is_weekend(*d))
        .collect();
    for holiday in holidays
        .iter()
        .filter(|d| d.month() != 1 && is_weekend(**d))
    {
        // The next day that is neither a weekend, a holiday nor already off.
        let mut day = *holiday;
        while let Some(next) = day.succ_opt() {
            day = next;
            if !is_weekend(day) && !holidays.contains(&day) && !off.contains(&day) {
                off.push(day);
                break;
            }
        }
    }
    off.sort();
    off
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekend_holidays_but_januarys_move_to_the_next_working_day() {
        // 2028: 1–2 January a weekend (not moved), 3–7 January off; 23 February
        // a Wednesday; 8 March a Wednesday; 1 May a Monday; 9 May a Tuesday;
        // 12 June a Monday; 4 November a Saturday → Monday 6 November.
        assert_eq!(
            days_off(2028),
            vec![
                d(2028, 1, 3),
                d(2028, 1, 4),
                d(2028, 1, 5),
                d(2028, 1, 6),
                d(2028, 1, 7),
                d(2028, 2, 23),
                d(2028, 3, 8),
                d(2028, 5, 1),
                d(2028, 5, 9),
                d(2028, 6, 12),
                d(2028, 11, 6),
            ]
        );
        // 2033: 1 May a Sunday → Monday 2 May; 8 May…, 9 May a Monday stays.
        let off = days_off(2033);
        assert!(off.contains(&d(2033, 5, 2)) && off.contains(&d(2033, 5, 9)));
        assert!(off.iter().all(|day| !is_weekend(*day)));
    }
}
