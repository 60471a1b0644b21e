//! The production calendar's loaded years: kept in the store as one JSON
//! value, laid over the shipped years, followed by every process that reads
//! them (deadlines at intake are counted by what the intake's own
//! transaction reads, so every server process counts alike).

use std::sync::Arc;

use super::*;
use crate::domain::calendar::{self, CalendarYear, MAX_YEARS_PER_LOAD, WorkCalendar};

/// Where the store keeps the loaded years.
const CALENDAR_KEY: &str = "calendar";

/// The loaded years as the store keeps them. A value this build cannot
/// read is logged and left out rather than stopping every deadline.
pub(super) fn loaded_years(conn: &dyn Reader) -> ServiceResult<Vec<CalendarYear>> {
    let Some(text) = conn.meta(CALENDAR_KEY)? else {
        return Ok(Vec::new());
    };
    Ok(serde_json::from_str(&text).unwrap_or_else(|e| {
        tracing::error!(error = %e, "the store's loaded calendar years cannot be read; the shipped calendar counts");
        Vec::new()
    }))
}

/// The platform's calendar as the store has it now (and followed by this process).
pub(super) fn platform_calendar(conn: &dyn Reader) -> ServiceResult<Arc<WorkCalendar>> {
    Ok(calendar::follow(&loaded_years(conn)?))
}

impl<D: Database> Rules<'_, D> {
    pub(crate) async fn platform(&self) -> ServiceResult<crate::service::Platform> {
        let calendar = self.read(|conn, _| loaded_years(conn)).await?;
        calendar::follow(&calendar);
        Ok(crate::service::Platform {
            timezone: crate::domain::clock::zone().name().into(),
            calendar,
        })
    }

    pub(crate) async fn load_calendar(
        &self,
        actor: &Actor,
        years: &[CalendarYear],
    ) -> ServiceResult<Vec<CalendarYear>> {
        if !actor.is_platform_admin() {
            return Err(ServiceError::Forbidden);
        }
        if years.is_empty() || years.len() > MAX_YEARS_PER_LOAD {
            return Err(ServiceError::Malformed {
                detail: format!("give 1 to {MAX_YEARS_PER_LOAD} years"),
            });
        }
        for year in years {
            year.check().map_err(|e| ServiceError::Malformed {
                detail: e.to_string(),
            })?;
        }
        let years = years.to_vec();
        let loaded = self
            .write(move |tx, now| {
                let merged = calendar::merge(&loaded_years(tx)?, &years);
                let text = serde_json::to_string(&merged).map_err(|e| ServiceError::Internal {
                    detail: e.to_string(),
                })?;
                tx.set_meta(CALENDAR_KEY, &text)?;
                changes::record(tx, &Change::Settings, now)?;
                Ok(merged)
            })
            .await?;
        calendar::follow(&loaded);
        Ok(loaded)
    }
}

/// How often a server reads the loaded years again, for loads made through
/// another process over the same store.
const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

impl<D: Database> CoreService<D> {
    /// Follows the store's loaded years now and then every [`FOLLOW_EVERY`],
    /// until the returned guard is dropped.
    pub async fn follow_calendar(&self) -> CalendarFollower {
        let _ = Rules(self).platform().await;
        let service = self.clone();
        CalendarFollower(tokio::spawn(async move {
            loop {
                tokio::time::sleep(FOLLOW_EVERY).await;
                if let Err(e) = Rules(&service).platform().await {
                    tracing::warn!(error = %e, "cannot read the loaded calendar years");
                }
            }
        }))
    }
}

/// Stops following the loaded years when dropped.
pub struct CalendarFollower(tokio::task::JoinHandle<()>);

impl Drop for CalendarFollower {
    fn drop(&mut self) {
        self.0.abort();
    }
}
