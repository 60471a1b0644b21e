//! How much the spreadsheet library would hold for an `.ods` or `.xls`
//! sheet, found before it reads one: it keeps every cell it meets and then
//! builds a dense range from the first to the last filled cell, so a tiny
//! file with two cells far apart, or one cell repeated a million times,
//! would cost gigabytes. Both counts are read from the file as it is (the
//! ODS content XML parsed event by event, the XLS records walked) and
//! capped at [`MAX_CELLS`].

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::SheetError;
use super::bounded::{Limit, over};

/// The most cells a sheet may span (rows × columns from the first filled
/// to the last) or hold; about 32 MB as the library keeps them.
pub const MAX_CELLS: u64 = 1_000_000;

/// The library's own caps on a sheet.
const SHEET_ROWS: u64 = 1_048_576;
const SHEET_COLUMNS: u64 = 16_384;

/// Where the filled cells of one sheet lie, and how many were met.
#[derive(Debug, Default)]
struct Extent {
    rows: Option<(u64, u64)>,
    columns: Option<(u64, u64)>,
    cells: u64,
}

impl Extent {
    fn fill(&mut self, row: u64, first: u64, last: u64) {
        let (r0, r1) = self.rows.unwrap_or((row, row));
        self.rows = Some((r0.min(row), r1.max(row)));
        let (c0, c1) = self.columns.unwrap_or((first, last));
        self.columns = Some((c0.min(first), c1.max(last)));
    }

    fn spanned(&self) -> u64 {
        match (self.rows, self.columns) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1).saturating_mul(c1 - c0 + 1),
            _ => 0,
        }
    }

    fn check(&self, path: &Path) -> Result<(), SheetError> {
        let cells = self.spanned().max(self.cells);
        if cells > MAX_CELLS {
            return Err(over(path, Limit::Extent { cells }));
        }
        Ok(())
    }
}

fn unreadable(path: &Path, detail: impl ToString) -> SheetError {
    SheetError::Unreadable {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    }
}

/// Checks every sheet of an OpenDocument spreadsheet (its packed sizes
/// already checked).
pub fn check_ods(path: &Path, bytes: &[u8]) -> Result<(), SheetError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(path, e))?;
    let mut content = Vec::new();
    match archive.by_name("content.xml") {
        // Not an OpenDocument package (an .xlsx): nothing to measure here.
        Err(zip::result::ZipError::FileNotFound) => return Ok(()),
        Err(e) => return Err(unreadable(path, e)),
        // Its unpacked size was checked already (at most a packed part's bound).
        Ok(mut part) => part
            .read_to_end(&mut content)
            .map_err(|e| unreadable(path, e))?,
    };
    let mut reader = Reader::from_reader(content.as_slice());
    let mut buf = Vec::new();
    let mut sheet = Extent::default();
    // Where the current row starts (rows repeated count), how often it
    // repeats, the next column, and whether the open cell has content.
    let (mut row, mut row_repeats, mut column) = (0u64, 1u64, 0u64);
    let mut open_cell: Option<(u64, u64, bool)> = None;
    let mut filled_in_row: Option<(u64, u64)> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| unreadable(path, e))?;
        match event {
            Event::Start(e) if e.local_name().into_inner() == "table" => {
                sheet = Extent::default();
                row = 0;
            }
            Event::End(e) if e.local_name().into_inner() == "table" => sheet.check(path)?,
            Event::Start(e) if e.local_name().into_inner() == "table-row" => {
                row_repeats = repeats(path, &e, "number-rows-repeated")?;
                column = 0;
                filled_in_row = None;
            }
            Event::Empty(e) if e.local_name().into_inner() == "table-row" => {
                row = row
                    .saturating_add(repeats(path, &e, "number-rows-repeated")?)
                    .min(SHEET_ROWS);
            }
            Event::End(e) if e.local_name().into_inner() == "table-row" => {
                if let Some((first, last)) = filled_in_row {
                    let last_row = row.saturating_add(row_repeats - 1).min(SHEET_ROWS - 1);
                    sheet.fill(row, first, last);
                    sheet.fill(last_row, first, last);
                    // The library keeps the row's cells up to the last filled, once.
                    sheet.cells = sheet.cells.saturating_add(last + 1);
                }
                row = row.saturating_add(row_repeats).min(SHEET_ROWS);
                sheet.check(path)?;
            }
            Event::Empty(e) if is_cell(&e) => {
                let (first, last) = cell_columns(path, &e, &mut column)?;
                // A self-closed cell has content only through its value or formula.
                if has_attr(&e, "value-type") || has_attr(&e, "formula") {
                    mark(&mut filled_in_row, first, last);
                }
            }
            Event::Start(e) if is_cell(&e) => {
                let (first, last) = cell_columns(path, &e, &mut column)?;
                open_cell = Some((
                    first,
                    last,
                    has_attr(&e, "value-type") || has_attr(&e, "formula"),
                ));
            }
            Event::Text(t) => {
                if let Some((_, _, content)) = open_cell.as_mut() {
                    *content |= t.chars().any(|c| !c.is_whitespace());
                }
            }
            Event::End(e) if is_cell_name(e.local_name().into_inner()) => {
                if let Some((first, last, true)) = open_cell.take() {
                    mark(&mut filled_in_row, first, last);
                }
            }
            Event::Eof => return sheet.check(path),
            _ => {}
        }
        buf.clear();
    }
}

