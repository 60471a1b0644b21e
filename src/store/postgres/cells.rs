//! A PostgreSQL row as [`Cells`].

use chrono::NaiveDate;
use postgres::Row;

use crate::store::StoreError;
use crate::store::rows::Cells;

impl Cells for Row {
    type Error = StoreError;
    fn int(&self, i: usize) -> Result<i64, StoreError> {
        Ok(self.try_get(i)?)
    }
    fn int_opt(&self, i: usize) -> Result<Option<i64>, StoreError> {
        Ok(self.try_get(i)?)
    }
    fn text(&self, i: usize) -> Result<String, StoreError> {
        Ok(self.try_get(i)?)
    }
    fn text_opt(&self, i: usize) -> Result<Option<String>, StoreError> {
        Ok(self.try_get(i)?)
    }
    fn flag(&self, i: usize) -> Result<bool, StoreError> {
        Ok(self.try_get(i)?)
    }
    fn flag_opt(&self, i: usize) -> Result<Option<bool>, StoreError> {
        Ok(self.try_get(i)?)
    }
    fn date(&self, i: usize) -> Result<NaiveDate, StoreError> {
        Ok(self.try_get(i)?)
    }
    fn date_opt(&self, i: usize) -> Result<Option<NaiveDate>, StoreError> {
        Ok(self.try_get(i)?)
    }
    fn invalid(&self, i: usize, detail: String) -> StoreError {
        StoreError::Failed {
            detail: format!("column {i}: {detail}"),
        }
    }
}
