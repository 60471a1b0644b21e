//! The onboarding form as files: reading a filled form (.xlsx, .xls, .ods
//! or .csv in UTF-8 or Windows-1251, `;` or `,`), and writing the empty
//! form or an export (.xlsx with the classifier sheet, or .csv).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, Workbook, XlsxError};

use crate::domain::Role;
use crate::domain::onboarding::{Column, FormRow, restore_zeros, role_label};

mod bounded;
mod extent;
pub mod polls;
pub mod report;

pub use bounded::{
    Limit, MAX_CELL, MAX_COLUMNS, MAX_FIELDS, MAX_PART, MAX_ROWS, MAX_TEXT, MAX_UNPACKED,
};
pub use extent::MAX_CELLS;

/// Files larger than this are refused before reading (the form of a whole
/// region is a few megabytes).
pub const MAX_FILE: u64 = 20 * 1024 * 1024;

/// How far down a sheet the header row is looked for.
const HEADER_SEARCH: usize = 30;

pub const CLASSIFIER_SHEET: &str = "Классификатор";
const FORM_SHEET: &str = "Форма";
/// Rows of the empty form prepared with formats and drop-downs.
const TEMPLATE_ROWS: u32 = 1000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("{path}: {size} bytes, more than {max}")]
    TooLarge { path: PathBuf, size: u64, max: u64 },
    #[error("{path}: empty file")]
    Empty { path: PathBuf },
    #[error("{path}: not a spreadsheet")]
    NotASpreadsheet { path: PathBuf },
    #[error("{path}: cannot be read: {detail}")]
    Unreadable { path: PathBuf, detail: String },
    /// No row names the columns the form needs; `missing` are those not found.
    #[error("{path}: no header row")]
    NoHeader { path: PathBuf, missing: Vec<Column> },
    #[error("{path}: {detail}")]
    Io { path: PathBuf, detail: String },
    /// Over one of the bounds every file is read within.
    #[error("{path}: over a limit: {limit:?}")]
    OverLimit { path: PathBuf, limit: Limit },
}

/// A sheet as text cells, each with whether it held a number.
type Table = Vec<Vec<(String, bool)>>;

/// A cell as text; numbers without a fraction as integers.
fn cell_text(cell: &Data) -> (String, bool) {
    match cell {
        Data::Empty => (String::new(), false),
        Data::String(s) => (s.trim().to_string(), false),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => (format!("{f:.0}"), true),
        Data::Float(f) => (f.to_string(), true),
        Data::Int(i) => (i.to_string(), true),
        Data::Bool(b) => (b.to_string(), false),
        other => (other.to_string(), false),
    }
}

/// Where each column is, from a header row; `None` if the row is not one.
fn header_columns(cells: &[String]) -> Option<Vec<(usize, Column)>> {
    let found: Vec<(usize, Column)> = cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Column::recognise(c).map(|col| (i, col)))
        .collect();
    let has_all = Column::REQUIRED
        .iter()
        .all(|r| found.iter().any(|(_, c)| c == r));
    has_all.then_some(found)
}

fn missing(cells: &[String]) -> Vec<Column> {
    Column::REQUIRED
        .into_iter()
        .filter(|r| !cells.iter().any(|c| Column::recognise(c) == Some(*r)))
        .collect()
}