fn is_cell_name(name: &str) -> bool {
    matches!(name, "table-cell" | "covered-table-cell")
}

fn is_cell(e: &BytesStart) -> bool {
    is_cell_name(e.local_name().into_inner())
}

/// The columns a cell covers (it may repeat), moving `column` past them.
fn cell_columns(path: &Path, e: &BytesStart, column: &mut u64) -> Result<(u64, u64), SheetError> {
    let n = repeats(path, e, "number-columns-repeated")?;
    let first = (*column).min(SHEET_COLUMNS - 1);
    *column = column.saturating_add(n).min(SHEET_COLUMNS);
    Ok((first, (*column).max(first + 1) - 1))
}

fn mark(filled: &mut Option<(u64, u64)>, first: u64, last: u64) {
    let (a, b) = filled.unwrap_or((first, last));
    *filled = Some((a.min(first), b.max(last)));
}

fn has_attr(e: &BytesStart, name: &str) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.local_name().into_inner() == name)
}

/// A `number-…-repeated` attribute (1 when absent).
fn repeats(path: &Path, e: &BytesStart, name: &str) -> Result<u64, SheetError> {
    for a in e.attributes().flatten() {
        if a.key.local_name().into_inner() == name {
            let text = a.value.to_string();
            return text
                .trim()
                .parse::<u64>()
                .map(|n| n.clamp(1, SHEET_ROWS))
                .map_err(|_| unreadable(path, format!("{name}=\"{text}\"")));
        }
    }
    Ok(1)
}

