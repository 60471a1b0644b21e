//! The platform's clock: one time zone for the whole platform, whatever the
//! zone of the machine a process runs on or of the terminal it draws in.
//! "Today", the local day of a moment (a message's received day, its answer
//! day against its deadline) and every time shown are told in it.
//!
//! The zone is the configuration's `timezone` (Moscow when unset). A server
//! and an embedded client set it once at start; a client of a server takes
//! the server's, which `GET /api/v1/platform` tells.

use std::sync::RwLock;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// The zone when the configuration names none: most regions' platforms
/// run on Moscow time.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Moscow;

static ZONE: RwLock<Tz> = RwLock::new(DEFAULT_ZONE);

/// The platform's time zone.
pub fn zone() -> Tz {
    *ZONE.read().unwrap_or_else(|e| e.into_inner())
}

/// Makes `tz` the platform's zone for this process.
pub fn set_zone(tz: Tz) {
    *ZONE.write().unwrap_or_else(|e| e.into_inner()) = tz;
}

/// A zone by its IANA name (`Europe/Kaliningrad`), `None` if there is none such.
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.trim().parse().ok()
}

/// The platform's date now.
pub fn today() -> NaiveDate {
    day_of(Utc::now())
}

/// The platform's date at a moment.
pub fn day_of(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&zone()).date_naive()
}

/// The platform's date at a moment given in seconds since the epoch.
pub fn day_of_secs(secs: i64) -> NaiveDate {
    day_of(DateTime::from_timestamp(secs, 0).unwrap_or_default())
}

/// When the platform's day `day` begins, in seconds since the epoch (a
/// midnight that a clock change skips: the first moment of the day).
pub fn start_of(day: NaiveDate) -> i64 {
    use chrono::TimeZone;
    let zone = zone();
    (0..24)
        .find_map(|hour| {
            zone.from_local_datetime(&day.and_hms_opt(hour, 0, 0)?)
                .earliest()
        })
        .map_or_else(
            || day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp(),
            |t| t.timestamp(),
        )
}

/// A moment on the platform's wall clock, for showing.
pub fn local(t: DateTime<Utc>) -> DateTime<Tz> {
    t.with_timezone(&zone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_moment_is_one_platform_day_whatever_the_zone_names() {
        // 2026-12-31 21:30 UTC: still the 31st in Kaliningrad (UTC+2), already
        // 1 January in Moscow (UTC+3) and Vladivostok (UTC+10).
        let moment = DateTime::parse_from_rfc3339("2026-12-31T21:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let day = |tz: Tz| moment.with_timezone(&tz).date_naive();
        assert_eq!(
            day(parse_zone("Europe/Kaliningrad").unwrap()),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
        assert_eq!(
            day(DEFAULT_ZONE),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
        assert_eq!(
            parse_zone(" Asia/Vladivostok ").map(|z| z.name()),
            Some("Asia/Vladivostok")
        );
        assert_eq!(parse_zone("Europe/Svetlogorsk"), None);
        assert_eq!(parse_zone(""), None);
    }
}