/// Rows of cells (text, and whether the cell was a number) into form rows.
fn rows_from(
    path: &Path,
    table: Table,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Option<Vec<FormRow>>, Vec<Column>> {
    let mut best_missing = Column::REQUIRED.to_vec();
    for (h, header) in table.iter().take(HEADER_SEARCH).enumerate() {
        let texts: Vec<String> = header.iter().map(|(t, _)| t.clone()).collect();
        let Some(columns) = header_columns(&texts) else {
            let m = missing(&texts);
            if m.len() < best_missing.len() {
                best_missing = m;
            }
            continue;
        };
        let total = table.len() - h - 1;
        let mut out = Vec::with_capacity(total);
        for (n, cells) in table.iter().enumerate().skip(h + 1) {
            let mut row = FormRow {
                line: n as u32 + 1,
                ..Default::default()
            };
            for (i, column) in &columns {
                if let Some((text, number)) = cells.get(*i) {
                    let value = if *number || path_is_csv(path) {
                        restore_zeros(*column, text)
                    } else {
                        text.clone()
                    };
                    row.set(*column, value);
                }
            }
            out.push(row);
            if n % 1000 == 0 {
                progress(n - h, total);
            }
        }
        progress(total, total);
        return Ok(Some(out));
    }
    Err(best_missing)
}

fn path_is_csv(path: &Path) -> bool {
    extension(path) == "csv"
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_lowercase()
}

/// Reads a filled form. `progress(done, total)` is told as rows are read.
pub fn read_form(
    path: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<FormRow>, SheetError> {
    let io = |e: std::io::Error| SheetError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE {
        return Err(SheetError::TooLarge {
            path: path.to_path_buf(),
            size,
            max: MAX_FILE,
        });
    }
    if size == 0 {
        return Err(SheetError::Empty {
            path: path.to_path_buf(),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let tables = match extension(path).as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" if !zip && !ole => {
            return Err(SheetError::Unreadable {
                path: path.to_path_buf(),
                detail: "not a workbook inside".into(),
            });
        }
        "xlsx" | "xlsm" | "xls" | "ods" => workbook_tables(path, bytes)?,
        "csv" | "txt" => vec![csv_table(path, &bytes)?],
        _ if zip || ole => workbook_tables(path, bytes)?,
        _ => {
            return Err(SheetError::NotASpreadsheet {
                path: path.to_path_buf(),
            });
        }
    };
    let mut best = Column::REQUIRED.to_vec();
    for table in tables {
        match rows_from(path, table, progress) {
            Ok(Some(rows)) => return Ok(rows),
            Ok(None) => {}
            Err(m) if m.len() < best.len() => best = m,
            Err(_) => {}
        }
    }
    Err(SheetError::NoHeader {
        path: path.to_path_buf(),
        missing: best,
    })
}

/// Every sheet of a workbook as text cells (the classifier sheet last).
fn workbook_tables(path: &Path, bytes: Vec<u8>) -> Result<Vec<Table>, SheetError> {
    let unreadable = |detail: String| SheetError::Unreadable {
        path: path.to_path_buf(),
        detail,
    };
    if bytes.starts_with(b"PK\x03\x04") {
        bounded::check_packed(path, &bytes)?;
        // Whatever its first entry says: the library reads any package with
        // an OpenDocument content as one.
        extent::check_ods(path, &bytes)?;
    } else {
        extent::check_xls(path, &bytes)?;
    }
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| unreadable(e.to_string()))?;
    let mut names = book.sheet_names();
    names.sort_by_key(|n| n == CLASSIFIER_SHEET);
    if let calamine::Sheets::Xlsx(xlsx) = book {
        return bounded::xlsx_tables(path, xlsx, &names);
    }
    let mut out = Vec::new();
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| unreadable(e.to_string()))?;
        out.push(
            range
                .rows()
                .map(|r| r.iter().map(cell_text).collect())
                .collect(),
        );
    }
    Ok(out)
}

