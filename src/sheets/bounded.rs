//! Reading a workbook within stated bounds, whatever the file claims: the
//! sizes of the files packed inside are checked before anything is
//! unpacked, an `.xlsx` sheet is read cell by cell (never as a dense range
//! sized by its declared dimension), and rows, columns, cell length and
//! the text kept are capped. A file over a bound is refused, naming it.
//! `.ods` and `.xls` sheets are measured first ([`super::extent`]).
//!
//! What an accepted file costs: the file itself, its shared strings (at
//! most [`MAX_PART`]) and the text kept (at most [`MAX_TEXT`]).

use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{DataRef, Xlsx};

use super::{SheetError, Table};

/// The most rows a sheet may have (the form of a whole region is a few
/// thousand).
pub const MAX_ROWS: u32 = 100_000;
/// Cells right of this many columns are not read (the form has 11).
pub const MAX_COLUMNS: u32 = 64;
/// The longest cell, in characters.
pub const MAX_CELL: usize = 10_000;
/// The largest file packed inside a workbook, unpacked.
pub const MAX_PART: u64 = 32 * 1024 * 1024;
/// All files packed inside a workbook, unpacked.
pub const MAX_UNPACKED: u64 = 128 * 1024 * 1024;
/// All the text kept of a workbook's cells.
pub const MAX_TEXT: usize = 32 * 1024 * 1024;
/// The most fields a line of a CSV file may have.
pub const MAX_FIELDS: usize = 1_000;

/// Which bound a file went over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// A file packed inside, and how large it would be unpacked.
    Part { name: String, size: u64 },
    /// All files packed inside, unpacked.
    Unpacked { size: u64 },
    /// A row beyond [`MAX_ROWS`] (1-based).
    Rows { row: u64 },
    /// A cell longer than [`MAX_CELL`] (1-based row and column).
    Cell { row: u64, column: u64 },
    /// More text than [`MAX_TEXT`].
    Text,
    /// A CSV line with more than [`MAX_FIELDS`] fields (1-based).
    Fields { line: u64 },
    /// An `.ods` or `.xls` sheet spanning or holding this many cells, over
    /// [`super::extent::MAX_CELLS`].
    Extent { cells: u64 },
}

pub(super) fn over(path: &Path, limit: Limit) -> SheetError {
    SheetError::OverLimit {
        path: path.to_path_buf(),
        limit,
    }
}

/// Checks the sizes a zip-packed workbook (`.xlsx`, `.ods`) declares for
/// what is inside, before anything is unpacked.
pub fn check_packed(path: &Path, bytes: &[u8]) -> Result<(), SheetError> {
    let unreadable = |e: zip::result::ZipError| SheetError::Unreadable {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(unreadable)?;
        let size = entry.size();
        if size > MAX_PART {
            return Err(over(
                path,
                Limit::Part {
                    name: entry.name().map(|n| n.to_string()).unwrap_or_default(),
                    size,
                },
            ));
        }
        total = total.saturating_add(size);
        if total > MAX_UNPACKED {
            return Err(over(path, Limit::Unpacked { size: total }));
        }
    }
    Ok(())
}

/// Every sheet of an `.xlsx` workbook as text cells, read cell by cell.
pub fn xlsx_tables(
    path: &Path,
    mut book: Xlsx<impl Read + Seek>,
    names: &[String],
) -> Result<Vec<Table>, SheetError> {
    let unreadable = |e: calamine::XlsxError| SheetError::Unreadable {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    let mut text = 0usize;
    let mut tables = Vec::new();
    for name in names {
        let mut cells = book.worksheet_cells_reader(name).map_err(unreadable)?;
        let mut table: Table = Vec::new();
        while let Some(cell) = cells.next_cell().map_err(unreadable)? {
            let (row, column) = cell.get_position();
            if row >= MAX_ROWS {
                return Err(over(
                    path,
                    Limit::Rows {
                        row: u64::from(row) + 1,
                    },
                ));
            }
            if column >= MAX_COLUMNS {
                continue;
            }
            let value = cell_text(cell.get_value().clone());
            if value.0.chars().count() > MAX_CELL {
                let (row, column) = (u64::from(row) + 1, u64::from(column) + 1);
                return Err(over(path, Limit::Cell { row, column }));
            }
            text += value.0.len();
            if text > MAX_TEXT {
                return Err(over(path, Limit::Text));
            }
            let (row, column) = (row as usize, column as usize);
            if table.len() <= row {
                table.resize_with(row + 1, Vec::new);
            }
            let cells = &mut table[row];
            if cells.len() <= column {
                cells.resize_with(column + 1, Default::default);
            }
            cells[column] = value;
        }
        tables.push(table);
    }
    Ok(tables)
}

fn cell_text(cell: DataRef) -> (String, bool) {
    match cell {
        DataRef::SharedString(s) => super::cell_text(&calamine::Data::String(s.to_string())),
        other => super::cell_text(&calamine::Data::from(other)),
    }
}

/// A CSV text's lines hold at most [`MAX_FIELDS`] fields (counted by
/// `delimiter`, quotes aside: a bound, not a parse).
pub fn check_fields(path: &Path, text: &str, delimiter: u8) -> Result<(), SheetError> {
    for (n, line) in text.as_bytes().split(|b| *b == b'\n').enumerate() {
        if line.iter().filter(|b| **b == delimiter).count() >= MAX_FIELDS {
            return Err(over(path, Limit::Fields { line: n as u64 + 1 }));
        }
    }
    Ok(())
}
