//! The statistics screen: its figures and the last weeks' report asked
//! for, and those weeks written to a workbook.

use super::*;

/// The statistics of the selected organisation: of its subtree for a
/// curator above it, of itself otherwise.
pub(super) fn open_statistics(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.tree.selected().cloned() else {
        return Vec::new();
    };
    let subtree = state.session.as_ref().is_some_and(|s| {
        s.actor.has(Role::Curator)
            && row.node.child_count > 0
            && is_ancestor(state, s.actor.org, row.node.id)
    });
    let req = state.request();
    state.detail = None;
    state.stats = Some(crate::tui::state::StatsState {
        org: row.node.id,
        org_name: row.node.short_name.clone(),
        subtree,
        data: None,
        report: None,
        error: None,
        req,
    });
    let (from, to) = stats_weeks(state.today);
    vec![Effect::Call {
        req,
        call: Call::Statistics {
            org: row.node.id,
            subtree,
            from,
            to,
        },
    }]
}

/// How many weeks the statistics screen charts, this one included.
pub const STATS_WEEKS: i64 = 12;

/// From the Monday [`STATS_WEEKS`] weeks back (this week's included) to today.
pub fn stats_weeks(today: chrono::NaiveDate) -> (chrono::NaiveDate, chrono::NaiveDate) {
    use chrono::Datelike;
    let monday = today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()));
    (
        monday - chrono::Days::new(7 * (STATS_WEEKS as u64 - 1)),
        today,
    )
}

/// `E` on the statistics screen: the weeks shown as a workbook (the same as
/// `otklik report statistics --format xlsx`), in the working folder.
pub(super) fn export_statistics(state: &mut State) -> Vec<Effect> {
    let Some(st) = state.stats.as_ref() else {
        return Vec::new();
    };
    let Some(report) = st.report.as_ref() else {
        state.notice = Some(state.i18n.t("stats-export-nothing"));
        return Vec::new();
    };
    match crate::sheets::report::xlsx(&state.i18n, report) {
        Ok(bytes) => vec![Effect::SaveFile {
            path: format!(
                "statistics-{}-{}-{}.xlsx",
                st.org,
                report.from.format("%Y%m%d"),
                report.to.format("%Y%m%d")
            ),
            bytes,
            saved: "stats-saved",
        }],
        Err(e) => {
            state.notice = Some(state.i18n.tr(
                "stats-export-failed",
                &[("detail", e.to_string().as_str().into())],
            ));
            Vec::new()
        }
    }
}
