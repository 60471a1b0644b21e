//! A SQLite row as [`Cells`]: dates are ISO text, flags integers.

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::Type;

use crate::store::rows::Cells;

fn wrong(i: usize, detail: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        Type::Text,
        Box::new(std::io::Error::other(detail)),
    )
}

fn day(i: usize, text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| wrong(i, format!("{text:?}: {e}")))
}

impl Cells for Row<'_> {
    type Error = rusqlite::Error;
    fn int(&self, i: usize) -> rusqlite::Result<i64> {
        self.get(i)
    }
    fn int_opt(&self, i: usize) -> rusqlite::Result<Option<i64>> {
        self.get(i)
    }
    fn text(&self, i: usize) -> rusqlite::Result<String> {
        self.get(i)
    }
    fn text_opt(&self, i: usize) -> rusqlite::Result<Option<String>> {
        self.get(i)
    }
    fn flag(&self, i: usize) -> rusqlite::Result<bool> {
        self.get(i)
    }
    fn flag_opt(&self, i: usize) -> rusqlite::Result<Option<bool>> {
        self.get(i)
    }
    fn date(&self, i: usize) -> rusqlite::Result<NaiveDate> {
        day(i, &self.get::<_, String>(i)?)
    }
    fn date_opt(&self, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
        self.get::<_, Option<String>>(i)?
            .map(|t| day(i, &t))
            .transpose()
    }
    fn invalid(&self, i: usize, detail: String) -> rusqlite::Error {
        wrong(i, detail)
    }
}