/// Checks every sheet of a BIFF workbook (`.xls`).
pub fn check_xls(path: &Path, bytes: &[u8]) -> Result<(), SheetError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| unreadable(path, e))?;
    let mut stream = Vec::new();
    let name = if file.exists("/Workbook") {
        "/Workbook"
    } else {
        "/Book"
    };
    file.open_stream(name)
        .map_err(|e| unreadable(path, e))?
        .read_to_end(&mut stream)
        .map_err(|e| unreadable(path, e))?;
    let mut sheet = Extent::default();
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        at += 4 + len;
        let word = |i: usize| -> Option<u64> {
            Some(u64::from(u16::from_le_bytes([
                *data.get(i)?,
                *data.get(i + 1)?,
            ])))
        };
        match kind {
            // BOF: a new substream (a sheet) begins.
            0x0809 => {
                sheet.check(path)?;
                sheet = Extent::default();
            }
            // The cells the library keeps: number, label, rich label,
            // bool/error, RK, shared-string label, formula.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(row), Some(col)) = (word(0), word(2)) {
                    sheet.fill(row, col, col);
                    sheet.cells += 1;
                }
            }
            // MULRK: a row, the first column, 6 bytes a cell, the last column.
            0x00BD => {
                if let (Some(row), Some(first)) = (word(0), word(2)) {
                    let last = data
                        .len()
                        .checked_sub(2)
                        .and_then(word)
                        .unwrap_or(first)
                        .max(first);
                    sheet.fill(row, first, last);
                    sheet.cells = sheet.cells.saturating_add(last - first + 1);
                }
            }
            _ => {}
        }
        if sheet.cells > MAX_CELLS {
            sheet.check(path)?;
        }
    }
    sheet.check(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A BIFF8 workbook: the globals, then one sheet with NUMBER cells at `cells`.
    fn xls(cells: &[(u16, u16)]) -> Vec<u8> {
        fn record(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
            out.extend(kind.to_le_bytes());
            out.extend((data.len() as u16).to_le_bytes());
            out.extend(data);
        }
        let bof = |dt: u16| [0x00, 0x06, dt as u8, (dt >> 8) as u8, 0, 0, 0, 0];
        let mut stream = Vec::new();
        record(&mut stream, 0x0809, &bof(0x0005));
        record(&mut stream, 0x000A, &[]);
        record(&mut stream, 0x0809, &bof(0x0010));
        for (row, col) in cells {
            let mut data = Vec::new();
            data.extend(row.to_le_bytes());
            data.extend(col.to_le_bytes());
            data.extend(0u16.to_le_bytes());
            data.extend(1.0f64.to_le_bytes());
            record(&mut stream, 0x0203, &data);
        }
        // A MULRK of three cells on the first row.
        record(
            &mut stream,
            0x00BD,
            &[
                0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0,
            ],
        );
        record(&mut stream, 0x000A, &[]);
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        std::io::Write::write_all(&mut file.create_stream("/Workbook").unwrap(), &stream).unwrap();
        file.into_inner().into_inner()
    }

    /// An OpenDocument package whose one sheet holds `rows` (its XML).
    fn ods(rows: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("content.xml", options).unwrap();
        let xml = format!(
            "<office:document-content xmlns:office=\"o\" xmlns:table=\"t\" xmlns:text=\"x\">\
             <office:body><office:spreadsheet><table:table>{rows}</table:table>\
             </office:spreadsheet></office:body></office:document-content>"
        );
        std::io::Write::write_all(&mut zip, xml.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn repeats_past_any_sheet_are_taken_at_the_sheets_size_not_wrapped() {
        let path = Path::new("form.ods");
        let cell =
            "<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>";
        check_ods(
            path,
            &ods(&format!("<table:table-row>{cell}{cell}</table:table-row>")),
        )
        .unwrap();
        // A column count that would wrap around, then a filled cell, repeated down.
        let rows = format!(
            "<table:table-row table:number-rows-repeated=\"1048575\">\
             <table:table-cell table:number-columns-repeated=\"18446744073709551615\"/>{cell}\
             </table:table-row>"
        );
        assert!(matches!(
            check_ods(path, &ods(&rows)),
            Err(SheetError::OverLimit {
                limit: Limit::Extent { .. },
                ..
            })
        ));
        // A formula without a value is a filled cell too.
        let formulas = "<table:table-row table:number-rows-repeated=\"1048575\">\
             <table:table-cell table:number-columns-repeated=\"100\" table:formula=\"of:=1\"/>\
             </table:table-row>";
        assert!(check_ods(path, &ods(formulas)).is_err());
        // An .xlsx package has no OpenDocument content: nothing to measure.
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        check_ods(path, &zip.finish().unwrap().into_inner()).unwrap();
    }

    #[test]
    fn an_xls_sheet_is_measured_by_its_cells_before_it_is_read() {
        let path = Path::new("form.xls");
        check_xls(path, &xls(&[(0, 0), (200, 10)])).unwrap();
        // Two cells at opposite corners of the largest sheet BIFF allows.
        match check_xls(path, &xls(&[(0, 0), (65_535, 255)])) {
            Err(SheetError::OverLimit {
                limit: Limit::Extent { cells },
                ..
            }) => assert_eq!(cells, 65_536 * 256),
            other => panic!("{other:?}"),
        }
        // One cell written a million times over.
        let same: Vec<(u16, u16)> = vec![(1, 1); 1_000_001];
        assert!(matches!(
            check_xls(path, &xls(&same)),
            Err(SheetError::OverLimit {
                limit: Limit::Extent { .. },
                ..
            })
        ));
    }
}