/// A CSV file as text cells: UTF-8 (with or without BOM) or Windows-1251,
/// separated by `;` or `,` (whichever splits the first lines more).
fn csv_table(path: &Path, bytes: &[u8]) -> Result<Table, SheetError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
        Err(_) => {
            let (decoded, _, _) = encoding_rs::WINDOWS_1251.decode(bytes);
            decoded.into_owned()
        }
    };
    if text.contains('\0') {
        return Err(SheetError::NotASpreadsheet {
            path: path.to_path_buf(),
        });
    }
    let head: String = text
        .lines()
        .take(HEADER_SEARCH)
        .collect::<Vec<_>>()
        .join("\n");
    let delimiter = if head.matches(';').count() >= head.matches(',').count() {
        b';'
    } else {
        b','
    };
    bounded::check_fields(path, &text, delimiter)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Table::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| SheetError::Unreadable {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
        let row = n as u64 + 1;
        if row > u64::from(MAX_ROWS) {
            return Err(bounded::over(path, Limit::Rows { row }));
        }
        let mut cells = Vec::with_capacity(record.len());
        for (c, field) in record.iter().enumerate() {
            if field.chars().count() > MAX_CELL {
                let column = c as u64 + 1;
                return Err(bounded::over(path, Limit::Cell { row, column }));
            }
            cells.push((undo_defuse(field.trim()), false));
        }
        table.push(cells);
    }
    Ok(table)
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#DDEBF7")
}

/// The form sheet: headers, widths, text-formatted number columns, the
/// role drop-down, the category drop-down from the classifier sheet.
fn form_sheet(book: &mut Workbook, rows: &[FormRow], categories: usize) -> Result<(), XlsxError> {
    let text = Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name(FORM_SHEET)?;
    let widths = [
        6.0, 48.0, 16.0, 14.0, 28.0, 34.0, 28.0, 16.0, 32.0, 20.0, 30.0,
    ];
    for (c, column) in Column::ALL.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, column.header(), &header_format())?;
        if matches!(column, Column::Ogrn | Column::Inn | Column::Phone) {
            sheet.set_column_format(c, &text)?;
        }
        sheet.set_column_width(c, widths[c as usize])?;
    }
    sheet.set_row_height(0, 60)?;
    sheet.set_freeze_panes(1, 0)?;
    let last = TEMPLATE_ROWS.max(rows.len() as u32 + 1);
    let roles: Vec<&str> = Role::ALL.iter().map(|r| role_label(*r)).collect();
    let role_col = Column::ALL
        .iter()
        .position(|c| *c == Column::Role)
        .unwrap_or(9) as u16;
    sheet.add_data_validation(
        1,
        role_col,
        last,
        role_col,
        &DataValidation::new().allow_list_strings(&roles)?,
    )?;
    if categories > 0 {
        let cat_col = Column::ALL
            .iter()
            .position(|c| *c == Column::Category)
            .unwrap_or(10) as u16;
        let formula = format!("='{CLASSIFIER_SHEET}'!$A$2:$A${}", categories + 1);
        sheet.add_data_validation(
            1,
            cat_col,
            last,
            cat_col,
            &DataValidation::new().allow_list_formula(formula.as_str().into()),
        )?;
    }
    for (n, row) in rows.iter().enumerate() {
        let r = n as u32 + 1;
        sheet.write_number(r, 0, (n + 1) as f64)?;
        for (c, column) in Column::ALL.iter().enumerate().skip(1) {
            let value = row.get(*column);
            if !value.is_empty() {
                sheet.write_string(r, c as u16, value)?;
            }
        }
    }
    Ok(())
}

fn classifier_sheet(book: &mut Workbook, categories: &[String]) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(CLASSIFIER_SHEET)?;
    sheet.write_string_with_format(0, 0, "Категория", &header_format())?;
    sheet.set_column_width(0, 48)?;
    for (n, name) in categories.iter().enumerate() {
        sheet.write_string(n as u32 + 1, 0, name)?;
    }
    Ok(())
}

/// The form as an .xlsx workbook: `rows` (none for the empty form) and the
/// classifier sheet.
pub fn form_xlsx(rows: &[FormRow], categories: &[String]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    form_sheet(&mut book, rows, categories.len())?;
    classifier_sheet(&mut book, categories)?;
    book.save_to_buffer()
}

/// A cell a spreadsheet would take for a formula gets a leading `'`
/// (and loses it again when read back).
/// A cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a
/// tab or a carriage return first) gets a `'` before it.
fn defuse(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

fn undo_defuse(value: &str) -> String {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => value.to_string(),
    }
}

