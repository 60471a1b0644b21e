//! The statistics report over a period as a table for people; its files
//! come from `sheets::report`.

use super::*;
use crate::service::StatisticsReport;
use crate::sheets::report::{header, text_rows};

pub(super) fn table(i: &I18n, r: &StatisticsReport) -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    writeln!(
        buf,
        "{}",
        i.tr(
            "stats-period",
            &[
                (
                    "from",
                    r.from.format("%d.%m.%Y").to_string().as_str().into()
                ),
                ("to", r.to.format("%d.%m.%Y").to_string().as_str().into()),
            ],
        )
    )?;
    let header = header(i);
    Table::new(header.len()).print(&mut buf, &header, &text_rows(i, r))?;
    Ok(buf)
}
