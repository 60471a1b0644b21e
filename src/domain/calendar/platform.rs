//! The calendar the platform counts by: the shipped years with the years its
//! administrators loaded laid over them. One per process, like the clock's
//! zone: each process follows its store (or its server) as it reads it.

use std::sync::{Arc, PoisonError, RwLock};

use super::{CalendarYear, WorkCalendar};

/// The loaded years last followed and the calendar made of them.
static PLATFORM: RwLock<Option<(Vec<CalendarYear>, Arc<WorkCalendar>)>> = RwLock::new(None);

/// The platform's calendar now; the shipped one until a store or server
/// told of loaded years.
#[must_use]
pub fn platform() -> Arc<WorkCalendar> {
    PLATFORM
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .map_or_else(WorkCalendar::shipped, |(_, cal)| Arc::clone(cal))
}

/// Makes the platform's calendar the shipped one with `loaded` over it, and
/// returns it. Following the same years again costs a comparison.
pub fn follow(loaded: &[CalendarYear]) -> Arc<WorkCalendar> {
    if let Some((years, cal)) = PLATFORM
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        && years == loaded
    {
        return Arc::clone(cal);
    }
    let cal = Arc::new(WorkCalendar::russian().with_loaded(loaded));
    *PLATFORM.write().unwrap_or_else(PoisonError::into_inner) =
        Some((loaded.to_vec(), Arc::clone(&cal)));
    cal
}
