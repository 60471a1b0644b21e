//! Output of list commands: aligned tables for people, JSON for scripts.

use std::io::Write;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// A table printed as its rows arrive: column widths are fixed by the
/// header and the first batch, so a long list streams without being held.
pub struct Table {
    widths: Vec<usize>,
    started: bool,
}

impl Table {
    pub fn new(columns: usize) -> Self {
        Table {
            widths: vec![0; columns],
            started: false,
        }
    }

    /// Prints `rows` (and the header before the first batch).
    pub fn print(
        &mut self,
        out: &mut impl Write,
        header: &[String],
        rows: &[Vec<String>],
    ) -> std::io::Result<()> {
        if !self.started {
            for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
                for (w, cell) in self.widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.width().min(60));
                }
            }
            self.line(out, header)?;
            self.started = true;
        }
        for row in rows {
            self.line(out, row)?;
        }
        Ok(())
    }

    fn line(&self, out: &mut impl Write, row: &[String]) -> std::io::Result<()> {
        let last = row.len().saturating_sub(1);
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&self.widths).enumerate() {
            line.push_str(cell);
            if i < last {
                line.push_str(&" ".repeat(w.saturating_sub(cell.width()) + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())
    }
}

/// A JSON array written one element at a time.
pub struct JsonArray {
    first: bool,
}

impl JsonArray {
    pub fn start(out: &mut impl Write) -> std::io::Result<Self> {
        write!(out, "[")?;
        Ok(JsonArray { first: true })
    }

    pub fn push<T: Serialize>(&mut self, out: &mut impl Write, item: &T) -> std::io::Result<()> {
        let sep = if self.first { "\n  " } else { ",\n  " };
        self.first = false;
        write!(
            out,
            "{sep}{}",
            serde_json::to_string(item).map_err(std::io::Error::other)?
        )
    }

    pub fn finish(self, out: &mut impl Write) -> std::io::Result<()> {
        writeln!(out, "{}]", if self.first { "" } else { "\n" })
    }
}

/// A list printed as it arrives: a table for people or a JSON array for scripts.
pub enum Listing {
    Table { table: Table, header: Vec<String> },
    Json(JsonArray),
}

impl Listing {
    pub fn start(out: &mut impl Write, json: bool, header: Vec<String>) -> std::io::Result<Self> {
        Ok(if json {
            Listing::Json(JsonArray::start(out)?)
        } else {
            Listing::Table {
                table: Table::new(header.len()),
                header,
            }
        })
    }

    /// Prints `items`; `row` gives a table row's cells.
    pub fn items<T: Serialize>(
        &mut self,
        out: &mut impl Write,
        items: &[T],
        row: impl Fn(&T) -> Vec<String>,
    ) -> std::io::Result<()> {
        match self {
            Listing::Json(array) => items.iter().try_for_each(|item| array.push(out, item)),
            Listing::Table { table, header } => {
                let rows: Vec<Vec<String>> = items.iter().map(row).collect();
                table.print(out, header, &rows)
            }
        }
    }

    pub fn finish(self, out: &mut impl Write) -> std::io::Result<()> {
        match self {
            Listing::Json(array) => array.finish(out),
            Listing::Table { .. } => out.flush(),
        }
    }
}

/// `value` as pretty JSON on standard output.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), crate::app::Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| crate::app::Failure::Other(e.to_string()))?;
    writeln!(std::io::stdout().lock(), "{text}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_cyrillic() {
        let mut out = Vec::new();
        let mut t = Table::new(2);
        let header = vec!["№".to_string(), "Имя".to_string()];
        t.print(
            &mut out,
            &header,
            &[
                vec!["1".into(), "Иванов".into()],
                vec!["100".into(), "Ли".into()],
            ],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "№    Имя\n1    Иванов\n100  Ли\n");
    }

    #[test]
    fn json_arrays_are_valid() {
        for n in [0, 1, 3] {
            let mut out = Vec::new();
            let mut a = JsonArray::start(&mut out).unwrap();
            for i in 0..n {
                a.push(&mut out, &i).unwrap();
            }
            a.finish(&mut out).unwrap();
            let v: Vec<i32> = serde_json::from_slice(&out).unwrap();
            assert_eq!(v.len(), n as usize);
        }
    }
}