/// Every CSV file the project writes: UTF-8 with a BOM (so spreadsheets
/// read the Cyrillic), `;`-separated as Russian spreadsheets expect, each
/// cell defused so that no text becomes a live formula.
pub fn csv_file<R, C>(rows: R) -> Vec<u8>
where
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        let _ = writer.write_record(row.iter().map(|c| defuse(c.as_ref()).into_owned()));
    }
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(writer.into_inner().unwrap_or_default());
    out
}

/// The form as CSV ([`csv_file`]).
pub fn form_csv(rows: &[FormRow]) -> Vec<u8> {
    let header = Column::ALL.iter().map(|c| c.header().to_string()).collect();
    let body = rows.iter().enumerate().map(|(n, row)| {
        std::iter::once((n + 1).to_string())
            .chain(Column::ALL.iter().skip(1).map(|c| row.get(*c).to_string()))
            .collect()
    });
    csv_file(std::iter::once(header).chain(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u32, email: &str) -> FormRow {
        FormRow {
            line,
            organisation: "МБОУ «СОШ № 9»".into(),
            ogrn: "1027400512390".into(),
            inn: "0274012345".into(),
            site: "https://school9.ru/".into(),
            full_name: "Иванова Мария Петровна".into(),
            position: "=Учитель; классный руководитель".into(),
            phone: "9123456789".into(),
            email: email.into(),
            role: "Исполнитель".into(),
            category: "Образование".into(),
        }
    }

    fn read(path: &Path) -> Result<Vec<FormRow>, SheetError> {
        read_form(path, &mut |_, _| {})
    }

    #[test]
    fn xlsx_and_csv_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let rows = vec![row(2, "a@school9.ru"), row(3, "b@school9.ru")];
        let xlsx = dir.path().join("f.xlsx");
        std::fs::write(&xlsx, form_xlsx(&rows, &["Образование".into()]).unwrap()).unwrap();
        assert_eq!(read(&xlsx).unwrap(), rows);
        let csv = dir.path().join("f.csv");
        std::fs::write(&csv, form_csv(&rows)).unwrap();
        assert_eq!(read(&csv).unwrap(), rows);
    }

    #[test]
    fn windows_1251_with_commas_and_lost_zeros() {
        let dir = tempfile::tempdir().unwrap();
        let text = "ФИО ответственного,Должность,Телефон,E-mail,Роль,Организация,ИНН\n\
                    Петров Пётр,Учитель,9123456789,p@s.ru,Исполнитель,Школа,274012345\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let path = dir.path().join("f.csv");
        std::fs::write(&path, &bytes).unwrap();
        let rows = read(&path).unwrap();
        assert_eq!(rows[0].full_name, "Петров Пётр");
        assert_eq!(rows[0].inn, "0274012345");
        assert_eq!(rows[0].line, 2);
    }

    #[test]
    fn files_that_are_not_the_form_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("e.xlsx");
        std::fs::write(&empty, b"").unwrap();
        assert!(matches!(read(&empty), Err(SheetError::Empty { .. })));
        let fake = dir.path().join("photo.xlsx");
        std::fs::write(&fake, b"\x89PNG\r\n\x1a\n....").unwrap();
        assert!(matches!(read(&fake), Err(SheetError::Unreadable { .. })));
        let binary = dir.path().join("a.bin");
        std::fs::write(&binary, [0u8, 1, 2, 3]).unwrap();
        assert!(matches!(
            read(&binary),
            Err(SheetError::NotASpreadsheet { .. })
        ));
        let no_header = dir.path().join("n.csv");
        std::fs::write(&no_header, "a;b;c\n1;2;3\n").unwrap();
        match read(&no_header) {
            Err(SheetError::NoHeader { missing, .. }) => assert_eq!(missing.len(), 6),
            other => panic!("{other:?}"),
        }
        let big = dir.path().join("big.csv");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(MAX_FILE + 1).unwrap();
        assert!(matches!(read(&big), Err(SheetError::TooLarge { .. })));
    }
}
