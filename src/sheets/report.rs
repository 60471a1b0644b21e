//! The statistics report over a period as files: CSV, and a workbook with
//! the weekly share answered on time as a chart (the command line and the
//! terminal's statistics screen write the same).

use crate::i18n::I18n;
use crate::service::{PeriodFigures, StatisticsReport};

/// One cell: text, or a number a spreadsheet can count with.
enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    fn shown(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            Cell::Number(n) => format!("{n:.1}"),
            Cell::Empty => "—".into(),
        }
    }
}

pub fn header(i: &I18n) -> Vec<String> {
    [
        "col-org",
        "stats-col-category",
        "stats-col-received",
        "stats-col-answered",
        "stats-col-on-time",
        "stats-col-on-time-share",
        "stats-col-overdue",
        "stats-col-median",
    ]
    .iter()
    .map(|k| i.t(k))
    .collect()
}

fn figures_cells(f: &PeriodFigures) -> Vec<Cell> {
    let n = |v: u64| Cell::Number(v as f64);
    vec![
        n(f.received),
        n(f.answered),
        n(f.answered_on_time),
        f.on_time_percent().map_or(Cell::Empty, Cell::Number),
        n(f.overdue_now),
        f.median_days.map_or(Cell::Empty, Cell::Number),
    ]
}

/// Each organisation's categories, then its total; the grand total last.
fn rows(i: &I18n, r: &StatisticsReport) -> Vec<Vec<Cell>> {
    let mut out = Vec::new();
    for org in &r.orgs {
        for row in r.rows.iter().filter(|row| row.org == org.org) {
            let category = if row.category.is_empty() {
                i.t("stats-no-category")
            } else {
                row.category.clone()
            };
            let mut cells = vec![Cell::Text(row.org_name.clone()), Cell::Text(category)];
            cells.extend(figures_cells(&row.figures));
            out.push(cells);
        }
        let mut cells = vec![
            Cell::Text(org.org_name.clone()),
            Cell::Text(i.t("stats-org-total")),
        ];
        cells.extend(figures_cells(&org.figures));
        out.push(cells);
    }
    let mut cells = vec![
        Cell::Text(i.t("report-stats-total")),
        Cell::Text(String::new()),
    ];
    cells.extend(figures_cells(&r.total));
    out.push(cells);
    out
}

pub fn text_rows(i: &I18n, r: &StatisticsReport) -> Vec<Vec<String>> {
    rows(i, r)
        .iter()
        .map(|row| row.iter().map(Cell::shown).collect())
        .collect()
}

pub fn csv(i: &I18n, r: &StatisticsReport) -> Vec<u8> {
    crate::sheets::csv_file(std::iter::once(header(i)).chain(text_rows(i, r)))
}

pub fn xlsx(i: &I18n, r: &StatisticsReport) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Chart, ChartType, Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();

    let sheet = book.add_worksheet();
    sheet.set_name(i.t("stats-sheet"))?;
    for (c, title) in header(i).iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, title, &bold)?;
    }
    for (n, row) in rows(i, r).iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (row, col) = ((n + 1) as u32, c as u16);
            match cell {
                Cell::Text(t) => sheet.write_string(row, col, t)?,
                Cell::Number(v) => sheet.write_number(row, col, *v)?,
                Cell::Empty => sheet,
            };
        }
    }
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(1, 28)?;
    sheet.set_freeze_panes(1, 2)?;

    let weeks_name = i.t("stats-weeks-sheet");
    let weeks = book.add_worksheet();
    weeks.set_name(&weeks_name)?;
    for (c, key) in [
        "stats-col-week",
        "stats-col-answered",
        "stats-col-on-time",
        "stats-col-on-time-share",
    ]
    .iter()
    .enumerate()
    {
        weeks.write_string_with_format(0, c as u16, i.t(key), &bold)?;
    }
    for (n, w) in r.weeks.iter().enumerate() {
        let row = (n + 1) as u32;
        weeks.write_string(row, 0, w.week.format("%d.%m.%Y").to_string())?;
        weeks.write_number(row, 1, w.answered as f64)?;
        weeks.write_number(row, 2, w.on_time as f64)?;
        // Weeks are listed only when something was answered in them.
        let share = w.on_time_percent().unwrap_or(0.0);
        weeks.write_number(row, 3, share)?;
    }
    weeks.set_column_width(0, 14)?;
    if !r.weeks.is_empty() {
        let last = r.weeks.len() as u32;
        let mut chart = Chart::new(ChartType::Line);
        chart
            .add_series()
            .set_name(i.t("stats-col-on-time-share").as_str())
            .set_categories((weeks_name.as_str(), 1, 0, last, 0))
            .set_values((weeks_name.as_str(), 1, 3, last, 3));
        chart.title().set_name(&i.t("stats-chart-title"));
        chart.y_axis().set_min(0).set_max(100);
        chart.legend().set_hidden();
        weeks.insert_chart(1, 5, &chart)?;
    }
    book.save_to_buffer()
}
